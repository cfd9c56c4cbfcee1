/* rules.h: the policy rule language (docs/POLICY.md). A rule file declares its inputs, binds
 * names with let, and states named rules, each a condition with a message in Chinese and
 * English that quotes the values it used. Parameters are read by name from the resolved
 * snapshot (params.h). There are no loops, no recursion and no I/O: a program is checked for
 * types when it is compiled, its cost (the nodes it can evaluate) is known then, and evaluating
 * it cannot fail except on arithmetic overflow, which is reported, never undefined.
 *
 *   input 家庭人数 : int
 *   input 家庭月收入 : money
 *   let 人均收入 = div(家庭月收入, 家庭人数, half_up)
 *   rule 收入低于标准
 *     when 人均收入 < param dibao_standard_urban
 *     zh "月人均收入 {人均收入} 元低于低保标准"
 *     en "monthly income per person {人均收入} yuan is below the standard"
 */
#ifndef SAFETYNET_RULES_H
#define SAFETYNET_RULES_H

#include "base/buf.h"
#include "base/common.h"
#include "base/date.h"
#include "base/error.h"
#include "policy/params.h"

enum rv_type { RV_BOOL, RV_INT, RV_MONEY, RV_RATIO, RV_DATE, RV_TEXT, RV_LIST, RV_NTYPES };
const char *rules_type_name(enum rv_type t);

/* A list's rows (household members, a member's monthly incomes): n rows of the list's fields,
 * one cell per field, row after row. */
struct rv_list {
	size_t n;
	const struct rv *cells;
};

struct rv {
	enum rv_type type;
	int64_t i; /* bool 0/1, int, fen, ratio in ten-thousandths, date as days */
	const char *s;
	const struct rv_list *list;
};

/* The fields of a list type, declared as `list of (年龄 : int, 收入 : list of (...) max 12) max 20`. */
struct rules_shape {
	size_t n;
	const char **names;
	enum rv_type *types;
	const struct rules_shape **subs; /* the shape of each list field, NULL for others */
	int max;                         /* the most rows a list may have: it bounds the cost */
};

struct rules; /* a compiled program */

/* Compiles rule text (name is used in error messages: "name:line:col: ..."). The parameters
 * a program names must exist in ps, which gives their types. On error, *out is NULL and e
 * says where and what was expected. */
int rules_compile(const char *name, const char *text, size_t len, const struct param_set *ps,
                  struct rules **out, struct error *e);
/* Layers compiled as one program, in order: a province base, then a city's or a county's file
 * whose `exception RULE for REGION "label" when ...` replaces a base rule in its area. */
int rules_compile_layers(size_t n, const char *const *names, const char *const *texts, const size_t *lens,
                         const struct param_set *ps, struct rules **out, struct error *e);
/* The same from files on disk (at most 16). */
int rules_compile_files(size_t n, const char *const *paths, const struct param_set *ps, struct rules **out,
                        struct error *e);
void rules_free(struct rules *r);
/* Where the policy in force comes from, never the working directory: $SAFETYNET_POLICY_DIR when
 * set (tests; trying a changed policy on purpose); else DATA/policy when the data folder
 * data_dir (may be NULL) holds one; else NULL: the shipped policy built into the binary
 * (the policy folder's .rules files of the source it was built from). out holds the path when built there. */
const char *rules_policy_dir(const char *data_dir, char *out, size_t cap);
/* Compiles the policy file NAME (dibao.rules, tekun.rules, marginal.rules, rigid.rules,
 * temp-aid.rules) from the folder dir, or the built-in one when dir is NULL. */
int rules_compile_policy(const char *dir, const char *name, const struct param_set *ps, struct rules **out,
                         struct error *e);

/* What compiling found out, for `policy check` and tests. */
size_t rules_ninputs(const struct rules *r);
const char *rules_input_name(const struct rules *r, size_t i);
enum rv_type rules_input_type(const struct rules *r, size_t i);
/* The shape of a list input, NULL for other types. */
const struct rules_shape *rules_input_shape(const struct rules *r, size_t i);
size_t rules_nrules(const struct rules *r);
const char *rules_rule_name(const struct rules *r, size_t i);
/* The most nodes one evaluation can visit. */
size_t rules_cost(const struct rules *r);

/* One evaluation: inputs in declaration order (types must match), parameters from snap. It
 * visits at most rules_cost nodes (ERR_TOOBIG if it ever would: a bug, caught). Each
 * rule's outcome goes to outcomes[i] (rules_nrules of them). When trace is not NULL, it gets one
 * line per rule: its name, outcome and message with the values filled in, in the language
 * asked for, followed by the parameters it read with their source. */
int rules_eval(const struct rules *r, const struct rv *inputs, const struct param_snapshot *snap,
               bool *outcomes, struct buf *trace, struct error *e);

/* A household's compact reason code for population runs: bit i set when rule i held (the first
 * 64 rules). Its full explanation is had on demand by evaluating it again with a trace. */
uint64_t rules_reason_code(const struct rules *r, const bool *outcomes);

/* The same, also giving the value of every let (rules_nlets of them) in lets_out. */
int rules_eval_lets(const struct rules *r, const struct rv *inputs, const struct param_snapshot *snap,
                    bool *outcomes, struct rv *lets_out, struct buf *trace, struct error *e);
/* The same, writing instead of a trace only each rule's message with the values filled in (in
 * the current language, and the exception's label where one applied): rule i's message is the
 * NUL-terminated text at messages->data + starts[i]. For reports that list every rule. */
int rules_eval_messages(const struct rules *r, const struct rv *inputs, const struct param_snapshot *snap,
                        bool *outcomes, struct rv *lets_out, struct buf *messages, size_t *starts,
                        struct error *e);
/* The parameters a program reads, as its trace lists them: name, value, region, date, reference. */
int rules_trace_params(const struct rules *r, const struct param_snapshot *snap, struct buf *trace,
                       struct error *e);
size_t rules_nlets(const struct rules *r);
const char *rules_let_name(const struct rules *r, size_t i);
enum rv_type rules_let_type(const struct rules *r, size_t i);

/* Runs the case files (*.cases) of a folder (docs/POLICY.md says how they are written): each
 * case compiles its rule file, evaluates its inputs for its region and date, and compares the
 * rules and values it expects. Failures go to out with the file, line and what differed. */
struct rules_test_report {
	long files, cases, passed, failed;
};
int rules_test_dir(const char *dir, const struct param_set *ps, FILE *out, struct rules_test_report *rep,
                   struct error *e);

/* Inputs from a JSON object naming each input (money as text in yuan, "1500.00"; dates
 * "YYYY-MM-DD"; lists as arrays of objects). The values live in arena a. */
struct arena;
int rules_inputs_from_json(const struct rules *r, const char *json, struct arena *a, struct rv **out,
                           struct error *e);

#endif
