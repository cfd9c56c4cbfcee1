/* test_json.c: the JSON-lines reader, the JSON writer and the UTF-8 validator. */
#include "testutil.h"

#include <fcntl.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/jsonl.h"
#include "base/jsonw.h"
#include "base/mem.h"
#include "base/utf8.h"

static void reads_objects_and_rejects_bad_lines(void **state)
{
	UNUSED(state);
	const char *text = "{\"id\":\"430102199001011238\",\"fen\":9007199254740993,\"amount\":\"12.50\"}\r\n"
	                   "\n"
	                   "   \n"
	                   "{\"broken\": }\n"
	                   "[1,2]\n"
	                   "{\"a\":1} trailing\n"
	                   "{\"name\":\"\xC3\x28\"}\n"
	                   "{\"name\":\"张三\",\"nested\":{\"x\":[true,null]}}\n"
	                   "{\"unfinished\": \"yes\"\n"
	                   "{\"last\":1}";
	struct jsonl_reader r;
	struct error e;
	struct json_object *o;
	uint64_t line;
	assert_int_equal(jsonl_open_mem(&r, text, strlen(text), 0, &e), 0);
	assert_int_equal(jsonl_next(&r, &o, &line, &e), JSONL_ROW);
	assert_int_equal(line, 1);
	struct json_object *v;
	assert_true(json_object_object_get_ex(o, "fen", &v));
	assert_int_equal(json_object_get_int64(v), 9007199254740993LL); /* not rounded through a double */
	struct {
		uint64_t line;
		const char *says;
	} rejects[] = {
		{ 4, "invalid JSON" },
		{ 5, "must be a JSON object" },
		{ 6, "text after the JSON object" },
		{ 7, "not valid UTF-8" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(rejects); i++) {
		assert_int_equal(jsonl_next(&r, &o, &line, &e), JSONL_REJECT);
		assert_int_equal(line, rejects[i].line);
		assert_non_null(strstr(e.en, rejects[i].says));
		assert_true(strncmp(e.zh, "第 ", strlen("第 ")) == 0);
	}
	assert_int_equal(jsonl_next(&r, &o, &line, &e), JSONL_ROW);
	assert_int_equal(line, 8);
	assert_true(json_object_object_get_ex(o, "name", &v));
	assert_string_equal(json_object_get_string(v), "张三");
	assert_int_equal(jsonl_next(&r, &o, &line, &e), JSONL_REJECT);
	assert_int_equal(line, 9);
	assert_non_null(strstr(e.en, "incomplete"));
	assert_int_equal(jsonl_next(&r, &o, &line, &e), JSONL_ROW);
	assert_int_equal(line, 10);
	assert_int_equal(jsonl_next(&r, &o, &line, &e), JSONL_END);
	assert_int_equal(r.rows, 3);
	assert_int_equal(r.rejects, 5);
	jsonl_close(&r);
}

static void long_lines_are_rejected_from_files_too(void **state)
{
	UNUSED(state);
	struct buf text = BUF_INIT(1 << 26);
	for (int i = 0; i < 40000; i++)
		buf_addf(&text, "{\"n\":%d,\"s\":\"湖南省长沙市芙蓉区\"}\n", i);
	buf_adds(&text, "{\"big\":\"");
	for (int i = 0; i < 300000; i++)
		buf_adds(&text, "x");
	buf_adds(&text, "\"}\n{\"after\":true}\n");
	char *dir = tu_tmpdir();
	char *path = tu_write_file(dir, "x.jsonl", text.data, text.len);
	int fd = open(path, O_RDONLY);
	struct jsonl_reader r;
	struct error e;
	struct json_object *o;
	uint64_t line;
	assert_int_equal(jsonl_open_fd(&r, fd, 100000, &e), 0);
	for (int i = 0; i < 40000; i++) {
		assert_int_equal(jsonl_next(&r, &o, &line, &e), JSONL_ROW);
		assert_int_equal(line, (uint64_t)i + 1);
		struct json_object *n;
		assert_true(json_object_object_get_ex(o, "n", &n));
		assert_int_equal(json_object_get_int(n), i);
	}
	assert_int_equal(jsonl_next(&r, &o, &line, &e), JSONL_REJECT);
	assert_int_equal(line, 40001);
	assert_non_null(strstr(e.en, "longer than 100000 bytes"));
	assert_int_equal(jsonl_next(&r, &o, &line, &e), JSONL_ROW);
	assert_int_equal(line, 40002);
	assert_int_equal(jsonl_next(&r, &o, &line, &e), JSONL_END);
	jsonl_close(&r);
	close(fd);
	tu_rmtree(dir);
	mem_free(dir);
	mem_free(path);
	buf_release(&text);
}

static void writer_escapes_and_nests(void **state)
{
	UNUSED(state);
	struct buf b = BUF_INIT(4096);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "name");
	jsonw_str(&w, "张\"三\"\\\n\t\x01");
	jsonw_key(&w, "fen");
	jsonw_int(&w, INT64_MIN);
	jsonw_key(&w, "list");
	jsonw_arr_begin(&w);
	jsonw_int(&w, 1);
	jsonw_bool(&w, true);
	jsonw_null(&w);
	jsonw_obj_begin(&w);
	jsonw_obj_end(&w);
	jsonw_arr_end(&w);
	jsonw_key(&w, "none");
	jsonw_str(&w, NULL);
	jsonw_obj_end(&w);
	assert_int_equal(jsonw_finish(&w), 0);
	assert_string_equal(b.data,
	                    "{\"name\":\"张\\\"三\\\"\\\\\\n\\t\\u0001\",\"fen\":-9223372036854775808,"
	                    "\"list\":[1,true,null,{}],\"none\":null}");
	/* what it writes, json-c reads back */
	struct json_object *o = json_tokener_parse(b.data);
	assert_non_null(o);
	struct json_object *v;
	assert_true(json_object_object_get_ex(o, "name", &v));
	assert_string_equal(json_object_get_string(v), "张\"三\"\\\n\t\x01");
	json_object_put(o);
	buf_release(&b);
}

static void writer_reports_errors_once(void **state)
{
	UNUSED(state);
	struct buf b = BUF_INIT(10);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_arr_begin(&w);
	jsonw_str(&w, "far too long for ten bytes");
	jsonw_arr_end(&w);
	assert_int_equal(jsonw_finish(&w), ERR_TOOBIG);
	buf_release(&b);
	struct buf c = BUF_INIT(1000);
	jsonw_init(&w, &c);
	jsonw_obj_begin(&w);
	assert_int_equal(jsonw_finish(&w), ERR_INVAL); /* left open */
	jsonw_init(&w, &c);
	for (int i = 0; i < JSONW_MAX_DEPTH + 2; i++)
		jsonw_arr_begin(&w);
	assert_int_equal(jsonw_finish(&w), ERR_TOOBIG);
	buf_release(&c);
}

static void utf8_validation(void **state)
{
	UNUSED(state);
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("plain ascii text that is long", 29));
	assert_true(utf8_valid("湖南𠮷", strlen("湖南𠮷")));
	assert_false(utf8_valid("\xC0\xAF", 2));         /* overlong */
	assert_false(utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4)); /* past U+10FFFF */
	assert_false(utf8_valid("\xE6\xB9", 2));         /* cut short */
	assert_int_equal(utf8_valid_prefix("ab\xE6\xB9", 4, true), 4);
	assert_int_equal(utf8_valid_prefix("ab\xE6\xB9", 4, false), 2);
	assert_false(utf8_valid("\xFF", 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_objects_and_rejects_bad_lines),
		cmocka_unit_test(long_lines_are_rejected_from_files_too),
		cmocka_unit_test(writer_escapes_and_nests),
		cmocka_unit_test(writer_reports_errors_once),
		cmocka_unit_test(utf8_validation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
