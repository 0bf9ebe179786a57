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
	{ "JK", XS_TEXT }, \
	{ "HUB KELUARGA", XS_TEXT }, \
	{ "ALAMAT", XS_TEXT }, \
	{ "RT", XS_TEXT }, \
	{ "RW", XS_TEXT }, \
	{ "KELURAHAN", XS_TEXT }, \
	{ "KECAMATAN", XS_TEXT }, \
	{ "JENIS USULAN", XS_TEXT }, \
	{ "TGL USULAN", XS_DATE }
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
	" ON u.batch_id = h.batch_id AND u.line = h.line" \
	" WHERE h.period = $1 AND h.hasil = $2"
/* Queue order: the family queue, then U's order within it. */
#define USULAN_QUEUE	" ORDER BY h.antrian NULLS LAST, h.urutan"

/*
 * Menunggu Kuota: ANTRIAN, a waiting family's place among the waiting
 * families (a family: the rows sharing a non-empty no_kk, else one row, as
 * rules.md §1 and 10_usulan.sql key it; families are contiguous in antrian
 * order), and SEJAK, when the case started (rules.md §8: its batch's
 * period, or the carried row's it inherited) as "Oktober 2026"; extra: more
 * columns (kembali/'s place).
 */
#define MENUNGGU_SQL(extra) \
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
	" ORDER BY w.antrian, w.urutan"

/* ------------------------------------------------------------------ */
/* usulan-P-bpjs.csv */

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

static void
csv_header(FILE *fp)
{
	int i;

	fputs("NO", fp);
	for (i = 0; i < USULAN_NCOLS; i++) {
		fputc(';', fp);
		csv_field(fp, usulan_cols[i].name);
	}
	fputs("\r\n", fp);
}

static void
csv_row(FILE *fp, long long no, const char *const *vals)
{
	char date[16];
	int i, y, m, d;

	fprintf(fp, "%lld", no);
	for (i = 0; i < USULAN_NCOLS; i++) {
		const char *v = vals[i] ? vals[i] : "";

		fputc(';', fp);
		if (usulan_cols[i].kind == XS_DATE && xs_parse_date(v, &y, &m, &d)) {
			snprintf(date, sizeof date, "%02d-%02d-%04d", d, m, y);
			v = date;
		}
		csv_field(fp, v);
	}
	fputs("\r\n", fp);
}

/* ------------------------------------------------------------------ */
/* usulan-P.xlsx */

struct usulan_arg {
	const struct report_ctx	*rc;
	FILE			*csv;
	struct xs_sheet		*s;
	long long		 no;
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
	csv_row(a->csv, ++a->no, vals);
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
	static const char menunggu_sql[] = MENUNGGU_SQL("");
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
	struct usulan_arg a = { rc, NULL, NULL, 0 };
	struct rpt_file csv;
	char name[64];
	int st, bad, fd = -1;

	snprintf(name, sizeof name, "usulan-%s-bpjs.csv", rc->period);
	if ((st = rpt_file_open(&csv, rc->outdir, name, err, errsz)) != REPORT_OK)
		return st;
	/* a.csv writes through a second descriptor: csv.fd keeps the lock
	 * until the commit. */
	if ((fd = dup(csv.fd)) == -1 || (a.csv = fdopen(fd, "w")) == NULL) {
		snprintf(err, errsz, "%s: %s", csv.tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		rpt_file_discard(&csv);
		return REPORT_EIO;
	}
	csv_header(a.csv);
	snprintf(name, sizeof name, "usulan-%s.xlsx", rc->period);
	st = rpt_write_book(c, rc, made, rc->outdir, name, usulan_book, &a, 1,
	    err, errsz);
	bad = fflush(a.csv) == EOF || ferror(a.csv) || fsync(fileno(a.csv)) == -1;
	if (bad && st == REPORT_OK) {
		snprintf(err, errsz, "%s: %s", csv.tmp, strerror(errno));
		st = REPORT_EIO;
	}
	if (fclose(a.csv) == EOF && st == REPORT_OK) {
		snprintf(err, errsz, "%s: %s", csv.tmp, strerror(errno));
		st = REPORT_EIO;
	}
	if (st == REPORT_OK)
		st = rpt_file_commit(&csv, err, errsz);
	if (st != REPORT_OK) {
		rpt_file_discard(&csv);
		return st;
	}
	if (rc->wrote != NULL)
		rc->wrote(rc->arg, csv.final);
	return REPORT_OK;
}

/* ------------------------------------------------------------------ */
/* kembali/ */

/*
 * The four lists of a kelurahan's book (outputs.md §4), in sheet order.
 * Each query gives the sheet's columns, then the kecamatan and kelurahan
 * that place the row (empties named), in input order (queue order for the
 * waiting rows); $1 is P.
 */
#define KEMBALI_PLACE \
    ", coalesce(nullif(u.kecamatan, ''), '(TANPA KECAMATAN)')," \
    " coalesce(nullif(u.kelurahan, ''), '(TANPA KELURAHAN)')"
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
	  " ON u.batch_id = h.batch_id AND u.line = h.line"
	  " WHERE h.period = $1 AND h.hasil = 'DIKEMBALIKAN' ORDER BY h.urutan" },
	{ "Menunggu Kuota", "Usulan Menunggu Kuota", menunggu_cols,
	  USULAN_NCOLS + 2, MENUNGGU_SQL(KEMBALI_PLACE) },
	{ "Gagal BPJS", "Pendaftaran Gagal di BPJS", rpt_gagal_cols,
	  RPT_GAGAL_NCOLS,
	  RPT_GAGAL_SELECT ", g.kecamatan, g.kelurahan" RPT_GAGAL_FROM
	  RPT_GAGAL_ORDER },
	/* P's BERHASIL answers, placed as §2 places a failed one. */
	{ "Berhasil", "Pendaftaran Berhasil, Kartu untuk Dibagikan",
	  berhasil_cols, RPT_NCOLS(berhasil_cols),
	  "SELECT l.nik, coalesce(nullif(f.nama, ''), (SELECT u.nama"
	  "   FROM usulan_row u JOIN batch b ON b.id = u.batch_id"
	  "   WHERE u.nik = l.nik AND b.kind = 'usulan' AND b.outcome = 'OK'"
	  "   AND b.period <= $1 ORDER BY b.period DESC, b.id DESC, u.line DESC"
	  "   LIMIT 1)), f.noka, f.tmt, l.kecamatan, l.kelurahan"
	  " FROM rekon_f_lokasi($1) l JOIN feedback_row f"
	  " ON f.batch_id = l.batch_id AND f.line = l.line"
	  " WHERE l.hasil = 'BERHASIL' ORDER BY l.batch_id, l.line" },
};
#define KEMBALI_NLISTS	((int)(sizeof kembali_lists / sizeof kembali_lists[0]))

/* A kelurahan's file: its names as folder and file names. */
struct kembali_place {
	char	kec[104];	/* report_safe_name */
	char	kel[104];
	size_t	orig;		/* its index before the places were sorted */
};

/* One row of a list, by the file it goes to: a few bytes a row, so a
 * month's tens of thousands of rows stay small beside their results. */
struct kembali_item {
	size_t	place;		/* index into places */
	int	list;		/* index into kembali_lists */
	int	idx;		/* row in that list's result: input order */
};

struct kembali {
	const struct report_ctx	*rc;
	const char		*made;
	PGresult		*res[KEMBALI_NLISTS];
	struct kembali_item	*items;
	size_t			 n;
	struct kembali_place	*places;	/* each once (intern()) */
	size_t			 nplaces, capplaces;
	size_t			*slots;		/* hash of places: index + 1 */
	size_t			 nslots;
	char			 dir[PATH_MAX];	/* the new kembali/, being built */
	char			**written;	/* KEC/FILE, relative to kembali/ */
	size_t			 nwritten;
	/* the group being written */
	size_t			 first, end;
};

static int
item_cmp(const void *x, const void *y)
{
	const struct kembali_item *a = x, *b = y;

	if (a->place != b->place)
		return a->place < b->place ? -1 : 1;
	if (a->list != b->list)
		return a->list - b->list;
	return a->idx - b->idx;
}

static int
place_cmp(const void *x, const void *y)
{
	const struct kembali_place *a = x, *b = y;
	int d;

	if ((d = strcmp(a->kec, b->kec)) != 0)
		return d;
	return strcmp(a->kel, b->kel);
}

static size_t
place_hash(const char *kec, const char *kel)
{
	size_t h = 14695981039346656037ULL;

	for (; *kec != '\0'; kec++)
		h = (h ^ (unsigned char)*kec) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (; *kel != '\0'; kel++)
		h = (h ^ (unsigned char)*kel) * 1099511628211ULL;
	return h;
}

/* Put place i in the hash (the table has room). */
static void
slot_put(struct kembali *k, size_t i)
{
	size_t h = place_hash(k->places[i].kec, k->places[i].kel);

	while (k->slots[h & (k->nslots - 1)] != 0)
		h++;
	k->slots[h & (k->nslots - 1)] = i + 1;
}

/* The index of the place (kec, kel), added when new; -1: out of memory. */
static int
intern(struct kembali *k, const char *kec, const char *kel, size_t *out)
{
	struct kembali_place *np;
	size_t h, i, *ns;

	if (k->nslots > 0)
		for (h = place_hash(kec, kel); (i = k->slots[h &
		    (k->nslots - 1)]) != 0; h++)
			if (strcmp(k->places[i - 1].kec, kec) == 0 &&
			    strcmp(k->places[i - 1].kel, kel) == 0) {
				*out = i - 1;
				return 0;
			}
	if (k->nplaces == k->capplaces) {
		k->capplaces = k->capplaces ? k->capplaces * 2 : 64;
		if ((np = realloc(k->places, k->capplaces * sizeof *np)) ==
		    NULL)
			return -1;
		k->places = np;
	}
	i = k->nplaces++;
	snprintf(k->places[i].kec, sizeof k->places[i].kec, "%s", kec);
	snprintf(k->places[i].kel, sizeof k->places[i].kel, "%s", kel);
	k->places[i].orig = i;
	if (2 * k->nplaces > k->nslots) {	/* grow and rehash */
		if ((ns = calloc(k->nslots ? k->nslots * 2 : 128,
		    sizeof *ns)) == NULL)
			return -1;
		free(k->slots);
		k->slots = ns;
		k->nslots = k->nslots ? k->nslots * 2 : 128;
		for (h = 0; h < k->nplaces; h++)
			slot_put(k, h);
	} else
		slot_put(k, i);
	*out = i;
	return 0;
}

/* Sort the places by name and the items by place (then list, input
 * order), so each kelurahan's rows are one run. */
static int
sort_items(struct kembali *k)
{
	size_t *rank, i;

	if (k->nplaces == 0)
		return 0;
	qsort(k->places, k->nplaces, sizeof *k->places, place_cmp);
	if ((rank = calloc(k->nplaces, sizeof *rank)) == NULL)
		return -1;
	for (i = 0; i < k->nplaces; i++)
		rank[k->places[i].orig] = i;
	for (i = 0; i < k->n; i++)
		k->items[i].place = rank[k->items[i].place];
	free(rank);
	qsort(k->items, k->n, sizeof *k->items, item_cmp);
	return 0;
}

static int
load_items(PGconn *c, struct kembali *k, char *err, size_t errsz)
{
	const char *p[1] = { k->rc->period };
	char kec[sizeof k->places->kec], kel[sizeof k->places->kel];
	int st, l, i, kc;
	size_t n = 0;

	for (l = 0; l < KEMBALI_NLISTS; l++) {
		if ((st = rpt_query(c, &k->res[l], kembali_lists[l].sql, 1, p,
		    err, errsz)) != REPORT_OK)
			return st;
		k->n += (size_t)PQntuples(k->res[l]);
	}
	if (k->n > 0 && (k->items = calloc(k->n, sizeof *k->items)) == NULL) {
		snprintf(err, errsz, "out of memory");
		return REPORT_EIO;
	}
	for (l = 0; l < KEMBALI_NLISTS; l++) {
		kc = kembali_lists[l].ncols;	/* the place, after the columns */
		for (i = 0; i < PQntuples(k->res[l]); i++, n++) {
			report_safe_name(PQgetvalue(k->res[l], i, kc), kec,
			    sizeof kec);
			report_safe_name(PQgetvalue(k->res[l], i, kc + 1), kel,
			    sizeof kel);
			if (intern(k, kec, kel, &k->items[n].place) == -1)
				goto nomem;
			k->items[n].list = l;
			k->items[n].idx = i;
		}
	}
	if (sort_items(k) == -1)
		goto nomem;
	return REPORT_OK;
nomem:
	snprintf(err, errsz, "out of memory");
	return REPORT_EIO;
}

/* One sheet of a kelurahan's file: the group's rows of one list, or
 * "Tidak ada data". */
static int
kembali_sheet(struct xs_book *b, struct kembali *k, int list,
    const char *title, char *err, size_t errsz)
{
	const struct kembali_list *kl = &kembali_lists[list];
	const char *vals[XS_MAX_COLS];
	struct xs_sheet s;
	enum xs_error e;
	size_t i;
	int rows = 0;

	if ((e = xs_add_sheet(b, &s, kl->sheet, title)) != XS_OK ||
	    (e = xs_start_table(&s, NULL, kl->cols, kl->ncols, XS_FILTER)) !=
	    XS_OK)
		goto fail;
	for (i = k->first; i < k->end; i++) {
		if (k->items[i].list != list)
			continue;
		rpt_values(k->res[list], k->items[i].idx, vals, kl->ncols);
		if ((e = xs_write_row(&s, vals)) != XS_OK)
			goto fail;
		rows++;
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
	const struct kembali_item *it = &k->items[k->first];
	int kc = kembali_lists[it->list].ncols, l, st;
	const char *kec, *kel;
	char title[600];

	(void)c;
	/* The names as the data spells them, from the group's first row. */
	kec = PQgetvalue(k->res[it->list], it->idx, kc);
	kel = PQgetvalue(k->res[it->list], it->idx, kc + 1);
	for (l = 0; l < KEMBALI_NLISTS; l++) {
		snprintf(title, sizeof title, "%s, Kelurahan %s, Kecamatan %s",
		    kembali_lists[l].title, *kel ? kel : "-", *kec ? kec : "-");
		if ((st = kembali_sheet(b, k, l, title, err, errsz)) !=
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

/* Every kelurahan's file into k->dir. */
static int
write_groups(PGconn *c, struct kembali *k, char *err, size_t errsz)
{
	const struct kembali_place *pl;
	char kecdir[PATH_MAX], file[160];
	size_t i, j;
	int st;

	for (i = 0; i < k->n; i = j) {
		for (j = i + 1; j < k->n && k->items[j].place ==
		    k->items[i].place; j++)
			;
		k->first = i;
		k->end = j;
		pl = &k->places[k->items[i].place];
		if ((size_t)snprintf(kecdir, sizeof kecdir, "%s/%s", k->dir,
		    pl->kec) >= sizeof kecdir)
			errno = ENAMETOOLONG;
		else if (mkdir(kecdir, RPT_MODE_DIR) == 0 || errno == EEXIST)
			errno = 0;
		if (errno != 0) {
			snprintf(err, errsz, "%s: %s", kecdir, strerror(errno));
			return REPORT_EIO;
		}
		snprintf(file, sizeof file, "%s-%s.xlsx", pl->kel,
		    k->rc->period);
		if ((st = rpt_write_book(c, k->rc, k->made, kecdir, file,
		    kembali_book, k, 0, err, errsz)) != REPORT_OK ||
		    (st = remember(k, pl->kec, file, err, errsz)) !=
		    REPORT_OK)
			return st;
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
kembali_free(struct kembali *k)
{
	size_t i;

	for (i = 0; i < KEMBALI_NLISTS; i++)
		PQclear(k->res[i]);
	free(k->items);
	free(k->places);
	free(k->slots);
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
	if ((st = load_items(c, &k, err, errsz)) == REPORT_OK &&
	    (st = write_groups(c, &k, err, errsz)) == REPORT_OK)
		st = swap_in(k.dir, target, err, errsz);
	if (st != REPORT_OK)
		rpt_remove_tree(k.dir);
	else if (rc->wrote != NULL)
		for (i = 0; i < k.nwritten; i++) {
			snprintf(path, sizeof path, "%s/%s", target, k.written[i]);
			rc->wrote(rc->arg, path);
		}
	close(lockfd);
	kembali_free(&k);
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
