/*
 * test_period.c — periods: parsing, file names, the current month in a
 * time zone, arithmetic and labels. Tables of exact expected values.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"

#define N(a)	((int)(sizeof(a) / sizeof((a)[0])))

static const struct {
	const char	*in;
	int		 ok, y, m;
} parse_cases[] = {
	{ "2026-11", 1, 2026, 11 },
	{ "2026-01", 1, 2026, 1 },
	{ "1900-01", 1, 1900, 1 },
	{ "2199-12", 1, 2199, 12 },
	{ "1899-12", 0, 0, 0 },
	{ "2200-01", 0, 0, 0 },
	{ "2026-13", 0, 0, 0 },
	{ "2026-00", 0, 0, 0 },
	{ "2026-1", 0, 0, 0 },
	{ "2026/11", 0, 0, 0 },
	{ "2026_11", 0, 0, 0 },
	{ "202611", 0, 0, 0 },
	{ "2026-11 ", 0, 0, 0 },
	{ " 2026-11", 0, 0, 0 },
	{ "2026-11-01", 0, 0, 0 },
	{ "20a6-11", 0, 0, 0 },
	{ "abcd-ef", 0, 0, 0 },
	{ "", 0, 0, 0 },
};

START_TEST(test_parse)
{
	int y = 0, m = 0, ok;

	ok = period_parse(parse_cases[_i].in, &y, &m);
	ck_assert_msg(ok == parse_cases[_i].ok && y == parse_cases[_i].y &&
	    m == parse_cases[_i].m, "case %d [%s]: got %d %d %d", _i,
	    parse_cases[_i].in, ok, y, m);
}
END_TEST

START_TEST(test_parse_null)
{
	ck_assert_int_eq(period_parse(NULL, NULL, NULL), 0);
	ck_assert_int_eq(period_parse("2026-11", NULL, NULL), 1);
}
END_TEST

static const struct {
	const char	*name;
	const char	*want;		/* "" when none */
} file_cases[] = {
	/* Numeric forms. */
	{ "peserta-2026-11.csv", "2026-11" },
	{ "peserta_2026_11.xlsx", "2026-11" },
	{ "2026-11.csv", "2026-11" },
	{ "dtks 202611 final.csv", "2026-11" },
	{ "dtks202611.csv", "2026-11" },		/* letters may touch */
	{ "data-2026-11-05.csv", "2026-11" },
	{ "v2-2026_11.csv", "2026-11" },
	{ "peserta-20261105.csv", "" },			/* 8 digits: a date */
	{ "peserta-2026111.csv", "" },			/* 7 digits */
	{ "a1202611.csv", "" },
	{ "peserta-2026-113.csv", "" },
	{ "peserta-2026-13.csv", "" },
	{ "peserta-2026-13-2026_12.csv", "2026-12" },	/* keeps scanning */
	{ "peserta-202613-202612.csv", "2026-12" },
	{ "1899-12.csv", "" },
	{ "2200_01.csv", "" },
	{ "peserta_11_2026.csv", "" },			/* MM-YYYY: not a form */
	{ "peserta 2026.11.csv", "" },
	{ "peserta 2026__11.csv", "" },
	/* Month names. */
	{ "PESERTA_NOP_2026.xlsx", "2026-11" },
	{ "usulan-desember2026.csv", "2026-12" },
	{ "NOVEMBER 2026.csv", "2026-11" },
	{ "nov_2026.csv", "2026-11" },
	{ "Nop2026.xlsx", "2026-11" },
	{ "2026-Desember.csv", "2026-12" },
	{ "2026Desember.csv", "2026-12" },
	{ "rekap 2026 nov.csv", "2026-11" },
	{ "peserta 2026 - November.csv", "2026-11" },
	{ "feedback (Okt) 2026.csv", "2026-10" },
	{ "sep.2026.csv", "2026-09" },
	{ "desa 2026-11.csv", "2026-11" },		/* desa is not DES */
	{ "desa2026.csv", "" },
	{ "peserta.csv", "" },
	{ "peserta 2026.csv", "" },
	{ "NOVA 2026.csv", "" },
	{ "Nov 20261.csv", "" },
	{ "Nov 126.csv", "" },
	{ "Mar 1899.csv", "" },
	{ "PESERTANOP2026.csv", "" },			/* not a whole run */
	{ "x.csv", "" },
	{ "", "" },
	/* The leftmost candidate wins. */
	{ "Desember 2026 - 2027-01.csv", "2026-12" },
	{ "2027-01 Desember 2026.csv", "2027-01" },
	{ "dtks jan 2026 rev 2026-02.csv", "2026-01" },
	{ "1234 Nov 2026.csv", "2026-11" },		/* 1234 is no year */
	/* Directories are not examined. */
	{ "/srv/inbox/2026-10/peserta_nov_2026.csv", "2026-11" },
	{ "/srv/inbox/2026-10/peserta.csv", "" },
	{ "./mei2026/peserta.csv", "" },
	/* Every month name. */
	{ "JANUARI 2026", "2026-01" }, { "January 2026", "2026-01" },
	{ "jan2026", "2026-01" },
	{ "FEBRUARI 2026", "2026-02" }, { "February 2026", "2026-02" },
	{ "Pebruari 2026", "2026-02" }, { "feb2026", "2026-02" },
	{ "PEB 2026", "2026-02" },
	{ "Maret 2026", "2026-03" }, { "March 2026", "2026-03" },
	{ "MAR_2026", "2026-03" },
	{ "April 2026", "2026-04" }, { "apr-2026", "2026-04" },
	{ "Mei 2026", "2026-05" }, { "MAY2026", "2026-05" },
	{ "Juni 2026", "2026-06" }, { "June 2026", "2026-06" },
	{ "jun 2026", "2026-06" },
	{ "Juli 2026", "2026-07" }, { "July 2026", "2026-07" },
	{ "JUL 2026", "2026-07" },
	{ "Agustus 2026", "2026-08" }, { "August 2026", "2026-08" },
	{ "AGU 2026", "2026-08" }, { "ags 2026", "2026-08" },
	{ "Agt 2026", "2026-08" }, { "aug 2026", "2026-08" },
	{ "September 2026", "2026-09" }, { "SEPT 2026", "2026-09" },
	{ "sep 2026", "2026-09" },
	{ "Oktober 2026", "2026-10" }, { "October 2026", "2026-10" },
	{ "OKT2026", "2026-10" }, { "oct 2026", "2026-10" },
	{ "November 2026", "2026-11" }, { "Nopember 2026", "2026-11" },
	{ "NOV 2026", "2026-11" }, { "nop 2026", "2026-11" },
	{ "Desember 2026", "2026-12" }, { "December 2026", "2026-12" },
	{ "DES 2026", "2026-12" }, { "dec 2026", "2026-12" },
};

START_TEST(test_filename)
{
	char out[8] = "garbage";
	int r;

	r = period_from_filename(file_cases[_i].name, out);
	ck_assert_msg(r == (file_cases[_i].want[0] != '\0') &&
	    strcmp(out, file_cases[_i].want) == 0,
	    "case %d [%s]: got %d [%s] want [%s]", _i, file_cases[_i].name,
	    r, out, file_cases[_i].want);
}
END_TEST

START_TEST(test_filename_null)
{
	char out[8] = "garbage";

	ck_assert_int_eq(period_from_filename(NULL, out), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

/* Moments around the turn of November 2026 in Jakarta (UTC+7). */
#define T_1700Z	((time_t)1796058000)	/* 2026-11-30 17:00:00 UTC */
#define T_1659Z	((time_t)1796057999)	/* 2026-11-30 16:59:59 UTC */
#define T_1500Z	((time_t)1796050800)	/* 2026-11-30 15:00:00 UTC */
#define T_NYE	((time_t)1798736400)	/* 2026-12-31 17:00:00 UTC */

static const struct {
	const char	*tz;
	time_t		 t;
	const char	*want;		/* "" when refused */
} at_cases[] = {
	{ "Asia/Jakarta", T_1700Z, "2026-12" },
	{ "Asia/Jakarta", T_1659Z, "2026-11" },
	{ NULL, T_1700Z, "2026-12" },			/* default zone */
	{ "", T_1700Z, "2026-12" },
	{ ":Asia/Jakarta", T_1700Z, "2026-12" },
	{ "Asia/Jakarta", T_NYE, "2027-01" },
	{ "UTC", T_1700Z, "2026-11" },
	{ "UTC", T_NYE, "2026-12" },
	{ "Asia/Jayapura", T_1500Z, "2026-12" },	/* UTC+9 */
	{ "Asia/Makassar", T_1500Z, "2026-11" },	/* UTC+8 */
	{ "WIB-7", T_1700Z, "2026-12" },		/* POSIX string */
	{ "Nowhere/Atlantis", T_1700Z, "" },		/* not silently UTC */
	{ "Asia/../etc/passwd", T_1700Z, "" },
};

START_TEST(test_at)
{
	char out[8] = "garbage";
	int r;

	r = period_at(at_cases[_i].tz, at_cases[_i].t, out);
	ck_assert_msg(r == (at_cases[_i].want[0] != '\0') &&
	    strcmp(out, at_cases[_i].want) == 0, "case %d [%s]: got %d [%s]",
	    _i, at_cases[_i].tz != NULL ? at_cases[_i].tz : "(null)", r, out);
}
END_TEST

/* TZ is what it was before, set or not. */
START_TEST(test_at_restores_tz)
{
	char out[8];

	setenv("TZ", "UTC", 1);
	ck_assert_int_eq(period_at("Asia/Jakarta", T_1700Z, out), 1);
	ck_assert_str_eq(getenv("TZ"), "UTC");
	unsetenv("TZ");
	ck_assert_int_eq(period_at("Asia/Jakarta", T_1700Z, out), 1);
	ck_assert_ptr_null(getenv("TZ"));
}
END_TEST

/* Without tzdata the Indonesian zones still work; others are refused. */
START_TEST(test_at_without_tzdata)
{
	char out[8];

	setenv("TZDIR", "/nonexistent/zoneinfo", 1);
	ck_assert_int_eq(period_at("Asia/Jakarta", T_1700Z, out), 1);
	ck_assert_str_eq(out, "2026-12");
	ck_assert_int_eq(period_at("Asia/Jakarta", T_1659Z, out), 1);
	ck_assert_str_eq(out, "2026-11");
	ck_assert_int_eq(period_at("Asia/Jayapura", T_1500Z, out), 1);
	ck_assert_str_eq(out, "2026-12");
	ck_assert_int_eq(period_at("Europe/Paris", T_1700Z, out), 0);
	ck_assert_str_eq(out, "");
	unsetenv("TZDIR");
}
END_TEST

START_TEST(test_current)
{
	char out[8];

	ck_assert_int_eq(period_current(NULL, out), 1);
	ck_assert_int_eq(period_parse(out, NULL, NULL), 1);
	ck_assert_int_eq(period_current("Nowhere/Atlantis", out), 0);
}
END_TEST

static const struct {
	const char	*p;
	int		 months;
	const char	*want;
} add_cases[] = {
	{ "2026-01", -1, "2025-12" },
	{ "2026-11", 1, "2026-12" },
	{ "2026-12", 1, "2027-01" },
	{ "2026-11", 0, "2026-11" },
	{ "2026-11", -23, "2024-12" },
	{ "2026-11", -22, "2025-01" },
	{ "2026-11", 24, "2028-11" },
	{ "1900-02", -1, "1900-01" },
	{ "1900-01", -1, "" },
	{ "2199-12", 1, "" },
	{ "2026-13", 1, "" },
	{ "bad", 1, "" },
};

START_TEST(test_add)
{
	char out[8] = "garbage";

	period_add(add_cases[_i].p, add_cases[_i].months, out);
	ck_assert_msg(strcmp(out, add_cases[_i].want) == 0,
	    "case %d [%s %+d]: got [%s]", _i, add_cases[_i].p,
	    add_cases[_i].months, out);
}
END_TEST

START_TEST(test_add_inplace)
{
	char p[8] = "2026-01";

	period_add(p, -1, p);
	ck_assert_str_eq(p, "2025-12");
}
END_TEST

static const struct {
	const char	*p;
	const char	*want;
} label_cases[] = {
	{ "2026-01", "Januari 2026" }, { "2026-02", "Februari 2026" },
	{ "2026-03", "Maret 2026" }, { "2026-04", "April 2026" },
	{ "2026-05", "Mei 2026" }, { "2026-06", "Juni 2026" },
	{ "2026-07", "Juli 2026" }, { "2026-08", "Agustus 2026" },
	{ "2026-09", "September 2026" }, { "2026-10", "Oktober 2026" },
	{ "2026-11", "November 2026" }, { "2026-12", "Desember 2026" },
	{ "2026-13", "2026-13" },		/* not a period: as it is */
	{ "", "" },
};

START_TEST(test_label)
{
	char out[32];

	period_label(label_cases[_i].p, out, sizeof out);
	ck_assert_str_eq(out, label_cases[_i].want);
}
END_TEST

START_TEST(test_label_small)
{
	char out[9];

	period_label("2026-11", out, sizeof out);
	ck_assert_str_eq(out, "November");
	period_label(NULL, out, sizeof out);
	ck_assert_str_eq(out, "");
}
END_TEST

static Suite *
period_suite(void)
{
	Suite *s = suite_create("period");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse, 0, N(parse_cases));
	tcase_add_test(tc, test_parse_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("filename");
	tcase_add_loop_test(tc, test_filename, 0, N(file_cases));
	tcase_add_test(tc, test_filename_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("current");
	tcase_add_loop_test(tc, test_at, 0, N(at_cases));
	tcase_add_test(tc, test_at_restores_tz);
	tcase_add_test(tc, test_at_without_tzdata);
	tcase_add_test(tc, test_current);
	suite_add_tcase(s, tc);

	tc = tcase_create("arith");
	tcase_add_loop_test(tc, test_add, 0, N(add_cases));
	tcase_add_test(tc, test_add_inplace);
	tcase_add_loop_test(tc, test_label, 0, N(label_cases));
	tcase_add_test(tc, test_label_small);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(period_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
