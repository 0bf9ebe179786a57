/*
 * report_usulan.c — usulan-P.xlsx, usulan-P-bpjs.csv and kembali/ (see
 * report.h for the contract).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* renameat2 */
#endif
#include "report_int.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "period.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE	(1 << 1)
#endif

/* The proposal columns (outputs.md §3); Dikembalikan adds ALASAN, Menunggu
 * Kuota ANTRIAN and SEJAK. */
#define USULAN_NCOLS	13
#define USULAN_COLS \
	{ "NIK", XS_ID }, \
	{ "NO KK", XS_ID }, \
	{ "NAMA", XS_TEXT }, \
	{ "TGL LAHIR", XS_DATE }, \
	{ "JK", XS_SHORT }, \
	{ "HUB KELUARGA", XS_TEXT }, \
	{ "ALAMAT", XS_WRAP }, \
	{ "RT", XS_TEXT }, \
	{ "RW", XS_TEXT }, \
	{ "KELURAHAN", XS_TEXT }, \
	{ "KECAMATAN", XS_TEXT }, \
	{ "JENIS USULAN", XS_TEXT }, \
	{ "TGL USULAN", XS_DATE }
/* ALAMAT wraps at 18 characters: with the 15 or 16 columns of these
 * sheets the page then prints at 8 pt on F4 (docs/decisions.md). */
#define USULAN_ALAMAT	18
static const struct xs_col usulan_cols[USULAN_NCOLS + 1] = {
	USULAN_COLS, { "ALASAN", XS_CODES },
};
static const struct xs_col menunggu_cols[USULAN_NCOLS + 2] = {
	USULAN_COLS, { "ANTRIAN", XS_INT }, { "SEJAK", XS_TEXT },
};

#define USULAN_SELECT \
	"SELECT u.nik, u.no_kk, u.nama, u.tgl_lahir, u.jenis_kelamin," \
	" u.hub_keluarga, u.alamat, u.rt, u.rw, u.kelurahan, u.kecamatan," \
	" u.jenis_usulan, u.tgl_usulan"
#define USULAN_FROM \
	" FROM usulan_hasil h JOIN usulan_row u" \
	" ON u.batch_id = h.batch_id AND u.line = h.line AND u.nik = h.nik" \
	" WHERE h.period = $1 AND h.hasil = $2"
/* Queue order: the family queue, then U's order within it. */
#define USULAN_QUEUE	" ORDER BY h.antrian NULLS LAST, h.urutan"

/*
 * Menunggu Kuota: ANTRIAN, a waiting family's place among the waiting
 * families (a family: the rows sharing a non-empty no_kk, else one row, as
 * rules.md §1 and 10_usulan.sql key it; families are contiguous in antrian
 * order), and SEJAK, when the case started (rules.md §8: its batch's
 * period, or the carried row's it inherited) as "Oktober 2026"; extra: more
 * columns (kembali/'s place); order: sort keys before the queue's order
 * (kembali/'s file order), "" or ending in ", ".
 */
#define MENUNGGU_SQL(extra, order) \
	"WITH w AS (SELECT h.*, CASE WHEN coalesce(h.no_kk, '') <> ''" \
	"  THEN 'KK ' || h.no_kk ELSE 'BARIS ' || h.urutan END AS keluarga" \
	"  FROM usulan_hasil h WHERE h.period = $1 AND h.hasil = 'MENUNGGU_KUOTA')," \
	" f AS (SELECT w.keluarga, dense_rank() OVER (ORDER BY min(w.antrian))" \
	"  AS antrian FROM w GROUP BY w.keluarga)" \
	" SELECT u.nik, u.no_kk, u.nama, u.tgl_lahir, u.jenis_kelamin," \
	" u.hub_keluarga, u.alamat, u.rt, u.rw, u.kelurahan, u.kecamatan," \
	" u.jenis_usulan, u.tgl_usulan, f.antrian, " RPT_MONTH_LABEL("w.sejak") \
	extra \
	" FROM w JOIN f ON f.keluarga = w.keluarga" \
	" JOIN usulan_row u ON u.batch_id = w.batch_id AND u.line = w.line" \
	" AND u.nik = w.nik" \
	" ORDER BY " order "w.antrian, w.urutan"

/* ------------------------------------------------------------------ */
/* usulan-P.xlsx */

struct usulan_arg {
	const struct report_ctx	*rc;
	struct rpt_csv		*csv;	/* usulan-P-bpjs.csv */
	struct xs_sheet		*s;
};

/* A Diteruskan row: the sheet and the CSV, one NO. */
static int
diteruskan_row(void *arg, PGresult *r, char *err, size_t errsz)
{
	struct usulan_arg *a = arg;
	const char *vals[XS_MAX_COLS];
	enum xs_error e;

	rpt_values(r, 0, vals, USULAN_NCOLS);
	if ((e = xs_write_row(a->s, vals)) != XS_OK)
		return rpt_xs_fail(a->s->book, e, err, errsz);
	rpt_csv_row(a->csv, vals);
	return REPORT_OK;
}

static int
usulan_sheet(PGconn *c, struct xs_book *b, struct usulan_arg *a,
    const char *name, const char *title, const char *hasil, char *err,
    size_t errsz)
{
	static const char queue_sql[] = USULAN_SELECT USULAN_FROM USULAN_QUEUE;
	static const char back_sql[] = USULAN_SELECT ", h.alasan" USULAN_FROM
	    " ORDER BY h.urutan";
	static const char menunggu_sql[] = MENUNGGU_SQL("", "");
	const char *p[2] = { a->rc->period, hasil };
	int back = strcmp(hasil, "DIKEMBALIKAN") == 0;
	int wait = strcmp(hasil, "MENUNGGU_KUOTA") == 0;
	struct xs_sheet s;
	enum xs_error e;
	int st;

	if ((e = xs_add_sheet(b, &s, name, title)) != XS_OK ||
	    (e = xs_start_table(&s, NULL, wait ? menunggu_cols : usulan_cols,
	    USULAN_NCOLS + back + 2 * wait, XS_FILTER)) != XS_OK) {
		xs_close_sheet(&s);
		return rpt_xs_fail(b, e, err, errsz);
	}
	xs_wrap_at(&s, "ALAMAT", USULAN_ALAMAT);
	if (strcmp(hasil, "DITERUSKAN") == 0) {
		a->s = &s;
		st = rpt_each(c, queue_sql, 2, p, diteruskan_row, a, err, errsz);
	} else if (wait)
		st = rpt_fill(c, &s, menunggu_sql, 1, p, NULL, err, errsz);
	else
		st = rpt_fill(c, &s, back ? back_sql : queue_sql, 2, p, NULL,
		    err, errsz);
	return rpt_close_sheet(b, &s, st, err, errsz);
}

static int
usulan_book(PGconn *c, struct xs_book *b, void *arg, char *err, size_t errsz)
{
	struct usulan_arg *a = arg;
	int st;

	if ((st = usulan_sheet(c, b, a, "Diteruskan",
	    "Usulan Diteruskan ke BPJS Kesehatan", "DITERUSKAN", err,
	    errsz)) != REPORT_OK ||
	    (st = usulan_sheet(c, b, a, "Dikembalikan",
	    "Usulan Dikembalikan ke Kelurahan", "DIKEMBALIKAN", err,
	    errsz)) != REPORT_OK)
		return st;
	return usulan_sheet(c, b, a, "Menunggu Kuota", "Usulan Menunggu Kuota",
	    "MENUNGGU_KUOTA", err, errsz);
}

/* The workbook and the CSV; the CSV goes into place after the workbook. */
static int
write_usulan_files(PGconn *c, const struct report_ctx *rc, const char *made,
    char *err, size_t errsz)
{
	struct rpt_csv csv;
	struct usulan_arg a = { rc, &csv, NULL };
	char name[64];
	int st;

	snprintf(name, sizeof name, "usulan-%s-bpjs.csv", rc->period);
	if ((st = rpt_csv_open(&csv, rc->outdir, name, usulan_cols,
	    USULAN_NCOLS, err, errsz)) != REPORT_OK)
		return st;
	snprintf(name, sizeof name, "usulan-%s.xlsx", rc->period);
	st = rpt_write_book(c, rc, made, rc->outdir, name, usulan_book, &a, 1,
	    err, errsz);
	if ((st = rpt_csv_close(&csv, st, err, errsz)) != REPORT_OK)
		return st;
	if (rc->wrote != NULL)
		rc->wrote(rc->arg, csv.f.final);
	return REPORT_OK;
}

/* ------------------------------------------------------------------ */
/* kembali/ */

/*
 * The four lists of a kelurahan's book (outputs.md §4), in sheet order.
 * Each query gives the sheet's columns, then the kecamatan and kelurahan
 * that place the row (empties named); $1 is P. They are read through
 * cursors in the order of the files they go to: the place's folder and file
 * names (rekon_nama_aman, the SQL twin of report_safe_name; "C" collation,
 * as strcmp), then the list's own order (input order; queue order for the
 * waiting rows). So the writer holds one batch of rows per list, whatever
 * the month's size, and the four lists meet at each kelurahan.
 */
#define KEMBALI_PLACE \
    ", coalesce(nullif(u.kecamatan, ''), '(TANPA KECAMATAN)')," \
    " coalesce(nullif(u.kelurahan, ''), '(TANPA KELURAHAN)')"
#define KEMBALI_ORDER(kec, kel) \
    "rekon_nama_aman(" kec ") COLLATE \"C\", rekon_nama_aman(" kel \
    ") COLLATE \"C\", "
#define KEMBALI_ORDER_U KEMBALI_ORDER( \
    "coalesce(nullif(u.kecamatan, ''), '(TANPA KECAMATAN)')", \
    "coalesce(nullif(u.kelurahan, ''), '(TANPA KELURAHAN)')")
#define KEMBALI_FETCH	1000	/* rows a cursor hands over at a time */
static const struct xs_col berhasil_cols[] = {
	{ "NIK", XS_ID },
	{ "NAMA", XS_TEXT },
	{ "NO KARTU", XS_ID },
	{ "TMT", XS_DATE },
};
static const struct kembali_list {
	const char		*sheet;
	const char		*title;		/* "<title>, Kelurahan K, Kecamatan C" */
	const struct xs_col	*cols;
	int			 ncols;
	const char		*sql;
} kembali_lists[] = {
	{ "Usulan Dikembalikan", "Usulan Dikembalikan", usulan_cols,
	  USULAN_NCOLS + 1,
	  USULAN_SELECT ", h.alasan" KEMBALI_PLACE
	  " FROM usulan_hasil h JOIN usulan_row u"
	  " ON u.batch_id = h.batch_id AND u.line = h.line AND u.nik = h.nik"
	  " WHERE h.period = $1 AND h.hasil = 'DIKEMBALIKAN'"
	  " ORDER BY " KEMBALI_ORDER_U "h.urutan" },
	{ "Menunggu Kuota", "Usulan Menunggu Kuota", menunggu_cols,
	  USULAN_NCOLS + 2, MENUNGGU_SQL(KEMBALI_PLACE, KEMBALI_ORDER_U) },
	{ "Gagal BPJS", "Pendaftaran Gagal di BPJS", rpt_gagal_cols,
	  RPT_GAGAL_NCOLS,
	  RPT_GAGAL_SELECT ", g.kecamatan, g.kelurahan" RPT_GAGAL_FROM
	  " ORDER BY " KEMBALI_ORDER("g.kecamatan", "g.kelurahan")
	  "g.batch_id, g.line" },
	/* P's BERHASIL answers, placed as §2 places a failed one. */
	{ "Berhasil", "Pendaftaran Berhasil, Kartu untuk Dibagikan",
	  berhasil_cols, RPT_NCOLS(berhasil_cols),
	  /* The name from the newest proposal when the answer has none: the
	   * answers joined to every proposal of their NIK (feedback_row to
	   * usulan_row by the distribution column, which Citus needs; a
	   * table with an index on it), one row per
	   * answer kept by DISTINCT ON — not a correlated subquery, which
	   * Citus cannot run beside a set function (docs/scale.md), and not a
	   * join of two CTEs: the planner cannot know a set function's size,
	   * guessed 5 rows for each and nested them (17,220 × 17,220 at a
	   * province, 30 s; docs/speed.md). The set function is MATERIALIZED:
	   * evaluated once. */
	  "WITH l AS MATERIALIZED (SELECT * FROM rekon_f_lokasi($1) x"
	  "  WHERE x.hasil = 'BERHASIL')"
	  " SELECT DISTINCT ON (" KEMBALI_ORDER("l.kecamatan", "l.kelurahan")
	  "l.batch_id, l.line)"
	  " l.nik, coalesce(nullif(f.nama, ''), u.nama),"
	  " f.noka, f.tmt, l.kecamatan, l.kelurahan"
	  " FROM l JOIN feedback_row f"
	  " ON f.batch_id = l.batch_id AND f.line = l.line AND f.nik = l.nik"
	  " LEFT JOIN (usulan_row u JOIN batch b ON b.id = u.batch_id"
	  "  AND b.kind = 'usulan' AND b.outcome = 'OK' AND b.period <= $1)"
	  " ON u.nik = f.nik"
	  " ORDER BY " KEMBALI_ORDER("l.kecamatan", "l.kelurahan")
	  "l.batch_id, l.line, b.period DESC, b.id DESC, u.line DESC" },
};
#define KEMBALI_NLISTS	((int)(sizeof kembali_lists / sizeof kembali_lists[0]))

/* A list's cursor: the batch of rows it handed over, the current row and
 * the place (safe names) that row goes to. */
struct kembali_cur {
	PGresult	*res;
	int		 i;
	int		 open, eof;
	char		 kec[104];	/* report_safe_name */
	char		 kel[104];
};

struct kembali {
	const struct report_ctx	*rc;
	const char		*made;
	struct kembali_cur	 cur[KEMBALI_NLISTS];
	char			 dir[PATH_MAX];	/* the new kembali/, being built */
	char			**written;	/* KEC/FILE, relative to kembali/ */
	size_t			 nwritten;
	/* the place being written, and its names as the data spells them */
	char			 kec[104], kel[104];
	char			*rawkec, *rawkel;
};

/* Make list l's cursor stand on a row (fetching the next batch when the
 * last is used up), or at its end; the row's place in u->kec, u->kel. */
static int
cur_fill(PGconn *c, struct kembali *k, int l, char *err, size_t errsz)
{
	struct kembali_cur *u = &k->cur[l];
	int kc = kembali_lists[l].ncols, st;
	char sql[80];

	if (u->eof)
		return REPORT_OK;
	if (u->res == NULL || u->i >= PQntuples(u->res)) {
		PQclear(u->res);
		u->res = NULL;
		snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM rekon_kembali_%d",
		    KEMBALI_FETCH, l);
		if ((st = rpt_query(c, &u->res, sql, 0, NULL, err, errsz)) !=
		    REPORT_OK)
			return st;
		u->i = 0;
		if (PQntuples(u->res) == 0) {
			PQclear(u->res);
			u->res = NULL;
			u->eof = 1;
			return REPORT_OK;
		}
	}
	report_safe_name(PQgetvalue(u->res, u->i, kc), u->kec, sizeof u->kec);
	report_safe_name(PQgetvalue(u->res, u->i, kc + 1), u->kel,
	    sizeof u->kel);
	return REPORT_OK;
}

static int
cur_open(PGconn *c, struct kembali *k, char *err, size_t errsz)
{
	const char *p[1] = { k->rc->period };
	PGresult *r;
	char *sql;
	int l, st;

	for (l = 0; l < KEMBALI_NLISTS; l++) {
		if (asprintf(&sql, "DECLARE rekon_kembali_%d NO SCROLL CURSOR"
		    " FOR %s", l, kembali_lists[l].sql) == -1) {
			snprintf(err, errsz, "out of memory");
			return REPORT_EIO;
		}
		st = rpt_query(c, &r, sql, 1, p, err, errsz);
		free(sql);
		if (st != REPORT_OK)
			return st;
		PQclear(r);
		k->cur[l].open = 1;
		if ((st = cur_fill(c, k, l, err, errsz)) != REPORT_OK)
			return st;
	}
	return REPORT_OK;
}

static void
cur_close(PGconn *c, struct kembali *k)
{
	char sql[64];
	int l;

	for (l = 0; l < KEMBALI_NLISTS; l++) {
		PQclear(k->cur[l].res);
		k->cur[l].res = NULL;
		/* (In a failed transaction the cursors die with it.) */
		if (k->cur[l].open && PQtransactionStatus(c) == PQTRANS_INTRANS) {
			snprintf(sql, sizeof sql, "CLOSE rekon_kembali_%d", l);
			PQclear(PQexec(c, sql));
		}
		k->cur[l].open = 0;
	}
}

/* Whether list l's current row goes to the place being written. */
static int
cur_here(const struct kembali *k, int l)
{
	const struct kembali_cur *u = &k->cur[l];

	return !u->eof && strcmp(u->kec, k->kec) == 0 &&
	    strcmp(u->kel, k->kel) == 0;
}

/*
 * The next place to write: the first, in file order, of the places the
 * cursors stand on; its names as its first row spells them. 0 when every
 * list is read.
 */
static int
next_place(struct kembali *k)
{
	const struct kembali_cur *u, *m = NULL;
	int l, d, kc = 0;

	for (l = 0; l < KEMBALI_NLISTS; l++) {
		u = &k->cur[l];
		if (u->eof)
			continue;
		if (m == NULL || (d = strcmp(u->kec, m->kec)) < 0 ||
		    (d == 0 && strcmp(u->kel, m->kel) < 0)) {
			m = u;
			kc = kembali_lists[l].ncols;
		}
	}
	if (m == NULL)
		return 0;
	snprintf(k->kec, sizeof k->kec, "%s", m->kec);
	snprintf(k->kel, sizeof k->kel, "%s", m->kel);
	free(k->rawkec);
	free(k->rawkel);
	k->rawkec = strdup(PQgetvalue(m->res, m->i, kc));
	k->rawkel = strdup(PQgetvalue(m->res, m->i, kc + 1));
	return k->rawkec != NULL && k->rawkel != NULL ? 1 : -1;
}

/* One sheet of a kelurahan's file: the place's rows of one list, or
 * "Tidak ada data". */
static int
kembali_sheet(PGconn *c, struct xs_book *b, struct kembali *k, int list,
    const char *title, char *err, size_t errsz)
{
	const struct kembali_list *kl = &kembali_lists[list];
	struct kembali_cur *u = &k->cur[list];
	const char *vals[XS_MAX_COLS];
	struct xs_sheet s;
	enum xs_error e;
	int rows = 0, st;

	if ((e = xs_add_sheet(b, &s, kl->sheet, title)) != XS_OK ||
	    (e = xs_start_table(&s, NULL, kl->cols, kl->ncols, XS_FILTER)) !=
	    XS_OK)
		goto fail;
	xs_wrap_at(&s, "ALAMAT", USULAN_ALAMAT);
	while (cur_here(k, list)) {
		rpt_values(u->res, u->i, vals, kl->ncols);
		if ((e = xs_write_row(&s, vals)) != XS_OK)
			goto fail;
		rows++;
		u->i++;
		if ((st = cur_fill(c, k, list, err, errsz)) != REPORT_OK) {
			xs_close_sheet(&s);
			return st;
		}
	}
	if (rows == 0 && (e = xs_write_line(&s, 1, "Tidak ada data",
	    XS_PLAIN)) != XS_OK)
		goto fail;
	if ((e = xs_close_sheet(&s)) != XS_OK)
		return rpt_xs_fail(b, e, err, errsz);
	return REPORT_OK;
fail:
	xs_close_sheet(&s);
	return rpt_xs_fail(b, e, err, errsz);
}

static int
kembali_book(PGconn *c, struct xs_book *b, void *arg, char *err, size_t errsz)
{
	struct kembali *k = arg;
	const char *kec = k->rawkec, *kel = k->rawkel;
	char title[600];
	int l, st;

	for (l = 0; l < KEMBALI_NLISTS; l++) {
		snprintf(title, sizeof title, "%s, Kelurahan %s, Kecamatan %s",
		    kembali_lists[l].title, *kel ? kel : "-", *kec ? kec : "-");
		if ((st = kembali_sheet(c, b, k, l, title, err, errsz)) !=
		    REPORT_OK)
			return st;
	}
	return REPORT_OK;
}

static int
remember(struct kembali *k, const char *kec, const char *file, char *err,
    size_t errsz)
{
	char **w, *s;

	if ((w = realloc(k->written, (k->nwritten + 1) * sizeof *w)) == NULL ||
	    asprintf(&s, "%s/%s", kec, file) == -1) {
		if (w != NULL)
			k->written = w;
		snprintf(err, errsz, "out of memory");
		return REPORT_EIO;
	}
	k->written = w;
	k->written[k->nwritten++] = s;
	return REPORT_OK;
}

/* Every kelurahan's file into k->dir, place by place. */
static int
write_groups(PGconn *c, struct kembali *k, char *err, size_t errsz)
{
	char kecdir[PATH_MAX], file[160];
	int st, more;

	if ((st = cur_open(c, k, err, errsz)) != REPORT_OK)
		return st;
	while ((more = next_place(k)) == 1) {
		if ((size_t)snprintf(kecdir, sizeof kecdir, "%s/%s", k->dir,
		    k->kec) >= sizeof kecdir)
			errno = ENAMETOOLONG;
		else if (mkdir(kecdir, RPT_MODE_DIR) == 0 || errno == EEXIST)
			errno = 0;
		if (errno != 0) {
			snprintf(err, errsz, "%s: %s", kecdir, strerror(errno));
			return REPORT_EIO;
		}
		snprintf(file, sizeof file, "%s-%s.xlsx", k->kel,
		    k->rc->period);
		if ((st = rpt_write_book(c, k->rc, k->made, kecdir, file,
		    kembali_book, k, 0, err, errsz)) != REPORT_OK ||
		    (st = remember(k, k->kec, file, err, errsz)) != REPORT_OK)
			return st;
	}
	if (more == -1) {
		snprintf(err, errsz, "out of memory");
		return REPORT_EIO;
	}
	return REPORT_OK;
}

/* Put the new folder in place of kembali/, then remove the old one. */
static int
swap_in(const char *newdir, const char *target, char *err, size_t errsz)
{
	char old[PATH_MAX];
	struct stat sb;

	if (lstat(target, &sb) == -1) {
		if (errno != ENOENT || rename(newdir, target) == -1)
			goto fail;
		return REPORT_OK;
	}
	/* One step: readers see the old folder or the new one. */
	if (renameat2(AT_FDCWD, newdir, AT_FDCWD, target, RENAME_EXCHANGE) == 0) {
		rpt_remove_tree(newdir);	/* now the old one */
		return REPORT_OK;
	}
	if (errno != EINVAL && errno != ENOSYS)
		goto fail;
	/* A file system without the exchange: two renames. */
	if ((size_t)snprintf(old, sizeof old, "%s.old.XXXXXX", newdir) >=
	    sizeof old) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	if (mkdtemp(old) == NULL || rmdir(old) == -1 || rename(target, old) == -1)
		goto fail;
	if (rename(newdir, target) == -1) {
		(void)rename(old, target);
		goto fail;
	}
	rpt_remove_tree(old);
	return REPORT_OK;
fail:
	snprintf(err, errsz, "%s: %s", target, strerror(errno));
	return REPORT_EIO;
}

static void
kembali_free(PGconn *c, struct kembali *k)
{
	size_t i;

	cur_close(c, k);
	free(k->rawkec);
	free(k->rawkel);
	for (i = 0; i < k->nwritten; i++)
		free(k->written[i]);
	free(k->written);
}

static int
write_kembali(PGconn *c, const struct report_ctx *rc, const char *made,
    char *err, size_t errsz)
{
	struct kembali k = { .rc = rc, .made = made };
	char target[PATH_MAX], path[PATH_MAX * 2];
	size_t i;
	int st, lockfd;

	snprintf(target, sizeof target, "%s/kembali", rc->outdir);
	snprintf(k.dir, sizeof k.dir, "%s/.kembali.XXXXXX", rc->outdir);
	/* Folders a killed writer left: .kembali.XXXXXX (and its .old). */
	rpt_sweep_stale(rc->outdir, "kembali", 1);
	if ((st = rpt_dir_open(k.dir, &lockfd, err, errsz)) != REPORT_OK)
		return st;
	if ((st = write_groups(c, &k, err, errsz)) == REPORT_OK)
		st = swap_in(k.dir, target, err, errsz);
	if (st != REPORT_OK)
		rpt_remove_tree(k.dir);
	else if (rc->wrote != NULL)
		for (i = 0; i < k.nwritten; i++) {
			snprintf(path, sizeof path, "%s/%s", target, k.written[i]);
			rc->wrote(rc->arg, path);
		}
	close(lockfd);
	kembali_free(c, &k);
	return st;
}

/* ------------------------------------------------------------------ */

/* usulan's workbooks, or (whole 0) only kembali/. */
static int
write_usulan(PGconn *c, const struct report_ctx *rc, int whole, char *err,
    size_t errsz)
{
	char made[RPT_MADE_SZ];
	int own, st, yes;

	if ((st = rpt_begin(c, rc, &own, made, sizeof made, err, errsz)) !=
	    REPORT_OK)
		return st;
	yes = rpt_exists(c, "SELECT EXISTS (SELECT 1 FROM usulan_ruang"
	    " WHERE period = $1)", rc->period, err, errsz);
	if (yes == -1)
		st = REPORT_EDB;
	else if (yes == 0) {
		snprintf(err, errsz, "no proposal results stored for %s: run"
		    " 'rekon usulan --period %s' first", rc->period, rc->period);
		st = REPORT_ENODATA;
	} else if (!whole || (st = write_usulan_files(c, rc, made, err,
	    errsz)) == REPORT_OK)
		st = write_kembali(c, rc, made, err, errsz);
	rpt_end(c, own);
	return st;
}

int
report_usulan(PGconn *c, const struct report_ctx *rc, char *err, size_t errsz)
{
	return write_usulan(c, rc, 1, err, errsz);
}

int
report_kembali(PGconn *c, const struct report_ctx *rc, char *err, size_t errsz)
{
	return write_usulan(c, rc, 0, err, errsz);
}
