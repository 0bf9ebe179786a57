/*
 * test_lzstring.c — the LZ-string decoder (jobs/bpjs/lzstring.c) against the
 * reference npm package: every vector of tests/fixtures/lzstring_vectors.txt
 * (made by tests/vclaim/make_lz_vectors.js) decodes to exactly the text the
 * reference compressed, or to exactly the error named; malformed input is
 * refused without reading or writing out of bounds.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "lzstring.h"

#define N(a)	((int)(sizeof(a) / sizeof((a)[0])))
#define MAXOUT	((size_t)16 << 20)

struct vec {
	char	*kind;		/* ok, okh, err */
	char	*name;
	char	*want;		/* hex, LEN:SHA256 or an error name */
	char	*in;		/* the compressed text */
};

static struct vec *vecs;
static int nvecs;

static const char *const errnames[] = {
	"LZ_OK", "LZ_ERR_EMPTY", "LZ_ERR_CHAR", "LZ_ERR_TRUNCATED",
	"LZ_ERR_CODE", "LZ_ERR_TRAILING", "LZ_ERR_SURROGATE",
	"LZ_ERR_TOO_LONG", "LZ_ERR_NOMEM"
};

/* The vector file, found from this file's path (make runs the tests from
 * the repository root; __FILE__ is then relative to it). */
static void
load_vectors(void)
{
	const char *f = __FILE__, *t = strstr(f, "tests/unit/");
	char path[4096], *line = NULL, *p;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;

	snprintf(path, sizeof path, "%.*stests/fixtures/lzstring_vectors.txt",
	    t != NULL ? (int)(t - f) : 0, f);
	if ((fp = fopen(path, "r")) == NULL) {
		perror(path);
		exit(2);
	}
	while ((n = getline(&line, &cap, fp)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		vecs = realloc(vecs, (size_t)(nvecs + 1) * sizeof *vecs);
		if (vecs == NULL)
			exit(2);
		p = strdup(line);
		vecs[nvecs].kind = strsep(&p, "\t");
		vecs[nvecs].name = strsep(&p, "\t");
		vecs[nvecs].want = strsep(&p, "\t");
		vecs[nvecs].in = strsep(&p, "\t");
		if (vecs[nvecs].in == NULL) {
			fprintf(stderr, "%s: bad vector %d\n", path, nvecs + 1);
			exit(2);
		}
		nvecs++;
	}
	free(line);
	fclose(fp);
}

static char *
hex(const unsigned char *s, size_t n)
{
	char *h = malloc(2 * n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(h + 2 * i, "%02x", s[i]);
	h[2 * n] = '\0';
	return h;
}

static int
valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0, k, j;
	unsigned long cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xE0) == 0xC0)
			k = 1, cp = s[i] & 0x1F;
		else if ((s[i] & 0xF0) == 0xE0)
			k = 2, cp = s[i] & 0x0F;
		else if ((s[i] & 0xF8) == 0xF0)
			k = 3, cp = s[i] & 0x07;
		else
			return 0;
		for (j = 1; j <= k; j++) {
			if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) ||
		    (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += k + 1;
	}
	return 1;
}

/* ---- The reference's vectors ---------------------------------------------- */

START_TEST(test_vector)
{
	const struct vec *v = &vecs[_i];
	char *out, *h, want[128];
	unsigned char md[SHA256_DIGEST_LENGTH];
	size_t outlen, errpos;
	enum lz_err e;

	e = lz_decompress_uri(v->in, strlen(v->in), MAXOUT, &out, &outlen,
	    &errpos);
	if (strcmp(v->kind, "err") == 0) {
		ck_assert_msg(e < N(errnames) && strcmp(errnames[e], v->want) == 0,
		    "%s: got %s (%s), want %s", v->name,
		    e < N(errnames) ? errnames[e] : "?", lz_strerror(e), v->want);
		ck_assert_ptr_null(out);
		ck_assert_uint_eq(outlen, 0);
		return;
	}
	ck_assert_msg(e == LZ_OK, "%s: %s at %zu", v->name, lz_strerror(e),
	    errpos);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(out[outlen], '\0');
	ck_assert_msg(valid_utf8((unsigned char *)out, outlen), "%s: not UTF-8",
	    v->name);
	if (strcmp(v->kind, "ok") == 0) {
		h = hex((unsigned char *)out, outlen);
		ck_assert_msg(strcmp(h, v->want) == 0, "%s: got %.200s want %.200s",
		    v->name, h, v->want);
		free(h);
	} else {
		ck_assert_str_eq(v->kind, "okh");
		SHA256((unsigned char *)out, outlen, md);
		h = hex(md, sizeof md);
		snprintf(want, sizeof want, "%zu:%s", outlen, h);
		ck_assert_msg(strcmp(want, v->want) == 0, "%s: got %s want %s",
		    v->name, want, v->want);
		free(h);
	}
	/* A space reads as '+' (form decoding turned '+' into ' '). */
	if (strchr(v->in, '+') != NULL) {
		char *sp = strdup(v->in), *p, *out2;
		size_t outlen2;

		for (p = sp; (p = strchr(p, '+')) != NULL; p++)
			*p = ' ';
		ck_assert_int_eq(lz_decompress_uri(sp, strlen(sp), MAXOUT,
		    &out2, &outlen2, NULL), LZ_OK);
		ck_assert_uint_eq(outlen2, outlen);
		ck_assert(memcmp(out2, out, outlen) == 0);
		free(out2);
		free(sp);
	}
	free(out);
}
END_TEST

/* The file holds what it should: every kind of vector, and enough. */
START_TEST(test_vector_file)
{
	int i, ok = 0, okh = 0, err = 0;

	for (i = 0; i < nvecs; i++) {
		ok += strcmp(vecs[i].kind, "ok") == 0;
		okh += strcmp(vecs[i].kind, "okh") == 0;
		err += strcmp(vecs[i].kind, "err") == 0;
	}
	ck_assert_int_eq(ok + okh + err, nvecs);
	ck_assert_int_ge(ok, 40);
	ck_assert_int_ge(okh, 10);
	ck_assert_int_ge(err, 15);
}
END_TEST

/* ---- Known answers, written out --------------------------------------------- */

static const struct {
	const char	*in;
	const char	*want;	/* NULL: the error */
	enum lz_err	 err;
	size_t		 errpos;
} known[] = {
	{ "Q", "", LZ_OK, 0 },			/* compress("") */
	{ "IZA", "a", LZ_OK, 0 },
	{ "IYo", "aaa", LZ_OK, 0 },
	/* 13 bits: the end code ends inside the third character, which the
	 * compressor pads; nothing may follow it. */
	{ "IZA A", NULL, LZ_ERR_TRAILING, 3 },	/* a space is '+': in the alphabet */
	{ "IZAA", NULL, LZ_ERR_TRAILING, 3 },
	{ "IZAAA", NULL, LZ_ERR_TRAILING, 3 },
	{ "", NULL, LZ_ERR_EMPTY, 0 },
	{ "I=A", NULL, LZ_ERR_CHAR, 1 },
	{ "IZ\x80", NULL, LZ_ERR_CHAR, 2 },
	{ "I", NULL, LZ_ERR_TRUNCATED, 1 },
	{ "IZ", NULL, LZ_ERR_TRUNCATED, 2 },
	{ "w", NULL, LZ_ERR_CODE, 0 },		/* 110000: the first code is 3 */
	{ "D", NULL, LZ_ERR_TRUNCATED, 1 },	/* 000011: a literal, cut */
};

START_TEST(test_known)
{
	char *out;
	size_t outlen, errpos;
	enum lz_err e;

	e = lz_decompress_uri(known[_i].in, strlen(known[_i].in), MAXOUT,
	    &out, &outlen, &errpos);
	ck_assert_msg(e == known[_i].err, "[%s]: got %s want %s", known[_i].in,
	    errnames[e], errnames[known[_i].err]);
	if (known[_i].want != NULL) {
		ck_assert_str_eq(out, known[_i].want);
		free(out);
	} else {
		ck_assert_ptr_null(out);
		ck_assert_uint_eq(errpos, known[_i].errpos);
	}
}
END_TEST

/* len, not a NUL, ends the input: the same bytes with more after them. */
START_TEST(test_len_bounds)
{
	char *out;
	size_t outlen;

	ck_assert_int_eq(lz_decompress_uri("IZA!!!!", 3, MAXOUT, &out, &outlen,
	    NULL), LZ_OK);
	ck_assert_str_eq(out, "a");
	free(out);
	/* The input is not NUL-terminated at all. */
	{
		char buf[3] = { 'I', 'Z', 'A' };

		ck_assert_int_eq(lz_decompress_uri(buf, 3, MAXOUT, &out,
		    &outlen, NULL), LZ_OK);
		free(out);
	}
}
END_TEST

/* maxout caps the output: 70,000 'a' need 70,000 bytes. */
START_TEST(test_maxout)
{
	char *out;
	size_t outlen;
	int i;

	for (i = 0; i < nvecs; i++)
		if (strcmp(vecs[i].name, "one-letter-long") == 0)
			break;
	ck_assert_int_lt(i, nvecs);
	ck_assert_int_eq(lz_decompress_uri(vecs[i].in, strlen(vecs[i].in),
	    69999, &out, &outlen, NULL), LZ_ERR_TOO_LONG);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(lz_decompress_uri(vecs[i].in, strlen(vecs[i].in),
	    70000, &out, &outlen, NULL), LZ_OK);
	ck_assert_uint_eq(outlen, 70000);
	free(out);
	/* "\xF0\x9F\x98\x80" is 4 bytes from 2 units: the cap is in bytes. */
	for (i = 0; i < nvecs; i++)
		if (strcmp(vecs[i].name, "astral-max") == 0)
			break;
	ck_assert_int_eq(lz_decompress_uri(vecs[i].in, strlen(vecs[i].in),
	    11, &out, &outlen, NULL), LZ_ERR_TOO_LONG);
	ck_assert_int_eq(lz_decompress_uri(vecs[i].in, strlen(vecs[i].in),
	    12, &out, &outlen, NULL), LZ_OK);
	ck_assert_uint_eq(outlen, 12);
	free(out);
}
END_TEST

/*
 * Mangled vectors (a fixed seed): one character changed, cut short, or
 * bytes flipped. Each is decoded into exactly-sized heap copies (so
 * valgrind or ASan would see any overrun); the result is an error or
 * valid UTF-8 within the cap, never a crash.
 */
START_TEST(test_mangled)
{
	static const char keys[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-";
	unsigned long seed = 20261122;
	size_t len, outlen, k;
	char *in, *out;
	enum lz_err e;
	int i, round, errors = 0, oks = 0;

	for (i = 0; i < nvecs; i++) {
		if (strcmp(vecs[i].kind, "err") == 0 || strlen(vecs[i].in) < 2)
			continue;
		for (round = 0; round < 30; round++) {
			len = strlen(vecs[i].in);
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			switch (round % 3) {
			case 0:	/* one character changed */
				in = malloc(len);
				memcpy(in, vecs[i].in, len);
				in[(seed >> 33) % len] = keys[(seed >> 17) % 64];
				break;
			case 1:	/* cut short */
				len = (seed >> 33) % len;
				in = malloc(len ? len : 1);
				memcpy(in, vecs[i].in, len);
				break;
			default:	/* a run of characters shuffled */
				in = malloc(len);
				memcpy(in, vecs[i].in, len);
				for (k = (seed >> 33) % len; k < len && k % 7 != 6; k++)
					in[k] = keys[(seed >> (k % 40)) % 64];
				break;
			}
			e = lz_decompress_uri(in, len, 1 << 20, &out, &outlen, NULL);
			if (e == LZ_OK) {
				ck_assert(outlen <= 1 << 20);
				ck_assert(valid_utf8((unsigned char *)out, outlen));
				free(out);
				oks++;
			} else {
				ck_assert_ptr_null(out);
				ck_assert(e > LZ_OK && e <= LZ_ERR_NOMEM);
				errors++;
			}
			free(in);
		}
	}
	/* Most mangled streams must be refused (cut ones always are). */
	ck_assert_int_gt(errors, oks);
}
END_TEST

/* Random bytes, and random strings of the alphabet. */
START_TEST(test_random_input)
{
	static const char keys[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-";
	unsigned long seed = 42;
	size_t len, k, outlen;
	char *in, *out;
	enum lz_err e;
	int i;

	for (i = 0; i < 3000; i++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		len = 1 + (seed >> 33) % 300;
		in = malloc(len);
		for (k = 0; k < len; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			in[k] = i % 2 ? keys[(seed >> 33) % 64] :
			    (char)(seed >> 40);
		}
		e = lz_decompress_uri(in, len, 1 << 20, &out, &outlen, NULL);
		if (e == LZ_OK) {
			ck_assert(valid_utf8((unsigned char *)out, outlen));
			free(out);
		} else
			ck_assert_ptr_null(out);
		free(in);
	}
}
END_TEST

START_TEST(test_strerror)
{
	int e;

	for (e = LZ_OK; e <= LZ_ERR_NOMEM; e++)
		ck_assert_ptr_nonnull(lz_strerror((enum lz_err)e));
	ck_assert_str_eq(lz_strerror(LZ_ERR_SURROGATE),
	    "LZ-string text holds a lone UTF-16 surrogate");
	ck_assert_str_eq(lz_strerror((enum lz_err)99), "unknown LZ-string error");
}
END_TEST

static Suite *
lzstring_suite(void)
{
	Suite *s = suite_create("lzstring");
	TCase *tc;

	tc = tcase_create("vectors");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_vector_file);
	tcase_add_loop_test(tc, test_vector, 0, nvecs);
	suite_add_tcase(s, tc);

	tc = tcase_create("known");
	tcase_add_loop_test(tc, test_known, 0, N(known));
	tcase_add_test(tc, test_len_bounds);
	tcase_add_test(tc, test_maxout);
	tcase_add_test(tc, test_strerror);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_mangled);
	tcase_add_test(tc, test_random_input);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	load_vectors();
	sr = srunner_create(lzstring_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
