/*
 * lzstring.h — LZ-string's decompressFromEncodedURIComponent, in C.
 *
 * BPJS's bridging API (VClaim) compresses its answers with lz-string
 * (pieroxy, 1.5.0) compressToEncodedURIComponent before encrypting them.
 * No Debian package decodes that, so this is a careful port of the
 * reference _decompress, checked against vectors made with the npm package
 * (tests/vclaim/make_lz_vectors.js, tests/fixtures/lzstring_vectors.txt).
 *
 * The contract:
 *
 * - Input: the text of compressToEncodedURIComponent, in the alphabet
 *   A-Z a-z 0-9 + - (a space counts as '+', as the reference does: a '+'
 *   that went through form decoding). Each character carries 6 bits, read
 *   from its most significant bit; codes are assembled least significant
 *   bit first, as the reference does. The reference's table also holds
 *   '$' (value 64, all six bits 0), which its compressor never writes: it
 *   is refused here.
 * - lz-string works on UTF-16 code units: the decoded units are turned
 *   into UTF-8, a high surrogate followed by a low one becoming one
 *   4-byte character. U+0000 is written as a 0 byte (out is also
 *   NUL-terminated, so use *outlen).
 * - Malformed input is refused, never guessed at, where the reference
 *   would return "" or null or garbage:
 *	LZ_ERR_EMPTY	 "" (the reference returns null; the compressed
 *			 form of "" is "Q", which decodes to "")
 *	LZ_ERR_CHAR	 a character outside the alphabet
 *	LZ_ERR_TRUNCATED the input ends before the end-of-stream code
 *	LZ_ERR_CODE	 a code naming no dictionary entry (nor the next)
 *	LZ_ERR_TRAILING	 characters after the end-of-stream code beyond the
 *			 one padding character the compressor may write
 *	LZ_ERR_SURROGATE a lone surrogate: UTF-16 that is no text
 *	LZ_ERR_TOO_LONG	 the output would pass maxout bytes of UTF-8 (a
 *			 decompression bomb; also caps memory)
 *	LZ_ERR_NOMEM	 out of memory
 * - Memory: the decoded UTF-16 units (2 bytes each), one (offset, length)
 *   pair per dictionary entry (every entry is a piece of the output), and
 *   the UTF-8 result; all bounded by maxout and the input's length.
 *   Nothing is read past in[len - 1] nor written past an allocation.
 *
 * Pure: no I/O, no global state; safe from any thread.
 */
#ifndef REKON_LZSTRING_H
#define REKON_LZSTRING_H

#include <stddef.h>

enum lz_err {
	LZ_OK = 0,
	LZ_ERR_EMPTY,
	LZ_ERR_CHAR,
	LZ_ERR_TRUNCATED,
	LZ_ERR_CODE,
	LZ_ERR_TRAILING,
	LZ_ERR_SURROGATE,
	LZ_ERR_TOO_LONG,
	LZ_ERR_NOMEM
};

/*
 * Decode in[0 .. len) into a malloc'd, NUL-terminated UTF-8 string *out
 * of *outlen bytes (the caller frees it). On error *out is NULL, *outlen
 * 0, and *errpos (when not NULL) the offset in `in` of the character
 * where the problem showed (LZ_ERR_CHAR, LZ_ERR_CODE, LZ_ERR_TRAILING;
 * len for the others). maxout is at most 1 GiB (larger is taken as 1 GiB).
 */
enum lz_err lz_decompress_uri(const char *in, size_t len, size_t maxout,
    char **out, size_t *outlen, size_t *errpos);

/* A short English text for an error, like strerror; never NULL. */
const char *lz_strerror(enum lz_err);

#endif
