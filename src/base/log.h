/* log.h: levelled logging to stderr. Logs must never carry personal data: log internal ids and
 * counts, not names or ID numbers. As a second line of defence every message is scrubbed: any
 * run of 11 or more digits (ID numbers, bank accounts, phone numbers) is masked. */
#ifndef SAFETYNET_LOG_H
#define SAFETYNET_LOG_H

#include "base/common.h"

enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

void log_set_level(enum log_level level);
/* Where messages go (stderr by default); for tests. */
void log_set_stream(FILE *f);
void log_msg(enum log_level level, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Copies in to out (cap bytes, NUL-terminated), masking long digit runs: keeps the first two
 * and last one, stars in between. Returns the length written. */
size_t log_scrub(const char *in, char *out, size_t cap);

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
