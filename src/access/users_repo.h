/* users_repo.h: accounts and sessions as stored (users_repo.c); the rules about them are in
 * auth.c and gate.c. */
#ifndef SAFETYNET_USERS_REPO_H
#define SAFETYNET_USERS_REPO_H

#include "store/store.h"
#include "access/access_role.h"

struct access_db_user {
	const char *name, *display;
	enum access_role role;
	const char *region, *pwhash;
};
struct access_db_user_row {
	int64_t id;
	char name[64], display[128];
	enum access_role role; /* SR_COUNT for a stored role this version does not know: it may do nothing */
	char region[16], pwhash[160];
	bool disabled;
	int failed;           /* failed logins since the last success or lock */
	int64_t locked_until; /* Unix seconds; 0 when not locked */
};
/* ERR_EXISTS when the name is taken. */
int access_db_user_add(struct store *s, const struct access_db_user *u, int64_t *id, struct error *e);
/* 1 found, 0 not. */
int access_db_user_get(struct store *s, const char *name, struct access_db_user_row *u, struct error *e);
int access_db_user_each(struct store *s, int (*cb)(void *arg, const struct access_db_user_row *u), void *arg,
                        struct error *e);
/* Disabling also ends the user's sessions. ERR_NOTFOUND for an unknown name. */
int access_db_user_disable(struct store *s, const char *name, bool disabled, struct error *e);
/* Counts a failed login; lock_until > 0 locks the account until then and restarts the count. */
int access_db_user_login_failed(struct store *s, const char *name, int64_t lock_until, struct error *e);
int access_db_user_login_ok(struct store *s, const char *name, struct error *e);
int access_db_session_add(struct store *s, const char *token_hash, int64_t user, const char *csrf,
                          int64_t now, int64_t expires, struct error *e);
/* The user of a live session of an enabled user (pwhash left empty) and its CSRF token: 1, or 0. */
int access_db_session_get(struct store *s, const char *token_hash, int64_t now, struct access_db_user_row *u,
                          char *csrf, size_t cap, struct error *e);
int access_db_session_delete(struct store *s, const char *token_hash, struct error *e);

#endif
