/* progress.h: how far a long command has come, on one line of a terminal that redraws (done /
 * total, rate, time left). Silent when stderr is not a terminal or the command was given
 * --quiet, so logs and pipes never see it. The services report into a struct progress the
 * command owns; a NULL one is silent too. */
#ifndef SAFETYNET_PROGRESS_H
#define SAFETYNET_PROGRESS_H

#include "base/common.h"

struct progress {
	bool on;
	const char *zh, *en; /* what is counted: "户", "households" */
	uint64_t done, total;
	double start, drawn; /* seconds (monotonic) */
	int width;           /* of the last line drawn, to clear it */
};

/* Shows progress for the rest of the command unless quiet or stderr is not a terminal
 * ($SAFETYNET_PROGRESS=1 forces it on, for tests). */
void progress_init(struct progress *p, bool quiet);
/* Starts counting what (zh and en: "户" / "households") towards total (0 when unknown). */
void progress_begin(struct progress *p, const char *zh, const char *en, uint64_t total);
/* done so far: redrawn at most five times a second */
void progress_set(struct progress *p, uint64_t done);
void progress_add(struct progress *p, uint64_t n);
/* Clears the line (the command prints its own summary after). */
void progress_end(struct progress *p);

#endif
