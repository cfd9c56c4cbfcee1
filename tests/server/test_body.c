/* test_body.c: the strict reader of JSON request bodies: one object and nothing else, no
 * comments, no single quotes, no duplicate names, valid UTF-8, and typed getters that refuse
 * every other type. */
#include "testutil.h"

#include "base/utf8.h"
#include "server/body.h"

static int parse(const char *text, struct body *b, struct error *e)
{
	error_clear(e);
	return api_body_parse(text, strlen(text), b, e);
}

static void refuses_what_is_not_one_plain_object(void **state)
{
	UNUSED(state);
	struct {
		const char *text, *says;
	} bad[] = {
		{ "{\"amount\":\"1\"}{\"amount\":\"1\"}", "one object only" },
		{ "{\"a\":1} x", "one object only" },
		{ "{\"a\":1} /* c */", "one object only" },
		{ "{/* c */\"a\":1}", "not valid JSON" },
		{ "{\"a\":1 // c\n}", "not valid JSON" },
		{ "{'a':1}", "not valid JSON" },
		{ "{\"a\":'x'}", "not valid JSON" },
		{ "{\"a\":1,}", "not valid JSON" },
		{ "{\"a\":NaN}", "not valid JSON" },
		{ "{\"a\":-Infinity}", "not valid JSON" },
		{ "{\"a\":[1,Infinity]}", "not valid JSON" },
		{ "{\"a\":", "not valid JSON" },
		{ "[1]", "must be a JSON object" },
		{ "\"x\"", "must be a JSON object" },
		{ "{\"a\":1,\"a\":2}", "given twice" },
		{ "{\"o\":{\"b\":1,\"c\":{\"b\":2},\"b\":3}}", "given twice" },
		{ "{\"a\":1,\"\\u0061\":2}", "without escapes" },
		{ "{\"name\":\"\xC3\x28\"}", "not valid UTF-8" },
		{ "{\"name\":\"\xED\xA0\x80\"}", "not valid UTF-8" },
		{ "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]", "JSON" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct body b;
		struct error e;
		if (parse(bad[i].text, &b, &e) != ERR_INVAL)
			fail_msg("%zu: [%s] was taken", i, bad[i].text);
		assert_null(b.o);
		if (!strstr(e.en, bad[i].says))
			fail_msg("%zu: [%s] says [%s]", i, bad[i].text, e.en);
		assert_true(e.zh[0] != '\0');
	}
	struct body b;
	struct error e;
	assert_int_equal(api_body_parse("{\"a\":1}\0{}", 10, &b, &e), ERR_INVAL);
	assert_null(b.o);
	/* a duplicate names the member */
	assert_int_equal(parse("{\"months\":1,\"months\":2}", &b, &e), ERR_INVAL);
	assert_string_equal(e.field, "months");
	/* a long name is shown cut at a character's end, never inside one */
	char dup[400];
	const char *han = "a一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";
	snprintf(dup, sizeof dup, "{\"%s\":1,\"%s\":2}", han, han);
	assert_int_equal(parse(dup, &b, &e), ERR_INVAL);
	assert_true(utf8_valid(e.en, strlen(e.en)));
	assert_true(utf8_valid(e.field, strlen(e.field)));
	assert_int_equal(strlen(e.field), 61); /* "a" and 20 characters */
	/* the same name in sibling objects and a name as a value are fine */
	assert_int_equal(parse(" {\"x\":[{\"a\":1},{\"a\":2}],\"a\":\"a\",\"b\":{\"a\":null}} \r\n", &b, &e),
	                 0);
	api_body_release(&b);
	assert_int_equal(api_body_parse("", 0, &b, &e), 0); /* an empty body is {} */
	api_body_release(&b);
}

static void getters_take_exact_types(void **state)
{
	UNUSED(state);
	struct body b;
	struct error e;
	assert_int_equal(
	    parse("{\"amount\":[1],\"months\":\"3; DROP\",\"m\":3,\"f\":3.0,\"big\":"
	          "18446744073709551615,\"t\":\"张三\",\"n\":null,\"u\":true,\"z\":\"a\\u0000b\","
	          "\"docs\":[\"application\",\"receipts\"],\"bad\":[\"a\",1],\"comma\":[\"a,b\"],"
	          "\"long\":\"一二三四\",\"num\":12}",
	          &b, &e),
	    0);
	const char *s;
	int flag;
	int64_t v;
	bool given;
	assert_int_equal(api_body_text(&b, "amount", 32, &s, &e), ERR_INVAL);
	assert_string_equal(e.field, "amount");
	assert_non_null(strstr(e.en, "amount must be text"));
	assert_int_equal(api_body_text(&b, "num", 32, &s, &e), ERR_INVAL); /* a number is not text */
	assert_int_equal(api_body_int(&b, "months", 1, 6, &v, &given, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "months must be a whole number"));
	assert_int_equal(api_body_int(&b, "f", 1, 6, &v, &given, &e), ERR_INVAL);
	assert_int_equal(api_body_int(&b, "big", INT64_MIN, INT64_MAX, &v, &given, &e), ERR_INVAL);
	assert_int_equal(api_body_int(&b, "m", 4, 6, &v, &given, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "from 4 to 6"));
	assert_int_equal(api_body_int(&b, "m", 1, 6, &v, &given, &e), 0);
	assert_true(given);
	assert_int_equal(v, 3);
	assert_int_equal(api_body_int(&b, "n", 1, 6, &v, &given, &e), 0);
	assert_false(given);
	assert_int_equal(api_body_text(&b, "t", 0, &s, &e), 0);
	assert_string_equal(s, "张三");
	assert_int_equal(api_body_text(&b, "absent", 0, &s, &e), 0);
	assert_null(s);
	assert_int_equal(api_body_text(&b, "n", 0, &s, &e), 0);
	assert_null(s);
	assert_int_equal(api_body_text(&b, "z", 0, &s, &e), ERR_INVAL); /* \u0000 inside */
	/* too long: refused with the limit, never cut */
	assert_int_equal(api_body_text(&b, "long", 10, &s, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "at most 10 bytes"));
	assert_string_equal(e.field, "long");
	assert_int_equal(api_body_text(&b, "long", 12, &s, &e), 0);
	assert_int_equal(api_body_bool(&b, "u", &flag, &e), 0);
	assert_int_equal(flag, 1);
	assert_int_equal(api_body_bool(&b, "absent", &flag, &e), 0);
	assert_int_equal(flag, -1);
	assert_int_equal(api_body_bool(&b, "m", &flag, &e), ERR_INVAL);
	assert_int_equal(api_body_bool(&b, "t", &flag, &e), ERR_INVAL);
	char out[32];
	assert_int_equal(api_body_list(&b, "docs", out, sizeof out, &s, &e), 0);
	assert_string_equal(s, "application,receipts");
	assert_int_equal(api_body_list(&b, "docs", out, 12, &s, &e), ERR_INVAL);
	assert_int_equal(api_body_list(&b, "bad", out, sizeof out, &s, &e), ERR_INVAL);
	assert_int_equal(api_body_list(&b, "comma", out, sizeof out, &s, &e), ERR_INVAL);
	assert_int_equal(api_body_list(&b, "t", out, sizeof out, &s, &e), ERR_INVAL); /* text is not a list */
	assert_int_equal(api_body_list(&b, "absent", out, sizeof out, &s, &e), 0);
	assert_null(s);
	api_body_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refuses_what_is_not_one_plain_object),
		cmocka_unit_test(getters_take_exact_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
