/* money.h: amounts of money as integer fen (1 yuan = 100 fen), never floating point.
 * Every operation that could overflow checks and returns ERR_OVERFLOW instead of wrapping. */
#ifndef SAFETYNET_MONEY_H
#define SAFETYNET_MONEY_H

#include "base/common.h"
#include "base/error.h"

typedef int64_t fen_t;

#define MONEY_STR_SIZE 24 /* "-92233720368547758.08" and NUL */

enum money_round {
	MONEY_ROUND_DOWN,    /* toward minus infinity */
	MONEY_ROUND_UP,      /* toward plus infinity */
	MONEY_ROUND_HALF_UP, /* to nearest, halves away from zero */
};

/* Parses yuan text "1234", "1234.5", "-0.56", "+3.00" (exactly n bytes, no spaces, no
 * thousands separators, at most two decimals) into fen. 0, or ERR_INVAL / ERR_OVERFLOW with a
 * message in e (which may be NULL). */
int money_parse(const char *s, size_t n, fen_t *out, struct error *e);
/* The largest amount taken from outside (an argument, a request body, a file): 1,000,000,000
 * yuan. Not a policy cap (those are dated parameters, data/policy-params.tsv) but the bound that
 * keeps every sum safe: 92 million such amounts still add up within int64, more than any
 * payroll holds. */
#define MONEY_INPUT_MAX ((fen_t)100000000000)
/* money_parse, then lo <= value <= hi: 0, or ERR_INVAL (a value out of range, or one too large
 * for int64, is "too large: at most HI yuan" / "too small: at least LO yuan"). */
int money_parse_range(const char *s, size_t n, fen_t lo, fen_t hi, fen_t *out, struct error *e);
/* Writes "1234.56" / "-0.50" into out; returns the length. */
int money_format(fen_t v, char out[MONEY_STR_SIZE]);

int money_add(fen_t a, fen_t b, fen_t *out);
int money_sub(fen_t a, fen_t b, fen_t *out);
int money_mul(fen_t a, int64_t k, fen_t *out);
/* a / d rounded as asked; d must not be 0 (ERR_INVAL). */
int money_div(fen_t a, int64_t d, enum money_round mode, fen_t *out);
/* Rounds to whole yuan (a multiple of 100 fen). */
int money_round_yuan(fen_t a, enum money_round mode, fen_t *out);

#endif
