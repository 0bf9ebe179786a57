#!/bin/sh
# One partition per batch (sql/008_batch_partitions.sql): what an import
# leaves, what `batch drop` removes, an import killed before it commits,
# two imports of one kind at once; one partition per period for
# peserta_hasil and sk_daftar (sql/009), replaced whole by a rerun; and the
# migration of a database that already holds batches and results (version
# 7 → the newest) keeping every row.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
t_pg_start
# (No autovacuum here: the test says who gathers a new partition's statistics.)
t_psql "ALTER SYSTEM SET autovacuum = off" >/dev/null; t_psql "SELECT pg_reload_conf()" >/dev/null
G=$T/gen
$REKON_BIN gen --out "$G" --scale 300 --seed 3 --period 2026-11 --months 2 >/dev/null 2>&1
t_import_gen "$G"/*-2026-10.csv
$REKON -q run all --period 2026-10 >/dev/null 2>&1

ROWTABLES="dtks_row usulan_row feedback_row peserta_row segmen_row kematian_row"

# --- what an import leaves ----------------------------------------------------
check "every row table is partitioned by batch" "6" \
	"$(t_psql "SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid
	           WHERE c.relname IN ('dtks_row', 'usulan_row', 'feedback_row', 'peserta_row', 'segmen_row', 'kematian_row')
	             AND p.partstrat = 'l'")"
PB=$(t_psql "SELECT id FROM batch WHERE kind = 'peserta' AND period = '2026-10'")
check "the list's rows are the partition peserta_row_b$PB" \
	"$(t_psql "SELECT accepted FROM batch WHERE id = $PB")" \
	"$(t_psql "SELECT count(*) FROM peserta_row_b$PB")"
check "one partition per OK batch with rows, each named by its batch" "" \
	"$(t_psql "SELECT b.kind || ' ' || b.id FROM batch b WHERE b.outcome = 'OK'
	           AND to_regclass(b.kind || '_row_b' || b.id) IS NULL")"
check "no partition without its batch" "" \
	"$(t_psql "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
	           WHERE c.relkind = 'r' AND c.relname LIKE '%\\_row\\_b%' AND NOT EXISTS (SELECT 1 FROM batch b WHERE c.relname = b.kind || '_row_b' || b.id)")"
check "no staging table left" "" \
	"$(t_psql "SELECT relname FROM pg_class WHERE relname LIKE '%\\_impor'")"
check "the partition has the key, the NIK and No KK indexes, built on attach" \
	"peserta_row_b${PB}_nik_idx|peserta_row_b${PB}_no_kk_idx|peserta_row_b${PB}_pkey" \
	"$(t_psql "SELECT string_agg(indexrelid::regclass::text, '|' ORDER BY indexrelid::regclass::text) FROM pg_index WHERE indrelid = 'peserta_row_b$PB'::regclass")"
t_psql "CREATE EXTENSION IF NOT EXISTS pg_visibility" >/dev/null
check "the rows were written frozen (COPY FREEZE): every page all-frozen" "t" \
	"$(t_psql "SELECT all_frozen = pg_relation_size('peserta_row_b$PB') / current_setting('block_size')::int
	           AND all_frozen > 0 FROM pg_visibility_map_summary('peserta_row_b$PB')")"
check "the first job gathered the partition's statistics" "t" \
	"$(t_psql "SELECT count(*) > 0 FROM pg_stats WHERE tablename = 'peserta_row_b$PB'")"
check "the results point at the rows" "0" \
	"$(t_psql "SELECT count(*) FROM peserta_hasil h WHERE NOT EXISTS (SELECT 1 FROM peserta_row r
	           WHERE r.batch_id = h.batch_id AND r.line = h.line AND r.kunci = h.kunci)")"
check "rekon cek reads the partitions" "1" \
	"$($REKON cek "$(t_psql "SELECT nik FROM peserta_row_b$PB WHERE segmen = 'PBPU_PEMDA' AND status = 'AKTIF' AND nik ~ '^[0-9]{16}$' ORDER BY line LIMIT 1")" 2>/dev/null | grep -c AKTIF_PEMDA)"

# --- the results of a period: one partition per period (sql/009) -------------------
check "peserta_hasil and sk_daftar of 2026-10 are partitions of their own" "t|t" \
	"$(t_psql "SELECT (SELECT count(*) FROM peserta_hasil_p2026_10) = (SELECT count(*) FROM peserta_hasil WHERE period = '2026-10')
	           AND (SELECT count(*) FROM peserta_hasil_p2026_10) > 0")|$(t_psql "SELECT (SELECT count(*) FROM sk_daftar_p2026_10) = (SELECT count(*) FROM sk_daftar WHERE period = '2026-10')
	           AND (SELECT count(*) FROM sk_daftar_p2026_10) > 0")"
HASIL=$(t_psql "SELECT md5(string_agg(h::text, '' ORDER BY batch_id, line)) FROM peserta_hasil h WHERE period = '2026-10'")
OLDREL=$(t_psql "SELECT 'peserta_hasil_p2026_10'::regclass::oid")
check_rc "rekonsiliasi of the period again (--force)" 0 $REKON -q rekonsiliasi --period 2026-10 --force
check "the rerun made a new partition, with the same rows" "t|$HASIL" \
	"$(t_psql "SELECT 'peserta_hasil_p2026_10'::regclass::oid <> $OLDREL")|$(t_psql "SELECT md5(string_agg(h::text, '' ORDER BY batch_id, line)) FROM peserta_hasil h WHERE period = '2026-10'")"
check "no staging table left, its indexes built" "|peserta_hasil_p2026_10_period_kunci_idx peserta_hasil_p2026_10_pkey" \
	"$(t_psql "SELECT string_agg(relname, ' ') FROM pg_class WHERE relname LIKE '%\_baru'")|$(t_psql "SELECT string_agg(indexrelid::regclass::text, ' ' ORDER BY indexrelid::regclass::text) FROM pg_index WHERE indrelid = 'peserta_hasil_p2026_10'::regclass")"
check "the partition was analysed when attached" "t" \
	"$(t_psql "SELECT count(*) > 0 FROM pg_stats WHERE tablename = 'peserta_hasil_p2026_10'")"
# A row written by hand for a period without a partition lands in the
# default one, and is replaced when the period is reconciled.
t_psql "INSERT INTO sk_daftar (period, kunci, batch_id, line, nama) VALUES ('2026-11', 'X', 1, 1, 'TANGAN')" >/dev/null
check "a hand-written row of another period: in the default partition" "1" \
	"$(t_psql "SELECT count(*) FROM sk_daftar_lain WHERE period = '2026-11'")"
t_psql "INSERT INTO sk_daftar_lain (period, kunci, batch_id, line, nama) VALUES ('2026-10', 'X', 1, 1, 'TANGAN')" >/dev/null 2>&1
check "no row of a period with its own partition can be put in the default one" "0" \
	"$(t_psql "SELECT count(*) FROM sk_daftar_lain WHERE period = '2026-10'")"

# --- batch drop ----------------------------------------------------------------
NH=$(t_psql "SELECT count(*) FROM peserta_hasil WHERE batch_id = $PB")
check "the period has results for the list" "t" "$([ "$NH" -gt 0 ] && echo t)"
check_rc "batch drop of the list" 0 $REKON batch drop "$PB"
check "its partition is gone" "" "$(t_psql "SELECT to_regclass('peserta_row_b$PB')")"
check "the results pointing at its rows are gone" "0" \
	"$(t_psql "SELECT count(*) FROM peserta_hasil WHERE batch_id = $PB")"
check "its rejected rows are gone" "0" "$(t_psql "SELECT count(*) FROM rejected_row WHERE batch_id = $PB")"
check "the other batches keep theirs" "0" \
	"$(t_psql "SELECT count(*) FROM batch b WHERE b.outcome = 'OK' AND b.accepted > 0
	           AND to_regclass(b.kind || '_row_b' || b.id) IS NULL")"
t_psql "DELETE FROM batch WHERE kind = 'kematian'" >/dev/null
check "DELETE FROM batch by hand drops the partition too" "0 0" \
	"$(t_psql "SELECT count(*) FROM pg_inherits WHERE inhparent = 'kematian_row'::regclass") $(t_psql "SELECT count(*) FROM kematian_row")"
check_rc "the list imports again" 0 $REKON -q import peserta "$G/peserta-2026-10.csv"

# --- an import that dies before it commits leaves nothing ------------------------
# A session holding peserta_row in SHARE UPDATE EXCLUSIVE mode stops the import
# where it attaches its partition (after the COPY); then it is killed.
hold_lock() {	# hold_lock SECONDS: in the background, its pid in $HOLD
	$REKON db psql -- -XAtq -c "BEGIN" -c "LOCK peserta_row IN SHARE UPDATE EXCLUSIVE MODE" \
		-c "SELECT pg_sleep($1)" >"$T/hold.out" 2>&1 &
	HOLD=$!
	wait_for 10 sh -c "[ \"\$($REKON_BIN -c $T/rekon.conf db psql -- -XAtq -c \"SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'peserta_row' AND l.mode = 'ShareUpdateExclusiveLock' AND l.granted\")\" = 1 ]"
}
waiting_attach() {	# waiting_attach N: N imports wait on a lock or on the staging name
	wait_for 20 sh -c "[ \"\$($REKON_BIN -c $T/rekon.conf db psql -- -XAtq -c \"SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND (query LIKE 'SELECT rekon_impor_%')\")\" = $1 ]"
}
stop_hold() {
	$REKON db psql -- -XAtq -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'" >/dev/null 2>&1
	wait "$HOLD" 2>/dev/null
}
BEFORE=$(t_psql "SELECT count(*) FROM batch")
hold_lock 60
$REKON -q import peserta "$G/peserta-2026-11.csv" >"$T/imp1.out" 2>&1 &
IMP=$!
waiting_attach 1; check "the import waits where it attaches its partition" "0" "$?"
kill -9 "$IMP"; wait "$IMP" 2>/dev/null
stop_hold
# The server ends the dead client's transaction when it notices the socket closed.
wait_for 10 sh -c "[ \"\$($REKON_BIN -c $T/rekon.conf db psql -- -XAtq -c \"SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT rekon_impor_%'\")\" = 0 ]"
check "killed import: no batch" "$BEFORE" "$(t_psql "SELECT count(*) FROM batch")"
check "killed import: no partition, no staging table" "" \
	"$(t_psql "SELECT relname FROM pg_class WHERE relname LIKE 'peserta\\_row\\_%' AND relkind = 'r'
	           AND relname <> 'peserta_row_b' || (SELECT id FROM batch WHERE kind = 'peserta' AND period = '2026-10')")"
check_rc "the next import of the file succeeds" 0 $REKON -q import peserta "$G/peserta-2026-11.csv"
check "its rows are all there" "$(t_psql "SELECT accepted FROM batch WHERE kind = 'peserta' AND period = '2026-11'")" \
	"$(t_psql "SELECT count(*) FROM peserta_row WHERE batch_id = (SELECT id FROM batch WHERE kind = 'peserta' AND period = '2026-11')")"
P11=peserta_row_b$(t_psql "SELECT id FROM batch WHERE kind = 'peserta' AND period = '2026-11'")
check "the import leaves the partition's statistics to the first job" "0" \
	"$(t_psql "SELECT count(*) FROM pg_stats WHERE tablename = '$P11'")"
# (two: this list and 2026-10's, imported again after its batch drop)
check "the job gathers them (and only for partitions without)" "2" \
	"$(t_psql "SELECT rekon_statistik()")"
check "statistics of every column" "22" "$(t_psql "SELECT count(*) FROM pg_stats WHERE tablename = '$P11'")"
check "a second call has nothing to do" "0" "$(t_psql "SELECT rekon_statistik()")"
check_rc "rekonsiliasi 2026-11" 0 $REKON -q rekonsiliasi --period 2026-11
check "the hand-written row of 2026-11 is replaced by the period's partition" "0|t" \
	"$(t_psql "SELECT count(*) FROM sk_daftar_lain")|$(t_psql "SELECT count(*) > 0 FROM sk_daftar_p2026_11 WHERE nama <> 'TANGAN'")"

# --- two imports of one kind at once ----------------------------------------------
# Both lists of another month (the same rows, another period: a copy with a new name
# hashes the same, so each gets a distinct last line).
for m in 08 09; do
	{ cat "$G/peserta-2026-10.csv"; printf '0000000000001;3325050101900001;;TAMBAHAN %s;01-01-1990;L;;;;;;;;AKTIF;PBPU PEMDA\r\n' "$m"; } \
		> "$T/peserta-2026-$m.csv"
done
hold_lock 60
$REKON -q import peserta "$T/peserta-2026-08.csv" >"$T/imp8.out" 2>&1 &
I8=$!
$REKON -q import peserta "$T/peserta-2026-09.csv" >"$T/imp9.out" 2>&1 &
I9=$!
waiting_attach 2; check "both wait: one to attach, the other to attach or for the staging name" "0" "$?"
stop_hold
wait "$I8"; R8=$?
wait "$I9"; R9=$?
check "both imports succeed" "0 0" "$R8 $R9"
check "each its own partition with its rows" "2026-08 true|2026-09 true" \
	"$(t_psql "SELECT b.period || ' ' || (b.accepted = (SELECT count(*) FROM peserta_row r WHERE r.batch_id = b.id)
	                                   AND to_regclass('peserta_row_b' || b.id) IS NOT NULL)
	           FROM batch b WHERE b.period IN ('2026-08', '2026-09') ORDER BY 1" | tr '\n' '|' | sed 's/|$//')"

# --- the migration of a database at version 7 that holds batches -------------------
# A second database made as version 7 was (001-007 applied by hand), given this
# database's rows, then migrated through an external-database configuration.
check_rc "results for the rows as they are now" 0 $REKON -q run all --period 2026-10 --force
cp "$T/rekon.conf" "$T/v7.conf"
printf '\n[database]\nconninfo = host=%s dbname=rekon7 user=rekon\n' "$T/state/pg/run" >> "$T/v7.conf"
R7="$REKON_BIN -c $T/v7.conf"
# The columns a table has at version 7 (later migrations add some).
v7cols() {
	$R7 db psql -- -XAtq -c "SELECT string_agg(quote_ident(column_name), ', '
	    ORDER BY ordinal_position) FROM information_schema.columns
	    WHERE table_schema = 'public' AND table_name = '$1'"
}
dump() {	# dump CONF [v7]: the rows of every table the migration touches, as one digest
	for t in $ROWTABLES batch rejected_row peserta_hasil sk_daftar usulan_hasil gagal_hasil; do
		echo "== $t"
		c='*'
		[ -n "${2:-}" ] && c=$(v7cols "$t")
		"$REKON_BIN" -c "$1" db psql -- -XAtq -c "COPY (SELECT $c FROM $t ORDER BY 1, 2, 3) TO STDOUT"
	done | md5sum | cut -c1-32
}
t_psql "CREATE DATABASE rekon7 TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'" >/dev/null
{
	echo "CREATE EXTENSION IF NOT EXISTS pg_trgm;"
	echo "CREATE TABLE schema_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());"
	echo "CREATE TABLE schema_rules (sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());"
	for f in "$ROOT"/sql/00[1-7]_*.sql; do
		cat "$f"
		echo "INSERT INTO schema_migration (version, name) VALUES ($(basename "$f" | cut -c1-3 | sed 's/^0*//'), '$(basename "$f")');"
	done
} > "$T/v7.sql"
$R7 db psql -- -XAtq -v ON_ERROR_STOP=1 -f "$T/v7.sql" >"$T/v7.out" 2>&1
check "a version-7 database made" "7" "$($R7 db psql -- -XAtq -c 'SELECT max(version) FROM schema_migration' 2>/dev/null)"
# Its rows: this database's, table by table (version 7's columns, in order).
for t in batch $ROWTABLES rejected_row usulan_hasil gagal_hasil peserta_hasil sk_daftar; do
	$REKON db psql -- -XAtq -c "COPY (SELECT $(v7cols "$t") FROM $t) TO STDOUT" > "$T/$t.copy"
	$R7 db psql -- -XAtq -v ON_ERROR_STOP=1 -c "\\copy $t FROM '$T/$t.copy'" >>"$T/v7.out" 2>&1 ||
		echo "copy $t failed" >>"$T/v7.fail"
done
$R7 db psql -- -XAtq -c "SELECT setval('batch_id_seq', (SELECT max(id) FROM batch))" >/dev/null
check "version 7 holds the rows" "" "$(cat "$T/v7.fail" 2>/dev/null)"
check "version 7 holds the list and its results" "t" \
	"$($R7 db psql -- -XAtq -c "SELECT (SELECT count(*) > 1000 FROM peserta_row) AND (SELECT count(*) > 1000 FROM peserta_hasil)")"
check "version 7's peserta_row is one plain table" "r" \
	"$($R7 db psql -- -XAtq -c "SELECT relkind FROM pg_class WHERE relname = 'peserta_row'")"
WANT=$(dump "$T/rekon.conf")
check "the same rows in both databases (version 7's columns)" "$(dump "$T/rekon.conf" v7)" "$(dump "$T/v7.conf" v7)"
check_rc "db migrate" 0 $R7 db migrate
NEED=$(ls "$ROOT"/sql/[0-9]*.sql | sed -n '$s|.*/0*\([0-9][0-9]*\)_.*|\1|p')	# the newest number
NFILES=$(ls "$ROOT"/sql/[0-9]*.sql | wc -l | tr -d ' ')	# (a reserved number may not have landed yet)
check "migrated to the newest, from 008 on" "schema at version $NEED ($((NFILES - 7)) migrations applied)" "$(tail -1 "$T/last.out")"
# (the columns later migrations add are filled as this rekon fills them:
# usulan_hasil's sejak and place in U, for rows that were never carried)
check "every row kept, every result kept" "$WANT" "$(dump "$T/v7.conf")"
t7() { $R7 db psql -- -XAtq -c "$1"; }
check "the row tables are partitioned (kependudukan_row since 018, keputusan_row since 020)" "8" \
	"$(t7 "SELECT count(*) FROM pg_partitioned_table WHERE partrelid::regclass::text LIKE '%\\_row'")"
check "a partition per batch with rows" "t" \
	"$(t7 "SELECT bool_and(to_regclass(kind || '_row_b' || id) IS NOT NULL) FROM batch WHERE outcome = 'OK' AND accepted > 0")"
check "the results no longer have foreign keys to the rows" "" \
	"$(t7 "SELECT conname FROM pg_constraint WHERE contype = 'f' AND confrelid::regclass::text LIKE '%\\_row'")"
check "peserta_hasil and sk_daftar are partitioned by period, a partition per period" "2|t" \
	"$(t7 "SELECT count(*) FROM pg_partitioned_table WHERE partrelid IN ('peserta_hasil'::regclass, 'sk_daftar'::regclass)")|$(t7 "SELECT bool_and(to_regclass(rekon_periode_partisi('peserta_hasil', period)) IS NOT NULL
	           AND to_regclass(rekon_periode_partisi('sk_daftar', period)) IS NOT NULL) FROM (SELECT DISTINCT period FROM peserta_hasil) x")"
check "the rule functions are back" "7" \
	"$(t7 "SELECT count(*) FROM pg_proc WHERE proname IN ('rekon_b', 'rekon_bp', 'rekon_d', 'rekon_u', 'rekon_f', 'rekon_m', 'rekon_k')")"
check_rc "run all on the migrated database" 0 $R7 -q run all --period 2026-10 --force
check_rc "an import on the migrated database" 0 $R7 -q import kematian "$G/kematian-2026-11.csv"
check "the import is a partition" "t" \
	"$(t7 "SELECT to_regclass('kematian_row_b' || max(id)) IS NOT NULL FROM batch WHERE kind = 'kematian'")"
t_done
