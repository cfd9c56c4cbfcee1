/* case_roll.c: a case carried over from the system a county used before (the roll that payments
 * imports, docs/PAYMENTS.md): it enters the workflow as active, with its monthly amount, the day it
 * was approved there and its next review, and one event recording where it came from. */
#include "base/money.h"
#include "cases/cases_int.h"
#include "cases/case_repo.h"

int cs_roll_add(struct cs_service *cs, struct store *s, const struct cs_roll_case *in, int64_t *id,
                struct error *e)
{
	if (!store_in_write_transaction(s))
		return error_set(e, ERR_INVAL, "导入的案件须在事务内写入",
		                 "an imported case is written inside a transaction");
	if (in->scheme != CS_DIBAO && in->scheme != CS_TEKUN && in->scheme != CS_MARGINAL)
		return error_set(e, ERR_INVAL, "只能导入低保、特困、低保边缘的在保案件",
		                 "only dibao, tekun and marginal cases can be imported");
	if (in->amount_fen <= 0 || in->amount_fen > MONEY_INPUT_MAX)
		return error_set(e, ERR_INVAL, "月发放金额须大于 0", "the monthly amount must be above 0");
	struct cs_db_case c;
	memset(&c, 0, sizeof c);
	c.scheme = in->scheme;
	snprintf(c.household, sizeof c.household, "%s", in->household);
	snprintf(c.region, sizeof c.region, "%.12s", in->household);
	snprintf(c.applicant, sizeof c.applicant, "%s", in->applicant);
	snprintf(c.reason, sizeof c.reason, "%s", "roll import");
	snprintf(c.documents, sizeof c.documents, "%s", "application,authorisation");
	c.state = CST_ACTIVE;
	/* approved the day before its first month: paid from the month after approval */
	date_t approved = month_first_day(in->start_month) - 1;
	date_format(approved, c.state_day);
	date_format(approved, c.opened_day);
	c.amount_fen = in->amount_fen;
	c.verified_fen = in->amount_fen;
	snprintf(c.decision, sizeof c.decision, "%s", cs_scheme_name(in->scheme));
	int64_t months = 0;
	int rc = cs_param(cs, c.region, in->today, "review_months_stable", &months, e);
	if (rc)
		return rc;
	c.review_months = (int)months;
	/* the next review: the first one due, counted from approval, not before today */
	date_t next = date_add_months(approved, (int)months);
	for (int k = 2; next < in->today && k < 1200; k++)
		next = date_add_months(approved, (int)months * k);
	date_format(next, c.next_review);
	snprintf(c.due, sizeof c.due, "%s", c.next_review);
	snprintf(c.created_by, sizeof c.created_by, "%s", in->actor);
	if ((rc = cs_db_case_add(s, &c, id, e)))
		return rc;
	struct cs_db_case_event ev;
	memset(&ev, 0, sizeof ev);
	ev.case_id = *id;
	date_format(approved, ev.day); /* the day it was approved in the system it came from */
	snprintf(ev.actor, sizeof ev.actor, "%s", in->actor);
	snprintf(ev.role, sizeof ev.role, "%s", in->role);
	snprintf(ev.action, sizeof ev.action, "%s", "import");
	snprintf(ev.from, sizeof ev.from, "%s", "");
	snprintf(ev.to, sizeof ev.to, "%s", cs_state_name(CST_ACTIVE));
	snprintf(ev.detail, sizeof ev.detail, "[{\"code\":\"imported\",\"line\":%" PRId64 "}]", in->line);
	ev.amount_fen = in->amount_fen;
	return cs_db_case_event_add(s, &ev, e);
}
