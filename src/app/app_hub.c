/* app_hub.c: what the data hub holds, listed for the command line and the API: the catalogue and
 * its versions, batches and their rejects, sharing tasks and their deliveries, statistics, and
 * linkage's outcomes. The API lists them behind the hub's gate (rejects quote what departments
 * sent). */
#include "app/app.h"
#include "hub/hub_repo.h"
#include "link/link_repo.h"

int app_hub_gate(struct store *s, const struct access_user *u, const char *what, struct error *e)
{
	char region[16];
	int rc = hub_db_region(s, region, e);
	return rc ? rc : access_gate(s, u, SA_HUB, region, "hub", what, e);
}

int app_hub_change_gate(struct store *s, const struct access_user *u, enum access_action act,
                        const char *what, struct access_change *ch, struct error *e)
{
	char region[16];
	int rc = hub_db_region(s, region, e);
	return rc ? rc : access_change_gate(s, u, act, region, "hub", what, ch, e);
}

int app_ingest_gate(struct store *s, const struct access_user *u, const char *resource, struct error *e)
{
	char region[16];
	int rc = hub_db_region(s, region, e);
	return rc ? rc : access_gate(s, u, SA_INGEST, region, resource, "upload a batch", e);
}

int app_catalog_each(struct store *s, int (*cb)(void *arg, const struct hub_db_resource_row *r), void *arg,
                     struct error *e)
{
	return hub_db_resource_each(s, cb, arg, e);
}

int app_resource_versions(struct store *s, const char *code,
                          int (*cb)(void *arg, int version, const char *imported_at), void *arg,
                          struct error *e)
{
	return hub_db_resource_versions(s, code, cb, arg, e);
}

int app_batches_each(struct store *s, const char *resource, int64_t id,
                     int (*cb)(void *arg, const struct hub_db_batch_row *b), void *arg, struct error *e)
{
	return hub_db_batch_each(s, resource, id, cb, arg, e);
}

int app_rejects_each(struct store *s, int64_t batch, long limit,
                     int (*cb)(void *arg, uint64_t line, const char *field, const char *reason), void *arg,
                     struct error *e)
{
	return hub_db_reject_each(s, batch, limit, cb, arg, e);
}

int app_tasks_each(struct store *s, int (*cb)(void *arg, const struct hub_db_task *t), void *arg,
                   struct error *e)
{
	return hub_db_task_each(s, 0, cb, arg, e);
}

int app_deliveries_each(struct store *s, int64_t task,
                        int (*cb)(void *arg, const struct hub_db_delivery_row *d), void *arg, struct error *e)
{
	return hub_db_delivery_each(s, task, cb, arg, e);
}

int app_hub_stats(struct store *s, const char *day, struct hub_db_stats *out, struct error *e)
{
	return hub_db_stats(s, day, out, e);
}

int app_links_each(struct store *s, const char *outcome, int64_t record, long limit,
                   int (*cb)(void *arg, const struct lk_db_link_view *v), void *arg, struct error *e)
{
	return lk_db_link_each(s, outcome, record, limit, cb, arg, e);
}

int app_link_counts(struct store *s, int (*cb)(void *arg, const char *outcome, int64_t n), void *arg,
                    struct error *e)
{
	return lk_db_link_counts(s, cb, arg, e);
}
