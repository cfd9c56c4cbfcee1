/* api.c: the JSON API. Every request that touches personal data is authenticated by its session
 * cookie, every change carries the session's CSRF token, and every read of a household or a
 * search goes through the access gate (gate.c) before any data is loaded. Errors are
 * {error, message, field} with their HTTP status; messages follow SAFETYNET_LANG. */
#include <json-c/json.h>
#include <sodium.h>
#include <strings.h>

#include "app/app.h"
#include "audit/audit.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "base/log.h"
#include "base/region.h"
#include "server/api_int.h"
#include "server/body.h"
#include "server/routes.h"
#include "verify/verify_store.h"
#include "verify/verify_repo.h"

int api_fail(struct api_response *rs, int status, const char *code, const char *message, const char *field)
{
	struct jsonw w;
	rs->status = status;
	buf_reset(&rs->body);
	jsonw_init(&w, &rs->body);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "error");
	jsonw_str(&w, code);
	jsonw_key(&w, "message");
	jsonw_str(&w, message);
	jsonw_key(&w, "field");
	if (field)
		jsonw_str(&w, field);
	else
		jsonw_null(&w);
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	return 0;
}

int api_fail_error(struct api_response *rs, const struct error *e)
{
	int status = e->code == ERR_PERM       ? 403
	             : e->code == ERR_NOTFOUND ? 404
	             : e->code == ERR_INVAL    ? 400
	             : e->code == ERR_EXISTS   ? 409
	             : e->code == ERR_BUSY     ? 503
	                                       : 500;
	const char *code = e->code == ERR_PERM       ? "forbidden"
	                   : e->code == ERR_NOTFOUND ? "not-found"
	                   : e->code == ERR_INVAL    ? "invalid"
	                   : e->code == ERR_EXISTS   ? "exists"
	                   : e->code == ERR_BUSY     ? "busy"
	                                             : "internal";
	return api_fail(rs, status, code,
	                status == 500 ? L("服务器内部错误", "internal error") : error_msg(e),
	                e->field[0] ? e->field : NULL);
}

void api_list_begin(struct api_response *rs, struct jsonw *w, const char *key)
{
	buf_reset(&rs->body);
	jsonw_init(w, &rs->body);
	jsonw_obj_begin(w);
	jsonw_key(w, key);
	jsonw_arr_begin(w);
}

int api_list_end(struct api_response *rs, struct jsonw *w, int rc, const struct error *e)
{
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	jsonw_finish(w);
	if (rc)
		return api_fail_error(rs, e);
	rs->status = 200;
	return 0;
}

static void user_json(struct jsonw *w, const struct access_user *u)
{
	jsonw_obj_begin(w);
	jsonw_key(w, "name");
	jsonw_str(w, u->name);
	jsonw_key(w, "display");
	jsonw_str(w, u->display);
	jsonw_key(w, "role");
	jsonw_str(w, access_role_name(u->role));
	jsonw_key(w, "role_label");
	jsonw_str(w, access_role_label(u->role));
	jsonw_key(w, "region");
	jsonw_str(w, u->region);
	jsonw_obj_end(w);
}

const char *api_text(struct json_object *o, const char *key)
{
	struct body b = { o };
	const char *s = NULL;
	struct error e;
	return api_body_text(&b, key, 0, &s, &e) ? NULL : s;
}

struct json_object *api_body(const struct api_request *rq, struct api_response *rs)
{
	struct body b;
	struct error e;
	error_clear(&e);
	if (api_body_parse(rq->body ? rq->body : "", rq->body ? rq->body_len : 0, &b, &e)) {
		api_fail_error(rs, &e);
		return NULL;
	}
	return b.o;
}

/* a login comes from this server's own pages or from a client that is no browser: another site's
 * page can POST a form or text/plain without asking (no CORS preflight), so the body must be
 * declared JSON (which needs a preflight, never granted), and a browser's Origin, when sent, must
 * be this server's own: its Host, over https when TLS is on (any scheme behind a proxy). 0, or
 * 1 with the refusal in rs. */
static int login_from_here(const struct api *a, const struct api_request *rq, struct api_response *rs)
{
	const char *ct = rq->content_type ? rq->content_type : "";
	size_t n = strlen("application/json");
	if (strncasecmp(ct, "application/json", n) || (ct[n] && ct[n] != ';' && ct[n] != ' ')) {
		api_fail(rs, 415, "content-type",
		         L("登录请求的 Content-Type 应为 application/json",
		           "a login's Content-Type must be application/json"),
		         NULL);
		return 1;
	}
	const char *o = rq->origin;
	bool cross =
	    rq->fetch_site && strcmp(rq->fetch_site, "same-origin") && strcmp(rq->fetch_site, "none");
	if (o) {
		const char *h = !strncmp(o, "https://", 8)             ? o + 8
		                : !a->tls && !strncmp(o, "http://", 7) ? o + 7
		                                                       : NULL;
		cross = cross || !h || !rq->host || strcasecmp(h, rq->host);
	}
	if (cross) {
		api_fail(rs, 403, "csrf",
		         L("登录请求来自其他网站（Origin 与本服务器不符）",
		           "the login comes from another site (its Origin is not this server)"),
		         NULL);
		return 1;
	}
	return 0;
}

/* a login's audit entry: queued from a thread that holds no lock (a refusal before the store is
 * touched), else written through the store (holding the lock) */
static void audit_login(struct api *a, bool queued, const char *actor, const char *action,
                        const char *subject, const char *detail)
{
	struct error e;
	error_clear(&e);
	struct audit_sink k = queued && a->audit ? audit_to_queue(a->audit) : audit_to_store(a->s);
	int rc = audit_write(k, actor, action, subject, detail, &e);
	if (rc)
		log_error("a login's audit entry cannot be written: %s", e.en);
}

bool api_is_login(const char *method, const char *url)
{
	struct api_call c = { 0 };
	char allow[32];
	return api_route_match(method, url, &c, allow) == AM_FOUND && c.route->handler == api_login;
}

bool api_login_begin(struct api *a, const struct api_request *rq, struct api_login *lg,
                     struct api_response *rs)
{
	memset(lg, 0, sizeof *lg);
	rs->retry_after = 0;
	rs->allow[0] = '\0';
	rs->user = 0;
	rs->set_cookie[0] = '\0';
	if (rq->body_too_big) {
		api_fail(rs, 413, "too-large", L("请求内容过大", "the request body is too large"), NULL);
		return false;
	}
	if (login_from_here(a, rq, rs))
		return false;
	struct json_object *o = api_body(rq, rs);
	if (!o)
		return false;
	const char *name = api_text(o, "username"), *password = api_text(o, "password");
	if (!name || !password) {
		api_fail(rs, 400, "invalid", L("需要用户名和密码", "user name and password are needed"),
		         name ? "password" : "username");
		json_object_put(o);
		return false;
	}
	if (strlen(name) < sizeof lg->name)
		memcpy(lg->name, name, strlen(name) + 1);
	snprintf(lg->password, sizeof lg->password, "%s", password); /* longer is wrong anyway */
	json_object_put(o);
	struct api_throttle_verdict v = { AT_OK, 0, false };
	const char *addr = rq->peer ? rq->peer : "";
	if (a->throttle)
		api_throttle_try(a->throttle, lg->name, addr, rq->now, &v);
	if (v.why == AT_OK)
		return true;
	sodium_memzero(lg->password, sizeof lg->password);
	static const char *const limit[] = { "", "address", "account", "locked" };
	struct error e;
	if (v.why == AT_LOCKED)
		error_set(
		    &e, ERR_PERM, "连续登录失败过多，该账号在此地址已暂时锁定，请 %u 分钟后再试",
		    "too many failed logins: the account is locked from this address for %u more minutes",
		    (v.retry_after + 59) / 60);
	else if (v.why == AT_ADDRESS)
		error_set(&e, ERR_PERM, "此地址登录尝试过多，请 %u 秒后再试",
		          "too many logins from this address: try again in %u seconds", v.retry_after);
	else
		error_set(&e, ERR_PERM, "该账号登录尝试过多，请 %u 秒后再试",
		          "too many logins to this account: try again in %u seconds", v.retry_after);
	api_fail(rs, 429, v.why == AT_LOCKED ? "locked" : "too-many", error_msg(&e), NULL);
	rs->retry_after = v.retry_after;
	if (v.first) { /* once a refusal episode, so that a flood does not flood the audit log */
		char detail[128];
		snprintf(detail, sizeof detail, "address=%s limit=%s", addr, limit[v.why]);
		audit_login(a, true, "-", "login-refused", "", detail);
	}
	return false;
}

void api_login_lookup(struct api *a, struct api_login *lg)
{
	error_clear(&lg->e);
	lg->rc = access_login_lookup(a->s, lg->name, &lg->t, &lg->e);
}

void api_login_check(struct api_login *lg)
{
	if (!lg->rc)
		access_login_check(&lg->t, lg->password);
	sodium_memzero(lg->password, sizeof lg->password);
}

void api_login_end(struct api *a, const struct api_request *rq, struct api_login *lg, struct api_response *rs)
{
	int before = api_lang_enter(rq);
	struct access_user u;
	struct access_session ses;
	struct error e = lg->e;
	const char *addr = rq->peer ? rq->peer : "";
	/* as any change: while a batch holds the write lock, refused at once (503), not after 5 s */
	bool quick = api_ingest_running(a->ingests);
	if (quick)
		store_busy_timeout(a->s, 100);
	int rc = lg->rc ? lg->rc : access_login_finish(a->s, &lg->t, rq->now, &u, &ses, &e);
	if (quick)
		store_busy_timeout(a->s, STORE_BUSY_MS);
	char detail[160];
	/* an unknown name is not written down: it may be a password typed in the wrong field */
	const char *who = lg->t.found ? lg->t.row.name : "-";
	if (rc == ERR_PERM) {
		unsigned locks =
		    a->throttle ? api_throttle_done(a->throttle, lg->name, addr, false, rq->now) : 0;
		snprintf(detail, sizeof detail, "address=%s reason=%s", addr,
		         !lg->t.found         ? "unknown-name"
		         : lg->t.row.disabled ? "disabled"
		                              : "password");
		audit_login(a, false, who, "login-failed", lg->t.found ? who : "", detail);
		if (locks) {
			snprintf(detail, sizeof detail, "address=%s seconds=%u", addr, locks);
			audit_login(a, false, who, "login-locked", lg->t.found ? who : "", detail);
		}
		api_fail(rs, 401, "unauthorised", error_msg(&e), NULL);
	} else if (rc) {
		api_fail_error(rs, &e);
	} else {
		if (a->throttle)
			api_throttle_done(a->throttle, lg->name, addr, true, rq->now);
		snprintf(detail, sizeof detail, "address=%s", addr);
		audit_login(a, false, u.name, "login", u.name, detail);
		struct jsonw w;
		snprintf(rs->set_cookie, sizeof rs->set_cookie,
		         "sid=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=28800%s", ses.token,
		         a->tls ? "; Secure" : "");
		rs->status = 200;
		rs->user = u.id;
		buf_reset(&rs->body);
		jsonw_init(&w, &rs->body);
		jsonw_obj_begin(&w);
		jsonw_key(&w, "user");
		user_json(&w, &u);
		jsonw_key(&w, "csrf");
		jsonw_str(&w, ses.csrf);
		jsonw_obj_end(&w);
		jsonw_finish(&w);
	}
	lang_set_thread(before);
}

/* POST /api/v1/login in one go (the caller holds the lock throughout) */
static int login(struct api *a, const struct api_request *rq, struct api_response *rs)
{
	struct api_login lg;
	if (api_login_begin(a, rq, &lg, rs)) {
		api_login_lookup(a, &lg);
		api_login_check(&lg);
		api_login_end(a, rq, &lg, rs);
	}
	return 0;
}

struct search {
	struct jsonw *w;
	const struct access_user *u;
	long n;
};

static int found_household(void *arg, const char *household)
{
	struct search *g = arg;
	if (g->n++ >= 50)
		return 1;
	jsonw_obj_begin(g->w);
	jsonw_key(g->w, "household");
	jsonw_str(g->w, household);
	jsonw_obj_end(g->w);
	return 0;
}

static int found_person(void *arg, const char *household, const char *person)
{
	struct search *g = arg;
	char masked[19];
	access_mask_id(g->u, person, masked);
	g->n++;
	jsonw_obj_begin(g->w);
	jsonw_key(g->w, "household");
	jsonw_str(g->w, household ? household : "");
	jsonw_key(g->w, "person");
	jsonw_str(g->w, masked);
	jsonw_obj_end(g->w);
	return 0;
}

/* GET /api/v1/households?q=: an ID number, a household-number prefix (6+ digits), or a name */
static int search(struct api *a, const struct access_user *u, const struct api_request *rq,
                  struct api_response *rs)
{
	const char *q = rq->q ? rq->q : "";
	size_t n = strlen(q);
	if (n == 0 || n > 64)
		return api_fail(rs, 400, "invalid",
		                L("查询应为 1 到 64 个字符", "the query must be 1 to 64 characters"), "q");
	struct error e;
	error_clear(&e);
	struct jsonw w;
	api_list_begin(rs, &w, "results");
	struct search g = { &w, u, 0 };
	const struct app_search_view view = { found_household, found_person, &g };
	return api_list_end(rs, &w, app_household_search(a->s, u, q, &view, &e), &e);
}

static int history_row(void *arg, const struct vf_db_verification_row *v)
{
	struct jsonw *w = arg;
	jsonw_obj_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, v->id);
	jsonw_key(w, "date");
	jsonw_str(w, v->day);
	jsonw_key(w, "month");
	jsonw_str(w, v->month);
	jsonw_key(w, "decision");
	jsonw_str(w, vf_class_name(v->decision));
	jsonw_key(w, "monthly_benefit_fen");
	jsonw_int(w, v->benefit_fen);
	jsonw_key(w, "per_capita_income_fen");
	jsonw_int(w, v->per_capita_fen);
	jsonw_obj_end(w);
	return 0;
}

static void fact_json(struct jsonw *w, const struct vf_fact *f)
{
	jsonw_obj_begin(w);
	jsonw_key(w, "kind");
	jsonw_str(w, f->kind);
	jsonw_key(w, "period");
	if (f->period)
		jsonw_str(w, f->period);
	else
		jsonw_null(w);
	jsonw_key(w, "amount_fen");
	if (f->has_amount)
		jsonw_int(w, f->amount);
	else
		jsonw_null(w);
	jsonw_key(w, "value");
	if (f->value)
		jsonw_str(w, f->value);
	else
		jsonw_null(w);
	jsonw_key(w, "resource");
	jsonw_str(w, f->resource);
	jsonw_key(w, "batch");
	jsonw_int(w, f->batch);
	jsonw_key(w, "line");
	jsonw_int(w, f->line);
	jsonw_obj_end(w);
}

static void member_json(struct jsonw *w, const struct access_user *u, const struct vf_member *m)
{
	char masked[19], birth[DATE_STR_SIZE];
	access_mask_id(u, m->idno, masked);
	date_format(m->birth, birth);
	jsonw_obj_begin(w);
	jsonw_key(w, "id");
	jsonw_str(w, masked);
	jsonw_key(w, "name");
	jsonw_str(w, m->name);
	jsonw_key(w, "relation");
	jsonw_str(w, m->relation);
	jsonw_key(w, "status");
	jsonw_str(w, m->status);
	jsonw_key(w, "birth");
	jsonw_str(w, access_sees_ids(u) ? birth : "");
	jsonw_key(w, "facts");
	jsonw_arr_begin(w);
	for (size_t k = 0; k < m->nfacts && k < 500; k++)
		fact_json(w, &m->facts[k]);
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

struct detail {
	struct jsonw w;
	const struct access_user *u;
	const char *hh;
	struct api_response *rs;
	bool open;   /* the answer was begun: the household was read */
	bool checks; /* the field checks' list was begun (after the verifications') */
};

/* the answer up to its verifications: the household and its members */
static int detail_household(void *arg, const struct vf_household *h)
{
	struct detail *d = arg;
	struct jsonw *w = &d->w;
	d->open = true;
	buf_reset(&d->rs->body);
	jsonw_init(w, &d->rs->body);
	jsonw_obj_begin(w);
	jsonw_key(w, "household");
	jsonw_str(w, d->hh);
	jsonw_key(w, "region");
	jsonw_strn(w, d->hh, 12);
	jsonw_key(w, "authorised");
	jsonw_bool(w, h->has_auth);
	jsonw_key(w, "members");
	jsonw_arr_begin(w);
	for (size_t i = 0; i < h->nmembers; i++)
		member_json(w, d->u, &h->members[i]);
	jsonw_arr_end(w);
	jsonw_key(w, "verifications");
	jsonw_arr_begin(w);
	return 0;
}

static int detail_verification(void *arg, const struct vf_db_verification_row *v)
{
	struct detail *d = arg;
	return history_row(&d->w, v);
}

/* a field check of monitoring (铁脚板) as evidence: its source is the visit (field-check, its day
 * and its two staff), the household's own statement of income and spending beside the
 * departments' facts */
static int detail_field_check(void *arg, const struct mon_check *c)
{
	struct detail *d = arg;
	struct jsonw *w = &d->w;
	if (!d->checks) {
		jsonw_arr_end(w); /* verifications */
		jsonw_key(w, "field_checks");
		jsonw_arr_begin(w);
		d->checks = true;
	}
	jsonw_obj_begin(w);
	jsonw_key(w, "source"); /* a code, as a fact's resource is: the answer is cached for every language */
	jsonw_str(w, "field-check");
	jsonw_key(w, "warning");
	jsonw_int(w, c->warning);
	jsonw_key(w, "visit_day");
	jsonw_str(w, c->visit_day);
	jsonw_key(w, "staff");
	jsonw_arr_begin(w);
	jsonw_str(w, c->staff1);
	jsonw_str(w, c->staff2);
	jsonw_arr_end(w);
	jsonw_key(w, "income_fen");
	if (c->income_fen >= 0)
		jsonw_int(w, c->income_fen);
	else
		jsonw_null(w);
	jsonw_key(w, "spending_fen");
	if (c->spending_fen >= 0)
		jsonw_int(w, c->spending_fen);
	else
		jsonw_null(w);
	jsonw_key(w, "findings");
	jsonw_str(w, c->findings);
	jsonw_obj_end(w);
	return 0;
}

/* GET /api/v1/households/NUMBER: members, their facts with sources, verification history */
static int household(struct api *a, const struct access_user *u, const char *hh, const struct api_request *rq,
                     struct api_response *rs)
{
	struct error e;
	error_clear(&e);
	if (app_household_gate(a->s, u, SA_READ, hh, "household detail", &e))
		return api_fail_error(rs, &e);
	if (api_cache_answer(a->cache, hh, access_sees_ids(u), &rs->body)) {
		rs->status = 200;
		return 0;
	}
	struct arena ar;
	arena_init(&ar, (size_t)1 << 16);
	struct vf_household h;
	struct detail d = { .u = u, .hh = hh, .rs = rs };
	const struct app_household_view view = { detail_household, detail_verification, &d,
		                                 detail_field_check };
	int rc = app_household_detail(a->s, hh, date_today(), &ar, &h, &view, &e);
	if (d.open) {
		if (!d.checks) {
			jsonw_arr_end(&d.w);
			jsonw_key(&d.w, "field_checks");
			jsonw_arr_begin(&d.w);
		}
		jsonw_arr_end(&d.w);
		jsonw_obj_end(&d.w);
		jsonw_finish(&d.w);
	}
	arena_release(&ar);
	if (rc)
		return api_fail_error(rs, &e);
	rs->status = 200;
	api_cache_keep(a->cache, hh, access_sees_ids(u), &rs->body);
	UNUSED(rq);
	return 0;
}

/* POST /api/v1/households/NUMBER/verifications {"date": "YYYY-MM-DD"} */
static int verify(struct api *a, const struct access_user *u, const char *hh, const struct api_request *rq,
                  struct api_response *rs)
{
	struct body b = { api_body(rq, rs) };
	if (!b.o)
		return 0;
	struct error e;
	error_clear(&e);
	const char *ds;
	int bad = api_body_text(&b, "date", 10, &ds, &e);
	date_t day = date_today();
	if (!bad && ds && (strlen(ds) != 10 || date_parse(ds, 10, &day)))
		bad = error_set(&e, ERR_INVAL, "日期应为 YYYY-MM-DD", "the date must be YYYY-MM-DD");
	api_body_release(&b);
	if (bad) {
		error_field(&e, "date");
		return api_fail_error(rs, &e);
	}
	if (app_household_gate(a->s, u, SA_VERIFY, hh, "verification", &e))
		return api_fail_error(rs, &e);
	struct arena ar;
	arena_init(&ar, (size_t)1 << 16);
	struct vf_household h;
	struct vf_result r;
	int64_t vid;
	buf_reset(&rs->body);
	int rc = vf_verify_stored(a->s, a->policy, hh, day, u->name, lang_current(), &ar, &h, &r, &rs->body,
	                          &vid, &e);
	vf_result_release(&r);
	arena_release(&ar);
	if (rc == ERR_PERM)
		return api_fail(rs, 409, "no-authorisation", error_msg(&e), NULL);
	if (rc)
		return api_fail_error(rs, &e);
	rs->status = 201;
	return 0;
}

struct dashboard {
	struct jsonw *w;
	char town[16];
	int64_t total[VF_CLASSES];
	bool open;
};

static int dashboard_row(void *arg, const char *town, enum vf_class c, int64_t n)
{
	struct dashboard *g = arg;
	if (!g->open || strcmp(g->town, town)) {
		if (g->open) { /* the counts, then the township */
			jsonw_obj_end(g->w);
			jsonw_obj_end(g->w);
		}
		const struct region *r = region_lookup(town, strlen(town));
		snprintf(g->town, sizeof g->town, "%s", town);
		jsonw_obj_begin(g->w);
		jsonw_key(g->w, "region");
		jsonw_str(g->w, town);
		jsonw_key(g->w, "name");
		jsonw_str(g->w, r ? r->name : "");
		jsonw_key(g->w, "counts");
		jsonw_obj_begin(g->w);
		g->open = true;
	}
	jsonw_key(g->w, vf_class_name(c));
	jsonw_int(g->w, n);
	g->total[c] += n;
	return 0;
}

/* GET /api/v1/dashboard: households by the decision of their latest verification, in the user's
 * region, by township: counts only */
static int dashboard(struct api *a, const struct access_user *u, struct api_response *rs)
{
	struct error e;
	error_clear(&e);
	struct jsonw w;
	struct dashboard g = { &w, "", { 0 }, false };
	buf_reset(&rs->body);
	jsonw_init(&w, &rs->body);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "by_region");
	jsonw_arr_begin(&w);
	int rc = app_dashboard_each(a->s, u->region, dashboard_row, &g, &e);
	if (g.open) {
		jsonw_obj_end(&w);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_key(&w, "by_class");
	jsonw_obj_begin(&w);
	for (int c = 0; c < VF_CLASSES; c++) {
		jsonw_key(&w, vf_class_name((enum vf_class)c));
		jsonw_int(&w, g.total[c]);
	}
	jsonw_obj_end(&w);
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	if (rc)
		return api_fail_error(rs, &e);
	rs->status = 200;
	return 0;
}

static bool csrf_ok(const struct api_request *rq, const char *want)
{
	return rq->csrf && strlen(rq->csrf) == ACCESS_TOKEN_HEX &&
	       sodium_memcmp(rq->csrf, want, ACCESS_TOKEN_HEX) == 0;
}

bool api_session(struct api *a, const struct api_request *rq, struct access_user *u,
                 char csrf[ACCESS_TOKEN_HEX + 1], struct api_response *rs)
{
	struct error e;
	error_clear(&e);
	int in = api_cache_session(a->cache, a->s, rq->session, rq->now, u, csrf, &e);
	if (in < 0)
		api_fail_error(rs, &e);
	else if (in == 0)
		api_fail(rs, 401, "unauthenticated", L("请先登录", "log in first"), NULL);
	else if (strcmp(rq->method, "GET") && !csrf_ok(rq, csrf))
		api_fail(rs, 403, "csrf", L("缺少或错误的 CSRF 令牌", "the CSRF token is missing or wrong"),
		         NULL);
	else
		return true;
	return false;
}

int api_lang_enter(const struct api_request *rq)
{
	return lang_set_thread(rq->lang ? lang_parse(rq->lang) : -1);
}

/* GET /healthz: 503 when the audit log cannot be written (every read would be refused); else
 * whether audit entries wait in the spill file and whether a batch is being taken in */
static int health(struct api *a, struct api_response *rs)
{
	if (audit_broken(a->audit))
		return api_fail(rs, 503, "audit-failing",
		                L("审计日志无法写入：个人数据一律不予提供",
		                  "the audit log cannot be written: no personal data is served"),
		                NULL);
	struct jsonw w;
	jsonw_init(&w, &rs->body);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "status");
	jsonw_str(&w, "ok");
	jsonw_key(&w, "audit_waiting");
	jsonw_bool(&w, audit_spilling(a->audit));
	jsonw_key(&w, "batch_running");
	jsonw_bool(&w, api_ingest_running(a->ingests));
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	return 0;
}

/* ---- the handlers of routes.c's table ---- */

int api_health(struct api_call *c)
{
	return health(c->a, c->rs);
}

int api_login(struct api_call *c)
{
	return login(c->a, c->rq, c->rs);
}

int api_logout(struct api_call *c)
{
	struct api *a = c->a;
	struct api_response *rs = c->rs;
	struct error e;
	error_clear(&e);
	if (access_logout(a->s, c->rq->session, &e) ||
	    audit_add(a->s, c->u->name, "logout", c->u->name, "", &e))
		return api_fail_error(rs, &e);
	snprintf(rs->set_cookie, sizeof rs->set_cookie,
	         "sid=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0%s", a->tls ? "; Secure" : "");
	rs->status = 204;
	return 0;
}

int api_me(struct api_call *c)
{
	struct jsonw w;
	jsonw_init(&w, &c->rs->body);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "user");
	user_json(&w, c->u);
	jsonw_key(&w, "csrf");
	jsonw_str(&w, c->csrf);
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	return 0;
}

int api_dashboard(struct api_call *c)
{
	return dashboard(c->a, c->u, c->rs);
}

int api_search(struct api_call *c)
{
	return search(c->a, c->u, c->rq, c->rs);
}

int api_household(struct api_call *c)
{
	return household(c->a, c->u, c->param[0], c->rq, c->rs);
}

int api_verify(struct api_call *c)
{
	return verify(c->a, c->u, c->param[0], c->rq, c->rs);
}

bool api_handle_cached(struct api *a, const struct api_request *rq, struct api_response *rs)
{
	char region[13], allow[32];
	struct access_user u;
	struct api_call c = { 0 };
	if (!a->audit || !a->cache || rq->body_too_big || rq->body_len ||
	    api_route_match(rq->method, rq->path, &c, allow) != AM_FOUND ||
	    c.route->handler != api_household || !api_cache_fresh(a->cache, rq->session, rq->now, &u))
		return false;
	const char *hh = c.param[0];
	/* the answer is copied before the gate decides, and replaced by the refusal when it refuses */
	if (!api_cache_answer(a->cache, hh, access_sees_ids(&u), &rs->body))
		return false;
	int before = api_lang_enter(rq);
	struct error e;
	error_clear(&e);
	snprintf(region, sizeof region, "%.12s", hh);
	rs->set_cookie[0] = '\0';
	rs->allow[0] = '\0';
	rs->status = 200;
	rs->retry_after = 0;
	rs->user = u.id;
	if (access_gate_queued(a->audit, &u, SA_READ, region, hh, "household detail", &e))
		api_fail_error(rs, &e);
	lang_set_thread(before);
	return true;
}

void api_handle(struct api *a, const struct api_request *rq, struct api_response *rs)
{
	int before = api_lang_enter(rq);
	/* a change drops what the cache keeps */
	bool get = !strcmp(rq->method, "GET");
	/* while a batch taken in over the API holds the write lock, a change is refused at once
	 * (503 busy) rather than after 5 s under the lock every other request needs */
	bool quick = !get && api_ingest_running(a->ingests);
	if (quick)
		store_busy_timeout(a->s, 100);
	api_cache_check(a->cache, a->s);
	api_route(a, rq, rs);
	if (quick)
		store_busy_timeout(a->s, STORE_BUSY_MS);
	if (!get)
		api_cache_clear(a->cache);
	lang_set_thread(before);
}
