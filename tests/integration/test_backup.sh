#!/bin/sh
# rekon db backup FILE / rekon db restore FILE: a pg_dump custom-format copy of
# everything, private (0640), that brings a dropped batch and the results back;
# a restore replaces the whole database in one transaction, or changes nothing.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
t_pg_start
printf 'NIK|NAMA|TGL MENINGGAL\n3325010101900001|BUDI|01-10-2026\n3325010101900002|SITI|02-10-2026\n' \
	> "$T/kematian-2026-10.csv"
check_rc "import" 0 $REKON -q import kematian "$T/kematian-2026-10.csv"
check_rc "db backup" 0 $REKON db backup "$T/rekon.dump"
check "... one quiet line says so" "backup written: $T/rekon.dump|" "$(sed 's/ ([0-9.]* MB)$//' "$T/last.out")|$(cat "$T/last.err")"
check_rc "db backup over an existing file: refused (73)" 73 $REKON db backup "$T/rekon.dump"
check "... saying how to replace it" "rekon: $T/rekon.dump exists: add --force to replace it" "$(cat "$T/last.err")"
check_rc "db backup --force replaces it" 0 $REKON db backup "$T/rekon.dump" --force
check "no temporary file is left beside it" "rekon.dump" "$(cd "$T" && ls | grep dump)"
check "the backup is private" "640" "$(stat -c %a "$T/rekon.dump")"
check "the backup is pg_dump's custom format" "PGDMP" "$(head -c 5 "$T/rekon.dump")"
check_rc "drop the batch" 0 $REKON batch drop 1
check "gone" "0|0" "$(t_psql "SELECT (SELECT count(*) FROM batch), (SELECT count(*) FROM kematian_row)")"
check_rc "db restore without a terminal and without --yes: refused (64)" 64 $REKON db restore "$T/rekon.dump" < /dev/null
check "... saying how to go on" "rekon: restore replaces the whole database with $T/rekon.dump: add --yes to go on" "$(cat "$T/last.err")"
check "... and the batch is still gone" "0" "$(t_psql "SELECT count(*) FROM batch")"
check_rc "db restore --yes" 0 $REKON db restore "$T/rekon.dump" --yes
check "... one line says so, no NOTICE" "restored: the database is now $T/rekon.dump's|" "$(cat "$T/last.out")|$(cat "$T/last.err")"
check "the batch and its rows are back" "1|2|kematian-2026-10.csv" \
	"$(t_psql "SELECT (SELECT count(*) FROM batch), (SELECT count(*) FROM kematian_row), (SELECT file_name FROM batch)")"
check "the rules came back too" "t" "$(t_psql "SELECT to_regprocedure('rekon_peserta(text,numeric,text[])') IS NOT NULL")"
check_rc "and rekon works on it" 0 $REKON batches
# A whole month, partitions and all (sql/008, 009): every row comes back.
$REKON_BIN gen --out "$T/gen" --scale 10 --seed 2 --period 2026-11 --months 2 >/dev/null 2>&1
t_import_gen "$T/gen"/*-2026-10.csv
check_rc "run all 2026-10" 0 $REKON -q run all --period 2026-10
digest() {
	for t in batch peserta_row dtks_row usulan_row feedback_row kematian_row segmen_row rejected_row \
	    peserta_hasil sk_daftar usulan_hasil gagal_hasil hilang mutasi; do
		t_psql "COPY (SELECT * FROM $t ORDER BY 1, 2, 3) TO STDOUT"
	done | md5sum | cut -c1-32
}
BEFORE=$(digest)
check_rc "db backup of the month" 0 $REKON db backup "$T/month.dump"
check_rc "drop the list" 0 $REKON batch drop "$(t_psql "SELECT id FROM batch WHERE kind = 'peserta'")"
check_rc "db restore of the month" 0 $REKON db restore "$T/month.dump" --yes
check "every row and result is back, the same" "$BEFORE" "$(digest)"
check "the partitions are back" "t|t" \
	"$(t_psql "SELECT to_regclass('peserta_row_b' || (SELECT id FROM batch WHERE kind = 'peserta')) IS NOT NULL")|$(t_psql "SELECT to_regclass('sk_daftar_p2026_10') IS NOT NULL")"
check_rc "and rekon works on it: run all again" 0 $REKON -q run all --period 2026-10 --force
# A broken dump: refused, and the database is as it was.
head -c 3000 "$T/month.dump" > "$T/broken.dump"
check_rc "restore of a broken dump exits 65" 65 $REKON db restore "$T/broken.dump" --yes
check "it says nothing was restored" "yes" \
	"$(grep -q "broken.dump: pg_restore failed (exit 1): nothing restored" "$T/last.err" && echo yes)"
check "the database is unchanged" "$BEFORE" "$(digest)"
check_rc "restore of a missing file exits 66" 66 $REKON db restore "$T/none.dump" --yes
check "says which file" "rekon: $T/none.dump: No such file or directory" "$(cat "$T/last.err")"
t_done
