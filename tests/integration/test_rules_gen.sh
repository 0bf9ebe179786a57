#!/bin/sh
# Cross-check of rules.md §3-§6 (sql/rules/30_peserta.sql, 40_ringkasan.sql)
# against rekon gen, which plants every case and counts what rekon should
# find independently of the rules: reconcile both months with the config gen
# assumes (kuota.saran, sk_kecualikan = SEGMEN_LAIN, MENINGGAL, ambang 0.5,
# iuran 37800) and compare every figure of gen-harapan.txt this part of the
# rules produces, then every planted person of gen-kasus.txt (flags of the
# list row, SK, MUTASI). SCALE and SEED can be set from the environment.
. "$(dirname "$0")/../helpers/lib.sh"
SCALE=${SCALE:-10}
SEED=${SEED:-3}
t_setup
G=$T/gen
check_rc "gen at scale $SCALE" 0 $REKON gen --out "$G" --scale "$SCALE" --seed "$SEED" --months 2
t_pg_start
t_import_gen "$G"/*.csv
H=$G/gen-harapan.txt
P1=$(sed -n 's/^gen\.periode\.1 = //p' "$H")
P2=$(sed -n 's/^gen\.periode\.2 = //p' "$H")
KUOTA=$(sed -n 's/^kuota\.saran = [^=]* = //p' "$H")
KEC="ARRAY['SEGMEN_LAIN','MENINGGAL']"
for p in "$P1" "$P2"; do
	check "rekonsiliasi $p" "|" \
	    "$(t_psql "SELECT rekon_peserta('$p', 0.5, $KEC), rekon_ringkasan('$p', $KUOTA, 37800, NULL)")"
done

# What gen says, as "key = value", for the keys the figures below cover.
grep -E "^($P1|$P2)\.(flag\.|bp_baris|aktif|ditetapkan|dikecualikan\.|iuran|tagihan_bpjs|selisih_tagihan|mutasi\.|sisa_dengan)" "$H" |
	LC_ALL=C sort > "$T/want"

# What the rules stored, in the same shape. KELUAR is counted by why: an
# exclusion (the key still has an AKTIF row), a status (HILANG with a
# status), or HILANG.
t_psql "
WITH m AS (SELECT unnest(ARRAY['$P1', '$P2']) AS p),
flags AS (SELECT unnest(ARRAY['GANDA_NIK','GANDA_NOKA','SEGMEN_LAIN','MENINGGAL','NIK_TIDAK_VALID',
	'BUKAN_DTKS','DATA_BERBEDA','KEMUNGKINAN_GANDA','TIDAK_DITETAPKAN','STATUS_TIDAK_AKTIF']) AS f),
keluar AS (
	SELECT x.period, CASE WHEN x.alasan = 'HILANG' THEN 'HILANG'
	                      WHEN h.status IS NOT NULL THEN 'status' ELSE 'dikecualikan' END AS jenis
	FROM mutasi x LEFT JOIN hilang h ON h.period = x.period AND h.kunci = x.kunci
	WHERE x.jenis = 'KELUAR')
SELECT k || ' = ' || v FROM (
	SELECT m.p || '.flag.' || f AS k,
	       (SELECT count(*) FROM peserta_hasil h WHERE h.period = m.p AND f = ANY (h.flags)) AS v
	FROM m, flags
	UNION ALL SELECT m.p || '.flag.HILANG', (SELECT count(*) FROM hilang h WHERE h.period = m.p) FROM m
	UNION ALL SELECT m.p || '.bp_baris', (SELECT count(*) FROM peserta_hasil h WHERE h.period = m.p) FROM m
	UNION ALL SELECT r.period || '.aktif', r.aktif FROM rekon_ringkasan r JOIN m ON m.p = r.period
	UNION ALL SELECT r.period || '.ditetapkan', r.ditetapkan FROM rekon_ringkasan r JOIN m ON m.p = r.period
	UNION ALL SELECT m.p || '.dikecualikan.' || c,
	       (SELECT count(*) FROM peserta_hasil h WHERE h.period = m.p AND h.dikecualikan = c)
	FROM m, unnest(ARRAY['SEGMEN_LAIN','MENINGGAL','GANDA_NIK']) c
	UNION ALL SELECT r.period || '.iuran', r.iuran FROM rekon_ringkasan r JOIN m ON m.p = r.period
	UNION ALL SELECT r.period || '.tagihan_bpjs', r.tagihan_bpjs FROM rekon_ringkasan r JOIN m ON m.p = r.period
	UNION ALL SELECT r.period || '.selisih_tagihan', r.selisih_tagihan FROM rekon_ringkasan r JOIN m ON m.p = r.period
	UNION ALL SELECT m.p || '.mutasi.masuk', (SELECT count(*) FROM mutasi x WHERE x.period = m.p AND x.jenis = 'MASUK') FROM m
	UNION ALL SELECT m.p || '.mutasi.keluar', (SELECT count(*) FROM mutasi x WHERE x.period = m.p AND x.jenis = 'KELUAR') FROM m
	UNION ALL SELECT m.p || '.mutasi.keluar.' || j, (SELECT count(*) FROM keluar WHERE keluar.period = m.p AND keluar.jenis = j)
	FROM m, unnest(ARRAY['dikecualikan','status','HILANG']) j
	UNION ALL SELECT r.period || '.sisa_dengan_kuota_saran', r.sisa FROM rekon_ringkasan r WHERE r.period = '$P2'
) x" | LC_ALL=C sort > "$T/got"
check "every figure of gen-harapan.txt for §3-§6 ($(wc -l < "$T/want") figures)" \
	"$(cat "$T/want")" "$(cat "$T/got")"

# Every planted person: "period;kunci;flags;SK" and "kunci;MUTASI" as gen-kasus.txt
# has them (flags of the list row, '-' for none, '' when not in Bp; the flags
# after '/' belong to a second row under another key, not compared here).
awk -F';' -v p1="$P1" -v p2="$P2" 'NR > 1 && $7 != "" {
	f1 = $12; sub(/\/.*/, "", f1); f2 = $13; sub(/\/.*/, "", f2)
	print p1 ";" $7 ";" f1 ";" $14
	print p2 ";" $7 ";" f2 ";" $15
	print "mutasi;" $7 ";" $16
}' "$G/gen-kasus.txt" | LC_ALL=C sort -u > "$T/kasus.want"
t_psql "
SELECT h.period || ';' || h.kunci || ';' ||
       string_agg(DISTINCT CASE WHEN h.flags = '{}' THEN '-' ELSE array_to_string(h.flags, ',') END, '|') || ';' ||
       CASE WHEN bool_or(h.ditetapkan) THEN 'YA' ELSE 'TIDAK' END
FROM peserta_hasil h WHERE h.period IN ('$P1', '$P2') GROUP BY h.period, h.kunci
UNION ALL
SELECT 'mutasi;' || x.kunci || ';' || CASE WHEN x.jenis = 'MASUK' THEN 'MASUK'
       WHEN x.alasan = 'HILANG' THEN 'KELUAR(HILANG)'
       WHEN h.status IS NOT NULL THEN 'KELUAR(STATUS)' ELSE 'KELUAR(DIKECUALIKAN)' END
FROM mutasi x LEFT JOIN hilang h ON h.period = x.period AND h.kunci = x.kunci
WHERE x.period = '$P2'" > "$T/kasus.rekon"
# Look every planted person up (absent in rekon: not in Bp / no mutasi).
awk -F';' 'NR == FNR { k = $1 ";" $2; v[k] = substr($0, length(k) + 2); next }
	{ k = $1 ";" $2; print k ";" ((k in v) ? v[k] : ($1 == "mutasi" ? "" : ";")) }' \
	"$T/kasus.rekon" "$T/kasus.want" | LC_ALL=C sort -u > "$T/kasus.got"
check "every planted person of gen-kasus.txt: flags, SK, MUTASI ($(wc -l < "$T/kasus.want") lines)" \
	"$(cat "$T/kasus.want")" "$(cat "$T/kasus.got")"
t_done
