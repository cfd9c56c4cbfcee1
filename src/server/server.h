/* server.h: safetynet on the network (issue 8): the HTTP server with its JSON API (http.c,
 * api.c) over the accounts and the access gate of access/access.h. docs/API.md lists the
 * endpoints. */
#ifndef SAFETYNET_SERVER_H
#define SAFETYNET_SERVER_H

#include "access/access.h"

/* ---- the HTTP server (http.c) ---- */

struct sv_options {
	const char *data;   /* the data folder */
	const char *listen; /* "127.0.0.1:8080" */
	const char *policy; /* the policy folder */
};
/* Serves until SIGTERM or SIGINT, then finishes the requests under way and returns. ready, when
 * not NULL, is called once the socket listens (with the port, useful when 0 was asked for). */
int sv_serve(const struct sv_options *o, void (*ready)(int port), struct error *e);

#endif
