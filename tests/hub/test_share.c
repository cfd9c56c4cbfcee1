/* test_share.c: sharing tasks: a consumer without approval never receives a conditional field
 * and nobody ever receives a field marked 不予共享, even after the catalogue changes; pulls
 * repeat until acknowledged, then move on; deliveries are logged with their checksum. */
#include "testutil.h"

#include <json-c/json.h>
#include <sodium.h>

#include "base/buf.h"
#include "base/mem.h"
#include "hub/hub.h"
#include "gen/gen.h"
#include "hub/hub_repo.h"

static char *root, *county, *data;
static struct store *st;

static int ingest(const char *code, const char *ext)
{
	char name[64];
	struct hub_batch_report rep;
	struct error e;
	snprintf(name, sizeof name, "resources/%s.%s", code, ext);
	char *file = tu_path(county, name);
	int rc = hub_ingest(st, data, code, file, HUB_INCREMENTAL, &rep, &e);
	mem_free(file);
	return rc;
}

static int setup(void **state)
{
	UNUSED(state);
	struct gen_options o;
	long added;
	gen_defaults(&o);
	o.region = "430181";
	o.persons = 6000;
	o.months = 2;
	o.noise = 0;
	root = tu_tmpdir();
	int rc = tu_hub_county(root, &o, &county, &data, &st, &added) || ingest("43SC001", "jsonl") ||
	         ingest("43SF001", "csv") || ingest("43GA001", "csv");
	return rc ? -1 : 0;
}

static int teardown(void **state)
{
	UNUSED(state);
	store_close(st);
	tu_rmtree(root);
	mem_free(root);
	mem_free(county);
	mem_free(data);
	return 0;
}

struct got {
	long lines;
	bool has[8];
	char *text;
};

/* pulls into memory and notes which of the given keys any line carries */
static void pull(int64_t task, long limit, const char *const *keys, size_t nkeys, struct got *g,
                 struct hub_delivery *d)
{
	size_t len = 0;
	char *text = NULL;
	FILE *f = open_memstream(&text, &len);
	struct error e;
	if (hub_share_pull(st, task, limit, f, d, &e))
		fail_msg("pull: %s", e.en);
	fclose(f);
	/* the logged checksum is the checksum of what was written */
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256(digest, (const unsigned char *)text, len);
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	assert_string_equal(hex, d->sha256);
	assert_int_equal(d->bytes, (int64_t)len);
	memset(g, 0, sizeof *g);
	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		*nl = '\0';
		struct json_object *o = json_tokener_parse(line);
		assert_non_null(o);
		for (size_t k = 0; k < nkeys; k++)
			g->has[k] |= json_object_object_get_ex(o, keys[k], NULL);
		json_object_put(o);
		g->lines++;
		line = nl + 1;
	}
	free(text);
}

static void conditional_fields_wait_for_approval(void **state)
{
	UNUSED(state);
	struct error e;
	int64_t task;
	int pending;
	/* 43SC001 is unconditional, but its ID number field (zjhm) is conditional */
	assert_int_equal(hub_share_add(st, "NY-monitoring", "43SC001", "*", "", "", &task, &pending, &e), 0);
	assert_int_equal(pending, 1);
	const char *keys[] = { "zjhm", "qymc", "rylx" };
	struct got g;
	struct hub_delivery d1, d2, d3;
	pull(task, 0, keys, 3, &g, &d1);
	assert_true(g.lines > 100);
	assert_false(g.has[0]); /* never without approval */
	assert_true(g.has[1] && g.has[2]);
	/* approval needs who and which document */
	assert_int_equal(hub_share_approve(st, task, "zjhm", "", "", &e), ERR_INVAL);
	assert_int_equal(hub_share_approve(st, task, "qymc", "张三", "湘民函〔2025〕1号", &e),
	                 ERR_INVAL); /* unconditional */
	assert_int_equal(hub_share_approve(st, task, "zjhm", "张三", "湘民函〔2025〕1号", &e), 0);
	/* not acknowledged: the same records again, now with the approved field */
	pull(task, 0, keys, 3, &g, &d2);
	assert_true(g.has[0]);
	assert_int_equal(d2.from, d1.from);
	assert_int_equal(d2.to, d1.to);
	assert_int_equal(d2.records, d1.records);
	/* an old delivery cannot be acknowledged after a newer one moved the cursor */
	assert_int_equal(hub_share_ack(st, task, d2.id, &e), 0);
	assert_int_equal(hub_share_ack(st, task, d2.id, &e), 0); /* twice is harmless */
	assert_int_equal(hub_share_ack(st, task, d1.id, &e), ERR_INVAL);
	/* acknowledged: nothing new */
	pull(task, 0, keys, 3, &g, &d3);
	assert_int_equal(g.lines, 0);
	assert_int_equal(d3.from, d2.to);
}

static void not_shared_fields_never_flow(void **state)
{
	UNUSED(state);
	struct error e;
	int64_t task;
	int pending;
	assert_int_equal(hub_share_add(st, "court", "43SF001", "刑期届满日期", "", "", &task, &pending, &e),
	                 ERR_INVAL);
	assert_non_null(strstr(e.en, "never shared"));
	assert_int_equal(hub_share_add(st, "court", "43SF001", "身份证号,入监日期,没有的字段", "", "", &task,
	                               &pending, &e),
	                 ERR_INVAL);
	assert_int_equal(
	    hub_share_add(st, "court", "43SF001", "*,身份证号,姓名", "", "", &task, &pending, &e), 0);
	assert_int_equal(pending, 3); /* each field once, the not-shared one left out */
	assert_int_equal(hub_share_approve(st, task, "刑期届满日期", "李四", "文件", &e), ERR_INVAL);
	char now[1024];
	assert_int_equal(hub_share_fields_now(st, task, now, sizeof now, &e), 0);
	assert_string_equal(now, ""); /* every field of 43SF001 is conditional */
	struct hub_delivery d;
	size_t len;
	char *text = NULL;
	FILE *f = open_memstream(&text, &len);
	assert_int_equal(hub_share_pull(st, task, 0, f, &d, &e), ERR_INVAL);
	fclose(f);
	free(text);
}

static void a_catalogue_change_is_obeyed_at_the_next_pull(void **state)
{
	UNUSED(state);
	struct error e;
	int64_t task;
	int pending;
	assert_int_equal(hub_share_add(st, "RS", "43GA001", "公民身份号码,姓名,人员状态", "43018", "", &task,
	                               &pending, &e),
	                 0);
	assert_int_equal(pending, 3);
	assert_int_equal(hub_share_approve(st, task, "姓名", "王五", "批复", &e), 0);
	assert_int_equal(hub_share_approve(st, task, "人员状态", "王五", "批复", &e), 0);
	const char *keys[] = { "公民身份号码", "姓名", "人员状态" };
	struct got g;
	struct hub_delivery d;
	pull(task, 500, keys, 3, &g, &d);
	/* the limit counts records looked at; the region filter (registration in 43018…) drops
	 * households registered elsewhere */
	assert_true(g.lines > 400 && g.lines <= 500);
	assert_int_equal(d.records, g.lines);
	assert_false(g.has[0]);
	assert_true(g.has[1] && g.has[2]);
	/* the province now marks names 不予共享: a new version of the resource */
	char *cat = tu_path(county, "catalog.json");
	size_t len;
	FILE *in = fopen(cat, "rb");
	assert_non_null(in);
	struct buf text = BUF_INIT((size_t)1 << 26);
	char chunk[65536];
	while ((len = fread(chunk, 1, sizeof chunk, in)) > 0)
		buf_add(&text, chunk, len);
	fclose(in);
	const char *needle =
	    "{\"name\":\"姓名\",\"type\":\"name\",\"description\":\"姓名\",\"required\":true,\"share\":\"有条件\"}";
	char *at = strstr(text.data, needle);
	assert_non_null(at);
	struct buf changed = BUF_INIT((size_t)1 << 26);
	buf_add(&changed, text.data, (size_t)(at - text.data));
	buf_adds(
	    &changed,
	    "{\"name\":\"姓名\",\"type\":\"name\",\"description\":\"姓名\",\"required\":true,\"share\":\"不予共享\"}");
	buf_adds(&changed, at + strlen(needle));
	char *cat2 = tu_write_file(root, "catalog-v2.json", changed.data, changed.len);
	struct hub_import_report rep;
	assert_int_equal(hub_catalog_import(st, cat2, &rep, &e), 0);
	assert_int_equal(rep.changed, 1);
	assert_int_equal(hub_share_ack(st, task, d.id, &e), 0);
	pull(task, 0, keys, 3, &g, &d);
	assert_true(g.lines > 100);
	assert_false(g.has[0]);
	assert_false(g.has[1]); /* approved once, not shared now: never delivered */
	assert_true(g.has[2]);
	struct hub_db_stats stats;
	assert_int_equal(hub_db_stats(st, "2000-01-01", &stats, &e), 0);
	assert_int_equal(stats.tasks, 3);
	assert_int_equal(stats.resources, 48);
	buf_release(&text);
	buf_release(&changed);
	mem_free(cat);
	mem_free(cat2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conditional_fields_wait_for_approval),
		cmocka_unit_test(not_shared_fields_never_flow),
		cmocka_unit_test(a_catalogue_change_is_obeyed_at_the_next_pull),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
