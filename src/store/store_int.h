/* store_int.h: what the store's own files share: the backend function table and the common
 * head of every store and statement. Nothing outside store/ includes this. */
#ifndef SAFETYNET_STORE_INT_H
#define SAFETYNET_STORE_INT_H

#include "store/store.h"

struct store_ops {
	const char *name;
	void (*close)(struct store *s);
	int (*exec)(struct store *s, const char *sql, struct error *e);
	int (*begin)(struct store *s, struct error *e);
	int (*prepare)(struct store *s, const char *sql, struct store_stmt **out, struct error *e);
	int (*bind_int64)(struct store_stmt *st, int idx, int64_t v);
	int (*bind_text)(struct store_stmt *st, int idx, const char *s, size_t n);
	int (*bind_text_kept)(struct store_stmt *st, int idx, const char *s, size_t n);
	int (*bind_null)(struct store_stmt *st, int idx);
	int (*step)(struct store_stmt *st, struct error *e);
	int64_t (*col_int64)(struct store_stmt *st, int col);
	const char *(*col_text)(struct store_stmt *st, int col, size_t *n);
	bool (*col_is_null)(struct store_stmt *st, int col);
	int (*reset)(struct store_stmt *st);
	void (*finalize)(struct store_stmt *st);
	void (*busy_timeout)(struct store *s, int ms);
};

/* The head of every backend's store (its first member). */
enum { STORE_HOOKS_MAX = 4 };
struct store {
	const struct store_ops *ops;
	bool in_tx;
	bool read_tx; /* the open transaction was begun for reading (store_begin_read) */
	char *dir;    /* the data folder it was opened from (store_open_dir), or NULL */
	struct {
		const struct store_hooks *h;
		void *arg;
	} hooks[STORE_HOOKS_MAX]; /* what modules above keep on it (store_on_commit) */
	size_t nhooks;
};

/* The head of every backend's statement. */
struct store_stmt {
	struct store *s;
};

extern const struct store_ops store_sqlite_ops;

#endif
