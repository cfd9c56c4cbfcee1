/* bench_idno.c: ID numbers validated per second (the cost every ingested row pays). */
#include <time.h>

#include "base/idno.h"

int main(void)
{
	enum { N = 5000000 };
	static char ids[N][19];
	for (int i = 0; i < N; i++) {
		snprintf(ids[i], 19, "43010219%02d%02d%02d%03d", 50 + i % 50, 1 + i % 12, 1 + i % 28,
		         i % 1000);
		ids[i][17] = i % 10 ? idno_check_char(ids[i]) : '0';
		ids[i][18] = '\0';
	}
	date_t today = date_today();
	double best = 1e9;
	long valid = 0;
	for (int run = 0; run < 3; run++) {
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		valid = 0;
		for (int i = 0; i < N; i++) {
			struct idno id;
			valid += idno_parse(ids[i], 18, today, &id) == IDNO_OK;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
		best = s < best ? s : best;
	}
	printf("idno_parse\t%.1f M ids/s\t(%ld of %d valid, best of 3)\n", N / best / 1e6, valid, N);
	return 0;
}
