/* actor.c: who a command acts as: with --as NAME an account, through the access gate; without,
 * the data folder's operator. */
#include "app/app.h"

int app_act_as(struct store *s, const char *as, enum access_action act, const char *region,
               const char *subject, const char *why, char name[64], struct error *e)
{
	if (!as)
		return 0;
	struct access_user u;
	int rc = access_user_by_name(s, as, &u, e);
	if (!rc)
		rc = access_gate(s, &u, act, region, subject, why, e);
	if (!rc)
		snprintf(name, 64, "%s", u.name);
	return rc;
}
