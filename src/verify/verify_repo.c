/* verify_repo.c: the SQL of household verification: a household's register rows (by the register's
 * household number, through an index on the record's JSON), each person's current facts with
 * the batch they came in, authorisations, stored verifications, re-check runs and their
 * worklists. Verifications and worklist rows are only ever added. */
#include "base/date.h"
#include "base/mem.h"
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

int vf_db_person_facts(struct store *s, const char *idno,
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
