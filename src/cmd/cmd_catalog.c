/* cmd_catalog.c: `safetynet catalog import|list|show --data DIR`: the data hub's catalogue. */
#include "app/app.h"
#include "base/mem.h"
#include "cmd/cmd.h"
#include "hub/hub.h"
#include "hub/hub_repo.h"

static int list_one(void *arg, const struct hub_db_resource_row *r)
{
	UNUSED(arg);
	printf("%s\tv%d\t%s\t%s\t%" PRId64 "\t%" PRId64 "\t%s\n", r->code, r->version, r->name, r->provider,
	       r->records, r->batches, r->last_batch_at[0] ? r->last_batch_at : "-");
	return 0;
}

static int version_one(void *arg, int version, const char *at)
{
	UNUSED(arg);
	printf("  v%d\t%s\n", version, at);
	return 0;
}

static const char *type_name(enum hub_type t)
{
	static const char *names[] = {
		"text", "id", "name", "code", "region", "date", "month", "money", "int"
	};
	return names[t];
}

static int show(struct store *s, const char *code, struct error *e)
{
	struct hub_resource *r;
	int version;
	int rc = hub_resource_load(s, code, &r, &version, e);
	if (rc)
		return rc;
	printf("%s\t%s\n%s\t%s (%s)\n", L("代码", "code"), r->code, L("提供方", "provider"), r->provider,
	       r->provider_code);
	printf("%s\t%s\n%s\t%s %s\n", L("名称", "name"), r->name, L("格式", "format"), r->format,
	       r->encoding);
	printf("%s\t%s\n%s\t%s\n", L("共享类型", "sharing"), r->sharing_type, L("更新周期", "update cycle"),
	       r->update_cycle);
	printf("%s\t", L("主键", "key"));
	for (size_t k = 0; k < r->nkeys; k++)
		printf("%s%s", k ? "," : "", r->fields[r->keys[k]].name);
	printf("\n%s\n", L("字段", "fields"));
	for (size_t i = 0; i < r->nfields; i++)
		printf("  %s\t%s\t%s\t%s\n", r->fields[i].name, type_name(r->fields[i].type),
		       r->fields[i].required ? L("必填", "required") : L("可空", "optional"),
		       r->fields[i].share);
	printf("%s\n", L("事实", "facts"));
	for (size_t k = 0; k < r->nfacts; k++)
		printf("  %s\t%s\n", r->facts[k].kind, r->fields[r->facts[k].person].name);
	printf("%s\n", L("版本", "versions"));
	hub_resource_free(r);
	return app_resource_versions(s, code, version_one, NULL, e);
}

static int run(int argc, char **argv)
{
	const char *data = NULL, *sub = argc > 1 ? argv[1] : NULL, *arg = NULL;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
		else if (!arg)
			arg = argv[i];
		else
			return cmd_usage(&cmd_catalog, "多余的参数 %s", "an extra argument %s", argv[i]);
	}
	if (!sub || !data)
		return cmd_usage(&cmd_catalog, "需要子命令和 --data", "needs a subcommand and --data");
	bool import = !strcmp(sub, "import"), list = !strcmp(sub, "list"), sh = !strcmp(sub, "show");
	if (!import && !list && !sh)
		return cmd_usage(&cmd_catalog, "没有子命令“%s”", "no subcommand '%s'", sub);
	if ((import || sh) && !arg)
		return cmd_usage(&cmd_catalog, "%s 需要一个参数", "%s needs an argument", sub);
	struct store *s = NULL;
	struct error e;
	error_clear(&e);
	int rc = cmd_open_data(data, &s, &e);
	if (rc == 0 && import) {
		struct hub_import_report rep;
		rc = hub_catalog_import(s, arg, &rep, &e);
		if (rc == 0)
			printf(
			    L("已导入目录：%ld 个资源，新增 %ld，变更 %ld（新版本），未变 %ld\n",
			      "imported the catalogue: %ld resources, %ld new, %ld changed (new version), %ld unchanged\n"),
			    rep.resources, rep.added, rep.changed, rep.unchanged);
	} else if (rc == 0 && list) {
		printf("%s\n", L("代码\t版本\t名称\t提供方\t现有记录\t批次\t最近入库",
		                 "code\tversion\tname\tprovider\trecords\tbatches\tlast batch"));
		rc = app_catalog_each(s, list_one, NULL, &e);
	} else if (rc == 0) {
		rc = show(s, arg, &e);
	}
	store_close(s);
	return rc ? cmd_fail(&cmd_catalog, &e) : EXIT_OK;
}

const struct command cmd_catalog = {
	"catalog",
	"import FILE | list | show CODE  --data DIR",
	"数据资源目录：导入、列出、查看",
	"the data catalogue: import, list, show",
	run,
};
