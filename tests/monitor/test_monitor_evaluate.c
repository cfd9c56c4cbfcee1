/* test_monitor_evaluate.c: the arithmetic of `monitor evaluate` (shared EVALUATION.md) on a
 * hand-made truth of six households over four months, whose replayed warnings are set by hand:
 * recall with a warning by the month or on the rolls, by shock dimension and by reporting lag,
 * lead time, precision by level, exit warnings apart, load, and points of the curve. */
#include <sys/stat.h>

#include "testutil.h"

#include "base/mem.h"
#include "monitor/monitor_int.h"

static void put(FILE *f, const char *hh, const char *month, const char *cls, long benefit)
{
	/* 31 columns: household, month, village, urban, members, 24 items, class, benefit */
	fprintf(f, "%s\t%s\t430181001001\t1\t2", hh, month);
	for (int i = 5; i < 29; i++)
		fprintf(f, "\t0");
	fprintf(f, "\t%s\t%ld\n", cls, benefit);
}

static void write_truth(const char *dir)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/truth", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/truth/households.tsv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "household\tmonth\t...\n");
	static const char *const months[] = { "2025-01", "2025-02", "2025-03", "2025-04" };
	static const struct {
		const char *id, *cls[4];
		long benefit[4];
	} hh[] = {
		{ "A", { "none", "dibao", "dibao", "dibao" }, { 0, 50000, 50000, 50000 } },
		{ "B", { "none", "none", "marginal", "marginal" }, { 0, 0, 0, 0 } },
		{ "C", { "dibao", "dibao", "dibao", "dibao" }, { 50000, 50000, 70000, 70000 } },
		{ "D", { "none", "none", "none", "none" }, { 0, 0, 0, 0 } },
		{ "E", { "dibao", "dibao", "none", "none" }, { 50000, 50000, 0, 0 } },
		{ "F", { "none", "none", "none", "rigid" }, { 0, 0, 0, 0 } },
	};
	for (size_t i = 0; i < ARRAY_SIZE(hh); i++)
		for (int k = 0; k < 4; k++)
			put(f, hh[i].id, months[k], hh[i].cls[k], hh[i].benefit[k]);
	fclose(f);
	snprintf(path, sizeof path, "%s/truth/shocks.tsv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "id\thousehold\tkind\tmonth\tdetail\tlag\n");
	fprintf(f, "p1\tA\tjob-loss\t2024-12\tunemployed\t0\n");
	fprintf(f, "p2\tD\tdisaster\t2025-02\tflood damage\t0\n");
	fprintf(f, "p3\tF\tserious-illness\t2025-02\tinpatient\t2\n");
	fprintf(f, "p4\tE\tvehicle\t2025-03\tbought a car\t0\n");
	fclose(f);
}

static struct mon_eval_hh *hh(struct mon_eval_truth *t, const char *id)
{
	uint64_t i;
	assert_true(hmap_get(&t->index, id, strlen(id), &i));
	return &t->hh.items[i];
}

/* the replay, by hand: level and the scores of each month */
static void warn(struct mon_eval_truth *t, const char *id, const int level[4], const int eff[4],
                 const int need[4])
{
	struct mon_eval_hh *h = hh(t, id);
	for (int k = 0; k < 4; k++) {
		h->level[k] = (signed char)level[k];
		h->eff[k] = (short)eff[k];
		h->eff_need[k] = (short)need[k];
	}
}

static void figures(void **state)
{
	UNUSED(state);
	char *dir = tu_tmpdir();
	write_truth(dir);
	struct mon_eval_truth t;
	memset(&t, 0, sizeof t);
	hmap_init(&t.index);
	struct error e;
	assert_int_equal(mon_eval_read_truth(dir, &t, &e), 0);
	assert_int_equal(t.months, 4);
	assert_int_equal(t.hh.len, 6);
	assert_int_equal(hh(&t, "F")->lag[MON_EVAL_BEFORE + 1], 2);
	/* A: red in February, when it became dibao (a job lost in December): found, lead 2 */
	warn(&t, "A", (int[]){ 0, 3, 3, 0 }, (int[]){ 0, 100, 100, 0 }, (int[]){ 0, 100, 100, 0 });
	/* B: marginal in March, no shock, no warning: missed */
	/* C: dibao's benefit up 1.4 times in March: on the rolls at that class, found */
	/* D: yellow in February, a flood that month, never eligible: not confirmed, a hardship */
	warn(&t, "D", (int[]){ 0, 1, 0, 0 }, (int[]){ 0, 40, 0, 0 }, (int[]){ 0, 40, 0, 0 });
	/* E: an exit warning in March, when it left dibao: confirmed by the fall */
	warn(&t, "E", (int[]){ 0, 0, 1, 0 }, (int[]){ 0, 0, 40, 0 }, (int[]){ 0, 0, 0, 0 });
	/* F: rigid in April; its illness of February reached the data two months late, in April,
	 * when the warning came: found, lead 0 */
	warn(&t, "F", (int[]){ 0, 0, 0, 1 }, (int[]){ 0, 0, 0, 40 }, (int[]){ 0, 0, 0, 40 });

	struct mon_eval_report rep;
	memset(&rep, 0, sizeof rep);
	rep.failed = 7;
	const int thr[4] = { 0, 40, 70, 100 };
	mon_eval_tally(&t, thr, 50000, &rep);
	assert_int_equal(rep.failed, 7);
	assert_int_equal(rep.households, 6);
	assert_int_equal(rep.months, 3);
	assert_int_equal(rep.persons_months, 36);
	assert_int_equal(rep.need, 4);
	assert_int_equal(rep.need_rises, 3);
	assert_int_equal(rep.need_rolls, 1);
	assert_int_equal(rep.need_found, 3);
	assert_int_equal(rep.need_found_rises, 2);
	assert_int_equal(rep.need_grace, 3);
	assert_int_equal(rep.need_raised, 2);
	assert_int_equal(rep.by_dim[0][0], 2);
	assert_int_equal(rep.by_dim[0][1], 1);
	assert_int_equal(rep.by_dim[2][0], 1);
	assert_int_equal(rep.by_dim[2][1], 1);
	assert_int_equal(rep.by_dim[4][0], 1);
	assert_int_equal(rep.by_dim[4][1], 1);
	/* F's illness of February shows in April, the month of its need: no later than the need */
	assert_int_equal(rep.by_lag[0][0], 4);
	assert_int_equal(rep.by_lag[0][1], 3);
	assert_int_equal(rep.lead_n, 2);
	assert_int_equal(rep.lead_sum, 2);
	assert_int_equal(rep.lead_hist[1], 2);
	assert_int_equal(rep.raised[ML_RED], 1);
	assert_int_equal(rep.confirmed[ML_RED], 1);
	assert_int_equal(rep.pointed[ML_RED], 1);
	assert_int_equal(rep.raised[ML_ORANGE], 0);
	assert_int_equal(rep.raised[ML_YELLOW], 2);
	assert_int_equal(rep.confirmed[ML_YELLOW], 1);
	assert_int_equal(rep.pointed[ML_YELLOW], 2);
	assert_int_equal(rep.exit_raised, 1);
	assert_int_equal(rep.exit_confirmed, 1);
	assert_int_equal(rep.capacity, 50000);
	/* the curve: at 40 it is the replay above; at 100 only A's red is raised */
	assert_int_equal(rep.curve[3].threshold, 40);
	assert_int_equal(rep.curve[3].need, 4);
	assert_int_equal(rep.curve[3].found, 3);
	assert_int_equal(rep.curve[3].raised, 4);
	assert_int_equal(rep.curve[3].need_raised, 3);
	assert_int_equal(rep.curve[3].confirmed, 2);
	assert_int_equal(rep.curve[3].pointed, 3);
	assert_int_equal(rep.curve[9].threshold, 100);
	assert_int_equal(rep.curve[9].found, 2);
	assert_int_equal(rep.curve[9].raised, 1);
	assert_int_equal(rep.curve[9].confirmed, 1);

	/* a month's grace: B warned in April, the month after its need appeared */
	warn(&t, "B", (int[]){ 0, 0, 0, 1 }, (int[]){ 0, 0, 0, 40 }, (int[]){ 0, 0, 0, 40 });
	mon_eval_tally(&t, thr, 50000, &rep);
	assert_int_equal(rep.need_found, 3);
	assert_int_equal(rep.need_grace, 4);
	assert_int_equal(rep.lead_hist[2], 1);
	mon_eval_truth_release(&t);
	tu_rmtree(dir);
	mem_free(dir);
}

/* with truth/lags.tsv: wages (income) reported a month late. B's marginal of March is due in
 * April, when its warning came: found, not only with grace; F's rigid of April would be due in
 * May, after the last month: not counted. A fact is hidden until its department reports it. */
static void lags(void **state)
{
	UNUSED(state);
	char *dir = tu_tmpdir();
	write_truth(dir);
	static const char lags_tsv[] = "resource\tlag\tincome\n43SW001\t1\t1\n43SF001\t2\t0\n";
	char *truth = tu_path(dir, "truth");
	mem_free(tu_write_file(truth, "lags.tsv", lags_tsv, sizeof lags_tsv - 1));
	struct mon_eval_truth t;
	memset(&t, 0, sizeof t);
	hmap_init(&t.index);
	struct error e;
	assert_int_equal(mon_eval_read_truth(dir, &t, &e), 0);
	assert_int_equal(t.nlags, 2);
	assert_int_equal(t.income_lag, 1);
	warn(&t, "A", (int[]){ 0, 3, 3, 0 }, (int[]){ 0, 100, 100, 0 }, (int[]){ 0, 100, 100, 0 });
	warn(&t, "B", (int[]){ 0, 0, 0, 1 }, (int[]){ 0, 0, 0, 40 }, (int[]){ 0, 0, 0, 40 });
	warn(&t, "F", (int[]){ 0, 0, 0, 1 }, (int[]){ 0, 0, 0, 40 }, (int[]){ 0, 0, 0, 40 });
	struct mon_eval_report rep;
	memset(&rep, 0, sizeof rep);
	const int thr[4] = { 0, 40, 70, 100 };
	mon_eval_tally(&t, thr, 50000, &rep);
	assert_int_equal(rep.need_censored, 1); /* F */
	assert_int_equal(rep.need, 3);          /* A, B, C */
	assert_int_equal(rep.need_found, 3);
	assert_int_equal(rep.need_found_month, 2); /* B's warning came a month after its need */
	assert_int_equal(rep.by_lag[1][0], 3);

	struct vf_fact facts[] = {
		{ "wage", "2025-03", NULL, 500000, true, "43SW001", 1, "", 1 },
		{ "wage", "2025-04", NULL, 500000, true, "43SW001", 1, "", 2 },
		{ "death", "2025-04-10", NULL, 0, false, "43WJ002", 1, "", 3 },
		{ "prison", "2025-03-02", NULL, 0, false, "43SF001", 1, "", 4 },
	};
	struct vf_member mb = {
		"430181198501010011", "张三", "01", "正常", 'M', 0, facts, ARRAY_SIZE(facts)
	};
	struct vf_household h = { "A", "430181001001", 1, &mb, 1, false, { 0 }, NULL, 0 };
	struct vf_household known;
	struct arena a;
	arena_init(&a, 4096);
	month_t apr;
	assert_int_equal(month_parse("2025-04", 7, &apr), 0);
	assert_int_equal(mon_eval_as_reported(&t, &h, apr, &a, &known), 0);
	assert_int_equal(known.members[0].nfacts,
	                 2); /* March's wage and the death; not April's wage nor the prison */
	assert_int_equal(known.members[0].facts[0].line, 1);
	assert_int_equal(known.members[0].facts[1].line, 3);
	assert_int_equal(mon_eval_as_reported(&t, &h, apr + 1, &a, &known), 0);
	assert_int_equal(known.members[0].nfacts, 4);
	arena_release(&a);
	mon_eval_truth_release(&t);
	mem_free(truth);
	tu_rmtree(dir);
	mem_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(figures),
		cmocka_unit_test(lags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
