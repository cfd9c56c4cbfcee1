/* hub_catalog.c: reading a catalogue (every entry parsed and checked) and importing a catalogue
 * file: every entry is checked before anything is written, then all are stored in one
 * transaction; a changed entry becomes a new version. */
#include <json-c/json.h>

#include "base/mem.h"
#include "hub/hub.h"
#include "hub/hub_repo.h"

/* one entry of the resources array, parsed and checked; the entry's number prefixes an error */
static int parse_entry(struct json_object *list, size_t i, struct hub_resource **r, struct error *e)
{
	const char *text =
	    json_object_to_json_string_ext(json_object_array_get_idx(list, i), JSON_C_TO_STRING_PLAIN);
	int rc = hub_resource_parse(text, r, e);
	if (rc)
		error_prefix(e, "第 %zu 项：", "entry %zu: ", i + 1);
	return rc;
}

void hub_catalog_free(struct hub_resource **r, size_t n)
{
	for (size_t i = 0; r && i < n; i++)
		hub_resource_free(r[i]);
	mem_free(r);
}

int hub_catalog_parse(const char *text, struct hub_resource ***out, size_t *n, struct error *e)
{
	*out = NULL;
	*n = 0;
	struct json_object *root = json_tokener_parse(text), *list;
	if (!root || !json_object_object_get_ex(root, "resources", &list) ||
	    !json_object_is_type(list, json_type_array)) {
		json_object_put(root);
		return error_set(e, ERR_INVAL, "目录无法读取（应有 resources 数组）",
		                 "the catalogue cannot be read (it needs a resources array)");
	}
	size_t len = json_object_array_length(list);
	struct hub_resource **r = mem_calloc(len + 1, sizeof *r);
	int rc = r ? 0 : error_nomem(e);
	size_t got = 0;
	for (; rc == 0 && got < len; got++)
		if ((rc = parse_entry(list, got, &r[got], e)))
			break;
	json_object_put(root);
	if (rc) {
		hub_catalog_free(r, got);
		return rc;
	}
	*out = r;
	*n = len;
	return 0;
}

/* The person register is the resource whose facts include "register": one at most, named with
 * its household-number field (household_field) when verification is to find households. */
static int find_register(const struct hub_resource *r, struct hub_register *reg, struct error *e)
{
	bool is_register = false;
	for (size_t i = 0; i < r->nfacts; i++)
		is_register |= !strcmp(r->facts[i].kind, "register");
	if (!is_register)
		return 0;
	if (reg->resource[0])
		return error_set(e, ERR_INVAL, "目录中有两个户籍登记资源：%s 和 %s",
		                 "the catalogue has two person registers: %s and %s", reg->resource, r->code);
	if (strlen(r->code) >= sizeof reg->resource)
		return error_set(e, ERR_INVAL, "资源代码过长：%s", "the resource code is too long: %s",
		                 r->code);
	snprintf(reg->resource, sizeof reg->resource, "%s", r->code);
	if (r->household_field >= 0) {
		const char *name = r->fields[r->household_field].name;
		if (strlen(name) >= sizeof reg->household_field)
			return error_set(e, ERR_INVAL, "户号字段名过长：%s",
			                 "the household field's name is too long: %s", name);
		snprintf(reg->household_field, sizeof reg->household_field, "%s", name);
	}
	return 0;
}

int hub_catalog_import(struct store *s, const char *path, struct hub_import_report *rep, struct error *e)
{
	memset(rep, 0, sizeof *rep);
	struct json_object *root = json_object_from_file(path);
	if (!root)
		return error_set(e, ERR_INVAL, "无法读取目录文件 %s（不存在或不是有效的 JSON）",
		                 "cannot read the catalogue %s (missing, or not valid JSON)", path);
	struct json_object *list;
	int rc = 0;
	if (!json_object_object_get_ex(root, "resources", &list) ||
	    !json_object_is_type(list, json_type_array)) {
		json_object_put(root);
		return error_set(e, ERR_INVAL, "目录文件 %s 没有 resources 数组",
		                 "the catalogue %s has no resources array", path);
	}
	size_t n = json_object_array_length(list);
	/* check every entry first: a bad one must not leave half a catalogue */
	struct hub_register reg = { "", "" };
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct hub_resource *r;
		if ((rc = parse_entry(list, i, &r, e)) == 0) {
			rc = find_register(r, &reg, e);
			hub_resource_free(r);
		}
	}
	if (rc == 0)
		rc = store_begin(s, e);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct json_object *o = json_object_array_get_idx(list, i), *v;
		const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
		                                                         JSON_C_TO_STRING_NOSLASHESCAPE);
		const char *code = json_object_object_get_ex(o, "code", &v) ? json_object_get_string(v) : "";
		const char *name = json_object_object_get_ex(o, "name", &v) ? json_object_get_string(v) : "";
		const char *provider =
		    json_object_object_get_ex(o, "provider", &v) ? json_object_get_string(v) : "";
		int version;
		bool changed;
		rc = hub_db_resource_put(s, code, name, provider, text, &version, &changed, e);
		rep->resources++;
		if (changed && version == 1)
			rep->added++;
		else if (changed)
			rep->changed++;
		else
			rep->unchanged++;
	}
	struct hub_register was;
	struct error ignored;
	if (rc == 0 && reg.resource[0] && !reg.household_field[0] &&
	    !hub_db_register_get(s, true, &was, &ignored) &&
	    !strcmp(was.resource, reg.resource)) /* a catalogue written before household_field */
		snprintf(reg.household_field, sizeof reg.household_field, "%s", was.household_field);
	if (rc == 0 && reg.resource[0]) /* the register and its household number, as configuration */
		rc = hub_db_register_set(s, reg.resource, reg.household_field, e);
	if (rc == 0)
		rc = store_commit(s, e);
	else
		store_rollback(s);
	json_object_put(root);
	return rc;
}
