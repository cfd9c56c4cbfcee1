/* app_ingest.c: a department's file taken in as a batch and linked at once, for the command line
 * (safetynet ingest) and the API (POST ingests, on a thread of its own). */
#include "app/app.h"
#include "audit/audit.h"

int app_ingest(struct store *s, struct app_ingest *in, struct error *e)
{
	const char *mode = in->mode == HUB_FULL    ? "mode=full"
	                   : in->mode == HUB_CHECK ? "mode=check"
	                                           : "mode=incremental";
	memset(&in->linked, 0, sizeof in->linked);
	in->link_rc = 0;
	error_clear(&in->link_err);
	/* the batch commits with its audit entry */
	int rc = audit_with_commit(s, in->by, "ingest-batch", in->resource, mode, e);
	if (rc == 0)
		rc = audit_with_commit_end(s,
		                           hub_ingest_counted(s, in->datadir, in->resource, in->file,
		                                              in->mode, in->progress, &in->rep, e),
		                           e);
	if (rc == 0 && in->link && in->mode != HUB_CHECK && !in->rep.duplicate)
		in->link_rc = lk_run_new_batch(s, in->resource, in->rep.batch, in->progress, &in->linked,
		                               &in->link_err);
	if (!in->link_rc)
		error_clear(&in->link_err);
	return rc;
}
