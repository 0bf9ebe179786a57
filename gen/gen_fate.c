/*
 * gen_fate.c — what happens to each person of each kind of family, month by
 * month. docs/gen.md is the prose version of this file; keep them together.
 *
 * Month index 0 is P-1, 1 is P, 2 is P+1 (--months 3). Member 0 usually
 * carries the planted case and the other members are clean, so a family is
 * never a tangle of cases (except CEK_KK, whose point is to be one).
 *
 * The third month: the kinds of the first two carry on (third_month()): the
 * lists, DTKS and segment lists stay as in P, the people BPJS registered from
 * P's proposals join P+1's list, and the families waiting in P's queue are
 * carried into P+1 (rules.md §8) and forwarded there, so BPJS answers them
 * BERHASIL in feedback-P+1. The Q_ kinds plant §8's paths; the W_ kinds are
 * P+1's own proposals.
 */
#include <string.h>

#include "gen_int.h"

/* An ordinary participant: in both DTKS snapshots, AKTIF PBPU Pemda in both
 * months' lists. */
static void
clean(struct gen_fate *t)
{
	t->dtks = 3;
	t->bst[0] = t->bst[1] = ST_AKTIF;
	t->bseg = SEG_PEMDA;
}

/* A first-month proposal BPJS registered: BERHASIL in the first month's
 * feedback, then a row in the second month's list (MASUK). */
static void
registered1(struct gen_fate *t)
{
	t->fb[0] = FB_OK;
	t->bst[1] = ST_AKTIF;
	t->bseg = SEG_PEMDA;
}

static void
fate_cek(int m, struct gen_fate *t)
{
	t->dtks = 3;
	switch (m) {
	case 0:		/* AKTIF_PEMDA */
		clean(t);
		break;
	case 1:		/* MENINGGAL */
		t->death = DEATH_BEFORE1;
		break;
	case 2:		/* AKTIF_SEGMEN_LAIN */
		t->apbn[0] = t->apbn[1] = 1;
		break;
	case 3:		/* NON_AKTIF */
		t->bst[0] = t->bst[1] = ST_NONAKTIF;
		t->bseg = SEG_PEMDA;
		break;
	case 4:		/* NIK_TIDAK_VALID */
		t->dtks_nikbad = 1;
		break;
	default:	/* TIDAK_DITEMUKAN */
		break;
	}
}

static void
fate_lain(long j, struct gen_fate *t)
{
	static const unsigned char seg[4] = { SEG_APBN, SEG_PPU, SEG_MANDIRI,
	    SEG_MANDIRI };

	t->bseg = seg[j % 4];
	t->bst[0] = t->bst[1] = j % 4 == 2 ? ST_NONAKTIF : ST_AKTIF;
}

/* Reconciliation cases: clean participants with one thing wrong on member 0. */
static void
fate_rek(const struct gen_fam *f, int m, struct gen_fate *t)
{
	static const signed char tidak[6] = { ST_NONAKTIF, ST_TIDAKAKTIF,
	    ST_KELUAR, ST_MENINGGAL, ST_KODE7, ST_TANGGUH };

	clean(t);
	switch (f->kind) {
	case K_NON_DTKS:
		t->dtks = 0;
		return;
	case K_KELUAR_DTKS:
		t->dtks = 1;
		return;
	case K_HILANG:
		t->bst[1] = -1;
		return;
	case K_GANDA_NOKA:
		t->gnoka = (unsigned char)(m + 1);
		if (m == 1)
			t->bnoka = KV_FROM_M0;
		return;
	default:
		break;
	}
	if (m != 0)
		return;
	switch (f->kind) {
	case K_GANDA_NIK:	t->bextra = X_DUPNIK; break;
	case K_SEG_APBN:	t->apbn[0] = t->apbn[1] = 1; break;
	case K_SEG_PPU:		t->bextra = X_PPU; break;
	case K_SEG_PROV:	t->prov[0] = t->prov[1] = 1; break;
	case K_SEG_NONAKTIF:	t->apbn[0] = t->apbn[1] = 2; break;
	case K_MATI_SEBELUM:	t->death = DEATH_BEFORE1; break;
	case K_MATI_P1:		t->death = DEATH_IN1; break;
	case K_MATI_P2:		t->death = DEATH_IN2; break;
	case K_MATI_STATUS:
		t->death = DEATH_IN1;
		t->bst[1] = ST_MENINGGAL;
		break;
	case K_NIK_SALAH:	t->bnik = f->j % 2 ? NV_15 : NV_PROV; break;
	case K_NIK_EXCEL:	t->bnik = NV_SCI; break;
	case K_BEDA_TGL:	t->bdob = DV_DIFF; break;
	case K_BEDA_JK:		t->bsex = 1; break;
	case K_BEDA_NAMA:	t->bname = NMV_ALIAS; break;
	case K_NAMA_MIRIP:	t->bname = NMV_VARIANT; break;
	case K_TGL_RUSAK:	t->bdob = DV_BAD; break;
	case K_KEMUNGKINAN_GANDA: t->bextra = X_TWIN; break;
	case K_TIDAK_AKTIF:
		t->bst[0] = t->bst[1] = tidak[f->j % 6];
		break;
	case K_JADI_NONAKTIF:	t->bst[1] = ST_NONAKTIF; break;
	case K_TIDAK_DITETAPKAN: t->bst[0] = -1; break;
	case K_NOKA_SALAH:	t->bnoka = KV_BAD; break;
	case K_DTKS_GANDA:	t->dtks_dup = 1; break;
	default:		break;
	}
}

/* First-month proposals: forwarded, then answered (or not) by BPJS. */
static void
fate_usl1(const struct gen_fam *f, int m, struct gen_fate *t)
{
	t->dtks = 3;
	t->us[0] = 1;
	switch (f->kind) {
	case K_U_BERHASIL:
		t->us_jenis = f->j % 3 == 1 ? J_KOSONG : J_BARU;
		registered1(t);
		/* Names with ’ and É: instance 0 uses the first two. */
		if (f->j % 5 == 0 && m < 2)
			t->special = (unsigned char)(1 +
			    (f->j / 5 * 2 + m) % 4);
		break;
	case K_U_GAGAL:
		if (m == 0) {
			t->fb[0] = FB_FAIL;
			t->fb_ket = (unsigned char)(f->j % GEN_NKET);
		} else
			registered1(t);
		break;
	case K_U_DUA_KALI:
		registered1(t);
		t->fb[0] = FB_FAIL_OK;
		break;
	default:	/* K_U_PENDING: no answer in either month */
		break;
	}
}

/*
 * Proposals returned for a reason, planted in both months: even instances in
 * P-1, odd ones in P. The clean members of a P-1 family are registered; those
 * of a P family wait at the end of the quota queue.
 */
static void
fate_usl_r(const struct gen_fam *f, int m, struct gen_fate *t)
{
	int mo = (int)(f->j % 2);

	t->dtks = 3;
	t->us[mo] = 1;
	t->band[1] = mo ? BAND_AFTER : BAND_NONE;
	switch (f->kind) {
	case K_R_NIK:
		if (m == 0)
			t->us_nik = NV_15;
		break;
	case K_R_GANDA:
		if (m == 0)
			t->us_dup = 1;
		break;
	case K_R_SEG_APBN:
		if (m == 0)
			t->apbn[0] = t->apbn[1] = 1;
		break;
	case K_R_MATI:
		if (m == 0)
			t->death = mo ? DEATH_IN2 : DEATH_BEFORE1;
		break;
	case K_R_NON_DTKS:
		t->dtks = 0;
		return;		/* every member is returned */
	case K_R_SKTM:
		t->dtks = 0;
		t->us_sktm = 1;
		break;
	case K_R_TGL:
		t->us_dobbad = 1;
		break;
	default:
		break;
	}
	if (t->us_nik || t->apbn[0] || t->death)
		return;
	if (mo == 0)
		registered1(t);
	else		/* waits in P, carried into P+1 and forwarded */
		t->fb[2] = FB_OK;
}

/* Second-month proposals, judged against the first month's list. */
static void
fate_usl2(const struct gen_fam *f, int m, struct gen_fate *t)
{
	t->dtks = 3;
	t->us[1] = 1;
	switch (f->kind) {
	case K_V_MASUK:
		t->band[1] = BAND_BEFORE;
		if (f->j % 2)
			t->dtks = 2;	/* new in the second DTKS */
		if (f->j % 4 == 3 && m == 0) {
			t->fb[1] = FB_FAIL;
			break;
		}
		t->fb[1] = FB_OK;
		if (f->j % 2 == 0) {	/* at once in P's list */
			t->bst[1] = ST_AKTIF;
			t->bseg = SEG_PEMDA;
		}
		break;
	case K_V_ANTRI:
		t->band[1] = BAND_AFTER;
		t->us_jenis = f->j % 2 ? J_KOSONG : J_BARU;
		t->fb[2] = FB_OK;	/* carried into P+1, forwarded */
		break;
	case K_V_MUTASI_MANDIRI:
		t->bst[0] = t->bst[1] = ST_AKTIF;
		t->bseg = SEG_MANDIRI;
		t->us_jenis = J_MUTASI;
		t->band[1] = BAND_BEFORE;
		t->fb[1] = FB_OK;
		break;
	case K_V_BARU_PPU:
		t->bst[0] = t->bst[1] = ST_AKTIF;
		t->bseg = SEG_PPU;
		break;
	case K_V_MUTASI_APBN:
		t->apbn[0] = t->apbn[1] = 1;
		t->us_jenis = J_MUTASI;
		break;
	case K_V_SUDAH_AKTIF:
		clean(t);
		t->us[1] = m == 0;
		break;
	case K_V_BERKAS:
		t->band[1] = BAND_AFTER;
		if (m == 0)
			t->us_berkas = (unsigned char)(1 + f->j % 2);
		else
			t->fb[2] = FB_OK;	/* carried into P+1 */
		break;
	default:
		break;
	}
}

/*
 * rules.md §8's paths, over three months. The families that must wait in
 * a month queue behind every other family of that month: no DTKS (desil
 * 11) with an SKTM, and TGL USULAN empty (last among desil 11), so the
 * quota gen plants for the month stops right before them.
 */
static void
fate_kasus(const struct gen_fam *f, int m, struct gen_fate *t)
{
	switch (f->kind) {
	case K_Q_KADALUWARSA:	/* waits in P-1 and P; P+1: KADALUWARSA */
		t->us[0] = 1;
		t->us_sktm = 1;
		t->band[0] = t->band[1] = BAND_AFTER;
		break;
	case K_Q_ULANG:	/* waits in P-1; proposed again in P (replaces
			   the carried row, forwarded, never answered); again
			   in P+1 (SUDAH_DITERUSKAN) */
		t->dtks = 2 | 4;
		t->us[0] = t->us[1] = t->us[2] = 1;
		t->us_sktm = 1;
		t->band[0] = BAND_AFTER;
		t->band[1] = BAND_BEFORE;
		break;
	case K_Q_DIBAWA:	/* waits in P, forwarded in P+1 unasked */
		t->dtks = 7;
		t->us[1] = 1;
		t->band[1] = BAND_AFTER;
		t->fb[2] = FB_OK;
		break;
	case K_Q_MATI:		/* waits in P; m0 dies in P+1 */
		t->dtks = 7;
		t->us[1] = 1;
		t->band[1] = BAND_AFTER;
		if (m == 0)
			t->death = DEATH_IN3;
		else
			t->fb[2] = FB_OK;
		break;
	case K_Q_BELUM_MASUK:	/* BERHASIL in P-1, never on a list */
		t->dtks = 7;
		t->us[0] = 1;
		t->fb[0] = FB_OK;
		break;
	case K_W_MASUK:		/* P+1's own, forwarded */
		t->dtks = f->j % 2 ? 4 : 7;
		t->us[2] = 1;
		t->band[2] = BAND_BEFORE;
		if (f->j % 4 == 3 && m == 0) {
			t->fb[2] = FB_FAIL;
			t->fb_ket = (unsigned char)(f->j % GEN_NKET);
		} else
			t->fb[2] = FB_OK;
		break;
	case K_W_ANTRI:		/* P+1's own, waiting */
		t->us[2] = 1;
		t->us_sktm = 1;
		t->band[2] = BAND_AFTER;
		break;
	default:
		break;
	}
}

/*
 * A proposal the extract returns (rules.md §1 BUKAN_PENDUDUK,
 * DATA_BEDA_DUKCAPIL), planted as the USL_* kinds are: even instances in
 * P-1, odd ones in P; member 0 carries the case, the others are clean.
 */
static void
fate_kep_usul(const struct gen_fam *f, int m, struct gen_fate *t)
{
	int mo = (int)(f->j % 2);

	t->dtks = 3;
	t->us[mo] = 1;
	t->band[1] = mo ? BAND_AFTER : BAND_NONE;
	if (m == 0) {
		if (f->kind == K_E_USUL_BUKAN)
			t->nout = 1;
		else if ((f->j / 2 + f->j) % 2 == 0)
			t->nname = 1;
		else
			t->ndob = 1;
		return;
	}
	if (mo == 0)
		registered1(t);
	else		/* waits in P, carried into P+1 and forwarded */
		t->fb[2] = FB_OK;
}

/* The first two months' kinds in the third (see the file's comment). */
static void
third_month(struct gen_fate *t)
{
	t->bst[2] = t->bst[1];
	t->apbn[2] = t->apbn[1];
	t->prov[2] = t->prov[1];
	if (t->dtks & 2)
		t->dtks |= 4;
	if ((t->fb[1] == FB_OK || t->fb[1] == FB_FAIL_OK) && t->bst[1] < 0) {
		t->bst[2] = ST_AKTIF;	/* registered from P's proposals */
		t->bseg = SEG_PEMDA;
	}
}

/*
 * The population extract's cases (--kependudukan, docs/gen.md): clean
 * participants the extract holds otherwise, a newborn it cannot hold,
 * proposals it returns, and deaths Disdukcapil reported late.
 */
static void
fate_kep(const struct gen_fam *f, int m, struct gen_fate *t)
{
	static const unsigned char late[3] = { DEATH_LATE2, DEATH_LATE3,
	    DEATH_LATE_P };

	switch (f->kind) {
	case K_E_USUL_BUKAN:
	case K_E_USUL_BEDA:
		fate_kep_usul(f, m, t);
		return;
	case K_E_USUL_KK:	/* forwarded in P, listed in P+1 */
		t->dtks = 3;
		t->us[1] = 1;
		t->band[1] = BAND_BEFORE;
		t->fb[1] = FB_OK;
		t->nkk = 1;
		return;
	case K_E_LAHIR:
		if (m == 1) {	/* proposed in P-1, listed from P */
			t->dtks = 2;
			t->lahir = t->nout = 1;
			t->us[0] = 1;
			t->us_sktm = 1;
			registered1(t);
			return;
		}
		break;
	default:
		break;
	}
	clean(t);
	switch (f->kind) {
	case K_E_PINDAH:	t->nout = 1; break;
	case K_E_BEDA_KK:	t->nkk = 1; break;
	default:		break;
	}
	if (m != 0)
		return;
	switch (f->kind) {
	case K_E_TIDAK_TERDAFTAR: t->nout = 1; break;
	case K_E_BEDA_NAMA:	t->nname = 1; break;
	case K_E_BEDA_TGL:	t->ndob = 1; break;
	case K_E_GANDA:		t->ndup = 1; break;
	case K_E_MATI_TERLAMBAT: t->death = late[f->j % 3]; break;
	case K_E_MATI_KOREKSI:	t->death = DEATH_KOREKSI; break;
	default:		break;
	}
}

static void
fate_kind(const struct gen_fam *f, int m, struct gen_fate *t)
{
	switch (f->kind) {
	case K_BIASA:
		clean(t);
		return;
	case K_CEK_KK:
		fate_cek(m, t);
		return;
	case K_LAIN_SEGMEN:
		fate_lain(f->j, t);
		return;
	case K_DTKS_SAJA:
		t->dtks = 3;
		return;
	case K_POOL_APBN:
		t->apbn[0] = t->apbn[1] = 1;
		return;
	case K_POOL_PROV:
		t->prov[0] = t->prov[1] = 1;
		return;
	case K_POOL_MATI:
		t->death = (unsigned char)(DEATH_BEFORE1 + f->j % 3);
		return;
	default:
		if (GEN_KIND_GANDA(f->kind)) {	/* clean, a second row */
			clean(t);
			t->bextra = X_GANDA;
			return;
		}
		break;
	}
	if (f->kind >= K_GANDA_NIK && f->kind <= K_DTKS_GANDA)
		fate_rek(f, m, t);
	else if (f->kind >= K_U_BERHASIL && f->kind <= K_U_DUA_KALI)
		fate_usl1(f, m, t);
	else if (f->kind >= K_R_NIK && f->kind <= K_R_TGL)
		fate_usl_r(f, m, t);
	else if (f->kind >= K_V_MASUK && f->kind <= K_V_BERKAS)
		fate_usl2(f, m, t);
	else if (f->kind >= K_FIRST_EXT && f->kind < K_J_KEP_NIK)
		fate_kep(f, m, t);
	/* junk and RUSAK families: their writers make their rows */
}

void
gen_fate_get(const struct gen_ctx *c, const struct gen_fam *f, int m,
    struct gen_fate *t)
{
	int mo;

	memset(t, 0, sizeof *t);
	for (mo = 0; mo < GEN_MAXMO; mo++)
		t->bst[mo] = -1;
	if (f->kind >= K_Q_KADALUWARSA && f->kind <= K_W_ANTRI) {
		fate_kasus(f, m, t);
		return;
	}
	fate_kind(f, m, t);
	if (c->nmo > 2)
		third_month(t);
}
