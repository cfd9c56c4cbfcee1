/* api_hub.c: the data hub through the API, for data officers, auditors and administrators: the
 * catalogue with each resource's records and freshness, batches with their counts, a batch's
 * rejects (line, field, reason), and sharing tasks with their deliveries. Every call passes the
 * access gate (rejects quote what departments sent). */
#include "base/jsonw.h"
#include "server/api_int.h"

static int resource_row(void *arg, const struct store_resource_row *r)
{
	struct jsonw *w = arg;
	jsonw_obj_begin(w);
	jsonw_key(w, "code");
	jsonw_str(w, r->code);
	jsonw_key(w, "name");
	jsonw_str(w, r->name);
	jsonw_key(w, "provider");
	jsonw_str(w, r->provider);
	jsonw_key(w, "version");
	jsonw_int(w, r->version);
	jsonw_key(w, "records");
	jsonw_int(w, r->records);
	jsonw_key(w, "batches");
	jsonw_int(w, r->batches);
	jsonw_key(w, "last_batch_at");
	jsonw_str(w, r->last_batch_at);
	jsonw_obj_end(w);
	return 0;
}

static int batch_row(void *arg, const struct store_batch_row *b)
{
	struct jsonw *w = arg;
	jsonw_obj_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, b->id);
	jsonw_key(w, "resource");
	jsonw_str(w, b->resource);
	jsonw_key(w, "mode");
	jsonw_str(w, b->mode);
	jsonw_key(w, "status");
	jsonw_str(w, b->status);
	jsonw_key(w, "finished_at");
	jsonw_str(w, b->finished_at ? b->finished_at : "");
	const struct {
		const char *key;
		int64_t v;
	} n[] = { { "read", b->n.read },         { "accepted", b->n.accepted }, { "rejected", b->n.rejected },
		  { "inserted", b->n.inserted }, { "updated", b->n.updated },   { "closed", b->n.closed },
		  { "facts", b->n.facts } };
	for (size_t i = 0; i < ARRAY_SIZE(n); i++) {
		jsonw_key(w, n[i].key);
		jsonw_int(w, n[i].v);
	}
	jsonw_obj_end(w);
	return 0;
}

static int reject_row(void *arg, uint64_t line, const char *field, const char *reason)
{
	struct jsonw *w = arg;
	jsonw_obj_begin(w);
	jsonw_key(w, "line");
	jsonw_int(w, (int64_t)line);
	jsonw_key(w, "field");
	jsonw_str(w, field);
	jsonw_key(w, "reason");
	jsonw_str(w, reason);
	jsonw_obj_end(w);
	return 0;
}

static int task_row(void *arg, const struct store_task *t)
{
	struct jsonw *w = arg;
	jsonw_obj_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, t->id);
	jsonw_key(w, "consumer");
	jsonw_str(w, t->consumer);
	jsonw_key(w, "resource");
	jsonw_str(w, t->resource);
	jsonw_key(w, "fields");
	jsonw_str(w, t->fields);
	jsonw_key(w, "deliveries");
	jsonw_int(w, t->deliveries);
	jsonw_key(w, "delivered");
	jsonw_int(w, t->delivered);
	jsonw_key(w, "last_delivery_at");
	jsonw_str(w, t->last_delivery_at);
	jsonw_obj_end(w);
	return 0;
}

static int delivery_row(void *arg, const struct store_delivery_row *d)
{
	struct jsonw *w = arg;
	jsonw_obj_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, d->id);
	jsonw_key(w, "from");
	jsonw_int(w, d->from);
	jsonw_key(w, "to");
	jsonw_int(w, d->to);
	jsonw_key(w, "records");
	jsonw_int(w, d->records);
	jsonw_key(w, "bytes");
	jsonw_int(w, d->bytes);
	jsonw_key(w, "sha256");
	jsonw_str(w, d->sha256);
	jsonw_key(w, "delivered_at");
	jsonw_str(w, d->delivered_at);
	jsonw_key(w, "acked_at");
	jsonw_str(w, d->acked_at);
	jsonw_obj_end(w);
	return 0;
}

int api_hub(struct api *a, const struct sv_user *u, const char *path, struct api_response *rs)
{
	struct error e;
	error_clear(&e);
	if (sv_gate(a->s, u, SA_HUB, "43", "hub", path, &e))
		return api_fail_error(rs, &e);
	struct jsonw w;
	int rc;
	if (!strcmp(path, "catalog")) {
		api_list_begin(rs, &w, "resources");
		rc = store_resource_each(a->s, resource_row, &w, &e);
	} else if (!strcmp(path, "batches")) {
		api_list_begin(rs, &w, "batches");
		rc = store_batch_each(a->s, NULL, 0, batch_row, &w, &e);
	} else if (!strncmp(path, "batches/", 8) && strstr(path, "/rejects")) {
		char *end;
		long long id = strtoll(path + 8, &end, 10);
		if (id <= 0 || strcmp(end, "/rejects"))
			return api_fail(rs, 404, "not-found", L("没有这个批次", "no such batch"), NULL);
		api_list_begin(rs, &w, "rejects");
		rc = store_reject_each(a->s, (int64_t)id, 1000, reject_row, &w, &e);
	} else if (!strcmp(path, "share/tasks")) {
		api_list_begin(rs, &w, "tasks");
		rc = store_task_each(a->s, 0, task_row, &w, &e);
	} else if (!strncmp(path, "share/tasks/", 12) && strstr(path, "/deliveries")) {
		char *end;
		long long id = strtoll(path + 12, &end, 10);
		if (id <= 0 || strcmp(end, "/deliveries"))
			return api_fail(rs, 404, "not-found", L("没有这个共享任务", "no such sharing task"),
			                NULL);
		api_list_begin(rs, &w, "deliveries");
		rc = store_delivery_each(a->s, (int64_t)id, delivery_row, &w, &e);
	} else {
		return api_fail(rs, 404, "not-found", L("没有这个地址", "no such address"), NULL);
	}
	return api_list_end(rs, &w, rc, &e);
}
