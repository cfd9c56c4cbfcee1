/* cmd_region.c: `safetynet region show CODE` and `safetynet region find NAME`: the division tree. */
#include "base/region.h"
#include "cmd/cmd.h"

#define FIND_MAX 100

static void print_path(const struct region *r)
{
	const struct region *chain[6];
	int n = 0;
	for (const struct region *p = region_parent(r); p && n < 6; p = region_parent(p))
		chain[n++] = p;
	if (n == 0)
		printf("-");
	while (n-- > 0)
		printf("%s %s%s", chain[n]->code, chain[n]->name, n ? " › " : "");
	printf("\n");
}

static int show(const char *code)
{
	const struct region *r = region_lookup(code, strlen(code));
	if (!r) {
		fprintf(
		    stderr,
		    L("safetynet region: 湖南省区划中没有代码 %s（可用 2、4、6、9 或 12 位代码）\n",
		      "safetynet region: no region of Hunan has the code %s (use a 2, 4, 6, 9 or 12 digit code)\n"),
		    code);
		return EXIT_FAIL;
	}
	struct buf full = BUF_INIT(1024);
	region_full_name(r, &full);
	char c6[7], c12[13];
	region_code6(r, c6);
	region_code12(r, c12);
	printf("%s\t%s\n", L("代码", "code"), r->code);
	printf("%s\t%s\n", L("名称", "name"), r->name);
	printf("%s\t%s\n", L("级别", "level"), region_level_name(r->level, lang_current()));
	printf("%s\t%s\n", L("全称", "full name"), buf_cstr(&full));
	printf("%s\t%s / %s\n", L("标准代码", "standard codes"), c6, c12);
	printf("%s\t", L("上级", "parents"));
	print_path(r);
	printf("%s\t%d\n", L("下级数", "children"), (int)r->child_count);
	for (int32_t i = 0; i < r->child_count; i++) {
		const struct region *c = region_child(r, i);
		printf("  %s\t%s\n", c->code, c->name);
	}
	buf_release(&full);
	return EXIT_OK;
}

static int find(const char *name)
{
	const struct region *hits[FIND_MAX];
	size_t n = region_find(name, hits, FIND_MAX);
	struct buf full = BUF_INIT(1024);
	for (size_t i = 0; i < n && i < FIND_MAX; i++) {
		buf_reset(&full);
		region_full_name(hits[i], &full);
		printf("%s\t%s\t%s\n", hits[i]->code, region_level_name(hits[i]->level, lang_current()),
		       buf_cstr(&full));
	}
	buf_release(&full);
	if (n > FIND_MAX)
		printf(L("……另有 %zu 处，请用更长的名称缩小范围\n",
		         "... and %zu more: give a longer name to narrow it down\n"),
		       n - FIND_MAX);
	if (n == 0) {
		fprintf(stderr,
		        L("safetynet region: 没有名称含“%s”的区划\n",
		          "safetynet region: no region's name contains '%s'\n"),
		        name);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int run(int argc, char **argv)
{
	if (argc != 3)
		return cmd_usage(&cmd_region, "需要子命令和一个参数", "needs a subcommand and one argument");
	if (region_load()) {
		fprintf(stderr, "safetynet region: %s\n",
		        L("内置区划数据损坏", "the built-in region data is damaged"));
		return EXIT_FAIL;
	}
	if (strcmp(argv[1], "show") == 0)
		return show(argv[2]);
	if (strcmp(argv[1], "find") == 0)
		return find(argv[2]);
	return cmd_usage(&cmd_region, "没有子命令“%s”", "no subcommand '%s'", argv[1]);
}

const struct command cmd_region = {
	"region", "show CODE | find NAME", "查看或查找湖南省行政区划", "show or find a division of Hunan",
	run,
};
