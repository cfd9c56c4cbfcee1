/* verify.c: one household's verification for a month: who is in the household, each fact read
 * as income, deduction, spending, asset or status, the four rule programs evaluated on what
 * that gives, and the decision in the order of DOMAIN.md §1 (destitute, dibao, marginal, rigid
 * expenditure, none) with the benefit, the reasons and the evidence. */
#include "base/region.h"
#include "verify/verify_int.h"

const char *vf_class_name(enum vf_class c)
{
	static const char *const names[] = { "none", "dibao", "tekun", "marginal", "rigid" };
	return (unsigned)c < VF_CLASSES ? names[c] : "?";
}

const char *vf_class_label(enum vf_class c, enum lang lang)
{
	static const char *const zh[] = { "不符合", "低保", "特困", "低保边缘", "刚性支出困难" };
	static const char *const en[] = { "none", "dibao", "destitute support", "marginal",
		                          "rigid expenditure" };
	return (unsigned)c < VF_CLASSES ? (lang == LANG_ZH ? zh[c] : en[c]) : "?";
}

int vf_class_parse(const char *s, enum vf_class *out)
{
	for (int c = 0; c < VF_CLASSES; c++)
		if (!strcmp(s, vf_class_name((enum vf_class)c))) {
			*out = (enum vf_class)c;
			return 0;
		}
	return -1;
}

const char *vf_use_name(enum vf_use u, enum lang lang)
{
	static const char *const zh[] = { "计入", "不计入",     "扣减",     "刚性支出",
		                          "资产", "身份与能力", "辅助信息", "不在核对期或非计入成员" };
	static const char *const en[] = { "counted",   "not counted",
		                          "deducted",  "rigid spending",
		                          "asset",     "status",
		                          "auxiliary", "outside the period or member" };
	return lang == LANG_ZH ? zh[u] : en[u];
}

/* rows of a member's income or deduction list, merged by category and month */
struct rows {
	size_t n, cap;
	const char **cat;
	month_t *mo;
	int64_t *fen;
};

static int rows_add(struct rows *r, struct arena *a, const char *cat, month_t mo, int64_t fen)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->cat[i] == cat && r->mo[i] == mo) {
			r->fen[i] += fen;
			return 0;
		}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		const char **c = arena_alloc(a, cap * sizeof *c);
		month_t *m = arena_alloc(a, cap * sizeof *m);
		int64_t *f = arena_alloc(a, cap * sizeof *f);
		if (!c || !m || !f)
			return ERR_NOMEM;
		if (r->n) {
			memcpy(c, r->cat, r->n * sizeof *c);
			memcpy(m, r->mo, r->n * sizeof *m);
			memcpy(f, r->fen, r->n * sizeof *f);
		}
		r->cat = c;
		r->mo = m;
		r->fen = f;
		r->cap = cap;
	}
	r->cat[r->n] = cat;
	r->mo[r->n] = mo;
	r->fen[r->n] = fen;
	r->n++;
	return 0;
}

/* More rows than the rules take: fold each category into one row at the last month. */
static void rows_fold(struct rows *r, month_t last)
{
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++) {
		size_t j = 0;
		while (j < k && r->cat[j] != r->cat[i])
			j++;
		if (j == k) {
			r->cat[k] = r->cat[i];
			r->mo[k] = last;
			r->fen[k++] = 0;
		}
		r->fen[j] += r->fen[i];
	}
	r->n = k;
}

static struct rv rv_int(enum rv_type t, int64_t i)
{
	struct rv v = { t, i, NULL, NULL };
	return v;
}

static struct rv rv_text(const char *s)
{
	struct rv v = { RV_TEXT, 0, s, NULL };
	return v;
}

static int rows_list(const struct vf_program *p, int first, struct rows *r, const struct rules_shape *s,
                     month_t last, struct arena *a, struct rv *out)
{
	if (r->n > (size_t)s->max)
		rows_fold(r, last);
	if (r->n > (size_t)s->max)
		return ERR_TOOBIG;
	struct rv_list *l = arena_calloc(a, sizeof *l);
	struct rv *cells = arena_calloc(a, (r->n * s->n + 1) * sizeof *cells);
	if (!l || !cells)
		return ERR_NOMEM;
	for (size_t i = 0; i < r->n; i++) {
		struct rv *row = cells + i * s->n;
		row[p->sub[first]] = rv_int(RV_DATE, month_first_day(r->mo[i]));
		row[p->sub[first + 1]] = rv_text(r->cat[i]);
		row[p->sub[first + 2]] = rv_int(RV_MONEY, r->fen[i]);
	}
	l->n = r->n;
	l->cells = cells;
	*out = (struct rv){ RV_LIST, 0, NULL, l };
	return 0;
}

static int age_on(date_t birth, date_t day)
{
	int by, bm, bd, y, m, d;
	date_to_ymd(birth, &by, &bm, &bd);
	date_to_ymd(day, &y, &m, &d);
	return y - by - (m < bm || (m == bm && d < bd));
}

/* per member, what the facts say about capacity and care */
struct member_facts {
	struct vf_timeline t;
	struct rows income, deduct;
	int dis_type, dis_grade;
	bool enrolled, dropped, ill;
	const char *selfcare;
	month_t selfcare_month;
	const char *supporter;
	month_t supporter_month;
};

static const char *disability_label(int type, int grade, char out[24])
{
	static const char *const names[] = { "", "视力", "听力", "言语", "肢体", "智力", "精神" };
	out[0] = '\0';
	if (type < 1 || type > 6 || grade < 1)
		return out;
	if ((type >= 5 && grade <= 3))
		snprintf(out, 24, "%s1-3", names[type]);
	else if (type == 4 && grade <= 2)
		snprintf(out, 24, "%s1-2", names[type]);
	else if (type == 1 && grade == 1)
		snprintf(out, 24, "%s1", names[type]);
	else
		snprintf(out, 24, "%s%d级", names[type], grade);
	return out;
}

struct ctx {
	struct vf_policy *p;
	const struct vf_household *h;
	struct vf_result *r;
	struct vf_snap *snap;
	struct arena *a;
	month_t mo, first, quarter;
	const char *urban_text;
	date_t check_day; /* the first day after the period: the rules' 核对日 */
	struct member_facts *mf;
	struct error *e;
	size_t evidence_cap, reasons_cap;
	struct buf messages; /* the rules' messages of the evaluation under way */
};

static int evidence_add(struct ctx *c, int member, const struct vf_fact *f, const struct vf_kind *k,
                        month_t mo, int64_t fen, enum vf_use use)
{
	struct vf_result *r = c->r;
	if (r->nevidence == c->evidence_cap) {
		size_t cap = c->evidence_cap ? c->evidence_cap * 2 : 64;
		struct vf_evidence *n = arena_alloc(c->a, cap * sizeof *n);
		if (!n)
			return error_nomem(c->e);
		if (r->nevidence)
			memcpy(n, r->evidence, r->nevidence * sizeof *n);
		r->evidence = n;
		c->evidence_cap = cap;
	}
	struct vf_evidence *v = &r->evidence[r->nevidence++];
	v->member = member;
	v->fact = f;
	v->category = k->zh;
	v->kind = (unsigned)vf_kind_index(k);
	v->month = mo;
	v->fen = fen;
	v->use = use;
	return 0;
}

static bool in_period(const struct ctx *c, month_t mo)
{
	return mo >= c->first && mo <= c->mo;
}

/* A court's monthly maintenance counts from the month after the judgment, for the months the
 * member was in the household. */
static int maintenance(struct ctx *c, int i, const struct vf_fact *f, const struct vf_kind *k, month_t judged,
                       bool counted)
{
	struct member_facts *m = &c->mf[i];
	int64_t total = 0;
	int rc = 0;
	for (month_t mo = judged + 1 > c->first ? judged + 1 : c->first; counted && mo <= c->mo && !rc;
	     mo++) {
		if (vf_absent(&m->t, mo) != VA_PRESENT)
			continue;
		total += f->amount;
		rc = rows_add(k->use == VK_MAINT_IN ? &m->income : &m->deduct, c->a, k->zh, mo, f->amount);
	}
	if (rc)
		return error_nomem(c->e);
	enum vf_use use = !total ? VU_OUTSIDE : k->use == VK_MAINT_IN ? VU_COUNTED : VU_DEDUCTED;
	return evidence_add(c, i, f, k, c->mo, total, use);
}

static int read_fact(struct ctx *c, int i, const struct vf_fact *f, const struct vf_kind *k)
{
	struct member_facts *m = &c->mf[i];
	struct vf_result *r = c->r;
	bool counted = r->members[i].counted;
	/* assets stay with the household while their owner is counted, has died or is in prison */
	enum vf_absence ab = vf_absent(&m->t, c->mo);
	bool owner = ab == VA_PRESENT || ab == VA_DIED || ab == VA_PRISON;
	month_t mo = -1;
	bool dated = vf_period_month(f->period, &mo) == 0;
	int64_t amount = f->has_amount ? f->amount : 0;
	switch (k->use) {
	case VK_INCOME:
	case VK_YEARLY:
		if (k->use == VK_YEARLY) { /* a year's payment counts in its January */
			dated = f->value && strlen(f->value) == 4;
			mo = dated ? month_from_ym((int)strtol(f->value, NULL, 10), 1) : -1;
		}
		if (!(counted && dated && in_period(c, mo)))
			return evidence_add(c, i, f, k, mo, amount, VU_OUTSIDE);
		if (rows_add(&m->income, c->a, k->zh, mo, amount))
			return error_nomem(c->e);
		return evidence_add(c, i, f, k, mo, amount, VU_COUNTED); /* the policy may exclude it */
	case VK_MAINT_IN:
	case VK_MAINT_OUT:
		if (!dated || !f->has_amount)
			return evidence_add(c, i, f, k, -1, amount, VU_OUTSIDE);
		return maintenance(c, i, f, k, mo, counted);
	case VK_DEDUCT:
	case VK_MEDICAL:
		if (!(counted && dated && in_period(c, mo)))
			return evidence_add(c, i, f, k, mo, amount, VU_OUTSIDE);
		if (rows_add(&m->deduct, c->a, k->zh, mo, amount))
			return error_nomem(c->e);
		if (k->use == VK_MEDICAL)
			r->medical_fen += amount;
		r->members[i].deducted_fen += amount;
		return evidence_add(c, i, f, k, mo, amount, VU_DEDUCTED);
	case VK_SCHOOL:
		if (!(counted && dated && in_period(c, mo)))
			return evidence_add(c, i, f, k, mo, amount, VU_OUTSIDE);
		r->school_fen += amount;
		return evidence_add(c, i, f, k, mo, amount, VU_SPENDING);
	case VK_BALANCE:
		if (!(counted && dated && mo == c->quarter))
			return evidence_add(c, i, f, k, mo, amount, VU_OUTSIDE);
		r->fin_assets_fen += amount;
		return evidence_add(c, i, f, k, mo, amount, VU_ASSET);
	case VK_VEHICLE:
	case VK_MACHINE:
	case VK_HOME:
		if (!(owner && dated && mo <= c->mo))
			return evidence_add(c, i, f, k, mo, amount, VU_OUTSIDE);
		if (k->use == VK_VEHICLE && !vf_vehicle_exempt(f->value))
			r->vehicles++;
		else if (k->use == VK_MACHINE)
			r->machines++;
		else if (k->use == VK_HOME) {
			r->homes++;
			if (mo > c->mo - c->snap->home_purchase_months)
				r->recent_home = true;
		}
		return evidence_add(c, i, f, k, mo, amount, VU_ASSET);
	case VK_COMPANY:
		if (!(counted && (!dated || mo <= c->mo)))
			return evidence_add(c, i, f, k, mo, amount, VU_OUTSIDE);
		r->company = true;
		return evidence_add(c, i, f, k, mo, amount, VU_ASSET);
	case VK_STATUS:
		if (dated && mo > c->mo)
			return evidence_add(c, i, f, k, mo, amount, VU_OUTSIDE);
		switch (k->status) {
		case VS_DISABILITY_TYPE:
			m->dis_type = f->value ? (int)strtol(f->value, NULL, 10) : 0;
			break;
		case VS_DISABILITY_GRADE:
			m->dis_grade = f->value ? (int)strtol(f->value, NULL, 10) : 0;
			break;
		case VS_ENROLMENT:
			m->enrolled = f->value && !strcmp(f->value, "在读");
			break;
		case VS_DROPOUT:
			m->dropped = true;
			break;
		case VS_SELFCARE:
			if (!m->selfcare || mo >= m->selfcare_month) {
				m->selfcare = f->value;
				m->selfcare_month = mo;
			}
			break;
		case VS_SUPPORTER:
			if (!m->supporter || mo >= m->supporter_month) {
				m->supporter = f->value;
				m->supporter_month = mo;
			}
			break;
		case VS_DIAGNOSIS:
			m->ill |= dated && in_period(c, mo);
			break;
		default:
			break;
		}
		return evidence_add(c, i, f, k, mo, amount, VU_STATUS);
	case VK_AUX:
		break;
	}
	return evidence_add(c, i, f, k, dated ? mo : -1, amount, VU_AUX);
}

/* Evaluates a program; with reasons asked for, each rule's outcome and message becomes one. */
static int run(struct ctx *c, const struct vf_program *p, const char *program, int member,
               const struct rv *in, bool *outcomes, struct rv *lets, bool reasons)
{
	struct vf_result *r = c->r;
	size_t nr = rules_nrules(p->r), starts[64];
	int rc;
	if (!reasons) {
		rc = rules_eval_lets(p->r, in, &c->snap->snap, outcomes, lets, NULL, c->e);
	} else {
		buf_reset(&c->messages);
		rc =
		    rules_eval_messages(p->r, in, &c->snap->snap, outcomes, lets, &c->messages, starts, c->e);
	}
	if (rc) {
		error_prefix(c->e, "政策 %s：", "policy %s: ", p->file);
		return rc;
	}
	if (!reasons)
		return 0;
	if (r->nreasons + nr > c->reasons_cap) {
		size_t cap = (r->nreasons + nr) * 2;
		struct vf_reason *n = arena_alloc(c->a, cap * sizeof *n);
		if (!n)
			return error_nomem(c->e);
		if (r->nreasons)
			memcpy(n, r->reasons, r->nreasons * sizeof *n);
		r->reasons = n;
		c->reasons_cap = cap;
	}
	for (size_t i = 0; i < nr; i++) {
		const char *msg = c->messages.data + starts[i];
		struct vf_reason *x = &r->reasons[r->nreasons++];
		*x = (struct vf_reason){ program, member, rules_rule_name(p->r, i), outcomes[i],
			                 arena_strndup(c->a, msg, strlen(msg)) };
		if (!x->message)
			return error_nomem(c->e);
	}
	return 0;
}

/* The parameters a program read, each once in r->params however many programs read it. */
static int add_params(struct ctx *c, const struct vf_program *p)
{
	struct buf t = BUF_INIT((size_t)1 << 20);
	struct vf_result *r = c->r;
	int rc = rules_trace_params(p->r, &c->snap->snap, &t, c->e);
	for (const char *s = buf_cstr(&t); !rc && *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		const char *eq = strstr(s, " = "); /* "参数 NAME = VALUE": the name ends at " = " */
		size_t key = eq && eq < s + n ? (size_t)(eq - s) : n;
		bool seen = false;
		for (const char *q = buf_cstr(&r->params); *q && !seen;) {
			seen = !strncmp(q, s, key) && !strncmp(q + key, " = ", 3);
			q = strchr(q, '\n');
			q = q ? q + 1 : "";
		}
		if (!seen && (buf_add(&r->params, s, n) || buf_addch(&r->params, '\n')))
			rc = error_nomem(c->e);
		s += n + (nl != NULL);
	}
	buf_release(&t);
	return rc;
}

/* Does the policy count income of this category? Asked once per county and month, by
 * evaluating the dibao program on one member with one such item. */
static int counts_category(struct ctx *c, const struct vf_kind *k, bool *out)
{
	size_t ki = vf_kind_index(k);
	if (ki < sizeof c->snap->counts && c->snap->counts[ki] >= 0) {
		*out = c->snap->counts[ki] == 1;
		return 0;
	}
	const struct vf_program *p = &c->p->dibao;
	size_t nin = rules_ninputs(p->r);
	const struct rules_shape *ms = rules_input_shape(p->r, (size_t)p->in[2]);
	struct rv in[32], cells[16], item[3], lets[64];
	bool outcomes[64];
	if (nin > 32 || ms->n > 16 || rules_nlets(p->r) > 64 || rules_nrules(p->r) > 64)
		return error_set(c->e, ERR_TOOBIG, "政策 dibao.rules 过大",
		                 "the policy dibao.rules is too big");
	memset(in, 0, sizeof in);
	for (size_t i = 0; i < nin; i++)
		in[i] = rv_int(rules_input_type(p->r, i), 0);
	in[p->in[0]] = rv_text(c->urban_text);
	in[p->in[1]] = rv_int(RV_DATE, c->check_day);
	struct rv_list members = { 1, cells }, income = { 1, item }, none = { 0, item };
	for (size_t i = 0; i < ms->n; i++)
		cells[i] = rv_int(ms->types[i], 0);
	cells[p->sub[0]] = rv_text("");
	cells[p->sub[1]] = rv_int(RV_INT, 40);
	cells[p->sub[2]] = rv_int(RV_BOOL, 1);
	item[p->sub[7]] = rv_int(RV_DATE, month_first_day(c->mo));
	item[p->sub[8]] = rv_text(k->zh);
	item[p->sub[9]] = rv_int(RV_MONEY, 100);
	cells[p->sub[5]] = (struct rv){ RV_LIST, 0, NULL, &income };
	cells[p->sub[6]] = (struct rv){ RV_LIST, 0, NULL, &none };
	in[p->in[2]] = (struct rv){ RV_LIST, 0, NULL, &members };
	for (size_t i = 0; i < nin; i++)
		if (in[i].type == RV_TEXT && !in[i].s)
			in[i].s = "";
	int rc = rules_eval_lets(p->r, in, &c->snap->snap, outcomes, lets, NULL, c->e);
	if (rc)
		return rc;
	*out = lets[p->let[1]].i > 0;
	if (ki < sizeof c->snap->counts)
		c->snap->counts[ki] = *out;
	return 0;
}

static int check_auth(const struct vf_household *h, date_t day, struct error *e)
{
	date_t from, until;
	if (!h->has_auth)
		return error_set(
		    e, ERR_PERM, "户 %s 没有核对授权书记录，不能核对（须先登记申请人签署的授权书）",
		    "household %s has no authorisation on record: it cannot be verified until the "
		    "signed authorisation is recorded",
		    h->id ? h->id : "?");
	if (!h->auth.signed_on || date_parse(h->auth.signed_on, strlen(h->auth.signed_on), &from) ||
	    from > day)
		return error_set(
		    e, ERR_PERM, "户 %s 的授权书签署日期 %s 晚于核对日或无效",
		    "household %s: the authorisation's signing date %s is after the verification day or not a date",
		    h->id ? h->id : "?", h->auth.signed_on ? h->auth.signed_on : "");
	if (h->auth.valid_until && h->auth.valid_until[0] &&
	    (date_parse(h->auth.valid_until, strlen(h->auth.valid_until), &until) || until < day))
		return error_set(e, ERR_PERM, "户 %s 的授权书已于 %s 到期",
		                 "household %s: the authorisation ended on %s", h->id ? h->id : "?",
		                 h->auth.valid_until);
	return 0;
}

static int household_place(struct ctx *c)
{
	const struct vf_household *h = c->h;
	const struct region *reg = h->region ? region_lookup(h->region, strlen(h->region)) : NULL;
	if (!reg)
		return error_set(c->e, ERR_INVAL, "户 %s 的居住地区划代码 %s 不是湖南的区划",
		                 "household %s: the region code %s is not a Hunan division",
		                 h->id ? h->id : "?", h->region ? h->region : "");
	if (reg->level < REGION_COUNTY)
		return error_set(c->e, ERR_INVAL, "户 %s 的区划代码 %s 应到县级或以下",
		                 "household %s: the region code %s must name a county or below",
		                 h->id ? h->id : "?", h->region);
	region_code6(reg, c->r->county);
	c->r->urban = h->urban >= 0
	                  ? h->urban == 1
	                  : (strstr(reg->name, "社区") != NULL || strstr(reg->name, "居委会") != NULL);
	c->urban_text = c->r->urban ? "城市" : "农村";
	return 0;
}

static int members(struct ctx *c)
{
	const struct vf_household *h = c->h;
	struct vf_result *r = c->r;
	static const char *const why_zh[] = { "", "尚未入户", "已死亡", "已迁出", "户籍已注销", "服刑中" };
	static const char *const why_en[] = {
		"", "not yet in the household", "died", "moved out", "deregistered", "in prison"
	};
	/* each fact's entry in the dictionary, looked up once */
	const struct vf_kind **kinds = NULL;
	size_t most = 0;
	for (size_t i = 0; i < h->nmembers; i++)
		most = h->members[i].nfacts > most ? h->members[i].nfacts : most;
	if (!(kinds = arena_alloc(c->a, (most + 1) * sizeof *kinds)))
		return error_nomem(c->e);
	for (size_t i = 0; i < h->nmembers; i++) {
		struct vf_member_result *m = &r->members[i];
		const struct vf_member *hm = &h->members[i];
		for (size_t k = 0; k < hm->nfacts; k++)
			kinds[k] = vf_kind_of(hm->facts[k].kind);
		vf_timeline(hm, kinds, &c->mf[i].t);
		enum vf_absence ab = vf_absent(&c->mf[i].t, c->mo);
		m->absence = ab;
		m->counted = ab == VA_PRESENT;
		m->why_not_zh = why_zh[ab];
		m->why_not_en = why_en[ab];
		m->age = age_on(hm->birth, month_first_day(c->mo));
		r->counted += m->counted;
		for (size_t k = 0; k < hm->nfacts; k++) {
			int rc = read_fact(c, (int)i, &hm->facts[k], kinds[k]);
			if (rc)
				return rc;
		}
	}
	for (size_t i = 0; i < h->nmembers; i++) {
		struct vf_member_result *m = &r->members[i];
		struct member_facts *f = &c->mf[i];
		disability_label(f->dis_type, f->dis_grade, m->disability);
		m->student = f->enrolled && !f->dropped;
		m->selfcare = f->selfcare ? f->selfcare : "完全自理";
		m->supporter = f->supporter && !strcmp(f->supporter, "有赡养能力人");
	}
	return 0;
}

static int eval_dibao(struct ctx *c, bool trace, struct rv *lets)
{
	const struct vf_program *p = &c->p->dibao;
	const struct vf_household *h = c->h;
	struct vf_result *r = c->r;
	size_t nin = rules_ninputs(p->r);
	const struct rules_shape *ms = rules_input_shape(p->r, (size_t)p->in[2]);
	struct rv *in = arena_calloc(c->a, (nin + 1) * sizeof *in);
	struct rv *cells = arena_calloc(c->a, (h->nmembers * ms->n + 1) * sizeof *cells);
	struct rv_list *ml = arena_calloc(c->a, sizeof *ml);
	bool outcomes[64];
	if (!in || !cells || !ml)
		return error_nomem(c->e);
	if (rules_nrules(p->r) > 64 || h->nmembers > (size_t)ms->max)
		return error_set(c->e, ERR_TOOBIG, "户 %s 有 %zu 名成员，超过政策的上限 %d",
		                 "household %s has %zu members, more than the policy's limit of %d",
		                 h->id ? h->id : "?", h->nmembers, ms->max);
	size_t nm = 0;
	for (size_t i = 0; i < h->nmembers; i++) {
		struct vf_member_result *m = &r->members[i];
		struct member_facts *f = &c->mf[i];
		struct rv *row = cells + nm * ms->n;
		if (!m->counted)
			continue; /* the rules count members; the others stay in the report */
		row[p->sub[0]] = rv_text(h->members[i].name ? h->members[i].name : "");
		row[p->sub[1]] = rv_int(RV_INT, m->age);
		row[p->sub[2]] = rv_int(RV_BOOL, 1);
		/* severely disabled: grade 1-2, or intellectual or mental grade 3 (DOMAIN.md §2) */
		bool severe =
		    f->dis_grade >= 1 && (f->dis_grade <= 2 || (f->dis_grade == 3 && f->dis_type >= 5));
		row[p->sub[3]] = rv_int(RV_BOOL, severe);
		row[p->sub[4]] = rv_int(RV_BOOL, f->ill);
		const struct rules_shape *is = ms->subs[p->sub[5]], *ds = ms->subs[p->sub[6]];
		if (rows_list(p, 7, &f->income, is, c->mo, c->a, &row[p->sub[5]]) ||
		    rows_list(p, 10, &f->deduct, ds, c->mo, c->a, &row[p->sub[6]]))
			return error_nomem(c->e);
		nm++;
	}
	ml->n = nm;
	ml->cells = cells;
	in[p->in[0]] = rv_text(c->urban_text);
	in[p->in[1]] = rv_int(RV_DATE, c->check_day);
	in[p->in[2]] = (struct rv){ RV_LIST, 0, NULL, ml };
	in[p->in[3]] = rv_int(RV_MONEY, r->fin_assets_fen);
	in[p->in[4]] = rv_int(RV_INT, r->vehicles);
	in[p->in[5]] = rv_int(RV_INT, r->machines);
	in[p->in[6]] = rv_int(RV_BOOL, r->company);
	in[p->in[7]] = rv_int(RV_INT, r->homes);
	in[p->in[8]] = rv_int(RV_BOOL, r->recent_home);
	int rc = run(c, p, "dibao", -1, in, outcomes, lets, trace);
	if (rc)
		return rc;
	r->dibao_ok = outcomes[p->rule[0]];
	r->income_fen = lets[p->let[1]].i;
	r->deducted_fen = lets[p->let[2]].i;
	r->per_capita_fen = lets[p->let[3]].i;
	r->standard_fen = lets[p->let[4]].i;
	return 0;
}

static int eval_tekun(struct ctx *c, bool trace, bool assets_ok)
{
	const struct vf_program *p = &c->p->tekun;
	struct vf_result *r = c->r;
	size_t nin = rules_ninputs(p->r);
	struct rv in[32], lets[64];
	bool outcomes[64];
	if (nin > 32 || rules_nlets(p->r) > 64 || rules_nrules(p->r) > 64)
		return error_set(c->e, ERR_TOOBIG, "政策 tekun.rules 过大",
		                 "the policy tekun.rules is too big");
	bool all = r->counted > 0;
	for (size_t i = 0; i < c->h->nmembers; i++) {
		struct vf_member_result *m = &r->members[i];
		if (!m->counted)
			continue;
		in[p->in[0]] = rv_text(c->urban_text);
		in[p->in[1]] = rv_int(RV_INT, m->age);
		in[p->in[2]] = rv_int(RV_BOOL, m->student);
		in[p->in[3]] = rv_text(m->disability);
		in[p->in[4]] = rv_int(RV_MONEY, r->per_capita_fen);
		in[p->in[5]] = rv_int(RV_BOOL, assets_ok);
		in[p->in[6]] = rv_int(RV_BOOL, m->supporter);
		in[p->in[7]] = rv_text(m->selfcare);
		int rc = run(c, p, "tekun", (int)i, in, outcomes, lets, trace);
		if (rc)
			return rc;
		m->tekun_ok = outcomes[p->rule[0]];
		m->incapable = lets[p->let[1]].i != 0;
		m->tekun_fen = lets[p->let[0]].i;
		all = all && m->tekun_ok;
	}
	r->tekun_ok = all;
	return 0;
}

static int eval_marginal_rigid(struct ctx *c, bool trace, bool other_assets_ok)
{
	struct vf_result *r = c->r;
	const struct vf_program *p = &c->p->marginal;
	struct rv in[32];
	bool outcomes[64];
	if (rules_ninputs(p->r) > 32 || rules_nrules(p->r) > 64 || rules_ninputs(c->p->rigid.r) > 32 ||
	    rules_nrules(c->p->rigid.r) > 64)
		return error_set(c->e, ERR_TOOBIG, "政策文件过大", "a policy file is too big");
	in[p->in[0]] = rv_text(c->urban_text);
	in[p->in[1]] = rv_int(RV_INT, r->counted);
	in[p->in[2]] = rv_int(RV_MONEY, r->per_capita_fen);
	in[p->in[3]] = rv_int(RV_MONEY, r->fin_assets_fen);
	in[p->in[4]] = rv_int(RV_BOOL, r->dibao_ok || r->tekun_ok);
	in[p->in[5]] = rv_int(RV_BOOL, other_assets_ok);
	int rc = run(c, p, "marginal", -1, in, outcomes, NULL, trace);
	if (rc)
		return rc;
	r->marginal_ok = outcomes[p->rule[0]];
	p = &c->p->rigid;
	int64_t fin_limit = r->standard_fen * c->snap->fin_assets_months_marginal * r->counted;
	in[p->in[0]] = rv_text(c->urban_text);
	in[p->in[1]] = rv_int(RV_INT, r->counted);
	in[p->in[2]] = rv_int(RV_MONEY, r->income_fen - (r->deducted_fen - r->medical_fen));
	in[p->in[3]] = rv_int(RV_MONEY, r->medical_fen);
	in[p->in[4]] = rv_int(RV_MONEY, r->school_fen);
	in[p->in[5]] = rv_int(RV_MONEY, 0);
	in[p->in[6]] = rv_int(RV_BOOL, r->dibao_ok || r->tekun_ok || r->marginal_ok);
	in[p->in[7]] = rv_int(RV_BOOL, other_assets_ok && r->fin_assets_fen <= fin_limit);
	if ((rc = run(c, p, "rigid", -1, in, outcomes, NULL, trace)))
		return rc;
	r->rigid_ok = outcomes[p->rule[0]];
	return 0;
}

/* income items the policy does not count are shown so, with their sum */
static int classify_income(struct ctx *c)
{
	struct vf_result *r = c->r;
	for (size_t i = 0; i < r->nevidence; i++) {
		struct vf_evidence *v = &r->evidence[i];
		if (v->use != VU_COUNTED) /* only income is marked counted: the policy may not count it */
			continue;
		const struct vf_kind *k = vf_kind_at(v->kind);
		bool counts = true;
		int rc = counts_category(c, k, &counts);
		if (rc)
			return rc;
		if (!counts) {
			v->use = VU_EXCLUDED;
			r->excluded_fen += v->fen;
		} else {
			r->members[v->member].income_fen += v->fen;
		}
	}
	return 0;
}

int vf_verify(struct vf_policy *p, const struct vf_household *h, date_t day, enum lang lang, unsigned flags,
              struct arena *a, struct vf_result *r, struct error *e)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->params, (size_t)1 << 20);
	r->month = month_of(day);
	int rc = flags & VF_SCREEN ? 0 : check_auth(h, day, e);
	if (rc)
		return rc;
	struct ctx c = { p, h, r, NULL, a, r->month, 0, 0, "", 0, NULL, e, 0, 0, BUF_INIT((size_t)1 << 20) };
	if ((rc = household_place(&c)))
		return rc;
	if ((rc = vf_policy_snap(p, r->county, r->month, &c.snap, e)))
		return rc;
	r->months = (int)c.snap->income_months;
	c.first = c.mo - (r->months - 1);
	c.quarter = c.mo - ((c.mo % 12 + 1) % 3);
	r->balance_month = c.quarter;
	c.check_day = month_first_day(c.mo + 1);
	r->members = arena_calloc(a, (h->nmembers + 1) * sizeof *r->members);
	c.mf = arena_calloc(a, (h->nmembers + 1) * sizeof *c.mf);
	if (!r->members || !c.mf)
		return error_nomem(e);
	if ((rc = members(&c)))
		return rc;
	int before = lang_set_thread((int)lang);
	bool trace = !(flags & VF_QUICK);
	struct rv lets[64];
	if (rules_nlets(p->dibao.r) > 64)
		rc = error_set(e, ERR_TOOBIG, "政策 dibao.rules 过大", "the policy dibao.rules is too big");
	if (!rc)
		rc = eval_dibao(&c, trace, lets);
	bool assets_ok = !rc && lets[p->dibao.let[6]].i != 0;
	r->homes_ok = !r->recent_home && r->homes <= c.snap->max_homes;
	bool other_ok = r->vehicles == 0 && r->machines == 0 && !r->company && r->homes_ok;
	if (!rc)
		rc = eval_tekun(&c, trace, assets_ok);
	if (!rc)
		rc = eval_marginal_rigid(&c, trace, other_ok);
	if (!rc && trace)
		rc = classify_income(&c);
	const struct vf_program *const programs[] = { &p->dibao, &p->tekun, &p->marginal, &p->rigid };
	for (size_t i = 0; !rc && trace && i < ARRAY_SIZE(programs); i++)
		rc = add_params(&c, programs[i]);
	lang_set_thread(before);
	buf_release(&c.messages);
	if (rc)
		return rc;
	if (r->tekun_ok && r->dibao_ok) {
		r->decision = VF_TEKUN;
		for (size_t i = 0; i < h->nmembers; i++)
			r->benefit_fen += r->members[i].counted ? r->members[i].tekun_fen : 0;
	} else if (r->dibao_ok) {
		r->decision = VF_DIBAO;
		r->benefit_fen = lets[p->dibao.let[7]].i;
	} else if (r->marginal_ok) {
		r->decision = VF_MARGINAL;
	} else if (r->rigid_ok) {
		r->decision = VF_RIGID;
	}
	return 0;
}

void vf_result_release(struct vf_result *r)
{
	buf_release(&r->params);
}
