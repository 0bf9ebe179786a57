#!/bin/sh
# The schema is ready for Citus (operations.md "Scale", docs/scale.md): after
# `rekon db migrate`, every table of the public schema has a decision, and
# every person table can be distributed by its participant key:
#   - the distribution column exists and is NOT NULL (Citus refuses NULL
#     distribution values);
#   - every PRIMARY KEY and UNIQUE index (constraint or not, partial or not)
#     includes it (Citus enforces uniqueness shard by shard only);
#   - every foreign key between two person tables carries both tables'
#     distribution columns at the same position (Citus's rule for foreign
#     keys between co-located distributed tables).
# The lists below are docs/scale.md's tables, and must stay the same as it.
# A new table without a decision fails here: add it to a list, and to
# docs/scale.md with the reason.
. "$(dirname "$0")/../helpers/lib.sh"

# Person tables, distributed by the participant key and co-located:
# "table column", one per line. kunci = the NIK, else 'NOKA:' || noka.
PERSON='peserta_row kunci
dtks_row nik
usulan_row nik
feedback_row nik
segmen_row nik
kematian_row nik
kependudukan_row nik
keputusan_row kunci_a
usulan_hasil nik
tindak_lanjut nik
usulan_diteruskan nik
gagal_hasil nik
peserta_hasil kunci
hilang kunci
sk_daftar kunci
sk_final kunci
mutasi kunci
kelebihan_bayar nik
usul_nonaktif kunci
calon_ganda kunci_a
jawaban_sisa nik
peserta_sisa nik
vclaim_answer nik'
# Reference tables: small, copied to every node, joined from any shard.
REFERENCE='batch periode feedback_pola usulan_ruang usulan_final rekon_ringkasan rekon_kecamatan
ganda_m ganda_model ganda_ringkas ringkasan_simpan'
# Local tables: on the coordinator only (rekon's own bookkeeping; rejected
# rows, read by batch only and never joined with a person table).
LOCAL='rejected_row job_run fetch_file schema_migration schema_rules
pengguna sesi alamat_gagal audit kunci_audit kunjungan
permintaan sk_berkas sk_langkah'

t_setup
t_pg_start
check_rc "db migrate" 0 $REKON db migrate
# One batch, so a row table has a partition (sql/008): a partition is its
# table's, not a table of its own, and carries its key.
$REKON_BIN gen --out "$T/gen" --scale 10 --seed 3 --period 2026-11 --months 2 >/dev/null 2>&1
check_rc "a death list imported" 0 $REKON -q import kematian "$T/gen/kematian-2026-10.csv"
KB=$(t_psql "SELECT max(id) FROM batch")
check "its partition's primary key includes nik" "PRIMARY KEY (batch_id, line, nik)" \
	"$(t_psql "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'kematian_row_b$KB'::regclass AND contype = 'p'")"
check "the row tables are partitioned by batch_id (a partition of a distributed table is distributed with it)" \
	"dtks_row|feedback_row|kematian_row|kependudukan_row|keputusan_row|peserta_row|segmen_row|usulan_row" \
	"$(t_psql "SELECT string_agg(partrelid::regclass::text, '|' ORDER BY partrelid::regclass::text) FROM pg_partitioned_table
	           WHERE partstrat = 'l' AND partnatts = 1 AND partattrs[0] = (SELECT attnum FROM pg_attribute
	                 WHERE attrelid = partrelid AND attname = 'batch_id')")"

# The person list as SQL rows: ('peserta_row', 'kunci'), ...
VALUES=$(echo "$PERSON" | awk 'NF == 2 { printf "%s(%s, %s)", (n++ ? ", " : ""), "\047" $1 "\047", "\047" $2 "\047" }')

while read -r tab col; do
	check "$tab: has the distribution column $col, NOT NULL" "t" \
		"$(t_psql "SELECT coalesce((SELECT a.attnotnull FROM pg_attribute a
		    WHERE a.attrelid = to_regclass('public.$tab') AND a.attname = '$col' AND NOT a.attisdropped), false)")"
	check "$tab: has a primary key" "1" \
		"$(t_psql "SELECT count(*) FROM pg_constraint WHERE conrelid = to_regclass('public.$tab') AND contype = 'p'")"
	# Every unique index (a PRIMARY KEY's and a UNIQUE constraint's included)
	# that lacks the column, named with its definition.
	check "$tab: every PRIMARY KEY and UNIQUE key includes $col" "" \
		"$(t_psql "SELECT string_agg(c.relname || CASE WHEN x.indisprimary THEN ' (PRIMARY KEY)' ELSE ' (UNIQUE)' END
		        || ': ' || pg_get_indexdef(x.indexrelid), '; ' ORDER BY c.relname)
		    FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
		    WHERE x.indrelid = to_regclass('public.$tab') AND x.indisunique
		      AND NOT EXISTS (SELECT 1 FROM pg_attribute a
		                      WHERE a.attrelid = x.indrelid AND a.attname = '$col'
		                        AND a.attnum = ANY (x.indkey::int2[]))")"
done <<EOF
$PERSON
EOF

# Foreign keys from one person table to another: both distribution columns,
# at the same position of the key.
check "foreign keys between person tables carry both distribution columns" "" \
	"$(t_psql "WITH p (tab, col) AS (VALUES $VALUES),
	    fk AS (
	        SELECT con.conname, con.conrelid, con.confrelid, con.conkey, con.confkey,
	               (SELECT a.attnum FROM pg_attribute a JOIN p ON p.tab = c1.relname
	                WHERE a.attrelid = con.conrelid AND a.attname = p.col) AS k1,
	               (SELECT a.attnum FROM pg_attribute a JOIN p ON p.tab = c2.relname
	                WHERE a.attrelid = con.confrelid AND a.attname = p.col) AS k2,
	               c1.relname AS t1
	        FROM pg_constraint con
	        JOIN pg_class c1 ON c1.oid = con.conrelid
	        JOIN pg_class c2 ON c2.oid = con.confrelid
	        WHERE con.contype = 'f' AND c1.relname IN (SELECT tab FROM p) AND c2.relname IN (SELECT tab FROM p)
	          AND c1.relnamespace = 'public'::regnamespace)
	    SELECT string_agg(t1 || '.' || conname || ': ' || pg_get_constraintdef(
	               (SELECT oid FROM pg_constraint WHERE conname = fk.conname AND conrelid = fk.conrelid)),
	           '; ' ORDER BY t1, conname)
	    FROM fk
	    WHERE k1 IS NULL OR k2 IS NULL
	       OR NOT EXISTS (SELECT 1 FROM generate_subscripts(conkey, 1) i
	                      WHERE conkey[i] = k1 AND confkey[i] = k2)")"

# Every table of the public schema has a decision, and every decision names
# a table that exists.
(echo "$PERSON" | awk '{ print $1 }'; for t in $REFERENCE $LOCAL; do echo "$t"; done) | sort > "$T/listed"
check "every table is listed once" "" "$(uniq -d "$T/listed" | tr '\n' ' ' | sed 's/ $//')"
t_psql "SELECT c.relname FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
      AND NOT c.relispartition
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')" | sort > "$T/tables"
check "every table has a decision (person, reference or local; docs/scale.md)" "" \
	"$(sort -u "$T/listed" | comm -13 - "$T/tables" | tr '\n' ' ' | sed 's/ $//')"
check "every table decided on exists" "" \
	"$(sort -u "$T/listed" | comm -23 - "$T/tables" | tr '\n' ' ' | sed 's/ $//')"

# sql/citus/distribute.sql (the Citus mode, run by make test-citus) makes
# exactly these decisions: each person table distributed by its column in
# peserta_row's group, each reference table a reference table, no other
# table distributed.
D=$ROOT/sql/citus/distribute.sql
sed -n "s/^SELECT create_distributed_table('\([a-z_]*\)', *'\([a-z_]*\)'.*/\1 \2/p" "$D" | sort > "$T/dist.sql"
echo "$PERSON" | awk 'NF == 2' | sort > "$T/dist.want"
check "distribute.sql distributes the person tables by their columns" "" \
	"$(diff "$T/dist.want" "$T/dist.sql" | sed -n 's/^[<>] //p' | tr '\n' ';' | sed 's/;$//')"
check "distribute.sql: one co-location group (every table but the first with peserta_row)" \
	"$(($(echo "$PERSON" | awk 'NF == 2' | wc -l) - 1))" \
	"$(grep -c "^SELECT create_distributed_table(.*colocate_with => 'peserta_row')" "$D")"
sed -n "s/^SELECT create_reference_table('\([a-z_]*\)').*/\1/p" "$D" | sort > "$T/ref.sql"
for t in $REFERENCE; do echo "$t"; done | sort > "$T/ref.want"
check "distribute.sql makes the reference tables" "" \
	"$(diff "$T/ref.want" "$T/ref.sql" | sed -n 's/^[<>] //p' | tr '\n' ';' | sed 's/;$//')"
t_done
