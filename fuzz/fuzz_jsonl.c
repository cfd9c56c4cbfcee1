/* fuzz_jsonl.c: libFuzzer target for the JSON-lines reader: every line is read or rejected,
 * never crashes, and every object handed out is an object. */
#include "base/jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jsonl_reader r;
	struct error e;
	struct json_object *o;
	uint64_t line;
	if (jsonl_open_mem(&r, (const char *)data, size, 256, &e) == 0) {
		int rc;
		while ((rc = jsonl_next(&r, &o, &line, &e)) == JSONL_ROW || rc == JSONL_REJECT) {
			if (rc == JSONL_ROW && !json_object_is_type(o, json_type_object))
				abort();
		}
	}
	jsonl_close(&r);
	return 0;
}
