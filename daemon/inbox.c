/*
 * inbox.c — inbox/<kind>/, watched with inotify.
 *
 * A file counts once it is complete: closed after writing (IN_CLOSE_WRITE)
 * or moved in (IN_MOVED_TO), so uploads should write `name.part` and rename.
 * Hidden and partial names are never touched.  Each file is imported, then
 * moved out of the inbox: to archive/<kind>/<P>/ (imported, or already
 * imported before), or to rejected/<kind>/ beside <name>.error.txt.
 *
 * Files are queued in arrival order and imported one at a time (a file is
 * one transaction) in a child process with its own connection, so the main
 * loop keeps pinging the watchdog through a large file.  The child reports
 * its progress and outcome over a pipe; the parent relays the progress to
 * STATUS= and moves the file when the child has exited.  The reruns an
 * import causes go to the scheduler's queue once the inbox has been quiet
 * for quiet_seconds.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "config.h"
#include "daemon.h"
#include "fetch.h"
#include "import.h"
#include "inbox.h"
#include "log.h"
#include "period.h"
#include "util.h"
#include "i18n.h"


int
inbox_init(struct daemon *d)
{
	const struct config *cfg = &d->ses->cfg;
	char path[PATH_MAX];
	int k;

	d->child.pipe = -1;
	if ((d->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1) {
		log_warn("inotify_init1");
		return -1;
	}
	for (k = 0; k < SOURCE__COUNT; k++) {
		snprintf(path, sizeof path, "%s/%s", cfg->paths.archive,
		    config_source_kinds[k]);
		if (util_mkdirs(path, 0750) == -1)
			log_warn("%s", path);
		snprintf(path, sizeof path, "%s/%s", cfg->paths.rejected,
		    config_source_kinds[k]);
		if (util_mkdirs(path, 0750) == -1)
			log_warn("%s", path);
		snprintf(path, sizeof path, "%s/%s", cfg->paths.inbox,
		    config_source_kinds[k]);
		if (util_mkdirs(path, 0750) == -1) {
			log_warn("%s", path);
			return -1;
		}
		if ((d->wd[k] = inotify_add_watch(d->inotify_fd, path,
		    IN_CLOSE_WRITE | IN_MOVED_TO)) == -1) {
			log_warn("inotify %s", path);
			return -1;
		}
	}
	return 0;
}



/* Note the reruns a successful import asks for; they wait for quiet. */
static void
mark_dirty(struct daemon *d, int k, const char *period)
{
	const char *kind = config_source_kinds[k];
	int i;

	for (i = 0; i < d->ndirty; i++)
		if (strcmp(d->dirty[i].period, period) == 0)
			break;
	if (i == d->ndirty) {
		if (d->ndirty == DIRTY_MAX)
			return;
		d->ndirty++;
		snprintf(d->dirty[i].period, sizeof d->dirty[i].period, "%s", period);
		d->dirty[i].usulan = d->dirty[i].rekon = 0;
	}
	if (strcmp(kind, "usulan") == 0 || strcmp(kind, "dtks") == 0)
		d->dirty[i].usulan = 1;
	if (strcmp(kind, "usulan") != 0)
		d->dirty[i].rekon = 1;
	clock_gettime(CLOCK_MONOTONIC, &d->quiet_until);
	d->quiet_until.tv_sec += d->quiet_seconds;
}

/* A complete file: queued for its import, once. */
static void
inbox_file(struct daemon *d, int k, const char *name)
{
	struct infile *f;
	int i;

	if (!inbox_wanted(name) || strlen(name) >= sizeof f->name)
		return;
	for (i = 0; i < d->nfiles; i++)
		if (d->files[i].kind == k && strcmp(d->files[i].name, name) == 0)
			return;
	if (d->nfiles == FILES_MAX) {
		d->files_lost = 1;	/* found again by a scan when drained */
		return;
	}
	f = &d->files[d->nfiles++];
	f->kind = k;
	f->tries = 0;
	snprintf(f->name, sizeof f->name, "%s", name);
}

/* In the import child: a whole write or nothing useful to do about it. */
static void
child_progress(long rows, void *arg)
{
	char line[32];
	int n;

	n = snprintf(line, sizeof line, "P %ld\n", rows);
	(void)util_write_all(*(int *)arg, line, (size_t)n);
}


/*
 * In the child: its own connection, the import, and one report on the
 * pipe ("R status batch accepted rejected period\nmessage"), after any
 * number of progress lines ("P rows\n").
 */
static void __attribute__((noreturn))
import_child(struct daemon *d, const struct infile *f, const char *path, int fd)
{
	const struct config *cfg = &d->ses->cfg;
	struct import_opts o = { 0 };
	struct import_result res;
	enum import_status st;
	char err[8192], head[128];
	int n;

	/* The parent's connection shares our socket: never PQfinish it. */
	d->ses->conn = NULL;
	memset(&res, 0, sizeof res);
	err[0] = '\0';
	if (session_open(d->ses) != EX_OK) {
		st = IMPORT_DBERROR;
		snprintf(err, sizeof err, _("no database connection"));
	} else {
		inbox_import_opts(cfg, d->ses->conn, f->kind, f->name, path, &o);
		o.on_progress = child_progress;
		o.progress_arg = &fd;
		session_yield(d->ses);
		st = import_file(d->ses->conn, path, &o, &res, err, sizeof err);
		PQfinish(d->ses->conn);
	}
	n = snprintf(head, sizeof head, "R %d %lld %ld %ld %s\n", (int)st,
	    res.batch_id, res.accepted, res.rejected,
	    res.period[0] != '\0' ? res.period : "-");
	(void)util_write_all(fd, head, (size_t)n);
	(void)util_write_all(fd, err, strlen(err));
	fflush(NULL);
	_exit(0);
}

/* The next queued file still in the inbox goes to an import child: 1 when
 * one started.  Imports go before jobs: the reruns they cause wait anyway. */
int
inbox_start_next(struct daemon *d, int sigfd, int tfd)
{
	const struct config *cfg = &d->ses->cfg;
	struct infile f;
	struct stat sb;
	char path[PATH_MAX];
	sigset_t all;
	int fds[2];
	pid_t pid;

	while (d->child.state == CHILD_IDLE && d->nfiles > 0) {
		f = d->files[0];
		memmove(&d->files[0], &d->files[1], (size_t)--d->nfiles * sizeof f);
		snprintf(path, sizeof path, "%s/%s/%s", cfg->paths.inbox,
		    config_source_kinds[f.kind], f.name);
		if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
			continue;	/* gone already, or a directory */
		if (pipe2(fds, O_CLOEXEC) == -1) {
			log_warn("pipe");
			return 0;
		}
		fflush(NULL);	/* or the child writes our buffered output again */
		if ((pid = fork()) == -1) {
			log_warn("fork");
			close(fds[0]);
			close(fds[1]);
			return 0;
		}
		if (pid == 0) {
			close(fds[0]);
			close(sigfd);
			close(tfd);
			close(d->inotify_fd);
			sigemptyset(&all);
			sigprocmask(SIG_SETMASK, &all, NULL);
			import_child(d, &f, path, fds[1]);
		}
		close(fds[1]);
		if (fcntl(fds[0], F_SETFL, O_NONBLOCK) == -1)
			log_warn("fcntl");
		d->child.pid = pid;
		d->child.state = CHILD_IMPORT;
		d->child.file = f;
		d->child.pipe = fds[0];
		d->child.len = 0;
		d->child.status_ms = 0;
		daemon_status("impor %s", f.name);
		return 1;
	}
	if (d->child.state == CHILD_IDLE && d->nfiles == 0 && d->files_lost) {
		d->files_lost = 0;
		inbox_scan(d);
	}
	return 0;
}

/* 420000 as "420.000": the thousands as they are written in Indonesia. */
static void
fmt_thousands(long n, char *buf, size_t bufsz)
{
	char digits[32];
	size_t len, i, o = 0;

	len = (size_t)snprintf(digits, sizeof digits, "%ld", n < 0 ? 0 : n);
	for (i = 0; i < len && o + 2 < bufsz; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = '.';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

/* Progress lines: the latest goes to STATUS=, at most once a second. */
static void
child_lines(struct daemon *d)
{
	struct timespec ts;
	char *nl, rows[32];
	long long now;
	size_t used;

	while (d->child.len > 0 && d->child.buf[0] == 'P' &&
	    (nl = memchr(d->child.buf, '\n', d->child.len)) != NULL) {
		*nl = '\0';
		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
		if (now - d->child.status_ms >= 1000) {
			d->child.status_ms = now;
			fmt_thousands(strtol(d->child.buf + 2, NULL, 10), rows,
			    sizeof rows);
			daemon_status("impor %s: %s baris", d->child.file.name, rows);
		}
		used = (size_t)(nl + 1 - d->child.buf);
		memmove(d->child.buf, nl + 1, d->child.len - used);
		d->child.len -= used;
	}
}

/* What the import child wrote so far; the report stays until it exits. */
void
inbox_child_read(struct daemon *d)
{
	char drop[4096];
	size_t room;
	ssize_t n;

	if (d->child.pipe == -1)
		return;
	for (;;) {
		room = sizeof d->child.buf - 1 - d->child.len;
		if (room == 0)
			n = read(d->child.pipe, drop, sizeof drop);	/* too long */
		else
			n = read(d->child.pipe, d->child.buf + d->child.len, room);
		if (n <= 0)
			break;
		if (room != 0)
			d->child.len += (size_t)n;
		child_lines(d);
	}
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR)) {
		close(d->child.pipe);
		d->child.pipe = -1;
	}
}


/* The import failed for the database: the file stays in the inbox and is
 * imported again, first, when the database answers (at most RETRY_MAX
 * times in a row; then at the next start, as before).  1 when so. */
static int
db_failed(struct daemon *d, const struct infile *f, const char *msg)
{
	struct infile again = *f;
	char what[300];

	if (++again.tries > RETRY_MAX)
		return 0;
	log_warnx("%s: %s (left in the inbox; imported again when the"
	    " database answers)", f->name, msg);
	inbox_requeue(d, &again);
	snprintf(what, sizeof what, "impor %s", f->name);
	if (daemon_db_ok(d)) {
		daemon_status("siap");
		return 1;
	}
	daemon_db_lost(d, what);
	return 1;
}

/* The import child exited: its file archived, rejected or left, as the
 * report says.  No report (it crashed or was killed): the file stays and
 * is tried at the next start, like a database failure. */
void
inbox_child_done(struct daemon *d, int status)
{
	const struct config *cfg = &d->ses->cfg;
	const struct infile *f = &d->child.file;
	const char *name = f->name, *msg = "";
	char period[8], *nl;
	long long batch = 0;
	long accepted = 0, rejected = 0;
	int st = -1, k = f->kind;

	/* The child is gone: all it wrote is in the pipe now. */
	inbox_child_read(d);
	if (d->child.pipe != -1) {
		close(d->child.pipe);
		d->child.pipe = -1;
	}
	d->child.buf[d->child.len] = '\0';
	if (d->child.len > 0 && d->child.buf[0] == 'R' &&
	    (nl = strchr(d->child.buf, '\n')) != NULL &&
	    sscanf(d->child.buf, "R %d %lld %ld %ld %7s", &st, &batch,
	    &accepted, &rejected, period) == 5)
		msg = nl + 1;
	else if (WIFEXITED(status) && WEXITSTATUS(status) == EX_UNAVAILABLE &&
	    db_failed(d, f, "the database was unavailable"))
		return;
	else {
		log_warnx("%s: the import ended without a report (%s %d);"
		    " left in the inbox", name, WIFSIGNALED(status) ? "signal" :
		    "exit", WIFSIGNALED(status) ? WTERMSIG(status) :
		    WEXITSTATUS(status));
		daemon_status("siap");
		return;
	}
	if (st == IMPORT_DBERROR && db_failed(d, f, msg))
		return;
	if (inbox_file_outcome(cfg, daemon_now(d), k, name, st, period, batch,
	    accepted, rejected, msg) == 1)
		mark_dirty(d, k, period);
	daemon_status("siap");
}

void
inbox_requeue(struct daemon *d, const struct infile *f)
{
	int i;

	for (i = 0; i < d->nfiles; i++)
		if (d->files[i].kind == f->kind &&
		    strcmp(d->files[i].name, f->name) == 0)
			return;
	if (d->nfiles == FILES_MAX) {
		d->files_lost = 1;
		return;
	}
	memmove(&d->files[1], &d->files[0], (size_t)d->nfiles * sizeof *f);
	d->files[0] = *f;
	d->nfiles++;
}

static int
kind_of_wd(const struct daemon *d, int wd)
{
	int k;

	for (k = 0; k < SOURCE__COUNT; k++)
		if (d->wd[k] == wd)
			return k;
	return -1;
}

void
inbox_scan(struct daemon *d)
{
	struct dirent **names;
	char path[PATH_MAX];
	int k, i, n;

	for (k = 0; k < SOURCE__COUNT; k++) {
		snprintf(path, sizeof path, "%s/%s", d->ses->cfg.paths.inbox,
		    config_source_kinds[k]);
		if ((n = scandir(path, &names, NULL, alphasort)) == -1) {
			log_warn("%s", path);
			continue;
		}
		for (i = 0; i < n; i++) {
			inbox_file(d, k, names[i]->d_name);
			free(names[i]);
		}
		free(names);
	}
}

void
inbox_event(struct daemon *d)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n;
	char *p;
	int k;

	while ((n = read(d->inotify_fd, buf, sizeof buf)) > 0) {
		for (p = buf; p < buf + n; p += sizeof *ev + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->mask & IN_Q_OVERFLOW) {
				inbox_scan(d);	/* events lost: look at everything */
				continue;
			}
			if (ev->len == 0 || (ev->mask & IN_ISDIR) ||
			    (k = kind_of_wd(d, ev->wd)) == -1)
				continue;
			inbox_file(d, k, ev->name);
		}
	}
}

void
inbox_quiet_check(struct daemon *d)
{
	struct timespec now;
	int i;

	/* Files still queued or importing: the inbox is not quiet yet. */
	if (d->ndirty == 0 || d->child.state == CHILD_IMPORT || d->nfiles > 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec < d->quiet_until.tv_sec || (now.tv_sec ==
	    d->quiet_until.tv_sec && now.tv_nsec < d->quiet_until.tv_nsec))
		return;
	for (i = 0; i < d->ndirty; i++) {
		if (d->dirty[i].usulan)
			sched_enqueue(d, "usulan", d->dirty[i].period, "inbox", 0);
		if (d->dirty[i].rekon) {
			sched_enqueue(d, "rekonsiliasi", d->dirty[i].period, "inbox", 0);
			sched_enqueue(d, "sk", d->dirty[i].period, "inbox", 0);
		}
	}
	d->ndirty = 0;
}


