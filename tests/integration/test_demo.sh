#!/bin/sh
# rekon demo (what make demo runs): a new user's first command.  From an
# empty folder it generates a region, imports its three months (each list
# sent with usulan --final), runs every job
# and prints the last month's figures; those figures are gen's own expectations
# (gen-harapan.txt, computed apart from the SQL), the files it lists are
# there, and a second run finds everything imported already.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
D=$T/demo
$REKON_BIN demo --dir "$D" --scale 30 >"$T/demo.out" 2>&1
check "rekon demo exits 0" "0" "$?"
STATE=$D/state
[ -d "$STATE/pg" ] || STATE=/var/tmp/rekon-demo-state
H=$D/data/gen-harapan.txt
want() { sed -n "s/^$1 = //p" "$H"; }
# The Ringkasan line for a label: its first figure, dots removed.
got() { sed -n "/^== Ringkasan 2026-12/,/^==/s/^  $1  *\(Rp \)\{0,1\}\(-\{0,1\}[0-9.]*\).*/\2/p" "$T/demo.out" | tr -d .; }
check "the config holds gen's settings: each month's quota, antrian_bulan" \
	"kuota.2026-10 = $(want 'kuota.saran.2026-10 = kuota.2026-10')
kuota.2026-11 = $(want 'kuota.saran.2026-11 = kuota.2026-11')
kuota.2026-12 = $(want 'kuota.saran.2026-12 = kuota.2026-12')
antrian_bulan = 1" \
	"$(grep -E '^(kuota\.2026|antrian_bulan)' "$D/rekon.conf")"
check "each month's list was sent (usulan --final)" "3" "$(grep -c '^== 2026-1[012]: the list sent to BPJS' "$T/demo.out")"
check "Ringkasan: kuota is gen's" "$(want 'kuota.saran.2026-12 = kuota.2026-12')" "$(got kuota)"
check "Ringkasan: aktif is gen's" "$(want 2026-12.aktif)" "$(got aktif)"
check "Ringkasan: ditetapkan is gen's" "$(want 2026-12.ditetapkan)" "$(got ditetapkan)"
check "Ringkasan: sisa is gen's" "$(want 2026-12.sisa_dengan_kuota_saran)" "$(got sisa)"
# The third month carries the second's queue and returns a case too old.
check "Ringkasan: usulan counts are gen's" \
	"diteruskan $(want 2026-12.usulan.diteruskan), dikembalikan $(want 2026-12.usulan.dikembalikan), menunggu_kuota $(want 2026-12.usulan.menunggu_kuota), dibawa $(want 2026-12.usulan.dibawa), kadaluwarsa $(want 2026-12.usulan.kadaluwarsa)" \
	"$(sed -n 's/^  usulan  *//p' "$T/demo.out")"
check "Ringkasan: the follow-up cases are gen's" \
	"TERLAMBAT_BPJS $(want 2026-12.tindak_lanjut.TERLAMBAT_BPJS), BELUM_MASUK_DAFTAR $(want 2026-12.tindak_lanjut.BELUM_MASUK_DAFTAR)" \
	"$(sed -n 's/^  tindak lanjut  *//p' "$T/demo.out")"
# Every file listed exists, and the three outputs of both months are there.
listed=$(sed -n '/^== files written/,/^$/p' "$T/demo.out" | grep '^/')
check "every listed file exists (names with spaces too)" "" \
	"$(echo "$listed" | while IFS= read -r f; do [ -f "$f" ] || echo "$f"; done)"
for P in 2026-10 2026-11 2026-12; do
	for f in usulan-$P.xlsx rekonsiliasi-$P.xlsx rekonsiliasi-$P.json sk-lampiran-$P.xlsx; do
		check "listed: $P/$f" "1" "$(echo "$listed" | grep -c "/outbox/$P/$f\$")"
	done
done
check "it ends by saying how to start the web front, with its demo users" \
	"rekon -c $D/rekon.conf web      (then open http://127.0.0.1:8080/ in a browser)
  user loket    password loket-demo-2026    (the front desk's cek)
  user operator password operator-demo-2026 (uploads, runs, every workbook)
  user kabid    password kabid-demo-2026    (the month; first paraf on the SK)
  user sekdis   password sekdis-demo-2026   (second paraf on the SK)
  user kadis    password kadis-demo-2026    (approves the SK)
  user admin    password admin-demo-2026    (users and the audit log)
rekon -c $D/rekon.conf daemon   (carries out \"run now\" and the approved SK)" \
	"$(sed -n '/^== the web front/,$p' "$T/demo.out" | sed 1d)"
check "the database is stopped at the end" "no" \
	"$(pgrep -f "postgres -D $STATE/pg" >/dev/null && echo yes || echo no)"
# Again: nothing imported twice, the same figures.
$REKON_BIN demo --dir "$D" --scale 30 >"$T/again.out" 2>&1
check "a second run exits 0" "0" "$?"
check "a second run imports nothing again" "0" "$(grep -c '^batch [0-9]*:' "$T/again.out")"
check "a second run prints the same Ringkasan" \
	"$(sed -n '/^== Ringkasan/,/^$/p' "$T/demo.out")" "$(sed -n '/^== Ringkasan/,/^$/p' "$T/again.out")"
[ "$STATE" = /var/tmp/rekon-demo-state ] && rm -rf "$STATE"
t_done
