/*
 * report_rekonsiliasi.c — rekonsiliasi-P.xlsx for the Kabid (outputs.md §1)
 * and nonaktif-P-bpjs.csv for the BPJS branch (§2b); the contract is in
 * report.h.
 */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flags.h"
#include "period.h"

/* The flags of a sheet (flags.h) as a query's text[] parameter. */
#define FLAGS_ARRAY_MAX	512

/* The months of P's year up to P that were reconciled. */
#define MONTHS_WHERE \
	" WHERE period >= substr($1, 1, 4) || '-01' AND period <= $1"

struct rekon_arg {
	const struct report_ctx	*rc;
	int			 months;	/* rows of Kuota's first table */
	struct rpt_csv		*nonaktif;	/* nonaktif-P-bpjs.csv */
};

/* ------------------------------------------------------------------ */
/* Ringkasan */

static const struct xs_col angka_cols[] = {
	{ "URAIAN", XS_TEXT },
	{ "NILAI", XS_COUNT },
};
static const struct xs_col flag_cols[] = {
	{ "FLAG", XS_CODES },
	{ "JUMLAH", XS_COUNT },
};
static const struct xs_col hasil_cols[] = {
	{ "HASIL", XS_CODES },
	{ "JUMLAH", XS_COUNT },
};
static const struct xs_col kategori_cols[] = {
	{ "KATEGORI", XS_CODES },
	{ "JUMLAH", XS_COUNT },
};
static const struct xs_col ditolak_count_cols[] = {
	{ "URAIAN", XS_TEXT },
	{ "JUMLAH", XS_COUNT },
};
static const struct xs_col masukan_cols[] = {
	{ "JENIS", XS_CODES },
	{ "KEADAAN", XS_TEXT },
};

/*
 * "Keterangan kode": every code the Ringkasan's flag chart and tables
 * show, in plain Indonesian (rules.md §1–§3 and the glossary of the spec's
 * README, said as a clerk would).  A code in two tables (SEGMEN_LAIN,
 * MENINGGAL: a flag and a failure category) is explained once, in words
 * that fit both.
 */
static const struct { const char *code, *arti; } kode_arti[] = {
	{ "GANDA_NIK", "NIK yang sama ada di lebih dari satu baris daftar BPJS" },
	{ "GANDA_NOKA", "nomor kartu yang sama ada di lebih dari satu baris" },
	{ "SEGMEN_LAIN", "sudah terdaftar di segmen lain (mis. PBI APBN)" },
	{ "MENINGGAL", "tercatat meninggal dunia" },
	{ "NIK_TIDAK_VALID", "NIK kosong atau tidak sah" },
	{ "BUKAN_DTKS", "tidak terdaftar di DTKS periode ini" },
	{ "DATA_BERBEDA", "tgl lahir, jenis kelamin atau nama beda dengan DTKS" },
	{ "KEMUNGKINAN_GANDA", "nama dan tgl lahir sama dengan peserta aktif lain" },
	{ "GANDA_ORANG", "orang yang sama dengan peserta lain (diputuskan SAMA)" },
	{ "BUKAN_PENDUDUK", "tidak tercatat sebagai penduduk daerah ini" },
	{ "DATA_BEDA_DUKCAPIL", "data beda dengan data Dukcapil" },
	{ "TIDAK_DITETAPKAN", "aktif di daftar BPJS, tidak ada di SK bulan lalu" },
	{ "STATUS_TIDAK_AKTIF", "status di daftar BPJS bukan AKTIF" },
	{ "HILANG", "ada di SK bulan lalu, tidak aktif di daftar BPJS" },
	{ "BERHASIL", "berhasil didaftarkan, sudah punya nomor kartu" },
	{ "GAGAL", "pendaftaran ditolak BPJS (lihat sheet Gagal)" },
	{ "NIK_DUKCAPIL", "NIK tidak padan dengan data Dukcapil" },
	{ "DATA_GANDA", "BPJS menemukan data ganda" },
	{ "KUOTA", "kuota tidak mencukupi; usulkan ulang bulan berikutnya" },
	{ "LAINNYA", "alasan lain; periksa kelengkapan dan kebenaran data" },
	{ "DITERUSKAN", "usulan diteruskan ke BPJS untuk didaftarkan" },
	{ "DIKEMBALIKAN", "usulan dikembalikan ke kelurahan (lihat ALASAN)" },
	{ "MENUNGGU_KUOTA", "usulan lolos pemeriksaan, menunggu kuota" },
};
#define KODE_MAX	(sizeof kode_arti / sizeof kode_arti[0])
static const struct xs_col kode_cols[] = {
	{ "KODE", XS_CODES },
	{ "ARTI", XS_TEXT },
};
/* The codes of the tables after the flags, in their order. */
static const char *const other_codes[] = { "BERHASIL", "GAGAL",
	"NIK_DUKCAPIL", "DATA_GANDA", "SEGMEN_LAIN", "MENINGGAL", "KUOTA",
	"LAINNYA", "DITERUSKAN", "DIKEMBALIKAN", "MENUNGGU_KUOTA", NULL };

struct legend {
	const char	*cells[2 * KODE_MAX];
	int		 n;
};

static const char *
arti_of(const char *code)
{
	size_t i;

	for (i = 0; i < KODE_MAX; i++)
		if (strcmp(kode_arti[i].code, code) == 0)
			return kode_arti[i].arti;
	return NULL;
}

/* Add code (once) with its words; a code without words is left out. */
static void
legend_add(struct legend *l, const char *code)
{
	const char *arti = arti_of(code);
	int i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->cells[2 * i], code) == 0)
			return;
	if (arti == NULL || l->n >= (int)KODE_MAX)
		return;
	l->cells[2 * l->n] = code;
	l->cells[2 * l->n + 1] = arti;
	l->n++;
}

/* The flags in force (flags.h), then the other tables' codes. */
static void
legend_fill(struct legend *l)
{
	const char *codes[64];
	size_t i, n;

	l->n = 0;
	n = flags_list(0, codes, sizeof codes / sizeof codes[0]);
	for (i = 0; i < n; i++)
		legend_add(l, codes[i]);
	for (i = 0; other_codes[i] != NULL; i++)
		legend_add(l, other_codes[i]);
}

/* The headline figures: one row each, typed by what they are. */
static int
write_angka(PGconn *c, struct xs_sheet *s, const char *period, char *err,
    size_t errsz)
{
	static const char sql[] =
	    "SELECT kuota, aktif, ditetapkan, terpakai_persen, sisa,"
	    " iuran_per_jiwa, iuran, tagihan_bpjs, selisih_tagihan,"
	    " iuran_kumulatif, anggaran, serapan_persen"
	    " FROM rekon_ringkasan WHERE period = $1";
	static const struct {
		const char	*label;
		enum xs_kind	 kind;
		const char	*if_null;
	} row[] = {
		{ "Kuota (jiwa)", XS_COUNT, "tidak ada kuota" },
		{ "Aktif (jiwa)", XS_COUNT, NULL },
		{ "Ditetapkan dalam SK (jiwa)", XS_COUNT, NULL },
		{ "Terpakai (%)", XS_PERCENT, "tidak ada kuota" },
		{ "Sisa kuota (jiwa)", XS_COUNT, "tidak ada kuota" },
		{ "Iuran per jiwa (Rp)", XS_MONEY, NULL },
		{ "Iuran (Rp)", XS_MONEY, NULL },
		{ "Tagihan BPJS (Rp)", XS_MONEY, NULL },
		{ "Selisih tagihan (Rp)", XS_MONEY, NULL },
		{ "Iuran kumulatif tahun ini (Rp)", XS_MONEY, NULL },
		{ "Anggaran tahun ini (Rp)", XS_MONEY, "tidak ada anggaran" },
		{ "Serapan (%)", XS_PERCENT, "tidak ada anggaran" },
	};
	const char *p[1] = { period };
	const char *vals[2];
	enum xs_kind kinds[2];
	enum xs_error e;
	PGresult *r;
	size_t i;
	int st;

	if ((st = rpt_query(c, &r, sql, 1, p, err, errsz)) != REPORT_OK)
		return st;
	if (PQntuples(r) != 1) {
		PQclear(r);
		snprintf(err, errsz, "no reconciliation stored for %s", period);
		return REPORT_ENODATA;
	}
	if ((e = xs_start_table(s, "Angka utama", angka_cols, RPT_NCOLS(angka_cols), 0)) != XS_OK)
		goto fail;
	for (i = 0; i < sizeof row / sizeof row[0]; i++) {
		vals[0] = row[i].label;
		kinds[0] = XS_TEXT;
		if (PQgetisnull(r, 0, (int)i)) {
			vals[1] = row[i].if_null;
			kinds[1] = XS_TEXT;
		} else {
			vals[1] = PQgetvalue(r, 0, (int)i);
			kinds[1] = row[i].kind;
		}
		if ((e = xs_write_row_kinds(s, vals, kinds)) != XS_OK)
			goto fail;
	}
	PQclear(r);
	if ((e = xs_end_table(s)) != XS_OK)
		return rpt_xs_fail(s->book, e, err, errsz);
	return REPORT_OK;
fail:
	PQclear(r);
	return rpt_xs_fail(s->book, e, err, errsz);
}

/* A small counting table from a query, then a blank row.  first and
 * last (when not NULL) get its data rows, 0-based, for a chart. */
static int
write_counts(PGconn *c, struct xs_sheet *s, const char *subtitle,
    const struct xs_col *cols, const char *sql, int nparams,
    const char *const *params, uint32_t *first, uint32_t *last, char *err,
    size_t errsz)
{
	long long rows = 0;
	enum xs_error e;
	int st;

	if ((e = xs_start_table(s, subtitle, cols, 2, 0)) != XS_OK)
		return rpt_xs_fail(s->book, e, err, errsz);
	if (first != NULL)
		*first = xs_next_row(s);
	if ((st = rpt_fill(c, s, sql, nparams, params, &rows, err, errsz)) !=
	    REPORT_OK)
		return st;
	if (last != NULL)
		*last = xs_next_row(s) - 1;
	if ((e = xs_end_table(s)) != XS_OK || (e = xs_skip_rows(s, 1)) != XS_OK)
		return rpt_xs_fail(s->book, e, err, errsz);
	return REPORT_OK;
}

/* A chart's default size, 480 x 288 pixels, in default columns and rows. */
#define CHART_COLS	8
#define CHART_ROWS	15
/* The flag chart at E5, the kuota chart at E22; the legend from E39. */
#define LEGEND_ROW	(21 + CHART_ROWS + 2)

/* "='Sheet'!$B$6:$B$16" */
static void
range_ref(char *buf, size_t bufsz, const char *sheet, uint32_t r1, int col,
    uint32_t r2)
{
	char range[64];

	lxw_rowcol_to_range_abs(range, r1, (lxw_col_t)col, r2, (lxw_col_t)col);
	snprintf(buf, bufsz, "='%s'!%s", sheet, range);
}

static int
add_flag_chart(struct xs_sheet *s, uint32_t first, uint32_t last, char *err,
    size_t errsz)
{
	char sheet[64], cats[256], vals[256];
	lxw_chart_series *ser;
	lxw_chart *chart;
	lxw_error le;

	xs_part_name(s, sheet, sizeof sheet);
	range_ref(cats, sizeof cats, sheet, first, 1, last);
	range_ref(vals, sizeof vals, sheet, first, 2, last);
	if ((chart = workbook_add_chart(s->book->wb, LXW_CHART_BAR)) == NULL ||
	    (ser = chart_add_series(chart, cats, vals)) == NULL) {
		snprintf(err, errsz, "cannot add the flag chart");
		return REPORT_EIO;
	}
	/* Printed, a bar's length is hard to read: its number beside it. */
	chart_series_set_labels(ser);
	/* A bar chart's values run along its x axis (libxlsxwriter). */
	chart_axis_set_num_format(chart->x_axis, "#,##0");
	chart_axis_set_min(chart->x_axis, 0);
	chart_title_set_name(chart, "Jumlah baris per flag");
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	if ((le = worksheet_insert_chart(xs_worksheet(s), 4, 4, chart)) !=
	    LXW_NO_ERROR) {
		snprintf(err, errsz, "flag chart: %s", lxw_strerror(le));
		return REPORT_EIO;
	}
	xs_note_extent(s, 4 + CHART_ROWS, 4 + CHART_COLS);
	return REPORT_OK;
}

/* Kuota against ditetapkan per month, from the Kuota sheet's first table
 * (its header on row 5, one row per month below; only what fits on its
 * first part). */
static int
add_kuota_chart(struct xs_sheet *s, int months, char *err, size_t errsz)
{
	char cats[256], v1[256], v2[256];
	uint32_t first = 5, last;
	lxw_chart_series *ser;
	lxw_chart *chart;
	lxw_error le;

	if (months <= 0)
		return REPORT_OK;
	last = first + (uint32_t)months - 1;
	if (last >= s->book->max_rows)
		last = (uint32_t)s->book->max_rows - 1;
	range_ref(cats, sizeof cats, "Kuota", first, 1, last);
	range_ref(v1, sizeof v1, "Kuota", first, 2, last);
	range_ref(v2, sizeof v2, "Kuota", first, 4, last);
	if ((chart = workbook_add_chart(s->book->wb, LXW_CHART_COLUMN)) == NULL) {
		snprintf(err, errsz, "cannot add the kuota chart");
		return REPORT_EIO;
	}
	if ((ser = chart_add_series(chart, cats, v1)) == NULL)
		goto nomem;
	chart_series_set_name(ser, "Kuota");
	if ((ser = chart_add_series(chart, cats, v2)) == NULL)
		goto nomem;
	chart_series_set_name(ser, "Ditetapkan");
	chart_title_set_name(chart, "Kuota dan ditetapkan per bulan");
	/* From 0: a column's height is the number, not its excess. */
	chart_axis_set_min(chart->y_axis, 0);
	chart_axis_set_num_format(chart->y_axis, "#,##0");
	chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
	if ((le = worksheet_insert_chart(xs_worksheet(s), 21, 4, chart)) !=
	    LXW_NO_ERROR) {
		snprintf(err, errsz, "kuota chart: %s", lxw_strerror(le));
		return REPORT_EIO;
	}
	xs_note_extent(s, 21 + CHART_ROWS, 4 + CHART_COLS);
	return REPORT_OK;
nomem:
	snprintf(err, errsz, "cannot add the kuota chart");
	return REPORT_EIO;
}

static int
ringkasan_sheet(PGconn *c, struct xs_book *b, struct rekon_arg *a,
    char *err, size_t errsz)
{
	/* The two Dukcapil flags: empty, not 0, without an extract in force
	 * (nobody was looked for; the JSON says null). */
	static const char flag_sql[] =
	    "SELECT f.flag, CASE WHEN f.flag IN ('BUKAN_PENDUDUK',"
	    "  'DATA_BEDA_DUKCAPIL') AND rekon_n_batch($1) IS NULL THEN NULL"
	    "  ELSE coalesce(n.n, 0) + CASE WHEN f.flag = 'HILANG'"
	    "  THEN (SELECT count(*) FROM hilang WHERE period = $1) ELSE 0 END END"
	    " FROM unnest($2::text[]) WITH ORDINALITY AS f(flag, i)"
	    " LEFT JOIN (SELECT x.flag, count(*) AS n FROM peserta_hasil h,"
	    "   LATERAL (SELECT DISTINCT unnest(h.flags)) AS x(flag)"
	    "   WHERE h.period = $1 GROUP BY x.flag) n ON n.flag = f.flag"
	    " ORDER BY f.i";
	static const char feedback_sql[] =
	    "SELECT 'BERHASIL', (SELECT count(*) FROM rekon_f($1)"
	    "  WHERE hasil = 'BERHASIL')"
	    " UNION ALL SELECT 'GAGAL',"
	    "  (SELECT count(*) FROM gagal_hasil WHERE period = $1)";
	/* Counts per category grouped once and joined, not a correlated
	 * count per category: Citus refuses a correlated subquery beside a
	 * set-returning function (docs/scale.md). */
	static const char kategori_sql[] =
	    "SELECT k.k, coalesce(c.n, 0)"
	    " FROM unnest('{NIK_DUKCAPIL,DATA_GANDA,SEGMEN_LAIN,MENINGGAL,"
	    "KUOTA,LAINNYA}'::text[]) WITH ORDINALITY AS k(k, i)"
	    " LEFT JOIN (SELECT g.kategori, count(*) AS n FROM gagal_hasil g"
	    "  WHERE g.period = $1 GROUP BY g.kategori) c ON c.kategori = k.k"
	    " ORDER BY k.i";
	static const char usulan_sql[] =
	    "SELECT x.h, coalesce(c.n, 0)"
	    " FROM unnest('{DITERUSKAN,DIKEMBALIKAN,MENUNGGU_KUOTA}'::text[])"
	    " WITH ORDINALITY AS x(h, i)"
	    " LEFT JOIN (SELECT u.hasil, count(*) AS n FROM usulan_hasil u"
	    "  WHERE u.period = $1 GROUP BY u.hasil) c ON c.hasil = x.h"
	    " ORDER BY x.i";
	static const char ditolak_sql[] =
	    "SELECT 'Baris input ditolak (sheet Ditolak)', count(*)"
	    " FROM rejected_row r JOIN rekon_batches_for($1) b"
	    " ON b.id = r.batch_id";
	/* Each kind of input, and whether a batch of it counts for P: a month
	 * reconciled without its DTKS or its answers is no month to sign. */
	static const char masukan_sql[] =
	    "SELECT x.k, CASE WHEN x.k = ANY (rekon_masukan_kurang($1))"
	    "  THEN 'BELUM ADA: angka yang memakainya belum lengkap'"
	    "  ELSE 'ada' END"
	    " FROM unnest(ARRAY['dtks', 'peserta', 'feedback', 'usulan',"
	    "  'kematian']) WITH ORDINALITY AS x(k, i) ORDER BY x.i";
	char all_flags[FLAGS_ARRAY_MAX];
	const char *p[2] = { a->rc->period, all_flags };
	uint32_t f1 = 0, f2 = 0;
	struct legend leg;
	struct xs_sheet s;
	enum xs_error e;
	int st;

	(void)flags_array(0, all_flags, sizeof all_flags);
	if ((e = xs_add_sheet(b, &s, "Ringkasan",
	    "Ringkasan Rekonsiliasi Peserta PBPU Pemda")) != XS_OK) {
		xs_close_sheet(&s);
		return rpt_xs_fail(b, e, err, errsz);
	}
	xs_one_page(&s);	/* the page a Kabid reads first */
	/* The legend below the charts, beside the lower tables (not below
	 * them: the page would grow and print smaller). */
	legend_fill(&leg);
	if ((e = xs_side_table(&s, LEGEND_ROW, 4, "Keterangan kode", kode_cols,
	    RPT_NCOLS(kode_cols), leg.cells, leg.n)) != XS_OK) {
		st = rpt_xs_fail(b, e, err, errsz);
		goto out;
	}
	if ((st = write_angka(c, &s, a->rc->period, err, errsz)) != REPORT_OK)
		goto out;
	if ((e = xs_skip_rows(&s, 1)) != XS_OK) {
		st = rpt_xs_fail(b, e, err, errsz);
		goto out;
	}
	if ((st = write_counts(c, &s, "Jumlah baris per flag (HILANG: kunci"
	    " peserta)", flag_cols, flag_sql, 2, p, &f1, &f2, err, errsz)) !=
	    REPORT_OK ||
	    (st = add_flag_chart(&s, f1, f2, err, errsz)) != REPORT_OK ||
	    (st = write_counts(c, &s, "Hasil pendaftaran (feedback BPJS)",
	    hasil_cols, feedback_sql, 1, p, NULL, NULL, err, errsz)) !=
	    REPORT_OK ||
	    (st = write_counts(c, &s, "Pendaftaran gagal per kategori",
	    kategori_cols, kategori_sql, 1, p, NULL, NULL, err, errsz)) !=
	    REPORT_OK ||
	    (st = write_counts(c, &s, "Hasil usulan", hasil_cols, usulan_sql, 1,
	    p, NULL, NULL, err, errsz)) != REPORT_OK ||
	    (st = write_counts(c, &s, "Baris input ditolak", ditolak_count_cols,
	    ditolak_sql, 1, p, NULL, NULL, err, errsz)) != REPORT_OK ||
	    (st = write_counts(c, &s, "Masukan periode ini", masukan_cols,
	    masukan_sql, 1, p, NULL, NULL, err, errsz)) != REPORT_OK)
		goto out;
	st = add_kuota_chart(&s, a->months, err, errsz);
out:
	return rpt_close_sheet(b, &s, st, err, errsz);
}

/* ------------------------------------------------------------------ */
/* Kuota */

static const struct xs_col bulan_cols[] = {
	{ "BULAN", XS_TEXT },
	{ "KUOTA", XS_COUNT },
	{ "AKTIF", XS_COUNT },
	{ "DITETAPKAN", XS_COUNT },
	{ "TERPAKAI %", XS_PERCENT },
	{ "SISA", XS_COUNT },
	{ "IURAN", XS_MONEY },
	{ "IURAN KUMULATIF", XS_MONEY },
	{ "SERAPAN %", XS_PERCENT },
};
static const struct xs_col kecamatan_cols[] = {
	{ "KECAMATAN", XS_TEXT },
	{ "AKTIF", XS_COUNT },
	{ "DITETAPKAN", XS_COUNT },
	{ "IURAN", XS_MONEY },
	{ "TAGIHAN BPJS", XS_MONEY },
	{ "SELISIH TAGIHAN", XS_MONEY },
};

static int
kuota_sheet(PGconn *c, struct xs_book *b, struct rekon_arg *a, char *err,
    size_t errsz)
{
	static const char bulan_sql[] =
	    "SELECT " RPT_MONTH_LABEL("period") ", kuota, aktif, ditetapkan,"
	    " terpakai_persen, sisa, iuran, iuran_kumulatif, serapan_persen"
	    " FROM rekon_ringkasan" MONTHS_WHERE " ORDER BY period";
	static const char kec_sql[] =
	    "SELECT kecamatan, aktif, ditetapkan, iuran, tagihan_bpjs,"
	    " selisih_tagihan FROM rekon_kecamatan WHERE period = $1"
	    " ORDER BY kecamatan = '(TANPA KECAMATAN)', kecamatan COLLATE \"C\"";
	static const char total_sql[] =
	    "SELECT 'JUMLAH', coalesce(sum(aktif), 0), coalesce(sum(ditetapkan), 0),"
	    " coalesce(sum(iuran), 0), coalesce(sum(tagihan_bpjs), 0),"
	    " coalesce(sum(selisih_tagihan), 0)"
	    " FROM rekon_kecamatan WHERE period = $1";
	const char *p[1] = { a->rc->period };
	const char *vals[XS_MAX_COLS];
	char label[32], sub[64];
	struct xs_sheet s;
	enum xs_error e;
	PGresult *r = NULL;
	int st;

	period_label(a->rc->period, label, sizeof label);
	snprintf(sub, sizeof sub, "Per kecamatan, %s", label);
	if ((e = xs_add_sheet(b, &s, "Kuota",
	    "Kuota, Peserta dan Iuran per Bulan")) != XS_OK ||
	    (e = xs_start_table(&s, NULL, bulan_cols, RPT_NCOLS(bulan_cols), XS_FILTER)) != XS_OK)
		goto xfail;
	if ((st = rpt_fill(c, &s, bulan_sql, 1, p, NULL, err, errsz)) !=
	    REPORT_OK)
		goto out;
	if ((e = xs_end_table(&s)) != XS_OK || (e = xs_skip_rows(&s, 1)) != XS_OK ||
	    (e = xs_start_table(&s, sub, kecamatan_cols, RPT_NCOLS(kecamatan_cols), 0)) != XS_OK)
		goto xfail;
	if ((st = rpt_fill(c, &s, kec_sql, 1, p, NULL, err, errsz)) != REPORT_OK ||
	    (st = rpt_query(c, &r, total_sql, 1, p, err, errsz)) != REPORT_OK)
		goto out;
	rpt_values(r, 0, vals, 6);
	e = xs_write_total(&s, vals);
	PQclear(r);
	if (e != XS_OK)
		goto xfail;
	st = REPORT_OK;
	goto out;
xfail:
	st = rpt_xs_fail(b, e, err, errsz);
out:
	return rpt_close_sheet(b, &s, st, err, errsz);
}

/* ------------------------------------------------------------------ */
/* The lists */

static const struct xs_col flag_row_cols[] = {
	{ "KATEGORI", XS_CODES },
	{ "NO KARTU", XS_ID },
	{ "NIK", XS_ID },
	{ "NAMA", XS_TEXT },
	{ "TGL LAHIR", XS_DATE },
	{ "KECAMATAN", XS_TEXT },
	{ "KELURAHAN", XS_TEXT },
	{ "STATUS", XS_CODES },
	{ "KETERANGAN", XS_WRAP },
};

/* Bp's rows carrying one of the flags $2, one line per row and flag. */
static const char flag_rows_sql[] =
    "SELECT f.flag, p.noka, p.nik, p.nama, p.tgl_lahir, h.kecamatan,"
    " h.kelurahan, p.status, h.keterangan[f.i]"
    " FROM peserta_hasil h"
    " JOIN peserta_row p ON p.batch_id = h.batch_id AND p.line = h.line"
    " AND p.kunci = h.kunci"
    " CROSS JOIN LATERAL unnest(h.flags) WITH ORDINALITY AS f(flag, i)"
    " WHERE h.period = $1 AND f.flag = ANY ($2::text[])"
    " ORDER BY h.batch_id, h.line, f.i";

static int
selisih_sheet(PGconn *c, struct xs_book *b, const char *period, char *err,
    size_t errsz)
{
	/* K's keys with no AKTIF row in Bp; they have no input line, so
	 * they follow the rows, by key. */
	static const char hilang_sql[] =
	    "SELECT 'HILANG', noka, nik, nama, tgl_lahir, kecamatan, kelurahan,"
	    " status, 'ada di SK ' || $2 || CASE WHEN status IS NULL"
	    "  THEN ', tidak ada di daftar BPJS'"
	    "  ELSE ', berstatus ' || status || ' di daftar BPJS' END"
	    " FROM hilang WHERE period = $1 ORDER BY kunci COLLATE \"C\"";
	char prev[8], label[32];
	char selisih_flags[FLAGS_ARRAY_MAX];
	const char *p1[2] = { period, selisih_flags };
	const char *p2[2] = { period, label };
	struct xs_sheet s;
	enum xs_error e;
	int st;

	(void)flags_array(FLAG_SELISIH, selisih_flags, sizeof selisih_flags);
	period_add(period, -1, prev);
	period_label(prev, label, sizeof label);
	if ((e = xs_add_sheet(b, &s, "Selisih", "Selisih Data Peserta")) !=
	    XS_OK || (e = xs_start_table(&s, NULL, flag_row_cols, RPT_NCOLS(flag_row_cols),
	    XS_FILTER)) != XS_OK) {
		xs_close_sheet(&s);
		return rpt_xs_fail(b, e, err, errsz);
	}
	if ((st = rpt_fill(c, &s, flag_rows_sql, 2, p1, NULL, err, errsz)) ==
	    REPORT_OK)
		st = rpt_fill(c, &s, hilang_sql, 2, p2, NULL, err, errsz);
	return rpt_close_sheet(b, &s, st, err, errsz);
}

static const struct xs_col dikecualikan_cols[] = {
	{ "NO KARTU", XS_ID },
	{ "NIK", XS_ID },
	{ "NAMA", XS_TEXT },
	{ "KECAMATAN", XS_TEXT },
	{ "KELURAHAN", XS_TEXT },
	{ "ALASAN", XS_CODES },
};
static const char dikecualikan_sql[] =
    "SELECT p.noka, p.nik, p.nama, h.kecamatan, h.kelurahan, h.dikecualikan"
    " FROM peserta_hasil h"
    " JOIN peserta_row p ON p.batch_id = h.batch_id AND p.line = h.line"
    " AND p.kunci = h.kunci"
    " WHERE h.period = $1 AND h.dikecualikan IS NOT NULL"
    " ORDER BY h.batch_id, h.line";

static const struct xs_col mutasi_cols[] = {
	{ "JENIS", XS_CODES },
	{ "NO KARTU", XS_ID },
	{ "NIK", XS_ID },
	{ "NAMA", XS_TEXT },
	{ "KECAMATAN", XS_TEXT },
	{ "KELURAHAN", XS_TEXT },
	{ "ALASAN", XS_CODES },
};
/* MASUK in the order of P's SK list rows, KELUAR in that of K's.  One
 * plain key join per kind, so each can hash (a join condition that also
 * tests the kind cannot). */
static const char mutasi_sql[] =
    "SELECT x.jenis, x.noka, x.nik, x.nama, x.kecamatan, x.kelurahan, x.alasan"
    " FROM (SELECT m.jenis, m.noka, m.nik, m.nama, m.kecamatan, m.kelurahan,"
    "  m.alasan, m.kunci, s.batch_id AS urut_batch, s.line AS urut_line"
    "  FROM mutasi m LEFT JOIN sk_daftar s ON s.period = $1"
    "  AND s.kunci = m.kunci"
    "  WHERE m.period = $1 AND m.jenis = 'MASUK'"
    "  UNION ALL"
    "  SELECT m.jenis, m.noka, m.nik, m.nama, m.kecamatan, m.kelurahan,"
    "  m.alasan, m.kunci, k.batch_id, k.line"
    "  FROM mutasi m LEFT JOIN rekon_k($1) k ON k.kunci = m.kunci"
    "  WHERE m.period = $1 AND m.jenis = 'KELUAR') x"
    " ORDER BY x.jenis = 'KELUAR', x.urut_batch, x.urut_line,"
    " x.kunci COLLATE \"C\"";

static const struct xs_col aktif_cols[] = {
	{ "NO KARTU", XS_ID },
	{ "NIK", XS_ID },
	{ "NO KK", XS_ID },
	{ "NAMA", XS_TEXT },
	{ "TGL LAHIR", XS_DATE },
	{ "JK", XS_SHORT },
	{ "KECAMATAN", XS_TEXT },
	{ "KELURAHAN", XS_TEXT },
	{ "KD FASKES", XS_TEXT },
	{ "TMT", XS_DATE },
	{ "FLAG", XS_CODES },
};
static const char aktif_sql[] =
    "SELECT p.noka, p.nik, p.no_kk, p.nama, p.tgl_lahir, p.jenis_kelamin,"
    " h.kecamatan, h.kelurahan, p.kd_faskes, p.tmt,"
    " array_to_string(h.flags, ', ')"
    " FROM peserta_hasil h"
    " JOIN peserta_row p ON p.batch_id = h.batch_id AND p.line = h.line"
    " AND p.kunci = h.kunci"
    " WHERE h.period = $1 AND h.aktif ORDER BY h.batch_id, h.line";

static const struct xs_col ditolak_cols[] = {
	{ "FILE", XS_TEXT },
	{ "JENIS", XS_TEXT },
	{ "BARIS", XS_INT },
	{ "ALASAN", XS_CODES },
	{ "ISI", XS_WRAP },
};
/* The batches that count for P: rekon_batches_for (sql/rules/00_sets.sql),
 * the same the JSON summary lists.  ISI shows the row as it came, a TAB
 * between two fields shown " → " (printed, a TAB is nothing; the stored
 * row keeps its TABs). */
static const char ditolak_sql[] =
    "SELECT b.file_name, b.kind, r.line, r.reason,"
    " replace(r.raw, chr(9), ' \xe2\x86\x92 ')"
    " FROM rejected_row r JOIN rekon_batches_for($1) b ON b.id = r.batch_id"
    " ORDER BY r.batch_id, r.line";

/* Tindak Lanjut (rules.md §8): the follow-up cases, in input order. */
static const struct xs_col tindak_lanjut_cols[] = {
	{ "KODE", XS_CODES },
	{ "NIK", XS_ID },
	{ "NAMA", XS_TEXT },
	{ "KELURAHAN", XS_TEXT },
	{ "KECAMATAN", XS_TEXT },
	{ "DITERUSKAN", XS_TEXT },
	{ "KETERANGAN", XS_WRAP },
};
static const char tindak_lanjut_sql[] =
    "SELECT t.kode, t.nik, t.nama, t.kelurahan, t.kecamatan, "
    RPT_MONTH_LABEL("t.diteruskan") ", t.keterangan"
    " FROM tindak_lanjut t WHERE t.period = $1"
    " ORDER BY t.batch_id, t.line,"
    " array_position(ARRAY['TERLAMBAT_BPJS', 'BELUM_MASUK_DAFTAR'], t.kode)";

/* ------------------------------------------------------------------ */
/* Calon Ganda (rules.md §10) */

/* The two rows' fields side by side (A then B for each), so a reviewer
 * reads across; KUNCI A and KUNCI B last, for `rekon import keputusan`. */
static const struct xs_col ganda_cols[] = {
	{ "KELOMPOK", XS_INT },
	{ "PELUANG", XS_PERCENT },
	{ "NIK A", XS_ID },
	{ "NIK B", XS_ID },
	{ "NAMA A", XS_WRAP },
	{ "NAMA B", XS_WRAP },
	{ "TGL LAHIR A", XS_DATE },
	{ "TGL LAHIR B", XS_DATE },
	{ "JK A", XS_SHORT },
	{ "JK B", XS_SHORT },
	{ "NO KK A", XS_ID },
	{ "NO KK B", XS_ID },
	{ "KELURAHAN A", XS_WRAP },
	{ "KELURAHAN B", XS_WRAP },
	{ "MENGAPA", XS_WRAP },
	{ "KEPUTUSAN", XS_SHORT },
	{ "KUNCI A", XS_ID },
	{ "KUNCI B", XS_ID },
};
static const char *const ganda_keputusan[] = { "SAMA", "BEDA", NULL };
/* Each side is its key's first AKTIF row of Bp (calon_ganda's line_a,
 * line_b); the kelurahan is §5's, as every sheet shows it. */
/* The second key's side (b) is gathered first: a pair's row is stored
 * with its first key (calon_ganda is distributed by kunci_a on Citus), so
 * b's rows are on other shards, and Citus cannot outer-join them there
 * (docs/scale.md). Each side is joined by its row's key (batch_id, line,
 * kunci). */
static const char ganda_sql[] =
    "WITH bs AS MATERIALIZED (SELECT b.batch_id, b.line, b.kunci, b.nik,"
    "  b.nama, b.tgl_lahir, b.jenis_kelamin, b.no_kk, hb.kelurahan"
    "  FROM peserta_row b LEFT JOIN peserta_hasil hb ON hb.period = $1"
    "   AND hb.batch_id = b.batch_id AND hb.line = b.line AND hb.kunci = b.kunci"
    "  WHERE (b.batch_id, b.line, b.kunci) IN (SELECT c.batch_id, c.line_b,"
    "   c.kunci_b FROM calon_ganda c WHERE c.period = $1))"
    " SELECT c.kelompok, round((c.peluang * 100)::numeric, 1),"
    " a.nik, b.nik, a.nama, b.nama, a.tgl_lahir, b.tgl_lahir,"
    " a.jenis_kelamin, b.jenis_kelamin, a.no_kk, b.no_kk,"
    " ha.kelurahan, b.kelurahan, c.mengapa, NULL, c.kunci_a, c.kunci_b"
    " FROM calon_ganda c"
    " JOIN peserta_row a ON a.batch_id = c.batch_id AND a.line = c.line_a"
    "  AND a.kunci = c.kunci_a"
    " JOIN bs b ON b.batch_id = c.batch_id AND b.line = c.line_b"
    "  AND b.kunci = c.kunci_b"
    " LEFT JOIN peserta_hasil ha ON ha.period = c.period"
    "  AND ha.batch_id = c.batch_id AND ha.line = c.line_a"
    "  AND ha.kunci = c.kunci_a"
    " WHERE c.period = $1 ORDER BY c.urut";

/* The pairs, GANDA_PASTI first; KEPUTUSAN empty, with its drop-down. A
 * period reconciled before pairs were scored says so. */
static int
calon_ganda_sheet(PGconn *c, struct xs_book *b, const char *period,
    char *err, size_t errsz)
{
	const char *p[1] = { period };
	long long rows = 0;
	struct xs_sheet s;
	enum xs_error e;
	int st, scored;

	if ((scored = rpt_exists(c, "SELECT EXISTS (SELECT 1 FROM ganda_ringkas"
	    " WHERE period = $1)", period, err, errsz)) == -1)
		return REPORT_EDB;
	if ((e = xs_add_sheet(b, &s, "Calon Ganda",
	    "Calon Ganda: Pasangan Peserta yang Mungkin Orang yang Sama")) !=
	    XS_OK || (e = xs_start_table(&s, "Isi KEPUTUSAN dengan SAMA (orang"
	    " yang sama) atau BEDA (dua orang), simpan, lalu serahkan berkas"
	    " ini ke operator untuk diimpor (rekon import keputusan)", ganda_cols, RPT_NCOLS(ganda_cols), XS_FILTER)) !=
	    XS_OK)
		goto xfail;
	xs_dropdown(&s, "KEPUTUSAN", ganda_keputusan);
	/* Both rows side by side are many columns: names, villages and the
	 * reasons wrap narrower than free text does elsewhere. */
	xs_wrap_at(&s, "NAMA A", 18);
	xs_wrap_at(&s, "NAMA B", 18);
	xs_wrap_at(&s, "KELURAHAN A", 12);
	xs_wrap_at(&s, "KELURAHAN B", 12);
	xs_wrap_at(&s, "MENGAPA", 26);
	if ((st = rpt_fill(c, &s, ganda_sql, 1, p, &rows, err, errsz)) !=
	    REPORT_OK)
		goto out;
	if ((e = xs_end_filter(&s)) != XS_OK)
		goto xfail;
	if (rows == 0 && ((e = xs_skip_rows(&s, 1)) != XS_OK ||
	    (e = xs_write_line(&s, 1, scored ? "Tidak ada data" : "Pasangan"
	    " belum dinilai untuk periode ini: jalankan rekonsiliasi lagi",
	    XS_PLAIN)) != XS_OK))
		goto xfail;
	goto out;
xfail:
	st = rpt_xs_fail(b, e, err, errsz);
out:
	return rpt_close_sheet(b, &s, st, err, errsz);
}

/* ------------------------------------------------------------------ */
/* Kelebihan Bayar and Usul Nonaktif (rules.md §9) */

static const struct xs_col kelebihan_cols[] = {
	{ "NIK", XS_ID },
	{ "NAMA", XS_TEXT },
	{ "TGL MENINGGAL", XS_DATE },
	{ "BULAN", XS_TEXT },
	{ "JUMLAH BULAN", XS_COUNT },
	{ "JUMLAH (Rp)", XS_MONEY },
	{ "BARU", XS_SHORT },
};
/* One row per NIK in input order (its death record); the months as
 * "Juli 2026, Agustus 2026". */
static const char kelebihan_sql[] =
    "SELECT k.nik, k.nama, k.tgl_meninggal,"
    " (SELECT string_agg(" RPT_MONTH_LABEL("b.m") ", ', ' ORDER BY b.i)"
    "  FROM unnest(k.bulan) WITH ORDINALITY AS b(m, i)),"
    " k.jumlah_bulan, k.jumlah, CASE WHEN k.baru THEN 'ya' END"
    " FROM kelebihan_bayar k WHERE k.period = $1"
    " ORDER BY k.batch_id, k.line, k.nik COLLATE \"C\"";
static const char kelebihan_total_sql[] =
    "SELECT 'JUMLAH', NULL, NULL, NULL, coalesce(sum(jumlah_bulan), 0),"
    " coalesce(sum(jumlah), 0), NULL"
    " FROM kelebihan_bayar WHERE period = $1";

/* The list, then its total outside the filter; an empty list says so. */
static int
kelebihan_sheet(PGconn *c, struct xs_book *b, const char *period, char *err,
    size_t errsz)
{
	const char *p[1] = { period };
	const char *vals[XS_MAX_COLS];
	long long rows = 0;
	struct xs_sheet s;
	enum xs_error e;
	PGresult *r;
	int st;

	if ((e = xs_add_sheet(b, &s, "Kelebihan Bayar",
	    "Kelebihan Bayar Iuran Peserta yang Telah Meninggal")) != XS_OK ||
	    (e = xs_start_table(&s, NULL, kelebihan_cols,
	    RPT_NCOLS(kelebihan_cols), XS_FILTER)) != XS_OK)
		goto xfail;
	if ((st = rpt_fill(c, &s, kelebihan_sql, 1, p, &rows, err, errsz)) !=
	    REPORT_OK)
		goto out;
	if (rows == 0) {
		if ((e = xs_skip_rows(&s, 1)) != XS_OK ||
		    (e = xs_write_line(&s, 1, "Tidak ada data", XS_PLAIN)) != XS_OK)
			goto xfail;
		goto out;
	}
	if ((st = rpt_query(c, &r, kelebihan_total_sql, 1, p, err, errsz)) !=
	    REPORT_OK)
		goto out;
	rpt_values(r, 0, vals, RPT_NCOLS(kelebihan_cols));
	if ((e = xs_end_filter(&s)) == XS_OK)
		e = xs_write_total(&s, vals);
	PQclear(r);
	if (e == XS_OK)
		goto out;
xfail:
	st = rpt_xs_fail(b, e, err, errsz);
out:
	return rpt_close_sheet(b, &s, st, err, errsz);
}

static const struct xs_col nonaktif_cols[] = {
	{ "NO KARTU", XS_ID },
	{ "NIK", XS_ID },
	{ "NAMA", XS_TEXT },
	{ "KECAMATAN", XS_TEXT },
	{ "KELURAHAN", XS_TEXT },
	{ "ALASAN", XS_CODES },
	{ "TGL MENINGGAL", XS_DATE },
};
/* outputs.md §2b: the CSV's columns, and where each is in the sheet's. */
static const struct xs_col nonaktif_csv_cols[] = {
	{ "NO KARTU", XS_ID },
	{ "NIK", XS_ID },
	{ "NAMA", XS_TEXT },
	{ "ALASAN", XS_CODES },
	{ "TGL MENINGGAL", XS_DATE },
};
static const int nonaktif_csv_from[] = { 0, 1, 2, 5, 6 };
static const char nonaktif_sql[] =
    "SELECT u.noka, u.nik, u.nama, u.kecamatan, u.kelurahan, u.alasan,"
    " u.tgl_meninggal FROM usul_nonaktif u WHERE u.period = $1"
    " ORDER BY u.batch_id, u.line";

struct nonaktif_arg {
	struct xs_sheet	*s;
	struct rpt_csv	*csv;
	long long	 rows;
};

/* A row of Usul Nonaktif: the sheet's and the CSV's, one NO. */
static int
nonaktif_row(void *arg, PGresult *r, char *err, size_t errsz)
{
	struct nonaktif_arg *a = arg;
	const char *vals[XS_MAX_COLS], *csv[RPT_NCOLS(nonaktif_csv_cols)];
	enum xs_error e;
	int i;

	rpt_values(r, 0, vals, RPT_NCOLS(nonaktif_cols));
	if ((e = xs_write_row(a->s, vals)) != XS_OK)
		return rpt_xs_fail(a->s->book, e, err, errsz);
	for (i = 0; i < RPT_NCOLS(nonaktif_csv_cols); i++)
		csv[i] = vals[nonaktif_csv_from[i]];
	rpt_csv_row(a->csv, csv);
	a->rows++;
	return REPORT_OK;
}

static int
nonaktif_sheet(PGconn *c, struct xs_book *b, struct rekon_arg *a, char *err,
    size_t errsz)
{
	const char *p[1] = { a->rc->period };
	struct xs_sheet s;
	struct nonaktif_arg na = { &s, a->nonaktif, 0 };
	enum xs_error e;
	int st;

	if ((e = xs_add_sheet(b, &s, "Usul Nonaktif",
	    "Usulan Penonaktifan Peserta ke BPJS Kesehatan")) != XS_OK ||
	    (e = xs_start_table(&s, NULL, nonaktif_cols,
	    RPT_NCOLS(nonaktif_cols), XS_FILTER)) != XS_OK) {
		xs_close_sheet(&s);
		return rpt_xs_fail(b, e, err, errsz);
	}
	st = rpt_each(c, nonaktif_sql, 1, p, nonaktif_row, &na, err, errsz);
	if (st == REPORT_OK && na.rows == 0 && ((e = xs_skip_rows(&s, 1)) !=
	    XS_OK || (e = xs_write_line(&s, 1, "Tidak ada data", XS_PLAIN)) !=
	    XS_OK))
		st = rpt_xs_fail(b, e, err, errsz);
	return rpt_close_sheet(b, &s, st, err, errsz);
}

/* The list sheets after Selisih, in order, up to Tindak Lanjut; $1 is P.
 * Then Calon Ganda (§10), §9's two, then Ditolak. */
static const struct rpt_list rekon_lists[] = {
	{ "Gagal", "Pendaftaran Gagal di BPJS", rpt_gagal_cols,
	  RPT_GAGAL_NCOLS, RPT_GAGAL_SELECT RPT_GAGAL_FROM RPT_GAGAL_ORDER, 1 },
	{ "Dikecualikan", "Peserta Aktif yang Tidak Ditetapkan dalam SK",
	  dikecualikan_cols, RPT_NCOLS(dikecualikan_cols), dikecualikan_sql, 1 },
	{ "Mutasi", NULL /* with P-1's label */, mutasi_cols,
	  RPT_NCOLS(mutasi_cols), mutasi_sql, 1 },
	{ "Aktif", "Peserta Aktif PBPU Pemda menurut Daftar BPJS", aktif_cols,
	  RPT_NCOLS(aktif_cols), aktif_sql, 1 },
	{ "Tindak Lanjut", "Tindak Lanjut dengan BPJS Kesehatan",
	  tindak_lanjut_cols, RPT_NCOLS(tindak_lanjut_cols), tindak_lanjut_sql,
	  1 },
};
static const struct rpt_list ditolak_list = {
	"Ditolak", "Baris Input yang Ditolak", ditolak_cols,
	RPT_NCOLS(ditolak_cols), ditolak_sql, 1
};

/* Ganda: the rows of the Ganda flags; $2 is their text[]. */
static const struct rpt_list ganda_list = {
	"Ganda", "Peserta Ganda dan Terdaftar di Segmen Lain", flag_row_cols,
	RPT_NCOLS(flag_row_cols), flag_rows_sql, 2
};

static int
rekon_book(PGconn *c, struct xs_book *b, void *arg, char *err, size_t errsz)
{
	struct rekon_arg *a = arg;
	char ganda_flags[FLAGS_ARRAY_MAX];
	const char *p[2] = { a->rc->period, ganda_flags };
	char prev[8], label[32], title[96];
	size_t i;
	int st;

	(void)flags_array(FLAG_GANDA, ganda_flags, sizeof ganda_flags);
	period_add(a->rc->period, -1, prev);
	period_label(prev, label, sizeof label);
	/* The first month has no earlier SK (no K): its Mutasi names none. */
	if ((st = rpt_exists(c, "SELECT rekon_k_exists($1)", a->rc->period,
	    err, errsz)) == -1)
		return REPORT_EDB;
	if (st == 1)
		snprintf(title, sizeof title, "Mutasi Peserta terhadap SK %s",
		    label);
	else
		snprintf(title, sizeof title, "Mutasi Peserta (belum ada SK bulan"
		    " sebelumnya untuk dibandingkan)");
	if ((st = ringkasan_sheet(c, b, a, err, errsz)) != REPORT_OK ||
	    (st = kuota_sheet(c, b, a, err, errsz)) != REPORT_OK ||
	    (st = rpt_list_sheet(c, b, &ganda_list, NULL, p, err, errsz)) !=
	    REPORT_OK ||
	    (st = selisih_sheet(c, b, a->rc->period, err, errsz)) != REPORT_OK)
		return st;
	for (i = 0; i < sizeof rekon_lists / sizeof rekon_lists[0]; i++)
		if ((st = rpt_list_sheet(c, b, &rekon_lists[i],
		    rekon_lists[i].title == NULL ? title : NULL, p, err,
		    errsz)) != REPORT_OK)
			return st;
	if ((st = calon_ganda_sheet(c, b, a->rc->period, err, errsz)) !=
	    REPORT_OK ||
	    (st = kelebihan_sheet(c, b, a->rc->period, err, errsz)) !=
	    REPORT_OK || (st = nonaktif_sheet(c, b, a, err, errsz)) != REPORT_OK)
		return st;
	return rpt_list_sheet(c, b, &ditolak_list, NULL, p, err, errsz);
}

/* The workbook, and nonaktif-P-bpjs.csv from its Usul Nonaktif rows (one
 * snapshot); the CSV goes into place after the workbook. */
static int
write_rekon_files(PGconn *c, const struct report_ctx *rc, const char *made,
    struct rekon_arg *a, char *err, size_t errsz)
{
	struct rpt_csv csv;
	char name[64];
	int st;

	snprintf(name, sizeof name, "nonaktif-%s-bpjs.csv", rc->period);
	if ((st = rpt_csv_open(&csv, rc->outdir, name, nonaktif_csv_cols,
	    RPT_NCOLS(nonaktif_csv_cols), err, errsz)) != REPORT_OK)
		return st;
	a->nonaktif = &csv;
	snprintf(name, sizeof name, "rekonsiliasi-%s.xlsx", rc->period);
	st = rpt_write_book(c, rc, made, rc->outdir, name, rekon_book, a, 1,
	    err, errsz);
	if ((st = rpt_csv_close(&csv, st, err, errsz)) != REPORT_OK)
		return st;
	if (rc->wrote != NULL)
		rc->wrote(rc->arg, csv.f.final);
	return REPORT_OK;
}

int
report_rekonsiliasi(PGconn *c, const struct report_ctx *rc, char *err,
    size_t errsz)
{
	static const char months_sql[] =
	    "SELECT count(*) FROM rekon_ringkasan" MONTHS_WHERE;
	struct rekon_arg a = { rc, 0, NULL };
	const char *p[1] = { rc->period };
	char made[RPT_MADE_SZ];
	PGresult *r;
	int own, st, yes;

	if ((st = rpt_begin(c, rc, &own, made, sizeof made, err, errsz)) !=
	    REPORT_OK)
		return st;
	yes = rpt_exists(c, "SELECT EXISTS (SELECT 1 FROM rekon_ringkasan"
	    " WHERE period = $1)", rc->period, err, errsz);
	if (yes == -1)
		st = REPORT_EDB;
	else if (yes == 0) {
		snprintf(err, errsz, "no reconciliation stored for %s: run"
		    " 'rekon rekonsiliasi --period %s' first", rc->period,
		    rc->period);
		st = REPORT_ENODATA;
	} else if ((st = rpt_query(c, &r, months_sql, 1, p, err, errsz)) ==
	    REPORT_OK) {
		a.months = atoi(PQgetvalue(r, 0, 0));
		PQclear(r);
		st = write_rekon_files(c, rc, made, &a, err, errsz);
	}
	rpt_end(c, own);
	return st;
}
