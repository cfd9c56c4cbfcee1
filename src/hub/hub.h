/* hub.h: the data-sharing hub: the catalogue of data resources (DOMAIN.md §9) and the
 * ingest of department files into batches, records with history, and facts about persons.
 * A batch is atomic (all accepted rows commit, or none), idempotent (the same file twice
 * changes nothing) and every rejected row is kept with its line, field and reason. */
#ifndef SAFETYNET_HUB_H
#define SAFETYNET_HUB_H

#include "base/progress.h"
#include "base/common.h"
#include "base/error.h"
#include "store/store.h"
#include "hub/hub_repo.h"

enum hub_type { HT_TEXT, HT_ID, HT_NAME, HT_CODE, HT_REGION, HT_DATE, HT_MONTH, HT_MONEY, HT_INT };

struct hub_field {
	char *name;
	enum hub_type type;
	bool required;
	char *share; /* 无条件 / 有条件 / 不予共享 */
};

struct hub_fact_map {
	char *kind;
	int person, period, amount, value; /* field indices, -1 when absent */
};

struct hub_resource {
	char *code, *name, *provider, *provider_code, *format, *encoding, *sharing_type, *update_cycle;
	char date_style; /* '-', '/', '0' */
	bool jsonl, gb18030;
	struct hub_field *fields;
	size_t nfields;
	int *keys; /* field indices of the key */
	size_t nkeys;
	struct hub_fact_map *facts;
	size_t nfacts;
	int household_field; /* the register's field holding the household number (户号), or -1 */
};

/* Parses one resource description (a catalogue entry, JSON). 0 or ERR_INVAL naming what is
 * wrong; free with hub_resource_free. */
int hub_resource_parse(const char *json, struct hub_resource **out, struct error *e);
void hub_resource_free(struct hub_resource *r);
/* The current description of a resource from the store; ERR_NOTFOUND when unknown. */
int hub_resource_load(struct store *s, const char *code, struct hub_resource **out, int *version,
                      struct error *e);

struct hub_import_report {
	long resources, added, changed, unchanged;
};
/* Parses a catalogue's text ({"resources": [...]}) into its resources, every entry checked (the
 * first bad one is named by its number). Free with hub_catalog_free. */
int hub_catalog_parse(const char *text, struct hub_resource ***out, size_t *n, struct error *e);
void hub_catalog_free(struct hub_resource **r, size_t n);
/* Imports a catalogue file ({"resources": [...]}) in one transaction: every entry is checked
 * first, and a bad one leaves the catalogue as it was. Changed resources get a new version. */
int hub_catalog_import(struct store *s, const char *path, struct hub_import_report *rep, struct error *e);

/* HUB_CHECK reads and checks a file against the catalogue without storing anything: its
 * rejects go to DIR/rejects/check.tsv. */
enum hub_mode { HUB_INCREMENTAL, HUB_FULL, HUB_CHECK };

struct hub_batch_report {
	int64_t batch;  /* the batch id (of the earlier batch when duplicate) */
	bool duplicate; /* the same file was ingested before: nothing changed */
	struct hub_db_batch_counts n;
	char reject_file[512]; /* where the rejects were written, "" when none */
};

/* Ingests a file for a resource into the data folder's store. Rejected rows go to the batch
 * record and to DIR/rejects/BATCH.tsv. Incremental: upsert by key, keeping history; full: the
 * same, and records the file no longer holds are closed. */
int hub_ingest(struct store *s, const char *datadir, const char *resource, const char *path,
               enum hub_mode mode, struct hub_batch_report *rep, struct error *e);
/* The same, with the rows read so far reported to pg (a command's progress line). */
int hub_ingest_counted(struct store *s, const char *datadir, const char *resource, const char *path,
                       enum hub_mode mode, struct progress *pg, struct hub_batch_report *rep,
                       struct error *e);

/* Derives the facts a stored record gives about the person of its ID field index `field`, with
 * `person` (the ID number linkage found) standing for what the record wrote. Adds to *added. */
int hub_record_facts(struct hub_db_batch *h, const struct hub_resource *r, int64_t batch, int64_t record,
                     uint64_t line, const char *data, int field, const char *person, int64_t *added,
                     struct error *e);

/* Test hook: ingest fails with ERR_IO when it reaches row `rows` + 1 (-1 turns it off), to prove
 * that a batch failing half-way leaves nothing behind. */
void hub_test_fail_after(long rows);

/* ---- sharing tasks ---- */

/* Subscribes a consumer to fields of a resource ("a,b,c", or "*" for every field that may be
 * shared). Unconditional fields flow at once; conditional ones wait for an approval; a field
 * marked 不予共享 is refused. region_prefix and since ("YYYY-MM-DD") may be "". *pending gets
 * how many fields wait for approval. */
int hub_share_add(struct store *s, const char *consumer, const char *resource, const char *fields,
                  const char *region_prefix, const char *since, int64_t *task, int *pending, struct error *e);
/* Records the approval of one conditional field of a task (who, and the document). */
int hub_share_approve(struct store *s, int64_t task, const char *field, const char *by, const char *reference,
                      struct error *e);

struct hub_delivery {
	int64_t id, from, to, records, bytes;
	char sha256[65];
};
/* Delivers up to `limit` current records after the task's acknowledged cursor, as JSON lines
 * holding only the fields the consumer may receive now, to out; logs the delivery (count,
 * bytes, checksum). Until it is acknowledged, pulling again delivers the same records again. */
int hub_share_pull(struct store *s, int64_t task, long limit, FILE *out, struct hub_delivery *d,
                   struct error *e);
int hub_share_ack(struct store *s, int64_t task, int64_t delivery, struct error *e);

/* The fields a task may deliver now, comma-separated into out (for reports and tests). */
int hub_share_fields_now(struct store *s, int64_t task, char *out, size_t cap, struct error *e);

#endif
