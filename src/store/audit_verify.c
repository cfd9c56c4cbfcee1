/* audit_verify.c: proves a data folder's audit log whole: the hash chain (an entry edited or
 * removed), each entry's MAC under the key outside the folder (the log re-chained by someone
 * without the key), and the checkpoints in the file outside the database (the newest entries
 * cut, or the log rebuilt below a checkpoint). Entries written before the key existed carry no
 * MAC and are reported as unanchored. */
#include <sodium.h>
#include <sys/stat.h>

#include "base/mem.h"
#include "store/store_int.h"

/* the chain and the MACs, entry by entry, up to the first fault */
static int walk(struct store *s, const unsigned char *key, struct store_audit_report *r, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(
	    s, "SELECT id, at, actor, action, subject, detail, prev, hash, mac FROM audit_log ORDER BY id",
	    &st, e);
	if (rc)
		return rc;
	char prev[65] = "";
	while ((rc = store_step(st, e)) == STORE_ROW) {
		const char *f[9];
		for (int i = 1; i < 9; i++)
			f[i] = store_col_text(st, i, NULL);
		int64_t id = store_col_int64(st, 0);
		char want[65], mac[65];
		store_audit_entry_hash(prev, f[1], f[2], f[3], f[4], f[5], want);
		r->entries++;
		r->last = id;
		enum store_audit_fault fault = SAF_NONE;
		if (strcmp(f[6], prev) || strcmp(f[7], want)) {
			fault = SAF_CHAIN;
		} else if (!f[8][0]) {
			if (r->anchored_from)
				fault = SAF_UNANCHORED;
			r->unanchored++;
		} else {
			if (!r->anchored_from)
				r->anchored_from = id;
			if (key) {
				store_audit_mac_hex(key, f[7], mac);
				if (sodium_memcmp(mac, f[8], 64) || strlen(f[8]) != 64)
					fault = SAF_MAC;
			}
		}
		if (fault) {
			r->fault = fault;
			r->entry = id;
			break;
		}
		snprintf(prev, sizeof prev, "%s", f[7]);
	}
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

/* the hash of entry id into hash: 1, 0 when there is none, or an error */
static int entry_at(struct store *s, int64_t id, char hash[65], struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "SELECT hash FROM audit_log WHERE id = ?", &st, e);
	if (rc)
		return rc;
	store_bind_int64(st, 1, id);
	if ((rc = store_step(st, e)) == STORE_ROW)
		store_col_copy(st, 0, hash, 65);
	store_finalize(st);
	return rc;
}

/* one line "v1 ID HASH AT MAC" of the checkpoint file (line number n) */
static int checkpoint(struct store *s, const unsigned char *key, char *line, int64_t n,
                      struct store_audit_report *r, struct error *e)
{
	char *mac = strrchr(line, ' '), hash[65], at[24];
	long long id = 0;
	int used = 0;
	if (!mac || sscanf(line, "v1 %lld %64s %23s%n", &id, hash, at, &used) != 3 || line + used != mac ||
	    id <= 0) {
		r->fault = SAF_FORGED;
		r->line = n;
		return 0;
	}
	*mac++ = '\0';
	char want[65];
	store_audit_mac_hex(key, line, want);
	if (strlen(mac) != 64 || sodium_memcmp(want, mac, 64)) {
		r->fault = SAF_FORGED;
		r->line = n;
		return 0;
	}
	r->checkpoints++;
	if (id >= r->checkpoint_entry) {
		r->checkpoint_entry = id;
		snprintf(r->checkpoint_at, sizeof r->checkpoint_at, "%s", at);
	}
	char have[65];
	int rc = entry_at(s, id, have, e);
	if (rc < 0)
		return rc;
	if (rc == 0 && id > r->last) { /* cut: keep the checkpoint that recorded the most */
		if (r->fault != SAF_CUT || id > r->entry) {
			r->fault = SAF_CUT;
			r->entry = id;
			snprintf(r->cut_at, sizeof r->cut_at, "%s", at);
		}
	} else if (r->fault != SAF_CUT && (rc == 0 || strcmp(have, hash))) {
		if (r->fault != SAF_DIVERGED || id < r->entry) {
			r->fault = SAF_DIVERGED;
			r->entry = id;
		}
	}
	return 0;
}

/* the checkpoint file's lines, read up to its length when verification began */
static int checkpoints(struct store *s, const unsigned char *key, const char *path, off_t size,
                       struct store_audit_report *r, struct error *e)
{
	FILE *f = size > 0 ? fopen(path, "r") : NULL;
	if (!f)
		return 0;
	char line[400];
	int64_t n = 0;
	off_t done = 0;
	int rc = 0;
	while (!rc && r->fault != SAF_FORGED && done < size && fgets(line, sizeof line, f)) {
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

int store_audit_verify(struct store *s, const char *dir, struct store_audit_report *r, struct error *e)
{
	memset(r, 0, sizeof *r);
	unsigned char key[STORE_AUDIT_KEY_BYTES];
	int rc = store_audit_anchor_paths(dir, r->key_path, r->checkpoint_path, e);
	int have = rc ? rc : store_audit_key_read(r->key_path, key, e);
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
		r->fault = SAF_NO_KEY;
	} else if (!rc && !r->fault && have) {
		rc = checkpoints(s, key, r->checkpoint_path, size, r, e);
	}
	store_rollback(s);
	sodium_memzero(key, sizeof key);
	return rc;
}
