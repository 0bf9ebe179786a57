#!/bin/sh
# rules.md §8 "Carried rows" with §1: a family waiting for quota is carried
# into the next month in its place; a corrected proposal replaces its
# carried row and inherits its place and SEJAK; a carried person who has
# since died is returned, and a new row beside a carried row that stays is
# USULAN_GANDA; someone sent to BPJS and unanswered is SUDAH_DITERUSKAN and
# holds a place in the room (R); a row waiting more than antrian_bulan
# months is KADALUWARSA; usulan refuses while a month in between has
# proposals without outcomes.  Hand-made people, exact results, month by
# month.  Synthetic people only: NIKs are 33 25 01 41 01 90 00NN.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
printf '\n[rules]\nnon_dtks = terima\nantrian_bulan = 2\n' >> "$T/rekon.conf"
t_pg_start
F=$T/in
mkdir -p "$F"
N=33250141019000
H='NIK;NO KK;NAMA;JENIS USULAN;TGL USULAN'
row() {	# SERIAL NAME DATE
	printf '%s%s;33250100000000%s;%s;BARU;%s\n' $N "$1" "$1" "$2" "$3"
}
usulan() {	# PERIOD KUOTA ANTRIAN_BULAN
	t_psql "SELECT rekon_usulan('$1', $2, 'terima', '{}', $3)" >/dev/null
}
Q="SELECT u.nama || '|' || h.hasil || '|' || coalesce(h.alasan, '') || '|' || h.sejak || '|' || CASE WHEN h.dibawa THEN 't' ELSE 'f' END
   FROM usulan_hasil h JOIN usulan_row u USING (batch_id, line)
   WHERE h.period = \$1 ORDER BY h.urutan"
q() { t_psql "PREPARE q$1 AS $Q; EXECUTE q$1('$2')"; }

# --- 2026-08: room for one family -------------------------------------------
{ printf '%s\n' "$H"; row 01 A 01-08-2026; row 02 B 02-08-2026; row 03 C 03-08-2026; row 05 E 04-08-2026; } > "$F/u08.csv"
t_imp usulan "$F/u08.csv" 2026-08
usulan 2026-08 1 2
check "2026-08: A forwarded, B C E wait" \
	"A|DITERUSKAN||2026-08|f
B|MENUNGGU_KUOTA||2026-08|f
C|MENUNGGU_KUOTA||2026-08|f
E|MENUNGGU_KUOTA||2026-08|f" "$(q 1 2026-08)"

# --- 2026-09: B sends corrected documents, A again, D new, E died -----------
{ printf '%s\n' "$H"; row 02 "B BARU" 05-09-2026; row 01 "A LAGI" 06-09-2026; row 04 D 01-09-2026; row 05 "E LAGI" 07-09-2026; } > "$F/u09.csv"
t_imp usulan "$F/u09.csv" 2026-09
printf 'NIK;NAMA;TGL MENINGGAL\n%s05;E;15-09-2026\n' $N > "$F/m09.csv"
t_imp kematian "$F/m09.csv" 2026-09
# Room: kuota 2 - nothing AKTIF - R {A: sent in 2026-08, unanswered} = 1.
usulan 2026-09 2 2
# U's order: the carried rows (and B's replacement in B's place) by their
# August dates, then September's: D (1 Sep), A LAGI (6 Sep), E LAGI (7 Sep).
check "2026-09: B BARU takes B's place and SEJAK; C carried; E carried and returned (dead); A not sent twice; E LAGI beside E" \
	"B BARU|DITERUSKAN||2026-08|t
C|MENUNGGU_KUOTA||2026-08|t
E|DIKEMBALIKAN|MENINGGAL|2026-08|t
D|MENUNGGU_KUOTA||2026-09|f
A LAGI|DIKEMBALIKAN|SUDAH_DITERUSKAN|2026-09|f
E LAGI|DIKEMBALIKAN|USULAN_GANDA, MENINGGAL|2026-09|f" "$(q 2 2026-09)"
check "2026-09's room: kuota, AKTIF in Bprev, R, room" "2|0|1|1" \
	"$(t_psql "SELECT kuota, aktif_bprev, tertunda, ruang FROM usulan_ruang WHERE period = '2026-09'")"
check "2026-09: B's old row is gone from U (replaced), its batch kept" "0" \
	"$(t_psql "SELECT count(*) FROM usulan_hasil h JOIN batch b ON b.id = h.batch_id WHERE h.period = '2026-09' AND b.file_name = 'u08.csv' AND h.nik = '${N}02'")"

# --- 2026-10: nothing new; no room ------------------------------------------
usulan 2026-10 0 2
check "2026-10: C and D carried and waiting, in their order" \
	"C|MENUNGGU_KUOTA||2026-08|t
D|MENUNGGU_KUOTA||2026-09|t" "$(q 3 2026-10)"
check "2026-10's R: A (Aug) and B BARU (Sep), unanswered" "0|0|2|-2" \
	"$(t_psql "SELECT kuota, aktif_bprev, tertunda, ruang FROM usulan_ruang WHERE period = '2026-10'")"

# --- 2026-11: C has waited more than antrian_bulan = 2 months ----------------
usulan 2026-11 0 2
check "2026-11: C KADALUWARSA (since 2026-08), D still waits (since 2026-09)" \
	"C|DIKEMBALIKAN|KADALUWARSA|2026-08|t
D|MENUNGGU_KUOTA||2026-09|t" "$(q 4 2026-11)"
usulan 2026-11 0 3
check "2026-11 with antrian_bulan = 3: C still waits" \
	"C|MENUNGGU_KUOTA||2026-08|t
D|MENUNGGU_KUOTA||2026-09|t" "$(q 5 2026-11)"
usulan 2026-11 0 2

# --- a month in between without outcomes: refused ---------------------------
{ printf '%s\n' "$H"; row 06 F 01-12-2026; } > "$F/u12.csv"
{ printf '%s\n' "$H"; row 07 G 01-01-2027; } > "$F/u01.csv"
t_imp usulan "$F/u12.csv" 2026-12
t_imp usulan "$F/u01.csv" 2027-01
$REKON usulan --period 2027-01 > "$T/refused.out" 2>&1
check "usulan 2027-01 before 2026-12: a missing prerequisite (66)" 66 $?
check "the refusal names the period to run first" \
	"rekon: usulan 2027-01: the proposals of 2026-12 have no outcome yet, and its waiting families would not be carried: run 'rekon usulan --period 2026-12' first" \
	"$(cat "$T/refused.out")"
check "nothing stored for 2027-01" "0" "$(t_psql "SELECT count(*) FROM usulan_hasil WHERE period = '2027-01'")"
$REKON -q usulan --period 2026-12 >/dev/null 2>&1 && $REKON -q usulan --period 2027-01 >/dev/null 2>&1
check "in order, both run: D carried into 2026-12, three months since 2026-09: KADALUWARSA" \
	"D|DIKEMBALIKAN|KADALUWARSA|2026-09|t
F|DITERUSKAN||2026-12|f" "$(q 6 2026-12)"
check "2027-01: nothing left to carry" "G|DITERUSKAN||2027-01|f" "$(q 7 2027-01)"

# --- rekon kasus tells C's case month by month ---------------------------------
check "kasus: C waited from 2026-08, carried each month, expired in 2026-11" \
	"2026-08 usulan BARU tgl 03-08-2026: MENUNGGU_KUOTA
2026-09 usulan BARU tgl 03-08-2026: MENUNGGU_KUOTA, dibawa dari 2026-08
2026-10 usulan BARU tgl 03-08-2026: MENUNGGU_KUOTA, dibawa dari 2026-08
2026-11 usulan BARU tgl 03-08-2026: DIKEMBALIKAN (KADALUWARSA), dibawa dari 2026-08" \
	"$($REKON -q kasus --json ${N}03 | /usr/bin/python3 -c 'import json, sys
for e in json.load(sys.stdin):
    print(e["periode"], e["rincian"])')"
check "kasus: B's corrected proposal carries on B's case" \
	"2026-08 usulan BARU tgl 02-08-2026: MENUNGGU_KUOTA
2026-09 usulan BARU tgl 05-09-2026: DITERUSKAN" \
	"$($REKON -q kasus --json ${N}02 | /usr/bin/python3 -c 'import json, sys
for e in json.load(sys.stdin):
    print(e["periode"], e["rincian"])')"

# --- the JSON counts carried and expired rows --------------------------------
printf 'NO KARTU;NIK;NAMA;STATUS;SEGMEN\n0000000000099;3325010101800099;X;AKTIF;PBPU PEMDA\n' > "$F/p11.csv"
t_imp peserta "$F/p11.csv" 2026-11
$REKON -q rekonsiliasi --period 2026-11 >/dev/null 2>&1
check "rekonsiliasi 2026-11" 0 $?
check "JSON usulan: dibawa 2, kadaluwarsa 1 (in dikembalikan)" \
	'{"diteruskan": 0, "dikembalikan": 1, "menunggu_kuota": 1, "dibawa": 2, "kadaluwarsa": 1}' \
	"$(/usr/bin/python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["usulan"]))' "$T/state/outbox/2026-11/rekonsiliasi-2026-11.json")"
t_done
