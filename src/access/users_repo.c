/* users_repo.c: the SQL of accounts and sessions: users with a role, a region scope and an Argon2id
 * password hash (made and checked by server/auth.c, never here), their failed logins and lock,
 * and sessions kept by the SHA-256 of their token (the token itself is only ever in the
 * browser's cookie). Times are Unix seconds. */
#include "base/date.h"
#include "access/users_repo.h"

int access_db_user_add(struct store *s, const struct access_db_user *u, int64_t *id, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "INSERT INTO users (name, display, role, region, pwhash, created_at) VALUES (?, ?, ?, "
	    "?, ?, ?) ON CONFLICT (name) DO NOTHING RETURNING id",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, u->name);
	store_bind_str(st, 2, u->display);
	store_bind_str(st, 3, access_role_name(u->role));
	store_bind_str(st, 4, u->region);
	store_bind_str(st, 5, u->pwhash);
	store_bind_str(st, 6, now);
	*id = 0;
	rc = store_run_id(st, id, e);
	store_finalize(st);
	if (!rc && *id == 0)
		return error_set(e, ERR_EXISTS, "用户 %s 已存在", "the user %s exists already", u->name);
	return rc;
}

#define USER_COLUMNS "id, name, display, role, region, pwhash, disabled, failed, locked_until"

static void user_row(struct store_stmt *st, struct access_db_user_row *u)
{
	u->id = store_col_int64(st, 0);
	store_col_copy(st, 1, u->name, sizeof u->name);
	store_col_copy(st, 2, u->display, sizeof u->display);
	if (access_role_parse(store_col_text(st, 3, NULL), &u->role))
		u->role = SR_COUNT;
	store_col_copy(st, 4, u->region, sizeof u->region);
	store_col_copy(st, 5, u->pwhash, sizeof u->pwhash);
	u->disabled = store_col_int64(st, 6) != 0;
	u->failed = (int)store_col_int64(st, 7);
	u->locked_until = store_col_int64(st, 8);
}

int access_db_user_get(struct store *s, const char *name, struct access_db_user_row *u, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "SELECT " USER_COLUMNS " FROM users WHERE name = ?", &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, name);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		user_row(st, u);
		rc = 1;
	} else if (rc == STORE_DONE) {
		rc = 0;
	}
	store_finalize(st);
	return rc;
}

int access_db_user_each(struct store *s, int (*cb)(void *arg, const struct access_db_user_row *u), void *arg,
                        struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "SELECT " USER_COLUMNS " FROM users ORDER BY name", &st, e);
	if (rc)
		return rc;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct access_db_user_row u;
		user_row(st, &u);
		if ((rc = cb(arg, &u)))
			break;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : rc;
}

/* one UPDATE of a user by name; ERR_NOTFOUND when no such user */
static int update_user(struct store *s, const char *sql, const char *name, int64_t a, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, sql, &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, a);
	store_bind_str(st, 2, name);
	if ((rc = store_step(st, e)) == STORE_ROW)
		rc = 0;
	else if (rc == STORE_DONE)
		rc = error_set(e, ERR_NOTFOUND, "没有用户 %s", "no user %s", name);
	store_finalize(st);
	return rc;
}

int access_db_user_disable(struct store *s, const char *name, bool disabled, struct error *e)
{
	int rc =
	    update_user(s, "UPDATE users SET disabled = ? WHERE name = ? RETURNING id", name, disabled, e);
	if (!rc && disabled) {
		struct store_stmt *st;
		/* a disabled user's sessions end at once */
		if ((rc = store_prepare(
		         s, "DELETE FROM sessions WHERE user = (SELECT id FROM users WHERE name = ?)", &st,
		         e)))
			return rc;
		store_bind_str(st, 1, name);
		rc = store_run(st, e);
		store_finalize(st);
	}
	return rc;
}

int access_db_user_login_failed(struct store *s, const char *name, int64_t lock_until, struct error *e)
{
	/* lock_until > 0 locks the account until then and starts the count again */
	return update_user(
	    s,
	    "UPDATE users SET failed = CASE WHEN ?1 > 0 THEN 0 ELSE failed + 1 END, locked_until = "
	    "CASE WHEN ?1 > 0 THEN ?1 ELSE locked_until END WHERE name = ?2 RETURNING id",
	    name, lock_until, e);
}

int access_db_user_login_ok(struct store *s, const char *name, struct error *e)
{
	return update_user(s, "UPDATE users SET failed = ?, locked_until = 0 WHERE name = ? RETURNING id",
	                   name, 0, e);
}

int access_db_session_add(struct store *s, const char *token_hash, int64_t user, const char *csrf,
                          int64_t now, int64_t expires, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s,
	    "INSERT INTO sessions (token_hash, user, csrf, created_at, expires_at) VALUES (?, ?, ?, "
	    "?, ?)",
	    &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, token_hash);
	store_bind_int64(st, 2, user);
	store_bind_str(st, 3, csrf);
	store_bind_int64(st, 4, now);
	store_bind_int64(st, 5, expires);
	rc = store_run(st, e);
	store_finalize(st);
	return rc;
}

int access_db_session_get(struct store *s, const char *token_hash, int64_t now, struct access_db_user_row *u,
                          char *csrf, size_t cap, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "SELECT u.id, u.name, u.display, u.role, u.region, '', u.disabled, u.failed, "
	                       "u.locked_until, s.csrf FROM sessions s JOIN users u ON u.id = s.user WHERE "
	                       "s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, token_hash);
	store_bind_int64(st, 2, now);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		user_row(st, u);
		store_col_copy(st, 9, csrf, cap);
		rc = 1;
	} else if (rc == STORE_DONE) {
		rc = 0;
	}
	store_finalize(st);
	return rc;
}

int access_db_session_delete(struct store *s, const char *token_hash, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "DELETE FROM sessions WHERE token_hash = ?", &st, e);
	if (rc)
		return rc;
	store_bind_str(st, 1, token_hash);
	rc = store_run(st, e);
	store_finalize(st);
	return rc;
}
