/* verify.h: household economic verification (核对, DOMAIN.md §2-§4, §7). A household is its
 * register members and what every department's records say about each of them (facts, with
 * their source); verifying it for a month turns those into counted, excluded and deducted
 * income, assets and capacity, hands them to the policy's rule programs (the policy folder's rule files) for
 * the household's county and month, and gives a decision (dibao, destitute, marginal, rigid
 * expenditure or none), the monthly benefit, the reasons and the evidence behind every figure.
 * docs/VERIFY.md says how each fact is read. Nothing here touches a database: loaders fill a
 * struct vf_household (from a JSON file or from the data folder) and the caller stores results. */
#ifndef SAFETYNET_VERIFY_H
#define SAFETYNET_VERIFY_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/common.h"
#include "base/date.h"
#include "base/error.h"
#include "base/lang.h"

/* One fact a department's record gives about a member (a row of the facts table). Strings are
 * owned by whoever built the household (an arena). */
struct vf_fact {
	const char *kind;   /* the catalogue's fact kind: wage, deposits, vehicle, ... */
	const char *period; /* "YYYY-MM" or "YYYY-MM-DD", or NULL */
	const char *value;  /* a text value (vehicle type, status), or NULL */
	int64_t amount;     /* fen, when has_amount */
	bool has_amount;
	const char *resource;   /* 43SW001 */
	int64_t batch;          /* the hub batch it came in, 0 when not from the hub */
	const char *batch_date; /* when that batch was ingested, "" when unknown */
	int64_t line;           /* line of the department's file */
};

struct vf_member {
	const char *idno, *name;
	const char *relation; /* register code: 01 head, 02 spouse, 03 child, ... 07 in-law */
	const char *status;   /* register status: 正常, 死亡注销, 迁出 */
	char sex;             /* 'M' or 'F' */
	date_t birth;
	struct vf_fact *facts;
	size_t nfacts;
};

/* The written authorisation to look up the household's data (DOMAIN.md §7). */
struct vf_auth {
	const char *signed_by;   /* who signed: name and ID number as written */
	const char *signed_on;   /* YYYY-MM-DD */
	const char *valid_until; /* YYYY-MM-DD, or "" for no end */
	const char *scope;       /* what it covers, e.g. "收入、财产、支出" */
	const char *document;    /* the archived document's reference */
};

struct vf_household {
	const char *id;     /* the register's household number (户号) */
	const char *region; /* 12-digit code of the village or community the household lives in */
	int urban;          /* 1 urban, 0 rural, -1: from the region's name (社区/居委会 are urban) */
	struct vf_member *members;
	size_t nmembers;
	bool has_auth;
	struct vf_auth auth;
	const char **warnings; /* defaults the law allows, taken from a file (household_json.c) */
	size_t nwarnings;
};

enum vf_class { VF_NONE, VF_DIBAO, VF_TEKUN, VF_MARGINAL, VF_RIGID, VF_CLASSES };
const char *vf_class_name(enum vf_class c);             /* dibao, tekun, ... */
const char *vf_class_label(enum vf_class c, enum lang); /* 低保, 特困, ... */
int vf_class_parse(const char *s, enum vf_class *out);

/* How a fact was used. */
enum vf_use {
	VU_COUNTED,  /* income counted */
	VU_EXCLUDED, /* income the policy does not count */
	VU_DEDUCTED, /* taken off income (tax, contributions, maintenance paid, medical costs) */
	VU_SPENDING, /* rigid spending only (school fees) */
	VU_ASSET,    /* an asset that was counted or tested */
	VU_STATUS,   /* membership, capacity, self-care, supporters */
	VU_AUX,      /* auxiliary evidence only (electricity, employment registration, ...) */
	VU_OUTSIDE,  /* outside the reference period or belonging to a member not counted */
};
const char *vf_use_name(enum vf_use u, enum lang lang);

struct vf_evidence {
	int member; /* index in the household */
	const struct vf_fact *fact;
	const char *category; /* 工资, 存款, ... (Chinese), for the report */
	unsigned kind;        /* its entry in the data dictionary (verification's own use) */
	month_t month;        /* the month it counts for, or -1 */
	int64_t fen;          /* the amount used (maintenance is spread by month) */
	enum vf_use use;
};

/* Why a member is not counted in a month (VA_PRESENT: counted). */
enum vf_absence { VA_PRESENT, VA_NOT_YET, VA_DIED, VA_LEFT, VA_GONE, VA_PRISON };

struct vf_member_result {
	bool counted;
	enum vf_absence absence;
	const char *why_not_zh, *why_not_en; /* when not counted */
	int age;                             /* whole years on the first day of the month */
	bool student, incapable, supporter;
	char disability[24];  /* 智力1-3, 肢体1-2, 听力2级, "" */
	const char *selfcare; /* 完全自理, 部分自理, 完全不能自理 */
	int64_t income_fen, deducted_fen, tekun_fen;
	bool tekun_ok;
};

struct vf_reason {
	const char *program; /* dibao, tekun, marginal, rigid */
	int member;          /* for per-member programs (tekun), else -1 */
	const char *rule;
	bool outcome;
	char *message; /* in the language asked for */
};

struct vf_result {
	month_t month;  /* the verification month */
	int months;     /* income months: the period is month - months + 1 .. month */
	char county[7]; /* whose policy applied */
	bool urban;
	enum vf_class decision;
	int64_t benefit_fen;
	int counted;          /* members counted */
	int64_t standard_fen; /* the dibao standard in force */
	int64_t income_fen;   /* counted income over the period */
	int64_t excluded_fen; /* income not counted */
	int64_t deducted_fen; /* deductions, medical included */
	int64_t medical_fen, school_fen;
	int64_t per_capita_fen;        /* monthly income per counted member, after deductions */
	int64_t fin_assets_fen;        /* deposits, securities, insurance cash value at the quarter end */
	month_t balance_month;         /* that quarter end */
	int vehicles, machines, homes; /* not exempt; counted */
	bool recent_home, company;
	bool homes_ok; /* at most the policy's number of homes, none bought recently */
	bool dibao_ok, tekun_ok, marginal_ok, rigid_ok;
	struct vf_member_result *members; /* one per household member */
	struct vf_evidence *evidence;
	size_t nevidence;
	struct vf_reason *reasons;
	size_t nreasons;
	struct buf params; /* the parameters read, with their source: one line each */
};

/* The policy: the rule programs, compiled once, and the parameter set. */
struct vf_policy;
/* Compiles dibao.rules, tekun.rules, marginal.rules and rigid.rules of dir, or the ones built
 * into the binary when dir is NULL (docs/POLICY.md), checking that each declares the inputs
 * verification hands over. */
int vf_policy_open(const char *dir, struct vf_policy **out, struct error *e);
void vf_policy_close(struct vf_policy *p);

/* Verifies a household for the month of `day`: members in the household that month, income of
 * that month and the income_months - 1 before it, balances at the latest quarter end, ages on
 * the month's first day, the policy in force then. Needs an authorisation valid on that day
 * (ERR_PERM otherwise). Results live in arena a (and r->params, released by
 * vf_result_release). lang chooses the language of the messages; VF_QUICK leaves out the
 * reasons and parameters (a population re-screen explains only what it lists). */
enum {
	VF_QUICK = 1,  /* no reasons, parameters or income classification */
	VF_SCREEN = 2, /* no authorisation needed: a screening whose result is a lead, never stored */
};
int vf_verify(struct vf_policy *p, const struct vf_household *h, date_t day, enum lang lang, unsigned flags,
              struct arena *a, struct vf_result *r, struct error *e);
void vf_result_release(struct vf_result *r);

/* The report as JSON (docs/VERIFY.md gives every key). */
int vf_report_json(const struct vf_household *h, const struct vf_result *r, date_t day, struct buf *out);
/* The printable report: one HTML page that prints to A4. */
int vf_report_html(const struct vf_household *h, const struct vf_result *r, date_t day, enum lang lang,
                   struct buf *out);

/* A household described in a JSON file (docs/VERIFY.md): members, their records by resource
 * (field names as the catalogue catalog_json gives them: the command line passes the
 * synthetic province's, frozen at 2025-01, when the user names none) and the authorisation. Errors name the field, e.g.
 * "members[2].records.43SW001[3].收入额". */
int vf_household_from_json(const char *json, size_t len, const char *catalog_json, struct arena *a,
                           struct vf_household *h, struct error *e);

#endif
