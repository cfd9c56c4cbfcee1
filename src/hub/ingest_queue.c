/* ingest_queue.c: four blocks of checked rows passed between the reading thread and the storing
 * thread of a batch, in order, under one mutex. */
#include "hub/ingest_queue.h"

#include <pthread.h>

#include "base/mem.h"

enum {
	BLOCKS = 4,
	ITEMS = 4096,    /* rows per block */
	BYTES = 2 << 20, /* or this many bytes of their strings */
};

struct ingest_queue {
	pthread_mutex_t mu;
	pthread_cond_t changed;
	struct iq_block blocks[BLOCKS];
	bool full[BLOCKS];
	size_t fill_at, take_at; /* the next block each side uses */
	bool done, stopped;
	int rc;
	struct error e;
};

uint32_t hub_iq_add_str(struct iq_block *b, const char *s, size_t n)
{
	if (!s)
		return IQ_NONE;
	uint32_t off = (uint32_t)b->bytes.len;
	if (b->bytes.len + n + 1 >= IQ_NONE || buf_add(&b->bytes, s, n) || buf_addch(&b->bytes, '\0')) {
		b->failed = true;
		return IQ_NONE;
	}
	return off;
}

bool hub_iq_block_failed(const struct iq_block *b)
{
	return b->failed;
}

const char *hub_iq_str(const struct iq_block *b, uint32_t off)
{
	return off == IQ_NONE ? NULL : b->bytes.data + off;
}

struct iq_item *hub_iq_next_item(struct iq_block *b)
{
	if (b->n == b->cap || b->bytes.len >= BYTES)
		return NULL;
	return &b->items[b->n++];
}

int hub_iq_open(struct ingest_queue **out, struct error *e)
{
	struct ingest_queue *q = mem_calloc(1, sizeof *q);
	if (!q)
		return error_nomem(e);
	bool ok = true;
	for (int i = 0; i < BLOCKS; i++) {
		q->blocks[i].items = mem_alloc(ITEMS * sizeof *q->blocks[i].items);
		q->blocks[i].cap = ITEMS;
		buf_init(&q->blocks[i].bytes, (size_t)64 << 20);
		ok = ok && q->blocks[i].items;
	}
	if (!ok) {
		hub_iq_close(q);
		return error_nomem(e);
	}
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->changed, NULL);
	*out = q;
	return 0;
}

void hub_iq_close(struct ingest_queue *q)
{
	if (!q)
		return;
	for (int i = 0; i < BLOCKS; i++) {
		mem_free(q->blocks[i].items);
		buf_release(&q->blocks[i].bytes);
	}
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->changed);
	mem_free(q);
}

struct iq_block *hub_iq_fill(struct ingest_queue *q)
{
	pthread_mutex_lock(&q->mu);
	while (q->full[q->fill_at] && !q->stopped)
		pthread_cond_wait(&q->changed, &q->mu);
	struct iq_block *b = q->stopped ? NULL : &q->blocks[q->fill_at];
	pthread_mutex_unlock(&q->mu);
	if (b) {
		b->n = 0;
		b->failed = false;
		buf_reset(&b->bytes);
	}
	return b;
}

void hub_iq_filled(struct ingest_queue *q, struct iq_block *b)
{
	pthread_mutex_lock(&q->mu);
	q->full[b - q->blocks] = true;
	q->fill_at = (q->fill_at + 1) % BLOCKS;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}

void hub_iq_finish(struct ingest_queue *q, int rc, const struct error *e)
{
	pthread_mutex_lock(&q->mu);
	q->done = true;
	q->rc = rc;
	if (rc && e)
		q->e = *e;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}

struct iq_block *hub_iq_take(struct ingest_queue *q)
{
	pthread_mutex_lock(&q->mu);
	while (!q->full[q->take_at] && !q->done)
		pthread_cond_wait(&q->changed, &q->mu);
	/* the reader finishes only after handing over its last block */
	struct iq_block *b = q->full[q->take_at] ? &q->blocks[q->take_at] : NULL;
	pthread_mutex_unlock(&q->mu);
	return b;
}

void hub_iq_taken(struct ingest_queue *q, struct iq_block *b)
{
	pthread_mutex_lock(&q->mu);
	q->full[b - q->blocks] = false;
	q->take_at = (q->take_at + 1) % BLOCKS;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}

void hub_iq_stop(struct ingest_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->stopped = true;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}

int hub_iq_result(struct ingest_queue *q, struct error *e)
{
	pthread_mutex_lock(&q->mu);
	int rc = q->rc;
	if (rc && e)
		*e = q->e;
	pthread_mutex_unlock(&q->mu);
	return rc;
}
