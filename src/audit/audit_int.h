/* audit_int.h: what the audit log's own files share: the state audit/ keeps on a connection (its
 * queue, a change's pending entry, the anchor), the chain's steps, the spill file and the
 * anchor's key and MACs. Nothing outside audit/ includes this (but its tests). */
#ifndef SAFETYNET_AUDIT_INT_H
#define SAFETYNET_AUDIT_INT_H

#include "audit/audit.h"

/* What audit/ keeps on a store (audit.c), made at its first entry and registered with the store's
 * hooks (store_on_commit): the pending entry goes in before the COMMIT, the anchor's checkpoint
 * after it, and all is freed when the store closes. */
struct audit_anchor;
struct audit_conn {
	struct audit_queue *q;       /* entries outside write transactions go here (audit_defer) */
	char *next;                  /* an entry the next commit appends (audit_with_commit), or NULL */
	struct audit_anchor *anchor; /* the key and checkpoints of a data folder's log, or NULL */
	bool anchor_failed;          /* a data folder whose anchor cannot be located */
};
/* The audit state of s, made (and its anchor located, for a data folder's store) on first use. */
int audit_conn_of(struct store *s, struct audit_conn **out, struct error *e);

/* One entry appended to the chain inside the caller's write transaction, with the time it
 * happened. */
int audit_append_at(struct store *s, const char *at, const char *actor, const char *action,
                    const char *subject, const char *detail, struct error *e);
/* The same in two parts, for many entries in one write transaction: the last entry's hash once,
 * then each entry chained after prev (which becomes the new entry's hash). */
int audit_last_hash(struct store *s, char prev[65], struct error *e);
int audit_chain(struct store *s, char prev[65], const char *at, const char *actor, const char *action,
                const char *subject, const char *detail, struct error *e);
/* an entry's SHA-256 chain hash, hex: of prev and its fields, each with its NUL */
void audit_entry_hash(const char *prev, const char *at, const char *actor, const char *action,
                      const char *subject, const char *detail, char hex[65]);
/* An entry queued for the writer thread (audit_queue.c). */
int audit_enqueue(struct audit_queue *q, const char *at, const char *actor, const char *action,
                  const char *subject, const char *detail, struct error *e);

/* The anchor outside the database (audit_anchor.c): located for a data folder's store; an entry's
 * MAC ("" without an anchor), counted for the next checkpoint; after a commit (or at close) a
 * checkpoint when one is due; freed at close. */
void audit_anchor_set(struct audit_conn *c, const char *dir);
int audit_mac(struct store *s, const char *hash, char mac[65], struct error *e);
void audit_anchor_after_commit(struct store *s, struct audit_conn *c, bool closing);
void audit_anchor_free(struct audit_conn *c);
/* shared with audit_verify.c: the key's and the checkpoints' paths for data folder dir; the key
 * read (1, 0 when the file is missing, or an error); a MAC of text under the key, hex */
enum { AUDIT_KEY_BYTES = 32 };
int audit_anchor_paths(const char *dir, char key[4096], char cp[4096], struct error *e);
int audit_key_read(const char *path, unsigned char key[AUDIT_KEY_BYTES], struct error *e);
void audit_mac_hex(const unsigned char key[AUDIT_KEY_BYTES], const char *text, char out[65]);

/* The file where the server's audit entries wait while another process holds the write lock
 * (audit_spill.c). */
struct audit_spill {
	int fd; /* -1: none */
	char path[600];
	char gen[33]; /* the file's generation, "" while it is empty */
	int64_t size;
};
int audit_spill_open(struct audit_spill *sp, const char *dir, struct error *e);
void audit_spill_close(struct audit_spill *sp);
bool audit_spill_pending(const struct audit_spill *sp);
/* Appends n entries (time, and the four strings of each text) and makes them durable. */
int audit_spill_append(struct audit_spill *sp, const char *const *at, char *const *text, size_t n,
                       struct error *e);
/* Inside the caller's write transaction: chains after prev what waits in the file, at most max
 * bytes of it; *all tells whether nothing is left. */
int audit_spill_drain(struct audit_spill *sp, struct store *w, char prev[65], size_t max, bool *all,
                      struct error *e);
/* After that transaction commits: empties the file. */
void audit_spill_truncate(struct audit_spill *sp);

#endif
