/* linkone.c: linking one record. Blocking finds the candidates: the register's ID numbers one
 * typing slip away (each digit changed, each neighbouring pair swapped, the check character
 * changed; about 180 index probes) and the persons whose name reads the same. Each candidate
 * is compared field by field, weighed with the model, and the best decides: linked when it
 * clears the upper threshold by the margin over the next, reviewed when it is uncertain,
 * unlinked otherwise. */
#include <math.h>

#include "base/buf.h"
#include "base/idno.h"
#include "base/jsonw.h"
#include "base/utf8.h"
#include "link/link.h"

const char *lk_outcome_name(enum lk_outcome o)
{
	static const char *const names[] = { "exact", "auto", "review", "unlinked" };
	return names[o];
}

/* a key slot already held: the link would give the person two records with one key */
#define LK_TAKEN_WEIGHT (-20.0)

enum qid { QID_NONE, QID_VALID, QID_SHAPED, QID_OTHER };

/* The record's ID number as 18 characters: valid (normalised, 15-digit upgraded), shaped
 * like one but failing a check, or unusable. *no_check: the check character was computed
 * here (a 15-digit number), so it says nothing. */
static enum qid query_id(const char *raw, char out[19], bool *no_check)
{
	char t[40];
	size_t n = 0;
	*no_check = false;
	out[0] = '\0';
	for (const char *p = raw ? raw : ""; *p && n + 1 < sizeof t; p++)
		if (*p != ' ' && *p != '\t')
			t[n++] = *p == 'x' ? 'X' : *p;
	t[n] = '\0';
	if (n == 0)
		return QID_NONE;
	struct idno id;
	if (idno_parse(t, n, 0, &id) == IDNO_OK) {
		memcpy(out, id.id, 19);
		*no_check = id.upgraded; /* a 15-digit number's check character was computed here */
		return QID_VALID;
	}
	bool digits = true;
	for (size_t i = 0; i < n; i++)
		digits &= (t[i] >= '0' && t[i] <= '9') || (i == 17 && t[i] == 'X');
	if (!digits)
		return QID_OTHER;
	if (n == 18) {
		memcpy(out, t, 19);
		return QID_SHAPED;
	}
	if (n == 15) {
		memcpy(out, t, 6);
		out[6] = '1';
		out[7] = '9';
		memcpy(out + 8, t + 6, 9);
		out[17] = idno_check_char(out);
		out[18] = '\0';
		*no_check = true;
		return QID_SHAPED;
	}
	return QID_OTHER;
}

static void add_cand(struct lk_result *res, uint32_t person, int id_level, int diff_at)
{
	for (int i = 0; i < res->ncand; i++)
		if (res->cand[i].person == person)
			return;
	if (res->ncand == LK_MAX_CANDIDATES)
		return;
	struct lk_candidate *c = &res->cand[res->ncand++];
	memset(c, 0, sizeof *c);
	c->person = person;
	c->level[LKF_ID] = (uint8_t)id_level;
	c->diff_at = (int8_t)diff_at;
}

static void probe(const struct lk_register *r, struct lk_result *res, const char *v, int level, int at)
{
	long k = lk_register_find(r, v);
	if (k >= 0)
		add_cand(res, (uint32_t)k, level, at);
}

static void id_neighbours(const struct lk_register *r, const char q[19], bool no_check, struct lk_result *res)
{
	char v[19];
	for (int pos = 0; pos < 17; pos++) {
		for (char d = '0'; d <= '9'; d++) {
			if (d == q[pos])
				continue;
			memcpy(v, q, 19);
			v[pos] = d;
			if (no_check)
				v[17] = idno_check_char(v);
			probe(r, res, v, LK_ID_EDIT, pos);
		}
	}
	for (int i = 0; i < 17; i++) {
		if (q[i] == q[i + 1] || (i == 16 && no_check))
			continue;
		memcpy(v, q, 19);
		v[i] = q[i + 1];
		v[i + 1] = q[i];
		if (no_check)
			v[17] = idno_check_char(v);
		probe(r, res, v, i == 16 ? LK_ID_CHECK : LK_ID_EDIT, i);
	}
	if (no_check)
		return;
	static const char checks[] = "0123456789X";
	for (int i = 0; checks[i]; i++) {
		if (checks[i] == q[17])
			continue;
		memcpy(v, q, 19);
		v[17] = checks[i];
		probe(r, res, v, LK_ID_CHECK, 17);
	}
}

/* the ID level of two 18-character strings, with the first place they differ */
static int compare_ids(const char *a, const char *b, bool no_check, int *at)
{
	int diff[3], nd = 0;
	for (int i = 0; i < 18 && nd < 3; i++)
		if (a[i] != b[i] && !(no_check && i == 17))
			diff[nd++] = i;
	*at = nd ? diff[0] : -1;
	if (nd == 0)
		return no_check ? LK_ID_EDIT : LK_ID_EXACT;
	if (nd == 1)
		return diff[0] == 17 ? LK_ID_CHECK : LK_ID_EDIT;
	if (nd == 2 && diff[1] == diff[0] + 1 && a[diff[0]] == b[diff[1]] && a[diff[1]] == b[diff[0]])
		return diff[1] == 17 ? LK_ID_CHECK : LK_ID_EDIT;
	return LK_ID_DIFF;
}

static int name_level(const struct lk_register *r, const char *qname, uint64_t qpinyin, size_t qchars,
                      const struct lk_person *p)
{
	const struct lk_name *nm = &r->names.items[p->name];
	if (!qname[0] || !nm->len)
		return LK_NAME_MISSING;
	const char *pn = r->text.items + nm->off;
	if (!strcmp(pn, qname))
		return LK_NAME_EXACT;
	if (nm->nchars != qchars)
		return LK_NAME_DIFF;
	if (nm->pinyin == qpinyin)
		return LK_NAME_PINYIN;
	/* one character differs: walk both by characters */
	int differ = 0;
	const unsigned char *a = (const unsigned char *)pn, *b = (const unsigned char *)qname;
	while (*a && *b) {
		size_t la = 1, lb = 1;
		while ((a[la] & 0xC0) == 0x80)
			la++;
		while ((b[lb] & 0xC0) == 0x80)
			lb++;
		differ += la != lb || memcmp(a, b, la) != 0;
		a += la;
		b += lb;
	}
	return differ == 1 ? LK_NAME_ONE : LK_NAME_DIFF;
}

static void other_levels(const struct lk_register *r, const struct lk_query *q, const char *qname,
                         uint64_t qpinyin, size_t qchars, const struct lk_person *p, uint8_t level[LKF_N])
{
	level[LKF_NAME] = (uint8_t)name_level(r, qname, qpinyin, qchars, p);
	level[LKF_BIRTH] = !q->birth || !p->birth ? LK_ABSENT : q->birth == p->birth ? LK_AGREE : LK_DIFFER;
	level[LKF_SEX] = !q->sex || !p->sex ? LK_ABSENT : q->sex == p->sex ? LK_AGREE : LK_DIFFER;
	level[LKF_REGION] = !q->county[0] || !p->county[0]  ? LK_ABSENT
	                    : !strcmp(q->county, p->county) ? LK_AGREE
	                                                    : LK_DIFFER;
	size_t k = (size_t)(p - r->persons.items);
	/* a person registered under a broken ID number is never named cleanly: context says nothing */
	if (q->resource < 0 || q->resource > 63 || !r->seen_in || !p->id_valid)
		level[LKF_CONTEXT] = LK_CTX_MISSING;
	else if (lk_register_slot_has(r, q->resource, (uint32_t)k, q->key_rest))
		level[LKF_CONTEXT] = LK_CTX_TAKEN;
	else if (q->thing && lk_register_slot_has(r, q->resource + 64, (uint32_t)k, q->thing))
		level[LKF_CONTEXT] = LK_CTX_SIBLING;
	else if (!(r->seen_in[k] >> q->resource & 1))
		level[LKF_CONTEXT] = LK_CTX_UNSEEN;
	else if (r->gap_m[q->resource] > 0 && lk_register_fills_gap(r, q->resource, (uint32_t)k, q->key_rest))
		level[LKF_CONTEXT] = LK_CTX_GAP;
	else
		level[LKF_CONTEXT] = LK_CTX_SEEN;
}

/* a record's ID number and name, made ready to compare */
struct prepared {
	char id[19], name[96];
	enum qid kind;
	bool no_check;
	size_t chars;
	uint64_t pinyin;
};

static void prepare(const struct lk_query *q, struct prepared *pq)
{
	pq->kind = query_id(q->id, pq->id, &pq->no_check);
	size_t n = lk_name_normalize(q->name ? q->name : "", q->name ? strlen(q->name) : 0, pq->name,
	                             sizeof pq->name);
	pq->chars = utf8_count(pq->name, n);
	pq->pinyin = n ? lk_name_pinyin_key(pq->name) : 0;
}

static int id_level_of(const struct prepared *pq, const struct lk_person *p, int *at)
{
	*at = -1;
	if ((pq->kind != QID_VALID && pq->kind != QID_SHAPED) || !p->idno[0])
		return LK_ID_MISSING;
	return compare_ids(pq->id, p->idno, pq->no_check, at);
}

void lk_compare(const struct lk_register *r, const struct lk_query *q, uint32_t person, uint8_t level[LKF_N])
{
	struct prepared pq;
	prepare(q, &pq);
	const struct lk_person *p = &r->persons.items[person];
	int at;
	level[LKF_ID] = (uint8_t)id_level_of(&pq, p, &at);
	other_levels(r, q, pq.name, pq.pinyin, pq.chars, p, level);
}

static int cmp_score(const void *x, const void *y)
{
	const struct lk_candidate *a = x, *b = y;
	return (a->score < b->score) - (a->score > b->score);
}

int lk_link_one(const struct lk_register *r, const struct lk_model *m, const struct lk_query *q,
                struct lk_result *out)
{
	memset(out, 0, sizeof *out);
	struct prepared pq;
	prepare(q, &pq);
	enum qid kind = pq.kind;
	const char *qid = pq.id;
	bool no_check = pq.no_check;
	size_t qlen = strlen(pq.name);

	bool exact = false;
	if (kind == QID_VALID) {
		long k = lk_register_find(r, qid);
		if (k >= 0) {
			add_cand(out, (uint32_t)k, LK_ID_EXACT, -1);
			exact = true;
		}
	}
	if (!exact && (kind == QID_VALID || kind == QID_SHAPED)) {
		long k = kind == QID_SHAPED && !no_check ? lk_register_find(r, qid) : -1;
		if (k >= 0)
			add_cand(out, (uint32_t)k, LK_ID_EXACT, -1); /* the same slip on both sides */
		id_neighbours(r, qid, no_check, out);
	}
	/* a valid ID number not in the register names someone the register lacks: a namesake is
	 * not them, so names are only searched when the ID number is absent or broken */
	bool common_name = false;
	if (!exact && qlen && kind != QID_VALID) {
		uint64_t h;
		if (hmap_get(&r->by_pinyin, &pq.pinyin, sizeof pq.pinyin, &h)) {
			int seen = 0;
			for (uint32_t k = r->pinyin_heads.items[h]; k != UINT32_MAX;
			     k = r->pinyin_next.items[k]) {
				const struct lk_person *p = &r->persons.items[k];
				if (q->birth && p->birth && p->birth != q->birth)
					continue;
				if (++seen > LK_MAX_CANDIDATES) {
					common_name = true;
					break;
				}
				int at, lvl = id_level_of(&pq, p, &at);
				add_cand(out, k, lvl, at);
			}
		}
	}
	/* compare every candidate on every field */
	double npersons = (double)(r->persons.len ? r->persons.len : 1);
	for (int i = 0; i < out->ncand; i++) {
		struct lk_candidate *c = &out->cand[i];
		const struct lk_person *p = &r->persons.items[c->person];
		other_levels(r, q, pq.name, pq.pinyin, pq.chars, p, c->level);
		if (!m)
			continue;
		c->score = 0;
		for (int f = 0; f < LKF_N; f++) {
			double tf = f == LKF_NAME && c->level[f] == LK_NAME_EXACT
			                ? r->names.items[p->name].count / npersons
			                : 0;
			c->weight[f] = lk_weight(m, (enum lk_field)f, c->level[f], tf);
			if (f == LKF_CONTEXT && c->level[f] == LK_CTX_TAKEN) {
				c->weight[f] = LK_TAKEN_WEIGHT;
			} else if (f == LKF_CONTEXT && c->level[f] != LK_CTX_MISSING &&
			           r->ctx_m[q->resource] > 0) {
				double cm = r->ctx_m[q->resource], cu = r->ctx_u[q->resource];
				/* the same thing: m as for being seen, u one holder among all the resource names */
				double tu = 1.0 / (double)(r->ctx_persons[q->resource] + 1);
				/* seen, split by whether the record fills a gap in the candidate's months */
				double gm = r->gap_m[q->resource], gu = r->gap_u[q->resource];
				double split = gm <= 0                      ? 0
				               : c->level[f] == LK_CTX_GAP  ? log2(gm / gu)
				               : c->level[f] == LK_CTX_SEEN ? log2((1 - gm) / (1 - gu))
				                                            : 0;
				c->weight[f] = c->level[f] == LK_CTX_SIBLING  ? log2(cm / tu)
				               : c->level[f] == LK_CTX_UNSEEN ? log2((1 - cm) / (1 - cu))
				                                              : log2(cm / cu) + split;
			}
			c->score += c->weight[f];
		}
	}
	if (exact) {
		out->outcome = LK_EXACT;
		return 0;
	}
	if (!m)
		return 0;
	qsort(out->cand, (size_t)out->ncand, sizeof out->cand[0], cmp_score);
	if (out->ncand == 0) {
		out->outcome = LK_UNLINKED;
		snprintf(out->why, sizeof out->why, "%s",
		         kind == QID_NONE && !qlen ? "no-identifying-field"
		         : common_name             ? "common-name"
		                                   : "no-candidate");
		return 0;
	}
	double best = out->cand[0].score;
	double next = out->ncand > 1 ? out->cand[1].score : -INFINITY;
	/* a name is no identity among millions: without an ID number near the register's, a
	 * person decides */
	int id_level = out->cand[0].level[LKF_ID];
	bool id_supports = id_level == LK_ID_EXACT || id_level == LK_ID_EDIT || id_level == LK_ID_CHECK;
	if (best >= m->upper && best - next >= m->margin && id_supports) {
		out->outcome = LK_AUTO;
	} else if (best >= m->lower) {
		out->outcome = LK_REVIEW;
		snprintf(out->why, sizeof out->why, "%s",
		         best - next < m->margin ? "ambiguous"
		         : !id_supports          ? "name-only"
		                                 : "uncertain");
	} else {
		out->outcome = LK_UNLINKED;
		snprintf(out->why, sizeof out->why, "below-threshold");
	}
	return 0;
}

int lk_explain(const struct lk_register *r, const struct lk_query *q, const struct lk_candidate *c,
               struct buf *out)
{
	const struct lk_person *p = &r->persons.items[c->person];
	const char *pname = r->text.items + r->names.items[p->name].off;
	char qb[DATE_STR_SIZE] = "", pb[DATE_STR_SIZE] = "";
	if (q->birth)
		date_format(q->birth, qb);
	if (p->birth)
		date_format(p->birth, pb);
	char qs[2] = { q->sex, 0 }, ps[2] = { p->sex, 0 };
	const char *qv[LKF_N] = { q->id ? q->id : "", q->name ? q->name : "", qb, qs, q->county, "" };
	const char *pv[LKF_N] = { p->idno, pname, pb, ps, p->county, "" };
	for (int f = 0; f < LKF_N; f++) {
		buf_addf(out, "  %-7s %-16s %+6.2f  record: %s  register: %s",
		         lk_field_name((enum lk_field)f), lk_level_name((enum lk_field)f, c->level[f]),
		         c->weight[f], qv[f][0] ? qv[f] : "-", pv[f][0] ? pv[f] : "-");
		if (f == LKF_ID && c->diff_at >= 0)
			buf_addf(out, "  (differs at place %d)", c->diff_at + 1);
		buf_addch(out, '\n');
	}
	return buf_addf(out, "  %-7s %-16s %+6.2f\n", "total", "", c->score);
}

int lk_evidence_json(const struct lk_register *r, const struct lk_candidate *c,
                     const struct lk_candidate *next, struct buf *out)
{
	struct jsonw w;
	jsonw_init(&w, out);
	jsonw_obj_begin(&w);
	for (int f = 0; f < LKF_N; f++) {
		jsonw_key(&w, lk_field_name((enum lk_field)f));
		jsonw_obj_begin(&w);
		jsonw_key(&w, "level");
		jsonw_str(&w, lk_level_name((enum lk_field)f, c->level[f]));
		jsonw_key(&w, "weight");
		jsonw_double(&w, round(c->weight[f] * 1000) / 1000);
		if (f == LKF_ID && c->diff_at >= 0) {
			jsonw_key(&w, "differs_at");
			jsonw_int(&w, c->diff_at + 1);
		}
		jsonw_obj_end(&w);
	}
	jsonw_key(&w, "score");
	jsonw_double(&w, round(c->score * 1000) / 1000);
	if (next) {
		jsonw_key(&w, "next");
		jsonw_obj_begin(&w);
		jsonw_key(&w, "idno");
		jsonw_str(&w, r->persons.items[next->person].idno);
		jsonw_key(&w, "context");
		jsonw_str(&w, lk_level_name(LKF_CONTEXT, next->level[LKF_CONTEXT]));
		jsonw_key(&w, "score");
		jsonw_double(&w, round(next->score * 1000) / 1000);
		jsonw_obj_end(&w);
	}
	jsonw_obj_end(&w);
	return jsonw_finish(&w);
}
