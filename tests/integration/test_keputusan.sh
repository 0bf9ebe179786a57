#!/bin/sh
# A reviewer's decisions on duplicate pairs (issue 18, first part; inputs.md
# `keputusan`, rules.md §3 GANDA_ORANG, §4, §10; outputs.md calon_ganda):
# the CSV and the workbook (its Calon Ganda sheet, not its first) imported,
# every row accounted for (accepted, blank = not decided, rejected with its
# reason); the newest decision on a pair wins, by import order whatever the
# period, among the batches with period <= P; a SAMA pair flags the losing
# key's AKTIF rows GANDA_ORANG, by each branch of the losing-key rule; a BEDA
# pair flags nothing; GANDA_ORANG keeps a row out of the SK by default; the
# JSON's figures.
# Synthetic people only: NIK = 33 25 01 DDMMYY SSSS.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
F=$T/in
mkdir -p "$F"
PY=${PYTHON:-/usr/bin/python3}
O=$T/state/outbox

# The pairs (first key, second key; the expected loser and why):
#   A  3325010101800011 / 3925010101800012   A2: its NIK is not valid (39)
#   B  3325010202800021 / 3325010202800022   B2: in neither D nor N
#   C  3325010303800031 / 3325010303800032   C1: its NOKA is the higher
#   E  3325010404800041 / 3325010404800042   BEDA: nobody
#   G  3325010505800051 / 3325010505800052   SAMA, then BEDA (2026-10, later): nobody
#   H  3325010606800061 / 3325010606800062   BEDA, then SAMA (2026-10, later): H2, higher NOKA
#   I  3325010707800071 / NOKA:0000000000071 the NOKA key: no NIK, so not valid
#   J  3325011010800101 / 3325011010800102   SAMA, but J2 is not AKTIF: not applied
{
	printf 'NO KARTU;NIK;NAMA;STATUS;SEGMEN\n'
	printf '0000000000011;3325010101800011;ANI;AKTIF;PBPU PEMDA\n'
	printf '0000000000012;3925010101800012;ANI S;AKTIF;PBPU PEMDA\n'
	printf '0000000000021;3325010202800021;BUDI;AKTIF;PBPU PEMDA\n'
	printf '0000000000022;3325010202800022;BUDI H;AKTIF;PBPU PEMDA\n'
	printf '0000000000032;3325010303800031;CICI;AKTIF;PBPU PEMDA\n'
	printf '0000000000031;3325010303800032;CICI A;AKTIF;PBPU PEMDA\n'
	printf '0000000000041;3325010404800041;EKO;AKTIF;PBPU PEMDA\n'
	printf '0000000000042;3325010404800042;EKO P;AKTIF;PBPU PEMDA\n'
	printf '0000000000051;3325010505800051;GITA;AKTIF;PBPU PEMDA\n'
	printf '0000000000052;3325010505800052;GITA R;AKTIF;PBPU PEMDA\n'
	printf '0000000000061;3325010606800061;HADI;AKTIF;PBPU PEMDA\n'
	printf '0000000000062;3325010606800062;HADI W;AKTIF;PBPU PEMDA\n'
	printf '0000000000070;3325010707800071;IKA;AKTIF;PBPU PEMDA\n'
	printf '0000000000071;;IKA N;AKTIF;PBPU PEMDA\n'
	printf '0000000000101;3325011010800101;JONI;AKTIF;PBPU PEMDA\n'
	printf '0000000000102;3325011010800102;JONI K;NON AKTIF;PBPU PEMDA\n'
} > "$F/peserta-2026-11.csv"
# D: everyone valid but B2 (and A2, whose NIK is not valid anyway).
{
	printf 'NIK;NAMA\n'
	for x in 3325010101800011:ANI 3325010202800021:BUDI 3325010303800031:CICI \
	    3325010303800032:'CICI A' 3325010404800041:EKO 3325010404800042:'EKO P' \
	    3325010505800051:GITA 3325010505800052:'GITA R' 3325010606800061:HADI \
	    3325010606800062:'HADI W' 3325010707800071:IKA 3325011010800101:JONI \
	    3325011010800102:'JONI K'; do
		printf '%s;%s\n' "${x%%:*}" "${x#*:}"
	done
} > "$F/dtks-2026-11.csv"

# The first decisions, a CSV of 2026-11: the pairs in either order, the
# spellings of SAMA and BEDA, a row not decided, two rows that cannot be used.
{
	printf 'KUNCI A;KUNCI B;KEPUTUSAN\n'
	printf '3925010101800012;3325010101800011;SAMA\n'
	printf '3325010202800021;3325010202800022;ya\n'
	printf '3325010303800031;3325010303800032;S\n'
	printf '3325010404800041;3325010404800042;BEDA\n'
	printf '3325010505800051;3325010505800052;SAMA\n'
	printf '3325010606800062;3325010606800061;tidak\n'
	printf '3325010808800081;3325010808800082;\n'
	printf '3325010909800091;3325010909800092;MUNGKIN\n'
	printf ';3325010909800092;SAMA\n'
	printf 'noka:71;3325010707800071;SAMA\n'
	printf '3325011010800101;3325011010800102;B\n'
} > "$F/keputusan-2026-11.csv"

# Later decisions, rekon's own workbook sent back (period 2026-10, imported
# after the CSV): its first sheet is Ringkasan; the Calon Ganda sheet has a
# title block, the pair's columns, KEPUTUSAN, KUNCI A, KUNCI B (a NIK as a
# number cell too).
"$PY" - "$F/rekonsiliasi-2026-10.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Ringkasan"
ws.append(["KABUPATEN UJI"]); ws.append(["NIK", "NAMA"]); ws.append(["3325019999999999", "BUKAN"])
cg = wb.create_sheet("Calon Ganda")
cg.append(["KABUPATEN UJI"]); cg.append(["Calon Ganda"]); cg.append(["Oktober 2026"])
cg.append(["NO", "KELOMPOK", "PELUANG", "NIK", "NAMA", "NIK", "NAMA", "KEPUTUSAN", "KUNCI A", "KUNCI B"])
cg.append([1, None, 97.5, "3325010505800051", "GITA", "3325010505800052", "GITA R", "BEDA", "3325010505800051", "3325010505800052"])
cg.append([2, None, 90.0, "3325010606800061", "HADI", "3325010606800062", "HADI W", "sama", 3325010606800061, "3325010606800062"])
cg.append([3, None, 60.0, "3325011010800101", "JONI", "3325011010800102", "JONI K", "SAMA", "3325011010800101", "3325011010800102"])
cg.append([4, None, 55.0, "3325010404800041", "EKO", "3325010404800042", "EKO P", None, "3325010404800041", "3325010404800042"])
wb.create_sheet("Kelebihan Bayar").append(["NO", "NIK"])
wb.save(sys.argv[1])
PY
# A decision of a period after P: it does not count for P.
printf 'KUNCI A,KUNCI B,KEPUTUSAN\n3325010404800041,3325010404800042,SAMA\n' > "$F/keputusan-2026-12.csv"

t_pg_start
check_rc "db migrate" 0 $REKON db migrate
t_imp dtks "$F/dtks-2026-11.csv" 2026-11
t_imp peserta "$F/peserta-2026-11.csv" 2026-11
check_rc "rekon import keputusan FILE.csv: 0" 0 $REKON import keputusan "$F/keputusan-2026-11.csv" --period 2026-11
check "... rows read 11 = 8 accepted + 2 rejected + 1 blank (not decided)" "keputusan|2026-11|11|8|2|1" \
	"$(t_psql "SELECT kind, period, rows_read, accepted, rejected, blank FROM batch WHERE file_name = 'keputusan-2026-11.csv'")"
check "... the rejected rows with their reasons" "9|KEPUTUSAN_TIDAK_DIKENAL
10|ID_KOSONG" \
	"$(t_psql "SELECT r.line, r.reason FROM rejected_row r JOIN batch b ON b.id = r.batch_id WHERE b.file_name = 'keputusan-2026-11.csv' ORDER BY r.line")"
check "... each pair stored lesser key first, NOKA padded, the decision read" \
"2|3325010101800011|3925010101800012|SAMA|SAMA
3|3325010202800021|3325010202800022|SAMA|ya
4|3325010303800031|3325010303800032|SAMA|S
5|3325010404800041|3325010404800042|BEDA|BEDA
6|3325010505800051|3325010505800052|SAMA|SAMA
7|3325010606800061|3325010606800062|BEDA|tidak
11|3325010707800071|NOKA:0000000000071|SAMA|SAMA
12|3325011010800101|3325011010800102|BEDA|B" \
	"$(t_psql "SELECT k.line, k.kunci_a, k.kunci_b, k.keputusan, k.keputusan_raw FROM keputusan_row k JOIN batch b ON b.id = k.batch_id WHERE b.file_name = 'keputusan-2026-11.csv' ORDER BY k.line")"

check_rc "rekon import FILE.xlsx (kind found on its Calon Ganda sheet): 0" 0 $REKON import "$F/rekonsiliasi-2026-10.xlsx"
check "... a keputusan batch of 2026-10 (the name's period), header on Excel row 4 below the title block: 4 rows = 3 accepted + 1 blank" \
	"keputusan|2026-10|4|3|0|1|4" \
	"$(t_psql "SELECT kind, period, rows_read, accepted, rejected, blank, header_line FROM batch WHERE file_name = 'rekonsiliasi-2026-10.xlsx'")"
check "... its pairs, the number cell read as the NIK it is" \
"3325010505800051|3325010505800052|BEDA
3325010606800061|3325010606800062|SAMA
3325011010800101|3325011010800102|SAMA" \
	"$(t_psql "SELECT k.kunci_a, k.kunci_b, k.keputusan FROM keputusan_row k JOIN batch b ON b.id = k.batch_id WHERE b.file_name = 'rekonsiliasi-2026-10.xlsx' ORDER BY k.line")"
check_rc "a decision of 2026-12 imported" 0 $REKON import keputusan "$F/keputusan-2026-12.csv" --period 2026-12

check "the decisions in force for 2026-11: the newest by import order, not by period; 2026-12's not counted" \
"3325010101800011|3925010101800012|SAMA
3325010202800021|3325010202800022|SAMA
3325010303800031|3325010303800032|SAMA
3325010404800041|3325010404800042|BEDA
3325010505800051|3325010505800052|BEDA
3325010606800061|3325010606800062|SAMA
3325010707800071|NOKA:0000000000071|SAMA
3325011010800101|3325011010800102|SAMA" \
	"$(t_psql "SELECT kunci_a, kunci_b, keputusan FROM rekon_keputusan('2026-11') ORDER BY 1, 2")"
check "... and for 2026-12, the later SAMA on E" "SAMA" \
	"$(t_psql "SELECT keputusan FROM rekon_keputusan('2026-12') WHERE kunci_a = '3325010404800041'")"

check_rc "rekonsiliasi 2026-11: 0" 0 $REKON -q rekonsiliasi --period 2026-11
check "§3/§10: GANDA_ORANG on the losing key of each SAMA pair (invalid NIK; not in D nor N; higher NOKA; the NOKA key), none for BEDA or a pair with a key not AKTIF" \
"3925010101800012|NIK_TIDAK_VALID,GANDA_ORANG|orang yang sama dengan NIK 3325010101800011|GANDA_ORANG
3325010202800022|BUKAN_DTKS,GANDA_ORANG|orang yang sama dengan NIK 3325010202800021|GANDA_ORANG
3325010303800031|GANDA_ORANG|orang yang sama dengan NIK 3325010303800032|GANDA_ORANG
3325010606800062|GANDA_ORANG|orang yang sama dengan NIK 3325010606800061|GANDA_ORANG
NOKA:0000000000071|NIK_TIDAK_VALID,GANDA_ORANG|orang yang sama dengan NIK 3325010707800071|GANDA_ORANG" \
	"$(t_psql "SELECT kunci, array_to_string(flags, ','),
	                  (SELECT k FROM unnest(keterangan) k WHERE k LIKE 'orang yang sama%'),
	                  coalesce(dikecualikan, '')
	           FROM peserta_hasil WHERE period = '2026-11' AND 'GANDA_ORANG' = ANY (flags) ORDER BY line")"
check "§4: by default they are out of the SK as GANDA_ORANG; everyone else AKTIF is in" "15|10|5" \
	"$(t_psql "SELECT count(*) FILTER (WHERE aktif), count(*) FILTER (WHERE ditetapkan),
	                  count(*) FILTER (WHERE dikecualikan = 'GANDA_ORANG') FROM peserta_hasil WHERE period = '2026-11'")"
J=$O/2026-11/rekonsiliasi-2026-11.json
check "JSON: flag.GANDA_ORANG, dikecualikan, calon_ganda (sama 5, beda 2: E and G; J's SAMA not applied; no pair left to score: 0)" \
	"5 {'SEGMEN_LAIN': 0, 'MENINGGAL': 0, 'GANDA_ORANG': 5, 'GANDA_NIK': 0} {'ganda_pasti': 0, 'perlu_diperiksa': 0, 'sama': 5, 'beda': 2} 10" \
	"$("$PY" -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["flag"]["GANDA_ORANG"], j["dikecualikan"], j["calon_ganda"], j["ditetapkan"])' "$J")"
check "JSON: the keputusan batches with period <= P are among the month's batches, with their rejected rows" \
	"dtks peserta keputusan:8:2 keputusan:3:0 2" \
	"$("$PY" -c 'import json,sys; j=json.load(open(sys.argv[1])); print(" ".join(b["jenis"] + (":%d:%d" % (b["diterima"], b["ditolak"]) if b["jenis"] == "keputusan" else "") for b in j["batch"]), j["ditolak"])' "$J")"
check "the Ganda sheet lists GANDA_ORANG rows with their keterangan" \
	"GANDA_ORANG;0000000000032;3325010303800031;CICI;orang yang sama dengan NIK 3325010303800032" \
	"$("$PY" "$ROOT/tests/helpers/xlsx_check.py" "$O/2026-11/rekonsiliasi-2026-11.xlsx" rows Ganda | awk -F';' '$2 == "GANDA_ORANG" && $4 == "3325010303800031" { print $2 ";" $3 ";" $4 ";" $5 ";" $NF }')"

printf '\n[rules]\nsk_kecualikan = SEGMEN_LAIN, MENINGGAL\n' >> "$T/rekon.conf"
check_rc "sk_kecualikan without GANDA_ORANG: rekonsiliasi 0" 0 $REKON -q rekonsiliasi --period 2026-11
check "... the rows keep their flag and stay in the SK" "5|15" \
	"$(t_psql "SELECT count(*) FILTER (WHERE 'GANDA_ORANG' = ANY (flags)), count(*) FILTER (WHERE ditetapkan) FROM peserta_hasil WHERE period = '2026-11'")"

XB=$(t_psql "SELECT id FROM batch WHERE file_name = 'rekonsiliasi-2026-10.xlsx'")
check_rc "rekon batch drop of the workbook's batch: 0" 0 $REKON batch drop "$XB" --force
check "... its partition gone; G is SAMA again, H BEDA" "t|SAMA|BEDA" \
	"$(t_psql "SELECT to_regclass('keputusan_row_b$XB') IS NULL,
	                  (SELECT keputusan FROM rekon_keputusan('2026-11') WHERE kunci_a = '3325010505800051'),
	                  (SELECT keputusan FROM rekon_keputusan('2026-11') WHERE kunci_a = '3325010606800061')")"
t_done
