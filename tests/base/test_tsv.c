/* test_tsv.c: tab-separated text cut in place: lines, fields, and a last field that keeps the
 * rest of its line. */
#include "testutil.h"

#include "base/tsv.h"

static void lines_and_fields(void **state)
{
	UNUSED(state);
	char text[] = "a\tb\tc\n\nd\te\tf\tg";
	char *at = text, *end = text + strlen(text), *l, *f[3];
	assert_non_null(l = tsv_next_line(&at, end));
	assert_int_equal(tsv_split(l, f, 3), 3);
	assert_string_equal(f[0], "a");
	assert_string_equal(f[2], "c");
	assert_non_null(l = tsv_next_line(&at, end));
	assert_int_equal(tsv_split(l, f, 3), 1); /* an empty line is one empty field */
	assert_string_equal(f[0], "");
	assert_non_null(l = tsv_next_line(&at, end));
	assert_int_equal(tsv_split(l, f, 3), 3);
	assert_string_equal(f[2], "f\tg"); /* the last field keeps the rest */
	assert_null(tsv_next_line(&at, end));
	assert_int_equal(tsv_split(text, f, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(lines_and_fields) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
