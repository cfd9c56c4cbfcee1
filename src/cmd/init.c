/* init.c: `safetynet init DIR`: creates a data folder with its database, or brings an existing
 * one's schema up to date. */
#include "app/app.h"
#include "audit/audit.h"
#include "base/date.h"
#include "cmd/cmd.h"

static int run(int argc, char **argv)
{
	if (argc != 2)
		return cmd_usage(&cmd_init, "需要一个数据目录", "needs one data folder");
	if (argv[1][0] == '-') /* `init --help` once created a folder named --help */
		return cmd_usage(&cmd_init, "“%s”不是数据目录", "%s is not a data folder", argv[1]);
	const char *dir = argv[1];
	struct error e;
	struct store *s = NULL;
	int from = 0, to = 0;
	error_clear(&e);
	if (app_init(dir, &s, &from, &to, &e))
		goto fail;
	if (from == 0)
		printf(L("已创建数据目录 %s（数据库版本 %d）\n",
		         "created the data folder %s (schema version %d)\n"),
		       dir, to);
	else if (from < to)
		printf(L("数据目录 %s 已从版本 %d 升级到 %d\n",
		         "upgraded the data folder %s from schema version %d to %d\n"),
		       dir, from, to);
	else
		printf(L("数据目录 %s 已是最新（数据库版本 %d）\n",
		         "the data folder %s is up to date (schema version %d)\n"),
		       dir, to);
	/* the audit log's key, outside the data folder (docs/AUDIT.md) */
	char key[4096];
	bool made;
	if (audit_key_ensure(dir, &made, key, &e))
		goto fail;
	if (made)
		printf(L("已创建审计密钥 %s（请另行备份，勿与数据目录放在一起）\n",
		         "created the audit key %s (back it up, and keep it apart from the data folder)\n"),
		       key);
	store_close(s);
	return EXIT_OK;
fail:
	store_close(s);
	return cmd_fail(&cmd_init, &e);
}

const struct command cmd_init = {
	"init", "DIR", "创建数据目录或升级其数据库", "create a data folder or upgrade its database", run,
};
