/* monitor.h: dynamic monitoring and early warning (动态监测预警, DOMAIN.md §8). Indicators are
 * rules of the policy language (policy/monitor/indicators.rules) over a household's members and
 * their facts by month; each indicator's weight and level are dated parameters
 * (mon_weight_RULE, mon_level_RULE) and the household's level follows its score
 * (mon_score_yellow/orange/red). A run scores the register's households (all, or those whose
 * facts changed since the last run), raises one warning per episode, and closes a warning whose
 * condition ended before anyone acted. docs/MONITORING.md says how it is used and measured. */
#ifndef SAFETYNET_MONITOR_H
#define SAFETYNET_MONITOR_H

#include "base/arena.h"
#include "base/common.h"
#include "base/date.h"
#include "base/error.h"
#include "store/store.h"

enum mon_level { ML_NONE, ML_YELLOW, ML_ORANGE, ML_RED };
const char *mon_level_name(enum mon_level l); /* none, yellow, orange, red */
int mon_level_parse(const char *s, enum mon_level *out);

/* The indicators and the verification policy, compiled once. policy_dir is where the policy in
 * force comes from (rules_policy_dir: NULL for the one built into the binary); data_dir (may
 * be NULL) may hold county layers DATA/monitor/COUNTY.rules, compiled after the base, and the
 * parameters of their indicators in DATA/monitor/params.tsv. */
struct mon_engine;
int mon_open(const char *policy_dir, const char *data_dir, struct mon_engine **out, struct error *e);
void mon_close(struct mon_engine *m);

/* A fact behind an indicator: where the department's record came from. */
struct mon_evidence {
	const char *kind, *period, *resource;
	int64_t batch, line;
};
enum { MON_EVIDENCE = 3 }; /* the newest facts kept per indicator */

/* One indicator that fired, with the facts behind it. */
struct mon_hit {
	const char *indicator; /* the rule's name, e.g. d2_wage_stopped */
	int weight;
	enum mon_level level; /* the level it raises on its own (ML_NONE: only adds to the score) */
	const char *message;  /* in the process language */
	bool exit;            /* an exit signal (its let 退出_RULE is true): the household may no longer
	                       * need the programme it is on, rather than need more */
	struct mon_evidence evidence[MON_EVIDENCE];
	size_t nevidence;
};

struct mon_score {
	int score;
	enum mon_level level;
	int need_score; /* the same over the indicators that are not exit signals */
	enum mon_level need_level;
	char screened[12]; /* the month's screening verification's class: none, dibao, tekun, ... */
	char county[7];
	struct mon_hit *hits;
	size_t nhits;
};

/* The programmes a household is on (an active case of the scheme). */
struct mon_on {
	bool dibao, tekun, marginal, rigid;
};

/* Scores the household (its register number) of the data folder for the month of day: its
 * members and facts up to that month, a screening verification of that month, the programmes
 * it is on. Strings live in arena a. */
int mon_score_household(struct mon_engine *m, struct store *s, const char *household, date_t day,
                        const struct mon_on *on, struct arena *a, struct mon_score *out, struct error *e);

/* The indicators that fired as a JSON array: indicator, weight, level, message, evidence
 * (kind, period, resource, batch, line). */
struct buf;
int mon_hits_json(const struct mon_score *sc, struct buf *out, struct error *e);

struct mon_run_report {
	int64_t run;
	bool full;
	long households, scored, failed, raised, updated, ended, open;
	struct error first_failure; /* why the first household that could not be scored failed */
};
/* A monitoring run for the month of day: full (every household of the register), or
 * incremental (those with records in batches after the last run's); a run in another month
 * than the last is always full, since time moves for every household. Stores each household's
 * score and the warnings in one transaction with an audit entry under operator_name. */
int mon_run(struct mon_engine *m, struct store *s, date_t day, bool full, const char *operator_name,
            struct mon_run_report *rep, struct error *e);

struct mon_warning {
	int64_t id;
	const char *household, *region, *status, *raised_day, *closed_day, *indicators;
	enum mon_level level;
	int score;
};
/* Warnings in region (a code prefix; the user's scope when NULL or "") at level min_level or
 * above, newest and reddest first, open ones only unless all. The user u passes the access gate
 * for that region (audited, allowed or refused: ERR_PERM); without one (NULL) the data folder's
 * operator lists them, audited under operator_name. */
struct access_user;
int mon_list(struct store *s, const struct access_user *u, const char *operator_name, const char *region,
             enum mon_level min_level, bool all, long limit,
             int (*cb)(void *arg, const struct mon_warning *w), void *arg, struct error *e);

/* Replays the truth's months (truth/households.tsv) from the data folder, scoring every
 * household month by month with the facts of that month and before (nothing stored), and
 * scores the warnings against the truth (shared EVALUATION.md): recall of need appearing (by the
 * dimension of the shock behind it and by reporting lag), lead time, precision by level, exit
 * warnings apart, load against mon_capacity_per_1000, and the precision-recall curve over the
 * score that raises a warning; then up to `show` misses with what their month's indicators found. */
enum { MON_EVAL_CURVE = 15, MON_EVAL_LAGS = 4, MON_EVAL_INDICATORS = 64 };
struct mon_eval_point {
	int threshold; /* a warning is open while the score (an indicator's own level counting as
	                * its level's score) is at least this */
	long need, found, raised, need_raised, confirmed, pointed;
};
struct mon_eval_report {
	long households, months, persons_months; /* months scored after the first (the baseline) */
	long need;          /* household-months with need appearing that the data show in time to replay */
	long need_censored; /* need appearing that the data show only after the last month replayed */
	long need_rises;    /* of which the class rose */
	long need_rolls;    /* of which the class stayed and the benefit rose: on the rolls at that class */
	long need_found;    /* with a warning by the month the data show the cause, or on the rolls */
	long need_found_rises;         /* class rises found by a warning */
	long need_grace;               /* found with one month's grace */
	long need_found_month;         /* found by the month of need itself, with no allowance for lags */
	long need_raised;              /* a warning raised in the month itself (the old measure) */
	long by_class[5][2];           /* by the class reached (support order, 0 unused): need, found */
	long by_dim[7][2];             /* by the dimension of the shock behind it (0: none): need, found */
	long by_lag[MON_EVAL_LAGS][2]; /* by the months after the month of need that the department data
	                                * first show it: need, found */
	long lead_n, lead_sum;         /* months from the cause's first record to the warning */
	long lead_hist[3];             /* the warning before the month of need, in it, the month after */
	long raised[4], confirmed[4];  /* need warnings by level; confirmed: need appears in [w - 1, w + 3] */
	long pointed[4]; /* the household is eligible (any class) that month, or a hardship shock of
	                  * the truth (death, job loss, illness, accident, disability, dropout, divorce,
	                  * disaster, prison) fell in the three months before or in it */
	long exit_raised, exit_confirmed; /* warnings only exit signals raised; confirmed: the class
	                                   * falls in [w - 1, w + 3] */
	int64_t capacity;                 /* mon_capacity_per_1000, ten-thousandths */
	/* need warnings raised with each indicator among those that fired: raised, confirmed, pointed */
	long by_indicator[MON_EVAL_INDICATORS][3];
	struct mon_eval_point curve[MON_EVAL_CURVE];
	int ncurve;
	long failed;
};
int mon_evaluate(struct mon_engine *m, struct store *s, const char *truth_dir, long show, FILE *out,
                 struct mon_eval_report *rep, struct error *e);

#endif
