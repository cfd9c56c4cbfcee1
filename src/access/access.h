/* access.h: who may do what with personal data: accounts with a role and a region scope
 * (auth.c) and the one access gate every read or change of personal data passes, which writes
 * the audit log (gate.c). The server, the case services and the commands all use it. */
#ifndef SAFETYNET_ACCESS_H
#define SAFETYNET_ACCESS_H

#include "base/buf.h"
#include "base/common.h"
#include "base/error.h"
#include "store/store.h"
#include "access/access_role.h"
#include "access/users_repo.h"

/* ---- roles and accounts (auth.c) ---- */

struct access_user {
	int64_t id;
	char name[64], display[128];
	enum access_role role;
	char region[16]; /* a code prefix: 43 (province) .. a 9-digit township */
};

/* Adds a user with an Argon2id hash of the password (at least 8 characters). */
int access_user_add(struct store *s, const char *name, const char *display, const char *role,
                    const char *region, const char *password, struct error *e);
/* The same in two halves, so that the hash (64 MB, tens of milliseconds) is never computed while
 * a write transaction holds the database: access_user_prepare checks the fields and hashes the
 * password into hash; access_user_store adds the prepared account (inside the caller's transaction). */
enum { ACCESS_PASSWORD_HASH = 128 }; /* crypto_pwhash_STRBYTES */
int access_user_prepare(const char *name, const char *display, const char *role, const char *region,
                        const char *password, char hash[ACCESS_PASSWORD_HASH], struct error *e);
int access_user_store(struct store *s, const char *name, const char *display, const char *role,
                      const char *region, const char hash[ACCESS_PASSWORD_HASH], struct error *e);

enum { ACCESS_TOKEN_HEX = 64 };
struct access_session {
	char token[ACCESS_TOKEN_HEX + 1]; /* for the cookie; stored only as its SHA-256 */
	char csrf[ACCESS_TOKEN_HEX + 1];
};
/* Checks a password: a wrong name or password is one error (ERR_PERM), never saying which, and
 * takes the same time. On success a session of 8 hours is opened. access_login is the three steps
 * below in one: access_login_lookup (the store), access_login_check (the Argon2id hash alone: call it
 * without any lock the store's other users wait on), access_login_finish (the store: failures
 * counted, or the session opened). */
int access_login(struct store *s, const char *name, const char *password, int64_t now, struct access_user *u,
                 struct access_session *out, struct error *e);
struct access_login_try {
	struct access_db_user_row row;
	bool found; /* the name is an account's */
	bool ok;    /* the password is right and the account enabled */
};
int access_login_lookup(struct store *s, const char *name, struct access_login_try *t, struct error *e);
void access_login_check(struct access_login_try *t, const char *password);
int access_login_finish(struct store *s, const struct access_login_try *t, int64_t now, struct access_user *u,
                        struct access_session *out, struct error *e);
/* The user of a session token: 1, or 0 when the token is unknown, expired or the user disabled. */
int access_session_user(struct store *s, const char *token, int64_t now, struct access_user *u,
                        char csrf[ACCESS_TOKEN_HEX + 1], struct error *e);
int access_logout(struct store *s, const char *token, struct error *e);

/* ---- the access gate (gate.c) ---- */

enum access_action {
	SA_SEARCH,   /* find households and persons */
	SA_READ,     /* a household's members, facts and verifications */
	SA_VERIFY,   /* run a verification */
	SA_HUB,      /* the data hub: catalogue, batches and their rejects, sharing tasks */
	SA_CASE,     /* read a case or take a step of its workflow, the township reserve fund */
	SA_USERS,    /* see the staff accounts of a region */
	SA_ACCOUNTS, /* add, disable or enable staff accounts */
	SA_SHARE,    /* subscribe a consumer to a resource, approve a conditional field */
	SA_INGEST,   /* take in a department's file (a batch) */
	SA_PAY,      /* payments: the roll, payrolls, their approval, bank and return files, the ledger */
	SA_COUNT
};
const char *access_action_name(enum access_action a);

/* The one gate for personal data: may user u do action a on the data of region `region` (a
 * household's 12-digit code, or a search's scope)? Allowed or refused, an audit entry is
 * written (who, what, which household, when, why); ERR_PERM when refused, with the reason. */
int access_gate(struct store *s, const struct access_user *u, enum access_action a, const char *region,
                const char *subject, const char *why, struct error *e);
/* The same gate for a server thread that answers from memory and holds no connection: the same
 * decision, its entry queued on the server's audit queue. */
struct audit_queue;
int access_gate_queued(struct audit_queue *q, const struct access_user *u, enum access_action a,
                       const char *region, const char *subject, const char *why, struct error *e);
/* May role r ever do action a, whatever the region? The gate's role table, for the route table's
 * column (server/routes.c) and for offering what a user may do. */
bool access_role_may(enum access_role r, enum access_action a);
/* The role half of the gate, asked by the router before a route's handler runs: a role the
 * action is never allowed is refused here, audited as ACTION-refused with `subject` (the path)
 * and ERR_PERM; an allowed role writes nothing (the handler's gate, which knows the data's
 * region, writes the entry). */
int access_gate_role(struct store *s, const struct access_user *u, enum access_action a, const char *subject,
                     struct error *e);
/* The gate for a search: prefix is the household-number prefix searched for, or NULL (an ID
 * number or a name: the user's region is searched). *scope gets what is searched: the prefix,
 * or the user's region when the prefix is wider and holds it; a prefix outside the region is
 * refused. Audited as access_gate's SA_SEARCH on *scope, with `what` as the reason. */
int access_gate_search(struct store *s, const struct access_user *u, const char *prefix, const char *what,
                       const char **scope, struct error *e);
/* Does region (a region code, or a household number, whose first digits are its region) lie in
 * u's region scope? The gate's own test, for what an allowed, audited read goes on to filter
 * (a search's hits, the accounts listed): no entry of its own. */
bool access_in_scope(const struct access_user *u, const char *region);
/* Would access_gate_step let u take a step the workflow allows to `roles` (a set of 1u << enum
 * access_role) on a case of region? No entry: for offering the steps a user may take. */
bool access_may_step(const struct access_user *u, unsigned roles, const char *region);
/* The gate for a case's workflow (cases/): as access_gate with SA_CASE, and `refusal`, when not
 * NULL, is the workflow's own answer (a step skipped, a role the step does not allow, a region
 * outside the step's reach): audited as refused and returned as ERR_PERM with its message. An
 * allowed step is audited with `step` as the action: for reads (a change uses access_change_gate_step). */
int access_gate_step(struct store *s, const struct access_user *u, const char *region, const char *subject,
                     const char *step, const struct error *refusal, struct error *e);
/* A change of personal data (a case opened or stepped, a fund top-up or payment, an account,
 * a sharing task, an authorisation) and its audit entry commit in one transaction, or neither
 * does. access_change_gate (access_gate's decision) and access_change_gate_step (access_gate_step's) audit a
 * refusal at once and return ERR_PERM; when allowed they write nothing and fill ch with the
 * entry. The caller begins its write transaction, makes the change and calls access_change_end,
 * which appends the entry inside it and commits. A change that fails after the gate let it
 * through (what it needs is missing, the fund is short, the entry cannot be written) is rolled
 * back and audited as ACTION-refused with the reason, never under the name of a done action. */
struct access_change {
	char actor[64], action[48], subject[64], detail[600];
};
int access_change_gate(struct store *s, const struct access_user *u, enum access_action a, const char *region,
                       const char *subject, const char *why, struct access_change *ch, struct error *e);
int access_change_gate_step(struct store *s, const struct access_user *u, const char *region,
                            const char *subject, const char *step, const struct error *refusal,
                            struct access_change *ch, struct error *e);
/* Appends ch's entry inside the open write transaction (ERR_INVAL outside one). */
int access_change_audit(struct store *s, const struct access_change *ch, struct error *e);
/* Ends the change's transaction: rc 0 appends the entry and commits; otherwise (or when either
 * fails) rolls back and audits the refusal. Returns rc, or the entry's or the commit's error. */
int access_change_end(struct store *s, const struct access_change *ch, int rc, struct error *e);
/* A change refused after the gate, before its transaction began: audits ACTION-refused with
 * why's reason and returns rc. */
int access_change_refused(struct store *s, const struct access_change *ch, int rc, const struct error *why);
/* The account a command acts as (--as NAME): ERR_NOTFOUND, or ERR_PERM when disabled. */
int access_user_by_name(struct store *s, const char *name, struct access_user *u, struct error *e);
/* Does the role see whole ID numbers? Others see the first 6 and last 4 characters. */
bool access_sees_ids(const struct access_user *u);
/* An ID number as the user may see it, into out (19 bytes). */
void access_mask_id(const struct access_user *u, const char *id, char out[19]);

#endif
