/* case_repo.c: the SQL of case handling: cases (one row each, rewritten as they move), their events
 * (only ever added: triggers refuse UPDATE and DELETE) and the township reserve fund's ledger
 * (append-only too, each entry carrying the balance after it). */
#include "base/date.h"
#include "base/mem.h"
#include "cases/case_repo.h"
#include "cases/case_types.h"

#define CASE_COLS                                                                                              \
	"id, scheme, kind, household, region, applicant, name, reason, cause, documents, relative, state, "    \
	"state_day, due, opened_day, requested_fen, amount_fen, verification, decision, verified_fen, urban, " \
	"notice_from, next_review, exit_until, objections, reasons, created_by, review_months"

/* a case's row; its scheme and state parsed from their names, or an error naming the case */
static int case_from_row(struct store_stmt *st, struct cs_db_case *c, struct error *e)
{
	memset(c, 0, sizeof *c);
	c->id = store_col_int64(st, 0);
	char scheme[16], state[16];
	store_col_copy(st, 1, scheme, sizeof scheme);
	store_col_copy(st, 11, state, sizeof state);
	if (cs_scheme_parse(scheme, &c->scheme) || cs_state_parse(state, &c->state))
		return error_set(e, ERR_STORE, "案件 %" PRId64 " 的救助类别“%s”或状态“%s”无法识别",
		                 "case %" PRId64
		                 " has a scheme (%s) or state (%s) this version does not know",
		                 c->id, scheme, state);
	store_col_copy(st, 2, c->kind, sizeof c->kind);
	store_col_copy(st, 3, c->household, sizeof c->household);
	store_col_copy(st, 4, c->region, sizeof c->region);
	store_col_copy(st, 5, c->applicant, sizeof c->applicant);
	store_col_copy(st, 6, c->name, sizeof c->name);
	store_col_copy(st, 7, c->reason, sizeof c->reason);
	store_col_copy(st, 8, c->cause, sizeof c->cause);
	store_col_copy(st, 9, c->documents, sizeof c->documents);
	store_col_copy(st, 10, c->relative, sizeof c->relative);
	store_col_copy(st, 12, c->state_day, sizeof c->state_day);
	store_col_copy(st, 13, c->due, sizeof c->due);
	store_col_copy(st, 14, c->opened_day, sizeof c->opened_day);
	c->requested_fen = store_col_int64(st, 15);
	c->amount_fen = store_col_int64(st, 16);
	c->verification = store_col_is_null(st, 17) ? 0 : store_col_int64(st, 17);
	store_col_copy(st, 18, c->decision, sizeof c->decision);
	c->verified_fen = store_col_int64(st, 19);
	c->urban = store_col_int64(st, 20) != 0;
	store_col_copy(st, 21, c->notice_from, sizeof c->notice_from);
	store_col_copy(st, 22, c->next_review, sizeof c->next_review);
	store_col_copy(st, 23, c->exit_until, sizeof c->exit_until);
	c->objections = (int)store_col_int64(st, 24);
	store_col_copy(st, 25, c->reasons, sizeof c->reasons);
	store_col_copy(st, 26, c->created_by, sizeof c->created_by);
	c->review_months = (int)store_col_int64(st, 27);
	return 0;
}

/* binds the changeable fields from parameter `first` on: documents .. review_months (14 of them) */
static void bind_changeable(struct store_stmt *st, int first, const struct cs_db_case *c)
{
	store_bind_str(st, first, c->documents);
	store_bind_str(st, first + 1, cs_state_name(c->state));
	store_bind_str(st, first + 2, c->state_day);
	store_bind_str(st, first + 3, c->due);
	store_bind_int64(st, first + 4, c->amount_fen);
	if (c->verification)
		store_bind_int64(st, first + 5, c->verification);
	else
		store_bind_null(st, first + 5);
	store_bind_str(st, first + 6, c->decision);
	store_bind_int64(st, first + 7, c->verified_fen);
	store_bind_str(st, first + 8, c->notice_from);
	store_bind_str(st, first + 9, c->next_review);
	store_bind_str(st, first + 10, c->exit_until);
	store_bind_int64(st, first + 11, c->objections);
	store_bind_str(st, first + 12, c->reasons);
	store_bind_int64(st, first + 13, c->review_months);
}

int cs_db_case_add(struct store *s, const struct cs_db_case *c, int64_t *id, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "INSERT INTO cases (documents, state, state_day, due, amount_fen, verification, "
	    "decision, verified_fen, notice_from, next_review, exit_until, objections, reasons, "
	    "review_months, scheme, kind, household, region, applicant, name, reason, cause, relative, "
	    "opened_day, requested_fen, urban, created_by, created_at, updated_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?) RETURNING id",
	    &st, e);
	if (rc)
		return rc;
	bind_changeable(st, 1, c);
	store_bind_str(st, 15, cs_scheme_name(c->scheme));
	store_bind_str(st, 16, c->kind);
	store_bind_str(st, 17, c->household);
	store_bind_str(st, 18, c->region);
	store_bind_str(st, 19, c->applicant);
	store_bind_str(st, 20, c->name);
	store_bind_str(st, 21, c->reason);
	store_bind_str(st, 22, c->cause);
	store_bind_str(st, 23, c->relative);
	store_bind_str(st, 24, c->opened_day);
	store_bind_int64(st, 25, c->requested_fen);
	store_bind_int64(st, 26, c->urban);
	store_bind_str(st, 27, c->created_by);
	store_bind_str(st, 28, now);
	store_bind_str(st, 29, now);
	rc = store_run_id(st, id, e);
	store_finalize(st);
	return rc;
}

int cs_db_case_update(struct store *s, const struct cs_db_case *c, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "UPDATE cases SET documents = ?, state = ?, state_day = ?, due = ?, amount_fen = ?, "
	    "verification = ?, decision = ?, verified_fen = ?, notice_from = ?, next_review = ?, "
	    "exit_until = ?, objections = ?, reasons = ?, review_months = ?, updated_at = ? WHERE id = ?",
	    &st, e);
	if (rc)
		return rc;
	bind_changeable(st, 1, c);
	store_bind_str(st, 15, now);
	store_bind_int64(st, 16, c->id);
	rc = store_run(st, e);
	store_finalize(st);
	return rc;
}

int cs_db_case_get(struct store *s, int64_t id, struct cs_db_case *c, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "SELECT " CASE_COLS " FROM cases WHERE id = ?", &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, id);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		rc = case_from_row(st, c, e) ? ERR_STORE : 1;
	store_finalize(st);
	return rc;
}

int cs_db_case_event_add(struct store *s, const struct cs_db_case_event *ev, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "INSERT INTO case_events (case_id, day, at, actor, role, action, from_state, "
	    "to_state, note, staff, documents, amount_fen, detail) VALUES (?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?)",
	    &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, ev->case_id);
	store_bind_str(st, 2, ev->day);
	store_bind_str(st, 3, now);
	store_bind_str(st, 4, ev->actor);
	store_bind_str(st, 5, ev->role);
	store_bind_str(st, 6, ev->action);
	store_bind_str(st, 7, ev->from);
	store_bind_str(st, 8, ev->to);
	store_bind_str(st, 9, ev->note);
	store_bind_str(st, 10, ev->staff);
	store_bind_str(st, 11, ev->documents);
	if (ev->amount_fen >= 0)
		store_bind_int64(st, 12, ev->amount_fen);
	else
		store_bind_null(st, 12);
	store_bind_str(st, 13, ev->detail);
	rc = store_run(st, e);
	store_finalize(st);
	return rc;
}

int cs_db_case_events_each(struct store *s, int64_t id,
                           int (*cb)(void *arg, const struct cs_db_case_event *ev), void *arg,
                           struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "SELECT id, case_id, day, at, actor, role, action, from_state, to_state, note, staff, "
	    "documents, amount_fen, detail FROM case_events WHERE case_id = ? ORDER BY id",
	    &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct cs_db_case_event ev;
		memset(&ev, 0, sizeof ev);
		ev.id = store_col_int64(st, 0);
		ev.case_id = store_col_int64(st, 1);
		store_col_copy(st, 2, ev.day, sizeof ev.day);
		store_col_copy(st, 3, ev.at, sizeof ev.at);
		store_col_copy(st, 4, ev.actor, sizeof ev.actor);
		store_col_copy(st, 5, ev.role, sizeof ev.role);
		store_col_copy(st, 6, ev.action, sizeof ev.action);
		store_col_copy(st, 7, ev.from, sizeof ev.from);
		store_col_copy(st, 8, ev.to, sizeof ev.to);
		store_col_copy(st, 9, ev.note, sizeof ev.note);
		store_col_copy(st, 10, ev.staff, sizeof ev.staff);
		store_col_copy(st, 11, ev.documents, sizeof ev.documents);
		ev.amount_fen = store_col_is_null(st, 12) ? -1 : store_col_int64(st, 12);
		store_col_copy(st, 13, ev.detail, sizeof ev.detail);
		if ((rc = cb(arg, &ev)))
			break;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

int cs_db_cases_each(struct store *s, const char *prefix, const char *household, bool open_only,
                     int (*cb)(void *arg, const struct cs_db_case *c), void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    household   ? "SELECT " CASE_COLS " FROM cases WHERE household = ?2 AND "
	                  "substr(region, 1, length(?1)) = ?1 ORDER BY id DESC LIMIT 500"
	    : open_only ? "SELECT " CASE_COLS " FROM cases WHERE substr(region, 1, length(?1)) = ?1 "
	                  "AND state NOT IN ('refused', 'terminated', 'withdrawn', 'closed') "
	                  "ORDER BY due = '', due, id LIMIT 5000"
	                : "SELECT " CASE_COLS " FROM cases WHERE substr(region, 1, length(?1)) = ?1 "
	                  "ORDER BY id DESC LIMIT 5000",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, prefix ? prefix : "");
	if (household)
		store_bind_str(st, 2, household);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct cs_db_case c;
		if ((rc = case_from_row(st, &c, e)) || (rc = cb(arg, &c)))
			break;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

int cs_db_household_schemes(struct store *s, const char *household, unsigned *schemes, struct error *e)
{
	*schemes = 0;
	struct store_stmt *st;
	int rc = store_prepare(s, "SELECT DISTINCT scheme FROM cases WHERE household = ? AND state IN (?, ?)",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, household);
	store_bind_str(st, 2, cs_state_name(CST_ACTIVE));
	store_bind_str(st, 3, cs_state_name(CST_EXITING));
	while ((rc = store_step(st, e)) == STORE_ROW) {
		enum cs_scheme sc;
		if (!cs_scheme_parse(store_col_text(st, 0, NULL), &sc))
			*schemes |= 1u << sc;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

int cs_db_case_temp_since(struct store *s, const char *applicant, const char *cause, const char *since,
                          int64_t *id, struct error *e)
{
	struct store_stmt *st;
	*id = 0;
	int rc =
	    store_prepare(s,
	                  "SELECT id FROM cases WHERE applicant = ? AND cause = ? AND scheme = 'temp' AND "
	                  "opened_day >= ? AND state IN ('advanced', 'completed', 'closed') AND "
	                  "amount_fen > 0 ORDER BY id DESC LIMIT 1",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, applicant);
	store_bind_str(st, 2, cause);
	store_bind_str(st, 3, since);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*id = store_col_int64(st, 0);
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int cs_db_ledger_balance(struct store *s, const char *township, int64_t *balance, struct error *e)
{
	return store_scalar(
	    s, "SELECT balance_fen FROM reserve_ledger WHERE township = ? ORDER BY id DESC LIMIT 1", township,
	    balance, e);
}

int cs_db_ledger_add(struct store *s, const struct cs_db_ledger_row *r, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "INSERT INTO reserve_ledger (township, day, at, kind, amount_fen, balance_fen, "
	                  "case_id, actor, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, r->township);
	store_bind_str(st, 2, r->day);
	store_bind_str(st, 3, now);
	store_bind_str(st, 4, r->kind);
	store_bind_int64(st, 5, r->amount_fen);
	store_bind_int64(st, 6, r->balance_fen);
	if (r->case_id)
		store_bind_int64(st, 7, r->case_id);
	else
		store_bind_null(st, 7);
	store_bind_str(st, 8, r->actor);
	store_bind_str(st, 9, r->note);
	rc = store_run(st, e);
	store_finalize(st);
	return rc;
}

int cs_db_ledger_each(struct store *s, const char *township,
                      int (*cb)(void *arg, const struct cs_db_ledger_row *r), void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "SELECT id, township, day, at, kind, amount_fen, balance_fen, case_id, actor, note "
	                  "FROM reserve_ledger WHERE township = ? ORDER BY id DESC LIMIT 200",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, township);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct cs_db_ledger_row r;
		memset(&r, 0, sizeof r);
		r.id = store_col_int64(st, 0);
		store_col_copy(st, 1, r.township, sizeof r.township);
		store_col_copy(st, 2, r.day, sizeof r.day);
		store_col_copy(st, 3, r.at, sizeof r.at);
		store_col_copy(st, 4, r.kind, sizeof r.kind);
		r.amount_fen = store_col_int64(st, 5);
		r.balance_fen = store_col_int64(st, 6);
		r.case_id = store_col_is_null(st, 7) ? 0 : store_col_int64(st, 7);
		store_col_copy(st, 8, r.actor, sizeof r.actor);
		store_col_copy(st, 9, r.note, sizeof r.note);
		if ((rc = cb(arg, &r)))
			break;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

int cs_db_case_active_of(struct store *s, const char *household, enum cs_scheme scheme, int64_t *id,
                         struct error *e)
{
	*id = 0;
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "SELECT id FROM cases WHERE household = ? AND scheme = ? AND state IN (?, ?) "
	                       "ORDER BY id LIMIT 1",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, household);
	store_bind_str(st, 2, cs_scheme_name(scheme));
	store_bind_str(st, 3, cs_state_name(CST_ACTIVE));
	store_bind_str(st, 4, cs_state_name(CST_EXITING));
	if ((rc = store_step(st, e)) == STORE_ROW)
		*id = store_col_int64(st, 0);
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int cs_db_payable_each(struct store *s, const char *prefix,
                       int (*cb)(void *arg, const struct cs_db_case *c, const char *approved), void *arg,
                       struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "SELECT " CASE_COLS ", (SELECT MIN(day) FROM case_events v WHERE v.case_id = cases.id AND "
	    "v.action IN ('approve', 'import')) FROM cases WHERE substr(region, 1, length(?1)) = ?1 "
	    "AND state IN ('active', 'exiting') AND scheme IN ('dibao', 'tekun', 'marginal') "
	    "AND household <> '' ORDER BY id",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, prefix);
	struct cs_db_case *c = mem_alloc(sizeof *c);
	if (!c) {
		store_finalize(st);
		return error_nomem(e);
	}
	while ((rc = store_step(st, e)) == STORE_ROW) {
		char approved[11];
		store_col_copy(st, 28, approved, sizeof approved);
		if ((rc = case_from_row(st, c, e)) || (rc = cb(arg, c, approved)))
			break;
	}
	mem_free(c);
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}
