/* store.h: the one face of the database. Every SQL statement in safetynet lives behind this
 * header, in store/. A backend (SQLite now, PostgreSQL later) is a table of functions; SQL
 * written here uses `?` placeholders and portable types so both backends run it.
 * A store handle belongs to one thread at a time. */
#ifndef SAFETYNET_STORE_H
#define SAFETYNET_STORE_H

#include "base/common.h"
#include "base/error.h"

struct store;
struct store_stmt;

enum store_step { STORE_DONE = 0, STORE_ROW = 1 };
enum store_type { STORE_NULL = 0, STORE_INT, STORE_TEXT };

/* A value for bulk insert: an int64, a text of n bytes, or NULL. */
struct store_value {
	enum store_type type;
	int64_t i;
	const char *s;
	size_t n;
};
#define SV_NULL ((struct store_value){ STORE_NULL, 0, NULL, 0 })
#define SV_INT(v) ((struct store_value){ STORE_INT, (v), NULL, 0 })
#define SV_TEXT(str) ((struct store_value){ STORE_TEXT, 0, (str), strlen(str) })
#define SV_TEXTN(str, len) ((struct store_value){ STORE_TEXT, 0, (str), (len) })

enum store_open_flags { STORE_OPEN_EXISTING = 0, STORE_OPEN_CREATE = 1 };

/* Opens the data folder's database (DIR/safetynet.db). With STORE_OPEN_CREATE the folder and
 * database are created when missing; otherwise a missing one is ERR_NOTFOUND with advice.
 * Does not migrate: call store_migrate. */
int store_open_dir(const char *dir, int flags, struct store **out, struct error *e);
/* Opens a SQLite database file at path (":memory:" for a private in-memory one). */
int store_open_sqlite(const char *path, int flags, struct store **out, struct error *e);
void store_close(struct store *s);
/* "sqlite" or "postgresql". */
const char *store_backend(const struct store *s);

/* Runs SQL that returns no rows (may hold several statements). */
int store_exec(struct store *s, const char *sql, struct error *e);
/* Transactions do not nest: a second begin is ERR_INVAL. */
int store_begin(struct store *s, struct error *e);
int store_commit(struct store *s, struct error *e);
int store_rollback(struct store *s);
/* A transaction for reading: one snapshot and one set of file locks for many statements. A
 * write inside it takes the write lock then (and may meet SQLITE_BUSY). */
int store_begin_read(struct store *s, struct error *e);
/* A number that changes when another connection (another process) commits a change: caches
 * of what the database holds compare it to know they are stale. */
int store_data_version(struct store *s, int64_t *v, struct error *e);
bool store_in_transaction(const struct store *s);
/* Is a transaction begun with store_begin (not store_begin_read) open? */
bool store_in_write_transaction(const struct store *s);

/* Hooks a module above keeps on a connection, without the store knowing what they are for
 * (audit/ appends a change's pending entry inside its transaction and anchors the log after the
 * commit). Each is optional. */
struct store_hooks {
	/* Inside a write transaction (not store_begin_read's), just before its COMMIT: an error
	 * fails store_commit with the transaction still open. */
	int (*before_commit)(struct store *s, void *arg, struct error *e);
	/* After a COMMIT succeeded; wrote: it ended a write transaction. */
	void (*after_commit)(struct store *s, void *arg, bool wrote);
	/* From store_close, after an open transaction is rolled back and before the connection
	 * closes: the last word, and arg's release. */
	void (*close)(struct store *s, void *arg);
};
/* Registers h with arg on s (h identifies them: once per store); called in the order
 * registered. ERR_INVAL when h is there already or the store holds too many. */
int store_on_commit(struct store *s, const struct store_hooks *h, void *arg, struct error *e);
/* The arg registered with h on s, or NULL. */
void *store_hooks_arg(const struct store *s, const struct store_hooks *h);
/* The data folder s was opened from by store_open_dir (its absolute path when it could be
 * resolved), or NULL for a database opened by file. */
const char *store_dir(const struct store *s);

int store_prepare(struct store *s, const char *sql, struct store_stmt **out, struct error *e);
/* Parameters count from 1. Text is copied. 0 or ERR_STORE. */
int store_bind_int64(struct store_stmt *st, int idx, int64_t v);
int store_bind_text(struct store_stmt *st, int idx, const char *s, size_t n);
int store_bind_null(struct store_stmt *st, int idx);
int store_bind_value(struct store_stmt *st, int idx, struct store_value v);
/* STORE_ROW, STORE_DONE, or a negative error with e. */
int store_step(struct store_stmt *st, struct error *e);
/* Columns count from 0; text stays valid until the next step, reset or finalize. */
int64_t store_col_int64(struct store_stmt *st, int col);
const char *store_col_text(struct store_stmt *st, int col, size_t *n);
bool store_col_is_null(struct store_stmt *st, int col);
/* Makes the statement ready to run again (bindings are kept). */
int store_reset(struct store_stmt *st);
void store_finalize(struct store_stmt *st);

/* Bulk insert: rows into table's columns, as fast as the backend allows (prepared INSERT in
 * large transactions for SQLite, COPY for PostgreSQL). Inside the caller's transaction when
 * one is open, otherwise in its own, committed by store_bulk_end. Names must be plain
 * identifiers. After any error, call store_bulk_abort. */
struct store_bulk;
int store_bulk_begin(struct store *s, const char *table, const char *const *cols, int ncols,
                     struct store_bulk **out, struct error *e);
int store_bulk_row(struct store_bulk *b, const struct store_value *vals, struct error *e);
int store_bulk_end(struct store_bulk *b, struct error *e);
void store_bulk_abort(struct store_bulk *b);

/* Brings the schema to the newest version this binary knows, one migration per transaction.
 * *from and *to (may be NULL) get the versions before and after. A database newer than the
 * binary is refused. */
int store_migrate(struct store *s, int *from, int *to, struct error *e);
/* The same, stopping at version target (tests build databases of earlier versions with it). */
int store_migrate_upto(struct store *s, int target, int *from, int *to, struct error *e);
/* The schema version (0 for an empty database). */
int store_schema_version(struct store *s, int *version, struct error *e);
/* The newest schema version this binary knows. */
int store_schema_latest(void);

/* Settings: a small key-value table for the data folder's own facts. */
/* How long a statement waits for another connection's write lock before ERR_BUSY: STORE_BUSY_MS
 * unless set otherwise. */
enum { STORE_BUSY_MS = 5000 };
void store_busy_timeout(struct store *s, int ms);
/* The write-ahead log copied back into the database now from s, without waiting for readers;
 * and after how many pages of it a commit on s does so itself (0: never, left to a
 * store_wal_checkpoint from elsewhere). */
int store_wal_checkpoint(struct store *s, struct error *e);
int store_wal_autocheckpoint(struct store *s, int pages, struct error *e);

int store_setting_get(struct store *s, const char *key, char *out, size_t cap, struct error *e);
int store_setting_set(struct store *s, const char *key, const char *value, struct error *e);

/* ---- the data hub (exchange/) ---- */

/* The catalogue: one row per resource with the current version's full description (spec,
 * JSON); every version is kept. store_resource_put adds a version when the spec changed:
 * *version gets the version now current and *changed whether it is new. */
int store_resource_put(struct store *s, const char *code, const char *name, const char *provider,
                       const char *spec, int *version, bool *changed, struct error *e);
/* The current spec (caller frees with mem_free) and version; ERR_NOTFOUND when unknown. */
int store_resource_get(struct store *s, const char *code, char **spec, int *version, struct error *e);
struct store_resource_row {
	const char *code, *name, *provider;
	int version;
	int64_t records, batches;
	const char *last_batch_at; /* "" when none */
};
/* Calls cb for each resource in code order; cb returns non-zero to stop. */
int store_resource_each(struct store *s, int (*cb)(void *arg, const struct store_resource_row *r), void *arg,
                        struct error *e);
/* The versions of one resource, oldest first. */
int store_resource_versions(struct store *s, const char *code,
                            int (*cb)(void *arg, int version, const char *imported_at), void *arg,
                            struct error *e);

/* The committed batch of this resource with this file content: its id, or 0. */
int store_batch_done_id(struct store *s, const char *resource, const char *sha256, int64_t *id,
                        struct error *e);

struct store_batch_counts {
	int64_t read, accepted, rejected, inserted, updated, unchanged, closed, facts, unresolved_ids;
};

struct store_fact {
	const char *person, *kind, *period, *value; /* period and value may be NULL */
	bool has_amount;
	int64_t amount_fen;
	uint64_t line;
	int64_t record;
};

/* The store's persisted hashes: tables keep them, so the same bytes give the same value in every
 * version (tests/store pins them). A key's hash covers its resource; a person's is of the ID
 * number. Lookups by hash always compare the key or ID itself, so two equal hashes cost a
 * comparison, never a wrong answer. */
int64_t store_hash(const char *s, size_t n);
int64_t store_key_hash(const char *resource, const char *key);
/* Tests: hashes of 12 bits, so that many keys and persons share one. */
void store_test_weak_hash(bool weak);

/* The statements of one batch, prepared once. Everything below runs inside the caller's
 * transaction (store_begin ... store_commit), so a batch is all or nothing. */
struct store_hub;
int store_hub_open(struct store *s, struct store_hub **out, struct error *e);
void store_hub_close(struct store_hub *h);
/* About how many rows the next batch holds, at most (before store_batch_add; its tables are
 * sized by it). */
void store_hub_expect(struct store_hub *h, uint64_t rows);
int store_batch_add(struct store_hub *h, const char *resource, int version, const char *file,
                    const char *sha256, const char *mode, int64_t *id, struct error *e);
int store_batch_finish(struct store_hub *h, int64_t id, const struct store_batch_counts *c, struct error *e);
int store_reject_add(struct store_hub *h, int64_t batch, uint64_t line, const char *field, const char *reason,
                     struct error *e);
/* The current record of a key: 1 with its id, and *same telling whether it holds exactly data;
 * 0 when there is none. khash is store_key_hash(resource, key), which the caller computes (ingest
 * does so in its reading thread, and asks store_hub_prefetch a few rows ahead, since the batch's
 * tables of keys are larger than the CPU's caches). */
int store_record_current(struct store_hub *h, const char *resource, const char *key, int64_t khash,
                         const char *data, int64_t *id, bool *same, struct error *e);
void store_hub_prefetch(struct store_hub *h, int64_t khash);
/* A new record: its facts as a JSON array of the indexes of its resource version's fact
 * mappings that gave one (NULL when none), its key's hash (store_key_hash) and the hashes
 * (store_hash) of the persons those facts are about. */
struct store_record_new {
	const char *resource, *key, *person, *data, *facts;
	int64_t khash;
	const int64_t *phash;
	size_t npersons;
	uint64_t line;
};
int store_record_add(struct store_hub *h, const struct store_record_new *r, int64_t *id, struct error *e);
/* Tests: how many pairs a batch gathers before writing them (0: the default). */
void store_test_hub_chunk(size_t pairs);
/* Closes a record as of a batch (its facts stop being current with it). */
int store_record_close(struct store_hub *h, int64_t id, int64_t batch, struct error *e);
int store_record_seen(struct store_hub *h, int64_t id, int64_t batch, struct error *e);
/* A full snapshot: closes the resource's current records the batch did not see. */
int store_records_close_unseen(struct store_hub *h, const char *resource, int64_t batch, int64_t *closed,
                               struct error *e);
int store_fact_add(struct store_hub *h, const char *resource, int64_t batch, const struct store_fact *f,
                   struct error *e);

/* Counts for reports and tests: current records of a resource (all when NULL); current facts
 * of a kind (all when NULL). */
int store_count_records(struct store *s, const char *resource, int64_t *n, struct error *e);
int store_count_facts(struct store *s, const char *kind, int64_t *n, struct error *e);

/* Batches, newest first (of one resource, or all when resource is NULL), or one batch (id). */
struct store_batch_row {
	int64_t id;
	const char *resource, *file, *sha256, *mode, *status, *started_at, *finished_at;
	struct store_batch_counts n;
};
int store_batch_each(struct store *s, const char *resource, int64_t id,
                     int (*cb)(void *arg, const struct store_batch_row *b), void *arg, struct error *e);
/* A batch's rejects in line order, at most limit of them. */
int store_reject_each(struct store *s, int64_t batch, long limit,
                      int (*cb)(void *arg, uint64_t line, const char *field, const char *reason), void *arg,
                      struct error *e);

/* The person register (the resource with a "register" fact) and the field of it that holds the
 * household number: configuration the catalogue gives (hub_catalog_import), kept in settings. */
struct hub_register {
	char resource[32];
	char household_field[128]; /* "" when the catalogue names none */
};
/* Inside the caller's transaction: records the register and builds the indexes verification and
 * linkage find households and persons by (on exactly the expressions verify.c queries). */
int store_register_set(struct store *s, const char *resource, const char *household_field, struct error *e);
/* ERR_NOTFOUND, saying what to import, when the catalogue named no register (or, with
 * need_household, no household field). */
int store_register_get(struct store *s, bool need_household, struct hub_register *r, struct error *e);

/* ---- sharing tasks ---- */

struct store_task {
	int64_t id;
	const char *consumer, *resource, *fields, *region_prefix, *since, *schedule, *created_at;
	int64_t acked_cursor;
	int64_t deliveries, delivered, acked_records;
	const char *last_delivery_at; /* "" when none */
};
int store_task_add(struct store *s, const char *consumer, const char *resource, const char *fields,
                   const char *region_prefix, const char *since, int64_t *id, struct error *e);
/* One task (cb called once), or all tasks (id 0) in id order; ERR_NOTFOUND for an unknown id. */
int store_task_each(struct store *s, int64_t id, int (*cb)(void *arg, const struct store_task *t), void *arg,
                    struct error *e);
int store_approval_add(struct store *s, int64_t task, const char *field, const char *by,
                       const char *reference, struct error *e);
/* Is this field of this task approved? */
int store_approval_has(struct store *s, int64_t task, const char *field, bool *yes, struct error *e);
/* Current records after a cursor, in id order: id, data, the batch's finish time. */
int store_records_after(struct store *s, const char *resource, int64_t cursor, const char *since, long limit,
                        int (*cb)(void *arg, int64_t id, const char *data), void *arg, struct error *e);
int store_delivery_add(struct store *s, int64_t task, int64_t from, int64_t to, int64_t records,
                       int64_t bytes, const char *sha256, int64_t *id, struct error *e);
/* A task's deliveries, newest first (at most 500); an unknown task has none. */
struct store_delivery_row {
	int64_t id, from, to, records, bytes;
	const char *sha256, *delivered_at, *acked_at; /* acked_at "" when not acknowledged */
};
int store_delivery_each(struct store *s, int64_t task,
                        int (*cb)(void *arg, const struct store_delivery_row *d), void *arg, struct error *e);
/* Acknowledges a delivery: the task's cursor moves to its end. ERR_NOTFOUND, or ERR_INVAL when
 * it is not the task's next delivery. */
int store_delivery_ack(struct store *s, int64_t task, int64_t delivery, struct error *e);

/* Hub statistics: resources, data items, current records, tasks, deliveries and records
 * delivered on the given day (YYYY-MM-DD, UTC). */
struct store_hub_stats {
	int64_t resources, items, records, record_versions, batches, rejects, facts, tasks, deliveries_today,
	    records_exchanged_today;
};
int store_hub_stats(struct store *s, const char *day, struct store_hub_stats *out, struct error *e);

/* ---- person linkage ---- */

struct store_person {
	int64_t id;
	const char *rkey, *idno;
	bool id_valid;
	const char *name, *sex, *birth, *county; /* "" when unknown */
	int64_t record;
};
struct store_record_row {
	int64_t id;
	const char *rkey, *data;
	int64_t batch;
	uint64_t line;
	const char *person; /* the valid ID number ingest read for its person field, or NULL */
};
/* outcome: auto, review, unlinked, accepted, rejected (exact links are not stored: a valid ID
 * number the register holds is its own link) */
struct store_link_row {
	int64_t record;
	const char *field;
	int64_t person;                        /* 0 when none */
	const char *outcome, *method, *reason; /* method: fellegi-sunter */
	double score;
	int model;
	const char *evidence; /* JSON */
};
struct store_link_view {
	struct store_link_row l;
	const char *resource, *data;
	uint64_t line;
	const char *person_idno, *person_name;
	int64_t batch; /* the batch the record came in */
};
/* The statements of one linkage run, inside the caller's transaction. */
struct store_link;
int store_link_open(struct store *s, struct store_link **out, struct error *e);
void store_link_close(struct store_link *l);
/* Adds or updates a person by the register's key; *id is stable across runs. */
int store_person_put(struct store_link *l, const struct store_person *p, int64_t *id, struct error *e);
int store_link_put(struct store_link *l, const struct store_link_row *r, struct error *e);
/* Takes back the facts a link gave a record (those of the person it was linked to). */
int store_link_facts_delete(struct store_link *l, int64_t record, const char *person, struct error *e);
int store_person_each(struct store *s, int (*cb)(void *arg, const struct store_person *p), void *arg,
                      struct error *e);
/* Current records of a resource in id order (of one batch when batch > 0); a non-zero return of
 * cb stops and is returned. */
int store_records_each(struct store *s, const char *resource, int64_t batch,
                       int (*cb)(void *arg, const struct store_record_row *r), void *arg, struct error *e);
/* The current record a file line became (0 when none). */
int store_record_at_line(struct store *s, const char *resource, uint64_t line, int64_t *id, struct error *e);
/* Forgets every link a run made, and the facts automatic links gave; reviewers' decisions
 * stay. */
int store_links_clear_machine(struct store *s, struct error *e);
/* Links of an outcome ("" for all) or of one record (record > 0), best score first. */
int store_link_each(struct store *s, const char *outcome, int64_t record, long limit,
                    int (*cb)(void *arg, const struct store_link_view *v), void *arg, struct error *e);
int store_link_counts(struct store *s, int (*cb)(void *arg, const char *outcome, int64_t n), void *arg,
                      struct error *e);
/* A reviewer's decision: the link's outcome changes and the decision is added to the log. */
int store_link_decide(struct store *s, int64_t record, const char *field, int64_t person,
                      const char *decision, const char *by, const char *note, struct error *e);
/* The (record, field) pairs a reviewer decided; a non-zero return of cb stops and is returned. */
int store_link_decided_each(struct store *s, int (*cb)(void *arg, int64_t record, const char *field),
                            void *arg, struct error *e);
int store_link_model_add(struct store *s, const char *params, int *version, struct error *e);
/* The newest model's parameters (JSON, free with mem_free) and version; NULL and 0 when none. */
int store_link_model_latest(struct store *s, char **params, int *version, struct error *e);

/* ---- household verification (store/verify.c) ---- */

/* The register's household number of a person (by normalised ID number): 1 found, 0 not. */
int store_household_of(struct store *s, const char *idno, char *out, size_t cap, struct error *e);
/* The current register rows of a household: record id, the normalised ID number (NULL when the
 * row's number is not valid) and the record's data (JSON). */
int store_household_rows(struct store *s, const char *household,
                         int (*cb)(void *arg, int64_t record, const char *person, const char *data),
                         void *arg, struct error *e);
/* Every household number in the register that starts with prefix ("" for all), in order. */
int store_households_each(struct store *s, const char *prefix, int (*cb)(void *arg, const char *household),
                          void *arg, struct error *e);
struct store_fact_row {
	const char *kind, *period;
	bool has_amount;
	int64_t amount_fen;
	const char *value, *resource;
	int64_t batch;
	const char *batch_date;
	int64_t line;
};
/* A person's facts from current records, with the batch each came in. */
int store_person_facts(struct store *s, const char *idno,
                       int (*cb)(void *arg, const struct store_fact_row *f), void *arg, struct error *e);

struct store_auth {
	const char *household, *signed_by, *signed_on, *valid_until, *scope, *document, *recorded_by;
};
struct store_auth_row {
	int64_t id;
	char signed_by[256], signed_on[16], valid_until[16], scope[256], document[256];
};
int store_auth_add(struct store *s, const struct store_auth *a, int64_t *id, struct error *e);
/* The latest authorisation of a household valid on day (YYYY-MM-DD): 1 found, 0 none. */
int store_auth_valid(struct store *s, const char *household, const char *day, struct store_auth_row *out,
                     struct error *e);

struct store_verification {
	const char *household, *day, *month, *decision;
	int64_t benefit_fen, per_capita_fen;
	const char *members; /* counted members' ID numbers, comma-separated */
	const char *signals; /* what the assets and status showed: "death,vehicle,..." */
	const char *report;  /* the JSON report */
	int64_t authorisation;
	const char *operator_name, *purpose;
};
struct store_verification_row {
	int64_t id;
	char day[16], month[8], decision[16];
	int64_t benefit_fen, per_capita_fen;
	char members[1024], signals[256];
};
int store_verification_add(struct store *s, const struct store_verification *v, int64_t *id, struct error *e);
/* The latest stored verification of a household: 1 found, 0 none. */
int store_verification_last(struct store *s, const char *household, struct store_verification_row *out,
                            struct error *e);
/* A household's stored verifications, newest first (at most 100). */
int store_verifications_each(struct store *s, const char *household,
                             int (*cb)(void *arg, const struct store_verification_row *v), void *arg,
                             struct error *e);
/* Households with a registered person of exactly this name, within a household-number prefix
 * (at most 50), with that person's ID number. */
int store_households_by_name(struct store *s, const char *name, const char *prefix,
                             int (*cb)(void *arg, const char *household, const char *person), void *arg,
                             struct error *e);
/* Households by township (9 digits) and the decision of their latest verification, within a
 * household-number prefix: no personal data, counts only. */
int store_dashboard_each(struct store *s, const char *prefix,
                         int (*cb)(void *arg, const char *township, const char *decision, int64_t n),
                         void *arg, struct error *e);
/* Households whose latest verification found them eligible for a scheme. */
int store_beneficiaries_each(struct store *s, const char *prefix, int (*cb)(void *arg, const char *household),
                             void *arg, struct error *e);

struct store_work {
	int64_t run;
	const char *household, *change, *cause;
	int urgency; /* 1 most urgent */
	const char *before_decision, *after_decision;
	int64_t before_benefit_fen, after_benefit_fen;
	const char *detail;
	int64_t verification;
};
int store_recheck_begin(struct store *s, const char *day, const char *region, const char *scope,
                        const char *operator_name, int64_t *run, struct error *e);
int store_recheck_finish(struct store *s, int64_t run, int64_t households, int64_t changes, struct error *e);
int store_worklist_add(struct store *s, const struct store_work *w, struct error *e);
/* A run's worklist (the latest run when run is 0), most urgent first. */
int store_worklist_each(struct store *s, int64_t run, int (*cb)(void *arg, const struct store_work *w),
                        void *arg, struct error *e);

/* ---- accounts and sessions (store/users.c) ---- */

struct store_user {
	const char *name, *display, *role, *region, *pwhash;
};
struct store_user_row {
	int64_t id;
	char name[64], display[128], role[32], region[16], pwhash[160];
	bool disabled;
	int failed;           /* failed logins since the last success or lock */
	int64_t locked_until; /* Unix seconds; 0 when not locked */
};
/* ERR_EXISTS when the name is taken. */
int store_user_add(struct store *s, const struct store_user *u, int64_t *id, struct error *e);
/* 1 found, 0 not. */
int store_user_get(struct store *s, const char *name, struct store_user_row *u, struct error *e);
int store_user_each(struct store *s, int (*cb)(void *arg, const struct store_user_row *u), void *arg,
                    struct error *e);
/* Disabling also ends the user's sessions. ERR_NOTFOUND for an unknown name. */
int store_user_disable(struct store *s, const char *name, bool disabled, struct error *e);
/* Counts a failed login; lock_until > 0 locks the account until then and restarts the count. */
int store_user_login_failed(struct store *s, const char *name, int64_t lock_until, struct error *e);
int store_user_login_ok(struct store *s, const char *name, struct error *e);
int store_session_add(struct store *s, const char *token_hash, int64_t user, const char *csrf, int64_t now,
                      int64_t expires, struct error *e);
/* The user of a live session of an enabled user (pwhash left empty) and its CSRF token: 1, or 0. */
int store_session_get(struct store *s, const char *token_hash, int64_t now, struct store_user_row *u,
                      char *csrf, size_t cap, struct error *e);
int store_session_delete(struct store *s, const char *token_hash, struct error *e);

/* ---- case handling (store/cases.c) ---- */

/* A case: an application and where it stands. Days are YYYY-MM-DD ("" when not set). */
struct store_case {
	int64_t id;
	char scheme[16], kind[24];
	char household[18]; /* the register's household number, "" when there is none */
	char region[13];    /* where the case is handled: village (12) or township (9) code */
	char applicant[19]; /* ID number */
	char name[64];
	char reason[512];
	char cause[32];
	char documents[256]; /* received, comma-separated codes */
	char relative[128];  /* near relative of staff: the relation declared */
	char state[16];
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
struct store_case_event {
	int64_t id, case_id;
	char day[11], at[24], actor[64], role[24], action[24], from[16], to[16];
	char note[1024], staff[128], documents[256], detail[1024];
	int64_t amount_fen; /* -1 when the step has no amount */
};
int store_case_add(struct store *s, const struct store_case *c, int64_t *id, struct error *e);
/* Writes back every field that can change (state and the rest) of a case. */
int store_case_update(struct store *s, const struct store_case *c, struct error *e);
/* 1 found, 0 not. */
int store_case_get(struct store *s, int64_t id, struct store_case *c, struct error *e);
int store_case_event_add(struct store *s, const struct store_case_event *ev, struct error *e);
int store_case_events_each(struct store *s, int64_t id,
                           int (*cb)(void *arg, const struct store_case_event *ev), void *arg,
                           struct error *e);
/* Cases within a region prefix (open ones only when open_only), or of one household when
 * household is not NULL, oldest due first. */
int store_cases_each(struct store *s, const char *prefix, const char *household, bool open_only,
                     int (*cb)(void *arg, const struct store_case *c), void *arg, struct error *e);
/* Temporary aid given to this person for this cause on or after a day: the latest case's id,
 * 0 when none. */
int store_case_temp_since(struct store *s, const char *applicant, const char *cause, const char *since,
                          int64_t *id, struct error *e);

/* The township reserve fund's ledger: every entry carries the balance after it. */
struct store_ledger_row {
	int64_t id, amount_fen, balance_fen, case_id;
	char township[10], day[11], at[24], kind[16], actor[64], note[256];
};
/* The balance after the latest entry (0 when none). */
int store_ledger_balance(struct store *s, const char *township, int64_t *balance, struct error *e);
int store_ledger_add(struct store *s, const struct store_ledger_row *r, struct error *e);
/* Newest first, at most 200 entries. */
int store_ledger_each(struct store *s, const char *township,
                      int (*cb)(void *arg, const struct store_ledger_row *r), void *arg, struct error *e);

/* ---- the audit log's table (store/audit_log.c): rows only; the log is audit/'s ---- */

struct store_log_row {
	int64_t id; /* set by the database on append */
	const char *at, *actor, *action, *subject, *detail, *prev, *hash, *mac;
};
/* The newest row's id and hash (0 and "" when the table is empty). */
int store_log_last(struct store *s, int64_t *id, char hash[65], struct error *e);
int store_log_append(struct store *s, const struct store_log_row *r, struct error *e);
/* The newest `last` rows (all when 0), oldest first; cb's non-zero answer stops the walk (a
 * negative one is returned as the error). Text is valid during the call only. */
int store_log_each(struct store *s, int64_t last, int (*cb)(void *arg, const struct store_log_row *r),
                   void *arg, struct error *e);
/* Row id's hash: 1, 0 when there is no such row, or an error. */
int store_log_hash(struct store *s, int64_t id, char hash[65], struct error *e);

#endif
