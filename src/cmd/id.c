/* id.c: `safetynet id check [ID...]`: validates ID numbers from the arguments, or from stdin one
 * per line when there are none, printing one tab-separated line each:
 *   ID<TAB>valid<TAB>NORMALISED18<TAB>YYYY-MM-DD<TAB>M|F<TAB>REGIONCODE
 *   ID<TAB>invalid<TAB>REASON<TAB>message
 * Exit 0 when all are valid, 1 otherwise. */
#include "base/idno.h"
#include "cmd/cmd.h"

/* The input as echoed back: at most 40 bytes, control characters shown as '?', so a hostile
 * line cannot break the tab-separated output. */
static void echo(const char *s, size_t n)
{
	if (n > 40)
		n = 40;
	for (size_t i = 0; i < n; i++)
		putchar((unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i]);
}

static bool check_one(const char *s, size_t n, date_t today)
{
	struct idno id;
	enum idno_reason r = idno_parse(s, n, today, &id);
	echo(s, n);
	if (r == IDNO_OK) {
		char birth[DATE_STR_SIZE];
		date_format(id.birth, birth);
		printf("\tvalid\t%s\t%s\t%c\t%s\n", id.id, birth, id.sex, id.region);
		return true;
	}
	printf("\tinvalid\t%s\t%s", idno_reason_token(r), idno_reason_text(r, lang_current()));
	if (r == IDNO_CHECK)
		printf(L("，应为 %c", " (expected %c)"), id.expected);
	printf("\n");
	return false;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n &&
	       ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r' || (*s)[*n - 1] == '\n'))
		(*n)--;
}

static int run(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "check") != 0)
		return cmd_usage(&cmd_id, "需要子命令 check", "needs the subcommand 'check'");
	date_t today = date_today();
	bool all_ok = true;
	if (argc > 2) {
		for (int i = 2; i < argc; i++) {
			const char *s = argv[i];
			size_t n = strlen(s);
			trim(&s, &n);
			all_ok &= check_one(s, n, today);
		}
		return all_ok ? EXIT_OK : EXIT_FAIL;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	while ((got = getline(&line, &cap, stdin)) >= 0) {
		const char *s = line;
		size_t n = (size_t)got;
		trim(&s, &n);
		if (n == 0)
			continue;
		all_ok &= check_one(s, n, today);
	}
	free(line); /* getline's buffer comes from libc's malloc */
	if (ferror(stdin)) {
		fprintf(stderr, "safetynet id: %s\n", L("读取标准输入失败", "reading standard input failed"));
		return EXIT_FAIL;
	}
	return all_ok ? EXIT_OK : EXIT_FAIL;
}

const struct command cmd_id = {
	"id",
	"check [ID...]",
	"校验身份证号码（无参数时从标准输入逐行读取）",
	"check ID numbers (from standard input, one per line, when none are given)",
	run,
};
