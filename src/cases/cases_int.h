/* cases_int.h: what the case-handling files share: the service's policy (parameters and the
 * temporary-aid rules), the time limits of each state, temporary aid's amount and the reserve
 * fund's entries made inside a step's transaction. */
#ifndef SAFETYNET_CASES_INT_H
#define SAFETYNET_CASES_INT_H

#include "cases/cases.h"
#include "policy/params.h"
#include "policy/rules.h"
#include "cases/case_repo.h"

struct cs_service {
	struct param_set ps;
	struct rules *temp; /* temp-aid.rules */
};

/* A parameter in force for a region on a day; ERR_NOTFOUND naming it when the policy has no
 * value then (there is no fallback in C: every deadline and amount is a dated parameter). */
int cs_param(struct cs_service *cs, const char *region, date_t day, const char *name, int64_t *out,
             struct error *e);

/* The day a case's current step is due, from the day it entered its state: "" when nothing is
 * due (a final state). 0, or the error of a missing parameter. */
int cs_due(struct cs_service *cs, struct cs_db_case *c, enum cs_scheme sc, enum cs_state st, date_t day,
           struct error *e);

/* Temporary aid's amount by the policy's rules for the amount asked (requested_fen): 0 when the
 * rules grant nothing; *county when the county must approve it; message (an event detail, see
 * cs_fact_*) gets why when they cut or refuse it or give it again. The same person for the same cause within a year counts unless
 * override says why. */
int cs_temp_amount(struct cs_service *cs, struct store *s, const struct cs_db_case *c, date_t day,
                   int64_t requested_fen, const char *override, int64_t *amount, bool *county, char *message,
                   size_t cap, struct error *e);

/* A ledger entry for a township's fund inside the caller's transaction: amount_fen > 0 in,
 * < 0 out; refused (ERR_INVAL, nothing written) when the balance would go below zero or above
 * the ceiling. */
int cs_fund_move(struct cs_service *cs, struct store *s, const char *township, date_t day, const char *kind,
                 int64_t amount_fen, int64_t case_id, const char *actor, const char *note, struct error *e);

/* Parses a day (YYYY-MM-DD, default today) that may not lie in the future nor before `not_before`
 * (when given); field names the input in errors. */
int cs_parse_day(const char *text, const char *not_before, const char *field, date_t *out, struct error *e);
/* Parses yuan ("1500.00") into fen, > 0 unless zero_ok, at most MONEY_INPUT_MAX. */
int cs_parse_amount(const char *text, bool zero_ok, const char *field, int64_t *out, struct error *e);
/* An approved monthly amount above the verification's: allowed by at most the region's dated
 * parameter approve_over_max (0: never above), its reason being the step's note. 0 or ERR_INVAL
 * naming amount. */
int cs_check_approved(struct cs_service *cs, const struct cs_db_case *c, date_t day, struct error *e);

/* Facts about a step, added to an event's detail (events.c): language-neutral codes and values,
 * rendered in each reader's language. 0, or ERR_NOMEM / ERR_TOOBIG with detail unchanged. */
int cs_fact_plain(char *detail, size_t cap, const char *code); /* not-eligible, temp-repeated */
int cs_fact_verified(char *detail, size_t cap, int64_t verification, const char *decision,
                     int64_t benefit_fen);
int cs_fact_relative(char *detail, size_t cap, const char *relation);
int cs_fact_capped(char *detail, size_t cap, int64_t requested_fen, int64_t cap_fen, int64_t months);
int cs_fact_again(char *detail, size_t cap, int64_t earlier_case, const char *because);

#endif
