#!/bin/sh
# rules.md §8 "Sent once": `rekon usulan --period P --final` records P's
# Diteruskan list as sent (who, when, the SHA-256 of the CSV) and freezes
# it.  Then a usulan file for P is refused, by hand and in the inbox, with a
# message naming the next period; a later usulan for P (also once P is
# closed) keeps the outcomes and the CSV and only rebuilds kembali/, so late
# feedback reaches the kelurahan; --force reruns it whole and records the
# sent list as replaced, t' (the first recording) unchanged.
# Synthetic people only.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
t_pg_start
F=$T/in
O=$T/state/outbox/2026-10
mkdir -p "$F"
A=3325014101900001	# in kelurahan SUKAMAJU
B=3325014101900002	# in kelurahan JATI
{
	printf 'NIK|NO KK|NAMA|DESIL\n'
	printf '%s|3325010000000001|SITI SATU|2\n' $A
	printf '%s|3325010000000002|SITI DUA|3\n' $B
} > "$F/dtks.csv"
{
	printf 'NIK;NO KK;NAMA;JENIS USULAN;TGL USULAN;KELURAHAN;KECAMATAN\n'
	printf '%s;3325010000000001;SITI SATU;BARU;05-10-2026;SUKAMAJU;KOTA\n' $A
	printf '%s;3325010000000002;SITI DUA;BARU;06-10-2026;JATI;SELATAN\n' $B
} > "$F/usulan-2026-10.csv"
t_imp dtks "$F/dtks.csv" 2026-10
t_imp usulan "$F/usulan-2026-10.csv" 2026-10
sha() { sha256sum "$1" | cut -d' ' -f1; }
ME=${SUDO_USER:-$(id -un)}
[ "$(id -u)" = 0 ] || ME=$(id -un)

# --- recorded as sent -------------------------------------------------------
$REKON -q usulan --period 2026-10 --final > "$T/final.out" 2>&1
check "usulan --final exits 0" 0 $?
H=$(sha "$O/usulan-2026-10-bpjs.csv")
check "usulan --final says who and the CSV's SHA-256" \
	"  2026-10 recorded as sent to BPJS by $ME (SHA-256 $H): its outcomes and CSV are frozen" \
	"$(grep 'recorded as sent' "$T/final.out")"
check "usulan_final: who, the SHA-256, not replaced" "$ME|$H|t" \
	"$(t_psql "SELECT oleh, sha256, diganti_at IS NULL FROM usulan_final WHERE period = '2026-10'")"
T1=$(t_psql "SELECT dikirim_at FROM usulan_final WHERE period = '2026-10'")
check "both forwarded" "DITERUSKAN 2" \
	"$(t_psql "SELECT hasil || ' ' || count(*) FROM usulan_hasil WHERE period = '2026-10' GROUP BY hasil")"

# --- a late proposal file is refused, the list unchanged --------------------
printf 'NIK;NO KK;NAMA;JENIS USULAN\n3325014101900003;3325010000000003;SITI TIGA;BARU\n' > "$F/usulan-2026-10-susulan.csv"
$REKON import usulan "$F/usulan-2026-10-susulan.csv" > "$T/late.out" 2>&1
check "a usulan file for a sent period: exit 65" 65 $?
check "the refusal names the next period" \
	"rekon: usulan-2026-10-susulan.csv: the usulan of 2026-10 were sent to BPJS on $(t_psql "SELECT to_char(dikirim_at AT TIME ZONE 'Asia/Jakarta', 'DD-MM-YYYY') FROM usulan_final") (rekon usulan --final, by $ME): 2026-10 takes no more proposals. Import this file for the next period: rekon import usulan usulan-2026-10-susulan.csv --period 2026-11" \
	"$(cat "$T/late.out")"
check "the refusal is recorded as a DITOLAK batch" "DITOLAK" \
	"$(t_psql "SELECT outcome FROM batch WHERE file_name = 'usulan-2026-10-susulan.csv'")"
check "the proposals of 2026-10 unchanged" "1 2" \
	"$(t_psql "SELECT (SELECT count(*) FROM batch WHERE kind = 'usulan' AND outcome = 'OK') || ' ' || (SELECT count(*) FROM usulan_hasil WHERE period = '2026-10')")"
# For the next period it goes in.
$REKON -q import usulan "$F/usulan-2026-10-susulan.csv" --period 2026-11 >/dev/null 2>&1
check "the same file for 2026-11 is imported" 0 $?
# The inbox: rejected beside its reason.
mkdir -p "$T/state/inbox/usulan"
printf 'NIK;NO KK;NAMA;JENIS USULAN\n3325014101900004;3325010000000004;SITI EMPAT;BARU\n' > "$T/state/inbox/usulan/usulan-2026-10-b.csv"
$REKON -q run inbox --period 2026-10 >/dev/null 2>&1
check "run inbox: the file went to rejected/" "yes" \
	"$(test -f "$T/state/rejected/usulan/usulan-2026-10-b.csv" && echo yes || echo no)"
check "run inbox: its .error.txt names the next period" "1" \
	"$(grep -c 'Import this file for the next period: rekon import usulan usulan-2026-10-b.csv --period 2026-11' "$T/state/rejected/usulan/usulan-2026-10-b.csv.error.txt")"

# --- late feedback: only kembali/ is rebuilt --------------------------------
{
	printf 'NIK;HASIL;KETERANGAN;NO KARTU;TMT\n'
	printf '%s;GAGAL;NIK tidak padan dukcapil;;\n' $B
	printf '%s;BERHASIL;;0001234567890;01-11-2026\n' $A
} > "$F/feedback.csv"
t_imp feedback "$F/feedback.csv" 2026-10
ls "$O/kembali" > "$T/kembali.before" 2>/dev/null
$REKON -q usulan --period 2026-10 > "$T/again.out" 2>&1
check "usulan of a sent period exits 0" 0 $?
check "it says only kembali/ is rebuilt" 1 "$(grep -c 'sent to BPJS on .* by '"$ME"': its outcomes and CSV are kept as sent; only kembali/ is rebuilt' "$T/again.out")"
check "the CSV is the one sent" "$H" "$(sha "$O/usulan-2026-10-bpjs.csv")"
check "the outcomes are the ones sent" "DITERUSKAN 2" \
	"$(t_psql "SELECT hasil || ' ' || count(*) FROM usulan_hasil WHERE period = '2026-10' GROUP BY hasil")"
check "kembali/ now has JATI's failed registration" "Usulan Dikembalikan 0
Menunggu Kuota 0
Gagal BPJS 1
Berhasil 0" "$(/usr/bin/python3 "$ROOT/tests/helpers/xlsx_rows.py" "$O/kembali/SELATAN/JATI-2026-10.xlsx")"
check "kembali/ has SUKAMAJU's card to hand out (Berhasil)" \
	"1;$A;SITI SATU;0001234567890;01-11-2026" \
	"$(/usr/bin/python3 "$ROOT/tests/helpers/xlsx_check.py" "$O/kembali/KOTA/SUKAMAJU-2026-10.xlsx" rows Berhasil)"
check "job_run says so" "OK|sent on $(t_psql "SELECT to_char(dikirim_at AT TIME ZONE 'Asia/Jakarta', 'DD-MM-YYYY HH24.MI') FROM usulan_final"): only kembali/ rebuilt" \
	"$(t_psql "SELECT outcome, message FROM job_run WHERE job = 'usulan' ORDER BY id DESC LIMIT 1")"

# --- closed too: still only kembali/ ---------------------------------------
printf 'NO KARTU;NIK;NAMA;STATUS;SEGMEN\n0001234567890;%s;SITI SATU;AKTIF;PBPU PEMDA\n' $A > "$F/peserta.csv"
t_imp peserta "$F/peserta.csv" 2026-10
$REKON -q rekonsiliasi --period 2026-10 >/dev/null 2>&1 &&
	$REKON -q sk --period 2026-10 --final >/dev/null 2>&1
check "2026-10 reconciled and closed" "t" \
	"$(t_psql "SELECT closed_at IS NOT NULL FROM periode WHERE period = '2026-10'")"
$REKON -q usulan --period 2026-10 > "$T/closed.out" 2>&1
check "usulan of a sent and closed period rebuilds kembali/ (exit 0)" 0 $?
check "rekonsiliasi of the closed period still refuses" 65 \
	"$($REKON -q rekonsiliasi --period 2026-10 >/dev/null 2>&1; echo $?)"

# --- --force: rerun whole, the sent list replaced --------------------------
echo '[budget]' >> "$T/rekon.conf"
echo 'kuota.2026-10 = 1' >> "$T/rekon.conf"
$REKON -q usulan --period 2026-10 --force > "$T/force.out" 2>&1
check "usulan --force exits 0" 0 $?
check "the rerun is whole: one forwarded, one waits" "DITERUSKAN 1|MENUNGGU_KUOTA 1" \
	"$(t_psql "SELECT string_agg(hasil || ' ' || n, '|' ORDER BY hasil) FROM (SELECT hasil, count(*) n FROM usulan_hasil WHERE period = '2026-10' GROUP BY hasil) x")"
H2=$(sha "$O/usulan-2026-10-bpjs.csv")
check "the new CSV differs" "yes" "$([ "$H2" != "$H" ] && echo yes || echo no)"
check "recorded as replaced: the new SHA-256, who; t' unchanged" "$H2|$ME|t|$T1" \
	"$(t_psql "SELECT sha256, diganti_oleh, diganti_at IS NOT NULL, dikirim_at FROM usulan_final WHERE period = '2026-10'")"
check_rc "--final is not an option of rekonsiliasi" 64 $REKON -q rekonsiliasi --period 2026-10 --final

# --- --final records the list as written -------------------------------------
# 2026-11: usulan writes the list; a death record for C arrives; --final
# records the CSV the operator checked and sent, not a new run (which would
# now return C as MENINGGAL).
O2=$T/state/outbox/2026-11
C=3325014101900004
{
	printf 'NIK|NO KK|NAMA|DESIL\n'
	printf '%s|3325010000000001|SITI SATU|2\n' $A
	printf '%s|3325010000000002|SITI DUA|3\n' $B
	printf '%s|3325010000000004|SITI EMPAT|2\n' $C
} > "$F/dtks-11.csv"
printf 'NIK;NO KK;NAMA;JENIS USULAN;TGL USULAN;KELURAHAN;KECAMATAN\n%s;3325010000000004;SITI EMPAT;BARU;02-11-2026;SUKAMAJU;KOTA\n' $C \
	> "$F/usulan-2026-11.csv"
t_imp dtks "$F/dtks-11.csv" 2026-11
t_imp usulan "$F/usulan-2026-11.csv" 2026-11
$REKON -q usulan --period 2026-11 >/dev/null 2>&1
H3=$(sha "$O2/usulan-2026-11-bpjs.csv")
printf 'NIK,NAMA,TGL MENINGGAL\n%s,SITI EMPAT,01-11-2026\n' $C > "$F/kematian-11.csv"
t_imp kematian "$F/kematian-11.csv" 2026-11
$REKON -q usulan --period 2026-11 --final > "$T/final11.out" 2>&1
check "--final of a written list exits 0, and says it was not run again" \
	"0|usulan 2026-11: the list as written (usulan-2026-11-bpjs.csv), not run again" \
	"$?|$(head -1 "$T/final11.out")"
check "the CSV recorded is the one written before (C still in it)" "$H3|$H3|1" \
	"$(sha "$O2/usulan-2026-11-bpjs.csv")|$(t_psql "SELECT sha256 FROM usulan_final WHERE period = '2026-11'")|$(grep -c "$C" "$O2/usulan-2026-11-bpjs.csv")"
check "the outcomes are the ones sent" "DITERUSKAN" \
	"$(t_psql "SELECT hasil FROM usulan_hasil WHERE period = '2026-11' AND nik = '$C'")"
# A list that does not agree with the stored outcomes (a row removed by
# hand) is not recorded: usulan runs whole first (C is now MENINGGAL).
$REKON db psql -- -XAtq -c "DELETE FROM usulan_final WHERE period = '2026-11'" >/dev/null
head -1 "$O2/usulan-2026-11-bpjs.csv" > "$T/cut.csv" && cp "$T/cut.csv" "$O2/usulan-2026-11-bpjs.csv"
$REKON -q usulan --period 2026-11 --final > "$T/final11b.out" 2>&1
check "--final of a list that disagrees runs usulan whole" "0|0|DIKEMBALIKAN|MENINGGAL" \
	"$?|$(grep -c 'not run again' "$T/final11b.out")|$(t_psql "SELECT hasil, alasan FROM usulan_hasil WHERE period = '2026-11' AND nik = '$C'")"
check "and records the CSV it wrote" "$(sha "$O2/usulan-2026-11-bpjs.csv")" \
	"$(t_psql "SELECT sha256 FROM usulan_final WHERE period = '2026-11'")"
t_done
