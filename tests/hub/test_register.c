/* test_register.c: which resource is the person register, and which of its fields holds the
 * household number, is what the catalogue says (household_field), not a constant: a register
 * under another code and field name is found, indexed and queried; a catalogue with two
 * registers, or a household field that is not a field or cannot be written in SQL, is refused and
 * leaves the catalogue as it was. */
#include "testutil.h"

#include "base/mem.h"
#include "hub/hub.h"
#include "hub/hub_repo.h"
#include "verify/verify_repo.h"

static const char *catalog_fmt =
    "{\"resources\": [{\"code\": \"XXREG01\", \"name\": \"户籍\", \"provider\": \"公安\", \"format\": "
    "\"csv\", \"encoding\": \"UTF-8\", \"key_fields\": [\"证件号\"], %s"
    "\"facts\": [{\"kind\": \"register\", \"person\": \"证件号\"}%s], \"fields\": ["
    "{\"name\": \"证件号\", \"type\": \"id\"}, {\"name\": \"姓名\", \"type\": \"name\"}, "
    "{\"name\": \"家庭编号\", \"type\": \"code\"}, {\"name\": \"住址'\", \"type\": \"text\"}]}%s]}";

static const char *second_register =
    ", {\"code\": \"XXREG02\", \"name\": \"户籍二\", \"provider\": \"公安\", \"format\": \"csv\", "
    "\"encoding\": \"UTF-8\", \"key_fields\": [\"证件号\"], \"facts\": [{\"kind\": \"register\", "
    "\"person\": \"证件号\"}], \"fields\": [{\"name\": \"证件号\", \"type\": \"id\"}]}";

static char *catalog(const char *dir, const char *household, const char *more)
{
	char field[64] = "", text[2048];
	if (household)
		snprintf(field, sizeof field, "\"household_field\": \"%s\", ", household);
	snprintf(text, sizeof text, catalog_fmt, field, "", more);
	return tu_write_file(dir, "catalog.json", text, strlen(text));
}

static int collect(void *arg, const char *household)
{
	snprintf(arg, 64, "%s", household);
	return 0;
}

static int count_row(void *arg, int64_t record, const char *person, const char *data)
{
	UNUSED(record), UNUSED(person), UNUSED(data);
	++*(int *)arg;
	return 0;
}

static void the_catalogue_names_the_register(void **state)
{
	UNUSED(state);
	char *root = tu_tmpdir();
	struct store *s;
	struct error e;
	struct hub_import_report rep;
	struct hub_register reg;
	assert_int_equal(store_open_dir(root, STORE_OPEN_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), 0);
	/* before any catalogue: no register, said as such; a search finds nothing */
	assert_int_equal(hub_db_register_get(s, false, &reg, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.en, "no person register"));
	char hh[64] = "";
	assert_int_equal(vf_db_household_of(s, "430181198001011239", hh, sizeof hh, &e), 0);

	/* refused: a household field that is not a field, one with a quote, two registers */
	char *bad = catalog(root, "户号", "");
	assert_int_equal(hub_catalog_import(s, bad, &rep, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "the household field is not a field"));
	mem_free(bad);
	bad = catalog(root, "住址'", "");
	assert_int_equal(hub_catalog_import(s, bad, &rep, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "may not hold quotes"));
	mem_free(bad);
	bad = catalog(root, "家庭编号", second_register);
	assert_int_equal(hub_catalog_import(s, bad, &rep, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "two person registers: XXREG01 and XXREG02"));
	mem_free(bad);
	assert_int_equal(hub_db_register_get(s, false, &reg, &e), ERR_NOTFOUND);

	/* a register with no household field: linkage has its persons, verification says what is missing */
	char *cat = catalog(root, NULL, "");
	assert_int_equal(hub_catalog_import(s, cat, &rep, &e), 0);
	mem_free(cat);
	assert_int_equal(hub_db_register_get(s, false, &reg, &e), 0);
	assert_string_equal(reg.resource, "XXREG01");
	assert_int_equal(hub_db_register_get(s, true, &reg, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.en, "names no household field"));

	/* with it: the register's records are found by its own field */
	cat = catalog(root, "家庭编号", "");
	assert_int_equal(hub_catalog_import(s, cat, &rep, &e), 0);
	mem_free(cat);
	assert_int_equal(hub_db_register_get(s, true, &reg, &e), 0);
	assert_string_equal(reg.household_field, "家庭编号");
	/* the same catalogue written before household_field existed keeps the field it had */
	cat = catalog(root, NULL, "");
	assert_int_equal(hub_catalog_import(s, cat, &rep, &e), 0);
	mem_free(cat);
	assert_int_equal(hub_db_register_get(s, true, &reg, &e), 0);
	assert_string_equal(reg.household_field, "家庭编号");
	static const char rows[] = "证件号,姓名,家庭编号,住址'\n"
	                           "430181198001011239,张三,43018100100100001,城西\n"
	                           "430181198202021230,李四,43018100100100001,城西\n";
	char *file = tu_write_file(root, "reg.csv", rows, sizeof rows - 1);
	struct hub_batch_report br;
	assert_int_equal(hub_ingest(s, root, "XXREG01", file, HUB_FULL, &br, &e), 0);
	mem_free(file);
	assert_int_equal(vf_db_household_of(s, "430181198001011239", hh, sizeof hh, &e), 1);
	assert_string_equal(hh, "43018100100100001");
	int n = 0;
	assert_int_equal(vf_db_household_rows(s, hh, count_row, &n, &e), 0);
	assert_int_equal(n, 2);
	char last[64] = "";
	assert_int_equal(vf_db_households_each(s, "430181", collect, last, &e), 0);
	assert_string_equal(last, "43018100100100001");
	/* and the query uses the index the import built on exactly that expression */
	struct store_stmt *q;
	assert_int_equal(store_prepare(s,
	                               "EXPLAIN QUERY PLAN SELECT id FROM records WHERE resource = 'XXREG01' "
	                               "AND to_batch IS NULL AND json_extract(data, '$.\"家庭编号\"') = 'x'",
	                               &q, &e),
	                 0);
	bool indexed = false;
	while (store_step(q, &e) == STORE_ROW)
		indexed |= strstr(store_col_text(q, 3, NULL), "register_household") != NULL;
	store_finalize(q);
	assert_true(indexed);
	store_close(s);
	tu_rmtree(root);
	mem_free(root);
}

/* a data folder from before the register was configuration keeps finding its households */
static void a_folder_from_before_keeps_its_register(void **state)
{
	UNUSED(state);
	struct store *s;
	struct error e;
	struct hub_register reg;
	assert_int_equal(store_open_sqlite(":memory:", STORE_OPEN_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate_upto(s, 10, NULL, NULL, &e), 0);
	assert_int_equal(store_exec(s,
	                            "INSERT INTO resources (code, version, name, provider, spec, updated_at) "
	                            "VALUES ('43GA001', 1, '户籍人口信息', '公安', '{}', '2025-01-01')",
	                            &e),
	                 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), 0);
	assert_int_equal(hub_db_register_get(s, true, &reg, &e), 0);
	assert_string_equal(reg.resource, "43GA001");
	assert_string_equal(reg.household_field, "户号");
	store_close(s);
	/* a folder with no catalogue yet gets no register from the migration */
	assert_int_equal(store_open_sqlite(":memory:", STORE_OPEN_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), 0);
	assert_int_equal(hub_db_register_get(s, false, &reg, &e), ERR_NOTFOUND);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_catalogue_names_the_register),
		cmocka_unit_test(a_folder_from_before_keeps_its_register),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
