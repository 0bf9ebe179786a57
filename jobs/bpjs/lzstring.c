/*
 * lzstring.c — LZ-string decompressFromEncodedURIComponent (see lzstring.h).
 *
 * A port of the reference _decompress (lz-string 1.5.0, libs/lz-string.js),
 * with the reference's names in the comments. Every dictionary entry of
 * LZ-string is a piece of the output already written (a literal, or the
 * previous piece plus the first unit of the next one), so the dictionary
 * holds (offset, length) pairs into the UTF-16 output instead of strings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lzstring.h"

#define LZ_MAXOUT_CAP	((size_t)1 << 30)

struct lz_bits {
	const char	*in;
	size_t		 len;
	size_t		 pos;	/* the character being read */
	unsigned	 mask;	/* its next bit: 32, 16, ... 1 */
};

struct lz_piece {
	uint32_t	 off;	/* in units of the output */
	uint32_t	 len;
};

struct lz_out {
	uint16_t	*u;
	size_t		 n;
	size_t		 cap;
	size_t		 max;	/* units allowed */
};

/* The 6-bit value of a character, or -1 when it is not in the alphabet. */
static int
lz_val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == ' ')
		return 62;
	if (c == '-')
		return 63;
	return -1;
}

/* n bits (n <= 31), the first read being the least significant. */
static enum lz_err
lz_read(struct lz_bits *b, unsigned n, uint32_t *v)
{
	unsigned i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (b->pos >= b->len)
			return LZ_ERR_TRUNCATED;
		if ((unsigned)lz_val((unsigned char)b->in[b->pos]) & b->mask)
			*v |= (uint32_t)1 << i;
		b->mask >>= 1;
		if (b->mask == 0) {
			b->mask = 32;
			b->pos++;
		}
	}
	return LZ_OK;
}

/* Room for k more units. */
static enum lz_err
lz_room(struct lz_out *o, size_t k)
{
	size_t ncap;
	uint16_t *nu;

	if (k > o->max - o->n)
		return LZ_ERR_TOO_LONG;
	if (o->n + k <= o->cap)
		return LZ_OK;
	ncap = o->cap < 256 ? 256 : o->cap;
	while (ncap < o->n + k)
		ncap = ncap > o->max / 2 ? o->max : ncap * 2;
	if ((nu = realloc(o->u, ncap * sizeof *nu)) == NULL)
		return LZ_ERR_NOMEM;
	o->u = nu;
	o->cap = ncap;
	return LZ_OK;
}

/* Append dictionary slot i (cap *dcap) growing the table when needed. */
static enum lz_err
lz_dict_put(struct lz_piece **d, size_t *dcap, size_t i, uint32_t off,
    uint32_t len)
{
	struct lz_piece *nd;
	size_t ncap;

	if (i >= *dcap) {
		ncap = *dcap < 64 ? 64 : *dcap * 2;
		if (ncap > SIZE_MAX / sizeof *nd)
			return LZ_ERR_NOMEM;
		if ((nd = realloc(*d, ncap * sizeof *nd)) == NULL)
			return LZ_ERR_NOMEM;
		*d = nd;
		*dcap = ncap;
	}
	(*d)[i].off = off;
	(*d)[i].len = len;
	return LZ_OK;
}

/* enlargeIn = 2^numBits; numBits++ (codes wider than 31 bits: refused,
 * they cannot come from an input shorter than a gigabyte). */
static enum lz_err
lz_enlarge(uint32_t *enlarge, unsigned *numbits)
{
	if (*numbits >= 31)
		return LZ_ERR_CODE;
	*enlarge = (uint32_t)1 << *numbits;
	(*numbits)++;
	return LZ_OK;
}

/* UTF-16 units to UTF-8, surrogate pairs combined, lone ones refused. */
static enum lz_err
lz_utf8(const uint16_t *u, size_t n, size_t max, char **out, size_t *outlen)
{
	size_t i, need = 0;
	uint32_t cp;
	char *s, *p;

	for (i = 0; i < n; i++) {
		if (u[i] < 0x80)
			need += 1;
		else if (u[i] < 0x800)
			need += 2;
		else if (u[i] >= 0xD800 && u[i] <= 0xDBFF) {
			if (i + 1 >= n || u[i + 1] < 0xDC00 || u[i + 1] > 0xDFFF)
				return LZ_ERR_SURROGATE;
			need += 4;
			i++;
		} else if (u[i] >= 0xDC00 && u[i] <= 0xDFFF)
			return LZ_ERR_SURROGATE;
		else
			need += 3;
		if (need > max)
			return LZ_ERR_TOO_LONG;
	}
	if ((s = malloc(need + 1)) == NULL)
		return LZ_ERR_NOMEM;
	p = s;
	for (i = 0; i < n; i++) {
		cp = u[i];
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (u[i + 1] - 0xDC00);
			i++;
		}
		if (cp < 0x80)
			*p++ = (char)cp;
		else if (cp < 0x800) {
			*p++ = (char)(0xC0 | cp >> 6);
			*p++ = (char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			*p++ = (char)(0xE0 | cp >> 12);
			*p++ = (char)(0x80 | (cp >> 6 & 0x3F));
			*p++ = (char)(0x80 | (cp & 0x3F));
		} else {
			*p++ = (char)(0xF0 | cp >> 18);
			*p++ = (char)(0x80 | (cp >> 12 & 0x3F));
			*p++ = (char)(0x80 | (cp >> 6 & 0x3F));
			*p++ = (char)(0x80 | (cp & 0x3F));
		}
	}
	*p = '\0';
	*out = s;
	*outlen = need;
	return LZ_OK;
}

enum lz_err
lz_decompress_uri(const char *in, size_t len, size_t maxout, char **out,
    size_t *outlen, size_t *errpos)
{
	struct lz_bits b = { in, len, 0, 32 };
	struct lz_out o = { NULL, 0, 0, 0 };
	struct lz_piece *dict = NULL;
	size_t i, dcap = 0, dictsize = 4, where = len;
	uint32_t next, c, lit, enlarge = 4, ws, wl, es, el;
	unsigned numbits = 3;
	enum lz_err e;

	*out = NULL;
	*outlen = 0;
	if (maxout > LZ_MAXOUT_CAP)
		maxout = LZ_MAXOUT_CAP;
	o.max = maxout;
	if (len == 0) {
		e = LZ_ERR_EMPTY;
		goto done;
	}
	for (i = 0; i < len; i++)
		if (lz_val((unsigned char)in[i]) < 0) {
			where = i;
			e = LZ_ERR_CHAR;
			goto done;
		}

	/* The first code: 2 bits, then the first literal (or the end). */
	if ((e = lz_read(&b, 2, &next)) != LZ_OK)
		goto done;
	if (next == 2)
		goto end;
	if (next == 3) {
		where = b.pos;
		e = LZ_ERR_CODE;
		goto done;
	}
	if ((e = lz_read(&b, next == 0 ? 8 : 16, &lit)) != LZ_OK ||
	    (e = lz_room(&o, 1)) != LZ_OK ||
	    (e = lz_dict_put(&dict, &dcap, 3, 0, 1)) != LZ_OK)
		goto done;
	o.u[o.n++] = (uint16_t)lit;
	ws = 0;		/* w: the piece just written */
	wl = 1;

	for (;;) {
		if ((e = lz_read(&b, numbits, &c)) != LZ_OK)
			goto done;
		if (c == 2)
			break;
		es = (uint32_t)o.n;	/* entry: the piece written now */
		if (c == 0 || c == 1) {
			/* dictionary[dictSize++] = f(bits); c = dictSize - 1 */
			if ((e = lz_read(&b, c == 0 ? 8 : 16, &lit)) != LZ_OK ||
			    (e = lz_room(&o, 1)) != LZ_OK ||
			    (e = lz_dict_put(&dict, &dcap, dictsize, es, 1)) !=
			    LZ_OK)
				goto done;
			o.u[o.n++] = (uint16_t)lit;
			dictsize++;
			el = 1;
			if (--enlarge == 0 && (e = lz_enlarge(&enlarge,
			    &numbits)) != LZ_OK) {
				where = b.pos < len ? b.pos : len;
				goto done;
			}
		} else {
			if (c < dictsize) {
				/* entry = dictionary[c] */
				el = dict[c].len;
				if ((e = lz_room(&o, el)) != LZ_OK)
					goto done;
				memcpy(o.u + o.n, o.u + dict[c].off,
				    el * sizeof *o.u);
				o.n += el;
			} else if (c == dictsize) {
				/* entry = w + w.charAt(0) */
				el = wl + 1;
				if ((e = lz_room(&o, el)) != LZ_OK)
					goto done;
				memcpy(o.u + o.n, o.u + ws, wl * sizeof *o.u);
				o.u[o.n + wl] = o.u[ws];
				o.n += el;
			} else {
				where = b.pos < len ? b.pos : len;
				e = LZ_ERR_CODE;
				goto done;
			}
		}
		/* dictionary[dictSize++] = w + entry.charAt(0): the entry
		 * follows w in the output, so that is one more unit of w. */
		if ((e = lz_dict_put(&dict, &dcap, dictsize, ws, wl + 1)) !=
		    LZ_OK)
			goto done;
		dictsize++;
		ws = es;
		wl = el;
		if (--enlarge == 0 && (e = lz_enlarge(&enlarge, &numbits)) !=
		    LZ_OK) {
			where = b.pos < len ? b.pos : len;
			goto done;
		}
	}
end:
	/* The compressor pads the last character, and writes one whole
	 * padding character when the end code filled it exactly. */
	if (len > b.pos + 1) {
		where = b.pos + 1;
		e = LZ_ERR_TRAILING;
		goto done;
	}
	e = lz_utf8(o.u, o.n, maxout, out, outlen);
done:
	free(dict);
	free(o.u);
	if (errpos != NULL)
		*errpos = e == LZ_OK ? 0 : where;
	return e;
}

const char *
lz_strerror(enum lz_err e)
{
	switch (e) {
	case LZ_OK:
		return "no error";
	case LZ_ERR_EMPTY:
		return "empty LZ-string";
	case LZ_ERR_CHAR:
		return "character outside the LZ-string URI alphabet";
	case LZ_ERR_TRUNCATED:
		return "LZ-string data ends before its end code";
	case LZ_ERR_CODE:
		return "LZ-string code names no dictionary entry";
	case LZ_ERR_TRAILING:
		return "characters after the LZ-string end code";
	case LZ_ERR_SURROGATE:
		return "LZ-string text holds a lone UTF-16 surrogate";
	case LZ_ERR_TOO_LONG:
		return "LZ-string text longer than allowed";
	case LZ_ERR_NOMEM:
		return "out of memory";
	}
	return "unknown LZ-string error";
}
