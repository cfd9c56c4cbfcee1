/* mem.h: the one allocator every safetynet module uses. Allocation failure is an ordinary
 * error path (functions return NULL), and tests can make the Nth allocation fail to prove it. */
#ifndef SAFETYNET_MEM_H
#define SAFETYNET_MEM_H

#include "base/common.h"

/* Like malloc/calloc/realloc, but with overflow-checked sizes and a test hook. Never abort. */
void *mem_alloc(size_t n);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);
/* Copies n bytes of s and a terminating NUL; NULL when out of memory. */
char *mem_strndup(const char *s, size_t n);
char *mem_strdup(const char *s);

/* Test hook: the allocation after `n` more successful ones fails; n < 0 turns failures off. */
void mem_fail_after(long n);

#endif
