#!/bin/sh
# rekon db backup FILE / rekon db restore FILE: a pg_dump custom-format copy of
# everything, private (0640), that brings a dropped batch and the results back.
. "$(dirname "$0")/../lib.sh"
t_setup
t_pg_start
printf 'NIK|NAMA|TGL MENINGGAL\n3325010101900001|BUDI|01-10-2026\n3325010101900002|SITI|02-10-2026\n' \
	> "$T/kematian-2026-10.csv"
check_rc "import" 0 $REKON -q import kematian "$T/kematian-2026-10.csv"
check_rc "db backup" 0 $REKON db backup "$T/rekon.dump"
check "the backup is private" "640" "$(stat -c %a "$T/rekon.dump")"
check "the backup is pg_dump's custom format" "PGDMP" "$(head -c 5 "$T/rekon.dump")"
check_rc "drop the batch" 0 $REKON batch drop 1
check "gone" "0|0" "$(t_psql "SELECT (SELECT count(*) FROM batch), (SELECT count(*) FROM kematian_row)")"
check_rc "db restore" 0 $REKON db restore "$T/rekon.dump"
check "the batch and its rows are back" "1|2|kematian-2026-10.csv" \
	"$(t_psql "SELECT (SELECT count(*) FROM batch), (SELECT count(*) FROM kematian_row), (SELECT file_name FROM batch)")"
check "the rules came back too" "t" "$(t_psql "SELECT to_regprocedure('rekon_peserta(text,numeric,text[])') IS NOT NULL")"
check_rc "and rekon works on it" 0 $REKON batches
check_rc "restore of a missing file exits 66" 66 $REKON db restore "$T/none.dump"
check "says which file" "rekon: $T/none.dump: No such file or directory" "$(cat "$T/last.err")"
t_done
