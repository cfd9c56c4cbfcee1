/* hub.c: the SQL of the data hub: catalogue versions, batches, rejects, records with their
 * history (valid from one batch to another), and facts. A fact is current exactly when the
 * record it came from is, so closing a record needs no write to its facts. The exchange
 * module calls these; no SQL lives outside store/. */
#include "base/date.h"
#include "base/mem.h"
#include "store/store_int.h"

enum hub_stmt {
	HS_BATCH_ADD,
	HS_BATCH_FINISH,
	HS_REJECT_ADD,
	HS_RECORD_CURRENT,
	HS_RECORD_ADD,
	HS_RECORD_CLOSE,
	HS_RECORD_SEEN,
	HS_CLOSE_UNSEEN,
	HS_FACT_ADD,
	HS_COUNT
};

static const char *const hub_sql[HS_COUNT] = {
	[HS_BATCH_ADD] = "INSERT INTO batches (resource, version, file, sha256, mode, status, started_at) "
	                 "VALUES (?, ?, ?, ?, ?, 'loading', ?) RETURNING id",
	[HS_BATCH_FINISH] =
	    "UPDATE batches SET status = 'done', finished_at = ?, rows_read = ?, accepted = ?, "
	    "rejected = ?, inserted = ?, updated = ?, unchanged = ?, closed = ?, facts = ?, "
	    "unresolved_ids = ? WHERE id = ?",
	[HS_REJECT_ADD] = "INSERT INTO rejects (batch, line, field, reason) VALUES (?, ?, ?, ?)",
	[HS_RECORD_CURRENT] =
	    "SELECT id, hash FROM records WHERE resource = ? AND rkey = ? AND to_batch IS NULL",
	[HS_RECORD_ADD] =
	    "INSERT INTO records (resource, rkey, person, data, hash, from_batch, seen_batch, line) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[HS_RECORD_CLOSE] = "UPDATE records SET to_batch = ? WHERE id = ?",
	[HS_RECORD_SEEN] = "UPDATE records SET seen_batch = ? WHERE id = ?",
	[HS_CLOSE_UNSEEN] =
	    "UPDATE records SET to_batch = ? WHERE resource = ? AND to_batch IS NULL AND seen_batch <> ? "
	    "RETURNING id",
	[HS_FACT_ADD] =
	    "INSERT INTO facts (person, kind, period, amount_fen, value, resource, batch, line, record) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
};

struct store_hub {
	struct store *s;
	struct store_stmt *st[HS_COUNT];
};

int store_hub_open(struct store *s, struct store_hub **out, struct error *e)
{
	struct store_hub *h = mem_calloc(1, sizeof *h);
	if (!h)
		return error_nomem(e);
	h->s = s;
	/* a batch is one transaction: room for its pages keeps them out of the WAL until commit
	 * (192 MB: 256 MB gave the same speed on 10 M rows and a peak of 495 MiB, too near the
	 * 512 MB an ingest may use) */
	store_exec(s, "PRAGMA cache_size = -196608", NULL);
	for (int i = 0; i < HS_COUNT; i++) {
		int rc = store_prepare(s, hub_sql[i], &h->st[i], e);
		if (rc) {
			store_hub_close(h);
			return rc;
		}
	}
	*out = h;
	return 0;
}

void store_hub_close(struct store_hub *h)
{
	if (!h)
		return;
	store_exec(h->s, "PRAGMA cache_size = -65536", NULL);
	for (int i = 0; i < HS_COUNT; i++)
		store_finalize(h->st[i]);
	mem_free(h);
}

int store_resource_put(struct store *s, const char *code, const char *name, const char *provider,
                       const char *spec, int *version, bool *changed, struct error *e)
{
	char *old = NULL;
	int v = 0;
	int rc = store_resource_get(s, code, &old, &v, e);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	*changed = !old || strcmp(old, spec) != 0;
	mem_free(old);
	*version = v;
	if (!*changed)
		return 0;
	*version = v + 1;
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st = NULL;
	rc = store_prepare(
	    s,
	    "INSERT INTO resources (code, version, name, provider, spec, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (code) DO UPDATE SET version = excluded.version, name = excluded.name, "
	    "provider = excluded.provider, spec = excluded.spec, updated_at = excluded.updated_at",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, code);
	store_bind_int64(st, 2, *version);
	store_bind_str(st, 3, name);
	store_bind_str(st, 4, provider);
	store_bind_str(st, 5, spec);
	store_bind_str(st, 6, now);
	rc = store_run(st, e);
	store_finalize(st);
	if (rc ||
	    (rc = store_prepare(
	         s, "INSERT INTO resource_versions (code, version, spec, imported_at) VALUES (?, ?, ?, ?)",
	         &st, e)))
		return rc;
	store_bind_str(st, 1, code);
	store_bind_int64(st, 2, *version);
	store_bind_str(st, 3, spec);
	store_bind_str(st, 4, now);
	rc = store_run(st, e);
	store_finalize(st);
	return rc;
}

int store_resource_get(struct store *s, const char *code, char **spec, int *version, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "SELECT spec, version FROM resources WHERE code = ?", &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, code);
	rc = store_step(st, e);
	*spec = NULL;
	if (rc == STORE_ROW) {
		size_t n;
		const char *t = store_col_text(st, 0, &n);
		*spec = mem_strndup(t ? t : "", t ? n : 0);
		*version = (int)store_col_int64(st, 1);
		rc = *spec ? 0 : error_nomem(e);
	} else if (rc == STORE_DONE) {
		rc = error_set(
		    e, ERR_NOTFOUND, "目录中没有资源 %s，请先导入目录（safetynet catalog import）",
		    "the catalogue has no resource %s: import the catalogue first (safetynet catalog import)",
		    code);
	}
	store_finalize(st);
	return rc;
}

int store_resource_each(struct store *s, int (*cb)(void *arg, const struct store_resource_row *r), void *arg,
                        struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "SELECT r.code, r.name, r.provider, r.version, "
	    "(SELECT COUNT(*) FROM records c WHERE c.resource = r.code AND c.to_batch IS NULL), "
	    "(SELECT COUNT(*) FROM batches b WHERE b.resource = r.code AND b.status = 'done'), "
	    "COALESCE((SELECT MAX(finished_at) FROM batches b WHERE b.resource = r.code), '') "
	    "FROM resources r ORDER BY r.code",
	    &st, e);
	if (rc)
		return rc;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct store_resource_row r = {
			store_col_text(st, 0, NULL), store_col_text(st, 1, NULL), store_col_text(st, 2, NULL),
			(int)store_col_int64(st, 3), store_col_int64(st, 4),      store_col_int64(st, 5),
			store_col_text(st, 6, NULL),
		};
		if (cb(arg, &r))
			break;
	}
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int store_resource_versions(struct store *s, const char *code,
                            int (*cb)(void *arg, int version, const char *imported_at), void *arg,
                            struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s, "SELECT version, imported_at FROM resource_versions WHERE code = ? ORDER BY version", &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, code);
	while ((rc = store_step(st, e)) == STORE_ROW)
		if (cb(arg, (int)store_col_int64(st, 0), store_col_text(st, 1, NULL)))
			break;
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int store_batch_done_id(struct store *s, const char *resource, const char *sha256, int64_t *id,
                        struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s, "SELECT id FROM batches WHERE resource = ? AND sha256 = ? AND status = 'done'", &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, resource);
	store_bind_str(st, 2, sha256);
	rc = store_step(st, e);
	*id = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int store_batch_add(struct store_hub *h, const char *resource, int version, const char *file,
                    const char *sha256, const char *mode, int64_t *id, struct error *e)
{
	struct store_stmt *st = h->st[HS_BATCH_ADD];
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	store_bind_str(st, 1, resource);
	store_bind_int64(st, 2, version);
	store_bind_str(st, 3, file);
	store_bind_str(st, 4, sha256);
	store_bind_str(st, 5, mode);
	store_bind_str(st, 6, now);
	return store_run_id(st, id, e);
}

int store_batch_finish(struct store_hub *h, int64_t id, const struct store_batch_counts *c, struct error *e)
{
	struct store_stmt *st = h->st[HS_BATCH_FINISH];
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	const int64_t v[] = { c->read,      c->accepted, c->rejected, c->inserted,      c->updated,
		              c->unchanged, c->closed,   c->facts,    c->unresolved_ids };
	store_bind_str(st, 1, now);
	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		store_bind_int64(st, (int)i + 2, v[i]);
	store_bind_int64(st, (int)ARRAY_SIZE(v) + 2, id);
	return store_run(st, e);
}

int store_reject_add(struct store_hub *h, int64_t batch, uint64_t line, const char *field, const char *reason,
                     struct error *e)
{
	struct store_stmt *st = h->st[HS_REJECT_ADD];
	store_bind_int64(st, 1, batch);
	store_bind_int64(st, 2, (int64_t)line);
	store_bind_str(st, 3, field);
	store_bind_str(st, 4, reason);
	return store_run(st, e);
}

int store_record_current(struct store_hub *h, const char *resource, const char *key, int64_t *id,
                         char hash[17], struct error *e)
{
	struct store_stmt *st = h->st[HS_RECORD_CURRENT];
	store_bind_str(st, 1, resource);
	store_bind_str(st, 2, key);
	int rc = store_step(st, e);
	int found = 0;
	if (rc == STORE_ROW) {
		*id = store_col_int64(st, 0);
		const char *hs = store_col_text(st, 1, NULL);
		snprintf(hash, 17, "%s", hs ? hs : "");
		found = 1;
	}
	store_reset(st);
	return rc < 0 ? rc : found;
}

int store_record_add(struct store_hub *h, const char *resource, const char *key, const char *person,
                     const char *data, const char *hash, int64_t batch, uint64_t line, int64_t *id,
                     struct error *e)
{
	struct store_stmt *st = h->st[HS_RECORD_ADD];
	store_bind_str(st, 1, resource);
	store_bind_str(st, 2, key);
	store_bind_str(st, 3, person);
	store_bind_str(st, 4, data);
	store_bind_str(st, 5, hash);
	store_bind_int64(st, 6, batch);
	store_bind_int64(st, 7, batch);
	store_bind_int64(st, 8, (int64_t)line);
	return store_run_id(st, id, e);
}

int store_record_close(struct store_hub *h, int64_t id, int64_t batch, struct error *e)
{
	struct store_stmt *a = h->st[HS_RECORD_CLOSE];
	store_bind_int64(a, 1, batch);
	store_bind_int64(a, 2, id);
	return store_run(a, e);
}

int store_record_seen(struct store_hub *h, int64_t id, int64_t batch, struct error *e)
{
	struct store_stmt *st = h->st[HS_RECORD_SEEN];
	store_bind_int64(st, 1, batch);
	store_bind_int64(st, 2, id);
	return store_run(st, e);
}

int store_records_close_unseen(struct store_hub *h, const char *resource, int64_t batch, int64_t *closed,
                               struct error *e)
{
	struct store_stmt *r = h->st[HS_CLOSE_UNSEEN];
	int rc;
	store_bind_int64(r, 1, batch);
	store_bind_str(r, 2, resource);
	store_bind_int64(r, 3, batch);
	*closed = 0;
	while ((rc = store_step(r, e)) == STORE_ROW)
		(*closed)++;
	store_reset(r);
	return rc < 0 ? rc : 0;
}

int store_fact_add(struct store_hub *h, const char *resource, int64_t batch, const struct store_fact *f,
                   struct error *e)
{
	struct store_stmt *st = h->st[HS_FACT_ADD];
	store_bind_str(st, 1, f->person);
	store_bind_str(st, 2, f->kind);
	store_bind_str(st, 3, f->period);
	if (f->has_amount)
		store_bind_int64(st, 4, f->amount_fen);
	else
		store_bind_null(st, 4);
	store_bind_str(st, 5, f->value);
	store_bind_str(st, 6, resource);
	store_bind_int64(st, 7, batch);
	store_bind_int64(st, 8, (int64_t)f->line);
	store_bind_int64(st, 9, f->record);
	return store_run(st, e);
}

int store_count_records(struct store *s, const char *resource, int64_t *n, struct error *e)
{
	return resource
	           ? store_scalar(s, "SELECT COUNT(*) FROM records WHERE to_batch IS NULL AND resource = ?",
	                          resource, n, e)
	           : store_scalar(s, "SELECT COUNT(*) FROM records WHERE to_batch IS NULL", NULL, n, e);
}

int store_count_facts(struct store *s, const char *kind, int64_t *n, struct error *e)
{
	/* a fact is current while the record it came from is */
	return kind
	           ? store_scalar(s,
	                          "SELECT COUNT(*) FROM facts f JOIN records r ON r.id = f.record "
	                          "WHERE r.to_batch IS NULL AND f.kind = ?",
	                          kind, n, e)
	           : store_scalar(
	                 s,
	                 "SELECT COUNT(*) FROM facts f JOIN records r ON r.id = f.record WHERE r.to_batch IS NULL",
	                 NULL, n, e);
}

int store_batch_each(struct store *s, const char *resource, int64_t id,
                     int (*cb)(void *arg, const struct store_batch_row *b), void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "SELECT id, resource, file, sha256, mode, status, started_at, COALESCE(finished_at, ''), "
	    "rows_read, accepted, rejected, inserted, updated, unchanged, closed, facts, unresolved_ids "
	    "FROM batches WHERE (? = '' OR resource = ?) AND (? = 0 OR id = ?) ORDER BY id DESC",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, resource ? resource : "");
	store_bind_str(st, 2, resource ? resource : "");
	store_bind_int64(st, 3, id);
	store_bind_int64(st, 4, id);
	int seen = 0;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct store_batch_row b = {
			store_col_int64(st, 0),      store_col_text(st, 1, NULL), store_col_text(st, 2, NULL),
			store_col_text(st, 3, NULL), store_col_text(st, 4, NULL), store_col_text(st, 5, NULL),
			store_col_text(st, 6, NULL), store_col_text(st, 7, NULL), { 0 }
		};
		int64_t *c[] = { &b.n.read,     &b.n.accepted, &b.n.rejected,
			         &b.n.inserted, &b.n.updated,  &b.n.unchanged,
			         &b.n.closed,   &b.n.facts,    &b.n.unresolved_ids };
		for (size_t k = 0; k < ARRAY_SIZE(c); k++)
			*c[k] = store_col_int64(st, (int)k + 8);
		seen++;
		if (cb(arg, &b))
			break;
	}
	store_finalize(st);
	if (rc >= 0 && id && !seen)
		return error_set(e, ERR_NOTFOUND, "没有批次 %" PRId64, "no batch %" PRId64, id);
	return rc < 0 ? rc : 0;
}

int store_reject_each(struct store *s, int64_t batch, long limit,
                      int (*cb)(void *arg, uint64_t line, const char *field, const char *reason), void *arg,
                      struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s, "SELECT line, field, reason FROM rejects WHERE batch = ? ORDER BY line LIMIT ?", &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, batch);
	store_bind_int64(st, 2, limit);
	while ((rc = store_step(st, e)) == STORE_ROW)
		if (cb(arg, (uint64_t)store_col_int64(st, 0), store_col_text(st, 1, NULL),
		       store_col_text(st, 2, NULL)))
			break;
	store_finalize(st);
	return rc < 0 ? rc : 0;
}
