/* fuzz_household.c: libFuzzer target for the household JSON reader of `safetynet verify
 * --household`: any bytes are read or refused with an error naming the field; a household that
 * reads is verified (as a screening, so no authorisation is needed) for a fixed month under the
 * shipped policy ($SAFETYNET_POLICY_DIR), and both reports are written. Nothing may crash, leak
 * or read outside what it was given. */
#include <limits.h>

#include "base/arena.h"
#include "base/buf.h"
#include "gen/gen.h"
#include "policy/rules.h"
#include "verify/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct buf catalog = BUF_INIT((size_t)16 << 20);
static struct vf_policy *policy;
static bool ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e;
	if (!ready) {
		char found[PATH_MAX];
		if (gen_catalog_json(month_from_ym(2025, 1), &catalog))
			abort();
		if (vf_policy_open(rules_policy_dir(NULL, found, sizeof found), &policy, &e))
			abort(); /* the shipped policy must compile */
		ready = true;
	}
	struct arena a;
	arena_init(&a, 4096);
	struct vf_household h;
	if (vf_household_from_json((const char *)data, size, buf_cstr(&catalog), &a, &h, &e) == 0) {
		struct vf_result r;
		date_t day = date_from_ymd(2025, 11, 20);
		if (vf_verify(policy, &h, day, LANG_ZH, VF_SCREEN, &a, &r, &e) == 0) {
			struct buf out = BUF_INIT((size_t)64 << 20);
			vf_report_json(&h, &r, day, &out);
			buf_reset(&out);
			vf_report_html(&h, &r, day, LANG_EN, &out);
			buf_release(&out);
		}
		vf_result_release(&r);
	}
	arena_release(&a);
	return 0;
}
