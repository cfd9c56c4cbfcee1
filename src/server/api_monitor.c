/* api_monitor.c: monitoring's warnings over the API (docs/MONITORING.md, "The warning
 * lifecycle"): a region's queue with its filters, the overdue list for supervision, a region's
 * counts by township and level, a household's warnings over time, one warning
 * with its field checks and the steps the user may take, and the steps themselves (send to the
 * township, a field check, the outcome). Bodies are read strictly: a member the step does not
 * know is refused by name. Each goes through app/'s use cases, which pass the access gate. */
#include <json-c/json.h>

#include "app/app.h"
#include "base/jsonw.h"
#include "base/region.h"
#include "server/api_int.h"
#include "server/body.h"
#include "server/routes.h"

static void str_json(struct jsonw *w, const char *key, const char *v)
{
	jsonw_key(w, key);
	jsonw_str(w, v ? v : "");
}

static void int_json(struct jsonw *w, const char *key, int64_t v)
{
	jsonw_key(w, key);
	jsonw_int(w, v);
}

/* the indicators that fired (the warning's JSON) as {indicator, weight, level, message} */
static void indicators_json(struct jsonw *w, const char *indicators)
{
	jsonw_key(w, "indicators");
	jsonw_arr_begin(w);
	struct json_object *arr = json_tokener_parse(indicators);
	for (size_t i = 0;
	     arr && json_object_is_type(arr, json_type_array) && i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i), *v;
		jsonw_obj_begin(w);
		str_json(w, "indicator", api_text(o, "indicator"));
		int_json(w, "weight",
		         json_object_object_get_ex(o, "weight", &v) ? json_object_get_int64(v) : 0);
		str_json(w, "level", api_text(o, "level"));
		str_json(w, "message", api_text(o, "message"));
		/* the departments' records behind it: where each came from */
		jsonw_key(w, "evidence");
		jsonw_arr_begin(w);
		struct json_object *ev = NULL;
		json_object_object_get_ex(o, "evidence", &ev);
		for (size_t k = 0;
		     ev && json_object_is_type(ev, json_type_array) && k < json_object_array_length(ev);
		     k++) {
			struct json_object *x = json_object_array_get_idx(ev, k);
			jsonw_obj_begin(w);
			str_json(w, "kind", api_text(x, "kind"));
			str_json(w, "period", api_text(x, "period"));
			str_json(w, "resource", api_text(x, "resource"));
			int_json(w, "batch",
			         json_object_object_get_ex(x, "batch", &v) ? json_object_get_int64(v) : 0);
			int_json(w, "line",
			         json_object_object_get_ex(x, "line", &v) ? json_object_get_int64(v) : 0);
			jsonw_obj_end(w);
		}
		jsonw_arr_end(w);
		jsonw_obj_end(w);
	}
	json_object_put(arr);
	jsonw_arr_end(w);
}

struct out {
	struct jsonw *w;
	const struct access_user *u;
	date_t day;
	bool detail; /* one warning: its checks and steps follow in the same object */
};

static void warning_fields(struct jsonw *w, const struct mon_warning *x, date_t day)
{
	enum lang l = lang_current();
	int_json(w, "id", x->id);
	str_json(w, "household", x->household);
	str_json(w, "region", x->region);
	str_json(w, "status", mon_status_name(x->status));
	str_json(w, "status_label", mon_status_label(x->status, l));
	str_json(w, "level", mon_level_name(x->level));
	int_json(w, "score", x->score);
	str_json(w, "raised_day", x->raised_day);
	str_json(w, "sent_day", x->sent_day);
	str_json(w, "sent_by", x->sent_by);
	str_json(w, "due_day", x->due_day);
	jsonw_key(w, "overdue");
	jsonw_bool(w, mon_overdue(x, day));
	str_json(w, "closed_day", x->closed_day);
	str_json(w, "outcome", mon_outcome_name(x->outcome));
	str_json(w, "outcome_label", mon_outcome_label(x->outcome, l));
	str_json(w, "reason", x->outcome_reason);
	str_json(w, "indicator", x->misleading);
	str_json(w, "department", x->department);
	int_json(w, "case", x->case_id);
	str_json(w, "outcome_by", x->outcome_by);
	indicators_json(w, x->indicators);
}

static int list_row(void *arg, const struct mon_warning *x)
{
	struct out *o = arg;
	jsonw_obj_begin(o->w);
	warning_fields(o->w, x, o->day);
	jsonw_obj_end(o->w);
	return 0;
}

/* day=YYYY-MM-DD of a query, or today */
static bool query_day(const char *s, date_t *day)
{
	*day = date_today();
	return !s || (strlen(s) == 10 && !date_parse(s, 10, day));
}

static int list(struct api_call *c, bool overdue)
{
	const struct api_request *rq = c->rq;
	struct mon_filter f = { rq->region, ML_YELLOW, MS_COUNT, overdue, 0, 1000, NULL };
	enum mon_level lv;
	enum mon_status st;
	if (rq->level && (mon_level_parse(rq->level, &lv) || lv == ML_NONE))
		return api_fail(
		    c->rs, 400, "invalid",
		    L("等级应为 yellow、orange 或 red", "the level must be yellow, orange or red"), "level");
	if (rq->level)
		f.min_level = lv;
	if (rq->status && !strcmp(rq->status, "all"))
		f.status = -1;
	else if (rq->status && mon_status_parse(rq->status, &st))
		return api_fail(c->rs, 400, "invalid",
		                L("状态应为 new、sent、checking、closed、ended 或 all",
		                  "the status must be new, sent, checking, closed, ended or all"),
		                "status");
	else if (rq->status)
		f.status = (int)st;
	if (rq->region && (!*rq->region || strlen(rq->region) > 12 ||
	                   strspn(rq->region, "0123456789") != strlen(rq->region)))
		return api_fail(c->rs, 400, "invalid",
		                L("区域应为 2 到 12 位行政区划代码",
		                  "the region must be a division code of 2 to 12 digits"),
		                "region");
	if (!query_day(rq->day, &f.day))
		return api_fail(c->rs, 400, "invalid",
		                L("日期无效（应为 YYYY-MM-DD）", "not a valid day (YYYY-MM-DD)"), "day");
	struct error e;
	error_clear(&e);
	struct jsonw w;
	api_list_begin(c->rs, &w, "warnings");
	struct out o = { &w, c->u, f.day, false };
	return api_list_end(c->rs, &w, app_warnings_list(c->a->s, c->u, NULL, &f, list_row, &o, &e), &e);
}

/* GET warnings */
int api_warnings(struct api_call *c)
{
	return list(c, false);
}

/* GET warnings/overdue */
int api_warnings_overdue(struct api_call *c)
{
	return list(c, true);
}

/* GET households/{household}/warnings: every warning of the household, any status, newest first */
int api_household_warnings(struct api_call *c)
{
	char village[13];
	snprintf(village, sizeof village, "%.12s", c->param[0]);
	struct mon_filter f = { village, ML_YELLOW, -1, false, date_today(), 1000, c->param[0] };
	struct error e;
	error_clear(&e);
	struct jsonw w;
	api_list_begin(c->rs, &w, "warnings");
	struct out o = { &w, c->u, f.day, false };
	return api_list_end(c->rs, &w, app_warnings_list(c->a->s, c->u, NULL, &f, list_row, &o, &e), &e);
}

struct summary {
	struct jsonw *w;
	long total[4];
};

static int summary_row(void *arg, const struct mon_count *k)
{
	struct summary *g = arg;
	const struct region *r = region_lookup(k->township, strlen(k->township));
	jsonw_obj_begin(g->w);
	str_json(g->w, "region", k->township);
	str_json(g->w, "name", r ? r->name : "");
	jsonw_key(g->w, "counts");
	jsonw_obj_begin(g->w);
	for (int l = ML_YELLOW; l <= ML_RED; l++) {
		int_json(g->w, mon_level_name((enum mon_level)l), k->by_level[l]);
		g->total[l] += k->by_level[l];
	}
	jsonw_obj_end(g->w);
	jsonw_obj_end(g->w);
	return 0;
}

/* GET warnings/summary?region=: the live warnings of a region by township and level (counts only) */
int api_warnings_summary(struct api_call *c)
{
	const char *region = c->rq->region;
	if (region && (!*region || strlen(region) > 12 || strspn(region, "0123456789") != strlen(region)))
		return api_fail(c->rs, 400, "invalid",
		                L("区域应为 2 到 12 位行政区划代码",
		                  "the region must be a division code of 2 to 12 digits"),
		                "region");
	struct error e;
	error_clear(&e);
	struct jsonw w;
	struct summary g = { &w, { 0 } };
	buf_reset(&c->rs->body);
	jsonw_init(&w, &c->rs->body);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "by_township");
	jsonw_arr_begin(&w);
	int rc = app_warnings_summary(c->a->s, c->u, region, summary_row, &g, &e);
	jsonw_arr_end(&w);
	jsonw_key(&w, "by_level");
	jsonw_obj_begin(&w);
	for (int l = ML_YELLOW; l <= ML_RED; l++)
		int_json(&w, mon_level_name((enum mon_level)l), g.total[l]);
	jsonw_obj_end(&w);
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	if (rc)
		return api_fail_error(c->rs, &e);
	c->rs->status = 200;
	return 0;
}

/* ---- one warning ---- */

static int detail_warning(void *arg, const struct mon_warning *x)
{
	struct out *o = arg;
	warning_fields(o->w, x, o->day);
	/* the steps this user may take now */
	jsonw_key(o->w, "steps");
	jsonw_arr_begin(o->w);
	for (int s = 0; s < MSTEP_COUNT; s++) {
		struct error r;
		if (!mon_step_refused(x->status, (enum mon_step)s, (int)o->u->role, &r) &&
		    access_in_scope(o->u, x->region))
			jsonw_str(o->w, mon_step_name((enum mon_step)s));
	}
	jsonw_arr_end(o->w);
	jsonw_key(o->w, "field_checks");
	jsonw_arr_begin(o->w);
	return 0;
}

static int detail_check(void *arg, const struct mon_check *k)
{
	struct out *o = arg;
	struct jsonw *w = o->w;
	jsonw_obj_begin(w);
	int_json(w, "id", k->id);
	str_json(w, "visit_day", k->visit_day);
	jsonw_key(w, "staff");
	jsonw_arr_begin(w);
	jsonw_str(w, k->staff1);
	jsonw_str(w, k->staff2);
	jsonw_arr_end(w);
	str_json(w, "findings", k->findings);
	jsonw_key(w, "income_fen");
	if (k->income_fen >= 0)
		jsonw_int(w, k->income_fen);
	else
		jsonw_null(w);
	jsonw_key(w, "spending_fen");
	if (k->spending_fen >= 0)
		jsonw_int(w, k->spending_fen);
	else
		jsonw_null(w);
	jsonw_key(w, "corrections");
	jsonw_arr_begin(w);
	struct json_object *arr = json_tokener_parse(k->corrections);
	for (size_t i = 0;
	     arr && json_object_is_type(arr, json_type_array) && i < json_object_array_length(arr); i++) {
		struct json_object *x = json_object_array_get_idx(arr, i);
		jsonw_obj_begin(w);
		const char *keys[] = { "resource", "field", "old", "new", "reason" };
		for (size_t j = 0; j < ARRAY_SIZE(keys); j++)
			str_json(w, keys[j], api_text(x, keys[j]));
		jsonw_obj_end(w);
	}
	json_object_put(arr);
	jsonw_arr_end(w);
	str_json(w, "recorded_by", k->recorded_by);
	str_json(w, "recorded_at", k->recorded_at);
	jsonw_obj_end(w);
	return 0;
}

static int detail(struct api_call *c, int status)
{
	struct error e;
	error_clear(&e);
	struct jsonw w;
	buf_reset(&c->rs->body);
	jsonw_init(&w, &c->rs->body);
	jsonw_obj_begin(&w);
	struct out o = { &w, c->u, date_today(), true };
	int rc = app_warning_show(c->a->s, c->u, c->id, detail_warning, detail_check, &o, &e);
	if (rc)
		return api_fail_error(c->rs, &e);
	jsonw_arr_end(&w); /* field_checks */
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	c->rs->status = status;
	return 0;
}

/* GET warnings/{warning} */
int api_warning(struct api_call *c)
{
	return detail(c, 200);
}

/* ---- the steps ---- */

/* a member the step does not know is refused by name (a typo is never silently ignored) */
static int only(struct api_call *c, const struct body *b, const char *const *known, size_t n)
{
	struct error e;
	error_clear(&e);
	if (!api_body_only(b, known, n, &e))
		return 0;
	api_fail_error(c->rs, &e);
	return -1;
}

/* the step's day: the body's "day", or today */
static int body_day(const struct body *b, date_t *day, struct error *e)
{
	const char *d = NULL;
	int rc = api_body_text(b, "day", 10, &d, e);
	*day = date_today();
	if (!rc && d && (strlen(d) != 10 || date_parse(d, 10, day))) {
		rc = error_set(e, ERR_INVAL, "日期无效（应为 YYYY-MM-DD）", "not a valid day (YYYY-MM-DD)");
		error_field(e, "day");
	}
	return rc;
}

/* POST warnings/{warning}/send */
int api_warning_send(struct api_call *c)
{
	struct body b = { api_body(c->rq, c->rs) };
	if (!b.o)
		return 0;
	static const char *const known[] = { "day" };
	struct error e;
	error_clear(&e);
	date_t day;
	int rc = only(c, &b, known, ARRAY_SIZE(known));
	if (!rc && ((rc = body_day(&b, &day, &e)) || (rc = app_warning_send(c->a->s, c->u, c->id, day, &e))))
		rc = api_fail_error(c->rs, &e);
	else if (!rc)
		rc = detail(c, 200);
	else
		rc = 0;
	api_body_release(&b);
	return rc;
}

/* the corrections of a field check: [{resource, field, old, new, reason}] of text members */
static int corrections(const struct body *b, struct mon_correction *out, size_t cap, size_t *n,
                       struct error *e)
{
	*n = 0;
	struct json_object *arr;
	if (!json_object_object_get_ex(b->o, "corrections", &arr) || !arr)
		return 0;
	if (!json_object_is_type(arr, json_type_array) || json_object_array_length(arr) > cap)
		goto bad;
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *x = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(x, json_type_object))
			goto bad;
		const char *keys[] = { "resource", "field", "old", "new", "reason" };
		const char *v[5] = { NULL };
		size_t members = 0;
		json_object_object_foreach(x, key, val)
		{
			size_t k = 0;
			while (k < ARRAY_SIZE(keys) && strcmp(key, keys[k]))
				k++;
			if (k == ARRAY_SIZE(keys) || !json_object_is_type(val, json_type_string))
				goto bad;
			v[k] = json_object_get_string(val);
			members++;
		}
		UNUSED(members);
		out[(*n)++] = (struct mon_correction){ v[0], v[1], v[2], v[3], v[4] };
	}
	return 0;
bad:
	error_set(
	    e, ERR_INVAL, "更正应为至多 %zu 项的数组，每项只含文本字段 resource、field、old、new、reason",
	    "corrections must be an array of at most %zu objects of the text members resource, field, old, "
	    "new, reason",
	    cap);
	error_field(e, "corrections");
	return ERR_INVAL;
}

/* POST warnings/{warning}/field-checks */
int api_warning_check(struct api_call *c)
{
	struct body b = { api_body(c->rq, c->rs) };
	if (!b.o)
		return 0;
	static const char *const known[] = { "day",        "visit_day",    "staff",      "findings",
		                             "income_fen", "spending_fen", "corrections" };
	struct error e;
	error_clear(&e);
	date_t day;
	char staff[256];
	struct mon_correction corr[16];
	struct mon_check_in in = { NULL, NULL, NULL, -1, -1, corr, 0 };
	int64_t check = 0;
	bool given;
	int rc = only(c, &b, known, ARRAY_SIZE(known));
	if (rc) {
		api_body_release(&b);
		return 0;
	}
	if ((rc = body_day(&b, &day, &e)) || (rc = api_body_text(&b, "visit_day", 10, &in.visit_day, &e)) ||
	    (rc = api_body_list(&b, "staff", staff, sizeof staff, &in.staff, &e)) ||
	    (rc = api_body_text(&b, "findings", 2000, &in.findings, &e)) ||
	    (rc = api_body_int(&b, "income_fen", 0, INT64_C(100000000000), &in.income_fen, &given, &e)) ||
	    (rc = (given ? 0 : (in.income_fen = -1, 0))) ||
	    (rc = api_body_int(&b, "spending_fen", 0, INT64_C(100000000000), &in.spending_fen, &given, &e)) ||
	    (rc = (given ? 0 : (in.spending_fen = -1, 0))) ||
	    (rc = corrections(&b, corr, ARRAY_SIZE(corr), &in.ncorrections, &e)) ||
	    (rc = app_warning_check(c->a->s, c->u, c->id, day, &in, &check, &e)))
		rc = api_fail_error(c->rs, &e);
	else
		rc = detail(c, 200);
	api_body_release(&b);
	return rc;
}

/* POST warnings/{warning}/outcome */
int api_warning_outcome(struct api_call *c)
{
	struct body b = { api_body(c->rq, c->rs) };
	if (!b.o)
		return 0;
	static const char *const known[] = { "day", "outcome", "reason", "indicator", "department", "case" };
	struct error e;
	error_clear(&e);
	date_t day;
	struct mon_outcome_in in = { NULL, NULL, NULL, NULL, 0 };
	bool given;
	int rc = only(c, &b, known, ARRAY_SIZE(known));
	if (rc) {
		api_body_release(&b);
		return 0;
	}
	if ((rc = body_day(&b, &day, &e)) || (rc = api_body_text(&b, "outcome", 20, &in.kind, &e)) ||
	    (rc = api_body_text(&b, "reason", 1000, &in.reason, &e)) ||
	    (rc = api_body_text(&b, "indicator", 64, &in.indicator, &e)) ||
	    (rc = api_body_text(&b, "department", 100, &in.department, &e)) ||
	    (rc = api_body_int(&b, "case", 1, INT64_MAX, &in.case_id, &given, &e)) ||
	    (rc = app_warning_outcome(c->a->s, c->u, c->id, day, &in, &e)))
		rc = api_fail_error(c->rs, &e);
	else
		rc = detail(c, 200);
	api_body_release(&b);
	return rc;
}
