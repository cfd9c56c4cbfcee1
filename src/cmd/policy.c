/* policy.c: `safetynet policy show --region CODE --date YYYY-MM-DD [--params FILE]`: the policy
 * parameters in force for a region on a date, each with the entry it came from. */
#include "base/buf.h"
#include "base/mem.h"
#include "base/region.h"
#include "cmd/cmd.h"
#include "policy/params.h"

static int load_file(const char *path, struct param_set *ps, struct error *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(e, ERR_IO, "无法读取 %s：%s", "cannot read %s: %s", path, strerror(errno));
	struct buf b = BUF_INIT((size_t)16 << 20);
	char chunk[8192];
	size_t n;
	int rc = 0;
	while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		rc = buf_add(&b, chunk, n);
	fclose(f);
	if (rc == 0)
		rc = params_load_text(ps, buf_cstr(&b), b.len, e);
	else
		rc = error_set(e, ERR_TOOBIG, "参数文件过大", "the parameter file is too large");
	buf_release(&b);
	return rc;
}

static int run(int argc, char **argv)
{
	const char *region = NULL, *date = NULL, *file = NULL;
	for (int i = 2; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--region"))
			region = argv[i + 1];
		else if (!strcmp(argv[i], "--date"))
			date = argv[i + 1];
		else if (!strcmp(argv[i], "--params"))
			file = argv[i + 1];
		else
			return cmd_usage(&cmd_policy, "不认识的参数 %s", "an argument not understood: %s",
			                 argv[i]);
	}
	if (argc < 2 || strcmp(argv[1], "show") || argc % 2 || !region)
		return cmd_usage(&cmd_policy, "需要 show 和 --region", "needs show and --region");
	date_t d = date_today();
	if (date && date_parse(date, strlen(date), &d))
		return cmd_usage(&cmd_policy, "--date 应为 YYYY-MM-DD：%s", "--date takes YYYY-MM-DD: %s",
		                 date);
	struct param_set ps;
	struct param_snapshot snap = { 0 };
	struct error e;
	error_clear(&e);
	int rc = file ? load_file(file, &ps, &e) : params_load_builtin(&ps, &e);
	if (rc)
		return cmd_fail(&cmd_policy, &e);
	rc = params_resolve(&ps, region, d, &snap, &e);
	if (rc == 0) {
		char day[DATE_STR_SIZE];
		date_format(d, day);
		struct buf full = BUF_INIT(1024);
		region_full_name(region_lookup(snap.region, strlen(snap.region)), &full);
		printf("%s\t%s %s\n%s\t%s\n", L("区划", "region"), snap.region, buf_cstr(&full),
		       L("日期", "date"), day);
		printf("%s\n", L("参数\t值\t类型\t来源区划\t生效日期\t依据\t说明",
		                 "parameter\tvalue\ttype\tset by\tvalid from\treference\tnote"));
		for (size_t i = 0; i < snap.n; i++) {
			const struct param_value *v = &snap.v[i];
			char val[32], from[DATE_STR_SIZE];
			params_format(v->type, v->value, val, sizeof val);
			date_format(v->source->from, from);
			printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", v->name, val, params_type_name(v->type),
			       v->source->region, from, v->source->reference, v->source->note);
		}
		buf_release(&full);
	}
	params_snapshot_release(&snap);
	params_release(&ps);
	return rc ? cmd_fail(&cmd_policy, &e) : EXIT_OK;
}

const struct command cmd_policy = {
	"policy",
	"show --region CODE [--date YYYY-MM-DD] [--params FILE]",
	"查看某地某日生效的政策参数及其依据",
	"show the policy parameters in force for a region and date, with their sources",
	run,
};
