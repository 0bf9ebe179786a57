/*
 * test_gen.c — `rekon gen`: determinism, file shapes and the planted counts
 * docs/gen.md promises at scale 10 (and a few at scale 1000).
 *
 *   make build/tests/test_gen && build/tests/test_gen
 */
#include <check.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "gen.h"
#include "gen_int.h"

/* dir10, dir1k: --months 2, the region docs/gen.md's tables describe;
 * dir10_3, dir1k_3: the default three months ("The third month");
 * kep10, kep1k (three months), kep10_2 (two): with --kependudukan. */
static char dir10[64], dir1k[64], dir10_3[64], dir1k_3[64];
static char kep10[64], kep1k[64], kep10_2[64];

static const char *const files[] = {
	"dtks-2026-10.csv", "usulan-2026-10.csv", "feedback-2026-10.csv",
	"peserta-2026-10.csv", "segmen-pbi-apbn-2026-10.csv",
	"segmen-pbi-apbd-prov-2026-10.csv", "kematian-2026-10.csv",
	"dtks-2026-11.csv", "usulan-2026-11.csv", "feedback-2026-11.csv",
	"peserta-2026-11.csv", "segmen-pbi-apbn-2026-11.csv",
	"segmen-pbi-apbd-prov-2026-11.csv", "kematian-2026-11.csv",
	"rusak/kematian-2026-11-nul.csv", "rusak/kematian-2026-11-kutip.csv",
	"rusak/kematian-2026-11-panjang.csv",
	"rusak/dtks-2026-11-tanpa-header.csv", "gen-harapan.txt",
	"gen-kasus.txt",
};
#define NFILES	(sizeof files / sizeof files[0])

/* The third month's files, and the extract (--kependudukan). */
static const char *const files3[] = {
	"dtks-2026-12.csv", "usulan-2026-12.csv", "feedback-2026-12.csv",
	"peserta-2026-12.csv", "segmen-pbi-apbn-2026-12.csv",
	"segmen-pbi-apbd-prov-2026-12.csv", "kematian-2026-12.csv",
};
#define NFILES3	(sizeof files3 / sizeof files3[0])
#define KEP_FILE	"kependudukan-2026-10.csv"

/* ------------------------------------------------------------ helpers */

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
rm_tree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
gen_into_opts(char *dir, size_t n, int scale, unsigned long long seed,
    int months, int kependudukan)
{
	struct gen_opts o;
	char err[512];

	snprintf(dir, n, "/tmp/test_gen.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	gen_opts_default(&o);
	o.outdir = dir;
	o.scale = scale;
	o.seed = seed;
	o.months = months;
	o.kependudukan = kependudukan;
	ck_assert_msg(gen_run(&o, err, sizeof err) == 0, "gen_run: %s", err);
}

static void
gen_into_months(char *dir, size_t n, int scale, unsigned long long seed,
    int months)
{
	gen_into_opts(dir, n, scale, seed, months, 0);
}

static void
gen_into(char *dir, size_t n, int scale, unsigned long long seed)
{
	gen_into_months(dir, n, scale, seed, 2);
}

static char *
slurp(const char *dir, const char *name, size_t *len)
{
	char path[512];
	FILE *fp;
	char *buf;
	long n;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, fp), n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static void
sha256(const char *dir, const char *name, unsigned char md[32])
{
	unsigned int mdlen = 32;
	size_t len;
	char *buf = slurp(dir, name, &len);

	ck_assert(EVP_Digest(buf, len, md, &mdlen, EVP_sha256(), NULL) == 1);
	free(buf);
}

static long
count_byte(const char *buf, size_t len, int c)
{
	long n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		n += (unsigned char)buf[i] == c;
	return n;
}

/* Lines (LF-terminated) containing needle. */
static long
lines_with(const char *buf, size_t len, const char *needle)
{
	const char *p = buf, *end = buf + len, *nl, *hit;
	long n = 0;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		hit = memmem(p, (size_t)(nl - p), needle, strlen(needle));
		n += hit != NULL;
		p = nl + 1;
	}
	return n;
}

/* Lines that are exactly text (without the LF). */
static long
lines_eq(const char *buf, size_t len, const char *text)
{
	const char *p = buf, *end = buf + len, *nl;
	size_t tl = strlen(text);
	long n = 0;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		n += (size_t)(nl - p) == tl && memcmp(p, text, tl) == 0;
		p = nl + 1;
	}
	return n;
}

static long
file_lines_with(const char *dir, const char *name, const char *needle)
{
	size_t len;
	char *buf = slurp(dir, name, &len);
	long n = lines_with(buf, len, needle);

	free(buf);
	return n;
}

static int
utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0;
	int k, more;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0)
			more = 1;
		else if ((s[i] & 0xf0) == 0xe0)
			more = 2;
		else if ((s[i] & 0xf8) == 0xf0)
			more = 3;
		else
			return 0;
		for (k = 1; k <= more; k++)
			if (i + (size_t)k >= len || (s[i + k] & 0xc0) != 0x80)
				return 0;
		i += (size_t)more + 1;
	}
	return 1;
}

/* The value of "key = value" in gen-harapan.txt (the last " = " part). */
static long
expected(const char *dir, const char *key)
{
	size_t len, kl = strlen(key);
	char *buf = slurp(dir, "gen-harapan.txt", &len), *p = buf, *v;
	long val = 0;
	int found = 0;

	while ((p = strstr(p, key)) != NULL) {
		if ((p == buf || p[-1] == '\n') &&
		    strncmp(p + kl, " = ", 3) == 0) {
			v = strchr(p, '\n');
			*v = '\0';
			val = atol(strrchr(p, '=') + 1);
			found = 1;
			break;
		}
		p += kl;
	}
	free(buf);
	ck_assert_msg(found, "no %s in gen-harapan.txt", key);
	return val;
}

static int
nik_valid(const char *n)
{
	static const int mdays[13] = { 0, 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int p, d, m;

	if (strlen(n) != 16 || strspn(n, "0123456789") != 16)
		return 0;
	p = (n[0] - '0') * 10 + n[1] - '0';
	if (!((p >= 11 && p <= 19) || p == 21 || (p >= 31 && p <= 36) ||
	    (p >= 51 && p <= 53) || (p >= 61 && p <= 65) ||
	    (p >= 71 && p <= 76) || p == 81 || p == 82 || (p >= 91 && p <= 97)))
		return 0;
	if (strncmp(n + 2, "00", 2) == 0 || strncmp(n + 4, "00", 2) == 0 ||
	    strcmp(n + 12, "0000") == 0)
		return 0;
	d = (n[6] - '0') * 10 + n[7] - '0';
	m = (n[8] - '0') * 10 + n[9] - '0';
	if (d > 40)
		d -= 40;
	return m >= 1 && m <= 12 && d >= 1 && d <= mdays[m];
}

static void
setup10(void)
{
	gen_into(dir10, sizeof dir10, 10, 1);
	gen_into(dir1k, sizeof dir1k, 1000, 1);
	gen_into_months(dir10_3, sizeof dir10_3, 10, 1, 3);
	gen_into_months(dir1k_3, sizeof dir1k_3, 1000, 1, 3);
	gen_into_opts(kep10, sizeof kep10, 10, 1, 3, 1);
	gen_into_opts(kep1k, sizeof kep1k, 1000, 1, 3, 1);
	gen_into_opts(kep10_2, sizeof kep10_2, 10, 1, 2, 1);
}

static void
teardown10(void)
{
	rm_tree(dir10);
	rm_tree(dir1k);
	rm_tree(dir10_3);
	rm_tree(dir1k_3);
	rm_tree(kep10);
	rm_tree(kep1k);
	rm_tree(kep10_2);
}

/* -------------------------------------------------------------- tests */

START_TEST(test_determinism)
{
	char again[64];
	unsigned char a[32], b[32];
	size_t i;

	gen_into(again, sizeof again, 10, 1);
	for (i = 0; i < NFILES; i++) {
		sha256(dir10, files[i], a);
		sha256(again, files[i], b);
		ck_assert_msg(memcmp(a, b, 32) == 0, "%s differs between runs",
		    files[i]);
	}
	rm_tree(again);
}
END_TEST

START_TEST(test_seed_differs)
{
	char other[64];
	unsigned char a[32], b[32];

	gen_into(other, sizeof other, 10, 2);
	sha256(dir10, "peserta-2026-11.csv", a);
	sha256(other, "peserta-2026-11.csv", b);
	ck_assert(memcmp(a, b, 32) != 0);
	sha256(dir10, "dtks-2026-10.csv", a);
	sha256(other, "dtks-2026-10.csv", b);
	ck_assert(memcmp(a, b, 32) != 0);
	rm_tree(other);
}
END_TEST

START_TEST(test_files_and_modes)
{
	char path[512];
	struct stat sb;
	size_t i;

	ck_assert_int_eq(stat(dir10, &sb), 0);
	for (i = 0; i < NFILES; i++) {
		snprintf(path, sizeof path, "%s/%s", dir10, files[i]);
		ck_assert_msg(stat(path, &sb) == 0, "%s missing", files[i]);
		ck_assert_msg((sb.st_mode & 0777) == 0640, "%s mode %o",
		    files[i], sb.st_mode & 0777);
	}
	snprintf(path, sizeof path, "%s/rusak", dir10);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777 & ~0750, 0);
}
END_TEST

START_TEST(test_outdir_created)
{
	struct gen_opts o;
	char base[64], deep[128], err[256];
	struct stat sb;

	snprintf(base, sizeof base, "/tmp/test_gen.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(base));
	snprintf(deep, sizeof deep, "%s/a/b", base);
	gen_opts_default(&o);
	o.outdir = deep;
	o.scale = 10;
	ck_assert_int_eq(gen_run(&o, err, sizeof err), 0);
	ck_assert_int_eq(stat(deep, &sb), 0);
	ck_assert(S_ISDIR(sb.st_mode));
	rm_tree(base);
}
END_TEST

START_TEST(test_bad_options)
{
	struct gen_opts o;
	char err[256];

	gen_opts_default(&o);
	o.outdir = "/tmp/test_gen.never";
	o.scale = 9;
	ck_assert_int_eq(gen_run(&o, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "scale"));
	o.scale = 10;
	o.period = "2026-13";
	ck_assert_int_eq(gen_run(&o, err, sizeof err), -1);
	o.period = "2026-11";
	o.months = 1;
	ck_assert_int_eq(gen_run(&o, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "months"));
	o.months = 4;
	ck_assert_int_eq(gen_run(&o, err, sizeof err), -1);
	o.months = 3;
	o.region_code = "3900";		/* no province 39, regency 00 */
	ck_assert_int_eq(gen_run(&o, err, sizeof err), -1);
	o.region_code = "33a5";
	ck_assert_int_eq(gen_run(&o, err, sizeof err), -1);
	ck_assert_int_eq(access("/tmp/test_gen.never", F_OK), -1);
}
END_TEST

START_TEST(test_peserta_bom_crlf)
{
	size_t len, i;
	char *buf;
	int mo;

	for (mo = 0; mo < 2; mo++) {
		buf = slurp(dir10, mo ? "peserta-2026-11.csv" :
		    "peserta-2026-10.csv", &len);
		ck_assert(len > 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0);
		for (i = 0; i < len; i++)
			if (buf[i] == '\n')
				ck_assert_msg(i > 0 && buf[i - 1] == '\r',
				    "bare LF at byte %zu", i);
		ck_assert(utf8_valid((unsigned char *)buf, len));
		free(buf);
	}
	buf = slurp(dir10, "peserta-2026-10.csv", &len);
	ck_assert(strncmp(buf + 3, "NO KARTU;NIK;NO KK;NAMA;TGL LAHIR;JK;", 37)
	    == 0);
	free(buf);
	buf = slurp(dir10, "peserta-2026-11.csv", &len);
	ck_assert(strncmp(buf + 3, "NO;NOKA;NIK;NOKK;NAMA;TANGGAL LAHIR;", 36)
	    == 0);
	free(buf);
}
END_TEST

START_TEST(test_feedback_cp1252)
{
	size_t len;
	char *buf = slurp(dir10, "feedback-2026-10.csv", &len);

	ck_assert_int_ge(count_byte(buf, len, 0x92), 1);	/* ’ */
	ck_assert_int_ge(count_byte(buf, len, 0xc9), 1);	/* É */
	ck_assert(!utf8_valid((unsigned char *)buf, len));
	ck_assert_int_eq(count_byte(buf, len, '\n'),
	    count_byte(buf, len, '\r'));			/* CRLF */
	free(buf);
}
END_TEST

START_TEST(test_dtks_header)
{
	static const char want[] = "NIK ART|NO KK|NAMA ART|TGL LAHIR|"
	    "JENIS KELAMIN|HUB DGN KPL KELUARGA|ALAMAT|RT|RW|NAMA KECAMATAN|"
	    "DESA KELURAHAN|IDDTKS|DESIL|STATUS PADAN\n";
	size_t len;
	char *buf;
	int mo;

	for (mo = 0; mo < 2; mo++) {
		buf = slurp(dir10, mo ? "dtks-2026-11.csv" : "dtks-2026-10.csv",
		    &len);
		ck_assert(strncmp(buf, want, strlen(want)) == 0);
		ck_assert_int_eq(count_byte(buf, len, '\r'), 0);
		free(buf);
	}
}
END_TEST

/* docs/gen.md, "Files at scale 10": physical lines (LF bytes) per file. */
START_TEST(test_line_counts_10)
{
	static const long want[NFILES - 2] = { 174, 45, 36, 113, 13, 5, 10,
	    177, 45, 15, 141, 13, 5, 6, 4, 6, 3, 2 };
	char key[128];
	size_t i, len;
	char *buf;

	for (i = 0; i < NFILES - 2; i++) {
		buf = slurp(dir10, files[i], &len);
		ck_assert_msg(count_byte(buf, len, '\n') == want[i],
		    "%s: %ld lines, docs say %ld", files[i],
		    count_byte(buf, len, '\n'), want[i]);
		free(buf);
		snprintf(key, sizeof key, "file.%s.baris_fisik", files[i]);
		ck_assert_int_eq(expected(dir10, key), want[i]);
	}
}
END_TEST

/* The manifest agrees with the files it describes, at both scales. */
START_TEST(test_expected_matches_files)
{
	const char *dirs[2] = { dir10, dir1k };
	char key[128];
	size_t i, len;
	char *buf;
	int d;

	for (d = 0; d < 2; d++)
		for (i = 0; i < NFILES - 2; i++) {
			buf = slurp(dirs[d], files[i], &len);
			snprintf(key, sizeof key, "file.%s.baris_fisik",
			    files[i]);
			ck_assert_int_eq(expected(dirs[d], key),
			    count_byte(buf, len, '\n'));
			free(buf);
		}
}
END_TEST

struct want {
	const char	*key;
	long		 v10, v1k;
};

/* docs/gen.md, "What rekon should find": the headline figures. */
static const struct want figures[] = {
	{ "gen.keluarga", 113, 1803 },
	{ "kuota.saran", 129, 3774 },
	{ "kuota.rumus.aktif_2026-10", 93, 3656 },
	{ "kuota.rumus.menunggu_jawaban", 1, 2 },
	{ "kuota.rumus.berhasil_belum_di_daftar", 23, 78 },
	{ "kuota.rumus.diteruskan_2026-11", 12, 38 },
	{ "2026-10.usulan.baris", 39, 96 },
	{ "2026-10.usulan.diteruskan", 33, 90 },
	{ "2026-10.usulan.dikembalikan", 6, 6 },
	{ "2026-10.usulan.menunggu_kuota", 0, 0 },
	{ "2026-11.usulan.baris", 39, 75 },
	{ "2026-11.usulan.diteruskan", 12, 38 },
	{ "2026-11.usulan.dikembalikan", 11, 12 },
	{ "2026-11.usulan.menunggu_kuota", 16, 25 },
	{ "2026-10.feedback.berhasil", 23, 78 },
	{ "2026-10.feedback.gagal", 9, 10 },
	{ "2026-11.feedback.berhasil", 11, 35 },
	{ "2026-11.feedback.gagal", 1, 3 },
	{ "2026-10.flag.GANDA_NIK", 2, 6 },
	{ "2026-10.flag.GANDA_NOKA", 2, 4 },
	{ "2026-10.flag.SEGMEN_LAIN", 3, 17 },
	{ "2026-10.flag.MENINGGAL", 1, 4 },
	{ "2026-10.flag.NIK_TIDAK_VALID", 3, 4 },
	{ "2026-10.flag.BUKAN_DTKS", 3, 30 },
	{ "2026-10.flag.DATA_BERBEDA", 3, 9 },
	{ "2026-10.flag.KEMUNGKINAN_GANDA", 2, 4 },
	{ "2026-10.flag.TIDAK_DITETAPKAN", 0, 0 },
	{ "2026-10.flag.STATUS_TIDAK_AKTIF", 7, 31 },
	{ "2026-10.flag.HILANG", 0, 0 },
	{ "2026-10.aktif", 93, 3656 },
	{ "2026-10.ditetapkan", 89, 3635 },
	{ "2026-11.flag.GANDA_NIK", 2, 6 },
	{ "2026-11.flag.GANDA_NOKA", 2, 4 },
	{ "2026-11.flag.SEGMEN_LAIN", 3, 17 },
	{ "2026-11.flag.MENINGGAL", 2, 7 },
	{ "2026-11.flag.NIK_TIDAK_VALID", 3, 4 },
	{ "2026-11.flag.BUKAN_DTKS", 7, 36 },
	{ "2026-11.flag.DATA_BERBEDA", 3, 9 },
	{ "2026-11.flag.KEMUNGKINAN_GANDA", 2, 4 },
	{ "2026-11.flag.TIDAK_DITETAPKAN", 5, 24 },
	{ "2026-11.flag.STATUS_TIDAK_AKTIF", 9, 35 },
	{ "2026-11.flag.HILANG", 4, 10 },
	{ "2026-11.aktif", 119, 3745 },
	{ "2026-11.ditetapkan", 114, 3721 },
	{ "2026-11.mutasi.masuk", 30, 99 },
	{ "2026-11.mutasi.keluar", 5, 13 },
};

/* Every figure of a docs table against the manifests at scale 10 and 1000. */
static void
check_figures(const struct want *w, size_t n, const char *d10,
    const char *d1k)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ck_assert_msg(expected(d10, w[i].key) == w[i].v10,
		    "scale 10 %s: %ld, docs say %ld", w[i].key,
		    expected(d10, w[i].key), w[i].v10);
		ck_assert_msg(expected(d1k, w[i].key) == w[i].v1k,
		    "scale 1000 %s: %ld, docs say %ld", w[i].key,
		    expected(d1k, w[i].key), w[i].v1k);
	}
}

START_TEST(test_figures)
{
	check_figures(figures, sizeof figures / sizeof figures[0], dir10,
	    dir1k);
}
END_TEST

/* docs/gen.md, "Markers": things a test can grep for at scale 10. */
START_TEST(test_markers_10)
{
	static const char *const st[] = { ";NON AKTIF;", ";TIDAK AKTIF;",
	    ";KELUAR;", ";MENINGGAL;", ";7;", ";PENANGGUHAN;" };
	const char *p1 = "peserta-2026-10.csv", *p2 = "peserta-2026-11.csv";
	size_t i, len;
	char *buf;

	ck_assert_int_eq(file_lines_with(dir10, p1, "E+15"), 2);
	ck_assert_int_eq(file_lines_with(dir10, p2, "E+15"), 2);
	ck_assert_int_eq(file_lines_with(dir10, p1, "3,3"), 1);
	ck_assert_int_eq(file_lines_with(dir10, p1, ";JUMLAH;"), 1);
	buf = slurp(dir10, p1, &len);	/* the blank row */
	ck_assert_int_eq(lines_eq(buf, len, ";;;;;;;;;;;;;;\r"), 1);
	free(buf);
	ck_assert_int_eq(file_lines_with(dir10, p1, "PEMUDA NO. 7; RT"), 1);
	for (i = 0; i < sizeof st / sizeof st[0]; i++)
		ck_assert_msg(file_lines_with(dir10, p1, st[i]) >= 1,
		    "no %s", st[i]);
	ck_assert_int_eq(file_lines_with(dir10, p1, ";PBPU MANDIRI\r"), 3);
	ck_assert_int_eq(file_lines_with(dir10, p1, ";PBI APBN\r"), 1);
	ck_assert_int_eq(file_lines_with(dir10, p1, ";PPU\r"), 3);
	ck_assert_int_eq(file_lines_with(dir10, "usulan-2026-10.csv", "470/"),
	    2);
	ck_assert_int_eq(file_lines_with(dir10, "usulan-2026-11.csv",
	    ",MUTASI,"), 2);
	ck_assert_int_eq(file_lines_with(dir10, "usulan-2026-10.csv",
	    "\"DAFTAR USULAN") + file_lines_with(dir10, "usulan-2026-10.csv",
	    "DAFTAR USULAN PBPU PEMDA,"), 1);
	ck_assert_int_eq(file_lines_with(dir10, "kematian-2026-10.csv",
	    "31/04/"), 1);
	ck_assert_int_eq(file_lines_with(dir10, "segmen-pbi-apbn-2026-10.csv",
	    "\tNON AKTIF"), 1);
	ck_assert_int_eq(file_lines_with(dir10, "feedback-2026-10.csv",
	    "MENUNGGU VERIFIKASI"), 1);
	buf = slurp(dir10, "rusak/kematian-2026-11-nul.csv", &len);
	ck_assert_int_eq(count_byte(buf, len, 0), 1);
	free(buf);
	buf = slurp(dir10, "rusak/kematian-2026-11-kutip.csv", &len);
	ck_assert_int_eq(count_byte(buf, len, '"'), 1);
	free(buf);
}
END_TEST

/* Each feedback category pattern of rules.md §2 appears; one NIK twice. */
START_TEST(test_feedback_cases)
{
	const char *f = "feedback-2026-10.csv";
	size_t len;
	char *buf = slurp(dir10, f, &len), *p, *q, nik[17];
	long twice = 0;

	ck_assert_int_ge(file_lines_with(dir10, f, "DUKCAPIL"), 1);
	ck_assert_int_ge(file_lines_with(dir10, f, "tidak padan"), 1);
	ck_assert_int_ge(file_lines_with(dir10, f, "GANDA"), 1);
	ck_assert_int_ge(file_lines_with(dir10, f, "SEGMEN"), 1);
	ck_assert_int_ge(file_lines_with(dir10, f, "SUDAH TERDAFTAR"), 1);
	ck_assert_int_ge(file_lines_with(dir10, f, "MENINGGAL"), 1);
	ck_assert_int_ge(file_lines_with(dir10, f, "KUOTA"), 1);
	ck_assert_int_ge(file_lines_with(dir10, f, "TERBACA"), 1);
	ck_assert_int_ge(file_lines_with(dir10, f, ";TIDAK BERHASIL;;;\r"), 1);
	ck_assert_int_ge(file_lines_with(dir10, f, ";SUKSES;"), 1);
	ck_assert_int_ge(file_lines_with(dir10, f, ";DITOLAK;"), 1);
	/* NIKs of consecutive rows: the resubmitted one repeats at once. */
	for (p = buf; (q = strstr(p, "\r\n")) != NULL; p = q + 2) {
		char *s = strchr(q + 2, ';');

		if (s != NULL && strncmp(strchr(p, ';') + 1, s + 1, 16) == 0 &&
		    s[1] != ';') {
			memcpy(nik, s + 1, 16);
			nik[16] = '\0';
			twice++;
		}
	}
	ck_assert_int_eq(twice, 1);
	free(buf);
}
END_TEST

/* Every NIK in DTKS is valid, except the rows flagged invalid. */
START_TEST(test_niks_valid)
{
	size_t len;
	char *buf = slurp(dir1k, "dtks-2026-10.csv", &len), *line, *save;
	char nik[32];
	long bad = 0, rows = 0;

	for (line = strtok_r(strchr(buf, '\n') + 1, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		snprintf(nik, sizeof nik, "%.*s", (int)strcspn(line, "|"),
		    line);
		rows++;
		if (nik[0] != '\0' && !nik_valid(nik))
			bad++;
	}
	ck_assert_int_eq(rows, 4649);
	ck_assert_int_eq(bad, expected(dir1k,
	    "file.dtks-2026-10.csv.flag.NIK_TIDAK_VALID"));
	free(buf);
}
END_TEST

START_TEST(test_model)
{
	struct gen_opts o;
	struct gen_ctx c;
	char err[128], a[192], v[192], ka[192], kv[192], nik[17];
	int dob, y, m, d, i;

	ck_assert(gen_words_ok());
	/* pg_trgm's documented example: similarity('word', 'two words'). */
	ck_assert(fabs(gen_trgm_sim("WORD", "TWO WORDS") - 4.0 / 11) < 1e-9);
	ck_assert(gen_trgm_sim("KURNIA UTOMO PASARIBU",
	    "MULYADI RAMADAN SANTOSO") == 0.0);
	ck_assert(fabs(gen_trgm_sim("JOKO NOVIANTO SIMBOLON",
	    "DJOKO NOVIANTO SIMBOLON") - 21.0 / 26) < 1e-9);
	/* Excel's serial of 2023-11-01 is 45231. */
	gen_date(a, sizeof a, date_from_civil(2023, 11, 1), DF_SERIAL, 2026);
	ck_assert_str_eq(a, "45231");
	gen_date(a, sizeof a, date_from_civil(1985, 3, 7), DF_DMYY, 2026);
	ck_assert_str_eq(a, "07-03-85");
	gen_date(a, sizeof a, date_from_civil(2010, 3, 7), DF_DMYY, 2026);
	ck_assert_str_eq(a, "07-03-10");
	date_to_civil(date_from_civil(2028, 2, 29), &y, &m, &d);
	ck_assert(y == 2028 && m == 2 && d == 29);
	gen_nik_sci("3325010101900001", 0, a, sizeof a);
	ck_assert_str_eq(a, "3.32501E+15");
	gen_nik_sci("3325010101900001", 1, a, sizeof a);
	ck_assert_str_eq(a, "3,32501E+15");
	gen_nik_bad("3325010101900001", NV_PROV, a, sizeof a);
	ck_assert(!nik_valid(a) && strlen(a) == 16);
	gen_nik_bad("1101010101900001", NV_PROV, a, sizeof a);
	ck_assert(!nik_valid(a) && strlen(a) == 16);
	gen_opts_default(&o);
	o.outdir = "/tmp";
	ck_assert_int_eq(gen_ctx_init(&c, &o, err, sizeof err), 0);
	for (i = 0; i < 2000; i++) {
		gen_identity(&c, (uint64_t)i * 13, i & 1, i % 3 != 0, i % 5,
		    nik, &dob);
		ck_assert_msg(nik_valid(nik), "invalid NIK %s", nik);
		gen_name(&c, (uint64_t)i * 7, i & 1, a, sizeof a);
		if (gen_name_variant(a, v, sizeof v) == 0) {
			gen_nama_kunci(a, ka, sizeof ka);
			gen_nama_kunci(v, kv, sizeof kv);
			ck_assert(strcmp(ka, kv) != 0);
			ck_assert(gen_trgm_sim(ka, kv) >= 0.6);
		}
	}
	gen_nama_kunci("MUH. ALI\xe2\x80\x99 NUR'AINI", a, sizeof a);
	ck_assert_str_eq(a, "MUH ALI NUR AINI");
}
END_TEST

/* No two people share a NIK, a NOKA or a name (only planted cases do). */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

START_TEST(test_identities_unique)
{
	enum { N = 60000, W = 64 };
	struct gen_opts o;
	struct gen_ctx c;
	char err[128], *nik, *noka, *nama;
	int dob, i;

	gen_opts_default(&o);
	o.outdir = "/tmp";
	o.scale = GEN_SCALE_MAX;
	ck_assert_int_eq(gen_ctx_init(&c, &o, err, sizeof err), 0);
	nik = calloc(N, W);
	noka = calloc(N, W);
	nama = calloc(N, W);
	ck_assert(nik && noka && nama);
	for (i = 0; i < N; i++) {
		/* spread over the whole slot range, both sexes */
		uint64_t g = (uint64_t)i * 119 + (uint64_t)(i % 7);

		gen_identity(&c, g, 0, 1, 0, nik + i * W, &dob);
		gen_noka(&c, g, noka + i * W);
		gen_name(&c, g, 0, nama + i * W, W);
	}
	qsort(nik, N, W, cmp_str);
	qsort(noka, N, W, cmp_str);
	qsort(nama, N, W, cmp_str);
	for (i = 1; i < N; i++) {
		ck_assert_str_ne(nik + i * W, nik + (i - 1) * W);
		ck_assert_str_ne(noka + i * W, noka + (i - 1) * W);
		ck_assert_str_ne(nama + i * W, nama + (i - 1) * W);
	}
	free(nik);
	free(noka);
	free(nama);
}
END_TEST

/* docs/gen.md, "The third month": the headline figures of the default
 * three months (P-1, P, P+1) at scale 10 and 1000. */
static const struct want figures3[] = {
	{ "gen.keluarga", 125, 1823 },
	{ "kuota.saran.2026-10", 34, 91 },
	{ "kuota.saran.2026-11", 131, 3776 },
	{ "kuota.saran.2026-12", 157, 3823 },
	{ "kuota.rumus.2026-12.aktif_2026-11", 119, 3745 },
	{ "kuota.rumus.2026-12.menunggu_jawaban", 2, 3 },
	{ "kuota.rumus.2026-12.berhasil_belum_di_daftar", 5, 17 },
	{ "kuota.rumus.2026-12.diteruskan", 31, 58 },
	{ "2026-10.usulan.diteruskan", 34, 91 },
	{ "2026-10.usulan.menunggu_kuota", 2, 2 },
	{ "2026-10.sisa_dengan_kuota_saran", -55, -3544 },
	{ "2026-11.usulan.baris", 46, 82 },
	{ "2026-11.usulan.diteruskan", 13, 39 },
	{ "2026-11.usulan.dikembalikan", 11, 12 },
	{ "2026-11.usulan.menunggu_kuota", 22, 31 },
	{ "2026-11.usulan.dibawa", 2, 2 },
	{ "2026-11.tindak_lanjut.BELUM_MASUK_DAFTAR", 1, 1 },
	{ "2026-11.sisa_dengan_kuota_saran", 17, 55 },
	{ "2026-12.usulan.baris", 37, 68 },
	{ "2026-12.usulan.diteruskan", 31, 58 },
	{ "2026-12.usulan.dikembalikan", 3, 3 },
	{ "2026-12.usulan.menunggu_kuota", 3, 7 },
	{ "2026-12.usulan.dibawa", 22, 31 },
	{ "2026-12.usulan.kadaluwarsa", 1, 1 },
	{ "2026-12.usulan.kode.SUDAH_DITERUSKAN", 1, 1 },
	{ "2026-12.usulan.kode.MENINGGAL", 1, 1 },
	{ "2026-12.tindak_lanjut.TERLAMBAT_BPJS", 1, 2 },
	{ "2026-12.tindak_lanjut.BELUM_MASUK_DAFTAR", 2, 3 },
	{ "2026-12.feedback.berhasil", 30, 56 },
	{ "2026-12.feedback.gagal", 1, 2 },
	{ "2026-12.aktif", 123, 3760 },
	{ "2026-12.ditetapkan", 117, 3734 },
	{ "2026-12.mutasi.masuk", 4, 15 },
	{ "2026-12.mutasi.keluar", 1, 2 },
	{ "2026-12.sisa_dengan_kuota_saran", 40, 89 },
};

START_TEST(test_figures_three_months)
{
	check_figures(figures3, sizeof figures3 / sizeof figures3[0], dir10_3,
	    dir1k_3);
}
END_TEST

/*
 * The third month: its seven files, spelt as the first month's (headers,
 * line ends), counted in the manifest; the first two months' data files
 * are the same with --months 2 except for the families only three months
 * have; gen-konfig.conf says what the figures assume.
 */
START_TEST(test_third_month_files)
{
	static const char *const f3[] = { "dtks-2026-12.csv",
	    "usulan-2026-12.csv", "feedback-2026-12.csv",
	    "peserta-2026-12.csv", "segmen-pbi-apbn-2026-12.csv",
	    "segmen-pbi-apbd-prov-2026-12.csv", "kematian-2026-12.csv" };
	char key[128], path[512];
	size_t i, len;
	char *buf;
	struct stat sb;

	for (i = 0; i < sizeof f3 / sizeof f3[0]; i++) {
		buf = slurp(dir10_3, f3[i], &len);
		snprintf(key, sizeof key, "file.%s.baris_fisik", f3[i]);
		ck_assert_int_eq(expected(dir10_3, key),
		    count_byte(buf, len, '\n'));
		free(buf);
		snprintf(path, sizeof path, "%s/%s", dir10_3, f3[i]);
		ck_assert_int_eq(stat(path, &sb), 0);
		ck_assert_int_eq(sb.st_mode & 0777, 0640);
	}
	snprintf(path, sizeof path, "%s/dtks-2026-12.csv", dir10);
	ck_assert_int_eq(stat(path, &sb), -1);	/* --months 2: none */
	ck_assert_int_eq(file_lines_with(dir10_3, "peserta-2026-12.csv",
	    "NO KARTU;NIK;NO KK;NAMA;TGL LAHIR;JK;"), 1);
	ck_assert_int_eq(file_lines_with(dir10_3, "kematian-2026-12.csv",
	    "NO,NIK,NAMA,TEMPAT MENINGGAL,TGL MENINGGAL"), 1);
	ck_assert_int_eq(file_lines_with(dir10_3, "feedback-2026-12.csv",
	    "NO;NIK;NO KK;NAMA;TGL LAHIR;HASIL;NO KARTU;TMT;KETERANGAN"), 1);
	/* The dying waiter's death is reported in P+1's file. */
	ck_assert_int_ge(file_lines_with(dir10_3, "kematian-2026-12.csv",
	    "/12/2026") + file_lines_with(dir10_3, "kematian-2026-12.csv",
	    "2026-12-") + file_lines_with(dir10_3, "kematian-2026-12.csv",
	    "-12-2026") + file_lines_with(dir10_3, "kematian-2026-12.csv",
	    ".12.2026") + file_lines_with(dir10_3, "kematian-2026-12.csv",
	    "202612") + file_lines_with(dir10_3, "kematian-2026-12.csv",
	    "/12/26") + file_lines_with(dir10_3, "kematian-2026-12.csv",
	    "-12-26") + file_lines_with(dir10_3, "kematian-2026-12.csv",
	    ",46"), 1);
	ck_assert_int_eq(file_lines_with(dir10_3, "gen-konfig.conf",
	    "kuota.2026-12 = 157"), 1);
	ck_assert_int_eq(file_lines_with(dir10_3, "gen-konfig.conf",
	    "antrian_bulan = 1"), 1);
	ck_assert_int_eq(file_lines_with(dir10, "gen-konfig.conf",
	    "kuota.2026 = 129"), 1);
	ck_assert_int_eq(file_lines_with(dir10, "gen-konfig.conf",
	    "antrian_bulan"), 0);
}
END_TEST

/* ------------------------------------------- the population extract */

/*
 * sha256sum's line for each file, in the order given, and the SHA-256 of
 * all those lines: `(cd DIR && sha256sum FILE...) | sha256sum`.
 */
static void
digest(const char *dir, const char *const *names, size_t n, int with3,
    char hex[65])
{
	char *lines = NULL, line[256];
	size_t len = 0, i, k, total = n + (with3 ? NFILES3 : 0) + 1;
	unsigned char md[32], all[32];
	unsigned int mdlen = 32;
	const char *name;

	for (i = 0; i < total; i++) {
		name = i < n ? names[i] : i == n ? "gen-konfig.conf" :
		    files3[i - n - 1];
		sha256(dir, name, md);
		for (k = 0; k < 32; k++)
			snprintf(line + 2 * k, 3, "%02x", md[k]);
		snprintf(line + 64, sizeof line - 64, "  %s\n", name);
		lines = realloc(lines, len + strlen(line) + 1);
		ck_assert_ptr_nonnull(lines);
		memcpy(lines + len, line, strlen(line) + 1);
		len += strlen(line);
	}
	ck_assert(EVP_Digest(lines, len, all, &mdlen, EVP_sha256(), NULL) ==
	    1);
	for (k = 0; k < 32; k++)
		snprintf(hex + 2 * k, 3, "%02x", all[k]);
	free(lines);
}

/*
 * Without --kependudukan gen writes what it wrote before the option
 * existed, byte for byte: the digests of every file (data, rusak/ and the
 * three manifests) as the gen of commit 5a98113 wrote them, seed 1. When gen
 * is changed on purpose, these change with it (docs/gen.md says how).
 */
START_TEST(test_unchanged_without_extract)
{
	static const struct {
		const char	*dir;
		int		 with3;
		const char	*want;
	} g[4] = {
		{ dir10, 0, "6d8139ebc13eff499fc8daf566fa5a7ad778aa822b8ed7952ea321d1455323b0" },
		{ dir1k, 0, "2c7cb679ec2241b1a0af182bef2b3f880f20adbd950753cb39a42e0f70c4fe2b" },
		{ dir10_3, 1, "2664bb3759e5c9e8cc8e5b79d7729bdc954153b29e08c5b6b0ebb1abee28abc8" },
		{ dir1k_3, 1, "8bb3fea3488065721c402c9dd08c6efd283f30286d841eda6c63dff5b23192bb" },
	};
	char hex[65], path[512];
	size_t i;

	for (i = 0; i < 4; i++) {
		digest(g[i].dir, files, NFILES, g[i].with3, hex);
		ck_assert_msg(strcmp(hex, g[i].want) == 0, "%s: files differ "
		    "from before --kependudukan (digest %s)", g[i].dir, hex);
		snprintf(path, sizeof path, "%s/%s", g[i].dir, KEP_FILE);
		ck_assert_int_eq(access(path, F_OK), -1);
		/* Nor anything of --ganda (the digests above hold its
		 * absence for every other file). */
		snprintf(path, sizeof path, "%s/gen-ganda.txt", g[i].dir);
		ck_assert_int_eq(access(path, F_OK), -1);
		ck_assert_int_eq(file_lines_with(g[i].dir, "gen-harapan.txt",
		    "ganda."), 0);
		ck_assert_int_eq(file_lines_with(g[i].dir, "gen-harapan.txt",
		    "GANDA_NAMA"), 0);
	}
	snprintf(path, sizeof path, "%s/gen-ganda.txt", kep10);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(file_lines_with(dir10_3, "gen-harapan.txt",
	    "BUKAN_PENDUDUK"), 0);
	ck_assert_int_eq(file_lines_with(dir10_3, "gen-harapan.txt",
	    "kelebihan_bayar"), 0);
}
END_TEST

/* With it: the same files again on a second run, the extract among them,
 * every one 0640. */
START_TEST(test_extract_deterministic)
{
	char again[64], path[512];
	unsigned char a[32], b[32];
	struct stat sb;
	size_t i;

	gen_into_opts(again, sizeof again, 10, 1, 3, 1);
	for (i = 0; i < NFILES + NFILES3 + 2; i++) {
		const char *name = i < NFILES ? files[i] : i < NFILES + NFILES3 ?
		    files3[i - NFILES] : i == NFILES + NFILES3 ?
		    "gen-konfig.conf" : KEP_FILE;

		sha256(kep10, name, a);
		sha256(again, name, b);
		ck_assert_msg(memcmp(a, b, 32) == 0, "%s differs between runs",
		    name);
		snprintf(path, sizeof path, "%s/%s", kep10, name);
		ck_assert_int_eq(stat(path, &sb), 0);
		ck_assert_msg((sb.st_mode & 0777) == 0640, "%s mode %o", name,
		    sb.st_mode & 0777);
	}
	rm_tree(again);
}
END_TEST

/*
 * The extract's families come after all others: every data file without
 * the option is the start of the same file with it (the planted people's
 * rows follow), and every key gen-harapan.txt had is still there.
 */
START_TEST(test_extract_appends)
{
	size_t i, la, lb, klen;
	char *a, *b, *p, *nl, key[256];

	for (i = 0; i < NFILES + NFILES3; i++) {
		const char *name = i < NFILES ? files[i] : files3[i - NFILES];

		if (strncmp(name, "gen-", 4) == 0)
			continue;
		a = slurp(dir10_3, name, &la);
		b = slurp(kep10, name, &lb);
		ck_assert_msg(la <= lb && memcmp(a, b, la) == 0,
		    "%s: not the file without the extract, extended", name);
		free(a);
		free(b);
	}
	a = slurp(dir10_3, "gen-harapan.txt", &la);
	for (p = a; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		if (*p == '#' || *p == '\n' || strstr(p, " = ") == NULL ||
		    strstr(p, " = ") > nl)
			continue;
		klen = (size_t)(strstr(p, " = ") - p);
		snprintf(key, sizeof key, "%.*s", (int)klen, p);
		(void)expected(kep10, key);	/* fails when absent */
	}
	free(a);
}
END_TEST

/* docs/gen.md, "The population extract": its figures at scale 10 and
 * 1000, three months. */
static const struct want figures_kep[] = {
	{ "gen.keluarga", 142, 1845 },
	{ "file.kependudukan-2026-10.csv.baris_data", 244, 5119 },
	{ "file.kependudukan-2026-10.csv.ditolak.NIK_KOSONG", 1, 1 },
	{ "kasus.KEP_MATI_TERLAMBAT", 3, 3 },
	{ "2026-10.flag.BUKAN_PENDUDUK", 5, 12 },
	{ "2026-10.flag.DATA_BEDA_DUKCAPIL", 7, 17 },
	{ "2026-10.usulan.kode.BUKAN_PENDUDUK", 2, 2 },
	{ "2026-10.usulan.kode.DATA_BEDA_DUKCAPIL", 1, 1 },
	{ "2026-10.usulan.diteruskan", 37, 94 },
	{ "2026-10.usulan.dikembalikan", 8, 8 },
	{ "2026-10.usul_nonaktif", 4, 21 },
	{ "2026-10.kelebihan_bayar.jiwa", 0, 0 },
	{ "2026-11.flag.BUKAN_PENDUDUK", 5, 12 },
	{ "2026-11.flag.DATA_BEDA_DUKCAPIL", 7, 17 },
	{ "2026-11.usulan.kode.BUKAN_PENDUDUK", 1, 1 },
	{ "2026-11.usulan.kode.DATA_BEDA_DUKCAPIL", 1, 1 },
	{ "2026-11.usulan.dikembalikan", 13, 14 },
	{ "2026-11.usul_nonaktif", 6, 25 },
	{ "2026-11.kelebihan_bayar.jiwa", 1, 1 },
	{ "2026-11.kelebihan_bayar.rupiah", 37800, 37800 },
	{ "2026-11.iuran", 5754000, 157668000 },
	{ "2026-12.flag.DATA_BEDA_DUKCAPIL", 8, 18 },
	{ "2026-12.usul_nonaktif", 10, 30 },
	{ "2026-12.kelebihan_bayar.jiwa", 4, 4 },
	{ "2026-12.kelebihan_bayar.bulan", 6, 6 },
	{ "2026-12.kelebihan_bayar.rupiah", 239400, 239400 },
	{ "2026-12.kelebihan_bayar.jiwa_baru", 3, 3 },
	{ "2026-12.kelebihan_bayar.rupiah_baru", 201600, 201600 },
};

START_TEST(test_extract_figures)
{
	check_figures(figures_kep, sizeof figures_kep / sizeof figures_kep[0],
	    kep10, kep1k);
	/* Two months: the three late deaths are all claimed in P, P-1 each. */
	ck_assert_int_eq(expected(kep10_2, "2026-11.kelebihan_bayar.jiwa"), 3);
	ck_assert_int_eq(expected(kep10_2, "2026-11.kelebihan_bayar.rupiah"),
	    3 * 37800);
	ck_assert_int_eq(file_lines_with(kep10_2, "gen-konfig.conf",
	    "iuran_per_jiwa.2026-11 = 42000"), 1);
}
END_TEST

/* The extract's shape: SIAK's header, CRLF, a newborn on P-1's 1st. */
START_TEST(test_extract_file)
{
	static const char head[] = "NIK,NO KK,NAMA LGKP,TGL LHR,JENIS KLMIN,"
	    "NAMA KEC,NAMA KEL,ALAMAT,NO RT,NO RW\r\n";
	size_t len;
	char *buf = slurp(kep10, KEP_FILE, &len);

	ck_assert(strncmp(buf, head, strlen(head)) == 0);
	ck_assert_int_eq(count_byte(buf, len, '\n'), count_byte(buf, len,
	    '\r'));
	ck_assert(utf8_valid((unsigned char *)buf, len));
	ck_assert_int_eq(count_byte(buf, len, '\n'),
	    expected(kep10, "file.kependudukan-2026-10.csv.baris_fisik"));
	free(buf);
	/* The newborn (serial 9001, born 01-10-2026 or a woman's 41) is in
	 * P's list and not in the extract. */
	ck_assert_int_eq(file_lines_with(kep10, KEP_FILE, "10269001,"), 0);
	ck_assert_int_eq(file_lines_with(kep10, "peserta-2026-11.csv",
	    "10269001;"), 1);
	ck_assert_int_eq(file_lines_with(kep10, "gen-kasus.txt",
	    ";LAHIR_SESUDAH;"), 1);
}
END_TEST

static Suite *
gen_suite(void)
{
	Suite *s = suite_create("gen");
	TCase *tc = tcase_create("files");

	tcase_add_unchecked_fixture(tc, setup10, teardown10);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_determinism);
	tcase_add_test(tc, test_seed_differs);
	tcase_add_test(tc, test_files_and_modes);
	tcase_add_test(tc, test_outdir_created);
	tcase_add_test(tc, test_bad_options);
	tcase_add_test(tc, test_peserta_bom_crlf);
	tcase_add_test(tc, test_feedback_cp1252);
	tcase_add_test(tc, test_dtks_header);
	tcase_add_test(tc, test_line_counts_10);
	tcase_add_test(tc, test_expected_matches_files);
	tcase_add_test(tc, test_figures);
	tcase_add_test(tc, test_figures_three_months);
	tcase_add_test(tc, test_third_month_files);
	tcase_add_test(tc, test_markers_10);
	tcase_add_test(tc, test_feedback_cases);
	tcase_add_test(tc, test_niks_valid);
	tcase_add_test(tc, test_model);
	tcase_add_test(tc, test_identities_unique);
	tcase_add_test(tc, test_unchanged_without_extract);
	tcase_add_test(tc, test_extract_deterministic);
	tcase_add_test(tc, test_extract_appends);
	tcase_add_test(tc, test_extract_figures);
	tcase_add_test(tc, test_extract_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(gen_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
