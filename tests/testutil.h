/* testutil.h: small helpers the C unit tests share (cmocka is included by each test). */
#ifndef SAFETYNET_TESTUTIL_H
#define SAFETYNET_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/common.h"

/* A fresh empty temporary folder (removed by tu_rmtree, with DIR.audit beside it should it have
 * been a data folder); the path is owned by the caller. */
char *tu_tmpdir(void);
void tu_rmtree(const char *dir);
/* Writes len bytes to a new file dir/name; returns its path (caller frees with mem_free). */
char *tu_write_file(const char *dir, const char *name, const void *data, size_t len);
/* dir/name, allocated (caller frees with mem_free). */
char *tu_path(const char *dir, const char *name);
/* A whole file, NUL-terminated (caller frees with mem_free), its length in *len (may be NULL);
 * the test fails when it cannot be read. */
char *tu_slurp(const char *path, size_t *len);
struct gen_options;
struct store;
/* A generated county (options o, written to root/county) and a data folder (root/data) whose
 * catalogue holds its resources: 0, or -1 when any step fails. *county and *data are
 * allocated; *added gets how many resources the catalogue import added. */
int tu_hub_county(const char *root, const struct gen_options *o, char **county, char **data,
                  struct store **st, long *added);
/* A deterministic pseudo-random generator for tests (splitmix64). */
uint64_t tu_rand(uint64_t *state);

#endif
