#!/bin/sh
# rekon gen --kependudukan (issue 17): the population extract and its
# planted cases, without a database. The same options give the same bytes,
# every file is 0640; without the option nothing changes, and with it every
# other data file is the one without it with the planted people's rows
# after; and the figures gen computed for the extract (gen-harapan.txt) are
# what an awk reading of the files finds (tests/helpers/kep_figures.awk:
# inputs.md's cleaning and rules.md §1, §3, §9 again, apart from gen's C).
# Whether rekon finds them too is for a test of rekon (t_gen_figures).
. "$(dirname "$0")/../helpers/lib.sh"
t_setup

# What the awk reading says and what gen says, for the same keys.
figures() {
	_per=$(sed -n 's/^gen\.periode\.[0-9] = //p' "$1/gen-harapan.txt" | tr '\n' ' ')
	awk -f "$ROOT/tests/helpers/civil.awk" -f "$ROOT/tests/helpers/kep_figures.awk" -v dir="$1" -v periods="$_per" |
	    LC_ALL=C sort > "$T/awk.out"
	cut -d' ' -f1 "$T/awk.out" > "$T/awk.keys"
	grep -F -w -f "$T/awk.keys" "$1/gen-harapan.txt" | LC_ALL=C sort > "$T/gen.out"
}

for run in "10 3" "10 2" "1000 3"; do
	set -- $run
	G=$T/kep-$1-$2
	check_rc "gen --kependudukan, scale $1, $2 months" 0 \
	    $REKON gen --out "$G" --scale "$1" --months "$2" --kependudukan
	check "every file is 0640 (scale $1, $2 months)" "" \
	    "$(find "$G" -type f ! -perm 0640)"
	check "the extract is the first month's" "yes" \
	    "$([ -f "$G/kependudukan-2026-10.csv" ] && echo yes)"
	figures "$G"
	check "the extract's figures, counted from the files ($(wc -l < "$T/awk.out") keys, scale $1, $2 months)" \
	    "$(cat "$T/gen.out")" "$(cat "$T/awk.out")"
done
check "the figures counted cover §1, §3 and §9 in every month" "3 3 3 3 3" \
	"$(for k in flag.BUKAN_PENDUDUK flag.DATA_BEDA_DUKCAPIL usulan.kode.BUKAN_PENDUDUK usul_nonaktif kelebihan_bayar.rupiah; do
		grep -c "^2026-1[012]\.$k " "$T/awk.out"; done | tr '\n' ' ' | sed 's/ $//')"
check "the planted cases are there: late deaths claimed, proposals returned" "yes" \
	"$(awk '/^2026-12\.kelebihan_bayar\.bulan / && $3 > 0 { b = 1 }
		/^2026-10\.usulan\.kode\.(BUKAN_PENDUDUK|DATA_BEDA_DUKCAPIL) / && $3 > 0 { u++ }
		/^2026-11\.flag\.(BUKAN_PENDUDUK|DATA_BEDA_DUKCAPIL) / && $3 > 0 { f++ }
		END { if (b && u == 2 && f == 2) print "yes" }' "$T/awk.out")"

# The same options, the same bytes.
A=$T/kep-10-3
check_rc "gen --kependudukan again" 0 $REKON gen --out "$T/again" --scale 10 --kependudukan
check "a second run writes the same bytes" "" "$(diff -r "$A" "$T/again" 2>&1)"

# Without the option: no extract, and every data file is the start of the
# one written with it.
P=$T/plain
check_rc "gen without --kependudukan" 0 $REKON gen --out "$P" --scale 10
check "no extract without the option" "no" \
	"$([ -e "$P/kependudukan-2026-10.csv" ] && echo yes || echo no)"
check "every data file without the option starts the one with it" "" \
	"$(t_gen_not_prefix "$P" "$A")"
check "gen-harapan.txt keeps every key it had" "" "$(t_gen_keys_lost "$P" "$A")"
check "and names the extract's only with it" "0" \
	"$(grep -c -E 'BUKAN_PENDUDUK|DATA_BEDA_DUKCAPIL|kelebihan_bayar|usul_nonaktif|kependudukan|KEP_' "$P/gen-harapan.txt")"
t_done
