#!/usr/bin/python3
"""xlsx_check.py — read a rekon workbook back for tests/integration/test_reports.sh.

Prints facts as plain lines, so that the shell test compares exact text:

  xlsx_check.py FILE sheets           sheet names, one a line
  xlsx_check.py FILE heading SHEET    the rows above the header row, column A
  xlsx_check.py FILE header SHEET     "ROW|NO;NIK;..." (the first row whose A is NO)
  xlsx_check.py FILE rows SHEET [N]   the data rows of the N-th table (default 1):
                                      its header's columns joined by ';',
                                      until a row empty in them
  xlsx_check.py FILE types SHEET      per column of the first data row:
                                      HEADER=TYPE:FORMAT (s string, n number, d date)
  xlsx_check.py FILE print SHEET      freeze, autofilter, orientation, fit,
                                      print titles, footer, paper, ignored errors
  xlsx_check.py FILE find SHEET TEXT  "ROW:COL" of cells whose text starts with TEXT
  xlsx_check.py FILE cell SHEET REF   value|type|format of one cell
  xlsx_check.py FILE width SHEET COL  the column's width
  xlsx_check.py FILE charts           each chart's series references
  xlsx_check.py FILE block SHEET TEXT the rows below the cell whose text is
                                      TEXT, from its column on, cells joined
                                      by ';', until an empty one (a table
                                      beside others: Ringkasan's legend)
  xlsx_check.py FILE scale SHEET      the scale Excel prints the sheet at, one
                                      page wide: its paper's long side less
                                      both side margins over its printed
                                      columns (trunc(7w + 0.5) + 5 px each,
                                      0.75 pt a pixel), whole percent rounded
                                      down, at most 100; then the font's size
                                      so printed ("73 8.0")
  xlsx_check.py FILE wrap SHEET COL   the longest cell of that column (by its
                                      header): "wrap=... top=... chars=N
                                      height=H" (H: its row's height, "" when
                                      not set)

Values: dates as dd-mm-yyyy, whole numbers without a decimal point, empty as "".
"""
import re
import sys
import zipfile

import openpyxl


def show(v):
    if v is None:
        return ""
    if hasattr(v, "strftime"):
        return v.strftime("%d-%m-%Y")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def header_row(ws, nth=1):
    seen = 0
    for row in ws.iter_rows(min_col=1, max_col=1):
        c = row[0]
        if c.value == "NO":
            seen += 1
            if seen == nth:
                return c.row
    return None


def row_values(ws, r):
    vals = [c.value for c in ws[r]]
    while vals and vals[-1] is None:
        vals.pop()
    return vals


def data_rows(ws, nth=1):
    # A table's rows are its header's columns: a table beside it (the
    # Ringkasan's legend) is not part of it.
    h = header_row(ws, nth)
    head = row_values(ws, h)
    width = head.index(None) if None in head else len(head)
    out = []
    r = h + 1
    while r <= ws.max_row:
        vals = row_values(ws, r)[:width]
        while vals and vals[-1] is None:
            vals.pop()
        if not vals:
            break
        out.append(";".join(show(v) for v in vals))
        r += 1
    return out


def xml_of(path, ws_title):
    """The raw XML of a sheet (for what openpyxl does not read)."""
    z = zipfile.ZipFile(path)
    wb = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    for m in re.finditer(r'<sheet name="([^"]*)" sheetId="\d+" r:id="(rId\d+)"', wb):
        name = m.group(1).replace("&amp;", "&")
        if name == ws_title:
            t = re.search(r'Id="%s"[^>]*Target="([^"]+)"' % m.group(2), rels)
            if t is None:
                t = re.search(r'Target="([^"]+)"[^>]*Id="%s"' % m.group(2), rels)
            return z.read("xl/" + t.group(1)).decode()
    return ""


def main():
    path, cmd = sys.argv[1], sys.argv[2]
    wb = openpyxl.load_workbook(path)
    if cmd == "sheets":
        print("\n".join(wb.sheetnames))
        return
    if cmd == "charts":
        z = zipfile.ZipFile(path)
        for n in sorted(x for x in z.namelist() if x.startswith("xl/charts/chart")):
            print(" ".join(re.findall(r"<c:f>([^<]*)</c:f>", z.read(n).decode())))
        return
    ws = wb[sys.argv[3]]
    if cmd == "heading":
        h = header_row(ws) or ws.max_row + 1
        for r in range(1, h):
            print(show(ws.cell(r, 1).value))
    elif cmd == "header":
        h = header_row(ws)
        print("%d|%s" % (h, ";".join(show(v) for v in row_values(ws, h))))
    elif cmd == "rows":
        nth = int(sys.argv[4]) if len(sys.argv) > 4 else 1
        print("\n".join(data_rows(ws, nth)))
    elif cmd == "types":
        h = header_row(ws)
        out = []
        for head, c in zip(ws[h], ws[h + 1]):
            out.append("%s=%s:%s" % (head.value, c.data_type, c.number_format))
        print(" ".join(out))
    elif cmd == "print":
        ps = ws.page_setup
        xml = xml_of(path, ws.title)
        ign = re.search(r'<ignoredError sqref="([^"]*)" numberStoredAsText="1"', xml)
        print("freeze=%s" % ws.freeze_panes)
        print("filter=%s" % ws.auto_filter.ref)
        print("orientation=%s" % ps.orientation)
        # An absent fitToWidth/fitToHeight means 1 (the OOXML default).
        print("fit=%s %sx%s" % (ws.sheet_properties.pageSetUpPr.fitToPage
                                if ws.sheet_properties.pageSetUpPr else None,
                                1 if ps.fitToWidth is None else ps.fitToWidth,
                                1 if ps.fitToHeight is None else ps.fitToHeight))
        print("titles=%s" % ws.print_title_rows)
        print("footer=%s" % ws.oddFooter.center.text)
        print("paper=%s" % ps.paperSize)
        print("ignore=%s" % (ign.group(1) if ign else None))
    elif cmd == "find":
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith(sys.argv[4]):
                    print("%d:%s" % (c.row, c.column_letter))
    elif cmd == "cell":
        c = ws[sys.argv[4]]
        print("%s|%s|%s" % (show(c.value), c.data_type, c.number_format))
    elif cmd == "width":
        print(ws.column_dimensions[sys.argv[4]].width)
    elif cmd == "block":
        at = next(c for row in ws.iter_rows() for c in row if c.value == sys.argv[4])
        r = at.row + 1
        while ws.cell(r, at.column).value is not None:
            vals = []
            c = at.column
            while ws.cell(r, c).value is not None:
                vals.append(show(ws.cell(r, c).value))
                c += 1
            print(";".join(vals))
            r += 1
    elif cmd == "scale":
        # Excel's paper sizes (portrait, inches): 9 A4, 14 Folio (F4).
        paper = {"9": (8.27, 11.69), "14": (8.5, 13.0)}[str(ws.page_setup.paperSize)]
        printable = (paper[1] - ws.page_margins.left - ws.page_margins.right) * 72
        last = ws.max_column
        area = ws.print_area
        if area:
            m = re.search(r"\$([A-Z]+)\$\d+$", area if isinstance(area, str) else area[0])
            last = openpyxl.utils.column_index_from_string(m.group(1))
        px = 0
        for c in range(1, last + 1):
            d = ws.column_dimensions.get(openpyxl.utils.get_column_letter(c))
            # Stored widths carry libxlsxwriter's padding (5 px / 7).
            w = d.width - 5 / 7 if d is not None and d.width else 8.43
            px += int(w * 7 + 0.5) + 5
        scale = min(100, int(100 * printable / (px * 0.75)))
        size = ws["A6"].font.sz if ws["A6"].font and ws["A6"].font.sz else 11
        print("%d %.1f" % (scale, size * scale / 100))
    elif cmd == "wrap":
        h = header_row(ws)
        col = [c.value for c in ws[h]].index(sys.argv[4]) + 1
        best = max((ws.cell(r, col) for r in range(h + 1, ws.max_row + 1)),
                   key=lambda c: len(str(c.value or "")))
        ht = ws.row_dimensions[best.row].height
        print("wrap=%s top=%s chars=%d height=%s" % (
            best.alignment.wrap_text, best.alignment.vertical,
            len(str(best.value)), "" if ht is None else "%g" % ht))
    else:
        sys.exit("unknown command " + cmd)


main()
