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
int mon_repo_list(struct store *s, const char *region, enum mon_level min_level, bool all, long limit,
                  int (*cb)(void *arg, const struct mon_warning *w), void *arg, struct error *e);

#endif
