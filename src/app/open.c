/* open.c: opening and closing a data folder for the use cases: an existing one brought up to
 * date, or one created (safetynet init). */
#include "app/app.h"

#include "base/date.h"

int app_open(const char *dir, struct store **s, struct error *e)
{
	int rc = store_open_dir(dir, STORE_OPEN_EXISTING, s, e);
	if (rc == 0 && (rc = store_migrate(*s, NULL, NULL, e))) {
		store_close(*s);
		*s = NULL;
	}
	return rc;
}

int app_init(const char *dir, struct store **s, int *from, int *to, struct error *e)
{
	char created[32];
	int rc = store_open_dir(dir, STORE_OPEN_CREATE, s, e);
	if (rc == 0)
		rc = store_migrate(*s, from, to, e);
	if (rc == 0 && store_setting_get(*s, "created_at", created, sizeof created, e) == ERR_NOTFOUND) {
		date_timestamp_utc(created);
		rc = store_setting_set(*s, "created_at", created, e);
	}
	return rc;
}
