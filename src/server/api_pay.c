/* api_pay.c: payments over the API (docs/PAYMENTS.md): the roll's import (the CSV's text in the
 * body), a payroll built, checked, approved, its bank files written, a bank's return imported, a
 * payroll as it stands with its totals, lines and checks, and the ledger's check. Bodies are read
 * strictly: a member a step does not know is refused by name. Each goes through app/'s use cases,
 * which pass the access gate and audit every refusal. */
#include <json-c/json.h>

#include "app/app.h"
#include "base/jsonw.h"
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

/* a member the step does not know is refused by name; -1 with the answer written */
static int only(struct api_call *c, const struct body *b, const char *const *known, size_t n)
{
	struct error e;
	error_clear(&e);
	if (!api_body_only(b, known, n, &e))
		return 0;
	api_fail_error(c->rs, &e);
	return -1;
}

/* ---- a payroll as it stands ---- */

struct view {
	struct jsonw *w;
	bool lines_open;
};

static int on_payroll(void *arg, const struct pay_db_payroll *p, const struct pay_return_report *r)
{
	struct view *v = arg;
	int_json(v->w, "id", p->id);
	str_json(v->w, "month", p->month);
	str_json(v->w, "region", p->region);
	str_json(v->w, "state", p->state);
	str_json(v->w, "approved_civil_affairs", p->approved1_by);
	str_json(v->w, "approved_finance", p->approved2_by);
	int_json(v->w, "total_fen", r->total_fen);
	int_json(v->w, "paid_fen", r->paid_fen);
	int_json(v->w, "failed_fen", r->failed_fen);
	int_json(v->w, "pending_fen", r->pending_fen);
	int_json(v->w, "held_fen", r->held_fen);
	jsonw_key(v->w, "lines");
	jsonw_arr_begin(v->w);
	v->lines_open = true;
	return 0;
}

static int on_line(void *arg, const struct pay_db_line *l)
{
	struct view *v = arg;
	jsonw_obj_begin(v->w);
	int_json(v->w, "id", l->id);
	int_json(v->w, "case", l->case_id);
	str_json(v->w, "household", l->household);
	str_json(v->w, "scheme", l->scheme);
	str_json(v->w, "kind", l->kind);
	str_json(v->w, "bank", l->bank);
	int_json(v->w, "amount_fen", l->amount_fen);
	str_json(v->w, "status", l->status);
	str_json(v->w, "reason", l->reason);
	str_json(v->w, "basis", l->basis);
	int_json(v->w, "reissue_of", l->reissue_of);
	jsonw_obj_end(v->w);
	return 0;
}

static int on_check(void *arg, const struct pay_db_check *c)
{
	struct view *v = arg;
	if (v->lines_open) {
		jsonw_arr_end(v->w);
		jsonw_key(v->w, "checks");
		jsonw_arr_begin(v->w);
		v->lines_open = false;
	}
	jsonw_obj_begin(v->w);
	int_json(v->w, "line", c->line);
	str_json(v->w, "rule", c->rule);
	jsonw_key(v->w, "blocking");
	jsonw_bool(v->w, c->blocking);
	str_json(v->w, "evidence", c->evidence);
	jsonw_obj_end(v->w);
	return 0;
}

static int payroll(struct api_call *c, int64_t id, int status)
{
	struct error e;
	error_clear(&e);
	struct jsonw w;
	buf_reset(&c->rs->body);
	jsonw_init(&w, &c->rs->body);
	jsonw_obj_begin(&w);
	struct view v = { &w, false };
	struct pay_actor a = { c->u, NULL };
	struct pay_view pv = { on_payroll, on_line, on_check, &v };
	int rc = app_pay_show(c->a->s, &a, id, &pv, &e);
	if (rc)
		return api_fail_error(c->rs, &e);
	if (v.lines_open) { /* no check: an empty list */
		jsonw_arr_end(&w);
		jsonw_key(&w, "checks");
		jsonw_arr_begin(&w);
	}
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	c->rs->status = status;
	return 0;
}

/* GET payrolls/{payroll} */
int api_payroll(struct api_call *c)
{
	return payroll(c, c->id, 200);
}

/* ---- the steps ---- */

/* a step whose body has no member: {} */
static int empty_step(struct api_call *c,
                      int (*step)(struct api_call *c, struct pay_service *ps, struct error *e), int status)
{
	struct body b = { api_body(c->rq, c->rs) };
	if (!b.o)
		return 0;
	struct error e;
	error_clear(&e);
	struct pay_service *ps = NULL;
	int rc = only(c, &b, NULL, 0);
	api_body_release(&b);
	if (rc)
		return 0;
	if ((rc = app_pay_service(&ps, &e)) == 0)
		rc = step(c, ps, &e);
	app_pay_service_close(ps);
	if (rc)
		return api_fail_error(c->rs, &e);
	return status ? payroll(c, c->id, status) : 0;
}

static int check_step(struct api_call *c, struct pay_service *ps, struct error *e)
{
	struct pay_check_report r;
	struct pay_actor a = { c->u, NULL };
	return app_pay_check(ps, c->a->s, &a, c->id, &r, e);
}

static int approve_step(struct api_call *c, struct pay_service *ps, struct error *e)
{
	return app_pay_approve(ps, c->a->s, c->u, c->id, e);
}

struct files {
	struct jsonw w;
};

static int on_file(void *arg, const struct pay_db_bank_file *f)
{
	struct files *fs = arg;
	jsonw_obj_begin(&fs->w);
	str_json(&fs->w, "bank", f->bank);
	const char *base = strrchr(f->path, '/');
	str_json(&fs->w, "file", base ? base + 1 : f->path);
	int_json(&fs->w, "count", f->count);
	int_json(&fs->w, "total_fen", f->total_fen);
	str_json(&fs->w, "sha256", f->sha256);
	jsonw_obj_end(&fs->w);
	return 0;
}

static int bank_step(struct api_call *c, struct pay_service *ps, struct error *e)
{
	struct files fs;
	api_list_begin(c->rs, &fs.w, "files");
	int rc = app_pay_bank_write(ps, c->a->s, c->u, c->id, NULL, on_file, &fs, e);
	if (rc)
		return rc;
	api_list_end(c->rs, &fs.w, 0, e);
	c->rs->status = 201;
	return 0;
}

int api_payroll_check(struct api_call *c)
{
	return empty_step(c, check_step, 200);
}

int api_payroll_approve(struct api_call *c)
{
	return empty_step(c, approve_step, 200);
}

int api_payroll_bank_files(struct api_call *c)
{
	return empty_step(c, bank_step, 0);
}

/* POST payrolls {region, month} */
int api_payroll_build(struct api_call *c)
{
	struct body b = { api_body(c->rq, c->rs) };
	if (!b.o)
		return 0;
	static const char *const known[] = { "region", "month" };
	struct error e;
	error_clear(&e);
	const char *region = NULL, *month = NULL;
	struct pay_service *ps = NULL;
	int64_t id = 0;
	int rc = only(c, &b, known, ARRAY_SIZE(known));
	if (rc) {
		api_body_release(&b);
		return 0;
	}
	month_t m = 0;
	if (!(rc = api_body_text(&b, "region", 12, &region, &e)) &&
	    !(rc = api_body_text(&b, "month", 7, &month, &e))) {
		if (!region || !month || month_parse(month, strlen(month), &m)) {
			error_set(&e, ERR_INVAL, "需要 region（区划代码）和 month（YYYY-MM）",
			          "region (a region code) and month (YYYY-MM) are needed");
			error_field(&e, !region ? "region" : "month");
			rc = ERR_INVAL;
		}
	}
	struct pay_totals t;
	struct pay_actor a = { c->u, NULL };
	if (!rc && !(rc = app_pay_service(&ps, &e)))
		rc = app_pay_build(ps, c->a->s, &a, region, m, &id, &t, &e);
	app_pay_service_close(ps);
	api_body_release(&b);
	if (rc)
		return api_fail_error(c->rs, &e);
	return payroll(c, id, 201);
}

/* ---- files in the body: the roll and a bank's return ---- */

struct rejects {
	struct jsonw *w;
	int64_t n;
};

static int on_reject(void *arg, uint64_t line, const char *field, const char *reason)
{
	struct rejects *r = arg;
	r->n++;
	jsonw_obj_begin(r->w);
	int_json(r->w, "line", (int64_t)line);
	str_json(r->w, "field", field);
	str_json(r->w, "reason", reason);
	jsonw_obj_end(r->w);
	return 0;
}

/* the CSV's text in the body: {csv, day} for the roll, {csv} for a return */
static int file_body(struct api_call *c, bool roll)
{
	struct body b = { api_body(c->rq, c->rs) };
	if (!b.o)
		return 0;
	static const char *const known[] = { "csv", "day" };
	struct error e;
	error_clear(&e);
	const char *csv = NULL, *day = NULL;
	if (only(c, &b, known, roll ? 2 : 1)) {
		api_body_release(&b);
		return 0;
	}
	int rc = api_body_text(&b, "csv", 60000, &csv, &e);
	if (!rc && roll)
		rc = api_body_text(&b, "day", 10, &day, &e);
	date_t today = date_today();
	if (!rc && (!csv || (day && (strlen(day) != 10 || date_parse(day, 10, &today))))) {
		error_set(&e, ERR_INVAL, "需要 csv（文件内容）；day 为 YYYY-MM-DD",
		          "csv (the file's text) is needed; day is YYYY-MM-DD");
		error_field(&e, csv ? "day" : "csv");
		rc = ERR_INVAL;
	}
	if (rc) {
		api_body_release(&b);
		return api_fail_error(c->rs, &e);
	}
	struct jsonw w;
	api_list_begin(c->rs, &w, "rejects");
	struct rejects rj = { &w, 0 };
	struct pay_service *ps = NULL;
	struct pay_input in = { NULL, csv, strlen(csv) };
	struct pay_actor a = { c->u, NULL };
	struct pay_roll_report rr;
	struct pay_return_report ret;
	memset(&rr, 0, sizeof rr);
	if (!(rc = app_pay_service(&ps, &e))) {
		if (roll)
			rc = app_pay_roll_import(ps, c->a->s, &a, &in, today, on_reject, &rj, &rr, &e);
		else
			rc = app_pay_return_import(ps, c->a->s, c->u, c->id, &in, on_reject, &rj, &ret, &e);
	}
	app_pay_service_close(ps);
	api_body_release(&b);
	if (rc && !rj.n)
		return api_fail_error(c->rs, &e);
	jsonw_arr_end(&w);
	if (roll) {
		int_json(&w, "rows", rr.rows);
		int_json(&w, "added", rr.added);
		int_json(&w, "already", rr.already);
	}
	str_json(&w, "message", rc ? error_msg(&e) : "");
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	c->rs->status = rc ? 422 : 200;
	if (!rc && !roll)
		return payroll(c, c->id, 200);
	return 0;
}

/* POST roll {csv, day} */
int api_roll_import(struct api_call *c)
{
	return file_body(c, true);
}

/* POST payrolls/{payroll}/returns {csv} */
int api_payroll_returns(struct api_call *c)
{
	return file_body(c, false);
}

/* ---- the ledger ---- */

struct ledger_out {
	struct jsonw *w;
};

static int on_total(void *arg, const struct pay_db_ledger_total *t)
{
	struct ledger_out *o = arg;
	jsonw_obj_begin(o->w);
	str_json(o->w, "month", t->month);
	str_json(o->w, "scheme", t->scheme);
	str_json(o->w, "region", t->region);
	str_json(o->w, "account", t->account);
	int_json(o->w, "debit_fen", t->debit_fen);
	int_json(o->w, "credit_fen", t->credit_fen);
	jsonw_obj_end(o->w);
	return 0;
}

struct problems {
	char text[8][256];
	int n;
};

static int on_bad(void *arg, const char *what)
{
	struct problems *p = arg;
	if (p->n < 8)
		snprintf(p->text[p->n++], sizeof p->text[0], "%s", what);
	return 0;
}

/* GET ledger */
int api_ledger(struct api_call *c)
{
	struct error e;
	error_clear(&e);
	struct jsonw w;
	api_list_begin(c->rs, &w, "totals");
	struct ledger_out o = { &w };
	struct problems p = { .n = 0 };
	struct pay_actor a = { c->u, NULL };
	int64_t bad = 0;
	int rc = app_pay_ledger_check(c->a->s, &a, on_total, &o, on_bad, &p, &bad, &e);
	if (rc)
		return api_fail_error(c->rs, &e);
	jsonw_arr_end(&w);
	jsonw_key(&w, "balanced");
	jsonw_bool(&w, bad == 0);
	jsonw_key(&w, "problems");
	jsonw_arr_begin(&w);
	for (int i = 0; i < p.n; i++)
		jsonw_str(&w, p.text[i]);
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	c->rs->status = 200;
	return 0;
}
