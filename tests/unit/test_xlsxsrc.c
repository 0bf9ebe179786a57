/*
 * test_xlsxsrc.c — unit tests for jobs/input/xlsxsrc.c: workbooks written part by
 * part with libzip from hand-made XML (and one by libxlsxwriter) in a
 * temporary directory; exact records, lines, fields and refusals.
 */
#include <sys/stat.h>

#include <check.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "xlsxsrc.h"

static char tmpdir[PATH_MAX];

#define NS_MAIN "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"" \
	" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define SHEET(rows) "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" \
	"<worksheet " NS_MAIN "><sheetData>" rows "</sheetData></worksheet>"

struct part {
	const char	*name;
	const char	*data;
	size_t		 len;		/* 0: strlen(data) */
};

static char *
tpath(const char *name)
{
	static char buf[PATH_MAX + 64];

	snprintf(buf, sizeof buf, "%s/%s", tmpdir, name);
	return buf;
}

/* A zip archive of the given parts (the data must outlive zip_close). */
static void
make_zip(const char *path, const struct part *parts, size_t n)
{
	zip_t *z;
	zip_source_t *src;
	size_t i;
	int e = 0;

	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
	ck_assert_ptr_nonnull(z);
	for (i = 0; i < n; i++) {
		src = zip_source_buffer(z, parts[i].data, parts[i].len ?
		    parts[i].len : strlen(parts[i].data), 0);
		ck_assert_ptr_nonnull(src);
		ck_assert_int_ge(zip_file_add(z, parts[i].name, src,
		    ZIP_FL_ENC_UTF_8), 0);
	}
	ck_assert_int_eq(zip_close(z), 0);
}

static const char root_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_NS "officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";

/* The usual workbook around one sheet: sst and styles may be NULL. */
static void
make_book(const char *path, const char *sheet, const char *sst,
    const char *styles, int date1904)
{
	char wbxml[1024], rels[2048];
	struct part p[7];
	size_t n = 0;

	snprintf(wbxml, sizeof wbxml, "<workbook " NS_MAIN ">%s<sheets>"
	    "<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
	    date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>");
	snprintf(rels, sizeof rels, "<Relationships xmlns=\"http://schemas."
	    "openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"" REL_NS "worksheet\""
	    " Target=\"worksheets/sheet1.xml\"/>%s%s</Relationships>",
	    sst ? "<Relationship Id=\"rId2\" Type=\"" REL_NS "sharedStrings\""
	    " Target=\"sharedStrings.xml\"/>" : "",
	    styles ? "<Relationship Id=\"rId3\" Type=\"" REL_NS "styles\""
	    " Target=\"/xl/styles.xml\"/>" : "");
	p[n++] = (struct part){ "_rels/.rels", root_rels, 0 };
	p[n++] = (struct part){ "xl/workbook.xml", wbxml, 0 };
	p[n++] = (struct part){ "xl/_rels/workbook.xml.rels", rels, 0 };
	p[n++] = (struct part){ "xl/worksheets/sheet1.xml", sheet, 0 };
	if (sst)
		p[n++] = (struct part){ "xl/sharedStrings.xml", sst, 0 };
	if (styles)
		p[n++] = (struct part){ "xl/styles.xml", styles, 0 };
	make_zip(path, p, n);
}

/* Every record as "line:f1|f2|..." lines; blank rows as "line:" . */
struct coll {
	char	*out;
	size_t	 len, size;
	char	 raw[8][256];	/* the first raws */
	size_t	 nrec, stop_after, dropped, max_field_len;
	int	 truncated, raw_truncated, has_nul, blanks;
};

static void
coll_add(struct coll *c, const char *s, size_t n)
{
	if (c->len + n + 1 > c->size) {
		c->size = (c->len + n + 1) * 2;
		c->out = realloc(c->out, c->size);
		ck_assert_ptr_nonnull(c->out);
	}
	memcpy(c->out + c->len, s, n);
	c->len += n;
	c->out[c->len] = '\0';
}

static int
collect(const struct csvsrc_rec *r, void *arg)
{
	struct coll *c = arg;
	char head[32];
	size_t i;

	snprintf(head, sizeof head, "%s%ld:", c->nrec ? "\n" : "", r->line);
	coll_add(c, head, strlen(head));
	for (i = 0; i < r->nfields; i++) {
		if (i)
			coll_add(c, "|", 1);
		coll_add(c, r->fields[i], r->lens[i]);
	}
	if (c->nrec < 8)
		snprintf(c->raw[c->nrec], sizeof c->raw[0], "%s", r->raw);
	c->dropped += r->nfields_dropped;
	if (r->max_field_len > c->max_field_len)
		c->max_field_len = r->max_field_len;
	c->truncated |= r->fields_truncated;
	c->raw_truncated |= r->raw_truncated;
	c->has_nul |= r->has_nul;
	c->blanks += r->blank_line;
	c->nrec++;
	return c->stop_after && c->nrec >= c->stop_after;
}

/* Open and read path; returns the rc of whichever failed, else 0. */
static int
read_book(const char *path, long long max_bytes, const struct csvsrc_opts *o,
    struct coll *c, int *stopped, char *err, size_t errsz)
{
	struct xlsxsrc *wb;
	int rc;

	if ((rc = xlsxsrc_open(path, max_bytes, &wb, err, errsz)) != 0)
		return rc;
	rc = xlsxsrc_read(wb, o, collect, c, stopped, err, errsz);
	xlsxsrc_close(wb);
	return rc;
}

static const char types_sst[] =
    "<sst " NS_MAIN " count=\"5\" uniqueCount=\"4\">"
    "<si><t>NIK</t></si>"
    "<si><r><t xml:space=\"preserve\">Tgl </t></r><r><rPr><b/></rPr><t>Lahir</t></r>"
    "<rPh sb=\"0\" eb=\"3\"><t>\xe3\x81\xa6\xe3\x81\x84</t></rPh><phoneticPr fontId=\"1\"/></si>"
    "<si><t>3.32501E+15</t></si>"
    "<si><t/></si>"
    "</sst>";

static const char types_styles[] =
    "<styleSheet " NS_MAIN "><numFmts count=\"1\">"
    "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy;@\"/></numFmts>"
    "<cellStyleXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\" xfId=\"0\"/><xf numFmtId=\"14\" xfId=\"0\""
    " applyNumberFormat=\"1\"/><xf numFmtId=\"164\" xfId=\"0\"/><xf numFmtId=\"20\"/>"
    "</cellXfs></styleSheet>";

/* Every cell type; row 3 and cell B4 are not stored. */
static const char types_sheet[] = SHEET(
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
    "<c r=\"B1\" t=\"inlineStr\"><is><t>Nama</t></is></c>"
    "<c r=\"C1\" t=\"s\"><v>1</v></c></row>"
    "<row r=\"2\"><c r=\"A2\"><v>9171234567890123</v></c>"
    "<c r=\"B2\" t=\"inlineStr\"><is><r><t>BU</t></r><r><t>DI</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>X</t></rPh></is></c>"
    "<c r=\"C2\" s=\"1\"><v>32874</v></c>"
    "<c r=\"D2\" t=\"b\"><v>1</v></c><c r=\"E2\" t=\"e\"><v>#N/A</v></c>"
    "<c r=\"F2\" t=\"str\"><f>A1&amp;\"x\"</f><v>NIKx</v></c>"
    "<c r=\"G2\" t=\"b\"><v>0</v></c></row>"
    "<row r=\"4\"><c r=\"A4\"><v>9.171234567890123E+15</v></c>"
    "<c r=\"C4\"><v>1E+3</v></c><c><v>-2.5E-3</v></c>"
    "<c r=\"E4\"><v>3325011203850001.0</v></c>"
    "<c r=\"F4\" s=\"2\"><v>45231</v></c><c r=\"G4\" s=\"3\"><v>0.5</v></c>"
    "<c r=\"H4\" t=\"s\"><v>2</v></c><c r=\"I4\" s=\"1\"><v>60</v></c>"
    "<c r=\"J4\" s=\"1\"><v>59.75</v></c><c r=\"K4\" t=\"s\"><v>3</v></c>"
    "<c r=\"L4\" s=\"1\"/></row>"
    "<row r=\"5\" spans=\"1:3\"/>"
    "<row r=\"6\"><c r=\"A6\" t=\"inlineStr\"><is><t>A_x000D_B</t></is></c>"
    "<c r=\"B6\" t=\"inlineStr\"><is><t>_x005F_x0041_</t></is></c>"
    "<c r=\"C6\" t=\"d\"><v>2024-02-29T00:00:00</v></c>"
    "<c r=\"D6\"><v>0012</v></c><c r=\"E6\"><v>1.50</v></c>"
    "<c r=\"f6\"><v>\n 9.171234567890123E+15 </v></c></row>");

static const char types_want[] =
    "1:NIK|Nama|Tgl Lahir\n"
    "2:9171234567890123|BUDI|1990-01-01|TRUE|#N/A|NIKx|FALSE\n"
    "3:\n"
    "4:9171234567890123||1000|-0.0025|3325011203850001|2023-11-01|0.5|3.32501E+15|60|1900-02-28\n"
    "5:\n"
    "6:A\rB|_x0041_|2024-02-29|0012|1.5|9171234567890123";

START_TEST(t_types)
{
	struct coll c = { 0 };
	char err[512];
	int stopped = -1;

	make_book(tpath("types.xlsx"), types_sheet, types_sst, types_styles, 0);
	ck_assert_int_eq(read_book(tpath("types.xlsx"), 0, NULL, &c, &stopped,
	    err, sizeof err), 0);
	ck_assert_str_eq(c.out, types_want);
	ck_assert_int_eq(stopped, 0);
	ck_assert_int_eq(c.blanks, 2);
	/* raw: the fields joined by TAB, empty ones included */
	ck_assert_str_eq(c.raw[0], "NIK\tNama\tTgl Lahir");
	ck_assert_str_eq(c.raw[2], "");
	ck_assert_str_eq(c.raw[3], "9171234567890123\t\t1000\t-0.0025\t"
	    "3325011203850001\t2023-11-01\t0.5\t3.32501E+15\t60\t1900-02-28");
	ck_assert_int_eq(c.dropped, 0);
	ck_assert_int_eq(c.truncated, 0);
	ck_assert_int_eq(c.has_nul, 0);
	free(c.out);
}
END_TEST

/* The same workbook read a byte at a time: chunk edges change nothing. */
START_TEST(t_chunk_boundaries)
{
	struct coll c = { 0 };
	char err[512];

	make_book(tpath("types1.xlsx"), types_sheet, types_sst, types_styles, 0);
	xlsxsrc_set_chunk_size(1);
	ck_assert_int_eq(read_book(tpath("types1.xlsx"), 0, NULL, &c, NULL, err,
	    sizeof err), 0);
	xlsxsrc_set_chunk_size(0);
	ck_assert_str_eq(c.out, types_want);
	free(c.out);
}
END_TEST

START_TEST(t_date1904)
{
	static const char sheet[] = SHEET(
	    "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>31412</v></c>"
	    "<c r=\"B1\" s=\"2\"><v>0</v></c><c r=\"C1\" s=\"1\"><v>60.5</v></c>"
	    "<c r=\"D1\"><v>31412</v></c><c r=\"E1\" s=\"1\"><v>-1</v></c></row>");
	struct coll c = { 0 };
	char err[512];

	make_book(tpath("d1904.xlsx"), sheet, NULL, types_styles, 1);
	ck_assert_int_eq(read_book(tpath("d1904.xlsx"), 0, NULL, &c, NULL, err,
	    sizeof err), 0);
	ck_assert_str_eq(c.out, "1:1990-01-01|1904-01-01|1904-03-01|31412|-1");
	free(c.out);
}
END_TEST

/* The first worksheet is sheet3.xml, after a chart sheet; sheet1.xml is
 * the second worksheet. */
START_TEST(t_first_sheet)
{
	static const char wbxml[] = "<workbook " NS_MAIN "><sheets>"
	    "<sheet name=\"Grafik\" sheetId=\"4\" r:id=\"rId9\"/>"
	    "<sheet name=\"Peserta\" sheetId=\"3\" r:id=\"rId7\"/>"
	    "<sheet name=\"Lama\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	static const char rels[] = "<Relationships xmlns=\"http://schemas."
	    "openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"" REL_NS "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	    "<Relationship Id=\"rId7\" Type=\"" REL_NS "worksheet\" Target=\"./worksheets/../worksheets/sheet3.xml\"/>"
	    "<Relationship Id=\"rId9\" Type=\"" REL_NS "chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
	    "</Relationships>";
	static const char wbroot[] = "<Relationships xmlns=\"http://schemas."
	    "openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"" REL_NS "officeDocument\" Target=\"/xl/workbook.xml\"/>"
	    "</Relationships>";
	struct part p[] = {
		{ "_rels/.rels", wbroot, 0 },
		{ "xl/workbook.xml", wbxml, 0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 },
		{ "xl/worksheets/sheet1.xml", SHEET("<row r=\"1\"><c r=\"A1\">"
		    "<v>1</v></c></row>"), 0 },
		{ "xl/worksheets/sheet3.xml", SHEET("<row r=\"2\"><c r=\"B2\">"
		    "<v>3</v></c></row>"), 0 },
		{ "xl/chartsheets/sheet1.xml", "<chartsheet/>", 0 },
	};
	struct xlsxsrc *wb;
	struct coll c = { 0 };
	char err[512];

	make_zip(tpath("first.xlsx"), p, sizeof p / sizeof p[0]);
	ck_assert_int_eq(xlsxsrc_open(tpath("first.xlsx"), 0, &wb, err,
	    sizeof err), 0);
	ck_assert_str_eq(xlsxsrc_sheet_name(wb), "Peserta");
	ck_assert_str_eq(xlsxsrc_sheet_part(wb), "xl/worksheets/sheet3.xml");
	ck_assert_int_eq(xlsxsrc_read(wb, NULL, collect, &c, NULL, err,
	    sizeof err), 0);
	ck_assert_str_eq(c.out, "1:\n2:|3");
	/* read again: the importer reads the header, then every row */
	c.len = 0;
	c.nrec = 0;
	ck_assert_int_eq(xlsxsrc_read(wb, NULL, collect, &c, NULL, err,
	    sizeof err), 0);
	ck_assert_str_eq(c.out, "1:\n2:|3");
	xlsxsrc_close(wb);
	free(c.out);
}
END_TEST

/* A 3 MB part compressed to a few KB: refused over the limit, read (and
 * capped) without one. */
START_TEST(t_zip_bomb)
{
	size_t n = 3 * 1024 * 1024, pre;
	char *sheet = malloc(n + 512), err[512];
	struct csvsrc_opts o = { 0 };
	struct coll c = { 0 };

	ck_assert_ptr_nonnull(sheet);
	pre = (size_t)sprintf(sheet, "<worksheet " NS_MAIN "><sheetData>"
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>");
	memset(sheet + pre, 'A', n);
	strcpy(sheet + pre + n, "</t></is></c><c r=\"B1\"><v>7</v></c></row>"
	    "</sheetData></worksheet>");
	make_book(tpath("bomb.xlsx"), sheet, NULL, NULL, 0);
	ck_assert_int_eq(read_book(tpath("bomb.xlsx"), 1024 * 1024, NULL, &c,
	    NULL, err, sizeof err), XLSXSRC_REFUSED);
	ck_assert_msg(strstr(err, "bomb.xlsx: xl/worksheets/sheet1.xml"
	    " inflates to 3146001 bytes") != NULL, "%s", err);
	ck_assert_ptr_nonnull(strstr(err, "over the limit of 1048576 bytes:"
	    " refused as a possible zip bomb"));
	ck_assert_ptr_null(c.out);

	o.field_cap = 1000;
	ck_assert_int_eq(read_book(tpath("bomb.xlsx"), 0, &o, &c, NULL, err,
	    sizeof err), 0);
	ck_assert_int_eq(c.truncated, 1);
	ck_assert_int_eq(c.raw_truncated, 1);
	ck_assert_uint_eq(c.max_field_len, n);
	ck_assert_uint_eq(strlen(c.out), strlen("1:") + 1000 + strlen("|7"));
	free(c.out);
	free(sheet);
}
END_TEST

/* Patch a part's uncompressed size in both zip headers. */
static void
patch_usize(const char *path, const char *name, unsigned usize)
{
	FILE *fp = fopen(path, "r+b");
	size_t len, nl = strlen(name), i, patched = 0;
	unsigned char *b;

	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	len = (size_t)ftell(fp);
	rewind(fp);
	b = malloc(len);
	ck_assert_uint_eq(fread(b, 1, len, fp), len);
	for (i = 0; i + 46 + nl <= len; i++) {
		size_t at = 0;

		if (memcmp(b + i, "PK\3\4", 4) == 0 && memcmp(b + i + 30, name,
		    nl) == 0)
			at = i + 22;
		else if (memcmp(b + i, "PK\1\2", 4) == 0 && memcmp(b + i + 46,
		    name, nl) == 0)
			at = i + 24;
		if (at) {
			b[at] = usize & 0xff;
			b[at + 1] = usize >> 8 & 0xff;
			b[at + 2] = usize >> 16 & 0xff;
			b[at + 3] = usize >> 24 & 0xff;
			patched++;
		}
	}
	ck_assert_uint_eq(patched, 2);
	rewind(fp);
	ck_assert_uint_eq(fwrite(b, 1, len, fp), len);
	fclose(fp);
	free(b);
}

/* The directory says 2,000 bytes; the stream gives 600,000: stopped while
 * inflating, whatever the header claimed. */
START_TEST(t_lying_header)
{
	size_t n = 600000, pre;
	char *sheet = malloc(n + 512), err[512];
	struct coll c = { 0 };

	ck_assert_ptr_nonnull(sheet);
	pre = (size_t)sprintf(sheet, "<worksheet " NS_MAIN "><sheetData>"
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>");
	memset(sheet + pre, 'B', n);
	strcpy(sheet + pre + n, "</t></is></c></row></sheetData></worksheet>");
	make_book(tpath("liar.xlsx"), sheet, NULL, NULL, 0);
	patch_usize(tpath("liar.xlsx"), "xl/worksheets/sheet1.xml", 2000);
	ck_assert_int_eq(read_book(tpath("liar.xlsx"), 1024 * 1024, NULL, &c,
	    NULL, err, sizeof err), XLSXSRC_REFUSED);
	ck_assert_msg(strstr(err, "liar.xlsx: xl/worksheets/sheet1.xml inflates"
	    " to more than the 2000 bytes its zip header declares: refused as a"
	    " possible zip bomb") != NULL, "%s", err);
	ck_assert_ptr_null(c.out);
	free(sheet);
}
END_TEST

START_TEST(t_not_a_workbook)
{
	struct part only[] = { { "notes.txt", "hello", 0 } };
	struct part docx[] = {
		{ "_rels/.rels", "<Relationships xmlns=\"http://schemas."
		    "openxmlformats.org/package/2006/relationships\">"
		    "<Relationship Id=\"rId1\" Type=\"" REL_NS "officeDocument\""
		    " Target=\"word/document.xml\"/></Relationships>", 0 },
		{ "word/document.xml", "<w:document xmlns:w=\"urn:w\"/>", 0 },
	};
	struct part ods[] = {
		{ "mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0 },
		{ "content.xml", "<office:document-content/>", 0 },
	};
	struct part xlsb[] = {
		{ "_rels/.rels", "<Relationships xmlns=\"http://schemas."
		    "openxmlformats.org/package/2006/relationships\">"
		    "<Relationship Id=\"rId1\" Type=\"" REL_NS "officeDocument\""
		    " Target=\"xl/workbook.bin\"/></Relationships>", 0 },
		{ "xl/workbook.bin", "\x83\x01", 0 },
	};
	struct xlsxsrc *wb = (struct xlsxsrc *)1;
	char err[512];
	FILE *fp;

	fp = fopen(tpath("csv.xlsx"), "w");
	fputs("NIK;NAMA\n3325010101900001;BUDI\n", fp);
	fclose(fp);
	ck_assert_int_eq(xlsxsrc_open(tpath("csv.xlsx"), 0, &wb, err,
	    sizeof err), XLSXSRC_REFUSED);
	ck_assert_ptr_null(wb);
	ck_assert_ptr_nonnull(strstr(err, "csv.xlsx: not a valid XLSX workbook"
	    " (zip archive): Not a zip archive"));

	make_zip(tpath("notes.xlsx"), only, 1);
	ck_assert_int_eq(xlsxsrc_open(tpath("notes.xlsx"), 0, &wb, err,
	    sizeof err), XLSXSRC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err, "notes.xlsx: a zip archive but not an"
	    " XLSX workbook: it has no xl/workbook.xml"));

	make_zip(tpath("doc.xlsx"), docx, 2);
	ck_assert_int_eq(xlsxsrc_open(tpath("doc.xlsx"), 0, &wb, err,
	    sizeof err), XLSXSRC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err, "doc.xlsx: word/document.xml: not a"
	    " workbook but a <document>"));

	make_zip(tpath("calc.xlsx"), ods, 2);
	ck_assert_int_eq(xlsxsrc_open(tpath("calc.xlsx"), 0, &wb, err,
	    sizeof err), XLSXSRC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err, "calc.xlsx: an OpenDocument file (.ods),"
	    " not an XLSX workbook: save it as .xlsx or CSV"));

	make_zip(tpath("bin.xlsx"), xlsb, 2);
	ck_assert_int_eq(xlsxsrc_open(tpath("bin.xlsx"), 0, &wb, err,
	    sizeof err), XLSXSRC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err, "bin.xlsx: an Excel binary workbook"
	    " (.xlsb): save it as .xlsx or CSV"));

	/* half a workbook: the zip directory is gone */
	make_book(tpath("whole.xlsx"), types_sheet, types_sst, types_styles, 0);
	ck_assert_int_eq(truncate(tpath("whole.xlsx"), 300), 0);
	ck_assert_int_eq(xlsxsrc_open(tpath("whole.xlsx"), 0, &wb, err,
	    sizeof err), XLSXSRC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err, "not a valid XLSX workbook"));
}
END_TEST

START_TEST(t_broken_parts)
{
	struct coll c = { 0 };
	char err[512];

	/* a DTD: where entity bombs come from */
	make_book(tpath("dtd.xlsx"), "<?xml version=\"1.0\"?><!DOCTYPE worksheet"
	    " [<!ENTITY a \"aaaa\">]><worksheet " NS_MAIN "><sheetData/>"
	    "</worksheet>", NULL, NULL, 0);
	ck_assert_int_eq(read_book(tpath("dtd.xlsx"), 0, NULL, &c, NULL, err,
	    sizeof err), XLSXSRC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err, "dtd.xlsx: xl/worksheets/sheet1.xml:"
	    " has a DTD"));

	make_book(tpath("bad.xlsx"), SHEET("<row r=\"1\"><c r=\"A1\"><v>1</c>"
	    "</row>"), NULL, NULL, 0);
	ck_assert_int_eq(read_book(tpath("bad.xlsx"), 0, NULL, &c, NULL, err,
	    sizeof err), XLSXSRC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err, "sheet1.xml: not well-formed XML at"
	    " line 1: mismatched tag"));

	make_book(tpath("sstidx.xlsx"), SHEET("<row r=\"3\"><c r=\"A3\" t=\"s\">"
	    "<v>4</v></c></row>"), types_sst, NULL, 0);
	ck_assert_int_eq(read_book(tpath("sstidx.xlsx"), 0, NULL, &c, NULL, err,
	    sizeof err), XLSXSRC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err, "row 3: shared string 4 does not"
	    " exist (the workbook has 4)"));

	make_book(tpath("order.xlsx"), SHEET("<row r=\"2\"><c r=\"C2\"><v>1</v>"
	    "</c><c r=\"B2\"><v>2</v></c></row>"), NULL, NULL, 0);
	ck_assert_int_eq(read_book(tpath("order.xlsx"), 0, NULL, &c, NULL, err,
	    sizeof err), XLSXSRC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err, "row 2: cell B2 is not right of the"
	    " cell before it"));

	make_book(tpath("many.xlsx"), SHEET(""), "<sst " NS_MAIN
	    " uniqueCount=\"900000000\"></sst>", NULL, 0);
	ck_assert_int_eq(read_book(tpath("many.xlsx"), 0, NULL, &c, NULL, err,
	    sizeof err), XLSXSRC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err, "declares 900000000 shared strings"));

	make_book(tpath("far.xlsx"), SHEET("<row r=\"1048577\"/>"), NULL, NULL, 0);
	ck_assert_int_eq(read_book(tpath("far.xlsx"), 0, NULL, &c, NULL, err,
	    sizeof err), XLSXSRC_REFUSED);
	ck_assert_ptr_nonnull(strstr(err, "row number \"1048577\""));
	free(c.out);
}
END_TEST

/* Many shared strings come back from the temporary file in order. */
START_TEST(t_many_shared_strings)
{
	size_t n = 50000, i, len = 0, size = n * 40 + 256;
	char *sst = malloc(size), *sheet = malloc(n * 60 + 256), *want;
	char err[512], line[64];
	struct coll c = { 0 };
	size_t sl = 0;

	ck_assert_ptr_nonnull(sst);
	ck_assert_ptr_nonnull(sheet);
	len = (size_t)sprintf(sst, "<sst " NS_MAIN ">");
	sl = (size_t)sprintf(sheet, "<worksheet " NS_MAIN "><sheetData>");
	for (i = 0; i < n; i++) {
		len += (size_t)sprintf(sst + len, "<si><t>S%zu</t></si>", i);
		/* row i+1 points at string n-1-i */
		sl += (size_t)sprintf(sheet + sl, "<row><c t=\"s\"><v>%zu</v></c>"
		    "</row>", n - 1 - i);
	}
	strcpy(sst + len, "</sst>");
	strcpy(sheet + sl, "</sheetData></worksheet>");
	make_book(tpath("sst.xlsx"), sheet, sst, NULL, 0);
	ck_assert_int_eq(read_book(tpath("sst.xlsx"), 0, NULL, &c, NULL, err,
	    sizeof err), 0);
	ck_assert_uint_eq(c.nrec, n);
	want = malloc(n * 24);
	len = 0;
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof line, "%s%zu:S%zu", i ? "\n" : "", i + 1,
		    n - 1 - i);
		len += (size_t)sprintf(want + len, "%s", line);
	}
	ck_assert_str_eq(c.out, want);
	free(want);
	free(c.out);
	free(sst);
	free(sheet);
}
END_TEST

START_TEST(t_caps)
{
	static const char sheet[] = SHEET(
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>12</v></c>"
	    "<c r=\"F1\"><v>99</v></c><c r=\"G1\" s=\"0\"/></row>"
	    "<row r=\"2\"><c r=\"Z2\" t=\"s\"><v>0</v></c></row>"
	    "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>N_x0000_L</t></is></c></row>");
	static const char sst[] = "<sst " NS_MAIN "><si><t>ABC\xc3\xa9" "EFG</t></si></sst>";
	struct csvsrc_opts o = { 0 };
	struct coll c = { 0 };
	char err[512];

	o.field_cap = 4;	/* cuts inside the é: keep ABC */
	o.max_fields = 3;	/* F1 and Z2 are beyond */
	o.raw_cap = 5;
	make_book(tpath("caps.xlsx"), sheet, sst, NULL, 0);
	ck_assert_int_eq(read_book(tpath("caps.xlsx"), 0, &o, &c, NULL, err,
	    sizeof err), 0);
	ck_assert_str_eq(c.out, "1:ABC|12\n2:\n3:N");
	ck_assert_str_eq(c.raw[0], "ABC\t1");
	ck_assert_uint_eq(c.dropped, 2);
	ck_assert_uint_eq(c.max_field_len, 8);
	ck_assert_int_eq(c.truncated, 1);
	ck_assert_int_eq(c.raw_truncated, 1);
	ck_assert_int_eq(c.has_nul, 1);
	ck_assert_int_eq(c.blanks, 0);	/* row 2 has a cell, beyond the cap */
	free(c.out);
}
END_TEST

START_TEST(t_stop)
{
	struct coll c = { 0 };
	char err[512];
	int stopped = 0;

	c.stop_after = 2;
	make_book(tpath("stop.xlsx"), types_sheet, types_sst, types_styles, 0);
	ck_assert_int_eq(read_book(tpath("stop.xlsx"), 0, NULL, &c, &stopped,
	    err, sizeof err), 0);
	ck_assert_int_eq(stopped, 1);
	ck_assert_uint_eq(c.nrec, 2);
	free(c.out);

	/* stopping on a row the sheet leaves out */
	memset(&c, 0, sizeof c);
	c.stop_after = 3;
	ck_assert_int_eq(read_book(tpath("stop.xlsx"), 0, NULL, &c, &stopped,
	    err, sizeof err), 0);
	ck_assert_int_eq(stopped, 1);
	ck_assert_str_eq(c.out, "1:NIK|Nama|Tgl Lahir\n"
	    "2:9171234567890123|BUDI|1990-01-01|TRUE|#N/A|NIKx|FALSE\n3:");
	free(c.out);
}
END_TEST

START_TEST(t_expand_number)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "3325011203850001", "3325011203850001" },
		{ "9171234567890123", "9171234567890123" },
		{ "9.171234567890123E+15", "9171234567890123" },
		{ "3.325011203850001E+15", "3325011203850001" },
		{ "3325011203850001.0", "3325011203850001" },
		{ "1E+3", "1000" },
		{ "1e3", "1000" },
		{ "-2.5E-3", "-0.0025" },
		{ "1.23E+1", "12.3" },
		{ "1.5E+0", "1.5" },
		{ "0.5", "0.5" },
		{ ".5", "0.5" },
		{ "5.", "5" },
		{ "1.50", "1.5" },
		{ "007.5", "7.5" },
		{ "0012", "0012" },
		{ "-0.0", "0" },
		{ "0E+0", "0" },
		{ "1.2345678901234567E+19", "12345678901234567000" },
		{ "1E-5", "0.00001" },
		{ "-42", "-42" },
		{ NULL, NULL }
	};
	static const char *bad[] = { "", "-", "E5", "1E", "1E+", "1,5", " 1",
	    "1 ", "NaN", "1E+401", "1.2.3", "0x10", NULL };
	char out[1024];
	int i;

	for (i = 0; cases[i].in != NULL; i++) {
		ck_assert_int_eq(xlsxsrc_expand_number(cases[i].in,
		    strlen(cases[i].in), out, sizeof out),
		    (int)strlen(cases[i].out));
		ck_assert_str_eq(out, cases[i].out);
	}
	for (i = 0; bad[i] != NULL; i++)
		ck_assert_msg(xlsxsrc_expand_number(bad[i], strlen(bad[i]), out,
		    sizeof out) == -1, "%s", bad[i]);
	/* the exponent's limit, and out too small */
	ck_assert_int_eq(xlsxsrc_expand_number("1E+400", 6, out, sizeof out), 401);
	ck_assert_int_eq(xlsxsrc_expand_number("1E+3", 4, out, 8), -1);
}
END_TEST

START_TEST(t_numfmt_is_date)
{
	static const char *dates[] = { "dd/mm/yyyy", "d-mmm-yy", "yyyy",
	    "mmm", "[$-421]dd mmmm yyyy;@", "dd/mm/yyyy hh:mm",
	    "\"Tgl\" d", NULL };
	static const char *not_dates[] = { "0", "#,##0.00", "General", "@",
	    "h:mm", "[h]:mm:ss", "mm:ss", "0.00E+00", "\"dd\" 0", "\\d0",
	    "[Red]0", "_d0", "*d0", "h:mm AM/PM", NULL };
	int i;

	for (i = 0; dates[i] != NULL; i++)
		ck_assert_msg(xlsxsrc_numfmt_is_date(dates[i]), "%s", dates[i]);
	for (i = 0; not_dates[i] != NULL; i++)
		ck_assert_msg(!xlsxsrc_numfmt_is_date(not_dates[i]), "%s",
		    not_dates[i]);
}
END_TEST

/* A workbook as libxlsxwriter writes it: shared strings, numbers through
 * a double, a date with a format, booleans, a blank row. */
START_TEST(t_libxlsxwriter)
{
	lxw_workbook *w = workbook_new(tpath("lxw.xlsx"));
	lxw_worksheet *ws = workbook_add_worksheet(w, "Daftar");
	lxw_format *df = workbook_add_format(w);
	lxw_datetime dt = { 1990, 1, 1, 0, 0, 0 };
	struct coll c = { 0 };
	char err[512];

	format_set_num_format(df, "dd/mm/yyyy");
	workbook_add_worksheet(w, "Kedua");
	worksheet_write_string(ws, 0, 0, "NIK", NULL);
	worksheet_write_string(ws, 0, 1, "NAMA", NULL);
	worksheet_write_string(ws, 0, 2, "TGL LAHIR", NULL);
	worksheet_write_number(ws, 1, 0, 3325011203850001.0, NULL);
	worksheet_write_string(ws, 1, 1, "Budi Santoso", NULL);
	worksheet_write_datetime(ws, 1, 2, &dt, df);
	worksheet_write_boolean(ws, 1, 3, 1, NULL);
	worksheet_write_string(ws, 3, 0, "3.32501E+15", NULL);
	worksheet_write_number(ws, 3, 4, 0.25, NULL);
	ck_assert_int_eq(workbook_close(w), LXW_NO_ERROR);
	ck_assert_int_eq(read_book(tpath("lxw.xlsx"), 0, NULL, &c, NULL, err,
	    sizeof err), 0);
	ck_assert_str_eq(c.out, "1:NIK|NAMA|TGL LAHIR\n"
	    "2:3325011203850001|Budi Santoso|1990-01-01|TRUE\n"
	    "3:\n"
	    "4:3.32501E+15||||0.25");
	free(c.out);
}
END_TEST

static Suite *
xlsxsrc_suite(void)
{
	Suite *s = suite_create("xlsxsrc");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_types);
	tcase_add_test(tc, t_chunk_boundaries);
	tcase_add_test(tc, t_date1904);
	tcase_add_test(tc, t_first_sheet);
	tcase_add_test(tc, t_zip_bomb);
	tcase_add_test(tc, t_lying_header);
	tcase_add_test(tc, t_not_a_workbook);
	tcase_add_test(tc, t_broken_parts);
	tcase_add_test(tc, t_many_shared_strings);
	tcase_add_test(tc, t_caps);
	tcase_add_test(tc, t_stop);
	tcase_add_test(tc, t_expand_number);
	tcase_add_test(tc, t_numfmt_is_date);
	tcase_add_test(tc, t_libxlsxwriter);
	suite_add_tcase(s, tc);
	return s;
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
main(void)
{
	SRunner *sr;
	int failed;

	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_xlsxsrc.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return 1;
	sr = srunner_create(xlsxsrc_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return failed == 0 ? 0 : 1;
}
