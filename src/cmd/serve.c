/* serve.c: `safetynet serve --data DIR [--listen 127.0.0.1:8080] [--tls-cert FILE --tls-key FILE]
 * [--limit NAME=N]...`: the HTTP API (docs/API.md), over TLS when given a certificate and key,
 * until SIGTERM or SIGINT. `safetynet serve --routes` prints its route table as JSON lines. */
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

static int routes(void)
{
	struct buf out = BUF_INIT((size_t)1 << 20);
	server_routes_json(&out);
	fwrite(buf_cstr(&out), 1, out.len, stdout);
	buf_release(&out);
	return EXIT_OK;
}

static int run(int argc, char **argv)
{
	struct server_options o = { NULL, "127.0.0.1:8080", NULL, NULL, NULL, { 0 } };
	struct error e;
	error_clear(&e);
	server_limits_default(&o.limits);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--routes") && argc == 2)
			return routes();
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			o.data = argv[++i];
		else if (!strcmp(argv[i], "--listen") && i + 1 < argc)
			o.listen = argv[++i];
		else if (!strcmp(argv[i], "--tls-cert") && i + 1 < argc)
			o.tls_cert = argv[++i];
		else if (!strcmp(argv[i], "--tls-key") && i + 1 < argc)
			o.tls_key = argv[++i];
		else if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
			if (server_limits_set(&o.limits, argv[++i], &e))
				return cmd_usage(&cmd_serve, "%s", "%s", L(e.zh, e.en));
		} else
			return cmd_usage(&cmd_serve, "不认识的参数：%s", "unknown argument: %s", argv[i]);
	}
	if (!o.data)
		return cmd_usage(&cmd_serve, "需要 --data DIR", "--data DIR is needed");
	if (!o.tls_cert != !o.tls_key)
		return cmd_usage(&cmd_serve, "--tls-cert 与 --tls-key 须一同给出",
		                 "--tls-cert and --tls-key go together");
	char found[PATH_MAX];
	o.policy = rules_policy_dir(o.data, found, sizeof found);
	return server_serve(&o, listening, &e) ? cmd_fail(&cmd_serve, &e) : EXIT_OK;
}

const struct command cmd_serve = {
	"serve",
	"--data DIR [--listen ADDRESS:PORT] [--tls-cert FILE --tls-key FILE] [--limit NAME=N]... | --routes",
	"启动 HTTP 接口服务",
	"serve the HTTP API",
	run,
};
