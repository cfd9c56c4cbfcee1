/* hub_index.c: how a batch leaves behind the two ways its records are found, by key (for the
 * next batch's upserts) and by person (for their facts), without updating an index for every
 * row. The batch's (hash, record) pairs gather in memory a chunk at a time and are written
 * sorted into record_keys and person_records, so each chunk fills those B-trees in order; a
 * record still waiting in the chunk is found through a small table of its key hash. A person's
 * pair names a run of consecutive records. When the resource held nothing before the batch, a
 * Bloom filter of the batch's keys says when a key is surely new, so a first load asks the
 * database nothing per row. */
#include <sys/mman.h>

#include "base/mem.h"
#include "hub/hub_index.h"
#include "hub/hub_repo.h"

enum {
	CHUNK_DEFAULT = 1 << 22, /* pairs of each kind before a chunk is written (64 MB each) */
	PERSONS_MAX = 16,        /* persons one record may name */
	ROWS_PER_INSERT = 64,
	BLOOM_BITS_LOG2 = 28, /* 32 MB: about 0.3 % false "maybe" at 10 M keys */
};

static size_t chunk_pairs = CHUNK_DEFAULT;

void hub_db_test_chunk(size_t pairs)
{
	chunk_pairs = pairs ? pairs : CHUNK_DEFAULT;
	if (chunk_pairs < 2)
		chunk_pairs = 2;
}

struct pair {
	int64_t hash, record;
};

struct hub_index {
	struct store_stmt *key_put, *person_put, *key_many, *person_many;
	struct pair *keys, *persons, *spare; /* spare: room for sorting */
	size_t nkeys, npersons, cap;
	size_t last[PERSONS_MAX], nlast; /* the previous record's persons (their runs' places) */
	uint32_t *pending; /* the chunk's keys by hash (index + 1 into keys), the newest of each */
	size_t pending_cap;
	uint64_t *bloom;     /* NULL when the resource held records before the batch */
	unsigned bloom_log2; /* its size in bits, a power of two */
};

/* the INSERT of ROWS_PER_INSERT rows of the given values ("(?, ?)"), and of one */
static int prepare_puts(struct store *s, const char *head, const char *values, struct store_stmt **many,
                        struct store_stmt **one, struct error *e)
{
	char sql[256 + ROWS_PER_INSERT * 16];
	size_t n = (size_t)snprintf(sql, sizeof sql, "%s", head);
	for (int k = 0; k < ROWS_PER_INSERT; k++)
		n += (size_t)snprintf(sql + n, sizeof sql - n, "%s%s", k ? ", " : "", values);
	int rc = store_prepare(s, sql, many, e);
	if (rc == 0) {
		snprintf(sql, sizeof sql, "%s%s", head, values);
		rc = store_prepare(s, sql, one, e);
	}
	return rc;
}

/* Asks for 2 MB pages under a large table: the chunk's tables are read and written at random,
 * and on 4 KB pages nearly every access also missed the TLB (with the prefetching below, a
 * 10 M-row batch went from about 270 k to 370 k rows/s). Linux only lends them on request
 * (transparent_hugepage=madvise); elsewhere this does nothing. */
static void huge(void *p, size_t n)
{
	if (!p)
		return;
	uintptr_t a = ((uintptr_t)p + (2u << 20) - 1) & ~(uintptr_t)((2u << 20) - 1);
	uintptr_t b = ((uintptr_t)p + n) & ~(uintptr_t)((2u << 20) - 1);
	if (b > a)
		madvise((void *)a, b - a, MADV_HUGEPAGE);
}

int hub_index_open(struct store *s, bool fresh, uint64_t expect, struct hub_index **out, struct error *e)
{
	struct hub_index *x = mem_calloc(1, sizeof *x);
	if (!x)
		return error_nomem(e);
	/* tables as large as the batch needs, at most a chunk's: a small file's batch should not
	 * clear 32 MB at every flush */
	x->cap = expect && expect < chunk_pairs ? (size_t)expect : chunk_pairs;
	x->pending_cap = 16;
	while (x->pending_cap < 2 * x->cap)
		x->pending_cap <<= 1;
	x->bloom_log2 = 16;
	while (x->bloom_log2 < BLOOM_BITS_LOG2 && ((size_t)1 << x->bloom_log2) < 32 * x->cap)
		x->bloom_log2++;
	if (expect > chunk_pairs)
		x->bloom_log2 = BLOOM_BITS_LOG2;
	x->keys = mem_alloc(x->cap * sizeof *x->keys);
	x->persons = mem_alloc((x->cap + PERSONS_MAX) * sizeof *x->persons);
	x->pending = mem_calloc(x->pending_cap, sizeof *x->pending);
	x->spare = mem_alloc((x->cap + PERSONS_MAX) * sizeof *x->spare);
	if (fresh)
		x->bloom = mem_calloc((size_t)1 << (x->bloom_log2 - 6), sizeof *x->bloom);
	huge(x->keys, x->cap * sizeof *x->keys);
	huge(x->persons, x->cap * sizeof *x->persons);
	huge(x->pending, x->pending_cap * sizeof *x->pending);
	huge(x->spare, x->cap * sizeof *x->spare);
	if (x->bloom)
		huge(x->bloom, ((size_t)1 << (x->bloom_log2 - 6)) * sizeof *x->bloom);
	int rc =
	    !x->keys || !x->persons || !x->pending || !x->spare || (fresh && !x->bloom) ? error_nomem(e) : 0;
	if (rc == 0)
		rc = prepare_puts(s, "INSERT INTO record_keys (khash, record) VALUES ", "(?, ?)",
		                  &x->key_many, &x->key_put, e);
	if (rc == 0)
		rc = prepare_puts(s,
		                  "INSERT OR IGNORE INTO person_records (phash, record, last_record) VALUES ",
		                  "(?, ?, ?)", &x->person_many, &x->person_put, e);
	if (rc) {
		hub_index_close(x);
		return rc;
	}
	*out = x;
	return 0;
}

void hub_index_close(struct hub_index *x)
{
	if (!x)
		return;
	store_finalize(x->key_put);
	store_finalize(x->person_put);
	store_finalize(x->key_many);
	store_finalize(x->person_many);
	mem_free(x->keys);
	mem_free(x->persons);
	mem_free(x->pending);
	mem_free(x->spare);
	mem_free(x->bloom);
	mem_free(x);
}

static size_t slot_of(const struct hub_index *x, int64_t hash)
{
	uint64_t h = (uint64_t)hash * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 20) & (x->pending_cap - 1);
}

int64_t hub_index_pending(const struct hub_index *x, int64_t hash)
{
	for (size_t i = slot_of(x, hash);; i = (i + 1) & (x->pending_cap - 1)) {
		uint32_t k = x->pending[i];
		if (!k)
			return 0;
		if (x->keys[k - 1].hash == hash)
			return x->keys[k - 1].record;
	}
}

/* A blocked Bloom filter: the three bits of a key lie in one 64-byte line, so asking costs one
 * cache miss, not three. */
static uint64_t *bloom_line(const struct hub_index *x, int64_t hash, unsigned bit[3])
{
	uint64_t h = (uint64_t)hash, g = h * 0xc2b2ae3d27d4eb4fULL;
	size_t lines = (size_t)1 << (x->bloom_log2 - 9);
	bit[0] = (unsigned)(g & 511);
	bit[1] = (unsigned)(g >> 9 & 511);
	bit[2] = (unsigned)(g >> 18 & 511);
	return x->bloom + 8 * ((size_t)(h >> 27) & (lines - 1));
}

bool hub_index_maybe_seen(const struct hub_index *x, int64_t hash)
{
	if (!x->bloom)
		return true;
	unsigned b[3];
	const uint64_t *line = bloom_line(x, hash, b);
	for (int i = 0; i < 3; i++)
		if (!(line[b[i] >> 6] >> (b[i] & 63) & 1))
			return false;
	return true;
}

/* Sorts pairs by hash (as signed integers, the tables' order), keeping the order of records
 * within one hash: they arrive in record order. LSD radix sort, a byte at a time. */
static void sort_pairs(struct pair *v, struct pair *tmp, size_t n)
{
	struct pair *from = v, *to = tmp;
	for (int shift = 0; shift < 64; shift += 8) {
		size_t count[257] = { 0 };
		for (size_t i = 0; i < n; i++)
			count[((((uint64_t)from[i].hash) ^ (UINT64_C(1) << 63)) >> shift & 0xff) + 1]++;
		if (count[1 + ((((uint64_t)from[0].hash) ^ (UINT64_C(1) << 63)) >> shift & 0xff)] == n)
			continue; /* every pair has the same byte here */
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < n; i++)
			to[count[(((uint64_t)from[i].hash) ^ (UINT64_C(1) << 63)) >> shift & 0xff]++] =
			    from[i];
		struct pair *t = from;
		from = to;
		to = t;
	}
	if (from != v)
		memcpy(v, from, n * sizeof *v);
}

/* A person's pair names a run of consecutive records: the first id in the low 48 bits, how many
 * more follow in the high 16 (a batch's rows of one person mostly come together, so a person
 * takes one row of person_records per run instead of one per record). */
enum { RUN_SHIFT = 48 };
#define RUN_FIRST(v) ((v) & ((INT64_C(1) << RUN_SHIFT) - 1))
#define RUN_MORE(v) ((int64_t)((uint64_t)(v) >> RUN_SHIFT))

/* binds one pair (of persons: its run's first and last record) at column at */
static void bind_pair(struct store_stmt *st, int at, const struct pair *p, bool runs)
{
	store_bind_int64(st, at, p->hash);
	store_bind_int64(st, at + 1, runs ? RUN_FIRST(p->record) : p->record);
	if (runs)
		store_bind_int64(st, at + 2, RUN_FIRST(p->record) + RUN_MORE(p->record));
}

/* Writes n pairs in sorted order, ROWS_PER_INSERT to a statement (one row each cost half again
 * as much), the rest one at a time. */
static int put_sorted(struct store_stmt *many, struct store_stmt *one, struct pair *v, struct pair *spare,
                      size_t n, bool runs, struct error *e)
{
	if (n)
		sort_pairs(v, spare, n);
	int cols = runs ? 3 : 2;
	size_t i = 0;
	for (; i + ROWS_PER_INSERT <= n; i += ROWS_PER_INSERT) {
		for (int k = 0; k < ROWS_PER_INSERT; k++)
			bind_pair(many, cols * k + 1, &v[i + (size_t)k], runs);
		int rc = store_run(many, e);
		if (rc)
			return rc;
	}
	for (; i < n; i++) {
		bind_pair(one, 1, &v[i], runs);
		int rc = store_run(one, e);
		if (rc)
			return rc;
	}
	return 0;
}

int hub_index_flush(struct hub_index *x, struct error *e)
{
	int rc = put_sorted(x->key_many, x->key_put, x->keys, x->spare, x->nkeys, false, e);
	if (rc == 0)
		rc = put_sorted(x->person_many, x->person_put, x->persons, x->spare, x->npersons, true, e);
	if (rc)
		return rc;
	x->nkeys = x->npersons = x->nlast = 0;
	memset(x->pending, 0, x->pending_cap * sizeof *x->pending);
	return 0;
}

void hub_index_prefetch(const struct hub_index *x, int64_t khash)
{
	unsigned b[3];
	if (x->bloom)
		__builtin_prefetch(bloom_line(x, khash, b), 1);
	__builtin_prefetch(&x->pending[slot_of(x, khash)], 1);
}

int hub_index_add(struct hub_index *x, int64_t khash, int64_t record, const int64_t *phash, size_t np,
                  struct error *e)
{
	if (np > PERSONS_MAX)
		return error_set(e, ERR_TOOBIG, "一条记录涉及的人员过多（%zu）",
		                 "a record names too many persons (%zu)", np);
	if (x->nkeys == x->cap || x->npersons >= x->cap) {
		int rc = hub_index_flush(x, e);
		if (rc)
			return rc;
	}
	x->keys[x->nkeys++] = (struct pair){ khash, record };
	/* a person of the record just before, whose run ends there, runs on */
	size_t last[PERSONS_MAX], nlast = 0;
	for (size_t i = 0; i < np; i++) {
		size_t at = SIZE_MAX;
		for (size_t k = 0; k < x->nlast && at == SIZE_MAX; k++) {
			struct pair *p = &x->persons[x->last[k]];
			if (p->hash == phash[i] && RUN_FIRST(p->record) + RUN_MORE(p->record) == record - 1 &&
			    RUN_MORE(p->record) < 0xffff)
				at = x->last[k];
		}
		if (at == SIZE_MAX) {
			at = x->npersons++;
			x->persons[at] = (struct pair){ phash[i], record };
		} else {
			x->persons[at].record += INT64_C(1) << RUN_SHIFT;
		}
		last[nlast++] = at;
	}
	memcpy(x->last, last, nlast * sizeof *last);
	x->nlast = nlast;
	size_t i = slot_of(x, khash);
	while (x->pending[i] && x->keys[x->pending[i] - 1].hash != khash)
		i = (i + 1) & (x->pending_cap - 1);
	x->pending[i] = (uint32_t)x->nkeys; /* the pair just added, index + 1 */
	if (x->bloom) {
		unsigned b[3];
		uint64_t *line = bloom_line(x, khash, b);
		for (int k = 0; k < 3; k++)
			line[b[k] >> 6] |= (uint64_t)1 << (b[k] & 63);
	}
	return 0;
}
