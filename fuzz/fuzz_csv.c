/* fuzz_csv.c: libFuzzer target for the CSV reader. The first byte picks the options (encoding,
 * delimiter, limits, chunk size); the rest is the file. Reads every row; checks that each good
 * row's fields are NUL-terminated UTF-8 of the stated length. */
#include <fcntl.h>
#include <unistd.h>

#include "base/csv.h"
#include "base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	uint8_t mode = data[0];
	struct csv_options opt = {
		.encoding = (enum csv_encoding)(mode % 3),
		.delim = (mode & 4) ? '\t' : ',',
		.max_record = (mode & 8) ? 64 : 0,
		.max_fields = (mode & 16) ? 3 : 0,
		.expect_fields = (mode & 32) ? -1 : 0,
	};
	struct csv_reader r;
	struct error e;
	struct csv_row row;
	if (csv_open_mem(&r, (const char *)data + 1, size - 1, &opt, &e) == 0) {
		int rc;
		while ((rc = csv_next(&r, &row, &e)) == CSV_ROW || rc == CSV_REJECT) {
			for (size_t i = 0; rc == CSV_ROW && i < row.n; i++) {
				if (strlen(row.f[i].p) != row.f[i].n || !utf8_valid(row.f[i].p, row.f[i].n))
					abort();
			}
		}
	}
	csv_close(&r);
	return 0;
}
