/*
 * test_reports.c — what reports/ promises without a database:
 * report_safe_name, the folder and file names of kembali/ (outputs.md §4),
 * on the corpus tests/fixtures/nama_aman.txt (name TAB safe name), which
 * tests/integration/test_reports.sh holds the SQL twin rekon_nama_aman to
 * as well: kembali/'s writer relies on the two sorting alike.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

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
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
