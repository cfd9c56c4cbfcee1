/* store_int.h: what the store's own files share: the backend function table and the common
 * head of every store and statement. Nothing outside store/ includes this. */
#ifndef SAFETYNET_STORE_INT_H
#define SAFETYNET_STORE_INT_H

#include "store/store.h"

struct store_ops {
	const char *name;
	void (*close)(struct store *s);
	int (*exec)(struct store *s, const char *sql, struct error *e);
	int (*begin)(struct store *s, struct error *e);
	int (*prepare)(struct store *s, const char *sql, struct store_stmt **out, struct error *e);
	int (*bind_int64)(struct store_stmt *st, int idx, int64_t v);
	int (*bind_text)(struct store_stmt *st, int idx, const char *s, size_t n);
	int (*bind_text_kept)(struct store_stmt *st, int idx, const char *s, size_t n);
	int (*bind_null)(struct store_stmt *st, int idx);
	int (*step)(struct store_stmt *st, struct error *e);
	int64_t (*col_int64)(struct store_stmt *st, int col);
	const char *(*col_text)(struct store_stmt *st, int col, size_t *n);
	bool (*col_is_null)(struct store_stmt *st, int col);
	int (*reset)(struct store_stmt *st);
	void (*finalize)(struct store_stmt *st);
	void (*busy_timeout)(struct store *s, int ms);
};

/* The head of every backend's store (its first member). */
enum { STORE_HOOKS_MAX = 4 };
struct store {
	const struct store_ops *ops;
	bool in_tx;
	bool read_tx; /* the open transaction was begun for reading (store_begin_read) */
	char *dir;    /* the data folder it was opened from (store_open_dir), or NULL */
	struct {
		const struct store_hooks *h;
		void *arg;
	} hooks[STORE_HOOKS_MAX]; /* what modules above keep on it (store_on_commit) */
	size_t nhooks;
};

/* The head of every backend's statement. */
struct store_stmt {
	struct store *s;
};

extern const struct store_ops store_sqlite_ops;

/* The id ranges of a resource's batches (hub.c): a batch's records take one run of ids. */
struct store_range {
	int64_t batch, first, last;
};
struct store_ranges {
	struct store_range *v;
	size_t n, cap;
};
int store_resource_ranges(struct store *s, const char *resource, const char *since, struct store_ranges *out,
                          struct error *e);
void store_ranges_release(struct store_ranges *r);

/* One batch's key and person pairs on their way to record_keys and person_records
 * (hub_index.c). fresh: the resource held no records before the batch; expect: about how many
 * rows it has (0: unknown). */
struct hub_index;
int hub_index_open(struct store *s, bool fresh, uint64_t expect, struct hub_index **out, struct error *e);
void hub_index_close(struct hub_index *x);
/* The newest record the batch added under a key hash and has not written out yet, or 0. */
int64_t hub_index_pending(const struct hub_index *x, int64_t khash);
/* false: no record of the resource has this key hash, stored or pending (a fresh resource's
 * batch remembers every key hash it added). */
bool hub_index_maybe_seen(const struct hub_index *x, int64_t khash);
int hub_index_add(struct hub_index *x, int64_t khash, int64_t record, const int64_t *phash, size_t np,
                  struct error *e);
/* Brings the places a key hash will be looked up and added at into the CPU's cache. */
void hub_index_prefetch(const struct hub_index *x, int64_t khash);
/* Writes the pairs waiting, each kind in sorted order. */
int hub_index_flush(struct hub_index *x, struct error *e);

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
