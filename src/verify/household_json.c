/* household_json.c: a household described entirely in a JSON file (docs/VERIFY.md), for
 * `safetynet verify --household`: its members with ID numbers and relations, their records by
 * resource with the department's field names, and the authorisation. Each record becomes facts
 * through the catalogue's fact mappings, as ingest would make them; a value that does not fit
 * its field's type is refused with the path of the field, e.g. members[2].records.43SW001[3].收入额. */
#include <json-c/json.h>

#include "base/idno.h"
#include "base/mem.h"
#include "base/money.h"
#include "exchange/exchange.h"
#include "gen/gen.h"
#include "verify/verify.h"

struct catalog {
	struct hub_resource **r;
	size_t n;
};

static const struct hub_resource *catalog_find(const struct catalog *c, const char *code)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->r[i]->code, code))
			return c->r[i];
	return NULL;
}

static const char *get_str(struct json_object *o, const char *key)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return NULL;
	return json_object_get_string(v);
}

struct reader {
	struct arena *a;
	const struct catalog *cat;
	struct error *e;
	char path[256];
};

static int bad(struct reader *g, const char *field, const char *zh, const char *en)
{
	return error_set(g->e, ERR_INVAL, "%s%s：%s", "%s%s: %s", g->path, field, L(zh, en));
}

static char *dup(struct reader *g, const char *s)
{
	return arena_strndup(g->a, s ? s : "", s ? strlen(s) : 0);
}

/* a field's value, checked against its type and written as the hub stores it */
static int field_value(struct reader *g, const struct hub_field *f, struct json_object *v, const char **out,
                       int64_t *fen)
{
	const char *s = json_object_get_string(v);
	size_t n = s ? strlen(s) : 0;
	char where[200];
	snprintf(where, sizeof where, ".%s", f->name);
	if (json_object_is_type(v, json_type_object) || json_object_is_type(v, json_type_array))
		return bad(g, where, "应为文字或数字", "must be text or a number");
	switch (f->type) {
	case HT_MONEY: {
		struct error me;
		if (money_parse(s, n, fen, &me))
			return bad(g, where, "不是以元为单位的金额（如 \"1500.00\"）",
			           "is not an amount in yuan (like \"1500.00\")");
		if (*fen < 0)
			return bad(g, where, "金额为负数", "is a negative amount");
		break;
	}
	case HT_DATE: {
		date_t d;
		if (n != 10 || date_parse(s, n, &d))
			return bad(g, where, "不是真实存在的日期（YYYY-MM-DD）",
			           "is not a real date (YYYY-MM-DD)");
		break;
	}
	case HT_MONTH: {
		month_t m;
		if (n != 7 || month_parse(s, n, &m))
			return bad(g, where, "不是年月（YYYY-MM）", "is not a month (YYYY-MM)");
		break;
	}
	case HT_ID: {
		struct idno id;
		if (idno_parse(s, n, 0, &id) != IDNO_OK)
			return bad(g, where, "不是有效的身份证号", "is not a valid ID number");
		*out = dup(g, id.id);
		return *out ? 0 : error_nomem(g->e);
	}
	default:
		break;
	}
	*out = dup(g, s);
	return *out ? 0 : error_nomem(g->e);
}

struct facts {
	struct vf_fact *items;
	size_t n, cap;
};

static int fact_push(struct reader *g, struct facts *fs, const struct vf_fact *f)
{
	if (fs->n == fs->cap) {
		size_t cap = fs->cap ? fs->cap * 2 : 32;
		struct vf_fact *n = arena_alloc(g->a, cap * sizeof *n);
		if (!n)
			return error_nomem(g->e);
		if (fs->n)
			memcpy(n, fs->items, fs->n * sizeof *n);
		fs->items = n;
		fs->cap = cap;
	}
	fs->items[fs->n++] = *f;
	return 0;
}

/* one record of a resource: the facts it gives about this member */
static int record(struct reader *g, const struct hub_resource *r, struct json_object *rec, const char *idno,
                  long line, struct facts *fs)
{
	if (!json_object_is_type(rec, json_type_object))
		return bad(g, "", "应为对象（字段名到取值）", "must be an object (field names to values)");
	const char *val[64] = { 0 };
	int64_t fen[64] = { 0 };
	if (r->nfields > 64)
		return bad(g, "", "资源字段过多", "the resource has too many fields");
	json_object_object_foreach(rec, key, v)
	{
		size_t i = 0;
		while (i < r->nfields && strcmp(r->fields[i].name, key))
			i++;
		if (i == r->nfields) {
			char where[200];
			snprintf(where, sizeof where, ".%s", key);
			return bad(g, where, "资源中没有这个字段", "is not a field of this resource");
		}
		int rc = field_value(g, &r->fields[i], v, &val[i], &fen[i]);
		if (rc)
			return rc;
	}
	for (size_t k = 0; k < r->nfacts; k++) {
		const struct hub_fact_map *m = &r->facts[k];
		if (val[m->person] && strcmp(val[m->person], idno))
			continue; /* a fact about someone else named in the record */
		struct vf_fact f = { 0 };
		f.kind = dup(g, m->kind);
		f.period = m->period >= 0 ? val[m->period] : NULL;
		f.value = m->value >= 0 ? val[m->value] : NULL;
		f.has_amount = m->amount >= 0 && val[m->amount] != NULL;
		f.amount = f.has_amount ? fen[m->amount] : 0;
		f.resource = dup(g, r->code);
		if (!f.kind || !f.resource)
			return error_nomem(g->e);
		f.batch_date = "";
		f.line = line;
		int rc = fact_push(g, fs, &f);
		if (rc)
			return rc;
	}
	return 0;
}

static int member(struct reader *g, struct json_object *o, size_t index, struct vf_member *m)
{
	char base[64];
	snprintf(base, sizeof base, "members[%zu]", index + 1);
	snprintf(g->path, sizeof g->path, "%s", base);
	if (!json_object_is_type(o, json_type_object))
		return bad(g, "", "应为对象", "must be an object");
	const char *id = get_str(o, "id");
	struct idno idn;
	if (!id)
		return bad(g, ".id", "缺少身份证号", "is missing: the member's ID number");
	if (idno_parse(id, strlen(id), 0, &idn) != IDNO_OK)
		return bad(g, ".id", "不是有效的身份证号", "is not a valid ID number");
	m->idno = dup(g, idn.id);
	m->name = dup(g, get_str(o, "name"));
	const char *rel = get_str(o, "relation");
	if (!rel || strlen(rel) != 2 || rel[0] != '0' || rel[1] < '1' || rel[1] > '7')
		return bad(g, ".relation", "应为与户主关系代码 01-07（01 户主，02 配偶，03 子女…）",
		           "must be the relation to the head, 01-07 (01 head, 02 spouse, 03 child, ...)");
	m->relation = dup(g, rel);
	const char *status = get_str(o, "status");
	if (status && strcmp(status, "正常") && strcmp(status, "死亡注销") && strcmp(status, "迁出"))
		return bad(g, ".status", "应为 正常、死亡注销 或 迁出", "must be 正常, 死亡注销 or 迁出");
	m->status = dup(g, status ? status : "正常");
	m->birth = idn.birth;
	m->sex = idn.sex;
	const char *birth = get_str(o, "birth");
	if (birth && (strlen(birth) != 10 || date_parse(birth, 10, &m->birth)))
		return bad(g, ".birth", "不是真实存在的日期（YYYY-MM-DD）",
		           "is not a real date (YYYY-MM-DD)");
	if (!m->idno || !m->name || !m->relation || !m->status)
		return error_nomem(g->e);
	struct json_object *recs;
	struct facts fs = { 0 };
	if (json_object_object_get_ex(o, "records", &recs)) {
		if (!json_object_is_type(recs, json_type_object))
			return bad(g, ".records", "应为对象（资源代码到记录数组）",
			           "must be an object (resource codes to arrays of records)");
		json_object_object_foreach(recs, code, list)
		{
			const struct hub_resource *r = catalog_find(g->cat, code);
			snprintf(g->path, sizeof g->path, "%s.records.%s", base, code);
			if (!r)
				return bad(g, "", "目录中没有这个资源", "is not a resource of the catalogue");
			if (!json_object_is_type(list, json_type_array))
				return bad(g, "", "应为记录数组", "must be an array of records");
			for (size_t k = 0; k < json_object_array_length(list); k++) {
				snprintf(g->path, sizeof g->path, "%s.records.%s[%zu]", base, code, k + 1);
				int rc = record(g, r, json_object_array_get_idx(list, k), m->idno,
				                (long)k + 1, &fs);
				if (rc)
					return rc;
			}
		}
	}
	m->facts = fs.items;
	m->nfacts = fs.n;
	return 0;
}

static int authorisation(struct reader *g, struct json_object *root, struct vf_household *h)
{
	struct json_object *o;
	if (!json_object_object_get_ex(root, "authorisation", &o) || json_object_is_type(o, json_type_null))
		return 0; /* verification refuses it, with its own message */
	snprintf(g->path, sizeof g->path, "authorisation");
	if (!json_object_is_type(o, json_type_object))
		return bad(g, "", "应为对象", "must be an object");
	const char *by = get_str(o, "signed_by"), *on = get_str(o, "signed_on"),
	           *until = get_str(o, "valid_until");
	date_t d;
	if (!by || !*by)
		return bad(g, ".signed_by", "缺少签署人", "is missing: who signed");
	if (!on || strlen(on) != 10 || date_parse(on, 10, &d))
		return bad(g, ".signed_on", "应为签署日期（YYYY-MM-DD）",
		           "must be the day it was signed (YYYY-MM-DD)");
	if (until && *until && (strlen(until) != 10 || date_parse(until, 10, &d)))
		return bad(g, ".valid_until", "应为日期（YYYY-MM-DD）或留空",
		           "must be a date (YYYY-MM-DD) or empty");
	h->has_auth = true;
	h->auth.signed_by = dup(g, by);
	h->auth.signed_on = dup(g, on);
	h->auth.valid_until = dup(g, until);
	h->auth.scope = dup(g, get_str(o, "scope"));
	h->auth.document = dup(g, get_str(o, "document"));
	return 0;
}

static int household(struct reader *g, struct json_object *root, struct vf_household *h)
{
	if (!json_object_is_type(root, json_type_object))
		return error_set(g->e, ERR_INVAL, "家庭文件应为一个 JSON 对象",
		                 "the household file must be one JSON object");
	h->id = dup(g, get_str(root, "household"));
	const char *region = get_str(root, "region");
	if (!region || !*region)
		return error_set(
		    g->e, ERR_INVAL, "region：缺少家庭居住地的区划代码（12 位村或社区代码）",
		    "region: is missing: the code of the village or community the household lives in");
	h->region = dup(g, region);
	struct json_object *u, *ms;
	h->urban = -1;
	if (json_object_object_get_ex(root, "urban", &u) && !json_object_is_type(u, json_type_null)) {
		if (!json_object_is_type(u, json_type_boolean))
			return error_set(g->e, ERR_INVAL, "urban：应为 true（城市）或 false（农村）",
			                 "urban: must be true (urban) or false (rural)");
		h->urban = json_object_get_boolean(u);
	}
	if (!json_object_object_get_ex(root, "members", &ms) || !json_object_is_type(ms, json_type_array) ||
	    json_object_array_length(ms) == 0)
		return error_set(g->e, ERR_INVAL, "members：应为至少有一名成员的数组",
		                 "members: must be an array with at least one member");
	h->nmembers = json_object_array_length(ms);
	h->members = arena_calloc(g->a, h->nmembers * sizeof *h->members);
	if (!h->id || !h->region || !h->members)
		return error_nomem(g->e);
	for (size_t i = 0; i < h->nmembers; i++) {
		int rc = member(g, json_object_array_get_idx(ms, i), i, &h->members[i]);
		if (rc)
			return rc;
	}
	return authorisation(g, root, h);
}

int vf_household_from_json(const char *json, size_t len, const char *catalog_json, struct arena *a,
                           struct vf_household *h, struct error *e)
{
	memset(h, 0, sizeof *h);
	struct buf builtin = BUF_INIT((size_t)16 << 20);
	if (!catalog_json) {
		if (gen_catalog_json(month_from_ym(2025, 1), &builtin))
			return error_nomem(e);
		catalog_json = buf_cstr(&builtin);
	}
	struct catalog cat;
	int rc = hub_catalog_parse(catalog_json, &cat.r, &cat.n, e);
	buf_release(&builtin);
	if (rc)
		return rc;
	struct json_tokener *tok = json_tokener_new();
	struct json_object *root = tok ? json_tokener_parse_ex(tok, json, (int)len) : NULL;
	if (!tok) {
		rc = error_nomem(e);
	} else if (!root) {
		enum json_tokener_error je = json_tokener_get_error(tok);
		rc = error_set(e, ERR_INVAL, "家庭文件不是合法的 JSON（第 %zu 个字节附近：%s）",
		               "the household file is not valid JSON (near byte %zu: %s)",
		               json_tokener_get_parse_end(tok), json_tokener_error_desc(je));
	} else {
		struct reader g = { a, &cat, e, "" };
		rc = household(&g, root, h);
	}
	json_object_put(root);
	if (tok)
		json_tokener_free(tok);
	hub_catalog_free(cat.r, cat.n);
	return rc;
}
