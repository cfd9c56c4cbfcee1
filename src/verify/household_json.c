/* household_json.c: a household described entirely in a JSON file (docs/VERIFY.md), for
 * `safetynet verify --household`: its members with ID numbers and relations, their records by
 * resource with the department's field names, and the authorisation. Each record becomes facts
 * through the catalogue's fact mappings, as ingest would make them; a value that does not fit
 * its field's type is refused with the path of the field, e.g. members[2].records.43SW001[3].收入额.
 * Nothing is dropped or guessed silently: a record must be about its member (an ID number of
 * someone else in the household or outside it is an error), the fields its facts are made of
 * must be there, text and codes must be among the values the catalogue's description lists,
 * and urban/rural, when not given, is read from the region's name with a warning in the report
 * (an error where the name does not tell). docs/VERIFY.md lists every field. */
#include <json-c/json.h>

#include "base/idno.h"
#include "base/jsonscan.h"
#include "base/mem.h"
#include "base/money.h"
#include "base/region.h"
#include "hub/hub.h"
#include "verify/verify.h"

struct catalog {
	struct hub_resource **r;
	size_t n;
	struct json_object *json; /* the catalogue's text parsed: the fields' descriptions */
};

/* the description of a field of a resource in the catalogue, or "" */
static const char *description(const struct catalog *c, const char *code, const char *field)
{
	struct json_object *rs, *fs, *v;
	if (!json_object_object_get_ex(c->json, "resources", &rs))
		return "";
	for (size_t i = 0; i < json_object_array_length(rs); i++) {
		struct json_object *r = json_object_array_get_idx(rs, i);
		if (!json_object_object_get_ex(r, "code", &v) || strcmp(json_object_get_string(v), code) ||
		    !json_object_object_get_ex(r, "fields", &fs))
			continue;
		for (size_t k = 0; k < json_object_array_length(fs); k++) {
			struct json_object *f = json_object_array_get_idx(fs, k);
			if (json_object_object_get_ex(f, "name", &v) &&
			    !strcmp(json_object_get_string(v), field) &&
			    json_object_object_get_ex(f, "description", &v))
				return json_object_get_string(v);
		}
	}
	return "";
}

/* Is v among the values a field's description lists? A text field lists them before any
 * full-width colon, split by '/' ("在读/辍学"); a code field as numbers at the start of its words
 * ("1 男 2 女", "1视力 2听力", "1-4 级"). A description that lists none allows any value. The list
 * goes to allowed[cap] for the message. */
static bool value_listed(enum hub_type type, const char *desc, const char *v, char *allowed, size_t cap)
{
	allowed[0] = '\0';
	size_t vn = strlen(v);
	if (type == HT_TEXT) {
		const char *colon = strstr(desc, "\xEF\xBC\x9A");
		size_t n = colon ? (size_t)(colon - desc) : strlen(desc);
		if (!memchr(desc, '/', n))
			return true;
		snprintf(allowed, cap, "%.*s", (int)n, desc);
		for (const char *p = desc; p < desc + n;) {
			const char *slash = memchr(p, '/', (size_t)(desc + n - p));
			size_t k = slash ? (size_t)(slash - p) : (size_t)(desc + n - p);
			if (k == vn && !memcmp(p, v, k))
				return true;
			p += k + 1;
		}
		return false;
	}
	if (type != HT_CODE)
		return true;
	bool any = false, ok = false, digits = vn > 0 && strspn(v, "0123456789") == vn;
	for (const char *p = desc; *p;) {
		p += strspn(p, " ");
		size_t w = strcspn(p, " "), d = strspn(p, "0123456789");
		if (d > 0) {
			long lo = strtol(p, NULL, 10), hi = lo;
			if (d + 1 < w && p[d] == '-' && p[d + 1] >= '0' && p[d + 1] <= '9')
				hi = strtol(p + d + 1, NULL, 10);
			char one[48];
			if (hi > lo)
				snprintf(one, sizeof one, "%ld-%ld", lo, hi);
			else
				snprintf(one, sizeof one, "%.*s", (int)(d < 20 ? d : 20), p);
			size_t have = strlen(allowed);
			snprintf(allowed + have, cap - have, "%s%s", any ? "/" : "", one);
			any = true;
			if (hi > lo
			        ? digits && vn < 10 && strtol(v, NULL, 10) >= lo && strtol(v, NULL, 10) <= hi
			        : d == vn && !memcmp(p, v, d))
				ok = true;
		}
		p += w;
	}
	return !any || ok;
}

static const struct hub_resource *catalog_find(const struct catalog *c, const char *code)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->r[i]->code, code))
			return c->r[i];
	return NULL;
}

struct reader {
	struct arena *a;
	const struct catalog *cat;
	struct error *e;
	char path[256];
	const char **ids; /* every member's ID number (normalised), NULL where it is not valid */
	size_t nids;
	const char **warnings;
	size_t nwarnings, cap;
};

/* a text member, or NULL when absent or null; *bad set when it is there but not text */
static const char *get_str(struct json_object *o, const char *key, bool *bad)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		*bad = true;
		return NULL;
	}
	return json_object_get_string(v);
}

static int bad(struct reader *g, const char *field, const char *zh, const char *en)
{
	return error_set(g->e, ERR_INVAL, "%s%s：%s%.0s", "%s%s: %.0s%s", g->path, field, zh, en);
}

static char *dup(struct reader *g, const char *s)
{
	return arena_strndup(g->a, s ? s : "", s ? strlen(s) : 0);
}

/* a field's value, checked against its type and written as the hub stores it */
static int field_value(struct reader *g, const struct hub_resource *r, const struct hub_field *f,
                       struct json_object *v, const char **out, int64_t *fen)
{
	const char *s = json_object_get_string(v);
	size_t n = s ? strlen(s) : 0;
	char where[200];
	snprintf(where, sizeof where, ".%s", f->name);
	if (json_object_is_type(v, json_type_object) || json_object_is_type(v, json_type_array) ||
	    json_object_is_type(v, json_type_boolean))
		return bad(g, where, "应为文字或数字", "must be text or a number");
	char allowed[300];
	if (!json_object_is_type(v, json_type_null) &&
	    !value_listed(f->type, description(g->cat, r->code, f->name), s ? s : "", allowed,
	                  sizeof allowed))
		return error_set(g->e, ERR_INVAL, "%s%s：“%s”不是允许的取值（%s）",
		                 "%s%s: \"%s\" is not an allowed value (%s)", g->path, where, s, allowed);
	switch (f->type) {
	case HT_MONEY: {
		struct error me;
		int rc = money_parse(s, n, fen, &me);
		if (rc && rc != ERR_OVERFLOW)
			return bad(g, where, "不是以元为单位的金额（如 \"1500.00\"）",
			           "is not an amount in yuan (like \"1500.00\")");
		if (!rc && *fen < 0)
			return bad(g, where, "金额为负数", "is a negative amount");
		if (rc || *fen > MONEY_INPUT_MAX) {
			char most[MONEY_STR_SIZE];
			money_format(MONEY_INPUT_MAX, most);
			return error_set(g->e, ERR_INVAL, "%s%s：金额过大：至多 %s 元",
			                 "%s%s: is too large: at most %s yuan", g->path, where, most);
		}
		break;
	}
	case HT_DATE: {
		date_t d;
		if (n != 10 || date_parse(s, n, &d))
			return bad(g, where, "不是真实存在的日期（YYYY-MM-DD）",
			           "is not a real date (YYYY-MM-DD)");
		break;
	}
	case HT_MONTH: {
		month_t m;
		if (n != 7 || month_parse(s, n, &m))
			return bad(g, where, "不是年月（YYYY-MM）", "is not a month (YYYY-MM)");
		break;
	}
	case HT_ID: {
		struct idno id;
		if (idno_parse(s, n, 0, &id) != IDNO_OK)
			return bad(g, where, "不是有效的身份证号", "is not a valid ID number");
		*out = dup(g, id.id);
		return *out ? 0 : error_nomem(g->e);
	}
	default:
		break;
	}
	*out = dup(g, s);
	return *out ? 0 : error_nomem(g->e);
}

struct facts {
	struct vf_fact *items;
	size_t n, cap;
};

static int fact_push(struct reader *g, struct facts *fs, const struct vf_fact *f)
{
	if (fs->n == fs->cap) {
		size_t cap = fs->cap ? fs->cap * 2 : 32;
		struct vf_fact *n = arena_alloc(g->a, cap * sizeof *n);
		if (!n)
			return error_nomem(g->e);
		if (fs->n)
			memcpy(n, fs->items, fs->n * sizeof *n);
		fs->items = n;
		fs->cap = cap;
	}
	fs->items[fs->n++] = *f;
	return 0;
}

/* The fields a record's facts are made of are all there, and the record is about its member:
 * at least one of the ID numbers its facts are about is the member's. One naming another member
 * belongs under that member; one naming only people outside the household is a mistake (its
 * income would vanish). */
static int about_member(struct reader *g, const struct hub_resource *r, const char *const *val,
                        const char *idno)
{
	bool mine = r->nfacts == 0;
	long other = -1;
	const char *field = NULL;
	for (size_t k = 0; k < r->nfacts; k++) {
		const struct hub_fact_map *m = &r->facts[k];
		int used[4] = { m->person, m->period, m->amount, m->value };
		for (size_t u = 0; u < 4; u++) {
			if (used[u] < 0 || (val[used[u]] && *val[used[u]]))
				continue;
			char where[200];
			snprintf(where, sizeof where, ".%s", r->fields[used[u]].name);
			return bad(g, where, "缺少：本资源的核对事实由这一字段得出",
			           "is missing: the facts of this resource are read from it");
		}
		if (m->person < 0 || !strcmp(val[m->person], idno)) {
			mine = true;
			continue;
		}
		field = r->fields[m->person].name;
		for (size_t j = 0; j < g->nids; j++)
			if (g->ids[j] && !strcmp(g->ids[j], val[m->person]))
				other = (long)j;
	}
	if (mine)
		return 0;
	char where[200];
	snprintf(where, sizeof where, ".%s", field);
	if (other >= 0)
		return error_set(
		    g->e, ERR_INVAL,
		    "%s%s：是 members[%ld] 的身份证号，不是本成员的：请把这条记录放在该成员下",
		    "%s%s: is the ID number of members[%ld], not of this member: list the record under that member",
		    g->path, where, other + 1);
	return bad(g, where, "不是本户任何成员的身份证号：这条记录不属于这户",
	           "is not the ID number of any member of the household: the record is not this household's");
}

/* one record of a resource: the facts it gives about this member */
static int record(struct reader *g, const struct hub_resource *r, struct json_object *rec, const char *idno,
                  long line, struct facts *fs)
{
	if (!json_object_is_type(rec, json_type_object))
		return bad(g, "", "应为对象（字段名到取值）", "must be an object (field names to values)");
	const char *val[64] = { 0 };
	int64_t fen[64] = { 0 };
	if (r->nfields > 64)
		return bad(g, "", "资源字段过多", "the resource has too many fields");
	json_object_object_foreach(rec, key, v)
	{
		size_t i = 0;
		while (i < r->nfields && strcmp(r->fields[i].name, key))
			i++;
		if (i == r->nfields) {
			char where[200];
			snprintf(where, sizeof where, ".%s", key);
			return bad(g, where, "资源中没有这个字段", "is not a field of this resource");
		}
		if (json_object_is_type(v, json_type_null))
			continue;
		int rc = field_value(g, r, &r->fields[i], v, &val[i], &fen[i]);
		if (rc)
			return rc;
	}
	int rc = about_member(g, r, val, idno);
	if (rc)
		return rc;
	for (size_t k = 0; k < r->nfacts; k++) {
		const struct hub_fact_map *m = &r->facts[k];
		if (m->person >= 0 && strcmp(val[m->person], idno))
			continue; /* a fact about someone else the record names, e.g. who pays maintenance */
		struct vf_fact f = { 0 };
		f.kind = dup(g, m->kind);
		f.period = m->period >= 0 ? val[m->period] : NULL;
		f.value = m->value >= 0 ? val[m->value] : NULL;
		f.has_amount = m->amount >= 0 && val[m->amount] != NULL;
		f.amount = f.has_amount ? fen[m->amount] : 0;
		f.resource = dup(g, r->code);
		if (!f.kind || !f.resource)
			return error_nomem(g->e);
		f.batch_date = "";
		f.line = line;
		if ((rc = fact_push(g, fs, &f)))
			return rc;
	}
	return 0;
}

static int member(struct reader *g, struct json_object *o, size_t index, struct vf_member *m)
{
	char base[64];
	snprintf(base, sizeof base, "members[%zu]", index + 1);
	snprintf(g->path, sizeof g->path, "%s", base);
	if (!json_object_is_type(o, json_type_object))
		return bad(g, "", "应为对象", "must be an object");
	bool wrong = false;
	const char *id = get_str(o, "id", &wrong);
	struct idno idn;
	if (wrong)
		return bad(g, ".id", "应为文本（带引号的身份证号）",
		           "must be text (the ID number in quotes)");
	if (!id)
		return bad(g, ".id", "缺少身份证号", "is missing: the member's ID number");
	if (idno_parse(id, strlen(id), 0, &idn) != IDNO_OK)
		return bad(g, ".id", "不是有效的身份证号", "is not a valid ID number");
	m->idno = dup(g, idn.id);
	const char *name = get_str(o, "name", &wrong);
	if (wrong)
		return bad(g, ".name", "应为文本", "must be text");
	m->name = dup(g, name);
	const char *rel = get_str(o, "relation", &wrong);
	if (!rel || strlen(rel) != 2 || rel[0] != '0' || rel[1] < '1' || rel[1] > '7')
		return bad(g, ".relation", "应为与户主关系代码 01-07（01 户主，02 配偶，03 子女…）",
		           "must be the relation to the head, 01-07 (01 head, 02 spouse, 03 child, ...)");
	m->relation = dup(g, rel);
	const char *status = get_str(o, "status", &wrong);
	if (wrong ||
	    (status && strcmp(status, "正常") && strcmp(status, "死亡注销") && strcmp(status, "迁出")))
		return bad(g, ".status", "应为 正常、死亡注销 或 迁出", "must be 正常, 死亡注销 or 迁出");
	m->status = dup(g, status ? status : "正常");
	m->birth = idn.birth;
	m->sex = idn.sex;
	const char *birth = get_str(o, "birth", &wrong);
	if (wrong || (birth && (strlen(birth) != 10 || date_parse(birth, 10, &m->birth))))
		return bad(g, ".birth", "不是真实存在的日期（YYYY-MM-DD）",
		           "is not a real date (YYYY-MM-DD)");
	if (!m->idno || !m->name || !m->relation || !m->status)
		return error_nomem(g->e);
	struct json_object *recs;
	struct facts fs = { 0 };
	if (json_object_object_get_ex(o, "records", &recs)) {
		if (!json_object_is_type(recs, json_type_object))
			return bad(g, ".records", "应为对象（资源代码到记录数组）",
			           "must be an object (resource codes to arrays of records)");
		json_object_object_foreach(recs, code, list)
		{
			const struct hub_resource *r = catalog_find(g->cat, code);
			snprintf(g->path, sizeof g->path, "%s.records.%s", base, code);
			if (!r)
				return bad(g, "", "目录中没有这个资源", "is not a resource of the catalogue");
			if (!json_object_is_type(list, json_type_array))
				return bad(g, "", "应为记录数组", "must be an array of records");
			for (size_t k = 0; k < json_object_array_length(list); k++) {
				snprintf(g->path, sizeof g->path, "%s.records.%s[%zu]", base, code, k + 1);
				int rc = record(g, r, json_object_array_get_idx(list, k), m->idno,
				                (long)k + 1, &fs);
				if (rc)
					return rc;
			}
		}
	}
	m->facts = fs.items;
	m->nfacts = fs.n;
	return 0;
}

static int authorisation(struct reader *g, struct json_object *root, struct vf_household *h)
{
	struct json_object *o;
	if (!json_object_object_get_ex(root, "authorisation", &o) || json_object_is_type(o, json_type_null))
		return 0; /* verification refuses it, with its own message */
	snprintf(g->path, sizeof g->path, "authorisation");
	if (!json_object_is_type(o, json_type_object))
		return bad(g, "", "应为对象", "must be an object");
	bool wrong = false;
	const char *by = get_str(o, "signed_by", &wrong), *on = get_str(o, "signed_on", &wrong),
	           *until = get_str(o, "valid_until", &wrong), *scope = get_str(o, "scope", &wrong),
	           *document = get_str(o, "document", &wrong);
	if (wrong)
		return bad(g, "", "的各项应为文本", "must hold text values");
	date_t d;
	if (!by || !*by)
		return bad(g, ".signed_by", "缺少签署人", "is missing: who signed");
	if (!on || strlen(on) != 10 || date_parse(on, 10, &d))
		return bad(g, ".signed_on", "应为签署日期（YYYY-MM-DD）",
		           "must be the day it was signed (YYYY-MM-DD)");
	if (until && *until && (strlen(until) != 10 || date_parse(until, 10, &d)))
		return bad(g, ".valid_until", "应为日期（YYYY-MM-DD）或留空",
		           "must be a date (YYYY-MM-DD) or empty");
	h->has_auth = true;
	h->auth.signed_by = dup(g, by);
	h->auth.signed_on = dup(g, on);
	h->auth.valid_until = dup(g, until);
	h->auth.scope = dup(g, scope);
	h->auth.document = dup(g, document);
	return 0;
}

static int warn(struct reader *g, const char *text)
{
	if (g->nwarnings == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 4;
		const char **n = arena_alloc(g->a, cap * sizeof *n);
		if (!n)
			return error_nomem(g->e);
		if (g->nwarnings)
			memcpy(n, g->warnings, g->nwarnings * sizeof *n);
		g->warnings = n;
		g->cap = cap;
	}
	if (!(g->warnings[g->nwarnings++] = dup(g, text)))
		return error_nomem(g->e);
	return 0;
}

/* urban or rural when the file does not say: the law reads it from where the household lives,
 * a community (社区, 居委会, 居民委员会) urban and a village (村) rural, said in the report's
 * warnings; a region whose name tells neither (a township's code, a farm) is an error */
static int urban_from_region(struct reader *g, struct vf_household *h)
{
	const struct region *reg = region_lookup(h->region, strlen(h->region));
	const char *name = reg ? reg->name : "";
	bool town = strstr(name, "社区") || strstr(name, "居委会") || strstr(name, "居民委员会"),
	     village = !town && strstr(name, "村");
	if (!town && !village)
		return error_set(
		    g->e, ERR_INVAL,
		    "urban：未填写，且居住地 %s（%s）的名称看不出城市或农村：请填写 true（城市）或 false（农村）",
		    "urban: is not given, and the name of the region %s (%s) does not tell urban from "
		    "rural: give true (urban) or false (rural)",
		    h->region, name);
	h->urban = town;
	char text[300];
	if (lang_current() == LANG_ZH)
		snprintf(text, sizeof text, "urban 未填写：按居住地“%s”的名称视为%s", name,
		         town ? "城市" : "农村");
	else
		snprintf(text, sizeof text, "urban is not given: read as %s from the name of the region, %s",
		         town ? "urban" : "rural", name);
	return warn(g, text);
}

static int household(struct reader *g, struct json_object *root, struct vf_household *h)
{
	if (!json_object_is_type(root, json_type_object))
		return error_set(g->e, ERR_INVAL, "家庭文件应为一个 JSON 对象",
		                 "the household file must be one JSON object");
	bool wrong = false;
	h->id = dup(g, get_str(root, "household", &wrong));
	const char *region = get_str(root, "region", &wrong);
	if (wrong)
		return error_set(g->e, ERR_INVAL, "household、region：应为文本（带引号）",
		                 "household, region: must be text (in quotes)");
	if (!region || !*region)
		return error_set(
		    g->e, ERR_INVAL, "region：缺少家庭居住地的区划代码（12 位村或社区代码）",
		    "region: is missing: the code of the village or community the household lives in");
	h->region = dup(g, region);
	struct json_object *u, *ms;
	h->urban = -1;
	if (json_object_object_get_ex(root, "urban", &u) && !json_object_is_type(u, json_type_null)) {
		if (!json_object_is_type(u, json_type_boolean))
			return error_set(g->e, ERR_INVAL, "urban：应为 true（城市）或 false（农村）",
			                 "urban: must be true (urban) or false (rural)");
		h->urban = json_object_get_boolean(u);
	}
	if (!json_object_object_get_ex(root, "members", &ms) || !json_object_is_type(ms, json_type_array) ||
	    json_object_array_length(ms) == 0)
		return error_set(g->e, ERR_INVAL, "members：应为至少有一名成员的数组",
		                 "members: must be an array with at least one member");
	h->nmembers = json_object_array_length(ms);
	h->members = arena_calloc(g->a, h->nmembers * sizeof *h->members);
	g->ids = arena_calloc(g->a, h->nmembers * sizeof *g->ids);
	if (!h->id || !h->region || !h->members || !g->ids)
		return error_nomem(g->e);
	/* every member's ID number first: a record may name a member listed after its own */
	for (size_t i = 0; i < h->nmembers; i++) {
		struct json_object *id;
		struct idno idn;
		const char *s = json_object_object_get_ex(json_object_array_get_idx(ms, i), "id", &id) &&
		                        json_object_is_type(id, json_type_string)
		                    ? json_object_get_string(id)
		                    : NULL;
		if (s && idno_parse(s, strlen(s), 0, &idn) == IDNO_OK && !(g->ids[i] = dup(g, idn.id)))
			return error_nomem(g->e);
	}
	g->nids = h->nmembers;
	int rc = h->urban < 0 ? urban_from_region(g, h) : 0;
	for (size_t i = 0; i < h->nmembers && !rc; i++)
		rc = member(g, json_object_array_get_idx(ms, i), i, &h->members[i]);
	if (!rc)
		rc = authorisation(g, root, h);
	h->warnings = g->warnings;
	h->nwarnings = g->nwarnings;
	return rc;
}

int vf_household_from_json(const char *json, size_t len, const char *catalog_json, struct arena *a,
                           struct vf_household *h, struct error *e)
{
	memset(h, 0, sizeof *h);
	struct catalog cat;
	int rc = hub_catalog_parse(catalog_json, &cat.r, &cat.n, e);
	cat.json = rc ? NULL : json_tokener_parse(catalog_json);
	if (!rc && !cat.json) {
		hub_catalog_free(cat.r, cat.n);
		rc = error_nomem(e);
	}
	if (rc)
		return rc;
	struct json_tokener *tok = json_tokener_new();
	if (tok) /* no comments, no single quotes, and nothing after the object but white space */
		json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS);
	struct json_object *root = tok ? json_tokener_parse_ex(tok, json, (int)len) : NULL;
	size_t end = root ? json_tokener_get_parse_end(tok) : 0;
	while (root && end < len && json[end] && strchr(" \t\r\n", json[end]))
		end++;
	if (!tok) {
		rc = error_nomem(e);
	} else if (root && end < len) {
		rc = error_set(e, ERR_INVAL, "家庭文件在第 %zu 个字节处还有内容：只能有一个 JSON 对象",
		               "the household file goes on at byte %zu: one JSON object only", end + 1);
	} else if (!root) {
		enum json_tokener_error je = json_tokener_get_error(tok);
		rc = error_set(e, ERR_INVAL, "家庭文件不是合法的 JSON（第 %zu 个字节附近：%s）",
		               "the household file is not valid JSON (near byte %zu: %s)",
		               json_tokener_get_parse_end(tok), json_tokener_error_desc(je));
	} else if ((rc = json_scan(json, len, true, e))) { /* a member twice, single quotes, NaN */
		char zh[sizeof e->zh], en[sizeof e->en];
		snprintf(zh, sizeof zh, "%s", e->zh);
		snprintf(en, sizeof en, "%s", e->en);
		rc = error_set(e, ERR_INVAL, "家庭文件：%s%.0s", "the household file: %.0s%s", zh, en);
	} else {
		struct reader g = { a, &cat, e, "", NULL, 0, NULL, 0, 0 };
		rc = household(&g, root, h);
	}
	json_object_put(root);
	json_object_put(cat.json);
	if (tok)
		json_tokener_free(tok);
	hub_catalog_free(cat.r, cat.n);
	return rc;
}
