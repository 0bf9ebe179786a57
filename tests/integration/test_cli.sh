#!/bin/sh
# The command line: version, help, usage errors, config check.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
check_rc "--version" 0 $REKON --version
check "--version text" "rekon 0.1.0" "$(cat "$T/last.out")"
check_rc "no command exits 64" 64 $REKON
check_rc "unknown command exits 64" 64 $REKON frobnicate
check_rc "import --help" 0 $REKON import --help
check "import usage" "usage: rekon import [KIND] FILE... [--period P] [--segmen S] [--label L] [--force]" \
	"$(head -1 "$T/last.out")"
check_rc "import without files exits 64" 64 $REKON import peserta
check_rc "config check" 0 $REKON config check
check "config check prints effective values" "1" "$(grep -c '^state_dir = '"$T"'/state$' "$T/last.out")"
printf '[rules]\nnon_dtks = skt\n' > "$T/bad.conf"
check_rc "bad config exits 78" 78 "$REKON_BIN" -c "$T/bad.conf" config check
check "bad config names file, line and key" "1" \
	"$(grep -c "^$T/bad.conf:2: \[rules\] non_dtks: " "$T/last.err")"
check_rc "missing config file exits 78" 78 "$REKON_BIN" -c "$T/none.conf" config check
t_done
