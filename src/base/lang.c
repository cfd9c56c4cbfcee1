/* lang.c: choosing the language of messages from the environment. */
#include "base/common.h"
#include "base/lang.h"

static int current = -1;                   /* the process's language */
static _Thread_local int this_thread = -1; /* a thread's own, while it answers one request */

int lang_parse(const char *s)
{
	if (!s || !*s)
		return -1;
	if (strncmp(s, "zh", 2) == 0)
		return LANG_ZH;
	if (strncmp(s, "en", 2) == 0)
		return LANG_EN;
	return -1;
}

enum lang lang_current(void)
{
	if (this_thread >= 0)
		return (enum lang)this_thread;
	if (current >= 0)
		return (enum lang)current;
	int l = lang_parse(getenv("SAFETYNET_LANG"));
	const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; l < 0 && i < ARRAY_SIZE(vars); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v) {
			l = lang_parse(v) == LANG_EN ? LANG_EN : LANG_ZH;
			break;
		}
	}
	current = l < 0 ? LANG_ZH : l;
	return (enum lang)current;
}

void lang_set(enum lang l)
{
	current = (int)l;
}

int lang_set_thread(int l)
{
	int before = this_thread;
	this_thread = l;
	return before;
}
