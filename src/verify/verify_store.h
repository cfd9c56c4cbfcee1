/* verify_store.h: verification against the data folder: a household loaded from the register
 * and the facts, verified, stored and audited; centralised re-verification (集中复核) with its
 * worklist; and the comparison with the generator's ground truth. */
#ifndef SAFETYNET_VERIFY_STORE_H
#define SAFETYNET_VERIFY_STORE_H

#include "base/progress.h"

#include "store/store.h"
#include "verify/verify.h"
#include "verify/verify_repo.h"

/* The household of the data folder (its register number), with the authorisation valid on day
 * (*auth_id 0 when none: verification then refuses). */
int vf_household_from_store(struct store *s, const char *household, date_t day, struct arena *a,
                            struct vf_household *h, int64_t *auth_id, struct error *e);
/* A household number from a household number or a member's ID number. */
int vf_household_number(struct store *s, const char *arg, char *out, size_t cap, struct error *e);

/* What a household's authorisation lets verification look at, when it does not say. */
#define VF_AUTH_SCOPE "家庭经济状况核对：收入、财产、支出"
/* Records a household's signed authorisation (a->scope NULL: VF_AUTH_SCOPE) inside the caller's
 * transaction, for the command line, the API and a case's intake alike; *id gets its number. */
int vf_auth_record(struct store *s, const struct vf_db_auth *a, int64_t *id, struct error *e);

/* Loads, verifies, stores the verification with its JSON report and audits it (a refusal is
 * audited too). *vid gets the stored verification's id. */
int vf_verify_stored(struct store *s, struct vf_policy *p, const char *household, date_t day,
                     const char *operator_name, enum lang lang, struct arena *a, struct vf_household *h,
                     struct vf_result *r, struct buf *report, int64_t *vid, struct error *e);

enum vf_change {
	VC_INELIGIBLE, /* was eligible, is no longer */
	VC_CLASS,      /* another scheme now */
	VC_BENEFIT_DOWN,
	VC_MEMBERS_GONE,
	VC_MEMBERS_ADDED,
	VC_BENEFIT_UP,
	VC_NEWLY_ELIGIBLE, /* a household no scheme covers qualifies */
	VC_COUNT
};
const char *vf_change_name(enum vf_change c);

struct vf_recheck_report {
	int64_t run;
	long households, verified, unauthorised, failed;
	long changes[VC_COUNT];
};
/* Re-verifies every household whose latest verification found it eligible (all households of
 * the register with all = true, so the same run finds who newly qualifies), in region (a code
 * prefix, "" for all), for the month of day, and stores a worklist of what changed. Households
 * without an authorisation on record are computed but not stored: a newly eligible one becomes
 * a lead to invite an application. */
int vf_recheck(struct store *s, struct vf_policy *p, const char *region, date_t day, bool all,
               const char *operator_name, struct progress *pg, struct vf_recheck_report *rep,
               struct error *e);

/* Verifies every household of the generator's truth/households.tsv for its last month (nothing
 * is stored: a quality check) and compares decision and benefit; writes a summary by class and
 * up to `show` disagreements to out. */
struct vf_eval_report {
	long households, agree, agree_benefit;
	long confusion[VF_CLASSES][VF_CLASSES]; /* [truth][verified] */
};
int vf_evaluate(struct store *s, struct vf_policy *p, const char *truth_dir, int show, FILE *out,
                struct vf_eval_report *rep, struct error *e);

#endif
