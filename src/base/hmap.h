/* hmap.h: a hash map from byte-string keys to 64-bit values (an index, an id, or a pointer cast
 * to uintptr_t). Open addressing with linear probing; keys are copied into the map's arena, so
 * the caller's key may go away. Deleted keys' bytes stay in the arena until hmap_release. */
#ifndef SAFETYNET_HMAP_H
#define SAFETYNET_HMAP_H

#include "base/arena.h"
#include "base/common.h"

struct hmap_slot {
	uint64_t hash;
	const char *key; /* NULL: empty slot */
	size_t klen;
	uint64_t val;
};

struct hmap {
	struct hmap_slot *slots;
	size_t cap; /* a power of two, or 0 */
	size_t count;
	struct arena keys;
};

/* A 64-bit hash of n bytes (seeded, stable across runs and machines). */
uint64_t hash_bytes(const void *p, size_t n);

void hmap_init(struct hmap *m);
void hmap_release(struct hmap *m);
/* Inserts or replaces. Returns 0 or ERR_NOMEM (the map is unchanged then). */
int hmap_put(struct hmap *m, const void *key, size_t klen, uint64_t val);
/* 1 and *val when found, 0 when not (val may be NULL). */
int hmap_get(const struct hmap *m, const void *key, size_t klen, uint64_t *val);
/* 1 when a key was removed, 0 when it was absent. */
int hmap_del(struct hmap *m, const void *key, size_t klen);
/* Iterates: start with *pos = 0; returns the next filled slot or NULL at the end. */
const struct hmap_slot *hmap_next(const struct hmap *m, size_t *pos);

#endif
