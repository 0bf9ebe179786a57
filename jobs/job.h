/*
 * job.h — the jobs, in one table that the scheduler, `rekon run`, the
 * daemon's children and `rekon status` all read; and the one way a run is
 * recorded.
 *
 * Glossary:
 *   job        a unit of work with a name (job_run.job, `rekon run NAME`,
 *              the [schedule] key): fetch, inbox, usulan, rekonsiliasi,
 *              sk, retensi.  One file each in jobs/.
 *   run        one execution of a job, one row of job_run (jobrun.h):
 *              opened before the work (outcome NULL: running), closed OK,
 *              GAGAL or CRASH.
 *   trigger    who started a run: manual (the command line), schedule,
 *              catch_up or inbox (the daemon), web (a request row of the
 *              web front, request.h, carried out by the daemon).
 *   period     the month a monthly job works on; a job without one of its
 *              own (fetch, inbox, retensi) is recorded under the current
 *              month in region.timezone.
 *
 * A run's life (pg_cron's task states, for one process):
 *
 *   job_run_recorded:  open row -> run -> rows -> close row -> webhook on
 *                      failure
 *   the daemon:        open row (parent) -> fork -> job_run_one (child) ->
 *                      close row (child) -> reap (parent: CRASH when the
 *                      child died, webhook on failure)
 *
 *   job_find             a job by name
 *   job_schedule         its [schedule] entry, when it has a turn
 *   job_run_one          run it, no record: EX_OK or a sysexits code
 *   job_run_recorded     run it, recorded in job_run, a failure sent to
 *                        the webhook
 *   job_run_all          usulan, rekonsiliasi and sk in turn (run all)
 *   job_print_status     `rekon status`: each job's last run and next turn
 */
#ifndef REKON_JOB_H
#define REKON_JOB_H

#include <stddef.h>
#include <stdio.h>

#include "session.h"

struct config;
struct config_schedule;

/* What a run is asked to do. */
struct job_args {
	char		 period[8];	/* YYYY-MM, always set */
	int		 force;		/* work on a closed period */
	int		 final;		/* sk: close the period */
	int		 dry_run;	/* retensi: delete nothing */
	const char	*nomor;		/* sk: --nomor, or NULL */
	const char	*tanggal;	/* sk: --tanggal, or NULL */
	/* Who the run is for: a web user (request > 0: the permintaan row it
	 * carries out; sk --final then closes an approved chain), or the
	 * login that ran `rekon` by hand; NULL: the daemon's own. */
	const char	*user;
	long long	 request;
	/* Where the run names what it does (the files it writes, imports,
	 * fetches or deletes): the command line's standard output, or NULL. */
	FILE		*out;
	/* run all: called once rekonsiliasi's rules have committed. */
	void		(*after_rules)(struct session *, const struct job_args *);
};

/* What a run says of itself. */
struct job_result {
	char		 msg[8192];	/* plain words: done, or why it failed */
	long long	 rows;		/* job_run.rows, -1: not counted */
	/* 1: the job refused, as it should (a closed period, an SK in its
	 * approval chain): job_run says DITOLAK, not GAGAL, and no webhook. */
	int		 refused;
};

struct job {
	const char	*name;
	/* 1: works on a period's data (--period required by its command);
	 * 0: recorded under the current month. */
	int		 monthly;
	/* Its entry in [schedule], or NULL: runs only when asked (inbox, sk:
	 * the daemon queues those itself). */
	const struct config_schedule *(*schedule)(const struct config *);
	/* The work: EX_OK or a sysexits code, with res filled. */
	int		(*run)(struct session *, const struct job_args *,
			    struct job_result *);
};

/* Every job, in the order `rekon status` lists them; name NULL ends it.
 * At most JOB_MAX. */
#define JOB_MAX	16
extern const struct job job_table[];

const struct job *job_find(const char *name);

/* Who runs rekon by hand: the login behind sudo, else the effective user
 * (job_run.pengguna, usulan --final's "sent by", the SK chain's close). */
const char *job_login_name(void);

/* j's schedule when it has a turn (an expression is set, and for fetch a
 * source is configured), else NULL. */
const struct config_schedule *job_schedule(const struct job *j,
	    const struct config *cfg);

/* Run j on s->conn (connected): its exit code; res->msg is never empty
 * on failure ("exit N" when the job said nothing). */
int	 job_run_one(struct session *s, const struct job *j,
	    const struct job_args *a, struct job_result *res);

/* job_run_one recorded in job_run under trigger (a failure to record is
 * a warning: the job matters more than its history line), and a failure
 * sent to the webhook. */
int	 job_run_recorded(struct session *s, const struct job *j,
	    const struct job_args *a, const char *trigger);

/*
 * `rekon run all`: usulan, rekonsiliasi and sk, each recorded, stopping at
 * the first that fails.  sk reads only what rekonsiliasi's rules wrote, so
 * once those have committed sk runs in a child process (own connection,
 * own job_run row) while the parent writes rekonsiliasi's outputs; its
 * output is printed after rekonsiliasi's.  The exit code of the first
 * failure in job order.
 */
int	 job_run_all(struct session *s, struct job_args *a);

/* For `rekon status`: per job its last run, outcome and next run.  0, or
 * -1 (said on standard error). */
int	 job_print_status(PGconn *c, const struct config *cfg, FILE *fp);

/* The same, a job at a time to fn: fields NULL when it never ran; next is
 * "-" when it has no turn.  0, or -1 (said on standard error). */
struct job_status {
	const char	*job, *period, *started, *trigger, *outcome, *next,
			*message;
};
int	 job_status_each(PGconn *c, const struct config *cfg,
	    void (*fn)(void *, const struct job_status *), void *arg);

/* ---- for the jobs' own files ------------------------------------------- */

/* The run functions, one file each. */
int	 job_fetch(struct session *, const struct job_args *,
	    struct job_result *);
int	 job_inbox(struct session *, const struct job_args *,
	    struct job_result *);
int	 job_usulan(struct session *, const struct job_args *,
	    struct job_result *);
int	 job_rekonsiliasi(struct session *, const struct job_args *,
	    struct job_result *);
int	 job_sk(struct session *, const struct job_args *,
	    struct job_result *);
int	 job_retention(struct session *, const struct job_args *,
	    struct job_result *);

/* The kinds of input among kinds ("dtks,usulan,kematian") with no batch
 * that counts for a->period (rekon_masukan_kurang): said on a->out, in the
 * log and as res->msg (the run's message, beside its OK).  1 when some are
 * missing, 0 when none, -1 (logged). */
int	 job_say_missing(struct session *s, const struct job_args *a,
	    const char *job, const char *kinds, struct job_result *res);

/* A rules_* status that is not RULES_OK: res->msg logged (with prefix,
 * may be ""), res->refused set for a closed period; the exit code. */
enum rules_status;
int	 job_rules_failed(int st, const char *prefix, struct job_result *res);

/* <outbox>/<P>, made when missing: 0, or -1 (logged). */
int	 job_outdir(const struct session *s, const char *period, char *dir,
	    size_t dirsz);

/* The workbooks' context for a run writing into dir: every file written
 * is named on a->out. */
struct report_ctx;
void	 job_report_ctx(struct report_ctx *rc, const struct session *s,
	    const struct job_args *a, const char *dir);

#endif
