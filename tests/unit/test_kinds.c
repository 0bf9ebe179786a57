/*
 * test_kinds.c — the input kinds are spelled once: the readers' kinds
 * (jobs/input/kinds.c) and the configuration's, which name the inbox
 * folders (lib/config.c), are the same list in the same order.
 */
#include <check.h>
#include <stdlib.h>

#include "clean.h"
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

/* The Calon Ganda sheet's header names each row's NIK, NAMA ... (a DTKS's
 * columns, more of them) and KUNCI A, KUNCI B, KEPUTUSAN: it is keputusan. */
START_TEST(test_keputusan_header)
{
	char *calon[] = { "NO", "KELOMPOK", "PELUANG", "NIK", "NAMA",
	    "TGL LAHIR", "JK", "NO KK", "KELURAHAN", "NIK", "NAMA", "KEPUTUSAN",
	    "KUNCI A", "KUNCI B" };
	char *plain[] = { "Kunci_A", "kunci b", "Keputusan" };
	char *half[] = { "KUNCI A", "KEPUTUSAN", "NIK", "NAMA" };
	char tied[128];
	int k_n, best_n;

	ck_assert_ptr_eq(kind_best(calon, 14, tied, sizeof tied),
	    kind_get(KIND_KEPUTUSAN));
	ck_assert_ptr_eq(kind_best(plain, 3, tied, sizeof tied),
	    kind_get(KIND_KEPUTUSAN));
	/* Without KUNCI B it is no decision (a DTKS or a segmen list alike). */
	ck_assert_ptr_null(kind_best(half, 4, tied, sizeof tied));
	ck_assert_str_eq(tied, "dtks, segmen");
	ck_assert_ptr_null(kind_fits_better(kind_get(KIND_KEPUTUSAN), calon, 14,
	    &k_n, &best_n));
	ck_assert_int_eq(k_n, 3);
}
END_TEST

START_TEST(test_clean_keputusan)
{
	ck_assert_str_eq(clean_keputusan("SAMA"), "SAMA");
	ck_assert_str_eq(clean_keputusan(" ya "), "SAMA");
	ck_assert_str_eq(clean_keputusan("s"), "SAMA");
	ck_assert_str_eq(clean_keputusan("Beda"), "BEDA");
	ck_assert_str_eq(clean_keputusan("TIDAK"), "BEDA");
	ck_assert_str_eq(clean_keputusan("b"), "BEDA");
	ck_assert_ptr_null(clean_keputusan("MUNGKIN"));
	ck_assert_ptr_null(clean_keputusan("SAMA SAJA"));
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
	tcase_add_test(tc, test_keputusan_header);
	tcase_add_test(tc, test_clean_keputusan);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
