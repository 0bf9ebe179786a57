#!/bin/sh
# XLSX input (docs/xlsx.md): a peserta list sent as a workbook written by
# libxlsxwriter, NIK and NOKA stored as NUMBER cells, imports with the same
# counts, reasons and cleaned values as the same list sent as CSV; a
# hand-made workbook whose first sheet is not sheet1.xml gives NIKs above
# 2^53 exactly; re-import is skipped; the format is told by content; an
# .xls, a UTF-16 text file, a zip bomb, a zip that is no workbook and a
# workbook broken past its header are refused whole, as DITOLAK batches.
# Synthetic people only.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
cat >> "$T/rekon.conf" <<'CONF'

[limits]
max_field_bytes = 64
max_file_mb = 1
CONF
t_pg_start
F=$T/in
mkdir -p "$F"
PY=python3

if ! cc -o "$T/xlsx_write" "$ROOT/tests/helpers/xlsx_write.c" \
    $(pkg-config --cflags --libs xlsxwriter) 2>"$T/cc.err"; then
	cat "$T/cc.err"
	check "build tests/helpers/xlsx_write.c" 0 1
	t_done
fi

# A zip archive of parts: mkzip OUT NAME FILE [NAME FILE ...]
mkzip() {
	$PY - "$@" <<'PY'
import sys, zipfile
out, rest = sys.argv[1], sys.argv[2:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name, path in zip(rest[0::2], rest[1::2]):
        z.write(path, name)
PY
}

# --- the list: one text, written as CSV and as a workbook --------------------
# Row n of the text is Excel row n. d:... is a date cell in the workbook and
# the date as Excel shows it in the CSV; all-digit values are NUMBER cells.
LONG=$(printf 'A%.0s' $(seq 1 70))
cat > "$F/peserta.txt" <<EOF
DAFTAR PESERTA PBPU PEMDA
KABUPATEN UJI
No;NO KARTU;NIK;Nama;Tgl. Lahir;JK;KET AKTIF;Jenis Peserta;Kecamatan;Catatan
1;1234567890;3325010101900001;budi  santoso;d:01-01-1990;L;AKTIF;PBPU PEMDA;KEC A;
2;1234567891;3325014101900002;SITI AMINAH;32874;P;0;;KEC A;
3;1234567892;3.32501E+15;ANI;;P;AKTIF;PBPU PEMDA;KEC B;
4;;3,32501E+15;ANA;;P;AKTIF;;KEC B;
5;;;TANPA ID;;L;AKTIF;;KEC B;
6;1234567893;3325010101900003;LEBIH;;L;AKTIF;;KEC B;;extra
;;;;;;;;;
7;12345678AB;1025010101900004;SALAH;31-02-1990;L;NON AKTIF;PBI;KEC C;
9;1234567895;3325010101900006;$LONG;;L;AKTIF;;KEC C;
10;1234567896;7171010101900007;dewi;d:29-02-2024;P;KELUAR;;KEC C;
EOF
sed 's/d:\([0-9-]*\)/\1/g' "$F/peserta.txt" > "$F/peserta-2026-11.csv"
"$T/xlsx_write" "$F/peserta.txt" "$F/peserta-2026-12.xlsx" "Daftar Peserta"
check "the workbook's NIKs are NUMBER cells" "yes" \
	"$($PY -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode())' \
	    "$F/peserta-2026-12.xlsx" | grep -q '<c r="C4"[^>]*><v>3325010101900001</v>' && echo yes)"

check_rc "import the CSV" 0 $REKON import peserta "$F/peserta-2026-11.csv"
check_rc "import the workbook" 0 $REKON import peserta "$F/peserta-2026-12.xlsx"
check "workbook summary line" \
	"batch 2: peserta 2026-12 $F/peserta-2026-12.xlsx: 10 rows read, 5 accepted, 4 rejected, 1 blank" \
	"$(head -1 "$T/last.out")"
check "workbook batch: Excel row of the header, no delimiter" \
	"peserta-2026-12.xlsx|10|5|4|1|OK|XLSX||3" \
	"$(t_psql "SELECT file_name, rows_read, accepted, rejected, blank, outcome, encoding, coalesce(delimiter, ''), header_line FROM batch WHERE id = 2")"
check "same counts as the CSV" \
	"$(t_psql "SELECT rows_read, accepted, rejected, blank, header_line FROM batch WHERE id = 1")" \
	"$(t_psql "SELECT rows_read, accepted, rejected, blank, header_line FROM batch WHERE id = 2")"
check "same rejection reasons on the same lines as the CSV" \
	"$(t_psql "SELECT string_agg(line || ' ' || reason, ', ' ORDER BY line) FROM rejected_row WHERE batch_id = 1")" \
	"$(t_psql "SELECT string_agg(line || ' ' || reason, ', ' ORDER BY line) FROM rejected_row WHERE batch_id = 2")"
check "workbook rejections, by Excel row" \
	"7 ID_RUSAK_EXCEL, 8 ID_KOSONG, 9 JUMLAH_KOLOM, 12 FIELD_TERLALU_PANJANG" \
	"$(t_psql "SELECT string_agg(line || ' ' || reason, ', ' ORDER BY line) FROM rejected_row WHERE batch_id = 2")"
Q="SELECT line, noka, nik, nama, nama_kunci, tgl_lahir, jenis_kelamin, status, status_raw, segmen, flags FROM peserta_row"
check "same cleaned rows as the CSV" \
	"$(t_psql "$Q WHERE batch_id = 1 ORDER BY line")" \
	"$(t_psql "$Q WHERE batch_id = 2 ORDER BY line")"
check "workbook rows, cleaned (NIK and NOKA from NUMBER cells)" \
	"4|0001234567890|3325010101900001|BUDI SANTOSO|BUDI SANTOSO|1990-01-01|L|AKTIF|AKTIF|PBPU_PEMDA|{NOKA_DIPERBAIKI}
5|0001234567891|3325014101900002|SITI AMINAH|SITI AMINAH|1990-01-01|P|AKTIF|0|PBPU_PEMDA|{NOKA_DIPERBAIKI}
6|0001234567892||ANI|ANI||P|AKTIF|AKTIF|PBPU_PEMDA|{ID_RUSAK_EXCEL,NOKA_DIPERBAIKI}
11|12345678AB|1025010101900004|SALAH|SALAH||L|NON_AKTIF|NON AKTIF|PBI_APBN|{NIK_TIDAK_VALID,NOKA_TIDAK_VALID,TGL_TIDAK_VALID}
13|0001234567896|7171010101900007|DEWI|DEWI|2024-02-29|P|KELUAR|KELUAR|PBPU_PEMDA|{NOKA_DIPERBAIKI}" \
	"$(t_psql "$Q WHERE batch_id = 2 ORDER BY line")"
check "a rejected row's raw text: its cells joined by TAB" \
	"5\\t\\t\\tTANPA ID\\t\\tL\\tAKTIF\\t\\tKEC B" \
	"$(t_psql "SELECT replace(raw, E'\\t', '\\t') FROM rejected_row WHERE batch_id = 2 AND line = 8")"
check "unused columns named, as for CSV" 'columns not used: "No", "Catatan"' \
	"$(t_psql "SELECT message FROM batch WHERE id = 2")"

# --- the same workbook again: skipped -------------------------------------------
check_rc "re-import of the workbook exits 0" 0 $REKON import peserta "$F/peserta-2026-12.xlsx"
check "re-import says which batch" \
	"$F/peserta-2026-12.xlsx: skipped: already imported as batch 2 (peserta-2026-12.xlsx, 2026-12)" \
	"$(cat "$T/last.out")"

# --- told by content, not by name ------------------------------------------------
cp "$F/peserta-2026-12.xlsx" "$F/segmen-2026-12.csv"
check_rc "a workbook named .csv" 0 $REKON import segmen "$F/segmen-2026-12.csv"
check "read as a workbook" "XLSX|10|4|5|1" \
	"$(t_psql "SELECT encoding, rows_read, accepted, rejected, blank FROM batch WHERE file_name = 'segmen-2026-12.csv'")"

# --- hand-made XML: first sheet is sheet2.xml, NIKs above 2^53 ---------------------
H=$T/hand
mkdir -p "$H"
cat > "$H/rels" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
EOF
cat > "$H/workbook" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="PBI" sheetId="2" r:id="rId5"/><sheet name="Lain" sheetId="1" r:id="rId1"/></sheets></workbook>
EOF
cat > "$H/wbrels" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
EOF
cat > "$H/sst" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>NAMA</t></si><si><t>9.17123E+15</t></si><si><r><t>SI</t></r><r><t>TI</t></r></si></sst>
EOF
cat > "$H/sheet1" <<'EOF'
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>NOMOR</t></is></c></row></sheetData></worksheet>
EOF
cat > "$H/sheet2" <<'EOF'
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>NIK</t></is></c><c r="B1" t="s"><v>0</v></c></row>
<row r="2"><c r="A2"><v>9171014101900001</v></c><c r="B2" t="inlineStr"><is><t>ANI</t></is></c></row>
<row r="3"><c r="A3"><v>9.171014101900003E+15</v></c><c r="B3" t="s"><v>2</v></c></row>
<row r="4"><c r="A4" t="s"><v>1</v></c><c r="B4" t="inlineStr"><is><t>RUSAK</t></is></c></row>
<row r="6"><c r="A6"><v>3325011203850001.0</v></c><c r="B6" t="inlineStr"><is><t>DEWI</t></is></c></row>
</sheetData></worksheet>
EOF
mkzip "$F/pbi-2026-11.xlsx" _rels/.rels "$H/rels" xl/workbook.xml "$H/workbook" \
	xl/_rels/workbook.xml.rels "$H/wbrels" xl/sharedStrings.xml "$H/sst" \
	xl/worksheets/sheet1.xml "$H/sheet1" xl/worksheets/sheet2.xml "$H/sheet2"
check_rc "import a hand-made workbook" 0 $REKON import segmen "$F/pbi-2026-11.xlsx" --label PBI_HAND
check "hand-made: counts" "5|3|1|1|1" \
	"$(t_psql "SELECT rows_read, accepted, rejected, blank, header_line FROM batch WHERE label = 'PBI_HAND'")"
check "hand-made: NIKs above 2^53 exact, E-notation expanded, .0 dropped" \
	"2|9171014101900001|ANI|{}
3|9171014101900003|SITI|{}
6|3325011203850001|DEWI|{}" \
	"$(t_psql "SELECT line, nik, nama, flags FROM segmen_row s JOIN batch b ON b.id = s.batch_id WHERE b.label = 'PBI_HAND' ORDER BY line")"
check "hand-made: a text cell in E-notation is ID_RUSAK_EXCEL" "4|ID_RUSAK_EXCEL|9.17123E+15	RUSAK" \
	"$(t_psql "SELECT line, reason, raw FROM rejected_row r JOIN batch b ON b.id = r.batch_id WHERE b.label = 'PBI_HAND'")"

# --- refused whole: each a DITOLAK batch with its reason ------------------------
refused() {	# NAME FILE KIND MESSAGE
	check_rc "$1: exits 65" 65 $REKON import "$3" "$2" --period 2026-11
	check "$1: message" "rekon: $4" "$(cat "$T/last.err")"
	check "$1: a DITOLAK batch with the reason, no rows" "DITOLAK|$4|0" \
		"$(t_psql "SELECT outcome, message, (SELECT count(*) FROM rejected_row r WHERE r.batch_id = b.id) FROM batch b WHERE file_name = '$(basename "$2")'")"
}

{ printf '\320\317\021\340\241\261\032\341'; head -c 600 /dev/zero; } > "$F/peserta-lama.xls"
refused ".xls" "$F/peserta-lama.xls" peserta \
	"peserta-lama.xls: an Excel 97-2003 .xls workbook: save it as .xlsx or CSV"

printf '\377\376N\000I\000K\000;\000N\000A\000M\000A\000\r\000\n\000' > "$F/unicode.txt"
refused "UTF-16 text" "$F/unicode.txt" dtks \
	"unicode.txt: a UTF-16 text file (Excel's \"Unicode Text\"): save it as CSV UTF-8 or .xlsx"

# 3 MB of rows compressed to a few KB; the limit is 1 MB
$PY - "$H/bomb" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    f.write('<row r="1"><c r="A1" t="inlineStr"><is><t>NIK</t></is></c></row>')
    f.write('<row><c t="inlineStr"><is><t>' + 'A' * (3 * 1024 * 1024) + '</t></is></c></row>')
    f.write('</sheetData></worksheet>')
PY
mkzip "$F/bomb.xlsx" _rels/.rels "$H/rels" xl/workbook.xml "$H/workbook" \
	xl/_rels/workbook.xml.rels "$H/wbrels" xl/sharedStrings.xml "$H/sst" \
	xl/worksheets/sheet1.xml "$H/sheet1" xl/worksheets/sheet2.xml "$H/bomb"
check "the bomb is small" "yes" "$([ "$(wc -c < "$F/bomb.xlsx")" -lt 100000 ] && echo yes)"
refused "zip bomb" "$F/bomb.xlsx" dtks \
	"bomb.xlsx: xl/worksheets/sheet2.xml inflates to 3145952 bytes (3147104 with the parts before it), over the limit of 1048576 bytes: refused as a possible zip bomb"

mkzip "$F/arsip.xlsx" notes.txt "$H/rels"
refused "a zip that is no workbook" "$F/arsip.xlsx" dtks \
	"arsip.xlsx: a zip archive but not an XLSX workbook: it has no xl/workbook.xml"

printf 'NIK;NAMA\n' > "$F/bukan.xlsx"
head -c 100 "$F/pbi-2026-11.xlsx" > "$F/potong.xlsx"
refused "a cut-off workbook" "$F/potong.xlsx" dtks \
	"potong.xlsx: not a valid XLSX workbook (zip archive): Not a zip archive"
check_rc "a CSV named .xlsx is read as CSV" 0 $REKON import dtks "$F/bukan.xlsx"

# broken past its header: found while loading, rolled back, refused
{
	printf '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
	printf '<row r="1"><c r="A1" t="inlineStr"><is><t>NIK</t></is></c></row>'
	for i in $(seq 2 40); do
		printf '<row r="%d"><c r="A%d"><v>33250101019000%02d</v></c></row>' "$i" "$i" "$i"
	done
	printf '<row r="41"><c r="A41" t="s"><v>99</v></c></row></sheetData></worksheet>'
} > "$H/late"
mkzip "$F/rusak.xlsx" _rels/.rels "$H/rels" xl/workbook.xml "$H/workbook" \
	xl/_rels/workbook.xml.rels "$H/wbrels" xl/sharedStrings.xml "$H/sst" \
	xl/worksheets/sheet1.xml "$H/sheet1" xl/worksheets/sheet2.xml "$H/late"
refused "broken past its header" "$F/rusak.xlsx" segmen \
	"rusak.xlsx: xl/worksheets/sheet2.xml: row 41: shared string 99 does not exist (the workbook has 3)"
check "nothing of it stayed" "0" \
	"$(t_psql "SELECT count(*) FROM segmen_row d JOIN batch b ON b.id = d.batch_id WHERE b.file_name = 'rusak.xlsx'")"
check "the invariant holds for every OK batch" "t" \
	"$(t_psql "SELECT bool_and(rows_read = accepted + rejected + blank) FROM batch WHERE outcome = 'OK'")"

# --- streamed: peak memory does not grow with the rows ---------------------------
# 20,000 and 200,000 rows, two unique shared strings a row (the strings go
# to a temporary file; memory keeps 8 bytes a string), margin 8 MiB.
big_book() {	# ROWS OUT
	awk -v n="$1" 'BEGIN {
		printf "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
		printf "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>NO KARTU</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>NIK</t></is></c>"
		printf "<c r=\"C1\" t=\"inlineStr\"><is><t>NAMA</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>STATUS PESERTA</t></is></c><c r=\"E1\" t=\"inlineStr\"><is><t>ALAMAT</t></is></c></row>\n"
		for (i = 1; i <= n; i++)
			printf "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c><c r=\"B%d\"><v>3325010101%06d</v></c><c r=\"C%d\" t=\"s\"><v>%d</v></c><c r=\"D%d\" t=\"s\"><v>0</v></c><c r=\"E%d\" t=\"s\"><v>%d</v></c></row>\n", i + 1, i + 1, i, i + 1, i, i + 1, 2 * i - 1, i + 1, i + 1, 2 * i
		printf "</sheetData></worksheet>" }' > "$H/big-sheet"
	awk -v n="$1" 'BEGIN {
		printf "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>AKTIF</t></si>"
		for (i = 1; i <= n; i++)
			printf "<si><t>PESERTA NOMOR %d</t></si><si><t>JL MAWAR NO %d RT 001 RW 002</t></si>\n", i, i
		printf "</sst>" }' > "$H/big-sst"
	mkzip "$2" _rels/.rels "$H/rels" xl/workbook.xml "$H/workbook" \
		xl/_rels/workbook.xml.rels "$H/wbrels" xl/sharedStrings.xml "$H/big-sst" \
		xl/worksheets/sheet2.xml "$H/big-sheet" xl/worksheets/sheet1.xml "$H/sheet1"
}
cat >> "$T/rekon.conf" <<'CONF'
max_file_mb = 100
CONF
sed -i 's/^max_file_mb = 1$//' "$T/rekon.conf"
big_book 20000 "$F/peserta-2027-01.xlsx"
big_book 200000 "$F/peserta-2027-02.xlsx"
/usr/bin/time -f %M -o "$T/small.kb" $REKON -q import peserta "$F/peserta-2027-01.xlsx" >/dev/null
/usr/bin/time -f %M -o "$T/big.kb" $REKON -q import peserta "$F/peserta-2027-02.xlsx" >/dev/null
small=$(tail -1 "$T/small.kb")
big=$(tail -1 "$T/big.kb")
check "200,000 workbook rows imported, the last one whole" \
	"200000|200001|0000000200000|3325010101200000|PESERTA NOMOR 200000|JL MAWAR NO 200000 RT 001 RW 002" \
	"$(t_psql "SELECT b.accepted, line, noka, nik, nama, alamat FROM peserta_row p JOIN batch b ON b.id = p.batch_id WHERE b.period = '2027-02' ORDER BY line DESC LIMIT 1")"
check "peak memory does not grow with workbook rows (small ${small} KiB, big ${big} KiB, margin 8 MiB)" "yes" \
	"$([ "$big" -le $((small + 8192)) ] && echo yes || echo no)"

t_done
