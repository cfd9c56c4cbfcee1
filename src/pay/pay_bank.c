/* pay_bank.c: the banks' files (docs/PAYMENTS.md gives both layouts). A payroll approved twice is
 * written as one batch file per bank: CSV in GB18030 with a header and a trailer carrying the count
 * and the total in fen, its SHA-256 beside it, each written to a temporary file, synced and renamed
 * only once the payroll is recorded as sent with its ledger entries. A bank's return file (one line
 * per payment: paid, or failed with a reason code, and a trailer) is checked whole and imported in
 * one transaction; the payroll is reconciled when no line is pending. */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/mem.h"
#include "base/money.h"
#include "cases/cases.h"
#include "pay/pay_int.h"

static int refuse(struct error *e, const char *zh, const char *en)
{
	error_set(e, ERR_PERM, "%s", "%s", "");
	snprintf(e->zh, sizeof e->zh, "%s", zh);
	snprintf(e->en, sizeof e->en, "%s", en);
	return ERR_PERM;
}

struct bank_out {
	char bank[16];
	struct buf text; /* UTF-8 rows, converted when written */
	int64_t count, total_fen;
	char tmp[4200], path[4096], sha[65];
};

struct sending {
	struct bank_out *banks;
	size_t n, cap;
	struct pay_db_line *lines;
	size_t nl, capl;
	struct error *e;
};

static int gather(void *arg, const struct pay_db_line *l)
{
	struct sending *g = arg;
	if (strcmp(l->status, "pending"))
		return 0;
	if (g->nl == g->capl) {
		size_t cap = g->capl ? g->capl * 2 : 256;
		struct pay_db_line *v = mem_realloc(g->lines, cap * sizeof *v);
		if (!v)
			return error_nomem(g->e);
		g->lines = v;
		g->capl = cap;
	}
	g->lines[g->nl++] = *l;
	return 0;
}

static struct bank_out *bank_of(struct sending *g, const char *bank)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->banks[i].bank, bank))
			return &g->banks[i];
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 8;
		struct bank_out *v = mem_realloc(g->banks, cap * sizeof *v);
		if (!v)
			return NULL;
		g->banks = v;
		g->cap = cap;
	}
	struct bank_out *b = &g->banks[g->n++];
	memset(b, 0, sizeof *b);
	snprintf(b->bank, sizeof b->bank, "%s", bank);
	buf_init(&b->text, (size_t)1 << 31);
	return b;
}

/* UTF-8 to GB18030 */
static int to_gb18030(const struct buf *in, struct buf *out, struct error *e)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	if (cd == (iconv_t)-1)
		return error_set(e, ERR_INVAL, "系统的 iconv 不支持 GB18030",
		                 "this system's iconv lacks GB18030");
	int rc = buf_grow(out, in->len * 2 + 16) ? error_nomem(e) : 0;
	if (!rc) {
		char *ip = in->data ? in->data : (char *)"", *op = out->data + out->len;
		size_t il = in->len, ol = in->len * 2 + 16;
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
			rc = error_set(e, ERR_ENCODING, "无法转换为 GB18030", "cannot convert to GB18030");
		else
			out->len = (size_t)(op - out->data);
	}
	iconv_close(cd);
	return rc;
}

static int write_file(const char *path, const struct buf *b, struct error *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return error_set(e, ERR_IO, "无法写入 %s：%s", "cannot write %s: %s", path, strerror(errno));
	size_t off = 0;
	while (off < b->len) {
		ssize_t w = write(fd, b->data + off, b->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return error_set(e, ERR_IO, "无法写入 %s：%s", "cannot write %s: %s", path,
			                 strerror(errno));
		}
		off += (size_t)w;
	}
	if (fsync(fd) || close(fd))
		return error_set(e, ERR_IO, "无法写入 %s：%s", "cannot write %s: %s", path, strerror(errno));
	return 0;
}

static void sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, p, n);
	sodium_bin2hex(out, 65, d, sizeof d);
}

/* the file of one bank, into its temporary name */
static int bank_file(const struct pay_db_payroll *p, struct bank_out *b, const char *dir, struct error *e)
{
	char ym[8];
	snprintf(ym, sizeof ym, "%.4s%.2s", p->month, p->month + 5);
	struct buf all = BUF_INIT((size_t)1 << 31), gb = BUF_INIT((size_t)1 << 31);
	int rc = 0;
	if (buf_addf(&all, "H,%" PRId64 ",%s,%s,%s,%" PRId64 ",%" PRId64 "\r\n", p->id, ym, p->region,
	             b->bank, b->count, b->total_fen) ||
	    buf_adds(&all, "seq,line,village,scheme,item,payee_id,card_type,account,amount_fen\r\n") ||
	    buf_add(&all, b->text.data ? b->text.data : "", b->text.len) ||
	    buf_addf(&all, "T,%" PRId64 ",%" PRId64 "\r\n", b->count, b->total_fen))
		rc = error_nomem(e);
	if (!rc)
		rc = to_gb18030(&all, &gb, e);
	if (!rc) {
		sha256_hex(gb.data, gb.len, b->sha);
		snprintf(b->path, sizeof b->path, "%.3900s/payroll-%" PRId64 "-%s-%s.csv", dir, p->id, ym,
		         b->bank);
		snprintf(b->tmp, sizeof b->tmp, "%.4090s.tmp", b->path);
		rc = write_file(b->tmp, &gb, e);
	}
	buf_release(&all);
	buf_release(&gb);
	return rc;
}

static int publish(struct bank_out *b, struct error *e)
{
	char sha_path[4300];
	struct buf line = BUF_INIT(4096);
	snprintf(sha_path, sizeof sha_path, "%s.sha256", b->path);
	const char *base = strrchr(b->path, '/');
	int rc = buf_addf(&line, "%s  %s\n", b->sha, base ? base + 1 : b->path) ? error_nomem(e) : 0;
	char sha_tmp[4400];
	snprintf(sha_tmp, sizeof sha_tmp, "%s.tmp", sha_path);
	if (!rc)
		rc = write_file(sha_tmp, &line, e);
	buf_release(&line);
	if (!rc && (rename(b->tmp, b->path) || rename(sha_tmp, sha_path)))
		rc = error_set(e, ERR_IO, "无法改名 %s：%s", "cannot rename %s: %s", b->tmp, strerror(errno));
	return rc;
}

static const char *item_label(const char *scheme)
{
	return !strcmp(scheme, "dibao")   ? "最低生活保障金"
	       : !strcmp(scheme, "tekun") ? "特困人员救助供养金"
	                                  : "低保边缘家庭救助金";
}

int pay_bank_write(struct pay_service *ps, struct store *s, const struct access_user *u, int64_t id,
                   const char *dir, int (*on_file)(void *arg, const struct pay_db_bank_file *f), void *arg,
                   struct error *e)
{
	UNUSED(ps);
	struct pay_db_payroll p;
	int rc = pay_db_payroll_get(s, id, &p, e);
	if (rc <= 0)
		return rc < 0 ? rc
		              : error_set(e, ERR_NOTFOUND, "没有发放名册 %" PRId64,
		                          "there is no payroll %" PRId64, id);
	char subject[64];
	snprintf(subject, sizeof subject, "payroll %" PRId64, id);
	struct access_change ch;
	struct pay_actor a = { u, NULL };
	if ((rc = pay_change_begin(s, &a, p.region, subject, "bank-write", CS_ROLE(SR_FINANCE), &ch, e)))
		return rc;
	struct sending g = { .e = e };
	if (!strcmp(p.state, "sent") || !strcmp(p.state, "reconciled"))
		rc = refuse(e, "名册已发送银行，不能重复生成银行文件",
		            "the payroll was sent already: no second bank file");
	else if (strcmp(p.state, "approved-2"))
		rc = refuse(e, "名册未经民政和财政两级审批，不能生成银行文件",
		            "the payroll is not approved by civil affairs and finance: no bank file");
	char folder[4096];
	if (!rc && !dir) {
		const char *data = store_dir(s);
		snprintf(folder, sizeof folder, "%.4000s/bank-files", data ? data : ".");
		if (mkdir(folder, 0750) && errno != EEXIST)
			rc = error_set(e, ERR_IO, "无法创建 %s：%s", "cannot create %s: %s", folder,
			               strerror(errno));
		dir = folder;
	}
	if (!rc)
		rc = pay_db_lines_each(s, id, gather, &g, e);
	for (size_t i = 0; !rc && i < g.nl; i++) {
		const struct pay_db_line *l = &g.lines[i];
		struct bank_out *b = bank_of(&g, l->bank);
		if (!b) {
			rc = error_nomem(e);
			break;
		}
		b->count++;
		if (money_add(b->total_fen, l->amount_fen, &b->total_fen))
			rc = error_set(e, ERR_OVERFLOW, "合计溢出", "the total overflows");
		else if (buf_addf(&b->text, "%" PRId64 ",%" PRId64 ",%s,%s,%s,%s,%s,%s,%" PRId64 "\r\n",
		                  b->count, l->id, l->region, l->scheme, item_label(l->scheme), l->payee,
		                  l->card_type, l->account, l->amount_fen))
			rc = error_nomem(e);
		/* the ledger: the month's benefit owed, or a failed payment owed again */
		bool again = !strcmp(l->kind, "reissue");
		char township[10];
		snprintf(township, sizeof township, "%.9s", l->region);
		struct pay_db_ledger_entry en = { p.month,
			                          again ? "reissue" : "payroll",
			                          again ? PAY_ACC_SUSPENSE : PAY_ACC_EXPENSE,
			                          PAY_ACC_PAYABLE,
			                          l->scheme,
			                          township,
			                          u->name,
			                          l->amount_fen,
			                          id,
			                          l->id,
			                          l->case_id };
		if (!rc)
			rc = pay_db_ledger_add(s, &en, e);
		if (!rc && again)
			rc = pay_db_line_status(s, l->reissue_of, "reissued", "", e);
	}
	for (size_t i = 0; !rc && i < g.n; i++) {
		if ((rc = bank_file(&p, &g.banks[i], dir, e)))
			break;
		struct pay_db_bank_file f;
		memset(&f, 0, sizeof f);
		f.payroll = id;
		snprintf(f.bank, sizeof f.bank, "%s", g.banks[i].bank);
		snprintf(f.path, sizeof f.path, "%s", g.banks[i].path);
		snprintf(f.sha256, sizeof f.sha256, "%s", g.banks[i].sha);
		snprintf(f.by, sizeof f.by, "%s", u->name);
		f.count = g.banks[i].count;
		f.total_fen = g.banks[i].total_fen;
		rc = pay_db_bank_file_add(s, &f, e);
	}
	if (!rc)
		rc = pay_db_payroll_sent(s, id, e);
	if (!rc)
		snprintf(ch.detail + strlen(ch.detail), sizeof ch.detail - strlen(ch.detail),
		         " files=%zu lines=%zu", g.n, g.nl);
	rc = access_change_end(s, &ch, rc, e);
	/* the files appear under their names only once the payroll is recorded as sent */
	for (size_t i = 0; i < g.n; i++) {
		struct bank_out *b = &g.banks[i];
		if (!rc && (rc = publish(b, e)) == 0 && on_file) {
			struct pay_db_bank_file f;
			memset(&f, 0, sizeof f);
			f.payroll = id;
			snprintf(f.bank, sizeof f.bank, "%s", b->bank);
			snprintf(f.path, sizeof f.path, "%s", b->path);
			snprintf(f.sha256, sizeof f.sha256, "%s", b->sha);
			f.count = b->count;
			f.total_fen = b->total_fen;
			rc = on_file(arg, &f);
		}
		if (b->tmp[0])
			unlink(b->tmp);
		buf_release(&b->text);
	}
	mem_free(g.banks);
	mem_free(g.lines);
	return rc;
}

/* ---- the return file ---- */

struct ret_row {
	int64_t line, amount_fen;
	bool paid;
	char reason[16];
	uint64_t at;
	struct pay_db_line l;
};

static bool int_text(const char *s, int64_t *out)
{
	size_t n = strlen(s);
	if (!n || n > 18 || strspn(s, "0123456789") != n)
		return false;
	*out = strtoll(s, NULL, 10);
	return true;
}

static int bad(struct error *e, const char *field, const char *zh, const char *en)
{
	error_set(e, ERR_INVAL, "%s", "%s", "");
	snprintf(e->zh, sizeof e->zh, "%s", zh);
	snprintf(e->en, sizeof e->en, "%s", en);
	error_field(e, field);
	return ERR_INVAL;
}

static int return_row(struct store *s, int64_t payroll, const struct csv_row *row, struct ret_row *r,
                      struct error *e)
{
	memset(r, 0, sizeof *r);
	r->at = row->line;
	if (row->n != 4)
		return bad(e, "", "每行应有 4 个字段：line,result,reason,amount_fen",
		           "each row has 4 fields: line,result,reason,amount_fen");
	if (!int_text(row->f[0].p, &r->line))
		return bad(e, "line", "名册行号无效", "the payroll line is not a number");
	int rc = pay_db_line_get(s, r->line, &r->l, e);
	if (rc < 0)
		return rc;
	if (!rc || r->l.payroll != payroll)
		return bad(e, "line", "该行不属于此名册", "the line is not this payroll's");
	if (strcmp(r->l.status, "pending"))
		return bad(e, "line", "该行不在待回盘状态（已回盘、暂停或未发送）",
		           "the line is not awaiting its return (returned already, held or not sent)");
	r->paid = !strcmp(row->f[1].p, "paid");
	if (!r->paid && strcmp(row->f[1].p, "failed"))
		return bad(e, "result", "结果应为 paid 或 failed", "the result is paid or failed");
	size_t rn = row->f[2].n;
	if (r->paid && rn)
		return bad(e, "reason", "成功的行不应有失败原因", "a paid line has no failure reason");
	if (!r->paid && (!rn || rn >= sizeof r->reason ||
	                 strspn(row->f[2].p, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != rn))
		return bad(e, "reason", "失败的行须有原因代码（1 到 15 位大写字母或数字）",
		           "a failed line needs a reason code (1 to 15 capital letters or digits)");
	snprintf(r->reason, sizeof r->reason, "%s", row->f[2].p);
	if (!int_text(row->f[3].p, &r->amount_fen) || r->amount_fen != r->l.amount_fen)
		return bad(e, "amount_fen", "金额与名册不符", "the amount is not the payroll's");
	return 0;
}

int pay_return_import(struct pay_service *ps, struct store *s, const struct access_user *u, int64_t id,
                      const struct pay_input *in,
                      int (*on_reject)(void *arg, uint64_t line, const char *field, const char *reason),
                      void *arg, struct pay_return_report *rep, struct error *e)
{
	UNUSED(ps);
	memset(rep, 0, sizeof *rep);
	struct pay_db_payroll p;
	int rc = pay_db_payroll_get(s, id, &p, e);
	if (rc <= 0)
		return rc < 0 ? rc
		              : error_set(e, ERR_NOTFOUND, "没有发放名册 %" PRId64,
		                          "there is no payroll %" PRId64, id);
	char subject[64];
	snprintf(subject, sizeof subject, "payroll %" PRId64, id);
	struct access_change ch;
	struct pay_actor a = { u, NULL };
	if ((rc = pay_change_begin(s, &a, p.region, subject, "return-import", CS_ROLE(SR_FINANCE), &ch, e)))
		return rc;
	struct buf file = BUF_INIT((size_t)1 << 31);
	struct ret_row *rows = NULL;
	size_t n = 0, cap = 0;
	int64_t rejects = 0, trailer_count = -1, trailer_total = -1, sum = 0, count = 0;
	char sha[65] = "";
	if (strcmp(p.state, "sent"))
		rc = refuse(e, "名册未发送银行或已对账，不能导入回盘文件",
		            "the payroll is not sent (or reconciled already): no return file");
	else
		rc = pay_input_read(in, &file, e);
	struct csv_reader rd;
	bool open_ok = false, header = false;
	if (!rc) {
		sha256_hex(file.data ? file.data : "", file.len, sha);
		rc = csv_open_mem(&rd, file.data ? file.data : "", file.len, NULL, e);
		open_ok = !rc;
	}
	while (!rc) {
		struct csv_row row;
		struct error why;
		error_clear(&why);
		int st = csv_next(&rd, &row, &why);
		if (st == CSV_END)
			break;
		if (st < 0) {
			*e = why;
			rc = st;
			break;
		}
		if (st == CSV_REJECT) {
			rejects++;
			if (on_reject)
				on_reject(arg, row.line, "", error_msg(&why));
			continue;
		}
		if (!header) {
			header = true;
			if (row.n != 4 || strcmp(row.f[0].p, "line") || strcmp(row.f[1].p, "result") ||
			    strcmp(row.f[2].p, "reason") || strcmp(row.f[3].p, "amount_fen")) {
				rc = error_set(e, ERR_INVAL, "第 1 行应为表头：line,result,reason,amount_fen",
				               "line 1 must be the header: line,result,reason,amount_fen");
				break;
			}
			continue;
		}
		if (trailer_count >= 0) {
			rejects++;
			if (on_reject)
				on_reject(arg, row.line, "",
				          L("汇总行之后不应再有数据", "data after the trailer"));
			continue;
		}
		if (row.n == 3 && !strcmp(row.f[0].p, "T")) {
			if (!int_text(row.f[1].p, &trailer_count) || !int_text(row.f[2].p, &trailer_total)) {
				rc = error_set(e, ERR_INVAL, "汇总行无效：T,笔数,总金额（分）",
				               "the trailer is not valid: T,count,total_fen");
				break;
			}
			continue;
		}
		count++;
		if (n == cap) {
			size_t c2 = cap ? cap * 2 : 64;
			struct ret_row *v = mem_realloc(rows, c2 * sizeof *v);
			if (!v) {
				rc = error_nomem(e);
				break;
			}
			rows = v;
			cap = c2;
		}
		struct ret_row *r = &rows[n];
		int64_t amount = 0;
		if (row.n == 4)
			int_text(row.f[3].p, &amount);
		sum += amount;
		int rr = return_row(s, id, &row, r, &why);
		if (rr == 0) {
			for (size_t j = 0; j < n && !rr; j++)
				if (rows[j].line == r->line)
					rr = bad(&why, "line", "同一名册行重复出现",
					         "the same payroll line twice");
		}
		if (rr) {
			if (rr != ERR_INVAL) {
				*e = why;
				rc = rr;
				break;
			}
			rejects++;
			if (on_reject)
				on_reject(arg, row.line, why.field, error_msg(&why));
			continue;
		}
		n++;
	}
	if (open_ok)
		csv_close(&rd);
	buf_release(&file);
	if (!rc && !header)
		rc =
		    error_set(e, ERR_INVAL, "文件为空：缺少表头", "the file is empty: the header is missing");
	if (!rc && trailer_count < 0)
		rc = error_set(e, ERR_INVAL, "缺少汇总行（T,笔数,总金额）",
		               "the trailer (T,count,total_fen) is missing");
	if (!rc && (trailer_count != count || trailer_total != sum))
		rc = error_set(e, ERR_INVAL,
		               "汇总行与明细不符：汇总 %" PRId64 " 笔 %" PRId64 " 分，明细 %" PRId64
		               " 笔 %" PRId64 " 分",
		               "the trailer does not match the rows: it says %" PRId64 " lines, %" PRId64
		               " fen; the rows are %" PRId64 " lines, %" PRId64 " fen",
		               trailer_count, trailer_total, count, sum);
	if (!rc && rejects)
		rc = error_set(e, ERR_INVAL, "%" PRId64 " 行有误，未导入任何记录",
		               "%" PRId64 " rows rejected: nothing was imported", rejects);
	for (size_t i = 0; !rc && i < n; i++) {
		struct ret_row *r = &rows[i];
		char township[10];
		snprintf(township, sizeof township, "%.9s", r->l.region);
		struct pay_db_ledger_entry en = { p.month,
			                          r->paid ? "payment" : "failure",
			                          PAY_ACC_PAYABLE,
			                          r->paid ? PAY_ACC_BANK : PAY_ACC_SUSPENSE,
			                          r->l.scheme,
			                          township,
			                          u->name,
			                          r->l.amount_fen,
			                          id,
			                          r->line,
			                          r->l.case_id };
		if ((rc = pay_db_line_status(s, r->line, r->paid ? "paid" : "failed", r->reason, e)) ||
		    (rc = pay_db_return_add(s, r->line, id, r->paid ? "paid" : "failed", r->reason, sha,
		                            u->name, e)))
			break;
		rc = pay_db_ledger_add(s, &en, e);
	}
	if (!rc)
		rc = pay_totals_of(s, id, rep, e);
	if (!rc && rep->pending == 0)
		rc = pay_db_payroll_state(s, id, "reconciled", e);
	if (!rc)
		snprintf(ch.detail + strlen(ch.detail), sizeof ch.detail - strlen(ch.detail),
		         " file=%.16s rows=%zu pending=%" PRId64, sha, n, rep->pending);
	mem_free(rows);
	return access_change_end(s, &ch, rc, e);
}
