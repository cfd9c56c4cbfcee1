/* csv.c: the streaming CSV reader. A record is parsed from its first byte each time more
 * input arrives (records are short, so re-parsing at a chunk boundary costs little), which
 * keeps the parser a plain function of the bytes in hand. */
#include "base/csv.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/utf8.h"

enum parse_result {
	P_DONE,        /* a whole record; used and lines say how far */
	P_MORE,        /* the record goes on past the bytes in hand */
	P_STRAY_QUOTE, /* a quote inside an unquoted field */
	P_AFTER_QUOTE, /* something other than a delimiter or line end after a closing quote */
	P_UNTERMINATED,
	P_TOO_LONG,
	P_TOO_MANY_FIELDS,
};

struct parse_out {
	size_t used;   /* bytes of the record, with its line end */
	size_t lines;  /* newlines inside it, counting its line end */
	size_t resync; /* when broken: offset from which to skip to the next newline */
	size_t field;  /* when broken: the 1-based field at fault */
};

static int open_common(struct csv_reader *r, const struct csv_options *opt, struct error *e)
{
	static const struct csv_options defaults = { 0 };
	r->opt = opt ? *opt : defaults;
	if (!r->opt.delim)
		r->opt.delim = ',';
	if (!r->opt.max_record)
		r->opt.max_record = (size_t)1 << 20;
	if (!r->opt.max_fields)
		r->opt.max_fields = 4096;
	r->enc = r->opt.encoding;
	r->cd = (iconv_t)-1;
	r->line = 1;
	buf_init(&r->raw, r->opt.max_record + 16);
	r->special[(uint8_t)r->opt.delim] = r->special['"'] = r->special['\r'] = r->special['\n'] = 1;
	buf_init(&r->conv, r->opt.max_record * 2 + 64);
	if (r->opt.delim == '"' || r->opt.delim == '\n' || r->opt.delim == '\r')
		return error_set(e, ERR_INVAL, "分隔符不能是引号或换行",
		                 "the delimiter cannot be a quote or a line end");
	return 0;
}

int csv_open_fd(struct csv_reader *r, int fd, const struct csv_options *opt, struct error *e)
{
	memset(r, 0, sizeof *r);
	instream_init_fd(&r->in, fd, opt ? opt->chunk : 0);
	return open_common(r, opt, e);
}

int csv_open_mem(struct csv_reader *r, const char *data, size_t len, const struct csv_options *opt,
                 struct error *e)
{
	memset(r, 0, sizeof *r);
	instream_init_mem(&r->in, data, len);
	return open_common(r, opt, e);
}

void csv_close(struct csv_reader *r)
{
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	r->cd = (iconv_t)-1;
	instream_release(&r->in);
	buf_release(&r->raw);
	buf_release(&r->conv);
	vec_release(&r->offs);
	vec_release(&r->fields);
}

enum csv_encoding csv_encoding(const struct csv_reader *r)
{
	return r->enc;
}

static size_t count_newlines(const char *p, size_t n)
{
	size_t c = 0;
	for (const char *q = p, *end = p + n; (q = memchr(q, '\n', (size_t)(end - q))); q++)
		c++;
	return c;
}

/* The record being parsed: unescaped bytes go straight into r->raw, whose room was made once
 * for the whole record (a record never unescapes to more than its input plus one NUL). */
struct out {
	char *p;
	size_t len, limit;
};

static inline bool out_add(struct out *o, const char *src, size_t n)
{
	if (n > o->limit - o->len)
		return false;
	memcpy(o->p + o->len, src, n);
	o->len += n;
	return true;
}

static inline bool out_ch(struct out *o, char c)
{
	if (o->len >= o->limit)
		return false;
	o->p[o->len++] = c;
	return true;
}

/* The index of the first byte at or after i that ends an unquoted run (delimiter, quote, CR,
 * LF), or n. Sixteen bytes at a time where SSE2 is there (every x86-64). */
static inline size_t scan_plain(const struct csv_reader *r, const char *p, size_t i, size_t n)
{
#ifdef __SSE2__
	const __m128i d = _mm_set1_epi8(r->opt.delim), q = _mm_set1_epi8('"');
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
	while (i + 16 <= n) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, q)),
		                         _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
		unsigned mask = (unsigned)_mm_movemask_epi8(m);
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
		i += 16;
	}
#endif
	while (i < n && !r->special[(uint8_t)p[i]])
		i++;
	return i;
}

/* Parses one record from p[0..n). eof: no more input follows. */
static enum parse_result parse(struct csv_reader *r, const char *p, size_t n, bool eof, struct parse_out *o)
{
	const char delim = r->opt.delim;
	size_t i = 0;
	size_t room = n < r->opt.max_record ? n : r->opt.max_record;
	o->lines = 0;
	r->offs.len = 0;
	buf_reset(&r->raw);
	if (buf_grow(&r->raw, room + 2))
		return P_TOO_LONG;
	struct out w = { r->raw.data, 0, room + 1 };
	enum parse_result res;
	for (;;) {
		if (r->offs.len >= r->opt.max_fields) {
			o->field = r->offs.len + 1;
			o->resync = i;
			res = P_TOO_MANY_FIELDS;
			goto out;
		}
		if (vec_push(&r->offs, w.len)) {
			res = P_TOO_LONG;
			goto out;
		}
		o->field = r->offs.len;
		if (i < n && p[i] == '"') {
			size_t open_at = i;
			i++;
			for (;;) {
				const char *q = memchr(p + i, '"', n - i);
				if (!q) {
					if (!eof) {
						res = P_MORE;
						goto out;
					}
					o->resync = open_at;
					res = P_UNTERMINATED;
					goto out;
				}
				size_t seg = (size_t)(q - (p + i));
				o->lines += count_newlines(p + i, seg);
				if (!out_add(&w, p + i, seg))
					goto too_long;
				i += seg + 1;
				if (i < n && p[i] == '"') {
					if (!out_ch(&w, '"'))
						goto too_long;
					i++;
					continue;
				}
				if (i == n && !eof) {
					res = P_MORE; /* the next byte may be an escaped quote */
					goto out;
				}
				break;
			}
			if (i == n)
				goto record_end;
			if (p[i] == delim) {
				i++;
				goto next_field;
			}
			if (p[i] == '\n') {
				i++;
				o->lines++;
				goto record_end;
			}
			if (p[i] == '\r') {
				if (i + 1 == n && !eof) {
					res = P_MORE;
					goto out;
				}
				if (i + 1 < n && p[i + 1] == '\n') {
					i += 2;
					o->lines++;
					goto record_end;
				}
			}
			o->resync = i;
			res = P_AFTER_QUOTE;
			goto out;
		}
		for (;;) {
			size_t start = i;
			i = scan_plain(r, p, i, n);
			if (!out_add(&w, p + start, i - start))
				goto too_long;
			if (i == n) {
				if (!eof) {
					res = P_MORE;
					goto out;
				}
				goto record_end;
			}
			char c = p[i];
			if (c == delim) {
				i++;
				goto next_field;
			}
			if (c == '\n') {
				i++;
				o->lines++;
				goto record_end;
			}
			if (c == '"') {
				o->resync = i;
				res = P_STRAY_QUOTE;
				goto out;
			}
			/* '\r': a line end before '\n', else an ordinary byte */
			if (i + 1 == n && !eof) {
				res = P_MORE;
				goto out;
			}
			if (i + 1 < n && p[i + 1] == '\n') {
				i += 2;
				o->lines++;
				goto record_end;
			}
			if (!out_ch(&w, '\r'))
				goto too_long;
			i++;
		}
	next_field:
		if (!out_ch(&w, '\0'))
			goto too_long;
	}
record_end:
	if (!out_ch(&w, '\0'))
		goto too_long;
	o->used = i;
	res = P_DONE;
	goto out;
too_long:
	res = P_TOO_LONG;
out:
	r->raw.len = w.len;
	r->raw.data[w.len] = '\0';
	return res;
}

static void decide_encoding(struct csv_reader *r)
{
	const char *p = r->in.data + r->in.pos;
	size_t n = r->in.end - r->in.pos;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		r->in.pos += 3;
		if (r->enc == CSV_ENC_AUTO)
			r->enc = CSV_ENC_UTF8;
		return;
	}
	if (n >= 4 && memcmp(p, "\x84\x31\x95\x33", 4) == 0) {
		r->in.pos += 4;
		if (r->enc == CSV_ENC_AUTO)
			r->enc = CSV_ENC_GB18030;
		return;
	}
	if (r->enc == CSV_ENC_AUTO)
		r->enc = utf8_valid_prefix(p, n, !r->in.eof) == n ? CSV_ENC_UTF8 : CSV_ENC_GB18030;
}

static int start(struct csv_reader *r, struct error *e)
{
	/* enough bytes to see a BOM and judge the encoding */
	while (!r->in.eof && r->in.end - r->in.pos < 4096) {
		int rc = instream_more(&r->in, e);
		if (rc < 0)
			return rc;
	}
	decide_encoding(r);
	if (r->enc == CSV_ENC_GB18030) {
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1)
			return error_set(e, ERR_INVAL, "系统不支持 GB18030 转换",
			                 "this system cannot convert GB18030");
	}
	r->started = true;
	return 0;
}

/* Drops bytes up to and including the next newline. 1 when done, 0 at end of input. */
static int skip_line(struct csv_reader *r, struct error *e)
{
	for (;;) {
		const char *p = r->in.data + r->in.pos;
		const char *nl = memchr(p, '\n', r->in.end - r->in.pos);
		if (nl) {
			r->in.pos += (size_t)(nl - p) + 1;
			r->line++;
			r->skipping = false;
			return 1;
		}
		r->in.pos = r->in.end;
		int rc = instream_more(&r->in, e);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			r->skipping = false;
			return 0;
		}
	}
}

static int reject(struct csv_reader *r, struct csv_row *row, uint64_t line, struct error *e)
{
	r->rejects++;
	row->line = line;
	row->n = 0;
	row->f = NULL;
	error_prefix(e, "第 %" PRIu64 " 行：", "line %" PRIu64 ": ", line);
	return CSV_REJECT;
}

static int broken(struct csv_reader *r, enum parse_result pr, const struct parse_out *o, struct csv_row *row,
                  struct error *e)
{
	uint64_t line = r->line;
	switch (pr) {
	case P_STRAY_QUOTE:
		error_set(e, ERR_INVAL, "第 %zu 个字段中有未加引号包围的引号",
		          "a quote inside unquoted field %zu", o->field);
		break;
	case P_AFTER_QUOTE:
		error_set(e, ERR_INVAL, "第 %zu 个字段的结束引号后还有其他字符",
		          "characters after the closing quote of field %zu", o->field);
		break;
	case P_UNTERMINATED:
		error_set(e, ERR_INVAL, "第 %zu 个字段的引号没有闭合",
		          "the quote opening field %zu is never closed", o->field);
		break;
	case P_TOO_MANY_FIELDS:
		error_set(e, ERR_TOOBIG, "字段超过 %zu 个", "more than %zu fields", r->opt.max_fields);
		break;
	default:
		error_set(e, ERR_TOOBIG, "记录超过 %zu 字节", "the record is longer than %zu bytes",
		          r->opt.max_record);
		break;
	}
	/* resume at the line after the one where the damage is */
	size_t upto = pr == P_TOO_LONG ? 0 : o->resync;
	const char *p = r->in.data + r->in.pos;
	r->line += count_newlines(p, upto);
	r->in.pos += upto;
	r->skipping = true;
	return reject(r, row, line, e);
}

static int convert_fields(struct csv_reader *r, struct error *e)
{
	r->fields.len = 0;
	if (vec_reserve(&r->fields, r->offs.len))
		return error_nomem(e);
	/* a NUL byte would cut the field short for every C string that follows: refuse it */
	for (size_t i = 0; i < r->offs.len; i++) {
		size_t a = r->offs.items[i];
		size_t b = i + 1 < r->offs.len ? r->offs.items[i + 1] - 1 : r->raw.len - 1;
		if (memchr(r->raw.data + a, '\0', b - a))
			return error_set(e, ERR_ENCODING, "第 %zu 个字段含有空字符（NUL）",
			                 "field %zu contains a NUL byte", i + 1);
	}
	if (r->enc != CSV_ENC_GB18030) {
		if (!utf8_valid(r->raw.data, r->raw.len)) {
			for (size_t i = 0; i < r->offs.len; i++) {
				const char *f = r->raw.data + r->offs.items[i];
				if (!utf8_valid(f, strlen(f)))
					return error_set(e, ERR_ENCODING,
					                 "第 %zu 个字段不是有效的 UTF-8 文本",
					                 "field %zu is not valid UTF-8", i + 1);
			}
		}
		for (size_t i = 0; i < r->offs.len; i++) {
			size_t a = r->offs.items[i];
			size_t b = i + 1 < r->offs.len ? r->offs.items[i + 1] - 1 : r->raw.len - 1;
			r->fields.items[r->fields.len++] = (struct csv_field){ r->raw.data + a, b - a };
		}
		return 0;
	}
	buf_reset(&r->conv);
	if (buf_grow(&r->conv, r->raw.len * 2 + 16))
		return error_set(e, ERR_TOOBIG, "记录过长", "the record is too long");
	for (size_t i = 0; i < r->offs.len; i++) {
		size_t a = r->offs.items[i];
		size_t b = i + 1 < r->offs.len ? r->offs.items[i + 1] - 1 : r->raw.len - 1;
		char *in = r->raw.data + a;
		size_t inleft = b - a;
		size_t start = r->conv.len;
		char *out = r->conv.data + r->conv.len;
		size_t outleft = r->conv.cap - r->conv.len - 1;
		iconv(r->cd, NULL, NULL, NULL, NULL);
		/* GB18030 takes at most 2 bytes where UTF-8 takes 3 (4 for 4): room is enough */
		if (iconv(r->cd, &in, &inleft, &out, &outleft) == (size_t)-1)
			return error_set(e, ERR_ENCODING, "第 %zu 个字段不是有效的 GB18030 文本",
			                 "field %zu is not valid GB18030", i + 1);
		r->conv.len = (size_t)(out - r->conv.data);
		r->conv.data[r->conv.len++] = '\0';
		r->offs.items[i] = start;
	}
	for (size_t i = 0; i < r->offs.len; i++) {
		size_t a = r->offs.items[i];
		size_t b = i + 1 < r->offs.len ? r->offs.items[i + 1] - 1 : r->conv.len - 1;
		r->fields.items[r->fields.len++] = (struct csv_field){ r->conv.data + a, b - a };
	}
	return 0;
}

static bool blank_line(const char *p, size_t used)
{
	return (used == 1 && p[0] == '\n') || (used == 2 && p[0] == '\r' && p[1] == '\n');
}

int csv_next(struct csv_reader *r, struct csv_row *row, struct error *e)
{
	int rc;
	if (!r->started && (rc = start(r, e)) < 0)
		return rc;
	for (;;) {
		if (r->skipping && (rc = skip_line(r, e)) <= 0)
			return rc;
		const char *p = r->in.data + r->in.pos;
		size_t n = r->in.end - r->in.pos;
		if (n == 0 && r->in.eof)
			return CSV_END;
		struct parse_out o = { 0 };
		enum parse_result pr = n ? parse(r, p, n, r->in.eof, &o) : P_MORE;
		if (pr == P_MORE) {
			if (n > r->opt.max_record)
				return broken(r, P_TOO_LONG, &o, row, e);
			if ((rc = instream_more(&r->in, e)) < 0)
				return rc;
			continue;
		}
		if (pr != P_DONE)
			return broken(r, pr, &o, row, e);
		uint64_t line = r->line;
		r->line += o.lines;
		r->in.pos += o.used;
		if (blank_line(p, o.used))
			continue;
		if ((rc = convert_fields(r, e)) == ERR_NOMEM)
			return rc;
		if (rc)
			return reject(r, row, line, e);
		size_t nf = r->fields.len;
		if (r->opt.expect_fields < 0)
			r->opt.expect_fields = (long)nf;
		if (r->opt.expect_fields > 0 && nf != (size_t)r->opt.expect_fields) {
			error_set(e, ERR_INVAL, "应有 %ld 个字段，实有 %zu 个",
			          "expected %ld fields, found %zu", r->opt.expect_fields, nf);
			return reject(r, row, line, e);
		}
		r->rows++;
		row->line = line;
		row->n = nf;
		row->f = r->fields.items;
		return CSV_ROW;
	}
}
