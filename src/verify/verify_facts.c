/* verify_facts.c: what each kind of fact is to verification (the data dictionary of docs/VERIFY.md):
 * income, a deduction, rigid spending, a balance, an asset, or a fact about membership and
 * capacity; and each member's timeline in the household (joined, died, left, in prison) as the
 * register and the departments' records give it. The policy, not this table, decides which
 * income counts: a category here is only a name the rules match on. */
#include "verify/verify_int.h"

/* in strcmp order of kind: vf_kind_of searches it by halves (tests/verify checks the order) */
static const struct vf_kind kinds[] = {
	{ "assistance", VK_INCOME, VS_NONE, "临时救助", "temporary aid" },
	{ "basic_pension", VK_INCOME, VS_NONE, "基础养老金", "residents' basic pension" },
	{ "business_income", VK_INCOME, VS_NONE, "经营净收入", "net business income" },
	{ "company_role", VK_COMPANY, VS_NONE, "企业任职", "company role" },
	{ "cremation", VK_STATUS, VS_DEATH, "火化", "cremation" },
	{ "death", VK_STATUS, VS_DEATH, "死亡", "death" },
	{ "deposits", VK_BALANCE, VS_NONE, "存款", "deposits" },
	{ "disability_grade", VK_STATUS, VS_DISABILITY_GRADE, "残疾等级", "disability grade" },
	{ "disability_subsidy", VK_INCOME, VS_NONE, "残疾人两项补贴", "disability subsidies" },
	{ "disability_type", VK_STATUS, VS_DISABILITY_TYPE, "残疾类别", "disability type" },
	{ "dropout", VK_STATUS, VS_DROPOUT, "辍学", "dropout" },
	{ "employee_pension", VK_INCOME, VS_NONE, "职工养老金", "employee pension" },
	{ "farm_income", VK_INCOME, VS_NONE, "农业经营纯收入", "net farming income" },
	{ "farm_machine", VK_MACHINE, VS_NONE, "农业机械", "farm machine" },
	{ "farm_subsidy", VK_YEARLY, VS_NONE, "耕地地力保护补贴", "farmland subsidy" },
	{ "flexible_income", VK_INCOME, VS_NONE, "灵活就业收入", "flexible work income" },
	{ "income_tax", VK_DEDUCT, VS_NONE, "个人所得税", "income tax" },
	{ "inpatient", VK_MEDICAL, VS_NONE, "住院自付费用", "inpatient costs after insurance" },
	{ "insurance_value", VK_BALANCE, VS_NONE, "保险现金价值", "insurance cash value" },
	{ "maintenance_paid", VK_MAINT_OUT, VS_NONE, "支付抚养费", "maintenance paid" },
	{ "maintenance_received", VK_MAINT_IN, VS_NONE, "抚养费收入", "maintenance received" },
	{ "marriage", VK_STATUS, VS_MARRIAGE, "婚姻登记", "marriage registration" },
	{ "outpatient", VK_MEDICAL, VS_NONE, "门诊自付费用", "outpatient costs after insurance" },
	{ "prison", VK_STATUS, VS_PRISON, "服刑", "prison" },
	{ "real_estate", VK_HOME, VS_NONE, "住房", "home" },
	{ "register", VK_STATUS, VS_NONE, "户籍", "register" },
	{ "register_change", VK_STATUS, VS_REGISTER_CHANGE, "户籍变动", "register change" },
	{ "school_enrolment", VK_STATUS, VS_ENROLMENT, "学籍", "school enrolment" },
	{ "school_fees", VK_SCHOOL, VS_NONE, "教育支出", "school fees" },
	{ "securities", VK_BALANCE, VS_NONE, "证券", "securities" },
	{ "selfcare", VK_STATUS, VS_SELFCARE, "生活自理能力", "self-care" },
	{ "serious_diagnosis", VK_STATUS, VS_DIAGNOSIS, "重大疾病", "serious diagnosis" },
	{ "social_insurance", VK_DEDUCT, VS_NONE, "社保个人缴费", "social insurance contributions" },
	{ "supporter", VK_STATUS, VS_SUPPORTER, "赡养能力", "supporters" },
	{ "unemployment_benefit", VK_INCOME, VS_NONE, "失业保险金", "unemployment benefit" },
	{ "vehicle", VK_VEHICLE, VS_NONE, "机动车", "vehicle" },
	{ "wage", VK_INCOME, VS_NONE, "工资", "wages" },
};

/* vehicle types exempt from the asset test: the livelihood tricycle and a disabled person's car */
static const char *const exempt_vehicles[] = { "三轮汽车", "残疾人专用车" };

const struct vf_kind *vf_kind_of(const char *kind)
{
	static const struct vf_kind aux = { "", VK_AUX, VS_NONE, "辅助信息", "auxiliary" };
	size_t lo = 0, hi = ARRAY_SIZE(kinds);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(kind, kinds[mid].kind);
		if (c == 0)
			return &kinds[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return &aux;
}

size_t vf_kind_index(const struct vf_kind *k)
{
	return k >= kinds && k < kinds + ARRAY_SIZE(kinds) ? (size_t)(k - kinds) : ARRAY_SIZE(kinds);
}

const struct vf_kind *vf_kind_at(size_t i)
{
	static const struct vf_kind aux = { "", VK_AUX, VS_NONE, "辅助信息", "auxiliary" };
	return i < ARRAY_SIZE(kinds) ? &kinds[i] : &aux;
}

bool vf_kinds_sorted(void)
{
	for (size_t i = 1; i < ARRAY_SIZE(kinds); i++)
		if (strcmp(kinds[i - 1].kind, kinds[i].kind) >= 0)
			return false;
	return true;
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

void vf_timeline(const struct vf_member *m, const struct vf_kind *const *entries, struct vf_timeline *t)
{
	t->joined = month_of(m->birth);
	t->died = t->left = INT32_MAX;
	t->prison_from = t->prison_to = -1;
	t->gone_undated = false;
	bool joins_by_marriage = is(m->relation, "02") || is(m->relation, "07");
	month_t married = -1;
	for (size_t i = 0; i < m->nfacts; i++) {
		const struct vf_fact *f = &m->facts[i];
		enum vf_status st = entries[i]->status;
		month_t mo;
		if (st == VS_NONE || vf_period_month(f->period, &mo))
			continue;
		if (st == VS_DEATH || (st == VS_REGISTER_CHANGE && is(f->value, "死亡注销"))) {
			if (mo < t->died)
				t->died = mo;
		} else if (st == VS_REGISTER_CHANGE && is(f->value, "迁出")) {
			if (mo < t->left)
				t->left = mo;
		} else if (st == VS_MARRIAGE && is(f->value, "结婚") && joins_by_marriage) {
			if (mo > married)
				married = mo;
		} else if (st == VS_PRISON) {
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
