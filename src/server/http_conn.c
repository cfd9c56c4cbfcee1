/* http_conn.c: connections whose request headers are late are closed (slowloris). libmicrohttpd's
 * idle timeout starts again at every byte, so a client sending a header line a second holds its
 * connection for ever, and enough of them hold every one. Here each connection is noted when
 * it opens (its deadline: header-secs on), its deadline cleared when its request's headers are
 * all in (the first call of the request's handler), and set again when an answer is done (the
 * next request's headers on a kept-alive connection: idle-secs on); a thread closes the
 * connections past their deadline, whatever trickles in, by shutting their socket down, which
 * libmicrohttpd then sees and closes. The list's lock is held while a connection is noted as
 * closed, and libmicrohttpd closes the descriptor only after that, so no descriptor is shut down
 * after it was reused. */
#include <sys/socket.h>

#include "base/log.h"
#include "base/mem.h"
#include "server/http_int.h"

struct watched {
	int fd;
	int64_t deadline_ms; /* 0: its headers are in */
	struct watched *prev, *next;
};

struct http_watch {
	pthread_mutex_t lock;
	pthread_cond_t stop_cv;
	bool stop;
	struct watched *head;
	unsigned header_secs, idle_secs;
	pthread_t thread;
};

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void *sweeper(void *arg)
{
	struct http_watch *w = arg;
	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250 * 1000 * 1000;
		if (until.tv_nsec >= 1000 * 1000 * 1000) {
			until.tv_sec++;
			until.tv_nsec -= 1000 * 1000 * 1000;
		}
		pthread_cond_timedwait(&w->stop_cv, &w->lock, &until);
		int64_t now = now_ms();
		unsigned closed = 0;
		for (struct watched *x = w->head; x; x = x->next)
			if (x->deadline_ms && now >= x->deadline_ms) {
				shutdown(x->fd, SHUT_RDWR);
				x->deadline_ms = 0;
				closed++;
			}
		if (closed)
			log_info("closed %u connections whose request headers were late", closed);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int http_watch_start(unsigned header_secs, unsigned idle_secs, struct http_watch **out)
{
	struct http_watch *w = mem_calloc(1, sizeof *w);
	if (!w)
		return ERR_NOMEM;
	w->header_secs = header_secs;
	w->idle_secs = idle_secs;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->stop_cv, NULL);
	if (pthread_create(&w->thread, NULL, sweeper, w)) {
		pthread_cond_destroy(&w->stop_cv);
		pthread_mutex_destroy(&w->lock);
		mem_free(w);
		return ERR_NOMEM;
	}
	*out = w;
	return 0;
}

void http_watch_stop(struct http_watch *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->stop_cv);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	while (w->head) { /* left by a daemon that stopped without saying */
		struct watched *x = w->head;
		w->head = x->next;
		mem_free(x);
	}
	pthread_cond_destroy(&w->stop_cv);
	pthread_mutex_destroy(&w->lock);
	mem_free(w);
}

void http_watch_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode toe)
{
	struct http_watch *w = cls;
	struct watched *x = *socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!ci || !(x = mem_calloc(1, sizeof *x)))
			return; /* not watched: the idle timeout alone holds it */
		x->fd = ci->connect_fd;
		x->deadline_ms = now_ms() + (int64_t)w->header_secs * 1000;
		pthread_mutex_lock(&w->lock);
		x->next = w->head;
		if (w->head)
			w->head->prev = x;
		w->head = x;
		pthread_mutex_unlock(&w->lock);
		*socket_context = x;
	} else if (x) {
		pthread_mutex_lock(&w->lock);
		if (x->prev)
			x->prev->next = x->next;
		else
			w->head = x->next;
		if (x->next)
			x->next->prev = x->prev;
		pthread_mutex_unlock(&w->lock);
		mem_free(x);
		*socket_context = NULL;
	}
}

/* the watched connection of c, or NULL */
static struct watched *watched_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

void http_watch_headers_in(struct http_watch *w, struct MHD_Connection *c)
{
	struct watched *x = watched_of(c);
	if (!x)
		return;
	pthread_mutex_lock(&w->lock);
	x->deadline_ms = 0;
	pthread_mutex_unlock(&w->lock);
}

void http_watch_answered(struct http_watch *w, struct MHD_Connection *c)
{
	struct watched *x = watched_of(c);
	if (!x)
		return;
	pthread_mutex_lock(&w->lock);
	x->deadline_ms = now_ms() + (int64_t)w->idle_secs * 1000;
	pthread_mutex_unlock(&w->lock);
}
