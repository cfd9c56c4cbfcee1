/* link_repo.c: the SQL of person linkage: the persons of the register (kept by the register's key,
 * so their ids are stable), the model versions, one link per record and ID field with its
 * outcome, score and evidence, and the reviewers' decisions, which are only ever added. */
#include "base/date.h"
#include "base/mem.h"
#include "link/link_repo.h"
#include "hub/hub_repo.h"

enum link_stmt { LS_PERSON_PUT, LS_LINK_PUT, LS_FACTS_DELETE, LS_COUNT };

static const char *const link_sql[LS_COUNT] = {
	[LS_PERSON_PUT] =
	    "INSERT INTO persons (rkey, idno, id_valid, name, sex, birth, county, record, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rkey) DO UPDATE SET idno = excluded.idno, "
	    "id_valid = excluded.id_valid, name = excluded.name, sex = excluded.sex, birth = excluded.birth, "
	    "county = excluded.county, record = excluded.record, updated_at = excluded.updated_at "
	    "RETURNING id",
	[LS_LINK_PUT] =
	    ("INSERT OR REPLACE INTO links (record, field, person, outcome, method, reason, score, "
	     "model, evidence, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
	[LS_FACTS_DELETE] = "DELETE FROM facts WHERE person = ? AND record = ?",
};

struct lk_db_run {
	struct store *s;
	struct store_stmt *st[LS_COUNT];
	char now[TIMESTAMP_SIZE];
};

int lk_db_run_open(struct store *s, struct lk_db_run **out, struct error *e)
{
	struct lk_db_run *l = mem_calloc(1, sizeof *l);
	if (!l)
		return error_nomem(e);
	l->s = s;
	date_timestamp_utc(l->now);
	for (int i = 0; i < LS_COUNT; i++) {
		int rc = store_prepare(s, link_sql[i], &l->st[i], e);
		if (rc) {
			lk_db_run_close(l);
			return rc;
		}
	}
	*out = l;
	return 0;
}

void lk_db_run_close(struct lk_db_run *l)
{
	if (!l)
		return;
	for (int i = 0; i < LS_COUNT; i++)
		store_finalize(l->st[i]);
	mem_free(l);
}

int lk_db_person_put(struct lk_db_run *l, const struct lk_db_person *p, int64_t *id, struct error *e)
{
	struct store_stmt *st = l->st[LS_PERSON_PUT];
	store_bind_str(st, 1, p->rkey);
	store_bind_str(st, 2, p->idno);
	store_bind_int64(st, 3, p->id_valid);
	store_bind_str(st, 4, p->name);
	store_bind_str(st, 5, p->sex);
	store_bind_str(st, 6, p->birth);
	store_bind_str(st, 7, p->county);
	store_bind_int64(st, 8, p->record);
	store_bind_str(st, 9, l->now);
	return store_run_id(st, id, e);
}

int lk_db_link_put(struct lk_db_run *l, const struct lk_db_link_row *r, struct error *e)
{
	struct store_stmt *st = l->st[LS_LINK_PUT];
	store_bind_int64(st, 1, r->record);
	store_bind_str(st, 2, r->field);
	if (r->person)
		store_bind_int64(st, 3, r->person);
	else
		store_bind_null(st, 3);
	store_bind_str(st, 4, r->outcome);
	store_bind_str(st, 5, r->method);
	store_bind_str(st, 6, r->reason ? r->reason : "");
	/* the score in thousandths of a bit (the store binds no doubles) */
	store_bind_int64(st, 7, (int64_t)(r->score * 1000));
	store_bind_int64(st, 8, r->model);
	store_bind_str(st, 9, r->evidence ? r->evidence : "{}");
	store_bind_str(st, 10, l->now);
	return store_run(st, e);
}

int lk_db_link_facts_delete(struct lk_db_run *l, int64_t record, const char *person, struct error *e)
{
	struct store_stmt *st = l->st[LS_FACTS_DELETE];
	store_bind_str(st, 1, person);
	store_bind_int64(st, 2, record);
	return store_run(st, e);
}

int lk_db_person_each(struct store *s, int (*cb)(void *arg, const struct lk_db_person *p), void *arg,
                      struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s, "SELECT id, rkey, idno, id_valid, name, sex, birth, county, record FROM persons ORDER BY id",
	    &st, e);
	if (rc)
		return rc;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct lk_db_person p = {
			store_col_int64(st, 0),      store_col_text(st, 1, NULL), store_col_text(st, 2, NULL),
			store_col_int64(st, 3) != 0, store_col_text(st, 4, NULL), store_col_text(st, 5, NULL),
			store_col_text(st, 6, NULL), store_col_text(st, 7, NULL), store_col_int64(st, 8),
		};
		if (cb(arg, &p))
			break;
	}
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int lk_db_records_each(struct store *s, const char *resource, int64_t batch,
                       int (*cb)(void *arg, const struct lk_db_record_row *r), void *arg, struct error *e)
{
	struct hub_db_ranges rs;
	int rc = hub_db_resource_ranges(s, resource, "", &rs, e);
	if (rc)
		return rc;
	struct store_stmt *st;
	if ((rc = store_prepare(
	         s,
	         "SELECT id, rkey, data, from_batch, line, person FROM records WHERE id BETWEEN ? "
	         "AND ? AND to_batch IS NULL AND resource = ? ORDER BY id",
	         &st, e))) {
		hub_db_ranges_release(&rs);
		return rc;
	}
	for (size_t i = 0; rc == 0 && i < rs.n; i++) {
		if (batch && rs.v[i].batch != batch)
			continue;
		store_bind_int64(st, 1, rs.v[i].first);
		store_bind_int64(st, 2, rs.v[i].last);
		store_bind_str(st, 3, resource);
		while ((rc = store_step(st, e)) == STORE_ROW) {
			struct lk_db_record_row r = {
				store_col_int64(st, 0),           store_col_text(st, 1, NULL),
				store_col_text(st, 2, NULL),      store_col_int64(st, 3),
				(uint64_t)store_col_int64(st, 4), store_col_text(st, 5, NULL)
			};
			if ((rc = cb(arg, &r)))
				break;
		}
		if (rc == STORE_DONE)
			rc = 0;
		store_reset(st);
	}
	store_finalize(st);
	hub_db_ranges_release(&rs);
	return rc < 0 ? rc : 0;
}

int lk_db_record_at_line(struct store *s, const char *resource, uint64_t line, int64_t *id, struct error *e)
{
	struct hub_db_ranges rs;
	int rc = hub_db_resource_ranges(s, resource, "", &rs, e);
	if (rc)
		return rc;
	struct store_stmt *st;
	if ((rc = store_prepare(
	         s,
	         "SELECT id FROM records WHERE id BETWEEN ? AND ? AND resource = ? AND line = ? "
	         "AND to_batch IS NULL ORDER BY id DESC LIMIT 1",
	         &st, e))) {
		hub_db_ranges_release(&rs);
		return rc;
	}
	*id = 0;
	/* the newest batch first */
	for (size_t i = rs.n; rc == 0 && !*id && i-- > 0;) {
		store_bind_int64(st, 1, rs.v[i].first);
		store_bind_int64(st, 2, rs.v[i].last);
		store_bind_str(st, 3, resource);
		store_bind_int64(st, 4, (int64_t)line);
		rc = store_step(st, e);
		if (rc == STORE_ROW)
			*id = store_col_int64(st, 0);
		rc = rc < 0 ? rc : 0;
		store_reset(st);
	}
	store_finalize(st);
	hub_db_ranges_release(&rs);
	return rc;
}

int lk_db_links_clear_machine(struct store *s, struct error *e)
{
	/* the facts automatic links gave go with them (found through the person index) */
	int rc = store_exec(
	    s,
	    "DELETE FROM facts WHERE id IN (SELECT f.id FROM links l JOIN persons p ON p.id = l.person "
	    "JOIN facts f ON f.person = p.idno AND f.record = l.record WHERE l.outcome = 'auto')",
	    e);
	return rc ? rc : store_exec(s, "DELETE FROM links WHERE outcome NOT IN ('accepted', 'rejected')", e);
}

int lk_db_link_each(struct store *s, const char *outcome, int64_t record, long limit,
                    int (*cb)(void *arg, const struct lk_db_link_view *v), void *arg, struct error *e)
{
	struct store_stmt *st;
	/* one statement per use, so each can use its index (the primary key by record, or by outcome) */
	char sql[1024];
	snprintf(sql, sizeof sql, "%s%s",
	         "SELECT l.record, l.field, COALESCE(l.person, 0), l.outcome, l.method, l.reason, l.score, "
	         "COALESCE(l.model, 0), l.evidence, r.resource, r.data, r.line, COALESCE(p.idno, ''), "
	         "COALESCE(p.name, ''), r.from_batch FROM links l JOIN records r ON r.id = l.record "
	         "LEFT JOIN persons p ON p.id = l.person ",
	         record > 0              ? "WHERE l.record = ? ORDER BY l.field LIMIT ?"
	         : outcome && outcome[0] ? "WHERE l.outcome = ? ORDER BY l.score DESC, l.record LIMIT ?"
	                                 : "WHERE ? = '' ORDER BY l.record LIMIT ?");
	int rc = store_prepare(s, sql, &st, e);
	if (rc)
		return rc;
	if (record > 0)
		store_bind_int64(st, 1, record);
	else
		store_bind_str(st, 1, outcome ? outcome : "");
	store_bind_int64(st, 2, limit);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct lk_db_link_view v = {
			{ store_col_int64(st, 0), store_col_text(st, 1, NULL), store_col_int64(st, 2),
			  store_col_text(st, 3, NULL), store_col_text(st, 4, NULL),
			  store_col_text(st, 5, NULL), (double)store_col_int64(st, 6) / 1000,
			  (int)store_col_int64(st, 7), store_col_text(st, 8, NULL) },
			store_col_text(st, 9, NULL),
			store_col_text(st, 10, NULL),
			(uint64_t)store_col_int64(st, 11),
			store_col_text(st, 12, NULL),
			store_col_text(st, 13, NULL),
			store_col_int64(st, 14),
		};
		if (cb(arg, &v))
			break;
	}
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int lk_db_link_counts(struct store *s, int (*cb)(void *arg, const char *outcome, int64_t n), void *arg,
                      struct error *e)
{
	struct store_stmt *st;
	int rc =
	    store_prepare(s, "SELECT outcome, COUNT(*) FROM links GROUP BY outcome ORDER BY outcome", &st, e);
	if (rc)
		return rc;
	while ((rc = store_step(st, e)) == STORE_ROW)
		if (cb(arg, store_col_text(st, 0, NULL), store_col_int64(st, 1)))
			break;
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int lk_db_link_decide(struct store *s, int64_t record, const char *field, int64_t person,
                      const char *decision, const char *by, const char *note, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "UPDATE links SET outcome = ?, person = CASE WHEN ? = 0 THEN person ELSE ? END, "
	                  "linked_at = ? WHERE record = ? AND field = ?",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, decision);
	store_bind_int64(st, 2, person);
	store_bind_int64(st, 3, person);
	store_bind_str(st, 4, now);
	store_bind_int64(st, 5, record);
	store_bind_str(st, 6, field);
	rc = store_run(st, e);
	store_finalize(st);
	if (rc ||
	    (rc = store_prepare(s,
	                        "INSERT INTO link_decisions (record, field, person, decision, decided_by, "
	                        "note, decided_at) VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, ?)",
	                        &st, e)))
		return rc;
	store_bind_int64(st, 1, record);
	store_bind_str(st, 2, field);
	store_bind_int64(st, 3, person);
	store_bind_str(st, 4, decision);
	store_bind_str(st, 5, by);
	store_bind_str(st, 6, note);
	store_bind_str(st, 7, now);
	rc = store_run(st, e);
	store_finalize(st);
	return rc;
}

int lk_db_link_decided_each(struct store *s, int (*cb)(void *arg, int64_t record, const char *field),
                            void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "SELECT record, field FROM links WHERE outcome IN ('accepted', 'rejected')",
	                       &st, e);
	if (rc)
		return rc;
	while ((rc = store_step(st, e)) == STORE_ROW)
		if ((rc = cb(arg, store_col_int64(st, 0), store_col_text(st, 1, NULL))))
			break;
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int lk_db_link_model_add(struct store *s, const char *params, int *version, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc = store_prepare(
	    s, "INSERT INTO link_models (params, created_at) VALUES (?, ?) RETURNING version", &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, params);
	store_bind_str(st, 2, now);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*version = (int)store_col_int64(st, 0);
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int lk_db_link_model_latest(struct store *s, char **params, int *version, struct error *e)
{
	struct store_stmt *st;
	*params = NULL;
	*version = 0;
	int rc =
	    store_prepare(s, "SELECT version, params FROM link_models ORDER BY version DESC LIMIT 1", &st, e);
	if (rc)
		return rc;
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		*version = (int)store_col_int64(st, 0);
		size_t n;
		const char *t = store_col_text(st, 1, &n);
		*params = mem_strndup(t ? t : "", t ? n : 0);
		rc = *params ? 0 : error_nomem(e);
	}
	store_finalize(st);
	return rc < 0 ? rc : 0;
}
