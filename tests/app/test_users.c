/* test_users.c: app/'s accounts, one use case for the command line and the API: an account may
 * not disable itself (refused after the gate, audited as refused), the data folder's operator
 * adds and disables with an entry of its own, and an unknown account is not found. */
#include "testutil.h"

#include "app/app.h"

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

static struct access_user admin(void)
{
	struct access_user u;
	memset(&u, 0, sizeof u);
	snprintf(u.name, sizeof u.name, "boss");
	u.role = SR_ADMIN;
	snprintf(u.region, sizeof u.region, "43");
	return u;
}

static void test_accounts(void **state)
{
	UNUSED(state);
	struct store *s;
	struct error e;
	assert_int_equal(store_open_sqlite(":memory:", STORE_OPEN_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), 0);
	/* the operator adds, with an entry of its own */
	assert_int_equal(app_user_add(s, NULL, "root", "boss", "Boss", "admin", "43", "password1", &e), 0);
	assert_int_equal(
	    count(s, "SELECT count(*) FROM audit_log WHERE action = 'user-add' AND actor = 'root'"), 1);
	/* an account adds through the gate */
	struct access_user u = admin();
	assert_int_equal(
	    app_user_add(s, &u, NULL, "cw", "Worker", "caseworker", "430181001", "password2", &e), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM users WHERE name = 'cw'"), 1);
	/* not its own account: refused, audited as refused, the field named */
	assert_int_equal(app_user_able(s, &u, NULL, "boss", true, &e), ERR_INVAL);
	assert_string_equal(e.field, "username");
	assert_int_equal(
	    count(s, "SELECT count(*) FROM audit_log WHERE action LIKE '%-refused' AND subject = 'boss' "
	             "AND detail LIKE '%own account%'"),
	    1);
	assert_int_equal(count(s, "SELECT count(*) FROM users WHERE name = 'boss' AND disabled = 0"), 1);
	/* another's: done, and enabling one's own is no refusal */
	assert_int_equal(app_user_able(s, &u, NULL, "cw", true, &e), 0);
	assert_int_equal(app_user_able(s, &u, NULL, "boss", false, &e), 0);
	/* no such account */
	assert_int_equal(app_user_able(s, &u, NULL, "nobody", true, &e), ERR_NOTFOUND);
	assert_string_equal(e.field, "username");
	/* the operator is no account: the rule is an account's */
	assert_int_equal(app_user_able(s, NULL, "boss", "boss", true, &e), 0);
	assert_int_equal(
	    count(s, "SELECT count(*) FROM audit_log WHERE action = 'user-disable' AND actor = 'boss'"), 1);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accounts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
