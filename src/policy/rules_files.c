/* rules_files.c: compiling rule files from disk, one or several as layers (a province base, then
 * a city's or county's exceptions), or the shipped policy built into the binary; the files' text
 * is not needed once compiled. */
#include <sys/stat.h>

#include "base/embedded.h"
#include "base/mem.h"
#include "policy/rules.h"

int rules_compile_files(size_t n, const char *const *paths, const struct param_set *ps, struct rules **out,
                        struct error *e)
{
	*out = NULL;
	if (n == 0 || n > 16)
		return error_set(e, ERR_INVAL, "需要 1 到 16 个规则文件", "1 to 16 rule files are needed");
	struct buf text[16];
	const char *texts[16] = { 0 };
	size_t lens[16] = { 0 };
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

/* Where the policy comes from, never the working directory: $SAFETYNET_POLICY_DIR (tests, or
 * trying a changed policy on purpose), the data folder's own policy/, or the binary. */
const char *rules_policy_dir(const char *data_dir, char *out, size_t cap)
{
	const char *env = getenv("SAFETYNET_POLICY_DIR");
	if (env && *env)
		return env;
	struct stat st;
	if (data_dir && *data_dir && cap) {
		snprintf(out, cap, "%s/policy", data_dir);
		if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
			return out;
	}
	return NULL;
}

int rules_compile_policy(const char *dir, const char *name, const struct param_set *ps, struct rules **out,
                         struct error *e)
{
	*out = NULL;
	if (dir) {
		char path[4200];
		snprintf(path, sizeof path, "%s/%s", dir, name);
		const char *paths[] = { path };
		return rules_compile_files(1, paths, ps, out, e);
	}
	struct embedded_file f = embedded_policy(name);
	if (!f.data)
		return error_set(e, ERR_NOTFOUND, "程序中没有内置的规则文件 %s",
		                 "no rule file %s is built in", name);
	const char *names[] = { name }, *texts[] = { f.data };
	return rules_compile_layers(1, names, texts, &f.len, ps, out, e);
}
