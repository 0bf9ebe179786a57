/*
 * gen_rusak.c — small broken files under rusak/, kept apart because a broken
 * quote swallows the rest of its file. They are kematian files of month P
 * about people who appear nowhere else, so importing them next to the main
 * files changes no figure but the counts of rejected rows (docs/gen.md).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "gen_int.h"

#define PANJANG	70000	/* > max_field_bytes' default 65536 */

struct rusak {
	const struct gen_ctx	*c;
	struct gen_fam		 f;
	struct gen_out		 o;
};

/* A well-formed death record; count 0: it is swallowed by a broken quote. */
static void
good_row(struct rusak *r, int m, int count)
{
	struct gen_person p;
	const char *row[3];
	char tgl[16];

	gen_person_get(r->c, &r->f, m, &p);
	gen_date(tgl, sizeof tgl, r->c->day0[1] + m, DF_DMY_SLASH,
	    r->c->year[1]);
	row[0] = p.nik;
	row[1] = p.nama;
	row[2] = tgl;
	gen_out_row(&r->o, row, 3);
	if (count)
		gen_out_accept(&r->o);
}

static int
open_rusak(struct rusak *r, const char *kind, const char *what,
    const char *header, char *err, size_t errsz)
{
	char name[80];

	snprintf(name, sizeof name, "rusak/%s-%s-%s.csv", kind, r->c->per[1],
	    what);
	if (gen_out_open(&r->o, r->c->outdir, name, kind[0] == 'd' ? '|' : ',',
	    "\n", 0, 0, err, errsz) == -1)
		return -1;
	gen_out_raw(&r->o, header, strlen(header));
	return 0;
}

/* A NUL byte inside a name: that row is BYTE_NUL, the others stand. */
static int
nul_file(struct rusak *r, struct gen_report *rep, char *err, size_t errsz)
{
	struct gen_person p;
	char line[256];
	int n;

	if (open_rusak(r, "kematian", "nul", "NIK,NAMA,TGL MENINGGAL\n", err,
	    errsz) == -1)
		return -1;
	good_row(r, 0, 1);
	gen_person_get(r->c, &r->f, 1, &p);
	n = snprintf(line, sizeof line, "%s,%.4sX%s,01/%02d/%04d\n", p.nik,
	    p.nama, p.nama + 4, r->c->mon[1], r->c->year[1]);
	line[strlen(p.nik) + 1 + 4] = '\0';	/* the X becomes NUL */
	gen_out_raw(&r->o, line, (size_t)n);
	gen_out_reject(&r->o, R_NUL);
	good_row(r, 2, 1);
	return gen_out_close(&r->o, rep, err, errsz);
}

/* A quote opened and never closed: one CSV_RUSAK row at line 4 (the header
 * is line 1), and the two rows after it are swallowed. */
static int
kutip_file(struct rusak *r, struct gen_report *rep, char *err, size_t errsz)
{
	struct gen_person p;
	char line[256];
	int n;

	if (open_rusak(r, "kematian", "kutip", "NIK,NAMA,TGL MENINGGAL\n", err,
	    errsz) == -1)
		return -1;
	good_row(r, 0, 1);
	good_row(r, 1, 1);
	gen_person_get(r->c, &r->f, 2, &p);
	n = snprintf(line, sizeof line, "%s,\"%s,02/%02d/%04d\n", p.nik, p.nama,
	    r->c->mon[1], r->c->year[1]);
	gen_out_raw(&r->o, line, (size_t)n);
	gen_out_reject(&r->o, R_CSV);
	good_row(r, 3, 0);
	good_row(r, 4, 0);
	return gen_out_close(&r->o, rep, err, errsz);
}

/* One field longer than max_field_bytes. */
static int
panjang_file(struct rusak *r, struct gen_report *rep, char *err, size_t errsz)
{
	static char big[PANJANG + 1];
	struct gen_person p;
	char head[64], tail[32];

	if (open_rusak(r, "kematian", "panjang", "NIK,NAMA,TGL MENINGGAL\n",
	    err, errsz) == -1)
		return -1;
	gen_person_get(r->c, &r->f, 5, &p);
	memset(big, 'A', PANJANG);
	snprintf(head, sizeof head, "%s,", p.nik);
	snprintf(tail, sizeof tail, ",03/%02d/%04d\n", r->c->mon[1],
	    r->c->year[1]);
	gen_out_raw(&r->o, head, strlen(head));
	gen_out_raw(&r->o, big, PANJANG);
	gen_out_raw(&r->o, tail, strlen(tail));
	gen_out_reject(&r->o, R_PANJANG);
	good_row(r, 3, 1);
	return gen_out_close(&r->o, rep, err, errsz);
}

/* No header rekon knows: the whole file is refused, nothing imported. */
static int
tanpa_header_file(struct rusak *r, struct gen_report *rep, char *err,
    size_t errsz)
{
	struct gen_person p;
	char line[256];
	int n;

	if (open_rusak(r, "dtks", "tanpa-header",
	    "NOMOR|NAMA KEPALA KELUARGA|ALAMAT\n", err, errsz) == -1)
		return -1;
	gen_person_get(r->c, &r->f, 0, &p);
	n = snprintf(line, sizeof line, "1|%s|%s\n", p.nama, r->f.alamat);
	gen_out_raw(&r->o, line, (size_t)n);
	return gen_out_close(&r->o, rep, err, errsz);
}

int
gen_write_rusak(const struct gen_ctx *c, struct gen_report *rep, char *err,
    size_t errsz)
{
	struct rusak r;
	char dir[4096];

	memset(&r, 0, sizeof r);
	r.c = c;
	gen_fam_get(c, c->start[K_RUSAK], &r.f);
	snprintf(dir, sizeof dir, "%s/rusak", c->outdir);
	if (mkdir(dir, 0750) == -1 && errno != EEXIST) {
		snprintf(err, errsz, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (nul_file(&r, rep, err, errsz) == -1 ||
	    kutip_file(&r, rep, err, errsz) == -1 ||
	    panjang_file(&r, rep, err, errsz) == -1 ||
	    tanpa_header_file(&r, rep, err, errsz) == -1)
		return -1;
	return 0;
}
