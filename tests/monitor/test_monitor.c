/* test_monitor.c: monitoring's pieces that need no generated county: the levels, one warning per
 * episode in the repository (raised once, updated, ended when the condition ends, a new one for
 * a new episode), the list's order and filters, and indicator files refused when they do not
 * compile (file:line:column) or declare an input monitoring does not give. */
#include <sys/stat.h>

#include "testutil.h"

#include "base/mem.h"
#include "monitor/monitor_int.h"

static void levels(void **state)
{
	UNUSED(state);
	enum mon_level l;
	assert_int_equal(mon_level_parse("orange", &l), 0);
	assert_int_equal(l, ML_ORANGE);
	assert_string_equal(mon_level_name(ML_RED), "red");
	assert_int_not_equal(mon_level_parse("purple", &l), 0);
}

static struct store *memory_store(void)
{
	struct store *s;
	struct error e;
	assert_int_equal(store_open_sqlite(":memory:", STORE_OPEN_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), 0);
	return s;
}

/* applies one household's result in a run of its own; returns what happened to its warning */
static char apply(struct store *s, const char *day, const char *hh, int score, enum mon_level level,
                  const char *indicators)
{
	struct error e;
	int64_t run;
	char what = '?';
	struct mon_row r = { hh, "430181001001", indicators, score, level };
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(mon_repo_run_add(s, day, true, 0, "test", &run, &e), 0);
	assert_int_equal(mon_repo_apply(s, run, day, &r, &what, &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	return what;
}

struct seen {
	int n;
	char status[8][8];
	enum mon_level level[8];
	char household[8][32];
};

static int take(void *arg, const struct mon_warning *w)
{
	struct seen *v = arg;
	if (v->n < 8) {
		snprintf(v->status[v->n], sizeof v->status[0], "%s", mon_status_name(w->status));
		snprintf(v->household[v->n], sizeof v->household[0], "%s", w->household);
		v->level[v->n] = w->level;
	}
	v->n++;
	return 0;
}

static struct seen list(struct store *s, const char *region, enum mon_level min, bool all)
{
	struct seen v = { 0 };
	struct error e;
	struct mon_filter f = { region, min, all ? -1 : MS_COUNT, false, 0, 100, NULL };
	assert_int_equal(mon_repo_list(s, &f, region, take, &v, &e), 0);
	return v;
}

static void one_warning_per_episode(void **state)
{
	UNUSED(state);
	struct store *s = memory_store();
	const char *hh = "43018100100100001";
	assert_int_equal(apply(s, "2025-06-15", hh, 0, ML_NONE, "[]"), 0); /* nothing to say */
	assert_int_equal(apply(s, "2025-07-15", hh, 60, ML_YELLOW, "[1]"), 'r');
	assert_int_equal(apply(s, "2025-07-20", hh, 60, ML_YELLOW, "[1]"), 0); /* the same episode */
	assert_int_equal(apply(s, "2025-08-15", hh, 110, ML_RED, "[1,2]"), 'u');
	struct seen v = list(s, "", ML_YELLOW, true);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.level[0], ML_RED);
	assert_int_equal(apply(s, "2025-09-15", hh, 0, ML_NONE, "[]"), 'e');
	v = list(s, "", ML_YELLOW, false);
	assert_int_equal(v.n, 0); /* ended: no longer open */
	v = list(s, "", ML_YELLOW, true);
	assert_int_equal(v.n, 1);
	assert_string_equal(v.status[0], "ended");
	assert_int_equal(apply(s, "2025-10-15", hh, 50, ML_YELLOW, "[3]"), 'r'); /* a new episode */
	v = list(s, "", ML_YELLOW, true);
	assert_int_equal(v.n, 2);
	assert_string_equal(v.status[0], "new"); /* the newest first */
	store_close(s);
}

static void list_order_and_filters(void **state)
{
	UNUSED(state);
	struct store *s = memory_store();
	assert_int_equal(apply(s, "2025-07-15", "43018100100100001", 50, ML_YELLOW, "[]"), 'r');
	assert_int_equal(apply(s, "2025-07-15", "43018100100100002", 120, ML_RED, "[]"), 'r');
	assert_int_equal(apply(s, "2025-06-15", "43018100100100003", 130, ML_RED, "[]"), 'r');
	struct seen v = list(s, "", ML_YELLOW, false);
	assert_int_equal(v.n, 3);
	assert_string_equal(v.household[0], "43018100100100002"); /* newest, then reddest */
	assert_string_equal(v.household[1], "43018100100100001");
	assert_string_equal(v.household[2], "43018100100100003");
	assert_int_equal(list(s, "", ML_RED, false).n, 2);
	assert_int_equal(list(s, "430181001", ML_YELLOW, false).n, 3);
	assert_int_equal(list(s, "430182", ML_YELLOW, false).n, 0);
	store_close(s);
}

/* a policy folder holding the shipped rule files and the given indicator file */
static char *policy_with(const char *indicators)
{
	char *dir = tu_tmpdir();
	const char *src = getenv("SAFETYNET_TEST_DATA");
	assert_non_null(src);
	static const char *const files[] = { "dibao.rules", "tekun.rules", "marginal.rules", "rigid.rules" };
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/../../policy/%s", src, files[i]);
		size_t len;
		char *text = tu_slurp(path, &len);
		mem_free(tu_write_file(dir, files[i], text, len));
		mem_free(text);
	}
	char *sub = tu_path(dir, "monitor");
	assert_int_equal(mkdir(sub, 0700), 0);
	mem_free(tu_write_file(sub, "indicators.rules", indicators, strlen(indicators)));
	mem_free(sub);
	return dir;
}

static void refused_indicator_files(void **state)
{
	UNUSED(state);
	struct mon_engine *m = NULL;
	struct error e;
	char *dir = policy_with("input 监测月 : date\nrule x when 监测月 + 1元 > 0 zh \"x\" en \"x\"\n");
	assert_int_not_equal(mon_open(dir, NULL, &m, &e), 0);
	assert_null(m);
	assert_non_null(strstr(e.en, "indicators.rules:2:"));
	tu_rmtree(dir);
	mem_free(dir);

	dir = policy_with("input 收入 : money\nrule x when 收入 > 0元 zh \"x\" en \"x\"\n");
	assert_int_not_equal(mon_open(dir, NULL, &m, &e), 0);
	assert_non_null(strstr(e.en, "收入"));
	tu_rmtree(dir);
	mem_free(dir);

	dir = policy_with("input 监测月 : date\nrule x when 监测月 > 2025-01-01 zh \"x\" en \"x\"\n");
	assert_int_equal(mon_open(dir, NULL, &m, &e),
	                 0); /* compiles; its weight is looked up when it fires */
	mon_close(m);
	tu_rmtree(dir);
	mem_free(dir);
}

static void shipped_indicators_compile(void **state)
{
	UNUSED(state);
	struct mon_engine *m = NULL;
	struct error e;
	int rc = mon_open(NULL, NULL, &m, &e);
	if (rc)
		fail_msg("%s", e.en);
	mon_close(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(levels),
		cmocka_unit_test(one_warning_per_episode),
		cmocka_unit_test(list_order_and_filters),
		cmocka_unit_test(refused_indicator_files),
		cmocka_unit_test(shipped_indicators_compile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
