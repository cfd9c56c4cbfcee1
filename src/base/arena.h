/* arena.h: a bump allocator for memory that lives and dies together (a request, a batch).
 * Everything allocated from an arena is freed at once by arena_reset or arena_release. */
#ifndef SAFETYNET_ARENA_H
#define SAFETYNET_ARENA_H

#include "base/common.h"

struct arena_block;
struct arena {
	struct arena_block *head;
	size_t block_size;
	size_t used_total; /* bytes handed out since the last reset */
};

/* block_size: bytes per block (0 picks 64 KiB); bigger requests get a block of their own. */
void arena_init(struct arena *a, size_t block_size);
/* n bytes aligned for any type; NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_calloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Frees all but one block and makes the arena empty. */
void arena_reset(struct arena *a);
void arena_release(struct arena *a);

#endif
