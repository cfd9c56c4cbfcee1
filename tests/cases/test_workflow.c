/* test_workflow.c: the case workflow's table holds together (no state a case can reach is a dead
 * end, nothing leaves a final state, no step is declared twice, names parse back), due days count
 * working days across a public holiday, and the reserve fund stays between zero and its ceiling
 * whatever is asked of it, and every amount from outside has an upper bound. */
#include "testutil.h"

#include "base/buf.h"
#include "base/embedded.h"
#include "base/money.h"
#include "base/workcal.h"
#include "cases/cases_int.h"
#include "cases/case_repo.h"

static void policy_dir(char *out, size_t cap)
{
	const char *data = getenv("SAFETYNET_TEST_DATA");
	snprintf(out, cap, "%s/../../policy", data ? data : "tests/data");
}

static void test_table_holds_together(void **state)
{
	UNUSED(state);
	size_t n;
	const struct cs_transition *t = cs_transitions(&n);
	assert_true(n > 30);
	for (size_t i = 0; i < n; i++) {
		assert_false(cs_state_final(t[i].from));
		assert_true(t[i].roles != 0);
		for (size_t j = i + 1; j < n; j++)
			assert_false((t[i].schemes & t[j].schemes) && t[i].from == t[j].from &&
			             t[i].action == t[j].action &&
			             (!t[i].kind || !t[j].kind || !strcmp(t[i].kind, t[j].kind)));
	}
	/* every state a case of a scheme can reach is final or has a main step for someone */
	const char *kinds[CS_SCHEMES][2] = {
		{ "", NULL },       { "", NULL }, { "", NULL }, { "", NULL }, { "emergency", "expenditure" },
		{ "medical", NULL }
	};
	for (int sc = 0; sc < CS_SCHEMES; sc++)
		for (int k = 0; k < 2 && kinds[sc][k]; k++) {
			bool reach[CST_COUNT] = { [CST_ACCEPTED] = true };
			for (int pass = 0; pass < CST_COUNT; pass++)
				for (size_t i = 0; i < n; i++)
					if (reach[t[i].from] &&
					    cs_transition_find((enum cs_scheme)sc, kinds[sc][k], t[i].from,
					                       t[i].action) == &t[i])
						reach[t[i].to] = true;
			for (int st = 0; st < CST_COUNT; st++)
				if (reach[st] && !cs_state_final((enum cs_state)st))
					assert_true(cs_waiting_roles((enum cs_scheme)sc, kinds[sc][k],
					                             (enum cs_state)st) != 0);
		}
	/* the county approves and refuses applications; a caseworker never does */
	const struct cs_transition *approve = cs_transition_find(CS_DIBAO, "", CST_REVIEWED, CA_APPROVE);
	assert_non_null(approve);
	assert_false(approve->roles & CS_ROLE(SR_CASEWORKER));
	assert_true(approve->roles & CS_ROLE(SR_APPROVER));
	assert_null(cs_transition_find(CS_DIBAO, "", CST_ACCEPTED, CA_APPROVE)); /* no skipping */
	assert_null(cs_transition_find(CS_DIBAO, "", CST_ACCEPTED, CA_ADVANCE)); /* not a dibao step */
	assert_null(
	    cs_transition_find(CS_TEMP, "expenditure", CST_ACCEPTED, CA_ADVANCE)); /* emergencies only */
	for (int a = 0; a < CA_COUNT; a++) {
		enum cs_action back;
		assert_int_equal(cs_action_parse(cs_action_name((enum cs_action)a), &back), 0);
		assert_int_equal(back, a);
	}
	enum cs_state st;
	assert_int_equal(cs_state_parse("nonsense", &st), ERR_INVAL);
}

static void test_due_across_the_national_day(void **state)
{
	UNUSED(state);
	char dir[4096];
	policy_dir(dir, sizeof dir);
	struct cs_service *cs;
	struct error e;
	assert_int_equal(cs_open_service(dir, &cs, &e), 0);
	struct cs_db_case c;
	memset(&c, 0, sizeof c);
	snprintf(c.region, sizeof c.region, "430181001001");
	snprintf(c.opened_day, sizeof c.opened_day, "2025-09-30");
	date_t d;
	date_parse("2025-09-30", 10, &d);
	assert_int_equal(cs_due(cs, &c, CS_DIBAO, CST_ACCEPTED, d, &e), 0);
	assert_string_equal(c.due, "2025-10-11"); /* Oct 1-8 off, Sat the 11th a working day */
	struct cs_db_case late = c;
	late.state = CST_ACCEPTED;
	date_t day;
	date_parse("2025-10-11", 10, &day);
	assert_false(cs_overdue(&late, day));
	assert_true(cs_overdue(&late, day + 1));
	/* the notice: 7 calendar days from the posting, then 3 working days for the review */
	snprintf(c.notice_from, sizeof c.notice_from, "2025-11-25");
	date_parse("2025-11-25", 10, &d);
	snprintf(c.opened_day, sizeof c.opened_day, "2025-11-20");
	assert_int_equal(cs_due(cs, &c, CS_DIBAO, CST_NOTICE, d, &e), 0);
	assert_string_equal(c.due, "2025-12-05");
	/* the whole application within 30 working days of acceptance, whatever the step's due */
	date_parse("2025-12-30", 10, &d);
	assert_int_equal(cs_due(cs, &c, CS_DIBAO, CST_REVIEWED, d, &e), 0);
	assert_string_equal(c.due, "2026-01-04"); /* New Year off, Sunday the 4th a working day */
	/* a final state is due for nothing */
	assert_int_equal(cs_due(cs, &c, CS_DIBAO, CST_REFUSED, d, &e), 0);
	assert_string_equal(c.due, "");
	cs_close_service(cs);
}

static void test_fund_between_zero_and_the_ceiling(void **state)
{
	UNUSED(state);
	char dir[4096];
	policy_dir(dir, sizeof dir);
	struct cs_service *cs;
	struct store *s;
	struct error e;
	assert_int_equal(cs_open_service(dir, &cs, &e), 0);
	assert_int_equal(store_open_sqlite(":memory:", STORE_OPEN_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), 0);
	date_t d = date_from_ymd(2025, 6, 1);
	const char *t = "430181001";
	assert_int_equal(cs_fund_move(cs, s, t, d, "advance", -1, 0, "x", "", &e), ERR_INVAL);
	assert_string_equal(e.field, "amount");
	assert_int_equal(cs_fund_move(cs, s, t, d, "topup", 2000000, 0, "x", "", &e), 0);
	assert_int_equal(cs_fund_move(cs, s, t, d, "topup", 1, 0, "x", "", &e), ERR_INVAL);
	assert_int_equal(cs_fund_move(cs, s, t, d, "advance", -2000001, 0, "x", "", &e), ERR_INVAL);
	assert_int_equal(cs_fund_move(cs, s, t, d, "advance", -2000000, 0, "x", "", &e), 0);
	int64_t balance;
	assert_int_equal(cs_db_ledger_balance(s, t, &balance, &e), 0);
	assert_int_equal(balance, 0);
	/* the database refuses a negative balance even to a caller that skips the checks */
	struct cs_db_ledger_row r;
	memset(&r, 0, sizeof r);
	snprintf(r.township, sizeof r.township, "%s", t);
	snprintf(r.kind, sizeof r.kind, "advance");
	r.amount_fen = -1;
	r.balance_fen = -1;
	assert_int_not_equal(cs_db_ledger_add(s, &r, &e), 0);
	/* each township's fund is its own */
	assert_int_equal(cs_db_ledger_balance(s, "430181002", &balance, &e), 0);
	assert_int_equal(balance, 0);
	store_close(s);
	cs_close_service(cs);
}

static void test_amounts_bounded(void **state)
{
	UNUSED(state);
	char dir[4096];
	policy_dir(dir, sizeof dir);
	struct cs_service *cs;
	struct store *s;
	struct error e;
	assert_int_equal(cs_open_service(dir, &cs, &e), 0);
	assert_int_equal(store_open_sqlite(":memory:", STORE_OPEN_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), 0);
	/* an amount from outside: positive yuan up to MONEY_INPUT_MAX, too large said as such */
	int64_t fen;
	assert_int_equal(cs_parse_amount("1000000000.00", false, "amount", &fen, &e), 0);
	assert_int_equal(fen, MONEY_INPUT_MAX);
	assert_int_equal(cs_parse_amount("1000000000.01", false, "amount", &fen, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "too large: at most 1000000000.00 yuan"));
	assert_string_equal(e.field, "amount");
	assert_int_equal(cs_parse_amount("92233720368547758.07", false, "requested", &fen, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "too large"));
	assert_string_equal(e.field, "requested");
	assert_int_equal(cs_parse_amount("99999999999999999999", false, "amount", &fen, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "too large"));
	assert_int_equal(cs_parse_amount("-92233720368547758.08", false, "amount", &fen, &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "must be positive"));
	assert_int_equal(cs_parse_amount("0", false, "amount", &fen, &e), ERR_INVAL);
	assert_int_equal(cs_parse_amount("0", true, "amount", &fen, &e), 0);
	/* the fund's sum is checked, not left to overflow */
	date_t d = date_from_ymd(2025, 6, 1);
	const char *t = "430181001";
	assert_int_equal(cs_fund_move(cs, s, t, d, "topup", 100000, 0, "x", "", &e), 0);
	assert_int_equal(cs_fund_move(cs, s, t, d, "topup", INT64_MAX, 0, "x", "", &e), ERR_INVAL);
	assert_string_equal(e.field, "amount");
	assert_non_null(strstr(e.en, "too large"));
	assert_int_equal(cs_fund_move(cs, s, t, d, "advance", INT64_MIN, 0, "x", "", &e), ERR_INVAL);
	assert_non_null(strstr(e.en, "too large"));
	int64_t balance;
	assert_int_equal(cs_db_ledger_balance(s, t, &balance, &e), 0);
	assert_int_equal(balance, 100000);
	/* an approved amount: the verification's or less; more only as far as a dated parameter of
	 * the region allows (none in the default policy; 200 yuan in a test layer for 430121, a
	 * made-up figure that lives here, never in the defaults) */
	struct embedded_file def = embedded_policy_params();
	static const char layer[] = "\napprove_over_max\t430121\t2021-01-01\t200\tmoney\toverride\t"
	                            "测试用（不是真实政策）\t[test] up to 200 yuan above the verification\n";
	struct buf all = BUF_INIT(1 << 20);
	assert_int_equal(buf_add(&all, def.data, def.len) || buf_add(&all, layer, sizeof layer - 1), 0);
	params_release(&cs->ps);
	assert_int_equal(params_load_text(&cs->ps, buf_cstr(&all), all.len, &e), 0);
	buf_release(&all);
	struct cs_db_case c;
	memset(&c, 0, sizeof c);
	snprintf(c.region, sizeof c.region, "430181001001");
	c.verified_fen = 50000;
	c.amount_fen = 40000;
	assert_int_equal(cs_check_approved(cs, &c, d, &e), 0);
	c.amount_fen = 50000;
	assert_int_equal(cs_check_approved(cs, &c, d, &e), 0);
	c.amount_fen = 50001;
	assert_int_equal(cs_check_approved(cs, &c, d, &e), ERR_INVAL);
	assert_string_equal(e.field, "amount");
	assert_non_null(strstr(e.en, "above the verification's 500.00 yuan by more than the 0.00 yuan"));
	snprintf(c.region, sizeof c.region, "430121001001");
	c.amount_fen = 70000;
	assert_int_equal(cs_check_approved(cs, &c, d, &e), 0);
	c.amount_fen = 70001;
	assert_int_equal(cs_check_approved(cs, &c, d, &e), ERR_INVAL);
	/* before the parameter exists the policy says nothing: an error naming it, not a constant */
	assert_int_equal(cs_check_approved(cs, &c, date_from_ymd(2020, 12, 31), &e), ERR_NOTFOUND);
	assert_string_equal(e.field, "approve_over_max");
	c.amount_fen = INT64_MAX; /* never reached from outside, still refused */
	assert_int_equal(cs_check_approved(cs, &c, d, &e), ERR_INVAL);
	store_close(s);
	cs_close_service(cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_holds_together),
		cmocka_unit_test(test_due_across_the_national_day),
		cmocka_unit_test(test_fund_between_zero_and_the_ceiling),
		cmocka_unit_test(test_amounts_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
