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
#include "jobrun.h"
#include "log.h"
#include "period.h"
#include "util.h"

/* Hidden (.x) and partial (x.part, x.tmp) names are uploads in progress;
 * ~$x.xlsx is the lock file Excel keeps beside a workbook it has open. */
static int
wanted(const char *name)
{
	size_t n = strlen(name);

	if (name[0] == '.' || n == 0 || strncmp(name, "~$", 2) == 0)
		return 0;
	if (n >= 5 && strcmp(name + n - 5, ".part") == 0)
		return 0;
	if (n >= 4 && strcmp(name + n - 4, ".tmp") == 0)
		return 0;
	return 1;
}

int
inbox_init(struct daemon *d)
{
	const struct config *cfg = &d->cli->cfg;
	char path[PATH_MAX];
	int k;

	d->child_pipe = -1;
	if ((d->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1) {
		log_warn("inotify_init1");
		return -1;
	}
	for (k = 0; k < KINDS; k++) {
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

/* Move from to dir/name, not over an older file of the same name. */
static int
move_into(const char *from, const char *dir, const char *name, char *to,
    size_t tosz)
{
	struct stat sb;
	int i;

	if (util_mkdirs(dir, 0750) == -1) {
		log_warn("%s", dir);
		return -1;
	}
	snprintf(to, tosz, "%s/%s", dir, name);
	for (i = 1; stat(to, &sb) == 0 && i < 1000; i++)
		snprintf(to, tosz, "%s/%s.%d", dir, name, i);
	if (rename(from, to) == -1) {
		log_warn("rename %s to %s", from, to);
		return -1;
	}
	return 0;
}

static void
reject(const struct config *cfg, int k, const char *path, const char *name,
    const char *why)
{
	char dir[PATH_MAX], to[PATH_MAX], txt[PATH_MAX + 16];
	FILE *fp;

	snprintf(dir, sizeof dir, "%s/%s", cfg->paths.rejected,
	    config_source_kinds[k]);
	if (move_into(path, dir, name, to, sizeof to) == -1)
		return;
	snprintf(txt, sizeof txt, "%s.error.txt", to);
	if ((fp = fopen(txt, "w")) == NULL) {
		log_warn("%s", txt);
		return;
	}
	fprintf(fp, "%s\n", why);
	fclose(fp);
	log_warnx("%s %s refused, moved to %s: %s", config_source_kinds[k],
	    name, to, why);
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

	if (!wanted(name) || strlen(name) >= sizeof f->name)
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
child_write(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		buf += n;
		len -= (size_t)n;
	}
}

static void
child_progress(long rows, void *arg)
{
	char line[32];
	int n;

	n = snprintf(line, sizeof line, "P %ld\n", rows);
	child_write(*(int *)arg, line, (size_t)n);
}

/* The import options for inbox/<kind k>/name at path. */
static void
import_opts_for(const struct config *cfg, PGconn *c, int k, const char *name,
    const char *path, struct import_opts *o)
{
	const struct config_source *src;

	memset(o, 0, sizeof *o);
	o->kind = config_source_kinds[k];
	o->timezone = cfg->region.timezone;
	o->max_bytes = cfg->limits.max_file_mb * 1024 * 1024;
	o->max_field_bytes = (size_t)cfg->limits.max_field_bytes;
	o->max_columns = (int)cfg->limits.max_columns;
	/* A segmen list fetched from a [source.NAME]: its segmen and label
	 * go with it (daemon/fetch.h). */
	if ((src = fetch_source_of(c, cfg, k, name, path)) != NULL &&
	    src->segmen >= 0) {
		o->segmen = config_segmen_names[src->segmen];
		o->label = src->label;
	}
}

/*
 * In the child: its own connection, the import, and one report on the
 * pipe ("R status batch accepted rejected period\nmessage"), after any
 * number of progress lines ("P rows\n").
 */
static void __attribute__((noreturn))
import_child(struct daemon *d, const struct infile *f, const char *path, int fd)
{
	const struct config *cfg = &d->cli->cfg;
	struct import_opts o = { 0 };
	struct import_result res;
	enum import_status st;
	char err[8192], head[128];
	int n;

	/* The parent's connection shares our socket: never PQfinish it. */
	d->cli->conn = NULL;
	memset(&res, 0, sizeof res);
	err[0] = '\0';
	if (cli_open(d->cli) != EX_OK) {
		st = IMPORT_DBERROR;
		snprintf(err, sizeof err, "no database connection");
	} else {
		import_opts_for(cfg, d->cli->conn, f->kind, f->name, path, &o);
		o.on_progress = child_progress;
		o.progress_arg = &fd;
		st = import_file(d->cli->conn, path, &o, &res, err, sizeof err);
		PQfinish(d->cli->conn);
	}
	n = snprintf(head, sizeof head, "R %d %lld %ld %ld %s\n", (int)st,
	    res.batch_id, res.accepted, res.rejected,
	    res.period[0] != '\0' ? res.period : "-");
	child_write(fd, head, (size_t)n);
	child_write(fd, err, strlen(err));
	fflush(NULL);
	_exit(0);
}

/* The next queued file still in the inbox goes to an import child: 1 when
 * one started.  Imports go before jobs: the reruns they cause wait anyway. */
int
inbox_start_next(struct daemon *d, int sigfd, int tfd)
{
	const struct config *cfg = &d->cli->cfg;
	struct infile f;
	struct stat sb;
	char path[PATH_MAX];
	sigset_t all;
	int fds[2];
	pid_t pid;

	while (d->child == 0 && d->nfiles > 0) {
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
		d->child = pid;
		d->child_import = 1;
		d->child_file = f;
		d->child_pipe = fds[0];
		d->child_len = 0;
		d->child_status_ms = 0;
		daemon_status("impor %s", f.name);
		return 1;
	}
	if (d->child == 0 && d->nfiles == 0 && d->files_lost) {
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

	while (d->child_len > 0 && d->child_buf[0] == 'P' &&
	    (nl = memchr(d->child_buf, '\n', d->child_len)) != NULL) {
		*nl = '\0';
		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
		if (now - d->child_status_ms >= 1000) {
			d->child_status_ms = now;
			fmt_thousands(strtol(d->child_buf + 2, NULL, 10), rows,
			    sizeof rows);
			daemon_status("impor %s: %s baris", d->child_file.name, rows);
		}
		used = (size_t)(nl + 1 - d->child_buf);
		memmove(d->child_buf, nl + 1, d->child_len - used);
		d->child_len -= used;
	}
}

/* What the import child wrote so far; the report stays until it exits. */
void
inbox_child_read(struct daemon *d)
{
	char drop[4096];
	size_t room;
	ssize_t n;

	if (d->child_pipe == -1)
		return;
	for (;;) {
		room = sizeof d->child_buf - 1 - d->child_len;
		if (room == 0)
			n = read(d->child_pipe, drop, sizeof drop);	/* too long */
		else
			n = read(d->child_pipe, d->child_buf + d->child_len, room);
		if (n <= 0)
			break;
		if (room != 0)
			d->child_len += (size_t)n;
		child_lines(d);
	}
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR)) {
		close(d->child_pipe);
		d->child_pipe = -1;
	}
}

/*
 * An import's outcome for inbox/<kind>/name: archived (imported, or
 * already imported before), rejected beside its .error.txt, or left (a
 * database failure).  period: the batch's, or "-"; set to where it was
 * archived.  1 when a new batch was imported (reruns due), else 0.
 */
static int
file_outcome(const struct config *cfg, time_t now, int k, const char *name,
    int st, char period[8], long long batch, long accepted, long rejected,
    const char *msg)
{
	char path[PATH_MAX], dir[PATH_MAX], to[PATH_MAX];

	snprintf(path, sizeof path, "%s/%s/%s", cfg->paths.inbox,
	    config_source_kinds[k], name);
	switch (st) {
	case IMPORT_OK:
	case IMPORT_SKIPPED:
		if (strcmp(period, "-") == 0 && !period_from_filename(name, period) &&
		    !period_at(cfg->region.timezone, now, period))
			snprintf(period, 8, "lain");
		snprintf(dir, sizeof dir, "%s/%s/%s", cfg->paths.archive,
		    config_source_kinds[k], period);
		if (move_into(path, dir, name, to, sizeof to) == -1)
			return 0;
		if (st == IMPORT_SKIPPED) {
			log_info("%s", msg);
			return 0;
		}
		log_info("%s %s imported for %s (batch %lld: %ld accepted,"
		    " %ld rejected), archived", config_source_kinds[k], name,
		    period, batch, accepted, rejected);
		return 1;
	case IMPORT_DBERROR:
		/* Not the file's fault: it stays, and is tried at the next start. */
		log_warnx("%s: %s (left in the inbox)", name, msg);
		return 0;
	default:
		reject(cfg, k, path, name, msg);
		return 0;
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
	const struct config *cfg = &d->cli->cfg;
	const struct infile *f = &d->child_file;
	const char *name = f->name, *msg = "";
	char period[8], *nl;
	long long batch = 0;
	long accepted = 0, rejected = 0;
	int st = -1, k = f->kind;

	/* The child is gone: all it wrote is in the pipe now. */
	inbox_child_read(d);
	if (d->child_pipe != -1) {
		close(d->child_pipe);
		d->child_pipe = -1;
	}
	d->child_import = 0;
	d->child_buf[d->child_len] = '\0';
	if (d->child_len > 0 && d->child_buf[0] == 'R' &&
	    (nl = strchr(d->child_buf, '\n')) != NULL &&
	    sscanf(d->child_buf, "R %d %lld %ld %ld %7s", &st, &batch,
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
	if (file_outcome(cfg, daemon_now(d), k, name, st, period, batch,
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

	for (k = 0; k < KINDS; k++)
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

	for (k = 0; k < KINDS; k++) {
		snprintf(path, sizeof path, "%s/%s", d->cli->cfg.paths.inbox,
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
	if (d->ndirty == 0 || d->child_import || d->nfiles > 0)
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

/*
 * `rekon run inbox`: every file waiting in inbox/<kind>/ imported now, in
 * this process, in name order per kind, and archived or rejected as the
 * daemon does.  The reruns the daemon would queue are not run: say which.
 */
int
inbox_run(struct cli *cli, FILE *out, char *msg, size_t msgsz)
{
	const struct config *cfg = &cli->cfg;
	struct import_opts o;
	struct import_result res;
	struct dirent **names;
	struct stat sb;
	enum import_status st;
	char path[PATH_MAX], period[8], err[8192];
	int k, i, n, imported = 0, skipped = 0, refused = 0, left = 0;

	for (k = 0; k < KINDS; k++) {
		snprintf(path, sizeof path, "%s/%s", cfg->paths.inbox,
		    config_source_kinds[k]);
		if ((n = scandir(path, &names, NULL, alphasort)) == -1)
			continue;	/* no such kind folder yet: nothing waits */
		for (i = 0; i < n; i++) {
			const char *name = names[i]->d_name;

			snprintf(path, sizeof path, "%s/%s/%s", cfg->paths.inbox,
			    config_source_kinds[k], name);
			if (!wanted(name) || stat(path, &sb) == -1 ||
			    !S_ISREG(sb.st_mode)) {
				free(names[i]);
				continue;
			}
			import_opts_for(cfg, cli->conn, k, name, path, &o);
			memset(&res, 0, sizeof res);
			err[0] = '\0';
			st = import_file(cli->conn, path, &o, &res, err, sizeof err);
			snprintf(period, sizeof period, "%s",
			    res.period[0] != '\0' ? res.period : "-");
			if (file_outcome(cfg, time(NULL), k, name, (int)st, period,
			    res.batch_id, res.accepted, res.rejected, err) == 1) {
				imported++;
				if (out != NULL)
					fprintf(out, "  %s %s: imported for %s (batch %lld:"
					    " %ld accepted, %ld rejected)\n",
					    config_source_kinds[k], name, period,
					    res.batch_id, res.accepted, res.rejected);
			} else if (st == IMPORT_SKIPPED)
				skipped++;
			else if (st == IMPORT_DBERROR)
				left++;
			else if (st != IMPORT_OK)
				refused++;
			free(names[i]);
		}
		free(names);
	}
	snprintf(msg, msgsz, "%d imported, %d already imported, %d refused"
	    " (moved to %s), %d left in the inbox", imported, skipped, refused,
	    cfg->paths.rejected, left);
	if (imported > 0 && out != NULL)
		fprintf(out, "  the outputs of the periods imported into are not"
		    " rerun: run 'rekon run all --period P' for each\n");
	return left > 0 ? EX_UNAVAILABLE : EX_OK;
}

int
inbox_command(struct cli *cli, const char *period)
{
	char msg[1024], err[1024];
	long long id;
	int rc;

	if ((id = jobrun_open(cli->conn, "inbox", period, "manual", 0, err,
	    sizeof err)) == -1)
		log_warnx("job_run: %s", err);
	printf("inbox:\n");
	rc = inbox_run(cli, stdout, msg, sizeof msg);
	printf("  %s\n", msg);
	if (id != -1 && jobrun_close(cli->conn, id, rc == EX_OK ? "OK" : "GAGAL",
	    msg, err, sizeof err) == -1)
		log_warnx("job_run: %s", err);
	return rc;
}
