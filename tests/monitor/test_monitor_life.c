/* test_monitor_life.c: the warning's lifecycle without a generated county: the table of steps
 * (which status each leads from and to, which roles take it) and its refusals naming the status
 * or the roles; a warning sent with its due day in working days, checked, closed, each step
 * audited and a refusal audited as refused; a field check's and an outcome's bad input named;
 * a run that does not end a warning the township holds, and does not raise a closed episode
 * again until the household's level was none; the overdue test and list. */
#include "testutil.h"

#include "access/access.h"
#include "monitor/monitor_int.h"

static struct store *memory_store(void)
{
	struct store *s;
	struct error e;
	assert_int_equal(store_open_sqlite(":memory:", STORE_OPEN_CREATE, &s, &e), 0);
	assert_int_equal(store_migrate(s, NULL, NULL, &e), 0);
	return s;
}

static const char *const HH = "43018100100100001";
static const char *const INDICATORS =
    "[{\"indicator\":\"d2_wage_stopped\",\"weight\":40,\"level\":\"yellow\"}]";

static char apply(struct store *s, const char *day, int score, enum mon_level level, const char *indicators)
{
	struct error e;
	int64_t run;
	char what = '?';
	struct mon_row r = { HH, "430181001001", indicators, score, level };
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(mon_repo_run_add(s, day, true, 0, "test", &run, &e), 0);
	assert_int_equal(mon_repo_apply(s, run, day, &r, &what, &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	return what;
}

static struct access_user user(const char *name, enum access_role role, const char *region)
{
	struct access_user u;
	memset(&u, 0, sizeof u);
	snprintf(u.name, sizeof u.name, "%s", name);
	u.role = role;
	snprintf(u.region, sizeof u.region, "%s", region);
	return u;
}

static date_t day_of(const char *s)
{
	date_t d;
	assert_int_equal(date_parse(s, strlen(s), &d), 0);
	return d;
}

/* a warning as read, its texts copied (the statement's are gone once it is finalised) */
struct seen {
	struct mon_warning w;
	char status_due[64], due[DATE_STR_SIZE], misleading[64];
	int checks;
};

static int take(void *arg, const struct mon_warning *w)
{
	struct seen *v = arg;
	v->w = *w;
	snprintf(v->status_due, sizeof v->status_due, "%s %s", mon_status_name(w->status), w->due_day);
	snprintf(v->due, sizeof v->due, "%s", w->due_day);
	snprintf(v->misleading, sizeof v->misleading, "%s", w->misleading);
	v->w.household = v->w.region = v->w.raised_day = v->w.closed_day = v->w.indicators = v->w.sent_day =
	    v->w.sent_by = v->w.outcome_reason = v->w.department = v->w.outcome_by = "";
	v->w.due_day = v->due;
	v->w.misleading = v->misleading;
	return 0;
}

static int count_check(void *arg, const struct mon_check *c)
{
	struct seen *v = arg;
	UNUSED(c);
	v->checks++;
	return 0;
}

static struct seen get(struct store *s, int64_t id)
{
	struct seen v;
	memset(&v, 0, sizeof v);
	struct error e;
	assert_int_equal(mon_repo_warning(s, id, take, &v, &e), 1);
	assert_int_equal(mon_repo_checks(s, id, NULL, count_check, &v, &e), 0);
	return v;
}

static int64_t audited(struct store *s, const char *action)
{
	struct error e;
	int64_t n = -1;
	assert_int_equal(store_scalar(s, "SELECT count(*) FROM audit_log WHERE action = ?", action, &n, &e),
	                 0);
	return n;
}

static void the_table(void **state)
{
	UNUSED(state);
	assert_int_equal(mon_step_next(MS_NEW, MSTEP_SEND), MS_SENT);
	assert_int_equal(mon_step_next(MS_SENT, MSTEP_CHECK), MS_CHECKING);
	assert_int_equal(mon_step_next(MS_CHECKING, MSTEP_CHECK), MS_CHECKING);
	assert_int_equal(mon_step_next(MS_CHECKING, MSTEP_OUTCOME), MS_CLOSED);
	/* no skipping, nothing after the end */
	assert_int_equal(mon_step_next(MS_NEW, MSTEP_CHECK), -1);
	assert_int_equal(mon_step_next(MS_SENT, MSTEP_OUTCOME), -1);
	assert_int_equal(mon_step_next(MS_CLOSED, MSTEP_CHECK), -1);
	assert_int_equal(mon_step_next(MS_ENDED, MSTEP_SEND), -1);
	struct error r;
	assert_false(mon_step_refused(MS_NEW, MSTEP_SEND, SR_REVIEWER, &r));
	assert_true(mon_step_refused(MS_NEW, MSTEP_SEND, SR_CASEWORKER, &r));
	assert_string_equal(r.field, "action");
	assert_non_null(strstr(r.en, "reviewer or approver"));
	assert_true(mon_step_refused(MS_ENDED, MSTEP_CHECK, SR_CASEWORKER, &r));
	assert_string_equal(r.field, "status");
	assert_non_null(strstr(r.en, "(ended)"));
	assert_non_null(strstr(r.zh, "条件消失关闭"));
	for (int i = 0; i < MS_COUNT; i++) {
		enum mon_status st;
		assert_int_equal(mon_status_parse(mon_status_name((enum mon_status)i), &st), 0);
		assert_int_equal(st, i);
	}
	for (int i = MO_CASE; i < MO_COUNT; i++) {
		enum mon_outcome o;
		assert_int_equal(mon_outcome_parse(mon_outcome_name((enum mon_outcome)i), &o), 0);
		assert_int_equal(o, i);
	}
	enum mon_outcome o;
	assert_int_not_equal(mon_outcome_parse("", &o), 0);
	assert_true(mon_status_live(MS_CHECKING));
	assert_false(mon_status_live(MS_CLOSED));
}

static void steps_through_the_gate(void **state)
{
	UNUSED(state);
	struct store *s = memory_store();
	struct error e;
	assert_int_equal(apply(s, "2025-06-15", 60, ML_YELLOW, INDICATORS), 'r');
	struct access_user cw = user("cw", SR_CASEWORKER, "430181001"),
	                   rev = user("rev", SR_REVIEWER, "430181"),
	                   far = user("far", SR_CASEWORKER, "430181002");
	date_t d16 = day_of("2025-06-16"), d18 = day_of("2025-06-18");

	assert_int_equal(mon_send(s, &cw, 1, d16, &e), ERR_PERM);
	assert_int_equal(mon_send(s, &rev, 2, d16, &e), ERR_NOTFOUND);
	assert_string_equal(e.field, "warning");
	assert_int_equal(mon_send(s, &rev, 1, d16, &e), 0);
	/* ten working days: 2025-06-16 (a Monday) + 10 = 2025-06-30 */
	assert_string_equal(get(s, 1).status_due, "sent 2025-06-30");
	assert_int_equal(audited(s, "warning-send"), 1);
	assert_int_equal(audited(s, "warning-send-refused"), 1);
	struct seen sent = get(s, 1);
	assert_true(mon_overdue(&sent.w, day_of("2025-07-01")));
	assert_string_equal(sent.due, "2025-06-30");
	assert_false(mon_overdue(&sent.w, day_of("2025-06-30")));

	/* a field check's bad input, named and audited as refused */
	struct mon_check_in in = { "2025-06-17", "张三,李四", "卧床", 80000, -1, NULL, 0 };
	struct mon_check_in bad = in;
	bad.staff = "张三";
	assert_int_equal(mon_check_add(s, &cw, 1, d18, &bad, NULL, &e), ERR_INVAL);
	assert_string_equal(e.field, "staff");
	bad.staff = " 张三 , 张三";
	assert_int_equal(mon_check_add(s, &cw, 1, d18, &bad, NULL, &e), ERR_INVAL);
	assert_string_equal(e.field, "staff");
	bad = in;
	bad.visit_day = "2025-06-19";
	assert_int_equal(mon_check_add(s, &cw, 1, d18, &bad, NULL, &e), ERR_INVAL);
	assert_string_equal(e.field, "visit_day");
	bad.visit_day = "2025-06-14"; /* before the warning */
	assert_int_equal(mon_check_add(s, &cw, 1, d18, &bad, NULL, &e), ERR_INVAL);
	assert_string_equal(e.field, "visit_day");
	bad = in;
	bad.findings = "";
	assert_int_equal(mon_check_add(s, &cw, 1, d18, &bad, NULL, &e), ERR_INVAL);
	assert_string_equal(e.field, "findings");
	struct mon_correction corr = { "43SW001", "月工资", "3000", "0", "" };
	bad = in;
	bad.corrections = &corr;
	bad.ncorrections = 1;
	assert_int_equal(mon_check_add(s, &cw, 1, d18, &bad, NULL, &e), ERR_INVAL);
	assert_string_equal(e.field, "corrections");
	assert_int_equal(mon_check_add(s, &far, 1, d18, &in, NULL, &e), ERR_PERM);
	assert_int_equal(audited(s, "warning-check-refused"), 7);
	assert_int_equal(get(s, 1).checks, 0);

	/* an outcome before any field check is a skipped step */
	struct mon_outcome_in out = { "no_need", "收入稳定", NULL, NULL, 0 };
	assert_int_equal(mon_outcome_set(s, &cw, 1, d18, &out, &e), ERR_PERM);
	assert_string_equal(e.field, "status");

	int64_t check = 0;
	corr.reason = "停工";
	in.corrections = &corr;
	in.ncorrections = 1;
	assert_int_equal(mon_check_add(s, &cw, 1, d18, &in, &check, &e), 0);
	assert_int_equal(check, 1);
	struct seen v = get(s, 1);
	assert_string_equal(v.status_due, "checking 2025-06-30");
	assert_int_equal(v.checks, 1);

	/* a run does not end a warning the township holds */
	assert_int_equal(apply(s, "2025-06-20", 0, ML_NONE, "[]"), 0);
	assert_int_equal(get(s, 1).w.status, MS_CHECKING);
	assert_int_equal(apply(s, "2025-06-21", 60, ML_YELLOW, INDICATORS), 0);

	/* outcomes: a false alarm names an indicator that fired; a case is the household's */
	struct mon_outcome_in fa = { "false_alarm", "工资已恢复", "d3_school_fees", NULL, 0 };
	assert_int_equal(mon_outcome_set(s, &cw, 1, d18, &fa, &e), ERR_INVAL);
	assert_string_equal(e.field, "indicator");
	struct mon_outcome_in cs = { "case", NULL, NULL, NULL, 7 };
	assert_int_equal(mon_outcome_set(s, &cw, 1, d18, &cs, &e), ERR_INVAL);
	assert_string_equal(e.field, "case");
	struct mon_outcome_in rf = { "referral", NULL, NULL, "", 0 };
	assert_int_equal(mon_outcome_set(s, &cw, 1, d18, &rf, &e), ERR_INVAL);
	assert_string_equal(e.field, "department");
	fa.indicator = "d2_wage_stopped";
	assert_int_equal(mon_outcome_set(s, &cw, 1, d18, &fa, &e), 0);
	v = get(s, 1);
	assert_int_equal(v.w.status, MS_CLOSED);
	assert_int_equal(v.w.outcome, MO_FALSE_ALARM);
	assert_string_equal(v.misleading, "d2_wage_stopped");
	assert_false(mon_overdue(&v.w, day_of("2025-07-10")));
	assert_int_equal(mon_outcome_set(s, &cw, 1, d18, &out, &e), ERR_PERM);
	assert_non_null(strstr(e.en, "(closed)"));
	assert_int_equal(audited(s, "warning-outcome"), 1);

	/* the closed episode is not raised again at its level; a higher one, or a rise after the
	 * level was none, is a new warning */
	assert_int_equal(apply(s, "2025-07-15", 60, ML_YELLOW, INDICATORS), 0);
	assert_int_equal(apply(s, "2025-07-16", 120, ML_RED, INDICATORS), 'r');
	assert_int_equal(get(s, 2).w.status, MS_NEW);
	assert_int_equal(apply(s, "2025-08-15", 0, ML_NONE, "[]"), 'e'); /* new: ended by the run */
	assert_int_equal(get(s, 2).w.status, MS_ENDED);
	store_close(s);
}

static void settled_then_new(void **state)
{
	UNUSED(state);
	struct store *s = memory_store();
	struct error e;
	struct access_user cw = user("cw", SR_CASEWORKER, "430181001"),
	                   rev = user("rev", SR_REVIEWER, "430181");
	assert_int_equal(apply(s, "2025-06-15", 60, ML_YELLOW, INDICATORS), 'r');
	assert_int_equal(mon_send(s, &rev, 1, day_of("2025-06-16"), &e), 0);
	struct mon_check_in in = { "2025-06-17", "a,b", "x", -1, -1, NULL, 0 };
	assert_int_equal(mon_check_add(s, &cw, 1, day_of("2025-06-17"), &in, NULL, &e), 0);
	struct mon_outcome_in ch = { "charity", "助学", NULL, NULL, 0 };
	assert_int_equal(mon_outcome_set(s, &cw, 1, day_of("2025-06-18"), &ch, &e), 0);
	assert_int_equal(apply(s, "2025-07-15", 0, ML_NONE, "[]"), 0); /* settled */
	assert_int_equal(apply(s, "2025-08-15", 60, ML_YELLOW, INDICATORS), 'r');

	/* the overdue list: sent and not closed, past its due day, through the operator */
	assert_int_equal(mon_send(s, &rev, 2, day_of("2025-08-18"), &e), 0);
	struct mon_filter f = { "", ML_YELLOW, MS_COUNT, true, day_of("2025-09-02"), 100, NULL };
	struct seen v;
	memset(&v, 0, sizeof v);
	v.w.id = -1; /* take() copies what it reads */
	assert_int_equal(mon_list(s, NULL, "op", &f, take, &v, &e), 0);
	assert_int_equal(v.w.id, 2);
	f.day = day_of("2025-09-01"); /* the due day itself: not yet overdue */
	v.w.id = -1;
	assert_int_equal(mon_list(s, NULL, "op", &f, take, &v, &e), 0);
	assert_int_equal(v.w.id, -1);
	store_close(s);
}

static int count_warning(void *arg, const struct mon_warning *w)
{
	UNUSED(w);
	++*(int *)arg;
	return 0;
}

static int take_count(void *arg, const struct mon_count *c)
{
	*(struct mon_count *)arg = *c;
	return 0;
}

/* a household's warnings of every status (its history), and the live ones counted by township and
 * level; another township's caseworker is refused both */
static void household_history_and_counts(void **state)
{
	UNUSED(state);
	struct store *s = memory_store();
	struct error e;
	struct access_user cw = user("cw", SR_CASEWORKER, "430181001"),
	                   rev = user("rev", SR_REVIEWER, "430181"),
	                   far = user("far", SR_CASEWORKER, "430181002");
	assert_int_equal(apply(s, "2025-06-15", 60, ML_YELLOW, INDICATORS), 'r');
	assert_int_equal(apply(s, "2025-07-15", 0, ML_NONE, "[]"), 'e'); /* ended */
	assert_int_equal(apply(s, "2025-08-15", 160, ML_RED, INDICATORS), 'r');
	struct mon_filter f = { "430181001001", ML_YELLOW, -1, false, day_of("2025-08-15"), 100, HH };
	int n = 0;
	assert_int_equal(mon_list(s, &cw, NULL, &f, count_warning, &n, &e), 0);
	assert_int_equal(n, 2);
	f.household = "43018100100100002";
	n = 0;
	assert_int_equal(mon_list(s, &cw, NULL, &f, count_warning, &n, &e), 0);
	assert_int_equal(n, 0);
	f.household = HH;
	assert_int_equal(mon_list(s, &far, NULL, &f, count_warning, &n, &e), ERR_PERM);

	struct mon_count c;
	memset(&c, 0, sizeof c);
	assert_int_equal(mon_summary(s, &rev, NULL, NULL, take_count, &c, &e), 0);
	assert_string_equal(c.township, "430181001");
	assert_int_equal(c.by_level[ML_RED], 1); /* the ended one is not live */
	assert_int_equal(c.by_level[ML_YELLOW], 0);
	assert_int_equal(mon_summary(s, &far, NULL, "430181001", take_count, &c, &e), ERR_PERM);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_table),
		cmocka_unit_test(steps_through_the_gate),
		cmocka_unit_test(settled_then_new),
		cmocka_unit_test(household_history_and_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
