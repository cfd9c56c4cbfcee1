/* bench_gen.c: the generator's speed and memory: persons generated per second (department
 * files and truth written) and peak resident memory.
 *   bench_gen REGION PERSONS OUT_DIR */
#include <sys/resource.h>
#include <time.h>

#include "gen/gen.h"

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: bench_gen REGION PERSONS OUT_DIR\n");
		return 2;
	}
	struct gen_options o;
	gen_defaults(&o);
	o.region = argv[1];
	o.persons = strtol(argv[2], NULL, 10);
	o.out = argv[3];
	struct gen_stats st;
	struct error e;
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (gen_run(&o, &st, &e)) {
		fprintf(stderr, "bench_gen: %s\n", e.en);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf(
	    "gen\t%.0f persons/s\t%ld persons, %ld records in %.1f s\tpeak %ld MB\t(10 M persons at this rate: %.0f s)\n",
	    (double)st.persons / s, st.persons, st.records, s, ru.ru_maxrss / 1024,
	    1e7 / ((double)st.persons / s));
	return 0;
}
