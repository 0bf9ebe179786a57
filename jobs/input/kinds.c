/* kinds.c — see kinds.h.  The tables below are inputs.md, column by column. */
#include "kinds.h"

#include <stdio.h>
#include <string.h>

#include "clean.h"

#define BIT(c) (1ULL << (c))

struct col_def {
	const char *name;
	const char *aliases[10];
};

/* Header spellings, in folded form. A spelling may mean different columns in
 * different kinds (STATUS is hasil in feedback, status in peserta): a kind
 * only looks at its own columns. */
static const struct col_def col_defs[COL__COUNT] = {
	[COL_NIK] = { "nik", { "NIK", "NO NIK", "NOMOR NIK", "NIK ART" } },
	[COL_NO_KK] = { "no_kk", { "NO KK", "NOKK", "NOMOR KK" } },
	[COL_NAMA] = { "nama", { "NAMA", "NAMA ART", "NAMA LENGKAP" } },
	[COL_TGL_LAHIR] = { "tgl_lahir", { "TGL LAHIR", "TANGGAL LAHIR", "TGLLAHIR" } },
	[COL_JENIS_KELAMIN] = { "jenis_kelamin", { "JENIS KELAMIN", "JK", "SEX" } },
	[COL_HUB_KELUARGA] = { "hub_keluarga", { "HUB KELUARGA", "HUBUNGAN KELUARGA",
	    "HUBKEL", "HUB DGN KPL KELUARGA" } },
	[COL_ALAMAT] = { "alamat", { "ALAMAT" } },
	[COL_RT] = { "rt", { "RT" } },
	[COL_RW] = { "rw", { "RW" } },
	[COL_KECAMATAN] = { "kecamatan", { "KECAMATAN", "NAMA KECAMATAN", "NM KEC" } },
	[COL_KELURAHAN] = { "kelurahan", { "KELURAHAN", "DESA KELURAHAN", "DESA",
	    "NAMA DESA" } },
	[COL_IDDTKS] = { "iddtks", { "ID DTKS", "IDDTKS" } },
	[COL_DESIL] = { "desil", { "DESIL", "DESIL KESEJAHTERAAN" } },
	[COL_PADAN_DUKCAPIL] = { "padan_dukcapil", { "PADAN DUKCAPIL", "STATUS PADAN" } },
	[COL_JENIS_USULAN] = { "jenis_usulan", { "JENIS USULAN", "JENIS" } },
	[COL_TGL_USULAN] = { "tgl_usulan", { "TGL USULAN", "TANGGAL USULAN" } },
	[COL_NO_SKTM] = { "no_sktm", { "NO SKTM", "NOMOR SKTM" } },
	[COL_ADA_KK] = { "ada_kk", { "ADA KK" } },
	[COL_ADA_KTP] = { "ada_ktp", { "ADA KTP" } },
	[COL_ADA_SKTM] = { "ada_sktm", { "ADA SKTM" } },
	[COL_ADA_REKOMENDASI] = { "ada_rekomendasi", { "ADA REKOMENDASI" } },
	[COL_ADA_SURAT_SAKIT] = { "ada_surat_sakit", { "ADA SURAT SAKIT" } },
	[COL_HASIL] = { "hasil", { "HASIL", "STATUS", "STATUS PENDAFTARAN" } },
	[COL_NOKA] = { "noka", { "NO KARTU", "NOKA", "NOMOR KARTU", "NOKA BPJS" } },
	[COL_KETERANGAN] = { "keterangan", { "KETERANGAN", "KET", "ALASAN", "ALASAN GAGAL" } },
	[COL_TMT] = { "tmt", { "TMT", "TGL TMT", "TANGGAL MULAI" } },
	[COL_STATUS] = { "status", { "STATUS PESERTA", "STATUS", "KET AKTIF" } },
	[COL_SEGMEN] = { "segmen", { "SEGMEN", "JENIS PESERTA", "SEGMENTASI", "KEPESERTAAN" } },
	[COL_KD_FASKES] = { "kd_faskes", { "KD FASKES", "KODE FASKES", "KD PPK", "KD PROVIDER" } },
	[COL_NM_FASKES] = { "nm_faskes", { "FASKES", "NAMA FASKES", "NM PPK" } },
	[COL_TGL_MENINGGAL] = { "tgl_meninggal", { "TGL MENINGGAL", "TANGGAL MENINGGAL",
	    "TGL KEMATIAN", "TANGGAL KEMATIAN" } },
	[COL_KUNCI_A] = { "kunci_a", { "KUNCI A" } },
	[COL_KUNCI_B] = { "kunci_b", { "KUNCI B" } },
	[COL_KEPUTUSAN] = { "keputusan", { "KEPUTUSAN" } },
};

/* Disdukcapil's SIAK spellings of a DKB extract (inputs.md `kependudukan`). */
static const struct kind_alias siak_aliases[] = {
	{ COL_NAMA, "NAMA LGKP" },
	{ COL_TGL_LAHIR, "TGL LHR" },
	{ COL_JENIS_KELAMIN, "JENIS KLMIN" },
	{ COL_KECAMATAN, "NAMA KEC" },
	{ COL_KELURAHAN, "NAMA KEL" },
	{ COL_RT, "NO RT" },
	{ COL_RW, "NO RW" },
	{ COL__COUNT, NULL }
};

static const struct kind_def kind_defs[KIND__COUNT] = {
	{ KIND_DTKS, "dtks", "dtks_row",
	  { COL_NIK, COL_NO_KK, COL_NAMA, COL_TGL_LAHIR, COL_JENIS_KELAMIN,
	    COL_HUB_KELUARGA, COL_ALAMAT, COL_RT, COL_RW, COL_KECAMATAN,
	    COL_KELURAHAN, COL_IDDTKS, COL_DESIL, COL_PADAN_DUKCAPIL }, 14,
	  BIT(COL_NIK) | BIT(COL_NAMA), 0, NULL },
	{ KIND_USULAN, "usulan", "usulan_row",
	  { COL_NIK, COL_NO_KK, COL_NAMA, COL_TGL_LAHIR, COL_JENIS_KELAMIN,
	    COL_HUB_KELUARGA, COL_ALAMAT, COL_RT, COL_RW, COL_KECAMATAN,
	    COL_KELURAHAN, COL_JENIS_USULAN, COL_TGL_USULAN, COL_NO_SKTM,
	    COL_ADA_KK, COL_ADA_KTP, COL_ADA_SKTM, COL_ADA_REKOMENDASI,
	    COL_ADA_SURAT_SAKIT }, 19,
	  BIT(COL_NIK) | BIT(COL_NO_KK) | BIT(COL_NAMA), 0, NULL },
	{ KIND_FEEDBACK, "feedback", "feedback_row",
	  { COL_NIK, COL_HASIL, COL_NOKA, COL_KETERANGAN, COL_TMT, COL_NO_KK,
	    COL_NAMA, COL_TGL_LAHIR }, 8,
	  BIT(COL_NIK) | BIT(COL_HASIL), 0, NULL },
	{ KIND_PESERTA, "peserta", "peserta_row",
	  { COL_NOKA, COL_NIK, COL_STATUS, COL_SEGMEN, COL_NO_KK, COL_NAMA,
	    COL_TGL_LAHIR, COL_JENIS_KELAMIN, COL_HUB_KELUARGA, COL_ALAMAT,
	    COL_KECAMATAN, COL_KELURAHAN, COL_KD_FASKES, COL_NM_FASKES,
	    COL_TMT }, 15,
	  BIT(COL_STATUS), BIT(COL_NIK) | BIT(COL_NOKA), NULL },
	{ KIND_SEGMEN, "segmen", "segmen_row",
	  { COL_NIK, COL_NOKA, COL_NAMA, COL_SEGMEN, COL_STATUS }, 5,
	  BIT(COL_NIK), 0, NULL },
	{ KIND_KEMATIAN, "kematian", "kematian_row",
	  { COL_NIK, COL_NAMA, COL_TGL_MENINGGAL }, 3,
	  BIT(COL_NIK) | BIT(COL_TGL_MENINGGAL), 0, NULL },
	{ KIND_KEPENDUDUKAN, "kependudukan", "kependudukan_row",
	  { COL_NIK, COL_NO_KK, COL_NAMA, COL_TGL_LAHIR, COL_JENIS_KELAMIN,
	    COL_KECAMATAN, COL_KELURAHAN, COL_ALAMAT, COL_RT, COL_RW }, 10,
	  BIT(COL_NIK) | BIT(COL_NAMA), 0, siak_aliases },
	{ KIND_KEPUTUSAN, "keputusan", "keputusan_row",
	  { COL_KUNCI_A, COL_KUNCI_B, COL_KEPUTUSAN }, 3,
	  BIT(COL_KUNCI_A) | BIT(COL_KUNCI_B) | BIT(COL_KEPUTUSAN), 0, NULL },
};

const struct kind_def *
kind_by_name(const char *name)
{
	int i;

	for (i = 0; i < KIND__COUNT; i++)
		if (strcmp(kind_defs[i].name, name) == 0)
			return &kind_defs[i];
	return NULL;
}

const struct kind_def *
kind_get(enum kind k)
{
	return &kind_defs[k];
}

const char *
col_name(enum col c)
{
	return col_defs[c].name;
}

static int
col_has_alias(const struct kind_def *k, enum col c, const char *folded)
{
	const struct kind_alias *a;
	int i;

	for (i = 0; i < 10 && col_defs[c].aliases[i] != NULL; i++)
		if (strcmp(col_defs[c].aliases[i], folded) == 0)
			return 1;
	for (a = k->own; a != NULL && a->alias != NULL; a++)
		if (a->col == c && strcmp(a->alias, folded) == 0)
			return 1;
	return 0;
}

int
kind_match_header(const struct kind_def *k, const char *cell)
{
	char folded[512];
	int i;

	if (strlen(cell) >= sizeof folded)
		return -1;
	clean_fold(cell, folded, sizeof folded);
	for (i = 0; i < k->ncols; i++)
		if (col_has_alias(k, k->cols[i], folded))
			return (int)k->cols[i];
	return -1;
}

int
kind_map_header(const struct kind_def *k, char *const *cells, size_t ncells,
    int map[COL__COUNT])
{
	unsigned long long have = 0;
	size_t i;
	int c;

	for (c = 0; c < COL__COUNT; c++)
		map[c] = -1;
	for (i = 0; i < ncells; i++) {
		c = kind_match_header(k, cells[i]);
		if (c >= 0 && map[c] == -1) {	/* leftmost wins */
			map[c] = (int)i;
			have |= BIT(c);
		}
	}
	if ((have & k->required) != k->required)
		return 0;
	if (k->one_of != 0 && (have & k->one_of) == 0)
		return 0;
	return 1;
}

void
kind_missing(const struct kind_def *k, const int map[COL__COUNT], char *buf,
    size_t bufsz)
{
	size_t len = 0;
	int i, c, n;

	buf[0] = '\0';
	for (i = 0; i < k->ncols; i++) {
		c = k->cols[i];
		if (map[c] != -1 || !(k->required & BIT(c)))
			continue;
		n = snprintf(buf + len, bufsz - len, "%s%s", len ? ", " : "", col_name(c));
		if (n < 0 || (size_t)n >= bufsz - len)
			return;
		len += (size_t)n;
	}
	if (k->one_of != 0 && map[COL_NIK] == -1 && map[COL_NOKA] == -1)
		snprintf(buf + len, bufsz - len, "%snik or noka", len ? ", " : "");
}

/* The columns of k a header row names (0 when not a header of k). */
static int
kind_fit(const struct kind_def *k, char *const *cells, size_t ncells)
{
	int map[COL__COUNT], i, n = 0;

	if (!kind_map_header(k, cells, ncells, map))
		return 0;
	for (i = 0; i < k->ncols; i++)
		n += map[k->cols[i]] >= 0;
	return n;
}

const struct kind_def *
kind_fits_better(const struct kind_def *k, char *const *cells, size_t ncells,
    int *k_n, int *best_n)
{
	const struct kind_def *best = NULL;
	int i, n;

	*k_n = kind_fit(k, cells, ncells);
	*best_n = *k_n;
	if (k->kind == KIND_KEPUTUSAN && *k_n > 0)
		return NULL;
	for (i = 0; i < KIND__COUNT; i++) {
		const struct kind_def *o = &kind_defs[i];

		if (o == k || (k->kind == KIND_PESERTA && o->kind == KIND_SEGMEN) ||
		    (k->kind == KIND_SEGMEN && o->kind == KIND_PESERTA))
			continue;
		if ((n = kind_fit(o, cells, ncells)) > *best_n) {
			best = o;
			*best_n = n;
		}
	}
	return best;
}

const struct kind_def *
kind_best(char *const *cells, size_t ncells, char *tied, size_t tiedsz)
{
	const struct kind_def *best = NULL;
	int fit[KIND__COUNT], i, best_n = 0, nbest = 0;
	size_t len = 0;

	tied[0] = '\0';
	for (i = 0; i < KIND__COUNT; i++)
		if ((fit[i] = kind_fit(&kind_defs[i], cells, ncells)) > best_n) {
			best = &kind_defs[i];
			best_n = fit[i];
		}
	/* Decisions: only they name KUNCI A, KUNCI B and KEPUTUSAN. */
	if (fit[KIND_KEPUTUSAN] > 0)
		return &kind_defs[KIND_KEPUTUSAN];
	/* An extract steps back on a tie: a DTKS with plain headers names the
	 * same columns, and an extract carries SIAK's own. */
	for (i = 0; best_n > 0 && i < KIND__COUNT; i++)
		if (i != KIND_KEPENDUDUKAN && fit[i] == best_n &&
		    fit[KIND_KEPENDUDUKAN] == best_n) {
			fit[KIND_KEPENDUDUKAN] = 0;
			best = &kind_defs[i];
			break;
		}
	for (i = 0; best_n > 0 && i < KIND__COUNT; i++)
		if (fit[i] == best_n) {
			nbest++;
			len += (size_t)snprintf(tied + len, len < tiedsz ? tiedsz - len : 0,
			    "%s%s", len ? ", " : "", kind_defs[i].name);
		}
	if (nbest > 1)
		return NULL;
	tied[0] = '\0';
	return best;
}
