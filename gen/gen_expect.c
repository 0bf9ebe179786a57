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
	"NIK_TIDAK_VALID", "USULAN_GANDA", "SUDAH_DITERUSKAN", "SUDAH_AKTIF",
	"SEGMEN_LAIN", "MENINGGAL", "BUKAN_PENDUDUK", "DATA_BEDA_DUKCAPIL",
	"BUKAN_DTKS", "BERKAS_KURANG", "KADALUWARSA",
};
const char *const gen_rf_name[RF_N] = {
	"GANDA_NIK", "GANDA_NOKA", "SEGMEN_LAIN", "MENINGGAL",
	"NIK_TIDAK_VALID", "BUKAN_DTKS", "DATA_BERBEDA", "KEMUNGKINAN_GANDA",
	"BUKAN_PENDUDUK", "DATA_BEDA_DUKCAPIL", "TIDAK_DITETAPKAN",
	"STATUS_TIDAK_AKTIF", "HILANG",
};
const char *const gen_tl_name[TL_N] = {
	"TERLAMBAT_BPJS", "BELUM_MASUK_DAFTAR",
};
const char *const gen_kat_name[KAT_N] = {
	"NIK_DUKCAPIL", "DATA_GANDA", "SEGMEN_LAIN", "MENINGGAL", "KUOTA",
	"LAINNYA",
};

/* A row of U: its codes and its outcome. */
struct urow {
	int	 codes, out, dibawa;
	int	 asal;		/* the month of the file the row came in */
};
#define MAXROWS	3	/* a carried row, the month's own row, its repeat */

/* One person in one month. */
struct pm {
	int	 in_d, in_m, dead_before, in_s;
	int	 bp, aktif, dup, flags, sk;	/* the main peserta row */
	int	 tw, tw_aktif, tw_flags, tw_sk;	/* second-NIK row */
	int	 us;				/* rows of U */
	struct urow row[MAXROWS];
	int	 live;		/* the row that carries the case on, or -1 */
	int	 sejak;		/* the month the live row's case began */
	int	 fwd;		/* latest month <= this one forwarded, -1 */
	int	 r_in, r_pending;	/* in R at this month's usulan */
	int	 tl;		/* BIT(TL_*) */
	int	 keluar;	/* 0, or 1 + reason */
	int	 kb;		/* §9: BIT(m) of the months claimed at this
				   month, 0 when none */
	int	 kb_baru;	/* on no earlier month's list */
	int	 gk;		/* --ganda: the pair's two rows are exact
				   twins (KEMUNGKINAN_GANDA) */
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
fb_ok(int fb)
{
	return fb == FB_OK || fb == FB_FAIL_OK;
}

/* BERHASIL in the feedback of P or of P-1 (rules.md §3 TIDAK_DITETAPKAN). */
static int
berhasil(const struct gen_fate *f, int mo)
{
	return fb_ok(f->fb[mo]) || (mo > 0 && fb_ok(f->fb[mo - 1]));
}

/* An AKTIF PBPU_PEMDA row of month mo's list under the person's NIK. */
static int
listed_aktif(const struct gen_fate *f, int mo)
{
	return f->bst[mo] >= 0 && f->bseg == SEG_PEMDA && f->bnik == NV_OK &&
	    gen_st_aktif(f->bst[mo]);
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

/* rules.md §3 for a planted pair's second row (--ganda): its own NIK,
 * valid, in no DTKS, no extract and no other list. */
static void
ganda_flags(const struct gen_nview *n, int mo, const struct pm *prev,
    struct pm *s)
{
	s->tw = 1;
	s->tw_aktif = s->aktif;
	s->tw_flags = s->aktif ? BIT(RF_BUKAN_DTKS) :
	    BIT(RF_STATUS_TIDAK_AKTIF);
	if (s->aktif && s->gk)
		s->tw_flags |= BIT(RF_KEMUNGKINAN_GANDA);
	if (s->aktif && n->tw_bukan)
		s->tw_flags |= BIT(RF_BUKAN_PENDUDUK);
	if (mo > 0 && s->aktif && !prev->tw_sk)
		s->tw_flags |= BIT(RF_TIDAK_DITETAPKAN);
	s->tw_sk = s->aktif;
}

/* rules.md §3 for the main row and the second-NIK row. */
static void
rek_flags(const struct gen_fate *f, const struct gen_nview *n, int mo,
    const struct pm *prev, struct pm *s)
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
	if (s->aktif && ((f->bextra == X_TWIN && f->bdob != DV_BAD) ||
	    (f->bextra == X_GANDA && s->gk)))
		s->flags |= BIT(RF_KEMUNGKINAN_GANDA);
	if (s->aktif && nik_ok && n->has && n->born && !n->in)
		s->flags |= BIT(RF_BUKAN_PENDUDUK);
	if (s->aktif && nik_ok && n->in && n->bp_beda)
		s->flags |= BIT(RF_DATA_BEDA_DUKCAPIL);
	if (mo > 0 && s->aktif && !prev->sk && !berhasil(f, mo))
		s->flags |= BIT(RF_TIDAK_DITETAPKAN);
	if (!s->aktif)
		s->flags |= BIT(RF_STATUS_TIDAK_AKTIF);
	s->sk = s->aktif &&
	    !(s->flags & (BIT(RF_SEGMEN_LAIN) | BIT(RF_MENINGGAL)));
	if (f->bextra == X_GANDA) {
		ganda_flags(n, mo, prev, s);
		return;
	}
	if (f->bextra != X_TWIN)
		return;
	s->tw = 1;
	s->tw_aktif = s->aktif;
	s->tw_flags = s->aktif ? BIT(RF_KEMUNGKINAN_GANDA) :
	    BIT(RF_STATUS_TIDAK_AKTIF);
	if (s->aktif && !s->in_d)
		s->tw_flags |= BIT(RF_BUKAN_DTKS);
	if (s->aktif && n->tw_bukan)
		s->tw_flags |= BIT(RF_BUKAN_PENDUDUK);
	if (mo > 0 && s->aktif && !prev->tw_sk)
		s->tw_flags |= BIT(RF_TIDAK_DITETAPKAN);
	s->tw_sk = s->aktif;
}

/*
 * R (rules.md "The sets") for month mo, with the feedback of the months up
 * to kmax: usulan runs before the month's answers come (kmax = mo - 1),
 * rekonsiliasi after (kmax = mo). p1 is p'. Each month's feedback is
 * imported after that month's list was sent, so it answers p' <= its month.
 */
static int
in_r(const struct gen_fate *f, int mo, int p1, int kmax, int *pending)
{
	int k, newest = FB_NONE;

	*pending = 0;
	if (p1 < 0 || (mo > 0 && listed_aktif(f, mo - 1)))
		return 0;
	for (k = kmax; k >= p1; k--)
		if (f->fb[k] != FB_NONE) {
			newest = f->fb[k];
			break;
		}
	if (newest == FB_NONE)
		return *pending = 1;
	return fb_ok(newest) && p1 >= mo - 1;
}

/* rules.md §1's codes of a row of the person, USULAN_GANDA and KADALUWARSA
 * aside (every row of a person carries the same columns). */
static int
own_codes(const struct gen_fate *f, const struct gen_nview *n, int mo,
    const struct pm *s)
{
	int bad = f->us_nik != NV_OK, prev_seg, codes = 0;

	prev_seg = mo > 0 && f->bst[mo - 1] >= 0 && ((f->bseg != SEG_PEMDA &&
	    gen_st_aktif(f->bst[mo - 1]) && (f->us_jenis != J_MUTASI ||
	    f->bseg == SEG_APBN)) || (f->bextra == X_PPU &&
	    f->us_jenis != J_MUTASI));
	if (bad)
		codes |= BIT(UC_NIK_TIDAK_VALID);
	if (!bad && s->r_in)
		codes |= BIT(UC_SUDAH_DITERUSKAN);
	if (!bad && mo > 0 && f->bst[mo - 1] >= 0 && f->bseg == SEG_PEMDA &&
	    gen_st_aktif(f->bst[mo - 1]))
		codes |= BIT(UC_SUDAH_AKTIF);
	if (!bad && (f->apbn[mo] == 1 || f->prov[mo] == 1 || prev_seg))
		codes |= BIT(UC_SEGMEN_LAIN);
	if (!bad && s->in_m)
		codes |= BIT(UC_MENINGGAL);
	if (!bad && n->has && n->born && !n->in)
		codes |= BIT(UC_BUKAN_PENDUDUK);
	if (!bad && n->in && n->us_beda)
		codes |= BIT(UC_DATA_BEDA_DUKCAPIL);
	if ((bad || !s->in_d) && !f->us_sktm)
		codes |= BIT(UC_BUKAN_DTKS);
	if (f->us_berkas)
		codes |= BIT(UC_BERKAS_KURANG);
	return codes;
}

/*
 * Where a row without a code ends in the quota queue. gen plants each
 * month's quota to stop right before the first AFTER family; in P-1 only
 * the families planted to wait are AFTER, and in P+1 every carried row is
 * ahead of P+1's own waiting families (gen_fate.c).
 */
static int
queue_out(const struct gen_fate *f, int mo, int dibawa)
{
	int b = f->band[mo];

	if (mo == 2 && dibawa)
		b = BAND_BEFORE;
	if (mo == 0)
		return b == BAND_AFTER ? OUT_MENUNGGU : OUT_DITERUSKAN;
	return b == BAND_BEFORE ? OUT_DITERUSKAN : OUT_MENUNGGU;
}

static void
add_row(struct pm *s, int codes, int dibawa, int asal,
    const struct gen_fate *f, int mo)
{
	struct urow *r = &s->row[s->us++];

	r->codes = codes;
	r->dibawa = dibawa;
	r->asal = asal;
	r->out = codes ? OUT_DIKEMBALIKAN : queue_out(f, mo, dibawa);
}

/*
 * rules.md §1 and §8 for the person's rows of U: the row carried from last
 * month's queue (replaced by this month's row when that has no code of its
 * own), the month's own row, and its planted repeat (USULAN_GANDA).
 */
static void
usulan(const struct gen_fate *f, const struct gen_nview *n, int mo,
    const struct pm *prev, struct pm *s)
{
	int carried, own = f->us[mo], codes, kad = 0;

	carried = mo > 0 && prev->live >= 0 &&
	    prev->row[prev->live].out == OUT_MENUNGGU;
	s->live = -1;
	s->sejak = mo;
	if (!carried && !own)
		return;
	codes = own_codes(f, n, mo, s);
	if (carried) {
		s->sejak = prev->sejak;
		kad = mo - prev->sejak > GEN_ANTRIAN_BULAN;
	}
	if (carried && !kad && own && codes == 0) {
		add_row(s, 0, 1, mo, f, mo);	/* the replacement */
		s->live = 0;
	} else {
		if (carried) {
			add_row(s, codes | (kad ? BIT(UC_KADALUWARSA) : 0), 1,
			    prev->row[prev->live].asal, f, mo);
			s->live = 0;
		}
		if (own) {
			if (carried && !kad)	/* the carried row stays */
				add_row(s, codes | BIT(UC_USULAN_GANDA), 0, mo,
				    f, mo);
			else {
				add_row(s, codes, 0, mo, f, mo);
				s->live = s->us - 1;
				s->sejak = mo;
			}
		}
	}
	if (own && f->us_dup)
		add_row(s, codes | BIT(UC_USULAN_GANDA), 0, mo, f, mo);
}

static void
month(const struct gen_ctx *c, const struct gen_person *p,
    const struct gen_nview *n, int gk, int mo, const struct pm *prev,
    struct pm *s)
{
	int day, i, k, pend;

	memset(s, 0, sizeof *s);
	s->gk = gk;
	day = gen_death_at(c, p, mo);
	s->in_d = (p->f.dtks >> mo) & 1;
	s->in_m = day != 0;
	s->dead_before = s->in_m && day < c->day0[mo];
	s->in_s = in_s(&p->f, mo);
	rek_flags(&p->f, n, mo, prev, s);
	s->r_in = in_r(&p->f, mo, prev->fwd, mo - 1, &s->r_pending);
	usulan(&p->f, n, mo, prev, s);
	s->fwd = prev->fwd;
	for (i = 0; i < s->us; i++)
		if (s->row[i].out == OUT_DITERUSKAN)
			s->fwd = mo;
	if (mo > 0 && prev->sk && !s->sk)
		s->keluar = s->bp && s->aktif ? KEL_DIK : s->bp ? KEL_STATUS :
		    KEL_HILANG;
	/* rules.md §8's follow-up, every list sent with usulan --final. */
	if (in_r(&p->f, mo, prev->fwd, mo, &pend) && pend &&
	    prev->fwd <= mo - 2 && !listed_aktif(&p->f, mo))
		s->tl |= BIT(TL_TERLAMBAT_BPJS);
	for (k = mo - 1; k >= 0 && p->f.fb[k] == FB_NONE; k--)
		;
	if (k >= 0 && fb_ok(p->f.fb[k])) {
		for (i = k; i <= mo && !listed_aktif(&p->f, i); i++)
			;
		if (i > mo)
			s->tl |= BIT(TL_BELUM_MASUK_DAFTAR);
	}
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
		return;		/* no K */
	e->flag[RF_HILANG] += (prev->sk && !(s->bp && s->aktif)) +
	    (prev->tw_sk && !(s->tw && s->tw_aktif));
	e->masuk += (s->sk && !prev->sk) + (s->tw_sk && !prev->tw_sk);
	e->keluar += (prev->sk && !s->sk) + (prev->tw_sk && !s->tw_sk);
	e->keluar_dik += s->keluar == KEL_DIK;
	e->keluar_status += s->keluar == KEL_STATUS;
	e->keluar_hilang += s->keluar == KEL_HILANG;
}

/* rules.md §9 usul nonaktif: AKTIF rows with a flag of the default
 * usul_nonaktif (MENINGGAL, SEGMEN_LAIN; both need AKTIF). */
static void
count_nonaktif(struct gen_exp_month *e, const struct pm *s)
{
	int want = BIT(RF_MENINGGAL) | BIT(RF_SEGMEN_LAIN);

	if (s->bp && s->aktif && (s->flags & want))
		e->usul_nonaktif += 1 + s->dup;
	if (s->tw && s->tw_aktif && (s->tw_flags & want))
		e->usul_nonaktif++;
}

/*
 * rules.md §9 kelebihan bayar as of each month mo: the date of the newest
 * death record up to mo, and the months m <= mo after the month of death
 * whose SK list (as reconciled and closed at m) holds the NIK as its
 * participant key. baru: on no earlier month's list.
 */
static void
kelebihan(const struct gen_ctx *c, const struct gen_person *p, struct pm *s)
{
	int mo, m, d, listed = 0;

	for (mo = 0; mo < c->nmo; mo++) {
		d = gen_death_at(c, p, mo);
		if (d == 0 || p->f.bnik != NV_OK)
			continue;
		for (m = 0; m <= mo; m++)
			if (s[m].sk && d < c->day0[m])
				s[mo].kb |= BIT(m);
		s[mo].kb_baru = s[mo].kb != 0 && !listed;
		listed |= s[mo].kb != 0;
	}
}

static void
count_kb(const struct gen_ctx *c, struct gen_exp_month *e, const struct pm *s)
{
	long rupiah = 0;
	int m, n = 0;

	if (s->kb == 0)
		return;
	for (m = 0; m < c->nmo; m++)
		if (s->kb & BIT(m)) {
			n++;
			rupiah += gen_iuran(c, m);
		}
	e->kb_jiwa++;
	e->kb_bulan += n;
	e->kb_rupiah += rupiah;
	if (s->kb_baru) {
		e->kb_jiwa_baru++;
		e->kb_rupiah_baru += rupiah;
	}
}

static void
count_usulan(struct gen_exp_month *e, const struct pm *s)
{
	const struct urow *r;
	int b, i;

	for (i = 0; i < s->us; i++) {
		r = &s->row[i];
		e->us_rows++;
		for (b = 0; b < UC_N; b++)
			if (r->codes & BIT(b))
				e->us_code[b]++;
		e->us_diteruskan += r->out == OUT_DITERUSKAN;
		e->us_dikembalikan += r->out == OUT_DIKEMBALIKAN;
		e->us_menunggu += r->out == OUT_MENUNGGU;
		e->us_berkas_rows += r->codes == BIT(UC_BERKAS_KURANG);
		e->us_dibawa += r->dibawa;
		e->us_kadaluwarsa += (r->codes & BIT(UC_KADALUWARSA)) != 0;
	}
	for (b = 0; b < TL_N; b++)
		e->tl[b] += (s->tl & BIT(b)) != 0;
	e->pending += s->r_in && s->r_pending;
	e->registered += s->r_in && !s->r_pending;
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

/* The rows of U, '/' between two; a row carried from an earlier month's
 * file ends in '@' and that month. */
static void
kasus_usulan(const struct gen_ctx *c, char *buf, size_t n, const struct pm *s,
    int mo)
{
	static const char *const out[4] = { "", "DITERUSKAN", "DIKEMBALIKAN",
	    "MENUNGGU_KUOTA" };
	char codes[200];
	int i;

	buf[0] = '\0';
	for (i = 0; i < s->us; i++) {
		codes[0] = '\0';
		cat_bits(codes, sizeof codes, s->row[i].codes, gen_uc_name,
		    UC_N);
		snprintf(buf + strlen(buf), n - strlen(buf), "%s%s%s%s%s%s%s",
		    i ? "/" : "", out[s->row[i].out], codes[0] ? "(" : "",
		    codes, codes[0] ? ")" : "", s->row[i].asal != mo ? "@" : "",
		    s->row[i].asal != mo ? c->per[s->row[i].asal] : "");
	}
}

static void
kasus_fb(const struct gen_fate *f, int mo, char *buf, size_t n)
{
	switch (f->fb[mo]) {
	case FB_OK:
		snprintf(buf, n, "BERHASIL");
		break;
	case FB_FAIL_OK:
		snprintf(buf, n, "GAGAL>BERHASIL");
		break;
	case FB_FAIL:
		snprintf(buf, n, "GAGAL(%s)", gen_ket_kategori[f->fb_ket]);
		break;
	default:
		buf[0] = '\0';
		break;
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
kasus_cek(const struct gen_person *p, const struct gen_nview *n,
    const struct pm *s)
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
	if (n->has && n->born && !n->in)
		return "BUKAN_PENDUDUK";
	return "TIDAK_DITEMUKAN";
}

/* The participant key rekon builds from the peserta row. */
static void
kasus_key(const struct gen_ctx *c, const struct gen_person *p, char *buf,
    size_t n)
{
	int mo;

	for (mo = 0; mo < c->nmo && p->f.bst[mo] < 0; mo++)
		;
	if (mo == c->nmo)
		buf[0] = '\0';
	else if (p->f.bnik == NV_SCI)
		snprintf(buf, n, "NOKA:%s", p->noka);
	else if (p->f.bnik != NV_OK)
		gen_nik_bad(p->nik, p->f.bnik, buf, n);
	else
		snprintf(buf, n, "%s", p->nik);
}

/* How the extract holds the person (gen-kasus.txt's KEPENDUDUKAN). */
static const char *
kasus_kep(const struct gen_person *p, const struct gen_nview *n)
{
	if (p->f.lahir)
		return "LAHIR_SESUDAH";
	if (!n->in)
		return n->dead ? "TIDAK(MENINGGAL)" : "TIDAK";
	if (p->f.nkk)
		return "BEDA(NO_KK)";
	if (p->f.nname)
		return "BEDA(NAMA)";
	if (p->f.ndob)
		return "BEDA(TGL_LAHIR)";
	return p->f.ndup ? "DUA_BARIS" : "ADA";
}

/* The months claimed back as of a month (§9), and BARU. */
static void
kasus_kb(const struct gen_ctx *c, const struct pm *s, char *buf, size_t n)
{
	int m;

	buf[0] = '\0';
	for (m = 0; m < c->nmo; m++)
		if (s->kb & BIT(m))
			snprintf(buf + strlen(buf), n - strlen(buf), "%s%s",
			    buf[0] ? "," : "", c->per[m]);
	if (s->kb_baru)
		snprintf(buf + strlen(buf), n - strlen(buf), "(BARU)");
}

/* The columns the extract adds (--kependudukan). */
static void
kasus_kep_cols(FILE *fp, const struct gen_ctx *c, const struct gen_person *p,
    const struct gen_nview *n, const struct pm *s)
{
	char kb[64];
	int mo;

	fprintf(fp, ";%s", kasus_kep(p, n));
	for (mo = 0; mo < c->nmo; mo++) {
		kasus_kb(c, &s[mo], kb, sizeof kb);
		fprintf(fp, ";%s", kb);
	}
}

static void
kasus_line(FILE *fp, const struct gen_ctx *c, const struct gen_fam *f,
    const struct gen_person *p, const struct gen_nview *n, const struct pm *s)
{
	static const char *const kel[4] = { "", "KELUAR(DIKECUALIKAN)",
	    "KELUAR(STATUS)", "KELUAR(HILANG)" };
	char nik[24], key[32], u[GEN_MAXMO][240], fl[GEN_MAXMO][200];
	char fb[GEN_MAXMO][48], tl[GEN_MAXMO][64];
	const char *sk[GEN_MAXMO], *mut[GEN_MAXMO];
	int mo;

	if (p->f.dtks_nikbad)
		gen_nik_bad(p->nik, NV_PROV, nik, sizeof nik);
	else
		snprintf(nik, sizeof nik, "%s", p->nik);
	kasus_key(c, p, key, sizeof key);
	for (mo = 0; mo < c->nmo; mo++) {
		kasus_usulan(c, u[mo], sizeof u[mo], &s[mo], mo);
		kasus_flags(fl[mo], sizeof fl[mo], &s[mo]);
		kasus_fb(&p->f, mo, fb[mo], sizeof fb[mo]);
		sk[mo] = !s[mo].bp ? "" : s[mo].sk ? "YA" : "TIDAK";
		mut[mo] = mo == 0 ? "" : s[mo].sk && !s[mo - 1].sk ? "MASUK" :
		    kel[s[mo].keluar];
		tl[mo][0] = '\0';
		cat_bits(tl[mo], sizeof tl[mo], s[mo].tl, gen_tl_name, TL_N);
	}
	fprintf(fp, "%s;%ld;%d;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s",
	    gen_kinds[f->kind].name, f->j, p->m, nik, f->kk, p->noka, key,
	    u[0], u[1], fb[0], fb[1], fl[0], fl[1], sk[0], sk[1], mut[1],
	    kasus_cek(p, n, &s[1]));
	if (c->nmo > 2)
		fprintf(fp, ";%s;%s;%s;%s;%s;%s;%s", u[2], fb[2], fl[2], sk[2],
		    mut[2], tl[1], tl[2]);
	if (n->has)
		kasus_kep_cols(fp, c, p, n, s);
	fputc('\n', fp);
}

static int
planted(int kind)
{
	return (kind != K_BIASA && kind != K_DTKS_SAJA &&
	    kind < K_POOL_APBN) || (kind >= K_FIRST_EXT && !gen_kind_junk(kind));
}

/* ---------------------------------------------------------------- main */

static int
person(const struct gen_ctx *c, const struct gen_fam *f,
    const struct gen_person *p, struct gen_exp *e, FILE *kasus)
{
	struct pm s[GEN_MAXMO], none;
	struct gen_nview n;
	int mo, i, gk = 0;

	if (gen_nview_get(c, f, p, &n) == -1)
		return -1;
	if (p->f.bextra == X_GANDA) {
		struct gen_grow g;

		if (gen_ganda_row(c, f, p, &g) == -1)
			return -1;
		gk = gen_ganda_kemungkinan(c, f, p);
	}
	memset(&none, 0, sizeof none);
	none.fwd = none.live = -1;
	for (mo = 0; mo < c->nmo; mo++) {
		month(c, p, &n, gk, mo, mo ? &s[mo - 1] : &none, &s[mo]);
		if (GEN_KIND_GANDA(f->kind) && s[mo].bp && s[mo].aktif &&
		    s[mo].tw && s[mo].tw_aktif)
			e->m[mo].ganda[f->kind - K_FIRST_GANDA]++;
		if (p->f.bextra == X_TWIN && s[mo].bp && s[mo].aktif &&
		    s[mo].tw && s[mo].tw_aktif)
			e->m[mo].ganda_rek++;
		count_rek(&e->m[mo], &s[mo], mo ? &s[mo - 1] : &none, mo);
		count_nonaktif(&e->m[mo], &s[mo]);
		count_usulan(&e->m[mo], &s[mo]);
		count_fb(&e->m[mo], &p->f, mo);
	}
	kelebihan(c, p, s);
	for (mo = 0; mo < c->nmo; mo++)
		count_kb(c, &e->m[mo], &s[mo]);
	/* The third month's answers are planted in the fates: the person is
	 * forwarded in P+1 exactly when BPJS answers them there. */
	if (c->nmo > 2) {
		int fwd = 0;

		for (i = 0; i < s[2].us; i++)
			fwd |= s[2].row[i].out == OUT_DITERUSKAN;
		if (fwd != (p->f.fb[2] != FB_NONE))
			e->incoherent++;
	}
	if (kasus != NULL && planted(f->kind))
		kasus_line(kasus, c, f, p, &n, s);
	return 0;
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
	    "SK %s;SK %s;MUTASI %s;CEK", c->per[0], c->per[1], c->per[0],
	    c->per[1], c->per[0], c->per[1], c->per[0], c->per[1], c->per[1]);
	if (c->nmo > 2)
		fprintf(o.fp, ";USULAN %s;FEEDBACK %s;FLAG %s;SK %s;MUTASI %s;"
		    "TINDAK LANJUT %s;TINDAK LANJUT %s", c->per[2], c->per[2],
		    c->per[2], c->per[2], c->per[2], c->per[1], c->per[2]);
	if (c->kep) {
		int mo;

		fprintf(o.fp, ";KEPENDUDUKAN");
		for (mo = 0; mo < c->nmo; mo++)
			fprintf(o.fp, ";KELEBIHAN BAYAR %s", c->per[mo]);
	}
	fputc('\n', o.fp);
	return o.fp;
}

/*
 * The quota gen plants for each month: exactly the room its forwarded
 * families use (rules.md §1: room = kuota - aktif of Bprev - |R|), so the
 * first family planted to wait does not fit. P-1 has no earlier list: with
 * two months its quota is P's (everything fits); with three, P-1's room is
 * its forwarded rows, so the families planted to wait there wait.
 */
static int
plan_quota(const struct gen_ctx *c, struct gen_exp *e, char *err,
    size_t errsz)
{
	struct gen_exp_month *m;
	int mo;

	if (e->incoherent) {
		snprintf(err, errsz, "internal: %ld people forwarded in %s "
		    "without an answer planted, or answered unforwarded",
		    e->incoherent, c->per[2]);
		return -1;
	}
	for (mo = 1; mo < c->nmo; mo++) {
		m = &e->m[mo];
		m->kuota = e->m[mo - 1].aktif + m->pending + m->registered +
		    m->us_diteruskan;
		if (m->us_menunggu == 0) {
			snprintf(err, errsz, "internal: nobody waits in %s",
			    c->per[mo]);
			return -1;
		}
	}
	e->kuota = e->m[1].kuota;
	e->m[0].kuota = c->nmo > 2 ? e->m[0].us_diteruskan : e->kuota;
	if (e->m[0].us_diteruskan > e->m[0].kuota) {
		snprintf(err, errsz, "internal: the quota plan does not hold "
		    "(%ld forwarded in %s, kuota %ld)", e->m[0].us_diteruskan,
		    c->per[0], e->m[0].kuota);
		return -1;
	}
	return 0;
}

int
gen_expect(const struct gen_ctx *c, struct gen_exp *e, char *err, size_t errsz)
{
	struct gen_fam f;
	struct gen_person p;
	FILE *kasus;
	long fi, nameless = -1;
	int m, bad;

	memset(e, 0, sizeof *e);
	if ((kasus = open_kasus(c, err, errsz)) == NULL)
		return -1;
	for (fi = 0; fi < c->nfam && nameless < 0; fi++) {
		gen_fam_get(c, fi, &f);
		e->kinds[f.kind]++;
		e->persons[f.kind] += f.size;
		if (f.kind == K_CEK_KK && f.j == 0)
			memcpy(e->cek_kk, f.kk, sizeof e->cek_kk);
		if (gen_kind_junk(f.kind))
			continue;	/* their rows are rejected */
		for (m = 0; m < f.size && nameless < 0; m++) {
			gen_person_get(c, &f, m, &p);
			if (person(c, &f, &p, e, kasus) == -1)
				nameless = fi;
		}
	}
	bad = ferror(kasus) != 0;
	if (fclose(kasus) == EOF || bad || nameless >= 0) {
		if (nameless >= 0)
			snprintf(err, errsz, "family %ld: no name fits the "
			    "planted case", nameless);
		else
			snprintf(err, errsz, "gen-kasus.txt: write failed");
		return -1;
	}
	return plan_quota(c, e, err, errsz);
}
