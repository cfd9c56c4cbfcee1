/* jsonw.c: the JSON writer. */
#include <math.h>

#include "base/jsonw.h"

#include "base/error.h"

void jsonw_init(struct jsonw *w, struct buf *out)
{
	memset(w, 0, sizeof *w);
	w->out = out;
}

static void put(struct jsonw *w, const char *s, size_t n)
{
	if (!w->err)
		w->err = buf_add(w->out, s, n);
}

static void before_value(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->need_comma[w->depth])
		put(w, ",", 1);
	w->need_comma[w->depth] = true;
}

static void open_container(struct jsonw *w, char c)
{
	before_value(w);
	if (w->depth >= JSONW_MAX_DEPTH) {
		w->err = w->err ? w->err : ERR_TOOBIG;
		return;
	}
	put(w, &c, 1);
	w->need_comma[++w->depth] = false;
}

static void close_container(struct jsonw *w, char c)
{
	if (w->depth <= 0) {
		w->err = w->err ? w->err : ERR_INVAL;
		return;
	}
	w->depth--;
	put(w, &c, 1);
}

void jsonw_obj_begin(struct jsonw *w)
{
	open_container(w, '{');
}

void jsonw_obj_end(struct jsonw *w)
{
	close_container(w, '}');
}

void jsonw_arr_begin(struct jsonw *w)
{
	open_container(w, '[');
}

void jsonw_arr_end(struct jsonw *w)
{
	close_container(w, ']');
}

static void put_string(struct jsonw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	put(w, "\"", 1);
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(w, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"':
			put(w, "\\\"", 2);
			break;
		case '\\':
			put(w, "\\\\", 2);
			break;
		case '\n':
			put(w, "\\n", 2);
			break;
		case '\r':
			put(w, "\\r", 2);
			break;
		case '\t':
			put(w, "\\t", 2);
			break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			put(w, u, 6);
		}
		}
	}
	put(w, s + run, n - run);
	put(w, "\"", 1);
}

void jsonw_key(struct jsonw *w, const char *key)
{
	before_value(w);
	put_string(w, key, strlen(key));
	put(w, ":", 1);
	w->after_key = true;
}

void jsonw_strn(struct jsonw *w, const char *s, size_t n)
{
	before_value(w);
	put_string(w, s, n);
}

void jsonw_str(struct jsonw *w, const char *s)
{
	if (!s) {
		jsonw_null(w);
		return;
	}
	jsonw_strn(w, s, strlen(s));
}

void jsonw_int(struct jsonw *w, int64_t v)
{
	char tmp[24];
	before_value(w);
	int n = snprintf(tmp, sizeof tmp, "%" PRId64, v);
	put(w, tmp, (size_t)n);
}

void jsonw_double(struct jsonw *w, double v)
{
	char tmp[32];
	before_value(w);
	if (!isfinite(v)) {
		put(w, "null", 4);
		return;
	}
	int n = snprintf(tmp, sizeof tmp, "%.9g", v);
	put(w, tmp, (size_t)n);
}

void jsonw_bool(struct jsonw *w, bool v)
{
	before_value(w);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

void jsonw_null(struct jsonw *w)
{
	before_value(w);
	put(w, "null", 4);
}

int jsonw_finish(struct jsonw *w)
{
	if (!w->err && (w->depth != 0 || w->after_key))
		w->err = ERR_INVAL;
	return w->err;
}
