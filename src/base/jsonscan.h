/* jsonscan.h: what json-c's strict mode still lets through, found in text it has parsed: a
 * member named twice in one object (json-c keeps the last), single quotes, NaN and Infinity. The
 * API's request bodies (server/body.c) and household files (verify/household_json.c) both pass it. */
#ifndef SAFETYNET_JSONSCAN_H
#define SAFETYNET_JSONSCAN_H

#include "base/common.h"
#include "base/error.h"

enum {
	JSON_SCAN_DEPTH = 16,    /* objects and arrays nested */
	JSON_SCAN_MEMBERS = 256, /* members of one object */
};

/* 0, or ERR_INVAL naming the member (field and message). Unless escaped_names, member names with
 * escapes are refused too, so that "a" and "\u0061" cannot pass as two names; with it (files
 * another program wrote, which may escape any character) names are compared as written. Call it
 * on text json-c took. */
int json_scan(const char *p, size_t n, bool escaped_names, struct error *e);

#endif
