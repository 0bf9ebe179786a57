/*
 * gen_lists.c — the other segments' lists (segmen-pbi-apbn-P.csv, TAB;
 * segmen-pbi-apbd-prov-P.csv, ',') and Disdukcapil's death records
 * (kematian-P.csv, ',').
 */
#include <stdio.h>
#include <string.h>

#include "gen_int.h"

typedef int (*gen_fam_fn)(const struct gen_ctx *, struct gen_out *,
    const struct gen_fam *, int mo);

/* Open <kind>-P.csv, write the header, call fn for every family, close. */
static int
list_file(const struct gen_ctx *c, const char *kind, int mo, char delim,
    const char *eol, const char *const *hdr, int nhdr, gen_fam_fn fn,
    struct gen_report *rep, char *err, size_t errsz)
{
	struct gen_out o;
	struct gen_fam f;
	char name[64];
	long t;

	snprintf(name, sizeof name, "%s-%s.csv", kind, c->per[mo]);
	if (gen_out_open(&o, c->outdir, name, delim, eol, 0, 0, err,
	    errsz) == -1)
		return -1;
	gen_out_row(&o, hdr, nhdr);
	for (t = 0; t < c->nfam; t++) {
		gen_fam_get(c, gen_order(c, t), &f);
		fn(c, &o, &f, mo);
	}
	return gen_out_close(&o, rep, err, errsz);
}

/* ------------------------------------------------------------- segmen */

/*
 * A person on another segment's list has that segment's card: the pool's own
 * NOKA, else the family's spare slot 7 (a double registration).
 */
static void
list_noka(const struct gen_ctx *c, const struct gen_fam *f,
    const struct gen_person *p, char noka[14])
{
	if (f->kind == K_POOL_APBN || f->kind == K_POOL_PROV)
		memcpy(noka, p->noka, 14);
	else
		gen_noka(c, p->g - (uint64_t)p->m + 7, noka);
}

static int
apbn_family(const struct gen_ctx *c, struct gen_out *o, const struct gen_fam *f,
    int mo)
{
	struct gen_person p;
	const char *row[4];
	char noka[14];
	int m;

	for (m = 0; m < f->size; m++) {
		gen_person_get(c, f, m, &p);
		if (f->kind == K_J_APBN_NIK)
			p.f.apbn[mo] = 1;
		if (!p.f.apbn[mo])
			continue;
		list_noka(c, f, &p, noka);
		row[0] = f->kind == K_J_APBN_NIK ? "" : p.nik;
		row[1] = noka;
		row[2] = p.nama;
		row[3] = p.f.apbn[mo] == 1 ? "AKTIF" : "NON AKTIF";
		gen_out_row(o, row, 4);
		if (f->kind == K_J_APBN_NIK)
			gen_out_reject(o, R_NIK_KOSONG);
		else
			gen_out_accept(o);
	}
	return 0;
}

static int
prov_family(const struct gen_ctx *c, struct gen_out *o, const struct gen_fam *f,
    int mo)
{
	struct gen_person p;
	const char *row[4];
	char noka[14], kab[32];
	int m;

	for (m = 0; m < f->size; m++) {
		gen_person_get(c, f, m, &p);
		if (!p.f.prov[mo])
			continue;
		list_noka(c, f, &p, noka);
		snprintf(kab, sizeof kab, "KODE %s", c->region);
		row[0] = p.nik;
		row[1] = p.nama;
		row[2] = noka;
		row[3] = kab;
		gen_out_row(o, row, 4);
		gen_out_accept(o);
	}
	return 0;
}

int
gen_write_segmen(const struct gen_ctx *c, int mo, struct gen_report *rep,
    char *err, size_t errsz)
{
	/* The central list has no SEGMEN column: it is PBI APBN by import. */
	static const char *const apbn[4] = { "NIK", "NO KARTU", "NAMA",
	    "STATUS" };
	static const char *const prov[4] = { "NIK", "NAMA", "NO KARTU",
	    "KABUPATEN/KOTA" };

	if (list_file(c, "segmen-pbi-apbn", mo, '\t', "\n", apbn, 4,
	    apbn_family, rep, err, errsz) == -1)
		return -1;
	return list_file(c, "segmen-pbi-apbd-prov", mo, ',', "\n", prov, 4,
	    prov_family, rep, err, errsz);
}

/* ------------------------------------------------------------ kematian */

/*
 * A person's death records in file order: the day of death and the month
 * whose kematian file reports it. Returns how many (0 when alive, 2 for a
 * record corrected later).
 */
static int
death_records(const struct gen_ctx *c, const struct gen_person *p,
    int day[2], int file[2])
{
	uint64_t h = GEN_HASH(c, p->g, 0, 10);
	int last = c->nmo - 1, in_month = (int)(h % 28);

	switch (p->f.death) {
	case DEATH_BEFORE1:
		file[0] = 0;
		day[0] = c->day0[0] - 30 - (int)(h % 300);
		return 1;
	case DEATH_IN1:
	case DEATH_IN2:
	case DEATH_IN3:
		file[0] = p->f.death - DEATH_IN1;
		day[0] = c->day0[file[0]] + (int)(h %
		    (uint64_t)c->ndays[file[0]]);
		return 1;
	case DEATH_LATE2:	/* two months before the file's month */
	case DEATH_LATE3:	/* three */
		file[0] = last;
		day[0] = gen_month_day0(c, last - (p->f.death == DEATH_LATE2 ?
		    2 : 3)) + in_month;
		return 1;
	case DEATH_LATE_P:	/* in P's file, two months before P */
		file[0] = 1;
		day[0] = gen_month_day0(c, -1) + in_month;
		return 1;
	case DEATH_KOREKSI:	/* inside P, corrected in P+1 to P-2 */
		file[0] = 1;
		day[0] = c->day0[1] + in_month;
		file[1] = 2;
		day[1] = gen_month_day0(c, -1) + (int)(GEN_HASH(c, p->g, 1,
		    10) % 28);
		return 2;
	default:
		return 0;
	}
}

/* The day of death of the newest record in the files of months up to mo
 * (rules.md's M at mo); 0 when there is none. */
int
gen_death_at(const struct gen_ctx *c, const struct gen_person *p, int mo)
{
	int day[2], file[2], n, i, d = 0;

	n = death_records(c, p, day, file);
	for (i = 0; i < n; i++)
		if (file[i] <= mo)
			d = day[i];
	return d;
}

/* Whether month mo's kematian file has a record of the person, and its
 * day. */
int
gen_death_in(const struct gen_ctx *c, const struct gen_person *p, int mo,
    int *day)
{
	int days[2], file[2], n, i;

	n = death_records(c, p, days, file);
	for (i = 0; i < n; i++)
		if (file[i] == mo) {
			*day = days[i];
			return 1;
		}
	return 0;
}

static const int death_style[9] = { DF_DMY_SLASH, DF_ISO, DF_DMY_DASH,
	DF_DMY_DOT, DF_YMD8, DF_ISO_TIME, DF_SERIAL, DF_DMY_SLASH_TIME,
	DF_DMYY };

static void
mati_row(const struct gen_ctx *c, struct gen_out *o, const struct gen_fam *f,
    const struct gen_person *p, int mo, int day)
{
	static const char *const tempat[3] = { "RUMAH", "RSUD", "PUSKESMAS" };
	uint64_t h = GEN_HASH(c, p->g, mo, 11);
	const char *row[5];
	char no[24], tgl[32];
	int y, m, d, i = 0;

	if (f->kind == K_J_MATI_TGL) {
		date_to_civil(c->day0[mo], &y, &m, &d);
		/* No such day: rejected as TGL_TIDAK_VALID. */
		snprintf(tgl, sizeof tgl, "31/04/%04d", y);
	} else
		gen_date(tgl, sizeof tgl, day, death_style[h % 9], c->year[mo]);
	snprintf(no, sizeof no, "%ld", o->st.data + 1);
	if (GEN_STYLE(mo) == 0)
		row[i++] = no;
	row[i++] = f->kind == K_J_MATI_NIK ? "" : p->nik;
	row[i++] = p->nama;
	if (GEN_STYLE(mo) == 0)
		row[i++] = tempat[(h >> 8) % 3];
	row[i++] = tgl;
	gen_out_row(o, row, i);
	if (f->kind == K_J_MATI_NIK)
		gen_out_reject(o, R_NIK_KOSONG);
	else if (f->kind == K_J_MATI_TGL)
		gen_out_reject(o, R_TGL);
	else
		gen_out_accept(o);
}

static int
mati_family(const struct gen_ctx *c, struct gen_out *o, const struct gen_fam *f,
    int mo)
{
	struct gen_person p;
	int m, day;

	if (f->kind == K_J_MATI_NIK || f->kind == K_J_MATI_TGL) {
		gen_person_get(c, f, 0, &p);
		mati_row(c, o, f, &p, mo, c->day0[mo]);
		return 0;
	}
	for (m = 0; m < f->size; m++) {
		gen_person_get(c, f, m, &p);
		if (gen_death_in(c, &p, mo, &day))
			mati_row(c, o, f, &p, mo, day);
	}
	return 0;
}

int
gen_write_kematian(const struct gen_ctx *c, int mo, struct gen_report *rep,
    char *err, size_t errsz)
{
	static const char *const h1[5] = { "NO", "NIK", "NAMA",
	    "TEMPAT MENINGGAL", "TGL MENINGGAL" };
	static const char *const h2[3] = { "NIK", "NAMA", "TANGGAL KEMATIAN" };

	if (GEN_STYLE(mo) == 0)
		return list_file(c, "kematian", mo, ',', "\n", h1, 5,
		    mati_family, rep, err, errsz);
	return list_file(c, "kematian", mo, ',', "\r\n", h2, 3, mati_family,
	    rep, err, errsz);
}
