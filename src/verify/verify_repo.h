/* verify_repo.h: household verification's repository: the register's households, a person's facts,
 * authorisations, stored verifications, dashboards and recheck worklists (verify_repo.c). */
#ifndef SAFETYNET_VERIFY_REPO_H
#define SAFETYNET_VERIFY_REPO_H

#include "store/store.h"
#include "verify/verify.h"

/* The register's household number of a person (by normalised ID number): 1 found, 0 not. */
int vf_db_household_of(struct store *s, const char *idno, char *out, size_t cap, struct error *e);
/* The current register rows of a household: record id, the normalised ID number (NULL when the
 * row's number is not valid) and the record's data (JSON). */
int vf_db_household_rows(struct store *s, const char *household,
                         int (*cb)(void *arg, int64_t record, const char *person, const char *data),
                         void *arg, struct error *e);
/* Every household number in the register that starts with prefix ("" for all), in order. */
int vf_db_households_each(struct store *s, const char *prefix, int (*cb)(void *arg, const char *household),
                          void *arg, struct error *e);
struct vf_db_fact_row {
	const char *kind, *period;
	bool has_amount;
	int64_t amount_fen;
	const char *value, *resource;
	int64_t batch;
	const char *batch_date;
	int64_t line;
};
/* A person's facts from current records, with the batch each came in. */
int vf_db_person_facts(struct store *s, const char *idno,
                       int (*cb)(void *arg, const struct vf_db_fact_row *f), void *arg, struct error *e);

struct vf_db_auth {
	const char *household, *signed_by, *signed_on, *valid_until, *scope, *document, *recorded_by;
};
struct vf_db_auth_row {
	int64_t id;
	char signed_by[256], signed_on[16], valid_until[16], scope[256], document[256];
};
int vf_db_auth_add(struct store *s, const struct vf_db_auth *a, int64_t *id, struct error *e);
/* The latest authorisation of a household valid on day (YYYY-MM-DD): 1 found, 0 none. */
int vf_db_auth_valid(struct store *s, const char *household, const char *day, struct vf_db_auth_row *out,
                     struct error *e);

struct vf_db_verification {
	const char *household, *day, *month;
	enum vf_class decision;
	int64_t benefit_fen, per_capita_fen;
	const char *members; /* counted members' ID numbers, comma-separated */
	const char *signals; /* what the assets and status showed: "death,vehicle,..." */
	const char *report;  /* the JSON report */
	int64_t authorisation;
	const char *operator_name, *purpose;
};
struct vf_db_verification_row {
	int64_t id;
	char day[16], month[8];
	enum vf_class decision;
	int64_t benefit_fen, per_capita_fen;
	char members[1024], signals[256];
};
int vf_db_verification_add(struct store *s, const struct vf_db_verification *v, int64_t *id, struct error *e);
/* The latest stored verification of a household: 1 found, 0 none. */
int vf_db_verification_last(struct store *s, const char *household, struct vf_db_verification_row *out,
                            struct error *e);
/* A household's stored verifications, newest first (at most 100). */
int vf_db_verifications_each(struct store *s, const char *household,
                             int (*cb)(void *arg, const struct vf_db_verification_row *v), void *arg,
                             struct error *e);
/* Households with a registered person of exactly this name, within a household-number prefix
 * (at most 50), with that person's ID number. */
int vf_db_households_by_name(struct store *s, const char *name, const char *prefix,
                             int (*cb)(void *arg, const char *household, const char *person), void *arg,
                             struct error *e);
/* Households by township (9 digits) and the decision of their latest verification, within a
 * household-number prefix: no personal data, counts only. */
int vf_db_dashboard_each(struct store *s, const char *prefix,
                         int (*cb)(void *arg, const char *township, enum vf_class decision, int64_t n),
                         void *arg, struct error *e);
/* Every household with a stored verification within a household-number prefix, in order, with
 * the decision of its latest (verify_service.c picks the beneficiaries). */
int vf_db_latest_each(struct store *s, const char *prefix,
                      int (*cb)(void *arg, const char *household, enum vf_class decision), void *arg,
                      struct error *e);

struct vf_db_work {
	int64_t run;
	const char *household, *change, *cause;
	int urgency; /* 1 most urgent */
	const char *before_decision, *after_decision;
	int64_t before_benefit_fen, after_benefit_fen;
	const char *detail;
	int64_t verification;
};
int vf_db_recheck_begin(struct store *s, const char *day, const char *region, const char *scope,
                        const char *operator_name, int64_t *run, struct error *e);
int vf_db_recheck_finish(struct store *s, int64_t run, int64_t households, int64_t changes, struct error *e);
int vf_db_worklist_add(struct store *s, const struct vf_db_work *w, struct error *e);
/* A run's worklist (the latest run when run is 0), most urgent first. */
int vf_db_worklist_each(struct store *s, int64_t run, int (*cb)(void *arg, const struct vf_db_work *w),
                        void *arg, struct error *e);

#endif
