/* test_util.c — util_mkdirs and util_errf. */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static char dir[] = "/tmp/rekon-test-util-XXXXXX";

static void
setup(void)
{
	strcpy(dir, "/tmp/rekon-test-util-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);	/* our own mkdtemp name */
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(mkdirs_nested)
{
	char p[PATH_MAX];
	struct stat sb;

	snprintf(p, sizeof p, "%s/a/b/c", dir);
	ck_assert_int_eq(util_mkdirs(p, 0750), 0);
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert(S_ISDIR(sb.st_mode));
	ck_assert_int_eq(sb.st_mode & 07777, 0750 & ~022 & 07777);
	/* Existing: fine, nothing changes. */
	ck_assert_int_eq(util_mkdirs(p, 0750), 0);
}
END_TEST

START_TEST(mkdirs_file_in_the_way)
{
	char p[PATH_MAX], q[PATH_MAX];
	FILE *fp;

	snprintf(p, sizeof p, "%s/f", dir);
	ck_assert_ptr_nonnull(fp = fopen(p, "w"));
	fclose(fp);
	errno = 0;
	ck_assert_int_eq(util_mkdirs(p, 0750), -1);
	ck_assert_int_eq(errno, ENOTDIR);
	snprintf(q, sizeof q, "%s/f/g", dir);
	ck_assert_int_eq(util_mkdirs(q, 0750), -1);
	ck_assert_int_eq(errno, ENOTDIR);
}
END_TEST

START_TEST(mkdirs_too_long)
{
	char p[PATH_MAX + 10];

	memset(p, 'a', sizeof p - 1);
	p[0] = '/';
	p[sizeof p - 1] = '\0';
	ck_assert_int_eq(util_mkdirs(p, 0750), -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
}
END_TEST

START_TEST(errf_formats_and_cuts)
{
	char e[8];

	util_errf(e, sizeof e, "%s: %d", "abc", 42);
	ck_assert_str_eq(e, "abc: 42");
	util_errf(e, sizeof e, "%s", "abcdefghij");
	ck_assert_str_eq(e, "abcdefg");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");
	SRunner *sr;
	int failed;

	umask(022);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, mkdirs_nested);
	tcase_add_test(tc, mkdirs_file_in_the_way);
	tcase_add_test(tc, mkdirs_too_long);
	tcase_add_test(tc, errf_formats_and_cuts);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
