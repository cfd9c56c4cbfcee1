/* pay_repo.h: payments' repository (pay_repo.c), the only SQL of pay/: the roll, accounts,
 * payrolls and their lines, checks, bank files, returns and the ledger. */
#ifndef SAFETYNET_PAY_REPO_H
#define SAFETYNET_PAY_REPO_H

#include "store/store.h"

struct pay_db_roll {
	const char *household, *scheme, *start_month, *members, *file_sha256, *by;
	int64_t case_id, line;
};
/* Is the household on the roll for the scheme already? */
int pay_db_roll_has(struct store *s, const char *household, const char *scheme, bool *yes, struct error *e);
int pay_db_roll_add(struct store *s, const struct pay_db_roll *r, struct error *e);

/* A payee's account as recorded (history kept: the latest valid on a day is current). */
struct pay_db_account {
	int64_t case_id;
	char household[18], payee[19], account[40], bank[16], card_type[16], valid_from[11];
	char changed_by[64], reason[128];
};
int pay_db_account_add(struct store *s, const struct pay_db_account *a, struct error *e);
/* The account of a case valid on day (the latest entry from on or before it): 1 found, 0 none. */
int pay_db_account_current(struct store *s, int64_t case_id, const char *day, struct pay_db_account *out,
                           struct error *e);
/* How many households an account number is recorded for. */
int pay_db_account_households(struct store *s, const char *account, int64_t *n, struct error *e);

struct pay_db_payroll {
	int64_t id;
	char month[8], region[13], state[16], built_by[64], built_at[24];
	char approved1_by[64], approved1_person[128], approved2_by[64], sent_at[24];
};
int pay_db_payroll_add(struct store *s, const char *month, const char *region, const char *by, int64_t *id,
                       struct error *e);
/* 1 found, 0 not. */
int pay_db_payroll_get(struct store *s, int64_t id, struct pay_db_payroll *out, struct error *e);
/* The payroll of a month and region: its id, 0 none. */
int pay_db_payroll_of(struct store *s, const char *month, const char *region, int64_t *id, struct error *e);
int pay_db_payroll_state(struct store *s, int64_t id, const char *state, struct error *e);
/* The first (step 1) or second approval recorded, and the state it leads to. */
int pay_db_payroll_approved(struct store *s, int64_t id, int step, const char *by, const char *person,
                            struct error *e);
int pay_db_payroll_sent(struct store *s, int64_t id, struct error *e);

/* A frozen line: what is paid to whom, and where its amount came from. */
struct pay_db_line {
	int64_t id, payroll, case_id;
	char household[18], region[13], scheme[12], payee[19], account[40], bank[16], card_type[16];
	int64_t amount_fen;
	char kind[10]; /* monthly, reissue */
	int64_t reissue_of, verification;
	char basis[64];
	char status[10]; /* pending, held, paid, failed, reissued, stopped */
	char reason[64];
	char month[8]; /* the payroll's (read only) */
};
int pay_db_line_add(struct store *s, const struct pay_db_line *l, int64_t *id, struct error *e);
/* A payroll's lines in id order. */
int pay_db_lines_each(struct store *s, int64_t payroll, int (*cb)(void *arg, const struct pay_db_line *l),
                      void *arg, struct error *e);
/* 1 found, 0 not. */
int pay_db_line_get(struct store *s, int64_t id, struct pay_db_line *out, struct error *e);
int pay_db_line_status(struct store *s, int64_t id, const char *status, const char *reason, struct error *e);
/* The monthly amount a case was paid in a month's payroll of region (its monthly line): 1 found,
 * 0 none. */
int pay_db_case_amount_in(struct store *s, int64_t case_id, const char *month, int64_t *amount,
                          struct error *e);
/* Failed lines of region's payrolls before month, not yet re-issued nor stopped. */
int pay_db_failed_each(struct store *s, const char *region, const char *month,
                       int (*cb)(void *arg, const struct pay_db_line *l), void *arg, struct error *e);
/* Sums of a payroll's lines by status. */
struct pay_db_sums {
	int64_t n[6], fen[6]; /* pending, held, paid, failed, reissued, stopped */
};
int pay_db_line_sums(struct store *s, int64_t payroll, struct pay_db_sums *out, struct error *e);
int pay_db_status_index(const char *status);

struct pay_db_check {
	int64_t id, payroll, line;
	char rule[24];
	bool blocking;
	char evidence[512];
};
int pay_db_check_add(struct store *s, const struct pay_db_check *c, struct error *e);
int pay_db_checks_each(struct store *s, int64_t payroll, int (*cb)(void *arg, const struct pay_db_check *c),
                       void *arg, struct error *e);

struct pay_db_bank_file {
	int64_t payroll;
	char bank[16], path[4096], sha256[65], by[64];
	int64_t count, total_fen;
};
int pay_db_bank_file_add(struct store *s, const struct pay_db_bank_file *f, struct error *e);

int pay_db_return_add(struct store *s, int64_t line, int64_t payroll, const char *outcome, const char *reason,
                      const char *sha256, const char *by, struct error *e);
/* Has the line a return already? */
int pay_db_return_has(struct store *s, int64_t line, bool *yes, struct error *e);

struct pay_db_ledger_entry {
	const char *month, *kind, *debit, *credit, *scheme, *region, *actor;
	int64_t amount_fen, payroll, line, case_id; /* 0: none */
};
int pay_db_ledger_add(struct store *s, const struct pay_db_ledger_entry *en, struct error *e);
/* Totals by month, scheme, region and account: debits and credits. */
struct pay_db_ledger_total {
	char month[8], scheme[12], region[13], account[24];
	int64_t debit_fen, credit_fen;
};
int pay_db_ledger_totals(struct store *s, int (*cb)(void *arg, const struct pay_db_ledger_total *t),
                         void *arg, struct error *e);
/* A payroll's entries on an account by kind: the sum debited and credited. */
int pay_db_ledger_posted(struct store *s, int64_t payroll, const char *kind, const char *account,
                         int64_t *debit, int64_t *credit, struct error *e);
/* An account's balance over the whole ledger (credits minus debits). */
int pay_db_ledger_balance(struct store *s, const char *account, int64_t *balance, struct error *e);
/* Every payroll, in id order. */
int pay_db_payrolls_each(struct store *s, int (*cb)(void *arg, const struct pay_db_payroll *p), void *arg,
                         struct error *e);

#endif
