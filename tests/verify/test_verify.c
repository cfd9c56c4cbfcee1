/* test_verify.c: the verification's data dictionary (ordered for its search, known and unknown
 * kinds), member timelines by month, and the JSON household reader's refusals. */
#include "testutil.h"

#include "base/mem.h"
#include "verify/verify_int.h"

static void dictionary_is_ordered_and_found(void **state)
{
	UNUSED(state);
	assert_true(vf_kinds_sorted());
	const struct vf_kind *k = vf_kind_of("wage");
	assert_string_equal(k->kind, "wage");
	assert_int_equal(k->use, VK_INCOME);
	assert_ptr_equal(vf_kind_at(vf_kind_index(k)), k);
	assert_int_equal(vf_kind_of("assistance")->use, VK_INCOME); /* the first entry */
	assert_int_equal(vf_kind_of("cremation")->status, VS_DEATH);
	assert_int_equal(vf_kind_of("electricity")->use, VK_AUX); /* not in the dictionary */
	assert_int_equal(vf_kind_of("")->use, VK_AUX);
	assert_int_equal(vf_kind_of("zzz")->use, VK_AUX);
}

static void timeline_by_month(void **state)
{
	UNUSED(state);
	struct vf_fact facts[] = {
		{ "marriage", "2025-03-12", "结婚", 0, false, "43MZ001", 0, "", 1 },
		{ "prison", "2025-06-01", "2025-08-31", 0, false, "43SF001", 0, "", 1 },
		{ "death", "2025-11-02", NULL, 0, false, "43WJ002", 0, "", 1 },
		{ "wage", "2025-01", NULL, 100, true, "43SW001", 0, "", 1 },
	};
	struct vf_member m = {
		"430181198203052223", "李娟", "02", "死亡注销", 'F', date_from_ymd(1982, 3, 5), facts,
		ARRAY_SIZE(facts)
	};
	const struct vf_kind *kinds[ARRAY_SIZE(facts)];
	for (size_t i = 0; i < ARRAY_SIZE(facts); i++)
		kinds[i] = vf_kind_of(facts[i].kind);
	struct vf_timeline t;
	vf_timeline(&m, kinds, &t);
	assert_int_equal(vf_absent(&t, month_from_ym(2025, 2)), VA_NOT_YET); /* a spouse joins at marriage */
	assert_int_equal(vf_absent(&t, month_from_ym(2025, 3)), VA_PRESENT);
	assert_int_equal(vf_absent(&t, month_from_ym(2025, 6)), VA_PRISON);
	assert_int_equal(vf_absent(&t, month_from_ym(2025, 8)), VA_PRISON);
	assert_int_equal(vf_absent(&t, month_from_ym(2025, 9)), VA_PRESENT);
	assert_int_equal(vf_absent(&t, month_from_ym(2025, 11)), VA_DIED);
	/* a head is in the household from birth, whatever the marriage record says */
	m.relation = "01";
	m.status = "正常";
	vf_timeline(&m, kinds, &t);
	assert_int_equal(vf_absent(&t, month_from_ym(2025, 2)), VA_PRESENT);
}

static void json_refusals_name_the_field(void **state)
{
	UNUSED(state);
	static const struct {
		const char *json, *names;
	} cases[] = {
		{ "[1]", "one JSON object" },
		{ "{\"members\": []", "not valid JSON" },
		{ "{\"members\": [{\"id\": \"430181198001011239\", \"relation\": \"01\"}]}", "region" },
		{ "{\"region\": \"430181001001\", \"members\": []}", "members" },
		{ "{\"region\": \"430181001001\", \"members\": [{\"relation\": \"01\"}]}", "members[1].id" },
		{ "{\"region\": \"430181001001\", \"members\": [{\"id\": \"430181198001011239\", \"relation\": \"1\"}]}",
		  "members[1].relation" },
		{ "{\"region\": \"430181001001\", \"members\": [{\"id\": \"430181198001011239\", \"relation\": \"01\", "
		  "\"records\": {\"43XX999\": []}}]}",
		  "members[1].records.43XX999" },
		{ "{\"region\": \"430181001001\", \"members\": [{\"id\": \"430181198001011239\", \"relation\": \"01\", "
		  "\"records\": {\"43SW001\": [{\"所属期\": \"2025-13\"}]}}]}",
		  "members[1].records.43SW001[1].所属期" },
		{ "{\"region\": \"430181001001\", \"members\": [{\"id\": \"430181198001011239\", \"relation\": \"01\", "
		  "\"records\": {\"43SW001\": [{\"工资\": \"1.00\"}]}}]}",
		  "members[1].records.43SW001[1].工资" },
		{ "{\"region\": \"430181001001\", \"members\": [{\"id\": \"430181198001011239\", \"relation\": \"01\"}], "
		  "\"authorisation\": {\"signed_by\": \"甲\", \"signed_on\": \"2025-02-30\"}}",
		  "authorisation.signed_on" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct arena a;
		arena_init(&a, 4096);
		struct vf_household h;
		struct error e;
		error_clear(&e);
		int rc = vf_household_from_json(cases[i].json, strlen(cases[i].json), NULL, &a, &h, &e);
		if (rc != ERR_INVAL || !strstr(e.en, cases[i].names))
			fail_msg("case %zu: rc %d, message \"%s\" should name %s", i, rc, e.en,
			         cases[i].names);
		arena_release(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dictionary_is_ordered_and_found),
		cmocka_unit_test(timeline_by_month),
		cmocka_unit_test(json_refusals_name_the_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
