/* users.c: staff accounts: listed, added, disabled and enabled, by an account through the gate
 * (the API) or by the data folder's operator (safetynet user); the rule that no account disables
 * itself is kept here, once. */
#include "app/app.h"
#include "audit/audit.h"
#include "access/users_repo.h"

int app_users_each(struct store *s, int (*cb)(void *arg, const struct access_db_user_row *u), void *arg,
                   struct error *e)
{
	return access_db_user_each(s, cb, arg, e);
}

/* the operator's change and its audit entry in one transaction (rc: the change's result) */
static int operator_end(struct store *s, int rc, const char *op, const char *action, const char *name,
                        const char *detail, struct error *e)
{
	if (!rc)
		rc = audit_add(s, op, action, name, detail, e);
	if (!rc)
		rc = store_commit(s, e);
	else
		store_rollback(s);
	return rc;
}

int app_user_add(struct store *s, const struct access_user *u, const char *op, const char *name,
                 const char *display, const char *role, const char *region, const char *password,
                 struct error *e)
{
	char hash[ACCESS_PASSWORD_HASH];
	struct access_change ch;
	int rc = 0;
	if (u) {
		rc = access_change_gate(s, u, SA_ACCOUNTS, region ? region : "", name ? name : "", "user add",
		                        &ch, e);
		if (rc)
			return rc;
	}
	if ((rc = access_user_prepare(name, display, role, region, password, hash, e))) /* no lock held */
		return u ? access_change_refused(s, &ch, rc, e) : rc;
	if (!u && (rc = store_begin(s, e)))
		return rc;
	if (!u)
		return operator_end(s, access_user_store(s, name, display, role, region, hash, e), op,
		                    "user-add", name, role ? role : "", e);
	if (!(rc = store_begin(s, e))) /* the account and its audit entry in one transaction */
		rc = access_user_store(s, name, display, role, region, hash, e);
	return access_change_end(s, &ch, rc, e);
}

/* an account may not disable itself: refused after the gate let it through, audited as such */
static int not_yourself(struct store *s, const struct access_change *ch, struct error *e)
{
	error_set(e, ERR_INVAL, "不能停用自己的账号", "you cannot disable your own account");
	access_change_refused(s, ch, ERR_INVAL, e);
	error_field(e, "username");
	return ERR_INVAL;
}

int app_user_able(struct store *s, const struct access_user *u, const char *op, const char *name,
                  bool disable, struct error *e)
{
	int rc;
	if (!u) {
		if (!(rc = store_begin(s, e)))
			rc = operator_end(s, access_db_user_disable(s, name, disable, e), op,
			                  disable ? "user-disable" : "user-enable", name, "", e);
		return rc;
	}
	struct access_db_user_row row;
	rc = access_db_user_get(s, name, &row, e);
	if (rc == 0) {
		error_set(e, ERR_NOTFOUND, "没有这个用户", "no such user");
		error_field(e, "username");
		return ERR_NOTFOUND;
	}
	struct access_change ch;
	if (rc < 0 || (rc = access_change_gate(s, u, SA_ACCOUNTS, row.region, name,
	                                       disable ? "user disable" : "user enable", &ch, e)))
		return rc;
	if (!strcmp(name, u->name) && disable)
		return not_yourself(s, &ch, e);
	if (!(rc = store_begin(s, e)))
		rc = access_db_user_disable(s, name, disable, e);
	return access_change_end(s, &ch, rc, e);
}
