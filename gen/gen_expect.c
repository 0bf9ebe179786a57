/*
 * gen_expect.c — rules.md applied to the fates: what rekon should compute
 * from the generated files, person by person. The sums go to
 * gen-harapan.txt; every planted person gets a line in gen-kasus.txt saying
 * what should happen to them each month.
 *
 * This is not a second rekon: it only knows the shapes gen plants (no person
 * shares a NIK, NOKA or name with another unless a case says so), which is
 * what lets it stay per person and flat in memory.
 */
#include <stdio.h>
#include <string.h>

#include "gen_int.h"

const char *const gen_uc_name[UC_N] = {
	"NIK_TIDAK_VALID", "USULAN_GANDA", "SUDAH_AKTIF", "SEGMEN_LAIN",
	"MENINGGAL", "BUKAN_DTKS", "BERKAS_KURANG",
};
const char *const gen_rf_name[RF_N] = {
	"GANDA_NIK", "GANDA_NOKA", "SEGMEN_LAIN", "MENINGGAL",
	"NIK_TIDAK_VALID", "BUKAN_DTKS", "DATA_BERBEDA", "KEMUNGKINAN_GANDA",
	"TIDAK_DITETAPKAN", "STATUS_TIDAK_AKTIF", "HILANG",
};
const char *const gen_kat_name[KAT_N] = {
	"NIK_DUKCAPIL", "DATA_GANDA", "SEGMEN_LAIN", "MENINGGAL", "KUOTA",
	"LAINNYA",
};

/* One person in one month. */
struct pm {
	int	 in_d, in_m, dead_before, in_s;
	int	 bp, aktif, dup, flags, sk;	/* the main peserta row */
	int	 tw, tw_aktif, tw_flags, tw_sk;	/* second-NIK row */
	int	 us, us_codes, us_out;		/* the proposal */
	int	 keluar;			/* 0, or 1 + reason */
};
enum { OUT_NONE, OUT_DITERUSKAN, OUT_DIKEMBALIKAN, OUT_MENUNGGU };
enum { KEL_DIK = 1, KEL_STATUS, KEL_HILANG };

#define BIT(x)	(1 << (x))

static int
kategori(int ket)
{
	const char *k = gen_ket_kategori[ket];
	int i;

	for (i = 0; i < KAT_N; i++)
		if (strcmp(gen_kat_name[i], k) == 0)
			return i;
	return KAT_LAINNYA;
}

static int
berhasil(const struct gen_fate *f)
{
	return f->fb[0] == FB_OK || f->fb[0] == FB_FAIL_OK ||
	    f->fb[1] == FB_OK || f->fb[1] == FB_FAIL_OK;
}

/* S: AKTIF on another segment's list, or an AKTIF non-Pemda row in B. */
static int
in_s(const struct gen_fate *f, int mo)
{
	if (f->apbn[mo] == 1 || f->prov[mo] == 1)
		return 1;
	if (f->bst[mo] < 0)
		return 0;
	return (f->bseg != SEG_PEMDA && gen_st_aktif(f->bst[mo])) ||
	    f->bextra == X_PPU;
}

/* rules.md §3 for the main row and the second-NIK row. */
static void
rek_flags(const struct gen_fate *f, int mo, const struct pm *prev, struct pm *s)
{
	int nik_ok = f->bnik == NV_OK;

	s->bp = f->bst[mo] >= 0 && f->bseg == SEG_PEMDA;
	if (!s->bp)
		return;
	s->aktif = gen_st_aktif(f->bst[mo]);
	s->dup = f->bextra == X_DUPNIK;
	if (s->dup)
		s->flags |= BIT(RF_GANDA_NIK);
	if (f->gnoka)
		s->flags |= BIT(RF_GANDA_NOKA);
	if (s->aktif && nik_ok && s->in_s)
		s->flags |= BIT(RF_SEGMEN_LAIN);
	if (s->aktif && nik_ok && s->dead_before)
		s->flags |= BIT(RF_MENINGGAL);
	if (!nik_ok)
		s->flags |= BIT(RF_NIK_TIDAK_VALID);
	if (s->aktif && nik_ok && !s->in_d)
		s->flags |= BIT(RF_BUKAN_DTKS);
	if (nik_ok && s->in_d && (f->bdob == DV_DIFF || f->bsex ||
	    f->bname == NMV_ALIAS))
		s->flags |= BIT(RF_DATA_BERBEDA);
	if (s->aktif && f->bextra == X_TWIN && f->bdob != DV_BAD)
		s->flags |= BIT(RF_KEMUNGKINAN_GANDA);
	if (mo == 1 && s->aktif && !prev->sk && !berhasil(f))
		s->flags |= BIT(RF_TIDAK_DITETAPKAN);
	if (!s->aktif)
		s->flags |= BIT(RF_STATUS_TIDAK_AKTIF);
	s->sk = s->aktif &&
	    !(s->flags & (BIT(RF_SEGMEN_LAIN) | BIT(RF_MENINGGAL)));
	if (f->bextra != X_TWIN)
		return;
	s->tw = 1;
	s->tw_aktif = s->aktif;
	s->tw_flags = s->aktif ? BIT(RF_KEMUNGKINAN_GANDA) :
	    BIT(RF_STATUS_TIDAK_AKTIF);
	if (s->aktif && !s->in_d)
		s->tw_flags |= BIT(RF_BUKAN_DTKS);
	if (mo == 1 && s->aktif && !prev->tw_sk)
		s->tw_flags |= BIT(RF_TIDAK_DITETAPKAN);
	s->tw_sk = s->aktif;
}

/* rules.md §1 for the person's (first) proposal row. */
static void
usulan(const struct gen_fate *f, int mo, struct pm *s)
{
	int bad = f->us_nik != NV_OK, prev_seg;

	if (!f->us[mo])
		return;
	s->us = 1;
	prev_seg = mo == 1 && f->bst[0] >= 0 && ((f->bseg != SEG_PEMDA &&
	    gen_st_aktif(f->bst[0]) && (f->us_jenis != J_MUTASI ||
	    f->bseg == SEG_APBN)) || (f->bextra == X_PPU &&
	    f->us_jenis != J_MUTASI));
	if (bad)
		s->us_codes |= BIT(UC_NIK_TIDAK_VALID);
	if (!bad && mo == 1 && f->bst[0] >= 0 && f->bseg == SEG_PEMDA &&
	    gen_st_aktif(f->bst[0]))
		s->us_codes |= BIT(UC_SUDAH_AKTIF);
	if (!bad && (f->apbn[mo] == 1 || f->prov[mo] == 1 || prev_seg))
		s->us_codes |= BIT(UC_SEGMEN_LAIN);
	if (!bad && s->in_m)
		s->us_codes |= BIT(UC_MENINGGAL);
	if ((bad || !s->in_d) && !f->us_sktm)
		s->us_codes |= BIT(UC_BUKAN_DTKS);
	if (f->us_berkas)
		s->us_codes |= BIT(UC_BERKAS_KURANG);
	if (s->us_codes)
		s->us_out = OUT_DIKEMBALIKAN;
	else if (mo == 0 || f->band == BAND_BEFORE)
		s->us_out = OUT_DITERUSKAN;
	else
		s->us_out = OUT_MENUNGGU;
}

static void
month(const struct gen_ctx *c, const struct gen_person *p, int mo,
    const struct pm *prev, struct pm *s)
{
	int day, fmo;

	memset(s, 0, sizeof *s);
	day = gen_death_date(c, p, &fmo);
	s->in_d = (p->f.dtks >> mo) & 1;
	s->in_m = day != 0 && fmo <= mo;
	s->dead_before = s->in_m && day < c->day0[mo];
	s->in_s = in_s(&p->f, mo);
	rek_flags(&p->f, mo, prev, s);
	usulan(&p->f, mo, s);
	if (mo == 1 && prev->sk && !s->sk)
		s->keluar = s->bp && s->aktif ? KEL_DIK : s->bp ? KEL_STATUS :
		    KEL_HILANG;
}

static void
add_flags(long *flag, int bits, long n)
{
	int b;

	for (b = 0; b < RF_N; b++)
		if (bits & BIT(b))
			flag[b] += n;
}

static void
count_rek(struct gen_exp_month *e, const struct pm *s, const struct pm *prev,
    int mo)
{
	long rows = s->bp ? 1 + s->dup : 0;

	add_flags(e->flag, s->flags, rows);
	add_flags(e->flag, s->tw_flags, s->tw);
	e->bp_rows += rows + s->tw;
	e->aktif += (s->bp && s->aktif) + (s->tw && s->tw_aktif);
	e->ditetapkan += s->sk + s->tw_sk;
	if (s->bp && s->aktif && (s->flags & BIT(RF_SEGMEN_LAIN)))
		e->dik_segmen += rows;
	else if (s->bp && s->aktif && (s->flags & BIT(RF_MENINGGAL)))
		e->dik_meninggal += rows;
	else if (s->sk && s->dup)
		e->dik_ganda++;
	if (mo == 0)
		return;
	e->flag[RF_HILANG] += (prev->sk && !(s->bp && s->aktif)) +
	    (prev->tw_sk && !(s->tw && s->tw_aktif));
	e->masuk += (s->sk && !prev->sk) + (s->tw_sk && !prev->tw_sk);
	e->keluar += (prev->sk && !s->sk) + (prev->tw_sk && !s->tw_sk);
	e->keluar_dik += s->keluar == KEL_DIK;
	e->keluar_status += s->keluar == KEL_STATUS;
	e->keluar_hilang += s->keluar == KEL_HILANG;
}

static void
count_usulan(struct gen_exp_month *e, const struct gen_fate *f,
    const struct pm *s)
{
	int b;

	if (!s->us)
		return;
	e->us_rows += 1 + f->us_dup;
	for (b = 0; b < UC_N; b++)
		if (s->us_codes & BIT(b))
			e->us_code[b] += 1 + f->us_dup;
	e->us_code[UC_USULAN_GANDA] += f->us_dup;
	e->us_dikembalikan += f->us_dup;
	e->us_diteruskan += s->us_out == OUT_DITERUSKAN;
	e->us_dikembalikan += s->us_out == OUT_DIKEMBALIKAN;
	e->us_menunggu += s->us_out == OUT_MENUNGGU;
	e->us_berkas_rows += s->us_codes == BIT(UC_BERKAS_KURANG);
}

static void
count_fb(struct gen_exp_month *e, const struct gen_fate *f, int mo)
{
	switch (f->fb[mo]) {
	case FB_OK:
	case FB_FAIL_OK:
		e->fb_berhasil++;
		break;
	case FB_FAIL:
		e->fb_gagal++;
		e->fb_kat[kategori(f->fb_ket)]++;
		break;
	default:
		break;
	}
}

/* ----------------------------------------------------------- gen-kasus */

static void
cat_bits(char *buf, size_t n, int bits, const char *const *names, int nn)
{
	int b;

	for (b = 0; b < nn; b++)
		if (bits & BIT(b)) {
			if (buf[0] != '\0')
				strncat(buf, ",", n - strlen(buf) - 1);
			strncat(buf, names[b], n - strlen(buf) - 1);
		}
}

static void
kasus_usulan(char *buf, size_t n, const struct gen_fate *f, const struct pm *s)
{
	static const char *const out[4] = { "", "DITERUSKAN", "DIKEMBALIKAN",
	    "MENUNGGU_KUOTA" };
	char codes[160] = "";

	buf[0] = '\0';
	if (!s->us)
		return;
	cat_bits(codes, sizeof codes, s->us_codes, gen_uc_name, UC_N);
	snprintf(buf, n, "%s%s%s%s%s", out[s->us_out], codes[0] ? "(" : "",
	    codes, codes[0] ? ")" : "", f->us_dup ?
	    "/DIKEMBALIKAN(USULAN_GANDA)" : "");
}

static const char *
kasus_fb(const struct gen_fate *f, int mo, char *buf, size_t n)
{
	switch (f->fb[mo]) {
	case FB_OK:
		return "BERHASIL";
	case FB_FAIL_OK:
		return "GAGAL>BERHASIL";
	case FB_FAIL:
		snprintf(buf, n, "GAGAL(%s)", gen_ket_kategori[f->fb_ket]);
		return buf;
	default:
		return "";
	}
}

static void
kasus_flags(char *buf, size_t n, const struct pm *s)
{
	char tw[160] = "";

	buf[0] = '\0';
	if (!s->bp)
		return;
	cat_bits(buf, n, s->flags, gen_rf_name, RF_N);
	if (s->flags == 0)
		snprintf(buf, n, "-");
	if (s->tw) {	/* the second-NIK row, after a slash */
		cat_bits(tw, sizeof tw, s->tw_flags, gen_rf_name, RF_N);
		strncat(buf, "/", n - strlen(buf) - 1);
		strncat(buf, tw, n - strlen(buf) - 1);
	}
}

static const char *
kasus_cek(const struct gen_person *p, const struct pm *s)
{
	if (s->in_m)
		return "MENINGGAL";
	if (s->bp && s->aktif && p->f.bnik == NV_OK)
		return "AKTIF_PEMDA";
	if (s->in_s)
		return "AKTIF_SEGMEN_LAIN";
	if (p->f.bst[1] >= 0 && p->f.bnik == NV_OK)
		return "NON_AKTIF";
	if (p->f.dtks_nikbad)
		return "NIK_TIDAK_VALID";
	return "TIDAK_DITEMUKAN";
}

/* The participant key rekon builds from the peserta row. */
static void
kasus_key(const struct gen_person *p, char *buf, size_t n)
{
	if (p->f.bst[0] < 0 && p->f.bst[1] < 0)
		buf[0] = '\0';
	else if (p->f.bnik == NV_SCI)
		snprintf(buf, n, "NOKA:%s", p->noka);
	else if (p->f.bnik != NV_OK)
		gen_nik_bad(p->nik, p->f.bnik, buf, n);
	else
		snprintf(buf, n, "%s", p->nik);
}

static void
kasus_line(FILE *fp, const struct gen_fam *f, const struct gen_person *p,
    const struct pm s[2])
{
	static const char *const kel[4] = { "", "KELUAR(DIKECUALIKAN)",
	    "KELUAR(STATUS)", "KELUAR(HILANG)" };
	char nik[24], key[32], u[2][200], fl[2][200], fb[2][48];
	const char *sk[2], *mut;
	int mo;

	if (p->f.dtks_nikbad)
		gen_nik_bad(p->nik, NV_PROV, nik, sizeof nik);
	else
		snprintf(nik, sizeof nik, "%s", p->nik);
	kasus_key(p, key, sizeof key);
	for (mo = 0; mo < 2; mo++) {
		kasus_usulan(u[mo], sizeof u[mo], &p->f, &s[mo]);
		kasus_flags(fl[mo], sizeof fl[mo], &s[mo]);
		sk[mo] = !s[mo].bp ? "" : s[mo].sk ? "YA" : "TIDAK";
	}
	mut = s[1].sk && !s[0].sk ? "MASUK" : kel[s[1].keluar];
	fprintf(fp, "%s;%ld;%d;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s\n",
	    gen_kinds[f->kind].name, f->j, p->m, nik, f->kk, p->noka, key,
	    u[0], u[1], kasus_fb(&p->f, 0, fb[0], sizeof fb[0]),
	    kasus_fb(&p->f, 1, fb[1], sizeof fb[1]), fl[0], fl[1], sk[0], sk[1],
	    mut, kasus_cek(p, &s[1]));
}

static int
planted(int kind)
{
	return kind != K_BIASA && kind != K_DTKS_SAJA && kind < K_POOL_APBN;
}

/* ---------------------------------------------------------------- main */

static void
person(const struct gen_ctx *c, const struct gen_fam *f,
    const struct gen_person *p, struct gen_exp *e, FILE *kasus)
{
	struct pm s[2], none;
	int mo;

	memset(&none, 0, sizeof none);
	month(c, p, 0, &none, &s[0]);
	month(c, p, 1, &s[0], &s[1]);
	for (mo = 0; mo < 2; mo++) {
		count_rek(&e->m[mo], &s[mo], mo ? &s[0] : &none, mo);
		count_usulan(&e->m[mo], &p->f, &s[mo]);
		count_fb(&e->m[mo], &p->f, mo);
	}
	/* rules.md's R for P, which the room holds: forwarded in P-1, no
	 * AKTIF PBPU_PEMDA row of that NIK in P-1's list, and either no answer
	 * (pending) or a newest answer BERHASIL (registered, not on a list
	 * yet: P-1 is the list's period).  The answers are P-1's and P's
	 * feedback, imported after P-1's list was sent (the month's order:
	 * proposals, usulan, then feedback and the list). */
	if (s[0].us_out == OUT_DITERUSKAN && !(p->f.bst[0] >= 0 &&
	    p->f.bseg == SEG_PEMDA && p->f.bnik == NV_OK &&
	    gen_st_aktif(p->f.bst[0]))) {
		int newest = p->f.fb[1] != FB_NONE ? p->f.fb[1] : p->f.fb[0];

		if (newest == FB_NONE)
			e->pending++;
		else if (newest == FB_OK || newest == FB_FAIL_OK)
			e->registered++;
	}
	if (kasus != NULL && planted(f->kind))
		kasus_line(kasus, f, p, s);
}

static FILE *
open_kasus(const struct gen_ctx *c, char *err, size_t errsz)
{
	struct gen_out o;

	if (gen_out_open(&o, c->outdir, "gen-kasus.txt", ';', "\n", 0, 0, err,
	    errsz) == -1)
		return NULL;
	fprintf(o.fp, "KASUS;INSTANS;ANGGOTA;NIK;NO KK;NOKA;KUNCI PESERTA;"
	    "USULAN %s;USULAN %s;FEEDBACK %s;FEEDBACK %s;FLAG %s;FLAG %s;"
	    "SK %s;SK %s;MUTASI %s;CEK\n", c->per[0], c->per[1], c->per[0],
	    c->per[1], c->per[0], c->per[1], c->per[0], c->per[1], c->per[1]);
	return o.fp;
}

int
gen_expect(const struct gen_ctx *c, struct gen_exp *e, char *err, size_t errsz)
{
	struct gen_fam f;
	struct gen_person p;
	FILE *kasus;
	long fi;
	int m, bad;

	memset(e, 0, sizeof *e);
	if ((kasus = open_kasus(c, err, errsz)) == NULL)
		return -1;
	for (fi = 0; fi < c->nfam; fi++) {
		gen_fam_get(c, fi, &f);
		e->kinds[f.kind]++;
		e->persons[f.kind] += f.size;
		if (f.kind == K_CEK_KK && f.j == 0)
			memcpy(e->cek_kk, f.kk, sizeof e->cek_kk);
		if (f.kind >= K_J_PESERTA_IDKOSONG)
			continue;	/* their rows are rejected */
		for (m = 0; m < f.size; m++) {
			gen_person_get(c, &f, m, &p);
			person(c, &f, &p, e, kasus);
		}
	}
	bad = ferror(kasus) != 0;
	if (fclose(kasus) == EOF || bad) {
		snprintf(err, errsz, "gen-kasus.txt: write failed");
		return -1;
	}
	e->kuota = e->m[0].aktif + e->pending + e->registered +
	    e->m[1].us_diteruskan;
	if (e->m[0].us_diteruskan > e->kuota || e->m[1].us_menunggu == 0) {
		snprintf(err, errsz, "internal: the quota plan does not hold "
		    "(%ld forwarded in P-1, kuota %ld)", e->m[0].us_diteruskan,
		    e->kuota);
		return -1;
	}
	return 0;
}
