#!/bin/sh
# rekon web in a real browser (web.md "Tested in a real browser"): Debian's
# chromium, headless, driven by selenium (tests/helpers/web_browser.py), on
# a throwaway PostgreSQL and a real `rekon web` on 127.0.0.1. The front desk
# logs in, checks a family by No KK, prints the slip and notes the visit;
# an operator downloads a workbook; the Kabid reads the month and its charts;
# a kelurahan uploads a proposal file and, after the import (`rekon run
# inbox`, what the daemon does) and usulan, sees its rows; the Kabid and
# the Sekdis initial the SK lampiran, the Kadis approves, and a real
# `rekon daemon` closes the period as `sk --final` does.
# Screenshots (loket-cek.png, loket-slip.png, loket-slip.pdf,
# operator-berkas.png, kabid-bulan.png, kelurahan-usulan.png, kabid-sk.png,
# kadis-sk.png) are kept in
# $TEST_OUTPUT/web (default build/test-output/web). Synthetic people only.
. "$(dirname "$0")/../helpers/lib.sh"
OUTDIR=${TEST_OUTPUT:-$ROOT/build/test-output}/web
t_setup
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf '\n[web]\nlisten = 127.0.0.1:%s\n' "$PORT" >> "$T/rekon.conf"
t_pg_start
K=3325010101100013
mkdir -p "$T/in"
{
	printf 'NO KARTU;NIK;NO KK;NAMA;STATUS;SEGMEN\n'
	printf '0001234567890;3325010101700001;%s;BUDI SANTOSO;AKTIF;PBPU PEMDA\n' $K
	printf '0001234567891;3325014101700002;%s;SITI AMINAH;NON AKTIF;PBPU PEMDA\n' $K
} > "$T/in/peserta-2026-11.csv"
t_imp peserta "$T/in/peserta-2026-11.csv" 2026-11
printf 'NIK|NO KK|NAMA\n3325010101100003|%s|ANAK KETIGA\n' $K > "$T/in/dtks.csv"
t_imp dtks "$T/in/dtks.csv" 2026-11
printf 'rahasia-loket-1\n' | $REKON -q user add loket1 --role loket >/dev/null 2>&1
printf 'rahasia-oper-001\n' | $REKON -q user add oper1 --role operator >/dev/null 2>&1
printf 'rahasia-kabid-01\n' | $REKON -q user add kabid1 --role kabid >/dev/null 2>&1
printf 'rahasia-sekdis-1\n' | $REKON -q user add sekdis1 --role sekdis >/dev/null 2>&1
printf 'rahasia-kadis-01\n' | $REKON -q user add kadis1 --role kadis >/dev/null 2>&1
printf 'rahasia-kel-0001\n' | $REKON -q user add kel1 --role kelurahan --kelurahan "KOTA/SUKA MAJU" >/dev/null 2>&1
printf 'NIK;NO KK;NAMA;JENIS USULAN;KELURAHAN;KECAMATAN\n3325015001900041;3325010000000041;WARGA SUKAMAJU;BARU;Kel. Suka Maju;Kec. Kota\n' \
	> "$T/in/usulan-warga.csv"
$REKON -q rekonsiliasi --period 2026-11 >/dev/null 2>&1
$REKON -q sk --period 2026-11 >/dev/null 2>&1
# The Kadis's approval is carried out by the daemon: started, waited for
# until 2026-11 is closed, stopped (it stops the embedded PostgreSQL it
# started: started again for the pages).
cat > "$T/after-approve.sh" <<SH
$REKON daemon >"$T/daemon.out" 2>"$T/daemon.log" &
d=\$!
n=0
while [ "\$($REKON db psql -- -XAtq -c "SELECT count(*) FROM periode WHERE period = '2026-11' AND closed_at IS NOT NULL")" != 1 ] && [ \$n -lt 300 ]; do
	sleep 0.1; n=\$((n + 1))
done
kill \$d; wait \$d
$REKON db start >/dev/null 2>&1
[ \$n -lt 300 ]
SH
$REKON web > "$T/web.log" 2>&1 &
T_PIDS=$!
wait_for 10 curl -s -o /dev/null "http://127.0.0.1:$PORT/masuk"
rm -rf "$OUTDIR"
WB_KELURAHAN="kel1:rahasia-kel-0001:$T/in/usulan-warga.csv:3325015001900041" \
WB_AFTER_UPLOAD="$REKON -q run inbox >/dev/null 2>&1 && $REKON -q usulan --period 2026-12 >/dev/null 2>&1" \
WB_SK="2026-11:kabid1:rahasia-kabid-01:sekdis1:rahasia-sekdis-1:kadis1:rahasia-kadis-01" \
WB_AFTER_APPROVE="sh $T/after-approve.sh" \
/usr/bin/python3 "$ROOT/tests/helpers/web_browser.py" "http://127.0.0.1:$PORT" "$OUTDIR" \
	loket1 rahasia-loket-1 $K oper1 rahasia-oper-001 \
	"$T/state/outbox/2026-11/rekonsiliasi-2026-11.xlsx" kabid1 rahasia-kabid-01 \
	> "$T/browser.out" 2>&1
check "the front desk in chromium: every step" 0 $?
sed 's/^/  /' "$T/browser.out"
for f in loket-cek.png loket-slip.png loket-slip.pdf operator-berkas.png kabid-bulan.png kelurahan-usulan.png kabid-sk.png kadis-sk.png; do
	check "kept: $OUTDIR/$f" "yes" "$([ -s "$OUTDIR/$f" ] && echo yes)"
done
check "the visit was stored" "KK|$K|Ibu Rahayu" "$(t_psql "SELECT jenis, dicari, nama FROM kunjungan")"
t_done
