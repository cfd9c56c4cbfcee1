/* rules_eval.c: evaluating a compiled rule program over one set of inputs: the lets once each
 * in order, then every rule's condition, walking the typed node array (no node is visited twice,
 * so the cost is the program's node count). Arithmetic is checked: an overflow is an error,
 * never a wrong amount. The trace gives each rule's outcome and message with its values, and the
 * parameters read with their source. */
#include "base/mem.h"
#include "base/money.h"
#include "policy/rules_int.h"

struct ev {
	const struct rules *r;
	const struct rv *inputs;
	const struct param_snapshot *snap;
	const struct param_value **params; /* per program parameter, looked up once */
	struct rv *lets;
	const struct rv **vars; /* the row each aggregate variable is at */
	struct error *e;
	int err;
	size_t visits; /* nodes evaluated: never more than the program has (its cost bound) */
};

static struct rv overflow(struct ev *v)
{
	if (!v->err)
		v->err = error_set(v->e, ERR_OVERFLOW, "计算溢出", "an arithmetic overflow");
	return (struct rv){ RV_INT, 0, NULL, NULL };
}

static int cmp(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

static struct rv eval(struct ev *v, int32_t k);

/* sum, count, any, all, min, max over a list's rows, each row bound to the node's variable */
static struct rv aggregate(struct ev *v, const struct node *n)
{
	struct rv out = { (enum rv_type)n->type, 0, NULL, NULL };
	const struct rv_list *l = eval(v, n->a).list;
	const struct rules_shape *shape = v->r->nodes.items[n->a].shape;
	out.i = n->op == AG_ALL;
	bool first = true;
	for (size_t i = 0; l && i < l->n && !v->err; i++) {
		v->vars[n->var] = l->cells + i * shape->n;
		if (n->b >= 0 && !eval(v, n->b).i)
			continue;
		int64_t x = n->c >= 0 ? eval(v, n->c).i : 1;
		switch ((enum node_agg)n->op) {
		case AG_SUM:
			if (__builtin_add_overflow(out.i, x, &out.i))
				return overflow(v);
			break;
		case AG_COUNT:
			out.i++;
			break;
		case AG_ANY:
			out.i |= x != 0;
			break;
		case AG_ALL:
			out.i &= x != 0;
			break;
		case AG_MIN:
			out.i = first || x < out.i ? x : out.i;
			break;
		case AG_MAX:
			out.i = first || x > out.i ? x : out.i;
			break;
		}
		first = false;
	}
	if (first && (n->op == AG_MIN || n->op == AG_MAX) && !v->err)
		v->err = error_set(v->e, ERR_INVAL, "min/max 的列表（经筛选后）为空",
		                   "min or max of an empty list (after its filter)");
	return out;
}

static struct rv eval(struct ev *v, int32_t k)
{
	const struct node *n = &v->r->nodes.items[k];
	struct rv out = { (enum rv_type)n->type, 0, NULL, NULL };
	if (v->err)
		return out;
	if (++v->visits > v->r->cost) {
		v->err = error_set(v->e, ERR_TOOBIG, "超出规则的代价上限（程序错误）",
		                   "the rules' cost bound was passed (a bug)");
		return out;
	}
	switch ((enum node_kind)n->kind) {
	case N_LIT:
		return n->lit;
	case N_INPUT:
		return v->inputs[n->a];
	case N_LET:
		return v->lets[n->a];
	case N_PARAM:
		out.i = v->params[n->a] ? v->params[n->a]->value : 0;
		return out;
	case N_NEG: {
		struct rv a = eval(v, n->a);
		if (__builtin_sub_overflow(0, a.i, &out.i))
			return overflow(v);
		return out;
	}
	case N_NOT:
		out.i = !eval(v, n->a).i;
		return out;
	case N_IF:
		return eval(v, n->a).i ? eval(v, n->b) : eval(v, n->c);
	case N_BIN: {
		struct rv a = eval(v, n->a);
		/* and/or look at their right side only when they must */
		if (n->op == OP_AND && !a.i)
			return out;
		if (n->op == OP_OR && a.i) {
			out.i = 1;
			return out;
		}
		struct rv b = eval(v, n->b);
		bool bad = false;
		switch ((enum node_op)n->op) {
		case OP_ADD:
			bad = __builtin_add_overflow(a.i, b.i, &out.i);
			break;
		case OP_SUB:
			bad = __builtin_sub_overflow(a.i, b.i, &out.i);
			break;
		case OP_MUL:
			bad = __builtin_mul_overflow(a.i, b.i, &out.i);
			break;
		case OP_AND:
		case OP_OR:
			out.i = b.i != 0;
			break;
		case OP_EQ:
		case OP_NE: {
			bool eq = a.type == RV_TEXT ? !strcmp(a.s ? a.s : "", b.s ? b.s : "") : a.i == b.i;
			out.i = n->op == OP_EQ ? eq : !eq;
			break;
		}
		case OP_LT:
			out.i = cmp(a.i, b.i) < 0;
			break;
		case OP_LE:
			out.i = cmp(a.i, b.i) <= 0;
			break;
		case OP_GT:
			out.i = cmp(a.i, b.i) > 0;
			break;
		case OP_GE:
			out.i = cmp(a.i, b.i) >= 0;
			break;
		}
		return bad ? overflow(v) : out;
	}
	case N_FIELD:
		return v->vars[n->var][n->b];
	case N_AGG:
		return aggregate(v, n);
	case N_CALL: {
		struct rv a = eval(v, n->a), b = n->b >= 0 ? eval(v, n->b) : a;
		int rc = 0;
		switch ((enum node_fn)n->op) {
		case FN_MIN:
			out.i = a.i < b.i ? a.i : b.i;
			break;
		case FN_MAX:
			out.i = a.i > b.i ? a.i : b.i;
			break;
		case FN_ABS:
			if (a.i == INT64_MIN)
				return overflow(v);
			out.i = a.i < 0 ? -a.i : a.i;
			break;
		case FN_DIV:
			if (b.i == 0) {
				if (!v->err)
					v->err = error_set(v->e, ERR_INVAL, "除数为零", "a division by zero");
				return out;
			}
			rc = money_div(a.i, b.i, (enum money_round)n->mode, &out.i);
			break;
		case FN_MUL: {
			/* money times ten-thousandths, then back to fen with the rounding asked */
			int64_t t;
			if (__builtin_mul_overflow(a.i, b.i, &t))
				return overflow(v);
			rc = money_div(t, 10000, (enum money_round)n->mode, &out.i);
			break;
		}
		case FN_ROUND_YUAN:
			rc = money_round_yuan(a.i, (enum money_round)n->mode, &out.i);
			break;
		case FN_ADD_MONTHS:
			/* a civil date moved by whole months (the 31st becomes the month's last day) */
			if (b.i < -1200 || b.i > 1200 || a.i < -100000 || a.i > 200000)
				return overflow(v);
			out.i = date_add_months((date_t)a.i, (int)b.i);
			break;
		}
		return rc ? overflow(v) : out;
	}
	}
	return out;
}

static void put_value(struct buf *b, struct rv x)
{
	char t[40];
	switch (x.type) {
	case RV_BOOL:
		buf_adds(b, x.i ? L("是", "yes") : L("否", "no"));
		break;
	case RV_MONEY:
		money_format(x.i, t);
		buf_adds(b, t);
		break;
	case RV_RATIO:
		params_format(PT_RATIO, x.i, t, sizeof t);
		buf_adds(b, t);
		break;
	case RV_DATE:
		date_format((date_t)x.i, t);
		buf_adds(b, t);
		break;
	case RV_TEXT:
		buf_adds(b, x.s ? x.s : "");
		break;
	default:
		buf_addf(b, "%" PRId64, x.i);
	}
}

/* the inputs, lets and parameters a rule's condition read, each once, with their values */
static void put_seen(struct ev *v, struct buf *b, const struct rule *ru)
{
	bool any = false;
	for (int32_t k = ru->first; k <= ru->cond && k >= 0; k++) {
		const struct node *n = &v->r->nodes.items[k];
		if ((n->kind != N_INPUT && n->kind != N_LET && n->kind != N_PARAM) || n->type == RV_LIST)
			continue;
		bool again = false;
		for (int32_t j = ru->first; j < k && !again; j++) {
			const struct node *o = &v->r->nodes.items[j];
			again = o->kind == n->kind && o->a == n->a;
		}
		if (again)
			continue;
		const char *name = n->kind == N_INPUT ? v->r->inputs.items[n->a].name
		                   : n->kind == N_LET ? v->r->lets.items[n->a].name
		                                      : v->r->params.items[n->a].name;
		struct rv x = { (enum rv_type)n->type, 0, NULL, NULL };
		if (n->kind == N_INPUT)
			x = v->inputs[n->a];
		else if (n->kind == N_LET)
			x = v->lets[n->a];
		else
			x.i = v->params[n->a] ? v->params[n->a]->value : 0;
		buf_adds(b, any ? L("，", ", ") : L("  依据：", "  saw: "));
		buf_addf(b, "%s = ", name);
		put_value(b, x);
		any = true;
	}
	if (any)
		buf_addch(b, '\n');
}

static void put_message(struct ev *v, struct buf *b, size_t first, size_t n)
{
	for (size_t i = first; i < first + n; i++) {
		const struct piece *pc = &v->r->pieces.items[i];
		if (pc->node < 0)
			buf_add(b, pc->text, pc->len);
		else
			put_value(b, eval(v, pc->node));
	}
}

/* a list fits its shape: at most max rows, each cell of its field's type, recursively */
static bool list_ok(const struct rv_list *l, const struct rules_shape *shape)
{
	if (!l || !shape || l->n > (size_t)shape->max || (l->n && !l->cells))
		return false;
	for (size_t i = 0; i < l->n; i++)
		for (size_t f = 0; f < shape->n; f++) {
			const struct rv *c = &l->cells[i * shape->n + f];
			if (c->type != shape->types[f] ||
			    (c->type == RV_LIST && !list_ok(c->list, shape->subs[f])))
				return false;
		}
	return true;
}

uint64_t rules_reason_code(const struct rules *r, const bool *outcomes)
{
	uint64_t code = 0;
	for (size_t i = 0; i < r->rules.len && i < 64; i++)
		code |= (uint64_t)outcomes[i] << i;
	return code;
}

int rules_eval(const struct rules *r, const struct rv *inputs, const struct param_snapshot *snap,
               bool *outcomes, struct buf *trace, struct error *e)
{
	return rules_eval_lets(r, inputs, snap, outcomes, NULL, trace, e);
}

/* What an evaluation writes besides the outcomes: nothing, the rules' messages only (one each,
 * NUL-terminated, at starts[i]), or the full trace (rule lines, what each read, parameters). */
enum trace_detail { TD_NONE, TD_MESSAGES, TD_FULL };

static void put_params(const struct rules *r, const struct param_value *const *params, struct buf *trace)
{
	for (size_t i = 0; i < r->params.len; i++) {
		const struct param_value *pv = params[i];
		char val[40], from[DATE_STR_SIZE];
		params_format(pv->type, pv->value, val, sizeof val);
		date_format(pv->source->from, from);
		buf_addf(trace, "%s %s = %s\t%s %s, %s %s, %s\n", L("参数", "parameter"), pv->name, val,
		         L("地区", "region"), pv->source->region, L("起", "from"), from,
		         pv->source->reference);
	}
}

static int evaluate(const struct rules *r, const struct rv *inputs, const struct param_snapshot *snap,
                    bool *outcomes, struct rv *lets_out, struct buf *trace, enum trace_detail detail,
                    size_t *starts, struct error *e)
{
	for (size_t i = 0; i < r->inputs.len; i++) {
		if (inputs[i].type != r->inputs.items[i].type)
			return error_set(e, ERR_INVAL, "输入项 %s 应为 %s，给出的是 %s",
			                 "input %s must be %s, not %s", r->inputs.items[i].name,
			                 rules_type_name(r->inputs.items[i].type),
			                 rules_type_name(inputs[i].type));
		if (inputs[i].type == RV_LIST && !list_ok(inputs[i].list, r->inputs.items[i].shape))
			return error_set(
			    e, ERR_INVAL, "输入项 %s 的列表与声明不符（项数超过上限或字段类型不对）",
			    "input %s does not fit its declaration (more rows than its max, or a field of another type)",
			    r->inputs.items[i].name);
	}
	struct rv lets_small[64];
	const struct param_value *params_small[64];
	struct rv *lets = r->lets.len <= 64 ? lets_small : mem_calloc(r->lets.len, sizeof *lets);
	const struct param_value **params =
	    r->params.len <= 64 ? params_small : mem_calloc(r->params.len, sizeof *params);
	if (!lets || !params) {
		if (lets != lets_small)
			mem_free(lets);
		if (params != params_small)
			mem_free(params);
		return error_nomem(e);
	}
	const struct rv *vars_small[16];
	const struct rv **vars = r->nvars <= 16 ? vars_small : mem_calloc((size_t)r->nvars, sizeof *vars);
	if (!vars) {
		if (lets != lets_small)
			mem_free(lets);
		if (params != params_small)
			mem_free(params);
		return error_nomem(e);
	}
	struct ev v = { r, inputs, snap, params, lets, vars, e, 0, 0 };
	for (size_t i = 0; i < r->params.len && !v.err; i++) {
		params[i] = snap ? params_get(snap, r->params.items[i].name) : NULL;
		if (!params[i])
			v.err = error_set(e, ERR_NOTFOUND, "参数 %s 在该地区和日期没有取值",
			                  "parameter %s has no value for that region and date",
			                  r->params.items[i].name);
	}
	for (size_t i = 0; i < r->lets.len && !v.err; i++)
		lets[i] = eval(&v, r->lets.items[i].node);
	for (size_t i = 0; i < r->rules.len && !v.err; i++) {
		const struct rule *ru = &r->rules.items[i];
		/* the most specific exception for the household's region replaces the base rule */
		size_t best = 0;
		for (size_t k = 0; snap && k < r->exceptions.len; k++) {
			const struct rule *x = &r->exceptions.items[k];
			size_t rl = strlen(x->region);
			if (x->base == (int32_t)i && rl > best && !strncmp(snap->region, x->region, rl)) {
				best = rl;
				ru = x;
			}
		}
		outcomes[i] = eval(&v, ru->cond).i != 0;
		if (detail != TD_NONE && !v.err) {
			/* messages alone: each NUL-terminated at starts[i]; the full trace: a line per rule
			 * with its name and outcome, then what it read */
			if (detail == TD_MESSAGES)
				starts[i] = trace->len;
			else
				buf_addf(trace, "%s\t%s\t", ru->name,
				         outcomes[i] ? L("成立", "holds") : L("不成立", "does not hold"));
			if (lang_current() == LANG_ZH)
				put_message(&v, trace, ru->zh_first, ru->zh_n);
			else
				put_message(&v, trace, ru->en_first, ru->en_n);
			if (ru->label)
				buf_addf(trace, "\t%s %s（%s）", L("例外", "exception"), ru->label,
				         ru->region);
			buf_addch(trace, detail == TD_MESSAGES ? '\0' : '\n');
			if (detail == TD_FULL)
				put_seen(&v, trace, ru);
		}
	}
	if (detail == TD_FULL && !v.err)
		put_params(r, params, trace);
	if (lets_out && !v.err)
		memcpy(lets_out, lets, r->lets.len * sizeof *lets);
	if (lets != lets_small)
		mem_free(lets);
	if (params != params_small)
		mem_free(params);
	if (vars != vars_small)
		mem_free(vars);
	return v.err;
}

int rules_eval_lets(const struct rules *r, const struct rv *inputs, const struct param_snapshot *snap,
                    bool *outcomes, struct rv *lets_out, struct buf *trace, struct error *e)
{
	return evaluate(r, inputs, snap, outcomes, lets_out, trace, trace ? TD_FULL : TD_NONE, NULL, e);
}

int rules_eval_messages(const struct rules *r, const struct rv *inputs, const struct param_snapshot *snap,
                        bool *outcomes, struct rv *lets_out, struct buf *messages, size_t *starts,
                        struct error *e)
{
	return evaluate(r, inputs, snap, outcomes, lets_out, messages, TD_MESSAGES, starts, e);
}

int rules_trace_params(const struct rules *r, const struct param_snapshot *snap, struct buf *trace,
                       struct error *e)
{
	const struct param_value *small[64];
	const struct param_value **params =
	    r->params.len <= 64 ? small : mem_calloc(r->params.len, sizeof *params);
	if (!params)
		return error_nomem(e);
	int rc = 0;
	for (size_t i = 0; i < r->params.len && !rc; i++)
		if (!(params[i] = params_get(snap, r->params.items[i].name)))
			rc = error_set(e, ERR_NOTFOUND, "参数 %s 在该地区和日期没有取值",
			               "parameter %s has no value for that region and date",
			               r->params.items[i].name);
	if (!rc)
		put_params(r, params, trace);
	if (params != small)
		mem_free(params);
	return rc;
}
