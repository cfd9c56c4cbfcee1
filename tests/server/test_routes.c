/* test_routes.c: the API's router: a path matched to its row with the placeholders captured,
 * each placeholder checked by its kind, 405 with the methods allowed for a known path, 404 for
 * an unknown one; and the table itself: no two rows alike, every change made in a session
 * checks the CSRF token. */
#include "testutil.h"

#include "server/routes.h"

static enum api_match match(const char *method, const char *path, struct api_call *c, char allow[32])
{
	memset(c, 0, sizeof *c);
	return api_route_match(method, path, c, allow);
}

static void finds_the_row_and_captures(void **state)
{
	UNUSED(state);
	struct api_call c;
	char allow[32];
	assert_int_equal(match("GET", "/api/v1/households/43018100100100001/cases", &c, allow), AM_FOUND);
	assert_ptr_equal(c.route->handler, api_household_cases);
	assert_string_equal(c.param[0], "43018100100100001");
	assert_string_equal(c.sub, "households/43018100100100001/cases");
	assert_int_equal(match("POST", "/api/v1/cases/42/steps", &c, allow), AM_FOUND);
	assert_ptr_equal(c.route->handler, api_case_step);
	assert_int_equal(c.id, 42);
	assert_int_equal(match("POST", "/api/v1/batches/43SW001", &c, allow), AM_FOUND);
	assert_ptr_equal(c.route->handler, api_upload);
	assert_string_equal(c.param[0], "43SW001");
	assert_int_equal(match("GET", "/api/v1/batches/7/rejects", &c, allow), AM_FOUND);
	assert_ptr_equal(c.route->handler, api_rejects);
	assert_int_equal(c.id, 7);
	assert_int_equal(match("POST", "/api/v1/users/wang/disable", &c, allow), AM_FOUND);
	assert_string_equal(c.param[0], "wang");
	assert_int_equal(match("GET", "/healthz", &c, allow), AM_FOUND);
	assert_ptr_equal(c.route->handler, api_health);
}

static void placeholders_are_checked_by_kind(void **state)
{
	UNUSED(state);
	struct api_call c;
	char allow[32];
	const char *bad[] = {
		"/api/v1/households/4301810010010000",  /* 16 digits */
		"/api/v1/households/4301810010010000x", /* not a digit */
		"/api/v1/households/",                  /* empty */
		"/api/v1/cases/0",                      /* not above zero */
		"/api/v1/cases/+5",                     /* a sign */
		"/api/v1/cases/1234567890123456789",    /* past 18 digits */
		"/api/v1/cases/x/steps",                /* not a number */
		"/api/v1/share/tasks/-1/deliveries",    /* negative */
		"/api/v1/ingests/1e3",                  /* not digits */
		"/api/v1/funds/4301810010000000000",    /* over 15 characters */
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		enum api_match m = match("GET", bad[i], &c, allow);
		if (m != AM_PARAM)
			fail_msg("%s: %d", bad[i], m);
		assert_non_null(c.bad);
	}
	assert_int_equal(match("POST", "/api/v1/batches/43sw001", &c, allow), AM_PARAM); /* capitals only */
}

static void another_method_is_405_with_allow(void **state)
{
	UNUSED(state);
	struct api_call c;
	char allow[32];
	assert_int_equal(match("GET", "/api/v1/login", &c, allow), AM_METHOD);
	assert_string_equal(allow, "POST");
	assert_int_equal(match("DELETE", "/api/v1/users", &c, allow), AM_METHOD);
	assert_string_equal(allow, "GET, POST");
	assert_int_equal(match("GET", "/api/v1/batches/43SW001", &c, allow), AM_METHOD);
	assert_string_equal(allow, "POST");
	assert_null(c.route);
}

static void unknown_paths_are_404(void **state)
{
	UNUSED(state);
	struct api_call c;
	char allow[32];
	const char *none[] = { "/api/v1/",
		               "/api/v1/x",
		               "/api/v1/me/",
		               "/api/v1//me",
		               "/api/v2/me",
		               "/healthz/x",
		               "/",
		               "",
		               "/api/v1/households/43018100100100001/x",
		               "/api/v1/cases/5/",
		               "/api/v1/../../etc" };
	for (size_t i = 0; i < ARRAY_SIZE(none); i++) {
		enum api_match m = match("GET", none[i], &c, allow);
		if (m != AM_NONE)
			fail_msg("%s: %d", none[i], m);
		assert_string_equal(allow, "");
	}
}

static void the_table_is_sound(void **state)
{
	UNUSED(state);
	size_t n;
	const struct api_route *r = api_routes(&n);
	assert_true(n > 20);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(r[i].handler);
		assert_int_equal(api_route_csrf(&r[i]),
		                 r[i].gate != ROUTE_OPEN && strcmp(r[i].method, "GET"));
		for (size_t k = 0; k < i; k++)
			if (!strcmp(r[i].method, r[k].method) && !strcmp(r[i].path, r[k].path))
				fail_msg("%s %s twice", r[i].method, r[i].path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_the_row_and_captures),
		cmocka_unit_test(placeholders_are_checked_by_kind),
		cmocka_unit_test(another_method_is_405_with_allow),
		cmocka_unit_test(unknown_paths_are_404),
		cmocka_unit_test(the_table_is_sound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
