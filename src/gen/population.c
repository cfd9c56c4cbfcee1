/* population.c: the households and persons of one block, placed in one real village or
 * community. Household sizes, ages and the urban share are calibrated to Hunan's 2020 census
 * (docs/GENERATOR.md says which figures); economic tiers drive work, income and assets. */
#include "base/region.h"
#include "gen/gen_int.h"

#include <math.h>

/* household size 1..6 (Hunan 2020 census: average 2.6 persons per family household) */
static const double size_weights[] = { 0.25, 0.28, 0.20, 0.14, 0.08, 0.05 };
/* economic tier 0 (poor) .. 4 (well off) */
static const double tier_weights_rural[] = { 0.032, 0.014, 0.29, 0.48, 0.184 };
static const double tier_weights_urban[] = { 0.018, 0.009, 0.18, 0.52, 0.273 };

int gen_age(const struct gen_person *p, const struct gen_ctx *c, int t)
{
	month_t mo = gen_month(c, t);
	int y = mo / 12, m = mo % 12 + 1;
	int age = y - p->by;
	if (m < p->bm || (m == p->bm && p->bd > 1))
		age--;
	return age;
}

void gen_cache_birth(struct gen_person *p)
{
	int y, m, d;
	date_to_ymd(p->birth, &y, &m, &d);
	p->by = (int16_t)y;
	p->bm = (int8_t)m;
	p->bd = (int8_t)d;
}

int gen_age_at(date_t birth, date_t when)
{
	int by, bm, bd, y, m, d;
	date_to_ymd(birth, &by, &bm, &bd);
	date_to_ymd(when, &y, &m, &d);
	int age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

static date_t birth_for_age(struct rng *r, date_t ref, int age)
{
	int y, m, d;
	date_to_ymd(ref, &y, &m, &d);
	/* a day in the year before the birthday that makes them `age` at ref */
	date_t latest = date_from_ymd(y - age, m, d > 28 ? 28 : d);
	return latest - (date_t)rng_below(r, 365);
}

static int32_t add_person(struct gen_block *b, const struct gen_ctx *c, int32_t hh, char sex, int age,
                          uint8_t rel, const char *surname)
{
	struct gen_person p;
	memset(&p, 0, sizeof p);
	p.hh = hh;
	p.spouse = -1;
	p.sex = sex;
	p.rel = rel;
	p.birth = birth_for_age(&b->rng, month_first_day(c->first_month), age);
	gen_cache_birth(&p);
	p.born_t = 0;
	p.death_t = p.left_t = p.prison_from_t = p.prison_to_t = GEN_NONE_T;
	p.unemp_from_t = p.unemp_to_t = p.illness_t = p.disability_t = p.dropout_t = GEN_NONE_T;
	p.chronic_t = GEN_NONE_T;
	p.company_t = p.accident_t = p.marriage_t = p.divorce_t = GEN_NONE_T;
	gen_name(&b->rng, sex, surname, p.name);
	p.m = arena_calloc(&b->arena, sizeof(int32_t) * MI_COUNT * (size_t)c->months_total);
	if (!p.m || vec_push(&b->persons, p))
		return -1;
	return (int32_t)b->persons.len - 1;
}

static int couple(struct gen_block *b, const struct gen_ctx *c, int32_t hh, int head_age, const char *surname)
{
	char hs = rng_chance(&b->rng, 0.8) ? 'M' : 'F';
	int32_t h = add_person(b, c, hh, hs, head_age, REL_HEAD, surname);
	int sage = head_age + (int)rng_range(&b->rng, -4, 3);
	int32_t s = add_person(b, c, hh, hs == 'M' ? 'F' : 'M', sage < 18 ? 18 : sage, REL_SPOUSE,
	                       gen_surname(&b->rng));
	if (h < 0 || s < 0)
		return -1;
	b->persons.items[h].spouse = s;
	b->persons.items[s].spouse = h;
	/* married some years ago */
	return 0;
}

static char any_sex(struct rng *r)
{
	return rng_chance(r, 0.515) ? 'M' : 'F';
}

static int children(struct gen_block *b, const struct gen_ctx *c, int32_t hh, int n, int parent_age,
                    const char *surname)
{
	for (int i = 0; i < n; i++) {
		int max = parent_age - 21;
		if (max > 25)
			max = 25;
		int age = max > 0 ? (int)rng_below(&b->rng, (uint64_t)max + 1) : 0;
		if (add_person(b, c, hh, any_sex(&b->rng), age, REL_CHILD, surname) < 0)
			return -1;
	}
	return 0;
}

/* Builds one household of `size` persons; returns its first person index or -1. */
static int compose(struct gen_block *b, const struct gen_ctx *c, int32_t hh, int size)
{
	struct rng *r = &b->rng;
	const char *surname = gen_surname(r);
	double u = rng_unit(r);
	int rc = 0;
	switch (size) {
	case 1: {
		int age = u < 0.66 ? (int)rng_range(r, 60, 92) : (int)rng_range(r, 20, 59);
		rc = add_person(b, c, hh, any_sex(r), age, REL_HEAD, surname) < 0 ? -1 : 0;
		break;
	}
	case 2:
		if (u < 0.6) {
			rc = couple(b, c, hh, (int)rng_range(r, 24, 85), surname);
		} else if (u < 0.85) {
			int age = (int)rng_range(r, 26, 50);
			rc = add_person(b, c, hh, rng_chance(r, 0.7) ? 'F' : 'M', age, REL_HEAD, surname) < 0
			         ? -1
			         : 0;
			rc = rc ? rc : children(b, c, hh, 1, age, surname);
		} else {
			int age = (int)rng_range(r, 30, 55);
			rc = add_person(b, c, hh, any_sex(r), age, REL_HEAD, surname) < 0 ? -1 : 0;
			rc = rc ? rc
			        : (add_person(b, c, hh, any_sex(r), age + (int)rng_range(r, 22, 32),
			                      REL_PARENT, surname) < 0
			               ? -1
			               : 0);
		}
		break;
	default: {
		int age = (int)rng_range(r, 26, 55);
		int grand = size >= 4 && u < 0.45 ? (size >= 5 ? 2 : 1) : (size >= 5 ? 1 : 0);
		if (size == 3 && u > 0.85) {
			rc = add_person(b, c, hh, rng_chance(r, 0.7) ? 'F' : 'M', age, REL_HEAD, surname) < 0
			         ? -1
			         : 0;
			rc = rc ? rc : children(b, c, hh, 2, age, surname);
			break;
		}
		rc = couple(b, c, hh, age, surname);
		int kids = size - 2 - grand;
		rc = rc ? rc : children(b, c, hh, kids, age, surname);
		for (int g = 0; g < grand && rc == 0; g++)
			rc = add_person(b, c, hh, g ? 'F' : 'M', age + (int)rng_range(r, 24, 32), REL_PARENT,
			                surname) < 0
			         ? -1
			         : 0;
	}
	}
	return rc;
}

static double lognormal(struct rng *r, double median, double sigma)
{
	return median * exp(sigma * rng_normal(r));
}

uint8_t gen_disability_type(struct rng *r)
{
	static const double w[6] = { 0.13, 0.13, 0.02, 0.35, 0.14, 0.23 };
	return (uint8_t)(rng_weighted(r, w, 6) + 1);
}

/* Work, disability and support of one person, from age and the household's tier. */
static void assign_work(struct gen_block *b, const struct gen_ctx *c, struct gen_household *h,
                        struct gen_person *p)
{
	struct rng *r = &b->rng;
	int age = gen_age_at(p->birth, month_first_day(c->first_month));
	int t = h->tier;
	p->employer = (int32_t)rng_below(r, 50000);
	if (rng_chance(r, t == 0 ? 0.46 : t == 1 ? 0.18 : 0.02) && age >= 5) {
		p->disability_type = gen_disability_type(r);
		p->disability_grade =
		    (uint8_t)(rng_chance(r, t == 0 ? 0.6 : 0.45) ? rng_range(r, 1, 2) : rng_range(r, 3, 4));
	}
	bool severe = p->disability_grade &&
	              (p->disability_grade <= 2 || (p->disability_grade == 3 && p->disability_type >= 5));
	if (age >= 80 || severe)
		p->selfcare = (uint8_t)(rng_chance(r, 0.35) ? (rng_chance(r, 0.4) ? 2 : 1) : 0);
	if (age < 6) {
		p->job = JOB_CHILD;
	} else if (age <= 18 || (age <= 22 && rng_chance(r, t >= 2 ? 0.5 : 0.15))) {
		p->job = JOB_STUDENT;
	} else if (age >= 60) {
		p->job = JOB_RETIRED;
	} else if (severe) {
		p->job = JOB_NONE;
	} else {
		static const double w[5][5] = {
			/* none, formal, flex, farm, business */
			{ 0.35, 0.00, 0.45, 0.20, 0.00 }, { 0.10, 0.15, 0.45, 0.30, 0.00 },
			{ 0.05, 0.45, 0.25, 0.15, 0.10 }, { 0.03, 0.62, 0.15, 0.08, 0.12 },
			{ 0.02, 0.65, 0.05, 0.00, 0.28 },
		};
		static const uint8_t jobs[5] = { JOB_NONE, JOB_FORMAL, JOB_FLEX, JOB_FARM, JOB_BUSINESS };
		p->job = jobs[rng_weighted(r, w[t], 5)];
		if (p->job == JOB_FARM && h->urban)
			p->job = JOB_FLEX;
	}
	p->supporter_outside = !(t <= 1 && rng_chance(r, 0.97));
	p->has_company_role =
	    (t == 4 && rng_chance(r, 0.2)) || (p->job == JOB_BUSINESS && rng_chance(r, 0.25));
	if (p->has_company_role)
		p->company_t = -(int32_t)rng_range(r, 1, 120);
}

/* Base monthly amounts (fen) the life simulation varies month by month. */
static void assign_money(struct gen_block *b, const struct gen_ctx *c, struct gen_household *h,
                         struct gen_person *p)
{
	struct rng *r = &b->rng;
	static const double formal[5] = { 2000, 2600, 3600, 5200, 9000 };
	static const double flex[5] = { 380, 900, 2000, 3000, 4500 };
	static const double farm[5] = { 250, 700, 1300, 1900, 2600 };
	static const double business[5] = { 800, 1500, 3200, 6000, 15000 };
	static const double pension[5] = { 1300, 1800, 2500, 3300, 4800 };
	static const double deposit[5] = { 800, 6000, 25000, 70000, 260000 };
	int t = h->tier;
	double base = 0;
	switch (p->job) {
	case JOB_FORMAL:
		base = lognormal(r, formal[t], 0.3);
		break;
	case JOB_FLEX:
		base = lognormal(r, flex[t], 0.35);
		break;
	case JOB_FARM:
		base = lognormal(r, farm[t], 0.3);
		break;
	case JOB_BUSINESS:
		base = lognormal(r, business[t], 0.45);
		break;
	case JOB_RETIRED:
		base = (t >= 2 && rng_chance(r, h->urban ? 0.75 : 0.3)) ? lognormal(r, pension[t], 0.2)
		                                                        : -lognormal(r, 180, 0.15);
		break;
	default:
		break;
	}
	p->base_fen = (int32_t)(base * 100);
	int age = gen_age_at(p->birth, month_first_day(c->first_month));
	double dep = age >= 18 ? lognormal(r, deposit[t], 0.8) : 0;
	gen_item(p, c, MI_DEPOSIT)[0] = (int32_t)(dep * 100 > 2e9 ? 2e9 : dep * 100);
	if (t >= 3 && age >= 25 && rng_chance(r, 0.3)) {
		double sec = lognormal(r, t == 4 ? 150000 : 40000, 0.9) * 100;
		gen_item(p, c, MI_SECURITIES)[0] = (int32_t)(sec > 2e9 ? 2e9 : sec);
	}
	if (t >= 2 && age >= 25 && rng_chance(r, 0.2))
		gen_item(p, c, MI_INSURANCE)[0] = (int32_t)(lognormal(r, 20000, 0.7) * 100);
}

static void assign_property(struct gen_block *b, struct gen_household *h)
{
	struct rng *r = &b->rng;
	int t = h->tier;
	static const double has_home[5] = { 0.80, 0.85, 0.9, 0.93, 0.97 };
	static const double second_home[5] = { 0.0, 0.0, 0.03, 0.12, 0.35 };
	static const double car[5] = { 0.0, 0.04, 0.3, 0.55, 0.85 };
	struct gen_home home = { h->first, -(int32_t)rng_range(r, 13, 360), (int32_t)rng_range(r, 60, 160),
		                 0 };
	if (rng_chance(r, has_home[t])) {
		home.value_fen = (int64_t)home.area_m2 * (h->urban ? 700000 : 150000);
		vec_push(&h->homes, home);
		if (rng_chance(r, second_home[t])) {
			home.bought_t = -(int32_t)rng_range(r, 13, 200);
			home.area_m2 = (int32_t)rng_range(r, 50, 140);
			home.value_fen = (int64_t)home.area_m2 * 800000;
			vec_push(&h->homes, home);
		}
	}
	if (rng_chance(r, car[t])) {
		struct gen_vehicle v = { h->first, -(int32_t)rng_range(r, 1, 120), false,
			                 (int64_t)rng_range(r, 50000, t == 4 ? 400000 : 150000) * 100, 'C' };
		vec_push(&h->vehicles, v);
	}
	/* a livelihood tricycle or a disabled person's vehicle: exempt */
	if (t <= 1 && rng_chance(r, 0.08)) {
		struct gen_vehicle v = { h->first, -(int32_t)rng_range(r, 1, 60), true,
			                 (int64_t)rng_range(r, 3000, 12000) * 100, 'T' };
		vec_push(&h->vehicles, v);
	}
	if (!h->urban) {
		h->land_mu10 = (int32_t)(h->n * rng_range(r, 8, 20));
		if (t >= 2 && rng_chance(r, 0.05)) {
			struct gen_vehicle v = { h->first, -(int32_t)rng_range(r, 1, 60), false,
				                 (int64_t)rng_range(r, 20000, 120000) * 100, 'M' };
			vec_push(&h->vehicles, v);
		}
	}
	h->unsafe_dwelling = t == 0 && !h->urban && rng_chance(r, 0.1);
	h->kwh = (int32_t)(h->n * (h->urban ? 90 : 60) * (0.6 + 0.2 * t) * (0.7 + 0.6 * rng_unit(r)));
}

static bool is_urban(const struct region *v)
{
	return strstr(v->name, "社区") || strstr(v->name, "居委会");
}

/* a registration village: home, or for a migrant household a village of another county */
static int32_t registration(struct gen_block *b, const struct gen_ctx *c, int32_t village)
{
	if (c->ncounties < 2 || !rng_chance(&b->rng, 0.06))
		return village;
	const struct region *county = region_at(c->counties[rng_below(&b->rng, c->ncounties)]);
	const struct region *town =
	    region_child(county, (int32_t)rng_below(&b->rng, (uint64_t)county->child_count));
	if (!town || town->child_count == 0)
		return village;
	return region_child(town, (int32_t)rng_below(&b->rng, (uint64_t)town->child_count))->id;
}

static int32_t county_of(int32_t region_id)
{
	const struct region *r = region_at(region_id);
	while (r && r->level > REGION_COUNTY)
		r = region_parent(r);
	return r ? r->id : region_id;
}

int gen_populate(struct gen_block *b, const struct gen_ctx *c)
{
	const struct region *v = region_at(b->village);
	int32_t left = b->npersons;
	while (left > 0) {
		int size = (int)rng_weighted(&b->rng, size_weights, ARRAY_SIZE(size_weights)) + 1;
		if (size > left)
			size = left;
		struct gen_household h;
		memset(&h, 0, sizeof h);
		h.first = (int32_t)b->persons.len;
		h.village = b->village;
		h.urban = is_urban(v);
		h.reg_village = registration(b, c, b->village);
		h.disaster_t = GEN_NONE_T;
		h.maint_from_t = GEN_NONE_T;
		h.maint_payer = -1;
		const double *tw = h.urban ? tier_weights_urban : tier_weights_rural;
		h.tier = (uint8_t)rng_weighted(&b->rng, tw, 5);
		int32_t hh = (int32_t)b->households.len;
		if (compose(b, c, hh, size))
			return ERR_NOMEM;
		h.n = (int32_t)b->persons.len - h.first;
		snprintf(h.key, sizeof h.key, "%s%05ld", v->code,
		         (b->village_offset + (long)h.first) % 100000);
		int32_t issuing = county_of(h.reg_village);
		for (int32_t i = h.first; i < h.first + h.n; i++) {
			struct gen_person *p = &b->persons.items[i];
			p->migrant = h.reg_village != h.village;
			/* a few were first registered elsewhere in the province */
			p->issuing_county = (c->ncounties > 1 && rng_chance(&b->rng, 0.04))
			                        ? c->counties[rng_below(&b->rng, c->ncounties)]
			                        : issuing;
			assign_work(b, c, &h, p);
			assign_money(b, c, &h, p);
		}
		assign_property(b, &h);
		if (vec_push(&b->households, h))
			return ERR_NOMEM;
		left -= h.n;
	}
	return 0;
}
