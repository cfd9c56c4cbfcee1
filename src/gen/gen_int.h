/* gen_int.h: what the generator's own files share: the model of persons and households in a
 * block, the output a block produces, and the resource table. */
#ifndef SAFETYNET_GEN_INT_H
#define SAFETYNET_GEN_INT_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/rng.h"
#include "base/vec.h"
#include "gen/gen.h"

#define GEN_HISTORY 12    /* months of history before the observed window */
#define GEN_MAX_MONTHS 72 /* history + observed */
#define GEN_BLOCK_PERSONS 2048
#define GEN_NONE_T (-1) /* "never" for a month index */

/* Monthly amounts per person, in fen. */
enum gen_item {
	MI_WAGE,          /* gross formal wage */
	MI_SI,            /* personal social-insurance contribution (deducted) */
	MI_TAX,           /* individual income tax (deducted) */
	MI_FLEX,          /* flexible (informal) work income, as registered */
	MI_EMP_PENSION,   /* employee pension (counted) */
	MI_BASIC_PENSION, /* residents' basic pension (not counted) */
	MI_UNEMP,         /* unemployment benefit (counted) */
	MI_BUSINESS,      /* net business income (counted) */
	MI_FARM,          /* net farming income (counted) */
	MI_MAINT_IN,      /* maintenance received (counted) */
	MI_MAINT_OUT,     /* maintenance paid (deducted) */
	MI_MED_OOP,       /* medical costs after insurance (rigid, deducted) */
	MI_EDU,           /* school fees (rigid spending) */
	MI_DISAB_SUB,     /* disability subsidies (not counted) */
	MI_DEPOSIT,       /* month-end deposits */
	MI_SECURITIES,    /* month-end securities */
	MI_INSURANCE,     /* month-end insurance cash value */
	MI_COUNT
};

enum gen_job { JOB_NONE, JOB_FORMAL, JOB_FLEX, JOB_FARM, JOB_BUSINESS, JOB_RETIRED, JOB_STUDENT, JOB_CHILD };
enum gen_rel { REL_HEAD, REL_SPOUSE, REL_CHILD, REL_PARENT, REL_GRANDCHILD, REL_SIBLING, REL_INLAW };

struct gen_person {
	int32_t hh;     /* household index in the block */
	int32_t spouse; /* person index in the block, or -1 */
	char sex;       /* 'M' or 'F' */
	uint8_t rel;    /* enum gen_rel */
	uint8_t job;    /* enum gen_job */
	uint8_t
	    disability_type; /* 0 none, 1 visual, 2 hearing, 3 speech, 4 physical, 5 intellectual, 6 mental */
	uint8_t disability_grade; /* 1 (most severe) .. 4 */
	uint8_t selfcare;         /* 0 self-care, 1 partial, 2 none */
	bool migrant;             /* registered in another county than where they live */
	bool supporter_outside;   /* an able child living elsewhere (matters for destitute support) */
	bool has_company_role;
	date_t birth;
	int16_t by; /* birth year, month, day (cached from birth) */
	int8_t bm, bd;
	int32_t issuing_county; /* region id of the county that issued the ID number */
	/* month indices, or GEN_NONE_T: in the household from born_t (birth or marriage) until
	 * death_t or left_t (divorce); away in prison_from_t .. prison_to_t */
	int32_t born_t, death_t, left_t, prison_from_t, prison_to_t;
	int32_t unemp_from_t, unemp_to_t, illness_t, disability_t, dropout_t, company_t, accident_t;
	int32_t chronic_t, chronic_fen; /* a chronic illness from this month, its monthly costs (--chronic) */
	int32_t marriage_t, divorce_t;
	int32_t employer; /* synthetic employer number */
	int32_t base_fen; /* monthly wage, income or pension the months vary around; <0: basic pension */
	char name[40];
	int32_t *m; /* [MI_COUNT][months] amounts in fen */
	/* filled by the writer */
	char id[19];
};

struct gen_home {
	int32_t owner;    /* person index */
	int32_t bought_t; /* month index; negative: bought before the window */
	int32_t area_m2;
	int64_t value_fen;
};

struct gen_vehicle {
	int32_t owner;
	int32_t bought_t;
	bool exempt; /* a disabled person's or the only livelihood vehicle */
	int64_t value_fen;
	char kind; /* 'C' car, 'T' tricycle/livelihood, 'M' farm machine */
};

struct gen_household {
	int32_t first, n;    /* the head is person `first`; n persons at the start. Members are the
	                    * persons whose hh is this household (newborns join at the block's end) */
	int32_t village;     /* region id where they live */
	int32_t reg_village; /* region id of the household registration */
	bool urban;
	uint8_t tier; /* 0 poor .. 4 well off */
	int32_t disaster_t;
	int32_t land_mu10; /* contracted land in tenths of a mu */
	bool unsafe_dwelling;
	int32_t maint_from_t; /* maintenance received after a divorce, from this month */
	int32_t maint_payer;  /* person index of the payer (who left) */
	int32_t maint_fen;
	int32_t kwh;  /* typical monthly electricity use */
	char key[24]; /* household number */
	VEC(struct gen_home) homes;
	VEC(struct gen_vehicle) vehicles;
	/* truth for each observed month */
	uint8_t cls[GEN_MAX_MONTHS];
	int32_t benefit_fen[GEN_MAX_MONTHS];
	int32_t pc_fen[GEN_MAX_MONTHS];
	int16_t members[GEN_MAX_MONTHS];
};

/* Where the writer must put a person's ID number into an output buffer. */
enum id_variant { IDV_PLAIN, IDV_DIGIT, IDV_SWAP, IDV_LEGACY15, IDV_LOWER_X, IDV_MISSING };
struct gen_patch {
	uint64_t offset; /* byte offset in the block's buffer for that file */
	int32_t person;
	uint16_t file;
	uint8_t variant;
	uint8_t a, b; /* variant parameters: position and digit */
	uint32_t row; /* row in the block's part of the file, for the truth of noise */
};

/* One noise event besides ID faults: what was done to which row. */
struct gen_fault {
	uint16_t file;
	uint32_t row;
	int32_t person;
	const char *kind; /* static text */
	char detail[64];
};

struct gen_ctx; /* shared, read-only during generation */

struct gen_block {
	long index;
	int32_t village;     /* region id */
	long village_offset; /* persons of this village before this block */
	int32_t npersons;
	struct rng rng;
	struct arena arena;
	VEC(struct gen_person) persons;
	VEC(struct gen_household) households;
	struct buf *files; /* one per output file */
	uint32_t *rows;    /* rows written per file */
	VEC(struct gen_patch) patches;
	VEC(struct gen_fault) faults;
	int err;
};

struct gen_ctx {
	struct gen_options opt;
	int months_total;    /* GEN_HISTORY + months */
	month_t first_month; /* calendar month of index 0 */
	int32_t *villages;   /* region ids */
	size_t nvillages;
	long *village_persons; /* persons per village */
	long nblocks;
	struct gen_blockref {
		int32_t village_idx;
		long offset;
		int32_t persons;
	} * blocks;
	int32_t *counties; /* region ids of the counties in the region, for migrants */
	size_t ncounties;
};

/* Output files, by index: the resources [0, R), then truth/persons.tsv (R),
 * truth/households.tsv (R + 1), truth/shocks.tsv (R + 2), and for each resource the true
 * owner of each of its rows, line for line: truth/records/CODE.tsv (R + 3 + i). */
#define GEN_FILE_PERSONS (gen_nresources)
#define GEN_FILE_HOUSEHOLDS (gen_nresources + 1)
#define GEN_FILE_SHOCKS (gen_nresources + 2)
#define GEN_FILE_RECORDS(i) (gen_nresources + 3 + (i))
#define GEN_NFILES (2 * gen_nresources + 3)

/* rows and the output files they go to */
enum gen_format { FMT_CSV_UTF8, FMT_CSV_GB18030, FMT_JSONL };

struct gen_field {
	const char *name;
	const char *type; /* id | text | date | month | money | int | code | bool */
	const char *desc;
};

struct gen_resource {
	const char *code;
	const char *name;
	const char *dept_code;
	const char *dept;
	enum gen_format format;
	const char *cycle; /* 实时 / 每日 / 每月 / 每年 */
	const char *share; /* 无条件 / 有条件 / 不予共享 */
	const char *key;   /* key field */
	const char *abstract;
	char date_style; /* '-' 2025-01-31, '/' 2025/01/31, '0' 20250131 */
	const struct gen_field *fields;
	size_t nfields;
	void (*emit)(struct gen_block *b, const struct gen_ctx *c, uint16_t file);
};

extern const struct gen_resource gen_resources[];
extern const size_t gen_nresources;
/* the key fields ("a,b") and fact mappings of a resource, for the catalogue */
const char *gen_resource_keys(const struct gen_resource *r);
const char *gen_resource_facts(const struct gen_resource *r);
/* the months after the month a record is about in which its department reports it [D], and the
 * least of those of the resources whose records first show a shock of that kind */
int gen_resource_lag(const char *code);
/* whether the resource carries a monthly flow of the truth's income or its deductions */
bool gen_resource_income(const char *code);
int gen_shock_lag(const char *kind);

/* names.c */
void gen_name(struct rng *r, char sex, const char *surname, char out[40]);
const char *gen_surname(struct rng *r);
/* Writes a variant of name (homophone, traditional character, spaces); returns its kind. */
const char *gen_name_variant(struct rng *r, const char *name, char out[64]);

/* population.c: households and persons of a block */
int gen_populate(struct gen_block *b, const struct gen_ctx *c);
/* life.c: the months of each person's life */
void gen_live(struct gen_block *b, const struct gen_ctx *c);
/* truth.c: class and benefit of each household in each observed month */
void gen_judge(struct gen_block *b, const struct gen_ctx *c);
void gen_emit_truth(struct gen_block *b, const struct gen_ctx *c);
/* standards in fen for a region type and calendar month */
int64_t gen_standard_fen(bool urban, month_t mo);

/* emit.c: writing rows with ID patches and noise */
enum row_fault { RF_NONE, RF_ID, RF_NAME, RF_DUP, RF_MALFORMED };
struct gen_row {
	struct gen_block *b;
	const struct gen_ctx *c;
	uint16_t file;
	const struct gen_resource *res;
	size_t field;
	size_t row_start;
	size_t patches_start;
	int32_t person, hh;
	uint8_t fault; /* enum row_fault still to apply */
};
void gen_row_begin(struct gen_row *w, struct gen_block *b, const struct gen_ctx *c, uint16_t file,
                   int32_t person, int32_t hh);
void gen_row_id(struct gen_row *w, int32_t person);
void gen_row_text(struct gen_row *w, const char *s);
void gen_row_name(struct gen_row *w, const char *name);
void gen_row_int(struct gen_row *w, int64_t v);
void gen_row_money(struct gen_row *w, int64_t fen);
void gen_row_date(struct gen_row *w, date_t d);
void gen_row_month(struct gen_row *w, month_t mo);
void gen_row_end(struct gen_row *w);
/* Lists a fault of row `row` of the block's part of `file` for truth/noise.tsv; kind is static. */
void gen_fault(struct gen_block *b, uint16_t file, uint32_t row, int32_t person, const char *kind,
               const char *detail);

/* the calendar month of month index t */
static inline month_t gen_month(const struct gen_ctx *c, int t)
{
	return c->first_month + t;
}

/* is person p a household member (alive, born, not in prison) in month t? */
static inline bool gen_present(const struct gen_person *p, int t)
{
	return p->born_t <= t && (p->death_t == GEN_NONE_T || t < p->death_t) &&
	       (p->left_t == GEN_NONE_T || t < p->left_t) &&
	       !(p->prison_from_t != GEN_NONE_T && t >= p->prison_from_t && t < p->prison_to_t);
}

static inline int32_t *gen_item(const struct gen_person *p, const struct gen_ctx *c, int item)
{
	return p->m + (size_t)item * (size_t)c->months_total;
}

/* a disability type (1 visual .. 6 mental), weighted as certificate holders are: physical most
 * often, then mental, visual and hearing, intellectual, and speech rarely */
uint8_t gen_disability_type(struct rng *r);

int gen_age_at(date_t birth, date_t when);
/* age in whole years on the first day of month index t */
int gen_age(const struct gen_person *p, const struct gen_ctx *c, int t);
void gen_cache_birth(struct gen_person *p);
/* decimal digits of v appended to o */
void gen_put_int(struct buf *o, int64_t v);

#endif
