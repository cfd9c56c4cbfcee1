/* hset.h: a set of 64-bit hashes (open addressing, linear probing, at most three quarters full),
 * for "have we seen this key?" where a collision of two hashes is acceptable to the caller or
 * checked elsewhere. A hash of 0 is kept as 1. Zero-initialised is empty. */
#ifndef SAFETYNET_HSET_H
#define SAFETYNET_HSET_H

#include "base/common.h"

struct hset {
	uint64_t *slots; /* 0 = empty */
	size_t cap, n;
};

bool hset_has(const struct hset *s, uint64_t h);
/* Adds h: 0, or ERR_NOMEM (the set is unchanged then). */
int hset_add(struct hset *s, uint64_t h);
/* Frees the slots; the set is empty and usable again. */
void hset_release(struct hset *s);

#endif
