/* workflow.c: the case workflow as data: the schemes, states and steps with their names in
 * both languages, the table of transitions (which step moves which scheme's case from which
 * state to which, and which roles may take it), and the documents each application needs.
 * Everything that decides "may this step happen now" starts from this table (DOMAIN.md §2-§6). */
#include "cases/cases.h"

static const struct {
	const char *name, *zh, *en;
} schemes[CS_SCHEMES] = {
	[CS_DIBAO] = { "dibao", "最低生活保障", "minimum living guarantee" },
	[CS_TEKUN] = { "tekun", "特困人员救助供养", "destitute support" },
	[CS_MARGINAL] = { "marginal", "低保边缘家庭", "marginal household" },
	[CS_RIGID] = { "rigid", "刚性支出困难家庭", "rigid-expenditure household" },
	[CS_TEMP] = { "temp", "临时救助", "temporary aid" },
	[CS_REFERRAL] = { "referral", "专项救助转介", "referral for specialised aid" },
};

static const struct {
	const char *name, *zh, *en;
} states[CST_COUNT] = {
	[CST_ACCEPTED] = { "accepted", "已受理", "accepted" },
	[CST_VERIFIED] = { "verified", "已核对", "verified" },
	[CST_VISITED] = { "visited", "已入户调查", "home visit done" },
	[CST_NOTICE] = { "notice", "公示中", "on public notice" },
	[CST_REVIEWED] = { "reviewed", "乡镇已审核", "township reviewed" },
	[CST_ACTIVE] = { "active", "在保", "active" },
	[CST_EXITING] = { "exiting", "渐退期", "gradual exit" },
	[CST_ADVANCED] = { "advanced", "已先行救助，待补手续", "paid first, paperwork due" },
	[CST_COMPLETED] = { "completed", "手续已补齐，待结算", "paperwork done, to settle" },
	[CST_REFERRED] = { "referred", "已转介", "referred" },
	[CST_REFUSED] = { "refused", "不予批准", "refused" },
	[CST_TERMINATED] = { "terminated", "已终止", "terminated" },
	[CST_WITHDRAWN] = { "withdrawn", "已撤回", "withdrawn" },
	[CST_CLOSED] = { "closed", "已办结", "closed" },
};

static const struct {
	const char *name, *zh, *en;
} actions[CA_COUNT] = {
	[CA_DOCUMENTS] = { "documents", "补充材料", "documents received" },
	[CA_VERIFY] = { "verify", "经济状况核对", "verify" },
	[CA_VISIT] = { "visit", "入户调查", "home visit" },
	[CA_NOTICE] = { "notice", "张榜公示", "public notice" },
	[CA_OBJECTION] = { "objection", "登记公示异议", "objection recorded" },
	[CA_TOWNSHIP_REVIEW] = { "township-review", "乡镇审核", "township review" },
	[CA_APPROVE] = { "approve", "审批确认", "approve" },
	[CA_REFUSE] = { "refuse", "不予批准", "refuse" },
	[CA_REVIEW] = { "review", "定期复查", "periodic review" },
	[CA_EXIT] = { "exit", "渐退", "gradual exit" },
	[CA_TERMINATE] = { "terminate", "终止", "terminate" },
	[CA_WITHDRAW] = { "withdraw", "撤回申请", "withdraw" },
	[CA_ADVANCE] = { "advance", "先行救助（备用金支付）", "pay first from the reserve fund" },
	[CA_COMPLETE] = { "complete", "补齐手续", "complete the paperwork" },
	[CA_SETTLE] = { "settle", "结算备用金", "settle the reserve fund" },
	[CA_REFER] = { "refer", "转介部门", "refer to a department" },
	[CA_FEEDBACK] = { "feedback", "登记部门反馈", "department feedback" },
};

#define S(x) (1u << (x))
#define FULL (S(CS_DIBAO) | S(CS_TEKUN) | S(CS_MARGINAL) | S(CS_RIGID))
#define TEMP S(CS_TEMP)
#define REF S(CS_REFERRAL)
#define TOWN (CS_ROLE(SR_CASEWORKER) | CS_ROLE(SR_TOWNSHIP_HEAD))
#define HEAD CS_ROLE(SR_TOWNSHIP_HEAD)
#define COUNTY CS_ROLE(SR_APPROVER)
#define COUNTY_STAFF (CS_ROLE(SR_REVIEWER) | CS_ROLE(SR_APPROVER))

/* The workflow. Applications (DOMAIN.md §2-§4): accepted → verified → home visit → public notice
 * (objections recorded) → township review → county decision → active → periodic review → gradual
 * exit or termination. Temporary aid (§5): an emergency is paid first from the reserve fund and
 * its paperwork completed afterwards, then settled by the county; otherwise it is approved by
 * the township up to township_max and by the county above. Referrals (§6) go to the department
 * and close on its feedback. */
static const struct cs_transition table[] = {
	/* applications */
	{ FULL, NULL, CST_ACCEPTED, CA_VERIFY, CST_VERIFIED, TOWN, true },
	{ FULL, NULL, CST_VERIFIED, CA_VERIFY, CST_VERIFIED, TOWN, false },
	{ FULL, NULL, CST_VERIFIED, CA_VISIT, CST_VISITED, TOWN, true },
	{ FULL, NULL, CST_VISITED, CA_NOTICE, CST_NOTICE, TOWN, true },
	{ FULL, NULL, CST_NOTICE, CA_OBJECTION, CST_NOTICE, TOWN, false },
	{ FULL, NULL, CST_NOTICE, CA_TOWNSHIP_REVIEW, CST_REVIEWED, TOWN, true },
	{ FULL, NULL, CST_REVIEWED, CA_APPROVE, CST_ACTIVE, COUNTY, true },
	{ FULL, NULL, CST_ACCEPTED, CA_REFUSE, CST_REFUSED, COUNTY, false },
	{ FULL, NULL, CST_VERIFIED, CA_REFUSE, CST_REFUSED, COUNTY, false },
	{ FULL, NULL, CST_VISITED, CA_REFUSE, CST_REFUSED, COUNTY, false },
	{ FULL, NULL, CST_NOTICE, CA_REFUSE, CST_REFUSED, COUNTY, false },
	{ FULL, NULL, CST_REVIEWED, CA_REFUSE, CST_REFUSED, COUNTY, true },
	{ FULL, NULL, CST_ACCEPTED, CA_WITHDRAW, CST_WITHDRAWN, TOWN, false },
	{ FULL, NULL, CST_VERIFIED, CA_WITHDRAW, CST_WITHDRAWN, TOWN, false },
	{ FULL, NULL, CST_VISITED, CA_WITHDRAW, CST_WITHDRAWN, TOWN, false },
	{ FULL, NULL, CST_NOTICE, CA_WITHDRAW, CST_WITHDRAWN, TOWN, false },
	{ FULL, NULL, CST_ACCEPTED, CA_DOCUMENTS, CST_ACCEPTED, TOWN, false },
	{ FULL, NULL, CST_VERIFIED, CA_DOCUMENTS, CST_VERIFIED, TOWN, false },
	{ FULL, NULL, CST_VISITED, CA_DOCUMENTS, CST_VISITED, TOWN, false },
	{ FULL, NULL, CST_NOTICE, CA_DOCUMENTS, CST_NOTICE, TOWN, false },
	{ FULL, NULL, CST_ACTIVE, CA_REVIEW, CST_ACTIVE, TOWN, true },
	{ FULL, NULL, CST_ACTIVE, CA_EXIT, CST_EXITING, COUNTY, false },
	{ FULL, NULL, CST_ACTIVE, CA_TERMINATE, CST_TERMINATED, COUNTY, false },
	{ FULL, NULL, CST_EXITING, CA_TERMINATE, CST_TERMINATED, COUNTY, true },
	/* temporary aid */
	{ TEMP, "emergency", CST_ACCEPTED, CA_ADVANCE, CST_ADVANCED, TOWN, true },
	{ TEMP, "emergency", CST_ACCEPTED, CA_APPROVE, CST_CLOSED, HEAD | COUNTY, false },
	{ TEMP, NULL, CST_ACCEPTED, CA_VERIFY, CST_VERIFIED, TOWN, true },
	{ TEMP, NULL, CST_VERIFIED, CA_VERIFY, CST_VERIFIED, TOWN, false },
	{ TEMP, NULL, CST_VERIFIED, CA_APPROVE, CST_CLOSED, HEAD | COUNTY, true },
	{ TEMP, NULL, CST_ACCEPTED, CA_REFUSE, CST_REFUSED, HEAD | COUNTY, false },
	{ TEMP, NULL, CST_VERIFIED, CA_REFUSE, CST_REFUSED, HEAD | COUNTY, false },
	{ TEMP, NULL, CST_ACCEPTED, CA_WITHDRAW, CST_WITHDRAWN, TOWN, false },
	{ TEMP, NULL, CST_VERIFIED, CA_WITHDRAW, CST_WITHDRAWN, TOWN, false },
	{ TEMP, NULL, CST_ACCEPTED, CA_DOCUMENTS, CST_ACCEPTED, TOWN, false },
	{ TEMP, NULL, CST_VERIFIED, CA_DOCUMENTS, CST_VERIFIED, TOWN, false },
	{ TEMP, NULL, CST_ADVANCED, CA_DOCUMENTS, CST_ADVANCED, TOWN, false },
	{ TEMP, NULL, CST_ADVANCED, CA_COMPLETE, CST_COMPLETED, TOWN, true },
	{ TEMP, NULL, CST_COMPLETED, CA_SETTLE, CST_CLOSED, COUNTY_STAFF, true },
	/* referrals for specialised aid */
	{ REF, NULL, CST_ACCEPTED, CA_REFER, CST_REFERRED, TOWN, true },
	{ REF, NULL, CST_ACCEPTED, CA_WITHDRAW, CST_WITHDRAWN, TOWN, false },
	{ REF, NULL, CST_ACCEPTED, CA_DOCUMENTS, CST_ACCEPTED, TOWN, false },
	{ REF, NULL, CST_REFERRED, CA_FEEDBACK, CST_CLOSED, TOWN, true },
};

#define NAMED(fn_name, fn_label, fn_parse, type, arr, count)                                   \
	const char *fn_name(type x)                                                            \
	{                                                                                      \
		return (unsigned)x < (count) ? arr[x].name : "?";                              \
	}                                                                                      \
	const char *fn_label(type x, enum lang lang)                                           \
	{                                                                                      \
		return (unsigned)x >= (count) ? "?" : lang == LANG_EN ? arr[x].en : arr[x].zh; \
	}                                                                                      \
	int fn_parse(const char *s, type *out)                                                 \
	{                                                                                      \
		for (unsigned i = 0; s && i < (count); i++)                                    \
			if (!strcmp(s, arr[i].name)) {                                         \
				*out = (type)i;                                                \
				return 0;                                                      \
			}                                                                      \
		return ERR_INVAL;                                                              \
	}

NAMED(cs_scheme_name, cs_scheme_label, cs_scheme_parse, enum cs_scheme, schemes, CS_SCHEMES)
NAMED(cs_state_name, cs_state_label, cs_state_parse, enum cs_state, states, CST_COUNT)
NAMED(cs_action_name, cs_action_label, cs_action_parse, enum cs_action, actions, CA_COUNT)

bool cs_state_final(enum cs_state s)
{
	return s == CST_REFUSED || s == CST_TERMINATED || s == CST_WITHDRAWN || s == CST_CLOSED;
}

static bool applies(const struct cs_transition *t, enum cs_scheme sc, const char *kind)
{
	return (t->schemes & S(sc)) && (!t->kind || (kind && !strcmp(t->kind, kind)));
}

const struct cs_transition *cs_transition_find(enum cs_scheme sc, const char *kind, enum cs_state from,
                                               enum cs_action a)
{
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if (table[i].from == from && table[i].action == a && applies(&table[i], sc, kind))
			return &table[i];
	return NULL;
}

size_t cs_transitions_from(enum cs_scheme sc, const char *kind, enum cs_state from,
                           const struct cs_transition **out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if (table[i].from == from && applies(&table[i], sc, kind) && n < cap)
			out[n++] = &table[i];
	return n;
}

const struct cs_transition *cs_transitions(size_t *n)
{
	*n = ARRAY_SIZE(table);
	return table;
}

cs_roles cs_waiting_roles(enum cs_scheme sc, const char *kind, enum cs_state st)
{
	cs_roles r = 0;
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if (table[i].from == st && table[i].main && applies(&table[i], sc, kind))
			r |= table[i].roles;
	return r;
}

/* ---- documents ---- */

static const struct cs_document doc_application = { "application", "救助申请书", "application form" },
                                doc_authorisation = { "authorisation", "家庭经济状况核对授权书",
	                                              "signed authorisation to verify" },
                                doc_receipts = { "receipts", "医疗、教育等支出票据",
	                                         "receipts of medical, school or similar costs" },
                                doc_incident = { "incident", "事发情况说明（可事后补交）",
	                                         "statement of what happened (may come afterwards)" },
                                doc_referral = { "referral", "转介单", "referral form" };

const struct cs_document *const *cs_documents_required(enum cs_scheme sc, const char *kind, size_t *n)
{
	static const struct cs_document *const full[] = { &doc_application, &doc_authorisation };
	static const struct cs_document *const rigid[] = { &doc_application, &doc_authorisation,
		                                           &doc_receipts };
	static const struct cs_document *const emergency[] = { &doc_application, &doc_incident };
	static const struct cs_document *const spending[] = { &doc_application, &doc_authorisation,
		                                              &doc_receipts };
	static const struct cs_document *const referral[] = { &doc_application, &doc_referral };
	switch (sc) {
	case CS_RIGID:
		*n = ARRAY_SIZE(rigid);
		return rigid;
	case CS_TEMP:
		if (kind && !strcmp(kind, "emergency")) {
			*n = ARRAY_SIZE(emergency);
			return emergency;
		}
		*n = ARRAY_SIZE(spending);
		return spending;
	case CS_REFERRAL:
		*n = ARRAY_SIZE(referral);
		return referral;
	default:
		*n = ARRAY_SIZE(full);
		return full;
	}
}

const struct cs_document *cs_document_find(const char *code)
{
	static const struct cs_document *const all[] = { &doc_application, &doc_authorisation, &doc_receipts,
		                                         &doc_incident, &doc_referral };
	for (size_t i = 0; code && i < ARRAY_SIZE(all); i++)
		if (!strcmp(all[i]->code, code))
			return all[i];
	return NULL;
}
