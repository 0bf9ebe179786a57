#!/bin/sh
# Memory does not grow with file size: a 400,000-row peserta file (about
# 40 MB) imports with the same peak memory, within a margin, as a
# 40,000-row one. Peak resident memory is measured by GNU time; no timing
# is asserted here (that is make bench).
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
t_pg_start
rows_file() {	# $1 rows, into $2
	awk -v n="$1" 'BEGIN {
		printf "NO KARTU;NIK;NAMA;TGL LAHIR;JK;ALAMAT;STATUS PESERTA;SEGMEN\n"
		for (i = 1; i <= n; i++)
			printf "%013d;3325010101%06d;PESERTA NOMOR %d;01-01-1980;L;JL MAWAR NO %d RT 001 RW 002;AKTIF;PBPU PEMDA\n", i, i % 1000000, i, i
	}' > "$2"
}
rows_file 40000 "$T/peserta-2026-10.csv"
rows_file 400000 "$T/peserta-2026-11.csv"
/usr/bin/time -f %M -o "$T/small.kb" $REKON -q import peserta "$T/peserta-2026-10.csv" >/dev/null
/usr/bin/time -f %M -o "$T/big.kb" $REKON -q import peserta "$T/peserta-2026-11.csv" >/dev/null
small=$(tail -1 "$T/small.kb")
big=$(tail -1 "$T/big.kb")
check "400,000 rows imported" "400000" "$(t_psql "SELECT accepted FROM batch WHERE period = '2026-11'")"
check "peak memory does not grow with rows (small ${small} KiB, big ${big} KiB, margin 8 MiB)" "yes" \
	"$([ "$big" -le $((small + 8192)) ] && echo yes || echo no)"

# A killed import leaves all of its rows or none: the batch is one
# transaction. (Either outcome passes; anything in between fails.)
rows_file 400001 "$T/peserta-2026-12.csv"
$REKON -q import peserta "$T/peserta-2026-12.csv" >/dev/null 2>&1 &
pid=$!
sleep 1
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "killed import: all rows or none" "yes" \
	"$(t_psql "SELECT CASE WHEN count(b.id) = 0 AND (SELECT count(*) FROM peserta_row p JOIN batch x ON x.id = p.batch_id WHERE x.period = '2026-12') = 0 THEN 'yes'
	    WHEN bool_and(b.accepted = 400001) AND (SELECT count(*) FROM peserta_row p JOIN batch x ON x.id = p.batch_id WHERE x.period = '2026-12') = 400001 THEN 'yes'
	    ELSE 'no' END FROM batch b WHERE period = '2026-12'")"
check_rc "and it can be imported again" 0 $REKON -q import peserta "$T/peserta-2026-12.csv"
check "one OK batch for that file" "1|400001" \
	"$(t_psql "SELECT count(*), sum(accepted) FROM batch WHERE period = '2026-12'")"
t_done
