/* monitor_repo.c: the monitoring tables (migrations 12 and 13: runs, scores, warnings and their
 * lifecycle, field checks) and what monitoring reads of the hub and the cases, written against the
 * store's statement API: the only SQL of monitor/. The statuses' and outcomes' text names are
 * read and written here only. */
#include "cases/case_repo.h"
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
	unsigned schemes;
	int rc = cs_db_household_schemes(s, household, &schemes, e);
	on->dibao = schemes & (1u << CS_DIBAO);
	on->tekun = schemes & (1u << CS_TEKUN);
	on->marginal = schemes & (1u << CS_MARGINAL);
	on->rigid = schemes & (1u << CS_RIGID);
	return rc;
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

/* the live warning of a household (new, sent or in check): 1 with its id, its status and
 * whether it says the same as r */
static int open_warning(struct store *s, const struct mon_row *r, int64_t *id, bool *same, bool *fresh,
                        struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "SELECT id, level = ?2 AND score = ?3 AND indicators = ?4, status = 'new' "
	                       "FROM monitor_warnings "
	                       "WHERE household = ?1 AND status IN ('new', 'sent', 'checking')",
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
		*fresh = store_col_int64(st, 2) != 0;
	}
	store_finalize(st);
	return rc;
}

/* the household's latest warning when it was closed by an outcome and the household's level has
 * not been none since: 1 with its id and level (the outcome still covers the episode) */
static int covered(struct store *s, const char *household, int64_t *id, int64_t *level, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "SELECT id, level, status = 'closed' AND settled = 0 FROM monitor_warnings "
	                       "WHERE household = ? ORDER BY id DESC LIMIT 1",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, household);
	rc = store_step(st, e);
	bool yes = false;
	if (rc == STORE_ROW) {
		*id = store_col_int64(st, 0);
		*level = store_col_int64(st, 1);
		yes = store_col_int64(st, 2) != 0;
	}
	store_finalize(st);
	return rc < 0 ? rc : yes;
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
	int64_t id = 0, level = 0;
	bool same = false, fresh = false;
	int rc = put_score(s, run, day, r, e);
	if (!rc)
		rc = open_warning(s, r, &id, &same, &fresh, e);
	if (rc < 0)
		return rc;
	bool open = rc == STORE_ROW;
	if (!open) {
		/* after an outcome the same episode is not raised again: only a higher level, or a rise
		 * after the household's level was none (settled), is a new warning */
		int cov = covered(s, r->household, &id, &level, e);
		if (cov < 0)
			return cov;
		if (cov && r->level == ML_NONE)
			return change_warning(s, "UPDATE monitor_warnings SET settled = 1 WHERE id = ?1", id,
			                      run, day, r, e);
		if (cov && r->level <= level)
			return 0;
	}
	/* the statements number their parameters alike (change_warning binds them all; a number a
	 * statement does not use is refused by the backend and ignored here) */
	if (!open && r->level > ML_NONE) {
		*what = 'r';
		return change_warning(
		    s,
		    "INSERT INTO monitor_warnings (household, region, status, level, score, "
		    "indicators, raised_run, raised_day, updated_run) "
		    "VALUES (?4, ?5, 'new', ?6, ?7, ?8, ?2, ?3, ?2)",
		    id, run, day, r, e);
	}
	/* a warning sent to the township is the township's: a run does not end it (its outcome
	 * does), and keeps its level and indicators of the last time they were above none */
	if (open && r->level == ML_NONE) {
		if (!fresh)
			return 0;
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
	int rc =
	    one_int(s, "SELECT COUNT(*) FROM monitor_warnings WHERE status IN ('new', 'sent', 'checking')", 0,
	            false, &v, e);
	*n = (long)v;
	return rc;
}

/* ---- warnings read ---- */

#define W_COLS                                                                                \
	"id, household, region, status, level, score, raised_day, COALESCE(closed_day, ''), " \
	"indicators, COALESCE(sent_day, ''), COALESCE(sent_by, ''), COALESCE(due_day, ''), "  \
	"COALESCE(outcome, ''), COALESCE(outcome_reason, ''), COALESCE(misleading, ''), "     \
	"COALESCE(department, ''), COALESCE(outcome_by, ''), COALESCE(case_id, 0) "

static const char *const status_names[MS_COUNT] = { "new", "sent", "checking", "closed", "ended" };
static const char *const outcome_names[MO_COUNT] = { "",        "case",    "referral",
	                                             "charity", "no_need", "false_alarm" };

const char *mon_status_name(enum mon_status st)
{
	return (unsigned)st < MS_COUNT ? status_names[st] : "?";
}

int mon_status_parse(const char *s, enum mon_status *out)
{
	for (int i = 0; s && i < MS_COUNT; i++)
		if (!strcmp(s, status_names[i])) {
			*out = (enum mon_status)i;
			return 0;
		}
	return ERR_INVAL;
}

const char *mon_outcome_name(enum mon_outcome o)
{
	return (unsigned)o < MO_COUNT ? outcome_names[o] : "?";
}

int mon_outcome_parse(const char *s, enum mon_outcome *out)
{
	for (int i = MO_CASE; s && i < MO_COUNT; i++)
		if (!strcmp(s, outcome_names[i])) {
			*out = (enum mon_outcome)i;
			return 0;
		}
	return ERR_INVAL;
}

static int each_warning(struct store_stmt *st, int (*cb)(void *arg, const struct mon_warning *w), void *arg,
                        struct error *e)
{
	int rc, n = 0;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct mon_warning w;
		memset(&w, 0, sizeof w);
		w.id = store_col_int64(st, 0);
		w.household = store_col_text(st, 1, NULL);
		w.region = store_col_text(st, 2, NULL);
		enum mon_status status = MS_ENDED;
		mon_status_parse(store_col_text(st, 3, NULL), &status);
		w.status = status;
		w.level = (enum mon_level)store_col_int64(st, 4);
		w.score = (int)store_col_int64(st, 5);
		w.raised_day = store_col_text(st, 6, NULL);
		w.closed_day = store_col_text(st, 7, NULL);
		w.indicators = store_col_text(st, 8, NULL);
		w.sent_day = store_col_text(st, 9, NULL);
		w.sent_by = store_col_text(st, 10, NULL);
		w.due_day = store_col_text(st, 11, NULL);
		enum mon_outcome o = MO_NONE;
		mon_outcome_parse(store_col_text(st, 12, NULL), &o);
		w.outcome = o;
		w.outcome_reason = store_col_text(st, 13, NULL);
		w.misleading = store_col_text(st, 14, NULL);
		w.department = store_col_text(st, 15, NULL);
		w.outcome_by = store_col_text(st, 16, NULL);
		w.case_id = store_col_int64(st, 17);
		n++;
		if ((rc = cb(arg, &w)))
			break;
	}
	store_finalize(st);
	return rc == STORE_DONE || rc > 0 ? n > 0 : rc;
}

int mon_repo_list(struct store *s, const struct mon_filter *f, const char *region,
                  int (*cb)(void *arg, const struct mon_warning *w), void *arg, struct error *e)
{
	struct store_stmt *st;
	char day[DATE_STR_SIZE];
	date_format(f->day, day);
	int rc = store_prepare(
	    s,
	    "SELECT " W_COLS "FROM monitor_warnings "
	    "WHERE substr(region, 1, length(?1)) = ?1 AND level >= ?2 "
	    "AND (?3 = 'all' OR (?3 = 'live' AND status IN ('new', 'sent', 'checking')) OR status = ?3) "
	    "AND (?5 = 0 OR (status IN ('sent', 'checking') AND due_day < ?6)) "
	    "AND (?7 IS NULL OR household = ?7) "
	    "ORDER BY CASE WHEN ?5 THEN due_day END, raised_day DESC, level DESC, score DESC, id DESC "
	    "LIMIT ?4",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, region);
	store_bind_int64(st, 2, f->min_level);
	store_bind_str(st, 3,
	               f->status < 0           ? "all"
	               : f->status >= MS_COUNT ? "live"
	                                       : mon_status_name(f->status));
	store_bind_int64(st, 4, f->limit > 0 ? f->limit : 1000);
	store_bind_int64(st, 5, f->overdue);
	store_bind_str(st, 6, day);
	if (f->household)
		store_bind_str(st, 7, f->household);
	rc = each_warning(st, cb, arg, e);
	return rc < 0 ? rc : 0;
}

int mon_repo_summary(struct store *s, const char *region, int (*cb)(void *arg, const struct mon_count *c),
                     void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "SELECT substr(region, 1, 9), level, COUNT(*) FROM monitor_warnings "
	                       "WHERE substr(region, 1, length(?1)) = ?1 "
	                       "AND status IN ('new', 'sent', 'checking') GROUP BY 1, 2 ORDER BY 1, 2",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, region);
	struct mon_count c;
	bool open = false;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		const char *town = store_col_text(st, 0, NULL);
		int64_t level = store_col_int64(st, 1);
		if (open && strcmp(c.township, town ? town : "")) {
			if ((rc = cb(arg, &c)))
				break;
			open = false;
		}
		if (!open) {
			memset(&c, 0, sizeof c);
			snprintf(c.township, sizeof c.township, "%s", town ? town : "");
			open = true;
		}
		if (level >= ML_YELLOW && level <= ML_RED)
			c.by_level[level] += (long)store_col_int64(st, 2);
	}
	store_finalize(st);
	if (rc == STORE_DONE && open)
		rc = cb(arg, &c);
	return rc == STORE_DONE ? 0 : rc;
}

/* ---- the lifecycle ---- */

int mon_repo_warning(struct store *s, int64_t id, int (*cb)(void *arg, const struct mon_warning *w),
                     void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "SELECT " W_COLS "FROM monitor_warnings WHERE id = ?", &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, id);
	return each_warning(st, cb, arg, e);
}

int mon_repo_send(struct store *s, int64_t id, const char *day, const char *by, const char *due,
                  struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "UPDATE monitor_warnings SET status = 'sent', sent_day = ?, sent_by = ?, "
	                       "due_day = ? WHERE id = ? AND status = 'new'",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, day);
	store_bind_str(st, 2, by);
	store_bind_str(st, 3, due);
	store_bind_int64(st, 4, id);
	rc = store_step(st, e);
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int mon_repo_status(struct store *s, int64_t id, enum mon_status status, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "UPDATE monitor_warnings SET status = ? WHERE id = ?", &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, mon_status_name(status));
	store_bind_int64(st, 2, id);
	rc = store_step(st, e);
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int mon_repo_check_add(struct store *s, const struct mon_check *c, const char *region, int64_t *id,
                       struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "INSERT INTO monitor_checks (warning, household, region, visit_day, staff1, "
	                       "staff2, findings, income_fen, spending_fen, corrections, recorded_by, "
	                       "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, c->warning);
	store_bind_str(st, 2, c->household);
	store_bind_str(st, 3, region);
	store_bind_str(st, 4, c->visit_day);
	store_bind_str(st, 5, c->staff1);
	store_bind_str(st, 6, c->staff2);
	store_bind_str(st, 7, c->findings);
	if (c->income_fen >= 0)
		store_bind_int64(st, 8, c->income_fen);
	else
		store_bind_null(st, 8);
	if (c->spending_fen >= 0)
		store_bind_int64(st, 9, c->spending_fen);
	else
		store_bind_null(st, 9);
	store_bind_str(st, 10, c->corrections);
	store_bind_str(st, 11, c->recorded_by);
	store_bind_str(st, 12, now);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*id = store_col_int64(st, 0);
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int mon_repo_outcome(struct store *s, int64_t id, const char *day, enum mon_outcome o,
                     const struct mon_outcome_in *in, const char *by, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "UPDATE monitor_warnings SET status = 'closed', closed_day = ?, outcome = ?, "
	                       "outcome_reason = ?, misleading = ?, department = ?, case_id = ?, "
	                       "outcome_by = ? WHERE id = ? AND status = 'checking'",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, day);
	store_bind_str(st, 2, mon_outcome_name(o));
	store_bind_str(st, 3, in->reason ? in->reason : "");
	store_bind_str(st, 4, o == MO_FALSE_ALARM && in->indicator ? in->indicator : "");
	store_bind_str(st, 5, o == MO_REFERRAL && in->department ? in->department : "");
	if (o == MO_CASE)
		store_bind_int64(st, 6, in->case_id);
	else
		store_bind_null(st, 6);
	store_bind_str(st, 7, by);
	store_bind_int64(st, 8, id);
	rc = store_step(st, e);
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int mon_repo_case_household(struct store *s, int64_t case_id, char hh[32], struct error *e)
{
	struct cs_db_case c;
	int rc = cs_db_case_get(s, case_id, &c, e);
	if (rc == 1)
		snprintf(hh, 32, "%s", c.household);
	return rc;
}

int mon_repo_checks(struct store *s, int64_t warning, const char *household,
                    int (*cb)(void *arg, const struct mon_check *c), void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "SELECT id, warning, household, visit_day, staff1, staff2, findings, "
	                       "corrections, recorded_by, recorded_at, COALESCE(income_fen, -1), "
	                       "COALESCE(spending_fen, -1) FROM monitor_checks "
	                       "WHERE (?1 > 0 AND warning = ?1) OR (?1 = 0 AND household = ?2) "
	                       "ORDER BY CASE WHEN ?1 > 0 THEN id ELSE -id END",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, warning);
	store_bind_str(st, 2, household ? household : "");
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct mon_check c = {
			.id = store_col_int64(st, 0),
			.warning = store_col_int64(st, 1),
			.household = store_col_text(st, 2, NULL),
			.visit_day = store_col_text(st, 3, NULL),
			.staff1 = store_col_text(st, 4, NULL),
			.staff2 = store_col_text(st, 5, NULL),
			.findings = store_col_text(st, 6, NULL),
			.corrections = store_col_text(st, 7, NULL),
			.recorded_by = store_col_text(st, 8, NULL),
			.recorded_at = store_col_text(st, 9, NULL),
			.income_fen = store_col_int64(st, 10),
			.spending_fen = store_col_int64(st, 11),
		};
		if ((rc = cb(arg, &c)))
			break;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}
