/*
 * xlsx_sheet.h — the conventions of outputs.md "Conventions for every list
 * sheet", on top of libxlsxwriter, so that each report only says what goes
 * where.
 *
 * A book is one workbook, always written in libxlsxwriter's constant_memory
 * mode: each sheet's rows go straight to a temporary file, so a list of a
 * million rows costs no more memory than one of ten.  The price is that the
 * rows of a sheet must be written top to bottom; this module only ever moves
 * down, and sheets are written one after another.
 *
 * The contract of every sheet made here:
 * - Rows 1-3 hold the title block: the office (and the region's name when the
 *   office does not already say it), "<title> — <period label>", and
 *   "Dibuat <when>".  Row 4 is blank.  A sheet may instead carry its own
 *   heading lines (the SK lampiran), followed by one blank row.
 * - A table is an optional bold subtitle row, then its header row, whose first
 *   cell is "NO", then its data rows.  NO is a running number (1, 2, ... in
 *   each table) written by this module; the caller gives the other cells.  A list sheet has one table and
 *   it is the "filtered" one: its header row is frozen, carries the
 *   autofilter (down to its last row) and is repeated on every printed page.
 * - Cells are typed by their column's kind (enum xs_kind).  Every value comes
 *   in as text, as PostgreSQL gives it; NULL or "" leaves the cell empty.
 *   Numbers that do not parse, and dates that are not 'YYYY-MM-DD' from 1900
 *   on, are written as the text they are rather than lost.
 * - Text longer than Excel's 32,767 characters (counted as Excel counts them,
 *   in UTF-16 units) is cut to fit, ending in "…".
 * - "Number stored as text" warnings are off for the whole sheet: every text
 *   cell here is text on purpose (NIK, No KK, NOKA, RT "001", KD FASKES).
 * - Columns are as wide as their widest cell (header and data rows; the title
 *   block and free lines overflow to the right instead), at most
 *   XS_WIDTH_MAX characters.  Free text (XS_WRAP) and codes (XS_CODES) wrap
 *   in their cells instead, at most XS_WRAP_WIDTH and XS_CODES_WIDTH
 *   characters wide (or what xs_wrap_at says), so that a list prints one
 *   page wide at 8 pt or more.  A row whose wrapped cell needs more lines
 *   gets the height of that many (xs_wrap_lines x XS_LINE_PT): neither
 *   LibreOffice nor every Excel fits rows to wrapped text on opening a
 *   file.  Every table cell is top-aligned, so a wrapped row reads from its
 *   top line.  A header row wraps at its spaces: a column is as wide as its
 *   header's longest word needs ("JENIS USULAN" over "BARU"), not its
 *   whole header, and a header row of two-word headers is two lines high.
 * - Print: landscape, one page wide, footer "Halaman &P dari &N" (centred),
 *   margins XS_MARGIN_LR and XS_MARGIN_TB, on the book's paper
 *   (xs_info.paper), or a sheet's own (xs_set_paper).  When a heading line
 *   is wider than the columns in use, the print area takes in empty columns
 *   until it fits (Excel would cut it off).
 * - A sheet made with XS_KEEP_END (the SK lampiran) has rows of one fixed
 *   height, XS_ROW_PT, and page breaks of its own: a page's worth of list
 *   rows each (xs_page_rows), the last break moved so that the last printed
 *   page holds at least XS_KEEP_ROWS rows of the list and everything written
 *   after it (xs_keep_breaks).  Nothing wraps on such a sheet, its
 *   header row neither.
 * - A sheet whose rows reach the book's row limit (Excel's 1,048,576 unless
 *   xs_info.max_rows says less) continues on a new sheet named
 *   "<name> (2)", "<name> (3)" ..., placed right after it, which repeats the
 *   title block and the header row of the table in progress; NO keeps
 *   counting.
 *
 * Errors: every function returns an enum xs_error; on anything but XS_OK the
 * book's msg says what failed (with libxlsxwriter's own words), and the book
 * must still be closed with xs_close_book (whose file the caller then
 * discards).
 */
#ifndef REKON_XLSX_SHEET_H
#define REKON_XLSX_SHEET_H

#include <stddef.h>
#include <stdint.h>

#include <xlsxwriter.h>

#define XS_EXCEL_ROWS	1048576UL	/* rows in an Excel sheet */
#define XS_MAX_COLS	24		/* columns of a table, NO included */
#define XS_MAX_HEADING	7		/* heading lines of a sheet */
#define XS_WIDTH_MAX	60		/* widest column, in characters */
#define XS_CELL_MAX	32767		/* Excel's cell limit, UTF-16 units */
#define XS_PAPER_FOLIO	14		/* Excel's paper index for F4/Folio, 8.5 x 13 in */
#define XS_PAPER_A4	9		/* Excel's paper index for A4 */
#define XS_NAME_MAX	31		/* characters in a sheet name */
#define XS_CUT_BUFSZ	(XS_CELL_MAX * 4 + 4)	/* for xs_cut_text */
#define XS_DIGEST_BUFSZ	65536			/* xs_digest's input buffer */

/* The printed page (docs/decisions.md, "The printed page, second part"). */
#define XS_MARGIN_LR	0.5	/* left and right margins, inches */
#define XS_MARGIN_TB	0.75	/* top and bottom margins (header, footer inside) */
#define XS_WRAP_WIDTH	40	/* characters: a free-text column's widest */
#define XS_CODES_WIDTH	20	/* ... a codes column's: one code (18) a line */
#define XS_LINE_PT	15	/* a line of Calibri 11 in a wrapped row */
#define XS_ROW_PT	15.75	/* a row on an XS_KEEP_END sheet: 21 px at 96 dpi */
#define XS_KEEP_ROWS	3	/* list rows kept on the page of what follows */
#define XS_SCALE_SLACK	5	/* percent points above Excel's expected scale */
#define XS_MAX_BREAKS	1023	/* Excel's limit of page breaks on a sheet */

enum xs_kind {
	XS_TEXT,	/* text, cut at XS_CELL_MAX with "…" */
	XS_CODES,	/* codes of rules.md joined by ", ": text, wrapped */
	XS_ID,		/* NIK, No KK, NOKA: a text cell (format "@") */
	XS_DATE,	/* 'YYYY-MM-DD' in; a date cell shown dd-mm-yyyy */
	XS_MONEY,	/* rupiah: a number shown #,##0 */
	XS_COUNT,	/* people or rows: #,##0, red when negative (sisa) */
	XS_INT,		/* a plain whole number (a line number) */
	XS_PERCENT,	/* 98.6 shown with one decimal */
	XS_SHORT,	/* a short code (JK: L/P): text, centred */
	XS_WRAP,	/* free text (KETERANGAN, ISI): wrapped, width capped */
	XS_KINDS
};

struct xs_col {
	const char	*name;	/* header text */
	enum xs_kind	 kind;
};

enum xs_error {
	XS_OK = 0,
	XS_ENOMEM,		/* out of memory */
	XS_ELXW,		/* libxlsxwriter refused; msg has its reason */
	XS_EUSAGE		/* this module was used wrongly (a bug) */
};

/* Line styles for xs_write_line. */
enum xs_style {
	XS_PLAIN,
	XS_BOLD,
	XS_BOLD_UNDERLINE
};

/* Table flags for xs_start_table. */
#define XS_FILTER	0x1	/* the sheet's list: frozen, autofilter, print titles */

/* Sheet flags for xs_add_sheet_heading_at. */
#define XS_KEEP_END	0x1	/* fixed rows, own page breaks (see above) */

struct xs_info {
	const char	*office;	/* config region.office; may be "" */
	const char	*region;	/* config region.name; may be "" */
	const char	*period_label;	/* "November 2026" */
	const char	*made;		/* "21 November 2026 pukul 09.13 WIB" */
	const char	*tmpdir;	/* libxlsxwriter's temporary files; NULL: system */
	unsigned long	 max_rows;	/* rows per sheet; 0: XS_EXCEL_ROWS */
	uint8_t		 paper;		/* every sheet's paper (XS_PAPER_*); 0:
					   the printer's */
};

struct xs_book {
	lxw_workbook	*wb;
	lxw_format	*fmt[XS_KINDS][2];	/* [kind][bold] */
	lxw_format	*f_no;
	lxw_format	*f_title[3];
	lxw_format	*f_head;		/* header row */
	lxw_format	*f_head_wrap;		/* ... wrapping at its spaces */
	lxw_format	*f_line[3];		/* enum xs_style */
	char		 title1[512];
	char		 period[64];
	char		 made[128];
	unsigned long	 max_rows;
	uint8_t		 paper;			/* each new sheet's */
	char		*cut;			/* XS_CUT_BUFSZ: a cell's cut text */
	char		 msg[512];		/* what went wrong */
	void		*digest;		/* xs_digest_start: EVP_MD_CTX */
	unsigned char	*dbuf;			/* its input, XS_DIGEST_BUFSZ */
	size_t		 dlen;
	const struct xs_sheet *dsheet;		/* the sheet and part last */
	int		 dpart;			/* given to it */
	char		 dname[XS_NAME_MAX * 4 + 1];
};

struct xs_sheet {
	struct xs_book	*book;
	lxw_worksheet	*ws;
	char		 name[XS_NAME_MAX * 4 + 1];	/* base name, UTF-8 */
	int		 part;				/* 1, 2, ... */
	char		*heading[XS_MAX_HEADING];
	int		 nheading;
	int		 heading_fmt;		/* 0: title block, 1: heading lines */
	int		 heading_col;		/* the heading lines' column */
	int		 one_page;		/* xs_one_page */
	int		 keep_end;		/* XS_KEEP_END */
	uint8_t		 paper;			/* 0: printer default */

	/* The table in progress (cols NULL between tables). */
	const struct xs_col *cols;
	int		 ncols;			/* without NO */
	int		 flags;
	char		*subtitle;
	int		 wrap_at[XS_MAX_COLS];	/* xs_wrap_at's widths */
	int		 dd_col;		/* xs_dropdown's column, 0: none */
	const char *const *dd_items;		/* ... and its choices */

	uint32_t	 row;		/* next row to write, 0-based */
	long long	 no;		/* the last NO written */

	/* The filtered table on this part: header row, last row, width. */
	int		 has_filter;
	int		 in_filter;	/* still being written */
	uint32_t	 frow, flast;
	int		 fncols;

	double		 width[XS_MAX_COLS];	/* characters, per column */
	int		 wrap[XS_MAX_COLS];	/* a wrapped column's width */
	int		 nowrap[XS_MAX_COLS];	/* a table's column here does not wrap */
	uint32_t	 ext_row;		/* xs_note_extent, this part */
	int		 ext_col;

	/* The table beside the others (xs_side_table), on this part. */
	const struct xs_col *side_cols;
	const char *const *side_cells;
	char		*side_subtitle;
	int		 side_ncols, side_nrows, side_col;
	uint32_t	 side_row;		/* its subtitle's row */
	int		 side_done;		/* its rows written so far */
};

/*
 * Create the workbook at path (libxlsxwriter writes it on xs_close_book)
 * with the formats every sheet uses.  info's strings are copied.
 */
enum xs_error xs_open_book(struct xs_book *b, const char *path,
    const struct xs_info *info);

/* The zlib level the book's parts are compressed at (Z_BEST_SPEED; zlib's
 * default, 6, is what libxlsxwriter alone would use): see deflateInit2_ in
 * xlsx_sheet.c. */
#define XS_ZIP_LEVEL 1

/* Write the file and free the book.  Call it also after an error (the file
 * is then not to be used); returns the first error of the close itself.
 * Its parts are compressed at XS_ZIP_LEVEL. */
enum xs_error xs_close_book(struct xs_book *b);

/*
 * The digest of what a book prints: started before its first sheet, every
 * cell written from then on (sheet, row, column and the text or number as
 * it was given; the title block's "Dibuat ..." line excepted) goes into a
 * SHA-256, which xs_digest_hex gives as 64 hex digits and a NUL.  Two books
 * with the same digest print the same on every sheet, whenever they were
 * made (the SK approval chain compares them: web.md).
 */
enum xs_error xs_digest_start(struct xs_book *b);
enum xs_error xs_digest_hex(struct xs_book *b, char hex[65]);

/* A new sheet with the standard title block; s is the caller's and lives
 * until xs_close_sheet. */
enum xs_error xs_add_sheet(struct xs_book *b, struct xs_sheet *s,
    const char *name, const char *title);

/* A new sheet headed by lines of the caller's (at most XS_MAX_HEADING),
 * the first one bold, instead of the title block. */
enum xs_error xs_add_sheet_heading(struct xs_book *b, struct xs_sheet *s,
    const char *name, const char *const *lines, int nlines);

/* The same, the lines as a block from column col (0: A): a line holding a
 * TAB puts what follows it in the next column, so "NOMOR\t: 440/1" aligns
 * its colon with the lines below (an SK lampiran's heading, on the
 * right).  flags: 0 or XS_KEEP_END. */
enum xs_error xs_add_sheet_heading_at(struct xs_book *b, struct xs_sheet *s,
    const char *name, const char *const *lines, int nlines, int col,
    int flags);

/* Column col of the part being written is at least chars wide (a heading
 * block that must fit in the columns in use). */
void	xs_min_width(struct xs_sheet *s, int col, size_t chars);

/* Print this sheet on one page (a summary: Ringkasan), not one page wide
 * and as long as it takes. */
void	xs_one_page(struct xs_sheet *s);

/* Paper for this sheet and its continuations (XS_PAPER_FOLIO for F4). */
void	xs_set_paper(struct xs_sheet *s, uint8_t paper);

/*
 * Start a table at the next row: the subtitle row (when not NULL), then the
 * header row NO, cols[0].name, ...  cols must outlive the table.  With
 * XS_FILTER it is the sheet's list; a sheet has at most one.
 */
enum xs_error xs_start_table(struct xs_sheet *s, const char *subtitle,
    const struct xs_col *cols, int ncols, int flags);

/* A data row: NO, then vals[0..ncols-1] typed by the columns. */
enum xs_error xs_write_row(struct xs_sheet *s, const char *const *vals);

/* The same with a kind per value instead of the column's (a summary whose
 * rows hold different things). */
enum xs_error xs_write_row_kinds(struct xs_sheet *s, const char *const *vals,
    const enum xs_kind *kinds);

/* A bold row without a NO (subtotals, totals). */
enum xs_error xs_write_total(struct xs_sheet *s, const char *const *vals);

/*
 * A table beside what the sheet goes on to write (a legend to the right of
 * a summary's tables): its subtitle (bold) in row `row` (0-based, at or
 * below the next row to write), column col; below it the header row (NO,
 * cols' names) and nrows rows (NO, then ncols cells each from cells, row
 * by row, typed by cols).  A book writes a sheet's rows top to bottom, so
 * its rows are written as the sheet's own rows reach them, and those left
 * when the part is finished.  One a part; cols and cells must live until
 * then.
 */
enum xs_error xs_side_table(struct xs_sheet *s, uint32_t row, int col,
    const char *subtitle, const struct xs_col *cols, int ncols,
    const char *const *cells, int nrows);

/* The table in progress wraps its column headed `name` (XS_WRAP or
 * XS_CODES) at chars characters instead of its kind's width (never below
 * its header's longest word): a sheet of many columns (usulan's ALAMAT).
 * Call it before the table's rows. */
void	xs_wrap_at(struct xs_sheet *s, const char *name, int chars);

/* End the table in progress (the filter, if it was the list, stops here). */
enum xs_error xs_end_table(struct xs_sheet *s);

/* The list of the filtered table in progress ends here, the table does
 * not: rows written after it (a total, xs_write_total) are outside the
 * autofilter, so sorting the list never moves them; a continuation part
 * they spill onto repeats the header without a filter. */
enum xs_error xs_end_filter(struct xs_sheet *s);

/* A line of free text in column col of the next row (ends any table). */
enum xs_error xs_write_line(struct xs_sheet *s, int col, const char *text,
    enum xs_style style);

/* Leave n rows empty. */
enum xs_error xs_skip_rows(struct xs_sheet *s, int n);

/* The filtered table in progress offers, in each data row of its column
 * headed `name`, a drop-down of items (NULL-terminated, kept by the caller
 * until the table ends); another value is refused with a message naming
 * them.  On every part of the sheet.  Call it before the table's rows. */
void	xs_dropdown(struct xs_sheet *s, const char *name,
	    const char *const *items);

/* The 0-based row the next write goes to, and the sheet being written
 * (the current continuation), e.g. to place a chart. */
uint32_t xs_next_row(const struct xs_sheet *s);
lxw_worksheet *xs_worksheet(const struct xs_sheet *s);
/* The current part's sheet name ("Ganda", "Ganda (2)") into buf. */
void	xs_part_name(const struct xs_sheet *s, char *buf, size_t bufsz);

/* Something beside the cells (a chart) reaches down to last_row and right
 * to last_col on the current part: the heading check counts it. */
void	xs_note_extent(struct xs_sheet *s, uint32_t last_row, int last_col);

/* Finish the sheet: column widths, autofilter, print set-up. */
enum xs_error xs_close_sheet(struct xs_sheet *s);

const char *xs_strerror(enum xs_error e);

/*
 * The printed page's arithmetic, pure (tests/unit/test_reports.c).
 *
 * xs_col_pixels: a column of width w (characters of the font's widest
 *   digit, as libxlsxwriter and Excel store it) is trunc(w * 7 + 0.5) + 5
 *   pixels at 96 dpi for Calibri 11 (trunc(w * 12 + 0.5) below 1); a pixel
 *   is 0.75 pt.
 * xs_fit_scale: the scale Excel gives "one page wide": the printable width
 *   (paper_pt, the paper's long side less both side margins) over the
 *   printed columns' width, in whole percent rounded down, from 10 to 100.
 * xs_page_rows: rows of row_pt a page holds at scale percent: the page's
 *   usable height (usable_pt: the short side less the top and bottom
 *   margins) over the printed row, row_pt * scale / 100, rounded down.
 * xs_wrap_lines: the lines text takes in a column of width characters
 *   (its width less the 2 characters of room this module adds), words
 *   kept whole but for a word longer than a line; "" takes 1.
 * xs_paper_pt: the landscape printable width and height of a paper
 *   (XS_PAPER_*; 0, the printer's own, is taken as A4, the smaller) with
 *   this module's margins.
 */
int	xs_col_pixels(double w);
int	xs_fit_scale(double paper_pt, const double *widths, int ncols);
long	xs_page_rows(double usable_pt, double row_pt, int scale);
int	xs_wrap_lines(const char *text, int width);
void	xs_paper_pt(uint8_t paper, double *width_pt, double *height_pt);

/*
 * Where a list's pages break, so that its end stays with what follows it.
 * rows: the list's rows; first: list rows the first page holds (below its
 * heading and header row); per: list rows every later page holds (below
 * the repeated header row); tail: rows after the list that must print on
 * its last page (the SK's Jumlah and signature); keep: list rows that last
 * page holds at least (fewer only when the list has fewer).
 *
 * Pages are filled in turn; when what is left of the list fits a page but
 * its tail does not, a break leaves `keep` rows for the last page; when a
 * full page would leave fewer than `keep` for the last one, that break
 * moves up so it gets `keep`.  brk[] gets each later page's first list row
 * (0-based, ascending), at most max of them (the last max when there are
 * more: the end is what must hold); returns how many.  0 when per < 1,
 * first < 0, or keep + tail do not fit a page (nothing to be done).
 */
int	xs_keep_breaks(long rows, long first, long per, long tail, long keep,
	    long *brk, int max);

/*
 * Indonesian forms for figures written into text.  Each writes into buf and
 * returns it.
 *   xs_format_count   24650 -> "24.650", -350 -> "-350"
 *   xs_format_jiwa    24650 -> "24.650 jiwa"
 *   xs_format_rupiah  931770000 -> "Rp 931.770.000", -5000 -> "-Rp 5.000"
 *   xs_format_tanggal 2026, 11, 21 -> "21 November 2026"
 */
char	*xs_format_count(char *buf, size_t bufsz, long long n);
char	*xs_format_jiwa(char *buf, size_t bufsz, long long n);
char	*xs_format_rupiah(char *buf, size_t bufsz, long long n);
char	*xs_format_tanggal(char *buf, size_t bufsz, int y, int m, int d);

/* Indonesian month name, 1..12 ("November"); "" otherwise. */
const char *xs_month_name(int m);

/* 'YYYY-MM-DD' (exactly) into y, m, d when it is a real date: 1, else 0. */
int	xs_parse_date(const char *s, int *y, int *m, int *d);

/*
 * text as it fits one cell: text itself when it does, else its longest
 * prefix of whole characters that leaves room for "…", with "…", in buf
 * (which needs XS_CUT_BUFSZ bytes).
 */
const char *xs_cut_text(const char *text, char *buf, size_t bufsz);

#endif
