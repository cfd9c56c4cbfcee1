/* utf8.h: UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF). */
#ifndef SAFETYNET_UTF8_H
#define SAFETYNET_UTF8_H

#include "base/common.h"

/* The length of the longest valid prefix of p[0..n); equals n when all of it is valid. When
 * `partial_ok`, a sequence cut off by the end of the input counts as valid. */
size_t utf8_valid_prefix(const char *p, size_t n, bool partial_ok);
bool utf8_valid(const char *p, size_t n);
/* The characters in n bytes of valid UTF-8 (bytes that do not continue a sequence). */
size_t utf8_count(const char *p, size_t n);

#endif
