/*
 * test_kinds.c — the input kinds are spelled once: the readers' kinds
 * (jobs/input/kinds.c) and the configuration's, which name the inbox
 * folders (lib/config.c), are the same list in the same order.
 */
#include <check.h>
#include <stdlib.h>

#include "config.h"
#include "kinds.h"

START_TEST(test_kinds_match_config)
{
	int k;

	ck_assert_int_eq(KIND__COUNT, SOURCE__COUNT);
	for (k = 0; k < KIND__COUNT; k++) {
		ck_assert_ptr_nonnull(config_source_kinds[k]);
		ck_assert_str_eq(kind_get((enum kind)k)->name, config_source_kinds[k]);
		ck_assert_ptr_eq(kind_by_name(config_source_kinds[k]), kind_get((enum kind)k));
	}
	ck_assert_ptr_null(config_source_kinds[KIND__COUNT]);
	ck_assert_ptr_null(kind_by_name("kependudukan_x"));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("kinds");
	TCase *tc = tcase_create("kinds");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_kinds_match_config);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
