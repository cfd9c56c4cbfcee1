/* audit.c: the audit log no one can quietly alter: entries are only ever added (triggers refuse
 * UPDATE and DELETE), and each carries the SHA-256 of the previous entry's hash and its own
 * fields, so removing or editing one by going around the triggers breaks the chain, which
 * audit_check finds. It records who read or changed whose data, for what; never the data
 * itself. Here too are the sinks entries are written to, and what audit/ keeps on a connection
 * through the store's hooks (a change's entry appended just before its COMMIT). */
#include <sodium.h>

#include "base/date.h"
#include "base/mem.h"
#include "audit/audit_int.h"
#include "audit/audit_repo.h"

void audit_entry_hash(const char *prev, const char *at, const char *actor, const char *action,
                      const char *subject, const char *detail, char hex[65])
{
	crypto_hash_sha256_state st;
	unsigned char d[crypto_hash_sha256_BYTES];
	const char *parts[] = { prev, at, actor, action, subject, detail };
	crypto_hash_sha256_init(&st);
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		crypto_hash_sha256_update(&st, (const unsigned char *)parts[i], strlen(parts[i]) + 1);
	}
	crypto_hash_sha256_final(&st, d);
	for (size_t i = 0; i < sizeof d; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

int audit_last_hash(struct store *s, char prev[65], struct error *e)
{
	int64_t id;
	return audit_db_last(s, &id, prev, e);
}

int audit_chain(struct store *s, char prev[65], const char *at, const char *actor, const char *action,
                const char *subject, const char *detail, struct error *e)
{
	char hash[65], mac[65];
	audit_entry_hash(prev, at, actor, action, subject, detail, hash);
	int rc = audit_mac(s, hash, mac, e);
	if (rc)
		return rc;
	struct audit_db_row r = { 0, at, actor, action, subject, detail, prev, hash, mac };
	if (!(rc = audit_db_append(s, &r, e)))
		memcpy(prev, hash, 65);
	return rc;
}

int audit_append_at(struct store *s, const char *at, const char *actor, const char *action,
                    const char *subject, const char *detail, struct error *e)
{
	char prev[65];
	int rc = audit_last_hash(s, prev, e);
	return rc ? rc : audit_chain(s, prev, at, actor, action, subject, detail, e);
}

struct check {
	int64_t *entries, *first_bad;
	char prev[65];
};

static int check_one(void *arg, const struct audit_db_row *r)
{
	struct check *c = arg;
	char want[65];
	audit_entry_hash(c->prev, r->at, r->actor, r->action, r->subject, r->detail, want);
	(*c->entries)++;
	if (strcmp(r->prev, c->prev) || strcmp(r->hash, want)) {
		*c->first_bad = r->id;
		return 1;
	}
	snprintf(c->prev, sizeof c->prev, "%s", r->hash);
	return 0;
}

int audit_check(struct store *s, int64_t *entries, int64_t *first_bad, struct error *e)
{
	struct check c = { entries, first_bad, "" };
	*entries = 0;
	*first_bad = 0;
	return audit_db_each(s, 0, check_one, &c, e);
}

/* ---- what audit/ keeps on a connection ---- */

/* the four strings, NUL-terminated, in one block */
static char *pack(const char *const parts[4])
{
	size_t len[4], total = 0;
	for (int i = 0; i < 4; i++)
		total += (len[i] = strlen(parts[i] ? parts[i] : "")) + 1;
	char *text = mem_alloc(total);
	for (size_t i = 0, off = 0; text && i < 4; off += len[i] + 1, i++)
		memcpy(text + off, parts[i] ? parts[i] : "", len[i] + 1);
	return text;
}

static void pending_free(struct audit_conn *c)
{
	mem_free(c->next);
	c->next = NULL;
}

/* before a write transaction's COMMIT: the entry audit_with_commit left goes in with it */
static int before_commit(struct store *s, void *arg, struct error *e)
{
	struct audit_conn *c = arg;
	if (!c->next)
		return 0;
	const char *actor = c->next, *action = actor + strlen(actor) + 1,
	           *subject = action + strlen(action) + 1, *detail = subject + strlen(subject) + 1;
	char at[TIMESTAMP_SIZE];
	date_timestamp_utc(at);
	/* kept until the COMMIT succeeds (after_commit frees it): a COMMIT that fails still finds
	 * the entry, to be written as refused after the rollback */
	return audit_append_at(s, at, actor, action, subject, detail, e);
}

static void after_commit(struct store *s, void *arg, bool wrote)
{
	struct audit_conn *c = arg;
	if (wrote) /* its entry is in */
		pending_free(c);
	audit_anchor_after_commit(s, c, false);
}

static void on_close(struct store *s, void *arg)
{
	struct audit_conn *c = arg;
	pending_free(c);
	audit_anchor_after_commit(s, c, true); /* the last checkpoint of the entries this connection wrote */
	audit_anchor_free(c);
	mem_free(c);
}

static const struct store_hooks hooks = { before_commit, after_commit, on_close };

int audit_conn_of(struct store *s, struct audit_conn **out, struct error *e)
{
	struct audit_conn *c = store_hooks_arg(s, &hooks);
	if (!c) {
		if (!(c = mem_calloc(1, sizeof *c)))
			return error_nomem(e);
		if (store_dir(s)) /* a data folder's log is anchored outside the folder */
			audit_anchor_set(c, store_dir(s));
		int rc = store_on_commit(s, &hooks, c, e);
		if (rc) {
			audit_anchor_free(c);
			mem_free(c);
			return rc;
		}
	}
	*out = c;
	return 0;
}

/* ---- sinks ---- */

static int to_store(void *to, const char *at, const char *actor, const char *action, const char *subject,
                    const char *detail, struct error *e)
{
	struct store *s = to;
	struct audit_conn *c = NULL;
	int rc = audit_conn_of(s, &c, e);
	if (rc)
		return rc;
	if (c->q && !store_in_write_transaction(s))
		return audit_enqueue(c->q, at, actor, action, subject, detail, e);
	/* reading the last hash and appending are one step under the write lock, so two
	 * connections (the server and a command) never chain two entries to the same one */
	if (store_in_transaction(s))
		return audit_append_at(s, at, actor, action, subject, detail, e);
	if ((rc = store_begin(s, e)))
		return rc;
	if ((rc = audit_append_at(s, at, actor, action, subject, detail, e))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}

static int to_queue(void *to, const char *at, const char *actor, const char *action, const char *subject,
                    const char *detail, struct error *e)
{
	return audit_enqueue(to, at, actor, action, subject, detail, e);
}

struct audit_sink audit_to_store(struct store *s)
{
	return (struct audit_sink){ to_store, s };
}

struct audit_sink audit_to_queue(struct audit_queue *q)
{
	return (struct audit_sink){ to_queue, q };
}

int audit_write(struct audit_sink k, const char *actor, const char *action, const char *subject,
                const char *detail, struct error *e)
{
	char at[TIMESTAMP_SIZE];
	date_timestamp_utc(at);
	return k.write(k.to, at, actor, action, subject, detail, e);
}

int audit_add(struct store *s, const char *actor, const char *action, const char *subject, const char *detail,
              struct error *e)
{
	return audit_write(audit_to_store(s), actor, action, subject, detail, e);
}

int audit_queue_add(struct audit_queue *q, const char *actor, const char *action, const char *subject,
                    const char *detail, struct error *e)
{
	return audit_write(audit_to_queue(q), actor, action, subject, detail, e);
}

int audit_defer(struct store *s, struct audit_queue *q, struct error *e)
{
	struct audit_conn *c = NULL;
	int rc = audit_conn_of(s, &c, e);
	if (!rc)
		c->q = q;
	return rc;
}

/* ---- a change with a transaction of its own ---- */

int audit_with_commit(struct store *s, const char *actor, const char *action, const char *subject,
                      const char *detail, struct error *e)
{
	const char *parts[4] = { actor, action, subject, detail };
	struct audit_conn *c = NULL;
	int rc = audit_conn_of(s, &c, e);
	if (rc)
		return rc;
	pending_free(c);
	if (!(c->next = pack(parts)))
		return error_nomem(e);
	return 0;
}

int audit_with_commit_end(struct store *s, int rc, const struct error *why)
{
	struct audit_conn *c = s ? store_hooks_arg(s, &hooks) : NULL;
	if (!c || !c->next)
		return rc;
	if (rc) {
		store_rollback(s); /* a commit that failed leaves its transaction open */
		const char *actor = c->next, *action = actor + strlen(actor) + 1,
		           *subject = action + strlen(action) + 1, *detail = subject + strlen(subject) + 1;
		char refused[80], text[1100];
		struct error ae;
		snprintf(refused, sizeof refused, "%s-refused", action);
		snprintf(text, sizeof text, "%s why=%s", detail, why ? why->en : "");
		char *keep = c->next;
		c->next = NULL; /* not taken by the refusal's own commit */
		audit_add(s, actor, refused, subject, text, &ae);
		mem_free(keep);
	}
	pending_free(c);
	return rc;
}

/* ---- reading ---- */

struct each {
	int (*cb)(void *arg, const struct audit_row *r);
	void *arg;
};

static int each_one(void *arg, const struct audit_db_row *lr)
{
	struct each *x = arg;
	struct audit_row r = {
		lr->id, lr->at, lr->actor, lr->action, lr->subject, lr->detail, lr->mac[0] != '\0',
	};
	return x->cb(x->arg, &r);
}

int audit_each(struct store *s, int64_t last, int (*cb)(void *arg, const struct audit_row *r), void *arg,
               struct error *e)
{
	struct each x = { cb, arg };
	return audit_db_each(s, last, each_one, &x, e);
}
