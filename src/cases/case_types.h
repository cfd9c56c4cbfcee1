/* case_types.h: what a case is, as the domain names it: its scheme and the states of its
 * workflow (workflow.c gives their names, labels and parsing). The repository (case_repo.h) holds
 * a case with these, so no text state travels above it. */
#ifndef SAFETYNET_CASE_TYPES_H
#define SAFETYNET_CASE_TYPES_H

#include "base/lang.h"

enum cs_scheme { CS_DIBAO, CS_TEKUN, CS_MARGINAL, CS_RIGID, CS_TEMP, CS_REFERRAL, CS_SCHEMES };
const char *cs_scheme_name(enum cs_scheme s); /* dibao, tekun, marginal, rigid, temp, referral */
const char *cs_scheme_label(enum cs_scheme s, enum lang lang);
int cs_scheme_parse(const char *s, enum cs_scheme *out);

enum cs_state {
	CST_ACCEPTED,   /* 已受理 */
	CST_VERIFIED,   /* 已核对 */
	CST_VISITED,    /* 已入户调查 */
	CST_NOTICE,     /* 公示中 */
	CST_REVIEWED,   /* 乡镇已审核，待县级确认 */
	CST_ACTIVE,     /* 在保 */
	CST_EXITING,    /* 渐退期 */
	CST_ADVANCED,   /* 临时救助已先行发放，待补手续 */
	CST_COMPLETED,  /* 手续已补齐，待县级结算备用金 */
	CST_REFERRED,   /* 已转介，待部门反馈 */
	CST_REFUSED,    /* 不予批准 */
	CST_TERMINATED, /* 已终止 */
	CST_WITHDRAWN,  /* 申请人撤回 */
	CST_CLOSED,     /* 已办结 */
	CST_COUNT
};
const char *cs_state_name(enum cs_state s);
const char *cs_state_label(enum cs_state s, enum lang lang);
int cs_state_parse(const char *s, enum cs_state *out);
/* A state no step leaves (refused, terminated, withdrawn, closed). */
bool cs_state_final(enum cs_state s);

#endif
