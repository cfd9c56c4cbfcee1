/* arena.c: the bump allocator. Blocks form a list, newest first. */
#include "base/arena.h"

#include "base/mem.h"

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t used;
	max_align_t data[]; /* aligned start */
};

#define ALIGN (sizeof(max_align_t))

void arena_init(struct arena *a, size_t block_size)
{
	a->head = NULL;
	a->block_size = block_size ? block_size : (size_t)64 << 10;
	a->used_total = 0;
}

static struct arena_block *new_block(size_t size)
{
	if (size > SIZE_MAX - sizeof(struct arena_block))
		return NULL;
	struct arena_block *b = mem_alloc(sizeof *b + size);
	if (!b)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	if (n > SIZE_MAX - ALIGN)
		return NULL;
	size_t need = (n + ALIGN - 1) & ~(ALIGN - 1);
	if (need == 0)
		need = ALIGN;
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < need) {
		if (need > a->block_size / 4) {
			/* a big request: its own block, behind the current one so the
			 * current block keeps serving small requests */
			struct arena_block *big = new_block(need);
			if (!big)
				return NULL;
			if (b) {
				big->next = b->next;
				b->next = big;
			} else {
				a->head = big;
			}
			big->used = need;
			a->used_total += need;
			return (char *)big->data;
		}
		b = new_block(a->block_size);
		if (!b)
			return NULL;
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += need;
	a->used_total += need;
	return p;
}

void *arena_calloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	if (p)
		memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		return NULL;
	char *d = arena_alloc(a, n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void arena_reset(struct arena *a)
{
	struct arena_block *keep = NULL;
	for (struct arena_block *b = a->head, *next; b; b = next) {
		next = b->next;
		if (!keep && b->size == a->block_size) {
			keep = b;
			continue;
		}
		mem_free(b);
	}
	if (keep) {
		keep->next = NULL;
		keep->used = 0;
	}
	a->head = keep;
	a->used_total = 0;
}

void arena_release(struct arena *a)
{
	for (struct arena_block *b = a->head, *next; b; b = next) {
		next = b->next;
		mem_free(b);
	}
	a->head = NULL;
	a->used_total = 0;
}
