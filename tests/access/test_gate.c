/* test_gate.c: the access gate's decisions the server asks for instead of comparing roles and
 * regions itself: a search's scope (and its refusal, audited), the region scope that filters an
 * allowed read, and the steps of a case a user is offered. */
#include "testutil.h"

#include "access/access.h"

static struct access_user user(enum access_role role, const char *region)
{
	struct access_user u;
	memset(&u, 0, sizeof u);
	snprintf(u.name, sizeof u.name, "u");
	u.role = role;
	snprintf(u.region, sizeof u.region, "%s", region);
	return u;
}

static int64_t entries(struct store *s, const char *action)
{
	struct store_stmt *st;
	struct error e;
	int64_t n = -1;
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE action = '%s'", action);
	assert_int_equal(store_prepare(s, sql, &st, &e), 0);
	if (store_step(st, &e) == STORE_ROW)
		n = store_col_int64(st, 0);
	store_finalize(st);
	return n;
}

static void a_search_is_scoped_by_the_gate(void **state)
{
	UNUSED(state);
	struct store *s;
	struct error e;
	assert_int_equal(store_open_sqlite(":memory:", STORE_OPEN_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), 0);
	struct access_user cw = user(SR_CASEWORKER, "430181001");
	const char *scope = NULL;
	/* a name or an ID number: the user's region */
	assert_int_equal(access_gate_search(s, &cw, NULL, "name 王*", &scope, &e), 0);
	assert_string_equal(scope, "430181001");
	/* a prefix inside the region: the prefix */
	assert_int_equal(access_gate_search(s, &cw, "430181001001", "number", &scope, &e), 0);
	assert_string_equal(scope, "430181001001");
	/* a prefix wider than the region and holding it: the region */
	assert_int_equal(access_gate_search(s, &cw, "430181", "number", &scope, &e), 0);
	assert_string_equal(scope, "430181001");
	assert_int_equal(entries(s, "search"), 3);
	/* a prefix elsewhere: refused and audited as refused */
	assert_int_equal(access_gate_search(s, &cw, "430181002", "number", &scope, &e), ERR_PERM);
	assert_int_equal(entries(s, "search-refused"), 1);
	/* a role that may not search, refused whatever the scope */
	struct access_user pol = user(SR_POLICY, "43");
	assert_int_equal(access_gate_search(s, &pol, NULL, "name 王*", &scope, &e), ERR_PERM);
	assert_int_equal(entries(s, "search-refused"), 2);
	store_close(s);
}

static void scope_and_steps(void **state)
{
	UNUSED(state);
	struct access_user cw = user(SR_CASEWORKER, "430181001");
	assert_true(access_in_scope(&cw, "43018100100100001"));
	assert_true(access_in_scope(&cw, "430181001"));
	assert_false(access_in_scope(&cw, "430181002"));
	assert_false(access_in_scope(&cw, "430181"));
	assert_false(access_in_scope(&cw, NULL));
	unsigned town = (1u << SR_CASEWORKER) | (1u << SR_TOWNSHIP_HEAD);
	assert_true(access_may_step(&cw, town, "430181001001"));
	assert_false(access_may_step(&cw, 1u << SR_APPROVER, "430181001001")); /* not the role's step */
	assert_false(access_may_step(&cw, town, "430181002001"));              /* outside the region */
	struct access_user admin = user(SR_ADMIN, "43");
	assert_false(access_may_step(&admin, 1u << SR_ADMIN, "430181001001")); /* no cases at all */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_search_is_scoped_by_the_gate),
		cmocka_unit_test(scope_and_steps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
