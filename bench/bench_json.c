/* bench_json.c: why json-c (docs/LIBRARIES.md): our JSON-lines reader on json-c beside cJSON
 * parsing the same lines, on generated flat department records, with a check of what each
 * does to an integer above 2^53 (amounts and counters must stay exact).
 *   bench_json FILE MB     (writes FILE when it does not exist) */
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/jsonl.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void generate(const char *path, long mb)
{
	FILE *f = fopen(path, "w");
	if (!f)
		exit(1);
	long bytes = 0;
	for (long i = 0; bytes < mb << 20; i++)
		bytes += fprintf(
		    f,
		    "{\"sfzh\":\"4301021990%08ld\",\"xm\":\"张三丰\",\"xzqh\":\"430102001001\",\"ny\":\"2025-%02ld\","
		    "\"je\":%ld.%02ld,\"fen\":%ld,\"lx\":\"养老金\",\"zt\":\"正常\",\"bz\":\"\",\"xh\":%ld}\n",
		    i % 100000000, i % 12 + 1, i % 9000, i % 100, i * 7, i);
	fclose(f);
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	struct stat st;
	if (stat(argv[1], &st) != 0) {
		generate(argv[1], strtol(argv[2], NULL, 10));
		stat(argv[1], &st);
	}
	double mb = (double)st.st_size / 1e6;
	/* json-c through the project's reader */
	int fd = open(argv[1], O_RDONLY);
	struct jsonl_reader r;
	struct error e;
	struct json_object *o;
	uint64_t line;
	long rows = 0;
	double t0 = now();
	jsonl_open_fd(&r, fd, 0, &e);
	while (jsonl_next(&r, &o, &line, &e) == JSONL_ROW)
		rows++;
	double t1 = now();
	jsonl_close(&r);
	close(fd);
	/* cJSON on the same lines */
	FILE *f = fopen(argv[1], "r");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	long crows = 0;
	double t2 = now();
	while ((n = getline(&buf, &cap, f)) > 0) {
		cJSON *c = cJSON_ParseWithLength(buf, (size_t)n);
		crows += c != NULL;
		cJSON_Delete(c);
	}
	double t3 = now();
	free(buf);
	fclose(f);
	/* an integer above 2^53 */
	const char *big = "{\"fen\":9007199254740993}";
	struct json_object *jo = json_tokener_parse(big);
	struct json_object *v;
	json_object_object_get_ex(jo, "fen", &v);
	int64_t jc = json_object_get_int64(v);
	json_object_put(jo);
	cJSON *cj = cJSON_Parse(big);
	double cd = cJSON_GetObjectItem(cj, "fen")->valuedouble;
	cJSON_Delete(cj);
	printf("json-c (jsonl reader)\t%.0f MB/s\t%.2f M lines/s\t9007199254740993 -> %" PRId64 " (%s)\n",
	       mb / (t1 - t0), (double)rows / (t1 - t0) / 1e6, jc,
	       jc == 9007199254740993LL ? "exact" : "WRONG");
	printf("cJSON (parse per line)\t%.0f MB/s\t%.2f M lines/s\t9007199254740993 -> %.0f (%s)\n",
	       mb / (t3 - t2), (double)crows / (t3 - t2) / 1e6, cd,
	       (int64_t)cd == 9007199254740993LL ? "exact" : "WRONG");
	return 0;
}
