/* hset.c: the set of 64-bit hashes (see hset.h). */
#include "base/hset.h"

#include "base/error.h"
#include "base/mem.h"

bool hset_has(const struct hset *s, uint64_t h)
{
	if (!s->cap)
		return false;
	h = h ? h : 1;
	for (size_t i = h & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1))
		if (s->slots[i] == h)
			return true;
	return false;
}

int hset_add(struct hset *s, uint64_t h)
{
	h = h ? h : 1;
	if ((s->n + 1) * 4 > s->cap * 3) {
		size_t cap = s->cap ? s->cap * 2 : 1 << 16;
		uint64_t *slots = mem_calloc(cap, sizeof *slots);
		if (!slots)
			return ERR_NOMEM;
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->slots[i])
				continue;
			size_t j = s->slots[i] & (cap - 1);
			while (slots[j])
				j = (j + 1) & (cap - 1);
			slots[j] = s->slots[i];
		}
		mem_free(s->slots);
		s->slots = slots;
		s->cap = cap;
	}
	size_t i = h & (s->cap - 1);
	while (s->slots[i] && s->slots[i] != h)
		i = (i + 1) & (s->cap - 1);
	s->n += !s->slots[i];
	s->slots[i] = h;
	return 0;
}

void hset_release(struct hset *s)
{
	mem_free(s->slots);
	s->slots = NULL;
	s->cap = s->n = 0;
}
