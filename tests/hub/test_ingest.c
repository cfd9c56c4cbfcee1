/* test_ingest.c: the data hub on a generated county: every injected malformed row rejected for
 * the right reason and every other row accepted; the same files again change nothing; a full
 * snapshot closes what it no longer holds; bad files get clear errors and leave nothing
 * behind; a batch that fails half-way (out of memory at many points) leaves the database as
 * it was. */
#include "testutil.h"

#include "base/buf.h"
#include "base/hmap.h"
#include "base/mem.h"
#include "hub/hub.h"
#include "gen/gen_int.h"
#include "hub/hub_repo.h"
#include "link/link_repo.h"
#include "verify/verify_repo.h"

static char *root, *county, *data;
static struct store *st;

static char *resource_file(const struct gen_resource *r)
{
	char name[64];
	snprintf(name, sizeof name, "resources/%s.%s", r->code, r->format == FMT_JSONL ? "jsonl" : "csv");
	return tu_path(county, name);
}

static int setup(void **state)
{
	UNUSED(state);
	struct gen_options o;
	long added;
	gen_defaults(&o);
	o.region = "430102";
	o.persons = 2500;
	o.months = 3;
	o.noise = 0.03;
	o.seed = 42;
	root = tu_tmpdir();
	return tu_hub_county(root, &o, &county, &data, &st, &added) || added != 48 ? -1 : 0;
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

static const char *expected_reason(const char *kind)
{
	static const char *map[][2] = {
		{ "negative-amount", "negative amount" },
		{ "impossible-date", "not a real date" },
		{ "wrong-column-count", "expected" },
		{ "broken-quoting", "quote" },
		{ "broken-json", "JSON" },
		{ "id-missing", "is empty" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(map[i][0], kind))
			return map[i][1];
	return NULL;
}

static void county_ingests_as_the_noise_truth_says(void **state)
{
	UNUSED(state);
	/* what the truth says must be rejected: "CODE:LINE" -> index of the expected reason */
	struct hmap want;
	hmap_init(&want);
	char *noise_path = tu_path(county, "truth/noise.tsv");
	char *noise = tu_slurp(noise_path, NULL);
	static const char *reasons[4096];
	size_t nreasons = 0;
	for (char *line = strchr(noise, '\n') + 1; *line;) {
		char *nl = strchr(line, '\n'), *f[5];
		*nl = '\0';
		f[0] = line;
		for (int k = 1; k < 5; k++) {
			f[k] = strchr(f[k - 1], '\t');
			*f[k]++ = '\0';
		}
		const char *why = expected_reason(f[2]);
		if (why && nreasons < ARRAY_SIZE(reasons)) {
			char key[64];
			int n = snprintf(key, sizeof key, "%s:%s", f[0], f[1]);
			reasons[nreasons] = why;
			hmap_put(&want, key, (size_t)n, nreasons++);
		}
		line = nl + 1;
	}
	assert_true(nreasons > 20);
	size_t matched = 0;
	int64_t accepted = 0, unresolved = 0;
	for (size_t r = 0; r < gen_nresources; r++) {
		struct hub_batch_report rep;
		struct error e;
		char *file = resource_file(&gen_resources[r]);
		if (hub_ingest(st, data, gen_resources[r].code, file, HUB_INCREMENTAL, &rep, &e))
			fail_msg("%s: %s", gen_resources[r].code, e.en);
		accepted += rep.n.accepted;
		unresolved += rep.n.unresolved_ids;
		assert_int_equal(rep.n.read, rep.n.accepted + rep.n.rejected);
		/* every reject was expected, for the expected reason */
		size_t len;
		char *rj = rep.reject_file[0] ? tu_slurp(rep.reject_file, &len) : NULL;
		for (char *line = rj ? strchr(rj, '\n') + 1 : NULL; line && *line;) {
			char *nl = strchr(line, '\n');
			*nl = '\0';
			char key[64];
			int n = snprintf(key, sizeof key, "%s:%.*s", gen_resources[r].code,
			                 (int)strcspn(line, "\t"), line);
			uint64_t idx;
			if (!hmap_get(&want, key, (size_t)n, &idx))
				fail_msg("%s rejected but no fault was injected there: %s", key, line);
			if (!strstr(line, reasons[idx]))
				fail_msg("%s rejected for the wrong reason: %s (wanted '%s')", key, line,
				         reasons[idx]);
			matched++;
			line = nl + 1;
		}
		mem_free(rj);
		mem_free(file);
	}
	/* and every expected reject happened */
	assert_int_equal(matched, nreasons);
	assert_true(accepted > 50000);
	assert_true(unresolved > 50);
	int64_t facts;
	struct error e;
	assert_int_equal(hub_db_count_facts(st, "wage", &facts, &e), 0);
	assert_true(facts > 1000);
	hmap_release(&want);
	mem_free(noise);
	mem_free(noise_path);
}

/* the oldest batch of a resource (hub_db_batch_each gives the newest first) */
static int take_batch(void *arg, const struct hub_db_batch_row *b)
{
	*(struct hub_db_batch_counts *)arg = b->n;
	return 0;
}

static int take_person(void *arg, const struct lk_db_record_row *r)
{
	struct buf *b = arg;
	if (r->person && r->person[0])
		buf_addf(b, "%s\n", r->person);
	return b->len > 300 * 19;
}

static int fact_line(void *arg, const struct vf_db_fact_row *f)
{
	buf_addf(arg, "%s|%s|%lld|%s|%s|%lld\n", f->kind, f->period ? f->period : "",
	         f->has_amount ? (long long)f->amount_fen : -1, f->value ? f->value : "", f->resource,
	         (long long)f->line);
	return 0;
}

/* every fact of each person of the list, one line each */
static void facts_of(struct store *s, const char *persons, struct buf *out)
{
	struct error e;
	for (const char *p = persons; *p;) {
		const char *nl = strchr(p, '\n');
		char idno[32];
		snprintf(idno, sizeof idno, "%.*s", (int)(nl - p), p);
		buf_addf(out, "%s:\n", idno);
		assert_int_equal(vf_db_person_facts(s, idno, fact_line, out, &e), 0);
		p = nl + 1;
	}
}

/* A batch finds earlier records by key and facts by person through (hash, record) pairs it
 * writes a chunk at a time. With chunks of 7 pairs and hashes of 12 bits (so that thousands of
 * keys and persons share each), the same files must give the same answers. */
static void tiny_chunks_and_shared_hashes_give_the_same_answers(void **state)
{
	UNUSED(state);
	struct error e;
	struct store *w;
	struct hub_import_report ir;
	char *wdata = tu_path(root, "weak"), *cat = tu_path(county, "catalog.json");
	assert_int_equal(store_open_dir(wdata, STORE_OPEN_CREATE, &w, &e), 0);
	assert_int_equal(store_migrate(w, NULL, NULL, &e), 0);
	assert_int_equal(hub_catalog_import(w, cat, &ir, &e), 0);
	store_test_weak_hash(true);
	hub_db_test_chunk(7);
	for (size_t r = 0; r < gen_nresources; r++) {
		struct hub_batch_report rep;
		struct hub_db_batch_counts ref;
		char *file = resource_file(&gen_resources[r]);
		if (hub_ingest(w, wdata, gen_resources[r].code, file, HUB_INCREMENTAL, &rep, &e))
			fail_msg("%s: %s", gen_resources[r].code, e.en);
		assert_int_equal(hub_db_batch_each(st, gen_resources[r].code, 0, take_batch, &ref, &e), 0);
		assert_int_equal(rep.n.accepted, ref.accepted);
		assert_int_equal(rep.n.inserted, ref.inserted);
		assert_int_equal(rep.n.updated, ref.updated);
		assert_int_equal(rep.n.unchanged, ref.unchanged);
		assert_int_equal(rep.n.facts, ref.facts);
		int64_t a, b;
		assert_int_equal(hub_db_count_records(w, gen_resources[r].code, &a, &e), 0);
		assert_int_equal(hub_db_count_records(st, gen_resources[r].code, &b, &e), 0);
		assert_int_equal(a, b);
		mem_free(file);
	}
	int64_t fa, fb;
	assert_int_equal(hub_db_count_facts(w, NULL, &fa, &e), 0);
	assert_int_equal(hub_db_count_facts(st, NULL, &fb, &e), 0);
	assert_int_equal(fa, fb);
	struct buf persons = BUF_INIT(1 << 20), mine = BUF_INIT(1 << 20), theirs = BUF_INIT(1 << 20);
	assert_int_equal(lk_db_records_each(st, "43GA001", 0, take_person, &persons, &e), 0);
	facts_of(w, buf_cstr(&persons), &mine);
	store_test_weak_hash(false); /* the other store's hashes are whole */
	facts_of(st, buf_cstr(&persons), &theirs);
	store_test_weak_hash(true);
	assert_true(mine.len > persons.len * 2);
	assert_string_equal(buf_cstr(&mine), buf_cstr(&theirs));

	/* a later batch over what is stored: one row the same, one changed, one new */
	char *sw = resource_file(&gen_resources[0]);
	for (size_t r = 0; r < gen_nresources; r++)
		if (!strcmp(gen_resources[r].code, "43SW001")) {
			mem_free(sw);
			sw = resource_file(&gen_resources[r]);
		}
	char *text = tu_slurp(sw, NULL);
	char *l1 = strchr(text, '\n') + 1, *l2 = strchr(l1, '\n') + 1, *l3 = strchr(l2, '\n') + 1;
	l2[-1] = l3[-1] = '\0';
	char id[19], *comma = strchr(l2, ',');
	snprintf(id, sizeof id, "%s", l1);
	char *cut = strchr(comma + 1, ',');
	*cut = '\0';
	struct buf f = BUF_INIT(4096);
	buf_addf(&f, "%.*s\n%s\n%s,1.00,0.00\n%s,201901,2.00,0.00\n", (int)(strchr(text, '\n') - text), text,
	         l1, l2, id);
	char *later = tu_write_file(root, "sw-later.csv", f.data, f.len);
	struct hub_batch_report rep;
	assert_int_equal(hub_ingest(w, wdata, "43SW001", later, HUB_INCREMENTAL, &rep, &e), 0);
	assert_int_equal(rep.n.unchanged, 1);
	assert_int_equal(rep.n.updated, 1);
	assert_int_equal(rep.n.inserted, 1);
	struct buf after = BUF_INIT(1 << 16);
	char who[32];
	snprintf(who, sizeof who, "%.18s\n", l2);
	facts_of(w, who, &after);
	assert_non_null(strstr(buf_cstr(&after), "wage|2019-01|200|"));
	assert_non_null(strstr(buf_cstr(&after), "|100|"));
	store_test_weak_hash(false);
	hub_db_test_chunk(0);
	buf_release(&after);
	buf_release(&f);
	mem_free(later);
	mem_free(text);
	mem_free(sw);
	buf_release(&persons);
	buf_release(&mine);
	buf_release(&theirs);
	store_close(w);
	mem_free(wdata);
	mem_free(cat);
}

static void same_files_again_change_nothing(void **state)
{
	UNUSED(state);
	struct error e;
	int64_t before, after, facts_before, facts_after;
	assert_int_equal(hub_db_count_records(st, NULL, &before, &e), 0);
	assert_int_equal(hub_db_count_facts(st, NULL, &facts_before, &e), 0);
	for (size_t r = 0; r < gen_nresources; r++) {
		struct hub_batch_report rep;
		char *file = resource_file(&gen_resources[r]);
		assert_int_equal(hub_ingest(st, data, gen_resources[r].code, file, HUB_INCREMENTAL, &rep, &e),
		                 0);
		assert_true(rep.duplicate);
		mem_free(file);
	}
	assert_int_equal(hub_db_count_records(st, NULL, &after, &e), 0);
	assert_int_equal(hub_db_count_facts(st, NULL, &facts_after, &e), 0);
	assert_int_equal(before, after);
	assert_int_equal(facts_before, facts_after);
}

/* writes the first `keep` data lines of a resource file (with its header) to a new file */
static char *head_of(const struct gen_resource *r, const char *name, long keep)
{
	char *src = resource_file(r);
	size_t len;
	char *text = tu_slurp(src, &len);
	char *p = text;
	for (long k = 0; k <= keep && p; k++) {
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	char *out = tu_write_file(root, name, text, p ? (size_t)(p - text) : len);
	mem_free(src);
	mem_free(text);
	return out;
}

static void a_full_snapshot_closes_what_it_no_longer_holds(void **state)
{
	UNUSED(state);
	const struct gen_resource *ga = &gen_resources[0];
	assert_string_equal(ga->code, "43GA001");
	struct error e;
	int64_t before, after;
	assert_int_equal(hub_db_count_records(st, "43GA001", &before, &e), 0);
	char *part = head_of(ga, "ga-head.csv", 1000);
	struct hub_batch_report rep;
	assert_int_equal(hub_ingest(st, data, "43GA001", part, HUB_FULL, &rep, &e), 0);
	assert_false(rep.duplicate);
	assert_int_equal(rep.n.inserted, 0); /* all seen before */
	assert_int_equal(hub_db_count_records(st, "43GA001", &after, &e), 0);
	assert_int_equal(after, before - rep.n.closed);
	assert_true(rep.n.closed > 1000);
	/* the whole file again, incrementally: the closed ones come back as new records */
	char *whole = resource_file(ga);
	char *copy_path = tu_path(root, "ga-again.csv");
	size_t len;
	char *text = tu_slurp(whole, &len);
	char *extra = tu_write_file(root, "ga-again.csv", text, len);
	/* the same bytes under another name are still the same content: a duplicate */
	assert_int_equal(hub_ingest(st, data, "43GA001", extra, HUB_INCREMENTAL, &rep, &e), 0);
	assert_true(rep.duplicate);
	mem_free(text);
	mem_free(extra);
	mem_free(copy_path);
	mem_free(whole);
	mem_free(part);
}

static void bad_files_get_clear_errors_and_leave_nothing(void **state)
{
	UNUSED(state);
	struct error e;
	struct hub_batch_report rep;
	int64_t before, after;
	assert_int_equal(hub_db_count_records(st, NULL, &before, &e), 0);
	char *rs = resource_file(&gen_resources[7]); /* 43RS001 */
	assert_string_equal(gen_resources[7].code, "43RS001");
	assert_int_equal(hub_ingest(st, data, "43XX999", rs, HUB_INCREMENTAL, &rep, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.en, "catalog import"));
	/* a file of another resource */
	assert_int_equal(hub_ingest(st, data, "43SW001", rs, HUB_INCREMENTAL, &rep, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "does not match resource 43SW001"));
	assert_non_null(strstr(e.zh, "是否为其他资源的文件"));
	/* a UTF-8 file where GB18030 is declared: its header reads as other characters */
	assert_int_equal(hub_ingest(st, data, "43CL001", rs, HUB_INCREMENTAL, &rep, &e), ERR_INVAL);
	/* a 100 MB field, a NUL byte, a truncated last line: per-row rejects, the rest accepted */
	struct buf f = BUF_INIT((size_t)200 << 20);
	/* 43RS002 declares months as YYYYMM */
	buf_adds(
	    &f,
	    "身份证号码,发放年月,养老金金额,数据状态\n430102199001011238,202501,100.00,正常\n430102199001011238,202502,");
	for (int i = 0; i < 100 << 20; i += 4096) {
		char block[4096];
		memset(block, '7', sizeof block);
		buf_add(&f, block, sizeof block);
	}
	buf_adds(&f, ",正常\n430102199001011238,202503,1");
	buf_addch(&f, '\0');
	buf_adds(&f, "0.00,正常\n430102199001011238,202504,300.00,正常\n430102199001011238,2025");
	char *bad = tu_write_file(root, "bad.csv", f.data, f.len);
	buf_release(&f);
	assert_int_equal(hub_ingest(st, data, "43RS002", bad, HUB_INCREMENTAL, &rep, &e), 0);
	assert_int_equal(rep.n.read, 5);
	assert_int_equal(rep.n.accepted, 2);
	assert_int_equal(rep.n.rejected, 3);
	size_t len;
	char *rj = tu_slurp(rep.reject_file, &len);
	assert_non_null(strstr(rj, "longer than"));
	assert_non_null(strstr(rj, "NUL"));
	assert_non_null(strstr(rj, "expected 4 fields, found 2"));
	mem_free(rj);
	assert_int_equal(hub_db_count_records(st, NULL, &after, &e), 0);
	assert_int_equal(after, before + 2);
	/* JSON lines: a \u0000 inside a value, and a row without its key */
	const char *jl =
	    "{\"zjhm\":\"43010219900101123\\u00008\",\"qymc\":\"x\",\"tyshxydm\":\"1\",\"rylx\":\"股东\","
	    "\"rzrq\":\"2020-01-01\"}\n";
	char *jf = tu_write_file(root, "nul.jsonl", jl, strlen(jl));
	assert_int_equal(hub_ingest(st, data, "43SC001", jf, HUB_INCREMENTAL, &rep, &e), 0);
	assert_int_equal(rep.n.rejected, 1);
	rj = tu_slurp(rep.reject_file, &len);
	assert_non_null(strstr(rj, "NUL"));
	mem_free(rj);
	mem_free(jf);
	mem_free(bad);
	mem_free(rs);
}

static void a_failed_batch_leaves_the_database_as_it_was(void **state)
{
	UNUSED(state);
	struct error e;
	int64_t before, after, facts_before, facts_after;
	const struct gen_resource *sw = &gen_resources[15];
	assert_string_equal(sw->code, "43SW001");
	char *part = head_of(sw, "sw-head.csv", 3000);
	assert_int_equal(hub_db_count_records(st, NULL, &before, &e), 0);
	assert_int_equal(hub_db_count_facts(st, NULL, &facts_before, &e), 0);
	int failures = 0;
	for (long k = 0; k < 3000; k = k * 4 + 1) {
		struct hub_batch_report rep;
		hub_test_fail_after(k);
		int rc = hub_ingest(st, data, "43SW001", part, HUB_FULL, &rep, &e);
		hub_test_fail_after(-1);
		assert_int_equal(rc, ERR_IO);
		failures++;
		assert_false(store_in_transaction(st));
		assert_int_equal(hub_db_count_records(st, NULL, &after, &e), 0);
		assert_int_equal(hub_db_count_facts(st, NULL, &facts_after, &e), 0);
		assert_int_equal(after, before);
		assert_int_equal(facts_after, facts_before);
	}
	/* and out of memory in our own allocations, wherever it strikes */
	for (long k = 0; k < 400; k = k * 2 + 1) {
		struct hub_batch_report rep;
		mem_fail_after(k);
		int rc = hub_ingest(st, data, "43SW001", part, HUB_FULL, &rep, &e);
		mem_fail_after(-1);
		if (rc == 0)
			break;
		failures++;
		assert_int_equal(hub_db_count_records(st, NULL, &after, &e), 0);
		assert_int_equal(after, before);
	}
	/* then it goes through: a full snapshot of the first 3,000 lines */
	struct hub_batch_report rep;
	hub_ingest(st, data, "43SW001", part, HUB_FULL, &rep, &e);
	assert_true(rep.n.closed > 0 || rep.duplicate);
	assert_true(failures >= 3);
	mem_free(part);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(county_ingests_as_the_noise_truth_says),
		cmocka_unit_test(tiny_chunks_and_shared_hashes_give_the_same_answers),
		cmocka_unit_test(same_files_again_change_nothing),
		cmocka_unit_test(a_full_snapshot_closes_what_it_no_longer_holds),
		cmocka_unit_test(bad_files_get_clear_errors_and_leave_nothing),
		cmocka_unit_test(a_failed_batch_leaves_the_database_as_it_was),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
