/* csv.h: a streaming CSV reader (RFC 4180: quoted fields with delimiters, quotes and newlines
 * inside, CRLF or LF line ends, a UTF-8 BOM) for UTF-8 and GB18030/GBK input, which it hands
 * out as UTF-8. A broken row (stray quote, unterminated quote, invalid bytes, wrong number of
 * fields, too long) is rejected with its line number and a reason, and reading goes on with
 * the next line: one bad row never loses the good ones. Memory stays bounded by max_record. */
#ifndef SAFETYNET_CSV_H
#define SAFETYNET_CSV_H

#include <iconv.h>

#include "base/buf.h"
#include "base/common.h"
#include "base/error.h"
#include "base/instream.h"
#include "base/vec.h"

enum csv_encoding {
	CSV_ENC_AUTO = 0, /* a BOM or valid UTF-8 in the first chunk means UTF-8, else GB18030 */
	CSV_ENC_UTF8,
	CSV_ENC_GB18030, /* also reads GBK and GB2312, which it contains */
};

struct csv_options {
	enum csv_encoding encoding;
	char delim;         /* ',' when 0 */
	size_t max_record;  /* bytes in one record; 1 MiB when 0 */
	size_t max_fields;  /* fields in one record; 4096 when 0 */
	long expect_fields; /* 0: any; > 0: exactly this; -1: as many as the first row */
	size_t chunk;       /* bytes read at a time from a file; 1 MiB when 0 */
};

struct csv_field {
	const char *p; /* UTF-8, NUL-terminated */
	size_t n;
};

struct csv_row {
	uint64_t line; /* physical line (1-based) where the record starts */
	size_t n;
	const struct csv_field *f; /* valid until the next csv_next */
};

enum csv_status {
	CSV_END = 0,    /* no more rows */
	CSV_ROW = 1,    /* *row is a good row */
	CSV_REJECT = 2, /* a broken row: e says why, row->line where; call csv_next again */
};

struct csv_reader {
	struct instream in;
	struct csv_options opt;
	enum csv_encoding enc;
	iconv_t cd;
	bool started;
	bool skipping;        /* resynchronising: dropping bytes up to the next newline */
	uint64_t line;        /* the physical line data[pos] is on */
	uint8_t special[256]; /* bytes that end an unquoted run: delimiter, quote, CR, LF */
	struct buf raw;       /* unescaped fields of the record, each followed by NUL */
	struct buf conv;      /* the same converted to UTF-8 (GB18030 input) */
	VEC(size_t) offs;
	VEC(struct csv_field) fields;
	uint64_t rows, rejects;
};

/* Opens a reader on fd (not closed by the reader) or on memory (not copied). opt may be NULL
 * for the defaults. 0, or ERR_NOMEM / ERR_INVAL (iconv lacks GB18030) with e. */
int csv_open_fd(struct csv_reader *r, int fd, const struct csv_options *opt, struct error *e);
int csv_open_mem(struct csv_reader *r, const char *data, size_t len, const struct csv_options *opt,
                 struct error *e);
/* The next row: CSV_ROW, CSV_REJECT (e, row->line set), CSV_END, or a negative error when the
 * input cannot be read at all (I/O, out of memory). */
int csv_next(struct csv_reader *r, struct csv_row *row, struct error *e);
/* The encoding in use (decided at the first csv_next under CSV_ENC_AUTO). */
enum csv_encoding csv_encoding(const struct csv_reader *r);
void csv_close(struct csv_reader *r);

#endif
