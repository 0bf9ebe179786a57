#!/bin/sh
# PostgreSQL stopped and started under a running daemon.
#
# The daemon uses a server it does not manage (conninfo set: the embedded
# cluster of this test, stopped and started by the test as an admin would
# for an update).  A job is in flight when the server stops: it fails, the
# daemon stays up, says so in STATUS=, waits with back-off, runs the job
# again when the server answers, and records both runs.  A file that
# arrives while the server is down waits in the inbox.  Then the embedded
# case: a daemon whose own cluster is stopped under it starts it again.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
t_pg_start
G=$T/gen
$REKON_BIN gen --out "$G" --scale 300 --seed 7 --period 2026-11 --months 2 >/dev/null 2>&1

cat > "$T/ext.conf" <<CONF
[region]
name = Kabupaten Uji
office = Dinas Kesehatan Kabupaten Uji
code = 3325
timezone = Asia/Jakarta
[paths]
state_dir = $T/d
[database]
conninfo = host=$T/state/pg/run dbname=rekon user=rekon connect_timeout=2
[schedule]
catch_up = no
retensi =
CONF
mkdir -p "$T/d"
chmod 750 "$T/d"

count() { grep -c " $1\$" "$T/notify.log"; }
status_seen() { grep -q " STATUS=$1\$" "$T/notify.log"; }
alive() { kill -0 "$DPID" 2>/dev/null; }
gone() { ! kill -0 "$DPID" 2>/dev/null; }
python3 "$ROOT/tests/helpers/notify_listen.py" "$T/notify.sock" "$T/notify.log" &
LPID=$!
wait_for 10 test -S "$T/notify.sock"
trap 'kill $LPID ${DPID:-} 2>/dev/null; t_cleanup' EXIT INT TERM

# Each job child waits 5 s after connecting, before its work: the window
# in which the test stops the server.
NOTIFY_SOCKET=$T/notify.sock REKON_QUIET_SECONDS=1 REKON_TEST_JOB_SECONDS=5 \
	$REKON_BIN -c "$T/ext.conf" daemon >"$T/daemon.out" 2>"$T/daemon.log" &
DPID=$!
wait_for 60 status_seen siap
check "the daemon is ready on the external server" "1" "$(count READY=1)"

# The proposals of 2026-10 arrive: imported, then usulan 2026-10 runs.
cp "$G/dtks-2026-10.csv" "$T/d/inbox/dtks/"
cp "$G/usulan-2026-10.csv" "$T/d/inbox/usulan/"
wait_for 60 status_seen "usulan 2026-10"
check "usulan 2026-10 started after the imports" "yes" "$(status_seen "usulan 2026-10" && echo yes)"

# --- the server stops while the job is in flight --------------------------------
$REKON db stop >/dev/null 2>&1
wait_for 60 status_seen "menunggu PostgreSQL; diulang: usulan 2026-10"
check "STATUS= says the daemon waits for PostgreSQL and will run usulan again" "yes" \
	"$(status_seen "menunggu PostgreSQL; diulang: usulan 2026-10" && echo yes)"
check "the daemon stays up" "yes" "$(alive && echo yes)"
wait_for 30 status_seen "menunggu PostgreSQL; percobaan berikutnya dalam [0-9]* detik"
check "STATUS= gives the next attempt, with back-off" "yes" \
	"$(status_seen "menunggu PostgreSQL; percobaan berikutnya dalam [0-9]* detik" && echo yes)"
# A file that arrives meanwhile waits: no import without a database.
cp "$G/feedback-2026-10.csv" "$T/d/inbox/feedback/"
sleep 2
check "a file that arrives while the server is down stays in the inbox" "feedback-2026-10.csv" \
	"$(ls "$T/d/inbox/feedback/")"
check "the log says why, without crashing" "yes" \
	"$(grep -q 'database: not answering; waiting for it, then running again usulan 2026-10' "$T/daemon.log" && echo yes)"

# --- the server is back ------------------------------------------------------------
$REKON db start >/dev/null 2>&1
q_runs="SELECT job || ' ' || outcome || ' ' || coalesce(message, '') FROM job_run WHERE job = 'usulan' ORDER BY id"
usulan_again() { [ "$(t_psql "SELECT count(*) FROM job_run WHERE job = 'usulan' AND outcome = 'OK'")" = 1 ]; }
wait_for 120 usulan_again
check "the failed run is recorded GAGAL, the run again OK" \
	"usulan GAGAL the database was unavailable (exit 69); run again when it answered
usulan OK no kematian imported for 2026-10: its figures are incomplete" "$(t_psql "$q_runs")"
check "the run again wrote the outputs" "yes" "$(test -s "$T/d/outbox/2026-10/usulan-2026-10.xlsx" && echo yes)"
check "the log says the database answers again" "yes" \
	"$(grep -q 'database: answering again' "$T/daemon.log" && echo yes)"
check "the waiting file was imported once the server answered" "1" \
	"$(t_psql "SELECT count(*) FROM batch WHERE kind = 'feedback' AND outcome = 'OK'")"
wait_for 30 sh -c "[ -z \"\$(ls '$T/d/inbox/feedback/')\" ]"
check "and archived" "feedback-2026-10.csv" "$(ls "$T/d/archive/feedback/2026-10/" 2>/dev/null)"
check "STATUS=siap once the server answers" "yes" \
	"$(awk '/ STATUS=menunggu PostgreSQL/ { w = NR } / STATUS=siap$/ && w && NR > w { ok = 1 } END { if (ok) print "yes" }' "$T/notify.log")"
kill -TERM "$DPID"
wait_for 60 gone
wait "$DPID"; rc=$?
check "SIGTERM: exit 0" "0" "$rc"
DPID=
check "no job row is left open" "0" "$(t_psql "SELECT count(*) FROM job_run WHERE outcome IS NULL")"

# --- the embedded cluster stopped under its daemon -----------------------------
: > "$T/notify.log"
NOTIFY_SOCKET=$T/notify.sock $REKON daemon >"$T/emb.out" 2>"$T/emb.log" &
DPID=$!
wait_for 60 status_seen siap
$REKON db stop >/dev/null 2>&1
# The daemon learns it when it next needs the database: a job run now.
cp "$G/kematian-2026-10.csv" "$T/state/inbox/kematian/"
imported() { [ "$(t_psql "SELECT count(*) FROM batch WHERE kind = 'kematian' AND outcome = 'OK'")" = 1 ]; }
wait_for 120 imported
check "embedded: the daemon starts its stopped cluster again and imports the file" "1" \
	"$(t_psql "SELECT count(*) FROM batch WHERE kind = 'kematian' AND outcome = 'OK'")"
check "embedded: the daemon stayed up" "yes" "$(alive && echo yes)"
kill -TERM "$DPID"
wait_for 60 gone
wait "$DPID"; rc=$?
check "embedded: SIGTERM: exit 0" "0" "$rc"
DPID=
$REKON db start >/dev/null 2>&1	# the daemon stopped its cluster; t_done stops it again

kill "$LPID" 2>/dev/null; wait "$LPID" 2>/dev/null; LPID=
if [ "$T_FAIL" != 0 ]; then sed 's/^/  daemon| /' "$T/daemon.log" "$T/emb.log" | tail -60; fi
trap t_cleanup EXIT INT TERM
t_done
