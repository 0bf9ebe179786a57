/* report_common.c — what the writers share; see report_int.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* nftw, flock */
#endif
#include "report_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <ftw.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "period.h"

const struct xs_col rpt_gagal_cols[RPT_GAGAL_NCOLS] = {
	{ "NIK", XS_ID },
	{ "NAMA", XS_TEXT },
	{ "KELURAHAN", XS_TEXT },
	{ "KECAMATAN", XS_TEXT },
	{ "KETERANGAN BPJS", XS_WRAP },
	{ "KATEGORI", XS_CODES },
	{ "TINDAK LANJUT", XS_WRAP },
};

int
report_exit_code(PGconn *c, int status)
{
	switch (status) {
	case REPORT_OK:
		return EX_OK;
	case REPORT_ENODATA:
		return EX_NOINPUT;
	case REPORT_EDB:
		/* The server went away, or a query is wrong (a bug). */
		return c == NULL || PQstatus(c) == CONNECTION_BAD ?
		    EX_UNAVAILABLE : EX_SOFTWARE;
	default:
		return EX_CANTCREAT;
	}
}

void
report_safe_name(const char *name, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)(name ? name : "");
	size_t o = 0, chars = 0;

	if (outsz == 0)
		return;
	for (; *p != '\0' && chars < 100 && o + 1 < outsz; p++) {
		unsigned char ch = *p;

		if ((ch & 0xC0) == 0x80)	/* rest of a character already '_' */
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (unsigned char)(ch - 'a' + 'A');
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == ' ' || ch == '-'))
			ch = '_';
		out[o++] = (char)ch;
		chars++;
	}
	if (o == 0 && outsz > 1)
		out[o++] = '_';
	out[o] = '\0';
}

int
report_sk_date(const char *s, int *y, int *m, int *d)
{
	char iso[16];
	int a, b, c, n = 0;
	char s1, s2;

	if (s == NULL || strspn(s, "0123456789-/.") != strlen(s) ||
	    sscanf(s, "%d%c%d%c%d%n", &a, &s1, &b, &s2, &c, &n) != 5 ||
	    s[n] != '\0' || s1 != s2 || (s1 != '-' && s1 != '/' && s1 != '.'))
		return 0;
	if (a >= 1000) {
		*y = a;
		*m = b;
		*d = c;
	} else {
		*d = a;
		*m = b;
		*y = c;
	}
	if (*y < 1900 || *y > 2199 || *m < 1 || *m > 12 || *d < 1 || *d > 31)
		return 0;
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", *y, *m, *d);
	return xs_parse_date(iso, &a, &b, &c);	/* a day the month has */
}

void
report_sk_tanggal(const char *text, char *out, size_t outsz)
{
	int y, m, d;

	if (text == NULL || *text == '\0')
		snprintf(out, outsz, "....");
	else if (report_sk_date(text, &y, &m, &d))
		xs_format_tanggal(out, outsz, y, m, d);
	else
		snprintf(out, outsz, "%s", text);
}

/* ------------------------------------------------------------------ */
/* Files */

/*
 * Temporary names and crashes.  A writer holds an exclusive flock(2) on its
 * temporary file (or folder) from creation until the rename that puts it in
 * place.  A writer killed on the way (kill -9, power) leaves its temporary
 * name behind, unlocked: the next writer of the same name removes it.  The
 * writer checks, once locked, that its file still has a name, because a
 * sweeper may have taken it in the instant between mkstemp and flock.
 */

/* 1 when name is "." prefix "." and six more characters (mkstemp's). */
static int
is_temp_of(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	return name[0] == '.' && strncmp(name + 1, prefix, n) == 0 &&
	    name[n + 1] == '.' && strlen(name + n + 2) == 6;
}

/* Lock fd; 0 when it is still linked (ours), -1 when a sweeper took it. */
static int
lock_linked(int fd)
{
	struct stat sb;

	if (flock(fd, LOCK_EX) == -1 || fstat(fd, &sb) == -1)
		return -1;
	return sb.st_nlink > 0 ? 0 : -1;
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) == -1 && errno != ENOENT ? -1 : 0;
}

void
rpt_remove_tree(const char *path)
{
	(void)nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Remove dir/entry when nobody holds its lock: a dead writer's leftover. */
static void
sweep_one(int dfd, const char *dir, const char *entry, int is_dir)
{
	char path[PATH_MAX];
	int fd;

	fd = openat(dfd, entry, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK |
	    (is_dir ? O_DIRECTORY : 0));
	if (fd == -1)
		return;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
		snprintf(path, sizeof path, "%s/%s", dir, entry);
		if (is_dir)
			rpt_remove_tree(path);
		else
			(void)unlinkat(dfd, entry, 0);
		log_info("removed %s, left by a writer that did not finish", path);
	}
	close(fd);
}

void
rpt_sweep_stale(const char *dir, const char *prefix, int is_dir)
{
	struct dirent *de;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (is_dir ? strncmp(de->d_name, ".", 1) == 0 &&
		    strncmp(de->d_name + 1, prefix, strlen(prefix)) == 0 &&
		    de->d_name[strlen(prefix) + 1] == '.' :
		    is_temp_of(de->d_name, prefix))
			sweep_one(dirfd(d), dir, de->d_name, is_dir);
	closedir(d);
}

int
rpt_dir_open(char *tmpl, int *lockfd, char *err, size_t errsz)
{
	char want[PATH_MAX];
	int tries;

	snprintf(want, sizeof want, "%s", tmpl);
	for (tries = 0; tries < 8; tries++) {
		snprintf(tmpl, PATH_MAX, "%s", want);
		if (mkdtemp(tmpl) == NULL || chmod(tmpl, RPT_MODE_DIR) == -1 ||
		    (*lockfd = open(tmpl, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
			break;
		if (lock_linked(*lockfd) == 0)
			return REPORT_OK;
		close(*lockfd);
	}
	*lockfd = -1;
	snprintf(err, errsz, "%s: %s", tmpl, strerror(errno ? errno : EAGAIN));
	return REPORT_EIO;
}

int
rpt_file_open(struct rpt_file *f, const char *dir, const char *name,
    char *err, size_t errsz)
{
	int tries;

	f->fd = -1;
	f->tmp[0] = '\0';
	if ((size_t)snprintf(f->final, sizeof f->final, "%s/%s", dir, name) >=
	    sizeof f->final || (size_t)snprintf(f->tmp, sizeof f->tmp,
	    "%s/.%s.XXXXXX", dir, name) >= sizeof f->tmp) {
		snprintf(err, errsz, "%s/%s: path too long", dir, name);
		f->tmp[0] = '\0';
		return REPORT_EIO;
	}
	rpt_sweep_stale(dir, name, 0);
	for (tries = 0; tries < 8; tries++) {
		snprintf(f->tmp, sizeof f->tmp, "%s/.%s.XXXXXX", dir, name);
		/* mkstemp makes it 0600; the group (the office's staff) may read. */
		if ((f->fd = mkstemp(f->tmp)) == -1 ||
		    fchmod(f->fd, RPT_MODE_FILE) == -1)
			break;
		if (lock_linked(f->fd) == 0)
			return REPORT_OK;
		close(f->fd);
		f->fd = -1;
	}
	snprintf(err, errsz, "%s: %s", f->tmp, strerror(errno ? errno : EAGAIN));
	rpt_file_discard(f);
	return REPORT_EIO;
}

static void
sync_dir(const char *path)
{
	char dir[PATH_MAX], *slash;
	int fd;

	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL)
		return;
	*slash = '\0';
	if ((fd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
}

int
rpt_file_commit(struct rpt_file *f, char *err, size_t errsz)
{
	/* The data reaches the disk before the name does; the lock is held
	 * until the name is in place. */
	if (f->fd == -1 || fsync(f->fd) == -1) {
		snprintf(err, errsz, "%s: %s", f->tmp, f->fd == -1 ?
		    "not open" : strerror(errno));
		rpt_file_discard(f);
		return REPORT_EIO;
	}
	if (rename(f->tmp, f->final) == -1) {
		snprintf(err, errsz, "%s: %s", f->final, strerror(errno));
		rpt_file_discard(f);
		return REPORT_EIO;
	}
	f->tmp[0] = '\0';
	sync_dir(f->final);
	close(f->fd);
	f->fd = -1;
	return REPORT_OK;
}

void
rpt_file_discard(struct rpt_file *f)
{
	if (f->tmp[0] != '\0')
		(void)unlink(f->tmp);
	f->tmp[0] = '\0';
	if (f->fd != -1)
		close(f->fd);
	f->fd = -1;
}

/* ------------------------------------------------------------------ */
/* CSV files for BPJS */

/* One CSV field: quoted when it holds ';', '"', CR or LF. */
static void
csv_field(FILE *fp, const char *v)
{
	if (strpbrk(v, ";\"\r\n") == NULL) {
		fputs(v, fp);
		return;
	}
	fputc('"', fp);
	for (; *v != '\0'; v++) {
		if (*v == '"')
			fputc('"', fp);
		fputc(*v, fp);
	}
	fputc('"', fp);
}

int
rpt_csv_open(struct rpt_csv *c, const char *dir, const char *name,
    const struct xs_col *cols, int ncols, char *err, size_t errsz)
{
	int fd, i, st;

	c->fp = NULL;
	c->cols = cols;
	c->ncols = ncols;
	c->no = 0;
	if ((st = rpt_file_open(&c->f, dir, name, err, errsz)) != REPORT_OK)
		return st;
	/* c->fp writes through a second descriptor: f.fd keeps the lock
	 * until the commit. */
	if ((fd = dup(c->f.fd)) == -1 || (c->fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errsz, "%s: %s", c->f.tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		rpt_file_discard(&c->f);
		return REPORT_EIO;
	}
	fputs("NO", c->fp);
	for (i = 0; i < ncols; i++) {
		fputc(';', c->fp);
		csv_field(c->fp, cols[i].name);
	}
	fputs("\r\n", c->fp);
	return REPORT_OK;
}

void
rpt_csv_row(struct rpt_csv *c, const char *const *vals)
{
	char date[16];
	int i, y, m, d;

	fprintf(c->fp, "%lld", ++c->no);
	for (i = 0; i < c->ncols; i++) {
		const char *v = vals[i] ? vals[i] : "";

		fputc(';', c->fp);
		if (c->cols[i].kind == XS_DATE && xs_parse_date(v, &y, &m, &d)) {
			snprintf(date, sizeof date, "%02d-%02d-%04d", d, m, y);
			v = date;
		}
		csv_field(c->fp, v);
	}
	fputs("\r\n", c->fp);
}

int
rpt_csv_close(struct rpt_csv *c, int st, char *err, size_t errsz)
{
	int bad;

	bad = fflush(c->fp) == EOF || ferror(c->fp) || fsync(fileno(c->fp)) == -1;
	if (bad && st == REPORT_OK) {
		snprintf(err, errsz, "%s: %s", c->f.tmp, strerror(errno));
		st = REPORT_EIO;
	}
	if (fclose(c->fp) == EOF && st == REPORT_OK) {
		snprintf(err, errsz, "%s: %s", c->f.tmp, strerror(errno));
		st = REPORT_EIO;
	}
	c->fp = NULL;
	if (st == REPORT_OK)
		st = rpt_file_commit(&c->f, err, errsz);
	if (st != REPORT_OK)
		rpt_file_discard(&c->f);
	return st;
}

/* ------------------------------------------------------------------ */
/* Queries */

int
rpt_begin(PGconn *c, const struct report_ctx *rc, int *own, char *made,
    size_t madesz, char *err, size_t errsz)
{
	PGresult *r;

	*own = 0;
	if (PQtransactionStatus(c) == PQTRANS_IDLE) {
		r = PQexec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			snprintf(err, errsz, "%s", PQerrorMessage(c));
			PQclear(r);
			return REPORT_EDB;
		}
		PQclear(r);
		*own = 1;
	}
	/* xs_parse_date reads ISO dates, whatever the server's default. */
	r = PQexec(c, "SET LOCAL DateStyle = 'ISO, YMD'");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		snprintf(err, errsz, "%s", PQerrorMessage(c));
		PQclear(r);
		rpt_end(c, *own);
		return REPORT_EDB;
	}
	PQclear(r);
	rpt_made_text(c, rc->cfg ? rc->cfg->region.timezone : NULL, rc->made,
	    made, madesz);
	return REPORT_OK;
}

void
rpt_end(PGconn *c, int own)
{
	if (own)
		PQclear(PQexec(c, PQtransactionStatus(c) == PQTRANS_INERROR ?
		    "ROLLBACK" : "COMMIT"));
}

static void
db_message(PGconn *c, PGresult *r, char *err, size_t errsz)
{
	const char *m = r ? PQresultErrorMessage(r) : "";

	if (m == NULL || *m == '\0')
		m = PQerrorMessage(c);
	snprintf(err, errsz, "%s", m);
	/* libpq ends its messages with a newline; ours never do. */
	while (*err != '\0' && err[strlen(err) - 1] == '\n')
		err[strlen(err) - 1] = '\0';
}

int
rpt_each(PGconn *c, const char *sql, int nparams, const char *const *params,
    rpt_row_fn fn, void *arg, char *err, size_t errsz)
{
	PGresult *r;
	int rc = REPORT_OK;

	if (!PQsendQueryParams(c, sql, nparams, NULL, params, NULL, NULL, 0)) {
		db_message(c, NULL, err, errsz);
		return REPORT_EDB;
	}
	(void)PQsetSingleRowMode(c);	/* fails only after a send failure */
	/* After fn fails the rest is read and dropped rather than cancelled:
	 * a cancel would abort a transaction that may be the caller's. */
	while ((r = PQgetResult(c)) != NULL) {
		switch (PQresultStatus(r)) {
		case PGRES_SINGLE_TUPLE:
			if (rc == REPORT_OK)
				rc = fn(arg, r, err, errsz);
			break;
		case PGRES_TUPLES_OK:
		case PGRES_COMMAND_OK:
			break;
		default:
			if (rc == REPORT_OK) {
				db_message(c, r, err, errsz);
				rc = REPORT_EDB;
			}
			break;
		}
		PQclear(r);
	}
	return rc;
}

int
rpt_query(PGconn *c, PGresult **res, const char *sql, int nparams,
    const char *const *params, char *err, size_t errsz)
{
	PGresult *r;

	r = PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK &&
	    PQresultStatus(r) != PGRES_COMMAND_OK) {
		db_message(c, r, err, errsz);
		PQclear(r);
		*res = NULL;
		return REPORT_EDB;
	}
	*res = r;
	return REPORT_OK;
}

int
rpt_exists(PGconn *c, const char *sql, const char *period, char *err,
    size_t errsz)
{
	const char *p[1] = { period };
	PGresult *r;
	int yes;

	if (rpt_query(c, &r, sql, 1, p, err, errsz) != REPORT_OK)
		return -1;
	yes = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	return yes;
}

void
rpt_values(PGresult *r, int i, const char **vals, int n)
{
	int k;

	for (k = 0; k < n && k < XS_MAX_COLS; k++)
		vals[k] = k < PQnfields(r) && !PQgetisnull(r, i, k) ?
		    PQgetvalue(r, i, k) : NULL;
}

/* ------------------------------------------------------------------ */
/* Sheets from queries */

struct fill_arg {
	struct xs_sheet	*s;
	long long	 rows;
};

static int
fill_row(void *arg, PGresult *r, char *err, size_t errsz)
{
	struct fill_arg *a = arg;
	const char *vals[XS_MAX_COLS];
	enum xs_error e;

	if (PQnfields(r) != a->s->ncols) {
		snprintf(err, errsz, "sheet %s: the query gives %d columns for %d",
		    a->s->name, PQnfields(r), a->s->ncols);
		return REPORT_EDB;
	}
	rpt_values(r, 0, vals, a->s->ncols);
	if ((e = xs_write_row(a->s, vals)) != XS_OK)
		return rpt_xs_fail(a->s->book, e, err, errsz);
	a->rows++;
	return REPORT_OK;
}

int
rpt_fill(PGconn *c, struct xs_sheet *s, const char *sql, int nparams,
    const char *const *params, long long *rows, char *err, size_t errsz)
{
	struct fill_arg a = { s, 0 };
	int rc;

	rc = rpt_each(c, sql, nparams, params, fill_row, &a, err, errsz);
	if (rows != NULL)
		*rows += a.rows;
	return rc;
}

int
rpt_list_sheet(PGconn *c, struct xs_book *b, const struct rpt_list *l,
    const char *title, const char *const *params, char *err, size_t errsz)
{
	struct xs_sheet s;
	enum xs_error e;
	long long rows = 0;
	int st;

	if ((e = xs_add_sheet(b, &s, l->name, title != NULL ? title :
	    l->title)) != XS_OK || (e = xs_start_table(&s, NULL, l->cols,
	    l->ncols, XS_FILTER)) != XS_OK) {
		xs_close_sheet(&s);
		return rpt_xs_fail(b, e, err, errsz);
	}
	st = rpt_fill(c, &s, l->sql, l->nparams, params, &rows, err, errsz);
	/* An empty list says so, a row apart from its header, rather than
	 * print as a bare header a reader may take for a cut page. */
	if (st == REPORT_OK && rows == 0 && ((e = xs_skip_rows(&s, 1)) != XS_OK ||
	    (e = xs_write_line(&s, 1, "Tidak ada data", XS_PLAIN)) != XS_OK))
		st = rpt_xs_fail(b, e, err, errsz);
	return rpt_close_sheet(b, &s, st, err, errsz);
}

int
rpt_close_sheet(struct xs_book *b, struct xs_sheet *s, int st, char *err,
    size_t errsz)
{
	enum xs_error e;

	if ((e = xs_close_sheet(s)) != XS_OK && st == REPORT_OK)
		st = rpt_xs_fail(b, e, err, errsz);
	return st;
}

int
rpt_xs_fail(struct xs_book *b, enum xs_error e, char *err, size_t errsz)
{
	snprintf(err, errsz, "%s", b->msg[0] ? b->msg : xs_strerror(e));
	return REPORT_EIO;
}

/* ------------------------------------------------------------------ */
/* Books */

void
rpt_made_text(PGconn *c, const char *tz, time_t t, char *buf, size_t bufsz)
{
	/* A zone PostgreSQL does not know falls back to UTC rather than
	 * failing, which would abort the transaction (maybe the caller's). */
	static const char sql[] =
	    "SELECT to_char(l, 'YYYY-MM-DD HH24:MI'),"
	    " (extract(epoch FROM l - (to_timestamp($1::float8) AT TIME ZONE 'UTC'))"
	    "  / 60)::int"
	    " FROM (SELECT to_timestamp($1::float8) AT TIME ZONE coalesce("
	    "  (SELECT name FROM pg_timezone_names WHERE name = $2), 'UTC') AS l) x";
	char ts[32], err[256];
	const char *p[2] = { ts, tz && *tz ? tz : "Asia/Jakarta" };
	const char *zone;
	char zbuf[32];
	int y, mo, d, h, mi, off;
	PGresult *r = NULL;
	struct tm tm;

	snprintf(ts, sizeof ts, "%lld", (long long)t);
	/* The database knows the zone; asking it keeps TZ and threads out of
	 * this.  Indonesia's zones have had fixed offsets since 1964. */
	if (rpt_query(c, &r, sql, 2, p, err, sizeof err) == REPORT_OK &&
	    PQntuples(r) == 1 &&
	    sscanf(PQgetvalue(r, 0, 0), "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) == 5) {
		off = atoi(PQgetvalue(r, 0, 1));
		if (off == 420)
			zone = "WIB";
		else if (off == 480)
			zone = "WITA";
		else if (off == 540)
			zone = "WIT";
		else {
			snprintf(zbuf, sizeof zbuf, "UTC%c%02d:%02d",
			    off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
			zone = zbuf;
		}
	} else {
		gmtime_r(&t, &tm);
		y = tm.tm_year + 1900;
		mo = tm.tm_mon + 1;
		d = tm.tm_mday;
		h = tm.tm_hour;
		mi = tm.tm_min;
		zone = "UTC";
	}
	PQclear(r);
	snprintf(buf, bufsz, "%d %s %04d pukul %02d.%02d %s", d,
	    xs_month_name(mo), y, h, mi, zone);
}

int
rpt_book_open(struct xs_book *b, const char *path,
    const struct report_ctx *rc, const char *made, const char *tmpdir,
    char *err, size_t errsz)
{
	struct xs_info info = { 0 };
	char label[32];
	enum xs_error e;

	period_label(rc->period, label, sizeof label);
	info.office = rc->cfg ? rc->cfg->region.office : "";
	info.region = rc->cfg ? rc->cfg->region.name : "";
	info.period_label = label;
	info.made = made;
	info.tmpdir = tmpdir;
	info.max_rows = rc->max_rows;
	/* Offices print on F4 unless [report] paper says A4. */
	info.paper = rc->cfg != NULL && rc->cfg->report.paper == PAPER_A4 ?
	    XS_PAPER_A4 : XS_PAPER_FOLIO;
	if ((e = xs_open_book(b, path, &info)) != XS_OK) {
		rpt_xs_fail(b, e, err, errsz);
		xs_close_book(b);
		return REPORT_EIO;
	}
	return REPORT_OK;
}

int
rpt_write_book(PGconn *c, const struct report_ctx *rc, const char *made,
    const char *dir, const char *name, rpt_book_fn fill, void *arg, int tell,
    char *err, size_t errsz)
{
	struct rpt_file f;
	struct xs_book b;
	enum xs_error e;
	int st;

	if ((st = rpt_file_open(&f, dir, name, err, errsz)) != REPORT_OK)
		return st;
	/* libxlsxwriter reopens the path ("wb"): the 0640 file is kept, and
	 * our descriptor keeps the lock. */
	if ((st = rpt_book_open(&b, f.tmp, rc, made, dir, err, errsz)) !=
	    REPORT_OK) {
		rpt_file_discard(&f);
		return st;
	}
	st = fill(c, &b, arg, err, errsz);
	e = xs_close_book(&b);
	if (st == REPORT_OK && e != XS_OK) {
		st = REPORT_EIO;
		snprintf(err, errsz, "%s: %s", f.final, b.msg[0] ? b.msg :
		    xs_strerror(e));
	}
	if (st == REPORT_OK)
		st = rpt_file_commit(&f, err, errsz);
	if (st != REPORT_OK) {
		rpt_file_discard(&f);
		return st;
	}
	if (tell && rc->wrote != NULL)
		rc->wrote(rc->arg, f.final);
	return REPORT_OK;
}
