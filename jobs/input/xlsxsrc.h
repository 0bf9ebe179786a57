/*
 * xlsxsrc.h — stream the rows of an XLSX workbook's first worksheet as the
 * same records csvsrc gives (struct csvsrc_rec), so the importer's header
 * search and load passes read a workbook exactly as they read a CSV file.
 * docs/xlsx.md says the same for people.
 *
 *   xlsxsrc_open   open the zip archive, find the first worksheet, read the
 *                  date system, the cell formats and the shared strings.
 *                  Refuses a file that is not a readable workbook.
 *   xlsxsrc_read   stream the worksheet, calling cb once per row; may be
 *                  called again (the importer reads the first rows to find
 *                  the header, then every row).
 *   xlsxsrc_close
 *
 * Which sheet.  The first <sheet> of xl/workbook.xml's <sheets> whose
 * relationship (xl/_rels/workbook.xml.rels, resolved like any OPC target)
 * is a worksheet; chart sheets are passed over.  With xlsxsrc_open_sheet,
 * the worksheet of the name asked for when there is one.  The file name is never
 * assumed: the first sheet may well be xl/worksheets/sheet3.xml.  The
 * workbook itself is found through _rels/.rels (officeDocument), else at
 * xl/workbook.xml.
 *
 * Records.
 *   - One record per Excel row from row 1 to the last row the sheet stores:
 *     rec->line is the Excel row number (what the user sees in Excel), rows
 *     the sheet does not store (Excel leaves out empty rows) are records
 *     with blank_line = 1, nfields = 0, raw "".  So the record count and
 *     line numbers are those of Excel's own CSV export of the sheet.  A
 *     <row> without r is the row after the previous one; a row whose r is
 *     not greater than the previous row's is numbered as the row after it
 *     (lines never go back).
 *   - Fields: a cell's column is its r attribute (B7 is field 1), a cell
 *     without r is the column after the previous cell; columns with no cell
 *     are empty fields.  A row's fields end at its last non-empty cell; a
 *     row with no non-empty cell is blank_line = 1, nfields = 0.  A cell
 *     left of (or in the column of) the cell before it is an error: the
 *     workbook is corrupt.
 *   - rec->raw is the row's fields joined by TAB (empty fields included,
 *     so they line up with the header), cut at raw_cap bytes on a character
 *     boundary; raw_truncated = 1 when it was cut or a field was.
 *   - has_nul: a NUL reached the text through an _x0000_ escape (XML itself
 *     cannot hold one); broken_quote is always 0.
 *
 * Cell values (the text a CSV export would hold, but never through a
 * double):
 *   shared string (t="s")   the string: rich-text runs <r><t> joined,
 *                           phonetic runs <rPh> left out
 *   inline string           the same from <is>
 *   formula string (str)    the cached <v> text
 *   strings of all three kinds have Excel's _xHHHH_ escapes decoded
 *                           (_x000D_ is CR, _x005F_ is "_")
 *   boolean (t="b")         TRUE or FALSE (what the cleaner's yes/no
 *                           columns accept)
 *   error (t="e")           its text: #N/A, #VALUE!, ...
 *   ISO date (t="d")        its first ten characters when they are
 *                           YYYY-MM-DD, else the text
 *   number (no t, t="n")    a date when the cell's format is a date
 *                           format (below), else the <v> text expanded
 *                           exactly, by moving the decimal point in the
 *                           digit string: plain digits stay as they are
 *                           ("0012" too); 9.171234567890123E+15 is
 *                           9171234567890123, 1E+3 is 1000, -2.5E-3 is
 *                           -0.0025; a fraction's trailing zeros go, and
 *                           with them a zero fraction (3325011203850001.0
 *                           is 3325011203850001, as writers that go
 *                           through a float write a whole number); an
 *                           exponent beyond +-400, or text that is not a
 *                           number, is kept as it is; white space around
 *                           the text (xsd:double allows it) is dropped.
 *   A string cell holding 3.32501E+15 is text and is kept as it is: the
 *   cleaner flags or rejects it as ID_RUSAK_EXCEL, as in a CSV file.
 *
 * Dates.  A number cell is a date when its cellXfs format is built-in
 * 14-17, 22, 27-36 or 50-58 (date, date and time, and the East Asian
 * locale dates), or a custom numFmt whose code has d or y, or m without h
 * or s (m next to h or s is minutes), outside quotes, [brackets] and the
 * character after \ _ or *.  Time-only formats (18-21, 45-47, [h]:mm) are
 * not dates.  The day is written YYYY-MM-DD (the time of day dropped), in
 * the workbook's system: 1900 (serial 1 is 1900-01-01, Excel's phantom
 * 1900-02-29 = 60 and 0 are kept as the number, which the cleaner finds
 * invalid) or 1904 (workbookPr date1904: serial 0 is 1904-01-01).  A serial
 * that is negative or past 9999-12-31 stays a number.
 *
 * Limits.  The archive's central directory sizes of every part read
 * (rels, workbook, styles, shared strings, sheet) must add up to at most
 * max_bytes (the configured file limit), and while inflating, a part that
 * gives more bytes than its header declares is refused: both are refused
 * as a possible zip bomb, before memory or time is spent on them.  At most
 * XLSXSRC_MAX_STRINGS shared strings, XLSXSRC_MAX_STYLES cell formats,
 * XLSXSRC_MAX_RELS relationships; rows up to 1,048,576 and columns up to
 * XFD (16,384), Excel's own limits.  A DTD in any part is refused (OOXML
 * has none; it is how entity bombs come in).
 *
 * Memory.  The sheet is inflated and parsed in chunks (libzip into expat);
 * only the row being read is held.  The shared strings are written to an
 * unlinked temporary file (tmpfile) as they are parsed and read back with
 * pread; memory holds only their offsets (8 bytes a string).  Field, record
 * and raw caps work as in csvsrc (opts: raw_cap, field_cap, max_fields,
 * rec_cap; delim is ignored): a cut field sets fields_truncated and
 * max_field_len still tells its length.
 *
 * Errors return XLSXSRC_REFUSED (-2) when the file is not a workbook rekon
 * can read (not a zip archive, no workbook, no worksheet, a missing part,
 * malformed XML, a zip bomb, a corrupt stream, limits): the importer
 * refuses the file; or -1 for the system (I/O, out of memory).  Both put a
 * message naming the file, and the part and row when they matter, in err.
 * The callback may return non-zero to stop: xlsxsrc_read returns 0 with
 * *stopped = 1.  The record is only valid during the callback.
 */
#ifndef REKON_XLSXSRC_H
#define REKON_XLSXSRC_H

#include <stddef.h>

#include "csvsrc.h"

#define XLSXSRC_REFUSED		(-2)

#define XLSXSRC_MAX_STRINGS	(16 * 1024 * 1024)
#define XLSXSRC_MAX_STYLES	(1024 * 1024)
#define XLSXSRC_MAX_RELS	65536
#define XLSXSRC_MAX_ROW		1048576L
#define XLSXSRC_MAX_COL		16384L
#define XLSXSRC_MAX_CONT	64	/* continuation sheets "<name> (2)" ... */

struct xlsxsrc;

/* max_bytes <= 0: no size limit (a part must still not inflate past its
 * declared size).  Returns 0, -1 or XLSXSRC_REFUSED. */
int	xlsxsrc_open(const char *path, long long max_bytes,
	    struct xlsxsrc **wb, char *err, size_t errsz);

/* The same, reading the worksheet named prefer (compared as Excel does,
 * without regard to case) when the workbook has one, else the first; prefer
 * NULL is xlsxsrc_open.  The decisions of rules.md §10 come back on the
 * Calon Ganda sheet of a workbook whose first sheet is Ringkasan. */
int	xlsxsrc_open_sheet(const char *path, long long max_bytes,
	    const char *prefer, struct xlsxsrc **wb, char *err, size_t errsz);

/* opts may be NULL (csvsrc's defaults); stopped may be NULL.  Returns 0,
 * -1 or XLSXSRC_REFUSED.
 *
 * Continuations.  When the preferred sheet was found and the caller gave
 * its header row (xlsxsrc_set_header), the sheets "<name> (2)", "<name>
 * (3)" ... that follow it (as rekon writes a list past Excel's row limit,
 * reports/xlsx_sheet.h) are read after it, in order while they go on: in
 * each, the rows up to and including the first row equal to the header
 * (its title block and repeated header) are passed over, and the rows
 * after it are numbered past the sheets before: line = (N - 1) x
 * XLSXSRC_MAX_ROW + the Excel row.  A continuation without that header
 * row is refused (its rows would be read as something else). */
int	xlsxsrc_read(struct xlsxsrc *wb, const struct csvsrc_opts *opts,
	    csvsrc_cb cb, void *arg, int *stopped, char *err, size_t errsz);

void	xlsxsrc_close(struct xlsxsrc *wb);

/* The header row (its raw, as a record gives it) a continuation repeats.
 * Returns 0 or -1 (out of memory). */
int	xlsxsrc_set_header(struct xlsxsrc *wb, const char *raw, size_t len);

/* How many continuation sheets follow the preferred one (0 when the
 * preferred sheet was not found). */
int	xlsxsrc_continuations(const struct xlsxsrc *wb);

/* The worksheet read: its name in the workbook and its part. */
const char *xlsxsrc_sheet_name(const struct xlsxsrc *wb);
const char *xlsxsrc_sheet_part(const struct xlsxsrc *wb);
size_t	xlsxsrc_shared_strings(const struct xlsxsrc *wb);

/*
 * A number cell's <v> text expanded as above into out (NUL-terminated).
 * Returns its length, or -1 when v is not a number or out is too small
 * (n + 410 bytes is always enough).
 */
int	xlsxsrc_expand_number(const char *v, size_t n, char *out,
	    size_t outsz);

/* Whether a custom number format code is a date format (rule above). */
int	xlsxsrc_numfmt_is_date(const char *code);

/* Bytes inflated at a time; 0 -> 64 KiB.  Process-wide, for tests. */
void	xlsxsrc_set_chunk_size(size_t n);

#endif
