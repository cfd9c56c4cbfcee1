/* test_region.c: the built-in Hunan division tree. */
#include "testutil.h"

#include "base/region.h"

static void holds_the_whole_hunan_tree(void **state)
{
	UNUSED(state);
	assert_int_equal(region_load(), 0);
	assert_int_equal(region_count_level(REGION_PROVINCE), 1);
	assert_int_equal(region_count_level(REGION_CITY), 14);
	assert_int_equal(region_count_level(REGION_COUNTY), 134);
	assert_int_equal(region_count_level(REGION_TOWNSHIP), 2008);
	assert_int_equal(region_count_level(REGION_VILLAGE), 29534);
	assert_int_equal(region_total(), 1 + 14 + 134 + 2008 + 29534);
}

static void every_region_hangs_under_its_parent(void **state)
{
	UNUSED(state);
	size_t children = 0;
	for (int32_t i = 0; (size_t)i < region_total(); i++) {
		const struct region *r = region_at(i);
		const struct region *p = region_parent(r);
		if (r->level == REGION_PROVINCE) {
			assert_null(p);
			continue;
		}
		assert_non_null(p);
		assert_int_equal(p->level, r->level - 1);
		assert_true(region_code_within(r->code, p->code));
		children += (size_t)r->child_count;
		for (int32_t k = 0; k < r->child_count; k++)
			assert_ptr_equal(region_parent(region_child(r, k)), r);
	}
	assert_int_equal(children + (size_t)region_at(0)->child_count, region_total() - 1);
}

static void furong_district(void **state)
{
	UNUSED(state);
	const struct region *r = region_lookup("430102", 6);
	assert_non_null(r);
	assert_string_equal(r->name, "芙蓉区");
	assert_int_equal(r->level, REGION_COUNTY);
	assert_string_equal(region_parent(r)->name, "长沙市");
	assert_string_equal(region_parent(region_parent(r))->name, "湖南省");
	struct buf b = BUF_INIT(256);
	region_full_name(r, &b);
	assert_string_equal(b.data, "湖南省长沙市芙蓉区");
	buf_release(&b);
	char c6[7], c12[13];
	region_code12(r, c12);
	assert_string_equal(c12, "430102000000");
	const struct region *v = region_lookup("430102001001", 12);
	assert_non_null(v);
	assert_int_equal(v->level, REGION_VILLAGE);
	region_code6(v, c6);
	assert_string_equal(c6, "430102");
}

static void accepts_padded_standard_codes(void **state)
{
	UNUSED(state);
	assert_string_equal(region_lookup("430100", 6)->name, "长沙市");
	assert_string_equal(region_lookup("430000", 6)->name, "湖南省");
	assert_string_equal(region_lookup("430000000000", 12)->name, "湖南省");
	assert_string_equal(region_lookup("430102001000", 12)->name, region_lookup("430102001", 9)->name);
	assert_string_equal(region_lookup("433100", 6)->name, "湘西土家族苗族自治州");
	assert_null(region_lookup("110101", 6));
	assert_null(region_lookup("4301x2", 6));
	assert_null(region_lookup("43010", 5));
	assert_null(region_lookup("", 0));
}

static void finds_by_name(void **state)
{
	UNUSED(state);
	const struct region *hits[8];
	size_t n = region_find("芙蓉区", hits, 8);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0]->code, "430102");
	n = region_find("社区", hits, 8);
	assert_true(n > 1000); /* counts past the room given */
	assert_int_equal(region_find("", hits, 8), 0);
	assert_int_equal(region_find("不存在的地名", hits, 8), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(holds_the_whole_hunan_tree),
		cmocka_unit_test(every_region_hangs_under_its_parent),
		cmocka_unit_test(furong_district),
		cmocka_unit_test(accepts_padded_standard_codes),
		cmocka_unit_test(finds_by_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
