/* rules_test.c: policy test cases, written as people read them (docs/POLICY.md): a case file
 * names a rule file, a region and a date, then cases, each with its inputs (one line of JSON) and
 * what it expects: a rule's outcome, a value, a phrase in a rule's message, or an error. The
 * runner reports each failure with its file, line and what differed. */
#include <dirent.h>

#include "base/arena.h"
#include "base/embedded.h"
#include "base/mem.h"
#include "base/money.h"
#include "policy/rules.h"

struct tcase {
	char name[128];
	char rules_path[1024], region[16];
	date_t date;
	char *input; /* JSON */
	int line;
	bool failed;
	/* the evaluation, made once per case on its first expectation */
	bool ran;
	int rc;
	char err[sizeof((struct error *)0)->zh + sizeof((struct error *)0)->en + 4];
	struct rules *r;
	bool *outcomes;
	struct rv *lets;
	struct buf trace;
	struct arena mem;
};

static void fail_case(struct tcase *c, FILE *out, const char *file, int line, const char *fmt, const char *a,
                      const char *b)
{
	if (!c->failed)
		fprintf(out, "%s:%d: %s %s\n", file, c->line, L("用例", "case"), c->name);
	c->failed = true;
	fprintf(out, "  %s:%d: ", file, line);
	fprintf(out, fmt, a, b);
	fputc('\n', out);
}

static char *slurp(const char *path)
{
	struct buf b = BUF_INIT((size_t)16 << 20);
	size_t len;
	if (buf_read_file(&b, path)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, &len);
}

/* "text" -> text, in place; anything else stays as written */
static void unquote(char *s)
{
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		memmove(s, s + 1, n - 2);
		s[n - 2] = '\0';
	}
}

static void run_case(struct tcase *c, const struct param_set *ps)
{
	c->ran = true;
	struct error e;
	error_clear(&e);
	struct param_snapshot snap = { 0 };
	struct rv *in = NULL;
	/* rules may name several files: a base and its layers */
	char paths[sizeof c->rules_path], *files[16];
	size_t n = 0;
	snprintf(paths, sizeof paths, "%s", c->rules_path);
	for (char *s = paths, *sp; s && n < 16; s = sp ? sp + 1 : NULL) {
		sp = strchr(s, '\x1f');
		if (sp)
			*sp = '\0';
		if (*s)
			files[n++] = s;
	}
	c->rc = rules_compile_files(n, (const char *const *)files, ps, &c->r, &e);
	if (c->rc == 0)
		c->rc = params_resolve(ps, c->region, c->date, &snap, &e);
	if (c->rc == 0)
		c->rc = rules_inputs_from_json(c->r, c->input ? c->input : "{}", &c->mem, &in, &e);
	if (c->rc == 0) {
		c->outcomes = arena_calloc(&c->mem, rules_nrules(c->r) + 1);
		c->lets = arena_calloc(&c->mem, (rules_nlets(c->r) + 1) * sizeof *c->lets);
		/* cases quote the Chinese messages, whatever language the runner reads */
		enum lang was = lang_current();
		lang_set(LANG_ZH);
		c->rc = c->outcomes && c->lets
		            ? rules_eval_lets(c->r, in, &snap, c->outcomes, c->lets, &c->trace, &e)
		            : error_nomem(&e);
		lang_set(was);
	}
	/* an expected error may be quoted in either language */
	if (c->rc)
		snprintf(c->err, sizeof c->err, "%s / %s", e.zh, e.en);
	params_snapshot_release(&snap);
}

static void end_case(struct tcase *c, struct rules_test_report *rep)
{
	if (c->name[0]) {
		rep->cases++;
		if (c->failed)
			rep->failed++;
		else
			rep->passed++;
	}
	rules_free(c->r);
	c->r = NULL;
	buf_release(&c->trace);
	arena_release(&c->mem);
	mem_free(c->input);
	c->input = NULL;
	c->ran = c->failed = false;
	c->name[0] = '\0';
}

/* a value written as in the rule language, for comparing with one of type t */
static bool parse_expected(const char *s, enum rv_type t, struct rv *v)
{
	size_t n = strlen(s);
	v->type = t;
	v->s = NULL;
	char *end;
	date_t d;
	switch (t) {
	case RV_BOOL:
		v->i = !strcmp(s, "true");
		return v->i || !strcmp(s, "false");
	case RV_INT:
		v->i = strtoll(s, &end, 10);
		return n && !*end;
	case RV_MONEY:
		if (n >= strlen("元") && !strcmp(s + n - strlen("元"), "元"))
			n -= strlen("元");
		return money_parse(s, n, &v->i, NULL) == 0;
	case RV_DATE:
		if (date_parse(s, n, &d))
			return false;
		v->i = d;
		return true;
	case RV_TEXT:
		v->s = s;
		return true;
	default:
		return false;
	}
}

static void show(struct rv v, char *out, size_t cap)
{
	switch (v.type) {
	case RV_BOOL:
		snprintf(out, cap, "%s", v.i ? "true" : "false");
		break;
	case RV_MONEY:
		if (cap >= MONEY_STR_SIZE)
			money_format(v.i, out);
		break;
	case RV_DATE:
		if (cap >= DATE_STR_SIZE)
			date_format((date_t)v.i, out);
		break;
	case RV_TEXT:
		snprintf(out, cap, "%s", v.s ? v.s : "");
		break;
	default:
		snprintf(out, cap, "%" PRId64, v.i);
	}
}

static void expect(struct tcase *c, const struct param_set *ps, const char *file, int line, const char *what,
                   FILE *out)
{
	if (!c->ran)
		run_case(c, ps);
	char name[256], want[256];
	const char *eq = strstr(what, " = ");
	if (!eq || (size_t)(eq - what) >= sizeof name) {
		fail_case(c, out, file, line,
		          L("写法应为 expect 名称 = 值：%s%s", "write expect NAME = VALUE: %s%s"), what, "");
		return;
	}
	snprintf(name, sizeof name, "%.*s", (int)(eq - what), what);
	snprintf(want, sizeof want, "%s", eq + 3);
	if (c->rc) {
		fail_case(c, out, file, line, L("求值失败：%s%s", "the evaluation failed: %s%s"), c->err, "");
		return;
	}
	struct rv got = { RV_NTYPES, 0, NULL, NULL };
	for (size_t i = 0; i < rules_nrules(c->r); i++)
		if (!strcmp(rules_rule_name(c->r, i), name))
			got = (struct rv){ RV_BOOL, c->outcomes[i], NULL, NULL };
	for (size_t i = 0; got.type == RV_NTYPES && i < rules_nlets(c->r); i++)
		if (!strcmp(rules_let_name(c->r, i), name))
			got = c->lets[i];
	if (got.type == RV_NTYPES || got.type == RV_LIST) {
		fail_case(c, out, file, line,
		          L("规则文件中没有规则或值 %s%s", "the rule file has no rule or value %s%s"), name,
		          "");
		return;
	}
	unquote(want);
	struct rv w;
	char shown[256];
	show(got, shown, sizeof shown);
	if (!parse_expected(want, got.type, &w))
		fail_case(c, out, file, line, L("期望值 %s 不是 %s", "the expected value %s is not a %s"),
		          want, rules_type_name(got.type));
	else if (got.type == RV_TEXT ? strcmp(w.s, got.s ? got.s : "") != 0 : w.i != got.i)
		fail_case(c, out, file, line, L("期望 %s，实为 %s", "expected %s, got %s"), want, shown);
}

/* params FILE: the built-in defaults with FILE's parameter lines added (a test layer, e.g. a
 * county that pays add-ons), for the cases that follow; FILE is named from the case file's
 * folder. Made-up figures live in such files beside the tests, never in the defaults. */
static int load_layer(const char *dir, const char *name, struct param_set *own, struct error *e)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	struct embedded_file def = embedded_policy_params();
	struct buf all = BUF_INIT((size_t)16 << 20);
	int rc = buf_add(&all, def.data, def.len) || buf_addch(&all, '\n') ? ERR_NOMEM : 0;
	if (rc)
		rc = error_nomem(e);
	else if (buf_read_file(&all, path))
		rc = error_set(e, ERR_IO, "无法读取参数文件 %s", "cannot read the parameter file %s", path);
	if (rc == 0) {
		params_release(own);
		rc = params_load_text(own, buf_cstr(&all), all.len, e);
	}
	if (rc == ERR_INVAL) { /* its line numbers count the defaults' lines first */
		char zh[sizeof e->zh], en[sizeof e->en];
		snprintf(zh, sizeof zh, "%s", e->zh);
		snprintf(en, sizeof en, "%s", e->en);
		rc = error_set(e, ERR_INVAL, "%s（接在默认参数之后）：%s%.0s",
		               "%s (after the defaults' lines): %.0s%s", path, zh, en);
	}
	buf_release(&all);
	return rc;
}

static int run_file(const char *dir, const char *file, const struct param_set *ps, FILE *out,
                    struct rules_test_report *rep, struct error *e)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	char *text = slurp(path);
	if (!text)
		return error_set(e, ERR_IO, "无法读取 %s", "cannot read %s", path);
	rep->files++;
	struct tcase c = { 0 };
	arena_init(&c.mem, 0);
	buf_init(&c.trace, (size_t)1 << 20);
	snprintf(c.region, sizeof c.region, "43");
	c.date = date_today();
	int lineno = 0, rc = 0;
	struct param_set own = { 0 }; /* the defaults with the file's test layer, once it names one */
	for (char *line = text, *nl; line && rc == 0; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		size_t n = strlen(line);
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = '\0';
		if (!n || line[0] == '#')
			continue;
		char *sp = strchr(line, ' ');
		const char *arg = sp ? sp + 1 : "";
		size_t kw = sp ? (size_t)(sp - line) : n;
#define IS(w) (kw == strlen(w) && !strncmp(line, w, kw))
		if (IS("rules")) {
			/* one file or several (a base and its layers), kept as dir/name joined by 0x1F */
			size_t at = 0;
			c.rules_path[0] = '\0';
			for (const char *s = arg; *s;) {
				const char *blank = strchr(s, ' ');
				size_t len = blank ? (size_t)(blank - s) : strlen(s);
				int w = len ? snprintf(c.rules_path + at, sizeof c.rules_path - at,
				                       "%s%s/%.*s", at ? "\x1f" : "", dir, (int)len, s)
				            : 0;
				if (w < 0 || (size_t)w >= sizeof c.rules_path - at)
					break;
				at += (size_t)w;
				s += len + (blank != NULL);
			}
		} else if (IS("params")) {
			rc = load_layer(dir, arg, &own, e);
			if (rc == 0)
				ps = &own;
		} else if (IS("region")) {
			snprintf(c.region, sizeof c.region, "%s", arg);
		} else if (IS("date")) {
			if (date_parse(arg, strlen(arg), &c.date))
				rc = error_set(e, ERR_INVAL, "%s:%d: 日期应为 YYYY-MM-DD",
				               "%s:%d: the date must be YYYY-MM-DD", path, lineno);
		} else if (IS("case")) {
			end_case(&c, rep);
			arena_init(&c.mem, 0);
			buf_init(&c.trace, (size_t)1 << 20);
			snprintf(c.name, sizeof c.name, "%s", arg);
			c.line = lineno;
		} else if (!c.name[0] && (IS("input") || IS("expect") || IS("says") || IS("error"))) {
			rc = error_set(e, ERR_INVAL, "%s:%d: 用例之外只能写 rules、region、date",
			               "%s:%d: outside a case only rules, region and date may be set", path,
			               lineno);
		} else if (IS("input")) {
			mem_free(c.input);
			c.input = mem_strndup(arg, strlen(arg));
		} else if (IS("expect")) {
			expect(&c, ps, path, lineno, arg, out);
		} else if (IS("says")) {
			char rule[256];
			const char *q = strchr(arg, ' ');
			snprintf(rule, sizeof rule, "%.*s", q ? (int)(q - arg) : 0, arg);
			const char *phrase = q ? q + 1 : "";
			char want[512];
			snprintf(want, sizeof want, "%s", phrase);
			unquote(want);
			if (!c.ran)
				run_case(&c, ps);
			/* the trace line of the rule: NAME<TAB>outcome<TAB>message */
			char head[300];
			snprintf(head, sizeof head, "%s\t", rule);
			const char *t = buf_cstr(&c.trace), *at = NULL;
			for (const char *l = t; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
				if (!strncmp(l, head, strlen(head)))
					at = l;
			const char *eol = at ? strchr(at, '\n') : NULL;
			char msg[1024] = "";
			if (at)
				snprintf(msg, sizeof msg, "%.*s", eol ? (int)(eol - at) : (int)strlen(at),
				         at);
			if (c.rc)
				fail_case(&c, out, path, lineno,
				          L("求值失败：%s%s", "the evaluation failed: %s%s"), c.err, "");
			else if (!strstr(msg, want))
				fail_case(&c, out, path, lineno,
				          L("消息中没有“%s”：%s", "the message lacks \"%s\": %s"), want,
				          msg[0] ? msg : rule);
		} else if (IS("error")) {
			char want[512];
			snprintf(want, sizeof want, "%s", arg);
			unquote(want);
			if (!c.ran)
				run_case(&c, ps);
			if (!c.rc || !strstr(c.err, want))
				fail_case(&c, out, path, lineno,
				          L("期望错误“%s”，实为：%s", "expected the error \"%s\", got: %s"),
				          want, c.rc ? c.err : L("没有错误", "no error"));
		} else {
			rc = error_set(
			    e, ERR_INVAL,
			    "%s:%d: 不认识的行（可用 case、rules、region、date、input、expect、says、error）",
			    "%s:%d: a line not understood (there are case, rules, params, region, date, input, expect, says, error)",
			    path, lineno);
		}
#undef IS
	}
	end_case(&c, rep);
	mem_free(text);
	params_release(&own);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int rules_test_dir(const char *dir, const struct param_set *ps, FILE *out, struct rules_test_report *rep,
                   struct error *e)
{
	memset(rep, 0, sizeof *rep);
	DIR *d = opendir(dir);
	if (!d)
		return error_set(e, ERR_IO, "无法打开目录 %s：%s", "cannot open the folder %s: %s", dir,
		                 strerror(errno));
	char *names[512];
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < ARRAY_SIZE(names)) {
		size_t len = strlen(de->d_name);
		if (len > 6 && !strcmp(de->d_name + len - 6, ".cases"))
			names[n++] = mem_strndup(de->d_name, len);
	}
	closedir(d);
	qsort(names, n, sizeof names[0], by_name);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && names[i])
			rc = run_file(dir, names[i], ps, out, rep, e);
		mem_free(names[i]);
	}
	if (rc == 0 && rep->files == 0)
		rc = error_set(e, ERR_NOTFOUND, "%s 中没有用例文件（*.cases）",
		               "%s holds no case files (*.cases)", dir);
	return rc;
}
