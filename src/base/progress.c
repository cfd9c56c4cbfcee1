/* progress.c: the redrawn progress line of a long command (progress.h). */
#include <time.h>
#include <unistd.h>

#include "base/lang.h"
#include "base/progress.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void progress_init(struct progress *p, bool quiet)
{
	memset(p, 0, sizeof *p);
	const char *force = getenv("SAFETYNET_PROGRESS");
	p->on = !quiet && ((force && !strcmp(force, "1")) || isatty(STDERR_FILENO));
}

void progress_begin(struct progress *p, const char *zh, const char *en, uint64_t total)
{
	if (!p || !p->on)
		return;
	p->zh = zh;
	p->en = en;
	p->total = total;
	p->done = 0;
	p->start = now();
	p->drawn = 0;
}

/* 75,127 */
static void grouped(uint64_t v, char out[32])
{
	char raw[24];
	int n = snprintf(raw, sizeof raw, "%" PRIu64, v), o = 0;
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = raw[i];
	}
	out[o] = '\0';
}

static void draw(struct progress *p, double t)
{
	double secs = t - p->start;
	double rate = secs > 0 ? (double)p->done / secs : 0;
	char done[32], total[32], line[200];
	grouped(p->done, done);
	grouped(p->total, total);
	int n;
	if (p->total) {
		double left = rate > 0 && p->total > p->done ? (double)(p->total - p->done) / rate : 0;
		n = snprintf(line, sizeof line,
		             L("%s / %s %s（%.0f%%）  %.0f/秒  剩余 %d:%02d",
		               "%s / %s %s (%.0f%%)  %.0f/s  %d:%02d left"),
		             done, total, L(p->zh, p->en), 100.0 * (double)p->done / (double)p->total, rate,
		             (int)left / 60, (int)left % 60);
	} else {
		n = snprintf(line, sizeof line, L("%s %s  %.0f/秒", "%s %s  %.0f/s"), done, L(p->zh, p->en),
		             rate);
	}
	fprintf(stderr, "\r%s%*s", line, p->width > n ? p->width - n : 0, "");
	fflush(stderr);
	p->width = n;
	p->drawn = t;
}

void progress_set(struct progress *p, uint64_t done)
{
	if (!p || !p->on || !p->zh)
		return;
	p->done = done;
	double t = now();
	if (t - p->drawn >= 0.2)
		draw(p, t);
}

void progress_add(struct progress *p, uint64_t n)
{
	if (p && p->on && p->zh)
		progress_set(p, p->done + n);
}

void progress_end(struct progress *p)
{
	if (!p || !p->on || !p->zh)
		return;
	if (p->width) {
		fprintf(stderr, "\r%*s\r", p->width, "");
		fflush(stderr);
	}
	p->zh = p->en = NULL;
	p->width = 0;
}
