/* limits.c: the server's limits against floods as one table: each one's name for `serve --limit
 * NAME=N`, where it goes, its default and its bounds (docs/API.md, "Limits"). */
#include <stddef.h>

#include "server/server.h"

static const struct {
	const char *name;
	size_t offset;
	unsigned def, min, max;
} limits[] = {
	{ "login-address-burst", offsetof(struct server_limits, login_address_burst), 10, 1, 100000 },
	{ "login-address-per-min", offsetof(struct server_limits, login_address_per_min), 6, 1, 100000 },
	{ "login-account-burst", offsetof(struct server_limits, login_account_burst), 10, 1, 100000 },
	{ "login-account-per-min", offsetof(struct server_limits, login_account_per_min), 2, 1, 100000 },
	{ "login-failures", offsetof(struct server_limits, login_failures), 5, 1, 1000 },
	{ "login-lock-secs", offsetof(struct server_limits, login_lock_secs), 15 * 60, 1, 86400 },
	{ "login-queue", offsetof(struct server_limits, login_queue), 16, 1, 1000 },
	{ "throttle-entries", offsetof(struct server_limits, throttle_entries), 8192, 16, 1000000 },
	{ "connections", offsetof(struct server_limits, connections), 1024, 8, 100000 },
	{ "connections-per-address", offsetof(struct server_limits, connections_per_address), 256, 1,
	  100000 },
	{ "header-secs", offsetof(struct server_limits, header_secs), 5, 1, 600 },
	{ "idle-secs", offsetof(struct server_limits, idle_secs), 30, 1, 3600 },
};

void server_limits_default(struct server_limits *l)
{
	for (size_t i = 0; i < ARRAY_SIZE(limits); i++)
		*(unsigned *)((char *)l + limits[i].offset) = limits[i].def;
}

int server_limits_set(struct server_limits *l, const char *assignment, struct error *e)
{
	const char *eq = strchr(assignment, '=');
	size_t n = eq ? (size_t)(eq - assignment) : 0;
	for (size_t i = 0; eq && i < ARRAY_SIZE(limits); i++) {
		if (strlen(limits[i].name) != n || strncmp(limits[i].name, assignment, n))
			continue;
		char *end;
		errno = 0;
		unsigned long v = strtoul(eq + 1, &end, 10);
		if (errno || end == eq + 1 || *end || eq[1] == '-' || v < limits[i].min || v > limits[i].max)
			return error_set(e, ERR_INVAL, "--limit %s 应为 %u 到 %u 的整数",
			                 "--limit %s must be a whole number from %u to %u", limits[i].name,
			                 limits[i].min, limits[i].max);
		*(unsigned *)((char *)l + limits[i].offset) = (unsigned)v;
		return 0;
	}
	return error_set(e, ERR_INVAL, "--limit 应为 名称=数值，名称见 docs/API.md：%s",
	                 "--limit must be NAME=N with a name docs/API.md lists: %s", assignment);
}
