/* serve.c: `safetynet serve --data DIR [--listen 127.0.0.1:8080]`: the HTTP API (docs/API.md)
 * until SIGTERM or SIGINT. */
#include <limits.h>

#include "cmd/cmd.h"
#include "policy/rules.h"
#include "server/server.h"

static void listening(int port)
{
	printf(L("safetynet 已在端口 %d 上服务（Ctrl-C 停止）\n",
	         "safetynet serving on port %d (Ctrl-C stops it)\n"),
	       port);
	fflush(stdout);
}

static int run(int argc, char **argv)
{
	struct sv_options o = { NULL, "127.0.0.1:8080", NULL };
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			o.data = argv[++i];
		else if (!strcmp(argv[i], "--listen") && i + 1 < argc)
			o.listen = argv[++i];
		else
			return cmd_usage(&cmd_serve, "不认识的参数：%s", "unknown argument: %s", argv[i]);
	}
	if (!o.data)
		return cmd_usage(&cmd_serve, "需要 --data DIR", "--data DIR is needed");
	char found[PATH_MAX];
	o.policy = rules_policy_dir(o.data, found, sizeof found);
	struct error e;
	error_clear(&e);
	return sv_serve(&o, listening, &e) ? cmd_fail(&cmd_serve, &e) : EXIT_OK;
}

const struct command cmd_serve = {
	"serve", "--data DIR [--listen ADDRESS:PORT]", "启动 HTTP 接口服务", "serve the HTTP API", run,
};
