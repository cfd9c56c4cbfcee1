/* rules.c: the policy case handling reads: parameters (time limits, review periods, the reserve
 * fund's ceiling) resolved for the case's region and day, each state's due day counted in
 * working days, and temporary aid's amount and approval level from policy/temp-aid.rules. */
#include "base/mem.h"
#include "base/money.h"
#include "base/workcal.h"
#include "cases/cases_int.h"
#include "cases/case_repo.h"

int cs_open_service(const char *policy_dir, struct cs_service **out, struct error *e)
{
	struct cs_service *cs = mem_calloc(1, sizeof *cs);
	if (!cs)
		return error_nomem(e);
	int rc = params_load_builtin(&cs->ps, e);
	if (!rc) /* policy_dir NULL: the policy built into the binary */
		rc = rules_compile_policy(policy_dir, "temp-aid.rules", &cs->ps, &cs->temp, e);
	if (rc) {
		cs_close_service(cs);
		return rc;
	}
	*out = cs;
	return 0;
}

void cs_close_service(struct cs_service *cs)
{
	if (!cs)
		return;
	rules_free(cs->temp);
	params_release(&cs->ps);
	mem_free(cs);
}

int cs_param(struct cs_service *cs, const char *region, date_t day, const char *name, int64_t *out,
             struct error *e)
{
	struct param_snapshot snap;
	int rc = params_resolve(&cs->ps, region, day, &snap, e);
	if (rc)
		return rc;
	const struct param_value *v = params_get(&snap, name);
	if (v)
		*out = v->value;
	else {
		char d[DATE_STR_SIZE];
		date_format(day, d);
		rc = error_set(e, ERR_NOTFOUND, "政策参数 %s 在 %s 于 %s 没有有效值",
		               "the policy parameter %s has no value for %s on %s", name, region, d);
		error_field(e, name);
	}
	params_snapshot_release(&snap);
	return rc;
}

static void day_text(date_t d, char out[DATE_STR_SIZE])
{
	date_format(d, out);
}

/* A due day so many working days (the parameter named) after a day. */
static int due_after(struct cs_service *cs, const char *region, date_t day, const char *param,
                     char out[DATE_STR_SIZE], struct error *e)
{
	int64_t n = 0;
	int rc = cs_param(cs, region, day, param, &n, e);
	if (!rc)
		day_text(workcal_add(day, (int)n), out);
	return rc;
}

int cs_due(struct cs_service *cs, struct cs_db_case *c, enum cs_scheme sc, enum cs_state st, date_t day,
           struct error *e)
{
	const char *wd = NULL; /* a step due so many working days after the day */
	int rc = 0;
	c->due[0] = '\0';
	switch (st) {
	case CST_ACCEPTED:
		wd = "investigate_days";
		break;
	case CST_VERIFIED:
		wd = sc == CS_TEMP ? "decide_days" : "visit_days";
		break;
	case CST_VISITED:
		wd = "notice_start_days";
		break;
	case CST_NOTICE: {
		date_t from = day;
		int64_t notice = 0;
		if (c->notice_from[0])
			date_parse(c->notice_from, strlen(c->notice_from), &from);
		if ((rc = cs_param(cs, c->region, day, "notice_days", &notice, e)) ||
		    (rc = due_after(cs, c->region, from + (date_t)notice, "township_review_days", c->due, e)))
			return rc;
		break;
	}
	case CST_REVIEWED:
		wd = sc == CS_TEKUN ? "tekun_decide_days" : "decide_days";
		break;
	case CST_ACTIVE:
		snprintf(c->due, sizeof c->due, "%s", c->next_review);
		break;
	case CST_EXITING:
		snprintf(c->due, sizeof c->due, "%s", c->exit_until);
		break;
	case CST_ADVANCED:
		wd = "paperwork_days";
		break;
	case CST_COMPLETED:
		wd = "settle_days";
		break;
	case CST_REFERRED:
		wd = "referral_days";
		break;
	default:
		break;
	}
	if (wd && (rc = due_after(cs, c->region, day, wd, c->due, e)))
		return rc;
	/* an application is decided within total_days working days of its acceptance, whatever the
	 * steps took */
	bool deciding = st == CST_ACCEPTED || st == CST_VERIFIED || st == CST_VISITED || st == CST_NOTICE ||
	                st == CST_REVIEWED;
	date_t opened;
	if (sc <= CS_RIGID && deciding && c->due[0] &&
	    !date_parse(c->opened_day, strlen(c->opened_day), &opened)) {
		char total[DATE_STR_SIZE];
		if ((rc = due_after(cs, c->region, opened, "total_days", total, e)))
			return rc;
		if (strcmp(total, c->due) < 0)
			snprintf(c->due, sizeof c->due, "%s", total);
	}
	return 0;
}

int cs_parse_day(const char *text, const char *not_before, const char *field, date_t *out, struct error *e)
{
	date_t today = date_today();
	*out = today;
	if (text && *text && (strlen(text) != 10 || date_parse(text, 10, out))) {
		error_set(e, ERR_INVAL, "日期“%s”应为 YYYY-MM-DD", "the date %s must be YYYY-MM-DD", text);
		error_field(e, field);
		return ERR_INVAL;
	}
	if (*out > today) {
		error_set(e, ERR_INVAL, "日期 %s 在今天之后", "the date %s is after today", text);
		error_field(e, field);
		return ERR_INVAL;
	}
	char d[DATE_STR_SIZE];
	date_format(*out, d);
	if (not_before && *not_before && strcmp(d, not_before) < 0) {
		error_set(e, ERR_INVAL, "日期 %s 早于上一步（%s）",
		          "the date %s is before the last step (%s)", d, not_before);
		error_field(e, field);
		return ERR_INVAL;
	}
	return 0;
}

int cs_parse_amount(const char *text, bool zero_ok, const char *field, int64_t *out, struct error *e)
{
	fen_t v = 0;
	size_t n = text ? strlen(text) : 0;
	int rc = n ? money_parse(text, n, &v, e) : ERR_INVAL;
	if (n && text[0] != '-' && (rc == ERR_OVERFLOW || (!rc && v > MONEY_INPUT_MAX)))
		rc = money_parse_range(text, n, 0, MONEY_INPUT_MAX, &v, e); /* says the bound */
	else if (rc || v < 0 || (!zero_ok && v == 0))
		rc = error_set(e, ERR_INVAL, "金额“%s”应为正的元数，如 1500.00",
		               "the amount %s must be positive yuan, as 1500.00", text ? text : "");
	if (rc) {
		error_field(e, field);
		return ERR_INVAL;
	}
	*out = v;
	return 0;
}

int cs_check_approved(struct cs_service *cs, const struct cs_db_case *c, date_t day, struct error *e)
{
	if (c->amount_fen <= c->verified_fen)
		return 0;
	int64_t cap = 0, over = c->amount_fen - c->verified_fen;
	int rc = cs_param(cs, c->region, day, "approve_over_max", &cap, e);
	if (rc || over <= cap)
		return rc;
	char amount[MONEY_STR_SIZE], verified[MONEY_STR_SIZE], most[MONEY_STR_SIZE];
	money_format(c->amount_fen, amount);
	money_format(c->verified_fen, verified);
	money_format(cap, most);
	error_set(e, ERR_INVAL,
	          "核定金额 %s 元高于核对结果 %s 元，超出本地政策允许的 %s 元（approve_over_max）",
	          "the amount %s yuan is above the verification's %s yuan by more than the %s yuan local "
	          "policy allows (approve_over_max)",
	          amount, verified, most);
	error_field(e, "amount");
	return ERR_INVAL;
}

/* ---- temporary aid ---- */

static long find_name(size_t n, const char *(*name)(const struct rules *, size_t), const struct rules *r,
                      const char *want)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name(r, i), want))
			return (long)i;
	return -1;
}

int cs_temp_amount(struct cs_service *cs, struct store *s, const struct cs_db_case *c, date_t day,
                   int64_t requested_fen, const char *override, int64_t *amount, bool *county, char *message,
                   size_t cap, struct error *e)
{
	/* the same person for the same cause within the year before */
	char since[DATE_STR_SIZE];
	date_format(date_add_months(day, -12), since);
	int64_t earlier = 0;
	int rc = cs_db_case_temp_since(s, c->applicant, c->cause, since, &earlier, e);
	if (rc)
		return rc;
	if (earlier == c->id)
		earlier = 0;
	bool repeated = earlier && !(override && *override);

	const struct rules *r = cs->temp;
	size_t nin = rules_ninputs(r), nl = rules_nlets(r), nr = rules_nrules(r);
	struct rv in[8], lets[16];
	bool outcomes[16];
	if (nin > ARRAY_SIZE(in) || nl > ARRAY_SIZE(lets) || nr > ARRAY_SIZE(outcomes))
		return error_set(e, ERR_INVAL, "临时救助规则的输入过多",
		                 "the temporary-aid rules have too many inputs");
	for (size_t i = 0; i < nin; i++) {
		const char *n = rules_input_name(r, i);
		in[i] = (struct rv){ rules_input_type(r, i), 0, "", NULL };
		if (!strcmp(n, "城乡"))
			in[i].s = c->urban ? "城市" : "农村";
		else if (!strcmp(n, "类型"))
			in[i].s = !strcmp(c->kind, "emergency") ? "急难" : "支出";
		else if (!strcmp(n, "申请金额"))
			in[i].i = requested_fen;
		else if (!strcmp(n, "一年内同因已救助"))
			in[i].i = repeated;
	}
	struct param_snapshot snap;
	if ((rc = params_resolve(&cs->ps, c->region, day, &snap, e)))
		return rc;
	struct buf msgs;
	buf_init(&msgs, (size_t)1 << 16);
	size_t starts[16];
	rc = rules_eval_messages(r, in, &snap, outcomes, lets, &msgs, starts, e);
	const struct param_value *tm = params_get(&snap, "temp_max_months");
	int64_t months = tm ? tm->value : 0;
	params_snapshot_release(&snap);
	if (!rc) {
		long li = find_name(nl, rules_let_name, r, "核定金额");
		long cap_let = find_name(nl, rules_let_name, r, "上限");
		long county_rule = find_name(nr, rules_rule_name, r, "县级审批");
		long repeat_rule = find_name(nr, rules_rule_name, r, "同因一年一次");
		long cap_rule = find_name(nr, rules_rule_name, r, "超过上限按上限");
		*amount = li >= 0 ? lets[li].i : 0;
		*county = county_rule >= 0 && outcomes[county_rule];
		/* why, as language-neutral facts rendered in each reader's language */
		message[0] = '\0';
		if (repeat_rule >= 0 && outcomes[repeat_rule])
			cs_fact_plain(message, cap, "temp-repeated");
		else if (cap_rule >= 0 && outcomes[cap_rule])
			cs_fact_capped(message, cap, requested_fen, cap_let >= 0 ? lets[cap_let].i : *amount,
			               months);
		else if (earlier && !repeated)
			cs_fact_again(message, cap, earlier, override);
	}
	buf_release(&msgs);
	return rc;
}
