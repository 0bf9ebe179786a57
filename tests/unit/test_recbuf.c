/*
 * test_recbuf.c — jobs/input/recbuf.c: fields kept whole and NUL-terminated
 * across growth of both buffers, reset keeps nothing of the old record.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recbuf.h"

static void
add(struct recbuf *rb, const char *s)
{
	ck_assert_int_eq(recbuf_reserve(rb, strlen(s)), 0);
	memcpy(recbuf_next(rb), s, strlen(s));
	recbuf_commit(rb, strlen(s));
}

START_TEST(test_many_fields_and_bytes)
{
	struct recbuf rb = { 0 };
	char want[32], **f;
	size_t i;

	/* 1,000 fields of 1-4 digits: past the first 16 fields, 256 bytes. */
	for (i = 0; i < 1000; i++) {
		snprintf(want, sizeof want, "%zu", i);
		add(&rb, want);
	}
	add(&rb, "");
	f = recbuf_fields(&rb);
	ck_assert_uint_eq(rb.n, 1001);
	for (i = 0; i < 1000; i++) {
		snprintf(want, sizeof want, "%zu", i);
		ck_assert_str_eq(f[i], want);
		ck_assert_uint_eq(rb.len[i], strlen(want));
	}
	ck_assert_str_eq(f[1000], "");
	ck_assert_uint_eq(rb.len[1000], 0);
	/* 10*1 + 90*2 + 900*3 digits, 1,001 NULs */
	ck_assert_uint_eq(rb.used, 10 + 180 + 2700 + 1001);
	recbuf_free(&rb);
	ck_assert_ptr_null(rb.buf);
}
END_TEST

START_TEST(test_reset_and_room)
{
	struct recbuf rb = { 0 };
	char **f;

	add(&rb, "3325010101900001");
	add(&rb, "BUDI");
	ck_assert_uint_eq(recbuf_room(&rb, 100), 100 - 22 - 1);
	ck_assert_uint_eq(recbuf_room(&rb, 22), 0);
	ck_assert_uint_eq(recbuf_room(&rb, 10), 0);
	recbuf_reset(&rb);
	ck_assert_uint_eq(rb.n, 0);
	ck_assert_uint_eq(recbuf_room(&rb, 100), 99);
	add(&rb, "SITI");
	f = recbuf_fields(&rb);
	ck_assert_uint_eq(rb.n, 1);
	ck_assert_str_eq(f[0], "SITI");
	recbuf_free(&rb);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("recbuf");
	TCase *tc = tcase_create("recbuf");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_many_fields_and_bytes);
	tcase_add_test(tc, test_reset_and_room);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
