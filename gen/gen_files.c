/*
 * gen_files.c — dtks-P.csv, usulan-P.csv and feedback-P.csv.
 *
 * Every writer walks all families in the shuffled file order and asks each
 * person's fate whether this file of this month has a row for them. Spelling
 * choices that do not change what rekon computes (date forms, Y/YA/1, ...)
 * come from a hash of (person, month, field), so they are stable too.
 */
#include <stdio.h>
#include <string.h>

#include "gen_int.h"

static const char *const hub_dtks[4] = { "KEPALA KELUARGA", "ISTRI", "ANAK",
	"FAMILI LAIN" };

static int
open_month(const struct gen_ctx *c, struct gen_out *o, const char *kind, int mo,
    char delim, const char *eol, int bom, int cp, char *err, size_t errsz)
{
	char name[64];

	snprintf(name, sizeof name, "%s-%s.csv", kind, c->per[mo]);
	return gen_out_open(o, c->outdir, name, delim, eol, bom, cp, err,
	    errsz);
}

/* ---------------------------------------------------------------- dtks */

#define DTKS_HEADER "NIK ART|NO KK|NAMA ART|TGL LAHIR|JENIS KELAMIN|" \
	"HUB DGN KPL KELUARGA|ALAMAT|RT|RW|NAMA KECAMATAN|DESA KELURAHAN|" \
	"IDDTKS|DESIL|STATUS PADAN"

static void
dtks_row(const struct gen_ctx *c, struct gen_out *o, const struct gen_fam *f,
    const struct gen_person *p, const char *nik, int bad, int desil, int mo)
{
	char tgl[16], ds[4], nikbuf[24];
	const char *row[14];

	/* The second snapshot was saved through Excel: some NIKs carry the
	 * leading apostrophe of a text cell. */
	if (GEN_STYLE(mo) == 1 && *nik != '\0' &&
	    GEN_HASH(c, p->g, mo, 1) % 30 == 0) {
		snprintf(nikbuf, sizeof nikbuf, "'%s", nik);
		nik = nikbuf;
	}
	gen_date(tgl, sizeof tgl, p->dob, GEN_STYLE(mo) == 0 ? DF_ISO :
	    DF_DMY_DASH,
	    c->year[mo]);
	snprintf(ds, sizeof ds, "%d", desil);
	row[0] = nik;
	row[1] = f->kk;
	row[2] = p->nama;
	row[3] = tgl;
	row[4] = p->sex ? "PEREMPUAN" : "LAKI-LAKI";
	row[5] = hub_dtks[p->hub];
	row[6] = f->alamat;
	row[7] = f->rt;
	row[8] = f->rw;
	row[9] = gen_kec_name(f->kec);
	row[10] = gen_kel_name(f->kec, f->kel);
	row[11] = f->iddtks;
	row[12] = ds;
	row[13] = bad ? "TIDAK" : "YA";
	gen_out_row(o, row, 14);
	if (*nik == '\0')
		gen_out_reject(o, R_NIK_KOSONG);
	else {
		gen_out_accept(o);
		if (bad)
			o->st.flag[FL_NIK_TIDAK_VALID]++;
	}
}

static void
dtks_family(const struct gen_ctx *c, struct gen_out *o, const struct gen_fam *f,
    int mo)
{
	struct gen_person p;
	char nik[24];
	int m, dob;

	for (m = 0; m < f->size; m++) {
		gen_person_get(c, f, m, &p);
		if (f->kind == K_J_DTKS_NIK) {
			dtks_row(c, o, f, &p, "", 0, f->desil[mo], mo);
			continue;
		}
		if (!(p.f.dtks & (1 << mo)))
			continue;
		if (p.f.dtks_nikbad)
			gen_nik_bad(p.nik, NV_PROV, nik, sizeof nik);
		else
			snprintf(nik, sizeof nik, "%s", p.nik);
		dtks_row(c, o, f, &p, nik, p.f.dtks_nikbad, f->desil[mo],
		    mo);
		/* rules.md: D keeps the first row of a repeated NIK; the
		 * repeat says another desil so a test can tell which won. */
		if (p.f.dtks_dup)
			dtks_row(c, o, f, &p, nik, p.f.dtks_nikbad,
			    1 + f->desil[mo] % 10, mo);
		if (p.f.bextra == X_TWIN) {
			gen_identity(c, p.g - (uint64_t)m + 6, p.sex, p.adult,
			    f->kec, nik, &dob);
			dtks_row(c, o, f, &p, nik, 0, f->desil[mo], mo);
		}
	}
}

int
gen_write_dtks(const struct gen_ctx *c, int mo, struct gen_report *rep,
    char *err, size_t errsz)
{
	struct gen_out o;
	struct gen_fam f;
	long t;

	if (open_month(c, &o, "dtks", mo, '|', "\n", 0, 0, err, errsz) == -1)
		return -1;
	gen_out_raw(&o, DTKS_HEADER "\n", strlen(DTKS_HEADER) + 1);
	for (t = 0; t < c->nfam; t++) {
		gen_fam_get(c, gen_order(c, t), &f);
		dtks_family(c, &o, &f, mo);
	}
	return gen_out_close(&o, rep, err, errsz);
}

/* -------------------------------------------------------------- usulan */

#define USULAN_NCOL 20
static const char *const usulan_header[USULAN_NCOL] = {
	"NO", "NIK", "NO KK", "NAMA", "TGL LAHIR", "JENIS KELAMIN",
	"HUB KELUARGA", "ALAMAT", "RT", "RW", "KELURAHAN", "KECAMATAN",
	"JENIS USULAN", "TGL USULAN", "NO SKTM", "ADA KK", "ADA KTP",
	"ADA SKTM", "ADA REKOMENDASI", "ADA SURAT SAKIT",
};

struct usl_row {
	char	 no[24], nik[24], tgl[16], tglu[16], sktm[32], alamat[96];
	const char *f[USULAN_NCOL];
};

static const char *
yes(uint64_t h)
{
	static const char *const v[3] = { "Y", "YA", "1" };

	return v[h % 3];
}

static const char *
no(uint64_t h)
{
	static const char *const v[3] = { "N", "TIDAK", "0" };

	return v[h % 3];
}

static void
usl_nik(const struct gen_ctx *c, const struct gen_person *p, int mo, char *out,
    size_t n)
{
	const char *s = p->nik;

	if (p->f.us_nik == NV_15) {
		gen_nik_bad(p->nik, NV_15, out, n);
		return;
	}
	/* Typed by a kelurahan clerk: some NIKs in groups of four. */
	if (strlen(s) == 16 && GEN_HASH(c, p->g, mo, 2) % 15 == 0)
		snprintf(out, n, "%.4s %.4s %.4s %.4s", s, s + 4, s + 8,
		    s + 12);
	else
		snprintf(out, n, "%s", s);
}

static void
usl_dates(const struct gen_ctx *c, const struct gen_fam *f,
    const struct gen_person *p, int mo, int later, struct usl_row *r)
{
	static const int lahir[3] = { DF_DMY_SLASH, DF_ISO, DF_DMYY };
	uint64_t h = GEN_HASH(c, p->g, mo, 3);
	int y, m, d;

	if (p->f.us_dobbad) {
		date_to_civil(p->dob, &y, &m, &d);
		snprintf(r->tgl, sizeof r->tgl, "31/02/%04d", y);
	} else
		gen_date(r->tgl, sizeof r->tgl, p->dob, lahir[h % 3],
		    c->year[mo]);
	r->tglu[0] = '\0';
	if (f->tgl_usulan[mo] != 0)
		gen_date(r->tglu, sizeof r->tglu, f->tgl_usulan[mo] + later,
		    (h >> 8) % 2 ? DF_ISO : DF_DMY_SLASH, c->year[mo]);
}

static void
usl_docs(const struct gen_ctx *c, const struct gen_person *p, int mo,
    struct usl_row *r)
{
	uint64_t h = GEN_HASH(c, p->g, mo, 4);

	r->f[15] = p->f.us_berkas == 2 ? no(h) : yes(h);
	r->f[16] = p->f.us_berkas == 1 ? no(h >> 4) : yes(h >> 4);
	r->f[17] = p->f.us_sktm ? yes(h >> 8) : no(h >> 8);
	r->f[18] = (h >> 12) % 3 ? yes(h >> 16) : no(h >> 16);
	r->f[19] = (h >> 20) % 2 ? "" : "N";
}

/* One proposal row. later: days added to TGL USULAN (a repeated proposal). */
static void
usl_row(const struct gen_ctx *c, struct gen_out *o, const struct gen_fam *f,
    const struct gen_person *p, int mo, int later, long *no_)
{
	static const char *const jenis[3] = { "BARU", "", "MUTASI" };
	struct usl_row r;
	uint64_t h = GEN_HASH(c, p->g, mo, 5);
	char *nl;

	memset(&r, 0, sizeof r);
	snprintf(r.no, sizeof r.no, "%ld", ++*no_);
	usl_nik(c, p, mo, r.nik, sizeof r.nik);
	usl_dates(c, f, p, mo, later, &r);
	snprintf(r.alamat, sizeof r.alamat, "%s", f->alamat);
	/* One address per month was typed with Alt+Enter: a line break
	 * inside a quoted field. */
	if (f->j == 0 && p->m == 0 && later == 0 &&
	    f->kind == (mo == 0 ? K_U_BERHASIL : mo == 1 ? K_V_MASUK :
	    K_W_MASUK) &&
	    (nl = strstr(r.alamat, ", ")) != NULL)
		nl[1] = '\n';
	if (p->f.us_sktm)
		snprintf(r.sktm, sizeof r.sktm, "470/%03d/KEL/%04d",
		    (int)(f->j % 900) + 1 + p->m, c->year[mo]);
	r.f[0] = r.no;
	r.f[1] = r.nik;
	r.f[2] = f->kk;
	r.f[3] = p->nama;
	r.f[4] = r.tgl;
	r.f[5] = p->sex ? (h % 2 ? "P" : "PR") : (h % 2 ? "L" : "LK");
	r.f[6] = hub_dtks[p->hub];
	r.f[7] = r.alamat;
	r.f[8] = f->rt;
	r.f[9] = f->rw;
	r.f[10] = gen_kel_name(f->kec, f->kel);
	r.f[11] = gen_kec_name(f->kec);
	r.f[12] = jenis[p->f.us_jenis];
	r.f[13] = r.tglu;
	r.f[14] = r.sktm;
	usl_docs(c, p, mo, &r);
	gen_out_row(o, r.f, USULAN_NCOL);
	if (f->kind == K_J_USULAN_NIK) {
		gen_out_reject(o, R_NIK_KOSONG);
		return;
	}
	gen_out_accept(o);
	if (p->f.us_nik)
		o->st.flag[FL_NIK_TIDAK_VALID]++;
	if (p->f.us_dobbad)
		o->st.flag[FL_TGL_TIDAK_VALID]++;
}

static void
usl_family(const struct gen_ctx *c, struct gen_out *o, const struct gen_fam *f,
    int mo, long *no_)
{
	struct gen_person p;
	int m;

	if (f->kind == K_J_USULAN_NIK) {
		if (f->j % 2 == mo) {
			gen_person_get(c, f, 0, &p);
			p.nik[0] = '\0';
			usl_row(c, o, f, &p, mo, 0, no_);
		}
		return;
	}
	for (m = 0; m < f->size; m++) {
		gen_person_get(c, f, m, &p);
		if (p.f.us[mo])
			usl_row(c, o, f, &p, mo, 0, no_);
	}
	/* The repeated proposal comes after the family, three days later:
	 * rules.md orders U by TGL USULAN, so it is the later one. */
	for (m = 0; m < f->size; m++) {
		gen_person_get(c, f, m, &p);
		if (p.f.us[mo] && p.f.us_dup)
			usl_row(c, o, f, &p, mo, 3, no_);
	}
}

int
gen_write_usulan(const struct gen_ctx *c, int mo, struct gen_report *rep,
    char *err, size_t errsz)
{
	struct gen_out o;
	struct gen_fam f;
	char title[96];
	long t, no_ = 0;

	if (open_month(c, &o, "usulan", mo, ',', GEN_STYLE(mo) ? "\r\n" : "\n", 0, 0, err,
	    errsz) == -1)
		return -1;
	gen_out_title(&o, "DAFTAR USULAN PBPU PEMDA", USULAN_NCOL);
	snprintf(title, sizeof title, "KODE WILAYAH %s BULAN %s %d", c->region,
	    gen_bulan(c->mon[mo]), c->year[mo]);
	gen_out_title(&o, title, USULAN_NCOL);
	gen_out_title(&o, "", USULAN_NCOL);
	gen_out_row(&o, usulan_header, USULAN_NCOL);
	for (t = 0; t < c->nfam; t++) {
		gen_fam_get(c, gen_order(c, t), &f);
		if (gen_kind_proposes(f.kind) || f.kind == K_J_USULAN_NIK)
			usl_family(c, &o, &f, mo, &no_);
	}
	return gen_out_close(&o, rep, err, errsz);
}

/* ------------------------------------------------------------ feedback */

#define FB_NCOL 9
static const char *const fb_header[2][FB_NCOL] = {
	{ "NO", "NIK", "NO KK", "NAMA", "TGL LAHIR", "HASIL", "NO KARTU", "TMT",
	    "KETERANGAN" },
	{ "NO", "NIK", "NOKK", "NAMA", "TANGGAL LAHIR", "STATUS PENDAFTARAN",
	    "NOKA", "TGL TMT", "ALASAN GAGAL" },
};

static void
fb_row(const struct gen_ctx *c, struct gen_out *o, const struct gen_fam *f,
    const struct gen_person *p, int mo, const char *hasil, int ket, long *no_)
{
	static const char *const gagal[3] = { "GAGAL", "DITOLAK",
	    "TIDAK BERHASIL" };
	char num[24], tgl[16], tmt[16], noka[16];
	const char *row[FB_NCOL];
	uint64_t h = GEN_HASH(c, p->g, mo, 6);
	int next = c->mon[mo] == 12 ? date_from_civil(c->year[mo] + 1, 1, 1) :
	    date_from_civil(c->year[mo], c->mon[mo] + 1, 1);

	snprintf(num, sizeof num, "%ld", ++*no_);
	gen_date(tgl, sizeof tgl, p->dob, DF_DMY_SLASH, c->year[mo]);
	noka[0] = tmt[0] = '\0';
	if (ket < 0) {
		/* Registered: the card number, and TMT the next 1st. Some
		 * NOKAs went through Excel and lost their zeros. */
		snprintf(noka, sizeof noka, "%s", h % 4 == 0 ? p->noka + 3 :
		    p->noka);
		gen_date(tmt, sizeof tmt, next, DF_DMY_SLASH, c->year[mo]);
	}
	row[0] = num;
	row[1] = p->nik;
	row[2] = f->kk;
	row[3] = p->nama;
	row[4] = tgl;
	if (hasil != NULL)
		row[5] = hasil;
	else if (ket < 0)
		row[5] = (h >> 4) % 3 ? "BERHASIL" : "SUKSES";
	else
		row[5] = gagal[ket % 3];
	row[6] = noka;
	row[7] = tmt;
	row[8] = ket < 0 ? "" : gen_ket[ket];
	gen_out_row(o, row, FB_NCOL);
	if (p->nik[0] == '\0')
		gen_out_reject(o, R_NIK_KOSONG);
	else if (hasil != NULL)
		gen_out_reject(o, R_HASIL);
	else {
		gen_out_accept(o);
		if (ket < 0 && h % 4 == 0)
			o->st.flag[FL_NOKA_DIPERBAIKI]++;
	}
}

static void
fb_family(const struct gen_ctx *c, struct gen_out *o, const struct gen_fam *f,
    int mo, long *no_)
{
	struct gen_person p;
	int m;

	if (f->kind == K_J_FEEDBACK_NIK || f->kind == K_J_FEEDBACK_HASIL) {
		gen_person_get(c, f, 0, &p);
		if (f->kind == K_J_FEEDBACK_NIK)
			p.nik[0] = '\0';
		fb_row(c, o, f, &p, mo, f->kind == K_J_FEEDBACK_HASIL ?
		    "MENUNGGU VERIFIKASI" : NULL, 0, no_);
		return;
	}
	for (m = 0; m < f->size; m++) {
		gen_person_get(c, f, m, &p);
		switch (p.f.fb[mo]) {
		case FB_OK:
			fb_row(c, o, f, &p, mo, NULL, -1, no_);
			break;
		case FB_FAIL:
			fb_row(c, o, f, &p, mo, NULL, p.f.fb_ket, no_);
			break;
		case FB_FAIL_OK:	/* resubmitted: the later row wins */
			fb_row(c, o, f, &p, mo, NULL, 1, no_);
			fb_row(c, o, f, &p, mo, NULL, -1, no_);
			break;
		default:
			break;
		}
	}
}

int
gen_write_feedback(const struct gen_ctx *c, int mo, struct gen_report *rep,
    char *err, size_t errsz)
{
	struct gen_out o;
	struct gen_fam f;
	long t, no_ = 0;

	/* BPJS's application: Windows-1252, CRLF, ';'. */
	if (open_month(c, &o, "feedback", mo, ';', "\r\n", 0, 1, err,
	    errsz) == -1)
		return -1;
	gen_out_row(&o, fb_header[GEN_STYLE(mo)], FB_NCOL);
	for (t = 0; t < c->nfam; t++) {
		gen_fam_get(c, gen_order(c, t), &f);
		if (gen_kind_proposes(f.kind) || f.kind == K_J_FEEDBACK_NIK ||
		    f.kind == K_J_FEEDBACK_HASIL)
			fb_family(c, &o, &f, mo, &no_);
	}
	return gen_out_close(&o, rep, err, errsz);
}
