/* cache.c: what the API keeps between requests so that a read does not go back to the database
 * for what has not changed: sessions (token to user, for 2 seconds at most) and household detail
 * answers (by household and by whether the user sees whole ID numbers). Both are dropped whenever
 * the database may have changed: on every request that is not a GET (this process's changes),
 * when another process has committed (PRAGMA data_version, read at most every 100 ms, so a
 * command's change is served within 0.1 s), and at midnight (an answer says
 * whether an authorisation is valid today). The access gate still runs, and audits, every read.
 * One mutex guards it: the server's workers read it without the store's lock (api_handle_cached),
 * and only while a data_version check is not due, so another process's change is still seen
 * within 0.1 s by the next request, which takes the locked path and checks. */
#include <pthread.h>
#include <sodium.h>
#include <time.h>

#include "base/date.h"
#include "base/mem.h"
#include "server/api_int.h"

enum { SESSIONS = 256, ANSWERS = 1024, SESSION_SECONDS = 2, ANSWER_MAX = 256 * 1024, CHECK_MS = 100 };

struct cached_session {
	char token[ACCESS_TOKEN_HEX + 1];
	char csrf[ACCESS_TOKEN_HEX + 1];
	struct access_user u;
	int64_t at; /* 0: empty */
};

struct cached_answer {
	char key[24]; /* household number and 'm' (masked) or 'f' (full) */
	char *body;
	size_t len;
};

struct api_cache {
	pthread_mutex_t mu;
	struct cached_session sessions[SESSIONS];
	struct cached_answer answers[ANSWERS];
	int64_t data_version;
	date_t day;
	int64_t checked_ms; /* when data_version was last read */
};

static uint32_t slot(const char *s, uint32_t n)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % n;
}

int api_cache_open(struct api_cache **out)
{
	*out = mem_calloc(1, sizeof **out);
	if (!*out)
		return ERR_NOMEM;
	pthread_mutex_init(&(*out)->mu, NULL);
	return 0;
}

/* with c->mu held */
static void clear(struct api_cache *c)
{
	for (int i = 0; i < ANSWERS; i++) {
		mem_free(c->answers[i].body);
		c->answers[i].body = NULL;
		c->answers[i].key[0] = '\0';
	}
	for (int i = 0; i < SESSIONS; i++)
		sodium_memzero(&c->sessions[i], sizeof c->sessions[i]);
}

void api_cache_clear(struct api_cache *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	clear(c);
	pthread_mutex_unlock(&c->mu);
}

void api_cache_close(struct api_cache *c)
{
	if (!c)
		return;
	clear(c);
	pthread_mutex_destroy(&c->mu);
	mem_free(c);
}

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void api_cache_check(struct api_cache *c, struct store *s)
{
	struct error e;
	int64_t v = 0, ms = now_ms();
	if (!c || ms - __atomic_load_n(&c->checked_ms, __ATOMIC_ACQUIRE) < CHECK_MS)
		return;
	date_t today = date_today();
	bool failed = store_data_version(s, &v, &e) != 0;
	pthread_mutex_lock(&c->mu);
	if (failed || v != c->data_version || today != c->day) {
		clear(c);
		c->data_version = v;
		c->day = today;
	}
	__atomic_store_n(&c->checked_ms, ms, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&c->mu);
}

/* with c->mu held: the token's cached session, or NULL */
static struct cached_session *cached_session(struct api_cache *c, const char *token, int64_t now)
{
	struct cached_session *cs = &c->sessions[slot(token, SESSIONS)];
	return cs->at && now - cs->at < SESSION_SECONDS &&
	               sodium_memcmp(cs->token, token, ACCESS_TOKEN_HEX) == 0
	           ? cs
	           : NULL;
}

bool api_cache_fresh(struct api_cache *c, const char *token, int64_t now, struct access_user *u)
{
	if (!c || !token || strlen(token) != ACCESS_TOKEN_HEX)
		return false;
	pthread_mutex_lock(&c->mu);
	struct cached_session *cs = NULL;
	if (now_ms() - c->checked_ms < CHECK_MS && date_today() == c->day)
		cs = cached_session(c, token, now);
	if (cs)
		*u = cs->u;
	pthread_mutex_unlock(&c->mu);
	return cs != NULL;
}

int api_cache_session(struct api_cache *c, struct store *s, const char *token, int64_t now,
                      struct access_user *u, char csrf[ACCESS_TOKEN_HEX + 1], struct error *e)
{
	if (!c || !token || strlen(token) != ACCESS_TOKEN_HEX)
		return access_session_user(s, token, now, u, csrf, e);
	pthread_mutex_lock(&c->mu);
	struct cached_session *cs = cached_session(c, token, now);
	if (cs) {
		*u = cs->u;
		memcpy(csrf, cs->csrf, ACCESS_TOKEN_HEX + 1);
	}
	pthread_mutex_unlock(&c->mu);
	if (cs)
		return 1;
	int rc = access_session_user(s, token, now, u, csrf, e);
	if (rc == 1) {
		pthread_mutex_lock(&c->mu);
		cs = &c->sessions[slot(token, SESSIONS)];
		memcpy(cs->token, token, ACCESS_TOKEN_HEX + 1);
		memcpy(cs->csrf, csrf, ACCESS_TOKEN_HEX + 1);
		cs->u = *u;
		cs->at = now;
		pthread_mutex_unlock(&c->mu);
	}
	return rc;
}

static void answer_key(const char *household, bool full, char key[24])
{
	snprintf(key, 24, "%.17s%c", household, full ? 'f' : 'm');
}

bool api_cache_answer(struct api_cache *c, const char *household, bool full, struct buf *out)
{
	char key[24];
	answer_key(household, full, key);
	if (!c)
		return false;
	pthread_mutex_lock(&c->mu);
	struct cached_answer *a = &c->answers[slot(key, ANSWERS)];
	bool hit = a->body && !strcmp(a->key, key);
	if (hit) {
		buf_reset(out);
		hit = buf_add(out, a->body, a->len) == 0;
	}
	pthread_mutex_unlock(&c->mu);
	return hit;
}

void api_cache_keep(struct api_cache *c, const char *household, bool full, const struct buf *body)
{
	if (!c || body->len > ANSWER_MAX)
		return;
	char key[24];
	answer_key(household, full, key);
	char *copy = mem_alloc(body->len ? body->len : 1);
	if (!copy)
		return;
	memcpy(copy, body->data, body->len);
	pthread_mutex_lock(&c->mu);
	struct cached_answer *a = &c->answers[slot(key, ANSWERS)];
	mem_free(a->body);
	a->body = copy;
	a->len = body->len;
	snprintf(a->key, sizeof a->key, "%s", key);
	pthread_mutex_unlock(&c->mu);
}
