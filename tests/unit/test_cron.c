/* test_cron.c — lib/cron.c: parsing, matching, the next run. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cron.h"

#define ALL_MONTHS	0x1FFEu		/* bits 1-12 */
#define ALL_DAYS	0x7Fu		/* bits 0-6 */
#define ALL_DOM		0xFFFFFFFEu	/* bits 1-31 */
#define ALL_HOURS	0xFFFFFFu	/* bits 0-23 */
#define ALL_MINUTES	0x0FFFFFFFFFFFFFFFull	/* bits 0-59 */
#define B(n)		((uint64_t)1 << (n))

/* ---- parsing: good expressions and their exact bitsets ---- */

static const struct {
	const char *expr;
	uint64_t minute;
	uint32_t hour, dom;
	uint16_t month;
	uint8_t dow;
	int dom_star, dow_star;
} good[] = {
	{ "* * * * *", ALL_MINUTES, ALL_HOURS, ALL_DOM, ALL_MONTHS, ALL_DAYS,
	    1, 1 },
	{ "*/15 * * * *", B(0) | B(15) | B(30) | B(45), ALL_HOURS, ALL_DOM,
	    ALL_MONTHS, ALL_DAYS, 1, 1 },
	{ "*/30 * * * *", B(0) | B(30), ALL_HOURS, ALL_DOM, ALL_MONTHS,
	    ALL_DAYS, 1, 1 },
	{ "0 6 16 * *", B(0), 1u << 6, 1u << 16, ALL_MONTHS, ALL_DAYS, 0, 1 },
	{ "0 2 21 * *", B(0), 1u << 2, 1u << 21, ALL_MONTHS, ALL_DAYS, 0, 1 },
	{ "1-5/2 * * * *", B(1) | B(3) | B(5), ALL_HOURS, ALL_DOM, ALL_MONTHS,
	    ALL_DAYS, 1, 1 },
	{ "0,15,45 1,2,23 * * *", B(0) | B(15) | B(45),
	    (1u << 1) | (1u << 2) | (1u << 23), ALL_DOM, ALL_MONTHS, ALL_DAYS,
	    1, 1 },
	{ "0 0 1-31/10 * *", B(0), 1, (1u << 1) | (1u << 11) | (1u << 21) |
	    (1u << 31), ALL_MONTHS, ALL_DAYS, 0, 1 },
	{ "0 0 * JAN,jul MON-fri", B(0), 1, ALL_DOM, (1u << 1) | (1u << 7),
	    0x3E, 1, 0 },
	{ "0 0 * Dec-DEC sun", B(0), 1, ALL_DOM, 1u << 12, 0x01, 1, 0 },
	{ "0 0 * * 7", B(0), 1, ALL_DOM, ALL_MONTHS, 0x01, 1, 0 },
	{ "0 0 * * 0,7", B(0), 1, ALL_DOM, ALL_MONTHS, 0x01, 1, 0 },
	{ "0 0 * * 5-7", B(0), 1, ALL_DOM, ALL_MONTHS, 0x61, 1, 0 },
	{ "0 0 * * FRI-SUN", B(0), 1, ALL_DOM, ALL_MONTHS, 0x61, 1, 0 },
	{ "0 0 * * */2", B(0), 1, ALL_DOM, ALL_MONTHS, 0x55, 1, 1 },
	{ "0 0 */2 * 1", B(0), 1, 0xAAAAAAAAu, ALL_MONTHS, 0x02, 1, 0 },
	{ "0 0 13 * 5", B(0), 1, 1u << 13, ALL_MONTHS, 0x20, 0, 0 },
	{ "*/60 * * * *", B(0), ALL_HOURS, ALL_DOM, ALL_MONTHS, ALL_DAYS,
	    1, 1 },
	{ "59 23 31 12 6", B(59), 1u << 23, 1u << 31, 1u << 12, 0x40, 0, 0 },
	{ " \t0   6\t16 *  *  ", B(0), 1u << 6, 1u << 16, ALL_MONTHS, ALL_DAYS,
	    0, 1 },
};

START_TEST(test_parse_good)
{
	struct cron c;
	char err[256] = "";

	ck_assert_msg(cron_parse(&c, good[_i].expr, err, sizeof err) == 0,
	    "%s: %s", good[_i].expr, err);
	ck_assert_msg(c.minute == good[_i].minute, "%s: minute %llx",
	    good[_i].expr, (unsigned long long)c.minute);
	ck_assert_uint_eq(c.hour, good[_i].hour);
	ck_assert_uint_eq(c.dom, good[_i].dom);
	ck_assert_uint_eq(c.month, good[_i].month);
	ck_assert_uint_eq(c.dow, good[_i].dow);
	ck_assert_int_eq(c.dom_star, good[_i].dom_star);
	ck_assert_int_eq(c.dow_star, good[_i].dow_star);
}
END_TEST

/* ---- parsing: bad expressions and their exact reasons ---- */

#define FIVE "minute hour day-of-month month day-of-week"

static const struct {
	const char *expr;
	const char *err;
} bad[] = {
	{ "", "empty; a cron expression has 5 fields: " FIVE },
	{ "   ", "empty; a cron expression has 5 fields: " FIVE },
	{ "* * * * * *", "6 fields; a cron expression has 5: " FIVE },
	{ "* * * *", "4 fields; a cron expression has 5: " FIVE },
	{ "@daily", "1 field; a cron expression has 5: " FIVE },
	{ "60 * * * *", "minute: 60 is out of range 0-59" },
	{ "0 24 * * *", "hour: 24 is out of range 0-23" },
	{ "0 0 0 * *", "day-of-month: 0 is out of range 1-31" },
	{ "0 0 32 * *", "day-of-month: 32 is out of range 1-31" },
	{ "0 0 * 0 *", "month: 0 is out of range 1-12" },
	{ "0 0 * 13 *", "month: 13 is out of range 1-12" },
	{ "0 0 * * 8", "day-of-week: 8 is out of range 0-7" },
	{ "99999 * * * *", "minute: 99999 is out of range 0-59" },
	{ "*/0 * * * *", "minute: step 0 is out of range 1-60" },
	{ "*/61 * * * *", "minute: step 61 is out of range 1-60" },
	{ "*/x * * * *", "minute: step \"x\" is not a number" },
	{ "5/10 * * * *", "minute: a step needs * or a range before it "
	    "(*/10 or 5-59/10)" },
	{ "5-1 * * * *", "minute: range 5-1 goes backwards" },
	{ "1,,2 * * * *", "minute: empty element in a list" },
	{ "1, * * * *", "minute: empty element in a list" },
	{ "a * * * *", "minute: \"a\" is not a number" },
	{ "-5 * * * *", "minute: a number is missing" },
	{ "0 0 * FOO *", "month: \"FOO\" is neither a number nor a name "
	    "(JAN-DEC)" },
	{ "0 0 * * MON-", "day-of-week: a number is missing" },
	{ "0 0 * * JAN", "day-of-week: \"JAN\" is neither a number nor a "
	    "name (SUN-SAT)" },
	{ "0 0 MON * *", "day-of-month: \"MON\" is not a number" },
	{ "0 0 * * SAT-MON", "day-of-week: range SAT-MON goes backwards" },
};

START_TEST(test_parse_bad)
{
	struct cron c;
	char err[256] = "";

	ck_assert_int_eq(cron_parse(&c, bad[_i].expr, err, sizeof err), -1);
	ck_assert_str_eq(err, bad[_i].err);
	ck_assert(c.minute == 0 && c.hour == 0 && c.dow == 0);
}
END_TEST

/* ---- matching ---- */

static struct tm
tm_at(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
	    .tm_hour = h, .tm_min = mi };
	time_t t = timegm(&tm);

	gmtime_r(&t, &tm);	/* fills tm_wday */
	return tm;
}

static const struct {
	const char *expr;
	int y, mo, d, h, mi;
	int match;
} matches[] = {
	{ "*/15 * * * *", 2026, 5, 5, 10, 45, 1 },
	{ "*/15 * * * *", 2026, 5, 5, 10, 46, 0 },
	{ "0 6 16 * *", 2026, 3, 16, 6, 0, 1 },
	{ "0 6 16 * *", 2026, 3, 16, 6, 1, 0 },
	{ "0 6 16 * *", 2026, 3, 17, 6, 0, 0 },
	/* 13th OR Friday: both day fields restricted. */
	{ "0 0 13 * 5", 2026, 1, 13, 0, 0, 1 },	/* Tuesday the 13th */
	{ "0 0 13 * 5", 2026, 1, 16, 0, 0, 1 },	/* Friday the 16th */
	{ "0 0 13 * 5", 2026, 1, 14, 0, 0, 0 },	/* Wednesday */
	/* A stepped star counts as '*': odd day AND Monday. */
	{ "0 0 */2 * 1", 2026, 1, 5, 0, 0, 1 },	/* Monday the 5th */
	{ "0 0 */2 * 1", 2026, 1, 12, 0, 0, 0 },	/* Monday the 12th */
	{ "0 0 */2 * 1", 2026, 1, 7, 0, 0, 0 },	/* Wednesday the 7th */
	/* dom restricted, dow '*': the day of month alone decides. */
	{ "0 0 1 * *", 2026, 2, 1, 0, 0, 1 },		/* a Sunday */
	{ "0 0 1 * *", 2026, 2, 2, 0, 0, 0 },
	/* 7 is Sunday. */
	{ "0 0 * * 7", 2026, 1, 4, 0, 0, 1 },
	{ "0 0 * * 7", 2026, 1, 5, 0, 0, 0 },
	{ "0 0 * * SUN", 2026, 1, 4, 0, 0, 1 },
	{ "0 0 * JAN,jul *", 2026, 7, 9, 0, 0, 1 },
	{ "0 0 * JAN,jul *", 2026, 8, 9, 0, 0, 0 },
	{ "0 0 * * MON-FRI", 2026, 1, 9, 0, 0, 1 },	/* Friday */
	{ "0 0 * * MON-FRI", 2026, 1, 10, 0, 0, 0 },	/* Saturday */
	{ "1-5/2 * * * *", 2026, 1, 1, 0, 3, 1 },
	{ "1-5/2 * * * *", 2026, 1, 1, 0, 4, 0 },
};

START_TEST(test_matches)
{
	struct cron c;
	struct tm tm = tm_at(matches[_i].y, matches[_i].mo, matches[_i].d,
	    matches[_i].h, matches[_i].mi);
	char err[256];

	ck_assert_int_eq(cron_parse(&c, matches[_i].expr, err, sizeof err),
	    0);
	ck_assert_msg(cron_matches(&c, &tm) == matches[_i].match,
	    "%s at %04d-%02d-%02d %02d:%02d", matches[_i].expr, matches[_i].y,
	    matches[_i].mo, matches[_i].d, matches[_i].h, matches[_i].mi);
}
END_TEST

/* ---- the next run ---- */

/* A local wall time at a fixed UTC offset (hours), as epoch seconds. */
static time_t
local_at(int off, int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
	    .tm_hour = h, .tm_min = mi, .tm_sec = s };

	return timegm(&tm) - (time_t)off * 3600;
}

static const struct {
	const char *expr, *tz;
	int off_after;		/* UTC offset of `after`, hours */
	int y, mo, d, h, mi, s;	/* after, local */
	int off_next;		/* UTC offset of the answer */
	int ny, nmo, nd, nh, nmi;	/* next, local */
} nexts[] = {
	/* The brief's example: the same minute is not "after". */
	{ "0 2 21 * *", "Asia/Jakarta", 7, 2026, 11, 21, 2, 0, 0,
	    7, 2026, 12, 21, 2, 0 },
	{ "0 2 21 * *", "Asia/Jakarta", 7, 2026, 11, 21, 1, 59, 59,
	    7, 2026, 11, 21, 2, 0 },
	/* Across the year end. */
	{ "0 2 21 * *", "Asia/Jakarta", 7, 2026, 12, 21, 2, 0, 0,
	    7, 2027, 1, 21, 2, 0 },
	{ "0 0 1 1 *", "Asia/Jakarta", 7, 2026, 12, 31, 23, 59, 30,
	    7, 2027, 1, 1, 0, 0 },
	{ "*/30 * * * *", "Asia/Jakarta", 7, 2026, 12, 31, 23, 45, 0,
	    7, 2027, 1, 1, 0, 0 },
	/* Across a month end, skipping a month without the day. */
	{ "0 0 31 * *", "Asia/Jakarta", 7, 2026, 4, 1, 0, 0, 0,
	    7, 2026, 5, 31, 0, 0 },
	{ "0 6 16 * *", "Asia/Jakarta", 7, 2026, 1, 31, 10, 0, 0,
	    7, 2026, 2, 16, 6, 0 },
	{ "0 0 29 2 *", "Asia/Jakarta", 7, 2026, 3, 1, 0, 0, 0,
	    7, 2028, 2, 29, 0, 0 },
	/* 13th OR Friday: Friday the 16th comes before the 13th of Feb. */
	{ "0 0 13 * 5", "Asia/Jakarta", 7, 2026, 1, 13, 0, 0, 0,
	    7, 2026, 1, 16, 0, 0 },
	{ "* * * * *", "Asia/Jakarta", 7, 2026, 5, 5, 10, 0, 0,
	    7, 2026, 5, 5, 10, 1 },
	{ "* * * * *", "Asia/Jakarta", 7, 2026, 5, 5, 10, 0, 59,
	    7, 2026, 5, 5, 10, 1 },
	{ "0 0 * * 7", "Asia/Jakarta", 7, 2026, 1, 1, 0, 0, 0,
	    7, 2026, 1, 4, 0, 0 },
	/* The zone decides: WITA is UTC+8. */
	{ "0 2 21 * *", "Asia/Makassar", 8, 2026, 11, 21, 2, 0, 0,
	    8, 2026, 12, 21, 2, 0 },
	{ "0 0 1 1 *", "UTC", 0, 2026, 12, 31, 23, 59, 59,
	    0, 2027, 1, 1, 0, 0 },
	/* New York: 02:30 does not exist on 8 March 2026; the next is 9th. */
	{ "30 2 * * *", "America/New_York", -5, 2026, 3, 8, 1, 0, 0,
	    -4, 2026, 3, 9, 2, 30 },
	/* ... and 01:30 happens twice on 1 November 2026. */
	{ "30 1 * * *", "America/New_York", -4, 2026, 11, 1, 1, 30, 0,
	    -5, 2026, 11, 1, 1, 30 },
};

START_TEST(test_next)
{
	struct cron c;
	char err[256];
	time_t after = local_at(nexts[_i].off_after, nexts[_i].y,
	    nexts[_i].mo, nexts[_i].d, nexts[_i].h, nexts[_i].mi, nexts[_i].s);
	time_t want = local_at(nexts[_i].off_next, nexts[_i].ny,
	    nexts[_i].nmo, nexts[_i].nd, nexts[_i].nh, nexts[_i].nmi, 0);
	time_t got = 0;

	ck_assert_int_eq(cron_parse(&c, nexts[_i].expr, err, sizeof err), 0);
	ck_assert_int_eq(cron_next(&c, after, nexts[_i].tz, &got), 0);
	ck_assert_msg(got == want, "%s after %lld in %s: got %lld, want %lld",
	    nexts[_i].expr, (long long)after, nexts[_i].tz, (long long)got,
	    (long long)want);
}
END_TEST

START_TEST(test_next_never)
{
	struct cron c;
	char err[256];
	time_t got = 12345;

	ck_assert_int_eq(cron_parse(&c, "0 0 30 2 *", err, sizeof err), 0);
	ck_assert_int_eq(cron_next(&c, local_at(7, 2026, 1, 1, 0, 0, 0),
	    "Asia/Jakarta", &got), -1);
	ck_assert_int_eq(got, 12345);
	/* Either-day rule: 30 February OR a Monday in February happens. */
	ck_assert_int_eq(cron_parse(&c, "0 0 30 2 1", err, sizeof err), 0);
	ck_assert_int_eq(cron_next(&c, local_at(7, 2026, 1, 1, 0, 0, 0),
	    "Asia/Jakarta", &got), 0);
	ck_assert_int_eq(got, local_at(7, 2026, 2, 2, 0, 0, 0));
}
END_TEST

START_TEST(test_next_bad_tz)
{
	struct cron c;
	char err[256];
	time_t got = 0;

	ck_assert_int_eq(cron_parse(&c, "* * * * *", err, sizeof err), 0);
	ck_assert_int_eq(cron_next(&c, 0, "Asia/Nowhere", &got), -1);
	ck_assert_int_eq(cron_next(&c, 0, "../../etc/passwd", &got), -1);
	ck_assert_int_eq(cron_next(&c, 0, "/etc/localtime", &got), -1);
}
END_TEST

/* The caller's TZ survives cron_next, set or unset. */
START_TEST(test_next_restores_tz)
{
	struct cron c;
	char err[256];
	time_t got;

	ck_assert_int_eq(cron_parse(&c, "0 0 * * *", err, sizeof err), 0);
	setenv("TZ", "America/New_York", 1);
	ck_assert_int_eq(cron_next(&c, 0, "Asia/Jakarta", &got), 0);
	ck_assert_str_eq(getenv("TZ"), "America/New_York");
	unsetenv("TZ");
	ck_assert_int_eq(cron_next(&c, 0, "Asia/Jakarta", &got), 0);
	ck_assert_ptr_null(getenv("TZ"));
	/* No zone given: the process's own, here UTC. */
	setenv("TZ", "UTC", 1);
	ck_assert_int_eq(cron_next(&c, 0, NULL, &got), 0);
	ck_assert_int_eq(got, 86400);
	ck_assert_int_eq(cron_next(&c, 0, "", &got), 0);
	ck_assert_int_eq(got, 86400);
	unsetenv("TZ");
}
END_TEST

static const struct {
	const char *tz;
	int rc;
} zones[] = {
	{ "Asia/Jakarta", 0 },
	{ "Asia/Makassar", 0 },
	{ "Asia/Jayapura", 0 },
	{ "UTC", 0 },
	{ "", -1 },
	{ "Asia", -1 },			/* a directory */
	{ "Asia/Nowhere", -1 },
	{ "/usr/share/zoneinfo/UTC", -1 },
	{ "Asia/../UTC", -1 },
	{ "Asia/Jakarta ", -1 },
};

START_TEST(test_tz_check)
{
	ck_assert_msg(cron_tz_check(zones[_i].tz) == zones[_i].rc, "\"%s\"",
	    zones[_i].tz);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *
cron_suite(void)
{
	Suite *s = suite_create("cron");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse_good, 0, N(good));
	tcase_add_loop_test(tc, test_parse_bad, 0, N(bad));
	suite_add_tcase(s, tc);

	tc = tcase_create("match");
	tcase_add_loop_test(tc, test_matches, 0, N(matches));
	suite_add_tcase(s, tc);

	tc = tcase_create("next");
	tcase_add_loop_test(tc, test_next, 0, N(nexts));
	tcase_add_test(tc, test_next_never);
	tcase_add_test(tc, test_next_bad_tz);
	tcase_add_test(tc, test_next_restores_tz);
	tcase_add_loop_test(tc, test_tz_check, 0, N(zones));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(cron_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
