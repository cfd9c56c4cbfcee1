/* cmd_hub.c: `safetynet hub stats --data DIR`: what the data hub holds and exchanges, and which
 * resources are late against their declared update cycle. */
#include <time.h>

#include "app/app.h"
#include "cmd/cmd.h"
#include "hub/hub.h"
#include "hub/hub_repo.h"

/* the longest a resource may go without a batch, in days, by its declared cycle */
static int max_age_days(const char *cycle)
{
	static const struct {
		const char *cycle;
		int days;
	} t[] = { { "实时", 1 },  { "每日", 2 },     { "每月", 35 },
		  { "每季", 95 }, { "每学期", 190 }, { "每年", 370 } };
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (!strcmp(t[i].cycle, cycle))
			return t[i].days;
	return 35;
}

struct fresh {
	struct store *s;
	long late, never;
	time_t now;
};

static int check_one(void *arg, const struct hub_db_resource_row *r)
{
	struct fresh *f = arg;
	struct hub_resource *res;
	int version;
	struct error e;
	if (hub_resource_load(f->s, r->code, &res, &version, &e))
		return 0;
	int limit = max_age_days(res->update_cycle);
	if (!r->last_batch_at[0]) {
		f->never++;
		printf("  %s\t%s\t%s\t%s\n", r->code, r->name, res->update_cycle,
		       L("从未入库", "never ingested"));
	} else {
		struct tm tm = { 0 };
		int y, mo, d, h, mi, sec;
		if (sscanf(r->last_batch_at, "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi, &sec) == 6) {
			tm.tm_year = y - 1900;
			tm.tm_mon = mo - 1;
			tm.tm_mday = d;
			tm.tm_hour = h;
			tm.tm_min = mi;
			tm.tm_sec = sec;
			double days = difftime(f->now, timegm(&tm)) / 86400.0;
			if (days > limit) {
				f->late++;
				printf("  %s\t%s\t%s\t%s %.0f %s\n", r->code, r->name, res->update_cycle,
				       L("已", "last batch"), days, L("天未更新", "days ago"));
			}
		}
	}
	hub_resource_free(res);
	return 0;
}

static int run(int argc, char **argv)
{
	const char *data = NULL;
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
	if (argc < 2 || strcmp(argv[1], "stats") || !data)
		return cmd_usage(&cmd_hub, "需要 stats 和 --data", "needs stats and --data");
	struct store *s = NULL;
	struct error e;
	struct hub_db_stats st;
	error_clear(&e);
	time_t now = time(NULL);
	char day[16];
	strftime(day, sizeof day, "%Y-%m-%d", gmtime(&now));
	int rc = cmd_open_data(data, &s, &e);
	if (rc == 0)
		rc = app_hub_stats(s, day, &st, &e);
	if (rc == 0) {
		printf("%s\t%" PRId64 "\n%s\t%" PRId64 "\n%s\t%" PRId64 "\n%s\t%" PRId64 "\n",
		       L("数据资源", "resources"), st.resources, L("数据项", "data items"), st.items,
		       L("现有记录", "records held"), st.records, L("记录版本", "record versions"),
		       st.record_versions);
		printf("%s\t%" PRId64 "\n%s\t%" PRId64 "\n%s\t%" PRId64 "\n%s\t%" PRId64 "\n",
		       L("批次", "batches"), st.batches, L("拒收行", "rejected rows"), st.rejects,
		       L("事实", "facts"), st.facts, L("共享任务", "sharing tasks"), st.tasks);
		printf("%s %s\t%" PRId64 "\n%s %s\t%" PRId64 "\n", L("今日投递", "deliveries"), day,
		       st.deliveries_today, L("今日交换记录", "records exchanged"), day,
		       st.records_exchanged_today);
		printf("%s\n", L("更新滞后的资源：", "resources late against their update cycle:"));
		struct fresh f = { s, 0, 0, now };
		rc = app_catalog_each(s, check_one, &f, &e);
		printf("%s\t%ld\t%s\t%ld\n", L("滞后", "late"), f.late, L("从未入库", "never ingested"),
		       f.never);
	}
	store_close(s);
	return rc ? cmd_fail(&cmd_hub, &e) : EXIT_OK;
}

const struct command cmd_hub = {
	"hub", "stats --data DIR", "数据共享平台统计与时效", "data hub statistics and freshness", run,
};
