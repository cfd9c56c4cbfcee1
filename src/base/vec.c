/* vec.c: the growth step behind the VEC macros. */
#include "base/vec.h"

#include "base/error.h"

int vec_grow_(void *pitems, size_t *cap, size_t elem, size_t need)
{
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return ERR_NOMEM;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / elem)
		return ERR_NOMEM;
	void *items;
	memcpy(&items, pitems, sizeof items);
	void *p = mem_realloc(items, ncap * elem);
	if (!p)
		return ERR_NOMEM;
	memcpy(pitems, &p, sizeof p);
	*cap = ncap;
	return 0;
}
