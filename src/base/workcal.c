/* workcal.c: working-day arithmetic over the holiday table. */
#include "base/workcal.h"

#include <pthread.h>

#include "base/embedded.h"
#include "base/error.h"
#include "base/mem.h"

struct day_set {
	date_t *days; /* sorted */
	size_t n;
};

static struct day_set off_days, work_days;
static int first_year, last_year;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int load_rc;

static bool set_has(const struct day_set *s, date_t d)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->days[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->days[lo] == d;
}

static int cmp_date(const void *a, const void *b)
{
	date_t x = *(const date_t *)a, y = *(const date_t *)b;
	return (x > y) - (x < y);
}

int workcal_load_text(const char *text, size_t len)
{
	struct day_set off = { 0 }, work = { 0 };
	size_t cap = 1;
	for (size_t i = 0; i < len; i++)
		cap += text[i] == '\n';
	off.days = mem_calloc(cap, sizeof(date_t));
	work.days = mem_calloc(cap, sizeof(date_t));
	if (!off.days || !work.days)
		goto fail;
	int lo = INT_MAX, hi = INT_MIN;
	for (size_t i = 0; i < len;) {
		const char *line = text + i;
		const char *nl = memchr(line, '\n', len - i);
		size_t n = nl ? (size_t)(nl - line) : len - i;
		i += n + 1;
		if (n == 0 || line[0] == '#')
			continue;
		date_t d;
		if (n < 12 || line[10] != '\t' || date_parse(line, 10, &d))
			goto fail;
		int y, m, dd;
		date_to_ymd(d, &y, &m, &dd);
		lo = y < lo ? y : lo;
		hi = y > hi ? y : hi;
		if (strncmp(line + 11, "off", 3) == 0)
			off.days[off.n++] = d;
		else if (strncmp(line + 11, "work", 4) == 0)
			work.days[work.n++] = d;
		else
			goto fail;
	}
	qsort(off.days, off.n, sizeof(date_t), cmp_date);
	qsort(work.days, work.n, sizeof(date_t), cmp_date);
	mem_free(off_days.days);
	mem_free(work_days.days);
	off_days = off;
	work_days = work;
	first_year = lo;
	last_year = hi;
	return 0;
fail:
	mem_free(off.days);
	mem_free(work.days);
	return ERR_INVAL;
}

static void load_builtin(void)
{
	struct embedded_file f = embedded_holidays();
	load_rc = workcal_load_text(f.data, f.len);
}

int workcal_load(void)
{
	pthread_once(&once, load_builtin);
	return load_rc;
}

bool workcal_covers_year(int year)
{
	workcal_load();
	return year >= first_year && year <= last_year;
}

bool workcal_is_workday(date_t d)
{
	workcal_load();
	if (set_has(&work_days, d))
		return true;
	if (set_has(&off_days, d))
		return false;
	return date_weekday(d) <= 5;
}

date_t workcal_add(date_t from, int n)
{
	int step = n >= 0 ? 1 : -1;
	date_t d = from;
	for (int left = n * step; left > 0;) {
		d += step;
		if (workcal_is_workday(d))
			left--;
	}
	return d;
}

int workcal_count(date_t a, date_t b)
{
	if (b < a)
		return -workcal_count(b, a);
	int n = 0;
	for (date_t d = a + 1; d <= b; d++)
		n += workcal_is_workday(d);
	return n;
}
