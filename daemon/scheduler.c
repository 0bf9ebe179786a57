/*
 * scheduler.c — when jobs run: the [schedule] cron times in region.timezone,
 * the catch-up of times missed while the daemon was down, a queue, and one
 * child process at a time doing the work.
 *
 * The web front's "run now", "record as sent" and the kadis's approval are
 * request rows (request.h): each tick takes the waiting ones into the queue
 * (trigger web), never merged with another run, so each is carried out as
 * its user's and its row links the run.
 *
 * A child has its own connection: a crash in the job (or a kill) takes only
 * the child down, and its open transaction rolls back on the server.  The
 * parent opens the job_run row before the fork and closes it with CRASH (or
 * GAGAL) when the child could not close it itself.
 *
 * A job that failed because the database did not answer (its exit code is
 * EX_UNAVAILABLE, or the parent's own connection is gone) goes back to the
 * head of the queue: when the database is down, the daemon waits for it
 * (daemon.c) and runs the job when it answers; at most RETRY_MAX times in
 * a row, so a job that fails that way for another reason cannot loop.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "daemon.h"
#include "jobrun.h"
#include "request.h"
#include "log.h"
#include "webhook.h"
#include "period.h"
#include "i18n.h"

/* The latest cron time after `after` and at or before now; 0 when none. */
static time_t
last_due(const struct config_schedule *s, const char *tz, time_t after,
    time_t now)
{
	time_t t = after, next, due = 0;
	int i;

	/* Bounded: a year of a five-minute schedule is about 100000 times. */
	for (i = 0; i < 200000; i++) {
		if (cron_next(&s->cron, t, tz, &next) == -1 || next > now)
			break;
		due = t = next;
	}
	return due;
}

static time_t
next_time(const struct config_schedule *s, const char *tz, time_t now)
{
	time_t next;

	if (cron_next(&s->cron, now, tz, &next) == -1)
		return 0;
	return next;
}

/* catch_up = yes: a job whose cron time passed since its last scheduled
 * run (while we were down) runs once now, for the current month.  A job
 * that never ran on schedule has nothing to catch up on. */
static void
catch_up(struct daemon *d, const char *job, const struct config_schedule *s,
    time_t now)
{
	const char *tz = d->ses->cfg.region.timezone;
	char err[1024], period[8];
	time_t last, due;
	int found;

	if ((found = jobrun_last_scheduled(d->ses->conn, job, &last, err,
	    sizeof err)) == -1) {
		log_warnx("catch-up %s: %s", job, err);
		return;
	}
	if (found == 0 || (due = last_due(s, tz, last, now)) == 0)
		return;
	if (!period_at(tz, now, period))
		return;
	log_info("catch-up: %s was due while the daemon was down; running it"
	    " for %s", job, period);
	sched_enqueue(d, job, period, "catch_up", due);
}

void
sched_init(struct daemon *d, int catch)
{
	const struct config *cfg = &d->ses->cfg;
	const struct config_schedule *s;
	time_t now = daemon_now(d);
	char err[1024];
	size_t i;

	/* Requests a stopped daemon had taken but not started. */
	if (catch && request_release(d->ses->conn, err, sizeof err) == -1)
		log_warnx("requests: %s", err);
	for (i = 0; job_table[i].name != NULL; i++) {
		s = job_schedule(&job_table[i], cfg);
		d->next[i] = s != NULL ? next_time(s, cfg->region.timezone, now) : 0;
		if (s != NULL && catch && cfg->schedule.catch_up)
			catch_up(d, job_table[i].name, s, now);
	}
}

static void
due_check(struct daemon *d, const char *job, const struct config_schedule *s,
    time_t *next, time_t now)
{
	const char *tz = d->ses->cfg.region.timezone;
	char period[8];

	if (*next == 0 || now < *next)
		return;
	if (period_at(tz, now, period))
		sched_enqueue(d, job, period, "schedule", *next);
	*next = next_time(s, tz, now);
}

/* The web front's waiting requests into the queue, while it has room;
 * only between runs, so a database that goes away under a running job is
 * that job's to notice (and run again). */
static void
take_requests(struct daemon *d)
{
	struct request rq;
	struct queued *q;
	char err[1024];
	int got;

	while (!d->db_down && d->child.state == CHILD_IDLE &&
	    d->nqueue < QUEUE_MAX) {
		if ((got = request_claim(d->ses->conn, &rq, err, sizeof err)) == -1) {
			if (!daemon_db_ok(d))
				daemon_db_lost(d, NULL);
			else
				log_warnx("requests: %s", err);
			return;
		}
		if (got == 0)
			return;
		q = &d->queue[d->nqueue++];
		memset(q, 0, sizeof *q);
		snprintf(q->job, sizeof q->job, "%s", rq.job);
		snprintf(q->period, sizeof q->period, "%s", rq.period);
		snprintf(q->trigger, sizeof q->trigger, "web");
		snprintf(q->user, sizeof q->user, "%s", rq.user);
		q->request = rq.id;
		q->final = rq.final;
		log_info("request %lld: %s %s%s for %s", rq.id, rq.job, rq.period,
		    rq.final ? " --final" : "", rq.user);
	}
}

void
sched_tick(struct daemon *d)
{
	const struct config_schedule *s;
	time_t now = daemon_now(d);
	size_t i;

	for (i = 0; job_table[i].name != NULL; i++)
		if ((s = job_schedule(&job_table[i], &d->ses->cfg)) != NULL)
			due_check(d, job_table[i].name, s, &d->next[i], now);
	take_requests(d);
}

void
sched_enqueue(struct daemon *d, const char *job, const char *period,
    const char *trigger, time_t scheduled_for)
{
	struct queued *q;
	int i;

	/* Once is enough: a queued run will see everything imported so far
	 * (a request is a run of its own: its user asked for it). */
	for (i = 0; i < d->nqueue; i++)
		if (d->queue[i].request == 0 &&
		    strcmp(d->queue[i].job, job) == 0 &&
		    strcmp(d->queue[i].period, period) == 0)
			return;
	if (d->nqueue == QUEUE_MAX) {
		log_warnx("job queue full: %s %s dropped", job, period);
		return;
	}
	q = &d->queue[d->nqueue++];
	memset(q, 0, sizeof *q);
	snprintf(q->job, sizeof q->job, "%s", job);
	snprintf(q->period, sizeof q->period, "%s", period);
	snprintf(q->trigger, sizeof q->trigger, "%s", trigger);
	q->scheduled_for = scheduled_for;
}

void
sched_requeue(struct daemon *d, const struct queued *q)
{
	int i;

	for (i = 0; i < d->nqueue; i++)
		if (q->request == 0 && d->queue[i].request == 0 &&
		    strcmp(d->queue[i].job, q->job) == 0 &&
		    strcmp(d->queue[i].period, q->period) == 0)
			return;		/* queued again meanwhile: that run will do */
	if (d->nqueue == QUEUE_MAX) {
		log_warnx("job queue full: %s %s dropped", q->job, q->period);
		return;
	}
	memmove(&d->queue[1], &d->queue[0], (size_t)d->nqueue * sizeof *q);
	d->queue[0] = *q;
	d->nqueue++;
}

/* In the child: its own connection, the job, its row closed, exit. */
static void __attribute__((noreturn))
child_main(struct daemon *d, const struct queued *q, long long run)
{
	static struct job_result res;
	const struct job *j = job_find(q->job);
	struct job_args a;
	char err[1024];
	int rc;

	/* The parent's connection shares our socket: never PQfinish it. */
	d->ses->conn = NULL;
	if (session_open(d->ses) != EX_OK)
		_exit(EX_UNAVAILABLE);
	if (d->crash_job != NULL && strcmp(d->crash_job, q->job) == 0)
		kill(getpid(), SIGKILL);
	if (d->job_seconds > 0)
		sleep((unsigned)d->job_seconds);
	memset(&a, 0, sizeof a);
	snprintf(a.period, sizeof a.period, "%s", q->period);
	a.request = q->request;
	a.final = q->final;
	a.user = q->request > 0 ? q->user : NULL;
	/* A monthly job's workbooks are named on standard output (the
	 * journal); fetch's and retensi's files are not: counts only. */
	a.out = j != NULL && j->monthly ? stdout : NULL;
	if (j == NULL) {
		snprintf(res.msg, sizeof res.msg, "unknown job %s", q->job);
		rc = EX_SOFTWARE;
	} else
		rc = job_run_one(d->ses, j, &a, &res);
	if (res.rows >= 0 && jobrun_set_rows(d->ses->conn, run, res.rows, err,
	    sizeof err) == -1)
		log_warnx("job_run: %s", err);
	if (jobrun_close(d->ses->conn, run, rc == EX_OK ? JOBRUN_OK :
	    res.refused ? JOBRUN_DITOLAK : JOBRUN_GAGAL, res.msg, err,
	    sizeof err) == -1)
		log_warnx("job_run: %s", err);
	PQfinish(d->ses->conn);
	fflush(NULL);
	_exit(rc);	/* sysexits: EX_UNAVAILABLE tells sched_reap to run it again */
}

void
sched_start_next(struct daemon *d, int sigfd, int tfd)
{
	struct queued q;
	char err[1024];
	sigset_t all;
	long long run;
	pid_t pid;

	if (d->child.state != CHILD_IDLE || d->nqueue == 0)
		return;
	q = d->queue[0];
	memmove(&d->queue[0], &d->queue[1], (size_t)--d->nqueue * sizeof q);
	if ((run = jobrun_open(d->ses->conn, q.job, q.period, q.trigger,
	    q.scheduled_for, err, sizeof err)) == -1) {
		if (!daemon_db_ok(d)) {
			sched_requeue(d, &q);
			snprintf(err, sizeof err, "%s %s", q.job, q.period);
			daemon_db_lost(d, err);
			return;
		}
		log_warnx("%s %s not started: %s", q.job, q.period, err);
		return;
	}
	if (q.request > 0 && request_started(d->ses->conn, q.request, run,
	    q.user, err, sizeof err) == -1)
		log_warnx("request %lld: %s", q.request, err);
	fflush(NULL);	/* or the child writes our buffered output again */
	if ((pid = fork()) == -1) {
		log_warn("fork");
		jobrun_close(d->ses->conn, run, JOBRUN_GAGAL, "fork failed", err, sizeof err);
		return;
	}
	if (pid == 0) {
		close(sigfd);
		close(tfd);
		close(d->inotify_fd);
		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		child_main(d, &q, run);
	}
	d->child.pid = pid;
	d->child.state = CHILD_JOB;
	d->child.run = run;
	d->child.job = q;
	log_info("%s %s started (%s, pid %d)", q.job, q.period, q.trigger, (int)pid);
	daemon_status("%s %s", q.job, q.period);
}

/* The job ended badly: was it the database's doing?  Then (1) it is queued
 * again, at the head, and its row closed now or, with the database down,
 * when it is back; else 0, and it is an ordinary failure. */
static int
db_failed(struct daemon *d, int st, const char *msg)
{
	struct queued q = d->child.job;
	char err[1024], what[64];
	int up;

	up = daemon_db_ok(d);
	if (up && !(WIFEXITED(st) && WEXITSTATUS(st) == EX_UNAVAILABLE))
		return 0;
	snprintf(what, sizeof what, "%s %s", q.job, q.period);
	if (++q.tries > RETRY_MAX) {
		log_warnx("%s: the database failed it %d times in a row; it waits"
		    " for its next turn", what, RETRY_MAX);
		if (up)
			return 0;
	} else
		sched_requeue(d, &q);
	if (up) {
		/* The database is back already: the child could not close its row. */
		if (jobrun_close(d->ses->conn, d->child.run, JOBRUN_GAGAL, "the"
		    " database was unavailable; run again", err, sizeof err) == -1)
			log_warnx("job_run: %s", err);
		log_warnx("%s: the database was unavailable (%s); running it"
		    " again", what, msg);
		daemon_status("siap");
		return 1;
	}
	d->lost_run = d->child.run;
	snprintf(d->lost_msg, sizeof d->lost_msg, "the database was unavailable"
	    " (%s)%s", msg, q.tries > RETRY_MAX ? "" :
	    "; run again when it answered");
	daemon_db_lost(d, q.tries > RETRY_MAX ? NULL : what);
	return 1;
}

void
sched_reap(struct daemon *d)
{
	char err[1024], msg[256], why[4096], closed[16];
	const char *outcome;
	pid_t pid;
	int st;

	if (d->child.state == CHILD_IDLE)
		return;
	if ((pid = waitpid(d->child.pid, &st, WNOHANG)) == 0)
		return;
	if (pid == -1) {
		log_warn("waitpid");
		d->child.state = CHILD_IDLE;
		return;
	}
	if (d->child.state == CHILD_IMPORT) {
		d->child.state = CHILD_IDLE;
		inbox_child_done(d, st);
		return;
	}
	if (WIFSIGNALED(st)) {
		outcome = JOBRUN_CRASH;
		snprintf(msg, sizeof msg, _("killed by signal %d (%s)"), WTERMSIG(st),
		    strsignal(WTERMSIG(st)));
	} else if (WEXITSTATUS(st) != 0) {
		outcome = JOBRUN_GAGAL;
		snprintf(msg, sizeof msg, _("exit %d"), WEXITSTATUS(st));
	} else {
		outcome = JOBRUN_OK;
		msg[0] = '\0';
	}
	d->child.state = CHILD_IDLE;
	if (strcmp(outcome, JOBRUN_OK) != 0 && db_failed(d, st, msg))
		return;
	/* Closes the row only when the child did not. */
	if (jobrun_close(d->ses->conn, d->child.run, outcome, msg, err,
	    sizeof err) == -1)
		log_warnx("job_run: %s", err);
	/* A job that refused, as it should (the child said so on its row),
	 * is no failure: no webhook. */
	if (strcmp(outcome, JOBRUN_GAGAL) == 0 && jobrun_outcome(d->ses->conn,
	    d->child.run, closed, sizeof closed) == 0 &&
	    strcmp(closed, JOBRUN_DITOLAK) == 0) {
		(void)jobrun_message(d->ses->conn, d->child.run, why, sizeof why);
		log_info("%s %s refused: %s", d->child.job.job,
		    d->child.job.period, why);
	} else if (strcmp(outcome, JOBRUN_OK) == 0)
		log_info("%s %s done", d->child.job.job, d->child.job.period);
	else {
		log_warnx("%s %s: %s%s%s", d->child.job.job, d->child.job.period,
		    outcome, msg[0] ? ": " : "", msg);
		/* The child's own words when it closed the row, else ours. */
		if (jobrun_message(d->ses->conn, d->child.run, why,
		    sizeof why) == -1 || why[0] == '\0')
			snprintf(why, sizeof why, "%s", msg);
		webhook_send_failure_detached(&d->ses->cfg, d->child.job.job,
		    d->child.job.period, outcome, why);
	}
	daemon_status("siap");
}
