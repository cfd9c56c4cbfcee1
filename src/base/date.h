/* date.h: civil dates as day numbers (days since 1970-01-01), months as month numbers
 * (year * 12 + month - 1), and their arithmetic. No time zones here: a civil date is a date. */
#ifndef SAFETYNET_DATE_H
#define SAFETYNET_DATE_H

#include "base/common.h"

typedef int32_t date_t;  /* days since 1970-01-01 */
typedef int32_t month_t; /* year * 12 + (month - 1) */

#define DATE_MIN_YEAR 1
#define DATE_MAX_YEAR 9999
#define DATE_STR_SIZE 11 /* "YYYY-MM-DD" and NUL */

bool date_is_leap(int year);
int date_days_in_month(int year, int month);
/* true when y-m-d names a day that exists (years 1..9999). */
bool date_valid(int y, int m, int d);
/* The day number of a valid y-m-d (callers check date_valid first). */
date_t date_from_ymd(int y, int m, int d);
void date_to_ymd(date_t t, int *y, int *m, int *d);
/* Parses "YYYY-MM-DD", "YYYY/MM/DD" or "YYYYMMDD" (exactly n bytes). 0, or ERR_INVAL when the
 * text is not a date or the date does not exist. */
int date_parse(const char *s, size_t n, date_t *out);
/* Writes "YYYY-MM-DD" into out (DATE_STR_SIZE bytes). */
void date_format(date_t t, char out[DATE_STR_SIZE]);
/* 1 = Monday … 7 = Sunday. */
int date_weekday(date_t t);
/* The same day n months later (or earlier), clamped to the month's last day: 01-31 + 1 → 02-28. */
date_t date_add_months(date_t t, int n);
#define TIMESTAMP_SIZE 21 /* "YYYY-MM-DDTHH:MM:SSZ" and NUL */
/* The current time in UTC as "YYYY-MM-DDTHH:MM:SSZ" (what the database stores). */
void date_timestamp_utc(char out[TIMESTAMP_SIZE]);
/* Today in Asia/Shanghai (UTC+8, no daylight saving). */
date_t date_today(void);

month_t month_of(date_t t);
month_t month_from_ym(int y, int m);
/* The first day of month mo. */
date_t month_first_day(month_t mo);
/* Parses "YYYY-MM" or "YYYYMM". 0 or ERR_INVAL. */
int month_parse(const char *s, size_t n, month_t *out);
/* Writes "YYYY-MM" into out (8 bytes). */
void month_format(month_t mo, char out[8]);

#endif
