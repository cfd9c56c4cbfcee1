/* routes.c: the API's route table and its router. Each endpoint is one row (method, path with
 * placeholders, handler, the gate's action, openapi.json's schema names); the router finds the
 * row, checks each placeholder by its kind before any handler runs, answers 404 for an unknown
 * path and 405 (with Allow) for a known path asked with another method, checks the session and
 * the CSRF token, and calls the handler with the placeholders captured. */
#include "base/jsonw.h"
#include "server/routes.h"

/* ---- placeholders: what each holds, and the 404 when it does not ---- */

struct api_placeholder {
	const char *name;
	bool (*valid)(const char *s, size_t n, int64_t *id);
	const char *zh, *en, *field;
};

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* 17 digits, the first 12 the community or village that keeps the household */
static bool household_number(const char *s, size_t n, int64_t *id)
{
	UNUSED(id);
	return n == 17 && digits(s, n);
}

/* a row's number: 1 to 18 digits, above zero */
static bool row_number(const char *s, size_t n, int64_t *id)
{
	if (n == 0 || n > 18 || !digits(s, n))
		return false;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	*id = v;
	return v > 0;
}

/* a catalogue resource's code: capitals and digits */
static bool resource_code(const char *s, size_t n, int64_t *id)
{
	UNUSED(id);
	return n > 0 && n < 32 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") >= n;
}

/* a township's code, or an account's name: the service judges the text */
static bool short_text(const char *s, size_t n, int64_t *id)
{
	UNUSED(s);
	UNUSED(id);
	return n > 0 && n < 16;
}

static bool account_name(const char *s, size_t n, int64_t *id)
{
	UNUSED(s);
	UNUSED(id);
	return n > 0 && n < 64;
}

static const struct api_placeholder placeholders[] = {
	{ "household", household_number, "户号应为 17 位数字", "a household number is 17 digits",
	  "household" },
	{ "case", row_number, "没有这个案件", "no such case", "case" },
	{ "warning", row_number, "没有这个预警", "no such warning", "warning" },
	{ "payroll", row_number, "没有这个发放名册", "no such payroll", "payroll" },
	{ "batch", row_number, "没有这个批次", "no such batch", NULL },
	{ "task", row_number, "没有这个共享任务", "no such sharing task", NULL },
	{ "job", row_number, "没有这个导入任务", "no such upload", NULL },
	{ "resource", resource_code, "没有这个地址", "no such address", NULL },
	{ "township", short_text, "没有这个地址", "no such address", NULL },
	{ "name", account_name, "没有这个地址", "no such address", NULL },
};

static const struct api_placeholder *placeholder(const char *name, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(placeholders); i++)
		if (strlen(placeholders[i].name) == n && !memcmp(placeholders[i].name, name, n))
			return &placeholders[i];
	return NULL;
}

/* ---- the table ---- */

#define V1 "/api/v1"
static const struct api_route routes[] = {
	{ "GET", "/healthz", api_health, ROUTE_OPEN, NULL, "Health" },
	{ "POST", V1 "/login", api_login, ROUTE_OPEN, "Login", "Session" },
	{ "POST", V1 "/logout", api_logout, ROUTE_SESSION, NULL, NULL },
	{ "GET", V1 "/me", api_me, ROUTE_SESSION, NULL, "Session" },
	{ "GET", V1 "/dashboard", api_dashboard, ROUTE_SESSION, NULL, "Dashboard" },
	{ "GET", V1 "/households", api_search, SA_SEARCH, NULL, "SearchResults" },
	{ "GET", V1 "/households/{household}", api_household, SA_READ, NULL, "Household" },
	{ "POST", V1 "/households/{household}/verifications", api_verify, SA_VERIFY, "VerificationRequest",
	  "Verification" },
	{ "GET", V1 "/households/{household}/cases", api_household_cases, SA_CASE, NULL, "CaseList" },
	{ "GET", V1 "/households/{household}/warnings", api_household_warnings, SA_SEARCH, NULL,
	  "WarningList" },
	{ "GET", V1 "/catalog", api_catalog, SA_HUB, NULL, "Catalog" },
	{ "GET", V1 "/batches", api_batches, SA_HUB, NULL, "Batches" },
	{ "GET", V1 "/batches/{batch}/rejects", api_rejects, SA_HUB, NULL, "Rejects" },
	{ "POST", V1 "/batches/{resource}", api_upload, SA_INGEST, "BatchFile", "IngestJob" },
	{ "GET", V1 "/ingests/{job}", api_ingest_status, SA_HUB, NULL, "IngestStatus" },
	{ "GET", V1 "/share/tasks", api_tasks, SA_HUB, NULL, "ShareTasks" },
	{ "POST", V1 "/share/tasks", api_share_add, SA_SHARE, "ShareTaskRequest", "ShareTaskCreated" },
	{ "GET", V1 "/share/tasks/{task}/deliveries", api_deliveries, SA_HUB, NULL, "Deliveries" },
	{ "POST", V1 "/share/tasks/{task}/approvals", api_share_approve, SA_SHARE, "ApprovalRequest", NULL },
	{ "GET", V1 "/users", api_users_list, SA_USERS, NULL, "Users" },
	{ "POST", V1 "/users", api_users_add, SA_ACCOUNTS, "UserRequest", NULL },
	{ "POST", V1 "/users/{name}/disable", api_users_disable, SA_ACCOUNTS, NULL, NULL },
	{ "POST", V1 "/users/{name}/enable", api_users_enable, SA_ACCOUNTS, NULL, NULL },
	{ "GET", V1 "/cases", api_cases_list, SA_CASE, NULL, "CaseList" },
	{ "POST", V1 "/cases", api_cases_open, SA_CASE, "Application", "CaseDetail" },
	{ "GET", V1 "/cases/{case}", api_case, SA_CASE, NULL, "CaseDetail" },
	{ "POST", V1 "/cases/{case}/steps", api_case_step, SA_CASE, "Step", "CaseDetail" },
	{ "GET", V1 "/funds/{township}", api_fund, SA_CASE, NULL, "Fund" },
	{ "POST", V1 "/funds/{township}/topups", api_fund_topup, SA_CASE, "Topup", "Fund" },
	{ "GET", V1 "/warnings", api_warnings, SA_SEARCH, NULL, "WarningList" },
	{ "GET", V1 "/warnings/overdue", api_warnings_overdue, SA_SEARCH, NULL, "WarningList" },
	{ "GET", V1 "/warnings/summary", api_warnings_summary, SA_SEARCH, NULL, "WarningSummary" },
	{ "GET", V1 "/warnings/{warning}", api_warning, SA_CASE, NULL, "WarningDetail" },
	{ "POST", V1 "/warnings/{warning}/send", api_warning_send, SA_CASE, "WarningSend", "WarningDetail" },
	{ "POST", V1 "/warnings/{warning}/field-checks", api_warning_check, SA_CASE, "FieldCheck",
	  "WarningDetail" },
	{ "POST", V1 "/warnings/{warning}/outcome", api_warning_outcome, SA_CASE, "WarningOutcome",
	  "WarningDetail" },
	{ "POST", V1 "/roll", api_roll_import, SA_PAY, "RollFile", "RollImport" },
	{ "POST", V1 "/payrolls", api_payroll_build, SA_PAY, "PayrollRequest", "Payroll" },
	{ "GET", V1 "/payrolls/{payroll}", api_payroll, SA_PAY, NULL, "Payroll" },
	{ "POST", V1 "/payrolls/{payroll}/checks", api_payroll_check, SA_PAY, NULL, "Payroll" },
	{ "POST", V1 "/payrolls/{payroll}/approvals", api_payroll_approve, SA_PAY, NULL, "Payroll" },
	{ "POST", V1 "/payrolls/{payroll}/bank-files", api_payroll_bank_files, SA_PAY, NULL, "BankFiles" },
	{ "POST", V1 "/payrolls/{payroll}/returns", api_payroll_returns, SA_PAY, "ReturnFile", "Payroll" },
	{ "GET", V1 "/ledger", api_ledger, SA_PAY, NULL, "Ledger" },
};

const struct api_route *api_routes(size_t *n)
{
	*n = ARRAY_SIZE(routes);
	return routes;
}

bool api_route_csrf(const struct api_route *r)
{
	return r->gate != ROUTE_OPEN && strcmp(r->method, "GET");
}

/* ---- matching ---- */

struct captured {
	char param[API_PARAMS][API_PARAM_MAX];
	int64_t id;
	const struct api_placeholder *bad;
};

/* path against r's pattern, segment by segment: AM_NONE when a literal or the number of
 * segments differs, AM_PARAM when a placeholder is not of its kind, else AM_FOUND */
static enum api_match shape(const struct api_route *r, const char *path, struct captured *k)
{
	const char *p = r->path, *s = path;
	size_t np = 0;
	k->bad = NULL;
	while (*p == '/' && *s == '/') {
		p++, s++;
		size_t pn = strcspn(p, "/"), sn = strcspn(s, "/");
		if (*p != '{') {
			if (pn != sn || memcmp(p, s, pn))
				return AM_NONE;
		} else {
			const struct api_placeholder *ph = placeholder(p + 1, pn - 2);
			if (np >= API_PARAMS || !ph->valid(s, sn, &k->id) || sn >= API_PARAM_MAX) {
				k->bad = k->bad ? k->bad : ph;
			} else {
				memcpy(k->param[np], s, sn);
				k->param[np++][sn] = '\0';
			}
		}
		p += pn, s += sn;
	}
	if (*p || *s)
		return AM_NONE;
	return k->bad ? AM_PARAM : AM_FOUND;
}

static void allow_add(char allow[32], const char *method)
{
	if (!strstr(allow, method)) {
		size_t n = strlen(allow);
		snprintf(allow + n, 32 - n, "%s%s", n ? ", " : "", method);
	}
}

enum api_match api_route_match(const char *method, const char *path, struct api_call *c, char allow[32])
{
	enum api_match best = AM_NONE;
	struct captured k;
	allow[0] = '\0';
	c->bad = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(routes); i++) {
		enum api_match m = shape(&routes[i], path, &k);
		if (m == AM_FOUND && !strcmp(method, routes[i].method)) {
			c->route = &routes[i];
			memcpy(c->param, k.param, sizeof c->param);
			c->id = k.id;
			c->sub = strncmp(path, V1 "/", 8) ? path : path + 8;
			return AM_FOUND;
		}
		if (m == AM_FOUND) {
			allow_add(allow, routes[i].method);
			best = AM_METHOD;
		} else if (m == AM_PARAM && best == AM_NONE) {
			c->bad = k.bad;
			best = AM_PARAM;
		}
	}
	return best;
}

/* 404 or 405 */
static int refuse(enum api_match m, const struct api_call *c, const char *allow, struct api_response *rs)
{
	if (m == AM_METHOD) {
		char msg[64];
		snprintf(msg, sizeof msg, L("请用 %s", "use %s"), allow);
		snprintf(rs->allow, sizeof rs->allow, "%s", allow);
		return api_fail(rs, 405, "method", msg, NULL);
	}
	if (m == AM_PARAM)
		return api_fail(rs, 404, "not-found", L(c->bad->zh, c->bad->en), c->bad->field);
	return api_fail(rs, 404, "not-found", L("没有这个地址", "no such address"), NULL);
}

int api_route_role(struct api *a, const struct access_user *u, const struct api_route *r, const char *sub,
                   struct api_response *rs)
{
	if (r->gate < 0)
		return 0;
	struct error e;
	error_clear(&e);
	if (!access_gate_role(a->s, u, (enum access_action)r->gate, sub, &e))
		return 0;
	api_fail_error(rs, &e);
	return -1;
}

int api_route(struct api *a, const struct api_request *rq, struct api_response *rs)
{
	rs->status = 200;
	rs->set_cookie[0] = '\0';
	rs->allow[0] = '\0';
	rs->retry_after = 0;
	rs->user = 0;
	buf_reset(&rs->body);
	if (rq->body_too_big)
		return api_fail(rs, 413, "too-large", L("请求内容过大", "the request body is too large"),
		                NULL);
	for (const char *p = rq->path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) /* %00 arrives as DEL (http.c) */
			return api_fail(
			    rs, 400, "invalid",
			    L("地址含有控制字符（如 %00）", "the address holds a control character (as %00)"),
			    NULL);
	struct api_call c = { a, rq, rs, NULL, "", NULL, "", { "", "" }, 0, NULL };
	char allow[32];
	enum api_match m = api_route_match(rq->method, rq->path, &c, allow);
	if (m != AM_FOUND)
		return refuse(m, &c, allow, rs);
	if (c.route->gate == ROUTE_OPEN)
		return c.route->handler(&c);
	struct access_user u;
	char csrf[ACCESS_TOKEN_HEX + 1];
	if (!api_session(a, rq, &u, csrf, rs)) /* and the CSRF token of a change (api_route_csrf) */
		return 0;
	rs->user = u.id;
	c.u = &u;
	c.csrf = csrf;
	if (api_route_role(a, &u, c.route, c.sub, rs))
		return 0;
	return c.route->handler(&c);
}

/* ---- the table printed (`safetynet serve --routes`) ---- */

static void name_or_null(struct jsonw *w, const char *key, const char *v)
{
	jsonw_key(w, key);
	if (v)
		jsonw_str(w, v);
	else
		jsonw_null(w);
}

void server_routes_json(struct buf *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(routes); i++) {
		const struct api_route *r = &routes[i];
		struct jsonw w;
		jsonw_init(&w, out);
		jsonw_obj_begin(&w);
		jsonw_key(&w, "method");
		jsonw_str(&w, r->method);
		jsonw_key(&w, "path");
		jsonw_str(&w, r->path);
		jsonw_key(&w, "gate");
		jsonw_str(&w, r->gate == ROUTE_OPEN      ? "none"
		              : r->gate == ROUTE_SESSION ? "session"
		                                         : access_action_name((enum access_action)r->gate));
		jsonw_key(&w, "roles"); /* the roles the router lets through to the handler */
		jsonw_arr_begin(&w);
		for (int role = 0; role < SR_COUNT; role++)
			if (r->gate == ROUTE_SESSION ||
			    (r->gate >= 0 &&
			     access_role_may((enum access_role)role, (enum access_action)r->gate)))
				jsonw_str(&w, access_role_name((enum access_role)role));
		jsonw_arr_end(&w);
		jsonw_key(&w, "csrf");
		jsonw_bool(&w, api_route_csrf(r));
		name_or_null(&w, "request", r->request);
		name_or_null(&w, "response", r->response);
		jsonw_obj_end(&w);
		jsonw_finish(&w);
		buf_addch(out, '\n');
	}
}
