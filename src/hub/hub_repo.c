/* hub_repo.c: the SQL of the data hub: catalogue versions, batches, rejects, records with their
 * history (valid from one batch to another), and facts. A batch's records take one run of ids
 * (batches.first_record..last_record), which is how a resource's records are found; keys and
 * persons are found through the (hash, record) tables hub_index.c fills. The facts ingest
 * derives are kept in their record by reference: a JSON array of the indexes of the resource
 * version's fact mappings (fact_maps) that gave one, whose kind, person, period, amount and
 * value are the record's own fields; so a fact is current exactly when its record is and
 * closing a record needs no write to its facts. The facts table keeps those linkage adds. The
 * exchange module calls these; no SQL lives outside store/. */
#include "base/date.h"
#include "base/buf.h"
#include "base/mem.h"
#include "hub/hub_index.h"
#include "hub/hub_repo.h"

enum hub_stmt {
	HS_BATCH_ADD,
	HS_BATCH_FINISH,
	HS_REJECT_ADD,
	HS_RECORD_BY_KEY,
	HS_RECORD_BY_ID,
	HS_RECORD_ADD,
	HS_RECORD_CLOSE,
	HS_RECORD_SEEN,
	HS_FACT_ADD,
	HS_COUNT
};

static const char *const hub_sql[HS_COUNT] = {
	[HS_BATCH_ADD] = "INSERT INTO batches (resource, version, file, sha256, mode, status, started_at) "
	                 "VALUES (?, ?, ?, ?, ?, 'loading', ?) RETURNING id",
	[HS_BATCH_FINISH] =
	    "UPDATE batches SET status = 'done', finished_at = ?, rows_read = ?, accepted = ?, "
	    "rejected = ?, inserted = ?, updated = ?, unchanged = ?, closed = ?, facts = ?, "
	    "unresolved_ids = ?, first_record = ?, last_record = ? WHERE id = ?",
	[HS_REJECT_ADD] = "INSERT INTO rejects (batch, line, field, reason) VALUES (?, ?, ?, ?)",
	/* whether a stored record is unchanged is told by its data itself: records of schema 8 keep
	 * no hash of it (16 bytes a record, a twentieth of what a batch writes) */
	[HS_RECORD_BY_KEY] = "SELECT r.id, r.data = ?4 FROM record_keys k JOIN records r ON r.id = k.record "
	                     "WHERE k.khash = ?1 AND r.to_batch IS NULL AND r.resource = ?2 AND r.rkey = ?3 "
	                     "ORDER BY r.id DESC LIMIT 1",
	[HS_RECORD_BY_ID] = "SELECT ?1, data = ?4 FROM records WHERE id = ?1 AND to_batch IS NULL AND "
	                    "resource = ?2 AND rkey = ?3",
	[HS_RECORD_ADD] =
	    "INSERT INTO records (id, resource, rkey, person, data, hash, from_batch, seen_batch, "
	    "line, facts) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?)",
	[HS_RECORD_CLOSE] = "UPDATE records SET to_batch = ? WHERE id = ?",
	[HS_RECORD_SEEN] = "UPDATE records SET seen_batch = ? WHERE id = ?",
	[HS_FACT_ADD] =
	    "INSERT INTO facts (person, kind, period, amount_fen, value, resource, batch, line, record) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
};

/* A batch's new records wait here and go in RECORDS_PER_INSERT to a statement (a quarter less
 * time than one by one); the batch gives them their ids, having the write lock. */
enum { RECORDS_PER_INSERT = 16, RECORD_COLUMNS = 9 };

struct waiting_record {
	int64_t id, line;
	size_t str[5]; /* resource, key, person, data, facts: offsets into bytes, SIZE_MAX for NULL */
	size_t len[5];
};

struct hub_db_batch {
	struct store *s;
	struct store_stmt *st[HS_COUNT];
	struct store_stmt *add_many;
	struct hub_index *ix; /* from hub_db_batch_add on */
	int64_t batch;
	int64_t first_record, last_record; /* the ids this batch added (0 while none) */
	int64_t next_id;
	uint64_t expect; /* rows the batch expects (0: unknown) */
	struct waiting_record waiting[RECORDS_PER_INSERT];
	size_t nwaiting;
	struct buf bytes;
};

/* one of the record's strings, bound without a copy: h->bytes stays as it is until the
 * statement has run */
static void bind_kept(struct hub_db_batch *h, struct store_stmt *st, int idx, const struct waiting_record *w,
                      int k)
{
	if (w->str[k] == SIZE_MAX)
		store_bind_null(st, idx);
	else
		store_bind_text_kept(st, idx, h->bytes.data + w->str[k], w->len[k]);
}

static void bind_waiting(struct hub_db_batch *h, struct store_stmt *st, int at,
                         const struct waiting_record *w)
{
	store_bind_int64(st, at + 1, w->id);
	for (int k = 0; k < 4; k++)
		bind_kept(h, st, at + 2 + k, w, k);
	store_bind_int64(st, at + 6, h->batch);
	store_bind_int64(st, at + 7, h->batch);
	store_bind_int64(st, at + 8, w->line);
	bind_kept(h, st, at + 9, w, 4);
}

/* Inserts the records waiting: before anything else reads or changes records. */
static int put_waiting(struct hub_db_batch *h, struct error *e)
{
	int rc = 0;
	if (h->nwaiting == RECORDS_PER_INSERT) {
		for (size_t i = 0; i < h->nwaiting; i++)
			bind_waiting(h, h->add_many, (int)i * RECORD_COLUMNS, &h->waiting[i]);
		rc = store_run(h->add_many, e);
	} else {
		for (size_t i = 0; rc == 0 && i < h->nwaiting; i++) {
			bind_waiting(h, h->st[HS_RECORD_ADD], 0, &h->waiting[i]);
			rc = store_run(h->st[HS_RECORD_ADD], e);
		}
	}
	h->nwaiting = 0;
	buf_reset(&h->bytes);
	return rc;
}

int hub_db_batch_open(struct store *s, struct hub_db_batch **out, struct error *e)
{
	struct hub_db_batch *h = mem_calloc(1, sizeof *h);
	if (!h)
		return error_nomem(e);
	h->s = s;
	buf_init(&h->bytes, (size_t)1 << 30);
	for (int i = 0; i < HS_COUNT; i++) {
		int rc = store_prepare(s, hub_sql[i], &h->st[i], e);
		if (rc) {
			hub_db_batch_close(h);
			return rc;
		}
	}
	struct buf sql = BUF_INIT(1 << 16);
	int rc = buf_adds(&sql, "INSERT INTO records (id, resource, rkey, person, data, hash, from_batch, "
	                        "seen_batch, line, facts) VALUES ");
	for (int i = 0; rc == 0 && i < RECORDS_PER_INSERT; i++)
		rc = buf_adds(&sql,
		              i ? ", (?, ?, ?, ?, ?, '', ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, '', ?, ?, ?, ?)");
	rc = rc ? error_nomem(e) : store_prepare(s, buf_cstr(&sql), &h->add_many, e);
	buf_release(&sql);
	if (rc) {
		hub_db_batch_close(h);
		return rc;
	}
	*out = h;
	return 0;
}

void hub_db_batch_close(struct hub_db_batch *h)
{
	if (!h)
		return;
	for (int i = 0; i < HS_COUNT; i++)
		store_finalize(h->st[i]);
	store_finalize(h->add_many);
	hub_index_close(h->ix);
	buf_release(&h->bytes);
	mem_free(h);
}

int hub_db_resource_put(struct store *s, const char *code, const char *name, const char *provider,
                        const char *spec, int *version, bool *changed, struct error *e)
{
	char *old = NULL;
	int v = 0;
	int rc = hub_db_resource_get(s, code, &old, &v, e);
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
	/* the version's fact mappings, which records of its batches refer to by index */
	if (rc || (rc = store_prepare(
	               s,
	               "INSERT INTO fact_maps SELECT v.code, v.version, f.key, f.value ->> 'kind', "
	               "f.value ->> 'person', f.value ->> 'period', f.value ->> 'amount', "
	               "f.value ->> 'value' FROM resource_versions v, json_each(v.spec, '$.facts') f "
	               "WHERE v.code = ? AND v.version = ?",
	               &st, e)))
		return rc;
	store_bind_str(st, 1, code);
	store_bind_int64(st, 2, *version);
	rc = store_run(st, e);
	store_finalize(st);
	return rc;
}

int hub_db_resource_get(struct store *s, const char *code, char **spec, int *version, struct error *e)
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

int hub_db_resource_each(struct store *s, int (*cb)(void *arg, const struct hub_db_resource_row *r),
                         void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "SELECT r.code, r.name, r.provider, r.version, "
	    /* current records from the batches' counts: an update closes one and adds one */
	    "(SELECT COALESCE(SUM(b.inserted - b.closed), 0) FROM batches b WHERE b.resource = r.code "
	    "  AND b.status = 'done'), "
	    "(SELECT COUNT(*) FROM batches b WHERE b.resource = r.code AND b.status = 'done'), "
	    "COALESCE((SELECT MAX(finished_at) FROM batches b WHERE b.resource = r.code), '') "
	    "FROM resources r ORDER BY r.code",
	    &st, e);
	if (rc)
		return rc;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct hub_db_resource_row r = {
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

int hub_db_resource_versions(struct store *s, const char *code,
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

int hub_db_batch_done_id(struct store *s, const char *resource, const char *sha256, int64_t *id,
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

int hub_db_batch_add(struct hub_db_batch *h, const char *resource, int version, const char *file,
                     const char *sha256, const char *mode, int64_t *id, struct error *e)
{
	struct store_stmt *st = h->st[HS_BATCH_ADD];
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	/* a resource no batch has given records yet: every key of this batch is new unless the
	 * batch itself gave it before */
	int64_t held = 0;
	int rc =
	    store_scalar(h->s, "SELECT EXISTS (SELECT 1 FROM batches WHERE resource = ? AND last_record > 0)",
	                 resource, &held, e);
	if (rc == 0 && !h->ix)
		rc = hub_index_open(h->s, held == 0, h->expect, &h->ix, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, resource);
	store_bind_int64(st, 2, version);
	store_bind_str(st, 3, file);
	store_bind_str(st, 4, sha256);
	store_bind_str(st, 5, mode);
	store_bind_str(st, 6, now);
	if ((rc = store_run_id(st, id, e)))
		return rc;
	h->batch = *id;
	/* the write lock is held from here on: no other writer adds records */
	if ((rc = store_scalar(h->s, "SELECT COALESCE(MAX(id), 0) + 1 FROM records", NULL, &h->next_id, e)))
		return rc;
	return 0;
}

int hub_db_batch_finish(struct hub_db_batch *h, int64_t id, const struct hub_db_batch_counts *c,
                        struct error *e)
{
	int rc = put_waiting(h, e);
	if (rc == 0 && h->ix)
		rc = hub_index_flush(h->ix, e);
	if (rc)
		return rc;
	struct store_stmt *st = h->st[HS_BATCH_FINISH];
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	const int64_t v[] = { c->read,      c->accepted, c->rejected, c->inserted,      c->updated,
		              c->unchanged, c->closed,   c->facts,    c->unresolved_ids };
	store_bind_str(st, 1, now);
	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		store_bind_int64(st, (int)i + 2, v[i]);
	int k = (int)ARRAY_SIZE(v) + 2;
	if (h->first_record) {
		store_bind_int64(st, k, h->first_record);
		store_bind_int64(st, k + 1, h->last_record);
	} else {
		store_bind_null(st, k);
		store_bind_null(st, k + 1);
	}
	store_bind_int64(st, k + 2, id);
	return store_run(st, e);
}

int hub_db_reject_add(struct hub_db_batch *h, int64_t batch, uint64_t line, const char *field,
                      const char *reason, struct error *e)
{
	struct store_stmt *st = h->st[HS_REJECT_ADD];
	store_bind_int64(st, 1, batch);
	store_bind_int64(st, 2, (int64_t)line);
	store_bind_str(st, 3, field);
	store_bind_str(st, 4, reason);
	return store_run(st, e);
}

/* one row of a lookup statement bound to (…, resource, key, data) giving (id, data is the same):
 * 1 found, 0 none */
static int lookup(struct store_stmt *st, const char *resource, const char *key, const char *data, int64_t *id,
                  bool *same, struct error *e)
{
	store_bind_str(st, 2, resource);
	store_bind_str(st, 3, key);
	store_bind_str(st, 4, data);
	int rc = store_step(st, e);
	int found = 0;
	if (rc == STORE_ROW) {
		*id = store_col_int64(st, 0);
		*same = store_col_int64(st, 1) == 1;
		found = 1;
	}
	store_reset(st);
	return rc < 0 ? rc : found;
}

void hub_db_batch_expect(struct hub_db_batch *h, uint64_t rows)
{
	h->expect = rows;
}

void hub_db_batch_prefetch(struct hub_db_batch *h, int64_t khash)
{
	if (h->ix)
		hub_index_prefetch(h->ix, khash);
}

int hub_db_record_current(struct hub_db_batch *h, const char *resource, const char *key, int64_t kh,
                          const char *data, int64_t *id, bool *same, struct error *e)
{
	if (h->ix && !hub_index_maybe_seen(h->ix, kh))
		return 0;
	int64_t pending = h->ix ? hub_index_pending(h->ix, kh) : 0;
	int rc = put_waiting(h, e);
	if (rc)
		return rc;
	if (pending) {
		struct store_stmt *st = h->st[HS_RECORD_BY_ID];
		store_bind_int64(st, 1, pending);
		if ((rc = lookup(st, resource, key, data, id, same, e)) != 0)
			return rc;
		/* another key with the same hash waits in the chunk: write the chunk, then ask the
		 * table, which holds every key */
		if ((rc = hub_index_flush(h->ix, e)))
			return rc;
	}
	struct store_stmt *st = h->st[HS_RECORD_BY_KEY];
	store_bind_int64(st, 1, kh);
	return lookup(st, resource, key, data, id, same, e);
}

static size_t keep(struct hub_db_batch *h, const char *str, size_t *len, bool *failed)
{
	if (!str)
		return SIZE_MAX;
	size_t off = h->bytes.len;
	*len = strlen(str);
	*failed = *failed || buf_add(&h->bytes, str, *len + 1);
	return off;
}

int hub_db_record_add(struct hub_db_batch *h, const struct hub_db_record_new *r, int64_t *id, struct error *e)
{
	if (!h->ix)
		return error_set(e, ERR_INVAL, "记录须属于一个批次", "a record must belong to a batch");
	if (h->nwaiting == RECORDS_PER_INSERT) {
		int rc = put_waiting(h, e);
		if (rc)
			return rc;
	}
	bool failed = false;
	struct waiting_record *w = &h->waiting[h->nwaiting];
	*w = (struct waiting_record){ .id = h->next_id, .line = (int64_t)r->line };
	const char *str[5] = { r->resource, r->key, r->person, r->data, r->facts };
	for (int k = 0; k < 5; k++)
		w->str[k] = keep(h, str[k], &w->len[k], &failed);
	if (failed)
		return error_nomem(e);
	h->nwaiting++;
	*id = h->next_id++;
	if (!h->first_record)
		h->first_record = *id;
	h->last_record = *id;
	return hub_index_add(h->ix, r->khash, *id, r->phash, r->npersons, e);
}

int hub_db_record_close(struct hub_db_batch *h, int64_t id, int64_t batch, struct error *e)
{
	int rc = put_waiting(h, e);
	if (rc)
		return rc;
	struct store_stmt *a = h->st[HS_RECORD_CLOSE];
	store_bind_int64(a, 1, batch);
	store_bind_int64(a, 2, id);
	return store_run(a, e);
}

int hub_db_record_seen(struct hub_db_batch *h, int64_t id, int64_t batch, struct error *e)
{
	int rc = put_waiting(h, e);
	if (rc)
		return rc;
	struct store_stmt *st = h->st[HS_RECORD_SEEN];
	store_bind_int64(st, 1, batch);
	store_bind_int64(st, 2, id);
	return store_run(st, e);
}

int hub_db_records_close_unseen(struct hub_db_batch *h, const char *resource, int64_t batch, int64_t *closed,
                                struct error *e)
{
	struct hub_db_ranges rs;
	int rc = put_waiting(h, e);
	if (rc)
		return rc;
	rc = hub_db_resource_ranges(h->s, resource, "", &rs, e);
	struct store_stmt *st = NULL;
	if (rc == 0)
		rc = store_prepare(
		    h->s,
		    "UPDATE records SET to_batch = ?1 WHERE id BETWEEN ?2 AND ?3 AND to_batch IS NULL "
		    "AND seen_batch <> ?1 RETURNING id",
		    &st, e);
	*closed = 0;
	for (size_t i = 0; rc == 0 && i < rs.n; i++) {
		if (rs.v[i].batch == batch)
			continue;
		store_bind_int64(st, 1, batch);
		store_bind_int64(st, 2, rs.v[i].first);
		store_bind_int64(st, 3, rs.v[i].last);
		while ((rc = store_step(st, e)) == STORE_ROW)
			(*closed)++;
		rc = rc < 0 ? rc : 0;
		store_reset(st);
	}
	store_finalize(st);
	hub_db_ranges_release(&rs);
	return rc;
}

int hub_db_fact_add(struct hub_db_batch *h, const char *resource, int64_t batch, const struct hub_db_fact *f,
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

/* The id ranges of a resource's batches that gave records, oldest first, of batches finished
 * at or after since ("" for all). */
int hub_db_resource_ranges(struct store *s, const char *resource, const char *since,
                           struct hub_db_ranges *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "SELECT id, first_record, last_record FROM batches WHERE resource = ? AND "
	                       "last_record > 0 AND COALESCE(finished_at, '') >= ? ORDER BY id",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, resource);
	store_bind_str(st, 2, since ? since : "");
	while ((rc = store_step(st, e)) == STORE_ROW) {
		if (out->n == out->cap) {
			size_t cap = out->cap ? 2 * out->cap : 16;
			struct hub_db_range *v = mem_realloc(out->v, cap * sizeof *v);
			if (!v) {
				rc = error_nomem(e);
				break;
			}
			out->v = v;
			out->cap = cap;
		}
		out->v[out->n++] = (struct hub_db_range){ store_col_int64(st, 0), store_col_int64(st, 1),
			                                  store_col_int64(st, 2) };
	}
	store_finalize(st);
	if (rc < 0)
		hub_db_ranges_release(out);
	return rc < 0 ? rc : 0;
}

void hub_db_ranges_release(struct hub_db_ranges *r)
{
	mem_free(r->v);
	memset(r, 0, sizeof *r);
}

int hub_db_count_records(struct store *s, const char *resource, int64_t *n, struct error *e)
{
	return resource ? store_scalar(
	                      s,
	                      "SELECT COUNT(*) FROM batches b JOIN records r ON r.id BETWEEN "
	                      "b.first_record AND b.last_record WHERE b.resource = ? AND r.to_batch IS NULL",
	                      resource, n, e)
	                : store_scalar(s, "SELECT COUNT(*) FROM records WHERE to_batch IS NULL", NULL, n, e);
}

int hub_db_count_facts(struct store *s, const char *kind, int64_t *n, struct error *e)
{
	/* a fact is current while the record it came from is: those kept in their record, and
	 * those in the facts table (added by linkage, or by batches before schema version 8) */
	return kind ? store_scalar(
	                  s,
	                  "SELECT (SELECT COUNT(*) FROM records r JOIN batches b ON b.id = r.from_batch, "
	                  "  json_each(r.facts) j JOIN fact_maps m ON m.resource = r.resource "
	                  "  AND m.version = b.version AND m.idx = j.value "
	                  "  WHERE r.to_batch IS NULL AND r.facts IS NOT NULL AND m.kind = ?1) + "
	                  "(SELECT COUNT(*) FROM facts f JOIN records r ON r.id = f.record "
	                  "  WHERE r.to_batch IS NULL AND f.kind = ?1)",
	                  kind, n, e)
	            : store_scalar(s,
	                           "SELECT (SELECT COALESCE(SUM(json_array_length(facts)), 0) FROM records "
	                           "  WHERE to_batch IS NULL AND facts IS NOT NULL) + "
	                           "(SELECT COUNT(*) FROM facts f JOIN records r ON r.id = f.record "
	                           "  WHERE r.to_batch IS NULL)",
	                           NULL, n, e);
}

int hub_db_batch_each(struct store *s, const char *resource, int64_t id,
                      int (*cb)(void *arg, const struct hub_db_batch_row *b), void *arg, struct error *e)
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
		struct hub_db_batch_row b = {
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

int hub_db_reject_each(struct store *s, int64_t batch, long limit,
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

/* a resource code or field name as it goes into SQL text: no quote, backslash or control */
static bool literal_ok(const char *t)
{
	for (; *t; t++)
		if (strchr("'\"\\", *t) || (unsigned char)*t < 0x20)
			return false;
	return true;
}

/* The register's terms as SQL text, written once for the indexes and the queries alike (an index
 * serves a query only on exactly its expression): the household number's expression, and the
 * condition that a record is a current register row. */
static void register_terms(const char *resource, const char *household_field, char expr[200], char where[100])
{
	snprintf(expr, 200, "json_extract(data, '$.\"%s\"')", household_field);
	snprintf(where, 100, "resource = '%s' AND to_batch IS NULL", resource);
}

int hub_db_register_prepare(struct store *s, const char *fmt, struct store_stmt **st, struct error *e)
{
	struct hub_register reg;
	int rc = hub_db_register_get(s, true, &reg, e);
	if (rc)
		return rc;
	char expr[200], where[100], sql[2048];
	register_terms(reg.resource, reg.household_field, expr, where);
	int n = snprintf(sql, sizeof sql, fmt, expr, where, reg.resource);
	if (n < 0 || (size_t)n >= sizeof sql)
		return error_set(e, ERR_TOOBIG, "查询过长", "the query is too long");
	return store_prepare(s, sql, st, e);
}

int hub_db_register_set(struct store *s, const char *resource, const char *household_field, struct error *e)
{
	if (!*resource || !literal_ok(resource) || !literal_ok(household_field) ||
	    strlen(resource) >= sizeof((struct hub_register *)0)->resource ||
	    strlen(household_field) >= sizeof((struct hub_register *)0)->household_field)
		return error_set(e, ERR_INVAL, "户籍登记资源 %s 或其户号字段名无法使用",
		                 "the register %s or its household field's name cannot be used", resource);
	struct hub_register now;
	struct error ignored;
	if (!hub_db_register_get(s, false, &now, &ignored) && !strcmp(now.resource, resource) &&
	    !strcmp(now.household_field, household_field))
		return 0; /* the same names: the indexes stand (building them holds the write lock) */
	char sql[1024], expr[200], where[100];
	register_terms(resource, household_field, expr, where);
	int rc = store_setting_set(s, "register_resource", resource, e);
	if (!rc)
		rc = store_setting_set(s, "register_household_field", household_field, e);
	snprintf(sql, sizeof sql,
	         "DROP INDEX IF EXISTS register_person; DROP INDEX IF EXISTS register_household; "
	         "CREATE INDEX register_person ON records (person) WHERE %s;",
	         where);
	if (!rc)
		rc = store_exec(s, sql, e);
	if (!rc && *household_field) {
		snprintf(sql, sizeof sql, "CREATE INDEX register_household ON records (%s) WHERE %s;", expr,
		         where);
		rc = store_exec(s, sql, e);
	}
	return rc;
}

int hub_db_region(struct store *s, char out[16], struct error *e)
{
	struct store_stmt *st;
	out[0] = '\0';
	int rc = store_prepare(s, "SELECT code FROM resources ORDER BY code", &st, e);
	if (rc)
		return rc;
	size_t n = 0;
	bool first = true;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		size_t len;
		const char *code = store_col_text(st, 0, &len);
		size_t d = strspn(code, "0123456789");
		if (first) {
			n = d < 15 ? d : 15;
			memcpy(out, code, n);
			first = false;
		}
		while (n > d || (n && memcmp(out, code, n)))
			n--;
	}
	store_finalize(st);
	out[n] = '\0';
	return rc;
}

int hub_db_register_get(struct store *s, bool need_household, struct hub_register *r, struct error *e)
{
	int rc = store_setting_get(s, "register_resource", r->resource, sizeof r->resource, e);
	if (rc == 0)
		rc = store_setting_get(s, "register_household_field", r->household_field,
		                       sizeof r->household_field, e);
	if (rc == ERR_NOTFOUND || (!rc && !r->resource[0]))
		return error_set(
		    e, ERR_NOTFOUND, "数据目录中的目录没有户籍登记资源：请导入含户籍登记的目录",
		    "the data folder's catalogue has no person register: import a catalogue with one");
	if (!rc && need_household && !r->household_field[0])
		return error_set(e, ERR_NOTFOUND, "户籍登记资源 %s 没有指明户号字段（household_field）",
		                 "the register %s names no household field (household_field)", r->resource);
	return rc;
}
