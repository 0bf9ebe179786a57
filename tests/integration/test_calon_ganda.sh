#!/bin/sh
# rules.md §10 as a new user and a reviewer meet it (issue 18): gen's
# planted duplicates and look-alikes (rekon gen --ganda), scored by
# `run all`; the pairs listed are exactly gen's SAMA pairs, all GANDA_PASTI,
# no look-alike; the same data gives the same pairs, probabilities and
# model; the Calon Ganda sheet as outputs.md lists it (its drop-down on
# KEPUTUSAN); the reviewer's round trip: rekon's workbook filled in (SAMA,
# BEDA), saved again by LibreOffice, imported back; the next month lists
# neither the BEDA nor the SAMA pairs, flags the SAMA pairs' losing keys
# GANDA_ORANG and keeps them out of the SK; a person under three keys is
# one KELOMPOK; the JSON's calon_ganda counts.
. "$(dirname "$0")/../helpers/lib.sh"
command -v soffice >/dev/null ||
	{ echo "FAIL: needs soffice (libreoffice-calc-nogui)"; exit 1; }
PY=${PYTHON:-/usr/bin/python3}
t_setup
G=$T/gen
F=$T/in
mkdir -p "$F"
O=$T/state/outbox
check_rc "gen --kependudukan --ganda at scale 10" 0 $REKON gen --out "$G" --scale 10 --kependudukan --ganda
cat "$G/gen-konfig.conf" >> "$T/rekon.conf"
# gen places every row; three rows of PBPU Pemda placed otherwise, away from
# gen's pairs: two without kecamatan and kelurahan (placed by D, which has
# their NIK), one without kelurahan ((TANPA KELURAHAN)). Checked below.
awk -F';' -v OFS=';' 'FNR == NR { if (FNR > 1) { k[$1] = 1; k[$2] = 1 }; next }
	FILENAME ~ /dtks/ { if (FNR > 1) { split($0, x, "|"); d[x[1]] = 1 }; next }
	FNR > 1 && $15 ~ /PEMDA/ && $14 == "AKTIF" && !($2 in k) && ($2 in d) && n < 3 {
		n++; $10 = ""; if (n < 3) $9 = "" }
	{ print }' "$G/gen-ganda.txt" "$G/dtks-2026-10.csv" "$G/peserta-2026-10.csv" > "$T/p.csv" &&
	mv "$T/p.csv" "$G/peserta-2026-10.csv"
# gen's truth, "KUNCI_1|KUNCI_2" lines, C order.
truth() { tail -n +2 "$G/gen-ganda.txt" | awk -F';' -v k="$1" -v j="${2:-}" \
	'$4 == k && (j == "" || $3 == j) { print $1 "|" $2 }' | LC_ALL=C sort; }
pairs() { t_psql "SELECT kunci_a || '|' || kunci_b FROM calon_ganda WHERE period = '$1' ${2:-} ORDER BY kunci_a COLLATE \"C\", kunci_b COLLATE \"C\""; }
json_cg() { "$PY" -c 'import json, sys; c = json.load(open(sys.argv[1]))["calon_ganda"]; print(" ".join("%s=%s" % (k, c[k]) for k in ("ganda_pasti", "perlu_diperiksa", "sama", "beda")))' "$O/$1/rekonsiliasi-$1.json"; }
NSAMA=$(truth SAMA | grep -c .)
check "gen planted 13 SAMA pairs (12 of §10's kinds, 1 REK_KEMUNGKINAN_GANDA) and 6 look-alikes" "13 6" \
	"$NSAMA $(truth BEDA | grep -c .)"

t_pg_start
check_rc "2026-10 in the office's order" 0 t_month_gen "$G" 2026-10 final
check "2026-10: the pairs listed are exactly gen's SAMA pairs, every one GANDA_PASTI" \
	"$(truth SAMA)" "$(pairs 2026-10 "AND kelas = 'GANDA_PASTI'")"
check "... and nothing else: no look-alike (twins, common names, another kelurahan), no PERLU_DIPERIKSA" "0" \
	"$(t_psql "SELECT count(*) FROM calon_ganda WHERE period = '2026-10' AND kelas <> 'GANDA_PASTI'")"
check "... the JSON's calon_ganda" "ganda_pasti=13 perlu_diperiksa=0 sama=0 beda=0" "$(json_cg 2026-10)"
check "... each pair a KELOMPOK of its own, numbered in the sheet's order" "1,2,3,4,5,6,7,8,9,10,11,12,13" \
	"$(t_psql "SELECT string_agg(kelompok::text, ',' ORDER BY urut) FROM calon_ganda WHERE period = '2026-10'")"
check "... the model: every level's m, u and weight log2(m/u), stored for the period" "18|0" \
	"$(t_psql "SELECT count(*), count(*) FILTER (WHERE abs(bobot - ln(m / u) / ln(2)) > 1e-9) FROM ganda_model WHERE period = '2026-10'")"
check "... λ is the EM's fixed point: the candidate pairs' probabilities summed over all n(n-1)/2 pairs" "yes" \
	"$(t_psql "SELECT CASE WHEN lambda > 0 AND iterasi BETWEEN 1 AND 199 THEN 'yes' ELSE lambda || ' ' || iterasi END FROM ganda_ringkas WHERE period = '2026-10'")"
check "a swapped birth date and a typo say so in MENGAPA" \
	"nama mirip ≥ 0,8; tgl lahir hari-bulan tertukar; JK sama; No KK sama; kelurahan sama" \
	"$(t_psql "SELECT DISTINCT regexp_replace(c.mengapa, ' \(bobot.*', '') FROM calon_ganda c WHERE c.period = '2026-10' AND c.kunci_a || '|' || c.kunci_b IN ($(truth SAMA NAMA_KETIK_TGL_TUKAR | sed "s/.*/'&'/" | paste -sd,))")"

# The scoring runs beside the rules (jobs/rekonsiliasi.c), so it places a
# rekaman from Bp and D itself (rekon_tempat_baris): the same place as
# rekon_peserta's for every row of Bp, from the row, from D or none.
check "the rekaman's place: peserta_hasil's for every row of Bp (rows placed by themselves, by D, not at all)" \
	"0|yes" \
	"$(t_psql "SELECT count(*) FILTER (WHERE rekon_tempat_baris(r.kecamatan, r.kelurahan, d.kecamatan, d.kelurahan) IS DISTINCT FROM CASE WHEN h.kelurahan <> '(TANPA KELURAHAN)' THEN h.kecamatan || '/' || h.kelurahan END) || '|' || CASE WHEN count(*) FILTER (WHERE r.kecamatan <> '') > 0 AND count(*) FILTER (WHERE coalesce(r.kecamatan, '') = '' AND d.kecamatan <> '') > 0 AND count(*) FILTER (WHERE h.kelurahan = '(TANPA KELURAHAN)') > 0 THEN 'yes' ELSE 'no' END FROM peserta_hasil h JOIN peserta_row r ON r.batch_id = h.batch_id AND r.line = h.line AND r.kunci = h.kunci LEFT JOIN rekon_d('2026-10') d ON d.nik = nullif(r.nik, '') WHERE h.period = '2026-10'")"
# ... and case by case: (row kecamatan, kelurahan, D's kecamatan, kelurahan).
check "rekon_tempat_baris, table of cases" \
	"KEC A/KEL B|KEC A/KEL B|-|-|KEC D/KEL E|-|-|-" \
	"$(t_psql "SELECT string_agg(coalesce(rekon_tempat_baris(a, b, c, d), '-'), '|' ORDER BY n) FROM (VALUES (1, 'kec a', 'kel b', 'KEC D', 'KEL E'), (2, 'Kec A', 'Kel B', NULL, NULL), (3, 'KEC A', '', 'KEC D', 'KEL E'), (4, 'KEC A', NULL, NULL, NULL), (5, '', 'KEL B', 'kec d', 'kel e'), (6, NULL, NULL, 'KEC D', ''), (7, '', '', '', 'KEL E'), (8, 'KEC A', '(tanpa kelurahan)', NULL, NULL)) v(n, a, b, c, d)")"

# The same data, the same pairs: run again and compare every stored value.
snap() { t_psql "SELECT md5(string_agg(concat_ws('|', kunci_a, kunci_b, kelas, peluang::text, bobot::text, kelompok, urut, mengapa), ';' ORDER BY urut)) FROM calon_ganda WHERE period = '2026-10'"
	t_psql "SELECT md5(string_agg(concat_ws('|', bidang, tingkat, syarat, u::text, bobot::text), ';' ORDER BY bidang, tingkat, syarat)) FROM ganda_model WHERE period = '2026-10'"
	t_psql "SELECT lambda::text || ' ' || iterasi FROM ganda_ringkas WHERE period = '2026-10'"; }
snap > "$T/snap1"
check_rc "rekonsiliasi 2026-10 again" 0 $REKON -q rekonsiliasi --period 2026-10
snap > "$T/snap2"
check "the same data gives the same pairs, probabilities, model and λ (to the last bit)" "$(cat "$T/snap1")" "$(cat "$T/snap2")"

X=$O/2026-10/rekonsiliasi-2026-10.xlsx
check "the Calon Ganda sheet after Tindak Lanjut, before Kelebihan Bayar" "Tindak Lanjut,Calon Ganda,Kelebihan Bayar" \
	"$("$PY" "$ROOT/tests/helpers/xlsx_check.py" "$X" sheets | grep -A1 -B1 '^Calon Ganda$' | paste -sd,)"
check "... its header (outputs.md)" \
	"6|NO;KELOMPOK;PELUANG;NIK A;NIK B;NAMA A;NAMA B;TGL LAHIR A;TGL LAHIR B;JK A;JK B;NO KK A;NO KK B;KELURAHAN A;KELURAHAN B;MENGAPA;KEPUTUSAN;KUNCI A;KUNCI B" \
	"$("$PY" "$ROOT/tests/helpers/xlsx_check.py" "$X" header "Calon Ganda")"
check "... its rows: the stored pairs in order, KEPUTUSAN empty" \
	"$(t_psql "SELECT urut || ';' || kelompok || ';;' || kunci_a || ';' || kunci_b FROM calon_ganda WHERE period = '2026-10' ORDER BY urut")" \
	"$("$PY" "$ROOT/tests/helpers/xlsx_check.py" "$X" rows "Calon Ganda" | awk -F';' '{ print $1 ";" $2 ";" $(NF-2) ";" $(NF-1) ";" $NF }')"
check "... PELUANG a number (percent, one decimal), the NIKs and keys text" "n:0.0 s:@ s:@" \
	"$("$PY" -c 'import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])["Calon Ganda"]
h = [c.value for c in ws[6]]
print(" ".join("%s:%s" % (ws.cell(7, h.index(k) + 1).data_type, ws.cell(7, h.index(k) + 1).number_format) for k in ("PELUANG", "NIK A", "KUNCI B")))' "$X")"
check "... KEPUTUSAN offers SAMA / BEDA on exactly the 13 rows" "Q7:Q19 list \"SAMA,BEDA\"" \
	"$("$PY" -c 'import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])["Calon Ganda"]
print(" ".join("%s %s %s" % (d.sqref, d.type, d.formula1) for d in ws.data_validations.dataValidation))' "$X")"

# The same workbook with sheets cut at 12 rows (report --max-rows, as rekon
# cuts any list at Excel's row limit): Calon Ganda, (2), (3), each with the
# title block and the header again.
check_rc "report rekonsiliasi 2026-10 --max-rows 12" 0 $REKON -q report rekonsiliasi --period 2026-10 --max-rows 12
check "... the pairs over three sheets: 6, 6 and 1 rows" "Calon Ganda 6|Calon Ganda (2) 6|Calon Ganda (3) 1" \
	"$("$PY" -c 'import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
print("|".join("%s %d" % (n, sum(1 for r in wb[n].iter_rows(min_row=7, values_only=True) if r[0] is not None)) for n in wb.sheetnames if n.startswith("Calon Ganda")))' "$X")"

# The reviewer: SAMA for the typos, split names and the REK pair, BEDA for
# the swapped dates, nothing for the rest, on every sheet; saved by
# LibreOffice.
mkdir -p "$F/isi" "$F/lo"
"$PY" - "$X" "$F/isi/rekonsiliasi-2026-10.xlsx" "$(truth SAMA NAMA_KETIK; truth SAMA NAMA_PISAH; truth SAMA KEMUNGKINAN_GANDA)" "$(truth SAMA TGL_TUKAR)" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
sama, beda = set(sys.argv[3].split()), set(sys.argv[4].split())
for name in wb.sheetnames:
    if not name.startswith("Calon Ganda"):
        continue
    ws = wb[name]
    head = [c.value for c in ws[6]]
    ka, kb, kp = head.index("KUNCI A"), head.index("KUNCI B"), head.index("KEPUTUSAN")
    for row in ws.iter_rows(min_row=7):
        k = "%s|%s" % (row[ka].value, row[kb].value)
        if k in sama: row[kp].value = "SAMA"
        if k in beda: row[kp].value = "BEDA"
wb.save(sys.argv[2])
PY
HOME=$T timeout 180 soffice -env:UserInstallation=file://$T/lo --headless \
	--convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$F/lo" "$F/isi/rekonsiliasi-2026-10.xlsx" >/dev/null 2>&1
check "LibreOffice saved the filled workbook, its drop-downs kept" "Q7:Q12 Q7:Q12 Q7" \
	"$("$PY" -c 'import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
print(" ".join(str(d.sqref) for n in wb.sheetnames if n.startswith("Calon Ganda") for d in wb[n].data_validations.dataValidation))' "$F/lo/rekonsiliasi-2026-10.xlsx" 2>&1)"
check_rc "rekon import FILE (LibreOffice's): 0" 0 $REKON import "$F/lo/rekonsiliasi-2026-10.xlsx"
check "... a keputusan batch of 2026-10 read from the three sheets: 13 rows, 7 decided, 6 blank, none rejected" "keputusan|2026-10|13|7|0|6" \
	"$(t_psql "SELECT kind, period, rows_read, accepted, rejected, blank FROM batch ORDER BY id DESC LIMIT 1")"
check "... a continuation's rows numbered past the sheets before (1048576 x (N - 1) + the Excel row)" "yes" \
	"$(t_psql "SELECT CASE WHEN max(line) > 2 * 1048576 AND min(line) < 1048576 THEN 'yes' ELSE min(line) || '..' || max(line) END FROM keputusan_row WHERE batch_id = (SELECT max(id) FROM batch)")"
LO=$(t_psql "SELECT k.kunci_a || '|' || k.kunci_b || '|' || k.keputusan FROM keputusan_row k WHERE k.batch_id = (SELECT max(id) FROM batch) ORDER BY k.kunci_a COLLATE \"C\", k.kunci_b COLLATE \"C\"")
check_rc "the workbook as rekon wrote it, filled in (not through LibreOffice): 0" 0 $REKON import keputusan "$F/isi/rekonsiliasi-2026-10.xlsx"
check "... the same decisions from both" "$LO" \
	"$(t_psql "SELECT k.kunci_a || '|' || k.kunci_b || '|' || k.keputusan FROM keputusan_row k WHERE k.batch_id = (SELECT max(id) FROM batch) ORDER BY k.kunci_a COLLATE \"C\", k.kunci_b COLLATE \"C\"")"
check "... the reviewer's: SAMA for 5, BEDA for 2" "$( ( (truth SAMA NAMA_KETIK; truth SAMA NAMA_PISAH; truth SAMA KEMUNGKINAN_GANDA) | sed 's/$/|SAMA/'; truth SAMA TGL_TUKAR | sed 's/$/|BEDA/') | LC_ALL=C sort -t'|' -k3,3r -k1,2)" \
	"$(echo "$LO" | LC_ALL=C sort -t'|' -k3,3r -k1,2)"

# 2026-11: one NIK_KEDUA person also under a third NIK (its second row
# again, serial 7777, another NOKA): three keys, one person.
K3=$(truth SAMA NIK_KEDUA | head -1)
B2=${K3#*|}
C3=$(echo "$B2" | cut -c1-12)7777
awk -v b="$B2" -v c="$C3" 'BEGIN { FS = OFS = ";" } { print } index($0, ";" b ";") { l = $0 } END { n = split(l, f, ";"); for (i = 1; i <= n; i++) { if (f[i] == b) f[i] = c; else if (f[i] ~ /^[0-9]{13}$/) f[i] = "0009999999990" } l = f[1]; for (i = 2; i <= n; i++) l = l ";" f[i]; printf "%s", l }' \
	"$G/peserta-2026-11.csv" > "$T/p" && printf '\r\n' >> "$T/p" && mv "$T/p" "$G/peserta-2026-11.csv"
check_rc "2026-11 in the office's order (with the third key)" 0 t_month_gen "$G" 2026-11 final
(truth SAMA NAMA_KETIK; truth SAMA NAMA_PISAH; truth SAMA KEMUNGKINAN_GANDA; truth SAMA TGL_TUKAR) > "$T/decided"
check "2026-11: neither the BEDA nor the SAMA pairs are listed again" "" \
	"$(pairs 2026-11 | grep -F -x -f "$T/decided")"
check "... the undecided SAMA pairs and the third key's two new pairs, all GANDA_PASTI" \
	"$( (truth SAMA NIK_KETIK; truth SAMA NIK_KEDUA; truth SAMA NAMA_KETIK_TGL_TUKAR; echo "${K3%|*}|$C3"; echo "$C3|$B2") | LC_ALL=C sort)" \
	"$(pairs 2026-11 "AND kelas = 'GANDA_PASTI'")"
check "... the three keys of one person: one KELOMPOK, on its three pairs" "3|1" \
	"$(t_psql "SELECT count(*), count(DISTINCT kelompok) FROM calon_ganda WHERE period = '2026-11' AND kunci_a IN ('${K3%|*}', '$B2', '$C3') AND kunci_b IN ('${K3%|*}', '$B2', '$C3')")"
check "... the other pairs: a KELOMPOK each" "5|5" \
	"$(t_psql "SELECT count(*), count(DISTINCT kelompok) FROM calon_ganda WHERE period = '2026-11' AND NOT (kunci_a IN ('${K3%|*}', '$B2', '$C3') AND kunci_b IN ('${K3%|*}', '$B2', '$C3'))")"
check "each SAMA pair: one key's AKTIF rows GANDA_ORANG (the second key: in no DTKS, no extract), out of the SK; the other in it" \
	"5 pairs, 1 flagged each, flagged out of the SK, the other in" \
	"$(t_psql "WITH d AS (SELECT split_part(x, '|', 1) AS a, split_part(x, '|', 2) AS b FROM unnest(string_to_array('$( (truth SAMA NAMA_KETIK; truth SAMA NAMA_PISAH; truth SAMA KEMUNGKINAN_GANDA) | paste -sd,)', ',')) x),
	  f AS (SELECT d.a, d.b,
	        (SELECT count(*) FROM peserta_hasil h WHERE h.period = '2026-11' AND h.kunci IN (d.a, d.b) AND 'GANDA_ORANG' = ANY (h.flags)) AS n,
	        (SELECT count(*) FROM peserta_hasil h WHERE h.period = '2026-11' AND h.kunci IN (d.a, d.b) AND 'GANDA_ORANG' = ANY (h.flags) AND NOT h.ditetapkan AND h.dikecualikan = 'GANDA_ORANG') AS keluar,
	        (SELECT count(*) FROM sk_daftar s WHERE s.period = '2026-11' AND s.kunci IN (d.a, d.b)) AS di_sk
	        FROM d)
	  SELECT count(*) || ' pairs, ' || min(n) || ' flagged each, ' ||
	         CASE WHEN bool_and(keluar = 1) THEN 'flagged out of the SK' ELSE 'NOT out' END || ', ' ||
	         CASE WHEN bool_and(di_sk = 1) THEN 'the other in' ELSE 'NOT in' END FROM f")"
check "... the JSON's calon_ganda: 8 listed (6 undecided + 2 new), 5 SAMA, 2 BEDA" "ganda_pasti=8 perlu_diperiksa=0 sama=5 beda=2" "$(json_cg 2026-11)"
check "... the JSON's GANDA_ORANG flags and exclusions" "5 5" \
	"$("$PY" -c 'import json, sys; j = json.load(open(sys.argv[1])); print(j["flag"]["GANDA_ORANG"], j["dikecualikan"]["GANDA_ORANG"])' "$O/2026-11/rekonsiliasi-2026-11.json")"

# A continuation sheet that does not repeat the header: refused, nothing
# imported (its rows would be read as something else).
"$PY" - "$F/rekonsiliasi-2026-09.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active; ws.title = "Ringkasan"
cg = wb.create_sheet("Calon Ganda")
cg.append(["NO", "KEPUTUSAN", "KUNCI A", "KUNCI B"])
cg.append([1, "SAMA", "3325010101800011", "3325010101800012"])
c2 = wb.create_sheet("Calon Ganda (2)")
c2.append([2, "BEDA", "3325010101800021", "3325010101800022"])
wb.save(sys.argv[1])
PY
N0=$(t_psql "SELECT count(*) FROM batch")
check_rc "a Calon Ganda (2) without the header row: refused (65)" 65 $REKON import keputusan "$F/rekonsiliasi-2026-09.xlsx"
check "... it says which sheet" "1" "$(grep -c 'sheet "Calon Ganda (2)" does not repeat the header row of "Calon Ganda"' "$T/last.err")"
check "... nothing imported" "$N0" "$(t_psql "SELECT count(*) FROM batch WHERE outcome = 'OK'")"

# The scoring runs beside the rules and commits only after them: when the
# rules fail (here a trigger makes §9's last insert fail), P's stored
# pairs, model and summary are those of the run before, to the row.
cgsnap() { t_psql "SELECT md5(string_agg(t::text, ';' ORDER BY t::text)) FROM (SELECT c.*::text FROM calon_ganda c WHERE period = '2026-11' UNION ALL SELECT r.*::text FROM ganda_ringkas r WHERE period = '2026-11' UNION ALL SELECT m.*::text FROM ganda_model m WHERE period = '2026-11') t"; }
S1=$(cgsnap)
P1=$(pairs 2026-11)
t_psql "CREATE FUNCTION pg_temp_gagal() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RAISE EXCEPTION 'uji: usul_nonaktif ditolak'; END \$\$; CREATE TRIGGER uji_gagal BEFORE INSERT ON usul_nonaktif FOR EACH STATEMENT EXECUTE FUNCTION pg_temp_gagal()" >/dev/null
check_rc "rekonsiliasi 2026-11 --force with its last rule failing: fails (69)" 69 $REKON rekonsiliasi --period 2026-11 --force
check "... with the rule's error" "1" "$(grep -c 'uji: usul_nonaktif ditolak' "$T/last.err")"
check "... P's pairs, model and summary as before (the scoring beside the rules rolled back)" "$S1" "$(cgsnap)"
t_psql "DROP TRIGGER uji_gagal ON usul_nonaktif; DROP FUNCTION pg_temp_gagal()" >/dev/null
check_rc "... once it works again: rekonsiliasi 2026-11 --force" 0 $REKON rekonsiliasi --period 2026-11 --force
check "... the pairs scored again (a new summary row)" "changed" "$([ "$(cgsnap)" != "$S1" ] && echo changed || echo same)"
check "... the same pairs as before" "$P1" "$(pairs 2026-11)"
t_done
