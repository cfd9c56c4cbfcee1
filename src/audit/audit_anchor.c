/* audit_anchor.c: anchors the audit log outside its database, so that whoever can write the
 * database file can neither re-chain the log (edit an entry and recompute the hashes after it)
 * nor cut its newest entries unnoticed. Each entry carries a MAC of its hash under a key kept
 * outside the data folder (keyed BLAKE2b); every second a connection has written entries, and
 * when it closes, it appends a checkpoint (the newest entry's id and hash, with their MAC) to an
 * append-only file outside the database. The key is SAFETYNET_AUDIT_KEY, by default DIR.audit/key
 * beside the data folder DIR; the checkpoints SAFETYNET_AUDIT_CHECKPOINTS, by default
 * DIR.audit/checkpoints (docs/AUDIT.md). */
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/date.h"
#include "base/log.h"
#include "base/mem.h"
#include "audit/audit_int.h"
#include "audit/audit_repo.h"

enum { KEY_BYTES = AUDIT_KEY_BYTES, CP_EVERY_S = 1 };
_Static_assert(AUDIT_KEY_BYTES == crypto_generichash_KEYBYTES, "the key is a BLAKE2b key");

struct audit_anchor {
	char key_path[PATH_MAX], cp_path[PATH_MAX];
	unsigned char key[KEY_BYTES];
	bool loaded;
	int64_t written;   /* entries appended and not yet checkpointed */
	time_t checkpoint; /* when this connection last wrote one */
};

static int io_error(struct error *e, const char *what, const char *path)
{
	return error_set(e, ERR_IO, "审计密钥或检查点文件 %s %s失败：%s",
	                 "the audit key or checkpoint file %s: %s failed: %s", path, what, strerror(errno));
}

/* the anchor's two paths for the data folder dir */
int audit_anchor_paths(const char *dir, char key[PATH_MAX], char cp[PATH_MAX], struct error *e)
{
	const char *k = getenv("SAFETYNET_AUDIT_KEY"), *c = getenv("SAFETYNET_AUDIT_CHECKPOINTS");
	char real[PATH_MAX];
	if (!realpath(dir, real))
		return io_error(e, "realpath", dir);
	int n = k && *k ? snprintf(key, PATH_MAX, "%s", k) : snprintf(key, PATH_MAX, "%s.audit/key", real);
	int m =
	    c && *c ? snprintf(cp, PATH_MAX, "%s", c) : snprintf(cp, PATH_MAX, "%s.audit/checkpoints", real);
	if (n >= PATH_MAX || m >= PATH_MAX)
		return error_set(e, ERR_TOOBIG, "路径过长", "the path is too long");
	return 0;
}

/* the folder a file goes in, made 0700 when missing */
static int parent_dir(const char *path, struct error *e)
{
	char d[PATH_MAX];
	snprintf(d, sizeof d, "%s", path);
	char *slash = strrchr(d, '/');
	if (!slash || slash == d)
		return 0;
	*slash = '\0';
	if (mkdir(d, 0700) && errno != EEXIST)
		return io_error(e, "mkdir", d);
	return 0;
}

/* reads the key: 1, 0 when the file does not exist, or an error */
int audit_key_read(const char *path, unsigned char key[KEY_BYTES], struct error *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : io_error(e, "open", path);
	char hex[2 * KEY_BYTES + 2];
	ssize_t n = read(fd, hex, sizeof hex - 1);
	close(fd);
	size_t len = 0;
	if (n < 2 * KEY_BYTES || sodium_hex2bin(key, KEY_BYTES, hex, 2 * KEY_BYTES, NULL, &len, NULL) ||
	    len != KEY_BYTES)
		return error_set(e, ERR_INVAL, "审计密钥文件 %s 内容有误（应为 64 个十六进制字符）",
		                 "the audit key file %s is malformed (64 hex digits expected)", path);
	return 1;
}

/* a new random key, written 0600 (never over an existing one): 0, 1 when one exists, or an error */
static int key_create(const char *path, unsigned char key[KEY_BYTES], struct error *e)
{
	int rc = parent_dir(path, e);
	if (rc)
		return rc;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? 1 : io_error(e, "create", path);
	char hex[2 * KEY_BYTES + 2];
	randombytes_buf(key, KEY_BYTES);
	sodium_bin2hex(hex, sizeof hex, key, KEY_BYTES);
	size_t n = strlen(hex);
	hex[n++] = '\n';
	bool ok = write(fd, hex, n) == (ssize_t)n && fsync(fd) == 0;
	sodium_memzero(hex, sizeof hex);
	close(fd);
	if (!ok) {
		unlink(path);
		return io_error(e, "write", path);
	}
	return 0;
}

/* the key at path into key, created when missing (*created says so): 0, or an error */
static int key_ensure(const char *path, unsigned char key[KEY_BYTES], bool *created, struct error *e)
{
	*created = false;
	int rc = audit_key_read(path, key, e);
	if (rc)
		return rc < 0 ? rc : 0;
	if ((rc = key_create(path, key, e)) == 0)
		*created = true;
	else if (rc == 1) /* made meanwhile by another process */
		rc = audit_key_read(path, key, e) == 1 ? 0 : ERR_INVAL;
	return rc;
}

int audit_key_ensure(const char *dir, bool *created, char path[PATH_MAX], struct error *e)
{
	char cp[PATH_MAX];
	unsigned char key[KEY_BYTES];
	*created = false;
	int rc = audit_anchor_paths(dir, path, cp, e);
	if (!rc)
		rc = key_ensure(path, key, created, e);
	sodium_memzero(key, sizeof key);
	return rc;
}

void audit_anchor_set(struct audit_conn *c, const char *dir)
{
	struct error e;
	struct audit_anchor *a = mem_calloc(1, sizeof *a);
	if (a && audit_anchor_paths(dir, a->key_path, a->cp_path, &e)) {
		mem_free(a);
		a = NULL;
	}
	if (!a) /* the first entry fails instead, rather than being written unanchored */
		c->anchor_failed = true;
	c->anchor = a; /* checkpoint 0: the first commit writes one at once */
}

/* the key, created on first use (and said so) */
static int anchor_key(struct audit_anchor *a, struct error *e)
{
	bool created;
	if (a->loaded)
		return 0;
	int rc = key_ensure(a->key_path, a->key, &created, e);
	if (rc)
		return rc;
	if (created)
		log_warn("created the audit key %s: keep it outside the data folder and back it up "
		         "(docs/AUDIT.md)",
		         a->key_path);
	a->loaded = true;
	return 0;
}

void audit_mac_hex(const unsigned char key[KEY_BYTES], const char *text, char out[65])
{
	unsigned char m[32];
	crypto_generichash(m, sizeof m, (const unsigned char *)text, strlen(text), key, KEY_BYTES);
	sodium_bin2hex(out, 65, m, sizeof m);
}

int audit_mac(struct store *s, const char *hash, char mac[65], struct error *e)
{
	mac[0] = '\0';
	struct audit_conn *c = NULL;
	int rc = audit_conn_of(s, &c, e);
	if (rc)
		return rc;
	if (c->anchor_failed)
		return error_set(e, ERR_IO, "审计日志的密钥位置无法确定",
		                 "the audit log's key cannot be located");
	if (!c->anchor) /* not a data folder (a database in memory): nothing to anchor to */
		return 0;
	if ((rc = anchor_key(c->anchor, e)))
		return rc;
	audit_mac_hex(c->anchor->key, hash, mac);
	c->anchor->written++;
	return 0;
}

/* "v1 ID HASH AT" and its MAC */
static void checkpoint_line(const unsigned char key[KEY_BYTES], int64_t id, const char *hash, const char *at,
                            char *line, size_t cap)
{
	char body[200], mac[65];
	snprintf(body, sizeof body, "v1 %" PRId64 " %s %s", id, hash, at);
	audit_mac_hex(key, body, mac);
	snprintf(line, cap, "%s %s\n", body, mac);
}

static int checkpoint(struct store *s, struct audit_anchor *a, struct error *e)
{
	int64_t id;
	char hash[65], at[TIMESTAMP_SIZE], line[300];
	int rc = audit_db_last(s, &id, hash, e);
	if (rc || !id)
		return rc;
	date_timestamp_utc(at);
	checkpoint_line(a->key, id, hash, at, line, sizeof line);
	if ((rc = parent_dir(a->cp_path, e)))
		return rc;
	int fd = open(a->cp_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return io_error(e, "open", a->cp_path);
	size_t n = strlen(line);
	bool ok = write(fd, line, n) == (ssize_t)n && fdatasync(fd) == 0;
	close(fd);
	if (!ok)
		return io_error(e, "write", a->cp_path);
	a->written = 0;
	a->checkpoint = time(NULL);
	return 0;
}

int audit_anchor_head(struct store *s, struct error *e)
{
	struct audit_conn *c = NULL;
	int rc = audit_conn_of(s, &c, e);
	if (rc)
		return rc;
	if (!c->anchor || c->anchor_failed)
		return 0; /* not a data folder; or the first entry fails, as it would anyway */
	rc = anchor_key(c->anchor, e);
	return rc ? rc : checkpoint(s, c->anchor, e);
}

void audit_anchor_after_commit(struct store *s, struct audit_conn *c, bool closing)
{
	struct audit_anchor *a = c->anchor;
	if (!a || !a->loaded || !a->written || store_in_transaction(s))
		return;
	if (!closing && time(NULL) - a->checkpoint < CP_EVERY_S)
		return; /* at most one fsync a second for the server's stream of reads */
	struct error e;
	if (checkpoint(s, a, &e))
		log_warn("the audit checkpoint could not be written: %s", e.en);
}

void audit_anchor_free(struct audit_conn *c)
{
	if (c->anchor) {
		sodium_memzero(c->anchor->key, sizeof c->anchor->key);
		mem_free(c->anchor);
	}
	c->anchor = NULL;
}
