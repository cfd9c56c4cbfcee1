/* jsonw.h: a small JSON writer on the capped buffer. It places commas and colons itself; the
 * first error (out of memory, over the cap, nesting too deep) sticks and jsonw_finish
 * reports it, so callers check once at the end. Integers are written exactly (int64). */
#ifndef SAFETYNET_JSONW_H
#define SAFETYNET_JSONW_H

#include "base/buf.h"
#include "base/common.h"

#define JSONW_MAX_DEPTH 32

struct jsonw {
	struct buf *out;
	int depth;
	bool need_comma[JSONW_MAX_DEPTH + 1];
	bool after_key;
	int err;
};

void jsonw_init(struct jsonw *w, struct buf *out);
void jsonw_obj_begin(struct jsonw *w);
void jsonw_obj_end(struct jsonw *w);
void jsonw_arr_begin(struct jsonw *w);
void jsonw_arr_end(struct jsonw *w);
/* An object key; the next value call writes its value. */
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_str(struct jsonw *w, const char *s);
void jsonw_strn(struct jsonw *w, const char *s, size_t n);
void jsonw_int(struct jsonw *w, int64_t v);
/* a finite double to nine significant digits (null when not finite) */
void jsonw_double(struct jsonw *w, double v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);
/* 0 when everything was written and every container closed, else the first error. */
int jsonw_finish(struct jsonw *w);

#endif
