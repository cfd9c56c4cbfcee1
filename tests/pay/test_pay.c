/* test_pay.c: payments' arithmetic and checks that need no generated county: the Luhn check of
 * bank cards, an account number's form by the policy's dated lengths, and the ledger's check,
 * which finds a payroll whose entries do not say what its lines say; the ledger only grows. */
#include "testutil.h"

#include "base/mem.h"
#include "cases/case_repo.h"
#include "pay/pay_int.h"

static void test_luhn(void **state)
{
	UNUSED(state);
	assert_true(pay_luhn_ok("4111111111111111"));
	assert_true(pay_luhn_ok("79927398713"));
	assert_true(pay_luhn_ok("6217000000000000012"));
	assert_false(pay_luhn_ok("79927398710"));
	assert_false(pay_luhn_ok("6217000000000000013"));
	assert_false(pay_luhn_ok("62170000000000000a2"));
	assert_false(pay_luhn_ok(""));
	assert_false(pay_luhn_ok(NULL));
}

static void test_account_check(void **state)
{
	UNUSED(state);
	struct pay_service *ps;
	struct error e;
	assert_int_equal(pay_open_service(&ps, &e), 0);
	date_t day = date_from_ymd(2025, 12, 1);
	assert_int_equal(pay_account_check(ps, "430181001001", day, "bankcard", "6217000000000000012", &e),
	                 0);
	assert_int_equal(pay_account_check(ps, "430181001001", day, "bankcard", "6217000000000000013", &e),
	                 ERR_INVAL);
	assert_string_equal(e.field, "account");
	/* a passbook carries no check digit: its form only */
	assert_int_equal(pay_account_check(ps, "430181001001", day, "passbook", "6217000000000000013", &e),
	                 0);
	/* 12 to 19 digits (pay_account_min_digits, pay_account_max_digits) */
	assert_int_equal(pay_account_check(ps, "430181001001", day, "sscard", "12345678901", &e), ERR_INVAL);
	assert_int_equal(pay_account_check(ps, "430181001001", day, "sscard", "123456789012", &e), 0);
	assert_int_equal(pay_account_check(ps, "430181001001", day, "sscard", "12345678901234567890", &e),
	                 ERR_INVAL);
	assert_int_equal(pay_account_check(ps, "430181001001", day, "sscard", "1234-5678-9012", &e),
	                 ERR_INVAL);
	assert_int_equal(pay_account_check(ps, "430181001001", day, "sscard", "", &e), ERR_INVAL);
	assert_int_equal(pay_account_check(ps, "430181001001", day, "cash", "123456789012", &e), ERR_INVAL);
	assert_string_equal(e.field, "card_type");
	/* before the parameters are valid there is no value: an error naming it, never a default */
	assert_int_equal(
	    pay_account_check(ps, "430181001001", date_from_ymd(2020, 1, 1), "sscard", "123456789012", &e),
	    ERR_NOTFOUND);
	assert_non_null(strstr(e.en, "pay_account_min_digits"));
	pay_close_service(ps);
}

static int count_bad(void *arg, const char *what)
{
	UNUSED(what);
	(*(int *)arg)++;
	return 0;
}

static int64_t add_line(struct store *s, int64_t payroll, int64_t case_id, int64_t fen, const char *status)
{
	struct pay_db_line l;
	memset(&l, 0, sizeof l);
	l.payroll = payroll;
	l.case_id = case_id;
	snprintf(l.household, sizeof l.household, "43018100100100000");
	snprintf(l.region, sizeof l.region, "430181001001");
	snprintf(l.scheme, sizeof l.scheme, "dibao");
	snprintf(l.payee, sizeof l.payee, "430102199001011238");
	snprintf(l.account, sizeof l.account, "6217000000000000012");
	snprintf(l.bank, sizeof l.bank, "ICBC");
	snprintf(l.card_type, sizeof l.card_type, "bankcard");
	l.amount_fen = fen;
	snprintf(l.kind, sizeof l.kind, "monthly");
	snprintf(l.basis, sizeof l.basis, "test");
	snprintf(l.status, sizeof l.status, "%s", status);
	int64_t id = 0;
	struct error e;
	assert_int_equal(pay_db_line_add(s, &l, &id, &e), 0);
	return id;
}

static void post(struct store *s, const char *kind, const char *dr, const char *cr, int64_t fen,
                 int64_t payroll, int64_t line)
{
	struct pay_db_ledger_entry en = { "2025-12", kind, dr,      cr,   "dibao", "430181001",
		                          "test",    fen,  payroll, line, 0 };
	struct error e;
	assert_int_equal(pay_db_ledger_add(s, &en, &e), 0);
}

static void test_ledger_check(void **state)
{
	UNUSED(state);
	struct store *s;
	struct error e;
	assert_int_equal(store_open_sqlite(":memory:", STORE_OPEN_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), 0);
	struct cs_db_case c;
	memset(&c, 0, sizeof c);
	c.scheme = CS_DIBAO;
	c.state = CST_ACTIVE;
	snprintf(c.household, sizeof c.household, "43018100100100000");
	snprintf(c.region, sizeof c.region, "430181001001");
	int64_t case_id, payroll;
	assert_int_equal(cs_db_case_add(s, &c, &case_id, &e), 0);
	assert_int_equal(pay_db_payroll_add(s, "2025-12", "430181", "test", &payroll, &e), 0);
	assert_int_equal(pay_db_payroll_state(s, payroll, "sent", &e), 0);
	int64_t paid = add_line(s, payroll, case_id, 52000, "paid");
	int64_t failed = add_line(s, payroll, case_id, 131450, "failed");
	add_line(s, payroll, case_id, 30000, "held");
	post(s, "payroll", PAY_ACC_EXPENSE, PAY_ACC_PAYABLE, 52000, payroll, paid);
	post(s, "payroll", PAY_ACC_EXPENSE, PAY_ACC_PAYABLE, 131450, payroll, failed);
	post(s, "payment", PAY_ACC_PAYABLE, PAY_ACC_BANK, 52000, payroll, paid);
	post(s, "failure", PAY_ACC_PAYABLE, PAY_ACC_SUSPENSE, 131450, payroll, failed);
	struct pay_actor op = { NULL, "test" };
	int bad = 0;
	int64_t nbad = -1;
	assert_int_equal(pay_ledger_check(s, &op, NULL, NULL, count_bad, &bad, &nbad, &e), 0);
	assert_int_equal(nbad, 0);
	/* a payment the lines do not have: one fen too many */
	post(s, "payment", PAY_ACC_PAYABLE, PAY_ACC_BANK, 1, payroll, paid);
	assert_int_equal(pay_ledger_check(s, &op, NULL, NULL, count_bad, &bad, &nbad, &e), 0);
	assert_int_equal(nbad, 1);
	assert_int_equal(bad, 1);
	/* the ledger only grows, and an entry has two sides of a positive amount */
	assert_int_not_equal(store_exec(s, "UPDATE pay_ledger SET amount_fen = 2", &e), 0);
	assert_int_not_equal(store_exec(s, "DELETE FROM pay_ledger", &e), 0);
	struct pay_db_ledger_entry one_sided = { "2025-12",    "payment", PAY_ACC_BANK,
		                                 PAY_ACC_BANK, "dibao",   "430181001",
		                                 "test",       5,         payroll,
		                                 paid,         0 };
	assert_int_not_equal(pay_db_ledger_add(s, &one_sided, &e), 0);
	struct pay_db_ledger_entry zero = { "2025-12",    "payment", PAY_ACC_PAYABLE,
		                            PAY_ACC_BANK, "dibao",   "430181001",
		                            "test",       0,         payroll,
		                            paid,         0 };
	assert_int_not_equal(pay_db_ledger_add(s, &zero, &e), 0);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_luhn),
		cmocka_unit_test(test_account_check),
		cmocka_unit_test(test_ledger_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
