/* lang.h: which language a person reads messages in (Simplified Chinese first, English second). */
#ifndef SAFETYNET_LANG_H
#define SAFETYNET_LANG_H

enum lang { LANG_ZH = 0, LANG_EN = 1 };

/* The process-wide language: SAFETYNET_LANG (zh|en), else LC_ALL, LC_MESSAGES, LANG starting
 * with "en" means English; anything else means Chinese. Read once, then cached. */
enum lang lang_current(void);
void lang_set(enum lang l);
/* This thread's language until set back (-1: the process's again); returns what it was. The
 * server answers each request in its own language this way, and verification its report. */
int lang_set_thread(int l);
/* Parses "zh"/"en" (and locale names like "en_US.UTF-8"); returns -1 when unknown. */
int lang_parse(const char *s);

/* Picks the text for the current language. */
#define L(zh, en) (lang_current() == LANG_ZH ? (zh) : (en))

#endif
