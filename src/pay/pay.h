/* pay.h: payments (资金发放, issue 20; docs/PAYMENTS.md): the roll a county carries over from the
 * system it used before, payees and their accounts, the monthly payroll of active cases frozen with
 * the provenance of each amount, the checks before money moves, the approval by civil affairs and
 * finance, the banks' batch files and return files, and an append-only double-entry ledger. Every
 * change passes the access gate (SA_PAY) and commits with its audit entry; a refusal is audited. */
#ifndef SAFETYNET_PAY_H
#define SAFETYNET_PAY_H

#include "base/date.h"
#include "base/error.h"
#include "access/access.h"
#include "pay/pay_repo.h"

struct pay_service; /* the policy parameters, loaded once */
int pay_open_service(struct pay_service **out, struct error *e);
void pay_close_service(struct pay_service *ps);

/* Who acts: an account through the gate (u), or the data folder's operator (op) when u is NULL. */
struct pay_actor {
	const struct access_user *u;
	const char *op;
};

/* ---- accounts (pay_account.c) ---- */

/* Does a string of digits pass the Luhn (mod 10) check of bank cards? */
bool pay_luhn_ok(const char *digits);
/* An account number for a card type (sscard, bankcard, passbook): digits only, between
 * pay_account_min_digits and pay_account_max_digits long, and for a bank card the Luhn check.
 * 0, or ERR_INVAL saying what is wrong (field "account" or "card_type"). */
int pay_account_check(struct pay_service *ps, const char *region, date_t day, const char *card_type,
                      const char *account, struct error *e);

/* ---- the roll (pay_roll.c) ---- */

struct pay_roll_report {
	int64_t rows, added, already, rejected;
};
/* Imports a roll file (docs/PAYMENTS.md: UTF-8 or GB18030, a header): every row checked, each
 * broken one given to on_reject with its line, field and reason; any reject and nothing is
 * imported (ERR_INVAL). Otherwise one transaction adds the new cases (active, through cases/) with
 * their payee and account, and skips a household and scheme already on the roll (the same file
 * twice adds nothing). */
struct pay_input {
	const char *path; /* a file, or */
	const char *text; /* the file's bytes (path NULL) */
	size_t len;
};
int pay_roll_import(struct pay_service *ps, struct store *s, const struct pay_actor *a,
                    const struct pay_input *in, date_t today,
                    int (*on_reject)(void *arg, uint64_t line, const char *field, const char *reason),
                    void *arg, struct pay_roll_report *r, struct error *e);

/* ---- the payroll (pay_payroll.c) ---- */

struct pay_totals {
	int64_t lines, total_fen, held, held_fen, reissued, reissued_fen;
};
/* Builds month's payroll for region (a county's code): one frozen line per payable case, and a
 * re-issue line per failed line of an earlier payroll. Refused (ERR_EXISTS) when built already. */
int pay_payroll_build(struct pay_service *ps, struct store *s, const struct pay_actor *a, const char *region,
                      month_t month, int64_t *id, struct pay_totals *t, struct error *e);
/* Runs the checks on a draft payroll: blocking ones hold their line; the payroll is then checked. */
struct pay_check_report {
	int64_t blocking, listed;
};
int pay_payroll_check(struct pay_service *ps, struct store *s, const struct pay_actor *a, int64_t id,
                      struct pay_check_report *r, struct error *e);
/* The approval: the first by civil affairs (a county approver), the second by finance (a finance
 * officer, not the person who gave the first). Refused (and audited) when approved twice, by one
 * person in both roles, before the checks or after it was sent. */
int pay_payroll_approve(struct pay_service *ps, struct store *s, const struct access_user *u, int64_t id,
                        struct error *e);
/* Writes one batch file per bank into dir (NULL: the data folder's bank-files/) as GB18030 CSV
 * with a header, a trailer and its SHA-256, each written to a temporary file and renamed; the
 * payroll is then sent. Only for a payroll approved twice. */
int pay_bank_write(struct pay_service *ps, struct store *s, const struct access_user *u, int64_t id,
                   const char *dir, int (*on_file)(void *arg, const struct pay_db_bank_file *f), void *arg,
                   struct error *e);
/* Imports a bank's return file for a sent payroll: every row checked (the line is the payroll's,
 * sent, not returned before; paid or failed with a reason; the amount the line's), the trailer's
 * count and total matched; any reject and nothing is imported. The payroll is reconciled once no
 * line is pending. */
struct pay_return_report {
	int64_t paid, paid_fen, failed, failed_fen, pending, pending_fen, held, held_fen, total_fen;
};
int pay_return_import(struct pay_service *ps, struct store *s, const struct access_user *u, int64_t id,
                      const struct pay_input *in,
                      int (*on_reject)(void *arg, uint64_t line, const char *field, const char *reason),
                      void *arg, struct pay_return_report *r, struct error *e);
/* A payroll, its lines and their checks (through the gate). */
struct pay_view {
	int (*on_payroll)(void *arg, const struct pay_db_payroll *p, const struct pay_return_report *r);
	int (*on_line)(void *arg, const struct pay_db_line *l);
	int (*on_check)(void *arg, const struct pay_db_check *c);
	void *arg;
};
int pay_payroll_show(struct store *s, const struct pay_actor *a, int64_t id, const struct pay_view *v,
                     struct error *e);

/* ---- the ledger (pay_ledger.c) ---- */

/* Checks the ledger: every payroll's lines against its entries (the total posted, paid, failed and
 * pending to the fen), and the totals by month, scheme and region given to cb. *bad gets the count
 * of differences found (each given to on_bad). */
int pay_ledger_check(struct store *s, const struct pay_actor *a,
                     int (*cb)(void *arg, const struct pay_db_ledger_total *t), void *arg,
                     int (*on_bad)(void *arg, const char *what), void *bad_arg, int64_t *bad,
                     struct error *e);

#endif
