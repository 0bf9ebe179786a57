#!/bin/sh
# rekon gen, then rekon import of every file it wrote: each batch's counts,
# rejection reasons and row flags equal what gen-harapan.txt says gen
# planted (gen computes those independently of the importer).
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
cat >> "$T/rekon.conf" <<'CONF'

[limits]
max_field_bytes = 65536
CONF
G=$T/gen
check_rc "gen at scale 10" 0 $REKON gen --out "$G" --scale 10 --seed 7
t_pg_start
t_import_gen "$G"/*.csv "$G"/rusak/*.csv

# A file with the same bytes as one imported before (a segmen list that did
# not change between the months) is skipped: it has no batch of its own.
dups=$(cd "$G" && sha256sum *.csv | sort | awk '$1 == prev { print $2 } { prev = $1 }')
check "the unchanged lists are skipped, not imported twice" "$dups" \
	"$(for f in $dups; do t_psql "SELECT CASE WHEN count(*) = 0 THEN '$f' END FROM batch WHERE file_name = '$f'"; done)"

# What gen says, as "file|metric|value" (zero lines are implied by absence).
grep '^file\.' "$G/gen-harapan.txt" | grep -v '\.baris_fisik ' |
	sed -E 's/^file\.(.*\.csv)\.([^ ]+) = ([0-9]+)$/\1|\2|\3/' |
	grep -v '|0$' | sed 's#^rusak/##' | LC_ALL=C sort > "$T/want.all"
for f in $dups; do echo "$f|"; done > "$T/dups"
grep -v -F -f "$T/dups" "$T/want.all" > "$T/want" || true

# What rekon stored, in the same shape.
t_psql "
WITH b AS (SELECT * FROM batch WHERE outcome = 'OK'),
flags AS (
	SELECT batch_id, unnest(flags) AS f FROM dtks_row
	UNION ALL SELECT batch_id, unnest(flags) FROM usulan_row
	UNION ALL SELECT batch_id, unnest(flags) FROM feedback_row
	UNION ALL SELECT batch_id, unnest(flags) FROM peserta_row
	UNION ALL SELECT batch_id, unnest(flags) FROM segmen_row
	UNION ALL SELECT batch_id, unnest(flags) FROM kematian_row)
SELECT file_name || '|' || m || '|' || v FROM (
	SELECT file_name, 'baris_data' AS m, rows_read AS v FROM b
	UNION ALL SELECT file_name, 'kosong', blank FROM b
	UNION ALL SELECT file_name, 'diterima', accepted FROM b
	UNION ALL SELECT file_name, 'ditolak', rejected FROM b
	UNION ALL SELECT file_name, 'ditolak.' || reason, count(*)
	    FROM rejected_row r JOIN b ON b.id = r.batch_id GROUP BY file_name, reason
	UNION ALL SELECT file_name, 'flag.' || f, count(*)
	    FROM flags JOIN b ON b.id = flags.batch_id GROUP BY file_name, f) x
WHERE v <> 0" | LC_ALL=C sort > "$T/got"

check "every gen file's counts, reasons and flags ($(wc -l < "$T/want") figures)" \
	"$(cat "$T/want")" "$(cat "$T/got")"
check "the file without a header was refused" "DITOLAK" \
	"$(t_psql "SELECT outcome FROM batch WHERE file_name LIKE '%tanpa-header%'")"
t_done
