/* hmap.c: open-addressing hash map with backward-shift deletion. */
#include "base/hmap.h"

#include "base/error.h"
#include "base/mem.h"

static uint64_t mix(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static uint64_t read64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

uint64_t hash_bytes(const void *data, size_t n)
{
	/* A small multiply-mix hash in the style of wyhash: fast on short keys, good spread. */
	const uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL;
	const unsigned char *p = data;
	uint64_t h = 0x53a5e1f0d2c4b697ULL ^ (n * k0);
	while (n >= 8) {
		h = mix(h ^ read64(p), k1);
		p += 8;
		n -= 8;
	}
	uint64_t tail = 0;
	for (size_t i = 0; i < n; i++)
		tail |= (uint64_t)p[i] << (8 * i);
	h = mix(h ^ tail ^ k0, k1);
	return mix(h, k0 ^ (h >> 29));
}

void hmap_init(struct hmap *m)
{
	m->slots = NULL;
	m->cap = m->count = 0;
	arena_init(&m->keys, 0);
}

void hmap_release(struct hmap *m)
{
	mem_free(m->slots);
	arena_release(&m->keys);
	m->slots = NULL;
	m->cap = m->count = 0;
}

static size_t find(const struct hmap *m, uint64_t h, const void *key, size_t klen, bool *found)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		const struct hmap_slot *s = &m->slots[i];
		if (!s->key) {
			*found = false;
			return i;
		}
		if (s->hash == h && s->klen == klen && memcmp(s->key, key, klen) == 0) {
			*found = true;
			return i;
		}
	}
}

static int resize(struct hmap *m, size_t cap)
{
	struct hmap_slot *slots = mem_calloc(cap, sizeof *slots);
	if (!slots)
		return ERR_NOMEM;
	struct hmap_slot *old = m->slots;
	size_t oldcap = m->cap;
	m->slots = slots;
	m->cap = cap;
	for (size_t i = 0; i < oldcap; i++) {
		if (!old[i].key)
			continue;
		bool found;
		size_t j = find(m, old[i].hash, old[i].key, old[i].klen, &found);
		m->slots[j] = old[i];
	}
	mem_free(old);
	return 0;
}

int hmap_put(struct hmap *m, const void *key, size_t klen, uint64_t val)
{
	if ((m->count + 1) * 4 > m->cap * 3) {
		if (m->cap > SIZE_MAX / 2 / sizeof(struct hmap_slot))
			return ERR_NOMEM;
		int rc = resize(m, m->cap ? m->cap * 2 : 16);
		if (rc)
			return rc;
	}
	uint64_t h = hash_bytes(key, klen);
	bool found;
	size_t i = find(m, h, key, klen, &found);
	if (found) {
		m->slots[i].val = val;
		return 0;
	}
	char *copy = arena_strndup(&m->keys, key, klen);
	if (!copy)
		return ERR_NOMEM;
	m->slots[i] = (struct hmap_slot){ h, copy, klen, val };
	m->count++;
	return 0;
}

int hmap_get(const struct hmap *m, const void *key, size_t klen, uint64_t *val)
{
	if (m->count == 0)
		return 0;
	bool found;
	size_t i = find(m, hash_bytes(key, klen), key, klen, &found);
	if (found && val)
		*val = m->slots[i].val;
	return found;
}

int hmap_del(struct hmap *m, const void *key, size_t klen)
{
	if (m->count == 0)
		return 0;
	bool found;
	size_t i = find(m, hash_bytes(key, klen), key, klen, &found);
	if (!found)
		return 0;
	size_t mask = m->cap - 1;
	/* backward shift: pull later members of the probe run into the hole */
	for (size_t j = (i + 1) & mask; m->slots[j].key; j = (j + 1) & mask) {
		size_t home = m->slots[j].hash & mask;
		bool movable = (i <= j) ? (home <= i || home > j) : (home <= i && home > j);
		if (movable) {
			m->slots[i] = m->slots[j];
			i = j;
		}
	}
	m->slots[i].key = NULL;
	m->count--;
	return 1;
}

const struct hmap_slot *hmap_next(const struct hmap *m, size_t *pos)
{
	while (*pos < m->cap) {
		const struct hmap_slot *s = &m->slots[(*pos)++];
		if (s->key)
			return s;
	}
	return NULL;
}
