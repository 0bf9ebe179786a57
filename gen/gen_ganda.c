/*
 * gen_ganda.c — `rekon gen --ganda`: planted pairs of rules.md §10.
 *
 * Each family of a GANDA_* or MIRIP_* kind is one clean participant (AKTIF
 * PBPU_PEMDA in every month, in DTKS) whose list row is followed by a second
 * AKTIF PBPU_PEMDA row under another participant key:
 *
 *   GANDA_NAMA_KETIK            the same person, a typo in the name
 *                               (a doubled letter dropped, else one doubled)
 *   GANDA_NAMA_PISAH            the same person, a name word split in two
 *                               (NURHALIZA / NUR HALIZA), else two joined
 *   GANDA_TGL_TUKAR             the same person, day and month swapped
 *   GANDA_NIK_KEDUA             the same person, a second NIK issued
 *                               (same birth date in it, another serial)
 *   GANDA_NIK_KETIK             the same person, one NIK digit mistyped
 *   GANDA_NAMA_KETIK_TGL_TUKAR a typo and a swapped date together
 *   MIRIP_KEMBAR                a twin: same birth date and No KK, another
 *                               name (another first name), half of them
 *                               the other sex
 *   MIRIP_NAMA_UMUM             MUHAMMAD ... / SITI ...: same first word,
 *                               same birth year and kelurahan, another
 *                               No KK, name and birth date
 *   MIRIP_BEDA_KELURAHAN        same name and birth date, another No KK and
 *                               kelurahan (same kecamatan)
 *
 * The GANDA_* rows (and the two second-NIK rows) keep the person's No KK and
 * kelurahan. Every second row has its own NIK, valid, in no DTKS and no
 * extract. NIK serials: people use 1-575 (adults) and 5001-5657 (children),
 * so the second NIKs use 9999 - the person's serial (same NIK date: every
 * serial digit differs), the
 * mistyped one 8000 + serial (the serial's leading 0 typed as 8), the
 * swapped kinds' own NIK 7000 + serial (their birth date is moved to a day
 * that can swap), MIRIP_NAMA_UMUM's other person 6000 + instance % 1000:
 * no NIK is anyone else's. Other No KKs count down from the top of the
 * No KK bijection. Everything comes from the person: nothing is held.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_int.h"

static const char *const jenis[GEN_NGANDA] = {
	"NAMA_KETIK", "NAMA_PISAH", "TGL_TUKAR", "NIK_KEDUA", "NIK_KETIK",
	"NAMA_KETIK_TGL_TUKAR", "KEMBAR", "NAMA_UMUM", "BEDA_KELURAHAN",
};

int
gen_ganda_sama(int kind)
{
	return kind < K_G_KEMBAR;
}

const char *
gen_ganda_jenis(int kind)
{
	return jenis[kind - K_FIRST_GANDA];
}

static int
swapped_kind(int kind)
{
	return kind == K_G_TGL_TUKAR || kind == K_G_KETIK_TUKAR;
}

/* The person's NIK serial as gen_identity() gave it. */
static int
serial0(const struct gen_ctx *c, const struct gen_fam *f,
    const struct gen_person *p)
{
	char nik[17];
	int dob;

	gen_identity(c, p->g, p->sex, p->adult, f->kec, nik, &dob);
	return atoi(nik + 12);
}

/* The birth date with day and month swapped. */
static int
swap_dm(int dob)
{
	int y, m, d;

	date_to_civil(dob, &y, &m, &d);
	return date_from_civil(y, d, m);
}

/* The main person of a pair: the swapped kinds need a day that is also a
 * month and not the month itself; MIRIP_NAMA_UMUM's name starts with the
 * common first name (prepended, so the name stays nobody else's). */
void
gen_ganda_person(const struct gen_ctx *c, const struct gen_fam *f,
    struct gen_person *p)
{
	const char *pre = p->sex ? "SITI" : "MUHAMMAD";
	char tmp[192];
	int y, m, d, s;

	if (f->kind == K_G_NAMA_UMUM && strncmp(p->nama, pre,
	    strlen(pre)) != 0) {
		snprintf(tmp, sizeof tmp, "%s %.180s", pre, p->nama);
		memcpy(p->nama, tmp, sizeof p->nama);
	}
	if (!swapped_kind(f->kind))
		return;
	s = serial0(c, f, p);
	date_to_civil(p->dob, &y, &m, &d);
	d = 1 + (d - 1) % 12;
	if (d == m)
		d = d % 12 + 1;
	p->dob = date_from_civil(y, m, d);
	gen_nik_make(c, f->kec, p->dob, p->sex, 7000 + s, p->nik);
}

/* A typo: drop one letter of the first doubled pair, else double the first
 * consonant after a word's first letter. */
static void
typo(const char *in, char *out, size_t n)
{
	size_t i, len = strlen(in);

	for (i = 1; i < len; i++)
		if (in[i] == in[i - 1] && in[i] >= 'A' && in[i] <= 'Z') {
			snprintf(out, n, "%.*s%s", (int)i, in, in + i + 1);
			return;
		}
	for (i = 1; i < len; i++)
		if (in[i] >= 'A' && in[i] <= 'Z' && in[i - 1] != ' ' &&
		    strchr("AEIOU", in[i]) == NULL) {
			snprintf(out, n, "%.*s%c%s", (int)i + 1, in, in[i],
			    in + i + 1);
			return;
		}
	snprintf(out, n, "%sS", in);
}

/* A split: the first word of 6 letters or more cut after its third
 * (NURHALIZA -> NUR HALIZA); without one, the first two words joined. */
static void
split(const char *in, char *out, size_t n)
{
	const char *w = in, *e;
	const char *sp;

	while (*w != '\0') {
		e = strchr(w, ' ');
		if (e == NULL)
			e = w + strlen(w);
		if (e - w >= 6) {
			snprintf(out, n, "%.*s %s", (int)(w - in) + 3, in,
			    w + 3);
			return;
		}
		w = *e ? e + 1 : e;
	}
	if ((sp = strchr(in, ' ')) != NULL)
		snprintf(out, n, "%.*s%s", (int)(sp - in), in, sp + 1);
	else
		snprintf(out, n, "%.3s %s", in, in + 3);
}

static size_t
first_len(const char *s)
{
	return strcspn(s, " ");
}

int
gen_ganda_row(const struct gen_ctx *c, const struct gen_fam *f,
    const struct gen_person *p, struct gen_grow *r)
{
	uint64_t base = p->g - (uint64_t)p->m;
	uint64_t other_kk = ((uint64_t)1 << 21) - 1 - (uint64_t)f->fi; /* KK_BITS */
	const char *pre = p->sex ? "SITI" : "MUHAMMAD";
	char tmp[192];
	int s = serial0(c, f, p), y, m, d, k;

	memset(r, 0, sizeof *r);
	if (gen_bp_name(c, p, r->nama, sizeof r->nama) == -1)
		return -1;
	memcpy(r->kk, f->kk, sizeof r->kk);
	r->dob = p->dob;
	r->sex = p->sex;
	r->kel = f->kel;
	/* The second NIK: same date, another serial. */
	gen_nik_make(c, f->kec, p->dob, p->sex, 9999 - s, r->nik);
	switch (f->kind) {
	case K_G_NAMA_KETIK:
		typo(p->nama, r->nama, sizeof r->nama);
		break;
	case K_G_NAMA_PISAH:
		split(p->nama, r->nama, sizeof r->nama);
		break;
	case K_G_TGL_TUKAR:
		r->dob = swap_dm(p->dob);
		break;
	case K_G_NIK_KEDUA:
		break;
	case K_G_NIK_KETIK:
		if (p->nik[12] != '0')
			return -1;
		memcpy(r->nik, p->nik, sizeof r->nik);
		r->nik[12] = '8';
		break;
	case K_G_KETIK_TUKAR:
		typo(p->nama, r->nama, sizeof r->nama);
		r->dob = swap_dm(p->dob);
		break;
	case K_G_KEMBAR:
		if (f->j % 2)
			r->sex = !p->sex;
		/* Another first name: the first spare slot whose name's
		 * first word differs. */
		for (k = 6; k >= 1; k--) {
			gen_name(c, base + (uint64_t)k, r->sex, r->nama,
			    sizeof r->nama);
			if (first_len(r->nama) != first_len(p->nama) ||
			    strncmp(r->nama, p->nama, first_len(p->nama)) != 0)
				break;
		}
		if (k < 1)
			return -1;
		gen_nik_make(c, f->kec, r->dob, r->sex, 9999 - s, r->nik);
		break;
	case K_G_NAMA_UMUM:
		gen_name(c, base + 6, p->sex, tmp, sizeof tmp);
		if (strncmp(tmp, pre, strlen(pre)) == 0)
			snprintf(r->nama, sizeof r->nama, "%s", tmp);
		else
			snprintf(r->nama, sizeof r->nama, "%s %.180s", pre, tmp);
		date_to_civil(p->dob, &y, &m, &d);
		r->dob = date_from_civil(y, (m + (int)(f->j % 11)) % 12 + 1,
		    1 + (d + 6) % 28);
		gen_kk_make(c, other_kk, f->kec, r->kk);
		gen_nik_make(c, f->kec, r->dob, r->sex,
		    6000 + (int)(f->j % 1000), r->nik);
		break;
	case K_G_BEDA_KEL:
		r->kel = (f->kel + 1) % gen_kel_count(f->kec);
		gen_kk_make(c, other_kk, f->kec, r->kk);
		break;
	default:
		return -1;
	}
	return 0;
}

/* rules.md §3 KEMUNGKINAN_GANDA between the two rows: the same nama_kunci
 * and birth date (both rows AKTIF, their keys differ). */
int
gen_ganda_kemungkinan(const struct gen_ctx *c, const struct gen_fam *f,
    const struct gen_person *p)
{
	struct gen_grow r;
	char a[192], ka[192], kb[192];

	if (gen_ganda_row(c, f, p, &r) == -1 ||
	    gen_bp_name(c, p, a, sizeof a) == -1)
		return 0;
	gen_nama_kunci(a, ka, sizeof ka);
	gen_nama_kunci(r.nama, kb, sizeof kb);
	return ka[0] != '\0' && strcmp(ka, kb) == 0 &&
	    gen_bp_dob(p) != GEN_NODATE && gen_bp_dob(p) == r.dob;
}

/* ------------------------------------------------------- gen-ganda.txt */

#define LINE	96

static int
cmp_line(const void *a, const void *b)
{
	return strcmp(a, b);
}

/*
 * One line per planted pair: the two participant keys (the smaller
 * first), the kind, SAMA or BEDA; sorted. The pairs are few (a few per
 * thousand families), so their lines are sorted in memory.
 */
int
gen_write_ganda(const struct gen_ctx *c, char *err, size_t errsz)
{
	struct gen_out o;
	struct gen_fam f;
	struct gen_person p;
	struct gen_grow r;
	char *lines;
	const char *a, *b;
	long fi, n = 0, i, np = c->nfam - c->start[K_FIRST_GANDA] +
	    c->start[K_KEMUNGKINAN_GANDA + 1] - c->start[K_KEMUNGKINAN_GANDA];

	if ((lines = calloc((size_t)(np > 0 ? np : 1), LINE)) == NULL) {
		snprintf(err, errsz, "gen-ganda.txt: out of memory");
		return -1;
	}
	for (fi = c->start[K_FIRST_GANDA]; fi < c->nfam; fi++) {
		gen_fam_get(c, fi, &f);
		gen_person_get(c, &f, 0, &p);
		if (gen_ganda_row(c, &f, &p, &r) == -1) {
			snprintf(err, errsz, "family %ld: no second row fits "
			    "the planted case", fi);
			free(lines);
			return -1;
		}
		a = strcmp(p.nik, r.nik) < 0 ? p.nik : r.nik;
		b = a == p.nik ? r.nik : p.nik;
		snprintf(lines + n++ * LINE, LINE, "%s;%s;%s;%s", a, b,
		    gen_ganda_jenis(f.kind), gen_ganda_sama(f.kind) ? "SAMA" :
		    "BEDA");
	}
	/* REK_KEMUNGKINAN_GANDA's person (m0) under a second NIK, the
	 * identity of the family's spare slot 6 (gen_peserta.c): one person. */
	for (fi = c->start[K_KEMUNGKINAN_GANDA];
	    fi < c->start[K_KEMUNGKINAN_GANDA + 1]; fi++) {
		char nik2[17];
		int dob;

		gen_fam_get(c, fi, &f);
		gen_person_get(c, &f, 0, &p);
		if (p.f.bextra != X_TWIN)
			continue;
		gen_identity(c, p.g - (uint64_t)p.m + 6, p.sex, p.adult, f.kec,
		    nik2, &dob);
		a = strcmp(p.nik, nik2) < 0 ? p.nik : nik2;
		b = a == p.nik ? nik2 : p.nik;
		snprintf(lines + n++ * LINE, LINE, "%s;%s;KEMUNGKINAN_GANDA;SAMA",
		    a, b);
	}
	qsort(lines, (size_t)n, LINE, cmp_line);
	if (gen_out_open(&o, c->outdir, "gen-ganda.txt", ';', "\n", 0, 0,
	    err, errsz) == -1) {
		free(lines);
		return -1;
	}
	fprintf(o.fp, "KUNCI_1;KUNCI_2;JENIS;KEPUTUSAN\n");
	for (i = 0; i < n; i++)
		fprintf(o.fp, "%s\n", lines + i * LINE);
	free(lines);
	return gen_out_close(&o, NULL, err, errsz);
}
