/* authorisation.c: recording a household's signed authorisation to verify (safetynet authorise;
 * a case's intake records its own through vf_auth_record inside the case's transaction). */
#include "app/app.h"
#include "audit/audit.h"
#include "verify/verify_repo.h"

int app_authorise(struct store *s, const char *as, struct vf_db_auth *a, const char *arg, char household[64],
                  int64_t *id, struct error *e)
{
	static char name[64]; /* a->recorded_by, when acting as an account */
	int rc = vf_household_number(s, arg, household, 64, e);
	char where[13];
	if (!rc) {
		snprintf(where, sizeof where, "%.12s", household);
		rc = app_act_as(s, as, SA_VERIFY, where, household, "authorisation (command)", name, e);
	}
	if (!rc && as)
		a->recorded_by = name;
	a->household = household;
	if (rc || (rc = store_begin(s, e)))
		return rc;
	char detail[64];
	rc = vf_auth_record(s, a, id, e);
	snprintf(detail, sizeof detail, "authorisation=%" PRId64, *id);
	if (!rc)
		rc = audit_add(s, a->recorded_by, "authorise", household, detail, e);
	if (!rc)
		rc = store_commit(s, e);
	else
		store_rollback(s);
	return rc;
}

struct every {
	struct store *s;
	struct vf_db_auth *a;
	long n;
	struct error *e;
};

static int authorise_one(void *arg, const char *household)
{
	struct every *g = arg;
	int64_t id;
	g->a->household = household;
	g->n++;
	return vf_auth_record(g->s, g->a, &id, g->e);
}

int app_authorise_every(struct store *s, struct vf_db_auth *a, long *n, struct error *e)
{
	struct every g = { s, a, 0, e };
	char detail[64];
	int rc = store_begin(s, e);
	if (rc)
		return rc;
	rc = vf_db_households_each(s, "", authorise_one, &g, e);
	snprintf(detail, sizeof detail, "households=%ld", g.n);
	if (!rc)
		rc = audit_add(s, a->recorded_by, "authorise-every-household", "*", detail, e);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	*n = g.n;
	return store_commit(s, e);
}
