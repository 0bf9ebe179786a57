#!/bin/sh
# Issue 17 as a new user would try it: rekon gen --kependudukan (the
# region's population extract with its planted cases, and a different
# iuran_per_jiwa each month), the settings appended, the extract imported
# with the first month's files, each month in the office's order with the
# list sent and the SK signed. Every JSON figure of every month equals gen's
# model (gen-harapan.txt, computed apart from the SQL: the Dukcapil flags,
# the proposals it returns, kelebihan_bayar and usul_nonaktif among them);
# the Kelebihan Bayar sheet's total equals the JSON's rupiah; the CSV holds
# exactly the Usul Nonaktif rows.
. "$(dirname "$0")/../helpers/lib.sh"
SCALE=${SCALE:-10}
GEN_OPTS=${GEN_OPTS:---kependudukan}
t_setup
G=$T/gen
check_rc "gen $GEN_OPTS: three months at scale $SCALE" 0 $REKON gen --out "$G" --scale "$SCALE" $GEN_OPTS
H=$G/gen-harapan.txt
want() { sed -n "s/^$1 = //p" "$H"; }
check "gen wrote the extract of the first month" "2026-10 yes" \
	"$(want gen.kependudukan) $([ -s "$G/kependudukan-2026-10.csv" ] && echo yes)"
cat "$G/gen-konfig.conf" >> "$T/rekon.conf"
t_pg_start
for P in 2026-10 2026-11 2026-12; do
	check_rc "$P in the office's order, the list sent" 0 t_month_gen "$G" "$P" final
	check_rc "$P: the SK signed" 0 $REKON -q sk --period "$P" --final
	t_gen_figures "$G" "$P"
	check "$P: every figure gen expects ($(wc -l < "$T/want.$P") of them)" \
		"$(cat "$T/want.$P")" "$(cat "$T/got.$P")"
	for k in flag.BUKAN_PENDUDUK flag.DATA_BEDA_DUKCAPIL kelebihan_bayar.rupiah kelebihan_bayar.jiwa_baru usul_nonaktif usulan.kode.BUKAN_PENDUDUK; do
		grep -q "^$P\.$k " "$T/want.$P" || echo "$P.$k" >> "$T/not-compared"
	done
done
check "the figures compared include the round's new ones, every month" "" "$(cat "$T/not-compared" 2>/dev/null)"
check "the claim spans months at their own iuran (P+1's rupiah is gen's and not 0)" "yes" \
	"$([ "$(want 2026-12.kelebihan_bayar.rupiah)" -gt 0 ] && [ "$(want 2026-12.kelebihan_bayar.bulan)" -gt "$(want 2026-12.kelebihan_bayar.jiwa)" ] && echo yes)"
O=$T/state/outbox/2026-12
check "the Kelebihan Bayar sheet's total equals the JSON's rupiah" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["kelebihan_bayar"]["rupiah"])' "$O/rekonsiliasi-2026-12.json")" \
	"$(${PYTHON:-/usr/bin/python3} -c "import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])['Kelebihan Bayar']
print([int(r[6].value) for r in ws.iter_rows(min_row=6) if r[1].value == 'JUMLAH'][0])" "$O/rekonsiliasi-2026-12.xlsx")"
check "the CSV for BPJS holds exactly the Usul Nonaktif rows" "$(want 2026-12.usul_nonaktif)" \
	"$(tail -n +2 "$O/nonaktif-2026-12-bpjs.csv" | grep -c .)"
t_done
