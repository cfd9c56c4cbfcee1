/* test_store.c: the store interface on its SQLite backend: data folders, migrations,
 * transactions, statements, bulk insert, settings, the hooks a module above keeps on a connection.
 * The same suite will run against PostgreSQL when that backend lands. */
#include "testutil.h"

#include "base/buf.h"
#include "base/mem.h"
#include "store/store_int.h"
#include "hub/hub_repo.h"
#include "link/link_repo.h"
#include "verify/verify_repo.h"

static struct store *fresh(char **dir)
{
	struct store *s = NULL;
	struct error e;
	*dir = tu_tmpdir();
	assert_int_equal(store_open_dir(*dir, STORE_OPEN_CREATE, &s, &e), 0);
	int from, to;
	assert_int_equal(store_migrate(s, &from, &to, &e), 0);
	assert_int_equal(from, 0);
	assert_int_equal(to, store_schema_latest());
	assert_non_null(store_dir(s));
	return s;
}

static void done(struct store *s, char *dir)
{
	store_close(s);
	tu_rmtree(dir);
	mem_free(dir);
}

static void missing_folder_says_to_init(void **state)
{
	UNUSED(state);
	struct store *s = NULL;
	struct error e;
	char *dir = tu_tmpdir();
	assert_int_equal(store_open_dir(dir, STORE_OPEN_EXISTING, &s, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.en, "safetynet init"));
	assert_null(s);
	char *file = tu_write_file(dir, "plain", "x", 1);
	assert_int_equal(store_open_dir(file, STORE_OPEN_CREATE, &s, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "not a folder"));
	tu_rmtree(dir);
	mem_free(dir);
	mem_free(file);
}

static void migrate_is_idempotent_and_refuses_newer(void **state)
{
	UNUSED(state);
	char *dir;
	struct store *s = fresh(&dir);
	struct error e;
	int from, to, v;
	assert_int_equal(store_migrate(s, &from, &to, &e), 0);
	assert_int_equal(from, to);
	assert_int_equal(store_schema_version(s, &v, &e), 0);
	assert_int_equal(v, store_schema_latest());
	assert_string_equal(store_backend(s), "sqlite");
	/* a database from a newer safetynet */
	assert_int_equal(store_exec(s, "INSERT INTO schema_migrations VALUES (9999, 'future', 'x')", &e), 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "newer"));
	done(s, dir);
}

static int count_rows(struct store *s, const char *sql)
{
	struct store_stmt *st;
	struct error e;
	assert_int_equal(store_prepare(s, sql, &st, &e), 0);
	assert_int_equal(store_step(st, &e), STORE_ROW);
	int n = (int)store_col_int64(st, 0);
	store_finalize(st);
	return n;
}

static int fact_seen(void *arg, const struct vf_db_fact_row *f)
{
	buf_addf(arg, "%s %s %lld %s;", f->kind, f->period ? f->period : "", (long long)f->amount_fen,
	         f->resource);
	return 0;
}

static int record_seen(void *arg, const struct lk_db_record_row *r)
{
	buf_addf(arg, "%lld ", (long long)r->id);
	return 0;
}

static int current(struct hub_db_batch *h, const char *key, const char *data, int64_t *id, bool *same)
{
	struct error e;
	return hub_db_record_current(h, "43SW001", key, store_key_hash("43SW001", key), data, id, same, &e);
}

/* A data folder of schema 7 (records found through an index on their key, every fact in the
 * facts table) keeps working after migration 8: its records are found through their batches'
 * id ranges, its keys through record_keys, its facts where they were. */
static void records_and_facts_of_schema_7_survive_migration(void **state)
{
	UNUSED(state);
	struct store *s = NULL;
	struct error e;
	char *dir = tu_tmpdir();
	assert_int_equal(store_open_dir(dir, STORE_OPEN_CREATE, &s, &e), 0);
	int from, to;
	assert_int_equal(store_migrate_upto(s, 7, &from, &to, &e), 0);
	assert_int_equal(to, 7);
	assert_int_equal(
	    store_exec(
	        s,
	        "INSERT INTO resources VALUES ('43SW001', 1, 'tax', 'SW', '{}', 't');"
	        "INSERT INTO batches (id, resource, version, file, sha256, mode, status, started_at, "
	        "  finished_at, inserted, updated) VALUES "
	        "  (1, '43SW001', 1, 'a', 'h1', 'incremental', 'done', 't', '2024-02-01', 3, 0),"
	        "  (2, '43SW001', 1, 'b', 'h2', 'incremental', 'done', 't', '2024-03-01', 0, 1);"
	        "INSERT INTO records (id, resource, rkey, person, data, hash, from_batch, to_batch, "
	        "  seen_batch, line) VALUES "
	        "  (1, '43SW001', 'P1' || char(31) || '2024-01', 'P1', '{}', 'a', 1, NULL, 1, 2),"
	        "  (2, '43SW001', 'P1' || char(31) || '2024-02', 'P1', '{}', 'b', 1, 2, 1, 3),"
	        "  (3, '43SW001', 'P2' || char(31) || '2024-01', 'P2', '{}', 'c', 1, NULL, 1, 4),"
	        "  (4, '43SW001', 'P1' || char(31) || '2024-02', 'P1', '{\"a\":\"2\"}', 'd', 2, NULL, 2, 2);"
	        "INSERT INTO facts (person, kind, period, amount_fen, resource, batch, line, record) VALUES "
	        "  ('P1', 'wage', '2024-01', 100, '43SW001', 1, 2, 1),"
	        "  ('P1', 'wage', '2024-02', 200, '43SW001', 1, 3, 2),"
	        "  ('P2', 'wage', '2024-01', 300, '43SW001', 1, 4, 3),"
	        "  ('P1', 'wage', '2024-02', 250, '43SW001', 2, 2, 4);",
	        &e),
	    0);
	assert_int_equal(store_migrate(s, &from, &to, &e), 0);
	assert_int_equal(from, 7);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM batches WHERE id = 1 AND first_record = 1 AND "
	                               "last_record = 3"),
	                 1);
	int64_t n;
	assert_int_equal(hub_db_count_records(s, "43SW001", &n, &e), 0);
	assert_int_equal(n, 3);
	struct buf b = BUF_INIT(1024);
	assert_int_equal(lk_db_records_each(s, "43SW001", 0, record_seen, &b, &e), 0);
	assert_string_equal(buf_cstr(&b), "1 3 4 ");
	buf_reset(&b);
	assert_int_equal(vf_db_person_facts(s, "P1", fact_seen, &b, &e), 0);
	assert_string_equal(buf_cstr(&b), "wage 2024-01 100 43SW001;wage 2024-02 250 43SW001;");
	assert_int_equal(hub_db_count_facts(s, NULL, &n, &e), 0);
	assert_int_equal(n, 3);
	/* a new batch finds the stored keys: the changed one, and one closed long ago is not current */
	assert_int_equal(store_begin(s, &e), 0);
	struct hub_db_batch *h;
	int64_t batch, id;
	bool same;
	assert_int_equal(hub_db_batch_open(s, &h, &e), 0);
	assert_int_equal(hub_db_batch_add(h, "43SW001", 1, "c", "h3", "incremental", &batch, &e), 0);
	const char *p1 = "P1\x1f"
	                 "2024-02",
	           *p2 = "P2\x1f"
	                 "2024-01",
	           *p3 = "P3\x1f"
	                 "2024-01";
	assert_int_equal(current(h, p1, "{\"a\":\"2\"}", &id, &same), 1);
	assert_int_equal(id, 4);
	assert_true(same);
	assert_int_equal(current(h, p1, "{}", &id, &same), 1);
	assert_false(same);
	assert_int_equal(current(h, p2, "{}", &id, &same), 1);
	assert_int_equal(id, 3);
	assert_true(same);
	assert_int_equal(current(h, p3, "{}", &id, &same), 0);
	hub_db_batch_close(h);
	store_rollback(s);
	buf_release(&b);
	done(s, dir);
}

/* The hashes tables keep must never change for the same bytes. */
static void persisted_hashes_do_not_change(void **state)
{
	UNUSED(state);
	assert_int_equal(store_hash("430102197006010024", 18), INT64_C(4352007621913037854));
	assert_int_equal(store_key_hash("43SW001", "430102197006010024\x1f"
	                                           "2024-01"),
	                 INT64_C(-6038353809889468429));
}

static void transactions_commit_or_leave_nothing(void **state)
{
	UNUSED(state);
	char *dir;
	struct store *s = fresh(&dir);
	struct error e;
	assert_int_equal(store_exec(s, "CREATE TABLE t (k TEXT PRIMARY KEY, fen BIGINT NOT NULL)", &e), 0);
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_begin(s, &e), ERR_INVAL); /* no nesting */
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('a', 1)", &e), 0);
	assert_int_equal(store_rollback(s), 0);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM t"), 0);
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('a', 1)", &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	assert_int_equal(store_commit(s, &e), ERR_INVAL);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM t"), 1);
	/* a failing statement reports the database's reason */
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('a', 2)", &e), ERR_STORE);
	assert_non_null(strstr(e.en, "UNIQUE"));
	done(s, dir);
}

static void statements_bind_and_read_back(void **state)
{
	UNUSED(state);
	char *dir;
	struct store *s = fresh(&dir);
	struct error e;
	struct store_stmt *st;
	assert_int_equal(store_exec(s, "CREATE TABLE p (id TEXT, name TEXT, fen BIGINT)", &e), 0);
	assert_int_equal(store_prepare(s, "INSERT INTO p VALUES (?, ?, ?)", &st, &e), 0);
	assert_int_equal(store_bind_text(st, 1, "430102199001011238", 18), 0);
	assert_int_equal(store_bind_text(st, 2, "张三", strlen("张三")), 0);
	assert_int_equal(store_bind_int64(st, 3, INT64_MAX), 0);
	assert_int_equal(store_step(st, &e), STORE_DONE);
	assert_int_equal(store_reset(st), 0);
	assert_int_equal(store_bind_null(st, 2), 0);
	assert_int_equal(store_step(st, &e), STORE_DONE);
	store_finalize(st);
	assert_int_equal(store_prepare(s, "SELECT name, fen FROM p ORDER BY rowid", &st, &e), 0);
	assert_int_equal(store_step(st, &e), STORE_ROW);
	size_t n;
	assert_string_equal(store_col_text(st, 0, &n), "张三");
	assert_int_equal(n, strlen("张三"));
	assert_int_equal(store_col_int64(st, 1), INT64_MAX);
	assert_int_equal(store_step(st, &e), STORE_ROW);
	assert_true(store_col_is_null(st, 0));
	assert_int_equal(store_step(st, &e), STORE_DONE);
	store_finalize(st);
	assert_int_equal(store_prepare(s, "SELEC nonsense", &st, &e), ERR_STORE);
	done(s, dir);
}

static void bulk_insert_is_all_or_nothing(void **state)
{
	UNUSED(state);
	char *dir;
	struct store *s = fresh(&dir);
	struct error e;
	assert_int_equal(store_exec(s, "CREATE TABLE r (k BIGINT PRIMARY KEY, v TEXT)", &e), 0);
	const char *cols[] = { "k", "v" };
	struct store_bulk *b;
	assert_int_equal(store_bulk_begin(s, "r", cols, 2, &b, &e), 0);
	for (int i = 0; i < 20000; i++) {
		struct store_value vals[] = { STORE_V_INT(i), i % 2 ? STORE_V_TEXT("odd") : STORE_V_NULL };
		assert_int_equal(store_bulk_row(b, vals, &e), 0);
	}
	assert_int_equal(store_bulk_end(b, &e), 0);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM r"), 20000);
	assert_int_equal(count_rows(s, "SELECT COUNT(v) FROM r"), 10000);
	/* a duplicate key half-way: nothing of that load stays */
	assert_int_equal(store_bulk_begin(s, "r", cols, 2, &b, &e), 0);
	int rc = 0;
	for (int i = 100000; i < 100010 && rc == 0; i++) {
		struct store_value vals[] = { STORE_V_INT(i == 100005 ? 7 : i), STORE_V_TEXTN("abc", 2) };
		rc = store_bulk_row(b, vals, &e);
	}
	assert_int_equal(rc, ERR_STORE);
	store_bulk_abort(b);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM r"), 20000);
	assert_false(store_in_transaction(s));
	/* names that are not plain identifiers never reach SQL */
	const char *evil[] = { "k); DROP TABLE r; --" };
	assert_int_equal(store_bulk_begin(s, "r", evil, 1, &b, &e), ERR_INVAL);
	assert_int_equal(store_bulk_begin(s, "r r", cols, 2, &b, &e), ERR_INVAL);
	done(s, dir);
}

static void settings_round_trip(void **state)
{
	UNUSED(state);
	char *dir;
	struct store *s = fresh(&dir);
	struct error e;
	char v[64];
	assert_int_equal(store_setting_get(s, "region", v, sizeof v, &e), ERR_NOTFOUND);
	assert_int_equal(store_setting_set(s, "region", "430102", &e), 0);
	assert_int_equal(store_setting_set(s, "region", "4301", &e), 0);
	assert_int_equal(store_setting_get(s, "region", v, sizeof v, &e), 0);
	assert_string_equal(v, "4301");
	/* survives closing and reopening */
	store_close(s);
	assert_int_equal(store_open_dir(dir, STORE_OPEN_EXISTING, &s, &e), 0);
	assert_int_equal(store_setting_get(s, "region", v, sizeof v, &e), 0);
	assert_string_equal(v, "4301");
	done(s, dir);
}

/* what a module above keeps on a connection: called before a write transaction's COMMIT (an
 * error fails it, the transaction still open), after each COMMIT, and at close */
struct hook_log {
	int before, after, wrote, closed;
	bool fail;
};

static int hook_before(struct store *s, void *arg, struct error *e)
{
	struct hook_log *l = arg;
	assert_true(store_in_write_transaction(s));
	l->before++;
	return l->fail ? error_set(e, ERR_IO, "不行", "no") : 0;
}

static void hook_after(struct store *s, void *arg, bool wrote)
{
	struct hook_log *l = arg;
	assert_false(store_in_transaction(s));
	l->after++;
	l->wrote += wrote;
}

static void hook_close(struct store *s, void *arg)
{
	UNUSED(s);
	((struct hook_log *)arg)->closed++;
}

static void hooks_see_commits_and_close(void **state)
{
	UNUSED(state);
	static const struct store_hooks h = { hook_before, hook_after, hook_close };
	struct hook_log l = { 0 };
	struct store *s;
	struct error e;
	assert_int_equal(store_open_sqlite(":memory:", STORE_OPEN_CREATE, &s, &e), 0);
	assert_null(store_dir(s));
	assert_null(store_hooks_arg(s, &h));
	assert_int_equal(store_on_commit(s, &h, &l, &e), 0);
	assert_ptr_equal(store_hooks_arg(s, &h), &l);
	assert_int_equal(store_on_commit(s, &h, &l, &e), ERR_INVAL);
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	assert_int_equal(store_begin_read(s, &e), 0);
	assert_false(store_in_write_transaction(s));
	assert_int_equal(store_commit(s, &e), 0);
	assert_int_equal(l.before, 1);
	assert_int_equal(l.after, 2);
	assert_int_equal(l.wrote, 1);
	l.fail = true;
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_commit(s, &e), ERR_IO);
	assert_true(store_in_transaction(s));
	assert_int_equal(l.after, 2);
	store_close(s); /* rolled back, then the close hook */
	assert_int_equal(l.closed, 1);
}

static void open_fails_cleanly_without_memory(void **state)
{
	UNUSED(state);
	struct store *s = NULL;
	struct error e;
	mem_fail_after(0);
	assert_int_equal(store_open_sqlite(":memory:", STORE_OPEN_CREATE, &s, &e), ERR_NOMEM);
	mem_fail_after(-1);
	assert_null(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(missing_folder_says_to_init),
		cmocka_unit_test(migrate_is_idempotent_and_refuses_newer),
		cmocka_unit_test(records_and_facts_of_schema_7_survive_migration),
		cmocka_unit_test(persisted_hashes_do_not_change),
		cmocka_unit_test(transactions_commit_or_leave_nothing),
		cmocka_unit_test(statements_bind_and_read_back),
		cmocka_unit_test(bulk_insert_is_all_or_nothing),
		cmocka_unit_test(settings_round_trip),
		cmocka_unit_test(hooks_see_commits_and_close),
		cmocka_unit_test(open_fails_cleanly_without_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
