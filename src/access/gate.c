/* gate.c: the access gate. Every read or change of personal data (by the server, the case
 * services, the case commands) passes access_gate or access_gate_step first: the role must be allowed
 * the action, the data's region must lie inside the user's region scope, and whatever the answer
 * an entry goes to the hash-chained audit log (who, what, which household or case, when, why)
 * through an audit sink (audit/): a read's entry may be queued (the server commits them in
 * groups); a change's entry is written inside the change's own transaction (access_change_*), and a
 * change that fails after the gate is audited as refused, never under the name of a done one. */
#include "access/access.h"
#include "audit/audit.h"

/* which roles may do what with personal data (DOMAIN.md: caseworkers handle cases in their
 * township, reviewers and approvers in their county, supervisors and auditors look, policy and
 * data officers never see persons; the hub's batches and rejects are for data officers, auditors
 * and administrators; only data officers take in files, subscribe consumers and record field
 * approvals; payments are the county's: reviewers and approvers of civil affairs and the finance
 * officer, supervisors and auditors looking) */
static const bool allowed[SR_COUNT][SA_COUNT] = {
	/*                   search read  verify hub    case   users  accounts share  ingest pay */
	[SR_CASEWORKER] = { true, true, true, false, true, false, false, false, false, false },
	[SR_TOWNSHIP_HEAD] = { true, true, true, false, true, false, false, false, false, false },
	[SR_REVIEWER] = { true, true, true, false, true, false, false, false, false, true },
	[SR_APPROVER] = { true, true, true, false, true, false, false, false, false, true },
	[SR_SUPERVISOR] = { true, true, false, false, true, false, false, false, false, true },
	[SR_POLICY] = { false, false, false, false, false, false, false, false, false, false },
	[SR_DATA] = { false, false, false, true, false, false, false, true, true, false },
	[SR_AUDITOR] = { true, true, false, true, true, true, false, false, false, true },
	[SR_ADMIN] = { false, false, false, true, false, true, true, false, false, false },
	[SR_FINANCE] = { false, false, false, false, false, false, false, false, false, true },
};

const char *access_action_name(enum access_action a)
{
	static const char *const names[SA_COUNT] = { "search", "read",     "verify", "hub",    "case",
		                                     "users",  "accounts", "share",  "ingest", "pay" };
	return (unsigned)a < SA_COUNT ? names[a] : "?";
}

bool access_sees_ids(const struct access_user *u)
{
	return u->role == SR_CASEWORKER || u->role == SR_TOWNSHIP_HEAD || u->role == SR_REVIEWER ||
	       u->role == SR_APPROVER;
}

void access_mask_id(const struct access_user *u, const char *id, char out[19])
{
	size_t n = id ? strlen(id) : 0;
	if (access_sees_ids(u) || n < 10) {
		snprintf(out, 19, "%s", id ? id : "");
		return;
	}
	snprintf(out, 19, "%.6s%.*s%s", id, (int)(n - 10 > 8 ? 8 : n - 10), "********", id + n - 4);
}

/* the decision and its audit entry, written to sink k (on a connection, or queued) */
static int gate(struct audit_sink k, const struct access_user *u, enum access_action a, const char *region,
                const char *subject, const char *why, struct error *e)
{
	bool role_ok = (unsigned)u->role < SR_COUNT && (unsigned)a < SA_COUNT && allowed[u->role][a];
	bool region_ok = region && u->region[0] && !strncmp(region, u->region, strlen(u->region));
	char action[48], detail[300];
	snprintf(action, sizeof action, "%s%s", access_action_name(a),
	         role_ok && region_ok ? "" : "-refused");
	snprintf(detail, sizeof detail, "role=%s scope=%s region=%s why=%s", access_role_name(u->role),
	         u->region, region ? region : "", why ? why : "");
	int rc = audit_write(k, u->name, action, subject ? subject : "", detail, e);
	if (rc)
		return rc;
	if (!role_ok)
		return error_set(e, ERR_PERM, "角色“%s”无权进行此项个人数据操作（%s）",
		                 "the role %s may not do this with personal data (%s)",
		                 access_role_name(u->role), access_action_name(a));
	if (!region_ok)
		return error_set(e, ERR_PERM, "该户不在您的管辖区域（%s）内",
		                 "that household is outside your region (%s)", u->region);
	return 0;
}

int access_gate(struct store *s, const struct access_user *u, enum access_action a, const char *region,
                const char *subject, const char *why, struct error *e)
{
	return gate(audit_to_store(s), u, a, region, subject, why, e);
}

int access_gate_queued(struct audit_queue *q, const struct access_user *u, enum access_action a,
                       const char *region, const char *subject, const char *why, struct error *e)
{
	return gate(audit_to_queue(q), u, a, region, subject, why, e);
}

bool access_role_may(enum access_role r, enum access_action a)
{
	return (unsigned)r < SR_COUNT && (unsigned)a < SA_COUNT && allowed[r][a];
}

int access_gate_role(struct store *s, const struct access_user *u, enum access_action a, const char *subject,
                     struct error *e)
{
	if (access_role_may(u->role, a))
		return 0;
	return gate(audit_to_store(s), u, a, u->region, subject, "route", e);
}

bool access_in_scope(const struct access_user *u, const char *region)
{
	return region && u->region[0] && !strncmp(region, u->region, strlen(u->region));
}

int access_gate_search(struct store *s, const struct access_user *u, const char *prefix, const char *what,
                       const char **scope, struct error *e)
{
	size_t n = prefix ? strlen(prefix) : 0;
	bool wider = n < strlen(u->region) && !strncmp(u->region, prefix ? prefix : "", n);
	*scope = prefix && !wider ? prefix : u->region;
	return gate(audit_to_store(s), u, SA_SEARCH, *scope, "search", what, e);
}

bool access_may_step(const struct access_user *u, unsigned roles, const char *region)
{
	return (unsigned)u->role < SR_COUNT && allowed[u->role][SA_CASE] && (roles & (1u << u->role)) &&
	       access_in_scope(u, region);
}

/* the decision on a case's step: the entry's action and detail, and the error when refused */
static int decide_step(const struct access_user *u, const char *region, const char *step,
                       const struct error *refusal, char action[48], char detail[600], struct error *e)
{
	bool role_ok = (unsigned)u->role < SR_COUNT && allowed[u->role][SA_CASE];
	bool region_ok = region && u->region[0] && !strncmp(region, u->region, strlen(u->region));
	bool ok = role_ok && region_ok && !refusal;
	snprintf(action, 48, "%s%s", step, ok ? "" : "-refused");
	snprintf(detail, 600, "role=%s scope=%s region=%s%s%s", access_role_name(u->role), u->region,
	         region ? region : "", refusal ? " why=" : "", refusal ? refusal->en : "");
	if (!role_ok)
		return error_set(e, ERR_PERM, "角色“%s”无权办理救助案件", "the role %s may not handle cases",
		                 access_role_name(u->role));
	if (!region_ok)
		return error_set(e, ERR_PERM, "该案件不在您的管辖区域（%s）内",
		                 "that case is outside your region (%s)", u->region);
	if (refusal) {
		*e = *refusal;
		e->code = ERR_PERM;
		return ERR_PERM;
	}
	return 0;
}

int access_gate_step(struct store *s, const struct access_user *u, const char *region, const char *subject,
                     const char *step, const struct error *refusal, struct error *e)
{
	char action[48], detail[600];
	struct error verdict;
	error_clear(&verdict);
	int no = decide_step(u, region, step, refusal, action, detail, &verdict);
	int rc = audit_add(s, u->name, action, subject ? subject : "", detail, e);
	if (rc)
		return rc;
	if (no)
		*e = verdict;
	return no;
}

/* ---- changes: the entry commits with the change ---- */

static void change_init(struct access_change *ch, const struct access_user *u, const char *action,
                        const char *subject, const char *detail)
{
	snprintf(ch->actor, sizeof ch->actor, "%s", u->name);
	snprintf(ch->action, sizeof ch->action, "%s", action);
	snprintf(ch->subject, sizeof ch->subject, "%s", subject ? subject : "");
	snprintf(ch->detail, sizeof ch->detail, "%s", detail);
}

int access_change_gate(struct store *s, const struct access_user *u, enum access_action a, const char *region,
                       const char *subject, const char *why, struct access_change *ch, struct error *e)
{
	bool role_ok = (unsigned)u->role < SR_COUNT && (unsigned)a < SA_COUNT && allowed[u->role][a];
	bool region_ok = region && u->region[0] && !strncmp(region, u->region, strlen(u->region));
	if (!role_ok || !region_ok) /* refused: nothing changes, the refusal is audited now */
		return gate(audit_to_store(s), u, a, region, subject, why, e);
	char detail[300];
	snprintf(detail, sizeof detail, "role=%s scope=%s region=%s why=%s", access_role_name(u->role),
	         u->region, region ? region : "", why ? why : "");
	change_init(ch, u, access_action_name(a), subject, detail);
	return 0;
}

int access_change_gate_step(struct store *s, const struct access_user *u, const char *region,
                            const char *subject, const char *step, const struct error *refusal,
                            struct access_change *ch, struct error *e)
{
	char action[48], detail[600];
	struct error verdict;
	error_clear(&verdict);
	if (!decide_step(u, region, step, refusal, action, detail, &verdict)) {
		change_init(ch, u, action, subject, detail);
		return 0;
	}
	int rc = audit_add(s, u->name, action, subject ? subject : "", detail, e);
	if (rc)
		return rc;
	*e = verdict;
	return verdict.code;
}

int access_change_audit(struct store *s, const struct access_change *ch, struct error *e)
{
	if (!store_in_transaction(s)) /* a change's entry is never queued */
		return error_set(e, ERR_INVAL, "变更的审计记录须在其事务内写入",
		                 "a change's audit entry is written inside its transaction");
	return audit_add(s, ch->actor, ch->action, ch->subject, ch->detail, e);
}

int access_change_refused(struct store *s, const struct access_change *ch, int rc, const struct error *why)
{
	char action[64], detail[1100];
	struct error ae;
	snprintf(action, sizeof action, "%s-refused", ch->action);
	snprintf(detail, sizeof detail, "%s why=%s", ch->detail, why ? why->en : "");
	/* a refusal changes nothing; should its entry fail, the refusal's own error is the answer */
	audit_add(s, ch->actor, action, ch->subject, detail, &ae);
	return rc;
}

int access_change_end(struct store *s, const struct access_change *ch, int rc, struct error *e)
{
	if (!rc)
		rc = access_change_audit(s, ch, e);
	if (!rc && (rc = store_commit(s, e)) == 0)
		return 0;
	store_rollback(s);
	return access_change_refused(s, ch, rc, e);
}
