/*
 * xlsx_write.c — tests' helper: a ';'-delimited text file (no quoting) to an
 * XLSX workbook written by libxlsxwriter, the way a list comes from a
 * spreadsheet application.  Built by tests/integration/test_xlsx_import.sh:
 *
 *     cc -o xlsx_write tests/helpers/xlsx_write.c $(pkg-config --cflags --libs xlsxwriter)
 *     xlsx_write IN.txt OUT.xlsx [SHEET]
 *
 * Each field becomes one cell of the first worksheet (row n of the file is
 * Excel row n; an empty line writes no row at all, as Excel stores it):
 *   empty                    no cell
 *   digits, no leading 0,    a NUMBER cell (through a double: exact below
 *   at most 16 of them       2^53, which every test value is)
 *   d:DD-MM-YYYY             a date cell formatted dd/mm/yyyy
 *   anything else            a string (shared string)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static int
is_number(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 16 && s[0] != '0' && strspn(s, "0123456789") == n;
}

static void
write_field(lxw_worksheet *ws, lxw_format *datefmt, int row, int col,
    const char *f)
{
	lxw_datetime dt = { 0, 0, 0, 0, 0, 0 };

	if (*f == '\0')
		return;
	if (is_number(f))
		worksheet_write_number(ws, row, col, strtod(f, NULL), NULL);
	else if (strncmp(f, "d:", 2) == 0 && sscanf(f + 2, "%d-%d-%d",
	    &dt.day, &dt.month, &dt.year) == 3)
		worksheet_write_datetime(ws, row, col, &dt, datefmt);
	else
		worksheet_write_string(ws, row, col, f, NULL);
}

int
main(int argc, char **argv)
{
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *datefmt;
	char line[65536], *f, *next;
	FILE *in;
	int row = 0, col;

	if (argc < 3 || (in = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "usage: xlsx_write IN.txt OUT.xlsx [SHEET]\n");
		return 64;
	}
	wb = workbook_new(argv[2]);
	ws = workbook_add_worksheet(wb, argc > 3 ? argv[3] : NULL);
	datefmt = workbook_add_format(wb);
	format_set_num_format(datefmt, "dd/mm/yyyy");
	while (fgets(line, sizeof line, in) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		for (col = 0, f = line; f != NULL; f = next, col++) {
			if ((next = strchr(f, ';')) != NULL)
				*next++ = '\0';
			write_field(ws, datefmt, row, col, f);
		}
		row++;
	}
	fclose(in);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
