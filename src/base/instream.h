/* instream.h: a chunked byte source (a file descriptor or a block of memory) for the streaming
 * readers. The bytes not yet consumed, data[pos..end), stay put until the reader consumes
 * them, so a record that spans chunks can be parsed again from its start. */
#ifndef SAFETYNET_INSTREAM_H
#define SAFETYNET_INSTREAM_H

#include "base/common.h"
#include "base/error.h"

struct instream {
	int fd;           /* -1 for a memory source */
	const char *data; /* the unconsumed bytes are data[pos..end) */
	size_t pos, end;
	char *own; /* the buffer of an fd source */
	size_t cap;
	size_t chunk; /* bytes asked of read() at a time */
	bool eof;
	uint64_t offset; /* file offset of data[0] */
};

/* Reads fd (not closed by the stream) in chunks of `chunk` bytes (0 picks 1 MiB). */
void instream_init_fd(struct instream *s, int fd, size_t chunk);
/* Serves len bytes at data (not copied; must outlive the stream). */
void instream_init_mem(struct instream *s, const char *data, size_t len);
/* Makes more bytes available after data[end], keeping data[pos..end) (which may move).
 * Returns the number of bytes added, 0 at end of input, or ERR_IO / ERR_NOMEM (with e). */
int instream_more(struct instream *s, struct error *e);
void instream_release(struct instream *s);

#endif
