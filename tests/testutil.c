/* testutil.c: temporary folders, files and random numbers for the unit tests. */
#include "testutil.h"

#include <ftw.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "hub/hub.h"
#include "gen/gen.h"

char *tu_tmpdir(void)
{
	char tmpl[] = "/tmp/safetynet-test-XXXXXX";
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return mem_strdup(d);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	UNUSED(st);
	UNUSED(flag);
	UNUSED(ftw);
	return remove(path);
}

void tu_rmtree(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	/* and, when dir was a data folder, its audit key and checkpoints beside it (docs/AUDIT.md) */
	char anchor[4096];
	snprintf(anchor, sizeof anchor, "%s.audit", dir);
	nftw(anchor, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *tu_write_file(const char *dir, const char *name, const void *data, size_t len)
{
	struct buf path = BUF_INIT(4096);
	assert_int_equal(buf_addf(&path, "%s/%s", dir, name), 0);
	FILE *f = fopen(path.data, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return buf_detach(&path, NULL);
}

char *tu_path(const char *dir, const char *name)
{
	struct buf b = BUF_INIT(4096);
	assert_int_equal(buf_addf(&b, "%s/%s", dir, name), 0);
	return buf_detach(&b, NULL);
}

char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot read %s", path);
	struct buf b = BUF_INIT((size_t)1 << 31);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(buf_add(&b, chunk, n), 0);
	fclose(f);
	return buf_detach(&b, len);
}

int tu_hub_county(const char *root, const struct gen_options *o, char **county, char **data,
                  struct store **st, long *added)
{
	struct gen_options go = *o;
	struct gen_stats gs;
	struct hub_import_report rep = { 0 };
	struct error e;
	*county = tu_path(root, "county");
	*data = tu_path(root, "data");
	go.out = *county;
	char *cat = tu_path(*county, "catalog.json");
	int rc = gen_run(&go, &gs, &e) || store_open_dir(*data, STORE_OPEN_CREATE, st, &e) ||
	         store_migrate(*st, NULL, NULL, &e) || hub_catalog_import(*st, cat, &rep, &e);
	mem_free(cat);
	*added = rep.added;
	return rc ? -1 : 0;
}

uint64_t tu_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
