/*
 * csvsrc.h — stream the records of a delimited text file (CSV, ';', '|', TAB).
 *
 * Two passes over the file, both in fixed-size chunks, so memory does not
 * grow with the file:
 *
 *   csvsrc_scan   size, SHA-256 of the raw bytes, "is the whole file valid
 *                 UTF-8" (strict: no overlongs, no surrogates, nothing above
 *                 U+10FFFF, no sequence cut off at the end), "does it start
 *                 with a UTF-8 BOM".  Refuses a file over max_bytes.
 *   csvsrc_read   decode and parse, calling cb once per record.
 *
 * Decoding.  A valid UTF-8 file is passed through as is.  Any other file is
 * decoded byte by byte as Windows-1252 the WHATWG way: 0x00-0x7F as is,
 * 0x80-0x9F through the cp1252 table (the five bytes cp1252 leaves undefined,
 * 0x81 0x8D 0x8F 0x90 0x9D, become U+0081 U+008D U+008F U+0090 U+009D),
 * 0xA0-0xFF as U+00A0-U+00FF.  No byte is dropped, with one exception: a
 * leading UTF-8 BOM (EF BB BF) is a signature, not text, and is skipped in
 * both cases, so that a BOM file with one bad byte still has a header that
 * matches.  Records, fields and raw text are therefore always valid UTF-8
 * (though they may hold U+0000, see has_nul).
 *
 * Records.  The decoded stream is cut into physical lines after LF, after
 * CRLF and after a CR not followed by LF (mixed endings are fine).  Lines are
 * numbered from 1.  libcsv parses them with the given delimiter; a quoted
 * field may hold delimiters, doubled quotes and line breaks.
 *   - rec->line is the physical line on which the record began, however many
 *     line breaks earlier records held inside quotes.
 *   - A line that is empty, or holds only blanks (space, and TAB unless TAB is
 *     the delimiter), and is not inside a quoted field, is reported as a
 *     record with blank_line = 1, nfields = 0 and raw = the blanks.
 *   - A last line without a line break is a record; a file that ends with a
 *     line break has no empty record after it; an empty file has none at all.
 *   - rec->raw is the record's text as decoded (without the line break that
 *     ended it, with the ones inside quotes, as they were: CR, LF or CRLF),
 *     cut at raw_cap bytes on a character boundary (raw_truncated = 1).
 *   - Fields: unquoted fields lose surrounding blanks (libcsv does that;
 *     values are trimmed later anyway), quoted fields keep them inside the
 *     quotes.  A quote inside an unquoted field is data (ab"c stays ab"c).
 *     Text after a closing quote is appended to the field, as Excel and
 *     Python's csv do ("ab"c,d gives abc and d); libcsv alone would reopen
 *     the quote there and swallow the following lines into one field.
 *   - The file ends inside a quoted field (a quote that was never closed):
 *     ONE last record with broken_quote = 1, line = where it began, raw = all
 *     the text from there to the end (capped, without the file's last line
 *     break), fields as far as they go (the open field holds the rest of the
 *     file, line breaks included, cut at field_cap); the records before it
 *     are reported normally.  The importer rejects it as CSV_RUSAK, whatever
 *     its fields say.
 *
 * Limits (memory stays bounded whatever the file holds):
 *   - a field keeps at most field_cap bytes (cut on a character boundary;
 *     fields_truncated = 1); max_field_len still tells the field's length as
 *     read, so the importer's field-length check works whatever the cap.
 *     Pass a field_cap of at least the importer's limit, so that no field it
 *     accepts is cut.  (A field cut while longer than field_cap + 64 KiB may
 *     have max_field_len count trailing blanks libcsv trims afterwards.)
 *   - a record keeps at most max_fields fields; nfields_dropped counts the
 *     rest, and rec_cap bounds the bytes of all fields of one record.
 *   - libcsv's own field buffer is kept near field_cap too, so a broken
 *     quote in a 2 GB file does not hold the file in memory.
 *
 * The callback may return non-zero to stop: csvsrc_read then returns 0 with
 * *stopped = 1.  The record and everything it points to are only valid
 * during the callback.
 *
 * Errors (I/O, out of memory, file changed between the passes, bad options)
 * return -1 with a message naming the file in err.
 */
#ifndef REKON_CSVSRC_H
#define REKON_CSVSRC_H

#include <stddef.h>

struct csvsrc_info {
	long long size;
	char sha256_hex[65];
	int is_utf8;		/* whole file valid UTF-8 */
	int has_bom;		/* starts with EF BB BF */
};

struct csvsrc_rec {
	long line;		/* physical line where the record began, 1-based */
	size_t nfields;
	char **fields;		/* NUL-terminated, UTF-8 */
	size_t *lens;		/* byte lengths (as kept: at most field_cap) */
	const char *raw;	/* raw text, NUL-terminated, capped */
	size_t rawlen;
	int raw_truncated;
	int has_nul;		/* a 0x00 byte anywhere in the record's text */
	int blank_line;		/* empty/whitespace-only line, nfields == 0 */
	int broken_quote;	/* CSV_RUSAK: unterminated quote to end of file */
	size_t max_field_len;	/* longest field's byte length as read */
	int fields_truncated;	/* some field was cut at field_cap/rec_cap */
	size_t nfields_dropped;	/* fields beyond max_fields, not in fields[] */
};

typedef int (*csvsrc_cb)(const struct csvsrc_rec *rec, void *arg);

struct csvsrc_opts {
	char delim;		/* ',' ';' '|' or '\t'; 0 -> ',' */
	size_t raw_cap;		/* 0 -> 32767 */
	size_t field_cap;	/* 0 -> 1 MiB */
	size_t max_fields;	/* 0 -> 4096 */
	size_t rec_cap;		/* 0 -> 16 MiB: all fields of one record */
};

#define CSVSRC_RAW_CAP		32767
#define CSVSRC_FIELD_CAP	(1024 * 1024)
#define CSVSRC_MAX_FIELDS	4096
#define CSVSRC_REC_CAP		(16 * 1024 * 1024)
#define CSVSRC_CHUNK		(64 * 1024)

/*
 * Pass 1.  max_bytes <= 0 means no limit.  Returns 0, or -1 with err set
 * (a file over the limit: "... is N bytes, over the limit of M bytes").
 */
int	csvsrc_scan(const char *path, long long max_bytes,
	    struct csvsrc_info *info, char *err, size_t errsz);

/*
 * Pass 2.  info must come from csvsrc_scan of the same file; a file whose
 * size changed since is an error.  opts may be NULL (defaults, ',').
 * stopped may be NULL.  Returns 0 or -1.
 */
int	csvsrc_read(const char *path, const struct csvsrc_info *info,
	    const struct csvsrc_opts *opts, csvsrc_cb cb, void *arg,
	    int *stopped, char *err, size_t errsz);

/*
 * Guess the delimiter from a header line's text: the candidate among
 * , ; | TAB occurring most often outside quotes (ties: ; then , then | then
 * TAB).  A line with none of them gives ','.  Used only as a fallback.
 */
char	csvsrc_guess_delim(const char *line);

/*
 * Bytes read at a time by both passes (tests use tiny sizes); 0 -> 64 KiB.
 * Process-wide, not thread-safe: meant for tests.
 */
void	csvsrc_set_chunk_size(size_t n);

#endif
