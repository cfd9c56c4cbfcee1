/* test_idno.c: ID numbers against an independent implementation of GB 11643 (ISO 7064
 * MOD 11-2 with powers of two, its own date check) on the DOMAIN.md vectors and on over a
 * million generated valid and corrupted numbers. */
#include "testutil.h"

#include "base/idno.h"

static date_t today;

/* ---- the reference, written from the standard, sharing no code with base/idno.c ---- */

static int ref_days_in_month(int y, int m)
{
	if (m == 2)
		return 28 + ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
	return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

static char ref_check(const char *d17)
{
	int s = 0;
	for (int i = 0; i < 17; i++)
		s = (s + (d17[i] - '0') * (1 << (17 - i))) % 11;
	int c = (12 - s) % 11;
	return c == 10 ? 'X' : (char)('0' + c);
}

static const int provinces[] = { 11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
	                         43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82 };

static enum idno_reason ref_validate(const char *s, size_t n, char norm[19])
{
	char id[19];
	if (n != 15 && n != 18)
		return IDNO_LENGTH;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] >= '0' && s[i] <= '9') && !(i == 17 && (s[i] == 'X' || s[i] == 'x')))
			return IDNO_CHAR;
	if (n == 15) {
		memcpy(id, s, 6);
		memcpy(id + 6, "19", 2);
		memcpy(id + 8, s + 6, 9);
	} else {
		memcpy(id, s, 18);
	}
	int p = (id[0] - '0') * 10 + id[1] - '0';
	bool known = false;
	for (size_t i = 0; i < ARRAY_SIZE(provinces); i++)
		known |= provinces[i] == p;
	if (!known)
		return IDNO_REGION;
	int y, m, d;
	sscanf(id + 6, "%4d", &y);
	m = (id[10] - '0') * 10 + id[11] - '0';
	d = (id[12] - '0') * 10 + id[13] - '0';
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > ref_days_in_month(y, m))
		return IDNO_BIRTH;
	if (date_from_ymd(y, m, d) > today)
		return IDNO_BIRTH;
	char c = ref_check(id);
	if (n == 18 && toupper((unsigned char)id[17]) != c)
		return IDNO_CHECK;
	id[17] = c;
	id[18] = '\0';
	memcpy(norm, id, 19);
	return IDNO_OK;
}

/* ---- tests ---- */

static void domain_vectors(void **state)
{
	UNUSED(state);
	struct idno id;
	assert_int_equal(idno_parse("11010519491231002X", 18, today, &id), IDNO_OK);
	assert_string_equal(id.id, "11010519491231002X");
	assert_int_equal(id.sex, 'F');
	assert_string_equal(id.region, "110105");
	char s[DATE_STR_SIZE];
	date_format(id.birth, s);
	assert_string_equal(s, "1949-12-31");
	assert_int_equal(idno_parse("11010519491231002x", 18, today, &id), IDNO_OK);
	assert_string_equal(id.id, "11010519491231002X");
	assert_int_equal(idno_parse("430102199001011238", 18, today, &id), IDNO_OK);
	assert_int_equal(id.sex, 'M');
	assert_false(id.upgraded);
	assert_int_equal(idno_check_char("43010219900101123"), '8');
}

static void legacy_numbers_are_upgraded(void **state)
{
	UNUSED(state);
	struct idno id;
	assert_int_equal(idno_parse("430102900101123", 15, today, &id), IDNO_OK);
	assert_string_equal(id.id, "430102199001011238");
	assert_true(id.upgraded);
	assert_int_equal(id.sex, 'M');
}

static void each_rejection_names_its_reason(void **state)
{
	UNUSED(state);
	struct idno id;
	assert_int_equal(idno_parse("43010219900101123", 17, today, &id), IDNO_LENGTH);
	assert_int_equal(idno_parse("", 0, today, &id), IDNO_LENGTH);
	assert_int_equal(idno_parse("4301021990010112A8", 18, today, &id), IDNO_CHAR);
	assert_int_equal(idno_parse("43010219900101123Y", 18, today, &id), IDNO_CHAR);
	assert_int_equal(idno_parse("X30102199001011238", 18, today, &id), IDNO_CHAR);
	assert_int_equal(idno_parse("990102199001011238", 18, today, &id), IDNO_REGION);
	assert_int_equal(idno_parse("430102199002301238", 18, today, &id), IDNO_BIRTH);
	assert_int_equal(idno_parse("430102189001011238", 18, today, &id), IDNO_BIRTH);
	assert_int_equal(idno_parse("430102203001011238", 18, today, &id), IDNO_BIRTH);
	assert_int_equal(idno_parse("430102199001011239", 18, today, &id), IDNO_CHECK);
	assert_int_equal(id.expected, '8');
	assert_string_equal(idno_reason_token(IDNO_CHECK), "check-character");
	assert_string_equal(idno_reason_token(IDNO_BIRTH), "birth-date");
	for (int r = IDNO_OK; r <= IDNO_CHECK; r++) {
		assert_true(strlen(idno_reason_text((enum idno_reason)r, LANG_ZH)) > 0);
		assert_true(strlen(idno_reason_text((enum idno_reason)r, LANG_EN)) > 0);
	}
}

static void make_valid(uint64_t *rng, char out[19])
{
	int p = provinces[tu_rand(rng) % ARRAY_SIZE(provinces)];
	int y = 1900 + (int)(tu_rand(rng) % 126);
	int m = 1 + (int)(tu_rand(rng) % 12);
	int d = 1 + (int)(tu_rand(rng) % (uint64_t)ref_days_in_month(y, m));
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%02d%04d%04d%02d%02d%03d", p, (int)(tu_rand(rng) % 10000), y, m, d,
	         (int)(tu_rand(rng) % 1000));
	memcpy(out, tmp, 17);
	out[17] = ref_check(out);
	out[18] = '\0';
}

static size_t corrupt(uint64_t *rng, char s[40], size_t n)
{
	switch (tu_rand(rng) % 10) {
	case 0: /* one digit changed */
	case 1: {
		size_t i = tu_rand(rng) % 17;
		s[i] = (char)('0' + (s[i] - '0' + 1 + (int)(tu_rand(rng) % 9)) % 10);
		return n;
	}
	case 2: { /* two neighbours swapped */
		size_t i = tu_rand(rng) % 17;
		char t = s[i];
		s[i] = s[i + 1];
		s[i + 1] = t;
		return n;
	}
	case 3: /* another check character */
		s[17] = "0123456789X"[tu_rand(rng) % 11];
		return n;
	case 4: /* lower-case x where it may stand */
		if (s[17] == 'X')
			s[17] = 'x';
		return n;
	case 5: /* the legacy form: drop century and check */
		memmove(s + 6, s + 8, 9);
		s[15] = '\0';
		return 15;
	case 6: /* a character dropped or added */
		if (tu_rand(rng) % 2) {
			s[17] = '\0';
			return 17;
		}
		s[18] = '7';
		s[19] = '\0';
		return 19;
	case 7: /* a stray character */
		s[tu_rand(rng) % 18] = " -aOl"[tu_rand(rng) % 5];
		return n;
	case 8: /* an impossible day */
		s[12] = '3';
		s[13] = (char)('2' + tu_rand(rng) % 8);
		return n;
	default: /* left valid */
		return n;
	}
}

static void a_million_numbers_agree_with_the_reference(void **state)
{
	UNUSED(state);
	uint64_t rng = 20261129;
	long valid = 0, invalid = 0;
	for (long i = 0; i < 1100000; i++) {
		char s[40];
		make_valid(&rng, s);
		size_t n = corrupt(&rng, s, 18);
		char norm[19];
		enum idno_reason want = ref_validate(s, n, norm);
		struct idno id;
		enum idno_reason got = idno_parse(s, n, today, &id);
		if (got != want)
			fail_msg("%.*s: got %s, reference says %s", (int)n, s, idno_reason_token(got),
			         idno_reason_token(want));
		if (want == IDNO_OK) {
			assert_string_equal(id.id, norm);
			assert_int_equal(id.sex, (norm[16] - '0') % 2 ? 'M' : 'F');
			valid++;
		} else {
			invalid++;
		}
	}
	/* both kinds are well represented */
	assert_true(valid > 300000);
	assert_true(invalid > 300000);
}

int main(void)
{
	today = date_from_ymd(2026, 11, 29);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(domain_vectors),
		cmocka_unit_test(legacy_numbers_are_upgraded),
		cmocka_unit_test(each_rejection_names_its_reason),
		cmocka_unit_test(a_million_numbers_agree_with_the_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
