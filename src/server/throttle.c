/* throttle.c: how often logins may be tried, kept in memory. A token bucket per client address
 * and one per account name as typed (an unknown name is treated as a known one, so a refusal
 * tells nothing of whether a name exists); and per account and address the wrong passwords in a
 * row, which lock the account for that address only, so that guesses from elsewhere can never
 * lock its real user out. An address the account logged in from before skips the account's
 * bucket: a flood of guesses at `admin` from other addresses slows only them. The table is
 * bounded: when full, the entry seen longest ago that holds no lock and no known address goes. */
#include <math.h>
#include <pthread.h>

#include "base/hmap.h"
#include "base/mem.h"
#include "server/api_int.h"

struct entry {
	uint64_t hash;
	char key[120]; /* "a ADDRESS", "u NAME", "p NAME ADDRESS" */
	double tokens; /* a bucket's attempts left, counted at `at` */
	int64_t at, seen;
	unsigned failures;    /* wrong passwords in a row (p) */
	int64_t locked_until; /* (p) */
	bool known;           /* (p) the account logged in from this address */
	bool noted;           /* a refusal was audited since one was last let through */
};

struct api_throttle {
	pthread_mutex_t lock;
	struct server_limits l;
	struct entry *e;
	size_t n, cap;
};

int api_throttle_open(const struct server_limits *l, struct api_throttle **out)
{
	struct api_throttle *t = mem_calloc(1, sizeof *t);
	if (!t || !(t->e = mem_calloc(l->throttle_entries, sizeof *t->e))) {
		mem_free(t);
		return ERR_NOMEM;
	}
	t->l = *l;
	t->cap = l->throttle_entries;
	pthread_mutex_init(&t->lock, NULL);
	*out = t;
	return 0;
}

void api_throttle_close(struct api_throttle *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->lock);
	mem_free(t->e);
	mem_free(t);
}

/* the slot for a new entry: a free one, else the entry seen longest ago that holds nothing worth
 * keeping (else the one seen longest ago), never one of the two in use */
static struct entry *room(struct api_throttle *t, int64_t now, const struct entry *k1, const struct entry *k2)
{
	if (t->n < t->cap)
		return &t->e[t->n++];
	struct entry *best = NULL, *any = NULL;
	for (size_t i = 0; i < t->n; i++) {
		struct entry *x = &t->e[i];
		if (x == k1 || x == k2)
			continue;
		if (!any || x->seen < any->seen)
			any = x;
		if (!x->known && x->locked_until <= now && (!best || x->seen < best->seen))
			best = x;
	}
	return best ? best : any ? any : &t->e[0]; /* cap >= 16 (limits.c): never an empty table */
}

/* the entry of kind ('a', 'u', 'p'), name and address, made (a full bucket) when new */
static struct entry *get(struct api_throttle *t, char kind, const char *name, const char *addr, double burst,
                         int64_t now, const struct entry *k1, const struct entry *k2)
{
	char key[sizeof t->e->key];
	int n = snprintf(key, sizeof key, "%c %s %s", kind, name, addr);
	if (n < 0 || (size_t)n >= sizeof key) /* cut: the copy below stays inside the key */
		n = n < 0 ? 0 : (int)sizeof key - 1;
	uint64_t h = hash_bytes(key, (size_t)n);
	for (size_t i = 0; i < t->n; i++)
		if (t->e[i].hash == h && !strcmp(t->e[i].key, key)) {
			t->e[i].seen = now;
			return &t->e[i];
		}
	struct entry *x = room(t, now, k1, k2);
	memset(x, 0, sizeof *x);
	x->hash = h;
	memcpy(x->key, key, (size_t)n + 1);
	x->tokens = burst;
	x->at = x->seen = now;
	return x;
}

static void refill(struct entry *x, int64_t now, unsigned burst, unsigned per_min)
{
	if (now > x->at)
		x->tokens = fmin((double)burst, x->tokens + (double)(now - x->at) * per_min / 60.0);
	x->at = now;
}

/* the seconds until a bucket holds an attempt again */
static unsigned wait_for(const struct entry *x, unsigned per_min)
{
	return (unsigned)ceil((1.0 - x->tokens) * 60.0 / per_min);
}

/* an account name as a key: names that cannot be an account's share one */
static const char *account(const char *name)
{
	size_t n = strlen(name);
	return n && n <= 60 && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == n ? name : "?";
}

static void refuse(struct api_throttle_verdict *v, enum api_throttle_why why, unsigned secs, struct entry *x)
{
	v->why = why;
	v->retry_after = secs ? secs : 1;
	v->first = !x->noted;
	x->noted = true;
}

void api_throttle_try(struct api_throttle *t, const char *name, const char *addr, int64_t now,
                      struct api_throttle_verdict *v)
{
	const struct server_limits *l = &t->l;
	memset(v, 0, sizeof *v);
	name = account(name);
	pthread_mutex_lock(&t->lock);
	struct entry *a = get(t, 'a', "", addr, l->login_address_burst, now, NULL, NULL);
	struct entry *p = get(t, 'p', name, addr, 0, now, a, NULL);
	refill(a, now, l->login_address_burst, l->login_address_per_min);
	if (p->locked_until > now) {
		refuse(v, AT_LOCKED, (unsigned)(p->locked_until - now), p);
	} else if (a->tokens < 1) {
		refuse(v, AT_ADDRESS, wait_for(a, l->login_address_per_min), a);
	} else if (p->known) {
		a->tokens -= 1;
		a->noted = p->noted = false;
	} else {
		struct entry *u = get(t, 'u', name, "", l->login_account_burst, now, a, p);
		refill(u, now, l->login_account_burst, l->login_account_per_min);
		if (u->tokens < 1) {
			refuse(v, AT_ACCOUNT, wait_for(u, l->login_account_per_min), u);
		} else {
			a->tokens -= 1;
			u->tokens -= 1;
			a->noted = p->noted = u->noted = false;
		}
	}
	pthread_mutex_unlock(&t->lock);
}

unsigned api_throttle_done(struct api_throttle *t, const char *name, const char *addr, bool ok, int64_t now)
{
	const struct server_limits *l = &t->l;
	unsigned locks = 0;
	name = account(name);
	pthread_mutex_lock(&t->lock);
	struct entry *a = get(t, 'a', "", addr, l->login_address_burst, now, NULL, NULL);
	struct entry *p = get(t, 'p', name, addr, 0, now, a, NULL);
	if (ok) {
		refill(a, now, l->login_address_burst, l->login_address_per_min);
		a->tokens = fmin((double)l->login_address_burst, a->tokens + 1);
		p->failures = 0;
		p->known = true;
	} else if (++p->failures >= l->login_failures) {
		p->failures = 0;
		p->locked_until = now + l->login_lock_secs;
		p->noted = false;
		locks = l->login_lock_secs;
	}
	pthread_mutex_unlock(&t->lock);
	return locks;
}
