#!/bin/sh
# Reports: the workbooks and the CSV of outputs.md, written by `rekon report`
# from result tables filled here by hand (the rule jobs are tested
# elsewhere), then read back with openpyxl (tests/helpers/xlsx_check.py): sheet
# names, title block, header row, typed cells, print set-up, orders, counts,
# continuation sheets, CSV bytes, kembali/ names and rebuild, file modes.
. "$(dirname "$0")/../helpers/lib.sh"
PY=${PYTHON:-/usr/bin/python3}	# Debian's, which has python3-openpyxl
X="$PY $ROOT/tests/helpers/xlsx_check.py"
t_setup
cat >> "$T/rekon.conf" <<'CONF'

[sk]
jabatan = KEPALA DINAS KESEHATAN
nama = dr. RATNA SARI, M.Kes
pangkat = Pembina Utama Muda
nip = 19700101 199503 2 001
CONF
t_pg_start
F=$T/in
mkdir -p "$F"
P=2026-11
O=$T/state/outbox/$P

# --- imported rows: the person data the result tables point at --------------
{
	printf 'NIK;NO KK;NAMA;TGL LAHIR;JENIS KELAMIN;HUB KELUARGA;ALAMAT;RT;RW;KECAMATAN;KELURAHAN;JENIS USULAN;TGL USULAN\n'
	printf '3325010101900001;3325010101000001;BUDI SANTOSO;01-01-1990;L;KEPALA KELUARGA;JL. MAWAR 1;001;002;KEC. KOTA;KEL. SUKA/MAJU;BARU;05-11-2026\n'
	printf '3325014202910002;3325010101000002;"SITI ""ANI""";02-02-1991;P;ISTRI;"JL. MELATI; GG 2";003;004;KEC. KOTA;KEL. SUKA/MAJU;BARU;04-11-2026\n'
	printf '3325010303920003;3325010101000003;CANDRA;03-03-1992;L;ANAK;JL. KENANGA;005;006;KEC. KOTA;KEL. SUKA/MAJU;BARU;06-11-2026\n'
	printf '3325010404930004;3325010101000004;DEWI;04-04-1993;P;KEPALA KELUARGA;JL. DAHLIA;007;008;KEC. KOTA;KEL. LAIN;MUTASI;07-11-2026\n'
	printf '3325010505940005;3325010101000005;EKO;05-05-1994;L;KEPALA KELUARGA;JL. ANGGREK;009;010;Selatan;Jati;BARU;08-11-2026\n'
	printf '3325010606950006;3325010101000006;FAJAR;06-06-1995;L;KEPALA KELUARGA;;;;;;BARU;\n'
	printf ';3325010101000007;TANPA NIK;;;;;;;;;BARU;\n'
} > "$F/usulan-2026-11.csv"
{
	printf 'NIK,HASIL,NO KARTU,KETERANGAN,NAMA\n'
	printf '3325010101900011,GAGAL,,NIK tidak padan Dukcapil,HANA\n'
	printf '3325010303920003,GAGAL,,Data ganda,\n'
	printf '3325010101900013,BERHASIL,0001234567899,,IWAN\n'
	printf '3325010101900014,GAGAL,,,JOKO\n'
} > "$F/feedback-2026-11.csv"
{
	printf 'NO KARTU;NIK;NO KK;NAMA;TGL LAHIR;JK;STATUS;JENIS PESERTA;KECAMATAN;KELURAHAN;KD FASKES;TMT;ALAMAT\n'
	printf '0001234567890;3325010101900001;3325010101000001;BUDI SANTOSO;01-01-1990;L;AKTIF;PBPU PEMDA;KEC. KOTA;KEL. SUKA/MAJU;0123R001;01-01-2026;JL. MAWAR 1\n'
	printf '0001234567891;3325014202910002;3325010101000002;SITI ANI;02-02-1991;P;AKTIF;;KEC. KOTA;KEL. SUKA/MAJU;0123R001;01-02-2026;JL. MELATI\n'
	printf '0001234567892;3325010707960007;3325010101000009;GITA;07-07-1996;P;NON AKTIF;;SELATAN;JATI;0123R002;;\n'
	printf '0001234567893;3325010101900001;3325010101000001;BUDI S;01-01-1990;L;AKTIF;;KEC. KOTA;KEL. SUKA/MAJU;0123R001;01-03-2026;\n'
	printf ';;;TANPA ID;;;AKTIF;;;;;;\n'
	printf '0001234567894;3325010808970008;3325010101000008;HADI;08-08-1997;L;AKTIF;;SELATAN;JATI;0123R002;01-04-2026;JL. KAMBOJA\n'
} > "$F/peserta-2026-11.csv"
printf 'NO KARTU;NIK;NAMA;STATUS\n0001234567890;3325010101900001;BUDI;AKTIF\n;;LAMA;AKTIF\n' > "$F/peserta-2026-10.csv"
for k in usulan feedback peserta; do
	check_rc "import $k" 0 $REKON import $k "$F/$k-2026-11.csv"
done
check_rc "import peserta of October" 0 $REKON import peserta "$F/peserta-2026-10.csv"
U=$(t_psql "SELECT id FROM batch WHERE kind = 'usulan'")
FB=$(t_psql "SELECT id FROM batch WHERE kind = 'feedback'")
B=$(t_psql "SELECT id FROM batch WHERE kind = 'peserta' AND period = '$P'")

# --- nothing stored yet: exit 66 ---------------------------------------------
check_rc "usulan without results exits 66" 66 $REKON report usulan --period $P
check_rc "rekonsiliasi without results exits 66" 66 $REKON report rekonsiliasi --period $P
check_rc "sk without results exits 66" 66 $REKON report sk --period $P
check_rc "unknown report exits 64" 64 $REKON report bogus --period $P
check_rc "bad period exits 64" 64 $REKON report sk --period 2026-13
check_rc "bad --tanggal exits 64" 64 $REKON report sk --period $P --tanggal 31-02-2026
check_rc "--nomor is for sk only" 64 $REKON report usulan --period $P --nomor 1

# --- results, by hand ----------------------------------------------------------
t_psql "
INSERT INTO usulan_ruang (period, kuota, aktif_bprev, tertunda, ruang) VALUES ('$P', 100, 50, 0, 50);
INSERT INTO usulan_hasil (period, batch_id, line, urutan, antrian, nik, no_kk, hasil, alasan, sejak, batch_antri, line_antri) VALUES
 ('$P', $U, 2, 1, 2, '3325010101900001', '3325010101000001', 'DITERUSKAN', NULL, '$P', $U, 2),
 ('$P', $U, 3, 2, 1, '3325014202910002', '3325010101000002', 'DITERUSKAN', NULL, '$P', $U, 3),
 ('$P', $U, 4, 3, NULL, '3325010303920003', '3325010101000003', 'DIKEMBALIKAN', 'NIK_TIDAK_VALID, BUKAN_DTKS', '$P', $U, 4),
 ('$P', $U, 5, 4, 3, '3325010404930004', '3325010101000004', 'MENUNGGU_KUOTA', NULL, '$P', $U, 5),
 ('$P', $U, 6, 5, NULL, '3325010505940005', '3325010101000005', 'DIKEMBALIKAN', 'SUDAH_AKTIF', '$P', $U, 6),
 ('$P', $U, 7, 6, NULL, '3325010606950006', '3325010101000006', 'DIKEMBALIKAN', 'USULAN_GANDA', '$P', $U, 7);
INSERT INTO gagal_hasil (period, nik, batch_id, line, kategori, tindak_lanjut, kecamatan, kelurahan) VALUES
 ('$P', '3325010101900011', $FB, 2, 'NIK_DUKCAPIL', 'Padankan NIK ke Disdukcapil, lalu usulkan ulang', 'kec. kota', 'kel. suka/maju'),
 ('$P', '3325010303920003', $FB, 3, 'DATA_GANDA', 'Periksa data ganda; usulkan satu NIK saja', '(TANPA KELURAHAN)', '(TANPA KELURAHAN)'),
 ('$P', '3325010101900014', $FB, 5, 'LAINNYA', 'Periksa kelengkapan dan kebenaran data', '', '');
" >/dev/null

# --- usulan-P.xlsx ---------------------------------------------------------------
check_rc "report usulan" 0 $REKON report usulan --period $P
check "usulan prints the paths written" "$O/usulan-$P.xlsx
$O/usulan-$P-bpjs.csv
$O/kembali/KEC_ KOTA/KEL_ LAIN-$P.xlsx
$O/kembali/KEC_ KOTA/KEL_ SUKA_MAJU-$P.xlsx
$O/kembali/SELATAN/JATI-$P.xlsx
$O/kembali/_/_-$P.xlsx
$O/kembali/_TANPA KECAMATAN_/_TANPA KELURAHAN_-$P.xlsx
$O/kembali/_TANPA KELURAHAN_/_TANPA KELURAHAN_-$P.xlsx" "$(cat "$T/last.out")"
W=$O/usulan-$P.xlsx
check "usulan sheets" "Diteruskan
Dikembalikan
Menunggu Kuota" "$($X "$W" sheets)"
check "title block: office, title and period, when made" "Dinas Kesehatan Kabupaten Uji
Usulan Diteruskan ke BPJS Kesehatan — November 2026
Dibuat D Bulan YYYY pukul HH.MM WIB" "$($X "$W" heading Diteruskan | sed 's/^Dibuat [0-9]\{1,2\} [A-Z][a-z]* 20[0-9][0-9] pukul [0-2][0-9]\.[0-5][0-9] WIB$/Dibuat D Bulan YYYY pukul HH.MM WIB/')"
check "header row 5, first cell NO" "5|NO;NIK;NO KK;NAMA;TGL LAHIR;JK;HUB KELUARGA;ALAMAT;RT;RW;KELURAHAN;KECAMATAN;JENIS USULAN;TGL USULAN" \
	"$($X "$W" header Diteruskan)"
check "Diteruskan in queue order (antrian)" \
	'1;3325014202910002;3325010101000002;SITI "ANI";02-02-1991;P;ISTRI;JL. MELATI; GG 2;003;004;KEL. SUKA/MAJU;KEC. KOTA;BARU;04-11-2026
2;3325010101900001;3325010101000001;BUDI SANTOSO;01-01-1990;L;KEPALA KELUARGA;JL. MAWAR 1;001;002;KEL. SUKA/MAJU;KEC. KOTA;BARU;05-11-2026' \
	"$($X "$W" rows Diteruskan)"
check "cell types: identifiers text, dates dd-mm-yyyy" \
	"NO=n:0 NIK=s:@ NO KK=s:@ NAMA=s:General TGL LAHIR=d:dd-mm-yyyy JK=s:General HUB KELUARGA=s:General ALAMAT=s:General RT=s:General RW=s:General KELURAHAN=s:General KECAMATAN=s:General JENIS USULAN=s:General TGL USULAN=d:dd-mm-yyyy" \
	"$($X "$W" types Diteruskan)"
check "print set-up, frozen header, filter" "freeze=A6
filter=A5:N7
orientation=landscape
fit=True 1x0
titles=\$5:\$5
footer=Halaman &P dari &N
paper=14
ignore=A1:XFD1048576" "$($X "$W" print Diteruskan)"
check "Dikembalikan in U's order, with ALASAN" \
	"5|NO;NIK;NO KK;NAMA;TGL LAHIR;JK;HUB KELUARGA;ALAMAT;RT;RW;KELURAHAN;KECAMATAN;JENIS USULAN;TGL USULAN;ALASAN
1;3325010303920003;3325010101000003;CANDRA;03-03-1992;L;ANAK;JL. KENANGA;005;006;KEL. SUKA/MAJU;KEC. KOTA;BARU;06-11-2026;NIK_TIDAK_VALID, BUKAN_DTKS
2;3325010505940005;3325010101000005;EKO;05-05-1994;L;KEPALA KELUARGA;JL. ANGGREK;009;010;Jati;Selatan;BARU;08-11-2026;SUDAH_AKTIF
3;3325010606950006;3325010101000006;FAJAR;06-06-1995;L;KEPALA KELUARGA;;;;;;BARU;;USULAN_GANDA" \
	"$($X "$W" header Dikembalikan; $X "$W" rows Dikembalikan)"
check "Menunggu Kuota, with the family's ANTRIAN and SEJAK" "5|NO;NIK;NO KK;NAMA;TGL LAHIR;JK;HUB KELUARGA;ALAMAT;RT;RW;KELURAHAN;KECAMATAN;JENIS USULAN;TGL USULAN;ANTRIAN;SEJAK
1;3325010404930004;3325010101000004;DEWI;04-04-1993;P;KEPALA KELUARGA;JL. DAHLIA;007;008;KEL. LAIN;KEC. KOTA;MUTASI;07-11-2026;1;November 2026" \
	"$($X "$W" header 'Menunggu Kuota'; $X "$W" rows 'Menunggu Kuota')"
check "column wide enough for its content" "True" \
	"$($PY -c "import openpyxl; w = openpyxl.load_workbook('$W')['Diteruskan'].column_dimensions['H'].width; print(18 <= w <= 22)")"

# --- the CSV for BPJS, byte for byte --------------------------------------------
printf 'NO;NIK;NO KK;NAMA;TGL LAHIR;JK;HUB KELUARGA;ALAMAT;RT;RW;KELURAHAN;KECAMATAN;JENIS USULAN;TGL USULAN\r\n1;3325014202910002;3325010101000002;"SITI ""ANI""";02-02-1991;P;ISTRI;"JL. MELATI; GG 2";003;004;KEL. SUKA/MAJU;KEC. KOTA;BARU;04-11-2026\r\n2;3325010101900001;3325010101000001;BUDI SANTOSO;01-01-1990;L;KEPALA KELUARGA;JL. MAWAR 1;001;002;KEL. SUKA/MAJU;KEC. KOTA;BARU;05-11-2026\r\n' > "$T/want.csv"
check "CSV bytes (header, ';', quoting, CRLF, no BOM, dd-mm-yyyy)" "same" \
	"$(cmp -s "$T/want.csv" "$O/usulan-$P-bpjs.csv" && echo same || od -c "$O/usulan-$P-bpjs.csv" | head -5)"

# --- kembali/ -----------------------------------------------------------------------
K=$O/kembali
check "kembali folders and files, names made safe" "./KEC_ KOTA/KEL_ LAIN-$P.xlsx
./KEC_ KOTA/KEL_ SUKA_MAJU-$P.xlsx
./SELATAN/JATI-$P.xlsx
./_/_-$P.xlsx
./_TANPA KECAMATAN_/_TANPA KELURAHAN_-$P.xlsx
./_TANPA KELURAHAN_/_TANPA KELURAHAN_-$P.xlsx" "$(cd "$K" && find . -type f | LC_ALL=C sort)"
KF="$K/KEC_ KOTA/KEL_ SUKA_MAJU-$P.xlsx"
check "kembali sheets" "Usulan Dikembalikan
Menunggu Kuota
Gagal BPJS
Berhasil" "$($X "$KF" sheets)"
check "kembali: a kelurahan with only a waiting family gets its book, ANTRIAN and SEJAK" \
	"1;3325010404930004;3325010101000004;DEWI;04-04-1993;P;KEPALA KELUARGA;JL. DAHLIA;007;008;KEL. LAIN;KEC. KOTA;MUTASI;07-11-2026;1;November 2026" \
	"$($X "$K/KEC_ KOTA/KEL_ LAIN-$P.xlsx" rows 'Menunggu Kuota')"
check "kembali: this kelurahan's returned proposal only" \
	"1;3325010303920003;3325010101000003;CANDRA;03-03-1992;L;ANAK;JL. KENANGA;005;006;KEL. SUKA/MAJU;KEC. KOTA;BARU;06-11-2026;NIK_TIDAK_VALID, BUKAN_DTKS" \
	"$($X "$KF" rows 'Usulan Dikembalikan')"
check "kembali: failures of the same kelurahan spelled otherwise join it" \
	"5|NO;NIK;NAMA;KELURAHAN;KECAMATAN;KETERANGAN BPJS;KATEGORI;TINDAK LANJUT
1;3325010101900011;HANA;kel. suka/maju;kec. kota;NIK tidak padan Dukcapil;NIK_DUKCAPIL;Padankan NIK ke Disdukcapil, lalu usulkan ulang" \
	"$($X "$KF" header 'Gagal BPJS'; $X "$KF" rows 'Gagal BPJS')"
check "kembali: a failure without its name takes the proposal's" \
	"1;3325010303920003;CANDRA;(TANPA KELURAHAN);(TANPA KELURAHAN);Data ganda;DATA_GANDA;Periksa data ganda; usulkan satu NIK saja" \
	"$($X "$K/_TANPA KELURAHAN_/_TANPA KELURAHAN_-$P.xlsx" rows 'Gagal BPJS')"
check "kembali: empty sheet keeps its header and says Tidak ada data" "5|NO;NIK;NAMA;KELURAHAN;KECAMATAN;KETERANGAN BPJS;KATEGORI;TINDAK LANJUT
Tidak ada data" \
	"$($X "$K/SELATAN/JATI-$P.xlsx" header 'Gagal BPJS'; $PY -c "import openpyxl; print(openpyxl.load_workbook('$K/SELATAN/JATI-$P.xlsx')['Gagal BPJS'].cell(6, 2).value)")"
check "modes: files 0640, folders 0750" "640 640 750 750 640" \
	"$(stat -c %a "$W" "$O/usulan-$P-bpjs.csv" "$K" "$K/SELATAN" "$K/SELATAN/JATI-$P.xlsx" | tr '\n' ' ' | sed 's/ $//')"

# A rerun rebuilds kembali/ whole: a stale file and folder disappear.
mkdir -p "$K/LAMA" && : > "$K/LAMA/STALE-$P.xlsx"
t_psql "UPDATE usulan_hasil SET hasil = 'DITERUSKAN', alasan = NULL, antrian = 4 WHERE period = '$P' AND line = 6" >/dev/null
check_rc "report usulan again" 0 $REKON report usulan --period $P
check "kembali rebuilt: stale file and emptied kelurahan gone" "./KEC_ KOTA/KEL_ LAIN-$P.xlsx
./KEC_ KOTA/KEL_ SUKA_MAJU-$P.xlsx
./_/_-$P.xlsx
./_TANPA KECAMATAN_/_TANPA KELURAHAN_-$P.xlsx
./_TANPA KELURAHAN_/_TANPA KELURAHAN_-$P.xlsx" "$(cd "$K" && find . -type f | LC_ALL=C sort)"
check "no temporary files left in the outbox" "" "$(cd "$O" && ls -A | grep '^\.' )"
t_psql "UPDATE usulan_hasil SET hasil = 'DIKEMBALIKAN', alasan = 'SUDAH_AKTIF', antrian = NULL WHERE period = '$P' AND line = 6" >/dev/null

# Continuation sheets past the row limit (hidden --max-rows: 5 rows of title
# block and header, 2 data rows per sheet).
check_rc "report usulan --max-rows 7" 0 $REKON report usulan --period $P --max-rows 7
check "continuation sheet after its sheet" "Diteruskan
Dikembalikan
Dikembalikan (2)
Menunggu Kuota" "$($X "$W" sheets)"
check "continuation repeats title and header, NO goes on" "Dinas Kesehatan Kabupaten Uji
Usulan Dikembalikan ke Kelurahan — November 2026
5|NO;NIK;NO KK;NAMA;TGL LAHIR;JK;HUB KELUARGA;ALAMAT;RT;RW;KELURAHAN;KECAMATAN;JENIS USULAN;TGL USULAN;ALASAN
3;3325010606950006;3325010101000006;FAJAR;06-06-1995;L;KEPALA KELUARGA;;;;;;BARU;;USULAN_GANDA" \
	"$($X "$W" heading 'Dikembalikan (2)' | sed -n '1,2p'; $X "$W" header 'Dikembalikan (2)'; $X "$W" rows 'Dikembalikan (2)')"
check "continuation: its own filter and frozen header" "freeze=A6
filter=A5:O6" "$($X "$W" print 'Dikembalikan (2)' | sed -n '1,2p')"
check_rc "report usulan (back to one sheet each)" 0 $REKON report usulan --period $P

# --- rekonsiliasi-P.xlsx -----------------------------------------------------------
t_psql "
INSERT INTO peserta_hasil (period, batch_id, line, kunci, aktif, flags, keterangan, kecamatan, kelurahan, ditetapkan, dikecualikan) VALUES
 ('$P', $B, 2, '3325010101900001', true, '{GANDA_NIK}', '{NIK ada di 2 baris}', 'KEC. KOTA', 'KEL. SUKA/MAJU', true, NULL),
 ('$P', $B, 3, '3325014202910002', true, '{SEGMEN_LAIN,BUKAN_DTKS}', '{aktif di PBI_APBN,tidak ada di DTKS}', 'KEC. KOTA', 'KEL. SUKA/MAJU', false, 'SEGMEN_LAIN'),
 ('$P', $B, 4, '3325010707960007', false, '{STATUS_TIDAK_AKTIF}', '{status NON_AKTIF}', 'SELATAN', 'JATI', false, NULL),
 ('$P', $B, 5, '3325010101900001', true, '{GANDA_NIK}', '{NIK ada di 2 baris}', 'KEC. KOTA', 'KEL. SUKA/MAJU', false, 'GANDA_NIK'),
 ('$P', $B, 7, '3325010808970008', true, '{}', '{}', 'SELATAN', 'JATI', true, NULL);
INSERT INTO hilang (period, kunci, noka, nik, nama, tgl_lahir, kecamatan, kelurahan, status) VALUES
 ('$P', 'NOKA:0009999999999', '0009999999999', NULL, 'TANPA NIK', NULL, 'SELATAN', 'JATI', NULL),
 ('$P', '3325010909980009', '0001234567809', '3325010909980009', 'IRMA', '1998-09-09', 'KEC. KOTA', 'KEL. LAIN', 'NON_AKTIF');
INSERT INTO sk_daftar (period, kunci, batch_id, line, noka, nik, no_kk, nama, tgl_lahir, jenis_kelamin, alamat, kelurahan, kecamatan, kd_faskes, tmt) VALUES
 ('$P', '3325010101900001', $B, 2, '0001234567890', '3325010101900001', '3325010101000001', 'BUDI SANTOSO', '1990-01-01', 'L', 'JL. MAWAR 1', 'KEL. SUKA/MAJU', 'KEC. KOTA', '0123R001', '2026-01-01'),
 ('$P', '3325010808970008', $B, 7, '0001234567894', '3325010808970008', '3325010101000001', 'ANI', '1997-08-08', 'P', 'JL. KAMBOJA', 'KEL. SUKA/MAJU', 'KEC. KOTA', '0123R002', '2026-04-01'),
 ('$P', 'NOKA:0001234567895', NULL, NULL, '0001234567895', NULL, NULL, 'ZAINAL', NULL, 'L', NULL, 'JATI', 'SELATAN', NULL, NULL),
 ('$P', '3325011010990010', NULL, NULL, '0001234567896', '3325011010990010', NULL, 'YUNI', '1999-10-10', 'P', NULL, NULL, NULL, NULL, NULL),
 ('$P', '3325011111000011', NULL, NULL, '0001234567897', '3325011111000011', '3325010101000011', 'XENA', '2000-11-11', 'P', NULL, 'KEL. LAIN', 'KEC. KOTA', NULL, NULL),
 ('2026-10', 'K1', $B, 9, '0001234567808', '3325010808970099', NULL, 'KELUAR SATU', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO rekon_ringkasan (period, kuota, aktif, ditetapkan, terpakai_persen, sisa, iuran_per_jiwa, iuran, tagihan_bpjs, selisih_tagihan, iuran_kumulatif, anggaran, serapan_persen) VALUES
 ('2025-12', 20000, 19000, 18000, 90.0, 2000, 37800, 680400000, 718200000, 37800000, 8000000000, 9000000000, 88.9),
 ('2026-10', 25000, 24000, 23500, 94.0, 1500, 37800, 888300000, 907200000, 18900000, 8000000000, 11340000000, 70.5),
 ('$P', 25000, 25400, 25350, 101.4, -350, 37800, 958230000, 960120000, 1890000, 8958230000, 11340000000, 79.0);
INSERT INTO rekon_kecamatan (period, kecamatan, aktif, ditetapkan, iuran, tagihan_bpjs, selisih_tagihan) VALUES
 ('$P', 'SELATAN', 400, 350, 13230000, 15120000, 1890000),
 ('$P', '(TANPA KECAMATAN)', 0, 0, 0, 0, 0),
 ('$P', 'KEC. KOTA', 25000, 25000, 945000000, 945000000, 0);
INSERT INTO mutasi (period, jenis, kunci, alasan, noka, nik, nama, kecamatan, kelurahan) VALUES
 ('$P', 'KELUAR', 'K1', 'HILANG', '0001234567808', '3325010808970099', 'KELUAR SATU', NULL, NULL),
 ('$P', 'MASUK', '3325010808970008', NULL, '0001234567894', '3325010808970008', 'ANI', 'KEC. KOTA', 'KEL. SUKA/MAJU'),
 ('$P', 'MASUK', '3325010101900001', NULL, '0001234567890', '3325010101900001', 'BUDI SANTOSO', 'KEC. KOTA', 'KEL. SUKA/MAJU');
INSERT INTO rejected_row (batch_id, line, reason, raw) VALUES ($U, 100, 'CSV_RUSAK', repeat('x', 40000));
INSERT INTO kelebihan_bayar (period, nik, nama, tgl_meninggal, bulan, iuran, jumlah_bulan, jumlah, baru, batch_id, line) VALUES
 ('$P', '3325010707960007', 'GITA', '2026-08-17', '{2026-09,2026-10}', '{37800,40000}', 2, 77800, true, 97, 2),
 ('$P', '3325010101900001', 'BUDI SANTOSO', '2026-10-02', '{2026-11}', '{37800}', 1, 37800, false, 98, 5);
INSERT INTO usul_nonaktif (period, batch_id, line, kunci, noka, nik, nama, kecamatan, kelurahan, alasan, tgl_meninggal) VALUES
 ('$P', $B, 5, '3325010101900001', '0001234567893', '3325010101900001', 'BUDI S', 'KEC. KOTA', 'KEL. SUKA/MAJU', 'GANDA_NIK', NULL),
 ('$P', $B, 3, '3325014202910002', '0001234567891', '3325014202910002', 'SITI \"ANI\"; S', 'KEC. KOTA', 'KEL. SUKA/MAJU', 'SEGMEN_LAIN', '2026-10-31');
" >/dev/null

check_rc "report rekonsiliasi" 0 $REKON report rekonsiliasi --period $P
check "rekonsiliasi prints its paths: the workbook, then the CSV for BPJS" "$O/rekonsiliasi-$P.xlsx
$O/nonaktif-$P-bpjs.csv" "$(cat "$T/last.out")"
W=$O/rekonsiliasi-$P.xlsx
check "rekonsiliasi sheets in order" "Ringkasan
Kuota
Ganda
Selisih
Gagal
Dikecualikan
Mutasi
Aktif
Tindak Lanjut
Calon Ganda
Kelebihan Bayar
Usul Nonaktif
Ditolak" "$($X "$W" sheets)"
check "Ringkasan headline figures" "1;Kuota (jiwa);25000
2;Aktif (jiwa);25400
3;Ditetapkan dalam SK (jiwa);25350
4;Terpakai (%);101.4
5;Sisa kuota (jiwa);-350
6;Iuran per jiwa (Rp);37800
7;Iuran (Rp);958230000
8;Tagihan BPJS (Rp);960120000
9;Selisih tagihan (Rp);1890000
10;Iuran kumulatif tahun ini (Rp);8958230000
11;Anggaran tahun ini (Rp);11340000000
12;Serapan (%);79" "$($X "$W" rows Ringkasan 1)"
check "negative sisa shown in red; money #,##0; percent one decimal" \
	"-350|n|#,##0;[Red]-#,##0 958230000|n|#,##0 101.4|n|0.0" \
	"$($X "$W" cell Ringkasan C11) $($X "$W" cell Ringkasan C13) $($X "$W" cell Ringkasan C10)"
check "Ringkasan: every flag, 0 when none (the Dukcapil ones empty: no extract), HILANG counts keys" "1;GANDA_NIK;2
2;GANDA_NOKA;0
3;SEGMEN_LAIN;1
4;MENINGGAL;0
5;NIK_TIDAK_VALID;0
6;BUKAN_DTKS;1
7;DATA_BERBEDA;0
8;KEMUNGKINAN_GANDA;0
9;GANDA_ORANG;0
10;BUKAN_PENDUDUK
11;DATA_BEDA_DUKCAPIL
12;TIDAK_DITETAPKAN;0
13;STATUS_TIDAK_AKTIF;1
14;HILANG;2" "$($X "$W" rows Ringkasan 2)"
check "Ringkasan: feedback, categories, proposals, rejected rows" "1;BERHASIL;1
2;GAGAL;3
1;NIK_DUKCAPIL;1
2;DATA_GANDA;1
3;SEGMEN_LAIN;0
4;MENINGGAL;0
5;KUOTA;0
6;LAINNYA;1
1;DITERUSKAN;2
2;DIKEMBALIKAN;3
3;MENUNGGU_KUOTA;1
1;Baris input ditolak (sheet Ditolak);3" \
	"$(for n in 3 4 5 6; do $X "$W" rows Ringkasan $n; done)"
check "Ringkasan charts: flags, kuota against ditetapkan" "'Ringkasan'!\$B\$22:\$B\$35 'Ringkasan'!\$C\$22:\$C\$35
'Kuota'!\$B\$6:\$B\$7 'Kuota'!\$C\$6:\$C\$7 'Kuota'!\$B\$6:\$B\$7 'Kuota'!\$E\$6:\$E\$7" "$($X "$W" charts)"
check "Kuota: the reconciled months of the year" "5|NO;BULAN;KUOTA;AKTIF;DITETAPKAN;TERPAKAI %;SISA;IURAN;IURAN KUMULATIF;SERAPAN %
1;Oktober 2026;25000;24000;23500;94;1500;888300000;8000000000;70.5
2;November 2026;25000;25400;25350;101.4;-350;958230000;8958230000;79" \
	"$($X "$W" header Kuota; $X "$W" rows Kuota)"
check "Kuota: per kecamatan, then the total" "1;KEC. KOTA;25000;25000;945000000;945000000;0
2;SELATAN;400;350;13230000;15120000;1890000
3;(TANPA KECAMATAN);0;0;0;0;0
;JUMLAH;25400;25350;958230000;960120000;1890000" "$($X "$W" rows Kuota 2)"
check "Ganda: one line per row and flag, input order" \
	"5|NO;KATEGORI;NO KARTU;NIK;NAMA;TGL LAHIR;KECAMATAN;KELURAHAN;STATUS;KETERANGAN
1;GANDA_NIK;0001234567890;3325010101900001;BUDI SANTOSO;01-01-1990;KEC. KOTA;KEL. SUKA/MAJU;AKTIF;NIK ada di 2 baris
2;SEGMEN_LAIN;0001234567891;3325014202910002;SITI ANI;02-02-1991;KEC. KOTA;KEL. SUKA/MAJU;AKTIF;aktif di PBI_APBN
3;GANDA_NIK;0001234567893;3325010101900001;BUDI S;01-01-1990;KEC. KOTA;KEL. SUKA/MAJU;AKTIF;NIK ada di 2 baris" \
	"$($X "$W" header Ganda; $X "$W" rows Ganda)"
check "Selisih: flags, then HILANG keys" \
	"1;BUKAN_DTKS;0001234567891;3325014202910002;SITI ANI;02-02-1991;KEC. KOTA;KEL. SUKA/MAJU;AKTIF;tidak ada di DTKS
2;STATUS_TIDAK_AKTIF;0001234567892;3325010707960007;GITA;07-07-1996;SELATAN;JATI;NON_AKTIF;status NON_AKTIF
3;HILANG;0001234567809;3325010909980009;IRMA;09-09-1998;KEC. KOTA;KEL. LAIN;NON_AKTIF;ada di SK Oktober 2026, berstatus NON_AKTIF di daftar BPJS
4;HILANG;0009999999999;;TANPA NIK;;SELATAN;JATI;;ada di SK Oktober 2026, tidak ada di daftar BPJS" \
	"$($X "$W" rows Selisih)"
check "Gagal" "5|NO;NIK;NAMA;KELURAHAN;KECAMATAN;KETERANGAN BPJS;KATEGORI;TINDAK LANJUT
1;3325010101900011;HANA;kel. suka/maju;kec. kota;NIK tidak padan Dukcapil;NIK_DUKCAPIL;Padankan NIK ke Disdukcapil, lalu usulkan ulang
2;3325010303920003;CANDRA;(TANPA KELURAHAN);(TANPA KELURAHAN);Data ganda;DATA_GANDA;Periksa data ganda; usulkan satu NIK saja
3;3325010101900014;JOKO;;;;LAINNYA;Periksa kelengkapan dan kebenaran data" \
	"$($X "$W" header Gagal; $X "$W" rows Gagal)"
check "Dikecualikan" "5|NO;NO KARTU;NIK;NAMA;KECAMATAN;KELURAHAN;ALASAN
1;0001234567891;3325014202910002;SITI ANI;KEC. KOTA;KEL. SUKA/MAJU;SEGMEN_LAIN
2;0001234567893;3325010101900001;BUDI S;KEC. KOTA;KEL. SUKA/MAJU;GANDA_NIK" \
	"$($X "$W" header Dikecualikan; $X "$W" rows Dikecualikan)"
check "Mutasi: MASUK in SK order, then KELUAR" "5|NO;JENIS;NO KARTU;NIK;NAMA;KECAMATAN;KELURAHAN;ALASAN
1;MASUK;0001234567890;3325010101900001;BUDI SANTOSO;KEC. KOTA;KEL. SUKA/MAJU
2;MASUK;0001234567894;3325010808970008;ANI;KEC. KOTA;KEL. SUKA/MAJU
3;KELUAR;0001234567808;3325010808970099;KELUAR SATU;;;HILANG" \
	"$($X "$W" header Mutasi; $X "$W" rows Mutasi)"
check "Aktif: every AKTIF row, flags joined" "5|NO;NO KARTU;NIK;NO KK;NAMA;TGL LAHIR;JK;KECAMATAN;KELURAHAN;KD FASKES;TMT;FLAG
1;0001234567890;3325010101900001;3325010101000001;BUDI SANTOSO;01-01-1990;L;KEC. KOTA;KEL. SUKA/MAJU;0123R001;01-01-2026;GANDA_NIK
2;0001234567891;3325014202910002;3325010101000002;SITI ANI;02-02-1991;P;KEC. KOTA;KEL. SUKA/MAJU;0123R001;01-02-2026;SEGMEN_LAIN, BUKAN_DTKS
3;0001234567893;3325010101900001;3325010101000001;BUDI S;01-01-1990;L;KEC. KOTA;KEL. SUKA/MAJU;0123R001;01-03-2026;GANDA_NIK
4;0001234567894;3325010808970008;3325010101000008;HADI;08-08-1997;L;SELATAN;JATI;0123R002;01-04-2026" \
	"$($X "$W" header Aktif; $X "$W" rows Aktif)"
check "Aktif: NOKA, NIK, No KK are text" "NO=n:0 NO KARTU=s:@ NIK=s:@ NO KK=s:@ NAMA=s:General TGL LAHIR=d:dd-mm-yyyy JK=s:General KECAMATAN=s:General KELURAHAN=s:General KD FASKES=s:General TMT=d:dd-mm-yyyy FLAG=s:General" \
	"$($X "$W" types Aktif)"
check "Ditolak: the batches that count for P only" "5|NO;FILE;JENIS;BARIS;ALASAN;ISI
1;usulan-2026-11.csv;usulan;8;NIK_KOSONG;;3325010101000007;TANPA NIK;;;;;;;;;BARU;
3;peserta-2026-11.csv;peserta;6;ID_KOSONG;;;;TANPA ID;;;AKTIF;;;;;;" \
	"$($X "$W" header Ditolak; $X "$W" rows Ditolak | grep -v CSV_RUSAK)"
check "Ditolak: ISI cut at 32,767 characters with …" "2 CSV_RUSAK 32767 True" \
	"$($PY -c "
import openpyxl
ws = openpyxl.load_workbook('$W')['Ditolak']
print(ws['A7'].value, ws['E7'].value, len(ws['F7'].value), ws['F7'].value.endswith('x\u2026'))")"
check "Kelebihan Bayar: by death record, months by name, BARU, then the total outside the filter" \
	"5|NO;NIK;NAMA;TGL MENINGGAL;BULAN;JUMLAH BULAN;JUMLAH (Rp);BARU
1;3325010707960007;GITA;17-08-2026;September 2026, Oktober 2026;2;77800;ya
2;3325010101900001;BUDI SANTOSO;02-10-2026;November 2026;1;37800
;JUMLAH;;;;3;115600
filter=A5:H7" \
	"$($X "$W" header 'Kelebihan Bayar'; $X "$W" rows 'Kelebihan Bayar'; $X "$W" print 'Kelebihan Bayar' | grep '^filter')"
check "Kelebihan Bayar: NIK text, date, counts and money" \
	"NO=n:0 NIK=s:@ NAMA=s:General TGL MENINGGAL=d:dd-mm-yyyy BULAN=s:General JUMLAH BULAN=n:#,##0;[Red]-#,##0 JUMLAH (Rp)=n:#,##0 BARU=s:General" \
	"$($X "$W" types 'Kelebihan Bayar')"
check "Usul Nonaktif: input order" "5|NO;NO KARTU;NIK;NAMA;KECAMATAN;KELURAHAN;ALASAN;TGL MENINGGAL
1;0001234567891;3325014202910002;SITI \"ANI\"; S;KEC. KOTA;KEL. SUKA/MAJU;SEGMEN_LAIN;31-10-2026
2;0001234567893;3325010101900001;BUDI S;KEC. KOTA;KEL. SUKA/MAJU;GANDA_NIK" \
	"$($X "$W" header 'Usul Nonaktif'; $X "$W" rows 'Usul Nonaktif')"
printf 'NO;NO KARTU;NIK;NAMA;ALASAN;TGL MENINGGAL\r\n1;0001234567891;3325014202910002;"SITI ""ANI""; S";SEGMEN_LAIN;31-10-2026\r\n2;0001234567893;3325010101900001;BUDI S;GANDA_NIK;\r\n' > "$T/want-nonaktif.csv"
check "nonaktif CSV bytes (the Usul Nonaktif rows; usulan's conventions)" "same" \
	"$(cmp -s "$T/want-nonaktif.csv" "$O/nonaktif-$P-bpjs.csv" && echo same || od -c "$O/nonaktif-$P-bpjs.csv" | head -5)"
check "every list sheet: header row 5, frozen, filtered, print set-up" "$(for s in Kuota Ganda Selisih Gagal Dikecualikan Mutasi Aktif 'Tindak Lanjut' 'Kelebihan Bayar' 'Usul Nonaktif' Ditolak; do echo "$s freeze=A6 orientation=landscape fit=True 1x0 titles=\$5:\$5 footer=Halaman &P dari &N"; done)" \
	"$(for s in Kuota Ganda Selisih Gagal Dikecualikan Mutasi Aktif 'Tindak Lanjut' 'Kelebihan Bayar' 'Usul Nonaktif' Ditolak; do echo "$s $($X "$W" print "$s" | grep -v '^filter\|^paper\|^ignore' | tr '\n' ' ' | sed 's/ $//')"; done)"
check "rekonsiliasi file modes: the workbook and the CSV" "640 640" "$(stat -c %a "$W" "$O/nonaktif-$P-bpjs.csv" | tr '\n' ' ' | sed 's/ $//')"

# --- sk-lampiran-P.xlsx -------------------------------------------------------------
check_rc "report sk" 0 $REKON report sk --period $P
W=$O/sk-lampiran-$P.xlsx
check "sk sheets" "Lampiran
Rekap" "$($X "$W" sheets)"
# The SK heading: a block on the right (column H, the values in I, their
# colons aligned).
skhead() { $PY -c "
import openpyxl
ws = openpyxl.load_workbook('$W')['Lampiran']
for r in range(1, 8):
    print(((ws.cell(r, 8).value or '') + ' ' + (ws.cell(r, 9).value or '')).strip())
print('A:' + str(ws.cell(1, 1).value))"; }
check "SK heading without nomor and tanggal" "LAMPIRAN
KEPUTUSAN KEPALA DINAS KESEHATAN KABUPATEN UJI
NOMOR : ....
TANGGAL : ....
TENTANG : PENETAPAN PESERTA JAMINAN KESEHATAN YANG
DIDAFTARKAN OLEH PEMERINTAH DAERAH
BULAN NOVEMBER 2026
A:None" "$(skhead)"
check "Lampiran: §5 order (kecamatan, kelurahan, no_kk, nama; empty last)" \
	"9|NO;NO KARTU;NIK;NO KK;NAMA;TGL LAHIR;JK;ALAMAT;KELURAHAN;KECAMATAN;KD FASKES;TMT
1;0001234567897;3325011111000011;3325010101000011;XENA;11-11-2000;P;;KEL. LAIN;KEC. KOTA
2;0001234567894;3325010808970008;3325010101000001;ANI;08-08-1997;P;JL. KAMBOJA;KEL. SUKA/MAJU;KEC. KOTA;0123R002;01-04-2026
3;0001234567890;3325010101900001;3325010101000001;BUDI SANTOSO;01-01-1990;L;JL. MAWAR 1;KEL. SUKA/MAJU;KEC. KOTA;0123R001;01-01-2026
4;0001234567895;;;ZAINAL;;L;;JATI;SELATAN
5;0001234567896;3325011010990010;;YUNI;10-10-1999;P" \
	"$($X "$W" header Lampiran; $X "$W" rows Lampiran)"
check "Lampiran: Jumlah, where and when, the position with its comma, the signature" "Jumlah: 5 jiwa
Ditetapkan di Uji
pada tanggal ....
KEPALA DINAS KESEHATAN
KABUPATEN UJI,
dr. RATNA SARI, M.Kes
Pembina Utama Muda
NIP. 19700101 199503 2 001" "$($PY -c "
import openpyxl
ws = openpyxl.load_workbook('$W')['Lampiran']
for r in ws.iter_rows(min_row=15):
    for c in r:
        if c.value is not None: print(c.value)")"
check "SK print set-up: F4, landscape, one page wide, header repeated" "freeze=A10
filter=A9:L14
orientation=landscape
fit=True 1x0
titles=\$9:\$9
footer=Halaman &P dari &N
paper=14
ignore=A1:XFD1048576" "$($X "$W" print Lampiran)"
check "Rekap: kelurahan, subtotals, total = N" "9|NO;KECAMATAN;KELURAHAN;JUMLAH
1;KEC. KOTA;KEL. LAIN;1
2;KEC. KOTA;KEL. SUKA/MAJU;2
;KEC. KOTA;JUMLAH;3
3;SELATAN;JATI;1
;SELATAN;JUMLAH;1
4;(TANPA KECAMATAN);(TANPA KELURAHAN);1
;(TANPA KECAMATAN);JUMLAH;1
;JUMLAH SELURUHNYA;;5" "$($X "$W" header Rekap; $X "$W" rows Rekap)"
check "Rekap paper F4" "paper=14" "$($X "$W" print Rekap | grep paper)"
check "Rekap prints on its four columns, no filter over its subtotals" "filter=None|4|None" \
	"$($X "$W" print Rekap | grep filter)|$($PY -c "import openpyxl; ws = openpyxl.load_workbook('$W')['Rekap']; print(str(ws.max_column) + '|' + str(ws.print_area))")"
check_rc "report sk with --nomor --tanggal" 0 $REKON report sk --period $P --nomor 440/77/DINKES/2026 --tanggal 21-11-2026
check "SK heading with nomor and tanggal" "NOMOR : 440/77/DINKES/2026
TANGGAL : 21 November 2026" "$(skhead | sed -n 3,4p)"
t_psql "INSERT INTO periode (period, sk_nomor, sk_tanggal) VALUES ('$P', '440/99/2026', '2026-11-30')" >/dev/null
check_rc "report sk from the stored nomor" 0 $REKON report sk --period $P
check "SK heading from what rekon sk stored" "NOMOR : 440/99/2026
TANGGAL : 30 November 2026" "$(skhead | sed -n 3,4p)"
t_psql "INSERT INTO sk_final SELECT * FROM sk_daftar WHERE period = '$P' AND nama = 'BUDI SANTOSO'" >/dev/null
check_rc "report sk of a closed period" 0 $REKON report sk --period $P
check "a closed period's lampiran is the list as signed" "1;0001234567890;3325010101900001;3325010101000001;BUDI SANTOSO;01-01-1990;L;JL. MAWAR 1;KEL. SUKA/MAJU;KEC. KOTA;0123R001;01-01-2026
;JUMLAH SELURUHNYA;;1" "$($X "$W" rows Lampiran; $X "$W" rows Rekap | tail -1)"
check "outbox folder mode" "750" "$(stat -c %a "$O")"

# kembali/'s writer reads its lists sorted by rekon_nama_aman, the SQL twin
# of report_safe_name (tests/unit/test_reports.c holds the C side to the
# same corpus): the two must agree name for name.
$REKON db psql -- -XAtq -v ON_ERROR_STOP=1 \
	-c "CREATE TEMP TABLE n (nama text, aman text)" \
	-c "\\copy n FROM '$ROOT/tests/fixtures/nama_aman.txt'" \
	-c "SELECT count(*) || ' ' || count(*) FILTER (WHERE rekon_nama_aman(nama) IS DISTINCT FROM aman) FROM n" \
	> "$T/aman.out" 2>&1
check "rekon_nama_aman agrees with report_safe_name on every name of the corpus" \
	"$(wc -l < "$ROOT/tests/fixtures/nama_aman.txt") 0" "$(cat "$T/aman.out")"
check "rekon_nama_aman of NULL is '_' (report_safe_name's empty name)" "_" \
	"$(t_psql "SELECT rekon_nama_aman(NULL)")"

t_done
