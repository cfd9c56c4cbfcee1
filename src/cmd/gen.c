/* gen.c: `safetynet gen`: generates a synthetic population with its department files and
 * ground truth (docs/GENERATOR.md). */
#include "cmd/cmd.h"
#include "gen/gen.h"

static bool parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static int run(int argc, char **argv)
{
	struct gen_options o;
	gen_defaults(&o);
	bool quiet = false;
	for (int i = 1; i < argc; i++) {
		const char *opt = argv[i];
		if (strcmp(opt, "--truth-only") == 0) {
			o.truth_only = true;
			continue;
		}
		if (strcmp(opt, "--quiet") == 0) {
			quiet = true;
			continue;
		}
		if (i + 1 >= argc)
			return cmd_usage(&cmd_gen, "选项 %s 缺少取值", "option %s needs a value", opt);
		const char *val = argv[++i];
		long v;
		if (strcmp(opt, "--region") == 0) {
			o.region = val;
		} else if (strcmp(opt, "--persons") == 0) {
			if (!parse_long(val, 1, 100000000, &v))
				return cmd_usage(&cmd_gen, "--persons 应为 1 到 1 亿之间的整数：%s",
				                 "--persons takes a whole number from 1 to 100 million: %s",
				                 val);
			o.persons = v;
		} else if (strcmp(opt, "--months") == 0) {
			if (!parse_long(val, 1, 60, &v))
				return cmd_usage(&cmd_gen, "--months 应为 1 到 60 之间的整数：%s",
				                 "--months takes a whole number from 1 to 60: %s", val);
			o.months = (int)v;
		} else if (strcmp(opt, "--seed") == 0) {
			if (!parse_long(val, 0, LONG_MAX, &v))
				return cmd_usage(&cmd_gen, "--seed 应为非负整数：%s",
				                 "--seed takes a whole number of 0 or more: %s", val);
			o.seed = (uint64_t)v;
		} else if (strcmp(opt, "--threads") == 0) {
			if (!parse_long(val, 1, 256, &v))
				return cmd_usage(&cmd_gen, "--threads 应为 1 到 256 之间的整数：%s",
				                 "--threads takes a whole number from 1 to 256: %s", val);
			o.threads = (int)v;
		} else if (strcmp(opt, "--noise") == 0) {
			char *end;
			double d = strtod(val, &end);
			if (end == val || *end || !(d >= 0 && d <= 0.5))
				return cmd_usage(&cmd_gen, "--noise 应为 0 到 0.5 之间的小数：%s",
				                 "--noise takes a fraction from 0 to 0.5: %s", val);
			o.noise = d;
		} else if (strcmp(opt, "--chronic") == 0) {
			char *end;
			double d = strtod(val, &end);
			if (end == val || *end || !(d >= 0 && d <= 0.5))
				return cmd_usage(&cmd_gen, "--chronic 应为 0 到 0.5 之间的小数：%s",
				                 "--chronic takes a fraction from 0 to 0.5: %s", val);
			o.chronic = d;
		} else if (strcmp(opt, "--start") == 0) {
			if (month_parse(val, strlen(val), &o.start))
				return cmd_usage(&cmd_gen, "--start 应为 YYYY-MM 格式的月份：%s",
				                 "--start takes a month as YYYY-MM: %s", val);
		} else if (strcmp(opt, "--out") == 0) {
			o.out = val;
		} else {
			return cmd_usage(&cmd_gen, "不认识的选项 %s", "unknown option %s", opt);
		}
	}
	if (!o.out)
		return cmd_usage(&cmd_gen, "需要 --out 指定输出目录", "needs --out with an output folder");
	struct gen_stats st;
	struct error e;
	error_clear(&e);
	struct progress pg;
	progress_init(&pg, quiet);
	o.progress = &pg;
	if (gen_run(&o, &st, &e))
		return cmd_fail(&cmd_gen, &e);
	printf(
	    L("已生成 %ld 人、%ld 户、%ld 条部门记录（其中 %ld 条含注入错误），写入 %s\n",
	      "generated %ld persons, %ld households, %ld department records (%ld with injected faults) in %s\n"),
	    st.persons, st.households, st.records, st.noisy_records, o.out);
	long alive = 0;
	for (int k = 0; k < GEN_CLASSES; k++)
		alive += st.class_persons[k];
	if (alive > 0)
		printf(
		    L("末月真实类别：低保 %.2f%%，特困 %.2f%%，低保边缘 %.2f%%，刚性支出困难 %.2f%%，城镇人口 %.1f%%\n",
		      "true classes in the last month: dibao %.2f%%, destitute %.2f%%, marginal %.2f%%, rigid expenditure %.2f%%, urban %.1f%%\n"),
		    100.0 * (double)st.class_persons[GEN_DIBAO] / (double)alive,
		    100.0 * (double)st.class_persons[GEN_TEKUN] / (double)alive,
		    100.0 * (double)st.class_persons[GEN_MARGINAL] / (double)alive,
		    100.0 * (double)st.class_persons[GEN_RIGID] / (double)alive,
		    100.0 * (double)st.urban_persons / (double)alive);
	return EXIT_OK;
}

const struct command cmd_gen = {
	"gen",
	"--out DIR [--region CODE] [--persons N] [--months M] [--seed S] [--noise RATE] [--chronic RATE] [--start YYYY-MM] [--threads T] [--truth-only] [--quiet]",
	"生成带真实标注的合成人口及部门数据",
	"generate a synthetic population with department files and ground truth",
	run,
};
