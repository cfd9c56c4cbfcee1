/* monitor_evaluate.c: monitoring scored against the generator's ground truth (shared EVALUATION.md,
 * "Monitoring and early warning"): the truth's months replayed from the data folder, every
 * household loaded once and scored month by month with its facts of that month and before
 * (nothing stored), on the programme of its true class of the month before (the generated county
 * has no cases), a warning open in each month its level is above none; then recall of need
 * appearing (a warning by the month, or already on the rolls at that class), by the dimension of
 * the shock behind it and by the department's reporting lag, lead time, precision by level, exit
 * warnings apart, load against the caseworkers' capacity, and the precision-recall curve over the
 * score that raises a warning. */
#include "base/hmap.h"
#include "base/lang.h"
#include "base/mem.h"
#include "base/tsv.h"
#include "base/vec.h"
#include "monitor/monitor_int.h"

/* support order: none 0 < rigid 1 < marginal 2 < dibao 3 < tekun 4 */
static int support(const char *cls)
{
	static const char *const order[] = { "none", "rigid", "marginal", "dibao", "tekun" };
	for (int i = 0; i < 5; i++)
		if (!strcmp(cls, order[i]))
			return i;
	return -1;
}

/* the dimension (DOMAIN.md §8) of a kind of shocks.tsv, 0 for a purchase or a role (not a
 * hardship that makes need), -1 for a kind not known */
static int shock_dimension(const char *kind)
{
	static const struct {
		const char *kind;
		int dim;
	} kinds[] = {
		{ "death", 1 },    { "birth", 1 },      { "marriage", 1 },     { "divorce", 1 },
		{ "prison", 1 },   { "retirement", 1 }, { "job-loss", 2 },     { "serious-illness", 4 },
		{ "accident", 4 }, { "disability", 4 }, { "dropout", 6 },      { "disaster", 6 },
		{ "vehicle", 0 },  { "home", 0 },       { "company-role", 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(kind, kinds[i].kind))
			return kinds[i].dim;
	return -1;
}

/* the hardships of the wider precision: death, job loss, serious illness, accident,
 * disability, dropout, divorce, disaster, prison */
static bool shock_hardship(const char *kind)
{
	static const char *const kinds[] = { "death",    "job-loss",   "serious-illness",
		                             "accident", "disability", "dropout",
		                             "divorce",  "disaster",   "prison" };
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(kind, kinds[i]))
			return true;
	return false;
}

/* truth/lags.tsv (resource, lag), when the truth has one */
static int read_lags(const char *dir, struct mon_eval_truth *t, struct error *e)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/truth/lags.tsv", dir);
	struct buf text = BUF_INIT((size_t)1 << 20);
	t->nlags = t->income_lag = 0;
	if (buf_read_file(&text, path)) {
		buf_release(&text);
		return 0; /* a truth from before lags were recorded: every record on time */
	}
	int rc = 0;
	for (char *at = text.data, *l; !rc && (l = tsv_next_line(&at, text.data + text.len));) {
		char *f[4], *end;
		int n = tsv_split(l, f, 4);
		if (n < 2 || !strcmp(f[0], "resource"))
			continue;
		long lag = strtol(f[1], &end, 10);
		if (*end || lag < 0 || lag > 24 || strlen(f[0]) >= sizeof t->lags[0].code ||
		    t->nlags >= (int)ARRAY_SIZE(t->lags)) {
			rc = error_set(e, ERR_INVAL, "%s：无法读取资源 %s 的滞后月数",
			               "%s: cannot read the lag of %s", path, f[0]);
			break;
		}
		snprintf(t->lags[t->nlags].code, sizeof t->lags[0].code, "%s", f[0]);
		t->lags[t->nlags++].lag = (int)lag;
		if (n >= 3 && !strcmp(f[2], "1") && lag > t->income_lag)
			t->income_lag = (int)lag;
	}
	buf_release(&text);
	return rc;
}

static int lag_of(const struct mon_eval_truth *t, const char *resource)
{
	for (int i = 0; resource && i < t->nlags; i++)
		if (!strcmp(t->lags[i].code, resource))
			return t->lags[i].lag;
	return 0;
}

int mon_eval_as_reported(const struct mon_eval_truth *t, const struct vf_household *h, month_t mo,
                         struct arena *a, struct vf_household *out)
{
	*out = *h;
	if (!t->nlags)
		return 0;
	struct vf_member *m = arena_alloc(a, (h->nmembers + 1) * sizeof *m);
	if (!m)
		return ERR_NOMEM;
	for (size_t i = 0; i < h->nmembers; i++) {
		m[i] = h->members[i];
		m[i].facts = arena_alloc(a, (h->members[i].nfacts + 1) * sizeof *m[i].facts);
		if (!m[i].facts)
			return ERR_NOMEM;
		m[i].nfacts = 0;
		for (size_t k = 0; k < h->members[i].nfacts; k++) {
			const struct vf_fact *f = &h->members[i].facts[k];
			month_t fm;
			if (f->period && strlen(f->period) >= 7 && !month_parse(f->period, 7, &fm) &&
			    fm + lag_of(t, f->resource) > mo)
				continue; /* not reported yet */
			m[i].facts[m[i].nfacts++] = *f;
		}
	}
	out->members = m;
	return 0;
}

int mon_eval_read_truth(const char *dir, struct mon_eval_truth *t, struct error *e)
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
				struct mon_eval_hh h;
				memset(&h, 0, sizeof h);
				memset(h.cls, -1, sizeof h.cls);
				memset(h.lag, -1, sizeof h.lag);
				snprintf(h.id, sizeof h.id, "%s", f[0]);
				at_idx = t->hh.len;
				if (vec_push(&t->hh, h) || hmap_put(&t->index, f[0], strlen(f[0]), at_idx))
					rc = error_nomem(e);
			}
			if (!rc) {
				struct mon_eval_hh *h = &t->hh.items[at_idx];
				h->cls[k] = (signed char)support(f[29]);
				if (k + 1 < MON_EVAL_MONTHS)
					h->prog[k + 1] = h->cls[k]; /* until a replay says otherwise */
				h->benefit[k] = strtoll(f[30], NULL, 10);
				h->members[k] = (short)strtol(f[4], NULL, 10);
			}
		}
		mem_free(copy);
		if (!rc && pass == 0 && (t->months <= 1 || t->months > MON_EVAL_MONTHS))
			rc = error_set(e, ERR_INVAL, "%s 需要 2 到 %d 个月", "%s needs 2 to %d months", path,
			               MON_EVAL_MONTHS);
	}
	buf_release(&text);
	if (!rc)
		rc = mon_eval_read_shocks(dir, t, e);
	if (!rc)
		rc = read_lags(dir, t, e);
	return rc;
}

/* truth/shocks.tsv (id, household, kind, month, detail[, lag]): each household's hardships by
 * month, and the newest shock that can make need (its dimension, month and the months the
 * department reporting it lags, when the truth records one) */
int mon_eval_read_shocks(const char *dir, struct mon_eval_truth *t, struct error *e)
{
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
		int n = tsv_split(l, f, 8);
		if (n < 4 || month_parse(f[3], strlen(f[3]), &mo) ||
		    !hmap_get(&t->index, f[1], strlen(f[1]), &i))
			continue;
		struct mon_eval_hh *h = &t->hh.items[i];
		int k = mo - t->first, dim = shock_dimension(f[2]);
		if (k >= 0 && k < t->months && shock_hardship(f[2]))
			h->hardship[k] = true;
		if (dim <= 0 || k < -MON_EVAL_BEFORE || k >= t->months)
			continue;
		int j = k + MON_EVAL_BEFORE;
		h->shock_dim[j] = (signed char)dim;
		h->lag[j] = (signed char)(n >= 6 && f[5][0] ? strtol(f[5], NULL, 10) : 0);
	}
	buf_release(&text);
	return 0;
}

/* need appears in month k: a class of more support than the month before, or the same class
 * (not none) with a benefit at least 1.2 times as high */
static bool need_at(const struct mon_eval_hh *h, int k)
{
	if (k < 1 || h->cls[k] < 0 || h->cls[k - 1] < 0)
		return false;
	if (h->cls[k] > h->cls[k - 1])
		return true;
	return h->cls[k] == h->cls[k - 1] && h->cls[k] > 0 && h->benefit[k] > 0 &&
	       h->benefit[k] * 10 >= h->benefit[k - 1] * 12;
}

static bool fall_at(const struct mon_eval_hh *h, int k)
{
	return k >= 1 && k < MON_EVAL_MONTHS && h->cls[k] >= 0 && h->cls[k - 1] >= 0 &&
	       h->cls[k] < h->cls[k - 1];
}

/* the cause of need appearing in month k: the newest shock that can make need in the twelve
 * months up to k (income is a twelve-month sum, so a job lost in spring shows in autumn);
 * its place in shock_dim, or -1 */
static int cause_of(const struct mon_eval_hh *h, int k)
{
	for (int j = k + MON_EVAL_BEFORE; j >= 0 && j >= k + MON_EVAL_BEFORE - 12; j--)
		if (h->shock_dim[j] > 0)
			return j;
	return -1;
}

/* the month the department data first show need appearing in k, whose cause is c (its place in
 * shock_dim, or -1): the shock's record (its month and its department's lag), and no earlier
 * than the month the records of month k's income are all in (class(k) is computed from them);
 * *lag gets the months after k */
static int due_month(const struct mon_eval_truth *t, const struct mon_eval_hh *h, int k, int c, int *lag)
{
	int due = k + t->income_lag;
	if (c >= 0 && h->lag[c] > 0 && c - MON_EVAL_BEFORE + h->lag[c] > due)
		due = c - MON_EVAL_BEFORE + h->lag[c];
	*lag = due - k >= MON_EVAL_LAGS ? MON_EVAL_LAGS - 1 : due - k;
	return due;
}

/* a warning is open in month k at threshold thr (the effective score: indicators' own levels
 * count as their level's score) */
static bool open_at(const struct mon_eval_hh *h, int k, int thr)
{
	return k >= 0 && k < MON_EVAL_MONTHS && h->eff[k] >= thr;
}

static bool raised_at(const struct mon_eval_hh *h, int k, int thr)
{
	return k >= 1 && open_at(h, k, thr) && !open_at(h, k - 1, thr);
}

/* the month the warning open in k was raised (k when none is open) */
static int raised_when(const struct mon_eval_hh *h, int k, int thr)
{
	int r = k;
	while (r > 0 && open_at(h, r - 1, thr))
		r--;
	return r;
}

void mon_eval_tally(const struct mon_eval_truth *t, const int thr[4], int64_t capacity,
                    struct mon_eval_report *rep)
{
	long failed = rep->failed;
	memset(rep, 0, sizeof *rep);
	rep->failed = failed;
	rep->households = (long)t->hh.len;
	rep->months = t->months - 1;
	rep->capacity = capacity;
	int y = thr[ML_YELLOW];
	for (size_t i = 0; i < t->hh.len; i++) {
		const struct mon_eval_hh *h = &t->hh.items[i];
		for (int k = 1; k < t->months; k++) {
			if (h->cls[k] >= 0)
				rep->persons_months += h->members[k];
			if (need_at(h, k)) {
				bool rolls = h->prog[k] == h->cls[k]; /* on the rolls at that class */
				int c = cause_of(h, k), lag = 0, shown = due_month(t, h, k, c, &lag);
				if (shown >= t->months) {
					rep->need_censored++; /* due after the last month replayed */
					continue;
				}
				int dim = c >= 0 ? h->shock_dim[c] : 0;
				int cause = c >= 0 ? c - MON_EVAL_BEFORE : k;
				/* a warning open in some month from the need's to the month due (or the one
				 * after, with grace): the household was under watch while its need was there */
				int first = -1;
				for (int j = k; first < 0 && j <= shown + 1 && j < t->months; j++)
					first = open_at(h, j, y) ? j : -1;
				bool found = rolls || (first >= 0 && first <= shown),
				     grace = rolls || first >= 0;
				rep->need_found_month += rolls || open_at(h, k, y);
				rep->need++;
				rep->need_rises += !rolls;
				rep->need_rolls += rolls;
				rep->need_raised += raised_at(h, k, y);
				rep->need_found += found;
				rep->need_found_rises += !rolls && found;
				rep->need_grace += grace;
				rep->by_class[h->cls[k]][0]++;
				rep->by_class[h->cls[k]][1] += found;
				rep->by_dim[dim][0]++;
				rep->by_dim[dim][1] += found;
				rep->by_lag[lag][0]++;
				rep->by_lag[lag][1] += found;
				if (!rolls && first >= 0) {
					int w = raised_when(h, first, y);
					rep->lead_n++;
					rep->lead_sum +=
					    w - (c >= 0 ? cause + (h->lag[c] > 0 ? h->lag[c] : 0) : shown);
					rep->lead_hist[w < k ? 0 : w == k ? 1 : 2]++;
				}
			}
			if (!raised_at(h, k, y))
				continue;
			int level = h->level[k] < ML_YELLOW ? ML_YELLOW : h->level[k];
			if (h->eff_need[k] < y) {
				/* an exit warning: only exit signals raised it */
				rep->exit_raised++;
				bool fell = false;
				for (int j = k - 1; j <= k + 3 && j < t->months; j++)
					fell |= fall_at(h, j);
				rep->exit_confirmed += fell;
				continue;
			}
			rep->raised[level]++;
			bool confirmed = false;
			for (int j = k - 1; j <= k + 3 && j < t->months; j++)
				confirmed |= need_at(h, j);
			rep->confirmed[level] += confirmed;
			bool hardship = false;
			for (int j = k - 3; j <= k; j++)
				hardship |= j >= 0 && h->hardship[j];
			rep->pointed[level] += h->cls[k] > 0 || hardship;
			for (int n = 0; n < t->nnames && n < MON_EVAL_INDICATORS; n++)
				if (h->fired[k] >> n & 1) {
					rep->by_indicator[n][0]++;
					rep->by_indicator[n][1] += confirmed;
					rep->by_indicator[n][2] += h->cls[k] > 0 || hardship;
				}
		}
	}
	/* the curve: the same replay with the warning raised at another score */
	rep->ncurve = 0;
	for (int c = 1; c <= MON_EVAL_CURVE && rep->ncurve < MON_EVAL_CURVE; c++) {
		struct mon_eval_point *pt = &rep->curve[rep->ncurve++];
		memset(pt, 0, sizeof *pt);
		pt->threshold = c * 10;
		for (size_t i = 0; i < t->hh.len; i++) {
			const struct mon_eval_hh *h = &t->hh.items[i];
			for (int k = 1; k < t->months; k++) {
				int lag = 0,
				    shown = need_at(h, k) ? due_month(t, h, k, cause_of(h, k), &lag) : 0;
				if (need_at(h, k) && shown < t->months) {
					pt->need++;
					bool open = false;
					for (int j = k; j <= shown && j < t->months; j++)
						open |= open_at(h, j, pt->threshold);
					pt->found += h->prog[k] == h->cls[k] || open;
				}
				if (!raised_at(h, k, pt->threshold))
					continue;
				pt->raised++;
				if (h->eff_need[k] < pt->threshold)
					continue;
				pt->need_raised++;
				bool confirmed = false, hardship = false;
				for (int j = k - 1; j <= k + 3 && j < t->months; j++)
					confirmed |= need_at(h, j);
				for (int j = k - 3; j <= k; j++)
					hardship |= j >= 0 && h->hardship[j];
				pt->confirmed += confirmed;
				pt->pointed += h->cls[k] > 0 || hardship;
			}
		}
	}
}

static double pct(long a, long b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

static double per_1000(long n, long persons_months)
{
	return persons_months ? 1000.0 * (double)n / (double)persons_months : 0.0;
}

static const char *dim_name(int d)
{
	static const char *const zh[] = { "无冲击（收入漂移等）", "D1 家庭构成", "D2 收入与就业", "D3 支出",
		                          "D4 健康与残疾",        "D5 资产",     "D6 突发事件" };
	static const char *const en[] = { "no shock (income drift etc.)",
		                          "D1 composition",
		                          "D2 income and employment",
		                          "D3 expenditure",
		                          "D4 health and disability",
		                          "D5 assets",
		                          "D6 shocks" };
	return lang_current() == LANG_ZH ? zh[d] : en[d];
}

static const char *class_name(int c)
{
	static const char *const order[] = { "none", "rigid", "marginal", "dibao", "tekun" };
	return c >= 0 && c < 5 ? order[c] : "-";
}

static void print_report(const struct mon_eval_truth *t, const struct mon_eval_report *rep, FILE *out)
{
	long raised = rep->raised[1] + rep->raised[2] + rep->raised[3] + rep->exit_raised;
	fprintf(out, "%s\t%ld\t%s\t%ld\n", L("户数", "households"), rep->households,
	        L("评估月数（首月为基线）", "months scored (after the baseline month)"), rep->months);
	if (rep->need_censored)
		fprintf(
		    out, "%s\t%ld\n",
		    L("需要出现但数据在回放末月之后才显示（不计入）",
		      "need appearing that the data show only after the last month replayed (not counted)"),
		    rep->need_censored);
	fprintf(out, "%s\t%ld\t%s\t%ld\t%s\t%ld\n",
	        L("新出现需要的户月", "household-months with need appearing"), rep->need,
	        L("其中类别上升", "of which the class rose"), rep->need_rises,
	        L("同类别待遇上升", "same class, benefit up"), rep->need_rolls);
	fprintf(out, "%s\t%.1f%%\t%s\t%.1f%%\n",
	        L("召回（数据首次显示原因之月已有预警或已按该类别在保）",
	          "recall (a warning by the month the data first show it, or on the rolls at that class)"),
	        pct(rep->need_found, rep->need), L("宽限一月", "with a month's grace"),
	        pct(rep->need_grace, rep->need));
	fprintf(out, "%s\t%.1f%%\t%s\t%.1f%%\n", L("召回：类别上升者", "recall: class rises only"),
	        pct(rep->need_found_rises, rep->need_rises),
	        L("召回：当月新预警", "recall: raised that month"), pct(rep->need_raised, rep->need));
	fprintf(out, "%s\t%.1f%%\n",
	        L("召回：需要出现当月即有预警（不计数据滞后）",
	          "recall: by the month of need itself (no allowance for lags)"),
	        pct(rep->need_found_month, rep->need));
	for (int c = 1; c < 5; c++)
		if (rep->by_class[c][0])
			fprintf(out, "%s\t%s\t%ld\t%ld\t%.1f%%\n", L("按所达类别", "by the class reached"),
			        class_name(c), rep->by_class[c][0], rep->by_class[c][1],
			        pct(rep->by_class[c][1], rep->by_class[c][0]));
	for (int d = 0; d < 7; d++)
		if (rep->by_dim[d][0])
			fprintf(out, "%s\t%s\t%ld\t%ld\t%.1f%%\n", L("按冲击维度", "by shock dimension"),
			        dim_name(d), rep->by_dim[d][0], rep->by_dim[d][1],
			        pct(rep->by_dim[d][1], rep->by_dim[d][0]));
	for (int l = 0; l < MON_EVAL_LAGS; l++)
		if (rep->by_lag[l][0])
			fprintf(out, "%s\t%d\t%ld\t%ld\t%.1f%%\n",
			        L("按数据滞后月数", "by reporting lag (months)"), l, rep->by_lag[l][0],
			        rep->by_lag[l][1], pct(rep->by_lag[l][1], rep->by_lag[l][0]));
	fprintf(out, "%s\t%.2f\t%s\t%ld\t%s\t%ld\t%s\t%ld\n",
	        L("提前量（预警月减原因首见月，均值）",
	          "lead time (warning month minus the month the cause first shows, mean)"),
	        rep->lead_n ? (double)rep->lead_sum / (double)rep->lead_n : 0.0,
	        L("预警早于需要月", "warned before the month of need"), rep->lead_hist[0],
	        L("当月", "that month"), rep->lead_hist[1], L("次月", "the month after"), rep->lead_hist[2]);
	for (int l = ML_RED; l >= ML_YELLOW; l--)
		fprintf(out, "%s\t%ld\t%s\t%ld\t%.1f%%\t%s\t%ld\t%.1f%%\n", mon_level_name((enum mon_level)l),
		        rep->raised[l], L("得到证实", "confirmed"), rep->confirmed[l],
		        pct(rep->confirmed[l], rep->raised[l]),
		        L("指向困难户或真实困境", "eligible or hardship"), rep->pointed[l],
		        pct(rep->pointed[l], rep->raised[l]));
	fprintf(out, "%s\t%ld\t%s\t%ld\t%.1f%%\n",
	        L("红色与橙色：指向困难户或真实困境", "red and orange: eligible or hardship"),
	        rep->raised[2] + rep->raised[3], L("其中", "of which"), rep->pointed[2] + rep->pointed[3],
	        pct(rep->pointed[2] + rep->pointed[3], rep->raised[2] + rep->raised[3]));
	fprintf(out, "%s\t%ld\t%s\t%ld\t%.1f%%\n", L("退出预警", "exit warnings"), rep->exit_raised,
	        L("类别下降得到证实", "confirmed by the class falling"), rep->exit_confirmed,
	        pct(rep->exit_confirmed, rep->exit_raised));
	fprintf(out, "%s\t%.2f\t%s\t%.2f\n", L("每千人每月预警数", "warnings per 1,000 persons per month"),
	        per_1000(raised, rep->persons_months), L("核查能力", "capacity (mon_capacity_per_1000)"),
	        (double)rep->capacity / 10000.0);
	fprintf(out, "%s\n",
	        L("阈值\t召回\t需要类预警\t证实\t指向困难\t每千人每月",
	          "threshold\trecall\tneed warnings\tconfirmed\teligible or hardship\tper 1,000 a month"));
	for (int c = 0; c < rep->ncurve; c++) {
		const struct mon_eval_point *pt = &rep->curve[c];
		fprintf(out, "%s\t%d\t%.1f%%\t%ld\t%.1f%%\t%.1f%%\t%.2f\n", L("曲线", "curve"), pt->threshold,
		        pct(pt->found, pt->need), pt->need_raised, pct(pt->confirmed, pt->need_raised),
		        pct(pt->pointed, pt->need_raised), per_1000(pt->raised, rep->persons_months));
	}
	for (int n = 0; n < t->nnames; n++)
		if (rep->by_indicator[n][0])
			fprintf(out, "%s\t%s\t%ld\t%ld\t%ld\n", L("按指标", "by indicator"), t->names[n],
			        rep->by_indicator[n][0], rep->by_indicator[n][1], rep->by_indicator[n][2]);
	if (rep->failed)
		fprintf(out, "%s\t%ld\n", L("无法评分的户月", "household-months that could not be scored"),
		        rep->failed);
}

/* scores every household for every month of the truth: each loaded once */
static int score_months(struct mon_engine *m, struct store *s, struct mon_eval_truth *t, int thr[4],
                        struct mon_eval_report *rep, struct error *e)
{
	struct arena ha, ma;
	arena_init(&ha, (size_t)1 << 20);
	arena_init(&ma, (size_t)1 << 20);
	int rc = 0;
	for (size_t i = 0; i < t->hh.len && !rc; i++) {
		struct mon_eval_hh *h = &t->hh.items[i];
		arena_reset(&ha);
		struct vf_household vh;
		struct error he;
		bool loaded =
		    !mon_household_load(s, h->id, month_first_day(t->first + t->months - 1), &ha, &vh, &he);
		/* the programme the household is on: its true class at the start; a fall takes effect at
		 * once, a rise only once a warning was open in the month of the rise or later (someone
		 * went to see), from the month after */
		int prog = h->cls[0] > 0 ? h->cls[0] : 0;
		for (int k = 0; k < t->months; k++) {
			h->eff[k] = h->eff_need[k] = 0;
			h->level[k] = 0;
			h->prog[k] = (signed char)prog;
			if (h->cls[k] < 0)
				continue;
			if (!loaded) {
				rep->failed++;
				prog = h->cls[k];
				continue;
			}
			struct mon_on on = { prog == 3, prog == 4, prog == 2, prog == 1 };
			struct mon_score sc;
			struct vf_household known;
			date_t day = month_first_day(t->first + k);
			arena_reset(&ma);
			if (mon_eval_as_reported(t, &vh, t->first + k, &ma, &known) ||
			    mon_score_loaded(m, &known, day, &on, &ma, &sc, &he)) {
				rep->failed++;
				prog = h->cls[k];
				continue;
			}
			if (h->cls[k] <= prog || sc.level > ML_NONE)
				prog = h->cls[k];
			if (!thr[1]) {
				static const char *const names[] = { "mon_score_yellow", "mon_score_orange",
					                             "mon_score_red" };
				for (int l = 0; l < 3 && !rc; l++) {
					int64_t v;
					rc = mon_param(m, sc.county, day, names[l], &v, e);
					thr[l + 1] = (int)v;
				}
			}
			h->level[k] = (signed char)sc.level;
			h->fired[k] = 0;
			for (size_t j = 0; j < sc.nhits; j++) {
				int n = 0;
				while (n < t->nnames && strcmp(t->names[n], sc.hits[j].indicator))
					n++;
				if (n == t->nnames && n < MON_EVAL_INDICATORS)
					snprintf(t->names[t->nnames++], sizeof t->names[0], "%s",
					         sc.hits[j].indicator);
				if (n < MON_EVAL_INDICATORS)
					h->fired[k] |= (uint64_t)1 << n;
			}
			h->eff[k] = (short)(sc.score > thr[sc.level] ? sc.score : thr[sc.level]);
			h->eff_need[k] =
			    (short)(sc.need_score > thr[sc.need_level] ? sc.need_score : thr[sc.need_level]);
		}
	}
	arena_release(&ma);
	arena_release(&ha);
	return rc;
}

/* the misses (need appearing with no warning by the month the data show it), up to show, with
 * what the month's indicators and screening found, and the month after's */
static void print_misses(struct mon_engine *m, struct store *s, const struct mon_eval_truth *t,
                         const int thr[4], long show, FILE *out)
{
	struct arena a;
	arena_init(&a, (size_t)1 << 20);
	long shown = 0;
	for (size_t i = 0; i < t->hh.len && shown < show; i++) {
		const struct mon_eval_hh *h = &t->hh.items[i];
		for (int k = 1; k < t->months && shown < show; k++) {
			if (!need_at(h, k) || h->prog[k] == h->cls[k])
				continue;
			int lag = 0, due = due_month(t, h, k, cause_of(h, k), &lag);
			bool open = false;
			for (int j = k; j <= due && j < t->months; j++)
				open |= open_at(h, j, thr[1]);
			if (open || due >= t->months)
				continue; /* found, or not to be judged */
			shown++;
			int c = cause_of(h, k);
			fprintf(out, "%s\t%s\t", L("漏报", "miss"), h->id);
			month_t mo = t->first + k;
			fprintf(out, "%04d-%02d\t%s>%s\t%lld>%lld\t%s\t%d\t", mo / 12, mo % 12 + 1,
			        class_name(h->cls[k - 1]), class_name(h->cls[k]),
			        (long long)h->benefit[k - 1], (long long)h->benefit[k],
			        c >= 0 ? dim_name(h->shock_dim[c]) : "-",
			        c >= 0 ? c - MON_EVAL_BEFORE - k : 0);
			arena_reset(&a);
			struct vf_household vh;
			struct mon_score sc;
			struct error he;
			int before = h->prog[k];
			struct mon_on on = { before == 3, before == 4, before == 2, before == 1 };
			struct vf_household known;
			if (mon_household_load(s, h->id, month_first_day(mo), &a, &vh, &he) ||
			    mon_eval_as_reported(t, &vh, mo, &a, &known) ||
			    mon_score_loaded(m, &known, month_first_day(mo), &on, &a, &sc, &he)) {
				fprintf(out, "%s\n", error_msg(&he));
				continue;
			}
			fprintf(out, "%s=%s\t%d", L("核对", "screened"), sc.screened, sc.score);
			for (size_t j = 0; j < sc.nhits; j++)
				fprintf(out, "\t%s", sc.hits[j].indicator);
			/* and the month after: what one more month of the departments' data shows */
			int after = k + 1 < t->months ? h->prog[k + 1] : 0;
			on = (struct mon_on){ after == 3, after == 4, after == 2, after == 1 };
			if (k + 1 < t->months && !mon_eval_as_reported(t, &vh, mo + 1, &a, &known) &&
			    !mon_score_loaded(m, &known, month_first_day(mo + 1), &on, &a, &sc, &he))
				fprintf(out, "\t%s %s=%s\t%d", L("次月", "next month"), L("核对", "screened"),
				        sc.screened, sc.score);
			fputc('\n', out);
		}
	}
	arena_release(&a);
}

void mon_eval_truth_release(struct mon_eval_truth *t)
{
	hmap_release(&t->index);
	vec_release(&t->hh);
}

int mon_evaluate(struct mon_engine *m, struct store *s, const char *truth_dir, long show, FILE *out,
                 struct mon_eval_report *rep, struct error *e)
{
	memset(rep, 0, sizeof *rep);
	struct mon_eval_truth t;
	memset(&t, 0, sizeof t);
	hmap_init(&t.index);
	int thr[4] = { 0, 0, 0, 0 };
	int64_t capacity = 0;
	int rc = mon_eval_read_truth(truth_dir, &t, e);
	if (!rc)
		rc = score_months(m, s, &t, thr, rep, e);
	if (!rc && !thr[1])
		rc = error_set(e, ERR_NOTFOUND, "真实数据中没有可评分的户",
		               "no household of the truth could be scored");
	if (!rc && t.hh.len) {
		char county[7];
		snprintf(county, sizeof county, "%.6s", t.hh.items[0].id);
		rc = mon_param(m, county, month_first_day(t.first + t.months - 1), "mon_capacity_per_1000",
		               &capacity, e);
	}
	if (!rc)
		mon_eval_tally(&t, thr, capacity, rep);
	if (!rc && out) {
		print_report(&t, rep, out);
		print_misses(m, s, &t, thr, show, out);
	}
	mon_eval_truth_release(&t);
	return rc;
}
