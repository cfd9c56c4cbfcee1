/* hub_repo.h: the data hub's repository: the catalogue, batches, records, facts and rejects, and the
 * sharing tasks, their approvals and deliveries (hub_repo.c, hub_index.c, share_repo.c). */
#ifndef SAFETYNET_HUB_REPO_H
#define SAFETYNET_HUB_REPO_H

#include "store/store.h"

/* The catalogue: one row per resource with the current version's full description (spec,
 * JSON); every version is kept. hub_db_resource_put adds a version when the spec changed:
 * *version gets the version now current and *changed whether it is new. */
int hub_db_resource_put(struct store *s, const char *code, const char *name, const char *provider,
                        const char *spec, int *version, bool *changed, struct error *e);
/* The current spec (caller frees with mem_free) and version; ERR_NOTFOUND when unknown. */
int hub_db_resource_get(struct store *s, const char *code, char **spec, int *version, struct error *e);
struct hub_db_resource_row {
	const char *code, *name, *provider;
	int version;
	int64_t records, batches;
	const char *last_batch_at; /* "" when none */
};
/* Calls cb for each resource in code order; cb returns non-zero to stop. */
int hub_db_resource_each(struct store *s, int (*cb)(void *arg, const struct hub_db_resource_row *r),
                         void *arg, struct error *e);
/* The versions of one resource, oldest first. */
int hub_db_resource_versions(struct store *s, const char *code,
                             int (*cb)(void *arg, int version, const char *imported_at), void *arg,
                             struct error *e);

/* The committed batch of this resource with this file content: its id, or 0. */
int hub_db_batch_done_id(struct store *s, const char *resource, const char *sha256, int64_t *id,
                         struct error *e);

struct hub_db_batch_counts {
	int64_t read, accepted, rejected, inserted, updated, unchanged, closed, facts, unresolved_ids;
};

struct hub_db_fact {
	const char *person, *kind, *period, *value; /* period and value may be NULL */
	bool has_amount;
	int64_t amount_fen;
	uint64_t line;
	int64_t record;
};

/* The statements of one batch, prepared once. Everything below runs inside the caller's
 * transaction (store_begin ... store_commit), so a batch is all or nothing. */
struct hub_db_batch;
int hub_db_batch_open(struct store *s, struct hub_db_batch **out, struct error *e);
void hub_db_batch_close(struct hub_db_batch *h);
/* About how many rows the next batch holds, at most (before hub_db_batch_add; its tables are
 * sized by it). */
void hub_db_batch_expect(struct hub_db_batch *h, uint64_t rows);
int hub_db_batch_add(struct hub_db_batch *h, const char *resource, int version, const char *file,
                     const char *sha256, const char *mode, int64_t *id, struct error *e);
int hub_db_batch_finish(struct hub_db_batch *h, int64_t id, const struct hub_db_batch_counts *c,
                        struct error *e);
int hub_db_reject_add(struct hub_db_batch *h, int64_t batch, uint64_t line, const char *field,
                      const char *reason, struct error *e);
/* The current record of a key: 1 with its id, and *same telling whether it holds exactly data;
 * 0 when there is none. khash is store_key_hash(resource, key), which the caller computes (ingest
 * does so in its reading thread, and asks hub_db_batch_prefetch a few rows ahead, since the batch's
 * tables of keys are larger than the CPU's caches). */
int hub_db_record_current(struct hub_db_batch *h, const char *resource, const char *key, int64_t khash,
                          const char *data, int64_t *id, bool *same, struct error *e);
void hub_db_batch_prefetch(struct hub_db_batch *h, int64_t khash);
/* A new record: its facts as a JSON array of the indexes of its resource version's fact
 * mappings that gave one (NULL when none), its key's hash (store_key_hash) and the hashes
 * (store_hash) of the persons those facts are about. */
struct hub_db_record_new {
	const char *resource, *key, *person, *data, *facts;
	int64_t khash;
	const int64_t *phash;
	size_t npersons;
	uint64_t line;
};
int hub_db_record_add(struct hub_db_batch *h, const struct hub_db_record_new *r, int64_t *id,
                      struct error *e);
/* Tests: how many pairs a batch gathers before writing them (0: the default). */
void hub_db_test_chunk(size_t pairs);
/* Closes a record as of a batch (its facts stop being current with it). */
int hub_db_record_close(struct hub_db_batch *h, int64_t id, int64_t batch, struct error *e);
int hub_db_record_seen(struct hub_db_batch *h, int64_t id, int64_t batch, struct error *e);
/* A full snapshot: closes the resource's current records the batch did not see. */
int hub_db_records_close_unseen(struct hub_db_batch *h, const char *resource, int64_t batch, int64_t *closed,
                                struct error *e);
int hub_db_fact_add(struct hub_db_batch *h, const char *resource, int64_t batch, const struct hub_db_fact *f,
                    struct error *e);

/* Counts for reports and tests: current records of a resource (all when NULL); current facts
 * of a kind (all when NULL). */
int hub_db_count_records(struct store *s, const char *resource, int64_t *n, struct error *e);
int hub_db_count_facts(struct store *s, const char *kind, int64_t *n, struct error *e);

/* Batches, newest first (of one resource, or all when resource is NULL), or one batch (id). */
struct hub_db_batch_row {
	int64_t id;
	const char *resource, *file, *sha256, *mode, *status, *started_at, *finished_at;
	struct hub_db_batch_counts n;
};
int hub_db_batch_each(struct store *s, const char *resource, int64_t id,
                      int (*cb)(void *arg, const struct hub_db_batch_row *b), void *arg, struct error *e);
/* A batch's rejects in line order, at most limit of them. */
int hub_db_reject_each(struct store *s, int64_t batch, long limit,
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
int hub_db_register_set(struct store *s, const char *resource, const char *household_field, struct error *e);
/* ERR_NOTFOUND, saying what to import, when the catalogue named no register (or, with
 * need_household, no household field). */
int hub_db_register_get(struct store *s, bool need_household, struct hub_register *r, struct error *e);
/* The region whose hub this is, into out: the digits every resource code of the catalogue
 * begins with (43GA001, 43MZ002: the province 43), configuration the catalogue gives. "" when
 * the catalogue is empty or its codes share no leading digits: the hub's gate then lets no one in. */
int hub_db_region(struct store *s, char out[16], struct error *e);
/* Prepares a query over the register named by the catalogue: in fmt, %1$s is the household
 * number's expression, %2$s the condition that a record is a current register row (both exactly
 * as the indexes hub_db_register_set builds) and %3$s the register's resource code. The errors
 * of hub_db_register_get (with need_household) when none is named. */
int hub_db_register_prepare(struct store *s, const char *fmt, struct store_stmt **st, struct error *e);

struct hub_db_task {
	int64_t id;
	const char *consumer, *resource, *fields, *region_prefix, *since, *schedule, *created_at;
	int64_t acked_cursor;
	int64_t deliveries, delivered, acked_records;
	const char *last_delivery_at; /* "" when none */
};
int hub_db_task_add(struct store *s, const char *consumer, const char *resource, const char *fields,
                    const char *region_prefix, const char *since, int64_t *id, struct error *e);
/* One task (cb called once), or all tasks (id 0) in id order; ERR_NOTFOUND for an unknown id. */
int hub_db_task_each(struct store *s, int64_t id, int (*cb)(void *arg, const struct hub_db_task *t),
                     void *arg, struct error *e);
int hub_db_approval_add(struct store *s, int64_t task, const char *field, const char *by,
                        const char *reference, struct error *e);
/* Is this field of this task approved? */
int hub_db_approval_has(struct store *s, int64_t task, const char *field, bool *yes, struct error *e);
/* Current records after a cursor, in id order: id, data, the batch's finish time. */
int hub_db_records_after(struct store *s, const char *resource, int64_t cursor, const char *since, long limit,
                         int (*cb)(void *arg, int64_t id, const char *data), void *arg, struct error *e);
int hub_db_delivery_add(struct store *s, int64_t task, int64_t from, int64_t to, int64_t records,
                        int64_t bytes, const char *sha256, int64_t *id, struct error *e);
/* A task's deliveries, newest first (at most 500); an unknown task has none. */
struct hub_db_delivery_row {
	int64_t id, from, to, records, bytes;
	const char *sha256, *delivered_at, *acked_at; /* acked_at "" when not acknowledged */
};
int hub_db_delivery_each(struct store *s, int64_t task,
                         int (*cb)(void *arg, const struct hub_db_delivery_row *d), void *arg,
                         struct error *e);
/* A delivery of a task as it stands: its cursor range, whether it was acknowledged, and the
 * task's cursor. 1 found, 0 not. */
struct hub_db_delivery_state {
	int64_t from, to, cursor;
	bool acked;
};
int hub_db_delivery_get(struct store *s, int64_t task, int64_t delivery, struct hub_db_delivery_state *d,
                        struct error *e);
/* Inside the caller's transaction: the delivery is acknowledged at `at` and the task's cursor is to. */
int hub_db_delivery_acked(struct store *s, int64_t task, int64_t delivery, int64_t to, const char *at,
                          struct error *e);

/* Hub statistics: resources, data items, current records, tasks, deliveries and records
 * delivered on the given day (YYYY-MM-DD, UTC). */
struct hub_db_stats {
	int64_t resources, items, records, record_versions, batches, rejects, facts, tasks, deliveries_today,
	    records_exchanged_today;
};
int hub_db_stats(struct store *s, const char *day, struct hub_db_stats *out, struct error *e);

/* The id ranges of a resource's batches (hub.c): a batch's records take one run of ids. */
struct hub_db_range {
	int64_t batch, first, last;
};
struct hub_db_ranges {
	struct hub_db_range *v;
	size_t n, cap;
};
int hub_db_resource_ranges(struct store *s, const char *resource, const char *since,
                           struct hub_db_ranges *out, struct error *e);
void hub_db_ranges_release(struct hub_db_ranges *r);

#endif
