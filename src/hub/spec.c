/* spec.c: reading a resource's catalogue entry (JSON) into struct hub_resource, checking that
 * every field has a known type, the key and fact mappings name real fields. */
#include <json-c/json.h>

#include "base/mem.h"
#include "hub/hub.h"
#include "hub/hub_repo.h"

static const struct {
	const char *name;
	enum hub_type type;
} types[] = {
	{ "text", HT_TEXT },     { "id", HT_ID },     { "name", HT_NAME },   { "code", HT_CODE },
	{ "region", HT_REGION }, { "date", HT_DATE }, { "month", HT_MONTH }, { "money", HT_MONEY },
	{ "int", HT_INT },       { "bool", HT_CODE },
};

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static char *dup_or_empty(const char *s)
{
	return mem_strdup(s ? s : "");
}

void hub_resource_free(struct hub_resource *r)
{
	if (!r)
		return;
	char **strs[] = { &r->code,   &r->name,     &r->provider,     &r->provider_code,
		          &r->format, &r->encoding, &r->sharing_type, &r->update_cycle };
	for (size_t i = 0; i < ARRAY_SIZE(strs); i++)
		mem_free(*strs[i]);
	for (size_t i = 0; r->fields && i < r->nfields; i++) {
		mem_free(r->fields[i].name);
		mem_free(r->fields[i].share);
	}
	for (size_t i = 0; r->facts && i < r->nfacts; i++)
		mem_free(r->facts[i].kind);
	mem_free(r->fields);
	mem_free(r->keys);
	mem_free(r->facts);
	mem_free(r);
}

static int field_index(const struct hub_resource *r, const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].name, name))
			return (int)i;
	return -2;
}

static int bad(struct error *e, const char *code, const char *zh, const char *en, const char *what)
{
	return error_set(e, ERR_INVAL, "资源 %s：%s：%s", "resource %s: %s: %s", code ? code : "?", L(zh, en),
	                 what);
}

/* "household_field": the field of the person register that holds the household number; the
 * store indexes it by name, so a name that cannot be written plainly in SQL is refused */
static int household_field(struct json_object *o, struct hub_resource *r, struct error *e)
{
	const char *name = str(o, "household_field");
	r->household_field = -1;
	if (!name)
		return 0;
	if ((r->household_field = field_index(r, name)) < 0)
		return bad(e, r->code, "户号字段不是本资源的字段", "the household field is not a field",
		           name);
	for (const char *c = name; *c; c++)
		if (strchr("'\"\\", *c) || (unsigned char)*c < 0x20)
			return bad(
			    e, r->code, "户号字段名不能含引号、反斜杠或控制字符",
			    "the household field's name may not hold quotes, backslashes or control characters",
			    name);
	return 0;
}

static int parse_obj(struct json_object *o, struct hub_resource *r, struct error *e)
{
	const char *code = str(o, "code");
	if (!code || !*code)
		return bad(e, NULL, "缺少资源代码", "no resource code", "code");
	if (!(r->code = mem_strdup(code)))
		return error_nomem(e);
	r->name = dup_or_empty(str(o, "name"));
	r->provider = dup_or_empty(str(o, "provider"));
	r->provider_code = dup_or_empty(str(o, "provider_code"));
	r->format = dup_or_empty(str(o, "format"));
	r->encoding = dup_or_empty(str(o, "encoding"));
	r->sharing_type = dup_or_empty(str(o, "sharing_type"));
	r->update_cycle = dup_or_empty(str(o, "update_cycle"));
	if (!r->code || !r->name || !r->provider || !r->provider_code || !r->format || !r->encoding ||
	    !r->sharing_type || !r->update_cycle)
		return error_nomem(e);
	if (strcmp(r->format, "csv") && strcmp(r->format, "jsonl"))
		return bad(e, code, "格式应为 csv 或 jsonl", "format must be csv or jsonl", r->format);
	r->jsonl = !strcmp(r->format, "jsonl");
	r->gb18030 = !strcmp(r->encoding, "GB18030");
	const char *df = str(o, "date_format");
	r->date_style = !df || !strcmp(df, "YYYY-MM-DD") ? '-' : !strcmp(df, "YYYY/MM/DD") ? '/' : '0';
	struct json_object *fields, *keys, *facts;
	if (!json_object_object_get_ex(o, "fields", &fields) ||
	    !json_object_is_type(fields, json_type_array) || json_object_array_length(fields) == 0)
		return bad(e, code, "缺少字段列表", "no fields", "fields");
	r->nfields = json_object_array_length(fields);
	r->fields = mem_calloc(r->nfields, sizeof *r->fields);
	if (!r->fields)
		return error_nomem(e);
	for (size_t i = 0; i < r->nfields; i++) {
		struct json_object *f = json_object_array_get_idx(fields, i), *req;
		const char *name = str(f, "name"), *type = str(f, "type");
		if (!name || !*name)
			return bad(e, code, "字段缺少名称", "a field has no name", "fields");
		r->fields[i].name = mem_strdup(name);
		r->fields[i].share = dup_or_empty(str(f, "share") ? str(f, "share") : r->sharing_type);
		r->fields[i].required =
		    json_object_object_get_ex(f, "required", &req) && json_object_get_boolean(req);
		if (!r->fields[i].name || !r->fields[i].share)
			return error_nomem(e);
		size_t k = 0;
		while (k < ARRAY_SIZE(types) && (!type || strcmp(types[k].name, type)))
			k++;
		if (k == ARRAY_SIZE(types))
			return bad(e, code, "字段类型未知", "unknown field type", type ? type : name);
		r->fields[i].type = types[k].type;
	}
	if (json_object_object_get_ex(o, "key_fields", &keys) && json_object_is_type(keys, json_type_array)) {
		r->nkeys = json_object_array_length(keys);
		r->keys = mem_calloc(r->nkeys + 1, sizeof *r->keys);
		for (size_t i = 0; r->keys && i < r->nkeys; i++) {
			const char *k = json_object_get_string(json_object_array_get_idx(keys, i));
			if ((r->keys[i] = field_index(r, k)) < 0)
				return bad(e, code, "主键字段不存在", "a key field is not a field",
				           k ? k : "?");
		}
	}
	if (r->nkeys == 0)
		return bad(e, code, "缺少主键字段", "no key fields", "key_fields");
	if (json_object_object_get_ex(o, "facts", &facts) && json_object_is_type(facts, json_type_array)) {
		r->nfacts = json_object_array_length(facts);
		r->facts = mem_calloc(r->nfacts + 1, sizeof *r->facts);
		for (size_t i = 0; r->facts && i < r->nfacts; i++) {
			struct json_object *f = json_object_array_get_idx(facts, i);
			struct hub_fact_map *m = &r->facts[i];
			if (!(m->kind = dup_or_empty(str(f, "kind"))))
				return error_nomem(e);
			m->person = field_index(r, str(f, "person"));
			m->period = field_index(r, str(f, "period"));
			m->amount = field_index(r, str(f, "amount"));
			m->value = field_index(r, str(f, "value"));
			if (!*m->kind || m->person < 0 || m->period < -1 || m->amount < -1 || m->value < -1)
				return bad(e, code, "事实映射引用了不存在的字段",
				           "a fact mapping names a field that does not exist", m->kind);
			if (r->fields[m->person].type != HT_ID)
				return bad(e, code, "事实的人员字段必须是身份证号",
				           "a fact's person field must be an ID number", m->kind);
			if (m->amount >= 0 && r->fields[m->amount].type != HT_MONEY)
				return bad(e, code, "事实的金额字段必须是金额类型",
				           "a fact's amount field must be money", m->kind);
		}
	}
	if (!r->keys || (r->nfacts && !r->facts))
		return error_nomem(e);
	return household_field(o, r, e);
}

int hub_resource_parse(const char *json, struct hub_resource **out, struct error *e)
{
	struct json_object *o = json_tokener_parse(json);
	if (!o || !json_object_is_type(o, json_type_object)) {
		if (o)
			json_object_put(o);
		return error_set(e, ERR_INVAL, "资源描述不是 JSON 对象",
		                 "the resource description is not a JSON object");
	}
	struct hub_resource *r = mem_calloc(1, sizeof *r);
	int rc = r ? parse_obj(o, r, e) : error_nomem(e);
	json_object_put(o);
	if (rc) {
		hub_resource_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int hub_resource_load(struct store *s, const char *code, struct hub_resource **out, int *version,
                      struct error *e)
{
	char *spec;
	int rc = hub_db_resource_get(s, code, &spec, version, e);
	if (rc)
		return rc;
	rc = hub_resource_parse(spec, out, e);
	mem_free(spec);
	return rc;
}
