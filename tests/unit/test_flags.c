/*
 * test_flags.c — rules.md §3's flags, one table (lib/flags.c): the lists
 * each sheet, the JSON summary and sk_kecualikan read, exactly.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "flags.h"

static const struct {
	unsigned	 use;
	const char	*want;
} arrays[] = {
	{ 0, "{GANDA_NIK,GANDA_NOKA,SEGMEN_LAIN,MENINGGAL,NIK_TIDAK_VALID,"
	    "BUKAN_DTKS,DATA_BERBEDA,KEMUNGKINAN_GANDA,GANDA_ORANG,"
	    "BUKAN_PENDUDUK,DATA_BEDA_DUKCAPIL,TIDAK_DITETAPKAN,"
	    "STATUS_TIDAK_AKTIF,HILANG}" },
	{ FLAG_ROW, "{GANDA_NIK,GANDA_NOKA,SEGMEN_LAIN,MENINGGAL,"
	    "NIK_TIDAK_VALID,BUKAN_DTKS,DATA_BERBEDA,KEMUNGKINAN_GANDA,"
	    "GANDA_ORANG,BUKAN_PENDUDUK,DATA_BEDA_DUKCAPIL,TIDAK_DITETAPKAN,STATUS_TIDAK_AKTIF}" },
	{ FLAG_GANDA, "{GANDA_NIK,GANDA_NOKA,SEGMEN_LAIN,KEMUNGKINAN_GANDA,"
	    "GANDA_ORANG}" },
	{ FLAG_SELISIH, "{MENINGGAL,NIK_TIDAK_VALID,BUKAN_DTKS,DATA_BERBEDA,"
	    "BUKAN_PENDUDUK,DATA_BEDA_DUKCAPIL,TIDAK_DITETAPKAN,"
	    "STATUS_TIDAK_AKTIF}" },
	{ FLAG_SK_ALLOWED, "{SEGMEN_LAIN,MENINGGAL,NIK_TIDAK_VALID,BUKAN_DTKS,"
	    "DATA_BERBEDA,KEMUNGKINAN_GANDA,GANDA_ORANG,BUKAN_PENDUDUK,"
	    "DATA_BEDA_DUKCAPIL,TIDAK_DITETAPKAN}" },
	{ FLAG_SK_REFUSED, "{GANDA_NIK,GANDA_NOKA,STATUS_TIDAK_AKTIF}" },
	{ FLAG_GANDA | FLAG_SK_REFUSED, "{GANDA_NIK,GANDA_NOKA}" },
};

START_TEST(test_array)
{
	char buf[512];

	ck_assert_int_eq(flags_array(arrays[_i].use, buf, sizeof buf), 0);
	ck_assert_str_eq(buf, arrays[_i].want);
}
END_TEST

START_TEST(test_array_too_small)
{
	char buf[16];

	ck_assert_int_eq(flags_array(FLAG_GANDA, buf, sizeof buf), -1);
	ck_assert_int_eq(flags_array(FLAG_GANDA, buf, 2), -1);
}
END_TEST

START_TEST(test_list)
{
	const char *out[16], *small[3];

	ck_assert_uint_eq(flags_list(FLAG_SK_REFUSED, out, 16), 3);
	ck_assert_str_eq(out[0], "GANDA_NIK");
	ck_assert_str_eq(out[2], "STATUS_TIDAK_AKTIF");
	ck_assert_ptr_null(out[3]);
	/* A short list keeps its NULL: two codes, then the end. */
	ck_assert_uint_eq(flags_list(FLAG_ROW, small, 3), 2);
	ck_assert_str_eq(small[1], "GANDA_NOKA");
	ck_assert_ptr_null(small[2]);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("flags");
	TCase *tc = tcase_create("flags");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_array, 0, sizeof arrays / sizeof arrays[0]);
	tcase_add_test(tc, test_array_too_small);
	tcase_add_test(tc, test_list);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
