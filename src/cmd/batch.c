/* batch.c: `safetynet batch list|show --data DIR`: the hub's batches and their rejects. */
#include "cmd/cmd.h"
#include "app/app.h"
#include "hub/hub_repo.h"

static void counts(const struct hub_db_batch_counts *n)
{
	printf(L("读取 %" PRId64 "，接收 %" PRId64 "，拒收 %" PRId64 "，新增 %" PRId64 "，更新 %" PRId64
	         "，未变 %" PRId64 "，关闭 %" PRId64 "，事实 %" PRId64 "，待关联身份证号 %" PRId64,
	         "read %" PRId64 ", accepted %" PRId64 ", rejected %" PRId64 ", inserted %" PRId64
	         ", updated %" PRId64 ", unchanged %" PRId64 ", closed %" PRId64 ", facts %" PRId64
	         ", IDs to link %" PRId64),
	       n->read, n->accepted, n->rejected, n->inserted, n->updated, n->unchanged, n->closed, n->facts,
	       n->unresolved_ids);
}

static int list_one(void *arg, const struct hub_db_batch_row *b)
{
	UNUSED(arg);
	printf("%" PRId64 "\t%s\t%s\t%s\t%s\t", b->id, b->resource, b->mode, b->status, b->finished_at);
	counts(&b->n);
	printf("\n");
	return 0;
}

static int show_one(void *arg, const struct hub_db_batch_row *b)
{
	UNUSED(arg);
	printf("%s\t%" PRId64 "\n%s\t%s\n%s\t%s\n", L("批次", "batch"), b->id, L("资源", "resource"),
	       b->resource, L("文件", "file"), b->file);
	printf("SHA-256\t%s\n%s\t%s\n%s\t%s\n%s\t%s — %s\n", b->sha256, L("方式", "mode"), b->mode,
	       L("状态", "status"), b->status, L("时间", "time"), b->started_at, b->finished_at);
	printf("%s\t", L("计数", "counts"));
	counts(&b->n);
	printf("\n");
	return 0;
}

static int reject_one(void *arg, uint64_t line, const char *field, const char *reason)
{
	UNUSED(arg);
	printf("  %" PRIu64 "\t%s\t%s\n", line, field[0] ? field : "-", reason);
	return 0;
}

static int run(int argc, char **argv)
{
	const char *data = NULL, *arg = NULL;
	long limit = 50;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc) {
			data = argv[++i];
		} else if (!strcmp(argv[i], "--rejects") && i + 1 < argc) {
			char *end;
			limit = strtol(argv[++i], &end, 10);
			if (*end || limit < 0)
				return cmd_usage(&cmd_batch, "--rejects 应为非负整数",
				                 "--rejects takes a whole number of 0 or more");
		} else if (!arg && argv[i][0] != '-') {
			arg = argv[i];
		} else {
			return cmd_usage(&cmd_batch, "不认识的参数 %s", "an argument not understood: %s",
			                 argv[i]);
		}
	}
	bool list = argc > 1 && !strcmp(argv[1], "list"), show = argc > 1 && !strcmp(argv[1], "show");
	char *end = NULL;
	long long id = show && arg ? strtoll(arg, &end, 10) : 0;
	if (!data || (!list && !show) || (show && (!arg || *end || id <= 0)))
		return cmd_usage(&cmd_batch, "需要 list 或 show 批次号，以及 --data",
		                 "needs list, or show with a batch number, and --data");
	struct store *s = NULL;
	struct error e;
	error_clear(&e);
	int rc = cmd_open_data(data, &s, &e);
	if (rc == 0 && list) {
		printf("%s\n", L("批次\t资源\t方式\t状态\t完成时间\t计数",
		                 "batch\tresource\tmode\tstatus\tfinished\tcounts"));
		rc = app_batches_each(s, arg, 0, list_one, NULL, &e);
	} else if (rc == 0) {
		rc = app_batches_each(s, NULL, id, show_one, NULL, &e);
		if (rc == 0 && limit > 0) {
			printf("%s\n", L("拒收（行、字段、原因）", "rejects (line, field, reason)"));
			rc = app_rejects_each(s, id, limit, reject_one, NULL, &e);
		}
	}
	store_close(s);
	return rc ? cmd_fail(&cmd_batch, &e) : EXIT_OK;
}

const struct command cmd_batch = {
	"batch",
	"list [RESOURCE] | show BATCH [--rejects N]  --data DIR",
	"查看入库批次及其拒收明细",
	"the hub's batches and their rejects",
	run,
};
