#!/bin/sh
# Disdukcapil's population extract (issue 17; inputs.md `kependudukan`,
# rules.md N, §1, §3, §7): the SIAK file imported and told apart from a
# DTKS; BUKAN_PENDUDUK and DATA_BEDA_DUKCAPIL on the rows of Bp and on
# proposals, with every edge the spec names (AKTIF only; a valid NIK; born
# before the extract; the No KK compared on the list, not on a proposal);
# sk_kecualikan may name them; null in the JSON where no extract is in
# force; the cek's case and its word on the extract.
# Synthetic people only: NIK = 33 25 01 DDMMYY SSSS, women +40 on the day.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
F=$T/in
mkdir -p "$F"
printf '\n[rules]\nnon_dtks = terima\n' >> "$T/rekon.conf"

# The extract of 2026-10, as SIAK writes it (A's NIK twice: the first row counts).
{
	printf 'NIK;NO_KK;NAMA_LGKP;TGL_LHR;JENIS_KLMIN;NAMA_KEC;NAMA_KEL;ALAMAT;NO_RT;NO_RW\n'
	printf '3325010101800001;3325010101100001;BUDI SANTOSO;01-01-1980;LAKI-LAKI;SUKAMAKMUR;CIBODAS;JL MAWAR 1;001;002\n'
	printf '3325010202800002;3325010101100002;AGUS SALIM;02-02-1981;LAKI-LAKI;SUKAMAKMUR;CIBODAS;JL MAWAR 2;001;002\n'
	printf '3325010303800003;3325010101100099;CANDRA WIJAYA;03-03-1980;LAKI-LAKI;SUKAMAKMUR;CIBODAS;JL MAWAR 3;001;002\n'
	printf '3325010404800004;3325010101100004;SRI MULYANI;04-04-1980;LAKI-LAKI;SUKAMAKMUR;CIBODAS;JL MAWAR 4;001;002\n'
	printf '3325010505800005;3325010101100005;EKO PRASETYO;05-05-1980;LAKI-LAKI;SUKAMAKMUR;CIBODAS;JL MAWAR 5;001;002\n'
	printf '3325010101800001;3325010101100001;NAMA LAIN SEKALI;01-01-1980;PEREMPUAN;SUKAMAKMUR;CIBODAS;JL MAWAR 1;001;002\n'
} > "$F/dkb-2026-10.csv"
check_rc "rekon import FILE: a SIAK extract is told by its header" 0 $REKON import "$F/dkb-2026-10.csv" --period 2026-10
T_PG=1
check "... a kependudukan batch of 6 rows, all accepted" "kependudukan|2026-10|6|6|0" \
	"$(t_psql "SELECT kind, period, rows_read, accepted, rejected FROM batch WHERE file_name = 'dkb-2026-10.csv'")"
check "... its rows in its own partition, SIAK's columns read" "3325010202800002|AGUS SALIM|1981-02-02|L|SUKAMAKMUR|CIBODAS|001|002" \
	"$(t_psql "SELECT nik, nama, tgl_lahir, jenis_kelamin, kecamatan, kelurahan, rt, rw FROM kependudukan_row_b$(t_psql "SELECT id FROM batch WHERE kind = 'kependudukan'") WHERE line = 3")"
printf 'NIK|NO KK|NAMA|TGL LAHIR|DESIL\n3325010101800001|3325010101100001|BUDI|01-01-1980|2\n' > "$F/plain.csv"
check_rc "a DTKS with plain headers is still a DTKS" 0 $REKON import "$F/plain.csv" --period 2026-08
check "... kind dtks" "dtks" "$(t_psql "SELECT kind FROM batch WHERE file_name = 'plain.csv'")"
check_rc "rekon import dtks of a SIAK file: refused" 65 $REKON import dtks "$F/dkb-2026-10.csv" --period 2026-10 --force
$REKON -q batch drop "$(t_psql "SELECT id FROM batch WHERE file_name = 'plain.csv'")" >/dev/null 2>&1

# Participant lists: 2026-09 (before the extract) and 2026-11.
PH='NO KARTU;NIK;NAMA;TGL LAHIR;JK;STATUS;SEGMEN;NO KK'
{
	printf '%s\n' "$PH"
	printf '0000000000001;3325010101800001;BUDI SANTOSO;01-01-1980;L;AKTIF;PBPU PEMDA;3325010101100001\n'
	printf '0000000000006;3325010606800006;FAJAR;06-06-1980;L;AKTIF;PBPU PEMDA;3325010101100006\n'
} > "$F/peserta-2026-09.csv"
{
	printf '%s\n' "$PH"
	printf '0000000000001;3325010101800001;BUDI SANTOSO;01-01-1980;L;AKTIF;PBPU PEMDA;3325010101100001\n'	# A: as in N
	printf '0000000000006;3325010606800006;FAJAR;06-06-1980;L;AKTIF;PBPU PEMDA;3325010101100006\n'	# B: not in N
	printf '0000000000007;3325011511260007;BAYI SATU;15-11-2026;L;AKTIF;PBPU PEMDA;3325010101100006\n'	# born after N
	printf '0000000000008;3325010109260008;BAYI DUA;01-09-2026;L;AKTIF;PBPU PEMDA;3325010101100006\n'	# born before N, not in it
	printf '0000000000002;3325010202800002;AGUS SALIM;02-02-1980;L;AKTIF;PBPU PEMDA;3325010101100002\n'	# D: tgl lahir
	printf '0000000000003;3325010303800003;CANDRA WIJAYA;03-03-1980;L;AKTIF;PBPU PEMDA;3325010101100003\n'	# E: No KK
	printf '0000000000004;3325010404800004;DEDI KURNIAWAN;04-04-1980;L;AKTIF;PBPU PEMDA;3325010101100004\n'	# F: nama
	printf '0000000000009;3325010707800009;GUNAWAN;07-07-1980;L;NON AKTIF;PBPU PEMDA;3325010101100009\n'	# not AKTIF
	printf '0000000000010;3925010808800010;HENDRA;08-08-1980;L;AKTIF;PBPU PEMDA;3325010101100010\n'	# invalid NIK
} > "$F/peserta-2026-11.csv"
t_imp peserta "$F/peserta-2026-09.csv" 2026-09
t_imp peserta "$F/peserta-2026-11.csv" 2026-11
# A's death was recorded in 2026-10 (October), then corrected by a record of
# 2026-11 (5 November: inside P). §3 reads the newest M row: not MENINGGAL
# in 2026-11 (the earliest record would say so).
printf 'NIK;NAMA;TGL MENINGGAL\n3325010101800001;BUDI SANTOSO;15-10-2026\n' > "$F/mati-10.csv"
printf 'NIK;NAMA;TGL MENINGGAL\n3325010101800001;BUDI SANTOSO;05-11-2026\n' > "$F/mati-11.csv"
t_imp kematian "$F/mati-10.csv" 2026-10
t_imp kematian "$F/mati-11.csv" 2026-11
O=$T/state/outbox
check_rc "rekonsiliasi 2026-09 (no extract in force): 0" 0 $REKON -q rekonsiliasi --period 2026-09
check "... the JSON's two Dukcapil flags are null, not 0" "None None 0" \
	"$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["flag"]; print(f["BUKAN_PENDUDUK"], f["DATA_BEDA_DUKCAPIL"], f["GANDA_NIK"])' "$O/2026-09/rekonsiliasi-2026-09.json")"
check "... and no row carries them" "0" \
	"$(t_psql "SELECT count(*) FROM peserta_hasil WHERE period = '2026-09' AND flags && ARRAY['BUKAN_PENDUDUK', 'DATA_BEDA_DUKCAPIL']")"
check_rc "rekonsiliasi 2026-11 (the extract of 2026-10 in force): 0" 0 $REKON -q rekonsiliasi --period 2026-11
check "§3: each row's Dukcapil flags and what they found" \
"3325010101800001||
3325010606800006|BUKAN_PENDUDUK|tidak ada di data kependudukan (Dukcapil 2026-10)
3325011511260007||
3325010109260008|BUKAN_PENDUDUK|tidak ada di data kependudukan (Dukcapil 2026-10)
3325010202800002|DATA_BEDA_DUKCAPIL|tgl lahir Dukcapil 02-02-1981
3325010303800003|DATA_BEDA_DUKCAPIL|No KK Dukcapil 3325010101100099
3325010404800004|DATA_BEDA_DUKCAPIL|nama Dukcapil SRI MULYANI (kemiripan 0,00)
3325010707800009||
3925010808800010||" \
	"$(t_psql "SELECT r.nik, array_to_string(ARRAY(SELECT f FROM unnest(h.flags) f WHERE f IN ('BUKAN_PENDUDUK', 'DATA_BEDA_DUKCAPIL')), ','),
	                  array_to_string(ARRAY(SELECT k FROM unnest(h.keterangan) k WHERE k LIKE '%Dukcapil%'), '; ')
	           FROM peserta_hasil h JOIN peserta_row r ON r.batch_id = h.batch_id AND r.line = h.line
	           WHERE h.period = '2026-11' ORDER BY h.line")"
check "§3 MENINGGAL reads the newest death record (inside P: not flagged)" "0" \
	"$(t_psql "SELECT count(*) FROM peserta_hasil WHERE period = '2026-11' AND 'MENINGGAL' = ANY (flags)")"
check "... the JSON counts them" "2 3" \
	"$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["flag"]; print(f["BUKAN_PENDUDUK"], f["DATA_BEDA_DUKCAPIL"])' "$O/2026-11/rekonsiliasi-2026-11.json")"
check "... and its batch among the month's batches" "kependudukan peserta kematian kematian" \
	"$(python3 -c 'import json,sys; print(" ".join(b["jenis"] for b in json.load(open(sys.argv[1]))["batch"]))' "$O/2026-11/rekonsiliasi-2026-11.json")"
check "... information only by default: all in the SK" "0" \
	"$(t_psql "SELECT count(*) FROM peserta_hasil WHERE period = '2026-11' AND dikecualikan IN ('BUKAN_PENDUDUK', 'DATA_BEDA_DUKCAPIL')")"
check "... and on the Selisih sheet, with what they found" "3;BUKAN_PENDUDUK;0000000000006;3325010606800006;FAJAR;06-06-1980;(TANPA KECAMATAN);(TANPA KELURAHAN);AKTIF;tidak ada di data kependudukan (Dukcapil 2026-10)
10;DATA_BEDA_DUKCAPIL;0000000000003;3325010303800003;CANDRA WIJAYA;03-03-1980;(TANPA KECAMATAN);(TANPA KELURAHAN);AKTIF;No KK Dukcapil 3325010101100099" \
	"$(${PYTHON:-/usr/bin/python3} "$ROOT/tests/helpers/xlsx_check.py" "$O/2026-11/rekonsiliasi-2026-11.xlsx" rows Selisih | sed -n '3p;10p')"
printf 'sk_kecualikan = SEGMEN_LAIN, MENINGGAL, BUKAN_PENDUDUK\n' >> "$T/rekon.conf"
check_rc "sk_kecualikan may name BUKAN_PENDUDUK" 0 $REKON -q rekonsiliasi --period 2026-11
check "... then those rows are out of the SK, for that reason" "3325010109260008|BUKAN_PENDUDUK
3325010606800006|BUKAN_PENDUDUK" \
	"$(t_psql "SELECT h.kunci, h.dikecualikan FROM peserta_hasil h WHERE h.period = '2026-11' AND NOT h.ditetapkan AND h.aktif ORDER BY 1")"

# §1: proposals of 2026-11 (no DTKS needed: non_dtks = terima).
{
	printf 'NIK,NO KK,NAMA,TGL LAHIR,JK\n'
	printf '3325011212800011,3325010101100011,LUKMAN,12-12-1980,L\n'	# not in N: BUKAN_PENDUDUK
	printf '3325010404800004,3325010101100004,DEDI KURNIAWAN,04-04-1980,L\n'	# name: DATA_BEDA_DUKCAPIL
	printf '3325010303800003,3325010101100003,CANDRA WIJAYA,03-03-1980,L\n'	# only the No KK differs: no code
	printf '3325012011260012,3325010101100012,BAYI TIGA,20-11-2026,L\n'	# born after N: no code
} > "$F/usulan-2026-11.csv"
t_imp usulan "$F/usulan-2026-11.csv" 2026-11
check_rc "usulan 2026-11: 0" 0 $REKON -q usulan --period 2026-11
check "§1: BUKAN_PENDUDUK and DATA_BEDA_DUKCAPIL returned; the No KK not compared" \
"3325011212800011|DIKEMBALIKAN|BUKAN_PENDUDUK
3325010404800004|DIKEMBALIKAN|DATA_BEDA_DUKCAPIL
3325010303800003|DITERUSKAN|
3325012011260012|DITERUSKAN|" \
	"$(t_psql "SELECT nik, hasil, coalesce(alasan, '') FROM usulan_hasil WHERE period = '2026-11' ORDER BY urutan")"

# §7: the cek.
check "cek: not in the extract, born before it: BUKAN_PENDUDUK, with its action" \
"3325011212800011|BUKAN_PENDUDUK|Cek keaktifan NIK ke Disdukcapil (perekaman bila perlu); setelah NIK aktif, buat formulir peserta baru
3325012111260013|TIDAK_DITEMUKAN|Buat formulir peserta baru bermaterai dengan fotokopi KK dan KTP; kirim ke BPJS
3325010505800005|TIDAK_DITEMUKAN|Buat formulir peserta baru bermaterai dengan fotokopi KK dan KTP; kirim ke BPJS" \
	"$(t_psql "SELECT nik, kasus, tindakan FROM rekon_cek(ARRAY['3325011212800011', '3325012111260013', '3325010505800005'])")"
check "cek --kk: a member known only to the extract is found, with its name" "3325010505800005|TIDAK_DITEMUKAN|EKO PRASETYO" \
	"$(t_psql "SELECT nik, kasus, nama FROM rekon_cek_kk('3325010101100005')")"
check "rekon cek names the extract it judged with" "Kependudukan: data Dukcapil periode 2026-10 (dkb-2026-10.csv)" \
	"$($REKON cek 3325011212800011 | grep '^Kependudukan:')"
check "... and as of a month before it, that none is in force" "Kependudukan: belum ada data Dukcapil (BUKAN_PENDUDUK tidak diperiksa)|TIDAK_DITEMUKAN" \
	"$($REKON cek --period 2026-09 3325011212800011 | grep '^Kependudukan:')|$(t_psql "SELECT kasus FROM rekon_cek(ARRAY['3325011212800011'], '2026-09')")"
check "cek --json: dasar.kependudukan" "2026-10 dkb-2026-10.csv" \
	"$($REKON cek --json 3325011212800011 | python3 -c 'import json,sys; d=json.load(sys.stdin)["dasar"]["kependudukan"]; print(d["periode"], d["file"])')"

# The inbox has a folder for it, as for every kind.
mkdir -p "$T/state/inbox/kependudukan"
sed 's/AGUS SALIM/AGUS SALIM BARU/' "$F/dkb-2026-10.csv" > "$T/state/inbox/kependudukan/kependudukan-2026-12.csv"
check_rc "rekon run inbox: 0" 0 $REKON -q run inbox
check "... the extract in inbox/kependudukan/ imported for its month" "kependudukan|2026-12|6" \
	"$(t_psql "SELECT kind, period, accepted FROM batch WHERE file_name = 'kependudukan-2026-12.csv'")"
t_done
