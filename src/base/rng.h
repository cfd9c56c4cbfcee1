/* rng.h: a small deterministic random number generator (xoshiro256**, seeded by splitmix64),
 * for the synthetic data generator and tests. Streams are independent by (seed, stream): the
 * same pair gives the same numbers on every run and machine. Not for secrets. */
#ifndef SAFETYNET_RNG_H
#define SAFETYNET_RNG_H

#include "base/common.h"

struct rng {
	uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_u64(struct rng *r);
/* Uniform in [0, n) (n > 0), without modulo bias. */
uint64_t rng_below(struct rng *r, uint64_t n);
/* Uniform in [lo, hi] (inclusive). */
int64_t rng_range(struct rng *r, int64_t lo, int64_t hi);
/* Uniform in [0, 1). */
double rng_unit(struct rng *r);
/* true with probability p. */
bool rng_chance(struct rng *r, double p);
/* Normal with mean 0 and standard deviation 1 (Box-Muller). */
double rng_normal(struct rng *r);
/* An index drawn with the given weights (n > 0, weights not all zero). */
size_t rng_weighted(struct rng *r, const double *weights, size_t n);

#endif
