/* monitor_life.c: the warning's lifecycle (docs/MONITORING.md, "The warning lifecycle"): the
 * statuses and the table of steps with the roles that take them; sending a warning to the
 * township with its due day (verify_days working days), recording a field check (铁脚板) and the
 * outcome, each through the access gate as a case's step is, the change and its audit entry in
 * one transaction; one warning with its field checks, and the lists (a region's queue, overdue). */
#include <json-c/json.h>

#include "access/access.h"
#include "audit/audit.h"
#include "base/jsonw.h"
#include "base/mem.h"
#include "base/workcal.h"
#include "monitor/monitor_int.h"
#include "policy/params.h"

const char *mon_status_label(enum mon_status st, enum lang l)
{
	static const char *const zh[MS_COUNT] = { "新预警", "已派发乡镇", "入户核查中", "已办结",
		                                  "条件消失关闭" };
	static const char *const en[MS_COUNT] = { "new", "sent to the township", "in field check", "closed",
		                                  "ended" };
	return (unsigned)st < MS_COUNT ? (l == LANG_ZH ? zh : en)[st] : "?";
}

bool mon_status_live(enum mon_status st)
{
	return st == MS_NEW || st == MS_SENT || st == MS_CHECKING;
}

const char *mon_outcome_label(enum mon_outcome o, enum lang l)
{
	static const char *const zh[MO_COUNT] = {
		"", "已立案救助", "转介部门", "慈善帮扶", "无需救助", "误报"
	};
	static const char *const en[MO_COUNT] = { "",
		                                  "a case opened",
		                                  "referred to a department",
		                                  "a charity need",
		                                  "no help needed",
		                                  "a false alarm" };
	return (unsigned)o < MO_COUNT ? (l == LANG_ZH ? zh : en)[o] : "?";
}

const char *mon_step_name(enum mon_step st)
{
	static const char *const names[MSTEP_COUNT] = { "warning-send", "warning-check", "warning-outcome" };
	return (unsigned)st < MSTEP_COUNT ? names[st] : "?";
}

static const char *step_label(enum mon_step st, enum lang l)
{
	static const char *const zh[MSTEP_COUNT] = { "派发乡镇", "登记入户核查", "登记处置结果" };
	static const char *const en[MSTEP_COUNT] = { "sending to the township", "recording a field check",
		                                     "recording the outcome" };
	return (unsigned)st < MSTEP_COUNT ? (l == LANG_ZH ? zh : en)[st] : "?";
}

/* the table of steps: from which status, to which, by whom */
static const struct {
	enum mon_step step;
	enum mon_status from, to;
	unsigned roles;
} steps[] = {
	{ MSTEP_SEND, MS_NEW, MS_SENT, 1u << SR_REVIEWER | 1u << SR_APPROVER },
	{ MSTEP_CHECK, MS_SENT, MS_CHECKING, 1u << SR_CASEWORKER | 1u << SR_TOWNSHIP_HEAD },
	{ MSTEP_CHECK, MS_CHECKING, MS_CHECKING, 1u << SR_CASEWORKER | 1u << SR_TOWNSHIP_HEAD },
	{ MSTEP_OUTCOME, MS_CHECKING, MS_CLOSED, 1u << SR_CASEWORKER | 1u << SR_TOWNSHIP_HEAD },
};

int mon_step_next(enum mon_status from, enum mon_step st)
{
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		if (steps[i].step == st && steps[i].from == from)
			return (int)steps[i].to;
	return -1;
}

unsigned mon_step_roles(enum mon_step st)
{
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		if (steps[i].step == st)
			return steps[i].roles;
	return 0;
}

/* an error of code with its two texts as they are, naming field */
static int set2(struct error *e, int code, const char *field, const char *zh, const char *en)
{
	error_set(e, code, "%s", "%s", "");
	snprintf(e->zh, sizeof e->zh, "%s", zh);
	snprintf(e->en, sizeof e->en, "%s", en);
	if (field)
		error_field(e, field);
	return code;
}

bool mon_step_refused(enum mon_status from, enum mon_step st, int role, struct error *r)
{
	char zh[400], en[400];
	error_clear(r);
	if (mon_step_next(from, st) < 0) {
		snprintf(zh, sizeof zh, "预警处于“%s”状态，不能%s", mon_status_label(from, LANG_ZH),
		         step_label(st, LANG_ZH));
		snprintf(en, sizeof en, "the warning is %s (%s): %s is not a step from there",
		         mon_status_label(from, LANG_EN), mon_status_name(from), step_label(st, LANG_EN));
		set2(r, ERR_PERM, "status", zh, en);
		return true;
	}
	unsigned roles = mon_step_roles(st);
	if (role < 0 || role >= SR_COUNT || !(roles & (1u << role))) {
		char rz[200] = "", re[200] = "";
		for (int i = 0; i < SR_COUNT; i++)
			if (roles & (1u << i)) {
				snprintf(rz + strlen(rz), sizeof rz - strlen(rz), "%s%s", rz[0] ? "或" : "",
				         access_role_label((enum access_role)i));
				snprintf(re + strlen(re), sizeof re - strlen(re), "%s%s", re[0] ? " or " : "",
				         access_role_name((enum access_role)i));
			}
		snprintf(zh, sizeof zh, "%s须由%s办理", step_label(st, LANG_ZH), rz);
		snprintf(en, sizeof en, "%s is for the %s", step_label(st, LANG_EN), re);
		set2(r, ERR_PERM, "action", zh, en);
		return true;
	}
	return false;
}

bool mon_overdue(const struct mon_warning *w, date_t day)
{
	date_t due;
	return (w->status == MS_SENT || w->status == MS_CHECKING) && w->due_day && w->due_day[0] &&
	       !date_parse(w->due_day, strlen(w->due_day), &due) && due < day;
}

/* ---- one warning, copied out of its statement ---- */

struct held {
	struct mon_warning w;
	char household[32], region[16], raised[DATE_STR_SIZE], sent[DATE_STR_SIZE], due[DATE_STR_SIZE];
	char *indicators;
	bool found;
};

static int hold(void *arg, const struct mon_warning *w)
{
	struct held *h = arg;
	h->w = *w;
	snprintf(h->household, sizeof h->household, "%s", w->household);
	snprintf(h->region, sizeof h->region, "%s", w->region);
	snprintf(h->raised, sizeof h->raised, "%s", w->raised_day);
	snprintf(h->sent, sizeof h->sent, "%s", w->sent_day);
	snprintf(h->due, sizeof h->due, "%s", w->due_day);
	h->indicators = mem_strdup(w->indicators);
	h->w.household = h->household;
	h->w.region = h->region;
	h->w.raised_day = h->raised;
	h->w.sent_day = h->sent;
	h->w.due_day = h->due;
	h->w.indicators = h->indicators ? h->indicators : "[]";
	h->w.closed_day = h->w.sent_by = h->w.outcome_reason = h->w.misleading = h->w.department =
	    h->w.outcome_by = "";
	h->found = true;
	return 1;
}

static int load(struct store *s, int64_t id, struct held *h, struct error *e)
{
	memset(h, 0, sizeof *h);
	int rc = mon_repo_warning(s, id, hold, h, e);
	if (rc < 0)
		return rc;
	if (!h->found || !h->indicators) {
		mem_free(h->indicators);
		h->indicators = NULL;
		rc = h->found ? error_nomem(e)
		              : error_set(e, ERR_NOTFOUND, "没有编号为 %" PRId64 " 的预警",
		                          "there is no warning %" PRId64, id);
		if (!h->found)
			error_field(e, "warning");
		return rc;
	}
	return 0;
}

static int need(struct error *e, const char *field, const char *zh, const char *en)
{
	return set2(e, ERR_INVAL, field, zh, en);
}

static bool blank(const char *s)
{
	return !s || !*s;
}

static bool too_long(const char *s, size_t max)
{
	return s && strlen(s) > max;
}

/* the step's gate and transaction around change(), which runs inside it with the warning as it
 * stands; a warning changed meanwhile by another is refused */
typedef int change_fn(struct store *s, const struct access_user *u, struct held *h, date_t day, void *arg,
                      struct error *e);

static int step(struct store *s, const struct access_user *u, int64_t id, enum mon_step st, date_t day,
                change_fn *change, void *arg, struct error *e)
{
	struct held h;
	int rc = load(s, id, &h, e);
	if (rc)
		return rc;
	struct error refusal;
	bool no = mon_step_refused(h.w.status, st, (int)u->role, &refusal);
	char subject[40];
	snprintf(subject, sizeof subject, "warning:%" PRId64, id);
	struct access_change ch;
	rc =
	    access_change_gate_step(s, u, h.region, subject, mon_step_name(st), no ? &refusal : NULL, &ch, e);
	if (!rc && !(rc = store_begin(s, e))) {
		struct held now;
		rc = load(s, id, &now, e);
		if (!rc && now.w.status != h.w.status)
			rc = error_set(e, ERR_INVAL, "预警 %" PRId64 " 刚被他人办理过，请刷新后重试",
			               "warning %" PRId64 " was changed meanwhile: reload and try again", id);
		if (!rc)
			rc = change(s, u, &now, day, arg, e);
		mem_free(now.indicators);
		rc = access_change_end(s, &ch, rc, e);
	}
	mem_free(h.indicators);
	return rc;
}

/* ---- send ---- */

static int send_change(struct store *s, const struct access_user *u, struct held *h, date_t day, void *arg,
                       struct error *e)
{
	UNUSED(arg);
	struct param_set ps;
	int rc = params_load_builtin(&ps, e);
	if (rc)
		return rc;
	struct param_snapshot snap;
	if ((rc = params_resolve(&ps, h->region, day, &snap, e))) {
		params_release(&ps);
		return rc;
	}
	const struct param_value *v = params_get(&snap, "verify_days");
	char sent[DATE_STR_SIZE], due[DATE_STR_SIZE];
	date_format(day, sent);
	if (!v) {
		rc = error_set(e, ERR_NOTFOUND, "政策参数 %s 在 %s 于 %s 没有有效值",
		               "the policy parameter %s has no value for %s on %s", "verify_days", h->region,
		               sent);
		error_field(e, "verify_days");
	} else {
		date_format(workcal_add(day, (int)v->value), due);
		rc = mon_repo_send(s, h->w.id, sent, u->name, due, e);
	}
	params_snapshot_release(&snap);
	params_release(&ps);
	return rc;
}

int mon_send(struct store *s, const struct access_user *u, int64_t id, date_t day, struct error *e)
{
	return step(s, u, id, MSTEP_SEND, day, send_change, NULL, e);
}

/* ---- a field check ---- */

struct check_arg {
	const struct mon_check_in *in;
	int64_t *id;
};

static int corrections_json(const struct mon_check_in *in, struct buf *out, struct error *e)
{
	struct jsonw w;
	jsonw_init(&w, out);
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < in->ncorrections; i++) {
		const struct mon_correction *c = &in->corrections[i];
		if (blank(c->resource) || blank(c->field) || blank(c->new_value) || blank(c->reason))
			return need(
			    e, "corrections", "每项更正须写明资源、字段、更正后的值和理由",
			    "each correction needs the resource, the field, the new value and the reason");
		if (too_long(c->resource, 32) || too_long(c->field, 64) || too_long(c->old_value, 200) ||
		    too_long(c->new_value, 200) || too_long(c->reason, 500))
			return need(e, "corrections", "更正内容过长", "a correction is too long");
		jsonw_obj_begin(&w);
		const char *k[] = { "resource", "field", "old", "new", "reason" };
		const char *v[] = { c->resource, c->field, c->old_value ? c->old_value : "", c->new_value,
			            c->reason };
		for (size_t j = 0; j < ARRAY_SIZE(k); j++) {
			jsonw_key(&w, k[j]);
			jsonw_str(&w, v[j]);
		}
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	return jsonw_finish(&w) ? error_nomem(e) : 0;
}

static int check_change(struct store *s, const struct access_user *u, struct held *h, date_t day, void *arg,
                        struct error *e)
{
	const struct mon_check_in *in = ((struct check_arg *)arg)->in;
	date_t visit, raised = 0;
	date_parse(h->raised, strlen(h->raised), &raised);
	if (blank(in->visit_day))
		return need(e, "visit_day", "请填写入户核查日期", "the visit's day is needed");
	if (strlen(in->visit_day) != 10 || date_parse(in->visit_day, 10, &visit))
		return need(e, "visit_day", "入户核查日期无效（应为 YYYY-MM-DD）",
		            "the visit's day is not a valid date (YYYY-MM-DD)");
	if (visit > day)
		return need(e, "visit_day", "入户核查日期不能晚于今天", "the visit's day is in the future");
	if (visit < raised)
		return need(e, "visit_day", "入户核查日期早于预警产生之日",
		            "the visit's day is before the warning was raised");
	char a[64] = "", b[64] = "";
	const char *comma = in->staff ? strchr(in->staff, ',') : NULL;
	if (comma && !strchr(comma + 1, ',')) {
		const char *p = in->staff;
		while (*p == ' ')
			p++;
		size_t n = (size_t)(comma - p);
		while (n && p[n - 1] == ' ')
			n--;
		snprintf(a, sizeof a, "%.*s", (int)(n < 63 ? n : 63), p);
		p = comma + 1;
		while (*p == ' ')
			p++;
		n = strlen(p);
		while (n && p[n - 1] == ' ')
			n--;
		snprintf(b, sizeof b, "%.*s", (int)(n < 63 ? n : 63), p);
	}
	if (!a[0] || !b[0] || !strcmp(a, b) || too_long(in->staff, 120))
		return need(e, "staff", "入户核查须由两名不同的工作人员进行：请填写两人姓名，用逗号分隔",
		            "a field check takes two different staff: give both names, separated by a comma");
	if (blank(in->findings))
		return need(e, "findings", "请填写核查发现的情况", "what the visit found is needed");
	if (too_long(in->findings, 2000))
		return need(e, "findings", "核查情况最多 2000 字节", "the findings are at most 2000 bytes");
	if (in->income_fen < -1 || in->spending_fen < -1)
		return need(e, in->income_fen < -1 ? "income_fen" : "spending_fen", "金额不能为负数",
		            "an amount cannot be negative");
	struct buf corr;
	buf_init(&corr, 64 * 1024);
	int rc = corrections_json(in, &corr, e);
	struct mon_check c = {
		.warning = h->w.id,
		.household = h->household,
		.visit_day = in->visit_day,
		.staff1 = a,
		.staff2 = b,
		.findings = in->findings,
		.corrections = corr.len ? corr.data : "[]",
		.recorded_by = u->name,
		.income_fen = in->income_fen,
		.spending_fen = in->spending_fen,
	};
	if (!rc)
		rc = mon_repo_check_add(s, &c, h->region, ((struct check_arg *)arg)->id, e);
	if (!rc && h->w.status != MS_CHECKING)
		rc = mon_repo_status(s, h->w.id, MS_CHECKING, e);
	buf_release(&corr);
	return rc;
}

int mon_check_add(struct store *s, const struct access_user *u, int64_t id, date_t day,
                  const struct mon_check_in *in, int64_t *check, struct error *e)
{
	int64_t ignored;
	struct check_arg a = { in, check ? check : &ignored };
	return step(s, u, id, MSTEP_CHECK, day, check_change, &a, e);
}

/* ---- the outcome ---- */

static bool fired(const char *indicators, const char *name)
{
	struct json_object *arr = json_tokener_parse(indicators);
	bool yes = false;
	for (size_t i = 0; arr && !yes && i < json_object_array_length(arr); i++) {
		struct json_object *n;
		if (json_object_object_get_ex(json_object_array_get_idx(arr, i), "indicator", &n))
			yes = !strcmp(json_object_get_string(n), name);
	}
	json_object_put(arr);
	return yes;
}

static int outcome_change(struct store *s, const struct access_user *u, struct held *h, date_t day, void *arg,
                          struct error *e)
{
	const struct mon_outcome_in *in = arg;
	enum mon_outcome o;
	if (blank(in->kind) || mon_outcome_parse(in->kind, &o))
		return need(e, "outcome", "处置结果应为 case、referral、charity、no_need 或 false_alarm",
		            "the outcome must be case, referral, charity, no_need or false_alarm");
	if (too_long(in->reason, 1000) || too_long(in->department, 100))
		return need(e, too_long(in->reason, 1000) ? "reason" : "department", "内容过长", "too long");
	if (o == MO_CASE) {
		char hh[32] = "";
		int rc = in->case_id > 0 ? mon_repo_case_household(s, in->case_id, hh, e) : 0;
		if (rc < 0)
			return rc;
		if (!rc || strcmp(hh, h->household))
			return need(e, "case", "请填写该户已受理的救助案件编号",
			            "the number of a case of this household is needed");
	}
	if (o == MO_REFERRAL && blank(in->department))
		return need(e, "department", "转介须写明接收部门", "a referral names the department");
	if ((o == MO_CHARITY || o == MO_NO_NEED || o == MO_FALSE_ALARM) && blank(in->reason))
		return need(e, "reason", "请填写理由", "the reason is needed");
	if (o == MO_FALSE_ALARM && (blank(in->indicator) || !fired(h->w.indicators, in->indicator)))
		return need(e, "indicator", "误报须写明误导的指标（须为该预警触发的指标之一）",
		            "a false alarm names the indicator that misled (one the warning fired)");
	char d[DATE_STR_SIZE];
	date_format(day, d);
	return mon_repo_outcome(s, h->w.id, d, o, in, u->name, e);
}

int mon_outcome_set(struct store *s, const struct access_user *u, int64_t id, date_t day,
                    const struct mon_outcome_in *in, struct error *e)
{
	return step(s, u, id, MSTEP_OUTCOME, day, outcome_change, (void *)in, e);
}

/* ---- reads ---- */

int mon_show(struct store *s, const struct access_user *u, int64_t id,
             int (*on_warning)(void *arg, const struct mon_warning *w),
             int (*on_check)(void *arg, const struct mon_check *c), void *arg, struct error *e)
{
	struct held h;
	int rc = load(s, id, &h, e);
	if (rc)
		return rc;
	mem_free(h.indicators);
	char subject[40];
	snprintf(subject, sizeof subject, "warning:%" PRId64, id);
	if ((rc = access_gate_step(s, u, h.region, subject, "warning-show", NULL, e)))
		return rc;
	rc = mon_repo_warning(s, id, on_warning, arg, e);
	if (rc >= 0)
		rc = mon_repo_checks(s, id, NULL, on_check, arg, e);
	return rc < 0 ? rc : 0;
}

int mon_household_checks(struct store *s, const char *household,
                         int (*cb)(void *arg, const struct mon_check *c), void *arg, struct error *e)
{
	return mon_repo_checks(s, 0, household, cb, arg, e);
}
