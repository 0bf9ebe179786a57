#!/bin/sh
# rules.md §8 "Follow-up (tindak lanjut)", computed by rekonsiliasi for P:
# TERLAMBAT_BPJS (forwarded in a period recorded as sent, at least two
# months back, with no feedback imported after the sending and no AKTIF
# row) and BELUM_MASUK_DAFTAR (BERHASIL in the newest feedback before P, on
# no PBPU_PEMDA list since).  Hand-made people, one per path; the table,
# the Tindak Lanjut sheet and the JSON's tindak_lanjut, exactly.
# Synthetic people only: NIKs are 33 25 01 41 01 90 00NN (women, 1 Jan 1990).
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
t_pg_start
F=$T/in
mkdir -p "$F"
N=33250141019000	# + two digits
{
	printf 'NIK|NO KK|NAMA|DESIL|KELURAHAN|KECAMATAN\n'
	for i in 01 02 03 05 06 07 08 09; do
		printf '%s%s|33250100000000%s|ORANG %s|2|KEL %s|KEC X\n' $N $i $i $i $i
	done
} > "$F/dtks.csv"
t_imp dtks "$F/dtks.csv" 2026-08
# 2026-08: 01, 02, 03 and 05 are forwarded; 03's answer came before the list
# was recorded as sent, so it answers nothing.
{
	printf 'NIK;NO KK;NAMA;JENIS USULAN;KELURAHAN;KECAMATAN\n'
	for i in 01 02 03 05; do
		printf '%s%s;33250100000000%s;ORANG %s;BARU;KEL %s;KEC X\n' $N $i $i $i $i
	done
} > "$F/usulan-08.csv"
t_imp usulan "$F/usulan-08.csv" 2026-08
printf 'NIK;HASIL;KETERANGAN\n%s03;GAGAL;data tidak padan\n' $N > "$F/fb-08-early.csv"
t_imp feedback "$F/fb-08-early.csv" 2026-08
$REKON -q usulan --period 2026-08 --final >/dev/null 2>&1
check "usulan 2026-08 --final" 0 $?
# After the sending: 02 is answered (GAGAL); 06 BERHASIL in 2026-08, then
# GAGAL in 2026-09 (the newest decides); 07, 08, 09 BERHASIL in 2026-09.
printf 'NIK;HASIL;KETERANGAN\n%s02;GAGAL;ganda\n%s06;BERHASIL;\n' $N $N > "$F/fb-08.csv"
t_imp feedback "$F/fb-08.csv" 2026-08
{
	printf 'NIK;HASIL;KETERANGAN;NO KARTU;TMT\n'
	printf '%s06;GAGAL;kuota;;\n' $N
	printf '%s07;BERHASIL;;0000000000007;01-10-2026\n' $N
	printf '%s08;BERHASIL;;0000000000008;01-10-2026\n' $N
	printf '%s09;BERHASIL;;0000000000009;01-10-2026\n' $N
} > "$F/fb-09.csv"
t_imp feedback "$F/fb-09.csv" 2026-09
# The lists: 09 AKTIF but in PPU in 2026-09 (not PBPU Pemda); 05 and 08
# AKTIF PBPU Pemda in 2026-10.
printf 'NO KARTU;NIK;NAMA;STATUS;SEGMEN\n0000000000009;%s09;ORANG 09;AKTIF;PPU\n' $N > "$F/peserta-09.csv"
{
	printf 'NO KARTU;NIK;NAMA;STATUS;SEGMEN\n'
	printf '0000000000005;%s05;ORANG 05;AKTIF;PBPU PEMDA\n' $N
	printf '0000000000008;%s08;ORANG 08;AKTIF;PBPU PEMDA\n' $N
} > "$F/peserta-10.csv"
t_imp peserta "$F/peserta-09.csv" 2026-09
t_imp peserta "$F/peserta-10.csv" 2026-10

$REKON -q rekonsiliasi --period 2026-09 >/dev/null 2>&1
check "rekonsiliasi 2026-09" 0 $?
# 2026-09 looks at feedback up to 2026-08: 06 was BERHASIL there.
check "2026-09: nothing late yet (sent in 2026-08, not two months back); 06 registered in 2026-08, on no list" \
	"BELUM_MASUK_DAFTAR ${N}06" \
	"$(t_psql "SELECT string_agg(kode || ' ' || nik, '|' ORDER BY nik) FROM tindak_lanjut WHERE period = '2026-09'")"
$REKON -q rekonsiliasi --period 2026-10 >/dev/null 2>&1
check "rekonsiliasi 2026-10" 0 $?
# 01 and 03 late (no answer after the sending, no list row); 02 answered;
# 05 on the list.  07 and 09 registered, on no PBPU Pemda list; 06's newest
# answer is GAGAL; 08 on the list.
check "2026-10: each case, forwarded when, where" \
	"${N}01|TERLAMBAT_BPJS|2026-08|KEL 01|KEC X
${N}03|TERLAMBAT_BPJS|2026-08|KEL 03|KEC X
${N}07|BELUM_MASUK_DAFTAR||KEL 07|KEC X
${N}09|BELUM_MASUK_DAFTAR||KEL 09|KEC X" \
	"$(t_psql "SELECT nik, kode, diteruskan, kelurahan, kecamatan FROM tindak_lanjut WHERE period = '2026-10' ORDER BY nik")"
J=$T/state/outbox/2026-10/rekonsiliasi-2026-10.json
check "JSON tindak_lanjut" '{"TERLAMBAT_BPJS": 2, "BELUM_MASUK_DAFTAR": 2}' \
	"$(/usr/bin/python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["tindak_lanjut"]))' "$J")"
check "JSON tindak_lanjut of 2026-09: every code, 0 when none" '{"TERLAMBAT_BPJS": 0, "BELUM_MASUK_DAFTAR": 1}' \
	"$(/usr/bin/python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["tindak_lanjut"]))' "$T/state/outbox/2026-09/rekonsiliasi-2026-09.json")"
X="/usr/bin/python3 $ROOT/tests/helpers/xlsx_check.py"
W=$T/state/outbox/2026-10/rekonsiliasi-2026-10.xlsx
SENT=$(t_psql "SELECT to_char(dikirim_at, 'DD-MM-YYYY') FROM usulan_final WHERE period = '2026-08'")
check "the Tindak Lanjut sheet, in input order" \
	"5|NO;KODE;NIK;NAMA;KELURAHAN;KECAMATAN;DITERUSKAN;KETERANGAN
1;TERLAMBAT_BPJS;${N}01;ORANG 01;KEL 01;KEC X;Agustus 2026;dikirim ke BPJS $SENT, belum ada jawaban BPJS dan belum ada di daftar peserta
2;TERLAMBAT_BPJS;${N}03;ORANG 03;KEL 03;KEC X;Agustus 2026;dikirim ke BPJS $SENT, belum ada jawaban BPJS dan belum ada di daftar peserta
3;BELUM_MASUK_DAFTAR;${N}07;ORANG 07;KEL 07;KEC X;;berhasil didaftarkan (feedback 2026-09, NOKA 0000000000007, TMT 01-10-2026), belum ada di daftar peserta PBPU Pemda
4;BELUM_MASUK_DAFTAR;${N}09;ORANG 09;KEL 09;KEC X;;berhasil didaftarkan (feedback 2026-09, NOKA 0000000000009, TMT 01-10-2026), belum ada di daftar peserta PBPU Pemda" \
	"$($X "$W" header 'Tindak Lanjut'; $X "$W" rows 'Tindak Lanjut')"
# Idempotent: again, the same rows.
$REKON -q rekonsiliasi --period 2026-10 >/dev/null 2>&1
check "a rerun gives the same cases" "4" "$(t_psql "SELECT count(*) FROM tindak_lanjut WHERE period = '2026-10'")"
t_done
