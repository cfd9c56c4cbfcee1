/* test_date.c: civil dates, months and the working-day calendar. */
#include "testutil.h"

#include "base/date.h"
#include "base/error.h"
#include "base/workcal.h"

static date_t D(const char *s)
{
	date_t d;
	assert_int_equal(date_parse(s, strlen(s), &d), 0);
	return d;
}

static void round_trips_every_day_of_four_centuries(void **state)
{
	UNUSED(state);
	date_t t = date_from_ymd(1900, 1, 1);
	for (int y = 1900; y < 2300; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= date_days_in_month(y, m); d++, t++) {
				assert_int_equal(date_from_ymd(y, m, d), t);
				int yy, mm, dd;
				date_to_ymd(t, &yy, &mm, &dd);
				assert_true(yy == y && mm == m && dd == d);
			}
}

static void parses_and_formats(void **state)
{
	UNUSED(state);
	char s[DATE_STR_SIZE];
	assert_int_equal(D("1970-01-01"), 0);
	date_format(D("20240229"), s);
	assert_string_equal(s, "2024-02-29");
	date_format(D("2025/12/31"), s);
	assert_string_equal(s, "2025-12-31");
	date_t d;
	const char *bad[] = { "2023-02-29", "2025-13-01", "2025-00-10", "1900-02-29", "2025-1-01",
		              "2025-01-0x", "20250132",   "2025-01/01", "",           "0000-01-01" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(date_parse(bad[i], strlen(bad[i]), &d), ERR_INVAL);
	assert_true(date_valid(2000, 2, 29));
	assert_false(date_valid(2100, 2, 29));
}

static void weekdays_and_month_arithmetic(void **state)
{
	UNUSED(state);
	assert_int_equal(date_weekday(D("1970-01-01")), 4);
	assert_int_equal(date_weekday(D("2026-11-29")), 7);
	assert_int_equal(date_weekday(D("1969-12-29")), 1);
	char s[DATE_STR_SIZE];
	date_format(date_add_months(D("2025-01-31"), 1), s);
	assert_string_equal(s, "2025-02-28");
	date_format(date_add_months(D("2024-01-31"), 1), s);
	assert_string_equal(s, "2024-02-29");
	date_format(date_add_months(D("2025-03-15"), -15), s);
	assert_string_equal(s, "2023-12-15");
	date_format(date_add_months(D("2025-12-31"), 12), s);
	assert_string_equal(s, "2026-12-31");
	month_t mo;
	char ms[8];
	assert_int_equal(month_parse("2025-07", 7, &mo), 0);
	month_format(mo + 6, ms);
	assert_string_equal(ms, "2026-01");
	assert_int_equal(month_parse("202513", 6, &mo), ERR_INVAL);
	assert_int_equal(month_of(D("2025-07-31")), month_from_ym(2025, 7));
	date_format(month_first_day(month_from_ym(2024, 2)), s);
	assert_string_equal(s, "2024-02-01");
	assert_true(date_today() > D("2020-01-01"));
}

static void holidays_and_adjusted_working_days(void **state)
{
	UNUSED(state);
	assert_true(workcal_covers_year(2025));
	assert_false(workcal_covers_year(1999));
	/* National Day 2025: 1-8 October off; Sunday 28 September and Saturday 11 October worked */
	assert_false(workcal_is_workday(D("2025-10-01")));
	assert_false(workcal_is_workday(D("2025-10-08")));
	assert_true(workcal_is_workday(D("2025-09-28")));
	assert_true(workcal_is_workday(D("2025-10-11")));
	assert_true(workcal_is_workday(D("2025-10-09")));
	/* Spring Festival 2026: 15-23 February off, Saturday 14 and Saturday 28 February worked */
	assert_false(workcal_is_workday(D("2026-02-16")));
	assert_true(workcal_is_workday(D("2026-02-14")));
	assert_true(workcal_is_workday(D("2026-02-28")));
	/* a plain weekend and a plain weekday */
	assert_false(workcal_is_workday(D("2025-11-29")));
	assert_true(workcal_is_workday(D("2025-11-28")));
}

static void counts_working_days_for_time_limits(void **state)
{
	UNUSED(state);
	char s[DATE_STR_SIZE];
	/* accepted on Monday 29 September 2025: the 3rd working day after is 10 October, since
	 * 30 September is the 1st, 1-8 October are holidays, 9 October is the 2nd */
	date_format(workcal_add(D("2025-09-29"), 3), s);
	assert_string_equal(s, "2025-10-10");
	date_format(workcal_add(D("2025-09-29"), 1), s);
	assert_string_equal(s, "2025-09-30");
	date_format(workcal_add(D("2025-10-10"), -2), s);
	assert_string_equal(s, "2025-09-30");
	assert_int_equal(workcal_add(D("2025-03-03"), 0), D("2025-03-03"));
	/* an ordinary fortnight has 10 working days */
	assert_int_equal(workcal_count(D("2025-03-02"), D("2025-03-16")), 10);
	assert_int_equal(workcal_count(D("2025-03-16"), D("2025-03-02")), -10);
	/* 2025 has 248 working days (counted independently from data/holidays.tsv) */
	assert_int_equal(workcal_count(D("2024-12-31"), D("2025-12-31")), 248);
	for (int n = 1; n <= 40; n++)
		assert_int_equal(workcal_count(D("2025-09-20"), workcal_add(D("2025-09-20"), n)), n);
}

static void custom_table_replaces_the_builtin(void **state)
{
	UNUSED(state);
	const char *t = "# test\n2030-01-02\toff\tx\n2030-01-05\twork\ty\n";
	assert_int_equal(workcal_load_text(t, strlen(t)), 0);
	assert_false(workcal_is_workday(D("2030-01-02")));
	assert_true(workcal_is_workday(D("2030-01-05")));
	assert_false(workcal_covers_year(2025));
	const char *bad = "2030-02-30\toff\tx\n";
	assert_int_equal(workcal_load_text(bad, strlen(bad)), ERR_INVAL);
	assert_false(workcal_is_workday(D("2030-01-02"))); /* the old table stays */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trips_every_day_of_four_centuries),
		cmocka_unit_test(parses_and_formats),
		cmocka_unit_test(weekdays_and_month_arithmetic),
		cmocka_unit_test(holidays_and_adjusted_working_days),
		cmocka_unit_test(counts_working_days_for_time_limits),
		cmocka_unit_test(custom_table_replaces_the_builtin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
