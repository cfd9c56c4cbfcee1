/* audit_spill.c: where the server's audit entries wait while another process (a command ingesting
 * a batch, a linkage run) holds the database's write lock. The entries are appended to a file in
 * the data folder and made durable (fdatasync) before the requests they belong to are answered,
 * and chained into the audit log, in their order, by the next batch the writer commits. The file
 * starts with a random generation; the transaction that chains it records "generation length"
 * (settings key audit_spill), so if the process dies between that commit and the file's
 * truncation, the entries are not chained twice. A record cut short by a crash belongs to a
 * request that was never answered and is left out. Records: a 4-byte length, then time, actor,
 * action, subject and detail, each NUL-terminated. */
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "audit/audit_int.h"

enum { GEN_HEX = 32, HEADER = 8 + GEN_HEX + 1 }; /* "SNAUDIT1" + generation + '\n' */

static const char MAGIC[8] = { 'S', 'N', 'A', 'U', 'D', 'I', 'T', '1' };

static int io_error(struct error *e, const char *what, const char *path)
{
	return error_set(e, ERR_IO, "审计暂存文件 %s %s失败：%s", "the audit spill file %s: %s failed: %s",
	                 path, what, strerror(errno));
}

int audit_spill_open(struct audit_spill *sp, const char *dir, struct error *e)
{
	memset(sp, 0, sizeof *sp);
	sp->fd = -1;
	snprintf(sp->path, sizeof sp->path, "%s/audit-spill", dir);
	sp->fd = open(sp->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (sp->fd < 0)
		return io_error(e, "open", sp->path);
	char head[HEADER];
	ssize_t n = pread(sp->fd, head, sizeof head, 0);
	struct stat st;
	if (fstat(sp->fd, &st))
		return io_error(e, "stat", sp->path);
	if (n == (ssize_t)sizeof head && !memcmp(head, MAGIC, sizeof MAGIC) && head[HEADER - 1] == '\n') {
		memcpy(sp->gen, head + sizeof MAGIC, GEN_HEX);
		sp->gen[GEN_HEX] = '\0';
		sp->size = (int64_t)st.st_size;
	} else if (st.st_size > 0 && ftruncate(sp->fd, 0)) { /* a header cut short: nothing was answered */
		return io_error(e, "truncate", sp->path);
	}
	return 0;
}

void audit_spill_close(struct audit_spill *sp)
{
	if (sp->fd >= 0)
		close(sp->fd);
	sp->fd = -1;
}

bool audit_spill_pending(const struct audit_spill *sp)
{
	return sp->fd >= 0 && sp->size > HEADER;
}

int audit_spill_append(struct audit_spill *sp, const char *const *at, char *const *text, size_t n,
                       struct error *e)
{
	struct buf b = BUF_INIT((size_t)1 << 30);
	int rc = 0;
	if (!sp->gen[0]) {
		unsigned char r[GEN_HEX / 2];
		randombytes_buf(r, sizeof r);
		sodium_bin2hex(sp->gen, sizeof sp->gen, r, sizeof r);
		rc = buf_add(&b, MAGIC, sizeof MAGIC) || buf_add(&b, sp->gen, GEN_HEX) || buf_addch(&b, '\n');
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t len = strlen(at[i]) + 1, tl = 0;
		for (int k = 0; k < 4; k++)
			tl += strlen(text[i] + tl) + 1;
		uint32_t total = (uint32_t)(len + tl);
		rc = buf_add(&b, &total, sizeof total) || buf_add(&b, at[i], len) || buf_add(&b, text[i], tl);
	}
	if (rc) {
		buf_release(&b);
		return error_nomem(e);
	}
	size_t want = b.len;
	ssize_t w = pwrite(sp->fd, b.data, want, (off_t)sp->size);
	buf_release(&b);
	if (w != (ssize_t)want || fdatasync(sp->fd)) {
		/* what was written past the old end is not counted; the next append overwrites it */
		return io_error(e, "write", sp->path);
	}
	sp->size += (int64_t)w;
	return 0;
}

int audit_spill_drain(struct audit_spill *sp, struct store *w, char prev[65], size_t max, bool *all,
                      struct error *e)
{
	char done[80], want[80];
	*all = false;
	int rc = store_setting_get(w, "audit_spill", done, sizeof done, e);
	if (rc == ERR_NOTFOUND) {
		done[0] = '\0';
		rc = 0;
	}
	if (rc)
		return rc;
	/* chained already up to some length of this generation's file (a crash before truncation,
	 * or an earlier part taken)? */
	int64_t from = HEADER;
	size_t gl = strlen(sp->gen);
	if (!strncmp(done, sp->gen, gl) && done[gl] == ' ')
		from = strtoll(done + gl + 1, NULL, 10);
	int64_t left = sp->size - from;
	int64_t len = left > (int64_t)max ? (int64_t)max : left;
	char *data = len > 0 ? malloc((size_t)len) : NULL;
	if (len > 0 && !data)
		return error_nomem(e);
	if (len > 0 && pread(sp->fd, data, (size_t)len, (off_t)from) != (ssize_t)len) {
		free(data);
		return io_error(e, "read", sp->path);
	}
	int64_t off = 0;
	bool torn = false;
	while (rc == 0 && len - off >= 4) {
		uint32_t total;
		memcpy(&total, data + off, sizeof total);
		if (total < 5 || (int64_t)total > left - off - 4) {
			torn = true; /* cut short by a crash: never answered */
			break;
		}
		if ((int64_t)total > len - off - 4)
			break; /* whole, but past this part: the next part takes it */
		const char *p = data + off + 4, *end = p + total;
		const char *f[5];
		int k = 0;
		for (; k < 5 && p && p < end; k++) {
			f[k] = p;
			p = memchr(p, '\0', (size_t)(end - p));
			p = p ? p + 1 : NULL;
		}
		if (k < 5 || p != end) { /* not five strings that fill the record: not ours, or damaged */
			torn = true;
			break;
		}
		rc = audit_chain(w, prev, f[0], f[1], f[2], f[3], f[4], e);
		off += 4 + (int64_t)total;
	}
	free(data);
	*all = torn || (left - off < 4 && left == len) || off == left;
	snprintf(want, sizeof want, "%s %" PRId64, sp->gen, *all ? sp->size : from + off);
	return rc ? rc : store_setting_set(w, "audit_spill", want, e);
}

void audit_spill_truncate(struct audit_spill *sp)
{
	/* after the commit that chained it; should this fail, the setting keeps it from being
	 * chained twice, and the next append continues the same generation */
	if (ftruncate(sp->fd, 0) == 0 && fdatasync(sp->fd) == 0) {
		sp->size = 0;
		sp->gen[0] = '\0';
	}
}

bool audit_spill_waiting(const char *dir)
{
	char path[600];
	struct stat st;
	snprintf(path, sizeof path, "%s/audit-spill", dir);
	return stat(path, &st) == 0 && st.st_size > HEADER;
}
