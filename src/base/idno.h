/* idno.h: resident ID numbers (GB 11643-1999, DOMAIN.md §10). 18 characters: issuing region
 * (6), birth date (8), sequence (3, odd = male), check character. 15-digit legacy numbers are
 * upgraded ("19" before the year, check character added); lower-case x is normalised. */
#ifndef SAFETYNET_IDNO_H
#define SAFETYNET_IDNO_H

#include "base/common.h"
#include "base/date.h"
#include "base/lang.h"

enum idno_reason {
	IDNO_OK = 0,
	IDNO_LENGTH, /* not 15 or 18 characters */
	IDNO_CHAR,   /* a character that is not a digit (or X in the last place) */
	IDNO_REGION, /* the first two digits are not a province-level code */
	IDNO_BIRTH,  /* the birth date does not exist, is before 1900 or after today */
	IDNO_CHECK,  /* the check character does not match */
};

struct idno {
	char id[19]; /* normalised 18 characters and NUL */
	date_t birth;
	char sex;       /* 'M' or 'F' */
	char region[7]; /* issuing region code, six digits */
	bool upgraded;  /* was a 15-digit number */
	char expected;  /* with IDNO_CHECK: the check character that would be right */
};

/* Validates and normalises the n bytes at s (no surrounding spaces). `today` bounds the birth
 * date (pass 0 to use the real date). Fills *out on IDNO_OK, and out->expected on IDNO_CHECK. */
enum idno_reason idno_parse(const char *s, size_t n, date_t today, struct idno *out);
/* The check character for 17 digits. */
char idno_check_char(const char digits17[17]);
/* A short stable token for a reason: "length", "character", "region", "birth-date",
 * "check-character". */
const char *idno_reason_token(enum idno_reason r);
/* The reason said for a person. */
const char *idno_reason_text(enum idno_reason r, enum lang lang);

#endif
