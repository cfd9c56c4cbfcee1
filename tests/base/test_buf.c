/* test_buf.c: the capped buffer, the arena, vectors and allocation failure. */
#include "testutil.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/mem.h"
#include "base/vec.h"

static void buf_appends_and_terminates(void **state)
{
	UNUSED(state);
	struct buf b = BUF_INIT(1024);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_adds(&b, "湖南"), 0);
	assert_int_equal(buf_addch(&b, '-'), 0);
	assert_int_equal(buf_addf(&b, "%d/%s", 43, "长沙"), 0);
	assert_string_equal(b.data, "湖南-43/长沙");
	assert_int_equal(b.len, strlen("湖南-43/长沙"));
	buf_truncate(&b, 6);
	assert_string_equal(b.data, "湖南");
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_release(&b);
}

static void buf_long_printf_grows(void **state)
{
	UNUSED(state);
	struct buf b = BUF_INIT(100000);
	char big[1000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(buf_addf(&b, "<%s>", big), 0);
	assert_int_equal(b.len, 1001);
	assert_int_equal(b.data[0], '<');
	assert_int_equal(b.data[1000], '>');
	buf_release(&b);
}

static void buf_refuses_past_its_maximum(void **state)
{
	UNUSED(state);
	struct buf b = BUF_INIT(8);
	assert_int_equal(buf_adds(&b, "12345678"), 0);
	assert_int_equal(buf_addch(&b, '9'), ERR_TOOBIG);
	assert_string_equal(b.data, "12345678"); /* unchanged */
	assert_int_equal(buf_addf(&b, "%s", "x"), ERR_TOOBIG);
	assert_int_equal(buf_add(&b, "x", SIZE_MAX), ERR_TOOBIG);
	size_t n;
	char *p = buf_detach(&b, &n);
	assert_int_equal(n, 8);
	assert_string_equal(p, "12345678");
	assert_null(b.data);
	mem_free(p);
}

static void buf_survives_allocation_failure(void **state)
{
	UNUSED(state);
	struct buf b = BUF_INIT(1 << 20);
	assert_int_equal(buf_adds(&b, "kept"), 0);
	mem_fail_after(0);
	char big[200] = { 0 };
	memset(big, 'z', 199);
	assert_int_equal(buf_adds(&b, big), ERR_NOMEM);
	mem_fail_after(-1);
	assert_string_equal(b.data, "kept");
	buf_release(&b);
}

static void arena_aligns_and_resets(void **state)
{
	UNUSED(state);
	struct arena a;
	arena_init(&a, 256);
	for (int i = 0; i < 1000; i++) {
		char *p = arena_alloc(&a, (size_t)(i % 37) + 1);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % sizeof(max_align_t), 0);
		memset(p, 0xAB, (size_t)(i % 37) + 1);
	}
	char *big = arena_alloc(&a, 10000); /* bigger than a block */
	assert_non_null(big);
	memset(big, 1, 10000);
	char *s = arena_strndup(&a, "芙蓉区xyz", strlen("芙蓉区"));
	assert_string_equal(s, "芙蓉区");
	int *z = arena_calloc(&a, 64 * sizeof(int));
	for (int i = 0; i < 64; i++)
		assert_int_equal(z[i], 0);
	arena_reset(&a);
	assert_int_equal(a.used_total, 0);
	assert_non_null(arena_alloc(&a, 8));
	arena_release(&a);
	assert_null(a.head);
}

static void arena_reports_failure(void **state)
{
	UNUSED(state);
	struct arena a;
	arena_init(&a, 0);
	mem_fail_after(0);
	assert_null(arena_alloc(&a, 10));
	mem_fail_after(-1);
	assert_non_null(arena_alloc(&a, 10));
	arena_release(&a);
}

static void vec_pushes_and_grows(void **state)
{
	UNUSED(state);
	VEC(int64_t) v = { 0 };
	for (int64_t i = 0; i < 10000; i++)
		assert_int_equal(vec_push(&v, i * 3), 0);
	assert_int_equal(v.len, 10000);
	for (int64_t i = 0; i < 10000; i++)
		assert_int_equal(v.items[i], i * 3);
	mem_fail_after(0);
	size_t len = v.len;
	while (v.len < v.cap)
		assert_int_equal(vec_push(&v, 1), 0); /* fits: no allocation */
	assert_int_equal(vec_push(&v, 1), ERR_NOMEM);
	mem_fail_after(-1);
	assert_true(v.len >= len);
	vec_release(&v);
	assert_null(v.items);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_appends_and_terminates),
		cmocka_unit_test(buf_long_printf_grows),
		cmocka_unit_test(buf_refuses_past_its_maximum),
		cmocka_unit_test(buf_survives_allocation_failure),
		cmocka_unit_test(arena_aligns_and_resets),
		cmocka_unit_test(arena_reports_failure),
		cmocka_unit_test(vec_pushes_and_grows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
