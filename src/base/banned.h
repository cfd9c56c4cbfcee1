/* banned.h: libc calls that are easy to misuse become compile errors (the idea is git's).
 * Use buf_addf / snprintf instead of sprintf, memcpy with a known length or buf instead of
 * strcpy/strcat, strtol-family with error checks instead of atoi, and our own tokenising
 * instead of strtok. Included last by common.h, after all system headers. */
#ifndef SAFETYNET_BANNED_H
#define SAFETYNET_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef atoll
#define atoll(x) BANNED(atoll)
#undef strtok
#define strtok(x, y) BANNED(strtok)

#endif
