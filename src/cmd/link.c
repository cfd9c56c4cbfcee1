/* link.c: `safetynet link run|review|accept|reject|explain|stats|evaluate --data DIR`: person
 * linkage over the hub's records, its review queue, and its score against generated truth. */
#include <json-c/json.h>

#include "app/app.h"
#include "cmd/cmd.h"
#include "link/link_repo.h"

static int print_evidence(const char *json)
{
	struct json_object *o = json_tokener_parse(json);
	if (!o)
		return 0;
	for (int f = 0; f < LKF_N; f++) {
		struct json_object *fo, *lv, *w;
		if (!json_object_object_get_ex(o, lk_field_name((enum lk_field)f), &fo))
			continue;
		json_object_object_get_ex(fo, "level", &lv);
		json_object_object_get_ex(fo, "weight", &w);
		printf("    %-7s %-16s %+7.2f\n", lk_field_name((enum lk_field)f),
		       lv ? json_object_get_string(lv) : "-", w ? json_object_get_double(w) : 0.0);
	}
	struct json_object *next, *id, *sc;
	if (json_object_object_get_ex(o, "next", &next) && json_object_object_get_ex(next, "idno", &id) &&
	    json_object_object_get_ex(next, "score", &sc))
		printf("  %s %s %+.2f\n", L("次优候选：", "runner-up:"), json_object_get_string(id),
		       json_object_get_double(sc));
	json_object_put(o);
	return 0;
}

static int show_link(void *arg, const struct lk_db_link_view *v)
{
	bool detail = arg != NULL;
	printf("%" PRId64 "\t%s\t%" PRIu64 "\t%s\t%s\t%s\t%.2f\t%s %s\n", v->l.record, v->resource, v->line,
	       v->l.field, v->l.outcome, v->l.reason[0] ? v->l.reason : "-", v->l.score,
	       v->person_idno[0] ? v->person_idno : "-", v->person_name[0] ? v->person_name : "");
	if (detail)
		printf("  %s %s%s %d\n", L("方法：", "method:"), v->l.method,
		       L("，模型版本", ", model version"), v->l.model);
	if (detail) {
		printf("  %s %s\n", L("记录数据：", "record data:"), v->data);
		printf("  %s\n",
		       L("比较（字段、级别、权重/比特）：", "comparison (field, level, weight in bits):"));
		print_evidence(v->l.evidence);
	}
	return 0;
}

static int show_count(void *arg, const char *outcome, int64_t n)
{
	UNUSED(arg);
	printf("%s\t%" PRId64 "\n", outcome, n);
	return 0;
}

static int parse_record(const char *s, int64_t *out)
{
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || *end || v <= 0)
		return -1;
	*out = v;
	return 0;
}

static int run(int argc, char **argv)
{
	const char *data = NULL, *sub = argc > 1 ? argv[1] : "", *arg = NULL, *reg = NULL, *truth = NULL,
	           *by = NULL, *note = "", *outcome = "";
	long limit = 50;
	bool keep_model = false, quiet = false;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
		else if (!strcmp(argv[i], "--register") && i + 1 < argc)
			reg = argv[++i];
		else if (!strcmp(argv[i], "--truth") && i + 1 < argc)
			truth = argv[++i];
		else if (!strcmp(argv[i], "--by") && i + 1 < argc)
			by = argv[++i];
		else if (!strcmp(argv[i], "--note") && i + 1 < argc)
			note = argv[++i];
		else if (!strcmp(argv[i], "--outcome") && i + 1 < argc)
			outcome = argv[++i];
		else if (!strcmp(argv[i], "--keep-model"))
			keep_model = true;
		else if (!strcmp(argv[i], "--quiet"))
			quiet = true;
		else if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
			char *end;
			limit = strtol(argv[++i], &end, 10);
			if (*end || limit <= 0)
				return cmd_usage(&cmd_link, "--limit 应为正整数",
				                 "--limit takes a whole number above 0");
		} else if (!arg && argv[i][0] != '-')
			arg = argv[i];
		else
			return cmd_usage(&cmd_link, "不认识的参数 %s", "an argument not understood: %s",
			                 argv[i]);
	}
	static const char *const subs[] = { "run",    "review",  "list",  "accept",
		                            "reject", "explain", "stats", "evaluate" };
	bool known = false;
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		known |= !strcmp(sub, subs[i]);
	if (!data || !known)
		return cmd_usage(
		    &cmd_link,
		    "需要子命令（run、review、list、accept、reject、explain、stats、evaluate）和 --data",
		    "needs a subcommand (run, review, list, accept, reject, explain, stats, evaluate) and --data");
	int64_t record = 0;
	bool needs_record = !strcmp(sub, "accept") || !strcmp(sub, "reject") || !strcmp(sub, "explain");
	if (needs_record && parse_record(arg, &record))
		return cmd_usage(&cmd_link, "%s 需要一个记录编号", "%s needs a record number", sub);
	if (!strcmp(sub, "evaluate") && !truth)
		return cmd_usage(&cmd_link, "evaluate 需要 --truth 生成数据目录",
		                 "evaluate needs --truth GENERATED_DIR");
	struct store *s = NULL;
	struct error e;
	error_clear(&e);
	int rc = cmd_open_data(data, &s, &e);
	if (rc == 0 && !strcmp(sub, "run")) {
		struct progress pg;
		progress_init(&pg, quiet);
		struct lk_run_report r;
		rc = lk_run(s, reg, 0, !keep_model, &pg, &r, &e);
		if (rc == 0)
			printf(L("人员 %" PRId64 "，核对记录 %" PRId64 "，精确关联 %" PRId64
			         "，自动关联 %" PRId64 "，待审核 %" PRId64 "，未关联 %" PRId64
			         "，保留审核决定 %" PRId64 "，新增事实 %" PRId64
			         "，模型版本 %d，用时 %.1f 秒\n",
			         "persons %" PRId64 ", records checked %" PRId64 ", exact %" PRId64
			         ", linked automatically %" PRId64 ", for review %" PRId64
			         ", unlinked %" PRId64 ", reviewers' decisions kept %" PRId64
			         ", facts added %" PRId64 ", model version %d, %.1f s\n"),
			       r.persons, r.records_checked, r.exact, r.auto_linked, r.review, r.unlinked,
			       r.kept_decisions, r.facts_added, r.model_version, r.seconds);
	} else if (rc == 0 && !strcmp(sub, "review")) {
		printf("%s\n", L("记录\t资源\t行\t字段\t结果\t原因\t得分\t候选人员",
		                 "record\tresource\tline\tfield\toutcome\treason\tscore\tcandidate"));
		rc = app_links_each(s, "review", 0, limit, show_link, (void *)1, &e);
	} else if (rc == 0 && !strcmp(sub, "list")) {
		printf("%s\n", L("记录\t资源\t行\t字段\t结果\t原因\t得分\t人员",
		                 "record\tresource\tline\tfield\toutcome\treason\tscore\tperson"));
		rc = app_links_each(s, outcome, 0, limit, show_link, NULL, &e);
	} else if (rc == 0 && (!strcmp(sub, "accept") || !strcmp(sub, "reject"))) {
		int64_t facts;
		rc = lk_decide(s, record, !strcmp(sub, "accept"), by, note, &facts, &e);
		if (rc == 0)
			printf(L("记录 %" PRId64 " 已%s，事实 %" PRId64 " 条\n",
			         "record %" PRId64 " %s, %" PRId64 " facts\n"),
			       record,
			       !strcmp(sub, "accept") ? L("确认关联", "accepted") : L("拒绝关联", "rejected"),
			       facts);
	} else if (rc == 0 && !strcmp(sub, "explain")) {
		rc = app_links_each(s, NULL, record, 1, show_link, (void *)1, &e);
	} else if (rc == 0 && !strcmp(sub, "stats")) {
		rc = app_link_counts(s, show_count, NULL, &e);
	} else if (rc == 0) {
		struct lk_evaluation v;
		rc = lk_evaluate(s, truth, &v, &e);
		if (rc == 0)
			printf(
			    L("记录 %" PRId64 "；含噪记录 %" PRId64 "（入库 %" PRId64
			      "，其中户籍中无此人 %" PRId64 "）：正确关联 %" PRId64 "，错误 %" PRId64
			      "，待审核 %" PRId64 "，未关联 %" PRId64 "\n自动关联 %" PRId64 "，正确 %" PRId64
			      "；待审核总数 %" PRId64
			      "\n精确率 %.4f，召回率 %.4f（户籍在册者 %.4f），审核占比 %.4f%%\n",
			      "records %" PRId64 "; noisy records %" PRId64 " (%" PRId64 " stored, %" PRId64
			      " of persons the register lacks): linked right %" PRId64 ", wrong %" PRId64
			      ", for review %" PRId64 ", unlinked %" PRId64 "\nautomatic links %" PRId64
			      ", right %" PRId64 "; waiting for review %" PRId64
			      "\nprecision %.4f, recall %.4f (of registered persons %.4f), review share %.4f%%\n"),
			    v.records, v.noisy, v.noisy_found, v.noisy_unregistered, v.noisy_linked_right,
			    v.noisy_linked_wrong, v.noisy_review, v.noisy_unlinked, v.auto_links,
			    v.auto_right, v.review, v.precision, v.recall, v.recall_registered,
			    v.review_share * 100);
	}
	store_close(s);
	return rc ? cmd_fail(&cmd_link, &e) : EXIT_OK;
}

const struct command cmd_link = {
	"link",
	"run [--register CODE] [--keep-model] [--quiet] | review [--limit N] | list [--outcome O] [--limit N] | "
	"accept|reject RECORD --by NAME [--note TEXT] | "
	"explain RECORD | stats | evaluate --truth DIR  --data DIR",
	"人员关联：把每条记录关联到户籍人员，审核与评估",
	"person linkage: tie every record to a registered person; review and evaluate",
	run,
};
