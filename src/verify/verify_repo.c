/* verify_repo.c: the SQL of household verification: a household's register rows (by the register's
 * household number, through an index on the record's JSON), each person's current facts with
 * the batch they came in, authorisations, stored verifications, re-check runs and their
 * worklists. Verifications and worklist rows are only ever added. */
#include "base/date.h"
#include "base/arena.h"
#include "base/mem.h"
#include "base/vec.h"
#include "verify/verify_repo.h"
#include "hub/hub_repo.h"

/* A search in a data folder whose catalogue names no register yet finds nothing. */
static int none_without_register(int rc, struct error *e)
{
	if (rc != ERR_NOTFOUND)
		return rc;
	error_clear(e);
	return 0;
}

int vf_db_household_of(struct store *s, const char *idno, char *out, size_t cap, struct error *e)
{
	struct store_stmt *st;
	int rc =
	    hub_db_register_prepare(s, "SELECT %1$s FROM records WHERE %2$s AND person = ? LIMIT 1", &st, e);
	if (rc)
		return none_without_register(rc, e);
	store_bind_str(st, 1, idno);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		store_col_copy(st, 0, out, cap);
		rc = 1;
	} else if (rc == STORE_DONE) {
		rc = 0;
	}
	store_finalize(st);
	return rc;
}

int vf_db_household_rows(struct store *s, const char *household,
                         int (*cb)(void *arg, int64_t record, const char *person, const char *data),
                         void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc = hub_db_register_prepare(
	    s, "SELECT id, person, data FROM records WHERE %2$s AND %1$s = ? ORDER BY id", &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, household);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		const char *person = store_col_is_null(st, 1) ? NULL : store_col_text(st, 1, NULL);
		if ((rc = cb(arg, store_col_int64(st, 0), person, store_col_text(st, 2, NULL))))
			break;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

/* each text of a one-column query (over the register: see hub_db_register_prepare) taking a code prefix as ?1 */
static int each_with_prefix(struct store *s, bool over_register, const char *fmt, const char *prefix,
                            int (*cb)(void *arg, const char *household), void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc = over_register ? hub_db_register_prepare(s, fmt, &st, e) : store_prepare(s, fmt, &st, e);
	if (rc)
		return none_without_register(rc, e);
	store_bind_str(st, 1, prefix ? prefix : "");
	while ((rc = store_step(st, e)) == STORE_ROW)
		if ((rc = cb(arg, store_col_text(st, 0, NULL))))
			break;
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

int vf_db_households_each(struct store *s, const char *prefix, int (*cb)(void *arg, const char *household),
                          void *arg, struct error *e)
{
	return each_with_prefix(s, true,
	                        "SELECT DISTINCT %1$s AS hh FROM records WHERE %2$s"
	                        " AND hh IS NOT NULL AND substr(hh, 1, length(?1)) = ?1 ORDER BY hh",
	                        prefix, cb, arg, e);
}

static int person_facts_sql(struct store *s, const char *idno,
                            int (*cb)(void *arg, const struct vf_db_fact_row *f), void *arg, struct error *e)
{
	/* the facts kept in current records found through person_records (by the indexes of their
	 * version's fact mappings, the values read from the record's data), then those in the facts
	 * table, in resource and record order */
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "SELECT kind, period, amount_fen, value, resource, batch, finished, line FROM ("
	    "  SELECT m.kind AS kind, "
	    "    NULLIF(json_extract(r.data, '$.\"' || m.period || '\"'), '') AS period, "
	    "    CAST(NULLIF(json_extract(r.data, '$.\"' || m.amount || '\"'), '') AS INTEGER) AS amount_fen, "
	    "    NULLIF(json_extract(r.data, '$.\"' || m.value || '\"'), '') AS value, "
	    "    r.resource, r.from_batch AS batch, COALESCE(b.finished_at, '') AS finished, r.line, "
	    "    r.id AS record, j.key AS seq "
	    "  FROM person_records p JOIN records r ON r.id BETWEEN p.record AND p.last_record "
	    "  JOIN batches b ON b.id = r.from_batch, json_each(r.facts) j "
	    "  JOIN fact_maps m ON m.resource = r.resource AND m.version = b.version AND m.idx = j.value "
	    "  WHERE p.phash = ?1 AND r.to_batch IS NULL AND r.facts IS NOT NULL "
	    "    AND json_extract(r.data, '$.\"' || m.person || '\"') = ?2 "
	    "  UNION ALL "
	    "  SELECT f.kind, f.period, f.amount_fen, f.value, f.resource, f.batch, "
	    "    COALESCE(b.finished_at, ''), f.line, f.record, f.id + 1000000 "
	    "  FROM facts f JOIN records r ON r.id = f.record JOIN batches b ON b.id = f.batch "
	    "  WHERE f.person = ?2 AND r.to_batch IS NULL"
	    ") ORDER BY resource, record, seq",
	    &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, store_hash(idno, strlen(idno)));
	store_bind_str(st, 2, idno);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct vf_db_fact_row f = {
			store_col_text(st, 0, NULL),
			store_col_is_null(st, 1) ? NULL : store_col_text(st, 1, NULL),
			!store_col_is_null(st, 2),
			store_col_int64(st, 2),
			store_col_is_null(st, 3) ? NULL : store_col_text(st, 3, NULL),
			store_col_text(st, 4, NULL),
			store_col_int64(st, 5),
			store_col_text(st, 6, NULL),
			store_col_int64(st, 7),
		};
		if ((rc = cb(arg, &f)))
			break;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

/* ---- the same facts read in C: the records' JSON read once here instead of four json_extract
 * calls a fact (the most of a monitoring run's time went there). It takes only what it can read
 * exactly as SQLite would (flat objects whose values it needs are strings without escapes, money
 * in whole fen); on anything else the person's facts come from the query above. ---- */

/* the value of member key in the flat JSON object p: 1 with it (no escapes: a slice of p),
 * 0 absent, -1 when only SQLite can say (escapes, a value not a string, a member named twice) */
static int flat_member(const char *p, const char *key, const char **v, size_t *vn)
{
	size_t kn = strlen(key);
	int found = 0;
	while (*p == ' ')
		p++;
	if (*p++ != '{')
		return -1;
	for (;;) {
		while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '}')
			return found;
		if (*p++ != '"')
			return -1;
		const char *k = p;
		while (*p && *p != '"' && *p != '\\')
			p++;
		if (*p != '"')
			return -1;
		bool match = (size_t)(p - k) == kn && !memcmp(k, key, kn);
		p++;
		while (*p == ' ')
			p++;
		if (*p++ != ':')
			return -1;
		while (*p == ' ')
			p++;
		if (*p != '"') {
			if (match || *p == '{' || *p == '[')
				return -1;
			while (*p && *p != ',' && *p != '}')
				p++;
		} else {
			const char *b = ++p;
			while (*p && *p != '"') {
				if (*p == '\\') {
					if (match || !p[1])
						return -1;
					p++;
				}
				p++;
			}
			if (*p != '"')
				return -1;
			if (match) {
				if (found)
					return -1;
				found = 1;
				*v = b;
				*vn = (size_t)(p - b);
			}
			p++;
		}
		while (*p == ' ')
			p++;
		if (*p == ',')
			p++;
		else if (*p != '}')
			return -1;
	}
}

struct fact_map {
	char *resource, *kind, *person, *period, *amount, *value; /* NULL: no such field */
	int64_t version, idx;
};
struct fact_out {
	struct vf_db_fact_row r;
	int64_t record, seq;
};
struct fast {
	VEC(struct fact_map) maps;
	VEC(struct fact_out) out;
	struct arena a;
};

static char *col_dup(struct fast *f, struct store_stmt *st, int col)
{
	size_t n;
	if (store_col_is_null(st, col))
		return NULL;
	const char *t = store_col_text(st, col, &n);
	return arena_strndup(&f->a, t ? t : "", t ? n : 0);
}

static int load_maps(struct store *s, struct fast *f, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s, "SELECT resource, version, idx, kind, person, period, amount, value FROM fact_maps", &st, e);
	if (rc)
		return rc;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct fact_map m = { col_dup(f, st, 0),      col_dup(f, st, 3),     col_dup(f, st, 4),
			              col_dup(f, st, 5),      col_dup(f, st, 6),     col_dup(f, st, 7),
			              store_col_int64(st, 1), store_col_int64(st, 2) };
		if (!m.resource || !m.kind || !m.person || vec_push(&f->maps, m)) {
			rc = error_nomem(e);
			break;
		}
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

static const struct fact_map *map_of(const struct fast *f, const char *resource, int64_t version, int64_t idx)
{
	for (size_t i = 0; i < f->maps.len; i++) {
		const struct fact_map *m = &f->maps.items[i];
		if (m->idx == idx && m->version == version && !strcmp(m->resource, resource))
			return m;
	}
	return NULL;
}

/* a field's text as NULLIF(json_extract(data, '$."field"'), '') gives it: 1 with a copy (NULL
 * when absent or empty), -1 when only SQLite can say */
static int field_text(struct fast *f, const char *data, const char *field, const char **out)
{
	*out = NULL;
	if (!field)
		return 1;
	if (strchr(field, '"') || strchr(field, '\\'))
		return -1;
	const char *v;
	size_t n;
	int rc = flat_member(data, field, &v, &n);
	if (rc <= 0)
		return rc;
	if (n && !(*out = arena_strndup(&f->a, v, n)))
		return -2;
	return 1;
}

/* money as CAST(... AS INTEGER): only whole numbers of at most 18 digits are read here */
static int field_amount(struct fast *f, const char *data, const char *field, bool *has, int64_t *v)
{
	const char *t;
	int rc = field_text(f, data, field, &t);
	*has = false;
	if (rc <= 0 || !t)
		return rc;
	const char *p = t + (*t == '-');
	size_t n = strlen(p);
	if (!n || n > 18 || strspn(p, "0123456789") != n)
		return -1;
	int64_t x = 0;
	for (; *p; p++)
		x = x * 10 + (*p - '0');
	*has = true;
	*v = *t == '-' ? -x : x;
	return 1;
}

/* one record's facts for idno: 1 taken, -1 when only SQLite can say, -2 out of memory */
static int record_facts(struct fast *f, struct store_stmt *st, const char *idno)
{
	int64_t record = store_col_int64(st, 0), version = store_col_int64(st, 7);
	const char *resource = store_col_text(st, 1, NULL), *data = store_col_text(st, 5, NULL);
	const char *facts = store_col_text(st, 6, NULL);
	const char *p = facts;
	char *res = NULL, *finished = NULL;
	if (!resource || !data || !p || *p++ != '[')
		return -1;
	for (int64_t seq = 0;; seq++) {
		while (*p == ' ')
			p++;
		if (*p == ']' && seq == 0)
			break;
		if (*p < '0' || *p > '9')
			return -1;
		int64_t idx = 0;
		while (*p >= '0' && *p <= '9' && idx < 1000000)
			idx = idx * 10 + (*p++ - '0');
		const struct fact_map *m = map_of(f, resource, version, idx);
		if (m) {
			const char *who;
			size_t wn;
			if (strchr(m->person, '"') || strchr(m->person, '\\'))
				return -1;
			int w = flat_member(data, m->person, &who, &wn);
			if (w < 0)
				return -1;
			if (w == 1 && wn == strlen(idno) && !memcmp(who, idno, wn)) {
				struct fact_out o = { { m->kind, NULL, false, 0, NULL, NULL,
					                store_col_int64(st, 2), NULL,
					                store_col_int64(st, 4) },
					              record,
					              seq };
				int rc = field_text(f, data, m->period, &o.r.period);
				if (rc == 1)
					rc = field_amount(f, data, m->amount, &o.r.has_amount,
					                  &o.r.amount_fen);
				if (rc == 1)
					rc = field_text(f, data, m->value, &o.r.value);
				if (rc != 1)
					return rc;
				if (!res && (!(res = arena_strndup(&f->a, resource, strlen(resource))) ||
				             !(finished = col_dup(f, st, 3))))
					return -2;
				o.r.resource = res;
				o.r.batch_date = finished;
				if (vec_push(&f->out, o))
					return -2;
			}
		}
		while (*p == ' ')
			p++;
		if (*p == ',')
			p++;
		else if (*p == ']')
			break;
		else
			return -1;
	}
	return 1;
}

static int cmp_fact(const void *x, const void *y)
{
	const struct fact_out *a = x, *b = y;
	int c = strcmp(a->r.resource, b->r.resource);
	if (c)
		return c;
	if (a->record != b->record)
		return a->record < b->record ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* 1 read (f->out sorted as the query sorts them), 0 left to the query, < 0 an error */
static int person_facts_fast(struct store *s, const char *idno, struct fast *f, struct error *e)
{
	struct store_stmt *st;
	int rc = load_maps(s, f, e);
	if (rc)
		return rc;
	rc = store_prepare(
	    s,
	    "SELECT r.id, r.resource, r.from_batch, COALESCE(b.finished_at, ''), r.line, r.data, "
	    "r.facts, b.version "
	    "FROM person_records p JOIN records r ON r.id BETWEEN p.record AND p.last_record "
	    "JOIN batches b ON b.id = r.from_batch "
	    "WHERE p.phash = ?1 AND r.to_batch IS NULL AND r.facts IS NOT NULL",
	    &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, store_hash(idno, strlen(idno)));
	int took = 1;
	while (took == 1 && (rc = store_step(st, e)) == STORE_ROW)
		took = record_facts(f, st, idno);
	store_finalize(st);
	if (took == -2)
		return error_nomem(e);
	if (took == -1)
		return 0;
	if (rc < 0)
		return rc;
	rc = store_prepare(s,
	                   "SELECT f.kind, f.period, f.amount_fen, f.value, f.resource, f.batch, "
	                   "COALESCE(b.finished_at, ''), f.line, f.record, f.id + 1000000 "
	                   "FROM facts f JOIN records r ON r.id = f.record JOIN batches b ON b.id = f.batch "
	                   "WHERE f.person = ?1 AND r.to_batch IS NULL",
	                   &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, idno);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct fact_out o = { { col_dup(f, st, 0), col_dup(f, st, 1), !store_col_is_null(st, 2),
			                store_col_int64(st, 2), col_dup(f, st, 3), col_dup(f, st, 4),
			                store_col_int64(st, 5), col_dup(f, st, 6), store_col_int64(st, 7) },
			              store_col_int64(st, 8),
			              store_col_int64(st, 9) };
		if (!o.r.kind || !o.r.resource || !o.r.batch_date || vec_push(&f->out, o)) {
			rc = error_nomem(e);
			break;
		}
	}
	store_finalize(st);
	if (rc != STORE_DONE)
		return rc;
	if (f->out.len > 1)
		qsort(f->out.items, f->out.len, sizeof *f->out.items, cmp_fact);
	return 1;
}

int vf_db_person_facts(struct store *s, const char *idno,
                       int (*cb)(void *arg, const struct vf_db_fact_row *f), void *arg, struct error *e)
{
	struct fast f = { { 0 }, { 0 }, { 0 } };
	arena_init(&f.a, (size_t)1 << 14);
	const char *sql = getenv("SAFETYNET_FACTS_SQL"); /* the query alone: tests compare the two */
	int rc = sql && *sql ? 0 : person_facts_fast(s, idno, &f, e);
	if (rc == 0)
		rc = person_facts_sql(s, idno, cb, arg, e);
	else if (rc == 1)
		for (size_t i = rc = 0; !rc && i < f.out.len; i++)
			rc = cb(arg, &f.out.items[i].r);
	vec_release(&f.maps);
	vec_release(&f.out);
	arena_release(&f.a);
	return rc;
}

int vf_db_auth_add(struct store *s, const struct vf_db_auth *a, int64_t *id, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "INSERT INTO authorisations (household, signed_by, signed_on, valid_until, scope, "
	                  "document, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, a->household);
	store_bind_str(st, 2, a->signed_by);
	store_bind_str(st, 3, a->signed_on);
	store_bind_str(st, 4, a->valid_until ? a->valid_until : "");
	store_bind_str(st, 5, a->scope ? a->scope : "");
	store_bind_str(st, 6, a->document ? a->document : "");
	store_bind_str(st, 7, a->recorded_by);
	store_bind_str(st, 8, now);
	rc = store_run_id(st, id, e);
	store_finalize(st);
	return rc;
}

int vf_db_auth_valid(struct store *s, const char *household, const char *day, struct vf_db_auth_row *out,
                     struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "SELECT id, signed_by, signed_on, valid_until, scope, document FROM authorisations "
	    "WHERE household = ? AND signed_on <= ?2 AND (valid_until = '' OR valid_until >= ?2) "
	    "ORDER BY signed_on DESC, id DESC LIMIT 1",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, household);
	store_bind_str(st, 2, day);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		out->id = store_col_int64(st, 0);
		store_col_copy(st, 1, out->signed_by, sizeof out->signed_by);
		store_col_copy(st, 2, out->signed_on, sizeof out->signed_on);
		store_col_copy(st, 3, out->valid_until, sizeof out->valid_until);
		store_col_copy(st, 4, out->scope, sizeof out->scope);
		store_col_copy(st, 5, out->document, sizeof out->document);
		rc = 1;
	} else if (rc == STORE_DONE) {
		rc = 0;
	}
	store_finalize(st);
	return rc;
}

int vf_db_verification_add(struct store *s, const struct vf_db_verification *v, int64_t *id, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "INSERT INTO verifications (household, day, month, decision, benefit_fen, "
	                       "per_capita_fen, members, signals, report, authorisation, operator, purpose, "
	                       "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, v->household);
	store_bind_str(st, 2, v->day);
	store_bind_str(st, 3, v->month);
	store_bind_str(st, 4, vf_class_name(v->decision));
	store_bind_int64(st, 5, v->benefit_fen);
	store_bind_int64(st, 6, v->per_capita_fen);
	store_bind_str(st, 7, v->members);
	store_bind_str(st, 8, v->signals);
	store_bind_str(st, 9, v->report ? v->report : "");
	if (v->authorisation > 0)
		store_bind_int64(st, 10, v->authorisation);
	else
		store_bind_null(st, 10);
	store_bind_str(st, 11, v->operator_name);
	store_bind_str(st, 12, v->purpose);
	store_bind_str(st, 13, now);
	rc = store_run_id(st, id, e);
	store_finalize(st);
	return rc;
}

/* a stored verification; its decision parsed from the class's name, or an error naming it */
static int verification_row(struct store_stmt *st, struct vf_db_verification_row *out, struct error *e)
{
	out->id = store_col_int64(st, 0);
	store_col_copy(st, 1, out->day, sizeof out->day);
	store_col_copy(st, 2, out->month, sizeof out->month);
	const char *decision = store_col_text(st, 3, NULL);
	if (vf_class_parse(decision, &out->decision))
		return error_set(e, ERR_STORE, "核对 %" PRId64 " 的结论“%s”无法识别",
		                 "verification %" PRId64 " has a decision (%s) this version does not know",
		                 out->id, decision);
	out->benefit_fen = store_col_int64(st, 4);
	out->per_capita_fen = store_col_int64(st, 5);
	store_col_copy(st, 6, out->members, sizeof out->members);
	store_col_copy(st, 7, out->signals, sizeof out->signals);
	return 0;
}

int vf_db_verification_last(struct store *s, const char *household, struct vf_db_verification_row *out,
                            struct error *e)
{
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "SELECT id, day, month, decision, benefit_fen, per_capita_fen, members, signals "
	                  "FROM verifications WHERE household = ? ORDER BY id DESC LIMIT 1",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, household);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		rc = verification_row(st, out, e) ? ERR_STORE : 1;
	} else if (rc == STORE_DONE) {
		rc = 0;
	}
	store_finalize(st);
	return rc;
}

int vf_db_latest_each(struct store *s, const char *prefix,
                      int (*cb)(void *arg, const char *household, enum vf_class decision), void *arg,
                      struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "SELECT v.household, v.decision FROM verifications v WHERE v.id = (SELECT "
	                       "MAX(id) FROM verifications w WHERE w.household = v.household) AND "
	                       "substr(v.household, 1, length(?1)) = ?1 ORDER BY v.household",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, prefix ? prefix : "");
	while ((rc = store_step(st, e)) == STORE_ROW) {
		enum vf_class c;
		const char *decision = store_col_text(st, 1, NULL);
		if (vf_class_parse(decision, &c)) {
			rc = error_set(e, ERR_STORE, "核对结论“%s”无法识别",
			               "a verification's decision (%s) this version does not know", decision);
			break;
		}
		if ((rc = cb(arg, store_col_text(st, 0, NULL), c)))
			break;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

int vf_db_recheck_begin(struct store *s, const char *day, const char *region, const char *scope,
                        const char *operator_name, int64_t *run, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "INSERT INTO recheck_runs (day, region, scope, operator, started_at) VALUES (?, ?, ?, "
	    "?, ?) RETURNING id",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, day);
	store_bind_str(st, 2, region);
	store_bind_str(st, 3, scope);
	store_bind_str(st, 4, operator_name);
	store_bind_str(st, 5, now);
	rc = store_run_id(st, run, e);
	store_finalize(st);
	return rc;
}

int vf_db_recheck_finish(struct store *s, int64_t run, int64_t households, int64_t changes, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc = store_prepare(
	    s, "UPDATE recheck_runs SET households = ?, changes = ?, finished_at = ? WHERE id = ?", &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, households);
	store_bind_int64(st, 2, changes);
	store_bind_str(st, 3, now);
	store_bind_int64(st, 4, run);
	rc = store_run(st, e);
	store_finalize(st);
	return rc;
}

int vf_db_worklist_add(struct store *s, const struct vf_db_work *w, struct error *e)
{
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "INSERT INTO worklist (run, household, change, cause, urgency, before_decision, "
	                  "after_decision, before_benefit_fen, after_benefit_fen, detail, verification) "
	                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, w->run);
	store_bind_str(st, 2, w->household);
	store_bind_str(st, 3, w->change);
	store_bind_str(st, 4, w->cause);
	store_bind_int64(st, 5, w->urgency);
	store_bind_str(st, 6, w->before_decision);
	store_bind_str(st, 7, w->after_decision);
	store_bind_int64(st, 8, w->before_benefit_fen);
	store_bind_int64(st, 9, w->after_benefit_fen);
	store_bind_str(st, 10, w->detail);
	if (w->verification > 0)
		store_bind_int64(st, 11, w->verification);
	else
		store_bind_null(st, 11);
	rc = store_run(st, e);
	store_finalize(st);
	return rc;
}

int vf_db_worklist_each(struct store *s, int64_t run, int (*cb)(void *arg, const struct vf_db_work *w),
                        void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "SELECT run, household, change, cause, urgency, before_decision, after_decision, "
	                  "before_benefit_fen, after_benefit_fen, detail, COALESCE(verification, 0) FROM "
	                  "worklist WHERE run = (CASE WHEN ?1 > 0 THEN ?1 ELSE (SELECT MAX(id) FROM "
	                  "recheck_runs) END) ORDER BY urgency, household, id",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, run);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct vf_db_work w = {
			store_col_int64(st, 0),      store_col_text(st, 1, NULL), store_col_text(st, 2, NULL),
			store_col_text(st, 3, NULL), (int)store_col_int64(st, 4), store_col_text(st, 5, NULL),
			store_col_text(st, 6, NULL), store_col_int64(st, 7),      store_col_int64(st, 8),
			store_col_text(st, 9, NULL), store_col_int64(st, 10),
		};
		if ((rc = cb(arg, &w)))
			break;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

int vf_db_verifications_each(struct store *s, const char *household,
                             int (*cb)(void *arg, const struct vf_db_verification_row *v), void *arg,
                             struct error *e)
{
	struct store_stmt *st;
	int rc =
	    store_prepare(s,
	                  "SELECT id, day, month, decision, benefit_fen, per_capita_fen, members, signals "
	                  "FROM verifications WHERE household = ? ORDER BY id DESC LIMIT 100",
	                  &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, household);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct vf_db_verification_row v;
		if ((rc = verification_row(st, &v, e)) || (rc = cb(arg, &v)))
			break;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

int vf_db_households_by_name(struct store *s, const char *name, const char *prefix,
                             int (*cb)(void *arg, const char *household, const char *person), void *arg,
                             struct error *e)
{
	struct store_stmt *st;
	int rc = hub_db_register_prepare(
	    s,
	    "SELECT %1$s AS hh, p.idno FROM persons p JOIN records ON "
	    "records.id = p.record WHERE p.name = ?1 AND substr(hh, 1, length(?2)) = ?2 "
	    "ORDER BY hh LIMIT 50",
	    &st, e);
	if (rc)
		return none_without_register(rc, e);
	store_bind_str(st, 1, name);
	store_bind_str(st, 2, prefix);
	while ((rc = store_step(st, e)) == STORE_ROW)
		if ((rc = cb(arg, store_col_text(st, 0, NULL), store_col_text(st, 1, NULL))))
			break;
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

int vf_db_dashboard_each(struct store *s, const char *prefix,
                         int (*cb)(void *arg, const char *township, enum vf_class decision, int64_t n),
                         void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "SELECT substr(v.household, 1, 9) AS town, v.decision, COUNT(*) FROM verifications v "
	    "WHERE v.id = (SELECT MAX(id) FROM verifications w WHERE w.household = v.household) "
	    "AND substr(v.household, 1, length(?1)) = ?1 GROUP BY town, v.decision ORDER BY town",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, prefix);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		enum vf_class c;
		if (vf_class_parse(store_col_text(st, 1, NULL), &c)) {
			rc = error_set(e, ERR_STORE, "核对结论“%s”无法识别",
			               "a verification's decision (%s) this version does not know",
			               store_col_text(st, 1, NULL));
			break;
		}
		if ((rc = cb(arg, store_col_text(st, 0, NULL), c, store_col_int64(st, 2))))
			break;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}
