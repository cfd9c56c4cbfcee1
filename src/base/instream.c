/* instream.c: the chunked byte source behind the CSV and JSON-lines readers. */
#include "base/instream.h"

#include <unistd.h>

#include "base/mem.h"

void instream_init_fd(struct instream *s, int fd, size_t chunk)
{
	memset(s, 0, sizeof *s);
	s->fd = fd;
	s->chunk = chunk ? chunk : (size_t)1 << 20;
	s->data = "";
}

void instream_init_mem(struct instream *s, const char *data, size_t len)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
	s->data = data ? data : "";
	s->end = len;
	s->eof = true;
}

int instream_more(struct instream *s, struct error *e)
{
	if (s->eof)
		return 0;
	size_t keep = s->end - s->pos;
	if (s->pos > 0) {
		memmove(s->own, s->own + s->pos, keep);
		s->offset += s->pos;
		s->pos = 0;
		s->end = keep;
	}
	if (s->cap - keep < s->chunk) {
		size_t cap = s->cap ? s->cap : s->chunk;
		while (cap - keep < s->chunk)
			cap *= 2;
		char *p = mem_realloc(s->own, cap);
		if (!p)
			return error_nomem(e);
		s->own = p;
		s->cap = cap;
	}
	s->data = s->own;
	for (;;) {
		ssize_t n = read(s->fd, s->own + s->end, s->chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return error_set(e, ERR_IO, "读取输入失败：%s", "reading the input failed: %s",
			                 strerror(errno));
		if (n == 0)
			s->eof = true;
		s->end += (size_t)n;
		return (int)n;
	}
}

void instream_release(struct instream *s)
{
	mem_free(s->own);
	s->own = NULL;
	s->data = "";
	s->pos = s->end = s->cap = 0;
}
