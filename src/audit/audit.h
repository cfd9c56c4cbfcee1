/* audit.h: the audit log's one face (docs/AUDIT.md): the hash-chained, append-only log of who
 * read or changed whose data; the sinks entries are written to (on a connection, inside the
 * change's transaction, or queued for the server's writer thread, which commits them in groups
 * and spills them to a file while another process holds the database); the anchor outside the
 * database (a key's MAC on every entry, checkpoints of the head); and `audit verify`. The log
 * lives in the store's database (table audit_log, store/migrate.c); the store knows nothing of
 * it beyond the hooks audit/ keeps on a connection (store_on_commit). */
#ifndef SAFETYNET_AUDIT_H
#define SAFETYNET_AUDIT_H

#include <pthread.h>

#include "base/common.h"
#include "base/error.h"
#include "store/store.h"

struct audit_queue;

/* ---- writing entries (audit.c) ---- */

/* An audit sink: where the access gate and every other writer put an entry. Two writers stand
 * behind the one interface:
 *  - a store's (audit_to_store): the entry is appended on the connection, chained by SHA-256 to
 *    the previous one, inside its open write transaction (so a change and its entry commit
 *    together) or in a transaction of its own; outside a write transaction, a store handed to a
 *    queue (audit_defer) queues it instead;
 *  - a queue's (audit_to_queue): queued, stamped now, from any thread without a connection (a
 *    server thread that answers from memory and holds no lock on the store).
 * A sink is a small value: make one where it is used. */
struct audit_sink {
	int (*write)(void *to, const char *at, const char *actor, const char *action, const char *subject,
	             const char *detail, struct error *e);
	void *to;
};
struct audit_sink audit_to_store(struct store *s);
struct audit_sink audit_to_queue(struct audit_queue *q);
/* Writes an entry stamped now (UTC) to sink k. */
int audit_write(struct audit_sink k, const char *actor, const char *action, const char *subject,
                const char *detail, struct error *e);
/* audit_write to audit_to_store(s). */
int audit_add(struct store *s, const char *actor, const char *action, const char *subject, const char *detail,
              struct error *e);
/* For a change made by a function with a transaction of its own (a batch's ingest): the entry
 * is appended inside the next write transaction committed on s, just before its COMMIT, so the
 * change and its entry commit together or neither does. audit_with_commit_end ends it after the
 * call: an entry no commit took (nothing was changed) is dropped; when rc is an error the attempt
 * is audited as ACTION-refused with why's reason. Returns rc. */
int audit_with_commit(struct store *s, const char *actor, const char *action, const char *subject,
                      const char *detail, struct error *e);
int audit_with_commit_end(struct store *s, int rc, const struct error *why);

/* ---- the server's group commit (audit_queue.c, audit_spill.c) ---- */

/* Entries written to a store handed to audit_defer, outside a write transaction, are queued in
 * memory with the time they happened and written, chained, by the queue's own thread, many in
 * one transaction. A request waits for its entries (audit_wait) before it answers, so no answer
 * goes out whose audit entry is not committed; a failed write fails every wait after it (closed,
 * not open). Entries inside a write transaction are appended in it, as before. Entries are
 * written on s, holding lock (which every other user of s holds too); after each commit
 * on_flushed (when not NULL) is told how many entries are committed in all. */
int audit_queue_start(struct store *s, pthread_mutex_t *lock, void (*on_flushed)(void *arg, uint64_t flushed),
                      void *arg, struct audit_queue **out, struct error *e);
/* Writes what is queued, stops the thread, closes its connection. */
void audit_queue_stop(struct audit_queue *q);
/* Sends the entries written to s outside a write transaction to q (NULL: on s again). */
int audit_defer(struct store *s, struct audit_queue *q, struct error *e);
/* audit_write to audit_to_queue(q). */
int audit_queue_add(struct audit_queue *q, const char *actor, const char *action, const char *subject,
                    const char *detail, struct error *e);
uint64_t audit_flushed(struct audit_queue *q);
/* The WAL is checkpointed from a second connection to dir by the writer thread, outside the lock,
 * instead of by SQLite inside a commit under it. Call before anything is queued. */
int audit_checkpoint_from(struct audit_queue *q, const char *dir, struct error *e);
/* Entries that find the database held by another process for 0.1 s wait, durable, in the file
 * dir/audit-spill and are chained by the next batch (audit_spill.c). Call before anything is
 * queued; without it they wait in the queue. */
int audit_spill_to(struct audit_queue *q, const char *dir, struct error *e);
/* Do entries wait in dir/audit-spill to be chained (by the server, when it next runs)? */
bool audit_spill_waiting(const char *dir);
/* Has a write failed (every later wait fails too)? Do entries wait in the spill file? */
bool audit_broken(struct audit_queue *q);
bool audit_spilling(struct audit_queue *q);
/* The number of entries queued so far: wait for it to have them all written. */
uint64_t audit_ticket(struct audit_queue *q);
int audit_wait(struct audit_queue *q, uint64_t ticket, struct error *e);

/* ---- the anchor outside the database (audit_anchor.c) ---- */

/* A store opened on a data folder (store_open_dir) anchors its entries: each carries a MAC under
 * the folder's key, and the head is checkpointed at most once a second after a commit and when
 * the store closes. The key of data folder dir's audit log (SAFETYNET_AUDIT_KEY, by default
 * DIR.audit/key), created 0600 when missing (*created says so); its path into path. */
int audit_key_ensure(const char *dir, bool *created, char path[4096], struct error *e);
/* Appends a checkpoint of the log's newest entry now. A server calls it when it starts, so the
 * entries of a process that died before its next checkpoint (kill -9 within its last second)
 * are anchored before anything else is written. */
int audit_anchor_head(struct store *s, struct error *e);

/* ---- reading and proving the log (audit.c, audit_verify.c) ---- */

enum audit_fault {
	AUDIT_FAULT_NONE,
	AUDIT_FAULT_CHAIN,      /* entry `entry` does not fit the hash chain (edited or removed) */
	AUDIT_FAULT_MAC,        /* entry `entry` does not carry the key's MAC: re-chained from there */
	AUDIT_FAULT_UNANCHORED, /* entry `entry` has no MAC though entries before it have one */
	AUDIT_FAULT_CUT,        /* a checkpoint recorded entry `entry`; the log ends at `last` */
	AUDIT_FAULT_DIVERGED,   /* entry `entry`'s hash is not the one a checkpoint recorded */
	AUDIT_FAULT_FORGED,     /* checkpoint line `line` does not carry the key's MAC */
	AUDIT_FAULT_NO_KEY,     /* entries carry MACs but the key file is missing: nothing can be proved */
};
struct audit_report {
	int64_t entries, last;    /* how many, and the newest entry's id */
	int64_t unanchored;       /* entries written before the key existed */
	int64_t anchored_from;    /* the first entry with a MAC (0: none) */
	int64_t checkpoints;      /* checkpoint lines read */
	int64_t checkpoint_entry; /* the newest entry a checkpoint covers */
	char checkpoint_at[24];   /* and when that checkpoint was written */
	enum audit_fault fault;
	int64_t entry, line; /* where (see the fault) */
	char cut_at[24];     /* AUDIT_FAULT_CUT: when the checkpoint was written */
	char key_path[4096], checkpoint_path[4096];
};
/* Verifies the audit log of data folder dir: the hash chain, each entry's MAC under the key, and
 * the checkpoints in the file outside the database; the first fault found goes in r. */
int audit_verify(struct store *s, const char *dir, struct audit_report *r, struct error *e);
/* The newest `last` entries (all when 0), oldest first. */
struct audit_row {
	int64_t id;
	const char *at, *actor, *action, *subject, *detail;
	bool anchored; /* carries a MAC */
};
int audit_each(struct store *s, int64_t last, int (*cb)(void *arg, const struct audit_row *r), void *arg,
               struct error *e);
/* Recomputes the chain: *first_bad is the id of the first entry that does not fit, 0 when all do. */
int audit_check(struct store *s, int64_t *entries, int64_t *first_bad, struct error *e);

#endif
