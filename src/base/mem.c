/* mem.c: the project's allocator wrappers, with an injectable failure for tests. */
#include "base/mem.h"

static _Atomic long fail_countdown = -1;

static bool should_fail(void)
{
	long n = fail_countdown;
	if (n < 0)
		return false;
	if (n == 0)
		return true;
	fail_countdown = n - 1;
	return false;
}

void mem_fail_after(long n)
{
	fail_countdown = n;
}

void *mem_alloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *mem_calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	if (should_fail())
		return NULL;
	return calloc(count ? count : 1, size ? size : 1);
}

void *mem_realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

void mem_free(void *p)
{
	free(p);
}

char *mem_strndup(const char *s, size_t n)
{
	if (n == SIZE_MAX)
		return NULL;
	char *d = mem_alloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *mem_strdup(const char *s)
{
	return mem_strndup(s, strlen(s));
}
