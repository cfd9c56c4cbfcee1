/* share_repo.c: the SQL of sharing tasks: subscriptions, field approvals, deliveries with their
 * cursor, and the hub's statistics. */
#include "base/date.h"
#include "base/mem.h"
#include "hub/hub_repo.h"

static int finish(struct store_stmt *st, int rc)
{
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int hub_db_task_add(struct store *s, const char *consumer, const char *resource, const char *fields,
                    const char *region_prefix, const char *since, int64_t *id, struct error *e)
{
	struct store_stmt *st;
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	int rc = store_prepare(
	    s,
	    "INSERT INTO share_tasks (consumer, resource, fields, region_prefix, since, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, consumer);
	store_bind_str(st, 2, resource);
	store_bind_str(st, 3, fields);
	store_bind_str(st, 4, region_prefix);
	store_bind_str(st, 5, since);
	store_bind_str(st, 6, now);
	return finish(st, store_run_id(st, id, e));
}

int hub_db_task_each(struct store *s, int64_t id, int (*cb)(void *arg, const struct hub_db_task *t),
                     void *arg, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "SELECT t.id, t.consumer, t.resource, t.fields, t.region_prefix, t.since, t.schedule, t.created_at, "
	    "t.acked_cursor, (SELECT COUNT(*) FROM share_deliveries d WHERE d.task = t.id), "
	    "(SELECT COALESCE(SUM(records), 0) FROM share_deliveries d WHERE d.task = t.id), "
	    "(SELECT COALESCE(SUM(records), 0) FROM share_deliveries d WHERE d.task = t.id AND acked_at IS NOT NULL), "
	    "COALESCE((SELECT MAX(delivered_at) FROM share_deliveries d WHERE d.task = t.id), '') "
	    "FROM share_tasks t WHERE ? = 0 OR t.id = ? ORDER BY t.id",
	    &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, id);
	store_bind_int64(st, 2, id);
	int seen = 0;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct hub_db_task t = {
			store_col_int64(st, 0),       store_col_text(st, 1, NULL),
			store_col_text(st, 2, NULL),  store_col_text(st, 3, NULL),
			store_col_text(st, 4, NULL),  store_col_text(st, 5, NULL),
			store_col_text(st, 6, NULL),  store_col_text(st, 7, NULL),
			store_col_int64(st, 8),       store_col_int64(st, 9),
			store_col_int64(st, 10),      store_col_int64(st, 11),
			store_col_text(st, 12, NULL),
		};
		seen++;
		if (cb(arg, &t))
			break;
	}
	rc = finish(st, rc);
	if (rc == 0 && id && !seen)
		rc = error_set(e, ERR_NOTFOUND, "没有共享任务 %" PRId64, "no sharing task %" PRId64, id);
	return rc;
}

int hub_db_approval_add(struct store *s, int64_t task, const char *field, const char *by,
                        const char *reference, struct error *e)
{
	struct store_stmt *st;
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	int rc = store_prepare(
	    s,
	    "INSERT INTO share_approvals (task, field, approved_by, reference, approved_at) VALUES (?, ?, ?, ?, ?) "
	    "ON CONFLICT (task, field) DO UPDATE SET approved_by = excluded.approved_by, "
	    "reference = excluded.reference, approved_at = excluded.approved_at",
	    &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, task);
	store_bind_str(st, 2, field);
	store_bind_str(st, 3, by);
	store_bind_str(st, 4, reference);
	store_bind_str(st, 5, now);
	return finish(st, store_step(st, e));
}

int hub_db_approval_has(struct store *s, int64_t task, const char *field, bool *yes, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "SELECT 1 FROM share_approvals WHERE task = ? AND field = ?", &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, task);
	store_bind_str(st, 2, field);
	rc = store_step(st, e);
	*yes = rc == STORE_ROW;
	return finish(st, rc);
}

int hub_db_records_after(struct store *s, const char *resource, int64_t cursor, const char *since, long limit,
                         int (*cb)(void *arg, int64_t id, const char *data), void *arg, struct error *e)
{
	struct hub_db_ranges rs;
	int rc = hub_db_resource_ranges(s, resource, since, &rs, e);
	if (rc)
		return rc;
	struct store_stmt *st;
	if ((rc = store_prepare(s,
	                        "SELECT id, data FROM records WHERE id > ? AND id <= ? AND to_batch IS NULL "
	                        "AND resource = ? ORDER BY id LIMIT ?",
	                        &st, e))) {
		hub_db_ranges_release(&rs);
		return rc;
	}
	for (size_t i = 0; rc == 0 && limit > 0 && i < rs.n; i++) {
		if (rs.v[i].last <= cursor)
			continue;
		store_bind_int64(st, 1, cursor > rs.v[i].first - 1 ? cursor : rs.v[i].first - 1);
		store_bind_int64(st, 2, rs.v[i].last);
		store_bind_str(st, 3, resource);
		store_bind_int64(st, 4, limit);
		while ((rc = store_step(st, e)) == STORE_ROW) {
			limit--;
			if ((rc = cb(arg, store_col_int64(st, 0), store_col_text(st, 1, NULL))))
				break;
		}
		rc = rc == STORE_DONE ? 0 : rc;
		store_reset(st);
	}
	hub_db_ranges_release(&rs);
	return finish(st, rc);
}

int hub_db_delivery_add(struct store *s, int64_t task, int64_t from, int64_t to, int64_t records,
                        int64_t bytes, const char *sha256, int64_t *id, struct error *e)
{
	struct store_stmt *st;
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	int rc = store_prepare(
	    s,
	    "INSERT INTO share_deliveries (task, from_cursor, to_cursor, records, bytes, sha256, delivered_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, task);
	store_bind_int64(st, 2, from);
	store_bind_int64(st, 3, to);
	store_bind_int64(st, 4, records);
	store_bind_int64(st, 5, bytes);
	store_bind_str(st, 6, sha256);
	store_bind_str(st, 7, now);
	return finish(st, store_run_id(st, id, e));
}

int hub_db_delivery_get(struct store *s, int64_t task, int64_t delivery, struct hub_db_delivery_state *d,
                        struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "SELECT d.from_cursor, d.to_cursor, d.acked_at IS NOT NULL, t.acked_cursor FROM share_deliveries d "
	    "JOIN share_tasks t ON t.id = d.task WHERE d.id = ? AND d.task = ?",
	    &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, delivery);
	store_bind_int64(st, 2, task);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		d->from = store_col_int64(st, 0);
		d->to = store_col_int64(st, 1);
		d->acked = store_col_int64(st, 2) != 0;
		d->cursor = store_col_int64(st, 3);
	}
	store_finalize(st);
	return rc == STORE_ROW ? 1 : rc;
}

int hub_db_delivery_acked(struct store *s, int64_t task, int64_t delivery, int64_t to, const char *at,
                          struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "UPDATE share_deliveries SET acked_at = ? WHERE id = ?", &st, e);
	if (rc == 0) {
		store_bind_str(st, 1, at);
		store_bind_int64(st, 2, delivery);
		rc = finish(st, store_step(st, e));
	}
	if (rc == 0 &&
	    (rc = store_prepare(s, "UPDATE share_tasks SET acked_cursor = ? WHERE id = ?", &st, e)) == 0) {
		store_bind_int64(st, 1, to);
		store_bind_int64(st, 2, task);
		rc = finish(st, store_step(st, e));
	}
	return rc;
}

int hub_db_stats(struct store *s, const char *day, struct hub_db_stats *o, struct error *e)
{
	char like[16];
	snprintf(like, sizeof like, "%.10s%%", day);
	const struct {
		int64_t *out;
		const char *sql, *arg;
	} q[] = {
		{ &o->resources, "SELECT COUNT(*) FROM resources", NULL },
		{ &o->items, "SELECT COALESCE(SUM(json_array_length(spec, '$.fields')), 0) FROM resources",
		  NULL },
		/* from the batches' counts (an update closes one record and adds one): counting
		 * millions of records row by row took seconds */
		{ &o->records,
		  "SELECT COALESCE(SUM(inserted - closed), 0) FROM batches WHERE status = 'done'", NULL },
		{ &o->record_versions,
		  "SELECT COALESCE(SUM(inserted + updated), 0) FROM batches WHERE status = 'done'", NULL },
		{ &o->batches, "SELECT COUNT(*) FROM batches WHERE status = 'done'", NULL },
		{ &o->rejects, "SELECT COUNT(*) FROM rejects", NULL },

		{ &o->tasks, "SELECT COUNT(*) FROM share_tasks", NULL },
		{ &o->deliveries_today, "SELECT COUNT(*) FROM share_deliveries WHERE delivered_at LIKE ?",
		  like },
		{ &o->records_exchanged_today,
		  "SELECT COALESCE(SUM(records), 0) FROM share_deliveries WHERE delivered_at LIKE ?", like },
	};
	for (size_t i = 0; i < ARRAY_SIZE(q); i++) {
		int rc = store_scalar(s, q[i].sql, q[i].arg, q[i].out, e);
		if (rc)
			return rc;
	}
	return hub_db_count_facts(s, NULL, &o->facts, e);
}

int hub_db_delivery_each(struct store *s, int64_t task,
                         int (*cb)(void *arg, const struct hub_db_delivery_row *d), void *arg,
                         struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "SELECT id, from_cursor, to_cursor, records, bytes, sha256, delivered_at, "
	    "COALESCE(acked_at, '') FROM share_deliveries WHERE task = ? ORDER BY id DESC LIMIT 500",
	    &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, task);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct hub_db_delivery_row d = {
			store_col_int64(st, 0),      store_col_int64(st, 1),      store_col_int64(st, 2),
			store_col_int64(st, 3),      store_col_int64(st, 4),      store_col_text(st, 5, NULL),
			store_col_text(st, 6, NULL), store_col_text(st, 7, NULL),
		};
		if ((rc = cb(arg, &d)))
			break;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}
