#!/usr/bin/python3
"""Print 'SHEET ROWS' for each sheet of a workbook: the data rows under the
header row (the first row whose first cell is NO) that carry a running
number, continuation sheets ('Name (2)') added to their first sheet."""
import re
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
counts = {}
for ws in wb.worksheets:
    name = re.sub(r" \(\d+\)$", "", ws.title)
    header, n = False, 0
    for row in ws.iter_rows(values_only=True):
        first = row[0] if row else None
        if not header:
            header = first == "NO"
            continue
        if isinstance(first, (int, float)):
            n += 1
    counts[name] = counts.get(name, 0) + n
for name, n in counts.items():
    print(name, n)
