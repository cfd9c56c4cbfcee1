/* test_params.c: policy parameters: the built-in Hunan set, dates before and after a change,
 * inheritance province -> city -> county, the floor rule for standards, and clear errors. */
#include "testutil.h"

#include "policy/params.h"

static date_t D(const char *s)
{
	date_t d;
	assert_int_equal(date_parse(s, strlen(s), &d), 0);
	return d;
}

static void builtin_hunan_standards_by_date(void **state)
{
	UNUSED(state);
	struct param_set ps;
	struct param_snapshot s;
	struct error e;
	assert_int_equal(params_load_builtin(&ps, &e), 0);
	assert_int_equal(params_resolve(&ps, "430102", D("2025-06-30"), &s, &e), 0);
	const struct param_value *u = params_get(&s, "dibao_standard_urban");
	assert_non_null(u);
	assert_int_equal(u->value, 74000);
	assert_string_equal(u->source->region, "43");
	assert_int_equal(params_get(&s, "dibao_standard_rural")->value, 48500);
	assert_int_equal(params_get(&s, "tekun_multiplier")->value, 13000);
	assert_int_equal(params_get(&s, "reserve_fund_max")->value, 2000000);
	assert_int_equal(params_get(&s, "total_days")->value, 30);
	assert_non_null(params_get(&s, "rigid_share"));
	params_snapshot_release(&s);
	/* the day before the 2025 standard, and before rigid expenditure existed */
	assert_int_equal(params_resolve(&ps, "4301", D("2024-12-31"), &s, &e), 0);
	assert_int_equal(params_get(&s, "dibao_standard_urban")->value, 69300);
	assert_null(params_get(&s, "rigid_share"));
	params_snapshot_release(&s);
	/* before any standard: absent, not zero */
	assert_int_equal(params_resolve(&ps, "43", D("2020-06-01"), &s, &e), 0);
	assert_null(params_get(&s, "dibao_standard_urban"));
	params_snapshot_release(&s);
	assert_int_equal(params_resolve(&ps, "110101", D("2025-01-01"), &s, &e), ERR_INVAL);
	params_release(&ps);
}

static const char *fixture = "# a county that raised its standard, and one that tried to lower it\n"
                             "std\t43\t2024-01-01\t700\tmoney\tfloor\tguide\t\n"
                             "std\t43\t2025-01-01\t740\tmoney\tfloor\tguide\t\n"
                             "std\t430102\t2024-07-01\t800\tmoney\tfloor\tcounty\thigher\n"
                             "std\t430103\t2024-07-01\t720\tmoney\tfloor\tcounty\tlower than 2025\n"
                             "mult\t43\t2021-01-01\t1.5\tratio\toverride\tguide\t\n"
                             "mult\t4301\t2024-01-01\t2\tratio\toverride\tcity\t\n"
                             "mult\t430103\t2024-01-01\t1.25\tratio\toverride\tcounty\t\n";

static void inheritance_and_the_floor_rule(void **state)
{
	UNUSED(state);
	struct param_set ps;
	struct param_snapshot s;
	struct error e;
	assert_int_equal(params_load_text(&ps, fixture, strlen(fixture), &e), 0);
	/* Furong raised its own standard: it holds in 2025 too */
	assert_int_equal(params_resolve(&ps, "430102001001", D("2025-03-01"), &s, &e), 0);
	assert_int_equal(params_get(&s, "std")->value, 80000);
	assert_string_equal(params_get(&s, "std")->source->region, "430102");
	/* a city override reaches its counties */
	assert_int_equal(params_get(&s, "mult")->value, 20000);
	params_snapshot_release(&s);
	/* Tianxin's 720 stood above the 2024 guide, but the 2025 guide is higher: the guide holds */
	assert_int_equal(params_resolve(&ps, "430103", D("2024-08-01"), &s, &e), 0);
	assert_int_equal(params_get(&s, "std")->value, 72000);
	params_snapshot_release(&s);
	assert_int_equal(params_resolve(&ps, "430103", D("2025-01-01"), &s, &e), 0);
	assert_int_equal(params_get(&s, "std")->value, 74000);
	assert_string_equal(params_get(&s, "std")->source->region, "43");
	/* an override may go below: the county's own */
	assert_int_equal(params_get(&s, "mult")->value, 12500);
	char text[32];
	params_format(PT_RATIO, 12500, text, sizeof text);
	assert_string_equal(text, "1.25");
	params_format(PT_RATIO, 20000, text, sizeof text);
	assert_string_equal(text, "2.0");
	params_format(PT_MONEY, 74000, text, sizeof text);
	assert_string_equal(text, "740.00");
	params_snapshot_release(&s);
	/* elsewhere in Hunan: the guide and the province's multiplier */
	assert_int_equal(params_resolve(&ps, "4331", D("2025-01-01"), &s, &e), 0);
	assert_int_equal(params_get(&s, "mult")->value, 15000);
	params_snapshot_release(&s);
	params_release(&ps);
}

static void bad_lines_are_named(void **state)
{
	UNUSED(state);
	struct {
		const char *text, *says;
	} bad[] = {
		{ "a\t43\t2025-01-01\t1\tint\toverride\tref\n", "expected 8" },
		{ "A\t43\t2025-01-01\t1\tint\toverride\tref\tnote\n", "lower-case" },
		{ "a\t11\t2025-01-01\t1\tint\toverride\tref\tnote\n", "Hunan" },
		{ "a\t43\t2025-02-30\t1\tint\toverride\tref\tnote\n", "real YYYY-MM-DD" },
		{ "a\t43\t2025-01-01\t1\tcolour\toverride\tref\tnote\n", "type must be" },
		{ "a\t43\t2025-01-01\t1\tint\tmaybe\tref\tnote\n", "rule must be" },
		{ "a\t43\t2025-01-01\t-1\tint\toverride\tref\tnote\n", "does not fit" },
		{ "a\t43\t2025-01-01\t1.23456\tratio\toverride\tref\tnote\n", "does not fit" },
		{ "a\t43\t2025-01-01\t12.345\tmoney\toverride\tref\tnote\n", "does not fit" },
		{ "a\t43\t2025-01-01\t1\tint\toverride\tr\tn\na\t43\t2025-01-01\t2\tint\toverride\tr\tn\n",
		  "line 2" },
		{ "a\t43\t2025-01-01\t1\tint\toverride\tr\tn\na\t4301\t2025-01-01\t2\tratio\toverride\tr\tn\n",
		  "differs" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct param_set ps;
		struct error e;
		assert_int_equal(params_load_text(&ps, bad[i].text, strlen(bad[i].text), &e), ERR_INVAL);
		if (!strstr(e.en, bad[i].says))
			fail_msg("%zu: %s lacks '%s'", i, e.en, bad[i].says);
		assert_true(strncmp(e.zh, "第 ", strlen("第 ")) == 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builtin_hunan_standards_by_date),
		cmocka_unit_test(inheritance_and_the_floor_rule),
		cmocka_unit_test(bad_lines_are_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
