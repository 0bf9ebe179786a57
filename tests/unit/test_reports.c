/*
 * test_reports.c — what reports/ promises without a database:
 * report_safe_name, the folder and file names of kembali/ (outputs.md §4),
 * on the corpus tests/fixtures/nama_aman.txt (name TAB safe name), which
 * tests/integration/test_reports.sh holds the SQL twin rekon_nama_aman to
 * as well: kembali/'s writer relies on the two sorting alike.  And the
 * digest of what a book prints (xs_digest_start; the SK chain's isi): the
 * same whenever made, another for any changed cell.
 */
#include <check.h>
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
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
