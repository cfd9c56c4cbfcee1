/* api_cases.c: the case-handling endpoints (issue 9): take an application, take a step, read a
 * case with its history and the steps the user may take next, work queues (inbox, overdue, all
 * open), a household's cases, and the township reserve fund. Each goes through the cases
 * service, whose steps pass the access gate. */
#include "base/jsonw.h"
#include "base/money.h"
#include "cases/cases.h"
#include "server/api_int.h"
#include "server/body.h"
#include "server/routes.h"
#include "cases/case_repo.h"

static void money_json(struct jsonw *w, const char *key, int64_t fen)
{
	jsonw_key(w, key);
	jsonw_int(w, fen);
}

static void str_json(struct jsonw *w, const char *key, const char *v)
{
	jsonw_key(w, key);
	jsonw_str(w, v);
}

static void case_json(struct jsonw *w, const struct access_user *u, const struct cs_db_case *c, bool late)
{
	enum cs_scheme sc = c->scheme;
	enum cs_state st = c->state;
	char masked[19];
	access_mask_id(u, c->applicant, masked);
	jsonw_obj_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, c->id);
	str_json(w, "scheme", cs_scheme_name(sc));
	str_json(w, "scheme_label", cs_scheme_label(sc, lang_current()));
	str_json(w, "kind", c->kind);
	str_json(w, "household", c->household);
	str_json(w, "region", c->region);
	str_json(w, "applicant", masked);
	str_json(w, "name", c->name);
	str_json(w, "state", cs_state_name(st));
	str_json(w, "state_label", cs_state_label(st, lang_current()));
	str_json(w, "state_day", c->state_day);
	str_json(w, "due", c->due);
	jsonw_key(w, "overdue");
	jsonw_bool(w, late);
	str_json(w, "opened_day", c->opened_day);
	str_json(w, "relative", c->relative);
	str_json(w, "cause", c->cause);
	money_json(w, "requested_fen", c->requested_fen);
	money_json(w, "amount_fen", c->amount_fen);
	jsonw_key(w, "verification");
	jsonw_int(w, c->verification);
	str_json(w, "decision", c->decision);
	money_json(w, "verified_fen", c->verified_fen);
	str_json(w, "next_review", c->next_review);
	jsonw_obj_end(w);
}

struct list_out {
	struct jsonw *w;
	const struct access_user *u;
};

static int list_row(void *arg, const struct cs_db_case *c, bool late)
{
	struct list_out *o = arg;
	case_json(o->w, o->u, c, late);
	return 0;
}

static int event_row(void *arg, const struct cs_db_case_event *ev)
{
	struct jsonw *w = arg;
	enum cs_action a;
	jsonw_obj_begin(w);
	str_json(w, "day", ev->day);
	str_json(w, "at", ev->at);
	str_json(w, "actor", ev->actor);
	str_json(w, "role", ev->role);
	str_json(w, "action", ev->action);
	str_json(w, "label",
	         cs_action_parse(ev->action, &a) ? L("受理", "accepted")
	                                         : cs_action_label(a, lang_current()));
	str_json(w, "from", ev->from);
	str_json(w, "to", ev->to);
	enum cs_state to;
	str_json(w, "to_label", cs_state_parse(ev->to, &to) ? "" : cs_state_label(to, lang_current()));
	struct buf text = BUF_INIT(4096); /* recorded as codes, rendered in the reader's language */
	cs_event_text(ev, lang_current(), &text);
	str_json(w, "note", buf_cstr(&text));
	buf_release(&text);
	str_json(w, "detail", ev->detail); /* the same, language-neutral: JSON text of the facts */
	str_json(w, "staff", ev->staff);
	str_json(w, "documents", ev->documents);
	jsonw_key(w, "amount_fen");
	if (ev->amount_fen >= 0)
		jsonw_int(w, ev->amount_fen);
	else
		jsonw_null(w);
	jsonw_obj_end(w);
	return 0;
}

static void documents_json(struct jsonw *w, const struct cs_db_case *c, enum cs_scheme sc)
{
	size_t n;
	const struct cs_document *const *req = cs_documents_required(sc, c->kind, &n);
	jsonw_key(w, "documents");
	jsonw_arr_begin(w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj_begin(w);
		str_json(w, "code", req[i]->code);
		str_json(w, "label", lang_current() == LANG_EN ? req[i]->en : req[i]->zh);
		jsonw_key(w, "received");
		jsonw_bool(w, cs_document_received(c, req[i]->code));
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
}

/* GET cases/ID: the case, its documents, its history, and the steps this user may take now */
static int case_detail(struct api *a, const struct access_user *u, int64_t id, struct api_response *rs,
                       int status)
{
	struct error e;
	error_clear(&e);
	struct cs_db_case c;
	if (cs_get(a->s, u, id, &c, &e))
		return api_fail_error(rs, &e);
	enum cs_scheme sc = c.scheme;
	enum cs_state st = c.state;
	struct jsonw w;
	buf_reset(&rs->body);
	jsonw_init(&w, &rs->body);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "case");
	case_json(&w, u, &c, cs_overdue(&c, date_today()));
	str_json(&w, "reason", c.reason);
	str_json(&w, "reasons", c.reasons);
	str_json(&w, "notice_from", c.notice_from);
	str_json(&w, "exit_until", c.exit_until);
	jsonw_key(&w, "objections");
	jsonw_int(&w, c.objections);
	documents_json(&w, &c, sc);
	jsonw_key(&w, "steps");
	jsonw_arr_begin(&w);
	const struct cs_transition *next[16];
	size_t n = cs_transitions_from(sc, c.kind, st, next, ARRAY_SIZE(next));
	for (size_t i = 0; i < n; i++) {
		if (!access_may_step(u, next[i]->roles, c.region))
			continue;
		jsonw_obj_begin(&w);
		str_json(&w, "action", cs_action_name(next[i]->action));
		str_json(&w, "label", cs_action_label(next[i]->action, lang_current()));
		jsonw_key(&w, "main");
		jsonw_bool(&w, next[i]->main);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_key(&w, "events");
	jsonw_arr_begin(&w);
	int rc = cs_events_each(a->s, id, event_row, &w, &e);
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	if (rc)
		return api_fail_error(rs, &e);
	rs->status = status;
	return 0;
}

/* text members read in a table: the name, its limit in bytes (0: the reader's), where it goes */
struct text_member {
	const char *key;
	size_t max;
	const char **out;
};

static int texts(const struct body *b, const struct text_member *m, size_t n, struct error *e)
{
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = api_body_text(b, m[i].key, m[i].max, m[i].out, e);
	return rc;
}

/* POST cases: an application */
static int open_case(struct api *a, const struct access_user *u, const struct api_request *rq,
                     struct api_response *rs)
{
	struct body b = { api_body(rq, rs) };
	if (!b.o)
		return 0;
	struct cs_application ap;
	memset(&ap, 0, sizeof ap);
	char docs[256];
	int advance;
	const struct text_member m[] = {
		{ "scheme", 15, &ap.scheme },
		{ "kind", 23, &ap.kind },
		{ "household", 17, &ap.household },
		{ "applicant", 18, &ap.applicant },
		{ "name", 63, &ap.name },
		{ "reason", 511, &ap.reason },
		{ "cause", 31, &ap.cause },
		{ "place", 12, &ap.place },
		{ "relative", 127, &ap.relative },
		{ "requested", 32, &ap.requested },
		{ "day", 10, &ap.day },
		{ "override", 300, &ap.override },
	};
	struct error e;
	error_clear(&e);
	int rc = texts(&b, m, ARRAY_SIZE(m), &e);
	if (!rc)
		rc = api_body_list(&b, "documents", docs, sizeof docs, &ap.documents, &e);
	if (!rc)
		rc = api_body_bool(&b, "urban", &ap.urban, &e);
	if (!rc && !(rc = api_body_bool(&b, "advance", &advance, &e)))
		ap.advance = advance == 1;
	struct cs_opened out;
	if (!rc)
		rc = cs_open(a->cases, a->s, u, &ap, &out, &e);
	api_body_release(&b);
	if (rc)
		return api_fail_error(rs, &e);
	return case_detail(a, u, out.id, rs, 201);
}

/* POST cases/ID/steps: one step of the workflow */
static int step(struct api *a, const struct access_user *u, int64_t id, const struct api_request *rq,
                struct api_response *rs)
{
	struct body b = { api_body(rq, rs) };
	if (!b.o)
		return 0;
	struct cs_step st;
	memset(&st, 0, sizeof st);
	char docs[256];
	const char *name;
	const struct text_member m[] = {
		{ "action", 39, &name },         { "day", 10, &st.day },       { "note", 0, &st.note },
		{ "staff", 0, &st.staff },       { "amount", 32, &st.amount }, { "reasons", 0, &st.reasons },
		{ "override", 0, &st.override },
	};
	struct error e;
	error_clear(&e);
	int64_t months = 0;
	bool given;
	int rc = texts(&b, m, ARRAY_SIZE(m), &e);
	if (!rc)
		rc = api_body_list(&b, "documents", docs, sizeof docs, &st.documents, &e);
	if (!rc && !(rc = api_body_int(&b, "months", -1000, 1000, &months, &given, &e)))
		st.months = (int)months;
	enum cs_action action;
	if (!rc && (!name || cs_action_parse(name, &action)))
		rc = api_fail(rs, 400, "invalid", L("不认识的办理步骤", "unknown step"), "action");
	else if (!rc && cs_act(a->cases, a->s, a->policy, u, id, action, &st, &e))
		rc = api_fail_error(rs, &e);
	else if (rc)
		rc = api_fail_error(rs, &e);
	else
		rc = case_detail(a, u, id, rs, 200);
	api_body_release(&b);
	return rc;
}

static int list(struct api *a, const struct access_user *u, enum cs_list what, const char *household,
                struct api_response *rs)
{
	struct error e;
	error_clear(&e);
	struct jsonw w;
	api_list_begin(rs, &w, "cases");
	struct list_out o = { &w, u };
	return api_list_end(rs, &w, cs_list(a->s, u, what, household, date_today(), list_row, &o, &e), &e);
}

static int ledger_row(void *arg, const struct cs_db_ledger_row *r)
{
	struct jsonw *w = arg;
	jsonw_obj_begin(w);
	str_json(w, "day", r->day);
	str_json(w, "kind", r->kind);
	money_json(w, "amount_fen", r->amount_fen);
	money_json(w, "balance_fen", r->balance_fen);
	jsonw_key(w, "case");
	jsonw_int(w, r->case_id);
	str_json(w, "actor", r->actor);
	str_json(w, "note", r->note);
	jsonw_obj_end(w);
	return 0;
}

static int fund(struct api *a, const struct access_user *u, const char *township, struct api_response *rs,
                int status)
{
	struct error e;
	error_clear(&e);
	int64_t balance = 0, ceiling = 0;
	if (cs_fund_balance(a->cases, a->s, u, township, &balance, &ceiling, &e))
		return api_fail_error(rs, &e);
	struct jsonw w;
	buf_reset(&rs->body);
	jsonw_init(&w, &rs->body);
	jsonw_obj_begin(&w);
	str_json(&w, "township", township);
	money_json(&w, "balance_fen", balance);
	money_json(&w, "ceiling_fen", ceiling);
	jsonw_key(&w, "entries");
	jsonw_arr_begin(&w);
	int rc = cs_fund_history(a->s, u, township, ledger_row, &w, &e);
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	if (rc)
		return api_fail_error(rs, &e);
	rs->status = status;
	return 0;
}

static int topup(struct api *a, const struct access_user *u, const char *township,
                 const struct api_request *rq, struct api_response *rs)
{
	struct body b = { api_body(rq, rs) };
	if (!b.o)
		return 0;
	const char *amount, *day, *note;
	const struct text_member m[] = { { "amount", 32, &amount },
		                         { "day", 10, &day },
		                         { "note", 255, &note } };
	struct error e;
	error_clear(&e);
	int rc = texts(&b, m, ARRAY_SIZE(m), &e);
	if (!rc)
		rc = cs_fund_topup(a->cases, a->s, u, township, amount, day, note, &e);
	api_body_release(&b);
	if (rc)
		return api_fail_error(rs, &e);
	return fund(a, u, township, rs, 201);
}

/* GET cases?view= */
int api_cases_list(struct api_call *c)
{
	static const struct {
		const char *name;
		enum cs_list what;
	} views[] = { { "inbox", CL_INBOX },
		      { "overdue", CL_OVERDUE },
		      { "open", CL_OPEN },
		      { "relatives", CL_RELATIVES } };
	const char *v = c->rq->view ? c->rq->view : "inbox";
	for (size_t i = 0; i < ARRAY_SIZE(views); i++)
		if (!strcmp(v, views[i].name))
			return list(c->a, c->u, views[i].what, NULL, c->rs);
	return api_fail(
	    c->rs, 400, "invalid",
	    L("view 应为 inbox、overdue、open 或 relatives", "view is inbox, overdue, open or relatives"),
	    "view");
}

int api_cases_open(struct api_call *c)
{
	return open_case(c->a, c->u, c->rq, c->rs);
}

int api_case(struct api_call *c)
{
	return case_detail(c->a, c->u, c->id, c->rs, 200);
}

int api_case_step(struct api_call *c)
{
	return step(c->a, c->u, c->id, c->rq, c->rs);
}

int api_fund(struct api_call *c)
{
	return fund(c->a, c->u, c->param[0], c->rs, 200);
}

int api_fund_topup(struct api_call *c)
{
	return topup(c->a, c->u, c->param[0], c->rq, c->rs);
}

/* GET households/{household}/cases */
int api_household_cases(struct api_call *c)
{
	return list(c->a, c->u, CL_HOUSEHOLD, c->param[0], c->rs);
}
