#!/bin/sh
# rules.md §2 (sql/rules/20_feedback.sql): each GAGAL row of F gets the
# kategori and tindak lanjut of the first pattern (by urutan) its keterangan
# contains, case-insensitive; every seeded category and the fallback; the
# newest feedback row of a NIK wins; the pattern table is data (an added
# pattern takes effect, '_' is a plain character); kelurahan and kecamatan
# from the newest proposal, else D, else none; reruns are idempotent.
# Synthetic people only: NIKs are 33 25 01 DDMMYY SSSS.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
t_pg_start
F=$T/in
mkdir -p "$F"
N=33250141019000	# + a two-digit serial: women born 1 January 1990

# --- feedback of 2026-11: two files ------------------------------------------
{
	printf 'NIK,HASIL,KETERANGAN\n'
	printf '%s01,GAGAL,data tidak padan\n' $N
	printf '%s02,GAGAL,Tidak ditemukan di Dukcapil\n' $N
	printf '%s03,GAGAL,NIK tidak terdaftar\n' $N
	printf '%s04,GAGAL,Data Ganda\n' $N
	printf '%s05,Ditolak,sudah aktif di segmen PBI\n' $N
	printf '%s06,GAGAL,Sudah Terdaftar\n' $N
	printf '%s07,GAGAL,peserta apbn\n' $N
	printf '%s08,GAGAL,Peserta MENINGGAL dunia\n' $N
	printf '%s09,GAGAL,kuota habis\n' $N
	printf '%s10,GAGAL,ganda; sudah aktif\n' $N
	printf '%s11,GAGAL,\n' $N
	printf '%s12,GAGAL,alamat tidak lengkap\n' $N
	printf '%s13,GAGAL,Double entry\n' $N
	printf '%s14,GAGAL,kuota\n' $N
	printf '%s15,BERHASIL,\n' $N
	printf '%s16,GAGAL,kuota\n' $N
	printf '%s18,BERHASIL,\n' $N
	printf '%s16,GAGAL,meninggal\n' $N
	printf '%s19,GAGAL,NO KK salah\n' $N
} > "$F/fb-11a.csv"
{
	printf 'NIK,HASIL,KETERANGAN\n'
	printf '%s14,BERHASIL,\n' $N		# 14 was GAGAL, the newer row says BERHASIL
	printf '%s15,GAGAL,ganda\n' $N		# 15 was BERHASIL, now GAGAL
} > "$F/fb-11b.csv"
# other periods' feedback is not F of 2026-11
printf 'NIK,HASIL,KETERANGAN\n%s17,GAGAL,kuota\n' $N > "$F/fb-10.csv"
t_imp feedback "$F/fb-10.csv" 2026-10
t_imp feedback "$F/fb-11a.csv" 2026-11
t_imp feedback "$F/fb-11b.csv" 2026-11

# --- where the people live -----------------------------------------------------
H='NIK,NO KK,NAMA,KELURAHAN,KECAMATAN'
{	# 2026-10
	printf '%s\n' "$H"
	printf '%s01,3325010000000001,SATU,KEL LAMA,KEC LAMA\n' $N
	printf '%s02,3325010000000002,DUA,KEL X,KEC X\n' $N
} > "$F/usl-10.csv"
{	# 2026-11, first file
	printf '%s\n' "$H"
	printf '%s01,3325010000000001,SATU,Kel A,Kec A\n' $N
	printf '%s03,3325010000000003,TIGA,KEL B1,KEC B1\n' $N
	printf '%s05,3325010000000005,LIMA,,\n' $N
	printf '%s08,3325010000000008,DELAPAN,,KEC P8\n' $N
} > "$F/usl-11a.csv"
{	# 2026-11, second file: 04 twice, the greater line wins
	printf '%s\n' "$H"
	printf '%s03,3325010000000003,TIGA,KEL B2,KEC B2\n' $N
	printf '%s04,3325010000000004,EMPAT,KEL L2,KEC L2\n' $N
	printf '%s04,3325010000000004,EMPAT,KEL L3,KEC L3\n' $N
} > "$F/usl-11b.csv"
{	# 2026-12: after P, not used
	printf '%s\n' "$H"
	printf '%s02,3325010000000002,DUA,KEL NANTI,KEC NANTI\n' $N
} > "$F/usl-12.csv"
t_imp usulan "$F/usl-10.csv" 2026-10
t_imp usulan "$F/usl-11a.csv" 2026-11
t_imp usulan "$F/usl-11b.csv" 2026-11
t_imp usulan "$F/usl-12.csv" 2026-12
{	# D at 2026-11
	printf 'NIK|NAMA|KELURAHAN|KECAMATAN\n'
	printf '%s01|SATU|KEL DTKS|KEC DTKS\n' $N
	printf '%s05|LIMA|KEL D5|KEC D5\n' $N
	printf '%s06|ENAM|KEL D6|\n' $N
	printf '%s08|DELAPAN|KEL D8|KEC D8\n' $N
	printf '%s09|SEMBILAN|KEL D9|KEC D9\n' $N
} > "$F/dtks-10.csv"
printf 'NIK|NAMA|KELURAHAN|KECAMATAN\n%s09|SEMBILAN|KEL BARU|KEC BARU\n%s12|DUA BELAS|KEL BARU|KEC BARU\n' $N $N \
	> "$F/dtks-12.csv"
t_imp dtks "$F/dtks-10.csv" 2026-10
t_imp dtks "$F/dtks-12.csv" 2026-12

Q="SELECT right(nik, 2), kategori, kelurahan, kecamatan FROM gagal_hasil WHERE period = '2026-11' ORDER BY nik"
t_psql "SELECT rekon_feedback('2026-11')" >/dev/null
EXPECT="01|NIK_DUKCAPIL|Kel A|Kec A
02|NIK_DUKCAPIL|KEL X|KEC X
03|NIK_DUKCAPIL|KEL B2|KEC B2
04|DATA_GANDA|KEL L3|KEC L3
05|SEGMEN_LAIN|KEL D5|KEC D5
06|SEGMEN_LAIN|KEL D6|(TANPA KECAMATAN)
07|SEGMEN_LAIN|(TANPA KELURAHAN)|(TANPA KECAMATAN)
08|MENINGGAL|(TANPA KELURAHAN)|KEC P8
09|KUOTA|KEL D9|KEC D9
10|DATA_GANDA|(TANPA KELURAHAN)|(TANPA KECAMATAN)
11|LAINNYA|(TANPA KELURAHAN)|(TANPA KECAMATAN)
12|LAINNYA|(TANPA KELURAHAN)|(TANPA KECAMATAN)
13|LAINNYA|(TANPA KELURAHAN)|(TANPA KECAMATAN)
15|DATA_GANDA|(TANPA KELURAHAN)|(TANPA KECAMATAN)
16|MENINGGAL|(TANPA KELURAHAN)|(TANPA KECAMATAN)
19|LAINNYA|(TANPA KELURAHAN)|(TANPA KECAMATAN)"
# 01: TIDAK PADAN, lower case; 02: DUKCAPIL; 03: NIK TIDAK; 05: SEGMEN
# (Ditolak is GAGAL); 06: SUDAH TERDAFTAR; 07: APBN; 10: GANDA (urutan 50)
# before SUDAH AKTIF (80); 11: empty; 12, 13: nothing matched.
# 01: 2026-11's proposal, not 2026-10's nor D; 02: 2026-10's, not 2026-12's;
# 03: the later file; 04: the later line; 05: its proposal names no place,
# so D; 06: D without a kecamatan; 08: a proposal naming a kecamatan only;
# 09: the DTKS snapshot in force at 2026-11, not 2026-12's.
# 14: newest row BERHASIL; 15: newest row GAGAL; 16: the later line of one
# file; 17: feedback of 2026-10; 18: BERHASIL.
check "every GAGAL row of F" "$EXPECT" "$(t_psql "$Q")"
# The usulan job finds them too: its kembali/ books carry them to each
# kelurahan, also when rekonsiliasi has not run yet for the month.
t_psql "DELETE FROM gagal_hasil" >/dev/null
# (2026-10's proposals first: their waiting rows are carried into 2026-11.)
check_rc "rekon usulan 2026-10" 0 $REKON -q usulan --period 2026-10
check_rc "rekon usulan (no rekonsiliasi before it)" 0 $REKON -q usulan --period 2026-11
check "usulan wrote every GAGAL row of F" "$EXPECT" "$(t_psql "$Q")"
check "and its kembali/ books carry them" "1" \
	"$(find "$T/state/outbox/2026-11/kembali" -name '*.xlsx' | grep -c 'KEL D9-2026-11.xlsx')"
check "tindak lanjut per kategori" \
	"DATA_GANDA|Periksa data ganda; usulkan satu NIK saja
KUOTA|Usulkan ulang bulan berikutnya
LAINNYA|Periksa kelengkapan dan kebenaran data
MENINGGAL|Hapus dari usulan
NIK_DUKCAPIL|Padankan NIK ke Disdukcapil, lalu usulkan ulang
SEGMEN_LAIN|Sudah terdaftar di segmen lain; tidak perlu diusulkan" \
	"$(t_psql "SELECT DISTINCT kategori, tindak_lanjut FROM gagal_hasil WHERE period = '2026-11' ORDER BY 1")"
check "the F row: newest file, newest line" "fb-11b.csv|3
fb-11a.csv|19" \
	"$(t_psql "SELECT b.file_name, g.line FROM gagal_hasil g JOIN batch b ON b.id = g.batch_id WHERE right(g.nik, 2) IN ('15', '16') ORDER BY g.nik")"

# --- rerun: the same -------------------------------------------------------------
t_psql "SELECT rekon_feedback('2026-11')" >/dev/null
check "rerun gives the same rows" "$EXPECT" "$(t_psql "$Q")"
t_psql "SELECT rekon_feedback('2026-10')" >/dev/null
check "2026-10 has its own row; 2026-11 untouched" "2026-10|1|KUOTA
2026-11|16|" \
	"$(t_psql "SELECT period, count(*), CASE WHEN count(*) = 1 THEN min(kategori) END FROM gagal_hasil GROUP BY period ORDER BY period")"

# --- the pattern table is data ------------------------------------------------------
# A new pattern takes effect on the next run. '_' is a plain character: NO_KK
# does not match 'NO KK salah' (ILIKE would).
t_psql "INSERT INTO feedback_pola VALUES (45, 'double', 'DATA_GANDA', 'Periksa data ganda; usulkan satu NIK saja'),
	(46, 'NO_KK', 'NIK_DUKCAPIL', 'Padankan NIK ke Disdukcapil, lalu usulkan ulang')" >/dev/null
t_psql "SELECT rekon_feedback('2026-11')" >/dev/null
check "an added pattern, case-insensitive; '_' is literal" "13|DATA_GANDA
19|LAINNYA" \
	"$(t_psql "SELECT right(nik, 2), kategori FROM gagal_hasil WHERE period = '2026-11' AND right(nik, 2) IN ('13', '19') ORDER BY nik")"
# Without the fallback row, an unmatched row is LAINNYA all the same.
t_psql "DELETE FROM feedback_pola WHERE pola = ''" >/dev/null
t_psql "SELECT rekon_feedback('2026-11')" >/dev/null
check "no fallback row: still LAINNYA" "11|LAINNYA|Periksa kelengkapan dan kebenaran data
12|LAINNYA|Periksa kelengkapan dan kebenaran data" \
	"$(t_psql "SELECT right(nik, 2), kategori, tindak_lanjut FROM gagal_hasil WHERE period = '2026-11' AND right(nik, 2) IN ('11', '12') ORDER BY nik")"

# --- a dropped feedback batch takes its rows with it ----------------------------
BB=$(t_psql "SELECT id FROM batch WHERE file_name = 'fb-11b.csv'")
check_rc "drop the second feedback file" 0 $REKON batch drop "$BB"
t_psql "SELECT rekon_feedback('2026-11')" >/dev/null
check "without it: 14 GAGAL again (kuota), 15 BERHASIL" "14|KUOTA" \
	"$(t_psql "SELECT right(nik, 2), kategori FROM gagal_hasil WHERE period = '2026-11' AND right(nik, 2) IN ('14', '15')")"

t_done
