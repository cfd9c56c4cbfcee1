/* monitor_run.c: a monitoring run: which households to score (all, or those whose records came after
 * the last run's newest batch), their scores, then one transaction that stores the scores, moves
 * each household's warning (raised once per episode, updated, or ended) and writes the audit
 * entry. Scoring reads only; the write lock is taken for the storing alone. */
#include "audit/audit.h"
#include "base/buf.h"
#include "base/mem.h"
#include "access/access.h"
#include "base/vec.h"
#include "monitor/monitor_int.h"

struct gather {
	VEC(struct mon_row) rows;
	struct arena *a;
	struct error *e;
};

static int take_household(void *arg, const char *household)
{
	struct gather *g = arg;
	struct mon_row r = { arena_strndup(g->a, household, strlen(household)), NULL, NULL, 0, ML_NONE };
	if (!r.household || vec_push(&g->rows, r))
		return error_nomem(g->e);
	return 0;
}

/* scores one household into its row (strings in the run's arena a); a failure is the
 * household's, counted, and leaves the row out */
static int score_one(struct mon_engine *m, struct store *s, struct mon_row *row, date_t day, struct arena *a,
                     struct arena *scratch, struct error *e)
{
	struct mon_on on;
	struct mon_score sc;
	int rc = mon_repo_on(s, row->household, &on, e);
	if (!rc)
		rc = mon_score_household(m, s, row->household, day, &on, scratch, &sc, e);
	if (rc)
		return rc;
	struct buf json = BUF_INIT((size_t)1 << 20);
	rc = mon_hits_json(&sc, &json, e);
	size_t n = strlen(row->household);
	row->region = arena_strndup(a, row->household, n >= 12 ? 12 : n);
	row->indicators = rc ? NULL : arena_strndup(a, json.data, json.len);
	row->score = sc.score;
	row->level = sc.level;
	buf_release(&json);
	return rc ? rc : row->region && row->indicators ? 0 : error_nomem(e);
}

static int store_rows(struct store *s, const struct mon_row *rows, size_t n, const bool *ok, date_t day,
                      bool full, int64_t batch, const char *operator_name, struct mon_run_report *rep,
                      struct error *e)
{
	char d[DATE_STR_SIZE];
	date_format(day, d);
	int rc = store_begin(s, e);
	if (rc)
		return rc;
	rc = mon_repo_run_add(s, d, full, batch, operator_name, &rep->run, e);
	for (size_t i = 0; !rc && i < n; i++) {
		char what = 0;
		if (!ok[i])
			continue;
		rc = mon_repo_apply(s, rep->run, d, &rows[i], &what, e);
		rep->raised += what == 'r';
		rep->updated += what == 'u';
		rep->ended += what == 'e';
	}
	if (!rc)
		rc = mon_repo_run_finish(s, rep->run, rep, e);
	if (!rc)
		rc = mon_repo_open_count(s, &rep->open, e);
	if (!rc) {
		char detail[256];
		snprintf(detail, sizeof detail,
		         "run=%" PRId64
		         " day=%s full=%d households=%ld failed=%ld raised=%ld updated=%ld ended=%ld",
		         rep->run, d, full, rep->households, rep->failed, rep->raised, rep->updated,
		         rep->ended);
		rc = audit_add(s, operator_name, "monitor-run", "", detail, e);
	}
	if (!rc)
		return store_commit(s, e);
	store_rollback(s);
	return rc;
}

/* full when asked, when there was no run before, or when the month moved on */
static int decide_full(struct store *s, date_t day, bool *full, int64_t *since, struct error *e)
{
	int64_t run = 0;
	char last_day[11] = "";
	*since = -1;
	int rc = mon_repo_last_run(s, &run, last_day, since, e);
	if (rc < 0)
		return rc;
	date_t last;
	if (rc != STORE_ROW || date_parse(last_day, strlen(last_day), &last) ||
	    month_of(last) != month_of(day))
		*full = true;
	if (*full)
		*since = -1;
	return 0;
}

int mon_run(struct mon_engine *m, struct store *s, date_t day, bool full, const char *operator_name,
            struct progress *pg, struct mon_run_report *rep, struct error *e)
{
	memset(rep, 0, sizeof *rep);
	/* scoring reads in one snapshot, the database's locks taken once for all its statements
	 * (not one read transaction per statement); the storing below takes the write lock */
	bool tx = !store_in_transaction(s) && !store_begin_read(s, e);
	int64_t since, batch;
	int rc = decide_full(s, day, &full, &since, e);
	if (!rc)
		rc = mon_repo_max_batch(s, &batch, e);
	if (rc) {
		if (tx)
			store_rollback(s);
		return rc;
	}
	rep->full = full;
	struct arena a, scratch;
	arena_init(&a, (size_t)1 << 20);
	arena_init(&scratch, (size_t)1 << 20);
	struct gather g = { { 0 }, &a, e };
	bool *ok = NULL;
	rc = mon_repo_households(s, since, take_household, &g, e);
	if (!rc && !(ok = mem_calloc(g.rows.len + 1, sizeof *ok)))
		rc = error_nomem(e);
	progress_begin(pg, "户", "households", g.rows.len);
	for (size_t i = 0; !rc && i < g.rows.len; i++) {
		struct error he;
		if ((i & 63) == 0)
			progress_set(pg, i);
		arena_reset(&scratch);
		rep->households++;
		ok[i] = score_one(m, s, &g.rows.items[i], day, &a, &scratch, &he) == 0;
		rep->scored += ok[i];
		if (!ok[i] && rep->failed++ == 0)
			rep->first_failure = he;
	}
	progress_end(pg);
	if (tx)
		store_rollback(s); /* the read transaction: nothing was written */
	if (!rc && rep->households > 0 && rep->scored == 0) {
		*e = rep->first_failure; /* nothing could be scored: say why */
		rc = e->code ? e->code : ERR_INVAL;
	}
	if (!rc)
		rc = store_rows(s, g.rows.items, g.rows.len, ok, day, full, batch, operator_name, rep, e);
	mem_free(ok);
	vec_release(&g.rows);
	arena_release(&scratch);
	arena_release(&a);
	return rc;
}

int mon_list(struct store *s, const struct access_user *u, const char *operator_name,
             const struct mon_filter *f, int (*cb)(void *arg, const struct mon_warning *w), void *arg,
             struct error *e)
{
	const char *scope = f->region && *f->region ? f->region : u ? u->region : "";
	const char *what = f->overdue     ? "monitor-overdue"
	                   : f->household ? "monitor-household"
	                                  : "monitor-list";
	const char *subject = f->household ? f->household : scope;
	int rc;
	if (u) {
		rc = access_gate(s, u, SA_SEARCH, scope, subject, what, e);
	} else {
		char detail[96];
		snprintf(detail, sizeof detail, "scope=%s level=%s status=%s", scope,
		         mon_level_name(f->min_level),
		         f->status < 0           ? "all"
		         : f->status >= MS_COUNT ? "live"
		                                 : mon_status_name(f->status));
		rc = audit_add(s, operator_name, what, subject, detail, e);
	}
	return rc ? rc : mon_repo_list(s, f, scope, cb, arg, e);
}

int mon_summary(struct store *s, const struct access_user *u, const char *operator_name, const char *region,
                int (*cb)(void *arg, const struct mon_count *c), void *arg, struct error *e)
{
	const char *scope = region && *region ? region : u ? u->region : "";
	int rc = u ? access_gate(s, u, SA_SEARCH, scope, scope, "monitor-summary", e)
	           : audit_add(s, operator_name, "monitor-summary", scope, "", e);
	return rc ? rc : mon_repo_summary(s, scope, cb, arg, e);
}
