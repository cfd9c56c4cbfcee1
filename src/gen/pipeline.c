/* pipeline.c: running the generator: plans the blocks (villages cut into runs of at most
 * GEN_BLOCK_PERSONS persons), generates blocks on every core, and writes them in block order
 * from one thread, which gives ID numbers out (unique per county, birth date and sex, so the
 * result does not depend on the thread count), puts them into the rows, applies ID faults,
 * and converts the GB18030 files. At most two blocks per thread are in memory at a time. */
#include <iconv.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/idno.h"
#include "base/jsonw.h"
#include "base/region.h"
#include "gen/gen_int.h"

void gen_defaults(struct gen_options *o)
{
	memset(o, 0, sizeof *o);
	o->region = "430181";
	o->persons = 10000;
	o->months = 12;
	o->seed = 1;
	o->noise = 0.01;
	o->start = month_from_ym(2025, 1);
}

/* ---- planning ---- */

typedef VEC(int32_t) id_vec;

static int collect_villages(const struct region *r, id_vec *out)
{
	if (r->level == REGION_VILLAGE)
		return vec_push(out, r->id);
	for (int32_t i = 0; i < r->child_count; i++)
		if (collect_villages(region_child(r, i), out))
			return ERR_NOMEM;
	return 0;
}

static bool urban_name(const char *name)
{
	return strstr(name, "社区") || strstr(name, "居委会");
}

static int plan(struct gen_ctx *c, const struct region *root, struct error *e)
{
	id_vec v = { 0 };
	if (collect_villages(root, &v) || v.len == 0) {
		vec_release(&v);
		return v.len ? error_nomem(e)
		             : error_set(e, ERR_INVAL, "%s 下没有村或社区", "%s has no villages", root->code);
	}
	/* a small population over a large region would leave each village two or three people
	 * and cut every household short: use an evenly spaced sample of the villages instead,
	 * about 300 persons each, which keeps every city represented */
	size_t used = (size_t)(c->opt.persons / 300);
	if (used < 1)
		used = 1;
	if (used < v.len) {
		for (size_t i = 0; i < used; i++)
			v.items[i] = v.items[i * v.len / used];
		v.len = used;
	}
	c->villages = v.items;
	c->nvillages = v.len;
	c->village_persons = mem_calloc(v.len, sizeof(long));
	double *w = mem_calloc(v.len, sizeof(double));
	if (!c->village_persons || !w) {
		mem_free(w);
		return error_nomem(e);
	}
	/* Hunan's residents are 61 % urban (2023 statistics) while only 19.6 % of its
	 * village-level units are urban communities (社区/居委会): an urban community gets 6.4
	 * times a rural village's people, which makes the province 61 % urban */
	double total = 0;
	for (size_t i = 0; i < v.len; i++)
		total += w[i] = urban_name(region_at(v.items[i])->name) ? 6.4 : 1.0;
	long given = 0;
	for (size_t i = 0; i < v.len; i++) {
		c->village_persons[i] = (long)((double)c->opt.persons * w[i] / total);
		given += c->village_persons[i];
	}
	/* the remainder, one each, from the first villages: the total is exact */
	for (size_t i = 0; given < c->opt.persons; i = (i + 1) % v.len, given++)
		c->village_persons[i]++;
	mem_free(w);
	c->nblocks = 0;
	for (size_t i = 0; i < v.len; i++)
		c->nblocks += (c->village_persons[i] + GEN_BLOCK_PERSONS - 1) / GEN_BLOCK_PERSONS;
	c->blocks = mem_calloc((size_t)c->nblocks + 1, sizeof *c->blocks);
	if (!c->blocks)
		return error_nomem(e);
	long k = 0;
	for (size_t i = 0; i < v.len; i++)
		for (long off = 0; off < c->village_persons[i]; off += GEN_BLOCK_PERSONS, k++) {
			long n = c->village_persons[i] - off;
			c->blocks[k] =
			    (struct gen_blockref){ (int32_t)i, off,
				                   (int32_t)(n > GEN_BLOCK_PERSONS ? GEN_BLOCK_PERSONS : n) };
		}
	/* every county of the province: where migrants are registered and IDs were issued */
	const struct region *prov = region_lookup("43", 2);
	id_vec counties = { 0 };
	for (int32_t i = 0; i < prov->child_count; i++) {
		const struct region *city = region_child(prov, i);
		for (int32_t j = 0; j < city->child_count; j++)
			if (vec_push(&counties, region_child(city, j)->id))
				return error_nomem(e);
	}
	c->counties = counties.items;
	c->ncounties = counties.len;
	return 0;
}

/* ---- one block ---- */

static void block_free(struct gen_block *b)
{
	if (!b)
		return;
	for (size_t k = 0; k < b->households.len; k++) {
		vec_release(&b->households.items[k].homes);
		vec_release(&b->households.items[k].vehicles);
	}
	for (size_t f = 0; b->files && f < GEN_NFILES; f++)
		buf_release(&b->files[f]);
	mem_free(b->files);
	mem_free(b->rows);
	vec_release(&b->persons);
	vec_release(&b->households);
	vec_release(&b->patches);
	vec_release(&b->faults);
	arena_release(&b->arena);
	mem_free(b);
}

static bool is_gb(size_t f)
{
	return f < gen_nresources && gen_resources[f].format == FMT_CSV_GB18030;
}

/* Converts the block's GB18030 files from the UTF-8 they were written in, piece by piece
 * between the places where ID numbers go (IDs are ASCII, the same in both), so the one
 * writer thread only copies. */
static int to_gb18030(struct gen_block *b)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	if (cd == (iconv_t)-1)
		return ERR_INVAL;
	int rc = 0;
	for (size_t f = 0; f < gen_nresources && rc == 0; f++) {
		if (!is_gb(f) || b->files[f].len == 0)
			continue;
		struct buf *src = &b->files[f];
		struct buf dst = BUF_INIT((size_t)1 << 30);
		if (buf_grow(&dst, src->len + 16)) {
			rc = ERR_NOMEM;
			break;
		}
		size_t at = 0;
		for (size_t i = 0; i <= b->patches.len && rc == 0; i++) {
			struct gen_patch *pt = i < b->patches.len ? &b->patches.items[i] : NULL;
			if (pt && pt->file != f)
				continue;
			size_t upto = pt ? pt->offset : src->len;
			char *in = src->data + at, *out = dst.data + dst.len;
			size_t inleft = upto - at, outleft = dst.cap - dst.len - 1;
			if (inleft && iconv(cd, &in, &inleft, &out, &outleft) == (size_t)-1)
				rc = ERR_ENCODING;
			dst.len = (size_t)(out - dst.data);
			at = upto;
			if (pt)
				pt->offset = dst.len;
		}
		dst.data[dst.len] = '\0';
		buf_release(src);
		*src = dst;
	}
	iconv_close(cd);
	return rc;
}

static struct gen_block *block_make(const struct gen_ctx *c, long index)
{
	struct gen_block *b = mem_calloc(1, sizeof *b);
	if (!b)
		return NULL;
	const struct gen_blockref *ref = &c->blocks[index];
	b->index = index;
	b->village = c->villages[ref->village_idx];
	b->village_offset = ref->offset;
	b->npersons = ref->persons;
	rng_seed(&b->rng, c->opt.seed, (uint64_t)index + 1);
	arena_init(&b->arena, (size_t)1 << 20);
	b->files = mem_calloc(GEN_NFILES, sizeof *b->files);
	b->rows = mem_calloc(GEN_NFILES, sizeof *b->rows);
	if (!b->files || !b->rows) {
		block_free(b);
		return NULL;
	}
	for (size_t f = 0; f < GEN_NFILES; f++)
		buf_init(&b->files[f], (size_t)1 << 30);
	if (gen_populate(b, c)) {
		block_free(b);
		return NULL;
	}
	gen_live(b, c);
	gen_judge(b, c);
	for (size_t f = 0; f < gen_nresources && !b->err && !c->opt.truth_only; f++)
		gen_resources[f].emit(b, c, (uint16_t)f);
	gen_emit_truth(b, c);
	if (!b->err)
		b->err = to_gb18030(b);
	return b;
}

/* ---- the writer ---- */

struct writer {
	const struct gen_ctx *c;
	FILE **files;
	FILE *noise;
	uint64_t *lines;  /* data lines written so far per file */
	uint16_t **seq;   /* per county slot: [days since 1900][sex] numbers given out */
	struct buf out;   /* one block's part of one file, with its ID numbers in place */
	int32_t *slot_of; /* region id -> county slot */
	iconv_t gb;
	struct gen_stats *stats;
	long last_class[GEN_CLASSES];
};

#define DAYS_SPAN 80000 /* 1900-01-01 onwards, about 219 years */

static int assign_id(struct writer *wr, struct gen_person *p)
{
	date_t base = date_from_ymd(1900, 1, 1);
	long day = p->birth - base;
	if (day < 0 || day >= DAYS_SPAN)
		return ERR_INVAL;
	int32_t slot = wr->slot_of[p->issuing_county];
	for (size_t tries = 0; tries < wr->c->ncounties;
	     tries++, slot = (int32_t)((slot + 1) % (int32_t)wr->c->ncounties)) {
		if (!wr->seq[slot] && !(wr->seq[slot] = mem_calloc((size_t)DAYS_SPAN * 2, sizeof(uint16_t))))
			return ERR_NOMEM;
		uint16_t *n = &wr->seq[slot][day * 2 + (p->sex == 'M')];
		/* men take odd sequence numbers 1..999, women even ones 2..998 */
		int k = p->sex == 'M' ? *n : *n + 1;
		if (k > 499)
			continue;
		(*n)++;
		int seq = p->sex == 'M' ? 2 * k + 1 : 2 * k;
		char code6[7], ymd[DATE_STR_SIZE];
		region_code6(region_at(wr->c->counties[slot]), code6);
		date_format(p->birth, ymd);
		snprintf(p->id, sizeof p->id, "%s%.4s%.2s%.2s%03d", code6, ymd, ymd + 5, ymd + 8, seq);
		p->id[17] = idno_check_char(p->id);
		p->id[18] = '\0';
		return 0;
	}
	return ERR_TOOBIG;
}

/* The text written for a patch: the ID, or the ID with its fault. Returns the fault's name
 * or NULL. */
static const char *variant_text(const struct gen_patch *pt, const char *id, char out[20])
{
	memcpy(out, id, 19);
	switch (pt->variant) {
	case IDV_LOWER_X:
		if (out[17] == 'X') {
			out[17] = 'x';
			return "id-lower-x";
		}
		/* no X to lower: a digit fault instead */
		__attribute__((fallthrough));
	case IDV_LEGACY15:
		if (pt->variant == IDV_LEGACY15 && id[6] == '1' && id[7] == '9') {
			memmove(out + 6, id + 8, 9);
			out[15] = '\0';
			return "id-legacy-15";
		}
		/* no 15-digit form for births after 1999: a digit fault instead */
		__attribute__((fallthrough));
	case IDV_DIGIT:
		out[pt->a] = (char)('0' + (out[pt->a] - '0' + pt->b) % 10);
		return "id-digit";
	case IDV_SWAP:
		for (int i = pt->a; i < 16; i++) {
			if (out[i] != out[i + 1]) {
				char t = out[i];
				out[i] = out[i + 1];
				out[i + 1] = t;
				return "id-swap";
			}
		}
		out[pt->a] = (char)('0' + (out[pt->a] - '0' + pt->b) % 10);
		return "id-digit";
	case IDV_MISSING:
		out[0] = '\0';
		return "id-missing";
	default:
		return NULL;
	}
}

static int write_file(struct writer *wr, struct gen_block *b, size_t f, const struct gen_patch *const *pts,
                      size_t n, struct error *e)
{
	struct buf *src = &b->files[f];
	struct buf *o = &wr->out;
	if (!wr->files[f])
		return 0; /* a file this run does not write */
	buf_reset(o);
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		const struct gen_patch *pt = pts[i];
		char text[20];
		const char *kind = variant_text(pt, b->persons.items[pt->person].id, text);
		if (buf_add(o, src->data + at, pt->offset - at) || buf_adds(o, text))
			return error_nomem(e);
		at = pt->offset;
		if (kind) {
			fprintf(wr->noise, "%s\t%" PRIu64 "\t%s\t%s\t%s\n", gen_resources[f].code,
			        wr->lines[f] + pt->row + (gen_resources[f].format == FMT_JSONL ? 1 : 2), kind,
			        b->persons.items[pt->person].id, text);
			wr->stats->noisy_records++;
		}
	}
	if (buf_add(o, src->data + at, src->len - at))
		return error_nomem(e);
	if (o->len && fwrite(o->data, 1, o->len, wr->files[f]) != o->len)
		return error_set(e, ERR_IO, "写入失败：%s", "writing failed: %s", strerror(errno));
	return 0;
}

static int write_block(struct writer *wr, struct gen_block *b, struct error *e)
{
	const struct gen_ctx *c = wr->c;
	for (size_t i = 0; i < b->persons.len; i++) {
		int rc = assign_id(wr, &b->persons.items[i]);
		if (rc)
			return error_set(e, rc, "无法为出生日期分配身份证号",
			                 "could not give out an ID number for a birth date");
	}
	/* patches by file, each file's in offset order (they were appended in that order) */
	size_t np = b->patches.len;
	const struct gen_patch **sorted = mem_calloc(np + 1, sizeof *sorted);
	size_t *start = mem_calloc(GEN_NFILES + 1, sizeof *start);
	if (!sorted || !start) {
		mem_free(sorted);
		mem_free(start);
		return error_nomem(e);
	}
	for (size_t i = 0; i < np; i++)
		start[b->patches.items[i].file + 1]++;
	for (size_t f = 0; f < GEN_NFILES; f++)
		start[f + 1] += start[f];
	size_t *fill = mem_calloc(GEN_NFILES, sizeof *fill);
	for (size_t i = 0; fill && i < np; i++) {
		const struct gen_patch *pt = &b->patches.items[i];
		sorted[start[pt->file] + fill[pt->file]++] = pt;
	}
	int rc = fill ? 0 : error_nomem(e);
	for (size_t f = 0; f < GEN_NFILES && rc == 0; f++)
		rc = write_file(wr, b, f, sorted + start[f], start[f + 1] - start[f], e);
	for (size_t i = 0; i < b->faults.len && rc == 0; i++) {
		const struct gen_fault *ft = &b->faults.items[i];
		const struct gen_resource *res = &gen_resources[ft->file];
		fprintf(wr->noise, "%s\t%" PRIu64 "\t%s\t%s\t%s\n", res->code,
		        wr->lines[ft->file] + ft->row + (res->format == FMT_JSONL ? 1 : 2), ft->kind,
		        b->persons.items[ft->person].id, ft->detail);
		wr->stats->noisy_records++;
	}
	for (size_t f = 0; f < GEN_NFILES; f++)
		wr->lines[f] += b->rows[f];
	for (size_t f = 0; f < gen_nresources; f++)
		wr->stats->records += b->rows[f];
	wr->stats->persons += (long)b->persons.len;
	wr->stats->households += (long)b->households.len;
	int last = c->months_total - 1;
	for (size_t k = 0; k < b->households.len; k++) {
		const struct gen_household *h = &b->households.items[k];
		wr->stats->class_persons[h->cls[last]] += h->members[last];
		if (h->urban)
			wr->stats->urban_persons += h->members[last];
	}
	mem_free(sorted);
	mem_free(start);
	mem_free(fill);
	return rc;
}

/* ---- files ---- */

static FILE *open_out(const char *dir, const char *name, struct error *e)
{
	struct buf path = BUF_INIT(4096);
	buf_addf(&path, "%s/%s", dir, name);
	FILE *f = fopen(buf_cstr(&path), "wb");
	if (!f)
		error_set(e, ERR_IO, "无法创建 %s：%s", "cannot create %s: %s", buf_cstr(&path),
		          strerror(errno));
	else
		setvbuf(f, NULL, _IOFBF, (size_t)1 << 20);
	buf_release(&path);
	return f;
}

static int prepare_dir(const char *dir, struct error *e)
{
	struct stat st;
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return error_set(e, ERR_INVAL, "%s 不是目录", "%s is not a folder", dir);
		struct buf probe = BUF_INIT(4096);
		buf_addf(&probe, "%s/catalog.json", dir);
		bool used = stat(probe.data, &st) == 0;
		buf_release(&probe);
		if (used)
			return error_set(e, ERR_EXISTS, "%s 中已有生成的数据，请换一个空目录",
			                 "%s already holds generated data: choose an empty folder", dir);
	} else if (mkdir(dir, 0755) != 0) {
		return error_set(e, ERR_IO, "无法创建目录 %s：%s", "cannot create the folder %s: %s", dir,
		                 strerror(errno));
	}
	const char *subs[] = { "resources", "truth", "truth/records" };
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++) {
		struct buf p = BUF_INIT(4096);
		buf_addf(&p, "%s/%s", dir, subs[i]);
		int ok = mkdir(p.data, 0755) == 0 || errno == EEXIST;
		buf_release(&p);
		if (!ok)
			return error_set(e, ERR_IO, "无法创建子目录：%s", "cannot create a subfolder: %s",
			                 strerror(errno));
	}
	return 0;
}

static const char *ext_of(const struct gen_resource *r)
{
	return r->format == FMT_JSONL ? "jsonl" : "csv";
}

/* the items of "a,b,c" as JSON strings */
static void put_list(struct jsonw *w, const char *list, char sep)
{
	while (*list) {
		const char *end = strchr(list, sep);
		size_t n = end ? (size_t)(end - list) : strlen(list);
		jsonw_strn(w, list, n);
		list += n + (end != NULL);
	}
}

/* "kind:person:period:amount:value;…" as objects, empty parts left out */
static void put_facts(struct jsonw *w, const char *spec)
{
	static const char *keys[] = { "kind", "person", "period", "amount", "value" };
	while (*spec) {
		const char *end = strchr(spec, ';');
		size_t n = end ? (size_t)(end - spec) : strlen(spec);
		jsonw_obj_begin(w);
		const char *part = spec;
		for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
			const char *colon = memchr(part, ':', (size_t)(spec + n - part));
			size_t pn = colon ? (size_t)(colon - part) : (size_t)(spec + n - part);
			if (pn) {
				jsonw_key(w, keys[k]);
				jsonw_strn(w, part, pn);
			}
			part += pn + (colon != NULL);
		}
		jsonw_obj_end(w);
		spec += n + (end != NULL);
	}
}

int gen_catalog_json(month_t published, struct buf *b)
{
	struct jsonw w;
	jsonw_init(&w, b);
	char start[8];
	month_format(published, start);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "catalog");
	jsonw_str(&w, "湖南省社会救助数据共享目录（合成数据）");
	jsonw_key(&w, "published");
	jsonw_str(&w, start);
	jsonw_key(&w, "resources");
	jsonw_arr_begin(&w);
	for (size_t i = 0; i < gen_nresources; i++) {
		const struct gen_resource *r = &gen_resources[i];
		char file[64], classification[48];
		snprintf(file, sizeof file, "resources/%s.%s", r->code, ext_of(r));
		snprintf(classification, sizeof classification, "基础信息/%s", r->dept);
		jsonw_obj_begin(&w);
		jsonw_key(&w, "code");
		jsonw_str(&w, r->code);
		jsonw_key(&w, "name");
		jsonw_str(&w, r->name);
		jsonw_key(&w, "classification");
		jsonw_str(&w, classification);
		jsonw_key(&w, "provider_code");
		jsonw_str(&w, r->dept_code);
		jsonw_key(&w, "provider");
		jsonw_str(&w, r->dept);
		jsonw_key(&w, "abstract");
		jsonw_str(&w, r->abstract);
		jsonw_key(&w, "format");
		jsonw_str(&w, r->format == FMT_JSONL ? "jsonl" : "csv");
		jsonw_key(&w, "encoding");
		jsonw_str(&w, r->format == FMT_CSV_GB18030 ? "GB18030" : "UTF-8");
		jsonw_key(&w, "date_format");
		jsonw_str(&w, r->date_style == '-'   ? "YYYY-MM-DD"
		              : r->date_style == '/' ? "YYYY/MM/DD"
		                                     : "YYYYMMDD");
		jsonw_key(&w, "sharing_type");
		jsonw_str(&w, r->share);
		jsonw_key(&w, "open_type");
		jsonw_str(&w, "不予开放");
		jsonw_key(&w, "update_cycle");
		jsonw_str(&w, r->cycle);
		jsonw_key(&w, "key_field");
		jsonw_str(&w, r->key);
		jsonw_key(&w, "key_fields");
		jsonw_arr_begin(&w);
		put_list(&w, gen_resource_keys(r), ',');
		jsonw_arr_end(&w);
		if (!strncmp(gen_resource_facts(r), "register:", 9)) { /* the person register */
			jsonw_key(&w, "household_field");
			jsonw_str(&w, "户号");
		}
		jsonw_key(&w, "facts");
		jsonw_arr_begin(&w);
		put_facts(&w, gen_resource_facts(r));
		jsonw_arr_end(&w);
		jsonw_key(&w, "file");
		jsonw_str(&w, file);
		jsonw_key(&w, "fields");
		jsonw_arr_begin(&w);
		for (size_t k = 0; k < r->nfields; k++) {
			jsonw_obj_begin(&w);
			jsonw_key(&w, "name");
			jsonw_str(&w, r->fields[k].name);
			jsonw_key(&w, "type");
			jsonw_str(&w, r->fields[k].type);
			jsonw_key(&w, "description");
			jsonw_str(&w, r->fields[k].desc);
			jsonw_key(&w, "required");
			jsonw_bool(&w, true);
			/* personal identifiers and amounts only on approval; the end of a prison term
			 * is never shared; the rest as the resource */
			const char *type = r->fields[k].type;
			jsonw_key(&w, "share");
			jsonw_str(&w, !strcmp(r->fields[k].name, "刑期届满日期") ? "不予共享"
			              : !strcmp(type, "id") || !strcmp(type, "name") || !strcmp(type, "money")
			                  ? "有条件"
			                  : r->share);
			jsonw_obj_end(&w);
		}
		jsonw_arr_end(&w);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	return jsonw_finish(&w);
}

static int write_catalog(const struct gen_ctx *c, struct error *e)
{
	struct buf b = BUF_INIT((size_t)16 << 20);
	int rc = gen_catalog_json(c->first_month, &b);
	FILE *f = rc ? NULL : open_out(c->opt.out, "catalog.json", e);
	if (f) {
		fwrite(b.data, 1, b.len, f);
		fputc('\n', f);
		rc = fclose(f) ? error_set(e, ERR_IO, "写入目录文件失败", "writing the catalogue failed") : 0;
	} else if (!rc) {
		rc = ERR_IO;
	}
	buf_release(&b);
	return rc;
}

static int open_files(struct writer *wr, struct error *e)
{
	const char *hdr_persons =
	    "id\tperson\tname\tsex\tbirth\thousehold\trelation\tvillage\treg_village\tissuing_county\tjob\t"
	    "disability_type\tdisability_grade\tselfcare\tjoined\tdied\tleft\tprison_from\tprison_to\n";
	const char *items =
	    "wage\tsocial_insurance\ttax\tflexible_income\temployee_pension\tbasic_pension\t"
	    "unemployment_benefit\tbusiness_income\tfarm_income\tmaintenance_in\tmaintenance_out\t"
	    "medical_out_of_pocket\tschool_fees\tdisability_subsidy\tdeposits\tsecurities\tinsurance_value";
	for (size_t f = 0; f < GEN_NFILES; f++) {
		char name[64];
		if (wr->c->opt.truth_only && (f < gen_nresources || f >= GEN_FILE_RECORDS(0)))
			continue;
		if (f < gen_nresources)
			snprintf(name, sizeof name, "resources/%s.%s", gen_resources[f].code,
			         ext_of(&gen_resources[f]));
		else if (f == GEN_FILE_PERSONS)
			snprintf(name, sizeof name, "truth/persons.tsv");
		else if (f == GEN_FILE_HOUSEHOLDS)
			snprintf(name, sizeof name, "truth/households.tsv");
		else if (f == GEN_FILE_SHOCKS)
			snprintf(name, sizeof name, "truth/shocks.tsv");
		else
			snprintf(name, sizeof name, "truth/records/%s.tsv",
			         gen_resources[f - GEN_FILE_RECORDS(0)].code);
		if (!(wr->files[f] = open_out(wr->c->opt.out, name, e)))
			return ERR_IO;
		FILE *o = wr->files[f];
		if (f < gen_nresources && gen_resources[f].format != FMT_JSONL) {
			struct buf h = BUF_INIT(4096);
			for (size_t k = 0; k < gen_resources[f].nfields; k++)
				buf_addf(&h, "%s%s", k ? "," : "", gen_resources[f].fields[k].name);
			buf_addch(&h, '\n');
			if (is_gb(f)) {
				char out[4096], *in = h.data, *op = out;
				size_t il = h.len, ol = sizeof out;
				iconv(wr->gb, NULL, NULL, NULL, NULL);
				iconv(wr->gb, &in, &il, &op, &ol);
				fwrite(out, 1, (size_t)(op - out), o);
			} else {
				fwrite(h.data, 1, h.len, o);
			}
			buf_release(&h);
		} else if (f == GEN_FILE_PERSONS) {
			fputs(hdr_persons, o);
		} else if (f == GEN_FILE_HOUSEHOLDS) {
			fprintf(
			    o,
			    "household\tmonth\tvillage\turban\tmembers\t%s\tvehicles\thomes\tcompany_role\t"
			    "recent_home\tstandard\tdisposable_income\tper_capita_income\tclass\tmonthly_benefit\n",
			    items);
		} else if (f == GEN_FILE_SHOCKS) {
			fputs("id\thousehold\tkind\tmonth\tdetail\tlag\n", o);
		}
	}
	wr->noise = open_out(wr->c->opt.out, "truth/noise.tsv", e);
	if (!wr->noise)
		return ERR_IO;
	fputs("resource\tline\tkind\ttrue_id\tdetail\n", wr->noise);
	return 0;
}

static int close_files(struct writer *wr, struct error *e)
{
	int rc = 0;
	for (size_t f = 0; f < GEN_NFILES; f++)
		if (wr->files[f] && fclose(wr->files[f]) != 0 && !rc)
			rc = error_set(e, ERR_IO, "写入文件失败：%s", "writing a file failed: %s",
			               strerror(errno));
	if (wr->noise && fclose(wr->noise) != 0 && !rc)
		rc = error_set(e, ERR_IO, "写入文件失败：%s", "writing a file failed: %s", strerror(errno));
	return rc;
}

static void write_summary(const struct gen_ctx *c, const struct gen_stats *st)
{
	struct error e;
	FILE *f = open_out(c->opt.out, "truth/summary.tsv", &e);
	if (!f)
		return;
	char start[8];
	month_format(c->first_month + GEN_HISTORY, start);
	fprintf(
	    f,
	    "region\t%s\npersons_requested\t%ld\nmonths\t%d\nfirst_observed_month\t%s\nseed\t%" PRIu64
	    "\nnoise\t%g\npersons\t%ld\nhouseholds\t%ld\nrecords\t%ld\nnoisy_records\t%ld\nurban_persons\t%ld\n",
	    c->opt.region, c->opt.persons, c->opt.months, start, c->opt.seed, c->opt.noise, st->persons,
	    st->households, st->records, st->noisy_records, st->urban_persons);
	if (c->opt.chronic > 0)
		fprintf(f, "chronic\t%g\n", c->opt.chronic);
	for (int k = 0; k < GEN_CLASSES; k++)
		fprintf(f, "persons_%s\t%ld\n", gen_class_name((enum gen_class)k), st->class_persons[k]);
	fclose(f);
	/* the months after a record's month in which each department reports it, and whether it
	 * carries a month's income (a month's class is known once all of those are in) */
	if (!(f = open_out(c->opt.out, "truth/lags.tsv", &e)))
		return;
	fputs("resource\tlag\tincome\n", f);
	for (size_t i = 0; i < gen_nresources; i++)
		fprintf(f, "%s\t%d\t%d\n", gen_resources[i].code, gen_resource_lag(gen_resources[i].code),
		        gen_resource_income(gen_resources[i].code));
	fclose(f);
}

/* ---- threads ---- */

struct pool {
	const struct gen_ctx *c;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	long next, written, ring_size;
	struct gen_block **ring;
	bool failed;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		long b = p->next++;
		while (!p->failed && b < p->c->nblocks && b - p->written >= p->ring_size)
			pthread_cond_wait(&p->cv, &p->mu);
		bool stop = p->failed || b >= p->c->nblocks;
		pthread_mutex_unlock(&p->mu);
		if (stop)
			return NULL;
		struct gen_block *blk = block_make(p->c, b);
		pthread_mutex_lock(&p->mu);
		if (!blk || blk->err) {
			p->failed = true;
			block_free(blk);
		} else {
			p->ring[b % p->ring_size] = blk;
		}
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
}

static int run_pool(struct gen_ctx *c, struct writer *wr, int threads, struct error *e)
{
	struct pool p = { .c = c, .ring_size = 2L * threads };
	p.ring = mem_calloc((size_t)p.ring_size, sizeof *p.ring);
	pthread_t *tid = mem_calloc((size_t)threads, sizeof *tid);
	if (!p.ring || !tid) {
		mem_free(p.ring);
		mem_free(tid);
		return error_nomem(e);
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	int started = 0;
	for (; started < threads; started++)
		if (pthread_create(&tid[started], NULL, worker, &p))
			break;
	int rc = started ? 0 : error_set(e, ERR_NOMEM, "无法启动线程", "could not start a thread");
	progress_begin(c->opt.progress, "人", "persons", (uint64_t)c->opt.persons);
	for (long b = 0; b < c->nblocks && rc == 0; b++) {
		pthread_mutex_lock(&p.mu);
		while (!p.failed && !p.ring[b % p.ring_size])
			pthread_cond_wait(&p.cv, &p.mu);
		struct gen_block *blk = p.ring[b % p.ring_size];
		p.ring[b % p.ring_size] = NULL;
		bool failed = p.failed;
		pthread_mutex_unlock(&p.mu);
		if (failed || !blk) {
			rc = error_set(e, ERR_NOMEM, "生成数据块失败（内存不足）",
			               "generating a block failed (out of memory)");
			block_free(blk);
			break;
		}
		rc = write_block(wr, blk, e);
		progress_add(c->opt.progress, (uint64_t)blk->npersons);
		block_free(blk);
		pthread_mutex_lock(&p.mu);
		p.written = b + 1;
		if (rc)
			p.failed = true;
		pthread_cond_broadcast(&p.cv);
		pthread_mutex_unlock(&p.mu);
	}
	progress_end(c->opt.progress);
	pthread_mutex_lock(&p.mu);
	p.failed = true; /* wake and stop every worker */
	pthread_cond_broadcast(&p.cv);
	pthread_mutex_unlock(&p.mu);
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	for (long i = 0; i < p.ring_size; i++)
		block_free(p.ring[i]);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv);
	mem_free(p.ring);
	mem_free(tid);
	return rc;
}

int gen_run(const struct gen_options *o, struct gen_stats *stats, struct error *e)
{
	struct gen_ctx c = { 0 };
	struct writer wr = { 0 };
	memset(stats, 0, sizeof *stats);
	c.opt = *o;
	if (region_load())
		return error_set(e, ERR_INVAL, "内置区划数据损坏", "the built-in region data is damaged");
	const struct region *root = region_lookup(o->region, strlen(o->region));
	if (!root)
		return error_set(e, ERR_INVAL, "湖南省区划中没有代码 %s",
		                 "no region of Hunan has the code %s", o->region);
	if (o->persons < 1 || o->persons > 100000000)
		return error_set(e, ERR_INVAL, "人数应在 1 到 1 亿之间",
		                 "--persons must be between 1 and 100 million");
	if (o->months < 1 || o->months > GEN_MAX_MONTHS - GEN_HISTORY)
		return error_set(e, ERR_INVAL, "月数应在 1 到 %d 之间", "--months must be between 1 and %d",
		                 GEN_MAX_MONTHS - GEN_HISTORY);
	if (!(o->noise >= 0 && o->noise <= 0.5))
		return error_set(e, ERR_INVAL, "噪声比例应在 0 到 0.5 之间",
		                 "--noise must be between 0 and 0.5");
	c.months_total = GEN_HISTORY + o->months;
	c.first_month = o->start - GEN_HISTORY;
	int threads = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (threads < 1)
		threads = 1;
	int rc = prepare_dir(o->out, e);
	if (rc == 0)
		rc = plan(&c, root, e);
	wr.c = &c;
	wr.stats = stats;
	wr.files = mem_calloc(GEN_NFILES, sizeof *wr.files);
	wr.lines = mem_calloc(GEN_NFILES, sizeof *wr.lines);
	wr.seq = mem_calloc(c.ncounties + 1, sizeof *wr.seq);
	wr.slot_of = mem_calloc(region_total(), sizeof *wr.slot_of);
	buf_init(&wr.out, (size_t)1 << 30);
	wr.gb = iconv_open("GB18030", "UTF-8");
	if (rc == 0 && (!wr.files || !wr.lines || !wr.seq || !wr.slot_of))
		rc = error_nomem(e);
	if (rc == 0 && wr.gb == (iconv_t)-1)
		rc = error_set(e, ERR_INVAL, "系统不支持 GB18030 转换",
		               "this system cannot convert to GB18030");
	for (size_t i = 0; rc == 0 && i < c.ncounties; i++)
		wr.slot_of[c.counties[i]] = (int32_t)i;
	if (rc == 0)
		rc = write_catalog(&c, e);
	if (rc == 0)
		rc = open_files(&wr, e);
	if (rc == 0)
		rc = run_pool(&c, &wr, threads, e);
	int crc = wr.files ? close_files(&wr, e) : 0;
	rc = rc ? rc : crc;
	stats->files = (long)GEN_NFILES + 3;
	if (rc == 0)
		write_summary(&c, stats);
	for (size_t i = 0; wr.seq && i < c.ncounties; i++)
		mem_free(wr.seq[i]);
	if (wr.gb != (iconv_t)-1)
		iconv_close(wr.gb);
	buf_release(&wr.out);
	mem_free(wr.files);
	mem_free(wr.lines);
	mem_free(wr.seq);
	mem_free(wr.slot_of);
	mem_free(c.villages);
	mem_free(c.village_persons);
	mem_free(c.blocks);
	mem_free(c.counties);
	return rc;
}
