/* tsv.c: tab-separated text cut in place, line by line and field by field. */
#include "base/tsv.h"

char *tsv_next_line(char **at, char *end)
{
	if (*at >= end)
		return NULL;
	char *p = *at, *nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl)
		nl = end;
	*nl = '\0';
	*at = nl + 1;
	return p;
}

int tsv_split(char *line, char **f, int max)
{
	int n = 0;
	for (char *p = line; max > 0;) {
		f[n++] = p;
		if (n == max)
			break; /* the last field keeps the rest of the line */
		char *t = strchr(p, '\t');
		if (!t)
			break;
		*t = '\0';
		p = t + 1;
	}
	return n;
}
