/* link_run.c: linkage over a data folder. The persons are taken from the register resource (kept
 * by its key, so their ids stay the same from run to run); every other resource's current
 * records are read field by field: an ID number the register knows is linked exactly (ingest
 * already normalised it: upper-case X, 15 digits to 18); the rest are scored, with the model
 * estimated by EM on their candidate pairs, and stored as auto, review or unlinked, each with
 * its evidence. Linked records get the facts their wrong ID number kept from them. */
#include <json-c/json.h>
#include <time.h>

#include "base/idno.h"
#include "base/mem.h"
#include "base/rng.h"
#include "hub/hub.h"
#include "link/link.h"
#include "hub/hub_repo.h"
#include "link/link_repo.h"

/* The fields of a resource that speak of a person. A record may name several persons (a
 * mother and her newborn, both sides of a marriage): a name, birth date or sex belongs to an ID
 * field only when both carry the same role prefix (学生身份证号 and 学生姓名, 身份证号 and 姓名,
 * 承包方代表身份证号 and 承包方代表). */
struct person_fields {
	int id, name, birth, sex, region;
};
#define LK_GAP_SAMPLE 2000

struct fields_of {
	struct person_fields p[8];
	int n;
};

static size_t strip_suffix(const char *s, const char *const *suffixes)
{
	size_t n = strlen(s);
	for (size_t i = 0; suffixes[i]; i++) {
		size_t k = strlen(suffixes[i]);
		if (n >= k && !strcmp(s + n - k, suffixes[i]))
			return n - k;
	}
	return n;
}

static bool same_role(const char *id_field, const char *other, const char *const *suffixes)
{
	static const char *const id_suffixes[] = { "公民身份号码", "身份证号码", "身份证号", "证件号码",
		                                   NULL };
	size_t a = strip_suffix(id_field, id_suffixes), b = strip_suffix(other, suffixes);
	return a == b && !strncmp(id_field, other, a);
}

static void find_fields(const struct hub_resource *r, bool is_register, struct fields_of *f)
{
	static const char *const name_sfx[] = { "姓名", NULL }, *const birth_sfx[] = { "出生日期", NULL },
	                         *const sex_sfx[] = { "性别", NULL };
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < r->nfields && f->n < 8; i++) {
		if (r->fields[i].type != HT_ID)
			continue;
		struct person_fields *p = &f->p[f->n++];
		p->id = (int)i;
		p->name = p->birth = p->sex = p->region = -1;
		for (size_t j = 0; j < r->nfields; j++) {
			const struct hub_field *h = &r->fields[j];
			if (h->type == HT_NAME && p->name < 0 &&
			    same_role(r->fields[i].name, h->name, name_sfx))
				p->name = (int)j;
			else if (h->type == HT_DATE && p->birth < 0 && strstr(h->name, "出生日期") &&
			         same_role(r->fields[i].name, h->name, birth_sfx))
				p->birth = (int)j;
			else if (p->sex < 0 && strstr(h->name, "性别") &&
			         same_role(r->fields[i].name, h->name, sex_sfx))
				p->sex = (int)j;
			else if (is_register && h->type == HT_REGION && p->region < 0)
				p->region = (int)j; /* the registered place: only the register says it */
		}
	}
}

static const char *jstr(struct json_object *o, const struct hub_resource *r, int field)
{
	struct json_object *v;
	if (field < 0 || !json_object_object_get_ex(o, r->fields[field].name, &v))
		return "";
	const char *s = json_object_get_string(v);
	return s ? s : "";
}

static char sex_of(const char *s)
{
	if (!strcmp(s, "1") || !strcmp(s, "男") || !strcmp(s, "M"))
		return 'M';
	if (!strcmp(s, "2") || !strcmp(s, "女") || !strcmp(s, "F"))
		return 'F';
	return 0;
}

static date_t birth_of(const char *s)
{
	date_t d;
	return s[0] && date_parse(s, strlen(s), &d) == 0 ? d : 0;
}

/* The record's key without its ID number: the key's parts (joined by 0x1F) with the one that
 * is the ID number left empty. */
static void key_rest(const char *rkey, const char *id, char *out, size_t cap)
{
	size_t o = 0, idn = strlen(id);
	bool done = false;
	for (const char *p = rkey;;) {
		const char *end = strchr(p, '\x1f');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		bool skip = !done && n == idn && !strncmp(p, id, n);
		done |= skip;
		if (!skip && o + n < cap) {
			memcpy(out + o, p, n);
			o += n;
		}
		if (!end)
			break;
		if (o + 1 < cap)
			out[o++] = '\x1f';
		p = end + 1;
	}
	out[o < cap ? o : cap - 1] = '\0';
}

/* The key's parts that name a thing, when the key holds no ID number (用电户号 of 用电户号 +
 * 抄表年月): its parts that are neither ID numbers nor dates. NULL when there are none. */
static const char *thing_of(const struct hub_resource *r, const char *rkey, char *out, size_t cap)
{
	/* the key's parts are in rkey, joined by 0x1F, in the key's order */
	for (size_t k = 0; k < r->nkeys; k++)
		if (r->fields[r->keys[k]].type == HT_ID)
			return NULL;
	size_t n = 0;
	const char *p = rkey;
	for (size_t k = 0; k < r->nkeys && p; k++) {
		const char *end = strchr(p, '\x1f');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		enum hub_type t = r->fields[r->keys[k]].type;
		if (t != HT_DATE && t != HT_MONTH) {
			if (n + len + 2 > cap)
				return NULL;
			memcpy(out + n, p, len);
			n += len;
			out[n++] = '\x1f';
		}
		p = end ? end + 1 : NULL;
	}
	out[n] = '\0';
	return n ? out : NULL;
}

struct pending {
	int64_t record, batch;
	uint64_t line;
	size_t res;
	int field;
	char *id, *name, *data, *key_rest, *thing;
	date_t birth;
	char sex;
	char county[7];
};

struct run {
	struct progress *pg; /* how far: records read in pass 1, decided in pass 2 */
	struct store *s;
	struct lk_db_run *sl;
	struct hub_db_batch *h;
	struct lk_register reg;
	struct hub_resource **res;
	size_t nres;
	struct fields_of cur;
	size_t cur_res;
	VEC(struct pending) pend;
	struct arena text;
	struct hmap decided; /* "record field" a reviewer decided: runs leave them be */
	int collect_rc;      /* the first error met while loading the catalogue */
	/* pass 1 reads every resource once: who each names cleanly, and the records to link; pass 2
	 * reads one resource at a time again for its keys and gaps, then links its records, so only
	 * one resource's keys are in memory at once */
	int pass;
	/* per resource, a reservoir sample of clean records (person, key without ID) for the gap
	 * measurement */
	uint32_t samp_person[64][LK_GAP_SAMPLE];
	char *samp_rest[64][LK_GAP_SAMPLE];
	size_t samp_n[64];
	uint64_t samp_seen[64];
	struct rng samp_rng;
	struct lk_run_report *rep;
	struct error *e;
};

static int add_person(void *arg, const struct lk_db_record_row *row)
{
	struct run *g = arg;
	const struct hub_resource *r = g->res[g->cur_res];
	struct json_object *o = json_tokener_parse(row->data);
	if (!o)
		return 0;
	const struct person_fields *pf = &g->cur.p[0];
	const char *raw = jstr(o, r, g->cur.n ? pf->id : -1);
	struct idno id;
	bool valid = raw[0] && idno_parse(raw, strlen(raw), 0, &id) == IDNO_OK;
	char birth[DATE_STR_SIZE] = "", sex[2] = { 0 }, county[7] = "";
	date_t b = birth_of(jstr(o, r, pf->birth));
	if (b)
		date_format(b, birth);
	sex[0] = sex_of(jstr(o, r, pf->sex));
	snprintf(county, sizeof county, "%.6s", jstr(o, r, pf->region));
	struct lk_db_person p = {
		0, row->rkey, valid ? id.id : raw, valid, jstr(o, r, pf->name), sex, birth, county, row->id
	};
	int64_t pid = 0;
	int rc = lk_db_person_put(g->sl, &p, &pid, g->e);
	if (rc == 0)
		rc = lk_register_add(&g->reg, pid, p.idno, p.name, b, sex[0], county) ? error_nomem(g->e) : 0;
	json_object_put(o);
	g->rep->persons++;
	return rc;
}

static char *keep(struct run *g, const char *s)
{
	size_t n = strlen(s);
	char *p = arena_alloc(&g->text, n + 1);
	if (p)
		memcpy(p, s, n + 1);
	return p;
}

/* reservoir sampling of a resource's clean records */
static int sample(struct run *g, int k, uint32_t person, const char *rest)
{
	uint64_t seen = g->samp_seen[k]++;
	size_t at = g->samp_n[k] < LK_GAP_SAMPLE ? g->samp_n[k]++ : (size_t)rng_below(&g->samp_rng, seen + 1);
	if (at >= LK_GAP_SAMPLE)
		return 0;
	char *copy = keep(g, rest);
	if (!copy)
		return error_nomem(g->e);
	g->samp_person[k][at] = person;
	g->samp_rest[k][at] = copy;
	return 0;
}

/* "record field", cut to the buffer (a long field name must not read past it) */
static int decided_key(char *out, size_t cap, int64_t record, const char *field)
{
	int n = snprintf(out, cap, "%" PRId64 " %s", record, field);
	return n < 0 ? 0 : (size_t)n >= cap ? (int)cap - 1 : n;
}

/* a record whose ID number the register holds: what it tells of its person's presence in the
 * resource (seen, its key taken, the thing it is about, a sample for the gap measurement) */
static int clean_record(struct run *g, const struct hub_resource *r, const struct lk_db_record_row *row,
                        uint32_t pi, const char *idno)
{
	int k = (int)g->cur_res, rc = 0;
	if (g->pass == 1)
		return lk_register_seen(&g->reg, pi, k) ? error_nomem(g->e) : 0;
	if (k >= 64)
		return 0;
	char rest[512], thing[256];
	key_rest(row->rkey, idno, rest, sizeof rest);
	const char *th = thing_of(r, row->rkey, thing, sizeof thing);
	if ((rc = sample(g, k, pi, rest)))
		return rc;
	if (lk_register_slot_add(&g->reg, k, pi, rest) ||
	    (th && lk_register_slot_add(&g->reg, k + 64, pi, th)))
		return error_nomem(g->e);
	return 0;
}

static int look_at_record(void *arg, const struct lk_db_record_row *row)
{
	struct run *g = arg;
	const struct hub_resource *r = g->res[g->cur_res];
	if (g->pass == 1)
		progress_add(g->pg, 1);
	/* the common case needs no parsing: one person field, whose valid number ingest kept */
	if (g->cur.n == 1 && row->person && row->person[0]) {
		long pi = lk_register_find(&g->reg, row->person);
		if (pi >= 0) {
			g->rep->records_checked += g->pass == 1;
			g->rep->exact += g->pass == 1;
			return clean_record(g, r, row, (uint32_t)pi, row->person);
		}
	}
	struct json_object *o = json_tokener_parse(row->data);
	if (!o)
		return 0;
	int rc = 0;
	for (int k = 0; rc == 0 && k < g->cur.n; k++) {
		const struct person_fields *pf = &g->cur.p[k];
		const char *raw = jstr(o, r, pf->id);
		if (!raw[0] && k > 0)
			continue; /* an optional second person absent */
		g->rep->records_checked += g->pass == 1;
		struct idno id;
		if (raw[0] && idno_parse(raw, strlen(raw), 0, &id) == IDNO_OK) {
			long pi = lk_register_find(&g->reg, id.id);
			if (pi >= 0) {
				g->rep->exact += g->pass == 1;
				if ((rc = clean_record(g, r, row, (uint32_t)pi, id.id)))
					break;
				continue;
			}
		}
		if (g->pass == 2)
			continue; /* pass 1 took the records to link */
		char dk[160];
		int dn = decided_key(dk, sizeof dk, row->id, r->fields[pf->id].name);
		if (g->decided.count && hmap_get(&g->decided, dk, (size_t)dn, NULL)) {
			g->rep->kept_decisions++;
			continue;
		}
		struct pending p = { .record = row->id,
			             .batch = row->batch,
			             .line = row->line,
			             .res = g->cur_res,
			             .field = pf->id };
		p.id = keep(g, raw);
		p.name = keep(g, jstr(o, r, pf->name));
		p.data = keep(g, row->data);
		char rest[512];
		key_rest(row->rkey, raw, rest, sizeof rest);
		p.key_rest = keep(g, rest);
		char thing[256];
		const char *th = thing_of(r, row->rkey, thing, sizeof thing);
		p.thing = th ? keep(g, th) : NULL;
		p.birth = birth_of(jstr(o, r, pf->birth));
		p.sex = sex_of(jstr(o, r, pf->sex));
		snprintf(p.county, sizeof p.county, "%.6s", jstr(o, r, pf->region));
		if (!p.id || !p.name || !p.data || !p.key_rest || vec_push(&g->pend, p))
			rc = error_nomem(g->e);
	}
	json_object_put(o);
	return rc;
}

static void query_of(const struct pending *p, struct lk_query *q)
{
	q->id = p->id;
	q->name = p->name;
	q->birth = p->birth;
	q->sex = p->sex;
	memcpy(q->county, p->county, sizeof q->county);
	q->resource = p->res < 64 ? (int)p->res : -1;
	q->key_rest = p->key_rest;
	q->thing = p->thing;
}

static int take_decided(void *arg, int64_t record, const char *field)
{
	struct run *g = arg;
	char dk[160];
	int dn = decided_key(dk, sizeof dk, record, field);
	return hmap_put(&g->decided, dk, (size_t)dn, 1) ? error_nomem(g->e) : 0;
}

static int collect_resources(void *arg, const struct hub_db_resource_row *row)
{
	struct run *g = arg;
	struct hub_resource **more = mem_realloc(g->res, (g->nres + 1) * sizeof *more);
	if (!more) {
		g->collect_rc = error_nomem(g->e);
		return 1;
	}
	g->res = more;
	int version;
	g->collect_rc = hub_resource_load(g->s, row->code, &g->res[g->nres], &version, g->e);
	if (g->collect_rc)
		return 1; /* a catalogue entry that no longer reads: say so rather than skip it */
	g->nres++;
	return 0;
}

static int decide(struct run *g, const struct lk_model *m, int model_version, const struct pending *p,
                  struct buf *ev)
{
	struct lk_query q;
	struct lk_result res;
	query_of(p, &q);
	lk_link_one(&g->reg, m, &q, &res);
	const struct hub_resource *r = g->res[p->res];
	struct lk_db_link_row l = { p->record,
		                    r->fields[p->field].name,
		                    0,
		                    lk_outcome_name(res.outcome),
		                    "fellegi-sunter",
		                    res.why,
		                    0,
		                    model_version,
		                    "{}" };
	buf_reset(ev);
	if (res.ncand > 0) {
		const struct lk_candidate *c = &res.cand[0];
		l.person = g->reg.persons.items[c->person].id;
		l.score = c->score;
		if (lk_evidence_json(&g->reg, c, res.ncand > 1 ? &res.cand[1] : NULL, ev))
			return error_nomem(g->e);
		l.evidence = buf_cstr(ev);
	}
	if (res.outcome == LK_UNLINKED)
		l.person = 0;
	switch (res.outcome) {
	case LK_AUTO:
		g->rep->auto_linked++;
		break;
	case LK_REVIEW:
		g->rep->review++;
		break;
	default:
		g->rep->unlinked++;
		break;
	}
	int rc = lk_db_link_put(g->sl, &l, g->e);
	if (rc || res.outcome != LK_AUTO)
		return rc;
	/* the record's facts, now with the person its ID number failed to name */
	rc = hub_record_facts(g->h, r, p->batch, p->record, p->line, p->data, p->field,
	                      g->reg.persons.items[res.cand[0].person].idno, &g->rep->facts_added, g->e);
	return rc;
}

/* u from random pairs: the pending records against persons drawn at random (a fixed seed, so
 * a run repeats) */
static void estimate_u(struct run *g, struct lk_model *m)
{
	int64_t counts[LKF_N][LK_LEVELS] = { { 0 } };
	struct rng rng;
	rng_seed(&rng, 20261129, 1);
	size_t samples = g->reg.persons.len ? 200000 : 0;
	for (size_t i = 0; i < samples; i++) {
		struct lk_query q;
		query_of(&g->pend.items[rng_below(&rng, g->pend.len)], &q);
		uint8_t lv[LKF_N];
		lk_compare(&g->reg, &q, (uint32_t)rng_below(&rng, g->reg.persons.len), lv);
		for (int f = 0; f < LKF_N; f++)
			counts[f][lv[f]]++;
	}
	lk_model_set_u(m, counts);
}

static int load_model(struct store *s, struct lk_model *m, struct error *e)
{
	char *json;
	int version;
	lk_model_default(m);
	int rc = lk_db_link_model_latest(s, &json, &version, e);
	if (rc == 0 && json) {
		m->version = version;
		rc = lk_model_from_json(json, m, e);
	}
	mem_free(json);
	return rc;
}

static int run_all(struct run *g, const char *register_resource, int64_t batch, bool estimate)
{
	struct error *e = g->e;
	int rc = hub_db_resource_each(g->s, collect_resources, g, e);
	if (rc || (rc = g->collect_rc))
		return rc;
	size_t reg = g->nres;
	for (size_t i = 0; i < g->nres; i++)
		if (!strcmp(g->res[i]->code, register_resource))
			reg = i;
	if (reg == g->nres && batch > 0)
		return 0; /* no register yet: a batch waits for the first full run */
	if (reg == g->nres)
		return error_set(e, ERR_NOTFOUND, "目录中没有户籍人口资源 %s，无法链接",
		                 "the catalogue has no register resource %s to link against",
		                 register_resource);
	g->cur_res = reg;
	find_fields(g->res[reg], true, &g->cur);
	if ((rc = lk_db_records_each(g->s, register_resource, 0, add_person, g, e)) ||
	    (rc = lk_register_index(&g->reg) ? error_nomem(e) : 0))
		return rc;
	if (g->reg.persons.len == 0 && batch > 0)
		return 0;
	if ((batch == 0 && (rc = lk_db_links_clear_machine(g->s, e))) ||
	    (rc = lk_db_link_decided_each(g->s, take_decided, g, e)))
		return rc;
	g->pass = 1;
	progress_begin(g->pg, "条记录已读（第一遍）", "records read (first pass)", 0);
	for (size_t i = 0; i < g->nres && rc == 0; i++) {
		if (i == reg)
			continue;
		g->cur_res = i;
		find_fields(g->res[i], false, &g->cur);
		if (g->cur.n)
			rc = lk_db_records_each(g->s, g->res[i]->code, batch, look_at_record, g, e);
	}
	progress_end(g->pg);
	if (rc)
		return rc;
	lk_register_context(&g->reg);
	struct lk_model m;
	if ((rc = load_model(g->s, &m, e)))
		return rc;
	if (estimate && g->pend.len) {
		size_t np = lk_pattern_count();
		int64_t *counts = mem_calloc(np, sizeof *counts);
		if (!counts)
			return error_nomem(e);
		int64_t with_candidates = 0, pairs = 0;
		for (size_t i = 0; i < g->pend.len; i++) {
			struct lk_query q;
			struct lk_result res;
			query_of(&g->pend.items[i], &q);
			lk_link_one(&g->reg, NULL, &q, &res);
			for (int k = 0; k < res.ncand; k++)
				counts[lk_pattern_index(res.cand[k].level)]++;
			with_candidates += res.ncand > 0;
			pairs += res.ncand;
		}
		struct lk_model start;
		lk_model_default(&start);
		start.upper = m.upper;
		start.lower = m.lower;
		start.margin = m.margin;
		estimate_u(g, &start);
		start.p = pairs ? (double)with_candidates / (double)pairs : 0.5;
		lk_model_em(&start, counts, np, 200, true, true);
		mem_free(counts);
		struct buf json = BUF_INIT(1 << 20);
		rc = lk_model_to_json(&start, &json) ? error_nomem(e) : 0;
		if (rc == 0)
			rc = lk_db_link_model_add(g->s, buf_cstr(&json), &start.version, e);
		buf_release(&json);
		if (rc)
			return rc;
		m = start;
	}
	g->rep->model_version = m.version;
	/* pass 2: a resource at a time, its keys and gaps, then its records' decisions */
	g->pass = 2;
	progress_begin(g->pg, "条记录已判定", "records decided", g->pend.len);
	struct buf ev = BUF_INIT(1 << 16);
	for (size_t i = 0; i < g->pend.len && rc == 0;) {
		size_t k = g->pend.items[i].res, end = i;
		while (end < g->pend.len && g->pend.items[end].res == k)
			end++;
		g->cur_res = k;
		find_fields(g->res[k], false, &g->cur);
		rc = lk_db_records_each(g->s, g->res[k]->code, batch, look_at_record, g, e);
		if (rc == 0 && k < 64)
			lk_register_gap_measure(&g->reg, (int)k, g->samp_n[k], g->samp_person[k],
			                        g->samp_rest[k]);
		for (; i < end && rc == 0; i++) {
			rc = decide(g, &m, m.version, &g->pend.items[i], &ev);
			if ((i & 1023) == 0)
				progress_set(g->pg, i);
		}
		lk_register_slots_clear(&g->reg);
	}
	progress_end(g->pg);
	buf_release(&ev);
	return rc;
}

int lk_run(struct store *s, const char *register_resource, int64_t batch, bool estimate, struct progress *pg,
           struct lk_run_report *rep, struct error *e)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(rep, 0, sizeof *rep);
	struct run *g = mem_calloc(1, sizeof *g); /* the samples make it too big for the stack */
	if (!g)
		return error_nomem(e);
	g->pg = pg;
	g->s = s;
	g->rep = rep;
	g->e = e;
	rng_seed(&g->samp_rng, 20261129, 2);
	lk_register_init(&g->reg);
	arena_init(&g->text, 0);
	hmap_init(&g->decided);
	bool own = !store_in_transaction(s);
	int rc = own ? store_begin(s, e) : 0;
	if (rc == 0)
		rc = lk_db_run_open(s, &g->sl, e);
	if (rc == 0)
		rc = hub_db_batch_open(s, &g->h, e);
	struct hub_register reg = { "", "" };
	if (rc == 0 && register_resource)
		snprintf(reg.resource, sizeof reg.resource, "%s", register_resource);
	else if (rc == 0 && (rc = hub_db_register_get(s, false, &reg, e)) == ERR_NOTFOUND && batch > 0)
		rc = 0; /* no register yet: a batch waits for the first full run */
	if (rc == 0 && reg.resource[0])
		rc = run_all(g, reg.resource, batch, estimate);
	hub_db_batch_close(g->h);
	lk_db_run_close(g->sl);
	if (own) {
		if (rc == 0)
			rc = store_commit(s, e);
		else
			store_rollback(s);
	}
	for (size_t i = 0; i < g->nres; i++)
		hub_resource_free(g->res[i]);
	mem_free(g->res);
	vec_release(&g->pend);
	arena_release(&g->text);
	hmap_release(&g->decided);
	lk_register_release(&g->reg);
	mem_free(g);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	rep->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return rc;
}

int lk_run_new_batch(struct store *s, const char *resource, int64_t batch, struct progress *pg,
                     struct lk_run_report *rep, struct error *e)
{
	struct hub_register reg;
	int rc = hub_db_register_get(s, false, &reg, e);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	error_clear(e);
	/* the register's own batch relinks everything: its persons are who the others link to */
	return lk_run(s, NULL, !rc && !strcmp(resource, reg.resource) ? 0 : batch, false, pg, rep, e);
}
