#!/bin/sh
# rekon gen --ganda: rules.md §10's planted pairs, without a database. The
# same options give the same bytes, every file is 0640, gen-ganda.txt is
# sorted; without the option nothing changes, and with it every other data
# file is the one without it with the pairs' rows after; and every pair of
# gen-ganda.txt is on every month's list, both rows AKTIF PBPU_PEMDA,
# differing as its kind says, in the numbers gen-harapan.txt gives
# (tests/helpers/ganda_check.awk, apart from gen's C).
. "$(dirname "$0")/../helpers/lib.sh"
t_setup

for run in "10 3" "10 2" "1000 3"; do
	set -- $run
	G=$T/ganda-$1-$2
	check_rc "gen --ganda, scale $1, $2 months" 0 \
	    $REKON gen --out "$G" --scale "$1" --months "$2" --ganda
	check "every file is 0640 (scale $1, $2 months)" "" \
	    "$(find "$G" -type f ! -perm 0640)"
	_per=$(sed -n 's/^gen\.periode\.[0-9] = //p' "$G/gen-harapan.txt" | tr '\n' ' ')
	awk -f "$ROOT/tests/helpers/civil.awk" -f "$ROOT/tests/helpers/ganda_check.awk" -v dir="$G" -v periods="$_per" |
	    LC_ALL=C sort > "$T/awk.out"
	check "every planted pair is on the lists as its kind says (scale $1, $2 months)" "" \
	    "$(grep GAGAL "$T/awk.out")"
	grep -v GAGAL "$T/awk.out" > "$T/awk.keys"
	check "gen-harapan.txt's ganda counts are the pairs found ($(wc -l < "$T/awk.keys") keys)" \
	    "$(grep '\.ganda\.' "$G/gen-harapan.txt" | LC_ALL=C sort)" "$(cat "$T/awk.keys")"
	check "gen-ganda.txt is sorted" "" \
	    "$(tail -n +2 "$G/gen-ganda.txt" | LC_ALL=C sort -c 2>&1)"
done
check "every kind, at least two pairs at scale 10" "9" \
	"$(awk -F' = ' '/^2026-11\.ganda\.(sama|beda)\./ && $2 >= 2' "$T/ganda-10-3/gen-harapan.txt" | wc -l | tr -d ' ')"

A=$T/ganda-10-3
check_rc "gen --ganda again" 0 $REKON gen --out "$T/again" --scale 10 --ganda
check "a second run writes the same bytes" "" "$(diff -r "$A" "$T/again" 2>&1)"

P=$T/plain
check_rc "gen without --ganda" 0 $REKON gen --out "$P" --scale 10
check "no truth file without the option" "no" \
	"$([ -e "$P/gen-ganda.txt" ] && echo yes || echo no)"
check "every data file without the option starts the one with it" "" \
	"$(t_gen_not_prefix "$P" "$A")"
check "gen-harapan.txt keeps every key it had" "" "$(t_gen_keys_lost "$P" "$A")"
check "and names the pairs only with it" "0" \
	"$(grep -c -E 'ganda\.|GANDA_NAMA|MIRIP_' "$P/gen-harapan.txt")"

# With the extract too: the extract's figures still match an awk reading.
K=$T/both
check_rc "gen --kependudukan --ganda" 0 $REKON gen --out "$K" --scale 10 --kependudukan --ganda
_per=$(sed -n 's/^gen\.periode\.[0-9] = //p' "$K/gen-harapan.txt" | tr '\n' ' ')
awk -f "$ROOT/tests/helpers/civil.awk" -f "$ROOT/tests/helpers/kep_figures.awk" -v dir="$K" -v periods="$_per" |
    LC_ALL=C sort > "$T/kawk.out"
cut -d' ' -f1 "$T/kawk.out" > "$T/kawk.keys"
check "with both options the extract's figures hold" "$(cat "$T/kawk.out")" \
	"$(grep -F -w -f "$T/kawk.keys" "$K/gen-harapan.txt" | LC_ALL=C sort)"
t_done
