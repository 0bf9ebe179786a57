/*
 * xlsxsrc.c — see xlsxsrc.h.
 *
 * Every part is read the same way (read_part): libzip inflates it in
 * chunks into an expat parser whose handlers keep only what they need.
 * Element names are matched by local name, so both transitional and
 * strict OOXML namespaces read the same.
 */
#include "xlsxsrc.h"

#include "date.h"
#include "recbuf.h"
#include "util.h"
#include "i18n.h"

#include <errno.h>
#include <expat.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zip.h>

#define NS_SEP		'\x01'	/* expat's separator: "uri\1local" */
#define EXPONENT_MAX	400	/* beyond it a number text stays as it is */
#define VALUE_SLACK	410	/* expand_number's room beyond the text */

static size_t chunk_size = 64 * 1024;

void
xlsxsrc_set_chunk_size(size_t n)
{
	chunk_size = n ? n : 64 * 1024;
}

/* One relationship of a .rels part. */
struct rel {
	char	*id, *type, *target;	/* target resolved to a zip name */
};

struct xlsxsrc {
	char		*path;
	zip_t		*zip;
	long long	 max_bytes;
	long long	 declared;	/* central directory sizes of parts read */
	int		 date1904;
	char		*sheet_name;
	char		*sheet_part;
	const char	*prefer;	/* a sheet read instead of the first */
	int		 preferred;	/* sheet_name is prefer */
	char		*cont[XLSXSRC_MAX_CONT];	/* "prefer (2)", ... parts */
	char		*header;	/* xlsxsrc_set_header's row */
	size_t		 header_len;
	zip_uint64_t	 sheet_index;
	unsigned char	*xf_date;	/* per cellXfs index: a date format */
	size_t		 nxf;
	FILE		*sst;		/* shared strings, back to back */
	uint64_t	*sst_off;	/* nsst + 1 offsets into sst */
	size_t		 nsst;
};

/* ---- small helpers ------------------------------------------------------ */

static const char *
local_name(const char *name)
{
	const char *s = strrchr(name, NS_SEP);

	return s ? s + 1 : name;
}

static int
is_local(const char *name, const char *want)
{
	return strcmp(local_name(name), want) == 0;
}

/* An attribute without a namespace (r, t, s, Id, Target ...). */
static const char *
attr(const char **atts, const char *want)
{
	size_t i;

	for (i = 0; atts[i] != NULL; i += 2)
		if (strcmp(atts[i], want) == 0)
			return atts[i + 1];
	return NULL;
}

/* r:id: local name id in the relationships namespace. */
static const char *
attr_rel_id(const char **atts)
{
	size_t i;

	for (i = 0; atts[i] != NULL; i += 2) {
		const char *sep = strrchr(atts[i], NS_SEP);

		if (sep != NULL && strcmp(sep + 1, "id") == 0 &&
		    strstr(atts[i], "relationships") != NULL)
			return atts[i + 1];
	}
	return NULL;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A whole decimal number of at most 9 digits, else -1. */
static long
parse_index(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Drop a UTF-8 character cut in two at the end of s[0..n). */
static size_t
u8_trim_tail(const char *s, size_t n)
{
	size_t i = n, need;
	unsigned char c;

	while (i > 0 && n - i < 4 && is_cont((unsigned char)s[i - 1]))
		i--;
	if (i == 0)
		return n;
	c = (unsigned char)s[i - 1];
	need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	return n - (i - 1) < need ? i - 1 : n;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Excel's _xHHHH_ escapes (ECMA-376 ST_Xstring), decoded in place: the
 * UTF-8 of a code point below U+10000 is never longer than its escape.
 * A surrogate cannot stand alone in UTF-8: it becomes U+FFFD.
 */
static size_t
decode_escapes(char *s, size_t n)
{
	size_t i = 0, o = 0;

	while (i < n) {
		unsigned cp = 0;
		int k, h = 0;

		if (s[i] == '_' && n - i >= 7 && s[i + 1] == 'x' && s[i + 6] == '_') {
			for (k = 2; k < 6 && (h = hexval(s[i + k])) >= 0; k++)
				cp = cp << 4 | (unsigned)h;
			if (h >= 0) {
				if (cp >= 0xD800 && cp <= 0xDFFF)
					cp = 0xFFFD;
				if (cp < 0x80)
					s[o++] = (char)cp;
				else if (cp < 0x800) {
					s[o++] = (char)(0xC0 | cp >> 6);
					s[o++] = (char)(0x80 | (cp & 0x3F));
				} else {
					s[o++] = (char)(0xE0 | cp >> 12);
					s[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
					s[o++] = (char)(0x80 | (cp & 0x3F));
				}
				i += 7;
				continue;
			}
		}
		s[o++] = s[i++];
	}
	return o;
}

/* ---- numbers and dates -------------------------------------------------- */

/* A number's text taken apart: [-]INT[.FRAC][E[+-]EXP]. */
struct number {
	int		 neg, has_point, has_exp;
	const char	*ip, *fp;	/* the digits before and after the point */
	size_t		 nint, nfrac;
	long		 exp;		/* signed; > EXPONENT_MAX means too big */
};

static size_t
count_digits(const char *v, size_t i, size_t n)
{
	size_t k = i;

	while (k < n && v[k] >= '0' && v[k] <= '9')
		k++;
	return k - i;
}

/* 0 when v[0..n) is a number as a <v> holds it, else -1. */
static int
number_parse(const char *v, size_t n, struct number *x)
{
	size_t i = 0, nexp;
	int esign = 1;

	memset(x, 0, sizeof *x);
	if (n > 0 && (v[0] == '-' || v[0] == '+'))
		x->neg = v[i++] == '-';
	x->ip = v + i;
	i += x->nint = count_digits(v, i, n);
	if (i < n && v[i] == '.') {
		x->has_point = 1;
		x->fp = v + ++i;
		i += x->nfrac = count_digits(v, i, n);
	}
	if (x->nint + x->nfrac == 0)
		return -1;
	if (i < n && (v[i] == 'e' || v[i] == 'E')) {
		x->has_exp = 1;
		if (++i < n && (v[i] == '+' || v[i] == '-'))
			esign = v[i++] == '-' ? -1 : 1;
		if ((nexp = count_digits(v, i, n)) == 0)
			return -1;
		for (; nexp > 0; nexp--, i++)
			if (x->exp <= EXPONENT_MAX)
				x->exp = x->exp * 10 + (v[i] - '0');
		x->exp *= esign;
	}
	if (i != n || x->exp > EXPONENT_MAX || x->exp < -EXPONENT_MAX)
		return -1;
	return 0;
}

/* The i-th digit of INT FRAC, as one string. */
static char
number_digit(const struct number *x, size_t i)
{
	return i < x->nint ? x->ip[i] : x->fp[i - x->nint];
}

/*
 * The digits with the point moved exp places, into out (room checked by
 * the caller): leading zeros of the whole part and trailing zeros of the
 * fraction go, and the point with an empty fraction.
 */
static size_t
number_shift(const struct number *x, char *out)
{
	size_t nd = x->nint + x->nfrac, o = 0, k, skip = 0, ni;
	long point = (long)x->nint + x->exp;	/* digits before the point */

	if (x->neg)
		out[o++] = '-';
	if (point <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (k = 0; k < (size_t)-point; k++)
			out[o++] = '0';
		for (k = 0; k < nd; k++)
			out[o++] = number_digit(x, k);
	} else {
		ni = (size_t)point;
		while (skip + 1 < ni && skip < nd && number_digit(x, skip) == '0')
			skip++;
		for (k = skip; k < ni; k++)
			out[o++] = k < nd ? number_digit(x, k) : '0';
		if (ni < nd)
			out[o++] = '.';
		for (k = ni; k < nd; k++)
			out[o++] = number_digit(x, k);
	}
	if (memchr(out, '.', o) != NULL) {
		while (out[o - 1] == '0')
			o--;
		if (out[o - 1] == '.')
			o--;
	}
	out[o] = '\0';
	if (x->neg && strspn(out + 1, "0") == o - 1)	/* -0 is 0 */
		memmove(out, out + 1, o--);
	return o;
}

int
xlsxsrc_expand_number(const char *v, size_t n, char *out, size_t outsz)
{
	struct number x;

	if (number_parse(v, n, &x) == -1)
		return -1;
	if (!x.has_point && !x.has_exp) {	/* plain digits stay as they are */
		if (n + 1 > outsz)
			return -1;
		memcpy(out, v, n);
		out[n] = '\0';
		return (int)n;
	}
	/* Worst case: sign, "0.", EXPONENT_MAX zeros, the digits, NUL. */
	if (outsz < x.nint + x.nfrac + (size_t)EXPONENT_MAX + 8)
		return -1;
	return (int)number_shift(&x, out);
}

int
xlsxsrc_numfmt_is_date(const char *code)
{
	int d = 0, y = 0, m = 0, hs = 0;
	const char *s, *e;

	for (s = code; *s != '\0'; s++) {
		switch (*s) {
		case '"':
			if ((e = strchr(s + 1, '"')) == NULL)
				return d || y || (m && !hs);
			s = e;
			break;
		case '[':
			if ((e = strchr(s + 1, ']')) == NULL)
				return d || y || (m && !hs);
			s = e;
			break;
		case '\\': case '_': case '*':
			if (s[1] != '\0')
				s++;
			break;
		case 'd': case 'D':
			d = 1;
			break;
		case 'y': case 'Y':
			y = 1;
			break;
		case 'm': case 'M':
			m = 1;
			break;
		case 'h': case 'H': case 's': case 'S':
			hs = 1;
			break;
		}
	}
	return d || y || (m && !hs);
}

/* Built-in formats that show a date (ECMA-376 18.8.30; 27-36 and 50-58
 * are the East Asian locales' dates). */
static int
builtin_is_date(long id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) ||
	    (id >= 50 && id <= 58);
}



/*
 * An expanded number as the date it shows, "YYYY-MM-DD" into out; 0 when
 * it is no day (negative, 0 or 60 in the 1900 system, past 9999-12-31).
 */
static int
serial_to_date(const char *num, int date1904, char out[11])
{
	long serial, base;
	int y, m, d;
	char tmp[32];
	size_t n = strcspn(num, ".");

	serial = parse_index(num, n);	/* whole days; the time is dropped */
	/* (3,000,000 days is past the year 10000 in either system) */
	if (serial < 0 || serial > 3000000)
		return 0;
	if (date1904)
		base = date_from_civil(1904, 1, 1);
	else if (serial == 0 || serial == 60)
		return 0;
	else if (serial < 60)
		base = date_from_civil(1899, 12, 31);
	else
		base = date_from_civil(1899, 12, 30);
	date_to_civil(base + serial, &y, &m, &d);
	if (y < 0 || y > 9999)
		return 0;
	/* (through a wider buffer: gcc cannot always see the ranges above) */
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m % 100, d % 100);
	memcpy(out, tmp, 11);
	return 1;
}

/* ---- reading one part --------------------------------------------------- */

/* What every part's handlers share: the first member of each state. */
struct xp {
	XML_Parser	 p;
	int		 rc;		/* set by a handler: -1 or XLSXSRC_REFUSED */
	int		 stopped;	/* the record callback asked to stop */
	char		*err;
	size_t		 errsz;
};

static void xp_fail(struct xp *, int, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* A handler gives up: remember why and stop the parser. */
static void
xp_fail(struct xp *x, int rc, const char *fmt, ...)
{
	va_list ap;

	if (x->rc != 0)
		return;
	x->rc = rc;
	va_start(ap, fmt);
	vsnprintf(x->err, x->errsz, _(fmt), ap);
	va_end(ap);
	XML_StopParser(x->p, XML_FALSE);
}

static void
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal)
{
	struct xp *x = ud;

	(void)name; (void)sysid; (void)pubid; (void)has_internal;
	xp_fail(x, XLSXSRC_REFUSED, "has a DTD, which a workbook part never has");
}

static XML_Parser
xp_create(void *state)
{
	XML_Parser p = XML_ParserCreateNS(NULL, NS_SEP);

	if (p == NULL)
		return NULL;
	XML_SetUserData(p, state);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	((struct xp *)state)->p = p;
	return p;
}

/* The zip index of a part, exact name first, then in any case. */
static int
locate(struct xlsxsrc *wb, const char *name, zip_uint64_t *idx)
{
	zip_int64_t i = zip_name_locate(wb->zip, name, 0);

	if (i < 0)
		i = zip_name_locate(wb->zip, name, ZIP_FL_NOCASE);
	if (i < 0)
		return -1;
	*idx = (zip_uint64_t)i;
	return 0;
}

/* A part's uncompressed size from the central directory, counted against
 * the limit before anything is inflated. */
static int
declare_part(struct xlsxsrc *wb, zip_uint64_t idx, const char *name,
    zip_uint64_t *size, char *err, size_t errsz)
{
	zip_stat_t st;

	zip_stat_init(&st);
	if (zip_stat_index(wb->zip, idx, 0, &st) == -1 ||
	    !(st.valid & ZIP_STAT_SIZE)) {
		util_errf(err, errsz, "%s: %s: no size in the zip directory",
		    wb->path, name);
		return XLSXSRC_REFUSED;
	}
	*size = st.size;
	if (wb->max_bytes > 0 && (st.size > (zip_uint64_t)wb->max_bytes ||
	    wb->declared + (long long)st.size > wb->max_bytes)) {
		util_errf(err, errsz, "%s: %s inflates to %llu bytes (%llu with the"
		    " parts before it), over the limit of %lld bytes: refused as"
		    " a possible zip bomb", wb->path, name,
		    (unsigned long long)st.size,
		    (unsigned long long)wb->declared + st.size, wb->max_bytes);
		return XLSXSRC_REFUSED;
	}
	if (wb->max_bytes > 0)
		wb->declared += (long long)st.size;
	return 0;
}

static int
part_size(struct xlsxsrc *wb, zip_uint64_t idx, zip_uint64_t *size)
{
	zip_stat_t st;

	zip_stat_init(&st);
	if (zip_stat_index(wb->zip, idx, 0, &st) == -1 ||
	    !(st.valid & ZIP_STAT_SIZE))
		return -1;
	*size = st.size;
	return 0;
}

/* Why expat stopped, as a refusal (the handler's reason if it had one). */
static int
parse_failed(struct xlsxsrc *wb, struct xp *x, const char *name)
{
	char why[512];

	if (x->rc != 0) {
		snprintf(why, sizeof why, "%s", x->err);
		util_errf(x->err, x->errsz, "%s: %s: %s", wb->path, name, why);
		return x->rc;
	}
	util_errf(x->err, x->errsz, "%s: %s: not well-formed XML at line %lu: %s",
	    wb->path, name, (unsigned long)XML_GetCurrentLineNumber(x->p),
	    XML_ErrorString(XML_GetErrorCode(x->p)));
	return XLSXSRC_REFUSED;
}

/*
 * Inflate part idx in chunks into x's parser.  Never more bytes than the
 * zip directory declared: a part that goes on is refused mid-stream.
 */
static int
read_part(struct xlsxsrc *wb, zip_uint64_t idx, const char *name,
    struct xp *x)
{
	zip_uint64_t size, total = 0;
	zip_file_t *zf;
	zip_int64_t n;
	char *buf;
	int rc = 0;

	if (part_size(wb, idx, &size) == -1) {
		util_errf(x->err, x->errsz, "%s: %s: no size in the zip directory",
		    wb->path, name);
		return XLSXSRC_REFUSED;
	}
	if ((buf = malloc(chunk_size)) == NULL) {
		util_errf(x->err, x->errsz, "%s: out of memory", wb->path);
		return -1;
	}
	if ((zf = zip_fopen_index(wb->zip, idx, 0)) == NULL) {
		util_errf(x->err, x->errsz, "%s: %s: %s", wb->path, name,
		    zip_strerror(wb->zip));
		free(buf);
		return XLSXSRC_REFUSED;
	}
	for (;;) {
		n = zip_fread(zf, buf, chunk_size);
		if (n < 0) {
			util_errf(x->err, x->errsz, "%s: %s: cannot inflate: %s",
			    wb->path, name, zip_file_strerror(zf));
			rc = XLSXSRC_REFUSED;
			break;
		}
		total += (zip_uint64_t)n;
		if (total > size) {
			util_errf(x->err, x->errsz, "%s: %s inflates to more than the"
			    " %llu bytes its zip header declares: refused as a"
			    " possible zip bomb", wb->path, name,
			    (unsigned long long)size);
			rc = XLSXSRC_REFUSED;
			break;
		}
		if (XML_Parse(x->p, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (!x->stopped || x->rc != 0)
				rc = parse_failed(wb, x, name);
			break;
		}
		if (n == 0)
			break;
	}
	zip_fclose(zf);
	free(buf);
	return rc;
}

/* ---- relationships ------------------------------------------------------ */

struct rels_state {
	struct xp	 xp;
	const char	*base_dir;	/* folder of the source part, "" for root */
	struct rel	*r;
	size_t		 n, size;
};

/* An OPC target resolved against the source part's folder: "/x" is from
 * the root, "." and ".." segments are followed. */
static char *
resolve_target(const char *base_dir, const char *target)
{
	size_t bl = strlen(base_dir), tl = strlen(target), o = 0;
	char *joined, *out, *seg, *save = NULL;

	if ((joined = malloc(bl + tl + 2)) == NULL)
		return NULL;
	if (target[0] == '/')
		snprintf(joined, bl + tl + 2, "%s", target + 1);
	else
		snprintf(joined, bl + tl + 2, "%s%s%s", base_dir, bl ? "/" : "",
		    target);
	if ((out = malloc(bl + tl + 2)) == NULL) {
		free(joined);
		return NULL;
	}
	out[0] = '\0';
	for (seg = strtok_r(joined, "/", &save); seg != NULL;
	    seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			out[o] = '\0';
			continue;
		}
		o += (size_t)sprintf(out + o, "%s%s", o ? "/" : "", seg);
	}
	free(joined);
	return out;
}

static void
rels_free(struct rels_state *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->r[i].id);
		free(s->r[i].type);
		free(s->r[i].target);
	}
	free(s->r);
	s->r = NULL;
	s->n = s->size = 0;
}

static void
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rels_state *s = ud;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type");
	const char *target = attr(atts, "Target"), *mode = attr(atts, "TargetMode");
	struct rel *r;

	if (!is_local(name, "Relationship") || id == NULL || type == NULL ||
	    target == NULL || (mode != NULL && strcmp(mode, "External") == 0))
		return;
	if (s->n >= XLSXSRC_MAX_RELS) {
		xp_fail(&s->xp, XLSXSRC_REFUSED, "more than %d relationships",
		    XLSXSRC_MAX_RELS);
		return;
	}
	if (s->n == s->size) {
		size_t ns = s->size ? s->size * 2 : 16;

		if ((r = realloc(s->r, ns * sizeof *r)) == NULL) {
			xp_fail(&s->xp, -1, "out of memory");
			return;
		}
		s->r = r;
		s->size = ns;
	}
	r = &s->r[s->n];
	r->id = strdup(id);
	r->type = strdup(type);
	r->target = resolve_target(s->base_dir, target);
	s->n++;
	if (r->id == NULL || r->type == NULL || r->target == NULL)
		xp_fail(&s->xp, -1, "out of memory");
}

/* Read the .rels part of the part at part_path ("" for the package). */
static int
read_rels(struct xlsxsrc *wb, const char *part_path, struct rels_state *s,
    char *err, size_t errsz)
{
	char rels[1100], dir[1024];
	const char *slash = strrchr(part_path, '/');
	zip_uint64_t idx, size;
	int rc, n;

	memset(s, 0, sizeof *s);
	dir[0] = '\0';
	if (strlen(part_path) >= sizeof dir) {
		util_errf(err, errsz, "%s: a part name of %zu bytes", wb->path,
		    strlen(part_path));
		return XLSXSRC_REFUSED;
	}
	if (slash != NULL)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - part_path),
		    part_path);
	n = snprintf(rels, sizeof rels, "%s%s_rels/%s.rels", dir,
	    slash ? "/" : "", slash ? slash + 1 : part_path);
	if (n < 0 || (size_t)n >= sizeof rels)
		return 1;
	if (locate(wb, rels, &idx) == -1)
		return 1;	/* no relationships */
	if ((rc = declare_part(wb, idx, rels, &size, err, errsz)) != 0)
		return rc;
	s->base_dir = dir;
	s->xp.err = err;
	s->xp.errsz = errsz;
	if (xp_create(s) == NULL) {
		util_errf(err, errsz, "%s: out of memory", wb->path);
		return -1;
	}
	XML_SetStartElementHandler(s->xp.p, rels_start);
	rc = read_part(wb, idx, rels, &s->xp);
	XML_ParserFree(s->xp.p);
	s->base_dir = NULL;
	return rc;
}

static const struct rel *
rel_by_type(const struct rels_state *s, const char *suffix)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (ends_with(s->r[i].type, suffix))
			return &s->r[i];
	return NULL;
}

static const struct rel *
rel_by_id(const struct rels_state *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->r[i].id, id) == 0)
			return &s->r[i];
	return NULL;
}

/* ---- the workbook ------------------------------------------------------- */

struct workbook_state {
	struct xp		 xp;
	struct xlsxsrc		*wb;
	const struct rels_state	*rels;
	const char		*part;
	int			 seen_root;
	int			 in_sheets;
	int			 nsheets;
};

/* A worksheet named "<prefer> (N)", N from 2 to XLSXSRC_MAX_CONT + 1:
 * its part kept as continuation N (1 when it was one, whatever else). */
static int
continuation(struct workbook_state *s, const XML_Char **atts)
{
	const char *sname = attr(atts, "name"), *id, *p;
	const struct rel *r;
	size_t n;
	long k = 0;

	if (s->wb->prefer == NULL || sname == NULL)
		return 0;
	n = strlen(s->wb->prefer);
	if (strncasecmp(sname, s->wb->prefer, n) != 0 || sname[n] != ' ' ||
	    sname[n + 1] != '(')
		return 0;
	for (p = sname + n + 2; *p >= '0' && *p <= '9' && k < 100000; p++)
		k = k * 10 + (*p - '0');
	if (p == sname + n + 2 || strcmp(p, ")") != 0 || k < 2 ||
	    k > XLSXSRC_MAX_CONT + 1)
		return 0;
	if ((id = attr_rel_id(atts)) == NULL || (r = rel_by_id(s->rels,
	    id)) == NULL || !ends_with(r->type, "/worksheet"))
		return 0;
	free(s->wb->cont[k - 2]);
	if ((s->wb->cont[k - 2] = strdup(r->target)) == NULL)
		xp_fail(&s->xp, -1, "out of memory");
	return 1;
}

static void
workbook_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct workbook_state *s = ud;
	const char *v, *id, *sname;
	const struct rel *r;

	if (!s->seen_root++ && !is_local(name, "workbook")) {
		/* A .docx or .pptx: a package, but no workbook in it. */
		xp_fail(&s->xp, XLSXSRC_REFUSED, "not a workbook but a <%s>:"
		    " the file is no XLSX workbook", local_name(name));
		return;
	}
	if (is_local(name, "workbookPr")) {
		v = attr(atts, "date1904");
		s->wb->date1904 = v != NULL && (strcmp(v, "1") == 0 ||
		    strcmp(v, "true") == 0);
	} else if (is_local(name, "sheets"))
		s->in_sheets = 1;
	else if (s->in_sheets && is_local(name, "sheet") &&
	    continuation(s, atts))
		return;
	else if (s->in_sheets && is_local(name, "sheet") &&
	    !s->wb->preferred) {
		s->nsheets++;
		sname = attr(atts, "name");
		if ((id = attr_rel_id(atts)) == NULL || (r = rel_by_id(s->rels,
		    id)) == NULL) {
			xp_fail(&s->xp, XLSXSRC_REFUSED, "sheet \"%s\" has no"
			    " relationship %s in the workbook's .rels",
			    sname ? sname : "?", id ? id : "(no r:id)");
			return;
		}
		if (!ends_with(r->type, "/worksheet"))
			return;		/* a chart sheet: not a list */
		if (s->wb->sheet_part != NULL) {
			/* Past the first worksheet: only the preferred one. */
			if (s->wb->prefer == NULL || sname == NULL ||
			    strcasecmp(sname, s->wb->prefer) != 0)
				return;
			free(s->wb->sheet_name);
			free(s->wb->sheet_part);
			s->wb->sheet_name = s->wb->sheet_part = NULL;
		}
		s->wb->preferred = s->wb->prefer != NULL && sname != NULL &&
		    strcasecmp(sname, s->wb->prefer) == 0;
		s->wb->sheet_name = strdup(sname ? sname : "");
		s->wb->sheet_part = strdup(r->target);
		if (s->wb->sheet_name == NULL || s->wb->sheet_part == NULL)
			xp_fail(&s->xp, -1, "out of memory");
	}
}

static void
workbook_end(void *ud, const XML_Char *name)
{
	struct workbook_state *s = ud;

	if (is_local(name, "sheets"))
		s->in_sheets = 0;
}

static int
read_workbook(struct xlsxsrc *wb, const char *part, zip_uint64_t idx,
    const struct rels_state *rels, char *err, size_t errsz)
{
	struct workbook_state s;
	int rc;

	memset(&s, 0, sizeof s);
	s.wb = wb;
	s.rels = rels;
	s.xp.err = err;
	s.xp.errsz = errsz;
	if (xp_create(&s) == NULL) {
		util_errf(err, errsz, "%s: out of memory", wb->path);
		return -1;
	}
	XML_SetElementHandler(s.xp.p, workbook_start, workbook_end);
	rc = read_part(wb, idx, part, &s.xp);
	XML_ParserFree(s.xp.p);
	if (rc == 0 && wb->sheet_part == NULL) {
		if (s.nsheets)
			util_errf(err, errsz, "%s: the workbook has no worksheet"
			    " (only chart sheets)", wb->path);
		else
			util_errf(err, errsz, "%s: the workbook has no worksheet",
			    wb->path);
		rc = XLSXSRC_REFUSED;
	}
	return rc;
}

/* ---- styles: which cell formats are dates ------------------------------- */

struct styles_state {
	struct xp	 xp;
	struct xlsxsrc	*wb;
	struct numfmt {
		long		 id;
		int		 date;
	}		*fmt;		/* the custom number formats */
	size_t		 nfmt, fmt_size;
	size_t		 xf_size;
	int		 in_xfs;
};

static int
styles_grow(void **p, size_t *size, size_t n, size_t elem)
{
	void *np;
	size_t ns;

	if (n < *size)
		return 0;
	ns = *size ? *size * 2 : 64;
	if ((np = realloc(*p, ns * elem)) == NULL)
		return -1;
	*p = np;
	*size = ns;
	return 0;
}

static int
format_is_date(const struct styles_state *s, long id)
{
	size_t i;

	for (i = 0; i < s->nfmt; i++)
		if (s->fmt[i].id == id)
			return s->fmt[i].date;
	return builtin_is_date(id);
}

static void
add_numfmt(struct styles_state *s, const char **atts)
{
	const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");

	if (id == NULL || code == NULL)
		return;
	if (s->nfmt >= XLSXSRC_MAX_STYLES) {
		xp_fail(&s->xp, XLSXSRC_REFUSED, "more than %d number formats",
		    XLSXSRC_MAX_STYLES);
		return;
	}
	if (styles_grow((void **)&s->fmt, &s->fmt_size, s->nfmt,
	    sizeof *s->fmt) == -1) {
		xp_fail(&s->xp, -1, "out of memory");
		return;
	}
	s->fmt[s->nfmt].id = parse_index(id, strlen(id));
	s->fmt[s->nfmt].date = xlsxsrc_numfmt_is_date(code);
	s->nfmt++;
}

static void
add_xf(struct styles_state *s, const char **atts)
{
	const char *id = attr(atts, "numFmtId");
	struct xlsxsrc *wb = s->wb;

	if (wb->nxf >= XLSXSRC_MAX_STYLES) {
		xp_fail(&s->xp, XLSXSRC_REFUSED, "more than %d cell formats",
		    XLSXSRC_MAX_STYLES);
		return;
	}
	if (styles_grow((void **)&wb->xf_date, &s->xf_size, wb->nxf, 1) == -1) {
		xp_fail(&s->xp, -1, "out of memory");
		return;
	}
	wb->xf_date[wb->nxf++] = id != NULL &&
	    format_is_date(s, parse_index(id, strlen(id)));
}

static void
styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct styles_state *s = ud;

	if (is_local(name, "numFmt"))
		add_numfmt(s, atts);
	else if (is_local(name, "cellXfs"))
		s->in_xfs = 1;
	else if (s->in_xfs && is_local(name, "xf"))
		add_xf(s, atts);
}

static void
styles_end(void *ud, const XML_Char *name)
{
	struct styles_state *s = ud;

	if (is_local(name, "cellXfs"))
		s->in_xfs = 0;
}

static int
read_styles(struct xlsxsrc *wb, const char *part, zip_uint64_t idx, char *err,
    size_t errsz)
{
	struct styles_state s;
	int rc;

	memset(&s, 0, sizeof s);
	s.wb = wb;
	s.xp.err = err;
	s.xp.errsz = errsz;
	if (xp_create(&s) == NULL) {
		util_errf(err, errsz, "%s: out of memory", wb->path);
		return -1;
	}
	XML_SetElementHandler(s.xp.p, styles_start, styles_end);
	rc = read_part(wb, idx, part, &s.xp);
	XML_ParserFree(s.xp.p);
	free(s.fmt);
	return rc;
}

/* ---- shared strings: spilled to a temporary file ------------------------ */

struct sst_state {
	struct xp	 xp;
	struct xlsxsrc	*wb;
	size_t		 off_size;
	uint64_t	 written;
	int		 in_si, in_t, rph;
};

static void
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sst_state *s = ud;
	const char *l = local_name(name), *u;

	if (strcmp(l, "sst") == 0 && (u = attr(atts, "uniqueCount")) != NULL &&
	    strspn(u, "0123456789") == strlen(u) && (strlen(u) > 12 ||
	    strtoll(u, NULL, 10) > XLSXSRC_MAX_STRINGS)) {
		/* Only a hint, but an absurd one is refused before the work. */
		xp_fail(&s->xp, XLSXSRC_REFUSED, "declares %s shared strings, over"
		    " the limit of %d", u, XLSXSRC_MAX_STRINGS);
	} else if (strcmp(l, "si") == 0) {
		s->in_si = 1;
		s->rph = 0;
	} else if (s->in_si && strcmp(l, "rPh") == 0)
		s->rph++;
	else if (s->in_si && s->rph == 0 && strcmp(l, "t") == 0)
		s->in_t = 1;
}

static void
sst_end(void *ud, const XML_Char *name)
{
	struct sst_state *s = ud;
	struct xlsxsrc *wb = s->wb;
	const char *l = local_name(name);

	if (strcmp(l, "t") == 0)
		s->in_t = 0;
	else if (strcmp(l, "rPh") == 0 && s->rph > 0)
		s->rph--;
	else if (strcmp(l, "si") == 0 && s->in_si) {
		s->in_si = 0;
		if (wb->nsst >= XLSXSRC_MAX_STRINGS) {
			xp_fail(&s->xp, XLSXSRC_REFUSED, "more than %d shared"
			    " strings", XLSXSRC_MAX_STRINGS);
			return;
		}
		if (styles_grow((void **)&wb->sst_off, &s->off_size, wb->nsst + 1,
		    sizeof *wb->sst_off) == -1) {
			xp_fail(&s->xp, -1, "out of memory");
			return;
		}
		wb->sst_off[++wb->nsst] = s->written;
	}
}

static void
sst_text(void *ud, const XML_Char *t, int len)
{
	struct sst_state *s = ud;

	if (!s->in_t || len <= 0)
		return;
	if (fwrite(t, 1, (size_t)len, s->wb->sst) != (size_t)len) {
		xp_fail(&s->xp, -1, "temporary file: %s", strerror(errno));
		return;
	}
	s->written += (uint64_t)len;
}

static int
read_shared_strings(struct xlsxsrc *wb, const char *part, zip_uint64_t idx,
    char *err, size_t errsz)
{
	struct sst_state s;
	int rc;

	memset(&s, 0, sizeof s);
	s.wb = wb;
	s.xp.err = err;
	s.xp.errsz = errsz;
	if ((wb->sst = tmpfile()) == NULL) {
		util_errf(err, errsz, "%s: temporary file: %s", wb->path,
		    strerror(errno));
		return -1;
	}
	if ((wb->sst_off = malloc(64 * sizeof *wb->sst_off)) == NULL) {
		util_errf(err, errsz, "%s: out of memory", wb->path);
		return -1;
	}
	s.off_size = 64;
	wb->sst_off[0] = 0;
	if (xp_create(&s) == NULL) {
		util_errf(err, errsz, "%s: out of memory", wb->path);
		return -1;
	}
	XML_SetElementHandler(s.xp.p, sst_start, sst_end);
	XML_SetCharacterDataHandler(s.xp.p, sst_text);
	rc = read_part(wb, idx, part, &s.xp);
	XML_ParserFree(s.xp.p);
	if (rc == 0 && fflush(wb->sst) != 0) {
		util_errf(err, errsz, "%s: temporary file: %s", wb->path,
		    strerror(errno));
		rc = -1;
	}
	return rc;
}

/* ---- opening ------------------------------------------------------------ */

static int
open_zip(struct xlsxsrc *wb, char *err, size_t errsz)
{
	zip_error_t ze;
	int code = 0;

	if ((wb->zip = zip_open(wb->path, ZIP_RDONLY | ZIP_CHECKCONS,
	    &code)) != NULL)
		return 0;
	zip_error_init_with_code(&ze, code);
	util_errf(err, errsz, "%s: not a valid XLSX workbook (zip archive): %s",
	    wb->path, zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return code == ZIP_ER_OPEN || code == ZIP_ER_READ ||
	    code == ZIP_ER_MEMORY ? -1 : XLSXSRC_REFUSED;
}

/* The workbook part: the package's officeDocument, else xl/workbook.xml. */
static int
find_workbook(struct xlsxsrc *wb, char **part, zip_uint64_t *idx, char *err,
    size_t errsz)
{
	struct rels_state root;
	const struct rel *r;
	zip_uint64_t i;
	int rc;

	if ((rc = read_rels(wb, "", &root, err, errsz)) < 0) {
		rels_free(&root);
		return rc;
	}
	r = rel_by_type(&root, "/officeDocument");
	*part = strdup(r != NULL ? r->target : "xl/workbook.xml");
	rels_free(&root);
	if (*part == NULL) {
		util_errf(err, errsz, "%s: out of memory", wb->path);
		return -1;
	}
	if (ends_with(*part, ".bin")) {
		util_errf(err, errsz, "%s: an Excel binary workbook (.xlsb): save it"
		    " as .xlsx or CSV", wb->path);
		return XLSXSRC_REFUSED;
	}
	if (locate(wb, *part, idx) == 0)
		return 0;
	if (locate(wb, "mimetype", &i) == 0 && locate(wb, "content.xml", &i) == 0)
		util_errf(err, errsz, "%s: an OpenDocument file (.ods), not an XLSX"
		    " workbook: save it as .xlsx or CSV", wb->path);
	else
		util_errf(err, errsz, "%s: a zip archive but not an XLSX workbook:"
		    " it has no %s", wb->path, *part);
	return XLSXSRC_REFUSED;
}

/* An optional part the workbook's .rels points to: 1 when there is none. */
static int
optional_part(struct xlsxsrc *wb, const struct rels_state *rels,
    const char *type, const char **part, zip_uint64_t *idx)
{
	const struct rel *r = rel_by_type(rels, type);

	if (r == NULL || locate(wb, r->target, idx) == -1)
		return 1;
	*part = r->target;
	return 0;
}

static int
open_parts(struct xlsxsrc *wb, char *err, size_t errsz)
{
	struct rels_state rels;
	char *wbpart = NULL;
	const char *styles = NULL, *sst = NULL;
	zip_uint64_t wbidx, sidx = 0, tidx = 0, size;
	int rc, has_styles, has_sst;

	memset(&rels, 0, sizeof rels);
	if ((rc = find_workbook(wb, &wbpart, &wbidx, err, errsz)) != 0)
		goto out;
	/* Without a .rels part no sheet resolves: the workbook says which. */
	if ((rc = read_rels(wb, wbpart, &rels, err, errsz)) < 0)
		goto out;
	if ((rc = declare_part(wb, wbidx, wbpart, &size, err, errsz)) != 0 ||
	    (rc = read_workbook(wb, wbpart, wbidx, &rels, err, errsz)) != 0)
		goto out;
	if (locate(wb, wb->sheet_part, &wb->sheet_index) == -1) {
		util_errf(err, errsz, "%s: the first worksheet \"%s\" (%s) is not in"
		    " the archive", wb->path, wb->sheet_name, wb->sheet_part);
		rc = XLSXSRC_REFUSED;
		goto out;
	}
	has_styles = optional_part(wb, &rels, "/styles", &styles, &sidx) == 0;
	has_sst = optional_part(wb, &rels, "/sharedStrings", &sst, &tidx) == 0;
	/* Everything that will be inflated, counted before any of it is. */
	if ((rc = declare_part(wb, wb->sheet_index, wb->sheet_part, &size, err,
	    errsz)) != 0 ||
	    (has_styles && (rc = declare_part(wb, sidx, styles, &size, err,
	    errsz)) != 0) ||
	    (has_sst && (rc = declare_part(wb, tidx, sst, &size, err,
	    errsz)) != 0))
		goto out;
	if (has_styles && (rc = read_styles(wb, styles, sidx, err, errsz)) != 0)
		goto out;
	if (has_sst)
		rc = read_shared_strings(wb, sst, tidx, err, errsz);
out:
	rels_free(&rels);
	free(wbpart);
	return rc;
}

int
xlsxsrc_open(const char *path, long long max_bytes, struct xlsxsrc **out,
    char *err, size_t errsz)
{
	return xlsxsrc_open_sheet(path, max_bytes, NULL, out, err, errsz);
}

int
xlsxsrc_open_sheet(const char *path, long long max_bytes, const char *prefer,
    struct xlsxsrc **out, char *err, size_t errsz)
{
	struct xlsxsrc *wb;
	int rc;

	*out = NULL;
	if ((wb = calloc(1, sizeof *wb)) == NULL ||
	    (wb->path = strdup(path)) == NULL) {
		free(wb);
		util_errf(err, errsz, "%s: out of memory", path);
		return -1;
	}
	wb->max_bytes = max_bytes;
	wb->prefer = prefer;
	if ((rc = open_zip(wb, err, errsz)) == 0 &&
	    (rc = open_parts(wb, err, errsz)) == 0) {
		*out = wb;
		return 0;
	}
	xlsxsrc_close(wb);
	return rc;
}

void
xlsxsrc_close(struct xlsxsrc *wb)
{
	int i;

	if (wb == NULL)
		return;
	if (wb->zip != NULL)
		zip_discard(wb->zip);
	if (wb->sst != NULL)
		fclose(wb->sst);
	free(wb->sst_off);
	free(wb->xf_date);
	for (i = 0; i < XLSXSRC_MAX_CONT; i++)
		free(wb->cont[i]);
	free(wb->header);
	free(wb->sheet_name);
	free(wb->sheet_part);
	free(wb->path);
	free(wb);
}

const char *
xlsxsrc_sheet_name(const struct xlsxsrc *wb)
{
	return wb->sheet_name;
}

const char *
xlsxsrc_sheet_part(const struct xlsxsrc *wb)
{
	return wb->sheet_part;
}

size_t
xlsxsrc_shared_strings(const struct xlsxsrc *wb)
{
	return wb->nsst;
}

/* ---- the sheet ---------------------------------------------------------- */

enum cell_type {
	CT_NUMBER, CT_SHARED, CT_INLINE, CT_STR, CT_BOOL, CT_ERROR, CT_ISODATE
};

/* Text gathered from one cell's <v> or <is>, kept up to a cap. */
struct text {
	char	*p;
	size_t	 len, size, full;
};

struct sheet_state {
	struct xp	 xp;
	struct xlsxsrc	*wb;
	size_t		 raw_cap, field_cap, max_fields, rec_cap;
	csvsrc_cb	 cb;
	void		*arg;

	long		 last_row;	/* the last row handed out */
	long		 row;		/* the row being read */
	long		 line_off;	/* a continuation's: (N - 1) x XLSXSRC_MAX_ROW */
	int		 to_header;	/* a continuation's rows up to its header */
	int		 in_data, in_row, in_cell, in_v, in_is, in_t, rph;
	long		 col, prev_col;
	enum cell_type	 type;
	long		 style;
	struct text	 v, is;
	char		*num;		/* expand_number's output */
	size_t		 num_size;

	/* the record being built */
	struct recbuf	 rb;
	size_t		 dropped, max_field_len;
	int		 truncated, has_nul;
	char		*raw;
	size_t		 rawlen;
	int		 raw_truncated;
};

static int
text_add(struct text *t, const char *s, size_t n, size_t cap)
{
	size_t keep = n;
	char *np;

	t->full += n;
	if (t->len >= cap)
		return 0;
	if (keep > cap - t->len)
		keep = cap - t->len;
	if (t->len + keep + 1 > t->size) {
		size_t ns = t->size ? t->size : 256;

		while (ns < t->len + keep + 1)
			ns *= 2;
		if ((np = realloc(t->p, ns)) == NULL)
			return -1;
		t->p = np;
		t->size = ns;
	}
	memcpy(t->p + t->len, s, keep);
	t->len += keep;
	t->p[t->len] = '\0';
	return 0;
}

static void
text_reset(struct text *t)
{
	t->len = t->full = 0;
	if (t->p != NULL)
		t->p[0] = '\0';
}

/* Close the field just written at recbuf_next, len bytes. */
static void
field_commit(struct sheet_state *s, size_t len)
{
	if (memchr(recbuf_next(&s->rb), '\0', len) != NULL)
		s->has_nul = 1;
	recbuf_commit(&s->rb, len);
}

/* Empty fields up to column col (cells the sheet does not store). */
static int
pad_to(struct sheet_state *s, long col)
{
	while ((long)s->rb.n < col) {
		if (recbuf_reserve(&s->rb, 0) == -1)
			return -1;
		field_commit(s, 0);
	}
	return 0;
}

/* How many bytes of a field of full bytes may be kept. */
static size_t
field_room(const struct sheet_state *s, size_t full)
{
	size_t keep = full < s->field_cap ? full : s->field_cap;
	size_t room = recbuf_room(&s->rb, s->rec_cap);

	return keep < room ? keep : room;
}

/* Whether a non-empty cell in column col can be a field; counts it else. */
static int
field_wanted(struct sheet_state *s, size_t full)
{
	if (full > s->max_field_len)
		s->max_field_len = full;
	if ((size_t)s->col >= s->max_fields) {
		s->dropped++;
		return 0;
	}
	return 1;
}

/* A cell's text as a field: cut to the caps on a character boundary. */
static int
add_field(struct sheet_state *s, const char *t, size_t len, size_t full)
{
	size_t keep;

	if (full == 0 || !field_wanted(s, full))
		return 0;
	if (pad_to(s, s->col) == -1)
		return -1;
	keep = field_room(s, len);
	if (keep < full)
		keep = u8_trim_tail(t, keep);
	if (keep < full)
		s->truncated = 1;
	if (recbuf_reserve(&s->rb, keep) == -1)
		return -1;
	memcpy(recbuf_next(&s->rb), t, keep);
	field_commit(s, keep);
	return 0;
}

/* Shared string i as a field, read back from the temporary file. */
static int
add_shared(struct sheet_state *s, long i)
{
	struct xlsxsrc *wb = s->wb;
	size_t full, keep, got = 0, len;
	char *dst;
	ssize_t n;

	if (i < 0 || (size_t)i >= wb->nsst) {
		xp_fail(&s->xp, XLSXSRC_REFUSED, "row %ld: shared string %ld does"
		    " not exist (the workbook has %zu)", s->row, i, wb->nsst);
		return 0;
	}
	full = (size_t)(wb->sst_off[i + 1] - wb->sst_off[i]);
	if (full == 0)
		return 0;
	if ((size_t)s->col >= s->max_fields)
		return field_wanted(s, full);	/* counted as dropped */
	if (pad_to(s, s->col) == -1)
		return -1;
	keep = field_room(s, full);
	if (recbuf_reserve(&s->rb, keep) == -1)
		return -1;
	dst = recbuf_next(&s->rb);
	while (got < keep) {
		n = pread(fileno(wb->sst), dst + got, keep - got,
		    (off_t)(wb->sst_off[i] + got));
		if (n <= 0) {
			xp_fail(&s->xp, -1, "temporary file: %s",
			    n < 0 ? strerror(errno) : "short read");
			return 0;
		}
		got += (size_t)n;
	}
	/* The stored text is as the XML had it: escapes decoded now. */
	if (keep < full) {
		len = decode_escapes(dst, u8_trim_tail(dst, keep));
		s->truncated = 1;
		(void)field_wanted(s, full);
	} else {
		len = decode_escapes(dst, keep);
		(void)field_wanted(s, len);
	}
	field_commit(s, len);
	return 0;
}

/* The text a number cell shows: a date, the exact number, or as stored. */
static int
add_number(struct sheet_state *s)
{
	char date[11], *v = s->v.p;
	size_t len = s->v.len;
	int n;

	if (s->v.full != s->v.len)	/* too long to be a number */
		return add_field(s, s->v.p, s->v.len, s->v.full);
	/* xsd:double allows white space around the number. */
	while (len > 0 && is_xml_space(v[len - 1]))
		len--;
	while (len > 0 && is_xml_space(*v))
		v++, len--;
	if (s->num_size < s->v.len + VALUE_SLACK) {
		char *np = realloc(s->num, s->v.len + VALUE_SLACK);

		if (np == NULL)
			return -1;
		s->num = np;
		s->num_size = s->v.len + VALUE_SLACK;
	}
	n = xlsxsrc_expand_number(v, len, s->num, s->num_size);
	if (n < 0)
		return add_field(s, s->v.p, s->v.len, s->v.full);
	if (s->style >= 0 && (size_t)s->style < s->wb->nxf &&
	    s->wb->xf_date[s->style] && s->num[0] != '-' &&
	    serial_to_date(s->num, s->wb->date1904, date))
		return add_field(s, date, 10, 10);
	return add_field(s, s->num, (size_t)n, (size_t)n);
}

/* A string cell: escapes decoded (in place: decoding never grows). */
static int
add_string(struct sheet_state *s, struct text *t)
{
	size_t len, full = t->full;

	if (t->len == 0)
		return 0;
	len = decode_escapes(t->p, t->len);
	if (t->full == t->len)
		full = len;
	return add_field(s, t->p, len, full);
}

static int
add_cell_value(struct sheet_state *s)
{
	const char *v = s->v.p ? s->v.p : "";

	switch (s->type) {
	case CT_SHARED:
		if (s->v.len == 0)
			return 0;
		return add_shared(s, parse_index(v, s->v.len));
	case CT_INLINE:
		return add_string(s, s->is.len > 0 ? &s->is : &s->v);
	case CT_STR:
		return add_string(s, &s->v);
	case CT_BOOL:
		if (s->v.len == 1 && (v[0] == '1' || v[0] == '0'))
			return add_field(s, v[0] == '1' ? "TRUE" : "FALSE",
			    v[0] == '1' ? 4 : 5, v[0] == '1' ? 4 : 5);
		return add_field(s, v, s->v.len, s->v.full);
	case CT_ISODATE:
		if (s->v.len >= 10 && v[4] == '-' && v[7] == '-' &&
		    strspn(v, "0123456789") == 4)
			return add_field(s, v, 10, 10);
		return add_field(s, v, s->v.len, s->v.full);
	case CT_ERROR:
		return add_field(s, v, s->v.len, s->v.full);
	case CT_NUMBER:
		break;
	}
	if (s->v.len == 0)
		return 0;
	return add_number(s);
}

/* "B7" -> 1 (b7 too); -1 when it is no cell reference Excel can have. */
static long
column_of(const char *ref)
{
	long col = 0;
	int n = 0;
	char c;

	for (; (c = *ref & ~0x20) >= 'A' && c <= 'Z'; ref++, n++)
		col = col * 26 + (c - 'A' + 1);
	if (n == 0 || n > 3 || col > XLSXSRC_MAX_COL)
		return -1;
	return col - 1;
}

static enum cell_type
cell_type(const char *t)
{
	if (t == NULL || strcmp(t, "n") == 0)
		return CT_NUMBER;
	if (strcmp(t, "s") == 0)
		return CT_SHARED;
	if (strcmp(t, "inlineStr") == 0)
		return CT_INLINE;
	if (strcmp(t, "b") == 0)
		return CT_BOOL;
	if (strcmp(t, "e") == 0)
		return CT_ERROR;
	if (strcmp(t, "d") == 0)
		return CT_ISODATE;
	return CT_STR;		/* "str", and anything unknown: its text */
}

static void
record_reset(struct sheet_state *s)
{
	recbuf_reset(&s->rb);
	s->dropped = 0;
	s->max_field_len = 0;
	s->truncated = 0;
	s->has_nul = 0;
	s->rawlen = 0;
	s->raw_truncated = 0;
	s->prev_col = -1;
}

/* Append to raw; 0 when it had to be cut (on a character boundary). */
static int
raw_put(struct sheet_state *s, const char *t, size_t n)
{
	size_t room = s->raw_cap - s->rawlen;
	int whole = n <= room;

	if (!whole) {
		n = u8_trim_tail(t, room);
		s->raw_truncated = 1;
	}
	memcpy(s->raw + s->rawlen, t, n);
	s->rawlen += n;
	return whole;
}

/* raw: the fields joined by TAB, as the rejected row's text. */
static void
build_raw(struct sheet_state *s)
{
	size_t i;

	for (i = 0; i < s->rb.n; i++)
		if ((i > 0 && !raw_put(s, "\t", 1)) ||
		    !raw_put(s, s->rb.buf + s->rb.off[i], s->rb.len[i]))
			break;
	if (s->truncated)
		s->raw_truncated = 1;
	s->raw[s->rawlen] = '\0';
}

/* Hand row line to the callback; stops the parser when it asks to. */
static void
emit(struct sheet_state *s, long line)
{
	struct csvsrc_rec rec;

	build_raw(s);
	if (s->to_header) {
		/* A continuation's title block and repeated header: not rows. */
		if (s->rawlen == s->wb->header_len &&
		    memcmp(s->raw, s->wb->header, s->rawlen) == 0)
			s->to_header = 0;
		s->last_row = line;
		record_reset(s);
		return;
	}
	memset(&rec, 0, sizeof rec);
	rec.line = s->line_off + line;
	rec.nfields = s->rb.n;
	rec.fields = recbuf_fields(&s->rb);
	rec.lens = s->rb.len;
	rec.raw = s->raw;
	rec.rawlen = s->rawlen;
	rec.raw_truncated = s->raw_truncated;
	rec.has_nul = s->has_nul;
	rec.blank_line = s->rb.n == 0 && s->dropped == 0;
	rec.max_field_len = s->max_field_len;
	rec.fields_truncated = s->truncated;
	rec.nfields_dropped = s->dropped;
	s->last_row = line;
	if (s->cb(&rec, s->arg) != 0) {
		s->xp.stopped = 1;
		XML_StopParser(s->xp.p, XML_FALSE);
	}
	record_reset(s);
}

static void
row_start(struct sheet_state *s, const char **atts)
{
	const char *r = attr(atts, "r");
	long n = r ? parse_index(r, strlen(r)) : s->last_row + 1;

	if (n < 1 || n > XLSXSRC_MAX_ROW) {
		xp_fail(&s->xp, XLSXSRC_REFUSED, "row number \"%s\" after row %ld"
		    " is not an Excel row", r ? r : "", s->last_row);
		return;
	}
	if (n <= s->last_row)
		n = s->last_row + 1;
	/* Rows the sheet leaves out are empty rows, as in Excel's CSV. */
	while (s->last_row + 1 < n && !s->xp.stopped)
		emit(s, s->last_row + 1);
	s->row = n;
	s->in_row = 1;
	record_reset(s);
}

static void
cell_start(struct sheet_state *s, const char **atts)
{
	const char *r = attr(atts, "r"), *st = attr(atts, "s");

	s->col = r ? column_of(r) : s->prev_col + 1;
	if (s->col < 0 || s->col >= XLSXSRC_MAX_COL) {
		xp_fail(&s->xp, XLSXSRC_REFUSED, "row %ld: \"%s\" is not a cell"
		    " reference", s->row, r ? r : "(next column past XFD)");
		return;
	}
	if (s->col <= s->prev_col) {
		xp_fail(&s->xp, XLSXSRC_REFUSED, "row %ld: cell %s is not right"
		    " of the cell before it", s->row, r ? r : "?");
		return;
	}
	s->prev_col = s->col;
	s->type = cell_type(attr(atts, "t"));
	s->style = st ? parse_index(st, strlen(st)) : 0;
	s->in_cell = 1;
	s->in_v = s->in_is = s->in_t = s->rph = 0;
	text_reset(&s->v);
	text_reset(&s->is);
}

static void
sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sheet_state *s = ud;
	const char *l = local_name(name);

	if (s->xp.stopped || s->xp.rc != 0)
		return;
	if (!s->in_data) {
		if (strcmp(l, "sheetData") == 0)
			s->in_data = 1;
		return;
	}
	if (strcmp(l, "row") == 0)
		row_start(s, atts);
	else if (s->in_row && strcmp(l, "c") == 0)
		cell_start(s, atts);
	else if (!s->in_cell)
		return;
	else if (strcmp(l, "v") == 0)
		s->in_v = 1;
	else if (strcmp(l, "is") == 0)
		s->in_is = 1;
	else if (s->in_is && strcmp(l, "rPh") == 0)
		s->rph++;
	else if (s->in_is && s->rph == 0 && strcmp(l, "t") == 0)
		s->in_t = 1;
}

static void
sheet_end(void *ud, const XML_Char *name)
{
	struct sheet_state *s = ud;
	const char *l = local_name(name);

	if (!s->in_data || s->xp.stopped || s->xp.rc != 0)
		return;
	if (strcmp(l, "sheetData") == 0) {
		s->in_data = 0;
		s->xp.stopped = 1;	/* nothing after it is a row */
		XML_StopParser(s->xp.p, XML_FALSE);
	} else if (strcmp(l, "row") == 0 && s->in_row) {
		s->in_row = 0;
		emit(s, s->row);
	} else if (strcmp(l, "c") == 0 && s->in_cell) {
		s->in_cell = 0;
		if (add_cell_value(s) == -1)
			xp_fail(&s->xp, -1, "out of memory");
	} else if (strcmp(l, "v") == 0)
		s->in_v = 0;
	else if (strcmp(l, "is") == 0)
		s->in_is = 0;
	else if (strcmp(l, "rPh") == 0 && s->rph > 0)
		s->rph--;
	else if (strcmp(l, "t") == 0)
		s->in_t = 0;
}

static void
sheet_text(void *ud, const XML_Char *t, int len)
{
	struct sheet_state *s = ud;
	struct text *dst = s->in_v ? &s->v : s->in_t ? &s->is : NULL;

	if (dst == NULL || len <= 0 || s->xp.stopped || s->xp.rc != 0)
		return;
	/* Escapes take up to 7 bytes for 3: keep room to decode a full field. */
	if (text_add(dst, t, (size_t)len, s->field_cap + 7) == -1)
		xp_fail(&s->xp, -1, "out of memory");
}

static void
sheet_free(struct sheet_state *s)
{
	free(s->v.p);
	free(s->is.p);
	free(s->num);
	recbuf_free(&s->rb);
	free(s->raw);
}

static void
sheet_opts(struct sheet_state *s, const struct csvsrc_opts *o)
{
	s->raw_cap = o && o->raw_cap ? o->raw_cap : CSVSRC_RAW_CAP;
	s->field_cap = o && o->field_cap ? o->field_cap : CSVSRC_FIELD_CAP;
	s->max_fields = o && o->max_fields ? o->max_fields : CSVSRC_MAX_FIELDS;
	s->rec_cap = o && o->rec_cap ? o->rec_cap : CSVSRC_REC_CAP;
}

/* One worksheet part into cb: the first (line_off 0), or continuation N
 * (rows from its header on, numbered past the ones before). */
static int
read_sheet(struct xlsxsrc *wb, zip_uint64_t idx, const char *part,
    long line_off, const struct csvsrc_opts *opts, csvsrc_cb cb, void *arg,
    int *stopped, char *err, size_t errsz)
{
	struct sheet_state s;
	int rc;

	memset(&s, 0, sizeof s);
	sheet_opts(&s, opts);
	s.wb = wb;
	s.cb = cb;
	s.arg = arg;
	s.xp.err = err;
	s.xp.errsz = errsz;
	s.prev_col = -1;
	s.line_off = line_off;
	s.to_header = line_off > 0;
	if ((s.raw = malloc(s.raw_cap + 1)) == NULL || xp_create(&s) == NULL) {
		util_errf(err, errsz, "%s: out of memory", wb->path);
		sheet_free(&s);
		return -1;
	}
	XML_SetElementHandler(s.xp.p, sheet_start, sheet_end);
	XML_SetCharacterDataHandler(s.xp.p, sheet_text);
	rc = read_part(wb, idx, part, &s.xp);
	XML_ParserFree(s.xp.p);
	/* Stopping at </sheetData> is the end, not a stop. */
	*stopped = s.xp.stopped && s.in_data;
	if (rc == 0 && !*stopped && s.to_header) {
		util_errf(err, errsz, "%s: sheet \"%s (%ld)\" does not repeat the"
		    " header row of \"%s\": its rows cannot be read as the same"
		    " list", wb->path, wb->prefer, line_off / XLSXSRC_MAX_ROW + 1,
		    wb->sheet_name);
		rc = XLSXSRC_REFUSED;
	}
	sheet_free(&s);
	return rc;
}

int
xlsxsrc_read(struct xlsxsrc *wb, const struct csvsrc_opts *opts, csvsrc_cb cb,
    void *arg, int *stopped, char *err, size_t errsz)
{
	zip_uint64_t idx, size;
	int rc, stop = 0, i;

	rc = read_sheet(wb, wb->sheet_index, wb->sheet_part, 0, opts, cb, arg,
	    &stop, err, errsz);
	/* The preferred sheet's continuations, in order while they go on,
	 * once the importer knows the header they repeat. */
	for (i = 0; rc == 0 && !stop && wb->preferred && wb->header != NULL &&
	    i < XLSXSRC_MAX_CONT && wb->cont[i] != NULL; i++) {
		if (locate(wb, wb->cont[i], &idx) == -1) {
			util_errf(err, errsz, "%s: sheet \"%s (%d)\" (%s) is not in"
			    " the archive", wb->path, wb->prefer, i + 2,
			    wb->cont[i]);
			rc = XLSXSRC_REFUSED;
		} else if ((rc = declare_part(wb, idx, wb->cont[i], &size, err,
		    errsz)) == 0)
			rc = read_sheet(wb, idx, wb->cont[i],
			    (long)(i + 1) * XLSXSRC_MAX_ROW, opts, cb, arg, &stop,
			    err, errsz);
	}
	if (stopped != NULL)
		*stopped = stop;
	return rc;
}

int
xlsxsrc_set_header(struct xlsxsrc *wb, const char *raw, size_t len)
{
	char *h;

	if ((h = malloc(len + 1)) == NULL)
		return -1;
	memcpy(h, raw, len);
	h[len] = '\0';
	free(wb->header);
	wb->header = h;
	wb->header_len = len;
	return 0;
}

int
xlsxsrc_continuations(const struct xlsxsrc *wb)
{
	int i;

	for (i = 0; wb->preferred && i < XLSXSRC_MAX_CONT && wb->cont[i] != NULL;
	    i++)
		;
	return i;
}
