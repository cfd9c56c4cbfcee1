/* http_login.c: logins are checked by a thread of their own, so that the Argon2id hash (tens of
 * milliseconds of one core, 64 MB) runs outside the lock every API request waits on and off the
 * threads that serve connections: the login's connection waits, suspended, and is resumed with
 * its answer. At most login-queue logins wait; more are refused at once (503). */
#include "audit/audit.h"
#include "base/mem.h"
#include "server/http_int.h"

struct http_logins {
	struct server *sv;
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct request *head, **tail;
	unsigned queued, cap;
	bool stop;
	pthread_t thread;
};

static void run(struct server *sv, struct request *rq)
{
	pthread_mutex_lock(&sv->lock);
	uint64_t before = audit_ticket(sv->audit);
	api_login_lookup(&sv->api, &rq->login);
	pthread_mutex_unlock(&sv->lock);
	api_login_check(&rq->login); /* the hash: no lock held */
	pthread_mutex_lock(&sv->lock);
	api_login_end(&sv->api, &rq->ar, &rq->login, &rq->rs);
	pthread_mutex_unlock(&sv->lock);
	http_answer_later(sv, rq, before);
}

static void *hasher(void *arg)
{
	struct http_logins *l = arg;
	pthread_mutex_lock(&l->lock);
	for (;;) {
		while (!l->head && !l->stop)
			pthread_cond_wait(&l->more, &l->lock);
		if (!l->head)
			break;
		struct request *rq = l->head;
		l->head = rq->login_next;
		if (!l->head)
			l->tail = &l->head;
		pthread_mutex_unlock(&l->lock);
		run(l->sv, rq);
		pthread_mutex_lock(&l->lock);
		l->queued--;
	}
	pthread_mutex_unlock(&l->lock);
	return NULL;
}

int http_logins_start(struct server *sv, unsigned queue, struct http_logins **out)
{
	struct http_logins *l = mem_calloc(1, sizeof *l);
	if (!l)
		return ERR_NOMEM;
	l->sv = sv;
	l->cap = queue;
	l->tail = &l->head;
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->more, NULL);
	if (pthread_create(&l->thread, NULL, hasher, l)) {
		pthread_cond_destroy(&l->more);
		pthread_mutex_destroy(&l->lock);
		mem_free(l);
		return ERR_NOMEM;
	}
	*out = l;
	return 0;
}

bool http_logins_submit(struct http_logins *l, struct request *rq, struct MHD_Connection *c)
{
	pthread_mutex_lock(&l->lock);
	bool room = l->queued < l->cap && !l->stop;
	if (room) {
		/* suspended before the hasher can see it, so its resume never comes first */
		rq->c = c;
		MHD_suspend_connection(c);
		rq->login_next = NULL;
		*l->tail = rq;
		l->tail = &rq->login_next;
		l->queued++;
		pthread_cond_signal(&l->more);
	}
	pthread_mutex_unlock(&l->lock);
	return room;
}

void http_logins_stop(struct http_logins *l)
{
	if (!l)
		return;
	pthread_mutex_lock(&l->lock);
	l->stop = true;
	pthread_cond_signal(&l->more);
	pthread_mutex_unlock(&l->lock);
	pthread_join(l->thread, NULL);
	pthread_cond_destroy(&l->more);
	pthread_mutex_destroy(&l->lock);
	mem_free(l);
}
