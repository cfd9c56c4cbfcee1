/* error.h: the one error convention. Functions return int (0 ok, negative error code) and fill
 * a struct error with a message for a person, in Chinese and English, and the field at fault. */
#ifndef SAFETYNET_ERROR_H
#define SAFETYNET_ERROR_H

#include "base/common.h"
#include "base/lang.h"

enum err_code {
	ERR_OK = 0,
	ERR_NOMEM = -1,    /* out of memory */
	ERR_INVAL = -2,    /* bad input from a person or a file */
	ERR_IO = -3,       /* the operating system refused a read or write */
	ERR_TOOBIG = -4,   /* a size limit was reached */
	ERR_NOTFOUND = -5, /* what was asked for does not exist */
	ERR_EXISTS = -6,   /* what was to be created exists already */
	ERR_STORE = -7,    /* the database failed */
	ERR_OVERFLOW = -8, /* an arithmetic result does not fit */
	ERR_ENCODING = -9, /* bytes that are not valid text in the declared encoding */
	ERR_PERM = -10,    /* not allowed: no authorisation, or the role or region does not permit it */
	ERR_BUSY = -11,    /* the database is held by another writer (a batch, a command): try again */
};

struct error {
	int code;
	char field[64]; /* the input field at fault, "" when none */
	char zh[400];
	char en[400];
};

/* Clears e (code 0, empty messages). */
void error_clear(struct error *e);
/* Sets code and both messages (the two formats take the same arguments) and returns code, so
 * callers can write `return error_set(e, ERR_INVAL, "…", "…", x);`. e may be NULL. */
int error_set(struct error *e, int code, const char *zh_fmt, const char *en_fmt, ...) PRINTF_LIKE(3, 5)
    PRINTF_LIKE(4, 5);
/* Names the field at fault (copied, truncated to fit). */
void error_field(struct error *e, const char *field);
/* Shorthand for the out-of-memory error. */
int error_nomem(struct error *e);
/* Puts a context prefix (e.g. "line 12: ") in front of both messages. */
void error_prefix(struct error *e, const char *zh_fmt, const char *en_fmt, ...) PRINTF_LIKE(2, 4)
    PRINTF_LIKE(3, 4);
/* The message in the current language, or in lang. */
const char *error_msg(const struct error *e);
const char *error_msg_lang(const struct error *e, enum lang lang);

#endif
