/*
 * test_reports.c — what reports/ promises without a database:
 * report_safe_name, the folder and file names of kembali/ (outputs.md §4),
 * on the corpus tests/fixtures/nama_aman.txt (name TAB safe name), which
 * tests/integration/test_reports.sh holds the SQL twin rekon_nama_aman to
 * as well: kembali/'s writer relies on the two sorting alike.  And the
 * digest of what a book prints (xs_digest_start; the SK chain's isi): the
 * same whenever made, another for any changed cell.  And the printed
 * page's arithmetic (xlsx_sheet.h): column pixels, Excel's fit-to-width
 * scale, rows a page holds, lines of wrapped text, and where the SK lampiran's pages break so its
 * last page never holds the signature alone.  And the zip's compression
 * level (XS_ZIP_LEVEL, xlsx_sheet.c's deflateInit2_): a book's sheet is
 * deflated at that level, any other zlib user at the level it asks.
 */
#include <check.h>
#include <zip.h>
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "xlsx_sheet.h"

START_TEST(test_safe_name_corpus)
{
	/* The corpus, found from this file's path (make runs the tests from
	 * the repository root; __FILE__ is then relative to it). */
	const char *f = __FILE__, *t = strstr(f, "tests/unit/");
	char path[4096], line[2048], out[104], *tab;
	FILE *fp;
	int n = 0;

	snprintf(path, sizeof path, "%.*stests/fixtures/nama_aman.txt",
	    t != NULL ? (int)(t - f) : 0, f);
	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "no %s", path);
	while (fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		ck_assert_ptr_nonnull(tab = strchr(line, '\t'));
		*tab = '\0';
		report_safe_name(line, out, sizeof out);
		ck_assert_msg(strcmp(out, tab + 1) == 0, "\"%s\": \"%s\", not "
		    "\"%s\"", line, out, tab + 1);
		n++;
	}
	fclose(fp);
	ck_assert_int_ge(n, 15);
}
END_TEST

START_TEST(test_safe_name_small_buffer)
{
	char out[4];

	report_safe_name("abcdef", out, sizeof out);
	ck_assert_str_eq(out, "ABC");
	report_safe_name(NULL, out, sizeof out);
	ck_assert_str_eq(out, "_");
}
END_TEST

/* A small book (a title-block sheet and a heading sheet, as the SK's) made
 * at made, with cell as one of its values: its xs_digest. */
static void
book_digest(const char *made, const char *cell, char hex[65])
{
	static const struct xs_col cols[] = { { "NIK", XS_ID },
	    { "NAMA", XS_TEXT }, { "TGL LAHIR", XS_DATE } };
	const char *heading[2] = { "LAMPIRAN", "NOMOR : 440/1" };
	const char *row[3] = { "3325010101700001", cell, "1970-01-01" };
	struct xs_info info = { .office = "Dinas Kesehatan", .region = "Uji",
	    .period_label = "November 2026", .made = made };
	char path[] = "/tmp/rekon-test-digest-XXXXXX";
	struct xs_book b;
	struct xs_sheet sa, sb;
	int fd;

	ck_assert_int_ne(fd = mkstemp(path), -1);
	close(fd);
	ck_assert_int_eq(xs_open_book(&b, path, &info), XS_OK);
	ck_assert_int_eq(xs_digest_start(&b), XS_OK);
	ck_assert_int_eq(xs_add_sheet(&b, &sa, "Daftar", "Daftar"), XS_OK);
	ck_assert_int_eq(xs_start_table(&sa, NULL, cols, 3, XS_FILTER), XS_OK);
	ck_assert_int_eq(xs_write_row(&sa, row), XS_OK);
	ck_assert_int_eq(xs_close_sheet(&sa), XS_OK);
	ck_assert_int_eq(xs_add_sheet_heading(&b, &sb, "Lampiran", heading, 2),
	    XS_OK);
	ck_assert_int_eq(xs_write_line(&sb, 2, "Jumlah: 1 jiwa", XS_BOLD), XS_OK);
	ck_assert_int_eq(xs_close_sheet(&sb), XS_OK);
	ck_assert_int_eq(xs_digest_hex(&b, hex), XS_OK);
	ck_assert_int_eq(xs_close_book(&b), XS_OK);
	unlink(path);
}

START_TEST(test_digest_what_is_printed)
{
	char a[65], b[65], c[65], d[65];

	book_digest("1 Desember 2026 pukul 09.00 WIB", "BUDI", a);
	book_digest("7 Desember 2026 pukul 11.41 WIB", "BUDI", b);
	book_digest("7 Desember 2026 pukul 11.41 WIB", "BUDl", c);
	book_digest("7 Desember 2026 pukul 11.41 WIB", "BUDI ", d);
	ck_assert_uint_eq(strlen(a), 64);
	ck_assert_msg(strcmp(a, b) == 0, "the made time changed the digest");
	ck_assert_msg(strcmp(b, c) != 0, "a changed name left the digest");
	ck_assert_msg(strcmp(b, d) != 0, "a trailing space left the digest");
}
END_TEST

START_TEST(test_digest_not_started)
{
	struct xs_info info = { .made = "" };
	char path[] = "/tmp/rekon-test-digest-XXXXXX", hex[65];
	struct xs_book b;
	int fd;

	ck_assert_int_ne(fd = mkstemp(path), -1);
	close(fd);
	ck_assert_int_eq(xs_open_book(&b, path, &info), XS_OK);
	ck_assert_int_eq(xs_digest_hex(&b, hex), XS_EUSAGE);
	ck_assert_str_eq(hex, "");
	xs_close_book(&b);
	unlink(path);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The zip's compression level */

/* The size of data deflated raw (as a zip entry is: windowBits -15, zlib's
 * memLevel 8) at level, through deflateInit2 as any zlib user calls it. */
static unsigned long
deflated_size(const unsigned char *data, size_t len, int level)
{
	z_stream z;
	unsigned char out[65536];
	unsigned long n = 0;
	int rc;

	memset(&z, 0, sizeof z);
	ck_assert_int_eq(deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)data;
	z.avail_in = (uInt)len;
	do {
		z.next_out = out;
		z.avail_out = sizeof out;
		rc = deflate(&z, Z_FINISH);
		ck_assert_int_ne(rc, Z_STREAM_ERROR);
		n += sizeof out - z.avail_out;
	} while (rc != Z_STREAM_END);
	deflateEnd(&z);
	return n;
}

/* A book of 20,000 rows: its sheet's part is as large as XS_ZIP_LEVEL
 * makes it, not as zlib's default does; outside a book, deflateInit2 with
 * Z_DEFAULT_COMPRESSION is zlib's default still (level 6). */
START_TEST(test_zip_level)
{
	static const struct xs_col cols[] = { { "NIK", XS_ID },
	    { "NAMA", XS_TEXT }, { "TGL LAHIR", XS_DATE } };
	struct xs_info info = { .office = "Dinas Kesehatan", .region = "Uji",
	    .period_label = "November 2026", .made = "" };
	char path[] = "/tmp/rekon-test-zip-XXXXXX", nik[24], nama[40];
	const char *row[3] = { nik, nama, "1970-01-01" };
	struct xs_book b;
	struct xs_sheet sa;
	struct zip_stat st;
	zip_t *za;
	zip_file_t *zf;
	unsigned char *data;
	unsigned long fast, normal;
	int fd, i, err;

	ck_assert_int_ne(fd = mkstemp(path), -1);
	close(fd);
	ck_assert_int_eq(xs_open_book(&b, path, &info), XS_OK);
	ck_assert_int_eq(xs_add_sheet(&b, &sa, "Daftar", "Daftar"), XS_OK);
	ck_assert_int_eq(xs_start_table(&sa, NULL, cols, 3, XS_FILTER), XS_OK);
	for (i = 0; i < 20000; i++) {
		snprintf(nik, sizeof nik, "33250101%08u",
		    (unsigned)i * 7919u % 100000000u);
		snprintf(nama, sizeof nama, "WARGA %d BINTI %d", i * 31 % 977, i % 13);
		ck_assert_int_eq(xs_write_row(&sa, row), XS_OK);
	}
	ck_assert_int_eq(xs_close_sheet(&sa), XS_OK);
	ck_assert_int_eq(xs_close_book(&b), XS_OK);

	ck_assert_ptr_nonnull(za = zip_open(path, ZIP_RDONLY, &err));
	zip_stat_init(&st);
	ck_assert_int_eq(zip_stat(za, "xl/worksheets/sheet1.xml", 0, &st), 0);
	ck_assert_ptr_nonnull(data = malloc(st.size));
	ck_assert_ptr_nonnull(zf = zip_fopen(za, "xl/worksheets/sheet1.xml", 0));
	ck_assert_int_eq(zip_fread(zf, data, st.size), (zip_int64_t)st.size);
	zip_fclose(zf);
	zip_close(za);
	unlink(path);

	fast = deflated_size(data, st.size, XS_ZIP_LEVEL);
	normal = deflated_size(data, st.size, 6);
	ck_assert_msg(fast != normal, "the levels give one size (%lu)", fast);
	ck_assert_msg(st.comp_size == fast, "the sheet deflated to %lu bytes, "
	    "%lu at level %d, %lu at 6", (unsigned long)st.comp_size, fast,
	    XS_ZIP_LEVEL, normal);
	ck_assert_uint_eq(deflated_size(data, st.size, Z_DEFAULT_COMPRESSION),
	    normal);
	free(data);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The printed page */

START_TEST(test_col_pixels)
{
	ck_assert_int_eq(xs_col_pixels(8.43), 64);	/* Excel's default */
	ck_assert_int_eq(xs_col_pixels(18), 131);
	ck_assert_int_eq(xs_col_pixels(1), 12);
	ck_assert_int_eq(xs_col_pixels(0.5), 6);
	ck_assert_int_eq(xs_col_pixels(0), 0);
}
END_TEST

START_TEST(test_paper)
{
	double w, h;

	/* 13 x 8.5 in less 0.5 in left and right, 0.75 top and bottom */
	xs_paper_pt(XS_PAPER_FOLIO, &w, &h);
	ck_assert(w > 863.99 && w < 864.01);
	ck_assert(h > 503.99 && h < 504.01);
	xs_paper_pt(XS_PAPER_A4, &w, &h);	/* 11.69 x 8.27 in */
	ck_assert(w > 769.67 && w < 769.69);
	ck_assert(h > 487.43 && h < 487.45);
	xs_paper_pt(0, &w, &h);			/* the printer's: as A4 */
	ck_assert(h > 487.43 && h < 487.45);
}
END_TEST

START_TEST(test_fit_scale)
{
	/* The SK lampiran of test_print.sh: 1516 px = 1137 pt of columns;
	 * with the empty column its heading takes in, 1580 px. */
	static const double sk[13] = { 6, 16, 18, 18, 33, 13, 6, 44, 16, 13,
	    13, 12, 8.43 };
	static const double narrow[2] = { 6, 20 };
	static const double huge[1] = { 2000 };

	ck_assert_int_eq(xs_fit_scale(835.2, sk, 12), 73);
	ck_assert_int_eq(xs_fit_scale(835.2, sk, 13), 70);
	ck_assert_int_eq(xs_fit_scale(740.88, sk, 12), 65);
	ck_assert_int_eq(xs_fit_scale(864, sk, 12), 75);	/* 0.5 in margins */
	ck_assert_int_eq(xs_fit_scale(835.2, narrow, 2), 100);	/* never larger */
	ck_assert_int_eq(xs_fit_scale(835.2, huge, 1), 10);	/* Excel's least */
	ck_assert_int_eq(xs_fit_scale(835.2, NULL, 0), 100);
}
END_TEST

START_TEST(test_page_rows)
{
	ck_assert_int_eq(xs_page_rows(504, 15.75, 75), 42);	/* F4 */
	ck_assert_int_eq(xs_page_rows(504, 15.75, 100), 32);
	ck_assert_int_eq(xs_page_rows(487.44, 15.75, 78), 39);	/* A4 */
	ck_assert_int_eq(xs_page_rows(504, 15.75, 0), 0);
	ck_assert_int_eq(xs_page_rows(504, 0, 75), 0);
}
END_TEST

/* xs_wrap_lines: text in a column of width characters (2 of them room). */
static const struct {
	const char	*text;
	int		 width, lines;
} wrap_cases[] = {
	{ "", 42, 1 },
	{ "NIK ada di 2 baris", 42, 1 },
	/* 58 characters in 40: two lines, words whole */
	{ "tgl_lahir 1980-01-01 di DTKS, 1980-01-02 di daftar BPJS ok", 42, 2 },
	{ "JENIS USULAN", 8, 2 },		/* a header at its longest word */
	{ "NO", 4, 1 },
	{ "NIK_TIDAK_VALID, BUKAN_DTKS", 22, 2 },
	{ "STATUS_TIDAK_AKTIF", 22, 1 },
	{ "ABCDEFGHIJ", 7, 2 },			/* a word longer than a line */
	{ "ABCDEFGHIJKLMNO", 7, 3 },
	{ "AB ABCDEFGHIJ", 7, 3 },
	{ "  JL.  MAWAR  ", 7, 2 },		/* spaces do not count twice */
	{ "\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9", 8, 1 },	/* characters, not bytes */
	{ "x", 0, 1 },
};

START_TEST(test_wrap_lines)
{
	ck_assert_msg(xs_wrap_lines(wrap_cases[_i].text, wrap_cases[_i].width) ==
	    wrap_cases[_i].lines, "\"%s\" in %d: %d lines, not %d",
	    wrap_cases[_i].text, wrap_cases[_i].width,
	    xs_wrap_lines(wrap_cases[_i].text, wrap_cases[_i].width),
	    wrap_cases[_i].lines);
}
END_TEST

/* xs_keep_breaks: the list's rows, the rows page 1 and later pages hold,
 * the tail (Jumlah and the signature: 15 rows), keep, max; the breaks. */
static const struct {
	const char	*what;
	long		 rows, first, per, tail, keep;
	int		 max;
	int		 n;
	long		 brk[8];
} keep_cases[] = {
	{ "all on page 1", 10, 34, 41, 15, 3, 8, 0, { 0 } },
	{ "the tail just fits page 1", 19, 34, 41, 15, 3, 8, 0, { 0 } },
	{ "page 1 holds the rows, not the tail", 30, 34, 41, 15, 3, 8, 1,
	  { 27 } },
	/* Two exactly full pages: a break every page alone would leave the
	 * signature alone on page 3. */
	{ "first + per exactly", 75, 34, 41, 15, 3, 8, 2, { 34, 72 } },
	{ "one row over two full pages", 76, 34, 41, 15, 3, 8, 2, { 34, 73 } },
	{ "two rows over", 77, 34, 41, 15, 3, 8, 2, { 34, 74 } },
	{ "three rows over: every page full", 78, 34, 41, 15, 3, 8, 2,
	  { 34, 75 } },
	{ "the last rows and the tail fill the page", 101, 34, 41, 15, 3, 8,
	  2, { 34, 75 } },
	{ "one more: the tail no longer fits", 102, 34, 41, 15, 3, 8, 3,
	  { 34, 75, 99 } },
	{ "test_print.sh's 308 rows", 308, 34, 41, 15, 3, 8, 8,
	  { 34, 75, 116, 157, 198, 239, 280, 305 } },
	{ "the last max breaks only", 1000, 10, 10, 5, 3, 4, 4,
	  { 970, 980, 990, 997 } },
	{ "page 1 holds no list row", 5, 0, 41, 15, 3, 8, 1, { 0 } },
	{ "fewer rows than keep, page 1 too small", 2, 10, 41, 15, 3, 8, 0,
	  { 0 } },
	{ "keep and tail do not fit a page", 100, 34, 17, 15, 3, 8, 0, { 0 } },
	{ "no page", 100, 34, 0, 15, 3, 8, 0, { 0 } },
	{ "an empty list", 0, 34, 41, 15, 3, 8, 0, { 0 } },
};

START_TEST(test_keep_breaks)
{
	long brk[8];
	int n, i;

	memset(brk, 0, sizeof brk);
	n = xs_keep_breaks(keep_cases[_i].rows, keep_cases[_i].first,
	    keep_cases[_i].per, keep_cases[_i].tail, keep_cases[_i].keep, brk,
	    keep_cases[_i].max);
	ck_assert_msg(n == keep_cases[_i].n, "%s: %d breaks, not %d",
	    keep_cases[_i].what, n, keep_cases[_i].n);
	for (i = 0; i < n; i++)
		ck_assert_msg(brk[i] == keep_cases[_i].brk[i], "%s: break %d at"
		    " %ld, not %ld", keep_cases[_i].what, i, brk[i],
		    keep_cases[_i].brk[i]);
}
END_TEST

/* Whatever the list's length, no page holds more than it can, the last
 * holds at least keep rows (or all) and its tail: the property the table
 * samples. */
START_TEST(test_keep_breaks_any_length)
{
	long brk[XS_MAX_BREAKS], rows, start, on_last;
	int n, i;

	for (rows = 1; rows <= 400; rows++) {
		n = xs_keep_breaks(rows, 34, 41, 15, 3, brk, XS_MAX_BREAKS);
		for (i = 0, start = 0; i < n; i++) {
			ck_assert_msg(brk[i] > start || (i == 0 && brk[i] == 0),
			    "%ld rows: break %d at %ld", rows, i, brk[i]);
			ck_assert_msg(brk[i] - start <= (i == 0 ? 34 : 41),
			    "%ld rows: page %d holds %ld", rows, i + 1,
			    brk[i] - start);
			start = brk[i];
		}
		on_last = rows - start;
		ck_assert_msg(on_last >= (rows < 3 ? rows : 3), "%ld rows: %ld"
		    " on the last page", rows, on_last);
		ck_assert_msg(on_last + 15 <= (n > 0 ? 41 : 34), "%ld rows: the"
		    " last page overflows (%ld + 15)", rows, on_last);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("reports");
	TCase *tc = tcase_create("names");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_safe_name_corpus);
	tcase_add_test(tc, test_safe_name_small_buffer);
	suite_add_tcase(s, tc);
	tc = tcase_create("digest");
	tcase_add_test(tc, test_digest_what_is_printed);
	tcase_add_test(tc, test_digest_not_started);
	suite_add_tcase(s, tc);
	tc = tcase_create("zip");
	tcase_add_test(tc, test_zip_level);
	suite_add_tcase(s, tc);
	tc = tcase_create("page");
	tcase_add_test(tc, test_col_pixels);
	tcase_add_test(tc, test_paper);
	tcase_add_test(tc, test_fit_scale);
	tcase_add_test(tc, test_page_rows);
	tcase_add_loop_test(tc, test_wrap_lines, 0,
	    (int)(sizeof wrap_cases / sizeof wrap_cases[0]));
	tcase_add_loop_test(tc, test_keep_breaks, 0,
	    (int)(sizeof keep_cases / sizeof keep_cases[0]));
	tcase_add_test(tc, test_keep_breaks_any_length);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
