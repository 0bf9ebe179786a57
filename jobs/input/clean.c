/*
 * clean.c — see clean.h. "Cleaning values" of inputs.md.
 *
 * Decisions where the spec is silent or loose (each repeated at its code):
 * - White space is Unicode White_Space, not only ASCII: Excel exports are
 *   full of U+00A0.
 * - "NULL" is matched in any case; MySQL's zero datetime
 *   "0000-00-00 00:00:00" (SIKS-NG is MySQL) is empty like "0000-00-00".
 * - Quotes: one pair around the whole value is dropped, then one leading
 *   apostrophe, so "'0001" (quoted Excel text) gives 0001.
 * - Coded values: a listed number matches any all-digit value with that
 *   value ("06" is 6). NONAKTIF, like NON AKTIF, counts when contained as a
 *   word: they are one word written two ways.
 * - Dates: YYYY-MM-DD only with '-' (the spec's form), but with one- or
 *   two-digit month and day like the day-first forms; a date's two
 *   separators must be the same; a time may carry "Z" or a UTC offset.
 * - padan and ada_* accept a few more spellings than the spec lists (see
 *   clean.h): SUDAH/BELUM PADAN, TIDAK ADA, and the check marks V √ ✓ ✔
 *   that people type into checklists.
 */
#include "clean.h"

#include "date.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

typedef unsigned char uchar;

/* Longest folded coded value examined; longer ones are cut (no listed
 * value is anywhere near this long). */
#define FOLD_MAX 1024

/* ---- Characters --------------------------------------------------------- */

/* Byte length of the UTF-8 character at p (p < e); 1 for a byte that does
 * not start a valid sequence, so any byte string walks safely. */
static size_t
u8len(const uchar *p, const uchar *e)
{
	size_t n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4;
	else
		return 1;
	if ((size_t)(e - p) < n)
		return 1;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 1;
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0) ||
	    (p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90))
		return 1;
	return n;
}

/* Byte length of the white-space character at p (p < e), 0 if none. */
static size_t
ws_len(const uchar *p, const uchar *e)
{
	size_t left = (size_t)(e - p);

	if (p[0] == ' ' || (p[0] >= '\t' && p[0] <= '\r'))
		return 1;
	if (left >= 2 && p[0] == 0xC2 && (p[1] == 0x85 || p[1] == 0xA0))
		return 2;
	if (left < 3)
		return 0;
	if (p[0] == 0xE1 && p[1] == 0x9A && p[2] == 0x80)	/* U+1680 */
		return 3;
	if (p[0] == 0xE2 && p[1] == 0x80 &&			/* U+2000.. */
	    (p[2] <= 0x8A || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF))
		return 3;
	if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F)	/* U+205F */
		return 3;
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)	/* U+3000 */
		return 3;
	return 0;
}

/* Byte length of a white-space character ending at e (s < e), 0 if none. */
static size_t
ws_len_back(const uchar *s, const uchar *e)
{
	size_t n;

	for (n = 1; n <= 3 && n <= (size_t)(e - s); n++)
		if (ws_len(e - n, e) == n)
			return n;
	return 0;
}

static void
trim(const uchar **sp, const uchar **ep)
{
	const uchar *s = *sp, *e = *ep;
	size_t n;

	while (s < e && (n = ws_len(s, e)) > 0)
		s += n;
	/* A last byte of printable ASCII ends no white space. */
	while (s < e && !(e[-1] > ' ' && e[-1] < 0x7F) &&
	    (n = ws_len_back(s, e)) > 0)
		e -= n;
	*sp = s;
	*ep = e;
}

/* Upper-case one character in place: a-z, and U+00E0..U+00FE but not
 * U+00F7 (C3 A0..C3 BE) to U+00C0..U+00DE (C3 80..C3 9E). */
static void
upper_char(uchar *c, size_t n)
{
	if (n == 1 && c[0] >= 'a' && c[0] <= 'z')
		c[0] -= 'a' - 'A';
	else if (n == 2 && c[0] == 0xC3 && c[1] >= 0xA0 && c[1] <= 0xBE &&
	    c[1] != 0xB7)
		c[1] -= 0x20;
}

/*
 * A writer that folds separators: a separator is only written (as one
 * space) when a following character is, so runs fold and the ends stay
 * trimmed, and a character is written whole or not at all. Writes only at
 * or behind the read position of the callers, so in == out is safe.
 */
struct wr {
	uchar	*out;
	size_t	 sz;	/* > 0 */
	size_t	 len;
	int	 sep;	/* a separator is pending */
	int	 full;
};

static void
wr_sep(struct wr *w)
{
	if (w->len > 0)
		w->sep = 1;
}

static void
wr_char(struct wr *w, const uchar *c, size_t n)
{
	size_t need = n + (w->sep ? 1 : 0);

	if (w->full || w->len + need >= w->sz) {
		w->full = 1;
		return;
	}
	if (w->sep)
		w->out[w->len++] = ' ';
	w->sep = 0;
	memmove(w->out + w->len, c, n);
	w->len += n;
}

/* A run of n one-byte characters: as n wr_char calls, in one go. */
static void
wr_run(struct wr *w, const uchar *c, size_t n)
{
	size_t sep = w->sep ? 1 : 0, room;

	if (w->full || n == 0)
		return;
	room = w->sz - 1 > w->len + sep ? w->sz - 1 - w->len - sep : 0;
	if (room == 0) {
		w->full = 1;
		return;
	}
	if (n > room) {
		n = room;
		w->full = 1;
	}
	if (sep)
		w->out[w->len++] = ' ';
	w->sep = 0;
	memmove(w->out + w->len, c, n);
	w->len += n;
}

static size_t
wr_end(struct wr *w)
{
	w->out[w->len] = '\0';
	return w->len;
}

static int
streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static int
strieq_ascii(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		uchar x = (uchar)*a, y = (uchar)*b;

		if (x >= 'a' && x <= 'z')
			x -= 'a' - 'A';
		if (y >= 'a' && y <= 'z')
			y -= 'a' - 'A';
		if (x != y)
			return 0;
	}
	return *a == *b;
}

/* ---- Text --------------------------------------------------------------- */

size_t
clean_text(const char *in, size_t len, char *out, size_t outsz)
{
	const uchar *s = (const uchar *)in, *e = s + len;
	struct wr w = { (uchar *)out, outsz, 0, 0, 0 };
	size_t n;

	if (outsz == 0)
		return 0;
	if (in == NULL) {
		out[0] = '\0';
		return 0;
	}
	/* A NUL ends the value: a row holding one is rejected (BYTE_NUL)
	 * anyway, and the result must be a C string of the length returned. */
	e = s + strnlen(in, len);
	trim(&s, &e);
	/* A pair of quotes around the whole value, then Excel's text marker:
	 * "'0001" is the quoted form of '0001, which is 0001. */
	if (e - s >= 2 && (*s == '"' || *s == '\'') && e[-1] == *s) {
		s++;
		e--;
		trim(&s, &e);
	}
	if (s < e && *s == '\'') {
		s++;
		trim(&s, &e);
	}
	while (s < e) {
		/* Printable ASCII, neither white space nor part of a
		 * multi-byte character: copied as a run. */
		if (*s > ' ' && *s < 0x7F) {
			const uchar *r = s;

			while (s < e && *s > ' ' && *s < 0x7F)
				s++;
			wr_run(&w, r, (size_t)(s - r));
			continue;
		}
		if (*s == ' ') {
			wr_sep(&w);
			s++;
			continue;
		}
		if ((n = ws_len(s, e)) > 0) {
			wr_sep(&w);
			s += n;
			continue;
		}
		n = u8len(s, e);
		wr_char(&w, s, n);
		s += n;
	}
	wr_end(&w);
	/* Spellings of "no value". NULL in any case: no one is named Null.
	 * The zero datetime is MySQL's (SIKS-NG) way of writing no date. */
	if (w.len <= 19 && (out[0] == 'N' || out[0] == 'n' || out[0] == '-' ||
	    out[0] == '0') &&
	    (strieq_ascii(out, "NULL") || streq(out, "-") ||
	    streq(out, "0000-00-00") || streq(out, "0000-00-00 00:00:00") ||
	    streq(out, "0000-00-00T00:00:00"))) {
		out[0] = '\0';
		return 0;
	}
	return w.len;
}

void
clean_upper(char *s)
{
	uchar *p = (uchar *)s, *e;
	size_t n;

	if (s == NULL)
		return;
	e = p + strlen(s);
	while (p < e) {
		n = u8len(p, e);
		upper_char(p, n);
		p += n;
	}
}

size_t
clean_nama_kunci(const char *nama, char *out, size_t outsz)
{
	const uchar *p = (const uchar *)nama;
	struct wr w = { (uchar *)out, outsz, 0, 0, 0 };
	uchar c;

	if (outsz == 0)
		return 0;
	if (nama == NULL)
		return wr_end(&w);
	/* Byte by byte is enough: every byte of a multi-byte character is
	 * >= 0x80, so the character becomes a run of separators, i.e. one
	 * space, the same as treating it as one character. */
	for (; *p != '\0'; p++) {
		c = *p;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (c >= 'A' && c <= 'Z')
			wr_char(&w, &c, 1);
		else
			wr_sep(&w);
	}
	return wr_end(&w);
}

size_t
clean_fold(const char *in, char *out, size_t outsz)
{
	const uchar *p = (const uchar *)in, *e;
	struct wr w = { (uchar *)out, outsz, 0, 0, 0 };
	uchar c[4];
	size_t n;

	if (outsz == 0)
		return 0;
	if (in == NULL)
		return wr_end(&w);
	e = p + strlen(in);
	while (p < e) {
		if ((n = ws_len(p, e)) > 0 || strchr("_./-()", *p) != NULL) {
			wr_sep(&w);
			p += n > 0 ? n : 1;
			continue;
		}
		n = u8len(p, e);
		memcpy(c, p, n);
		upper_char(c, n);
		wr_char(&w, c, n);
		p += n;
	}
	return wr_end(&w);
}

/* ---- Identifiers -------------------------------------------------------- */

/* Skip ASCII spaces (clean_text leaves at most one in a row). */
static const char *
skip_sp(const char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

/* Scientific notation as Excel displays a long number it has rounded:
 * [sign] digits [, or . digits] E|e [sign] digits, the whole value. */
static int
is_scientific(const char *p)
{
	int nd;

	p = skip_sp(p);
	if (*p == '+' || *p == '-')
		p++;
	for (nd = 0; *p >= '0' && *p <= '9'; p++)
		nd++;
	if (nd == 0)
		return 0;
	if (*p == '.' || *p == ',')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p != 'E' && *p != 'e')
		return 0;
	p++;
	if (*p == '+' || *p == '-')
		p++;
	for (nd = 0; *p >= '0' && *p <= '9'; p++)
		nd++;
	return nd > 0 && *skip_sp(p) == '\0';
}

enum clean_id
clean_identifier(const char *in, char *out, size_t outsz)
{
	const uchar *p = (const uchar *)in, *e;
	struct wr w = { (uchar *)out, outsz, 0, 0, 0 };
	size_t n;

	if (outsz == 0)
		return in == NULL || *in == '\0' ? CLEAN_ID_EMPTY : CLEAN_ID_OK;
	if (in == NULL) {
		wr_end(&w);
		return CLEAN_ID_EMPTY;
	}
	if (is_scientific(in)) {
		wr_end(&w);
		return CLEAN_ID_EXCEL;
	}
	e = p + strlen(in);
	while (p < e) {
		if ((n = ws_len(p, e)) > 0) {
			p += n;
			continue;
		}
		if (*p == '.' || *p == '-') {
			p++;
			continue;
		}
		n = u8len(p, e);
		wr_char(&w, p, n);
		p += n;
	}
	return wr_end(&w) == 0 ? CLEAN_ID_EMPTY : CLEAN_ID_OK;
}

static int
num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}



/* Indonesian province codes (Kemendagri), as inputs.md lists them. */
static int
province_ok(int p)
{
	return (p >= 11 && p <= 19) || p == 21 || (p >= 31 && p <= 36) ||
	    (p >= 51 && p <= 53) || (p >= 61 && p <= 65) ||
	    (p >= 71 && p <= 76) || p == 81 || p == 82 || (p >= 91 && p <= 97);
}

bool
clean_nik_valid(const char *nik)
{
	int dd, mm, yy;

	if (nik == NULL || strlen(nik) != 16 || !util_all_digits(nik, 16))
		return false;
	if (!province_ok(num2(nik)))
		return false;
	if (num2(nik + 2) == 0 || num2(nik + 4) == 0)
		return false;
	dd = num2(nik + 6);
	mm = num2(nik + 8);
	yy = num2(nik + 10);
	if (dd > 40)
		dd -= 40;		/* women */
	if (mm < 1 || mm > 12 || dd < 1)
		return false;
	/* Either century will do: 29-02-00 exists in 2000. */
	if (dd > date_days_in_month(1900 + yy, mm) &&
	    dd > date_days_in_month(2000 + yy, mm))
		return false;
	return memcmp(nik + 12, "0000", 4) != 0;
}

enum clean_noka
clean_noka(char *noka)
{
	size_t n;

	if (noka == NULL)
		return CLEAN_NOKA_INVALID;
	n = strlen(noka);
	if (n == 0 || n > 13 || !util_all_digits(noka, n))
		return CLEAN_NOKA_INVALID;
	if (n == 13)
		return CLEAN_NOKA_OK;
	memmove(noka + (13 - n), noka, n + 1);
	memset(noka, '0', 13 - n);
	return CLEAN_NOKA_PADDED;
}

/* ---- Dates -------------------------------------------------------------- */



/* Length of the run of digits at p. */
static int
digit_run(const char *p)
{
	int n = 0;

	while (p[n] >= '0' && p[n] <= '9')
		n++;
	return n;
}

/* Read a run of min..max digits; the run must end there. */
static int
read_num(const char **pp, int min, int max, int *v)
{
	int n = digit_run(*pp);

	if (n < min || n > max)
		return 0;
	*v = util_atoin(*pp, n);
	*pp += n;
	return 1;
}

/* The ignored time after a date: "" or " "/"T" H[H]:MM[:SS[.frac]], then
 * optionally "Z" or a UTC offset (+07, +0700, +07:00). */
static int
time_ok(const char *p)
{
	int h, mi, s, n;

	if (*p == '\0')
		return 1;
	if (*p != ' ' && *p != 'T')
		return 0;
	p++;
	if (!read_num(&p, 1, 2, &h) || *p++ != ':' ||
	    !read_num(&p, 2, 2, &mi) || h > 23 || mi > 59)
		return 0;
	if (*p == ':') {
		p++;
		if (!read_num(&p, 2, 2, &s) || s > 60)
			return 0;
		if (*p == '.' || *p == ',') {
			p++;
			if (digit_run(p) == 0)
				return 0;
			p += digit_run(p);
		}
	}
	if (*p == 'Z')
		p++;
	else if (*p == '+' || *p == '-') {
		p++;
		n = digit_run(p);
		if (n == 2 && p[2] == ':') {
			p += 3;
			n = digit_run(p);
			if (n != 2)
				return 0;
		} else if (n != 2 && n != 4)
			return 0;
		p += n;
	}
	return *p == '\0';
}

static enum clean_date
date_ok(int yy, int mm, int dd, int *y, int *m, int *d)
{
	if (yy < 1800 || yy > 2200 || mm < 1 || mm > 12 || dd < 1 ||
	    dd > date_days_in_month(yy, mm))
		return CLEAN_DATE_INVALID;
	*y = yy;
	*m = mm;
	*d = dd;
	return CLEAN_DATE_OK;
}

/* Excel's 1900 system, with its fictitious 1900-02-29 as serial 60. */
static enum clean_date
excel_serial(long n, int *y, int *m, int *d)
{
	long z;
	int yy, mm, dd;

	if (n < 1 || n > 2958465 || n == 60)
		return CLEAN_DATE_INVALID;
	if (n < 60)
		z = date_from_civil(1899, 12, 31) + n;
	else
		z = date_from_civil(1899, 12, 30) + n;
	date_to_civil(z, &yy, &mm, &dd);
	return date_ok(yy, mm, dd, y, m, d);
}

static enum clean_date
parse_date(const char *p, int pyy, int *y, int *m, int *d)
{
	int a, b, c, na, nc;
	char sep;

	na = digit_run(p);
	/* A whole number: YYYYMMDD when 8 digits, else an Excel serial. */
	if (na > 0 && p[na] == '\0' && na != 8)
		return na <= 7 ? excel_serial(util_atoin(p, na), y, m, d) :
		    CLEAN_DATE_INVALID;
	if (na == 8)
		return time_ok(p + 8) ? date_ok(util_atoin(p, 4), util_atoin(p + 4, 2),
		    util_atoin(p + 6, 2), y, m, d) : CLEAN_DATE_INVALID;
	if (na == 4 && p[4] == '-') {
		a = util_atoin(p, 4);
		p += 5;
		if (!read_num(&p, 1, 2, &b) || *p++ != '-' ||
		    !read_num(&p, 1, 2, &c) || !time_ok(p))
			return CLEAN_DATE_INVALID;
		return date_ok(a, b, c, y, m, d);
	}
	if (na < 1 || na > 2)
		return CLEAN_DATE_INVALID;
	sep = p[na];
	if (sep != '-' && sep != '/' && sep != '.')
		return CLEAN_DATE_INVALID;
	a = util_atoin(p, na);
	p += na + 1;
	if (!read_num(&p, 1, 2, &b) || *p++ != sep)
		return CLEAN_DATE_INVALID;
	nc = digit_run(p);
	if (nc != 2 && nc != 4)
		return CLEAN_DATE_INVALID;
	c = util_atoin(p, nc);
	if (!time_ok(p + nc))
		return CLEAN_DATE_INVALID;
	/* Two-digit year: up to the batch period's is this century. */
	if (nc == 2)
		c += c <= pyy ? 2000 : 1900;
	return date_ok(c, b, a, y, m, d);
}

enum clean_date
clean_date(const char *in, int period_year, int *y, int *m, int *d)
{
	enum clean_date r;
	const char *p;
	char buf[64];
	size_t n;
	int pyy = ((period_year % 100) + 100) % 100;
	int yy = 0, mm = 0, dd = 0;

	if (in == NULL || *(p = skip_sp(in)) == '\0')
		r = CLEAN_DATE_EMPTY;
	else {
		/* Trailing spaces, if the caller did not clean_text. */
		n = strlen(p);
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n >= sizeof buf)
			r = CLEAN_DATE_INVALID;
		else {
			memcpy(buf, p, n);
			buf[n] = '\0';
			r = parse_date(buf, pyy, &yy, &mm, &dd);
		}
	}
	if (r != CLEAN_DATE_OK)
		yy = mm = dd = 0;
	if (y != NULL)
		*y = yy;
	if (m != NULL)
		*m = mm;
	if (d != NULL)
		*d = dd;
	return r;
}

/* ---- Coded values ------------------------------------------------------- */

/* A value a listed number matches: all digits (at most 9), else -1. */
static long
fold_num(const char *f)
{
	size_t n = strlen(f);

	if (n == 0 || n > 9 || !util_all_digits(f, n))
		return -1;
	return util_atoin(f, (int)n);
}

/* Does folded value f contain the words w (whole words)? */
static int
has_words(const char *f, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = f; (p = strstr(p, w)) != NULL; p++)
		if ((p == f || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
	return 0;
}

/* Is folded value f one of the NULL-terminated list? */
static int
is_one_of(const char *f, const char *const *list)
{
	for (; *list != NULL; list++)
		if (streq(f, *list))
			return 1;
	return 0;
}

static int
contains_one_of(const char *f, const char *const *list)
{
	for (; *list != NULL; list++)
		if (has_words(f, *list))
			return 1;
	return 0;
}

char
clean_jenis_kelamin(const char *in)
{
	static const char *const l[] = {
		"L", "LK", "LAKI LAKI", "PRIA", "M", NULL
	};
	static const char *const p[] = {
		"P", "PR", "PEREMPUAN", "WANITA", "F", NULL
	};
	char f[FOLD_MAX];
	long n;

	clean_fold(in, f, sizeof f);
	n = fold_num(f);
	if (is_one_of(f, l) || n == 1)
		return 'L';
	if (is_one_of(f, p) || n == 2)
		return 'P';
	return 0;
}

enum clean_status
clean_status(const char *in)
{
	/* NONAKTIF is NON AKTIF without its space: contained, like it. */
	static const char *const nonaktif[] = {
		"NONAKTIF", "NON AKTIF", "TIDAK AKTIF", "PENANGGUHAN",
		"TIDAK DITANGGUNG", NULL
	};
	char f[FOLD_MAX];
	long n;

	clean_fold(in, f, sizeof f);
	if (f[0] == '\0')
		return CLEAN_STATUS_EMPTY;
	n = fold_num(f);
	/* AKTIF is a whole value, so TIDAK AKTIF does not match it. */
	if (streq(f, "AKTIF") || n == 0)
		return CLEAN_STATUS_AKTIF;
	if (has_words(f, "MENINGGAL") || n == 2)
		return CLEAN_STATUS_MENINGGAL;
	if (contains_one_of(f, nonaktif) || n == 6 || n == 7 || n == 9 ||
	    n == 15)
		return CLEAN_STATUS_NON_AKTIF;
	if (has_words(f, "KELUAR"))
		return CLEAN_STATUS_KELUAR;
	return CLEAN_STATUS_LAINNYA;
}

const char *
clean_status_name(enum clean_status s)
{
	switch (s) {
	case CLEAN_STATUS_AKTIF:
		return "AKTIF";
	case CLEAN_STATUS_MENINGGAL:
		return "MENINGGAL";
	case CLEAN_STATUS_NON_AKTIF:
		return "NON_AKTIF";
	case CLEAN_STATUS_KELUAR:
		return "KELUAR";
	case CLEAN_STATUS_LAINNYA:
		return "LAINNYA";
	default:
		return NULL;
	}
}

/* Whole values only, in the order of inputs.md. The canonical names fold
 * to listed values ("PBPU_PEMDA" -> "PBPU PEMDA"). */
enum clean_segmen
clean_segmen(const char *in)
{
	static const char *const pemda[] = {
		"PBPU PEMDA", "PBPU DAN BP PEMDA", "PBI APBD", "PEMDA", NULL
	};
	static const char *const apbn[] = {
		"PBI APBN", "PBI JK", "PBI", NULL
	};
	static const char *const ppu[] = {
		"PPU", "PEKERJA PENERIMA UPAH", "PNS", "TNI", "POLRI",
		"PEGAWAI SWASTA", NULL
	};
	static const char *const mandiri[] = {
		"PBPU", "PBPU MANDIRI", "MANDIRI", "PEKERJA BUKAN PENERIMA UPAH",
		NULL
	};
	static const char *const bp[] = {
		"BP", "BUKAN PEKERJA", NULL
	};
	char f[FOLD_MAX];
	long n;

	clean_fold(in, f, sizeof f);
	if (f[0] == '\0')
		return CLEAN_SEGMEN_EMPTY;
	n = fold_num(f);
	if (is_one_of(f, pemda) || n == 22)
		return CLEAN_SEGMEN_PBPU_PEMDA;
	if (is_one_of(f, apbn) || n == 21)
		return CLEAN_SEGMEN_PBI_APBN;
	if (is_one_of(f, ppu))
		return CLEAN_SEGMEN_PPU;
	if (is_one_of(f, mandiri))
		return CLEAN_SEGMEN_PBPU_MANDIRI;
	if (is_one_of(f, bp))
		return CLEAN_SEGMEN_BP;
	return CLEAN_SEGMEN_LAINNYA;
}

const char *
clean_segmen_name(enum clean_segmen s)
{
	switch (s) {
	case CLEAN_SEGMEN_PBPU_PEMDA:
		return "PBPU_PEMDA";
	case CLEAN_SEGMEN_PBI_APBN:
		return "PBI_APBN";
	case CLEAN_SEGMEN_PPU:
		return "PPU";
	case CLEAN_SEGMEN_PBPU_MANDIRI:
		return "PBPU_MANDIRI";
	case CLEAN_SEGMEN_BP:
		return "BP";
	case CLEAN_SEGMEN_LAINNYA:
		return "LAINNYA";
	default:
		return NULL;
	}
}

/* An unknown --segmen is an error, not LAINNYA: only "LAINNYA" is. */
enum clean_segmen
clean_segmen_from_name(const char *name)
{
	enum clean_segmen s = clean_segmen(name);
	char f[FOLD_MAX];

	if (s != CLEAN_SEGMEN_LAINNYA)
		return s;
	clean_fold(name, f, sizeof f);
	return streq(f, "LAINNYA") ? CLEAN_SEGMEN_LAINNYA : CLEAN_SEGMEN_EMPTY;
}

/* Whole values; GAGAL first, so TIDAK BERHASIL is never BERHASIL. */
enum clean_hasil
clean_hasil(const char *in)
{
	static const char *const gagal[] = {
		"GAGAL", "DITOLAK", "TIDAK BERHASIL", "ERROR", NULL
	};
	static const char *const berhasil[] = {
		"BERHASIL", "SUKSES", "DITERIMA", "TERDAFTAR", "OK", NULL
	};
	char f[FOLD_MAX];

	clean_fold(in, f, sizeof f);
	if (is_one_of(f, gagal))
		return CLEAN_HASIL_GAGAL;
	if (is_one_of(f, berhasil))
		return CLEAN_HASIL_BERHASIL;
	return CLEAN_HASIL_UNKNOWN;
}

const char *
clean_hasil_name(enum clean_hasil h)
{
	switch (h) {
	case CLEAN_HASIL_GAGAL:
		return "GAGAL";
	case CLEAN_HASIL_BERHASIL:
		return "BERHASIL";
	default:
		return NULL;
	}
}

const char *
clean_keputusan(const char *in)
{
	static const char *const sama[] = { "SAMA", "YA", "S", NULL };
	static const char *const beda[] = { "BEDA", "TIDAK", "B", NULL };
	char f[FOLD_MAX];

	clean_fold(in, f, sizeof f);
	if (is_one_of(f, sama))
		return "SAMA";
	if (is_one_of(f, beda))
		return "BEDA";
	return NULL;
}

/* A whole number 1..10; "3.0" and "3,0" are how a spreadsheet writes 3. */
int
clean_desil(const char *in)
{
	const char *p;
	int n, v;

	if (in == NULL)
		return 0;
	p = skip_sp(in);
	n = digit_run(p);
	if (n == 0 || n > 4)
		return 0;
	v = util_atoin(p, n);
	p += n;
	if (*p == '.' || *p == ',') {
		for (p++; *p == '0'; p++)
			;
	}
	if (*skip_sp(p) != '\0' || v < 1 || v > 10)
		return 0;
	return v;
}

const char *
clean_padan(const char *in)
{
	static const char *const ya[] = {
		"YA", "Y", "1", "PADAN", "SUDAH PADAN", NULL
	};
	static const char *const tidak[] = {
		"TIDAK", "N", "0", "TIDAK PADAN", "BELUM PADAN", NULL
	};
	char f[FOLD_MAX];

	clean_fold(in, f, sizeof f);
	if (is_one_of(f, ya))
		return "YA";
	if (is_one_of(f, tidak))
		return "TIDAK";
	return NULL;
}

int
clean_yatidak(const char *in)
{
	/* V and check marks: how a paper checklist gets typed in. */
	static const char *const ya[] = {
		"Y", "YA", "1", "ADA", "TRUE", "V",
		"\xE2\x88\x9A", "\xE2\x9C\x93", "\xE2\x9C\x94", NULL
	};
	static const char *const tidak[] = {
		"N", "TIDAK", "0", "TIDAK ADA", "FALSE", NULL
	};
	char f[FOLD_MAX];

	clean_fold(in, f, sizeof f);
	if (is_one_of(f, ya))
		return 1;
	if (is_one_of(f, tidak))
		return 0;
	return -1;
}

const char *
clean_jenis_usulan(const char *in)
{
	char f[FOLD_MAX];

	clean_fold(in, f, sizeof f);
	return has_words(f, "MUTASI") ? "MUTASI" : "BARU";
}

int
clean_place_fold(const char *in, int kelurahan, char *out, size_t outsz)
{
	static const char *const kec_words[] = { "KECAMATAN ", "KEC ", NULL };
	static const char *const kel_words[] = { "KELURAHAN ", "KEL ",
	    "DESA ", NULL };
	const char *const *w = kelurahan ? kel_words : kec_words;
	char tmp[256];
	size_t n;

	if (in == NULL || clean_fold(in, tmp, sizeof tmp) >= sizeof tmp)
		return -1;
	for (; *w != NULL; w++)
		if (strncmp(tmp, *w, strlen(*w)) == 0) {
			memmove(tmp, tmp + strlen(*w), strlen(tmp) -
			    strlen(*w) + 1);
			break;
		}
	n = (size_t)snprintf(out, outsz, "%s", tmp);
	return n >= outsz || *out == '\0' ? -1 : 0;
}
