#!/bin/sh
# rekon kasus (rules.md §8 "History"): a person's story across months, as a
# receptionist reads it.  A hand-made person, proposed in October, forwarded,
# answered BERHASIL, on November's list and in its SK, then dead: every event
# in period order, in words and as JSON; a family by its No KK; a NIK with no
# data; arguments that are no NIK.  Then the stories of every person rekon gen
# planted, against gen's own model (gen-kasus.txt, tests/helpers/kasus_check.py).
# Synthetic people only.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
t_pg_start
F=$T/in
mkdir -p "$F"
A=3325014101900001	# a woman born 1 January 1990
B=3325010101800002	# nobody rekon has heard of
K=3325010000000001
printf 'NIK|NO KK|NAMA|DESIL\n%s|%s|SITI AMINAH|2\n' $A $K > "$F/dtks.csv"
printf 'NIK;NO KK;NAMA;JENIS USULAN;TGL USULAN;KELURAHAN;KECAMATAN\n%s;%s;SITI AMINAH;BARU;05-10-2026;SUKAMAJU;KOTA\n' $A $K > "$F/usulan.csv"
printf 'NIK;HASIL;NO KARTU;TMT\n%s;BERHASIL;0001234567890;01-11-2026\n' $A > "$F/feedback.csv"
printf 'NO KARTU;NIK;NAMA;STATUS;SEGMEN;NO KK\n0001234567890;%s;SITI AMINAH;AKTIF;PBPU PEMDA;%s\n' $A $K > "$F/peserta.csv"
printf 'NIK;NAMA;TGL MENINGGAL\n%s;SITI AMINAH;20-11-2026\n' $A > "$F/kematian.csv"
t_imp dtks "$F/dtks.csv" 2026-10
t_imp usulan "$F/usulan.csv" 2026-10
t_imp feedback "$F/feedback.csv" 2026-10
t_imp peserta "$F/peserta.csv" 2026-11
t_imp kematian "$F/kematian.csv" 2026-11
$REKON -q usulan --period 2026-10 >/dev/null 2>&1
check "usulan 2026-10 runs" 0 $?
$REKON -q rekonsiliasi --period 2026-11 >/dev/null 2>&1
check "rekonsiliasi 2026-11 runs" 0 $?

cat > "$T/want" <<TXT
NIK $A  SITI AMINAH
  PERIODE  PERISTIWA  RINCIAN
  2026-10  USULAN     usulan BARU tgl 05-10-2026: DITERUSKAN [usulan.csv baris 2]
  2026-10  FEEDBACK   jawaban BPJS: BERHASIL, NOKA 0001234567890, TMT 01-11-2026 [feedback.csv baris 2]
  2026-11  PESERTA    daftar BPJS: AKTIF di PBPU_PEMDA, NOKA 0001234567890 [peserta.csv baris 2]
  2026-11  SK         ditetapkan dalam SK 2026-11
  2026-11  KEMATIAN   meninggal 20-11-2026 [kematian.csv baris 2]

NIK $B
  tidak ada dalam data yang diimpor
TXT
$REKON -q kasus $A "$B" > "$T/got" 2>&1
check "kasus: exit 0" 0 $?
check "kasus: the story, event by event in period order" "$(cat "$T/want")" "$(cat "$T/got")"

$REKON -q kasus --kk "$K" > "$T/kk" 2>&1
check "kasus --kk: the family's member" "NIK $A  SITI AMINAH" "$(head -1 "$T/kk")"
check "kasus --kk: the same story" "$(head -8 "$T/want")" "$(cat "$T/kk")"
$REKON -q kasus --kk 3325019999999999 > "$T/kk0" 2>&1
check "kasus --kk with no member says so" \
	"no NIK carries No KK 3325019999999999 in the imported lists" "$(cat "$T/kk0")"

$REKON -q kasus --json $A > "$T/json" 2>&1
check "kasus --json: exit 0" 0 $?
check "kasus --json: the events" \
	"2026-10 USULAN DITERUSKAN|2026-10 FEEDBACK BERHASIL|2026-11 PESERTA AKTIF|2026-11 SK True|2026-11 KEMATIAN 2026-11-20" \
	"$(/usr/bin/python3 -c '
import json, sys
ev = json.load(open(sys.argv[1]))
print("|".join("%s %s %s" % (e["periode"], e["peristiwa"], e.get("hasil", e.get("status", e.get("ditetapkan", e.get("tgl_meninggal"))))) for e in ev))' "$T/json")"
check "kasus --json: file and line of an imported row" "usulan.csv 2 BARU" \
	"$(/usr/bin/python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))[0]
print(e["file"], e["baris"], e["jenis_usulan"])' "$T/json")"

check_rc "kasus: a NIK of 15 digits is a usage error" 64 $REKON -q kasus 332501410190000
check_rc "kasus: NIKs and --kk together are a usage error" 64 $REKON -q kasus $A --kk $K
check_rc "kasus: nothing asked is a usage error" 64 $REKON -q kasus

# --- the people rekon gen planted ----------------------------------------------
G=$T/gen
$REKON_BIN demo --dir "$G" --scale 30 >"$T/demo.out" 2>&1
check "gen's region through rekon demo" 0 $?
$REKON_BIN -c "$G/rekon.conf" -q db start >/dev/null 2>&1
/usr/bin/python3 "$ROOT/tests/helpers/kasus_check.py" "$REKON_BIN" "$G/rekon.conf" \
	"$G/data/gen-kasus.txt" > "$T/gen.out" 2>&1
check "every planted person's story is gen's" 0 $?
sed 's/^/  /' "$T/gen.out"
$REKON_BIN -c "$G/rekon.conf" db stop >/dev/null 2>&1
[ -d "$G/state/pg" ] || rm -rf /var/tmp/rekon-demo-state
t_done
