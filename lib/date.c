/* date.c — see date.h. */
#include "date.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int
date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int dim[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && date_is_leap(y) ? 29 : dim[m - 1];
}

long
date_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_to_civil(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

int
date_tz_enter(struct date_tz *sw, const char *zone)
{
	const char *old;

	memset(sw, 0, sizeof *sw);
	pthread_mutex_lock(&tz_lock);
	if (zone == NULL) {		/* the process's own zone, locked */
		tzset();
		return 0;
	}
	sw->set = 1;
	/* getenv's pointer dies with the next setenv: keep a copy. */
	if ((old = getenv("TZ")) != NULL) {
		if ((sw->saved = strdup(old)) == NULL)
			goto fail;
		sw->had = 1;
	}
	if (setenv("TZ", zone, 1) == -1)
		goto fail;
	tzset();
	return 0;
fail:
	free(sw->saved);
	sw->saved = NULL;
	pthread_mutex_unlock(&tz_lock);
	return -1;
}

void
date_tz_leave(struct date_tz *sw)
{
	if (!sw->set)
		;
	else if (sw->had)
		setenv("TZ", sw->saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(sw->saved);
	sw->saved = NULL;
	pthread_mutex_unlock(&tz_lock);
}
