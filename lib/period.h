/*
 * period.h — the period (a calendar month, "YYYY-MM") of an import batch.
 *
 * inputs.md: the period comes from --period, else from the file name, else
 * the current month in the configured time zone (default Asia/Jakarta).
 * A period is always carried as the 7-character text "YYYY-MM" in a
 * char[8] (PERIOD_LEN + 1), which sorts in time order.
 *
 * Everything here is pure except period_current, which reads the clock
 * and briefly changes the process's TZ (see there).
 */
#ifndef REKON_PERIOD_H
#define REKON_PERIOD_H

#include <stddef.h>
#include <time.h>

#define PERIOD_LEN	7	/* "YYYY-MM" */
#define PERIOD_DEFAULT_TZ "Asia/Jakarta"

/*
 * Is s exactly "YYYY-MM", year 1900..2199, month 01..12? Returns 1 and
 * writes *y, *m (when not NULL) if so, else 0. s may be NULL.
 */
int period_parse(const char *s, int *y, int *m);

/*
 * The period a file name states. Only the base name is examined (the part
 * after the last '/'). Recognised, wherever they stand in the name:
 *
 *	2026-11  2026_11	a 4-digit year, '-' or '_', a 2-digit month,
 *				 neither digit run touching another digit
 *				 ("data-2026-11-05.csv" is 2026-11)
 *	202611			6 digits standing alone ("20261105" is not a
 *				 period: 8 digits are a date)
 *	NOVEMBER 2026  nov_2026  Nop2026  2026-Desember
 *				a month name and a 4-digit year standing
 *				 alone, in any case, either order, with any
 *				 separator (a run of characters other than
 *				 letters and digits) or none
 *
 * Month names, Indonesian and English, full and short: JANUARI JANUARY
 * JAN, FEBRUARI PEBRUARI FEBRUARY FEB PEB, MARET MARCH MAR, APRIL APR,
 * MEI MAY, JUNI JUNE JUN, JULI JULY JUL, AGUSTUS AUGUST AGU AGS AGT AUG,
 * SEPTEMBER SEPT SEP, OKTOBER OCTOBER OKT OCT, NOVEMBER NOPEMBER NOV NOP,
 * DESEMBER DECEMBER DES DEC. A month name is a whole run of ASCII letters:
 * "desa" is not DES, "peserta" holds no month.
 *
 * Candidates are tried from the left; the first whose year and month make
 * a valid period (as period_parse) wins, so "2026-13" is passed over.
 * Writes "YYYY-MM" into out and returns 1; returns 0 (out = "") if none.
 */
int period_from_filename(const char *path, char out[8]);

/*
 * The current month in time zone tz (an Olson name such as "Asia/Jakarta",
 * or a POSIX TZ string; NULL or "" means Asia/Jakarta) into out. Returns 1,
 * or 0 (out = "") when tz names no zone this system knows.
 *
 * It sets TZ around localtime_r and restores it, under a lock, so calls to
 * period_current are serialised; other threads that read TZ meanwhile
 * (localtime, mktime, strftime %Z) may see the wrong zone. The Indonesian
 * zones work even without tzdata installed (fixed offsets: Indonesia has
 * had no daylight saving time since 1964).
 */
int period_current(const char *tz, char out[8]);

/* The same for the moment now instead of the clock (for tests and for
 * callers that fix "now" once per run). */
int period_at(const char *tz, time_t now, char out[8]);

/* localtime_r of t in time zone tz, the same way (tm_gmtoff holds the
 * zone's offset, so strftime's %z is right). 1, or 0 for an unknown zone. */
int period_localtime(const char *tz, time_t t, struct tm *out);

/*
 * p plus months (negative goes back): ("2026-01", -1) -> "2025-12".
 * out may be p. An invalid p, or a result outside 1900..2199, gives "".
 */
void period_add(const char *p, int months, char out[8]);

/*
 * A period for people: "2026-11" -> "November 2026" (Indonesian month
 * names). An invalid p is copied as it is. Always NUL-terminates when
 * outsz > 0; "September 2026" needs 15 bytes.
 */
void period_label(const char *p, char *out, size_t outsz);

#endif
