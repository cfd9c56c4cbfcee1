/* test_error_log.c: errors in two languages, and the log's scrubbing of personal numbers. */
#include "testutil.h"

#include "base/error.h"
#include "base/lang.h"
#include "base/log.h"

static void error_keeps_both_languages(void **state)
{
	UNUSED(state);
	struct error e;
	error_clear(&e);
	assert_int_equal(error_set(&e, ERR_INVAL, "金额“%s”无效", "the amount '%s' is not valid", "x1"),
	                 ERR_INVAL);
	error_field(&e, "amount");
	error_prefix(&e, "第 %d 行：", "line %d: ", 7);
	assert_string_equal(error_msg_lang(&e, LANG_ZH), "第 7 行：金额“x1”无效");
	assert_string_equal(error_msg_lang(&e, LANG_EN), "line 7: the amount 'x1' is not valid");
	assert_string_equal(e.field, "amount");
	lang_set(LANG_EN);
	assert_string_equal(error_msg(&e), "line 7: the amount 'x1' is not valid");
	lang_set(LANG_ZH);
	assert_string_equal(error_msg(&e), "第 7 行：金额“x1”无效");
	assert_int_equal(error_set(NULL, ERR_IO, "a", "b"), ERR_IO);
}

static void lang_parses_locale_names(void **state)
{
	UNUSED(state);
	assert_int_equal(lang_parse("zh_CN.UTF-8"), LANG_ZH);
	assert_int_equal(lang_parse("en"), LANG_EN);
	assert_int_equal(lang_parse("fr"), -1);
	assert_int_equal(lang_parse(NULL), -1);
}

static void scrub_masks_long_digit_runs(void **state)
{
	UNUSED(state);
	char out[256];
	log_scrub("person 430102199001011238 paid 12 yuan", out, sizeof out);
	assert_string_equal(out, "person 43***************8 paid 12 yuan");
	log_scrub("id 11010519491231002X ok", out, sizeof out);
	assert_string_equal(out, "id 11***************X ok");
	log_scrub("card 6222021234567890123, phone 13812345678, batch 20250101", out, sizeof out);
	assert_string_equal(out, "card 62****************3, phone 13********8, batch 20250101");
	log_scrub("short", out, 3);
	assert_string_equal(out, "sh");
}

static void log_writes_scrubbed_lines_at_level(void **state)
{
	UNUSED(state);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	log_set_stream(f);
	log_set_level(LOG_INFO);
	log_info("verified %s", "430102199001011238");
	log_debug("not shown");
	log_set_stream(NULL);
	log_set_level(LOG_WARN);
	fclose(f);
	assert_non_null(strstr(text, "INFO verified 43***************8"));
	assert_null(strstr(text, "1990010112"));
	assert_null(strstr(text, "not shown"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error_keeps_both_languages),
		cmocka_unit_test(lang_parses_locale_names),
		cmocka_unit_test(scrub_masks_long_digit_runs),
		cmocka_unit_test(log_writes_scrubbed_lines_at_level),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
