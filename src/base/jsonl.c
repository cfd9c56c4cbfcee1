/* jsonl.c: the JSON-lines reader over the chunked input stream. */
#include "base/jsonl.h"

#include "base/utf8.h"

static int open_common(struct jsonl_reader *r, size_t max_line, struct error *e)
{
	r->max_line = max_line ? max_line : (size_t)1 << 20;
	r->line = 1;
	r->tok = json_tokener_new_ex(64);
	if (!r->tok)
		return error_nomem(e);
	json_tokener_set_flags(r->tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS);
	return 0;
}

int jsonl_open_fd(struct jsonl_reader *r, int fd, size_t max_line, struct error *e)
{
	memset(r, 0, sizeof *r);
	instream_init_fd(&r->in, fd, 0);
	return open_common(r, max_line, e);
}

int jsonl_open_mem(struct jsonl_reader *r, const char *data, size_t len, size_t max_line, struct error *e)
{
	memset(r, 0, sizeof *r);
	instream_init_mem(&r->in, data, len);
	return open_common(r, max_line, e);
}

void jsonl_close(struct jsonl_reader *r)
{
	if (r->cur)
		json_object_put(r->cur);
	r->cur = NULL;
	if (r->tok)
		json_tokener_free(r->tok);
	r->tok = NULL;
	instream_release(&r->in);
}

static bool blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return false;
	return true;
}

static int reject(struct jsonl_reader *r, uint64_t line, uint64_t *out_line, struct error *e)
{
	r->rejects++;
	*out_line = line;
	error_prefix(e, "第 %" PRIu64 " 行：", "line %" PRIu64 ": ", line);
	return JSONL_REJECT;
}

static int parse_line(struct jsonl_reader *r, const char *p, size_t n, struct error *e)
{
	if (!utf8_valid(p, n))
		return error_set(e, ERR_ENCODING, "不是有效的 UTF-8 文本", "not valid UTF-8");
	json_tokener_reset(r->tok);
	struct json_object *o = json_tokener_parse_ex(r->tok, p, (int)n);
	enum json_tokener_error err = json_tokener_get_error(r->tok);
	if (!o || err != json_tokener_success) {
		if (o)
			json_object_put(o);
		if (err == json_tokener_continue)
			return error_set(e, ERR_INVAL, "JSON 不完整", "the JSON is incomplete");
		return error_set(e, ERR_INVAL, "JSON 格式错误：%s", "invalid JSON: %s",
		                 json_tokener_error_desc(err));
	}
	size_t end = json_tokener_get_parse_end(r->tok);
	if (!blank(p + end, n - end)) {
		json_object_put(o);
		return error_set(e, ERR_INVAL, "JSON 对象之后还有多余内容", "text after the JSON object");
	}
	if (!json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return error_set(e, ERR_INVAL, "每行应为一个 JSON 对象", "each line must be a JSON object");
	}
	r->cur = o;
	return 0;
}

int jsonl_next(struct jsonl_reader *r, struct json_object **obj, uint64_t *line, struct error *e)
{
	if (r->cur)
		json_object_put(r->cur);
	r->cur = NULL;
	*obj = NULL;
	for (;;) {
		const char *p = r->in.data + r->in.pos;
		size_t avail = r->in.end - r->in.pos;
		const char *nl = memchr(p, '\n', avail);
		if (!nl && !r->in.eof) {
			if (avail > r->max_line && !r->skipping) {
				r->skipping = true;
				uint64_t at = r->line;
				error_set(e, ERR_TOOBIG, "行长超过 %zu 字节",
				          "the line is longer than %zu bytes", r->max_line);
				r->in.pos = r->in.end;
				return reject(r, at, line, e);
			}
			if (r->skipping)
				r->in.pos = r->in.end;
			int rc = instream_more(&r->in, e);
			if (rc < 0)
				return rc;
			continue;
		}
		if (!nl && avail == 0)
			return JSONL_END;
		size_t n = nl ? (size_t)(nl - p) : avail;
		uint64_t at = r->line;
		r->in.pos += n + (nl != NULL);
		r->line++;
		if (r->skipping) {
			r->skipping = false;
			continue;
		}
		if (blank(p, n))
			continue;
		if (n > r->max_line) {
			error_set(e, ERR_TOOBIG, "行长超过 %zu 字节", "the line is longer than %zu bytes",
			          r->max_line);
			return reject(r, at, line, e);
		}
		if (parse_line(r, p, n, e))
			return reject(r, at, line, e);
		r->rows++;
		*obj = r->cur;
		*line = at;
		return JSONL_ROW;
	}
}
