#!/bin/sh
# Hostile and broken input (every row accepted or refused with a reason, never a crash): a
# corpus of bad files, each with its exact outcome: refused whole with a
# message that says why (exit 65), or imported with exact accepted and
# rejected counts. Metacharacters in values and in a file's name are stored
# verbatim and never run. Afterwards a month runs, and every batch of the
# JSON summary has baris = diterima + ditolak.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
t_pg_start
H=$T/hostile
mkdir -p "$H"
K='NIK|NAMA|TGL MENINGGAL'

imp() {	# imp NAME: import $H/kematian-2026-10-NAME.csv; exit code, output in last.*
	check_rc "$1: exit $2" "$2" $REKON import kematian "$H/kematian-2026-10-$1.csv"
}
counts() {	# counts NAME: "read accepted rejected blank" of the file's batch
	t_psql "SELECT rows_read || ' ' || accepted || ' ' || rejected || ' ' || blank
	        FROM batch WHERE file_name = 'kematian-2026-10-$1.csv' AND outcome = 'OK'"
}
reasons() {	# reasons NAME: "line:REASON ..." of its rejected rows
	t_psql "SELECT string_agg(r.line || ':' || r.reason, ' ' ORDER BY r.line) FROM rejected_row r
	        JOIN batch b ON b.id = r.batch_id WHERE b.file_name = 'kematian-2026-10-$1.csv'"
}
refused_because() {	# the refusal, recorded as a DITOLAK batch
	t_psql "SELECT count(*) FROM batch WHERE file_name = 'kematian-2026-10-$1.csv' AND outcome = 'DITOLAK'"
}

# 1. empty
: > "$H/kematian-2026-10-kosong.csv"
imp kosong 65
check "kosong: says the file is empty" "yes" "$(grep -q '(none: the file is empty)' "$T/last.err" && echo yes)"
check "kosong: recorded as refused" "1" "$(refused_because kosong)"
# 2. header only
printf '%s\r\n' "$K" > "$H/kematian-2026-10-header.csv"
imp header 0
check "header only: a batch of no rows" "0 0 0 0" "$(counts header)"
# 3. random binary
python3 -c "import random; r = random.Random(7); open('$H/kematian-2026-10-biner.csv', 'wb').write(bytes(r.randrange(256) for _ in range(65536)))"
imp biner 65
check "biner: no header found, said in one line" "yes" \
	"$(grep -q 'no header row with the required columns of kematian' "$T/last.err" && [ "$(wc -l < "$T/last.err")" = 1 ] && echo yes)"
# 4. one 5 MB line, no newline
python3 -c "open('$H/kematian-2026-10-satu-baris.csv', 'w').write('A' * 5 * 1024 * 1024)"
imp satu-baris 65
check "satu baris: the message quotes 40 bytes of it, not 5 MB" "yes" \
	"$(grep -q '"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA…"$' "$T/last.err" && [ "$(wc -c < "$T/last.err")" -lt 400 ] && echo yes)"
# 4b. no header row: the first row is data, and the refusal quotes it
# without any whole identifier (it goes to the log)
printf '3325010101900001|BUDI|01-10-2026\n' > "$H/kematian-2026-10-tanpa-header.csv"
imp tanpa-header 65
check "tanpa header: the NIK shown by its first four digits" \
	'rekon: kematian-2026-10-tanpa-header.csv: no header row with the required columns of kematian among the first 20 rows: missing nik, tgl_meninggal; headers found in the first row: "3325…", "BUDI", "01-10-2026"' \
	"$(cat "$T/last.err")"
# 5. an unterminated quote: CSV_RUSAK where it began, the rows before it kept
printf '%s\n3325010101900001|BUDI|01-10-2026\n3325010101900002|"SITI\n3325010101900003|ANI|02-10-2026\n' "$K" \
	> "$H/kematian-2026-10-kutip.csv"
imp kutip 0
check "kutip: counts" "2 1 1 0" "$(counts kutip)"
check "kutip: CSV_RUSAK on line 3, where the quote began" "3:CSV_RUSAK" "$(reasons kutip)"
# 6. NUL bytes
printf '%s\n3325010101900001|BU\000DI|01-10-2026\n3325010101900002|SITI|02-10-2026\n' "$K" > "$H/kematian-2026-10-nul.csv"
imp nul 0
check "nul: counts" "2 1 1 0" "$(counts nul)"
check "nul: BYTE_NUL on line 2" "2:BYTE_NUL" "$(reasons nul)"
# 7. 2,000 columns: over [limits] max_columns
python3 -c "
h = '|'.join(['NIK', 'NAMA', 'TGL MENINGGAL'] + ['K%d' % i for i in range(1997)])
open('$H/kematian-2026-10-kolom.csv', 'w').write(h + '\n' + '|'.join(['3325010101900001', 'BUDI', '01-10-2026'] + ['x'] * 1997) + '\n')"
imp kolom 65
check "kolom: says the limit" "rekon: kematian-2026-10-kolom.csv: the header has 2000 columns, more than [limits] max_columns = 512" \
	"$(cat "$T/last.err")"
# 8. a 1 MB field: over [limits] max_field_bytes, the row rejected
python3 -c "open('$H/kematian-2026-10-panjang.csv', 'w').write('$K\n3325010101900001|' + 'B' * (1024 * 1024) + '|01-10-2026\n3325010101900002|SITI|02-10-2026\n')"
imp panjang 0
check "panjang: counts" "2 1 1 0" "$(counts panjang)"
check "panjang: FIELD_TERLALU_PANJANG on line 2" "2:FIELD_TERLALU_PANJANG" "$(reasons panjang)"
# 9. invalid UTF-8: the file is read as Windows-1252
printf '%s\n3325010101900001|B\351\377DI|01-10-2026\n3325010101900002|SITI|02-10-2026\n' "$K" > "$H/kematian-2026-10-utf8.csv"
imp utf8 0
check "utf8: counts" "2 2 0 0" "$(counts utf8)"
check "utf8: decoded as Windows-1252 (names upper-cased)" "WINDOWS-1252|BÉÿDI" \
	"$(t_psql "SELECT b.encoding || '|' || k.nama FROM batch b JOIN kematian_row k ON k.batch_id = b.id
	           WHERE b.file_name = 'kematian-2026-10-utf8.csv' AND k.line = 2")"
# 10. CR, LF and CRLF mixed
printf '%s\r\n3325010101900001|BUDI|01-10-2026\r3325010101900002|SITI|02-10-2026\n3325010101900003|ANI|03-10-2026\r\n' "$K" \
	> "$H/kematian-2026-10-baris.csv"
imp baris 0
check "baris: counts" "3 3 0 0" "$(counts baris)"
check "baris: each row its own line" "2 3 4" \
	"$(t_psql "SELECT string_agg(k.line::text, ' ' ORDER BY k.line) FROM kematian_row k JOIN batch b ON b.id = k.batch_id
	           WHERE b.file_name = 'kematian-2026-10-baris.csv'")"
# 11. quote-only fields
printf '%s\n""|""|""\n3325010101900002|""|02-10-2026\n"3325010101900003"|"ANI"|"03-10-2026"\n' "$K" \
	> "$H/kematian-2026-10-kutip-saja.csv"
imp kutip-saja 0
check "kutip saja: the empty row is blank, the others kept" "3 2 0 1" "$(counts kutip-saja)"
# 12. SQL and shell metacharacters in values and in the file's name
META='$(touch '"$T"'/pwned) `touch '"$T"'/pwned2` ; rm -rf / \" \\ '"'"'; DROP TABLE batch; --'
NAME='kematian-2026-10-$(touch pwned3);x'"'"'.csv'
printf '%s\n3325010101900001|%s|01-10-2026\n' "$K" "$META" > "$H/$NAME"
(cd "$H" && check_rc "metacharacters: imported" 0 $REKON import kematian "$NAME")
check "metacharacters: the value stored verbatim (names upper-cased)" "$(printf '%s' "$META" | tr 'a-z' 'A-Z')" \
	"$(t_psql "SELECT k.nama FROM kematian_row k JOIN batch b ON b.id = k.batch_id WHERE b.file_name = '$(printf '%s' "$NAME" | sed "s/'/''/g")'")"
check "metacharacters: nothing ran" "" "$(ls "$T" "$H" | grep -x 'pwned[23]\{0,1\}')"
check "metacharacters: the file name stored verbatim" "1" \
	"$(t_psql "SELECT count(*) FROM batch WHERE file_name = '$(printf '%s' "$NAME" | sed "s/'/''/g")'")"
check "metacharacters: the batch table is there" "t" "$(t_psql "SELECT count(*) > 5 FROM batch")"
# 13. impossible dates
printf '%s\n3325010101900001|BUDI|31-02-2026\n3325010101900002|SITI|00-00-0000\n3325010101900003|ANI|29-02-2025\n3325010101900004|DEWI|02-10-2026\n' "$K" \
	> "$H/kematian-2026-10-tanggal.csv"
imp tanggal 0
check "tanggal: counts" "4 1 3 0" "$(counts tanggal)"
check "tanggal: TGL_TIDAK_VALID on lines 2-4" "2:TGL_TIDAK_VALID 3:TGL_TIDAK_VALID 4:TGL_TIDAK_VALID" "$(reasons tanggal)"
# 14. a file over [limits] max_file_mb
printf '\n[limits]\nmax_file_mb = 1\n' >> "$T/rekon.conf"
cp "$H/kematian-2026-10-panjang.csv" "$H/kematian-2026-10-besar.csv"
imp besar 65
check "besar: says the limit" "yes" "$(grep -q 'over the limit' "$T/last.err" && echo yes)"
sed -i '/^\[limits\]$/,$d' "$T/rekon.conf"

check "no refusal left a batch with rows" "0" \
	"$(t_psql "SELECT count(*) FROM batch b WHERE outcome = 'DITOLAK' AND (accepted > 0 OR EXISTS (SELECT 1 FROM kematian_row k WHERE k.batch_id = b.id))")"

# --- afterwards, a month runs ------------------------------------------------------
$REKON_BIN gen --out "$T/gen" --scale 10 --seed 5 --period 2026-11 --months 2 >/dev/null 2>&1
for f in "$T"/gen/*-2026-10.csv; do
	case $f in *kematian*) continue ;; esac	# the hostile files are 2026-10's death records
	t_import_gen "$f"
done
check_rc "run all 2026-10 after the hostile files" 0 $REKON -q run all --period 2026-10
J=$T/state/outbox/2026-10/rekonsiliasi-2026-10.json
check "every batch of the summary: baris = diterima + ditolak" "ok" \
	"$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print("ok" if d["batch"] and all(b["baris"] == b["diterima"] + b["ditolak"] for b in d["batch"]) else "bad")' "$J")"
t_done
