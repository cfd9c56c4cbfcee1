/* app_monitor.c: monitoring's warnings as use cases the command line and the API both call: the
 * queue and the overdue list of a region (or of one household), its counts by township and level,
 * one warning with its field checks, and the lifecycle's steps (send to the township, a field
 * check, the outcome). monitor/ passes the access gate and
 * commits each step with its audit entry (monitor_life.c); a household's field checks are the
 * evidence its detail shows beside the departments' facts. */
#include "app/app.h"

int app_warnings_list(struct store *s, const struct access_user *u, const char *op,
                      const struct mon_filter *f, int (*cb)(void *arg, const struct mon_warning *w),
                      void *arg, struct error *e)
{
	return mon_list(s, u, op, f, cb, arg, e);
}

int app_warnings_summary(struct store *s, const struct access_user *u, const char *region,
                         int (*cb)(void *arg, const struct mon_count *c), void *arg, struct error *e)
{
	return mon_summary(s, u, NULL, region, cb, arg, e);
}

int app_warning_show(struct store *s, const struct access_user *u, int64_t id,
                     int (*on_warning)(void *arg, const struct mon_warning *w),
                     int (*on_check)(void *arg, const struct mon_check *c), void *arg, struct error *e)
{
	return mon_show(s, u, id, on_warning, on_check, arg, e);
}

int app_warning_send(struct store *s, const struct access_user *u, int64_t id, date_t day, struct error *e)
{
	return mon_send(s, u, id, day, e);
}

int app_warning_check(struct store *s, const struct access_user *u, int64_t id, date_t day,
                      const struct mon_check_in *in, int64_t *check, struct error *e)
{
	return mon_check_add(s, u, id, day, in, check, e);
}

int app_warning_outcome(struct store *s, const struct access_user *u, int64_t id, date_t day,
                        const struct mon_outcome_in *in, struct error *e)
{
	return mon_outcome_set(s, u, id, day, in, e);
}
