/* commands.c: the table of subcommands, and the helpers they share for reporting errors. */
#include "cmd/cmd.h"

#include "base/buf.h"
#include "app/app.h"

static const struct command *const table[] = {
	&cmd_init,   &cmd_catalog,   &cmd_ingest, &cmd_batch,   &cmd_share,   &cmd_hub,
	&cmd_link,   &cmd_authorise, &cmd_verify, &cmd_recheck, &cmd_monitor, &cmd_case,
	&cmd_fund,   &cmd_pay,       &cmd_serve,  &cmd_user,    &cmd_audit,   &cmd_policy,
	&cmd_region, &cmd_id,        &cmd_gen,    &cmd_version, &cmd_help,
};

const struct command *const *commands_all(size_t *n)
{
	*n = ARRAY_SIZE(table);
	return table;
}

const struct command *cmd_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	return NULL;
}

int cmd_usage(const struct command *c, const char *zh_fmt, const char *en_fmt, ...)
{
	va_list ap;
	fprintf(stderr, "safetynet %s: ", c->name);
	va_start(ap, en_fmt);
	vfprintf(stderr, L(zh_fmt, en_fmt), ap);
	va_end(ap);
	fprintf(stderr, "\n%ssafetynet %s %s\n", L("用法：", "usage: "), c->name, c->usage);
	return EXIT_USAGE;
}

int cmd_fail(const struct command *c, const struct error *e)
{
	fprintf(stderr, "safetynet %s: %s\n", c->name, error_msg(e));
	return EXIT_FAIL;
}

int cmd_read_file(const char *path, struct buf *b, struct error *e)
{
	int rc = buf_read_file(b, path);
	if (rc == ERR_TOOBIG)
		return error_set(e, ERR_TOOBIG, "文件过大：%s", "the file is too large: %s", path);
	return rc ? error_set(e, ERR_IO, "无法读取 %s：%s", "cannot read %s: %s", path, strerror(errno)) : 0;
}

int cmd_open_data(const char *dir, struct store **s, struct error *e)
{
	return app_open(dir, s, e);
}
