/* truth.c: the true class and benefit of every household in every observed month, under the
 * default policy of DOMAIN.md §2–§4 with Hunan's guide standards, computed from the true
 * amounts; and the truth files that carry them (docs/GENERATOR.md gives every column).
 * The policy engine must reproduce these figures from the department files. */
#include "base/region.h"
#include "gen/gen_int.h"

/* Hunan guide standards, yuan per person per month, valid from 1 January of each year
 * (2021 and 2025 from the guide; 2022-2024 interpolated [D]) */
static const int urban_std[] = { 550, 598, 645, 693, 740 };
static const int rural_std[] = { 358, 390, 422, 453, 485 };
/* last year's per-capita disposable income, yuan per month (Hunan 2024, approximate [D]) */
#define URBAN_DISPOSABLE 4467
#define RURAL_DISPOSABLE 1850

int64_t gen_standard_fen(bool urban, month_t mo)
{
	int y = mo / 12;
	int i = y < 2021 ? 0 : y > 2025 ? 4 : y - 2021;
	return (int64_t)(urban ? urban_std[i] : rural_std[i]) * 100;
}

static int64_t ceil_yuan(int64_t fen)
{
	return fen <= 0 ? 0 : (fen + 99) / 100 * 100;
}

struct tally {
	int members;
	bool all_incapable, has_supporter;
	int64_t income, deduct, rigid, fin;
	int care[3];             /* members by self-care level: 0 self-care, 1 partial, 2 none */
	int64_t items[MI_COUNT]; /* 12-month sums (flows) or month-end values (assets) */
	bool company;
};

/* no capacity to work (DOMAIN.md §3): 60 or older, under 16, under 18 at school, or an
 * intellectual or mental disability of grade 1-3, a physical one of grade 1-2, a visual one of
 * grade 1 */
static bool incapable(const struct gen_person *p, int age)
{
	int g = p->disability_grade, k = p->disability_type;
	bool disabled = g && ((k >= 5 && g <= 3) || (k == 4 && g <= 2) || (k == 1 && g == 1));
	return age >= 60 || age < 16 || (age < 18 && p->job == JOB_STUDENT) || disabled;
}

static void tally_member(struct tally *tl, const struct gen_person *p, const struct gen_ctx *c, int t)
{
	int age = gen_age(p, c, t);
	tl->members++;
	if (!incapable(p, age))
		tl->all_incapable = false;
	if (p->supporter_outside && age >= 60)
		tl->has_supporter = true;
	/* balances are known as the banks report them: at the latest quarter end */
	int q = t;
	while (q > 0 && gen_month(c, q) % 3 != 2)
		q--;
	for (int k = 0; k < MI_COUNT; k++) {
		const int32_t *v = gen_item(p, c, k);
		if (k >= MI_DEPOSIT) {
			tl->items[k] += v[q];
			continue;
		}
		for (int m = t - 11; m <= t; m++)
			tl->items[k] += v[m];
	}
	if (p->has_company_role && p->company_t <= t)
		tl->company = true;
	tl->care[p->selfcare < 3 ? p->selfcare : 0]++;
}

static void judge_month(const struct gen_ctx *c, struct gen_household *h, const struct tally *tl, int t)
{
	int64_t std = gen_standard_fen(h->urban, gen_month(c, t));
	const int64_t *it = tl->items;
	h->members[t] = (int16_t)tl->members;
	h->cls[t] = GEN_NONE;
	h->benefit_fen[t] = 0;
	if (tl->members == 0) {
		h->pc_fen[t] = 0;
		return;
	}
	int64_t income = it[MI_WAGE] - it[MI_SI] - it[MI_TAX] + it[MI_FLEX] + it[MI_EMP_PENSION] +
	                 it[MI_UNEMP] + it[MI_BUSINESS] + it[MI_FARM] + it[MI_MAINT_IN] - it[MI_MAINT_OUT];
	int64_t net = income - it[MI_MED_OOP];
	int64_t pc = net / 12 / tl->members;
	if (pc < 0)
		pc = 0;
	h->pc_fen[t] = (int32_t)pc;
	int64_t fin_pp = (it[MI_DEPOSIT] + it[MI_SECURITIES] + it[MI_INSURANCE]) / tl->members;
	bool vehicle = false, homes_ok = true;
	int homes = 0;
	for (size_t i = 0; i < h->vehicles.len; i++)
		vehicle |= !h->vehicles.items[i].exempt && h->vehicles.items[i].bought_t <= t;
	for (size_t i = 0; i < h->homes.len; i++) {
		if (h->homes.items[i].bought_t > t)
			continue;
		homes++;
		if (h->homes.items[i].bought_t > t - 12)
			homes_ok = false;
	}
	bool other_assets_ok = !vehicle && !tl->company && homes <= 1 && homes_ok;
	if (pc < std && fin_pp <= 12 * std && other_assets_ok) {
		if (tl->all_incapable && !tl->has_supporter) {
			h->cls[t] = GEN_TEKUN;
			/* each member's basic living and care allowance, each rounded up to the yuan */
			int64_t basic = ceil_yuan(std * 13 / 10);
			h->benefit_fen[t] =
			    (int32_t)(basic * tl->members + ceil_yuan(std / 10) * tl->care[1] +
			              ceil_yuan(std * 3 / 10) * tl->care[2]);
		} else {
			h->cls[t] = GEN_DIBAO;
			/* the household's gap, exact (the 12 months' net income, not the income per
			 * person cut to the fen), rounded once, up to the yuan (policy/dibao.rules) */
			int64_t gap12 = std * tl->members * 12 - (net > 0 ? net : 0);
			h->benefit_fen[t] = (int32_t)((gap12 + 1199) / 1200 * 100);
		}
		return;
	}
	if (pc < std * 3 / 2 && fin_pp <= 24 * std && other_assets_ok) {
		h->cls[t] = GEN_MARGINAL;
		return;
	}
	/* rigid expenditure compares spending with income, so its income test is before the
	 * medical deduction */
	int64_t disposable = (h->urban ? URBAN_DISPOSABLE : RURAL_DISPOSABLE) * 100;
	int64_t rigid = it[MI_MED_OOP] + it[MI_EDU];
	int64_t pc_gross = income / 12 / tl->members;
	if (pc_gross < disposable && fin_pp <= 24 * std && other_assets_ok && income > 0 &&
	    (rigid * 10 > income * 7 || it[MI_MED_OOP] * 10 > income * 6))
		h->cls[t] = GEN_RIGID;
}

/* truth/households.tsv: one line per household and observed month, in the order of the header
 * that pipeline.c writes (docs/GENERATOR.md lists the columns) */
static void household_line(struct gen_block *b, const struct gen_ctx *c, const struct gen_household *h,
                           const struct tally *tl, int t)
{
	uint16_t fh = (uint16_t)GEN_FILE_HOUSEHOLDS;
	struct buf *o = &b->files[fh];
	char mo[8];
	month_format(gen_month(c, t), mo);
	int vehicles = 0, homes = 0, recent = 0;
	for (size_t i = 0; i < h->vehicles.len; i++)
		vehicles += !h->vehicles.items[i].exempt && h->vehicles.items[i].bought_t <= t;
	for (size_t i = 0; i < h->homes.len; i++) {
		homes += h->homes.items[i].bought_t <= t;
		recent += h->homes.items[i].bought_t <= t && h->homes.items[i].bought_t > t - 12;
	}
	buf_addf(o, "%s\t%s\t%s\t%d\t%d", h->key, mo, region_at(h->village)->code, h->urban, tl->members);
	for (int k = 0; k < MI_COUNT; k++) {
		buf_addch(o, '\t');
		gen_put_int(o, tl->items[k]);
	}
	buf_addf(o, "\t%d\t%d\t%d\t%d\t%" PRId64 "\t%d\t%d\t%s\t%d\n", vehicles, homes, tl->company,
	         recent > 0, gen_standard_fen(h->urban, gen_month(c, t)),
	         (h->urban ? URBAN_DISPOSABLE : RURAL_DISPOSABLE) * 100, h->pc_fen[t],
	         gen_class_name((enum gen_class)h->cls[t]), h->benefit_fen[t]);
	b->rows[fh]++;
}

void gen_judge(struct gen_block *b, const struct gen_ctx *c)
{
	size_t nh = b->households.len;
	struct tally *tl = mem_calloc(nh, sizeof *tl);
	if (!tl) {
		b->err = ERR_NOMEM;
		return;
	}
	for (int t = GEN_HISTORY; t < c->months_total; t++) {
		for (size_t k = 0; k < nh; k++) {
			memset(&tl[k], 0, sizeof tl[k]);
			tl[k].all_incapable = true;
		}
		for (size_t i = 0; i < b->persons.len; i++) {
			const struct gen_person *p = &b->persons.items[i];
			if (gen_present(p, t))
				tally_member(&tl[p->hh], p, c, t);
		}
		for (size_t k = 0; k < nh; k++) {
			judge_month(c, &b->households.items[k], &tl[k], t);
			household_line(b, c, &b->households.items[k], &tl[k], t);
		}
	}
	mem_free(tl);
}

const char *gen_class_name(enum gen_class cl)
{
	static const char *names[] = { "none", "dibao", "tekun", "marginal", "rigid" };
	return (unsigned)cl < GEN_CLASSES ? names[cl] : "?";
}

static const char *job_name(int job)
{
	static const char *names[] = { "none",     "formal",  "flexible", "farming",
		                       "business", "retired", "student",  "child" };
	return names[job];
}

static void month_or_dash(struct buf *o, const struct gen_ctx *c, int32_t t)
{
	char mo[8];
	if (t == GEN_NONE_T) {
		buf_adds(o, "\t-");
		return;
	}
	month_format(gen_month(c, t), mo);
	buf_addf(o, "\t%s", mo);
}

void gen_emit_truth(struct gen_block *b, const struct gen_ctx *c)
{
	uint16_t fp = (uint16_t)GEN_FILE_PERSONS;
	struct buf *o = &b->files[fp];
	for (size_t i = 0; i < b->persons.len; i++) {
		const struct gen_person *p = &b->persons.items[i];
		const struct gen_household *h = &b->households.items[p->hh];
		struct gen_patch patch = { o->len, (int32_t)i, fp, IDV_PLAIN, 0, 0, 0 };
		vec_push(&b->patches, patch);
		char birth[DATE_STR_SIZE];
		date_format(p->birth, birth);
		buf_addf(o, "\t%ld.%zu\t%s\t%c\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d", b->index, i, p->name,
		         p->sex, birth, h->key, p->rel, region_at(h->village)->code,
		         region_at(h->reg_village)->code, region_at(p->issuing_county)->code,
		         job_name(p->job), p->disability_type, p->disability_grade, p->selfcare);
		month_or_dash(o, c, p->born_t == 0 ? GEN_NONE_T : p->born_t);
		month_or_dash(o, c, p->death_t);
		month_or_dash(o, c, p->left_t);
		month_or_dash(o, c, p->prison_from_t);
		month_or_dash(o, c, p->prison_to_t);
		buf_addch(o, '\n');
		b->rows[fp]++;
	}
}
