/* cmd_policy.c: `safetynet policy show --region CODE --date YYYY-MM-DD [--params FILE]`: the policy
 * parameters in force for a region on a date, each with the entry it came from;
 * `safetynet policy check FILE`: compile a rule file and report its first error or what it
 * declares; `safetynet policy eval FILE --region CODE [--date D] NAME=VALUE...`: run it once and
 * print each rule's outcome and message, and the parameters it read. */
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/region.h"
#include "cmd/cmd.h"
#include "base/money.h"
#include "policy/params.h"
#include "policy/rules.h"

static int load_file(const char *path, struct param_set *ps, struct error *e)
{
	struct buf b = BUF_INIT((size_t)16 << 20);
	int rc = cmd_read_file(path, &b, e);
	if (rc == 0)
		rc = params_load_text(ps, buf_cstr(&b), b.len, e);
	buf_release(&b);
	return rc;
}

/* NAME=VALUE for an input of the program, parsed by its type */
static int input_value(const struct rules *r, const char *arg, struct rv *in, struct error *e)
{
	const char *eq = strchr(arg, '=');
	size_t k = 0;
	while (eq && k < rules_ninputs(r) &&
	       !(strlen(rules_input_name(r, k)) == (size_t)(eq - arg) &&
	         !strncmp(rules_input_name(r, k), arg, (size_t)(eq - arg))))
		k++;
	if (!eq || k == rules_ninputs(r))
		return error_set(e, ERR_INVAL, "%s 不是“输入项=值”，或规则文件没有该输入项",
		                 "%s is not INPUT=VALUE for an input of the rule file", arg);
	const char *v = eq + 1;
	struct rv x = { rules_input_type(r, k), 0, v, NULL };
	int ok = 1;
	date_t d;
	char *end;
	switch (x.type) {
	case RV_BOOL:
		x.i = !strcmp(v, "true") || !strcmp(v, "是");
		ok = x.i || !strcmp(v, "false") || !strcmp(v, "否");
		break;
	case RV_INT:
		errno = 0;
		x.i = strtoll(v, &end, 10);
		ok = !errno && *v && !*end;
		break;
	case RV_MONEY:
		ok = money_parse(v, strlen(v), &x.i, NULL) == 0;
		break;
	case RV_RATIO:
		ok = 0; /* written as ten-thousandths would mislead: ratios come from parameters */
		break;
	case RV_DATE:
		ok = date_parse(v, strlen(v), &d) == 0;
		x.i = d;
		break;
	default:
		break;
	}
	if (!ok)
		return error_set(e, ERR_INVAL, "输入项 %.*s 应为 %s：%s", "input %.*s takes %s: %s",
		                 (int)(eq - arg), arg, rules_type_name(x.type), v);
	in[k] = x;
	return 0;
}

static int check_or_eval(int argc, char **argv)
{
	const char *files[16], *assigns[64], *region = NULL, *date = NULL, *params = NULL, *json = NULL;
	size_t nfiles = 0, nassigns = 0;
	bool eval = !strcmp(argv[1], "eval");
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--region") && i + 1 < argc)
			region = argv[++i];
		else if (!strcmp(argv[i], "--date") && i + 1 < argc)
			date = argv[++i];
		else if (!strcmp(argv[i], "--params") && i + 1 < argc)
			params = argv[++i];
		else if (eval && !strcmp(argv[i], "--json") && i + 1 < argc)
			json = argv[++i];
		else if (eval && strchr(argv[i], '=') && nassigns < ARRAY_SIZE(assigns))
			assigns[nassigns++] = argv[i];
		else if (argv[i][0] != '-' && nfiles < ARRAY_SIZE(files) && !nassigns)
			files[nfiles++] = argv[i];
		else
			return cmd_usage(&cmd_policy, "不认识的参数 %s", "an argument not understood: %s",
			                 argv[i]);
	}
	if (!nfiles || (eval && !region))
		return cmd_usage(&cmd_policy, "需要规则文件（eval 还需要 --region）",
		                 "needs a rule file (and eval needs --region)");
	date_t d = date_today();
	if (date && date_parse(date, strlen(date), &d))
		return cmd_usage(&cmd_policy, "--date 应为 YYYY-MM-DD：%s", "--date takes YYYY-MM-DD: %s",
		                 date);
	struct error e;
	error_clear(&e);
	struct param_set ps = { 0 };
	struct param_snapshot snap = { 0 };
	struct buf text = BUF_INIT((size_t)4 << 20), trace = BUF_INIT((size_t)1 << 20);
	struct rules *r = NULL;
	struct arena arena;
	arena_init(&arena, 0);
	struct rv *in = NULL;
	bool *out = NULL;
	int rc = params ? load_file(params, &ps, &e) : params_load_builtin(&ps, &e);
	if (rc == 0)
		rc = rules_compile_files(nfiles, files, &ps, &r, &e);
	if (rc == 0 && !eval) {
		for (size_t i = 0; i < nfiles; i++)
			printf("%s\t%s\n", L("文件", "file"), files[i]);
		for (size_t i = 0; i < rules_ninputs(r); i++)
			printf("%s\t%s : %s\n", L("输入", "input"), rules_input_name(r, i),
			       rules_type_name(rules_input_type(r, i)));
		for (size_t i = 0; i < rules_nrules(r); i++)
			printf("%s\t%s\n", L("规则", "rule"), rules_rule_name(r, i));
		printf("%s\t%zu\n", L("代价上限（节点）", "cost bound (nodes)"), rules_cost(r));
	} else if (rc == 0) {
		in = mem_calloc(rules_ninputs(r) + 1, sizeof *in);
		out = mem_calloc(rules_nrules(r) + 1, sizeof *out);
		if (!in || !out)
			rc = error_nomem(&e);
		for (size_t i = 0; rc == 0 && i < rules_ninputs(r); i++)
			in[i].type = RV_NTYPES; /* not given yet */
		struct rv *from_json = NULL;
		if (rc == 0 && json) {
			buf_reset(&text);
			rc = cmd_read_file(json, &text, &e);
			if (rc == 0)
				rc = rules_inputs_from_json(r, buf_cstr(&text), &arena, &from_json, &e);
			for (size_t i = 0; rc == 0 && i < rules_ninputs(r); i++)
				in[i] = from_json[i];
		}
		for (size_t i = 0; rc == 0 && i < nassigns; i++)
			rc = input_value(r, assigns[i], in, &e);
		for (size_t i = 0; rc == 0 && i < rules_ninputs(r); i++)
			if (in[i].type == RV_NTYPES)
				rc = error_set(&e, ERR_INVAL, "缺少输入项 %s", "input %s is missing",
				               rules_input_name(r, i));
		if (rc == 0)
			rc = params_resolve(&ps, region, d, &snap, &e);
		if (rc == 0)
			rc = rules_eval(r, in, &snap, out, &trace, &e);
		if (rc == 0)
			fputs(buf_cstr(&trace), stdout);
	}
	mem_free(in);
	mem_free(out);
	arena_release(&arena);
	rules_free(r);
	buf_release(&text);
	buf_release(&trace);
	params_snapshot_release(&snap);
	params_release(&ps);
	return rc ? cmd_fail(&cmd_policy, &e) : EXIT_OK;
}

/* policy test [DIR]: the case files of a folder, $SAFETYNET_POLICY_DIR's when none is named
 * (the case files are not built into the binary; the working folder is never guessed at) */
static int test_cases(int argc, char **argv)
{
	char found[PATH_MAX + 64];
	const char *dir = argc > 2 ? argv[2] : rules_policy_dir(NULL, found, sizeof found);
	if (argc > 3)
		return cmd_usage(&cmd_policy, "test 只接受一个目录", "test takes one folder");
	if (!dir)
		return cmd_usage(&cmd_policy, "test 需要用例所在的目录（源码中的 policy/）",
		                 "test needs the folder of the case files (policy/ in the source tree)");
	struct param_set ps;
	struct error e;
	error_clear(&e);
	struct rules_test_report rep;
	int rc = params_load_builtin(&ps, &e);
	if (rc == 0)
		rc = rules_test_dir(dir, &ps, stdout, &rep, &e);
	params_release(&ps);
	if (rc)
		return cmd_fail(&cmd_policy, &e);
	printf(L("用例文件 %ld，用例 %ld，通过 %ld，失败 %ld\n",
	         "case files %ld, cases %ld, passed %ld, failed %ld\n"),
	       rep.files, rep.cases, rep.passed, rep.failed);
	return rep.failed ? EXIT_FAIL : EXIT_OK;
}

static int run(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "check") || !strcmp(argv[1], "eval")))
		return check_or_eval(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "test"))
		return test_cases(argc, argv);
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
	"show --region CODE [--date YYYY-MM-DD] [--params FILE] | check FILE... | "
	"eval FILE... --region CODE [--date YYYY-MM-DD] [--json INPUTS.json] [INPUT=VALUE...] | test [DIR]",
	"政策参数及其依据；规则文件的检查与试算",
	"policy parameters in force, with their sources; check and try a rule file",
	run,
};
