/* facts.c: what each kind of fact is to verification (the data dictionary of docs/VERIFY.md):
 * income, a deduction, rigid spending, a balance, an asset, or a fact about membership and
 * capacity; and each member's timeline in the household (joined, died, left, in prison) as the
 * register and the departments' records give it. The policy, not this table, decides which
 * income counts: a category here is only a name the rules match on. */
#include "verify/verify_int.h"

static const struct vf_kind kinds[] = {
	{ "wage", VK_INCOME, "工资", "wages" },
	{ "flexible_income", VK_INCOME, "灵活就业收入", "flexible work income" },
	{ "employee_pension", VK_INCOME, "职工养老金", "employee pension" },
	{ "basic_pension", VK_INCOME, "基础养老金", "residents' basic pension" },
	{ "unemployment_benefit", VK_INCOME, "失业保险金", "unemployment benefit" },
	{ "business_income", VK_INCOME, "经营净收入", "net business income" },
	{ "farm_income", VK_INCOME, "农业经营纯收入", "net farming income" },
	{ "maintenance_received", VK_MAINT_IN, "抚养费收入", "maintenance received" },
	{ "disability_subsidy", VK_INCOME, "残疾人两项补贴", "disability subsidies" },
	{ "assistance", VK_INCOME, "临时救助", "temporary aid" },
	{ "farm_subsidy", VK_YEARLY, "耕地地力保护补贴", "farmland subsidy" },
	{ "social_insurance", VK_DEDUCT, "社保个人缴费", "social insurance contributions" },
	{ "income_tax", VK_DEDUCT, "个人所得税", "income tax" },
	{ "maintenance_paid", VK_MAINT_OUT, "支付抚养费", "maintenance paid" },
	{ "inpatient", VK_MEDICAL, "住院自付费用", "inpatient costs after insurance" },
	{ "outpatient", VK_MEDICAL, "门诊自付费用", "outpatient costs after insurance" },
	{ "school_fees", VK_SCHOOL, "教育支出", "school fees" },
	{ "deposits", VK_BALANCE, "存款", "deposits" },
	{ "securities", VK_BALANCE, "证券", "securities" },
	{ "insurance_value", VK_BALANCE, "保险现金价值", "insurance cash value" },
	{ "vehicle", VK_VEHICLE, "机动车", "vehicle" },
	{ "farm_machine", VK_MACHINE, "农业机械", "farm machine" },
	{ "real_estate", VK_HOME, "住房", "home" },
	{ "company_role", VK_COMPANY, "企业任职", "company role" },
	{ "register", VK_STATUS, "户籍", "register" },
	{ "register_change", VK_STATUS, "户籍变动", "register change" },
	{ "death", VK_STATUS, "死亡", "death" },
	{ "cremation", VK_STATUS, "火化", "cremation" },
	{ "marriage", VK_STATUS, "婚姻登记", "marriage registration" },
	{ "prison", VK_STATUS, "服刑", "prison" },
	{ "disability_type", VK_STATUS, "残疾类别", "disability type" },
	{ "disability_grade", VK_STATUS, "残疾等级", "disability grade" },
	{ "school_enrolment", VK_STATUS, "学籍", "school enrolment" },
	{ "dropout", VK_STATUS, "辍学", "dropout" },
	{ "selfcare", VK_STATUS, "生活自理能力", "self-care" },
	{ "supporter", VK_STATUS, "赡养能力", "supporters" },
	{ "serious_diagnosis", VK_STATUS, "重大疾病", "serious diagnosis" },
};

/* vehicle types exempt from the asset test: the livelihood tricycle and a disabled person's car */
static const char *const exempt_vehicles[] = { "三轮汽车", "残疾人专用车" };

const struct vf_kind *vf_kind_of(const char *kind)
{
	static const struct vf_kind aux = { "", VK_AUX, "辅助信息", "auxiliary" };
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(kinds[i].kind, kind))
			return &kinds[i];
	return &aux;
}

size_t vf_kind_index(const struct vf_kind *k)
{
	return k >= kinds && k < kinds + ARRAY_SIZE(kinds) ? (size_t)(k - kinds) : ARRAY_SIZE(kinds);
}

size_t vf_nkinds(void)
{
	return ARRAY_SIZE(kinds);
}

const struct vf_kind *vf_kind_at(size_t i)
{
	return i < ARRAY_SIZE(kinds) ? &kinds[i] : NULL;
}

bool vf_vehicle_exempt(const char *type)
{
	for (size_t i = 0; type && i < ARRAY_SIZE(exempt_vehicles); i++)
		if (!strcmp(type, exempt_vehicles[i]))
			return true;
	return false;
}

int vf_period_month(const char *period, month_t *out)
{
	date_t d;
	if (!period)
		return -1;
	size_t n = strlen(period);
	if (n == 7)
		return month_parse(period, n, out);
	if (n == 10 && date_parse(period, n, &d) == 0) {
		*out = month_of(d);
		return 0;
	}
	return -1;
}

static bool is(const char *a, const char *b)
{
	return a && !strcmp(a, b);
}

void vf_timeline(const struct vf_member *m, struct vf_timeline *t)
{
	t->joined = month_of(m->birth);
	t->died = t->left = INT32_MAX;
	t->prison_from = t->prison_to = -1;
	t->gone_undated = false;
	bool joins_by_marriage = is(m->relation, "02") || is(m->relation, "07");
	month_t married = -1;
	for (size_t i = 0; i < m->nfacts; i++) {
		const struct vf_fact *f = &m->facts[i];
		month_t mo;
		if (vf_period_month(f->period, &mo))
			continue;
		if (is(f->kind, "death") || is(f->kind, "cremation") ||
		    (is(f->kind, "register_change") && is(f->value, "死亡注销"))) {
			if (mo < t->died)
				t->died = mo;
		} else if (is(f->kind, "register_change") && is(f->value, "迁出")) {
			if (mo < t->left)
				t->left = mo;
		} else if (is(f->kind, "marriage") && is(f->value, "结婚") && joins_by_marriage) {
			if (mo > married)
				married = mo;
		} else if (is(f->kind, "prison")) {
			month_t to;
			if (mo > t->prison_from) {
				t->prison_from = mo;
				t->prison_to = vf_period_month(f->value, &to) ? INT32_MAX : to;
			}
		}
	}
	if (married > t->joined)
		t->joined = married;
	/* the register says so, but no record dates it */
	if ((is(m->status, "死亡注销") && t->died == INT32_MAX) ||
	    (is(m->status, "迁出") && t->left == INT32_MAX))
		t->gone_undated = true;
}

enum vf_absence vf_absent(const struct vf_timeline *t, month_t mo)
{
	if (t->died <= mo)
		return VA_DIED;
	if (t->left <= mo)
		return VA_LEFT;
	if (t->gone_undated)
		return VA_GONE;
	if (mo < t->joined)
		return VA_NOT_YET;
	if (t->prison_from >= 0 && mo >= t->prison_from && mo <= t->prison_to)
		return VA_PRISON;
	return VA_PRESENT;
}
