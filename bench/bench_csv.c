/* bench_csv.c: the CSV reader's throughput.
 *   bench_csv gen FILE MB      writes a deterministic department-style CSV of about MB megabytes
 *   bench_csv read FILE RUNS   reads it RUNS times, prints the median in MB/s and rows/s */
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "base/csv.h"
#include "base/idno.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int gen(const char *path, long mb)
{
	static const char *surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周" };
	static const char *given[] = { "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军" };
	FILE *f = fopen(path, "w");
	if (!f)
		return 1;
	uint64_t rng = 1, bytes = 0, target = (uint64_t)mb << 20;
	bytes += (uint64_t)fprintf(f, "身份证号,姓名,行政区划,业务日期,金额,地址,备注\n");
	while (bytes < target) {
		char id[19];
		snprintf(id, sizeof id, "4301%02u19%02u%02u%02u%03u", (unsigned)(next(&rng) % 90 + 10),
		         (unsigned)(next(&rng) % 90 + 10), (unsigned)(next(&rng) % 12 + 1),
		         (unsigned)(next(&rng) % 28 + 1), (unsigned)(next(&rng) % 1000));
		id[17] = idno_check_char(id);
		id[18] = '\0';
		uint64_t r = next(&rng);
		bytes += (uint64_t)fprintf(
		    f, "%s,%s%s,4301%02u%03u%03u,2025-%02u-%02u,%u.%02u,%s,%s\n", id, surnames[r % 10],
		    given[(r >> 8) % 10], (unsigned)(r >> 16) % 30, (unsigned)(r >> 24) % 20,
		    (unsigned)(r >> 32) % 300, (unsigned)(r >> 40) % 12 + 1, (unsigned)(r >> 44) % 28 + 1,
		    (unsigned)(r >> 48) % 5000, (unsigned)(r >> 56) % 100,
		    r % 4 ? "湖南省长沙市芙蓉区文艺路街道" : "\"湖南省长沙市, 芙蓉区\"",
		    r % 7 ? "" : "\"说明：\"\"补发\"\"\"");
	}
	return fclose(f) != 0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int read_file(const char *path, int runs)
{
	double secs[32];
	uint64_t rows = 0, rejects = 0, bytes = 0;
	if (runs < 1 || runs > 32)
		runs = 3;
	for (int i = 0; i < runs; i++) {
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			return 1;
		bytes = (uint64_t)lseek(fd, 0, SEEK_END);
		lseek(fd, 0, SEEK_SET);
		struct csv_reader r;
		struct error e;
		struct csv_row row;
		double t0 = now();
		if (csv_open_fd(&r, fd, NULL, &e))
			return 1;
		int rc;
		while ((rc = csv_next(&r, &row, &e)) == CSV_ROW || rc == CSV_REJECT)
			;
		secs[i] = now() - t0;
		rows = r.rows;
		rejects = r.rejects;
		csv_close(&r);
		close(fd);
	}
	qsort(secs, (size_t)runs, sizeof secs[0], cmp);
	double med = secs[runs / 2];
	printf("csv_reader\t%.0f MB/s\t%.2f M rows/s\t%" PRIu64 " rows\t%" PRIu64
	       " rejects\t%.3f s median of %d\n",
	       (double)bytes / 1e6 / med, (double)rows / 1e6 / med, rows, rejects, med, runs);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "gen") == 0)
		return gen(argv[2], strtol(argv[3], NULL, 10));
	if (argc == 4 && strcmp(argv[1], "read") == 0)
		return read_file(argv[2], (int)strtol(argv[3], NULL, 10));
	fprintf(stderr, "usage: bench_csv gen FILE MB | read FILE RUNS\n");
	return 2;
}
