#!/bin/sh
# Personal data stays out of the logs (DEVELOPERS.md, UU 27/2022): a whole
# demo run (rekon demo: gen, every import, the broken files, both
# months' run all), retention afterwards, and what the embedded PostgreSQL logged meanwhile, hold
# no whole NIK, No KK or NOKA of the region. Outputs are not world-readable.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
D=$T/demo
mkdir -p "$D"; chmod 755 "$D"
$REKON_BIN demo --dir "$D" --scale 30 >"$T/demo.log" 2>&1
check "the demo run succeeds" "0" "$?"
STATE=$D/state
[ -d "$STATE" ] || STATE=/var/tmp/rekon-demo-state

# Then retention (issue 22): the demo's first month (2026-10, gen's P-1 for
# the demo's 2026-11) signed, and one month kept, so that month loses its
# rows; what the two commands printed and logged is scanned too.
printf '[limits]\nretention_months = 1\n' >> "$D/rekon.conf"
{ $REKON_BIN -c "$D/rekon.conf" sk --period 2026-10 --final &&
    $REKON_BIN -c "$D/rekon.conf" run retensi; } >"$T/retensi.log" 2>&1
check "the first month signed, then retention: both succeed" "0" "$?"
check "retention removed that month's rows" "yes" \
	"$(grep -q 'per-row results of 2026-10' "$T/retensi.log" && echo yes)"

# Every identifier of the region: the NIK, No KK and NOKA columns of every
# file gen wrote (the broken files' too), at least 10 digits long.
python3 - "$D/data" > "$T/ids" <<'PY'
import csv, glob, os, sys
ids = set()
for f in glob.glob(os.path.join(sys.argv[1], "**", "*.csv"), recursive=True):
    raw = open(f, "rb").read().decode("utf-8", "replace")
    first = raw.splitlines()[0] if raw else ""
    delim = max(";,|\t", key=first.count)
    for row in csv.reader(raw.splitlines(), delimiter=delim):
        for v in row:
            v = v.strip().replace(".", "").replace("-", "").replace(" ", "")
            if v.isdigit() and len(v) >= 10:
                ids.add(v)
print("\n".join(sorted(ids)))
PY
check "the region has identifiers to look for" "t" "$([ "$(wc -l < "$T/ids")" -gt 500 ] && echo t)"

# The logs: what rekon wrote (the demo's output: every command's standard
# error and output but the batch table and file list, which are the
# operator's own view), and the server's log.
LOGS="$T/demo.log $T/retensi.log $STATE/pg/postgresql.log"
found() {	# the identifiers found whole in $1
	grep -oE '[0-9]{10,}' "$1" 2>/dev/null | sort -u | comm -12 - "$T/ids"
}
# (The scan itself: it finds an identifier written in a line of text.)
echo "rekon: import: line 7: NIK $(sed -n 5p "$T/ids") rejected" > "$T/planted.log"
check "the scan finds a whole identifier when there is one" "$(sed -n 5p "$T/ids")" "$(found "$T/planted.log")"
for l in $LOGS; do
	check "no whole NIK, No KK or NOKA in $(basename "$l")" "" "$(found "$l" | head -3 | tr '\n' ' ')"
done
check "the server log was read (not empty)" "t" "$([ -s "$STATE/pg/postgresql.log" ] && echo t)"

# Outputs and state: nothing readable by others.
check "no output file readable by others" "" \
	"$(find "$STATE/outbox" -type f -perm /o=r | head -3)"
check "no state folder open to others" "" \
	"$(find "$STATE" -maxdepth 1 -type d -perm /o=rwx ! -path "$STATE" | head -3)"
"$REKON_BIN" -c "$D/rekon.conf" db stop >/dev/null 2>&1
t_done
