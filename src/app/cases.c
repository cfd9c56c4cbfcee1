/* cases.c: a case as it stands, for the command line to print after a step (cases/ gates and
 * makes the step itself). */
#include "app/app.h"
#include "cases/case_repo.h"

int app_case_get(struct store *s, int64_t id, struct cs_db_case *c, struct error *e)
{
	return cs_db_case_get(s, id, c, e);
}
