/* bench_pay.c: a county's payroll at a province's scale (issue 20: 1.5 million active cases, Hunan's
 * caseload, built, checked and written in at most 60 s and 1 GB). N active dibao cases, each with an
 * account, are written to a fresh data folder (not timed); then the payroll of 2025-12 is built, its
 * checks run, it is approved by civil affairs and finance, and the bank files are written, each
 * step timed; the peak resident memory is the process's.
 * Usage: bench_pay [CASES] [DIR]   (default 1500000 cases, a temporary folder) */
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "base/idno.h"
#include "cases/case_repo.h"
#include "hub/hub_repo.h"
#include "pay/pay.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(const char *what, const struct error *e)
{
	fprintf(stderr, "bench_pay: %s: %s\n", what, e->en);
	return 1;
}

static int fill(struct store *s, long n, struct error *e)
{
	int rc = store_begin(s, e);
	if (!rc) /* the register the checks read (empty: no member facts) */
		rc = hub_db_register_set(s, "43GA001", "户号", e);
	for (long i = 0; !rc && i < n; i++) {
		struct cs_db_case c;
		memset(&c, 0, sizeof c);
		c.scheme = CS_DIBAO;
		c.state = CST_ACTIVE;
		/* households of 20 villages of one county, payees with distinct valid ID numbers */
		snprintf(c.household, sizeof c.household, "430181%03ld%03ld%05ld", 1 + i % 20,
		         1 + (i / 20) % 30, (i / 600) % 100000);
		snprintf(c.region, sizeof c.region, "%.12s", c.household);
		char digits[18];
		snprintf(digits, sizeof digits, "43018119%02ld%02ld%02ld%03ld", 40 + (i / 336000) % 60,
		         1 + (i / 28000) % 12, 1 + (i / 1000) % 28, i % 1000);
		snprintf(c.applicant, sizeof c.applicant, "%.17s%c", digits, idno_check_char(digits));
		snprintf(c.state_day, sizeof c.state_day, "2025-05-31");
		snprintf(c.next_review, sizeof c.next_review, "2026-05-31");
		c.amount_fen = 40000 + (i % 500) * 100;
		int64_t id;
		if ((rc = cs_db_case_add(s, &c, &id, e)))
			break;
		struct cs_db_case_event ev;
		memset(&ev, 0, sizeof ev);
		ev.case_id = id;
		snprintf(ev.day, sizeof ev.day, "2025-05-31");
		snprintf(ev.action, sizeof ev.action, "import");
		snprintf(ev.to, sizeof ev.to, "active");
		ev.amount_fen = c.amount_fen;
		if ((rc = cs_db_case_event_add(s, &ev, e)))
			break;
		struct pay_db_account a;
		memset(&a, 0, sizeof a);
		a.case_id = id;
		snprintf(a.household, sizeof a.household, "%s", c.household);
		snprintf(a.payee, sizeof a.payee, "%s", c.applicant);
		snprintf(a.account, sizeof a.account, "4301%014ld", i);
		snprintf(a.bank, sizeof a.bank, "%s", i % 3 ? "RCC" : "ICBC");
		snprintf(a.card_type, sizeof a.card_type, "sscard");
		snprintf(a.valid_from, sizeof a.valid_from, "2025-06-01");
		snprintf(a.changed_by, sizeof a.changed_by, "bench");
		snprintf(a.reason, sizeof a.reason, "bench");
		rc = pay_db_account_add(s, &a, e);
	}
	return rc ? (store_rollback(s), rc) : store_commit(s, e);
}

static int on_file(void *arg, const struct pay_db_bank_file *f)
{
	(void)arg;
	printf("  %s: %" PRId64 " lines, %" PRId64 " fen\n", f->bank, f->count, f->total_fen);
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1500000;
	char tmpl[] = "/tmp/bench-pay-XXXXXX";
	const char *dir = argc > 2 ? argv[2] : mkdtemp(tmpl);
	struct error e;
	error_clear(&e);
	struct store *s;
	struct pay_service *ps;
	if (!dir || store_open_dir(dir, STORE_OPEN_CREATE, &s, &e) || store_migrate(s, NULL, NULL, &e))
		return fail("open", &e);
	if (pay_open_service(&ps, &e))
		return fail("service", &e);
	double t0 = now();
	if (fill(s, n, &e))
		return fail("fill", &e);
	double t1 = now();
	printf("bench_pay: %ld active cases written in %.1f s (not counted)\n", n, t1 - t0);
	struct access_user appr = { 1, "appr", "审批", SR_APPROVER, "430181" };
	struct access_user fin = { 2, "fin", "财政", SR_FINANCE, "430181" };
	struct pay_actor op = { NULL, "bench" };
	int64_t id;
	struct pay_totals t;
	struct pay_check_report r;
	char out[4200];
	snprintf(out, sizeof out, "%s/bank", dir);
	if (mkdir(out, 0750))
		return fprintf(stderr, "bench_pay: cannot create %s\n", out), 1;
	double a = now();
	if (pay_payroll_build(ps, s, &op, "430181", month_from_ym(2025, 12), &id, &t, &e))
		return fail("build", &e);
	double b = now();
	if (pay_payroll_check(ps, s, &op, id, &r, &e))
		return fail("check", &e);
	double c = now();
	if (pay_payroll_approve(ps, s, &appr, id, &e) || pay_payroll_approve(ps, s, &fin, id, &e))
		return fail("approve", &e);
	double d = now();
	if (pay_bank_write(ps, s, &fin, id, out, on_file, NULL, &e))
		return fail("bank files", &e);
	double f = now();
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("bench_pay: build %.1f s, checks %.1f s (%" PRId64 " blocking, %" PRId64
	       " listed), approvals %.2f s, "
	       "bank files %.1f s: %.1f s for %" PRId64
	       " lines (ceiling 60 s); peak memory %.0f MB (ceiling 1024 MB)\n",
	       b - a, c - b, r.blocking, r.listed, d - c, f - d, f - a, t.lines, ru.ru_maxrss / 1024.0);
	pay_close_service(ps);
	store_close(s);
	return 0;
}
