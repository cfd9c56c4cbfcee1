/* api.h: the JSON API under /api/v1/ as plain functions of a request, so it can be served by
 * http.c and tested without a socket. docs/API.md lists the endpoints. */
#ifndef SAFETYNET_API_H
#define SAFETYNET_API_H

#include "server/server.h"

struct vf_policy;
struct cs_service;
struct api_cache;
struct api_ingests;
struct api_throttle;
struct audit_queue;

struct api {
	struct store *s;
	struct vf_policy *policy;
	struct cs_service *cases;
	struct api_cache *cache;       /* NULL: nothing is kept between requests */
	struct audit_queue *audit;     /* the server's audit queue: answers from memory need it */
	struct api_ingests *ingests;   /* batches taken in over the API (NULL: refused) */
	bool tls;                      /* served over TLS: cookies Secure, origins https */
	struct api_throttle *throttle; /* how often logins may be tried (NULL: no limit) */
};
/* The login throttle of the limits (api_throttle_close frees it). */
int api_throttle_open(const struct server_limits *l, struct api_throttle **out);
void api_throttle_close(struct api_throttle *t);

/* Sessions and household answers kept between requests (cache.c). */
int api_cache_open(struct api_cache **out);
void api_cache_close(struct api_cache *c);

struct api_request {
	const char *method, *path;
	const char *q;    /* the q query argument, or NULL */
	const char *view; /* the view query argument (case lists: inbox, overdue, open), or NULL */
	const char *mode; /* the mode query argument (a batch: full or incremental), or NULL */
	const char *body; /* NUL-terminated */
	size_t body_len;
	bool body_too_big;   /* more than the limit arrived: refused with 413 */
	const char *session; /* the sid cookie, or NULL */
	const char *csrf;    /* the X-CSRF-Token header, or NULL */
	const char *lang;    /* the Accept-Language header: messages in English when it starts with en */
	int64_t now;         /* Unix seconds */
	/* where it comes from, for the login's checks (NULL when not sent) */
	const char *origin;       /* the Origin header */
	const char *host;         /* the Host header */
	const char *content_type; /* the Content-Type header */
	const char *fetch_site;   /* the Sec-Fetch-Site header */
	const char *peer;         /* the client's address ("1.2.3.4"), for the login throttle */
	/* the warnings' filters (monitoring): level, status, region and day query arguments, or NULL */
	const char *level, *status, *region, *day;
};

struct api_response {
	int status;
	struct buf body;      /* JSON */
	char set_cookie[256]; /* "" when none */
	unsigned retry_after; /* seconds for a Retry-After header; 0 when none */
	char allow[32];       /* the methods of a 405's Allow header; "" when none */
	int64_t user;         /* the account the request acted as (for the access log); 0 none */
};

enum { API_MAX_BODY = 64 * 1024 };
#define API_MAX_UPLOAD ((uint64_t)1 << 30) /* a batch's file */

/* Answers one request (response body initialised by the caller). Never fails: errors are JSON
 * {error, message, field} with their status. */
void api_handle(struct api *a, const struct api_request *rq, struct api_response *rs);
/* Batches taken in over the API (api_ingest.c): one thread at a time, on its own connection to
 * the data folder. */
int api_ingests_open(const char *datadir, struct api_ingests **out);
void api_ingests_close(struct api_ingests *g);
/* Is this POST /api/v1/batches/RESOURCE, whose body is a file? */
bool api_is_upload(const char *method, const char *url);
/* Before the body is stored: session, CSRF, gate, resource, mode. The file's descriptor (path
 * filled in), or -1 with the refusal in rs. */
int api_upload_begin(struct api *a, const struct api_request *rq, char path[700], struct api_response *rs);
/* The upload api_upload_begin accepted ends without api_upload_finish (refused on the way, or
 * the client went away): the next may come. */
void api_upload_abort(struct api *a);
/* Appends a piece of the body; over API_MAX_UPLOAD or on a write error: -1, the file closed and
 * removed, the refusal in rs. */
int api_upload_write(int fd, const char *path, const char *data, size_t n, uint64_t *total,
                     struct api_response *rs);
/* The body is in path: the batch is taken in by a thread of its own; 202 {job}. */
void api_upload_finish(struct api *a, const struct api_request *rq, const char *path,
                       struct api_response *rs);

/* POST /api/v1/login in steps, so that a server hashes the password outside the lock its other
 * requests wait on (and off the threads that serve them): */
bool api_is_login(const char *method, const char *url);
struct api_login {
	char name[64];      /* as typed ("" when it cannot be an account's name) */
	char password[160]; /* wiped once checked */
	struct access_login_try t;
	struct error e; /* the lookup's error, when rc */
	int rc;
};
/* Where it comes from, its body and how often logins are tried (no store, no lock): true when the
 * login is to be tried, false when rs holds the answer (and its refusal may be audited). */
bool api_login_begin(struct api *a, const struct api_request *rq, struct api_login *lg,
                     struct api_response *rs);
void api_login_lookup(struct api *a, struct api_login *lg); /* holding the lock */
void api_login_check(struct api_login *lg);                 /* without it: the Argon2id hash */
/* Holding the lock: the outcome recorded, throttled and audited, the answer in rs. */
void api_login_end(struct api *a, const struct api_request *rq, struct api_login *lg,
                   struct api_response *rs);

/* Answers a request from memory when it can, without the database, so from any thread without
 * the lock its other users share: a household's detail whose session and answer are cached
 * (the gate still decides, and its entry is queued on a->audit). false: nothing was done or
 * written; call api_handle, holding the lock. */
bool api_handle_cached(struct api *a, const struct api_request *rq, struct api_response *rs);

#endif
