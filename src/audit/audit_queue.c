/* audit_queue.c: group commit of audit entries for the server. A read through the access gate
 * costs one audit entry; written one transaction each, they took a quarter of a request's time.
 * Here the gate queues the entry (with the time it happened) and one writer thread chains and
 * commits whatever has queued in one transaction, on the server's own connection under its lock
 * (a second connection would leave the first one's page cache cold after every commit). The request waits for its entries to be committed before it answers, so
 * nothing is answered that the audit log does not hold; if a write fails, every later wait fails
 * too (the server answers 500 rather than serve personal data unaudited). A write that finds the
 * database held by another writer for 0.1 s (a command ingesting a batch) is not a failure: the
 * entries go to the spill file (audit_spill.c), durable, and the answers go out; the next batch
 * chains them first. Without a spill file, or when it cannot be written, they stay queued and are
 * tried again every 20 ms, so the answers waiting for them go out when that writer commits. */
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "base/mem.h"
#include "audit/audit_int.h"

struct queued {
	char at[24];
	char *text; /* actor, action, subject, detail: four NUL-terminated strings in one block */
};

struct audit_queue {
	pthread_mutex_t mu;
	pthread_cond_t more, done;
	struct queued *items;
	size_t n, cap;
	uint64_t enqueued, flushed;
	bool stop, broken;
	struct error err;        /* why the log broke */
	struct store *w;         /* the connection the entries are written on */
	pthread_mutex_t *w_lock; /* and the lock its other users hold */
	void (*on_flushed)(void *arg, uint64_t flushed);
	void *arg;
	struct store *ck; /* checkpoints the WAL outside the lock (NULL: SQLite's own autocheckpoint) */
	struct audit_spill spill; /* fd -1: none; only the writer thread touches it once started */
	bool spilling;            /* entries wait in it (for others to read, atomically) */
	unsigned since_ck;
	pthread_t thread;
};

int audit_enqueue(struct audit_queue *q, const char *at, const char *actor, const char *action,
                  const char *subject, const char *detail, struct error *e)
{
	const char *parts[4] = { actor, action, subject, detail };
	size_t len[4], total = 0;
	for (int i = 0; i < 4; i++)
		total += (len[i] = strlen(parts[i])) + 1;
	char *text = malloc(total);
	if (!text)
		return error_nomem(e);
	for (size_t i = 0, off = 0; i < 4; off += len[i] + 1, i++)
		memcpy(text + off, parts[i], len[i] + 1);
	pthread_mutex_lock(&q->mu);
	int rc = 0;
	if (q->broken) {
		*e = q->err;
		rc = e->code;
	} else if (q->n == q->cap) {
		size_t cap = q->cap ? 2 * q->cap : 256;
		struct queued *p = realloc(q->items, cap * sizeof *p);
		if (p) {
			q->items = p;
			q->cap = cap;
		} else {
			rc = error_nomem(e);
		}
	}
	if (!rc) {
		snprintf(q->items[q->n].at, sizeof q->items[q->n].at, "%s", at);
		q->items[q->n++].text = text;
		__atomic_store_n(&q->enqueued, q->enqueued + 1, __ATOMIC_RELEASE);
		pthread_cond_signal(&q->more);
	} else {
		free(text);
	}
	pthread_mutex_unlock(&q->mu);
	return rc;
}

enum {
	SPILL_PART = 4 << 20, /* bytes of the spill file chained in one transaction */
	SPILL_THEM = 1
}; /* write_batch: the spill file is not empty yet: add these to it */

static int write_batch(struct audit_queue *q, struct queued *items, size_t n, struct error *e)
{
	char prev[65];
	struct store *w = q->w;
	bool drain = audit_spill_pending(&q->spill), all = true;
	int rc = store_begin(w, e);
	if (!rc) /* the chain's end is read once under the write lock, then followed in memory */
		rc = audit_last_hash(w, prev, e);
	/* what waited in the spill file goes first, in its order, a part at a time so that a long
	 * wait's file neither fills memory nor holds the lock for long; until it is empty, new
	 * entries join it at its end */
	if (!rc && drain)
		rc = audit_spill_drain(&q->spill, w, prev, SPILL_PART, &all, e);
	for (size_t i = 0; !rc && all && i < n; i++) {
		const char *actor = items[i].text, *action = actor + strlen(actor) + 1,
		           *subject = action + strlen(action) + 1, *detail = subject + strlen(subject) + 1;
		rc = audit_chain(w, prev, items[i].at, actor, action, subject, detail, e);
	}
	if (rc) {
		store_rollback(w);
		return rc;
	}
	if ((rc = store_commit(w, e)))
		return rc;
	if (drain && all)
		audit_spill_truncate(&q->spill);
	return all ? 0 : SPILL_THEM;
}

/* the batch into the spill file, durable: 0, or the error */
static int spill_batch(struct audit_queue *q, struct queued *items, size_t n, struct error *e)
{
	const char **at = malloc((n ? n : 1) * sizeof *at);
	char **text = malloc((n ? n : 1) * sizeof *text);
	int rc = at && text ? 0 : error_nomem(e);
	for (size_t i = 0; !rc && i < n; i++) {
		at[i] = items[i].at;
		text[i] = items[i].text;
	}
	if (!rc)
		rc = audit_spill_append(&q->spill, at, text, n, e);
	free(at);
	free(text);
	return rc;
}

/* Another writer held the database: the batch goes back to the front of the queue, ahead of what
 * came meanwhile, and the writer waits 20 ms before trying again. Returns 1 (write nothing, the
 * batch fails as busy) when the server is stopping or memory runs out. */
static int requeue(struct audit_queue *q, struct queued **items, size_t *n, size_t *cap,
                   struct queued **spare, size_t *spare_cap)
{
	pthread_mutex_lock(&q->mu);
	bool stop = q->stop;
	size_t total = *n + q->n;
	struct queued *all = stop ? NULL : *items;
	if (all && total > *cap) {
		all = realloc(*items, total * sizeof *all);
		if (all) {
			*items = all;
			*cap = total;
		}
	}
	if (!all) {
		pthread_mutex_unlock(&q->mu);
		return 1;
	}
	memcpy(all + *n, q->items, q->n * sizeof *all);
	*spare = q->items; /* now empty: the next batch's array */
	*spare_cap = q->cap;
	q->items = all;
	q->cap = *cap;
	q->n = total;
	pthread_mutex_unlock(&q->mu);
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	nanosleep(&pause, NULL);
	pthread_mutex_lock(&q->mu);
	return 0;
}

static void *writer(void *arg)
{
	struct audit_queue *q = arg;
	struct queued *batch = NULL;
	size_t bcap = 0;
	pthread_mutex_lock(&q->mu);
	for (;;) {
		bool drain_only = false;
		while (!q->n && !q->stop && !drain_only) {
			if (!audit_spill_pending(&q->spill)) {
				pthread_cond_wait(&q->more, &q->mu);
				continue;
			}
			/* entries wait in the spill file: chain them, a part every 0.1 s, even if no
			 * request comes */
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_nsec += 100 * 1000 * 1000;
			if (until.tv_nsec >= 1000 * 1000 * 1000) {
				until.tv_sec++;
				until.tv_nsec -= 1000 * 1000 * 1000;
			}
			drain_only = pthread_cond_timedwait(&q->more, &q->mu, &until) == ETIMEDOUT;
		}
		if (!q->n && q->stop)
			break;
		/* take everything queued: the queue's array and the batch's swap places */
		struct queued *items = q->items;
		size_t n = q->n, cap = q->cap;
		q->items = batch;
		q->cap = bcap;
		q->n = 0;
		uint64_t upto = q->enqueued;
		bool broken = q->broken;
		pthread_mutex_unlock(&q->mu);
		struct error e;
		error_clear(&e);
		pthread_mutex_lock(q->w_lock);
		/* a try waits 0.1 s for another writer, not the connection's 5 s, so neither the
		 * answers waiting for these entries nor the requests that need the lock wait longer */
		store_busy_timeout(q->w, 100);
		int rc = broken ? 0 : write_batch(q, items, n, &e);
		store_busy_timeout(q->w, STORE_BUSY_MS);
		pthread_mutex_unlock(q->w_lock);
		if ((rc == ERR_BUSY || rc == SPILL_THEM) && q->spill.fd >= 0) {
			struct error se;
			if (spill_batch(q, items, n, &se) == 0)
				rc = 0; /* durable in the spill file: the answers may go */
			else
				rc = ERR_BUSY;
		}
		__atomic_store_n(&q->spilling, audit_spill_pending(&q->spill), __ATOMIC_RELEASE);
		if (rc == ERR_BUSY && !requeue(q, &items, &n, &cap, &batch, &bcap))
			continue; /* the queue holds them all again, in order */
		/* the WAL is copied back into the database from another connection, without holding
		 * the lock every request needs (a checkpoint's fsync there stalled them all) */
		if (q->ck && ++q->since_ck >= 256) {
			struct error ce;
			q->since_ck = 0;
			if (store_wal_checkpoint(q->ck, &ce)) {
				pthread_mutex_lock(q->w_lock); /* leave it to SQLite again */
				store_wal_autocheckpoint(q->w, 1000, &ce);
				pthread_mutex_unlock(q->w_lock);
				store_close(q->ck);
				q->ck = NULL;
			}
		}
		for (size_t i = 0; i < n; i++)
			free(items[i].text);
		batch = items;
		bcap = cap;
		pthread_mutex_lock(&q->mu);
		if (rc && !q->broken) {
			__atomic_store_n(&q->broken, true, __ATOMIC_RELEASE);
			q->err = e;
		}
		__atomic_store_n(&q->flushed, upto, __ATOMIC_RELEASE);
		pthread_cond_broadcast(&q->done);
		if (q->on_flushed) {
			pthread_mutex_unlock(&q->mu);
			q->on_flushed(q->arg, upto);
			pthread_mutex_lock(&q->mu);
		}
	}
	pthread_mutex_unlock(&q->mu);
	free(batch);
	return NULL;
}

int audit_queue_start(struct store *s, pthread_mutex_t *lock, void (*on_flushed)(void *arg, uint64_t flushed),
                      void *arg, struct audit_queue **out, struct error *e)
{
	struct audit_queue *q = calloc(1, sizeof *q);
	if (!q)
		return error_nomem(e);
	q->w = s;
	q->w_lock = lock;
	q->spill.fd = -1;
	q->on_flushed = on_flushed;
	q->arg = arg;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->more, NULL);
	pthread_cond_init(&q->done, NULL);
	if (pthread_create(&q->thread, NULL, writer, q)) {
		free(q);
		return error_set(e, ERR_NOMEM, "无法启动审计日志写入线程",
		                 "cannot start the audit log's writer");
	}
	*out = q;
	return 0;
}

void audit_queue_stop(struct audit_queue *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->mu);
	q->stop = true;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	for (size_t i = 0; i < q->n; i++)
		free(q->items[i].text);
	free(q->items);
	if (q->ck) {
		struct error e;
		store_wal_checkpoint(q->ck, &e);
		store_close(q->ck);
	}
	audit_spill_close(&q->spill);
	pthread_cond_destroy(&q->more);
	pthread_cond_destroy(&q->done);
	pthread_mutex_destroy(&q->mu);
	free(q);
}

int audit_checkpoint_from(struct audit_queue *q, const char *dir, struct error *e)
{
	struct store *ck;
	int rc = store_open_dir(dir, STORE_OPEN_EXISTING, &ck, e);
	if (!rc)
		rc = store_wal_autocheckpoint(q->w, 0, e);
	if (rc) {
		store_close(ck);
		return rc;
	}
	q->ck = ck; /* before any entry is queued: the writer reads it after taking the first batch */
	return 0;
}

int audit_spill_to(struct audit_queue *q, const char *dir, struct error *e)
{
	pthread_mutex_lock(&q->mu); /* the writer looks at it while it waits */
	int rc = audit_spill_open(&q->spill, dir, e);
	__atomic_store_n(&q->spilling, audit_spill_pending(&q->spill), __ATOMIC_RELEASE);
	pthread_mutex_unlock(&q->mu);
	return rc;
}

uint64_t audit_flushed(struct audit_queue *q)
{
	return __atomic_load_n(&q->flushed, __ATOMIC_ACQUIRE);
}

bool audit_broken(struct audit_queue *q)
{
	return q && __atomic_load_n(&q->broken, __ATOMIC_ACQUIRE);
}

bool audit_spilling(struct audit_queue *q)
{
	return q && __atomic_load_n(&q->spilling, __ATOMIC_ACQUIRE);
}

uint64_t audit_ticket(struct audit_queue *q)
{
	return __atomic_load_n(&q->enqueued, __ATOMIC_ACQUIRE);
}

int audit_wait(struct audit_queue *q, uint64_t ticket, struct error *e)
{
	if (__atomic_load_n(&q->flushed, __ATOMIC_ACQUIRE) >= ticket &&
	    !__atomic_load_n(&q->broken, __ATOMIC_ACQUIRE))
		return 0;
	pthread_mutex_lock(&q->mu);
	while (q->flushed < ticket && !q->broken)
		pthread_cond_wait(&q->done, &q->mu);
	int rc = 0;
	if (q->broken) {
		*e = q->err;
		rc = e->code ? e->code : ERR_IO;
	}
	pthread_mutex_unlock(&q->mu);
	return rc;
}
