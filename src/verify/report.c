/* report.c: the verification report: JSON for machines (docs/VERIFY.md gives every key) and a
 * printable HTML page for the case file (A4, Chinese first): members, every income item and
 * asset with its department, resource and batch, the calculation step by step, the decision
 * and the reasons, the parameters in force. */
#include "base/money.h"
#include "base/jsonw.h"
#include "verify/verify_int.h"

static void money(struct jsonw *w, const char *key, int64_t fen)
{
	jsonw_key(w, key);
	jsonw_int(w, fen);
}

static void str(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	if (s)
		jsonw_str(w, s);
	else
		jsonw_null(w);
}

static void month_str(struct jsonw *w, const char *key, month_t mo)
{
	char m[8];
	jsonw_key(w, key);
	if (mo < 0) {
		jsonw_null(w);
		return;
	}
	month_format(mo, m);
	jsonw_str(w, m);
}

static void boolean(struct jsonw *w, const char *key, bool b)
{
	jsonw_key(w, key);
	jsonw_bool(w, b);
}

static void members_json(struct jsonw *w, const struct vf_household *h, const struct vf_result *r)
{
	jsonw_key(w, "members");
	jsonw_arr_begin(w);
	for (size_t i = 0; i < h->nmembers; i++) {
		const struct vf_member *m = &h->members[i];
		const struct vf_member_result *x = &r->members[i];
		char birth[DATE_STR_SIZE];
		date_format(m->birth, birth);
		jsonw_obj_begin(w);
		str(w, "id", m->idno);
		str(w, "name", m->name);
		str(w, "relation", m->relation);
		str(w, "birth", birth);
		str(w, "status", m->status);
		boolean(w, "counted", x->counted);
		str(w, "not_counted_because", x->counted ? NULL : x->why_not_zh);
		jsonw_key(w, "age");
		jsonw_int(w, x->age);
		boolean(w, "at_school", x->student);
		str(w, "disability", x->disability);
		str(w, "selfcare", x->selfcare);
		boolean(w, "able_supporter", x->supporter);
		boolean(w, "unable_to_work", x->incapable);
		money(w, "income_counted_fen", x->income_fen);
		money(w, "deducted_fen", x->deducted_fen);
		boolean(w, "destitute_eligible", x->tekun_ok);
		money(w, "destitute_support_fen", x->tekun_ok ? x->tekun_fen : 0);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
}

static void evidence_json(struct jsonw *w, const struct vf_result *r)
{
	jsonw_key(w, "evidence");
	jsonw_arr_begin(w);
	for (size_t i = 0; i < r->nevidence; i++) {
		const struct vf_evidence *v = &r->evidence[i];
		jsonw_obj_begin(w);
		jsonw_key(w, "member");
		jsonw_int(w, v->member + 1);
		str(w, "kind", v->fact->kind);
		str(w, "category", v->category);
		str(w, "use", vf_use_name(v->use, LANG_EN));
		month_str(w, "month", v->month);
		money(w, "amount_fen", v->fen);
		str(w, "period", v->fact->period);
		str(w, "value", v->fact->value);
		str(w, "resource", v->fact->resource);
		jsonw_key(w, "batch");
		jsonw_int(w, v->fact->batch);
		str(w, "batch_date", v->fact->batch_date);
		jsonw_key(w, "line");
		jsonw_int(w, v->fact->line);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
}

static void reasons_json(struct jsonw *w, const struct vf_result *r)
{
	jsonw_key(w, "reasons");
	jsonw_arr_begin(w);
	for (size_t i = 0; i < r->nreasons; i++) {
		const struct vf_reason *x = &r->reasons[i];
		jsonw_obj_begin(w);
		str(w, "program", x->program);
		if (x->member >= 0) {
			jsonw_key(w, "member");
			jsonw_int(w, x->member + 1);
		}
		str(w, "rule", x->rule);
		boolean(w, "outcome", x->outcome);
		str(w, "message", x->message);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
}

int vf_report_json(const struct vf_household *h, const struct vf_result *r, date_t day, struct buf *out)
{
	struct jsonw w;
	char d[DATE_STR_SIZE];
	date_format(day, d);
	jsonw_init(&w, out);
	jsonw_obj_begin(&w);
	str(&w, "household", h->id);
	str(&w, "date", d);
	month_str(&w, "month", r->month);
	str(&w, "region", h->region);
	str(&w, "county", r->county);
	boolean(&w, "urban", r->urban);
	if (h->nwarnings) {
		jsonw_key(&w, "warnings");
		jsonw_arr_begin(&w);
		for (size_t i = 0; i < h->nwarnings; i++)
			jsonw_str(&w, h->warnings[i]);
		jsonw_arr_end(&w);
	}
	str(&w, "decision", vf_class_name(r->decision));
	str(&w, "decision_label", vf_class_label(r->decision, LANG_ZH));
	money(&w, "monthly_benefit_fen", r->benefit_fen);
	money(&w, "per_capita_income_fen", r->per_capita_fen);
	money(&w, "standard_fen", r->standard_fen);
	jsonw_key(&w, "members_counted");
	jsonw_int(&w, r->counted);
	jsonw_key(&w, "income");
	jsonw_obj_begin(&w);
	money(&w, "counted_fen", r->income_fen);
	money(&w, "not_counted_fen", r->excluded_fen);
	money(&w, "deducted_fen", r->deducted_fen);
	money(&w, "medical_fen", r->medical_fen);
	money(&w, "school_fen", r->school_fen);
	jsonw_obj_end(&w);
	jsonw_key(&w, "assets");
	jsonw_obj_begin(&w);
	money(&w, "financial_fen", r->fin_assets_fen);
	month_str(&w, "balances_at", r->balance_month);
	jsonw_key(&w, "vehicles_not_exempt");
	jsonw_int(&w, r->vehicles);
	jsonw_key(&w, "farm_machines");
	jsonw_int(&w, r->machines);
	jsonw_key(&w, "homes");
	jsonw_int(&w, r->homes);
	boolean(&w, "home_bought_recently", r->recent_home);
	boolean(&w, "company_role", r->company);
	jsonw_obj_end(&w);
	jsonw_key(&w, "eligible");
	jsonw_obj_begin(&w);
	boolean(&w, "tekun", r->tekun_ok && r->dibao_ok);
	boolean(&w, "dibao", r->dibao_ok);
	boolean(&w, "marginal", r->marginal_ok);
	boolean(&w, "rigid", r->rigid_ok);
	jsonw_obj_end(&w);
	jsonw_key(&w, "authorisation");
	jsonw_obj_begin(&w);
	str(&w, "signed_by", h->auth.signed_by);
	str(&w, "signed_on", h->auth.signed_on);
	str(&w, "valid_until", h->auth.valid_until);
	str(&w, "scope", h->auth.scope);
	str(&w, "document", h->auth.document);
	jsonw_obj_end(&w);
	members_json(&w, h, r);
	reasons_json(&w, r);
	evidence_json(&w, r);
	jsonw_key(&w, "parameters");
	jsonw_arr_begin(&w);
	for (const char *s = r->params.data; s && *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		jsonw_strn(&w, s, n);
		s += n + (nl != NULL);
	}
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	return jsonw_finish(&w);
}

/* ---- the printable page ---- */

static void esc(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		default:
			buf_addch(b, *s);
		}
	}
}

static const char *yuan(int64_t fen, char out[MONEY_STR_SIZE])
{
	if (money_format(fen, out))
		snprintf(out, MONEY_STR_SIZE, "?");
	return out;
}

static void row(struct buf *b, const char *th, const char *td)
{
	buf_adds(b, "<tr><th>");
	esc(b, th);
	buf_adds(b, "</th><td>");
	esc(b, td);
	buf_adds(b, "</td></tr>\n");
}

#define T(zh, en) (lang == LANG_ZH ? (zh) : (en))

static void html_members(struct buf *b, const struct vf_household *h, const struct vf_result *r,
                         enum lang lang)
{
	buf_addf(b,
	         "<h2>%s</h2>\n<table><tr><th>#</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
	         "<th>%s</th><th>%s</th></tr>\n",
	         T("一、家庭成员", "1. Members"), T("姓名", "Name"), T("身份证号", "ID number"),
	         T("与户主关系", "Relation"), T("年龄", "Age"), T("计入家庭", "Counted"),
	         T("残疾 / 自理", "Disability / self-care"), T("计入收入（元）", "Counted income (yuan)"));
	for (size_t i = 0; i < h->nmembers; i++) {
		const struct vf_member_result *x = &r->members[i];
		char y[MONEY_STR_SIZE];
		buf_addf(b, "<tr><td>%zu</td><td>", i + 1);
		esc(b, h->members[i].name);
		buf_adds(b, "</td><td>");
		esc(b, h->members[i].idno);
		buf_adds(b, "</td><td>");
		esc(b, h->members[i].relation);
		buf_addf(b, "</td><td>%d</td><td>", x->age);
		esc(b, x->counted ? T("是", "yes") : (lang == LANG_ZH ? x->why_not_zh : x->why_not_en));
		buf_adds(b, "</td><td>");
		esc(b, x->disability[0] ? x->disability : "—");
		buf_adds(b, " / ");
		esc(b, x->selfcare);
		buf_addf(b, "</td><td class=n>%s</td></tr>\n", yuan(x->income_fen, y));
	}
	buf_adds(b, "</table>\n");
}

static void html_evidence(struct buf *b, const struct vf_household *h, const struct vf_result *r,
                          enum lang lang)
{
	buf_addf(
	    b,
	    "<h2>%s</h2>\n<table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
	    T("二、收入、支出与财产明细", "2. Income, spending and assets, item by item"),
	    T("成员", "Member"), T("项目", "Item"), T("所属期", "Period"), T("金额（元）", "Amount (yuan)"),
	    T("认定", "Use"), T("来源（资源 / 批次 / 行）", "Source (resource / batch / line)"));
	for (size_t i = 0; i < r->nevidence; i++) {
		const struct vf_evidence *v = &r->evidence[i];
		if (v->use == VU_AUX || v->use == VU_STATUS || v->use == VU_OUTSIDE)
			continue;
		char y[MONEY_STR_SIZE];
		buf_adds(b, "<tr><td>");
		esc(b, h->members[v->member].name);
		buf_adds(b, "</td><td>");
		esc(b, v->category);
		if (v->fact->value) {
			buf_adds(b, "（");
			esc(b, v->fact->value);
			buf_adds(b, "）");
		}
		buf_adds(b, "</td><td>");
		esc(b, v->fact->period ? v->fact->period : "");
		buf_addf(b, "</td><td class=n>%s</td><td>", yuan(v->fen, y));
		esc(b, vf_use_name(v->use, lang));
		buf_adds(b, "</td><td>");
		esc(b, v->fact->resource);
		buf_addf(b, " / %" PRId64, v->fact->batch);
		if (v->fact->batch_date && v->fact->batch_date[0]) {
			buf_adds(b, "（");
			esc(b, v->fact->batch_date);
			buf_adds(b, "）");
		}
		buf_addf(b, " / %" PRId64 "</td></tr>\n", v->fact->line);
	}
	buf_adds(b, "</table>\n");
}

static void html_calculation(struct buf *b, const struct vf_result *r, enum lang lang)
{
	char a[MONEY_STR_SIZE], c[MONEY_STR_SIZE], d[MONEY_STR_SIZE], m[8], q[8];
	month_format(r->month, m);
	month_format(r->balance_month, q);
	buf_addf(b, "<h2>%s</h2>\n<table>\n", T("三、计算过程", "3. The calculation"));
	char line[256];
	snprintf(line, sizeof line, "%s − %s = %s", yuan(r->income_fen, a), yuan(r->deducted_fen, c),
	         yuan(r->income_fen - r->deducted_fen, d));
	row(b, T("计入收入 − 扣减（元，核对期内）", "Counted income − deductions (yuan, over the period)"),
	    line);
	snprintf(line, sizeof line, "%s ÷ %d ÷ %d = %s", yuan(r->income_fen - r->deducted_fen, a), r->months,
	         r->counted, yuan(r->per_capita_fen, c));
	row(b,
	    T("家庭月人均收入（元，向下取到分，不低于 0）",
	      "Monthly income per person (yuan, rounded down, not below 0)"),
	    line);
	row(b, T("低保标准（元/人·月）", "Dibao standard (yuan per person and month)"),
	    yuan(r->standard_fen, a));
	snprintf(line, sizeof line, "%s（%s %s）", yuan(r->fin_assets_fen, a), T("季末", "quarter end"), q);
	row(b, T("金融资产合计（元）", "Financial assets (yuan)"), line);
	snprintf(line, sizeof line, "%d / %d / %d%s%s", r->vehicles, r->machines, r->homes,
	         r->recent_home ? T("，近期购房", ", a home bought recently") : "",
	         r->company ? T("，有企业任职", ", a company role") : "");
	row(b, T("非豁免机动车 / 大型农机 / 住房", "Cars not exempt / farm machines / homes"), line);
	row(b, T("不计入收入（元）", "Income not counted (yuan)"), yuan(r->excluded_fen, a));
	row(b, T("医疗与教育支出（元）", "Medical and school spending (yuan)"),
	    (snprintf(line, sizeof line, "%s / %s", yuan(r->medical_fen, a), yuan(r->school_fen, c)), line));
	row(b, T("核对月份", "Verification month"), m);
	buf_adds(b, "</table>\n");
}

static void html_reasons(struct buf *b, const struct vf_household *h, const struct vf_result *r,
                         enum lang lang)
{
	buf_addf(b, "<h2>%s</h2>\n<table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
	         T("四、认定依据", "4. Reasons"), T("政策", "Policy"), T("规则", "Rule"),
	         T("结果", "Outcome"), T("说明", "Message"));
	for (size_t i = 0; i < r->nreasons; i++) {
		const struct vf_reason *x = &r->reasons[i];
		buf_adds(b, x->outcome ? "<tr class=yes><td>" : "<tr><td>");
		esc(b, x->program);
		if (x->member >= 0) {
			buf_adds(b, " · ");
			esc(b, h->members[x->member].name);
		}
		buf_adds(b, "</td><td>");
		esc(b, x->rule);
		buf_adds(b, "</td><td>");
		esc(b, x->outcome ? T("成立", "holds") : T("不成立", "does not hold"));
		buf_adds(b, "</td><td>");
		esc(b, x->message);
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</table>\n");
	buf_addf(b, "<h2>%s</h2>\n<pre>", T("五、适用的政策参数", "5. Parameters in force"));
	esc(b, r->params.data);
	buf_adds(b, "</pre>\n");
}

int vf_report_html(const struct vf_household *h, const struct vf_result *r, date_t day, enum lang lang,
                   struct buf *out)
{
	char d[DATE_STR_SIZE], y[MONEY_STR_SIZE], m[8];
	date_format(day, d);
	month_format(r->month, m);
	buf_addf(
	    out,
	    "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>%s</title>\n"
	    "<style>@page{size:A4;margin:16mm 14mm}body{font:10.5pt/1.45 \"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif;"
	    "color:#111;max-width:182mm;margin:auto}h1{font-size:16pt;text-align:center;margin:0 0 4mm}"
	    "h2{font-size:12pt;margin:5mm 0 2mm;border-bottom:1px solid #444}table{width:100%%;border-collapse:collapse}"
	    "th,td{border:1px solid #999;padding:1mm 1.5mm;text-align:left;vertical-align:top}td.n{text-align:right}"
	    "tr{page-break-inside:avoid}tr.yes td{background:#eef6ee}.decision{font-size:13pt;font-weight:bold}"
	    "pre{white-space:pre-wrap;font-size:8.5pt}</style></head><body>\n",
	    lang == LANG_ZH ? "zh-CN" : "en",
	    T("家庭经济状况核对报告", "Household economic verification report"));
	buf_addf(out, "<h1>%s</h1>\n<table>\n",
	         T("家庭经济状况核对报告", "Household economic verification report"));
	row(out, T("户号", "Household"), h->id);
	row(out, T("居住地区划", "Region"), h->region);
	row(out, T("核对日 / 核对月份", "Verification day / month"),
	    (snprintf(y, sizeof y, "%s / %s", d, m), y));
	char auth[512];
	snprintf(auth, sizeof auth, "%s，%s %s%s%s", h->auth.signed_by ? h->auth.signed_by : "",
	         T("签署于", "signed on"), h->auth.signed_on ? h->auth.signed_on : "",
	         h->auth.document && h->auth.document[0] ? "，" : "",
	         h->auth.document ? h->auth.document : "");
	row(out, T("授权书", "Authorisation"), auth);
	buf_adds(out, "</table>\n<p class=decision>");
	esc(out, T("核对结论：", "Decision: "));
	esc(out, vf_class_label(r->decision, lang));
	buf_addf(out, "，%s %s %s</p>\n", T("月救助金额", "monthly benefit"), yuan(r->benefit_fen, y),
	         T("元", "yuan"));
	html_members(out, h, r, lang);
	html_evidence(out, h, r, lang);
	html_calculation(out, r, lang);
	html_reasons(out, h, r, lang);
	int rc = buf_addf(
	    out, "<p>%s</p>\n</body></html>\n",
	    T("本报告由 safetynet 按核对时的数据与政策生成；每项数据注明来源部门资源、批次与行号。",
	      "Made by safetynet from the data and policy in force at verification; every item names its "
	      "resource, batch and line."));
	return rc ? ERR_NOMEM : 0;
}
