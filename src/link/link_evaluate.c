/* link_evaluate.c: linkage scored against the generator's truth. Each register row's true owner is
 * known (truth/records/43GA001.tsv, truth/persons.tsv), and so is the true ID number behind
 * every spoiled one (truth/noise.tsv, by resource and line). A link is right when the person it
 * names truly carries the ID number the record's field should have carried. */
#include <fcntl.h>
#include <json-c/json.h>
#include <unistd.h>

#include "base/csv.h"
#include "base/idno.h"
#include "base/mem.h"
#include "base/tsv.h"
#include "hub/hub.h"
#include "link/link.h"
#include "hub/hub_repo.h"
#include "link/link_repo.h"

/* one resource's truth: owner key per row, and file line -> row */
struct truth {
	char code[32];
	VEC(char *) owner;
	struct hmap row_of_line;
	struct hmap noisy_lines; /* lines with an ID or name fault */
	bool loaded;
};

struct eval {
	struct store *s;
	struct hub_register reg; /* the catalogue's person register */
	const char *dir;
	struct truth *t;
	size_t nt;
	struct hmap person_key; /* persons.id -> the true ID number of its register row's owner */
	struct hmap true_id;    /* owner key -> true ID number (truth/persons.tsv) */
	struct hmap registered; /* true ID numbers of the persons the register holds */
	char *persons_tsv, *noise_tsv;
	struct hmap idno_person; /* register idno -> persons.id */
	struct hmap reg_line;    /* register record id -> line */
	struct lk_evaluation *ev;
	struct truth *cur;
	const struct hub_resource *res;
	struct error *e;
};

/* DIR/truth/NAME whole, NUL-terminated (the caller frees it), with its length; NULL and e set
 * when it cannot be read */
static char *truth_file(const struct eval *g, const char *name, size_t *n, struct error *e)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/truth/%s", g->dir, name);
	struct buf b = BUF_INIT((size_t)1 << 32);
	if (buf_read_file(&b, path)) {
		buf_release(&b);
		error_set(e, ERR_IO, "无法读取 %s", "cannot read %s", path);
		return NULL;
	}
	return buf_detach(&b, n);
}

static int load_truth(struct eval *g, struct truth *t, struct error *e)
{
	t->loaded = true;
	char name[64];
	snprintf(name, sizeof name, "records/%s.tsv", t->code);
	size_t n;
	char *all = truth_file(g, name, &n, e);
	if (!all)
		return e->code;
	for (char *at = all, *p; (p = tsv_next_line(&at, all + n));)
		if (vec_push(&t->owner, p))
			return error_nomem(e);
	/* keep `all` alive through the owner pointers: it is the first owner's base */
	if (!t->owner.len)
		mem_free(all);
	struct hub_resource *r;
	int version;
	int rc = hub_resource_load(g->s, t->code, &r, &version, e);
	if (rc)
		return rc;
	char path[1024];
	snprintf(path, sizeof path, "%s/resources/%s.%s", g->dir, t->code, r->jsonl ? "jsonl" : "csv");
	if (r->jsonl) {
		for (uint64_t line = 1; line <= t->owner.len; line++)
			hmap_put(&t->row_of_line, &line, sizeof line, line - 1);
	} else {
		int fd = open(path, O_RDONLY);
		struct csv_reader cr;
		struct csv_row row;
		struct csv_options opt = { .encoding = r->gb18030 ? CSV_ENC_GB18030 : CSV_ENC_UTF8 };
		if (fd < 0 || csv_open_fd(&cr, fd, &opt, e)) {
			if (fd >= 0)
				close(fd);
			hub_resource_free(r);
			return error_set(e, ERR_IO, "无法读取 %s", "cannot read %s", path);
		}
		uint64_t k = 0;
		int st;
		while ((st = csv_next(&cr, &row, e)) == CSV_ROW || st == CSV_REJECT) {
			if (k > 0) {
				uint64_t line = row.line;
				hmap_put(&t->row_of_line, &line, sizeof line, k - 1);
			}
			k++;
		}
		csv_close(&cr);
		close(fd);
	}
	hub_resource_free(r);
	return 0;
}

static struct truth *truth_of(struct eval *g, const char *code)
{
	for (size_t i = 0; i < g->nt; i++)
		if (!strcmp(g->t[i].code, code))
			return &g->t[i];
	struct truth *more = mem_realloc(g->t, (g->nt + 1) * sizeof *more);
	if (!more)
		return NULL;
	g->t = more;
	struct truth *t = &g->t[g->nt++];
	memset(t, 0, sizeof *t);
	snprintf(t->code, sizeof t->code, "%s", code);
	hmap_init(&t->row_of_line);
	hmap_init(&t->noisy_lines);
	return t;
}

static const char *owner_at(struct eval *g, const char *code, uint64_t line)
{
	struct truth *t = truth_of(g, code);
	if (!t || (!t->loaded && load_truth(g, t, g->e)))
		return NULL;
	uint64_t row;
	if (!hmap_get(&t->row_of_line, &line, sizeof line, &row) || row >= t->owner.len)
		return NULL;
	return t->owner.items[row];
}

static int take_register_line(void *arg, const struct lk_db_record_row *r)
{
	struct eval *g = arg;
	return hmap_put(&g->reg_line, &r->id, sizeof r->id, r->line);
}

static int take_person(void *arg, const struct lk_db_person *p)
{
	struct eval *g = arg;
	uint64_t line, id;
	if (!hmap_get(&g->reg_line, &p->record, sizeof p->record, &line))
		return 0;
	const char *key = owner_at(g, g->reg.resource, line);
	if (key && hmap_get(&g->true_id, key, strlen(key), &id)) {
		const char *tid = (const char *)(uintptr_t)id;
		if (hmap_put(&g->person_key, &p->id, sizeof p->id, id) ||
		    hmap_put(&g->registered, tid, strlen(tid), 1))
			return error_nomem(g->e);
	}
	return hmap_put(&g->idno_person, p->idno, strlen(p->idno), (uint64_t)p->id);
}

/* truth/persons.tsv: the true ID number (column 1) of every owner key (column 2) */
static int read_persons(struct eval *g, struct error *e)
{
	size_t n;
	char *all = g->persons_tsv = truth_file(g, "persons.tsv", &n, e);
	if (!all)
		return e->code;
	for (char *at = all, *p; (p = tsv_next_line(&at, all + n));) {
		char *t1 = strchr(p, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2)
			continue;
		*t1 = *t2 = '\0';
		if (hmap_put(&g->true_id, t1 + 1, strlen(t1 + 1), (uint64_t)(uintptr_t)p))
			return error_nomem(e);
	}
	return 0;
}

static const char *key_of_person(struct eval *g, int64_t person)
{
	uint64_t v;
	return hmap_get(&g->person_key, &person, sizeof person, &v) ? (const char *)(uintptr_t)v : NULL;
}

/* the ID number a field of a record truly carries: the noise file's when the row's ID was
 * spoiled, otherwise what it says */
static const char *expected_id(struct eval *g, const char *resource, uint64_t line, const char *value)
{
	struct truth *t = truth_of(g, resource);
	uint64_t v;
	if (t && hmap_get(&t->noisy_lines, &line, sizeof line, &v)) {
		const char *kind = (const char *)(uintptr_t)v;
		if (!strncmp(kind, "id-", 3))
			return kind + strlen(kind) + 1;
	}
	return value;
}

static const char *field_value(const char *data, const char *field, char *out, size_t cap)
{
	struct json_object *o = json_tokener_parse(data), *v;
	out[0] = '\0';
	if (o && json_object_object_get_ex(o, field, &v))
		snprintf(out, cap, "%s", json_object_get_string(v));
	json_object_put(o);
	return out;
}

static int take_auto(void *arg, const struct lk_db_link_view *v)
{
	struct eval *g = arg;
	g->ev->auto_links++;
	char value[64];
	const char *want =
	    expected_id(g, v->resource, v->line, field_value(v->data, v->l.field, value, sizeof value));
	const char *got = key_of_person(g, v->l.person);
	g->ev->auto_right += want && got && !strcmp(want, got);
	return 0;
}

struct one_link {
	bool seen;
	char outcome[16];
	int64_t person;
};

static int take_link(void *arg, const struct lk_db_link_view *v)
{
	struct one_link *l = arg;
	l->seen = true;
	snprintf(l->outcome, sizeof l->outcome, "%s", v->l.outcome);
	l->person = v->l.person;
	return 1;
}

static int take_noisy_record(void *arg, const struct lk_db_record_row *r)
{
	struct eval *g = arg;
	uint64_t line = r->line, kind_at;
	if (!hmap_get(&g->cur->noisy_lines, &line, sizeof line, &kind_at))
		return 0;
	/* the noise row's kind, then its true ID number, NUL-separated */
	const char *kind = (const char *)(uintptr_t)kind_at, *true_id = kind + strlen(kind) + 1;
	uint64_t fault = !strncmp(kind, "id-", 3) ? (uint64_t)(uintptr_t)true_id : 0;
	g->ev->noisy_found++;
	if (!hmap_get(&g->registered, true_id, strlen(true_id), NULL))
		g->ev->noisy_unregistered++;
	struct one_link l = { 0 };
	int rc = lk_db_link_each(g->s, NULL, r->id, 1, take_link, &l, g->e);
	if (rc)
		return rc;
	if (l.seen && !strcmp(l.outcome, "review")) {
		g->ev->noisy_review++;
		return 0;
	}
	if (l.seen && (!strcmp(l.outcome, "unlinked") || !strcmp(l.outcome, "rejected"))) {
		g->ev->noisy_unlinked++;
		return 0;
	}
	if (!fault) {
		g->ev->noisy_linked_right++; /* a name fault: the clean ID number linked it exactly */
		return 0;
	}
	/* an ID fault: the person linked, by a link or exactly once normalised, must be its owner */
	const char *want = (const char *)(uintptr_t)fault, *got = NULL;
	if (l.seen) {
		got = key_of_person(g, l.person);
	} else {
		struct json_object *o = json_tokener_parse(r->data);
		for (size_t i = 0; o && i < g->res->nfields && !got; i++) {
			struct json_object *v;
			uint64_t p;
			if (g->res->fields[i].type != HT_ID ||
			    !json_object_object_get_ex(o, g->res->fields[i].name, &v))
				continue;
			const char *id = json_object_get_string(v);
			if (id && !strcmp(id, want) && hmap_get(&g->idno_person, id, strlen(id), &p))
				got = key_of_person(g, (int64_t)p);
		}
		json_object_put(o);
	}
	if (!got)
		g->ev->noisy_unlinked++;
	else if (!strcmp(want, got))
		g->ev->noisy_linked_right++;
	else
		g->ev->noisy_linked_wrong++;
	return 0;
}

static int count_outcome(void *arg, const char *outcome, int64_t n)
{
	struct lk_evaluation *ev = arg;
	if (!strcmp(outcome, "review"))
		ev->review = n;
	return 0;
}

static int read_noise(struct eval *g, struct error *e)
{
	size_t n;
	char *all = g->noise_tsv = truth_file(g, "noise.tsv", &n, e);
	if (!all)
		return e->code;
	for (char *at = all, *p; (p = tsv_next_line(&at, all + n));) {
		char *f[5] = { NULL, NULL, NULL, NULL, NULL };
		tsv_split(p, f, 5);
		if (!f[2] || !strcmp(f[0], "resource") || !strcmp(f[0], g->reg.resource))
			continue;
		if (strncmp(f[2], "id-", 3) != 0 && strncmp(f[2], "name-", 5) != 0)
			continue;
		struct truth *t = truth_of(g, f[0]);
		uint64_t line = strtoull(f[1], NULL, 10);
		if (!t || !f[3] || hmap_put(&t->noisy_lines, &line, sizeof line, (uint64_t)(uintptr_t)f[2]))
			return error_nomem(e);
		g->ev->noisy++;
	}
	return 0;
}

int lk_evaluate(struct store *s, const char *gen_dir, struct lk_evaluation *ev, struct error *e)
{
	memset(ev, 0, sizeof *ev);
	struct eval g = { .s = s, .dir = gen_dir, .ev = ev, .e = e };
	hmap_init(&g.person_key);
	hmap_init(&g.idno_person);
	hmap_init(&g.reg_line);
	hmap_init(&g.true_id);
	hmap_init(&g.registered);
	int rc = hub_db_register_get(s, false, &g.reg, e);
	if (rc == 0)
		rc = hub_db_count_records(s, NULL, &ev->records, e);
	if (rc == 0)
		rc = read_noise(&g, e);
	if (rc == 0)
		rc = read_persons(&g, e);
	if (rc == 0)
		rc = lk_db_records_each(s, g.reg.resource, 0, take_register_line, &g, e);
	if (rc == 0)
		rc = lk_db_person_each(s, take_person, &g, e);
	size_t nres = g.nt;
	for (size_t i = 0; rc == 0 && i < nres; i++) {
		struct hub_resource *r;
		int version;
		if (!g.t[i].noisy_lines.count || hub_resource_load(s, g.t[i].code, &r, &version, e))
			continue;
		g.cur = &g.t[i];
		g.res = r;
		char code[32];
		snprintf(code, sizeof code, "%s", g.t[i].code);
		rc = lk_db_records_each(s, code, 0, take_noisy_record, &g, e);
		hub_resource_free(r);
	}
	if (rc == 0)
		rc = lk_db_link_each(s, "auto", 0, INT32_MAX, take_auto, &g, e);
	if (rc == 0)
		rc = lk_db_link_counts(s, count_outcome, ev, e);
	ev->precision = ev->auto_links ? (double)ev->auto_right / (double)ev->auto_links : 1;
	ev->recall = ev->noisy_found ? (double)ev->noisy_linked_right / (double)ev->noisy_found : 1;
	int64_t linkable = ev->noisy_found - ev->noisy_unregistered;
	ev->recall_registered = linkable > 0 ? (double)ev->noisy_linked_right / (double)linkable : 1;
	ev->review_share = ev->records ? (double)ev->review / (double)ev->records : 0;
	for (size_t i = 0; i < g.nt; i++) {
		if (g.t[i].owner.len)
			mem_free(g.t[i].owner.items[0]);
		vec_release(&g.t[i].owner);
		hmap_release(&g.t[i].row_of_line);
		hmap_release(&g.t[i].noisy_lines);
	}
	mem_free(g.t);
	hmap_release(&g.person_key);
	hmap_release(&g.idno_person);
	hmap_release(&g.reg_line);
	hmap_release(&g.true_id);
	hmap_release(&g.registered);
	mem_free(g.persons_tsv);
	mem_free(g.noise_tsv);
	return rc;
}
