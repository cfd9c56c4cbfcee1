/* monitor_int.h: what the files of monitor/ share: the repository of its tables
 * (monitor_repo.c, the only file with SQL) and the engine's helpers. */
#ifndef SAFETYNET_MONITOR_INT_H
#define SAFETYNET_MONITOR_INT_H

#include "base/buf.h"
#include "monitor/monitor.h"

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

#endif
