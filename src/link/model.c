/* model.c: the Fellegi-Sunter model: the levels each field is compared at, their m and u
 * probabilities, the weight log2(m/u) of a level, and EM over agreement-pattern counts that
 * estimates m, u and the share of matches from the candidate pairs themselves. */
#include <json-c/json.h>
#include <math.h>

#include "base/jsonw.h"
#include "link/link.h"

static const int nlevels[LKF_N] = { 5, 5, 3, 3, 3, 6 };
static const char *const field_names[LKF_N] = { "id", "name", "birth", "sex", "region", "context" };
static const char *const level_names[LKF_N][LK_LEVELS] = {
	{ "exact", "one-slip", "check-character", "different", "missing" },
	{ "exact", "same-sound", "one-character", "different", "missing" },
	{ "agree", "differ", "missing" },
	{ "agree", "differ", "missing" },
	{ "agree", "differ", "missing" },
	{ "same-thing", "fills-gap", "seen", "not-seen", "key-taken", "missing" },
};

int lk_nlevels(enum lk_field f)
{
	return nlevels[f];
}

const char *lk_field_name(enum lk_field f)
{
	return field_names[f];
}

const char *lk_level_name(enum lk_field f, int level)
{
	return level >= 0 && level < nlevels[f] ? level_names[f][level] : "?";
}

void lk_model_default(struct lk_model *m)
{
	/* starting values: EM moves them; the missing levels stay out of the weights */
	static const double m0[LKF_N][LK_LEVELS] = {
		{ 0.05, 0.85, 0.04, 0.05, 0.01 },
		{ 0.80, 0.08, 0.05, 0.07, 0 },
		{ 0.95, 0.05, 0 },
		{ 0.98, 0.02, 0 },
		{ 0.90, 0.10, 0 },
		{ 0.30, 0.30, 0.20, 0.19, 0.01, 0 },
	};
	static const double u0[LKF_N][LK_LEVELS] = {
		{ 0.001, 0.02, 0.30, 0.679, 0 },
		{ 0.02, 0.02, 0.06, 0.90, 0 },
		{ 0.05, 0.95, 0 },
		{ 0.50, 0.50, 0 },
		{ 0.30, 0.70, 0 },
		{ 0.001, 0.01, 0.09, 0.889, 0.01, 0 },
	};
	memset(m, 0, sizeof *m);
	memcpy(m->m, m0, sizeof m0);
	memcpy(m->u, u0, sizeof u0);
	m->p = 0.5;
	m->upper = 6.0;
	m->lower = 0.0;
	m->margin = 4.0;
}

void lk_model_set_u(struct lk_model *m, const int64_t counts[LKF_N][LK_LEVELS])
{
	for (int f = 0; f < LKF_N; f++) {
		int present = nlevels[f] - 1;
		double n = 0;
		for (int l = 0; l < present; l++)
			n += (double)counts[f][l];
		if (n == 0)
			continue; /* never compared: keep the starting values */
		for (int l = 0; l < present; l++)
			m->u[f][l] = ((double)counts[f][l] + 0.5) / (n + 0.5 * present);
	}
}

size_t lk_pattern_count(void)
{
	size_t n = 1;
	for (int f = 0; f < LKF_N; f++)
		n *= (size_t)nlevels[f];
	return n;
}

size_t lk_pattern_index(const uint8_t levels[LKF_N])
{
	size_t k = 0;
	for (int f = LKF_N - 1; f >= 0; f--)
		k = k * (size_t)nlevels[f] + levels[f];
	return k;
}

static void pattern_levels(size_t k, uint8_t levels[LKF_N])
{
	for (int f = 0; f < LKF_N; f++) {
		levels[f] = (uint8_t)(k % (size_t)nlevels[f]);
		k /= (size_t)nlevels[f];
	}
}

double lk_weight(const struct lk_model *m, enum lk_field f, int level, double tf)
{
	if (lk_level_missing(f, level))
		return 0;
	double u = f == LKF_NAME && level == LK_NAME_EXACT && tf > 0 ? tf : m->u[f][level];
	return log2(fmax(m->m[f][level], 1e-9) / fmax(u, 1e-9));
}

int lk_model_em(struct lk_model *m, const int64_t *counts, size_t npatterns, int max_iter, bool fix_u,
                bool fix_p)
{
	const double floor = 1e-6;
	int it = 0;
	m->pairs = 0;
	for (size_t k = 0; k < npatterns; k++)
		m->pairs += counts[k];
	if (m->pairs == 0)
		return 0;
	for (it = 0; it < max_iter; it++) {
		double sm[LKF_N][LK_LEVELS] = { { 0 } }, su[LKF_N][LK_LEVELS] = { { 0 } };
		double matches = 0;
		for (size_t k = 0; k < npatterns; k++) {
			if (!counts[k])
				continue;
			uint8_t lv[LKF_N];
			pattern_levels(k, lv);
			double pm = m->p, pu = 1 - m->p;
			for (int f = 0; f < LKF_N; f++) {
				if (lk_level_missing((enum lk_field)f, lv[f]))
					continue;
				pm *= m->m[f][lv[f]];
				pu *= m->u[f][lv[f]];
			}
			double g = pm + pu > 0 ? pm / (pm + pu) : 0;
			double n = (double)counts[k];
			matches += g * n;
			for (int f = 0; f < LKF_N; f++) {
				sm[f][lv[f]] += g * n;
				su[f][lv[f]] += (1 - g) * n;
			}
		}
		double change = 0;
		if (!fix_p) {
			change = fabs(matches / (double)m->pairs - m->p);
			m->p = fmin(fmax(matches / (double)m->pairs, floor), 1 - floor);
		}
		for (int f = 0; f < LKF_N; f++) {
			int present = nlevels[f] - 1;
			double tm = 0, tu = 0;
			for (int l = 0; l < present; l++)
				tm += sm[f][l] + floor, tu += su[f][l] + floor;
			for (int l = 0; l < present; l++) {
				double nm = (sm[f][l] + floor) / tm, nu = (su[f][l] + floor) / tu;
				change = fmax(change, fabs(nm - m->m[f][l]));
				m->m[f][l] = nm;
				if (!fix_u) {
					change = fmax(change, fabs(nu - m->u[f][l]));
					m->u[f][l] = nu;
				}
			}
		}
		if (change < 1e-7) {
			it++;
			break;
		}
	}
	m->iterations = it;
	return it;
}

int lk_model_to_json(const struct lk_model *m, struct buf *out)
{
	struct jsonw w;
	jsonw_init(&w, out);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "p");
	jsonw_double(&w, m->p);
	jsonw_key(&w, "upper");
	jsonw_double(&w, m->upper);
	jsonw_key(&w, "lower");
	jsonw_double(&w, m->lower);
	jsonw_key(&w, "margin");
	jsonw_double(&w, m->margin);
	jsonw_key(&w, "iterations");
	jsonw_int(&w, m->iterations);
	jsonw_key(&w, "pairs");
	jsonw_int(&w, m->pairs);
	jsonw_key(&w, "fields");
	jsonw_obj_begin(&w);
	for (int f = 0; f < LKF_N; f++) {
		jsonw_key(&w, field_names[f]);
		jsonw_obj_begin(&w);
		for (int l = 0; l < nlevels[f] - 1; l++) {
			jsonw_key(&w, level_names[f][l]);
			jsonw_arr_begin(&w);
			jsonw_double(&w, m->m[f][l]);
			jsonw_double(&w, m->u[f][l]);
			jsonw_arr_end(&w);
		}
		jsonw_obj_end(&w);
	}
	jsonw_obj_end(&w);
	jsonw_obj_end(&w);
	return jsonw_finish(&w);
}

static double num(struct json_object *o, const char *key, double dflt)
{
	struct json_object *v;
	return json_object_object_get_ex(o, key, &v) ? json_object_get_double(v) : dflt;
}

int lk_model_from_json(const char *json, struct lk_model *m, struct error *e)
{
	int version = m->version;
	lk_model_default(m);
	m->version = version;
	struct json_object *o = json_tokener_parse(json);
	struct json_object *fields;
	if (!o || !json_object_object_get_ex(o, "fields", &fields)) {
		json_object_put(o);
		return error_set(e, ERR_INVAL, "链接模型参数无法读取",
		                 "the linkage model's parameters cannot be read");
	}
	m->p = num(o, "p", m->p);
	m->upper = num(o, "upper", m->upper);
	m->lower = num(o, "lower", m->lower);
	m->margin = num(o, "margin", m->margin);
	m->iterations = (int)num(o, "iterations", 0);
	m->pairs = (int64_t)num(o, "pairs", 0);
	for (int f = 0; f < LKF_N; f++) {
		struct json_object *fo, *lv;
		if (!json_object_object_get_ex(fields, field_names[f], &fo))
			continue;
		for (int l = 0; l < nlevels[f] - 1; l++)
			if (json_object_object_get_ex(fo, level_names[f][l], &lv) &&
			    json_object_array_length(lv) == 2) {
				m->m[f][l] = json_object_get_double(json_object_array_get_idx(lv, 0));
				m->u[f][l] = json_object_get_double(json_object_array_get_idx(lv, 1));
			}
	}
	json_object_put(o);
	return 0;
}
