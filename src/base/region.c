/* region.c: loading and querying the built-in division tree. */
#include "base/region.h"

#include <pthread.h>

#include "base/embedded.h"
#include "base/error.h"
#include "base/mem.h"

static struct {
	char *text; /* mutable copy of the TSV; codes and names point into it */
	struct region *items;
	int32_t *children; /* ids, grouped by parent */
	size_t n;
	size_t per_level[6];
} tree;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int load_rc;

static const size_t level_len[6] = { 0, 2, 4, 6, 9, 12 };

static int find_code(const char *code, size_t n)
{
	size_t lo = 0, hi = tree.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *c = tree.items[mid].code;
		size_t cn = strlen(c);
		int cmp = memcmp(c, code, cn < n ? cn : n);
		if (cmp == 0)
			cmp = (cn > n) - (cn < n);
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < tree.n && strlen(tree.items[lo].code) == n && memcmp(tree.items[lo].code, code, n) == 0)
		return (int)lo;
	return -1;
}

static int parse_lines(void)
{
	size_t cap = 0;
	for (char *p = tree.text; *p; p++)
		cap += *p == '\n';
	tree.items = mem_calloc(cap + 1, sizeof *tree.items);
	if (!tree.items)
		return ERR_NOMEM;
	for (char *line = tree.text; *line;) {
		char *nl = strchr(line, '\n');
		if (!nl)
			return ERR_INVAL;
		*nl = '\0';
		if (line[0] != '#') {
			char *t1 = strchr(line, '\t');
			char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
			if (!t2 || t1[1] < '1' || t1[1] > '5')
				return ERR_INVAL;
			*t1 = *t2 = '\0';
			struct region *r = &tree.items[tree.n];
			r->code = line;
			r->level = (uint8_t)(t1[1] - '0');
			r->name = t2 + 1;
			r->id = (int32_t)tree.n;
			if (strlen(r->code) != level_len[r->level])
				return ERR_INVAL;
			tree.per_level[r->level]++;
			tree.n++;
		}
		line = nl + 1;
	}
	return 0;
}

static int link_parents(void)
{
	int32_t *count = mem_calloc(tree.n + 1, sizeof *count);
	tree.children = mem_calloc(tree.n + 1, sizeof *tree.children);
	if (!count || !tree.children) {
		mem_free(count);
		return ERR_NOMEM;
	}
	for (size_t i = 0; i < tree.n; i++) {
		struct region *r = &tree.items[i];
		r->parent = -1;
		if (r->level > REGION_PROVINCE) {
			r->parent = find_code(r->code, level_len[r->level - 1]);
			if (r->parent < 0) {
				mem_free(count);
				return ERR_INVAL;
			}
			tree.items[r->parent].child_count++;
		}
	}
	int32_t start = 0;
	for (size_t i = 0; i < tree.n; i++) {
		tree.items[i].child_start = start;
		start += tree.items[i].child_count;
	}
	for (size_t i = 0; i < tree.n; i++) {
		int32_t p = tree.items[i].parent;
		if (p >= 0)
			tree.children[tree.items[p].child_start + count[p]++] = (int32_t)i;
	}
	mem_free(count);
	return 0;
}

static void load_builtin(void)
{
	struct embedded_file f = embedded_regions();
	tree.text = mem_strndup(f.data, f.len);
	if (!tree.text) {
		load_rc = ERR_NOMEM;
		return;
	}
	load_rc = parse_lines();
	if (load_rc == 0)
		load_rc = link_parents();
	if (load_rc) {
		mem_free(tree.text);
		mem_free(tree.items);
		mem_free(tree.children);
		memset(&tree, 0, sizeof tree);
	}
}

int region_load(void)
{
	pthread_once(&once, load_builtin);
	return load_rc;
}

size_t region_total(void)
{
	region_load();
	return tree.n;
}

const struct region *region_at(int32_t id)
{
	region_load();
	return id >= 0 && (size_t)id < tree.n ? &tree.items[id] : NULL;
}

const struct region *region_lookup(const char *code, size_t n)
{
	if (region_load())
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (code[i] < '0' || code[i] > '9')
			return NULL;
	/* GB/T 2260 and statistical codes pad with zeros: 430100 → 4301, 430102001000 → 430102001 */
	if (n == 12 && memcmp(code + 9, "000", 3) == 0)
		n = 9;
	if (n == 9 && memcmp(code + 6, "000", 3) == 0)
		n = 6;
	if (n == 6 && memcmp(code + 4, "00", 2) == 0)
		n = 4;
	if (n == 4 && memcmp(code + 2, "00", 2) == 0)
		n = 2;
	int i = find_code(code, n);
	return i < 0 ? NULL : &tree.items[i];
}

const struct region *region_parent(const struct region *r)
{
	return r->parent < 0 ? NULL : &tree.items[r->parent];
}

const struct region *region_child(const struct region *r, int32_t i)
{
	if (i < 0 || i >= r->child_count)
		return NULL;
	return &tree.items[tree.children[r->child_start + i]];
}

size_t region_count_level(enum region_level level)
{
	region_load();
	return (unsigned)level < ARRAY_SIZE(tree.per_level) ? tree.per_level[level] : 0;
}

size_t region_find(const char *needle, const struct region **out, size_t max)
{
	size_t hits = 0;
	if (region_load() || !*needle)
		return 0;
	for (size_t i = 0; i < tree.n; i++) {
		if (!strstr(tree.items[i].name, needle))
			continue;
		if (hits < max)
			out[hits] = &tree.items[i];
		hits++;
	}
	return hits;
}

int region_full_name(const struct region *r, struct buf *b)
{
	const struct region *chain[6];
	int n = 0;
	for (const struct region *p = r; p && n < 6; p = region_parent(p))
		chain[n++] = p;
	while (n-- > 0) {
		int rc = buf_adds(b, chain[n]->name);
		if (rc)
			return rc;
	}
	return 0;
}

void region_code6(const struct region *r, char out[7])
{
	size_t n = strlen(r->code);
	if (n > 6)
		n = 6;
	memcpy(out, r->code, n);
	memset(out + n, '0', 6 - n);
	out[6] = '\0';
}

void region_code12(const struct region *r, char out[13])
{
	size_t n = strlen(r->code);
	memcpy(out, r->code, n);
	memset(out + n, '0', 12 - n);
	out[12] = '\0';
}

bool region_code_within(const char *code, const char *scope)
{
	size_t n = strlen(scope);
	return strncmp(code, scope, n) == 0;
}

const char *region_level_name(enum region_level level, enum lang lang)
{
	static const char *zh[] = { "?", "省", "市（州）", "县（市、区）", "乡镇（街道）", "村（社区）" };
	static const char *en[] = { "?", "province", "city", "county", "township", "village" };
	if ((unsigned)level >= ARRAY_SIZE(zh))
		level = 0;
	return lang == LANG_ZH ? zh[level] : en[level];
}
