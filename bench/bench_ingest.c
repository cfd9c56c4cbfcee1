/* bench_ingest.c: the data hub's ingest of one resource file: parse + check only (median of
 * three), then the whole batch into SQLite with records and facts, with peak memory.
 *   bench_ingest DATADIR CATALOG RESOURCE FILE */
#include <sys/resource.h>
#include <time.h>

#include "hub/hub.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: bench_ingest DATADIR CATALOG RESOURCE FILE\n");
		return 2;
	}
	struct store *s;
	struct error e;
	struct hub_import_report ir;
	struct hub_batch_report rep;
	if (store_open_dir(argv[1], STORE_OPEN_CREATE, &s, &e) || store_migrate(s, NULL, NULL, &e) ||
	    hub_catalog_import(s, argv[2], &ir, &e)) {
		fprintf(stderr, "bench_ingest: %s\n", e.en);
		return 1;
	}
	double t[3] = { 1, 1, 1 };
	/* BENCH_INGEST_ONLY=1 leaves out the parse + check runs (for profiling the batch alone) */
	bool only = getenv("BENCH_INGEST_ONLY") != NULL;
	for (int i = 0; i < 3 && !only; i++) {
		double a = now();
		if (hub_ingest(s, argv[1], argv[3], argv[4], HUB_CHECK, &rep, &e)) {
			fprintf(stderr, "bench_ingest: %s\n", e.en);
			return 1;
		}
		t[i] = now() - a;
	}
	qsort(t, 3, sizeof t[0], cmp);
	if (!only)
		printf("ingest parse+check\t%.2f M rows/s\t%" PRId64 " rows\t%.2f s median of 3, one core\n",
		       (double)rep.n.read / t[1] / 1e6, rep.n.read, t[1]);
	double a = now();
	if (hub_ingest(s, argv[1], argv[3], argv[4], HUB_INCREMENTAL, &rep, &e)) {
		fprintf(stderr, "bench_ingest: %s\n", e.en);
		return 1;
	}
	double secs = now() - a;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("ingest end to end\t%.0f rows/s\t%" PRId64 " rows, %" PRId64 " records, %" PRId64
	       " facts in %.1f s\tpeak %ld MB\n",
	       (double)rep.n.read / secs, rep.n.read, rep.n.inserted + rep.n.updated, rep.n.facts, secs,
	       ru.ru_maxrss / 1024);
	store_close(s);
	return 0;
}
