/* cmd_verify.c: `safetynet verify` (one household, from a JSON file or the data folder),
 * `safetynet authorise` (record a household's signed authorisation) and `safetynet recheck`
 * (centralised re-verification and its worklist). docs/VERIFY.md. */
#include <limits.h>

#include "base/date.h"
#include "base/region.h"
#include "access/access.h"
#include "app/app.h"
#include "audit/audit.h"
#include "cmd/cmd.h"
#include "gen/gen.h"
#include "policy/rules.h"
#include "verify/verify_repo.h"

static int parse_day(const char *s, date_t *out)
{
	return s && strlen(s) == 10 && date_parse(s, 10, out) == 0 ? 0 : -1;
}

static const char *operator_of(const char *given)
{
	const char *u = getenv("USER");
	return given ? given : u && *u ? u : "unknown";
}

/* --as NAME: the command acts as that account, and the access gate checks its role and region
 * for the household or region (audited, allowed or refused); *operator becomes its name. Without
 * it the command acts as the data folder's operator (the system user), audited as such. */
static int gate_as(struct store *s, const char *as, const char *region, const char *subject, const char *why,
                   const char **operator, struct error * e)
{
	static char name[64];
	int rc = app_act_as(s, as, SA_VERIFY, region, subject, why, name, e);
	if (!rc && as)
		*operator= name;
	return rc;
}

/* the policy of the data folder data (NULL for none) or the binary, never of the working folder */
static int open_policy(const char *data, struct vf_policy **p, struct error *e)
{
	char found[PATH_MAX];
	return vf_policy_open(rules_policy_dir(data, found, sizeof found), p, e);
}

static int write_html(const char *path, const struct vf_household *h, const struct vf_result *r, date_t day,
                      struct error *e)
{
	struct buf b = BUF_INIT((size_t)256 << 20);
	int rc = vf_report_html(h, r, day, lang_current(), &b);
	FILE *f = rc ? NULL : fopen(path, "w");
	if (!rc && !f)
		rc = error_set(e, ERR_IO, "无法写入 %s", "cannot write %s", path);
	if (f) {
		bool short_write = fwrite(b.data, 1, b.len, f) != b.len;
		if (fclose(f) || short_write)
			rc = error_set(e, ERR_IO, "无法写入 %s", "cannot write %s", path);
	}
	buf_release(&b);
	return rc;
}

static int verify_file(const char *file, const char *region, date_t day, const char *html, struct error *e)
{
	struct buf text = BUF_INIT((size_t)64 << 20);
	if (cmd_read_file(file, &text, e)) {
		buf_release(&text);
		return e->code;
	}
	struct arena a;
	arena_init(&a, (size_t)1 << 16);
	struct vf_household h;
	struct vf_result r;
	struct vf_policy *p = NULL;
	memset(&r, 0, sizeof r);
	/* the records' field names are the built-in catalogue's: the synthetic province's (docs/VERIFY.md) */
	struct buf catalog = BUF_INIT((size_t)16 << 20);
	int rc = gen_catalog_json(month_from_ym(2025, 1), &catalog) ? error_nomem(e) : 0;
	if (!rc)
		rc = vf_household_from_json(buf_cstr(&text), text.len, buf_cstr(&catalog), &a, &h, e);
	buf_release(&catalog);
	if (!rc && region)
		h.region = region;
	if (!rc)
		rc = open_policy(NULL, &p, e);
	if (!rc)
		rc = vf_verify(p, &h, day, lang_current(), 0, &a, &r, e);
	struct buf out = BUF_INIT((size_t)256 << 20);
	if (!rc && vf_report_json(&h, &r, day, &out))
		rc = error_nomem(e);
	if (!rc)
		printf("%s\n", buf_cstr(&out));
	if (!rc && html)
		rc = write_html(html, &h, &r, day, e);
	buf_release(&out);
	vf_result_release(&r);
	vf_policy_close(p);
	arena_release(&a);
	buf_release(&text);
	return rc;
}

static int verify_data(struct store *s, const char *data, const char *arg, date_t day, const char *html,
                       const char *op, struct error *e)
{
	char household[64];
	int rc = vf_household_number(s, arg, household, sizeof household, e);
	struct vf_policy *p = NULL;
	if (!rc)
		rc = open_policy(data, &p, e);
	struct arena a;
	arena_init(&a, (size_t)1 << 16);
	struct vf_household h;
	struct vf_result r;
	struct buf out = BUF_INIT((size_t)256 << 20);
	int64_t vid = 0;
	memset(&r, 0, sizeof r);
	if (!rc)
		rc = vf_verify_stored(s, p, household, day, op, lang_current(), &a, &h, &r, &out, &vid, e);
	if (!rc)
		printf("%s\n", buf_cstr(&out));
	if (!rc && html)
		rc = write_html(html, &h, &r, day, e);
	if (!rc)
		fprintf(stderr,
		        L("核对已保存：第 %" PRId64 " 号\n", "verification stored: number %" PRId64 "\n"),
		        vid);
	buf_release(&out);
	vf_result_release(&r);
	vf_policy_close(p);
	arena_release(&a);
	return rc;
}

/* verify --data DIR --truth GENDIR: every household of the truth, against it */
static int evaluate(struct store *s, const char *data, const char *truth, long show, struct error *e)
{
	struct vf_policy *p = NULL;
	struct vf_eval_report rep;
	int rc = open_policy(data, &p, e);
	if (!rc)
		rc = vf_evaluate(s, p, truth, (int)show, stdout, &rep, e);
	vf_policy_close(p);
	if (rc)
		return rc;
	printf(L("%ld 户：结论一致 %ld 户（%.2f%%），结论与金额都一致 %ld 户（%.2f%%）\n",
	         "%ld households: decision agrees for %ld (%.2f%%), decision and benefit for %ld (%.2f%%)\n"),
	       rep.households, rep.agree, rep.households ? 100.0 * rep.agree / rep.households : 0.0,
	       rep.agree_benefit, rep.households ? 100.0 * rep.agree_benefit / rep.households : 0.0);
	printf(L("真实类别 \\ 核对结论", "truth \\ verified"));
	for (int c = 0; c < VF_CLASSES; c++)
		printf("\t%s", vf_class_name((enum vf_class)c));
	printf("\n");
	for (int t = 0; t < VF_CLASSES; t++) {
		printf("%s", vf_class_name((enum vf_class)t));
		for (int c = 0; c < VF_CLASSES; c++)
			printf("\t%ld", rep.confusion[t][c]);
		printf("\n");
	}
	return 0;
}

static int run_verify(int argc, char **argv)
{
	const char *file = NULL, *data = NULL, *date = NULL, *region = NULL, *html = NULL, *op = NULL,
	           *arg = NULL, *truth = NULL, *as = NULL;
	long show = 20;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--household") && i + 1 < argc)
			file = argv[++i];
		else if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
		else if (!strcmp(argv[i], "--date") && i + 1 < argc)
			date = argv[++i];
		else if (!strcmp(argv[i], "--region") && i + 1 < argc)
			region = argv[++i];
		else if (!strcmp(argv[i], "--html") && i + 1 < argc)
			html = argv[++i];
		else if (!strcmp(argv[i], "--operator") && i + 1 < argc)
			op = argv[++i];
		else if (!strcmp(argv[i], "--as") && i + 1 < argc)
			as = argv[++i];
		else if (!strcmp(argv[i], "--truth") && i + 1 < argc)
			truth = argv[++i];
		else if (!strcmp(argv[i], "--show") && i + 1 < argc)
			show = strtol(argv[++i], NULL, 10);
		else if (argv[i][0] != '-' && !arg)
			arg = argv[i];
		else
			return cmd_usage(&cmd_verify, "不认识的参数：%s", "unknown argument: %s", argv[i]);
	}
	date_t day = date_today();
	if (date && parse_day(date, &day))
		return cmd_usage(&cmd_verify, "--date 应为 YYYY-MM-DD：%s", "--date must be YYYY-MM-DD: %s",
		                 date);
	if (region && !region_lookup(region, strlen(region)))
		return cmd_usage(&cmd_verify, "--region 不是湖南的区划代码：%s",
		                 "--region is not a Hunan code: %s", region);
	if (!file == !data)
		return cmd_usage(&cmd_verify, "需要 --household FILE.json 或 --data DIR 二者之一",
		                 "give one of --household FILE.json or --data DIR");
	struct error e;
	error_clear(&e);
	int rc;
	if (file) {
		rc = verify_file(file, region, day, html, &e);
	} else {
		if (!arg && !truth)
			return cmd_usage(&cmd_verify, "需要户号或身份证号",
			                 "a household number or ID number is needed");
		struct store *s = NULL;
		rc = cmd_open_data(data, &s, &e);
		if (!rc && truth)
			rc = evaluate(s, data, truth, show, &e);
		else if (!rc) {
			const char *who = operator_of(op);
			char hh[32], where[13];
			rc = vf_household_number(s, arg, hh, sizeof hh, &e);
			snprintf(where, sizeof where, "%.12s", hh);
			if (!rc)
				rc = gate_as(s, as, where, hh, "verification (command)", &who, &e);
			if (!rc)
				rc = verify_data(s, data, hh, day, html, who, &e);
		}
		store_close(s);
	}
	return rc ? cmd_fail(&cmd_verify, &e) : EXIT_OK;
}

const struct command cmd_verify = {
	"verify",
	"--household FILE.json [--date D] [--region CODE] [--html FILE] | --data DIR [--date D] [--html FILE] "
	"[--operator NAME | --as USER] HOUSEHOLD|ID_NUMBER | --data DIR --truth GENDIR [--show N]",
	"核对一户家庭经济状况：认定结论、救助金额、依据与证据",
	"verify a household's economic situation: decision, benefit, reasons and evidence",
	run_verify,
};

/* --every-household, for demonstrations and tests: the same authorisation for every household of
 * the register, in one transaction and one audit entry */
static int authorise_every(struct store *s, struct vf_db_auth *a, struct error *e)
{
	long n = 0;
	int rc = app_authorise_every(s, a, &n, e);
	if (!rc)
		printf(L("已为 %ld 户登记核对授权书（演示用）\n",
		         "recorded an authorisation for %ld households (for demonstrations)\n"),
		       n);
	return rc;
}

static int run_authorise(int argc, char **argv)
{
	const char *data = NULL, *arg = NULL, *op = NULL, *as = NULL;
	bool every = false;
	struct vf_db_auth a = { 0 };
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
		else if (!strcmp(argv[i], "--signed-by") && i + 1 < argc)
			a.signed_by = argv[++i];
		else if (!strcmp(argv[i], "--signed-on") && i + 1 < argc)
			a.signed_on = argv[++i];
		else if (!strcmp(argv[i], "--until") && i + 1 < argc)
			a.valid_until = argv[++i];
		else if (!strcmp(argv[i], "--scope") && i + 1 < argc)
			a.scope = argv[++i];
		else if (!strcmp(argv[i], "--document") && i + 1 < argc)
			a.document = argv[++i];
		else if (!strcmp(argv[i], "--operator") && i + 1 < argc)
			op = argv[++i];
		else if (!strcmp(argv[i], "--as") && i + 1 < argc)
			as = argv[++i];
		else if (!strcmp(argv[i], "--every-household"))
			every = true;
		else if (argv[i][0] != '-' && !arg)
			arg = argv[i];
		else
			return cmd_usage(&cmd_authorise, "不认识的参数：%s", "unknown argument: %s", argv[i]);
	}
	date_t d;
	if (!data || !arg == !every)
		return cmd_usage(&cmd_authorise, "需要 --data DIR 和户号或身份证号（或 --every-household）",
		                 "--data DIR and a household or ID number (or --every-household) are needed");
	if (!a.signed_by || !*a.signed_by)
		return cmd_usage(&cmd_authorise, "需要 --signed-by：签署人姓名与身份证号",
		                 "--signed-by is needed: who signed");
	if (parse_day(a.signed_on, &d))
		return cmd_usage(&cmd_authorise, "--signed-on 应为签署日期 YYYY-MM-DD",
		                 "--signed-on must be the signing day, YYYY-MM-DD");
	if (a.valid_until && parse_day(a.valid_until, &d))
		return cmd_usage(&cmd_authorise, "--until 应为 YYYY-MM-DD", "--until must be YYYY-MM-DD");
	struct error e;
	error_clear(&e);
	struct store *s = NULL;
	char household[64];
	int64_t id = 0;
	int rc = cmd_open_data(data, &s, &e);
	a.recorded_by = operator_of(op);
	if (!rc && every && as)
		rc = error_set(&e, ERR_INVAL, "--every-household 由数据目录的管理者执行，不与 --as 同用",
		               "--every-household is the data folder's operator's, not for --as");
	if (!rc && every) {
		rc = authorise_every(s, &a, &e);
		store_close(s);
		return rc ? cmd_fail(&cmd_authorise, &e) : EXIT_OK;
	}
	if (!rc)
		rc = app_authorise(s, as, &a, arg, household, &id, &e);
	store_close(s);
	if (rc)
		return cmd_fail(&cmd_authorise, &e);
	printf(L("已登记户 %s 的核对授权书（第 %" PRId64 " 号）\n",
	         "recorded the authorisation of household %s (number %" PRId64 ")\n"),
	       household, id);
	return EXIT_OK;
}

const struct command cmd_authorise = {
	"authorise",
	"--data DIR HOUSEHOLD|ID_NUMBER|--every-household --signed-by WHO --signed-on D [--until D] [--scope TEXT] "
	"[--document REF] [--operator NAME | --as USER]",
	"登记家庭签署的核对授权书",
	"record a household's signed authorisation to verify",
	run_authorise,
};

static int print_work(void *arg, const struct vf_db_work *w)
{
	long *n = arg;
	if (*n == 0)
		return 1;
	(*n)--;
	printf("%d\t%s\t%s\t%s\t%s -> %s\t%" PRId64 " -> %" PRId64 "\t%s\n", w->urgency, w->household,
	       w->change, w->cause[0] ? w->cause : "-", w->before_decision[0] ? w->before_decision : "-",
	       w->after_decision, w->before_benefit_fen, w->after_benefit_fen, w->detail);
	return 0;
}

static int run_recheck(int argc, char **argv)
{
	const char *data = NULL, *date = NULL, *region = "", *op = NULL, *as = NULL;
	bool all = false, list = false, quiet = false;
	long limit = 30;
	int64_t run = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
		else if (!strcmp(argv[i], "--date") && i + 1 < argc)
			date = argv[++i];
		else if (!strcmp(argv[i], "--region") && i + 1 < argc)
			region = argv[++i];
		else if (!strcmp(argv[i], "--operator") && i + 1 < argc)
			op = argv[++i];
		else if (!strcmp(argv[i], "--as") && i + 1 < argc)
			as = argv[++i];
		else if (!strcmp(argv[i], "--all"))
			all = true;
		else if (!strcmp(argv[i], "--list"))
			list = true;
		else if (!strcmp(argv[i], "--quiet"))
			quiet = true;
		else if (!strcmp(argv[i], "--run") && i + 1 < argc)
			run = strtoll(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--limit") && i + 1 < argc)
			limit = strtol(argv[++i], NULL, 10);
		else
			return cmd_usage(&cmd_recheck, "不认识的参数：%s", "unknown argument: %s", argv[i]);
	}
	date_t day = date_today();
	if (!data)
		return cmd_usage(&cmd_recheck, "需要 --data DIR", "--data DIR is needed");
	if (date && parse_day(date, &day))
		return cmd_usage(&cmd_recheck, "--date 应为 YYYY-MM-DD：%s", "--date must be YYYY-MM-DD: %s",
		                 date);
	if (*region && (strspn(region, "0123456789") != strlen(region) || !region_code_within(region, "43")))
		return cmd_usage(&cmd_recheck, "--region 应为湖南的区划代码：%s",
		                 "--region must be a Hunan code: %s", region);
	struct error e;
	error_clear(&e);
	struct store *s = NULL;
	struct vf_policy *p = NULL;
	int rc = cmd_open_data(data, &s, &e);
	struct vf_recheck_report rep;
	memset(&rep, 0, sizeof rep);
	struct progress pg;
	progress_init(&pg, quiet);
	const char *who = operator_of(op);
	char scope[16];
	snprintf(scope, sizeof scope, "%s", region);
	if (!rc && as && !*region) { /* the account's own region, unless a narrower one is given */
		struct access_user u;
		if (!(rc = access_user_by_name(s, as, &u, &e)))
			snprintf(scope, sizeof scope, "%s", u.region);
	}
	if (!rc && !list)
		rc = gate_as(s, as, scope, scope, "re-verification (command)", &who, &e);
	if (!rc && !list)
		rc = open_policy(data, &p, &e);
	if (!rc && !list)
		rc = vf_recheck(s, p, scope, day, all, who, &pg, &rep, &e);
	if (!rc && !list) {
		printf(
		    L("复核批次 %" PRId64
		      "：%ld 户，已核对并保存 %ld 户，无授权仅筛查 %ld 户，数据不全 %ld 户\n",
		      "re-check run %" PRId64
		      ": %ld households, %ld verified and stored, %ld screened without authorisation, %ld with incomplete data\n"),
		    rep.run, rep.households, rep.verified, rep.unauthorised, rep.failed);
		for (int c = 0; c < VC_COUNT; c++)
			printf("  %-16s %ld\n", vf_change_name((enum vf_change)c), rep.changes[c]);
		run = rep.run;
	}
	if (!rc) {
		printf(
		    L("待办（紧急程度、户号、变化、原因、结论、金额分、说明）：\n",
		      "worklist (urgency, household, change, cause, decision, benefit in fen, detail):\n"));
		rc = app_worklist_each(s, run, print_work, &limit, &e);
	}
	vf_policy_close(p);
	store_close(s);
	return rc ? cmd_fail(&cmd_recheck, &e) : EXIT_OK;
}

const struct command cmd_recheck = {
	"recheck",
	"--data DIR [--region CODE] [--date D] [--all] [--operator NAME | --as USER] [--quiet] | --data DIR --list "
	"[--run N] "
	"[--limit N]",
	"集中复核：重新核对在保家庭（--all 为全部家庭），生成待办清单",
	"centralised re-verification of beneficiary households (--all: every household), with a worklist",
	run_recheck,
};
