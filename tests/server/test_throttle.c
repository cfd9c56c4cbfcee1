/* test_throttle.c: how often logins may be tried (server/throttle.c), with time given: an
 * address's burst then its rate, a success giving its attempt back; five wrong passwords lock an
 * account for that address only, for the lock's length; an account's attempts from new addresses
 * run out while an address it logged in from before goes on; an unknown name is treated as a
 * known one; a full table forgets the entries seen longest ago but keeps locks. */
#include "testutil.h"

#include "server/api_int.h"

static struct server_limits limits(void)
{
	struct server_limits l;
	server_limits_default(&l);
	return l;
}

static enum api_throttle_why try(struct api_throttle *t, const char *name, const char *addr, int64_t now,
                                 unsigned *retry)
{
	struct api_throttle_verdict v;
	api_throttle_try(t, name, addr, now, &v);
	if (retry)
		*retry = v.retry_after;
	return v.why;
}

static void an_address_bursts_then_waits(void **state)
{
	UNUSED(state);
	struct server_limits l = limits(); /* 10 at once, then 6 a minute */
	struct api_throttle *t;
	assert_int_equal(api_throttle_open(&l, &t), 0);
	char name[16];
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof name, "n%d", i);
		assert_int_equal(try(t, name, "10.0.0.1", 1000, NULL), AT_OK);
		assert_int_equal(api_throttle_done(t, name, "10.0.0.1", false, 1000), 0);
	}
	unsigned retry;
	assert_int_equal(try(t, "cw", "10.0.0.1", 1000, &retry), AT_ADDRESS);
	assert_int_equal(retry, 10);
	assert_int_equal(try(t, "cw", "10.0.0.2", 1000, NULL), AT_OK); /* another address */
	assert_int_equal(try(t, "cw", "10.0.0.1", 1010, NULL), AT_OK); /* 10 s: one more */
	/* a success gives its attempt back */
	api_throttle_done(t, "cw", "10.0.0.1", true, 1010);
	assert_int_equal(try(t, "cw", "10.0.0.1", 1010, NULL), AT_OK);
	api_throttle_close(t);
}

static void a_lock_holds_one_address_only(void **state)
{
	UNUSED(state);
	struct server_limits l = limits();
	struct api_throttle *t;
	assert_int_equal(api_throttle_open(&l, &t), 0);
	const char *names[] = { "admin", "nobody-at-all" }; /* an account and an unknown name alike */
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < 4; i++) {
			assert_int_equal(try(t, names[k], "10.0.0.9", 100, NULL), AT_OK);
			assert_int_equal(api_throttle_done(t, names[k], "10.0.0.9", false, 100), 0);
		}
		assert_int_equal(try(t, names[k], "10.0.0.9", 100, NULL), AT_OK);
		assert_int_equal(api_throttle_done(t, names[k], "10.0.0.9", false, 100), 900);
		struct api_throttle_verdict v;
		api_throttle_try(t, names[k], "10.0.0.9", 101, &v);
		assert_int_equal(v.why, AT_LOCKED);
		assert_int_equal(v.retry_after, 899);
		assert_true(v.first);
		api_throttle_try(t, names[k], "10.0.0.9", 102, &v);
		assert_false(v.first); /* audited once */
		assert_int_equal(try(t, names[k], "10.0.0.8", 102, NULL), AT_OK);
		assert_int_equal(try(t, names[k], "10.0.0.9", 1000, NULL), AT_OK); /* 15 minutes on */
	}
	api_throttle_close(t);
}

static void an_account_runs_out_but_not_where_it_logged_in(void **state)
{
	UNUSED(state);
	struct server_limits l = limits(); /* an account: 10 at once */
	l.login_account_per_min = 1;
	struct api_throttle *t;
	assert_int_equal(api_throttle_open(&l, &t), 0);
	assert_int_equal(try(t, "admin", "192.168.1.5", 0, NULL), AT_OK); /* its first: one of 10 */
	api_throttle_done(t, "admin", "192.168.1.5", true, 0);
	assert_int_equal(try(t, "ghost", "192.168.1.5", 0, NULL), AT_OK);
	api_throttle_done(t, "ghost", "192.168.1.5", false, 0);
	char addr[32];
	for (int i = 0; i < 9; i++) {
		snprintf(addr, sizeof addr, "203.0.113.%d", i);
		assert_int_equal(try(t, "admin", addr, 0, NULL), AT_OK);
		api_throttle_done(t, "admin", addr, false, 0);
		assert_int_equal(try(t, "ghost", addr, 0, NULL), AT_OK);
		api_throttle_done(t, "ghost", addr, false, 0);
	}
	unsigned retry;
	assert_int_equal(try(t, "admin", "203.0.113.99", 0, &retry), AT_ACCOUNT);
	assert_int_equal(retry, 60);
	assert_int_equal(try(t, "ghost", "203.0.113.99", 0, NULL), AT_ACCOUNT);
	assert_int_equal(try(t, "admin", "192.168.1.5", 0, NULL), AT_OK); /* its own address */
	assert_int_equal(try(t, "ghost", "192.168.1.5", 0, NULL), AT_ACCOUNT);
	assert_int_equal(try(t, "admin", "203.0.113.99", 60, NULL), AT_OK); /* a minute on */
	api_throttle_close(t);
}

static void a_full_table_forgets_the_oldest_but_keeps_locks(void **state)
{
	UNUSED(state);
	struct server_limits l = limits();
	l.throttle_entries = 16;
	struct api_throttle *t;
	assert_int_equal(api_throttle_open(&l, &t), 0);
	for (int i = 0; i < 5; i++) {
		try(t, "admin", "10.1.1.1", 0, NULL);
		api_throttle_done(t, "admin", "10.1.1.1", false, 0);
	}
	char addr[32], name[32];
	for (int i = 0; i < 200; i++) {
		snprintf(addr, sizeof addr, "10.2.%d.%d", i / 250, i % 250);
		snprintf(name, sizeof name, "s%d", i);
		assert_int_equal(try(t, name, addr, 1 + i, NULL), AT_OK);
	}
	assert_int_equal(try(t, "admin", "10.1.1.1", 300, NULL), AT_LOCKED);
	api_throttle_close(t);
}

static void limits_are_named(void **state)
{
	UNUSED(state);
	struct server_limits l = limits();
	struct error e;
	assert_int_equal(server_limits_set(&l, "login-failures=3", &e), 0);
	assert_int_equal(l.login_failures, 3);
	assert_int_equal(server_limits_set(&l, "login-failures=0", &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "from 1 to 1000"));
	assert_int_equal(server_limits_set(&l, "header-secs=x", &e), ERR_INVAL);
	assert_int_equal(server_limits_set(&l, "nonsense=1", &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "nonsense"));
	assert_int_equal(l.login_failures, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_address_bursts_then_waits),
		cmocka_unit_test(a_lock_holds_one_address_only),
		cmocka_unit_test(an_account_runs_out_but_not_where_it_logged_in),
		cmocka_unit_test(a_full_table_forgets_the_oldest_but_keeps_locks),
		cmocka_unit_test(limits_are_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
