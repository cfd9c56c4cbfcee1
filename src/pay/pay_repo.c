/* pay_repo.c: the SQL of payments: the roll, accounts (history only ever added), payrolls and their
 * frozen lines, checks, bank files, returns and the append-only ledger (triggers refuse UPDATE and
 * DELETE of accounts and ledger entries). */
#include "base/date.h"
#include "base/mem.h"
#include "pay/pay_repo.h"

static int finish(struct store_stmt *st, int rc)
{
	store_finalize(st);
	return rc;
}

/* The statements run for every line of a payroll, prepared once per connection and kept on it
 * (released when it closes). A cached statement is reset after use, never finalized. */
enum pay_stmt {
	PS_ACCOUNT_CURRENT,
	PS_ACCOUNT_HOUSEHOLDS,
	PS_LINE_ADD,
	PS_LINE_STATUS,
	PS_AMOUNT_IN,
	PS_CHECK_ADD,
	PS_LEDGER_ADD,
	PS_RETURN_ADD,
	PS_RETURN_HAS,
	PS_COUNT
};

struct pay_stmts {
	struct store_stmt *st[PS_COUNT];
};

static void stmts_close(struct store *s, void *arg)
{
	UNUSED(s);
	struct pay_stmts *c = arg;
	for (int i = 0; i < PS_COUNT; i++)
		if (c->st[i])
			store_finalize(c->st[i]);
	mem_free(c);
}

static const struct store_hooks stmt_hooks = { NULL, NULL, stmts_close };

static int cached(struct store *s, enum pay_stmt k, const char *sql, struct store_stmt **out, struct error *e)
{
	struct pay_stmts *c = store_hooks_arg(s, &stmt_hooks);
	if (!c) {
		if (!(c = mem_calloc(1, sizeof *c)))
			return error_nomem(e);
		int rc = store_on_commit(s, &stmt_hooks, c, e);
		if (rc) {
			mem_free(c);
			return rc;
		}
	}
	if (!c->st[k]) {
		int rc = store_prepare(s, sql, &c->st[k], e);
		if (rc)
			return rc;
	}
	*out = c->st[k];
	return 0;
}

static int again(struct store_stmt *st, int rc)
{
	store_reset(st);
	return rc;
}

int pay_db_roll_has(struct store *s, const char *household, const char *scheme, bool *yes, struct error *e)
{
	struct store_stmt *st;
	*yes = false;
	int rc = store_prepare(s, "SELECT 1 FROM pay_roll WHERE household = ? AND scheme = ?", &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, household);
	store_bind_str(st, 2, scheme);
	rc = store_step(st, e);
	*yes = rc == STORE_ROW;
	return finish(st, rc < 0 ? rc : 0);
}

int pay_db_roll_add(struct store *s, const struct pay_db_roll *r, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "INSERT INTO pay_roll (household, scheme, case_id, start_month, members, file_sha256, "
	    "line, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, r->household);
	store_bind_str(st, 2, r->scheme);
	store_bind_int64(st, 3, r->case_id);
	store_bind_str(st, 4, r->start_month);
	store_bind_str(st, 5, r->members);
	store_bind_str(st, 6, r->file_sha256);
	store_bind_int64(st, 7, r->line);
	store_bind_str(st, 8, r->by);
	store_bind_str(st, 9, now);
	return finish(st, store_run(st, e));
}

int pay_db_account_add(struct store *s, const struct pay_db_account *a, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "INSERT INTO pay_accounts (case_id, household, payee, account, bank, card_type, "
	                  "valid_from, changed_by, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, a->case_id);
	store_bind_str(st, 2, a->household);
	store_bind_str(st, 3, a->payee);
	store_bind_str(st, 4, a->account);
	store_bind_str(st, 5, a->bank);
	store_bind_str(st, 6, a->card_type);
	store_bind_str(st, 7, a->valid_from);
	store_bind_str(st, 8, a->changed_by);
	store_bind_str(st, 9, a->reason);
	store_bind_str(st, 10, now);
	return finish(st, store_run(st, e));
}

int pay_db_account_current(struct store *s, int64_t case_id, const char *day, struct pay_db_account *out,
                           struct error *e)
{
	struct store_stmt *st = NULL;
	memset(out, 0, sizeof *out);
	int rc = cached(s, PS_ACCOUNT_CURRENT,
	                "SELECT household, payee, account, bank, card_type, valid_from, changed_by, reason "
	                "FROM pay_accounts WHERE case_id = ? AND valid_from <= ? "
	                "ORDER BY valid_from DESC, id DESC LIMIT 1",
	                &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, case_id);
	store_bind_str(st, 2, day);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		out->case_id = case_id;
		store_col_copy(st, 0, out->household, sizeof out->household);
		store_col_copy(st, 1, out->payee, sizeof out->payee);
		store_col_copy(st, 2, out->account, sizeof out->account);
		store_col_copy(st, 3, out->bank, sizeof out->bank);
		store_col_copy(st, 4, out->card_type, sizeof out->card_type);
		store_col_copy(st, 5, out->valid_from, sizeof out->valid_from);
		store_col_copy(st, 6, out->changed_by, sizeof out->changed_by);
		store_col_copy(st, 7, out->reason, sizeof out->reason);
	}
	return again(st, rc < 0 ? rc : rc == STORE_ROW);
}

int pay_db_account_households(struct store *s, const char *account, int64_t *n, struct error *e)
{
	return store_scalar(s, "SELECT COUNT(DISTINCT household) FROM pay_accounts WHERE account = ?",
	                    account, n, e);
}

#define PAYROLL_COLS \
	"id, month, region, state, built_by, built_at, approved1_by, approved1_person, approved2_by, sent_at"

static void payroll_from_row(struct store_stmt *st, struct pay_db_payroll *p)
{
	memset(p, 0, sizeof *p);
	p->id = store_col_int64(st, 0);
	store_col_copy(st, 1, p->month, sizeof p->month);
	store_col_copy(st, 2, p->region, sizeof p->region);
	store_col_copy(st, 3, p->state, sizeof p->state);
	store_col_copy(st, 4, p->built_by, sizeof p->built_by);
	store_col_copy(st, 5, p->built_at, sizeof p->built_at);
	store_col_copy(st, 6, p->approved1_by, sizeof p->approved1_by);
	store_col_copy(st, 7, p->approved1_person, sizeof p->approved1_person);
	store_col_copy(st, 8, p->approved2_by, sizeof p->approved2_by);
	store_col_copy(st, 9, p->sent_at, sizeof p->sent_at);
}

int pay_db_payroll_add(struct store *s, const char *month, const char *region, const char *by, int64_t *id,
                       struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "INSERT INTO payrolls (month, region, state, built_by, built_at) "
	                       "VALUES (?, ?, 'draft', ?, ?) RETURNING id",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, month);
	store_bind_str(st, 2, region);
	store_bind_str(st, 3, by);
	store_bind_str(st, 4, now);
	return finish(st, store_run_id(st, id, e));
}

int pay_db_payroll_get(struct store *s, int64_t id, struct pay_db_payroll *out, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "SELECT " PAYROLL_COLS " FROM payrolls WHERE id = ?", &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, id);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		payroll_from_row(st, out);
	return finish(st, rc < 0 ? rc : rc == STORE_ROW);
}

int pay_db_payroll_of(struct store *s, const char *month, const char *region, int64_t *id, struct error *e)
{
	struct store_stmt *st;
	*id = 0;
	int rc = store_prepare(s, "SELECT id FROM payrolls WHERE month = ? AND region = ?", &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, month);
	store_bind_str(st, 2, region);
	if ((rc = store_step(st, e)) == STORE_ROW)
		*id = store_col_int64(st, 0);
	return finish(st, rc < 0 ? rc : 0);
}

int pay_db_payroll_state(struct store *s, int64_t id, const char *state, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "UPDATE payrolls SET state = ? WHERE id = ?", &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, state);
	store_bind_int64(st, 2, id);
	return finish(st, store_run(st, e));
}

int pay_db_payroll_approved(struct store *s, int64_t id, int step, const char *by, const char *person,
                            struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    step == 1 ? "UPDATE payrolls SET state = 'approved-1', approved1_by = ?, "
	                "approved1_person = ? WHERE id = ?"
	              : "UPDATE payrolls SET state = 'approved-2', approved2_by = ? WHERE id = ?",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, by);
	if (step == 1) {
		store_bind_str(st, 2, person);
		store_bind_int64(st, 3, id);
	} else {
		store_bind_int64(st, 2, id);
	}
	return finish(st, store_run(st, e));
}

int pay_db_payroll_sent(struct store *s, int64_t id, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc = store_prepare(s, "UPDATE payrolls SET state = 'sent', sent_at = ? WHERE id = ?", &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, now);
	store_bind_int64(st, 2, id);
	return finish(st, store_run(st, e));
}

int pay_db_payrolls_each(struct store *s, int (*cb)(void *arg, const struct pay_db_payroll *p), void *arg,
                         struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "SELECT " PAYROLL_COLS " FROM payrolls ORDER BY id", &st, e);
	if (rc)
		return rc;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct pay_db_payroll p;
		payroll_from_row(st, &p);
		if ((rc = cb(arg, &p)))
			break;
	}
	return finish(st, rc == STORE_DONE ? 0 : rc);
}

#define LINE_COLS                                                                                                \
	"l.id, l.payroll, l.case_id, l.household, l.region, l.scheme, l.payee, l.account, l.bank, l.card_type, " \
	"l.amount_fen, l.kind, l.reissue_of, l.verification, l.basis, l.status, l.reason, p.month"

static void line_from_row(struct store_stmt *st, struct pay_db_line *l)
{
	memset(l, 0, sizeof *l);
	l->id = store_col_int64(st, 0);
	l->payroll = store_col_int64(st, 1);
	l->case_id = store_col_int64(st, 2);
	store_col_copy(st, 3, l->household, sizeof l->household);
	store_col_copy(st, 4, l->region, sizeof l->region);
	store_col_copy(st, 5, l->scheme, sizeof l->scheme);
	store_col_copy(st, 6, l->payee, sizeof l->payee);
	store_col_copy(st, 7, l->account, sizeof l->account);
	store_col_copy(st, 8, l->bank, sizeof l->bank);
	store_col_copy(st, 9, l->card_type, sizeof l->card_type);
	l->amount_fen = store_col_int64(st, 10);
	store_col_copy(st, 11, l->kind, sizeof l->kind);
	l->reissue_of = store_col_is_null(st, 12) ? 0 : store_col_int64(st, 12);
	l->verification = store_col_is_null(st, 13) ? 0 : store_col_int64(st, 13);
	store_col_copy(st, 14, l->basis, sizeof l->basis);
	store_col_copy(st, 15, l->status, sizeof l->status);
	store_col_copy(st, 16, l->reason, sizeof l->reason);
	store_col_copy(st, 17, l->month, sizeof l->month);
}

int pay_db_line_add(struct store *s, const struct pay_db_line *l, int64_t *id, struct error *e)
{
	struct store_stmt *st = NULL;
	int rc =
	    cached(s, PS_LINE_ADD,
	           "INSERT INTO payroll_lines (payroll, case_id, household, region, scheme, payee, "
	           "account, bank, card_type, amount_fen, kind, reissue_of, verification, basis, status, "
	           "reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	           &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, l->payroll);
	store_bind_int64(st, 2, l->case_id);
	store_bind_str(st, 3, l->household);
	store_bind_str(st, 4, l->region);
	store_bind_str(st, 5, l->scheme);
	store_bind_str(st, 6, l->payee);
	store_bind_str(st, 7, l->account);
	store_bind_str(st, 8, l->bank);
	store_bind_str(st, 9, l->card_type);
	store_bind_int64(st, 10, l->amount_fen);
	store_bind_str(st, 11, l->kind);
	if (l->reissue_of)
		store_bind_int64(st, 12, l->reissue_of);
	else
		store_bind_null(st, 12);
	if (l->verification)
		store_bind_int64(st, 13, l->verification);
	else
		store_bind_null(st, 13);
	store_bind_str(st, 14, l->basis);
	store_bind_str(st, 15, l->status);
	store_bind_str(st, 16, l->reason);
	return again(st, store_run_id(st, id, e));
}

static int lines_query(struct store *s, const char *where, const char *a1, const char *a2, int64_t n1,
                       int (*cb)(void *arg, const struct pay_db_line *l), void *arg, struct error *e)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
	         "SELECT " LINE_COLS
	         " FROM payroll_lines l JOIN payrolls p ON p.id = l.payroll WHERE %s ORDER BY l.id",
	         where);
	struct store_stmt *st;
	int rc = store_prepare(s, sql, &st, e);
	if (rc)
		return rc;
	if (a1) {
		store_bind_str(st, 1, a1);
		store_bind_str(st, 2, a2);
	} else {
		store_bind_int64(st, 1, n1);
	}
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct pay_db_line l;
		line_from_row(st, &l);
		if ((rc = cb(arg, &l)))
			break;
	}
	return finish(st, rc == STORE_DONE ? 0 : rc);
}

int pay_db_lines_each(struct store *s, int64_t payroll, int (*cb)(void *arg, const struct pay_db_line *l),
                      void *arg, struct error *e)
{
	return lines_query(s, "l.payroll = ?1", NULL, NULL, payroll, cb, arg, e);
}

int pay_db_failed_each(struct store *s, const char *region, const char *month,
                       int (*cb)(void *arg, const struct pay_db_line *l), void *arg, struct error *e)
{
	return lines_query(s,
	                   "p.region = ?1 AND p.month < ?2 AND l.status = 'failed' AND NOT EXISTS "
	                   "(SELECT 1 FROM payroll_lines r WHERE r.reissue_of = l.id)",
	                   region, month, 0, cb, arg, e);
}

static int copy_line(void *arg, const struct pay_db_line *l)
{
	*(struct pay_db_line *)arg = *l;
	return 1;
}

int pay_db_line_get(struct store *s, int64_t id, struct pay_db_line *out, struct error *e)
{
	out->id = 0;
	int rc = lines_query(s, "l.id = ?1", NULL, NULL, id, copy_line, out, e);
	return rc < 0 || (rc && rc != 1) ? rc : out->id != 0;
}

int pay_db_line_status(struct store *s, int64_t id, const char *status, const char *reason, struct error *e)
{
	struct store_stmt *st = NULL;
	int rc =
	    cached(s, PS_LINE_STATUS, "UPDATE payroll_lines SET status = ?, reason = ? WHERE id = ?", &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, status);
	store_bind_str(st, 2, reason ? reason : "");
	store_bind_int64(st, 3, id);
	return again(st, store_run(st, e));
}

int pay_db_case_amount_in(struct store *s, int64_t case_id, const char *month, int64_t *amount,
                          struct error *e)
{
	struct store_stmt *st = NULL;
	*amount = 0;
	int rc = cached(s, PS_AMOUNT_IN,
	                "SELECT l.amount_fen FROM payroll_lines l JOIN payrolls p ON p.id = l.payroll "
	                "WHERE l.case_id = ? AND p.month = ? AND l.kind = 'monthly' LIMIT 1",
	                &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, case_id);
	store_bind_str(st, 2, month);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*amount = store_col_int64(st, 0);
	return again(st, rc < 0 ? rc : rc == STORE_ROW);
}

static const char *const statuses[6] = { "pending", "held", "paid", "failed", "reissued", "stopped" };

int pay_db_status_index(const char *status)
{
	for (int i = 0; i < 6; i++)
		if (!strcmp(status, statuses[i]))
			return i;
	return -1;
}

int pay_db_line_sums(struct store *s, int64_t payroll, struct pay_db_sums *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "SELECT status, COUNT(*), SUM(amount_fen) FROM payroll_lines WHERE payroll = ? "
	                  "GROUP BY status",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, payroll);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		int i = pay_db_status_index(store_col_text(st, 0, NULL));
		if (i >= 0) {
			out->n[i] = store_col_int64(st, 1);
			out->fen[i] = store_col_int64(st, 2);
		}
	}
	return finish(st, rc == STORE_DONE ? 0 : rc);
}

int pay_db_check_add(struct store *s, const struct pay_db_check *c, struct error *e)
{
	struct store_stmt *st = NULL;
	int rc =
	    cached(s, PS_CHECK_ADD,
	           "INSERT INTO pay_checks (payroll, line, rule, blocking, evidence) VALUES (?, ?, ?, ?, ?)",
	           &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, c->payroll);
	store_bind_int64(st, 2, c->line);
	store_bind_str(st, 3, c->rule);
	store_bind_int64(st, 4, c->blocking);
	store_bind_str(st, 5, c->evidence);
	return again(st, store_run(st, e));
}

int pay_db_checks_each(struct store *s, int64_t payroll, int (*cb)(void *arg, const struct pay_db_check *c),
                       void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "SELECT id, payroll, line, rule, blocking, evidence FROM pay_checks WHERE payroll = ? "
	    "ORDER BY line, id",
	    &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, payroll);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct pay_db_check c;
		memset(&c, 0, sizeof c);
		c.id = store_col_int64(st, 0);
		c.payroll = store_col_int64(st, 1);
		c.line = store_col_int64(st, 2);
		store_col_copy(st, 3, c.rule, sizeof c.rule);
		c.blocking = store_col_int64(st, 4) != 0;
		store_col_copy(st, 5, c.evidence, sizeof c.evidence);
		if ((rc = cb(arg, &c)))
			break;
	}
	return finish(st, rc == STORE_DONE ? 0 : rc);
}

int pay_db_bank_file_add(struct store *s, const struct pay_db_bank_file *f, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "INSERT INTO pay_bank_files (payroll, bank, path, count, total_fen, sha256, "
	                       "written_by, written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, f->payroll);
	store_bind_str(st, 2, f->bank);
	store_bind_str(st, 3, f->path);
	store_bind_int64(st, 4, f->count);
	store_bind_int64(st, 5, f->total_fen);
	store_bind_str(st, 6, f->sha256);
	store_bind_str(st, 7, f->by);
	store_bind_str(st, 8, now);
	return finish(st, store_run(st, e));
}

int pay_db_return_add(struct store *s, int64_t line, int64_t payroll, const char *outcome, const char *reason,
                      const char *sha256, const char *by, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st = NULL;
	int rc = cached(s, PS_RETURN_ADD,
	                "INSERT INTO pay_returns (line, payroll, outcome, reason, file_sha256, imported_by, "
	                "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	                &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, line);
	store_bind_int64(st, 2, payroll);
	store_bind_str(st, 3, outcome);
	store_bind_str(st, 4, reason);
	store_bind_str(st, 5, sha256);
	store_bind_str(st, 6, by);
	store_bind_str(st, 7, now);
	return again(st, store_run(st, e));
}

int pay_db_return_has(struct store *s, int64_t line, bool *yes, struct error *e)
{
	struct store_stmt *st = NULL;
	int rc = cached(s, PS_RETURN_HAS, "SELECT 1 FROM pay_returns WHERE line = ?", &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, line);
	rc = store_step(st, e);
	*yes = rc == STORE_ROW;
	return again(st, rc < 0 ? rc : 0);
}

static void bind_ref(struct store_stmt *st, int idx, int64_t v)
{
	if (v)
		store_bind_int64(st, idx, v);
	else
		store_bind_null(st, idx);
}

int pay_db_ledger_add(struct store *s, const struct pay_db_ledger_entry *en, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st = NULL;
	int rc = cached(s, PS_LEDGER_ADD,
	                "INSERT INTO pay_ledger (at, month, kind, debit, credit, amount_fen, scheme, region, "
	                "payroll, line, case_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, now);
	store_bind_str(st, 2, en->month);
	store_bind_str(st, 3, en->kind);
	store_bind_str(st, 4, en->debit);
	store_bind_str(st, 5, en->credit);
	store_bind_int64(st, 6, en->amount_fen);
	store_bind_str(st, 7, en->scheme);
	store_bind_str(st, 8, en->region);
	bind_ref(st, 9, en->payroll);
	bind_ref(st, 10, en->line);
	bind_ref(st, 11, en->case_id);
	store_bind_str(st, 12, en->actor);
	return again(st, store_run(st, e));
}

int pay_db_ledger_totals(struct store *s, int (*cb)(void *arg, const struct pay_db_ledger_total *t),
                         void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "SELECT month, scheme, region, account, SUM(dr), SUM(cr) FROM ("
	                  "  SELECT month, scheme, region, debit AS account, amount_fen AS dr, 0 AS cr "
	                  "  FROM pay_ledger UNION ALL "
	                  "  SELECT month, scheme, region, credit, 0, amount_fen FROM pay_ledger) "
	                  "GROUP BY month, scheme, region, account ORDER BY month, scheme, region, account",
	                  &st, e);
	if (rc)
		return rc;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct pay_db_ledger_total t;
		memset(&t, 0, sizeof t);
		store_col_copy(st, 0, t.month, sizeof t.month);
		store_col_copy(st, 1, t.scheme, sizeof t.scheme);
		store_col_copy(st, 2, t.region, sizeof t.region);
		store_col_copy(st, 3, t.account, sizeof t.account);
		t.debit_fen = store_col_int64(st, 4);
		t.credit_fen = store_col_int64(st, 5);
		if ((rc = cb(arg, &t)))
			break;
	}
	return finish(st, rc == STORE_DONE ? 0 : rc);
}

int pay_db_ledger_posted(struct store *s, int64_t payroll, const char *kind, const char *account,
                         int64_t *debit, int64_t *credit, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "SELECT COALESCE(SUM(CASE WHEN debit = ?3 THEN amount_fen END), 0), "
	                       "COALESCE(SUM(CASE WHEN credit = ?3 THEN amount_fen END), 0) FROM pay_ledger "
	                       "WHERE payroll = ?1 AND kind = ?2",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, payroll);
	store_bind_str(st, 2, kind);
	store_bind_str(st, 3, account);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		*debit = store_col_int64(st, 0);
		*credit = store_col_int64(st, 1);
	}
	return finish(st, rc < 0 ? rc : 0);
}

int pay_db_ledger_balance(struct store *s, const char *account, int64_t *balance, struct error *e)
{
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "SELECT COALESCE(SUM(CASE WHEN credit = ?1 THEN amount_fen ELSE 0 END), 0) - "
	                  "COALESCE(SUM(CASE WHEN debit = ?1 THEN amount_fen ELSE 0 END), 0) FROM pay_ledger",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, account);
	rc = store_step(st, e);
	*balance = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	return finish(st, rc < 0 ? rc : 0);
}
