/* jsonl.h: a streaming JSON-lines reader: one JSON object per line, parsed with json-c (which
 * keeps 64-bit integers exact and the original text of every number, so amounts in fen never
 * pass through a double). A bad line (invalid JSON, not an object, invalid UTF-8, too long) is
 * rejected with its line number and reading goes on. */
#ifndef SAFETYNET_JSONL_H
#define SAFETYNET_JSONL_H

#include <json-c/json.h>

#include "base/common.h"
#include "base/error.h"
#include "base/instream.h"

struct jsonl_reader {
	struct instream in;
	struct json_tokener *tok;
	struct json_object *cur; /* the object handed out last; freed by the next call */
	size_t max_line;
	uint64_t line; /* the line data[pos] is on */
	bool skipping;
	uint64_t rows, rejects;
};

enum jsonl_status { JSONL_END = 0, JSONL_ROW = 1, JSONL_REJECT = 2 };

/* max_line: longest line in bytes (0 picks 1 MiB). fd is not closed by the reader. */
int jsonl_open_fd(struct jsonl_reader *r, int fd, size_t max_line, struct error *e);
int jsonl_open_mem(struct jsonl_reader *r, const char *data, size_t len, size_t max_line, struct error *e);
/* The next object: JSONL_ROW (*obj borrowed until the next call, *line its line number),
 * JSONL_REJECT (e says why, *line where), JSONL_END, or a negative error (I/O, memory). */
int jsonl_next(struct jsonl_reader *r, struct json_object **obj, uint64_t *line, struct error *e);
void jsonl_close(struct jsonl_reader *r);

#endif
