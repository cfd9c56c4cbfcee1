/* api_ingest.c: a department's file taken in over the API, as `safetynet ingest` takes it from
 * the command line. POST /api/v1/batches/RESOURCE?mode=incremental|full carries the file as its
 * body (CSV or JSON lines, as the catalogue declares, up to 1 GiB). Its first bytes are not
 * stored until the session, the CSRF token and the gate (action `ingest`, data officers only)
 * have allowed it and the resource is known; then the body goes to a file under DATA/incoming,
 * and the batch is taken in by a thread of its own, on its own connection, exactly as a command
 * would (one transaction: all or nothing; then linkage), while the server goes on answering.
 * GET /api/v1/ingests/ID follows it: running, then the batch's report or the error. One batch at
 * a time: SQLite has one writer. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "audit/audit.h"
#include "base/jsonw.h"
#include "server/api_int.h"
#include "server/routes.h"
#include "hub/hub_repo.h"

enum { JOBS = 64 };

enum job_state { JOB_RUNNING, JOB_DONE, JOB_FAILED };

struct job {
	int64_t id;                /* 0: unused */
	char resource[32], by[64]; /* by: who sent it */
	enum hub_mode mode;
	char path[700];
	enum job_state state;
	struct hub_batch_report rep;
	struct error err;
	struct error link_err; /* the batch is stored, but linking it failed (code 0: linked) */
};

struct api_ingests {
	pthread_mutex_t mu;
	char datadir[600];
	char by[64];           /* who is uploading (set with uploading) */
	struct job jobs[JOBS]; /* the latest, by id modulo JOBS */
	int64_t last;          /* the last job's id */
	bool running;          /* a batch is being taken in */
	bool uploading;        /* a file is arriving: one at a time, so uploads cannot fill the disk */
	pthread_t thread;
	bool joinable;
};

bool api_ingest_running(struct api_ingests *g)
{
	if (!g)
		return false;
	pthread_mutex_lock(&g->mu);
	bool running = g->running;
	pthread_mutex_unlock(&g->mu);
	return running;
}

/* uploads a stopped server left behind belong to no batch: they go */
static void clear_incoming(const char *datadir)
{
	char path[700];
	snprintf(path, sizeof path, "%s/incoming", datadir);
	DIR *d = opendir(path);
	if (!d)
		return;
	for (struct dirent *de; (de = readdir(d));) {
		if (strncmp(de->d_name, "upload-", 7))
			continue;
		snprintf(path, sizeof path, "%s/incoming/%.40s", datadir, de->d_name);
		unlink(path);
	}
	closedir(d);
}

int api_ingests_open(const char *datadir, struct api_ingests **out)
{
	struct api_ingests *g = calloc(1, sizeof *g);
	if (!g)
		return ERR_NOMEM;
	pthread_mutex_init(&g->mu, NULL);
	snprintf(g->datadir, sizeof g->datadir, "%s", datadir);
	clear_incoming(g->datadir);
	*out = g;
	return 0;
}

void api_ingests_close(struct api_ingests *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->mu);
	bool running = g->running;
	pthread_mutex_unlock(&g->mu);
	if (running)
		return; /* the process is ending: its transaction is rolled back, nothing half-stored */
	if (g->joinable)
		pthread_join(g->thread, NULL);
	pthread_mutex_destroy(&g->mu);
	free(g);
}

static void *take_in(void *arg)
{
	struct api_ingests *g = arg;
	pthread_mutex_lock(&g->mu);
	struct job j = g->jobs[g->last % JOBS];
	pthread_mutex_unlock(&g->mu);
	struct store *s = NULL;
	error_clear(&j.err);
	int rc = store_open_dir(g->datadir, STORE_OPEN_EXISTING, &s, &j.err);
	/* taken in and linked at once, as the command does */
	struct app_ingest in = { .datadir = g->datadir,
		                 .by = j.by,
		                 .resource = j.resource,
		                 .file = j.path,
		                 .mode = j.mode,
		                 .link = true,
		                 .rep = j.rep };
	error_clear(&in.link_err);
	if (rc == 0)
		rc = app_ingest(s, &in, &j.err);
	j.rep = in.rep;
	j.link_err = in.link_err;
	store_close(s);
	unlink(j.path);
	pthread_mutex_lock(&g->mu);
	struct job *slot = &g->jobs[j.id % JOBS];
	if (slot->id == j.id) {
		slot->rep = j.rep;
		slot->err = j.err;
		slot->link_err = j.link_err;
		slot->state = rc ? JOB_FAILED : JOB_DONE;
	}
	g->running = false;
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

/* the resource code of a POST batches/{resource}, found by the route table */
static bool resource_of(const char *method, const char *url, struct api_call *c, char out[32])
{
	char allow[32];
	if (api_route_match(method, url, c, allow) != AM_FOUND || c->route->handler != api_upload)
		return false;
	memcpy(out, c->param[0], strlen(c->param[0]) + 1); /* under 32 bytes: its kind */
	return true;
}

bool api_is_upload(const char *method, const char *url)
{
	struct api_call c = { 0 };
	char code[32];
	return resource_of(method, url, &c, code);
}

/* the route's handler when api_handle is given an upload: http.c streams them instead */
int api_upload(struct api_call *c)
{
	return api_fail(c->rs, 404, "not-found", L("没有这个地址", "no such address"), NULL);
}

static int upload_begin(struct api *a, const struct api_request *rq, char path[700], struct api_response *rs)
{
	char code[32], csrf[ACCESS_TOKEN_HEX + 1];
	struct access_user u;
	struct error e;
	error_clear(&e);
	rs->status = 200;
	rs->set_cookie[0] = '\0';
	rs->allow[0] = '\0';
	buf_reset(&rs->body);
	struct api_call c = { 0 };
	if (!a->ingests || !resource_of(rq->method, rq->path, &c, code)) {
		api_fail(rs, 404, "not-found", L("没有这个地址", "no such address"), NULL);
		return -1;
	}
	if (!api_session(a, rq, &u, csrf, rs) || api_route_role(a, &u, c.route, c.sub, rs))
		return -1;
	if (app_ingest_gate(a->s, &u, code, &e)) {
		api_fail_error(rs, &e);
		return -1;
	}
	if (rq->mode && strcmp(rq->mode, "full") && strcmp(rq->mode, "incremental")) {
		api_fail(rs, 400, "invalid",
		         L("方式应为 full 或 incremental", "the mode must be full or incremental"), "mode");
		return -1;
	}
	struct hub_resource *r;
	int version;
	if (hub_resource_load(a->s, code, &r, &version, &e)) {
		if (e.code == ERR_NOTFOUND)
			error_field(&e, "resource");
		api_fail_error(rs, &e);
		return -1;
	}
	hub_resource_free(r);
	pthread_mutex_lock(&a->ingests->mu);
	bool busy = a->ingests->running || a->ingests->uploading;
	if (!busy) {
		a->ingests->uploading = true; /* until api_upload_finish or api_upload_abort */
		snprintf(a->ingests->by, sizeof a->ingests->by, "%s", u.name);
	}
	pthread_mutex_unlock(&a->ingests->mu);
	if (busy) {
		api_fail(rs, 409, "running",
		         L("已有一个文件正在上传或导入，请等它完成",
		           "another file is being uploaded or taken in: wait for it to finish"),
		         NULL);
		return -1;
	}
	snprintf(path, 700, "%s/incoming", a->ingests->datadir);
	mkdir(path, 0700);
	snprintf(path, 700, "%s/incoming/upload-XXXXXX", a->ingests->datadir);
	int fd = mkstemp(path);
	if (fd < 0) {
		api_upload_abort(a);
		error_set(&e, ERR_IO, "无法保存上传的文件", "cannot keep the uploaded file");
		api_fail_error(rs, &e);
		return -1;
	}
	return fd;
}

void api_upload_abort(struct api *a)
{
	pthread_mutex_lock(&a->ingests->mu);
	a->ingests->uploading = false;
	pthread_mutex_unlock(&a->ingests->mu);
}

int api_upload_write(int fd, const char *path, const char *data, size_t n, uint64_t *total,
                     struct api_response *rs)
{
	*total += n;
	if (*total > API_MAX_UPLOAD) {
		api_fail(rs, 413, "too-large", L("文件超过 1 GiB", "the file is larger than 1 GiB"), NULL);
	} else {
		while (n) {
			ssize_t w = write(fd, data, n);
			if (w <= 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			data += w;
			n -= (size_t)w;
		}
		if (n == 0)
			return 0;
		api_fail(rs, 500, "internal", L("无法保存上传的文件", "cannot keep the uploaded file"), NULL);
	}
	close(fd);
	unlink(path);
	return -1;
}

static void upload_finish(struct api *a, const struct api_request *rq, const char *path,
                          struct api_response *rs)
{
	char code[32];
	struct api_call c = { 0 };
	resource_of(rq->method, rq->path, &c, code);
	struct api_ingests *g = a->ingests;
	pthread_mutex_lock(&g->mu);
	g->uploading = false; /* held since upload_begin, so no batch has started meanwhile */
	if (g->joinable) {    /* the last one has finished: collect its thread */
		pthread_join(g->thread, NULL);
		g->joinable = false;
	}
	struct job *j = &g->jobs[++g->last % JOBS];
	memset(j, 0, sizeof *j);
	j->id = g->last;
	snprintf(j->resource, sizeof j->resource, "%s", code);
	snprintf(j->by, sizeof j->by, "%s", g->by);
	j->mode = rq->mode && !strcmp(rq->mode, "full") ? HUB_FULL : HUB_INCREMENTAL;
	snprintf(j->path, sizeof j->path, "%s", path);
	j->state = JOB_RUNNING;
	g->running = true;
	int64_t id = j->id;
	if (pthread_create(&g->thread, NULL, take_in, g)) {
		g->running = false;
		unlink(path);
		j->state = JOB_FAILED;
		error_set(&j->err, ERR_NOMEM, "无法启动导入线程", "cannot start the batch's thread");
	} else {
		g->joinable = true;
	}
	pthread_mutex_unlock(&g->mu);
	struct jsonw w;
	buf_reset(&rs->body);
	jsonw_init(&w, &rs->body);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "job");
	jsonw_int(&w, id);
	jsonw_key(&w, "state");
	jsonw_str(&w, "running");
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	rs->status = 202;
}

/* both in the request's own language, as api_handle answers */
int api_upload_begin(struct api *a, const struct api_request *rq, char path[700], struct api_response *rs)
{
	int before = api_lang_enter(rq);
	int fd = upload_begin(a, rq, path, rs);
	lang_set_thread(before);
	return fd;
}

void api_upload_finish(struct api *a, const struct api_request *rq, const char *path, struct api_response *rs)
{
	int before = api_lang_enter(rq);
	upload_finish(a, rq, path, rs);
	lang_set_thread(before);
}

/* GET ingests/{job}: the job's state, then its batch's report or its error */
int api_ingest_status(struct api_call *c)
{
	struct api *a = c->a;
	struct api_response *rs = c->rs;
	int64_t id = c->id;
	struct error e;
	error_clear(&e);
	if (app_hub_gate(a->s, c->u, c->sub, &e))
		return api_fail_error(rs, &e);
	struct job j = { 0 };
	if (a->ingests) {
		pthread_mutex_lock(&a->ingests->mu);
		j = a->ingests->jobs[id % JOBS];
		pthread_mutex_unlock(&a->ingests->mu);
	}
	if (j.id != id || id <= 0)
		return api_fail(rs, 404, "not-found", L("没有这个导入任务", "no such upload"), NULL);
	struct jsonw w;
	buf_reset(&rs->body);
	jsonw_init(&w, &rs->body);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "job");
	jsonw_int(&w, j.id);
	jsonw_key(&w, "resource");
	jsonw_str(&w, j.resource);
	jsonw_key(&w, "mode");
	jsonw_str(&w, j.mode == HUB_FULL ? "full" : "incremental");
	jsonw_key(&w, "state");
	jsonw_str(&w, j.state == JOB_RUNNING ? "running" : j.state == JOB_DONE ? "done" : "failed");
	if (j.state == JOB_DONE) {
		const struct hub_db_batch_counts *n = &j.rep.n;
		const struct {
			const char *key;
			int64_t v;
		} f[] = { { "batch", j.rep.batch },      { "read", n->read },
			  { "accepted", n->accepted },   { "rejected", n->rejected },
			  { "inserted", n->inserted },   { "updated", n->updated },
			  { "unchanged", n->unchanged }, { "closed", n->closed },
			  { "facts", n->facts } };
		for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
			jsonw_key(&w, f[i].key);
			jsonw_int(&w, f[i].v);
		}
		jsonw_key(&w, "duplicate");
		jsonw_bool(&w, j.rep.duplicate);
		if (j.link_err.code) { /* as the command says: stored, run linkage again later */
			jsonw_key(&w, "link_message");
			jsonw_str(&w, error_msg(&j.link_err));
		}
	}
	if (j.state == JOB_FAILED) {
		jsonw_key(&w, "message");
		jsonw_str(&w, error_msg(&j.err));
	}
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	rs->status = 200;
	return 0;
}
