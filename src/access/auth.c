/* auth.c: accounts and sessions. Passwords are hashed with Argon2id (libsodium's
 * crypto_pwhash_str, interactive limits); session and CSRF tokens are 32 bytes from the CSPRNG,
 * and only the token's SHA-256 is stored, so a copy of the database opens no session. A login is
 * three steps so that a server can hash outside its lock: look the name up, check the password
 * (the slow Argon2id hash, touching no store), record the outcome. How often logins may be
 * tried, and locks, are the server's (server/throttle.c): an account is never locked for all. */
#include <pthread.h>
#include <sodium.h>

#include "base/region.h"
#include "access/access.h"
#include "access/users_repo.h"

static const struct {
	const char *name, *label;
} roles[SR_COUNT] = {
	[SR_CASEWORKER] = { "caseworker", "乡镇经办人" },
	[SR_TOWNSHIP_HEAD] = { "township-head", "乡镇负责人" },
	[SR_REVIEWER] = { "reviewer", "县级审核人" },
	[SR_APPROVER] = { "approver", "县级审批人" },
	[SR_SUPERVISOR] = { "supervisor", "市省监督人员" },
	[SR_POLICY] = { "policy", "政策管理员" },
	[SR_DATA] = { "data-officer", "部门数据管理员" },
	[SR_AUDITOR] = { "auditor", "审计人员" },
	[SR_ADMIN] = { "admin", "系统管理员" },
	[SR_FINANCE] = { "finance", "县级财政人员" },
};

enum { SESSION_SECONDS = 8 * 3600 };

const char *access_role_name(enum access_role r)
{
	return (unsigned)r < SR_COUNT ? roles[r].name : "?";
}

const char *access_role_label(enum access_role r)
{
	return (unsigned)r < SR_COUNT ? roles[r].label : "?";
}

int access_role_parse(const char *s, enum access_role *out)
{
	for (int r = 0; r < SR_COUNT; r++)
		if (!strcmp(s, roles[r].name)) {
			*out = (enum access_role)r;
			return 0;
		}
	return -1;
}

static void hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static void random_token(char out[ACCESS_TOKEN_HEX + 1])
{
	unsigned char b[ACCESS_TOKEN_HEX / 2];
	randombytes_buf(b, sizeof b);
	hex(b, sizeof b, out);
}

static void token_hash(const char *token, char out[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)token, strlen(token));
	hex(d, sizeof d, out);
}

/* names the field an error is about and returns its code */
static int about(struct error *e, const char *field, int code)
{
	error_field(e, field);
	return code;
}

int access_user_prepare(const char *name, const char *display, const char *role, const char *region,
                        const char *password, char hash[ACCESS_PASSWORD_HASH], struct error *e)
{
	enum access_role r;
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > 60 || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_.-") != n)
		return about(e, "username",
		             error_set(e, ERR_INVAL, "用户名应为 1-60 个小写字母、数字或 _ . -",
		                       "a user name is 1-60 lower-case letters, digits or _ . -"));
	if (display && strlen(display) > 120)
		return about(e, "display",
		             error_set(e, ERR_INVAL, "显示名过长（120 字节以内）",
		                       "the display name is too long (120 bytes at most)"));
	if (!role || access_role_parse(role, &r))
		return about(
		    e, "role",
		    error_set(
		        e, ERR_INVAL,
		        "角色应为 caseworker、township-head、reviewer、approver、supervisor、policy、data-officer、auditor 或 admin",
		        "the role must be caseworker, township-head, reviewer, approver, supervisor, policy, data-officer, auditor or admin"));
	if (!region || strlen(region) > 12 || strspn(region, "0123456789") != strlen(region) ||
	    !region_lookup(region, strlen(region)))
		return about(
		    e, "region",
		    error_set(e, ERR_INVAL, "区划范围应为湖南的区划代码（43 为全省）",
		              "the region scope must be a Hunan division code (43 for the province)"));
	if (!password || strlen(password) < 8 || strlen(password) > 128)
		return about(e, "password",
		             error_set(e, ERR_INVAL, "密码应为 8 到 128 个字符",
		                       "the password must be 8 to 128 characters"));
	if (sodium_init() < 0)
		return error_set(e, ERR_NOMEM, "加密库无法初始化", "the crypto library cannot start");
	_Static_assert(ACCESS_PASSWORD_HASH == crypto_pwhash_STRBYTES, "the hash's size");
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE))
		return error_nomem(e);
	return 0;
}

int access_user_store(struct store *s, const char *name, const char *display, const char *role,
                      const char *region, const char hash[ACCESS_PASSWORD_HASH], struct error *e)
{
	enum access_role r;
	if (access_role_parse(role, &r))
		return error_set(e, ERR_INVAL, "没有角色“%s”", "no role %s", role);
	struct access_db_user u = { name, display && *display ? display : name, r, region, hash };
	int64_t id;
	return access_db_user_add(s, &u, &id, e);
}

int access_user_add(struct store *s, const char *name, const char *display, const char *role,
                    const char *region, const char *password, struct error *e)
{
	char hash[ACCESS_PASSWORD_HASH];
	int rc = access_user_prepare(name, display, role, region, password, hash, e);
	return rc ? rc : access_user_store(s, name, display, role, region, hash, e);
}

static void take_user(const struct access_db_user_row *row, struct access_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = row->id;
	snprintf(u->name, sizeof u->name, "%s", row->name);
	snprintf(u->display, sizeof u->display, "%s", row->display);
	snprintf(u->region, sizeof u->region, "%s", row->region);
	u->role = row->role; /* SR_COUNT, an unknown role, may do nothing */
}

static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	if (crypto_pwhash_str(dummy, "no such user", 12, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE))
		dummy[0] = '\0';
}

int access_login_lookup(struct store *s, const char *name, struct access_login_try *t, struct error *e)
{
	memset(t, 0, sizeof *t);
	int found = access_db_user_get(s, name ? name : "", &t->row, e);
	if (found < 0)
		return found;
	t->found = found == 1;
	if (sodium_init() < 0)
		return error_set(e, ERR_NOMEM, "加密库无法初始化", "the crypto library cannot start");
	pthread_once(&dummy_once, make_dummy);
	if (!t->found && !dummy[0])
		return error_nomem(e);
	return 0;
}

void access_login_check(struct access_login_try *t, const char *password)
{
	/* an unknown name costs the same hash check as a known one, so timing does not tell */
	const char *stored = t->found ? t->row.pwhash : dummy;
	t->ok = password && crypto_pwhash_str_verify(stored, password, strlen(password)) == 0 && t->found &&
	        !t->row.disabled;
	sodium_memzero(t->row.pwhash, sizeof t->row.pwhash);
}

int access_login_finish(struct store *s, const struct access_login_try *t, int64_t now, struct access_user *u,
                        struct access_session *out, struct error *e)
{
	if (!t->ok) {
		if (t->found && !t->row.disabled) {
			int rc = access_db_user_login_failed(s, t->row.name, 0, e);
			if (rc)
				return rc;
		}
		return error_set(e, ERR_PERM, "用户名或密码不正确", "wrong user name or password");
	}
	char hash[65];
	random_token(out->token);
	random_token(out->csrf);
	token_hash(out->token, hash);
	int rc = access_db_user_login_ok(s, t->row.name, e);
	if (!rc)
		rc = access_db_session_add(s, hash, t->row.id, out->csrf, now, now + SESSION_SECONDS, e);
	if (!rc)
		take_user(&t->row, u);
	return rc;
}

int access_login(struct store *s, const char *name, const char *password, int64_t now, struct access_user *u,
                 struct access_session *out, struct error *e)
{
	struct access_login_try t;
	int rc = access_login_lookup(s, name, &t, e);
	if (rc)
		return rc;
	access_login_check(&t, password);
	return access_login_finish(s, &t, now, u, out, e);
}

int access_session_user(struct store *s, const char *token, int64_t now, struct access_user *u,
                        char csrf[ACCESS_TOKEN_HEX + 1], struct error *e)
{
	if (!token || strlen(token) != ACCESS_TOKEN_HEX)
		return 0;
	char hash[65];
	token_hash(token, hash);
	struct access_db_user_row row;
	int rc = access_db_session_get(s, hash, now, &row, csrf, ACCESS_TOKEN_HEX + 1, e);
	if (rc == 1)
		take_user(&row, u);
	return rc;
}

int access_logout(struct store *s, const char *token, struct error *e)
{
	if (!token || strlen(token) != ACCESS_TOKEN_HEX)
		return 0;
	char hash[65];
	token_hash(token, hash);
	return access_db_session_delete(s, hash, e);
}

int access_user_by_name(struct store *s, const char *name, struct access_user *u, struct error *e)
{
	struct access_db_user_row row;
	int rc = access_db_user_get(s, name ? name : "", &row, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return error_set(e, ERR_NOTFOUND, "没有用户“%s”", "no user %s", name ? name : "");
	if (row.disabled)
		return error_set(e, ERR_PERM, "用户“%s”已停用", "the user %s is disabled", name);
	take_user(&row, u);
	return 0;
}
