/* test_csv.c: the streaming CSV reader: GB18030 and UTF-8, quoting, broken rows with their
 * line numbers, limits, and identical results whatever the read chunk size. */
#include "testutil.h"

#include <fcntl.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/mem.h"

/* Reads everything, writing good rows as "line|f1|f2…" and rejects as "!line:message",
 * one per line, into out. */
static void drain(struct csv_reader *r, struct buf *out)
{
	struct csv_row row;
	struct error e;
	int rc;
	while ((rc = csv_next(r, &row, &e)) != CSV_END) {
		assert_true(rc == CSV_ROW || rc == CSV_REJECT);
		if (rc == CSV_REJECT) {
			buf_addf(out, "!%" PRIu64 ":%s\n", row.line, e.en);
			continue;
		}
		buf_addf(out, "%" PRIu64, row.line);
		for (size_t i = 0; i < row.n; i++) {
			assert_int_equal(strlen(row.f[i].p), row.f[i].n);
			buf_addf(out, "|%s", row.f[i].p);
		}
		buf_addch(out, '\n');
	}
}

static char *read_mem(const char *text, size_t len, const struct csv_options *opt)
{
	struct csv_reader r;
	struct error e;
	struct buf out = BUF_INIT(1 << 26);
	assert_int_equal(csv_open_mem(&r, text, len, opt, &e), 0);
	drain(&r, &out);
	csv_close(&r);
	return buf_detach(&out, NULL);
}

static char *read_file(const char *path, const struct csv_options *opt, enum csv_encoding *enc)
{
	struct csv_reader r;
	struct error e;
	struct buf out = BUF_INIT(1 << 26);
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(csv_open_fd(&r, fd, opt, &e), 0);
	drain(&r, &out);
	if (enc)
		*enc = csv_encoding(&r);
	csv_close(&r);
	close(fd);
	return buf_detach(&out, NULL);
}

static void gb18030_file_with_quoted_newlines_and_broken_rows(void **state)
{
	UNUSED(state);
	const char *dir = getenv("SAFETYNET_TEST_DATA");
	assert_non_null(dir);
	struct buf path = BUF_INIT(4096);
	buf_addf(&path, "%s/gb18030.csv", dir);
	struct csv_options opt = { .expect_fields = -1 };
	enum csv_encoding enc;
	char *got = read_file(path.data, &opt, &enc);
	assert_int_equal(enc, CSV_ENC_GB18030);
	const char *want = "1|身份证号|姓名|地址|金额\n"
	                   "2|430102199001011238|张三|湖南省长沙市\n芙蓉区文艺路街道|1200.50\n"
	                   "!4:line 4: a quote inside unquoted field 2\n"
	                   "5|11010519491231002X|王五|岳阳市, 君山区|88\n"
	                   "6|43010219900101123X|赵𠮷|他说\"你好\"|10\n"
	                   "!7:line 7: field 2 is not valid GB18030\n"
	                   "8|430102199001011238|钱七|株洲|5\n"
	                   "!10:line 10: expected 4 fields, found 3\n"
	                   "11|430102199001011238|孙八||\n";
	assert_string_equal(got, want);
	/* the same through tiny chunks, so every record straddles a chunk boundary */
	for (size_t chunk = 1; chunk <= 17; chunk += 4) {
		opt.chunk = chunk;
		opt.expect_fields = -1;
		char *again = read_file(path.data, &opt, NULL);
		assert_string_equal(again, want);
		mem_free(again);
	}
	mem_free(got);
	buf_release(&path);
}

static void utf8_with_bom_crlf_and_edge_cases(void **state)
{
	UNUSED(state);
	const char *text = "\xEF\xBB\xBF"
	                   "a,b,c\r\n"
	                   "\r\n"
	                   ",,\n"
	                   "\"\",\"x\ry\",\"q\"\"\"\n"
	                   "cr\rin,field,\n"
	                   "last,line,no newline";
	char *got = read_mem(text, strlen(text), NULL);
	assert_string_equal(got, "1|a|b|c\n"
	                         "3|||\n"
	                         "4||x\ry|q\"\n"
	                         "5|cr\rin|field|\n"
	                         "6|last|line|no newline\n");
	mem_free(got);
}

static void invalid_utf8_is_rejected_per_row(void **state)
{
	UNUSED(state);
	const char text[] = "ok,1\nbad,\xC3\x28\nover,\xE0\x80\xAF\nsur,\xED\xA0\x80\nfine,2\nnul,a\0b\n";
	struct csv_options opt = { .encoding = CSV_ENC_UTF8 };
	char *got = read_mem(text, sizeof text - 1, &opt);
	assert_string_equal(got, "1|ok|1\n"
	                         "!2:line 2: field 2 is not valid UTF-8\n"
	                         "!3:line 3: field 2 is not valid UTF-8\n"
	                         "!4:line 4: field 2 is not valid UTF-8\n"
	                         "5|fine|2\n"
	                         "!6:line 6: field 2 contains a NUL byte\n");
	mem_free(got);
}

static void unterminated_quote_keeps_what_came_before(void **state)
{
	UNUSED(state);
	const char *text = "a,b\nc,\"never closed\nd,e\n";
	char *got = read_mem(text, strlen(text), NULL);
	/* the damage is confined to the line the quote opened on */
	assert_string_equal(got, "1|a|b\n"
	                         "!2:line 2: the quote opening field 2 is never closed\n"
	                         "3|d|e\n");
	mem_free(got);
	text = "x,\"ab\"c,d\ny,z\n";
	got = read_mem(text, strlen(text), NULL);
	assert_string_equal(got, "!1:line 1: characters after the closing quote of field 2\n2|y|z\n");
	mem_free(got);
}

static void limits_are_enforced_and_reading_goes_on(void **state)
{
	UNUSED(state);
	struct buf text = BUF_INIT(1 << 20);
	buf_adds(&text, "short,row\n");
	for (int i = 0; i < 200; i++)
		buf_adds(&text, "long");
	buf_adds(&text, "\nnext,row\n1,2,3,4,5,6\nend,row\n");
	struct csv_options opt = { .max_record = 64, .max_fields = 5 };
	char *got = read_mem(text.data, text.len, &opt);
	assert_string_equal(got, "1|short|row\n"
	                         "!2:line 2: the record is longer than 64 bytes\n"
	                         "3|next|row\n"
	                         "!4:line 4: more than 5 fields\n"
	                         "5|end|row\n");
	mem_free(got);
	/* the same from a file read in small chunks */
	char *dir = tu_tmpdir();
	char *path = tu_write_file(dir, "long.csv", text.data, text.len);
	opt.chunk = 16;
	char *again = read_file(path, &opt, NULL);
	assert_string_equal(again, "1|short|row\n"
	                           "!2:line 2: the record is longer than 64 bytes\n"
	                           "3|next|row\n"
	                           "!4:line 4: more than 5 fields\n"
	                           "5|end|row\n");
	mem_free(again);
	tu_rmtree(dir);
	mem_free(dir);
	mem_free(path);
	buf_release(&text);
}

static void other_delimiters_and_chinese_messages(void **state)
{
	UNUSED(state);
	struct csv_options opt = { .delim = '\t' };
	const char *text = "a\tb,c\n\"x\"y\tz\n";
	struct csv_reader r;
	struct error e;
	struct csv_row row;
	assert_int_equal(csv_open_mem(&r, text, strlen(text), &opt, &e), 0);
	assert_int_equal(csv_next(&r, &row, &e), CSV_ROW);
	assert_int_equal(row.n, 2);
	assert_string_equal(row.f[1].p, "b,c");
	assert_int_equal(csv_next(&r, &row, &e), CSV_REJECT);
	assert_string_equal(e.zh, "第 2 行：第 1 个字段的结束引号后还有其他字符");
	assert_int_equal(csv_next(&r, &row, &e), CSV_END);
	assert_int_equal(r.rows, 1);
	assert_int_equal(r.rejects, 1);
	csv_close(&r);
	opt.delim = '"';
	assert_int_equal(csv_open_mem(&r, text, strlen(text), &opt, &e), ERR_INVAL);
	csv_close(&r);
}

static void large_file_matches_memory_parse(void **state)
{
	UNUSED(state);
	/* a few MB of mixed rows: the fd path (1 MiB chunks) must equal the in-memory parse */
	struct buf text = BUF_INIT(1 << 26);
	uint64_t rng = 1;
	for (int i = 0; i < 60000; i++) {
		switch (tu_rand(&rng) % 4) {
		case 0:
			buf_addf(&text, "%d,\"multi\nline %d\",%d\n", i, i, i * 7);
			break;
		case 1:
			buf_addf(&text, "%d,\"quote \"\"%d\"\"\",湖南\r\n", i, i);
			break;
		case 2:
			buf_addf(&text, "%d,plain,%d\n", i, i);
			break;
		default:
			buf_addf(&text, "%d,bro\"ken,%d\n", i, i);
		}
	}
	char *mem = read_mem(text.data, text.len, NULL);
	char *dir = tu_tmpdir();
	char *path = tu_write_file(dir, "big.csv", text.data, text.len);
	char *file = read_file(path, NULL, NULL);
	assert_int_equal(strlen(mem), strlen(file));
	assert_true(strcmp(mem, file) == 0);
	tu_rmtree(dir);
	mem_free(dir);
	mem_free(path);
	mem_free(mem);
	mem_free(file);
	buf_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gb18030_file_with_quoted_newlines_and_broken_rows),
		cmocka_unit_test(utf8_with_bom_crlf_and_edge_cases),
		cmocka_unit_test(invalid_utf8_is_rejected_per_row),
		cmocka_unit_test(unterminated_quote_keeps_what_came_before),
		cmocka_unit_test(limits_are_enforced_and_reading_goes_on),
		cmocka_unit_test(other_delimiters_and_chinese_messages),
		cmocka_unit_test(large_file_matches_memory_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
