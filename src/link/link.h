/* link.h: person linkage. Every department record is tied to a person of the household
 * register: exactly by its normalised ID number when it has one the register knows, otherwise
 * by Fellegi-Sunter scoring of the candidates that blocking finds (ID numbers one typing slip
 * away, names that sound the same), with m and u estimated by EM and a term-frequency weight
 * for common names. Two thresholds sort each record into linked, review, or unlinked; every
 * decision keeps the comparison that made it. */
#ifndef SAFETYNET_LINK_H
#define SAFETYNET_LINK_H

#include "base/arena.h"
#include "base/buf.h"
#include "base/common.h"
#include "base/date.h"
#include "base/error.h"
#include "base/progress.h"
#include "base/hmap.h"
#include "base/hset.h"
#include "base/vec.h"
#include "store/store.h"
#include "hub/hub_repo.h"

/* ---- the comparison ---- */

/* context: whether the candidate appears, under a clean ID number, in other records of the
 * same resource (the eleven months a household's electricity bill named the right person) */
enum lk_field { LKF_ID, LKF_NAME, LKF_BIRTH, LKF_SEX, LKF_REGION, LKF_CONTEXT, LKF_N };
#define LK_LEVELS 6
/* ID levels: the same; one digit changed or two neighbours swapped, check character the same;
 * only the check character differs; anything else; absent on either side */
enum { LK_ID_EXACT, LK_ID_EDIT, LK_ID_CHECK, LK_ID_DIFF, LK_ID_MISSING };
/* name levels: the same after normalising; the same sounds (homophones); one character
 * differs; different; absent */
enum { LK_NAME_EXACT, LK_NAME_PINYIN, LK_NAME_ONE, LK_NAME_DIFF, LK_NAME_MISSING };
/* birth, sex and region levels */
enum { LK_AGREE, LK_DIFFER, LK_ABSENT };
/* context levels: holding clean records of the same thing (the same electricity account, when
 * the key names a thing rather than a person); holding the months on both sides of the
 * record's month but not that month (the record fills a gap in their series); named cleanly
 * elsewhere in the resource; not named there; already holding a clean record with this record's
 * key (it cannot hold two: the catalogue's key is unique) */
enum { LK_CTX_SIBLING, LK_CTX_GAP, LK_CTX_SEEN, LK_CTX_UNSEEN, LK_CTX_TAKEN, LK_CTX_MISSING };

int lk_nlevels(enum lk_field f);
const char *lk_field_name(enum lk_field f);
const char *lk_level_name(enum lk_field f, int level);
static inline bool lk_level_missing(enum lk_field f, int level)
{
	return level == lk_nlevels(f) - 1;
}

/* The m and u probabilities of each level, the share p of matches among candidate pairs,
 * and the two thresholds (in bits) with the margin the best candidate must keep over the
 * next one to be linked without review. */
struct lk_model {
	int version;
	double m[LKF_N][LK_LEVELS], u[LKF_N][LK_LEVELS];
	double p;
	double upper, lower, margin;
	int iterations;
	int64_t pairs;
};
void lk_model_default(struct lk_model *m);
/* EM over the counts of agreement patterns (index: lk_pattern_index); keeps m and u of the
 * missing levels out of it. fix_u keeps u (taken from random pairs); fix_p keeps the share of
 * matches (at most one match per record: records with candidates / candidate pairs). Returns
 * the number of iterations run. */
int lk_model_em(struct lk_model *m, const int64_t *counts, size_t npatterns, int max_iter, bool fix_u,
                bool fix_p);
size_t lk_pattern_count(void);
size_t lk_pattern_index(const uint8_t levels[LKF_N]);
/* log2(m/u) of one level; 0 for missing levels. tf > 0 replaces u for an exact name. */
double lk_weight(const struct lk_model *m, enum lk_field f, int level, double tf);
int lk_model_to_json(const struct lk_model *m, struct buf *out);
int lk_model_from_json(const char *json, struct lk_model *m, struct error *e);

/* ---- names ---- */

/* Normalises a name: full-width forms to half-width, spaces of every kind removed,
 * traditional characters to simplified (OpenCC t2s, per character). Returns the bytes
 * written (out is NUL-terminated, cut at a whole character), 0 for an empty name. */
size_t lk_name_normalize(const char *s, size_t n, char *out, size_t cap);
/* A 64-bit key of the toneless Mandarin reading of a normalised name (Unihan kMandarin). */
uint64_t lk_name_pinyin_key(const char *name);
/* Frees the converter and the reading table (for leak-free tests and tools). */
void lk_names_shutdown(void);

/* ---- the register ---- */

struct lk_person {
	int64_t id;     /* persons.id in the store; the array index when built by hand */
	char idno[19];  /* as registered, normalised; may fail its check character */
	uint32_t name;  /* index into the register's names */
	date_t birth;   /* 0 when unknown */
	char sex;       /* 'M', 'F' or 0 */
	char county[7]; /* registered county, six digits, or "" */
	bool id_valid;  /* its registered ID number passes its checks */
};

struct lk_name {
	uint32_t off, len; /* the normalised name in text */
	uint64_t pinyin;
	uint32_t count; /* persons of this name */
	uint32_t nchars;
};

/* The people records are linked to, with the indexes blocking needs. */
struct lk_register {
	VEC(struct lk_person) persons;
	VEC(struct lk_name) names;
	VEC(char) text;
	struct hmap name_ids;        /* normalised name -> index into names */
	uint64_t *seen_in;           /* per person: bit k set when resource k names them cleanly */
	uint64_t *seen_twice;        /* ... and more than once */
	int64_t ctx_records[64];     /* clean records per resource */
	struct hset slots;           /* hashes of (resource, person, key without the ID) of clean records */
	double ctx_m[64], ctx_u[64]; /* context probabilities per resource (lk_register_context) */
	int64_t ctx_persons[64];     /* persons a resource names cleanly */
	double gap_m[64], gap_u[64]; /* P(holding both neighbouring months | seen), match and not */
	uint64_t *id_slots;          /* open addressing on idno: hash tag << 32 | person index + 1; 0 empty */
	size_t id_cap;
	struct hmap by_pinyin;                   /* pinyin key -> index into pinyin_heads */
	VEC(uint32_t) pinyin_heads, pinyin_next; /* person lists per reading */
};

void lk_register_init(struct lk_register *r);
void lk_register_release(struct lk_register *r);
/* Adds one person (name is as written; it is normalised here). */
int lk_register_add(struct lk_register *r, int64_t id, const char *idno, const char *name, date_t birth,
                    char sex, const char *county);
/* Builds the ID and reading indexes; call once after the last add. */
int lk_register_index(struct lk_register *r);
/* Marks a person as named by a clean ID number in resource number k (0-63). */
int lk_register_seen(struct lk_register *r, uint32_t person, int k);
/* Notes that resource k holds a clean record of a person under a key whose other parts are
 * key_rest; lk_link_one then knows the person cannot take another record with that key. */
int lk_register_slot_add(struct lk_register *r, int k, uint32_t person, const char *key_rest);
bool lk_register_slot_has(const struct lk_register *r, int k, uint32_t person, const char *key_rest);
/* Forgets every slot (a run keeps one resource's at a time). */
void lk_register_slots_clear(struct lk_register *r);
/* Whether a person holds clean records of resource k for the months on both sides of the month
 * in key_rest (its parts without the ID number), and not for that month. */
bool lk_register_fills_gap(const struct lk_register *r, int k, uint32_t person, const char *key_rest);
/* Measures gap_m and gap_u of resource k on a sample of its clean records (person, key_rest):
 * how often a record's own person holds both its neighbouring months, and how often a person
 * of another sampled record does while lacking the month. */
void lk_register_gap_measure(struct lk_register *r, int k, size_t n, const uint32_t *persons,
                             char *const *rests);
/* Measures, per resource, how often the person of a clean record has another clean record in it
 * (m of the context field) and how many persons it names at all (u): context weighs what it
 * weighs in that resource, a monthly bill much, a one-off registration little. */
void lk_register_context(struct lk_register *r);
/* The person registered under exactly these 18 characters, or -1. */
long lk_register_find(const struct lk_register *r, const char *idno18);

/* ---- linking one record ---- */

/* What a record says about the person it is about. */
struct lk_query {
	const char *id; /* as written, or "" */
	const char *name;
	date_t birth;
	char sex;
	char county[7];
	int resource;         /* the resource number for the context field, -1 when none */
	const char *key_rest; /* the record's key without its ID number, or NULL */
	const char *thing;    /* the key's parts that name a thing (an account), or NULL */
};

struct lk_candidate {
	uint32_t person; /* index into the register's persons */
	uint8_t level[LKF_N];
	double weight[LKF_N];
	double score;
	int8_t diff_at; /* where the ID numbers differ (first place), -1 */
};

enum lk_outcome { LK_EXACT, LK_AUTO, LK_REVIEW, LK_UNLINKED };
const char *lk_outcome_name(enum lk_outcome o);

#define LK_MAX_CANDIDATES 16
struct lk_result {
	enum lk_outcome outcome;
	char why[96]; /* for unlinked and review: the reason, a stable token */
	int ncand;
	struct lk_candidate cand[LK_MAX_CANDIDATES]; /* best first */
};

/* Finds and scores the candidates of one record. The model may be NULL to only find the
 * candidates and their levels (for EM). */
int lk_link_one(const struct lk_register *r, const struct lk_model *m, const struct lk_query *q,
                struct lk_result *out);
/* The levels of one record against one person (for estimating u from random pairs). */
void lk_compare(const struct lk_register *r, const struct lk_query *q, uint32_t person, uint8_t level[LKF_N]);
/* u from random pairs: how often each level occurs between a record and a person picked at
 * random, smoothed so that no level is impossible. */
void lk_model_set_u(struct lk_model *m, const int64_t counts[LKF_N][LK_LEVELS]);
/* A readable account of a candidate: each field, what was compared, its level and weight. */
int lk_explain(const struct lk_register *r, const struct lk_query *q, const struct lk_candidate *c,
               struct buf *out);
/* The same as JSON (stored with the link), with the runner-up (its registered ID number and
 * score) when there was one: a reviewer sees what the choice was between. */
int lk_evidence_json(const struct lk_register *r, const struct lk_candidate *c,
                     const struct lk_candidate *next, struct buf *out);

/* ---- over a data folder ---- */

struct lk_run_report {
	int64_t persons, records_checked, exact, auto_linked, review, unlinked, kept_decisions, facts_added;
	int model_version;
	double seconds;
};
/* Links every current record (batch 0) or one batch's: syncs the persons from the register
 * resource (register_resource, or the catalogue's when NULL: hub_db_register_get), estimates the model by EM when `estimate`, decides, stores links and the facts
 * the linked records give; how far it has come goes to pg (NULL: nowhere). Runs in the caller's transaction when one is open. A batch run
 * before the register holds anyone does nothing (rep->persons is 0): the first full run links
 * it. A batch run sees the context of its own batch only. */
int lk_run(struct store *s, const char *register_resource, int64_t batch, bool estimate, struct progress *pg,
           struct lk_run_report *rep, struct error *e);
/* Links a batch of `resource` just taken in (by the command or over the API): that batch alone,
 * except the register's own batch, which relinks everything, since new persons may be who
 * earlier records meant. */
int lk_run_new_batch(struct store *s, const char *resource, int64_t batch, struct progress *pg,
                     struct lk_run_report *rep, struct error *e);

/* A reviewer accepts or rejects the link of a record (by and a note are kept with it). */
int lk_decide(struct store *s, int64_t record, bool accept, const char *by, const char *note, int64_t *facts,
              struct error *e);

/* Scores the links of a data folder against the generator's truth (DIR/truth): precision of
 * the automatic links, recall over the records whose ID number or name carries injected noise,
 * and the share of records waiting for review. */
struct lk_evaluation {
	int64_t records, noisy, noisy_found, noisy_linked_right, noisy_linked_wrong, noisy_review,
	    noisy_unlinked, noisy_unregistered, auto_links, auto_right, review;
	/* recall over every stored noisy record, and over those whose person the register holds
	 * (a record of someone the register lacks can be linked by nobody) */
	double precision, recall, recall_registered, review_share;
};
int lk_evaluate(struct store *s, const char *gen_dir, struct lk_evaluation *ev, struct error *e);

#endif
