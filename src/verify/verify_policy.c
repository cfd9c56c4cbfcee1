/* verify_policy.c: the verification's policy: the four rule programs of the policy folder (dibao,
 * destitute, marginal, rigid expenditure), compiled once and checked to declare the inputs,
 * values and rules verification hands over or reads back; and the parameter snapshots of the
 * counties and months verified lately. */
#include "base/mem.h"
#include "verify/verify_int.h"

struct want {
	const char *name;
	enum rv_type type;
};

static const struct want dibao_in[] = {
	{ "城乡", RV_TEXT },       { "核对日", RV_DATE },      { "成员", RV_LIST },
	{ "金融资产", RV_MONEY },  { "非豁免机动车", RV_INT }, { "大型农机", RV_INT },
	{ "企业控制人", RV_BOOL }, { "住房套数", RV_INT },     { "近期购房", RV_BOOL },
};
static const struct want dibao_member[] = {
	{ "姓名", RV_TEXT }, { "年龄", RV_INT },  { "计入家庭", RV_BOOL }, { "重度残疾", RV_BOOL },
	{ "重病", RV_BOOL }, { "收入", RV_LIST }, { "扣减", RV_LIST },
};
static const struct want item_row[] = { { "月份", RV_DATE }, { "类别", RV_TEXT }, { "金额", RV_MONEY } };
static const struct want dibao_lets[] = {
	{ "人数", RV_INT },   { "计入收入", RV_MONEY }, { "扣减额", RV_MONEY },  { "月人均", RV_MONEY },
	{ "标准", RV_MONEY }, { "收入符合", RV_BOOL },  { "资产符合", RV_BOOL }, { "月保障金", RV_MONEY },
};
static const struct want tekun_in[] = {
	{ "城乡", RV_TEXT },         { "年龄", RV_INT },         { "在校", RV_BOOL },
	{ "残疾", RV_TEXT },         { "月人均收入", RV_MONEY }, { "资产符合", RV_BOOL },
	{ "有能力赡养人", RV_BOOL }, { "自理能力", RV_TEXT },
};
static const struct want tekun_lets[] = { { "月供养金", RV_MONEY }, { "不能劳动", RV_BOOL } };
static const struct want marginal_in[] = {
	{ "城乡", RV_TEXT },      { "人数", RV_INT },      { "月人均收入", RV_MONEY },
	{ "金融资产", RV_MONEY }, { "已享低保", RV_BOOL }, { "其他资产符合", RV_BOOL },
};
static const struct want rigid_in[] = {
	{ "城乡", RV_TEXT },         { "人数", RV_INT },       { "年收入", RV_MONEY },
	{ "医疗支出", RV_MONEY },    { "教育支出", RV_MONEY }, { "康复支出", RV_MONEY },
	{ "已享其他救助", RV_BOOL }, { "资产符合", RV_BOOL },
};

static int missing(const struct vf_program *p, const char *what_zh, const char *what_en, const char *name,
                   struct error *e)
{
	return error_set(
	    e, ERR_INVAL, "政策文件 %s 缺少核对所需的%s“%s”（或类型不对）",
	    "the policy file %s lacks the %s %s that verification needs (or it has another type)", p->file,
	    L(what_zh, what_en), name);
}

static int bind_inputs(struct vf_program *p, const struct want *w, size_t n, struct error *e)
{
	for (size_t k = 0; k < n; k++) {
		p->in[k] = -1;
		for (size_t i = 0; i < rules_ninputs(p->r); i++)
			if (!strcmp(rules_input_name(p->r, i), w[k].name) &&
			    rules_input_type(p->r, i) == w[k].type)
				p->in[k] = (int)i;
		if (p->in[k] < 0)
			return missing(p, "输入项", "input", w[k].name, e);
	}
	return 0;
}

static int bind_lets(struct vf_program *p, const struct want *w, size_t n, struct error *e)
{
	for (size_t k = 0; k < n; k++) {
		p->let[k] = -1;
		for (size_t i = 0; i < rules_nlets(p->r); i++)
			if (!strcmp(rules_let_name(p->r, i), w[k].name) &&
			    rules_let_type(p->r, i) == w[k].type)
				p->let[k] = (int)i;
		if (p->let[k] < 0)
			return missing(p, "取值", "value (let)", w[k].name, e);
	}
	return 0;
}

static int bind_rule(struct vf_program *p, const char *name, struct error *e)
{
	p->rule[0] = -1;
	for (size_t i = 0; i < rules_nrules(p->r); i++)
		if (!strcmp(rules_rule_name(p->r, i), name))
			p->rule[0] = (int)i;
	return p->rule[0] < 0 ? missing(p, "规则", "rule", name, e) : 0;
}

/* field indices of a list's rows: sub[first + k] for each wanted name */
static int bind_fields(struct vf_program *p, const struct rules_shape *s, const struct want *w, size_t n,
                       int first, struct error *e)
{
	for (size_t k = 0; k < n; k++) {
		p->sub[first + (int)k] = -1;
		for (size_t i = 0; s && i < s->n; i++)
			if (!strcmp(s->names[i], w[k].name) && s->types[i] == w[k].type)
				p->sub[first + (int)k] = (int)i;
		if (p->sub[first + (int)k] < 0)
			return missing(p, "列表字段", "list field", w[k].name, e);
	}
	return 0;
}

static int compile(struct vf_policy *pol, const char *dir, const char *file, struct vf_program *p,
                   struct error *e)
{
	p->file = file;
	return rules_compile_policy(dir, file, &pol->ps, &p->r, e);
}

int vf_policy_open(const char *dir, struct vf_policy **out, struct error *e)
{
	*out = NULL;
	struct vf_policy *p = mem_calloc(1, sizeof *p);
	if (!p)
		return error_nomem(e);
	int rc = params_load_builtin(&p->ps, e);
	if (!rc)
		rc = compile(p, dir, "dibao.rules", &p->dibao, e);
	if (!rc)
		rc = compile(p, dir, "tekun.rules", &p->tekun, e);
	if (!rc)
		rc = compile(p, dir, "marginal.rules", &p->marginal, e);
	if (!rc)
		rc = compile(p, dir, "rigid.rules", &p->rigid, e);
	if (!rc)
		rc = bind_inputs(&p->dibao, dibao_in, ARRAY_SIZE(dibao_in), e);
	if (!rc) {
		const struct rules_shape *m = rules_input_shape(p->dibao.r, (size_t)p->dibao.in[2]);
		rc = bind_fields(&p->dibao, m, dibao_member, ARRAY_SIZE(dibao_member), 0, e);
		if (!rc)
			rc = bind_fields(&p->dibao, m->subs[p->dibao.sub[5]], item_row, 3, 7, e);
		if (!rc)
			rc = bind_fields(&p->dibao, m->subs[p->dibao.sub[6]], item_row, 3, 10, e);
	}
	if (!rc)
		rc = bind_lets(&p->dibao, dibao_lets, ARRAY_SIZE(dibao_lets), e);
	if (!rc)
		rc = bind_rule(&p->dibao, "符合低保", e);
	if (!rc)
		rc = bind_inputs(&p->tekun, tekun_in, ARRAY_SIZE(tekun_in), e);
	if (!rc)
		rc = bind_lets(&p->tekun, tekun_lets, ARRAY_SIZE(tekun_lets), e);
	if (!rc)
		rc = bind_rule(&p->tekun, "符合特困", e);
	if (!rc)
		rc = bind_inputs(&p->marginal, marginal_in, ARRAY_SIZE(marginal_in), e);
	if (!rc)
		rc = bind_rule(&p->marginal, "符合低保边缘", e);
	if (!rc)
		rc = bind_inputs(&p->rigid, rigid_in, ARRAY_SIZE(rigid_in), e);
	if (!rc)
		rc = bind_rule(&p->rigid, "符合刚性支出困难", e);
	if (rc) {
		error_prefix(e, "核对政策：", "verification policy: ");
		vf_policy_close(p);
		return rc;
	}
	*out = p;
	return 0;
}

void vf_policy_close(struct vf_policy *p)
{
	if (!p)
		return;
	rules_free(p->dibao.r);
	rules_free(p->tekun.r);
	rules_free(p->marginal.r);
	rules_free(p->rigid.r);
	for (size_t i = 0; i < ARRAY_SIZE(p->snaps); i++)
		if (p->snaps[i].used)
			params_snapshot_release(&p->snaps[i].snap);
	params_release(&p->ps);
	mem_free(p);
}

int vf_policy_snap(struct vf_policy *p, const char *county, month_t mo, struct vf_snap **out, struct error *e)
{
	for (size_t i = 0; i < ARRAY_SIZE(p->snaps); i++) {
		struct vf_snap *s = &p->snaps[i];
		if (s->used && s->month == mo && !strcmp(s->county, county)) {
			*out = s;
			return 0;
		}
	}
	struct vf_snap *s = &p->snaps[p->next_snap];
	p->next_snap = (p->next_snap + 1) % ARRAY_SIZE(p->snaps);
	if (s->used)
		params_snapshot_release(&s->snap);
	s->used = false;
	int rc = params_resolve(&p->ps, county, month_first_day(mo), &s->snap, e);
	if (rc)
		return rc;
	const struct {
		const char *name;
		int64_t *to;
	} own[] = {
		{ "income_months", &s->income_months },
		{ "home_purchase_months", &s->home_purchase_months },
		{ "fin_assets_months_marginal", &s->fin_assets_months_marginal },
		{ "max_homes", &s->max_homes },
	};
	for (size_t i = 0; i < ARRAY_SIZE(own); i++) {
		const struct param_value *v = params_get(&s->snap, own[i].name);
		if (!v || (i == 0 && v->value < 1)) {
			params_snapshot_release(&s->snap);
			return error_set(e, ERR_INVAL, "参数 %s 在 %s 没有有效取值",
			                 "parameter %s has no valid value in %s", own[i].name, county);
		}
		*own[i].to = v->value;
	}
	s->used = true;
	s->month = mo;
	snprintf(s->county, sizeof s->county, "%s", county);
	memset(s->counts, -1, sizeof s->counts);
	*out = s;
	return 0;
}
