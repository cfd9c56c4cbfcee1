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
