/*
 * gen_int.h — internals shared by the gen/gen_*.c files; not for other
 * modules.
 *
 * The model: a region is a list of families, indexed 0..nfam-1. The index
 * decides the family's kind (ordinary, or one planted case) and seeds every
 * random choice, so any family and any person can be rebuilt from
 * (seed, family index) alone. Each person has a fate (struct gen_fate): which
 * files of which month hold a row for them, and how that row is spoiled. The
 * file writers turn fates into rows; gen_expect.c turns the same fates into
 * the figures rekon should compute.
 */
#ifndef REKON_GEN_INT_H
#define REKON_GEN_INT_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include "date.h"
#include "gen.h"

#define GEN_SLOTS	8	/* slots per family: 0-5 people, 6-7 spare */
#define GEN_IURAN	37800L	/* iuran_per_jiwa's default */
#define GEN_NODATE	INT_MIN	/* a date field rekon reads as empty */
#define GEN_NKEC	5
#define GEN_MAXMO	3	/* months: P-1, P and (--months 3) P+1 */

/*
 * The spelling of a month's files: the third month writes its files as the
 * first does (headers, date styles, line ends), so both spellings stay
 * planted in every pair of consecutive months.
 */
#define GEN_STYLE(mo)	((mo) & 1)

/* Family kinds. docs/gen.md describes each; the table is in gen_model.c. */
enum gen_kind {
	K_BIASA,		/* ordinary participants */
	K_GANDA_NIK, K_GANDA_NOKA, K_SEG_APBN, K_SEG_PPU, K_SEG_PROV,
	K_SEG_NONAKTIF, K_MATI_SEBELUM, K_MATI_P1, K_MATI_P2, K_MATI_STATUS,
	K_NIK_SALAH, K_NIK_EXCEL, K_NON_DTKS, K_KELUAR_DTKS, K_BEDA_TGL,
	K_BEDA_JK, K_BEDA_NAMA, K_NAMA_MIRIP, K_TGL_RUSAK, K_KEMUNGKINAN_GANDA,
	K_TIDAK_AKTIF, K_HILANG, K_JADI_NONAKTIF, K_TIDAK_DITETAPKAN,
	K_NOKA_SALAH, K_LAIN_SEGMEN, K_CEK_KK, K_DTKS_GANDA,
	K_U_BERHASIL, K_U_GAGAL, K_U_PENDING, K_U_DUA_KALI,
	K_R_NIK, K_R_GANDA, K_R_SEG_APBN, K_R_MATI, K_R_NON_DTKS, K_R_SKTM,
	K_R_TGL,
	K_V_MASUK, K_V_ANTRI, K_V_MUTASI_MANDIRI, K_V_BARU_PPU,
	K_V_MUTASI_APBN, K_V_SUDAH_AKTIF, K_V_BERKAS,
	K_Q_KADALUWARSA, K_Q_ULANG, K_Q_DIBAWA, K_Q_MATI, K_Q_BELUM_MASUK,
	K_W_MASUK, K_W_ANTRI,
	K_DTKS_SAJA, K_POOL_APBN, K_POOL_PROV, K_POOL_MATI,
	K_J_PESERTA_IDKOSONG, K_J_PESERTA_EXCEL, K_J_PESERTA_KOLOM,
	K_J_PESERTA_BLANK, K_J_USULAN_NIK, K_J_FEEDBACK_NIK,
	K_J_FEEDBACK_HASIL, K_J_MATI_NIK, K_J_MATI_TGL, K_J_DTKS_NIK,
	K_J_APBN_NIK, K_RUSAK,
	/* Only with --kependudukan (gen_kinddef.ext): the population
	 * extract's cases. They come last, so that without them every other
	 * family keeps its index and its place in the files. */
	K_E_PINDAH, K_E_TIDAK_TERDAFTAR, K_E_LAHIR, K_E_BEDA_KK,
	K_E_BEDA_NAMA, K_E_BEDA_TGL, K_E_GANDA, K_E_USUL_BUKAN,
	K_E_USUL_BEDA, K_E_USUL_KK, K_E_MATI_TERLAMBAT, K_E_MATI_KOREKSI,
	K_J_KEP_NIK,
	/* Only with --ganda (gen_kinddef.ext 2): one planted pair each, the
	 * same person under two participant keys (GANDA_*) or two people
	 * who look alike (MIRIP_*), rules.md §10. After all others, so that
	 * without them every other family keeps its index and place. */
	K_G_NAMA_KETIK, K_G_NAMA_PISAH, K_G_TGL_TUKAR, K_G_NIK_KEDUA,
	K_G_NIK_KETIK, K_G_KETIK_TUKAR, K_G_KEMBAR, K_G_NAMA_UMUM,
	K_G_BEDA_KEL,
	K_NKINDS
};
#define K_FIRST_EXT	K_E_PINDAH
#define K_FIRST_GANDA	K_G_NAMA_KETIK
#define GEN_KIND_GANDA(k)	((k) >= K_FIRST_GANDA && (k) < K_NKINDS)
#define GEN_NGANDA	(K_NKINDS - K_FIRST_GANDA)

/*
 * Instances of a kind: max(min, scale * permille / 1000), none when the
 * region has fewer than `months` months (the cases that need a third month)
 * or, for an `ext` kind, when gen writes no population extract (ext 1) or
 * no planted duplicates (ext 2, --ganda).
 * Members: size, or 0 for random 1-6, -1 for 2 + j % 3, -2 for 1 + j % 3
 * (j: instance).
 */
struct gen_kinddef {
	const char	*name;
	int		 min;
	int		 permille;
	int		 size;
	int		 months;
	int		 ext;
};
extern const struct gen_kinddef gen_kinds[K_NKINDS];

/* Peserta status spellings (what the file says). Only ST_AKTIF is AKTIF. */
enum { ST_AKTIF, ST_NONAKTIF, ST_TIDAKAKTIF, ST_KELUAR, ST_MENINGGAL,
	ST_KODE7, ST_TANGGUH, ST_N };
extern const char *const gen_status_raw[ST_N];

enum { SEG_PEMDA, SEG_PPU, SEG_APBN, SEG_MANDIRI };

/* Variants of a peserta row, a proposal or a feedback row. */
enum { NV_OK, NV_PROV, NV_15, NV_SCI };		/* NIK */
enum { KV_OK, KV_BAD, KV_FROM_M0 };		/* NOKA */
enum { DV_OK, DV_DIFF, DV_BAD };		/* birth date */
enum { NMV_OK, NMV_VARIANT, NMV_ALIAS };	/* name */
enum { X_NONE, X_DUPNIK, X_PPU, X_TWIN, X_GANDA }; /* a second peserta row
					   (X_GANDA: gen_ganda_row) */
/*
 * A death: where it falls and which month's kematian file reports it. The
 * LATE ones are reported in a later month than they happened (rules.md §9);
 * KOREKSI is reported twice, the later record with an earlier date.
 */
enum { DEATH_NONE, DEATH_BEFORE1, DEATH_IN1, DEATH_IN2, DEATH_IN3,
	DEATH_LATE2, DEATH_LATE3, DEATH_LATE_P, DEATH_KOREKSI };
enum { J_BARU, J_KOSONG, J_MUTASI };		/* JENIS USULAN */
enum { FB_NONE, FB_OK, FB_FAIL, FB_FAIL_OK };	/* feedback */
enum { BAND_NONE, BAND_BEFORE, BAND_AFTER };	/* a month's quota queue */
enum { HUB_KK, HUB_ISTRI, HUB_ANAK, HUB_FAMILI };

#define GEN_NKET	9	/* feedback KETERANGAN variants */
extern const char *const gen_ket[GEN_NKET];
extern const char *const gen_ket_kategori[GEN_NKET];

/* What happens to one person. Index [0] is month P-1, [1] is P, [2] P+1. */
struct gen_fate {
	unsigned char	 dtks;		/* bit mo: in month mo's DTKS */
	unsigned char	 dtks_dup;	/* a second DTKS row, same NIK */
	unsigned char	 dtks_nikbad;	/* DTKS has an invalid NIK */
	signed char	 bst[GEN_MAXMO]; /* peserta status ST_*, -1: no row */
	unsigned char	 bseg;		/* SEG_* of the row */
	unsigned char	 bextra;	/* X_*: a second peserta row */
	unsigned char	 bnik, bnoka, bdob, bsex, bname;
	unsigned char	 gnoka;		/* shared NOKA: 1 owner */
	unsigned char	 apbn[GEN_MAXMO]; /* 1 AKTIF, 2 NON AKTIF */
	unsigned char	 prov[GEN_MAXMO]; /* province's PBI APBD list */
	unsigned char	 death;		/* DEATH_* */
	unsigned char	 us[GEN_MAXMO];	/* a row in that month's usulan file */
	unsigned char	 us_jenis, us_nik, us_dup, us_sktm, us_berkas;
	unsigned char	 us_dobbad;
	unsigned char	 band[GEN_MAXMO]; /* BAND_*: where its family queues */
	unsigned char	 fb[GEN_MAXMO];	/* FB_* */
	unsigned char	 fb_ket;	/* index into gen_ket */
	unsigned char	 special;	/* special name + 1 */
	/* The population extract (--kependudukan): */
	unsigned char	 nout;		/* planted: not in it */
	unsigned char	 nkk, nname, ndob; /* it has another No KK, name,
					   birth date */
	unsigned char	 ndup;		/* a second row, differing */
	unsigned char	 lahir;		/* born after it (gen_person_get) */
};

struct gen_ctx {
	uint64_t	 seed;
	long		 scale;
	int		 nmo;		/* months: 2 or 3 */
	int		 kep;		/* --kependudukan: the extract */
	int		 ganda;		/* --ganda: planted §10 pairs */
	char		 region[5];
	int		 year[GEN_MAXMO], mon[GEN_MAXMO];
	char		 per[GEN_MAXMO][24];	/* "YYYY-MM" */
	int		 day0[GEN_MAXMO];	/* day number of each month's 1st */
	int		 ndays[GEN_MAXMO];
	long		 start[K_NKINDS + 1];	/* by kind */
	long		 nfam;
	long		 nbase;		/* families of the non-ext kinds */
	uint64_t	 perm_a, perm_b;	/* their file order, a bijection */
	uint64_t	 name_b, nik_b, kk_b, noka_b;
	const char	*outdir;
};

struct gen_fam {
	long	 fi;
	int	 kind;
	long	 j;		/* instance number within the kind */
	int	 size;
	int	 kec, kel, fas;
	char	 kk[17];
	char	 alamat[96];
	char	 rt[4], rw[4];
	char	 iddtks[24];
	int	 desil[GEN_MAXMO];	/* 0: none */
	int	 tmt;		/* day number */
	int	 tgl_usulan[GEN_MAXMO];	/* day number, 0: left empty */
};

struct gen_person {
	uint64_t	 g;		/* slot: fi * GEN_SLOTS + m */
	int		 m, sex, hub, adult;	/* sex 0 = L, 1 = P */
	int		 dob;		/* day number */
	char		 nik[17];
	char		 noka[14];
	char		 nama[192];
	struct gen_fate	 f;
};

/* gen_model.c, gen_fate.c */
uint64_t gen_mix(uint64_t seed, uint64_t a, uint64_t b);
int	gen_ctx_init(struct gen_ctx *, const struct gen_opts *, char *,
	    size_t);
long	gen_order(const struct gen_ctx *, long t);
int	gen_kind_on(const struct gen_ctx *, int kind);
int	gen_kind_junk(int kind);
int	gen_kind_proposes(int kind);
int	gen_month_day0(const struct gen_ctx *, int idx);
long	gen_iuran(const struct gen_ctx *, int mo);
void	gen_fam_get(const struct gen_ctx *, long fi, struct gen_fam *);
void	gen_person_get(const struct gen_ctx *, const struct gen_fam *,
	    int m, struct gen_person *);
void	gen_fate_get(const struct gen_ctx *, const struct gen_fam *, int m,
	    struct gen_fate *);
void	gen_identity(const struct gen_ctx *, uint64_t g, int sex, int adult,
	    int kec, char nik[17], int *dob);
void	gen_nik_make(const struct gen_ctx *, int kec, int dob, int sex,
	    int serial, char nik[17]);
void	gen_noka(const struct gen_ctx *, uint64_t g, char noka[14]);
void	gen_name(const struct gen_ctx *, uint64_t g, int sex, char *,
	    size_t);
uint64_t gen_name_block(uint64_t g, int sex);
void	gen_nik_bad(const char *nik, int how, char *out, size_t n);
void	gen_nik_sci(const char *nik, int comma, char *out, size_t n);
const char *gen_kec_name(int kec);
const char *gen_kel_name(int kec, int kel);
void	gen_faskes(const struct gen_ctx *, int kec, int fas, char *kd,
	    size_t, char *nm, size_t);
int	gen_st_aktif(int st);
int	gen_words_ok(void);

/* gen_name.c: spellings and pg_trgm similarity */
void	gen_nama_kunci(const char *in, char *out, size_t n);
double	gen_trgm_sim(const char *a, const char *b);
int	gen_name_variant(const char *name, char *out, size_t n);
int	gen_bp_name(const struct gen_ctx *, const struct gen_person *,
	    char *, size_t);
int	gen_other_name(const struct gen_ctx *, const struct gen_person *,
	    char *, size_t);

/* gen_date.c */
enum { DF_ISO, DF_DMY_DASH, DF_DMY_SLASH, DF_DMY_DOT, DF_YMD8, DF_DMYY,
	DF_SERIAL, DF_ISO_TIME, DF_DMY_SLASH_TIME };
void	gen_date(char *buf, size_t n, int days, int style, int pyear);
const char *gen_bulan(int mon);

/* gen_out.c: one output file and its counts */
enum { R_NIK_KOSONG, R_ID_KOSONG, R_ID_RUSAK_EXCEL, R_HASIL, R_TGL, R_KOLOM,
	R_NUL, R_PANJANG, R_CSV, R_N };
enum { FL_ID_RUSAK_EXCEL, FL_NIK_TIDAK_VALID, FL_NOKA_DIPERBAIKI,
	FL_NOKA_TIDAK_VALID, FL_TGL_TIDAK_VALID, FL_N };
extern const char *const gen_rej_name[R_N];
extern const char *const gen_flag_name[FL_N];

struct gen_stat {
	char	 name[80];	/* relative to outdir */
	long	 lines;		/* physical lines (LF bytes) */
	long	 data;		/* records after the header */
	long	 blank, ok, rej[R_N], flag[FL_N];
};

struct gen_out {
	FILE		*fp;
	char		 delim;
	const char	*eol;
	int		 cp1252;
	int		 err;
	struct gen_stat	 st;
};

#define GEN_MAXFILES	(7 * GEN_MAXMO + 5)	/* 7 a month, 4 in rusak/, the
						   population extract */
struct gen_report {
	struct gen_stat	 files[GEN_MAXFILES];
	int		 nfiles;
};

int	gen_out_open(struct gen_out *, const char *dir, const char *name,
	    char delim, const char *eol, int bom, int cp1252, char *err,
	    size_t errsz);
void	gen_out_raw(struct gen_out *, const char *s, size_t len);
void	gen_out_row(struct gen_out *, const char *const *f, int n);
void	gen_out_row_raw(struct gen_out *, const char *const *f, int n);
void	gen_out_title(struct gen_out *, const char *text, int width);
int	gen_out_close(struct gen_out *, struct gen_report *, char *err,
	    size_t errsz);
void	gen_out_accept(struct gen_out *);
void	gen_out_reject(struct gen_out *, int reason);
void	gen_out_blank(struct gen_out *);

/* gen_files.c, gen_peserta.c, gen_lists.c: one month's file of a kind */
typedef int gen_write_fn(const struct gen_ctx *, int mo, struct gen_report *,
    char *err, size_t errsz);
gen_write_fn gen_write_dtks, gen_write_usulan, gen_write_feedback,
    gen_write_peserta, gen_write_segmen, gen_write_kematian;
int	gen_write_rusak(const struct gen_ctx *, struct gen_report *, char *,
	    size_t);
int	gen_death_at(const struct gen_ctx *, const struct gen_person *,
	    int mo);
int	gen_death_in(const struct gen_ctx *, const struct gen_person *,
	    int mo, int *day);
int	gen_bp_dob(const struct gen_person *);

/*
 * gen_kep.c: the population extract (kependudukan-P.csv of the first month,
 * --kependudukan). A person's row as the extract holds it: gen_kep_row()
 * returns 0 when the person has no such row (the second: no second row).
 * gen_born_before() reads a NIK's birth date as rules.md's "born before N"
 * does.
 */
struct gen_nrow {
	char	 nik[17];
	char	 kk[17];
	char	 nama[192];
	int	 dob, sex;
};
int	gen_kep_row(const struct gen_ctx *, const struct gen_fam *,
	    const struct gen_person *, int second, struct gen_nrow *);
int	gen_born_before(const struct gen_ctx *, const char *nik);

/*
 * What N says of a person, the same in every month (one extract, in force
 * from the first): rules.md's tests, made by comparing the values gen
 * writes into the extract with those of the person's list and proposal
 * rows. All 0 without --kependudukan.
 */
struct gen_nview {
	int	 has;		/* gen wrote an extract */
	int	 in;		/* the person's NIK is in N */
	int	 born;		/* the NIK is born before N */
	int	 bp_beda;	/* the list's row disagrees with N's (§3) */
	int	 us_beda;	/* a proposal row disagrees with N's (§1) */
	int	 tw_bukan;	/* the second-NIK row is BUKAN_PENDUDUK */
	int	 dead;		/* out of N: Disdukcapil knew of the death */
};
int	gen_nview_get(const struct gen_ctx *, const struct gen_fam *,
	    const struct gen_person *, struct gen_nview *);
int	gen_write_kependudukan(const struct gen_ctx *, struct gen_report *,
	    char *, size_t);

/*
 * gen_ganda.c (--ganda): the second row of a planted pair, built from the
 * person alone, and the truth file gen-ganda.txt. The first row is the
 * person's own list row; the second has its own NIK (so its own
 * participant key), the spare NOKA of slot 7, and the kind's difference.
 */
struct gen_grow {
	char	 nik[17];
	char	 kk[17];
	char	 nama[192];
	int	 dob, sex, kel;
};
int	gen_ganda_row(const struct gen_ctx *, const struct gen_fam *,
	    const struct gen_person *, struct gen_grow *);
int	gen_ganda_sama(int kind);
const char *gen_ganda_jenis(int kind);
int	gen_ganda_kemungkinan(const struct gen_ctx *, const struct gen_fam *,
	    const struct gen_person *);
void	gen_ganda_person(const struct gen_ctx *, const struct gen_fam *,
	    struct gen_person *);
int	gen_write_ganda(const struct gen_ctx *, char *, size_t);
void	gen_kk_make(const struct gen_ctx *, uint64_t idx, int kec, char kk[17]);
int	gen_kel_count(int kec);

/* gen_expect.c: the figures rekon should compute from these files */
enum { UC_NIK_TIDAK_VALID, UC_USULAN_GANDA, UC_SUDAH_DITERUSKAN,
	UC_SUDAH_AKTIF, UC_SEGMEN_LAIN, UC_MENINGGAL, UC_BUKAN_PENDUDUK,
	UC_DATA_BEDA_DUKCAPIL, UC_BUKAN_DTKS, UC_BERKAS_KURANG,
	UC_KADALUWARSA, UC_N };
enum { TL_TERLAMBAT_BPJS, TL_BELUM_MASUK_DAFTAR, TL_N };
enum { RF_GANDA_NIK, RF_GANDA_NOKA, RF_SEGMEN_LAIN, RF_MENINGGAL,
	RF_NIK_TIDAK_VALID, RF_BUKAN_DTKS, RF_DATA_BERBEDA,
	RF_KEMUNGKINAN_GANDA, RF_BUKAN_PENDUDUK, RF_DATA_BEDA_DUKCAPIL,
	RF_TIDAK_DITETAPKAN, RF_STATUS_TIDAK_AKTIF, RF_HILANG, RF_N };
/* The codes and flags that need the population extract (rules.md: never
 * given without one; gen-harapan.txt names them only with it). */
#define GEN_UC_EXT(i)	((i) == UC_BUKAN_PENDUDUK || (i) == UC_DATA_BEDA_DUKCAPIL)
#define GEN_RF_EXT(i)	((i) == RF_BUKAN_PENDUDUK || (i) == RF_DATA_BEDA_DUKCAPIL)
enum { KAT_NIK_DUKCAPIL, KAT_DATA_GANDA, KAT_SEGMEN_LAIN, KAT_MENINGGAL,
	KAT_KUOTA, KAT_LAINNYA, KAT_N };
extern const char *const gen_uc_name[UC_N];
extern const char *const gen_rf_name[RF_N];
extern const char *const gen_kat_name[KAT_N];
extern const char *const gen_tl_name[TL_N];

struct gen_exp_month {
	long	 us_rows, us_code[UC_N];
	long	 us_diteruskan, us_dikembalikan, us_menunggu;
	long	 us_berkas_rows;	/* BERKAS_KURANG only */
	long	 us_dibawa, us_kadaluwarsa;	/* rules.md §8 */
	long	 tl[TL_N];			/* tindak lanjut */
	long	 pending, registered;	/* R at this month's usulan */
	long	 kuota;			/* the planted quota of the month */
	long	 fb_berhasil, fb_gagal, fb_kat[KAT_N];
	long	 flag[RF_N];
	long	 bp_rows, aktif, ditetapkan;
	long	 dik_segmen, dik_meninggal, dik_ganda;
	long	 masuk, keluar, keluar_hilang, keluar_status, keluar_dik;
	long	 usul_nonaktif;		/* rules.md §9, default flags */
	long	 kb_jiwa, kb_bulan, kb_rupiah;	/* §9 kelebihan bayar */
	long	 kb_jiwa_baru, kb_rupiah_baru;
	long	 ganda[GEN_NGANDA];	/* --ganda: planted pairs listed,
					   both rows AKTIF PBPU_PEMDA */
	long	 ganda_rek;		/* --ganda: REK_KEMUNGKINAN_GANDA's
					   pairs so (a SAMA kind too) */
};

struct gen_exp {
	struct gen_exp_month m[GEN_MAXMO];
	long	 kinds[K_NKINDS];
	long	 persons[K_NKINDS];
	long	 kuota;		/* stops P's queue partway (m[1].kuota) */
	long	 incoherent;	/* fates whose P+1 answer and outcome differ */
	char	 cek_kk[17];
};

/* The config gen's figures assume, beside the quota (gen-konfig.conf). */
#define GEN_ANTRIAN_BULAN	1	/* three months: KADALUWARSA in P+1 */

int	gen_expect(const struct gen_ctx *, struct gen_exp *, char *, size_t);
int	gen_write_manifest(const struct gen_ctx *, const struct gen_exp *,
	    const struct gen_report *, char *, size_t);

/* A stable hash of (person, month, field) for spelling choices. */
#define GEN_HASH(c, g, mo, what) \
	gen_mix((c)->seed, (g), ((uint64_t)(mo) << 8) | (what))

#endif
