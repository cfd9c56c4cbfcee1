/* sqlite.c: the SQLite backend of the store (the embedded default: one file in the data
 * folder, WAL journal, foreign keys on, a busy timeout, memory-mapped reads). */
#include <pthread.h>
#include <sqlite3.h>

#include "base/mem.h"
#include "store/store_int.h"

struct sqlite_stmt {
	struct store_stmt base;
	sqlite3_stmt *st;
};

/* Statements finished with are kept, reset, for the next prepare of the same SQL: the server
 * runs the same few statements for every request, and parsing them again cost more than
 * running them. */
enum { IDLE_STATEMENTS = 32 };

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	struct sqlite_stmt *idle[IDLE_STATEMENTS];
	size_t nidle;
};

static sqlite3 *db_of(struct store *s)
{
	return ((struct sqlite_store *)s)->db;
}

static sqlite3_stmt *st_of(struct store_stmt *st)
{
	return ((struct sqlite_stmt *)st)->st;
}

/* another connection holds the write lock for longer than the busy timeout */
static int busy_error(struct error *e)
{
	return error_set(
	    e, ERR_BUSY, "数据库正被另一项写入占用（如正在导入的批次），请稍后再试",
	    "the database is held by another writer (a batch being ingested?): try again shortly");
}

static bool is_busy(int rc)
{
	return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

static int db_error(struct store *s, struct error *e, const char *what)
{
	if (is_busy(sqlite3_extended_errcode(db_of(s))))
		return busy_error(e);
	const char *msg = sqlite3_errmsg(db_of(s));
	return error_set(e, ERR_STORE, "数据库错误（%s）：%s", "database error (%s): %s", what, msg);
}

static void sqlite_close(struct store *s)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	for (size_t i = 0; i < ss->nidle; i++) {
		sqlite3_finalize(ss->idle[i]->st);
		mem_free(ss->idle[i]);
	}
	sqlite3_close_v2(ss->db);
	mem_free(s);
}

static int sqlite_exec(struct store *s, const char *sql, struct error *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db_of(s), sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		if (is_busy(rc))
			busy_error(e);
		else
			error_set(e, ERR_STORE, "数据库错误：%s", "database error: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return is_busy(rc) ? ERR_BUSY : ERR_STORE;
	}
	return 0;
}

static int sqlite_begin(struct store *s, struct error *e)
{
	/* take the write lock at once, so two writers never deadlock on an upgrade */
	return sqlite_exec(s, "BEGIN IMMEDIATE", e);
}

static int sqlite_prepare(struct store *s, const char *sql, struct store_stmt **out, struct error *e)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	for (size_t i = ss->nidle; i-- > 0;) {
		if (strcmp(sqlite3_sql(ss->idle[i]->st), sql))
			continue;
		*out = &ss->idle[i]->base;
		ss->idle[i] = ss->idle[--ss->nidle];
		return 0;
	}
	struct sqlite_stmt *st = mem_calloc(1, sizeof *st);
	if (!st)
		return error_nomem(e);
	if (sqlite3_prepare_v2(db_of(s), sql, -1, &st->st, NULL) != SQLITE_OK) {
		mem_free(st);
		return db_error(s, e, "prepare");
	}
	st->base.s = s;
	*out = &st->base;
	return 0;
}

static int bind_rc(int rc)
{
	return rc == SQLITE_OK ? 0 : ERR_STORE;
}

static int sqlite_bind_int64(struct store_stmt *st, int idx, int64_t v)
{
	return bind_rc(sqlite3_bind_int64(st_of(st), idx, v));
}

static int sqlite_bind_text(struct store_stmt *st, int idx, const char *s, size_t n)
{
	if (n > INT_MAX)
		return ERR_TOOBIG;
	return bind_rc(sqlite3_bind_text(st_of(st), idx, s, (int)n, SQLITE_TRANSIENT));
}

static int sqlite_bind_text_kept(struct store_stmt *st, int idx, const char *s, size_t n)
{
	if (n > INT_MAX)
		return ERR_TOOBIG;
	return bind_rc(sqlite3_bind_text(st_of(st), idx, s, (int)n, SQLITE_STATIC));
}

static int sqlite_bind_null(struct store_stmt *st, int idx)
{
	return bind_rc(sqlite3_bind_null(st_of(st), idx));
}

static int sqlite_step(struct store_stmt *st, struct error *e)
{
	int rc = sqlite3_step(st_of(st));
	if (rc == SQLITE_ROW)
		return STORE_ROW;
	if (rc == SQLITE_DONE)
		return STORE_DONE;
	return db_error(st->s, e, "step");
}

static int64_t sqlite_col_int64(struct store_stmt *st, int col)
{
	return sqlite3_column_int64(st_of(st), col);
}

static const char *sqlite_col_text(struct store_stmt *st, int col, size_t *n)
{
	const char *t = (const char *)sqlite3_column_text(st_of(st), col);
	if (n)
		*n = (size_t)sqlite3_column_bytes(st_of(st), col);
	return t;
}

static bool sqlite_col_is_null(struct store_stmt *st, int col)
{
	return sqlite3_column_type(st_of(st), col) == SQLITE_NULL;
}

static int sqlite_reset(struct store_stmt *st)
{
	return bind_rc(sqlite3_reset(st_of(st)));
}

static void sqlite_finalize(struct store_stmt *st)
{
	struct sqlite_store *ss = (struct sqlite_store *)st->s;
	sqlite3_stmt *q = st_of(st);
	/* a statement that ran to an error is not kept; the others wait, reset, for their next use */
	if (sqlite3_reset(q) == SQLITE_OK && sqlite3_clear_bindings(q) == SQLITE_OK) {
		if (ss->nidle == IDLE_STATEMENTS) {
			sqlite3_finalize(ss->idle[0]->st);
			mem_free(ss->idle[0]);
			memmove(ss->idle, ss->idle + 1, (IDLE_STATEMENTS - 1) * sizeof *ss->idle);
			ss->nidle--;
		}
		ss->idle[ss->nidle++] = (struct sqlite_stmt *)st;
		return;
	}
	sqlite3_finalize(q);
	mem_free(st);
}

static void sqlite_busy_timeout(struct store *s, int ms)
{
	sqlite3_busy_timeout(db_of(s), ms);
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.close = sqlite_close,
	.exec = sqlite_exec,
	.begin = sqlite_begin,
	.prepare = sqlite_prepare,
	.bind_int64 = sqlite_bind_int64,
	.bind_text = sqlite_bind_text,
	.bind_text_kept = sqlite_bind_text_kept,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.col_int64 = sqlite_col_int64,
	.col_text = sqlite_col_text,
	.col_is_null = sqlite_col_is_null,
	.reset = sqlite_reset,
	.finalize = sqlite_finalize,
	.busy_timeout = sqlite_busy_timeout,
};

/* sn_key_hash(resource, key): store_key_hash in SQL, for migrations that index stored keys */
static void sql_key_hash(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *r = sqlite3_value_text(argv[0]), *k = sqlite3_value_text(argv[1]);
	if (!r || !k) {
		sqlite3_result_null(c);
		return;
	}
	sqlite3_result_int64(c, store_key_hash((const char *)r, (const char *)k));
}

/* SQLite's memory statistics take a process-wide mutex on every allocation (1 in 20 of a
 * batch's time went to it); nothing here reads them */
static void configure_once(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int store_open_sqlite(const char *path, int flags, struct store **out, struct error *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, configure_once);
	/* page_size only counts for a new database (before WAL): 16 KB pages took a 10 M-row batch
	 * from 231-277 k to 277-349 k rows/s (docs/PERFORMANCE.md); existing ones keep theirs */
	static const char *pragmas = "PRAGMA page_size = 16384;"
	                             "PRAGMA journal_mode = WAL;"
	                             "PRAGMA synchronous = NORMAL;"
	                             "PRAGMA foreign_keys = ON;"
	                             "PRAGMA cache_size = -65536;"
	                             "PRAGMA mmap_size = 268435456;"
	                             "PRAGMA temp_store = MEMORY;";
	struct sqlite_store *s = mem_calloc(1, sizeof *s);
	if (!s)
		return error_nomem(e);
	s->base.ops = &store_sqlite_ops;
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (flags & STORE_OPEN_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		if (!s->db) {
			mem_free(s);
			return error_nomem(e);
		}
		if (rc == SQLITE_CANTOPEN && !(flags & STORE_OPEN_CREATE))
			error_set(e, ERR_NOTFOUND, "找不到数据库 %s", "no database at %s", path);
		else
			error_set(e, ERR_STORE, "无法打开数据库 %s：%s", "cannot open the database %s: %s",
			          path, sqlite3_errmsg(s->db));
		sqlite_close(&s->base);
		return e ? e->code : ERR_STORE;
	}
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	sqlite3_create_function(s->db, "sn_key_hash", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
	                        sql_key_hash, NULL, NULL);
	sqlite3_extended_result_codes(s->db, 1);
	if ((rc = sqlite_exec(&s->base, pragmas, e))) {
		sqlite_close(&s->base);
		return rc;
	}
	*out = &s->base;
	return 0;
}
