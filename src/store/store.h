/* store.h: the one face of the database. Every SQL statement in safetynet lives behind this
 * header, in store/. A backend (SQLite now, PostgreSQL later) is a table of functions; SQL
 * written here uses `?` placeholders and portable types so both backends run it.
 * A store handle belongs to one thread at a time. */
#ifndef SAFETYNET_STORE_H
#define SAFETYNET_STORE_H

#include "base/common.h"
#include "base/error.h"

struct store;
struct store_stmt;

enum store_step { STORE_DONE = 0, STORE_ROW = 1 };
enum store_type { STORE_NULL = 0, STORE_INT, STORE_TEXT };

/* A value for bulk insert: an int64, a text of n bytes, or NULL. */
struct store_value {
	enum store_type type;
	int64_t i;
	const char *s;
	size_t n;
};
#define STORE_V_NULL ((struct store_value){ STORE_NULL, 0, NULL, 0 })
#define STORE_V_INT(v) ((struct store_value){ STORE_INT, (v), NULL, 0 })
#define STORE_V_TEXT(str) ((struct store_value){ STORE_TEXT, 0, (str), strlen(str) })
#define STORE_V_TEXTN(str, len) ((struct store_value){ STORE_TEXT, 0, (str), (len) })

enum store_open_flags { STORE_OPEN_EXISTING = 0, STORE_OPEN_CREATE = 1 };

/* Opens the data folder's database (DIR/safetynet.db). With STORE_OPEN_CREATE the folder and
 * database are created when missing; otherwise a missing one is ERR_NOTFOUND with advice.
 * Does not migrate: call store_migrate. */
int store_open_dir(const char *dir, int flags, struct store **out, struct error *e);
/* Opens a SQLite database file at path (":memory:" for a private in-memory one). */
int store_open_sqlite(const char *path, int flags, struct store **out, struct error *e);
void store_close(struct store *s);
/* "sqlite" or "postgresql". */
const char *store_backend(const struct store *s);

/* Runs SQL that returns no rows (may hold several statements). */
int store_exec(struct store *s, const char *sql, struct error *e);
/* Transactions do not nest: a second begin is ERR_INVAL. */
int store_begin(struct store *s, struct error *e);
int store_commit(struct store *s, struct error *e);
int store_rollback(struct store *s);
/* A transaction for reading: one snapshot and one set of file locks for many statements. A
 * write inside it takes the write lock then (and may meet SQLITE_BUSY). */
int store_begin_read(struct store *s, struct error *e);
/* A number that changes when another connection (another process) commits a change: caches
 * of what the database holds compare it to know they are stale. */
int store_data_version(struct store *s, int64_t *v, struct error *e);
bool store_in_transaction(const struct store *s);
/* Is a transaction begun with store_begin (not store_begin_read) open? */
bool store_in_write_transaction(const struct store *s);

/* Hooks a module above keeps on a connection, without the store knowing what they are for
 * (audit/ appends a change's pending entry inside its transaction and anchors the log after the
 * commit). Each is optional. */
struct store_hooks {
	/* Inside a write transaction (not store_begin_read's), just before its COMMIT: an error
	 * fails store_commit with the transaction still open. */
	int (*before_commit)(struct store *s, void *arg, struct error *e);
	/* After a COMMIT succeeded; wrote: it ended a write transaction. */
	void (*after_commit)(struct store *s, void *arg, bool wrote);
	/* From store_close, after an open transaction is rolled back and before the connection
	 * closes: the last word, and arg's release. */
	void (*close)(struct store *s, void *arg);
};
/* Registers h with arg on s (h identifies them: once per store); called in the order
 * registered. ERR_INVAL when h is there already or the store holds too many. */
int store_on_commit(struct store *s, const struct store_hooks *h, void *arg, struct error *e);
/* The arg registered with h on s, or NULL. */
void *store_hooks_arg(const struct store *s, const struct store_hooks *h);
/* The data folder s was opened from by store_open_dir (its absolute path when it could be
 * resolved), or NULL for a database opened by file. */
const char *store_dir(const struct store *s);

int store_prepare(struct store *s, const char *sql, struct store_stmt **out, struct error *e);
/* Parameters count from 1. Text is copied. 0 or ERR_STORE. */
int store_bind_int64(struct store_stmt *st, int idx, int64_t v);
int store_bind_text(struct store_stmt *st, int idx, const char *s, size_t n);
int store_bind_null(struct store_stmt *st, int idx);
int store_bind_value(struct store_stmt *st, int idx, struct store_value v);
/* STORE_ROW, STORE_DONE, or a negative error with e. */
int store_step(struct store_stmt *st, struct error *e);
/* Columns count from 0; text stays valid until the next step, reset or finalize. */
int64_t store_col_int64(struct store_stmt *st, int col);
const char *store_col_text(struct store_stmt *st, int col, size_t *n);
bool store_col_is_null(struct store_stmt *st, int col);
/* Makes the statement ready to run again (bindings are kept). */
int store_reset(struct store_stmt *st);
void store_finalize(struct store_stmt *st);

/* Bulk insert: rows into table's columns, as fast as the backend allows (prepared INSERT in
 * large transactions for SQLite, COPY for PostgreSQL). Inside the caller's transaction when
 * one is open, otherwise in its own, committed by store_bulk_end. Names must be plain
 * identifiers. After any error, call store_bulk_abort. */
struct store_bulk;
int store_bulk_begin(struct store *s, const char *table, const char *const *cols, int ncols,
                     struct store_bulk **out, struct error *e);
int store_bulk_row(struct store_bulk *b, const struct store_value *vals, struct error *e);
int store_bulk_end(struct store_bulk *b, struct error *e);
void store_bulk_abort(struct store_bulk *b);

/* Brings the schema to the newest version this binary knows, one migration per transaction.
 * *from and *to (may be NULL) get the versions before and after. A database newer than the
 * binary is refused. */
int store_migrate(struct store *s, int *from, int *to, struct error *e);
/* The same, stopping at version target (tests build databases of earlier versions with it). */
int store_migrate_upto(struct store *s, int target, int *from, int *to, struct error *e);
/* The schema version (0 for an empty database). */
int store_schema_version(struct store *s, int *version, struct error *e);
/* The newest schema version this binary knows. */
int store_schema_latest(void);

/* Settings: a small key-value table for the data folder's own facts. */
/* How long a statement waits for another connection's write lock before ERR_BUSY: STORE_BUSY_MS
 * unless set otherwise. */
enum { STORE_BUSY_MS = 5000 };
void store_busy_timeout(struct store *s, int ms);
/* The write-ahead log copied back into the database now from s, without waiting for readers;
 * and after how many pages of it a commit on s does so itself (0: never, left to a
 * store_wal_checkpoint from elsewhere). */
int store_wal_checkpoint(struct store *s, struct error *e);
int store_wal_autocheckpoint(struct store *s, int pages, struct error *e);

int store_setting_get(struct store *s, const char *key, char *out, size_t cap, struct error *e);
int store_setting_set(struct store *s, const char *key, const char *value, struct error *e);

/* The store's persisted hashes: tables keep them, so the same bytes give the same value in every
 * version (tests/store pins them). A key's hash covers its resource; a person's is of the ID
 * number. Lookups by hash always compare the key or ID itself, so two equal hashes cost a
 * comparison, never a wrong answer. */
int64_t store_hash(const char *s, size_t n);
int64_t store_key_hash(const char *resource, const char *key);
/* Tests: hashes of 12 bits, so that many keys and persons share one. */
void store_test_weak_hash(bool weak);

/* ---- helpers for the repositories of the domains (each domain keeps its own SQL) ---- */

/* Runs a query that returns one integer (COUNT, SUM…), with an optional text parameter; 0
 * when it returns no row. */
int store_scalar(struct store *s, const char *sql, const char *arg, int64_t *v, struct error *e);

/* Steps a statement that returns no rows (or whose rows are not wanted) to its end and resets
 * it for the next use: 0 or the error. */
int store_run(struct store_stmt *st, struct error *e);

/* Steps an INSERT ... RETURNING id once, puts the id in *id and resets the statement: 0 or the
 * error. */
int store_run_id(struct store_stmt *st, int64_t *id, struct error *e);

/* Copies a text column into out (cut to cap - 1 bytes; "" for NULL). */
void store_col_copy(struct store_stmt *st, int col, char *out, size_t cap);

/* Binds text the caller keeps, unchanged, until the statement has run (no copy is made: a
 * batch's record inserts spent a tenth of their time copying). */
int store_bind_text_kept(struct store_stmt *st, int idx, const char *s, size_t n);

/* Binds a C string, or NULL as SQL NULL. */
void store_bind_str(struct store_stmt *st, int idx, const char *s);

/* Is name a plain SQL identifier ([a-z_][a-z0-9_]*, at most 63 bytes)? */
bool store_identifier_ok(const char *name);

#endif
