/* app_share.c: changes to sharing tasks (subscribe, approve a conditional field, pull, acknowledge),
 * each committed with its audit entry: the account's (through the gate, the API) or the data
 * folder's operator's (the command line). */
#include "app/app.h"
#include "audit/audit.h"

/* Ends a change's transaction (rc: the change's result). The operator's entry is share-ACTION;
 * a change rolled back is recorded, under a name of its own, with why. */
static int share_end(struct store *s, const struct app_by *by, const char *action, const char *subject,
                     int rc, struct error *e)
{
	if (by->ch)
		return access_change_end(s, by->ch, rc, e);
	if (!store_in_transaction(s))
		return rc;
	char name[48];
	snprintf(name, sizeof name, "share-%s", action);
	if (!rc)
		rc = audit_add(s, by->op, name, subject, "", e);
	if (!rc)
		rc = store_commit(s, e);
	store_rollback(s);
	if (rc) {
		char refused[48], why[600];
		struct error ae;
		snprintf(refused, sizeof refused, "share-%s-refused", action);
		snprintf(why, sizeof why, "why=%s", e->en);
		audit_add(s, by->op, refused, subject, why, &ae);
	}
	return rc;
}

int app_share_add(struct store *s, const struct app_by *by, const char *subject, const char *consumer,
                  const char *resource, const char *fields, const char *region, const char *since,
                  int64_t *task, int *pending, struct error *e)
{
	int rc = store_begin(s, e);
	if (!rc)
		rc = hub_share_add(s, consumer, resource, fields, region, since, task, pending, e);
	return share_end(s, by, "add", subject, rc, e);
}

int app_share_approve(struct store *s, const struct app_by *by, const char *subject, int64_t task,
                      const char *field, const char *approved_by, const char *reference, struct error *e)
{
	int rc = store_begin(s, e);
	if (!rc)
		rc = hub_share_approve(s, task, field, approved_by, reference, e);
	return share_end(s, by, "approve", subject, rc, e);
}

int app_share_pull(struct store *s, const struct app_by *by, const char *subject, int64_t task, long limit,
                   FILE *pulled, struct hub_delivery *d, struct error *e)
{
	int rc = store_begin(s, e);
	if (!rc)
		rc = hub_share_pull(s, task, limit, pulled, d, e);
	return share_end(s, by, "pull", subject, rc, e);
}

int app_share_ack(struct store *s, const char *op, const char *subject, int64_t task, int64_t delivery,
                  struct error *e)
{
	int rc = audit_with_commit(s, op, "share-ack", subject, "", e);
	if (!rc)
		rc = audit_with_commit_end(s, hub_share_ack(s, task, delivery, e), e);
	return rc;
}
