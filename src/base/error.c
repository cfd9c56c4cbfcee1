/* error.c: filling and reading struct error. */
#include "base/error.h"

void error_clear(struct error *e)
{
	if (!e)
		return;
	e->code = 0;
	e->field[0] = e->zh[0] = e->en[0] = '\0';
}

int error_set(struct error *e, int code, const char *zh_fmt, const char *en_fmt, ...)
{
	if (!e)
		return code;
	va_list ap;
	e->code = code;
	e->field[0] = '\0';
	va_start(ap, en_fmt);
	vsnprintf(e->zh, sizeof e->zh, zh_fmt, ap);
	va_end(ap);
	va_start(ap, en_fmt);
	vsnprintf(e->en, sizeof e->en, en_fmt, ap);
	va_end(ap);
	return code;
}

void error_field(struct error *e, const char *field)
{
	if (e)
		snprintf(e->field, sizeof e->field, "%s", field ? field : "");
}

int error_nomem(struct error *e)
{
	return error_set(e, ERR_NOMEM, "内存不足", "out of memory");
}

/* Copies up to cap-1 bytes of src to dst without cutting a UTF-8 character in two. */
static void copy_utf8(char *dst, size_t cap, const char *src, size_t n)
{
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memmove(dst, src, n);
	dst[n] = '\0';
}

static void prefix_one(char *msg, size_t cap, const char *fmt, va_list ap)
{
	char head[160];
	vsnprintf(head, sizeof head, fmt, ap);
	size_t hn = strlen(head);
	if (hn >= cap)
		hn = 0;
	copy_utf8(msg + hn, cap - hn, msg, strlen(msg));
	memcpy(msg, head, hn);
}

void error_prefix(struct error *e, const char *zh_fmt, const char *en_fmt, ...)
{
	if (!e)
		return;
	va_list ap;
	va_start(ap, en_fmt);
	prefix_one(e->zh, sizeof e->zh, zh_fmt, ap);
	va_end(ap);
	va_start(ap, en_fmt);
	prefix_one(e->en, sizeof e->en, en_fmt, ap);
	va_end(ap);
}

const char *error_msg_lang(const struct error *e, enum lang lang)
{
	return lang == LANG_ZH ? e->zh : e->en;
}

const char *error_msg(const struct error *e)
{
	return error_msg_lang(e, lang_current());
}
