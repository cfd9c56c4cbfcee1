/* version.c: `safetynet version`: the program's version and the libraries it was built with. */
#include <json-c/json_c_version.h>
#include <sqlite3.h>

#include "cmd/cmd.h"

static int run(int argc, char **argv)
{
	UNUSED(argv);
	if (argc > 1)
		return cmd_usage(&cmd_version, "不需要参数", "takes no arguments");
	printf("safetynet %s\n", SAFETYNET_VERSION);
	printf("sqlite %s, json-c %s\n", sqlite3_libversion(), json_c_version());
	return EXIT_OK;
}

const struct command cmd_version = {
	"version", "", "显示版本", "show the version", run,
};
