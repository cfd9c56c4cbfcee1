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
struct store_audit_queue;
struct store {
	const struct store_ops *ops;
	bool in_tx;
	bool read_tx;                      /* the open transaction was begun for reading (store_begin_read) */
	struct store_audit_queue *audit_q; /* audit entries outside write transactions go here */
	char *audit_next; /* an entry the next commit appends (store_audit_with_commit), or NULL */
	struct store_audit_anchor *anchor; /* the key and checkpoints of a data folder's log, or NULL */
	bool anchor_failed;                /* a data folder whose anchor cannot be located */
};

/* The head of every backend's statement. */
struct store_stmt {
	struct store *s;
};

extern const struct store_ops store_sqlite_ops;

/* The file where the server's audit entries wait while another process holds the write lock
 * (audit_spill.c). */
struct store_spill {
	int fd; /* -1: none */
	char path[600];
	char gen[33]; /* the file's generation, "" while it is empty */
	int64_t size;
};
int store_spill_open(struct store_spill *sp, const char *dir, struct error *e);
void store_spill_close(struct store_spill *sp);
bool store_spill_pending(const struct store_spill *sp);
/* Appends n entries (time, and the four strings of each text) and makes them durable. */
int store_spill_append(struct store_spill *sp, const char *const *at, char *const *text, size_t n,
                       struct error *e);
/* Inside the caller's write transaction: chains after prev what waits in the file, at most max
 * bytes of it; *all tells whether nothing is left. */
int store_spill_drain(struct store_spill *sp, struct store *w, char prev[65], size_t max, bool *all,
                      struct error *e);
/* After that transaction commits: empties the file. */
void store_spill_truncate(struct store_spill *sp);

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

/* The audit log's own parts (audit.c, audit_queue.c): one entry appended to the chain inside
 * the caller's write transaction, with the time it happened; an entry queued for the writer. */
int store_audit_append_at(struct store *s, const char *at, const char *actor, const char *action,
                          const char *subject, const char *detail, struct error *e);
/* The same in two parts, for many entries in one write transaction: the last entry's hash once,
 * then each entry chained after prev (which becomes the new entry's hash). */
int store_audit_last_hash(struct store *s, char prev[65], struct error *e);
int store_audit_chain(struct store *s, char prev[65], const char *at, const char *actor, const char *action,
                      const char *subject, const char *detail, struct error *e);
/* Appends the entry store_audit_with_commit left, inside the transaction about to commit. */
int store_audit_commit_pending(struct store *s, struct error *e);
void store_audit_pending_free(struct store *s);
/* The anchor outside the database (audit_anchor.c): set for a data folder's store; an entry's
 * MAC ("" without an anchor), counted for the next checkpoint; after a commit (or at close) a
 * checkpoint when one is due; freed at close. */
struct store_audit_anchor;
/* an entry's SHA-256 chain hash, hex: of prev and its fields, each with its NUL */
void store_audit_entry_hash(const char *prev, const char *at, const char *actor, const char *action,
                            const char *subject, const char *detail, char hex[65]);
void store_audit_anchor_set(struct store *s, const char *dir);
/* shared with audit_verify.c: the key's and the checkpoints' paths for data folder dir; the key
 * read (1, 0 when the file is missing, or an error); a MAC of text under the key, hex */
enum { STORE_AUDIT_KEY_BYTES = 32 };
int store_audit_anchor_paths(const char *dir, char key[4096], char cp[4096], struct error *e);
int store_audit_key_read(const char *path, unsigned char key[STORE_AUDIT_KEY_BYTES], struct error *e);
void store_audit_mac_hex(const unsigned char key[STORE_AUDIT_KEY_BYTES], const char *text, char out[65]);
int store_audit_mac(struct store *s, const char *hash, char mac[65], struct error *e);
void store_audit_after_commit(struct store *s, bool closing);
void store_audit_anchor_free(struct store *s);
int store_audit_enqueue(struct store_audit_queue *q, const char *at, const char *actor, const char *action,
                        const char *subject, const char *detail, struct error *e);

#endif
