/*
 * import.h — one input file in, as one batch (inputs.md).
 *
 * A file is read twice: once to hash it and to learn its encoding, once to
 * clean its rows and stream them to PostgreSQL with COPY, inside a single
 * transaction: all its rows or none. The format is told by content: a zip
 * archive is an XLSX workbook, whose first worksheet gives the same records
 * a CSV file would (jobs/xlsxsrc.h, docs/xlsx.md; lines are Excel rows); an
 * old .xls workbook and a UTF-16 text file are refused with what to save
 * them as; anything else is CSV. Every row after the header is counted:
 *
 *     rows_read = accepted + rejected + blank
 *
 * Accepted rows go to the kind's table with their flags, rejected rows to
 * rejected_row with line, reason and raw text. A file already imported for
 * its kind (same SHA-256 of the file's bytes, workbooks too) is skipped. A
 * file rekon cannot read at all (no header row among the first 20, a
 * workbook that is broken, a zip bomb, an .xls) is refused whole and
 * recorded as a batch with outcome DITOLAK and the reason.
 */
#ifndef REKON_IMPORT_H
#define REKON_IMPORT_H

#include <libpq-fe.h>
#include <stddef.h>

struct import_opts {
	const char	*kind;		/* dtks, usulan, feedback, peserta, segmen, kematian */
	const char	*period;	/* YYYY-MM, or NULL: from the file name, else now */
	const char	*segmen;	/* segmen lists: default segment (PBI_APBN) */
	const char	*label;		/* segmen lists: list label (default the segment) */
	const char	*timezone;	/* for "now" */
	long long	 max_bytes;	/* refuse larger files */
	size_t		 max_field_bytes; /* FIELD_TERLALU_PANJANG above this */
	int		 max_columns;	/* refuse a header wider than this */
	int		 progress;	/* draw a progress line on stderr */
	/* Called with the rows read so far, about 4 times a second, whether
	 * or not the bar is drawn (the daemon relays it to STATUS=). */
	void		(*on_progress)(long rows_read, void *arg);
	void		*progress_arg;
	/* A file uploaded through the web front (web.md): its user (recorded
	 * on the batch) and, for a kelurahan user's usulan, the place every
	 * row must have (clean_place_fold'ed; a row of another place is
	 * rejected KELURAHAN_LAIN, an empty one takes it). "": none. */
	char		 pengunggah[64];
	char		 kec[128], kel[128];
	/* Import as kind even when the header fits another kind better, and
	 * into a closed period. */
	int		 force;
};

enum import_status {
	IMPORT_OK = 0,		/* imported */
	IMPORT_SKIPPED,		/* same file already imported for its kind */
	IMPORT_REFUSED,		/* the file cannot be read as its kind */
	IMPORT_NOINPUT,		/* no such file, or not readable */
	IMPORT_USAGE,		/* bad options */
	IMPORT_WRONG_KIND,	/* the header fits another kind better (no
				   batch: import it as that kind, or force) */
	IMPORT_CLOSED,		/* its period is closed (no batch: import it
				   for the next, or force) */
	IMPORT_DBERROR		/* the database failed */
};

struct import_result {
	long long	 batch_id;	/* the new batch, or the one skipped against */
	char		 period[8];
	long		 rows_read, accepted, rejected, blank;
	char		 delim;		/* 0 for a workbook */
	int		 utf8;
	long		 header_line;	/* a workbook's: the Excel row */
};

enum import_status import_file(PGconn *c, const char *path,
	    const struct import_opts *o, struct import_result *res,
	    char *err, size_t errsz);

/* The sysexits.h exit code for a status. */
int	 import_exit_code(enum import_status st);

/* The kind a file's header fits best (its first row, among the first 20,
 * that is a header of some kind), into kind: 0, or -1 with err (no kind's
 * header, or the file cannot be read). */
int	 import_detect_kind(const char *path, const struct import_opts *o,
	    char *kind, size_t kindsz, char *err, size_t errsz);

#endif
