/*
 * jobrun.h — the job_run table (sql/004_job_run.sql): one row per run of
 * a job, whoever started it.
 *
 * A run is opened before the work starts (outcome NULL: running) and closed
 * with OK or GAGAL by whoever did the work, or with CRASH by the daemon when
 * its child died of a signal.  `rekon status` and the daemon's catch-up read
 * it back.
 */
#ifndef REKON_JOBRUN_H
#define REKON_JOBRUN_H

#include <libpq-fe.h>
#include <stdio.h>
#include <time.h>

struct config;

/* A run's outcome as job_run stores it, `rekon status` shows it and the
 * webhook sends it (sql/004_job_run.sql); NULL in the table: running. */
#define JOBRUN_OK	"OK"
#define JOBRUN_GAGAL	"GAGAL"		/* the job said it failed */
#define JOBRUN_CRASH	"CRASH"		/* its process died of a signal */
#define JOBRUN_DITOLAK	"DITOLAK"	/* it refused, as it should: a closed
					   period, an SK in its approval chain */

/* Insert a running row; its id, or -1 with err.  scheduled_for 0: none. */
long long jobrun_open(PGconn *c, const char *job, const char *period,
	    const char *trigger, time_t scheduled_for, char *err, size_t errsz);

/* Close a row still open: outcome OK, GAGAL or CRASH.  Rows closed before
 * (by the child itself) are left as they are.  0 or -1 with err. */
int	 jobrun_close(PGconn *c, long long id, const char *outcome,
	    const char *message, char *err, size_t errsz);

/* The rows a run handled (files deleted, say).  0 or -1 with err. */
int	 jobrun_set_rows(PGconn *c, long long id, long long rows, char *err,
	    size_t errsz);

/* Who the run was done for (job_run.pengguna): a web user who asked for
 * it, or the login that ran `rekon` by hand.  0 or -1 with err. */
int	 jobrun_set_user(PGconn *c, long long id, const char *user, char *err,
	    size_t errsz);

/* The outcome a row was closed with, into buf ("" when open).  0 or -1. */
int	 jobrun_outcome(PGconn *c, long long id, char *buf, size_t bufsz);

/* The message a row was closed with, into buf ("" when none).  0 or -1. */
int	 jobrun_message(PGconn *c, long long id, char *buf, size_t bufsz);

/* The latest scheduled_for of a job's schedule or catch_up runs: 1 and *t,
 * 0 when there is none, -1 on error. */
int	 jobrun_last_scheduled(PGconn *c, const char *job, time_t *t,
	    char *err, size_t errsz);


#endif
