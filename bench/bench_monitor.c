/* bench_monitor.c: a full monitoring run (docs/MONITORING.md) over a loaded data folder, end to
 * end as `safetynet monitor run --full` does it (households chosen, each loaded, screened and
 * scored, the scores and warnings stored in one transaction), on all cores and on one; beside it
 * a handful of the indicators (d2_wage_stopped, d2_income_fell, d1_member_died,
 * d4_serious_diagnosis, d3_inpatient_stays) written as one SQL query over the same facts of the
 * same database: the peer issue 19 names. The query leaves out what the rules add (the reach
 * gate, the programmes, the screening, the reporting lags, the evidence), so it is a floor for
 * reading the facts, not the same result.
 * Usage: bench_monitor DATA_DIR DAY [RUNS]   (bench/run.sh makes the data folder) */
#include <sqlite3.h>
#include <time.h>

#include "app/app.h"
#include "base/mem.h"
#include "monitor/monitor.h"
#include "policy/rules.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *t, int n)
{
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	return t[n / 2];
}

/* full runs on the given threads (SAFETYNET_MONITOR_THREADS, "" for every core): the median */
static int full_runs(const char *dir, date_t day, int runs, const char *threads, double *med,
                     struct mon_run_report *rep)
{
	char found[4200];
	struct error e = { 0 };
	struct store *s = NULL;
	struct mon_engine *m = NULL;
	double t[16];
	setenv("SAFETYNET_MONITOR_THREADS", threads, 1);
	int rc = app_open(dir, &s, &e);
	if (!rc)
		rc = mon_open(rules_policy_dir(dir, found, sizeof found), dir, &m, &e);
	for (int i = 0; !rc && i < runs; i++) {
		struct progress pg;
		progress_init(&pg, true);
		double t0 = now();
		rc = mon_run(m, s, day, true, "bench", &pg, rep, &e);
		t[i] = now() - t0;
	}
	if (rc)
		fprintf(stderr, "bench_monitor: %s\n", error_msg(&e));
	mon_close(m);
	store_close(s);
	*med = rc ? 0 : median(t, runs);
	return rc;
}

/* the indicators as one query; ?1 the month, ?2 the first of the last two months, ?3 the first
 * of the six months before them, ?4 the first of the twelve (the parameters in force in the
 * generated counties: mon_wage_paid_months 6, mon_income_drop_share 0.5, mon_recent_months 2,
 * mon_medical_months 3) */
static const char *const query =
    "WITH hh (person, household) AS ("
    "  SELECT person, json_extract(data, '$.\"户号\"') FROM records"
    "  WHERE resource = '43GA001' AND to_batch IS NULL AND person IS NOT NULL), "
    "f (person, kind, month, amount) AS ("
    "  SELECT json_extract(r.data, '$.\"' || m.person || '\"'), m.kind,"
    "    substr(json_extract(r.data, '$.\"' || m.period || '\"'), 1, 7),"
    "    CAST(NULLIF(json_extract(r.data, '$.\"' || m.amount || '\"'), '') AS INTEGER)"
    "  FROM records r JOIN batches b ON b.id = r.from_batch, json_each(r.facts) j"
    "  JOIN fact_maps m ON m.resource = r.resource AND m.version = b.version AND m.idx = j.value"
    "  WHERE r.to_batch IS NULL AND r.facts IS NOT NULL"
    "  UNION ALL SELECT f.person, f.kind, substr(f.period, 1, 7), f.amount_fen FROM facts f"
    "  JOIN records r ON r.id = f.record WHERE r.to_batch IS NULL), "
    "pm (household, person, wage_before, wage_recent, died, diagnosis, stays, inc_recent, inc_before) AS ("
    "  SELECT hh.household, f.person,"
    "    sum(kind = 'wage' AND month >= ?4 AND month < ?2), sum(kind = 'wage' AND month >= ?2),"
    "    max(kind IN ('death', 'cremation') AND month >= ?2),"
    "    max(kind = 'serious_diagnosis' AND month >= ?2),"
    "    sum(kind = 'inpatient' AND month > substr(date(?1 || '-01', '-3 months'), 1, 7)),"
    "    sum(CASE WHEN kind IN ('wage', 'flexible_income', 'business_income', 'farm_income',"
    "      'employee_pension', 'unemployment_benefit', 'maintenance_received') AND month >= ?2"
    "      THEN amount ELSE 0 END),"
    "    sum(CASE WHEN kind IN ('wage', 'flexible_income', 'business_income', 'farm_income',"
    "      'employee_pension', 'unemployment_benefit', 'maintenance_received') AND month >= ?3"
    "      AND month < ?2 THEN amount ELSE 0 END)"
    "  FROM f JOIN hh ON hh.person = f.person WHERE f.month <= ?1 GROUP BY hh.household, f.person) "
    "SELECT count(*), sum(flagged) FROM ("
    "  SELECT household, max(wage_before >= 6 AND wage_recent = 0) OR max(died) OR max(diagnosis)"
    "    OR sum(stays) >= 2 OR (sum(inc_before) > 0 AND sum(inc_recent) * 3 < sum(inc_before) * 0.5)"
    "    AS flagged FROM pm GROUP BY household)";

static int sql_run(const char *dir, date_t day, double *secs, long *households, long *flagged)
{
	char path[4300], mo[4][8];
	snprintf(path, sizeof path, "%s/safetynet.db", dir);
	month_t m = month_of(day);
	month_format(m, mo[0]);
	month_format(m - 1, mo[1]);
	month_format(m - 7, mo[2]);
	month_format(m - 11, mo[3]);
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	double t0 = now();
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, query, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_monitor: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	for (int i = 0; i < 4; i++)
		sqlite3_bind_text(st, i + 1, mo[i], -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*households = (long)sqlite3_column_int64(st, 0);
		*flagged = (long)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	*secs = now() - t0;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_monitor DATA_DIR DAY [RUNS]\n");
		return 2;
	}
	const char *dir = argv[1];
	date_t day;
	int runs = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 3;
	if (runs < 1 || runs > 16 || date_parse(argv[2], strlen(argv[2]), &day)) {
		fprintf(stderr, "bench_monitor: a day YYYY-MM-DD and 1-16 runs\n");
		return 2;
	}
	struct mon_run_report rep;
	double all, one;
	if (full_runs(dir, day, runs, "", &all, &rep) || full_runs(dir, day, runs, "1", &one, &rep))
		return 1;
	long n = rep.households;
	printf(
	    "monitor run, full, every core\t%.2f s for %ld households (median of %d)\t%.0f households/s\t%ld open "
	    "warnings\n",
	    all, n, runs, n / all, rep.open);
	printf("monitor run, full, 1 thread\t%.2f s for %ld households (median of %d)\t%.0f households/s\n",
	       one, n, runs, n / one);
	double t[16];
	long hh = 0, flagged = 0;
	for (int i = 0; i < runs; i++)
		if (sql_run(dir, day, &t[i], &hh, &flagged))
			return 1;
	double q = median(t, runs);
	printf(
	    "5 indicators as one SQL query (SQLite, 1 thread)\t%.2f s for %ld households (median of %d)\t%.0f "
	    "households/s\t%ld flagged\n",
	    q, hh, runs, hh / q, flagged);
	return 0;
}
