/* rules_json.c: the inputs of a rule program from a JSON object, by name and declared type:
 * numbers for int, text in yuan for money ("1500.00", never a floating-point number), text for
 * dates and text, true/false, and arrays of objects for lists. What does not fit is named. */
#include <json-c/json.h>

#include "base/arena.h"
#include "base/money.h"
#include "policy/rules.h"

static int value(struct json_object *j, enum rv_type t, const struct rules_shape *shape, struct arena *a,
                 const char *name, struct rv *out, struct error *e);

static int list_value(struct json_object *j, const struct rules_shape *shape, struct arena *a,
                      const char *name, struct rv *out, struct error *e)
{
	if (!json_object_is_type(j, json_type_array))
		return error_set(e, ERR_INVAL, "%s 应为数组", "%s must be an array", name);
	size_t n = json_object_array_length(j);
	if (n > (size_t)shape->max)
		return error_set(e, ERR_INVAL, "%s 有 %zu 项，超过上限 %d",
		                 "%s has %zu rows, more than its max of %d", name, n, shape->max);
	struct rv_list *l = arena_calloc(a, sizeof *l);
	struct rv *cells = arena_calloc(a, (n * shape->n + 1) * sizeof *cells);
	if (!l || !cells)
		return error_nomem(e);
	for (size_t i = 0; i < n; i++) {
		struct json_object *row = json_object_array_get_idx(j, i), *f;
		if (!json_object_is_type(row, json_type_object))
			return error_set(e, ERR_INVAL, "%s 的第 %zu 项应为对象",
			                 "row %2$zu of %1$s must be an object", name, i + 1);
		for (size_t k = 0; k < shape->n; k++) {
			char where[160];
			snprintf(where, sizeof where, "%s[%zu].%s", name, i + 1, shape->names[k]);
			if (!json_object_object_get_ex(row, shape->names[k], &f))
				return error_set(e, ERR_INVAL, "缺少 %s", "%s is missing", where);
			int rc =
			    value(f, shape->types[k], shape->subs[k], a, where, &cells[i * shape->n + k], e);
			if (rc)
				return rc;
		}
	}
	l->n = n;
	l->cells = cells;
	*out = (struct rv){ RV_LIST, 0, NULL, l };
	return 0;
}

static int value(struct json_object *j, enum rv_type t, const struct rules_shape *shape, struct arena *a,
                 const char *name, struct rv *out, struct error *e)
{
	*out = (struct rv){ t, 0, NULL, NULL };
	const char *s = json_object_get_string(j);
	date_t d;
	switch (t) {
	case RV_BOOL:
		if (!json_object_is_type(j, json_type_boolean))
			return error_set(e, ERR_INVAL, "%s 应为 true 或 false", "%s must be true or false",
			                 name);
		out->i = json_object_get_boolean(j);
		return 0;
	case RV_INT:
		if (!json_object_is_type(j, json_type_int))
			return error_set(e, ERR_INVAL, "%s 应为整数", "%s must be a whole number", name);
		out->i = json_object_get_int64(j);
		return 0;
	case RV_MONEY:
		if (!json_object_is_type(j, json_type_string) || money_parse(s, strlen(s), &out->i, NULL))
			return error_set(e, ERR_INVAL, "%s 应为以元计的金额文字，如 \"1500.00\"",
			                 "%s must be an amount in yuan, as text: \"1500.00\"", name);
		return 0;
	case RV_DATE:
		if (!json_object_is_type(j, json_type_string) || date_parse(s, strlen(s), &d))
			return error_set(e, ERR_INVAL, "%s 应为日期 YYYY-MM-DD",
			                 "%s must be a date, YYYY-MM-DD", name);
		out->i = d;
		return 0;
	case RV_TEXT:
		if (!json_object_is_type(j, json_type_string))
			return error_set(e, ERR_INVAL, "%s 应为文字", "%s must be text", name);
		out->s = arena_strndup(a, s, strlen(s));
		return out->s ? 0 : error_nomem(e);
	case RV_LIST:
		return list_value(j, shape, a, name, out, e);
	default:
		return error_set(e, ERR_INVAL, "%s 的类型不能从 JSON 给出", "%s cannot be given in JSON",
		                 name);
	}
}

int rules_inputs_from_json(const struct rules *r, const char *json, struct arena *a, struct rv **out,
                           struct error *e)
{
	struct json_tokener *tok = json_tokener_new();
	if (!tok)
		return error_nomem(e);
	struct json_object *o = json_tokener_parse_ex(tok, json, (int)strlen(json));
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	json_tokener_free(tok);
	if (!o || jerr != json_tokener_success || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return error_set(e, ERR_INVAL, "输入应为一个 JSON 对象",
		                 "the inputs must be one JSON object");
	}
	size_t n = rules_ninputs(r);
	struct rv *in = arena_calloc(a, (n + 1) * sizeof *in);
	int rc = in ? 0 : error_nomem(e);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct json_object *j;
		const char *name = rules_input_name(r, i);
		if (!json_object_object_get_ex(o, name, &j))
			rc = error_set(e, ERR_INVAL, "缺少输入项 %s", "input %s is missing", name);
		else
			rc = value(j, rules_input_type(r, i), rules_input_shape(r, i), a, name, &in[i], e);
	}
	json_object_put(o);
	if (rc == 0)
		*out = in;
	return rc;
}
