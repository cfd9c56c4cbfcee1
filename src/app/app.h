/* app.h: the use cases, one function each, that the command line (cmd/) and the HTTP server
 * (server/) both call: each owns its transaction and its audit entry (through the access gate,
 * access/, where personal data is read or changed) and composes the services below it (hub/,
 * link/, verify/, cases/). cmd/ and server/ parse, print and answer; they reach the store only to
 * open and close the data folder (tests/cli/layers.sh holds them to that). */
#ifndef SAFETYNET_APP_H
#define SAFETYNET_APP_H

#include "access/access.h"
#include "hub/hub.h"
#include "link/link.h"
#include "verify/verify_store.h"
#include "hub/hub_repo.h"
#include "link/link_repo.h"
#include "verify/verify_repo.h"
#include "access/users_repo.h"
#include "cases/case_repo.h"
#include "monitor/monitor.h"
#include "pay/pay.h"

/* ---- the data folder (open.c) ---- */

/* Opens an initialised data folder and brings its schema up to date. 0 or an error in e (and
 * *s NULL); store_close closes it. */
int app_open(const char *dir, struct store **s, struct error *e);
/* Creates a data folder (or opens an existing one) and brings its schema up to date: *from and
 * *to are the versions before and after; the folder's creation time is kept the first time. */
int app_init(const char *dir, struct store **s, int *from, int *to, struct error *e);

/* ---- who acts (actor.c) ---- */

/* A change is made by an account the access gate let through (ch, from access_change_gate) or, on the
 * command line without --as, by the data folder's operator (op, the system user), audited under
 * that name with an entry of its own. */
struct app_by {
	const struct access_change *ch; /* NULL: the operator */
	const char *op;
};
/* --as NAME on the command line: the command acts as that account, and the gate checks its role
 * (act) and region scope for region/subject (audited, allowed or refused); name gets the
 * account's name. as NULL: nothing checked, name untouched. */
int app_act_as(struct store *s, const char *as, enum access_action act, const char *region,
               const char *subject, const char *why, char name[64], struct error *e);

/* ---- a batch taken in (ingest.c) ---- */

struct app_ingest {
	const char *datadir, *by, *resource, *file;
	enum hub_mode mode;
	bool link;                 /* link the new batch's records at once */
	struct progress *progress; /* rows read and records linked are reported there (NULL: nowhere) */
	struct hub_batch_report rep;
	struct lk_run_report linked;
	int link_rc;           /* linking failed (the batch stays stored): link_err says why */
	struct error link_err; /* cleared when linking did not fail */
};
/* Ingests in->file as a batch of in->resource, committed with its audit entry (ingest-batch by
 * in->by), then links it (unless checking only, a duplicate, or in->link is false). Returns the
 * batch's result; a linking failure is in in->link_rc and in->link_err. */
int app_ingest(struct store *s, struct app_ingest *in, struct error *e);

/* ---- households (households.c) ---- */

/* The gate for one household: its region is the first 12 digits of its number. */
int app_household_gate(struct store *s, const struct access_user *u, enum access_action act,
                       const char *household, const char *why, struct error *e);
/* A household's detail in one read snapshot: the household as verification sees it on day (into
 * h, allocated from a), given to on_household, then its verifications, newest first, to
 * on_verification, then its field checks to on_field_check. Nothing is given when the household cannot be read. */
struct app_household_view {
	int (*on_household)(void *arg, const struct vf_household *h);
	int (*on_verification)(void *arg, const struct vf_db_verification_row *v);
	void *arg;
	/* then, when not NULL, the field checks of monitoring's warnings (newest first): evidence
	 * recorded by staff on foot ("field check, day, staff"), beside the departments' facts */
	int (*on_field_check)(void *arg, const struct mon_check *c);
};
int app_household_detail(struct store *s, const char *household, date_t day, struct arena *a,
                         struct vf_household *h, const struct app_household_view *view, struct error *e);
/* A search of the user's region, through the gate (audited with what was looked for, masked): q
 * is an ID number (its household, found_person), a household-number prefix of 6 to 17 digits
 * (households, at most 50, found_household) or a name (its persons, found_person). The person
 * is given whole: the caller masks it for the user. */
struct app_search_view {
	int (*found_household)(void *arg, const char *household);
	int (*found_person)(void *arg, const char *household, const char *person);
	void *arg;
};
int app_household_search(struct store *s, const struct access_user *u, const char *q,
                         const struct app_search_view *view, struct error *e);
/* Households by the decision of their latest verification in region, by township: counts. */
int app_dashboard_each(struct store *s, const char *region,
                       int (*cb)(void *arg, const char *township, enum vf_class decision, int64_t n),
                       void *arg, struct error *e);
/* A re-check run's worklist, most urgent first (cb returns 1 to stop: 0 is returned). */
int app_worklist_each(struct store *s, int64_t run, int (*cb)(void *arg, const struct vf_db_work *w),
                      void *arg, struct error *e);

/* ---- authorisations (authorisation.c) ---- */

/* Records a household's signed authorisation to verify: arg is its number or a member's ID
 * number (the number found goes to household); with as, the account's gate for the household and
 * a->recorded_by becomes its name. The authorisation and its audit entry (authorise) commit
 * together; *id gets its number. */
int app_authorise(struct store *s, const char *as, struct vf_db_auth *a, const char *arg, char household[64],
                  int64_t *id, struct error *e);
/* The same authorisation for every household of the register (demonstrations and tests), in one
 * transaction and one audit entry; *n gets how many. */
int app_authorise_every(struct store *s, struct vf_db_auth *a, long *n, struct error *e);

/* ---- accounts (users.c) ---- */

int app_users_each(struct store *s, int (*cb)(void *arg, const struct access_db_user_row *u), void *arg,
                   struct error *e);
/* Adds an account: by u through the gate (an account's region), or by the operator op when u is
 * NULL. The password is hashed before the write lock is taken; the account and its audit entry
 * commit together. */
int app_user_add(struct store *s, const struct access_user *u, const char *op, const char *name,
                 const char *display, const char *role, const char *region, const char *password,
                 struct error *e);
/* Disables (disable) or enables an account, by u through the gate or by the operator op. An
 * account may not disable itself. An unknown name is ERR_NOTFOUND (field username when by u). */
int app_user_able(struct store *s, const struct access_user *u, const char *op, const char *name,
                  bool disable, struct error *e);

/* ---- the data hub (hub.c) ---- */

/* The gate for the hub's listings (the data officers', auditors' and administrators'); what is
 * the path asked for. The hub's data is its province's: the region the catalogue's resource
 * codes begin with (hub_db_region). */
int app_hub_gate(struct store *s, const struct access_user *u, const char *what, struct error *e);
/* The same gate for a change of the hub's (action act: a sharing task or approval), whose entry
 * commits with the change (access_change_gate). */
int app_hub_change_gate(struct store *s, const struct access_user *u, enum access_action act,
                        const char *what, struct access_change *ch, struct error *e);
/* The gate for taking in a department's file of resource (SA_INGEST on the hub's region). */
int app_ingest_gate(struct store *s, const struct access_user *u, const char *resource, struct error *e);
int app_catalog_each(struct store *s, int (*cb)(void *arg, const struct hub_db_resource_row *r), void *arg,
                     struct error *e);
int app_resource_versions(struct store *s, const char *code,
                          int (*cb)(void *arg, int version, const char *imported_at), void *arg,
                          struct error *e);
/* Batches, newest first: of resource (NULL all), or the one batch id (0 all). */
int app_batches_each(struct store *s, const char *resource, int64_t id,
                     int (*cb)(void *arg, const struct hub_db_batch_row *b), void *arg, struct error *e);
int app_rejects_each(struct store *s, int64_t batch, long limit,
                     int (*cb)(void *arg, uint64_t line, const char *field, const char *reason), void *arg,
                     struct error *e);
int app_tasks_each(struct store *s, int (*cb)(void *arg, const struct hub_db_task *t), void *arg,
                   struct error *e);
int app_deliveries_each(struct store *s, int64_t task,
                        int (*cb)(void *arg, const struct hub_db_delivery_row *d), void *arg,
                        struct error *e);
int app_hub_stats(struct store *s, const char *day, struct hub_db_stats *out, struct error *e);
int app_links_each(struct store *s, const char *outcome, int64_t record, long limit,
                   int (*cb)(void *arg, const struct lk_db_link_view *v), void *arg, struct error *e);
int app_link_counts(struct store *s, int (*cb)(void *arg, const char *outcome, int64_t n), void *arg,
                    struct error *e);

/* ---- sharing tasks (share.c) ---- */

/* Each change commits with its audit entry (by->ch's, or share-ACTION by by->op, whose refusal is
 * audited as share-ACTION-refused with why after the rollback); subject is what the entry
 * names. */
int app_share_add(struct store *s, const struct app_by *by, const char *subject, const char *consumer,
                  const char *resource, const char *fields, const char *region, const char *since,
                  int64_t *task, int *pending, struct error *e);
int app_share_approve(struct store *s, const struct app_by *by, const char *subject, int64_t task,
                      const char *field, const char *approved_by, const char *reference, struct error *e);
/* The records go to pulled (a file the caller publishes only once this returns 0). */
int app_share_pull(struct store *s, const struct app_by *by, const char *subject, int64_t task, long limit,
                   FILE *pulled, struct hub_delivery *d, struct error *e);
int app_share_ack(struct store *s, const char *op, const char *subject, int64_t task, int64_t delivery,
                  struct error *e);

/* ---- cases (cases.c) ---- */

/* A case as it stands (after a step): 1 found, 0 none, or an error. */
int app_case_get(struct store *s, int64_t id, struct cs_db_case *c, struct error *e);

/* ---- monitoring's warnings (app_monitor.c; docs/MONITORING.md) ---- */

/* A region's warnings (the queue; f->overdue: those past their due day on f->day), through the
 * gate for u, or by the operator op when u is NULL (mon_list). */
int app_warnings_list(struct store *s, const struct access_user *u, const char *op,
                      const struct mon_filter *f, int (*cb)(void *arg, const struct mon_warning *w),
                      void *arg, struct error *e);
/* The live warnings of a region (the user's scope when NULL or "") counted by township and
 * level, through the gate (mon_summary). */
int app_warnings_summary(struct store *s, const struct access_user *u, const char *region,
                         int (*cb)(void *arg, const struct mon_count *c), void *arg, struct error *e);
/* One warning and its field checks, through the gate (audited as warning-show). */
int app_warning_show(struct store *s, const struct access_user *u, int64_t id,
                     int (*on_warning)(void *arg, const struct mon_warning *w),
                     int (*on_check)(void *arg, const struct mon_check *c), void *arg, struct error *e);
/* The steps of the lifecycle, each one transaction with its audit entry (mon_send,
 * mon_check_add, mon_outcome_set). */
int app_warning_send(struct store *s, const struct access_user *u, int64_t id, date_t day, struct error *e);
int app_warning_check(struct store *s, const struct access_user *u, int64_t id, date_t day,
                      const struct mon_check_in *in, int64_t *check, struct error *e);
int app_warning_outcome(struct store *s, const struct access_user *u, int64_t id, date_t day,
                        const struct mon_outcome_in *in, struct error *e);

/* ---- payments (app_pay.c; docs/PAYMENTS.md) ---- */

/* The payment service (its policy parameters), opened once. */
int app_pay_service(struct pay_service **ps, struct error *e);
void app_pay_service_close(struct pay_service *ps);
/* Each of these is pay/'s function of the same step (pay.h): the gate, one transaction, the audit
 * entry, a refusal audited. */
int app_pay_roll_import(struct pay_service *ps, struct store *s, const struct pay_actor *a,
                        const struct pay_input *in, date_t today,
                        int (*on_reject)(void *arg, uint64_t line, const char *field, const char *reason),
                        void *arg, struct pay_roll_report *r, struct error *e);
int app_pay_build(struct pay_service *ps, struct store *s, const struct pay_actor *a, const char *region,
                  month_t month, int64_t *id, struct pay_totals *t, struct error *e);
int app_pay_check(struct pay_service *ps, struct store *s, const struct pay_actor *a, int64_t id,
                  struct pay_check_report *r, struct error *e);
int app_pay_approve(struct pay_service *ps, struct store *s, const struct access_user *u, int64_t id,
                    struct error *e);
int app_pay_bank_write(struct pay_service *ps, struct store *s, const struct access_user *u, int64_t id,
                       const char *dir, int (*on_file)(void *arg, const struct pay_db_bank_file *f),
                       void *arg, struct error *e);
int app_pay_return_import(struct pay_service *ps, struct store *s, const struct access_user *u, int64_t id,
                          const struct pay_input *in,
                          int (*on_reject)(void *arg, uint64_t line, const char *field, const char *reason),
                          void *arg, struct pay_return_report *r, struct error *e);
int app_pay_show(struct store *s, const struct pay_actor *a, int64_t id, const struct pay_view *v,
                 struct error *e);
int app_pay_ledger_check(struct store *s, const struct pay_actor *a,
                         int (*cb)(void *arg, const struct pay_db_ledger_total *t), void *arg,
                         int (*on_bad)(void *arg, const char *what), void *bad_arg, int64_t *bad,
                         struct error *e);

#endif
