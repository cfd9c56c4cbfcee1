/* verify_evaluate.c: verification scored against the generator's ground truth: every household of
 * truth/households.tsv verified from the data folder for the last observed month (a screening:
 * nothing stored), its decision and benefit compared with the true class and benefit. */
#include "base/mem.h"
#include "base/tsv.h"
#include "verify/verify_store.h"

int vf_evaluate(struct store *s, struct vf_policy *p, const char *truth_dir, int show, FILE *out,
                struct vf_eval_report *rep, struct error *e)
{
	memset(rep, 0, sizeof *rep);
	char path[4096];
	snprintf(path, sizeof path, "%s/truth/households.tsv", truth_dir);
	struct buf text = BUF_INIT((size_t)8 << 30);
	int rc = buf_read_file(&text, path);
	if (rc) {
		buf_release(&text);
		return error_set(e, ERR_IO, "无法读取 %s", "cannot read %s", path);
	}
	/* the last observed month: the second column of the lines after the header */
	char last[8] = "";
	const char *line = strchr(buf_cstr(&text), '\n');
	for (line = line ? line + 1 : NULL; line && *line;) {
		const char *nl = strchr(line, '\n'), *t = strchr(line, '\t');
		if (t && (!nl || t < nl) && strncmp(t + 1, last, 7) > 0)
			memcpy(last, t + 1, 7);
		line = nl ? nl + 1 : NULL;
	}
	month_t mo;
	if (month_parse(last, 7, &mo)) {
		buf_release(&text);
		return error_set(e, ERR_INVAL, "%s 中没有月份", "%s holds no month", path);
	}
	date_t day = month_first_day(mo);
	int shown = 0;
	for (char *at = text.data, *l; !rc && (l = tsv_next_line(&at, text.data + text.len));) {
		char *f[40];
		int n = tsv_split(l, f, 40);
		if (n < 31 || strcmp(f[1], last))
			continue;
		enum vf_class want;
		if (vf_class_parse(f[29], &want))
			continue;
		int64_t want_benefit = strtoll(f[30], NULL, 10);
		struct arena a;
		arena_init(&a, (size_t)1 << 16);
		struct vf_household h;
		struct vf_result r;
		int64_t auth;
		struct error he;
		memset(&r, 0, sizeof r);
		int vr = vf_household_from_store(s, f[0], day, &a, &h, &auth, &he);
		if (!vr)
			vr = vf_verify(p, &h, day, LANG_ZH, VF_QUICK | VF_SCREEN, &a, &r, &he);
		enum vf_class got = vr ? VF_NONE : r.decision;
		int64_t benefit = vr ? -1 : r.benefit_fen;
		rep->households++;
		rep->confusion[want][got]++;
		rep->agree += got == want;
		rep->agree_benefit += got == want && benefit == want_benefit;
		if ((got != want || benefit != want_benefit) && shown < show) {
			shown++;
			fprintf(out, "%s\t%s\t%s %s (%" PRId64 ")\t%s %s (%" PRId64 ")%s%s\n", f[0], last,
			        L("真实", "truth"), vf_class_name(want), want_benefit, L("核对", "verified"),
			        vf_class_name(got), benefit, vr ? "\t" : "", vr ? L(he.zh, he.en) : "");
		}
		vf_result_release(&r);
		arena_release(&a);
	}
	buf_release(&text);
	return rc;
}
