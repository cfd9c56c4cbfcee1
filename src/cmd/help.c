/* help.c: `safetynet help [COMMAND]`: the list of commands, or one command's usage. */
#include "cmd/cmd.h"

static int run(int argc, char **argv)
{
	size_t n;
	const struct command *const *all = commands_all(&n);
	if (argc > 1) {
		const struct command *c = cmd_find(argv[1]);
		if (!c)
			return cmd_usage(&cmd_help, "没有命令“%s”", "no command '%s'", argv[1]);
		printf("safetynet %s %s\n  %s\n", c->name, c->usage, L(c->summary_zh, c->summary_en));
		return EXIT_OK;
	}
	printf("%s\n\n",
	       L("safetynet：社会救助信息系统", "safetynet: a social-assistance information system"));
	printf("%ssafetynet [--lang zh|en] COMMAND [ARGS]\n\n", L("用法：", "usage: "));
	for (size_t i = 0; i < n; i++)
		printf("  %-8s %-28s %s\n", all[i]->name, all[i]->usage,
		       L(all[i]->summary_zh, all[i]->summary_en));
	printf("\n%s\n", L("运行 safetynet help COMMAND 查看某个命令的用法。",
	                   "Run 'safetynet help COMMAND' for one command's usage."));
	return EXIT_OK;
}

const struct command cmd_help = {
	"help", "[COMMAND]", "列出命令或显示某个命令的用法", "list the commands or show one command's usage",
	run,
};
