/* audit_repo.c: the SQL of the audit_log table, rows in and out and nothing more: what an entry
 * means, its hash chain, its MAC and when it is written are audit/'s (src/audit/). The table's
 * triggers (store/migrate.c) refuse UPDATE and DELETE. */
#include "audit/audit_repo.h"

int audit_db_last(struct store *s, int64_t *id, char hash[65], struct error *e)
{
	struct store_stmt *st;
	*id = 0;
	hash[0] = '\0';
	int rc = store_prepare(s, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", &st, e);
	if (rc)
		return rc;
	if ((rc = store_step(st, e)) == STORE_ROW) {
		*id = store_col_int64(st, 0);
		store_col_copy(st, 1, hash, 65);
	}
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int audit_db_append(struct store *s, const struct audit_db_row *r, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "INSERT INTO audit_log (at, actor, action, subject, detail, prev, hash, mac) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?)",
	    &st, e);
	if (rc)
		return rc;
	const char *v[] = { r->at, r->actor, r->action, r->subject, r->detail, r->prev, r->hash, r->mac };
	for (int i = 0; i < (int)ARRAY_SIZE(v); i++)
		store_bind_str(st, i + 1, v[i]);
	rc = store_run(st, e);
	store_finalize(st);
	return rc;
}

int audit_db_each(struct store *s, int64_t last, int (*cb)(void *arg, const struct audit_db_row *r),
                  void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "SELECT id, at, actor, action, subject, detail, prev, hash, mac FROM audit_log "
	                  "WHERE id > (SELECT coalesce(max(id), 0) FROM audit_log) - ? ORDER BY id",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, last > 0 ? last : INT64_MAX);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct audit_db_row r = { .id = store_col_int64(st, 0) };
		const char **f[] = { &r.at,     &r.actor, &r.action, &r.subject,
			             &r.detail, &r.prev,  &r.hash,   &r.mac };
		for (int i = 0; i < (int)ARRAY_SIZE(f); i++)
			*f[i] = store_col_text(st, i + 1, NULL);
		if ((rc = cb(arg, &r)))
			break;
	}
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int audit_db_hash(struct store *s, int64_t id, char hash[65], struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "SELECT hash FROM audit_log WHERE id = ?", &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, id);
	if ((rc = store_step(st, e)) == STORE_ROW)
		store_col_copy(st, 0, hash, 65);
	store_finalize(st);
	return rc;
}
