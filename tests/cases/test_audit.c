/* test_audit.c: a change of the cases and the reserve fund commits with its audit entry or not at
 * all (the server's group commit queues reads only), and a change refused after the gate passed
 * it is audited as refused, not under the name of a done one. */
#include "testutil.h"

#include <pthread.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "cases/cases_int.h"
#include "cases/case_repo.h"

static void policy_dir(char *out, size_t cap)
{
	const char *data = getenv("SAFETYNET_TEST_DATA");
	snprintf(out, cap, "%s/../../policy", data ? data : "tests/data");
}

static const char TOWNSHIP[] = "430181001";

static int64_t count(struct store *s, const char *sql)
{
	struct store_stmt *st;
	struct error e;
	int64_t n = -1;
	assert_int_equal(store_prepare(s, sql, &st, &e), 0);
	if (store_step(st, &e) == STORE_ROW)
		n = store_col_int64(st, 0);
	store_finalize(st);
	return n;
}

static int64_t balance(struct store *s)
{
	int64_t b = -1;
	struct error e;
	assert_int_equal(cs_db_ledger_balance(s, TOWNSHIP, &b, &e), 0);
	return b;
}

static struct access_user county_user(void)
{
	struct access_user u;
	memset(&u, 0, sizeof u);
	snprintf(u.name, sizeof u.name, "rev");
	u.role = SR_REVIEWER;
	snprintf(u.region, sizeof u.region, "430181");
	return u;
}

/* a top-up past the ceiling, and one with no amount, are refusals, logged as such */
static void test_refused_topup_logged_as_refused(void **state)
{
	UNUSED(state);
	char dir[4096];
	policy_dir(dir, sizeof dir);
	struct cs_service *cs;
	struct store *s;
	struct error e;
	assert_int_equal(cs_open_service(dir, &cs, &e), 0);
	assert_int_equal(store_open_sqlite(":memory:", STORE_OPEN_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), 0);
	struct access_user u = county_user();
	assert_int_equal(cs_fund_topup(cs, s, &u, TOWNSHIP, "20000", "2025-06-01", "", &e), 0);
	assert_int_equal(cs_fund_topup(cs, s, &u, TOWNSHIP, "1", "2025-06-02", "", &e), ERR_INVAL);
	assert_int_equal(cs_fund_topup(cs, s, &u, TOWNSHIP, "abc", "2025-06-02", "", &e), ERR_INVAL);
	assert_int_equal(balance(s), 2000000);
	assert_int_equal(count(s, "SELECT count(*) FROM audit_log WHERE action = 'fund-topup'"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM audit_log WHERE action = 'fund-topup-refused' "
	                          "AND detail LIKE '%why=%ceiling%'"),
	                 1);
	assert_int_equal(count(s, "SELECT count(*) FROM audit_log WHERE action = 'fund-topup-refused'"), 2);
	/* a township's own staff may not top up: refused by the gate, once */
	u.role = SR_CASEWORKER;
	snprintf(u.region, sizeof u.region, "%s", TOWNSHIP);
	assert_int_equal(cs_fund_topup(cs, s, &u, TOWNSHIP, "1", "2025-06-02", "", &e), ERR_PERM);
	assert_int_equal(count(s, "SELECT count(*) FROM audit_log WHERE action = 'fund-topup-refused'"), 3);
	int64_t n = 0, bad = -1;
	assert_int_equal(audit_check(s, &n, &bad, &e), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(n, 4);
	store_close(s);
	cs_close_service(cs);
}

/* The server's way: reads' entries are queued and committed later by the writer thread. A top-up
 * whose entry cannot be written must not be kept (it once committed, its entry queued behind it,
 * and a crash between the two kept the money moved and lost the entry). */
static void test_change_commits_with_its_entry(void **state)
{
	UNUSED(state);
	char pdir[4096];
	policy_dir(pdir, sizeof pdir);
	char *root = tu_tmpdir(), *dir = tu_path(root, "data"); /* its key and checkpoints in root */
	struct cs_service *cs;
	struct store *s, *other;
	struct error e;
	assert_int_equal(cs_open_service(pdir, &cs, &e), 0);
	assert_int_equal(store_open_dir(dir, STORE_OPEN_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), 0);
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct audit_queue *q;
	assert_int_equal(audit_queue_start(s, &lock, NULL, NULL, &q, &e), 0);
	assert_int_equal(audit_defer(s, q, &e), 0);
	struct access_user u = county_user();

	pthread_mutex_lock(&lock);
	assert_int_equal(
	    store_exec(s,
	               "CREATE TEMP TRIGGER no_topup_entry BEFORE INSERT ON audit_log "
	               "WHEN NEW.action = 'fund-topup' BEGIN SELECT RAISE(ABORT, 'refused'); END",
	               &e),
	    0);
	assert_int_not_equal(cs_fund_topup(cs, s, &u, TOWNSHIP, "100", "2025-06-01", "", &e), 0);
	assert_int_equal(balance(s), 0);
	assert_int_equal(store_exec(s, "DROP TRIGGER no_topup_entry", &e), 0);
	/* the entry is committed when the call returns: another connection sees it with the money */
	assert_int_equal(cs_fund_topup(cs, s, &u, TOWNSHIP, "100", "2025-06-01", "", &e), 0);
	pthread_mutex_unlock(&lock);
	assert_int_equal(store_open_dir(dir, STORE_OPEN_EXISTING, &other, &e), 0);
	assert_int_equal(balance(other), 10000);
	assert_int_equal(count(other, "SELECT count(*) FROM audit_log WHERE action = 'fund-topup'"), 1);
	store_close(other);

	audit_queue_stop(q);
	assert_int_equal(audit_defer(s, NULL, &e), 0);
	/* the failed one is on record as refused (queued: it changed nothing) */
	assert_int_equal(count(s, "SELECT count(*) FROM audit_log WHERE action = 'fund-topup-refused'"), 1);
	/* the server's way writes MACs and checkpoints too: the log verifies */
	struct audit_report r;
	assert_int_equal(audit_verify(s, dir, &r, &e), 0);
	assert_int_equal(r.fault, AUDIT_FAULT_NONE);
	assert_int_equal(r.anchored_from, 1);
	assert_int_equal(r.unanchored, 0);
	assert_true(r.checkpoints >= 1);
	store_close(s);
	cs_close_service(cs);
	tu_rmtree(root);
	mem_free(dir);
	mem_free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_topup_logged_as_refused),
		cmocka_unit_test(test_change_commits_with_its_entry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
