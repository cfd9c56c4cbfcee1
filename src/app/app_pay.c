/* app_pay.c: payments as use cases the command line and the API both call (docs/PAYMENTS.md): the
 * roll's import, the payroll's build, checks and approvals, the bank files, the return file, a
 * payroll as it stands and the ledger's check. pay/ passes the access gate and commits each change
 * with its audit entry (pay_service.c); a refusal is audited. */
#include "app/app.h"

int app_pay_service(struct pay_service **ps, struct error *e)
{
	return pay_open_service(ps, e);
}

void app_pay_service_close(struct pay_service *ps)
{
	pay_close_service(ps);
}

int app_pay_roll_import(struct pay_service *ps, struct store *s, const struct pay_actor *a,
                        const struct pay_input *in, date_t today,
                        int (*on_reject)(void *arg, uint64_t line, const char *field, const char *reason),
                        void *arg, struct pay_roll_report *r, struct error *e)
{
	return pay_roll_import(ps, s, a, in, today, on_reject, arg, r, e);
}

int app_pay_build(struct pay_service *ps, struct store *s, const struct pay_actor *a, const char *region,
                  month_t month, int64_t *id, struct pay_totals *t, struct error *e)
{
	return pay_payroll_build(ps, s, a, region, month, id, t, e);
}

int app_pay_check(struct pay_service *ps, struct store *s, const struct pay_actor *a, int64_t id,
                  struct pay_check_report *r, struct error *e)
{
	return pay_payroll_check(ps, s, a, id, r, e);
}

int app_pay_approve(struct pay_service *ps, struct store *s, const struct access_user *u, int64_t id,
                    struct error *e)
{
	return pay_payroll_approve(ps, s, u, id, e);
}

int app_pay_bank_write(struct pay_service *ps, struct store *s, const struct access_user *u, int64_t id,
                       const char *dir, int (*on_file)(void *arg, const struct pay_db_bank_file *f),
                       void *arg, struct error *e)
{
	return pay_bank_write(ps, s, u, id, dir, on_file, arg, e);
}

int app_pay_return_import(struct pay_service *ps, struct store *s, const struct access_user *u, int64_t id,
                          const struct pay_input *in,
                          int (*on_reject)(void *arg, uint64_t line, const char *field, const char *reason),
                          void *arg, struct pay_return_report *r, struct error *e)
{
	return pay_return_import(ps, s, u, id, in, on_reject, arg, r, e);
}

int app_pay_show(struct store *s, const struct pay_actor *a, int64_t id, const struct pay_view *v,
                 struct error *e)
{
	return pay_payroll_show(s, a, id, v, e);
}

int app_pay_ledger_check(struct store *s, const struct pay_actor *a,
                         int (*cb)(void *arg, const struct pay_db_ledger_total *t), void *arg,
                         int (*on_bad)(void *arg, const char *what), void *bad_arg, int64_t *bad,
                         struct error *e)
{
	return pay_ledger_check(s, a, cb, arg, on_bad, bad_arg, bad, e);
}
