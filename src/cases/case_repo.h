/* case_repo.h: case handling's repository: cases, their events and the township reserve fund's
 * ledger (case_repo.c). */
#ifndef SAFETYNET_CASE_REPO_H
#define SAFETYNET_CASE_REPO_H

#include "store/store.h"
#include "cases/case_types.h"

/* A case: an application and where it stands. Days are YYYY-MM-DD ("" when not set). */
struct cs_db_case {
	int64_t id;
	enum cs_scheme scheme;
	char kind[24];
	char household[18]; /* the register's household number, "" when there is none */
	char region[13];    /* where the case is handled: village (12) or township (9) code */
	char applicant[19]; /* ID number */
	char name[64];
	char reason[512];
	char cause[32];
	char documents[256]; /* received, comma-separated codes */
	char relative[128];  /* near relative of staff: the relation declared */
	enum cs_state state;
	char state_day[11], due[11], opened_day[11];
	int64_t requested_fen, amount_fen;
	int64_t verification; /* the latest verification, 0 none */
	char decision[16];
	int64_t verified_fen;
	bool urban;
	char notice_from[11], next_review[11], exit_until[11];
	int objections;
	int review_months; /* 12 for a stable household, 6 where members can work (set by verification) */
	char reasons[512];
	char created_by[64];
};
/* One step taken on a case; events are only ever added. note is what the user typed, as typed;
 * detail what the system recorded, language-neutral: a JSON array of {"code": ..., values}
 * (cases.h, cs_event_text renders it in the reader's language), "" for none. */
struct cs_db_case_event {
	int64_t id, case_id;
	char day[11], at[24], actor[64], role[24], action[24], from[16], to[16];
	char note[1024], staff[128], documents[256], detail[1024];
	int64_t amount_fen; /* -1 when the step has no amount */
};
int cs_db_case_add(struct store *s, const struct cs_db_case *c, int64_t *id, struct error *e);
/* Writes back every field that can change (state and the rest) of a case. */
int cs_db_case_update(struct store *s, const struct cs_db_case *c, struct error *e);
/* 1 found, 0 not; ERR_STORE naming the case when its stored scheme or state is not one this
 * version knows. */
int cs_db_case_get(struct store *s, int64_t id, struct cs_db_case *c, struct error *e);
int cs_db_case_event_add(struct store *s, const struct cs_db_case_event *ev, struct error *e);
int cs_db_case_events_each(struct store *s, int64_t id,
                           int (*cb)(void *arg, const struct cs_db_case_event *ev), void *arg,
                           struct error *e);
/* Cases within a region prefix (open ones only when open_only), or of one household when
 * household is not NULL, oldest due first. */
int cs_db_cases_each(struct store *s, const char *prefix, const char *household, bool open_only,
                     int (*cb)(void *arg, const struct cs_db_case *c), void *arg, struct error *e);
/* The schemes a household is on: a bit set of 1u << enum cs_scheme over its active and exiting
 * cases (monitoring's 在保 inputs). */
int cs_db_household_schemes(struct store *s, const char *household, unsigned *schemes, struct error *e);
/* Temporary aid given to this person for this cause on or after a day: the latest case's id,
 * 0 when none. */
int cs_db_case_temp_since(struct store *s, const char *applicant, const char *cause, const char *since,
                          int64_t *id, struct error *e);

/* The township reserve fund's ledger: every entry carries the balance after it. */
struct cs_db_ledger_row {
	int64_t id, amount_fen, balance_fen, case_id;
	char township[10], day[11], at[24], kind[16], actor[64], note[256];
};
/* The balance after the latest entry (0 when none). */
int cs_db_ledger_balance(struct store *s, const char *township, int64_t *balance, struct error *e);
int cs_db_ledger_add(struct store *s, const struct cs_db_ledger_row *r, struct error *e);
/* Newest first, at most 200 entries. */
int cs_db_ledger_each(struct store *s, const char *township,
                      int (*cb)(void *arg, const struct cs_db_ledger_row *r), void *arg, struct error *e);

/* The active or exiting case of a household on a scheme: its id, 0 when none (the roll's key). */
int cs_db_case_active_of(struct store *s, const char *household, enum cs_scheme scheme, int64_t *id,
                         struct error *e);
/* The cases a payroll pays: active and exiting cases of dibao, tekun and marginal within a region
 * prefix, in id order, each with the day it was first approved (its approve or import step). */
int cs_db_payable_each(struct store *s, const char *prefix,
                       int (*cb)(void *arg, const struct cs_db_case *c, const char *approved), void *arg,
                       struct error *e);

#endif
