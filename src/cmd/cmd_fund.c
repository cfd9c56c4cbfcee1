/* cmd_fund.c: `safetynet fund show|topup --data DIR --as USER TOWNSHIP [AMOUNT]`: the township
 * reserve fund (备用金): its balance, ceiling and ledger, and top-ups from the county. */
#include "base/money.h"
#include "cases/cases.h"
#include "cmd/cmd.h"
#include "policy/rules.h"
#include "cases/case_repo.h"

static int print_entry(void *arg, const struct cs_db_ledger_row *r)
{
	UNUSED(arg);
	char amount[MONEY_STR_SIZE], balance[MONEY_STR_SIZE];
	money_format(r->amount_fen, amount);
	money_format(r->balance_fen, balance);
	printf("%s\t%s\t%s\t%s\t%" PRId64 "\t%s\t%s\n", r->day, r->kind, amount, balance, r->case_id,
	       r->actor, r->note);
	return 0;
}

static int run(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "", *data = NULL, *as = NULL, *township = NULL, *amount = NULL,
	           *day = NULL, *note = NULL;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
		else if (!strcmp(argv[i], "--as") && i + 1 < argc)
			as = argv[++i];
		else if (!strcmp(argv[i], "--day") && i + 1 < argc)
			day = argv[++i];
		else if (!strcmp(argv[i], "--note") && i + 1 < argc)
			note = argv[++i];
		else if (argv[i][0] != '-' && !township)
			township = argv[i];
		else if (argv[i][0] != '-' && !amount)
			amount = argv[i];
		else
			return cmd_usage(&cmd_fund, "不认识的参数：%s", "unknown argument: %s", argv[i]);
	}
	bool topup = !strcmp(sub, "topup");
	if ((!topup && strcmp(sub, "show")) || !data || !as || !township || (topup && !amount))
		return cmd_usage(&cmd_fund, "用法见下", "see the usage below");
	struct error e;
	error_clear(&e);
	struct store *s = NULL;
	struct cs_service *cs = NULL;
	struct access_user u;
	char found[4096];
	int rc = cmd_open_data(data, &s, &e);
	if (!rc)
		rc = access_user_by_name(s, as, &u, &e);
	if (!rc)
		rc = cs_open_service(rules_policy_dir(data, found, sizeof found), &cs, &e);
	if (!rc && topup)
		rc = cs_fund_topup(cs, s, &u, township, amount, day, note, &e);
	int64_t balance = 0, ceiling = 0;
	if (!rc)
		rc = cs_fund_balance(cs, s, &u, township, &balance, &ceiling, &e);
	if (!rc) {
		char b[MONEY_STR_SIZE], c[MONEY_STR_SIZE];
		money_format(balance, b);
		money_format(ceiling, c);
		printf("%s\t%s\t%s %s\n", township, b, L("上限", "ceiling"), c);
		if (!topup)
			rc = cs_fund_history(s, &u, township, print_entry, NULL, &e);
	}
	cs_close_service(cs);
	store_close(s);
	return rc ? cmd_fail(&cmd_fund, &e) : EXIT_OK;
}

const struct command cmd_fund = {
	"fund",
	"show --data DIR --as USER TOWNSHIP | topup --data DIR --as USER TOWNSHIP YUAN [--day D] [--note TEXT]",
	"乡镇临时救助备用金：余额、台账、县级补充",
	"the township reserve fund: balance, ledger, top-ups from the county",
	run,
};
