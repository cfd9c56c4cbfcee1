/* bench_verify.c: household verification in-process. (1) One household of 10 members and 200
 * facts verified with its full trace, many times: p50 and p99 latency. (2) A re-screen of
 * synthetic households on 2 threads (quick mode: decision and benefit, no trace), and the same
 * calculation as one SQL query over the same facts in SQLite.
 * Usage: bench_verify POLICY_DIR [HOUSEHOLDS [SQL_HOUSEHOLDS]] */
#include <pthread.h>
#include <sqlite3.h>
#include <time.h>

#include "base/mem.h"
#include "verify/verify.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static const char *const months[12] = { "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06",
	                                "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12" };

/* household k: 1-6 members (10 for the latency test), each with a year of one income kind and
 * social insurance for wage earners, a quarter-end deposit, some a car or an outpatient bill */
static void make_household(uint64_t k, int members, struct arena *a, struct vf_household *h)
{
	static const char *const kinds[] = { "wage", "flexible_income", "farm_income", "employee_pension",
		                             "basic_pension" };
	uint64_t r = mix(k);
	int n = members ? members : 1 + (int)(r % 4) + (r % 10 == 0 ? 2 : 0);
	memset(h, 0, sizeof *h);
	h->id = "43018100100100001";
	h->region = r % 3 ? "430181001001" : "430181002204";
	h->urban = -1;
	h->members = arena_calloc(a, (size_t)n * sizeof *h->members);
	h->nmembers = (size_t)n;
	for (int i = 0; i < n; i++) {
		uint64_t q = mix(r + (uint64_t)i);
		struct vf_member *m = &h->members[i];
		m->idno = "430181198001011239";
		m->name = "某某";
		m->relation = i ? "03" : "01";
		m->status = "正常";
		m->sex = 'M';
		m->birth = date_from_ymd(1940 + (int)(q % 80), 1 + (int)(q % 12), 1 + (int)(q % 28));
		size_t nf = members ? 20 : 14;
		m->facts = arena_calloc(a, nf * sizeof *m->facts);
		const char *kind = kinds[q % 5];
		int64_t base = (int64_t)(q % 400000);
		size_t f = 0;
		for (int mo = 0; mo < 12; mo++) {
			struct vf_fact *x = &m->facts[f++];
			x->kind = kind;
			x->period = months[mo];
			x->amount = base;
			x->has_amount = true;
			x->resource = "43SW001";
			x->batch_date = "";
		}
		struct vf_fact *d = &m->facts[f++];
		*d = (struct vf_fact){ "deposits", "2025-12", NULL, (int64_t)(q % 5000000), true, "43YH001",
			               1,          "",        1 };
		d = &m->facts[f++];
		if (q % 20 == 0)
			*d = (struct vf_fact){ "vehicle", "2020-05-15", "小型汽车", 8000000, true, "43GA003",
				               1,         "",           1 };
		else
			*d = (struct vf_fact){ "outpatient",
				               "2025-06-14",
				               NULL,
				               (int64_t)(q % 300000),
				               true,
				               "43YB003",
				               1,
				               "",
				               1 };
		for (; f < nf; f++)
			m->facts[f] = (struct vf_fact){
				"electricity", months[f % 12], "120", 0, true, "43DW001", 1, "", 1
			};
		m->nfacts = nf;
	}
	h->has_auth = true;
	h->auth = (struct vf_auth){ "某某", "2025-12-01", "", "", "" };
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct job {
	struct vf_policy *p;
	uint64_t from, to;
	long by_class[VF_CLASSES];
	int64_t benefit;
	int err;
};

static void *screen(void *arg)
{
	struct job *j = arg;
	struct arena a;
	arena_init(&a, (size_t)1 << 16);
	date_t day = date_from_ymd(2025, 12, 15);
	for (uint64_t k = j->from; k < j->to && !j->err; k++) {
		struct vf_household h;
		struct vf_result r;
		struct error e;
		make_household(k, 0, &a, &h);
		j->err = vf_verify(j->p, &h, day, LANG_ZH, VF_QUICK | VF_SCREEN, &a, &r, &e);
		if (!j->err) {
			j->by_class[r.decision]++;
			j->benefit += r.benefit_fen;
		}
		vf_result_release(&r);
		arena_reset(&a);
	}
	arena_release(&a);
	return NULL;
}

/* the same facts in SQLite, and the dibao calculation as one query */
static double sql_screen(uint64_t n, long *eligible)
{
	sqlite3 *db;
	sqlite3_stmt *m, *f;
	sqlite3_open(":memory:", &db);
	sqlite3_exec(db,
	             "CREATE TABLE members (hh INTEGER, urban INTEGER, age INTEGER);"
	             "CREATE TABLE facts (hh INTEGER, kind TEXT, month TEXT, amount INTEGER);",
	             NULL, NULL, NULL);
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO members VALUES (?, ?, ?)", -1, &m, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO facts VALUES (?, ?, ?, ?)", -1, &f, NULL);
	struct arena a;
	arena_init(&a, (size_t)1 << 16);
	for (uint64_t k = 0; k < n; k++) {
		struct vf_household h;
		make_household(k, 0, &a, &h);
		bool urban = h.region[7] == '0' && h.region[8] == '1';
		for (size_t i = 0; i < h.nmembers; i++) {
			sqlite3_bind_int64(m, 1, (sqlite3_int64)k);
			sqlite3_bind_int(m, 2, urban);
			sqlite3_bind_int(m, 3,
			                 2025 - 1940 -
			                     (int)((h.members[i].birth - date_from_ymd(1940, 1, 1)) / 365));
			sqlite3_step(m);
			sqlite3_reset(m);
			for (size_t x = 0; x < h.members[i].nfacts; x++) {
				const struct vf_fact *v = &h.members[i].facts[x];
				sqlite3_bind_int64(f, 1, (sqlite3_int64)k);
				sqlite3_bind_text(f, 2, v->kind, -1, SQLITE_STATIC);
				sqlite3_bind_text(f, 3, v->period, 7, SQLITE_STATIC);
				sqlite3_bind_int64(f, 4, v->amount);
				sqlite3_step(f);
				sqlite3_reset(f);
			}
		}
		arena_reset(&a);
	}
	arena_release(&a);
	sqlite3_finalize(m);
	sqlite3_finalize(f);
	sqlite3_exec(db,
	             "COMMIT; CREATE INDEX facts_hh ON facts (hh); CREATE INDEX members_hh ON members (hh);",
	             NULL, NULL, NULL);
	const char *q =
	    "WITH hh AS (SELECT hh, MAX(urban) AS urban, COUNT(*) AS n FROM members GROUP BY hh), "
	    "fx AS (SELECT hh, "
	    " SUM(CASE WHEN kind IN ('wage','flexible_income','farm_income','employee_pension') AND month BETWEEN "
	    "'2025-01' AND '2025-12' THEN amount ELSE 0 END) AS income, "
	    " SUM(CASE WHEN kind IN ('outpatient','social_insurance','income_tax') AND month BETWEEN '2025-01' AND "
	    "'2025-12' THEN amount ELSE 0 END) AS deduct, "
	    " SUM(CASE WHEN kind IN ('deposits','securities','insurance_value') AND month = '2025-12' THEN amount "
	    "ELSE 0 END) AS fin, "
	    " SUM(CASE WHEN kind = 'vehicle' THEN 1 ELSE 0 END) AS cars FROM facts GROUP BY hh), "
	    "pc AS (SELECT hh.hh, hh.n, CASE WHEN hh.urban THEN 74000 ELSE 48500 END AS std, "
	    " MAX(fx.income - fx.deduct, 0) / 12 / hh.n AS pc, fx.fin, fx.cars FROM hh JOIN fx ON fx.hh = hh.hh) "
	    "SELECT COUNT(*), SUM(((std - pc) * n + 99) / 100 * 100) FROM pc WHERE pc < std AND fin <= 12 * std * n "
	    "AND cars = 0";
	sqlite3_stmt *s;
	double t = now();
	sqlite3_prepare_v2(db, q, -1, &s, NULL);
	if (sqlite3_step(s) == SQLITE_ROW)
		*eligible = (long)sqlite3_column_int64(s, 0);
	t = now() - t;
	sqlite3_finalize(s);
	sqlite3_close(db);
	return t;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_verify POLICY_DIR [HOUSEHOLDS [SQL_HOUSEHOLDS]]\n");
		return 2;
	}
	uint64_t n = argc > 2 ? strtoull(argv[2], NULL, 10) : 3500000,
	         nsql = argc > 3 ? strtoull(argv[3], NULL, 10) : 350000;
	struct vf_policy *p;
	struct error e;
	if (vf_policy_open(argv[1], &p, &e)) {
		fprintf(stderr, "%s\n", e.en);
		return 1;
	}
	/* (1) one household, 10 members, 200 facts: the full verification (every rule's message,
	 * evidence, income classification), and the quick one (decision and benefit) */
	enum { RUNS = 20000 };
	double *lat = mem_calloc(RUNS, sizeof *lat);
	struct arena a;
	arena_init(&a, (size_t)1 << 20);
	struct vf_household h;
	make_household(7, 10, &a, &h);
	date_t day = date_from_ymd(2025, 12, 15);
	for (unsigned flags = 0; flags <= VF_QUICK; flags += VF_QUICK) {
		for (int i = 0; i < RUNS; i++) {
			struct arena ra;
			arena_init(&ra, (size_t)1 << 16);
			struct vf_result r;
			double t = now();
			int rc = vf_verify(p, &h, day, LANG_ZH, flags, &ra, &r, &e);
			lat[i] = now() - t;
			vf_result_release(&r);
			arena_release(&ra);
			if (rc) {
				fprintf(stderr, "%s\n", e.en);
				return 1;
			}
		}
		qsort(lat, RUNS, sizeof *lat, cmp_double);
		printf("one household (10 members, 200 facts), %s\tp50 %.1f us\tp99 %.1f us\t%d runs\n",
		       flags ? "decision and benefit only" : "full verification with every message",
		       lat[RUNS / 2] * 1e6, lat[RUNS * 99 / 100] * 1e6, RUNS);
	}
	mem_free(lat);
	arena_release(&a);
	/* (2) the re-screen on 2 threads */
	struct job jobs[2] = { { p, 0, n / 2, { 0 }, 0, 0 }, { p, n / 2, n, { 0 }, 0, 0 } };
	/* each thread its own policy: the snapshot cache is not shared */
	struct vf_policy *p2;
	if (vf_policy_open(argv[1], &p2, &e))
		return 1;
	jobs[1].p = p2;
	double t = now();
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, screen, &jobs[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	t = now() - t;
	if (jobs[0].err || jobs[1].err)
		return 1;
	long dibao = jobs[0].by_class[VF_DIBAO] + jobs[1].by_class[VF_DIBAO];
	printf(
	    "re-screen, 2 threads\t%.1f s for %llu households\t%.0f households/s\t%ld dibao, %ld tekun, %ld marginal\n",
	    t, (unsigned long long)n, (double)n / t, dibao,
	    jobs[0].by_class[VF_TEKUN] + jobs[1].by_class[VF_TEKUN],
	    jobs[0].by_class[VF_MARGINAL] + jobs[1].by_class[VF_MARGINAL]);
	long eligible = 0;
	double ts = sql_screen(nsql, &eligible);
	printf(
	    "same dibao calculation as one SQL query (SQLite, 1 thread)\t%.1f s for %llu households\t%.0f households/s\t%ld eligible\n",
	    ts, (unsigned long long)nsql, (double)nsql / ts, eligible);
	vf_policy_close(p);
	vf_policy_close(p2);
	return 0;
}
