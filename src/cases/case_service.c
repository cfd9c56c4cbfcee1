/* case_service.c: taking an application and each step of its workflow. A step is looked up in the
 * workflow's table (workflow.c); the access gate audits the attempt and refuses a step the table
 * does not have from the case's state, a role the step does not allow, or a case outside the
 * user's region. What the step needs (two staff at a home visit, written reasons for a refusal,
 * the end of the public notice before the township review, ...) is checked next, and the change,
 * its event, any reserve-fund entry and its audit entry commit in one transaction; a step that
 * fails after the gate let it through is audited as refused (access.h, access_change_end). */
#include "base/idno.h"
#include "base/mem.h"
#include "base/money.h"
#include "base/region.h"
#include "cases/cases_int.h"
#include "verify/verify_store.h"
#include "verify/verify_repo.h"
#include "cases/case_repo.h"

/* sets both messages, each already written in its language */
static int fail2(struct error *e, int code, const char *field, const char *zh, const char *en)
{
	error_set(e, code, "%s", "%s", "");
	snprintf(e->zh, sizeof e->zh, "%.*s", (int)sizeof e->zh - 1, zh);
	snprintf(e->en, sizeof e->en, "%.*s", (int)sizeof e->en - 1, en);
	if (field)
		error_field(e, field);
	return code;
}

static int need(struct error *e, const char *field, const char *zh, const char *en)
{
	return fail2(e, ERR_INVAL, field, zh, en);
}

static bool blank(const char *s)
{
	return !s || !*s;
}

/* is code one of a comma-separated list? */
static bool listed(const char *list, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, code, n))
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

bool cs_document_received(const struct cs_db_case *c, const char *code)
{
	return listed(c->documents, code);
}

/* adds the received documents (known codes, comma-separated) to the case's list */
static int take_documents(struct cs_db_case *c, const char *docs, struct error *e)
{
	char one[32];
	for (const char *p = docs; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		snprintf(one, sizeof one, "%.*s", (int)(len < sizeof one ? len : sizeof one - 1), p);
		p = end ? end + 1 : NULL;
		if (!one[0])
			continue;
		if (!cs_document_find(one)) {
			error_set(e, ERR_INVAL, "不认识的材料“%s”", "unknown document %s", one);
			error_field(e, "documents");
			return ERR_INVAL;
		}
		if (listed(c->documents, one))
			continue;
		size_t have = strlen(c->documents);
		if (have + strlen(one) + 2 > sizeof c->documents)
			return error_set(e, ERR_INVAL, "材料过多", "too many documents");
		snprintf(c->documents + have, sizeof c->documents - have, "%s%s", have ? "," : "", one);
	}
	return 0;
}

static size_t missing_documents(const struct cs_db_case *c, enum cs_scheme sc, const struct cs_document **out,
                                size_t cap)
{
	size_t n, k = 0;
	const struct cs_document *const *req = cs_documents_required(sc, c->kind, &n);
	for (size_t i = 0; i < n; i++)
		if (!listed(c->documents, req[i]->code) && k < cap)
			out[k++] = req[i];
	return k;
}

/* "申请书、授权书" / "application form; authorisation" */
static int missing_error(const struct cs_db_case *c, enum cs_scheme sc, struct error *e)
{
	const struct cs_document *miss[8];
	size_t n = missing_documents(c, sc, miss, ARRAY_SIZE(miss));
	if (!n)
		return 0;
	char zh[300] = "", en[300] = "";
	for (size_t i = 0; i < n; i++) {
		snprintf(zh + strlen(zh), sizeof zh - strlen(zh), "%s%s", i ? "、" : "", miss[i]->zh);
		snprintf(en + strlen(en), sizeof en - strlen(en), "%s%s", i ? "; " : "", miss[i]->en);
	}
	char z[400], g[400];
	snprintf(z, sizeof z, "还缺材料：%s", zh);
	snprintf(g, sizeof g, "documents still missing: %s", en);
	return need(e, "documents", z, g);
}

static void roles_text(cs_roles roles, char *zh, size_t zcap, char *en, size_t ecap)
{
	zh[0] = en[0] = '\0';
	for (int r = 0; r < SR_COUNT; r++)
		if (roles & CS_ROLE(r)) {
			snprintf(zh + strlen(zh), zcap - strlen(zh), "%s%s", zh[0] ? "或" : "",
			         access_role_label((enum access_role)r));
			snprintf(en + strlen(en), ecap - strlen(en), "%s%s", en[0] ? " or " : "",
			         access_role_name((enum access_role)r));
		}
}

/* the workflow's answer to "may u take step a on this case now?": 0, or the refusal in r */
static bool refused(const struct cs_transition *t, enum cs_state from, enum cs_action a,
                    const struct access_user *u, struct error *r)
{
	char zh[400], en[400];
	error_clear(r);
	if (!t) {
		snprintf(zh, sizeof zh, "案件处于“%s”，不能办理“%s”：步骤不能跳过或倒回",
		         cs_state_label(from, LANG_ZH), cs_action_label(a, LANG_ZH));
		snprintf(en, sizeof en,
		         "the case is %s: %s is not a step from there (steps cannot be skipped)",
		         cs_state_label(from, LANG_EN), cs_action_label(a, LANG_EN));
		fail2(r, ERR_PERM, "action", zh, en);
		return true;
	}
	if (!(t->roles & CS_ROLE(u->role))) {
		char rz[200], re[200];
		roles_text(t->roles, rz, sizeof rz, re, sizeof re);
		snprintf(zh, sizeof zh, "“%s”须由%s办理", cs_action_label(a, LANG_ZH), rz);
		snprintf(en, sizeof en, "%s is for the %s", cs_action_label(a, LANG_EN), re);
		fail2(r, ERR_PERM, "action", zh, en);
		return true;
	}
	return false;
}

/* runs the household economic verification for the case; the household's review period follows
 * from whether any counted member can work (irregular income: half-yearly) */
static int verify_case(struct cs_service *cs, struct store *s, struct vf_policy *vp,
                       const struct access_user *u, struct cs_db_case *c, date_t day,
                       struct cs_db_case_event *ev, struct error *e)
{
	if (!c->household[0])
		return need(e, "household", "该案件没有登记户，无法核对",
		            "the case has no registered household to verify");
	struct arena ar;
	arena_init(&ar, (size_t)1 << 16);
	struct vf_household h;
	struct vf_result r;
	struct buf report;
	buf_init(&report, BUF_DEFAULT_MAX);
	int64_t vid = 0;
	int rc = vf_verify_stored(s, vp, c->household, day, u->name, lang_current(), &ar, &h, &r, &report,
	                          &vid, e);
	if (!rc) {
		bool can_work = false;
		for (size_t i = 0; i < h.nmembers; i++) {
			const struct vf_member_result *m = &r.members[i];
			can_work |= m->counted && m->age >= 16 && m->age < 60 && !m->incapable && !m->student;
		}
		c->verification = vid;
		snprintf(c->decision, sizeof c->decision, "%s", vf_class_name(r.decision));
		c->verified_fen = r.benefit_fen;
		int64_t months = 0;
		rc = cs_param(cs, c->region, day,
		              can_work ? "review_months_irregular" : "review_months_stable", &months, e);
		c->review_months = (int)months;
		if (!rc)
			cs_fact_verified(ev->detail, sizeof ev->detail, vid, vf_class_name(r.decision),
			                 r.benefit_fen);
	} else if (rc == ERR_PERM) { /* no authorisation on record */
		e->code = rc = ERR_INVAL;
		error_field(e, "documents");
	}
	vf_result_release(&r);
	buf_release(&report);
	arena_release(&ar);
	return rc;
}

/* the rules granted nothing: the same cause within the year */
static int repeated_error(const char *why, struct error *e)
{
	char zh[500], en[500];
	struct buf z = BUF_INIT(400), g = BUF_INIT(400);
	cs_detail_text(why, LANG_ZH, &z);
	cs_detail_text(why, LANG_EN, &g);
	snprintf(zh, sizeof zh, "%s：如确需再次救助，请写明理由（override）", buf_cstr(&z));
	snprintf(en, sizeof en, "%s: to help again all the same, give the reason (override)", buf_cstr(&g));
	buf_release(&z);
	buf_release(&g);
	return need(e, "override", zh, en);
}

/* temporary aid paid at once from the township's reserve fund (inside the step's transaction) */
static int advance(struct cs_service *cs, struct store *s, const struct access_user *u, struct cs_db_case *c,
                   date_t day, int64_t requested, const char *override, struct cs_db_case_event *ev,
                   struct error *e)
{
	int64_t amount;
	bool county;
	char why[sizeof ev->detail];
	int rc = cs_temp_amount(cs, s, c, day, requested, override, &amount, &county, why, sizeof why, e);
	if (rc)
		return rc;
	if (amount <= 0)
		return repeated_error(why, e);
	if (county) {
		char m[MONEY_STR_SIZE], zh[300], en[300];
		money_format(amount, m);
		snprintf(zh, sizeof zh, "核定 %s 元超过乡镇审批额度，不能先行支付：请报县级审批", m);
		snprintf(en, sizeof en, "%s yuan is above what the township may approve: ask the county", m);
		return need(e, "amount", zh, en);
	}
	char township[10];
	snprintf(township, sizeof township, "%.9s", c->region);
	if ((rc = cs_fund_move(cs, s, township, day, "advance", -amount, c->id, u->name, c->cause, e)))
		return rc;
	c->amount_fen = amount;
	ev->amount_fen = amount;
	if (why[0])
		snprintf(ev->detail, sizeof ev->detail, "%s", why);
	return 0;
}

static void event_init(struct cs_db_case_event *ev, const struct cs_db_case *c, const struct access_user *u,
                       const char *action, date_t day)
{
	memset(ev, 0, sizeof *ev);
	ev->case_id = c->id;
	ev->amount_fen = -1;
	date_format(day, ev->day);
	snprintf(ev->actor, sizeof ev->actor, "%s", u->name);
	snprintf(ev->role, sizeof ev->role, "%s", access_role_name(u->role));
	snprintf(ev->action, sizeof ev->action, "%s", action);
	snprintf(ev->from, sizeof ev->from, "%s", cs_state_name(c->state));
}

static const char *const temp_causes[] = { "fire",      "accident", "illness", "medical",
	                                   "education", "disaster", "other" };
static const char *const referral_kinds[] = { "medical", "education", "housing", "employment", "disaster" };

static bool one_of(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

/* what an application says, checked before anything is read or written */
static int check_application(const struct cs_application *ap, enum cs_scheme *sc, struct cs_db_case *c,
                             date_t *day, struct error *e)
{
	if (cs_scheme_parse(ap->scheme, sc))
		return need(e, "scheme", "申请类别应为 dibao、tekun、marginal、rigid、temp 或 referral",
		            "the scheme is dibao, tekun, marginal, rigid, temp or referral");
	const char *kind = ap->kind && *ap->kind ? ap->kind : "";
	if (*sc == CS_TEMP && strcmp(kind, "emergency") && strcmp(kind, "expenditure"))
		return need(e, "kind", "临时救助类型应为 emergency（急难型）或 expenditure（支出型）",
		            "temporary aid is emergency or expenditure");
	if (*sc == CS_REFERRAL && !one_of(kind, referral_kinds, ARRAY_SIZE(referral_kinds)))
		return need(e, "kind", "专项救助应为 medical、education、housing、employment 或 disaster",
		            "specialised aid is medical, education, housing, employment or disaster");
	if (*sc != CS_TEMP && *sc != CS_REFERRAL && *kind)
		return need(e, "kind", "只有临时救助和专项救助转介有类型",
		            "only temporary aid and referrals have a kind");
	snprintf(c->kind, sizeof c->kind, "%s", kind);
	int rc = cs_parse_day(ap->day, NULL, "day", day, e);
	if (rc)
		return rc;
	struct idno idn;
	enum idno_reason why =
	    ap->applicant ? idno_parse(ap->applicant, strlen(ap->applicant), 0, &idn) : IDNO_LENGTH;
	if (why != IDNO_OK)
		return fail2(e, ERR_INVAL, "applicant", idno_reason_text(why, LANG_ZH),
		             idno_reason_text(why, LANG_EN));
	snprintf(c->applicant, sizeof c->applicant, "%s", idn.id);
	if (blank(ap->reason) || strlen(ap->reason) >= sizeof c->reason)
		return need(e, "reason", "请写明申请理由（500 字节以内）",
		            "give the reason for the application (up to 500 bytes)");
	snprintf(c->reason, sizeof c->reason, "%s", ap->reason);
	if (ap->relative && strlen(ap->relative) >= sizeof c->relative)
		return need(e, "relative", "亲属关系说明过长", "the relation is too long");
	snprintf(c->relative, sizeof c->relative, "%s", ap->relative ? ap->relative : "");
	if (*sc == CS_TEMP) {
		if (!one_of(ap->cause, temp_causes, ARRAY_SIZE(temp_causes)))
			return need(
			    e, "cause",
			    "事由应为 fire、accident、illness、medical、education、disaster 或 other",
			    "the cause is fire, accident, illness, medical, education, disaster or other");
		snprintf(c->cause, sizeof c->cause, "%s", ap->cause);
		if ((rc = cs_parse_amount(ap->requested, false, "requested", &c->requested_fen, e)))
			return rc;
		if (!blank(ap->place)) {
			size_t n = strlen(ap->place);
			if ((n != 9 && n != 12) || strspn(ap->place, "0123456789") != n ||
			    !region_lookup(ap->place, n))
				return need(e, "place", "事发地应为乡镇（9 位）或村（社区，12 位）区划代码",
				            "the place is a township (9-digit) or village (12-digit) code");
			snprintf(c->region, sizeof c->region, "%s", ap->place);
		}
	}
	if (ap->documents)
		return take_documents(c, ap->documents, e);
	return 0;
}

/* the household's members: the applicant must be one of them; name and urban follow */
static int read_household(struct store *s, struct cs_db_case *c, date_t day, struct error *e)
{
	struct arena ar;
	arena_init(&ar, (size_t)1 << 16);
	struct vf_household h;
	int64_t auth;
	int rc = vf_household_from_store(s, c->household, day, &ar, &h, &auth, e);
	bool member = false;
	for (size_t i = 0; !rc && i < h.nmembers; i++)
		if (!strcmp(h.members[i].idno, c->applicant)) {
			member = true;
			snprintf(c->name, sizeof c->name, "%s", h.members[i].name);
		}
	if (!rc && !member)
		rc = need(e, "applicant", "申请人不是该户成员",
		          "the applicant is not a member of that household");
	if (!rc) {
		const struct region *reg = region_lookup(c->household, 12);
		c->urban = h.urban >= 0 ? h.urban == 1
		                        : reg && (strstr(reg->name, "社区") || strstr(reg->name, "居委会"));
	}
	arena_release(&ar);
	return rc;
}

/* the signed authorisation received at intake goes on record when the household has none */
static int record_authorisation(struct store *s, const struct access_user *u, const struct cs_db_case *c,
                                const char *day, struct error *e)
{
	if (!c->household[0] || !listed(c->documents, "authorisation"))
		return 0;
	struct vf_db_auth_row row;
	int rc = vf_db_auth_valid(s, c->household, day, &row, e);
	if (rc)
		return rc < 0 ? rc : 0;
	struct vf_db_auth a = { c->household, c->name, day, "", VF_AUTH_SCOPE, "核对授权书（随申请收取）",
		                u->name };
	int64_t id;
	return vf_auth_record(s, &a, &id, e);
}

/* a second entry of the same change, on the case (inside its transaction) */
static int audit_also(struct store *s, const struct access_change *ch, const char *action, int64_t id,
                      struct error *e)
{
	struct access_change more = *ch;
	snprintf(more.action, sizeof more.action, "%s", action);
	snprintf(more.subject, sizeof more.subject, "case:%" PRId64, id);
	return access_change_audit(s, &more, e);
}

int cs_open(struct cs_service *cs, struct store *s, const struct access_user *u,
            const struct cs_application *ap, struct cs_opened *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	struct cs_db_case c;
	memset(&c, 0, sizeof c);
	enum cs_scheme sc;
	date_t day;
	int rc = check_application(ap, &sc, &c, &day, e);
	if (rc)
		return rc;
	if (!blank(ap->household)) {
		if ((rc = vf_household_number(s, ap->household, c.household, sizeof c.household, e))) {
			error_field(e, "household");
			return rc;
		}
		if (!c.region[0])
			snprintf(c.region, sizeof c.region, "%.12s", c.household);
	} else if (sc != CS_TEMP) {
		return need(e, "household", "请给出户号（或户内成员的身份证号）",
		            "give the household number (or a member's ID number)");
	} else if (!c.region[0]) {
		return need(e, "place", "请给出事发地区划代码",
		            "give the code of the place where it happened");
	}
	/* applications are taken at the township */
	struct error refusal;
	bool no = !(CS_ROLE(u->role) & (CS_ROLE(SR_CASEWORKER) | CS_ROLE(SR_TOWNSHIP_HEAD)));
	if (no)
		fail2(&refusal, ERR_PERM, NULL, "救助申请由乡镇（街道）受理",
		      "applications are taken at the township");
	const char *subject = c.household[0] ? c.household : c.region;
	struct access_change ch;
	if ((rc =
	         access_change_gate_step(s, u, c.region, subject, "case-open", no ? &refusal : NULL, &ch, e)))
		return rc;
	if (sc == CS_TEMP && !c.household[0]) { /* a resident's household, if the register has them */
		rc = vf_household_number(s, c.applicant, c.household, sizeof c.household, e);
		if (rc && rc != ERR_NOTFOUND && rc != ERR_INVAL)
			return access_change_refused(s, &ch, rc, e);
		if (rc)
			c.household[0] = '\0';
		error_clear(e);
	}
	if (c.household[0] && (rc = read_household(s, &c, day, e)))
		return access_change_refused(s, &ch, rc, e);
	if (!c.household[0]) {
		if (blank(ap->name) || strlen(ap->name) >= sizeof c.name)
			return access_change_refused(
			    s, &ch,
			    need(e, "name", "申请人不在户籍登记中，请给出姓名",
			         "the applicant is not in the register: give their name"),
			    e);
		snprintf(c.name, sizeof c.name, "%s", ap->name);
	}
	if (ap->urban >= 0)
		c.urban = ap->urban == 1;
	c.scheme = sc;
	c.state = CST_ACCEPTED;
	date_format(day, c.opened_day);
	date_format(day, c.state_day);
	snprintf(c.created_by, sizeof c.created_by, "%s", u->name);
	if ((rc = cs_due(cs, &c, sc, CST_ACCEPTED, day, e)))
		return access_change_refused(s, &ch, rc, e);

	if ((rc = store_begin(s, e)))
		return access_change_refused(s, &ch, rc, e);
	struct cs_db_case_event ev;
	if (!(rc = record_authorisation(s, u, &c, c.opened_day, e)) &&
	    !(rc = cs_db_case_add(s, &c, &c.id, e))) {
		event_init(&ev, &c, u, "open", day);
		snprintf(ev.from, sizeof ev.from, "%s", "");
		snprintf(ev.to, sizeof ev.to, "%s", cs_state_name(c.state));
		snprintf(ev.documents, sizeof ev.documents, "%s", c.documents);
		if (c.relative[0])
			cs_fact_relative(ev.detail, sizeof ev.detail, c.relative);
		rc = cs_db_case_event_add(s, &ev, e);
	}
	if (!rc && ap->advance) { /* the emergency's fast path in the same transaction */
		if (sc != CS_TEMP || strcmp(c.kind, "emergency"))
			rc = need(e, "advance", "只有急难型临时救助可以先行支付",
			          "only emergency aid is paid first");
		else {
			event_init(&ev, &c, u, cs_action_name(CA_ADVANCE), day);
			if (!(rc = advance(cs, s, u, &c, day, c.requested_fen, ap->override, &ev, e))) {
				c.state = CST_ADVANCED;
				snprintf(ev.to, sizeof ev.to, "%s", cs_state_name(c.state));
				if (!(rc = cs_due(cs, &c, sc, CST_ADVANCED, day, e)) &&
				    !(rc = cs_db_case_update(s, &c, e)))
					rc = cs_db_case_event_add(s, &ev, e);
				if (!rc) /* the payment has its own entry, on the case */
					rc = audit_also(s, &ch, "case-advance", c.id, e);
			}
		}
	}
	if ((rc = access_change_end(s, &ch, rc, e)))
		return rc;
	out->id = c.id;
	out->nmissing = missing_documents(&c, sc, out->missing, ARRAY_SIZE(out->missing));
	return 0;
}

/* ---- a step ---- */

static int two_staff(const char *staff, struct error *e)
{
	char a[64] = "", b[64] = "";
	const char *comma = staff ? strchr(staff, ',') : NULL;
	if (comma) {
		snprintf(a, sizeof a, "%.*s", (int)(comma - staff < 63 ? comma - staff : 63), staff);
		snprintf(b, sizeof b, "%s", comma + 1);
		char *c2 = strchr(b, ',');
		if (c2)
			*c2 = '\0';
	}
	if (!a[0] || !b[0] || !strcmp(a, b))
		return need(e, "staff", "入户调查须由两名工作人员进行：请填写两人姓名，用逗号分隔",
		            "a home visit takes two staff: give both names, separated by a comma");
	return 0;
}

static int written(const char *text, const char *field, struct error *e)
{
	if (blank(text))
		return need(e, field, "请写明理由（书面）", "give the written reasons");
	return 0;
}

/* The next periodic review: review_months after day, as the verification set them (the stable
 * households' parameter when the case has none). */
static int next_review(struct cs_service *cs, struct cs_db_case *c, date_t day, struct error *e)
{
	int64_t months = c->review_months;
	int rc = months > 0 ? 0 : cs_param(cs, c->region, day, "review_months_stable", &months, e);
	if (!rc)
		date_format(date_add_months(day, (int)months), c->next_review);
	return rc;
}

/* what the step needs and what it changes, before the transaction */
static int prepare_step(struct cs_service *cs, struct store *s, struct vf_policy *vp,
                        const struct access_user *u, struct cs_db_case *c, enum cs_scheme sc,
                        enum cs_action a, const struct cs_step *st, date_t day, struct cs_db_case_event *ev,
                        int64_t *requested, struct error *e)
{
	int rc = 0;
	char d[DATE_STR_SIZE];
	date_format(day, d);
	if (st->documents && (rc = take_documents(c, st->documents, e)))
		return rc;
	switch (a) {
	case CA_DOCUMENTS:
		if (blank(st->documents))
			return need(e, "documents", "请选择收到的材料", "choose the documents received");
		break;
	case CA_VERIFY:
		return verify_case(cs, s, vp, u, c, day, ev, e);
	case CA_VISIT:
		return two_staff(st->staff, e);
	case CA_NOTICE:
		snprintf(c->notice_from, sizeof c->notice_from, "%s", d);
		break;
	case CA_OBJECTION:
		if (blank(st->note))
			return need(e, "note", "请记录异议内容", "record what the objection says");
		c->objections++;
		break;
	case CA_TOWNSHIP_REVIEW: {
		date_t from;
		date_parse(c->notice_from, strlen(c->notice_from), &from);
		int64_t days = 0;
		if ((rc = cs_param(cs, c->region, day, "notice_days", &days, e)))
			return rc;
		date_t end = from + (date_t)days;
		if (day < end) {
			char z[200], g[200], endd[DATE_STR_SIZE];
			date_format(end, endd);
			snprintf(z, sizeof z, "公示期未满：%s 起公示 %d 天，%s 起才能审核", c->notice_from,
			         (int)days, endd);
			snprintf(g, sizeof g, "the notice posted on %s runs %d days: review from %s",
			         c->notice_from, (int)days, endd);
			return need(e, "day", z, g);
		}
		if ((rc = missing_error(c, sc, e)))
			return rc;
		if (blank(st->note))
			return need(e, "note", "请填写乡镇审核意见", "give the township's opinion");
		break;
	}
	case CA_APPROVE:
		if (sc == CS_TEMP) {
			*requested = c->requested_fen;
			if (!blank(st->amount) &&
			    (rc = cs_parse_amount(st->amount, false, "amount", requested, e)))
				return rc;
			break;
		}
		if (!c->verification || strcmp(c->decision, cs_scheme_name(c->scheme))) {
			char z[300], g[300];
			snprintf(z, sizeof z, "核对结论为“%s”，不能按“%s”批准：请不予批准并书面说明理由",
			         c->decision[0] ? c->decision : "未核对", cs_scheme_label(sc, LANG_ZH));
			snprintf(g, sizeof g,
			         "the verification found %s, not %s: refuse with written reasons",
			         c->decision[0] ? c->decision : "nothing", cs_scheme_name(sc));
			return need(e, "action", z, g);
		}
		c->amount_fen = c->verified_fen;
		if (!blank(st->amount)) {
			if ((rc = cs_parse_amount(st->amount, false, "amount", &c->amount_fen, e)))
				return rc;
			if (c->amount_fen != c->verified_fen && blank(st->note))
				return need(e, "note", "金额与核对结果不同，请说明理由",
				            "the amount differs from the verification's: say why");
			if ((rc = cs_check_approved(cs, c, day, e)))
				return rc;
		}
		ev->amount_fen = c->amount_fen;
		return next_review(cs, c, day, e);
	case CA_REFUSE:
	case CA_TERMINATE:
		if ((rc = written(st->reasons, "reasons", e)))
			return rc;
		snprintf(c->reasons, sizeof c->reasons, "%s", st->reasons);
		break;
	case CA_REVIEW:
		if ((rc = verify_case(cs, s, vp, u, c, day, ev, e)))
			return rc;
		if (strcmp(c->decision,
		           cs_scheme_name(c->scheme))) { /* no longer eligible: the county decides now */
			snprintf(c->next_review, sizeof c->next_review, "%s", d);
			cs_fact_plain(ev->detail, sizeof ev->detail, "not-eligible");
		} else if ((rc = next_review(cs, c, day, e)))
			return rc;
		break;
	case CA_EXIT: {
		int64_t most = 0;
		if ((rc = cs_param(cs, c->region, day, "exit_max_months", &most, e)))
			return rc;
		if (st->months < 1 || st->months > most) {
			char z[120], g[120];
			snprintf(z, sizeof z, "渐退期应为 1 至 %d 个月", (int)most);
			snprintf(g, sizeof g, "a gradual exit takes 1 to %d months", (int)most);
			return need(e, "months", z, g);
		}
		if ((rc = written(st->reasons, "reasons", e)))
			return rc;
		snprintf(c->reasons, sizeof c->reasons, "%s", st->reasons);
		date_format(date_add_months(day, st->months), c->exit_until);
		break;
	}
	case CA_WITHDRAW:
	case CA_REFER:
	case CA_FEEDBACK:
		if (blank(st->note))
			return need(e, "note",
			            a == CA_REFER      ? "请写明转介的部门"
			            : a == CA_FEEDBACK ? "请记录部门反馈"
			                               : "请记录撤回原因",
			            a == CA_REFER      ? "name the department referred to"
			            : a == CA_FEEDBACK ? "record the department's feedback"
			                               : "record why it is withdrawn");
		if (a == CA_FEEDBACK && !blank(st->amount)) {
			if ((rc = cs_parse_amount(st->amount, true, "amount", &c->amount_fen, e)))
				return rc;
			ev->amount_fen = c->amount_fen;
		}
		break;
	case CA_ADVANCE:
		*requested = c->requested_fen;
		if (!blank(st->amount) && (rc = cs_parse_amount(st->amount, false, "amount", requested, e)))
			return rc;
		break;
	case CA_COMPLETE:
		if ((rc = missing_error(c, sc, e)))
			return rc;
		if (c->relative[0] && (rc = two_staff(st->staff, e))) /* near relatives are always visited */
			return rc;
		break;
	case CA_SETTLE:
		ev->amount_fen = c->amount_fen;
		break;
	case CA_COUNT:
		break;
	}
	return 0;
}

/* texts longer than the record keeps are refused, never cut */
static int fits(const struct cs_step *st, struct error *e)
{
	const struct {
		const char *text, *field;
		size_t max;
	} f[] = { { st->note, "note", 400 },
		  { st->reasons, "reasons", 500 },
		  { st->staff, "staff", 120 },
		  { st->documents, "documents", 200 },
		  { st->override, "override", 300 } };
	for (size_t i = 0; i < ARRAY_SIZE(f); i++)
		if (f[i].text && strlen(f[i].text) > f[i].max) {
			char zh[120], en[120];
			snprintf(zh, sizeof zh, "内容过长（%zu 字节以内）", f[i].max);
			snprintf(en, sizeof en, "too long (%zu bytes at most)", f[i].max);
			return need(e, f[i].field, zh, en);
		}
	return 0;
}

/* the case, or ERR_NOTFOUND */
static int load_case(struct store *s, int64_t id, struct cs_db_case *c, struct error *e)
{
	int rc = cs_db_case_get(s, id, c, e);
	if (rc == 0)
		return error_set(e, ERR_NOTFOUND, "没有案件 %" PRId64, "no case %" PRId64, id);
	return rc < 0 ? rc : 0;
}

/* A step the gate let through: what it needs (before the transaction), then the change, its
 * event and any fund entry inside it. 0 leaves the transaction open for the audit entry and the
 * commit; an error may leave it open too (the caller rolls back). */
static int change_case(struct cs_service *cs, struct store *s, struct vf_policy *vp,
                       const struct access_user *u, const struct cs_db_case *c, enum cs_scheme sc,
                       enum cs_action a, const struct cs_transition *t, const struct cs_step *st,
                       struct error *e)
{
	enum cs_state from = t->from;
	date_t day;
	int rc;
	if ((rc = cs_parse_day(st->day, c->state_day, "day", &day, e)) || (rc = fits(st, e)))
		return rc;
	struct cs_db_case n = *c;
	struct cs_db_case_event ev;
	event_init(&ev, c, u, cs_action_name(a), day);
	snprintf(ev.note, sizeof ev.note, "%s", st->note ? st->note : "");
	snprintf(ev.staff, sizeof ev.staff, "%s", st->staff ? st->staff : "");
	snprintf(ev.documents, sizeof ev.documents, "%s", st->documents ? st->documents : "");
	int64_t requested = 0;
	if ((rc = prepare_step(cs, s, vp, u, &n, sc, a, st, day, &ev, &requested, e)))
		return rc;
	if (!blank(st->reasons) && strlen(ev.note) + 8 < sizeof ev.note)
		snprintf(ev.note + strlen(ev.note), sizeof ev.note - strlen(ev.note), "%s%s",
		         ev.note[0] ? "；" : "", st->reasons);

	/* temporary aid approved: the township up to township_max, the county above */
	int64_t amount = 0;
	bool county = false;
	char why[sizeof ev.detail] = "";
	if (sc == CS_TEMP && a == CA_APPROVE) {
		if ((rc = cs_temp_amount(cs, s, &n, day, requested, st->override, &amount, &county, why,
		                         sizeof why, e)))
			return rc;
		if (amount <= 0)
			return repeated_error(why, e);
		if (county && u->role != SR_APPROVER) {
			char m[MONEY_STR_SIZE], z[300], g[300];
			money_format(amount, m);
			snprintf(z, sizeof z, "核定 %s 元超过乡镇审批额度，须由县级审批", m);
			snprintf(g, sizeof g,
			         "%s yuan is above what the township approves: the county approves it", m);
			return fail2(e, ERR_PERM, "amount", z, g);
		}
		n.amount_fen = ev.amount_fen = amount;
		if (why[0])
			snprintf(ev.detail, sizeof ev.detail, "%s", why);
	}

	/* a step that leaves the case where it is (documents, an objection, a review) does not
	 * restart the clock of the step that is due */
	date_t since = day;
	if (t->to == from)
		date_parse(c->state_day, strlen(c->state_day), &since);
	n.state = t->to;
	date_format(since, n.state_day);
	if ((rc = cs_due(cs, &n, sc, t->to, since, e)))
		return rc;
	snprintf(ev.to, sizeof ev.to, "%s", cs_state_name(n.state));

	if ((rc = store_begin(s, e)))
		return rc;
	struct cs_db_case now;
	int64_t id = c->id;
	rc = cs_db_case_get(s, id, &now, e);
	if (rc == 1 && now.state != c->state)
		rc = error_set(e, ERR_INVAL, "案件 %" PRId64 " 刚被他人办理过，请刷新后重试",
		               "case %" PRId64 " was changed meanwhile: reload and try again", id);
	else if (rc == 1)
		rc = 0;
	char township[10];
	snprintf(township, sizeof township, "%.9s", c->region);
	if (!rc && a == CA_DOCUMENTS)
		rc = record_authorisation(s, u, &n, n.state_day, e);
	if (!rc && a == CA_ADVANCE)
		rc = advance(cs, s, u, &n, day, requested, st->override, &ev, e);
	if (!rc && a == CA_SETTLE)
		rc = cs_fund_move(cs, s, township, day, "settle", n.amount_fen, id, u->name, "", e);
	if (!rc)
		rc = cs_db_case_update(s, &n, e);
	if (!rc)
		rc = cs_db_case_event_add(s, &ev, e);
	return rc;
}

int cs_act(struct cs_service *cs, struct store *s, struct vf_policy *vp, const struct access_user *u,
           int64_t id, enum cs_action a, const struct cs_step *st, struct error *e)
{
	struct cs_db_case c;
	int rc = load_case(s, id, &c, e);
	if (rc)
		return rc;
	enum cs_scheme sc = c.scheme;
	enum cs_state from = c.state;
	if ((unsigned)a >= CA_COUNT)
		return error_set(e, ERR_INVAL, "没有这个步骤", "no such step");
	const struct cs_transition *t = cs_transition_find(sc, c.kind, from, a);
	struct error refusal;
	bool no = refused(t, from, a, u, &refusal);
	char subject[40], step[40];
	snprintf(subject, sizeof subject, "case:%" PRId64, id);
	snprintf(step, sizeof step, "case-%s", cs_action_name(a));
	struct access_change ch;
	if ((rc = access_change_gate_step(s, u, c.region, subject, step, no ? &refusal : NULL, &ch, e)))
		return rc;
	/* what the step needs, the change and its event; wanting, the step is audited as refused */
	rc = change_case(cs, s, vp, u, &c, sc, a, t, st, e);
	return access_change_end(s, &ch, rc, e);
}

/* ---- reading ---- */

int cs_get(struct store *s, const struct access_user *u, int64_t id, struct cs_db_case *c, struct error *e)
{
	int rc = load_case(s, id, c, e);
	if (rc)
		return rc;
	char subject[40];
	snprintf(subject, sizeof subject, "case:%" PRId64, id);
	return access_gate_step(s, u, c->region, subject, "case-read", NULL, e);
}

int cs_events_each(struct store *s, int64_t id, int (*cb)(void *arg, const struct cs_db_case_event *ev),
                   void *arg, struct error *e)
{
	return cs_db_case_events_each(s, id, cb, arg, e);
}

bool cs_overdue(const struct cs_db_case *c, date_t today)
{
	char d[DATE_STR_SIZE];
	date_format(today, d);
	return c->due[0] && !cs_state_final(c->state) && strcmp(d, c->due) > 0;
}

struct listed_case {
	bool late;
	struct cs_db_case c;
};

struct collected {
	struct listed_case *items;
	size_t n, cap;
	const struct access_user *u;
	enum cs_list what;
	char soon[DATE_STR_SIZE]; /* active cases enter the inbox a month before their review */
	date_t today;
};

static int collect(void *arg, const struct cs_db_case *c)
{
	struct collected *k = arg;
	enum cs_scheme sc = c->scheme;
	enum cs_state st = c->state;
	if (k->what == CL_INBOX) {
		if (!(cs_waiting_roles(sc, c->kind, st) & CS_ROLE(k->u->role)))
			return 0;
		if ((st == CST_ACTIVE || st == CST_EXITING) && strcmp(c->due, k->soon) > 0)
			return 0;
	}
	if (k->what == CL_OVERDUE && !cs_overdue(c, k->today))
		return 0;
	if (k->what == CL_RELATIVES && !c->relative[0])
		return 0;
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 64;
		struct listed_case *p = mem_realloc(k->items, cap * sizeof *p);
		if (!p)
			return ERR_NOMEM;
		k->items = p;
		k->cap = cap;
	}
	k->items[k->n].late = cs_overdue(c, k->today);
	k->items[k->n++].c = *c;
	return 0;
}

/* overdue first, then by due day, then oldest */
static int by_urgency(const void *pa, const void *pb)
{
	const struct listed_case *a = pa, *b = pb;
	if (a->late != b->late)
		return a->late ? -1 : 1;
	int c = strcmp(a->c.due[0] ? a->c.due : "9", b->c.due[0] ? b->c.due : "9");
	return c ? c : (a->c.id < b->c.id ? -1 : a->c.id > b->c.id);
}

int cs_list(struct store *s, const struct access_user *u, enum cs_list what, const char *household,
            date_t today, int (*cb)(void *arg, const struct cs_db_case *c, bool overdue), void *arg,
            struct error *e)
{
	static const char *const names[] = { "case-inbox", "case-overdue", "case-household", "case-open-list",
		                             "case-relatives" };
	char region[18];
	snprintf(region, sizeof region, "%.12s", what == CL_HOUSEHOLD && household ? household : u->region);
	int rc =
	    access_gate_step(s, u, region, what == CL_HOUSEHOLD ? household : region, names[what], NULL, e);
	if (rc)
		return rc;
	struct collected k = { NULL, 0, 0, u, what, "", today };
	date_format(date_add_months(today, 1), k.soon);
	rc = cs_db_cases_each(s, u->region, what == CL_HOUSEHOLD ? household : NULL,
	                      what == CL_INBOX || what == CL_OVERDUE || what == CL_OPEN, collect, &k, e);
	if (rc == ERR_NOMEM)
		rc = error_nomem(e);
	if (!rc && what != CL_HOUSEHOLD && k.n > 1)
		qsort(k.items, k.n, sizeof *k.items, by_urgency);
	for (size_t i = 0; !rc && i < k.n; i++)
		rc = cb(arg, &k.items[i].c, k.items[i].late);
	mem_free(k.items);
	return rc;
}
