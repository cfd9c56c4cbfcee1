/* embedded.h: data files built into the binary (see embedded.S), so the safetynet command
 * works from any folder without a data install step. */
#ifndef SAFETYNET_EMBEDDED_H
#define SAFETYNET_EMBEDDED_H

#include "base/common.h"

struct embedded_file {
	const char *data; /* not NUL-terminated */
	size_t len;
};

/* data/regions-43.tsv: the Hunan division tree. */
struct embedded_file embedded_regions(void);
/* data/holidays.tsv: public holidays and adjusted working days. */
struct embedded_file embedded_holidays(void);

/* data/policy-params.tsv: the default Hunan policy parameters. */
struct embedded_file embedded_policy_params(void);

/* data/pinyin.tsv: the toneless Mandarin reading of each Han character (Unihan kMandarin). */
struct embedded_file embedded_pinyin(void);

/* policy/NAME of the source tree, the shipped policy the binary uses unless told otherwise:
 * dibao.rules, tekun.rules, marginal.rules, rigid.rules, temp-aid.rules; {NULL, 0} for another
 * name. */
struct embedded_file embedded_policy(const char *name);

#endif
