/* cron.c — see cron.h. */
#include "cron.h"

#include "date.h"
#include "util.h"
#include "i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define CRON_FIELDS	5
#define CRON_TOKEN_MAX	64
#define CRON_FIELD_NAMES "minute hour day-of-month month day-of-week"
/* Long enough for a 29 February after a skipped leap year (2096 -> 2104). */
#define CRON_HORIZON	((time_t)10 * 366 * 24 * 3600)

static const char *const month_names[] = {
	"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
	"JUL", "AUG", "SEP", "OCT", "NOV", "DEC", NULL
};
static const char *const day_names[] = {
	"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", NULL
};

/* One field of the expression: its range and, for two of them, names. */
struct cron_field {
	const char *name;
	int lo, hi;
	const char *const *names;	/* names[i] means lo + i */
	const char *names_hint;
};

static const struct cron_field cron_fields[CRON_FIELDS] = {
	{ "minute", 0, 59, NULL, NULL },
	{ "hour", 0, 23, NULL, NULL },
	{ "day-of-month", 1, 31, NULL, NULL },
	{ "month", 1, 12, month_names, "JAN-DEC" },
	{ "day-of-week", 0, 7, day_names, "SUN-SAT" },
};

/* A number or a name of field f; -1 with err set when it is neither. */
static int
cron_value(const struct cron_field *f, const char *tok, char *err,
    size_t errsz)
{
	int i, v;

	if (*tok == '\0') {
		snprintf(err, errsz, _("%s: a number is missing"), f->name);
		return -1;
	}
	if (*tok != '\0' && util_all_digits(tok, strlen(tok))) {
		/* Five digits can never be in range; stop before overflow. */
		v = strlen(tok) > 4 ? f->hi + 1 : atoi(tok);
		if (v < f->lo || v > f->hi) {
			snprintf(err, errsz, _("%s: %s is out of range %d-%d"),
			    f->name, tok, f->lo, f->hi);
			return -1;
		}
		return v;
	}
	for (i = 0; f->names != NULL && f->names[i] != NULL; i++)
		if (strcasecmp(tok, f->names[i]) == 0)
			return f->lo + i;
	if (f->names != NULL)
		snprintf(err, errsz, _("%s: \"%s\" is neither a number nor a "
		    "name (%s)"), f->name, tok, f->names_hint);
	else
		snprintf(err, errsz, _("%s: \"%s\" is not a number"), f->name,
		    tok);
	return -1;
}

/* The step after '/': 1 up to the number of values the field has. */
static int
cron_step(const struct cron_field *f, const char *tok, char *err,
    size_t errsz)
{
	int width = f->hi - f->lo + 1;
	int v;

	if (!(*tok != '\0' && util_all_digits(tok, strlen(tok)))) {
		snprintf(err, errsz, _("%s: step \"%s\" is not a number"),
		    f->name, tok);
		return -1;
	}
	v = strlen(tok) > 4 ? width + 1 : atoi(tok);
	if (v < 1 || v > width) {
		snprintf(err, errsz, _("%s: step %s is out of range 1-%d"),
		    f->name, tok, width);
		return -1;
	}
	return v;
}

/* One list element into bits: a star or a-b, either with a /n step, or a. */
static int
cron_element(const struct cron_field *f, char *elem, uint64_t *bits,
    char *err, size_t errsz)
{
	char *slash, *dash;
	int lo, hi, step = 1, v;

	if (*elem == '\0') {
		snprintf(err, errsz, _("%s: empty element in a list"), f->name);
		return -1;
	}
	if ((slash = strchr(elem, '/')) != NULL) {
		*slash = '\0';
		if ((step = cron_step(f, slash + 1, err, errsz)) == -1)
			return -1;
	}
	if (strcmp(elem, "*") == 0) {
		lo = f->lo;
		hi = f->hi;
	} else {
		if ((dash = strchr(elem, '-')) != NULL)
			*dash = '\0';
		if ((lo = cron_value(f, elem, err, errsz)) == -1)
			return -1;
		hi = lo;
		if (dash != NULL &&
		    (hi = cron_value(f, dash + 1, err, errsz)) == -1)
			return -1;
		if (slash != NULL && dash == NULL) {
			snprintf(err, errsz, _("%s: a step needs * or a range "
			    "before it (*/%s or %s-%d/%s)"), f->name,
			    slash + 1, elem, f->hi, slash + 1);
			return -1;
		}
		/* FRI-SUN: Sunday as the end of a weekday range is 7. */
		if (f->names == day_names && dash != NULL && hi == 0)
			hi = 7;
		if (lo > hi) {
			snprintf(err, errsz, _("%s: range %s-%s goes backwards"),
			    f->name, elem, dash + 1);
			return -1;
		}
	}
	for (v = lo; v <= hi; v += step)
		*bits |= (uint64_t)1 << v;
	return 0;
}

/* A comma list of elements. */
static int
cron_field_parse(const struct cron_field *f, const char *text, size_t len,
    uint64_t *bits, char *err, size_t errsz)
{
	char buf[CRON_TOKEN_MAX * 4], *elem, *comma;

	if (len >= sizeof buf) {
		snprintf(err, errsz, _("%s: field is too long"), f->name);
		return -1;
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	*bits = 0;
	for (elem = buf;; elem = comma + 1) {
		if ((comma = strchr(elem, ',')) != NULL)
			*comma = '\0';
		if (cron_element(f, elem, bits, err, errsz) == -1)
			return -1;
		if (comma == NULL)
			break;
	}
	/* Day-of-week 7 is Sunday: fold it into 0. */
	if (f->names == day_names && (*bits & (1u << 7))) {
		*bits &= ~(uint64_t)(1u << 7);
		*bits |= 1;
	}
	return 0;
}

/* Split on blanks; return the number of fields (up to max recorded). */
static int
cron_split(const char *expr, const char **start, size_t *len, int max)
{
	int n = 0;
	const char *p = expr;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return n;
		if (n < max)
			start[n] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		if (n < max)
			len[n] = (size_t)(p - start[n]);
		n++;
	}
}

int
cron_parse(struct cron *c, const char *expr, char *err, size_t errsz)
{
	const char *start[CRON_FIELDS];
	size_t len[CRON_FIELDS];
	uint64_t bits[CRON_FIELDS];
	int i, n;

	memset(c, 0, sizeof *c);
	n = cron_split(expr, start, len, CRON_FIELDS);
	if (n != CRON_FIELDS) {
		if (n == 0)
			snprintf(err, errsz, _("empty; a cron expression has 5 "
			    "fields: %s"), CRON_FIELD_NAMES);
		else
			snprintf(err, errsz, ngettext("%d field; a cron expression"
			    " has 5: %s", "%d fields; a cron expression has 5: %s",
			    (unsigned long)n), n, CRON_FIELD_NAMES);
		return -1;
	}
	for (i = 0; i < CRON_FIELDS; i++)
		if (cron_field_parse(&cron_fields[i], start[i], len[i],
		    &bits[i], err, errsz) == -1)
			return -1;
	c->minute = bits[0];
	c->hour = (uint32_t)bits[1];
	c->dom = (uint32_t)bits[2];
	c->month = (uint16_t)bits[3];
	c->dow = (uint8_t)bits[4];
	c->dom_star = start[2][0] == '*';
	c->dow_star = start[4][0] == '*';
	return 0;
}

/* Vixie cron's rule: both day fields restricted means either may match. */
static int
cron_day_matches(const struct cron *c, const struct tm *tm)
{
	int dom = (c->dom >> tm->tm_mday) & 1;
	int dow = (c->dow >> tm->tm_wday) & 1;

	if (c->dom_star || c->dow_star)
		return dom && dow;
	return dom || dow;
}

int
cron_matches(const struct cron *c, const struct tm *tm)
{
	if (tm->tm_min < 0 || tm->tm_min > 59 || tm->tm_hour < 0 ||
	    tm->tm_hour > 23 || tm->tm_mday < 1 || tm->tm_mday > 31 ||
	    tm->tm_mon < 0 || tm->tm_mon > 11 || tm->tm_wday < 0 ||
	    tm->tm_wday > 6)
		return 0;
	return ((c->minute >> tm->tm_min) & 1) &&
	    ((c->hour >> tm->tm_hour) & 1) &&
	    ((c->month >> (tm->tm_mon + 1)) & 1) &&
	    cron_day_matches(c, tm);
}

int
cron_tz_check(const char *tz)
{
	char path[512];
	struct stat st;
	const char *p;

	if (tz == NULL || *tz == '\0' || *tz == '/' || strstr(tz, "..") != NULL)
		return -1;
	/* Zone names are plain words; nothing a path trick could use. */
	for (p = tz; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("/_+-", *p) == NULL)
			return -1;
	if ((size_t)snprintf(path, sizeof path, "%s/%s", CRON_TZDIR, tz) >=
	    sizeof path)
		return -1;
	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode))
		return -1;
	return 0;
}

/* TZ set to tz under date.c's lock: 0, or -1 when tz is no zone. */
static int
tz_enter(struct date_tz *sw, const char *tz)
{
	if (tz == NULL || *tz == '\0')
		return date_tz_enter(sw, NULL);
	if (cron_tz_check(tz) == -1)
		return -1;
	return date_tz_enter(sw, tz);
}

/*
 * The local time tm normalised by mktime, but never at or before t: around
 * a daylight-saving change mktime may land behind us, and the search must
 * only move forward.
 */
static time_t
jump_to(struct tm *tm, time_t t)
{
	time_t n;

	tm->tm_sec = 0;
	tm->tm_isdst = -1;
	n = mktime(tm);
	return n == (time_t)-1 || n <= t ? t + 60 : n;
}

int
cron_next(const struct cron *c, time_t after, const char *tz, time_t *next)
{
	struct date_tz sw;
	struct tm tm;
	time_t t, limit;
	long rem;
	int rc = -1;

	if (tz_enter(&sw, tz) == -1)
		return -1;
	rem = (long)(after % 60);
	if (rem < 0)
		rem += 60;
	t = after - rem + 60;
	limit = after + CRON_HORIZON;
	while (t <= limit && localtime_r(&t, &tm) != NULL) {
		if (!((c->month >> (tm.tm_mon + 1)) & 1)) {
			tm.tm_mon++;
			tm.tm_mday = 1;
			tm.tm_hour = tm.tm_min = 0;
			t = jump_to(&tm, t);
		} else if (!cron_day_matches(c, &tm)) {
			tm.tm_mday++;
			tm.tm_hour = tm.tm_min = 0;
			t = jump_to(&tm, t);
		} else if (!((c->hour >> tm.tm_hour) & 1)) {
			tm.tm_hour++;
			tm.tm_min = 0;
			t = jump_to(&tm, t);
		} else if (!((c->minute >> tm.tm_min) & 1)) {
			t += 60;
		} else {
			*next = t;
			rc = 0;
			break;
		}
	}
	date_tz_leave(&sw);
	return rc;
}
