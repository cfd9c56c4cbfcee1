/* body.h: the strict reader of a JSON request body. A body is one JSON object and nothing else:
 * no trailing data (a second object), no comments, no single quotes, no duplicate member names,
 * valid UTF-8; and each member is read with a getter of its exact type, which refuses any other
 * (an array is not an amount, "3; DROP" is not a number of months). Every refusal is
 * ERR_INVAL with a message naming the member (and its limit) and e->field set; no value of the
 * body is ever echoed in a message. */
#ifndef SAFETYNET_BODY_H
#define SAFETYNET_BODY_H

#include "base/error.h"
#include "base/jsonscan.h"

struct json_object;

struct body {
	struct json_object *o; /* the object; owned */
};

enum {
	BODY_MAX_DEPTH = JSON_SCAN_DEPTH,     /* objects and arrays nested */
	BODY_MAX_MEMBERS = JSON_SCAN_MEMBERS, /* members of one object */
	BODY_MAX_TEXT = 4000,                 /* bytes of a text member unless its getter says less */
};

/* Reads n bytes of text (an empty body is {}). 0 and b filled (body_release it), or ERR_INVAL
 * (b->o NULL). */
int api_body_parse(const char *text, size_t n, struct body *b, struct error *e);
void api_body_release(struct body *b);

/* A text member of at most max bytes (0: BODY_MAX_TEXT) of valid UTF-8 with no NUL: 0 with *out
 * the text (owned by b) or NULL when absent or null; ERR_INVAL when not a string, or too long. */
int api_body_text(const struct body *b, const char *key, size_t max, const char **out, struct error *e);
/* An integer member in [lo, hi]: 0 with *out set and *given true, or *given false when absent or
 * null; ERR_INVAL for a string, a fraction, anything else, or outside the range. */
int api_body_int(const struct body *b, const char *key, int64_t lo, int64_t hi, int64_t *out, bool *given,
                 struct error *e);
/* A boolean member: 0 with *out 1 or 0, or -1 when absent or null; ERR_INVAL for anything else. */
int api_body_bool(const struct body *b, const char *key, int *out, struct error *e);
/* Every member is one of known[n]: 0, or ERR_INVAL naming the first that is not (a typo is never
 * silently ignored). */
int api_body_only(const struct body *b, const char *const *known, size_t n, struct error *e);
/* A list of codes: an array of strings (none empty, none with a comma), written comma-separated
 * into out[cap]: 0 with *res out, or NULL when absent or null; ERR_INVAL for anything else, or
 * when it does not fit. */
int api_body_list(const struct body *b, const char *key, char *out, size_t cap, const char **res,
                  struct error *e);

#endif
