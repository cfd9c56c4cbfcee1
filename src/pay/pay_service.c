/* pay_service.c: the payment service's parameters (data/policy-params.tsv, built in) and the gate of
 * every change and read: an account passes the access gate (SA_PAY) and the step's roles, the
 * operator acts under its own name; either way the change commits with its audit entry, and a
 * refusal is audited. */
#include "base/mem.h"
#include "pay/pay_int.h"
#include "audit/audit.h"

int pay_open_service(struct pay_service **out, struct error *e)
{
	struct pay_service *ps = mem_calloc(1, sizeof *ps);
	if (!ps)
		return error_nomem(e);
	int rc = params_load_builtin(&ps->ps, e);
	if (rc) {
		mem_free(ps);
		return rc;
	}
	*out = ps;
	return 0;
}

void pay_close_service(struct pay_service *ps)
{
	if (!ps)
		return;
	if (ps->have_snap)
		params_snapshot_release(&ps->snap);
	params_release(&ps->ps);
	mem_free(ps);
}

int pay_param(struct pay_service *ps, const char *region, date_t day, const char *name, int64_t *out,
              struct error *e)
{
	int rc = 0;
	if (!ps->have_snap || ps->snap.date != day || strcmp(ps->snap.region, region)) {
		if (ps->have_snap)
			params_snapshot_release(&ps->snap);
		ps->have_snap = false;
		if ((rc = params_resolve(&ps->ps, region, day, &ps->snap, e)))
			return rc;
		ps->have_snap = true;
	}
	const struct param_value *v = params_get(&ps->snap, name);
	if (v)
		*out = v->value;
	else {
		char d[DATE_STR_SIZE];
		date_format(day, d);
		rc = error_set(e, ERR_NOTFOUND, "政策参数 %s 在 %s（%s）没有生效值",
		               "the policy parameter %s has no value in force for %s on %s", name, region, d);
		error_field(e, name);
	}
	return rc;
}

const char *pay_actor_name(const struct pay_actor *a)
{
	return a->u ? a->u->name : a->op ? a->op : "operator";
}

int pay_change_begin(struct store *s, const struct pay_actor *a, const char *region, const char *subject,
                     const char *step, unsigned roles, struct access_change *ch, struct error *e)
{
	int rc;
	memset(ch, 0, sizeof *ch);
	if (a->u) {
		if ((rc = access_change_gate(s, a->u, SA_PAY, region, subject, step, ch, e)))
			return rc;
	} else {
		snprintf(ch->actor, sizeof ch->actor, "%s", pay_actor_name(a));
		snprintf(ch->subject, sizeof ch->subject, "%s", subject);
		snprintf(ch->detail, sizeof ch->detail, "operator region=%s", region);
	}
	snprintf(ch->action, sizeof ch->action, "pay-%s", step);
	if (roles && a->u && !(roles & (1u << a->u->role))) {
		struct error why;
		error_clear(&why);
		error_set(&why, ERR_PERM, "角色“%s”不能办理此步骤（%s）",
		          "the role %s may not take this step (%s)",
		          a->u ? access_role_name(a->u->role) : "operator", step);
		*e = why;
		return access_change_refused(s, ch, ERR_PERM, &why);
	}
	if ((rc = store_begin(s, e)))
		return access_change_refused(s, ch, rc, e);
	return 0;
}

int pay_read_gate(struct store *s, const struct pay_actor *a, const char *region, const char *subject,
                  struct error *e)
{
	if (a->u)
		return access_gate(s, a->u, SA_PAY, region, subject, "read", e);
	return audit_add(s, pay_actor_name(a), "pay-read", subject, region, e);
}
