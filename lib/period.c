/*
 * period.c — see period.h.
 *
 * Decisions where inputs.md is silent:
 * - Only the forms it lists are read from a file name: "11-2026" or
 *   "2026.11" are not periods (too easily part of a date or a version).
 * - The old spellings NOPEMBER and PEBRUARI (NOP and PEB are listed) and
 *   the common abbreviation AGT are month names too.
 * - A time zone glibc does not know would silently be UTC, seven hours off
 *   at a month's turn in Jakarta: period_current refuses it instead.
 */
#include "period.h"

#include "date.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define YEAR_MIN	1900
#define YEAR_MAX	2199

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
run_len(const char *p, int (*is)(int))
{
	int n = 0;

	while (is((unsigned char)p[n]))
		n++;
	return n;
}

static int
valid(int y, int m)
{
	return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12;
}

/* "YYYY-MM" without snprintf (whose truncation warnings know no range). */
static void
put_period(char out[8], int y, int m)
{
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '\0';
}

int
period_parse(const char *s, int *y, int *m)
{
	int yy, mm;

	if (s == NULL || strlen(s) != PERIOD_LEN || s[4] != '-' ||
	    run_len(s, is_digit) != 4 || run_len(s + 5, is_digit) != 2)
		return 0;
	yy = util_atoin(s, 4);
	mm = util_atoin(s + 5, 2);
	if (!valid(yy, mm))
		return 0;
	if (y != NULL)
		*y = yy;
	if (m != NULL)
		*m = mm;
	return 1;
}

/* ---- Period from a file name -------------------------------------------- */

static const struct {
	const char	*name;
	int		 month;
} month_names[] = {
	{ "JANUARI", 1 }, { "JANUARY", 1 }, { "JAN", 1 },
	{ "FEBRUARI", 2 }, { "PEBRUARI", 2 }, { "FEBRUARY", 2 },
	{ "FEB", 2 }, { "PEB", 2 },
	{ "MARET", 3 }, { "MARCH", 3 }, { "MAR", 3 },
	{ "APRIL", 4 }, { "APR", 4 },
	{ "MEI", 5 }, { "MAY", 5 },
	{ "JUNI", 6 }, { "JUNE", 6 }, { "JUN", 6 },
	{ "JULI", 7 }, { "JULY", 7 }, { "JUL", 7 },
	{ "AGUSTUS", 8 }, { "AUGUST", 8 }, { "AGU", 8 }, { "AGS", 8 },
	{ "AGT", 8 }, { "AUG", 8 },
	{ "SEPTEMBER", 9 }, { "SEPT", 9 }, { "SEP", 9 },
	{ "OKTOBER", 10 }, { "OCTOBER", 10 }, { "OKT", 10 }, { "OCT", 10 },
	{ "NOVEMBER", 11 }, { "NOPEMBER", 11 }, { "NOV", 11 }, { "NOP", 11 },
	{ "DESEMBER", 12 }, { "DECEMBER", 12 }, { "DES", 12 }, { "DEC", 12 },
};

/* The month a whole run of n letters names, in any case; 0 if none. */
static int
month_of(const char *p, int n)
{
	size_t i;

	for (i = 0; i < sizeof month_names / sizeof month_names[0]; i++)
		if (strlen(month_names[i].name) == (size_t)n &&
		    strncasecmp(p, month_names[i].name, (size_t)n) == 0)
			return month_names[i].month;
	return 0;
}

/* Skip a separator: any run of characters that are not letters or
 * digits (possibly none). */
static const char *
skip_sep(const char *p)
{
	while (*p != '\0' && !is_digit((unsigned char)*p) &&
	    !is_alpha((unsigned char)*p))
		p++;
	return p;
}

/* A period starting with the digit run at p: "2026-11", "2026_11",
 * "202611", "2026 Nov". */
static int
from_digits(const char *p, int *y, int *m)
{
	int n = run_len(p, is_digit), k;
	const char *q;

	if (n == 6) {
		*y = util_atoin(p, 4);
		*m = util_atoin(p + 4, 2);
		return valid(*y, *m);
	}
	if (n != 4)
		return 0;
	*y = util_atoin(p, 4);
	if ((p[4] == '-' || p[4] == '_') && run_len(p + 5, is_digit) == 2) {
		*m = util_atoin(p + 5, 2);
		if (valid(*y, *m))
			return 1;
	}
	q = skip_sep(p + 4);
	if ((k = run_len(q, is_alpha)) > 0 && (*m = month_of(q, k)) != 0)
		return valid(*y, *m);
	return 0;
}

/* A period starting with the letter run at p: "Nov 2026", "Nop2026". */
static int
from_letters(const char *p, int *y, int *m)
{
	int n = run_len(p, is_alpha);
	const char *q;

	if ((*m = month_of(p, n)) == 0)
		return 0;
	q = skip_sep(p + n);
	if (run_len(q, is_digit) != 4)
		return 0;
	*y = util_atoin(q, 4);
	return valid(*y, *m);
}

int
period_from_filename(const char *path, char out[8])
{
	const char *base, *p;
	int y, m, c, prev;

	out[0] = '\0';
	if (path == NULL)
		return 0;
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	/* Try each run of digits or letters where it starts, leftmost
	 * first; a run inside another cannot start a candidate. */
	for (p = base; *p != '\0'; p++) {
		c = (unsigned char)*p;
		prev = p > base ? (unsigned char)p[-1] : '\0';
		if ((is_digit(c) && !is_digit(prev) && from_digits(p, &y, &m)) ||
		    (is_alpha(c) && !is_alpha(prev) && from_letters(p, &y, &m))) {
			put_period(out, y, m);
			return 1;
		}
	}
	return 0;
}

/* ---- The current period ------------------------------------------------- */

/* A POSIX TZ string ("WIB-7", "UTC0", "<+07>-7") rather than a zone name:
 * glibc needs no file for it. */
static int
posix_tz(const char *tz)
{
	int n;

	if (strchr(tz, '/') != NULL)
		return 0;
	if (tz[0] == '<')
		return strchr(tz, '>') != NULL;
	n = run_len(tz, is_alpha);
	return n >= 3 && (is_digit((unsigned char)tz[n]) || tz[n] == '+' ||
	    tz[n] == '-');
}

/*
 * The TZ value for tz, into buf: tz itself when glibc can read it (a POSIX
 * string, or a zone file that exists), else a fixed offset for the zones
 * of Indonesia and UTC, else 0: an unknown name would silently be UTC.
 */
static int
resolve_tz(const char *tz, char *buf, size_t bufsz)
{
	static const struct {
		const char *name, *posix;
	} fixed[] = {
		{ "Asia/Jakarta", "WIB-7" }, { "Asia/Pontianak", "WIB-7" },
		{ "Asia/Makassar", "WITA-8" }, { "Asia/Jayapura", "WIT-9" },
		{ "UTC", "UTC0" }, { "Etc/UTC", "UTC0" }, { "GMT", "GMT0" },
	};
	const char *name = tz[0] == ':' ? tz + 1 : tz;
	const char *dir;
	char path[PATH_MAX];
	size_t i;
	int n;

	if (strlen(tz) >= bufsz)
		return 0;
	if (posix_tz(name)) {
		memcpy(buf, tz, strlen(tz) + 1);
		return 1;
	}
	if (name[0] == '/')
		n = snprintf(path, sizeof path, "%s", name);
	else {
		if ((dir = getenv("TZDIR")) == NULL || *dir == '\0')
			dir = "/usr/share/zoneinfo";
		n = snprintf(path, sizeof path, "%s/%s", dir, name);
	}
	if (name[0] != '\0' && strstr(name, "..") == NULL && n > 0 &&
	    (size_t)n < sizeof path && access(path, R_OK) == 0) {
		memcpy(buf, tz, strlen(tz) + 1);
		return 1;
	}
	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (strcmp(name, fixed[i].name) == 0 &&
		    strlen(fixed[i].posix) < bufsz) {
			memcpy(buf, fixed[i].posix, strlen(fixed[i].posix) + 1);
			return 1;
		}
	return 0;
}

int
period_localtime(const char *tz, time_t t, struct tm *out)
{
	struct date_tz sw;
	char zone[256];
	int ok;

	if (tz == NULL || *tz == '\0')
		tz = PERIOD_DEFAULT_TZ;
	if (!resolve_tz(tz, zone, sizeof zone) || date_tz_enter(&sw, zone) == -1)
		return 0;
	ok = localtime_r(&t, out) != NULL;
	date_tz_leave(&sw);
	return ok;
}

int
period_at(const char *tz, time_t now, char out[8])
{
	struct tm tm;

	out[0] = '\0';
	if (!period_localtime(tz, now, &tm) || !valid(tm.tm_year + 1900,
	    tm.tm_mon + 1))
		return 0;
	put_period(out, tm.tm_year + 1900, tm.tm_mon + 1);
	return 1;
}

int
period_current(const char *tz, char out[8])
{
	return period_at(tz, time(NULL), out);
}

/* ---- Arithmetic and labels ---------------------------------------------- */

void
period_add(const char *p, int months, char out[8])
{
	long t;
	int y, m;

	if (!period_parse(p, &y, &m)) {
		out[0] = '\0';
		return;
	}
	t = (long)y * 12 + (m - 1) + months;
	y = (int)(t / 12);
	m = (int)(t % 12) + 1;
	if (!valid(y, m)) {
		out[0] = '\0';
		return;
	}
	put_period(out, y, m);
}

void
period_label(const char *p, char *out, size_t outsz)
{
	static const char *const bulan[12] = {
		"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
		"Agustus", "September", "Oktober", "November", "Desember"
	};
	int y, m;

	if (outsz == 0)
		return;
	if (period_parse(p, &y, &m))
		snprintf(out, outsz, "%s %04d", bulan[m - 1], y);
	else
		snprintf(out, outsz, "%s", p != NULL ? p : "");
}
