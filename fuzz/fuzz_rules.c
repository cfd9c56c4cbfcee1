/* fuzz_rules.c: libFuzzer target for the rule language: any bytes compile or are refused with
 * a positioned error; a program that compiles is run on made-up inputs of its declared types
 * with the default Hunan parameters, and never crashes, leaks or passes its cost bound. */
#include "base/arena.h"
#include "policy/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct param_set ps;
static struct param_snapshot snap;
static bool ready;

/* a made-up value of a type: lists get two rows of their shape, so aggregates run */
static struct rv made_up(enum rv_type t, const struct rules_shape *shape, int64_t seed, struct arena *a,
                         int depth)
{
	struct rv v = { t, seed, "城市", NULL };
	if (t != RV_LIST || !shape)
		return v;
	struct rv_list *l = arena_calloc(a, sizeof *l);
	struct rv *cells = arena_calloc(a, (2 * shape->n + 1) * sizeof *cells);
	if (!l || !cells)
		return v;
	l->n = depth < 3 && shape->max >= 2 ? 2 : 0;
	for (size_t r = 0; r < l->n; r++)
		for (size_t f = 0; f < shape->n; f++)
			cells[r * shape->n + f] = made_up(shape->types[f], shape->subs[f],
			                                  seed + (int64_t)(r * 7 + f), a, depth + 1);
	l->cells = cells;
	v.list = l;
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e;
	if (!ready) {
		if (params_load_builtin(&ps, &e) ||
		    params_resolve(&ps, "430181", date_from_ymd(2025, 6, 30), &snap, &e))
			abort();
		ready = true;
	}
	struct rules *r;
	if (rules_compile("fuzz", (const char *)data, size, &ps, &r, &e)) {
		if (!strstr(e.en, "fuzz:"))
			abort(); /* every compile error names where */
		return 0;
	}
	struct rv in[64];
	bool out[256];
	size_t n = rules_ninputs(r);
	if (n <= 64 && rules_nrules(r) <= 256) {
		struct arena a;
		arena_init(&a, 0);
		for (size_t i = 0; i < n; i++)
			in[i] = made_up(rules_input_type(r, i), rules_input_shape(r, i),
			                (int64_t)(size * 7919 % 100000) - 50000, &a, 0);
		struct buf trace = BUF_INIT(1 << 20);
		int rc = rules_eval(r, in, &snap, out, &trace, &e);
		if (rc == ERR_TOOBIG)
			abort(); /* past the cost bound */
		buf_release(&trace);
		arena_release(&a);
	}
	rules_free(r);
	return 0;
}
