/*
 * gen_peserta.c — peserta-P.csv, BPJS's monthly list (BNBA): UTF-8 with a
 * BOM, CRLF, ';', and the damage Excel does to it (NOKAs without their
 * leading zeros, NIKs in scientific notation, dates as serial numbers). The
 * two months spell their headers differently, as two BPJS exports do.
 */
#include <stdio.h>
#include <string.h>

#include "gen_int.h"

enum { P_NOKA, P_NIK, P_KK, P_NAMA, P_TGL, P_JK, P_HUB, P_ALAMAT, P_KEC,
	P_KEL, P_KD, P_NM, P_TMT, P_STATUS, P_SEGMEN, P_N };

/* Column order of each month's file; -1 is the running number NO. */
static const int layout[2][P_N + 1] = {
	{ P_NOKA, P_NIK, P_KK, P_NAMA, P_TGL, P_JK, P_HUB, P_ALAMAT, P_KEC,
	    P_KEL, P_KD, P_NM, P_TMT, P_STATUS, P_SEGMEN, -2 },
	{ -1, P_NOKA, P_NIK, P_KK, P_NAMA, P_TGL, P_JK, P_HUB, P_ALAMAT, P_KEC,
	    P_KEL, P_KD, P_NM, P_TMT, P_STATUS, P_SEGMEN },
};
static const int ncol[2] = { P_N, P_N + 1 };
static const char *const header[2][P_N + 1] = {
	{ "NO KARTU", "NIK", "NO KK", "NAMA", "TGL LAHIR", "JK",
	    "HUBUNGAN KELUARGA", "ALAMAT", "KECAMATAN", "KELURAHAN", "KD PPK",
	    "NM PPK", "TMT", "STATUS PESERTA", "SEGMEN", NULL },
	{ "NO", "NOKA", "NIK", "NOKK", "NAMA", "TANGGAL LAHIR", "JENIS KELAMIN",
	    "HUBKEL", "ALAMAT", "NM KEC", "NAMA DESA", "KODE FASKES",
	    "NAMA FASKES", "TGL TMT", "KET AKTIF", "JENIS PESERTA" },
};
static const char *const hub_bpjs[4] = { "KEPALA KELUARGA", "ISTRI", "ANAK",
	"FAMILI LAIN" };

struct prow {
	char	 noka[24], nik[24], nama[192], tgl[16], tmt[16], kd[16];
	char	 nm[64];
	const char *v[P_N];
	int	 flag[FL_N];
};

struct pfile {
	struct gen_out	 o;
	int		 mo;
	long		 no;
	char		 kk[17];	/* a second row's own No KK */
};

/* One row; raw: write the fields unquoted, delimiters and all. */
static void
emit(struct pfile *pf, struct prow *r, int reject, int raw)
{
	const char *row[P_N + 1];
	char num[24];
	int i, k;

	snprintf(num, sizeof num, "%ld", ++pf->no);
	for (i = 0; i < ncol[GEN_STYLE(pf->mo)]; i++) {
		k = layout[GEN_STYLE(pf->mo)][i];
		row[i] = k == -1 ? num : r->v[k];
	}
	if (raw)
		gen_out_row_raw(&pf->o, row, ncol[GEN_STYLE(pf->mo)]);
	else
		gen_out_row(&pf->o, row, ncol[GEN_STYLE(pf->mo)]);
	if (reject >= 0) {
		gen_out_reject(&pf->o, reject);
		return;
	}
	gen_out_accept(&pf->o);
	for (i = 0; i < FL_N; i++)
		pf->o.st.flag[i] += r->flag[i];
}

static const char *
segmen(int seg, int mo, uint64_t h)
{
	static const char *const pemda[2][20] = {
		{ "PBPU PEMDA", "PBPU PEMDA", "PBPU PEMDA", "PBPU PEMDA",
		  "PBPU PEMDA", "PBPU PEMDA", "PBPU PEMDA", "PBPU PEMDA",
		  "PBPU PEMDA", "PBPU PEMDA", "PBPU PEMDA", "PBPU PEMDA",
		  "PBPU PEMDA", "PBPU PEMDA", "PBPU PEMDA", "PBPU PEMDA",
		  "PBPU PEMDA", "PBPU PEMDA", "PBI APBD", "" },
		{ "PBPU DAN BP PEMDA", "PBPU DAN BP PEMDA", "PBPU DAN BP PEMDA",
		  "PBPU DAN BP PEMDA", "PBPU DAN BP PEMDA", "PBPU DAN BP PEMDA",
		  "PBPU DAN BP PEMDA", "PBPU DAN BP PEMDA", "PBPU DAN BP PEMDA",
		  "PBPU DAN BP PEMDA", "PBPU DAN BP PEMDA", "PBPU DAN BP PEMDA",
		  "PBPU DAN BP PEMDA", "PBPU DAN BP PEMDA", "PBPU DAN BP PEMDA",
		  "PBPU DAN BP PEMDA", "PBPU DAN BP PEMDA", "PEMDA", "22", "" },
	};
	static const char *const other[3][2] = {
	    { "PPU", "PEKERJA PENERIMA UPAH" }, { "PBI APBN", "PBI JK" },
	    { "PBPU MANDIRI", "MANDIRI" } };

	if (seg == SEG_PEMDA)
		return pemda[GEN_STYLE(mo)][h % 20];
	return other[seg - 1][GEN_STYLE(mo)];
}

/* Fields every row of a person shares, before the planted damage. */
static void
prow_base(const struct gen_ctx *c, const struct gen_fam *f,
    const struct gen_person *p, int mo, struct prow *r)
{
	uint64_t h = GEN_HASH(c, p->g, mo, 7);
	int tmt = f->tmt, k;

	/* Someone new on a list: TMT is the 1st of the first list's month
	 * (P's for a row of no one, a junk row). */
	if (p->f.bst[0] < 0) {
		for (k = 1; k < mo && p->f.bst[k] < 0; k++)
			;
		tmt = c->day0[k];
	}

	memset(r, 0, sizeof *r);
	snprintf(r->nik, sizeof r->nik, "%s", p->nik);
	snprintf(r->noka, sizeof r->noka, "%s", p->noka);
	snprintf(r->nama, sizeof r->nama, "%s", p->nama);
	gen_date(r->tgl, sizeof r->tgl, p->dob, h % 5 == 0 ? DF_SERIAL :
	    DF_DMY_DASH, c->year[mo]);
	gen_date(r->tmt, sizeof r->tmt, tmt, (h >> 4) % 7 == 0 ? DF_SERIAL :
	    DF_DMY_DASH, c->year[mo]);
	gen_faskes(c, f->kec, f->fas, r->kd, sizeof r->kd, r->nm, sizeof r->nm);
	r->v[P_NOKA] = r->noka;
	r->v[P_NIK] = r->nik;
	r->v[P_KK] = f->kk;
	r->v[P_NAMA] = r->nama;
	r->v[P_TGL] = r->tgl;
	r->v[P_JK] = GEN_STYLE(mo) ? (p->sex ? "PEREMPUAN" : "LAKI-LAKI") :
	    (p->sex ? "P" : "L");
	r->v[P_HUB] = hub_bpjs[p->hub];
	r->v[P_ALAMAT] = f->alamat;
	r->v[P_KEC] = gen_kec_name(f->kec);
	r->v[P_KEL] = gen_kel_name(f->kec, f->kel);
	r->v[P_KD] = r->kd;
	r->v[P_NM] = r->nm;
	r->v[P_TMT] = r->tmt;
	r->v[P_STATUS] = gen_status_raw[p->f.bst[mo] >= 0 ? p->f.bst[mo] : 0];
	r->v[P_SEGMEN] = segmen(p->f.bseg, mo, h >> 8);
	/* VClaim's code 0 is AKTIF; one export in forty says so. */
	if (GEN_STYLE(mo) == 1 && p->f.bst[mo] == ST_AKTIF && (h >> 16) % 40 == 0)
		r->v[P_STATUS] = "0";
}

static void
prow_nik(const struct gen_ctx *c, const struct gen_fam *f,
    const struct gen_person *p, int mo, struct prow *r)
{
	switch (p->f.bnik) {
	case NV_PROV:
	case NV_15:
		gen_nik_bad(p->nik, p->f.bnik, r->nik, sizeof r->nik);
		r->flag[FL_NIK_TIDAK_VALID] = 1;
		break;
	case NV_SCI:
		gen_nik_sci(p->nik, (int)(f->j % 2), r->nik, sizeof r->nik);
		r->flag[FL_ID_RUSAK_EXCEL] = 1;
		break;
	default:
		if (GEN_STYLE(mo) == 1 && GEN_HASH(c, p->g, mo, 8) % 25 == 0)
			snprintf(r->nik, sizeof r->nik, "'%s", p->nik);
		break;
	}
}

static void
prow_noka(const struct gen_ctx *c, const struct gen_person *p, int mo,
    struct prow *r)
{
	switch (p->f.bnoka) {
	case KV_BAD:	/* one digit too many */
		snprintf(r->noka, sizeof r->noka, "%s%d", p->noka,
		    (int)(p->g % 10));
		r->flag[FL_NOKA_TIDAK_VALID] = 1;
		break;
	case KV_FROM_M0:	/* the head's card number, by mistake */
		gen_noka(c, p->g - (uint64_t)p->m, r->noka);
		break;
	default:
		if (GEN_HASH(c, p->g, mo, 9) % 12 == 0) {
			snprintf(r->noka, sizeof r->noka, "%s", p->noka + 3);
			r->flag[FL_NOKA_DIPERBAIKI] = 1;
		}
		break;
	}
}

/* The birth date on the person's list rows (a typo in the year for
 * DV_DIFF); GEN_NODATE when the list's date is no date (DV_BAD). */
int
gen_bp_dob(const struct gen_person *p)
{
	int y, m, d;

	if (p->f.bdob == DV_BAD)
		return GEN_NODATE;
	if (p->f.bdob != DV_DIFF)
		return p->dob;
	date_to_civil(p->dob, &y, &m, &d);
	return date_from_civil(y + 1 + (int)(p->g % 5), m, d > 28 ? 28 : d);
}

static int
prow_person(const struct gen_ctx *c, const struct gen_person *p, int mo,
    struct prow *r)
{
	int y, m, d;

	if (gen_bp_name(c, p, r->nama, sizeof r->nama) == -1)
		return -1;
	if (p->f.bsex)
		r->v[P_JK] = GEN_STYLE(mo) ? (p->sex ? "LAKI-LAKI" : "PEREMPUAN") :
		    (p->sex ? "L" : "P");
	date_to_civil(p->dob, &y, &m, &d);
	if (p->f.bdob == DV_BAD) {
		snprintf(r->tgl, sizeof r->tgl, "30-02-%04d", y);
		r->flag[FL_TGL_TIDAK_VALID] = 1;
	} else if (p->f.bdob == DV_DIFF)
		gen_date(r->tgl, sizeof r->tgl, gen_bp_dob(p), DF_DMY_DASH,
		    c->year[mo]);
	return 0;
}

/* The second row some people have: a second card, another segment, or the
 * same person under a second NIK. Its NOKA is the family's spare slot 7. */
static int
extra_row(const struct gen_ctx *c, struct pfile *pf, const struct gen_fam *f,
    const struct gen_person *p)
{
	struct prow r;
	uint64_t base = p->g - (uint64_t)p->m;
	int dob;

	prow_base(c, f, p, pf->mo, &r);
	if (prow_person(c, p, pf->mo, &r) == -1)
		return -1;
	gen_noka(c, base + 7, r.noka);
	if (p->f.bextra == X_PPU) {
		r.v[P_SEGMEN] = segmen(SEG_PPU, pf->mo, 0);
		r.v[P_STATUS] = "AKTIF";
	} else if (p->f.bextra == X_TWIN)
		gen_identity(c, base + 6, p->sex, p->adult, f->kec, r.nik,
		    &dob);
	else if (p->f.bextra == X_GANDA) {	/* rules.md §10's pair */
		struct gen_grow g;

		if (gen_ganda_row(c, f, p, &g) == -1)
			return -1;
		snprintf(r.nik, sizeof r.nik, "%s", g.nik);
		snprintf(r.nama, sizeof r.nama, "%s", g.nama);
		gen_date(r.tgl, sizeof r.tgl, g.dob, DF_DMY_DASH,
		    c->year[pf->mo]);
		r.v[P_JK] = GEN_STYLE(pf->mo) ? (g.sex ? "PEREMPUAN" :
		    "LAKI-LAKI") : (g.sex ? "P" : "L");
		memcpy(pf->kk, g.kk, sizeof pf->kk);
		r.v[P_KK] = pf->kk;
		r.v[P_KEL] = gen_kel_name(f->kec, g.kel);
	}
	emit(pf, &r, -1, 0);
	return 0;
}

static int
person_rows(const struct gen_ctx *c, struct pfile *pf, const struct gen_fam *f,
    const struct gen_person *p)
{
	struct prow r;

	prow_base(c, f, p, pf->mo, &r);
	prow_nik(c, f, p, pf->mo, &r);
	prow_noka(c, p, pf->mo, &r);
	if (prow_person(c, p, pf->mo, &r) == -1)
		return -1;
	emit(pf, &r, -1, 0);
	if (p->f.bextra != X_NONE)
		return extra_row(c, pf, f, p);
	return 0;
}

/* Rows rekon must reject or skip; the people on them are nobody else. */
static void
junk_row(const struct gen_ctx *c, struct pfile *pf, const struct gen_fam *f)
{
	struct gen_person p;
	struct prow r;
	char line[512];
	int i, n;

	gen_person_get(c, f, 0, &p);
	prow_base(c, f, &p, pf->mo, &r);
	switch (f->kind) {
	case K_J_PESERTA_IDKOSONG:
		r.nik[0] = r.noka[0] = '\0';
		if (f->j == 0) {	/* Excel's total line under the list */
			for (i = 0; i < P_N; i++)
				r.v[i] = "";
			snprintf(r.nama, sizeof r.nama, "JUMLAH");
			r.v[P_NAMA] = r.nama;
		}
		emit(pf, &r, R_ID_KOSONG, 0);
		break;
	case K_J_PESERTA_EXCEL:
		gen_nik_sci(p.nik, 1, r.nik, sizeof r.nik);	/* 3,3E+15 */
		r.noka[0] = '\0';
		emit(pf, &r, R_ID_RUSAK_EXCEL, 0);
		break;
	case K_J_PESERTA_KOLOM:
		/* An unquoted ';' in ALAMAT: one field too many. */
		r.v[P_ALAMAT] = "JL. PEMUDA NO. 7; RT 02 RW 01";
		r.v[P_SEGMEN] = "PBPU PEMDA";	/* the field pushed out */
		emit(pf, &r, R_KOLOM, 1);
		break;
	default:	/* K_J_PESERTA_BLANK */
		n = ncol[GEN_STYLE(pf->mo)];
		for (i = 0; i < n - 1; i++)
			line[i] = ';';
		memcpy(line + n - 1, "\r\n", 2);
		gen_out_raw(&pf->o, line, (size_t)n + 1);
		gen_out_blank(&pf->o);
		break;
	}
}

static int
peserta_family(const struct gen_ctx *c, struct pfile *pf,
    const struct gen_fam *f)
{
	struct gen_person p;
	int m;

	if (f->kind >= K_J_PESERTA_IDKOSONG && f->kind <= K_J_PESERTA_BLANK) {
		junk_row(c, pf, f);
		return 0;
	}
	for (m = 0; m < f->size; m++) {
		gen_person_get(c, f, m, &p);
		if (p.f.bst[pf->mo] >= 0 && person_rows(c, pf, f, &p) == -1)
			return -1;
	}
	return 0;
}

int
gen_write_peserta(const struct gen_ctx *c, int mo, struct gen_report *rep,
    char *err, size_t errsz)
{
	struct pfile pf;
	struct gen_fam f;
	char name[64], ignore[8];
	long t;

	memset(&pf, 0, sizeof pf);
	pf.mo = mo;
	snprintf(name, sizeof name, "peserta-%s.csv", c->per[mo]);
	if (gen_out_open(&pf.o, c->outdir, name, ';', "\r\n", 1, 0, err,
	    errsz) == -1)
		return -1;
	gen_out_row(&pf.o, header[GEN_STYLE(mo)], ncol[GEN_STYLE(mo)]);
	for (t = 0; t < c->nfam; t++) {
		gen_fam_get(c, gen_order(c, t), &f);
		if (peserta_family(c, &pf, &f) == -1) {
			snprintf(err, errsz, "family %ld: no name fits the "
			    "planted case", f.fi);
			gen_out_close(&pf.o, NULL, ignore, sizeof ignore);
			return -1;
		}
	}
	return gen_out_close(&pf.o, rep, err, errsz);
}
