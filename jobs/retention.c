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
#include "json_summary.h"
#include "session.h"

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
 * The imported rows (issue 22; sql/rules/05_retensi.sql): for the old,
 * closed periods, first each period's per-row results (its JSON summary
 * stored first, so its figures read the same afterwards), then each batch
 * no kept period needs (its partitions and rejected rows), each its own
 * transaction.  A dry run only lists them.  Nothing here names a person:
 * batch ids, kinds, periods and counts.
 */
struct rows_sweep {
	struct session		*ses;
	const char		*cutoff;
	int			 dry_run;
	FILE			*out;
	struct retention_result	*res;
	char			 list[1024];	/* the batches, for job_run */
	size_t			 listlen;
	int			 listed, more;
};

/* One statement in its own transaction: its one value, or -1. */
static long long
one_tx(PGconn *c, const char *sql, int n, const char *const *p, char *err,
    size_t errsz)
{
	char e2[256];
	PGresult *r;
	long long v;

	if (db_cmd(c, err, errsz, "BEGIN", 0, NULL) == -1)
		return -1;
	if ((r = db_exec(c, err, errsz, sql, n, p)) == NULL) {
		(void)db_cmd(c, e2, sizeof e2, "ROLLBACK", 0, NULL);
		return -1;
	}
	v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	if (db_cmd(c, err, errsz, "COMMIT", 0, NULL) == -1) {
		(void)db_cmd(c, e2, sizeof e2, "ROLLBACK", 0, NULL);
		return -1;
	}
	return v;
}

/* A period's JSON summary as it reads now, kept in ringkasan_simpan (its
 * "dibuat" the time its figures were stored).  0, or -1. */
static int
keep_summary(struct rows_sweep *w, const char *period, char *err,
    size_t errsz)
{
	PGconn *c = w->ses->conn;
	const char *p[2] = { period, NULL };
	PGresult *r;
	json_t *o;
	char *text;
	time_t made;

	if ((r = db_exec(c, err, errsz, "SELECT extract(epoch FROM dibuat)::bigint"
	    " FROM rekon_ringkasan WHERE period = $1", 1, p)) == NULL)
		return -1;
	if (PQntuples(r) == 0) {	/* never reconciled: no figures to keep */
		PQclear(r);
		return 0;
	}
	made = (time_t)strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	if ((o = json_summary_build(c, &w->ses->cfg, period, made, err,
	    errsz)) == NULL)
		return -1;
	text = json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	json_decref(o);
	if (text == NULL) {
		snprintf(err, errsz, "%s: cannot encode the JSON summary", period);
		return -1;
	}
	p[1] = text;
	r = db_exec(c, err, errsz, "INSERT INTO ringkasan_simpan (period, isi)"
	    " VALUES ($1, $2) ON CONFLICT (period) DO NOTHING", 2, p);
	free(text);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

/* The old periods' per-row results.  0, or -1 (err says why). */
static int
sweep_periods(struct rows_sweep *w, char *err, size_t errsz)
{
	PGconn *c = w->ses->conn;
	const char *p[2] = { w->cutoff, NULL };
	char e2[256], period[8];
	PGresult *r;
	long long n, rows;
	int i;

	if ((r = db_exec(c, err, errsz, "SELECT period, baris FROM"
	    " rekon_retensi_periode($1)", 1, p)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(r); i++) {
		snprintf(period, sizeof period, "%s", PQgetvalue(r, i, 0));
		rows = strtoll(PQgetvalue(r, i, 1), NULL, 10);
		if (w->dry_run) {
			if (w->out != NULL)
				fprintf(w->out, "  would delete the per-row results"
				    " of %s: %lld rows (its figures stay)\n",
				    period, rows);
			w->res->periods++;
			w->res->results += rows;
			continue;
		}
		p[0] = period;
		p[1] = w->cutoff;
		if (db_cmd(c, err, errsz, "BEGIN", 0, NULL) == -1)
			break;
		if (keep_summary(w, period, err, errsz) == -1) {
			(void)db_cmd(c, e2, sizeof e2, "ROLLBACK", 0, NULL);
			break;
		}
		if (db_cmd(c, err, errsz, "COMMIT", 0, NULL) == -1)
			break;
		if ((n = one_tx(c, "SELECT rekon_retensi_periode_hapus($1, $2)",
		    2, p, err, errsz)) == -1)
			break;
		w->res->periods++;
		w->res->results += n;
		log_info("retensi: %s: %lld rows of per-row results deleted; its"
		    " figures kept", period, n);
		if (w->out != NULL)
			fprintf(w->out, "  deleted the per-row results of %s: %lld"
			    " rows (its figures stay)\n", period, n);
	}
	n = i < PQntuples(r) ? -1 : 0;
	PQclear(r);
	return (int)n;
}

/* "id kind period" into the job's list, while it fits. */
static void
list_batch(struct rows_sweep *w, const char *id, const char *kind,
    const char *period, long long rows)
{
	int len;

	if (w->more || (len = snprintf(w->list + w->listlen, sizeof w->list -
	    w->listlen, "%s%s %s %s (%lld)", w->listed ? ", " : "", id, kind,
	    period, rows)) < 0 || (size_t)len >= sizeof w->list - w->listlen -
	    40) {
		w->list[w->listlen] = '\0';
		w->more++;
		return;
	}
	w->listlen += (size_t)len;
	w->listed++;
}

/* The batches no kept period needs.  0, or -1 (err says why). */
static int
sweep_batches(struct rows_sweep *w, char *err, size_t errsz)
{
	PGconn *c = w->ses->conn;
	const char *p[1] = { w->cutoff };
	PGresult *r;
	long long n, rows;
	int i;

	if ((r = db_exec(c, err, errsz, "SELECT id, kind, period, baris,"
	    " ditolak FROM rekon_retensi_batch($1)", 1, p)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(r); i++) {
		rows = strtoll(PQgetvalue(r, i, 3), NULL, 10) +
		    strtoll(PQgetvalue(r, i, 4), NULL, 10);
		if (w->dry_run) {
			if (w->out != NULL)
				fprintf(w->out, "  would delete the rows of batch"
				    " %s (%s %s): %s rows, %s rejected rows\n",
				    PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
				    PQgetvalue(r, i, 2), PQgetvalue(r, i, 3),
				    PQgetvalue(r, i, 4));
			n = rows;
		} else {
			p[0] = PQgetvalue(r, i, 0);
			if ((n = one_tx(c, "SELECT rekon_retensi_batch_hapus($1)",
			    1, p, err, errsz)) == -1)
				break;
			log_info("retensi: batch %s (%s %s): %lld rows deleted;"
			    " the batch record kept", PQgetvalue(r, i, 0),
			    PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), n);
			if (w->out != NULL)
				fprintf(w->out, "  deleted the rows of batch %s"
				    " (%s %s): %lld rows\n", PQgetvalue(r, i, 0),
				    PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), n);
		}
		list_batch(w, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
		    PQgetvalue(r, i, 2), n);
		w->res->batches++;
		w->res->rows += n;
	}
	n = i < PQntuples(r) ? -1 : 0;
	PQclear(r);
	return (int)n;
}

/* The database's part of a run, its words added to msg.  EX_OK, or
 * EX_UNAVAILABLE when the database refused (what was done stays done). */
static int
rows_sweep(struct session *ses, const char *cutoff, int dry_run, FILE *out,
    struct retention_result *res, char *msg, size_t msgsz)
{
	struct rows_sweep w;
	char err[1024];
	size_t len;
	int rc;

	memset(&w, 0, sizeof w);
	w.ses = ses;
	w.cutoff = cutoff;
	w.dry_run = dry_run;
	w.out = out;
	w.res = res;
	rc = sweep_periods(&w, err, sizeof err) == 0 &&
	    sweep_batches(&w, err, sizeof err) == 0 ? EX_OK : EX_UNAVAILABLE;
	len = strlen(msg);
	if (res->batches + res->periods > 0 && len < msgsz)	/* (else: said nothing) */
		snprintf(msg + len, msgsz - len, dry_run ? _("; the rows of %lld"
		    " batches (%lld rows) and the per-row results of %lld periods"
		    " (%lld rows) would be deleted") : _("; the rows of %lld batches"
		    " (%lld rows) and the per-row results of %lld periods (%lld"
		    " rows) deleted"), res->batches, res->rows, res->periods,
		    res->results);
	len = strlen(msg);
	if (w.listed > 0 && len < msgsz)
		snprintf(msg + len, msgsz - len, _(": batches %s%s"), w.list,
		    w.more ? " ..." : "");
	if (rc != EX_OK) {
		len = strlen(msg);
		if (len < msgsz)
			snprintf(msg + len, msgsz - len, _("; the database refused:"
			    " %s"), err);
		log_warnx("retensi: %s", err);
	}
	return rc;
}

/*
 * A dry run's database: the one there is, never made for it (a dry run of
 * a site with no database yet lists files only).  1 connected, 0 none.
 */
static int
dry_run_connect(struct session *ses)
{
	char err[1024];
	int missing, may;

	if (ses->conn != NULL)
		return 1;
	if (session_embedded(ses)) {
		ses->conn = db_connect_flags(ses->cfg.database.conninfo,
		    ses->cfg.paths.state_dir, DB_EXISTING, &missing, err,
		    sizeof err);
		if (ses->conn == NULL) {
			if (!missing)
				log_warnx("retensi: %s", err);
			return 0;
		}
	}
	may = ses->may_create;
	ses->may_create = 0;
	if (session_connect(ses) != EX_OK) {
		ses->may_create = may;
		return 0;
	}
	ses->may_create = may;
	return 1;
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
	if (rc == EX_OK && res->cutoff[0] != '\0')
		rc = rows_sweep(ses, res->cutoff, 0, out, res, msg, msgsz);
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
		if (rc == EX_OK && r.cutoff[0] != '\0' && dry_run_connect(ses))
			rc = rows_sweep(ses, r.cutoff, 1, a->out, &r, res->msg,
			    sizeof res->msg);
	} else {
		if (a->out != NULL)
			fprintf(a->out, "retensi:\n");
		rc = run_locked(ses, a->out, &r, res->msg, sizeof res->msg);
		res->rows = r.archive + r.rejected + r.rows + r.results;
	}
	if (a->out != NULL)
		fprintf(a->out, "  %s\n", res->msg);
	return rc;
}
