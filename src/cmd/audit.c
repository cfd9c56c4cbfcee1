/* audit.c: `safetynet audit verify --data DIR`: recomputes the audit log's hash chain and names
 * the first entry that does not fit (an edited or removed row). */
#include "cmd/cmd.h"
#include "store/store.h"

static int run(int argc, char **argv)
{
	const char *data = NULL;
	if (argc < 2 || strcmp(argv[1], "verify"))
		return cmd_usage(&cmd_audit, "子命令应为 verify", "the subcommand is verify");
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
		else
			return cmd_usage(&cmd_audit, "不认识的参数：%s", "unknown argument: %s", argv[i]);
	}
	if (!data)
		return cmd_usage(&cmd_audit, "需要 --data DIR", "--data DIR is needed");
	struct error e;
	error_clear(&e);
	struct store *s = NULL;
	int64_t n = 0, bad = 0;
	int rc = cmd_open_data(data, &s, &e);
	if (!rc)
		rc = store_audit_check(s, &n, &bad, &e);
	store_close(s);
	if (rc)
		return cmd_fail(&cmd_audit, &e);
	if (bad) {
		fprintf(stderr,
		        L("审计日志被改动：第 %" PRId64 " 条与哈希链不符\n",
		          "the audit log was altered: entry %" PRId64 " does not fit the hash chain\n"),
		        bad);
		return EXIT_FAIL;
	}
	printf(L("审计日志完好：%" PRId64 " 条，哈希链一致\n",
	         "the audit log is intact: %" PRId64 " entries, the hash chain holds\n"),
	       n);
	if (store_audit_spill_waiting(data))
		printf(
		    "%s\n",
		    L("另有条目暂存在 audit-spill 中（当时数据库被其他写入占用），服务下次写入时接入哈希链",
		      "more entries wait in audit-spill (the database was held by another writer "
		      "then); the server chains them when it next writes"));
	return EXIT_OK;
}

const struct command cmd_audit = {
	"audit", "verify --data DIR", "核验审计日志未被改动", "prove the audit log unaltered", run,
};
