/* http_int.h: what the HTTP server's own files share (http.c, http_login.c, http_log.c): the
 * server, a request under way, and answering one that waited. */
#ifndef SAFETYNET_HTTP_INT_H
#define SAFETYNET_HTTP_INT_H

#include <microhttpd.h>
#include <pthread.h>
#include <time.h>

#include "server/api.h"

struct http_logins;
struct http_watch;

struct server {
	struct api api;
	struct server_limits lim;
	pthread_mutex_t lock;
	struct audit_queue *audit;  /* the gate's entries, committed in groups */
	pthread_mutex_t wait_lock;  /* guards waiting */
	struct request *waiting;    /* answered, suspended until their audit entries commit */
	struct http_logins *logins; /* the thread that hashes passwords (http_login.c) */
	int access_log;             /* DATA/access.log, or -1 */
	struct http_watch *watch;   /* connections whose headers are late (http_conn.c) */
};

struct request {
	struct buf body;
	bool too_big;
	struct timespec start;
	bool answered; /* rs holds the answer: send it when resumed */
	struct api_response rs;
	uint64_t ticket;          /* the audit entries to be committed first */
	struct MHD_Connection *c; /* while suspended */
	struct request *next;
	char peer[48]; /* the client's address */
	/* POST batches/RESOURCE: the body is a file, written to upload_path as it arrives */
	bool upload;
	bool refused; /* rs holds the refusal, answered once the body has been read */
	int upload_fd;
	char upload_path[700];
	uint64_t upload_bytes;
	uint64_t before; /* the audit ticket before the request's first entry */
	/* POST login: the request and the login under way while the hash runs */
	struct api_request ar;
	struct api_login login;
	struct request *login_next;
};

/* rq, suspended, has its answer in rq->rs: it goes out once the audit entries written since
 * `before` are committed (from any thread). */
void http_answer_later(struct server *sv, struct request *rq, uint64_t before);

/* http_login.c: one thread hashes the passwords of logins, at most `queue` waiting. */
int http_logins_start(struct server *sv, unsigned queue, struct http_logins **out);
/* Suspends c and queues the login (true), or false when the queue is full (nothing done). */
bool http_logins_submit(struct http_logins *l, struct request *rq, struct MHD_Connection *c);
/* Finishes the logins queued, then stops the thread. */
void http_logins_stop(struct http_logins *l);

/* http_conn.c: a thread closes connections whose request headers are late: header_secs after
 * the connection opens, idle_secs after its last answer (the next request, kept alive). */
int http_watch_start(unsigned header_secs, unsigned idle_secs, struct http_watch **out);
void http_watch_stop(struct http_watch *w);
/* MHD_OPTION_NOTIFY_CONNECTION's callback (cls: the watch). */
void http_watch_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode toe);
/* c's request headers are all in; c's answer is done (from the handler's threads). */
void http_watch_headers_in(struct http_watch *w, struct MHD_Connection *c);
void http_watch_answered(struct http_watch *w, struct MHD_Connection *c);

/* http_tls.c: the certificate and key of the options, read for the daemon: opts holds
 * MHD_OPTION_HTTPS_MEM_CERT and _KEY when on, else only MHD_OPTION_END. */
struct http_tls {
	bool on;
	struct buf cert, key;
	struct MHD_OptionItem opts[3];
};
int http_tls_load(const struct server_options *o, struct http_tls *t, struct error *e);
void http_tls_release(struct http_tls *t); /* the key's copy wiped */

/* http_log.c: the access log, DATA/access.log (0600): one line a request. */
int http_log_open(const char *dir, struct error *e);
void http_log(int fd, const char *method, const char *url, int status, size_t bytes, double ms, int64_t user);

#endif
