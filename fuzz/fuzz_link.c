/* fuzz_link.c: libFuzzer target for linking one record: any bytes, split at the first tab into
 * an ID number and a name as a department file might write them, against a small register.
 * Names are normalised, candidates found and scored, and the winner explained, without a crash,
 * a leak, or a candidate outside the register. */
#include "base/idno.h"
#include "link/link.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct lk_register reg;
static struct lk_model model;
static bool ready;

static void build(void)
{
	static const char *const names[] = { "王伟", "李娜", "張偉", "阿依古丽·买买提", "刘　洋", "ＡＢ" };
	lk_register_init(&reg);
	lk_model_default(&model);
	for (int i = 0; i < 6; i++) {
		char id[19];
		snprintf(id, sizeof id, "4301021980010%d%03d", i, 10 + i);
		id[17] = idno_check_char(id);
		id[18] = '\0';
		lk_register_add(&reg, i + 1, id, names[i], 0, i % 2 ? 'F' : 'M', "430102");
	}
	lk_register_add(&reg, 7, "43010219800101001", "赵敏", 0, 0, ""); /* a broken registered number */
	lk_register_index(&reg);
	ready = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ready)
		build();
	char id[64] = "", name[256] = "";
	const uint8_t *tab = memchr(data, '\t', size);
	size_t idn = tab ? (size_t)(tab - data) : size;
	if (idn >= sizeof id)
		idn = sizeof id - 1;
	memcpy(id, data, idn);
	id[idn] = '\0';
	if (tab) {
		size_t nn = size - (size_t)(tab - data) - 1;
		if (nn >= sizeof name)
			nn = sizeof name - 1;
		memcpy(name, tab + 1, nn);
		name[nn] = '\0';
	}
	struct lk_query q = { id, name, 0, 0, "", -1, NULL, NULL };
	struct lk_result res;
	if (lk_link_one(&reg, &model, &q, &res))
		abort();
	for (int i = 0; i < res.ncand; i++)
		if (res.cand[i].person >= reg.persons.len)
			abort();
	if (res.ncand > 0) {
		struct buf b = BUF_INIT(1 << 16);
		lk_explain(&reg, &q, &res.cand[0], &b);
		lk_evidence_json(&reg, &res.cand[0], res.ncand > 1 ? &res.cand[1] : NULL, &b);
		buf_release(&b);
	}
	return 0;
}
