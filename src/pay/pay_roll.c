/* pay_roll.c: importing the roll a county exports from the system it used before (docs/PAYMENTS.md
 * gives the layout): every row checked (scheme, household in the register, members' and payee's
 * ID numbers, amount, start month, bank and account), each broken row rejected with its line and
 * reason; any reject and nothing is imported. The import is one transaction and keyed on household
 * and scheme, so the same file twice adds nothing. Imported cases enter the workflow as active
 * through cases/ (cs_roll_add), their payee's account recorded with the import as its reason. */
#include <sodium.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/idno.h"
#include "base/money.h"
#include "cases/cases.h"
#include "pay/pay_int.h"
#include "verify/verify_repo.h"

static const char *const roll_header[] = { "scheme", "household", "members",   "amount", "start_month",
	                                   "payee",  "bank",      "card_type", "account" };
enum { ROLL_FIELDS = 9 };

struct roll_row {
	uint64_t line;
	enum cs_scheme scheme;
	char household[18], members[1024], payee[19], bank[16], card_type[16], account[40];
	int64_t amount_fen;
	month_t start;
};

struct rejects {
	int (*cb)(void *arg, uint64_t line, const char *field, const char *reason);
	void *arg;
	int64_t n;
};

static int reject(struct rejects *r, uint64_t line, const char *field, const struct error *why)
{
	r->n++;
	return r->cb ? r->cb(r->arg, line, field, error_msg(why)) : 0;
}

static int count_row(void *arg, int64_t record, const char *person, const char *data)
{
	UNUSED(record);
	UNUSED(person);
	UNUSED(data);
	(*(int64_t *)arg)++;
	return 0;
}

static int field_copy(const struct csv_field *f, char *out, size_t cap, const char *name, struct error *e)
{
	if (f->n >= cap) {
		error_set(e, ERR_INVAL, "字段 %s 过长", "the field %s is too long", name);
		error_field(e, name);
		return ERR_INVAL;
	}
	memcpy(out, f->p, f->n);
	out[f->n] = 0;
	return 0;
}

static int id_ok(const char *s, date_t today, char out[19], const char *field, struct error *e)
{
	struct idno id;
	enum idno_reason why = idno_parse(s, strlen(s), today, &id);
	if (why != IDNO_OK) {
		error_set(e, ERR_INVAL, "%s", "%s", "");
		snprintf(e->zh, sizeof e->zh, "身份证号 %.20s 无效：%s", s, idno_reason_text(why, LANG_ZH));
		snprintf(e->en, sizeof e->en, "the ID number %.20s is not valid: %s", s,
		         idno_reason_text(why, LANG_EN));
		error_field(e, field);
		return ERR_INVAL;
	}
	memcpy(out, id.id, 19);
	return 0;
}

/* one row's checks against the file's layout, the register and the policy */
static int check_row(struct pay_service *ps, struct store *s, const struct pay_actor *a,
                     const struct csv_row *row, date_t today, struct roll_row *r, struct error *e)
{
	memset(r, 0, sizeof *r);
	r->line = row->line;
	char text[64];
	int rc;
	if ((rc = field_copy(&row->f[0], text, sizeof text, "scheme", e)))
		return rc;
	/* the scheme by its name (dibao) or its Chinese label (最低生活保障), as a county's export has it */
	bool known = !cs_scheme_parse(text, &r->scheme);
	for (int k = 0; !known && k < CS_SCHEMES; k++)
		if (!strcmp(text, cs_scheme_label((enum cs_scheme)k, LANG_ZH))) {
			r->scheme = (enum cs_scheme)k;
			known = true;
		}
	if (!known || (r->scheme != CS_DIBAO && r->scheme != CS_TEKUN && r->scheme != CS_MARGINAL)) {
		error_set(e, ERR_INVAL, "救助类别“%s”不能导入（dibao、tekun 或 marginal）",
		          "the scheme %s cannot be imported (dibao, tekun or marginal)", text);
		error_field(e, "scheme");
		return ERR_INVAL;
	}
	if ((rc = field_copy(&row->f[1], r->household, sizeof r->household, "household", e)))
		return rc;
	size_t hn = strlen(r->household);
	int64_t rows = 0;
	if (hn != 17 || strspn(r->household, "0123456789") != hn ||
	    (rc = vf_db_household_rows(s, r->household, count_row, &rows, e)) || !rows) {
		if (rc < 0)
			return rc;
		error_set(e, ERR_INVAL, "户号“%s”不在户籍登记中", "the household %s is not in the register",
		          r->household);
		error_field(e, "household");
		return ERR_INVAL;
	}
	if (a->u && !access_in_scope(a->u, r->household)) {
		error_set(e, ERR_PERM, "该户不在您的管辖区域（%s）内",
		          "that household is outside your region (%s)", a->u->region);
		error_field(e, "household");
		return ERR_PERM;
	}
	/* members: ID numbers separated by ';', each a member of the household in the register */
	char members[1024];
	if ((rc = field_copy(&row->f[2], members, sizeof members, "members", e)))
		return rc;
	struct buf norm = BUF_INIT(sizeof r->members);
	bool payee_member = false;
	char payee[64];
	if ((rc = field_copy(&row->f[5], payee, sizeof payee, "payee", e)) ||
	    (rc = id_ok(payee, today, r->payee, "payee", e)))
		goto out;
	int count = 0;
	for (char *p = members, *next; p && *p; p = next) {
		next = strchr(p, ';');
		if (next)
			*next++ = 0;
		char id[19], hh[32];
		if ((rc = id_ok(p, today, id, "members", e)))
			goto out;
		int found = vf_db_household_of(s, id, hh, sizeof hh, e);
		if (found < 0) {
			rc = found;
			goto out;
		}
		if (!found || strcmp(hh, r->household)) {
			rc = error_set(e, ERR_INVAL, "%s 不是户 %s 的成员",
			               "%s is not a member of household %s", id, r->household);
			error_field(e, "members");
			goto out;
		}
		payee_member |= !strcmp(id, r->payee);
		if ((rc = buf_addf(&norm, "%s%s", count++ ? ";" : "", id))) {
			rc = error_set(e, ERR_INVAL, "成员过多", "too many members");
			error_field(e, "members");
			goto out;
		}
	}
	if (!count) {
		rc = error_set(e, ERR_INVAL, "至少列出一名成员", "list at least one member");
		error_field(e, "members");
		goto out;
	}
	/* the payee is a member, or a guardian of a destitute person (who need not be one) */
	if (!payee_member && r->scheme != CS_TEKUN) {
		rc = error_set(e, ERR_INVAL, "领款人 %s 不是该户成员（只有特困人员可由监护人代领）",
		               "the payee %s is not a member (only a destitute person's guardian may be)",
		               r->payee);
		error_field(e, "payee");
		goto out;
	}
	snprintf(r->members, sizeof r->members, "%s", norm.data ? norm.data : "");
	if ((rc = field_copy(&row->f[3], text, sizeof text, "amount", e)))
		goto out;
	if ((rc = money_parse_range(text, strlen(text), 1, MONEY_INPUT_MAX, &r->amount_fen, e))) {
		error_field(e, "amount");
		goto out;
	}
	if ((rc = field_copy(&row->f[4], text, sizeof text, "start_month", e)))
		goto out;
	if (month_parse(text, strlen(text), &r->start) || r->start > month_of(today) + 1) {
		rc = error_set(e, ERR_INVAL, "起始月份“%s”无效（YYYY-MM，不晚于下月）",
		               "the start month %s is not valid (YYYY-MM, not after next month)", text);
		error_field(e, "start_month");
		goto out;
	}
	if ((rc = field_copy(&row->f[6], r->bank, sizeof r->bank, "bank", e)))
		goto out;
	size_t bn = strlen(r->bank);
	if (bn < 2 || strspn(r->bank, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != bn) {
		rc = error_set(e, ERR_INVAL, "银行代码“%s”无效（2 到 15 位大写字母或数字）",
		               "the bank code %s is not valid (2 to 15 capital letters or digits)", r->bank);
		error_field(e, "bank");
		goto out;
	}
	if ((rc = field_copy(&row->f[7], r->card_type, sizeof r->card_type, "card_type", e)) ||
	    (rc = field_copy(&row->f[8], r->account, sizeof r->account, "account", e)))
		goto out;
	char region[13];
	snprintf(region, sizeof region, "%.12s", r->household);
	rc = pay_account_check(ps, region, today, r->card_type, r->account, e);
out:
	buf_release(&norm);
	return rc;
}

static int header_ok(const struct csv_row *row, struct error *e)
{
	bool ok = row->n == ROLL_FIELDS;
	for (size_t i = 0; ok && i < ROLL_FIELDS; i++)
		ok = !strcmp(row->f[i].p, roll_header[i]);
	if (!ok)
		return error_set(
		    e, ERR_INVAL,
		    "第 1 行应为表头：scheme,household,members,amount,start_month,payee,bank,card_type,account",
		    "line 1 must be the header: "
		    "scheme,household,members,amount,start_month,payee,bank,card_type,account");
	return 0;
}

struct seen {
	struct roll_row *v;
	size_t n, cap;
};

static int seen_add(struct seen *s, const struct roll_row *r)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct roll_row *v = mem_realloc(s->v, cap * sizeof *v);
		if (!v)
			return ERR_NOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = *r;
	return 0;
}

int pay_input_read(const struct pay_input *in, struct buf *b, struct error *e)
{
	if (in->path ? buf_read_file(b, in->path) : buf_add(b, in->text ? in->text : "", in->len))
		return error_set(e, ERR_IO, "无法读取 %s", "cannot read %s",
		                 in->path ? in->path : "the file");
	return 0;
}

int pay_roll_import(struct pay_service *ps, struct store *s, const struct pay_actor *a,
                    const struct pay_input *in, date_t today,
                    int (*on_reject)(void *arg, uint64_t line, const char *field, const char *reason),
                    void *arg, struct pay_roll_report *rep, struct error *e)
{
	memset(rep, 0, sizeof *rep);
	struct buf file = BUF_INIT((size_t)1 << 31);
	if (pay_input_read(in, &file, e)) {
		buf_release(&file);
		return e->code;
	}
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)file.data, file.len);
	char sha[65];
	sodium_bin2hex(sha, sizeof sha, d, sizeof d);

	struct rejects rj = { on_reject, arg, 0 };
	struct seen seen = { 0 };
	struct csv_reader rd;
	struct csv_options opt = { .expect_fields = ROLL_FIELDS };
	int rc = csv_open_mem(&rd, file.data ? file.data : "", file.len, &opt, e);
	if (rc) {
		buf_release(&file);
		return rc;
	}
	/* first every row is read and checked, before anything is written */
	bool header = false;
	struct csv_row row;
	struct error why;
	for (;;) {
		error_clear(&why);
		int st = csv_next(&rd, &row, &why);
		if (st == CSV_END)
			break;
		if (st < 0) {
			*e = why;
			rc = st;
			break;
		}
		rep->rows += header;
		if (st == CSV_REJECT) {
			if (!header) {
				rc = error_set(e, ERR_INVAL, "%s", "%s", "");
				snprintf(e->zh, sizeof e->zh, "第 1 行（表头）无法读取：%.300s", why.zh);
				snprintf(e->en, sizeof e->en, "line 1 (the header) cannot be read: %.300s",
				         why.en);
				break;
			}
			reject(&rj, row.line, "", &why);
			continue;
		}
		if (!header) {
			if ((rc = header_ok(&row, e)))
				break;
			header = true;
			continue;
		}
		struct roll_row r;
		if ((rc = check_row(ps, s, a, &row, today, &r, &why))) {
			if (rc != ERR_INVAL && rc != ERR_PERM) {
				*e = why;
				break;
			}
			rc = 0;
			reject(&rj, row.line, why.field, &why);
			continue;
		}
		bool dup = false;
		for (size_t i = 0; i < seen.n && !dup; i++)
			dup = seen.v[i].scheme == r.scheme && !strcmp(seen.v[i].household, r.household);
		if (dup) {
			error_set(&why, ERR_INVAL, "同一户同一救助类别重复出现",
			          "the same household and scheme twice in the file");
			reject(&rj, row.line, "household", &why);
			continue;
		}
		if (seen_add(&seen, &r)) {
			rc = error_nomem(e);
			break;
		}
	}
	csv_close(&rd);
	buf_release(&file);
	if (!rc && !header)
		rc =
		    error_set(e, ERR_INVAL, "文件为空：缺少表头", "the file is empty: the header is missing");
	rep->rejected = rj.n;
	if (!rc && rj.n)
		rc = error_set(e, ERR_INVAL, "%" PRId64 " 行有误，未导入任何记录",
		               "%" PRId64 " rows rejected: nothing was imported", rj.n);
	if (rc) {
		mem_free(seen.v);
		return rc;
	}
	/* then all of it in one transaction */
	struct cs_service *cs = NULL;
	struct access_change ch;
	char region[16];
	snprintf(region, sizeof region, "%s", a->u ? a->u->region : "43");
	if ((rc = cs_open_service(NULL, &cs, e))) {
		mem_free(seen.v);
		return rc;
	}
	if ((rc = pay_change_begin(s, a, region, "roll", "roll-import", 0, &ch, e))) {
		cs_close_service(cs);
		mem_free(seen.v);
		return rc;
	}
	char day[DATE_STR_SIZE];
	date_format(today, day);
	for (size_t i = 0; !rc && i < seen.n; i++) {
		const struct roll_row *r = &seen.v[i];
		bool yes = false;
		int64_t existing = 0, id = 0;
		if ((rc = pay_db_roll_has(s, r->household, cs_scheme_name(r->scheme), &yes, e)) ||
		    (!yes && (rc = cs_db_case_active_of(s, r->household, r->scheme, &existing, e))))
			break;
		if (yes || existing) {
			rep->already++;
			continue;
		}
		struct cs_roll_case rc_in = {
			r->scheme,        r->household,      r->payee,
			r->amount_fen,    r->start,          today,
			(int64_t)r->line, pay_actor_name(a), a->u ? access_role_name(a->u->role) : "operator"
		};
		if ((rc = cs_roll_add(cs, s, &rc_in, &id, e)))
			break;
		char start[8];
		month_format(r->start, start);
		struct pay_db_roll pr = { r->household, cs_scheme_name(r->scheme), start, r->members,
			                  sha,          pay_actor_name(a),         id,    (int64_t)r->line };
		struct pay_db_account acc;
		memset(&acc, 0, sizeof acc);
		acc.case_id = id;
		snprintf(acc.household, sizeof acc.household, "%s", r->household);
		snprintf(acc.payee, sizeof acc.payee, "%s", r->payee);
		snprintf(acc.account, sizeof acc.account, "%s", r->account);
		snprintf(acc.bank, sizeof acc.bank, "%s", r->bank);
		snprintf(acc.card_type, sizeof acc.card_type, "%s", r->card_type);
		date_format(month_first_day(r->start), acc.valid_from);
		snprintf(acc.changed_by, sizeof acc.changed_by, "%s", pay_actor_name(a));
		snprintf(acc.reason, sizeof acc.reason, "roll import line %" PRIu64, r->line);
		if ((rc = pay_db_roll_add(s, &pr, e)) || (rc = pay_db_account_add(s, &acc, e)))
			break;
		rep->added++;
	}
	snprintf(ch.detail + strlen(ch.detail), sizeof ch.detail - strlen(ch.detail),
	         " file=%.16s rows=%" PRId64 " added=%" PRId64 " already=%" PRId64, sha, rep->rows,
	         rep->added, rep->already);
	rc = access_change_end(s, &ch, rc, e);
	cs_close_service(cs);
	mem_free(seen.v);
	return rc;
}
