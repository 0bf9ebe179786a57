#!/bin/sh
# make bench: the province-scale timings (operations.md "Scale"; docs/speed.md).
# Never part of make test, and never pass/fail on time:
# it prints figures beside the targets, and fails (exit 1) only when a step
# itself fails.
#
# For a synthetic province (`rekon gen --scale SCALE --seed 1`: at the default
# 210000, ~0.78M-row peserta lists, ~0.97M DTKS rows, ~20k proposals and
# feedback per month) on a fresh embedded PostgreSQL, it times the three-month
# cycle step by step, each month in the office's order (docs/gen.md):
#   2026-10's DTKS, segment lists, deaths and proposals imported; `usulan`
#   and `usulan --final` (the list sent); BPJS's answers and list imported;
#   `run all` (usulan, which then only rebuilds kembali/, rekonsiliasi, sk,
#   each writing its workbooks); then the same for 2026-11 and 2026-12,
#   whose queue carries 2026-11's (rules.md §8);
# and for every step prints seconds, rows (imports: rows read; jobs: the rows
# of the period's main result table), rows/s, the peak RSS of the rekon
# process (GNU time) and the peak RSS of its PostgreSQL backend (the server's
# own getrusage, logged by log_statement_stats: it counts the shared buffers
# the backend touched, not its parallel workers).
# Then rekon web's JSON cek under load (web.md "What it must hold up to"):
# 20 clients doing cek by No KK for 15 s, and again while a rekonsiliasi
# of the last month runs; p50, p90, p99 and max latency (goal p99 <= 50 ms).
# Then rules.md §10's pairs against gen's truth (gen --ganda): precision and
# recall of GANDA_PASTI and of both classes for every month, here and at
# scale 10,000 (two months), and the scoring of one month timed alone.
# Then the physical baseline: each peserta file loaded by a plain psql \copy
# into an all-text table, and the ratio rekon import / raw \copy.
# The same again at SCALE/4, and the ratio of the cycle times (linear ≈ 4×).
#
#   make bench                         build/rekon, then this script
#   make bench SCALE=20000 QUARTER=0   (or the same as environment variables)
#   SCALE=20000 sh tests/bench.sh      a smaller province (default 210000)
#   QUARTER=0 sh tests/bench.sh        skip the SCALE/4 run
#   REKON_BIN=path/rekon               another binary (default build/rekon)
#   make bench OLD=<commit>            also that commit's cycle on the same
#                                      files, and the ratio of the two
#   KEEP=1                             keep the temp dir (the cluster is stopped)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REKON_BIN=${REKON_BIN:-"$ROOT/build/rekon"}
SCALE=${SCALE:-210000}
QUARTER=${QUARTER:-1}
SEED=1
P1=2026-10	# gen writes P-1, P and P+1 (docs/gen.md)
P2=2026-11
P3=2026-12

[ -x "$REKON_BIN" ] || { echo "bench: no $REKON_BIN (make first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (/usr/bin/time, Debian package time)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench: needs wrk (Debian package wrk)" >&2; exit 2; }

NCPU=$(nproc 2>/dev/null || echo 1)
B=$(mktemp -d /tmp/rekon-bench.XXXXXX)
chmod 755 "$B"	# the embedded server may run as 'postgres': it must reach state/
FAILED=0

# Stop every cluster this script started, remove the temp dir. On INT/TERM
# the trap exits, which runs the EXIT trap.
cleanup() {
	for _c in "$B"/*/rekon.conf; do
		[ -f "$_c" ] && "$REKON_BIN" -c "$_c" db stop >/dev/null 2>&1
	done
	if [ -n "${KEEP:-}" ]; then echo "kept $B"; else rm -rf "$B"; fi
}
trap cleanup EXIT
trap 'echo "bench: interrupted" >&2; exit 130' INT TERM

# --- helpers -------------------------------------------------------------------

# fsec: seconds since the epoch with fractions (GNU date; whole seconds else).
fsec() { date +%s.%N 2>/dev/null | sed 's/N$/0/'; }

# busy: the machine's busy time so far, in hundredths of a core-second
# (/proc/stat's first line: user, nice, system, irq, softirq, steal; not
# idle or iowait). A step's difference is the processor time it took on
# every core, rekon's, its server's and their parallel workers' together
# (and anything else running then: the figure is the machine's).
busy() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat 2>/dev/null || echo 0
}

# pg_peak OFFSET: the largest "max resident size" (KiB) the server logged
# after byte OFFSET of its log, i.e. during the step; "-" when none.
pg_peak() {
	tail -c +"$(($1 + 1))" "$PGLOG" 2>/dev/null |
		sed -n 's/^[^0-9]*\([0-9][0-9]*\) kB max resident size.*$/\1/p' |
		sort -n | tail -1 | grep . || echo -
}

# step NAME ROWS-SQL CMD...: run CMD under GNU time, its output in the run's
# log; append "name seconds rows rss_kb pg_kb status cpu_s" to $RES (cpu_s:
# the core-seconds the machine was busy during the step, see busy). Rows: the
# import's "N rows read" (0 for a file skipped as already imported: gen's
# months have the same segmen lists, byte for byte), else ROWS-SQL's answer.
step() {
	_name=$1; _sql=$2; shift 2
	_off=$(wc -c < "$PGLOG" 2>/dev/null || echo 0)
	_b0=$(busy)
	/usr/bin/time -f '%e %M' -o "$R/time.out" "$@" > "$R/step.out" 2>&1
	_rc=$?
	_cpu=$(awk -v a="$_b0" -v b="$(busy)" -v hz="$(getconf CLK_TCK 2>/dev/null || echo 100)" 'BEGIN { printf "%.2f", (b - a) / hz }')
	_pg=$(pg_peak "$_off")
	{ echo "== $_name (exit $_rc)"; cat "$R/step.out"; } >> "$R/steps.log"
	# (GNU time puts "Command exited with non-zero status N" above its line.)
	_sec=$(tail -1 "$R/time.out" | cut -d' ' -f1); _kb=$(tail -1 "$R/time.out" | cut -d' ' -f2)
	_rows=$(sed -n 's/.*: \([0-9][0-9]*\) rows read.*/\1/p' "$R/step.out" | head -1)
	if grep -q 'skipped: already imported' "$R/step.out"; then _rows=0; _name="$_name (skipped)"; fi
	[ -n "$_rows" ] || [ -z "$_sql" ] || _rows=$($REKON db psql -- -XAtq -c "$_sql" 2>/dev/null | head -1)
	[ -n "$_rows" ] || _rows=-
	if [ "$_rc" = 0 ]; then _st=ok; else _st=FAILED; _rows=-; FAILED=1; sed 's/^/     | /' "$R/step.out" | tail -5; fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$_name" "$_sec" "$_rows" "$_kb" "$_pg" "$_st" "$_cpu" >> "$RES"
	printf '  %-50s %s\n' "$_name" "$( [ "$_st" = ok ] && echo "${_sec} s" || echo "FAILED (exit $_rc)")"
}

# import_kinds P KIND...: month P's files of those kinds (a segmen list under
# its label, the province's PBI APBD list as PBI_APBD_PROV).
import_kinds() {
	_m=$1; shift
	for _kind in "$@"; do
		for _f in "$G/$_kind"-*"$_m".csv; do
			[ -f "$_f" ] || continue
			case $_f in
			*pbi-apbd-prov*) _label="--label PBI_APBD_PROV" ;;
			*) _label= ;;
			esac
			# shellcheck disable=SC2086 # $_label: zero or two words
			step "import $(basename "$_f")" "" \
				$REKON -q import "$_kind" "$_f" $_label
		done
	done
}

# month P: the month in the office's order (the inputs the proposals are
# judged on and the proposals; usulan; usulan --final; BPJS's answers and
# list; run all: usulan, which rebuilds kembali/ only, rekonsiliasi, sk,
# every workbook; sk beside rekonsiliasi's outputs), then each job's own time
# from job_run, printed under it (not added to the cycle: they overlap).
month() {
	import_kinds "$1" kependudukan dtks segmen kematian usulan
	step "usulan $1" "SELECT count(*) FROM usulan_hasil WHERE period = '$1'" \
		$REKON -q usulan --period "$1"
	step "usulan --final $1" "" $REKON -q usulan --period "$1" --final
	import_kinds "$1" feedback peserta
	step "run all $1" "SELECT count(*) FROM peserta_hasil WHERE period = '$1'" \
		$REKON -q run all --period "$1"
	$REKON db psql -- -XAtq -F ' ' -c "SELECT job, round(extract(epoch FROM finished_at - started_at)::numeric, 2)
		FROM job_run WHERE period = '$1' ORDER BY id" 2>/dev/null |
		while read -r _job _s; do printf '    %-48s %s s\n' "$_job $1" "$_s"; done
}

# raw_copy P: the physical baseline for peserta-P.csv: psql's \copy into a
# plain table of text columns (one per header field), CSV with the file's
# delimiter and HEADER, in its own transaction like rekon's import. COPY has
# no "skip bad rows" before PostgreSQL 17, so the one planted row with an
# unquoted ';' in ALAMAT (JUMLAH_KOLOM, docs/gen.md) is left out of the copy.
raw_copy() {
	raw_copy_file "$G/peserta-$1.csv" ';'
}

# raw_copy_file FILE DELIMITER [SUFFIX]: the same for any of gen's files
# (the population extract: comma-separated, with one row without a NIK that
# rekon rejects and a raw copy keeps); SUFFIX is added to the step's name.
raw_copy_file() {
	_f=$1
	_n=$(head -1 "$_f" | tr -cd "$2" | wc -c); _n=$((_n + 1))
	_cols=$(awk -v n="$_n" 'BEGIN { for (i = 1; i <= n; i++) printf "%sc%d text", (i > 1 ? ", " : ""), i }')
	grep -v 'PEMUDA NO. 7; RT' "$_f" > "$R/raw.csv"
	$REKON db psql -- -Xq -c "DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw ($_cols)" >/dev/null 2>&1
	step "raw \\copy $(basename "$_f")${3:+ $3}" "SELECT count(*) FROM bench_raw" \
		$REKON db psql -- -Xq -v ON_ERROR_STOP=1 \
		-c "\\copy bench_raw FROM '$R/raw.csv' WITH (FORMAT csv, HEADER true, DELIMITER '$2')"
	$REKON db psql -- -Xq -c "DROP TABLE bench_raw" >/dev/null 2>&1
	rm -f "$R/raw.csv"
}

# import_pairs P N: the monthly list's import against a raw \copy of the
# same rows, N alternating pairs in one run (issue 21 asks for the median of
# five): each pair drops the newest list of P (rekon batch drop, its results
# with it) and imports the file again, then copies it raw. After the cycle
# and the web's load: nothing reads P's results any more.
import_pairs() {
	for _i in $(seq 1 "$2"); do
		_id=$($REKON db psql -- -XAtq -c "SELECT max(id) FROM batch WHERE kind = 'peserta' AND period = '$1' AND outcome = 'OK'")
		$REKON -q batch drop "$_id" --force > "$R/drop.out" 2>&1 ||
			{ echo "  batch drop $_id FAILED"; sed 's/^/     | /' "$R/drop.out"; FAILED=1; return 1; }
		step "import peserta-$1.csv (pair $_i)" "" $REKON -q import peserta "$G/peserta-$1.csv"
		raw_copy_file "$G/peserta-$1.csv" ';' "(pair $_i)"
	done
}

# pairs_median FILE P: the median of the import / raw ratios of
# import_pairs, then every pair's ratio in order.
pairs_median() {
	awk -F '\t' -v f="peserta-$2.csv (pair " '
		index($1, "import " f) == 1 && $6 == "ok" { i = substr($1, length("import " f) + 1) + 0; imp[i] = $2 }
		index($1, "raw \\copy " f) == 1 && $6 == "ok" { i = substr($1, length("raw \\copy " f) + 1) + 0; raw[i] = $2 }
		END {
			for (i = 1; i <= 99; i++) if ((i in imp) && (i in raw) && raw[i] > 0) { r[++n] = imp[i] / raw[i]; o = o sprintf(" %.2f", imp[i] / raw[i]) }
			if (n == 0) { print "-"; exit }
			for (a = 1; a <= n; a++) for (b = a + 1; b <= n; b++) if (r[b] < r[a]) { t = r[a]; r[a] = r[b]; r[b] = t }
			m = (n % 2) ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
			printf "%.2f× (pairs:%s)\n", m, o
		}' "$1"
}

# web_load: rekon web on a free port, an api user, the No KKs of the newest
# list (up to 20,000, in a fixed order); the load alone, then beside a
# rekonsiliasi --force of the last month. The load is wrk(1), a C client
# (tests/helpers/web_load.lua): 20 connections, each a client waiting for
# its answer before the next request. The statements' getrusage log of the
# cycle is turned off first: it is the cycle's measurement, not the web's.
# Lines in $R/web.
web_load() {
	_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	printf '\n[web]\nlisten = 127.0.0.1:%s\n; 20 clients as fast as they can: no rate limit\napi_per_minute = 0\n' "$_port" >> "$R/rekon.conf"
	$REKON db psql -- -XAtq -c "ALTER DATABASE rekon RESET log_statement_stats" >/dev/null
	_tok=$($REKON -q user add bench --role api 2>/dev/null | tail -1)
	$REKON db psql -- -XAtq -c "SELECT no_kk FROM (SELECT DISTINCT no_kk FROM peserta_row
		WHERE batch_id = rekon_cek_b_batch() AND no_kk <> '') k ORDER BY md5(no_kk) LIMIT 20000" > "$R/kk.txt" 2>/dev/null
	$REKON web > "$R/web.log" 2>&1 &
	_wp=$!
	_n=100; while [ $_n -gt 0 ] && ! curl -s -o /dev/null "http://127.0.0.1:$_port/masuk"; do sleep 0.1; _n=$((_n - 1)); done
	: > "$R/web"
	web_wrk "cek by No KK, 20 clients"
	$REKON -q rekonsiliasi --period "$P3" --force > "$R/rek-web.log" 2>&1 &
	_rp=$!
	sleep 3
	web_wrk "cek by No KK, 20 clients, beside rekonsiliasi"
	wait $_rp || { echo "  rekonsiliasi beside the load FAILED"; FAILED=1; }
	kill $_wp; wait $_wp 2>/dev/null
	sed 's/^/  /' "$R/web"
}

# web_wrk LABEL: 15 s of the load; its line into $R/web (a failed request
# fails the bench).
web_wrk() {
	WEB_LOAD_LABEL=$1 wrk -t 2 -c 20 -d 15s -s "$ROOT/tests/helpers/web_load.lua" \
		"http://127.0.0.1:$_port/api/v1/cek" -- "$R/kk.txt" "$_tok" > "$R/wrk.out" 2>&1
	tail -1 "$R/wrk.out" >> "$R/web"
	grep -q "^$1: [0-9]* requests, 0 errors" "$R/wrk.out" || FAILED=1
}

# ganda_quality P: rules.md §10's pairs of P against gen's truth
# (gen-ganda.txt: every planted pair of one person is SAMA): precision and
# recall of GANDA_PASTI, and of GANDA_PASTI with PERLU_DIPERIKSA. A line in
# $R/ganda, printed.
ganda_quality() {
	$REKON db psql -- -XAtq -F ';' -c "SELECT kunci_a, kunci_b, kelas FROM calon_ganda WHERE period = '$1'" \
		> "$R/pairs.txt" 2>/dev/null
	awk -F ';' -v p="$1" '
	FNR == NR { if ($4 == "SAMA") { sama[$1 ";" $2] = 1; ns++ } next }
	{ k = $1 ";" $2; n2++; t2 += (k in sama); if ($3 == "GANDA_PASTI") { n1++; t1 += (k in sama) } }
	function r(x, n) { return n > 0 ? sprintf("%.4f", x / n) : "-" }
	END { printf "%s: GANDA_PASTI %d pairs, precision %s, recall %s; with PERLU_DIPERIKSA %d pairs, precision %s, recall %s (gen: %d SAMA pairs)\n",
		p, n1, r(t1, n1), r(t1, ns), n2, r(t2, n2), r(t2, ns), ns }' \
		"$G/gen-ganda.txt" "$R/pairs.txt" | tee -a "$R/ganda" | sed 's/^/  calon ganda /'
	rm -f "$R/pairs.txt"
}

# run_quality N: gen --ganda at scale N, a fresh cluster, the first two
# months in the office's order, ganda_quality for each (no timings kept).
run_quality() {
	R=$B/quality-$1; G=$R/gen; RES=$R/results
	mkdir -p "$R"; : > "$RES"
	echo "== calon ganda at scale $1 (seed $SEED) in $R"
	"$REKON_BIN" gen --out "$G" --scale "$1" --seed "$SEED" --period "$P2" --kependudukan --ganda >/dev/null 2>"$R/gen.err" ||
		{ echo "  gen FAILED"; cat "$R/gen.err"; FAILED=1; return 1; }
	printf '[region]\nname = Kabupaten Bench\ncode = 3325\ntimezone = Asia/Jakarta\n\n[paths]\nstate_dir = %s/state\n\n' "$R" > "$R/rekon.conf"
	cat "$G/gen-konfig.conf" >> "$R/rekon.conf"
	REKON="$REKON_BIN -c $R/rekon.conf"
	PGLOG=$R/state/pg/postgresql.log
	$REKON db init > "$R/init.log" 2>&1 || { echo "  db init FAILED"; cat "$R/init.log"; FAILED=1; return 1; }
	for _p in $P1 $P2; do month "$_p" > /dev/null; ganda_quality "$_p"; done
	$REKON db stop >/dev/null 2>&1
	echo
}

# table FILE: the figures of one run, one line per step.
table() {
	awk -F '\t' '
	function mb(k) { return k ~ /^[0-9]+$/ ? sprintf("%.1f", k / 1024) : "-" }
	BEGIN { printf "  %-50s %8s %9s %9s %9s %7s %7s\n", "step", "seconds", "rows", "rows/s", "rekon MB", "pg MB", "CPU s" }
	{
		rs = ($6 == "ok" && $3 ~ /^[0-9]+$/ && $3 > 0 && $2 > 0) ? sprintf("%.0f", $3 / $2) : "-"
		printf "  %-50s %8s %9s %9s %9s %7s %7s%s\n", $1, ($6 == "ok" ? $2 : "FAILED"), $3, rs, mb($4), mb($5), ($7 != "" ? $7 : "-"), ($6 == "ok" ? "" : "  <- FAILED")
	}' "$1"
}

# --- one run at a scale ----------------------------------------------------------

# run_scale N [old]: gen, a fresh embedded cluster, the three-month cycle,
# the raw \copy baselines. Leaves $R/results (one line per step) and
# $R/cycle. With "old": the same cycle of $OLD_BIN on the files the run at
# scale N wrote (nothing else: no web load, no baselines).
run_scale() {
	_old=${2:-}
	if [ -n "$_old" ]; then
		_bin=$REKON_BIN; REKON_BIN=$OLD_BIN
		R=$B/old-$1; G=$B/scale-$1/gen; RES=$R/results
		mkdir -p "$R"; : > "$RES"
		echo "== scale $1, the old binary ($OLD) in $R"
	else
		R=$B/scale-$1; G=$R/gen; RES=$R/results
		mkdir -p "$R"; : > "$RES"
		echo "== scale $1 (seed $SEED) in $R"
		_t0=$(fsec)
		"$REKON_BIN" gen --out "$G" --scale "$1" --seed "$SEED" --period "$P2" --kependudukan --ganda >/dev/null 2>"$R/gen.err" ||
			{ echo "  gen FAILED"; cat "$R/gen.err"; FAILED=1; return 1; }
		echo "  gen: $(awk -v a="$_t0" -v b="$(fsec)" 'BEGIN { printf "%.1f", b - a }') s, $(du -sm "$G" | cut -f1) MB of files"
	fi

	# gen's settings (gen-konfig.conf): each month's quota stops its queue
	# partway, as in a real month; berkas_wajib; antrian_bulan.
	cat > "$R/rekon.conf" <<CONF
[region]
name = Kabupaten Bench
office = Dinas Kesehatan Kabupaten Bench
code = 3325
timezone = Asia/Jakarta

[paths]
state_dir = $R/state

CONF
	sed 's/^\[budget\]$/[budget]\nanggaran.2026 = 100000000000/' "$G/gen-konfig.conf" >> "$R/rekon.conf"
	REKON="$REKON_BIN -c $R/rekon.conf"
	PGLOG=$R/state/pg/postgresql.log
	$REKON db init > "$R/init.log" 2>&1 || { echo "  db init FAILED"; cat "$R/init.log"; FAILED=1; return 1; }
	# Every statement's getrusage in the server log: the backend's peak RSS.
	$REKON db psql -- -XAtq -c "ALTER DATABASE rekon SET log_statement_stats = on" >/dev/null
	[ -n "${BENCH_SLOW_MS:-}" ] && $REKON db psql -- -XAtq -c "ALTER DATABASE rekon SET log_min_duration_statement = $BENCH_SLOW_MS" >/dev/null

	_t0=$(fsec)
	for _p in $P1 $P2 $P3; do
		month "$_p"
	done
	awk -v a="$_t0" -v b="$(fsec)" 'BEGIN { printf "%.2f\n", b - a }' > "$R/wall"
	# The cycle: the sum of its steps (the wall clock adds only this script's own work).
	awk -F '\t' '{ s += $2 } END { printf "%.2f\n", s }' "$RES" > "$R/cycle"
	awk -F '\t' '{ s += $7 } END { printf "%.2f\n", s }' "$RES" > "$R/cpu"
	if [ -n "$_old" ]; then
		$REKON db stop >/dev/null 2>&1
		echo "  cycle: $(cat "$R/cycle") s; $(busy_share "$R")"
		echo
		REKON_BIN=$_bin
		return 0
	fi

	for _p in $P1 $P2 $P3; do ganda_quality "$_p"; done
	# The scoring alone (it is a part of run all): P3's again, the same
	# pairs (the same data gives the same result).
	step "calon ganda $P3 (scored again, alone)" "SELECT pasangan_calon FROM ganda_ringkas WHERE period = '$P3'" \
		$REKON db psql -- -XAtq -v ON_ERROR_STOP=1 -c "SELECT rekon_calon_ganda('$P3', 0.95, 0.5)"
	web_load
	for _p in $P1 $P2 $P3; do raw_copy "$_p"; done
	for _f in "$G"/kependudukan-*.csv; do [ -f "$_f" ] && raw_copy_file "$_f" ','; done
	import_pairs "$P3" 5
	$REKON db stop >/dev/null 2>&1

	echo
	table "$RES"
	echo "  cycle: $(cat "$R/cycle") s ($(cat "$R/wall") s wall clock); $(busy_share "$R")"
	# Every rekon command costs a fixed ~0.2-0.3 s (start, connect, checks)
	# however small its file: at small scales that flattens the growth ratio.
	awk -F '\t' '$1 !~ /^raw/ { n++ } $1 !~ /^raw/ && $6 == "ok" { if (min == "" || $2 + 0 < min + 0) min = $2 }
		END { printf "  fixed cost: %d steps × %.2f s (the fastest step) = %.1f s of the cycle\n", n, min, n * min }' "$RES"
	echo
}

# busy_share DIR: the core-seconds the machine was busy during DIR's cycle,
# and what share of its processors that is (near 100 %: the cycle is bound
# by processor time, and only less work makes it shorter).
busy_share() {
	awk -v c="$(cat "$1/cpu")" -v s="$(cat "$1/cycle")" -v n="$NCPU" \
		'BEGIN { printf "the machine busy %.1f core-seconds of it, %.0f %% of %d processors", c, (s > 0 ? 100 * c / (s * n) : 0), n }'
}

# pairs_floor FILE P: for each pair of import_pairs, the core-seconds the
# import kept the machine busy over the processors there are, against the
# raw \copy's seconds: the least import / raw ratio the import's work
# allows on this machine even if every part of it ran side by side. The
# median, then every pair's.
pairs_floor() {
	awk -F '\t' -v f="peserta-$2.csv (pair " -v n="$NCPU" '
		index($1, "import " f) == 1 && $6 == "ok" && $7 != "" { i = substr($1, length("import " f) + 1) + 0; cpu[i] = $7 }
		index($1, "raw \\copy " f) == 1 && $6 == "ok" { i = substr($1, length("raw \\copy " f) + 1) + 0; raw[i] = $2 }
		END {
			for (i = 1; i <= 99; i++) if ((i in cpu) && (i in raw) && raw[i] > 0) { r[++k] = cpu[i] / n / raw[i]; o = o sprintf(" %.2f", cpu[i] / n / raw[i]) }
			if (k == 0) { print "-"; exit }
			for (a = 1; a <= k; a++) for (b = a + 1; b <= k; b++) if (r[b] < r[a]) { t = r[a]; r[a] = r[b]; r[b] = t }
			m = (k % 2) ? r[(k + 1) / 2] : (r[k / 2] + r[k / 2 + 1]) / 2
			printf "%.2f× (pairs:%s)\n", m, o
		}' "$1"
}

# ratio FILE A B: seconds of step A / seconds of step B in FILE.
ratio() {
	awk -F '\t' -v a="$2" -v b="$3" '$1 == a { x = $2; xs = $6 } $1 == b { y = $2; ys = $6 }
		END { if (xs == "ok" && ys == "ok" && y > 0) printf "%.2f", x / y; else printf "-" }' "$1"
}

# --- main -------------------------------------------------------------------------

echo "rekon bench: $REKON_BIN ($("$REKON_BIN" --version 2>/dev/null | head -1)), $(nproc 2>/dev/null || echo ?) CPUs, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
# OLD=<commit>: that commit built beside this one (git archive, make), its
# cycle run on the same files after this one's: the speed-up as a ratio,
# which holds on a noisy machine where seconds do not (issue 21).
if [ -n "${OLD:-}" ]; then
	mkdir -p "$B/old-src"
	if ! git -C "$ROOT" archive "$OLD" | tar -x -C "$B/old-src" ||
	    ! make -C "$B/old-src" -j2 build/rekon > "$B/old-build.log" 2>&1; then
		echo "bench: cannot build OLD=$OLD (see $B/old-build.log)" >&2
		KEEP=1; exit 2
	fi
	OLD_BIN=$B/old-src/build/rekon
fi
run_quality 10000
run_scale "$SCALE"
FULL=$B/scale-$SCALE
[ -n "${OLD:-}" ] && run_scale "$SCALE" old
if [ "$QUARTER" != 0 ]; then
	run_scale $((SCALE / 4))
	QR=$B/scale-$((SCALE / 4))
fi

echo "== targets (docs/speed.md; printed beside the figures, not enforced)"
# target WHAT VALUE TARGET: one line of the targets table.
target() { printf '  %-46s %14s   %s\n' "$1" "$2" "$3"; }
# peak COLUMN: the largest KiB figure of a column of the full run's steps
# (the raw \copy baselines left out), in MB, and the step it was in.
peak() {
	awk -F '\t' -v c="$1" '$1 !~ /^raw/ && $c ~ /^[0-9]+$/ && $c + 0 > m { m = $c; s = $1 }
		END { if (s == "") print "- MB"; else printf "%.1f MB|%s\n", m / 1024, s }' "$FULL/results"
}
for _p in $P1 $P2 $P3; do
	target "rekon import / raw \\copy, peserta-$_p.csv" \
		"$(ratio "$FULL/results" "import peserta-$_p.csv" "raw \\copy peserta-$_p.csv")×" "target ≤ 1.5× (issue 21)"
done
target "rekon import / raw \\copy, peserta-$P3.csv, median of 5 alternating pairs" \
	"$(pairs_median "$FULL/results" "$P3")" "target ≤ 1.5× (issue 21)"
target "the same pairs: the import's core-seconds / $NCPU processors / raw \\copy's seconds" \
	"$(pairs_floor "$FULL/results" "$P3")" "the least ratio its work allows here"
for _f in "$FULL"/gen/kependudukan-*.csv; do
	[ -f "$_f" ] || continue
	_b=$(basename "$_f")
	target "rekon import / raw \\copy, $_b ($(($(wc -l < "$_f") - 1)) rows)" \
		"$(ratio "$FULL/results" "import $_b" "raw \\copy $_b")×" "target ≤ 2× (issue 17)"
done
sed -n 's/^cek by No KK, 20 clients\(.*\): .*p50 \([0-9.]*\) ms.*p99 \([0-9.]*\) ms.*/\1|\2|\3/p' "$FULL/web" 2>/dev/null |
while IFS='|' read -r _what _p50 _p99; do
	target "web cek by No KK, 20 clients$_what" "p99 $_p99 ms" "target p99 ≤ 20 ms (issue 21; p50 $_p50 ms)"
done
while read -r _l; do
	_p=${_l%%:*}
	target "calon ganda $_p: GANDA_PASTI precision" "$(echo "$_l" | sed -n 's/.*GANDA_PASTI [0-9]* pairs, precision \([0-9.-]*\),.*/\1/p')" "goal ≥ 0.98"
	target "calon ganda $_p: both classes' recall" "$(echo "$_l" | sed -n 's/.*with PERLU_DIPERIKSA.*recall \([0-9.-]*\) (.*/\1/p')" "goal ≥ 0.95"
done < "$FULL/ganda"
target "calon ganda: scoring one month alone" "$(awk -F '\t' '$1 ~ /^calon ganda/ { print $2 }' "$FULL/results") s" "adds ≤ 30 s to a month"
target "three-month cycle at scale $SCALE" "$(cat "$FULL/cycle" 2>/dev/null || echo -) s" "target ≤ 180 s, aim 90 s"
if [ -n "${OLD:-}" ]; then
	target "cycle of OLD=$OLD / cycle of this one" \
		"$(awk -v a="$(cat "$B/old-$SCALE/cycle" 2>/dev/null)" -v b="$(cat "$FULL/cycle" 2>/dev/null)" \
			'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else printf "-" }')×" "target ≥ 1.6× (issue 21)"
fi
_pk=$(peak 4)
target "peak RSS of any rekon process" "${_pk%%|*}" "target < 64 MB (issue 21; ${_pk#*|})"
_pk=$(peak 5)
target "peak RSS of a PostgreSQL backend" "${_pk%%|*}" "no target; counts the shared buffers it touched (${_pk#*|})"
if [ "$QUARTER" != 0 ]; then
	target "cycle at $SCALE / cycle at $((SCALE / 4))" \
		"$(awk -v a="$(cat "$FULL/cycle" 2>/dev/null)" -v b="$(cat "$QR/cycle" 2>/dev/null)" \
			'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }')×" "linear growth ≈ 4×"
fi
if [ "$FAILED" != 0 ]; then
	echo
	echo "FAILED steps (their output: KEEP=1 keeps $B/scale-*/steps.log):"
	cat "$B"/scale-*/results | awk -F '\t' '$6 != "ok" { print "  " $1 }'
	exit 1
fi
exit 0
