/* monitor_run.c: a monitoring run: which households to score (all, or those whose records came after
 * the last run's newest batch), their scores, then one transaction that stores the scores, moves
 * each household's warning (raised once per episode, updated, or ended) and writes the audit
 * entry. Scoring reads only; the write lock is taken for the storing alone. */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

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

/* The scoring shared out between threads: each takes the next chunk of households. A thread
 * has its own connection (a store handle belongs to one thread), engine (its caches) and arenas;
 * the calling thread is one of them, on the caller's connection and engine. */
enum { SCORE_CHUNK = 16, SCORE_THREADS_MAX = 16 };
struct scoring {
	struct mon_row *rows;
	bool *ok;
	size_t n;
	date_t day;
	_Atomic size_t next, done;
};
struct worker {
	struct scoring *sc;
	struct mon_engine *m;
	struct store *s;
	struct progress *pg;     /* the calling thread's only */
	struct arena a, scratch; /* a: the strings of its rows, kept until they are stored */
	size_t first_failed;     /* the first of its households that failed (n when none) */
	struct error first_failure;
	pthread_t th;
	bool started;
};

static void *score_part(void *arg)
{
	struct worker *w = arg;
	struct scoring *sc = w->sc;
	size_t i;
	while ((i = atomic_fetch_add(&sc->next, SCORE_CHUNK)) < sc->n) {
		size_t from = i, end = i + SCORE_CHUNK < sc->n ? i + SCORE_CHUNK : sc->n;
		for (; i < end; i++) {
			struct error he;
			arena_reset(&w->scratch);
			sc->ok[i] =
			    score_one(w->m, w->s, &sc->rows[i], sc->day, &w->a, &w->scratch, &he) == 0;
			if (!sc->ok[i] && i < w->first_failed) {
				w->first_failed = i;
				w->first_failure = he;
			}
		}
		size_t done = atomic_fetch_add(&sc->done, end - from) + (end - from);
		if (w->pg)
			progress_set(w->pg, done);
	}
	return NULL;
}

static int threads_wanted(const struct store *s, size_t households)
{
	/* the cores online, or SAFETYNET_MONITOR_THREADS (make bench compares 1 with all) */
	const char *env = getenv("SAFETYNET_MONITOR_THREADS");
	long n = env && *env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
	if (!store_dir(s) || n < 2 || households < 2 * SCORE_CHUNK)
		return 1; /* a database opened by file: no second connection to it */
	return n > SCORE_THREADS_MAX ? SCORE_THREADS_MAX : (int)n;
}

/* the other threads' connection and engine, each reading in its own snapshot */
static int worker_open(struct worker *w, const struct mon_engine *m, const struct store *s, struct error *e)
{
	int rc = store_open_dir(store_dir(s), STORE_OPEN_EXISTING, &w->s, e);
	if (!rc)
		rc = store_begin_read(w->s, e);
	if (!rc)
		rc = mon_engine_clone(m, &w->m, e);
	return rc;
}

static void score_all(struct mon_engine *m, struct store *s, struct mon_row *rows, size_t n, bool *ok,
                      date_t day, struct progress *pg, struct worker *wk, int *nw)
{
	struct scoring sc = { rows, ok, n, day, 0, 0 };
	int want = threads_wanted(s, n);
	(void)lang_current(); /* settled before the threads read it */
	*nw = 0;
	for (int t = 0; t < want; t++) {
		struct worker *w = &wk[t];
		memset(w, 0, sizeof *w);
		w->sc = &sc;
		w->first_failed = n;
		arena_init(&w->a, (size_t)1 << 20);
		arena_init(&w->scratch, (size_t)1 << 20);
		(*nw)++;
		if (t == 0) {
			w->m = m;
			w->s = s;
			w->pg = pg;
			continue;
		}
		struct error we;
		if (worker_open(w, m, s, &we) || pthread_create(&w->th, NULL, score_part, w)) {
			/* fewer threads then: the others do its share */
			if (w->s)
				store_close(w->s);
			mon_close(w->m);
			w->s = NULL;
			w->m = NULL;
			continue;
		}
		w->started = true;
	}
	score_part(&wk[0]);
	for (int t = 1; t < *nw; t++) {
		if (wk[t].started)
			pthread_join(wk[t].th, NULL);
		if (wk[t].s)
			store_close(wk[t].s); /* its read transaction rolled back */
		mon_close(wk[t].m);
		wk[t].s = NULL;
		wk[t].m = NULL;
	}
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
	struct arena a;
	arena_init(&a, (size_t)1 << 20);
	struct gather g = { { 0 }, &a, e };
	bool *ok = NULL;
	struct worker wk[SCORE_THREADS_MAX];
	int nw = 0;
	rc = mon_repo_households(s, since, take_household, &g, e);
	if (!rc && !(ok = mem_calloc(g.rows.len + 1, sizeof *ok)))
		rc = error_nomem(e);
	if (!rc) {
		progress_begin(pg, "户", "households", g.rows.len);
		score_all(m, s, g.rows.items, g.rows.len, ok, day, pg, wk, &nw);
		progress_end(pg);
	}
	if (tx)
		store_rollback(s); /* the read transaction: nothing was written */
	size_t first_failed = g.rows.len;
	for (int t = 0; t < nw; t++)
		if (wk[t].first_failed < first_failed) {
			first_failed = wk[t].first_failed;
			rep->first_failure = wk[t].first_failure;
		}
	for (size_t i = 0; !rc && i < g.rows.len; i++) {
		rep->households++;
		rep->scored += ok[i];
		rep->failed += !ok[i];
	}
	if (!rc && rep->households > 0 && rep->scored == 0) {
		*e = rep->first_failure; /* nothing could be scored: say why */
		rc = e->code ? e->code : ERR_INVAL;
	}
	if (!rc)
		rc = store_rows(s, g.rows.items, g.rows.len, ok, day, full, batch, operator_name, rep, e);
	for (int t = 0; t < nw; t++) {
		arena_release(&wk[t].scratch);
		arena_release(&wk[t].a);
	}
	mem_free(ok);
	vec_release(&g.rows);
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
