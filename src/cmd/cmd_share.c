/* cmd_share.c: `safetynet share add|approve|pull|ack|list --data DIR …`: sharing tasks. */
#include "app/app.h"
#include "audit/audit.h"
#include "cmd/cmd.h"
#include "hub/hub_repo.h"

struct opts {
	const char *data, *consumer, *resource, *fields, *region, *since, *by, *ref, *out;
	long limit;
	const char *pos[3];
	int npos;
};

static int parse(int argc, char **argv, struct opts *o)
{
	memset(o, 0, sizeof *o);
	o->region = o->since = "";
	static const struct {
		const char *name;
		size_t off;
	} named[] = {
		{ "--data", offsetof(struct opts, data) },
		{ "--consumer", offsetof(struct opts, consumer) },
		{ "--resource", offsetof(struct opts, resource) },
		{ "--fields", offsetof(struct opts, fields) },
		{ "--region", offsetof(struct opts, region) },
		{ "--since", offsetof(struct opts, since) },
		{ "--by", offsetof(struct opts, by) },
		{ "--ref", offsetof(struct opts, ref) },
		{ "--out", offsetof(struct opts, out) },
	};
	for (int i = 2; i < argc; i++) {
		size_t k = 0;
		while (k < ARRAY_SIZE(named) && strcmp(argv[i], named[k].name))
			k++;
		if (k < ARRAY_SIZE(named) && i + 1 < argc) {
			memcpy((char *)o + named[k].off, &argv[++i], sizeof(char *));
		} else if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
			char *end;
			o->limit = strtol(argv[++i], &end, 10);
			if (*end || o->limit <= 0)
				return cmd_usage(&cmd_share, "--limit 应为正整数",
				                 "--limit takes a positive whole number");
		} else if (o->npos < 3 && argv[i][0] != '-') {
			o->pos[o->npos++] = argv[i];
		} else {
			return cmd_usage(&cmd_share, "不认识的参数 %s", "an argument not understood: %s",
			                 argv[i]);
		}
	}
	if (!o->data)
		return cmd_usage(&cmd_share, "需要 --data", "needs --data");
	return 0;
}

static bool to_id(const char *s, int64_t *out)
{
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || *end || v <= 0)
		return false;
	*out = v;
	return true;
}

static int list_one(void *arg, const struct hub_db_task *t)
{
	struct store *s = arg;
	char now[4096];
	struct error e;
	if (hub_share_fields_now(s, t->id, now, sizeof now, &e))
		snprintf(now, sizeof now, "?");
	printf("%" PRId64 "\t%s\t%s\t%s\t%s\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%s\n", t->id, t->consumer,
	       t->resource, t->fields, now[0] ? now : "-", t->deliveries, t->delivered, t->acked_records,
	       t->last_delivery_at[0] ? t->last_delivery_at : "-");
	return 0;
}

/* A committed pull's records, copied from where they waited to path (stdout when NULL). */
static int publish(FILE *pulled, const char *path, struct error *e)
{
	FILE *out = path ? fopen(path, "w") : stdout;
	if (!out)
		return error_set(e, ERR_IO, "无法写入 %s：%s", "cannot write %s: %s", path, strerror(errno));
	char chunk[65536];
	size_t n;
	bool ok = fseek(pulled, 0, SEEK_SET) == 0;
	while (ok && (n = fread(chunk, 1, sizeof chunk, pulled)) > 0)
		ok = fwrite(chunk, 1, n, out) == n;
	ok = ok && !ferror(pulled) && fflush(out) == 0;
	if (out != stdout && fclose(out) != 0)
		ok = false;
	return ok ? 0
	          : error_set(e, ERR_IO, "无法写入 %s：%s", "cannot write %s: %s", path ? path : "stdout",
	                      strerror(errno));
}

/* share add: the task, and how many conditional fields wait for approval */
static int add(struct store *s, const struct app_by *by, const char *subject, const struct opts *o,
               struct error *e)
{
	int64_t task;
	int pending;
	int rc = app_share_add(s, by, subject, o->consumer, o->resource, o->fields, o->region, o->since,
	                       &task, &pending, e);
	if (rc == 0)
		printf(L("已建立共享任务 %" PRId64 "，%d 个有条件字段待审批后才会投递\n",
		         "created sharing task %" PRId64
		         "; %d conditional fields wait for approval before they flow\n"),
		       task, pending);
	return rc;
}

/* share pull: the records wait in a file of their own and go out only once the delivery and its
 * audit entry have committed: nothing leaves unrecorded */
static int pull(struct store *s, const struct app_by *by, const char *subject, int64_t task,
                const struct opts *o, struct error *e)
{
	struct hub_delivery d;
	FILE *pulled = tmpfile();
	if (!pulled)
		return error_set(e, ERR_IO, "无法创建临时文件：%s", "cannot create a temporary file: %s",
		                 strerror(errno));
	int rc = app_share_pull(s, by, subject, task, o->limit, pulled, &d, e);
	if (rc == 0 && (rc = publish(pulled, o->out, e)) == 0)
		fprintf(stderr,
		        L("投递 %" PRId64 "：%" PRId64 " 条记录，%" PRId64
		          " 字节，SHA-256 %s；确认后游标前进到 %" PRId64 "\n",
		          "delivery %" PRId64 ": %" PRId64 " records, %" PRId64
		          " bytes, SHA-256 %s; acknowledge to move the cursor to %" PRId64 "\n"),
		        d.id, d.records, d.bytes, d.sha256, d.to);
	fclose(pulled);
	return rc;
}

/* the subcommand, once its arguments are checked (a usage error returns EXIT_USAGE, else 0 with
 * *rc the outcome) */
static int act(struct store *s, const char *sub, const struct opts *o, int *rc, struct error *e)
{
	/* a change and its audit entry (the data folder's operator, as the other commands) commit
	 * together */
	const char *who = getenv("USER") ? getenv("USER") : "unknown";
	struct app_by by = { NULL, who };
	char subject[80];
	int64_t task, delivery;
	snprintf(subject, sizeof subject, "%s%s", !strcmp(sub, "add") ? "" : "task:",
	         !strcmp(sub, "add") ? (o->resource ? o->resource : "")
	         : o->npos           ? o->pos[0]
	                             : "");
	if (!strcmp(sub, "add")) {
		if (!o->consumer || !o->resource || !o->fields)
			return cmd_usage(&cmd_share, "add 需要 --consumer、--resource 和 --fields",
			                 "add needs --consumer, --resource and --fields");
		*rc = add(s, &by, subject, o, e);
	} else if (!strcmp(sub, "approve")) {
		if (o->npos != 2 || !to_id(o->pos[0], &task))
			return cmd_usage(&cmd_share, "approve 需要任务号和字段名",
			                 "approve needs a task number and a field");
		if ((*rc = app_share_approve(s, &by, subject, task, o->pos[1], o->by, o->ref, e)) == 0)
			printf(L("已记录审批：任务 %" PRId64 " 的字段“%s”\n",
			         "approval recorded: task %" PRId64 ", field %s\n"),
			       task, o->pos[1]);
	} else if (!strcmp(sub, "pull")) {
		if (o->npos != 1 || !to_id(o->pos[0], &task))
			return cmd_usage(&cmd_share, "pull 需要任务号", "pull needs a task number");
		*rc = pull(s, &by, subject, task, o, e);
	} else if (!strcmp(sub, "ack")) {
		if (o->npos != 2 || !to_id(o->pos[0], &task) || !to_id(o->pos[1], &delivery))
			return cmd_usage(&cmd_share, "ack 需要任务号和投递号",
			                 "ack needs a task number and a delivery number");
		if ((*rc = app_share_ack(s, who, subject, task, delivery, e)) == 0)
			printf(L("已确认投递 %" PRId64 "\n", "delivery %" PRId64 " acknowledged\n"),
			       delivery);
	} else if (!strcmp(sub, "list")) {
		printf(
		    "%s\n",
		    L("任务\t使用方\t资源\t订阅字段\t当前可投递字段\t投递次数\t已投递\t已确认\t最近投递",
		      "task\tconsumer\tresource\tfields\tdeliverable now\tdeliveries\tdelivered\tacknowledged\tlast delivery"));
		*rc = app_tasks_each(s, list_one, s, e);
	} else {
		return cmd_usage(&cmd_share, "没有子命令“%s”", "no subcommand '%s'", sub);
	}
	return 0;
}

static int run(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";
	struct opts o;
	int urc = parse(argc, argv, &o);
	if (urc)
		return urc;
	struct store *s = NULL;
	struct error e;
	error_clear(&e);
	int rc = cmd_open_data(o.data, &s, &e);
	if (!rc)
		urc = act(s, sub, &o, &rc, &e);
	store_close(s);
	if (urc)
		return urc;
	return rc ? cmd_fail(&cmd_share, &e) : EXIT_OK;
}

const struct command cmd_share = {
	"share",
	"add|approve|pull|ack|list --data DIR ...",
	"数据共享任务：订阅、审批、拉取、确认、对账",
	"sharing tasks: subscribe, approve, pull, acknowledge, reconcile",
	run,
};
