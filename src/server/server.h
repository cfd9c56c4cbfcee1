/* server.h: safetynet on the network (issue 8): the HTTP server with its JSON API (http.c,
 * api.c) over the accounts and the access gate of access/access.h. docs/API.md lists the
 * endpoints. */
#ifndef SAFETYNET_SERVER_H
#define SAFETYNET_SERVER_H

#include "access/access.h"

/* ---- the server's limits (limits.c) ---- */

/* Every limit the server keeps against floods, each with a name for `serve --limit NAME=N` and a
 * default (docs/API.md, "Limits", lists them). */
struct server_limits {
	unsigned login_address_burst;   /* login attempts an address may make at once */
	unsigned login_address_per_min; /* and then per minute (a success gives its attempt back) */
	unsigned login_account_burst;   /* attempts at one account, from addresses it never logged in from */
	unsigned login_account_per_min;
	unsigned login_failures;   /* wrong passwords in a row for one account from one address ... */
	unsigned login_lock_secs;  /* ... lock the account for that address this long */
	unsigned login_queue;      /* logins waiting for their password hash at once; more: 503 */
	unsigned throttle_entries; /* addresses and accounts remembered for the above */
	unsigned connections;      /* connections at once (kept below the open-file limit) */
	unsigned connections_per_address;
	unsigned header_secs; /* a new connection's request headers must all arrive within this */
	unsigned idle_secs;   /* a connection idle this long is closed, as are a keep-alive
	                         connection's next headers not all there within this */
};
void server_limits_default(struct server_limits *l);
/* NAME=N, a name from the table in limits.c; ERR_INVAL naming what is wrong. */
int server_limits_set(struct server_limits *l, const char *assignment, struct error *e);

/* ---- the HTTP server (http.c) ---- */

/* The API's route table (routes.c) as JSON lines, one a route: method, path, gate (the access
 * gate's action, "session" or "none"), csrf, request and response (docs/openapi.json's schema
 * names, or null). */
void server_routes_json(struct buf *out);

struct server_options {
	const char *data;     /* the data folder */
	const char *listen;   /* "127.0.0.1:8080" */
	const char *policy;   /* the policy folder */
	const char *tls_cert; /* PEM files: both or neither (then plain HTTP) */
	const char *tls_key;
	struct server_limits limits;
};
/* Serves until SIGTERM or SIGINT, then finishes the requests under way and returns. ready, when
 * not NULL, is called once the socket listens (with the port, useful when 0 was asked for). */
int server_serve(const struct server_options *o, void (*ready)(int port), struct error *e);

#endif
