/* monitor.h: dynamic monitoring and early warning (动态监测预警, DOMAIN.md §8). Indicators are
 * rules of the policy language (policy/monitor/indicators.rules) over a household's members and
 * their facts by month; each indicator's weight and level are dated parameters
 * (mon_weight_RULE, mon_level_RULE) and the household's level follows its score
 * (mon_score_yellow/orange/red). A run scores the register's households (all, or those whose
 * facts changed since the last run), raises one warning per episode, and closes a warning whose
 * condition ended before anyone acted. docs/MONITORING.md says how it is used and measured. */
#ifndef SAFETYNET_MONITOR_H
#define SAFETYNET_MONITOR_H

#include "base/progress.h"
#include "base/arena.h"
#include "base/common.h"
#include "base/date.h"
#include "base/error.h"
#include "base/lang.h"
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
            struct progress *pg, struct mon_run_report *rep, struct error *e);

struct access_user;

/* ---- the warning's lifecycle (monitor_life.c; docs/MONITORING.md, "The warning lifecycle") ---- */

/* new (raised by a run) -> sent to the township (due in verify_days working days) -> in field
 * check (one or more visits recorded) -> closed by an outcome; a new warning whose condition
 * ends before anyone acted is ended by a run. The text names live only in the repository. */
enum mon_status { MS_NEW, MS_SENT, MS_CHECKING, MS_CLOSED, MS_ENDED, MS_COUNT };
const char *mon_status_name(enum mon_status st); /* new, sent, checking, closed, ended */
const char *mon_status_label(enum mon_status st, enum lang l);
int mon_status_parse(const char *s, enum mon_status *out);
bool mon_status_live(enum mon_status st); /* new, sent or checking: at most one per household */

enum mon_outcome { MO_NONE, MO_CASE, MO_REFERRAL, MO_CHARITY, MO_NO_NEED, MO_FALSE_ALARM, MO_COUNT };
const char *mon_outcome_name(enum mon_outcome o); /* "", case, referral, charity, no_need, false_alarm */
const char *mon_outcome_label(enum mon_outcome o, enum lang l);
int mon_outcome_parse(const char *s, enum mon_outcome *out); /* MO_NONE is not parsed */

enum mon_step { MSTEP_SEND, MSTEP_CHECK, MSTEP_OUTCOME, MSTEP_COUNT };
const char *mon_step_name(enum mon_step st); /* warning-send, warning-check, warning-outcome */
/* The status a step leads to from `from`, or -1 when the step is not one from there. */
int mon_step_next(enum mon_status from, enum mon_step st);
/* The roles (1u << enum access_role) that may take the step: the county sends, the township checks
 * and decides. */
unsigned mon_step_roles(enum mon_step st);
/* The workflow's answer to "may a user of role take step st on a warning in status from?":
 * false, or true with the refusal (naming the status, or the roles the step is for) in r. */
bool mon_step_refused(enum mon_status from, enum mon_step st, int role, struct error *r);

struct mon_warning {
	int64_t id;
	const char *household, *region, *raised_day, *closed_day, *indicators;
	enum mon_status status;
	enum mon_level level;
	int score;
	/* the lifecycle ("" when not yet) */
	const char *sent_day, *sent_by, *due_day, *outcome_reason, *misleading, *department, *outcome_by;
	enum mon_outcome outcome;
	int64_t case_id; /* the case opened (outcome case), 0 otherwise */
};
/* Is the warning overdue on day: sent or in check, and its due day before day? */
bool mon_overdue(const struct mon_warning *w, date_t day);

/* A field check (铁脚板): a visit by two staff on a day, what they found, the household's own
 * statement of its monthly income and spending (fen; -1 not stated), and corrections to a
 * department's record (a JSON array of {resource, field, old, new, reason}). */
struct mon_check {
	int64_t id, warning;
	const char *household, *visit_day, *staff1, *staff2, *findings, *corrections, *recorded_by,
	    *recorded_at;
	int64_t income_fen, spending_fen;
};
struct mon_correction {
	const char *resource, *field, *old_value, *new_value, *reason;
};
struct mon_check_in {
	const char *visit_day; /* YYYY-MM-DD, not after the day it is recorded */
	const char *staff;     /* two names, comma-separated, distinct */
	const char *findings;
	int64_t income_fen, spending_fen; /* -1: not stated */
	const struct mon_correction *corrections;
	size_t ncorrections;
};
struct mon_outcome_in {
	const char *kind;       /* case, referral, charity, no_need, false_alarm */
	const char *reason;     /* required but for case and referral */
	const char *indicator;  /* false_alarm: the indicator that misled (one that fired) */
	const char *department; /* referral: the department the household is referred to */
	int64_t case_id;        /* case: a case of the household */
};

/* The steps, by user u through the gate (region: the household's village) as a case's steps
 * are (access_change_gate_step: a refusal, a step in the wrong state or by the wrong role audited
 * as refused): the change and its entry (warning-send, warning-check, warning-outcome) commit in
 * one transaction. day is the day the step is taken. An unknown warning is ERR_NOTFOUND (field
 * warning); what a step needs and lacks is ERR_INVAL naming the field, audited as refused. */
int mon_send(struct store *s, const struct access_user *u, int64_t id, date_t day, struct error *e);
int mon_check_add(struct store *s, const struct access_user *u, int64_t id, date_t day,
                  const struct mon_check_in *in, int64_t *check, struct error *e);
int mon_outcome_set(struct store *s, const struct access_user *u, int64_t id, date_t day,
                    const struct mon_outcome_in *in, struct error *e);
/* One warning with its field checks, oldest first, through the gate (SA_CASE, audited). */
int mon_show(struct store *s, const struct access_user *u, int64_t id,
             int (*on_warning)(void *arg, const struct mon_warning *w),
             int (*on_check)(void *arg, const struct mon_check *c), void *arg, struct error *e);
/* The field checks of a household, newest first (no gate: the caller read the household through
 * it), for the household's detail and verification's evidence. */
int mon_household_checks(struct store *s, const char *household,
                         int (*cb)(void *arg, const struct mon_check *c), void *arg, struct error *e);

/* What a list holds: region a code prefix (the user's scope when NULL or ""), level min_level or
 * above, status: MS_COUNT the live ones (new, sent, checking), -1 every one, else that status;
 * overdue: only those overdue on day (sent or in check, due before day). */
struct mon_filter {
	const char *region;
	enum mon_level min_level;
	int status;
	bool overdue;
	date_t day;
	long limit;
	const char *household; /* only this household's warnings (NULL: any) */
};
/* Warnings newest and reddest first (overdue: the longest overdue first). The user u passes the
 * access gate for that region (audited, allowed or refused: ERR_PERM); without one (NULL) the data
 * folder's operator lists them, audited under operator_name. */
int mon_list(struct store *s, const struct access_user *u, const char *operator_name,
             const struct mon_filter *f, int (*cb)(void *arg, const struct mon_warning *w), void *arg,
             struct error *e);

/* The live warnings (new, sent, checking) of a region by township and level, through the gate
 * for u (SA_SEARCH over the region, audited as monitor-summary) or by the operator: cb gets each
 * township (9 digits) with its counts by level, townships in code order. */
struct mon_count {
	char township[16];
	long by_level[4]; /* by enum mon_level (ML_NONE stays 0) */
};
int mon_summary(struct store *s, const struct access_user *u, const char *operator_name, const char *region,
                int (*cb)(void *arg, const struct mon_count *c), void *arg, struct error *e);

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
