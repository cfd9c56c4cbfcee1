/* buf.h: a growable byte buffer with a maximum size, for every string and JSON we build.
 * Invariant: when data is not NULL, data[len] == '\0' and len < cap <= max + 1. */
#ifndef SAFETYNET_BUF_H
#define SAFETYNET_BUF_H

#include "base/common.h"

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max; /* most bytes the buffer may hold, not counting the NUL */
};

#define BUF_DEFAULT_MAX ((size_t)64 << 20)
#define BUF_INIT(maxbytes)             \
	{                              \
		NULL, 0, 0, (maxbytes) \
	}

void buf_init(struct buf *b, size_t max);
/* Makes room for `extra` more bytes: 0, ERR_NOMEM, or ERR_TOOBIG past the maximum. On error
 * the buffer is unchanged. */
int buf_grow(struct buf *b, size_t extra);
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addch(struct buf *b, char c);
/* printf into the buffer; on error the buffer is unchanged. */
int buf_addf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* The contents as a C string ("" when empty and never allocated). */
const char *buf_cstr(const struct buf *b);
/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/* Shortens to len bytes (len must not exceed the current length). */
void buf_truncate(struct buf *b, size_t len);
/* Frees the memory; the buffer may be used again after buf_init. */
void buf_release(struct buf *b);
/* Hands the memory to the caller (who frees it with mem_free) and empties the buffer. */
char *buf_detach(struct buf *b, size_t *len);
/* Appends a whole file: 0, ERR_IO (cannot open or read it; errno says why) or ERR_TOOBIG
 * (larger than the buffer's cap). */
int buf_read_file(struct buf *b, const char *path);

#endif
