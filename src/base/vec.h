/* vec.h: typed dynamic arrays. Declare `VEC(int) v = {0};`, then vec_push(&v, 3) returns 0 or
 * ERR_NOMEM (the array is unchanged on failure); v.items[i], v.len; vec_release(&v). */
#ifndef SAFETYNET_VEC_H
#define SAFETYNET_VEC_H

#include "base/common.h"
#include "base/mem.h"

#define VEC(T)              \
	struct {            \
		T *items;   \
		size_t len; \
		size_t cap; \
	}

/* Grows *pitems (a pointer to the items pointer) to hold at least `need` elements of `elem`
 * bytes. Returns 0 or ERR_NOMEM. */
int vec_grow_(void *pitems, size_t *cap, size_t elem, size_t need);

#define vec_reserve(v, n) ((n) <= (v)->cap ? 0 : vec_grow_(&(v)->items, &(v)->cap, sizeof *(v)->items, (n)))
#define vec_push(v, x) (vec_reserve((v), (v)->len + 1) ? ERR_NOMEM : ((v)->items[(v)->len++] = (x), 0))
#define vec_release(v)                   \
	do {                             \
		mem_free((v)->items);    \
		(v)->items = NULL;       \
		(v)->len = (v)->cap = 0; \
	} while (0)

#endif
