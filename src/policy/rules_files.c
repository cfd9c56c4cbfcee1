/* rules_files.c: compiling rule files from disk, one or several as layers (a province base, then
 * a city's or county's exceptions); the files' text is not needed once compiled. */
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
