/* link_repo.h: person linkage's repository: persons, links, reviewers' decisions and the model
 * (link_repo.c). */
#ifndef SAFETYNET_LINK_REPO_H
#define SAFETYNET_LINK_REPO_H

#include "store/store.h"

struct lk_db_person {
	int64_t id;
	const char *rkey, *idno;
	bool id_valid;
	const char *name, *sex, *birth, *county; /* "" when unknown */
	int64_t record;
};
struct lk_db_record_row {
	int64_t id;
	const char *rkey, *data;
	int64_t batch;
	uint64_t line;
	const char *person; /* the valid ID number ingest read for its person field, or NULL */
};
/* outcome: auto, review, unlinked, accepted, rejected (exact links are not stored: a valid ID
 * number the register holds is its own link) */
struct lk_db_link_row {
	int64_t record;
	const char *field;
	int64_t person;                        /* 0 when none */
	const char *outcome, *method, *reason; /* method: fellegi-sunter */
	double score;
	int model;
	const char *evidence; /* JSON */
};
struct lk_db_link_view {
	struct lk_db_link_row l;
	const char *resource, *data;
	uint64_t line;
	const char *person_idno, *person_name;
	int64_t batch; /* the batch the record came in */
};
/* The statements of one linkage run, inside the caller's transaction. */
struct lk_db_run;
int lk_db_run_open(struct store *s, struct lk_db_run **out, struct error *e);
void lk_db_run_close(struct lk_db_run *l);
/* Adds or updates a person by the register's key; *id is stable across runs. */
int lk_db_person_put(struct lk_db_run *l, const struct lk_db_person *p, int64_t *id, struct error *e);
int lk_db_link_put(struct lk_db_run *l, const struct lk_db_link_row *r, struct error *e);
/* Takes back the facts a link gave a record (those of the person it was linked to). */
int lk_db_link_facts_delete(struct lk_db_run *l, int64_t record, const char *person, struct error *e);
int lk_db_person_each(struct store *s, int (*cb)(void *arg, const struct lk_db_person *p), void *arg,
                      struct error *e);
/* Current records of a resource in id order (of one batch when batch > 0); a non-zero return of
 * cb stops and is returned. */
int lk_db_records_each(struct store *s, const char *resource, int64_t batch,
                       int (*cb)(void *arg, const struct lk_db_record_row *r), void *arg, struct error *e);
/* The current record a file line became (0 when none). */
int lk_db_record_at_line(struct store *s, const char *resource, uint64_t line, int64_t *id, struct error *e);
/* Forgets every link a run made, and the facts automatic links gave; reviewers' decisions
 * stay. */
int lk_db_links_clear_machine(struct store *s, struct error *e);
/* Links of an outcome ("" for all) or of one record (record > 0), best score first. */
int lk_db_link_each(struct store *s, const char *outcome, int64_t record, long limit,
                    int (*cb)(void *arg, const struct lk_db_link_view *v), void *arg, struct error *e);
int lk_db_link_counts(struct store *s, int (*cb)(void *arg, const char *outcome, int64_t n), void *arg,
                      struct error *e);
/* A reviewer's decision: the link's outcome changes and the decision is added to the log. */
int lk_db_link_decide(struct store *s, int64_t record, const char *field, int64_t person,
                      const char *decision, const char *by, const char *note, struct error *e);
/* The (record, field) pairs a reviewer decided; a non-zero return of cb stops and is returned. */
int lk_db_link_decided_each(struct store *s, int (*cb)(void *arg, int64_t record, const char *field),
                            void *arg, struct error *e);
int lk_db_link_model_add(struct store *s, const char *params, int *version, struct error *e);
/* The newest model's parameters (JSON, free with mem_free) and version; NULL and 0 when none. */
int lk_db_link_model_latest(struct store *s, char **params, int *version, struct error *e);

#endif
