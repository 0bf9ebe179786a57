/*
 * cron.h — five-field cron expressions, as in crontab(5).
 *
 *   minute  hour  day-of-month  month  day-of-week
 *   0-59    0-23  1-31          1-12   0-7 (0 and 7 are Sunday)
 *
 * Each field is a comma list of elements; an element is `*`, a number, a
 * range `a-b`, or either of `*` and `a-b` followed by a step `/n`.  Months
 * may be named JAN-DEC and days SUN-SAT, in any case.  A single number with
 * a step (`5/10`) is refused: crontab(5) does not define it and readers
 * guess differently.  A day-of-week range may end in Sunday as 7 or SUN
 * (`FRI-SUN`).
 *
 * Day matching follows Vixie cron and cronie: when both day fields are
 * restricted, a day matches if EITHER matches; when one of them starts with
 * `*` (a stepped star too, "every second day"), both must match.
 *
 * No macros (@daily), no seconds field, no L/W/# extensions.
 */
#ifndef REKON_CRON_H
#define REKON_CRON_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct cron {
	uint64_t minute;	/* bit n: minute n (0-59) */
	uint32_t hour;		/* bit n: hour n (0-23) */
	uint32_t dom;		/* bit n: day of month n (1-31) */
	uint16_t month;		/* bit n: month n (1-12) */
	uint8_t dow;		/* bit n: weekday n (0-6, Sunday 0; 7 folded) */
	int dom_star;		/* day-of-month field starts with '*' */
	int dow_star;		/* day-of-week field starts with '*' */
};

/*
 * Parse expr into c.  Returns 0, or -1 with a plain-words reason in err
 * (e.g. "minute: 60 is out of range 0-59").  c is zeroed on failure.
 */
int cron_parse(struct cron *c, const char *expr, char *err, size_t errsz);

/* 1 when the broken-down local time tm (minute resolution) matches. */
int cron_matches(const struct cron *c, const struct tm *tm);

/*
 * The first whole minute strictly after `after` that matches, read in time
 * zone tz (an IANA name such as "Asia/Jakarta"; NULL or "" means the
 * process's own zone).  Returns 0 and sets *next, or -1 when tz is not a
 * zone (see cron_tz_check) or nothing matches within ten years (e.g.
 * "0 0 30 2 *").
 *
 * Uses TZ/tzset and restores them before returning: not thread-safe, like
 * every libc zone switch.  In a zone with daylight saving time, a local
 * time that does not exist that day is skipped and one that happens twice
 * matches twice; Indonesia has no daylight saving time.
 */
int cron_next(const struct cron *c, time_t after, const char *tz,
    time_t *next);

/*
 * 0 when tz names a zone file under /usr/share/zoneinfo; -1 otherwise,
 * including names that are empty, absolute, or hold "..".
 */
int cron_tz_check(const char *tz);

#define CRON_TZDIR "/usr/share/zoneinfo"

#endif
