#!/bin/sh
# make test: every unit test binary (Check), then every integration script,
# then one closing line "N passed, N failed" over all of them.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# This run's temporary folders, so the leftover check below sees only ours.
REKON_TEST_PREFIX=rekon-test-$$
export ROOT REKON_TEST_PREFIX
pass=0
fail=0
broken=""

count_unit() {	# Check prints "100%: Checks: 12, Failures: 0, Errors: 0"
	line=$(grep -E 'Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$1" | tail -1)
	n=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
	f=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2/')
	[ -n "$n" ] || { fail=$((fail + 1)); return; }
	set -- $f
	bad=$(($1 + $2))
	pass=$((pass + n - bad))
	fail=$((fail + bad))
}

count_integration() {	# the script's last line: "N passed, N failed"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
	[ -n "$line" ] || { fail=$((fail + 1)); return; }
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	pass=$((pass + p))
	fail=$((fail + f))
}

log=$(mktemp)
for t in "$@"; do
	echo "== $t"
	CK_FORK=yes "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	count_unit "$log"
	[ $rc = 0 ] || broken="$broken $t"
done
for t in "$ROOT"/tests/integration/*.sh; do
	[ -f "$t" ] || continue
	echo "== $t"
	sh "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	count_integration "$log"
	[ $rc = 0 ] || broken="$broken $(basename "$t")"
done
rm -f "$log"
if [ -n "$broken" ]; then
	echo "failing:$broken"
fi
if pgrep -f "$REKON_TEST_PREFIX\." >/dev/null 2>&1; then
	echo "a test left a process behind:"; pgrep -af "$REKON_TEST_PREFIX\."
	fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ -z "$broken" ]
