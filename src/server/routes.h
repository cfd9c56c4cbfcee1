/* routes.h: the API's route table (routes.c): every endpoint once, as data: method, path pattern
 * with typed placeholders, handler, the access gate's action, and the schema names of
 * docs/openapi.json. The router matches a request against it, captures the placeholders and
 * answers 404 and 405 itself; tests/cli/routes.sh holds the table and openapi.json together. */
#ifndef SAFETYNET_ROUTES_H
#define SAFETYNET_ROUTES_H

#include "server/api_int.h"

struct api_route;

enum { API_PARAMS = 2, API_PARAM_MAX = 64 };

/* one request on its way to its handler */
struct api_call {
	struct api *a;
	const struct api_request *rq;
	struct api_response *rs;
	const struct access_user *u; /* the session's user; NULL on a route without a session */
	const char *csrf;            /* the session's CSRF token ("" without a session) */
	const struct api_route *route;
	const char *sub;                       /* the path after /api/v1/ (the hub's gate names it) */
	char param[API_PARAMS][API_PARAM_MAX]; /* the placeholders' values, in path order */
	int64_t id;                            /* the value of a number placeholder ({case}, {batch}...) */
	const struct api_placeholder *bad;     /* AM_PARAM: the placeholder that is not of its kind */
};

typedef int api_handler(struct api_call *c);

/* the gate column beyond enum access_action: no session at all, or a session and no gate action */
enum { ROUTE_OPEN = -2, ROUTE_SESSION = -1 };

struct api_route {
	const char *method;
	const char *path; /* "/api/v1/households/{household}/cases" */
	api_handler *handler;
	int gate;             /* the enum access_action the handler's gate is asked, or ROUTE_* */
	const char *request;  /* schema names in openapi.json's components, NULL when none */
	const char *response; /* of the success answer */
};

/* The table, n rows. */
const struct api_route *api_routes(size_t *n);
/* Does the route check a CSRF token? Every change made in a session. */
bool api_route_csrf(const struct api_route *r);

enum api_match { AM_FOUND, AM_METHOD, AM_PARAM, AM_NONE };
/* Matches method and path (the whole URL path). AM_FOUND fills c->route, c->param, c->id and
 * c->sub; AM_METHOD: the path is a route's, the method not (allow gets "GET, POST"); AM_PARAM:
 * the path has a route's shape but a placeholder is not of its kind (c->bad). */
enum api_match api_route_match(const char *method, const char *path, struct api_call *c, char allow[32]);
/* The route's gate column, asked before its handler runs: a session whose role is never allowed
 * the route's action is refused (403, audited by the gate) and -1 returned; else 0. */
int api_route_role(struct api *a, const struct access_user *u, const struct api_route *r, const char *sub,
                   struct api_response *rs);
/* Answers one request (api_handle's part below the cache and the lock): the route found, its
 * session and CSRF token checked unless it needs none, its handler called; else 404 or 405. */
int api_route(struct api *a, const struct api_request *rq, struct api_response *rs);

/* the handlers, by file */
int api_health(struct api_call *c);
int api_login(struct api_call *c);
int api_logout(struct api_call *c);
int api_me(struct api_call *c);
int api_dashboard(struct api_call *c);
int api_search(struct api_call *c);
int api_household(struct api_call *c);
int api_verify(struct api_call *c);
int api_household_cases(struct api_call *c);
int api_catalog(struct api_call *c); /* api_hub.c */
int api_batches(struct api_call *c);
int api_rejects(struct api_call *c);
int api_tasks(struct api_call *c);
int api_deliveries(struct api_call *c);
int api_share_add(struct api_call *c);
int api_share_approve(struct api_call *c);
int api_upload(struct api_call *c); /* api_ingest.c; http.c streams the body (api_upload_begin) */
int api_ingest_status(struct api_call *c);
int api_users_list(struct api_call *c); /* api_users.c */
int api_users_add(struct api_call *c);
int api_users_disable(struct api_call *c);
int api_users_enable(struct api_call *c);
int api_warnings(struct api_call *c); /* api_monitor.c */
int api_warnings_overdue(struct api_call *c);
int api_warnings_summary(struct api_call *c);
int api_household_warnings(struct api_call *c);
int api_warning(struct api_call *c);
int api_warning_send(struct api_call *c);
int api_warning_check(struct api_call *c);
int api_warning_outcome(struct api_call *c);
int api_cases_list(struct api_call *c); /* api_cases.c */
int api_cases_open(struct api_call *c);
int api_case(struct api_call *c);
int api_case_step(struct api_call *c);
int api_fund(struct api_call *c);
int api_fund_topup(struct api_call *c);

int api_roll_import(struct api_call *c); /* api_pay.c */
int api_payroll_build(struct api_call *c);
int api_payroll(struct api_call *c);
int api_payroll_check(struct api_call *c);
int api_payroll_approve(struct api_call *c);
int api_payroll_bank_files(struct api_call *c);
int api_payroll_returns(struct api_call *c);
int api_ledger(struct api_call *c);
#endif
