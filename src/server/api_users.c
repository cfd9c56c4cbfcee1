/* api_users.c: staff accounts over the API: administrators and auditors list the accounts of
 * their region; administrators add, disable and enable them. Each call passes the access gate
 * and is audited. Password hashes never leave the store. */
#include "app/app.h"
#include "base/jsonw.h"
#include "server/api_int.h"
#include "server/body.h"
#include "server/routes.h"
#include "access/users_repo.h"

struct listing {
	struct jsonw *w;
	const struct access_user *u;
};

static int user_row(void *arg, const struct access_db_user_row *r)
{
	struct listing *l = arg;
	if (!access_in_scope(l->u, r->region))
		return 0;
	jsonw_obj_begin(l->w);
	jsonw_key(l->w, "name");
	jsonw_str(l->w, r->name);
	jsonw_key(l->w, "display");
	jsonw_str(l->w, r->display);
	jsonw_key(l->w, "role");
	jsonw_str(l->w, access_role_name(r->role));
	jsonw_key(l->w, "role_label");
	jsonw_str(l->w, access_role_label(r->role));
	jsonw_key(l->w, "region");
	jsonw_str(l->w, r->region);
	jsonw_key(l->w, "disabled");
	jsonw_bool(l->w, r->disabled);
	jsonw_key(l->w, "locked");
	jsonw_bool(l->w, r->locked_until > 0);
	jsonw_obj_end(l->w);
	return 0;
}

static int list(struct api *a, const struct access_user *u, struct api_response *rs)
{
	struct error e;
	error_clear(&e);
	if (access_gate(a->s, u, SA_USERS, u->region, "users", "user list", &e))
		return api_fail_error(rs, &e);
	struct jsonw w;
	api_list_begin(rs, &w, "users");
	struct listing l = { &w, u };
	return api_list_end(rs, &w, app_users_each(a->s, user_row, &l, &e), &e);
}

static int add(struct api *a, const struct access_user *u, const struct api_request *rq,
               struct api_response *rs)
{
	if (!rq->body_len)
		return api_fail(rs, 400, "invalid",
		                L("请求内容应为 JSON 对象", "the request body must be a JSON object"), NULL);
	struct body b = { api_body(rq, rs) };
	if (!b.o)
		return 0;
	const char *name, *display, *role, *region, *password;
	struct error e;
	error_clear(&e);
	int rc = api_body_text(&b, "username", 63, &name, &e);
	if (!rc)
		rc = api_body_text(&b, "display", 127, &display, &e);
	if (!rc)
		rc = api_body_text(&b, "role", 31, &role, &e);
	if (!rc)
		rc = api_body_text(&b, "region", 15, &region, &e);
	if (!rc)
		rc = api_body_text(&b, "password", 1024, &password, &e);
	if (!rc)
		rc = app_user_add(a->s, u, NULL, name, display, role, region, password, &e);
	api_body_release(&b);
	if (rc)
		return api_fail_error(rs, &e);
	rs->status = 201;
	buf_adds(&rs->body, "{\"added\":true}");
	return 0;
}

static int able(struct api *a, const struct access_user *u, const char *name, bool disable,
                struct api_response *rs)
{
	struct error e;
	error_clear(&e);
	if (app_user_able(a->s, u, NULL, name, disable, &e))
		return api_fail_error(rs, &e);
	rs->status = 204;
	return 0;
}

int api_users_list(struct api_call *c)
{
	return list(c->a, c->u, c->rs);
}

int api_users_add(struct api_call *c)
{
	return add(c->a, c->u, c->rq, c->rs);
}

int api_users_disable(struct api_call *c)
{
	return able(c->a, c->u, c->param[0], true, c->rs);
}

int api_users_enable(struct api_call *c)
{
	return able(c->a, c->u, c->param[0], false, c->rs);
}
