/* hub_index.h: a batch's key and person pairs on their way to record_keys and person_records
 * (hub_index.c), for hub_repo.c. */
#ifndef SAFETYNET_HUB_INDEX_H
#define SAFETYNET_HUB_INDEX_H

#include "store/store.h"

/* One batch's key and person pairs on their way to record_keys and person_records
 * (hub_index.c). fresh: the resource held no records before the batch; expect: about how many
 * rows it has (0: unknown). */
struct hub_index;
int hub_index_open(struct store *s, bool fresh, uint64_t expect, struct hub_index **out, struct error *e);
void hub_index_close(struct hub_index *x);
/* The newest record the batch added under a key hash and has not written out yet, or 0. */
int64_t hub_index_pending(const struct hub_index *x, int64_t khash);
/* false: no record of the resource has this key hash, stored or pending (a fresh resource's
 * batch remembers every key hash it added). */
bool hub_index_maybe_seen(const struct hub_index *x, int64_t khash);
int hub_index_add(struct hub_index *x, int64_t khash, int64_t record, const int64_t *phash, size_t np,
                  struct error *e);
/* Brings the places a key hash will be looked up and added at into the CPU's cache. */
void hub_index_prefetch(const struct hub_index *x, int64_t khash);
/* Writes the pairs waiting, each kind in sorted order. */
int hub_index_flush(struct hub_index *x, struct error *e);

#endif
