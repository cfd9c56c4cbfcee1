/* bulk.c: bulk insert through one prepared INSERT reused for every row, all inside one
 * transaction (the fastest path for SQLite measured in LIBRARIES.md), so a bulk load is all
 * or nothing. A backend with a faster native path (PostgreSQL's COPY) gets its own
 * implementation behind the same calls. */
#include "base/buf.h"
#include "base/mem.h"
#include "store/store_int.h"

struct store_bulk {
	struct store *s;
	struct store_stmt *st;
	int ncols;
	bool own_tx;
};

int store_bulk_begin(struct store *s, const char *table, const char *const *cols, int ncols,
                     struct store_bulk **out, struct error *e)
{
	if (ncols <= 0 || !store_identifier_ok(table))
		return error_set(e, ERR_INVAL, "表名无效：%s", "not a valid table name: %s", table);
	struct buf sql = BUF_INIT(16384);
	int rc = buf_addf(&sql, "INSERT INTO %s (", table);
	for (int i = 0; i < ncols && rc == 0; i++) {
		if (!store_identifier_ok(cols[i])) {
			buf_release(&sql);
			return error_set(e, ERR_INVAL, "列名无效：%s", "not a valid column name: %s",
			                 cols[i]);
		}
		rc = buf_addf(&sql, "%s%s", i ? ", " : "", cols[i]);
	}
	rc = rc ? rc : buf_adds(&sql, ") VALUES (");
	for (int i = 0; i < ncols && rc == 0; i++)
		rc = buf_adds(&sql, i ? ", ?" : "?");
	rc = rc ? rc : buf_adds(&sql, ")");
	if (rc) {
		buf_release(&sql);
		return error_nomem(e);
	}
	struct store_bulk *b = mem_calloc(1, sizeof *b);
	if (!b) {
		buf_release(&sql);
		return error_nomem(e);
	}
	b->s = s;
	b->ncols = ncols;
	rc = store_prepare(s, buf_cstr(&sql), &b->st, e);
	buf_release(&sql);
	if (rc == 0 && !s->in_tx) {
		b->own_tx = true;
		rc = store_begin(s, e);
	}
	if (rc) {
		store_bulk_abort(b);
		return rc;
	}
	*out = b;
	return 0;
}

int store_bulk_row(struct store_bulk *b, const struct store_value *vals, struct error *e)
{
	for (int i = 0; i < b->ncols; i++)
		if (store_bind_value(b->st, i + 1, vals[i]))
			return error_set(e, ERR_STORE, "绑定第 %d 列失败", "binding column %d failed", i + 1);
	int rc = store_step(b->st, e);
	store_reset(b->st);
	return rc < 0 ? rc : 0;
}

int store_bulk_end(struct store_bulk *b, struct error *e)
{
	int rc = 0;
	if (b->own_tx)
		rc = store_commit(b->s, e);
	b->own_tx = rc != 0;
	store_bulk_abort(b);
	return rc;
}

void store_bulk_abort(struct store_bulk *b)
{
	if (!b)
		return;
	if (b->own_tx)
		store_rollback(b->s);
	store_finalize(b->st);
	mem_free(b);
}
