/* test_hset.c: the set of 64-bit hashes: what was added is found, what was not is not, through
 * growth; 0 is a hash like any other; adding twice counts once; a failed growth changes nothing. */
#include "testutil.h"

#include "base/error.h"
#include "base/hset.h"
#include "base/mem.h"

static void adds_and_finds_through_growth(void **state)
{
	UNUSED(state);
	struct hset s = { 0 };
	assert_false(hset_has(&s, 42));
	uint64_t seed = 1;
	for (int i = 0; i < 200000; i++)
		assert_int_equal(hset_add(&s, tu_rand(&seed) | 1), 0);
	assert_int_equal(s.n, 200000);
	seed = 1;
	for (int i = 0; i < 200000; i++)
		assert_true(hset_has(&s, tu_rand(&seed) | 1));
	for (uint64_t h = 2; h < 2000; h += 2)
		assert_false(hset_has(&s, h));
	assert_int_equal(hset_add(&s, 0), 0);
	assert_true(hset_has(&s, 0));
	size_t n = s.n;
	assert_int_equal(hset_add(&s, 0), 0);
	assert_int_equal(s.n, n);
	/* out of memory while growing: an error, and the set as it was */
	struct hset t = { 0 };
	for (uint64_t h = 1; t.n < 49152; h++)
		assert_int_equal(hset_add(&t, h), 0);
	mem_fail_after(0);
	assert_int_equal(hset_add(&t, 999999999), ERR_NOMEM);
	mem_fail_after(-1);
	assert_int_equal(t.n, 49152);
	assert_false(hset_has(&t, 999999999));
	hset_release(&s);
	hset_release(&t);
	assert_false(hset_has(&s, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(adds_and_finds_through_growth) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
