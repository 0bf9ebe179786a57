/*
 * daemon.c — `rekon daemon`: start-up and the main loop.
 *
 * Start-up: the configuration, then the database (waiting with back-off
 * while it is down, and starting the embedded cluster ourselves), the
 * schema brought up to date, the inbox directories, the schedule with its
 * catch-up, READY=1, and the files already waiting in the inbox.
 *
 * The database going away later (a job or an import fails for it) is no
 * reason to stop: the loop starts no child until it answers again, tries
 * it with back-off from the one-second tick (db_retry), says so in STATUS=,
 * and the failed work runs again (scheduler.c, inbox.c).
 *
 * The main loop is the one place where things happen: poll(2) over a
 * signalfd (TERM, INT, HUP, CHLD: no signal handlers at all), a one-second
 * timerfd (watchdog, cron times, quiet inbox, the stop timeout) and the
 * inotify descriptor, and the pipe of a running import child.  Jobs and
 * imports run in a child (scheduler.c, inbox.c), one at a time, so the
 * loop keeps turning, and pinging the watchdog, while a long one works.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sysexits.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "db.h"
#include "hooks.h"
#include "jobrun.h"
#include "i18n.h"
#include "log.h"
#include "pgembed.h"

#define STOP_TIMEOUT	20	/* seconds a running job gets after SIGTERM */
#define BACKOFF_MAX	30	/* seconds between database attempts */

static struct pgembed	pe;
static int		embedded;
static uint64_t		watchdog_usec;	/* half of WATCHDOG_USEC; 0: off */
static uint64_t		watchdog_last;

static uint64_t
mono_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

time_t
daemon_now(const struct daemon *d)
{
	return time(NULL) + d->clock_offset;
}

void
daemon_status(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	sd_notifyf(0, "STATUS=%s", buf);
}

/* Ping when the next tick (1 s away) would be too late. */
static void
watchdog_tick(void)
{
	uint64_t now = mono_usec();

	if (watchdog_usec == 0 || now + 1000000 < watchdog_last + watchdog_usec)
		return;
	sd_notify(0, "WATCHDOG=1");
	watchdog_last = now;
}

/* Wait up to secs for a stop signal, pinging the watchdog: 1 when asked
 * to stop. */
static int
wait_or_stop(int sigfd, int secs)
{
	struct signalfd_siginfo si;
	struct pollfd pfd = { .fd = sigfd, .events = POLLIN };
	int i;

	for (i = 0; i < secs; i++) {
		watchdog_tick();
		if (poll(&pfd, 1, 1000) == 1 &&
		    read(sigfd, &si, sizeof si) == sizeof si &&
		    (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT))
			return 1;
	}
	return 0;
}

/* One attempt: the embedded cluster up, connected, schema current.  At
 * start-up (first), the runs a previous daemon left open are closed. */
static int
db_attempt(struct session *ses, int first, char *err, size_t errsz)
{
	int applied;

	if (embedded && (pgembed_setup(&pe, ses->cfg.paths.state_dir, err,
	    errsz) == -1 || pgembed_start(&pe, err, errsz) == -1))
		return -1;
	if (ses->conn == NULL && (ses->conn = db_connect(ses->cfg.database.conninfo,
	    ses->cfg.paths.state_dir, err, errsz)) == NULL)
		return -1;
	if (db_migrate(ses->conn, &applied, err, errsz) == -1) {
		PQfinish(ses->conn);
		ses->conn = NULL;
		return -1;
	}
	if (applied > 0)
		log_info(ngettext("schema: %d migration applied",
		    "schema: %d migrations applied", (unsigned long)applied),
		    applied);
	/* Runs a previous daemon left open died with it. */
	if (first && db_cmd(ses->conn, err, errsz, "UPDATE job_run SET finished_at = now(),"
	    " outcome = 'CRASH', message = 'the daemon stopped while the job ran'"
	    " WHERE outcome IS NULL AND trigger <> 'manual'", 0, NULL) == -1)
		log_warnx("job_run: %s", err);
	return 0;
}

/* Until the database answers, or we are told to stop (return -1). */
static int
db_wait(struct session *ses, int sigfd)
{
	char err[4096];
	int backoff = 1;

	daemon_status("menghubungkan PostgreSQL");
	while (db_attempt(ses, 1, err, sizeof err) == -1) {
		log_warnx("database: %s; trying again in %d s", err, backoff);
		daemon_status("menunggu PostgreSQL");
		if (wait_or_stop(sigfd, backoff))
			return -1;
		if ((backoff *= 2) > BACKOFF_MAX)
			backoff = BACKOFF_MAX;
	}
	return 0;
}

int
daemon_db_ok(struct daemon *d)
{
	PGconn *c = d->ses->conn;
	PGresult *r;
	int ok;

	if (c == NULL)
		return 0;
	/* An idle connection learns that its server went away only when
	 * it is used. */
	r = PQexec(c, "SELECT 1");
	ok = PQresultStatus(r) == PGRES_TUPLES_OK;
	PQclear(r);
	if (ok)
		return 1;
	PQreset(c);
	return PQstatus(c) == CONNECTION_OK;
}

void
daemon_db_lost(struct daemon *d, const char *what)
{
	if (!d->db_down && what != NULL)
		log_warnx("database: not answering; waiting for it, then running"
		    " again %s", what);
	else if (!d->db_down)
		log_warnx("database: not answering; waiting for it");
	d->db_down = 1;
	d->db_backoff = 1;
	clock_gettime(CLOCK_MONOTONIC, &d->db_retry_at);
	d->db_retry_at.tv_sec += d->db_backoff;
	if (d->ses->conn != NULL)
		PQfinish(d->ses->conn);
	d->ses->conn = NULL;
	daemon_status("menunggu PostgreSQL%s%s", what ? "; diulang: " : "",
	    what ? what : "");
}

/* The database is back: the run it failed gets its row closed. */
static void
db_back(struct daemon *d)
{
	char err[1024], jobs[32], files[32];

	d->db_down = 0;
	if (d->lost_run > 0 && jobrun_close(d->ses->conn, d->lost_run, JOBRUN_GAGAL,
	    d->lost_msg, err, sizeof err) == -1)
		log_warnx("job_run: %s", err);
	d->lost_run = 0;
	snprintf(jobs, sizeof jobs, ngettext("%d job", "%d jobs",
	    (unsigned long)d->nqueue), d->nqueue);
	snprintf(files, sizeof files, ngettext("%d file", "%d files",
	    (unsigned long)d->nfiles), d->nfiles);
	log_info("database: answering again; %s and %s waiting", jobs, files);
	daemon_status("siap");
}

/* While the database is down, one attempt when its time has come (the
 * embedded cluster started again if it stopped), with back-off. */
static void
db_retry(struct daemon *d)
{
	struct timespec now;
	char err[4096];

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!d->db_down || now.tv_sec < d->db_retry_at.tv_sec)
		return;
	if (db_attempt(d->ses, 0, err, sizeof err) == 0) {
		db_back(d);
		return;
	}
	if ((d->db_backoff *= 2) > BACKOFF_MAX)
		d->db_backoff = BACKOFF_MAX;
	d->db_retry_at.tv_sec = now.tv_sec + d->db_backoff;
	log_warnx("database: %s; trying again in %d s", err, d->db_backoff);
	daemon_status("menunggu PostgreSQL; percobaan berikutnya dalam %d"
	    " detik", d->db_backoff);
}

/* SIGHUP: a new configuration, or the old one kept with the reason. */
static void
reload(struct daemon *d)
{
	struct config cfg;
	const char *path;
	char err[8192], keys[1024];
	int n;

	sd_notifyf(0, "RELOADING=1\nMONOTONIC_USEC=%llu",
	    (unsigned long long)mono_usec());
	path = d->ses->config_path ? d->ses->config_path : config_default_path();
	memset(&cfg, 0, sizeof cfg);
	if ((n = config_load(path, &cfg, err, sizeof err)) != 0) {
		fprintf(stderr, "%s", err);
		log_warnx(ngettext("reload: %d error in %s; keeping the running"
		    " configuration", "reload: %d errors in %s; keeping the"
		    " running configuration", (unsigned long)n), n,
		    path ? path : _("(defaults)"));
	} else if (config_reload_conflicts(&d->ses->cfg, &cfg, keys, sizeof keys)) {
		log_warnx("reload: %s can only change with a restart; keeping the"
		    " running configuration", keys);
		config_free(&cfg);
	} else {
		config_free(&d->ses->cfg);
		d->ses->cfg = cfg;
		sched_init(d, 0);
		log_info("reload: configuration %s loaded", path ? path : "(defaults)");
	}
	sd_notify(0, "READY=1\nSTATUS=siap");
}

static void
stop(struct daemon *d, int *stopping)
{
	if (*stopping)
		return;
	*stopping = 1;
	sd_notify(0, "STOPPING=1\nSTATUS=berhenti");
	if (d->child.state != CHILD_IDLE)
		log_info("stopping: waiting for the running job");
	else
		log_info("stopping");
	clock_gettime(CLOCK_MONOTONIC, &d->child.kill_at);
	d->child.kill_at.tv_sec += STOP_TIMEOUT;
}

static void	hang(void);

static void
signals(struct daemon *d, int sigfd, int *stopping)
{
	struct signalfd_siginfo si;

	while (read(sigfd, &si, sizeof si) == sizeof si) {
		switch (si.ssi_signo) {
		case SIGHUP:
			reload(d);
			break;
		case SIGTERM:
		case SIGINT:
			stop(d, stopping);
			break;
		case SIGCHLD:
			sched_reap(d);
			break;
		case SIGUSR2:	/* only in the mask with the hook set */
			if (d->hang_on_usr2)
				hang();
			break;
		}
	}
}

/* The test hook REKON_TEST_HANG_ON_USR2 (hooks.h): the main loop stops
 * turning for good, as a daemon stuck in a system call would, so no
 * WATCHDOG=1 goes out and systemd's watchdog must kill it.  SIGTERM, HUP
 * and CHLD stay blocked; the watchdog's SIGABRT and SIGKILL are not. */
static void
hang(void)
{
	log_warnx("test hook REKON_TEST_HANG_ON_USR2: the main loop hangs");
	for (;;)
		pause();
}

/* The stop timeout: a job still running is killed; its transaction rolls
 * back when its connection drops. */
static void
stop_timeout(struct daemon *d)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (d->child.state != CHILD_IDLE && now.tv_sec >= d->child.kill_at.tv_sec) {
		if (d->child.state == CHILD_IMPORT)
			log_warnx("import of %s still running after %d s: killed",
			    d->child.file.name, STOP_TIMEOUT);
		else
			log_warnx("%s %s still running after %d s: killed",
			    d->child.job.job, d->child.job.period, STOP_TIMEOUT);
		kill(d->child.pid, SIGKILL);
		d->child.kill_at.tv_sec = now.tv_sec + 3600;
	}
}

/* Hidden test settings (hooks.h), read once. */
static void
test_settings(struct daemon *d)
{
	d->quiet_seconds = (int)hook_num(HOOK_QUIET_SECONDS, 60);
	if (hook_str(HOOK_NOW) != NULL)
		d->clock_offset = (time_t)hook_num(HOOK_NOW, 0) - time(NULL);
	d->crash_job = hook_str(HOOK_CRASH_JOB);
	d->job_seconds = (int)hook_num(HOOK_JOB_SECONDS, 0);
	d->hang_on_usr2 = hook_str(HOOK_HANG_ON_USR2) != NULL &&
	    strcmp(hook_str(HOOK_HANG_ON_USR2), "1") == 0;
}

int
daemon_main(struct session *ses)
{
	static struct daemon d;
	struct itimerspec its = { { 1, 0 }, { 1, 0 } };
	struct pollfd pfd[4];
	sigset_t mask;
	uint64_t ticks;
	char err[4096];
	int sigfd, tfd, stopping = 0;

	d.ses = ses;
	test_settings(&d);
	embedded = session_embedded(ses);
	if (sd_watchdog_enabled(0, &watchdog_usec) > 0)
		watchdog_usec /= 2;
	else
		watchdog_usec = 0;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGCHLD);
	if (d.hang_on_usr2)
		sigaddset(&mask, SIGUSR2);
	signal(SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) == -1 ||
	    (sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) == -1)
		fatal("signalfd");
	if (db_wait(ses, sigfd) == -1) {
		sd_notify(0, "STOPPING=1");
		goto done;
	}
	if (inbox_init(&d) == -1)
		fatalx("the inbox cannot be watched");
	if ((tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) == -1 ||
	    timerfd_settime(tfd, 0, &its, NULL) == -1)
		fatal("timerfd");
	sched_init(&d, 1);
	sd_notify(0, "READY=1\nSTATUS=siap");
	log_info("ready: watching %s", ses->cfg.paths.inbox);
	inbox_scan(&d);

	pfd[0] = (struct pollfd){ .fd = sigfd, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = tfd, .events = POLLIN };
	pfd[2] = (struct pollfd){ .fd = d.inotify_fd, .events = POLLIN };
	while (!stopping || d.child.state != CHILD_IDLE) {
		/* An import child's reports; poll(2) skips a negative fd. */
		pfd[3] = (struct pollfd){ .fd = d.child.pipe, .events = POLLIN };
		if (poll(pfd, 4, -1) == -1) {
			if (errno == EINTR)
				continue;
			fatal("poll");
		}
		watchdog_tick();
		if (pfd[0].revents & POLLIN)
			signals(&d, sigfd, &stopping);
		if ((pfd[1].revents & POLLIN) &&
		    read(tfd, &ticks, sizeof ticks) == sizeof ticks) {
			if (stopping)
				stop_timeout(&d);
			else {
				db_retry(&d);
				sched_tick(&d);
				inbox_quiet_check(&d);
			}
		}
		if (pfd[3].revents & (POLLIN | POLLHUP))
			inbox_child_read(&d);
		if (!stopping && (pfd[2].revents & POLLIN))
			inbox_event(&d);
		sched_reap(&d);		/* a CHLD merged with another signal */
		if (!stopping && !d.db_down && !inbox_start_next(&d, sigfd, tfd))
			sched_start_next(&d, sigfd, tfd);
	}
	close(tfd);
	close(d.inotify_fd);
done:
	if (ses->conn != NULL)
		PQfinish(ses->conn);
	ses->conn = NULL;
	if (embedded && pe.datadir[0] != '\0' && pgembed_stop(&pe, err, sizeof err) == -1)
		log_warnx("%s", err);
	log_info("stopped");
	session_close(ses);
	return EX_OK;
}
