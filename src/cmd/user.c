/* user.c: `safetynet user add|list|disable|enable --data DIR`: accounts with a role and a region
 * scope. The password is read from standard input (one line), never from the command line. */
#include "app/app.h"
#include "audit/audit.h"
#include "cmd/cmd.h"
#include "access/users_repo.h"

static int print_user(void *arg, const struct access_db_user_row *u)
{
	UNUSED(arg);
	printf("%s\t%s\t%s\t%s\t%s\n", u->name, access_role_name(u->role), access_role_label(u->role),
	       u->region, u->disabled ? L("已停用", "disabled") : L("启用", "enabled"));
	return 0;
}

static int run(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "", *data = NULL, *role = NULL, *region = NULL,
	           *display = NULL, *name = NULL;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
		else if (!strcmp(argv[i], "--role") && i + 1 < argc)
			role = argv[++i];
		else if (!strcmp(argv[i], "--region") && i + 1 < argc)
			region = argv[++i];
		else if (!strcmp(argv[i], "--display") && i + 1 < argc)
			display = argv[++i];
		else if (argv[i][0] != '-' && !name)
			name = argv[i];
		else
			return cmd_usage(&cmd_user, "不认识的参数：%s", "unknown argument: %s", argv[i]);
	}
	bool add = !strcmp(sub, "add"), list = !strcmp(sub, "list"), disable = !strcmp(sub, "disable"),
	     enable = !strcmp(sub, "enable");
	if (!add && !list && !disable && !enable)
		return cmd_usage(&cmd_user, "子命令应为 add、list、disable 或 enable",
		                 "the subcommand is add, list, disable or enable");
	if (!data || (!list && !name))
		return cmd_usage(&cmd_user, "需要 --data DIR 和用户名",
		                 "--data DIR and a user name are needed");
	char password[256] = "";
	if (add) {
		if (!fgets(password, sizeof password, stdin))
			return cmd_usage(&cmd_user, "请在标准输入中给出密码（一行）",
			                 "give the password on standard input (one line)");
		password[strcspn(password, "\r\n")] = '\0';
	}
	struct error e;
	error_clear(&e);
	struct store *s = NULL;
	const char *op = getenv("USER") ? getenv("USER") : "unknown"; /* the data folder's operator */
	int rc = cmd_open_data(data, &s, &e);
	if (!rc && list)
		rc = app_users_each(s, print_user, NULL, &e);
	else if (!rc && add)
		rc = app_user_add(s, NULL, op, name, display, role, region, password, &e);
	else if (!rc)
		rc = app_user_able(s, NULL, op, name, disable, &e);
	store_close(s);
	if (rc)
		return cmd_fail(&cmd_user, &e);
	if (add)
		printf(L("已添加用户 %s\n", "added the user %s\n"), name);
	return EXIT_OK;
}

const struct command cmd_user = {
	"user",
	"add --data DIR NAME --role ROLE --region CODE [--display NAME] (password on stdin) | list --data DIR | "
	"disable|enable --data DIR NAME",
	"管理用户账号（角色与区划范围）",
	"manage user accounts (role and region scope)",
	run,
};
