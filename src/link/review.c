/* review.c: a reviewer's decision on a link the run could not make alone. Accepting ties the
 * record to the person and gives it its facts; rejecting leaves it unlinked and takes back any
 * facts a link gave it. The decision is added to link_decisions with who made it and why, and
 * later runs keep it. */
#include "base/idno.h"
#include "base/mem.h"
#include "hub/hub.h"
#include "link/link.h"
#include "hub/hub_repo.h"
#include "link/link_repo.h"

struct found {
	struct lk_db_link_view v;
	char field[128], resource[32], idno[32];
	char *data;
	bool seen;
};

static int take(void *arg, const struct lk_db_link_view *v)
{
	struct found *f = arg;
	if (f->seen)
		return 1;
	f->seen = true;
	f->v = *v;
	snprintf(f->field, sizeof f->field, "%s", v->l.field);
	snprintf(f->resource, sizeof f->resource, "%s", v->resource);
	snprintf(f->idno, sizeof f->idno, "%s", v->person_idno);
	f->data = mem_strndup(v->data, strlen(v->data));
	return 1;
}

int lk_decide(struct store *s, int64_t record, bool accept, const char *by, const char *note, int64_t *facts,
              struct error *e)
{
	struct found f = { 0 };
	*facts = 0;
	int rc = lk_db_link_each(s, NULL, record, 1, take, &f, e);
	if (rc == 0 && !f.seen)
		rc = error_set(e, ERR_NOTFOUND, "记录 %" PRId64 " 没有待定的关联",
		               "record %" PRId64 " has no link to decide", record);
	if (rc == 0 && accept && !f.v.l.person)
		rc = error_set(e, ERR_INVAL, "记录 %" PRId64 " 没有候选人员，无法确认",
		               "record %" PRId64 " has no candidate to accept", record);
	if (rc == 0 && (!by || !by[0]))
		rc = error_set(e, ERR_INVAL, "需要写明审核人（--by）", "the reviewer must be named (--by)");
	struct hub_resource *r = NULL;
	int version;
	if (rc == 0)
		rc = hub_resource_load(s, f.resource, &r, &version, e);
	int field = -1;
	for (size_t i = 0; r && i < r->nfields; i++)
		if (!strcmp(r->fields[i].name, f.field))
			field = (int)i;
	struct lk_db_run *sl = NULL;
	struct hub_db_batch *h = NULL;
	if (rc == 0)
		rc = store_begin(s, e);
	/* whatever the link gave before goes; an accepted link gives the facts again */
	if (rc == 0 &&
	    (rc = lk_db_link_decide(s, record, f.field, f.v.l.person, accept ? "accepted" : "rejected", by,
	                            note ? note : "", e)) == 0 &&
	    (rc = lk_db_run_open(s, &sl, e)) == 0 && (rc = hub_db_batch_open(s, &h, e)) == 0 &&
	    (rc = lk_db_link_facts_delete(sl, record, f.idno, e)) == 0 && accept)
		rc = hub_record_facts(h, r, f.v.batch, record, f.v.line, f.data, field, f.idno, facts, e);
	hub_db_batch_close(h);
	lk_db_run_close(sl);
	if (store_in_transaction(s)) {
		if (rc == 0)
			rc = store_commit(s, e);
		else
			store_rollback(s);
	}
	hub_resource_free(r);
	mem_free(f.data);
	return rc;
}
