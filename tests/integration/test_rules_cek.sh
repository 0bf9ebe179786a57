#!/bin/sh
# rules.md §7 (sql/rules/50_cek.sql): rekon_cek and rekon_cek_kk. Every case
# in its order (MENINGGAL before AKTIF_PEMDA before AKTIF_SEGMEN_LAIN before
# NON_AKTIF before NIK_TIDAK_VALID before TIDAK_DITEMUKAN), the exact action
# texts, "newest" (the newest peserta batch; M, S, D, U, F of the newest
# period of any batch), a family found through D, Bp, U and F, and NIK
# validity in SQL agreeing with the importer. Synthetic people only.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
t_pg_start
check_rc "db migrate (db start alone does not apply the rules)" 0 $REKON db migrate
F=$T/in
mkdir -p "$F"
K=3325010000000100
A_MATI='Tidak perlu didaftarkan; pastikan dikeluarkan dari daftar'
A_AKTIF='Peserta aktif; bila belum punya kartu, minta cetak E-ID ke BPJS'
A_SEGMEN='Sudah dijamin segmen lain'
A_NON='Buat surat pernyataan pengalihan bermaterai; kirim ke BPJS'
A_NIK='Rujuk ke Disdukcapil untuk perbaikan NIK'
A_BARU='Buat formulir peserta baru bermaterai dengan fotokopi KK dan KTP; kirim ke BPJS'

# --- nothing imported yet: only the NIK itself can be judged ------------------
check "empty database" "3325010101900001|TIDAK_DITEMUKAN|$A_BARU||||
1025010101900001|NIK_TIDAK_VALID|$A_NIK||||" \
	"$(t_psql "SELECT * FROM rekon_cek(ARRAY['3325010101900001', '1025010101900001'])")"
check "empty database, a family: nobody" "" "$(t_psql "SELECT * FROM rekon_cek_kk('$K')")"

# --- NIK validity (inputs.md), and the importer agrees -----------------------
NIKS="3325010101900001 3325014101900001 3325017101900001 3325017201900001
3325013201900001 3325014001900001 3325010002900001 3325012902000001
3325016902000001 3325012902010001 3325012902040001 3325013104900001
3325013004900001 3325010113900001 3325010100900001 3300010101900001
3325000101900001 3325010101900000 1025010101900001 2125010101900001
2225010101900001 9725010101900001 9825010101900001 8225010101900001
332501010190000 33250101019000011 33250101019000A1"
VALID="3325010101900001|t
3325014101900001|t
3325017101900001|t
3325017201900001|f
3325013201900001|f
3325014001900001|f
3325010002900001|f
3325012902000001|t
3325016902000001|t
3325012902010001|f
3325012902040001|t
3325013104900001|f
3325013004900001|t
3325010113900001|f
3325010100900001|f
3300010101900001|f
3325000101900001|f
3325010101900000|f
1025010101900001|f
2125010101900001|t
2225010101900001|f
9725010101900001|t
9825010101900001|f
8225010101900001|t
332501010190000|f
33250101019000011|f
33250101019000A1|f"
LIST=$(echo $NIKS | sed "s/ /', '/g")
check "rekon_nik_valid: each case" "$VALID" \
	"$(t_psql "SELECT n, rekon_nik_valid(n) FROM unnest(ARRAY['$LIST']) WITH ORDINALITY AS a(n, i) ORDER BY i")"
check "rekon_nik_valid: empty, NULL, non-ASCII digits" "f|f|f" \
	"$(t_psql "SELECT rekon_nik_valid(''), rekon_nik_valid(NULL), rekon_nik_valid('３３25010101900001')")"
{ printf 'NIK|NAMA\n'; for n in $NIKS; do printf '%s|UJI\n' "$n"; done; } > "$F/nik.csv"
t_imp dtks "$F/nik.csv" 2026-01
check "the importer's NIK_TIDAK_VALID flag agrees on all 27" "27|0" \
	"$(t_psql "SELECT count(*), count(*) FILTER (WHERE ('NIK_TIDAK_VALID' = ANY (flags)) = rekon_nik_valid(nik)) FROM dtks_row")"

# --- the lists -------------------------------------------------------------------
{	# superseded by 2026-11's list
	printf 'NO KARTU;NIK;NO KK;NAMA;STATUS;SEGMEN\n'
	printf '0000000000005;3325010101700005;%s;LIMA;AKTIF;PBPU PEMDA\n' $K
	printf '0000000000007;3325010101700007;;TUJUH;AKTIF;PBPU PEMDA\n'
} > "$F/peserta-10.csv"
{	# the newest peserta batch of all
	printf 'NO KARTU;NIK;NO KK;NAMA;STATUS;SEGMEN\n'
	printf '0000000000001;3325010101700001;;SATU BPJS;AKTIF;PBPU PEMDA\n'
	printf '0000000000002;3325010101700002;;DUA BPJS;NON AKTIF;PBPU PEMDA\n'
	printf '0000000000003;3325010101700002;;DUA BPJS;AKTIF;PBPU PEMDA\n'
	printf '0000000000004;3325010101700004;;EMPAT;AKTIF;PPU\n'
	printf '0000000000005;3325010101700005;%s;LIMA;NON AKTIF;PBPU PEMDA\n' $K
	printf '0000000000010;3325010101700010;%s;SEPULUH;KELUAR;PBPU PEMDA\n' $K
	printf '0000000000011;3325010101700011;%s;SEBELAS;AKTIF;PPU\n' $K
	printf '0000000000014;3325010101700014;;EMPAT BELAS;NON AKTIF;PBPU PEMDA\n'
	printf '0000000000015;3325010101700014;;EMPAT BELAS;AKTIF;PBI APBN\n'
	printf '0000000000016;;;HANYA NOKA;AKTIF;PBPU PEMDA\n'
} > "$F/peserta-11.csv"
t_imp peserta "$F/peserta-10.csv" 2026-10
t_imp peserta "$F/peserta-11.csv" 2026-11
printf 'NIK;NAMA\n3325010101700007;TUJUH\n' > "$F/apbn-10.csv"	# superseded
printf 'NIK;NAMA;STATUS\n3325010101700003;TIGA APBN;AKTIF\n3325010101700002;DUA APBN;AKTIF\n3325010101700012;DUA BELAS;NON AKTIF\n' \
	> "$F/apbn-12.csv"
t_imp segmen "$F/apbn-10.csv" 2026-10
t_imp segmen "$F/apbn-12.csv" 2026-12
# recorded in 2026-12, after the newest peserta list: still counts
printf 'NIK;NAMA;TGL MENINGGAL\n3325010101700001;SATU MATI;05-12-2026\n' > "$F/mati-12.csv"
t_imp kematian "$F/mati-12.csv" 2026-12
{
	printf 'NIK|NO KK|NAMA\n'
	for s in 01:SATU 02:DUA 03:TIGA 04:EMPAT 07:TUJUH; do
		printf '33250101017000%s|%s|%s DTKS\n' "${s%%:*}" $K "${s#*:}"
	done
	printf '1025010101700006|%s|ENAM DTKS\n' $K
} > "$F/dtks-11.csv"
printf 'NIK|NO KK|NAMA\n3325010101700013|%s|TIGA BELAS\n' $K > "$F/dtks-09.csv"	# superseded
t_imp dtks "$F/dtks-09.csv" 2026-09
t_imp dtks "$F/dtks-11.csv" 2026-11
printf 'NIK,NO KK,NAMA\n3325010101700008,%s,DELAPAN\n' $K > "$F/usl-12.csv"
printf 'NIK,HASIL,NO KK,NAMA\n3325010101700009,GAGAL,%s,SEMBILAN\n' $K > "$F/fb-12.csv"
printf 'NIK,NO KK,NAMA\n3325010101700016,%s,ENAM BELAS\n' $K > "$F/usl-11.csv"	# not of 2026-12
t_imp usulan "$F/usl-12.csv" 2026-12
t_imp usulan "$F/usl-11.csv" 2026-11
t_imp feedback "$F/fb-12.csv" 2026-12

# --- a family -------------------------------------------------------------------------
# Found through D (01-04, 06, 07), Bp (05, 10), U (08) and F (09); not 11
# (in B but PPU, not Bp, and not in D), 13 (an older DTKS), 16 (a proposal of
# 2026-11, not of the newest period 2026-12). Ordered by NIK.
# 01: dead (recorded after the newest list) though AKTIF; 02: AKTIF in Bp on
# one of two rows, and on the PBI list too; 03: the PBI list; 04: AKTIF PPU in
# B; 05: NON AKTIF now, AKTIF in the older list; 06: invalid NIK; 07: only in
# D (AKTIF in superseded lists); 10: KELUAR.
# nama and no_kk: B first, then D, U, F.
check "rekon_cek_kk: every member, every case" \
"1025010101700006|NIK_TIDAK_VALID|$A_NIK|||ENAM DTKS|$K
3325010101700001|MENINGGAL|$A_MATI||KEMATIAN|SATU BPJS|$K
3325010101700002|AKTIF_PEMDA|$A_AKTIF|PBPU_PEMDA|BPJS|DUA BPJS|$K
3325010101700003|AKTIF_SEGMEN_LAIN|$A_SEGMEN|PBI_APBN|PBI_APBN|TIGA DTKS|$K
3325010101700004|AKTIF_SEGMEN_LAIN|$A_SEGMEN|PPU|BPJS|EMPAT|$K
3325010101700005|NON_AKTIF|$A_NON|PBPU_PEMDA|BPJS|LIMA|$K
3325010101700007|TIDAK_DITEMUKAN|$A_BARU|||TUJUH DTKS|$K
3325010101700008|TIDAK_DITEMUKAN|$A_BARU|||DELAPAN|$K
3325010101700009|TIDAK_DITEMUKAN|$A_BARU|||SEMBILAN|$K
3325010101700010|NON_AKTIF|$A_NON|PBPU_PEMDA|BPJS|SEPULUH|$K" \
	"$(t_psql "SELECT * FROM rekon_cek_kk('$K')")"
check "rekon_cek_kk: the No KK cleaned like an identifier" "10" \
	"$(t_psql "SELECT count(*) FROM rekon_cek_kk('3325.0100 0000-0100')")"
check "rekon_cek_kk: an empty or unknown No KK finds nobody" "0|0|0" \
	"$(t_psql "SELECT (SELECT count(*) FROM rekon_cek_kk('')), (SELECT count(*) FROM rekon_cek_kk(NULL)), (SELECT count(*) FROM rekon_cek_kk('3325010000000999'))")"

# --- single NIKs: in the order given, each once, cleaned -------------------------
# 14: NON AKTIF in Bp but AKTIF PBI APBN in B; 12: NON AKTIF on the PBI list
# only; 3325010101700000: serial 0000.
check "rekon_cek: order kept, duplicates once, spaces/dots/hyphens dropped" \
"3325010101700014|AKTIF_SEGMEN_LAIN|$A_SEGMEN|PBI_APBN|BPJS|EMPAT BELAS|
3325010101700002|AKTIF_PEMDA|$A_AKTIF|PBPU_PEMDA|BPJS|DUA BPJS|$K
3325010101700012|TIDAK_DITEMUKAN|$A_BARU||||
3325010101700000|NIK_TIDAK_VALID|$A_NIK||||
3325010101700001|MENINGGAL|$A_MATI||KEMATIAN|SATU BPJS|$K" \
	"$(t_psql "SELECT * FROM rekon_cek(ARRAY['3325010101700014', '3325.0101 0170-0002', '3325010101700012', NULL, '3325010101700014', '3325010101700000', '3325010101700001'])")"
check "rekon_cek: the newest period" "2026-12|2026-11" \
	"$(t_psql "SELECT rekon_cek_periode(), b.period FROM batch b WHERE b.id = rekon_cek_b_batch()")"

# --- as of an earlier period (rekon cek --period) ---------------------------
# As of 2026-10: B* is 2026-10's list (05 and 07 AKTIF); the death of 01 was
# recorded in 2026-12 (not yet); the PBI list in force is 2026-10's (07), so
# 03 is nowhere. The family: 05 (Bp) and 13 (D of 2026-10 is 2026-09's).
check "rekon_cek as of 2026-10: that month's lists only" \
"3325010101700005|AKTIF_PEMDA|PBPU_PEMDA|BPJS
3325010101700007|AKTIF_PEMDA|PBPU_PEMDA|BPJS
3325010101700001|TIDAK_DITEMUKAN||
3325010101700003|TIDAK_DITEMUKAN||" \
	"$(t_psql "SELECT nik, kasus, segmen, sumber FROM rekon_cek(ARRAY['3325010101700005', '3325010101700007', '3325010101700001', '3325010101700003'], '2026-10')")"
check "rekon_cek_kk as of 2026-10" \
"3325010101700005|AKTIF_PEMDA|LIMA
3325010101700013|TIDAK_DITEMUKAN|TIGA BELAS" \
	"$(t_psql "SELECT nik, kasus, nama FROM rekon_cek_kk('$K', '2026-10')")"
check "B* as of a period: the newest list up to it, none before the first" "2026-10|2026-11|" \
	"$(t_psql "SELECT (SELECT period FROM batch WHERE id = rekon_cek_b_batch('2026-10')), (SELECT period FROM batch WHERE id = rekon_cek_b_batch('2027-03')), rekon_cek_b_batch('2026-09')")"

# --- several answers of one month (F: the newest row per NIK) ------------------
# A second answer of 2026-12 names 09 again (a new name) and 17; one of
# 2026-11, imported between the two, names 18: not F of 2026-12. The cek
# reads F's batches by id, its partitions pruned to the range of 2026-12's
# (sql/rules/50_cek.sql): 2026-11's answer lies inside that range and must
# still be left out.
printf 'NIK,HASIL,NO KK,NAMA\n3325010101700018,GAGAL,%s,DELAPAN BELAS\n' $K > "$F/fb-11.csv"
printf 'NIK,HASIL,NO KK,NAMA\n3325010101700009,GAGAL,%s,SEMBILAN BARU\n3325010101700017,GAGAL,%s,TUJUH BELAS\n' $K $K > "$F/fb-12b.csv"
t_imp feedback "$F/fb-11.csv" 2026-11
t_imp feedback "$F/fb-12b.csv" 2026-12
check "two answers in a month: the newest row per NIK; another month's answer between them left out" \
"3325010101700009|TIDAK_DITEMUKAN|SEMBILAN BARU
3325010101700017|TIDAK_DITEMUKAN|TUJUH BELAS" \
	"$(t_psql "SELECT nik, kasus, nama FROM rekon_cek_kk('$K') WHERE nik IN ('3325010101700009', '3325010101700017', '3325010101700018')")"
check "... and by NIK: 18 is not in F of 2026-12" "3325010101700018|TIDAK_DITEMUKAN|" \
	"$(t_psql "SELECT nik, kasus, coalesce(nama, '') FROM rekon_cek(ARRAY['3325010101700018'])")"

# rekon_cek_dasar states "in force" again, for the cek's speed: it must
# agree with the sets' own functions (00_sets.sql) at every period, before,
# inside and after the data: D's and N*'s batches, U's and M*'s rows'
# batches, and F (one row per NIK, the newest) read from its batches as the
# cek reads it. Two answers of 2026-12 are in force here.
check "rekon_cek_dasar agrees with rekon_d_batch, rekon_n_batch, rekon_u, rekon_f and rekon_m" "" \
	"$(t_psql "SELECT p FROM unnest(ARRAY['2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01']) p,
	           rekon_cek_dasar(p) x
	           WHERE x.vd IS DISTINCT FROM rekon_d_batch(p) OR x.nb IS DISTINCT FROM rekon_n_batch(p)
	              OR x.ub <> ARRAY(SELECT DISTINCT batch_id FROM rekon_u(p) ORDER BY 1)
	              OR x.mb <> ARRAY(SELECT DISTINCT batch_id FROM rekon_m(p) ORDER BY 1)
	              OR EXISTS ((SELECT DISTINCT ON (f.nik) f.batch_id, f.line FROM feedback_row f
	                          WHERE f.batch_id = ANY (x.fb) ORDER BY f.nik, f.batch_id DESC, f.line DESC)
	                         EXCEPT ALL SELECT f.batch_id, f.line FROM rekon_f(p) f)
	              OR EXISTS (SELECT f.batch_id, f.line FROM rekon_f(p) f
	                         EXCEPT ALL (SELECT DISTINCT ON (f.nik) f.batch_id, f.line FROM feedback_row f
	                          WHERE f.batch_id = ANY (x.fb) ORDER BY f.nik, f.batch_id DESC, f.line DESC))")"
check "... and is not empty where there is data" "2026-12|t|t|2|1|1" \
	"$(t_psql "SELECT x.pp, x.vd IS NOT NULL, x.bb IS NOT NULL, cardinality(x.fb), cardinality(x.ub), cardinality(x.mb) FROM rekon_cek_dasar(NULL) x")"

# --- a newer list replaces the old one ------------------------------------------
printf 'NO KARTU;NIK;STATUS\n0000000000005;3325010101700005;AKTIF\n' > "$F/peserta-12.csv"
t_imp peserta "$F/peserta-12.csv" 2026-12
check "after 2026-12's list: 05 AKTIF, 02 only on the PBI list, 04 nowhere" \
"3325010101700005|AKTIF_PEMDA|PBPU_PEMDA|BPJS
3325010101700002|AKTIF_SEGMEN_LAIN|PBI_APBN|PBI_APBN
3325010101700004|TIDAK_DITEMUKAN||" \
	"$(t_psql "SELECT nik, kasus, segmen, sumber FROM rekon_cek(ARRAY['3325010101700005', '3325010101700002', '3325010101700004'])")"

t_done
