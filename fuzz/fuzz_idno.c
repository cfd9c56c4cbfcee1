/* fuzz_idno.c: libFuzzer target for the ID number parser: any bytes give a verdict; a valid
 * number normalises to 18 characters whose check character is right and which parse again
 * to the same result. */
#include "base/idno.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct idno id, again;
	date_t today = date_from_ymd(2026, 11, 29);
	if (idno_parse((const char *)data, size, today, &id) != IDNO_OK)
		return 0;
	if (strlen(id.id) != 18 || idno_check_char(id.id) != id.id[17])
		abort();
	if (idno_parse(id.id, 18, today, &again) != IDNO_OK || strcmp(again.id, id.id) != 0 ||
	    again.birth != id.birth || again.sex != id.sex)
		abort();
	return 0;
}
