/*
 * test_csvsrc.c — unit tests for jobs/input/csvsrc.c: small hand-made files in a
 * temporary directory, exact records, lines and fields.
 */
#include <sys/stat.h>

#include <check.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvsrc.h"

static char tmpdir[PATH_MAX];

/* One record as the callback saw it, copied. */
struct got {
	long	 line;
	size_t	 nfields;
	char	**f;
	size_t	*len;
	char	*raw;
	size_t	 rawlen;
	int	 raw_truncated, has_nul, blank, broken, fields_truncated;
	size_t	 max_field_len, dropped;
};

struct coll {
	struct got	*r;
	size_t		 n, size;
	size_t		 stop_after;	/* 0: never stop */
};

static char *
memdup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void
coll_free(struct coll *c)
{
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		for (j = 0; j < c->r[i].nfields; j++)
			free(c->r[i].f[j]);
		free(c->r[i].f);
		free(c->r[i].len);
		free(c->r[i].raw);
	}
	free(c->r);
	memset(c, 0, sizeof(*c));
}

static int
collect(const struct csvsrc_rec *rec, void *arg)
{
	struct coll *c = arg;
	struct got *g;
	size_t i;

	if (c->n == c->size) {
		c->size = c->size ? c->size * 2 : 16;
		c->r = realloc(c->r, c->size * sizeof(*c->r));
		ck_assert_ptr_nonnull(c->r);
	}
	g = &c->r[c->n++];
	memset(g, 0, sizeof(*g));
	g->line = rec->line;
	g->nfields = rec->nfields;
	g->f = calloc(rec->nfields + 1, sizeof(*g->f));
	g->len = calloc(rec->nfields + 1, sizeof(*g->len));
	ck_assert_ptr_nonnull(rec->fields);
	for (i = 0; i < rec->nfields; i++) {
		/* Fields are NUL-terminated at their length. */
		ck_assert_int_eq(rec->fields[i][rec->lens[i]], '\0');
		g->f[i] = memdup(rec->fields[i], rec->lens[i]);
		g->len[i] = rec->lens[i];
	}
	ck_assert_int_eq(rec->raw[rec->rawlen], '\0');
	g->raw = memdup(rec->raw, rec->rawlen);
	g->rawlen = rec->rawlen;
	g->raw_truncated = rec->raw_truncated;
	g->has_nul = rec->has_nul;
	g->blank = rec->blank_line;
	g->broken = rec->broken_quote;
	g->fields_truncated = rec->fields_truncated;
	g->max_field_len = rec->max_field_len;
	g->dropped = rec->nfields_dropped;
	return c->stop_after != 0 && c->n >= c->stop_after;
}

static char *
write_file(const char *name, const char *data, size_t len)
{
	char *path;
	FILE *fp;

	ck_assert_int_ne(asprintf(&path, "%s/%s", tmpdir, name), -1);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	return path;
}

/* Scan and read a file made of the given bytes; 0 or -1. */
static int
run_opts(const char *name, const char *data, size_t len,
    const struct csvsrc_opts *o, struct coll *c, struct csvsrc_info *info,
    int *stopped)
{
	char err[512], *path = write_file(name, data, len);
	int rc;

	coll_free(c);
	rc = csvsrc_scan(path, 0, info, err, sizeof(err));
	ck_assert_msg(rc == 0, "scan: %s", err);
	rc = csvsrc_read(path, info, o, collect, c, stopped, err, sizeof(err));
	ck_assert_msg(rc == 0, "read: %s", err);
	free(path);
	return rc;
}

static void
run(const char *name, const char *data, size_t len, char delim,
    struct coll *c)
{
	struct csvsrc_opts o = { .delim = delim };
	struct csvsrc_info info;

	run_opts(name, data, len, &o, c, &info, NULL);
}

#define RUN(name, lit, delim, c)	run(name, lit, sizeof(lit) - 1, delim, c)

/* The record's fields are exactly the n strings given. */
static void
fields_are(const struct got *g, size_t n, ...)
{
	va_list ap;
	const char *want;
	size_t i;

	ck_assert_uint_eq(g->nfields, n);
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		want = va_arg(ap, const char *);
		ck_assert_uint_eq(g->len[i], strlen(want));
		ck_assert_str_eq(g->f[i], want);
	}
	va_end(ap);
}

static void
rec_is(const struct got *g, long line, const char *raw)
{
	ck_assert_int_eq(g->line, line);
	ck_assert_uint_eq(g->rawlen, strlen(raw));
	ck_assert_str_eq(g->raw, raw);
	ck_assert_int_eq(g->broken, 0);
	ck_assert_int_eq(g->raw_truncated, 0);
}

static void
blank_is(const struct got *g, long line, const char *raw)
{
	rec_is(g, line, raw);
	ck_assert_int_eq(g->blank, 1);
	ck_assert_uint_eq(g->nfields, 0);
}

/* ---- line endings ----------------------------------------------------- */

START_TEST(t_lf)
{
	struct coll c = { 0 };

	RUN("lf.csv", "a,b\nc,d\n", ',', &c);
	ck_assert_uint_eq(c.n, 2);
	rec_is(&c.r[0], 1, "a,b");
	fields_are(&c.r[0], 2, "a", "b");
	rec_is(&c.r[1], 2, "c,d");
	fields_are(&c.r[1], 2, "c", "d");
	ck_assert_int_eq(c.r[0].blank, 0);
	coll_free(&c);
}
END_TEST

START_TEST(t_crlf)
{
	struct coll c = { 0 };

	RUN("crlf.csv", "a,b\r\nc,d\r\ne,f\r\n", ',', &c);
	ck_assert_uint_eq(c.n, 3);
	rec_is(&c.r[0], 1, "a,b");
	rec_is(&c.r[1], 2, "c,d");
	rec_is(&c.r[2], 3, "e,f");
	fields_are(&c.r[2], 2, "e", "f");
	coll_free(&c);
}
END_TEST

START_TEST(t_cr)
{
	struct coll c = { 0 };

	RUN("cr.csv", "a,b\rc,d\r", ',', &c);
	ck_assert_uint_eq(c.n, 2);
	rec_is(&c.r[0], 1, "a,b");
	rec_is(&c.r[1], 2, "c,d");
	fields_are(&c.r[1], 2, "c", "d");
	coll_free(&c);
}
END_TEST

START_TEST(t_mixed)
{
	struct coll c = { 0 };

	RUN("mixed.csv", "a\r\nb\nc\rd", ',', &c);
	ck_assert_uint_eq(c.n, 4);
	rec_is(&c.r[0], 1, "a");
	rec_is(&c.r[1], 2, "b");
	rec_is(&c.r[2], 3, "c");
	rec_is(&c.r[3], 4, "d");
	fields_are(&c.r[3], 1, "d");

	/* CR then CRLF is two line breaks; LF then CR too. */
	RUN("mixed2.csv", "a\r\r\nb\n\rc\n", ',', &c);
	ck_assert_uint_eq(c.n, 5);
	rec_is(&c.r[0], 1, "a");
	blank_is(&c.r[1], 2, "");
	rec_is(&c.r[2], 3, "b");
	blank_is(&c.r[3], 4, "");
	rec_is(&c.r[4], 5, "c");
	coll_free(&c);
}
END_TEST

/* ---- quoting ---------------------------------------------------------- */

START_TEST(t_quoted_newline)
{
	struct coll c = { 0 };

	RUN("qnl.csv", "h1,h2\n\"x\ny\",z\nnext,1\n", ',', &c);
	ck_assert_uint_eq(c.n, 3);
	rec_is(&c.r[0], 1, "h1,h2");
	rec_is(&c.r[1], 2, "\"x\ny\",z");
	fields_are(&c.r[1], 2, "x\ny", "z");
	rec_is(&c.r[2], 4, "next,1");
	fields_are(&c.r[2], 2, "next", "1");

	/* CRLF inside quotes stays CRLF, in the field and the raw text. */
	RUN("qcrlf.csv", "\"a\r\nb\",c\r\nd\r\n", ',', &c);
	ck_assert_uint_eq(c.n, 2);
	rec_is(&c.r[0], 1, "\"a\r\nb\",c");
	fields_are(&c.r[0], 2, "a\r\nb", "c");
	rec_is(&c.r[1], 3, "d");

	/* Empty lines inside quotes are data, not blank lines. */
	RUN("qblank.csv", "\"a\n\n\nb\"\nc\n", ',', &c);
	ck_assert_uint_eq(c.n, 2);
	rec_is(&c.r[0], 1, "\"a\n\n\nb\"");
	fields_are(&c.r[0], 1, "a\n\n\nb");
	rec_is(&c.r[1], 5, "c");

	/* Two quoted breaks in a row of records, CR-only endings. */
	RUN("qcr.csv", "1,\"p\rq\"\r2,\"r\rs\rt\"\r3\r", ',', &c);
	ck_assert_uint_eq(c.n, 3);
	rec_is(&c.r[0], 1, "1,\"p\rq\"");
	fields_are(&c.r[0], 2, "1", "p\rq");
	rec_is(&c.r[1], 3, "2,\"r\rs\rt\"");
	fields_are(&c.r[1], 2, "2", "r\rs\rt");
	rec_is(&c.r[2], 6, "3");
	coll_free(&c);
}
END_TEST

START_TEST(t_delim_and_quotes)
{
	struct coll c = { 0 };

	RUN("dq.csv", "\"a,b\",\"he said \"\"hi\"\"\",c\n\"\",x\n", ',', &c);
	ck_assert_uint_eq(c.n, 2);
	fields_are(&c.r[0], 3, "a,b", "he said \"hi\"", "c");
	rec_is(&c.r[0], 1, "\"a,b\",\"he said \"\"hi\"\"\",c");
	fields_are(&c.r[1], 2, "", "x");
	coll_free(&c);
}
END_TEST

START_TEST(t_blanks_around_fields)
{
	struct coll c = { 0 };

	/* libcsv trims blanks around unquoted fields, not inside quotes. */
	RUN("sp.csv", " a , b c ,\" d \" \n", ',', &c);
	ck_assert_uint_eq(c.n, 1);
	fields_are(&c.r[0], 3, "a", "b c", " d ");
	rec_is(&c.r[0], 1, " a , b c ,\" d \" ");
	coll_free(&c);
}
END_TEST

START_TEST(t_stray_quotes)
{
	struct coll c = { 0 };

	/* A quote inside an unquoted field is data. */
	RUN("stray1.csv", "ab\"c,d\n5\" disk,e\"\"f\n", ',', &c);
	ck_assert_uint_eq(c.n, 2);
	fields_are(&c.r[0], 2, "ab\"c", "d");
	fields_are(&c.r[1], 2, "5\" disk", "e\"\"f");

	/*
	 * Text after a closing quote joins the field, and the next line is
	 * the next record (libcsv alone would swallow it).
	 */
	RUN("stray2.csv", "\"ab\"c,d\nx,y\n\"p\" \"q\",r\n\"s\"  t,u\n", ',',
	    &c);
	ck_assert_uint_eq(c.n, 4);
	fields_are(&c.r[0], 2, "abc", "d");
	rec_is(&c.r[0], 1, "\"ab\"c,d");
	fields_are(&c.r[1], 2, "x", "y");
	rec_is(&c.r[1], 2, "x,y");
	fields_are(&c.r[2], 2, "p \"q\"", "r");
	fields_are(&c.r[3], 2, "s  t", "u");
	rec_is(&c.r[3], 4, "\"s\"  t,u");
	coll_free(&c);
}
END_TEST

START_TEST(t_broken_quote)
{
	struct coll c = { 0 };

	RUN("broken.csv", "h,k\n1,x\n2,\"abc\n3,y\n4,z\n", ',', &c);
	ck_assert_uint_eq(c.n, 3);
	rec_is(&c.r[0], 1, "h,k");
	rec_is(&c.r[1], 2, "1,x");
	fields_are(&c.r[1], 2, "1", "x");
	ck_assert_int_eq(c.r[2].line, 3);
	ck_assert_int_eq(c.r[2].broken, 1);
	ck_assert_int_eq(c.r[2].blank, 0);
	ck_assert_str_eq(c.r[2].raw, "2,\"abc\n3,y\n4,z");
	ck_assert_uint_eq(c.r[2].nfields, 2);
	ck_assert_str_eq(c.r[2].f[0], "2");

	/* Without a final line break, and after a quoted break. */
	RUN("broken2.csv", "\"a\nb\",c\nd,\"e", ',', &c);
	ck_assert_uint_eq(c.n, 2);
	rec_is(&c.r[0], 1, "\"a\nb\",c");
	ck_assert_int_eq(c.r[1].line, 3);
	ck_assert_int_eq(c.r[1].broken, 1);
	ck_assert_str_eq(c.r[1].raw, "d,\"e");

	/* A closing quote as the file's last byte is not broken. */
	RUN("notbroken.csv", "a,\"b\nc\"", ',', &c);
	ck_assert_uint_eq(c.n, 1);
	rec_is(&c.r[0], 1, "a,\"b\nc\"");
	fields_are(&c.r[0], 2, "a", "b\nc");
	coll_free(&c);
}
END_TEST

/* ---- decoding --------------------------------------------------------- */

START_TEST(t_bom)
{
	struct csvsrc_opts o = { .delim = ',' };
	struct csvsrc_info info;
	struct coll c = { 0 };
	static const char data[] = "\xEF\xBB\xBFnik,nama\n1,Jos\xC3\xA9\n";

	run_opts("bom.csv", data, sizeof(data) - 1, &o, &c, &info, NULL);
	ck_assert_int_eq(info.has_bom, 1);
	ck_assert_int_eq(info.is_utf8, 1);
	ck_assert_uint_eq(c.n, 2);
	rec_is(&c.r[0], 1, "nik,nama");
	fields_are(&c.r[0], 2, "nik", "nama");
	fields_are(&c.r[1], 2, "1", "Jos\xC3\xA9");
	coll_free(&c);
}
END_TEST

START_TEST(t_bom_not_utf8)
{
	struct csvsrc_opts o = { .delim = ',' };
	struct csvsrc_info info;
	struct coll c = { 0 };
	static const char data[] = "\xEF\xBB\xBFnik,nama\n1,Jos\xE9\n";

	/* The BOM is skipped even though the rest is read as cp1252. */
	run_opts("bom1252.csv", data, sizeof(data) - 1, &o, &c, &info, NULL);
	ck_assert_int_eq(info.has_bom, 1);
	ck_assert_int_eq(info.is_utf8, 0);
	ck_assert_uint_eq(c.n, 2);
	fields_are(&c.r[0], 2, "nik", "nama");
	fields_are(&c.r[1], 2, "1", "Jos\xC3\xA9");
	coll_free(&c);
}
END_TEST

START_TEST(t_cp1252)
{
	struct csvsrc_opts o = { .delim = ',' };
	struct csvsrc_info info;
	struct coll c = { 0 };
	static const char data[] = "\x80,\x81,\x8D,\x92,\xE9\nNUR\x92" "AINI\n";

	run_opts("w1252.csv", data, sizeof(data) - 1, &o, &c, &info, NULL);
	ck_assert_int_eq(info.is_utf8, 0);
	ck_assert_int_eq(info.has_bom, 0);
	ck_assert_uint_eq(c.n, 2);
	fields_are(&c.r[0], 5, "\xE2\x82\xAC", "\xC2\x81", "\xC2\x8D",
	    "\xE2\x80\x99", "\xC3\xA9");
	rec_is(&c.r[0], 1,
	    "\xE2\x82\xAC,\xC2\x81,\xC2\x8D,\xE2\x80\x99,\xC3\xA9");
	fields_are(&c.r[1], 1, "NUR\xE2\x80\x99" "AINI");
	coll_free(&c);
}
END_TEST

START_TEST(t_cp1252_all)
{
	static const char want[] =
	    "\xe2\x82\xac\xc2\x81\xe2\x80\x9a\xc6\x92\xe2\x80\x9e\xe2\x80\xa6"
	    "\xe2\x80\xa0\xe2\x80\xa1\xcb\x86\xe2\x80\xb0\xc5\xa0\xe2\x80\xb9"
	    "\xc5\x92\xc2\x8d\xc5\xbd\xc2\x8f\xc2\x90\xe2\x80\x98\xe2\x80\x99"
	    "\xe2\x80\x9c\xe2\x80\x9d\xe2\x80\xa2\xe2\x80\x93\xe2\x80\x94"
	    "\xcb\x9c\xe2\x84\xa2\xc5\xa1\xe2\x80\xba\xc5\x93\xc2\x9d\xc5\xbe"
	    "\xc5\xb8\xc2\xa0\xc2\xa1\xc2\xa2\xc2\xa3\xc2\xa4\xc2\xa5\xc2\xa6"
	    "\xc2\xa7\xc2\xa8\xc2\xa9\xc2\xaa\xc2\xab\xc2\xac\xc2\xad\xc2\xae"
	    "\xc2\xaf\xc2\xb0\xc2\xb1\xc2\xb2\xc2\xb3\xc2\xb4\xc2\xb5\xc2\xb6"
	    "\xc2\xb7\xc2\xb8\xc2\xb9\xc2\xba\xc2\xbb\xc2\xbc\xc2\xbd\xc2\xbe"
	    "\xc2\xbf\xc3\x80\xc3\x81\xc3\x82\xc3\x83\xc3\x84\xc3\x85\xc3\x86"
	    "\xc3\x87\xc3\x88\xc3\x89\xc3\x8a\xc3\x8b\xc3\x8c\xc3\x8d\xc3\x8e"
	    "\xc3\x8f\xc3\x90\xc3\x91\xc3\x92\xc3\x93\xc3\x94\xc3\x95\xc3\x96"
	    "\xc3\x97\xc3\x98\xc3\x99\xc3\x9a\xc3\x9b\xc3\x9c\xc3\x9d\xc3\x9e"
	    "\xc3\x9f\xc3\xa0\xc3\xa1\xc3\xa2\xc3\xa3\xc3\xa4\xc3\xa5\xc3\xa6"
	    "\xc3\xa7\xc3\xa8\xc3\xa9\xc3\xaa\xc3\xab\xc3\xac\xc3\xad\xc3\xae"
	    "\xc3\xaf\xc3\xb0\xc3\xb1\xc3\xb2\xc3\xb3\xc3\xb4\xc3\xb5\xc3\xb6"
	    "\xc3\xb7\xc3\xb8\xc3\xb9\xc3\xba\xc3\xbb\xc3\xbc\xc3\xbd\xc3\xbe"
	    "\xc3\xbf";
	char data[128];
	struct coll c = { 0 };
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (char)(0x80 + i);
	run("all1252.csv", data, sizeof(data), ',', &c);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_uint_eq(c.r[0].nfields, 1);
	ck_assert_uint_eq(c.r[0].len[0], sizeof(want) - 1);
	ck_assert_uint_eq(sizeof(want) - 1, 273);
	ck_assert(memcmp(c.r[0].f[0], want, sizeof(want) - 1) == 0);
	coll_free(&c);
}
END_TEST

START_TEST(t_utf8_stays)
{
	struct csvsrc_opts o = { .delim = ';' };
	struct csvsrc_info info;
	struct coll c = { 0 };
	static const char data[] = "nama;kota\nJos\xC3\xA9;\xE2\x82\xAC\xF0\x9F\x98\x80\n";

	run_opts("utf8.csv", data, sizeof(data) - 1, &o, &c, &info, NULL);
	ck_assert_int_eq(info.is_utf8, 1);
	ck_assert_int_eq(info.has_bom, 0);
	ck_assert_uint_eq(c.n, 2);
	fields_are(&c.r[1], 2, "Jos\xC3\xA9", "\xE2\x82\xAC\xF0\x9F\x98\x80");
	coll_free(&c);
}
END_TEST

START_TEST(t_scan_utf8_strict)
{
	static const struct {
		const char	*s;
		int		 ok;
	} cases[] = {
		{ "plain ascii", 1 },
		{ "\xC3\xA9", 1 },
		{ "\xE2\x82\xAC", 1 },
		{ "\xF0\x9F\x98\x80", 1 },
		{ "\xF1\x80\x80\x80", 1 },		/* U+40000 */
		{ "\xF4\x8F\xBF\xBF", 1 },		/* U+10FFFF */
		{ "\xED\x9F\xBF", 1 },			/* U+D7FF */
		{ "\xEE\x80\x80", 1 },			/* U+E000 */
		{ "\xC0\xAF", 0 },			/* overlong / */
		{ "\xC1\xBF", 0 },
		{ "\xE0\x80\xAF", 0 },			/* overlong */
		{ "\xE0\x9F\xBF", 0 },
		{ "\xF0\x8F\xBF\xBF", 0 },		/* overlong */
		{ "\xED\xA0\x80", 0 },			/* surrogate */
		{ "\xED\xBF\xBF", 0 },
		{ "\xF4\x90\x80\x80", 0 },		/* > U+10FFFF */
		{ "\xF5\x80\x80\x80", 0 },
		{ "\xFF", 0 },
		{ "\x80", 0 },				/* lone continuation */
		{ "a\xC3", 0 },				/* cut at the end */
		{ "\xE2\x82", 0 },
		{ "\xE2\x82x", 0 },
		{ "\xC3\xA9\xA9", 0 },
	};
	struct csvsrc_info info;
	char err[256], *path;
	size_t i, cs;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		path = write_file("u8.bin", cases[i].s, strlen(cases[i].s));
		/* Every chunk size, so each sequence is cut everywhere. */
		for (cs = 1; cs <= 5; cs++) {
			csvsrc_set_chunk_size(cs);
			ck_assert_int_eq(csvsrc_scan(path, 0, &info, err,
			    sizeof(err)), 0);
			ck_assert_msg(info.is_utf8 == cases[i].ok,
			    "case %zu chunk %zu", i, cs);
		}
		free(path);
	}
	csvsrc_set_chunk_size(0);
}
END_TEST

/* ---- blank lines and the end of the file ------------------------------ */

START_TEST(t_blank_lines)
{
	struct coll c = { 0 };

	RUN("blank.csv", "a\n\n   \nb\n\t\n \t \r\nc", ',', &c);
	ck_assert_uint_eq(c.n, 7);
	rec_is(&c.r[0], 1, "a");
	ck_assert_int_eq(c.r[0].blank, 0);
	blank_is(&c.r[1], 2, "");
	blank_is(&c.r[2], 3, "   ");
	rec_is(&c.r[3], 4, "b");
	blank_is(&c.r[4], 5, "\t");
	blank_is(&c.r[5], 6, " \t ");
	rec_is(&c.r[6], 7, "c");

	/* Delimiters only: a record of empty fields, not a blank line. */
	RUN("commas.csv", ",,\n", ',', &c);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_int_eq(c.r[0].blank, 0);
	fields_are(&c.r[0], 3, "", "", "");
	coll_free(&c);
}
END_TEST

START_TEST(t_file_ends)
{
	struct coll c = { 0 };

	RUN("end1.csv", "a,b\nc,d", ',', &c);
	ck_assert_uint_eq(c.n, 2);
	rec_is(&c.r[1], 2, "c,d");
	fields_are(&c.r[1], 2, "c", "d");

	RUN("end2.csv", "a\n", ',', &c);
	ck_assert_uint_eq(c.n, 1);

	RUN("end3.csv", "a\r\n", ',', &c);
	ck_assert_uint_eq(c.n, 1);

	RUN("end4.csv", "a\r", ',', &c);
	ck_assert_uint_eq(c.n, 1);

	RUN("end5.csv", "", ',', &c);
	ck_assert_uint_eq(c.n, 0);

	RUN("end6.csv", "\n", ',', &c);
	ck_assert_uint_eq(c.n, 1);
	blank_is(&c.r[0], 1, "");

	RUN("end7.csv", "a\n  ", ',', &c);
	ck_assert_uint_eq(c.n, 2);
	blank_is(&c.r[1], 2, "  ");

	RUN("end8.csv", "a,", ',', &c);
	ck_assert_uint_eq(c.n, 1);
	fields_are(&c.r[0], 2, "a", "");
	coll_free(&c);
}
END_TEST

/* ---- bytes, delimiters, limits ---------------------------------------- */

START_TEST(t_nul)
{
	struct coll c = { 0 };
	static const char data[] = "a,b\0c\nd\n";

	run("nul.csv", data, sizeof(data) - 1, ',', &c);
	ck_assert_uint_eq(c.n, 2);
	ck_assert_int_eq(c.r[0].has_nul, 1);
	ck_assert_uint_eq(c.r[0].nfields, 2);
	ck_assert_uint_eq(c.r[0].len[1], 3);
	ck_assert(memcmp(c.r[0].f[1], "b\0c", 3) == 0);
	ck_assert_uint_eq(c.r[0].rawlen, 5);
	ck_assert(memcmp(c.r[0].raw, "a,b\0c", 5) == 0);
	ck_assert_int_eq(c.r[1].has_nul, 0);
	coll_free(&c);
}
END_TEST

START_TEST(t_tab)
{
	struct coll c = { 0 };

	RUN("tab.tsv", "a\t\tb\n x \t y \n\t\n \n", '\t', &c);
	ck_assert_uint_eq(c.n, 4);
	fields_are(&c.r[0], 3, "a", "", "b");
	fields_are(&c.r[1], 2, "x", "y");
	/* With TAB as the delimiter a TAB is not a blank. */
	fields_are(&c.r[2], 2, "", "");
	ck_assert_int_eq(c.r[2].blank, 0);
	blank_is(&c.r[3], 4, " ");

	/* With ',' the TAB in "a\t\tb" is data inside the field. */
	RUN("tabcomma.csv", "a\t\tb,c\n", ',', &c);
	fields_are(&c.r[0], 2, "a\t\tb", "c");
	coll_free(&c);
}
END_TEST

START_TEST(t_pipe_semicolon)
{
	struct coll c = { 0 };

	RUN("pipe.txt", "NIK|NAMA|ALAMAT\n1|a,b|\"x|y\"\n", '|', &c);
	ck_assert_uint_eq(c.n, 2);
	fields_are(&c.r[0], 3, "NIK", "NAMA", "ALAMAT");
	fields_are(&c.r[1], 3, "1", "a,b", "x|y");

	RUN("semi.csv", "a;b,c;\n", ';', &c);
	fields_are(&c.r[0], 3, "a", "b,c", "");
	coll_free(&c);
}
END_TEST

START_TEST(t_raw_cap)
{
	struct csvsrc_opts o = { .delim = ',', .raw_cap = 5 };
	struct csvsrc_info info;
	struct coll c = { 0 };
	static const char d1[] = "abcdefgh,ij\nabcde\nab\n";
	static const char d2[] = "abc\xC3\xA9,x\nab\xE2\x82\xAC\n";

	run_opts("raw1.csv", d1, sizeof(d1) - 1, &o, &c, &info, NULL);
	ck_assert_uint_eq(c.n, 3);
	ck_assert_str_eq(c.r[0].raw, "abcde");
	ck_assert_uint_eq(c.r[0].rawlen, 5);
	ck_assert_int_eq(c.r[0].raw_truncated, 1);
	/* The fields are whole: only the raw text is capped. */
	fields_are(&c.r[0], 2, "abcdefgh", "ij");
	ck_assert_str_eq(c.r[1].raw, "abcde");
	ck_assert_int_eq(c.r[1].raw_truncated, 0);
	ck_assert_str_eq(c.r[2].raw, "ab");
	ck_assert_int_eq(c.r[2].raw_truncated, 0);

	/* Cut on a character boundary, never inside é or €. */
	o.raw_cap = 4;
	run_opts("raw2.csv", d2, sizeof(d2) - 1, &o, &c, &info, NULL);
	ck_assert_uint_eq(c.n, 2);
	ck_assert_str_eq(c.r[0].raw, "abc");
	ck_assert_int_eq(c.r[0].raw_truncated, 1);
	ck_assert_str_eq(c.r[1].raw, "ab");
	ck_assert_int_eq(c.r[1].raw_truncated, 1);
	coll_free(&c);
}
END_TEST

START_TEST(t_field_cap)
{
	struct csvsrc_opts o = { .delim = ',', .field_cap = 4 };
	struct csvsrc_info info;
	struct coll c = { 0 };
	static const char d[] = "abcdefgh,ij,abc\xC3\xA9\n";

	run_opts("fcap.csv", d, sizeof(d) - 1, &o, &c, &info, NULL);
	ck_assert_uint_eq(c.n, 1);
	fields_are(&c.r[0], 3, "abcd", "ij", "abc");
	ck_assert_int_eq(c.r[0].fields_truncated, 1);
	ck_assert_uint_eq(c.r[0].max_field_len, 8);
	ck_assert_str_eq(c.r[0].raw, "abcdefgh,ij,abc\xC3\xA9");

	o.field_cap = 0;
	run_opts("fcap2.csv", d, sizeof(d) - 1, &o, &c, &info, NULL);
	ck_assert_int_eq(c.r[0].fields_truncated, 0);
	ck_assert_uint_eq(c.r[0].max_field_len, 8);
	coll_free(&c);
}
END_TEST

START_TEST(t_huge_broken_field)
{
	struct csvsrc_opts o = { .delim = ',', .field_cap = 100,
	    .raw_cap = 50 };
	struct csvsrc_info info;
	struct coll c = { 0 };
	size_t n = 300000, i;
	char *d = malloc(n + 16), *p = d;

	/* A quote that is never closed, 300000 bytes before the end. */
	p += sprintf(p, "h\n1,\"");
	for (i = 0; i < n; i++)
		*p++ = (i % 1000 == 999) ? '\n' : 'x';
	run_opts("huge.csv", d, (size_t)(p - d), &o, &c, &info, NULL);
	ck_assert_uint_eq(c.n, 2);
	ck_assert_int_eq(c.r[1].broken, 1);
	ck_assert_int_eq(c.r[1].line, 2);
	ck_assert_uint_eq(c.r[1].nfields, 2);
	ck_assert_uint_eq(c.r[1].len[1], 100);
	ck_assert_uint_eq(c.r[1].max_field_len, n);
	ck_assert_int_eq(c.r[1].fields_truncated, 1);
	ck_assert_uint_eq(c.r[1].rawlen, 50);
	ck_assert_int_eq(c.r[1].raw_truncated, 1);
	free(d);
	coll_free(&c);
}
END_TEST

/*
 * libcsv's buffer is trimmed between csv_parse calls; a chunk boundary
 * right after a closing quote, or inside trailing blanks, must not change
 * the field nor its reported length.
 */
START_TEST(t_clamp_tail)
{
	struct csvsrc_opts o = { .delim = ',', .field_cap = 10 };
	struct csvsrc_info info;
	struct coll c = { 0 };
	size_t n = 200000, extra, len;
	char *d = malloc(n * 2 + 64), *p;

	/* "xxx...x"   ,b  cut after the quote, then inside the blanks */
	p = d;
	*p++ = '"';
	memset(p, 'x', n);
	p += n;
	len = (size_t)(p - d) + (size_t)sprintf(p, "\"   ,b\n");
	for (extra = 1; extra <= 3; extra++) {
		csvsrc_set_chunk_size(n + 1 + extra);
		run_opts("clamp1.csv", d, len, &o, &c, &info, NULL);
		ck_assert_uint_eq(c.n, 1);
		fields_are(&c.r[0], 2, "xxxxxxxxxx", "b");
		ck_assert_uint_eq(c.r[0].max_field_len, n);
		ck_assert_int_eq(c.r[0].fields_truncated, 1);
	}

	/* xxx...x<20 blanks>,b  unquoted, cut inside the blanks */
	memset(d, 'x', n);
	len = n + (size_t)sprintf(d + n, "%20s,b\n", "");
	csvsrc_set_chunk_size(n + 10);
	run_opts("clamp2.csv", d, len, &o, &c, &info, NULL);
	fields_are(&c.r[0], 2, "xxxxxxxxxx", "b");
	ck_assert_uint_eq(c.r[0].max_field_len, n);

	/* A cut never splits a character: 11 bytes of é's keep 10. */
	o.field_cap = 11;
	csvsrc_set_chunk_size(0);
	for (p = d; p < d + n; p += 2)
		memcpy(p, "\xC3\xA9", 2);
	len = n + (size_t)sprintf(d + n, ",b\n");
	run_opts("clamp3.csv", d, len, &o, &c, &info, NULL);
	fields_are(&c.r[0], 2, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", "b");
	ck_assert_uint_eq(c.r[0].max_field_len, n);
	coll_free(&c);
	free(d);
}
END_TEST

START_TEST(t_max_fields)
{
	struct csvsrc_opts o = { .delim = ',', .max_fields = 3 };
	struct csvsrc_info info;
	struct coll c = { 0 };
	static const char d[] = "a,b,c,d,e\nx\n";

	run_opts("maxf.csv", d, sizeof(d) - 1, &o, &c, &info, NULL);
	ck_assert_uint_eq(c.n, 2);
	fields_are(&c.r[0], 3, "a", "b", "c");
	ck_assert_uint_eq(c.r[0].dropped, 2);
	ck_assert_uint_eq(c.r[1].dropped, 0);
	coll_free(&c);
}
END_TEST

START_TEST(t_many_fields)
{
	struct coll c = { 0 };
	char d[512], want[16];
	size_t i, len = 0;

	for (i = 0; i < 40; i++)
		len += (size_t)sprintf(d + len, "%sf%zu", i ? "," : "", i);
	d[len++] = '\n';
	run("many.csv", d, len, ',', &c);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_uint_eq(c.r[0].nfields, 40);
	for (i = 0; i < 40; i++) {
		snprintf(want, sizeof(want), "f%zu", i);
		ck_assert_str_eq(c.r[0].f[i], want);
	}
	ck_assert_uint_eq(c.r[0].dropped, 0);
	coll_free(&c);
}
END_TEST

START_TEST(t_rec_cap)
{
	struct csvsrc_opts o = { .delim = ',', .rec_cap = 10 };
	struct csvsrc_info info;
	struct coll c = { 0 };
	static const char d[] = "abcdef,ghijkl,mn\nx\n";

	/* 7 bytes for "abcdef" and its NUL, 2 + NUL for "gh", then none. */
	run_opts("reccap.csv", d, sizeof(d) - 1, &o, &c, &info, NULL);
	ck_assert_uint_eq(c.n, 2);
	fields_are(&c.r[0], 3, "abcdef", "gh", "");
	ck_assert_int_eq(c.r[0].fields_truncated, 1);
	ck_assert_uint_eq(c.r[0].max_field_len, 6);
	fields_are(&c.r[1], 1, "x");
	ck_assert_int_eq(c.r[1].fields_truncated, 0);
	coll_free(&c);
}
END_TEST

START_TEST(t_stop)
{
	struct csvsrc_opts o = { .delim = ',' };
	struct csvsrc_info info;
	struct coll c = { 0 };
	char err[256], *path;
	int stopped = -1;
	static const char d[] = "1\n2\n3\n4\n5\n";

	path = write_file("stop.csv", d, sizeof(d) - 1);
	ck_assert_int_eq(csvsrc_scan(path, 0, &info, err, sizeof(err)), 0);
	c.stop_after = 2;
	ck_assert_int_eq(csvsrc_read(path, &info, &o, collect, &c, &stopped,
	    err, sizeof(err)), 0);
	ck_assert_int_eq(stopped, 1);
	ck_assert_uint_eq(c.n, 2);
	fields_are(&c.r[1], 1, "2");

	/* Not stopped: stopped is 0. */
	coll_free(&c);
	ck_assert_int_eq(csvsrc_read(path, &info, &o, collect, &c, &stopped,
	    err, sizeof(err)), 0);
	ck_assert_int_eq(stopped, 0);
	ck_assert_uint_eq(c.n, 5);
	free(path);
	coll_free(&c);
}
END_TEST

START_TEST(t_sha256_size)
{
	struct csvsrc_info info;
	char err[256], *path;

	/* sha256sum of "hello\n" */
	path = write_file("hello.txt", "hello\n", 6);
	ck_assert_int_eq(csvsrc_scan(path, 0, &info, err, sizeof(err)), 0);
	ck_assert_str_eq(info.sha256_hex,
	    "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
	ck_assert_int_eq(info.size, 6);
	ck_assert_int_eq(info.is_utf8, 1);
	csvsrc_set_chunk_size(1);
	ck_assert_int_eq(csvsrc_scan(path, 0, &info, err, sizeof(err)), 0);
	ck_assert_str_eq(info.sha256_hex,
	    "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
	csvsrc_set_chunk_size(0);
	free(path);

	/* sha256sum of an empty file */
	path = write_file("empty.txt", "", 0);
	ck_assert_int_eq(csvsrc_scan(path, 0, &info, err, sizeof(err)), 0);
	ck_assert_str_eq(info.sha256_hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ck_assert_int_eq(info.size, 0);
	ck_assert_int_eq(info.is_utf8, 1);
	ck_assert_int_eq(info.has_bom, 0);
	free(path);
}
END_TEST

START_TEST(t_size_limit)
{
	struct csvsrc_info info;
	char err[512], *path, *want;

	path = write_file("ten.csv", "0123456789", 10);
	ck_assert_int_eq(csvsrc_scan(path, 9, &info, err, sizeof(err)), -1);
	ck_assert_int_ne(asprintf(&want, "%s: file is 10 bytes, over the "
	    "limit of 9 bytes", path), -1);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(csvsrc_scan(path, 10, &info, err, sizeof(err)), 0);
	ck_assert_int_eq(info.size, 10);
	free(want);
	free(path);
}
END_TEST

START_TEST(t_errors)
{
	struct csvsrc_opts o = { .delim = ':' };
	struct csvsrc_info info;
	struct coll c = { 0 };
	char err[512], *path, *want;
	FILE *fp;

	ck_assert_int_ne(asprintf(&path, "%s/missing.csv", tmpdir), -1);
	ck_assert_int_eq(csvsrc_scan(path, 0, &info, err, sizeof(err)), -1);
	ck_assert_int_ne(asprintf(&want, "%s: No such file or directory",
	    path), -1);
	ck_assert_str_eq(err, want);
	free(want);
	free(path);

	path = write_file("ok.csv", "a\n", 2);
	ck_assert_int_eq(csvsrc_scan(path, 0, &info, err, sizeof(err)), 0);
	ck_assert_int_eq(csvsrc_read(path, &info, &o, collect, &c, NULL, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "unsupported delimiter"));

	/* The file grew between the passes. */
	fp = fopen(path, "ab");
	fputs("b\n", fp);
	fclose(fp);
	ck_assert_int_eq(csvsrc_read(path, &info, NULL, collect, &c, NULL,
	    err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "changed"));
	free(path);
	coll_free(&c);
}
END_TEST

/* ---- chunk boundaries ------------------------------------------------- */

static const char mix_data[] =
    "\xEF\xBB\xBFnik;nama;alamat\r\n"
    "3325010101900001;Jos\xC3\xA9;\"Jl. A\r\nRT 1\"\r\n"
    "\r\n"
    "3325;\xE2\x82\xAC\xF0\x9F\x98\x80;\"x;\"\"y\"\"\"\r"
    "  \n"
    "9;\"p\nq\rr\r\n\";z\n"
    "last;\xC3\xA9";

static void
mix_check(const struct coll *c)
{
	ck_assert_uint_eq(c->n, 7);
	rec_is(&c->r[0], 1, "nik;nama;alamat");
	fields_are(&c->r[0], 3, "nik", "nama", "alamat");
	rec_is(&c->r[1], 2, "3325010101900001;Jos\xC3\xA9;\"Jl. A\r\nRT 1\"");
	fields_are(&c->r[1], 3, "3325010101900001", "Jos\xC3\xA9",
	    "Jl. A\r\nRT 1");
	blank_is(&c->r[2], 4, "");
	rec_is(&c->r[3], 5, "3325;\xE2\x82\xAC\xF0\x9F\x98\x80;\"x;\"\"y\"\"\"");
	fields_are(&c->r[3], 3, "3325", "\xE2\x82\xAC\xF0\x9F\x98\x80",
	    "x;\"y\"");
	blank_is(&c->r[4], 6, "  ");
	rec_is(&c->r[5], 7, "9;\"p\nq\rr\r\n\";z");
	fields_are(&c->r[5], 3, "9", "p\nq\rr\r\n", "z");
}

START_TEST(t_chunk_boundaries)
{
	struct csvsrc_opts o = { .delim = ';' };
	struct csvsrc_info info;
	struct coll c = { 0 };
	size_t cs;

	/* Every chunk size cuts a CRLF, a BOM, é, € and an emoji somewhere. */
	for (cs = 1; cs <= sizeof(mix_data) + 1; cs++) {
		csvsrc_set_chunk_size(cs);
		run_opts("mix.csv", mix_data, sizeof(mix_data) - 1, &o, &c,
		    &info, NULL);
		ck_assert_int_eq(info.is_utf8, 1);
		ck_assert_int_eq(info.has_bom, 1);
		ck_assert_int_eq(info.size, (long long)sizeof(mix_data) - 1);
		ck_assert_msg(c.n == 7, "chunk %zu: %zu records", cs, c.n);
		mix_check(&c);
		rec_is(&c.r[6], 11, "last;\xC3\xA9");
		fields_are(&c.r[6], 2, "last", "\xC3\xA9");
	}
	csvsrc_set_chunk_size(0);
	coll_free(&c);
}
END_TEST

START_TEST(t_chunk_crlf_cp1252)
{
	struct coll c = { 0 };
	static const char d[] = "a\xE9\r\n\"b\r\n\x80\"\r\n\r\nc\r";
	size_t cs;

	for (cs = 1; cs <= sizeof(d) + 1; cs++) {
		csvsrc_set_chunk_size(cs);
		run("crlf1252.csv", d, sizeof(d) - 1, ',', &c);
		ck_assert_msg(c.n == 4, "chunk %zu: %zu records", cs, c.n);
		rec_is(&c.r[0], 1, "a\xC3\xA9");
		rec_is(&c.r[1], 2, "\"b\r\n\xE2\x82\xAC\"");
		fields_are(&c.r[1], 1, "b\r\n\xE2\x82\xAC");
		blank_is(&c.r[2], 4, "");
		rec_is(&c.r[3], 5, "c");
	}
	csvsrc_set_chunk_size(0);
	coll_free(&c);
}
END_TEST

static int
count_rows(const struct csvsrc_rec *rec, void *arg)
{
	long *seen = arg;
	char want[64];

	/* Row i (from 0) is on line i + 2 and reads "i;Jos\u00e9 i". */
	if (rec->line == 1)
		return 0;
	ck_assert_int_eq(rec->line, seen[0] + 2);
	snprintf(want, sizeof(want), "%ld", seen[0]);
	ck_assert_uint_eq(rec->nfields, 2);
	ck_assert_str_eq(rec->fields[0], want);
	snprintf(want, sizeof(want), "Jos\xC3\xA9 %ld", seen[0]);
	ck_assert_str_eq(rec->fields[1], want);
	seen[0]++;
	return 0;
}

START_TEST(t_big_file)
{
	struct csvsrc_opts o = { .delim = ';' };
	struct csvsrc_info info;
	char err[256], *d, *p, *path;
	long i, rows = 50000, seen = 0;
	int stopped;

	/* Well over one 64 KiB chunk, default chunk size. */
	d = malloc((size_t)rows * 32 + 32);
	p = d + sprintf(d, "no;nama\r\n");
	for (i = 0; i < rows; i++)
		p += sprintf(p, "%ld;Jos\xC3\xA9 %ld\r\n", i, i);
	path = write_file("big.csv", d, (size_t)(p - d));
	ck_assert_int_eq(csvsrc_scan(path, 0, &info, err, sizeof(err)), 0);
	ck_assert_int_eq(info.is_utf8, 1);
	ck_assert_int_eq(info.size, (long long)(p - d));
	ck_assert_int_eq(csvsrc_read(path, &info, &o, count_rows, &seen,
	    &stopped, err, sizeof(err)), 0);
	ck_assert_int_eq(seen, rows);
	ck_assert_int_eq(stopped, 0);
	free(path);
	free(d);
}
END_TEST

START_TEST(t_guess_delim)
{
	ck_assert_int_eq(csvsrc_guess_delim("NIK;NAMA;ALAMAT"), ';');
	ck_assert_int_eq(csvsrc_guess_delim("NIK,NAMA,ALAMAT"), ',');
	ck_assert_int_eq(csvsrc_guess_delim("NIK|NAMA|ALAMAT, KOTA"), '|');
	ck_assert_int_eq(csvsrc_guess_delim("NIK\tNAMA\tALAMAT"), '\t');
	ck_assert_int_eq(csvsrc_guess_delim("\"A;B;C\",D,E"), ',');
	ck_assert_int_eq(csvsrc_guess_delim("A;B,C"), ';');
	ck_assert_int_eq(csvsrc_guess_delim("A,B|C"), ',');
	ck_assert_int_eq(csvsrc_guess_delim("A|B\tC"), '|');
	ck_assert_int_eq(csvsrc_guess_delim("NIK"), ',');
	ck_assert_int_eq(csvsrc_guess_delim(""), ',');
}
END_TEST

static Suite *
csvsrc_suite(void)
{
	Suite *s = suite_create("csvsrc");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_lf);
	tcase_add_test(tc, t_crlf);
	tcase_add_test(tc, t_cr);
	tcase_add_test(tc, t_mixed);
	tcase_add_test(tc, t_quoted_newline);
	tcase_add_test(tc, t_delim_and_quotes);
	tcase_add_test(tc, t_blanks_around_fields);
	tcase_add_test(tc, t_stray_quotes);
	tcase_add_test(tc, t_broken_quote);
	tcase_add_test(tc, t_bom);
	tcase_add_test(tc, t_bom_not_utf8);
	tcase_add_test(tc, t_cp1252);
	tcase_add_test(tc, t_cp1252_all);
	tcase_add_test(tc, t_utf8_stays);
	tcase_add_test(tc, t_scan_utf8_strict);
	tcase_add_test(tc, t_blank_lines);
	tcase_add_test(tc, t_file_ends);
	tcase_add_test(tc, t_nul);
	tcase_add_test(tc, t_tab);
	tcase_add_test(tc, t_pipe_semicolon);
	tcase_add_test(tc, t_raw_cap);
	tcase_add_test(tc, t_field_cap);
	tcase_add_test(tc, t_huge_broken_field);
	tcase_add_test(tc, t_clamp_tail);
	tcase_add_test(tc, t_max_fields);
	tcase_add_test(tc, t_many_fields);
	tcase_add_test(tc, t_rec_cap);
	tcase_add_test(tc, t_stop);
	tcase_add_test(tc, t_sha256_size);
	tcase_add_test(tc, t_size_limit);
	tcase_add_test(tc, t_errors);
	tcase_add_test(tc, t_chunk_boundaries);
	tcase_add_test(tc, t_chunk_crlf_cp1252);
	tcase_add_test(tc, t_big_file);
	tcase_add_test(tc, t_guess_delim);
	suite_add_tcase(s, tc);
	return s;
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
main(void)
{
	SRunner *sr;
	const char *base = getenv("TMPDIR");
	int failed;

	snprintf(tmpdir, sizeof(tmpdir), "%s/test_csvsrc.XXXXXX",
	    base != NULL && *base != '\0' ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	sr = srunner_create(csvsrc_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return failed == 0 ? 0 : 1;
}
