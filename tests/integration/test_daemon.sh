#!/bin/sh
# `rekon daemon` as systemd runs it (Type=notify, WatchdogSec=4): the notify
# messages (tests/helpers/notify_listen.py stands in for systemd), the inbox
# (import + archive, reject + .error.txt, partial names ignored), reruns
# after a quiet inbox, a crashing job child recorded as CRASH, catch-up of
# a missed schedule with an injected clock, SIGHUP reloads (good and bad),
# a large import in its child (the watchdog keeps coming, progress in
# STATUS=), SIGTERM while a job child runs: STOPPING=1, the child waited
# for, exit 0, no postgres left; and two runs of one job and period at once
# are serialized by their lock.
#
# Hidden settings used here (lib/hooks.h): REKON_NOW (the clock),
# REKON_QUIET_SECONDS (inbox quiet time), REKON_TEST_CRASH_JOB (a job whose
# child kills itself), REKON_TEST_JOB_SECONDS (job children sleep first),
# REKON_TEST_HOLD_LOCK_SECONDS (a run holds its lock a while).
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
DPID=
LPID=
d_cleanup() {
	[ -n "$DPID" ] && kill -KILL "$DPID" 2>/dev/null
	[ -n "$LPID" ] && kill "$LPID" 2>/dev/null
	t_cleanup
}
trap d_cleanup EXIT INT TERM

G=$T/gen
$REKON gen --out "$G" --scale 10 --seed 3 --period 2026-11 --months 2 >/dev/null 2>&1
cat >> "$T/rekon.conf" <<'CONF'

[schedule]
usulan = 0 6 * * *
rekonsiliasi = 0 2 21 * *
catch_up = yes
CONF
t_pg_start
$REKON -q db migrate >/dev/null 2>&1
# The daemon's clock says 2026-11-20 12:00 WIB.  usulan last ran on schedule
# on the 17th at 06:00; the 18th, 19th and 20th were missed: one catch-up,
# for 2026-11, recorded as scheduled for the 20th 06:00.  rekonsiliasi never
# ran on schedule: nothing to catch up.
NOW=1795150800
t_psql "INSERT INTO job_run (job, period, trigger, scheduled_for, started_at,
	finished_at, outcome) VALUES ('usulan', '2026-11', 'schedule',
	'2026-11-17 06:00+07', '2026-11-17 06:00+07', '2026-11-17 06:01+07', 'OK')" >/dev/null

count() { grep -c " $1\$" "$T/notify.log"; }
has_at_least() { [ "$(count "$1")" -ge "$2" ]; }

python3 "$ROOT/tests/helpers/notify_listen.py" "$T/notify.sock" "$T/notify.log" &
LPID=$!
wait_for 10 test -S "$T/notify.sock"
NOTIFY_SOCKET=$T/notify.sock WATCHDOG_USEC=4000000 REKON_NOW=$NOW \
	REKON_QUIET_SECONDS=2 REKON_TEST_CRASH_JOB=rekonsiliasi \
	REKON_TEST_JOB_SECONDS=4 $REKON daemon >"$T/daemon.out" 2>"$T/daemon.log" &
DPID=$!

# --- start-up -------------------------------------------------------------
wait_for 60 has_at_least READY=1 1
check "READY=1 arrives" "1" "$(count READY=1)"
check "STATUS=siap arrives" "yes" "$(grep -q ' STATUS=siap$' "$T/notify.log" && echo yes)"
for k in dtks usulan feedback peserta segmen kematian; do
	check "inbox/$k is created 0750" "750" "$(stat -c %a "$T/state/inbox/$k")"
done

# --- watchdog: WATCHDOG_USEC=4 s, so a ping at least every 2 s ------------
sleep 5
check "WATCHDOG=1 at least every 2 s over 5 s" "ok" "$(grep ' WATCHDOG=1$' "$T/notify.log" |
	awk 'NR > 1 && $1 - t > 2.1 { bad = 1 } { t = $1; n++ } END { print (n >= 2 && !bad) ? "ok" : "bad n=" n }')"

# --- catch-up with the injected clock ----------------------------------------
q_catch="SELECT job, period, trigger, to_char(scheduled_for AT TIME ZONE 'Asia/Jakarta',
	'YYYY-MM-DD HH24:MI'), outcome IS NOT NULL FROM job_run WHERE trigger = 'catch_up'"
catch_done() { [ "$(t_psql "$q_catch" | cut -d'|' -f5)" = t ]; }
wait_for 30 catch_done
check "catch-up: usulan once, for 2026-11, the 20th 06:00" \
	"usulan|2026-11|catch_up|2026-11-20 06:00|t" "$(t_psql "$q_catch")"
check "catch-up: the run wrote its outputs (OK)" "OK" \
	"$(t_psql "SELECT outcome FROM job_run WHERE trigger = 'catch_up'")"

# --- inbox: a kematian list, renamed in --------------------------------------
IN=$T/state/inbox
cp "$G/kematian-2026-10.csv" "$IN/kematian/.kematian-2026-10.csv"
mv "$IN/kematian/.kematian-2026-10.csv" "$IN/kematian/kematian-2026-10.csv"
wait_for 30 test -f "$T/state/archive/kematian/2026-10/kematian-2026-10.csv"
check "kematian: archived in archive/kematian/2026-10/" "yes" \
	"$(test -f "$T/state/archive/kematian/2026-10/kematian-2026-10.csv" && echo yes)"
check "kematian: gone from the inbox" "no" "$(test -e "$IN/kematian/kematian-2026-10.csv" && echo yes || echo no)"
check "kematian: one batch for 2026-10" "1" \
	"$(t_psql "SELECT count(*) FROM batch WHERE kind = 'kematian' AND period = '2026-10'")"
check "STATUS names the import" "yes" \
	"$(grep -q ' STATUS=impor kematian-2026-10.csv$' "$T/notify.log" && echo yes)"

# --- a peserta list without its columns: rejected with the reason -------------
printf 'nama,alamat\nBudi,Jl. Mawar 1\n' > "$IN/peserta/.tmp-upload"
mv "$IN/peserta/.tmp-upload" "$IN/peserta/peserta-2026-10.csv"
wait_for 30 test -f "$T/state/rejected/peserta/peserta-2026-10.csv.error.txt"
check "peserta: moved to rejected/peserta/" "yes" \
	"$(test -f "$T/state/rejected/peserta/peserta-2026-10.csv" && echo yes)"
check "peserta: the .error.txt names the missing columns" "yes" \
	"$(grep -q 'missing status, nik or noka; headers found in the first row: "nama", "alamat"$' \
	"$T/state/rejected/peserta/peserta-2026-10.csv.error.txt" && echo yes)"

# --- hidden and partial names are left alone ----------------------------------
printf 'nik\n' > "$IN/peserta/kiriman.part"
printf 'nik\n' > "$IN/peserta/.tersembunyi.csv"
printf 'kunci' > "$IN/peserta/~\$peserta-2026-10.xlsx"
sleep 2
check "a .part file stays in the inbox" "yes" "$(test -f "$IN/peserta/kiriman.part" && echo yes)"
check "a hidden file stays in the inbox" "yes" "$(test -f "$IN/peserta/.tersembunyi.csv" && echo yes)"
check "Excel's lock file (~\$NAME.xlsx) stays in the inbox" "yes" \
	"$(test -f "$IN/peserta/~\$peserta-2026-10.xlsx" && echo yes)"
check "none of them was rejected" "0" "$(ls "$T/state/rejected/peserta" | grep -c -e part -e tersembunyi -e xlsx)"

# --- reruns after the quiet time; the crashing rekonsiliasi child ------------
q_rerun="SELECT job || ' ' || outcome FROM job_run WHERE trigger = 'inbox'
	AND period = '2026-10' AND outcome IS NOT NULL ORDER BY id"
reruns_done() { [ "$(t_psql "$q_rerun" | wc -l)" -ge 2 ]; }
wait_for 30 reruns_done
check "inbox reruns for 2026-10: rekonsiliasi crashed, sk still ran" \
	"rekonsiliasi CRASH
sk GAGAL" "$(t_psql "$q_rerun")"
check "the crash is recorded with its signal" "killed by signal 9 (Killed)" \
	"$(t_psql "SELECT message FROM job_run WHERE outcome = 'CRASH'")"
check "the daemon lives on after the crash" "yes" "$(kill -0 "$DPID" 2>/dev/null && echo yes)"

# --- rekon status: per job its last run and the next --------------------------
$REKON status >"$T/status.out" 2>&1
check "status: usulan's last run (catch_up) and next run" "yes" \
	"$(grep -Eq '^usulan +2026-11 .* catch_up .* [0-9]{4}-[0-9]{2}-[0-9]{2} 06:00' "$T/status.out" && echo yes)"
check "status: rekonsiliasi's last run" "yes" \
	"$(grep -Eq '^rekonsiliasi +2026-10 .* inbox +CRASH ' "$T/status.out" && echo yes)"

# --- SIGHUP: RELOADING=1 (with MONOTONIC_USEC), then READY=1 -----------------
kill -HUP "$DPID"
wait_for 10 has_at_least READY=1 2
check "SIGHUP: RELOADING=1" "1" "$(count RELOADING=1)"
check "SIGHUP: MONOTONIC_USEC sent" "yes" "$(grep -q ' MONOTONIC_USEC=[0-9][0-9]*$' "$T/notify.log" && echo yes)"
check "SIGHUP: READY=1 again" "2" "$(count READY=1)"
check "SIGHUP: RELOADING=1 before the second READY=1" "RELOADING=1 READY=1" \
	"$(grep -E ' (RELOADING|READY)=1$' "$T/notify.log" | tail -2 | awk '{ printf "%s%s", s, $2; s = " " }')"

# --- a broken configuration on SIGHUP: the old one stays ----------------------
cp "$T/rekon.conf" "$T/rekon.conf.good"
printf '\n[bogus]\nkey = 1\n' >> "$T/rekon.conf"
kill -HUP "$DPID"
wait_for 10 has_at_least READY=1 3
check "bad reload: still READY=1" "3" "$(count READY=1)"
check "bad reload: says it keeps the running configuration" "yes" \
	"$(grep -q 'keeping the running configuration' "$T/daemon.log" && echo yes)"
check "bad reload: the daemon keeps running" "yes" "$(kill -0 "$DPID" 2>/dev/null && echo yes)"
cp "$T/rekon.conf.good" "$T/rekon.conf"

# --- a large peserta list: imported in a child, the watchdog keeps coming ----
# (A million rows: long enough, at about 4 s, for two pings or more.)
awk 'BEGIN { print "NO KARTU;NIK;NO KK;NAMA;STATUS PESERTA;SEGMEN"
	for (i = 1; i <= 1000000; i++)
		printf "%013d;33250%011d;33250%011d;WARGA %d;AKTIF;PBPU PEMDA\n",
		    i, i, int(i / 4), i }' > "$IN/peserta/.besar"
mark=$(wc -l < "$T/notify.log")
mv "$IN/peserta/.besar" "$IN/peserta/peserta-2026-11.csv"
wait_for 120 test -f "$T/state/archive/peserta/2026-11/peserta-2026-11.csv"
check "large peserta list: archived in archive/peserta/2026-11/" "yes" \
	"$(test -f "$T/state/archive/peserta/2026-11/peserta-2026-11.csv" && echo yes)"
check "large peserta list: 1.000.000 rows accepted" "1000000" \
	"$(t_psql "SELECT count(*) FROM peserta_row p JOIN batch b ON b.id = p.batch_id WHERE b.period = '2026-11'")"
check "large import: WATCHDOG=1 at least every 2 s throughout" "ok" \
	"$(tail -n +"$((mark + 1))" "$T/notify.log" | grep ' WATCHDOG=1$' |
	awk 'NR > 1 && $1 - t > 2.1 { bad = 1 } { t = $1; n++ } END { print (n >= 2 && !bad) ? "ok" : "bad n=" n }')"
check "large import: STATUS= shows its progress" "yes" \
	"$(tail -n +"$((mark + 1))" "$T/notify.log" |
	grep -Eq ' STATUS=impor peserta-2026-11\.csv: [0-9]{1,3}(\.[0-9]{3})* baris$' && echo yes)"

# --- SIGTERM while a job child runs (each sleeps REKON_TEST_JOB_SECONDS=4
# first): STOPPING=1, the job finishes, exit 0, the embedded PostgreSQL
# stopped.  The import above queues reruns for 2026-11 after the quiet time.
q_sk="SELECT count(*) FROM job_run WHERE job = 'sk' AND period = '2026-11'
	AND outcome IS NULL"
sk_running() { [ "$(t_psql "$q_sk")" = 1 ]; }
wait_for 60 sk_running
check "a job child is running before SIGTERM" "1" "$(t_psql "$q_sk")"
kill -TERM "$DPID"
sleep 1
check "SIGTERM: the daemon waits for the running job" "yes" \
	"$(kill -0 "$DPID" 2>/dev/null && echo yes)"
gone() { ! kill -0 "$DPID" 2>/dev/null; }
wait_for 30 gone
wait "$DPID"; rc=$?
DPID=
check "SIGTERM: exit 0" "0" "$rc"
check "SIGTERM: STOPPING=1" "1" "$(count STOPPING=1)"
check "SIGTERM: no postgres left running" "no" \
	"$(test -f "$T/state/pg/data/postmaster.pid" && echo yes || echo no)"
# (t_psql starts the embedded server again from here on.)
check "SIGTERM: the job finished, not killed" "t" \
	"$(t_psql "SELECT outcome IN ('OK', 'GAGAL') FROM job_run WHERE job = 'sk' AND period = '2026-11'" 2>/dev/null)"

# --- the command line records its runs too (trigger manual) -------------------
$REKON -q rekonsiliasi --period 2026-12 >/dev/null 2>&1
check "CLI run recorded as manual, GAGAL with the reason" \
	"rekonsiliasi|2026-12|manual|GAGAL|t" \
	"$(t_psql "SELECT job, period, trigger, outcome, message LIKE '%peserta%' FROM job_run WHERE trigger = 'manual'")"

# --- two runs of one job and period at once: the lock serializes them -------
# On the small 2026-10 lists, each run holds the (rekonsiliasi, 2026-10)
# lock 3 s before its work.  Side by side they would finish together;
# serialized, the second takes the lock only when the first commits, so it
# finishes its hold (3 s) and its work later: at least 2 s later even when
# a loaded machine makes the first's workbook (written after its commit)
# a second slower than the second's.
$REKON db start >/dev/null 2>&1
$REKON -q import peserta "$G/peserta-2026-10.csv" >/dev/null 2>&1
REKON_TEST_HOLD_LOCK_SECONDS=3 $REKON -q rekonsiliasi --period 2026-10 >/dev/null 2>&1 &
P1=$!
REKON_TEST_HOLD_LOCK_SECONDS=3 $REKON -q rekonsiliasi --period 2026-10 >/dev/null 2>&1 &
P2=$!
wait "$P1"; wait "$P2"
q_two="SELECT count(*) || ' ' || (extract(epoch FROM max(finished_at) - min(finished_at)) >= 2)
	FROM job_run WHERE job = 'rekonsiliasi' AND period = '2026-10' AND trigger = 'manual'"
check "two runs at once: the second waited for the first's lock" "2 true" "$(t_psql "$q_two")"

# --- an external server that is down: the daemon waits, says so, and stops ---
cat > "$T/down.conf" <<CONF
[paths]
state_dir = $T/down
[database]
conninfo = host=$T/nosuchdir dbname=rekon connect_timeout=2
CONF
: > "$T/notify.log"
NOTIFY_SOCKET=$T/notify.sock $REKON_BIN -c "$T/down.conf" daemon >/dev/null 2>"$T/down.log" &
DPID=$!
wait_for 30 grep -q ' STATUS=menunggu PostgreSQL$' "$T/notify.log"
check "database down: STATUS=menunggu PostgreSQL" "yes" \
	"$(grep -q ' STATUS=menunggu PostgreSQL$' "$T/notify.log" && echo yes)"
check "database down: no READY=1" "0" "$(count READY=1)"
kill -TERM "$DPID"
wait_for 30 gone
wait "$DPID"; rc=$?
DPID=
check "database down: SIGTERM while waiting exits 0" "0" "$rc"

kill "$LPID" 2>/dev/null; LPID=
if [ "$T_FAIL" != 0 ]; then sed 's/^/  daemon| /' "$T/daemon.log" | tail -40; fi
t_done
