/*
 * csvsrc.c — stream the records of a delimited text file.  See csvsrc.h for
 * the contract.
 *
 * How pass 2 works: a chunk is read, decoded to UTF-8 (or passed through),
 * and cut into physical lines.  Each line's text, then each byte of its line
 * break, goes to libcsv separately.  libcsv tells us when a row ends (its row
 * callback fires on the CR or LF); after a line break we look at its state to
 * know whether a quoted field goes on, the line was blank, or a new record
 * starts on the next line.  That is how line numbers survive quoted line
 * breaks: libcsv itself does not count lines.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <openssl/evp.h>

#include "csvsrc.h"
#include "recbuf.h"
#include "util.h"

/*
 * libcsv's parser states (libcsv.c, the same since 3.0).  They are not in
 * csv.h, but struct csv_parser is, and we read and adjust its state between
 * csv_parse() calls: to know whether a record goes on at a line break, to
 * carry on after a strict-mode complaint, and to bound its field buffer.
 */
#define LCSV_ROW_NOT_BEGUN	0
#define LCSV_FIELD_NOT_BEGUN	1
#define LCSV_FIELD_BEGUN	2
#define LCSV_MIGHT_HAVE_ENDED	3

/* libcsv grows its field buffer by this much (its default, 128, is slow). */
#define LCSV_BLK	(64 * 1024)
/* libcsv's field buffer is trimmed back once it is this far past field_cap. */
#define CLAMP_SLACK	(64 * 1024)
/* Trailing blanks kept when trimming (libcsv may still remove them). */
#define CLAMP_BLANKS	16

static size_t chunk_size = CSVSRC_CHUNK;

static const unsigned char utf8_bom[3] = { 0xEF, 0xBB, 0xBF };

void
csvsrc_set_chunk_size(size_t n)
{
	chunk_size = n ? n : CSVSRC_CHUNK;
}

/*
 * Fill buf with up to n bytes; short only at end of file, so that chunk
 * boundaries fall where the chunk size says (tests rely on it).
 * Returns the byte count, 0 at end of file, -1 on error.
 */
static ssize_t
read_chunk(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(fd, buf + got, n - got);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static int
is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* ---- pass 1 ------------------------------------------------------------ */

/*
 * Strict UTF-8 check that can stop anywhere (a sequence may straddle two
 * chunks).  The allowed second bytes follow Unicode table 3-7, which rules
 * out overlongs (C0, C1, E0 80-9F, F0 80-8F), surrogates (ED A0-BF) and code
 * points above U+10FFFF (F4 90-BF, F5-FF).
 */
struct u8check {
	unsigned	need;		/* continuation bytes still expected */
	unsigned char	lo, hi;		/* range of the next one */
	int		bad;
};

static void
u8_feed(struct u8check *u, const unsigned char *s, size_t n)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n && !u->bad; i++) {
		/* ASCII, the bulk of any list: eight bytes at a time. */
		if (u->need == 0) {
			uint64_t w;

			while (n - i >= 8) {
				memcpy(&w, s + i, 8);
				if (w & UINT64_C(0x8080808080808080))
					break;
				i += 8;
			}
			if (i == n)
				break;
		}
		c = s[i];
		if (u->need > 0) {
			if (c < u->lo || c > u->hi)
				u->bad = 1;
			u->need--;
			u->lo = 0x80;
			u->hi = 0xBF;
			continue;
		}
		if (c < 0x80)
			continue;
		u->lo = 0x80;
		u->hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			u->need = 1;
		else if (c == 0xE0) {
			u->need = 2;
			u->lo = 0xA0;
		} else if (c == 0xED) {
			u->need = 2;
			u->hi = 0x9F;
		} else if (c >= 0xE1 && c <= 0xEF)
			u->need = 2;
		else if (c == 0xF0) {
			u->need = 3;
			u->lo = 0x90;
		} else if (c >= 0xF1 && c <= 0xF3)
			u->need = 3;
		else if (c == 0xF4) {
			u->need = 3;
			u->hi = 0x8F;
		} else
			u->bad = 1;
	}
}

static int
u8_valid_end(const struct u8check *u)
{
	return !u->bad && u->need == 0;
}

static void
too_big(const char *path, long long size, int at_least, long long max,
    char *err, size_t errsz)
{
	if (at_least)
		util_errf(err, errsz, "%s: file is more than %lld bytes, over the"
		    " limit of %lld bytes", path, size, max);
	else
		util_errf(err, errsz, "%s: file is %lld bytes, over the limit of"
		    " %lld bytes", path, size, max);
}

int
csvsrc_scan(const char *path, long long max_bytes, struct csvsrc_info *info,
    char *err, size_t errsz)
{
	struct stat st;
	struct u8check u;
	EVP_MD_CTX *md = NULL;
	unsigned char *buf = NULL, dig[EVP_MAX_MD_SIZE], head[3];
	unsigned int diglen = 0, i;
	size_t headlen = 0, k;
	long long total = 0;
	ssize_t n;
	int fd, rc = -1;

	memset(info, 0, sizeof(*info));
	memset(&u, 0, sizeof(u));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		util_errf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		util_errf(err, errsz, "%s: %s", path, strerror(errno));
		goto out;
	}
	/* Refuse before reading a byte when we can tell already. */
	if (max_bytes > 0 && S_ISREG(st.st_mode) && st.st_size > max_bytes) {
		too_big(path, (long long)st.st_size, 0, max_bytes, err, errsz);
		goto out;
	}
	if ((buf = malloc(chunk_size)) == NULL ||
	    (md = EVP_MD_CTX_new()) == NULL) {
		util_errf(err, errsz, "%s: out of memory", path);
		goto out;
	}
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		util_errf(err, errsz, "%s: SHA-256 is not available", path);
		goto out;
	}
	while ((n = read_chunk(fd, buf, chunk_size)) > 0) {
		total += n;
		/* The file may grow while we read it. */
		if (max_bytes > 0 && total > max_bytes) {
			too_big(path, max_bytes, 1, max_bytes, err, errsz);
			goto out;
		}
		if (EVP_DigestUpdate(md, buf, (size_t)n) != 1) {
			util_errf(err, errsz, "%s: SHA-256 failed", path);
			goto out;
		}
		u8_feed(&u, buf, (size_t)n);
		for (k = 0; headlen < sizeof(head) && k < (size_t)n; k++)
			head[headlen++] = buf[k];
	}
	if (n == -1) {
		util_errf(err, errsz, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (EVP_DigestFinal_ex(md, dig, &diglen) != 1 || diglen != 32) {
		util_errf(err, errsz, "%s: SHA-256 failed", path);
		goto out;
	}
	for (i = 0; i < diglen; i++)
		snprintf(info->sha256_hex + 2 * i, 3, "%02x", dig[i]);
	info->size = total;
	info->is_utf8 = u8_valid_end(&u);
	info->has_bom = headlen == sizeof(head) &&
	    memcmp(head, utf8_bom, sizeof(head)) == 0;
	rc = 0;
out:
	EVP_MD_CTX_free(md);
	free(buf);
	close(fd);
	return rc;
}

/* ---- decoding ---------------------------------------------------------- */

/*
 * Windows-1252 as WHATWG defines it, for 0x80-0x9F; 0xA0-0xFF are
 * U+00A0-U+00FF.  The five bytes cp1252 leaves undefined map to the C1
 * control of the same value (glibc's iconv refuses them instead, which
 * would drop bytes).
 */
static const uint16_t cp1252_80[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* out must hold 3 * n bytes.  Returns the bytes written. */
static size_t
cp1252_decode(const unsigned char *s, size_t n, char *out)
{
	unsigned char *o = (unsigned char *)out;
	unsigned int cp;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < 0x80) {
			*o++ = s[i];
			continue;
		}
		cp = s[i] < 0xA0 ? cp1252_80[s[i] - 0x80] : s[i];
		if (cp < 0x800) {
			*o++ = (unsigned char)(0xC0 | (cp >> 6));
			*o++ = (unsigned char)(0x80 | (cp & 0x3F));
		} else {
			*o++ = (unsigned char)(0xE0 | (cp >> 12));
			*o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
			*o++ = (unsigned char)(0x80 | (cp & 0x3F));
		}
	}
	return (size_t)(o - (unsigned char *)out);
}

/*
 * How many of the first keep bytes of s[0..len) to keep so that no UTF-8
 * character is cut in two.
 */
static size_t
u8_cut(const char *s, size_t len, size_t keep)
{
	if (keep >= len)
		return len;
	while (keep > 0 && is_cont((unsigned char)s[keep]))
		keep--;
	return keep;
}

/* ---- pass 2: the reader ------------------------------------------------ */

struct rdr {
	struct csv_parser csv;
	int		 csv_ready;
	size_t		 raw_cap, field_cap, max_fields, rec_cap;

	/* The record being built. */
	struct recbuf	 rb;
	size_t		 nfields_dropped, max_field_len;
	size_t		 cur_dropped;	/* clamped out of the field in progress */
	int		 fields_truncated;
	char		*raw;		/* raw_cap + 1 bytes */
	size_t		 rawlen;
	int		 raw_truncated, has_nul;
	char		 pend[2];	/* last line's break, record going on */
	size_t		 pendlen;

	/* Where we are. */
	long		 line;		/* physical line being fed */
	long		 rec_line;	/* line where the record began */
	size_t		 line_bytes;	/* of this line so far, break included */
	int		 row_done;	/* libcsv ended a row */
	int		 line_reported;	/* this line's record went out */
	int		 pending_cr;	/* a chunk ended on CR: LF next? */

	csvsrc_cb	 cb;
	void		*arg;
	int		 nomem;
};

/*
 * libcsv treats space and TAB as blanks around fields by default.  With TAB
 * as the delimiter, a TAB must never be a blank, or "a\t\tb" would lose its
 * empty middle field.  libcsv 3.0.3 happens to check the delimiter first,
 * but only by the order of its tests; say it outright.
 */
static int
blank_sp(unsigned char c)
{
	return c == ' ';
}

/* libcsv's field callback. */
static void
on_field(void *data, size_t len, void *arg)
{
	struct rdr *r = arg;
	size_t full = len + r->cur_dropped, keep = len, room;

	r->cur_dropped = 0;
	if (full > r->max_field_len)
		r->max_field_len = full;
	if (r->rb.n >= r->max_fields) {
		r->nfields_dropped++;
		return;
	}
	if (keep > r->field_cap)
		keep = r->field_cap;
	room = recbuf_room(&r->rb, r->rec_cap);
	if (keep > room)
		keep = room;
	keep = u8_cut(data, len, keep);
	if (keep < full)
		r->fields_truncated = 1;
	if (recbuf_reserve(&r->rb, keep) == -1) {
		r->nomem = 1;
		return;
	}
	if (keep > 0)
		memcpy(recbuf_next(&r->rb), data, keep);
	recbuf_commit(&r->rb, keep);
}

/* libcsv's row callback: fires on the CR or LF that ends a row, or in fini. */
static void
on_row(int c, void *arg)
{
	struct rdr *r = arg;

	(void)c;
	r->row_done = 1;
}

/*
 * Keep libcsv's buffer for the field in progress near field_cap: an
 * unclosed quote would otherwise gather the rest of the file there.  The
 * first field_cap bytes stay; so does the end libcsv may still take off
 * (the closing quote and the blanks after it, or an unquoted field's
 * trailing blanks), shortened to CLAMP_BLANKS blanks.  What goes is counted
 * in cur_dropped, so on_field still learns the field's length.
 */
static void
clamp_field(struct rdr *r)
{
	struct csv_parser *p = &r->csv;
	unsigned char *b = p->entry_buf;
	size_t n = p->entry_pos, sp = p->spaces, end, head, keep_sp, i, mhe;

	if (p->pstate != LCSV_FIELD_BEGUN && p->pstate != LCSV_MIGHT_HAVE_ENDED)
		return;
	if (n <= CLAMP_SLACK || n - CLAMP_SLACK <= r->field_cap)
		return;
	mhe = p->pstate == LCSV_MIGHT_HAVE_ENDED ? 1 : 0;
	end = sp + mhe < n ? sp + mhe : n;
	head = n - end;
	if (head > r->field_cap)
		head = u8_cut((char *)b, n, r->field_cap);
	keep_sp = sp < CLAMP_BLANKS ? sp : CLAMP_BLANKS;
	i = head;
	if (mhe)
		b[i++] = b[n - sp - 1];		/* the closing quote */
	memmove(b + i, b + n - keep_sp, keep_sp);
	i += keep_sp;
	r->cur_dropped += n - i;
	p->entry_pos = i;
	p->spaces = keep_sp;
}

/*
 * Text after a closing quote: libcsv's buffer ends with the quote and the
 * blanks after it.  Drop the quote and go on as an unquoted field, the way
 * Excel and Python's csv read "ab"c.
 */
static void
unquote_after_close(struct csv_parser *p)
{
	size_t q = p->entry_pos - p->spaces - 1;

	memmove(p->entry_buf + q, p->entry_buf + q + 1, p->spaces);
	p->entry_pos--;
	p->quoted = 0;
	p->pstate = LCSV_FIELD_BEGUN;
}

/*
 * Feed bytes to libcsv.  It runs in strict mode only so that it stops at
 * the spots its lenient mode gets wrong, and we repair each one:
 *  - a quote inside an unquoted field (ab"c): kept as data, as the lenient
 *    mode would;
 *  - text after a closing quote ("ab"c, "ab" "c"): the lenient mode keeps
 *    the field quoted, so the next delimiters and line breaks become data
 *    and the records after it are swallowed; we make the field unquoted.
 */
static int
parse(struct rdr *r, const char *s, size_t n)
{
	struct csv_parser *p = &r->csv;
	size_t done;

	while (n > 0) {
		done = csv_parse(p, s, n, on_field, on_row, r);
		s += done;
		n -= done;
		if (r->nomem)
			return -1;
		if (n == 0)
			break;
		if (csv_error(p) != CSV_EPARSE)
			return -1;
		p->status = CSV_SUCCESS;
		if (p->pstate == LCSV_FIELD_BEGUN && !p->quoted) {
			/*
			 * csv_parse made room before reading the quote, so
			 * one byte fits.
			 */
			p->entry_buf[p->entry_pos++] = (unsigned char)*s;
			p->spaces = 0;
			s++;
			n--;
		} else if (p->pstate == LCSV_MIGHT_HAVE_ENDED)
			unquote_after_close(p);	/* and parse *s again */
		else
			return -1;	/* no other complaint exists */
	}
	clamp_field(r);
	return 0;
}

static void
raw_add(struct rdr *r, const char *s, size_t n)
{
	size_t room, k;

	if (!r->has_nul && memchr(s, '\0', n) != NULL)
		r->has_nul = 1;
	if (r->raw_truncated || n == 0)
		return;
	room = r->raw_cap - r->rawlen;
	if (n <= room) {
		memcpy(r->raw + r->rawlen, s, n);
		r->rawlen += n;
		return;
	}
	memcpy(r->raw + r->rawlen, s, room);
	k = r->rawlen + room;
	/* s[room] is the first byte left out: inside a character? */
	if (is_cont((unsigned char)s[room])) {
		while (k > 0 && is_cont((unsigned char)r->raw[k - 1]))
			k--;
		if (k > 0)
			k--;			/* the character's first byte */
	}
	r->rawlen = k;
	r->raw_truncated = 1;
}

static void
reset_record(struct rdr *r)
{
	recbuf_reset(&r->rb);
	r->nfields_dropped = 0;
	r->max_field_len = 0;
	r->cur_dropped = 0;
	r->fields_truncated = 0;
	r->rawlen = 0;
	r->raw_truncated = 0;
	r->has_nul = 0;
	r->pendlen = 0;
}

/* Hand the record to the callback.  Returns 1 when it asks to stop. */
static int
emit(struct rdr *r, int blank, int broken)
{
	struct csvsrc_rec rec;
	int stop;

	r->raw[r->rawlen] = '\0';
	memset(&rec, 0, sizeof(rec));
	rec.line = r->rec_line;
	rec.nfields = r->rb.n;
	rec.fields = recbuf_fields(&r->rb);
	rec.lens = r->rb.len;
	rec.raw = r->raw;
	rec.rawlen = r->rawlen;
	rec.raw_truncated = r->raw_truncated;
	rec.has_nul = r->has_nul;
	rec.blank_line = blank;
	rec.broken_quote = broken;
	rec.max_field_len = r->max_field_len;
	rec.fields_truncated = r->fields_truncated;
	rec.nfields_dropped = r->nfields_dropped;
	stop = r->cb(&rec, r->arg);
	reset_record(r);
	return stop ? 1 : 0;
}

/*
 * The first byte of a line that continues a record (inside quotes): the
 * previous line's break belongs to the record's text after all.
 */
static void
line_begins(struct rdr *r)
{
	char pend[2];
	size_t n;

	if (r->line_bytes > 0 || r->pendlen == 0)
		return;
	n = r->pendlen;
	memcpy(pend, r->pend, n);
	r->pendlen = 0;
	raw_add(r, pend, n);
}

/* A line's text, or part of it (no CR or LF in it). */
static int
feed_text(struct rdr *r, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	line_begins(r);
	raw_add(r, s, n);
	r->line_bytes += n;
	return parse(r, s, n);
}

/*
 * One byte of a line break (CR, or LF).  For CRLF this runs twice: libcsv
 * ends the row on the CR and skips the LF as an empty row, which it does
 * not report.
 */
static int
feed_break(struct rdr *r, char c)
{
	line_begins(r);
	r->line_bytes++;
	if (parse(r, &c, 1) == -1)
		return -1;
	if (r->row_done) {
		r->row_done = 0;
		r->line_reported = 1;
		return emit(r, 0, 0);
	}
	if (r->csv.pstate != LCSV_ROW_NOT_BEGUN) {
		/* Inside quotes: data, and raw text unless the file ends. */
		if (r->pendlen < sizeof(r->pend))
			r->pend[r->pendlen++] = c;
		return 0;
	}
	/* No field on this line and none going on: a blank line. */
	if (!r->line_reported) {
		r->line_reported = 1;
		return emit(r, 1, 0);
	}
	return 0;
}

static void
end_line(struct rdr *r)
{
	r->line++;
	r->line_bytes = 0;
	r->line_reported = 0;
	if (r->csv.pstate == LCSV_ROW_NOT_BEGUN)
		r->rec_line = r->line;
}

/*
 * Decoded text, cut into lines after LF, CRLF and a lone CR.  A CR at the
 * end of the text may be the first half of a CRLF cut by the chunk
 * boundary: the next call decides.  Returns 0, 1 (stop) or -1.
 */
static int
feed_decoded(struct rdr *r, const char *s, size_t n)
{
	size_t i = 0, j, lf = 0;
	int lf_known = 0;
	int rc;

	if (n == 0)
		return 0;
	if (r->pending_cr) {
		r->pending_cr = 0;
		if (s[0] == '\n') {
			i = 1;
			if ((rc = feed_break(r, '\n')) != 0)
				return rc;
		}
		end_line(r);
	}
	while (i < n) {
		const char *p;

		/* The line's end: the next LF (found once for the lines of a
		 * file of CRs), or a CR before it. */
		if (!lf_known || lf < i) {
			p = memchr(s + i, '\n', n - i);
			lf = p != NULL ? (size_t)(p - s) : n;
			lf_known = 1;
		}
		j = lf;
		if ((p = memchr(s + i, '\r', j - i)) != NULL)
			j = (size_t)(p - s);
		if ((rc = feed_text(r, s + i, j - i)) != 0)
			return rc;
		if (j == n)
			break;
		if ((rc = feed_break(r, s[j])) != 0)
			return rc;
		i = j + 1;
		if (s[j] == '\r') {
			if (i == n) {
				r->pending_cr = 1;
				break;
			}
			if (s[i] == '\n') {
				i++;
				if ((rc = feed_break(r, '\n')) != 0)
					return rc;
			}
		}
		end_line(r);
	}
	return 0;
}

/* End of file.  Returns 0, 1 (stop) or -1. */
static int
finish(struct rdr *r)
{
	struct csv_parser *p = &r->csv;
	int broken;

	if (r->pending_cr) {
		r->pending_cr = 0;
		end_line(r);
	}
	if (p->pstate == LCSV_ROW_NOT_BEGUN) {
		/* A last line without a break that held only blanks. */
		if (r->line_bytes > 0 && !r->line_reported)
			return emit(r, 1, 0);
		return 0;
	}
	/* A quoted field still open: the quote was never closed. */
	broken = p->pstate == LCSV_FIELD_BEGUN && p->quoted;
	r->pendlen = 0;		/* the last line break is not record text */
	if (csv_fini(p, on_field, on_row, r) != 0 || r->nomem)
		return -1;
	r->row_done = 0;
	return emit(r, 0, broken);
}

static int
rdr_init(struct rdr *r, const char *path, const struct csvsrc_opts *o,
    char *err, size_t errsz)
{
	char delim = o != NULL && o->delim != 0 ? o->delim : ',';

	memset(r, 0, sizeof(*r));
	if (delim != ',' && delim != ';' && delim != '|' && delim != '\t') {
		util_errf(err, errsz, "%s: unsupported delimiter 0x%02x", path,
		    (unsigned char)delim);
		return -1;
	}
	r->raw_cap = o != NULL && o->raw_cap ? o->raw_cap : CSVSRC_RAW_CAP;
	if (r->raw_cap > SIZE_MAX / 4)
		r->raw_cap = SIZE_MAX / 4;	/* malloc says no, not + 1 */
	r->field_cap = o != NULL && o->field_cap ? o->field_cap :
	    CSVSRC_FIELD_CAP;
	r->max_fields = o != NULL && o->max_fields ? o->max_fields :
	    CSVSRC_MAX_FIELDS;
	r->rec_cap = o != NULL && o->rec_cap ? o->rec_cap : CSVSRC_REC_CAP;
	r->line = r->rec_line = 1;
	r->raw = malloc(r->raw_cap + 1);
	if (r->raw == NULL || recbuf_reserve(&r->rb, 0) == -1 ||
	    csv_init(&r->csv, CSV_STRICT) != 0) {
		util_errf(err, errsz, "%s: out of memory", path);
		return -1;
	}
	r->csv_ready = 1;
	csv_set_delim(&r->csv, (unsigned char)delim);
	/* Other delimiters: libcsv's own test (space or TAB), inline instead
	 * of a call per byte. */
	csv_set_space_func(&r->csv, delim == '\t' ? blank_sp : NULL);
	csv_set_blk_size(&r->csv, LCSV_BLK);
	return 0;
}

static void
rdr_free(struct rdr *r)
{
	if (r->csv_ready)
		csv_free(&r->csv);
	free(r->raw);
	recbuf_free(&r->rb);
}

static void
parse_error(struct rdr *r, const char *path, char *err, size_t errsz)
{
	int st = csv_error(&r->csv);

	if (r->nomem || st == CSV_ENOMEM)
		util_errf(err, errsz, "%s: out of memory", path);
	else
		util_errf(err, errsz, "%s: CSV parser: %s", path,
		    csv_strerror(st));
}

int
csvsrc_read(const char *path, const struct csvsrc_info *info,
    const struct csvsrc_opts *opts, csvsrc_cb cb, void *arg, int *stopped,
    char *err, size_t errsz)
{
	struct rdr r;
	unsigned char *buf = NULL;
	char *dbuf = NULL;
	const char *text;
	long long total = 0;
	size_t bom_left, skip, len;
	ssize_t n = 0;
	int fd = -1, rc = -1, st = 0;

	if (stopped != NULL)
		*stopped = 0;
	if (info == NULL || cb == NULL) {
		util_errf(err, errsz, "%s: csvsrc_read needs the scan's info and "
		    "a callback", path);
		return -1;
	}
	if (rdr_init(&r, path, opts, err, errsz) == -1)
		goto out;
	r.cb = cb;
	r.arg = arg;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		util_errf(err, errsz, "%s: %s", path, strerror(errno));
		goto out;
	}
	if ((buf = malloc(chunk_size)) == NULL ||
	    (!info->is_utf8 && (dbuf = malloc(chunk_size * 3)) == NULL)) {
		util_errf(err, errsz, "%s: out of memory", path);
		goto out;
	}
	bom_left = info->has_bom ? sizeof(utf8_bom) : 0;
	while (st == 0 && (n = read_chunk(fd, buf, chunk_size)) > 0) {
		total += n;
		if (total > info->size)
			break;		/* grew since the scan: said below */
		skip = bom_left < (size_t)n ? bom_left : (size_t)n;
		bom_left -= skip;
		len = (size_t)n - skip;
		if (info->is_utf8)
			text = (const char *)buf + skip;
		else {
			len = cp1252_decode(buf + skip, len, dbuf);
			text = dbuf;
		}
		st = feed_decoded(&r, text, len);
	}
	if (st == 0 && n == -1) {
		util_errf(err, errsz, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (st == 0 && total != info->size) {
		util_errf(err, errsz, "%s: file changed since it was scanned "
		    "(%lld bytes, was %lld)", path, total, info->size);
		goto out;
	}
	if (st == 0)
		st = finish(&r);
	if (st == -1) {
		parse_error(&r, path, err, errsz);
		goto out;
	}
	if (st == 1 && stopped != NULL)
		*stopped = 1;
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	free(buf);
	free(dbuf);
	rdr_free(&r);
	return rc;
}

char
csvsrc_guess_delim(const char *line)
{
	/* In the order that wins a tie. */
	static const char cand[] = { ';', ',', '|', '\t' };
	size_t cnt[sizeof(cand)] = { 0 }, k, best = 0;
	int inq = 0;

	if (line == NULL)
		return ',';
	for (; *line != '\0'; line++) {
		if (*line == '"') {
			inq = !inq;
			continue;
		}
		if (inq)
			continue;
		for (k = 0; k < sizeof(cand); k++)
			if (*line == cand[k])
				cnt[k]++;
	}
	for (k = 1; k < sizeof(cand); k++)
		if (cnt[k] > cnt[best])
			best = k;
	return cnt[best] > 0 ? cand[best] : ',';
}
