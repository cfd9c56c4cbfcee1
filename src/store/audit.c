/* audit.c: the audit log no one can quietly alter: entries are only ever added (triggers refuse
 * UPDATE and DELETE), and each carries the SHA-256 of the previous entry's hash and its own
 * fields, so removing or editing one by going around the triggers breaks the chain, which
 * store_audit_check finds. It records who read or changed whose data, for what; never the
 * data itself. */
#include <sodium.h>

#include "base/date.h"
#include "base/mem.h"
#include "store/store_int.h"

void store_audit_entry_hash(const char *prev, const char *at, const char *actor, const char *action,
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

int store_audit_last_hash(struct store *s, char prev[65], struct error *e)
{
	struct store_stmt *st;
	prev[0] = '\0';
	int rc = store_prepare(s, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", &st, e);
	if (rc)
		return rc;
	if ((rc = store_step(st, e)) == STORE_ROW)
		store_col_copy(st, 0, prev, 65);
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int store_audit_chain(struct store *s, char prev[65], const char *at, const char *actor, const char *action,
                      const char *subject, const char *detail, struct error *e)
{
	char hash[65], mac[65];
	struct store_stmt *st;
	store_audit_entry_hash(prev, at, actor, action, subject, detail, hash);
	int rc = store_audit_mac(s, hash, mac, e);
	if (rc)
		return rc;
	rc = store_prepare(
	    s,
	    "INSERT INTO audit_log (at, actor, action, subject, detail, prev, hash, mac) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?)",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, at);
	store_bind_str(st, 2, actor);
	store_bind_str(st, 3, action);
	store_bind_str(st, 4, subject);
	store_bind_str(st, 5, detail);
	store_bind_str(st, 6, prev);
	store_bind_str(st, 7, hash);
	store_bind_str(st, 8, mac);
	rc = store_run(st, e);
	store_finalize(st);
	if (!rc)
		memcpy(prev, hash, 65);
	return rc;
}

int store_audit_append_at(struct store *s, const char *at, const char *actor, const char *action,
                          const char *subject, const char *detail, struct error *e)
{
	char prev[65];
	int rc = store_audit_last_hash(s, prev, e);
	return rc ? rc : store_audit_chain(s, prev, at, actor, action, subject, detail, e);
}

int store_audit_check(struct store *s, int64_t *entries, int64_t *first_bad, struct error *e)
{
	struct store_stmt *st;
	*entries = 0;
	*first_bad = 0;
	int rc = store_prepare(
	    s, "SELECT id, at, actor, action, subject, detail, prev, hash FROM audit_log ORDER BY id", &st,
	    e);
	if (rc)
		return rc;
	char prev[65] = "";
	while ((rc = store_step(st, e)) == STORE_ROW) {
		const char *f[8];
		for (int i = 1; i < 8; i++)
			f[i] = store_col_text(st, i, NULL);
		char want[65];
		store_audit_entry_hash(prev, f[1], f[2], f[3], f[4], f[5], want);
		(*entries)++;
		if (strcmp(f[6], prev) || strcmp(f[7], want)) {
			*first_bad = store_col_int64(st, 0);
			break;
		}
		snprintf(prev, sizeof prev, "%s", f[7]);
	}
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int store_audit_queue_add(struct store_audit_queue *q, const char *actor, const char *action,
                          const char *subject, const char *detail, struct error *e)
{
	char at[TIMESTAMP_SIZE];
	date_timestamp_utc(at);
	return store_audit_enqueue(q, at, actor, action, subject, detail, e);
}

int store_audit_add(struct store *s, const char *actor, const char *action, const char *subject,
                    const char *detail, struct error *e)
{
	char at[TIMESTAMP_SIZE];
	date_timestamp_utc(at);
	if (s->audit_q && (!s->in_tx || s->read_tx))
		return store_audit_enqueue(s->audit_q, at, actor, action, subject, detail, e);
	/* reading the last hash and appending are one step under the write lock, so two
	 * connections (the server and a command) never chain two entries to the same one */
	if (store_in_transaction(s))
		return store_audit_append_at(s, at, actor, action, subject, detail, e);
	int rc = store_begin(s, e);
	if (rc)
		return rc;
	if ((rc = store_audit_append_at(s, at, actor, action, subject, detail, e))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}

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

void store_audit_pending_free(struct store *s)
{
	mem_free(s->audit_next);
	s->audit_next = NULL;
}

int store_audit_with_commit(struct store *s, const char *actor, const char *action, const char *subject,
                            const char *detail, struct error *e)
{
	const char *parts[4] = { actor, action, subject, detail };
	store_audit_pending_free(s);
	if (!(s->audit_next = pack(parts)))
		return error_nomem(e);
	return 0;
}

int store_audit_commit_pending(struct store *s, struct error *e)
{
	const char *actor = s->audit_next, *action = actor + strlen(actor) + 1,
	           *subject = action + strlen(action) + 1, *detail = subject + strlen(subject) + 1;
	char at[TIMESTAMP_SIZE];
	date_timestamp_utc(at);
	/* kept until the COMMIT succeeds (store_commit frees it): a COMMIT that fails still finds
	 * the entry, to be written as refused after the rollback */
	return store_audit_append_at(s, at, actor, action, subject, detail, e);
}

int store_audit_with_commit_end(struct store *s, int rc, const struct error *why)
{
	if (!s || !s->audit_next)
		return rc;
	if (rc) {
		store_rollback(s); /* a commit that failed leaves its transaction open */
		const char *actor = s->audit_next, *action = actor + strlen(actor) + 1,
		           *subject = action + strlen(action) + 1, *detail = subject + strlen(subject) + 1;
		char refused[80], text[1100];
		struct error ae;
		snprintf(refused, sizeof refused, "%s-refused", action);
		snprintf(text, sizeof text, "%s why=%s", detail, why ? why->en : "");
		char *keep = s->audit_next;
		s->audit_next = NULL; /* not taken by the refusal's own commit */
		store_audit_add(s, actor, refused, subject, text, &ae);
		mem_free(keep);
	}
	store_audit_pending_free(s);
	return rc;
}

int store_audit_each(struct store *s, int64_t last, int (*cb)(void *arg, const struct store_audit_row *r),
                     void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "SELECT id, at, actor, action, subject, detail, mac != '' FROM audit_log WHERE id > "
	    "(SELECT coalesce(max(id), 0) FROM audit_log) - ? ORDER BY id",
	    &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, last > 0 ? last : INT64_MAX);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct store_audit_row r = {
			store_col_int64(st, 0),      store_col_text(st, 1, NULL), store_col_text(st, 2, NULL),
			store_col_text(st, 3, NULL), store_col_text(st, 4, NULL), store_col_text(st, 5, NULL),
			store_col_int64(st, 6) != 0,
		};
		if ((rc = cb(arg, &r)))
			break;
	}
	store_finalize(st);
	return rc < 0 ? rc : 0;
}
