/* pay_int.h: what the payment files share: the service's parameters, the gate and transaction of a
 * change (the account's through the access gate, or the operator's), and the ledger's accounts. */
#ifndef SAFETYNET_PAY_INT_H
#define SAFETYNET_PAY_INT_H

#include "pay/pay.h"
#include "policy/params.h"

struct pay_service {
	struct param_set ps;
	/* the snapshot last resolved (a payroll asks the same region and day for every line) */
	struct param_snapshot snap;
	bool have_snap;
};

/* A parameter in force for a region on a day; ERR_NOTFOUND naming it when the policy has none. */
int pay_param(struct pay_service *ps, const char *region, date_t day, const char *name, int64_t *out,
              struct error *e);

/* The start of a change: the gate (SA_PAY on region, for an account) and, when roles is not 0, the
 * account's role among them (else refused, audited); then the write transaction. step names the
 * audit entry (pay-STEP). End it with access_change_end(s, ch, rc, e). */
int pay_change_begin(struct store *s, const struct pay_actor *a, const char *region, const char *subject,
                     const char *step, unsigned roles, struct access_change *ch, struct error *e);
/* A read through the gate (audited), or the operator's. */
int pay_read_gate(struct store *s, const struct pay_actor *a, const char *region, const char *subject,
                  struct error *e);
/* The actor's name. */
const char *pay_actor_name(const struct pay_actor *a);

/* A payroll's lines summed by status: paid, failed (re-issued or stopped since included), pending,
 * held, and the total. */
int pay_totals_of(struct store *s, int64_t id, struct pay_return_report *r, struct error *e);

/* The bytes of an input file (its path, or the text given). */
struct buf;
int pay_input_read(const struct pay_input *in, struct buf *b, struct error *e);

/* the ledger's accounts (docs/PAYMENTS.md) */
#define PAY_ACC_EXPENSE "benefit-expense"  /* what the schemes cost */
#define PAY_ACC_PAYABLE "payable"          /* owed to the payees, sent to the banks */
#define PAY_ACC_BANK "treasury"            /* paid out through the banks */
#define PAY_ACC_SUSPENSE "failed-suspense" /* returned by a bank, to re-issue or stop */

#endif
