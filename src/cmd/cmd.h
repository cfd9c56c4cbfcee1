/* cmd.h: the subcommands of the single safetynet binary. Each lives in its own file as one
 * descriptor (the tmux way) and is listed once in commands.c. A subcommand parses its
 * arguments and calls the library; it holds no logic of its own. */
#ifndef SAFETYNET_CMD_H
#define SAFETYNET_CMD_H

#include "base/common.h"
#include "base/error.h"

/* Exit codes shared by every subcommand. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct command {
	const char *name;
	const char *usage; /* arguments after the name, e.g. "show CODE | find NAME" */
	const char *summary_zh;
	const char *summary_en;
	/* argv[0] is the subcommand's name. Returns an exit code. */
	int (*run)(int argc, char **argv);
};

extern const struct command cmd_help, cmd_version, cmd_init, cmd_region, cmd_id, cmd_gen, cmd_catalog,
    cmd_ingest, cmd_batch, cmd_share, cmd_hub, cmd_link, cmd_policy, cmd_verify, cmd_authorise, cmd_recheck,
    cmd_case, cmd_fund, cmd_serve, cmd_user, cmd_audit, cmd_monitor, cmd_pay;

/* All commands in the order help lists them; *n gets the count. */
const struct command *const *commands_all(size_t *n);
const struct command *cmd_find(const char *name);

/* Says what was wrong with the arguments and how to call the command; returns EXIT_USAGE. */
int cmd_usage(const struct command *c, const char *zh_fmt, const char *en_fmt, ...) PRINTF_LIKE(2, 4)
    PRINTF_LIKE(3, 4);
struct buf;
/* Reads a whole file into b (up to its limit); the error names the file. */
int cmd_read_file(const char *path, struct buf *b, struct error *e);
struct store;
/* Opens an initialised data folder and brings its schema up to date. 0 or an error in e. */
int cmd_open_data(const char *dir, struct store **s, struct error *e);
/* Prints "safetynet NAME: message" on stderr; returns EXIT_FAIL. */
int cmd_fail(const struct command *c, const struct error *e);

#endif
