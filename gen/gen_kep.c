/*
 * gen_kep.c — kependudukan-P.csv, Disdukcapil's population extract (DKB,
 * SIAK's column names) for the first month, written only with
 * --kependudukan: every person gen models as living in the region, one row
 * each, streamed family by family (nothing is kept per row), except the
 * cases planted on purpose (docs/gen.md, "The population extract").
 *
 * Who is in it: every member of every family but the junk and RUSAK ones,
 * under their true NIK, No KK, name and birth date (DTKS's), except
 *   - the people planted as not registered here (fate.nout: moved out,
 *     never registered, the newborn born after the extract was taken),
 *   - the people whose death Disdukcapil knew when it was taken (a record
 *     in the first month's kematian file dated before its 1st),
 *   - the second NIK of REK_KEMUNGKINAN_GANDA (a list's typo: no one's);
 * and with another No KK, name or birth date for the people planted so
 * (fate.nkk, nname, ndob), and a second, differing row after the right one
 * for fate.ndup (rules.md's N keeps the first row of a repeated NIK).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_int.h"

#define KEP_NCOL 10
static const char *const kep_header[KEP_NCOL] = {
	"NIK", "NO KK", "NAMA LGKP", "TGL LHR", "JENIS KLMIN", "NAMA KEC",
	"NAMA KEL", "ALAMAT", "NO RT", "NO RW",
};

/*
 * The family card the extract holds for a family that got another: issued
 * in January 2025 (every other card is from 2000-2024), so it is no one
 * else's.
 */
static void
other_kk(const struct gen_ctx *c, const struct gen_fam *f, char kk[17])
{
	int day = date_from_civil(2025, 1, 1) + (int)(f->j % 31), y, m, d;
	int serial = 5001 + 2 * (int)(f->j / 31) + (f->kind == K_E_USUL_KK);
	char tmp[64];

	date_to_civil(day, &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%s%02d%02d%02d%02d%04d", c->region,
	    f->kec + 1, d, m, y % 100, serial);
	snprintf(kk, 17, "%.16s", tmp);
}

/* Another day of the same month: a birth date mistyped in SIAK. */
static int
other_dob(int dob)
{
	int y, m, d;

	date_to_civil(dob, &y, &m, &d);
	return date_from_civil(y, m, d > 14 ? d - 7 : d + 7);
}

/* Whether Disdukcapil knew of the death when the extract was taken. */
static int
dead_then(const struct gen_ctx *c, const struct gen_person *p)
{
	int d = gen_death_at(c, p, 0);

	return d != 0 && d < c->day0[0];
}

int
gen_kep_row(const struct gen_ctx *c, const struct gen_fam *f,
    const struct gen_person *p, int second, struct gen_nrow *r)
{
	int alias = second || p->f.nname;

	if (gen_kind_junk(f->kind) || p->f.nout || dead_then(c, p) ||
	    (second && !p->f.ndup))
		return 0;
	memset(r, 0, sizeof *r);
	memcpy(r->nik, p->nik, sizeof r->nik);
	if (p->f.nkk)
		other_kk(c, f, r->kk);
	else
		memcpy(r->kk, f->kk, sizeof r->kk);
	if (!alias)
		snprintf(r->nama, sizeof r->nama, "%s", p->nama);
	else if (gen_other_name(c, p, r->nama, sizeof r->nama) == -1)
		return -1;
	r->dob = second || p->f.ndob ? other_dob(p->dob) : p->dob;
	r->sex = p->sex;
	return 1;
}

/*
 * rules.md "born before N": the birth date a valid NIK encodes (DDMMYY,
 * women's day less 40; a two-digit year up to the extract's period's is
 * 20YY, above it 19YY, as inputs.md reads them) is before the 1st of the
 * extract's period (the first month).
 */
int
gen_born_before(const struct gen_ctx *c, const char *nik)
{
	int d = (nik[6] - '0') * 10 + nik[7] - '0';
	int m = (nik[8] - '0') * 10 + nik[9] - '0';
	int yy = (nik[10] - '0') * 10 + nik[11] - '0';

	if (d > 40)
		d -= 40;
	return date_from_civil(yy <= c->year[0] % 100 ? 2000 + yy : 1900 + yy,
	    m, d) < c->day0[0];
}

static void
kep_row(struct gen_out *o, const struct gen_ctx *c, const struct gen_fam *f,
    const struct gen_nrow *r)
{
	char tgl[16], rt[8], rw[8];
	const char *row[KEP_NCOL];

	gen_date(tgl, sizeof tgl, r->dob, DF_DMY_DASH, c->year[0]);
	/* SIAK writes RT and RW as numbers: 3, not 003. */
	snprintf(rt, sizeof rt, "%d", atoi(f->rt));
	snprintf(rw, sizeof rw, "%d", atoi(f->rw));
	row[0] = r->nik;
	row[1] = r->kk;
	row[2] = r->nama;
	row[3] = tgl;
	row[4] = r->sex ? "PEREMPUAN" : "LAKI-LAKI";
	row[5] = gen_kec_name(f->kec);
	row[6] = gen_kel_name(f->kec, f->kel);
	row[7] = f->alamat;
	row[8] = rt;
	row[9] = rw;
	gen_out_row(o, row, KEP_NCOL);
	if (r->nik[0] == '\0')
		gen_out_reject(o, R_NIK_KOSONG);
	else
		gen_out_accept(o);
}

/* One family's rows; -1 when a planted name cannot be found. */
static int
kep_family(struct gen_out *o, const struct gen_ctx *c, const struct gen_fam *f)
{
	struct gen_person p;
	struct gen_nrow r;
	int m, second, got;

	if (f->kind == K_J_KEP_NIK) {	/* a row without its NIK */
		gen_person_get(c, f, 0, &p);
		memset(&r, 0, sizeof r);
		memcpy(r.kk, f->kk, sizeof r.kk);
		snprintf(r.nama, sizeof r.nama, "%s", p.nama);
		r.dob = p.dob;
		r.sex = p.sex;
		kep_row(o, c, f, &r);
		return 0;
	}
	if (gen_kind_junk(f->kind))
		return 0;
	for (m = 0; m < f->size; m++) {
		gen_person_get(c, f, m, &p);
		for (second = 0; second < 2; second++) {
			if ((got = gen_kep_row(c, f, &p, second, &r)) == -1)
				return -1;
			if (got)
				kep_row(o, c, f, &r);
		}
	}
	return 0;
}

int
gen_write_kependudukan(const struct gen_ctx *c, struct gen_report *rep,
    char *err, size_t errsz)
{
	struct gen_out o;
	struct gen_fam f;
	char name[64], ignore[8];
	long t;

	/* A SIAK export saved as CSV: ',', UTF-8 without a BOM, CRLF. */
	snprintf(name, sizeof name, "kependudukan-%s.csv", c->per[0]);
	if (gen_out_open(&o, c->outdir, name, ',', "\r\n", 0, 0, err,
	    errsz) == -1)
		return -1;
	gen_out_row(&o, kep_header, KEP_NCOL);
	for (t = 0; t < c->nfam; t++) {
		gen_fam_get(c, gen_order(c, t), &f);
		if (kep_family(&o, c, &f) == -1) {
			snprintf(err, errsz, "family %ld: no name fits the "
			    "planted case", f.fi);
			gen_out_close(&o, NULL, ignore, sizeof ignore);
			return -1;
		}
	}
	return gen_out_close(&o, rep, err, errsz);
}

/* ------------------------------------------------- what rules.md sees */

#define AMBANG_NAMA	0.5	/* rules.md §3 ambang_nama's default */

/* Two names disagree as DATA_BERBEDA compares them: both nama_kunci
 * present and their trigram similarity below ambang_nama. */
static int
name_beda(const char *a, const char *b)
{
	char ka[192], kb[192];

	gen_nama_kunci(a, ka, sizeof ka);
	gen_nama_kunci(b, kb, sizeof kb);
	if (ka[0] == '\0' || kb[0] == '\0' || strcmp(ka, kb) == 0)
		return 0;
	return gen_trgm_sim(ka, kb) < AMBANG_NAMA;
}

/* A row's birth date (GEN_NODATE: none), sex and name against N's row. */
static int
beda(const struct gen_nrow *r, int dob, int sex, const char *nama)
{
	return (dob != GEN_NODATE && dob != r->dob) || sex != r->sex ||
	    name_beda(nama, r->nama);
}

int
gen_nview_get(const struct gen_ctx *c, const struct gen_fam *f,
    const struct gen_person *p, struct gen_nview *n)
{
	struct gen_nrow r;
	char nama[192], twin[17];
	int got, dob;

	memset(n, 0, sizeof *n);
	if (!c->kep || gen_kind_junk(f->kind))
		return 0;
	n->has = 1;
	if ((got = gen_kep_row(c, f, p, 0, &r)) == -1)
		return -1;
	n->in = got;
	n->born = gen_born_before(c, p->nik);
	n->dead = dead_then(c, p);
	if (p->f.bextra == X_TWIN) {	/* a NIK that is no one's */
		gen_identity(c, p->g - (uint64_t)p->m + 6, p->sex, p->adult,
		    f->kec, twin, &dob);
		n->tw_bukan = gen_born_before(c, twin);
	}
	if (p->f.bextra == X_GANDA) {	/* a second NIK in no extract */
		struct gen_grow g;

		if (gen_ganda_row(c, f, p, &g) == -1)
			return -1;
		n->tw_bukan = gen_born_before(c, g.nik);
	}
	if (!n->in)
		return 0;
	if (gen_bp_name(c, p, nama, sizeof nama) == -1)
		return -1;
	/* The list's row: no_kk compared too (§3); a proposal's: not (§1). */
	n->bp_beda = beda(&r, gen_bp_dob(p), p->sex ^ p->f.bsex, nama) ||
	    strcmp(r.kk, f->kk) != 0;
	n->us_beda = beda(&r, p->f.us_dobbad ? GEN_NODATE : p->dob, p->sex,
	    p->nama);
	return 0;
}
