/* date.c: civil-date arithmetic (the day-number algorithms are Howard Hinnant's). */
#include "base/date.h"

#include <time.h>

#include "base/error.h"

bool date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

bool date_valid(int y, int m, int d)
{
	return y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_days_in_month(y, m);
}

date_t date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(date_t t, int *y, int *m, int *d)
{
	int z = t + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int dd = doy - (153 * mp + 2) / 5 + 1;
	int mm = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (mm <= 2);
	*m = mm;
	*d = dd;
}

static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int date_parse(const char *s, size_t n, date_t *out)
{
	int y, m, d;
	if (n == 10 && (s[4] == '-' || s[4] == '/') && s[7] == s[4]) {
		y = digits(s, 4);
		m = digits(s + 5, 2);
		d = digits(s + 8, 2);
	} else if (n == 8) {
		y = digits(s, 4);
		m = digits(s + 4, 2);
		d = digits(s + 6, 2);
	} else {
		return ERR_INVAL;
	}
	if (y < 0 || m < 0 || d < 0 || !date_valid(y, m, d))
		return ERR_INVAL;
	*out = date_from_ymd(y, m, d);
	return 0;
}

static void put_digits(char *out, int v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		out[i] = (char)('0' + v % 10);
}

void date_format(date_t t, char out[DATE_STR_SIZE])
{
	int y, m, d;
	date_to_ymd(t, &y, &m, &d);
	put_digits(out, y < 0 ? 0 : y % 10000, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
}

int date_weekday(date_t t)
{
	/* 1970-01-01 was a Thursday (4) */
	int w = (int)(((int64_t)t + 3) % 7);
	if (w < 0)
		w += 7;
	return w + 1;
}

date_t date_add_months(date_t t, int n)
{
	int y, m, d;
	date_to_ymd(t, &y, &m, &d);
	int mo = y * 12 + (m - 1) + n;
	y = mo >= 0 ? mo / 12 : (mo - 11) / 12;
	m = mo - y * 12 + 1;
	int last = date_days_in_month(y, m);
	return date_from_ymd(y, m, d > last ? last : d);
}

void date_timestamp_utc(char out[TIMESTAMP_SIZE])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, TIMESTAMP_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

date_t date_today(void)
{
	time_t now = time(NULL) + 8 * 3600;
	return (date_t)(now >= 0 ? now / 86400 : (now - 86399) / 86400);
}

month_t month_of(date_t t)
{
	int y, m, d;
	date_to_ymd(t, &y, &m, &d);
	return month_from_ym(y, m);
}

month_t month_from_ym(int y, int m)
{
	return y * 12 + (m - 1);
}

date_t month_first_day(month_t mo)
{
	return date_from_ymd(mo / 12, mo % 12 + 1, 1);
}

int month_parse(const char *s, size_t n, month_t *out)
{
	int y, m;
	if (n == 7 && s[4] == '-') {
		y = digits(s, 4);
		m = digits(s + 5, 2);
	} else if (n == 6) {
		y = digits(s, 4);
		m = digits(s + 4, 2);
	} else {
		return ERR_INVAL;
	}
	if (y < DATE_MIN_YEAR || m < 1 || m > 12)
		return ERR_INVAL;
	*out = month_from_ym(y, m);
	return 0;
}

void month_format(month_t mo, char out[8])
{
	put_digits(out, mo < 0 ? 0 : (mo / 12) % 10000, 4);
	out[4] = '-';
	put_digits(out + 5, mo < 0 ? 1 : mo % 12 + 1, 2);
	out[7] = '\0';
}
