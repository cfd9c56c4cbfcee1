/* main.c: the safetynet binary: global options, then dispatch to a subcommand. */
#include <sys/stat.h>

#include "base/lang.h"
#include "cmd/cmd.h"

int main(int argc, char **argv)
{
	int i = 1;
	/* whatever safetynet writes (the database, rejects, spill and log files) is its owner's only */
	umask(077);
	while (i < argc && strncmp(argv[i], "--", 2) == 0 && argv[i][2]) {
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc && lang_parse(argv[i + 1]) >= 0) {
			lang_set((enum lang)lang_parse(argv[i + 1]));
			i += 2;
		} else if (strcmp(argv[i], "--help") == 0) {
			return cmd_help.run(1, (char *[]){ "help", NULL });
		} else if (strcmp(argv[i], "--version") == 0) {
			return cmd_version.run(1, (char *[]){ "version", NULL });
		} else {
			fprintf(stderr, "safetynet: %s %s\n", L("不认识的选项", "unknown option"), argv[i]);
			fprintf(stderr, "%s\n",
			        L("全局选项：--lang zh|en、--help、--version",
			          "global options: --lang zh|en, --help, --version"));
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		cmd_help.run(1, (char *[]){ "help", NULL });
		return EXIT_USAGE;
	}
	const struct command *c = cmd_find(argv[i]);
	if (!c) {
		fprintf(stderr,
		        L("safetynet: 没有命令“%s”，运行 safetynet help 查看全部命令\n",
		          "safetynet: '%s' is not a command; 'safetynet help' lists them\n"),
		        argv[i]);
		return EXIT_USAGE;
	}
	return c->run(argc - i, argv + i);
}
