/* money.c: parsing, printing and checked arithmetic of integer fen. */
#include "base/money.h"

int money_parse(const char *s, size_t n, fen_t *out, struct error *e)
{
	size_t i = 0;
	bool neg = false;
	if (n == 0)
		return error_set(e, ERR_INVAL, "金额为空", "the amount is empty");
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i++;
	}
	int64_t v = 0;
	size_t int_digits = 0, frac_digits = 0;
	bool dot = false;
	for (; i < n; i++) {
		char c = s[i];
		if (c == '.' && !dot) {
			dot = true;
			continue;
		}
		if (c < '0' || c > '9')
			return error_set(e, ERR_INVAL, "金额“%.*s”含有非法字符",
			                 "the amount '%.*s' has a character that is not a digit",
			                 (int)(n > 40 ? 40 : n), s);
		if (dot && ++frac_digits > 2)
			return error_set(e, ERR_INVAL, "金额“%.*s”超过两位小数",
			                 "the amount '%.*s' has more than two decimals",
			                 (int)(n > 40 ? 40 : n), s);
		int_digits += !dot;
		/* accumulate as negative so INT64_MIN parses */
		if (__builtin_mul_overflow(v, 10, &v) || __builtin_sub_overflow(v, c - '0', &v))
			goto overflow;
	}
	if (int_digits + frac_digits == 0)
		return error_set(e, ERR_INVAL, "金额“%.*s”没有数字", "the amount '%.*s' has no digits",
		                 (int)(n > 40 ? 40 : n), s);
	for (; frac_digits < 2; frac_digits++)
		if (__builtin_mul_overflow(v, 10, &v))
			goto overflow;
	if (!neg) {
		if (v == INT64_MIN)
			goto overflow;
		v = -v;
	}
	*out = v;
	return 0;
overflow:
	return error_set(e, ERR_OVERFLOW, "金额“%.*s”超出范围", "the amount '%.*s' is out of range",
	                 (int)(n > 40 ? 40 : n), s);
}

int money_parse_range(const char *s, size_t n, fen_t lo, fen_t hi, fen_t *out, struct error *e)
{
	fen_t v = 0;
	int rc = money_parse(s, n, &v, e);
	if (rc && rc != ERR_OVERFLOW)
		return rc;
	bool negative = n > 0 && s[0] == '-';
	char bound[MONEY_STR_SIZE];
	if ((rc && !negative) || (!rc && v > hi)) {
		money_format(hi, bound);
		return error_set(e, ERR_INVAL, "金额“%.*s”过大：至多 %s 元",
		                 "the amount %.*s is too large: at most %s yuan", (int)(n > 40 ? 40 : n), s,
		                 bound);
	}
	if (rc || v < lo) {
		money_format(lo, bound);
		return error_set(e, ERR_INVAL, "金额“%.*s”过小：至少 %s 元",
		                 "the amount %.*s is too small: at least %s yuan", (int)(n > 40 ? 40 : n), s,
		                 bound);
	}
	*out = v;
	return 0;
}

int money_format(fen_t v, char out[MONEY_STR_SIZE])
{
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	return snprintf(out, MONEY_STR_SIZE, "%s%" PRIu64 ".%02u", v < 0 ? "-" : "", u / 100,
	                (unsigned)(u % 100));
}

int money_add(fen_t a, fen_t b, fen_t *out)
{
	return __builtin_add_overflow(a, b, out) ? ERR_OVERFLOW : 0;
}

int money_sub(fen_t a, fen_t b, fen_t *out)
{
	return __builtin_sub_overflow(a, b, out) ? ERR_OVERFLOW : 0;
}

int money_mul(fen_t a, int64_t k, fen_t *out)
{
	return __builtin_mul_overflow(a, k, out) ? ERR_OVERFLOW : 0;
}

int money_div(fen_t a, int64_t d, enum money_round mode, fen_t *out)
{
	if (d == 0)
		return ERR_INVAL;
	if (a == INT64_MIN && d == -1)
		return ERR_OVERFLOW;
	int64_t q = a / d, r = a % d; /* C truncates toward zero */
	if (r != 0) {
		bool negative = (r < 0) != (d < 0);
		switch (mode) {
		case MONEY_ROUND_DOWN:
			q -= negative;
			break;
		case MONEY_ROUND_UP:
			q += !negative;
			break;
		case MONEY_ROUND_HALF_UP: {
			/* |r| * 2 >= |d|, computed without overflow */
			uint64_t ar = r < 0 ? (uint64_t)0 - (uint64_t)r : (uint64_t)r;
			uint64_t ad = d < 0 ? (uint64_t)0 - (uint64_t)d : (uint64_t)d;
			if (ar >= ad - ar)
				q += negative ? -1 : 1;
			break;
		}
		}
	}
	*out = q;
	return 0;
}

int money_round_yuan(fen_t a, enum money_round mode, fen_t *out)
{
	fen_t y;
	int rc = money_div(a, 100, mode, &y);
	return rc ? rc : money_mul(y, 100, out);
}
