/* datadir.c: the data folder: a directory holding safetynet.db (and later exports, rejects
 * and reports). Opening it is the one place that knows the file layout. */
#include <sys/stat.h>

#include "base/buf.h"
#include "store/store_int.h"

#define DB_FILE "safetynet.db"

static int make_dirs(const char *dir, struct error *e)
{
	struct buf path = BUF_INIT(4096);
	if (buf_adds(&path, dir)) {
		buf_release(&path);
		return error_set(e, ERR_TOOBIG, "路径过长", "the path is too long");
	}
	for (size_t i = 1; i <= path.len; i++) {
		if (i < path.len && path.data[i] != '/')
			continue;
		char saved = path.data[i];
		path.data[i] = '\0';
		if (mkdir(path.data, 0750) != 0 && errno != EEXIST) {
			int err = errno;
			error_set(e, ERR_IO, "无法创建目录 %s：%s", "cannot create the folder %s: %s",
			          path.data, strerror(err));
			buf_release(&path);
			return ERR_IO;
		}
		path.data[i] = saved;
	}
	buf_release(&path);
	return 0;
}

int store_open_dir(const char *dir, int flags, struct store **out, struct error *e)
{
	struct stat st;
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
		return error_set(e, ERR_INVAL, "%s 不是目录", "%s is not a folder", dir);
	if (flags & STORE_OPEN_CREATE) {
		int rc = make_dirs(dir, e);
		if (rc)
			return rc;
	}
	struct buf path = BUF_INIT(4096);
	if (buf_addf(&path, "%s/%s", dir, DB_FILE)) {
		buf_release(&path);
		return error_set(e, ERR_TOOBIG, "路径过长", "the path is too long");
	}
	if (!(flags & STORE_OPEN_CREATE) && stat(path.data, &st) != 0) {
		error_set(e, ERR_NOTFOUND, "%s 不是已初始化的数据目录，请先运行 safetynet init %s",
		          "%s is not an initialised data folder: run 'safetynet init %s' first", dir, dir);
		buf_release(&path);
		return ERR_NOTFOUND;
	}
	int rc = store_open_sqlite(path.data, flags, out, e);
	buf_release(&path);
	if (rc == 0) /* its audit log is anchored outside the folder (audit_anchor.c) */
		store_audit_anchor_set(*out, dir);
	return rc;
}
