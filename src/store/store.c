/* store.c: dispatch from the public store calls to the backend's function table, plus the
 * parts every backend shares (transactions bookkeeping, the hooks of modules above, settings). */
#include "base/hmap.h"
#include "base/mem.h"
#include "store/store_int.h"

int store_exec(struct store *s, const char *sql, struct error *e)
{
	return s->ops->exec(s, sql, e);
}

const char *store_backend(const struct store *s)
{
	return s->ops->name;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->in_tx)
		store_rollback(s);
	for (size_t i = 0; i < s->nhooks; i++)
		if (s->hooks[i].h->close)
			s->hooks[i].h->close(s, s->hooks[i].arg);
	mem_free(s->dir);
	s->ops->close(s);
}

int store_on_commit(struct store *s, const struct store_hooks *h, void *arg, struct error *e)
{
	if (store_hooks_arg(s, h) || s->nhooks == STORE_HOOKS_MAX)
		return error_set(e, ERR_INVAL, "连接上的钩子已存在或过多",
		                 "the store's hooks are there already or too many");
	s->hooks[s->nhooks].h = h;
	s->hooks[s->nhooks++].arg = arg;
	return 0;
}

void *store_hooks_arg(const struct store *s, const struct store_hooks *h)
{
	for (size_t i = 0; i < s->nhooks; i++)
		if (s->hooks[i].h == h)
			return s->hooks[i].arg;
	return NULL;
}

const char *store_dir(const struct store *s)
{
	return s->dir;
}

int store_begin(struct store *s, struct error *e)
{
	if (s->in_tx)
		return error_set(e, ERR_INVAL, "事务已经开始，不能嵌套",
		                 "a transaction is already open; they do not nest");
	int rc = s->ops->begin(s, e);
	if (rc == 0)
		s->in_tx = true;
	return rc;
}

int store_begin_read(struct store *s, struct error *e)
{
	if (s->in_tx)
		return error_set(e, ERR_INVAL, "事务已经开始，不能嵌套",
		                 "a transaction is already open; they do not nest");
	int rc = s->ops->exec(s, "BEGIN", e);
	if (rc == 0)
		s->in_tx = s->read_tx = true;
	return rc;
}

int store_data_version(struct store *s, int64_t *v, struct error *e)
{
	return store_scalar(s, "PRAGMA data_version", NULL, v, e);
}

int store_commit(struct store *s, struct error *e)
{
	if (!s->in_tx)
		return error_set(e, ERR_INVAL, "没有打开的事务", "no transaction is open");
	/* what a module leaves for the transaction (audit/: a batch's entry) commits with it */
	bool wrote = !s->read_tx;
	int rc = 0;
	for (size_t i = 0; wrote && !rc && i < s->nhooks; i++)
		if (s->hooks[i].h->before_commit)
			rc = s->hooks[i].h->before_commit(s, s->hooks[i].arg, e);
	if (rc)
		return rc;
	rc = s->ops->exec(s, "COMMIT", e);
	if (rc == 0) {
		s->in_tx = s->read_tx = false;
		for (size_t i = 0; i < s->nhooks; i++)
			if (s->hooks[i].h->after_commit)
				s->hooks[i].h->after_commit(s, s->hooks[i].arg, wrote);
	}
	return rc;
}

void store_busy_timeout(struct store *s, int ms)
{
	s->ops->busy_timeout(s, ms);
}

int store_wal_checkpoint(struct store *s, struct error *e)
{
	return s->ops->exec(s, "PRAGMA wal_checkpoint(PASSIVE)", e);
}

int store_wal_autocheckpoint(struct store *s, int pages, struct error *e)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA wal_autocheckpoint=%d", pages);
	return s->ops->exec(s, sql, e);
}

int store_rollback(struct store *s)
{
	if (!s->in_tx)
		return 0;
	s->in_tx = s->read_tx = false;
	return s->ops->exec(s, "ROLLBACK", NULL);
}

bool store_in_transaction(const struct store *s)
{
	return s->in_tx;
}

bool store_in_write_transaction(const struct store *s)
{
	return s->in_tx && !s->read_tx;
}

int store_prepare(struct store *s, const char *sql, struct store_stmt **out, struct error *e)
{
	return s->ops->prepare(s, sql, out, e);
}

int store_bind_int64(struct store_stmt *st, int idx, int64_t v)
{
	return st->s->ops->bind_int64(st, idx, v);
}

int store_bind_text(struct store_stmt *st, int idx, const char *str, size_t n)
{
	return st->s->ops->bind_text(st, idx, str, n);
}

int store_bind_text_kept(struct store_stmt *st, int idx, const char *str, size_t n)
{
	return st->s->ops->bind_text_kept(st, idx, str, n);
}

int store_bind_null(struct store_stmt *st, int idx)
{
	return st->s->ops->bind_null(st, idx);
}

int store_bind_value(struct store_stmt *st, int idx, struct store_value v)
{
	switch (v.type) {
	case STORE_INT:
		return store_bind_int64(st, idx, v.i);
	case STORE_TEXT:
		return store_bind_text(st, idx, v.s, v.n);
	case STORE_NULL:
		break;
	}
	return store_bind_null(st, idx);
}

int store_step(struct store_stmt *st, struct error *e)
{
	return st->s->ops->step(st, e);
}

int64_t store_col_int64(struct store_stmt *st, int col)
{
	return st->s->ops->col_int64(st, col);
}

const char *store_col_text(struct store_stmt *st, int col, size_t *n)
{
	return st->s->ops->col_text(st, col, n);
}

bool store_col_is_null(struct store_stmt *st, int col)
{
	return st->s->ops->col_is_null(st, col);
}

int store_reset(struct store_stmt *st)
{
	return st->s->ops->reset(st);
}

void store_finalize(struct store_stmt *st)
{
	if (st)
		st->s->ops->finalize(st);
}

int store_scalar(struct store *s, const char *sql, const char *arg, int64_t *v, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, sql, &st, e);
	if (rc)
		return rc;
	if (arg)
		store_bind_str(st, 1, arg);
	rc = store_step(st, e);
	*v = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

int store_run(struct store_stmt *st, struct error *e)
{
	int rc;
	while ((rc = store_step(st, e)) == STORE_ROW)
		;
	store_reset(st);
	return rc < 0 ? rc : 0;
}

int store_run_id(struct store_stmt *st, int64_t *id, struct error *e)
{
	int rc = store_step(st, e);
	if (rc == STORE_ROW)
		*id = store_col_int64(st, 0);
	store_reset(st);
	return rc < 0 ? rc : 0;
}

void store_col_copy(struct store_stmt *st, int col, char *out, size_t cap)
{
	size_t n;
	const char *t = store_col_text(st, col, &n);
	snprintf(out, cap, "%.*s", (int)n, t ? t : "");
}

void store_bind_str(struct store_stmt *st, int idx, const char *s)
{
	if (s)
		store_bind_text(st, idx, s, strlen(s));
	else
		store_bind_null(st, idx);
}

bool store_identifier_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 63 || (name[0] >= '0' && name[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

int store_setting_get(struct store *s, const char *key, char *out, size_t cap, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s, "SELECT value FROM settings WHERE key = ?", &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, key, strlen(key));
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		store_col_copy(st, 0, out, cap);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = error_set(e, ERR_NOTFOUND, "没有设置项 %s", "no setting %s", key);
	}
	store_finalize(st);
	return rc;
}

int store_setting_set(struct store *s, const char *key, const char *value, struct error *e)
{
	struct store_stmt *st;
	int rc = store_prepare(s,
	                       "INSERT INTO settings (key, value) VALUES (?, ?) "
	                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	                       &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, key, strlen(key));
	store_bind_text(st, 2, value, strlen(value));
	rc = store_step(st, e);
	store_finalize(st);
	return rc < 0 ? rc : 0;
}

static uint64_t hash_mask = UINT64_MAX;

void store_test_weak_hash(bool weak)
{
	hash_mask = weak ? 0xfff : UINT64_MAX;
}

int64_t store_hash(const char *s, size_t n)
{
	return (int64_t)(hash_bytes(s, n) & hash_mask);
}

int64_t store_key_hash(const char *resource, const char *key)
{
	uint64_t r = hash_bytes(resource, strlen(resource));
	return (int64_t)((hash_bytes(key, strlen(key)) ^ ((r << 17) | (r >> 47))) & hash_mask);
}
