/* utf8.c: a strict UTF-8 validator with an ASCII fast path. */
#include "base/utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

size_t utf8_valid_prefix(const char *s, size_t n, bool partial_ok)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* ASCII runs: sixteen bytes at a time with SSE2, else eight */
#ifdef __SSE2__
		while (i + 16 <= n &&
		       _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i))) == 0)
			i += 16;
#endif
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		/* the common case in Chinese text: a run of three-byte characters with no special
		 * range, checked in a tight loop before going back to the ASCII path */
		if (((c >= 0xE1 && c <= 0xEC) || c >= 0xEE) && c <= 0xEF && i + 2 < n &&
		    (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
			i += 3;
			while (i + 2 < n) {
				c = p[i];
				if (!(((c >= 0xE1 && c <= 0xEC) || c >= 0xEE) && c <= 0xEF) ||
				    (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80)
					break;
				i += 3;
			}
			continue;
		}
		size_t len;
		unsigned lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0; /* no overlong */
			if (c == 0xED)
				hi = 0x9F; /* no surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F; /* nothing past U+10FFFF */
		} else {
			return i;
		}
		for (size_t k = 1; k < len; k++) {
			if (i + k >= n)
				return partial_ok ? n : i;
			unsigned b = p[i + k];
			if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF))
				return i;
		}
		i += len;
	}
	return n;
}

bool utf8_valid(const char *p, size_t n)
{
	return utf8_valid_prefix(p, n, false) == n;
}

size_t utf8_count(const char *p, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)p[i] & 0xC0) != 0x80;
	return c;
}
