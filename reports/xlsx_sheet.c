/* xlsx_sheet.c — see xlsx_sheet.h. */
#include "xlsx_sheet.h"

#include "date.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const month_names[12] = {
	"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
	"Agustus", "September", "Oktober", "November", "Desember"
};

/* Number formats by kind; NULL: General. */
static const char *const kind_numfmt[XS_KINDS] = {
	[XS_TEXT] = NULL,
	[XS_CODES] = NULL,
	[XS_ID] = "@",
	[XS_DATE] = "dd-mm-yyyy",
	[XS_MONEY] = "#,##0",
	[XS_COUNT] = "#,##0;[Red]-#,##0",
	[XS_INT] = "0",
	[XS_PERCENT] = "0.0",
	[XS_SHORT] = NULL,
	[XS_WRAP] = NULL,
};

static const char ELLIPSIS[] = "\xe2\x80\xa6";	/* U+2026, one UTF-16 unit */

/* ------------------------------------------------------------------ */
/* Errors */

const char *
xs_strerror(enum xs_error e)
{
	switch (e) {
	case XS_OK:
		return "no error";
	case XS_ENOMEM:
		return "out of memory";
	case XS_ELXW:
		return "libxlsxwriter refused";
	case XS_EUSAGE:
		return "xlsx_sheet used wrongly";
	}
	return "unknown error";
}

/* ------------------------------------------------------------------ */
/* The zip's compression level */

/*
 * libxlsxwriter zips each part of a book at workbook_close through minizip,
 * which asks zlib for Z_DEFAULT_COMPRESSION (level 6): fixed in its
 * packager, no option up to 1.1.x. At a province that deflate was over
 * half of the client's processor time in sk and rekonsiliasi. This
 * process's deflateInit2_ stands in front of zlib's (the binary exports it:
 * -Wl,--export-dynamic-symbol in the Makefile, so the library's call
 * reaches it) and, while xs_close_book is writing a book on this thread,
 * turns "the default" into XS_ZIP_LEVEL; every other caller, and any
 * caller that names a level, gets zlib's own as asked. The files are the
 * same cells, opened the same way; only larger. docs/decisions.md "The
 * workbooks' compression" weighs it, docs/speed.md measures it.
 */
static _Thread_local int zipping_book;

int
deflateInit2_(z_streamp strm, int level, int method, int windowBits,
    int memLevel, int strategy, const char *version, int stream_size)
{
	int (*zlib_init)(z_streamp, int, int, int, int, int, const char *, int);

	/* dlsym's object pointer to a function pointer, as POSIX allows. */
	*(void **)&zlib_init = dlsym(RTLD_NEXT, "deflateInit2_");
	if (zlib_init == NULL)
		return Z_VERSION_ERROR;	/* the book fails with a message */
	if (zipping_book && level == Z_DEFAULT_COMPRESSION)
		level = XS_ZIP_LEVEL;
	return zlib_init(strm, level, method, windowBits, memLevel, strategy,
	    version, stream_size);
}

static enum xs_error
fail(struct xs_book *b, enum xs_error e, const char *fmt, ...)
{
	va_list ap;

	if (b->msg[0] != '\0')	/* the first failure is the one that explains */
		return e;
	va_start(ap, fmt);
	vsnprintf(b->msg, sizeof b->msg, fmt, ap);
	va_end(ap);
	return e;
}

/* A libxlsxwriter error on sheet s at row (0-based). */
static enum xs_error
lxw_fail(struct xs_sheet *s, lxw_error err, const char *what)
{
	char name[sizeof s->name + 16];

	xs_part_name(s, name, sizeof name);
	return fail(s->book, XS_ELXW, "sheet %s, row %lu: %s: %s", name,
	    (unsigned long)s->row + 1, what, lxw_strerror(err));
}

/* ------------------------------------------------------------------ */
/* Text helpers */

/* UTF-8 characters of the longest word (run without a space) of s. */
static size_t
longest_word(const char *s)
{
	size_t n = 0, best = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ') {
			n = 0;
			continue;
		}
		if (((unsigned char)*s & 0xC0) != 0x80 && ++n > best)
			best = n;
	}
	return best;
}

/* UTF-8 characters in s (continuation bytes not counted). */
static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

const char *
xs_cut_text(const char *text, char *buf, size_t bufsz)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t units = 0, cut = 0;
	int seen_cut = 0;

	/* Excel counts UTF-16 units: a character beyond U+FFFF (4 UTF-8
	 * bytes) takes two.  cut is where the text must end to leave one
	 * unit for the ellipsis. */
	while (*p != '\0') {
		size_t len = 1, u = 1;

		if (*p >= 0xF0) {
			len = 4;
			u = 2;
		} else if (*p >= 0xE0)
			len = 3;
		else if (*p >= 0xC0)
			len = 2;
		for (size_t i = 1; i < len; i++)
			if (p[i] == '\0') {	/* broken UTF-8: stop at it */
				len = i;
				break;
			}
		if (!seen_cut && units + u > XS_CELL_MAX - 1) {
			cut = (size_t)(p - (const unsigned char *)text);
			seen_cut = 1;
		}
		units += u;
		if (units > XS_CELL_MAX)
			break;
		p += len;
	}
	if (units <= XS_CELL_MAX)
		return text;
	if (bufsz < cut + sizeof ELLIPSIS)
		cut = bufsz > sizeof ELLIPSIS ? bufsz - sizeof ELLIPSIS : 0;
	memcpy(buf, text, cut);
	memcpy(buf + cut, ELLIPSIS, sizeof ELLIPSIS);
	return buf;
}

const char *
xs_month_name(int m)
{
	return m >= 1 && m <= 12 ? month_names[m - 1] : "";
}

char *
xs_format_count(char *buf, size_t bufsz, long long n)
{
	char digits[32], out[48];
	unsigned long long v;
	size_t len, i, o = 0;

	v = n < 0 ? -(unsigned long long)n : (unsigned long long)n;
	snprintf(digits, sizeof digits, "%llu", v);
	len = strlen(digits);
	if (n < 0)
		out[o++] = '-';
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = '.';	/* Indonesian thousands separator */
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, bufsz, "%s", out);
	return buf;
}

char *
xs_format_jiwa(char *buf, size_t bufsz, long long n)
{
	char c[48];

	snprintf(buf, bufsz, "%s jiwa", xs_format_count(c, sizeof c, n));
	return buf;
}

char *
xs_format_rupiah(char *buf, size_t bufsz, long long n)
{
	char c[48];

	xs_format_count(c, sizeof c, n);
	if (n < 0)
		snprintf(buf, bufsz, "-Rp %s", c + 1);
	else
		snprintf(buf, bufsz, "Rp %s", c);
	return buf;
}

char *
xs_format_tanggal(char *buf, size_t bufsz, int y, int m, int d)
{
	snprintf(buf, bufsz, "%d %s %04d", d, xs_month_name(m), y);
	return buf;
}


int
xs_parse_date(const char *s, int *y, int *m, int *d)
{
	int i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	*y = atoi(s);
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= date_days_in_month(*y, *m);
}

/* ------------------------------------------------------------------ */
/* The printed page's arithmetic (see xlsx_sheet.h) */

int
xs_col_pixels(double w)
{
	/* libxlsxwriter's and Excel's rule for Calibri 11: the widest digit
	 * is 7 px, plus 5 px of padding. */
	if (w <= 0)
		return 0;
	if (w < 1)
		return (int)(w * 12 + 0.5);
	return (int)(w * 7 + 0.5) + 5;
}

int
xs_fit_scale(double paper_pt, const double *widths, int ncols)
{
	double used = 0;
	int c, scale;

	for (c = 0; c < ncols; c++)
		used += xs_col_pixels(widths[c]) * 0.75;
	if (used <= 0)
		return 100;
	scale = (int)(100 * paper_pt / used);	/* Excel rounds down */
	return scale > 100 ? 100 : scale < 10 ? 10 : scale;
}

long
xs_page_rows(double usable_pt, double row_pt, int scale)
{
	if (row_pt <= 0 || scale <= 0)
		return 0;
	return (long)(usable_pt / (row_pt * scale / 100.0));
}

int
xs_wrap_lines(const char *text, int width)
{
	const unsigned char *p = (const unsigned char *)text;
	int room = width - 2, lines = 1, used = 0, word;

	if (room < 1)
		room = 1;
	while (*p != '\0') {
		if (*p == ' ') {
			p++;
			continue;
		}
		/* The word's characters (UTF-8 continuation bytes not). */
		for (word = 0; p[0] != '\0' && p[0] != ' '; p++)
			if ((*p & 0xC0) != 0x80)
				word++;
		if (used > 0 && used + 1 + word <= room) {
			used += 1 + word;
			continue;
		}
		if (used > 0)
			lines++;
		/* A word longer than a line breaks where the line ends. */
		lines += (word - 1) / room;
		used = word - (word - 1) / room * room;
	}
	return lines;
}

void
xs_paper_pt(uint8_t paper, double *width_pt, double *height_pt)
{
	double w = 8.27, h = 11.69;	/* A4, portrait, inches */

	if (paper == XS_PAPER_FOLIO) {
		w = 8.5;
		h = 13;
	}
	/* Landscape: the long side across. */
	*width_pt = (h - 2 * XS_MARGIN_LR) * 72;
	*height_pt = (w - 2 * XS_MARGIN_TB) * 72;
}

int
xs_keep_breaks(long rows, long first, long per, long tail, long keep,
    long *brk, int max)
{
	long start = 0, cap = first, next, k, all[XS_MAX_BREAKS];
	int n = 0, i, off;

	if (per < 1 || first < 0 || keep < 0 || keep + tail > per || max < 1)
		return 0;
	for (;;) {
		long left = rows - start;

		if (left + tail <= cap)		/* the rest and its tail fit */
			break;
		if (left <= cap) {		/* the rows fit, the tail not */
			k = left < keep ? left : keep;
			if (rows - k > start || start > 0)
				next = rows - k;
			else
				break;		/* page 1 would hold none */
		} else {			/* a full page */
			next = start + cap;
			/* ... unless the last page would get fewer than keep */
			if (rows - next < keep && rows - keep > start)
				next = rows - keep;
		}
		if (next <= start && start > 0)
			break;
		if (n == XS_MAX_BREAKS) {	/* keep the last ones */
			memmove(all, all + 1, (XS_MAX_BREAKS - 1) * sizeof *all);
			n--;
		}
		all[n++] = next;
		start = next;
		cap = per;
	}
	off = n > max ? n - max : 0;
	for (i = off; i < n; i++)
		brk[i - off] = all[i];
	return n - off;
}

/* A whole value as a number: 1 and *v, else 0. */
static int
parse_number(const char *s, double *v)
{
	char *end;

	*v = strtod(s, &end);
	return end != s && *end == '\0';
}

/* ------------------------------------------------------------------ */
/* The book */

static lxw_format *
new_format(lxw_workbook *wb, const char *numfmt, int bold)
{
	lxw_format *f;

	if ((f = workbook_add_format(wb)) == NULL)
		return NULL;
	if (numfmt != NULL)
		format_set_num_format(f, numfmt);
	if (bold)
		format_set_bold(f);
	return f;
}

/* Do two formats have the same properties?  As libxlsxwriter compares
 * them (the whole struct), less the pointers and the indexes it assigns. */
static int
same_format(const lxw_format *a, const lxw_format *b)
{
	lxw_format x, y;

	memcpy(&x, a, sizeof x);
	memcpy(&y, b, sizeof y);
	x.file = y.file = NULL;
	x.xf_format_indices = y.xf_format_indices = NULL;
	x.dxf_format_indices = y.dxf_format_indices = NULL;
	x.num_xf_formats = y.num_xf_formats = NULL;
	x.num_dxf_formats = y.num_dxf_formats = NULL;
	x.list_pointers.stqe_next = y.list_pointers.stqe_next = NULL;
	x.xf_index = y.xf_index = LXW_PROPERTY_UNSET;
	x.dxf_index = y.dxf_index = LXW_PROPERTY_UNSET;
	return memcmp(&x, &y, sizeof x) == 0;
}

/*
 * A format gets its style index on first use and keeps it, unless a format
 * with the same properties (the book's default one, say) got one first:
 * then libxlsxwriter hashes the whole format again for every cell written
 * with it, a fifth of the time of a large sheet.  So each of ours is
 * replaced by the first format of the book with its properties: the same
 * style index either way, found once.
 */
static void
share_format(struct xs_book *b, lxw_format **f)
{
	lxw_format *g;

	if (*f == NULL)
		return;
	STAILQ_FOREACH(g, b->wb->formats, list_pointers) {
		if (g == *f)
			return;
		if (same_format(g, *f)) {
			*f = g;
			return;
		}
	}
}

static enum xs_error
make_formats(struct xs_book *b)
{
	lxw_workbook *wb = b->wb;
	int k, bold;

	/* A table's cells are ruled with thin borders (an office prints them
	 * so; numbers do not run into the next column's text), dates and
	 * whole numbers (NO, a line) centred, every cell top-aligned (a row
	 * with a wrapped cell reads from its first line); free text and codes
	 * wrap. */
	for (k = 0; k < XS_KINDS; k++)
		for (bold = 0; bold < 2; bold++) {
			if ((b->fmt[k][bold] = new_format(wb, kind_numfmt[k],
			    bold)) == NULL)
				return fail(b, XS_ENOMEM, "cannot add a format");
			format_set_border(b->fmt[k][bold], LXW_BORDER_THIN);
			format_set_align(b->fmt[k][bold], LXW_ALIGN_VERTICAL_TOP);
			if (k == XS_DATE || k == XS_INT || k == XS_SHORT)
				format_set_align(b->fmt[k][bold], LXW_ALIGN_CENTER);
			if (k == XS_WRAP || k == XS_CODES)
				format_set_text_wrap(b->fmt[k][bold]);
		}
	b->f_no = b->fmt[XS_INT][0];
	if ((b->f_title[0] = new_format(wb, NULL, 1)) == NULL ||
	    (b->f_title[1] = new_format(wb, NULL, 1)) == NULL ||
	    (b->f_title[2] = new_format(wb, NULL, 0)) == NULL ||
	    (b->f_head = new_format(wb, NULL, 1)) == NULL ||
	    (b->f_head_wrap = new_format(wb, NULL, 1)) == NULL ||
	    (b->f_line[XS_BOLD] = new_format(wb, NULL, 1)) == NULL ||
	    (b->f_line[XS_BOLD_UNDERLINE] = new_format(wb, NULL, 1)) == NULL)
		return fail(b, XS_ENOMEM, "cannot add a format");
	format_set_font_size(b->f_title[0], 12);
	format_set_font_size(b->f_title[1], 14);
	format_set_italic(b->f_title[2]);
	format_set_bg_color(b->f_head, 0xD9D9D9);
	format_set_border(b->f_head, LXW_BORDER_THIN);
	format_set_align(b->f_head, LXW_ALIGN_CENTER);
	format_set_bg_color(b->f_head_wrap, 0xD9D9D9);
	format_set_border(b->f_head_wrap, LXW_BORDER_THIN);
	format_set_align(b->f_head_wrap, LXW_ALIGN_CENTER);
	format_set_align(b->f_head_wrap, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(b->f_head_wrap);
	format_set_underline(b->f_line[XS_BOLD_UNDERLINE], LXW_UNDERLINE_SINGLE);
	b->f_line[XS_PLAIN] = NULL;
	for (k = 0; k < XS_KINDS; k++)
		for (bold = 0; bold < 2; bold++)
			share_format(b, &b->fmt[k][bold]);
	share_format(b, &b->f_no);
	for (k = 0; k < 3; k++) {
		share_format(b, &b->f_title[k]);
		share_format(b, &b->f_line[k]);
	}
	share_format(b, &b->f_head);
	share_format(b, &b->f_head_wrap);
	return XS_OK;
}

enum xs_error
xs_open_book(struct xs_book *b, const char *path, const struct xs_info *info)
{
	lxw_workbook_options opt = { 0 };
	const char *office = info->office ? info->office : "";
	const char *region = info->region ? info->region : "";

	memset(b, 0, sizeof *b);
	/* Row 1 names the office; the region too when the office's name
	 * does not already hold it. */
	if (*office == '\0')
		snprintf(b->title1, sizeof b->title1, "%s", region);
	else if (*region == '\0' || strstr(office, region) != NULL)
		snprintf(b->title1, sizeof b->title1, "%s", office);
	else
		snprintf(b->title1, sizeof b->title1, "%s, %s", office, region);
	snprintf(b->period, sizeof b->period, "%s",
	    info->period_label ? info->period_label : "");
	snprintf(b->made, sizeof b->made, "%s", info->made ? info->made : "");
	b->max_rows = info->max_rows ? info->max_rows : XS_EXCEL_ROWS;
	b->paper = info->paper;
	if (b->max_rows > XS_EXCEL_ROWS)
		b->max_rows = XS_EXCEL_ROWS;
	if ((b->cut = malloc(XS_CUT_BUFSZ)) == NULL)
		return fail(b, XS_ENOMEM, "out of memory");
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = (char *)info->tmpdir;
	if ((b->wb = workbook_new_opt(path, &opt)) == NULL)
		return fail(b, XS_ELXW, "cannot start workbook %s", path);
	return make_formats(b);
}

enum xs_error
xs_close_book(struct xs_book *b)
{
	lxw_error err;

	free(b->cut);
	b->cut = NULL;
	EVP_MD_CTX_free(b->digest);
	b->digest = NULL;
	free(b->dbuf);
	b->dbuf = NULL;
	if (b->wb == NULL)
		return XS_OK;
	errno = 0;
	zipping_book = 1;		/* deflateInit2_ above */
	err = workbook_close(b->wb);	/* writes the file and frees */
	zipping_book = 0;
	b->wb = NULL;
	/* The system's reason (a full disk) says more than the zip's. */
	if (err != LXW_NO_ERROR && errno != 0)
		return fail(b, XS_ELXW, "cannot write workbook: %s (%s)",
		    strerror(errno), lxw_strerror(err));
	if (err != LXW_NO_ERROR)
		return fail(b, XS_ELXW, "cannot write workbook: %s",
		    lxw_strerror(err));
	return XS_OK;
}

enum xs_error
xs_digest_start(struct xs_book *b)
{
	EVP_MD_CTX *d;

	if (b->dbuf == NULL && (b->dbuf = malloc(XS_DIGEST_BUFSZ)) == NULL)
		return fail(b, XS_ENOMEM, "out of memory");
	if ((d = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(d, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(d);
		return fail(b, XS_ENOMEM, "cannot start a SHA-256");
	}
	EVP_MD_CTX_free(b->digest);
	b->digest = d;
	b->dlen = 0;
	b->dsheet = NULL;
	return XS_OK;
}

enum xs_error
xs_digest_hex(struct xs_book *b, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	hex[0] = '\0';
	if (b->digest == NULL)
		return fail(b, XS_EUSAGE, "no digest was started");
	EVP_DigestUpdate(b->digest, b->dbuf, b->dlen);
	b->dlen = 0;
	if (EVP_DigestFinal_ex(b->digest, md, &n) != 1 || n != 32)
		return fail(b, XS_ELXW, "SHA-256 failed");
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	EVP_MD_CTX_free(b->digest);
	b->digest = NULL;
	return XS_OK;
}

/* ------------------------------------------------------------------ */
/* Sheets and their continuations */

void
xs_part_name(const struct xs_sheet *s, char *buf, size_t bufsz)
{
	char suffix[16];
	size_t keep, chars, i;

	if (s->part <= 1) {
		snprintf(buf, bufsz, "%s", s->name);
		return;
	}
	snprintf(suffix, sizeof suffix, " (%d)", s->part);
	/* Keep as many whole characters of the name as fit in 31. */
	keep = XS_NAME_MAX - strlen(suffix);
	for (i = 0, chars = 0; s->name[i] != '\0'; i++) {
		if (((unsigned char)s->name[i] & 0xC0) != 0x80) {
			if (chars == keep)
				break;
			chars++;
		}
	}
	snprintf(buf, bufsz, "%.*s%s", (int)i, s->name, suffix);
}

static void
note_width(struct xs_sheet *s, int col, size_t chars)
{
	if (col >= 0 && col < XS_MAX_COLS && (double)chars > s->width[col])
		s->width[col] = (double)chars;
}

static uint32_t
first_row_after_heading(const struct xs_sheet *s)
{
	return (uint32_t)s->nheading + 1;
}

/* The digest's input, gathered in b->dbuf and handed to SHA-256 a buffer
 * at a time (a call per cell costs more than the hashing). */
static void
digest_add(struct xs_book *b, const void *p, size_t n)
{
	if (b->dlen + n > XS_DIGEST_BUFSZ) {
		EVP_DigestUpdate(b->digest, b->dbuf, b->dlen);
		b->dlen = 0;
	}
	if (n > XS_DIGEST_BUFSZ) {
		EVP_DigestUpdate(b->digest, p, n);
		return;
	}
	memcpy(b->dbuf + b->dlen, p, n);
	b->dlen += n;
}

/* A printed cell into the book's digest (xs_digest_start), when on: the
 * sheet (when it changes: its name and part), the row, the column and the
 * text with its NUL, so that no two different prints give one input. */
static void
note_cell(struct xs_sheet *s, uint32_t row, int col, const char *text)
{
	struct xs_book *b = s->book;
	unsigned char rc[7];
	uint32_t part;

	if (b->digest == NULL || text == NULL)
		return;
	/* (Two sheets may be written from one address: the name decides.) */
	if (b->dsheet != s || b->dpart != s->part ||
	    strcmp(b->dname, s->name) != 0) {
		part = (uint32_t)s->part;
		digest_add(b, "\x1e", 1);
		digest_add(b, s->name, strlen(s->name) + 1);
		digest_add(b, &part, sizeof part);
		b->dsheet = s;
		b->dpart = s->part;
		snprintf(b->dname, sizeof b->dname, "%s", s->name);
	}
	rc[0] = 0x1f;
	memcpy(rc + 1, &row, 4);
	rc[5] = (unsigned char)(col & 0xff);
	rc[6] = (unsigned char)(col >> 8);
	digest_add(b, rc, sizeof rc);
	digest_add(b, text, strlen(text) + 1);
}

static enum xs_error write_header(struct xs_sheet *s);
static enum xs_error flush_side(struct xs_sheet *s, uint32_t upto);
static enum xs_error write_value(struct xs_sheet *s, int col, enum xs_kind kind,
    const char *v, int bold);

/* Every printed page's header: the sheet (its part) and the month, on the
 * left, "&" doubled as the header's codes want. */
static const char *
page_header(const struct xs_sheet *s, const char *name, char *buf,
    size_t bufsz)
{
	char text[256];
	size_t i, o = 0;

	snprintf(text, sizeof text, "%s%s%s", name, s->book->period[0] ?
	    " \xe2\x80\x94 " : "", s->book->period);
	o = (size_t)snprintf(buf, bufsz, "&L");
	for (i = 0; text[i] != '\0' && o + 3 < bufsz && o < 240; i++) {
		if (text[i] == '&')
			buf[o++] = '&';
		buf[o++] = text[i];
	}
	buf[o] = '\0';
	return buf;
}

static enum xs_error
open_part(struct xs_sheet *s)
{
	struct xs_book *b = s->book;
	char name[sizeof s->name + 16], hdr[300];
	lxw_error err;
	int i;

	xs_part_name(s, name, sizeof name);
	if ((s->ws = workbook_add_worksheet(b->wb, name)) == NULL)
		return fail(b, XS_ELXW, "cannot add sheet \"%s\"", name);
	s->row = 0;
	s->ext_row = 0;
	s->ext_col = 0;
	s->has_filter = s->in_filter = 0;
	memset(s->width, 0, sizeof s->width);
	memset(s->wrap, 0, sizeof s->wrap);
	memset(s->nowrap, 0, sizeof s->nowrap);

	worksheet_set_landscape(s->ws);
	worksheet_fit_to_pages(s->ws, 1, s->one_page ? 1 : 0);
	/* Set, not left to libxlsxwriter's defaults: the page arithmetic
	 * (xs_paper_pt) counts on them. */
	worksheet_set_margins(s->ws, XS_MARGIN_LR, XS_MARGIN_LR, XS_MARGIN_TB,
	    XS_MARGIN_TB);
	/* Every row one known height (customHeight, so neither Excel nor
	 * LibreOffice fits it to its font): pages can be counted. */
	if (s->keep_end)
		worksheet_set_default_row(s->ws, XS_ROW_PT, LXW_FALSE);
	if (s->paper != 0)
		worksheet_set_paper(s->ws, s->paper);
	if ((err = worksheet_set_footer(s->ws, "&CHalaman &P dari &N")) != LXW_NO_ERROR)
		return lxw_fail(s, err, "footer");
	if ((err = worksheet_set_header(s->ws, page_header(s, name, hdr,
	    sizeof hdr))) != LXW_NO_ERROR)
		return lxw_fail(s, err, "header");
	if ((err = worksheet_ignore_errors(s->ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT,
	    "A1:XFD1048576")) != LXW_NO_ERROR)
		return lxw_fail(s, err, "ignore errors");

	for (i = 0; i < s->nheading; i++) {
		lxw_format *f;
		const char *tab = strchr(s->heading[i], '\t');
		int col = s->heading_col;

		if (s->heading_fmt == 0)
			f = b->f_title[i < 3 ? i : 2];
		else
			f = i == 0 ? b->f_line[XS_BOLD] : NULL;
		if (tab != NULL) {	/* "LABEL\tVALUE": two columns */
			char label[256];

			snprintf(label, sizeof label, "%.*s",
			    (int)(tab - s->heading[i]), s->heading[i]);
			if ((err = worksheet_write_string(s->ws, (lxw_row_t)i,
			    (lxw_col_t)col, label, f)) != LXW_NO_ERROR ||
			    (err = worksheet_write_string(s->ws, (lxw_row_t)i,
			    (lxw_col_t)(col + 1), tab + 1, f)) != LXW_NO_ERROR)
				return lxw_fail(s, err, "heading");
			note_cell(s, (uint32_t)i, col, label);
			note_cell(s, (uint32_t)i, col + 1, tab + 1);
			continue;
		}
		if ((err = worksheet_write_string(s->ws, (lxw_row_t)i,
		    (lxw_col_t)col, s->heading[i], f)) != LXW_NO_ERROR)
			return lxw_fail(s, err, "heading");
		/* The title block's third line is when the book was made. */
		if (s->heading_fmt != 0 || i != 2)
			note_cell(s, (uint32_t)i, col, s->heading[i]);
	}
	s->row = first_row_after_heading(s);
	if (s->cols != NULL)	/* a table goes on: its header again */
		return write_header(s);
	return XS_OK;
}

/*
 * The autofilter over the list's rows.  In constant_memory mode
 * libxlsxwriter refuses a range ending above the row being written, so this
 * runs as soon as the list ends, before anything is written below it.
 */
static enum xs_error
close_filter(struct xs_sheet *s)
{
	lxw_error err;

	if (!s->in_filter)
		return XS_OK;
	s->in_filter = 0;
	if ((err = worksheet_autofilter(s->ws, s->frow, 0, s->flast,
	    (lxw_col_t)(s->fncols - 1))) != LXW_NO_ERROR)
		return lxw_fail(s, err, "autofilter");
	if (s->dd_col > 0 && s->flast > s->frow) {
		lxw_data_validation dv;

		memset(&dv, 0, sizeof dv);
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = (char **)(uintptr_t)s->dd_items;
		dv.error_title = "Pilihan tidak dikenal";
		dv.error_message = "Pilih salah satu dari daftar.";
		if ((err = worksheet_data_validation_range(s->ws, s->frow + 1,
		    (lxw_col_t)s->dd_col, s->flast, (lxw_col_t)s->dd_col, &dv)) !=
		    LXW_NO_ERROR)
			return lxw_fail(s, err, "drop-down");
	}
	return XS_OK;
}

/* Does column c wrap (every table's column c on this part is XS_WRAP or
 * XS_CODES)? */
static int
wraps(const struct xs_sheet *s, int c)
{
	return c >= 0 && c < XS_MAX_COLS && s->wrap[c] > 0 && !s->nowrap[c];
}

/* A column's width as set (or Excel's default): as wide as its widest
 * cell, a wrapped column at most its wrap width. */
static double
col_width(const struct xs_sheet *s, int c)
{
	double w;

	if (c >= XS_MAX_COLS || s->width[c] <= 0)
		return 8.43;	/* Excel's default */
	w = s->width[c];
	if (wraps(s, c) && w > s->wrap[c])
		w = s->wrap[c];
	w += 2;
	return w > XS_WIDTH_MAX ? XS_WIDTH_MAX : w;
}

/* The last column printed on this part, but for a heading's overflow
 * (fit_heading). */
static int
last_col(const struct xs_sheet *s)
{
	int c, last = 0;

	for (c = 0; c < XS_MAX_COLS; c++)
		if (s->width[c] > 0)
			last = c;
	return s->ext_col > last ? s->ext_col : last;
}

/*
 * Excel prints the used columns only, cutting text that overflows to the
 * right of them.  When a heading line is wider than the table below it (the
 * SK heading above Rekap's four columns), the print area takes in empty
 * columns until the line fits; fit-to-width then scales the page.
 */
static enum xs_error
fit_heading(struct xs_sheet *s, int *printed)
{
	double need = 0, have = 0, w;
	lxw_error err;
	int i, c, last;

	for (i = 0; i < s->nheading; i++) {
		const char *tab = strchr(s->heading[i], '\t');

		/* The title block's bigger bold fonts are wider. */
		w = (double)utf8_chars(tab != NULL ? tab + 1 : s->heading[i]) *
		    (s->heading_fmt == 0 && i < 2 ? 1.3 : 1.1);
		/* ... from where the line starts. */
		for (c = 0; c < s->heading_col + (tab != NULL); c++)
			w += col_width(s, c);
		if (w > need)
			need = w;
	}
	last = last_col(s);	/* a chart too: Excel prints it */
	for (c = 0; c <= last; c++)
		have += col_width(s, c);
	*printed = last;
	if (have >= need || s->row == 0)
		return XS_OK;
	for (c = last + 1; have < need; c++)
		have += col_width(s, c);
	*printed = c - 1;
	if ((err = worksheet_print_area(s->ws, 0, 0, s->row - 1 > s->ext_row ?
	    s->row - 1 : s->ext_row, (lxw_col_t)(c - 1))) != LXW_NO_ERROR)
		return lxw_fail(s, err, "print area");
	return XS_OK;
}

/*
 * XS_KEEP_END: the part's page breaks.  Its rows are all XS_ROW_PT high,
 * so a page holds page_rows of them at the scale it prints at.  That scale
 * is Excel's "one page wide" for the printed columns (xs_fit_scale), taken
 * XS_SCALE_SLACK points larger: a larger scale means fewer rows a page, so
 * the breaks stay where they are set whatever the application's own
 * rounding (LibreOffice's columns come out a little wider, its scale a
 * little smaller).  Page 1 holds the rows above the list and its header
 * row; every later page the repeated header row.  The tail is everything
 * written below the list on this part.
 */
static enum xs_error
keep_end_breaks(struct xs_sheet *s, int printed)
{
	double widths[XS_MAX_COLS], page_w, page_h;
	long brk[XS_MAX_BREAKS], rows, page_rows, tail;
	lxw_row_t *at;
	lxw_error err;
	int c, n, i, scale;

	if (!s->keep_end || !s->has_filter || s->flast <= s->frow)
		return XS_OK;
	if (printed >= XS_MAX_COLS)
		printed = XS_MAX_COLS - 1;
	for (c = 0; c <= printed; c++)
		widths[c] = col_width(s, c);
	xs_paper_pt(s->paper, &page_w, &page_h);
	scale = xs_fit_scale(page_w, widths, printed + 1) + XS_SCALE_SLACK;
	page_rows = xs_page_rows(page_h, XS_ROW_PT, scale > 100 ? 100 : scale);
	rows = (long)(s->flast - s->frow);
	tail = (long)s->row - (long)s->flast - 1;
	n = xs_keep_breaks(rows, page_rows - (long)s->frow - 1, page_rows - 1,
	    tail, XS_KEEP_ROWS, brk, XS_MAX_BREAKS);
	if (n == 0)
		return XS_OK;
	if ((at = calloc((size_t)n + 1, sizeof *at)) == NULL)
		return fail(s->book, XS_ENOMEM, "out of memory");
	for (i = 0; i < n; i++)	/* the first row of each new page */
		at[i] = (lxw_row_t)(s->frow + 1 + (uint32_t)brk[i]);
	err = worksheet_set_h_pagebreaks(s->ws, at);	/* copies them */
	free(at);
	if (err != LXW_NO_ERROR)
		return lxw_fail(s, err, "page breaks");
	return XS_OK;
}

static enum xs_error
finish_part(struct xs_sheet *s)
{
	enum xs_error e;
	lxw_error err;
	int c, printed = 0;

	if ((e = flush_side(s, UINT32_MAX)) != XS_OK)
		return e;
	for (c = 0; c < XS_MAX_COLS; c++) {
		if (s->width[c] <= 0)
			continue;
		if ((err = worksheet_set_column(s->ws, (lxw_col_t)c,
		    (lxw_col_t)c, col_width(s, c), NULL)) != LXW_NO_ERROR)
			return lxw_fail(s, err, "column width");
	}
	if ((e = close_filter(s)) != XS_OK ||
	    (e = fit_heading(s, &printed)) != XS_OK)
		return e;
	return keep_end_breaks(s, printed);
}

/* Make sure row s->row exists on this part; else go on to the next part.
 * need: rows that must fit together (a header and its first row). */
static enum xs_error
ensure_room(struct xs_sheet *s, uint32_t need)
{
	enum xs_error e;

	if ((unsigned long)s->row + need <= s->book->max_rows)
		return XS_OK;
	if ((e = finish_part(s)) != XS_OK)
		return e;
	s->part++;
	return open_part(s);
}

static enum xs_error
add_sheet(struct xs_book *b, struct xs_sheet *s, const char *name,
    const char *const *lines, int nlines, int heading_fmt, int heading_col,
    int flags)
{
	int i;

	memset(s, 0, sizeof *s);
	s->book = b;
	s->part = 1;
	s->paper = b->paper;
	s->keep_end = (flags & XS_KEEP_END) != 0;
	if (name == NULL || utf8_chars(name) > XS_NAME_MAX - 4 ||
	    strlen(name) >= sizeof s->name)
		return fail(b, XS_EUSAGE, "sheet name \"%s\" is too long",
		    name ? name : "(null)");
	snprintf(s->name, sizeof s->name, "%s", name);
	if (nlines > XS_MAX_HEADING)
		return fail(b, XS_EUSAGE, "sheet %s: too many heading lines", name);
	for (i = 0; i < nlines; i++) {
		if ((s->heading[i] = strdup(lines[i] ? lines[i] : "")) == NULL)
			return fail(b, XS_ENOMEM, "out of memory");
		s->nheading++;
	}
	s->heading_fmt = heading_fmt;
	s->heading_col = heading_col;
	/* The header row and one data row must fit below the heading. */
	if (b->max_rows < (unsigned long)nlines + 4)
		b->max_rows = (unsigned long)nlines + 4;
	return open_part(s);
}

enum xs_error
xs_add_sheet(struct xs_book *b, struct xs_sheet *s, const char *name,
    const char *title)
{
	char l2[600], l3[200];
	const char *lines[3];

	snprintf(l2, sizeof l2, "%s \xe2\x80\x94 %s", title, b->period);
	snprintf(l3, sizeof l3, "Dibuat %s", b->made);
	lines[0] = b->title1;
	lines[1] = l2;
	lines[2] = l3;
	return add_sheet(b, s, name, lines, 3, 0, 0, 0);
}

enum xs_error
xs_add_sheet_heading(struct xs_book *b, struct xs_sheet *s, const char *name,
    const char *const *lines, int nlines)
{
	return add_sheet(b, s, name, lines, nlines, 1, 0, 0);
}

enum xs_error
xs_add_sheet_heading_at(struct xs_book *b, struct xs_sheet *s,
    const char *name, const char *const *lines, int nlines, int col,
    int flags)
{
	if (col < 0 || col >= XS_MAX_COLS)
		return fail(b, XS_EUSAGE, "sheet %s: heading column %d", name, col);
	return add_sheet(b, s, name, lines, nlines, 1, col, flags);
}

void
xs_one_page(struct xs_sheet *s)
{
	s->one_page = 1;
	if (s->ws != NULL)
		worksheet_fit_to_pages(s->ws, 1, 1);
}

void
xs_min_width(struct xs_sheet *s, int col, size_t chars)
{
	note_width(s, col, chars);
}

void
xs_set_paper(struct xs_sheet *s, uint8_t paper)
{
	s->paper = paper;
	if (s->ws != NULL)
		worksheet_set_paper(s->ws, paper);
}

void
xs_note_extent(struct xs_sheet *s, uint32_t last_row, int last_col)
{
	if (last_row > s->ext_row)
		s->ext_row = last_row;
	if (last_col > s->ext_col)
		s->ext_col = last_col;
}

uint32_t
xs_next_row(const struct xs_sheet *s)
{
	return s->row;
}

lxw_worksheet *
xs_worksheet(const struct xs_sheet *s)
{
	return s->ws;
}

/* Column col holds kind under a header whose longest word (its filter
 * button's room included) is head characters: a wrapped column's width,
 * or a column that does not wrap.  Nothing wraps on an XS_KEEP_END
 * sheet. */
static void
note_wrap(struct xs_sheet *s, int col, enum xs_kind kind, size_t head)
{
	int width = kind == XS_CODES ? XS_CODES_WIDTH : XS_WRAP_WIDTH;

	if (col >= XS_MAX_COLS)
		return;
	if (s->wrap_at[col] > 0)
		width = s->wrap_at[col];
	if ((kind != XS_WRAP && kind != XS_CODES) || s->keep_end) {
		s->nowrap[col] = 1;
		return;
	}
	if ((int)head > width)
		width = (int)head;
	if (width > s->wrap[col])
		s->wrap[col] = width;
}

enum xs_error
xs_side_table(struct xs_sheet *s, uint32_t row, int col, const char *subtitle,
    const struct xs_col *cols, int ncols, const char *const *cells, int nrows)
{
	if (s->side_cols != NULL || row < s->row || col < 1 || ncols < 1 ||
	    col + ncols >= XS_MAX_COLS || nrows < 0)
		return fail(s->book, XS_EUSAGE, "sheet %s: side table", s->name);
	if (subtitle != NULL && (s->side_subtitle = strdup(subtitle)) == NULL)
		return fail(s->book, XS_ENOMEM, "out of memory");
	s->side_cols = cols;
	s->side_cells = cells;
	s->side_ncols = ncols;
	s->side_nrows = nrows;
	s->side_col = col;
	s->side_row = row;
	s->side_done = 0;
	return XS_OK;
}

/* The side table's header row at r. */
static lxw_error
side_header(struct xs_sheet *s, uint32_t r)
{
	struct xs_book *b = s->book;
	int c, col = s->side_col;
	lxw_error err;

	err = worksheet_write_string(s->ws, r, (lxw_col_t)col, "NO", b->f_head);
	note_cell(s, r, col, "NO");
	note_width(s, col, 2 + 2);
	for (c = 0; c < s->side_ncols && err == LXW_NO_ERROR; c++) {
		err = worksheet_write_string(s->ws, r, (lxw_col_t)(col + 1 + c),
		    s->side_cols[c].name, b->f_head);
		note_cell(s, r, col + 1 + c, s->side_cols[c].name);
		note_width(s, col + 1 + c, utf8_chars(s->side_cols[c].name) + 2);
	}
	return err;
}

/* The side table's row i (0: subtitle, 1: header, then its rows). */
static enum xs_error
side_row(struct xs_sheet *s, int i)
{
	uint32_t r = s->side_row + (uint32_t)i, keep;
	int c, col = s->side_col;
	lxw_error err = LXW_NO_ERROR;
	enum xs_error e = XS_OK;
	char no[32];

	if (i == 0 && s->side_subtitle != NULL) {
		err = worksheet_write_string(s->ws, r, (lxw_col_t)col,
		    s->side_subtitle, s->book->f_line[XS_BOLD]);
		note_cell(s, r, col, s->side_subtitle);
	} else if (i == 1)
		err = side_header(s, r);
	else if (i > 1) {
		snprintf(no, sizeof no, "%d", i - 1);
		err = worksheet_write_number(s->ws, r, (lxw_col_t)col, i - 1,
		    s->book->f_no);
		note_cell(s, r, col, no);
		note_width(s, col, strlen(no));
		keep = s->row;
		s->row = r;	/* write_value writes at s->row */
		for (c = 0; c < s->side_ncols && e == XS_OK; c++)
			e = write_value(s, col + 1 + c, s->side_cols[c].kind,
			    s->side_cells[(i - 2) * s->side_ncols + c], 0);
		s->row = keep;
	}
	if (e == XS_OK && err != LXW_NO_ERROR)
		return lxw_fail(s, err, "side table");
	return e;
}

/* Write the side table's rows down to row upto (the next the sheet writes
 * itself), all of them at the end of the part (upto UINT32_MAX). */
static enum xs_error
flush_side(struct xs_sheet *s, uint32_t upto)
{
	enum xs_error e;

	while (s->side_cols != NULL && s->side_done < s->side_nrows + 2 &&
	    s->side_row + (uint32_t)s->side_done <= upto) {
		if ((e = side_row(s, s->side_done)) != XS_OK)
			return e;
		s->side_done++;
	}
	if (upto == UINT32_MAX && s->side_cols != NULL &&
	    s->side_row + (uint32_t)s->side_done > s->row)
		s->row = s->side_row + (uint32_t)s->side_done;
	return XS_OK;
}

void
xs_wrap_at(struct xs_sheet *s, const char *name, int chars)
{
	int c;
	size_t head;

	for (c = 0; c < s->ncols && s->cols != NULL; c++) {
		if (strcmp(s->cols[c].name, name) != 0 || !wraps(s, c + 1))
			continue;
		head = longest_word(name) + 2;
		s->wrap_at[c + 1] = chars > (int)head ? chars : (int)head;
		s->wrap[c + 1] = s->wrap_at[c + 1];	/* its header is written */
	}
}

void
xs_dropdown(struct xs_sheet *s, const char *name, const char *const *items)
{
	int c;

	for (c = 0; c < s->ncols && s->cols != NULL; c++)
		if (strcmp(s->cols[c].name, name) == 0) {
			s->dd_col = c + 1;
			s->dd_items = items;
		}
}

/* A row of lines lines of text: that many XS_LINE_PT high (one: as
 * Excel makes it). */
static enum xs_error
row_lines(struct xs_sheet *s, int lines)
{
	lxw_error err;

	if (lines <= 1 || s->keep_end)
		return XS_OK;
	if ((err = worksheet_set_row(s->ws, s->row, XS_LINE_PT * lines, NULL)) !=
	    LXW_NO_ERROR)
		return lxw_fail(s, err, "row height");
	return XS_OK;
}

/* The subtitle (if any) and header row of the table in progress. */
static enum xs_error
write_header(struct xs_sheet *s)
{
	struct xs_book *b = s->book;
	lxw_format *head = s->keep_end ? b->f_head : b->f_head_wrap;
	enum xs_error e;
	lxw_error err;
	size_t w;
	int c, lines = 1, n;

	if ((e = flush_side(s, s->row)) != XS_OK)
		return e;
	if (s->subtitle != NULL) {
		if ((err = worksheet_write_string(s->ws, s->row, 0, s->subtitle,
		    b->f_line[XS_BOLD])) != LXW_NO_ERROR)
			return lxw_fail(s, err, "subtitle");
		note_cell(s, s->row, 0, s->subtitle);
		s->row++;
		if ((e = flush_side(s, s->row)) != XS_OK)
			return e;
	}
	if ((err = worksheet_write_string(s->ws, s->row, 0, "NO",
	    head)) != LXW_NO_ERROR)
		return lxw_fail(s, err, "header");
	note_cell(s, s->row, 0, "NO");
	note_width(s, 0, 2 + 2);	/* the autofilter's button */
	for (c = 0; c < s->ncols; c++) {
		if ((err = worksheet_write_string(s->ws, s->row, (lxw_col_t)(c + 1),
		    s->cols[c].name, head)) != LXW_NO_ERROR)
			return lxw_fail(s, err, "header");
		note_cell(s, s->row, c + 1, s->cols[c].name);
		/* Its words (a line each at worst), and the filter's button. */
		w = (s->keep_end ? utf8_chars(s->cols[c].name) :
		    longest_word(s->cols[c].name)) + 2;
		note_width(s, c + 1, w);
		note_wrap(s, c + 1, s->cols[c].kind, w);
		/* At worst its column is as wide as its longest word. */
		n = xs_wrap_lines(s->cols[c].name, (int)w);
		if (n > lines)
			lines = n;
	}
	if ((e = row_lines(s, lines)) != XS_OK)
		return e;
	if (s->flags & XS_FILTER) {
		if (s->has_filter)
			return fail(b, XS_EUSAGE, "sheet %s: two filtered tables",
			    s->name);
		s->has_filter = s->in_filter = 1;
		s->frow = s->flast = s->row;
		s->fncols = s->ncols + 1;
		worksheet_freeze_panes(s->ws, s->row + 1, 0);
		if ((err = worksheet_repeat_rows(s->ws, s->row, s->row)) != LXW_NO_ERROR)
			return lxw_fail(s, err, "print titles");
	}
	s->row++;
	return XS_OK;
}

enum xs_error
xs_end_table(struct xs_sheet *s)
{
	enum xs_error e = XS_OK;

	if (s->ws != NULL)
		e = close_filter(s);
	s->cols = NULL;
	s->ncols = 0;
	s->flags = 0;
	memset(s->wrap_at, 0, sizeof s->wrap_at);
	s->dd_col = 0;
	s->dd_items = NULL;
	free(s->subtitle);
	s->subtitle = NULL;
	return e;
}

enum xs_error
xs_end_filter(struct xs_sheet *s)
{
	s->flags &= ~XS_FILTER;
	return s->ws != NULL ? close_filter(s) : XS_OK;
}

enum xs_error
xs_start_table(struct xs_sheet *s, const char *subtitle,
    const struct xs_col *cols, int ncols, int flags)
{
	enum xs_error e;

	if ((e = xs_end_table(s)) != XS_OK)
		return e;
	if (ncols < 1 || ncols + 1 > XS_MAX_COLS)
		return fail(s->book, XS_EUSAGE, "sheet %s: %d columns", s->name,
		    ncols);
	if (subtitle != NULL && (s->subtitle = strdup(subtitle)) == NULL)
		return fail(s->book, XS_ENOMEM, "out of memory");
	/* Subtitle, header and a first row together, or on the next part
	 * (which then writes them itself). */
	if ((e = ensure_room(s, (subtitle ? 1 : 0) + 2)) != XS_OK)
		return e;
	s->cols = cols;
	s->ncols = ncols;
	s->flags = flags;
	s->no = 0;	/* each table counts its own rows */
	return write_header(s);
}

/* One typed value at (s->row, col). */
static enum xs_error
write_value(struct xs_sheet *s, int col, enum xs_kind kind, const char *v,
    int bold)
{
	lxw_format *f = s->book->fmt[kind][bold ? 1 : 0];
	lxw_error err = LXW_NO_ERROR;
	lxw_datetime dt;
	char num[64];
	double d;
	int y, m, dd;

	if (v == NULL || *v == '\0') {
		/* Empty, but ruled like its neighbours. */
		if ((err = worksheet_write_blank(s->ws, s->row, (lxw_col_t)col,
		    f)) != LXW_NO_ERROR)
			return lxw_fail(s, err, "cell");
		return XS_OK;
	}
	note_cell(s, s->row, col, v);
	switch (kind) {
	case XS_DATE:
		if (xs_parse_date(v, &y, &m, &dd) && y >= 1900) {
			dt = (lxw_datetime){ y, m, dd, 0, 0, 0 };
			err = worksheet_write_datetime(s->ws, s->row, (lxw_col_t)col,
			    &dt, f);
			note_width(s, col, 10);
			break;
		}
		goto text;
	case XS_MONEY:
	case XS_COUNT:
	case XS_INT:
	case XS_PERCENT:
		if (!parse_number(v, &d))
			goto text;
		err = worksheet_write_number(s->ws, s->row, (lxw_col_t)col, d, f);
		if (kind == XS_PERCENT)
			snprintf(num, sizeof num, "%.1f", d);
		else if (kind == XS_INT)
			snprintf(num, sizeof num, "%.0f", d);
		else
			xs_format_count(num, sizeof num, (long long)d);
		note_width(s, col, strlen(num));
		break;
	case XS_ID:
	case XS_TEXT:
	case XS_CODES:
	case XS_SHORT:
	default:
	text:
		/* A number or date that is no number or date is plain text;
		 * nothing wraps on a sheet of fixed rows. */
		if ((kind != XS_ID && kind != XS_SHORT && kind != XS_WRAP &&
		    kind != XS_CODES) || (s->keep_end && kind != XS_ID &&
		    kind != XS_SHORT))
			f = s->book->fmt[XS_TEXT][bold ? 1 : 0];
		v = xs_cut_text(v, s->book->cut, XS_CUT_BUFSZ);
		err = worksheet_write_string(s->ws, s->row, (lxw_col_t)col, v, f);
		note_width(s, col, utf8_chars(v));
		break;
	}
	if (err != LXW_NO_ERROR)
		return lxw_fail(s, err, "cell");
	return XS_OK;
}

static enum xs_error
write_cells(struct xs_sheet *s, const char *const *vals,
    const enum xs_kind *kinds, int numbered)
{
	enum xs_error e;
	lxw_error err;
	char no[32];
	int c, n, lines = 1;

	if (s->cols == NULL)
		return fail(s->book, XS_EUSAGE, "sheet %s: a row outside a table",
		    s->name);
	if ((e = ensure_room(s, 1)) != XS_OK ||
	    (e = flush_side(s, s->row)) != XS_OK)
		return e;
	if (numbered) {
		s->no++;
		if ((err = worksheet_write_number(s->ws, s->row, 0, (double)s->no,
		    s->book->f_no)) != LXW_NO_ERROR)
			return lxw_fail(s, err, "NO");
		note_width(s, 0, (size_t)snprintf(no, sizeof no, "%lld", s->no));
		note_cell(s, s->row, 0, no);
	}
	for (c = 0; c < s->ncols; c++) {
		enum xs_kind k = kinds ? kinds[c] : s->cols[c].kind;

		if ((e = write_value(s, c + 1, k, vals[c], !numbered)) != XS_OK)
			return e;
		if ((k == XS_WRAP || k == XS_CODES) && wraps(s, c + 1) &&
		    vals[c] != NULL && (n = xs_wrap_lines(vals[c],
		    s->wrap[c + 1] + 2)) > lines)
			lines = n;
	}
	if ((e = row_lines(s, lines)) != XS_OK)
		return e;
	if (s->in_filter)
		s->flast = s->row;
	s->row++;
	return XS_OK;
}

enum xs_error
xs_write_row(struct xs_sheet *s, const char *const *vals)
{
	return write_cells(s, vals, NULL, 1);
}

enum xs_error
xs_write_row_kinds(struct xs_sheet *s, const char *const *vals,
    const enum xs_kind *kinds)
{
	return write_cells(s, vals, kinds, 1);
}

enum xs_error
xs_write_total(struct xs_sheet *s, const char *const *vals)
{
	return write_cells(s, vals, NULL, 0);
}

enum xs_error
xs_write_line(struct xs_sheet *s, int col, const char *text,
    enum xs_style style)
{
	enum xs_error e;
	lxw_error err;

	if ((e = xs_end_table(s)) != XS_OK || (e = ensure_room(s, 1)) != XS_OK ||
	    (e = flush_side(s, s->row)) != XS_OK)
		return e;
	if (text != NULL && *text != '\0' &&
	    (err = worksheet_write_string(s->ws, s->row, (lxw_col_t)col,
	    xs_cut_text(text, s->book->cut, XS_CUT_BUFSZ), s->book->f_line[style])) !=
	    LXW_NO_ERROR)
		return lxw_fail(s, err, "line");
	if (text != NULL && *text != '\0')
		note_cell(s, s->row, col, text);
	s->row++;
	return XS_OK;
}

enum xs_error
xs_skip_rows(struct xs_sheet *s, int n)
{
	enum xs_error e;

	for (; n > 0; n--) {
		if ((e = ensure_room(s, 1)) != XS_OK)
			return e;
		s->row++;
	}
	return XS_OK;
}

enum xs_error
xs_close_sheet(struct xs_sheet *s)
{
	enum xs_error e;
	int i;

	e = xs_end_table(s);
	if (s->ws != NULL && e == XS_OK)
		e = finish_part(s);
	for (i = 0; i < s->nheading; i++)
		free(s->heading[i]);
	s->nheading = 0;
	free(s->side_subtitle);
	s->side_subtitle = NULL;
	s->side_cols = NULL;
	s->ws = NULL;
	return e;
}
