/* test_rules.c: the rule language: a program compiles, types check, and evaluates to the right
 * outcome with its message and the parameters it read; errors point at the line and column and
 * say what was expected; arithmetic never overflows silently; no evaluation passes the cost
 * bound. */
#include "testutil.h"

#include "base/arena.h"
#include "base/mem.h"
#include "policy/rules.h"

static struct param_set ps;

static int setup(void **state)
{
	UNUSED(state);
	struct error e;
	return params_load_builtin(&ps, &e);
}

static int teardown(void **state)
{
	UNUSED(state);
	params_release(&ps);
	return 0;
}

static const char income_rules[] =
    "# the income test\n"
    "input 城乡 : text\n"
    "input 家庭人数 : int\n"
    "input 家庭月收入 : money\n"
    "let 标准 = if 城乡 == \"城市\" then param dibao_standard_urban\n"
    "          else param dibao_standard_rural\n"
    "let 人均收入 = if 家庭人数 > 0 then div(家庭月收入, 家庭人数, down) else 0元\n"
    "rule 收入低于标准\n"
    "  when 家庭人数 > 0 and 人均收入 < 标准\n"
    "  zh \"人均 {人均收入} 元，标准 {标准} 元\"\n"
    "  en \"{人均收入} a head against {标准}\"\n";

static bool run_income(const char *area, int64_t size, int64_t income_fen, const char *region, date_t date,
                       char *trace_out, size_t cap)
{
	struct rules *r;
	struct error e;
	assert_int_equal(rules_compile("income.rules", income_rules, strlen(income_rules), &ps, &r, &e), 0);
	struct param_snapshot snap;
	assert_int_equal(params_resolve(&ps, region, date, &snap, &e), 0);
	struct rv in[3] = { { RV_TEXT, 0, area, NULL },
		            { RV_INT, size, NULL, NULL },
		            { RV_MONEY, income_fen, NULL, NULL } };
	bool out[1];
	struct buf trace = BUF_INIT(1 << 16);
	assert_int_equal(rules_eval(r, in, &snap, out, &trace, &e), 0);
	if (trace_out)
		snprintf(trace_out, cap, "%s", buf_cstr(&trace));
	buf_release(&trace);
	params_snapshot_release(&snap);
	rules_free(r);
	return out[0];
}

static void income_test_decides_and_explains(void **state)
{
	UNUSED(state);
	date_t d2025 = date_from_ymd(2025, 6, 30), d2021 = date_from_ymd(2021, 6, 30);
	char trace[2048];
	/* 1500 yuan for 3 is 500 a head, under the 2025 urban guide of 740 */
	assert_true(run_income("城市", 3, 150000, "430181", d2025, trace, sizeof trace));
	assert_non_null(strstr(trace, "500.00 a head against 740.00"));
	assert_non_null(strstr(trace, "parameter dibao_standard_urban = 740.00"));
	/* exactly at the standard is not below it */
	assert_false(run_income("城市", 2, 148000, "430181", d2025, NULL, 0));
	/* the rural standard, and the 2021 figure before it rose */
	assert_true(run_income("农村", 1, 48400, "430181", d2025, NULL, 0));
	assert_false(run_income("农村", 1, 48400, "430181", d2021, NULL, 0));
	/* rounding down: 1000 fen over 3 is 333 fen a head */
	assert_true(run_income("城市", 3, 1000, "430181", d2025, trace, sizeof trace));
	assert_non_null(strstr(trace, "3.33 a head"));
	/* no members: the guards keep the division and the rule from going wrong */
	assert_false(run_income("城市", 0, 0, "430181", d2025, NULL, 0));
}

static void expect_error(const char *src, const char *where, const char *what)
{
	struct rules *r = NULL;
	struct error e;
	assert_int_not_equal(rules_compile("t.rules", src, strlen(src), &ps, &r, &e), 0);
	assert_null(r);
	if (!strstr(e.en, where) || !strstr(e.en, what))
		fail_msg("for [%s]: got [%s], want [%s] and [%s]", src, e.en, where, what);
}

static void errors_point_at_the_place(void **state)
{
	UNUSED(state);
	expect_error("input a : int\nrule r when a + 1元 > 0 zh \"x\" en \"y\"\n",
	             "t.rules:2:15:", "cannot add or subtract int and money");
	expect_error("input a : int\nlet b = a +\nrule r when b zh \"x\" en \"y\"\n",
	             "t.rules:3:1:", "expected a value here, not a keyword");
	expect_error("rule r when param nope > 1 zh \"x\" en \"y\"\n",
	             "t.rules:1:19:", "no such policy parameter");
	expect_error("input 收入 : money\nrule r when 收入 * param marginal_mult > 0元 zh \"x\" en \"y\"\n",
	             "t.rules:2:16:", "mul(money, ratio, rounding)");
	expect_error("input a : int\ninput a : int\nrule r when a > 1 zh \"x\" en \"y\"\n",
	             "t.rules:2:", "defined twice");
	expect_error("rule r when 1 zh \"x\" en \"y\"\n", "t.rules:1:13:", "must be bool, not int");
	expect_error("input a : int\nrule r when b > 1 zh \"x\" en \"y\"\n",
	             "t.rules:2:13:", "undefined name");
	expect_error("input a : colour\n", "t.rules:1:11:", "expected a type");
	expect_error("input a : int\nrule r when a > 1 zh \"{nope}\" en \"y\"\n",
	             "t.rules:2:", "names something undefined");
	expect_error("input a : int\nrule r when a > 1 zh \"x\n", "t.rules:2:", "in quotes");
	expect_error("input a : int\n", "t.rules:2:1:", "states no rule");
	expect_error("rule r when 2025-02-30 > 2025-01-01 zh \"x\" en \"y\"\n",
	             "t.rules:1:13:", "not understood");
	expect_error("input a : int\nrule r when (if a > 1 then 1 else 1元) > 0 zh \"x\" en \"y\"\n",
	             "t.rules:2:", "both branches");
	expect_error("input a : int\nrule r when div(a, 2, sideways) > 0 zh \"x\" en \"y\"\n",
	             "t.rules:2:23:", "half_up, down or up");
	/* deep nesting is refused, not a stack overflow */
	char deep[2000] = "rule r when ";
	size_t at = strlen(deep);
	for (int i = 0; i < 300; i++)
		deep[at++] = '(';
	deep[at] = '\0';
	expect_error(deep, "t.rules:1:", "nest too deep");
}

static void arithmetic_is_checked(void **state)
{
	UNUSED(state);
	const char *src = "input a : int\nlet b = a * a\nrule r when b > 0 zh \"{b}\" en \"{b}\"\n";
	struct rules *r;
	struct error e;
	assert_int_equal(rules_compile("t", src, strlen(src), &ps, &r, &e), 0);
	assert_int_equal(rules_cost(r), 8); /* 3 for b, 3 for the condition, 1 per message value */
	struct rv in[1] = { { RV_INT, INT64_MAX / 2, NULL, NULL } };
	bool out[1];
	assert_int_equal(rules_eval(r, in, NULL, out, NULL, &e), ERR_OVERFLOW);
	in[0].i = 1000;
	assert_int_equal(rules_eval(r, in, NULL, out, NULL, &e), 0);
	assert_true(out[0]);
	/* an input of the wrong type is refused by name */
	in[0].type = RV_MONEY;
	assert_int_equal(rules_eval(r, in, NULL, out, NULL, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "input a must be int, not money"));
	rules_free(r);
	/* a division by zero is an error, not a crash */
	src = "input a : money\nrule r when div(a, 0, up) > 0元 zh \"x\" en \"y\"\n";
	assert_int_equal(rules_compile("t", src, strlen(src), &ps, &r, &e), 0);
	in[0] = (struct rv){ RV_MONEY, 100, NULL, NULL };
	assert_int_equal(rules_eval(r, in, NULL, out, NULL, &e), ERR_INVAL);
	rules_free(r);
	/* money times a ratio, with the rounding asked: 485.00 x 1.5 */
	src =
	    "input a : money\nlet b = mul(a, 1.5, half_up)\nlet c = round_yuan(b, down)\n"
	    "rule r when b == 727.50元 and c == 727元 and max(b, c) == b and abs(-b) == b zh \"x\" en \"y\"\n";
	assert_int_equal(rules_compile("t", src, strlen(src), &ps, &r, &e), 0);
	in[0] = (struct rv){ RV_MONEY, 48500, NULL, NULL };
	assert_int_equal(rules_eval(r, in, NULL, out, NULL, &e), 0);
	assert_true(out[0]);
	rules_free(r);
	/* one_of: a value among choices; its value is counted once per choice in the cost */
	src = "input k : text\nrule r when one_of(k, \"奖学金\", \"优抚\", \"政府救助\") zh \"x\" en \"y\"\n";
	assert_int_equal(rules_compile("t", src, strlen(src), &ps, &r, &e), 0);
	assert_int_equal(rules_cost(r), 1 + 3 + 3 + 2 + 2);
	in[0] = (struct rv){ RV_TEXT, 0, "优抚", NULL };
	assert_int_equal(rules_eval(r, in, NULL, out, NULL, &e), 0);
	assert_true(out[0]);
	in[0].s = "工资";
	assert_int_equal(rules_eval(r, in, NULL, out, NULL, &e), 0);
	assert_false(out[0]);
	rules_free(r);
	/* dates: a period in days */
	src =
	    "input from : date\nlet days = 2025-03-01 - from\nrule r when days == 28 and from + 28 == 2025-03-01 "
	    "zh \"{days}\" en \"{days}\"\n";
	assert_int_equal(rules_compile("t", src, strlen(src), &ps, &r, &e), 0);
	in[0] = (struct rv){ RV_DATE, date_from_ymd(2025, 2, 1), NULL, NULL };
	assert_int_equal(rules_eval(r, in, NULL, out, NULL, &e), 0);
	assert_true(out[0]);
	rules_free(r);
}

static void members_and_their_incomes(void **state)
{
	UNUSED(state);
	const char *src =
	    "input 成员 : list of (年龄 : int, 重残 : bool,\n"
	    "  收入 : list of (月份 : date, 金额 : money) max 12) max 20\n"
	    "input 核对日 : date\n"
	    "let 起 = 核对日 - 365\n"
	    "let 人数 = count(m in 成员)\n"
	    "let 老人 = count(m in 成员 where m.年龄 >= 60)\n"
	    "let 年收入 = sum(m in 成员 : sum(x in m.收入 where x.月份 >= 起 : x.金额))\n"
	    "rule 有收入 when 年收入 > 0元 and 人数 == 2 and 老人 == 1 zh \"{年收入}\" en \"{年收入}\"\n"
	    "rule 有重残 when any(m in 成员 : m.重残) and not all(m in 成员 : m.重残) zh \"x\" en \"y\"\n"
	    "rule 最长 when max(m in 成员 : m.年龄) == 66 and min(m in 成员 : m.年龄) == 12 zh \"x\" en \"y\"\n";
	struct rules *r;
	struct error e;
	assert_int_equal(rules_compile("m.rules", src, strlen(src), &ps, &r, &e), 0);
	/* the cost counts each aggregate's inner part at its list's max */
	assert_true(rules_cost(r) > 20 * 12);
	const char *json =
	    "{\"核对日\": \"2025-06-30\", \"成员\": ["
	    "{\"年龄\": 66, \"重残\": false, \"收入\": [{\"月份\": \"2025-01-01\", \"金额\": \"3000.00\"},"
	    " {\"月份\": \"2024-01-01\", \"金额\": \"9999.00\"}]},"
	    "{\"年龄\": 12, \"重残\": true, \"收入\": []}]}";
	struct arena a;
	arena_init(&a, 0);
	struct rv *in;
	assert_int_equal(rules_inputs_from_json(r, json, &a, &in, &e), 0);
	bool out[3];
	struct buf trace = BUF_INIT(1 << 16);
	assert_int_equal(rules_eval(r, in, NULL, out, &trace, &e), 0);
	assert_true(out[0]); /* the income of 2024-01 is outside the 12 months */
	assert_non_null(strstr(buf_cstr(&trace), "3000.00"));
	assert_true(out[1]);
	assert_true(out[2]);
	assert_int_equal(rules_reason_code(r, out), 7); /* all three held */
	buf_release(&trace);
	/* inputs that do not fit are named */
	assert_int_equal(
	    rules_inputs_from_json(r, "{\"核对日\": \"2025-06-30\", \"成员\": [{\"年龄\": 1}]}", &a, &in, &e),
	    ERR_INVAL);
	assert_non_null(strstr(e.en, "成员[1].重残 is missing"));
	assert_int_equal(
	    rules_inputs_from_json(r,
	                           "{\"核对日\": \"2025-06-30\", \"成员\": [{\"年龄\": 1, \"重残\": "
	                           "true, \"收入\": [{\"月份\": \"2025-01-01\", \"金额\": 30.5}]}]}",
	                           &a, &in, &e),
	    ERR_INVAL);
	assert_non_null(strstr(e.en, "成员[1].收入[1].金额 must be an amount in yuan"));
	assert_int_equal(rules_inputs_from_json(r, "[1, 2]", &a, &in, &e), ERR_INVAL);
	/* min of nobody is an error for that household, not a made-up age */
	assert_int_equal(rules_inputs_from_json(r, "{\"核对日\": \"2025-06-30\", \"成员\": []}", &a, &in, &e),
	                 0);
	assert_int_equal(rules_eval(r, in, NULL, out, NULL, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "empty list"));
	arena_release(&a);
	rules_free(r);
	/* lists are checked where they are used */
	expect_error("input l : list of (a : int) max 5\nrule r when l == l zh \"x\" en \"y\"\n", "m",
	             "one type");
	expect_error(
	    "input l : list of (a : int) max 5\nrule r when count(m in l : m.a) > 0 zh \"x\" en \"y\"\n",
	    "t.rules:2:", "count counts");
	expect_error("input l : list of (a : int) max 5\nrule r when any(m in l : m.b) zh \"x\" en \"y\"\n",
	             "t.rules:2:", "no such field");
	expect_error("input l : list of (a : int) max 5000\n", "t.rules:1:", "from 1 to 1000");
	expect_error("input l : list of (a : int) max 5\nrule r when l zh \"{l}\" en \"y\"\n",
	             "t.rules:2:", "must be bool");
}

static void county_exceptions_layer_over_the_base(void **state)
{
	UNUSED(state);
	const char *base = "input x : int\nrule r when x > 10 zh \"base\" en \"base\"\n";
	const char *city = "exception r for 4301 \"city\" when x > 20 zh \"city\" en \"city\"\n";
	const char *county = "exception r for 430121 \"county\" when x > 30 zh \"county\" en \"county\"\n";
	const char *names[] = { "base.rules", "city.rules", "county.rules" };
	const char *texts[] = { base, city, county };
	size_t lens[] = { strlen(base), strlen(city), strlen(county) };
	struct rules *r;
	struct error e;
	assert_int_equal(rules_compile_layers(3, names, texts, lens, &ps, &r, &e), 0);
	struct rv in[1] = { { RV_INT, 25, NULL, NULL } };
	bool out[1];
	static const struct {
		const char *region;
		bool want;
		const char *says;
	} cases[] = { { "430181", true, "city" },    /* the city's exception: 25 > 20 */
		      { "430121", false, "county" }, /* the county's, more specific: 25 <= 30 */
		      { "4302", true, "base" },      /* another city: the base, 25 > 10 */
		      { "43", true, "base" } };
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct param_snapshot snap;
		assert_int_equal(params_resolve(&ps, cases[i].region, date_from_ymd(2025, 6, 30), &snap, &e),
		                 0);
		struct buf trace = BUF_INIT(1 << 16);
		assert_int_equal(rules_eval(r, in, &snap, out, &trace, &e), 0);
		assert_int_equal(out[0], cases[i].want);
		assert_non_null(strstr(buf_cstr(&trace), cases[i].says));
		buf_release(&trace);
		params_snapshot_release(&snap);
	}
	rules_free(r);
	/* two exceptions to one rule for one region both claim the last word: refused */
	const char *texts2[] = { base, county, county };
	size_t lens2[] = { strlen(base), strlen(county), strlen(county) };
	assert_int_equal(rules_compile_layers(3, names, texts2, lens2, &ps, &r, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "county.rules:1:"));
	assert_non_null(strstr(e.en, "both claim the last word"));
	/* an exception to nothing, or for a place that is not in Hunan */
	expect_error("exception r for 430121 \"x\" when true zh \"x\" en \"y\"\n",
	             "t.rules:1:11:", "no such base rule");
	expect_error(
	    "input x : int\nrule r when x > 1 zh \"x\" en \"y\"\nexception r for 110101 \"x\" when true zh \"x\" en "
	    "\"y\"\n",
	    "t.rules:3:17:", "not a Hunan region code");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(income_test_decides_and_explains),
		cmocka_unit_test(errors_point_at_the_place),
		cmocka_unit_test(arithmetic_is_checked),
		cmocka_unit_test(members_and_their_incomes),
		cmocka_unit_test(county_exceptions_layer_over_the_base),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
