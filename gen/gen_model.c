/*
 * gen_model.c — the synthetic region: kinds of family, identities (NIK,
 * No KK, NOKA, names) and each person's fate.
 *
 * Identities are bijections of the person's slot number g (family index * 8 +
 * member), so two people never share a NIK, a NOKA or a name by accident: every
 * duplicate in the files is planted on purpose and counted in gen-harapan.txt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_int.h"

const struct gen_kinddef gen_kinds[K_NKINDS] = {
	[K_BIASA] = { "BIASA", 0, 1000, 0 },
	[K_GANDA_NIK] = { "REK_GANDA_NIK", 1, 3, 2 },
	[K_GANDA_NOKA] = { "REK_GANDA_NOKA", 1, 2, 2 },
	[K_SEG_APBN] = { "REK_SEGMEN_APBN", 1, 10, 3 },
	[K_SEG_PPU] = { "REK_SEGMEN_PPU", 1, 4, 2 },
	[K_SEG_PROV] = { "REK_SEGMEN_PROV", 1, 3, 2 },
	[K_SEG_NONAKTIF] = { "REK_APBN_NONAKTIF", 1, 1, 2 },
	[K_MATI_SEBELUM] = { "REK_MATI_SEBELUM", 1, 4, 2 },
	[K_MATI_P1] = { "REK_MATI_DALAM_P1", 1, 3, 2 },
	[K_MATI_P2] = { "REK_MATI_DALAM_P2", 1, 2, 2 },
	[K_MATI_STATUS] = { "REK_MATI_STATUS", 1, 1, 2 },
	[K_NIK_SALAH] = { "REK_NIK_SALAH", 2, 2, 2 },
	[K_NIK_EXCEL] = { "REK_NIK_EXCEL", 1, 2, 2 },
	[K_NON_DTKS] = { "REK_NON_DTKS", 1, 10, 3 },
	[K_KELUAR_DTKS] = { "REK_KELUAR_DTKS", 1, 2, 2 },
	[K_BEDA_TGL] = { "REK_BEDA_TGL", 1, 4, 2 },
	[K_BEDA_JK] = { "REK_BEDA_JK", 1, 2, 2 },
	[K_BEDA_NAMA] = { "REK_BEDA_NAMA", 1, 3, 2 },
	[K_NAMA_MIRIP] = { "REK_NAMA_MIRIP", 1, 3, 2 },
	[K_TGL_RUSAK] = { "REK_TGL_RUSAK", 1, 1, 2 },
	[K_KEMUNGKINAN_GANDA] = { "REK_KEMUNGKINAN_GANDA", 1, 2, 2 },
	[K_TIDAK_AKTIF] = { "REK_TIDAK_AKTIF", 6, 30, 2 },
	[K_HILANG] = { "REK_HILANG", 1, 3, 2 },
	[K_JADI_NONAKTIF] = { "REK_JADI_NONAKTIF", 1, 3, 2 },
	[K_TIDAK_DITETAPKAN] = { "REK_TIDAK_DITETAPKAN", 1, 3, 2 },
	[K_NOKA_SALAH] = { "REK_NOKA_SALAH", 1, 1, 2 },
	[K_LAIN_SEGMEN] = { "REK_LAIN_SEGMEN", 4, 4, 1 },
	[K_CEK_KK] = { "CEK_KK", 1, 1, 6 },
	[K_DTKS_GANDA] = { "DTKS_GANDA", 1, 1, 2 },
	[K_U_BERHASIL] = { "USL1_BERHASIL", 2, 20, -1 },
	[K_U_GAGAL] = { "USL1_GAGAL", 9, 10, 2 },
	[K_U_PENDING] = { "USL1_TANPA_JAWABAN", 1, 2, 1 },
	[K_U_DUA_KALI] = { "USL1_JAWABAN_GANDA", 1, 1, 1 },
	[K_R_NIK] = { "USL_NIK_SALAH", 2, 2, 2 },
	[K_R_GANDA] = { "USL_GANDA", 2, 2, 2 },
	[K_R_SEG_APBN] = { "USL_SEGMEN_APBN", 2, 2, 2 },
	[K_R_MATI] = { "USL_MENINGGAL", 2, 1, 2 },
	[K_R_NON_DTKS] = { "USL_BUKAN_DTKS", 2, 2, 2 },
	[K_R_SKTM] = { "USL_SKTM", 2, 2, 2 },
	[K_R_TGL] = { "USL_TGL_RUSAK", 2, 1, 1 },
	[K_V_MASUK] = { "USL2_DITERUSKAN", 4, 12, -1 },
	[K_V_ANTRI] = { "USL2_ANTRI", 3, 8, -2 },
	[K_V_MUTASI_MANDIRI] = { "USL2_MUTASI_MANDIRI", 1, 2, 1 },
	[K_V_BARU_PPU] = { "USL2_BARU_PPU", 1, 1, 1 },
	[K_V_MUTASI_APBN] = { "USL2_MUTASI_APBN", 1, 1, 1 },
	[K_V_SUDAH_AKTIF] = { "USL2_SUDAH_AKTIF", 1, 2, 2 },
	[K_V_BERKAS] = { "USL2_BERKAS", 2, 2, 2 },
	[K_Q_KADALUWARSA] = { "KASUS_KADALUWARSA", 1, 1, 1, 3 },
	[K_Q_ULANG] = { "KASUS_USUL_ULANG", 1, 1, 1, 3 },
	[K_Q_DIBAWA] = { "KASUS_DIBAWA", 2, 2, -2, 3 },
	[K_Q_MATI] = { "KASUS_ANTRI_MENINGGAL", 1, 1, 2, 3 },
	[K_Q_BELUM_MASUK] = { "KASUS_BELUM_MASUK_DAFTAR", 1, 1, 1, 3 },
	[K_W_MASUK] = { "USL3_DITERUSKAN", 4, 10, -1, 3 },
	[K_W_ANTRI] = { "USL3_ANTRI", 2, 4, -2, 3 },
	[K_DTKS_SAJA] = { "DTKS_SAJA", 2, 250, 0 },
	[K_POOL_APBN] = { "POOL_APBN", 5, 300, 1 },
	[K_POOL_PROV] = { "POOL_PROV", 3, 50, 1 },
	[K_POOL_MATI] = { "POOL_MATI", 3, 5, 1 },
	[K_J_PESERTA_IDKOSONG] = { "JUNK_PESERTA_ID_KOSONG", 1, 1, 1 },
	[K_J_PESERTA_EXCEL] = { "JUNK_PESERTA_ID_RUSAK_EXCEL", 1, 1, 1 },
	[K_J_PESERTA_KOLOM] = { "JUNK_PESERTA_JUMLAH_KOLOM", 1, 1, 1 },
	[K_J_PESERTA_BLANK] = { "JUNK_PESERTA_BARIS_KOSONG", 1, 1, 1 },
	[K_J_USULAN_NIK] = { "JUNK_USULAN_NIK_KOSONG", 2, 1, 1 },
	[K_J_FEEDBACK_NIK] = { "JUNK_FEEDBACK_NIK_KOSONG", 1, 1, 1 },
	[K_J_FEEDBACK_HASIL] = { "JUNK_FEEDBACK_HASIL", 1, 1, 1 },
	[K_J_MATI_NIK] = { "JUNK_KEMATIAN_NIK_KOSONG", 1, 1, 1 },
	[K_J_MATI_TGL] = { "JUNK_KEMATIAN_TGL", 1, 1, 1 },
	[K_J_DTKS_NIK] = { "JUNK_DTKS_NIK_KOSONG", 1, 1, 1 },
	[K_J_APBN_NIK] = { "JUNK_APBN_NIK_KOSONG", 1, 1, 1 },
	[K_RUSAK] = { "RUSAK", 1, 0, 6 },
	[K_E_PINDAH] = { "KEP_PINDAH", 1, 2, 2, .ext = 1 },
	[K_E_TIDAK_TERDAFTAR] = { "KEP_TIDAK_TERDAFTAR", 1, 2, 2, .ext = 1 },
	[K_E_LAHIR] = { "KEP_LAHIR_SESUDAH", 1, 1, 2, .ext = 1 },
	[K_E_BEDA_KK] = { "KEP_BEDA_KK", 1, 2, 2, .ext = 1 },
	[K_E_BEDA_NAMA] = { "KEP_BEDA_NAMA", 1, 2, 2, .ext = 1 },
	[K_E_BEDA_TGL] = { "KEP_BEDA_TGL", 1, 2, 2, .ext = 1 },
	[K_E_GANDA] = { "KEP_GANDA", 1, 1, 2, .ext = 1 },
	[K_E_USUL_BUKAN] = { "KEP_USUL_BUKAN_PENDUDUK", 2, 2, 2, .ext = 1 },
	[K_E_USUL_BEDA] = { "KEP_USUL_BEDA_DUKCAPIL", 2, 2, 2, .ext = 1 },
	[K_E_USUL_KK] = { "KEP_USUL_BEDA_KK", 1, 1, 1, .ext = 1 },
	[K_E_MATI_TERLAMBAT] = { "KEP_MATI_TERLAMBAT", 3, 3, 2, .ext = 1 },
	[K_E_MATI_KOREKSI] = { "KEP_MATI_KOREKSI", 1, 1, 2, 3, .ext = 1 },
	[K_J_KEP_NIK] = { "JUNK_KEPENDUDUKAN_NIK_KOSONG", 1, 1, 1,
	    .ext = 1 },
	[K_G_NAMA_KETIK] = { "GANDA_NAMA_KETIK", 2, 3, 1, .ext = 2 },
	[K_G_NAMA_PISAH] = { "GANDA_NAMA_PISAH", 2, 3, 1, .ext = 2 },
	[K_G_TGL_TUKAR] = { "GANDA_TGL_TUKAR", 2, 3, 1, .ext = 2 },
	[K_G_NIK_KEDUA] = { "GANDA_NIK_KEDUA", 2, 3, 1, .ext = 2 },
	[K_G_NIK_KETIK] = { "GANDA_NIK_KETIK", 2, 3, 1, .ext = 2 },
	[K_G_KETIK_TUKAR] = { "GANDA_NAMA_KETIK_TGL_TUKAR", 2, 2, 1,
	    .ext = 2 },
	[K_G_KEMBAR] = { "MIRIP_KEMBAR", 2, 3, 1, .ext = 2 },
	[K_G_NAMA_UMUM] = { "MIRIP_NAMA_UMUM", 2, 4, 1, .ext = 2 },
	[K_G_BEDA_KEL] = { "MIRIP_BEDA_KELURAHAN", 2, 2, 1, .ext = 2 },
};

const char *const gen_status_raw[ST_N] = {
	"AKTIF", "NON AKTIF", "TIDAK AKTIF", "KELUAR", "MENINGGAL", "7",
	"PENANGGUHAN",
};

/* Feedback KETERANGAN, one for each pattern family of rules.md §2. */
const char *const gen_ket[GEN_NKET] = {
	"NIK TIDAK DITEMUKAN DI DATABASE DUKCAPIL",
	"Data tidak padan dengan Dukcapil",
	"DATA GANDA DENGAN PESERTA LAIN",
	"TERDAFTAR DI SEGMEN PPU",
	"SUDAH TERDAFTAR SEBAGAI PESERTA PBI APBN",
	"PESERTA SUDAH MENINGGAL DUNIA",
	"KUOTA PEMDA SUDAH PENUH",
	"FOTO KTP TIDAK TERBACA",
	"",
};
const char *const gen_ket_kategori[GEN_NKET] = {
	"NIK_DUKCAPIL", "NIK_DUKCAPIL", "DATA_GANDA", "SEGMEN_LAIN",
	"SEGMEN_LAIN", "MENINGGAL", "KUOTA", "LAINNYA", "LAINNYA",
};

/*
 * Name parts. No word contains OE, DJ, TJ or a doubled vowel: those are the
 * old spellings gen_name_variant() uses, so a variant can never be someone
 * else's name. Male and female first names are disjoint.
 */
static const char *const first_l[] = {
	"AHMAD", "BUDI", "AGUS", "BAMBANG", "DEDI", "EKO", "FAJAR", "HENDRA",
	"IWAN", "JOKO", "KURNIA", "LUKMAN", "MUHAMMAD", "NANANG", "RUDI",
	"SLAMET", "TAUFIK", "WAHYU", "YUSUF", "ZAINAL", "ARIF", "BAYU", "DIMAS",
	"FIRMAN", "GILANG", "HARI", "IMAM", "RIZKY", "SURYA", "TEGUH", "ANDI",
	"ADI", "HERU", "DANI", "RAHMAT", "SAIFUL", "HASAN", "ILHAM",
	"KOMARUDIN", "MULYADI", "NURDIN", "PURNOMO", "RIDWAN", "SUKIMAN",
	"TRIYONO", "WAWAN", "YANTO", "SUPARMAN",
};
static const char *const first_p[] = {
	"SITI", "NUR", "RINI", "DEWI", "SRI", "ANI", "ENDANG", "FITRI", "INDAH",
	"MAYA", "NINGSIH", "PUTRI", "RATNA", "SUSI", "TUTI", "WATI", "YULI",
	"AISYAH", "FATIMAH", "HALIMAH", "KARTIKA", "LINDA", "MEGA", "NOVI",
	"PUJI", "RAHMA", "SARI", "UMI", "WULAN", "YANTI", "ANISA", "DIAN",
	"ELIS", "FARIDA", "HENI", "IKA", "JUBAEDAH", "KOMALA", "LILIS",
	"MARYAM", "NENG", "OKTAVIA", "RATIH", "SUMIATI", "TITIN", "WIDYA",
	"ROSMAWATI", "SUPRIHATIN",
};
static const char *const mid_l[] = {
	"ADI", "BAGUS", "CAHYO", "DWI", "EKA", "FAJRI", "GALIH", "HADI",
	"IKHSAN", "JAYA", "KRISNA", "LAKSONO", "MAULANA", "NUGROHO", "PUTRA",
	"RAHMAN", "SETYO", "TRI", "UTOMO", "WIBISONO", "YUDHA", "ZULKARNAIN",
	"ARDIANSYAH", "BUDIMAN", "DARMAWAN", "EFENDI", "FIRDAUS", "HERMAWAN",
	"IRAWAN", "KUSNADI", "MAHENDRA", "NOVIANTO", "PRASETYO", "RAMADAN",
	"SANTOSA", "TRIANTO", "WIDODO", "YULIANTO", "HARYANTO", "SUGIARTO",
};
static const char *const mid_p[] = {
	"AYU", "BUDIARTI", "CAHYANI", "DWI", "EKA", "FEBRIANTI", "HANDAYANI",
	"INDRIANI", "JULIANTI", "KURNIASIH", "LESTARI", "MAHARANI", "NINGRUM",
	"OCTAVIANI", "PERMATASARI", "RAHAYU", "SETIAWATI", "TRI", "UTAMI",
	"WAHYUNI", "YULIANA", "ZAHRA", "ANGGRAINI", "ARYANI", "DAMAYANTI",
	"FITRIANI", "HARYATI", "ISMAWATI", "KARTINI", "MARLINA", "NURHAYATI",
	"PRATIWI", "RAHMAWATI", "SAFITRI", "SULASTRI", "SUSANTI", "WIDIASTUTI",
	"YUNITA", "PUSPITASARI", "MULYANI",
};
static const char *const last_n[] = {
	"SANTOSO", "WIJAYA", "HIDAYAT", "NASUTION", "SIREGAR", "LUBIS",
	"HARAHAP", "SIMANJUNTAK", "PANJAITAN", "SITORUS", "SEMBIRING",
	"GINTING", "TARIGAN", "PURBA", "DAMANIK", "SARAGIH", "MANURUNG",
	"HUTAGALUNG", "PASARIBU", "TAMBUNAN", "KUSUMA", "WIBOWO", "SETIAWAN",
	"GUNAWAN", "KURNIAWAN", "HALIM", "SALIM", "HAKIM", "FIRMANSYAH",
	"SYAHPUTRA", "PRATAMA", "SAPUTRA", "SUSANTO", "HARTONO", "SUHENDRA",
	"SUPRIATNA", "SUTRISNO", "MARPAUNG", "BATUBARA", "RANGKUTI",
	"DALIMUNTHE", "POHAN", "MUNTHE", "GULTOM", "SIHOMBING", "SINAGA",
	"NAINGGOLAN", "SIMATUPANG", "TANJUNG", "CHANIAGO", "KOTO", "PILIANG",
	"SIKUMBANG", "MANDAILING", "RITONGA", "HASIBUAN", "DAULAY",
	"MATONDANG", "PARINDURI", "SAMOSIR", "SILALAHI", "SIMBOLON",
	"SITUMORANG", "TAMPUBOLON",
};
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Names with É and ’: UTF-8 here, Windows-1252 0xC9 and 0x92 in feedback. */
static const char *const special_l[] = { "MA\xe2\x80\x99RUF", "ANDR\xc3\x89",
	"JOS\xc3\x89", "SYAFI\xe2\x80\x99I" };
static const char *const special_p[] = { "NUR\xe2\x80\x99" "AINI",
	"\xc3\x89LISABETH", "NI\xe2\x80\x99MAH", "REN\xc3\x89" "E" };

static const struct {
	const char	*name;
	const char	*kel[4];
	int		 nkel;
} kecs[GEN_NKEC] = {
	{ "SUKAMAKMUR", { "SUKAMAKMUR", "KEL. SUKA/MAJU", "CIBODAS",
	    "MEKARSARI" }, 4 },
	{ "TIRTAJAYA", { "TIRTAJAYA", "PA'BAENG-BAENG", "SUMBERREJO" }, 3 },
	{ "KARANGANYAR", { "KARANGANYAR", "KAUMAN", "PANDANSARI",
	    "KEDUNGWUNI" }, 4 },
	{ "WONOASRI", { "WONOASRI", "SIDOMULYO", "TEGALSARI" }, 3 },
	{ "BANYUPUTIH", { "BANYUPUTIH", "KALIBENING", "SIDOREJO",
	    "GEDONGAN" }, 4 },
};

static const char *const streets[] = {
	"JL. MERDEKA", "JL. PAHLAWAN", "GG. MELATI", "JL. RAYA",
	"GG. \"BUNTU\"", "KP. SAWAH", "JL. K.H. AHMAD DAHLAN",
	"JL. DIPONEGORO", "GG. MAWAR", "JL. SUDIRMAN",
};
static const char *const dusun[] = {
	"DSN. KRAJAN", "DSN. KULON", "DSN. WETAN", "DSN. TENGAH", "DSN. SUMBER",
};

#define NIK_BITS	23
#define KK_BITS		21
#define NOKA_MUL	3141592653ULL	/* coprime to 10 */
#define NOKA_MOD	10000000000ULL
#define KK_SPAN		9000

static uint64_t
splitmix(uint64_t *s)
{
	uint64_t z;

	z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A well-mixed 64-bit value of (seed, a, b): the only source of randomness. */
uint64_t
gen_mix(uint64_t seed, uint64_t a, uint64_t b)
{
	uint64_t s = seed;

	splitmix(&s);
	s ^= a * 0xd6e8feb86659fd93ULL;
	splitmix(&s);
	s ^= b * 0xa0761d6478bd642fULL;
	return splitmix(&s);
}

/*
 * A bijection of [0, 2^bits) that scatters neighbours: xor-shifts and odd
 * multipliers are each invertible modulo a power of two.
 */
static uint64_t
scatter(uint64_t x, int bits, uint64_t key)
{
	uint64_t mask = (1ULL << bits) - 1;

	x = (x ^ key) & mask;
	x = (x * 0x9e3779b1ULL) & mask;
	x ^= x >> (bits / 2);
	x = (x * 0x85ebca6bULL) & mask;
	x ^= x >> (bits / 3);
	return x;
}

static uint64_t
gcd(uint64_t a, uint64_t b)
{
	while (b != 0) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

static int
province_ok(int p)
{
	return (p >= 11 && p <= 19) || p == 21 || (p >= 31 && p <= 36) ||
	    (p >= 51 && p <= 53) || (p >= 61 && p <= 65) ||
	    (p >= 71 && p <= 76) || p == 81 || p == 82 || (p >= 91 && p <= 97);
}

/* Whether the region has families of this kind at all. */
int
gen_kind_on(const struct gen_ctx *c, int k)
{
	return gen_kinds[k].months <= c->nmo && (gen_kinds[k].ext == 0 ||
	    (gen_kinds[k].ext == 1 && c->kep) ||
	    (gen_kinds[k].ext == 2 && c->ganda));
}

static long
kind_count(const struct gen_ctx *c, int k)
{
	long n;

	if (!gen_kind_on(c, k))
		return 0;
	if (k == K_BIASA)
		return c->scale;
	if (k == K_RUSAK)
		return 1;
	n = c->scale * gen_kinds[k].permille / 1000;
	return n > gen_kinds[k].min ? n : gen_kinds[k].min;
}

/* The families whose people are nobody: their rows are rejected, or in
 * rusak/ only. */
int
gen_kind_junk(int k)
{
	return (k >= K_J_PESERTA_IDKOSONG && k <= K_RUSAK) || k == K_J_KEP_NIK;
}

/* The kinds with rows in the usulan (and so the feedback) files. */
int
gen_kind_proposes(int k)
{
	return (k >= K_U_BERHASIL && k <= K_W_ANTRI) || k == K_E_LAHIR ||
	    k == K_E_USUL_BUKAN || k == K_E_USUL_BEDA || k == K_E_USUL_KK;
}

static int
check_region(const char *r, char *err, size_t errsz)
{
	if (strlen(r) != 4 || strspn(r, "0123456789") != 4 ||
	    !province_ok((r[0] - '0') * 10 + r[1] - '0') ||
	    (r[2] == '0' && r[3] == '0')) {
		snprintf(err, errsz, "region code \"%s\" is not a regency code "
		    "(4 digits, a province code, regency not 00)", r);
		return -1;
	}
	return 0;
}

static int
check_period(struct gen_ctx *c, const char *p, char *err, size_t errsz)
{
	int y, m, i;

	if (strlen(p) != 7 || p[4] != '-' || strspn(p, "0123456789") != 4 ||
	    strspn(p + 5, "0123456789") != 2) {
		snprintf(err, errsz, "period \"%s\" is not YYYY-MM", p);
		return -1;
	}
	y = atoi(p);
	m = atoi(p + 5);
	/* Children are born up to 2024, so the first month must be later. */
	if (m < 1 || m > 12 || y * 12 + m < 2025 * 12 + 2 || y > 2060) {
		snprintf(err, errsz, "period \"%s\" must be a month from "
		    "2025-02 to 2060-12", p);
		return -1;
	}
	/* Month i is P + i - 1: P-1, P and P+1. */
	for (i = 0; i < GEN_MAXMO; i++) {
		int k = y * 12 + (m - 1) + i - 1;

		c->year[i] = k / 12;
		c->mon[i] = k % 12 + 1;
		snprintf(c->per[i], sizeof c->per[i], "%04d-%02d", c->year[i],
		    c->mon[i]);
		c->day0[i] = date_from_civil(c->year[i], c->mon[i], 1);
	}
	for (i = 0; i < GEN_MAXMO; i++)
		c->ndays[i] = (i + 1 < GEN_MAXMO ? c->day0[i + 1] :
		    date_from_civil(c->mon[i] == 12 ? c->year[i] + 1 :
		    c->year[i], c->mon[i] % 12 + 1, 1)) - c->day0[i];
	return 0;
}

static void
layout(struct gen_ctx *c)
{
	uint64_t a;
	int k;

	c->start[0] = 0;
	for (k = 0; k < K_NKINDS; k++)
		c->start[k + 1] = c->start[k] + kind_count(c, k);
	c->nfam = c->start[K_NKINDS];
	c->nbase = c->start[K_FIRST_EXT];
	/* Files list families in a shuffled order, so planted cases are spread
	 * through the file instead of sitting in one block. The extract's
	 * families come after the others, in order, so that with them every
	 * other family keeps its place. */
	a = (gen_mix(c->seed, 1, 0xA1) % (uint64_t)c->nbase) | 1;
	while (gcd(a, (uint64_t)c->nbase) != 1)
		a += 2;
	c->perm_a = a;
	c->perm_b = gen_mix(c->seed, 2, 0xA1) % (uint64_t)c->nbase;
	c->name_b = gen_mix(c->seed, 3, 0xA1);
	c->nik_b = gen_mix(c->seed, 4, 0xA1);
	c->kk_b = gen_mix(c->seed, 5, 0xA1);
	c->noka_b = gen_mix(c->seed, 6, 0xA1) % NOKA_MOD;
}

int
gen_ctx_init(struct gen_ctx *c, const struct gen_opts *o, char *err,
    size_t errsz)
{
	const char *region = o->region_code ? o->region_code : "3325";
	const char *period = o->period ? o->period : "2026-11";
	uint64_t namecap;

	memset(c, 0, sizeof *c);
	c->seed = o->seed;
	c->scale = o->scale == 0 ? GEN_SCALE_DEFAULT : o->scale;
	c->nmo = o->months == 0 ? GEN_MONTHS_DEFAULT : o->months;
	c->kep = o->kependudukan != 0;
	c->ganda = o->ganda != 0;
	c->outdir = o->outdir;
	if (c->nmo < GEN_MONTHS_MIN || c->nmo > GEN_MONTHS_MAX) {
		snprintf(err, errsz, "months %d is outside %d..%d", c->nmo,
		    GEN_MONTHS_MIN, GEN_MONTHS_MAX);
		return -1;
	}
	if (c->scale < GEN_SCALE_MIN || c->scale > GEN_SCALE_MAX) {
		snprintf(err, errsz, "scale %ld is outside %d..%d", c->scale,
		    GEN_SCALE_MIN, GEN_SCALE_MAX);
		return -1;
	}
	if (check_region(region, err, errsz) == -1 ||
	    check_period(c, period, err, errsz) == -1)
		return -1;
	memcpy(c->region, region, 5);
	layout(c);
	/* Names, NIKs and No KKs are bijections of bounded ranges. */
	namecap = NELEM(first_l) * NELEM(mid_l);
	if (NELEM(first_p) * NELEM(mid_p) < namecap)
		namecap = NELEM(first_p) * NELEM(mid_p);
	namecap *= NELEM(last_n) * (NELEM(last_n) + 1);
	if ((uint64_t)c->nfam * GEN_SLOTS > namecap ||
	    (uint64_t)c->nfam * GEN_SLOTS > (1ULL << NIK_BITS) ||
	    (uint64_t)c->nfam > (1ULL << KK_BITS) ||
	    (c->ganda && (uint64_t)c->nfam * 2 > (1ULL << KK_BITS))) {
		snprintf(err, errsz, "scale %ld is too large", c->scale);
		return -1;
	}
	return 0;
}

long
gen_order(const struct gen_ctx *c, long t)
{
	if (t >= c->nbase)
		return t;
	return (long)((c->perm_a * (uint64_t)t + c->perm_b) %
	    (uint64_t)c->nbase);
}

/* The day number of the 1st of month idx, counted from P-1 (idx 0); idx
 * may be before P-1. */
int
gen_month_day0(const struct gen_ctx *c, int idx)
{
	int k = c->year[0] * 12 + c->mon[0] - 1 + idx;

	return date_from_civil(k / 12, k % 12 + 1, 1);
}

/*
 * iuran_per_jiwa of month mo. With the extract, each month has its own
 * (gen-konfig.conf's iuran_per_jiwa.YYYY-MM), so that a claim spanning
 * months (rules.md §9) sums different amounts.
 */
long
gen_iuran(const struct gen_ctx *c, int mo)
{
	static const long month[GEN_MAXMO] = { 37800, 42000, 44100 };

	return c->kep ? month[mo] : GEN_IURAN;
}

const char *
gen_kec_name(int kec)
{
	return kecs[kec].name;
}

int
gen_kel_count(int kec)
{
	return kecs[kec].nkel;
}

const char *
gen_kel_name(int kec, int kel)
{
	return kecs[kec].kel[kel];
}

void
gen_faskes(const struct gen_ctx *c, int kec, int fas, char *kd, size_t kdn,
    char *nm, size_t nmn)
{
	snprintf(kd, kdn, "%s%02d0%d", c->region, kec + 1, fas + 1);
	if (fas == 0)
		snprintf(nm, nmn, "PUSKESMAS %s", kecs[kec].name);
	else
		snprintf(nm, nmn, "KLINIK PRATAMA %s SEHAT", kecs[kec].name);
}

int
gen_st_aktif(int st)
{
	return st == ST_AKTIF;
}

/* The band a family's desil puts it in (rules.md §1: desil decides). */
static int
band_of(int kind, long j)
{
	switch (kind) {
	case K_V_MASUK:
	case K_V_MUTASI_MANDIRI:
	case K_Q_ULANG:
	case K_Q_BELUM_MASUK:
	case K_W_MASUK:
	case K_E_USUL_KK:
		return BAND_BEFORE;
	case K_V_ANTRI:
	case K_V_BERKAS:
	case K_Q_DIBAWA:
	case K_Q_MATI:
		return BAND_AFTER;
	case K_R_NIK:
	case K_R_GANDA:
	case K_R_SEG_APBN:
	case K_R_MATI:
	case K_R_NON_DTKS:
	case K_R_SKTM:
	case K_R_TGL:
	case K_E_USUL_BUKAN:
	case K_E_USUL_BEDA:
		return j % 2 ? BAND_AFTER : BAND_NONE;
	default:
		return BAND_NONE;
	}
}

static int
fam_size(int kind, long j, uint64_t r)
{
	static const int dist[20] = { 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4,
	    4, 4, 5, 5, 5, 6 };

	switch (gen_kinds[kind].size) {
	case 0:
		return dist[r % 20];
	case -1:
		return 2 + (int)(j % 3);
	case -2:
		return 1 + (int)(j % 3);
	default:
		return gen_kinds[kind].size;
	}
}

/* Some cases sit in the awkward kelurahan on purpose (folder names). */
static void
fam_place(struct gen_fam *f, uint64_t r)
{
	int returned = f->kind >= K_R_NIK && f->kind <= K_R_TGL;

	f->kec = (int)(r % GEN_NKEC);
	f->kel = (int)((r >> 8) % (uint64_t)kecs[f->kec].nkel);
	if (f->kind == K_CEK_KK || (f->kind == K_U_GAGAL && f->j % 3 == 0) ||
	    (returned && f->j == 1)) {
		f->kec = 0;	/* KEL. SUKA/MAJU */
		f->kel = 1;
	} else if (f->j == 0 && (f->kind == K_GANDA_NIK || returned)) {
		f->kec = 1;	/* PA'BAENG-BAENG */
		f->kel = 1;
	}
}

/* A No KK from an index of [0, 2^KK_BITS): families use their own index;
 * --ganda's other people count down from the top (gen_ganda.c). */
void
gen_kk_make(const struct gen_ctx *c, uint64_t idx, int kec, char kk[17])
{
	uint64_t v;
	int y, m, d;
	char tmp[64];

	v = scatter(idx, KK_BITS, c->kk_b);
	date_to_civil(date_from_civil(2000, 1, 1) + (int)(v % KK_SPAN), &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%s%02d%02d%02d%02d%04d", c->region,
	    kec + 1, d, m, y % 100, (int)(1 + v / KK_SPAN));
	snprintf(kk, 17, "%.16s", tmp);
}

static void
fam_kk(const struct gen_ctx *c, struct gen_fam *f)
{
	uint64_t v;

	v = scatter((uint64_t)f->fi, KK_BITS, c->kk_b);
	gen_kk_make(c, (uint64_t)f->fi, f->kec, f->kk);
	snprintf(f->iddtks, sizeof f->iddtks, "%s%02d%08llu", c->region,
	    f->kec + 1, (unsigned long long)v);
}

static void
fam_desil(struct gen_fam *f, uint64_t r)
{
	int band = band_of(f->kind, f->j);

	if (band == BAND_BEFORE)
		f->desil[0] = 1 + (int)(r % 5);
	else if (band == BAND_AFTER)
		f->desil[0] = 6 + (int)(r % 5);
	else
		f->desil[0] = 1 + (int)(r % 10);
	f->desil[1] = f->desil[0];
	/* The second DTKS snapshot re-ranks a few ordinary households. */
	if ((f->kind == K_BIASA || f->kind == K_DTKS_SAJA) &&
	    (r >> 20) % 20 == 0)
		f->desil[1] = 1 + f->desil[0] % 10;
	f->desil[2] = f->desil[1];
}

static void
fam_dates(const struct gen_ctx *c, struct gen_fam *f, uint64_t r)
{
	int months, k, mo;

	/* TMT: the 1st of a month between 2014-01 and the month before P-1. */
	months = (c->year[0] - 2014) * 12 + c->mon[0] - 1;
	k = (int)((r >> 24) % (uint64_t)months);
	f->tmt = date_from_civil(2014 + k / 12, 1 + k % 12, 1);
	for (mo = 0; mo < c->nmo; mo++)
		f->tgl_usulan[mo] = c->day0[mo] +
		    (int)((r >> (32 + mo * 4)) % 14);
	if (f->kind == K_V_ANTRI && f->j % 3 == 2)
		f->tgl_usulan[1] = 0;
	/* The families that must wait last in their month (gen_fate.c). */
	if (f->kind == K_Q_KADALUWARSA || f->kind == K_Q_ULANG)
		f->tgl_usulan[0] = 0;
	if (f->kind == K_W_ANTRI)
		f->tgl_usulan[2] = 0;
	/* The newborn is proposed after the birth (gen_person_get). */
	if (f->kind == K_E_LAHIR)
		f->tgl_usulan[0] = c->day0[0] + 3 + (int)((r >> 32) % 11);
}

void
gen_fam_get(const struct gen_ctx *c, long fi, struct gen_fam *f)
{
	uint64_t r;
	int lo = 0, hi = K_NKINDS - 1, mid;

	memset(f, 0, sizeof *f);
	while (lo < hi) {	/* the last kind whose start is <= fi */
		mid = (lo + hi + 1) / 2;
		if (c->start[mid] <= fi)
			lo = mid;
		else
			hi = mid - 1;
	}
	f->fi = fi;
	f->kind = lo;
	f->j = fi - c->start[lo];
	r = gen_mix(c->seed, (uint64_t)fi, 0xFA);
	f->size = fam_size(f->kind, f->j, r);
	fam_place(f, r);
	f->fas = (int)((r >> 12) % 2);
	fam_kk(c, f);
	snprintf(f->alamat, sizeof f->alamat, "%s NO. %d, %s",
	    streets[(r >> 14) % NELEM(streets)], 1 + (int)((r >> 18) % 150),
	    dusun[(r >> 26) % NELEM(dusun)]);
	snprintf(f->rt, sizeof f->rt, "%03d", 1 + (int)((r >> 40) % 12));
	snprintf(f->rw, sizeof f->rw, "%03d", 1 + (int)((r >> 44) % 8));
	fam_desil(f, gen_mix(c->seed, (uint64_t)fi, 0xDE));
	fam_dates(c, f, gen_mix(c->seed, (uint64_t)fi, 0xDA));
}

/* NIK and birth date: (dob, serial) is a bijection of g within each class. */
void
gen_identity(const struct gen_ctx *c, uint64_t g, int sex, int adult, int kec,
    char nik[17], int *dob)
{
	uint64_t u = scatter(g, NIK_BITS, c->nik_b);
	int base, span, serial;

	if (adult) {
		base = date_from_civil(1950, 1, 1);
		span = date_from_civil(1990, 1, 1) - base;
		serial = 1 + (int)(u / (uint64_t)span);
	} else {
		base = date_from_civil(1990, 1, 1);
		span = date_from_civil(2025, 1, 1) - base;
		serial = 5001 + (int)(u / (uint64_t)span);
	}
	*dob = base + (int)(u % (uint64_t)span);
	gen_nik_make(c, kec, *dob, sex, serial, nik);
}

/* A NIK: region, kecamatan, the birth date DDMMYY (women +40 on the day),
 * a serial. */
void
gen_nik_make(const struct gen_ctx *c, int kec, int dob, int sex, int serial,
    char nik[17])
{
	int y, m, d;
	char tmp[64];

	date_to_civil(dob, &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%s%02d%02d%02d%02d%04d", c->region, kec + 1,
	    d + (sex ? 40 : 0), m, y % 100, serial);
	snprintf(nik, 17, "%.16s", tmp);
}

void
gen_noka(const struct gen_ctx *c, uint64_t g, char noka[14])
{
	uint64_t z = (NOKA_MUL * scatter(g, NIK_BITS, c->noka_b) + c->noka_b) %
	    NOKA_MOD;

	snprintf(noka, 14, "000%010llu", (unsigned long long)z);
}

/*
 * A person's name: the three name parts are the mixed-radix digits of
 * g mod cap, shuffled by a few Feistel rounds (each round adds a hash of the
 * other digits to one digit, which is invertible), so the map stays a
 * bijection while neighbouring slots get unrelated names. Slots past cap get
 * a fourth word.
 */
void
gen_name(const struct gen_ctx *c, uint64_t g, int sex, char *buf, size_t n)
{
	const char *const *fl = sex ? first_p : first_l;
	const char *const *ml = sex ? mid_p : mid_l;
	uint64_t nf = sex ? NELEM(first_p) : NELEM(first_l);
	uint64_t nm = sex ? NELEM(mid_p) : NELEM(mid_l);
	uint64_t nl = NELEM(last_n), cap = nf * nm * nl;
	uint64_t r = g % cap, q = g / cap, a, b, d;
	int len;

	a = r % nf;
	b = (r / nf) % nm;
	d = r / nf / nm;
	a = (a + gen_mix(c->name_b, b * nl + d, 1)) % nf;
	b = (b + gen_mix(c->name_b, a * nl + d, 2)) % nm;
	d = (d + gen_mix(c->name_b, a * nm + b, 3)) % nl;
	a = (a + gen_mix(c->name_b, b * nl + d, 4)) % nf;
	len = snprintf(buf, n, "%s %s %s", fl[a], ml[b], last_n[d]);
	if (q > 0 && len > 0 && (size_t)len < n)
		snprintf(buf + len, n - (size_t)len, " %s",
		    last_n[(q - 1) % nl]);
}

/*
 * Slots per block of the name space: g and g + gen_name_block() have the same
 * first three words and a different fourth. 0 when g + block is past the
 * names that exist.
 */
uint64_t
gen_name_block(uint64_t g, int sex)
{
	uint64_t nf = sex ? NELEM(first_p) : NELEM(first_l);
	uint64_t nm = sex ? NELEM(mid_p) : NELEM(mid_l);
	uint64_t cap = nf * nm * NELEM(last_n);

	return g + cap < cap * (NELEM(last_n) + 1) ? cap : 0;
}

/* An invalid NIK that is still unique: a wrong province, or a digit lost. */
void
gen_nik_bad(const char *nik, int how, char *out, size_t n)
{
	char d;

	if (how == NV_15) {
		snprintf(out, n, "%s", nik + 1);
		return;
	}
	snprintf(out, n, "%s", nik);
	for (d = '9'; d >= '0'; d--)
		if (!province_ok((nik[0] - '0') * 10 + d - '0'))
			break;
	if (d >= '0')
		out[1] = d;
	else
		out[0] = '4';	/* no province code starts with 4 */
}

/* What Excel shows for a 16-digit number in a General cell: 3.32501E+15. */
void
gen_nik_sci(const char *nik, int comma, char *out, size_t n)
{
	long m6 = 0;
	int i, exp = 15, len;
	char digits[24];

	for (i = 0; i < 7; i++)
		m6 = m6 * 10 + (nik[i] - '0');
	m6 = (m6 + 5) / 10;
	if (m6 >= 1000000) {
		m6 /= 10;
		exp++;
	}
	snprintf(digits, sizeof digits, "%06ld", m6);
	len = 6;
	while (len > 1 && digits[len - 1] == '0')
		len--;
	digits[len] = '\0';
	if (len == 1)
		snprintf(out, n, "%cE+%d", digits[0], exp);
	else
		snprintf(out, n, "%c%c%sE+%d", digits[0], comma ? ',' : '.',
		    digits + 1, exp);
}

/* The head's sex decides whether member 1 is a wife or a child. */
static int
head_sex(const struct gen_ctx *c, const struct gen_fam *f)
{
	uint64_t h = gen_mix(c->seed, (uint64_t)f->fi * GEN_SLOTS, 0x5E);

	if (f->size >= 2)
		return h % 100 < 85 ? 0 : 1;
	return (int)(h & 1);
}

static void
person_role(const struct gen_ctx *c, const struct gen_fam *f, int m,
    struct gen_person *p)
{
	uint64_t h = gen_mix(c->seed, p->g, 0x5E);

	p->adult = 1;
	if (m == 0) {
		p->sex = head_sex(c, f);
		p->hub = HUB_KK;
	} else if (m == 1 && head_sex(c, f) == 0) {
		p->sex = 1;
		p->hub = HUB_ISTRI;
	} else if (m == 5) {
		p->sex = (int)((h >> 1) & 1);
		p->hub = HUB_FAMILI;
	} else {
		p->sex = (int)((h >> 1) & 1);
		p->hub = HUB_ANAK;
		p->adult = 0;
	}
}

/*
 * A child born on the 1st to 3rd of P-1: not born before the extract
 * (rules.md: before the 1st of its period, so the 1st itself is not), which
 * cannot hold them. The NIK's serial 9001 and up is no one else's
 * (gen_identity's end at 5657), and no one else is born after 2024.
 */
static void
newborn(const struct gen_ctx *c, const struct gen_fam *f, struct gen_person *p)
{
	p->adult = 0;
	p->hub = HUB_ANAK;
	p->sex = (int)(gen_mix(c->seed, p->g, 0x5F) & 1);
	p->dob = c->day0[0] + (int)(f->j % 3);
	gen_nik_make(c, f->kec, p->dob, p->sex, 9001 + (int)(f->j % 999),
	    p->nik);
}

void
gen_person_get(const struct gen_ctx *c, const struct gen_fam *f, int m,
    struct gen_person *p)
{
	char base[160];

	memset(p, 0, sizeof *p);
	p->g = (uint64_t)f->fi * GEN_SLOTS + (uint64_t)m;
	p->m = m;
	person_role(c, f, m, p);
	if (f->kind == K_G_NAMA_UMUM)	/* MUHAMMAD, SITI */
		p->sex = (int)(f->j % 2);
	gen_identity(c, p->g, p->sex, p->adult, f->kec, p->nik, &p->dob);
	gen_noka(c, p->g, p->noka);
	gen_fate_get(c, f, m, &p->f);
	if (p->f.lahir)
		newborn(c, f, p);
	gen_name(c, p->g, p->sex, base, sizeof base);
	if (p->f.special) {
		/* Prepending keeps the name unique: no list word is special. */
		snprintf(p->nama, sizeof p->nama, "%s %s", (p->sex ? special_p :
		    special_l)[(p->f.special - 1) % 4], base);
	} else
		snprintf(p->nama, sizeof p->nama, "%s", base);
	if (GEN_KIND_GANDA(f->kind))
		gen_ganda_person(c, f, p);
}

/* Used by the tests: the name lists keep the promises made above. */
static int
word_ok(const char *w)
{
	static const char *const bad[] = { "OE", "DJ", "TJ", "AA", "II", "UU",
	    "EE", "OO" };
	size_t i;

	if (strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(w))
		return 0;
	for (i = 0; i < NELEM(bad); i++)
		if (strstr(w, bad[i]) != NULL)
			return 0;
	return 1;
}

int
gen_words_ok(void)
{
	size_t i, k;

	for (i = 0; i < NELEM(first_l); i++)
		for (k = 0; k < NELEM(first_p); k++)
			if (strcmp(first_l[i], first_p[k]) == 0)
				return 0;
#define ALLOK(a) for (i = 0; i < NELEM(a); i++) if (!word_ok(a[i])) return 0
	ALLOK(first_l);
	ALLOK(first_p);
	ALLOK(mid_l);
	ALLOK(mid_p);
	ALLOK(last_n);
#undef ALLOK
	return 1;
}
