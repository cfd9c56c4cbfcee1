/* params.h: policy parameters as data (DOMAIN.md: every `cfg` is a parameter, never a constant
 * in C). A parameter has a name, a region (the province, or a city or county that sets its own
 * for its area), a date it is valid from, a value, and its legal reference. For one region and
 * date, a resolved snapshot gives each parameter in force and the entry it came from: the most
 * specific region wins, except for parameters ruled "floor" (like the dibao standard), where a
 * county may raise the guide but never go below it. The default Hunan set is built in
 * (data/policy-params.tsv). */
#ifndef SAFETYNET_PARAMS_H
#define SAFETYNET_PARAMS_H

#include "base/common.h"
#include "base/date.h"
#include "base/error.h"

enum param_type {
	PT_MONEY, /* yuan in the file, fen in value */
	PT_RATIO, /* a decimal in the file, ten-thousandths in value (1.3 -> 13000) */
	PT_INT,   /* a whole number */
	PT_DAYS,  /* working days */
};
enum param_rule { PR_OVERRIDE, PR_FLOOR };

struct param_entry {
	const char *name, *region, *reference, *note, *text; /* text: the value as written */
	date_t from;
	enum param_type type;
	enum param_rule rule;
	int64_t value;
	int line;
};

struct param_set {
	struct param_entry *items;
	size_t n;
	char *buf; /* the file's text, which the entries point into */
};

/* Reads parameter lines (see data/policy-params.tsv); every line is checked, and the first bad
 * one is reported with its line number and what is wrong. */
int params_load_text(struct param_set *ps, const char *text, size_t len, struct error *e);
int params_load_builtin(struct param_set *ps, struct error *e);
void params_release(struct param_set *ps);

struct param_value {
	const char *name;
	enum param_type type;
	int64_t value;
	const struct param_entry *source; /* the entry whose value is in force */
};

struct param_snapshot {
	char region[13];
	date_t date;
	struct param_value *v; /* in the order of first appearance in the set */
	size_t n;
};

/* The parameters in force for a region (any code of the Hunan tree) on a date. A parameter with
 * no entry valid by then is absent. Computed once per region and date, then read by name. */
int params_resolve(const struct param_set *ps, const char *region, date_t date, struct param_snapshot *out,
                   struct error *e);
void params_snapshot_release(struct param_snapshot *s);
/* The value in force, or NULL when the parameter is absent. */
const struct param_value *params_get(const struct param_snapshot *s, const char *name);
/* "740.00" (money), "1.3" (ratio), "12" (int and days). */
void params_format(enum param_type type, int64_t value, char *out, size_t cap);
const char *params_type_name(enum param_type type);

#endif
