/* cmd_audit.c: `safetynet audit verify --data DIR`: proves the audit log unaltered: recomputes its
 * hash chain, checks each entry's MAC under the key kept outside the data folder and the
 * checkpoints in the file beside it (docs/AUDIT.md), and names the first entry that does not fit
 * (an edited, removed or re-chained entry, or the newest entries cut). `audit list` prints the
 * newest entries, refusals as ACTION-refused. */
#include "audit/audit.h"
#include "cmd/cmd.h"
#include "store/store.h"

/* the fault found, on stderr */
static void say_fault(const struct audit_report *r)
{
	switch (r->fault) {
	case AUDIT_FAULT_CHAIN:
		fprintf(stderr,
		        L("审计日志被改动：第 %" PRId64 " 条与哈希链不符\n",
		          "the audit log was altered: entry %" PRId64 " does not fit the hash chain\n"),
		        r->entry);
		break;
	case AUDIT_FAULT_MAC:
		fprintf(stderr,
		        L("审计日志被改动：第 %" PRId64 " 条没有密钥的认证码，哈希链自该条起被重新计算过\n",
		          "the audit log was altered: entry %" PRId64
		          " does not carry the key's MAC: the chain was recomputed from there\n"),
		        r->entry);
		break;
	case AUDIT_FAULT_UNANCHORED:
		fprintf(stderr,
		        L("审计日志被改动：第 %" PRId64 " 条缺少认证码，而此前的条目都有\n",
		          "the audit log was altered: entry %" PRId64
		          " has no MAC though the entries before it have one\n"),
		        r->entry);
		break;
	case AUDIT_FAULT_CUT:
		fprintf(stderr,
		        L("审计日志被截断：日志止于第 %" PRId64 " 条，而 %s 的检查点记录到第 %" PRId64
		          " 条：第 %" PRId64 " 条起的条目被删除\n",
		          "the audit log was cut: it ends at entry %" PRId64 ", but the checkpoint of %s "
		          "recorded entry %" PRId64 ": the entries from %" PRId64 " on were removed\n"),
		        r->last, r->cut_at, r->entry, r->last + 1);
		break;
	case AUDIT_FAULT_DIVERGED:
		fprintf(stderr,
		        L("审计日志被改动：第 %" PRId64 " 条的哈希与检查点记录的不同，日志在此之前被重建\n",
		          "the audit log was altered: entry %" PRId64
		          "'s hash is not the one a checkpoint recorded: the log was rebuilt up to there\n"),
		        r->entry);
		break;
	case AUDIT_FAULT_FORGED:
		fprintf(stderr,
		        L("检查点文件 %s 第 %" PRId64 " 行没有密钥的认证码（被改动或不是本日志的）\n",
		          "the checkpoint file %s: line %" PRId64
		          " does not carry the key's MAC (altered, or not this log's)\n"),
		        r->checkpoint_path, r->line);
		break;
	case AUDIT_FAULT_NO_KEY:
		fprintf(stderr,
		        L("找不到审计密钥 %s：无法证明日志未被改动（设置 SAFETYNET_AUDIT_KEY 指向它）\n",
		          "the audit key %s is missing: the log cannot be proved unaltered (point "
		          "SAFETYNET_AUDIT_KEY at it)\n"),
		        r->key_path);
		break;
	case AUDIT_FAULT_NONE:
		break;
	}
}

/* one entry, tab-separated: id, time, actor, action, subject, detail, anchored or not */
static int print_entry(void *arg, const struct audit_row *r)
{
	UNUSED(arg);
	printf("%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%s\n", r->id, r->at, r->actor, r->action, r->subject,
	       r->detail, r->anchored ? "mac" : "unanchored");
	return 0;
}

static int run(int argc, char **argv)
{
	const char *data = NULL;
	long long last = 20;
	bool list = argc >= 2 && !strcmp(argv[1], "list");
	if (argc < 2 || (strcmp(argv[1], "verify") && !list))
		return cmd_usage(&cmd_audit, "子命令应为 verify 或 list", "the subcommand is verify or list");
	for (int i = 2; i < argc; i++) {
		char *end;
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
		else if (list && !strcmp(argv[i], "--last") && i + 1 < argc &&
		         (last = strtoll(argv[++i], &end, 10)) >= 0 && !*end)
			continue;
		else
			return cmd_usage(&cmd_audit, "不认识的参数：%s", "unknown argument: %s", argv[i]);
	}
	if (!data)
		return cmd_usage(&cmd_audit, "需要 --data DIR", "--data DIR is needed");
	struct error e;
	error_clear(&e);
	struct store *s = NULL;
	struct audit_report r;
	int rc = cmd_open_data(data, &s, &e);
	if (!rc && list) {
		rc = audit_each(s, last, print_entry, NULL, &e);
		store_close(s);
		return rc ? cmd_fail(&cmd_audit, &e) : EXIT_OK;
	}
	if (!rc)
		rc = audit_verify(s, data, &r, &e);
	store_close(s);
	if (rc)
		return cmd_fail(&cmd_audit, &e);
	if (r.fault) {
		say_fault(&r);
		return EXIT_FAIL;
	}
	printf(L("审计日志完好：%" PRId64 " 条，哈希链一致\n",
	         "the audit log is intact: %" PRId64 " entries, the hash chain holds\n"),
	       r.entries);
	if (r.anchored_from)
		printf(L("第 %" PRId64 " 条起每条都有密钥 %s 的认证码\n",
		         "from entry %" PRId64 " on each carries the MAC of the key %s\n"),
		       r.anchored_from, r.key_path);
	if (r.unanchored)
		printf(L("%" PRId64 " 条写于密钥启用之前，未锚定（只有哈希链保护）\n",
		         "%" PRId64
		         " entries were written before the key existed: unanchored (the hash chain alone)\n"),
		       r.unanchored);
	if (r.checkpoints)
		printf(L("%" PRId64 " 个检查点相符，最新的（%s）记录到第 %" PRId64 " 条\n",
		         "%" PRId64 " checkpoints match; the newest (%s) recorded entry %" PRId64 "\n"),
		       r.checkpoints, r.checkpoint_at, r.checkpoint_entry);
	if (audit_spill_waiting(data))
		printf(
		    "%s\n",
		    L("另有条目暂存在 audit-spill 中（当时数据库被其他写入占用），服务下次写入时接入哈希链",
		      "more entries wait in audit-spill (the database was held by another writer "
		      "then); the server chains them when it next writes"));
	return EXIT_OK;
}

const struct command cmd_audit = {
	"audit",
	"verify --data DIR | list --data DIR [--last N]",
	"核验审计日志未被改动，或列出最新条目",
	"prove the audit log unaltered, or list its newest entries",
	run,
};
