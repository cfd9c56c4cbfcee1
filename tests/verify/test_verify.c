/* test_verify.c: the verification's data dictionary (ordered for its search, known and unknown
 * kinds), member timelines by month, and the JSON household reader's refusals. */
#include "testutil.h"

#include "base/mem.h"
#include "gen/gen.h"
#include "verify/verify_int.h"

/* The catalogue household files are read against: the synthetic province's at 2025-01, made
 * once (the command line passes the same one). */
static struct buf catalog = BUF_INIT((size_t)16 << 20);

static const char *builtin_catalog(void)
{
	if (!catalog.len && gen_catalog_json(month_from_ym(2025, 1), &catalog))
		fail_msg("out of memory making the catalogue");
	return buf_cstr(&catalog);
}

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
		int rc = vf_household_from_json(cases[i].json, strlen(cases[i].json), builtin_catalog(), &a,
		                                &h, &e);
		if (rc != ERR_INVAL || !strstr(e.en, cases[i].names))
			fail_msg("case %zu: rc %d, message \"%s\" should name %s", i, rc, e.en,
			         cases[i].names);
		arena_release(&a);
	}
}

/* a household of two in REGION (default 城西社区) whose head has the records given; extra is
 * written after the members */
static int two(const char *records, const char *extra, struct arena *a, struct vf_household *h,
               struct error *e)
{
	char json[4096];
	const char *region = strstr(extra, "region") ? "" : "\"region\": \"430181001001\", ";
	snprintf(
	    json, sizeof json,
	    "{%s\"members\": [{\"id\": \"430181198001011239\", \"relation\": \"01\", \"records\": {%s}}, "
	    "{\"id\": \"430181198203052223\", \"relation\": \"02\"}]%s}",
	    region, records, extra);
	error_clear(e);
	return vf_household_from_json(json, strlen(json), builtin_catalog(), a, h, e);
}

static void json_mistakes_are_errors(void **state)
{
	UNUSED(state);
	static const struct {
		const char *records, *extra, *names, *says;
	} cases[] = {
		/* income of someone outside the household would vanish */
		{ "\"43RS007\": [{\"身份证号\": \"110101199003071233\", \"申报年月\": \"2025-01\", \"月收入\": \"500.00\", "
		  "\"数据状态\": \"正常\"}]",
		  "", "members[1].records.43RS007[1].身份证号", "not the ID number of any member" },
		/* the spouse's income listed under the head */
		{ "\"43RS007\": [{\"身份证号\": \"430181198203052223\", \"申报年月\": \"2025-01\", \"月收入\": \"500.00\", "
		  "\"数据状态\": \"正常\"}]",
		  "", "members[1].records.43RS007[1].身份证号", "members[2]" },
		/* the amount the fact is made of is missing */
		{ "\"43RS007\": [{\"身份证号\": \"430181198001011239\", \"申报年月\": \"2025-01\", \"数据状态\": \"正常\"}]",
		  "", "members[1].records.43RS007[1].月收入", "is missing" },
		{ "\"43RS007\": [{\"申报年月\": \"2025-01\", \"月收入\": \"500.00\"}]", "",
		  "members[1].records.43RS007[1].身份证号", "is missing" },
		/* typos in text with allowed values */
		{ "\"43JY001\": [{\"学生身份证号\": \"430181198001011239\", \"学籍状态\": \"再读\"}]", "",
		  "members[1].records.43JY001[1].学籍状态", "is not an allowed value (在读/辍学)" },
		{ "\"43MZ006\": [{\"身份证号\": \"430181198001011239\", \"调查日期\": \"2025-03-01\", \"赡养能力\": \"有赡养能力\"}]",
		  "", "members[1].records.43MZ006[1].赡养能力", "有赡养能力人/无赡养能力人" },
		{ "\"43RS007\": [{\"身份证号\": \"430181198001011239\", \"申报年月\": \"2025-01\", \"月收入\": \"500.00\", "
		  "\"数据状态\": \"正 常\"}]",
		  "", "members[1].records.43RS007[1].数据状态", "is not an allowed value" },
		/* codes */
		{ "\"43CL001\": [{\"身份证号\": \"430181198001011239\", \"残疾类别\": \"4\", \"残疾等级\": \"5\", "
		  "\"发证日期\": \"2019-05-10\"}]",
		  "", "members[1].records.43CL001[1].残疾等级", "(1-4)" },
		{ "\"43CL001\": [{\"身份证号\": \"430181198001011239\", \"残疾类别\": \"肢体\", \"残疾等级\": \"2\", "
		  "\"发证日期\": \"2019-05-10\"}]",
		  "", "members[1].records.43CL001[1].残疾类别", "(1/2/3/4/5/6)" },
		/* an amount past what any sum can hold */
		{ "\"43RS007\": [{\"身份证号\": \"430181198001011239\", \"申报年月\": \"2025-01\", "
		  "\"月收入\": \"92233720368547758.07\", \"数据状态\": \"正常\"}]",
		  "", "members[1].records.43RS007[1].月收入", "too large" },
		/* a value of the wrong JSON type */
		{ "\"43JY001\": [{\"学生身份证号\": \"430181198001011239\", \"学籍状态\": true}]", "",
		  "members[1].records.43JY001[1].学籍状态", "must be text or a number" },
		/* urban/rural where the region's name does not tell */
		{ "", ", \"region\": \"430224500598\"", "urban", "is not given" },
		/* nothing after the object */
		{ "", "} {", "one JSON object only", "" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct arena a;
		arena_init(&a, 4096);
		struct vf_household h;
		struct error e;
		int rc = two(cases[i].records, cases[i].extra, &a, &h, &e);
		if (rc != ERR_INVAL || !strstr(e.en, cases[i].names) || !strstr(e.en, cases[i].says))
			fail_msg("case %zu: rc %d, message \"%s\" should name %s and say %s", i, rc, e.en,
			         cases[i].names, cases[i].says);
		arena_release(&a);
	}
	/* what is right is read: the member named as the receiver of maintenance (the payer outside
	 * the household), allowed values and codes; urban from a village's name, with a warning */
	struct arena a;
	arena_init(&a, 4096);
	struct vf_household h;
	struct error e;
	int rc = two(
	    "\"43FY001\": [{\"义务人身份证号\": \"110101199003071233\", \"权利人身份证号\": \"430181198001011239\", "
	    "\"月抚养费\": \"300.00\", \"判决日期\": \"2024-05-01\"}], "
	    "\"43CL001\": [{\"身份证号\": \"430181198001011239\", \"残疾类别\": \"4\", \"残疾等级\": \"2\", "
	    "\"发证日期\": \"2019-05-10\"}], "
	    "\"43JY001\": [{\"学生身份证号\": \"430181198001011239\", \"学籍状态\": \"在读\"}]",
	    ", \"region\": \"430181002204\"", &a, &h, &e);
	if (rc)
		fail_msg("%s", e.en);
	assert_int_equal(h.members[0].nfacts, 4);
	assert_string_equal(h.members[0].facts[0].kind, "maintenance_received");
	assert_int_equal(h.members[0].facts[0].amount, 30000);
	assert_int_equal(h.urban, 0);
	assert_int_equal(h.nwarnings, 1);
	assert_non_null(strstr(h.warnings[0], "urban is not given: read as rural"));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dictionary_is_ordered_and_found),
		cmocka_unit_test(timeline_by_month),
		cmocka_unit_test(json_refusals_name_the_field),
		cmocka_unit_test(json_mistakes_are_errors),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	buf_release(&catalog);
	return failed;
}
