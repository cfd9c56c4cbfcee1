/* cases.h: case handling (经办服务, issue 9): applications for dibao, destitute support, marginal
 * and rigid-expenditure status, temporary aid and referrals to specialised aid, carried through a
 * declared workflow (workflow.c: a table of states and transitions, not scattered ifs) from
 * intake through verification, home visit, public notice and township review to the county's
 * decision, then periodic review and exit; temporary aid's fast path ("help first, paperwork
 * later"); and the township reserve fund (备用金). Every step is taken by a user account: the
 * access gate checks its role and region and audits the attempt, allowed or refused. Time limits
 * count working days (base/workcal.h) from policy parameters. docs/CASES.md tells the rules. */
#ifndef SAFETYNET_CASES_H
#define SAFETYNET_CASES_H

#include "base/date.h"
#include "access/access.h"
#include "cases/case_repo.h"
#include "cases/case_types.h"

struct vf_policy;

enum cs_action {
	CA_DOCUMENTS,       /* documents received (any open state) */
	CA_VERIFY,          /* run the household economic verification */
	CA_VISIT,           /* home visit by two staff */
	CA_NOTICE,          /* public notice posted */
	CA_OBJECTION,       /* an objection to the notice recorded */
	CA_TOWNSHIP_REVIEW, /* the township's review opinion, after the notice */
	CA_APPROVE,         /* approve with an amount */
	CA_REFUSE,          /* refuse with written reasons */
	CA_REVIEW,          /* periodic review of an active case */
	CA_EXIT,            /* gradual exit over up to 6 months */
	CA_TERMINATE,       /* end an active case */
	CA_WITHDRAW,        /* the applicant withdraws */
	CA_ADVANCE,         /* temporary aid paid at once from the township's reserve fund */
	CA_COMPLETE,        /* temporary aid's paperwork completed afterwards */
	CA_SETTLE,          /* the county settles the advance back into the reserve fund */
	CA_REFER,           /* referred to the department that gives specialised aid */
	CA_FEEDBACK,        /* the department's feedback closes a referral */
	CA_COUNT
};
const char *cs_action_name(enum cs_action a);
const char *cs_action_label(enum cs_action a, enum lang lang);
int cs_action_parse(const char *s, enum cs_action *out);

/* The roles that may take a step, as a bit set of 1u << enum access_role. */
typedef unsigned cs_roles;
#define CS_ROLE(r) (1u << (r))

/* One transition of the workflow: which step moves a case of which scheme from which state to
 * which; kind, when not NULL, limits it to cases of that kind (temporary aid "emergency"). */
struct cs_transition {
	unsigned schemes; /* bit set of 1u << enum cs_scheme */
	const char *kind;
	enum cs_state from;
	enum cs_action action;
	enum cs_state to;
	cs_roles roles;
	bool main; /* the step that carries the case forward: whose turn it is (inboxes) */
};
/* The transition for a step, or NULL when the workflow has none (a skipped step). */
const struct cs_transition *cs_transition_find(enum cs_scheme sc, const char *kind, enum cs_state from,
                                               enum cs_action a);
/* The steps that leave a state, for listing what may be done next: n of them into out. */
size_t cs_transitions_from(enum cs_scheme sc, const char *kind, enum cs_state from,
                           const struct cs_transition **out, size_t cap);
/* The whole table, for tests and docs. */
const struct cs_transition *cs_transitions(size_t *n);
/* Whose turn it is in a state: the roles of its main steps. */
cs_roles cs_waiting_roles(enum cs_scheme sc, const char *kind, enum cs_state st);

/* The documents an application needs (nothing the state can look up: identity, household
 * register and records of other departments come through the data hub). */
struct cs_document {
	const char *code, *zh, *en;
};
/* The documents a scheme (and kind) requires, n of them. */
const struct cs_document *const *cs_documents_required(enum cs_scheme sc, const char *kind, size_t *n);
const struct cs_document *cs_document_find(const char *code);
/* Is the document among those the case has received? */
bool cs_document_received(const struct cs_db_case *c, const char *code);

/* A case as stored is a struct cs_db_case (store.h): scheme and state by name; its events are
 * struct cs_db_case_event, the reserve fund's ledger struct cs_db_ledger_row. */

/* ---- the service ---- */

struct cs_service; /* policy parameters and the temporary-aid rules, opened once */
/* policy_dir: the folder of temp-aid.rules, NULL for the one built into the binary */
int cs_open_service(const char *policy_dir, struct cs_service **out, struct error *e);
void cs_close_service(struct cs_service *cs);

/* An application as taken at the township. */
struct cs_application {
	const char *scheme, *kind; /* kind: temporary aid and referrals */
	const char *household;     /* the register number (or a member's ID number) */
	const char *applicant;     /* ID number (temporary aid to a non-resident: theirs, no household) */
	const char *name;          /* needed when there is no household */
	const char *reason;
	const char *cause, *place; /* temporary aid: the cause, and where the emergency happened */
	const char *documents;     /* received, comma-separated codes */
	const char *relative;      /* near relative of staff: the relation, or NULL */
	const char *requested;     /* temporary aid: yuan asked, "1500.00" */
	const char *day;           /* the day it was received (YYYY-MM-DD), default today */
	int urban;                 /* -1: from the household's region */
	bool advance;              /* temporary aid: pay at once from the reserve fund (one step) */
	const char *override;      /* ... a second time for the same cause within the year: why */
};
/* What intake tells the caseworker: the case, and every missing document at once. */
struct cs_opened {
	int64_t id;
	size_t nmissing;
	const struct cs_document *missing[8];
};
int cs_open(struct cs_service *cs, struct store *s, const struct access_user *u,
            const struct cs_application *ap, struct cs_opened *out, struct error *e);

/* A step's details; what a step needs and does not get is an ERR_INVAL naming the field. */
struct cs_step {
	const char *day;       /* the day it happened, default today; never before the last step */
	const char *note;      /* the opinion, objection, department or the like */
	const char *staff;     /* home visit: two staff, comma-separated */
	const char *documents; /* received, comma-separated codes */
	const char *amount;    /* yuan: approval (default the verification's), advance */
	const char *reasons;   /* refusal, termination: written reasons */
	const char *override;  /* temporary aid a second time within the year: why */
	int months;            /* gradual exit: 1..6 */
};
/* Takes a step: the transition must exist from the case's state (else refused: a skipped
 * step), the user's role must be one of its roles and the case inside the user's region (else
 * refused). Refusals are audited by the gate; an allowed step is recorded as an event and
 * audited in the same transaction as its change. */
int cs_act(struct cs_service *cs, struct store *s, struct vf_policy *vp, const struct access_user *u,
           int64_t id, enum cs_action a, const struct cs_step *st, struct error *e);

/* Reads a case (through the gate): 0, ERR_NOTFOUND, ERR_PERM. */
int cs_get(struct store *s, const struct access_user *u, int64_t id, struct cs_db_case *c, struct error *e);
int cs_events_each(struct store *s, int64_t id, int (*cb)(void *arg, const struct cs_db_case_event *ev),
                   void *arg, struct error *e);

/* Lists: a user's inbox (open cases in their region waiting on their role), overdue cases, all
 * cases of a household, all open cases of the region, or the separate register of applicants
 * related to staff (近亲属备案: every such case of the region, open or not). Overdue first, then
 * by due day. */
enum cs_list { CL_INBOX, CL_OVERDUE, CL_HOUSEHOLD, CL_OPEN, CL_RELATIVES };
int cs_list(struct store *s, const struct access_user *u, enum cs_list what, const char *household,
            date_t today, int (*cb)(void *arg, const struct cs_db_case *c, bool overdue), void *arg,
            struct error *e);
/* Is the case's current step late on this day? */
bool cs_overdue(const struct cs_db_case *c, date_t today);

/* A step's text in the reader's language (events.c): what the system recorded about it
 * (ev->detail, language-neutral) rendered in lang, then the note the user typed, as typed;
 * appended to out. */
int cs_event_text(const struct cs_db_case_event *ev, enum lang lang, struct buf *out);
/* The facts of a detail alone, joined, in lang. */
int cs_detail_text(const char *detail, enum lang lang, struct buf *out);

/* ---- the township reserve fund (fund.c) ---- */

/* The balance (0 when the fund has no entry yet) and its ceiling. */
int cs_fund_balance(struct cs_service *cs, struct store *s, const struct access_user *u, const char *township,
                    int64_t *balance, int64_t *ceiling, struct error *e);
int cs_fund_history(struct store *s, const struct access_user *u, const char *township,
                    int (*cb)(void *arg, const struct cs_db_ledger_row *r), void *arg, struct error *e);
/* A top-up from the county (county reviewer or approver): refused when the balance would pass
 * the ceiling (reserve_fund_max, 20,000 yuan in Hunan). */
int cs_fund_topup(struct cs_service *cs, struct store *s, const struct access_user *u, const char *township,
                  const char *amount, const char *day, const char *note, struct error *e);

/* ---- the roll carried over (case_roll.c) ---- */

/* An active case of the system a county used before, as the payments roll gives it. */
struct cs_roll_case {
	enum cs_scheme scheme; /* dibao, tekun or marginal */
	const char *household; /* the register's household number */
	const char *applicant; /* the payee's ID number */
	int64_t amount_fen;    /* monthly */
	month_t start_month;   /* the first month paid */
	date_t today;          /* the day of the import */
	int64_t line;          /* the roll file's line */
	const char *actor, *role;
};
/* Inside the caller's write transaction: the case, active with its next review (review_months_stable
 * from its approval, the day before its first month, rolled forward past today), and its import
 * event. *id gets its number. */
int cs_roll_add(struct cs_service *cs, struct store *s, const struct cs_roll_case *in, int64_t *id,
                struct error *e);

#endif
