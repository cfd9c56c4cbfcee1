/* case.c: `safetynet case open|act|show|list --data DIR --as USER ...`: case handling from the
 * shell, so batch work and tests can drive every step. The command acts as a user account
 * (--as): the access gate checks its role and region and audits each step as it would in the
 * browser. */
#include "app/app.h"
#include "base/money.h"
#include "cases/cases.h"
#include "cmd/cmd.h"
#include "policy/rules.h"
#include "verify/verify.h"
#include "cases/case_repo.h"

struct args {
	const char *sub, *data, *as, *policy, *id, *action;
	struct cs_application ap;
	struct cs_step st;
	const char *list_day;
	enum cs_list list;
};

static int parse(int argc, char **argv, struct args *a)
{
	memset(a, 0, sizeof *a);
	a->sub = argc > 1 ? argv[1] : "";
	a->ap.urban = -1;
	a->list = CL_OPEN;
	for (int i = 2; i < argc; i++) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const char **opt = !strcmp(k, "--data")        ? &a->data
		                   : !strcmp(k, "--as")        ? &a->as
		                   : !strcmp(k, "--policy")    ? &a->policy
		                   : !strcmp(k, "--scheme")    ? &a->ap.scheme
		                   : !strcmp(k, "--kind")      ? &a->ap.kind
		                   : !strcmp(k, "--household") ? &a->ap.household
		                   : !strcmp(k, "--applicant") ? &a->ap.applicant
		                   : !strcmp(k, "--name")      ? &a->ap.name
		                   : !strcmp(k, "--reason")    ? &a->ap.reason
		                   : !strcmp(k, "--cause")     ? &a->ap.cause
		                   : !strcmp(k, "--place")     ? &a->ap.place
		                   : !strcmp(k, "--relative")  ? &a->ap.relative
		                   : !strcmp(k, "--requested") ? &a->ap.requested
		                   : !strcmp(k, "--day")       ? &a->st.day
		                   : !strcmp(k, "--note")      ? &a->st.note
		                   : !strcmp(k, "--staff")     ? &a->st.staff
		                   : !strcmp(k, "--documents") ? &a->st.documents
		                   : !strcmp(k, "--amount")    ? &a->st.amount
		                   : !strcmp(k, "--reasons")   ? &a->st.reasons
		                   : !strcmp(k, "--override")  ? &a->st.override
		                                               : NULL;
		if (opt && v) {
			*opt = v;
			i++;
		} else if (!strcmp(k, "--months") && v) {
			char *end; /* a whole number or nothing: "3; DROP" is not 3 (the step refuses -1) */
			long m = strtol(v, &end, 10);
			a->st.months = end == v || *end || m < -1000 || m > 1000 ? -1 : (int)m;
			i++;
		} else if (!strcmp(k, "--urban") || !strcmp(k, "--rural")) {
			a->ap.urban = !strcmp(k, "--urban");
		} else if (!strcmp(k, "--advance")) {
			a->ap.advance = true;
		} else if (!strcmp(k, "--inbox") || !strcmp(k, "--overdue") || !strcmp(k, "--relatives")) {
			a->list = !strcmp(k, "--inbox")     ? CL_INBOX
			          : !strcmp(k, "--overdue") ? CL_OVERDUE
			                                    : CL_RELATIVES;
		} else if (k[0] != '-' && !a->id) {
			a->id = k;
		} else if (k[0] != '-' && !a->action) {
			a->action = k;
		} else {
			return cmd_usage(&cmd_case, "不认识的参数：%s", "unknown argument: %s", k);
		}
	}
	a->ap.day = a->st.day;
	a->ap.override = a->st.override;
	a->ap.documents = a->st.documents;
	if (!a->data || !a->as)
		return cmd_usage(&cmd_case, "需要 --data DIR 和 --as 用户名",
		                 "--data DIR and --as USER are needed");
	return 0;
}

static int print_event(void *arg, const struct cs_db_case_event *ev)
{
	UNUSED(arg);
	char amount[MONEY_STR_SIZE] = "";
	if (ev->amount_fen >= 0)
		money_format(ev->amount_fen, amount);
	struct buf text = BUF_INIT(4096); /* what was recorded, in the reader's language */
	cs_event_text(ev, lang_current(), &text);
	printf("  %s\t%s\t%s(%s)\t%s -> %s\t%s\t%s\t%s\n", ev->day, ev->action, ev->actor, ev->role, ev->from,
	       ev->to, amount, ev->staff, buf_cstr(&text));
	buf_release(&text);
	return 0;
}

static void print_case(const struct cs_db_case *c, bool late)
{
	enum cs_state st = c->state;
	char amount[MONEY_STR_SIZE];
	money_format(c->amount_fen, amount);
	printf("%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%s\t%s%s\n", c->id, cs_scheme_name(c->scheme),
	       cs_state_name(st), cs_state_label(st, lang_current()),
	       c->household[0] ? c->household : c->region, c->due[0] ? c->due : "-", amount,
	       late ? L("逾期", "overdue") : "", c->relative[0] ? L(" 近亲属备案", " near-relative") : "");
}

static int print_listed(void *arg, const struct cs_db_case *c, bool late)
{
	UNUSED(arg);
	print_case(c, late);
	return 0;
}

static int show(struct store *s, const struct access_user *u, int64_t id, struct error *e)
{
	struct cs_db_case c;
	int rc = cs_get(s, u, id, &c, e);
	if (rc)
		return rc;
	print_case(&c, cs_overdue(&c, date_today()));
	printf("%s\t%s %s\n", L("申请人", "applicant"), c.name, c.applicant);
	printf("%s\t%s\n", L("理由", "reason"), c.reason);
	printf("%s\t%s\n", L("材料", "documents"), c.documents);
	if (c.decision[0])
		printf("%s\t%" PRId64 " %s\n", L("核对", "verification"), c.verification, c.decision);
	if (c.reasons[0])
		printf("%s\t%s\n", L("书面理由", "written reasons"), c.reasons);
	enum cs_scheme sc = c.scheme;
	enum cs_state st = c.state;
	{
		const struct cs_transition *next[16];
		size_t n = cs_transitions_from(sc, c.kind, st, next, ARRAY_SIZE(next));
		printf("%s\t", L("可办理", "next steps"));
		for (size_t i = 0; i < n; i++)
			printf("%s%s", i ? "," : "", cs_action_name(next[i]->action));
		printf("\n");
	}
	return cs_events_each(s, id, print_event, NULL, e);
}

static int run(int argc, char **argv)
{
	struct args a;
	int rc = parse(argc, argv, &a);
	if (rc)
		return rc;
	bool open = !strcmp(a.sub, "open"), act = !strcmp(a.sub, "act"), shw = !strcmp(a.sub, "show"),
	     list = !strcmp(a.sub, "list");
	if (!open && !act && !shw && !list)
		return cmd_usage(&cmd_case, "子命令应为 open、act、show 或 list",
		                 "the subcommand is open, act, show or list");
	enum cs_action action = CA_COUNT;
	if (act && (!a.id || !a.action || cs_action_parse(a.action, &action)))
		return cmd_usage(&cmd_case, "act 需要案件号和步骤名（如 verify、visit、approve）",
		                 "act takes a case number and a step (verify, visit, approve, ...)");
	if (shw && !a.id)
		return cmd_usage(&cmd_case, "show 需要案件号", "show takes a case number");
	if (list && a.id) /* case list HOUSEHOLD: that household's cases */
		a.list = CL_HOUSEHOLD;
	struct error e;
	error_clear(&e);
	struct store *s = NULL;
	struct cs_service *cs = NULL;
	struct vf_policy *vp = NULL;
	struct access_user u;
	char found[4096];
	const char *pdir = a.policy ? a.policy : rules_policy_dir(a.data, found, sizeof found);
	rc = cmd_open_data(a.data, &s, &e);
	if (!rc)
		rc = access_user_by_name(s, a.as, &u, &e);
	if (!rc)
		rc = cs_open_service(pdir, &cs, &e);
	if (!rc && act)
		rc = vf_policy_open(pdir, &vp, &e);
	if (!rc && open) {
		struct cs_opened o;
		if (!(rc = cs_open(cs, s, &u, &a.ap, &o, &e))) {
			printf(L("已受理案件 %" PRId64 "\n", "case %" PRId64 " accepted\n"), o.id);
			for (size_t i = 0; i < o.nmissing; i++)
				printf("%s\t%s\t%s\n", L("缺材料", "missing"), o.missing[i]->code,
				       lang_current() == LANG_EN ? o.missing[i]->en : o.missing[i]->zh);
		}
	} else if (!rc && act) {
		int64_t id = strtoll(a.id, NULL, 10);
		if (!(rc = cs_act(cs, s, vp, &u, id, action, &a.st, &e))) {
			struct cs_db_case c;
			if (app_case_get(s, id, &c, &e) == 1)
				print_case(&c, false);
		}
	} else if (!rc && shw) {
		rc = show(s, &u, strtoll(a.id, NULL, 10), &e);
	} else if (!rc) {
		date_t today = date_today(); /* --day: the list as it stood on another day */
		if (a.st.day && date_parse(a.st.day, strlen(a.st.day), &today))
			rc = error_set(&e, ERR_INVAL, "日期应为 YYYY-MM-DD", "the date must be YYYY-MM-DD");
		if (!rc)
			rc = cs_list(s, &u, a.list, a.id, today, print_listed, NULL, &e);
	}
	vf_policy_close(vp);
	cs_close_service(cs);
	store_close(s);
	return rc ? cmd_fail(&cmd_case, &e) : EXIT_OK;
}

const struct command cmd_case = {
	"case",
	"open --data DIR --as USER --scheme dibao|tekun|marginal|rigid|temp|referral [--kind K] --household H "
	"--applicant ID --reason TEXT [--documents application,authorisation] [--relative REL] [--day D] [temporary "
	"aid: --cause C --requested YUAN --place CODE --name NAME --advance] | act --data DIR --as USER CASE STEP "
	"[--day D] [--note T] [--staff A,B] [--documents ...] [--amount YUAN] [--reasons T] [--override T] "
	"[--months N] | show --data DIR --as USER CASE | list --data DIR --as USER [--inbox|--overdue|--relatives|HOUSEHOLD] "
	"[--day D]",
	"办理救助案件：受理、核对、入户、公示、审核、审批、复查、退出，临时救助先行支付",
	"handle cases: intake, verification, visit, notice, review, decision, periodic review, exit, emergency aid",
	run,
};
