/* workcal.h: the working-day calendar every time limit counts in (DOMAIN.md §2, §3, §8):
 * Monday to Friday, minus public holidays, plus the weekend days declared working days.
 * The holiday table is data (data/holidays.tsv, built in); years it does not cover fall back
 * to plain weekdays, and workcal_covers_year says so. Thread-safe after the first call. */
#ifndef SAFETYNET_WORKCAL_H
#define SAFETYNET_WORKCAL_H

#include "base/date.h"

/* Loads the built-in table (done implicitly by the other calls). 0 or ERR_INVAL/ERR_NOMEM. */
int workcal_load(void);
/* Replaces the table with one read from TSV text ("YYYY-MM-DD<TAB>off|work<TAB>name" lines,
 * '#' comments). For tests and for provinces that publish their own. */
int workcal_load_text(const char *text, size_t len);
/* Does the table hold the holidays of this year? */
bool workcal_covers_year(int year);
bool workcal_is_workday(date_t d);
/* The n-th working day after `from` (n > 0), before it (n < 0), or `from` itself (n == 0). */
date_t workcal_add(date_t from, int n);
/* Working days d with a < d <= b (negative when b < a). */
int workcal_count(date_t a, date_t b);

#endif
