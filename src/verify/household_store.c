/* household_store.c: a household as the data folder knows it: its members from the household
 * register (43GA001, by household number), each member's facts from every resource's current
 * records with the batch they came in, and the authorisation on record for the day. The
 * household lives where its number says: the number begins with the 12-digit code of the
 * village or community that keeps it. */
#include <json-c/json.h>

#include "base/idno.h"
#include "verify/verify_store.h"
#include "verify/verify_repo.h"

struct loader {
	struct store *s;
	struct arena *a;
	struct vf_member *m;
	size_t n, cap;
	struct vf_fact *f;
	size_t nf, capf;
	struct error *e;
};

static const char *field(struct json_object *o, const char *key)
{
	struct json_object *v;
	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : NULL;
}

static char *dup(struct loader *g, const char *s)
{
	return arena_strndup(g->a, s ? s : "", s ? strlen(s) : 0);
}

static int take_row(void *arg, int64_t record, const char *person, const char *data)
{
	struct loader *g = arg;
	struct json_object *o = json_tokener_parse(data);
	if (!o)
		return error_set(g->e, ERR_INVAL, "户籍记录 %" PRId64 " 无法读取",
		                 "register record %" PRId64 " cannot be read", record);
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 8;
		struct vf_member *m = arena_calloc(g->a, cap * sizeof *m);
		if (!m) {
			json_object_put(o);
			return error_nomem(g->e);
		}
		if (g->n)
			memcpy(m, g->m, g->n * sizeof *m);
		g->m = m;
		g->cap = cap;
	}
	struct vf_member *m = &g->m[g->n];
	const char *id = person ? person : field(o, "公民身份号码");
	const char *birth = field(o, "出生日期"), *sex = field(o, "性别");
	m->idno = dup(g, id);
	m->name = dup(g, field(o, "姓名"));
	m->relation = dup(g, field(o, "与户主关系"));
	m->status = dup(g, field(o, "人员状态"));
	m->sex = sex && sex[0] == '2' ? 'F' : 'M';
	struct idno idn;
	if (!birth || date_parse(birth, strlen(birth), &m->birth))
		m->birth = id && idno_parse(id, strlen(id), 0, &idn) == IDNO_OK ? idn.birth : 0;
	json_object_put(o);
	if (!m->idno || !m->name || !m->relation || !m->status)
		return error_nomem(g->e);
	g->n++;
	return 0;
}

static int take_fact(void *arg, const struct vf_db_fact_row *r)
{
	struct loader *g = arg;
	if (g->nf == g->capf) {
		size_t cap = g->capf ? g->capf * 2 : 64;
		struct vf_fact *f = arena_alloc(g->a, cap * sizeof *f);
		if (!f)
			return error_nomem(g->e);
		if (g->nf)
			memcpy(f, g->f, g->nf * sizeof *f);
		g->f = f;
		g->capf = cap;
	}
	struct vf_fact *f = &g->f[g->nf];
	f->kind = dup(g, r->kind);
	f->period = r->period ? dup(g, r->period) : NULL;
	f->value = r->value ? dup(g, r->value) : NULL;
	f->has_amount = r->has_amount;
	f->amount = r->amount_fen;
	f->resource = dup(g, r->resource);
	f->batch = r->batch;
	f->batch_date = dup(g, r->batch_date);
	f->line = r->line;
	if (!f->kind || !f->resource || !f->batch_date)
		return error_nomem(g->e);
	g->nf++;
	return 0;
}

int vf_household_from_store(struct store *s, const char *household, date_t day, struct arena *a,
                            struct vf_household *h, int64_t *auth_id, struct error *e)
{
	memset(h, 0, sizeof *h);
	*auth_id = 0;
	struct loader g = { s, a, NULL, 0, 0, NULL, 0, 0, e };
	int rc = vf_db_household_rows(s, household, take_row, &g, e);
	if (rc)
		return rc;
	if (g.n == 0)
		return error_set(e, ERR_NOTFOUND, "户籍信息中没有户号 %s", "the register has no household %s",
		                 household);
	for (size_t i = 0; i < g.n; i++) {
		g.f = NULL;
		g.nf = g.capf = 0;
		if ((rc = vf_db_person_facts(s, g.m[i].idno, take_fact, &g, e)))
			return rc;
		g.m[i].facts = g.f;
		g.m[i].nfacts = g.nf;
	}
	h->id = dup(&g, household);
	h->region = arena_strndup(a, household, strlen(household) >= 12 ? 12 : strlen(household));
	h->urban = -1;
	h->members = g.m;
	h->nmembers = g.n;
	char d[DATE_STR_SIZE];
	date_format(day, d);
	struct vf_db_auth_row ar;
	if ((rc = vf_db_auth_valid(s, household, d, &ar, e)) < 0)
		return rc;
	if (rc == 1) {
		h->has_auth = true;
		h->auth.signed_by = dup(&g, ar.signed_by);
		h->auth.signed_on = dup(&g, ar.signed_on);
		h->auth.valid_until = dup(&g, ar.valid_until);
		h->auth.scope = dup(&g, ar.scope);
		h->auth.document = dup(&g, ar.document);
		*auth_id = ar.id;
	}
	return h->id && h->region ? 0 : error_nomem(e);
}

int vf_household_number(struct store *s, const char *arg, char *out, size_t cap, struct error *e)
{
	struct idno idn;
	size_t n = strlen(arg);
	if ((n == 18 || n == 15) && idno_parse(arg, n, 0, &idn) == IDNO_OK) {
		int rc = vf_db_household_of(s, idn.id, out, cap, e);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return error_set(e, ERR_NOTFOUND, "户籍信息中没有身份证号为 %s 的人",
			                 "no one in the register has the ID number %s", idn.id);
		return 0;
	}
	snprintf(out, cap, "%s", arg);
	return 0;
}
