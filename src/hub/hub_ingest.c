/* hub_ingest.c: one batch: a file of one resource, checked row by row against the catalogue, and
 * stored in one transaction: accepted rows become records (upserted by key, with history) and
 * facts; rejected rows are kept with their line, field and reason. The same file twice (by
 * SHA-256 of its bytes) is recognised and changes nothing. A batch reads and checks the file in
 * a thread of its own while the caller's thread stores the rows (ingest_queue.c). */
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/csv.h"
#include "base/idno.h"
#include "base/jsonl.h"
#include "base/jsonw.h"
#include "base/mem.h"
#include "base/money.h"
#include "base/region.h"
#include "base/lang.h"
#include "hub/hub.h"
#include "hub/ingest_queue.h"
#include "hub/hub_repo.h"

static int file_sha256(const char *path, char hex[65], struct error *e)
{
	if (sodium_init() < 0)
		return error_set(e, ERR_INVAL, "无法初始化 libsodium", "libsodium failed to start");
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return error_set(e, ERR_IO, "无法打开 %s：%s", "cannot open %s: %s", path, strerror(errno));
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	static _Thread_local unsigned char chunk[1 << 16];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		crypto_hash_sha256_update(&st, chunk, (unsigned long long)n);
	close(fd);
	if (n < 0)
		return error_set(e, ERR_IO, "读取 %s 失败：%s", "reading %s failed: %s", path,
		                 strerror(errno));
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(hex, 65, digest, sizeof digest);
	return 0;
}

/* one row's fields, normalised */
struct row {
	const char *raw[256];
	size_t rawlen[256];
	struct buf val[256];
	bool id_ok[256];
};

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* the declared date layout of the resource, checked strictly */
static bool date_layout_ok(char style, const char *s, size_t n, bool month)
{
	if (style == '0')
		return n == (month ? 6u : 8u);
	return n == (month ? 7u : 10u) && s[4] == style && (month || s[7] == style);
}

/* Checks and normalises field i; returns 0, or ERR_INVAL with the reason in e. */
static int check_field(const struct hub_resource *r, size_t i, const char *s, size_t n, struct row *row,
                       struct error *e)
{
	const struct hub_field *f = &r->fields[i];
	struct buf *out = &row->val[i];
	buf_reset(out);
	row->id_ok[i] = false;
	trim(&s, &n);
	if (n == 0) {
		if (f->required)
			return error_set(e, ERR_INVAL, "必填字段“%s”为空", "the required field %s is empty",
			                 f->name);
		return 0;
	}
	switch (f->type) {
	case HT_ID: {
		struct idno id;
		if (idno_parse(s, n, 0, &id) == IDNO_OK) {
			row->id_ok[i] = true;
			return buf_adds(out, id.id);
		}
		/* kept for linkage to resolve; the batch counts it */
		return buf_add(out, s, n);
	}
	case HT_REGION:
		if (!region_lookup(s, n))
			return error_set(e, ERR_INVAL, "字段“%s”：%.*s 不是湖南省的区划代码",
			                 "field %s: %.*s is not a Hunan region code", f->name,
			                 (int)(n > 20 ? 20 : n), s);
		return buf_add(out, s, n);
	case HT_DATE: {
		date_t d;
		if (!date_layout_ok(r->date_style, s, n, false) || date_parse(s, n, &d))
			return error_set(e, ERR_INVAL, "字段“%s”：%.*s 不是真实存在的日期",
			                 "field %s: %.*s is not a real date", f->name, (int)(n > 20 ? 20 : n),
			                 s);
		char t[DATE_STR_SIZE];
		date_format(d, t);
		return buf_adds(out, t);
	}
	case HT_MONTH: {
		month_t m;
		char tmp[8];
		if (!date_layout_ok(r->date_style, s, n, true))
			return error_set(e, ERR_INVAL, "字段“%s”：%.*s 不是规定格式的年月",
			                 "field %s: %.*s is not a month in the declared format", f->name,
			                 (int)(n > 20 ? 20 : n), s);
		if (r->date_style == '/') {
			memcpy(tmp, s, 7);
			tmp[4] = '-';
			s = tmp;
		}
		if (month_parse(s, n, &m))
			return error_set(e, ERR_INVAL, "字段“%s”：%.*s 不是真实存在的年月",
			                 "field %s: %.*s is not a real month", f->name,
			                 (int)(n > 20 ? 20 : n), s);
		char t[8];
		month_format(m, t);
		return buf_adds(out, t);
	}
	case HT_MONEY: {
		fen_t v;
		struct error me;
		if (money_parse(s, n, &v, &me))
			return error_set(e, ERR_INVAL, "字段“%s”：%s", "field %s: %s", f->name,
			                 L(me.zh, me.en));
		if (v < 0)
			return error_set(e, ERR_INVAL, "字段“%s”：金额为负数", "field %s: a negative amount",
			                 f->name);
		return buf_addf(out, "%" PRId64, v);
	}
	case HT_INT: {
		char tmp[32], *end;
		if (n >= sizeof tmp)
			return error_set(e, ERR_INVAL, "字段“%s”：数字过长",
			                 "field %s: the number is too long", f->name);
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		errno = 0;
		long long v = strtoll(tmp, &end, 10);
		if (errno || *end)
			return error_set(e, ERR_INVAL, "字段“%s”：%s 不是整数",
			                 "field %s: %s is not a whole number", f->name, tmp);
		return buf_addf(out, "%lld", v);
	}
	default:
		return buf_add(out, s, n);
	}
}

struct ingest {
	struct progress *pg;
	struct hub_db_batch *h;
	const struct hub_resource *r;
	enum hub_mode mode;
	int64_t batch;
	struct hub_db_batch_counts n;
	struct row row;
	struct buf key, data;
	FILE *rejects;
	char reject_path[512];
	const char *datadir;
	int person_field;
	bool check_only;
	struct buf facts;                /* the row's facts, as its record keeps them */
	const char *persons[IQ_PERSONS]; /* the persons they are about */
	size_t npersons, nfacts;
	/* A batch (not a check) reads and checks in a thread of its own, handing the rows to the
	 * caller's thread, which stores them: g->n counts what the reader decides (read, rejected,
	 * unresolved ID numbers), stored what the storer does. */
	struct ingest_queue *q;
	struct iq_block *block; /* the reader's block being filled */
	struct hub_db_batch_counts stored;
};

/* the reader's next item slot, handing full blocks over: NULL once the storer has stopped */
static struct iq_item *next_item(struct ingest *g, struct error *e)
{
	struct iq_item *it = g->block ? hub_iq_next_item(g->block) : NULL;
	if (!it) {
		if (g->block)
			hub_iq_filled(g->q, g->block);
		g->block = hub_iq_fill(g->q);
		it = g->block ? hub_iq_next_item(g->block) : NULL;
	}
	if (!it)
		error_set(e, ERR_INVAL, "批次已停止", "the batch was stopped");
	return it;
}

static int reject(struct ingest *g, uint64_t line, const char *field, const struct error *why,
                  struct error *e)
{
	g->n.rejected++;
	const char *reason = L(why->zh, why->en);
	if (!g->rejects) {
		snprintf(g->reject_path, sizeof g->reject_path, "%s/rejects", g->datadir);
		mkdir(g->reject_path, 0750);
		if (g->check_only)
			snprintf(g->reject_path, sizeof g->reject_path, "%s/rejects/check.tsv", g->datadir);
		else
			snprintf(g->reject_path, sizeof g->reject_path, "%s/rejects/%" PRId64 ".tsv",
			         g->datadir, g->batch);
		g->rejects = fopen(g->reject_path, "w");
		if (g->rejects)
			fputs("line\tfield\treason\n", g->rejects);
	}
	if (g->rejects)
		fprintf(g->rejects, "%" PRIu64 "\t%s\t%s\n", line, field, reason);
	if (g->check_only)
		return 0;
	struct iq_item *it = next_item(g, e);
	if (!it)
		return ERR_INVAL;
	it->kind = IQ_REJECT;
	it->line = line;
	it->str[IQ_FIELD] = hub_iq_add_str(g->block, field, strlen(field));
	it->str[IQ_REASON] = hub_iq_add_str(g->block, reason, strlen(reason));
	return hub_iq_block_failed(g->block) ? error_nomem(e) : 0;
}

/* the row's facts (those of clean ID numbers; linkage resolves the rest later) as its record
 * keeps them: the indexes of the fact mappings that gave one (their values are the record's
 * own fields), and the persons they are about */
static int facts(struct ingest *g, struct error *e)
{
	buf_reset(&g->facts);
	g->npersons = g->nfacts = 0;
	int rc = buf_addch(&g->facts, '[');
	for (size_t k = 0; rc == 0 && k < g->r->nfacts; k++) {
		const struct hub_fact_map *m = &g->r->facts[k];
		if (!g->row.id_ok[m->person])
			continue;
		rc = buf_addf(&g->facts, g->nfacts ? ",%zu" : "%zu", k);
		g->nfacts++;
		const char *who = buf_cstr(&g->row.val[m->person]);
		bool seen = false;
		for (size_t i = 0; i < g->npersons; i++)
			seen = seen || !strcmp(g->persons[i], who);
		if (!seen && g->npersons == ARRAY_SIZE(g->persons))
			return error_set(e, ERR_TOOBIG, "资源 %s 的事实涉及的人员过多",
			                 "resource %s's facts name too many persons", g->r->code);
		if (!seen)
			g->persons[g->npersons++] = who;
	}
	if (rc == 0)
		rc = buf_addch(&g->facts, ']');
	return rc ? error_nomem(e) : 0;
}

/* a checked row: its key and JSON (and, for a batch, its facts, handed to the storer) */
static int accept(struct ingest *g, uint64_t line, struct error *e)
{
	const struct hub_resource *r = g->r;
	buf_reset(&g->key);
	for (size_t k = 0; k < r->nkeys; k++) {
		if (k)
			buf_addch(&g->key, '\x1f');
		buf_add(&g->key, g->row.val[r->keys[k]].data ? g->row.val[r->keys[k]].data : "",
		        g->row.val[r->keys[k]].len);
	}
	buf_reset(&g->data);
	struct jsonw w;
	jsonw_init(&w, &g->data);
	jsonw_obj_begin(&w);
	for (size_t i = 0; i < r->nfields; i++) {
		jsonw_key(&w, r->fields[i].name);
		jsonw_strn(&w, buf_cstr(&g->row.val[i]), g->row.val[i].len);
	}
	jsonw_obj_end(&w);
	if (jsonw_finish(&w) || g->key.len == 0)
		return error_nomem(e);
	for (size_t i = 0; i < r->nfields; i++)
		if (r->fields[i].type == HT_ID && g->row.val[i].len && !g->row.id_ok[i]) {
			g->n.unresolved_ids++;
			break;
		}
	if (g->check_only) {
		g->n.accepted++;
		return 0;
	}
	const char *person = g->person_field >= 0 && g->row.id_ok[g->person_field]
	                         ? buf_cstr(&g->row.val[g->person_field])
	                         : NULL;
	int rc = facts(g, e);
	struct iq_item *it = rc ? NULL : next_item(g, e);
	if (!it)
		return rc ? rc : ERR_INVAL;
	struct iq_block *bl = g->block;
	it->kind = IQ_ACCEPT;
	it->line = line;
	it->nfacts = (uint16_t)g->nfacts;
	it->npersons = (uint8_t)g->npersons;
	it->str[IQ_KEY] = hub_iq_add_str(bl, g->key.data, g->key.len);
	it->str[IQ_DATA] = hub_iq_add_str(bl, g->data.data, g->data.len);
	it->str[IQ_FACTS] = g->npersons ? hub_iq_add_str(bl, g->facts.data, g->facts.len) : IQ_NONE;
	it->str[IQ_PERSON] = person ? hub_iq_add_str(bl, person, strlen(person)) : IQ_NONE;
	/* the hashes here, where there is time to spare: the storing thread is the slower */
	it->khash = store_key_hash(r->code, g->key.data);
	for (size_t i = 0; i < g->npersons; i++)
		it->phash[i] = store_hash(g->persons[i], strlen(g->persons[i]));
	return hub_iq_block_failed(bl) ? error_nomem(e) : 0;
}

/* the storer's side of an accepted row: upsert by key, with history, and its facts */
static int store_accepted(struct ingest *g, const struct iq_block *b, const struct iq_item *it,
                          struct error *e)
{
	const char *key = hub_iq_str(b, it->str[IQ_KEY]), *data = hub_iq_str(b, it->str[IQ_DATA]);
	int64_t id;
	bool same = false;
	int found = hub_db_record_current(g->h, g->r->code, key, it->khash, data, &id, &same, e);
	if (found < 0)
		return found;
	g->stored.accepted++;
	if (found && same) {
		g->stored.unchanged++;
		return hub_db_record_seen(g->h, id, g->batch, e);
	}
	int rc = 0;
	if (found) {
		g->stored.updated++;
		rc = hub_db_record_close(g->h, id, g->batch, e);
	} else {
		g->stored.inserted++;
	}
	if (rc)
		return rc;
	struct hub_db_record_new rec = {
		.resource = g->r->code,
		.key = key,
		.person = hub_iq_str(b, it->str[IQ_PERSON]),
		.data = data,
		.facts = hub_iq_str(b, it->str[IQ_FACTS]),
		.khash = it->khash,
		.phash = it->phash,
		.npersons = it->npersons,
		.line = it->line,
	};
	g->stored.facts += it->nfacts;
	return hub_db_record_add(g->h, &rec, &id, e);
}

/* the storer: every block the reader hands over, in order, asking for the places a row's key
 * is looked up at a few rows ahead */
enum { PREFETCH_AHEAD = 8 };
static int store_rows(struct ingest *g, struct error *e)
{
	struct iq_block *b;
	int rc = 0;
	while (rc == 0 && (b = hub_iq_take(g->q))) {
		for (size_t i = 0; rc == 0 && i < b->n; i++) {
			const struct iq_item *it = &b->items[i];
			if (i + PREFETCH_AHEAD < b->n)
				hub_db_batch_prefetch(g->h, b->items[i + PREFETCH_AHEAD].khash);
			if (it->kind == IQ_REJECT)
				rc = hub_db_reject_add(g->h, g->batch, it->line,
				                       hub_iq_str(b, it->str[IQ_FIELD]),
				                       hub_iq_str(b, it->str[IQ_REASON]), e);
			else
				rc = store_accepted(g, b, it, e);
		}
		hub_iq_taken(g->q, b);
	}
	return rc;
}

static long fail_after_rows = -1;

void hub_test_fail_after(long rows)
{
	fail_after_rows = rows;
}

static int check_row(struct ingest *g, uint64_t line, struct error *e)
{
	if (fail_after_rows >= 0 && g->n.read > fail_after_rows)
		return error_set(e, ERR_IO, "测试注入的故障", "a fault injected by a test");
	for (size_t i = 0; i < g->r->nfields; i++) {
		struct error why;
		int rc = check_field(g->r, i, g->row.raw[i], g->row.rawlen[i], &g->row, &why);
		if (rc == ERR_NOMEM || rc == ERR_TOOBIG)
			return error_nomem(e);
		if (rc)
			return reject(g, line, g->r->fields[i].name, &why, e);
	}
	/* a record needs something to be known by */
	bool keyed = false;
	for (size_t k = 0; k < g->r->nkeys; k++)
		keyed |= g->row.val[g->r->keys[k]].len > 0;
	if (!keyed) {
		struct error why;
		const char *name = g->r->fields[g->r->keys[0]].name;
		error_set(&why, ERR_INVAL, "主键字段“%s”为空", "the key field %s is empty", name);
		return reject(g, line, name, &why, e);
	}
	return accept(g, line, e);
}

static int header_matches(const struct hub_resource *r, const struct csv_row *row, struct error *e)
{
	bool ok = row->n == r->nfields;
	for (size_t i = 0; ok && i < r->nfields; i++) {
		const char *h = row->f[i].p;
		if (i == 0 && !strncmp(h, "\xEF\xBB\xBF", 3))
			h += 3;
		ok = !strcmp(h, r->fields[i].name);
	}
	if (ok)
		return 0;
	struct buf want = BUF_INIT(2048), got = BUF_INIT(2048);
	for (size_t i = 0; i < r->nfields; i++)
		buf_addf(&want, "%s%s", i ? "," : "", r->fields[i].name);
	for (size_t i = 0; i < row->n; i++)
		buf_addf(&got, "%s%s", i ? "," : "", row->f[i].p);
	error_set(
	    e, ERR_INVAL, "文件表头与资源 %s 不符（是否为其他资源的文件？）：应为 %s，实为 %s",
	    "the file's header does not match resource %s (a file of another resource?): expected %s, found %s",
	    r->code, buf_cstr(&want), buf_cstr(&got));
	buf_release(&want);
	buf_release(&got);
	return ERR_INVAL;
}

static int read_csv(struct ingest *g, int fd, struct error *e)
{
	/* the header is read with any number of fields, so a file of another resource is named
	 * as such; the rows after it must have the resource's */
	struct csv_options opt = { .encoding = g->r->gb18030 ? CSV_ENC_GB18030 : CSV_ENC_UTF8 };
	struct csv_reader cr;
	struct csv_row row;
	int rc = csv_open_fd(&cr, fd, &opt, e);
	if (rc == 0) {
		rc = csv_next(&cr, &row, e);
		if (rc == CSV_END)
			rc =
			    error_set(e, ERR_INVAL, "文件为空，没有表头", "the file is empty: no header row");
		else if (rc == CSV_REJECT)
			rc = error_set(e, ERR_INVAL, "表头无法读取：%s", "the header row cannot be read: %s",
			               L(e->zh, e->en));
		else if (rc == CSV_ROW)
			rc = header_matches(g->r, &row, e);
		cr.opt.expect_fields = (long)g->r->nfields;
	}
	while (rc == 0) {
		int st = csv_next(&cr, &row, e);
		if (st == CSV_END)
			break;
		if (st < 0) {
			rc = st;
			break;
		}
		if ((++g->n.read & 4095) == 0)
			progress_set(g->pg, (uint64_t)g->n.read);
		if (st == CSV_REJECT) {
			rc = reject(g, row.line, "", e, e);
			continue;
		}
		for (size_t i = 0; i < g->r->nfields; i++) {
			g->row.raw[i] = row.f[i].p;
			g->row.rawlen[i] = row.f[i].n;
		}
		rc = check_row(g, row.line, e);
	}
	csv_close(&cr);
	return rc;
}

static int read_jsonl(struct ingest *g, int fd, struct error *e)
{
	struct jsonl_reader jr;
	struct json_object *o;
	uint64_t line;
	int rc = jsonl_open_fd(&jr, fd, 0, e);
	bool first = true;
	while (rc == 0) {
		int st = jsonl_next(&jr, &o, &line, e);
		if (st == JSONL_END)
			break;
		if (st < 0) {
			rc = st;
			break;
		}
		if ((++g->n.read & 4095) == 0)
			progress_set(g->pg, (uint64_t)g->n.read);
		if (st == JSONL_REJECT) {
			rc = reject(g, line, "", e, e);
			continue;
		}
		size_t known = 0;
		const char *nul_field = NULL;
		for (size_t i = 0; i < g->r->nfields; i++) {
			struct json_object *v;
			bool has = json_object_object_get_ex(o, g->r->fields[i].name, &v) && v;
			known += has;
			g->row.raw[i] = has ? json_object_get_string(v) : "";
			g->row.rawlen[i] = strlen(g->row.raw[i]);
			/* a \u0000 inside a string would cut the value short: refuse the row */
			if (has && json_object_is_type(v, json_type_string) &&
			    (size_t)json_object_get_string_len(v) != g->row.rawlen[i])
				nul_field = g->r->fields[i].name;
		}
		if (first && known == 0) {
			rc = error_set(e, ERR_INVAL,
			               "第 %" PRIu64 " 行没有资源 %s 的任何字段（是否为其他资源的文件？）",
			               "line %" PRIu64
			               " has none of the fields of resource %s (a file of another resource?)",
			               line, g->r->code);
			break;
		}
		first = false;
		if (nul_field) {
			struct error why;
			error_set(&why, ERR_ENCODING, "字段“%s”含有空字符（NUL）",
			          "field %s contains a NUL character", nul_field);
			rc = reject(g, line, nul_field, &why, e);
			continue;
		}
		rc = check_row(g, line, e);
	}
	jsonl_close(&jr);
	return rc;
}

struct reader {
	struct ingest *g;
	int fd, lang;
};

static void *read_rows(void *arg)
{
	struct reader *rd = arg;
	struct ingest *g = rd->g;
	lang_set_thread(rd->lang);
	struct error e;
	int rc = g->r->jsonl ? read_jsonl(g, rd->fd, &e) : read_csv(g, rd->fd, &e);
	if (rc == 0 && g->block)
		hub_iq_filled(g->q, g->block); /* the last, part-filled block */
	g->block = NULL;
	hub_iq_finish(g->q, rc, &e);
	return NULL;
}

/* The file read and checked in a thread of its own while this one stores the rows, then the
 * counts of both together. */
static int read_and_store(struct ingest *g, int fd, struct error *e)
{
	struct reader rd = { g, fd, (int)lang_current() };
	pthread_t t;
	int rc = hub_iq_open(&g->q, e);
	if (rc)
		return rc;
	if (pthread_create(&t, NULL, read_rows, &rd)) {
		hub_iq_close(g->q);
		g->q = NULL;
		return error_set(e, ERR_NOMEM, "无法启动读取线程", "cannot start the reading thread");
	}
	rc = store_rows(g, e);
	if (rc)
		hub_iq_stop(g->q);
	pthread_join(t, NULL);
	struct error re;
	int read_rc = hub_iq_result(g->q, &re);
	if (rc == 0 && read_rc) {
		rc = read_rc;
		*e = re;
	}
	hub_iq_close(g->q);
	g->q = NULL;
	g->n.accepted = g->stored.accepted;
	g->n.inserted = g->stored.inserted;
	g->n.updated = g->stored.updated;
	g->n.unchanged = g->stored.unchanged;
	g->n.facts = g->stored.facts;
	return rc;
}

int hub_ingest(struct store *s, const char *datadir, const char *resource, const char *path,
               enum hub_mode mode, struct hub_batch_report *rep, struct error *e)
{
	return hub_ingest_counted(s, datadir, resource, path, mode, NULL, rep, e);
}

int hub_ingest_counted(struct store *s, const char *datadir, const char *resource, const char *path,
                       enum hub_mode mode, struct progress *pg, struct hub_batch_report *rep, struct error *e)
{
	memset(rep, 0, sizeof *rep);
	struct hub_resource *r = NULL;
	int version, rc;
	char sha[65];
	if ((rc = hub_resource_load(s, resource, &r, &version, e)))
		return rc;
	if (r->nfields > ARRAY_SIZE(((struct row *)0)->raw)) {
		hub_resource_free(r);
		return error_set(e, ERR_TOOBIG, "资源 %s 的字段过多", "resource %s has too many fields",
		                 resource);
	}
	if ((rc = file_sha256(path, sha, e)) ||
	    (mode != HUB_CHECK && (rc = hub_db_batch_done_id(s, resource, sha, &rep->batch, e)))) {
		hub_resource_free(r);
		return rc;
	}
	if (rep->batch) {
		rep->duplicate = true;
		hub_resource_free(r);
		return 0;
	}
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		hub_resource_free(r);
		return error_set(e, ERR_IO, "无法打开 %s：%s", "cannot open %s: %s", path, strerror(errno));
	}
	struct ingest *g = mem_calloc(1, sizeof *g);
	if (!g) {
		close(fd);
		hub_resource_free(r);
		return error_nomem(e);
	}
	g->r = r;
	g->pg = pg;
	progress_begin(pg, "行", "rows", 0);
	g->mode = mode;
	g->datadir = datadir;
	g->person_field = r->nfacts ? r->facts[0].person : -1;
	for (size_t i = 0; g->person_field < 0 && i < r->nfields; i++)
		if (r->fields[i].type == HT_ID)
			g->person_field = (int)i;
	for (size_t i = 0; i < r->nfields; i++)
		buf_init(&g->row.val[i], (size_t)1 << 20);
	buf_init(&g->key, (size_t)1 << 20);
	buf_init(&g->data, (size_t)16 << 20);
	buf_init(&g->facts, (size_t)16 << 20);
	g->check_only = mode == HUB_CHECK;
	if (g->check_only) {
		rc = r->jsonl ? read_jsonl(g, fd, e) : read_csv(g, fd, e);
	} else {
		rc = store_begin(s, e);
		if (rc == 0)
			rc = hub_db_batch_open(s, &g->h, e);
		/* no row is shorter than 16 bytes (an ID number alone is 18) */
		struct stat sb;
		if (rc == 0 && fstat(fd, &sb) == 0)
			hub_db_batch_expect(g->h, (uint64_t)sb.st_size / 16 + 16);
		if (rc == 0)
			rc = hub_db_batch_add(g->h, resource, version, path, sha,
			                      mode == HUB_FULL ? "full" : "incremental", &g->batch, e);
		if (rc == 0)
			rc = read_and_store(g, fd, e);
		if (rc == 0 && mode == HUB_FULL)
			rc = hub_db_records_close_unseen(g->h, resource, g->batch, &g->n.closed, e);
		if (rc == 0)
			rc = hub_db_batch_finish(g->h, g->batch, &g->n, e);
		hub_db_batch_close(g->h);
		if (rc == 0)
			rc = store_commit(s, e);
		else
			store_rollback(s);
	}
	close(fd);
	progress_end(pg);
	if (g->rejects) {
		fclose(g->rejects);
		if (rc && !g->check_only)
			unlink(g->reject_path); /* the batch is gone, and so is its reject file */
	}
	if (rc == 0) {
		rep->batch = g->batch;
		rep->n = g->n;
		if (g->rejects)
			snprintf(rep->reject_file, sizeof rep->reject_file, "%s", g->reject_path);
	}
	for (size_t i = 0; i < r->nfields; i++)
		buf_release(&g->row.val[i]);
	buf_release(&g->key);
	buf_release(&g->data);
	buf_release(&g->facts);
	mem_free(g);
	hub_resource_free(r);
	return rc;
}
