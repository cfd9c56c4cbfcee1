/* bench_link.c: person linkage at city scale: a register of N persons (default 10 million, ID
 * numbers as dense as a real city's: ten counties of Changsha, births 1930-2020) and M records
 * (default 1 million) that all carry a fault (a digit changed, two neighbours swapped, the
 * 15-digit form, a lower-case x, or no ID number at all but a name, spelt right or as a
 * variant), linked one by one with the default model. Prints the time to build the register's
 * indexes, the time and rate of linking, peak memory, and how the links came out against the
 * known owners.
 *   bench_link [PERSONS] [RECORDS] */
#include <sys/resource.h>
#include <time.h>

#include "base/idno.h"
#include "base/mem.h"
#include "base/rng.h"
#include "gen/gen_int.h"
#include "link/link.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const counties[] = { "430102", "430103", "430104", "430105", "430111",
	                                "430112", "430121", "430181", "430182", "430124" };
#define NCOUNTIES 10
#define FIRST_DAY (-14610) /* 1930-01-01 */
#define NDAYS 33237        /* to 2020-12-31 */

int main(int argc, char **argv)
{
	long persons = argc > 1 ? strtol(argv[1], NULL, 10) : 10000000;
	long records = argc > 2 ? strtol(argv[2], NULL, 10) : 1000000;
	struct rng rng;
	rng_seed(&rng, 2026, 11);
	uint8_t *seq = mem_calloc((size_t)NCOUNTIES * NDAYS * 2, 1);
	struct lk_register reg;
	lk_register_init(&reg);
	double t0 = now();
	for (long i = 0; i < persons; i++) {
		int c = (int)rng_below(&rng, NCOUNTIES), day = (int)rng_below(&rng, NDAYS);
		char sex = rng_chance(&rng, 0.5) ? 'M' : 'F';
		uint8_t *n = &seq[((size_t)c * NDAYS + (size_t)day) * 2 + (sex == 'M')];
		if (*n >= 199)
			continue;
		int s = ++*n * 2 + (sex == 'M' ? 1 : 0) - 1;
		char ymd[DATE_STR_SIZE], id[19], name[40];
		date_format(FIRST_DAY + day, ymd);
		snprintf(id, sizeof id, "%s%.4s%.2s%.2s%03d", counties[c], ymd, ymd + 5, ymd + 8, s);
		id[17] = idno_check_char(id);
		id[18] = '\0';
		gen_name(&rng, sex, gen_surname(&rng), name);
		if (lk_register_add(&reg, i + 1, id, name, FIRST_DAY + day, sex, counties[c])) {
			fprintf(stderr, "bench_link: out of memory at %ld persons\n", i);
			return 1;
		}
	}
	double t1 = now();
	if (lk_register_index(&reg))
		return 1;
	double t2 = now();
	mem_free(seq);

	struct lk_model m;
	lk_model_default(&m);
	/* u as random pairs give it at this scale (what link run measures) */
	int64_t u[LKF_N][LK_LEVELS] = { { 0, 0, 0, 1000000, 0 }, { 150, 50, 3000, 996800, 0 } };
	lk_model_set_u(&m, u);
	long exact = 0, auto_right = 0, auto_wrong = 0, review = 0, unlinked = 0, no_id = 0;
	static const char *const kinds[] = { "digit", "swap", "15-digit", "lower-x", "no-id" };
	long by_kind[5][5] = { { 0 } }; /* kind x (exact, auto right, auto wrong, review, unlinked) */
	double t3 = now();
	for (long i = 0; i < records; i++) {
		uint32_t who = (uint32_t)rng_below(&rng, reg.persons.len);
		const struct lk_person *p = &reg.persons.items[who];
		char id[24], name[64];
		memcpy(id, p->idno, 19);
		snprintf(name, sizeof name, "%s", reg.text.items + reg.names.items[p->name].off);
		double kind = rng_unit(&rng);
		int a = (int)rng_below(&rng, 17), b = (int)rng_below(&rng, 9) + 1, fk;
		/* as the generator does: a fault that cannot apply (no X to lower, no 15-digit form
		 * for a birth after 1999) becomes a changed digit */
		if (kind < 0.35 || (kind < 0.85 && kind >= 0.75 && id[17] != 'X') ||
		    (kind >= 0.60 && kind < 0.75 && (id[6] != '1' || id[7] != '9'))) {
			id[a] = (char)('0' + (id[a] - '0' + b) % 10);
			fk = 0;
		} else if (kind < 0.60) {
			fk = 1;
			int k = a < 16 ? a : 15;
			while (k < 16 && id[k] == id[k + 1])
				k++;
			char t = id[k];
			id[k] = id[k + 1];
			id[k + 1] = t;
		} else if (kind < 0.75) {
			memmove(id + 6, id + 8, 9);
			id[15] = '\0';
			fk = 2;
		} else if (kind < 0.85) {
			id[17] = 'x';
			fk = 3;
		} else {
			id[0] = '\0';
			fk = 4;
			no_id++;
			if (rng_chance(&rng, 0.5)) {
				char v[64];
				gen_name_variant(&rng, name, v);
				snprintf(name, sizeof name, "%s", v);
			}
		}
		struct lk_query q = { id,  rng_chance(&rng, 0.5) || !id[0] ? name : "", 0, 0, "", -1, NULL,
			              NULL };
		struct lk_result res;
		lk_link_one(&reg, &m, &q, &res);
		by_kind[fk][res.outcome == LK_EXACT    ? 0
		            : res.outcome == LK_AUTO   ? (res.cand[0].person == who ? 1 : 2)
		            : res.outcome == LK_REVIEW ? 3
		                                       : 4]++;
		switch (res.outcome) {
		case LK_EXACT:
			exact++;
			break;
		case LK_AUTO:
			if (res.cand[0].person == who)
				auto_right++;
			else
				auto_wrong++;
			break;
		case LK_REVIEW:
			review++;
			break;
		default:
			unlinked++;
		}
	}
	double t4 = now();
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("link register\t%zu persons, %zu names\tbuilt in %.1f s, indexed in %.1f s\n", reg.persons.len,
	       reg.names.len, t1 - t0, t2 - t1);
	printf("link records\t%.0f records/s\t%ld noisy records in %.1f s, one core\tpeak %ld MB\n",
	       (double)records / (t4 - t3), records, t4 - t3, ru.ru_maxrss / 1024);
	printf(
	    "link outcome\texact (normalised) %ld, auto right %ld, auto wrong %ld, review %ld, unlinked %ld "
	    "(%ld with no ID number)\n",
	    exact, auto_right, auto_wrong, review, unlinked, no_id);
	for (int k = 0; k < 5; k++)
		printf(
		    "link by fault\t%-8s exact %ld, auto right %ld, auto wrong %ld, review %ld, unlinked %ld\n",
		    kinds[k], by_kind[k][0], by_kind[k][1], by_kind[k][2], by_kind[k][3], by_kind[k][4]);
	lk_register_release(&reg);
	lk_names_shutdown();
	return 0;
}
