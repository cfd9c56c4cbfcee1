/* pay_account.c: a payee's account number: digits only, of a length the policy allows
 * (pay_account_min_digits .. pay_account_max_digits), and for a bank card the Luhn check digit
 * (ISO/IEC 7812) the issuing banks use. A social-security card's financial account and a passbook
 * carry no check digit anyone can verify, so only their form is checked. */
#include "pay/pay_int.h"

bool pay_luhn_ok(const char *digits)
{
	size_t n = digits ? strlen(digits) : 0;
	if (n < 2 || strspn(digits, "0123456789") != n)
		return false;
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int d = digits[n - 1 - i] - '0';
		if (i % 2 == 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

static bool card_type_known(const char *t)
{
	return t && (!strcmp(t, "sscard") || !strcmp(t, "bankcard") || !strcmp(t, "passbook"));
}

int pay_account_check(struct pay_service *ps, const char *region, date_t day, const char *card_type,
                      const char *account, struct error *e)
{
	if (!card_type_known(card_type)) {
		error_set(e, ERR_INVAL, "卡折类型“%s”无法识别（应为 sscard、bankcard 或 passbook）",
		          "unknown card type %s (sscard, bankcard or passbook)", card_type ? card_type : "");
		error_field(e, "card_type");
		return ERR_INVAL;
	}
	int64_t lo, hi;
	int rc = pay_param(ps, region, day, "pay_account_min_digits", &lo, e);
	if (!rc)
		rc = pay_param(ps, region, day, "pay_account_max_digits", &hi, e);
	if (rc)
		return rc;
	size_t n = account ? strlen(account) : 0;
	if (!n) {
		error_set(e, ERR_INVAL, "缺少账号", "the account number is missing");
	} else if (strspn(account, "0123456789") != n) {
		error_set(e, ERR_INVAL, "账号只能是数字", "an account number is digits only");
	} else if ((int64_t)n < lo || (int64_t)n > hi) {
		error_set(e, ERR_INVAL, "账号应为 %" PRId64 " 到 %" PRId64 " 位数字，这里是 %zu 位",
		          "an account number has %" PRId64 " to %" PRId64 " digits, this one %zu", lo, hi, n);
	} else if (!strcmp(card_type, "bankcard") && !pay_luhn_ok(account)) {
		error_set(e, ERR_INVAL, "银行卡号校验位不符", "the bank card number's check digit is wrong");
	} else {
		return 0;
	}
	error_field(e, "account");
	return ERR_INVAL;
}
