/* audit_verify.c: proves a data folder's audit log whole: the hash chain (an entry edited or
 * removed), each entry's MAC under the key outside the folder (the log re-chained by someone
 * without the key), and the checkpoints in the file outside the database (the newest entries
 * cut, or the log rebuilt below a checkpoint). Entries written before the key existed carry no
 * MAC and are reported as unanchored. */
#include <sodium.h>
#include <sys/stat.h>

#include "base/mem.h"
#include "audit/audit_int.h"
#include "audit/audit_repo.h"

struct walk {
	const unsigned char *key;
	struct audit_report *r;
	char prev[65];
};

/* one entry: its place in the chain and its MAC; 1 at the first fault */
static int walk_one(void *arg, const struct audit_db_row *lr)
{
	struct walk *w = arg;
	struct audit_report *r = w->r;
	char want[65], mac[65];
	audit_entry_hash(w->prev, lr->at, lr->actor, lr->action, lr->subject, lr->detail, want);
	r->entries++;
	r->last = lr->id;
	enum audit_fault fault = AUDIT_FAULT_NONE;
	if (strcmp(lr->prev, w->prev) || strcmp(lr->hash, want)) {
		fault = AUDIT_FAULT_CHAIN;
	} else if (!lr->mac[0]) {
		if (r->anchored_from)
			fault = AUDIT_FAULT_UNANCHORED;
		r->unanchored++;
	} else {
		if (!r->anchored_from)
			r->anchored_from = lr->id;
		if (w->key) {
			audit_mac_hex(w->key, lr->hash, mac);
			if (sodium_memcmp(mac, lr->mac, 64) || strlen(lr->mac) != 64)
				fault = AUDIT_FAULT_MAC;
		}
	}
	if (fault) {
		r->fault = fault;
		r->entry = lr->id;
		return 1;
	}
	snprintf(w->prev, sizeof w->prev, "%s", lr->hash);
	return 0;
}

/* the chain and the MACs, entry by entry, up to the first fault */
static int walk(struct store *s, const unsigned char *key, struct audit_report *r, struct error *e)
{
	struct walk w = { key, r, "" };
	return audit_db_each(s, 0, walk_one, &w, e);
}

/* one line "v1 ID HASH AT MAC" of the checkpoint file (line number n) */
static int checkpoint(struct store *s, const unsigned char *key, char *line, int64_t n,
                      struct audit_report *r, struct error *e)
{
	char *mac = strrchr(line, ' '), hash[65], at[24];
	long long id = 0;
	int used = 0;
	if (!mac || sscanf(line, "v1 %lld %64s %23s%n", &id, hash, at, &used) != 3 || line + used != mac ||
	    id <= 0) {
		r->fault = AUDIT_FAULT_FORGED;
		r->line = n;
		return 0;
	}
	*mac++ = '\0';
	char want[65];
	audit_mac_hex(key, line, want);
	if (strlen(mac) != 64 || sodium_memcmp(want, mac, 64)) {
		r->fault = AUDIT_FAULT_FORGED;
		r->line = n;
		return 0;
	}
	r->checkpoints++;
	if (id >= r->checkpoint_entry) {
		r->checkpoint_entry = id;
		snprintf(r->checkpoint_at, sizeof r->checkpoint_at, "%s", at);
	}
	char have[65];
	int rc = audit_db_hash(s, id, have, e);
	if (rc < 0)
		return rc;
	if (rc == 0 && id > r->last) { /* cut: keep the checkpoint that recorded the most */
		if (r->fault != AUDIT_FAULT_CUT || id > r->entry) {
			r->fault = AUDIT_FAULT_CUT;
			r->entry = id;
			snprintf(r->cut_at, sizeof r->cut_at, "%s", at);
		}
	} else if (r->fault != AUDIT_FAULT_CUT && (rc == 0 || strcmp(have, hash))) {
		if (r->fault != AUDIT_FAULT_DIVERGED || id < r->entry) {
			r->fault = AUDIT_FAULT_DIVERGED;
			r->entry = id;
		}
	}
	return 0;
}

/* the checkpoint file's lines, read up to its length when verification began */
static int checkpoints(struct store *s, const unsigned char *key, const char *path, off_t size,
                       struct audit_report *r, struct error *e)
{
	FILE *f = size > 0 ? fopen(path, "r") : NULL;
	if (!f)
		return 0;
	char line[400];
	int64_t n = 0;
	off_t done = 0;
	int rc = 0;
	while (!rc && r->fault != AUDIT_FAULT_FORGED && done < size && fgets(line, sizeof line, f)) {
		done += (off_t)strlen(line);
		n++;
		if (done > size)
			break; /* written after we began */
		line[strcspn(line, "\n")] = '\0';
		rc = checkpoint(s, key, line, n, r, e);
	}
	fclose(f);
	return rc;
}

int audit_verify(struct store *s, const char *dir, struct audit_report *r, struct error *e)
{
	memset(r, 0, sizeof *r);
	unsigned char key[AUDIT_KEY_BYTES];
	int rc = audit_anchor_paths(dir, r->key_path, r->checkpoint_path, e);
	int have = rc ? rc : audit_key_read(r->key_path, key, e);
	if (have < 0)
		return have;
	/* the checkpoint file's length first: every line in it then is of entries committed before
	 * the read transaction below begins */
	struct stat st;
	off_t size = stat(r->checkpoint_path, &st) == 0 ? st.st_size : 0;
	if ((rc = store_begin_read(s, e)))
		return rc;
	rc = walk(s, have ? key : NULL, r, e);
	if (!rc && !r->fault && (r->anchored_from || size > 0) && !have) {
		r->fault = AUDIT_FAULT_NO_KEY;
	} else if (!rc && !r->fault && have) {
		rc = checkpoints(s, key, r->checkpoint_path, size, r, e);
	}
	store_rollback(s);
	sodium_memzero(key, sizeof key);
	return rc;
}
