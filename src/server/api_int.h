/* api_int.h: what the API's own files share: answering with an error, sessions, the cache and the
 * login throttle. The endpoints' handlers are in routes.h with the route table. */
#ifndef SAFETYNET_API_INT_H
#define SAFETYNET_API_INT_H

#include "server/api.h"

/* An error answer {error, message, field} with its status; returns 0. */
int api_fail(struct api_response *rs, int status, const char *code, const char *message, const char *field);
/* The same from an error: ERR_PERM 403, ERR_NOTFOUND 404, ERR_INVAL 400, anything else 500. */
int api_fail_error(struct api_response *rs, const struct error *e);
struct json_object;
struct jsonw;
/* The request body as a JSON object (an empty body is {}), or NULL with a 400 answered. */
struct json_object *api_body(const struct api_request *rq, struct api_response *rs);
/* The request's user and CSRF token from its session cookie, and for anything but a GET the
 * token it carries checked; false with 401 or 403 answered. */
bool api_session(struct api *a, const struct api_request *rq, struct access_user *u,
                 char csrf[ACCESS_TOKEN_HEX + 1], struct api_response *rs);
/* Each request answers in its own language, on its own thread: returns the thread's language
 * before, for lang_set_thread when the request is done. */
int api_lang_enter(const struct api_request *rq);
/* Is a batch being taken in over the API? Its transaction holds the write lock meanwhile. */
bool api_ingest_running(struct api_ingests *g);
/* A string member of o, or NULL. */
const char *api_text(struct json_object *o, const char *key);
/* An answer {KEY: [...]}: begin it, write the items, end it (the error's answer when rc is set). */
void api_list_begin(struct api_response *rs, struct jsonw *w, const char *key);
int api_list_end(struct api_response *rs, struct jsonw *w, int rc, const struct error *e);

/* throttle.c: how often logins may be tried (in memory, bounded by throttle_entries). */
enum api_throttle_why { AT_OK, AT_ADDRESS, AT_ACCOUNT, AT_LOCKED };
struct api_throttle_verdict {
	enum api_throttle_why why;
	unsigned retry_after; /* seconds, when refused */
	bool first;           /* the first refusal since one was let through: audit it */
};
/* May name (as typed) try a login from addr (a client address) at now (Unix seconds)? AT_OK
 * takes an attempt from the address's bucket and, unless the account logged in from addr
 * before, from the account's; else why not and for how long. */
void api_throttle_try(struct api_throttle *t, const char *name, const char *addr, int64_t now,
                      struct api_throttle_verdict *v);
/* The outcome of an attempt let through: a success gives the address's attempt back, clears
 * the failures and remembers addr for the account; a failure counts, and when it locks the
 * account for addr (login_failures in a row) returns the lock's seconds (else 0). */
unsigned api_throttle_done(struct api_throttle *t, const char *name, const char *addr, bool ok, int64_t now);

/* cache.c: dropped when the database may have changed (check at the start of each request,
 * clear after each change); sessions; household detail answers by whether IDs are whole. */
void api_cache_check(struct api_cache *c, struct store *s);
void api_cache_clear(struct api_cache *c);
int api_cache_session(struct api_cache *c, struct store *s, const char *token, int64_t now,
                      struct access_user *u, char csrf[ACCESS_TOKEN_HEX + 1], struct error *e);
/* The user of a cached session, when no data_version check is due: for answers from memory. */
bool api_cache_fresh(struct api_cache *c, const char *token, int64_t now, struct access_user *u);
bool api_cache_answer(struct api_cache *c, const char *household, bool full, struct buf *out);
void api_cache_keep(struct api_cache *c, const char *household, bool full, const struct buf *body);

#endif
