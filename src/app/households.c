/* households.c: reading households: one household's detail, a search of the user's region, the
 * dashboard's counts and a re-check's worklist. */
#include "app/app.h"

#include "base/idno.h"
#include "base/utf8.h"
#include "verify/verify_repo.h"

int app_household_gate(struct store *s, const struct access_user *u, enum access_action act,
                       const char *household, const char *why, struct error *e)
{
	char region[13];
	snprintf(region, sizeof region, "%.12s", household);
	return access_gate(s, u, act, region, household, why, e);
}

int app_household_detail(struct store *s, const char *household, date_t day, struct arena *a,
                         struct vf_household *h, const struct app_household_view *view, struct error *e)
{
	/* one snapshot, and the database's locks taken once for all its statements */
	bool tx = !store_begin_read(s, e);
	int64_t auth;
	int rc = vf_household_from_store(s, household, day, a, h, &auth, e);
	if (!rc)
		rc = view->on_household(view->arg, h);
	if (!rc)
		rc = vf_db_verifications_each(s, household, view->on_verification, view->arg, e);
	if (!rc && view->on_field_check)
		rc = mon_household_checks(s, household, view->on_field_check, view->arg, e);
	if (tx)
		store_rollback(s); /* nothing was written: ending the read is all */
	return rc;
}

/* what a search was for, for its audit entry, masked: an ID number as its first 6 and last 4
 * characters, a name as its first character; a household-number prefix whole (a household's
 * number is what a read's entry names too) */
static void searched_for(const char *q, const char *id, bool is_number, char out[96])
{
	if (id) {
		snprintf(out, 96, "id %.6s********%s", id, id + strlen(id) - 4);
	} else if (is_number) {
		snprintf(out, 96, "number %s", q);
	} else {
		unsigned char c = (unsigned char)q[0];
		int len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
		if (len == 0 || len > (int)strlen(q) || !utf8_valid(q, (size_t)len))
			snprintf(out, 96, "name ?*");
		else
			snprintf(out, 96, "name %.*s*", len, q);
	}
}

int app_household_search(struct store *s, const struct access_user *u, const char *q,
                         const struct app_search_view *view, struct error *e)
{
	size_t n = strlen(q);
	struct idno id;
	bool is_id = (n == 18 || n == 15) && idno_parse(q, n, 0, &id) == IDNO_OK;
	bool is_number = !is_id && n >= 6 && n <= 17 && strspn(q, "0123456789") == n;
	const char *scope; /* the gate's: a number prefix inside the user's region, or the region */
	char what[96];
	searched_for(q, is_id ? id.id : NULL, is_number, what);
	int rc = access_gate_search(s, u, is_number ? q : NULL, what, &scope, e);
	if (rc)
		return rc;
	if (is_id) {
		char hh[64];
		rc = vf_db_household_of(s, id.id, hh, sizeof hh, e);
		if (rc == 1 && access_in_scope(u, hh))
			rc = view->found_person(view->arg, hh, id.id);
		return rc < 0 ? rc : 0;
	}
	if (is_number) {
		rc = vf_db_households_each(s, scope, view->found_household, view->arg, e);
		return rc == 1 ? 0 : rc;
	}
	return vf_db_households_by_name(s, q, u->region, view->found_person, view->arg, e);
}

int app_dashboard_each(struct store *s, const char *region,
                       int (*cb)(void *arg, const char *township, enum vf_class decision, int64_t n),
                       void *arg, struct error *e)
{
	return vf_db_dashboard_each(s, region, cb, arg, e);
}

int app_worklist_each(struct store *s, int64_t run, int (*cb)(void *arg, const struct vf_db_work *w),
                      void *arg, struct error *e)
{
	int rc = vf_db_worklist_each(s, run, cb, arg, e);
	return rc == 1 ? 0 : rc;
}
