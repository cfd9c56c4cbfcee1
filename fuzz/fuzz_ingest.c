/* fuzz_ingest.c: libFuzzer target for ingest: the CSV and JSON-lines readers together with the
 * catalogue checks and the batch logic, on an in-memory database. The first byte picks the
 * resource (a CSV one in GB18030 or UTF-8 with every field type, or a JSON-lines one); the
 * rest is the file. Every batch must account for every row read. */
#include <ftw.h>
#include <unistd.h>

#include "base/buf.h"
#include "hub/hub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *catalog =
    "{\"resources\":["
    "{\"code\":\"F1\",\"format\":\"csv\",\"encoding\":\"UTF-8\",\"date_format\":\"YYYY-MM-DD\",\"key_fields\":[\"id\",\"m\"],"
    "\"fields\":[{\"name\":\"id\",\"type\":\"id\",\"required\":true,\"share\":\"有条件\"},"
    "{\"name\":\"n\",\"type\":\"name\",\"required\":false},{\"name\":\"r\",\"type\":\"region\",\"required\":false},"
    "{\"name\":\"d\",\"type\":\"date\",\"required\":false},{\"name\":\"m\",\"type\":\"month\",\"required\":true},"
    "{\"name\":\"a\",\"type\":\"money\",\"required\":false},{\"name\":\"i\",\"type\":\"int\",\"required\":false}],"
    "\"facts\":[{\"kind\":\"k\",\"person\":\"id\",\"period\":\"m\",\"amount\":\"a\",\"value\":\"n\"}]},"
    "{\"code\":\"F2\",\"format\":\"csv\",\"encoding\":\"GB18030\",\"date_format\":\"YYYYMMDD\",\"key_fields\":[\"身份证号\"],"
    "\"fields\":[{\"name\":\"身份证号\",\"type\":\"id\",\"required\":true},{\"name\":\"日期\",\"type\":\"date\",\"required\":true}]},"
    "{\"code\":\"F3\",\"format\":\"jsonl\",\"encoding\":\"UTF-8\",\"date_format\":\"YYYY/MM/DD\",\"key_fields\":[\"sfzh\"],"
    "\"fields\":[{\"name\":\"sfzh\",\"type\":\"id\",\"required\":true},{\"name\":\"je\",\"type\":\"money\",\"required\":true},"
    "{\"name\":\"rq\",\"type\":\"date\",\"required\":false}],"
    "\"facts\":[{\"kind\":\"k3\",\"person\":\"sfzh\",\"period\":\"rq\",\"amount\":\"je\"}]}]}";

static struct store *st;
static char dir[64];

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void cleanup(void)
{
	store_close(st);
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void once(void)
{
	struct error e;
	struct hub_import_report rep;
	snprintf(dir, sizeof dir, "/tmp/fuzz-ingest-XXXXXX");
	if (!mkdtemp(dir) || store_open_sqlite(":memory:", STORE_OPEN_CREATE, &st, &e) ||
	    store_migrate(st, NULL, NULL, &e))
		abort();
	struct buf p = BUF_INIT(256);
	buf_addf(&p, "%s/catalog.json", dir);
	FILE *f = fopen(p.data, "w");
	if (!f)
		abort();
	fputs(catalog, f);
	fclose(f);
	if (hub_catalog_import(st, p.data, &rep, &e))
		abort();
	buf_release(&p);
	atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *codes[] = { "F1", "F2", "F3" };
	if (!st)
		once();
	if (size == 0)
		return 0;
	struct buf p = BUF_INIT(256);
	buf_addf(&p, "%s/input", dir);
	FILE *f = fopen(p.data, "wb");
	if (!f)
		abort();
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);
	struct hub_batch_report rep;
	struct error e;
	int rc = hub_ingest(st, dir, codes[data[0] % 3], p.data, data[0] & 4 ? HUB_FULL : HUB_INCREMENTAL,
	                    &rep, &e);
	if (rc == 0 && !rep.duplicate && rep.n.read != rep.n.accepted + rep.n.rejected)
		abort();
	if (store_in_transaction(st))
		abort(); /* a batch never stays open */
	unlink(p.data);
	buf_release(&p);
	return 0;
}
