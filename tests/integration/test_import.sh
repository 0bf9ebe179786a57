#!/bin/sh
# Import: every rejection reason and row flag of inputs.md, the counting
# invariant, re-import, refusal of a file without its header, period from the
# file name, and the batches listing. Fixtures are written byte-exact here
# (BOM, CRLF, Windows-1252, NUL) with synthetic people only.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
cat >> "$T/rekon.conf" <<'CONF'

[limits]
max_field_bytes = 64
CONF
t_pg_start
F=$T/in
mkdir -p "$F"

# --- peserta: ';', UTF-8 BOM, CRLF, two title rows, aliases ----------------
{
	printf '\357\273\277DAFTAR PESERTA PBPU PEMDA\r\n'
	printf 'KABUPATEN UJI\r\n'
	printf 'No;NO KARTU;NIK;Nama;Tgl. Lahir;JK;KET AKTIF;Jenis Peserta;Kecamatan;Catatan\r\n'
	# line 4: clean row
	printf '1;0001234567890;3325010101900001;budi  santoso;01-01-1990;L;AKTIF;PBPU PEMDA;KEC A;\r\n'
	# line 5: NOKA lost its zeros -> NOKA_DIPERBAIKI; Excel serial date
	printf '2;1234567891;3325014101900002;SITI AMINAH;32874;P;0;;KEC A;\r\n'
	# line 6: NIK destroyed by Excel, NOKA kept -> accepted, ID_RUSAK_EXCEL
	printf '3;0001234567892;3.32501E+15;ANI;;P;AKTIF;PBPU PEMDA;KEC B;\r\n'
	# line 7: NIK destroyed, no NOKA -> rejected ID_RUSAK_EXCEL
	printf '4;;3,32501E+15;ANA;;P;AKTIF;;KEC B;\r\n'
	# line 8: no identifier at all -> rejected ID_KOSONG
	printf '5;;;TANPA ID;;L;AKTIF;;KEC B;\r\n'
	# line 9: a field right of the header -> rejected JUMLAH_KOLOM
	printf '6;0001234567893;3325010101900003;LEBIH;;L;AKTIF;;KEC B;;extra\r\n'
	# line 10: blank row
	printf ';;;;;;;;;\r\n'
	# line 11: invalid NIK (province 10), bad date, NOKA with letters
	printf '7;00012345678AB;1025010101900004;SALAH;31-02-1990;L;NON AKTIF;PBI;KEC C;\r\n'
	# line 12: NUL byte -> rejected BYTE_NUL
	printf '8;0001234567894;3325010101900005;NU\000L;;L;AKTIF;;KEC C;\r\n'
	# line 13: a field longer than max_field_bytes (64) -> FIELD_TERLALU_PANJANG
	printf '9;0001234567895;3325010101900006;%s;;L;AKTIF;;KEC C;\r\n' \
	    "$(printf 'A%.0s' $(seq 1 70))"
	# line 14-15: a quoted field holding the delimiter and a newline
	printf '10;0001234567896;3325010101900007;"DEWI; ""NINGSIH""\r\nKEDUA";;P;KELUAR;;KEC C;\r\n'
} > "$F/peserta_nov_2026.csv"

check_rc "import peserta" 0 $REKON import peserta "$F/peserta_nov_2026.csv"
check "import summary line" \
	"batch 1: peserta 2026-11 $F/peserta_nov_2026.csv: 11 rows read, 5 accepted, 5 rejected, 1 blank" \
	"$(head -1 "$T/last.out")"
check "batch row" "peserta|2026-11|peserta_nov_2026.csv|11|5|5|1|OK|UTF-8|;|3" \
	"$(t_psql "SELECT kind, period, file_name, rows_read, accepted, rejected, blank, outcome, encoding, delimiter, header_line FROM batch WHERE id = 1")"
check "invariant" "t" \
	"$(t_psql "SELECT bool_and(rows_read = accepted + rejected + blank) FROM batch WHERE outcome = 'OK'")"
check "rejected reasons by line" \
	"7|ID_RUSAK_EXCEL
8|ID_KOSONG
9|JUMLAH_KOLOM
12|BYTE_NUL
13|FIELD_TERLALU_PANJANG" \
	"$(t_psql "SELECT line, reason FROM rejected_row WHERE batch_id = 1 ORDER BY line")"
check "rejected raw text kept (NUL shown as U+2400)" \
	"8;0001234567894;3325010101900005;NU␀L;;L;AKTIF;;KEC C;" \
	"$(t_psql "SELECT raw FROM rejected_row WHERE batch_id = 1 AND line = 12")"
check "accepted rows, cleaned" \
	"4|0001234567890|3325010101900001|BUDI SANTOSO|BUDI SANTOSO|1990-01-01|L|AKTIF|PBPU_PEMDA|{}
5|0001234567891|3325014101900002|SITI AMINAH|SITI AMINAH|1990-01-01|P|AKTIF|PBPU_PEMDA|{NOKA_DIPERBAIKI}
6|0001234567892||ANI|ANI||P|AKTIF|PBPU_PEMDA|{ID_RUSAK_EXCEL}
11|00012345678AB|1025010101900004|SALAH|SALAH||L|NON_AKTIF|PBI_APBN|{NIK_TIDAK_VALID,NOKA_TIDAK_VALID,TGL_TIDAK_VALID}
14|0001234567896|3325010101900007|DEWI; \"NINGSIH\" KEDUA|DEWI NINGSIH KEDUA||P|KELUAR|PBPU_PEMDA|{}" \
	"$(t_psql "SELECT line, noka, nik, nama, nama_kunci, tgl_lahir, jenis_kelamin, status, segmen, flags FROM peserta_row WHERE batch_id = 1 ORDER BY line" | head -5)"
check "status raw text kept" "NON AKTIF" \
	"$(t_psql "SELECT status_raw FROM peserta_row WHERE batch_id = 1 AND line = 11")"
check "unused columns named in the batch" 'columns not used: "No", "Catatan"' \
	"$(t_psql "SELECT message FROM batch WHERE id = 1")"

# --- the same file again: skipped, nothing added ----------------------------
check_rc "re-import exits 0" 0 $REKON import peserta "$F/peserta_nov_2026.csv"
check "re-import says which batch" "$F/peserta_nov_2026.csv: skipped: already imported as batch 1 (peserta_nov_2026.csv, 2026-11)" \
	"$(cat "$T/last.out")"
check "still one batch, same rows" "1|5" \
	"$(t_psql "SELECT (SELECT count(*) FROM batch), (SELECT count(*) FROM peserta_row)")"

# --- feedback: Windows-1252, hasil coded, NIK missing -------------------------
{
	printf 'NIK,HASIL,NO KARTU,KETERANGAN,NAMA\n'
	printf '3325010101900001,Berhasil,0001234567890,,JOS\311 NUR\222AINI\n'
	printf '3325010101900002,TIDAK BERHASIL,,NIK tidak padan Dukcapil,ANI\n'
	printf '3325010101900003,MENUNGGU,,,ANA\n'
	printf ',GAGAL,,,TANPA NIK\n'
	printf '3325010101900004,ditolak,,"ganda, sudah ada",BUDI\n'
} > "$F/feedback-2026-10.csv"
check_rc "import feedback" 0 $REKON import feedback "$F/feedback-2026-10.csv"
check "feedback batch" "2026-10|5|3|2|0|WINDOWS-1252|," \
	"$(t_psql "SELECT period, rows_read, accepted, rejected, blank, encoding, delimiter FROM batch WHERE kind = 'feedback'")"
check "feedback rows: hasil folded, cp1252 decoded" \
	"2|BERHASIL|Berhasil|JOSÉ NUR’AINI|JOS NUR AINI
3|GAGAL|TIDAK BERHASIL|ANI|ANI
6|GAGAL|ditolak|BUDI|BUDI" \
	"$(t_psql "SELECT line, hasil, hasil_raw, nama, nama_kunci FROM feedback_row ORDER BY line")"
check "feedback rejected" "4|HASIL_TIDAK_DIKENAL
5|NIK_KOSONG" \
	"$(t_psql "SELECT r.line, reason FROM rejected_row r JOIN batch b ON b.id = r.batch_id WHERE b.kind = 'feedback' ORDER BY r.line")"

# --- kematian: unusable death date ------------------------------------------
printf 'NIK|NAMA|TGL MENINGGAL\n3325010101900001|BUDI|05/11/2026 00:00:00\n3325010101900002|SITI|31/11/2026\n3325010101900003|ANA|\n' \
	> "$F/kematian 202611.csv"
check_rc "import kematian" 0 $REKON import kematian "$F/kematian 202611.csv"
check "kematian kept and rejected" "2026-11|3|1|2" \
	"$(t_psql "SELECT period, rows_read, accepted, rejected FROM batch WHERE kind = 'kematian'")"
check "kematian reasons" "TGL_TIDAK_VALID,TGL_TIDAK_VALID" \
	"$(t_psql "SELECT string_agg(reason, ',' ORDER BY line) FROM rejected_row r JOIN batch b ON b.id = r.batch_id WHERE b.kind = 'kematian'")"

# --- a broken quote swallows the rest: one CSV_RUSAK row, earlier rows kept --
printf 'NIK;NAMA\n3325010101900001;BUDI\n3325010101900002;"SITI\n3325010101900003;ANA\n3325010101900004;DEWI\n' \
	> "$F/dtks-2026-09.csv"
check_rc "import dtks with a broken quote" 0 $REKON import dtks "$F/dtks-2026-09.csv"
check "broken quote counts" "2|1|1|0" \
	"$(t_psql "SELECT rows_read, accepted, rejected, blank FROM batch WHERE kind = 'dtks'")"
check "broken quote: line where it began" "3|CSV_RUSAK" \
	"$(t_psql "SELECT r.line, reason FROM rejected_row r JOIN batch b ON b.id = r.batch_id WHERE b.kind = 'dtks'")"
check "broken quote: the swallowed lines are in its raw text" "3325010101900002;\"SITI
3325010101900003;ANA
3325010101900004;DEWI" \
	"$(t_psql "SELECT raw FROM rejected_row r JOIN batch b ON b.id = r.batch_id WHERE b.kind = 'dtks'")"

# --- a file without its required columns: refused whole ---------------------
printf 'NOMOR;NAMA;ALAMAT\n1;BUDI;JL MAWAR\n' > "$F/usulan-2026-11.csv"
check_rc "refused file exits 65" 65 $REKON import usulan "$F/usulan-2026-11.csv"
check "refusal names the missing columns and the headers found" \
	"rekon: usulan-2026-11.csv: no header row with the required columns of usulan among the first 20 rows: missing nik, no_kk; headers found in the first row: \"NOMOR\", \"NAMA\", \"ALAMAT\"" \
	"$(cat "$T/last.err")"
check "refused file leaves no rows, a DITOLAK batch" "DITOLAK|0|0" \
	"$(t_psql "SELECT outcome, (SELECT count(*) FROM usulan_row), (SELECT count(*) FROM rejected_row r WHERE r.batch_id = b.id) FROM batch b WHERE kind = 'usulan'")"

# --- segmen list: default segment and label; TAB delimiter -------------------
printf 'NIK\tNO KARTU\tNAMA\n3325010101900001\t0009876543210\tBUDI\n3325010101900002\t\tSITI\n' > "$F/pbi.csv"
check_rc "import segmen with --period" 0 $REKON import segmen "$F/pbi.csv" --period 2026-11
check "segmen batch: label and delimiter" "2026-11|PBI_APBN|PBI_APBN|TAB|2" \
	"$(t_psql "SELECT period, segmen, label, delimiter, accepted FROM batch WHERE kind = 'segmen'")"
check "segmen rows default AKTIF" "PBI_APBN|AKTIF
PBI_APBN|AKTIF" "$(t_psql "SELECT segmen, status FROM segmen_row ORDER BY line")"

# --- usage and input errors ---------------------------------------------------
check_rc "missing file exits 66" 66 $REKON import dtks "$F/nope.csv"
check_rc "unknown kind exits 64" 64 $REKON import bogus "$F/pbi.csv"
check_rc "bad period exits 64" 64 $REKON import dtks "$F/pbi.csv" --period 2026-13

# --- batches listing and drop --------------------------------------------------
$REKON batches --period 2026-11 > "$T/b.out"
check "batches lists the peserta line" \
	"    1  peserta   2026-11        11         5         5       1  OK       peserta_nov_2026.csv" \
	"$(grep peserta_nov "$T/b.out")"
check_rc "batch drop" 0 $REKON batch drop 1
check "drop takes the rows" "0|0" \
	"$(t_psql "SELECT (SELECT count(*) FROM peserta_row), (SELECT count(*) FROM rejected_row WHERE batch_id = 1)")"
check_rc "drop of a missing batch exits 65" 65 $REKON batch drop 1

t_done
