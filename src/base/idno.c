/* idno.c: GB 11643 ID number validation and normalisation. */
#include "base/idno.h"

static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
static const char check_chars[11] = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };

char idno_check_char(const char digits17[17])
{
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (digits17[i] - '0') * weights[i];
	return check_chars[sum % 11];
}

static bool province_code(int p)
{
	/* GB/T 2260 province-level codes, including Taiwan, Hong Kong and Macao */
	return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
	       (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 || p == 81 || p == 82;
}

enum idno_reason idno_parse(const char *s, size_t n, date_t today, struct idno *out)
{
	char id[19];
	if (n != 15 && n != 18)
		return IDNO_LENGTH;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			continue;
		if (i == 17 && (c == 'X' || c == 'x'))
			continue;
		return IDNO_CHAR;
	}
	if (n == 18) {
		memcpy(id, s, 18);
		if (id[17] == 'x')
			id[17] = 'X';
	} else {
		memcpy(id, s, 6);
		id[6] = '1';
		id[7] = '9';
		memcpy(id + 8, s + 6, 9);
	}
	id[18] = '\0';
	if (!province_code((id[0] - '0') * 10 + (id[1] - '0')))
		return IDNO_REGION;
	int y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
	int m = (id[10] - '0') * 10 + (id[11] - '0');
	int d = (id[12] - '0') * 10 + (id[13] - '0');
	if (y < 1900 || !date_valid(y, m, d))
		return IDNO_BIRTH;
	date_t birth = date_from_ymd(y, m, d);
	if (birth > (today ? today : date_today()))
		return IDNO_BIRTH;
	char want = idno_check_char(id);
	if (n == 15) {
		id[17] = want;
	} else if (id[17] != want) {
		out->expected = want;
		return IDNO_CHECK;
	}
	memcpy(out->id, id, sizeof id);
	out->birth = birth;
	out->sex = ((id[16] - '0') % 2) ? 'M' : 'F';
	memcpy(out->region, id, 6);
	out->region[6] = '\0';
	out->upgraded = n == 15;
	out->expected = want;
	return IDNO_OK;
}

const char *idno_reason_token(enum idno_reason r)
{
	switch (r) {
	case IDNO_OK:
		return "ok";
	case IDNO_LENGTH:
		return "length";
	case IDNO_CHAR:
		return "character";
	case IDNO_REGION:
		return "region";
	case IDNO_BIRTH:
		return "birth-date";
	case IDNO_CHECK:
		return "check-character";
	}
	return "unknown";
}

const char *idno_reason_text(enum idno_reason r, enum lang lang)
{
	static const char *zh[] = { "有效",
		                    "长度应为 18 位（或旧式 15 位）",
		                    "含有非法字符（只能是数字，末位可为 X）",
		                    "前两位不是省级行政区划代码",
		                    "出生日期不存在或不合理",
		                    "校验码不符" };
	static const char *en[] = { "valid",
		                    "must be 18 characters (or a legacy 15-digit number)",
		                    "has a character that is not a digit (only the last may be X)",
		                    "the first two digits are not a province code",
		                    "the birth date does not exist or is not plausible",
		                    "the check character does not match" };
	if ((unsigned)r >= ARRAY_SIZE(zh))
		return "?";
	return lang == LANG_ZH ? zh[r] : en[r];
}
