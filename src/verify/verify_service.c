/* verify_service.c: verification against the data folder, stored and audited, and the centralised
 * re-verification (集中复核): every beneficiary household (or every household) verified again,
 * compared with its last stored verification, and what changed written to a worklist sorted by
 * urgency for caseworkers to work through. */
#include "audit/audit.h"
#include "base/mem.h"
#include "verify/verify_store.h"
#include "verify/verify_repo.h"

const char *vf_change_name(enum vf_change c)
{
	static const char *const names[] = { "ineligible",    "class-changed", "benefit-down",
		                             "members-gone",  "members-added", "benefit-up",
		                             "newly-eligible" };
	return (unsigned)c < VC_COUNT ? names[c] : "?";
}

/* what is stored of a verification besides its figures, and what a re-check compares */
struct summary {
	struct buf members; /* counted members' ID numbers, comma-separated */
	struct buf signals; /* what the assets and status showed: "death,vehicle,..." */
};

static void summarise(const struct vf_household *h, const struct vf_result *r, struct summary *sum)
{
	struct buf *members = &sum->members, *signals = &sum->signals;
	buf_init(members, (size_t)1 << 20);
	buf_init(signals, 4096);
	for (size_t i = 0; i < h->nmembers; i++)
		if (r->members[i].counted)
			buf_addf(members, "%s%s", members->len ? "," : "", h->members[i].idno);
	bool died = false, prison = false;
	for (size_t i = 0; i < h->nmembers; i++) {
		died |= r->members[i].absence == VA_DIED;
		prison |= r->members[i].absence == VA_PRISON;
	}
	const char *sig[8];
	size_t n = 0;
	if (died)
		sig[n++] = "death";
	if (prison)
		sig[n++] = "prison";
	if (r->vehicles || r->machines)
		sig[n++] = "vehicle";
	if (!r->homes_ok)
		sig[n++] = "property";
	if (r->company)
		sig[n++] = "company";
	if (r->counted > 0 && r->per_capita_fen >= r->standard_fen)
		sig[n++] = "income";
	for (size_t i = 0; i < n; i++)
		buf_addf(signals, "%s%s", i ? "," : "", sig[i]);
}

static void summary_release(struct summary *sum)
{
	buf_release(&sum->members);
	buf_release(&sum->signals);
}

static int store_result(struct store *s, const struct vf_household *h, const struct vf_result *r, date_t day,
                        const struct summary *sum, const char *report, int64_t auth,
                        const char *operator_name, const char *purpose, int64_t *vid, struct error *e)
{
	char d[DATE_STR_SIZE], m[8];
	date_format(day, d);
	month_format(r->month, m);
	struct vf_db_verification v = { h->id,
		                        d,
		                        m,
		                        r->decision,
		                        r->benefit_fen,
		                        r->per_capita_fen,
		                        buf_cstr(&sum->members),
		                        buf_cstr(&sum->signals),
		                        report,
		                        auth,
		                        operator_name,
		                        purpose };
	return vf_db_verification_add(s, &v, vid, e);
}

int vf_auth_record(struct store *s, const struct vf_db_auth *a, int64_t *id, struct error *e)
{
	struct vf_db_auth with = *a;
	if (!with.scope)
		with.scope = VF_AUTH_SCOPE;
	return vf_db_auth_add(s, &with, id, e);
}

int vf_verify_stored(struct store *s, struct vf_policy *p, const char *household, date_t day,
                     const char *operator_name, enum lang lang, struct arena *a, struct vf_household *h,
                     struct vf_result *r, struct buf *report, int64_t *vid, struct error *e)
{
	int64_t auth = 0;
	char d[DATE_STR_SIZE], detail[128];
	date_format(day, d);
	*vid = 0;
	memset(r, 0, sizeof *r);
	int rc = vf_household_from_store(s, household, day, a, h, &auth, e);
	if (rc)
		return rc;
	rc = vf_verify(p, h, day, lang, 0, a, r, e);
	if (rc == ERR_PERM) {
		struct error ae;
		snprintf(detail, sizeof detail, "day=%s refused: no authorisation", d);
		if (audit_add(s, operator_name, "verify-refused", household, detail, &ae)) {
			*e = ae;
			return ae.code;
		}
		return rc;
	}
	if (rc)
		return rc;
	if ((rc = vf_report_json(h, r, day, report)))
		return error_nomem(e);
	if ((rc = store_begin(s, e)))
		return rc;
	struct summary sum;
	summarise(h, r, &sum);
	rc = store_result(s, h, r, day, &sum, buf_cstr(report), auth, operator_name, "核对", vid, e);
	summary_release(&sum);
	snprintf(detail, sizeof detail, "day=%s verification=%" PRId64 " authorisation=%" PRId64, d, *vid,
	         auth);
	if (!rc)
		rc = audit_add(s, operator_name, "verify", household, detail, e);
	if (!rc)
		return store_commit(s, e);
	store_rollback(s);
	return rc;
}

/* ---- centralised re-verification ---- */

struct households {
	char **items;
	size_t n, cap;
};

/* a beneficiary: found eligible for any scheme */
static bool eligible(enum vf_class decision)
{
	return decision != VF_NONE;
}

static int collect(void *arg, const char *household)
{
	struct households *l = arg;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 1024;
		char **n = mem_realloc(l->items, cap * sizeof *n);
		if (!n)
			return ERR_NOMEM;
		l->items = n;
		l->cap = cap;
	}
	if (!(l->items[l->n] = mem_strdup(household)))
		return ERR_NOMEM;
	l->n++;
	return 0;
}

static int collect_beneficiary(void *arg, const char *household, enum vf_class latest)
{
	return eligible(latest) ? collect(arg, household) : 0;
}

static void households_free(struct households *l)
{
	for (size_t i = 0; i < l->n; i++)
		mem_free(l->items[i]);
	mem_free(l->items);
}

/* the first signal that explains an ineligibility, in order of weight */
static const char *cause_of(const char *signals)
{
	static const char *const order[] = { "death", "prison", "vehicle", "property", "company", "income" };
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (strstr(signals, order[i]))
			return order[i];
	return "assets";
}

static bool listed(const char *list, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = strstr(list, id); p; p = strstr(p + 1, id))
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* members in one list and not the other */
static int count_missing(const char *from, const char *in)
{
	int n = 0;
	char id[32];
	for (const char *p = from; *p;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		snprintf(id, sizeof id, "%.*s", (int)len, p);
		n += len && !listed(in, id);
		p += len + (c != NULL);
	}
	return n;
}

struct recheck {
	struct store *s;
	struct vf_recheck_report *rep;
	int64_t run;
	struct error *e;
};

static int work(struct recheck *g, const char *household, enum vf_change c, int urgency, const char *cause,
                const struct vf_db_verification_row *before, const struct vf_result *r, const char *detail,
                int64_t vid)
{
	struct vf_db_work w = { g->run,
		                household,
		                vf_change_name(c),
		                cause,
		                urgency,
		                before ? vf_class_name(before->decision) : "",
		                vf_class_name(r->decision),
		                before ? before->benefit_fen : 0,
		                r->benefit_fen,
		                detail,
		                vid };
	g->rep->changes[c]++;
	return vf_db_worklist_add(g->s, &w, g->e);
}

static int compare(struct recheck *g, const char *household, const struct summary *sum,
                   const struct vf_db_verification_row *before, const struct vf_result *r, int64_t vid)
{
	enum vf_class now = r->decision;
	const char *sig = buf_cstr(&sum->signals);
	const char *mem = buf_cstr(&sum->members);
	char detail[256];
	int rc = 0;
	if (!before || !eligible(before->decision)) {
		if (eligible(now)) {
			snprintf(detail, sizeof detail, "%s",
			         vid ? "已核对，可启动审核确认" : "未授权：请告知可申请并签署授权书");
			rc = work(g, household, VC_NEWLY_ELIGIBLE, 3, "", before, r, detail, vid);
		}
	} else if (!eligible(now)) {
		snprintf(detail, sizeof detail, "signals=%s", sig);
		rc = work(g, household, VC_INELIGIBLE, 1, cause_of(sig), before, r, detail, vid);
	} else {
		if (before->decision != now) {
			snprintf(detail, sizeof detail, "%s -> %s", vf_class_name(before->decision),
			         vf_class_name(now));
			rc = work(g, household, VC_CLASS, 2, "", before, r, detail, vid);
		}
		int gone = count_missing(before->members, mem), added = count_missing(mem, before->members);
		if (!rc && gone) {
			snprintf(detail, sizeof detail, "%d gone; signals=%s", gone, sig);
			rc = work(g, household, VC_MEMBERS_GONE, 2, strstr(sig, "death") ? "death" : "",
			          before, r, detail, vid);
		}
		if (!rc && added) {
			snprintf(detail, sizeof detail, "%d added", added);
			rc = work(g, household, VC_MEMBERS_ADDED, 2, "", before, r, detail, vid);
		}
		if (!rc && before->decision == now && r->benefit_fen != before->benefit_fen) {
			bool down = r->benefit_fen < before->benefit_fen;
			snprintf(detail, sizeof detail, "%" PRId64 " -> %" PRId64 " fen", before->benefit_fen,
			         r->benefit_fen);
			rc = work(g, household, down ? VC_BENEFIT_DOWN : VC_BENEFIT_UP, down ? 2 : 3,
			          down && r->per_capita_fen > before->per_capita_fen ? "income" : "", before,
			          r, detail, vid);
		}
	}
	return rc;
}

static int recheck_one(struct recheck *g, struct vf_policy *p, const char *household, date_t day,
                       const char *operator_name)
{
	struct arena a;
	arena_init(&a, (size_t)1 << 16);
	struct vf_household h;
	struct vf_result r;
	struct vf_db_verification_row before;
	struct summary sum = { BUF_INIT(0), BUF_INIT(0) };
	int64_t auth = 0, vid = 0;
	memset(&r, 0, sizeof r);
	int found = vf_db_verification_last(g->s, household, &before, g->e);
	int rc = found < 0 ? found : vf_household_from_store(g->s, household, day, &a, &h, &auth, g->e);
	if (!rc)
		rc = vf_verify(p, &h, day, LANG_ZH, VF_QUICK | (auth ? 0 : VF_SCREEN), &a, &r, g->e);
	if (!rc)
		summarise(&h, &r, &sum);
	if (!rc && auth) {
		char d[DATE_STR_SIZE], detail[128];
		date_format(day, d);
		rc = store_result(g->s, &h, &r, day, &sum, "", auth, operator_name, "集中复核", &vid, g->e);
		snprintf(detail, sizeof detail, "day=%s verification=%" PRId64 " run=%" PRId64, d, vid,
		         g->run);
		if (!rc)
			rc = audit_add(g->s, operator_name, "recheck", household, detail, g->e);
		g->rep->verified += rc == 0;
	} else if (!rc) {
		g->rep->unauthorised++;
	}
	if (!rc)
		rc = compare(g, household, &sum, found == 1 ? &before : NULL, &r, vid);
	summary_release(&sum);
	vf_result_release(&r);
	arena_release(&a);
	return rc;
}

int vf_recheck(struct store *s, struct vf_policy *p, const char *region, date_t day, bool all,
               const char *operator_name, struct progress *pg, struct vf_recheck_report *rep, struct error *e)
{
	memset(rep, 0, sizeof *rep);
	struct households list = { 0 };
	int rc = all ? vf_db_households_each(s, region, collect, &list, e)
	             : vf_db_latest_each(s, region, collect_beneficiary, &list, e);
	if (rc == ERR_NOMEM)
		rc = error_nomem(e);
	char d[DATE_STR_SIZE];
	date_format(day, d);
	struct recheck g = { s, rep, 0, e };
	if (!rc && !(rc = store_begin(s, e))) {
		rc = vf_db_recheck_begin(s, d, region, all ? "all" : "beneficiaries", operator_name, &g.run,
		                         e);
		rc = rc ? rc : store_commit(s, e);
		if (rc)
			store_rollback(s);
	}
	rep->run = g.run;
	progress_begin(pg, "户", "households", list.n);
	/* a transaction per 500 households: a failure loses at most those, never half of one */
	for (size_t i = 0; !rc && i < list.n; i += 500) {
		if ((rc = store_begin(s, e)))
			break;
		for (size_t k = i; !rc && k < list.n && k < i + 500; k++) {
			struct error he;
			error_clear(&he);
			g.e = &he;
			rc = recheck_one(&g, p, list.items[k], day, operator_name);
			g.e = e;
			rep->households++;
			if (rc == ERR_INVAL || rc == ERR_NOTFOUND || rc == ERR_TOOBIG) {
				rep->failed++; /* a household the data cannot describe: counted, the run goes on */
				rc = 0;
			} else if (rc) {
				error_set(e, rc, "户 %s：%s", "household %s: %s", list.items[k],
				          L(he.zh, he.en));
			}
		}
		if (rc)
			store_rollback(s);
		else
			rc = store_commit(s, e);
		progress_set(pg, (uint64_t)rep->households);
	}
	progress_end(pg);
	long changes = 0;
	for (int c = 0; c < VC_COUNT; c++)
		changes += rep->changes[c];
	if (!rc && g.run)
		rc = vf_db_recheck_finish(s, g.run, rep->households, changes, e);
	households_free(&list);
	return rc;
}
