/* test_gen.c: the synthetic province: deterministic output whatever the thread count; every
 * ID number valid unless the truth lists it as injected noise, and every rejected row listed
 * too; plausible names; households in real villages; demographics within stated tolerances;
 * a truth whose classes can be recomputed from its own figures; and, at one million persons,
 * the dibao, destitute and marginal shares within 20 % of Hunan's. */
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include "base/csv.h"
#include "base/hmap.h"
#include "base/idno.h"
#include "base/jsonl.h"
#include "base/mem.h"
#include "base/region.h"
#include "gen/gen_int.h"

static char *root;

static char *generate(const char *name, long persons, int months, uint64_t seed, double noise, int threads,
                      const char *region, bool truth_only, struct gen_stats *st)
{
	struct gen_options o;
	gen_defaults(&o);
	char *dir = tu_path(root, name);
	o.out = dir;
	o.persons = persons;
	o.months = months;
	o.seed = seed;
	o.noise = noise;
	o.threads = threads;
	o.region = region;
	o.truth_only = truth_only;
	struct gen_stats local;
	struct error e;
	if (gen_run(&o, st ? st : &local, &e))
		fail_msg("gen: %s", e.en);
	return dir;
}

/* compares every file under a/rel with b/rel; returns how many differ */
static int compare_trees(const char *a, const char *b, const char *rel)
{
	char *da = rel[0] ? tu_path(a, rel) : mem_strdup(a);
	DIR *d = opendir(da);
	assert_non_null(d);
	int differ = 0;
	struct dirent *ent;
	while ((ent = readdir(d))) {
		if (ent->d_name[0] == '.')
			continue;
		char *sub = rel[0] ? tu_path(rel, ent->d_name) : mem_strdup(ent->d_name);
		char *pa = tu_path(a, sub), *pb = tu_path(b, sub);
		if (ent->d_type == DT_DIR) {
			differ += compare_trees(a, b, sub);
		} else {
			size_t la, lb;
			char *ca = tu_slurp(pa, &la), *cb = tu_slurp(pb, &lb);
			differ += la != lb || memcmp(ca, cb, la) != 0;
			mem_free(ca);
			mem_free(cb);
		}
		mem_free(sub);
		mem_free(pa);
		mem_free(pb);
	}
	closedir(d);
	mem_free(da);
	return differ;
}

static void same_seed_same_bytes_whatever_the_threads(void **state)
{
	UNUSED(state);
	char *a = generate("det-a", 3000, 3, 11, 0.03, 1, "430181", false, NULL);
	char *b = generate("det-b", 3000, 3, 11, 0.03, 2, "430181", false, NULL);
	char *c = generate("det-c", 3000, 3, 12, 0.03, 2, "430181", false, NULL);
	assert_int_equal(compare_trees(a, b, ""), 0);
	assert_true(compare_trees(a, c, "truth") > 0);
	assert_true(compare_trees(a, c, "resources") > 30);
	mem_free(a);
	mem_free(b);
	mem_free(c);
}

static void refuses_bad_options_and_used_folders(void **state)
{
	UNUSED(state);
	struct gen_options o;
	struct gen_stats st;
	struct error e;
	gen_defaults(&o);
	char *dir = tu_path(root, "bad");
	o.out = dir;
	o.region = "110101";
	assert_int_equal(gen_run(&o, &st, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "110101"));
	o.region = "430181";
	o.persons = 0;
	assert_int_equal(gen_run(&o, &st, &e), ERR_INVAL);
	o.persons = 100;
	o.noise = 0.9;
	assert_int_equal(gen_run(&o, &st, &e), ERR_INVAL);
	o.noise = 0;
	assert_int_equal(gen_run(&o, &st, &e), 0);
	assert_int_equal(gen_run(&o, &st, &e), ERR_EXISTS); /* never over earlier output */
	mem_free(dir);
}

/* "CODE:LINE" of every row the truth says carries a fault */
static void load_noise(const char *dir, struct hmap *noisy, long *count)
{
	char *p = tu_path(dir, "truth/noise.tsv");
	size_t len;
	char *text = tu_slurp(p, &len);
	hmap_init(noisy);
	*count = 0;
	char *line = strchr(text, '\n') + 1;
	while (line && *line) {
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		assert_non_null(t2);
		char key[64];
		int n = snprintf(key, sizeof key, "%.*s:%.*s", (int)(t1 - line), line, (int)(t2 - t1 - 1),
		                 t1 + 1);
		hmap_put(noisy, key, (size_t)n, 1);
		(*count)++;
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	mem_free(text);
	mem_free(p);
}

static bool listed(const struct hmap *noisy, const char *code, uint64_t line)
{
	char key[64];
	int n = snprintf(key, sizeof key, "%s:%" PRIu64, code, line);
	return hmap_get(noisy, key, (size_t)n, NULL);
}

static void ids_are_valid_unless_listed_as_noise(void **state)
{
	UNUSED(state);
	char *dir = generate("noise", 4000, 6, 5, 0.02, 2, "430102", false, NULL);
	struct hmap noisy;
	long nnoise;
	load_noise(dir, &noisy, &nnoise);
	assert_true(nnoise > 100);
	date_t today = date_from_ymd(2030, 1, 1);
	long checked = 0, bad_ids = 0, rejected = 0;
	for (size_t r = 0; r < gen_nresources; r++) {
		const struct gen_resource *res = &gen_resources[r];
		char name[64];
		snprintf(name, sizeof name, "resources/%s.%s", res->code,
		         res->format == FMT_JSONL ? "jsonl" : "csv");
		char *p = tu_path(dir, name);
		int fd = open(p, O_RDONLY);
		assert_true(fd >= 0);
		struct error e;
		if (res->format == FMT_JSONL) {
			struct jsonl_reader jr;
			struct json_object *o;
			uint64_t line;
			int rc;
			assert_int_equal(jsonl_open_fd(&jr, fd, 0, &e), 0);
			while ((rc = jsonl_next(&jr, &o, &line, &e)) != JSONL_END) {
				if (rc == JSONL_REJECT) {
					rejected++;
					if (!listed(&noisy, res->code, line))
						fail_msg("%s line %" PRIu64 " rejected but not listed: %s",
						         res->code, line, e.en);
					continue;
				}
				for (size_t k = 0; k < res->nfields; k++) {
					struct json_object *v;
					if (strcmp(res->fields[k].type, "id") ||
					    !json_object_object_get_ex(o, res->fields[k].name, &v))
						continue;
					const char *s = json_object_get_string(v);
					struct idno id;
					checked++;
					if (idno_parse(s, strlen(s), today, &id) != IDNO_OK) {
						bad_ids++;
						if (!listed(&noisy, res->code, line))
							fail_msg("%s line %" PRIu64
							         ": ID %s invalid and not listed",
							         res->code, line, s);
					}
				}
			}
			jsonl_close(&jr);
		} else {
			struct csv_reader cr;
			struct csv_row row;
			int rc;
			struct csv_options opt = { .expect_fields = -1 };
			assert_int_equal(csv_open_fd(&cr, fd, &opt, &e), 0);
			assert_int_equal(csv_next(&cr, &row, &e), CSV_ROW); /* header */
			while ((rc = csv_next(&cr, &row, &e)) != CSV_END) {
				if (rc == CSV_REJECT) {
					rejected++;
					if (!listed(&noisy, res->code, row.line))
						fail_msg("%s line %" PRIu64 " rejected but not listed: %s",
						         res->code, row.line, e.en);
					continue;
				}
				for (size_t k = 0; k < res->nfields && k < row.n; k++) {
					if (strcmp(res->fields[k].type, "id"))
						continue;
					struct idno id;
					checked++;
					if (idno_parse(row.f[k].p, row.f[k].n, today, &id) != IDNO_OK) {
						bad_ids++;
						if (!listed(&noisy, res->code, row.line))
							fail_msg("%s line %" PRIu64
							         ": ID %s invalid and not listed",
							         res->code, row.line, row.f[k].p);
					}
				}
			}
			assert_int_equal(csv_encoding(&cr),
			                 res->format == FMT_CSV_GB18030 ? CSV_ENC_GB18030 : CSV_ENC_UTF8);
			csv_close(&cr);
		}
		close(fd);
		mem_free(p);
	}
	assert_true(checked > 100000);
	assert_true(bad_ids > 50);  /* the faults are really there */
	assert_true(rejected > 20); /* and so are the malformed rows */
	hmap_release(&noisy);
	mem_free(dir);
}

/* is every character of s a CJK ideograph (U+4E00..U+9FFF)? returns the count, or -1 */
static int cjk_chars(const char *s)
{
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p += 3, n++) {
		if (p[0] < 0xE4 || p[0] > 0xE9 || !p[1] || !p[2])
			return -1;
	}
	return n;
}

struct tsv {
	char *text;
	char *cur;
};

/* the next line's fields (tabs replaced by NULs), or 0 at the end */
static int tsv_next(struct tsv *t, char **f, int max)
{
	if (!t->cur || !*t->cur)
		return 0;
	char *nl = strchr(t->cur, '\n');
	*nl = '\0';
	int n = 0;
	f[n++] = t->cur;
	for (char *p = t->cur; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	t->cur = nl + 1;
	return n;
}

static void open_tsv(struct tsv *t, const char *dir, const char *name)
{
	char *p = tu_path(dir, name);
	t->text = tu_slurp(p, NULL);
	t->cur = strchr(t->text, '\n') + 1; /* past the header */
	mem_free(p);
}

static void names_villages_and_demographics(void **state)
{
	UNUSED(state);
	char *dir = generate("demo", 60000, 2, 3, 0.0, 2, "43", true, NULL);
	struct tsv t;
	char *f[64];
	long n = 0, male = 0, old = 0, young = 0;
	open_tsv(&t, dir, "truth/persons.tsv");
	date_t ref = date_from_ymd(2025, 1, 1);
	while (tsv_next(&t, f, 64) >= 19) {
		int chars = cjk_chars(f[2]);
		if (chars < 2 || chars > 4)
			fail_msg("implausible name %s", f[2]);
		date_t birth;
		assert_int_equal(date_parse(f[4], strlen(f[4]), &birth), 0);
		int age = gen_age_at(birth, ref);
		n++;
		male += f[3][0] == 'M';
		old += age >= 60;
		young += age < 15;
		const struct region *v = region_lookup(f[7], strlen(f[7]));
		assert_non_null(v);
		assert_int_equal(v->level, REGION_VILLAGE);
	}
	mem_free(t.text);
	/* Hunan 2020 census: 51.0 % men, 19.9 % aged 60+ (rising to about 22 % by 2024), 19.5 % under 15 */
	print_message("men %ld, 60+ %ld, under 15 %ld per thousand\n", male * 1000 / n, old * 1000 / n,
	              young * 1000 / n);
	assert_in_range(male * 1000 / n, 495, 535);
	assert_in_range(old * 1000 / n, 180, 260);
	assert_in_range(young * 1000 / n, 160, 240);
	long hh = 0, members = 0, urban = 0;
	open_tsv(&t, dir, "truth/households.tsv");
	while (tsv_next(&t, f, 64) >= 30) {
		if (strcmp(f[1], "2025-01"))
			continue;
		const struct region *v = region_lookup(f[2], strlen(f[2]));
		assert_non_null(v);
		assert_int_equal(v->level, REGION_VILLAGE);
		assert_true(region_code_within(v->code, "43"));
		hh++;
		members += strtol(f[4], NULL, 10);
		urban += f[3][0] == '1' ? strtol(f[4], NULL, 10) : 0;
	}
	mem_free(t.text);
	/* 2.6 persons per household; 61 % of Hunan's residents urban */
	assert_in_range(members * 100 / hh, 240, 280);
	assert_in_range(urban * 100 / members, 56, 66);
	mem_free(dir);
}

static int64_t ceil_yuan(int64_t fen)
{
	return fen <= 0 ? 0 : (fen + 99) / 100 * 100;
}

static void truth_recomputes_from_its_own_figures(void **state)
{
	UNUSED(state);
	char *dir = generate("truth", 20000, 12, 9, 0.0, 2, "430181", true, NULL);
	struct tsv t;
	char *f[64];
	long lines = 0, by_class[GEN_CLASSES] = { 0 };
	open_tsv(&t, dir, "truth/households.tsv");
	while (tsv_next(&t, f, 64) >= 31) {
		int64_t v[17];
		for (int k = 0; k < 17; k++)
			v[k] = strtoll(f[5 + k], NULL, 10);
		long members = strtol(f[4], NULL, 10);
		long vehicles = strtol(f[22], NULL, 10), homes = strtol(f[23], NULL, 10);
		long company = strtol(f[24], NULL, 10), recent_home = strtol(f[25], NULL, 10);
		int64_t std = strtoll(f[26], NULL, 10), disposable = strtoll(f[27], NULL, 10);
		int64_t pc = strtoll(f[28], NULL, 10), benefit = strtoll(f[30], NULL, 10);
		const char *cls = f[29];
		lines++;
		if (members == 0) {
			assert_string_equal(cls, "none");
			continue;
		}
		/* counted: wage - insurance - tax + flexible + employee pension + unemployment + business
		 * + farm + maintenance in - maintenance out; the basic pension and subsidies do not count;
		 * medical costs after insurance are deducted */
		int64_t income = v[0] - v[1] - v[2] + v[3] + v[4] + v[6] + v[7] + v[8] + v[9] - v[10];
		int64_t want_pc = (income - v[11]) / 12 / members;
		assert_int_equal(pc, want_pc < 0 ? 0 : want_pc);
		int64_t fin = (v[14] + v[15] + v[16]) / members;
		bool others = vehicles == 0 && company == 0 && homes <= 1 && !recent_home;
		bool dibao_ok = pc < std && fin <= 12 * std && others;
		bool marginal_ok = pc < std * 3 / 2 && fin <= 24 * std && others;
		bool rigid_ok = income > 0 && income / 12 / members < disposable && fin <= 24 * std &&
		                others && ((v[11] + v[12]) * 10 > income * 7 || v[11] * 10 > income * 6);
		if (!strcmp(cls, "tekun")) {
			by_class[GEN_TEKUN]++;
			assert_true(dibao_ok);
			assert_true(benefit >= members * ceil_yuan(std * 13 / 10));
		} else if (dibao_ok) {
			by_class[GEN_DIBAO]++;
			assert_string_equal(cls, "dibao");
			/* the exact gap, rounded once up to the yuan: not (std - pc) * members, whose
			 * per-person income was already cut to the fen */
			int64_t net = income - v[11] > 0 ? income - v[11] : 0;
			int64_t gap12 = std * members * 12 - net;
			assert_int_equal(benefit, (gap12 + 1199) / 1200 * 100);
		} else if (marginal_ok) {
			by_class[GEN_MARGINAL]++;
			assert_string_equal(cls, "marginal");
			assert_int_equal(benefit, 0);
		} else if (rigid_ok) {
			by_class[GEN_RIGID]++;
			assert_string_equal(cls, "rigid");
			assert_int_equal(benefit, 0);
		} else {
			by_class[GEN_NONE]++;
			assert_string_equal(cls, "none");
			assert_int_equal(benefit, 0);
		}
	}
	mem_free(t.text);
	assert_true(lines >= 12 * 7000);
	assert_true(by_class[GEN_DIBAO] > 100);
	assert_true(by_class[GEN_TEKUN] > 10);
	assert_true(by_class[GEN_MARGINAL] > 30);
	mem_free(dir);
}

static void shares_at_one_million_match_hunan(void **state)
{
	UNUSED(state);
	struct gen_stats st;
	char *dir = generate("million", 1000000, 12, 2025, 0.0, 0, "43", true, &st);
	long all = 0;
	for (int k = 0; k < GEN_CLASSES; k++)
		all += st.class_persons[k];
	/* DOMAIN.md §1: 2.7 % dibao, 0.56 % destitute, 0.8 % marginal; within 20 % each way */
	double dibao = 100.0 * (double)st.class_persons[GEN_DIBAO] / (double)all;
	double tekun = 100.0 * (double)st.class_persons[GEN_TEKUN] / (double)all;
	double marginal = 100.0 * (double)st.class_persons[GEN_MARGINAL] / (double)all;
	print_message("dibao %.2f%%, destitute %.2f%%, marginal %.2f%% of %ld persons\n", dibao, tekun,
	              marginal, all);
	assert_true(dibao >= 2.7 * 0.8 && dibao <= 2.7 * 1.2);
	assert_true(tekun >= 0.56 * 0.8 && tekun <= 0.56 * 1.2);
	mem_free(dir);
	assert_true(marginal >= 0.8 * 0.8 && marginal <= 0.8 * 1.2);
}

int main(void)
{
	root = tu_tmpdir();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_seed_same_bytes_whatever_the_threads),
		cmocka_unit_test(refuses_bad_options_and_used_folders),
		cmocka_unit_test(ids_are_valid_unless_listed_as_noise),
		cmocka_unit_test(names_villages_and_demographics),
		cmocka_unit_test(truth_recomputes_from_its_own_figures),
		cmocka_unit_test(shares_at_one_million_match_hunan),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	tu_rmtree(root);
	mem_free(root);
	return failed;
}
