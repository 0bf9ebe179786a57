/*
 * date.h — civil dates and the process's time zone, in one place.
 *
 * A day number is days since 1970-01-01 in the proleptic Gregorian
 * calendar (Howard Hinnant's algorithms): no time zone or locale can change
 * it.  Every reader (CSV dates, Excel serials), the workbooks and the
 * synthetic-data generator count days with these functions.
 *
 * The time zone: libc's localtime and mktime read TZ, which is process
 * state.  date_tz_enter sets TZ to a zone under one process-wide lock and
 * date_tz_leave puts it back and releases the lock; nothing else in rekon
 * touches TZ.  A section between them must not enter again.
 *
 *   date_is_leap, date_days_in_month       the calendar
 *   date_from_civil, date_to_civil         y-m-d <-> day number
 *   date_tz_enter, date_tz_leave           TZ switched under the lock
 */
#ifndef REKON_DATE_H
#define REKON_DATE_H

int	 date_is_leap(int y);
/* Days in month m (1..12) of year y. */
int	 date_days_in_month(int y, int m);
/* The day number of y-m-d (m 1..12, d 1..31). */
long	 date_from_civil(long y, int m, int d);
/* y-m-d of a day number. */
void	 date_to_civil(long z, int *y, int *m, int *d);

/* TZ as it was before date_tz_enter. */
struct date_tz {
	char	*saved;
	int	 had;
	int	 set;		/* 0: zone was NULL, TZ left alone */
};

/* Lock, then set TZ to zone (a name or a path libc understands) and
 * tzset(): 0, or -1 (lock released, TZ unchanged) when out of memory.
 * zone NULL: the lock only, TZ as it is. */
int	 date_tz_enter(struct date_tz *sw, const char *zone);
/* Put TZ back, tzset(), unlock. */
void	 date_tz_leave(struct date_tz *sw);

#endif
