/* common.h: the first include of every safetynet C file. Pulls in the standard headers the
 * project uses, a few tiny helpers, and then banned.h, which must come after every system
 * header so its macros cannot clash with their declarations. */
#ifndef SAFETYNET_COMMON_H
#define SAFETYNET_COMMON_H

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define UNUSED(x) ((void)(x))

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

#include "base/banned.h"

#endif
