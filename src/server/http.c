/* http.c: the HTTP server on libmicrohttpd (../shared/LIBRARIES.md: 85 k small JSON responses a
 * second on 2 cores with its epoll thread pool). Bodies over API_MAX_BODY are refused with 413,
 * idle connections close after 30 s, responses are queued on the handler's second call so
 * keep-alive holds, and SIGTERM or SIGINT stop it gracefully: the socket stops accepting, the
 * requests under way finish (5 s at most), then the daemon stops. One lock serialises the API,
 * whose store and policy caches are not shared between threads, except for the answers it can
 * give from memory (api_handle_cached: a cached household detail), which take no lock on the
 * store and so do not wait behind another request or the audit writer's commit. An answer goes
 * out only after the audit entries its request wrote are committed (audit/audit_queue.c, in
 * groups): until then its connection is suspended and the workers serve others. A login's
 * password is hashed by a thread of its own (http_login.c), outside the lock. The access log
 * (http_log.c) names method, path, status, bytes, time and the account's id; never a query
 * string or a body. */
#include <arpa/inet.h>
#include <signal.h>
#include <sodium.h>
#include <sys/resource.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/log.h"
#include "base/mem.h"
#include "cases/cases.h"
#include "policy/rules.h"
#include "server/api_int.h"
#include "server/http_int.h"
#include "server/static.h"
#include "verify/verify.h"

static double since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) * 1e3 + (double)(now.tv_nsec - t->tv_nsec) / 1e6;
}

/* headers every answer carries: no caching of personal data, no sniffing, no framing */
static void common_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
}

static enum MHD_Result serve_static(struct server *sv, struct MHD_Connection *c, const char *url,
                                    const struct server_static_file *sf, struct request *rq)
{
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(sf->len, (void *)sf->data, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	common_headers(resp);
	MHD_add_response_header(resp, "Content-Type", sf->type);
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	/* ECharts sets inline styles on its tooltips; scripts come from this server only */
	MHD_add_response_header(resp, "Content-Security-Policy",
	                        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
	                        "frame-ancestors 'none'");
	enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	http_log(sv->access_log, "GET", url, 200, sf->len, since(&rq->start), 0);
	return ok;
}

/* sends the API's answer, unless its audit entries could not be committed */
static enum MHD_Result answer(struct server *sv, struct MHD_Connection *c, const char *method,
                              const char *url, struct request *rq)
{
	struct api_response *rs = &rq->rs;
	struct error ae;
	if (rq->ticket && audit_wait(sv->audit, rq->ticket, &ae)) {
		log_error("the audit log cannot be written: %s", ae.en);
		rs->status = 500;
		rs->set_cookie[0] = '\0';
		buf_reset(&rs->body);
		buf_adds(&rs->body,
		         "{\"error\":\"internal\",\"message\":\"审计日志无法写入 / the audit log cannot be "
		         "written\",\"field\":null}");
	}
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(rs->body.len, rs->body.data ? rs->body.data : (void *)"",
	                                    rs->body.data ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	common_headers(resp);
	MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (rs->set_cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", rs->set_cookie);
	if (rs->allow[0])
		MHD_add_response_header(resp, "Allow", rs->allow);
	if (rs->retry_after) {
		char secs[16];
		snprintf(secs, sizeof secs, "%u", rs->retry_after);
		MHD_add_response_header(resp, "Retry-After", secs);
	}
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)rs->status, resp);
	MHD_destroy_response(resp);
	http_log(sv->access_log, method, url, rs->status, rs->body.len, since(&rq->start), rs->user);
	return ok;
}

static struct api_request request_of(struct MHD_Connection *c, const char *url, const char *method,
                                     struct request *rq)
{
	struct api_request ar = {
		method,
		url,
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q"),
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "view"),
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "mode"),
		buf_cstr(&rq->body),
		rq->body.len,
		rq->too_big,
		MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "sid"),
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token"),
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language"),
		(int64_t)time(NULL),
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin"),
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"),
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type"),
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site"),
		rq->peer,
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "level"),
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "status"),
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "region"),
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "day"),
	};
	return ar;
}

/* the request has its answer in rq->rs: send it once the audit entries written since `before`
 * are committed; until then the connection waits, suspended, and the audit writer resumes it
 * (resumed, below) while the worker serves others */
static enum MHD_Result answer_after_audit(struct server *sv, struct MHD_Connection *c, const char *method,
                                          const char *url, struct request *rq, uint64_t before)
{
	rq->answered = true;
	/* entries of other threads may be counted too: waiting for them as well is only later */
	uint64_t after = audit_ticket(sv->audit);
	rq->ticket = after > before ? after : 0; /* 0: nothing of this request's to wait for */
	if (rq->ticket) {
		pthread_mutex_lock(&sv->wait_lock);
		bool wait = audit_flushed(sv->audit) < rq->ticket;
		if (wait) {
			rq->c = c;
			rq->next = sv->waiting;
			sv->waiting = rq;
			MHD_suspend_connection(c);
		}
		pthread_mutex_unlock(&sv->wait_lock);
		if (wait)
			return MHD_YES;
	}
	return answer(sv, c, method, url, rq);
}

void http_answer_later(struct server *sv, struct request *rq, uint64_t before)
{
	rq->answered = true;
	uint64_t after = audit_ticket(sv->audit);
	rq->ticket = after > before ? after : 0;
	pthread_mutex_lock(&sv->wait_lock);
	if (rq->ticket && audit_flushed(sv->audit) < rq->ticket) {
		rq->next = sv->waiting; /* resumed by the audit writer once they are committed */
		sv->waiting = rq;
	} else {
		MHD_resume_connection(rq->c);
	}
	pthread_mutex_unlock(&sv->wait_lock);
}

/* the client's address, as text */
static void peer_of(struct MHD_Connection *c, char out[48])
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	out[0] = '\0';
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, 48);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, 48);
}

/* POST login, its body read: checked at once (where it comes from, its body, the throttle), then
 * queued for the hashing thread with its connection suspended */
static enum MHD_Result login(struct server *sv, struct MHD_Connection *c, const char *url, const char *method,
                             struct request *rq)
{
	uint64_t before = audit_ticket(sv->audit);
	rq->ar = request_of(c, url, method, rq);
	int lang = api_lang_enter(&rq->ar);
	bool go = api_login_begin(&sv->api, &rq->ar, &rq->login, &rq->rs);
	if (rq->body.len) /* the password, copied out for the hash, lingers nowhere else */
		sodium_memzero(rq->body.data, rq->body.len);
	if (go && !http_logins_submit(sv->logins, rq, c)) {
		sodium_memzero(rq->login.password, sizeof rq->login.password);
		api_fail(&rq->rs, 503, "busy",
		         L("登录请求过多，请稍后再试", "too many logins under way: try again shortly"), NULL);
		rq->rs.retry_after = 1;
		go = false;
	}
	lang_set_thread(lang);
	return go ? MHD_YES : answer_after_audit(sv, c, method, url, rq, before);
}

/* POST batches/RESOURCE: checked before any of the body is kept, then streamed to a file */
static enum MHD_Result upload(struct server *sv, struct MHD_Connection *c, const char *url,
                              const char *method, const char *data, size_t *size, struct request *rq)
{
	if (*size) {
		if (!rq->refused && api_upload_write(rq->upload_fd, rq->upload_path, data, *size,
		                                     &rq->upload_bytes, &rq->rs)) {
			rq->upload_fd = -1;
			rq->refused = true;
			api_upload_abort(&sv->api);
		}
		*size = 0;
		return MHD_YES;
	}
	if (!rq->refused) {
		close(rq->upload_fd);
		rq->upload_fd = -1;
		struct api_request ar = request_of(c, url, method, rq);
		pthread_mutex_lock(&sv->lock);
		api_upload_finish(&sv->api, &ar, rq->upload_path, &rq->rs);
		pthread_mutex_unlock(&sv->lock);
	}
	return answer_after_audit(sv, c, method, url, rq, rq->before);
}

/* URLs are decoded here: a %00 would otherwise end the path early (.../households/N%00x would
 * read household N), so a decoded NUL becomes DEL, a control character api.c refuses with 400 */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	UNUSED(cls);
	UNUSED(c);
	size_t n = MHD_http_unescape(s);
	for (size_t i = 0; i < n; i++)
		if (!s[i])
			s[i] = 0x7f;
	return n;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *data, size_t *size, void **con_cls)
{
	struct server *sv = cls;
	struct request *rq = *con_cls;
	UNUSED(version);
	if (!rq) {
		rq = mem_calloc(1, sizeof *rq);
		if (!rq)
			return MHD_NO;
		buf_init(&rq->body, API_MAX_BODY);
		buf_init(&rq->rs.body, (size_t)64 << 20);
		rq->upload_fd = -1;
		clock_gettime(CLOCK_MONOTONIC, &rq->start);
		peer_of(c, rq->peer);
		http_watch_headers_in(sv->watch, c); /* the handler is first called once they are */
		*con_cls = rq;
		if (api_is_upload(method, url)) {
			struct api_request ar = request_of(c, url, method, rq);
			rq->upload = true;
			pthread_mutex_lock(&sv->lock);
			rq->before = audit_ticket(sv->audit);
			rq->upload_fd = api_upload_begin(&sv->api, &ar, rq->upload_path, &rq->rs);
			pthread_mutex_unlock(&sv->lock);
			rq->refused = rq->upload_fd < 0;
		}
		return MHD_YES;
	}
	if (rq->answered) /* resumed: its audit entries are committed */
		return answer(sv, c, method, url, rq);
	if (rq->upload)
		return upload(sv, c, url, method, data, size, rq);
	if (*size) {
		if (!rq->too_big && buf_add(&rq->body, data, *size))
			rq->too_big = true;
		*size = 0;
		return MHD_YES;
	}
	if (api_is_login(method, url))
		return login(sv, c, url, method, rq);
	struct server_static_file sf;
	if (!strcmp(method, "GET") && strncmp(url, "/api/", 5) && server_static(url, &sf))
		return serve_static(sv, c, url, &sf, rq);
	struct api_request ar = request_of(c, url, method, rq);
	struct api_response *rs = &rq->rs;
	uint64_t before = audit_ticket(sv->audit);
	if (!api_handle_cached(&sv->api, &ar, rs)) {
		pthread_mutex_lock(&sv->lock);
		before = audit_ticket(sv->audit);
		api_handle(&sv->api, &ar, rs);
		pthread_mutex_unlock(&sv->lock);
	}
	return answer_after_audit(sv, c, method, url, rq, before);
}

/* the audit writer has committed entries up to `flushed`: the connections waiting for them go on */
static void resumed(void *arg, uint64_t flushed)
{
	struct server *sv = arg;
	pthread_mutex_lock(&sv->wait_lock);
	for (struct request **p = &sv->waiting; *p;) {
		struct request *rq = *p;
		if (rq->ticket <= flushed) {
			*p = rq->next;
			MHD_resume_connection(rq->c);
		} else {
			p = &rq->next;
		}
	}
	pthread_mutex_unlock(&sv->wait_lock);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
	struct server *sv = cls;
	UNUSED(toe);
	struct request *rq = *con_cls;
	http_watch_answered(sv->watch, c); /* the next request's headers, kept alive, are awaited */
	if (rq) {
		if (rq->upload_fd >= 0) { /* the client went away mid-upload */
			close(rq->upload_fd);
			unlink(rq->upload_path);
			api_upload_abort(&sv->api);
		}
		buf_release(&rq->body);
		buf_release(&rq->rs.body);
		mem_free(rq);
		*con_cls = NULL;
	}
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, struct error *e)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	char *end;
	long port = colon ? strtol(colon + 1, &end, 10) : -1;
	if (!colon || *end || port < 0 || port > 65535 || (size_t)(colon - listen) >= sizeof host)
		return error_set(e, ERR_INVAL, "--listen 应为 地址:端口，如 127.0.0.1:8080",
		                 "--listen must be address:port, like 127.0.0.1:8080");
	snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return error_set(e, ERR_INVAL, "--listen 的地址不是 IPv4 地址：%s",
		                 "--listen: %s is not an IPv4 address", host);
	return 0;
}

/* the connections the server takes at once: the limit, but below the open files the process may
 * have (raised to the hard limit), less a reserve for the database, its WAL, the logs, uploads and
 * libmicrohttpd's own, so that a flood of connections runs into the limit (new ones refused at
 * once) and never into the descriptors the server needs to answer */
static unsigned connection_budget(const struct server_limits *l)
{
	enum { RESERVE = 64 };
	struct rlimit r;
	if (getrlimit(RLIMIT_NOFILE, &r))
		return l->connections;
	if (r.rlim_cur < r.rlim_max) {
		r.rlim_cur = r.rlim_max;
		setrlimit(RLIMIT_NOFILE, &r);
		getrlimit(RLIMIT_NOFILE, &r);
	}
	if (r.rlim_cur == RLIM_INFINITY || r.rlim_cur >= (rlim_t)l->connections + RESERVE)
		return l->connections;
	unsigned n = r.rlim_cur > RESERVE + 8 ? (unsigned)r.rlim_cur - RESERVE : 8;
	log_warn("%u connections at most, not %u: the process may open %llu files", n, l->connections,
	         (unsigned long long)r.rlim_cur);
	return n;
}

/* what server_serve opened, closed (each may be missing) */
static void close_all(struct server *sv)
{
	http_logins_stop(sv->logins);
	http_watch_stop(sv->watch);
	audit_queue_stop(sv->audit);
	api_ingests_close(sv->api.ingests);
	api_cache_close(sv->api.cache);
	api_throttle_close(sv->api.throttle);
	cs_close_service(sv->api.cases);
	vf_policy_close(sv->api.policy);
	store_close(sv->api.s);
	if (sv->access_log >= 0)
		close(sv->access_log);
	pthread_mutex_destroy(&sv->lock);
	pthread_mutex_destroy(&sv->wait_lock);
}

int server_serve(const struct server_options *o, void (*ready)(int port), struct error *e)
{
	struct sockaddr_in sa;
	int rc = parse_listen(o->listen, &sa, e);
	if (rc)
		return rc;
	struct http_tls tls;
	if ((rc = http_tls_load(o, &tls, e)))
		return rc;
	struct server sv;
	memset(&sv, 0, sizeof sv);
	sv.lim = o->limits;
	sv.api.tls = tls.on;
	sv.access_log = -1;
	pthread_mutex_init(&sv.lock, NULL);
	pthread_mutex_init(&sv.wait_lock, NULL);
	if ((rc = store_open_dir(o->data, STORE_OPEN_EXISTING, &sv.api.s, e)) ||
	    (rc = store_migrate(sv.api.s, NULL, NULL, e)) || (rc = audit_anchor_head(sv.api.s, e)) ||
	    (rc = vf_policy_open(o->policy, &sv.api.policy, e)) ||
	    (rc = cs_open_service(o->policy, &sv.api.cases, e)) ||
	    (rc = audit_queue_start(sv.api.s, &sv.lock, resumed, &sv, &sv.audit, e)) ||
	    (rc = audit_checkpoint_from(sv.audit, o->data, e)) ||
	    (rc = audit_spill_to(sv.audit, o->data, e)) || (rc = audit_defer(sv.api.s, sv.audit, e)) ||
	    (rc = api_cache_open(&sv.api.cache) ? error_nomem(e) : 0) ||
	    (rc = api_ingests_open(o->data, &sv.api.ingests) ? error_nomem(e) : 0) ||
	    (rc = api_throttle_open(&sv.lim, &sv.api.throttle) ? error_nomem(e) : 0) ||
	    (rc = http_logins_start(&sv, sv.lim.login_queue, &sv.logins) ? error_nomem(e) : 0) ||
	    (rc = (sv.access_log = http_log_open(o->data, e)) < 0 ? sv.access_log : 0) ||
	    (rc = http_watch_start(sv.lim.header_secs, sv.lim.idle_secs, &sv.watch) ? error_nomem(e) : 0)) {
		close_all(&sv);
		http_tls_release(&tls);
		return rc;
	}
	sv.api.audit = sv.audit;
	/* signals are taken by sigwait below, not by whichever thread they land on */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	lang_current(); /* the process's language is settled before the workers read it */
	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_TURBO |
	        MHD_ALLOW_SUSPEND_RESUME | (tls.on ? MHD_USE_TLS : 0),
	    0, NULL, NULL, handle, &sv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, 2u, MHD_OPTION_CONNECTION_TIMEOUT, sv.lim.idle_secs,
	    MHD_OPTION_CONNECTION_LIMIT, connection_budget(&sv.lim), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    sv.lim.connections_per_address, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, &sv, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, http_watch_notify, sv.watch, MHD_OPTION_ARRAY, tls.opts,
	    MHD_OPTION_END);
	if (!d) {
		bool with_tls = tls.on;
		close_all(&sv);
		http_tls_release(&tls);
		return with_tls
		           ? error_set(e, ERR_IO, "无法在 %s 上以 TLS 监听（端口被占用，或证书与私钥不符？）",
		                       "cannot listen on %s with TLS (is the port taken, or do the "
		                       "certificate and key not match?)",
		                       o->listen)
		           : error_set(e, ERR_IO, "无法在 %s 上监听（端口被占用？）",
		                       "cannot listen on %s (is the port taken?)", o->listen);
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (ready)
		ready(info ? info->port : ntohs(sa.sin_port));
	int sig;
	sigwait(&stop, &sig);
	log_info("stopping on signal %d", sig);
	MHD_quiesce_daemon(d);
	for (int i = 0; i < 500; i++) {
		const union MHD_DaemonInfo *n = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!n || n->num_connections == 0)
			break;
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	http_logins_stop(sv.logins); /* the logins queued are answered before the daemon stops */
	sv.logins = NULL;
	MHD_stop_daemon(d);
	close_all(&sv);
	http_tls_release(&tls);
	return 0;
}
