/* cache.c: what the API keeps between requests so that a read does not go back to the database
 * for what has not changed: sessions (token to user, for 2 seconds at most) and household detail
 * answers (by household and by whether the user sees whole ID numbers). Both are dropped whenever
 * the database may have changed: on every request that is not a GET (this process's changes),
 * when another process has committed (PRAGMA data_version, read at most every 100 ms, so a
 * command's change is served within 0.1 s), and at midnight (an answer says
 * whether an authorisation is valid today). The access gate still runs, and audits, every read. */
#include <sodium.h>
#include <time.h>

#include "base/date.h"
#include "base/mem.h"
#include "server/api_int.h"

enum { SESSIONS = 256, ANSWERS = 1024, SESSION_SECONDS = 2, ANSWER_MAX = 256 * 1024, CHECK_MS = 100 };

struct cached_session {
	char token[SV_TOKEN_HEX + 1];
	char csrf[SV_TOKEN_HEX + 1];
	struct sv_user u;
	int64_t at; /* 0: empty */
};

struct cached_answer {
	char key[24]; /* household number and 'm' (masked) or 'f' (full) */
	char *body;
	size_t len;
};

struct api_cache {
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
	*out = calloc(1, sizeof **out);
	return *out ? 0 : ERR_NOMEM;
}

void api_cache_clear(struct api_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < ANSWERS; i++) {
		free(c->answers[i].body);
		c->answers[i].body = NULL;
		c->answers[i].key[0] = '\0';
	}
	for (int i = 0; i < SESSIONS; i++)
		sodium_memzero(&c->sessions[i], sizeof c->sessions[i]);
}

void api_cache_close(struct api_cache *c)
{
	api_cache_clear(c);
	free(c);
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
	if (!c || ms - c->checked_ms < CHECK_MS)
		return;
	c->checked_ms = ms;
	date_t today = date_today();
	if (store_data_version(s, &v, &e) || v != c->data_version || today != c->day) {
		api_cache_clear(c);
		c->data_version = v;
		c->day = today;
	}
}

int api_cache_session(struct api_cache *c, struct store *s, const char *token, int64_t now, struct sv_user *u,
                      char csrf[SV_TOKEN_HEX + 1], struct error *e)
{
	if (!c || !token || strlen(token) != SV_TOKEN_HEX)
		return sv_session_user(s, token, now, u, csrf, e);
	struct cached_session *cs = &c->sessions[slot(token, SESSIONS)];
	if (cs->at && now - cs->at < SESSION_SECONDS && sodium_memcmp(cs->token, token, SV_TOKEN_HEX) == 0) {
		*u = cs->u;
		memcpy(csrf, cs->csrf, SV_TOKEN_HEX + 1);
		return 1;
	}
	int rc = sv_session_user(s, token, now, u, csrf, e);
	if (rc == 1) {
		memcpy(cs->token, token, SV_TOKEN_HEX + 1);
		memcpy(cs->csrf, csrf, SV_TOKEN_HEX + 1);
		cs->u = *u;
		cs->at = now;
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
	struct cached_answer *a = &c->answers[slot(key, ANSWERS)];
	if (!a->body || strcmp(a->key, key))
		return false;
	buf_reset(out);
	return buf_add(out, a->body, a->len) == 0;
}

void api_cache_keep(struct api_cache *c, const char *household, bool full, const struct buf *body)
{
	if (!c || body->len > ANSWER_MAX)
		return;
	char key[24];
	answer_key(household, full, key);
	struct cached_answer *a = &c->answers[slot(key, ANSWERS)];
	char *copy = malloc(body->len ? body->len : 1);
	if (!copy)
		return;
	memcpy(copy, body->data, body->len);
	free(a->body);
	a->body = copy;
	a->len = body->len;
	snprintf(a->key, sizeof a->key, "%s", key);
}
