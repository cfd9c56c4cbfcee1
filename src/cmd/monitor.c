/* monitor.c: `safetynet monitor run|list|evaluate|send|check|outcome|show|overdue`: dynamic
 * monitoring and early warning (docs/MONITORING.md): a run scores the register's households and
 * moves their warnings, list shows the warnings newest and reddest first, evaluate scores the
 * warnings against a generated county's truth; the lifecycle's steps (send to the township, a
 * field check, the outcome), one warning with its field checks and the overdue list act as a user
 * account (--as) through app/'s use cases. The work is done by monitor/. */
#include <json-c/json.h>

#include "access/access.h"
#include "app/app.h"
#include "base/money.h"
#include "cmd/cmd.h"
#include "monitor/monitor.h"
#include "policy/rules.h"

enum { MAX_CORRECTIONS = 16 };

struct args {
	const char *sub, *data, *date, *region, *level, *as, *op, *truth, *limit, *status, *id;
	const char *visit, *staff, *findings, *income, *spending;     /* check */
	const char *kind, *reason, *indicator, *case_id, *department; /* outcome */
	const char *correction[MAX_CORRECTIONS];
	size_t ncorrections;
	bool full, all, quiet;
};

static int parse(int argc, char **argv, struct args *a)
{
	memset(a, 0, sizeof *a);
	a->sub = argc > 1 ? argv[1] : "";
	for (int i = 2; i < argc; i++) {
		const char *k = argv[i];
		const char **v = !strcmp(k, "--data")         ? &a->data
		                 : !strcmp(k, "--date")       ? &a->date
		                 : !strcmp(k, "--region")     ? &a->region
		                 : !strcmp(k, "--level")      ? &a->level
		                 : !strcmp(k, "--as")         ? &a->as
		                 : !strcmp(k, "--operator")   ? &a->op
		                 : !strcmp(k, "--truth")      ? &a->truth
		                 : !strcmp(k, "--limit")      ? &a->limit
		                 : !strcmp(k, "--status")     ? &a->status
		                 : !strcmp(k, "--visit")      ? &a->visit
		                 : !strcmp(k, "--staff")      ? &a->staff
		                 : !strcmp(k, "--findings")   ? &a->findings
		                 : !strcmp(k, "--income")     ? &a->income
		                 : !strcmp(k, "--spending")   ? &a->spending
		                 : !strcmp(k, "--kind")       ? &a->kind
		                 : !strcmp(k, "--reason")     ? &a->reason
		                 : !strcmp(k, "--indicator")  ? &a->indicator
		                 : !strcmp(k, "--case")       ? &a->case_id
		                 : !strcmp(k, "--department") ? &a->department
		                                              : NULL;
		if (v && i + 1 < argc)
			*v = argv[++i];
		else if (!strcmp(k, "--correction") && i + 1 < argc && a->ncorrections < MAX_CORRECTIONS)
			a->correction[a->ncorrections++] = argv[++i];
		else if (k[0] != '-' && !a->id)
			a->id = k;
		else if (!strcmp(k, "--full"))
			a->full = true;
		else if (!strcmp(k, "--all"))
			a->all = true;
		else if (!strcmp(k, "--quiet"))
			a->quiet = true;
		else
			return cmd_usage(&cmd_monitor, "不认识的参数：%s", "unknown argument: %s", k);
	}
	if (!a->data)
		return cmd_usage(&cmd_monitor, "需要 --data DIR", "--data DIR is needed");
	return 0;
}

static const char *operator_of(const char *given)
{
	const char *u = getenv("USER");
	return given ? given : u && *u ? u : "unknown";
}

static int do_run(struct mon_engine *m, struct store *s, const struct args *a, date_t day, struct error *e)
{
	struct progress pg;
	progress_init(&pg, a->quiet);
	struct mon_run_report rep;
	int rc = mon_run(m, s, day, a->full, operator_of(a->op), &pg, &rep, e);
	if (rc)
		return rc;
	printf("%s\t%" PRId64 "\t%s\n", L("监测批次", "run"), rep.run,
	       rep.full ? L("全量", "full") : L("增量", "incremental"));
	printf("%s\t%ld\t%s\t%ld\t%s\t%ld\n", L("评分户数", "households scored"), rep.scored,
	       L("失败", "failed"), rep.failed, L("在办预警", "open warnings"), rep.open);
	printf("%s\t%ld\t%s\t%ld\t%s\t%ld\n", L("新预警", "raised"), rep.raised, L("更新", "updated"),
	       rep.updated, L("条件消失关闭", "ended"), rep.ended);
	if (rep.failed)
		fprintf(stderr, "safetynet monitor: %s%s\n",
		        L("首个无法评分的户：", "the first household that failed: "),
		        error_msg(&rep.first_failure));
	return 0;
}

/* the indicators' names of a warning's JSON, comma-separated */
static void indicator_names(const char *json, char *out, size_t cap)
{
	out[0] = '\0';
	struct json_object *arr = json_tokener_parse(json);
	size_t used = 0;
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *name;
		if (json_object_object_get_ex(json_object_array_get_idx(arr, i), "indicator", &name))
			used += (size_t)snprintf(out + used, used < cap ? cap - used : 0, "%s%s",
			                         i ? "," : "", json_object_get_string(name));
	}
	json_object_put(arr);
}

static int print_warning(void *arg, const struct mon_warning *w)
{
	const date_t *day = arg;
	char names[1024];
	indicator_names(w->indicators, names, sizeof names);
	printf("%" PRId64 "\t%s\t%d\t%s\t%s\t%s\t%s\t%s%s\n", w->id, mon_level_name(w->level), w->score,
	       w->household, w->raised_day, mon_status_name(w->status),
	       w->closed_day[0] ? w->closed_day : w->due_day, names,
	       day && mon_overdue(w, *day) ? L("\t逾期", "\toverdue") : "");
	return 0;
}

static int do_list(struct store *s, const struct args *a, struct mon_filter *f, struct error *e)
{
	struct access_user u;
	int rc = a->as ? access_user_by_name(s, a->as, &u, e) : 0;
	if (!rc)
		rc =
		    app_warnings_list(s, a->as ? &u : NULL, operator_of(a->op), f, print_warning, &f->day, e);
	return rc;
}

/* ---- the lifecycle ---- */

static int show_warning(void *arg, const struct mon_warning *w)
{
	UNUSED(arg);
	char names[1024];
	indicator_names(w->indicators, names, sizeof names);
	enum lang l = lang_current();
	printf("%s\t%" PRId64 "\n", L("预警", "warning"), w->id);
	printf("%s\t%s\n", L("户号", "household"), w->household);
	printf("%s\t%s\t%d\n", L("等级", "level"), mon_level_name(w->level), w->score);
	printf("%s\t%s\t%s\n", L("状态", "status"), mon_status_name(w->status),
	       mon_status_label(w->status, l));
	printf("%s\t%s\n", L("产生", "raised"), w->raised_day);
	printf("%s\t%s\n", L("指标", "indicators"), names);
	if (w->sent_day[0])
		printf("%s\t%s\t%s\t%s\t%s\n", L("派发", "sent"), w->sent_day, w->sent_by, L("期限", "due"),
		       w->due_day);
	if (w->outcome) {
		printf("%s\t%s\t%s\t%s\n", L("处置结果", "outcome"), mon_outcome_name(w->outcome),
		       mon_outcome_label(w->outcome, l), w->closed_day);
		if (w->case_id)
			printf("%s\t%" PRId64 "\n", L("案件", "case"), w->case_id);
		if (w->department[0])
			printf("%s\t%s\n", L("接收部门", "department"), w->department);
		if (w->misleading[0])
			printf("%s\t%s\n", L("误导指标", "misleading indicator"), w->misleading);
		if (w->outcome_reason[0])
			printf("%s\t%s\n", L("理由", "reason"), w->outcome_reason);
		printf("%s\t%s\n", L("办理人", "by"), w->outcome_by);
	} else if (w->closed_day[0]) {
		printf("%s\t%s\n", L("关闭", "closed"), w->closed_day);
	}
	return 0;
}

static void yuan(int64_t fen, char out[MONEY_STR_SIZE])
{
	if (fen < 0)
		snprintf(out, MONEY_STR_SIZE, "-");
	else
		money_format(fen, out);
}

static int show_check(void *arg, const struct mon_check *c)
{
	UNUSED(arg);
	char in[MONEY_STR_SIZE], out[MONEY_STR_SIZE];
	yuan(c->income_fen, in);
	yuan(c->spending_fen, out);
	printf("%s\t%" PRId64 "\t%s\t%s,%s\t%s\t%s\t%s\t%s\t%s\n", L("入户核查", "field check"), c->id,
	       c->visit_day, c->staff1, c->staff2, L("自述月收入", "stated monthly income"), in,
	       L("支出", "spending"), out, c->findings);
	if (strcmp(c->corrections, "[]"))
		printf("%s\t%s\n", L("更正", "corrections"), c->corrections);
	return 0;
}

/* yuan text into fen (-1 when not given); refused naming the option */
static int money_opt(const char *v, const char *name, int64_t *fen, struct error *e)
{
	*fen = -1;
	if (!v)
		return 0;
	fen_t f;
	if (money_parse_range(v, strlen(v), 0, (fen_t)1000000000 * 100, &f, e)) {
		error_field(e, name);
		return ERR_INVAL;
	}
	*fen = f;
	return 0;
}

static int do_step(struct store *s, const struct args *a, int64_t id, date_t day, struct error *e)
{
	struct access_user u;
	int rc = access_user_by_name(s, a->as, &u, e);
	if (rc)
		return rc;
	if (!strcmp(a->sub, "show"))
		return app_warning_show(s, &u, id, show_warning, show_check, NULL, e);
	if (!strcmp(a->sub, "send"))
		rc = app_warning_send(s, &u, id, day, e);
	if (!strcmp(a->sub, "check")) {
		struct mon_correction corr[MAX_CORRECTIONS];
		char text[MAX_CORRECTIONS][1200];
		for (size_t i = 0; i < a->ncorrections; i++) {
			/* RESOURCE|FIELD|OLD|NEW|REASON */
			snprintf(text[i], sizeof text[i], "%s", a->correction[i]);
			const char *part[5] = { "", "", "", "", "" };
			char *p = text[i];
			for (int k = 0; k < 5 && p; k++) {
				part[k] = p;
				char *bar = strchr(p, '|');
				if (bar)
					*bar = '\0';
				p = bar ? bar + 1 : NULL;
			}
			corr[i] = (struct mon_correction){ part[0], part[1], part[2], part[3], part[4] };
		}
		struct mon_check_in in = { a->visit, a->staff, a->findings, -1, -1, corr, a->ncorrections };
		int64_t check = 0;
		if (!(rc = money_opt(a->income, "income", &in.income_fen, e)) &&
		    !(rc = money_opt(a->spending, "spending", &in.spending_fen, e)) &&
		    !(rc = app_warning_check(s, &u, id, day, &in, &check, e)))
			printf("%s\t%" PRId64 "\n", L("入户核查记录", "field check"), check);
	}
	if (!strcmp(a->sub, "outcome")) {
		struct mon_outcome_in in = { a->kind, a->reason, a->indicator, a->department, 0 };
		char *end = NULL;
		if (a->case_id) {
			in.case_id = strtoll(a->case_id, &end, 10);
			if (*end || in.case_id <= 0)
				in.case_id = -1;
		}
		rc = app_warning_outcome(s, &u, id, day, &in, e);
	}
	return rc ? rc : app_warning_show(s, &u, id, show_warning, show_check, NULL, e);
}

static int fail_field(const struct error *e)
{
	if (e->field[0])
		fprintf(stderr, "safetynet monitor: %s (%s %s)\n", error_msg(e), L("字段", "field"),
		        e->field);
	else
		fprintf(stderr, "safetynet monitor: %s\n", error_msg(e));
	return EXIT_FAIL;
}

static int run(int argc, char **argv)
{
	struct args a;
	int rc = parse(argc, argv, &a);
	if (rc)
		return rc;
	date_t day = date_today();
	if (a.date && (strlen(a.date) != 10 || date_parse(a.date, 10, &day)))
		return cmd_usage(&cmd_monitor, "--date：不是有效日期（YYYY-MM-DD）：%s",
		                 "--date: not a valid date (YYYY-MM-DD): %s", a.date);
	struct mon_filter f = { a.region, ML_YELLOW, a.all ? -1 : MS_COUNT, false, day, 0, NULL };
	enum mon_level min = ML_YELLOW;
	if (a.level && (mon_level_parse(a.level, &min) || min == ML_NONE))
		return cmd_usage(&cmd_monitor, "--level 应为 yellow、orange 或 red：%s",
		                 "--level must be yellow, orange or red: %s", a.level);
	char *end = NULL;
	long limit = a.limit ? strtol(a.limit, &end, 10) : 1000;
	if (a.limit && (*end || limit <= 0))
		return cmd_usage(&cmd_monitor, "--limit 应为正整数：%s",
		                 "--limit must be a positive number: %s", a.limit);
	f.min_level = min;
	f.limit = limit;
	if (a.status && strcmp(a.status, "all")) {
		enum mon_status st;
		if (mon_status_parse(a.status, &st))
			return cmd_usage(
			    &cmd_monitor, "--status 应为 new、sent、checking、closed、ended 或 all：%s",
			    "--status must be new, sent, checking, closed, ended or all: %s", a.status);
		f.status = (int)st;
	} else if (a.status) {
		f.status = -1;
	}
	bool is_run = !strcmp(a.sub, "run"), is_eval = !strcmp(a.sub, "evaluate");
	bool is_list = !strcmp(a.sub, "list"), is_overdue = !strcmp(a.sub, "overdue");
	bool is_step = !strcmp(a.sub, "send") || !strcmp(a.sub, "check") || !strcmp(a.sub, "outcome") ||
	               !strcmp(a.sub, "show");
	if (!is_run && !is_eval && !is_list && !is_overdue && !is_step)
		return cmd_usage(&cmd_monitor,
		                 "需要 run、list、evaluate、send、check、outcome、show 或 overdue",
		                 "run, list, evaluate, send, check, outcome, show or overdue is needed");
	int64_t id = 0;
	if (is_step) {
		char *idend = NULL;
		id = a.id ? strtoll(a.id, &idend, 10) : 0;
		if (!a.id || *idend || id <= 0)
			return cmd_usage(&cmd_monitor, "需要预警编号（warning）",
			                 "the warning's number is needed (warning)");
	}
	if ((is_step || is_overdue) && !a.as)
		return cmd_usage(&cmd_monitor, "%s 需要 --as 用户名", "%s needs --as USER", a.sub);
	if (is_eval && !a.truth)
		return cmd_usage(&cmd_monitor, "evaluate 需要 --truth GENDIR",
		                 "evaluate needs --truth GENDIR");
	struct error e;
	error_clear(&e);
	struct store *s = NULL;
	struct mon_engine *m = NULL;
	char found[4096];
	rc = cmd_open_data(a.data, &s, &e);
	if (!rc && (is_list || is_overdue)) {
		f.overdue = is_overdue;
		rc = do_list(s, &a, &f, &e);
	} else if (!rc && is_step) {
		rc = do_step(s, &a, id, day, &e);
		store_close(s);
		return rc ? fail_field(&e) : EXIT_OK;
	} else if (!rc && !(rc = mon_open(rules_policy_dir(a.data, found, sizeof found), a.data, &m, &e))) {
		struct mon_eval_report rep;
		rc = is_run ? do_run(m, s, &a, day, &e)
		            : mon_evaluate(m, s, a.truth, a.limit ? limit : 0, stdout, &rep, &e);
	}
	mon_close(m);
	store_close(s);
	return rc ? cmd_fail(&cmd_monitor, &e) : EXIT_OK;
}

const struct command cmd_monitor = {
	"monitor",
	"run --data DIR [--date D] [--full] [--operator NAME] [--quiet] | list --data DIR [--as USER] [--region PREFIX] "
	"[--level yellow|orange|red] [--status S|--all] [--limit N] | evaluate --data DIR --truth GENDIR [--limit N] | "
	"send ID --data DIR --as USER [--date D] | check ID --data DIR --as USER --visit D --staff A,B "
	"--findings TEXT [--income YUAN] [--spending YUAN] [--correction 'RES|FIELD|OLD|NEW|REASON']... "
	"[--date D] | outcome ID --data DIR --as USER --kind case|referral|charity|no_need|false_alarm "
	"[--case N] [--department TEXT] [--reason TEXT] [--indicator RULE] [--date D] | show ID --data DIR "
	"--as USER | overdue --data DIR --as USER [--region PREFIX] [--date D]",
	"动态监测预警：按指标为家庭评分、预警（每个事件一次）、派发乡镇、入户核查、处置、逾期督办、列出与评估",
	"dynamic monitoring: score households, warn once per episode, send to the township, field checks, "
	"outcomes, the overdue list, list, evaluate",
	run,
};
