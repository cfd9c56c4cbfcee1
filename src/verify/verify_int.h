/* verify_int.h: what the verification's own files share: the data dictionary of fact kinds,
 * member timelines, and the compiled policy with its input bindings. */
#ifndef SAFETYNET_VERIFY_INT_H
#define SAFETYNET_VERIFY_INT_H

#include "policy/params.h"
#include "policy/rules.h"
#include "verify/verify.h"

enum vf_kind_use {
	VK_INCOME,    /* monthly income: the policy decides whether it counts */
	VK_YEARLY,    /* a yearly payment (value holds the year) */
	VK_MAINT_IN,  /* a court's monthly maintenance, from the month after the judgment */
	VK_MAINT_OUT, /* the same, paid: deducted */
	VK_DEDUCT,    /* taken off income */
	VK_MEDICAL,   /* medical costs after insurance: deducted, and rigid spending */
	VK_SCHOOL,    /* rigid spending only */
	VK_BALANCE,   /* a quarter-end balance */
	VK_VEHICLE,
	VK_MACHINE,
	VK_HOME,
	VK_COMPANY,
	VK_STATUS, /* membership, capacity, self-care, supporters */
	VK_AUX,    /* anything else: auxiliary evidence only */
};

/* which membership, capacity or care fact a status kind is */
enum vf_status {
	VS_NONE,
	VS_DEATH, /* a death certificate or a cremation */
	VS_REGISTER_CHANGE,
	VS_MARRIAGE,
	VS_PRISON,
	VS_DISABILITY_TYPE,
	VS_DISABILITY_GRADE,
	VS_ENROLMENT,
	VS_DROPOUT,
	VS_SELFCARE,
	VS_SUPPORTER,
	VS_DIAGNOSIS,
};

struct vf_kind {
	const char *kind;
	enum vf_kind_use use;
	enum vf_status status;
	const char *zh, *en; /* the category: the name the rules match on is zh */
};

/* The kind's entry (an auxiliary one for kinds the dictionary does not know). */
const struct vf_kind *vf_kind_of(const char *kind);
/* Its index in the dictionary, and back (unknown kinds: the dictionary's size, auxiliary). */
size_t vf_kind_index(const struct vf_kind *k);
const struct vf_kind *vf_kind_at(size_t i);
/* Is the dictionary in the order vf_kind_of's search needs? (for the tests) */
bool vf_kinds_sorted(void);
bool vf_vehicle_exempt(const char *type);
/* The month of "YYYY-MM" or "YYYY-MM-DD"; -1 when neither. */
int vf_period_month(const char *period, month_t *out);

/* When a member is in the household, by month. */
struct vf_timeline {
	month_t joined;                 /* born, or married in (spouse, in-law) */
	month_t died, left;             /* INT32_MAX when never */
	month_t prison_from, prison_to; /* -1 when never; both months inside */
	bool gone_undated;              /* the register says dead or moved out, undated */
};
/* entries[i] is the dictionary entry of m->facts[i]. */
void vf_timeline(const struct vf_member *m, const struct vf_kind *const *entries, struct vf_timeline *t);
enum vf_absence vf_absent(const struct vf_timeline *t, month_t mo);

/* A compiled rule program and where its inputs, lets and rules are. */
#define VF_MAX_BIND 16
struct vf_program {
	const char *file;
	struct rules *r;
	int in[VF_MAX_BIND];   /* input index for each name asked for */
	int let[VF_MAX_BIND];  /* let index for each name asked for */
	int rule[VF_MAX_BIND]; /* rule index for each name asked for */
	int sub[VF_MAX_BIND];  /* field index inside a list input's rows, for the names asked for */
};

/* One region and month's parameters, with what the policy counts of each income category. */
struct vf_snap {
	char county[7];
	month_t month;
	bool used;
	struct param_snapshot snap;
	/* the parameters verification itself reads (the rule programs read theirs) */
	int64_t income_months, home_purchase_months, fin_assets_months_marginal, max_homes;
	signed char counts[64]; /* by vf_kind_index: 1 counted, 0 not, -1 not asked yet */
};

struct vf_policy {
	struct param_set ps;
	struct vf_program dibao, tekun, marginal, rigid;
	struct vf_snap snaps[8];
	size_t next_snap;
};

/* The parameters for a county (six digits) and month, resolved once and kept for a while. */
int vf_policy_snap(struct vf_policy *p, const char *county, month_t mo, struct vf_snap **out,
                   struct error *e);

#endif
