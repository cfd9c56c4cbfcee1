/* region.h: the real Hunan administrative division tree (data/regions-43.tsv, built into the
 * binary): province → 14 cities → counties → 2,008 townships → 29,534 villages. Codes are kept
 * in their natural length (2, 4, 6, 9, 12 digits); lookups also take GB/T 2260 six-digit forms
 * (430100 is Changsha, 430000 Hunan) and 12-digit statistical codes padded with zeros.
 * Loaded once, read-only afterwards, safe to share between threads. */
#ifndef SAFETYNET_REGION_H
#define SAFETYNET_REGION_H

#include "base/buf.h"
#include "base/common.h"
#include "base/lang.h"

enum region_level {
	REGION_PROVINCE = 1,
	REGION_CITY = 2,
	REGION_COUNTY = 3,
	REGION_TOWNSHIP = 4,
	REGION_VILLAGE = 5,
};

struct region {
	const char *code; /* 2, 4, 6, 9 or 12 digits */
	const char *name;
	uint8_t level;
	int32_t id;          /* index in the tree, dense from 0 */
	int32_t parent;      /* id of the parent, -1 for the province */
	int32_t child_start; /* children are region_child(r, 0 .. child_count-1) */
	int32_t child_count;
};

/* Loads the built-in tree (done implicitly by the calls below). 0 or a negative error. */
int region_load(void);
/* All regions, in code order; NULL when the tree could not be loaded. */
size_t region_total(void);
const struct region *region_at(int32_t id);
/* The region with this code (n bytes of digits in any accepted form), or NULL. */
const struct region *region_lookup(const char *code, size_t n);
const struct region *region_parent(const struct region *r);
const struct region *region_child(const struct region *r, int32_t i);
/* How many regions the tree holds at a level. */
size_t region_count_level(enum region_level level);
/* Regions whose name contains `needle` (UTF-8 substring), in code order: fills up to max
 * pointers and returns how many matched in all. */
size_t region_find(const char *needle, const struct region **out, size_t max);
/* "湖南省长沙市芙蓉区": the names from the province down, appended to b. */
int region_full_name(const struct region *r, struct buf *b);
/* GB/T 2260 six-digit code (township and village give their county's) and 12-digit code. */
void region_code6(const struct region *r, char out[7]);
void region_code12(const struct region *r, char out[13]);
/* Is `code` inside the region `scope` (both codes in natural length)? */
bool region_code_within(const char *code, const char *scope);
const char *region_level_name(enum region_level level, enum lang lang);

#endif
