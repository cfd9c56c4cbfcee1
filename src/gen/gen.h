/* gen.h: `safetynet gen`: a synthetic population on the real Hunan geography, living through
 * months of ordinary life and shocks, written out as the departments would publish it (one
 * file per data resource, with a catalogue), together with the ground truth those files only
 * partly show. Deterministic: the same options give byte-identical output whatever the number
 * of threads. Memory stays bounded: households are generated in blocks, in parallel, and
 * streamed to disk in block order. */
#ifndef SAFETYNET_GEN_H
#define SAFETYNET_GEN_H

#include "base/progress.h"
#include "base/common.h"
#include "base/date.h"
#include "base/error.h"

struct gen_options {
	const char *region; /* a province, city, county or township code */
	long persons;       /* people at the start */
	int months;         /* months observed after the 12 months of history */
	uint64_t seed;
	const char *out;           /* output folder (created; must be empty or absent) */
	double noise;              /* share of records that carry an injected fault (0 for clean data) */
	int threads;               /* 0: one per core */
	month_t start;             /* the first observed month */
	bool truth_only;           /* write the truth files only, not the department files */
	struct progress *progress; /* persons written so far are reported there (NULL: nowhere) */
	double chronic; /* annual chance that a person of 30 to 64 falls chronically ill (dialysis) with
	                  * costs after insurance of 65-90 % of the household's wages, for good: the
	                  * households of rigid expenditure (0, the default: none) */
};

/* The defaults: region 430181 (Liuyang), 10,000 persons, 12 months, seed 1, noise 0.01,
 * start 2025-01. */
void gen_defaults(struct gen_options *o);

enum gen_class { GEN_NONE = 0, GEN_DIBAO, GEN_TEKUN, GEN_MARGINAL, GEN_RIGID, GEN_CLASSES };

struct gen_stats {
	long persons, households, records, noisy_records;
	long files;
	/* persons by true class in the last observed month */
	long class_persons[GEN_CLASSES];
	long urban_persons;
};

/* Generates everything into o->out. 0, or a negative error with e. */
int gen_run(const struct gen_options *o, struct gen_stats *stats, struct error *e);
const char *gen_class_name(enum gen_class c);

/* The catalogue of the resources the generator publishes (the text of catalog.json), appended
 * to b: what verification reads a household's records with when no data folder is given. */
struct buf;
int gen_catalog_json(month_t published, struct buf *b);

#endif
