/*
 * daemon.h — `rekon daemon`: what its parts (daemon.c: start-up and the main
 * loop; scheduler.c: cron, catch-up and the run queue; inbox.c: the inbox
 * directories) share.
 *
 * Hidden settings, read once at start-up, for tests:
 *   REKON_NOW=EPOCH            the clock starts at EPOCH (an offset is kept)
 *   REKON_QUIET_SECONDS=N      inbox quiet time before reruns (default 60)
 *   REKON_TEST_CRASH_JOB=NAME  the child running job NAME kills itself
 *                              with SIGKILL (to test CRASH records)
 *   REKON_TEST_JOB_SECONDS=N   a job child sleeps N seconds before its
 *                              work (to test a stop while a job runs)
 * And read by jobs/rules.c, by whoever runs a job:
 *   REKON_TEST_HOLD_LOCK_SECONDS=N  sleep N seconds holding the (job,
 *                              period) lock (to test that runs serialize)
 * All are ignored when unset or empty.
 */
#ifndef REKON_DAEMON_H
#define REKON_DAEMON_H

#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "cli.h"

#define QUEUE_MAX	64
#define DIRTY_MAX	16
#define KINDS		6
#define FILES_MAX	256

struct queued {
	char	job[16];
	char	period[8];
	char	trigger[12];	/* schedule, catch_up, inbox */
	time_t	scheduled_for;	/* 0 unless schedule/catch_up */
	int	tries;		/* runs the database failed (RETRY_MAX) */
};

/* A job or an import that failed because the database did not answer is
 * run again when it does, at most this many times in a row. */
#define RETRY_MAX	3

struct infile {
	int	kind;		/* index into config_source_kinds */
	char	name[256];
	int	tries;		/* imports the database failed (RETRY_MAX) */
};

struct daemon {
	struct cli	*cli;		/* cfg and the parent's connection */
	time_t		 clock_offset;	/* REKON_NOW - real time */
	int		 quiet_seconds;
	const char	*crash_job;	/* REKON_TEST_CRASH_JOB */
	int		 job_seconds;	/* REKON_TEST_JOB_SECONDS */

	/* Scheduler: the next cron times, 0 when the job has no schedule. */
	time_t		 next_usulan, next_rekonsiliasi, next_fetch;
	time_t		 next_retensi;	/* retensi.c */

	/* Jobs waiting for their turn (one child at a time). */
	struct queued	 queue[QUEUE_MAX];
	int		 nqueue;

	/* Inbox files waiting for their import, in arrival order. */
	struct infile	 files[FILES_MAX];
	int		 nfiles;
	int		 files_lost;	/* the queue was full: scan again */

	/* The running child, pid 0 when none: a job, or an import. */
	pid_t		 child;
	long long	 child_run;	/* its job_run id */
	struct queued	 child_job;
	struct timespec	 child_kill_at;	/* SIGTERM: kill after this */
	int		 child_import;	/* 1: the child imports child_file */
	struct infile	 child_file;
	int		 child_pipe;	/* read end of its reports, or -1 */
	char		 child_buf[16384];
	size_t		 child_len;
	long long	 child_status_ms; /* last progress STATUS=, monotonic */

	/* Periods imported into: their reruns wait for a quiet inbox. */
	struct {
		char	period[8];
		int	usulan, rekon;
	} dirty[DIRTY_MAX];
	int		 ndirty;
	struct timespec	 quiet_until;

	/* The database stopped answering: no child starts until it answers
	 * again (daemon.c db_retry, with back-off).  lost_run: the job_run row
	 * of the job it failed, closed when the database is back. */
	int		 db_down;
	int		 db_backoff;	/* seconds */
	struct timespec	 db_retry_at;	/* monotonic */
	long long	 lost_run;
	char		 lost_msg[512];

	/* inotify watch descriptors, by kind index. */
	int		 inotify_fd;
	int		 wd[KINDS];
};

time_t	 daemon_now(const struct daemon *d);
/* 1 when the database answers (reconnecting once if it must), else 0. */
int	 daemon_db_ok(struct daemon *d);
/* The database is gone: wait for it; what (may be NULL) is run again. */
void	 daemon_db_lost(struct daemon *d, const char *what);
void	 daemon_status(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/* scheduler.c */
void	 sched_init(struct daemon *d, int catch_up);
void	 sched_tick(struct daemon *d);
void	 sched_enqueue(struct daemon *d, const char *job, const char *period,
	    const char *trigger, time_t scheduled_for);
/* Put q first in the queue again (a retry). */
void	 sched_requeue(struct daemon *d, const struct queued *q);
void	 sched_start_next(struct daemon *d, int sigfd, int tfd);
void	 sched_reap(struct daemon *d);

/* inbox.c */
int	 inbox_init(struct daemon *d);
void	 inbox_scan(struct daemon *d);
void	 inbox_event(struct daemon *d);
void	 inbox_quiet_check(struct daemon *d);
int	 inbox_start_next(struct daemon *d, int sigfd, int tfd);
void	 inbox_child_read(struct daemon *d);
void	 inbox_child_done(struct daemon *d, int status);
/* Put f first in the inbox queue again (a retry). */
void	 inbox_requeue(struct daemon *d, const struct infile *f);
/* `rekon run inbox`: every waiting file imported now, in this process.
 * EX_OK, or EX_UNAVAILABLE when the database failed (those files stay);
 * msg counts them.  out (may be NULL) names each import. */
int	 inbox_run(struct cli *cli, FILE *out, char *msg, size_t msgsz);
/* The same recorded in job_run (job inbox, trigger manual) for period,
 * the imports named on standard output. */
int	 inbox_command(struct cli *cli, const char *period);

#endif
