/* bench_rules.c: the dibao income rules (policy/dibao-members.rules) over N in-memory households
 * (default 1 million: one to six members, up to twelve monthly incomes each), one core, beside
 * the same rule written as one SQL query over the same data in SQLite (what a typical system
 * does). Prints households per second for each, their ratio, and checks both agree.
 *   bench_rules RULES_FILE [HOUSEHOLDS] [SQLITE_DB_PATH] */
#include <math.h>
#include <sqlite3.h>
#include <time.h>

#include "base/arena.h"
#include "base/mem.h"
#include "base/rng.h"
#include "policy/rules.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT((size_t)1 << 24);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	size_t len;
	return buf_detach(&b, &len);
}

#define MEMBER_FIELDS 4 /* 姓名, 年龄, 重度残疾, 收入 */
#define INCOME_FIELDS 2 /* 月份, 金额 */

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_rules RULES_FILE [HOUSEHOLDS] [DB]\n");
		return 2;
	}
	long households = argc > 2 ? strtol(argv[2], NULL, 10) : 1000000;
	const char *dbpath = argc > 3 ? argv[3] : "bench-rules.db";
	struct param_set ps;
	struct param_snapshot snap;
	struct error e;
	struct rules *r;
	char *text = slurp(argv[1]);
	date_t day = date_from_ymd(2025, 6, 30), from = day - 365;
	if (!text || params_load_builtin(&ps, &e) || params_resolve(&ps, "430181", day, &snap, &e) ||
	    rules_compile(argv[1], text, strlen(text), &ps, &r, &e)) {
		fprintf(stderr, "bench_rules: %s\n", text ? e.en : "cannot read the rules");
		return 1;
	}
	/* the households, as the rules take them */
	struct arena a;
	arena_init(&a, (size_t)16 << 20);
	struct rv *inputs = mem_calloc((size_t)households * 3, sizeof *inputs);
	struct rng rng;
	rng_seed(&rng, 7, 1);
	long members_total = 0, incomes_total = 0;
	for (long h = 0; h < households; h++) {
		int nm = 1 + (int)rng_below(&rng, 6);
		struct rv *cells = arena_calloc(&a, (size_t)nm * MEMBER_FIELDS * sizeof *cells);
		for (int m = 0; m < nm; m++) {
			int ni = (int)rng_below(&rng, 13);
			struct rv *inc = arena_calloc(&a, ((size_t)ni + 1) * INCOME_FIELDS * sizeof *inc);
			for (int k = 0; k < ni; k++) {
				inc[k * 2] = (struct rv){ RV_DATE, day - 30 * (k + 1) + 1, NULL, NULL };
				inc[k * 2 + 1] =
				    (struct rv){ RV_MONEY, (int64_t)rng_below(&rng, 300000), NULL, NULL };
			}
			struct rv_list *il = arena_calloc(&a, sizeof *il);
			il->n = (size_t)ni;
			il->cells = inc;
			cells[m * 4] = (struct rv){ RV_TEXT, 0, "某", NULL };
			cells[m * 4 + 1] = (struct rv){ RV_INT, (int64_t)rng_below(&rng, 90), NULL, NULL };
			cells[m * 4 + 2] = (struct rv){ RV_BOOL, rng_chance(&rng, 0.05), NULL, NULL };
			cells[m * 4 + 3] = (struct rv){ RV_LIST, 0, NULL, il };
			incomes_total += ni;
		}
		members_total += nm;
		struct rv_list *ml = arena_calloc(&a, sizeof *ml);
		ml->n = (size_t)nm;
		ml->cells = cells;
		inputs[h * 3] = (struct rv){ RV_TEXT, 0, rng_chance(&rng, 0.6) ? "城市" : "农村", NULL };
		inputs[h * 3 + 1] = (struct rv){ RV_LIST, 0, NULL, ml };
		inputs[h * 3 + 2] = (struct rv){ RV_DATE, day, NULL, NULL };
	}
	/* the rules, three runs */
	bool out[8];
	long eligible = 0;
	uint8_t *codes = mem_calloc((size_t)households, 1); /* the compact reason code of each household */
	double best[3];
	for (int run = 0; run < 3; run++) {
		eligible = 0;
		double t0 = now();
		for (long h = 0; h < households; h++) {
			if (rules_eval(r, &inputs[h * 3], &snap, out, NULL, &e)) {
				fprintf(stderr, "bench_rules: household %ld: %s\n", h, e.en);
				return 1;
			}
			eligible += out[0];
			codes[h] = (uint8_t)rules_reason_code(r, out);
		}
		best[run] = now() - t0;
	}
	double med = best[0] + best[1] + best[2] - fmax(best[0], fmax(best[1], best[2])) -
	             fmin(best[0], fmin(best[1], best[2]));

	/* the same data in SQLite, and the same rule as one query */
	remove(dbpath);
	sqlite3 *db;
	sqlite3_open(dbpath, &db);
	sqlite3_exec(
	    db,
	    "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;"
	    "CREATE TABLE households (id INTEGER PRIMARY KEY, urban INTEGER);"
	    "CREATE TABLE members (id INTEGER PRIMARY KEY, household INTEGER, age INTEGER, disabled INTEGER);"
	    "CREATE TABLE incomes (member INTEGER, month INTEGER, fen INTEGER);"
	    "BEGIN",
	    NULL, NULL, NULL);
	sqlite3_stmt *hs, *ms, *is;
	sqlite3_prepare_v2(db, "INSERT INTO households VALUES (?, ?)", -1, &hs, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO members VALUES (?, ?, ?, ?)", -1, &ms, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO incomes VALUES (?, ?, ?)", -1, &is, NULL);
	long mid = 0;
	for (long h = 0; h < households; h++) {
		sqlite3_bind_int64(hs, 1, h);
		sqlite3_bind_int(hs, 2, !strcmp(inputs[h * 3].s, "城市"));
		sqlite3_step(hs);
		sqlite3_reset(hs);
		const struct rv_list *ml = inputs[h * 3 + 1].list;
		for (size_t m = 0; m < ml->n; m++, mid++) {
			sqlite3_bind_int64(ms, 1, mid);
			sqlite3_bind_int64(ms, 2, h);
			sqlite3_bind_int64(ms, 3, ml->cells[m * 4 + 1].i);
			sqlite3_bind_int64(ms, 4, ml->cells[m * 4 + 2].i);
			sqlite3_step(ms);
			sqlite3_reset(ms);
			const struct rv_list *il = ml->cells[m * 4 + 3].list;
			for (size_t k = 0; k < il->n; k++) {
				sqlite3_bind_int64(is, 1, mid);
				sqlite3_bind_int64(is, 2, il->cells[k * 2].i);
				sqlite3_bind_int64(is, 3, il->cells[k * 2 + 1].i);
				sqlite3_step(is);
				sqlite3_reset(is);
			}
		}
	}
	sqlite3_finalize(hs);
	sqlite3_finalize(ms);
	sqlite3_finalize(is);
	sqlite3_exec(db,
	             "COMMIT; CREATE INDEX members_household ON members (household);"
	             "CREATE INDEX incomes_member ON incomes (member); ANALYZE;",
	             NULL, NULL, NULL);
	const struct param_value *urban = params_get(&snap, "dibao_standard_urban"),
	                         *rural = params_get(&snap, "dibao_standard_rural");
	char sql[1024];
	snprintf(
	    sql, sizeof sql,
	    "SELECT COUNT(*) FROM (SELECT h.id, h.urban, COUNT(m.id) AS n,"
	    " COALESCE(SUM((SELECT COALESCE(SUM(i.fen), 0) FROM incomes i WHERE i.member = m.id AND i.month >= %d)), 0) AS y"
	    " FROM households h JOIN members m ON m.household = h.id GROUP BY h.id)"
	    " WHERE n > 0 AND (y / (n * 12)) < CASE WHEN urban THEN %" PRId64 " ELSE %" PRId64 " END",
	    (int)from, urban->value, rural->value);
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_rules: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	double sq[3];
	long sql_eligible = 0;
	for (int run = 0; run < 3; run++) {
		double t0 = now();
		if (sqlite3_step(q) == SQLITE_ROW)
			sql_eligible = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		sq[run] = now() - t0;
	}
	double sqmed =
	    sq[0] + sq[1] + sq[2] - fmax(sq[0], fmax(sq[1], sq[2])) - fmin(sq[0], fmin(sq[1], sq[2]));
	sqlite3_finalize(q);
	sqlite3_close(db);
	remove(dbpath);
	printf(
	    "rules (dibao income)\t%.2f M households/s\t%ld households, %ld members, %ld incomes in %.2f s median of "
	    "3, one core; %ld eligible\n",
	    (double)households / med / 1e6, households, members_total, incomes_total, med, eligible);
	printf("same rule as one SQL query (SQLite)\t%.2f M households/s\t%.2f s median of 3; %ld eligible\t"
	       "ratio %.1fx\n",
	       (double)households / sqmed / 1e6, sqmed, sql_eligible, sqmed / med);
	if (sql_eligible != eligible)
		printf("bench_rules: the two disagree (%ld against %ld)\n", eligible, sql_eligible);
	long distinct = 0;
	bool seen[256] = { false };
	for (long h = 0; h < households; h++)
		if (!seen[codes[h]]) {
			seen[codes[h]] = true;
			distinct++;
		}
	printf("reason codes\t%ld distinct among %ld households (one byte each)\n", distinct, households);
	mem_free(codes);
	mem_free(inputs);
	arena_release(&a);
	rules_free(r);
	params_snapshot_release(&snap);
	params_release(&ps);
	mem_free(text);
	return sql_eligible == eligible ? 0 : 1;
}
