/* test_money.c: integer fen: parsing, printing, checked arithmetic and rounding. */
#include "testutil.h"

#include "base/money.h"

static fen_t P(const char *s)
{
	fen_t v;
	struct error e;
	assert_int_equal(money_parse(s, strlen(s), &v, &e), 0);
	return v;
}

static void parses_yuan_into_fen(void **state)
{
	UNUSED(state);
	assert_int_equal(P("1234.56"), 123456);
	assert_int_equal(P("1234.5"), 123450);
	assert_int_equal(P("1234"), 123400);
	assert_int_equal(P("0.07"), 7);
	assert_int_equal(P("-0.5"), -50);
	assert_int_equal(P("+3.00"), 300);
	assert_int_equal(P(".5"), 50);
	assert_int_equal(P("740."), 74000);
	assert_int_equal(P("92233720368547758.07"), INT64_MAX);
	assert_int_equal(P("-92233720368547758.08"), INT64_MIN);
}

static void rejects_bad_amounts_with_a_reason(void **state)
{
	UNUSED(state);
	struct {
		const char *text;
		int code;
		const char *says;
	} bad[] = {
		{ "", ERR_INVAL, "empty" },
		{ "12.345", ERR_INVAL, "more than two decimals" },
		{ "1,234.00", ERR_INVAL, "not a digit" },
		{ "12a", ERR_INVAL, "not a digit" },
		{ " 12", ERR_INVAL, "not a digit" },
		{ "1.2.3", ERR_INVAL, "not a digit" },
		{ "-", ERR_INVAL, "no digits" },
		{ ".", ERR_INVAL, "no digits" },
		{ "92233720368547758.08", ERR_OVERFLOW, "out of range" },
		{ "99999999999999999999", ERR_OVERFLOW, "out of range" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		fen_t v = 42;
		struct error e;
		error_clear(&e);
		assert_int_equal(money_parse(bad[i].text, strlen(bad[i].text), &v, &e), bad[i].code);
		assert_non_null(strstr(e.en, bad[i].says));
		assert_true(e.zh[0] != '\0');
		assert_int_equal(v, 42);
	}
}

static void formats_and_round_trips(void **state)
{
	UNUSED(state);
	char s[MONEY_STR_SIZE];
	money_format(123456, s);
	assert_string_equal(s, "1234.56");
	money_format(-50, s);
	assert_string_equal(s, "-0.50");
	money_format(0, s);
	assert_string_equal(s, "0.00");
	money_format(INT64_MIN, s);
	assert_string_equal(s, "-92233720368547758.08");
	uint64_t rng = 7;
	for (int i = 0; i < 100000; i++) {
		fen_t v = (fen_t)tu_rand(&rng);
		int n = money_format(v, s);
		fen_t back;
		assert_int_equal(money_parse(s, (size_t)n, &back, NULL), 0);
		assert_int_equal(back, v);
	}
}

static void arithmetic_overflows_are_errors(void **state)
{
	UNUSED(state);
	fen_t r;
	assert_int_equal(money_add(INT64_MAX, 1, &r), ERR_OVERFLOW);
	assert_int_equal(money_sub(INT64_MIN, 1, &r), ERR_OVERFLOW);
	assert_int_equal(money_mul(INT64_MAX / 2 + 1, 2, &r), ERR_OVERFLOW);
	assert_int_equal(money_add(74000, 48500, &r), 0);
	assert_int_equal(r, 122500);
	assert_int_equal(money_div(INT64_MIN, -1, MONEY_ROUND_DOWN, &r), ERR_OVERFLOW);
	assert_int_equal(money_div(1, 0, MONEY_ROUND_DOWN, &r), ERR_INVAL);
}

static void division_rounds_as_asked(void **state)
{
	UNUSED(state);
	fen_t r;
	/* 1000 fen over 3 members */
	money_div(1000, 3, MONEY_ROUND_DOWN, &r);
	assert_int_equal(r, 333);
	money_div(1000, 3, MONEY_ROUND_UP, &r);
	assert_int_equal(r, 334);
	money_div(1000, 3, MONEY_ROUND_HALF_UP, &r);
	assert_int_equal(r, 333);
	money_div(1001, 2, MONEY_ROUND_HALF_UP, &r);
	assert_int_equal(r, 501);
	money_div(-1001, 2, MONEY_ROUND_HALF_UP, &r);
	assert_int_equal(r, -501);
	money_div(-1000, 3, MONEY_ROUND_DOWN, &r);
	assert_int_equal(r, -334);
	money_div(-1000, 3, MONEY_ROUND_UP, &r);
	assert_int_equal(r, -333);
	money_div(1000, -3, MONEY_ROUND_DOWN, &r);
	assert_int_equal(r, -334);
	/* benefits round up to the yuan (DOMAIN.md §2) */
	money_round_yuan(25601, MONEY_ROUND_UP, &r);
	assert_int_equal(r, 25700);
	money_round_yuan(25600, MONEY_ROUND_UP, &r);
	assert_int_equal(r, 25600);
	money_round_yuan(25650, MONEY_ROUND_HALF_UP, &r);
	assert_int_equal(r, 25700);
}

static void parses_within_a_range(void **state)
{
	UNUSED(state);
	fen_t v;
	struct error e;
	assert_int_equal(money_parse_range("10.00", 5, 0, 1000, &v, &e), 0);
	assert_int_equal(v, 1000);
	assert_int_equal(money_parse_range("10.01", 5, 0, 1000, &v, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "too large: at most 10.00 yuan"));
	assert_int_equal(money_parse_range("99999999999999999999", 20, 0, 1000, &v, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "too large"));
	assert_int_equal(money_parse_range("-99999999999999999999", 21, 0, 1000, &v, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "too small: at least 0.00 yuan"));
	assert_int_equal(money_parse_range("-0.01", 5, 0, 1000, &v, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "too small"));
	assert_int_equal(money_parse_range("1x", 2, 0, 1000, &v, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "not a digit"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_within_a_range),
		cmocka_unit_test(parses_yuan_into_fen),
		cmocka_unit_test(rejects_bad_amounts_with_a_reason),
		cmocka_unit_test(formats_and_round_trips),
		cmocka_unit_test(arithmetic_overflows_are_errors),
		cmocka_unit_test(division_rounds_as_asked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
