/* tsv.h: reading tab-separated text held whole in memory (the generator's truth files), cut in
 * place: line by line, and a line into its fields. */
#ifndef SAFETYNET_TSV_H
#define SAFETYNET_TSV_H

#include "base/common.h"

/* The next line of the text between *at and end, cut in place, or NULL after the last. */
char *tsv_next_line(char **at, char *end);
/* Cuts a line at its tabs: f gets up to max fields (the last keeps the rest of the line);
 * returns how many it got. */
int tsv_split(char *line, char **f, int max);

#endif
