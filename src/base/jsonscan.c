/* jsonscan.c: a scan of well-formed JSON text for what json-c's strict mode lets through
 * (jsonscan.h). */
#include "base/jsonscan.h"

#include <ctype.h>

#include "base/utf8.h"

static int refuse(struct error *e, const char *zh, const char *en)
{
	return error_set(e, ERR_INVAL, "%s%.0s", "%.0s%s", zh, en);
}

/* the end of the string whose opening quote is at p[i]: the index of its closing quote */
static size_t string_end(const char *p, size_t n, size_t i)
{
	for (i++; i < n && p[i] != '"'; i++)
		if (p[i] == '\\')
			i++;
	return i;
}

/* true, false, null or a number (json-c has checked its form) */
static bool literal(const char *p, size_t n)
{
	return (n == 4 && !memcmp(p, "true", 4)) || (n == 5 && !memcmp(p, "false", 5)) ||
	       (n == 4 && !memcmp(p, "null", 4)) || isdigit((unsigned char)p[0]) ||
	       (n > 1 && p[0] == '-' && isdigit((unsigned char)p[1]));
}

struct key {
	const char *p;
	size_t n;
};

int json_scan(const char *p, size_t n, bool escaped_names, struct error *e)
{
	struct frame {
		bool object, expect_key;
		size_t first, count; /* its names in keys[first..] */
	} st[JSON_SCAN_DEPTH + 2];
	static _Thread_local struct key keys[JSON_SCAN_DEPTH * JSON_SCAN_MEMBERS];
	size_t depth = 0, nkeys = 0;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == '{' || c == '[') {
			if (depth == JSON_SCAN_DEPTH + 1)
				return refuse(e, "JSON 嵌套过深", "the JSON is nested too deeply");
			st[depth++] = (struct frame){ c == '{', c == '{', nkeys, 0 };
		} else if (c == '}' || c == ']') {
			nkeys = st[--depth].first;
		} else if (c == '\'') { /* json-c takes a member name in single quotes even when strict */
			return refuse(e, "不是有效的 JSON（不允许单引号）",
			              "not valid JSON (no single quotes)");
		} else if (isalnum((unsigned char)c) || c == '-') { /* a literal: json-c takes NaN */
			size_t j = i;
			while (j < n && (isalnum((unsigned char)p[j]) || strchr("+-.", p[j])))
				j++;
			if (!literal(p + i, j - i))
				return refuse(e, "不是有效的 JSON（不允许 NaN、Infinity）",
				              "not valid JSON (no NaN, no Infinity)");
			i = j - 1;
		} else if (c == ',' && depth && st[depth - 1].object) {
			st[depth - 1].expect_key = true;
		} else if (c == '"') {
			size_t end = string_end(p, n, i);
			struct frame *f = depth ? &st[depth - 1] : NULL;
			if (f && f->object && f->expect_key) {
				struct key k = { p + i + 1, end - i - 1 };
				if (!escaped_names && memchr(k.p, '\\', k.n))
					return refuse(e, "成员名不得含转义字符",
					              "member names are written plainly, without escapes");
				char name[64]; /* for the message: cut at a character's end */
				size_t shown = utf8_valid_prefix(k.p, k.n < 63 ? k.n : 63, false);
				snprintf(name, sizeof name, "%.*s", (int)shown, k.p);
				if (++f->count > JSON_SCAN_MEMBERS || nkeys == ARRAY_SIZE(keys))
					return refuse(e, "对象的成员过多（至多 256 个）",
					              "an object has too many members (at most 256)");
				for (size_t j = f->first; j < nkeys; j++)
					if (keys[j].n == k.n && !memcmp(keys[j].p, k.p, k.n)) {
						error_set(e, ERR_INVAL, "成员“%s”出现了两次",
						          "the member %s is given twice", name);
						error_field(e, name);
						return ERR_INVAL;
					}
				keys[nkeys++] = k;
				f->expect_key = false;
			}
			i = end;
		}
	}
	return 0;
}
