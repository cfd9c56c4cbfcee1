/* access_role.h: the roles a staff account can hold (auth.c names and parses them). The
 * repository of accounts (users_repo.h) holds a role as this enum, so no role travels as text
 * above it. */
#ifndef SAFETYNET_ACCESS_ROLE_H
#define SAFETYNET_ACCESS_ROLE_H

enum access_role {
	SR_CASEWORKER,    /* township caseworker */
	SR_TOWNSHIP_HEAD, /* township head */
	SR_REVIEWER,      /* county reviewer */
	SR_APPROVER,      /* county approver */
	SR_SUPERVISOR,    /* city or province supervisor */
	SR_POLICY,        /* policy officer */
	SR_DATA,          /* department data officer */
	SR_AUDITOR,       /* auditor */
	SR_ADMIN,         /* administrator */
	SR_FINANCE,       /* county finance officer: the second approval of a payroll, the bank files */
	SR_COUNT
};
const char *access_role_name(enum access_role r);  /* "caseworker", ... */
const char *access_role_label(enum access_role r); /* 乡镇经办人, ... */
int access_role_parse(const char *s, enum access_role *out);

#endif
