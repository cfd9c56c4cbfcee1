/* test_hmap.c: the hash map against a simple reference, with deletions. */
#include "testutil.h"

#include "base/error.h"
#include "base/hmap.h"
#include "base/mem.h"

static void put_get_replace(void **state)
{
	UNUSED(state);
	struct hmap m;
	hmap_init(&m);
	uint64_t v = 0;
	assert_int_equal(hmap_get(&m, "a", 1, &v), 0);
	assert_int_equal(hmap_put(&m, "长沙", strlen("长沙"), 4301), 0);
	assert_int_equal(hmap_put(&m, "", 0, 7), 0); /* the empty key is a key */
	assert_int_equal(hmap_get(&m, "长沙", strlen("长沙"), &v), 1);
	assert_int_equal(v, 4301);
	assert_int_equal(hmap_put(&m, "长沙", strlen("长沙"), 1), 0);
	assert_int_equal(hmap_get(&m, "长沙", strlen("长沙"), &v), 1);
	assert_int_equal(v, 1);
	assert_int_equal(hmap_get(&m, "", 0, &v), 1);
	assert_int_equal(v, 7);
	assert_int_equal(m.count, 2);
	hmap_release(&m);
}

static void many_keys_with_deletes_match_reference(void **state)
{
	UNUSED(state);
	enum { N = 50000 };
	struct hmap m;
	hmap_init(&m);
	static bool present[N];
	uint64_t rng = 42;
	char key[32];
	for (int round = 0; round < 4 * N; round++) {
		int k = (int)(tu_rand(&rng) % N);
		int n = snprintf(key, sizeof key, "key-%d", k);
		if (tu_rand(&rng) % 3 == 0) {
			assert_int_equal(hmap_del(&m, key, (size_t)n), present[k]);
			present[k] = false;
		} else {
			assert_int_equal(hmap_put(&m, key, (size_t)n, (uint64_t)k * 2), 0);
			present[k] = true;
		}
	}
	size_t count = 0;
	for (int k = 0; k < N; k++) {
		int n = snprintf(key, sizeof key, "key-%d", k);
		uint64_t v;
		assert_int_equal(hmap_get(&m, key, (size_t)n, &v), present[k]);
		if (present[k]) {
			assert_int_equal(v, (uint64_t)k * 2);
			count++;
		}
	}
	assert_int_equal(m.count, count);
	size_t pos = 0, seen = 0;
	while (hmap_next(&m, &pos))
		seen++;
	assert_int_equal(seen, count);
	hmap_release(&m);
}

static void put_fails_cleanly_without_memory(void **state)
{
	UNUSED(state);
	struct hmap m;
	hmap_init(&m);
	mem_fail_after(0);
	assert_int_equal(hmap_put(&m, "x", 1, 1), ERR_NOMEM);
	mem_fail_after(-1);
	assert_int_equal(hmap_get(&m, "x", 1, NULL), 0);
	assert_int_equal(hmap_put(&m, "x", 1, 1), 0);
	hmap_release(&m);
}

static void hash_is_stable(void **state)
{
	UNUSED(state);
	/* the hash must not change between runs or machines: generators rely on it */
	assert_int_equal(hash_bytes("", 0), hash_bytes("", 0));
	assert_true(hash_bytes("a", 1) != hash_bytes("b", 1));
	assert_true(hash_bytes("12345678", 8) != hash_bytes("12345679", 8));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(put_get_replace),
		cmocka_unit_test(many_keys_with_deletes_match_reference),
		cmocka_unit_test(put_fails_cleanly_without_memory),
		cmocka_unit_test(hash_is_stable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
