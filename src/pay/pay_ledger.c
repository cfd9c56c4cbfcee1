/* pay_ledger.c: the payments ledger's check. Every entry has a debit and a credit account of one
 * amount, so the ledger balances by construction; what is checked is that it says what the payrolls
 * say: for each payroll sent, the amount owed (payroll and re-issue entries) is its lines sent, the
 * payments are its paid lines, the failures its failed ones, and what is still owed its pending
 * ones, to the fen; and what awaits re-issue (the failed-suspense account) is the failed lines not
 * yet re-issued. The totals by month, scheme, region and account are given to the caller. */
#include "pay/pay_int.h"

struct ledger_check {
	struct store *s;
	struct error *e;
	int (*on_bad)(void *arg, const char *what);
	void *bad_arg;
	int64_t bad, failed_open;
};

static int differs(struct ledger_check *k, const char *what, int64_t id, int64_t ledger, int64_t lines)
{
	if (ledger == lines)
		return 0;
	k->bad++;
	char msg[256];
	snprintf(msg, sizeof msg,
	         "payroll %" PRId64 ": %s %" PRId64 " fen in the ledger, %" PRId64 " fen in its lines", id,
	         what, ledger, lines);
	return k->on_bad ? k->on_bad(k->bad_arg, msg) : 0;
}

static int on_payroll(void *arg, const struct pay_db_payroll *p)
{
	struct ledger_check *k = arg;
	struct pay_return_report r;
	struct pay_db_sums sums;
	int rc = pay_totals_of(k->s, p->id, &r, k->e);
	if (!rc)
		rc = pay_db_line_sums(k->s, p->id, &sums, k->e);
	if (rc)
		return rc;
	k->failed_open += sums.fen[3];
	bool sent = !strcmp(p->state, "sent") || !strcmp(p->state, "reconciled");
	int64_t dr = 0, cr = 0, dr2 = 0, cr2 = 0;
	if ((rc = pay_db_ledger_posted(k->s, p->id, "payroll", PAY_ACC_PAYABLE, &dr, &cr, k->e)) ||
	    (rc = pay_db_ledger_posted(k->s, p->id, "reissue", PAY_ACC_PAYABLE, &dr2, &cr2, k->e)))
		return rc;
	int64_t owed = cr + cr2;
	if ((rc = differs(k, "owed", p->id, owed, sent ? r.paid_fen + r.failed_fen + r.pending_fen : 0)))
		return rc;
	if ((rc = pay_db_ledger_posted(k->s, p->id, "payment", PAY_ACC_PAYABLE, &dr, &cr, k->e)) ||
	    (rc = differs(k, "paid", p->id, dr, r.paid_fen)))
		return rc;
	if ((rc = pay_db_ledger_posted(k->s, p->id, "failure", PAY_ACC_PAYABLE, &dr, &cr, k->e)) ||
	    (rc = differs(k, "failed", p->id, dr, r.failed_fen)))
		return rc;
	return 0;
}

int pay_ledger_check(struct store *s, const struct pay_actor *a,
                     int (*cb)(void *arg, const struct pay_db_ledger_total *t), void *arg,
                     int (*on_bad)(void *arg, const char *what), void *bad_arg, int64_t *bad, struct error *e)
{
	*bad = 0;
	int rc = pay_read_gate(s, a, a->u ? a->u->region : "43", "ledger", e);
	if (rc)
		return rc;
	struct ledger_check k = { s, e, on_bad, bad_arg, 0, 0 };
	if ((rc = store_begin_read(s, e)))
		return rc;
	rc = pay_db_payrolls_each(s, on_payroll, &k, e);
	int64_t suspense = 0;
	if (!rc)
		rc = pay_db_ledger_balance(s, PAY_ACC_SUSPENSE, &suspense, e);
	if (!rc && suspense != k.failed_open) {
		k.bad++;
		char msg[256];
		snprintf(msg, sizeof msg,
		         "failed-suspense holds %" PRId64 " fen, the failed lines awaiting re-issue %" PRId64
		         " fen",
		         suspense, k.failed_open);
		if (on_bad)
			rc = on_bad(bad_arg, msg);
	}
	if (!rc && cb)
		rc = pay_db_ledger_totals(s, cb, arg, e);
	store_rollback(s);
	*bad = k.bad;
	return rc;
}
