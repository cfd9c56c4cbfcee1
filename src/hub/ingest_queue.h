/* ingest_queue.h: a batch's checked rows on their way from the thread that reads and checks the
 * file to the thread that stores them, so that the two run side by side: a few blocks of rows
 * handed back and forth (exchange-internal). */
#ifndef SAFETYNET_INGEST_QUEUE_H
#define SAFETYNET_INGEST_QUEUE_H

#include "base/buf.h"
#include "base/error.h"

enum { IQ_PERSONS = 16, IQ_NONE = UINT32_MAX };

enum iq_kind { IQ_ACCEPT, IQ_REJECT };

/* The strings of an accepted row, by index into str: */
enum { IQ_KEY, IQ_DATA, IQ_FACTS, IQ_PERSON, IQ_STRINGS };
/* and of a rejected one: */
enum { IQ_FIELD, IQ_REASON };

struct iq_item {
	uint8_t kind;
	uint8_t npersons;
	uint16_t nfacts;
	uint64_t line;
	uint32_t str[IQ_STRINGS];  /* offsets into the block's bytes, IQ_NONE for NULL */
	int64_t khash;             /* the key's hash (store_key_hash) */
	int64_t phash[IQ_PERSONS]; /* the hashes of the persons its facts are about (store_hash) */
};

struct iq_block {
	struct iq_item *items;
	size_t n, cap;
	struct buf bytes;
	bool failed; /* a string did not fit (out of memory) */
};

/* Adds a string to the block: its offset, or IQ_NONE for NULL (and when out of memory, which
 * iq_block_failed then tells). */
uint32_t hub_iq_add_str(struct iq_block *b, const char *s, size_t n);
bool hub_iq_block_failed(const struct iq_block *b);
const char *hub_iq_str(const struct iq_block *b, uint32_t off);
/* Room for one more item: its slot, or NULL when the block is full (or out of memory). */
struct iq_item *hub_iq_next_item(struct iq_block *b);

struct ingest_queue;
int hub_iq_open(struct ingest_queue **out, struct error *e);
void hub_iq_close(struct ingest_queue *q);

/* The reader's side: an empty block to fill (waiting for one), or NULL once the storer has
 * stopped; handing a filled block over; saying it is done, with its result. */
struct iq_block *hub_iq_fill(struct ingest_queue *q);
void hub_iq_filled(struct ingest_queue *q, struct iq_block *b);
void hub_iq_finish(struct ingest_queue *q, int rc, const struct error *e);

/* The storer's side: the next filled block (waiting for one), or NULL once the reader is done
 * and every block taken (then iq_result gives the reader's result); giving a block back empty;
 * stopping the reader early. */
struct iq_block *hub_iq_take(struct ingest_queue *q);
void hub_iq_taken(struct ingest_queue *q, struct iq_block *b);
void hub_iq_stop(struct ingest_queue *q);
int hub_iq_result(struct ingest_queue *q, struct error *e);

#endif
