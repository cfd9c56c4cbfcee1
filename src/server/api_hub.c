/* api_hub.c: the data hub through the API, for data officers, auditors and administrators: the
 * catalogue with each resource's records and freshness, batches with their counts, a batch's
 * rejects (line, field, reason), and sharing tasks with their deliveries and the fields each may
 * receive now; data officers subscribe consumers and record the approval of conditional fields.
 * Every call passes the access gate (rejects quote what departments sent). */
#include <json-c/json.h>

#include "app/app.h"
#include "base/jsonw.h"
#include "server/api_int.h"
#include "server/body.h"
#include "server/routes.h"
#include "hub/hub_repo.h"

static int resource_row(void *arg, const struct hub_db_resource_row *r)
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

static int batch_row(void *arg, const struct hub_db_batch_row *b)
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

struct task_list {
	struct jsonw *w;
	struct store *s;
};

/* the subscribed fields the task may not deliver yet (conditional ones awaiting approval) */
static void pending_fields(struct jsonw *w, const char *fields, const char *now)
{
	jsonw_arr_begin(w);
	for (const char *p = fields; *p;) {
		size_t n = strcspn(p, ",");
		bool deliverable = false;
		for (const char *q = now; *q && !deliverable;) {
			size_t m = strcspn(q, ",");
			deliverable = m == n && !memcmp(p, q, n);
			q += m + (q[m] == ',');
		}
		if (!deliverable)
			jsonw_strn(w, p, n);
		p += n + (p[n] == ',');
	}
	jsonw_arr_end(w);
}

static int task_row(void *arg, const struct hub_db_task *t)
{
	struct task_list *g = arg;
	struct jsonw *w = g->w;
	char now[4096];
	struct error e;
	int rc = hub_share_fields_now(g->s, t->id, now, sizeof now, &e);
	if (rc)
		return rc;
	jsonw_obj_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, t->id);
	jsonw_key(w, "consumer");
	jsonw_str(w, t->consumer);
	jsonw_key(w, "resource");
	jsonw_str(w, t->resource);
	jsonw_key(w, "fields");
	jsonw_str(w, t->fields);
	jsonw_key(w, "deliverable");
	jsonw_str(w, now);
	jsonw_key(w, "pending");
	pending_fields(w, t->fields, now);
	jsonw_key(w, "region_prefix");
	jsonw_str(w, t->region_prefix);
	jsonw_key(w, "since");
	jsonw_str(w, t->since);
	jsonw_key(w, "deliveries");
	jsonw_int(w, t->deliveries);
	jsonw_key(w, "delivered");
	jsonw_int(w, t->delivered);
	jsonw_key(w, "last_delivery_at");
	jsonw_str(w, t->last_delivery_at);
	jsonw_obj_end(w);
	return 0;
}

static int delivery_row(void *arg, const struct hub_db_delivery_row *d)
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

/* the hub's reads pass the gate first, named by their path */
static int hub_gate(struct api_call *c, struct error *e)
{
	error_clear(e);
	return app_hub_gate(c->a->s, c->u, c->sub, e);
}

/* GET catalog */
int api_catalog(struct api_call *c)
{
	struct error e;
	struct jsonw w;
	if (hub_gate(c, &e))
		return api_fail_error(c->rs, &e);
	api_list_begin(c->rs, &w, "resources");
	return api_list_end(c->rs, &w, app_catalog_each(c->a->s, resource_row, &w, &e), &e);
}

/* GET batches */
int api_batches(struct api_call *c)
{
	struct error e;
	struct jsonw w;
	if (hub_gate(c, &e))
		return api_fail_error(c->rs, &e);
	api_list_begin(c->rs, &w, "batches");
	return api_list_end(c->rs, &w, app_batches_each(c->a->s, NULL, 0, batch_row, &w, &e), &e);
}

/* GET batches/{batch}/rejects */
int api_rejects(struct api_call *c)
{
	struct error e;
	struct jsonw w;
	if (hub_gate(c, &e))
		return api_fail_error(c->rs, &e);
	api_list_begin(c->rs, &w, "rejects");
	return api_list_end(c->rs, &w, app_rejects_each(c->a->s, c->id, 1000, reject_row, &w, &e), &e);
}

/* GET share/tasks */
int api_tasks(struct api_call *c)
{
	struct error e;
	struct jsonw w;
	struct task_list g = { &w, c->a->s };
	if (hub_gate(c, &e))
		return api_fail_error(c->rs, &e);
	api_list_begin(c->rs, &w, "tasks");
	return api_list_end(c->rs, &w, app_tasks_each(c->a->s, task_row, &g, &e), &e);
}

/* GET share/tasks/{task}/deliveries */
int api_deliveries(struct api_call *c)
{
	struct error e;
	struct jsonw w;
	if (hub_gate(c, &e))
		return api_fail_error(c->rs, &e);
	api_list_begin(c->rs, &w, "deliveries");
	return api_list_end(c->rs, &w, app_deliveries_each(c->a->s, c->id, delivery_row, &w, &e), &e);
}

/* A body the reader refused, after the gate let the change through: audited as refused */
static int refused(struct api *a, const struct access_change *ch, struct api_response *rs, struct error *e)
{
	access_change_refused(a->s, ch, e->code, e);
	return api_fail_error(rs, e);
}

/* POST share/tasks {consumer, resource, fields, region_prefix, since} */
static int share_add(struct api *a, const struct access_change *ch, const struct body *b,
                     struct api_response *rs, struct error *e)
{
	const char *consumer, *resource, *fields, *region, *since;
	if (api_body_text(b, "consumer", 0, &consumer, e) ||
	    api_body_text(b, "resource", 200, &resource, e) || api_body_text(b, "fields", 0, &fields, e) ||
	    api_body_text(b, "region_prefix", 12, &region, e) || api_body_text(b, "since", 64, &since, e))
		return refused(a, ch, rs, e);
	const char *missing = !consumer || !*consumer   ? "consumer"
	                      : !resource || !*resource ? "resource"
	                      : !fields || !*fields     ? "fields"
	                                                : NULL;
	if (missing)
		return api_fail(
		    rs, 400, "invalid",
		    L("需要数据使用方、资源和字段", "a consumer, a resource and fields are needed"), missing);
	if (region && (strlen(region) > 12 || strspn(region, "0123456789") != strlen(region)))
		return api_fail(rs, 400, "invalid",
		                L("区域前缀应为至多 12 位数字", "the region prefix is at most 12 digits"),
		                "region_prefix");
	if (strlen(consumer) > 200 || strlen(fields) > 4000)
		return api_fail(rs, 400, "invalid", L("内容过长", "too long"),
		                strlen(consumer) > 200 ? "consumer" : "fields");
	int64_t task;
	int pending;
	const struct app_by by = { ch, NULL };
	int rc;
	if ((rc = app_share_add(a->s, &by, ch->subject, consumer, resource, fields, region, since, &task,
	                        &pending, e))) {
		if (rc == ERR_NOTFOUND && !e->field[0])
			error_field(e, "resource");
		return api_fail_error(rs, e);
	}
	struct jsonw w;
	buf_reset(&rs->body);
	jsonw_init(&w, &rs->body);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "id");
	jsonw_int(&w, task);
	jsonw_key(&w, "pending");
	jsonw_int(&w, pending);
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	rs->status = 201;
	return 0;
}

/* POST share/tasks/ID/approvals {field, reference}: approved by the user */
static int share_approve(struct api *a, const struct access_user *u, const struct access_change *ch,
                         int64_t task, const struct body *b, struct api_response *rs, struct error *e)
{
	const char *field, *reference;
	if (api_body_text(b, "field", 200, &field, e) || api_body_text(b, "reference", 0, &reference, e))
		return refused(a, ch, rs, e);
	if (!field || !*field)
		return api_fail(rs, 400, "invalid", L("需要字段名", "a field is needed"), "field");
	if (!reference || !*reference || strlen(reference) > 200)
		return api_fail(rs, 400, "invalid",
		                L("需要审批依据（文件号，至多 200 字节）",
		                  "the approving document is needed (at most 200 bytes)"),
		                "reference");
	const struct app_by by = { ch, NULL };
	if (app_share_approve(a->s, &by, ch->subject, task, field, u->name, reference, e))
		return api_fail_error(rs, e);
	rs->status = 204;
	buf_reset(&rs->body);
	return 0;
}

/* POST share/tasks (task 0) or share/tasks/{task}/approvals */
static int share_change(struct api_call *c, int64_t task)
{
	struct api *a = c->a;
	const struct access_user *u = c->u;
	const struct api_request *rq = c->rq;
	const char *path = c->sub;
	struct api_response *rs = c->rs;
	struct error e;
	error_clear(&e);
	struct access_change ch; /* the task or approval and its audit entry commit together */
	if (app_hub_change_gate(a->s, u, SA_SHARE, path, &ch, &e))
		return api_fail_error(rs, &e);
	struct body b = { api_body(rq, rs) };
	int rc = !b.o ? 0 : task ? share_approve(a, u, &ch, task, &b, rs, &e) : share_add(a, &ch, &b, rs, &e);
	api_body_release(&b);
	if (rs->status >= 400 && !e.code) { /* refused before its transaction: audited as refused */
		error_set(&e, ERR_INVAL, "请求内容有误（%d）", "the request was refused (%d)", rs->status);
		access_change_refused(a->s, &ch, ERR_INVAL, &e);
	}
	return rc;
}

int api_share_add(struct api_call *c)
{
	return share_change(c, 0);
}

int api_share_approve(struct api_call *c)
{
	return share_change(c, c->id);
}
