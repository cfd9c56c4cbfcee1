/* pay_payroll.c: the monthly payroll (DOMAIN.md §11): one frozen line per payable case (active, or
 * exiting until its last month; paid from the month after approval) with its payee, account and
 * where its amount came from, and a re-issue line for each failed payment of an earlier month; then
 * the checks before money moves (each a rule with its evidence: blocking ones hold their line) and
 * the approval by civil affairs and then finance, two different people. */
#include "base/hmap.h"
#include "base/mem.h"
#include "base/money.h"
#include "base/region.h"
#include "cases/cases.h"
#include "pay/pay_int.h"
#include "verify/verify_repo.h"

#define ROLES_BUILD (CS_ROLE(SR_REVIEWER) | CS_ROLE(SR_APPROVER))

static int region_ok(const char *region, struct error *e)
{
	size_t n = region ? strlen(region) : 0;
	if (n < 2 || n > 12 || strspn(region, "0123456789") != n || !region_lookup(region, n)) {
		error_set(e, ERR_INVAL, "“%s”不是区划代码", "%s is not a region code", region ? region : "");
		error_field(e, "region");
		return ERR_INVAL;
	}
	return 0;
}

struct payable {
	struct pay_db_line *v; /* re-issue lines, added after the scan of earlier payrolls' lines */
	size_t n, cap;
	int64_t payroll;
	struct pay_totals *t;
	month_t month;
	char last_day[DATE_STR_SIZE];
	struct store *s;
	struct error *e;
};

static int push(struct payable *p, const struct pay_db_line *l)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 256;
		struct pay_db_line *v = mem_realloc(p->v, cap * sizeof *v);
		if (!v)
			return error_nomem(p->e);
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = *l;
	return 0;
}

/* a line into the payroll, counted */
static int add_line(struct payable *p, struct pay_db_line *l)
{
	int64_t lid;
	l->payroll = p->payroll;
	int rc = pay_db_line_add(p->s, l, &lid, p->e);
	if (rc)
		return rc;
	p->t->lines++;
	if (money_add(p->t->total_fen, l->amount_fen, &p->t->total_fen))
		return error_set(p->e, ERR_OVERFLOW, "合计溢出", "the total overflows");
	if (l->reissue_of) {
		p->t->reissued++;
		p->t->reissued_fen += l->amount_fen;
	}
	return 0;
}

static int fill_account(struct payable *p, struct pay_db_line *l, const char *fallback_payee)
{
	struct pay_db_account acc;
	int rc = pay_db_account_current(p->s, l->case_id, p->last_day, &acc, p->e);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		snprintf(l->payee, sizeof l->payee, "%s", acc.payee);
		snprintf(l->account, sizeof l->account, "%s", acc.account);
		snprintf(l->bank, sizeof l->bank, "%s", acc.bank);
		snprintf(l->card_type, sizeof l->card_type, "%s", acc.card_type);
	} else {
		snprintf(l->payee, sizeof l->payee, "%s", fallback_payee);
		snprintf(l->card_type, sizeof l->card_type, "%s", "none");
	}
	return 0;
}

static int on_case(void *arg, const struct cs_db_case *c, const char *approved)
{
	struct payable *p = arg;
	date_t ad;
	/* paid from the month after approval; an exiting case until the month its exit ends */
	if (!approved[0] || date_parse(approved, strlen(approved), &ad) || month_of(ad) >= p->month ||
	    c->amount_fen <= 0)
		return 0;
	if (c->state == CST_EXITING) {
		date_t until;
		if (!c->exit_until[0] || date_parse(c->exit_until, strlen(c->exit_until), &until) ||
		    month_of(until) < p->month)
			return 0;
	}
	struct pay_db_line l;
	memset(&l, 0, sizeof l);
	l.case_id = c->id;
	snprintf(l.household, sizeof l.household, "%s", c->household);
	snprintf(l.region, sizeof l.region, "%s", c->region);
	snprintf(l.scheme, sizeof l.scheme, "%s", cs_scheme_name(c->scheme));
	l.amount_fen = c->amount_fen;
	snprintf(l.kind, sizeof l.kind, "%s", "monthly");
	l.verification = c->verification;
	snprintf(l.basis, sizeof l.basis, "%s@%s", c->verification ? "verification" : "approval", approved);
	snprintf(l.status, sizeof l.status, "%s", "pending");
	int rc = fill_account(p, &l, c->applicant);
	return rc ? rc : add_line(p, &l);
}

static int on_failed(void *arg, const struct pay_db_line *old)
{
	struct payable *p = arg;
	struct pay_db_line l = *old;
	l.id = 0;
	snprintf(l.kind, sizeof l.kind, "%s", "reissue");
	l.reissue_of = old->id;
	snprintf(l.basis, sizeof l.basis, "reissue of line %" PRId64, old->id);
	snprintf(l.status, sizeof l.status, "%s", "pending");
	l.reason[0] = 0;
	/* to the account in force now: a failure is often a closed account, since corrected */
	int rc = fill_account(p, &l, old->payee);
	return rc ? rc : push(p, &l);
}

int pay_payroll_build(struct pay_service *ps, struct store *s, const struct pay_actor *a, const char *region,
                      month_t month, int64_t *id, struct pay_totals *t, struct error *e)
{
	UNUSED(ps);
	memset(t, 0, sizeof *t);
	int rc = region_ok(region, e);
	if (rc)
		return rc;
	char mtext[8], subject[64];
	month_format(month, mtext);
	snprintf(subject, sizeof subject, "payroll %s %s", region, mtext);
	struct access_change ch;
	if ((rc = pay_change_begin(s, a, region, subject, "payroll-build", ROLES_BUILD, &ch, e)))
		return rc;
	int64_t existing = 0;
	struct payable p = { .t = t, .month = month, .s = s, .e = e };
	date_format(month_first_day(month + 1) - 1, p.last_day);
	if (!(rc = pay_db_payroll_of(s, mtext, region, &existing, e)) && existing)
		rc =
		    error_set(e, ERR_EXISTS,
		              "%s 的 %s 发放名册已生成（名册 %" PRId64 "）：名册一经生成即冻结，变动计入下月",
		              "the payroll of %s for %s is built already (payroll %" PRId64
		              "): a payroll is frozen, changes go to the next month",
		              region, mtext, existing);
	if (!rc)
		rc = pay_db_payroll_add(s, mtext, region, pay_actor_name(a), id, e);
	p.payroll = *id;
	if (!rc)
		rc = cs_db_payable_each(s, region, on_case, &p, e);
	if (!rc)
		rc = pay_db_failed_each(s, region, mtext, on_failed, &p, e);
	for (size_t i = 0; !rc && i < p.n; i++)
		rc = add_line(&p, &p.v[i]);
	mem_free(p.v);
	if (!rc)
		snprintf(ch.detail + strlen(ch.detail), sizeof ch.detail - strlen(ch.detail),
		         " payroll=%" PRId64 " lines=%" PRId64 " total_fen=%" PRId64, *id, t->lines,
		         t->total_fen);
	return access_change_end(s, &ch, rc, e);
}

/* ---- the checks ---- */

struct checker {
	struct pay_service *ps;
	struct store *s;
	struct error *e;
	const struct pay_db_payroll *pr;
	month_t month;
	char month_end[DATE_STR_SIZE], month_start[DATE_STR_SIZE];
	struct pay_check_report *rep;
	struct pay_db_line *lines;
	size_t n, cap;
	struct hmap payees;  /* payee -> index of the first monthly line paying them */
	struct hmap reviews; /* case -> its next review (a day), read once for the payroll */
};

static int note_review(void *arg, const struct cs_db_case *c, const char *approved)
{
	UNUSED(approved);
	struct checker *k = arg;
	date_t d;
	if (!c->next_review[0] || date_parse(c->next_review, strlen(c->next_review), &d))
		return 0;
	return hmap_put(&k->reviews, &c->id, sizeof c->id, (uint64_t)d) ? error_nomem(k->e) : 0;
}

static int collect(void *arg, const struct pay_db_line *l)
{
	struct checker *k = arg;
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 256;
		struct pay_db_line *v = mem_realloc(k->lines, cap * sizeof *v);
		if (!v)
			return error_nomem(k->e);
		k->lines = v;
		k->cap = cap;
	}
	k->lines[k->n++] = *l;
	return 0;
}

/* the latest fact of a person showing death, prison or a move by the end of the month */
struct person_status {
	const char *month_end;
	char dead[160], prison[160], moved[160];
};

static void evidence(char *out, size_t cap, const struct vf_db_fact_row *f)
{
	snprintf(out, cap,
	         "{\"fact\":\"%s\",\"period\":\"%.10s\",\"resource\":\"%.31s\",\"batch\":%" PRId64 "}",
	         f->kind, f->period ? f->period : "", f->resource, f->batch);
}

static int on_fact(void *arg, const struct vf_db_fact_row *f)
{
	struct person_status *ps = arg;
	/* a fact with no period counts from its batch; one with a period from that day or month */
	const char *when = f->period ? f->period : f->batch_date;
	if (when && strncmp(when, ps->month_end, strlen(when) < 10 ? strlen(when) : 10) > 0)
		return 0;
	if (!strcmp(f->kind, "death") || !strcmp(f->kind, "cremation"))
		evidence(ps->dead, sizeof ps->dead, f);
	else if (!strcmp(f->kind, "prison"))
		evidence(ps->prison, sizeof ps->prison, f);
	else if (!strcmp(f->kind, "register_change"))
		evidence(ps->moved, sizeof ps->moved, f);
	return 0;
}

static int status_of(struct checker *k, const char *person, struct person_status *st)
{
	memset(st, 0, sizeof *st);
	st->month_end = k->month_end;
	return vf_db_person_facts(k->s, person, on_fact, st, k->e);
}

struct members {
	char ids[16][19];
	int n;
};

static int on_member(void *arg, int64_t record, const char *person, const char *data)
{
	UNUSED(record);
	UNUSED(data);
	struct members *m = arg;
	if (person && m->n < 16)
		snprintf(m->ids[m->n++], 19, "%s", person);
	return 0;
}

static int flag(struct checker *k, struct pay_db_line *l, const char *rule, bool blocking, const char *ev)
{
	struct pay_db_check c;
	memset(&c, 0, sizeof c);
	c.payroll = k->pr->id;
	c.line = l->id;
	snprintf(c.rule, sizeof c.rule, "%s", rule);
	c.blocking = blocking;
	snprintf(c.evidence, sizeof c.evidence, "%s", ev);
	int rc = pay_db_check_add(k->s, &c, k->e);
	if (rc)
		return rc;
	if (blocking) {
		k->rep->blocking++;
		if (strcmp(l->status, "held")) {
			snprintf(l->status, sizeof l->status, "%s", "held");
			snprintf(l->reason, sizeof l->reason, "%s", rule);
			return pay_db_line_status(k->s, l->id, "held", rule, k->e);
		}
		return 0;
	}
	k->rep->listed++;
	return 0;
}

static int check_line(struct checker *k, struct pay_db_line *l, size_t idx)
{
	char ev[512];
	int rc;
	struct error why;
	date_t first = month_first_day(k->month);
	/* the account: missing or invalid */
	if (!l->account[0]) {
		if ((rc = flag(k, l, "account-missing", true, "{\"account\":\"\"}")))
			return rc;
	} else if (pay_account_check(k->ps, k->pr->region, first, l->card_type, l->account, &why)) {
		if (why.code != ERR_INVAL)
			return *k->e = why, why.code;
		snprintf(ev, sizeof ev, "{\"card_type\":\"%s\",\"reason\":\"%.200s\"}", l->card_type, why.en);
		if ((rc = flag(k, l, "account-invalid", true, ev)))
			return rc;
	} else {
		int64_t n = 0;
		if ((rc = pay_db_account_households(k->s, l->account, &n, k->e)))
			return rc;
		if (n > 1) {
			snprintf(ev, sizeof ev, "{\"households\":%" PRId64 "}", n);
			if ((rc = flag(k, l, "account-shared", false, ev)))
				return rc;
		}
	}
	/* the payee: dead, in prison or moved out by the latest facts */
	struct person_status st;
	if ((rc = status_of(k, l->payee, &st)))
		return rc;
	if (st.dead[0] && (rc = flag(k, l, "payee-dead", true, st.dead)))
		return rc;
	if (st.prison[0] && (rc = flag(k, l, "payee-prison", true, st.prison)))
		return rc;
	if (st.moved[0] && (rc = flag(k, l, "payee-moved", false, st.moved)))
		return rc;
	/* the members: all dead (a sole member) holds the line, one of several is listed */
	struct members m = { .n = 0 };
	if ((rc = vf_db_household_rows(k->s, l->household, on_member, &m, k->e)))
		return rc;
	int dead = 0, gone = 0;
	char last[160] = "";
	for (int i = 0; i < m.n; i++) {
		struct person_status ms;
		if ((rc = status_of(k, m.ids[i], &ms)))
			return rc;
		if (ms.dead[0] || ms.prison[0]) {
			dead += ms.dead[0] != 0;
			gone++;
			snprintf(last, sizeof last, "%s", ms.dead[0] ? ms.dead : ms.prison);
		}
	}
	if (m.n && gone == m.n && !st.dead[0] && (rc = flag(k, l, "sole-member-gone", true, last)))
		return rc;
	if (gone && gone < m.n) {
		snprintf(ev, sizeof ev, "{\"members\":%d,\"dead\":%d,\"gone\":%d}", m.n, dead, gone);
		if ((rc = flag(k, l, "member-gone", false, ev)))
			return rc;
	}
	if (strcmp(l->kind, "monthly"))
		return 0;
	/* the same person paid twice (two cases) */
	uint64_t seen_at;
	if (hmap_get(&k->payees, l->payee, strlen(l->payee), &seen_at)) {
		const struct pay_db_line *o = &k->lines[seen_at];
		if (o->case_id != l->case_id) {
			snprintf(ev, sizeof ev, "{\"other_line\":%" PRId64 ",\"other_case\":%" PRId64 "}",
			         o->id, o->case_id);
			if ((rc = flag(k, l, "paid-twice", true, ev)))
				return rc;
		}
	} else if (hmap_put(&k->payees, l->payee, strlen(l->payee), idx)) {
		return error_nomem(k->e);
	}
	/* the amount changed by more than pay_change_share since last month */
	int64_t share = 0, before = 0;
	char prev[8];
	month_format(k->month - 1, prev);
	if ((rc = pay_param(k->ps, k->pr->region, first, "pay_change_share", &share, k->e)))
		return rc;
	if ((rc = pay_db_case_amount_in(k->s, l->case_id, prev, &before, k->e)) < 0)
		return rc;
	if (rc == 1 && before > 0) {
		int64_t diff = l->amount_fen > before ? l->amount_fen - before : before - l->amount_fen;
		if (diff * 10000 > before * share) {
			snprintf(ev, sizeof ev,
			         "{\"before_fen\":%" PRId64 ",\"now_fen\":%" PRId64 ",\"share\":%" PRId64 "}",
			         before, l->amount_fen, share);
			if ((rc = flag(k, l, "amount-change", false, ev)))
				return rc;
		}
	}
	/* the case overdue for review */
	uint64_t review;
	if (hmap_get(&k->reviews, &l->case_id, sizeof l->case_id, &review) && (date_t)review < first) {
		char d[DATE_STR_SIZE];
		date_format((date_t)review, d);
		snprintf(ev, sizeof ev, "{\"next_review\":\"%s\"}", d);
		if ((rc = flag(k, l, "review-overdue", false, ev)))
			return rc;
	}
	return 0;
}

static int payroll_get(struct store *s, int64_t id, struct pay_db_payroll *p, struct error *e)
{
	int rc = pay_db_payroll_get(s, id, p, e);
	if (rc < 0)
		return rc;
	if (!rc) {
		error_set(e, ERR_NOTFOUND, "没有发放名册 %" PRId64, "there is no payroll %" PRId64, id);
		error_field(e, "payroll");
		return ERR_NOTFOUND;
	}
	return 0;
}

int pay_payroll_check(struct pay_service *ps, struct store *s, const struct pay_actor *a, int64_t id,
                      struct pay_check_report *r, struct error *e)
{
	memset(r, 0, sizeof *r);
	struct pay_db_payroll p;
	int rc = payroll_get(s, id, &p, e);
	if (rc)
		return rc;
	char subject[64];
	snprintf(subject, sizeof subject, "payroll %" PRId64, id);
	struct access_change ch;
	if ((rc = pay_change_begin(s, a, p.region, subject, "payroll-check", ROLES_BUILD, &ch, e)))
		return rc;
	struct checker k = { .ps = ps, .s = s, .e = e, .pr = &p, .rep = r };
	hmap_init(&k.payees);
	hmap_init(&k.reviews);
	month_parse(p.month, strlen(p.month), &k.month);
	date_format(month_first_day(k.month + 1) - 1, k.month_end);
	date_format(month_first_day(k.month), k.month_start);
	if (strcmp(p.state, "draft"))
		rc = error_set(e, ERR_INVAL, "名册 %" PRId64 " 已核查（状态 %s）",
		               "payroll %" PRId64 " was checked already (%s)", id, p.state);
	if (!rc)
		rc = cs_db_payable_each(s, p.region, note_review, &k, e);
	if (!rc)
		rc = pay_db_lines_each(s, id, collect, &k, e);
	for (size_t i = 0; !rc && i < k.n; i++)
		rc = check_line(&k, &k.lines[i], i);
	if (!rc)
		rc = pay_db_payroll_state(s, id, "checked", e);
	mem_free(k.lines);
	hmap_release(&k.payees);
	hmap_release(&k.reviews);
	if (!rc)
		snprintf(ch.detail + strlen(ch.detail), sizeof ch.detail - strlen(ch.detail),
		         " blocking=%" PRId64 " listed=%" PRId64, r->blocking, r->listed);
	return access_change_end(s, &ch, rc, e);
}

/* ---- the approval ---- */

static int refuse(struct error *e, const char *zh, const char *en)
{
	error_set(e, ERR_PERM, "%s", "%s", "");
	snprintf(e->zh, sizeof e->zh, "%s", zh);
	snprintf(e->en, sizeof e->en, "%s", en);
	return ERR_PERM;
}

int pay_payroll_approve(struct pay_service *ps, struct store *s, const struct access_user *u, int64_t id,
                        struct error *e)
{
	UNUSED(ps);
	struct pay_db_payroll p;
	int rc = payroll_get(s, id, &p, e);
	if (rc)
		return rc;
	char subject[64];
	snprintf(subject, sizeof subject, "payroll %" PRId64, id);
	struct access_change ch;
	struct pay_actor a = { u, NULL };
	if ((rc = pay_change_begin(s, &a, p.region, subject, "payroll-approve",
	                           CS_ROLE(SR_APPROVER) | CS_ROLE(SR_FINANCE), &ch, e)))
		return rc;
	bool finance = u->role == SR_FINANCE;
	if (!strcmp(p.state, "sent") || !strcmp(p.state, "reconciled"))
		rc = refuse(e, "名册已发送银行，不能再审批",
		            "the payroll was sent to the banks: it cannot be approved again");
	else if (!strcmp(p.state, "draft"))
		rc = refuse(e, "名册尚未核查，先运行核查",
		            "the payroll is not checked yet: run the checks first");
	else if (!strcmp(p.state, "approved-2") || (!finance && strcmp(p.state, "checked")))
		rc = refuse(e, "名册已审批，不能重复审批",
		            "the payroll is approved already: it cannot be approved twice");
	else if (finance && !strcmp(p.state, "checked"))
		rc = refuse(e, "须先由民政部门（县级审批人）审批，再由财政部门审批",
		            "civil affairs (the county approver) approves first, then finance");
	else if (finance && (!strcmp(p.approved1_by, u->name) || !strcmp(p.approved1_person, u->display)))
		rc = refuse(e, "同一人不能同时以民政和财政两个角色审批",
		            "one person may not approve in both roles");
	else
		rc = pay_db_payroll_approved(s, id, finance ? 2 : 1, u->name, u->display, e);
	if (!rc)
		snprintf(ch.detail + strlen(ch.detail), sizeof ch.detail - strlen(ch.detail), " step=%d",
		         finance ? 2 : 1);
	return access_change_end(s, &ch, rc, e);
}

/* ---- a payroll as it stands ---- */

int pay_totals_of(struct store *s, int64_t id, struct pay_return_report *r, struct error *e)
{
	struct pay_db_sums sums;
	int rc = pay_db_line_sums(s, id, &sums, e);
	if (rc)
		return rc;
	memset(r, 0, sizeof *r);
	r->pending = sums.n[0];
	r->pending_fen = sums.fen[0];
	r->held = sums.n[1];
	r->held_fen = sums.fen[1];
	r->paid = sums.n[2];
	r->paid_fen = sums.fen[2];
	r->failed = sums.n[3] + sums.n[4] + sums.n[5];
	r->failed_fen = sums.fen[3] + sums.fen[4] + sums.fen[5];
	r->total_fen = r->pending_fen + r->held_fen + r->paid_fen + r->failed_fen;
	return 0;
}

int pay_payroll_show(struct store *s, const struct pay_actor *a, int64_t id, const struct pay_view *v,
                     struct error *e)
{
	struct pay_db_payroll p;
	int rc = payroll_get(s, id, &p, e);
	char subject[64];
	snprintf(subject, sizeof subject, "payroll %" PRId64, id);
	if (!rc)
		rc = pay_read_gate(s, a, p.region, subject, e);
	struct pay_return_report r;
	if (!rc)
		rc = pay_totals_of(s, id, &r, e);
	if (!rc && v->on_payroll)
		rc = v->on_payroll(v->arg, &p, &r);
	if (!rc && v->on_line)
		rc = pay_db_lines_each(s, id, v->on_line, v->arg, e);
	if (!rc && v->on_check)
		rc = pay_db_checks_each(s, id, v->on_check, v->arg, e);
	return rc;
}
