/* embedded.c: C access to the data that embedded.S built in. */
#include "base/embedded.h"

extern const char safetynet_regions_tsv[], safetynet_regions_tsv_end[];
extern const char safetynet_holidays_tsv[], safetynet_holidays_tsv_end[];

struct embedded_file embedded_regions(void)
{
	return (struct embedded_file){ safetynet_regions_tsv,
		                       (size_t)(safetynet_regions_tsv_end - safetynet_regions_tsv) };
}

struct embedded_file embedded_holidays(void)
{
	return (struct embedded_file){ safetynet_holidays_tsv,
		                       (size_t)(safetynet_holidays_tsv_end - safetynet_holidays_tsv) };
}

extern const char safetynet_policy_params_tsv[], safetynet_policy_params_tsv_end[];

struct embedded_file embedded_policy_params(void)
{
	return (struct embedded_file){ safetynet_policy_params_tsv, (size_t)(safetynet_policy_params_tsv_end -
		                                                             safetynet_policy_params_tsv) };
}

extern const char safetynet_pinyin_tsv[], safetynet_pinyin_tsv_end[];

struct embedded_file embedded_pinyin(void)
{
	return (struct embedded_file){ safetynet_pinyin_tsv,
		                       (size_t)(safetynet_pinyin_tsv_end - safetynet_pinyin_tsv) };
}

#define POLICY(sym) extern const char safetynet_policy_##sym[], safetynet_policy_##sym##_end[];
POLICY(dibao)
POLICY(tekun)
POLICY(marginal)
POLICY(rigid)
POLICY(temp_aid)
POLICY(monitor)
#undef POLICY

struct embedded_file embedded_policy(const char *name)
{
	static const struct {
		const char *name;
		const char *start, *end;
	} files[] = {
		{ "dibao.rules", safetynet_policy_dibao, safetynet_policy_dibao_end },
		{ "tekun.rules", safetynet_policy_tekun, safetynet_policy_tekun_end },
		{ "marginal.rules", safetynet_policy_marginal, safetynet_policy_marginal_end },
		{ "rigid.rules", safetynet_policy_rigid, safetynet_policy_rigid_end },
		{ "temp-aid.rules", safetynet_policy_temp_aid, safetynet_policy_temp_aid_end },
		{ "monitor/indicators.rules", safetynet_policy_monitor, safetynet_policy_monitor_end },
	};
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		if (!strcmp(files[i].name, name))
			return (struct embedded_file){ files[i].start,
				                       (size_t)(files[i].end - files[i].start) };
	return (struct embedded_file){ NULL, 0 };
}
