/* cmd_pay.c: `safetynet pay ...`: payments (docs/PAYMENTS.md): the roll's import, the monthly
 * payroll (build, checks, the two approvals, show), the banks' files and return files, and the
 * ledger's check. Each step is app/'s use case; this file parses and prints. */
#include "base/date.h"
#include "base/money.h"
#include "app/app.h"
#include "cmd/cmd.h"

struct args {
	const char *what, *verb, *data, *as, *op, *region, *month, *out, *day;
	const char *pos[2];
	int npos;
};

static int parse(int argc, char **argv, struct args *a)
{
	memset(a, 0, sizeof *a);
	a->what = argc > 1 ? argv[1] : "";
	a->verb = argc > 2 ? argv[2] : "";
	for (int i = 3; i < argc; i++) {
		const char *k = argv[i];
		const char **v = !strcmp(k, "--data")       ? &a->data
		                 : !strcmp(k, "--as")       ? &a->as
		                 : !strcmp(k, "--operator") ? &a->op
		                 : !strcmp(k, "--region")   ? &a->region
		                 : !strcmp(k, "--month")    ? &a->month
		                 : !strcmp(k, "--out")      ? &a->out
		                 : !strcmp(k, "--day")      ? &a->day
		                                            : NULL;
		if (v && i + 1 < argc)
			*v = argv[++i];
		else if (k[0] != '-' && a->npos < 2)
			a->pos[a->npos++] = k;
		else
			return cmd_usage(&cmd_pay, "不认识的参数：%s", "unknown argument: %s", k);
	}
	if (!a->data)
		return cmd_usage(&cmd_pay, "需要 --data DIR", "--data DIR is needed");
	return 0;
}

static const char *operator_of(const char *given)
{
	const char *u = getenv("USER");
	return given ? given : u && *u ? u : "unknown";
}

static int print_reject(void *arg, uint64_t line, const char *field, const char *reason)
{
	UNUSED(arg);
	if (field && *field)
		fprintf(stderr, L("第 %" PRIu64 " 行（%s）：%s\n", "line %" PRIu64 " (%s): %s\n"), line,
		        field, reason);
	else
		fprintf(stderr, L("第 %" PRIu64 " 行：%s\n", "line %" PRIu64 ": %s\n"), line, reason);
	return 0;
}

static void yuan(int64_t fen, char out[MONEY_STR_SIZE])
{
	money_format(fen, out);
}

static int print_payroll(void *arg, const struct pay_db_payroll *p, const struct pay_return_report *r)
{
	UNUSED(arg);
	char t[MONEY_STR_SIZE], pd[MONEY_STR_SIZE], f[MONEY_STR_SIZE], pe[MONEY_STR_SIZE], h[MONEY_STR_SIZE];
	yuan(r->total_fen, t);
	yuan(r->paid_fen, pd);
	yuan(r->failed_fen, f);
	yuan(r->pending_fen, pe);
	yuan(r->held_fen, h);
	printf("%s %" PRId64 "\t%s\t%s\t%s\n", L("名册", "payroll"), p->id, p->month, p->region, p->state);
	printf("%s %s = %s %s + %s %s + %s %s + %s %s\n", L("合计", "total"), t, L("已发", "paid"), pd,
	       L("失败", "failed"), f, L("待回盘", "pending"), pe, L("暂停", "held"), h);
	if (p->approved1_by[0])
		printf("%s %s\n", L("民政审批", "civil affairs approval"), p->approved1_by);
	if (p->approved2_by[0])
		printf("%s %s\n", L("财政审批", "finance approval"), p->approved2_by);
	return 0;
}

static int print_line(void *arg, const struct pay_db_line *l)
{
	UNUSED(arg);
	char a[MONEY_STR_SIZE];
	yuan(l->amount_fen, a);
	printf("line\t%" PRId64 "\t%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", l->id, l->case_id,
	       l->household, l->scheme, l->kind, l->bank, a, l->status, l->reason, l->basis);
	return 0;
}

static int print_check(void *arg, const struct pay_db_check *c)
{
	UNUSED(arg);
	printf("check\t%" PRId64 "\t%s\t%s\t%s\n", c->line, c->rule, c->blocking ? "blocking" : "listed",
	       c->evidence);
	return 0;
}

static int print_file(void *arg, const struct pay_db_bank_file *f)
{
	UNUSED(arg);
	char t[MONEY_STR_SIZE];
	yuan(f->total_fen, t);
	printf("%s\t%s\t%" PRId64 "\t%s\t%s\n", f->bank, f->path, f->count, t, f->sha256);
	return 0;
}

static int print_total(void *arg, const struct pay_db_ledger_total *t)
{
	UNUSED(arg);
	char d[MONEY_STR_SIZE], c[MONEY_STR_SIZE];
	yuan(t->debit_fen, d);
	yuan(t->credit_fen, c);
	printf("%s\t%s\t%s\t%s\t%s\t%s\n", t->month, t->scheme, t->region, t->account, d, c);
	return 0;
}

static int print_bad(void *arg, const char *what)
{
	UNUSED(arg);
	fprintf(stderr, "%s%s\n", L("不平：", "does not balance: "), what);
	return 0;
}

static int64_t id_arg(const char *s)
{
	if (!s || !*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 15)
		return 0;
	return strtoll(s, NULL, 10);
}

static int run(int argc, char **argv)
{
	struct args a;
	int urc = parse(argc, argv, &a);
	if (urc)
		return urc;
	struct error e;
	error_clear(&e);
	struct store *s = NULL;
	struct pay_service *ps = NULL;
	struct access_user u;
	struct pay_actor actor = { NULL, operator_of(a.op) };
	int rc = cmd_open_data(a.data, &s, &e);
	if (!rc && a.as && !(rc = access_user_by_name(s, a.as, &u, &e)))
		actor.u = &u;
	if (!rc)
		rc = app_pay_service(&ps, &e);
	date_t today = date_today();
	if (!rc && a.day && date_parse(a.day, strlen(a.day), &today)) {
		error_set(&e, ERR_INVAL, "日期“%s”无效（YYYY-MM-DD）", "the day %s is not valid (YYYY-MM-DD)",
		          a.day);
		rc = ERR_INVAL;
	}
	int64_t id = id_arg(a.pos[0]);
	bool usage = false;
	if (rc) {
	} else if (!strcmp(a.what, "roll") && !strcmp(a.verb, "import") && a.npos == 1) {
		struct pay_roll_report r;
		struct pay_input in = { a.pos[0], NULL, 0 };
		rc = app_pay_roll_import(ps, s, &actor, &in, today, print_reject, NULL, &r, &e);
		if (!rc)
			printf(L("名册导入：%" PRId64 " 行，新增 %" PRId64 " 户次，已在册 %" PRId64 "\n",
			         "roll imported: %" PRId64 " rows, %" PRId64 " added, %" PRId64
			         " already on the roll\n"),
			       r.rows, r.added, r.already);
	} else if (!strcmp(a.what, "payroll") && !strcmp(a.verb, "build") && a.region && a.month) {
		month_t m;
		int64_t pid = 0;
		struct pay_totals t;
		if (month_parse(a.month, strlen(a.month), &m)) {
			rc = error_set(&e, ERR_INVAL, "月份“%s”无效（YYYY-MM）",
			               "the month %s is not valid (YYYY-MM)", a.month);
		} else if (!(rc = app_pay_build(ps, s, &actor, a.region, m, &pid, &t, &e))) {
			char total[MONEY_STR_SIZE];
			yuan(t.total_fen, total);
			printf(L("名册 %" PRId64 "：%" PRId64 " 行，合计 %s 元（其中补发 %" PRId64 " 行）\n",
			         "payroll %" PRId64 ": %" PRId64 " lines, %s yuan in all (%" PRId64
			         " re-issued)\n"),
			       pid, t.lines, total, t.reissued);
		}
	} else if (!strcmp(a.what, "payroll") && !strcmp(a.verb, "check") && id) {
		struct pay_check_report r;
		if (!(rc = app_pay_check(ps, s, &actor, id, &r, &e)))
			printf(L("名册 %" PRId64 " 已核查：暂停 %" PRId64 " 项，提示 %" PRId64 " 项\n",
			         "payroll %" PRId64 " checked: %" PRId64 " blocking, %" PRId64 " listed\n"),
			       id, r.blocking, r.listed);
	} else if (!strcmp(a.what, "payroll") && !strcmp(a.verb, "approve") && id && actor.u) {
		if (!(rc = app_pay_approve(ps, s, actor.u, id, &e)))
			printf(L("名册 %" PRId64 " 已审批（%s）\n", "payroll %" PRId64 " approved (%s)\n"),
			       id, access_role_name(u.role));
	} else if (!strcmp(a.what, "payroll") && !strcmp(a.verb, "show") && id) {
		struct pay_view v = { print_payroll, print_line, print_check, NULL };
		rc = app_pay_show(s, &actor, id, &v, &e);
	} else if (!strcmp(a.what, "bank") && !strcmp(a.verb, "write") && id && actor.u && a.out) {
		rc = app_pay_bank_write(ps, s, actor.u, id, a.out, print_file, NULL, &e);
	} else if (!strcmp(a.what, "return") && !strcmp(a.verb, "import") && a.npos == 2 && id && actor.u) {
		struct pay_return_report r;
		struct pay_input in = { a.pos[1], NULL, 0 };
		rc = app_pay_return_import(ps, s, actor.u, id, &in, print_reject, NULL, &r, &e);
		if (!rc) {
			char pd[MONEY_STR_SIZE], f[MONEY_STR_SIZE], pe[MONEY_STR_SIZE], t[MONEY_STR_SIZE];
			yuan(r.paid_fen, pd);
			yuan(r.failed_fen, f);
			yuan(r.pending_fen, pe);
			yuan(r.paid_fen + r.failed_fen + r.pending_fen, t);
			printf(L("对账：已发 %s + 失败 %s + 待回盘 %s = %s 元\n",
			         "reconciled: paid %s + failed %s + pending %s = %s yuan\n"),
			       pd, f, pe, t);
		}
	} else if (!strcmp(a.what, "ledger") && !strcmp(a.verb, "check")) {
		int64_t bad = 0;
		if (!(rc = app_pay_ledger_check(s, &actor, print_total, NULL, print_bad, NULL, &bad, &e))) {
			if (bad) {
				error_set(&e, ERR_INVAL, "台账有 %" PRId64 " 处不平",
				          "the ledger differs in %" PRId64 " places", bad);
				rc = ERR_INVAL;
			} else {
				printf("%s\n", L("台账平衡", "the ledger balances"));
			}
		}
	} else {
		usage = true;
	}
	app_pay_service_close(ps);
	store_close(s);
	if (usage)
		return cmd_usage(&cmd_pay, "用法见下", "see the usage below");
	return rc ? cmd_fail(&cmd_pay, &e) : EXIT_OK;
}

const struct command cmd_pay = {
	"pay",
	"roll import --data DIR [--as USER] [--day D] FILE.csv | payroll build --data DIR [--as USER] --region CODE "
	"--month YYYY-MM | payroll check|show --data DIR [--as USER] ID | payroll approve --data DIR --as USER ID | "
	"bank write --data DIR --as USER ID --out DIR | return import --data DIR --as USER ID FILE.csv | "
	"ledger check --data DIR [--as USER]",
	"资金发放：导入在保名册、月度发放名册、发放前核查、民政财政两级审批、银行文件、回盘对账、资金台账",
	"payments: roll import, monthly payroll, checks, approval by civil affairs and finance, bank files, "
	"returns, the ledger",
	run,
};
