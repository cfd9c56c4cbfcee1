/* static.h: the web UI's files built into the binary. */
#ifndef SAFETYNET_STATIC_H
#define SAFETYNET_STATIC_H

#include "base/common.h"

struct server_static_file {
	const char *data;
	size_t len;
	const char *type; /* Content-Type */
};
/* 1 and the file for a path of the UI ("/", "/app.js", ...), 0 for any other path. */
int server_static(const char *path, struct server_static_file *out);

#endif
