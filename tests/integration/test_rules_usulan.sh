#!/bin/sh
# rules.md §1 (sql/rules/10_usulan.sql): every code of the proposal checks,
# the U order, the family queue (a family that does not fit stops the queue:
# smaller families after it wait too), the room (Bprev's AKTIF keys and R,
# the NIKs sent to BPJS before and not failed), kuota NULL, MUTASI and
# SEGMEN_LAIN, the three non_dtks policies, berkas_wajib, and reruns
# (idempotent, and unchanged by P's own list arriving). Synthetic people only:
# NIKs are 33 25 01 DDMMYY SSSS.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
t_pg_start
F=$T/in
mkdir -p "$F"

# --- DTKS: 2026-08 (not in force at 2026-11) and 2026-10 (in force) ---------
{
	printf 'NIK|NO KK|NAMA|DESIL\n'
	printf '3325010101800009|3325010000000018|LUAR DTKS|1\n'
} > "$F/dtks-08.csv"
{
	printf 'NIK|NO KK|NAMA|DESIL\n'
	printf '3325010101900011|3325010000000001|A SATU|1\n'
	printf '3325010101900012|3325010000000001|A DUA|4\n'
	printf '3325010101900021|3325010000000002|B SATU|2\n'
	printf '3325010101900022|3325010000000002|B DUA|5\n'
	printf '3325010101900031|3325010000000003|C SATU|2\n'
	printf '3325010101900042||D SATU|2\n'
	printf '3325010101900041||E SATU|2\n'
	printf '3325010101900061|3325010000000006|F SATU|3\n'
	printf '3325010101900062|3325010000000006|F DUA|3\n'
	printf '3325010101900063|3325010000000006|F TIGA|6\n'
	for s in 01 04 05 06 07 08 11 12; do
		printf '33250101018000%s|33250100000001%s|ORANG %s|\n' "$s" "$s" "$s"
	done
	for s in 1 2 3 4 6 7; do
		printf '332501010185000%s||Q%s|5\n' "$s" "$s"
	done
} > "$F/dtks-10.csv"
t_imp dtks "$F/dtks-08.csv" 2026-08
t_imp dtks "$F/dtks-10.csv" 2026-10

# --- peserta: 2026-09 (older) and 2026-10 (Bprev of 2026-11) ----------------
{
	printf 'NO KARTU;NIK;NAMA;STATUS;SEGMEN\n'
	printf '0000000000201;3325010101800003;LAMA;AKTIF;PBPU PEMDA\n'
	printf '0000000000202;3325010101800009;LUAR DTKS;AKTIF;PPU\n'
} > "$F/peserta-09.csv"
{
	printf 'NO KARTU;NIK;NAMA;STATUS;SEGMEN\n'
	printf '0000000000101;3325010101800001;AKTIF;AKTIF;PBPU PEMDA\n'
	printf '0000000000102;3325010101800001;AKTIF KARTU KEDUA;AKTIF;PBPU PEMDA\n'
	printf '0000000000103;;HANYA NOKA;AKTIF;PBPU PEMDA\n'
	printf '0000000000104;3325010101800002;NONAKTIF;NON AKTIF;PBPU PEMDA\n'
	printf '0000000000105;3325010101800004;PPU;AKTIF;PPU\n'
	printf '0000000000106;3325010101800005;MANDIRI;AKTIF;PBPU MANDIRI\n'
	printf '0000000000107;3325010101900071;G SATU;AKTIF;PBPU MANDIRI\n'
	printf '0000000000108;3325010101800006;APBN;AKTIF;PBI APBN\n'
	printf '0000000000109;3325010101850003;Q3;AKTIF;PBPU PEMDA\n'
	printf '0000000000110;3325010101850006;Q6;NON AKTIF;PBPU PEMDA\n'
} > "$F/peserta-10.csv"
t_imp peserta "$F/peserta-09.csv" 2026-09
t_imp peserta "$F/peserta-10.csv" 2026-10

# --- the province's PBI APBD list, and deaths --------------------------------
printf 'NIK;NAMA\n3325010101800007;APBD PROV\n' > "$F/apbd.csv"
t_imp segmen "$F/apbd.csv" 2026-11 --segmen PBPU_PEMDA --label PBI_APBD_PROV
# a death recorded in P counts whatever its date; one recorded in P+1 does not
printf 'NIK;NAMA;TGL MENINGGAL\n3325010101800008;WAFAT;25-11-2026\n' > "$F/mati-11.csv"
printf 'NIK;NAMA;TGL MENINGGAL\n3325010101900062;F DUA;01-10-2026\n' > "$F/mati-12.csv"
t_imp kematian "$F/mati-11.csv" 2026-11
t_imp kematian "$F/mati-12.csv" 2026-12

# --- earlier periods: what was forwarded and is still unanswered ------------
H='NIK,NO KK,NAMA,JENIS USULAN,TGL USULAN,NO SKTM,ADA KK,ADA KTP'
{ printf '%s\n' "$H"; printf '3325010101850001,,Q1,BARU,01-09-2026,,Y,Y\n'; } > "$F/usulan-09.csv"
{
	printf '%s\n' "$H"
	for s in 1 2 3 4 5 6 7; do	# Q5's NIK has serial 0000: not valid
		printf '332501010185000%s,,Q%s,BARU,01-10-2026,,Y,Y\n' "$(echo $s | tr 5 0)" "$s"
	done
} > "$F/usulan-10.csv"
t_imp usulan "$F/usulan-09.csv" 2026-09
t_imp usulan "$F/usulan-10.csv" 2026-10
t_psql "SELECT rekon_usulan('2026-09', NULL, 'terima', '{}', 6)" >/dev/null
t_psql "SELECT rekon_usulan('2026-10', NULL, 'terima', '{}', 6)" >/dev/null
# BPJS answers after the lists were sent (rules.md R: a feedback row answers
# a forward when it was imported after it).
printf 'NIK,HASIL\n3325010101850002,BERHASIL\n' > "$F/fb-10.csv"
printf 'NIK,HASIL,KETERANGAN\n3325010101850007,GAGAL,KUOTA\n' > "$F/fb-11.csv"
printf 'NIK,HASIL\n3325010101850004,BERHASIL\n' > "$F/fb-12.csv"
t_imp feedback "$F/fb-10.csv" 2026-10
t_imp feedback "$F/fb-11.csv" 2026-11
t_imp feedback "$F/fb-12.csv" 2026-12
# Q1 was forwarded in 2026-09 and BPJS has not answered: proposed again in
# 2026-10, it is not sent twice (rules.md §8).
check "2026-10: forwarded; Q1 already sent (SUDAH_DITERUSKAN); Q5 returned by the importer's flag" \
	"Q1|DIKEMBALIKAN|SUDAH_DITERUSKAN
Q2|DITERUSKAN|
Q3|DITERUSKAN|
Q4|DITERUSKAN|
Q5|DIKEMBALIKAN|NIK_TIDAK_VALID
Q6|DITERUSKAN|
Q7|DITERUSKAN|" \
	"$(t_psql "SELECT u.nama, h.hasil, h.alasan FROM usulan_hasil h JOIN usulan_row u USING (batch_id, line) WHERE h.period = '2026-10' ORDER BY h.urutan")"

# --- the proposals of 2026-11, in two files ----------------------------------
{
	printf '%s\n' "$H"
	printf '3325010101900011,3325010000000001,A SATU,BARU,10-11-2026,,Y,Y\n'	# 2
	printf '3325010101900012,3325010000000001,A DUA,BARU,12-11-2026,,Y,Y\n'		# 3
	printf '3325010101900013,3325010000000001,A TIGA,,,SKTM/13,Y,Y\n'		# 4
	printf '3325010101900021,3325010000000002,B SATU,BARU,02-11-2026,,Y,Y\n'	# 5
	printf '3325010101900022,3325010000000002,B DUA,BARU,03-11-2026,,Y,Y\n'		# 6
	printf '3325010101900031,3325010000000003,C SATU,BARU,02-11-2026,,Y,Y\n'	# 7
	printf '3325010101900042,,D SATU,BARU,02-11-2026,,Y,Y\n'			# 8
	printf '3325010101900041,,E SATU,BARU,02-11-2026,,Y,Y\n'			# 9
	printf '3325010101900061,3325010000000006,F SATU,BARU,01-11-2026,,Y,Y\n'	# 10
	printf '3325010101900062,3325010000000006,F DUA,BARU,03-11-2026,,Y,Y\n'		# 11
	printf '3325010101900063,3325010000000006,F TIGA,BARU,20-11-2026,,Y,Y\n'	# 12
	printf '1025010101900101,3325010000000011,SALAH,BARU,04-11-2026,,Y,Y\n'		# 13
	printf '3325010101800001,3325010000000101,SUDAH AKTIF,BARU,04-11-2026,,Y,Y\n'	# 14
	printf '3325010101800004,3325010000000104,PPU,BARU,04-11-2026,,Y,Y\n'		# 15
	printf '3325010101800005,3325010000000105,MANDIRI,BARU,04-11-2026,,Y,Y\n'	# 16
	printf '3325010101800006,3325010000000106,APBN,MUTASI,04-11-2026,,Y,Y\n'	# 17
	printf '3325010101800007,3325010000000107,APBD PROV,MUTASI,04-11-2026,,Y,Y\n'	# 18
	printf '3325010101800008,3325010000000108,WAFAT,BARU,04-11-2026,,Y,Y\n'		# 19
	printf '3325010101800009,3325010000000018,LUAR DTKS,BARU,04-11-2026,,Y,Y\n'	# 20
	printf '3325010101800011,3325010000000111,TANPA KTP,BARU,04-11-2026,,Y,N\n'	# 21
	printf '3325010101800012,3325010000000112,KK TAK TERTANDA,BARU,04-11-2026,,,Y\n'	# 22
} > "$F/usulan-11a.csv"
{
	printf '%s\n' "$H"
	printf '3325010101900063,3325010000000006,F TIGA,BARU,05-11-2026,,Y,Y\n'	# 2
	printf '3325010101900071,,G SATU,MUTASI,01-11-2026,SKTM/71,Y,Y\n'		# 3
	printf '3325010101900021,3325010000000002,B SATU LAGI,BARU,25-11-2026,,Y,Y\n'	# 4
	printf '3325010101800001,3325010000000101,SUDAH AKTIF LAGI,BARU,,,Y,Y\n'	# 5
} > "$F/usulan-11b.csv"
t_imp usulan "$F/usulan-11a.csv" 2026-11
t_imp usulan "$F/usulan-11b.csv" 2026-11

Q="SELECT h.urutan, b.file_name, h.line, h.antrian, h.hasil, h.alasan
   FROM usulan_hasil h JOIN batch b ON b.id = h.batch_id
   WHERE h.period = '2026-11' ORDER BY h.urutan"
RUANG="SELECT kuota, aktif_bprev, tertunda, ruang FROM usulan_ruang WHERE period = '2026-11'"

# kuota 16: Bprev's AKTIF PBPU_PEMDA keys are 3 (NIK ...800001 on two rows,
# NOKA:0000000000103, Q3; not the NON AKTIF rows nor the other segments);
# R (sent before and not failed) is 4: Q1 (forwarded in 2026-09, no
# answer), Q4 (its answer is of 2026-12, after P: still pending), Q6
# (no answer; its NON AKTIF row in Bprev is not AKTIF) and Q2 (BERHASIL in
# 2026-10's feedback, forwarded in 2026-10 = Bprev's period: registered, not
# on a list yet) — not Q7 (GAGAL in 2026-11), Q3 (AKTIF in Bprev), Q5
# (returned). Room 16 - 3 - 4 = 9.
t_psql "SELECT rekon_usulan('2026-11', 16, 'sktm', ARRAY['kk', 'ktp'], 6)" >/dev/null
check "room: kuota, aktif_bprev, tertunda, ruang" "16|3|4|9" "$(t_psql "$RUANG")"
# U order: tgl_usulan, empty last; then batch; then line. Families in order
# A (desil 1: its lowest member's), B and C (desil 2, 2 Nov; no_kk ...02
# before ...03), E and D (desil 2, 2 Nov, no no_kk: lowest NIK first), F
# (desil 3, though it has the earliest date), G (no DTKS row: 11). Sizes
# 3 2 1 1 1 | 3 1: F does not fit in the 1 place left, so F waits and so
# does G, which would have fitted. Within a family: U order.
EXPECT_SKTM="1|usulan-11a.csv|10|9|MENUNGGU_KUOTA|
2|usulan-11b.csv|3|12|MENUNGGU_KUOTA|
3|usulan-11a.csv|5|4|DITERUSKAN|
4|usulan-11a.csv|7|6|DITERUSKAN|
5|usulan-11a.csv|8|8|DITERUSKAN|
6|usulan-11a.csv|9|7|DITERUSKAN|
7|usulan-11a.csv|6|5|DITERUSKAN|
8|usulan-11a.csv|11|10|MENUNGGU_KUOTA|
9|usulan-11a.csv|13||DIKEMBALIKAN|NIK_TIDAK_VALID, BUKAN_DTKS
10|usulan-11a.csv|14||DIKEMBALIKAN|SUDAH_AKTIF
11|usulan-11a.csv|15||DIKEMBALIKAN|SEGMEN_LAIN
12|usulan-11a.csv|16||DIKEMBALIKAN|SEGMEN_LAIN
13|usulan-11a.csv|17||DIKEMBALIKAN|SEGMEN_LAIN
14|usulan-11a.csv|18||DIKEMBALIKAN|SEGMEN_LAIN
15|usulan-11a.csv|19||DIKEMBALIKAN|MENINGGAL
16|usulan-11a.csv|20||DIKEMBALIKAN|BUKAN_DTKS
17|usulan-11a.csv|21||DIKEMBALIKAN|BERKAS_KURANG
18|usulan-11a.csv|22||DIKEMBALIKAN|BERKAS_KURANG
19|usulan-11b.csv|2|11|MENUNGGU_KUOTA|
20|usulan-11a.csv|2|1|DITERUSKAN|
21|usulan-11a.csv|3|2|DITERUSKAN|
22|usulan-11a.csv|12||DIKEMBALIKAN|USULAN_GANDA
23|usulan-11b.csv|4||DIKEMBALIKAN|USULAN_GANDA
24|usulan-11a.csv|4|3|DITERUSKAN|
25|usulan-11b.csv|5||DIKEMBALIKAN|USULAN_GANDA, SUDAH_AKTIF"
check "kuota 16, sktm, berkas kk+ktp: every row" "$EXPECT_SKTM" "$(t_psql "$Q")"
check "NIK and no_kk copied, empty no_kk stays empty" "3325010101900042|" \
	"$(t_psql "SELECT nik, no_kk FROM usulan_hasil WHERE period = '2026-11' AND urutan = 5")"
check "counts per outcome" "DIKEMBALIKAN|13
DITERUSKAN|8
MENUNGGU_KUOTA|4" \
	"$(t_psql "SELECT hasil, count(*) FROM usulan_hasil WHERE period = '2026-11' GROUP BY 1 ORDER BY 1")"
check "other periods untouched" "1|7" \
	"$(t_psql "SELECT count(*) FILTER (WHERE period = '2026-09'), count(*) FILTER (WHERE period = '2026-10') FROM usulan_hasil")"

# --- rerun: the same rows ------------------------------------------------------
t_psql "SELECT rekon_usulan('2026-11', 16, 'sktm', ARRAY['kk', 'ktp'], 6)" >/dev/null
check "rerun gives the same result" "$EXPECT_SKTM" "$(t_psql "$Q")"
check "rerun: one usulan_ruang row" "16|3|4|9" "$(t_psql "$RUANG")"

# --- P's own list arrives: nothing changes (§1 looks at Bprev and S1) -------
{
	printf 'NO KARTU;NIK;NAMA;STATUS;SEGMEN\n'
	printf '0000000000301;3325010101900011;A SATU;AKTIF;PBPU PEMDA\n'
	printf '0000000000302;3325010101900021;B SATU;AKTIF;PBI APBN\n'
	printf '0000000000303;3325010101900071;G SATU;AKTIF;PBI APBN\n'
	printf '0000000000304;3325010101850001;Q1;AKTIF;PBPU PEMDA\n'
} > "$F/peserta-11.csv"
t_imp peserta "$F/peserta-11.csv" 2026-11
t_psql "SELECT rekon_usulan('2026-11', 16, 'sktm', ARRAY['kk', 'ktp'], 6)" >/dev/null
check "after P's list: same rows" "$EXPECT_SKTM" "$(t_psql "$Q")"
check "after P's list: same room" "16|3|4|9" "$(t_psql "$RUANG")"

# --- the room's edge: a family that exactly fills it is forwarded -----------
t_psql "SELECT rekon_usulan('2026-11', 15, 'sktm', ARRAY['kk', 'ktp'], 6)" >/dev/null
check "kuota 15 (room 8): D fills it, F and G wait" "8|8|DITERUSKAN
9|10|MENUNGGU_KUOTA
12|3|MENUNGGU_KUOTA" \
	"$(t_psql "SELECT antrian, line, hasil FROM usulan_hasil WHERE period = '2026-11' AND antrian IN (8, 9, 12) ORDER BY antrian")"
# A needs 3 places: with 2 nobody goes, though B (2) would fit.
t_psql "SELECT rekon_usulan('2026-11', 9, 'sktm', ARRAY['kk', 'ktp'], 6)" >/dev/null
check "kuota 9 (room 2): the first family does not fit, all 12 wait" "9|3|4|2|MENUNGGU_KUOTA|12" \
	"$(t_psql "SELECT r.kuota, r.aktif_bprev, r.tertunda, r.ruang, h.hasil, count(*) FROM usulan_ruang r JOIN usulan_hasil h USING (period) WHERE period = '2026-11' AND h.antrian IS NOT NULL GROUP BY 1, 2, 3, 4, 5")"
t_psql "SELECT rekon_usulan('2026-11', 6, 'sktm', ARRAY['kk', 'ktp'], 6)" >/dev/null
check "kuota below what is used (room -1): all wait" "-1|MENUNGGU_KUOTA|12" \
	"$(t_psql "SELECT r.ruang, h.hasil, count(*) FROM usulan_ruang r JOIN usulan_hasil h USING (period) WHERE period = '2026-11' AND h.antrian IS NOT NULL GROUP BY 1, 2")"

# --- no kuota: no limit ----------------------------------------------------------
t_psql "SELECT rekon_usulan('2026-11', NULL, 'sktm', ARRAY['kk', 'ktp'], 6)" >/dev/null
check "kuota NULL: room NULL, the counts still shown" "|3|4|" "$(t_psql "$RUANG")"
check "kuota NULL: all 12 queued rows forwarded, in queue order" \
	"1|2 3 4 5 6 7 8 9 10 11 12|DITERUSKAN" \
	"$(t_psql "SELECT min(antrian), string_agg(antrian::text, ' ' ORDER BY antrian) FILTER (WHERE antrian > 1), string_agg(DISTINCT hasil, ',') FROM usulan_hasil WHERE period = '2026-11' AND alasan IS NULL")"

# --- non_dtks policies --------------------------------------------------------
NDQ="SELECT u.nama, h.hasil, coalesce(h.alasan, '-'), coalesce(h.antrian::text, '-')
     FROM usulan_hasil h JOIN usulan_row u USING (batch_id, line)
     WHERE h.period = '2026-11' AND u.nama IN ('SALAH', 'LUAR DTKS', 'A TIGA', 'G SATU', 'F SATU')
     ORDER BY h.urutan"
# tolak: not in D at all is returned, SKTM or not (A TIGA, G SATU). A is now
# 2 rows: A B C E D take 7 places, F (3) does not fit in 9.
t_psql "SELECT rekon_usulan('2026-11', 16, 'tolak', ARRAY['kk', 'ktp'], 6)" >/dev/null
check "non_dtks = tolak" "F SATU|MENUNGGU_KUOTA|-|8
G SATU|DIKEMBALIKAN|BUKAN_DTKS|-
SALAH|DIKEMBALIKAN|NIK_TIDAK_VALID, BUKAN_DTKS|-
LUAR DTKS|DIKEMBALIKAN|BUKAN_DTKS|-
A TIGA|DIKEMBALIKAN|BUKAN_DTKS|-" "$(t_psql "$NDQ")"
# terima: never BUKAN_DTKS; LUAR DTKS (no D row: desil 11, 4 Nov) queues after G.
t_psql "SELECT rekon_usulan('2026-11', NULL, 'terima', ARRAY['kk', 'ktp'], 6)" >/dev/null
check "non_dtks = terima" "F SATU|DITERUSKAN|-|9
G SATU|DITERUSKAN|-|12
SALAH|DIKEMBALIKAN|NIK_TIDAK_VALID|-
LUAR DTKS|DITERUSKAN|-|13
A TIGA|DITERUSKAN|-|3" "$(t_psql "$NDQ")"

# --- berkas_wajib --------------------------------------------------------------
BQ="SELECT string_agg(u.nama || '=' || coalesce(h.alasan, h.hasil), '; ' ORDER BY h.urutan)
    FROM usulan_hasil h JOIN usulan_row u USING (batch_id, line)
    WHERE h.period = '2026-11' AND u.nama IN ('TANPA KTP', 'KK TAK TERTANDA', 'B DUA')"
t_psql "SELECT rekon_usulan('2026-11', NULL, 'sktm', '{}', 6)" >/dev/null
check "berkas none (the default): nothing missing" \
	"B DUA=DITERUSKAN; TANPA KTP=DITERUSKAN; KK TAK TERTANDA=DITERUSKAN" "$(t_psql "$BQ")"
t_psql "SELECT rekon_usulan('2026-11', NULL, 'sktm', ARRAY['ktp'], 6)" >/dev/null
check "berkas ktp" "B DUA=DITERUSKAN; TANPA KTP=BERKAS_KURANG; KK TAK TERTANDA=DITERUSKAN" "$(t_psql "$BQ")"
t_psql "SELECT rekon_usulan('2026-11', NULL, 'sktm', ARRAY['KK '], 6)" >/dev/null
check "berkas kk (case and spaces ignored): an unmarked cell is not present" \
	"B DUA=DITERUSKAN; TANPA KTP=DITERUSKAN; KK TAK TERTANDA=BERKAS_KURANG" "$(t_psql "$BQ")"
t_psql "SELECT rekon_usulan('2026-11', NULL, 'sktm', ARRAY['sktm'], 6)" >/dev/null
check "berkas sktm: no ADA SKTM column, so every row misses it" "25|BERKAS_KURANG" \
	"$(t_psql "SELECT count(*), string_agg(DISTINCT right(alasan, 13), ',') FROM usulan_hasil WHERE period = '2026-11' AND alasan LIKE '%BERKAS_KURANG'")"
check_rc "an unknown document is refused" 1 t_psql "SELECT rekon_usulan('2026-11', NULL, 'sktm', ARRAY['akta'], 6)"
check_rc "an unknown policy is refused" 1 t_psql "SELECT rekon_usulan('2026-11', NULL, 'semua', '{}', 6)"
check "a refused call leaves the last result" "25" \
	"$(t_psql "SELECT count(*) FROM usulan_hasil WHERE period = '2026-11' AND alasan LIKE '%BERKAS_KURANG'")"

# --- back to the first call: the same as before -------------------------------
t_psql "SELECT rekon_usulan('2026-11', 16, 'sktm', ARRAY['kk', 'ktp'], 6)" >/dev/null
check "after all the variations, the first call again" "$EXPECT_SKTM" "$(t_psql "$Q")"

# --- a dropped batch takes its results with it --------------------------------
B11=$(t_psql "SELECT id FROM batch WHERE file_name = 'usulan-11b.csv'")
check_rc "drop the second file" 0 $REKON batch drop "$B11"
check "its rows leave usulan_hasil" "21" "$(t_psql "SELECT count(*) FROM usulan_hasil WHERE period = '2026-11'")"

t_done
