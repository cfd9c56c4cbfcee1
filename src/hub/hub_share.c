/* hub_share.c: sharing tasks: what a consumer may receive of a resource (unconditional fields at
 * once, conditional ones only after an approval is recorded, never those marked 不予共享, all
 * checked again at every pull against the catalogue in force), delivery by pull with a cursor
 * that only an acknowledgement moves, and the log of every delivery with its checksum. */
#include <json-c/json.h>
#include <sodium.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "base/money.h"
#include "base/mem.h"
#include "hub/hub.h"
#include "hub/hub_repo.h"

#define NOT_SHARED "不予共享"
#define CONDITIONAL "有条件"

static int field_of(const struct hub_resource *r, const char *name, size_t n)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (strlen(r->fields[i].name) == n && !memcmp(r->fields[i].name, name, n))
			return (int)i;
	return -1;
}

/* is name already in the comma-separated list? */
static bool listed(const struct buf *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = buf_cstr(list); *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && !memcmp(p, name, n))
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

int hub_share_add(struct store *s, const char *consumer, const char *resource, const char *fields,
                  const char *region_prefix, const char *since, int64_t *task, int *pending, struct error *e)
{
	struct hub_resource *r;
	int version, rc = hub_resource_load(s, resource, &r, &version, e);
	if (rc)
		return rc;
	struct buf list = BUF_INIT(16384);
	*pending = 0;
	if (!consumer || !*consumer) {
		rc = error_set(e, ERR_INVAL, "需要指定数据使用方", "a consumer is needed");
		error_field(e, "consumer");
	}
	for (const char *p = fields; rc == 0 && *p;) {
		size_t n = strcspn(p, ",");
		if (n == 1 && *p == '*') {
			for (size_t i = 0; i < r->nfields; i++) {
				if (!strcmp(r->fields[i].share, NOT_SHARED) ||
				    listed(&list, r->fields[i].name))
					continue;
				buf_addf(&list, "%s%s", list.len ? "," : "", r->fields[i].name);
				*pending += !strcmp(r->fields[i].share, CONDITIONAL);
			}
		} else {
			int f = field_of(r, p, n);
			if (f < 0)
				rc = error_set(e, ERR_INVAL, "资源 %s 没有字段“%.*s”",
				               "resource %s has no field %.*s", resource, (int)n, p);
			else if (!strcmp(r->fields[f].share, NOT_SHARED))
				rc = error_set(e, ERR_INVAL, "字段“%s”不予共享",
				               "the field %s is never shared (不予共享)", r->fields[f].name);
			if (rc)
				error_field(e, "fields");
			else if (!listed(&list, r->fields[f].name)) {
				buf_addf(&list, "%s%s", list.len ? "," : "", r->fields[f].name);
				*pending += !strcmp(r->fields[f].share, CONDITIONAL);
			}
		}
		p += n + (p[n] == ',');
	}
	if (rc == 0 && list.len == 0) {
		rc = error_set(e, ERR_INVAL, "没有可共享的字段", "no field that may be shared was asked for");
		error_field(e, "fields");
	}
	date_t d;
	if (rc == 0 && since && *since && date_parse(since, strlen(since), &d)) {
		rc = error_set(e, ERR_INVAL, "起始日期（--since）应为 YYYY-MM-DD：%s",
		               "the start date (--since) must be YYYY-MM-DD: %s", since);
		error_field(e, "since");
	}
	if (rc == 0)
		rc = hub_db_task_add(s, consumer, resource, list.data, region_prefix ? region_prefix : "",
		                     since ? since : "", task, e);
	buf_release(&list);
	hub_resource_free(r);
	return rc;
}

struct task_copy {
	int64_t id, cursor;
	char *resource, *fields, *region, *since;
};

static int copy_task(void *arg, const struct hub_db_task *t)
{
	struct task_copy *c = arg;
	c->id = t->id;
	c->cursor = t->acked_cursor;
	c->resource = mem_strdup(t->resource);
	c->fields = mem_strdup(t->fields);
	c->region = mem_strdup(t->region_prefix);
	c->since = mem_strdup(t->since);
	return 0;
}

static void task_release(struct task_copy *c)
{
	mem_free(c->resource);
	mem_free(c->fields);
	mem_free(c->region);
	mem_free(c->since);
}

static int load_task(struct store *s, int64_t id, struct task_copy *c, struct error *e)
{
	memset(c, 0, sizeof *c);
	int rc = hub_db_task_each(s, id, copy_task, c, e);
	if (rc == 0 && (!c->resource || !c->fields || !c->region || !c->since))
		rc = error_nomem(e);
	if (rc) {
		task_release(c);
		memset(c, 0, sizeof *c);
	}
	return rc;
}

int hub_share_approve(struct store *s, int64_t task, const char *field, const char *by, const char *reference,
                      struct error *e)
{
	struct task_copy t;
	int rc = load_task(s, task, &t, e);
	if (rc)
		return rc;
	struct hub_resource *r;
	int version;
	rc = hub_resource_load(s, t.resource, &r, &version, e);
	if (rc == 0) {
		int f = field_of(r, field, strlen(field));
		bool asked = false;
		for (const char *p = t.fields; *p && !asked;) {
			size_t n = strcspn(p, ",");
			asked = n == strlen(field) && !memcmp(p, field, n);
			p += n + (p[n] == ',');
		}
		if (f < 0 || !asked)
			rc = error_set(e, ERR_INVAL, "任务 %" PRId64 " 没有订阅字段“%s”",
			               "task %" PRId64 " does not subscribe to the field %s", task, field);
		else if (strcmp(r->fields[f].share, CONDITIONAL))
			rc = error_set(e, ERR_INVAL, "字段“%s”是%s，无需也不能审批",
			               "the field %s is %s: there is nothing to approve", field,
			               r->fields[f].share);
		if (rc)
			error_field(e, "field");
		else if (!by || !*by || !reference || !*reference) {
			rc = error_set(e, ERR_INVAL, "审批须写明审批人和依据文件",
			               "an approval needs who approved it and the document");
			error_field(e, "reference");
		} else
			rc = hub_db_approval_add(s, task, field, by, reference, e);
		hub_resource_free(r);
	}
	task_release(&t);
	return rc;
}

/* the indices of the fields the task may deliver now; *n of them */
static int allowed_now(struct store *s, const struct task_copy *t, const struct hub_resource *r, int *idx,
                       size_t *n, struct error *e)
{
	*n = 0;
	for (const char *p = t->fields; *p;) {
		size_t len = strcspn(p, ",");
		int f = field_of(r, p, len);
		p += len + (p[len] == ',');
		if (f < 0 || !strcmp(r->fields[f].share, NOT_SHARED))
			continue; /* gone from the catalogue, or no longer shared: never delivered */
		if (!strcmp(r->fields[f].share, CONDITIONAL)) {
			bool ok;
			int rc = hub_db_approval_has(s, t->id, r->fields[f].name, &ok, e);
			if (rc)
				return rc;
			if (!ok)
				continue;
		}
		idx[(*n)++] = f;
	}
	return 0;
}

int hub_share_fields_now(struct store *s, int64_t task, char *out, size_t cap, struct error *e)
{
	struct task_copy t;
	struct hub_resource *r = NULL;
	int version, idx[256];
	size_t n = 0;
	out[0] = '\0';
	int rc = load_task(s, task, &t, e);
	if (rc)
		return rc;
	rc = hub_resource_load(s, t.resource, &r, &version, e);
	if (rc == 0)
		rc = allowed_now(s, &t, r, idx, &n, e);
	for (size_t i = 0, used = 0; rc == 0 && i < n; i++)
		used += (size_t)snprintf(out + used, used < cap ? cap - used : 0, "%s%s", i ? "," : "",
		                         r->fields[idx[i]].name);
	hub_resource_free(r);
	task_release(&t);
	return rc;
}

struct pull {
	const struct hub_resource *r;
	const struct task_copy *t;
	const int *idx;
	size_t n;
	long region_fields;
	FILE *out;
	struct buf line;
	crypto_hash_sha256_state sha;
	int64_t last, records, bytes;
	struct error *e;
};

static bool in_region(const struct pull *p, struct json_object *o)
{
	if (!p->t->region[0])
		return true;
	size_t plen = strlen(p->t->region);
	bool any_region_field = false;
	for (size_t i = 0; i < p->r->nfields; i++) {
		if (p->r->fields[i].type != HT_REGION)
			continue;
		any_region_field = true;
		struct json_object *v;
		if (json_object_object_get_ex(o, p->r->fields[i].name, &v) &&
		    !strncmp(json_object_get_string(v), p->t->region, plen))
			return true;
	}
	if (any_region_field)
		return false;
	/* no region field: the issuing region of the person's ID number */
	for (size_t i = 0; i < p->r->nfields; i++) {
		struct json_object *v;
		if (p->r->fields[i].type == HT_ID && json_object_object_get_ex(o, p->r->fields[i].name, &v))
			return !strncmp(json_object_get_string(v), p->t->region, plen);
	}
	return false;
}

/* A stored amount is whole fen ("9000", as ingest keeps it); the catalogue declares money in
 * yuan, so it is delivered as the department published it: "90.00". Anything else as stored. */
static const char *as_yuan(const char *fen, char out[MONEY_STR_SIZE])
{
	char *end;
	errno = 0;
	long long v = strtoll(fen, &end, 10);
	if (!*fen || *end || errno)
		return fen;
	money_format(v, out);
	return out;
}

static int pull_one(void *arg, int64_t id, const char *data)
{
	struct pull *p = arg;
	char yuan[MONEY_STR_SIZE];
	p->last = id;
	struct json_object *o = json_tokener_parse(data);
	if (!o)
		return error_set(p->e, ERR_INVAL, "记录 %" PRId64 " 已损坏", "record %" PRId64 " is damaged",
		                 id);
	if (!in_region(p, o)) {
		json_object_put(o);
		return 0;
	}
	buf_reset(&p->line);
	struct jsonw w;
	jsonw_init(&w, &p->line);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "_record");
	jsonw_int(&w, id);
	for (size_t i = 0; i < p->n; i++) {
		const struct hub_field *f = &p->r->fields[p->idx[i]];
		struct json_object *v;
		const char *text = json_object_object_get_ex(o, f->name, &v) ? json_object_get_string(v) : "";
		jsonw_key(&w, f->name);
		jsonw_str(&w, f->type == HT_MONEY ? as_yuan(text, yuan) : text);
	}
	jsonw_obj_end(&w);
	json_object_put(o);
	if (jsonw_finish(&w) || buf_addch(&p->line, '\n'))
		return error_nomem(p->e);
	if (fwrite(p->line.data, 1, p->line.len, p->out) != p->line.len)
		return error_set(p->e, ERR_IO, "写出失败：%s", "writing the delivery failed: %s",
		                 strerror(errno));
	crypto_hash_sha256_update(&p->sha, (const unsigned char *)p->line.data, p->line.len);
	p->records++;
	p->bytes += (int64_t)p->line.len;
	return 0;
}

int hub_share_pull(struct store *s, int64_t task, long limit, FILE *out, struct hub_delivery *d,
                   struct error *e)
{
	memset(d, 0, sizeof *d);
	if (sodium_init() < 0)
		return error_set(e, ERR_INVAL, "无法初始化 libsodium", "libsodium failed to start");
	struct task_copy t;
	int rc = load_task(s, task, &t, e);
	if (rc)
		return rc;
	struct hub_resource *r = NULL;
	int version, idx[256];
	struct pull p = { .t = &t, .idx = idx, .out = out, .e = e };
	buf_init(&p.line, (size_t)16 << 20);
	rc = hub_resource_load(s, t.resource, &r, &version, e);
	p.r = r;
	if (rc == 0)
		rc = allowed_now(s, &t, r, idx, &p.n, e);
	if (rc == 0 && p.n == 0)
		rc = error_set(e, ERR_INVAL, "任务 %" PRId64 " 目前没有可投递的字段（有条件字段尚待审批）",
		               "task %" PRId64
		               " may not deliver any field yet (its conditional fields wait for approval)",
		               task);
	crypto_hash_sha256_init(&p.sha);
	p.last = t.cursor;
	if (rc == 0)
		rc = hub_db_records_after(s, t.resource, t.cursor, t.since, limit > 0 ? limit : 100000,
		                          pull_one, &p, e);
	if (rc == 0 && fflush(out))
		rc = error_set(e, ERR_IO, "写出失败：%s", "writing the delivery failed: %s", strerror(errno));
	if (rc == 0) {
		unsigned char digest[crypto_hash_sha256_BYTES];
		crypto_hash_sha256_final(&p.sha, digest);
		sodium_bin2hex(d->sha256, sizeof d->sha256, digest, sizeof digest);
		d->from = t.cursor;
		d->to = p.last;
		d->records = p.records;
		d->bytes = p.bytes;
		rc = hub_db_delivery_add(s, task, d->from, d->to, d->records, d->bytes, d->sha256, &d->id, e);
	}
	buf_release(&p.line);
	hub_resource_free(r);
	task_release(&t);
	return rc;
}

int hub_share_ack(struct store *s, int64_t task, int64_t delivery, struct error *e)
{
	struct hub_db_delivery_state d;
	int rc = hub_db_delivery_get(s, task, delivery, &d, e);
	if (rc <= 0)
		return rc < 0 ? rc
		              : error_set(e, ERR_NOTFOUND, "任务 %" PRId64 " 没有投递 %" PRId64,
		                          "task %" PRId64 " has no delivery %" PRId64, task, delivery);
	if (d.acked)
		return 0;       /* acknowledging twice changes nothing */
	if (d.from != d.cursor) /* deliveries are acknowledged in order: the cursor never skips records */
		return error_set(
		    e, ERR_INVAL, "投递 %" PRId64 " 不是任务的下一次投递（游标 %" PRId64 "），请重新拉取",
		    "delivery %" PRId64 " is not the task's next one (cursor %" PRId64 "): pull again",
		    delivery, d.cursor);
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	if ((rc = store_begin(s, e)))
		return rc;
	if ((rc = hub_db_delivery_acked(s, task, delivery, d.to, now, e))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}
