/* http_log.c: the access log, DATA/access.log, made 0600: a line a request with its time, method,
 * path (never the query string, which libmicrohttpd keeps apart, nor a body), status, bytes
 * sent, duration and the account's id (a number, not a name). Long digit runs in a path (a
 * household number) are masked as in every log line (log_scrub). Lines are appended with one
 * write each (O_APPEND), so the threads need no lock between them. */
#include <fcntl.h>
#include <unistd.h>

#include "base/date.h"
#include "base/log.h"
#include "server/http_int.h"

int http_log_open(const char *dir, struct error *e)
{
	char path[4096];
	if ((size_t)snprintf(path, sizeof path, "%s/access.log", dir) >= sizeof path)
		return error_set(e, ERR_TOOBIG, "路径过长", "the path is too long");
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return error_set(e, ERR_IO, "无法打开访问日志 %s：%s", "cannot open the access log %s: %s",
		                 path, strerror(errno));
	return fd;
}

/* A decoded path may hold any byte (%0A, %1B): control characters become '?', so that no client
 * can write a line of its own into the log or a terminal escape into whoever reads it. */
static void printable(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

void http_log(int fd, const char *method, const char *url, int status, size_t bytes, double ms, int64_t user)
{
	if (fd < 0)
		return;
	char when[TIMESTAMP_SIZE], path[512], verb[16], line[768];
	date_timestamp_utc(when);
	log_scrub(url, path, sizeof path);
	snprintf(verb, sizeof verb, "%s", method);
	printable(path);
	printable(verb);
	int n = snprintf(line, sizeof line, "%s %s %s %d %zu %.1f %" PRId64 "\n", when, verb, path, status,
	                 bytes, ms, user);
	if (n <= 0)
		return;
	if ((size_t)n >= sizeof line) { /* cut: still one line */
		n = sizeof line - 1;
		line[n - 1] = '\n';
	}
	if (write(fd, line, (size_t)n) < 0)
		log_error("the access log cannot be written: %s", strerror(errno));
}
