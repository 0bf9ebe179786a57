/*
 * daemon.h — `rekon daemon`, the process: what its parts share.
 *
 *   daemon.c     start-up, the main loop (a list of named steps), signals,
 *                sd_notify, the database's outages
 *   scheduler.c  cron, catch-up, the web front's requests, the run queue,
 *                the job child
 *   inbox.c      inbox/<kind>/ watched, the import child
 *
 * One child at a time does the work, a job (jobs/job.h) or an import; its
 * state is struct child.  The test settings it reads are in hooks.h.
 */
#ifndef REKON_DAEMON_H
#define REKON_DAEMON_H

#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "job.h"
#include "session.h"

#define QUEUE_MAX	64
#define DIRTY_MAX	16
#define FILES_MAX	256

struct queued {
	char	job[16];
	char	period[8];
	char	trigger[12];	/* schedule, catch_up, inbox, web */
	time_t	scheduled_for;	/* 0 unless schedule/catch_up */
	int	tries;		/* runs the database failed (RETRY_MAX) */
	/* web: the request row it carries out (request.h), for its user */
	long long request;
	int	final;		/* usulan --final, sk --final */
	char	user[40];
};

/* A job or an import that failed because the database did not answer is
 * run again when it does, at most this many times in a row. */
#define RETRY_MAX	3

struct infile {
	int	kind;		/* index into config_source_kinds */
	char	name[256];
	int	tries;		/* imports the database failed (RETRY_MAX) */
};

/*
 * The child, as an explicit state (pg_cron's task states, for a process):
 *
 *   CHILD_IDLE --sched_start_next--> CHILD_JOB    --sched_reap--> CHILD_IDLE
 *   CHILD_IDLE --inbox_start_next--> CHILD_IMPORT --sched_reap--> CHILD_IDLE
 *                                    (inbox_child_done moves its file)
 *
 * A stop while it is busy waits for it until kill_at, then SIGKILLs it.
 * Jobs and imports never run at once: one connection's work at a time.
 */
enum child_state {
	CHILD_IDLE,
	CHILD_JOB,		/* job, its job_run row run */
	CHILD_IMPORT		/* file, reporting over pipe */
};

struct child {
	enum child_state state;
	pid_t		 pid;
	struct timespec	 kill_at;	/* SIGTERM: kill after this */
	/* CHILD_JOB */
	struct queued	 job;
	long long	 run;		/* its job_run id */
	/* CHILD_IMPORT */
	struct infile	 file;
	int		 pipe;		/* read end of its reports, or -1 */
	char		 buf[16384];
	size_t		 len;
	long long	 status_ms;	/* last progress STATUS=, monotonic */
};

struct daemon {
	struct session	*ses;		/* cfg and the parent's connection */
	time_t		 clock_offset;	/* REKON_NOW - real time */
	int		 quiet_seconds;
	const char	*crash_job;	/* REKON_TEST_CRASH_JOB */
	int		 job_seconds;	/* REKON_TEST_JOB_SECONDS */
	int		 hang_on_usr2;	/* REKON_TEST_HANG_ON_USR2=1 */

	/* Scheduler: the next cron time of each job of job_table, 0 when it
	 * has no schedule. */
	time_t		 next[JOB_MAX];

	/* Jobs waiting for their turn (one child at a time). */
	struct queued	 queue[QUEUE_MAX];
	int		 nqueue;

	/* Inbox files waiting for their import, in arrival order. */
	struct infile	 files[FILES_MAX];
	int		 nfiles;
	int		 files_lost;	/* the queue was full: scan again */

	/* The one child doing the work (a job or an import). */
	struct child	 child;

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
	int		 wd[SOURCE__COUNT];
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
/* daemon.c: `rekon daemon` on a session whose configuration is loaded;
 * returns when stopped (EX_OK). */
int	 daemon_main(struct session *ses);

#endif
