/*
 * request.h — what the web front asks the daemon to do (web.md: "run now"
 * and "close the period" are request rows that the daemon carries out,
 * recorded as the user who asked); table permintaan, sql/016.
 *
 * A request's life:
 *
 *   request_add (web) -> waiting -> request_claim (daemon's tick: queued)
 *     -> request_started (its job_run row opened, pengguna set) -> the job
 *
 * A daemon that stops between claim and start leaves the row claimed; the
 * next one's request_release hands it out again.
 *
 *   request_add       a request row, for a user
 *   request_claim     the oldest waiting request, marked taken
 *   request_started   the run that carries it out, recorded as its user's
 *   request_release   claimed requests that never started: waiting again
 */
#ifndef REKON_REQUEST_H
#define REKON_REQUEST_H

#include <libpq-fe.h>
#include <stddef.h>

struct request {
	long long	 id;
	char		 job[16];	/* usulan, rekonsiliasi, sk */
	char		 period[8];
	int		 final;		/* usulan --final, sk --final */
	char		 user[40];
};

/* A request for job ("usulan", "rekonsiliasi" or "sk") of period: its id,
 * or -1 with err. */
long long request_add(PGconn *c, const char *user, const char *job,
	    const char *period, int final, char *err, size_t errsz);

/* 1 and *rq: the oldest waiting request, now taken; 0: none; -1 (err). */
int	 request_claim(PGconn *c, struct request *rq, char *err, size_t errsz);

/* Run run carries out request id: linked, and done for the request's user.
 * 0 or -1 (err). */
int	 request_started(PGconn *c, long long id, long long run,
	    const char *user, char *err, size_t errsz);

/* 0 or -1 (err). */
int	 request_release(PGconn *c, char *err, size_t errsz);

#endif
