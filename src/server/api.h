/* api.h: the JSON API under /api/v1/ as plain functions of a request, so it can be served by
 * http.c and tested without a socket. docs/API.md lists the endpoints. */
#ifndef SAFETYNET_API_H
#define SAFETYNET_API_H

#include "server/server.h"

struct vf_policy;
struct cs_service;
struct api_cache;
struct store_audit_queue;

struct api {
	struct store *s;
	struct vf_policy *policy;
	struct cs_service *cases;
	struct api_cache *cache;         /* NULL: nothing is kept between requests */
	struct store_audit_queue *audit; /* the server's audit queue: answers from memory need it */
};

/* Sessions and household answers kept between requests (cache.c). */
int api_cache_open(struct api_cache **out);
void api_cache_close(struct api_cache *c);

struct api_request {
	const char *method, *path;
	const char *q;    /* the q query argument, or NULL */
	const char *view; /* the view query argument (case lists: inbox, overdue, open), or NULL */
	const char *body; /* NUL-terminated */
	size_t body_len;
	bool body_too_big;   /* more than the limit arrived: refused with 413 */
	const char *session; /* the sid cookie, or NULL */
	const char *csrf;    /* the X-CSRF-Token header, or NULL */
	const char *lang;    /* the Accept-Language header: messages in English when it starts with en */
	int64_t now;         /* Unix seconds */
};

struct api_response {
	int status;
	struct buf body;      /* JSON */
	char set_cookie[256]; /* "" when none */
};

enum { API_MAX_BODY = 64 * 1024 };

/* Answers one request (response body initialised by the caller). Never fails: errors are JSON
 * {error, message, field} with their status. */
void api_handle(struct api *a, const struct api_request *rq, struct api_response *rs);
/* Answers a request from memory when it can, without the database, so from any thread without
 * the lock its other users share: a household's detail whose session and answer are cached
 * (the gate still decides, and its entry is queued on a->audit). false: nothing was done or
 * written; call api_handle, holding the lock. */
bool api_handle_cached(struct api *a, const struct api_request *rq, struct api_response *rs);

#endif
