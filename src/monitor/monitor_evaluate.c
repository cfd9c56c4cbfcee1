/* monitor_evaluate.c: monitoring scored against the generator's ground truth (shared EVALUATION.md):
 * the truth's months replayed from the data folder, every household scored month by month with
 * its facts of that month and before (nothing stored), the household on the programme of its
 * true class of the month before (the generated county has no cases), a warning raised when
 * its level leaves none; then recall of need appearing, precision of warnings by level, load. */
#include "base/hmap.h"
#include "base/lang.h"
#include "base/mem.h"
#include "base/tsv.h"
#include "base/vec.h"
#include "monitor/monitor_int.h"

enum { EV_MAX_MONTHS = 120 };

struct hh {
	char id[32];
	signed char cls[EV_MAX_MONTHS]; /* support order: none 0 < rigid 1 < marginal 2 < dibao 3 < tekun 4 */
	int64_t benefit[EV_MAX_MONTHS];
	short members[EV_MAX_MONTHS];
	signed char level[EV_MAX_MONTHS];
	bool hardship[EV_MAX_MONTHS]; /* a shock of a hardship kind that month (truth/shocks.tsv) */
};

static int support(const char *cls)
{
	static const char *const order[] = { "none", "rigid", "marginal", "dibao", "tekun" };
	for (int i = 0; i < 5; i++)
		if (!strcmp(cls, order[i]))
			return i;
	return -1;
}

struct truth {
	VEC(struct hh) hh;
	struct hmap index; /* household -> its place in hh */
	month_t first;
	int months;
};

static int read_truth(const char *dir, struct truth *t, struct error *e)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/truth/households.tsv", dir);
	struct buf text = BUF_INIT((size_t)8 << 30);
	if (buf_read_file(&text, path)) {
		buf_release(&text);
		return error_set(e, ERR_IO, "无法读取 %s", "cannot read %s", path);
	}
	t->first = INT32_MAX;
	int rc = 0;
	/* first pass: the months; second: the households */
	for (int pass = 0; pass < 2 && !rc; pass++) {
		char *copy = mem_strndup(text.data, text.len);
		if (!copy) {
			rc = error_nomem(e);
			break;
		}
		for (char *at = copy, *l; !rc && (l = tsv_next_line(&at, copy + text.len));) {
			char *f[40];
			month_t mo;
			if (tsv_split(l, f, 40) < 31 || month_parse(f[1], strlen(f[1]), &mo) ||
			    support(f[29]) < 0)
				continue;
			if (pass == 0) {
				t->first = mo < t->first ? mo : t->first;
				t->months = mo - t->first + 1 > t->months ? mo - t->first + 1 : t->months;
				continue;
			}
			int k = mo - t->first;
			uint64_t at_idx;
			if (!hmap_get(&t->index, f[0], strlen(f[0]), &at_idx)) {
				struct hh h;
				memset(&h, 0, sizeof h);
				memset(h.cls, -1, sizeof h.cls);
				snprintf(h.id, sizeof h.id, "%s", f[0]);
				at_idx = t->hh.len;
				if (vec_push(&t->hh, h) || hmap_put(&t->index, f[0], strlen(f[0]), at_idx))
					rc = error_nomem(e);
			}
			if (!rc) {
				struct hh *h = &t->hh.items[at_idx];
				h->cls[k] = (signed char)support(f[29]);
				h->benefit[k] = strtoll(f[30], NULL, 10);
				h->members[k] = (short)strtol(f[4], NULL, 10);
			}
		}
		mem_free(copy);
		if (!rc && pass == 0 && (t->months <= 1 || t->months > EV_MAX_MONTHS))
			rc = error_set(e, ERR_INVAL, "%s 需要 2 到 %d 个月", "%s needs 2 to %d months", path,
			               EV_MAX_MONTHS);
	}
	buf_release(&text);
	return rc;
}

/* the hardship shocks of truth/shocks.tsv (id, household, kind, month, detail) */
static int read_shocks(const char *dir, struct truth *t, struct error *e)
{
	static const char *const kinds[] = { "death",    "job-loss",   "serious-illness",
		                             "accident", "disability", "dropout",
		                             "divorce",  "disaster",   "prison" };
	char path[4200];
	snprintf(path, sizeof path, "%s/truth/shocks.tsv", dir);
	struct buf text = BUF_INIT((size_t)8 << 30);
	if (buf_read_file(&text, path)) {
		buf_release(&text);
		return error_set(e, ERR_IO, "无法读取 %s", "cannot read %s", path);
	}
	for (char *at = text.data, *l; (l = tsv_next_line(&at, text.data + text.len));) {
		char *f[8];
		month_t mo;
		uint64_t i;
		if (tsv_split(l, f, 8) < 4 || month_parse(f[3], strlen(f[3]), &mo) || mo < t->first ||
		    mo >= t->first + t->months || !hmap_get(&t->index, f[1], strlen(f[1]), &i))
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
			if (!strcmp(f[2], kinds[k]))
				t->hh.items[i].hardship[mo - t->first] = true;
	}
	buf_release(&text);
	return 0;
}

/* need appears in month k: a class of more support than the month before, or the same class
 * (not none) with a benefit at least 1.2 times as high */
static bool need_at(const struct hh *h, int k)
{
	if (k < 1 || h->cls[k] < 0 || h->cls[k - 1] < 0)
		return false;
	if (h->cls[k] > h->cls[k - 1])
		return true;
	return h->cls[k] == h->cls[k - 1] && h->cls[k] > 0 && h->benefit[k] > 0 &&
	       h->benefit[k] * 10 >= h->benefit[k - 1] * 12;
}

static bool raised_at(const struct hh *h, int k)
{
	return k >= 1 && h->level[k] > 0 && h->level[k - 1] == 0;
}

static void score_months(struct mon_engine *m, struct store *s, struct truth *t, struct mon_eval_report *rep)
{
	struct arena a;
	arena_init(&a, (size_t)1 << 20);
	for (int k = 0; k < t->months; k++) {
		date_t day = month_first_day(t->first + k);
		for (size_t i = 0; i < t->hh.len; i++) {
			struct hh *h = &t->hh.items[i];
			if (h->cls[k] < 0)
				continue;
			int before = k > 0 ? h->cls[k - 1] : -1;
			struct mon_on on = { before == 3, before == 4, before == 2, before == 1 };
			struct mon_score sc;
			struct error he;
			arena_reset(&a);
			if (mon_score_household(m, s, h->id, day, &on, &a, &sc, &he)) {
				rep->failed++;
				continue;
			}
			h->level[k] = (signed char)sc.level;
		}
	}
	arena_release(&a);
}

static void tally(const struct truth *t, struct mon_eval_report *rep)
{
	rep->households = (long)t->hh.len;
	rep->months = t->months - 1;
	for (size_t i = 0; i < t->hh.len; i++) {
		const struct hh *h = &t->hh.items[i];
		for (int k = 1; k < t->months; k++) {
			if (h->cls[k] >= 0)
				rep->persons_months += h->members[k];
			if (need_at(h, k)) {
				rep->need++;
				rep->need_warned += raised_at(h, k);
				rep->need_warned_grace +=
				    raised_at(h, k) || (k + 1 < t->months && raised_at(h, k + 1));
				rep->need_open += h->level[k] > 0;
			}
			if (!raised_at(h, k))
				continue;
			rep->raised[h->level[k]]++;
			bool confirmed = false;
			for (int j = k - 1; j <= k + 3 && j < t->months; j++)
				confirmed |= need_at(h, j);
			rep->confirmed[h->level[k]] += confirmed;
			bool hardship = false;
			for (int j = k - 3; j <= k; j++)
				hardship |= j >= 0 && h->hardship[j];
			rep->pointed[h->level[k]] += h->cls[k] > 0 || hardship;
		}
	}
}

static double pct(long a, long b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

static void print_report(const struct mon_eval_report *rep, FILE *out)
{
	long raised = rep->raised[1] + rep->raised[2] + rep->raised[3];
	fprintf(out, "%s\t%ld\t%s\t%ld\n", L("户数", "households"), rep->households,
	        L("评估月数（首月为基线）", "months scored (after the baseline month)"), rep->months);
	fprintf(out, "%s\t%ld\n", L("新出现需要的户月", "household-months with need appearing"), rep->need);
	fprintf(out, "%s\t%.1f%%\t%s\t%.1f%%\t%s\t%.1f%%\n",
	        L("召回：当月新预警", "recall: raised that month"), pct(rep->need_warned, rep->need),
	        L("宽限一月", "with a month's grace"), pct(rep->need_warned_grace, rep->need),
	        L("当月处于预警中", "under an open warning that month"), pct(rep->need_open, rep->need));
	for (int l = ML_RED; l >= ML_YELLOW; l--)
		fprintf(out, "%s\t%ld\t%s\t%ld\t%.1f%%\t%s\t%ld\t%.1f%%\n", mon_level_name((enum mon_level)l),
		        rep->raised[l], L("得到证实", "confirmed"), rep->confirmed[l],
		        pct(rep->confirmed[l], rep->raised[l]),
		        L("指向困难户或真实困境", "eligible or hardship"), rep->pointed[l],
		        pct(rep->pointed[l], rep->raised[l]));
	fprintf(out, "%s\t%.2f\n", L("每千人每月预警数", "warnings per 1,000 persons per month"),
	        rep->persons_months ? 1000.0 * (double)raised / (double)rep->persons_months : 0.0);
	if (rep->failed)
		fprintf(out, "%s\t%ld\n", L("无法评分的户月", "household-months that could not be scored"),
		        rep->failed);
}

int mon_evaluate(struct mon_engine *m, struct store *s, const char *truth_dir, FILE *out,
                 struct mon_eval_report *rep, struct error *e)
{
	memset(rep, 0, sizeof *rep);
	struct truth t = { { 0 }, { 0 }, 0, 0 };
	hmap_init(&t.index);
	int rc = read_truth(truth_dir, &t, e);
	if (!rc)
		rc = read_shocks(truth_dir, &t, e);
	if (!rc) {
		score_months(m, s, &t, rep);
		tally(&t, rep);
	}
	if (!rc && out)
		print_report(rep, out);
	hmap_release(&t.index);
	vec_release(&t.hh);
	return rc;
}
