/* life.c: a life over the months: wages and their variation, unemployment spells, pensions
 * from age 60, school fees, illness and its costs, accidents, births, marriages, divorces,
 * deaths, prison, purchases of homes and vehicles, company roles, and disasters that hit a
 * whole village. Every shock is written to truth/shocks.tsv. Rates are annual, applied monthly. */
#include <math.h>

#include "base/region.h"
#include "gen/gen_int.h"

/* the monthly chance of an event with this annual chance: 1 - (1 - a)^(1/12), to within
 * 0.1 % for the rates used here (second-order series, no pow() in the hot loop) */
static double monthly(double annual)
{
	return annual / 12.0 * (1.0 + annual * 11.0 / 24.0);
}

static double death_rate(int age)
{
	double q = 0.0004 * exp(0.088 * (age - 30));
	return q > 0.35 ? 0.35 : q;
}

/* Appends a shock line to truth/shocks.tsv: ID (placed by the writer), household, kind,
 * month, detail, and the months until a department's record first shows it. */
static void shock(struct gen_block *b, const struct gen_ctx *c, int32_t person, const char *kind, int t,
                  const char *detail)
{
	uint16_t f = (uint16_t)GEN_FILE_SHOCKS;
	struct buf *o = &b->files[f];
	struct gen_patch patch = { o->len, person, f, IDV_PLAIN, 0, 0, 0 };
	if (vec_push(&b->patches, patch)) {
		b->err = ERR_NOMEM;
		return;
	}
	char mo[8];
	month_format(gen_month(c, t), mo);
	const struct gen_person *p = &b->persons.items[person];
	if (buf_addf(o, "\t%s\t%s\t%s\t%s\t%d\n", b->households.items[p->hh].key, kind, mo, detail,
	             gen_shock_lag(kind)))
		b->err = ERR_NOMEM;
	b->rows[f]++;
}

static int32_t clamp32(double v)
{
	return v > 2e9 ? 2000000000 : v < -2e9 ? -2000000000 : (int32_t)v;
}

static void add_newborn(struct gen_block *b, const struct gen_ctx *c, struct gen_household *h, int32_t mother,
                        int t)
{
	struct gen_person kid;
	memset(&kid, 0, sizeof kid);
	const struct gen_person *m = &b->persons.items[mother];
	kid.hh = m->hh;
	kid.spouse = -1;
	kid.sex = rng_chance(&b->rng, 0.515) ? 'M' : 'F';
	kid.rel = m->rel == REL_HEAD || m->rel == REL_SPOUSE ? REL_CHILD : REL_GRANDCHILD;
	kid.job = JOB_CHILD;
	kid.birth = month_first_day(gen_month(c, t)) + (date_t)rng_below(&b->rng, 28);
	gen_cache_birth(&kid);
	kid.born_t = t;
	kid.death_t = kid.left_t = kid.prison_from_t = kid.prison_to_t = GEN_NONE_T;
	kid.unemp_from_t = kid.unemp_to_t = kid.illness_t = kid.disability_t = kid.dropout_t = GEN_NONE_T;
	kid.chronic_t = GEN_NONE_T;
	kid.company_t = kid.accident_t = kid.marriage_t = kid.divorce_t = GEN_NONE_T;
	kid.issuing_county = m->issuing_county;
	kid.supporter_outside = true;
	/* the child takes the father's surname when there is one */
	const struct gen_person *father = m->spouse >= 0 ? &b->persons.items[m->spouse] : m;
	char surname[8];
	snprintf(surname, sizeof surname, "%.3s", father->name);
	gen_name(&b->rng, kid.sex, surname, kid.name);
	kid.m = arena_calloc(&b->arena, sizeof(int32_t) * MI_COUNT * (size_t)c->months_total);
	if (!kid.m || vec_push(&b->persons, kid)) {
		b->err = ERR_NOMEM;
		return;
	}
	/* households own a contiguous run of persons: a newborn is kept at the end of the block
	 * and found through hh, so count it without moving anyone */
	UNUSED(h);
}

/* A marriage: the spouse, from outside the block's households, joins this household. */
static void marry(struct gen_block *b, const struct gen_ctx *c, int32_t i, int t, int age)
{
	struct gen_person s;
	const struct gen_person *p = &b->persons.items[i];
	memset(&s, 0, sizeof s);
	s.hh = p->hh;
	s.spouse = i;
	s.sex = p->sex == 'M' ? 'F' : 'M';
	s.rel = p->rel == REL_HEAD ? REL_SPOUSE : REL_INLAW; /* a child's spouse: son- or daughter-in-law */
	s.job = JOB_FLEX;
	int sage = age + (int)rng_range(&b->rng, -3, 3);
	int y = gen_month(c, t) / 12 - (sage < 20 ? 20 : sage);
	s.birth = date_from_ymd(y, 1 + (int)rng_below(&b->rng, 12), 1 + (int)rng_below(&b->rng, 28));
	gen_cache_birth(&s);
	s.born_t = t;
	s.marriage_t = t;
	s.death_t = s.left_t = s.prison_from_t = s.prison_to_t = GEN_NONE_T;
	s.unemp_from_t = s.unemp_to_t = s.illness_t = s.disability_t = s.dropout_t = GEN_NONE_T;
	s.chronic_t = GEN_NONE_T;
	s.company_t = s.accident_t = s.divorce_t = GEN_NONE_T;
	s.issuing_county = c->counties[rng_below(&b->rng, c->ncounties)];
	s.supporter_outside = true;
	s.base_fen = (int32_t)(b->households.items[p->hh].tier + 1) * 80000;
	gen_name(&b->rng, s.sex, gen_surname(&b->rng), s.name);
	s.m = arena_calloc(&b->arena, sizeof(int32_t) * MI_COUNT * (size_t)c->months_total);
	if (!s.m || vec_push(&b->persons, s)) {
		b->err = ERR_NOMEM;
		return;
	}
	struct gen_person *me = &b->persons.items[i];
	me->spouse = (int32_t)b->persons.len - 1;
	me->marriage_t = t;
	shock(b, c, i, "marriage", t, "spouse joined the household");
}

static void events(struct gen_block *b, const struct gen_ctx *c, struct gen_household *h, int32_t i, int t)
{
	struct rng *r = &b->rng;
	struct gen_person *p = &b->persons.items[i];
	if (!gen_present(p, t))
		return;
	int age = gen_age(p, c, t);
	char detail[64];
	if (rng_chance(r, monthly(death_rate(age)))) {
		p->death_t = t;
		shock(b, c, i, "death", t, age >= 60 ? "old age" : "illness");
		return;
	}
	if (p->sex == 'M' && age >= 18 && age <= 55 && rng_chance(r, monthly(0.0012))) {
		p->prison_from_t = t;
		p->prison_to_t = t + (int32_t)rng_range(r, 6, 36);
		snprintf(detail, sizeof detail, "%d months", p->prison_to_t - t);
		shock(b, c, i, "prison", t, detail);
		return;
	}
	if (p->job == JOB_FORMAL && (p->unemp_to_t == GEN_NONE_T || t >= p->unemp_to_t) &&
	    rng_chance(r, monthly(0.05))) {
		p->unemp_from_t = t;
		p->unemp_to_t = t + (int32_t)rng_range(r, 2, 14);
		shock(b, c, i, "job-loss", t, "unemployed");
	}
	if (p->illness_t == GEN_NONE_T && rng_chance(r, monthly(age >= 45 ? 0.018 : 0.004))) {
		p->illness_t = t;
		shock(b, c, i, "serious-illness", t, "inpatient");
	}
	/* drawn only when asked for, so that the default output does not change */
	if (c->opt.chronic > 0 && h->tier >= 1 && h->tier <= 2 && p->chronic_t == GEN_NONE_T && age >= 30 &&
	    age < 65 && rng_chance(r, monthly(c->opt.chronic))) {
		int64_t wages = 0;
		for (size_t k = 0; k < b->persons.len; k++) {
			const struct gen_person *q = &b->persons.items[k];
			if (q->hh == p->hh && gen_present(q, t) && q->base_fen > 0)
				wages += q->base_fen;
		}
		p->chronic_t = t;
		p->chronic_fen = (int32_t)(wages * rng_range(r, 55, 70) / 100);
		shock(b, c, i, "serious-illness", t, "chronic, dialysis");
	}
	if (p->accident_t == GEN_NONE_T && rng_chance(r, monthly(0.003))) {
		p->accident_t = t;
		shock(b, c, i, "accident", t, "injury");
	}
	if (!p->disability_grade && age >= 5 && rng_chance(r, monthly(0.0015))) {
		p->disability_type = gen_disability_type(r);
		p->disability_grade = (uint8_t)rng_range(r, 1, 4);
		p->disability_t = t;
		snprintf(detail, sizeof detail, "type %d grade %d", p->disability_type, p->disability_grade);
		shock(b, c, i, "disability", t, detail);
	}
	if (p->job == JOB_STUDENT && age >= 12 && age <= 17 && p->dropout_t == GEN_NONE_T &&
	    rng_chance(r, monthly(h->tier == 0 ? 0.03 : 0.002))) {
		p->dropout_t = t;
		p->job = JOB_FLEX;
		shock(b, c, i, "dropout", t, "left school");
	}
	if (p->sex == 'F' && p->spouse >= 0 && age >= 22 && age <= 40 && rng_chance(r, monthly(0.05))) {
		add_newborn(b, c, h, i, t);
		shock(b, c, (int32_t)b->persons.len - 1, "birth", t, "newborn");
		p = &b->persons.items[i]; /* the vector may have moved */
	}
	if (p->spouse < 0 && (p->rel == REL_HEAD || p->rel == REL_CHILD) && age >= 22 && age <= 40 &&
	    p->divorce_t == GEN_NONE_T && rng_chance(r, monthly(0.06))) {
		marry(b, c, i, t, age);
		p = &b->persons.items[i]; /* the vector may have moved */
	}
	if (p->spouse >= 0 && p->rel <= REL_SPOUSE && rng_chance(r, monthly(0.003))) {
		struct gen_person *s = &b->persons.items[p->spouse];
		if (gen_present(s, t) && p->rel == REL_HEAD) {
			p->divorce_t = s->divorce_t = t;
			s->left_t = t + 1;
			shock(b, c, i, "divorce", t, "spouse left the household");
			/* with children at home, the court sets maintenance from the one who left */
			for (size_t k = 0; k < b->persons.len; k++) {
				const struct gen_person *kid = &b->persons.items[k];
				if (kid->hh == p->hh && kid->rel == REL_CHILD && gen_present(kid, t) &&
				    gen_age(kid, c, t) < 18) {
					h->maint_from_t = t + 1;
					h->maint_payer = p->spouse;
					h->maint_fen = (int32_t)rng_range(r, 500, 1500) * 100;
					break;
				}
			}
		}
	}
	if (p->job == JOB_BUSINESS && !p->has_company_role && rng_chance(r, monthly(0.05))) {
		p->has_company_role = true;
		p->company_t = t;
		shock(b, c, i, "company-role", t, "legal representative");
	}
	if (p->rel == REL_HEAD) {
		if (h->tier >= 1 && rng_chance(r, monthly(h->tier >= 3 ? 0.05 : 0.015))) {
			struct gen_vehicle v = { i, t, false, (int64_t)rng_range(r, 60000, 250000) * 100,
				                 'C' };
			vec_push(&h->vehicles, v);
			shock(b, c, i, "vehicle", t, "bought a car");
		}
		if (h->tier >= 3 && rng_chance(r, monthly(0.02))) {
			struct gen_home home = { i, t, (int32_t)rng_range(r, 70, 140), 0 };
			home.value_fen = (int64_t)home.area_m2 * 900000;
			vec_push(&h->homes, home);
			shock(b, c, i, "home", t, "bought a home");
		}
	}
}

/* One month's amounts for a present person. */
static void amounts(struct gen_block *b, const struct gen_ctx *c, struct gen_household *h,
                    struct gen_person *p, int t)
{
	struct rng *r = &b->rng;
	int age = gen_age(p, c, t);
	int32_t base = p->base_fen;
	int mon = gen_month(c, t) % 12 + 1;
	int32_t *it[MI_COUNT];
	for (int k = 0; k < MI_COUNT; k++)
		it[k] = gen_item(p, c, k);
	bool unemployed = p->unemp_from_t != GEN_NONE_T && t >= p->unemp_from_t && t < p->unemp_to_t;
	bool ill = p->illness_t != GEN_NONE_T && t >= p->illness_t && t < p->illness_t + 3;
	switch (p->job) {
	case JOB_FORMAL:
		if (unemployed || ill) {
			if (unemployed && t - p->unemp_from_t < 6)
				it[MI_UNEMP][t] = 150000;
			break;
		}
		it[MI_WAGE][t] = clamp32(base * (0.95 + 0.1 * rng_unit(r)));
		it[MI_SI][t] = it[MI_WAGE][t] / 1000 * 105;
		if (it[MI_WAGE][t] - it[MI_SI][t] > 500000)
			it[MI_TAX][t] = (it[MI_WAGE][t] - it[MI_SI][t] - 500000) / 100 * 3;
		break;
	case JOB_FLEX:
		if (!ill)
			it[MI_FLEX][t] = clamp32(base * (0.7 + 0.6 * rng_unit(r)));
		break;
	case JOB_FARM:
		/* harvest months pay more */
		it[MI_FARM][t] = clamp32(base * ((mon >= 7 && mon <= 10) ? 1.6 : 0.75));
		break;
	case JOB_BUSINESS:
		it[MI_BUSINESS][t] = clamp32(base * (0.6 + 0.8 * rng_unit(r)));
		break;
	case JOB_RETIRED:
		if (base > 0)
			it[MI_EMP_PENSION][t] = base;
		else
			it[MI_BASIC_PENSION][t] = -base;
		break;
	case JOB_STUDENT:
		if (mon == 3 || mon == 9) {
			if (age >= 19)
				it[MI_EDU][t] = 500000;
			else if (age >= 16)
				it[MI_EDU][t] = 120000;
		}
		break;
	default:
		if (age >= 60 && base == 0)
			it[MI_BASIC_PENSION][t] = 18000;
		break;
	}
	/* a job-holder who turns 60 retires on a pension from their contributions */
	if (age >= 60 &&
	    (p->job == JOB_FORMAL || p->job == JOB_FLEX || p->job == JOB_FARM || p->job == JOB_BUSINESS)) {
		p->job = JOB_RETIRED;
		p->base_fen = base > 0 ? clamp32(base * 0.55) : -18000;
		shock(b, c, (int32_t)(p - b->persons.items), "retirement", t, "turned 60");
	}
	if (p->disability_grade && p->disability_grade <= 2)
		it[MI_DISAB_SUB][t] = 9000;
	if (p->rel == REL_HEAD && h->maint_from_t != GEN_NONE_T && t >= h->maint_from_t)
		it[MI_MAINT_IN][t] = h->maint_fen;
	int64_t med = 0;
	if (ill)
		med += (int64_t)(rng_range(r, 8000, 40000) * 100) / (h->tier >= 3 ? 2 : 1);
	/* after the inpatient months, nine months of treatment (chemotherapy, dialysis) */
	if (p->illness_t != GEN_NONE_T && t >= p->illness_t + 3 && t < p->illness_t + 12)
		med += (int64_t)(rng_range(r, 2000, 7000) * 100) / (h->tier >= 3 ? 2 : 1);
	if (p->accident_t == t)
		med += rng_range(r, 2000, 15000) * 100;
	if (p->chronic_t != GEN_NONE_T && t >= p->chronic_t)
		med += p->chronic_fen;
	if (age >= 65 || p->disability_grade)
		med += rng_range(r, 50, 400) * 100;
	it[MI_MED_OOP][t] = clamp32((double)med);
	/* savings drift with the household's means */
	int32_t prev = t ? it[MI_DEPOSIT][t - 1] : gen_item(p, c, MI_DEPOSIT)[0];
	double drift = h->tier == 0 ? 0.995 : 1.002;
	/* big bills are paid from savings */
	it[MI_DEPOSIT][t] =
	    clamp32(prev * drift + (h->tier >= 2 ? rng_range(r, -20000, 60000) : 0) - (double)med);
	if (it[MI_DEPOSIT][t] < 0)
		it[MI_DEPOSIT][t] = 0;
	if (t > 0) {
		it[MI_SECURITIES][t] = clamp32(it[MI_SECURITIES][t - 1] * (0.96 + 0.08 * rng_unit(r)));
		it[MI_INSURANCE][t] = it[MI_INSURANCE][t - 1];
	}
}

void gen_live(struct gen_block *b, const struct gen_ctx *c)
{
	/* one disaster draw per block's village, so a flood hits every household in it */
	struct rng vr;
	rng_seed(&vr, c->opt.seed, 0xD15A5 ^ (uint64_t)b->village);
	int32_t disaster = GEN_NONE_T;
	for (int t = 0; t < c->months_total && disaster == GEN_NONE_T; t++)
		if (rng_chance(&vr, monthly(0.04)))
			disaster = t;
	for (size_t k = 0; k < b->households.len; k++) {
		struct gen_household *h = &b->households.items[k];
		h->disaster_t = disaster;
		if (disaster != GEN_NONE_T)
			shock(b, c, h->first, "disaster", disaster, "flood damage");
	}
	for (int t = 0; t < c->months_total; t++) {
		/* persons added this month (newborns) start next month's loop */
		size_t n = b->persons.len;
		for (size_t i = 0; i < n; i++) {
			struct gen_person *p = &b->persons.items[i];
			struct gen_household *h = &b->households.items[p->hh];
			if (gen_present(p, t))
				amounts(b, c, h, p, t);
			if (t >= 1)
				events(b, c, h, (int32_t)i, t);
		}
	}
}
