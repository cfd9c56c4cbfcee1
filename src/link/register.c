/* register.c: the people records are linked to, held compactly in memory (about 40 bytes a
 * person): an open-addressing index on the registered ID number, names interned once with
 * their counts (the term frequencies), and a list of persons per Mandarin reading of the name
 * for blocking on names. */
#include "base/idno.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "link/link.h"

void lk_register_init(struct lk_register *r)
{
	memset(r, 0, sizeof *r);
	hmap_init(&r->name_ids);
	hmap_init(&r->by_pinyin);
}

void lk_register_release(struct lk_register *r)
{
	vec_release(&r->persons);
	vec_release(&r->names);
	vec_release(&r->text);
	vec_release(&r->pinyin_heads);
	vec_release(&r->pinyin_next);
	hmap_release(&r->name_ids);
	hmap_release(&r->by_pinyin);
	mem_free(r->id_slots);
	mem_free(r->seen_in);
	mem_free(r->seen_twice);
	hset_release(&r->slots);
	r->id_slots = NULL;
	r->seen_in = r->seen_twice = NULL;
	r->id_cap = 0;
}

int lk_register_seen(struct lk_register *r, uint32_t person, int k)
{
	if (k < 0 || k > 63 || person >= r->persons.len)
		return 0;
	if (!r->seen_in && (!(r->seen_in = mem_calloc(r->persons.len, sizeof *r->seen_in)) ||
	                    !(r->seen_twice = mem_calloc(r->persons.len, sizeof *r->seen_twice))))
		return ERR_NOMEM;
	uint64_t bit = (uint64_t)1 << k;
	if (r->seen_in[person] & bit)
		r->seen_twice[person] |= bit;
	r->seen_in[person] |= bit;
	r->ctx_records[k]++;
	return 0;
}

static uint64_t slot_hash(int k, uint32_t person, const char *rest)
{
	uint64_t h = hash_bytes(rest, strlen(rest)) ^ ((uint64_t)(k + 1) * 0x9E3779B97F4A7C15ULL) ^
	             ((uint64_t)(person + 1) * 0xC2B2AE3D27D4EB4FULL);
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 32;
	return h ? h : 1;
}

bool lk_register_slot_has(const struct lk_register *r, int k, uint32_t person, const char *key_rest)
{
	return key_rest && hset_has(&r->slots, slot_hash(k, person, key_rest));
}

void lk_register_slots_clear(struct lk_register *r)
{
	hset_release(&r->slots);
}

int lk_register_slot_add(struct lk_register *r, int k, uint32_t person, const char *key_rest)
{
	return hset_add(&r->slots, slot_hash(k, person, key_rest));
}

/* key_rest with its month part (YYYY-MM) moved by delta months; false when it has none */
static bool shift_month(const char *rest, int delta, char *out, size_t cap)
{
	size_t n = strlen(rest);
	if (n + 1 > cap)
		return false;
	memcpy(out, rest, n + 1);
	for (char *p = out; *p;) {
		char *end = strchr(p, '\x1f');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		bool digits = len == 7 && p[4] == '-';
		for (size_t i = 0; digits && i < 7; i++)
			digits = i == 4 || (p[i] >= '0' && p[i] <= '9');
		int y =
		    digits ? (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0') : 0;
		int m = digits ? (p[5] - '0') * 10 + (p[6] - '0') : 0;
		if (digits && m >= 1 && m <= 12 && y > 0) {
			int t = y * 12 + (m - 1) + delta;
			y = t / 12;
			m = t % 12 + 1;
			p[0] = (char)('0' + y / 1000 % 10);
			p[1] = (char)('0' + y / 100 % 10);
			p[2] = (char)('0' + y / 10 % 10);
			p[3] = (char)('0' + y % 10);
			p[5] = (char)('0' + m / 10);
			p[6] = (char)('0' + m % 10);
			return true;
		}
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

static bool holds_both_sides(const struct lk_register *r, int k, uint32_t person, const char *key_rest)
{
	char before[512], after[512];
	return key_rest && shift_month(key_rest, -1, before, sizeof before) &&
	       shift_month(key_rest, 1, after, sizeof after) && lk_register_slot_has(r, k, person, before) &&
	       lk_register_slot_has(r, k, person, after);
}

bool lk_register_fills_gap(const struct lk_register *r, int k, uint32_t person, const char *key_rest)
{
	return holds_both_sides(r, k, person, key_rest) && !lk_register_slot_has(r, k, person, key_rest);
}

void lk_register_gap_measure(struct lk_register *r, int k, size_t n, const uint32_t *persons,
                             char *const *rests)
{
	if (k < 0 || k > 63 || n < 50)
		return;
	size_t own = 0, other = 0, with_month = 0;
	for (size_t i = 0; i < n; i++) {
		char probe[512];
		if (!shift_month(rests[i], 1, probe, sizeof probe))
			continue;
		with_month++;
		own += holds_both_sides(r, k, persons[i], rests[i]);
		/* a person from elsewhere in the sample, against this record's month */
		uint32_t q = persons[(i * 7919 + 13) % n];
		other += q != persons[i] && lk_register_fills_gap(r, k, q, rests[i]);
	}
	if (with_month < 50)
		return;
	r->gap_m[k] = ((double)own + 0.5) / ((double)with_month + 1);
	r->gap_u[k] = ((double)other + 0.5) / ((double)with_month + 1);
}

void lk_register_context(struct lk_register *r)
{
	int64_t once[64] = { 0 }, twice[64] = { 0 };
	for (size_t i = 0; r->seen_in && i < r->persons.len; i++)
		for (int k = 0; k < 64; k++) {
			once[k] += r->seen_in[i] >> k & 1;
			twice[k] += r->seen_twice[i] >> k & 1;
		}
	double n = (double)(r->persons.len ? r->persons.len : 1);
	for (int k = 0; k < 64; k++) {
		double recs = (double)r->ctx_records[k];
		/* the records whose person has another one: all but those of persons seen once */
		r->ctx_m[k] = recs > 0 ? (recs - (double)(once[k] - twice[k]) + 0.5) / (recs + 1) : 0;
		r->ctx_u[k] = ((double)once[k] + 0.5) / (n + 1);
		r->ctx_persons[k] = once[k];
	}
}

static int intern_name(struct lk_register *r, const char *name, uint32_t *out)
{
	char norm[96];
	size_t n = lk_name_normalize(name ? name : "", name ? strlen(name) : 0, norm, sizeof norm);
	uint64_t v;
	if (hmap_get(&r->name_ids, norm, n, &v)) {
		r->names.items[v].count++;
		*out = (uint32_t)v;
		return 0;
	}
	struct lk_name nm = { (uint32_t)r->text.len, (uint32_t)n, n ? lk_name_pinyin_key(norm) : 0, 1,
		              (uint32_t)utf8_count(norm, n) };
	if (vec_reserve(&r->text, r->text.len + n + 1))
		return ERR_NOMEM;
	memcpy(r->text.items + r->text.len, norm, n + 1);
	r->text.len += n + 1;
	*out = (uint32_t)r->names.len;
	if (vec_push(&r->names, nm) || hmap_put(&r->name_ids, norm, n, *out))
		return ERR_NOMEM;
	return 0;
}

int lk_register_add(struct lk_register *r, int64_t id, const char *idno, const char *name, date_t birth,
                    char sex, const char *county)
{
	struct lk_person p = { .id = id, .birth = birth, .sex = sex };
	snprintf(p.idno, sizeof p.idno, "%s", idno ? idno : "");
	snprintf(p.county, sizeof p.county, "%s", county ? county : "");
	struct idno parsed;
	p.id_valid = idno && strlen(idno) == 18 && idno_parse(idno, 18, 0, &parsed) == IDNO_OK;
	if (intern_name(r, name, &p.name))
		return ERR_NOMEM;
	return vec_push(&r->persons, p);
}

static uint64_t id_hash(const char *s)
{
	return hash_bytes(s, strlen(s));
}

long lk_register_find(const struct lk_register *r, const char *idno18)
{
	if (!r->id_cap || !idno18[0])
		return -1;
	uint64_t h = id_hash(idno18), tag = h >> 32;
	for (size_t i = h & (r->id_cap - 1);; i = (i + 1) & (r->id_cap - 1)) {
		uint64_t v = r->id_slots[i];
		if (!v)
			return -1;
		/* the tag spares a visit to the person for almost every other key */
		if (v >> 32 == tag && !strcmp(r->persons.items[(uint32_t)v - 1].idno, idno18))
			return (long)(uint32_t)v - 1;
	}
}

int lk_register_index(struct lk_register *r)
{
	size_t cap = 1024;
	while (cap < r->persons.len * 2)
		cap *= 2;
	mem_free(r->id_slots);
	r->id_slots = mem_calloc(cap, sizeof *r->id_slots);
	if (!r->id_slots)
		return ERR_NOMEM;
	r->id_cap = cap;
	r->pinyin_heads.len = 0;
	hmap_release(&r->by_pinyin);
	hmap_init(&r->by_pinyin);
	if (vec_reserve(&r->pinyin_next, r->persons.len))
		return ERR_NOMEM;
	r->pinyin_next.len = r->persons.len;
	for (size_t k = 0; k < r->persons.len; k++) {
		const struct lk_person *p = &r->persons.items[k];
		if (p->idno[0] && lk_register_find(r, p->idno) < 0) {
			uint64_t h = id_hash(p->idno);
			size_t i = h & (cap - 1);
			while (r->id_slots[i])
				i = (i + 1) & (cap - 1);
			r->id_slots[i] = (h >> 32) << 32 | ((uint64_t)k + 1);
		}
		r->pinyin_next.items[k] = UINT32_MAX;
		const struct lk_name *nm = &r->names.items[p->name];
		if (!nm->len)
			continue;
		uint64_t h;
		if (!hmap_get(&r->by_pinyin, &nm->pinyin, sizeof nm->pinyin, &h)) {
			h = r->pinyin_heads.len;
			if (vec_push(&r->pinyin_heads, UINT32_MAX) ||
			    hmap_put(&r->by_pinyin, &nm->pinyin, sizeof nm->pinyin, h))
				return ERR_NOMEM;
		}
		r->pinyin_next.items[k] = r->pinyin_heads.items[h];
		r->pinyin_heads.items[h] = (uint32_t)k;
	}
	return 0;
}
