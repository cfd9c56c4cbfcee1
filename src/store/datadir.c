/* datadir.c: the data folder: a directory holding safetynet.db (and later exports, rejects
 * and reports). Opening it is the one place that knows the file layout. Nothing in it may be
 * read by the group or others: folders are made 0700 (the process's umask is 077 as well, so
 * files are 0600), and a folder made by an older safetynet or by hand is tightened on open. */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/mem.h"
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
		if (mkdir(path.data, 0700) != 0 && errno != EEXIST) {
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

/* takes the group's and others' bits off path and, for a folder, what it holds (depth levels
 * down: the folder, rejects/ and incoming/ and their files); counts what it changed and what it
 * could not change; symbolic links are left alone */
static void tighten(const char *path, int depth, int *fixed, int *failed)
{
	struct stat st;
	if (lstat(path, &st) || S_ISLNK(st.st_mode))
		return;
	if (st.st_mode & 077) {
		if (chmod(path, st.st_mode & 07700) == 0)
			(*fixed)++;
		else
			(*failed)++;
	}
	if (!S_ISDIR(st.st_mode) || depth <= 0)
		return;
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *de;
	struct buf sub = BUF_INIT(4096);
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		buf_reset(&sub);
		if (!buf_addf(&sub, "%s/%s", path, de->d_name))
			tighten(sub.data, depth - 1, fixed, failed);
	}
	buf_release(&sub);
	closedir(d);
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
	int fixed = 0, failed = 0;
	tighten(dir, 2, &fixed, &failed);
	if (fixed)
		log_warn("the data folder %s had %d files or folders the group or others could read: now "
		         "only their owner can",
		         dir, fixed);
	if (failed)
		log_warn("the data folder %s holds %d files or folders the group or others can read, "
		         "whose modes this user cannot change",
		         dir, failed);
	int rc = store_open_sqlite(path.data, flags, out, e);
	buf_release(&path);
	if (rc)
		return rc;
	/* kept for the modules that put files beside the folder (audit/: its key and checkpoints) */
	char real[PATH_MAX];
	if (!((*out)->dir = mem_strdup(realpath(dir, real) ? real : dir))) {
		store_close(*out);
		*out = NULL;
		return error_nomem(e);
	}
	return 0;
}
