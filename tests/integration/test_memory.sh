#!/bin/sh
# Memory does not grow with file size: a 400,000-row peserta file (about
# 40 MB) imports with the same peak memory, within a margin, as a
# 40,000-row one. Peak resident memory is measured by GNU time; no timing
# is asserted here (that is make bench).
. "$(dirname "$0")/../lib.sh"
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
t_done
