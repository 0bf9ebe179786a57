/*
 * report_int.h — what the report_*.c writers share (report_common.c); not
 * for callers, who use report.h.
 */
#ifndef REKON_REPORT_INT_H
#define REKON_REPORT_INT_H

#include <libpq-fe.h>
#include <limits.h>
#include <stddef.h>
#include <time.h>

#include "report.h"
#include "xlsx_sheet.h"

#define RPT_MODE_FILE	0640	/* personal data: owner and group only */
#define RPT_MODE_DIR	0750

/* A file being written: its temporary name and the name it will get. */
struct rpt_file {
	char	tmp[PATH_MAX];
	char	final[PATH_MAX];
	int	fd;		/* open on tmp (rpt_file_open), or -1 */
};

/* Create dir/.name.XXXXXX (mode 0640, fd open and flock'ed until commit
 * or discard) for dir/name; first remove the unlocked .name.XXXXXX that a
 * writer killed on the way left. */
int	rpt_file_open(struct rpt_file *f, const char *dir, const char *name,
	    char *err, size_t errsz);
/* fsync and rename tmp to final, then fsync dir: REPORT_OK or EIO. */
int	rpt_file_commit(struct rpt_file *f, char *err, size_t errsz);
/* Remove tmp (after a failure); harmless when committed. */
void	rpt_file_discard(struct rpt_file *f);

/*
 * A CSV for BPJS (outputs.md §3's conventions): a header row of NO and the
 * columns' names, then one row per rpt_csv_row with its running NO;
 * ';'-separated, UTF-8 without BOM, CRLF, an XS_DATE column's 'YYYY-MM-DD'
 * as dd-mm-yyyy, every other value as it is; a field holding ';', '"', CR or
 * LF is quoted ('"' doubled).  Written under a temporary name as
 * rpt_file_open writes (mode 0640, locked) and put in place, or removed,
 * by rpt_csv_close; after it c->f.final is the file's path.
 */
struct rpt_csv {
	struct rpt_file		 f;
	FILE			*fp;	/* on a dup of f.fd (which keeps the lock) */
	const struct xs_col	*cols;	/* must outlive the CSV */
	int			 ncols;
	long long		 no;	/* the last NO written */
};
int	rpt_csv_open(struct rpt_csv *c, const char *dir, const char *name,
	    const struct xs_col *cols, int ncols, char *err, size_t errsz);
/* One row: vals[0..ncols-1], NULL as empty. */
void	rpt_csv_row(struct rpt_csv *c, const char *const *vals);
/* Flush and sync the file; when st is REPORT_OK put it in place, else (or
 * when that fails) remove it.  Returns st, or REPORT_EIO with err. */
int	rpt_csv_close(struct rpt_csv *c, int st, char *err, size_t errsz);

/* mkdtemp(tmpl) (mode 0750) with *lockfd open and flock'ed on it: the
 * folder counterpart of rpt_file_open. */
int	rpt_dir_open(char *tmpl, int *lockfd, char *err, size_t errsz);
/* In dir, remove the unlocked leftovers of dead writers: the files
 * .prefix.XXXXXX (is_dir 0), or the folders .prefix.* (is_dir 1). */
void	rpt_sweep_stale(const char *dir, const char *prefix, int is_dir);
/* rm -r path (no symbolic link followed). */
void	rpt_remove_tree(const char *path);

/* Start the report's read-only snapshot (when the connection is idle:
 * *own = 1), make dates come as YYYY-MM-DD, and write the title blocks'
 * "Dibuat ..." for rc->made into made (once: the zone lookup is slow).
 * rpt_end commits it. */
int	rpt_begin(PGconn *c, const struct report_ctx *rc, int *own, char *made,
	    size_t madesz, char *err, size_t errsz);
#define RPT_MADE_SZ	96
void	rpt_end(PGconn *c, int own);

/* One query's rows, one at a time (libpq single-row mode), to fn; fn's
 * non-zero return stops the calls and is returned.  A failed query is
 * REPORT_EDB. */
typedef int (*rpt_row_fn)(void *arg, PGresult *row, char *err, size_t errsz);
int	rpt_each(PGconn *c, const char *sql, int nparams,
	    const char *const *params, rpt_row_fn fn, void *arg, char *err,
	    size_t errsz);

/* A whole (small) result, REPORT_OK or EDB; *res to PQclear. */
int	rpt_query(PGconn *c, PGresult **res, const char *sql, int nparams,
	    const char *const *params, char *err, size_t errsz);

/* The values of row i of r as cells: NULL for SQL NULL. n at most
 * XS_MAX_COLS. */
void	rpt_values(PGresult *r, int i, const char **vals, int n);

/* Write each row of the query into the table in progress on s (the query
 * gives its columns in the table's order); *rows (may be NULL) counts. */
int	rpt_fill(PGconn *c, struct xs_sheet *s, const char *sql, int nparams,
	    const char *const *params, long long *rows, char *err,
	    size_t errsz);

/* A period column as its label, in SQL (report.h's REPORT_MONTH_LABEL). */
#define RPT_MONTH_LABEL(col)	REPORT_MONTH_LABEL(col)

/* The columns of a static xs_col array. */
#define RPT_NCOLS(a)	((int)(sizeof (a) / sizeof (a)[0]))

/* A list sheet, as data: one filtered table of a query's rows. */
struct rpt_list {
	const char		*name;		/* as outputs.md spells it */
	const char		*title;		/* NULL: the caller's */
	const struct xs_col	*cols;
	int			 ncols;
	const char		*sql;		/* columns in cols' order */
	int			 nparams;	/* of the book's parameters */
};

/* A list sheet in one go: sheet, its one filtered table, the query's rows
 * (params: the book's; title overrides l->title when not NULL). */
int	rpt_list_sheet(PGconn *c, struct xs_book *b, const struct rpt_list *l,
	    const char *title, const char *const *params, char *err,
	    size_t errsz);

/* Close sheet s: st, or the close's failure when st was REPORT_OK. */
int	rpt_close_sheet(struct xs_book *b, struct xs_sheet *s, int st,
	    char *err, size_t errsz);

/* Open a book at path with the title-block facts of rc (office, region,
 * period label) and made. */
int	rpt_book_open(struct xs_book *b, const char *path,
	    const struct report_ctx *rc, const char *made, const char *tmpdir,
	    char *err, size_t errsz);

/* err from the book after an xs_* failure; returns REPORT_EIO. */
int	rpt_xs_fail(struct xs_book *b, enum xs_error e, char *err,
	    size_t errsz);

/* Write a whole book to dir/name via a temporary file: fill(c, b, arg, ...)
 * adds the sheets; then close, commit, and tell rc->wrote (when tell). */
typedef int (*rpt_book_fn)(PGconn *c, struct xs_book *b, void *arg,
	    char *err, size_t errsz);
int	rpt_write_book(PGconn *c, const struct report_ctx *rc, const char *made,
	    const char *dir, const char *name, rpt_book_fn fill, void *arg,
	    int tell, char *err, size_t errsz);

/* "21 November 2026 pukul 09.13 WIB" for t in time zone tz. */
void	rpt_made_text(PGconn *c, const char *tz, time_t t, char *buf,
	    size_t bufsz);

/* Does the query (one row, one boolean) say true? 1, 0, or -1 (err). */
int	rpt_exists(PGconn *c, const char *sql, const char *period, char *err,
	    size_t errsz);

/*
 * The failed registrations of P (gagal_hasil with its feedback row), as the
 * rekonsiliasi sheet Gagal and the kembali sheet "Gagal BPJS" show them: NIK,
 * NAMA (the feedback's, else the newest proposal's), KELURAHAN, KECAMATAN,
 * KETERANGAN BPJS, KATEGORI, TINDAK LANJUT; $1 is P.  Input order is
 * RPT_GAGAL_ORDER.
 */
#define RPT_GAGAL_SELECT \
	"SELECT g.nik, coalesce(nullif(f.nama, ''), (SELECT u.nama" \
	"   FROM usulan_row u JOIN batch b ON b.id = u.batch_id" \
	"   WHERE u.nik = g.nik AND b.kind = 'usulan' AND b.outcome = 'OK'" \
	"   AND b.period <= $1 ORDER BY b.period DESC, b.id DESC, u.line DESC" \
	"   LIMIT 1))," \
	" g.kelurahan, g.kecamatan, f.keterangan, g.kategori, g.tindak_lanjut"
#define RPT_GAGAL_FROM \
	" FROM gagal_hasil g JOIN feedback_row f" \
	" ON f.batch_id = g.batch_id AND f.line = g.line AND f.nik = g.nik" \
	" WHERE g.period = $1"
#define RPT_GAGAL_ORDER	" ORDER BY g.batch_id, g.line"
#define RPT_GAGAL_NCOLS	7
extern const struct xs_col rpt_gagal_cols[RPT_GAGAL_NCOLS];

#endif
