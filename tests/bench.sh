#!/bin/sh
# make bench: timings, never part of make test. Imports a million-row
# peserta file and reports rows/s and peak memory.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/rekon-bench.XXXXXX)
chmod 755 "$T"
REKON="$ROOT/build/rekon -c $T/rekon.conf"
trap '$REKON db stop >/dev/null 2>&1 || true; rm -rf "$T"' EXIT INT TERM
printf '[paths]\nstate_dir = %s/state\n' "$T" > "$T/rekon.conf"
N=${N:-1000000}
awk -v n="$N" 'BEGIN {
	printf "\357\273\277NO KARTU;NIK;NAMA;TGL LAHIR;JK;ALAMAT;STATUS PESERTA;SEGMEN\r\n"
	for (i = 1; i <= n; i++)
		printf "%013d;3325010101%06d;PESERTA NOMOR %d;01-01-1980;L;JL MAWAR NO %d;AKTIF;PBPU PEMDA\r\n", i, i % 1000000, i, i
}' > "$T/peserta-2026-11.csv"
$REKON db init >/dev/null
echo "file: $(wc -c < "$T/peserta-2026-11.csv") bytes, $N rows"
/usr/bin/time -f 'import: %e s, peak memory %M KiB' $REKON -q import peserta "$T/peserta-2026-11.csv"
