/*
 * flags.h — the row flags of rules.md §3, one ordered table: the
 * workbooks' sheets (Ringkasan's counts, Ganda, Selisih), the JSON
 * summary's "flag" object and the configuration's sk_kecualikan (§4) all
 * read it.  The SQL rules (sql/rules/30_peserta.sql) are what set them.
 *
 * The order is §3's, HILANG last: the order of every list and count.
 *
 *   flags_array   the codes of a use as a PostgreSQL array literal
 *   flags_list    the codes of a use as a NULL-terminated list
 */
#ifndef REKON_FLAGS_H
#define REKON_FLAGS_H

#include <stddef.h>

enum flag_use {
	FLAG_ROW	= 1 << 0,	/* on a row of Bp (peserta_hasil.flags);
					   HILANG is a key's, not a row's */
	FLAG_GANDA	= 1 << 1,	/* rekonsiliasi sheet Ganda */
	FLAG_SELISIH	= 1 << 2,	/* rekonsiliasi sheet Selisih */
	FLAG_SK_ALLOWED	= 1 << 3,	/* may be listed in sk_kecualikan */
	FLAG_SK_REFUSED	= 1 << 4	/* may not: the SK handles it itself */
};

struct flag {
	const char	*code;
	unsigned	 use;		/* enum flag_use bits */
};

/* Every flag, in order; code NULL ends it. */
extern const struct flag flags[];

/* "{A,B,...}" of the codes with every bit of use (0: all) into buf: 0, or
 * -1 when it does not fit. */
int	 flags_array(unsigned use, char *buf, size_t bufsz);

/* The codes with every bit of use (0: all) into out, NULL after the last
 * (out holds at most n, the NULL included): how many. */
size_t	 flags_list(unsigned use, const char **out, size_t n);

#endif
