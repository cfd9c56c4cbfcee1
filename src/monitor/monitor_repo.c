/* monitor_repo.c: the monitoring tables (migration 12) and what monitoring reads of the hub and
 * the cases, written against the store's statement API: the only SQL of monitor/. */
#include "hub/hub_repo.h"
#include "monitor/monitor_int.h"

/* runs a statement that returns at most one row of one integer into *v (untouched when none) */
static int one_int(struct store *s, const char *sql, int64_t arg, bool bind, int64_t *v, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, sql, &st, e);
	if (rc)
		return rc;
	if (bind)
		store_bind_int64(st, 1, arg);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*v = store_col_int64(st, 0);
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int mon_repo_last_run(struct store *s, int64_t *run, char day[11], int64_t *batch, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "SELECT id, day, last_batch FROM monitor_runs WHERE finished_at IS NOT NULL "
	                       "ORDER BY id DESC LIMIT 1",
	                       &st, e);
	if (rc)
		return rc;
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		*run = store_col_int64(st, 0);
		store_col_copy(st, 1, day, 11);
		*batch = store_col_int64(st, 2);
	}
	store_finalize(st);
	return rc;
}

int mon_repo_max_batch(struct store *s, int64_t *batch, struct error *e)
{
	*batch = 0;
	return one_int(s, "SELECT COALESCE(MAX(id), 0) FROM batches", 0, false, batch, e);
}

int mon_repo_households(struct store *s, int64_t batch, int (*cb)(void *arg, const char *household),
                        void *arg, struct error *e)
{
	/* over the catalogue's register (hub_db_register_prepare). changed: persons with a record
	 * added or closed after the batch, or a fact a link gave them since; their households now,
	 * and the households a changed register row named */
	static const char *const all =
	    "SELECT DISTINCT %1$s AS hh FROM records WHERE %2$s AND hh IS NOT NULL ORDER BY hh";
	static const char *const changed =
	    "WITH changed (person) AS ("
	    "  SELECT person FROM records WHERE (from_batch > ?1 OR to_batch > ?1) AND person IS NOT NULL "
	    "  UNION SELECT person FROM facts WHERE batch > ?1) "
	    "SELECT hh FROM ("
	    "  SELECT %1$s AS hh FROM changed c JOIN records ON records.person = c.person WHERE %2$s "
	    "  UNION SELECT %1$s FROM records WHERE resource = '%3$s' AND (from_batch > ?1 OR to_batch > ?1)) "
	    "WHERE hh IS NOT NULL ORDER BY hh";
	struct store_stmt *st;
	int rc = hub_db_register_prepare(s, batch < 0 ? all : changed, &st, e);
	if (rc)
		return rc;
	if (batch >= 0)
		store_bind_int64(st, 1, batch);
	while ((rc = store_step(st, e)) == STORE_ROW)
		if ((rc = cb(arg, store_col_text(st, 0, NULL))))
			break;
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

int mon_repo_on(struct store *s, const char *household, struct mon_on *on, struct error *e)
{
	memset(on, 0, sizeof *on);
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "SELECT DISTINCT scheme FROM cases WHERE household = ? "
	                       "AND state IN ('active', 'exiting')",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, household);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		const char *sc = store_col_text(st, 0, NULL);
		on->dibao |= !strcmp(sc, "dibao");
		on->tekun |= !strcmp(sc, "tekun");
		on->marginal |= !strcmp(sc, "marginal");
		on->rigid |= !strcmp(sc, "rigid");
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

int mon_repo_run_add(struct store *s, const char *day, bool full, int64_t batch, const char *operator_name,
                     int64_t *run, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "INSERT INTO monitor_runs (day, full, last_batch, operator, started_at) "
	                       "VALUES (?, ?, ?, ?, ?) RETURNING id",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, day);
	store_bind_int64(st, 2, full);
	store_bind_int64(st, 3, batch);
	store_bind_str(st, 4, operator_name);
	store_bind_str(st, 5, now);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*run = store_col_int64(st, 0);
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

static int put_score(struct store *s, int64_t run, const char *day, const struct mon_row *r, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "INSERT INTO monitor_scores (household, region, run, day, score, level, indicators) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (household) DO UPDATE SET "
	    "region = excluded.region, run = excluded.run, day = excluded.day, "
	    "score = excluded.score, level = excluded.level, indicators = excluded.indicators",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, r->household);
	store_bind_str(st, 2, r->region);
	store_bind_int64(st, 3, run);
	store_bind_str(st, 4, day);
	store_bind_int64(st, 5, r->score);
	store_bind_int64(st, 6, r->level);
	store_bind_str(st, 7, r->indicators);
	rc = store_step(st, e);
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

/* the open warning of a household: 1 with its id and whether it says the same as r */
static int open_warning(struct store *s, const struct mon_row *r, int64_t *id, bool *same, struct error *e)
{
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "SELECT id, level = ?2 AND score = ?3 AND indicators = ?4 FROM monitor_warnings "
	                  "WHERE household = ?1 AND status = 'open'",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, r->household);
	store_bind_int64(st, 2, r->level);
	store_bind_int64(st, 3, r->score);
	store_bind_str(st, 4, r->indicators);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		*id = store_col_int64(st, 0);
		*same = store_col_int64(st, 1) != 0;
	}
	store_finalize(st);
	return rc;
}

static int change_warning(struct store *s, const char *sql, int64_t id, int64_t run, const char *day,
                          const struct mon_row *r, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, sql, &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, id);
	store_bind_int64(st, 2, run);
	store_bind_str(st, 3, day);
	store_bind_str(st, 4, r->household);
	store_bind_str(st, 5, r->region);
	store_bind_int64(st, 6, r->level);
	store_bind_int64(st, 7, r->score);
	store_bind_str(st, 8, r->indicators);
	rc = store_step(st, e);
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int mon_repo_apply(struct store *s, int64_t run, const char *day, const struct mon_row *r, char *what,
                   struct error *e)
{
	*what = 0;
	int64_t id = 0;
	bool same = false;
	int rc = put_score(s, run, day, r, e);
	if (!rc)
		rc = open_warning(s, r, &id, &same, e);
	if (rc < 0)
		return rc;
	bool open = rc == STORE_ROW;
	/* the statements number their parameters alike (change_warning binds them all; a number a
	 * statement does not use is refused by the backend and ignored here) */
	if (!open && r->level > ML_NONE) {
		*what = 'r';
		return change_warning(
		    s,
		    "INSERT INTO monitor_warnings (household, region, status, level, score, "
		    "indicators, raised_run, raised_day, updated_run) "
		    "VALUES (?4, ?5, 'open', ?6, ?7, ?8, ?2, ?3, ?2)",
		    id, run, day, r, e);
	}
	if (open && r->level == ML_NONE) {
		*what = 'e';
		return change_warning(
		    s,
		    "UPDATE monitor_warnings SET status = 'ended', closed_run = ?2, closed_day = ?3 "
		    "WHERE id = ?1",
		    id, run, day, r, e);
	}
	if (open && !same) {
		*what = 'u';
		return change_warning(s,
		                      "UPDATE monitor_warnings SET level = ?6, score = ?7, indicators = ?8, "
		                      "updated_run = ?2 WHERE id = ?1",
		                      id, run, day, r, e);
	}
	return 0;
}

int mon_repo_run_finish(struct store *s, int64_t run, const struct mon_run_report *rep, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "UPDATE monitor_runs SET finished_at = ?, households = ?, failed = ?, raised = ?, "
	                  "updated = ?, ended = ? WHERE id = ?",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, now);
	store_bind_int64(st, 2, rep->households);
	store_bind_int64(st, 3, rep->failed);
	store_bind_int64(st, 4, rep->raised);
	store_bind_int64(st, 5, rep->updated);
	store_bind_int64(st, 6, rep->ended);
	store_bind_int64(st, 7, run);
	rc = store_step(st, e);
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int mon_repo_open_count(struct store *s, long *n, struct error *e)
{
	int64_t v = 0;
	int rc = one_int(s, "SELECT COUNT(*) FROM monitor_warnings WHERE status = 'open'", 0, false, &v, e);
	*n = (long)v;
	return rc;
}

int mon_repo_list(struct store *s, const char *region, enum mon_level min_level, bool all, long limit,
                  int (*cb)(void *arg, const struct mon_warning *w), void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "SELECT id, household, region, status, level, score, raised_day, "
	    "COALESCE(closed_day, ''), indicators FROM monitor_warnings "
	    "WHERE substr(region, 1, length(?1)) = ?1 AND level >= ?2 AND (?3 OR status = 'open') "
	    "ORDER BY raised_day DESC, level DESC, score DESC, id DESC LIMIT ?4",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, region);
	store_bind_int64(st, 2, min_level);
	store_bind_int64(st, 3, all);
	store_bind_int64(st, 4, limit);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct mon_warning w = {
			store_col_int64(st, 0),      store_col_text(st, 1, NULL),
			store_col_text(st, 2, NULL), store_col_text(st, 3, NULL),
			store_col_text(st, 6, NULL), store_col_text(st, 7, NULL),
			store_col_text(st, 8, NULL), (enum mon_level)store_col_int64(st, 4),
			(int)store_col_int64(st, 5),
		};
		if ((rc = cb(arg, &w)))
			break;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}
