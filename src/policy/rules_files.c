/* rules_files.c: compiling rule files from disk, one or several as layers (a province base, then
 * a city's or county's exceptions); the files' text is not needed once compiled. */
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "policy/rules.h"

int rules_compile_files(size_t n, const char *const *paths, const struct param_set *ps, struct rules **out,
                        struct error *e)
{
	*out = NULL;
	if (n == 0 || n > 16)
		return error_set(e, ERR_INVAL, "需要 1 到 16 个规则文件", "1 to 16 rule files are needed");
	struct buf text[16];
	const char *texts[16];
	size_t lens[16];
	int rc = 0;
	size_t read = 0;
	for (; read < n && rc == 0; read++) {
		buf_init(&text[read], (size_t)4 << 20);
		int st = buf_read_file(&text[read], paths[read]);
		if (st == ERR_TOOBIG)
			rc = error_set(e, ERR_TOOBIG, "规则文件过大：%s", "the rule file is too large: %s",
			               paths[read]);
		else if (st)
			rc = error_set(e, ERR_IO, "无法读取 %s：%s", "cannot read %s: %s", paths[read],
			               strerror(errno));
		if (rc) {
			read++;
			break;
		}
		texts[read] = buf_cstr(&text[read]);
		lens[read] = text[read].len;
	}
	if (rc == 0)
		rc = rules_compile_layers(n, paths, texts, lens, ps, out, e);
	for (size_t i = 0; i < read; i++)
		buf_release(&text[i]);
	return rc;
}

/* The shipped policy folder: $SAFETYNET_POLICY_DIR, ./policy, or policy/ of the source tree
 * the binary was built in (build/KIND/safetynet), or share/safetynet/policy beside an installed
 * bin/. */
const char *rules_policy_dir(char *out, size_t cap)
{
	const char *env = getenv("SAFETYNET_POLICY_DIR");
	if (env && *env)
		return env;
	struct stat st;
	if (stat("policy", &st) == 0 && S_ISDIR(st.st_mode))
		return "policy";
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return "policy";
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	static const char *const tries[] = { "%s/../../policy", "%s/../share/safetynet/policy" };
	for (size_t i = 0; i < ARRAY_SIZE(tries); i++) {
		snprintf(out, cap, tries[i], exe);
		if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
			return out;
	}
	return "policy";
}
