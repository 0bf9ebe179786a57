/*
 * test_clean.c — "Cleaning values" of inputs.md, one table per bullet.
 * Every row is a loop test with an exact expected value.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "clean.h"

#define N(a)	((int)(sizeof(a) / sizeof((a)[0])))

/* ---- Text ---------------------------------------------------------------- */

static const struct {
	const char	*in;
	const char	*want;
} text_cases[] = {
	{ "  abc  ", "abc" },
	{ "a \t\n\r b", "a b" },
	{ "SITI   NUR    AISYAH", "SITI NUR AISYAH" },
	{ "\"abc\"", "abc" },
	{ "'abc'", "abc" },
	{ "\" a  b \"", "a b" },
	{ "'3325010101900001", "3325010101900001" },
	{ "  '0001234567890", "0001234567890" },
	{ "\"'0001\"", "0001" },		/* quoted Excel text */
	{ "''abc", "'abc" },			/* only one apostrophe */
	{ "'", "" },
	{ "''", "" },
	{ "\"\"", "" },
	{ "\"", "\"" },				/* no pair */
	{ "\"abc", "\"abc" },
	{ "abc\"", "abc\"" },
	{ "\"abc'", "\"abc'" },			/* not a pair */
	{ "O'NEIL", "O'NEIL" },
	{ "NUR'AINI'", "NUR'AINI'" },
	{ "NULL", "" },
	{ "null", "" },
	{ " Null ", "" },
	{ "\"NULL\"", "" },
	{ "NULLA", "NULLA" },
	{ "-", "" },
	{ "  -  ", "" },
	{ "'-", "" },
	{ "--", "--" },
	{ "a - b", "a - b" },
	{ "0000-00-00", "" },
	{ "0000-00-00 00:00:00", "" },
	{ "0000-00-00T00:00:00", "" },
	{ "0000-00-01", "0000-00-01" },
	{ "\xC2\xA0" "abc\xC2\xA0\xC2\xA0" "def\xC2\xA0", "abc def" },	/* NBSP */
	{ "\xE3\x80\x80x\xE2\x80\x83y", "x y" },		/* U+3000, U+2003 */
	{ "NUR\xE2\x80\x99" "AINI", "NUR\xE2\x80\x99" "AINI" },	/* kept */
	{ "\xFF\xFE x", "\xFF\xFE x" },		/* not UTF-8: bytes kept */
	{ "", "" },
	{ "   ", "" },
};

START_TEST(test_text)
{
	const char *in = text_cases[_i].in;
	char out[128];
	size_t n;

	n = clean_text(in, strlen(in), out, sizeof out);
	ck_assert_msg(strcmp(out, text_cases[_i].want) == 0,
	    "case %d [%s]: got [%s] want [%s]", _i, in, out,
	    text_cases[_i].want);
	ck_assert_uint_eq(n, strlen(text_cases[_i].want));
}
END_TEST

/* len, not the NUL, ends the input; small buffers cut whole characters. */
START_TEST(test_text_bounds)
{
	char out[16];
	size_t n;

	n = clean_text("abcdef", 3, out, sizeof out);
	ck_assert_str_eq(out, "abc");
	ck_assert_uint_eq(n, 3);
	n = clean_text(" x NULL", 4, out, sizeof out);	/* " x N" */
	ck_assert_str_eq(out, "x N");
	n = clean_text("abcdef", 6, out, 4);
	ck_assert_str_eq(out, "abc");
	ck_assert_uint_eq(n, 3);
	n = clean_text("a\xC3\xA9", 3, out, 3);	/* é does not fit */
	ck_assert_str_eq(out, "a");
	ck_assert_uint_eq(n, 1);
	n = clean_text("a  b", 4, out, 3);		/* no trailing space */
	ck_assert_str_eq(out, "a");
	n = clean_text("abc", 3, out, 0);
	ck_assert_uint_eq(n, 0);
	n = clean_text("ab\0cd", 5, out, sizeof out);	/* NUL ends it */
	ck_assert_str_eq(out, "ab");
	ck_assert_uint_eq(n, 2);
	/* In place. */
	strcpy(out, "  \"'x  y\" ");
	n = clean_text(out, strlen(out), out, sizeof out);
	ck_assert_str_eq(out, "x y");
	ck_assert_uint_eq(n, 3);
}
END_TEST

/* ---- Names --------------------------------------------------------------- */

static const struct {
	const char	*in;
	const char	*want;
} upper_cases[] = {
	{ "muhammad ali", "MUHAMMAD ALI" },
	{ "Siti Nur'aini", "SITI NUR'AINI" },
	{ "jos\xC3\xA9", "JOS\xC3\x89" },		/* é -> É */
	{ "\xC3\xA0\xC3\xB6\xC3\xB8\xC3\xBE", "\xC3\x80\xC3\x96\xC3\x98\xC3\x9E" },
	{ "\xC3\xB7", "\xC3\xB7" },			/* ÷ stays */
	{ "\xC3\xBF", "\xC3\xBF" },			/* ÿ stays */
	{ "\xC3\x9F", "\xC3\x9F" },			/* ß stays */
	{ "nur\xE2\x80\x99" "aini", "NUR\xE2\x80\x99" "AINI" },
	{ "\xA9" "a", "\xA9" "A" },			/* stray byte */
	{ "ABC 123", "ABC 123" },
	{ "", "" },
};

START_TEST(test_upper)
{
	char s[64];

	strcpy(s, upper_cases[_i].in);
	clean_upper(s);
	ck_assert_msg(strcmp(s, upper_cases[_i].want) == 0,
	    "case %d [%s]: got [%s]", _i, upper_cases[_i].in, s);
}
END_TEST

static const struct {
	const char	*in;
	const char	*want;
} kunci_cases[] = {
	{ "MUH. ALI", "MUH ALI" },
	{ "MUH ALI", "MUH ALI" },
	{ "MUH.ALI", "MUH ALI" },
	{ "NUR'AINI", "NUR AINI" },
	{ "NUR\xE2\x80\x99" "AINI", "NUR AINI" },	/* curly apostrophe */
	{ "NUR`AINI", "NUR AINI" },
	{ "JOS\xC3\x89", "JOS" },			/* É is not A-Z */
	{ "ANDI\xC3\x89RIK", "ANDI RIK" },		/* one char, one space */
	{ "\xF0\x9F\x98\x80" "ANI", "ANI" },		/* 4-byte emoji */
	{ "  ST.  AISYAH  ", "ST AISYAH" },
	{ "M. YUSUF, S.PD", "M YUSUF S PD" },
	{ "SITI-NURHALIZA", "SITI NURHALIZA" },
	{ "A.B.C", "A B C" },
	{ "ALI 2", "ALI" },
	{ "siti", "SITI" },				/* upper-cased anyway */
	{ "123", "" },
	{ "", "" },
};

START_TEST(test_nama_kunci)
{
	char out[64];
	size_t n;

	n = clean_nama_kunci(kunci_cases[_i].in, out, sizeof out);
	ck_assert_msg(strcmp(out, kunci_cases[_i].want) == 0,
	    "case %d [%s]: got [%s]", _i, kunci_cases[_i].in, out);
	ck_assert_uint_eq(n, strlen(kunci_cases[_i].want));
}
END_TEST

START_TEST(test_nama_kunci_inplace)
{
	char s[32] = "MUH.  ALI ";

	ck_assert_uint_eq(clean_nama_kunci(s, s, sizeof s), 7);
	ck_assert_str_eq(s, "MUH ALI");
	ck_assert_uint_eq(clean_nama_kunci("MUH ALI", s, 4), 3);
	ck_assert_str_eq(s, "MUH");
}
END_TEST

/* Whole chain: raw cell -> clean_text -> upper -> nama_kunci. */
START_TEST(test_nama_chain)
{
	const char *raw[] = {
		"  \"Nur'aini\" ", "NUR\xE2\x80\x99" "AINI", "nur aini",
		"'Nur.Aini"
	};
	char t[64], k[64];
	size_t i;

	for (i = 0; i < sizeof raw / sizeof raw[0]; i++) {
		clean_text(raw[i], strlen(raw[i]), t, sizeof t);
		clean_upper(t);
		clean_nama_kunci(t, k, sizeof k);
		ck_assert_str_eq(k, "NUR AINI");
	}
}
END_TEST

/* ---- Folding ------------------------------------------------------------- */

static const struct {
	const char	*in;
	const char	*want;
} fold_cases[] = {
	{ "Status_Peserta", "STATUS PESERTA" },
	{ "STATUS  PESERTA", "STATUS PESERTA" },
	{ " NON-AKTIF ", "NON AKTIF" },
	{ "TGL. LAHIR (DD/MM/YYYY)", "TGL LAHIR DD MM YYYY" },
	{ "no.kk", "NO KK" },
	{ "a\t\tb", "A B" },
	{ "__x__", "X" },
	{ "Laki-Laki", "LAKI LAKI" },
	{ "PBPU_PEMDA", "PBPU PEMDA" },
	{ "Hub. Dgn Kpl. Keluarga", "HUB DGN KPL KELUARGA" },
	{ "d\xC3\xA9sa", "D\xC3\x89SA" },
	{ "A&B", "A&B" },
	{ "-_./()", "" },
	{ "", "" },
};

START_TEST(test_fold)
{
	char out[64];
	size_t n;

	n = clean_fold(fold_cases[_i].in, out, sizeof out);
	ck_assert_msg(strcmp(out, fold_cases[_i].want) == 0,
	    "case %d [%s]: got [%s]", _i, fold_cases[_i].in, out);
	ck_assert_uint_eq(n, strlen(fold_cases[_i].want));
}
END_TEST

START_TEST(test_fold_inplace)
{
	char s[32] = " status__peserta ";

	ck_assert_uint_eq(clean_fold(s, s, sizeof s), 14);
	ck_assert_str_eq(s, "STATUS PESERTA");
}
END_TEST

/* ---- Identifiers --------------------------------------------------------- */

static const struct {
	const char	*in;
	const char	*want;
	enum clean_id	 r;
} id_cases[] = {
	{ "3325010101900001", "3325010101900001", CLEAN_ID_OK },
	{ "3325 0101 0190 0001", "3325010101900001", CLEAN_ID_OK },
	{ "3325.0101.0190.0001", "3325010101900001", CLEAN_ID_OK },
	{ "3325-0101-0190-0001", "3325010101900001", CLEAN_ID_OK },
	{ "0001234567890", "0001234567890", CLEAN_ID_OK },
	{ "ABC123", "ABC123", CLEAN_ID_OK },		/* validity is apart */
	{ "12E", "12E", CLEAN_ID_OK },			/* no exponent */
	{ "E+15", "E+15", CLEAN_ID_OK },		/* no mantissa */
	{ "3.32501E+15", "", CLEAN_ID_EXCEL },
	{ "3,32501E+15", "", CLEAN_ID_EXCEL },
	{ "3.32501e15", "", CLEAN_ID_EXCEL },
	{ "3.3E+15", "", CLEAN_ID_EXCEL },
	{ "3E+15", "", CLEAN_ID_EXCEL },
	{ "3,325010E+015", "", CLEAN_ID_EXCEL },
	{ "1.23457E+12", "", CLEAN_ID_EXCEL },
	{ "", "", CLEAN_ID_EMPTY },
	{ "-.-", "", CLEAN_ID_EMPTY },
	{ " . ", "", CLEAN_ID_EMPTY },
};

START_TEST(test_identifier)
{
	char out[64];
	enum clean_id r;

	r = clean_identifier(id_cases[_i].in, out, sizeof out);
	ck_assert_msg(r == id_cases[_i].r && strcmp(out, id_cases[_i].want) == 0,
	    "case %d [%s]: got %d [%s]", _i, id_cases[_i].in, r, out);
}
END_TEST

/* Raw cell to identifier: the apostrophe and quotes go first. */
START_TEST(test_identifier_chain)
{
	char t[64], id[64];

	clean_text("\"'3325 0101 0190 0001\"", 22, t, sizeof t);
	ck_assert_int_eq(clean_identifier(t, id, sizeof id), CLEAN_ID_OK);
	ck_assert_str_eq(id, "3325010101900001");
	clean_text(" 3,32501E+15 ", 13, t, sizeof t);
	ck_assert_int_eq(clean_identifier(t, id, sizeof id), CLEAN_ID_EXCEL);
	ck_assert_str_eq(id, "");
	clean_text("NULL", 4, t, sizeof t);
	ck_assert_int_eq(clean_identifier(t, id, sizeof id), CLEAN_ID_EMPTY);
	strcpy(t, "3325.0101.0190.0001");			/* in place */
	ck_assert_int_eq(clean_identifier(t, t, sizeof t), CLEAN_ID_OK);
	ck_assert_str_eq(t, "3325010101900001");
	clean_text("'1234567", 8, t, sizeof t);			/* to NOKA */
	ck_assert_int_eq(clean_identifier(t, id, sizeof id), CLEAN_ID_OK);
	ck_assert_int_eq(clean_noka(id), CLEAN_NOKA_PADDED);
	ck_assert_str_eq(id, "0000001234567");
}
END_TEST

static const struct {
	const char	*nik;
	bool		 valid;
} nik_cases[] = {
	{ "3325010101900001", true },		/* 01-01-1990 */
	/* Province codes at every boundary of the list. */
	{ "1025010101900001", false },
	{ "1125010101900001", true },
	{ "1925010101900001", true },
	{ "2025010101900001", false },
	{ "2125010101900001", true },
	{ "2225010101900001", false },
	{ "3025010101900001", false },
	{ "3125010101900001", true },
	{ "3625010101900001", true },
	{ "3725010101900001", false },
	{ "5025010101900001", false },
	{ "5125010101900001", true },
	{ "5325010101900001", true },
	{ "5425010101900001", false },
	{ "6025010101900001", false },
	{ "6125010101900001", true },
	{ "6525010101900001", true },
	{ "6625010101900001", false },
	{ "7025010101900001", false },
	{ "7125010101900001", true },
	{ "7625010101900001", true },
	{ "7725010101900001", false },
	{ "8025010101900001", false },
	{ "8125010101900001", true },
	{ "8225010101900001", true },
	{ "8325010101900001", false },
	{ "9025010101900001", false },
	{ "9125010101900001", true },
	{ "9725010101900001", true },
	{ "9825010101900001", false },
	{ "0025010101900001", false },
	/* Regency and district. */
	{ "3300010101900001", false },
	{ "3325000101900001", false },
	{ "3301010101900001", true },
	/* Day: 01-31, women 41-71. */
	{ "3325010001900001", false },		/* day 00 */
	{ "3325013101900001", true },		/* 31 Jan */
	{ "3325013201900001", false },		/* 32 */
	{ "3325014001900001", false },		/* 40 */
	{ "3325014101900001", true },		/* woman, 1 Jan */
	{ "3325017101900001", true },		/* woman, 31 Jan */
	{ "3325017201900001", false },		/* 72 */
	{ "3325019901900001", false },
	/* Month. */
	{ "3325010100900001", false },
	{ "3325010112900001", true },
	{ "3325010113900001", false },
	/* Dates that must exist in 19YY or 20YY. */
	{ "3325013004900001", true },		/* 30 Apr */
	{ "3325013104900001", false },		/* 31 Apr */
	{ "3325017004900001", true },		/* woman, 30 Apr */
	{ "3325017104900001", false },		/* woman, 31 Apr */
	{ "3325012902000001", true },		/* 29 Feb 2000 */
	{ "3325016902000001", true },		/* woman, 29 Feb 2000 */
	{ "3325012902010001", false },		/* neither 1901 nor 2001 */
	{ "3325012902040001", true },		/* 1904 and 2004 */
	{ "3325013002000001", false },		/* 30 Feb never */
	/* Serial. */
	{ "3325010101900000", false },
	{ "3325010101909999", true },
	/* Shape. */
	{ "332501010190001", false },		/* 15 digits */
	{ "33250101019000011", false },		/* 17 digits */
	{ "33250101019000A1", false },
	{ "3325 0101019000 1", false },
	{ "", false },
};

START_TEST(test_nik)
{
	ck_assert_msg(clean_nik_valid(nik_cases[_i].nik) == nik_cases[_i].valid,
	    "case %d [%s]: want %d", _i, nik_cases[_i].nik,
	    nik_cases[_i].valid);
}
END_TEST

START_TEST(test_nik_null)
{
	ck_assert(!clean_nik_valid(NULL));
}
END_TEST

static const struct {
	const char	*in;
	const char	*want;
	enum clean_noka	 r;
} noka_cases[] = {
	{ "0001234567890", "0001234567890", CLEAN_NOKA_OK },
	{ "1234567890123", "1234567890123", CLEAN_NOKA_OK },
	{ "1", "0000000000001", CLEAN_NOKA_PADDED },
	{ "12", "0000000000012", CLEAN_NOKA_PADDED },
	{ "1234567", "0000001234567", CLEAN_NOKA_PADDED },
	{ "1234567890", "0001234567890", CLEAN_NOKA_PADDED },
	{ "123456789012", "0123456789012", CLEAN_NOKA_PADDED },
	{ "0", "0000000000000", CLEAN_NOKA_PADDED },
	{ "12345678901234", "12345678901234", CLEAN_NOKA_INVALID },
	{ "12345A", "12345A", CLEAN_NOKA_INVALID },
	{ "000123456789O", "000123456789O", CLEAN_NOKA_INVALID },
	{ "", "", CLEAN_NOKA_INVALID },
};

START_TEST(test_noka)
{
	char s[32];
	enum clean_noka r;

	strcpy(s, noka_cases[_i].in);
	r = clean_noka(s);
	ck_assert_msg(r == noka_cases[_i].r && strcmp(s, noka_cases[_i].want) == 0,
	    "case %d [%s]: got %d [%s]", _i, noka_cases[_i].in, r, s);
}
END_TEST

/* ---- Dates --------------------------------------------------------------- */

static const struct {
	const char		*in;
	int			 period_year;
	enum clean_date		 r;
	int			 y, m, d;
} date_cases[] = {
#define OK	CLEAN_DATE_OK
#define BAD	CLEAN_DATE_INVALID
	/* YYYY-MM-DD, with and without times. */
	{ "2026-11-05", 2026, OK, 2026, 11, 5 },
	{ "2026-11-05 00:00:00", 2026, OK, 2026, 11, 5 },
	{ "2026-11-05T00:00:00", 2026, OK, 2026, 11, 5 },
	{ "2026-11-05 08:30", 2026, OK, 2026, 11, 5 },
	{ "2026-11-05T23:59:59.997", 2026, OK, 2026, 11, 5 },
	{ "2026-11-05T08:30:00Z", 2026, OK, 2026, 11, 5 },
	{ "2026-11-05T08:30:00+07:00", 2026, OK, 2026, 11, 5 },
	{ "2026-1-5", 2026, OK, 2026, 1, 5 },
	/* Day first, four-digit year. */
	{ "05-11-2026", 2026, OK, 2026, 11, 5 },
	{ "05/11/2026", 2026, OK, 2026, 11, 5 },
	{ "05.11.2026", 2026, OK, 2026, 11, 5 },
	{ "5/1/2026", 2026, OK, 2026, 1, 5 },
	{ "5-11-2026", 2026, OK, 2026, 11, 5 },
	{ "05/11/2026 00:00:00", 2026, OK, 2026, 11, 5 },
	{ "05-11-2026 7:05", 2026, OK, 2026, 11, 5 },
	{ "12/01/1960", 2026, OK, 1960, 1, 12 },	/* day first */
	/* YYYYMMDD. */
	{ "20261105", 2026, OK, 2026, 11, 5 },
	{ "19451231", 2026, OK, 1945, 12, 31 },
	{ "20261105 00:00:00", 2026, OK, 2026, 11, 5 },
	{ "20261305", 2026, BAD, 0, 0, 0 },
	/* Two-digit years around the period's. */
	{ "05-11-26", 2026, OK, 2026, 11, 5 },		/* = 26: 20YY */
	{ "05/11/27", 2026, OK, 1927, 11, 5 },		/* > 26: 19YY */
	{ "05.11.25", 2026, OK, 2025, 11, 5 },
	{ "5-1-00", 2026, OK, 2000, 1, 5 },
	{ "31-12-99", 2026, OK, 1999, 12, 31 },
	{ "01-01-00", 2000, OK, 2000, 1, 1 },
	{ "01-01-01", 2000, OK, 1901, 1, 1 },
	{ "29/02/00", 2026, OK, 2000, 2, 29 },
	{ "05-11-26 00:00:00", 2026, OK, 2026, 11, 5 },
	/* Excel serials, 1900 system. */
	{ "1", 2026, OK, 1900, 1, 1 },
	{ "31", 2026, OK, 1900, 1, 31 },
	{ "59", 2026, OK, 1900, 2, 28 },
	{ "60", 2026, BAD, 0, 0, 0 },
	{ "61", 2026, OK, 1900, 3, 1 },
	{ "45000", 2026, OK, 2023, 3, 15 },
	{ "46331", 2026, OK, 2026, 11, 5 },
	{ "0", 2026, BAD, 0, 0, 0 },
	{ "2958465", 2026, BAD, 0, 0, 0 },		/* 9999-12-31 */
	{ "2958466", 2026, BAD, 0, 0, 0 },
	{ "123456789", 2026, BAD, 0, 0, 0 },
	{ "45000.5", 2026, BAD, 0, 0, 0 },		/* whole numbers */
	/* Impossible dates. */
	{ "31-02-2026", 2026, BAD, 0, 0, 0 },
	{ "05-13-2026", 2026, BAD, 0, 0, 0 },
	{ "00-11-2026", 2026, BAD, 0, 0, 0 },
	{ "2026-02-29", 2026, BAD, 0, 0, 0 },
	{ "2024-02-29", 2026, OK, 2024, 2, 29 },
	{ "29/02/1900", 2026, BAD, 0, 0, 0 },
	{ "31/04/2026", 2026, BAD, 0, 0, 0 },
	/* Year range 1800..2200. */
	{ "1800-01-01", 2026, OK, 1800, 1, 1 },
	{ "1799-12-31", 2026, BAD, 0, 0, 0 },
	{ "2200-12-31", 2026, OK, 2200, 12, 31 },
	{ "2201-01-01", 2026, BAD, 0, 0, 0 },
	/* Not a date. */
	{ "05-11/2026", 2026, BAD, 0, 0, 0 },		/* mixed separators */
	{ "2026/11/05", 2026, BAD, 0, 0, 0 },
	{ "05-11-202", 2026, BAD, 0, 0, 0 },
	{ "2026-11-05 25:00", 2026, BAD, 0, 0, 0 },
	{ "2026-11-05 pagi", 2026, BAD, 0, 0, 0 },
	{ "2026-11-05  00:00", 2026, BAD, 0, 0, 0 },
	{ "5 November 2026", 2026, BAD, 0, 0, 0 },
	{ "abc", 2026, BAD, 0, 0, 0 },
	{ "", 2026, CLEAN_DATE_EMPTY, 0, 0, 0 },
#undef OK
#undef BAD
};

START_TEST(test_date)
{
	int y = -1, m = -1, d = -1;
	enum clean_date r;

	r = clean_date(date_cases[_i].in, date_cases[_i].period_year,
	    &y, &m, &d);
	ck_assert_msg(r == date_cases[_i].r && y == date_cases[_i].y &&
	    m == date_cases[_i].m && d == date_cases[_i].d,
	    "case %d [%s]: got %d %04d-%02d-%02d", _i, date_cases[_i].in,
	    r, y, m, d);
}
END_TEST

/* ---- Coded values -------------------------------------------------------- */

static const struct {
	const char	*in;
	char		 want;
} jk_cases[] = {
	{ "L", 'L' }, { "l", 'L' }, { "LK", 'L' }, { "Laki-laki", 'L' },
	{ "LAKI LAKI", 'L' }, { "laki_laki", 'L' }, { "PRIA", 'L' },
	{ "1", 'L' }, { "01", 'L' }, { "M", 'L' }, { "L.", 'L' },
	{ "P", 'P' }, { "pr", 'P' }, { "Perempuan", 'P' }, { "WANITA", 'P' },
	{ "2", 'P' }, { "F", 'P' },
	{ "", 0 }, { "X", 0 }, { "LAKI", 0 }, { "3", 0 }, { "LAKILAKI", 0 },
};

START_TEST(test_jenis_kelamin)
{
	char c = clean_jenis_kelamin(jk_cases[_i].in);

	ck_assert_msg(c == jk_cases[_i].want, "case %d [%s]: got %d", _i,
	    jk_cases[_i].in, c);
}
END_TEST

static const struct {
	const char		*in;
	enum clean_status	 want;
} status_cases[] = {
	{ "AKTIF", CLEAN_STATUS_AKTIF },
	{ "aktif", CLEAN_STATUS_AKTIF },
	{ " Aktif. ", CLEAN_STATUS_AKTIF },
	{ "0", CLEAN_STATUS_AKTIF },
	{ "00", CLEAN_STATUS_AKTIF },
	{ "MENINGGAL", CLEAN_STATUS_MENINGGAL },
	{ "Meninggal Dunia", CLEAN_STATUS_MENINGGAL },
	{ "PESERTA MENINGGAL", CLEAN_STATUS_MENINGGAL },
	{ "2", CLEAN_STATUS_MENINGGAL },
	{ "NON AKTIF MENINGGAL", CLEAN_STATUS_MENINGGAL },	/* order */
	{ "KELUAR (MENINGGAL)", CLEAN_STATUS_MENINGGAL },
	{ "MENINGGALKAN", CLEAN_STATUS_LAINNYA },		/* not a word */
	{ "NONAKTIF", CLEAN_STATUS_NON_AKTIF },
	{ "NON AKTIF", CLEAN_STATUS_NON_AKTIF },
	{ "NON-AKTIF", CLEAN_STATUS_NON_AKTIF },
	{ "non_aktif", CLEAN_STATUS_NON_AKTIF },
	{ "Nonaktif karena pindah", CLEAN_STATUS_NON_AKTIF },
	{ "TIDAK AKTIF", CLEAN_STATUS_NON_AKTIF },		/* not AKTIF */
	{ "PESERTA TIDAK AKTIF", CLEAN_STATUS_NON_AKTIF },
	{ "PENANGGUHAN PESERTA", CLEAN_STATUS_NON_AKTIF },
	{ "TIDAK DITANGGUNG", CLEAN_STATUS_NON_AKTIF },
	{ "6", CLEAN_STATUS_NON_AKTIF },
	{ "7", CLEAN_STATUS_NON_AKTIF },
	{ "9", CLEAN_STATUS_NON_AKTIF },
	{ "15", CLEAN_STATUS_NON_AKTIF },
	{ "06", CLEAN_STATUS_NON_AKTIF },
	{ "NON AKTIF KELUAR", CLEAN_STATUS_NON_AKTIF },		/* order */
	{ "KELUAR", CLEAN_STATUS_KELUAR },
	{ "Keluar atas permintaan sendiri", CLEAN_STATUS_KELUAR },
	{ "AKTIF KELUAR", CLEAN_STATUS_KELUAR },		/* AKTIF is whole */
	{ "PINDAH", CLEAN_STATUS_LAINNYA },
	{ "AKTIFF", CLEAN_STATUS_LAINNYA },
	{ "1", CLEAN_STATUS_LAINNYA },
	{ "3", CLEAN_STATUS_LAINNYA },
	{ "NON", CLEAN_STATUS_LAINNYA },
	{ "", CLEAN_STATUS_EMPTY },
};

START_TEST(test_status)
{
	enum clean_status s = clean_status(status_cases[_i].in);

	ck_assert_msg(s == status_cases[_i].want, "case %d [%s]: got %s", _i,
	    status_cases[_i].in, s == CLEAN_STATUS_EMPTY ? "EMPTY" :
	    clean_status_name(s));
}
END_TEST

static const struct {
	const char		*in;
	enum clean_segmen	 want;
} segmen_cases[] = {
	{ "PBPU PEMDA", CLEAN_SEGMEN_PBPU_PEMDA },
	{ "PBPU_PEMDA", CLEAN_SEGMEN_PBPU_PEMDA },
	{ "pbpu dan bp pemda", CLEAN_SEGMEN_PBPU_PEMDA },
	{ "PBI APBD", CLEAN_SEGMEN_PBPU_PEMDA },
	{ "PBI-APBD", CLEAN_SEGMEN_PBPU_PEMDA },
	{ "PEMDA", CLEAN_SEGMEN_PBPU_PEMDA },
	{ "22", CLEAN_SEGMEN_PBPU_PEMDA },
	{ "PBI APBN", CLEAN_SEGMEN_PBI_APBN },
	{ "PBI_APBN", CLEAN_SEGMEN_PBI_APBN },
	{ "PBI (JK)", CLEAN_SEGMEN_PBI_APBN },
	{ "PBI", CLEAN_SEGMEN_PBI_APBN },
	{ "21", CLEAN_SEGMEN_PBI_APBN },
	{ "PPU", CLEAN_SEGMEN_PPU },
	{ "Pekerja Penerima Upah", CLEAN_SEGMEN_PPU },
	{ "PNS", CLEAN_SEGMEN_PPU },
	{ "TNI", CLEAN_SEGMEN_PPU },
	{ "POLRI", CLEAN_SEGMEN_PPU },
	{ "PEGAWAI SWASTA", CLEAN_SEGMEN_PPU },
	{ "PBPU", CLEAN_SEGMEN_PBPU_MANDIRI },
	{ "PBPU MANDIRI", CLEAN_SEGMEN_PBPU_MANDIRI },
	{ "PBPU_MANDIRI", CLEAN_SEGMEN_PBPU_MANDIRI },
	{ "MANDIRI", CLEAN_SEGMEN_PBPU_MANDIRI },
	{ "PEKERJA BUKAN PENERIMA UPAH", CLEAN_SEGMEN_PBPU_MANDIRI },
	{ "BP", CLEAN_SEGMEN_BP },
	{ "BUKAN PEKERJA", CLEAN_SEGMEN_BP },
	{ "LAINNYA", CLEAN_SEGMEN_LAINNYA },
	{ "PBI APBD PROVINSI", CLEAN_SEGMEN_LAINNYA },		/* whole values */
	{ "23", CLEAN_SEGMEN_LAINNYA },
	{ "ASING", CLEAN_SEGMEN_LAINNYA },
	{ "", CLEAN_SEGMEN_EMPTY },
};

START_TEST(test_segmen)
{
	enum clean_segmen s = clean_segmen(segmen_cases[_i].in);

	ck_assert_msg(s == segmen_cases[_i].want, "case %d [%s]: got %d", _i,
	    segmen_cases[_i].in, s);
}
END_TEST

static const struct {
	const char		*in;
	enum clean_segmen	 want;
} segmen_name_cases[] = {
	{ "PBPU_PEMDA", CLEAN_SEGMEN_PBPU_PEMDA },
	{ "PBI_APBN", CLEAN_SEGMEN_PBI_APBN },
	{ "PPU", CLEAN_SEGMEN_PPU },
	{ "PBPU_MANDIRI", CLEAN_SEGMEN_PBPU_MANDIRI },
	{ "BP", CLEAN_SEGMEN_BP },
	{ "LAINNYA", CLEAN_SEGMEN_LAINNYA },
	{ "lainnya", CLEAN_SEGMEN_LAINNYA },
	{ "pbi apbd", CLEAN_SEGMEN_PBPU_PEMDA },
	{ "PBI_APBD_PROV", CLEAN_SEGMEN_EMPTY },		/* unknown */
	{ "FOO", CLEAN_SEGMEN_EMPTY },
	{ "", CLEAN_SEGMEN_EMPTY },
};

START_TEST(test_segmen_from_name)
{
	enum clean_segmen s = clean_segmen_from_name(segmen_name_cases[_i].in);

	ck_assert_msg(s == segmen_name_cases[_i].want, "case %d [%s]: got %d",
	    _i, segmen_name_cases[_i].in, s);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_ptr_null(clean_status_name(CLEAN_STATUS_EMPTY));
	ck_assert_str_eq(clean_status_name(CLEAN_STATUS_AKTIF), "AKTIF");
	ck_assert_str_eq(clean_status_name(CLEAN_STATUS_MENINGGAL),
	    "MENINGGAL");
	ck_assert_str_eq(clean_status_name(CLEAN_STATUS_NON_AKTIF),
	    "NON_AKTIF");
	ck_assert_str_eq(clean_status_name(CLEAN_STATUS_KELUAR), "KELUAR");
	ck_assert_str_eq(clean_status_name(CLEAN_STATUS_LAINNYA), "LAINNYA");
	ck_assert_ptr_null(clean_segmen_name(CLEAN_SEGMEN_EMPTY));
	ck_assert_str_eq(clean_segmen_name(CLEAN_SEGMEN_PBPU_PEMDA),
	    "PBPU_PEMDA");
	ck_assert_str_eq(clean_segmen_name(CLEAN_SEGMEN_PBI_APBN), "PBI_APBN");
	ck_assert_str_eq(clean_segmen_name(CLEAN_SEGMEN_PPU), "PPU");
	ck_assert_str_eq(clean_segmen_name(CLEAN_SEGMEN_PBPU_MANDIRI),
	    "PBPU_MANDIRI");
	ck_assert_str_eq(clean_segmen_name(CLEAN_SEGMEN_BP), "BP");
	ck_assert_str_eq(clean_segmen_name(CLEAN_SEGMEN_LAINNYA), "LAINNYA");
	ck_assert_ptr_null(clean_hasil_name(CLEAN_HASIL_UNKNOWN));
	ck_assert_str_eq(clean_hasil_name(CLEAN_HASIL_GAGAL), "GAGAL");
	ck_assert_str_eq(clean_hasil_name(CLEAN_HASIL_BERHASIL), "BERHASIL");
}
END_TEST

/* Every canonical name reads back as itself. */
START_TEST(test_segmen_roundtrip)
{
	enum clean_segmen s;

	for (s = CLEAN_SEGMEN_PBPU_PEMDA; s <= CLEAN_SEGMEN_LAINNYA; s++) {
		ck_assert_int_eq(clean_segmen(clean_segmen_name(s)), s);
		ck_assert_int_eq(clean_segmen_from_name(clean_segmen_name(s)),
		    s);
	}
}
END_TEST

static const struct {
	const char		*in;
	enum clean_hasil	 want;
} hasil_cases[] = {
	{ "GAGAL", CLEAN_HASIL_GAGAL },
	{ "Gagal", CLEAN_HASIL_GAGAL },
	{ "DITOLAK", CLEAN_HASIL_GAGAL },
	{ "TIDAK BERHASIL", CLEAN_HASIL_GAGAL },		/* before BERHASIL */
	{ "tidak_berhasil", CLEAN_HASIL_GAGAL },
	{ "ERROR", CLEAN_HASIL_GAGAL },
	{ "BERHASIL", CLEAN_HASIL_BERHASIL },
	{ "Berhasil.", CLEAN_HASIL_BERHASIL },
	{ "SUKSES", CLEAN_HASIL_BERHASIL },
	{ "DITERIMA", CLEAN_HASIL_BERHASIL },
	{ "TERDAFTAR", CLEAN_HASIL_BERHASIL },
	{ "OK", CLEAN_HASIL_BERHASIL },
	{ "ok", CLEAN_HASIL_BERHASIL },
	{ "GAGAL NIK TIDAK DITEMUKAN", CLEAN_HASIL_UNKNOWN },	/* whole */
	{ "PROSES", CLEAN_HASIL_UNKNOWN },
	{ "1", CLEAN_HASIL_UNKNOWN },
	{ "", CLEAN_HASIL_UNKNOWN },
};

START_TEST(test_hasil)
{
	enum clean_hasil h = clean_hasil(hasil_cases[_i].in);

	ck_assert_msg(h == hasil_cases[_i].want, "case %d [%s]: got %d", _i,
	    hasil_cases[_i].in, h);
}
END_TEST

static const struct {
	const char	*in;
	int		 want;
} desil_cases[] = {
	{ "1", 1 }, { "10", 10 }, { "03", 3 }, { " 5 ", 5 }, { "3.0", 3 },
	{ "3,0", 3 }, { "7.00", 7 }, { "0", 0 }, { "11", 0 }, { "3.5", 0 },
	{ "-1", 0 }, { "DESIL 3", 0 }, { "abc", 0 }, { "", 0 },
};

START_TEST(test_desil)
{
	ck_assert_msg(clean_desil(desil_cases[_i].in) == desil_cases[_i].want,
	    "case %d [%s]", _i, desil_cases[_i].in);
}
END_TEST

static const struct {
	const char	*in;
	const char	*want;
} padan_cases[] = {
	{ "YA", "YA" }, { "ya", "YA" }, { "Y", "YA" }, { "1", "YA" },
	{ "PADAN", "YA" }, { "Sudah Padan", "YA" },
	{ "TIDAK", "TIDAK" }, { "N", "TIDAK" }, { "0", "TIDAK" },
	{ "TIDAK PADAN", "TIDAK" }, { "tidak_padan", "TIDAK" },
	{ "BELUM PADAN", "TIDAK" },
	{ "", NULL }, { "MUNGKIN", NULL },
};

START_TEST(test_padan)
{
	ck_assert_pstr_eq(clean_padan(padan_cases[_i].in), padan_cases[_i].want);
}
END_TEST

static const struct {
	const char	*in;
	int		 want;
} yatidak_cases[] = {
	{ "Y", 1 }, { "ya", 1 }, { "1", 1 }, { "ADA", 1 }, { "true", 1 },
	{ "V", 1 }, { "\xE2\x88\x9A", 1 }, { "\xE2\x9C\x93", 1 },
	{ "N", 0 }, { "tidak", 0 }, { "0", 0 }, { "TIDAK ADA", 0 },
	{ "FALSE", 0 },
	{ "", -1 }, { "X", -1 }, { "2", -1 }, { "MUNGKIN", -1 },
};

START_TEST(test_yatidak)
{
	ck_assert_msg(clean_yatidak(yatidak_cases[_i].in) ==
	    yatidak_cases[_i].want, "case %d [%s]", _i, yatidak_cases[_i].in);
}
END_TEST

static const struct {
	const char	*in;
	const char	*want;
} usulan_cases[] = {
	{ "", "BARU" }, { "BARU", "BARU" }, { "Usulan Baru", "BARU" },
	{ "MUTASI", "MUTASI" }, { "mutasi", "MUTASI" },
	{ "Mutasi Segmen", "MUTASI" }, { "USULAN-MUTASI", "MUTASI" },
	{ "MUTASIKAN", "BARU" }, { "LAINNYA", "BARU" },
};

START_TEST(test_jenis_usulan)
{
	ck_assert_str_eq(clean_jenis_usulan(usulan_cases[_i].in),
	    usulan_cases[_i].want);
}
END_TEST

/* ---- Runner -------------------------------------------------------------- */

static Suite *
clean_suite(void)
{
	Suite *s = suite_create("clean");
	TCase *tc;

	tc = tcase_create("text");
	tcase_add_loop_test(tc, test_text, 0, N(text_cases));
	tcase_add_test(tc, test_text_bounds);
	suite_add_tcase(s, tc);

	tc = tcase_create("nama");
	tcase_add_loop_test(tc, test_upper, 0, N(upper_cases));
	tcase_add_loop_test(tc, test_nama_kunci, 0, N(kunci_cases));
	tcase_add_test(tc, test_nama_kunci_inplace);
	tcase_add_test(tc, test_nama_chain);
	suite_add_tcase(s, tc);

	tc = tcase_create("fold");
	tcase_add_loop_test(tc, test_fold, 0, N(fold_cases));
	tcase_add_test(tc, test_fold_inplace);
	suite_add_tcase(s, tc);

	tc = tcase_create("identifier");
	tcase_add_loop_test(tc, test_identifier, 0, N(id_cases));
	tcase_add_test(tc, test_identifier_chain);
	tcase_add_loop_test(tc, test_nik, 0, N(nik_cases));
	tcase_add_test(tc, test_nik_null);
	tcase_add_loop_test(tc, test_noka, 0, N(noka_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("date");
	tcase_add_loop_test(tc, test_date, 0, N(date_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("coded");
	tcase_add_loop_test(tc, test_jenis_kelamin, 0, N(jk_cases));
	tcase_add_loop_test(tc, test_status, 0, N(status_cases));
	tcase_add_loop_test(tc, test_segmen, 0, N(segmen_cases));
	tcase_add_loop_test(tc, test_segmen_from_name, 0,
	    N(segmen_name_cases));
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_segmen_roundtrip);
	tcase_add_loop_test(tc, test_hasil, 0, N(hasil_cases));
	tcase_add_loop_test(tc, test_desil, 0, N(desil_cases));
	tcase_add_loop_test(tc, test_padan, 0, N(padan_cases));
	tcase_add_loop_test(tc, test_yatidak, 0, N(yatidak_cases));
	tcase_add_loop_test(tc, test_jenis_usulan, 0, N(usulan_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(clean_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
