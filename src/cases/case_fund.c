/* case_fund.c: the township reserve fund (备用金, DOMAIN.md §5): a ledger per township whose balance
 * never goes below zero nor above the ceiling (reserve_fund_max: 20,000 yuan in Hunan). The
 * county tops it up; an emergency's aid is advanced from it at once; the county settles the
 * advance back when the paperwork is done. Every entry carries the balance after it. */
#include "base/money.h"
#include "base/region.h"
#include "cases/cases_int.h"
#include "cases/case_repo.h"

static int township_ok(const char *township, struct error *e)
{
	size_t n = township ? strlen(township) : 0;
	if (n != 9 || strspn(township, "0123456789") != 9 || !region_lookup(township, 9)) {
		error_set(e, ERR_INVAL, "“%s”不是乡镇（街道）的 9 位区划代码",
		          "%s is not a township's 9-digit code", township ? township : "");
		error_field(e, "township");
		return ERR_INVAL;
	}
	return 0;
}

int cs_fund_move(struct cs_service *cs, struct store *s, const char *township, date_t day, const char *kind,
                 int64_t amount_fen, int64_t case_id, const char *actor, const char *note, struct error *e)
{
	int64_t balance = 0, ceiling = 0;
	int rc = cs_param(cs, township, day, "reserve_fund_max", &ceiling, e);
	if (!rc)
		rc = cs_db_ledger_balance(s, township, &balance, e);
	if (rc)
		return rc;
	char have[MONEY_STR_SIZE], move[MONEY_STR_SIZE], max[MONEY_STR_SIZE];
	int64_t after;
	if (amount_fen == INT64_MIN || money_add(balance, amount_fen, &after)) { /* callers bound amounts */
		error_set(e, ERR_INVAL, "金额过大", "the amount is too large");
		error_field(e, "amount");
		return ERR_INVAL;
	}
	money_format(balance, have);
	money_format(amount_fen < 0 ? -amount_fen : amount_fen, move);
	money_format(ceiling, max);
	if (after < 0) {
		error_set(
		    e, ERR_INVAL, "备用金余额 %s 元，不足支付 %s 元：请报县级审批或先补充备用金",
		    "the reserve fund holds %s yuan, not enough for %s yuan: ask the county or top the fund up first",
		    have, move);
		error_field(e, "amount");
		return ERR_INVAL;
	}
	if (after > ceiling) {
		error_set(e, ERR_INVAL, "备用金余额 %s 元，再存入 %s 元将超过上限 %s 元",
		          "the reserve fund holds %s yuan: %s yuan more would pass its ceiling of %s yuan",
		          have, move, max);
		error_field(e, "amount");
		return ERR_INVAL;
	}
	struct cs_db_ledger_row r;
	memset(&r, 0, sizeof r);
	snprintf(r.township, sizeof r.township, "%s", township);
	date_format(day, r.day);
	snprintf(r.kind, sizeof r.kind, "%s", kind);
	r.amount_fen = amount_fen;
	r.balance_fen = after;
	r.case_id = case_id;
	snprintf(r.actor, sizeof r.actor, "%s", actor);
	snprintf(r.note, sizeof r.note, "%s", note ? note : "");
	return cs_db_ledger_add(s, &r, e);
}

int cs_fund_balance(struct cs_service *cs, struct store *s, const struct access_user *u, const char *township,
                    int64_t *balance, int64_t *ceiling, struct error *e)
{
	int rc = township_ok(township, e);
	if (!rc)
		rc = access_gate_step(s, u, township, township, "fund-read", NULL, e);
	if (!rc)
		rc = cs_db_ledger_balance(s, township, balance, e);
	if (!rc)
		rc = cs_param(cs, township, date_today(), "reserve_fund_max", ceiling, e);
	return rc;
}

int cs_fund_history(struct store *s, const struct access_user *u, const char *township,
                    int (*cb)(void *arg, const struct cs_db_ledger_row *r), void *arg, struct error *e)
{
	int rc = township_ok(township, e);
	if (!rc)
		rc = access_gate_step(s, u, township, township, "fund-history", NULL, e);
	return rc ? rc : cs_db_ledger_each(s, township, cb, arg, e);
}

int cs_fund_topup(struct cs_service *cs, struct store *s, const struct access_user *u, const char *township,
                  const char *amount, const char *day, const char *note, struct error *e)
{
	int rc = township_ok(township, e);
	if (rc)
		return rc;
	/* the county tops the fund up: a township's own staff may not */
	struct error refusal;
	error_clear(&refusal);
	bool county = u->role == SR_REVIEWER || u->role == SR_APPROVER;
	if (!county)
		error_set(&refusal, ERR_PERM, "备用金由县级民政部门（县级审核或审批人员）补充",
		          "the county (a county reviewer or approver) tops the reserve fund up");
	struct access_change ch;
	if ((rc = access_change_gate_step(s, u, township, township, "fund-topup", county ? NULL : &refusal,
	                                  &ch, e)))
		return rc;
	int64_t fen;
	date_t d;
	if ((rc = cs_parse_amount(amount, false, "amount", &fen, e)) ||
	    (rc = cs_parse_day(day, NULL, "day", &d, e)) || (rc = store_begin(s, e)))
		return access_change_refused(s, &ch, rc, e);
	rc = cs_fund_move(cs, s, township, d, "topup", fen, 0, u->name, note, e);
	return access_change_end(s, &ch, rc, e);
}
