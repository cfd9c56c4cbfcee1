/* indicators.c: the indicator engine: compiles policy/monitor/indicators.rules (with a county's
 * own layer where its data folder holds one), binds the inputs it declares by name (a household's
 * members with their facts by month, the screening verification of the month, the programmes
 * it is on), evaluates them for one household and month, and weighs what fired with the
 * parameters mon_weight_RULE and mon_level_RULE. A county's own layer is DATA/monitor/COUNTY.rules,
 * with the parameters of its own indicators in DATA/monitor/params.tsv. An indicator names the fact kinds behind it in
 * a let `证据_RULE` (e.g. "wage,social_insurance"); those facts are its evidence. */
#include <sys/stat.h>

#include "base/embedded.h"
#include "base/jsonw.h"
#include "base/lang.h"
#include "base/mem.h"
#include "base/vec.h"
#include "monitor/monitor_int.h"
#include "policy/params.h"
#include "policy/rules.h"
#include "verify/verify_store.h"

/* the months whose facts are handed to the indicators: from `from` (mon_fact_months before the
 * monitored month) to `to`, the monitored month's first day */
struct span {
	date_t from, to;
};

/* the household inputs monitoring gives, by name */
enum in_kind {
	IN_MONTH,
	IN_ON_DIBAO,
	IN_ON_TEKUN,
	IN_ON_MARGINAL,
	IN_ON_RIGID,
	IN_CLASS,
	IN_PER_CAPITA,
	IN_STANDARD,
	IN_FIN_ASSETS,
	IN_URBAN,
	IN_MEMBERS,
	IN_COUNT
};
static const struct {
	const char *name;
	enum rv_type type;
} inputs[IN_COUNT] = {
	[IN_MONTH] = { "监测月", RV_DATE },           [IN_ON_DIBAO] = { "在保低保", RV_BOOL },
	[IN_ON_TEKUN] = { "在保特困", RV_BOOL },      [IN_ON_MARGINAL] = { "在保边缘", RV_BOOL },
	[IN_ON_RIGID] = { "在保刚性", RV_BOOL },      [IN_CLASS] = { "核对结论", RV_TEXT },
	[IN_PER_CAPITA] = { "人均月收入", RV_MONEY }, [IN_STANDARD] = { "低保标准", RV_MONEY },
	[IN_FIN_ASSETS] = { "金融资产", RV_MONEY },   [IN_URBAN] = { "城镇", RV_BOOL },
	[IN_MEMBERS] = { "成员", RV_LIST },
};
enum mf_kind { MF_AGE, MF_PRESENT, MF_RELATION, MF_SEX, MF_BIRTH, MF_FACTS, MF_COUNT };
static const struct {
	const char *name;
	enum rv_type type;
} member_fields[MF_COUNT] = {
	[MF_AGE] = { "年龄", RV_INT },       [MF_PRESENT] = { "在户", RV_BOOL },
	[MF_RELATION] = { "关系", RV_TEXT }, [MF_SEX] = { "性别", RV_TEXT },
	[MF_BIRTH] = { "出生", RV_DATE },    [MF_FACTS] = { "事实", RV_LIST },
};
enum ff_kind { FF_KIND, FF_MONTH, FF_AMOUNT, FF_VALUE, FF_COUNT };
static const struct {
	const char *name;
	enum rv_type type;
} fact_fields[FF_COUNT] = {
	[FF_KIND] = { "种类", RV_TEXT },
	[FF_MONTH] = { "月份", RV_DATE },
	[FF_AMOUNT] = { "金额", RV_MONEY },
	[FF_VALUE] = { "值", RV_TEXT },
};

/* a compiled program with where each declared input and field comes from */
struct program {
	char county[7]; /* "" for the base */
	struct rules *r;
	int in[16];         /* input i -> enum in_kind */
	int mf[16], ff[16]; /* member and fact fields -> their kinds */
	size_t nmf, nff;    /* fields of the member and fact rows */
	int mf_max, ff_max; /* the rows a list may have */
	int *evidence_let;  /* rule i -> its let 证据_RULE, or -1 */
	int *exit_let;      /* rule i -> its let 退出_RULE (an exit signal when true), or -1 */
};

struct mon_engine {
	struct param_set ps;
	struct vf_policy *vp;
	char *base_text;
	size_t base_len;
	char base_name[4200];        /* the file as errors name it */
	char layer_dir[4200];        /* DATA/monitor, "" when no data folder */
	char *policy_dir, *data_dir; /* as given to mon_open (NULL when none), for mon_engine_clone */
	VEC(struct program) programs;
	struct mon_snap {
		struct param_snapshot snap;
		char county[7];
		date_t day;
		bool used;
	} snaps[16]; /* the parameters of the counties and months scored lately (an evaluation
	              * goes through a household's months one after another) */
	size_t next_snap;
	struct param_snapshot *snap; /* the one in use */
	/* the reporting lags of the resources met under lag_snap (mon_lag_resource, the code in lower
	 * case, or mon_lag_default) */
	const struct param_snapshot *lag_snap;
	struct {
		char code[16];
		int lag;
	} lags[64];
	size_t nlags;
};

const char *mon_level_name(enum mon_level l)
{
	static const char *const names[] = { "none", "yellow", "orange", "red" };
	return (unsigned)l < ARRAY_SIZE(names) ? names[l] : "?";
}

int mon_level_parse(const char *s, enum mon_level *out)
{
	for (int l = ML_NONE; l <= ML_RED; l++)
		if (!strcmp(s, mon_level_name((enum mon_level)l))) {
			*out = (enum mon_level)l;
			return 0;
		}
	return ERR_INVAL;
}

static int find_name(const char *name, size_t n, const char *const *names)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, names[i]))
			return (int)i;
	return -1;
}

/* binds the fields of a list's shape to the known ones; an unknown field or type is an error */
static int bind_fields(const char *list, const struct rules_shape *sh, size_t nknown,
                       const char *const *names, const enum rv_type *types, int *out, struct error *e)
{
	if (sh->n > 16)
		return error_set(e, ERR_INVAL, "指标输入 %s 的字段过多",
		                 "the indicator input %s has too many fields", list);
	for (size_t k = 0; k < sh->n; k++) {
		int j = find_name(sh->names[k], nknown, names);
		if (j < 0 || types[j] != sh->types[k])
			return error_set(
			    e, ERR_INVAL, "指标输入 %s 的字段 %s 不是监测提供的（或类型不符）",
			    "field %s of the indicator input %s is not one monitoring gives (or of "
			    "another type)",
			    list, sh->names[k]);
		out[k] = j;
	}
	return 0;
}

static int bind_program(struct program *p, struct error *e)
{
	const char *in_names[IN_COUNT], *mf_names[MF_COUNT], *ff_names[FF_COUNT];
	enum rv_type mf_types[MF_COUNT], ff_types[FF_COUNT];
	for (int i = 0; i < IN_COUNT; i++)
		in_names[i] = inputs[i].name;
	for (int i = 0; i < MF_COUNT; i++)
		mf_names[i] = member_fields[i].name, mf_types[i] = member_fields[i].type;
	for (int i = 0; i < FF_COUNT; i++)
		ff_names[i] = fact_fields[i].name, ff_types[i] = fact_fields[i].type;
	size_t n = rules_ninputs(p->r);
	if (n > 16)
		return error_set(e, ERR_INVAL, "指标文件的输入过多",
		                 "the indicator file has too many inputs");
	for (size_t i = 0; i < n; i++) {
		const char *name = rules_input_name(p->r, i);
		int k = find_name(name, IN_COUNT, in_names);
		if (k < 0 || inputs[k].type != rules_input_type(p->r, i))
			return error_set(
			    e, ERR_INVAL, "指标文件的输入 %s 不是监测提供的（或类型不符）",
			    "the indicator file's input %s is not one monitoring gives (or of another type)",
			    name);
		p->in[i] = k;
		if (k != IN_MEMBERS)
			continue;
		const struct rules_shape *ms = rules_input_shape(p->r, i);
		int rc = bind_fields(name, ms, MF_COUNT, mf_names, mf_types, p->mf, e);
		if (rc)
			return rc;
		p->nmf = ms->n;
		p->mf_max = ms->max;
		for (size_t k2 = 0; k2 < ms->n; k2++)
			if (p->mf[k2] == MF_FACTS) {
				const struct rules_shape *fs = ms->subs[k2];
				if ((rc = bind_fields("事实", fs, FF_COUNT, ff_names, ff_types, p->ff, e)))
					return rc;
				p->nff = fs->n;
				p->ff_max = fs->max;
			}
	}
	size_t nr = rules_nrules(p->r), nl = rules_nlets(p->r);
	p->evidence_let = mem_alloc((nr + 1) * sizeof *p->evidence_let);
	p->exit_let = mem_alloc((nr + 1) * sizeof *p->exit_let);
	if (!p->evidence_let || !p->exit_let)
		return error_nomem(e);
	for (size_t i = 0; i < nr; i++) {
		char want[160], exit_name[160];
		snprintf(want, sizeof want, "证据_%s", rules_rule_name(p->r, i));
		snprintf(exit_name, sizeof exit_name, "退出_%s", rules_rule_name(p->r, i));
		p->evidence_let[i] = p->exit_let[i] = -1;
		for (size_t l = 0; l < nl; l++) {
			if (!strcmp(rules_let_name(p->r, l), want) && rules_let_type(p->r, l) == RV_TEXT)
				p->evidence_let[i] = (int)l;
			if (!strcmp(rules_let_name(p->r, l), exit_name) && rules_let_type(p->r, l) == RV_BOOL)
				p->exit_let[i] = (int)l;
		}
	}
	return 0;
}

/* compiles the base, then the county's layer DATA/monitor/COUNTY.rules when there is one */
static int compile_program(struct mon_engine *m, const char *county, struct program *p, struct error *e)
{
	memset(p, 0, sizeof *p);
	snprintf(p->county, sizeof p->county, "%s", county);
	char path[4300];
	struct stat st;
	struct buf layer = BUF_INIT((size_t)4 << 20);
	const char *names[2] = { m->base_name, path }, *texts[2] = { m->base_text, NULL };
	size_t lens[2] = { m->base_len, 0 }, n = 1;
	if (county[0] && m->layer_dir[0]) {
		snprintf(path, sizeof path, "%s/%s.rules", m->layer_dir, county);
		if (stat(path, &st) == 0) {
			if (buf_read_file(&layer, path)) {
				buf_release(&layer);
				return error_set(e, ERR_IO, "无法读取 %s", "cannot read %s", path);
			}
			texts[1] = buf_cstr(&layer);
			lens[1] = layer.len;
			n = 2;
		}
	}
	int rc = rules_compile_layers(n, names, texts, lens, &m->ps, &p->r, e);
	buf_release(&layer);
	if (!rc && (rc = bind_program(p, e))) {
		rules_free(p->r);
		mem_free(p->evidence_let);
		mem_free(p->exit_let);
		memset(p, 0, sizeof *p);
	}
	return rc;
}

static void program_release(struct program *p)
{
	rules_free(p->r);
	mem_free(p->evidence_let);
	mem_free(p->exit_let);
}

static int read_base(struct mon_engine *m, const char *policy_dir, struct error *e)
{
	snprintf(m->base_name, sizeof m->base_name, "indicators.rules");
	if (!policy_dir) {
		struct embedded_file f = embedded_policy("monitor/indicators.rules");
		m->base_text = mem_strndup(f.data, f.len);
		m->base_len = f.len;
		return m->base_text ? 0 : error_nomem(e);
	}
	char *path = m->base_name;
	snprintf(path, sizeof m->base_name, "%s/monitor/indicators.rules", policy_dir);
	struct buf b = BUF_INIT((size_t)4 << 20);
	if (buf_read_file(&b, path)) {
		buf_release(&b);
		return error_set(e, ERR_IO, "无法读取监测指标文件 %s", "cannot read the indicator file %s",
		                 path);
	}
	m->base_text = buf_detach(&b, &m->base_len);
	return 0;
}

/* the built-in parameters, followed by the data folder's DATA/monitor/params.tsv when it has one:
 * the parameters of a county's own indicators (and its changes to the province's) */
static int load_params(struct mon_engine *m, struct error *e)
{
	char path[4300];
	struct stat st;
	snprintf(path, sizeof path, "%s/params.tsv", m->layer_dir);
	if (!m->layer_dir[0] || stat(path, &st) != 0)
		return params_load_builtin(&m->ps, e);
	struct embedded_file f = embedded_policy_params();
	struct buf text = BUF_INIT((size_t)16 << 20);
	int rc = buf_add(&text, f.data, f.len) ? error_nomem(e) : 0;
	if (!rc && f.len && f.data[f.len - 1] != '\n' && buf_addch(&text, '\n'))
		rc = error_nomem(e);
	struct buf extra = BUF_INIT((size_t)4 << 20);
	if (!rc && (rc = buf_read_file(&extra, path)))
		rc = error_set(e, ERR_IO, "无法读取 %s", "cannot read %s", path);
	else if (!rc && buf_add(&text, extra.data, extra.len))
		rc = error_nomem(e);
	if (!rc && (rc = params_load_text(&m->ps, text.data, text.len, e)))
		error_prefix(e, "%s（接在内置参数之后）：", "%s (after the built-in parameters): ", path);
	buf_release(&extra);
	buf_release(&text);
	return rc;
}

int mon_open(const char *policy_dir, const char *data_dir, struct mon_engine **out, struct error *e)
{
	*out = NULL;
	struct mon_engine *m = mem_calloc(1, sizeof *m);
	if (!m)
		return error_nomem(e);
	if (data_dir && *data_dir)
		snprintf(m->layer_dir, sizeof m->layer_dir, "%s/monitor", data_dir);
	if ((policy_dir && !(m->policy_dir = mem_strdup(policy_dir))) ||
	    (data_dir && !(m->data_dir = mem_strdup(data_dir)))) {
		mon_close(m);
		return error_nomem(e);
	}
	int rc = load_params(m, e);
	if (!rc)
		rc = read_base(m, policy_dir, e);
	struct program base;
	if (!rc && !(rc = compile_program(m, "", &base, e)) && (rc = vec_push(&m->programs, base))) {
		program_release(&base);
		rc = error_nomem(e);
	}
	if (!rc)
		rc = vf_policy_open(policy_dir, &m->vp, e);
	if (rc) {
		mon_close(m);
		return rc;
	}
	*out = m;
	return 0;
}

void mon_close(struct mon_engine *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->programs.len; i++)
		program_release(&m->programs.items[i]);
	vec_release(&m->programs);
	for (size_t i = 0; i < ARRAY_SIZE(m->snaps); i++)
		if (m->snaps[i].used)
			params_snapshot_release(&m->snaps[i].snap);
	vf_policy_close(m->vp);
	params_release(&m->ps);
	mem_free(m->base_text);
	mem_free(m->policy_dir);
	mem_free(m->data_dir);
	mem_free(m);
}

int mon_engine_clone(const struct mon_engine *m, struct mon_engine **out, struct error *e)
{
	return mon_open(m->policy_dir, m->data_dir, out, e);
}

/* the county's program: its layer's when it has one, else the base (compiled once each) */
static int program_for(struct mon_engine *m, const char *county, struct program **out, struct error *e)
{
	for (size_t i = 1; i < m->programs.len; i++)
		if (!strcmp(m->programs.items[i].county, county)) {
			*out = &m->programs.items[i];
			return 0;
		}
	char path[4300];
	struct stat st;
	snprintf(path, sizeof path, "%s/%s.rules", m->layer_dir, county);
	if (!m->layer_dir[0] || stat(path, &st) != 0) {
		*out = &m->programs.items[0];
		return 0;
	}
	struct program p;
	int rc = compile_program(m, county, &p, e);
	if (rc)
		return rc;
	if (vec_push(&m->programs, p)) {
		program_release(&p);
		return error_nomem(e);
	}
	*out = &m->programs.items[m->programs.len - 1];
	return 0;
}

static int snapshot_for(struct mon_engine *m, const char *county, date_t day, struct error *e)
{
	for (size_t i = 0; i < ARRAY_SIZE(m->snaps); i++) {
		struct mon_snap *sn = &m->snaps[i];
		if (sn->used && sn->day == day && !strcmp(sn->county, county)) {
			m->snap = &sn->snap;
			return 0;
		}
	}
	struct mon_snap *sn = &m->snaps[m->next_snap];
	m->next_snap = (m->next_snap + 1) % ARRAY_SIZE(m->snaps);
	if (sn->used)
		params_snapshot_release(&sn->snap);
	sn->used = false;
	m->snap = NULL;
	m->lag_snap = NULL; /* the slot's lags are another snapshot's */
	int rc = params_resolve(&m->ps, county, day, &sn->snap, e);
	if (rc)
		return rc;
	sn->used = true;
	sn->day = day;
	snprintf(sn->county, sizeof sn->county, "%s", county);
	m->snap = &sn->snap;
	return 0;
}

int mon_param(struct mon_engine *m, const char *county, date_t day, const char *name, int64_t *v,
              struct error *e)
{
	int rc = snapshot_for(m, county, month_first_day(month_of(day)), e);
	if (rc)
		return rc;
	const struct param_value *pv = params_get(m->snap, name);
	if (!pv)
		return error_set(e, ERR_NOTFOUND, "没有参数 %s", "the parameter %s is missing", name);
	*v = pv->value;
	return 0;
}

/* the first day of a fact's month, or 1900-01-01 when it has no period */
static date_t fact_month(const struct vf_fact *f)
{
	month_t mo;
	if (f->period && strlen(f->period) >= 7 && month_parse(f->period, 7, &mo) == 0)
		return month_first_day(mo);
	return date_from_ymd(1900, 1, 1);
}

static bool fact_in_window(const struct vf_fact *f, const struct span *w)
{
	date_t d = fact_month(f);
	return d <= w->to && (d == date_from_ymd(1900, 1, 1) || d >= w->from);
}

static struct rv fact_cell(const struct vf_fact *f, int kind)
{
	switch (kind) {
	case FF_KIND:
		return (struct rv){ RV_TEXT, 0, f->kind, NULL };
	case FF_MONTH:
		return (struct rv){ RV_DATE, fact_month(f), NULL, NULL };
	case FF_AMOUNT:
		return (struct rv){ RV_MONEY, f->has_amount ? f->amount : 0, NULL, NULL };
	default:
		return (struct rv){ RV_TEXT, 0, f->value ? f->value : "", NULL };
	}
}

static int facts_list(const struct program *p, const struct vf_member *mb, const struct span *w,
                      struct arena *a, struct rv *out, struct error *e)
{
	size_t n = 0;
	for (size_t i = 0; i < mb->nfacts; i++)
		n += fact_in_window(&mb->facts[i], w);
	if (n > (size_t)p->ff_max)
		return error_set(e, ERR_TOOBIG, "成员的事实超过指标文件允许的 %d 条",
		                 "a member has more facts than the indicator file allows (%d)", p->ff_max);
	struct rv_list *l = arena_alloc(a, sizeof *l);
	struct rv *cells = arena_calloc(a, (n * p->nff + 1) * sizeof *cells);
	if (!l || !cells)
		return error_nomem(e);
	size_t row = 0;
	for (size_t i = 0; i < mb->nfacts; i++) {
		if (!fact_in_window(&mb->facts[i], w))
			continue;
		for (size_t k = 0; k < p->nff; k++)
			cells[row * p->nff + k] = fact_cell(&mb->facts[i], p->ff[k]);
		row++;
	}
	*l = (struct rv_list){ n, cells };
	*out = (struct rv){ RV_LIST, 0, NULL, l };
	return 0;
}

static int members_list(const struct program *p, const struct vf_household *h, const struct vf_result *r,
                        const struct span *w, struct arena *a, struct rv *out, struct error *e)
{
	if (h->nmembers > (size_t)p->mf_max)
		return error_set(e, ERR_TOOBIG, "家庭成员超过指标文件允许的 %d 人",
		                 "the household has more members than the indicator file allows (%d)",
		                 p->mf_max);
	struct rv_list *l = arena_alloc(a, sizeof *l);
	struct rv *cells = arena_calloc(a, (h->nmembers * p->nmf + 1) * sizeof *cells);
	if (!l || !cells)
		return error_nomem(e);
	for (size_t i = 0; i < h->nmembers; i++) {
		struct rv *c = &cells[i * p->nmf];
		for (size_t k = 0; k < p->nmf; k++) {
			int rc = 0;
			switch (p->mf[k]) {
			case MF_AGE:
				c[k] = (struct rv){ RV_INT, r->members[i].age, NULL, NULL };
				break;
			case MF_PRESENT:
				c[k] = (struct rv){ RV_BOOL, r->members[i].counted, NULL, NULL };
				break;
			case MF_RELATION:
				c[k] = (struct rv){ RV_TEXT, 0, h->members[i].relation, NULL };
				break;
			case MF_BIRTH:
				c[k] = (struct rv){ RV_DATE, h->members[i].birth, NULL, NULL };
				break;
			case MF_SEX:
				c[k] =
				    (struct rv){ RV_TEXT, 0, h->members[i].sex == 'F' ? "女" : "男", NULL };
				break;
			default:
				rc = facts_list(p, &h->members[i], w, a, &c[k], e);
			}
			if (rc)
				return rc;
		}
	}
	*l = (struct rv_list){ h->nmembers, cells };
	*out = (struct rv){ RV_LIST, 0, NULL, l };
	return 0;
}

static int build_inputs(const struct program *p, const struct vf_household *h, const struct vf_result *r,
                        const struct mon_on *on, const struct span *w, struct arena *a, struct rv **out,
                        struct error *e)
{
	size_t n = rules_ninputs(p->r);
	struct rv *in = arena_calloc(a, (n + 1) * sizeof *in);
	if (!in)
		return error_nomem(e);
	for (size_t i = 0; i < n; i++) {
		switch (p->in[i]) {
		case IN_MONTH:
			in[i] = (struct rv){ RV_DATE, w->to, NULL, NULL };
			break;
		case IN_ON_DIBAO:
			in[i] = (struct rv){ RV_BOOL, on->dibao, NULL, NULL };
			break;
		case IN_ON_TEKUN:
			in[i] = (struct rv){ RV_BOOL, on->tekun, NULL, NULL };
			break;
		case IN_ON_MARGINAL:
			in[i] = (struct rv){ RV_BOOL, on->marginal, NULL, NULL };
			break;
		case IN_ON_RIGID:
			in[i] = (struct rv){ RV_BOOL, on->rigid, NULL, NULL };
			break;
		case IN_CLASS:
			in[i] = (struct rv){ RV_TEXT, 0, vf_class_name(r->decision), NULL };
			break;
		case IN_PER_CAPITA:
			in[i] = (struct rv){ RV_MONEY, r->per_capita_fen, NULL, NULL };
			break;
		case IN_STANDARD:
			in[i] = (struct rv){ RV_MONEY, r->standard_fen, NULL, NULL };
			break;
		case IN_FIN_ASSETS:
			in[i] = (struct rv){ RV_MONEY, r->fin_assets_fen, NULL, NULL };
			break;
		case IN_URBAN:
			in[i] = (struct rv){ RV_BOOL, r->urban, NULL, NULL };
			break;
		default: {
			int rc = members_list(p, h, r, w, a, &in[i], e);
			if (rc)
				return rc;
		}
		}
	}
	*out = in;
	return 0;
}

/* an int parameter of the indicator, required: a missing one is an error naming it */
static int indicator_param(const struct param_snapshot *snap, const char *what, const char *rule, int64_t *v,
                           struct error *e)
{
	char name[160];
	snprintf(name, sizeof name, "mon_%s_%s", what, rule);
	const struct param_value *pv = params_get(snap, name);
	if (!pv)
		return error_set(e, ERR_NOTFOUND, "指标 %s 没有参数 %s（data/policy-params.tsv）",
		                 "the indicator %s has no parameter %s (data/policy-params.tsv)", rule, name);
	*v = pv->value;
	return 0;
}

static int score_level(const struct param_snapshot *snap, int score, enum mon_level *out, struct error *e)
{
	static const char *const names[] = { "mon_score_yellow", "mon_score_orange", "mon_score_red" };
	*out = ML_NONE;
	for (int l = 0; l < 3; l++) {
		const struct param_value *pv = params_get(snap, names[l]);
		if (!pv)
			return error_set(e, ERR_NOTFOUND, "没有参数 %s", "the parameter %s is missing",
			                 names[l]);
		if (score >= pv->value)
			*out = (enum mon_level)(l + 1);
	}
	return 0;
}

static int fact_span(const struct param_snapshot *snap, date_t month, struct span *w, struct error *e)
{
	const struct param_value *pv = params_get(snap, "mon_fact_months");
	if (!pv)
		return error_set(e, ERR_NOTFOUND, "没有参数 %s", "the parameter %s is missing",
		                 "mon_fact_months");
	*w = (struct span){ date_add_months(month, -(int)pv->value), month };
	return 0;
}

static bool kind_listed(const char *kinds, const char *kind)
{
	size_t n = strlen(kind);
	for (const char *p = kinds; *p;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		if (len == n && !strncmp(p, kind, n))
			return true;
		p = c ? c + 1 : p + len;
	}
	return false;
}

/* the newest facts of the listed kinds up to the month (at most MON_EVIDENCE), chosen by the
 * month they were reported (al) and shown as the department sent them (h) */
static void evidence_pick(const struct vf_household *h, const struct vf_household *al, const char *kinds,
                          const struct span *w, struct mon_hit *hit)
{
	const struct vf_fact *used[MON_EVIDENCE];
	hit->nevidence = 0;
	for (size_t pick = 0; pick < MON_EVIDENCE; pick++) {
		const struct vf_fact *best = NULL, *shown = NULL;
		for (size_t i = 0; i < al->nmembers; i++)
			for (size_t k = 0; k < al->members[i].nfacts; k++) {
				const struct vf_fact *f = &al->members[i].facts[k];
				bool seen = false;
				for (size_t u = 0; u < hit->nevidence; u++)
					seen |= used[u] == f;
				if (seen || !fact_in_window(f, w) || !kind_listed(kinds, f->kind))
					continue;
				if (!best || fact_month(f) > fact_month(best))
					best = f, shown = &h->members[i].facts[k];
			}
		if (!best)
			break;
		used[hit->nevidence] = best;
		hit->evidence[hit->nevidence++] =
		    (struct mon_evidence){ shown->kind, shown->period ? shown->period : "", shown->resource,
			                   shown->batch, shown->line };
	}
}

int mon_hits_json(const struct mon_score *sc, struct buf *out, struct error *e)
{
	struct jsonw w;
	jsonw_init(&w, out);
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < sc->nhits; i++) {
		const struct mon_hit *hit = &sc->hits[i];
		jsonw_obj_begin(&w);
		jsonw_key(&w, "indicator");
		jsonw_str(&w, hit->indicator);
		jsonw_key(&w, "weight");
		jsonw_int(&w, hit->weight);
		jsonw_key(&w, "level");
		jsonw_str(&w, mon_level_name(hit->level));
		jsonw_key(&w, "message");
		jsonw_str(&w, hit->message);
		jsonw_key(&w, "evidence");
		jsonw_arr_begin(&w);
		for (size_t k = 0; k < hit->nevidence; k++) {
			const struct mon_evidence *ev = &hit->evidence[k];
			jsonw_obj_begin(&w);
			jsonw_key(&w, "kind");
			jsonw_str(&w, ev->kind);
			jsonw_key(&w, "period");
			jsonw_str(&w, ev->period);
			jsonw_key(&w, "resource");
			jsonw_str(&w, ev->resource);
			jsonw_key(&w, "batch");
			jsonw_int(&w, ev->batch);
			jsonw_key(&w, "line");
			jsonw_int(&w, ev->line);
			jsonw_obj_end(&w);
		}
		jsonw_arr_end(&w);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	return jsonw_finish(&w) ? error_set(e, ERR_TOOBIG, "预警指标过多", "too many indicators to write")
	                        : 0;
}

static int weigh(struct mon_engine *m, const struct program *p, const struct vf_household *h,
                 const struct vf_household *al, const bool *fired, const struct rv *lets,
                 const struct buf *msgs, const size_t *starts, const struct span *w, struct arena *a,
                 struct mon_score *out, struct error *e)
{
	size_t nr = rules_nrules(p->r);
	out->hits = arena_calloc(a, (nr + 1) * sizeof *out->hits);
	if (!out->hits)
		return error_nomem(e);
	enum mon_level own = ML_NONE, need_own = ML_NONE;
	for (size_t i = 0; i < nr; i++) {
		if (!fired[i])
			continue;
		const char *name = rules_rule_name(p->r, i);
		int64_t weight = 0, level = 0;
		int rc = indicator_param(m->snap, "weight", name, &weight, e);
		if (!rc)
			rc = indicator_param(m->snap, "level", name, &level, e);
		if (rc)
			return rc;
		if (weight <= 0 && level <= 0)
			continue; /* switched off in this region */
		struct mon_hit *hit = &out->hits[out->nhits++];
		hit->indicator = name;
		hit->weight = (int)weight;
		hit->level = level >= ML_RED ? ML_RED : level <= 0 ? ML_NONE : (enum mon_level)level;
		hit->message = arena_strndup(a, msgs->data + starts[i], strlen(msgs->data + starts[i]));
		const char *kinds = p->evidence_let[i] >= 0 ? lets[p->evidence_let[i]].s : "";
		if (!hit->message)
			return error_nomem(e);
		evidence_pick(h, al, kinds ? kinds : "", w, hit);
		hit->exit = p->exit_let[i] >= 0 && lets[p->exit_let[i]].i;
		out->score += (int)weight;
		if (hit->level > own)
			own = hit->level;
		if (!hit->exit) {
			out->need_score += (int)weight;
			if (hit->level > need_own)
				need_own = hit->level;
		}
	}
	int rc = score_level(m->snap, out->score, &out->level, e);
	if (!rc && own > out->level)
		out->level = own;
	if (!rc)
		rc = score_level(m->snap, out->need_score, &out->need_level, e);
	if (!rc && need_own > out->need_level)
		out->need_level = need_own;
	return rc;
}

/* the months after a record's month in which its resource's department reports it */
static int lag_of(struct mon_engine *m, const char *resource, int *lag, struct error *e)
{
	if (m->lag_snap != m->snap) {
		m->lag_snap = m->snap;
		m->nlags = 0;
	}
	if (!resource)
		resource = "";
	for (size_t i = 0; i < m->nlags; i++)
		if (!strcmp(m->lags[i].code, resource)) {
			*lag = m->lags[i].lag;
			return 0;
		}
	char name[64];
	snprintf(name, sizeof name, "mon_lag_%s", resource);
	for (char *c = name; *c; c++)
		*c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c); /* names are lower-case */
	const struct param_value *pv = params_get(m->snap, name);
	if (!pv && !(pv = params_get(m->snap, "mon_lag_default")))
		return error_set(e, ERR_NOTFOUND, "没有参数 %s", "the parameter %s is missing",
		                 "mon_lag_default");
	*lag = (int)pv->value;
	if (m->nlags < ARRAY_SIZE(m->lags) && strlen(resource) < sizeof m->lags[0].code) {
		snprintf(m->lags[m->nlags].code, sizeof m->lags[0].code, "%s", resource);
		m->lags[m->nlags++].lag = *lag;
	}
	return 0;
}

/* The household with each fact of a resource read late (mon_lag_RESOURCE: the monthly flows a
 * department declares the month after) placed that many months after the month it is about, so
 * that the windows of the indicators and the screening's twelve months compare like with like:
 * a wage not declared yet is not a wage that stopped. The facts keep their order (evidence maps
 * back by position). */
static int align(struct mon_engine *m, const struct vf_household *h, struct arena *a,
                 struct vf_household *out, struct error *e)
{
	*out = *h;
	struct vf_member *mb = arena_alloc(a, (h->nmembers + 1) * sizeof *mb);
	if (!mb)
		return error_nomem(e);
	for (size_t i = 0; i < h->nmembers; i++) {
		mb[i] = h->members[i];
		mb[i].facts = arena_alloc(a, (h->members[i].nfacts + 1) * sizeof *mb[i].facts);
		if (!mb[i].facts)
			return error_nomem(e);
		for (size_t k = 0; k < h->members[i].nfacts; k++) {
			struct vf_fact *f = &mb[i].facts[k];
			*f = h->members[i].facts[k];
			int lag = 0, rc = lag_of(m, f->resource, &lag, e);
			if (rc)
				return rc;
			size_t n = f->period ? strlen(f->period) : 0;
			date_t d;
			month_t mo;
			char text[DATE_STR_SIZE];
			if (!lag || n < 7)
				continue;
			if (n >= 10 && !date_parse(f->period, 10, &d)) {
				date_format(date_add_months(d, lag), text);
			} else if (!month_parse(f->period, 7, &mo)) {
				month_format(mo + lag, text);
			} else {
				continue;
			}
			if (!(f->period = arena_strndup(a, text, strlen(text))))
				return error_nomem(e);
		}
	}
	out->members = mb;
	return 0;
}

int mon_household_load(struct store *s, const char *household, date_t day, struct arena *a,
                       struct vf_household *h, struct error *e)
{
	int64_t auth;
	return vf_household_from_store(s, household, day, a, h, &auth, e);
}

int mon_score_loaded(struct mon_engine *m, const struct vf_household *h, date_t day, const struct mon_on *on,
                     struct arena *a, struct mon_score *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	date_t month = month_first_day(month_of(day));
	struct vf_result r;
	memset(&r, 0, sizeof r);
	struct vf_household al;
	char county[7];
	snprintf(county, sizeof county, "%.6s", h->region ? h->region : "");
	int rc = snapshot_for(m, county, month, e);
	if (!rc)
		rc = align(m, h, a, &al, e);
	if (!rc)
		rc = vf_verify(m->vp, &al, day, lang_current(), VF_QUICK | VF_SCREEN, a, &r, e);
	struct program *p = NULL;
	if (!rc) {
		snprintf(out->county, sizeof out->county, "%s", r.county);
		snprintf(out->screened, sizeof out->screened, "%s", vf_class_name(r.decision));
		rc = program_for(m, r.county, &p, e);
	}
	if (!rc)
		rc = snapshot_for(m, r.county, month, e);
	struct span w = { month, month };
	if (!rc)
		rc = fact_span(m->snap, month, &w, e);
	struct rv *in = NULL;
	if (!rc)
		rc = build_inputs(p, &al, &r, on, &w, a, &in, e);
	if (!rc) {
		size_t nr = rules_nrules(p->r);
		bool *fired = arena_calloc(a, (nr + 1) * sizeof *fired);
		size_t *starts = arena_calloc(a, (nr + 1) * sizeof *starts);
		struct rv *lets = arena_calloc(a, (rules_nlets(p->r) + 1) * sizeof *lets);
		struct buf msgs = BUF_INIT((size_t)1 << 20);
		if (!fired || !starts || !lets)
			rc = error_nomem(e);
		if (!rc)
			rc = rules_eval_messages(p->r, in, m->snap, fired, lets, &msgs, starts, e);
		if (!rc)
			rc = weigh(m, p, h, &al, fired, lets, &msgs, starts, &w, a, out, e);
		buf_release(&msgs);
	}
	vf_result_release(&r);
	return rc;
}

int mon_score_household(struct mon_engine *m, struct store *s, const char *household, date_t day,
                        const struct mon_on *on, struct arena *a, struct mon_score *out, struct error *e)
{
	memset(out, 0, sizeof *out);
	struct vf_household h;
	int rc = mon_household_load(s, household, day, a, &h, e);
	return rc ? rc : mon_score_loaded(m, &h, day, on, a, out, e);
}
