/*
 * clean.h — how rekon cleans a value, the same for every kind of input.
 *
 * This is "Cleaning values" of inputs.md as code. Every function here is
 * pure: no I/O, no state, no allocation; results go into caller buffers.
 * All of it is safe to call from any thread.
 *
 * The usual order for a raw field:
 *
 *	n = clean_text(raw, rawlen, buf, sizeof buf);	// always first
 *	clean_upper(buf);				// nama
 *	clean_nama_kunci(buf, key, sizeof key);		// nama's match key
 *	clean_identifier(buf, id, sizeof id);		// nik, no_kk, noka
 *	clean_date(buf, period_year, &y, &m, &d);	// every date column
 *	clean_status(buf); clean_segmen(buf); ...	// coded values
 *
 * Buffers: a function that writes into (out, outsz) always NUL-terminates
 * when outsz > 0, never writes more than outsz bytes and never cuts a UTF-8
 * character in half; it returns the length of what it wrote. None of them
 * makes a value longer, so outsz >= strlen(in) + 1 always suffices, and
 * out may be the same buffer as in.
 *
 * Text is UTF-8 (the CSV reader decodes anything else first), but any
 * byte string is handled without harm: bytes that are not part of valid
 * UTF-8 count as one character each.
 */
#ifndef REKON_CLEAN_H
#define REKON_CLEAN_H

#include <stdbool.h>
#include <stddef.h>

/* ---- Text --------------------------------------------------------------- */

/*
 * Clean any text value: trim; fold runs of white space to one space; drop a
 * pair of " or ' around the whole value, then one leading apostrophe
 * (Excel's text marker), trimming again after each; "NULL" (any case), "-",
 * "0000-00-00" and "0000-00-00 00:00:00" become empty.
 *
 * White space is Unicode's White_Space set: ASCII TAB, LF, VT, FF, CR and
 * space, plus U+0085, U+00A0 (no-break space, common in Excel exports),
 * U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.
 * in need not be NUL-terminated; len is its length in bytes, but a NUL
 * byte before len ends the value (rows with one are rejected, BYTE_NUL).
 */
size_t clean_text(const char *in, size_t len, char *out, size_t outsz);

/*
 * Upper-case a cleaned name in place: ASCII a-z, and the Latin-1 letters
 * U+00E0..U+00FE except U+00F7 (division sign) encoded in UTF-8, to their
 * upper forms (same length). Every other byte is left alone. Does not
 * depend on the locale.
 */
void clean_upper(char *s);

/*
 * nama_kunci, the match key of a name: every character other than A-Z
 * becomes a space, runs of spaces fold to one, the ends are trimmed. A
 * multi-byte character is one character. ASCII a-z are upper-cased first,
 * so a caller that forgot clean_upper still gets the right key.
 *
 *	"MUH. ALI", "MUH ALI", "MUH.ALI"	-> "MUH ALI"
 *	"NUR'AINI", "NUR’AINI"			-> "NUR AINI"
 */
size_t clean_nama_kunci(const char *nama, char *out, size_t outsz);

/*
 * Fold a coded value or a header cell: upper case (as clean_upper); runs of
 * white space, '_', '.', '/', '-', '(' and ')' become one space; the ends
 * are trimmed. "Status_Peserta" and "STATUS  PESERTA" -> "STATUS PESERTA";
 * "NON-AKTIF" -> "NON AKTIF".
 */
size_t clean_fold(const char *in, char *out, size_t outsz);

/*
 * A kecamatan's (kelurahan 0) or kelurahan's (kelurahan 1) name as a web
 * user's place is compared (web.md): folded as a header cell, without a
 * leading KEC / KECAMATAN, or KEL / KELURAHAN / DESA word.
 * "Kel. Suka/Maju" -> "SUKA MAJU". 0, or -1 when empty or too long.
 */
int	clean_place_fold(const char *in, int kelurahan, char *out, size_t outsz);

/* ---- Identifiers -------------------------------------------------------- */

enum clean_id {
	CLEAN_ID_OK,		/* out holds the value (maybe not all digits) */
	CLEAN_ID_EMPTY,		/* nothing left: out is "" */
	CLEAN_ID_EXCEL		/* scientific notation, digits lost: out is "" */
};

/*
 * An identifier (nik, no_kk, noka) from a clean_text'ed value: drop white
 * space, dots and hyphens. A value in scientific notation ("3.32501E+15",
 * "3,32501E+15", "3.32501e15", "3E+15") has lost its digits in Excel: out
 * is emptied and CLEAN_ID_EXCEL returned (the row gets ID_RUSAK_EXCEL).
 * Validity is checked separately (clean_nik_valid, clean_noka).
 */
enum clean_id clean_identifier(const char *in, char *out, size_t outsz);

/*
 * Is nik a valid NIK? 16 digits; province code (digits 1-2) one of 11-19,
 * 21, 31-36, 51-53, 61-65, 71-76, 81, 82, 91-97; regency (3-4) and
 * district (5-6) not "00"; digits 7-12 a birth date DDMMYY, women with 40
 * added to the day (DD 01-31 or 41-71), that exists in 19YY or in 20YY
 * (290200 exists: 2000 is a leap year); serial (13-16) not "0000".
 * NULL is not valid. An invalid NIK is kept and flagged NIK_TIDAK_VALID.
 */
bool clean_nik_valid(const char *nik);

enum clean_noka {
	CLEAN_NOKA_OK,		/* 13 digits */
	CLEAN_NOKA_PADDED,	/* 1-12 digits, now left-padded with zeros */
	CLEAN_NOKA_INVALID	/* anything else, left as it is */
};

/*
 * Check a NOKA (an identifier from clean_identifier) in place. 1-12 digits
 * are the leading zeros Excel dropped: they are padded to 13, so the buffer
 * must hold at least 14 bytes (flag NOKA_DIPERBAIKI). Anything else,
 * including "", is CLEAN_NOKA_INVALID (flag NOKA_TIDAK_VALID).
 */
enum clean_noka clean_noka(char *noka);

/* ---- Dates -------------------------------------------------------------- */

enum clean_date {
	CLEAN_DATE_OK,
	CLEAN_DATE_EMPTY,	/* "" (after clean_text) */
	CLEAN_DATE_INVALID	/* flag TGL_TIDAK_VALID, store empty */
};

/*
 * A date from a clean_text'ed value. Accepted forms (day before month:
 * this is Indonesia):
 *
 *	YYYY-MM-DD
 *	DD-MM-YYYY  DD/MM/YYYY  DD.MM.YYYY	(one- or two-digit day, month)
 *	YYYYMMDD				(exactly 8 digits)
 *	DD-MM-YY  DD/MM/YY  DD.MM.YY		(YY <= period_year % 100 is
 *						 20YY, above it 19YY)
 *	an Excel serial (1900 system)		a whole number 1..2958465 of
 *						 other than 8 digits: 1..59
 *						 count from 1899-12-31, 60
 *						 (1900-02-29) is invalid, 61
 *						 and up from 1899-12-30
 *
 * Each may be followed by a time that is ignored: " " or "T", then H:MM or
 * HH:MM, optionally ":SS" and a fraction, optionally "Z" or a UTC offset
 * (+07:00, +0700). The separators of one date must be the same. Years
 * outside 1800..2200 and dates that do not exist are invalid. On
 * CLEAN_DATE_OK writes *y, *m, *d; otherwise sets them to 0.
 */
enum clean_date clean_date(const char *in, int period_year, int *y, int *m,
    int *d);

/* ---- Coded values ------------------------------------------------------- */

/*
 * Each takes a clean_text'ed value, folds it (clean_fold) and applies the
 * rules of inputs.md in the order written there; the first that matches
 * decides. A listed value matches the whole folded value; a listed number
 * matches a folded value of only digits with that value ("06" is 6);
 * "containing X" means X appears as whole words.
 */

/* 'L', 'P', or 0 when empty or not recognised. */
char clean_jenis_kelamin(const char *in);

enum clean_status {
	CLEAN_STATUS_EMPTY,	/* peserta: LAINNYA; segmen list: AKTIF */
	CLEAN_STATUS_AKTIF,
	CLEAN_STATUS_MENINGGAL,
	CLEAN_STATUS_NON_AKTIF,
	CLEAN_STATUS_KELUAR,
	CLEAN_STATUS_LAINNYA
};

/* CLEAN_STATUS_EMPTY only for an empty value; the caller applies the kind. */
enum clean_status clean_status(const char *in);
/* "AKTIF", "MENINGGAL", "NON_AKTIF", "KELUAR", "LAINNYA"; NULL for EMPTY. */
const char *clean_status_name(enum clean_status);

enum clean_segmen {
	CLEAN_SEGMEN_EMPTY,	/* peserta: PBPU_PEMDA; segmen: --segmen */
	CLEAN_SEGMEN_PBPU_PEMDA,
	CLEAN_SEGMEN_PBI_APBN,
	CLEAN_SEGMEN_PPU,
	CLEAN_SEGMEN_PBPU_MANDIRI,
	CLEAN_SEGMEN_BP,
	CLEAN_SEGMEN_LAINNYA
};

/* CLEAN_SEGMEN_EMPTY only for an empty value. The canonical names
 * ("PBPU_PEMDA", ...) fold to listed values, so they are accepted too. */
enum clean_segmen clean_segmen(const char *in);
/* "PBPU_PEMDA", "PBI_APBN", "PPU", "PBPU_MANDIRI", "BP", "LAINNYA";
 * NULL for EMPTY. */
const char *clean_segmen_name(enum clean_segmen);
/* For --segmen: a canonical name or anything clean_segmen recognises.
 * Returns CLEAN_SEGMEN_EMPTY for an empty or unknown value (so the command
 * line can refuse it), LAINNYA only for "LAINNYA" itself. */
enum clean_segmen clean_segmen_from_name(const char *name);

enum clean_hasil {
	CLEAN_HASIL_UNKNOWN,	/* reject the row: HASIL_TIDAK_DIKENAL */
	CLEAN_HASIL_GAGAL,
	CLEAN_HASIL_BERHASIL
};

/* GAGAL (GAGAL, DITOLAK, TIDAK BERHASIL, ERROR) is tried before BERHASIL
 * (BERHASIL, SUKSES, DITERIMA, TERDAFTAR, OK); whole values only. */
enum clean_hasil clean_hasil(const char *in);
/* "GAGAL", "BERHASIL"; NULL for UNKNOWN. */
const char *clean_hasil_name(enum clean_hasil);

/* keputusan (inputs.md `keputusan`): "SAMA" (SAMA, YA, S) or "BEDA" (BEDA,
 * TIDAK, B), whole folded values; NULL for anything else (the row is
 * rejected: KEPUTUSAN_TIDAK_DIKENAL). */
const char *clean_keputusan(const char *in);

/* desil: a whole number 1..10 ("03" is 3; "3.0", "3,0" are 3), else 0. */
int clean_desil(const char *in);

/* padan_dukcapil: "YA" (YA, Y, 1, PADAN, SUDAH PADAN) or "TIDAK" (TIDAK,
 * N, 0, TIDAK PADAN, BELUM PADAN); NULL for empty or anything else. */
const char *clean_padan(const char *in);

/* ada_* columns: 1 for Y, YA, 1, ADA, TRUE, V and the check marks √ ✓ ✔;
 * 0 for N, TIDAK, 0, TIDAK ADA, FALSE; -1 for empty or anything else. */
int clean_yatidak(const char *in);

/* jenis_usulan: "MUTASI" when the folded value contains the word MUTASI,
 * else "BARU" (empty is BARU). */
const char *clean_jenis_usulan(const char *in);

#endif
