/*
 * retention.c — the retention job, retensi (see retention.h):
 *
 *   rekon run retensi [--dry-run]
 *   [schedule] retensi in the daemon (default 30 3 * * *)
 *
 * Two sweeps.  The archive goes by the period folder a file was archived
 * in: archive/<kind>/<P>/ with P before the cutoff month is emptied of its
 * regular files and removed when nothing else is left.  The rejected
 * folder has no period, so a file there goes by its mtime.
 *
 * Every folder below the configured archive and rejected paths is opened
 * relative to its parent with O_NOFOLLOW, every entry is looked at with
 * fstatat(AT_SYMLINK_NOFOLLOW) and removed with unlinkat on its folder's
 * descriptor: a symbolic link planted anywhere in the tree is never
 * followed, and is itself left alone.  No shell, no path strings handed to
 * anything that resolves them again.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "date.h"
#include "db.h"
#include "log.h"
#include "period.h"
#include "job.h"
#include "retention.h"
#include "i18n.h"

enum { KEPT, GONE, VANISHED };

struct sweep {
	const struct config	*cfg;
	int			 dry_run;
	FILE			*out;
	char			 cutoff[8];	/* archive: periods before go */
	time_t			 before;	/* rejected: mtimes before go */
	long long		 archive, rejected;
	int			 nfailed;
	char			 failed[512];	/* the first failure, and why */
};

/* Names someone may still be writing, the names the inbox ignores too:
 * hidden (".x", so also "." and ".."), partial ("x.part", "x.tmp") and
 * Excel's lock files ("~$x"). */
static int
in_progress(const char *name)
{
	size_t n = strlen(name);

	return name[0] == '.' || strncmp(name, "~$", 2) == 0 ||
	    (n >= 5 && strcmp(name + n - 5, ".part") == 0) ||
	    (n >= 4 && strcmp(name + n - 4, ".tmp") == 0);
}

/* what failed, and why: a warning now, the job's message at the end. */
static void
sweep_failed(struct sweep *s, const char *what, const char *why)
{
	log_warnx("retensi: %s: %s", what, why);
	if (s->nfailed++ == 0)
		snprintf(s->failed, sizeof s->failed, "%.400s (%.100s)",
		    what, why);
}

/*
 * The folder name in dfd (label in the logs), never through a symbolic
 * link: its descriptor, or -1.  A folder that is not there holds nothing
 * to delete; any other failure is recorded, a link named as one.
 */
static int
open_dir(struct sweep *s, int dfd, const char *name, const char *label)
{
	struct stat sb;
	int fd, saved;

	if ((fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) != -1)
		return fd;
	if ((saved = errno) == ENOENT)
		return -1;
	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(sb.st_mode))
		sweep_failed(s, label, "a symbolic link, not followed");
	else
		sweep_failed(s, label, strerror(saved));
	return -1;
}

/* now minus months calendar months, at the same local time in tz (the
 * 31st becomes the month's last day).  1, or 0 for an unknown zone. */
static int
months_before(const char *tz, time_t now, int months, time_t *out)
{
	struct tm tm;
	long t, off;

	if (!period_localtime(tz, now, &tm))
		return 0;
	off = tm.tm_gmtoff;
	t = (long)(tm.tm_year + 1900) * 12 + tm.tm_mon - months;
	tm.tm_year = (int)(t / 12) - 1900;
	tm.tm_mon = (int)(t % 12);
	if (tm.tm_mday > date_days_in_month(tm.tm_year + 1900, tm.tm_mon + 1))
		tm.tm_mday = date_days_in_month(tm.tm_year + 1900, tm.tm_mon + 1);
	*out = timegm(&tm) - off;
	return 1;
}

/*
 * One entry of the folder dfd (path, for the listing; label, for the
 * logs): a regular file goes (by_mtime: only when older than s->before).
 * KEPT, GONE, or VANISHED when someone else removed it first.
 */
static int
sweep_file(struct sweep *s, int dfd, const char *path, const char *label,
    const char *name, int by_mtime)
{
	char what[PATH_MAX];
	struct stat sb;

	if (in_progress(name))
		return KEPT;
	snprintf(what, sizeof what, "%s/%s", label, name);
	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno == ENOENT)
			return VANISHED;
		sweep_failed(s, what, strerror(errno));
		return KEPT;
	}
	if (!S_ISREG(sb.st_mode) || (by_mtime && sb.st_mtime >= s->before))
		return KEPT;
	if (s->dry_run) {
		if (s->out != NULL)
			fprintf(s->out, "  would delete %s/%s\n", path, name);
		return GONE;
	}
	if (unlinkat(dfd, name, 0) == -1) {
		if (errno == ENOENT)
			return VANISHED;
		sweep_failed(s, what, strerror(errno));
		return KEPT;
	}
	if (s->out != NULL)
		fprintf(s->out, "  deleted %s/%s\n", path, name);
	return GONE;
}

/* Every entry of the folder dfd; counts what went and what was kept.
 * 0, or -1 when the folder cannot be read. */
static int
sweep_files(struct sweep *s, int dfd, const char *path, const char *label,
    int by_mtime, long long *gone, long long *kept)
{
	struct dirent **names;
	int i, n, r;

	if ((n = scandirat(dfd, ".", &names, NULL, alphasort)) == -1) {
		sweep_failed(s, label, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") != 0 &&
		    strcmp(names[i]->d_name, "..") != 0) {
			r = sweep_file(s, dfd, path, label, names[i]->d_name,
			    by_mtime);
			if (r == GONE)
				(*gone)++;
			else if (r == KEPT)
				(*kept)++;
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

/* The one log line of a folder: its count, what was left, the folder. */
static void
sweep_log(const struct sweep *s, const char *label, long long gone,
    long long kept, const char *folder)
{
	long long months = s->cfg->limits.retention_months;
	char left[64] = "", nfiles[48], nmonths[48];

	if (kept > 0)
		snprintf(left, sizeof left, _(", %lld left alone"), kept);
	snprintf(nfiles, sizeof nfiles, ngettext("%lld file", "%lld files",
	    (unsigned long)gone), gone);
	snprintf(nmonths, sizeof nmonths, ngettext("%lld month", "%lld months",
	    (unsigned long)months), months);
	if (s->dry_run)
		log_info("retensi: %s: %s would be deleted (older than %s)%s%s",
		    label, nfiles, nmonths, left, folder);
	else
		log_info("retensi: %s: %s deleted (older than %s)%s%s", label,
		    nfiles, nmonths, left, folder);
}

/* archive/<kind>/<period>/, a period before the cutoff: its files, and
 * the folder itself once empty. */
static void
sweep_period(struct sweep *s, int kfd, const char *kind, const char *period)
{
	char label[PATH_MAX], path[PATH_MAX];
	const char *folder = "";
	long long gone = 0, kept = 0;
	int pfd, rc;

	snprintf(label, sizeof label, "archive/%s/%s", kind, period);
	snprintf(path, sizeof path, "%s/%s/%s", s->cfg->paths.archive, kind,
	    period);
	if ((pfd = open_dir(s, kfd, period, label)) == -1)
		return;
	rc = sweep_files(s, pfd, path, label, 0, &gone, &kept);
	close(pfd);
	s->archive += gone;
	if (rc == 0 && kept == 0) {
		if (s->dry_run) {
			folder = "; the empty folder would be removed";
			if (s->out != NULL)
				fprintf(s->out, "  would remove %s/\n", path);
		} else if (unlinkat(kfd, period, AT_REMOVEDIR) == 0) {
			folder = "; the empty folder removed";
			if (s->out != NULL)
				fprintf(s->out, "  removed %s/\n", path);
		} else if (errno != ENOTEMPTY && errno != EEXIST &&
		    errno != ENOENT)
			sweep_failed(s, label, strerror(errno));
	}
	sweep_log(s, label, gone, kept, folder);
}

/* One entry of archive/<kind>/: a period folder before the cutoff is
 * swept; a name that is no period, or no folder, is named in a warning. */
static void
period_entry(struct sweep *s, int kfd, const char *kind, const char *name)
{
	char label[PATH_MAX];
	struct stat sb;

	if (in_progress(name))
		return;
	snprintf(label, sizeof label, "archive/%s/%s", kind, name);
	if (!period_parse(name, NULL, NULL))
		log_warnx("retensi: %s: not a period folder (YYYY-MM), left"
		    " alone", label);
	else if (fstatat(kfd, name, &sb, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno != ENOENT)
			sweep_failed(s, label, strerror(errno));
	} else if (!S_ISDIR(sb.st_mode))
		log_warnx("retensi: %s: not a folder, left alone", label);
	else if (strcmp(name, s->cutoff) < 0)
		sweep_period(s, kfd, kind, name);
}

/* archive/<kind>/: the period folders before the cutoff. */
static void
sweep_archive_kind(struct sweep *s, int afd, const char *kind)
{
	struct dirent **names;
	char label[64];
	int kfd, i, n;

	snprintf(label, sizeof label, "archive/%s", kind);
	if ((kfd = open_dir(s, afd, kind, label)) == -1)
		return;
	if ((n = scandirat(kfd, ".", &names, NULL, alphasort)) == -1) {
		sweep_failed(s, label, strerror(errno));
		close(kfd);
		return;
	}
	for (i = 0; i < n; i++) {
		period_entry(s, kfd, kind, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	close(kfd);
}

/* rejected/<kind>/: files (refused ones and their .error.txt) by mtime. */
static void
sweep_rejected_kind(struct sweep *s, int rfd, const char *kind)
{
	char label[PATH_MAX], path[PATH_MAX];
	long long gone = 0, kept = 0;
	int kfd;

	snprintf(label, sizeof label, "rejected/%s", kind);
	snprintf(path, sizeof path, "%s/%s", s->cfg->paths.rejected, kind);
	if ((kfd = open_dir(s, rfd, kind, label)) == -1)
		return;
	(void)sweep_files(s, kfd, path, label, 1, &gone, &kept);
	close(kfd);
	s->rejected += gone;
	if (gone > 0)
		sweep_log(s, label, gone, 0, "");
}

/* One of the two trees (the configured root, label its name in the logs),
 * each known kind's folder with fn.  A root not there yet holds nothing. */
static void
sweep_tree(struct sweep *s, const char *root, const char *label,
    void (*fn)(struct sweep *, int, const char *))
{
	int fd, k;

	if ((fd = open_dir(s, AT_FDCWD, root, label)) == -1)
		return;
	for (k = 0; config_source_kinds[k] != NULL; k++)
		fn(s, fd, config_source_kinds[k]);
	close(fd);
}

/* The job's one-line result into msg. */
static void
result_msg(const struct sweep *s, char *msg, size_t msgsz)
{
	long long n = s->archive + s->rejected;
	char nfiles[48];
	size_t len;

	snprintf(nfiles, sizeof nfiles, ngettext("%lld file", "%lld files",
	    (unsigned long)n), n);
	if (s->dry_run)
		snprintf(msg, msgsz, _("%s would be deleted (archive %lld,"
		    " rejected %lld), older than %s; dry run: nothing deleted"),
		    nfiles, s->archive, s->rejected, s->cutoff);
	else
		snprintf(msg, msgsz, _("%s deleted (archive %lld, rejected %lld),"
		    " older than %s"), nfiles, s->archive, s->rejected,
		    s->cutoff);
	len = strlen(msg);
	if (s->nfailed > 0 && len < msgsz)
		snprintf(msg + len, msgsz - len, ngettext("; %d failure, the"
		    " first: %s", "; %d failures, the first: %s",
		    (unsigned long)s->nfailed), s->nfailed, s->failed);
}

int
retention_run(const struct config *cfg, time_t now, int dry_run, FILE *out,
    struct retention_result *res, char *msg, size_t msgsz)
{
	const char *tz = cfg->region.timezone;
	int months = (int)cfg->limits.retention_months;
	struct sweep s;
	char current[8];

	memset(res, 0, sizeof *res);
	if (months <= 0) {
		snprintf(msg, msgsz, _("retention_months = 0: every file is kept,"
		    " nothing deleted"));
		log_info("retensi: %s", msg);
		return EX_OK;
	}
	memset(&s, 0, sizeof s);
	s.cfg = cfg;
	s.dry_run = dry_run;
	s.out = out;
	if (period_at(tz, now, current))
		period_add(current, -months, s.cutoff);
	if (s.cutoff[0] == '\0' || !months_before(tz, now, months, &s.before)) {
		snprintf(msg, msgsz, _("cannot tell the current month in %s"), tz);
		log_warnx("retensi: %s", msg);
		return EX_CONFIG;
	}
	sweep_tree(&s, cfg->paths.archive, "archive", sweep_archive_kind);
	sweep_tree(&s, cfg->paths.rejected, "rejected", sweep_rejected_kind);
	res->archive = s.archive;
	res->rejected = s.rejected;
	snprintf(res->cutoff, sizeof res->cutoff, "%s", s.cutoff);
	result_msg(&s, msg, msgsz);
	if (s.nfailed > 0) {
		log_warnx("retensi: %s", msg);
		return EX_IOERR;
	}
	log_info("retensi: %s", msg);
	return EX_OK;
}

/*
 * The web front's rows (web.md "The audit log"): audit rows and the front
 * desk's visits older than [web] audit_months, sessions idle past their
 * timeout, failed-login counts of addresses older than a day. The counts
 * are added to msg when not 0; -1 when the database refused.
 */
static int
web_sweep(struct session *ses, struct retention_result *res, char *msg,
    size_t msgsz)
{
	char months[24], err[1024], nrows[48], nvisits[48];
	const char *p[1] = { months };
	PGresult *r;
	size_t len;

	snprintf(months, sizeof months, "%lld", ses->cfg.web.audit_months);
	if ((r = db_exec(ses->conn, err, sizeof err, "WITH a AS (DELETE FROM"
	    " audit WHERE waktu < now() - make_interval(months =>"
	    " $1::integer) RETURNING 1), k AS (DELETE FROM kunjungan WHERE"
	    " waktu < now() - make_interval(months => $1::integer) RETURNING"
	    " 1), s AS (DELETE FROM sesi WHERE terakhir < now() -"
	    " interval '30 minutes' RETURNING 1), g AS (DELETE FROM"
	    " alamat_gagal WHERE terakhir < now() - interval '1 day'"
	    " RETURNING 1) SELECT (SELECT count(*) FROM a), (SELECT count(*)"
	    " FROM k)", 1, p)) == NULL) {
		len = strlen(msg);
		snprintf(msg + len, msgsz - len, "; the web front's rows: %s",
		    err);
		log_warnx("retensi: %s", err);
		return -1;
	}
	res->audit = atol(PQgetvalue(r, 0, 0));
	res->kunjungan = atol(PQgetvalue(r, 0, 1));
	PQclear(r);
	len = strlen(msg);
	if (res->audit > 0 || res->kunjungan > 0) {	/* (else: said nothing) */
		snprintf(nrows, sizeof nrows, ngettext("%ld audit row",
		    "%ld audit rows", (unsigned long)res->audit), res->audit);
		snprintf(nvisits, sizeof nvisits, ngettext("%ld visit",
		    "%ld visits", (unsigned long)res->kunjungan), res->kunjungan);
		snprintf(msg + len, msgsz - len, _("; %s and %s older than %s"
		    " months deleted"), nrows, nvisits, months);
	}
	return 0;
}

/*
 * The run under an advisory lock, so that the daemon's run and one from
 * the command line never sweep at once (the second skips).  EX_OK, or
 * EX_UNAVAILABLE when the lock cannot be asked for.
 */
static int
run_locked(struct session *ses, FILE *out, struct retention_result *res,
    char *msg, size_t msgsz)
{
	char err[1024];
	int locked, rc;

	memset(res, 0, sizeof *res);
	if ((locked = db_trylock(ses->conn, "retensi", err, sizeof err)) ==
	    -1) {
		snprintf(msg, msgsz, "%s", err);
		log_warnx("retensi: %s", err);
		return EX_UNAVAILABLE;
	}
	if (!locked) {
		snprintf(msg, msgsz, _("another retensi is running: skipped"));
		log_info("retensi: %s", msg);
		return EX_OK;
	}
	rc = retention_run(&ses->cfg, time(NULL), 0, out, res, msg, msgsz);
	if (rc == EX_OK && web_sweep(ses, res, msg, msgsz) == -1)
		rc = EX_UNAVAILABLE;
	db_unlock(ses->conn, "retensi");
	return rc;
}

/* A dry run needs no connection and is not recorded (cli/cmd_jobs.c);
 * job_run.rows of a real run: the files deleted. */
int
job_retention(struct session *ses, const struct job_args *a,
    struct job_result *res)
{
	struct retention_result r;
	int rc;

	if (a->dry_run) {
		if (a->out != NULL)
			fprintf(a->out, "retensi (dry run, nothing is deleted):\n");
		rc = retention_run(&ses->cfg, time(NULL), 1, a->out, &r,
		    res->msg, sizeof res->msg);
	} else {
		if (a->out != NULL)
			fprintf(a->out, "retensi:\n");
		rc = run_locked(ses, a->out, &r, res->msg, sizeof res->msg);
		res->rows = r.archive + r.rejected;
	}
	if (a->out != NULL)
		fprintf(a->out, "  %s\n", res->msg);
	return rc;
}
