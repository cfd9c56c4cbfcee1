/* monitor_int.h: what the files of monitor/ share: the repository of its tables
 * (monitor_repo.c, the only file with SQL) and the engine's helpers. */
#ifndef SAFETYNET_MONITOR_INT_H
#define SAFETYNET_MONITOR_INT_H

#include "base/buf.h"
#include "monitor/monitor.h"
#include "base/hmap.h"
#include "base/vec.h"
#include "verify/verify.h"

/* mon_score_household in two steps, so that an evaluation loads a household once and scores
 * it for every month: the household with all its facts (the month only picks the
 * authorisation, which screening does not need), then its score for the month of day. */
int mon_household_load(struct store *s, const char *household, date_t day, struct arena *a,
                       struct vf_household *h, struct error *e);
int mon_score_loaded(struct mon_engine *m, const struct vf_household *h, date_t day, const struct mon_on *on,
                     struct arena *a, struct mon_score *out, struct error *e);
/* Another engine compiled from the same policy and data folder, for another thread: an engine
 * keeps caches (parameter snapshots, county layers) and belongs to one thread at a time. */
int mon_engine_clone(const struct mon_engine *m, struct mon_engine **out, struct error *e);
/* The value of a parameter in force in the county for the month of day (an error naming it
 * when there is none). */
int mon_param(struct mon_engine *m, const char *county, date_t day, const char *name, int64_t *v,
              struct error *e);

/* The last run: 1 with its id, day and the newest batch it saw; 0 when there was none. */
int mon_repo_last_run(struct store *s, int64_t *run, char day[11], int64_t *batch, struct error *e);
/* The newest batch of the hub (0 when none). */
int mon_repo_max_batch(struct store *s, int64_t *batch, struct error *e);
/* Households of the register whose members have records or facts from batches after `batch`
 * (records added or closed since), or every household when batch < 0. */
int mon_repo_households(struct store *s, int64_t batch, int (*cb)(void *arg, const char *household),
                        void *arg, struct error *e);
/* The schemes on which the household has an active case (active or exiting). */
int mon_repo_on(struct store *s, const char *household, struct mon_on *on, struct error *e);

/* One household's result of a run, to be stored. */
struct mon_row {
	const char *household, *region, *indicators; /* indicators: JSON array */
	int score;
	enum mon_level level;
};
int mon_repo_run_add(struct store *s, const char *day, bool full, int64_t batch, const char *operator_name,
                     int64_t *run, struct error *e);
/* Stores the household's score and moves its warning: raises one when there is none open and
 * the level is not none, updates the open one, or closes it as ended when the level is none.
 * *what gets 'r' raised, 'u' updated, 'e' ended, 0 nothing. */
int mon_repo_apply(struct store *s, int64_t run, const char *day, const struct mon_row *r, char *what,
                   struct error *e);
int mon_repo_run_finish(struct store *s, int64_t run, const struct mon_run_report *rep, struct error *e);
int mon_repo_open_count(struct store *s, long *n, struct error *e);
int mon_repo_list(struct store *s, const struct mon_filter *f, const char *region,
                  int (*cb)(void *arg, const struct mon_warning *w), void *arg, struct error *e);
/* The live warnings under region counted by township and level, townships in code order. */
int mon_repo_summary(struct store *s, const char *region, int (*cb)(void *arg, const struct mon_count *c),
                     void *arg, struct error *e);

/* ---- the lifecycle ---- */

/* One warning: 1 given to cb, 0 none. */
int mon_repo_warning(struct store *s, int64_t id, int (*cb)(void *arg, const struct mon_warning *w),
                     void *arg, struct error *e);
int mon_repo_send(struct store *s, int64_t id, const char *day, const char *by, const char *due,
                  struct error *e);
int mon_repo_status(struct store *s, int64_t id, enum mon_status st, struct error *e);
/* c: warning, household, visit_day, staff1, staff2, findings, corrections, recorded_by, income_fen,
 * spending_fen; *id gets the check's number. */
int mon_repo_check_add(struct store *s, const struct mon_check *c, const char *region, int64_t *id,
                       struct error *e);
int mon_repo_outcome(struct store *s, int64_t id, const char *day, enum mon_outcome o,
                     const struct mon_outcome_in *in, const char *by, struct error *e);
/* The household of a case into hh: 1 found, 0 none. */
int mon_repo_case_household(struct store *s, int64_t case_id, char hh[32], struct error *e);
/* The field checks of a warning (warning > 0, oldest first) or of a household (newest first). */
int mon_repo_checks(struct store *s, int64_t warning, const char *household,
                    int (*cb)(void *arg, const struct mon_check *c), void *arg, struct error *e);

/* The truth an evaluation replays (monitor_evaluate.c), kept apart so that its arithmetic can be
 * tested on a hand-made truth. */
enum { MON_EVAL_MONTHS = 120, MON_EVAL_BEFORE = 24 };
struct mon_eval_hh {
	char id[32];
	signed char cls[MON_EVAL_MONTHS]; /* support order: none 0 < rigid 1 < marginal 2 < dibao 3 <
	                                   * tekun 4; -1 not in the truth that month */
	int64_t benefit[MON_EVAL_MONTHS];
	short members[MON_EVAL_MONTHS];
	bool hardship[MON_EVAL_MONTHS]; /* a hardship shock that month */
	/* by month from MON_EVAL_BEFORE months before the first: the dimension (1-6) of a shock that
	 * can make need (0 none), and the months its department lags reporting it (-1 none) */
	signed char shock_dim[MON_EVAL_BEFORE + MON_EVAL_MONTHS], lag[MON_EVAL_BEFORE + MON_EVAL_MONTHS];
	/* the replay: the level, and the score with an indicator's own level counted as its
	 * level's score, over all indicators and over those that are not exit signals */
	signed char level[MON_EVAL_MONTHS];
	signed char prog[MON_EVAL_MONTHS]; /* the programme it was on when scored (support order) */
	short eff[MON_EVAL_MONTHS], eff_need[MON_EVAL_MONTHS];
	uint64_t fired[MON_EVAL_MONTHS]; /* the indicators that fired, by their place in names */
};
struct mon_eval_truth {
	VEC(struct mon_eval_hh) hh;
	struct hmap index; /* household -> its place in hh */
	month_t first;
	int months;
	char names[MON_EVAL_INDICATORS][64]; /* the indicators met in the replay */
	int nnames;
	/* truth/lags.tsv when the truth has one: the months after a record's month in which each
	 * resource's department reports it; the replay hides a fact until then */
	struct {
		char code[16];
		int lag;
	} lags[128];
	int nlags;
	int income_lag; /* the latest lag of the resources that carry a month's income: the month's
	                 * class is known to the county that many months after */
};
int mon_eval_read_truth(const char *dir, struct mon_eval_truth *t, struct error *e);
int mon_eval_read_shocks(const char *dir, struct mon_eval_truth *t, struct error *e);
/* The household as the county knew it in month mo: each member's facts whose department had
 * reported them by then (the month they are about plus the resource's lag), in arena a. */
int mon_eval_as_reported(const struct mon_eval_truth *t, const struct vf_household *h, month_t mo,
                         struct arena *a, struct vf_household *out);
void mon_eval_truth_release(struct mon_eval_truth *t);
/* The figures of rep from the replayed truth: thr[1..3] the scores of yellow, orange and red,
 * capacity mon_capacity_per_1000 (ten-thousandths); rep->failed is kept. */
void mon_eval_tally(const struct mon_eval_truth *t, const int thr[4], int64_t capacity,
                    struct mon_eval_report *rep);

#endif
