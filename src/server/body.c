/* body.c: the strict reader of a JSON request body (body.h). json-c parses in strict mode and
 * the end offset is checked; json-c keeps the last of two members of one name, so a scan of the
 * (by then well-formed) text finds duplicates first (base/jsonscan.c). */
#include "server/body.h"

#include <json-c/json.h>

#include "base/jsonscan.h"
#include "base/utf8.h"

static int refuse(struct error *e, const char *field, const char *zh, const char *en)
{
	error_set(e, ERR_INVAL, "%s%.0s", "%.0s%s", zh, en);
	if (field)
		error_field(e, field);
	return ERR_INVAL;
}

static int wrong_type(struct error *e, const char *key, const char *zh_type, const char *en_type)
{
	error_set(e, ERR_INVAL, "“%s”应为%s%.0s", "%s must be %.0s%s", key, zh_type, en_type);
	error_field(e, key);
	return ERR_INVAL;
}

static bool ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int api_body_parse(const char *text, size_t n, struct body *b, struct error *e)
{
	b->o = NULL;
	if (n == 0) {
		b->o = json_object_new_object();
		return b->o ? 0 : error_nomem(e);
	}
	if (n > INT32_MAX || memchr(text, '\0', n) || !utf8_valid(text, n))
		return refuse(e, NULL, "请求内容不是有效的 UTF-8 文本",
		              "the request body is not valid UTF-8 text");
	struct json_tokener *tok = json_tokener_new_ex(BODY_MAX_DEPTH);
	if (!tok)
		return error_nomem(e);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS);
	struct json_object *o = json_tokener_parse_ex(tok, text, (int)n);
	bool ok = o && json_tokener_get_error(tok) == json_tokener_success;
	size_t end = ok ? json_tokener_get_parse_end(tok) : 0;
	json_tokener_free(tok);
	while (ok && end < n && ws(text[end]))
		end++;
	int rc = 0;
	if (!ok)
		rc = refuse(e, NULL, "请求内容不是有效的 JSON（不允许注释、单引号）",
		            "the request body is not valid JSON (no comments, no single quotes)");
	else if (end != n)
		rc = refuse(e, NULL, "请求内容在 JSON 对象之后还有内容：只能有一个对象",
		            "the request body goes on after its JSON object: one object only");
	else if (!json_object_is_type(o, json_type_object))
		rc = refuse(e, NULL, "请求内容应为 JSON 对象", "the request body must be a JSON object");
	else
		rc = json_scan(text, n, false, e);
	if (rc) {
		json_object_put(o);
		return rc;
	}
	b->o = o;
	return 0;
}

void api_body_release(struct body *b)
{
	json_object_put(b->o);
	b->o = NULL;
}

/* the member, or NULL when absent or null */
static struct json_object *member(const struct body *b, const char *key)
{
	struct json_object *v;
	if (!b->o || !json_object_object_get_ex(b->o, key, &v) || json_object_is_type(v, json_type_null))
		return NULL;
	return v;
}

/* a JSON string as text: valid UTF-8, no NUL (a \u0000 escape), at most max bytes */
static int text_of(struct json_object *v, const char *key, size_t max, const char **out, struct error *e)
{
	const char *s = json_object_get_string(v);
	size_t n = (size_t)json_object_get_string_len(v);
	if (!s || strlen(s) != n || !utf8_valid(s, n)) {
		error_set(e, ERR_INVAL, "“%s”不是有效的文本（含有 NUL 或无效的 UTF-8）",
		          "%s is not valid text (it holds a NUL or invalid UTF-8)", key);
		error_field(e, key);
		return ERR_INVAL;
	}
	if (n > max) {
		error_set(e, ERR_INVAL, "“%s”过长：至多 %zu 字节（约 %zu 个汉字），现为 %zu 字节",
		          "%s is too long: at most %zu bytes (about %zu Chinese characters), not %zu", key,
		          max, max / 3, n);
		error_field(e, key);
		return ERR_INVAL;
	}
	*out = s;
	return 0;
}

int api_body_text(const struct body *b, const char *key, size_t max, const char **out, struct error *e)
{
	*out = NULL;
	struct json_object *v = member(b, key);
	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return wrong_type(e, key, "文本（带引号的字符串）", "text (a quoted string)");
	return text_of(v, key, max ? max : BODY_MAX_TEXT, out, e);
}

int api_body_int(const struct body *b, const char *key, int64_t lo, int64_t hi, int64_t *out, bool *given,
                 struct error *e)
{
	*given = false;
	struct json_object *v = member(b, key);
	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return wrong_type(e, key, "整数", "a whole number");
	errno = 0;
	int64_t x = json_object_get_int64(v);
	/* json-c clamps what does not fit into int64 (and keeps larger unsigned values apart) */
	if (errno || x < lo || x > hi || json_object_get_uint64(v) > (uint64_t)INT64_MAX) {
		error_set(e, ERR_INVAL, "“%s”应在 %" PRId64 " 至 %" PRId64 " 之间",
		          "%s must be from %" PRId64 " to %" PRId64, key, lo, hi);
		error_field(e, key);
		return ERR_INVAL;
	}
	*out = x;
	*given = true;
	return 0;
}

int api_body_bool(const struct body *b, const char *key, int *out, struct error *e)
{
	*out = -1;
	struct json_object *v = member(b, key);
	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_boolean))
		return wrong_type(e, key, "true 或 false", "true or false");
	*out = json_object_get_boolean(v) ? 1 : 0;
	return 0;
}

int api_body_list(const struct body *b, const char *key, char *out, size_t cap, const char **res,
                  struct error *e)
{
	*res = NULL;
	struct json_object *v = member(b, key);
	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return wrong_type(e, key, "文本的数组，如 [\"application\"]",
		                  "an array of text, as [\"application\"]");
	size_t len = 0, count = json_object_array_length(v);
	out[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		struct json_object *x = json_object_array_get_idx(v, i);
		const char *s;
		if (!x || !json_object_is_type(x, json_type_string))
			return wrong_type(e, key, "文本的数组，如 [\"application\"]",
			                  "an array of text, as [\"application\"]");
		if (text_of(x, key, cap, &s, e))
			return ERR_INVAL;
		size_t n = strlen(s);
		if (n == 0 || strchr(s, ',')) {
			error_set(e, ERR_INVAL, "“%s”的第 %zu 项为空或含逗号",
			          "%s: item %zu is empty or holds a comma", key, i + 1);
			error_field(e, key);
			return ERR_INVAL;
		}
		if (len + (i > 0) + n + 1 > cap) {
			error_set(e, ERR_INVAL, "“%s”过长：至多 %zu 字节",
			          "%s is too long: at most %zu bytes", key, cap - 1);
			error_field(e, key);
			return ERR_INVAL;
		}
		if (i > 0)
			out[len++] = ',';
		memcpy(out + len, s, n + 1);
		len += n;
	}
	*res = out;
	return 0;
}

int api_body_only(const struct body *b, const char *const *known, size_t n, struct error *e)
{
	json_object_object_foreach(b->o, key, val)
	{
		UNUSED(val);
		size_t i = 0;
		while (i < n && strcmp(key, known[i]))
			i++;
		if (i == n) {
			error_set(e, ERR_INVAL, "不认识的字段：%.60s", "unknown member: %.60s", key);
			error_field(e, key);
			return ERR_INVAL;
		}
	}
	return 0;
}
