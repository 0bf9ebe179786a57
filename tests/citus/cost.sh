#!/bin/sh
# tests/citus/cost.sh — what rekon's statements cost on a Citus cluster at
# province scale (issue 20; docs/scale.md, "What the pulled statements cost
# at province scale"). Not a test: nothing passes or fails on time. It
# measures, and keeps what it measured in OUT.
#
#   1. gen's region at SCALE (default 210000: ~0.78M-row participant lists,
#      ~1M DTKS rows; --kependudukan --ganda, seed 1, three months), or the
#      files already in GEN (made by the same gen command; ~20 s else).
#   2. A coordinator and two workers (tests/citus/cluster.sh, as make
#      test-citus), each with the embedded server's memory settings
#      (shared_buffers and maintenance_work_mem 256MB, work_mem 64MB) and
#      pg_stat_statements (track = all: the statements inside the rule
#      functions too); tests/citus/db_setup.sh (migrate, distribute.sql,
#      CITUS_SHARDS shards per table, default 4).
#   3. MONTHS months (2 or 3, default 2) in the office's order, as
#      tests/compare_builds.sh with CLOSE=1: the month's DTKS, extract,
#      segment lists, deaths and proposals imported; usulan; usulan
#      --final; BPJS's answers and list; run all; sk --final. Each command
#      timed; after each, every node's pg_stat_statements kept and reset.
#      Meanwhile, once a second, every intermediate result file of Citus
#      (base/pgsql_job_cache/*/*.data, the rows of a subplan sent through
#      the coordinator) of 1 MB or more on each node, with its size; every
#      5 s the coordinator's running statements. The nodes log at DEBUG1
#      (Citus names each subplan there, with the rule function and line:
#      tests/citus/plans.py), which is how a file is tied to a statement.
#   4. SINGLE=1 (the default): the same commands on the same files on the
#      embedded server, with pg_stat_statements too, for comparison.
#   5. tests/citus/cost.py OUT: the summary (steps, jobs, the statements
#      of each job on both sides, the largest intermediate results).
#
# Environment: OUT (default a new /tmp/rekon-citus-cost.XXXXXX, kept),
# GEN, SCALE, MONTHS, CITUS_SHARDS, SINGLE (0: the cluster only), LIMIT
# (seconds each side's months may take, default 3600: a command still
# running then is stopped, the statements running on every node kept in
# OUT/SIDE/timeout.txt, and the side ends there), IR_LIMIT (when set,
# citus.max_intermediate_result_size for the database, e.g. -1; default
# Citus's 1 GB), KEEP=1 (keep the servers' data dirs; stopped).
#
# Every server it starts is stopped at the end, on failure and on a signal
# too (trap). The machine's other work shares its cores: the times are
# what this machine did at that hour. Three nodes on one machine share its
# cores and disk: a test of correctness and of plans, not of a cluster's
# speed.
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${REKON_BIN:-$ROOT/build/rekon}
SCALE=${SCALE:-210000}
MONTHS=${MONTHS:-2}
SINGLE=${SINGLE:-1}
LIMIT=${LIMIT:-3600}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
export LC_MESSAGES=C
unset LANGUAGE
case $MONTHS in
2) PERIODS="2026-10 2026-11" ;;
3) PERIODS="2026-10 2026-11 2026-12" ;;
*) echo "cost: MONTHS is 2 or 3" >&2; exit 2 ;;
esac
[ -x "$BIN" ] || { echo "cost: no $BIN (make first)" >&2; exit 2; }

sh "$ROOT/tests/citus/build.sh"
PGBIN=$("$PG_CONFIG" --bindir)
PSQL="$PGBIN/psql -X -q -A -t -v ON_ERROR_STOP=1"

if [ -z "${OUT:-}" ]; then
	OUT=$(mktemp -d /tmp/rekon-citus-cost.XXXXXX)
fi
mkdir -p "$OUT"
W=$(mktemp -d /tmp/rekon-citus-w.XXXXXX)
chmod 755 "$W"
SAMPLER=
SCONF=	# the single side's rekon.conf, once its server is started

# The nodes: the embedded server's memory settings (lib/pgembed.c), no
# checkpoint inside a month, pg_stat_statements after citus (Citus must
# come first), DEBUG1 in the log (the subplans' names).
NODE_CONF="shared_preload_libraries = 'citus,pg_stat_statements'
pg_stat_statements.track = all
pg_stat_statements.max = 20000
shared_buffers = 256MB
maintenance_work_mem = 256MB
max_wal_size = 4GB
checkpoint_timeout = 15min
log_min_messages = debug1"
COORD_CONF=
# shellcheck source=tests/citus/cluster.sh
. "$ROOT/tests/citus/cluster.sh"
. "$ROOT/tests/helpers/demo_conf.sh"

cleanup() {
	_rc=$?
	trap - EXIT INT TERM
	[ -z "$SAMPLER" ] || { kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; }
	for _d in $NODES; do
		_n=$(basename "$_d")
		if [ -f "$_d/server.log" ]; then cp "$_d/server.log" "$OUT/citus/$_n.log" 2>/dev/null || true; fi
	done
	stop_nodes
	if [ -n "$SCONF" ]; then
		_pidf=$(dirname "$SCONF")/state/pg/data/postmaster.pid
		_pid=$(head -n 1 "$_pidf" 2>/dev/null || true)
		"$BIN" -c "$SCONF" db stop >/dev/null 2>&1 || true
		_w=0
		while [ -n "$_pid" ] && kill -0 "$_pid" 2>/dev/null && [ $_w -lt 100 ]; do
			sleep 0.1; _w=$((_w + 1))
		done
	fi
	if [ -n "${KEEP:-}" ]; then echo "kept $W"; else rm -rf "$W"; fi
	echo "results: $OUT (python3 tests/citus/cost.py $OUT)"
	exit $_rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fsec() { date +%s.%N; }

# gen's files.
if [ -z "${GEN:-}" ]; then
	GEN=$W/data
	"$BIN" gen --out "$GEN" --scale "$SCALE" --seed 1 --period 2026-11 --months 3 \
	    --kependudukan --ganda >"$OUT/gen.log" 2>&1 || { cat "$OUT/gen.log"; exit 1; }
fi
[ -f "$GEN/gen-konfig.conf" ] || { echo "cost: $GEN: no gen-konfig.conf" >&2; exit 2; }

# conf DIR: the rekon.conf of a side (as tests/compare_builds.sh, MONTHS=3).
conf() {
	mkdir -p "$1"
	demo_conf "$1/rekon.conf" "$1/state" "$GEN/gen-konfig.conf" tests/citus/cost.sh
}

# nodes: "NAME CONNINFO" of every server of the side, one a line.
# q CONNINFO SQL: one answer.
q() { $PSQL -d "$1" -c "$2"; }

# snapshot NAME: every node's statements in database rekon since the last
# reset into $OUT/$SIDE/pgss.tsv (step, node, toplevel, calls, ms, rows,
# query), then reset; the temp files written so far (pg_stat_database,
# cumulative) into temp.tsv.
snapshot() {
	echo "$NODELIST" | while read -r _n _ci; do
		[ -n "$_n" ] || continue
		q "$_ci" "COPY (SELECT '$1', '$_n', toplevel, calls, round(total_exec_time::numeric, 1), rows,
		    left(regexp_replace(query, '\\s+', ' ', 'g'), 2000)
		    FROM pg_stat_statements WHERE total_exec_time >= 10
		      AND dbid = (SELECT oid FROM pg_database WHERE datname = 'rekon')
		    ORDER BY total_exec_time DESC) TO STDOUT" >>"$OUT/$SIDE/pgss.tsv" || true
		q "$_ci" "COPY (SELECT '$1', '$_n', temp_files, temp_bytes FROM pg_stat_database
		    WHERE datname = 'rekon') TO STDOUT" >>"$OUT/$SIDE/temp.tsv" || true
		q "$_ci" "SELECT pg_stat_statements_reset()" >/dev/null || true
	done
}

# activity FILE: what runs on every node now.
activity() {
	echo "$NODELIST" | while read -r _n _ci; do
		[ -n "$_n" ] || continue
		echo "== $_n"
		q "$_ci" "SELECT pid, state, now() - query_start, wait_event_type || ':' || wait_event,
		    left(regexp_replace(query, '\\s+', ' ', 'g'), 600)
		    FROM pg_stat_activity WHERE datname = 'rekon' AND pid <> pg_backend_pid()
		    AND state <> 'idle' ORDER BY query_start" || true
	done >"$1"
}

# step NAME CMD...: run CMD, its output in $OUT/$SIDE/NN-NAME.out; append
# "name start seconds exit" to steps.tsv; snapshot. Past the deadline:
# what runs on each node kept in timeout.txt, the command stopped, and
# STOPPED set.
step() {
	_name=$1; shift
	[ -z "$STOPPED" ] || return 0
	if [ "$(date +%s)" -ge "$DEADLINE" ]; then
		echo "cost: $SIDE: the limit ($LIMIT s) reached before $_name: not started" >&2
		STOPPED=$_name
		return 0
	fi
	NSTEP=$((NSTEP + 1))
	_out=$OUT/$SIDE/$(printf '%02d' "$NSTEP")-$_name.out
	_t0=$(fsec)
	"$@" >"$_out" 2>&1 &
	_pid=$!
	while kill -0 "$_pid" 2>/dev/null; do
		if [ "$(date +%s)" -ge "$DEADLINE" ]; then
			activity "$OUT/$SIDE/timeout.txt"
			echo "cost: $SIDE: $_name still running at the limit ($LIMIT s): stopped; running statements in $OUT/$SIDE/timeout.txt" >&2
			pkill -P "$_pid" 2>/dev/null || true
			kill "$_pid" 2>/dev/null || true
			STOPPED=$_name
			break
		fi
		sleep 0.1
	done
	_rc=0
	wait "$_pid" || _rc=$?
	_t1=$(fsec)
	_sec=$(awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.2f", b - a }')
	[ -z "$STOPPED" ] || _rc=TIMEOUT
	printf '%s\t%s\t%s\t%s\n' "$_name" "$_t0" "$_sec" "$_rc" >>"$OUT/$SIDE/steps.tsv"
	printf '  %-8s %-44s %8.1f s%s\n' "$SIDE" "$_name" "$_sec" "$([ "$_rc" = 0 ] || echo "  exit $_rc")"
	if [ -n "$STOPPED" ]; then
		# The backends of the stopped command: cancelled, so that the
		# snapshot and the next side do not wait for them.
		echo "$NODELIST" | while read -r _n _ci; do
			[ -n "$_n" ] || continue
			q "$_ci" "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = 'rekon'
			    AND pid <> pg_backend_pid() AND state <> 'idle'" >/dev/null 2>&1 || true
		done
		sleep 2
	fi
	snapshot "$NSTEP-$_name"
}

# months CONF: the months in the office's order (tests/compare_builds.sh).
months() {
	_c=$1
	for P in $PERIODS; do
		for kind in dtks kependudukan segmen kematian usulan - feedback peserta; do
			if [ "$kind" = - ]; then
				step "usulan-$P" "$BIN" -c "$_c" usulan --period "$P"
				step "usulan-final-$P" "$BIN" -c "$_c" usulan --period "$P" --final
				continue
			fi
			for f in "$GEN/$kind"-*"$P".csv; do
				[ -f "$f" ] || continue
				case $f in
				*pbi-apbd-prov*) step "import-$(basename "$f" .csv)" "$BIN" -c "$_c" import "$kind" "$f" --label PBI_APBD_PROV ;;
				*) step "import-$(basename "$f" .csv)" "$BIN" -c "$_c" import "$kind" "$f" ;;
				esac
			done
		done
		step "run-all-$P" "$BIN" -c "$_c" run all --period "$P"
		step "sk-final-$P" "$BIN" -c "$_c" sk --period "$P" --final
	done
	# job_run: each job's own time (run all's are inside its step).
	"$BIN" -c "$_c" db psql -- -X -A -t -F "$(printf '\t')" -c "SELECT job, period, trigger,
	    round(extract(epoch FROM finished_at - started_at)::numeric, 1), outcome, rows,
	    extract(epoch FROM started_at)
	    FROM job_run ORDER BY id" >"$OUT/$SIDE/jobs.tsv" 2>&1 || true
}

# run_side NAME CONF: the side's months from a fresh count of steps and
# the time limit, after a snapshot of the setup; its seconds printed.
run_side() {
	NSTEP=0
	STOPPED=
	snapshot 0-setup
	DEADLINE=$(($(date +%s) + LIMIT))
	T0=$(date +%s)
	months "$2"
	echo "$1: $(($(date +%s) - T0)) s${STOPPED:+ (stopped at $STOPPED)}"
}

# ---- the cluster -------------------------------------------------------------
SIDE=citus
mkdir -p "$OUT/citus"
: >"$OUT/citus/steps.tsv"
citus_cluster >"$OUT/citus/cluster.txt"
cat "$OUT/citus/cluster.txt"
# pg_stat_statements lives in each node's database postgres (it sees every
# database's statements): not in rekon's schema, and not propagated by
# Citus (database postgres has no citus extension).
NODELIST="coordinator host=127.0.0.1 port=$PORT_C dbname=postgres user=rekon
worker1 host=127.0.0.1 port=$PORT_W1 dbname=postgres user=rekon
worker2 host=127.0.0.1 port=$PORT_W2 dbname=postgres user=rekon"
echo "$NODELIST" | while read -r _n _ci; do
	q "$_ci" "CREATE EXTENSION pg_stat_statements" >/dev/null
done
conf "$W/citus"
sh "$ROOT/tests/citus/db_setup.sh" "$BIN" "$W/citus/rekon.conf" >"$OUT/citus/db-setup.log" 2>&1 ||
    { cat "$OUT/citus/db-setup.log"; exit 1; }
# Citus's limit on intermediate results, when asked.
[ -z "${IR_LIMIT:-}" ] ||
    q "host=127.0.0.1 port=$PORT_C dbname=rekon user=rekon" \
        "ALTER DATABASE rekon SET citus.max_intermediate_result_size = '$IR_LIMIT'" >/dev/null
q "host=127.0.0.1 port=$PORT_C dbname=rekon user=rekon" "SHOW citus.max_intermediate_result_size" |
    sed 's/^/citus.max_intermediate_result_size = /' >>"$OUT/citus/cluster.txt"

# The sampler: every second the intermediate result files of 1 MB or more
# on each node ("epoch node dir file bytes"); every 5 s the coordinator's
# running statements.
(
	_i=0
	while :; do
		_ts=$(date +%s)
		for _d in "$W/coordinator" "$W/worker1" "$W/worker2"; do
			find "$_d/base/pgsql_job_cache" -type f -name '*.data' -size +1M \
			    -printf "$_ts $(basename "$_d") %h %f %s\n" 2>/dev/null |
			    sed "s| $_d/base/pgsql_job_cache/| |"
		done >>"$OUT/citus/ir.txt"
		if [ $((_i % 5)) = 0 ]; then
			q "host=127.0.0.1 port=$PORT_C dbname=rekon user=rekon" \
			    "COPY (SELECT $_ts, pid, round(extract(epoch FROM now() - query_start)), left(regexp_replace(query, '\\s+', ' ', 'g'), 300)
			    FROM pg_stat_activity WHERE datname = 'rekon' AND state = 'active' AND pid <> pg_backend_pid()) TO STDOUT" \
			    >>"$OUT/citus/activity.tsv" 2>/dev/null || true
		fi
		_i=$((_i + 1))
		sleep 1
	done
) &
SAMPLER=$!

run_side citus "$W/citus/rekon.conf"
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true
SAMPLER=
for _d in $NODES; do cp "$_d/server.log" "$OUT/citus/$(basename "$_d").log"; done
stop_nodes

# ---- one server, the same commands ----------------------------------------
if [ "$SINGLE" = 1 ]; then
	SIDE=single
	mkdir -p "$OUT/single"
	: >"$OUT/single/steps.tsv"
	conf "$W/single"
	SCONF=$W/single/rekon.conf
	{
		"$BIN" -c "$SCONF" db init &&
		"$BIN" -c "$SCONF" db psql -- -X -q -v ON_ERROR_STOP=1 \
		    -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" &&
		"$BIN" -c "$SCONF" db stop &&
		"$BIN" -c "$SCONF" db start &&
		"$BIN" -c "$SCONF" db psql -- -X -q -v ON_ERROR_STOP=1 \
		    -c "ALTER SYSTEM SET pg_stat_statements.track = 'all'" \
		    -c "ALTER SYSTEM SET pg_stat_statements.max = 20000" &&
		"$BIN" -c "$SCONF" db stop &&
		"$BIN" -c "$SCONF" db start &&
		"$BIN" -c "$SCONF" db psql -- -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION pg_stat_statements"
	} >"$OUT/single/db-setup.log" 2>&1 || { cat "$OUT/single/db-setup.log"; exit 1; }
	# The embedded server listens on its socket only: q goes through db
	# psql, to database rekon (a throwaway one: pg_stat_statements is
	# created there).
	q() { "$BIN" -c "$SCONF" db psql -- -X -q -A -t -v ON_ERROR_STOP=1 -c "$2"; }
	NODELIST="server -"
	run_side single "$SCONF"
fi

python3 "$ROOT/tests/citus/cost.py" "$OUT" >"$OUT/summary.txt" 2>&1 || true
echo "summary: $OUT/summary.txt"
