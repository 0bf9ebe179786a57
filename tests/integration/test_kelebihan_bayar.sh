#!/bin/sh
# rules.md §9 (sql/rules/65_kelebihan_bayar.sql, 66_usul_nonaktif.sql):
# money to recover and participants to end, over three hand-made months
# with a different iuran_per_jiwa.YYYY-MM each (Juli 30.000, Agustus 40.000,
# September 50.000), run by `rekon rekonsiliasi` as the office runs it.
#
# Kelebihan bayar: a death recorded late while the person stayed in two SK
# lists (the claim spans both months, each with its own iuran); a death
# before any reconciled month (nothing); a death in P itself (nothing); a
# death in a month whose SK still held the person (that month is not
# claimed); baru on the month a NIK first appears and not later; a closed
# month is read from its signed list.  Usul nonaktif: MENINGGAL and
# SEGMEN_LAIN rows, config order deciding ALASAN, GANDA_NIK meaning only
# the row §4 excludes as GANDA_NIK.  Exact JSON figures, the Kelebihan
# Bayar sheet's total against the JSON, the CSV against the sheet.
# Synthetic people only: NIK = 33 25 01 DDMMYY SSSS.
. "$(dirname "$0")/../helpers/lib.sh"
PY=${PYTHON:-/usr/bin/python3}	# Debian's, which has python3-openpyxl
X="$PY $ROOT/tests/helpers/xlsx_check.py"
t_setup
cat >> "$T/rekon.conf" <<'CONF'

[budget]
iuran_per_jiwa.2026-07 = 30000
iuran_per_jiwa.2026-08 = 40000
iuran_per_jiwa.2026-09 = 50000
CONF
t_pg_start
F=$T/in
mkdir -p "$F"
O=$T/state/outbox

# The people, and what happens to them (every row AKTIF PBPU_PEMDA unless said):
#   ADI    alive
#   BUDI   died 20-06-2026, recorded in September: in the SK of Juli and Agustus
#   CITRA  died 05-06-2026, recorded in Agustus: in the SK of Juli
#   DEDI   died 10-03-2026, recorded in Juli: before any reconciled month
#   EKO    died 10-09-2026, recorded in September: dies in P
#   FAJAR  died 15-08-2026, recorded in September: Agustus is his month of death
#   GITA   on the PBI_APBN list, and died 01-05-2026 (recorded in September)
#   KARTIKA on the PBI_APBN list
#   HADI   two AKTIF rows: the second is out of the SK as GANDA_NIK
#   IMAM   an AKTIF row and a NON AKTIF one: flagged GANDA_NIK, none out
#   (no NIK) two AKTIF rows of one NOKA: the second out as GANDA_NIK
# ADI's TMT is the month's first day: each month's file is a file of its own.
PH='NO KARTU;NIK;NAMA;TGL LAHIR;JK;STATUS;KECAMATAN;KELURAHAN;TMT'
bp() {	# the list of month $1; $2: "tanpa-budi" leaves BUDI out
	echo "$PH"
	echo "0001000000001;3325010101800001;ADI;1980-01-01;L;AKTIF;KOTA;SUKAMAJU;$1-01"
	[ "${2:-}" = tanpa-budi ] || echo '0001000000002;3325010202800002;BUDI;1980-02-02;L;AKTIF;KOTA;SUKAMAJU'
	echo '0001000000003;3325014303800003;CITRA;1980-03-03;P;AKTIF;KOTA;SUKAMAJU'
	echo '0001000000004;3325010404800004;DEDI;1980-04-04;L;AKTIF;KOTA;JATI'
	echo '0001000000005;3325010505800005;EKO;1980-05-05;L;AKTIF;KOTA;JATI'
	echo '0001000000006;3325010606800006;FAJAR;1980-06-06;L;AKTIF;DESA;WONOSARI'
	echo '0001000000007;3325014707800007;GITA;1980-07-07;P;AKTIF;DESA;WONOSARI'
	echo '0001000000008;3325014808800008;KARTIKA;1980-08-08;P;AKTIF;DESA;WONOSARI'
	echo '0001000000009;3325010909800009;HADI;1980-09-09;L;AKTIF;DESA;WONOSARI'
	echo '0001000000019;3325010909800009;HADI;1980-09-09;L;AKTIF;DESA;WONOSARI'
	echo '0001000000010;3325011010800010;IMAM;1980-10-10;L;AKTIF;DESA;WONOSARI'
	echo '0001000000020;3325011010800010;IMAM;1980-10-10;L;NON AKTIF;DESA;WONOSARI'
	echo '0001000000030;;TANPA NIK;1980-11-11;L;AKTIF;DESA;WONOSARI'
	echo '0001000000030;;TANPA NIK;1980-11-11;L;AKTIF;DESA;WONOSARI'
}
for m in 2026-07 2026-08 2026-09; do bp $m > "$F/peserta-$m.csv"; done
printf 'NIK;NAMA\n3325014707800007;GITA\n3325014808800008;KARTIKA\n' > "$F/apbn-2026-07.csv"
printf 'NIK;NAMA;TGL MENINGGAL\n3325010404800004;DEDI;10/03/2026\n' > "$F/kematian-2026-07.csv"
printf 'NIK;NAMA;TGL MENINGGAL\n3325014303800003;CITRA;05/06/2026\n' > "$F/kematian-2026-08.csv"
{
	echo 'NIK;NAMA;TGL MENINGGAL'
	echo '3325010505800005;EKO;10/09/2026'
	echo '3325010202800002;BUDI;20/06/2026'
	echo '3325010606800006;FAJAR;15/08/2026'
	echo '3325014707800007;GITA;01/05/2026'
} > "$F/kematian-2026-09.csv"

t_imp segmen "$F/apbn-2026-07.csv" 2026-07
for m in 2026-07 2026-08 2026-09; do
	t_imp kematian "$F/kematian-$m.csv" $m
	t_imp peserta "$F/peserta-$m.csv" $m
done
check "fixtures imported, nothing rejected" "7|0" \
	"$(t_psql "SELECT count(*), sum(rejected) FROM batch WHERE outcome = 'OK'")"

# The JSON's §9 figures: kelebihan_bayar's five, then usul_nonaktif.
figures() {
	$PY -c 'import json,sys
d = json.load(open(sys.argv[1]))
k = d["kelebihan_bayar"]
print(" ".join(str(k[n]) for n in ("jiwa", "bulan", "rupiah", "jiwa_baru", "rupiah_baru")), d["usul_nonaktif"])' \
	    "$O/$1/rekonsiliasi-$1.json"
}
sk() {	# the SK list of a month, as stored
	t_psql "SELECT string_agg(nama, ',' ORDER BY line) FROM sk_daftar WHERE period = '$1'"
}

# --- Juli: only DEDI is known dead, and no SK before his death -----------------
check_rc "rekonsiliasi 2026-07" 0 $REKON rekonsiliasi --period 2026-07
check "Juli's SK: DEDI (MENINGGAL), GITA and KARTIKA (SEGMEN_LAIN), HADI's and the NOKA's second row out" \
	"ADI,BUDI,CITRA,EKO,FAJAR,HADI,IMAM,TANPA NIK" "$(sk 2026-07)"
check "Juli: nothing to claim (DEDI died before any reconciled month); 3 to end" \
	"0 0 0 0 0 3" "$(figures 2026-07)"
W=$O/2026-07/rekonsiliasi-2026-07.xlsx
check "Juli: §9's sheets after Tindak Lanjut and Calon Ganda, before Ditolak" \
	"Tindak Lanjut|Calon Ganda|Kelebihan Bayar|Usul Nonaktif|Ditolak" \
	"$($X "$W" sheets | tail -5 | tr '\n' '|' | sed 's/|$//')"
check "Juli: the empty Kelebihan Bayar sheet keeps its header and says Tidak ada data" \
	"5|NO;NIK;NAMA;TGL MENINGGAL;BULAN;JUMLAH BULAN;JUMLAH (Rp);BARU
Tidak ada data" \
	"$($X "$W" header 'Kelebihan Bayar'; $PY -c "import openpyxl; print(openpyxl.load_workbook('$W')['Kelebihan Bayar'].cell(7, 2).value)")"
check "Juli: Usul Nonaktif, input order" \
	"5|NO;NO KARTU;NIK;NAMA;KECAMATAN;KELURAHAN;ALASAN;TGL MENINGGAL
1;0001000000004;3325010404800004;DEDI;KOTA;JATI;MENINGGAL;10-03-2026
2;0001000000007;3325014707800007;GITA;DESA;WONOSARI;SEGMEN_LAIN
3;0001000000008;3325014808800008;KARTIKA;DESA;WONOSARI;SEGMEN_LAIN" \
	"$($X "$W" header 'Usul Nonaktif'; $X "$W" rows 'Usul Nonaktif')"

# --- Agustus: CITRA's death (June) arrives; Juli's SK held her -----------------
check_rc "rekonsiliasi 2026-08" 0 $REKON rekonsiliasi --period 2026-08
check "Agustus: CITRA out of the SK" "ADI,BUDI,EKO,FAJAR,HADI,IMAM,TANPA NIK" "$(sk 2026-08)"
check "Agustus: CITRA, Juli at Juli's 30.000, baru; 4 to end" \
	"1 1 30000 1 30000 4" "$(figures 2026-08)"
W=$O/2026-08/rekonsiliasi-2026-08.xlsx
check "Agustus: the Kelebihan Bayar sheet, then its total" \
	"1;3325014303800003;CITRA;05-06-2026;Juli 2026;1;30000;ya
;JUMLAH;;;;1;30000" "$($X "$W" rows 'Kelebihan Bayar')"

# --- September: BUDI (died June, in the SK of Juli and Agustus) ----------------
check_rc "rekonsiliasi 2026-09" 0 $REKON rekonsiliasi --period 2026-09
check "September: EKO (died in September) stays in the SK" "ADI,EKO,HADI,IMAM,TANPA NIK" "$(sk 2026-09)"
check "September: BUDI 30.000 + 40.000 baru, CITRA again (not baru); 6 to end" \
	"2 3 100000 1 70000 6" "$(figures 2026-09)"
check "rekon ringkasan: the claim and the count to end, as the Kabid reads them" \
"  kelebihan bayar (Rp)              100.000
  usul nonaktif (jiwa)                    6" \
	"$($REKON ringkasan --period 2026-09 | grep -e 'kelebihan bayar' -e 'usul nonaktif')"
check "stored: the months and each month's iuran" \
	"3325010202800002|{2026-07,2026-08}|{30000,40000}|2|70000|t
3325014303800003|{2026-07}|{30000}|1|30000|f" \
	"$(t_psql "SELECT nik, bulan, iuran, jumlah_bulan, jumlah, baru FROM kelebihan_bayar
	    WHERE period = '2026-09' ORDER BY nik")"
check "nothing for DEDI (before any SK), EKO (dies in P), FAJAR (Agustus his month of death), GITA (never in an SK)" "" \
	"$(t_psql "SELECT string_agg(nama, ',') FROM kelebihan_bayar WHERE period = '2026-09'
	    AND nik IN ('3325010404800004', '3325010505800005', '3325010606800006', '3325014707800007')")"
W=$O/2026-09/rekonsiliasi-2026-09.xlsx
check "September: Kelebihan Bayar in input order (the death records), months by name, BARU ya or empty" \
	"5|NO;NIK;NAMA;TGL MENINGGAL;BULAN;JUMLAH BULAN;JUMLAH (Rp);BARU
1;3325014303800003;CITRA;05-06-2026;Juli 2026;1;30000
2;3325010202800002;BUDI;20-06-2026;Juli 2026, Agustus 2026;2;70000;ya
;JUMLAH;;;;3;100000" \
	"$($X "$W" header 'Kelebihan Bayar'; $X "$W" rows 'Kelebihan Bayar')"
total() {	# the Kelebihan Bayar sheet's total row, JUMLAH (Rp)
	$PY -c "
import openpyxl
ws = openpyxl.load_workbook('$1')['Kelebihan Bayar']
print([int(r[6].value) for r in ws.iter_rows(min_row=6) if r[1].value == 'JUMLAH'][0])"
}
check "the sheet's total is the JSON's rupiah" \
	"$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["kelebihan_bayar"]["rupiah"])' "$O/2026-09/rekonsiliasi-2026-09.json")" \
	"$(total "$W")"
check "the filter stops above the total; money #,##0" "filter=A5:H7|100000|n|#,##0" \
	"$($X "$W" print 'Kelebihan Bayar' | grep '^filter')|$($X "$W" cell 'Kelebihan Bayar' G8)"
check "September: Usul Nonaktif (default MENINGGAL, SEGMEN_LAIN: GITA is MENINGGAL)" \
	"1;0001000000002;3325010202800002;BUDI;KOTA;SUKAMAJU;MENINGGAL;20-06-2026
2;0001000000003;3325014303800003;CITRA;KOTA;SUKAMAJU;MENINGGAL;05-06-2026
3;0001000000004;3325010404800004;DEDI;KOTA;JATI;MENINGGAL;10-03-2026
4;0001000000006;3325010606800006;FAJAR;DESA;WONOSARI;MENINGGAL;15-08-2026
5;0001000000007;3325014707800007;GITA;DESA;WONOSARI;MENINGGAL;01-05-2026
6;0001000000008;3325014808800008;KARTIKA;DESA;WONOSARI;SEGMEN_LAIN" \
	"$($X "$W" rows 'Usul Nonaktif')"
C=$O/2026-09/nonaktif-2026-09-bpjs.csv
check "the CSV: the Usul Nonaktif rows, NO KARTU NIK NAMA ALASAN TGL MENINGGAL, CRLF" \
	"$(printf 'NO;NO KARTU;NIK;NAMA;ALASAN;TGL MENINGGAL\r\n'; $X "$W" rows 'Usul Nonaktif' | awk -F';' '{ printf "%s;%s;%s;%s;%s;%s\r\n", $1, $2, $3, $4, $7, $8 }')" \
	"$(cat "$C")"
check "the CSV: mode 0640, no BOM" "640|4e4f" "$(stat -c %a "$C")|$(head -c 2 "$C" | od -An -tx1 | tr -d ' ')"
check "no temporary file left in the outbox" "" "$(cd "$O/2026-09" && ls -A | grep '^\.')"

# --- config order decides ALASAN; GANDA_NIK only the row §4 excluded ----------
printf '\n[rules]\nusul_nonaktif = SEGMEN_LAIN, GANDA_NIK, MENINGGAL\n' >> "$T/rekon.conf"
check_rc "rekonsiliasi 2026-09 again, usul_nonaktif = SEGMEN_LAIN, GANDA_NIK, MENINGGAL" 0 \
	$REKON rekonsiliasi --period 2026-09
check "GITA now SEGMEN_LAIN; HADI's second row and the NOKA's second row GANDA_NIK; IMAM (flagged, kept) not" \
	"1;0001000000002;3325010202800002;BUDI;KOTA;SUKAMAJU;MENINGGAL;20-06-2026
2;0001000000003;3325014303800003;CITRA;KOTA;SUKAMAJU;MENINGGAL;05-06-2026
3;0001000000004;3325010404800004;DEDI;KOTA;JATI;MENINGGAL;10-03-2026
4;0001000000006;3325010606800006;FAJAR;DESA;WONOSARI;MENINGGAL;15-08-2026
5;0001000000007;3325014707800007;GITA;DESA;WONOSARI;SEGMEN_LAIN;01-05-2026
6;0001000000008;3325014808800008;KARTIKA;DESA;WONOSARI;SEGMEN_LAIN
7;0001000000019;3325010909800009;HADI;DESA;WONOSARI;GANDA_NIK
8;0001000000030;;TANPA NIK;DESA;WONOSARI;GANDA_NIK" \
	"$($X "$W" rows 'Usul Nonaktif')"
check "IMAM's rows are flagged GANDA_NIK all the same" "2" \
	"$(t_psql "SELECT count(*) FROM peserta_hasil WHERE period = '2026-09' AND kunci = '3325011010800010' AND 'GANDA_NIK' = ANY (flags)")"
check "a rerun keeps the claim and its baru; usul_nonaktif 8" "2 3 100000 1 70000 8" "$(figures 2026-09)"
check "the CSV follows the sheet" "9|0001000000030;;TANPA NIK;GANDA_NIK;" \
	"$(wc -l < "$C" | tr -d ' ')|$(tail -1 "$C" | cut -d';' -f2- | tr -d '\r')"
printf 'usul_nonaktif =\n' > "$T/empty.conf"
sed '/^usul_nonaktif/d' "$T/rekon.conf" > "$T/r.conf" && cat "$T/empty.conf" >> "$T/r.conf" && cp "$T/r.conf" "$T/rekon.conf"
check_rc "rekonsiliasi 2026-09 with usul_nonaktif empty" 0 $REKON rekonsiliasi --period 2026-09
check "empty: no one to end, the sheet says Tidak ada data, the CSV its header" \
	"0|Tidak ada data|NO;NO KARTU;NIK;NAMA;ALASAN;TGL MENINGGAL" \
	"$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["usul_nonaktif"])' "$O/2026-09/rekonsiliasi-2026-09.json")|$($PY -c "import openpyxl; print(openpyxl.load_workbook('$W')['Usul Nonaktif'].cell(7, 2).value)")|$(tr -d '\r' < "$C")"
printf 'usul_nonaktif = MENINGGAL, BUKAN_PENDUDUK, GANDA_ORANG\n' > "$T/empty.conf"
sed '/^usul_nonaktif/d' "$T/rekon.conf" > "$T/r.conf" && cat "$T/empty.conf" >> "$T/r.conf" && cp "$T/r.conf" "$T/rekon.conf"
check_rc "BUKAN_PENDUDUK and GANDA_ORANG are accepted (no row carries them yet)" 0 $REKON rekonsiliasi --period 2026-09
check "... and list the MENINGGAL rows only" "5" "$(t_psql "SELECT count(*) FROM usul_nonaktif WHERE period = '2026-09'")"
printf 'usul_nonaktif = MENINGGAL, DATA_BERBEDA\n' > "$T/empty.conf"
sed '/^usul_nonaktif/d' "$T/rekon.conf" > "$T/r.conf" && cat "$T/empty.conf" >> "$T/r.conf" && cp "$T/r.conf" "$T/rekon.conf"
check_rc "a code §9 does not allow is refused" 78 $REKON rekonsiliasi --period 2026-09
check "... naming it and the codes allowed" "1" \
	"$(grep -c 'usul_nonaktif: "DATA_BERBEDA" is not one of MENINGGAL, SEGMEN_LAIN, GANDA_NIK, GANDA_ORANG, BUKAN_PENDUDUK' "$T/last.err")"
sed '/^usul_nonaktif/d' "$T/rekon.conf" > "$T/r.conf" && cp "$T/r.conf" "$T/rekon.conf"

# --- a closed month is read from its signed list -------------------------------
check_rc "sk --final 2026-07: Juli closed" 0 $REKON sk --period 2026-07 --final
bp 2026-07 tanpa-budi > "$F/peserta-2026-07b.csv"
t_imp peserta "$F/peserta-2026-07b.csv" 2026-07 --force
check_rc "rekonsiliasi 2026-07 --force on a list without BUDI" 0 $REKON rekonsiliasi --period 2026-07 --force
check "Juli's stored list lost BUDI, its signed list did not" "0|1" \
	"$(t_psql "SELECT (SELECT count(*) FROM sk_daftar WHERE period = '2026-07' AND nama = 'BUDI'),
	    (SELECT count(*) FROM sk_final WHERE period = '2026-07' AND nama = 'BUDI')")"
check_rc "rekonsiliasi 2026-09 again" 0 $REKON rekonsiliasi --period 2026-09
check "BUDI's claim still counts Juli, from the signed list" "2 3 100000 1 70000 6" "$(figures 2026-09)"

# --- the SQL refuses what the caller must not pass -------------------------------
check_rc "a month with an SK list and no iuran is refused" 1 \
	t_psql "SELECT rekon_kelebihan_bayar('2026-09', ARRAY['2026-07', '2026-08'], ARRAY[30000, 40000]::bigint[])"
check "... naming the month" "1" "$(grep -c 'no iuran_per_jiwa given for 2026-09' "$T/last.err")"
check_rc "bulan and iuran of different lengths are refused" 1 \
	t_psql "SELECT rekon_kelebihan_bayar('2026-09', ARRAY['2026-07'], ARRAY[30000, 40000]::bigint[])"
check_rc "a code §9 does not allow is refused by the SQL too" 1 \
	t_psql "SELECT rekon_usul_nonaktif('2026-09', ARRAY['DATA_BERBEDA'])"
t_done
