/* log.c: levelled, scrubbed log lines with a UTC time stamp. */
#include "base/log.h"

#include <time.h>

static enum log_level max_level = LOG_WARN;
static FILE *stream;

void log_set_level(enum log_level level)
{
	max_level = level;
}

void log_set_stream(FILE *f)
{
	stream = f;
}

size_t log_scrub(const char *in, char *out, size_t cap)
{
	size_t o = 0;
	if (cap == 0)
		return 0;
	for (size_t i = 0; in[i] && o + 1 < cap;) {
		size_t run = 0;
		while (in[i + run] >= '0' && in[i + run] <= '9')
			run++;
		/* an ID number may end in X */
		if (run >= 17 && (in[i + run] == 'X' || in[i + run] == 'x'))
			run++;
		if (run >= 11) {
			for (size_t k = 0; k < run && o + 1 < cap; k++)
				out[o++] = (k < 2 || k == run - 1) ? in[i + k] : '*';
			i += run;
		} else if (run > 0) {
			for (size_t k = 0; k < run && o + 1 < cap; k++)
				out[o++] = in[i + k];
			i += run;
		} else {
			out[o++] = in[i++];
		}
	}
	out[o] = '\0';
	return o;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *names[] = { "ERROR", "WARN", "INFO", "DEBUG" };
	if (level > max_level)
		return;
	char raw[1024], clean[1024], when[32];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	log_scrub(raw, clean, sizeof clean);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stream ? stream : stderr, "%s %s %s\n", when, names[level], clean);
}
