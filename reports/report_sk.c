/*
 * report_sk.c — sk-lampiran-P.xlsx, the SK attachment to print and sign
 * (outputs.md §5; the contract is in report.h).
 */
#include "report_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "period.h"

#define SK_HEADING	7

static const struct xs_col lampiran_cols[] = {
	{ "NO KARTU", XS_ID },
	{ "NIK", XS_ID },
	{ "NO KK", XS_ID },
	{ "NAMA", XS_TEXT },
	{ "TGL LAHIR", XS_DATE },
	{ "JK", XS_SHORT },
	{ "ALAMAT", XS_TEXT },
	{ "KELURAHAN", XS_TEXT },
	{ "KECAMATAN", XS_TEXT },
	{ "KD FASKES", XS_TEXT },
	{ "TMT", XS_DATE },
};
#define SIGN_COL	7	/* the signature block stands from column H on */

/* The SK list of P: as signed (sk_final) once P is closed, else as the
 * reconciliation stored it. */
#define SK_LIST \
	"WITH l AS (SELECT * FROM sk_final WHERE period = $1 UNION ALL" \
	" SELECT * FROM sk_daftar WHERE period = $1" \
	" AND NOT EXISTS (SELECT 1 FROM sk_final WHERE period = $1)) "

/* Sorted as §5 says: kecamatan, kelurahan, no_kk, nama, nik, byte-wise,
 * empty last; the key makes the order total. */
static const char lampiran_sql[] = SK_LIST
    "SELECT noka, nik, no_kk, nama, tgl_lahir, jenis_kelamin, alamat,"
    " kelurahan, kecamatan, kd_faskes, tmt FROM l"
    " ORDER BY coalesce(kecamatan, '') = '', kecamatan COLLATE \"C\","
    " coalesce(kelurahan, '') = '', kelurahan COLLATE \"C\","
    " coalesce(no_kk, '') = '', no_kk COLLATE \"C\","
    " coalesce(nama, '') = '', nama COLLATE \"C\","
    " coalesce(nik, '') = '', nik COLLATE \"C\", kunci COLLATE \"C\"";

static const struct xs_col rekap_cols[] = {
	{ "KECAMATAN", XS_TEXT },
	{ "KELURAHAN", XS_TEXT },
	{ "JUMLAH", XS_COUNT },
};
static const char rekap_sql[] = SK_LIST
    "SELECT kec, kel, n FROM (SELECT coalesce(kecamatan, '') AS kec,"
    "  coalesce(kelurahan, '') AS kel, count(*) AS n"
    "  FROM l GROUP BY 1, 2) x"
    " ORDER BY kec = '', kec COLLATE \"C\", kel = '', kel COLLATE \"C\"";

struct sk_arg {
	const struct report_ctx	*rc;
	char			 line[SK_HEADING][512];
	char			 tgl[128];	/* the SK's tanggal, as printed */
	char			 kota[256];	/* where it is signed */
	long long		 n;		/* rows of the Lampiran */
	char			 isi[65];	/* the digest of what it prints */
};

static void
upper_ascii(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)toupper((unsigned char)*s);
}

static const char *
nonempty(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

/* Where the SK is signed: the region's name without its "Kabupaten" or
 * "Kota" ("Kabupaten Batang" -> "Batang"); "...." when none. */
static void
sk_kota(const char *region, char *out, size_t outsz)
{
	static const char *const words[] = { "Kabupaten ", "Kab. ", "Kota ",
	    NULL };
	size_t i, n;

	for (i = 0; words[i] != NULL; i++) {
		n = strlen(words[i]);
		if (strncasecmp(region, words[i], n) == 0) {
			region += n;
			break;
		}
	}
	snprintf(out, outsz, "%s", *region != '\0' ? region : "....");
}

/* The SK's nomor and tanggal: the command line, else what `rekon sk`
 * stored for P, else config. */
static int
heading_lines(PGconn *c, struct sk_arg *a, char *err, size_t errsz)
{
	const struct report_ctx *rc = a->rc;
	const struct config *cfg = rc->cfg;
	const char *p[1] = { rc->period };
	const char *nomor, *tanggal;
	char region[256], label[32], tgl[128];
	PGresult *r;
	int st;

	if ((st = rpt_query(c, &r, "SELECT sk_nomor, sk_tanggal FROM periode"
	    " WHERE period = $1", 1, p, err, errsz)) != REPORT_OK)
		return st;
	nomor = nonempty(rc->sk_nomor);
	if (nomor == NULL && PQntuples(r) == 1)
		nomor = nonempty(PQgetvalue(r, 0, 0));
	if (nomor == NULL && cfg != NULL)
		nomor = nonempty(cfg->sk.nomor);
	tanggal = nonempty(rc->sk_tanggal);
	if (tanggal == NULL && PQntuples(r) == 1)
		tanggal = nonempty(PQgetvalue(r, 0, 1));
	if (tanggal == NULL && cfg != NULL && cfg->sk.tanggal.y != 0) {
		xs_format_tanggal(tgl, sizeof tgl, cfg->sk.tanggal.y,
		    cfg->sk.tanggal.m, cfg->sk.tanggal.d);
	} else
		report_sk_tanggal(tanggal, tgl, sizeof tgl);

	snprintf(region, sizeof region, "%s",
	    cfg && cfg->region.name ? cfg->region.name : "");
	sk_kota(region, a->kota, sizeof a->kota);
	upper_ascii(region);
	period_label(rc->period, label, sizeof label);
	upper_ascii(label);
	snprintf(a->tgl, sizeof a->tgl, "%s", tgl);
	/* The heading block, on the right, colons aligned (TAB: the next
	 * column), as an SK's lampiran is laid out. */
	snprintf(a->line[0], sizeof a->line[0], "LAMPIRAN");
	snprintf(a->line[1], sizeof a->line[1],
	    "KEPUTUSAN KEPALA DINAS KESEHATAN%s%s", *region ? " " : "", region);
	snprintf(a->line[2], sizeof a->line[2], "NOMOR\t: %s",
	    nomor ? nomor : "....");
	snprintf(a->line[3], sizeof a->line[3], "TANGGAL\t: %s", tgl);
	/* TENTANG on three lines: as two, its second was wider than the
	 * columns below it, and the page took in one more (smaller print). */
	snprintf(a->line[4], sizeof a->line[4], "TENTANG\t: PENETAPAN PESERTA"
	    " JAMINAN KESEHATAN YANG");
	snprintf(a->line[5], sizeof a->line[5], "\t  DIDAFTARKAN OLEH"
	    " PEMERINTAH DAERAH");
	snprintf(a->line[6], sizeof a->line[6], "\t  BULAN %s", label);
	PQclear(r);
	return REPORT_OK;
}

/* The heading block from column col; flags as xs_add_sheet_heading_at's. */
static enum xs_error
add_sk_sheet(struct xs_book *b, struct xs_sheet *s, const char *name,
    struct sk_arg *a, int col, int flags)
{
	const char *lines[SK_HEADING];
	int i;

	for (i = 0; i < SK_HEADING; i++)
		lines[i] = a->line[i];
	return xs_add_sheet_heading_at(b, s, name, lines, SK_HEADING, col,
	    flags);
}

/* "Jumlah: N jiwa", then on the right where and when it is signed, the
 * position (its last line ending in a comma), room to sign, the name
 * (bold, underlined), rank and NIP. */
static enum xs_error
write_signature(struct xs_sheet *s, const struct config *cfg,
    const struct sk_arg *a)
{
	const char *jabatan = "KEPALA DINAS KESEHATAN", *region = "";
	char buf[512], jiwa[64];
	enum xs_error e;

	if (cfg != NULL) {
		if (nonempty(cfg->sk.jabatan))
			jabatan = cfg->sk.jabatan;
		if (nonempty(cfg->region.name))
			region = cfg->region.name;
	}
	snprintf(buf, sizeof buf, "Jumlah: %s", xs_format_jiwa(jiwa, sizeof jiwa,
	    a->n));
	if ((e = xs_skip_rows(s, 1)) != XS_OK ||
	    (e = xs_write_line(s, 0, buf, XS_BOLD)) != XS_OK ||
	    (e = xs_skip_rows(s, 1)) != XS_OK)
		return e;
	snprintf(buf, sizeof buf, "Ditetapkan di %s", a->kota);
	if ((e = xs_write_line(s, SIGN_COL, buf, XS_PLAIN)) != XS_OK)
		return e;
	snprintf(buf, sizeof buf, "pada tanggal %s", a->tgl);
	if ((e = xs_write_line(s, SIGN_COL, buf, XS_PLAIN)) != XS_OK ||
	    (e = xs_skip_rows(s, 1)) != XS_OK)
		return e;
	/* The default position names no region; the signature must. */
	if (*region != '\0' && strcasestr(jabatan, region) == NULL) {
		if ((e = xs_write_line(s, SIGN_COL, jabatan, XS_BOLD)) != XS_OK)
			return e;
		snprintf(buf, sizeof buf, "%s,", region);
		upper_ascii(buf);
	} else
		snprintf(buf, sizeof buf, "%s,", jabatan);
	if ((e = xs_write_line(s, SIGN_COL, buf, XS_BOLD)) != XS_OK ||
	    (e = xs_skip_rows(s, 4)) != XS_OK ||
	    (e = xs_write_line(s, SIGN_COL, cfg && nonempty(cfg->sk.nama) ?
	    cfg->sk.nama : "....................................",
	    XS_BOLD_UNDERLINE)) != XS_OK)
		return e;
	if (cfg != NULL && nonempty(cfg->sk.pangkat) &&
	    (e = xs_write_line(s, SIGN_COL, cfg->sk.pangkat, XS_PLAIN)) != XS_OK)
		return e;
	snprintf(buf, sizeof buf, "NIP. %s", cfg && nonempty(cfg->sk.nip) ?
	    cfg->sk.nip : "....................");
	return xs_write_line(s, SIGN_COL, buf, XS_PLAIN);
}

static int
lampiran_sheet(PGconn *c, struct xs_book *b, struct sk_arg *a, char *err,
    size_t errsz)
{
	const char *p[1] = { a->rc->period };
	struct xs_sheet s;
	enum xs_error e;
	int st = REPORT_OK;

	/* The last printed page never holds the signature alone: fixed
	 * rows, and page breaks that keep the list's last rows, Jumlah and
	 * the signature together (XS_KEEP_END). */
	if ((e = add_sk_sheet(b, &s, "Lampiran", a, SIGN_COL, XS_KEEP_END)) !=
	    XS_OK ||
	    (e = xs_start_table(&s, NULL, lampiran_cols, RPT_NCOLS(lampiran_cols),
	    XS_FILTER)) != XS_OK)
		goto xfail;
	if ((st = rpt_fill(c, &s, lampiran_sql, 1, p, &a->n, err, errsz)) !=
	    REPORT_OK)
		goto out;
	if ((e = xs_end_table(&s)) != XS_OK ||
	    (e = write_signature(&s, a->rc->cfg, a)) != XS_OK)
		goto xfail;
	goto out;
xfail:
	st = rpt_xs_fail(b, e, err, errsz);
out:
	return rpt_close_sheet(b, &s, st, err, errsz);
}

static enum xs_error
write_subtotal(struct xs_sheet *s, const char *kec, long long n)
{
	char num[32];
	const char *vals[3] = { kec, "JUMLAH", num };

	snprintf(num, sizeof num, "%lld", n);
	return xs_write_total(s, vals);
}

/* Per kelurahan, a subtotal under each kecamatan, the total at the end. */
static int
rekap_sheet(PGconn *c, struct xs_book *b, struct sk_arg *a, char *err,
    size_t errsz)
{
	const char *p[1] = { a->rc->period };
	const char *vals[3];
	char total[32];
	long long sub = 0, all = 0;
	struct xs_sheet s;
	enum xs_error e = XS_OK;
	PGresult *r = NULL;
	int i, st;

	if ((st = rpt_query(c, &r, rekap_sql, 1, p, err, errsz)) != REPORT_OK)
		return st;
	/* Rekap prints on its four columns: the heading block from B, C as
	 * wide as its values (or the lines that start in B and run on), and
	 * no filter (its subtotal rows are no list to filter). */
	if ((e = add_sk_sheet(b, &s, "Rekap", a, 1, 0)) != XS_OK)
		goto out;
	xs_min_width(&s, 1, 10);
	for (i = 0; i < SK_HEADING; i++) {
		const char *tab = strchr(a->line[i], '\t');

		xs_min_width(&s, 2, tab != NULL ? strlen(tab + 1) + 2 :
		    strlen(a->line[i]) > 10 ? strlen(a->line[i]) - 10 + 2 : 0);
	}
	if ((e = xs_start_table(&s, NULL, rekap_cols, RPT_NCOLS(rekap_cols),
	    0)) != XS_OK)
		goto out;
	for (i = 0; i < PQntuples(r); i++) {
		const char *kec = PQgetvalue(r, i, 0), *kel = PQgetvalue(r, i, 1);
		long long n = strtoll(PQgetvalue(r, i, 2), NULL, 10);

		vals[0] = *kec ? kec : "(TANPA KECAMATAN)";
		vals[1] = *kel ? kel : "(TANPA KELURAHAN)";
		vals[2] = PQgetvalue(r, i, 2);
		if ((e = xs_write_row(&s, vals)) != XS_OK)
			goto out;
		sub += n;
		all += n;
		/* The kecamatan ends here when the next row is another. */
		if (i + 1 == PQntuples(r) || strcmp(kec, PQgetvalue(r, i + 1, 0)) != 0) {
			if ((e = write_subtotal(&s, vals[0], sub)) != XS_OK)
				goto out;
			sub = 0;
		}
	}
	snprintf(total, sizeof total, "%lld", all);
	vals[0] = "JUMLAH SELURUHNYA";
	vals[1] = NULL;
	vals[2] = total;
	e = xs_write_total(&s, vals);
out:
	PQclear(r);
	if (e != XS_OK) {
		xs_close_sheet(&s);
		return rpt_xs_fail(b, e, err, errsz);
	}
	if ((e = xs_close_sheet(&s)) != XS_OK)
		return rpt_xs_fail(b, e, err, errsz);
	if (all != a->n) {	/* one snapshot: cannot happen */
		snprintf(err, errsz, "Rekap counts %lld, Lampiran %lld", all, a->n);
		return REPORT_EDB;
	}
	return REPORT_OK;
}

static int
sk_book(PGconn *c, struct xs_book *b, void *arg, char *err, size_t errsz)
{
	struct sk_arg *a = arg;
	enum xs_error e;
	int st;

	if ((e = xs_digest_start(b)) != XS_OK)
		return rpt_xs_fail(b, e, err, errsz);
	if ((st = lampiran_sheet(c, b, a, err, errsz)) != REPORT_OK ||
	    (st = rekap_sheet(c, b, a, err, errsz)) != REPORT_OK)
		return st;
	if ((e = xs_digest_hex(b, a->isi)) != XS_OK)
		return rpt_xs_fail(b, e, err, errsz);
	return REPORT_OK;
}

int
report_sk(PGconn *c, const struct report_ctx *rc, char *err, size_t errsz)
{
	struct sk_arg a;
	char name[64], made[RPT_MADE_SZ];
	int own, st, yes;

	memset(&a, 0, sizeof a);
	a.rc = rc;
	if ((st = rpt_begin(c, rc, &own, made, sizeof made, err, errsz)) !=
	    REPORT_OK)
		return st;
	yes = rpt_exists(c, "SELECT EXISTS (SELECT 1 FROM rekon_ringkasan"
	    " WHERE period = $1) OR EXISTS (SELECT 1 FROM sk_final"
	    " WHERE period = $1)", rc->period, err, errsz);
	if (yes == -1)
		st = REPORT_EDB;
	else if (yes == 0) {
		snprintf(err, errsz, "no SK list stored for %s: run"
		    " 'rekon rekonsiliasi --period %s' first", rc->period,
		    rc->period);
		st = REPORT_ENODATA;
	} else if ((st = heading_lines(c, &a, err, errsz)) == REPORT_OK) {
		snprintf(name, sizeof name, "sk-lampiran-%s.xlsx", rc->period);
		st = rpt_write_book(c, rc, made, rc->outdir, name, sk_book, &a, 1,
		    err, errsz);
		if (st == REPORT_OK && rc->sk_isi != NULL)
			memcpy(rc->sk_isi, a.isi, sizeof a.isi);
	}
	rpt_end(c, own);
	return st;
}
