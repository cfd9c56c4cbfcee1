/* params.c: loading, checking and resolving policy parameters. */
#include "policy/params.h"

#include "base/embedded.h"
#include "base/mem.h"
#include "base/money.h"
#include "base/region.h"

static const char *const type_names[] = { "money", "ratio", "int", "days" };

const char *params_type_name(enum param_type type)
{
	return (unsigned)type < ARRAY_SIZE(type_names) ? type_names[type] : "?";
}

void params_release(struct param_set *ps)
{
	mem_free(ps->items);
	mem_free(ps->buf);
	memset(ps, 0, sizeof *ps);
}

static bool name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* a decimal with at most four places, in ten-thousandths */
static bool parse_ratio(const char *s, int64_t *out)
{
	int64_t v = 0;
	int places = -1;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s == '.' && places < 0) {
			places = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || places >= 4 || v > INT64_MAX / 100)
			return false;
		v = v * 10 + (*s - '0');
		if (places >= 0)
			places++;
	}
	for (places = places < 0 ? 0 : places; places < 4; places++)
		v *= 10;
	*out = v;
	return true;
}

static bool parse_count(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v < 0)
		return false;
	*out = v;
	return true;
}

static int bad(struct error *e, int line, const char *zh, const char *en, const char *what)
{
	return error_set(e, ERR_INVAL, "第 %d 行：%s：%s", "line %d: %s: %s", line, L(zh, en), what);
}

static int parse_line(char *line, int lineno, struct param_entry *p, struct error *e)
{
	char *f[8];
	int n = 0;
	f[n++] = line;
	for (char *c = line; *c && n < 8; c++)
		if (*c == '\t') {
			*c = '\0';
			f[n++] = c + 1;
		}
	if (n != 8)
		return bad(
		    e, lineno, "应有 8 列（名称、区划、生效日期、值、类型、规则、依据、说明）",
		    "expected 8 tab-separated columns (name, region, valid from, value, type, rule, reference, note)",
		    "");
	p->line = lineno;
	p->name = f[0];
	p->region = f[1];
	p->text = f[3];
	p->reference = f[6];
	p->note = f[7];
	if (!name_ok(p->name))
		return bad(e, lineno, "参数名只能含小写字母、数字和下划线",
		           "a name takes lower-case letters, digits and _", p->name);
	const struct region *r = region_lookup(p->region, strlen(p->region));
	if (!r || strcmp(r->code, p->region))
		return bad(e, lineno, "不是湖南省区划的代码（用 2、4、6、9 或 12 位的本级代码）",
		           "not a code of the Hunan tree (use its own 2, 4, 6, 9 or 12 digits)", p->region);
	if (date_parse(f[2], strlen(f[2]), &p->from))
		return bad(e, lineno, "生效日期应为真实存在的 YYYY-MM-DD",
		           "the date it is valid from must be a real YYYY-MM-DD", f[2]);
	size_t t = 0;
	while (t < ARRAY_SIZE(type_names) && strcmp(type_names[t], f[4]))
		t++;
	if (t == ARRAY_SIZE(type_names))
		return bad(e, lineno, "类型应为 money、ratio、int 或 days",
		           "the type must be money, ratio, int or days", f[4]);
	p->type = (enum param_type)t;
	if (strcmp(f[5], "override") && strcmp(f[5], "floor"))
		return bad(e, lineno, "规则应为 override 或 floor", "the rule must be override or floor",
		           f[5]);
	p->rule = strcmp(f[5], "floor") ? PR_OVERRIDE : PR_FLOOR;
	bool ok;
	if (p->type == PT_MONEY) {
		struct error me;
		ok = money_parse(p->text, strlen(p->text), &p->value, &me) == 0 && p->value >= 0;
	} else if (p->type == PT_RATIO) {
		ok = parse_ratio(p->text, &p->value);
	} else {
		ok = parse_count(p->text, &p->value);
	}
	if (!ok)
		return bad(
		    e, lineno, "值与类型不符（金额为元、比例为小数、天数和个数为非负整数）",
		    "the value does not fit its type (money in yuan, ratio a decimal, int and days whole numbers of 0 or more)",
		    p->text);
	return 0;
}

int params_load_text(struct param_set *ps, const char *text, size_t len, struct error *e)
{
	memset(ps, 0, sizeof *ps);
	ps->buf = mem_strndup(text, len);
	size_t lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	ps->items = mem_calloc(lines, sizeof *ps->items);
	if (!ps->buf || !ps->items) {
		params_release(ps);
		return error_nomem(e);
	}
	int lineno = 0, rc = 0;
	for (char *line = ps->buf; line && rc == 0;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		if (*line && *line != '#') {
			struct param_entry *p = &ps->items[ps->n];
			rc = parse_line(line, lineno, p, e);
			for (size_t k = 0; rc == 0 && k < ps->n; k++) {
				const struct param_entry *q = &ps->items[k];
				if (strcmp(q->name, p->name))
					continue;
				if (q->type != p->type || q->rule != p->rule)
					rc = bad(e, lineno, "与第一次出现时的类型或规则不同",
					         "its type or rule differs from its first line", p->name);
				else if (!strcmp(q->region, p->region) && q->from == p->from)
					rc = bad(e, lineno, "同一区划同一日期重复定义",
					         "defined twice for the same region and date", p->name);
			}
			ps->n += rc == 0;
		}
		line = nl ? nl + 1 : NULL;
	}
	if (rc)
		params_release(ps);
	return rc;
}

int params_load_builtin(struct param_set *ps, struct error *e)
{
	struct embedded_file f = embedded_policy_params();
	return params_load_text(ps, f.data, f.len, e);
}

void params_snapshot_release(struct param_snapshot *s)
{
	mem_free(s->v);
	s->v = NULL;
	s->n = 0;
}

int params_resolve(const struct param_set *ps, const char *region, date_t date, struct param_snapshot *out,
                   struct error *e)
{
	memset(out, 0, sizeof *out);
	const struct region *r = region_lookup(region, strlen(region));
	if (!r)
		return error_set(e, ERR_INVAL, "湖南省区划中没有代码 %s",
		                 "no region of Hunan has the code %s", region);
	snprintf(out->region, sizeof out->region, "%s", r->code);
	out->date = date;
	out->v = mem_calloc(ps->n + 1, sizeof *out->v);
	if (!out->v)
		return error_nomem(e);
	for (size_t i = 0; i < ps->n; i++) {
		const struct param_entry *first = &ps->items[i];
		bool seen = false;
		for (size_t k = 0; k < out->n && !seen; k++)
			seen = !strcmp(out->v[k].name, first->name);
		if (seen)
			continue;
		/* at each level of the tree above the region, the entry in force is its latest one */
		const struct param_entry *at_level[6] = { 0 };
		for (size_t j = i; j < ps->n; j++) {
			const struct param_entry *p = &ps->items[j];
			if (strcmp(p->name, first->name) || p->from > date ||
			    !region_code_within(r->code, p->region))
				continue;
			size_t depth = strlen(p->region) / 2; /* 2, 4, 6, 9, 12 digits -> 1, 2, 3, 4, 6 */
			if (depth > 5)
				depth = 5;
			if (!at_level[depth] || p->from > at_level[depth]->from)
				at_level[depth] = p;
		}
		const struct param_entry *chosen = NULL;
		for (int d = 0; d < 6; d++) {
			const struct param_entry *p = at_level[d];
			if (!p)
				continue;
			if (!chosen || first->rule == PR_OVERRIDE || p->value >= chosen->value)
				chosen = p;
		}
		if (chosen)
			out->v[out->n++] =
			    (struct param_value){ chosen->name, chosen->type, chosen->value, chosen };
	}
	return 0;
}

const struct param_value *params_get(const struct param_snapshot *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			return &s->v[i];
	return NULL;
}

void params_format(enum param_type type, int64_t value, char *out, size_t cap)
{
	if (type == PT_MONEY) {
		char m[MONEY_STR_SIZE];
		money_format(value, m);
		snprintf(out, cap, "%s", m);
	} else if (type == PT_RATIO) {
		int64_t frac = value % 10000;
		int places = 4;
		while (places > 1 && frac % 10 == 0) {
			frac /= 10;
			places--;
		}
		snprintf(out, cap, "%" PRId64 ".%0*" PRId64, value / 10000, places, frac);
	} else {
		snprintf(out, cap, "%" PRId64, value);
	}
}
