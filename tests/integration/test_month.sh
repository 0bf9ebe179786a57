#!/bin/sh
# The whole month, twice: rekon gen (scale 10), then October and November
# each in the office's order (the month's inputs and proposals, usulan,
# BPJS's answers and list, run all). Every figure gen planted and
# computed on its own (gen-harapan.txt) must equal what rekon reports in
# rekonsiliasi-P.json, or stores for the figures the JSON does not carry.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
G=$T/gen
$REKON gen --out "$G" --scale 10 --seed 1 --period 2026-11 --months 2 >/dev/null 2>&1
KUOTA=$(sed -n 's/^kuota.saran = kuota.2026 = //p' "$G/gen-harapan.txt")
cat >> "$T/rekon.conf" <<CONF

[budget]
iuran_per_jiwa = 37800
kuota.2026 = $KUOTA
anggaran.2026 = 100000000

[rules]
berkas_wajib = kk, ktp
CONF
t_pg_start
# (The broken files of rusak/ are test_gen_import's: gen's month figures
# leave them out.)
check_rc "the month 2026-10" 0 t_month_gen "$G" 2026-10
check_rc "the month 2026-11" 0 t_month_gen "$G" 2026-11
OUT=$T/state/outbox

for P in 2026-10 2026-11; do
	check "$P: the JSON summary exists" "yes" "$([ -f "$OUT/$P/rekonsiliasi-$P.json" ] && echo yes)"
	t_gen_figures "$G" "$P"
	check "$P: every figure gen expects ($(wc -l < "$T/want.$P") of them)" \
		"$(cat "$T/want.$P")" "$(cat "$T/got.$P")"
done
check "the figures compared cover the flags, money and mutasi" "yes" \
	"$([ "$(wc -l < "$T/want.2026-11")" -ge 40 ] && echo yes)"
for f in usulan-2026-11.xlsx usulan-2026-11-bpjs.csv rekonsiliasi-2026-11.xlsx rekonsiliasi-2026-11.json sk-lampiran-2026-11.xlsx; do
	check "wrote $f, mode 0640" "640" "$(stat -c %a "$OUT/2026-11/$f" 2>/dev/null)"
done
# The workbooks agree with the JSON: SK rows = ditetapkan, usulan sheets'
# rows = the usulan counts.
J=$OUT/2026-11/rekonsiliasi-2026-11.json
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("d" + sys.argv[2]))' "$J" "$1"; }
/usr/bin/python3 "$ROOT/tests/helpers/xlsx_rows.py" "$OUT/2026-11/sk-lampiran-2026-11.xlsx" > "$T/sk.rows"
/usr/bin/python3 "$ROOT/tests/helpers/xlsx_rows.py" "$OUT/2026-11/usulan-2026-11.xlsx" > "$T/usulan.rows"
check "SK Lampiran rows = ditetapkan" "Lampiran $(jget '["ditetapkan"]')" "$(grep '^Lampiran ' "$T/sk.rows")"
check "usulan sheets' rows = the JSON's usulan counts" \
	"Diteruskan $(jget '["usulan"]["diteruskan"]')
Dikembalikan $(jget '["usulan"]["dikembalikan"]')
Menunggu Kuota $(jget '["usulan"]["menunggu_kuota"]')" "$(cat "$T/usulan.rows")"
check "BPJS CSV rows = diteruskan (plus its header)" "$(($(jget '["usulan"]["diteruskan"]') + 1))" \
	"$(wc -l < "$OUT/2026-11/usulan-2026-11-bpjs.csv" | tr -d ' ')"
check "kembali/ has per-kelurahan files" "yes" \
	"$([ -n "$(find "$OUT/2026-11/kembali" -name '*-2026-11.xlsx' 2>/dev/null | head -1)" ] && echo yes)"
t_done
