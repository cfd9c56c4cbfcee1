/* rules_compile.c: reads a rule program: a lexer (names may be Chinese; 12 is an int, 1.3 a
 * ratio, 550元 or 550.50元 money, 2025-01-01 a date, "..." text) and a recursive-descent parser
 * that types every expression as it builds it, so a wrong program stops at its first error
 * with the file, line and column and what was expected there. */
#include "base/mem.h"
#include "base/money.h"
#include "base/region.h"
#include "policy/rules_int.h"

enum tok {
	T_END,
	T_NAME,
	T_INT,
	T_RATIO,
	T_MONEY,
	T_DATE,
	T_TEXT,
	T_LPAREN,
	T_RPAREN,
	T_COMMA,
	T_COLON,
	T_ASSIGN,
	T_EQ,
	T_NE,
	T_LT,
	T_LE,
	T_GT,
	T_GE,
	T_PLUS,
	T_MINUS,
	T_STAR,
	T_DOT,
	T_BAD,
};

struct parser {
	const char *file, *src;
	size_t len, pos;
	int line, col;
	/* the current token */
	enum tok t;
	const char *start;
	size_t tlen;
	int tline, tcol;
	int64_t num;
	char *text; /* T_TEXT, unescaped, in the program's arena */
	struct rules *r;
	const struct param_set *ps;
	/* the variables of the aggregates being parsed */
	struct {
		const char *name;
		size_t len;
		int32_t slot;
		const struct rules_shape *shape;
	} scope[8];
	int nscope;
	struct error *e;
	int err;
};

static const char *const type_names[RV_NTYPES] = { "bool", "int", "money", "ratio", "date", "text", "list" };

const char *rules_type_name(enum rv_type t)
{
	return t < RV_NTYPES ? type_names[t] : "?";
}

static int fail(struct parser *p, const char *zh, const char *en)
{
	if (!p->err)
		p->err = error_set(p->e, ERR_INVAL, "%s:%d:%d: %s", "%s:%d:%d: %s", p->file, p->tline,
		                   p->tcol, L(zh, en));
	return p->err;
}

static char peekc(const struct parser *p, size_t k)
{
	return p->pos + k < p->len ? p->src[p->pos + k] : '\0';
}

static void advance(struct parser *p, size_t n)
{
	for (size_t i = 0; i < n && p->pos < p->len; i++, p->pos++) {
		if (p->src[p->pos] == '\n') {
			p->line++;
			p->col = 1;
		} else if (((unsigned char)p->src[p->pos] & 0xC0) != 0x80) {
			p->col++; /* columns count characters, not bytes */
		}
	}
}

static bool name_char(unsigned char c)
{
	return c >= 0x80 || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void lex_number(struct parser *p)
{
	size_t n = 0;
	while (is_digit(peekc(p, n)))
		n++;
	/* a date: 2025-01-01 */
	if (n == 4 && peekc(p, 4) == '-' && is_digit(peekc(p, 5)) && is_digit(peekc(p, 6)) &&
	    peekc(p, 7) == '-' && is_digit(peekc(p, 8)) && is_digit(peekc(p, 9))) {
		date_t d;
		p->t = date_parse(p->src + p->pos, 10, &d) == 0 ? T_DATE : T_BAD;
		p->num = d;
		p->tlen = 10;
		advance(p, 10);
		return;
	}
	size_t m = n;
	if (peekc(p, m) == '.' && is_digit(peekc(p, m + 1))) {
		m++;
		while (is_digit(peekc(p, m)))
			m++;
	}
	/* money: digits with the yuan sign after them */
	if (p->pos + m + strlen("元") <= p->len && !memcmp(p->src + p->pos + m, "元", strlen("元"))) {
		fen_t v;
		p->t = money_parse(p->src + p->pos, m, &v, NULL) == 0 ? T_MONEY : T_BAD;
		p->num = v;
		p->tlen = m + strlen("元");
		advance(p, p->tlen);
		return;
	}
	if (m > n) {
		/* a ratio, kept in ten-thousandths: at most four decimals */
		int64_t whole = 0, frac = 0;
		size_t decimals = m - n - 1;
		bool ok = n <= 9 && decimals <= 4;
		for (size_t i = 0; ok && i < n; i++)
			whole = whole * 10 + (p->src[p->pos + i] - '0');
		for (size_t i = 0; ok && i < 4; i++)
			frac = frac * 10 + (i < decimals ? p->src[p->pos + n + 1 + i] - '0' : 0);
		p->t = ok ? T_RATIO : T_BAD;
		p->num = whole * 10000 + frac;
		p->tlen = m;
		advance(p, m);
		return;
	}
	int64_t v = 0;
	bool ok = n <= 18;
	for (size_t i = 0; ok && i < n; i++)
		v = v * 10 + (p->src[p->pos + i] - '0');
	p->t = ok ? T_INT : T_BAD;
	p->num = v;
	p->tlen = n;
	advance(p, n);
}

static void lex_text(struct parser *p)
{
	struct buf b = BUF_INIT(1 << 16);
	advance(p, 1);
	p->t = T_BAD;
	while (p->pos < p->len) {
		char c = p->src[p->pos];
		if (c == '"') {
			advance(p, 1);
			p->t = T_TEXT;
			break;
		}
		if (c == '\n' || c == '\0')
			break;
		if (c == '\\') {
			char d = peekc(p, 1);
			if (d != '"' && d != '\\' && d != 'n')
				break;
			buf_addch(&b, d == 'n' ? '\n' : d);
			advance(p, 2);
			continue;
		}
		buf_addch(&b, c);
		advance(p, 1);
	}
	p->text = p->t == T_TEXT ? arena_strndup(&p->r->mem, b.data ? b.data : "", b.len) : NULL;
	if (p->t == T_TEXT && !p->text)
		p->t = T_BAD;
	buf_release(&b);
}

static void next(struct parser *p)
{
	for (;;) {
		char c = peekc(p, 0);
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			advance(p, 1);
		} else if (c == '#') {
			while (p->pos < p->len && p->src[p->pos] != '\n')
				advance(p, 1);
		} else {
			break;
		}
	}
	p->start = p->src + p->pos;
	p->tline = p->line;
	p->tcol = p->col;
	p->tlen = 1;
	char c = peekc(p, 0), d = peekc(p, 1);
	if (p->pos >= p->len) {
		p->t = T_END;
		p->tlen = 0;
		return;
	}
	if (is_digit(c)) {
		lex_number(p);
		return;
	}
	if (c == '"') {
		lex_text(p);
		return;
	}
	if (name_char((unsigned char)c)) {
		size_t n = 0;
		while (p->pos + n < p->len && name_char((unsigned char)p->src[p->pos + n]))
			n++;
		p->t = T_NAME;
		p->tlen = n;
		advance(p, n);
		return;
	}
	static const struct {
		const char *s;
		enum tok t;
	} ops[] = { { "==", T_EQ },    { "!=", T_NE },   { "<=", T_LE },    { ">=", T_GE },
		    { "<", T_LT },     { ">", T_GT },    { "=", T_ASSIGN }, { "(", T_LPAREN },
		    { ")", T_RPAREN }, { ",", T_COMMA }, { ":", T_COLON },  { "+", T_PLUS },
		    { "-", T_MINUS },  { "*", T_STAR },  { ".", T_DOT } };
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		size_t n = strlen(ops[i].s);
		if (c == ops[i].s[0] && (n == 1 || d == ops[i].s[1])) {
			p->t = ops[i].t;
			p->tlen = n;
			advance(p, n);
			return;
		}
	}
	p->t = T_BAD;
	advance(p, 1);
}

static bool is_word(const struct parser *p, const char *w)
{
	return p->t == T_NAME && p->tlen == strlen(w) && !memcmp(p->start, w, p->tlen);
}

static bool accept_word(struct parser *p, const char *w)
{
	if (!is_word(p, w))
		return false;
	next(p);
	return true;
}

static bool reserved(const struct parser *p)
{
	/* of and max are words only inside a list type, where a name cannot stand */
	static const char *const words[] = { "input", "let",  "rule",  "when",     "zh",   "en",   "param",
		                             "if",    "then", "else",  "and",      "or",   "not",  "true",
		                             "false", "int",  "money", "ratio",    "bool", "date", "text",
		                             "list",  "in",   "where", "exception" };
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (is_word(p, words[i]))
			return true;
	return false;
}

static char *take_name(struct parser *p, const char *what_zh, const char *what_en)
{
	if (p->t != T_NAME || reserved(p)) {
		char zh[128], en[128];
		snprintf(zh, sizeof zh, "此处应为%s", what_zh);
		snprintf(en, sizeof en, "expected %s here", what_en);
		fail(p, zh, en);
		return NULL;
	}
	char *s = arena_strndup(&p->r->mem, p->start, p->tlen);
	if (!s)
		p->err = error_nomem(p->e);
	next(p);
	return s;
}

static int add_node(struct parser *p, struct node n)
{
	if (p->err)
		return -1;
	if (vec_push(&p->r->nodes, n)) {
		p->err = error_nomem(p->e);
		return -1;
	}
	p->r->cost++;
	return (int)p->r->nodes.len - 1;
}

static enum rv_type type_of(const struct parser *p, int n)
{
	return n >= 0 ? (enum rv_type)p->r->nodes.items[n].type : RV_BOOL;
}

static int find_decl(const struct rules *r, const char *name, size_t n, int *kind)
{
	for (size_t i = 0; i < r->lets.len; i++)
		if (strlen(r->lets.items[i].name) == n && !memcmp(r->lets.items[i].name, name, n)) {
			*kind = N_LET;
			return (int)i;
		}
	for (size_t i = 0; i < r->inputs.len; i++)
		if (strlen(r->inputs.items[i].name) == n && !memcmp(r->inputs.items[i].name, name, n)) {
			*kind = N_INPUT;
			return (int)i;
		}
	return -1;
}

static enum rv_type param_rv_type(enum param_type t)
{
	return t == PT_MONEY ? RV_MONEY : t == PT_RATIO ? RV_RATIO : RV_INT;
}

/* a parameter by name: its node; the program keeps each name once */
static int param_node(struct parser *p, const char *name, size_t n)
{
	const struct param_entry *found = NULL;
	for (size_t i = 0; p->ps && i < p->ps->n && !found; i++)
		if (strlen(p->ps->items[i].name) == n && !memcmp(p->ps->items[i].name, name, n))
			found = &p->ps->items[i];
	if (!found)
		return -1;
	size_t k = 0;
	while (k < p->r->params.len && strcmp(p->r->params.items[k].name, found->name))
		k++;
	if (k == p->r->params.len) {
		struct decl d = { found->name, param_rv_type(found->type), -1, NULL };
		if (vec_push(&p->r->params, d)) {
			p->err = error_nomem(p->e);
			return -1;
		}
	}
	struct node nd = { .kind = N_PARAM, .type = (uint8_t)param_rv_type(found->type), .a = (int32_t)k };
	return add_node(p, nd);
}

static int expr(struct parser *p);

static bool numeric(enum rv_type t)
{
	return t == RV_INT || t == RV_MONEY || t == RV_RATIO;
}

static int type_error(struct parser *p, const char *zh_fmt, const char *en_fmt, enum rv_type a,
                      enum rv_type b)
{
	char zh[200], en[200];
	snprintf(zh, sizeof zh, zh_fmt, rules_type_name(a), rules_type_name(b));
	snprintf(en, sizeof en, en_fmt, rules_type_name(a), rules_type_name(b));
	fail(p, zh, en);
	return -1;
}

/* VAR.FIELD, where VAR walks a list of the given shape */
static int field(struct parser *p, int32_t slot, const struct rules_shape *shape)
{
	if (p->t != T_DOT)
		return fail(p, "此处应为“.字段名”：列表中的一项要说用它的哪个字段",
		            "expected .FIELD here: say which field of the list's row"),
		       -1;
	next(p);
	size_t k = 0;
	while (p->t == T_NAME && k < shape->n &&
	       !(strlen(shape->names[k]) == p->tlen && !memcmp(shape->names[k], p->start, p->tlen)))
		k++;
	if (p->t != T_NAME || k == shape->n)
		return fail(p, "列表中没有这个字段", "the list has no such field"), -1;
	next(p);
	struct node n = { .kind = N_FIELD,
		          .type = (uint8_t)shape->types[k],
		          .b = (int32_t)k,
		          .var = slot,
		          .shape = shape->subs ? shape->subs[k] : NULL };
	return add_node(p, n);
}

/* AGG(VAR in LIST [where CONDITION] [: VALUE]): sum, count, any, all, min, max over a list's
 * rows. Its cost is that of its inner parts times the list's max rows. */
static int aggregate(struct parser *p, enum node_agg ag)
{
	const char *var = p->start;
	size_t vlen = p->tlen;
	next(p); /* the variable */
	next(p); /* in */
	int list = expr(p);
	if (p->err)
		return -1;
	const struct rules_shape *shape = p->r->nodes.items[list].shape;
	if (type_of(p, list) != RV_LIST || !shape)
		return fail(p, "in 之后应为一个列表（如家庭成员）",
		            "expected a list after in (such as the members)"),
		       -1;
	if (p->nscope == (int)ARRAY_SIZE(p->scope))
		return fail(p, "汇总嵌套过深", "aggregates nest too deep"), -1;
	int32_t slot = p->r->nvars++;
	p->scope[p->nscope].name = var;
	p->scope[p->nscope].len = vlen;
	p->scope[p->nscope].slot = slot;
	p->scope[p->nscope].shape = shape;
	p->nscope++;
	size_t cost_before = p->r->cost;
	int filter = -1, body = -1;
	if (accept_word(p, "where")) {
		filter = expr(p);
		if (!p->err && type_of(p, filter) != RV_BOOL)
			type_error(p, "where 之后应为 bool 条件，此处为 %s",
			           "where takes a bool condition, not %s", type_of(p, filter), RV_BOOL);
	}
	if (!p->err && p->t == T_COLON) {
		next(p);
		body = expr(p);
	}
	p->nscope--;
	if (p->err)
		return -1;
	enum rv_type bt = body >= 0 ? type_of(p, body) : RV_BOOL, t = bt;
	switch (ag) {
	case AG_COUNT:
		if (body >= 0)
			return fail(
			           p, "count 只计数，不取值：写 count(m in 列表 where 条件)",
			           "count counts, it takes no value: write count(m in LIST where CONDITION)"),
			       -1;
		t = RV_INT;
		break;
	case AG_ANY:
	case AG_ALL:
		if (body >= 0 && bt != RV_BOOL)
			return type_error(p, "any/all 的值应为 bool，此处为 %s",
			                  "any and all take a bool value, not %s", bt, RV_BOOL);
		t = RV_BOOL;
		break;
	case AG_SUM:
		if (body < 0 || (bt != RV_INT && bt != RV_MONEY))
			return fail(p, "sum 需要“: 数值”，如 sum(m in 成员 : m.月收入)",
			            "sum needs : and a number, as in sum(m in members : m.income)"),
			       -1;
		break;
	default:
		if (body < 0 || !(numeric(bt) || bt == RV_DATE))
			return fail(p, "min/max 需要“: 数值或日期”",
			            "min and max need : and a number or a date"),
			       -1;
	}
	if (p->t != T_RPAREN)
		return fail(p, "此处应为右括号“)”", "expected ) here"), -1;
	next(p);
	size_t inner = p->r->cost - cost_before;
	if (shape->max > 1 && inner > (SIZE_MAX / 2) / (size_t)shape->max)
		return fail(p, "汇总的代价过高", "the aggregate would cost too much"), -1;
	p->r->cost += inner * (size_t)(shape->max > 0 ? shape->max - 1 : 0);
	struct node n = { .kind = N_AGG,
		          .op = (uint8_t)ag,
		          .type = (uint8_t)t,
		          .a = list,
		          .b = filter,
		          .c = body,
		          .var = slot };
	return add_node(p, n);
}

static int binary(struct parser *p, enum node_op op, int a, int b, int line, int col);

/* one_of(x, a, b, ...): x == a or x == b or ...; x's nodes are visited once per choice, and the
 * cost bound counts them so */
static int one_of(struct parser *p)
{
	next(p); /* ( */
	size_t before = p->r->cost;
	int x = expr(p);
	size_t xcost = p->r->cost - before;
	int acc = -1, n = 0;
	while (!p->err && p->t == T_COMMA) {
		int line = p->tline, col = p->tcol;
		next(p);
		int eq = binary(p, OP_EQ, x, expr(p), line, col);
		acc = acc < 0 ? eq : binary(p, OP_OR, acc, eq, line, col);
		if (++n > 1)
			p->r->cost += xcost;
	}
	if (!p->err && (p->t != T_RPAREN || n == 0))
		return fail(p, "one_of 写作 one_of(值, 选项1, 选项2, ...)",
		            "one_of is one_of(VALUE, CHOICE, CHOICE, ...)"),
		       -1;
	next(p);
	return acc;
}

static int call(struct parser *p, const char *fname, size_t flen)
{
	if (flen == strlen("one_of") && !memcmp(fname, "one_of", flen))
		return one_of(p);
	static const struct {
		const char *name;
		enum node_agg ag;
	} aggs[] = { { "sum", AG_SUM }, { "count", AG_COUNT }, { "any", AG_ANY },
		     { "all", AG_ALL }, { "min", AG_MIN },     { "max", AG_MAX } };
	/* NAME( VAR in ... ) is an aggregate */
	if (p->pos < p->len) {
		struct parser look = *p;
		next(&look);
		bool var = look.t == T_NAME && !reserved(&look);
		if (var)
			next(&look);
		if (var && is_word(&look, "in"))
			for (size_t k = 0; k < ARRAY_SIZE(aggs); k++)
				if (strlen(aggs[k].name) == flen && !memcmp(aggs[k].name, fname, flen)) {
					next(p); /* ( */
					return aggregate(p, aggs[k].ag);
				}
	}
	static const struct {
		const char *name;
		enum node_fn fn;
		int args;
	} fns[] = { { "min", FN_MIN, 2 },
		    { "max", FN_MAX, 2 },
		    { "abs", FN_ABS, 1 },
		    { "div", FN_DIV, 3 },
		    { "mul", FN_MUL, 3 },
		    { "round_yuan", FN_ROUND_YUAN, 2 },
		    { "add_months", FN_ADD_MONTHS, 2 } };
	size_t k = 0;
	while (k < ARRAY_SIZE(fns) && !(strlen(fns[k].name) == flen && !memcmp(fns[k].name, fname, flen)))
		k++;
	if (k == ARRAY_SIZE(fns))
		return fail(
		           p, "没有这个函数（可用：min、max、abs、div、mul、round_yuan、add_months、one_of）",
		           "no such function (there are min, max, abs, div, mul, round_yuan, add_months, one_of)"),
		       -1;
	int args[3] = { -1, -1, -1 }, mode = -1, nargs = 0;
	next(p); /* ( */
	while (!p->err && p->t != T_RPAREN && nargs < 3) {
		if (nargs && p->t == T_COMMA)
			next(p);
		if (fns[k].args == 3 && nargs == 2) {
			mode = accept_word(p, "half_up") ? MONEY_ROUND_HALF_UP
			       : accept_word(p, "down")  ? MONEY_ROUND_DOWN
			       : accept_word(p, "up")    ? MONEY_ROUND_UP
			                                 : -1;
			if (mode < 0)
				return fail(p, "此处应为取整方式 half_up、down 或 up",
				            "expected a rounding: half_up, down or up"),
				       -1;
			nargs++;
			continue;
		}
		if (fns[k].fn == FN_ROUND_YUAN && nargs == 1) {
			mode = accept_word(p, "half_up") ? MONEY_ROUND_HALF_UP
			       : accept_word(p, "down")  ? MONEY_ROUND_DOWN
			       : accept_word(p, "up")    ? MONEY_ROUND_UP
			                                 : -1;
			if (mode < 0)
				return fail(p, "此处应为取整方式 half_up、down 或 up",
				            "expected a rounding: half_up, down or up"),
				       -1;
			nargs++;
			continue;
		}
		args[nargs++] = expr(p);
	}
	if (p->err)
		return -1;
	if (p->t != T_RPAREN || nargs != fns[k].args) {
		char zh[120], en[120];
		snprintf(zh, sizeof zh, "函数 %s 需要 %d 个参数", fns[k].name, fns[k].args);
		snprintf(en, sizeof en, "function %s takes %d arguments", fns[k].name, fns[k].args);
		return fail(p, zh, en), -1;
	}
	next(p);
	enum rv_type a = type_of(p, args[0]), b = args[1] >= 0 ? type_of(p, args[1]) : a, t = a;
	switch (fns[k].fn) {
	case FN_MIN:
	case FN_MAX:
		if (!numeric(a) && a != RV_DATE)
			return type_error(p, "min/max 用于数值或日期，不能用于 %s",
			                  "min and max take numbers or dates, not %s", a, b);
		if (a != b)
			return type_error(p, "min/max 的两个参数类型须相同：%s 与 %s",
			                  "min and max need two of one type: %s and %s", a, b);
		break;
	case FN_ABS:
		if (!numeric(a))
			return type_error(p, "abs 用于数值，不能用于 %s", "abs takes a number, not %s", a, b);
		break;
	case FN_DIV:
		if ((a != RV_MONEY && a != RV_INT) || b != RV_INT)
			return type_error(p, "div 为 div(金额或整数, 整数, 取整方式)，此处为 %s 与 %s",
			                  "div is div(money or int, int, rounding), not of %s and %s", a, b);
		break;
	case FN_MUL:
		if (a != RV_MONEY || b != RV_RATIO)
			return type_error(p, "mul 为 mul(金额, 比例, 取整方式)，此处为 %s 与 %s",
			                  "mul is mul(money, ratio, rounding), not of %s and %s", a, b);
		break;
	case FN_ROUND_YUAN:
		if (a != RV_MONEY)
			return type_error(p, "round_yuan 用于金额，不能用于 %s",
			                  "round_yuan takes money, not %s", a, b);
		t = RV_MONEY;
		break;
	case FN_ADD_MONTHS:
		if (a != RV_DATE || b != RV_INT)
			return type_error(p, "add_months 为 add_months(日期, 整数)，此处为 %s 与 %s",
			                  "add_months is add_months(date, int), not of %s and %s", a, b);
		t = RV_DATE;
		break;
	}
	struct node n = { .kind = N_CALL,
		          .op = (uint8_t)fns[k].fn,
		          .type = (uint8_t)t,
		          .mode = (uint8_t)(mode < 0 ? 0 : mode),
		          .a = args[0],
		          .b = fns[k].fn == FN_ROUND_YUAN ? -1 : args[1] };
	return add_node(p, n);
}

static int primary(struct parser *p)
{
	if (p->err)
		return -1;
	struct node n = { .kind = N_LIT };
	switch (p->t) {
	case T_INT:
	case T_MONEY:
	case T_RATIO:
	case T_DATE: {
		static const enum rv_type lit_type[] = {
			[T_INT] = RV_INT, [T_MONEY] = RV_MONEY, [T_RATIO] = RV_RATIO, [T_DATE] = RV_DATE
		};
		n.type = (uint8_t)lit_type[p->t];
		n.lit = (struct rv){ lit_type[p->t], p->num, NULL, NULL };
		next(p);
		return add_node(p, n);
	}
	case T_TEXT:
		n.type = RV_TEXT;
		n.lit = (struct rv){ RV_TEXT, 0, p->text, NULL };
		next(p);
		return add_node(p, n);
	case T_LPAREN: {
		next(p);
		int e = expr(p);
		if (!p->err && p->t != T_RPAREN)
			return fail(p, "此处应为右括号“)”", "expected ) here"), -1;
		next(p);
		return e;
	}
	case T_BAD:
		return fail(
		           p, "无法识别的字符或数字（金额写作 550元，日期写作 2025-01-01）",
		           "a character or number not understood (money is written 550元, a date 2025-01-01)"),
		       -1;
	case T_NAME:
		break;
	default:
		return fail(p, "此处应为一个值：数字、金额、日期、文字、名称或括号",
		            "expected a value: a number, money, a date, text, a name or ("),
		       -1;
	}
	if (is_word(p, "true") || is_word(p, "false")) {
		n.type = RV_BOOL;
		n.lit = (struct rv){ RV_BOOL, is_word(p, "true"), NULL, NULL };
		next(p);
		return add_node(p, n);
	}
	if (accept_word(p, "param")) {
		if (p->t != T_NAME)
			return fail(p, "param 之后应为参数名", "expected a parameter name after param"), -1;
		int k = param_node(p, p->start, p->tlen);
		if (k < 0 && !p->err)
			return fail(p, "没有这个政策参数（参见 safetynet policy show）",
			            "no such policy parameter (see safetynet policy show)"),
			       -1;
		next(p);
		return k;
	}
	if (accept_word(p, "if")) {
		int c = expr(p);
		if (!p->err && !accept_word(p, "then"))
			return fail(p, "此处应为 then", "expected then here"), -1;
		int a = expr(p);
		if (!p->err && !accept_word(p, "else"))
			return fail(p, "此处应为 else", "expected else here"), -1;
		int b = expr(p);
		if (p->err)
			return -1;
		if (type_of(p, c) != RV_BOOL)
			return type_error(p, "if 的条件应为 bool，此处为 %s",
			                  "the condition of if must be bool, not %s", type_of(p, c), RV_BOOL);
		if (type_of(p, a) != type_of(p, b) || type_of(p, a) == RV_LIST)
			return type_error(p, "if 的两个分支类型须相同且不是列表：%s 与 %s",
			                  "both branches of if need one type, not a list: %s and %s",
			                  type_of(p, a), type_of(p, b));
		struct node nd = { .kind = N_IF, .type = (uint8_t)type_of(p, a), .a = c, .b = a, .c = b };
		return add_node(p, nd);
	}
	if (reserved(p))
		return fail(p, "此处应为一个值，而不是关键字", "expected a value here, not a keyword"), -1;
	const char *name = p->start;
	size_t len = p->tlen;
	int nline = p->tline, ncol = p->tcol;
	next(p);
	if (p->t == T_LPAREN)
		return call(p, name, len);
	for (int v = p->nscope - 1; v >= 0; v--)
		if (p->scope[v].len == len && !memcmp(p->scope[v].name, name, len))
			return field(p, p->scope[v].slot, p->scope[v].shape);
	int kind, k = find_decl(p->r, name, len, &kind);
	if (k < 0) {
		p->tline = nline; /* point at the name */
		p->tcol = ncol;
	}
	if (k < 0)
		return fail(p, "未定义的名称：先用 input 或 let 声明",
		            "an undefined name: declare it with input or let first"),
		       -1;
	n.kind = (uint8_t)kind;
	n.type = (uint8_t)(kind == N_LET ? p->r->lets.items[k].type : p->r->inputs.items[k].type);
	n.shape = kind == N_LET ? p->r->lets.items[k].shape : p->r->inputs.items[k].shape;
	n.a = k;
	return add_node(p, n);
}

static int unary(struct parser *p)
{
	if (p->t == T_MINUS) {
		next(p);
		int a = unary(p);
		if (p->err)
			return -1;
		if (!numeric(type_of(p, a)))
			return type_error(p, "负号用于数值，不能用于 %s", "minus takes a number, not %s",
			                  type_of(p, a), RV_INT);
		struct node n = { .kind = N_NEG, .type = (uint8_t)type_of(p, a), .a = a };
		return add_node(p, n);
	}
	return primary(p);
}

/* op at line:col joins a and b; a type error points at the operator */
static int binary(struct parser *p, enum node_op op, int a, int b, int line, int col)
{
	if (p->err)
		return -1;
	p->tline = line;
	p->tcol = col;
	enum rv_type x = type_of(p, a), y = type_of(p, b), t = RV_BOOL;
	switch (op) {
	case OP_ADD:
	case OP_SUB:
		if (x == y && numeric(x))
			t = x;
		else if (x == RV_DATE && y == RV_INT)
			t = RV_DATE;
		else if (op == OP_SUB && x == RV_DATE && y == RV_DATE)
			t = RV_INT;
		else
			return type_error(p, "不能对 %s 与 %s 做加减", "cannot add or subtract %s and %s", x,
			                  y);
		break;
	case OP_MUL:
		if (x == RV_INT && y == RV_INT)
			t = RV_INT;
		else if ((x == RV_MONEY && y == RV_INT) || (x == RV_INT && y == RV_MONEY))
			t = RV_MONEY;
		else
			return type_error(
			    p, "不能相乘：%s 与 %s（金额乘比例请用 mul(金额, 比例, 取整方式)）",
			    "cannot multiply %s and %s (money times a ratio is mul(money, ratio, rounding))",
			    x, y);
		break;
	case OP_AND:
	case OP_OR:
		if (x != RV_BOOL || y != RV_BOOL)
			return type_error(p, "and/or 用于 bool，此处为 %s 与 %s",
			                  "and and or take bool, not %s and %s", x, y);
		break;
	case OP_EQ:
	case OP_NE:
		if (x != y || x == RV_LIST)
			return type_error(p, "只能比较同类型的值：%s 与 %s",
			                  "only values of one type compare: %s and %s", x, y);
		break;
	default:
		if (x != y || !(numeric(x) || x == RV_DATE))
			return type_error(p, "大小比较用于同类型的数值或日期：%s 与 %s",
			                  "ordering compares numbers or dates of one type: %s and %s", x, y);
	}
	struct node n = { .kind = N_BIN, .op = (uint8_t)op, .type = (uint8_t)t, .a = a, .b = b };
	return add_node(p, n);
}

static int product(struct parser *p)
{
	int a = unary(p);
	while (!p->err && p->t == T_STAR) {
		int line = p->tline, col = p->tcol;
		next(p);
		a = binary(p, OP_MUL, a, unary(p), line, col);
	}
	return a;
}

static int sum(struct parser *p)
{
	int a = product(p);
	while (!p->err && (p->t == T_PLUS || p->t == T_MINUS)) {
		enum node_op op = p->t == T_PLUS ? OP_ADD : OP_SUB;
		int line = p->tline, col = p->tcol;
		next(p);
		a = binary(p, op, a, product(p), line, col);
	}
	return a;
}

static int comparison(struct parser *p)
{
	int a = sum(p);
	static const enum node_op map[] = {
		[T_EQ] = OP_EQ, [T_NE] = OP_NE, [T_LT] = OP_LT, [T_LE] = OP_LE, [T_GT] = OP_GT, [T_GE] = OP_GE
	};
	if (!p->err && p->t >= T_EQ && p->t <= T_GE) {
		enum node_op op = map[p->t];
		int line = p->tline, col = p->tcol;
		next(p);
		a = binary(p, op, a, sum(p), line, col);
	}
	return a;
}

static int negation(struct parser *p)
{
	if (accept_word(p, "not")) {
		int a = negation(p);
		if (p->err)
			return -1;
		if (type_of(p, a) != RV_BOOL)
			return type_error(p, "not 用于 bool，不能用于 %s", "not takes bool, not %s",
			                  type_of(p, a), RV_BOOL);
		struct node n = { .kind = N_NOT, .type = RV_BOOL, .a = a };
		return add_node(p, n);
	}
	return comparison(p);
}

static int conjunction(struct parser *p)
{
	int a = negation(p);
	for (;;) {
		int line = p->tline, col = p->tcol;
		if (p->err || !accept_word(p, "and"))
			return a;
		a = binary(p, OP_AND, a, negation(p), line, col);
	}
}

static int expr(struct parser *p)
{
	/* nesting is bounded so that a hostile file cannot exhaust the stack */
	if (p->r->nodes.len > 100000 || p->pos > 4000000)
		return fail(p, "规则文件过大", "the rule file is too large"), -1;
	static _Thread_local int depth;
	if (++depth > 200) {
		depth--;
		return fail(p, "表达式嵌套过深（最多 200 层）",
		            "expressions nest too deep (200 levels at most)"),
		       -1;
	}
	int a = conjunction(p);
	for (;;) {
		int line = p->tline, col = p->tcol;
		if (p->err || !accept_word(p, "or"))
			break;
		a = binary(p, OP_OR, a, conjunction(p), line, col);
	}
	depth--;
	return a;
}

/* a message: text with {name} for a value; names are lets, inputs or parameters */
static int message(struct parser *p, const char *text, size_t *first, size_t *n)
{
	*first = p->r->pieces.len;
	const char *s = text;
	while (*s) {
		const char *open = strchr(s, '{');
		size_t lit = open ? (size_t)(open - s) : strlen(s);
		if (lit) {
			struct piece pc = { s, lit, -1 };
			if (vec_push(&p->r->pieces, pc))
				return p->err = error_nomem(p->e);
		}
		if (!open)
			break;
		const char *close = strchr(open, '}');
		if (!close)
			return fail(p, "消息中的“{”没有对应的“}”", "a { in the message has no }");
		int kind, k = find_decl(p->r, open + 1, (size_t)(close - open - 1), &kind);
		int node;
		if (k >= 0) {
			struct node nd = { .kind = (uint8_t)kind,
				           .type = (uint8_t)(kind == N_LET ? p->r->lets.items[k].type
				                                           : p->r->inputs.items[k].type),
				           .a = k };
			node = add_node(p, nd);
		} else {
			node = param_node(p, open + 1, (size_t)(close - open - 1));
		}
		if (node < 0)
			return fail(p, "消息引用了未定义的名称", "the message names something undefined");
		if (type_of(p, node) == RV_LIST)
			return fail(p, "消息不能直接引用列表，请引用它的汇总",
			            "a message cannot quote a list: quote an aggregate of it");
		struct piece pc = { NULL, 0, node };
		if (vec_push(&p->r->pieces, pc))
			return p->err = error_nomem(p->e);
		s = close + 1;
	}
	*n = p->r->pieces.len - *first;
	return 0;
}

/* TYPE, or `list of (NAME : TYPE, ...) max N`; a list's shape goes to *shape */
static int parse_type(struct parser *p, const struct rules_shape **shape, int depth)
{
	*shape = NULL;
	for (int k = 0; k < RV_LIST; k++)
		if (accept_word(p, type_names[k]))
			return k;
	if (!accept_word(p, "list")) {
		fail(p, "此处应为类型：bool、int、money、ratio、date、text 或 list of (...) max N",
		     "expected a type: bool, int, money, ratio, date, text or list of (...) max N");
		return -1;
	}
	if (depth >= 3) {
		fail(p, "列表嵌套过深", "lists nest too deep");
		return -1;
	}
	struct rules_shape *sh = arena_calloc(&p->r->mem, sizeof *sh);
	const size_t cap = 32;
	const char **names = arena_calloc(&p->r->mem, cap * sizeof *names);
	enum rv_type *types = arena_calloc(&p->r->mem, cap * sizeof *types);
	const struct rules_shape **subs = arena_calloc(&p->r->mem, cap * sizeof *subs);
	if (!sh || !names || !types || !subs) {
		p->err = error_nomem(p->e);
		return -1;
	}
	sh->names = names;
	sh->types = types;
	sh->subs = subs;
	if (!accept_word(p, "of") || p->t != T_LPAREN) {
		fail(p, "此处应为 of (字段 : 类型, ...)", "expected of (FIELD : TYPE, ...) here");
		return -1;
	}
	next(p);
	while (!p->err && p->t != T_RPAREN) {
		if (sh->n && p->t == T_COMMA)
			next(p);
		if (sh->n == cap) {
			fail(p, "列表的字段过多（最多 32 个）", "a list has too many fields (32 at most)");
			return -1;
		}
		char *f = take_name(p, "字段名", "a field's name");
		for (size_t i = 0; f && i < sh->n; i++)
			if (!strcmp(names[i], f))
				fail(p, "字段重复定义", "a field defined twice");
		if (!p->err && p->t != T_COLON)
			fail(p, "此处应为冒号“:”和类型", "expected : and a type here");
		if (p->err)
			return -1;
		next(p);
		names[sh->n] = f;
		int t = parse_type(p, &subs[sh->n], depth + 1);
		if (t < 0)
			return -1;
		types[sh->n++] = (enum rv_type)t;
	}
	if (p->err)
		return -1;
	next(p); /* ) */
	if (!accept_word(p, "max") || p->t != T_INT || p->num < 1 || p->num > 1000) {
		fail(
		    p, "此处应为 max 和 1 到 1000 的整数：列表最多有几项（它限定规则的代价）",
		    "expected max and a whole number from 1 to 1000: the most rows the list has (it bounds the cost)");
		return -1;
	}
	sh->max = (int)p->num;
	next(p);
	*shape = sh;
	return RV_LIST;
}

static int twice(struct parser *p, const char *name)
{
	char zh[200], en[200];
	snprintf(zh, sizeof zh, "名称“%s”重复定义（输入项、let 与规则共用一套名称）", name);
	snprintf(en, sizeof en,
	         "the name %s is defined twice (inputs, lets and rules share one set of names)", name);
	return fail(p, zh, en);
}

static bool defined(const struct parser *p, const char *name)
{
	int kind;
	bool used = find_decl(p->r, name, strlen(name), &kind) >= 0;
	for (size_t i = 0; i < p->r->rules.len; i++)
		used |= !strcmp(p->r->rules.items[i].name, name);
	return used;
}

static int rule_body(struct parser *p, struct rule *r);

/* exception RULE for REGION "label" when ... zh "..." en "...": replaces a base rule in a region
 * (a city or county code); the most specific region wins, and two exceptions to one rule for the
 * same region both claiming the last word are refused */
static int exception(struct parser *p, int line)
{
	struct rule x = { .line = line, .file = p->file };
	if (p->t != T_NAME)
		return fail(p, "此处应为要替换的规则名称", "expected the name of the rule it replaces");
	x.base = -1;
	for (size_t i = 0; i < p->r->rules.len; i++)
		if (strlen(p->r->rules.items[i].name) == p->tlen &&
		    !memcmp(p->r->rules.items[i].name, p->start, p->tlen))
			x.base = (int32_t)i;
	if (x.base < 0)
		return fail(p, "没有这条基础规则：例外须在它替换的规则之后",
		            "no such base rule: an exception comes after the rule it replaces");
	x.name = p->r->rules.items[x.base].name;
	next(p);
	if (!accept_word(p, "for") || (p->t != T_INT && p->t != T_NAME))
		return fail(p, "此处应为 for 和区划代码", "expected for and a region code here");
	char code[16];
	snprintf(code, sizeof code, "%.*s", (int)(p->tlen < 15 ? p->tlen : 15), p->start);
	if (!region_lookup(code, strlen(code)))
		return fail(p, "不是湖南省的区划代码", "not a Hunan region code");
	x.region = arena_strndup(&p->r->mem, code, strlen(code));
	next(p);
	if (p->t != T_TEXT)
		return fail(p, "此处应为例外的说明（带引号）", "expected the exception's label, in quotes");
	x.label = p->text;
	next(p);
	for (size_t i = 0; i < p->r->exceptions.len; i++) {
		const struct rule *o = &p->r->exceptions.items[i];
		if (o->base == x.base && !strcmp(o->region, x.region)) {
			char zh[300], en[300];
			snprintf(zh, sizeof zh, "规则 %s 在 %s 已有例外（%s:%d），两条都要最后说了算", x.name,
			         x.region, o->file, o->line);
			snprintf(en, sizeof en,
			         "rule %s already has an exception for %s (%s:%d): both claim the last word",
			         x.name, x.region, o->file, o->line);
			return fail(p, zh, en);
		}
	}
	if (rule_body(p, &x) == 0 && vec_push(&p->r->exceptions, x))
		p->err = error_nomem(p->e);
	return p->err;
}

static int rule_body(struct parser *p, struct rule *r)
{
	if (!p->err && !accept_word(p, "when"))
		return fail(p, "此处应为 when 和条件", "expected when and a condition here");
	int cline = p->tline, ccol = p->tcol;
	r->first = (int32_t)p->r->nodes.len;
	r->cond = expr(p);
	if (!p->err && type_of(p, r->cond) != RV_BOOL) {
		p->tline = cline; /* point at the condition, not past it */
		p->tcol = ccol;
	}
	if (!p->err && type_of(p, r->cond) != RV_BOOL)
		return type_error(p, "规则的条件应为 bool，此处为 %s",
		                  "a rule's condition must be bool, not %s", type_of(p, r->cond), RV_BOOL);
	if (!p->err && !accept_word(p, "zh"))
		return fail(p, "此处应为 zh 和中文消息", "expected zh and the message in Chinese here");
	if (!p->err && p->t != T_TEXT)
		return fail(p, "此处应为带引号的消息文字", "expected the message in quotes here");
	if (!p->err && message(p, p->text, &r->zh_first, &r->zh_n) == 0)
		next(p);
	if (!p->err && !accept_word(p, "en"))
		return fail(p, "此处应为 en 和英文消息", "expected en and the message in English here");
	if (!p->err && p->t != T_TEXT)
		return fail(p, "此处应为带引号的消息文字", "expected the message in quotes here");
	if (!p->err && message(p, p->text, &r->en_first, &r->en_n) == 0)
		next(p);
	return p->err;
}

static int declaration(struct parser *p)
{
	int line = p->tline;
	if (accept_word(p, "input")) {
		char *name = take_name(p, "输入项名称", "an input's name");
		if (!p->err && defined(p, name))
			return twice(p, name);
		if (!p->err && p->t != T_COLON)
			return fail(p, "此处应为冒号“:”和类型", "expected : and a type here");
		next(p);
		const struct rules_shape *shape = NULL;
		int t = parse_type(p, &shape, 0);
		struct decl d = { name, (enum rv_type)t, -1, shape };
		if (!p->err && vec_push(&p->r->inputs, d))
			p->err = error_nomem(p->e);
		return p->err;
	}
	if (accept_word(p, "let")) {
		char *name = take_name(p, "名称", "a name");
		if (!p->err && defined(p, name))
			return twice(p, name);
		if (!p->err && p->t != T_ASSIGN)
			return fail(p, "此处应为等号“=”", "expected = here");
		next(p);
		int e = expr(p);
		struct decl d = { name, type_of(p, e), e, e >= 0 ? p->r->nodes.items[e].shape : NULL };
		if (!p->err && vec_push(&p->r->lets, d))
			p->err = error_nomem(p->e);
		return p->err;
	}
	if (accept_word(p, "rule")) {
		struct rule r = { .line = line, .file = p->file, .base = -1 };
		r.name = take_name(p, "规则名称", "a rule's name");
		if (!p->err && defined(p, r.name))
			return twice(p, r.name);
		if (!p->err)
			rule_body(p, &r);
		if (!p->err && vec_push(&p->r->rules, r))
			p->err = error_nomem(p->e);
		return p->err;
	}
	if (accept_word(p, "exception"))
		return exception(p, line);
	return fail(p, "此处应为 input、let、rule 或 exception",
	            "expected input, let, rule or exception here");
}

int rules_compile(const char *name, const char *text, size_t len, const struct param_set *ps,
                  struct rules **out, struct error *e)
{
	return rules_compile_layers(1, &name, &text, &len, ps, out, e);
}

int rules_compile_layers(size_t n, const char *const *names, const char *const *texts, const size_t *lens,
                         const struct param_set *ps, struct rules **out, struct error *e)
{
	*out = NULL;
	struct rules *r = mem_calloc(1, sizeof *r);
	if (!r)
		return error_nomem(e);
	arena_init(&r->mem, 0);
	int err = 0;
	for (size_t i = 0; i < n && !err; i++) {
		struct parser p = { .file = names[i],
			            .src = texts[i],
			            .len = lens[i],
			            .line = 1,
			            .col = 1,
			            .r = r,
			            .ps = ps,
			            .e = e };
		next(&p);
		while (!p.err && p.t != T_END)
			declaration(&p);
		if (!p.err && i + 1 == n && r->rules.len == 0)
			fail(&p, "文件中没有规则（rule）", "the file states no rule");
		err = p.err;
	}
	if (err) {
		rules_free(r);
		return err;
	}
	*out = r;
	return 0;
}

void rules_free(struct rules *r)
{
	if (!r)
		return;
	vec_release(&r->nodes);
	vec_release(&r->inputs);
	vec_release(&r->lets);
	vec_release(&r->params);
	vec_release(&r->rules);
	vec_release(&r->exceptions);
	vec_release(&r->pieces);
	arena_release(&r->mem);
	mem_free(r);
}

size_t rules_ninputs(const struct rules *r)
{
	return r->inputs.len;
}

const char *rules_input_name(const struct rules *r, size_t i)
{
	return r->inputs.items[i].name;
}

enum rv_type rules_input_type(const struct rules *r, size_t i)
{
	return r->inputs.items[i].type;
}

size_t rules_nrules(const struct rules *r)
{
	return r->rules.len;
}

const char *rules_rule_name(const struct rules *r, size_t i)
{
	return r->rules.items[i].name;
}

size_t rules_cost(const struct rules *r)
{
	return r->cost;
}

size_t rules_nlets(const struct rules *r)
{
	return r->lets.len;
}

const char *rules_let_name(const struct rules *r, size_t i)
{
	return r->lets.items[i].name;
}

enum rv_type rules_let_type(const struct rules *r, size_t i)
{
	return r->lets.items[i].type;
}

const struct rules_shape *rules_input_shape(const struct rules *r, size_t i)
{
	return r->inputs.items[i].shape;
}
