#!/bin/sh
# tests/compare_builds.sh OLD_BINARY NEW_BINARY [SCALE...]
#
# Proves that two builds of rekon behave the same: for each scale (default
# 1000 100000) each binary, in a temp dir of its own under /tmp with its own
# embedded PostgreSQL, does what `make demo` (rekon demo, cli/cmd_demo.c) does for gen's
# months -- gen, db init, data/rusak/, then each month in the office's
# order (inputs and proposals, usulan, feedback and list, run all) -- and
# the captures are compared with diff -r. MONTHS=2 (the default: builds from
# before `gen --months` know two months only) or MONTHS=3 (both builds must
# know --months; each list is then sent with usulan --final, as the demo
# does, and gen-konfig.conf's settings are used).
#
#   gen/       sha256 of every file gen wrote (seeded: must be the same)
#   commands/  stdout, stderr and exit code of every command, in order
#   tables/    `rekon batches` and `rekon status` after the run
#   cek/       `rekon cek NIK...` and `rekon cek --kk NOKK` for NIKs taken
#              from the old build's gen-kasus.txt (one per expected cek
#              outcome, one per case) and the families gen names
#   listing/   the outbox's file names
#   json/ csv/ the outbox's JSON summaries and CSV lists
#   xlsx/      every sheet name and every cell value of each workbook
#   other/     any other outbox file, as is
#
# Only what legitimately differs between two runs is normalised (see
# normalise() below); one check per scale per class, then "N passed,
# N failed"; the exit status is non-zero on any difference.
#
# Options (environment), all off by default:
#   GEN_ARGS="--kependudukan --ganda"  more arguments for gen (both builds
#              must know them); gen's population extract, when it writes
#              one, is imported after the DTKS, as tests/helpers/lib.sh's
#              t_month_gen does
#   CLOSE=1    each month closed after its run all (`sk --period P --final`),
#              and `rekon kasus` captured for the same NIKs and families as cek
#   OLD_DB=CMD, NEW_DB=CMD   that side's database is not the embedded one:
#              instead of `db init`, CMD BINARY CONF is run, which points
#              CONF at a database (appends [database] conninfo) and makes its
#              schema (tests/citus/db_setup.sh: a Citus cluster). With
#              either set, neither side's database setup is among the
#              compared commands (its output is in the side's db-setup.log)
#   OLD_LABEL, NEW_LABEL     what the report calls the two sides
#
# KEEP=1 keeps the temp dirs (raw captures in */cap-raw, normalised ones in
# */cap); the embedded servers are stopped in any case (`db start` on the
# kept rekon.conf starts one again). DIFF_LINES (default 200) bounds the
# diff printed per class.
#
# The clock: REKON_NOW only moves the daemon's clock (daemon/daemon.c); the
# commands used here read the real one, so run times and "made at" stamps
# are normalised instead of pinned. Nothing else needs it: two runs of the
# same binary differ only in those stamps and in the temp dir's path (batch
# import times are stored but not printed; no output carries a duration or
# a pid; import's rows/s progress is drawn only on a terminal with -v).
set -eu
. "$(cd "$(dirname "$0")" && pwd)/helpers/demo_conf.sh"
MONTHS=${MONTHS:-2}
case $MONTHS in
2) PERIODS="2026-10 2026-11" ;;
3) PERIODS="2026-10 2026-11 2026-12" ;;
*) echo "compare_builds: MONTHS is 2 or 3" >&2; exit 2 ;;
esac

usage() {
	echo "usage: sh tests/compare_builds.sh OLD_BINARY NEW_BINARY [SCALE...]" >&2
	exit 2
}
[ $# -ge 2 ] || usage
abs_bin() {
	case $1 in
	*/*) _b=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") ;;
	*) _b=$(command -v "$1" || true) ;;
	esac
	if [ -z "$_b" ] || [ ! -f "$_b" ] || [ ! -x "$_b" ]; then
		echo "compare_builds: $1: not an executable file" >&2
		exit 2
	fi
	echo "$_b"
}
OLD=$(abs_bin "$1")
NEW=$(abs_bin "$2")
shift 2
[ $# -gt 0 ] || set -- 1000 100000
for s in "$@"; do
	case $s in '' | *[!0-9]*) usage ;; esac
done
DIFF_LINES=${DIFF_LINES:-200}
PY=${PYTHON:-/usr/bin/python3}	# Debian's, which has python3-openpyxl (as tests/integration/test_reports.sh)
"$PY" -c 'import openpyxl' 2>/dev/null ||
    { echo "compare_builds: $PY cannot import openpyxl (apt-get install python3-openpyxl)" >&2; exit 2; }

# As root the embedded server runs as 'postgres', which must reach the state
# dirs: everything lives under one /tmp dir others can traverse.
WORK=$(mktemp -d /tmp/rekon-cmp.XXXXXX)
chmod 755 "$WORK"
: >"$WORK/servers"	# "BINARY<TAB>CONF" of every server started (for the trap)
TAB=$(printf '\t')

# stop_server BINARY CONF: `db stop`, then wait (10 s at most) until the
# postmaster has gone, so that no postgres process outlives the script.
stop_server() {
	_pidf=$(dirname "$2")/state/pg/data/postmaster.pid
	[ -f "$_pidf" ] || return 0
	_pid=$(head -n 1 "$_pidf" 2>/dev/null || true)
	"$1" -c "$2" db stop >/dev/null 2>&1 || true
	_w=0
	while [ -n "$_pid" ] && kill -0 "$_pid" 2>/dev/null && [ $_w -lt 100 ]; do
		sleep 0.1; _w=$((_w + 1))
	done
}
stop_servers() {
	while IFS="$TAB" read -r _bin _conf; do
		stop_server "$_bin" "$_conf"
	done <"$WORK/servers"
}
cleanup() {
	_rc=$?
	trap - EXIT INT TERM
	stop_servers
	if [ -n "${KEEP:-}" ]; then
		echo "kept $WORK"
	else
		rm -rf "$WORK"
	fi
	exit $_rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# cmd NAME ARGS...: run ARGS, its stdout, stderr and exit code in one file of
# $CAP/commands, numbered in order. The two streams are kept apart so that
# buffering never changes how they interleave.
cmd() {
	_name=$1; shift
	SEQ=$((SEQ + 1))
	_f=$CAP/commands/$(printf '%02d' "$SEQ")-$_name.txt
	if "$@" >"$D/out" 2>"$D/err"; then _rc=0; else _rc=$?; fi
	{ echo "== stdout"; cat "$D/out"; echo "== stderr"; cat "$D/err"; echo "== exit $_rc"; } >"$_f"
}

# capture BASE ARGS...: run ARGS into BASE.out and BASE.err, the exit code
# appended to BASE.err as "exit N".
capture() {
	_base=$1; shift
	if "$@" >"$_base.out" 2>"$_base.err"; then _rc=0; else _rc=$?; fi
	echo "exit $_rc" >>"$_base.err"
}

# The cell values of workbooks: stdin has "IN<TAB>OUT" lines; OUT gets a
# "== SHEET name" line per sheet, then one line per non-empty row,
# "ROW<TAB>repr(cell)<TAB>..." (repr keeps 1 and "1" apart; formulas are
# their text, as stored). A workbook that cannot be read gets "== UNREADABLE"
# and the error. openpyxl is slow (about 2 of the 3 minutes per build at
# scale 100000): the workbooks are read in parallel, biggest first.
XLSX_DUMP='
import os, sys
from multiprocessing import Pool
import openpyxl

def dump(job):
    src, dst = job
    with open(dst, "w") as out:
        try:
            wb = openpyxl.load_workbook(src, read_only=True)
            for ws in wb.worksheets:
                out.write("== SHEET %r\n" % ws.title)
                for r, row in enumerate(ws.iter_rows(values_only=True), 1):
                    vals = list(row)
                    while vals and vals[-1] is None:
                        vals.pop()
                    if vals:
                        out.write("%d\t%s\n" % (r, "\t".join(repr(v) for v in vals)))
        except Exception as e:
            out.write("== UNREADABLE\n%s: %s\n" % (type(e).__name__, e))

jobs = [l.rstrip("\n").split("\t") for l in sys.stdin if l.strip()]
jobs.sort(key=lambda j: -os.path.getsize(j[0]))
with Pool(os.cpu_count() or 1) as pool:
    pool.map(dump, jobs, chunksize=1)
'

# cek_lists SCALE: the NIKs for cek, chosen once per scale from the first
# (old) build's data and used for both builds: the first NIK of each
# expected cek outcome (gen-kasus.txt's CEK column), the first of each case
# (KASUS), and the families: gen-harapan.txt's cek.no_kk and those of the
# CEK_KK rows (at most 4).
cek_lists() {
	[ -f "$WORK/cek-kk-$1" ] && return 0
	_k=$D/data/gen-kasus.txt
	awk -F';' 'NR > 1 && $17 != "" && !seen[$17]++ { print $4 }' "$_k" >"$WORK/cek-outcome-$1"
	awk -F';' 'NR > 1 && $4 != "" && !seen[$1]++ { print $4 }' "$_k" >"$WORK/cek-kasus-$1"
	{
		sed -n 's/^cek\.no_kk = //p' "$D/data/gen-harapan.txt"
		awk -F';' 'NR > 1 && $1 == "CEK_KK" && $5 != "" { print $5 }' "$_k"
	} | awk '!seen[$0]++' | head -n 4 >"$WORK/cek-kk-$1"
}

# run_side LABEL BINARY SCALE: the demo's months with one binary, into
# $WORK/LABEL-SCALE/cap-raw.
run_side() {
	_label=$1; BIN=$2; _s=$3
	D=$WORK/$_label-$_s
	CAP=$D/cap-raw
	SEQ=0
	mkdir -p "$D" "$CAP/gen" "$CAP/commands" "$CAP/tables" "$CAP/cek" \
	    "$CAP/listing" "$CAP/json" "$CAP/csv" "$CAP/xlsx" "$CAP/other"
	chmod 755 "$D"
	_t0=$(date +%s)

	# A build that knows --months defaults to three: ask for MONTHS.
	if "$BIN" gen 2>&1 | grep -q -- '--months'; then
		# shellcheck disable=SC2086 # GEN_ARGS: words
		cmd gen "$BIN" gen --out "$D/data" --scale "$_s" --seed 1 --period 2026-11 --months "$MONTHS" ${GEN_ARGS:-}
	else
		cmd gen "$BIN" gen --out "$D/data" --scale "$_s" --seed 1 --period 2026-11
	fi
	(cd "$D/data" && find . -type f | LC_ALL=C sort | while read -r f; do
		sha256sum "$f"
	done) >"$CAP/gen/SHA256SUMS"
	cek_lists "$_s"
	KUOTA=$(sed -n 's/^kuota.saran = kuota.2026 = //p' "$D/data/gen-harapan.txt" 2>/dev/null || true)

	# The configuration rekon demo writes.
	CONF=$D/rekon.conf
	if [ "$MONTHS" = 3 ]; then
		demo_conf "$CONF" "$D/state" "$D/data/gen-konfig.conf" tests/compare_builds.sh
	else
		demo_conf "$CONF" "$D/state" "" tests/compare_builds.sh
		cat >>"$CONF" <<CONF
[budget]
iuran_per_jiwa = 37800
kuota.2026 = $KUOTA
anggaran.2026 = 2268000000

[rules]
berkas_wajib = kk, ktp
CONF
	fi
	printf '%s\t%s\n' "$BIN" "$CONF" >>"$WORK/servers"

	eval "_dbcmd=\${$(echo "$_label" | tr a-z A-Z)_DB:-}"
	if [ -n "$_dbcmd" ]; then
		$_dbcmd "$BIN" "$CONF" >"$D/db-setup.log" 2>&1 ||
		    { cat "$D/db-setup.log" >&2; echo "compare_builds: $_label: $_dbcmd failed" >&2; exit 1; }
	elif [ -n "${OLD_DB:-}${NEW_DB:-}" ]; then
		"$BIN" -c "$CONF" db init >"$D/db-setup.log" 2>&1 ||
		    { cat "$D/db-setup.log" >&2; echo "compare_builds: $_label: db init failed" >&2; exit 1; }
	else
		cmd db-init "$BIN" -c "$CONF" db init
	fi
	for f in "$D"/data/rusak/*.csv; do
		[ -f "$f" ] || continue
		kind=$(basename "$f" | sed 's/-.*//')
		cmd "import-rusak-$(basename "$f")" "$BIN" -c "$CONF" import "$kind" "$f"
	done
	# Each month in the office's order, as rekon demo: the month's inputs
	# and proposals, usulan, BPJS's answers and list, run all (rules.md's R
	# counts an answer only after the list was sent).
	for P in $PERIODS; do
		for kind in dtks kependudukan segmen kematian usulan - feedback peserta; do
			if [ "$kind" = - ]; then
				cmd "usulan-$P" "$BIN" -c "$CONF" usulan --period "$P"
				[ "$MONTHS" = 3 ] &&
					cmd "usulan-final-$P" "$BIN" -c "$CONF" usulan --period "$P" --final
				continue
			fi
			for f in "$D/data/$kind"-*"$P".csv; do
				[ -f "$f" ] || continue
				case $f in	# each segmen list under its own label
				*pbi-apbd-prov*) cmd "import-$(basename "$f")" "$BIN" -c "$CONF" import "$kind" "$f" --label PBI_APBD_PROV ;;
				*) cmd "import-$(basename "$f")" "$BIN" -c "$CONF" import "$kind" "$f" ;;
				esac
			done
		done
		cmd "run-all-$P" "$BIN" -c "$CONF" run all --period "$P"
		[ -z "${CLOSE:-}" ] || cmd "sk-final-$P" "$BIN" -c "$CONF" sk --period "$P" --final
	done
	cmd batches "$BIN" -c "$CONF" batches

	# The tables after the run (the commands' files carry them too).
	capture "$CAP/tables/batches" "$BIN" -c "$CONF" batches
	capture "$CAP/tables/status" "$BIN" -c "$CONF" status

	# cek: the same NIKs for both binaries (cek_lists).
	# shellcheck disable=SC2046 # one NIK a line, no blanks
	capture "$CAP/cek/cek-outcomes" "$BIN" -c "$CONF" cek $(cat "$WORK/cek-outcome-$_s")
	# shellcheck disable=SC2046
	capture "$CAP/cek/cek-cases" "$BIN" -c "$CONF" cek $(cat "$WORK/cek-kasus-$_s")
	while read -r kk; do
		capture "$CAP/cek/kk-$kk" "$BIN" -c "$CONF" cek --kk "$kk"
		[ -z "${CLOSE:-}" ] || capture "$CAP/cek/kasus-kk-$kk" "$BIN" -c "$CONF" kasus --kk "$kk"
	done <"$WORK/cek-kk-$_s"
	if [ -n "${CLOSE:-}" ]; then
		# shellcheck disable=SC2046
		capture "$CAP/cek/kasus-outcomes" "$BIN" -c "$CONF" kasus $(cat "$WORK/cek-outcome-$_s")
		# shellcheck disable=SC2046
		capture "$CAP/cek/kasus-cases" "$BIN" -c "$CONF" kasus $(cat "$WORK/cek-kasus-$_s")
	fi

	stop_server "$BIN" "$CONF"

	# The outbox: state_dir/outbox (rekon.conf(5): [paths] outbox is unset).
	OUTBOX=$D/state/outbox
	if [ -d "$OUTBOX" ]; then
		(cd "$OUTBOX" && find . -type f | LC_ALL=C sort) >"$CAP/listing/files"
	else
		echo "(no outbox)" >"$CAP/listing/files"
	fi
	grep '^\./' "$CAP/listing/files" | while read -r f; do
		f=${f#./}
		case $f in
		*.json) _c=json ;;
		*.csv) _c=csv ;;
		*.xlsx) _c=xlsx ;;
		*) _c=other ;;
		esac
		mkdir -p "$CAP/$_c/$(dirname "$f")"
		if [ $_c = xlsx ]; then
			printf '%s\t%s\n' "$OUTBOX/$f" "$CAP/xlsx/$f.txt"
		else
			cp "$OUTBOX/$f" "$CAP/$_c/$f"
		fi
	done >"$D/xlsx-jobs"
	"$PY" -c "$XLSX_DUMP" <"$D/xlsx-jobs"

	_t1=$(date +%s)
	echo "  $_label${_dbcmd:+ ($_dbcmd)} ($BIN): $((_t1 - _t0)) s"
}

# sed-escape a literal string for a pattern
sed_lit() { printf '%s\n' "$1" | sed 's/[]\/$*.^[]/\\&/g'; }

# normalise LABEL SCALE: cap-raw -> cap, rewriting only what two runs of the
# same binary legitimately do differently; each rewrite is confined to the
# files where that field appears.
normalise() {
	D=$WORK/$1-$2
	rm -rf "$D/cap"
	cp -R "$D/cap-raw" "$D/cap"
	_dir=$(sed_lit "$D")
	_work=$(sed_lit "$WORK")
	# Everywhere: the temp dir differs per run and appears in messages
	# (gen's "written to", import's "batch N: KIND PERIOD FILE", the
	# state dir in db init, run all's list of files written).
	find "$D/cap" -type f -exec sed -i -e "s/$_dir/@DIR@/g" -e "s/$_work/@WORK@/g" {} +
	# JSON summaries: "dibuat" is when the summary was written, to the
	# second, from the real clock (reports/json_summary.c, made =
	# time(NULL)); REKON_NOW does not reach the CLI.
	find "$D/cap/json" -type f -exec sed -i -E \
	    's/("dibuat": *")[^"]*"/\1@MADE@"/g' {} +
	# Workbooks: each sheet's third heading line, "Dibuat 7 Desember 2026
	# pukul 06.39 WIB", is the same made-time, to the minute
	# (rpt_made_text in reports/report_common.c); the zone is kept, it
	# comes from the configuration.
	find "$D/cap/xlsx" -type f -exec sed -i -E \
	    "s/'Dibuat [0-9]{1,2} [A-Za-z]+ [0-9]{4} pukul [0-9]{2}\\.[0-9]{2} /'Dibuat @MADE@ /g" {} +
	# usulan's note on a list already sent (usulan --final): "sent to
	# BPJS on 07-12-2026 18.16 by ..." in its output and "sent on ...: only
	# kembali/ rebuilt" in rekon status's jobs table is
	# usulan_final.dikirim_at, now() when it was sent, to the minute.
	find "$D/cap/commands" "$D/cap/tables" -type f -exec sed -i -E \
	    -e 's/(sent to BPJS on )[0-9]{2}-[0-9]{2}-[0-9]{4} [0-9]{2}\.[0-9]{2}( by )/\1@SENT@\2/g' \
	    -e 's/(sent on )[0-9]{2}-[0-9]{2}-[0-9]{4} [0-9]{2}\.[0-9]{2}(: only kembali)/\1@SENT@\2/g' {} +
	# rekon status, its jobs table only: LAST RUN is when run all ran
	# (job_run.started_at, now()), and NEXT RUN is the schedule's next
	# time after the real clock (cron_next(time(NULL))), which moves when
	# the two runs straddle a scheduled time (retensi is daily at 03:30).
	# The batches table below it has no times and is left alone.
	sed -i -E '/^jobs:/,/^$/{
		s/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}/@RUN-TIME@         /g
		s/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/@NEXT-RUN@      /g
	}' "$D/cap/tables/status.out"
}

# compare SCALE CLASS: one check.
PASS=0
FAIL=0
compare() {
	_a=$WORK/old-$1/cap/$2
	_b=$WORK/new-$1/cap/$2
	_n=$(find "$_a" "$_b" -type f | sed "s|^$WORK/[a-z]*-$1/cap/||" | LC_ALL=C sort -u | wc -l)
	NFILES=$((NFILES + _n))
	# A workbook openpyxl cannot read is a failure even when both are.
	if [ "$2" = xlsx ] && grep -rl '^== UNREADABLE' "$_a" "$_b" >"$WORK/diff" 2>&1; then
		FAIL=$((FAIL + 1)); SFAIL=$((SFAIL + 1))
		echo "FAIL scale $1 $2: workbooks openpyxl cannot read:"
		sed "s|$WORK/|@WORK@/|g; s/^/     | /" "$WORK/diff"
	elif diff -r "$_a" "$_b" >"$WORK/diff" 2>&1; then
		PASS=$((PASS + 1))
		echo "ok   scale $1 $2: identical: $_n files compared"
	else
		FAIL=$((FAIL + 1)); SFAIL=$((SFAIL + 1))
		_l=$(wc -l <"$WORK/diff")
		echo "FAIL scale $1 $2: differs ($_n files compared)"
		sed "s|$WORK/|@WORK@/|g" "$WORK/diff" | head -n "$DIFF_LINES" | sed 's/^/     | /'
		[ "$_l" -le "$DIFF_LINES" ] || echo "     | ... $((_l - DIFF_LINES)) more diff lines (KEEP=1 keeps them: diff -r $_a $_b)"
	fi
}

echo "old${OLD_LABEL:+ (${OLD_LABEL})}: $OLD"
echo "new${NEW_LABEL:+ (${NEW_LABEL})}: $NEW"
echo "work: $WORK"
for S in "$@"; do
	echo "== scale $S"
	T0=$(date +%s)
	run_side old "$OLD" "$S"
	run_side new "$NEW" "$S"
	normalise old "$S"
	normalise new "$S"
	NFILES=0
	SFAIL=0
	for class in gen commands tables cek listing json csv xlsx other; do
		compare "$S" "$class"
	done
	T1=$(date +%s)
	if [ $SFAIL = 0 ]; then
		echo "scale $S: identical: $NFILES files compared ($((T1 - T0)) s)"
	else
		echo "scale $S: $SFAIL of 9 classes differ ($NFILES files compared, $((T1 - T0)) s)"
	fi
done
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
