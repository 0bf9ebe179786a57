#!/bin/sh
# [notify] webhook against a real HTTP receiver on 127.0.0.1
# (tests/helpers/webhook_server.py): the JSON summary after a reconciliation is
# exactly rekonsiliasi-P.json; a failed job sends its short message; a
# receiver that answers 500 is retried and the job still succeeds; a
# receiver that is down is logged and never fails the job; a job child the
# daemon sees crash is reported as CRASH.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
SPID=
DPID=
w_cleanup() {
	[ -n "$DPID" ] && kill -KILL "$DPID" 2>/dev/null
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null
	t_cleanup
}
trap w_cleanup EXIT INT TERM

W=$T/hook
mkdir -p "$W"
python3 "$ROOT/tests/helpers/webhook_server.py" "$W" >"$T/hook.out" 2>&1 &
SPID=$!
wait_for 10 test -f "$W/port"
PORT=$(cat "$W/port")

G=$T/gen
$REKON gen --out "$G" --scale 10 --seed 3 --period 2026-11 --months 2 >/dev/null 2>&1
cat >> "$T/rekon.conf" <<CONF

[notify]
webhook = http://127.0.0.1:$PORT/rekon

[schedule]
usulan = 0 6 * * *
catch_up = yes
CONF
t_pg_start
t_import_gen "$G"/*-2026-10.csv
export REKON_TEST_WEBHOOK_BACKOFF_MS=100
n_requests() { [ -f "$W/log" ] && wc -l < "$W/log" || echo 0; }

# --- a failed job: its short message -------------------------------------------
check_rc "sk before rekonsiliasi still fails, a missing prerequisite (66)" 66 $REKON sk --period 2026-10
check "one request, answered 204, event job_gagal, JSON" "1 204 job_gagal application/json" \
	"$(cat "$W/log")"
check "the failure message: event, wilayah, job, periode, hasil, pesan" \
	"job_gagal|Kabupaten Uji|sk|2026-10|GAGAL|2026-10 has not been reconciled: run 'rekon rekonsiliasi --period 2026-10' first" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("|".join([d["event"], d["wilayah"], d["job"], d["periode"], d["hasil"], d["pesan"]]))' "$W/1.json")"
check "the message has waktu in WIB" "+07:00" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["waktu"][-6:])' "$W/1.json")"

# --- a reconciliation: the summary, byte for byte --------------------------------
check_rc "rekonsiliasi 2026-10" 0 $REKON -q rekonsiliasi --period 2026-10
check "a second request, event rekonsiliasi" "2 204 rekonsiliasi application/json" \
	"$(sed -n 2p "$W/log")"
check "the body is rekonsiliasi-2026-10.json, byte for byte" "same" \
	"$(cmp -s "$W/2.json" "$T/state/outbox/2026-10/rekonsiliasi-2026-10.json" && echo same)"

# --- a receiver answering 500 twice: retried, the third try lands ---------------
echo 2 > "$W/fail"
check_rc "rekonsiliasi with a failing receiver still exits 0" 0 $REKON -q rekonsiliasi --period 2026-10
check "three tries: 500, 500, 204" "3 500 rekonsiliasi
4 500 rekonsiliasi
5 204 rekonsiliasi" "$(sed -n '3,5p' "$W/log" | cut -d' ' -f1-3)"
check "nothing is logged when the last try lands" "" "$(grep webhook "$T/last.err")"

# --- a receiver that keeps failing: three tries, a warning, exit 0 --------------
echo 5 > "$W/fail"
check_rc "rekonsiliasi with a receiver that never accepts exits 0" 0 $REKON -q rekonsiliasi --period 2026-10
check "three tries in all" "8" "$(n_requests)"
check "the warning says so" "rekon: webhook rekonsiliasi: not delivered after 3 tries: HTTP status 500 (the job's outcome is unchanged)" \
	"$(grep webhook "$T/last.err")"
echo 0 > "$W/fail"

# --- run all: sk runs while rekonsiliasi's outputs are still going -------------
# The receiver holds its answer to the summary: rekonsiliasi's outputs (the
# webhook is their last step) wait on it, and sk, in its child process, runs
# and ends meanwhile.
touch "$W/hold"
N0=$(n_requests)
$REKON -q run all --period 2026-10 --force >"$T/all.out" 2>"$T/all.err" &
APID=$!
wait_for 30 sh -c "[ \"\$($REKON_BIN -c $T/rekon.conf db psql -- -XAtq -c \"SELECT outcome FROM job_run WHERE job = 'sk' AND id > (SELECT max(id) FROM job_run WHERE job = 'usulan')\")\" = OK ]"
check "run all: sk done while rekonsiliasi is still sending its summary" "OK|" \
	"$(t_psql "SELECT (SELECT outcome FROM job_run WHERE job = 'sk' ORDER BY id DESC LIMIT 1) || '|' ||
	           coalesce((SELECT outcome FROM job_run WHERE job = 'rekonsiliasi' ORDER BY id DESC LIMIT 1), '')")"
rm -f "$W/hold"
wait "$APID"; ARC=$?
check "run all then ends, exit 0" "0" "$ARC"
check "one summary sent" "$((N0 + 1)) 204 rekonsiliasi" "$(tail -1 "$W/log" | cut -d' ' -f1-3)"
check "the output: rekonsiliasi's files, then sk's" "rekonsiliasi 2026-10:|sk 2026-10:" \
	"$(grep -E '^(rekonsiliasi|sk) ' "$T/all.out" | tr '\n' '|' | sed 's/|$//')"

# --- the receiver down: refused, logged, exit 0 ----------------------------------
kill "$SPID"; wait "$SPID" 2>/dev/null; SPID=
check_rc "rekonsiliasi with the receiver down exits 0" 0 $REKON -q rekonsiliasi --period 2026-10
check "the warning names the failure" "yes" \
	"$(grep -q "webhook rekonsiliasi: not delivered after 3 tries: .*127.0.0.1.*(the job's outcome is unchanged)" "$T/last.err" && echo yes)"
check "the job_run row is OK all the same" "OK" \
	"$(t_psql "SELECT outcome FROM job_run WHERE job = 'rekonsiliasi' ORDER BY id DESC LIMIT 1")"

# --- the daemon: a crashing job child is reported as CRASH ------------------------
rm -f "$W/port" "$W/log" "$W"/*.json
python3 "$ROOT/tests/helpers/webhook_server.py" "$W" >"$T/hook.out" 2>&1 &
SPID=$!
wait_for 10 test -f "$W/port"
sed -i "s|^webhook = .*|webhook = http://127.0.0.1:$(cat "$W/port")/rekon|" "$T/rekon.conf"
# The clock says 2026-11-20 12:00 WIB; usulan last ran on the 17th: one
# catch-up, whose child kills itself.
t_psql "INSERT INTO job_run (job, period, trigger, scheduled_for, started_at,
	finished_at, outcome) VALUES ('usulan', '2026-11', 'schedule',
	'2026-11-17 06:00+07', '2026-11-17 06:00+07', '2026-11-17 06:01+07', 'OK')" >/dev/null
REKON_NOW=1795150800 REKON_TEST_CRASH_JOB=usulan $REKON daemon >"$T/daemon.out" 2>"$T/daemon.log" &
DPID=$!
wait_for 60 test -s "$W/log"
check "the daemon's crash: one job_gagal request" "1 204 job_gagal" "$(cut -d' ' -f1-3 "$W/log")"
check "it says usulan 2026-11 CRASH, killed by signal 9" \
	"usulan|2026-11|CRASH|killed by signal 9 (Killed)" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("|".join([d["job"], d["periode"], d["hasil"], d["pesan"]]))' "$W/1.json")"
kill -TERM "$DPID"
wait "$DPID"
check "the daemon stops cleanly afterwards" "0" "$?"
DPID=
kill "$SPID"; wait "$SPID" 2>/dev/null; SPID=
t_done
