#!/bin/sh
# Three generated months, as a new user would run them (issue 14): rekon gen
# (default: P-1, P and P+1, with rules.md §8's paths planted), the settings
# gen's figures assume (gen-konfig.conf: each month's quota, berkas_wajib,
# antrian_bulan 1) appended to rekon.conf, then each month in the office's
# order with the list sent (usulan --final). Every JSON figure of every month
# must equal gen's model (gen-harapan.txt, computed apart from the SQL), the
# planted people's `rekon kasus` stories must be gen's (gen-kasus.txt), and
# so must each person's follow-up case (TERLAMBAT_BPJS, BELUM_MASUK_DAFTAR).
# SCALE and SEED can be set from the environment.
. "$(dirname "$0")/../helpers/lib.sh"
SCALE=${SCALE:-10}
SEED=${SEED:-1}
t_setup
G=$T/gen
check_rc "gen: three months at scale $SCALE" 0 $REKON gen --out "$G" --scale "$SCALE" --seed "$SEED"
H=$G/gen-harapan.txt
want() { sed -n "s/^$1 = //p" "$H"; }
check "gen wrote three months" "3|2026-10 2026-11 2026-12" \
	"$(want gen.bulan)|$(want gen.periode.1) $(want gen.periode.2) $(want gen.periode.3)"
cat "$G/gen-konfig.conf" >> "$T/rekon.conf"
check "gen's settings: a quota per month, KADALUWARSA after one month" \
	"kuota.2026-10 kuota.2026-11 kuota.2026-12 antrian_bulan = 1" \
	"$(grep -o '^kuota\.[0-9-]*' "$T/rekon.conf" | tr '\n' ' ')$(grep '^antrian_bulan' "$T/rekon.conf")"
check_rc "config check accepts them" 0 $REKON config check
t_pg_start

for P in 2026-10 2026-11 2026-12; do
	check_rc "$P in the office's order, the list sent" 0 t_month_gen "$G" "$P" final
	t_gen_figures "$G" "$P"
	check "$P: every figure gen expects ($(wc -l < "$T/want.$P") of them)" \
		"$(cat "$T/want.$P")" "$(cat "$T/got.$P")"
done
# The comparison covers §8's figures (else a renamed key would pass unseen).
check "the figures compared include §8's, in every month" "3 3 3 3 3 3" \
	"$(for k in usulan.dibawa usulan.kadaluwarsa tindak_lanjut.TERLAMBAT_BPJS tindak_lanjut.BELUM_MASUK_DAFTAR usulan.kode.SUDAH_DITERUSKAN sisa; do
		cat "$T/want.2026-1"* | grep -c "^2026-1[012]\.$k "; done | tr '\n' ' ' | sed 's/ $//')"
# Every path planted: P+1 carries a queue, returns one case too old, sends
# one NIK back as already sent, and has both follow-up cases.
check "P+1's §8 figures are not zero" "yes" \
	"$([ "$(want 2026-12.usulan.dibawa)" -gt 0 ] && [ "$(want 2026-12.usulan.kadaluwarsa)" -gt 0 ] &&
	   [ "$(want 2026-12.usulan.kode.SUDAH_DITERUSKAN)" -gt 0 ] &&
	   [ "$(want 2026-12.tindak_lanjut.TERLAMBAT_BPJS)" -gt 0 ] &&
	   [ "$(want 2026-12.tindak_lanjut.BELUM_MASUK_DAFTAR)" -gt 0 ] && echo yes)"

# The room held R's places (rules.md §1): each month's stored room is gen's
# formula, so the SK that follows fits the quota: sisa is gen's exact figure
# and not negative in P and P+1, although P+1's list holds P's registrations.
check "P's room: kuota, aktif of P-1, R, ruang" \
	"$(want kuota.saran.2026-11 | sed 's/.* = //')|$(want kuota.rumus.aktif_2026-10)|$(($(want kuota.rumus.menunggu_jawaban) + $(want kuota.rumus.berhasil_belum_di_daftar)))|$(want kuota.rumus.diteruskan_2026-11)" \
	"$(t_psql "SELECT kuota, aktif_bprev, tertunda, ruang FROM usulan_ruang WHERE period = '2026-11'")"
check "P+1's room: kuota, aktif of P, R, ruang" \
	"$(want kuota.saran.2026-12 | sed 's/.* = //')|$(want kuota.rumus.2026-12.aktif_2026-11)|$(($(want kuota.rumus.2026-12.menunggu_jawaban) + $(want kuota.rumus.2026-12.berhasil_belum_di_daftar)))|$(want kuota.rumus.2026-12.diteruskan)" \
	"$(t_psql "SELECT kuota, aktif_bprev, tertunda, ruang FROM usulan_ruang WHERE period = '2026-12'")"
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d[sys.argv[2]])' "$T/state/outbox/$1/rekonsiliasi-$1.json" "$2"; }
for P in 2026-11 2026-12; do
	check "$P: the SK fits the quota (sisa = gen's, not negative)" \
		"$(want $P.sisa_dengan_kuota_saran) yes" \
		"$(jget $P sisa) $([ "$(jget $P sisa)" -ge 0 ] && echo yes)"
done
check "P+1's SK holds P's registrations (MASUK)" "yes" \
	"$([ "$(want 2026-12.mutasi.masuk)" -gt 0 ] && [ "$(want kuota.rumus.2026-12.berhasil_belum_di_daftar)" -gt 0 ] && echo yes)"

# Every planted person's story, month by month.
/usr/bin/python3 "$ROOT/tests/helpers/kasus_check.py" "$REKON_BIN" "$T/rekon.conf" \
	"$G/gen-kasus.txt" > "$T/kasus.out" 2>&1
check "every planted person's kasus story is gen's (3 months)" 0 $?
sed 's/^/  /' "$T/kasus.out"
check "the stories compared cover three months" "yes" \
	"$([ "$(sed -n 's/^\([0-9]*\) person-months of \([0-9]*\) .*/\1 \2/p' "$T/kasus.out" | awk '{ print ($1 >= 3 * $2 - 40) }')" = 1 ] && echo yes)"

# The follow-up cases person by person: gen's TINDAK LANJUT columns against
# rekonsiliasi's tindak_lanjut rows.
awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^TINDAK LANJUT /) col[i] = substr($i, 15); next }
	{ for (i in col) if ($i != "") { n = split($i, k, ","); for (j = 1; j <= n; j++) print col[i] ";" $4 ";" k[j] } }' \
	"$G/gen-kasus.txt" | LC_ALL=C sort -u > "$T/tl.want"
t_psql "SELECT period || ';' || nik || ';' || kode FROM tindak_lanjut WHERE period IN ('2026-11', '2026-12')" |
	LC_ALL=C sort -u > "$T/tl.got"
check "every follow-up case is a planted one, and every planted one is there ($(wc -l < "$T/tl.want"))" \
	"$(cat "$T/tl.want")" "$(cat "$T/tl.got")"

# The planted paths, told by rekon kasus in words.
nik_of() { awk -F';' -v k="$1" -v m="$2" '$1 == k && $3 == m { print $4; exit }' "$G/gen-kasus.txt"; }
N=$(nik_of KASUS_KADALUWARSA 0)
check "a case waiting since P-1 is returned KADALUWARSA in P+1" \
	"2026-10|MENUNGGU_KUOTA
2026-11|MENUNGGU_KUOTA
2026-12|DIKEMBALIKAN|KADALUWARSA" \
	"$(t_psql "SELECT period, hasil, alasan FROM usulan_hasil WHERE nik = '$N' ORDER BY period" | sed 's/|$//')"
N=$(nik_of KASUS_USUL_ULANG 0)
$REKON -q kasus "$N" > "$T/ulang.txt" 2>&1
check "proposed again while waiting: replaces the carried row, forwarded" "1" \
	"$(grep -c '2026-11.*usulan.*DITERUSKAN' "$T/ulang.txt")"
check "proposed again while pending: SUDAH_DITERUSKAN" "1" \
	"$(grep -c '2026-12.*DIKEMBALIKAN (SUDAH_DITERUSKAN)' "$T/ulang.txt")"
N=$(nik_of KASUS_DIBAWA 0)
$REKON -q kasus "$N" > "$T/dibawa.txt" 2>&1
check "waiting in P, forwarded in P+1 without a new proposal" "1" \
	"$(grep -c '2026-12.*DITERUSKAN, dibawa dari 2026-11' "$T/dibawa.txt")"
t_done
