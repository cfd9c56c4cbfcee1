/* audit_repo.h: the audit log's table, rows only (audit_repo.c); the chain, its MACs and its
 * writers are the rest of audit/. */
#ifndef SAFETYNET_AUDIT_REPO_H
#define SAFETYNET_AUDIT_REPO_H

#include "store/store.h"

struct audit_db_row {
	int64_t id; /* set by the database on append */
	const char *at, *actor, *action, *subject, *detail, *prev, *hash, *mac;
};
/* The newest row's id and hash (0 and "" when the table is empty). */
int audit_db_last(struct store *s, int64_t *id, char hash[65], struct error *e);
int audit_db_append(struct store *s, const struct audit_db_row *r, struct error *e);
/* The newest `last` rows (all when 0), oldest first; cb's non-zero answer stops the walk (a
 * negative one is returned as the error). Text is valid during the call only. */
int audit_db_each(struct store *s, int64_t last, int (*cb)(void *arg, const struct audit_db_row *r),
                  void *arg, struct error *e);
/* Row id's hash: 1, 0 when there is no such row, or an error. */
int audit_db_hash(struct store *s, int64_t id, char hash[65], struct error *e);

#endif
