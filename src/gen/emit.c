/* emit.c: writing one row of a resource file (CSV or JSON lines) field by field, in the
 * resource's declared order, and injecting at most one fault per row at the noise rate: a
 * wrong ID number, a name variant, a duplicated row, or a malformed row. Each fault is listed
 * for truth/noise.tsv; ID numbers themselves are placed by the writer (patches). */
#include "gen/gen_int.h"

static struct buf *out(struct gen_row *w)
{
	return &w->b->files[w->file];
}

void gen_put_int(struct buf *o, int64_t v)
{
	char tmp[24];
	int n = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[n++] = '-';
	if (buf_grow(o, (size_t)n))
		return;
	while (n > 0)
		o->data[o->len++] = tmp[--n];
	o->data[o->len] = '\0';
}

/* n digits of v, zero-padded */
static void put_digits(struct buf *o, int v, int n)
{
	char tmp[8];
	for (int i = n - 1; i >= 0; i--, v /= 10)
		tmp[i] = (char)('0' + v % 10);
	buf_add(o, tmp, (size_t)n);
}

void gen_fault(struct gen_block *b, uint16_t file, uint32_t row, int32_t person, const char *kind,
               const char *detail)
{
	struct gen_fault f = { file, row, person, kind, { 0 } };
	snprintf(f.detail, sizeof f.detail, "%s", detail);
	if (vec_push(&b->faults, f))
		b->err = ERR_NOMEM;
}

static void fault(struct gen_row *w, const char *kind, const char *detail)
{
	gen_fault(w->b, w->file, w->b->rows[w->file], w->person, kind, detail);
}

/* the row's true owner, line for line in truth/records/CODE.tsv: the person's key (block and
 * number in it, as in truth/persons.tsv) */
static void owner_line(struct gen_block *b, uint16_t file, int32_t person)
{
	uint16_t f = (uint16_t)GEN_FILE_RECORDS(file);
	struct buf *o = &b->files[f];
	gen_put_int(o, b->index);
	buf_addch(o, '.');
	gen_put_int(o, person);
	buf_addch(o, '\n');
	b->rows[f]++;
}

void gen_row_begin(struct gen_row *w, struct gen_block *b, const struct gen_ctx *c, uint16_t file,
                   int32_t person, int32_t hh)
{
	w->b = b;
	w->c = c;
	w->file = file;
	w->res = &gen_resources[file];
	w->field = 0;
	w->person = person;
	w->hh = hh;
	w->row_start = b->files[file].len;
	w->patches_start = b->patches.len;
	w->fault = RF_NONE;
	if (c->opt.noise > 0 && rng_chance(&b->rng, c->opt.noise)) {
		static const double weights[] = { 0, 0.40, 0.20, 0.15, 0.25 };
		w->fault = (uint8_t)rng_weighted(&b->rng, weights, ARRAY_SIZE(weights));
	}
	owner_line(b, file, person);
	if (w->res->format == FMT_JSONL)
		buf_addch(out(w), '{');
}

/* the separator and, for JSON, the key of the next field */
static void next_field(struct gen_row *w)
{
	struct buf *o = out(w);
	if (w->res->format == FMT_JSONL)
		buf_addf(o, "%s\"%s\":", w->field ? "," : "", w->res->fields[w->field].name);
	else if (w->field)
		buf_addch(o, ',');
	w->field++;
}

static void put_text(struct gen_row *w, const char *s)
{
	struct buf *o = out(w);
	bool json = w->res->format == FMT_JSONL;
	bool quote = json || strpbrk(s, ",\"\n\r");
	if (!quote) {
		buf_adds(o, s);
		return;
	}
	buf_addch(o, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_adds(o, json ? "\\\"" : "\"\"");
		else if (json && *p == '\\')
			buf_adds(o, "\\\\");
		else
			buf_addch(o, *p);
	}
	buf_addch(o, '"');
}

void gen_row_id(struct gen_row *w, int32_t person)
{
	next_field(w);
	struct gen_patch p = { 0, person, w->file, IDV_PLAIN, 0, 0, w->b->rows[w->file] };
	if (w->fault == RF_ID) {
		static const double weights[] = { 0, 0.35, 0.25, 0.15, 0.10, 0.15 };
		p.variant = (uint8_t)rng_weighted(&w->b->rng, weights, ARRAY_SIZE(weights));
		p.a = (uint8_t)rng_below(&w->b->rng, 17);
		p.b = (uint8_t)rng_below(&w->b->rng, 9) + 1;
		w->fault = RF_NONE;
	}
	bool json = w->res->format == FMT_JSONL;
	if (json)
		buf_addch(out(w), '"');
	p.offset = out(w)->len;
	if (vec_push(&w->b->patches, p))
		w->b->err = ERR_NOMEM;
	if (json)
		buf_addch(out(w), '"');
}

void gen_row_text(struct gen_row *w, const char *s)
{
	next_field(w);
	put_text(w, s);
}

void gen_row_name(struct gen_row *w, const char *name)
{
	next_field(w);
	if (w->fault == RF_NAME) {
		char variant[64];
		const char *kind = gen_name_variant(&w->b->rng, name, variant);
		fault(w, kind, name);
		w->fault = RF_NONE;
		put_text(w, variant);
		return;
	}
	put_text(w, name);
}

void gen_row_int(struct gen_row *w, int64_t v)
{
	next_field(w);
	gen_put_int(out(w), v);
}

void gen_row_money(struct gen_row *w, int64_t fen)
{
	next_field(w);
	if (w->fault == RF_MALFORMED && fen > 0) {
		fault(w, "negative-amount", w->res->fields[w->field - 1].name);
		w->fault = RF_NONE;
		fen = -fen;
	}
	struct buf *o = out(w);
	uint64_t u = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	if (fen < 0)
		buf_addch(o, '-');
	gen_put_int(o, (int64_t)(u / 100));
	buf_addch(o, '.');
	put_digits(o, (int)(u % 100), 2);
}

static void put_ymd(struct gen_row *w, int y, int m, int d, bool with_day)
{
	char sep = w->res->date_style == '0' ? 0 : w->res->date_style;
	bool json = w->res->format == FMT_JSONL;
	struct buf *o = out(w);
	if (json)
		buf_addch(o, '"');
	put_digits(o, y, 4);
	if (sep)
		buf_addch(o, sep);
	put_digits(o, m, 2);
	if (with_day) {
		if (sep)
			buf_addch(o, sep);
		put_digits(o, d, 2);
	}
	if (json)
		buf_addch(o, '"');
}

void gen_row_date(struct gen_row *w, date_t d)
{
	next_field(w);
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	if (w->fault == RF_MALFORMED) {
		fault(w, "impossible-date", w->res->fields[w->field - 1].name);
		w->fault = RF_NONE;
		m = 2;
		dd = 30;
	}
	put_ymd(w, y, m, dd, true);
}

void gen_row_month(struct gen_row *w, month_t mo)
{
	next_field(w);
	put_ymd(w, mo / 12, mo % 12 + 1, 1, false);
}

void gen_row_end(struct gen_row *w)
{
	struct buf *o = out(w);
	if (w->field != w->res->nfields)
		w->b->err = ERR_INVAL; /* an emitter out of step with its field table */
	bool json = w->res->format == FMT_JSONL;
	if (w->fault == RF_MALFORMED) {
		if (json) {
			fault(w, "broken-json", "closing brace missing");
		} else if (rng_chance(&w->b->rng, 0.5)) {
			fault(w, "wrong-column-count", "an extra field");
			buf_adds(o, ",多余");
		} else {
			fault(w, "broken-quoting", "a stray quote");
			buf_addch(o, '"');
		}
	} else if (json) {
		buf_addch(o, '}');
	}
	buf_addch(o, '\n');
	w->b->rows[w->file]++;
	if (w->fault == RF_ID || w->fault == RF_NAME || w->fault == RF_DUP) {
		/* the row again, as a department's export sometimes repeats it */
		size_t start = w->row_start, len = o->len - start;
		size_t np = w->b->patches.len;
		for (size_t i = w->patches_start; i < np; i++) {
			struct gen_patch p = w->b->patches.items[i];
			if (p.file != w->file)
				continue;
			p.offset += len;
			p.row = w->b->rows[w->file];
			p.variant = IDV_PLAIN;
			vec_push(&w->b->patches, p);
		}
		fault(w, "duplicate-row", "");
		owner_line(w->b, w->file, w->person);
		if (buf_grow(o, len) == 0)
			buf_add(o, o->data + start, len);
		w->b->rows[w->file]++;
	}
}
