/* fuzz_rules.c: libFuzzer target for the rule language: any bytes compile or are refused with
 * a positioned error; a program that compiles is run on made-up inputs of its declared types
 * with the default Hunan parameters, and never crashes, leaks or passes its cost bound. */
#include "policy/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct param_set ps;
static struct param_snapshot snap;
static bool ready;

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
	static const struct rv_list empty = { 0, NULL };
	struct rv in[64];
	bool out[256];
	size_t n = rules_ninputs(r);
	if (n <= 64 && rules_nrules(r) <= 256) {
		for (size_t i = 0; i < n; i++)
			in[i] = (struct rv){ rules_input_type(r, i), (int64_t)(size * 7919 % 100000) - 50000,
				             "城市", &empty };
		struct buf trace = BUF_INIT(1 << 20);
		int rc = rules_eval(r, in, &snap, out, &trace, &e);
		if (rc == ERR_TOOBIG)
			abort(); /* past the cost bound */
		buf_release(&trace);
	}
	rules_free(r);
	return 0;
}
