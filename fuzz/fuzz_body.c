/* fuzz_body.c: libFuzzer target for the strict reader of API request bodies: any bytes are read
 * or refused, never crash; what is read is an object whose texts are valid UTF-8 with no NUL. */
#include <json-c/json.h>

#include "base/utf8.h"
#include "server/body.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct body b;
	struct error e;
	error_clear(&e);
	if (size > 65536 || api_body_parse((const char *)data, size, &b, &e)) {
		if (!utf8_valid(e.en, strlen(e.en)) || !utf8_valid(e.zh, strlen(e.zh)))
			abort();
		return 0;
	}
	if (!json_object_is_type(b.o, json_type_object))
		abort();
	json_object_object_foreach(b.o, key, v)
	{
		const char *s;
		char list[256];
		int64_t x;
		bool given;
		int flag;
		if (!api_body_text(&b, key, 0, &s, &e) && s &&
		    (strlen(s) > BODY_MAX_TEXT || !utf8_valid(s, strlen(s))))
			abort();
		api_body_int(&b, key, -10, 10, &x, &given, &e);
		if (given && (x < -10 || x > 10))
			abort();
		api_body_bool(&b, key, &flag, &e);
		if (!api_body_list(&b, key, list, sizeof list, &s, &e) && s && strlen(s) >= sizeof list)
			abort();
		UNUSED(v);
	}
	api_body_release(&b);
	return 0;
}
