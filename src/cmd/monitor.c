/* monitor.c: `safetynet monitor run|list|evaluate`: dynamic monitoring and early warning
 * (docs/MONITORING.md): a run scores the register's households and moves their warnings, list
 * shows the warnings newest and reddest first, evaluate scores the warnings against a generated
 * county's truth. The work is done by monitor/. */
#include <json-c/json.h>

#include "access/access.h"
#include "cmd/cmd.h"
#include "monitor/monitor.h"
#include "policy/rules.h"

struct args {
	const char *sub, *data, *date, *region, *level, *as, *op, *truth, *limit;
	bool full, all;
};

static int parse(int argc, char **argv, struct args *a)
{
	memset(a, 0, sizeof *a);
	a->sub = argc > 1 ? argv[1] : "";
	for (int i = 2; i < argc; i++) {
		const char *k = argv[i];
		const char **v = !strcmp(k, "--data")       ? &a->data
		                 : !strcmp(k, "--date")     ? &a->date
		                 : !strcmp(k, "--region")   ? &a->region
		                 : !strcmp(k, "--level")    ? &a->level
		                 : !strcmp(k, "--as")       ? &a->as
		                 : !strcmp(k, "--operator") ? &a->op
		                 : !strcmp(k, "--truth")    ? &a->truth
		                 : !strcmp(k, "--limit")    ? &a->limit
		                                            : NULL;
		if (v && i + 1 < argc)
			*v = argv[++i];
		else if (!strcmp(k, "--full"))
			a->full = true;
		else if (!strcmp(k, "--all"))
			a->all = true;
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
	struct mon_run_report rep;
	int rc = mon_run(m, s, day, a->full, operator_of(a->op), &rep, e);
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
	UNUSED(arg);
	char names[1024];
	indicator_names(w->indicators, names, sizeof names);
	printf("%" PRId64 "\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", w->id, mon_level_name(w->level), w->score,
	       w->household, w->raised_day, w->status, w->closed_day, names);
	return 0;
}

static int do_list(struct store *s, const struct args *a, enum mon_level min, long limit, struct error *e)
{
	struct access_user u;
	int rc = a->as ? access_user_by_name(s, a->as, &u, e) : 0;
	if (!rc)
		rc = mon_list(s, a->as ? &u : NULL, operator_of(a->op), a->region, min, a->all, limit,
		              print_warning, NULL, e);
	return rc;
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
	enum mon_level min = ML_YELLOW;
	if (a.level && (mon_level_parse(a.level, &min) || min == ML_NONE))
		return cmd_usage(&cmd_monitor, "--level 应为 yellow、orange 或 red：%s",
		                 "--level must be yellow, orange or red: %s", a.level);
	char *end = NULL;
	long limit = a.limit ? strtol(a.limit, &end, 10) : 1000;
	if (a.limit && (*end || limit <= 0))
		return cmd_usage(&cmd_monitor, "--limit 应为正整数：%s",
		                 "--limit must be a positive number: %s", a.limit);
	bool is_run = !strcmp(a.sub, "run"), is_eval = !strcmp(a.sub, "evaluate");
	if (!is_run && !is_eval && strcmp(a.sub, "list"))
		return cmd_usage(&cmd_monitor, "需要 run、list 或 evaluate",
		                 "run, list or evaluate is needed");
	if (is_eval && !a.truth)
		return cmd_usage(&cmd_monitor, "evaluate 需要 --truth GENDIR",
		                 "evaluate needs --truth GENDIR");
	struct error e;
	error_clear(&e);
	struct store *s = NULL;
	struct mon_engine *m = NULL;
	char found[4096];
	rc = cmd_open_data(a.data, &s, &e);
	if (!rc && !strcmp(a.sub, "list"))
		rc = do_list(s, &a, min, limit, &e);
	else if (!rc && !(rc = mon_open(rules_policy_dir(a.data, found, sizeof found), a.data, &m, &e))) {
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
	"run --data DIR [--date D] [--full] [--operator NAME] | list --data DIR [--as USER] [--region PREFIX] "
	"[--level yellow|orange|red] [--all] [--limit N] | evaluate --data DIR --truth GENDIR [--limit N]",
	"动态监测预警：按指标为家庭评分、预警（每个事件一次）、列出与评估",
	"dynamic monitoring: score households by the indicators, warn once per episode, list, evaluate",
	run,
};
