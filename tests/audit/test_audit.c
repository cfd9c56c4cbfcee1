/* test_audit.c: the audit log as its own module: the sinks (an entry on the connection commits
 * with its change; a queued one is committed by the writer thread before its wait returns), a
 * batch's entry left for its transaction's COMMIT, and the spill file where the server's entries
 * wait while another process holds the database. */
#include "testutil.h"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "audit/audit_int.h"
#include "base/mem.h"

/* a data folder root/data, so its key and checkpoints (root/data.audit) go when root does */
static struct store *fresh(char **root, char **dir)
{
	struct store *s = NULL;
	struct error e;
	*root = tu_tmpdir();
	*dir = tu_path(*root, "data");
	assert_int_equal(store_open_dir(*dir, STORE_OPEN_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), 0);
	return s;
}

static void done(struct store *s, char *root, char *dir)
{
	store_close(s);
	tu_rmtree(root);
	mem_free(dir);
	mem_free(root);
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

/* the store's sink: inside a write transaction the entry is the change's, kept or dropped with
 * it; outside one it commits on its own; a database in memory has no anchor, so no MAC */
static void store_sink_commits_with_the_change(void **state)
{
	UNUSED(state);
	struct store *s;
	struct error e;
	assert_int_equal(store_open_sqlite(":memory:", STORE_OPEN_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), 0);
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_setting_set(s, "k", "v", &e), 0);
	assert_int_equal(audit_add(s, "cw", "change", "h1", "", &e), 0);
	store_rollback(s);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log"), 0);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM settings WHERE key = 'k'"), 0);
	assert_int_equal(audit_write(audit_to_store(s), "cw", "read", "h1", "why=x", &e), 0);
	assert_false(store_in_transaction(s));
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND mac = ''"),
	                 1);
	int64_t n, bad;
	assert_int_equal(audit_check(s, &n, &bad, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(bad, 0);
	store_close(s);
}

/* a batch's entry: appended by the next COMMIT, dropped when none came, refused when it failed */
static void with_commit_entry_goes_in_with_the_commit(void **state)
{
	UNUSED(state);
	char *root, *dir;
	struct store *s = fresh(&root, &dir);
	struct error e, why;
	assert_int_equal(audit_with_commit(s, "op", "ingest-batch", "R1", "rows=2", &e), 0);
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_setting_set(s, "k", "1", &e), 0);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log"), 0);
	assert_int_equal(store_commit(s, &e), 0);
	assert_int_equal(audit_with_commit_end(s, 0, NULL), 0);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'ingest-batch'"), 1);
	/* nothing committed: the entry is dropped, not taken by a later commit */
	assert_int_equal(audit_with_commit(s, "op", "ingest-batch", "R2", "", &e), 0);
	assert_int_equal(audit_with_commit_end(s, 0, NULL), 0);
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log"), 1);
	/* a failure: the change rolled back, the attempt on record as refused with why */
	assert_int_equal(audit_with_commit(s, "op", "ingest-batch", "R3", "", &e), 0);
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_setting_set(s, "k", "3", &e), 0);
	error_set(&why, ERR_INVAL, "坏了", "broken");
	assert_int_equal(audit_with_commit_end(s, ERR_INVAL, &why), ERR_INVAL);
	assert_false(store_in_transaction(s));
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM settings WHERE key = 'k' AND value = '1'"), 1);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'ingest-batch-refused' "
	                               "AND subject = 'R3' AND detail LIKE '%why=broken'"),
	                 1);
	struct audit_report r;
	assert_int_equal(audit_verify(s, dir, &r, &e), 0);
	assert_int_equal(r.fault, AUDIT_FAULT_NONE);
	assert_int_equal(r.entries, 2);
	assert_int_equal(r.anchored_from, 1);
	done(s, root, dir);
}

/* the server's way: a deferred store's reads and the queue's own entries are committed by the
 * writer thread before their wait returns; a change's entry is still written in its transaction */
static void queued_entries_are_committed_before_the_wait_returns(void **state)
{
	UNUSED(state);
	char *root, *dir;
	struct store *s = fresh(&root, &dir);
	struct error e;
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct audit_queue *q;
	assert_int_equal(audit_queue_start(s, &lock, NULL, NULL, &q, &e), 0);
	assert_int_equal(audit_defer(s, q, &e), 0);
	pthread_mutex_lock(&lock);
	assert_int_equal(audit_add(s, "cw", "read", "h1", "", &e), 0);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log"), 0); /* queued: we hold the lock */
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(audit_add(s, "cw", "case-approve", "case:1", "", &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'case-approve'"), 1);
	pthread_mutex_unlock(&lock);
	assert_int_equal(audit_write(audit_to_queue(q), "cw", "search", "4301", "", &e), 0);
	assert_int_equal(audit_wait(q, audit_ticket(q), &e), 0);
	assert_true(audit_flushed(q) >= 2);
	assert_false(audit_broken(q));
	audit_queue_stop(q);
	assert_int_equal(audit_defer(s, NULL, &e), 0);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log"), 3);
	struct audit_report r;
	assert_int_equal(audit_verify(s, dir, &r, &e), 0);
	assert_int_equal(r.fault, AUDIT_FAULT_NONE);
	assert_int_equal(r.anchored_from, 1);
	assert_true(r.checkpoints >= 1);
	done(s, root, dir);
}

/* a part of the spill file's entries (at most max bytes), chained in one transaction as the
 * audit writer does: whether nothing is left */
static bool chain_part(struct store *s, struct audit_spill *sp, size_t max)
{
	struct error e;
	char prev[65];
	bool all;
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(audit_last_hash(s, prev, &e), 0);
	assert_int_equal(audit_spill_drain(sp, s, prev, max, &all, &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	return all;
}

static void chain_spill(struct store *s, struct audit_spill *sp)
{
	assert_true(chain_part(s, sp, (size_t)1 << 20));
}

static void audit_spill_is_chained_once_in_order(void **state)
{
	UNUSED(state);
	char *root, *dir;
	struct store *s = fresh(&root, &dir);
	struct error e;
	struct audit_spill sp;
	assert_int_equal(audit_spill_open(&sp, dir, &e), 0);
	assert_false(audit_spill_pending(&sp));
	char t1[] = "cw\0read\0h1\0why=a", t2[] = "cw\0read\0h2\0why=b", t3[] = "cw\0search\0h3\0q";
	const char *at[] = { "2026-12-01T10:00:00Z", "2026-12-01T10:00:01Z" };
	char *text[] = { t1, t2 };
	assert_int_equal(audit_spill_append(&sp, at, text, 2, &e), 0);
	const char *at3[] = { "2026-12-01T10:00:02Z" };
	char *text3[] = { t3 };
	assert_int_equal(audit_spill_append(&sp, at3, text3, 1, &e), 0);
	assert_true(audit_spill_pending(&sp));
	/* a record cut short by a crash: its request was never answered, and it is left out */
	int fd = open(sp.path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd,
	                       "\x64\0\0\0"
	                       "2026",
	                       8),
	                 8);
	close(fd);
	audit_spill_close(&sp);
	assert_int_equal(audit_spill_open(&sp, dir, &e), 0);
	chain_spill(s, &sp);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log"), 3);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log WHERE subject = 'h3' AND "
	                               "id = (SELECT MAX(id) FROM audit_log)"),
	                 1);
	/* the process dies after that commit, before the file is emptied: opened again, nothing is
	 * chained twice */
	audit_spill_close(&sp);
	assert_int_equal(audit_spill_open(&sp, dir, &e), 0);
	assert_true(audit_spill_pending(&sp));
	chain_spill(s, &sp);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log"), 3);
	audit_spill_truncate(&sp);
	assert_false(audit_spill_pending(&sp));
	/* a new generation after the truncation is chained again, here a part of about one entry at
	 * a time, as a long wait's file is: in order, each once */
	assert_int_equal(audit_spill_append(&sp, at, text, 2, &e), 0);
	assert_int_equal(audit_spill_append(&sp, at3, text3, 1, &e), 0);
	assert_false(chain_part(s, &sp, 60));
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log"), 4);
	assert_false(chain_part(s, &sp, 60));
	assert_true(chain_part(s, &sp, 60));
	audit_spill_truncate(&sp);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log"), 6);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log WHERE subject = 'h3' AND "
	                               "id = (SELECT MAX(id) FROM audit_log)"),
	                 1);
	int64_t n, bad;
	assert_int_equal(audit_check(s, &n, &bad, &e), 0);
	assert_int_equal(bad, 0);
	audit_spill_close(&sp);
	done(s, root, dir);
}

static void audit_spill_stops_at_a_damaged_record(void **state)
{
	UNUSED(state);
	char *root, *dir;
	struct store *s = fresh(&root, &dir);
	struct error e;
	struct audit_spill sp;
	assert_int_equal(audit_spill_open(&sp, dir, &e), 0);
	char t1[] = "cw\0read\0h1\0why=a";
	const char *at[] = { "2026-12-01T10:00:00Z" };
	char *text[] = { t1 };
	assert_int_equal(audit_spill_append(&sp, at, text, 1, &e), 0);
	/* a record of one string where five belong: nothing from it on is read as entries */
	int fd = open(sp.path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "\x06\0\0\0abcde", 10), 10);
	close(fd);
	audit_spill_close(&sp);
	assert_int_equal(audit_spill_open(&sp, dir, &e), 0);
	assert_int_equal(audit_spill_append(&sp, at, text, 1, &e), 0);
	audit_spill_close(&sp);
	assert_int_equal(audit_spill_open(&sp, dir, &e), 0);
	assert_true(chain_part(s, &sp, (size_t)1 << 20));
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit_log"), 1);
	audit_spill_close(&sp);
	done(s, root, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(store_sink_commits_with_the_change),
		cmocka_unit_test(with_commit_entry_goes_in_with_the_commit),
		cmocka_unit_test(queued_entries_are_committed_before_the_wait_returns),
		cmocka_unit_test(audit_spill_is_chained_once_in_order),
		cmocka_unit_test(audit_spill_stops_at_a_damaged_record),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
