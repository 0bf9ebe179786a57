#!/bin/sh
# The printed page (issue 16): every workbook of a generated month opened
# in a real spreadsheet application (LibreOffice, headless) and printed to
# PDF: it opens, every page is on the office's paper (F4 by default, A4
# with [report] paper = a4), landscape, and a page count within bounds.
# The SK lampiran's last page holds the list's last rows with Jumlah and
# the signature, never the signature alone (also when the list fills its
# pages exactly). The first pages of the Ringkasan and of the SK lampiran
# are kept as PNG under $TEST_OUTPUT/print (default
# build/test-output/print), the pictures the README shows. Synthetic people
# only.
. "$(dirname "$0")/../helpers/lib.sh"
OUTDIR=${TEST_OUTPUT:-$ROOT/build/test-output}/print
command -v soffice >/dev/null && command -v pdfinfo >/dev/null ||
	{ echo "FAIL: needs soffice (libreoffice-calc-nogui) and pdfinfo (poppler-utils)"; exit 1; }
t_setup
t_pg_start
G=$T/gen
$REKON_BIN gen --out "$G" --scale 60 --seed 3 --months 2 >/dev/null 2>&1
cat "$G/gen-konfig.conf" >> "$T/rekon.conf"
# The signature block's name, to find it on the printed pages.
SIGN="dr. Ratna Sari Dewi, M.Kes"
printf '\n[sk]\nnama = %s\npangkat = Pembina Utama Muda\nnip = 19700101 199503 2 001\n' "$SIGN" >> "$T/rekon.conf"
t_month_gen "$G" 2026-10 final
t_month_gen "$G" 2026-11 final
O=$T/state/outbox/2026-11
check "the month's workbooks are there" "rekonsiliasi-2026-11.xlsx sk-lampiran-2026-11.xlsx usulan-2026-11.xlsx" \
	"$(cd "$O" && ls *.xlsx | paste -sd' ')"
KB=$(find "$O/kembali" -name '*.xlsx' | sort | head -1)

# pdf FILE: FILE printed to $T/pdf/ by LibreOffice (its own profile under
# $T, so nothing of the machine's is used or left).
mkdir -p "$T/pdf"
pdf() {
	HOME=$T timeout 180 soffice -env:UserInstallation=file://$T/lo --headless \
		--convert-to pdf --outdir "$T/pdf" "$1" >> "$T/soffice.log" 2>&1
}
# sizes PDF: each page's size in points, "W x H", one distinct per line.
sizes() { pdfinfo -f 1 -l 10000 "$1" 2>/dev/null | awk '/^Page +[0-9]+ size:/ { printf "%.0f x %.0f\n", $4, $6 }' | sort -u; }
pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }

for f in "$O/usulan-2026-11.xlsx" "$O/rekonsiliasi-2026-11.xlsx" "$O/sk-lampiran-2026-11.xlsx" "$KB"; do
	b=$(basename "$f" .xlsx)
	pdf "$f"
	check "$b: opens and prints (PDF made)" "yes" "$([ -s "$T/pdf/$b.pdf" ] && echo yes)"
	check "$b: every page F4 (8.5 x 13 in), landscape" "936 x 612" "$(sizes "$T/pdf/$b.pdf")"
done
# lampiran PDF: the pages of the Lampiran sheet (each page's header names
# its sheet), one a line.
lampiran() {
	_n=$(pages "$1"); _p=1
	while [ "$_p" -le "${_n:-0}" ]; do
		pdftotext -f $_p -l $_p "$1" - 2>/dev/null | grep -q 'Lampiran — November 2026' && echo $_p
		_p=$((_p + 1))
	done
}
# on_page PDF PAGE: that page's text, as laid out.
on_page() { pdftotext -f "$2" -l "$2" -layout "$1" - 2>/dev/null; }
# niks PDF PAGE: how many rows of the SK list that page holds (lines with
# one of the list's NIKs).
t_psql "SELECT nik FROM sk_daftar WHERE period = '2026-11' AND nik <> ''" > "$T/niks"
niks() { on_page "$1" "$2" | grep -cF -f "$T/niks"; }
# signed PDF: the Lampiran pages holding the signature's name, one a line.
signed() { for _p in $(lampiran "$1"); do on_page "$1" $_p | grep -qF "$SIGN" && echo $_p; done; }
# keep_end PDF WHAT: the signature on the Lampiran's last page only, with
# list rows and Jumlah there.
keep_end() {
	_last=$(lampiran "$1" | tail -1)
	check "$2: the signature on the Lampiran's last page (page $_last) only" "$_last" "$(signed "$1" | paste -sd' ')"
	check "$2: that page holds list rows and Jumlah too" "yes yes" \
		"$([ "$(niks "$1" "$_last")" -ge 1 ] && echo yes) $(on_page "$1" "$_last" | grep -q 'Jumlah: [0-9.]* jiwa' && echo yes)"
}
keep_end "$T/pdf/sk-lampiran-2026-11.pdf" "F4, gen's list"

# Readable print: every list sheet of every workbook prints one page wide
# at 8 pt or more on F4: the scale Excel gives its columns (xlsx_check.py
# scale) is 73 % or more of its 11 pt. (Ringkasan prints on one page;
# Calon Ganda, the reviewer's working sheet, is the exception.)
X="${PYTHON:-/usr/bin/python3} $ROOT/tests/helpers/xlsx_check.py"
small=
for f in "$O"/*.xlsx "$O"/kembali/*/*.xlsx; do
	$X "$f" sheets > "$T/sheets"
	while read -r sh; do
		[ "$sh" = Ringkasan ] && continue
		# The reviewer's working sheet: both rows side by side, 19
		# columns, worked on screen (docs/decisions.md, calon ganda).
		[ "$sh" = "Calon Ganda" ] && continue
		set -- $($X "$f" scale "$sh")
		[ "$1" -ge 73 ] || small="$small $(basename "$f" .xlsx)/$sh:$1%"
	done < "$T/sheets"
done
check "every list sheet of every workbook at 8 pt or more (none below 73 %)" "" "$small"
check "the widest sheets: usulan's Menunggu Kuota, the SK lampiran" "73 8.0|75 8.2" \
	"$($X "$O/usulan-2026-11.xlsx" scale 'Menunggu Kuota')|$($X "$O/sk-lampiran-2026-11.xlsx" scale Lampiran)"
# Free text wraps, top-aligned, its row as high as its lines (15 pt each).
check "Selisih's longest KETERANGAN (58 characters): wrapped in 40, 2 lines" "wrap=True top=top chars=58 height=30" \
	"$($X "$O/rekonsiliasi-2026-11.xlsx" wrap Selisih KETERANGAN)"
check "Gagal's longest TINDAK LANJUT (47 characters): wrapped, 2 lines" "wrap=True top=top chars=47 height=30" \
	"$($X "$O/rekonsiliasi-2026-11.xlsx" wrap Gagal 'TINDAK LANJUT')"
# ISI: a rejected row as it came, each TAB shown " → " (stored unchanged).
t_psql "SELECT replace(r.raw, chr(9), ' → ') FROM rejected_row r JOIN rekon_batches_for('2026-11') b ON b.id = r.batch_id ORDER BY r.batch_id, r.line" > "$T/isi.want"
${PYTHON:-/usr/bin/python3} -c '
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])["Ditolak"]
hdr = [c.value for c in ws[5]]
for r in range(6, ws.max_row + 1):
    print(ws.cell(r, hdr.index("ISI") + 1).value)' "$O/rekonsiliasi-2026-11.xlsx" > "$T/isi.got"
check "Ditolak's ISI: each TAB shown as → (a row with TABs among them)" "same 1 0" \
	"$(cmp -s "$T/isi.want" "$T/isi.got" && echo same) $(grep -c ' → .* → ' "$T/isi.got") $(grep -c "$(printf '\t')" "$T/isi.got")"
check "stored unchanged: the TABs are in the database" "1" \
	"$(t_psql "SELECT count(*) FROM rejected_row r JOIN rekon_batches_for('2026-11') b ON b.id = r.batch_id WHERE r.raw LIKE '%' || chr(9) || '%'")"

# Ringkasan's legend, "Keterangan kode": beside its lower tables, every code
# its flag chart and tables show, once, in plain Indonesian.
$X "$O/rekonsiliasi-2026-11.xlsx" block Ringkasan "Keterangan kode" > "$T/legend"
check "the legend's header and two codes' words" "NO;KODE;ARTI|BUKAN_DTKS;tidak terdaftar di DTKS periode ini|HILANG;ada di SK bulan lalu, tidak aktif di daftar BPJS" \
	"$(head -1 "$T/legend")|$(grep ';BUKAN_DTKS;' "$T/legend" | cut -d';' -f2-)|$(grep ';HILANG;' "$T/legend" | cut -d';' -f2-)"
# (tables 2-5: flags, feedback, kategori, usulan; codes have no spaces)
for n in 2 3 4 5; do $X "$O/rekonsiliasi-2026-11.xlsx" rows Ringkasan $n; done | cut -d';' -f2 | awk '!seen[$0]++' > "$T/codes"
check "every code of the flag, feedback, kategori and usulan tables explained, once, in their order" \
	"$(paste -sd' ' "$T/codes")" "$(sed 1d "$T/legend" | cut -d';' -f2 | paste -sd' ')"
check "every explanation in words" "" "$(sed 1d "$T/legend" | awk -F';' 'NF < 3 || $3 == ""')"
check "the legend stands beside the tables, below the charts (from E39)" "39:E" \
	"$($X "$O/rekonsiliasi-2026-11.xlsx" find Ringkasan 'Keterangan kode')"

# Bounds: the SK lists its rows about 25 a page, a sheet per page at least.
N=$(t_psql "SELECT count(*) FROM sk_daftar WHERE period = '2026-11'")
P=$(pages "$T/pdf/sk-lampiran-2026-11.pdf")
check "the SK lampiran ($N rows, $P pages): between 2 and $((N / 10 + 4)) pages" "yes" \
	"$([ "${P:-0}" -ge 2 ] && [ "$P" -le $((N / 10 + 4)) ] && echo yes)"
P=$(pages "$T/pdf/rekonsiliasi-2026-11.pdf")
check "the rekonsiliasi book ($P pages): a page for each of its 13 sheets at least" "yes" \
	"$([ "${P:-0}" -ge 13 ] && echo yes)"

# Ruled tables, centred NO and dates; charts read from 0, with labels.
check "every page's header names the sheet and the month" "&LAktif — November 2026|&LLampiran — November 2026" \
	"$(${PYTHON:-/usr/bin/python3} -c '
import openpyxl, sys
a = openpyxl.load_workbook(sys.argv[1])["Aktif"].oddHeader.left
l = openpyxl.load_workbook(sys.argv[2])["Lampiran"].oddHeader.left
print("&L" + a.text + "|&L" + l.text)' "$O/rekonsiliasi-2026-11.xlsx" "$O/sk-lampiran-2026-11.xlsx")"
check "Ringkasan prints on one page: the second page is the Kuota sheet's" "Ringkasan — November 2026|Kuota — November 2026" \
	"$(pdftotext -f 1 -l 1 -layout "$T/pdf/rekonsiliasi-2026-11.pdf" - | grep -o 'Ringkasan — November 2026' | head -1)|$(pdftotext -f 2 -l 2 -layout "$T/pdf/rekonsiliasi-2026-11.pdf" - | grep -o 'Kuota — November 2026' | head -1)"
check "JK centred" "center" \
	"$(${PYTHON:-/usr/bin/python3} -c '
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])["Aktif"]
hdr = [c.value for c in ws[5]]
print(ws[6][hdr.index("JK")].alignment.horizontal)' "$O/rekonsiliasi-2026-11.xlsx")"
check "table cells ruled thin (a value and an empty one), NO and dates centred" "thin thin center center" \
	"$(${PYTHON:-/usr/bin/python3} - "$O/rekonsiliasi-2026-11.xlsx" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Aktif"]
hdr = [c.value for c in ws[5]]
row = ws[6]
nik = row[hdr.index("NIK")]
empty = next((c for r in ws.iter_rows(min_row=6, max_row=ws.max_row) for c in r[:len(hdr)] if c.value is None), row[0])
print(nik.border.left.style, empty.border.left.style, row[0].alignment.horizontal, row[hdr.index("TGL LAHIR")].alignment.horizontal)
PY
)"
check "the charts: the flags labelled, both axes from 0" "1 2" \
	"$(unzip -p "$O/rekonsiliasi-2026-11.xlsx" 'xl/charts/chart*.xml' | grep -o '<c:dLbls>' | wc -l | tr -d ' ') $(unzip -p "$O/rekonsiliasi-2026-11.xlsx" 'xl/charts/chart*.xml' | grep -o '<c:min val="0"/>' | wc -l | tr -d ' ')"

# A4 when the office prints on A4.
printf '\n[report]\npaper = a4\n' >> "$T/rekon.conf"
$REKON -q report sk --period 2026-11 >/dev/null 2>&1
rm -f "$T/pdf/sk-lampiran-2026-11.pdf"
pdf "$O/sk-lampiran-2026-11.xlsx"
check "[report] paper = a4: every page A4, landscape" "842 x 595" "$(sizes "$T/pdf/sk-lampiran-2026-11.pdf")"
keep_end "$T/pdf/sk-lampiran-2026-11.pdf" "A4, gen's list"

# The pictures: the first page of the Ringkasan and of the SK lampiran (F4).
rm -rf "$OUTDIR"; mkdir -p "$OUTDIR"
pdftoppm -f 1 -l 1 -r 60 -singlefile -png "$T/pdf/rekonsiliasi-2026-11.pdf" "$OUTDIR/ringkasan" 2>/dev/null
sed -i 's/^paper = a4$/paper = f4/' "$T/rekon.conf"
$REKON -q report sk --period 2026-11 >/dev/null 2>&1
rm -f "$T/pdf/sk-lampiran-2026-11.pdf"; pdf "$O/sk-lampiran-2026-11.xlsx"
pdftoppm -f 1 -l 1 -r 60 -singlefile -png "$T/pdf/sk-lampiran-2026-11.pdf" "$OUTDIR/sk-lampiran" 2>/dev/null
for f in ringkasan sk-lampiran; do
	check "kept: $OUTDIR/$f.png" "yes" "$([ -s "$OUTDIR/$f.png" ] && echo yes)"
done
# A list that fills its pages exactly: breaks every page's worth alone
# would leave the signature alone on a page of its own. The rows a page
# holds are read from the workbook's page breaks (below the header row H,
# page 1 holds B1 - H rows, every later page B2 - B1), the list cut to
# page 1's and page 2's worth (keeping its longest values, so the columns
# and the scale do not change), and printed again.
breaks() { unzip -p "$1" xl/worksheets/sheet1.xml | grep -o '<brk id="[0-9]*"' | grep -o '[0-9]*' | paste -sd' '; }
B=$(breaks "$O/sk-lampiran-2026-11.xlsx")
check "the Lampiran has page breaks of its own" "yes" "$([ -n "$B" ] && echo yes)"
H=$($X "$O/sk-lampiran-2026-11.xlsx" header Lampiran | cut -d'|' -f1)
set -- $B 0 0
FIRST=$(($1 - H)); PER=$(($2 - $1)); NROWS=$((FIRST + PER))
t_psql "WITH l AS (SELECT * FROM sk_daftar WHERE period = '2026-11'),
	m AS (SELECT max(length(noka)) a, max(length(nama)) b, max(length(alamat)) c, max(length(kelurahan)) d,
	max(length(kecamatan)) e, max(length(kd_faskes)) f FROM l),
	keep AS ((SELECT kunci FROM l, m WHERE length(noka) = a LIMIT 1) UNION (SELECT kunci FROM l, m WHERE length(nama) = b LIMIT 1)
	UNION (SELECT kunci FROM l, m WHERE length(alamat) = c LIMIT 1) UNION (SELECT kunci FROM l, m WHERE length(kelurahan) = d LIMIT 1)
	UNION (SELECT kunci FROM l, m WHERE length(kecamatan) = e LIMIT 1) UNION (SELECT kunci FROM l, m WHERE length(kd_faskes) = f LIMIT 1))
	DELETE FROM sk_daftar WHERE period = '2026-11' AND kunci NOT IN (SELECT kunci FROM l
	ORDER BY kunci IN (SELECT kunci FROM keep) DESC, kunci LIMIT $NROWS)" >/dev/null
$REKON -q report sk --period 2026-11 >/dev/null 2>&1
set -- $(breaks "$O/sk-lampiran-2026-11.xlsx")
check "$NROWS rows ($FIRST on page 1, $PER on page 2): the breaks keep 3 rows for page 3" "$((FIRST + H)) $((NROWS - 3 + H))" "$*"
rm -f "$T/pdf/sk-lampiran-2026-11.pdf"; pdf "$O/sk-lampiran-2026-11.xlsx"
P=$(lampiran "$T/pdf/sk-lampiran-2026-11.pdf" | paste -sd' ')
check "printed on 3 pages: $FIRST rows, $((PER - 3)), then 3 with Jumlah and the signature" "1 2 3|$FIRST $((PER - 3)) 3|3" \
	"$P|$(niks "$T/pdf/sk-lampiran-2026-11.pdf" 1) $(niks "$T/pdf/sk-lampiran-2026-11.pdf" 2) $(niks "$T/pdf/sk-lampiran-2026-11.pdf" 3)|$(signed "$T/pdf/sk-lampiran-2026-11.pdf" | paste -sd' ')"
keep_end "$T/pdf/sk-lampiran-2026-11.pdf" "F4, $NROWS rows"

check "no LibreOffice left running" "" "$(pgrep -f "UserInstallation=file://$T/lo" | head -1)"
t_done
