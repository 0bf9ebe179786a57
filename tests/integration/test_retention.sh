#!/bin/sh
# The retention job (retensi, jobs/retention.c): archived input files older
# than [limits] retention_months are deleted, on hand-made trees with exact
# expected results.  retention_months = 2, periods relative to the real
# current month: the boundary month (current - 2) is kept, the month before
# it goes.  Files in several kinds; a period folder left empty is removed;
# names that are no YYYY-MM folder are left alone with a warning; symbolic
# links (to a file, to a folder) are never followed and are left alone;
# hidden names stay; rejected files go by their mtime (touch -d either side
# of the cutoff); --dry-run lists and deletes nothing; retention_months = 0
# deletes nothing; a negative value is refused naming the key; the job_run
# row (rows = files deleted); a folder that cannot be read (exit 74, the
# rest still done); the daemon runs the job on its default schedule
# (30 3 * * *) with an injected clock (REKON_NOW, lib/hooks.h), and
# catches up a missed run.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
DPID=
IMM=
d_cleanup() {
	[ -n "$DPID" ] && kill -KILL "$DPID" 2>/dev/null
	[ -n "$IMM" ] && chattr -i "$IMM" 2>/dev/null
	[ -n "${T:-}" ] && [ -d "$T" ] && chmod -R u+rwx "$T" 2>/dev/null
	t_cleanup
}
trap d_cleanup EXIT INT TERM

# The months, in the region's zone, counted from the 15th (no month-end
# overflow in date's arithmetic).
ZONE=Asia/Jakarta
MID=$(TZ=$ZONE date +%Y-%m-15)
month() { TZ=$ZONE date -d "$MID $1 months" +%Y-%m; }
CUR=$(month 0)
NEW=$(month -1)		# kept
EDGE=$(month -2)	# the boundary: kept
OLD=$(month -3)		# the month before it: deleted
OLDER=$(month -14)	# deleted

cat >> "$T/rekon.conf" <<'CONF'

[limits]
retention_months = 2
CONF
A=$T/state/archive
R=$T/state/rejected
OUT=$T/outside

# --- the tree ------------------------------------------------------------------
mkdir -p "$OUT/folder" "$A/peserta/$OLD" "$A/peserta/$EDGE" "$A/peserta/$NEW" \
	"$A/dtks/$OLDER" "$A/dtks/$OLD" "$A/kematian/$OLD" "$A/kematian/$EDGE" \
	"$A/usulan/lain" "$A/usulan/2020-13" "$A/feedback" "$R/peserta" "$R/segmen"
printf 'outside\n' > "$OUT/target.csv"
printf 'outside folder\n' > "$OUT/folder/inside.csv"
for f in peserta/$OLD/peserta-$OLD.csv peserta/$OLD/peserta-$OLD.csv.1 \
    peserta/$EDGE/peserta-$EDGE.csv peserta/$NEW/peserta-$NEW.csv \
    dtks/$OLDER/dtks-$OLDER.csv dtks/$OLD/dtks-$OLD.csv dtks/$OLD/.dtks-upload \
    kematian/$OLD/kematian-$OLD.xlsx kematian/$EDGE/kematian-$EDGE.csv \
    usulan/lain/usulan.csv usulan/2020-13/usulan-2020-13.csv; do
	printf 'NIK\n3325010101900001\n' > "$A/$f"
done
# A link in an old period folder to a file outside the archive; an old
# "period" that is a link to a folder outside.
ln -s "$OUT/target.csv" "$A/dtks/$OLD/link.csv"
ln -s "$OUT/folder" "$A/feedback/$OLD"
# Rejected: either side of now - 2 months (5 days' margin), each file with
# its .error.txt; an old link to a file outside.
OLDT=$(TZ=$ZONE date -d '-2 months -5 days' '+%Y-%m-%d %H:%M:%S')
NEWT=$(TZ=$ZONE date -d '-2 months +5 days' '+%Y-%m-%d %H:%M:%S')
for f in peserta/lama.csv peserta/lama.csv.error.txt segmen/segmen-lama.csv \
    segmen/segmen-lama.csv.error.txt; do
	printf 'x\n' > "$R/$f"; TZ=$ZONE touch -d "$OLDT" "$R/$f"
done
for f in peserta/baru.csv peserta/baru.csv.error.txt; do
	printf 'x\n' > "$R/$f"; TZ=$ZONE touch -d "$NEWT" "$R/$f"
done
ln -s "$OUT/target.csv" "$R/peserta/tautan.csv"
TZ=$ZONE touch -h -d "$OLDT" "$R/peserta/tautan.csv"
chmod 600 "$A/peserta/$EDGE/peserta-$EDGE.csv"
chmod 640 "$A/kematian/$EDGE/kematian-$EDGE.csv" "$R/peserta/baru.csv"
chmod 444 "$OUT/target.csv"

tree() { (cd "$T/state" && find archive rejected -printf '%y %p\n' | LC_ALL=C sort -k2); }
BEFORE=$(tree)

# --- --dry-run: lists, deletes nothing, needs no database -----------------------
check_rc "run retensi --dry-run exits 0 (no database running)" 0 $REKON run retensi --dry-run
check "dry run: lists exactly the files that would go, and the emptied folders" \
"  would delete $A/dtks/$OLDER/dtks-$OLDER.csv
  would remove $A/dtks/$OLDER/
  would delete $A/dtks/$OLD/dtks-$OLD.csv
  would delete $A/peserta/$OLD/peserta-$OLD.csv
  would delete $A/peserta/$OLD/peserta-$OLD.csv.1
  would remove $A/peserta/$OLD/
  would delete $A/kematian/$OLD/kematian-$OLD.xlsx
  would remove $A/kematian/$OLD/
  would delete $R/peserta/lama.csv
  would delete $R/peserta/lama.csv.error.txt
  would delete $R/segmen/segmen-lama.csv
  would delete $R/segmen/segmen-lama.csv.error.txt" \
	"$(grep '^  would ' "$T/last.out")"
check "dry run: the summary" \
	"  9 files would be deleted (archive 5, rejected 4), older than $EDGE; dry run: nothing deleted" \
	"$(tail -1 "$T/last.out")"
check "dry run: nothing deleted" "$BEFORE" "$(tree)"

t_pg_start
$REKON -q db migrate >/dev/null 2>&1
check "dry run: not recorded in job_run" "0" \
	"$(t_psql "SELECT count(*) FROM job_run WHERE job = 'retensi'")"

# --- the configuration ------------------------------------------------------------
sed 's/^retention_months = 2$/retention_months = -1/' "$T/rekon.conf" > "$T/neg.conf"
check_rc "retention_months = -1: config check exits 78" 78 "$REKON_BIN" -c "$T/neg.conf" config check
line=$(grep -n '^retention_months' "$T/neg.conf" | cut -d: -f1)
check "retention_months = -1: the error names file, line and key" \
	"$T/neg.conf:$line: [limits] retention_months: \"-1\" is out of range 0..1200" \
	"$(grep 'retention_months' "$T/last.err")"
check_rc "run retensi with retention_months = -1 exits 78" 78 "$REKON_BIN" -c "$T/neg.conf" run retensi
printf '\n[schedule]\nretensi = 30 3 * *\n' >> "$T/neg.conf"
sed -i 's/^retention_months = -1$/retention_months = 2/' "$T/neg.conf"
check_rc "[schedule] retensi with 4 fields: config check exits 78" 78 "$REKON_BIN" -c "$T/neg.conf" config check
check "[schedule] retensi: the error names the key" "1" \
	"$(grep -c '^'"$T"'/neg.conf:[0-9]*: \[schedule\] retensi: "30 3 \* \*" is not a cron expression' "$T/last.err")"
check_rc "config check" 0 $REKON config check
check "config check: [schedule] retensi defaults to 30 3 * * *" "1" \
	"$(grep -cx 'retensi = 30 3 \* \* \*' "$T/last.out")"
sed -i 's/^retensi = 30 3 \* \*$/retensi =/' "$T/neg.conf"
check_rc "[schedule] retensi empty (no schedule) is accepted" 0 "$REKON_BIN" -c "$T/neg.conf" config check
check_rc "run retensi --period exits 64" 64 $REKON run retensi --period "$CUR"
check_rc "run usulan --dry-run exits 64" 64 $REKON run usulan --dry-run --period "$CUR"

# --- retention_months = 0: keep forever ---------------------------------------------
sed 's/^retention_months = 2$/retention_months = 0/' "$T/rekon.conf" > "$T/zero.conf"
check_rc "retention_months = 0: run retensi exits 0" 0 "$REKON_BIN" -c "$T/zero.conf" run retensi
check "retention_months = 0: says so" "  retention_months = 0: every file is kept, nothing deleted" \
	"$(tail -1 "$T/last.out")"
check "retention_months = 0: nothing deleted" "$BEFORE" "$(tree)"
check "retention_months = 0: recorded, OK, rows 0" "retensi|$CUR|manual|OK|0" \
	"$(t_psql "SELECT job, period, trigger, outcome, rows FROM job_run WHERE job = 'retensi' ORDER BY id DESC LIMIT 1")"

# --- the run --------------------------------------------------------------------------
check_rc "run retensi exits 0" 0 $REKON run retensi
cp "$T/last.err" "$T/run1.err"
check "run: what is left" "d archive
d archive/dtks
d archive/dtks/$OLD
f archive/dtks/$OLD/.dtks-upload
l archive/dtks/$OLD/link.csv
d archive/feedback
l archive/feedback/$OLD
d archive/kematian
d archive/kematian/$EDGE
f archive/kematian/$EDGE/kematian-$EDGE.csv
d archive/peserta
d archive/peserta/$EDGE
f archive/peserta/$EDGE/peserta-$EDGE.csv
d archive/peserta/$NEW
f archive/peserta/$NEW/peserta-$NEW.csv
d archive/usulan
d archive/usulan/2020-13
f archive/usulan/2020-13/usulan-2020-13.csv
d archive/usulan/lain
f archive/usulan/lain/usulan.csv
d rejected
d rejected/peserta
f rejected/peserta/baru.csv
f rejected/peserta/baru.csv.error.txt
l rejected/peserta/tautan.csv
d rejected/segmen" "$(tree)"
check "run: the link's target outside the archive survives" "outside" "$(cat "$OUT/target.csv")"
check "run: the linked folder outside survives" "outside folder" "$(cat "$OUT/folder/inside.csv")"
check "run: modes untouched" "600 640 640 444" \
	"$(stat -c %a "$A/peserta/$EDGE/peserta-$EDGE.csv" "$A/kematian/$EDGE/kematian-$EDGE.csv" \
	"$R/peserta/baru.csv" "$OUT/target.csv" | tr '\n' ' ' | sed 's/ $//')"
check "run: the summary" "  9 files deleted (archive 5, rejected 4), older than $EDGE" \
	"$(tail -1 "$T/last.out")"
check "run: one log line per folder, with its count" \
"rekon: retensi: archive/dtks/$OLDER: 1 file deleted (older than 2 months); the empty folder removed
rekon: retensi: archive/dtks/$OLD: 1 file deleted (older than 2 months), 2 left alone
rekon: retensi: archive/peserta/$OLD: 2 files deleted (older than 2 months); the empty folder removed
rekon: retensi: archive/kematian/$OLD: 1 file deleted (older than 2 months); the empty folder removed
rekon: retensi: rejected/peserta: 2 files deleted (older than 2 months)
rekon: retensi: rejected/segmen: 2 files deleted (older than 2 months)
rekon: retensi: 9 files deleted (archive 5, rejected 4), older than $EDGE" \
	"$(grep -v -e 'not a period folder' -e 'not a folder,' "$T/run1.err")"
check "run: one warning per name that is no YYYY-MM folder, and the linked folder" \
"rekon: retensi: archive/usulan/2020-13: not a period folder (YYYY-MM), left alone
rekon: retensi: archive/usulan/lain: not a period folder (YYYY-MM), left alone
rekon: retensi: archive/feedback/$OLD: not a folder, left alone" \
	"$(grep -e 'not a period folder' -e 'not a folder,' "$T/run1.err")"
check "run: the log names no file" "0" "$(grep -c -e '\.csv' -e '\.xlsx' -e '\.txt' "$T/run1.err")"
check "job_run: retensi, manual, the current month, OK, rows 9, the message" \
	"retensi|$CUR|manual|OK|9|9 files deleted (archive 5, rejected 4), older than $EDGE" \
	"$(t_psql "SELECT job, period, trigger, outcome, rows, message FROM job_run WHERE job = 'retensi' ORDER BY id DESC LIMIT 1")"

check_rc "a second run exits 0" 0 $REKON run retensi
check "a second run: nothing left to delete" "  0 files deleted (archive 0, rejected 0), older than $EDGE" \
	"$(tail -1 "$T/last.out")"
check "a second run: the warning once again, once" "1" \
	"$(grep -c 'archive/usulan/lain: not a period folder' "$T/last.err")"

# --- a folder that cannot be read, a file that cannot be deleted: a warning
# naming it, the rest still done, exit 74 (EX_IOERR) ---------------------------
# Not root: a folder of mode 000.  Root reads everything: the dry run goes
# without the capabilities that bypass permissions (capsh; the embedded
# database would refuse such a process, a dry run needs none), and an
# immutable folder (chattr +i) holds a file even root cannot delete.
mkdir -p "$A/dtks/$OLDER" "$A/peserta/$OLDER"
printf 'x\n' > "$A/dtks/$OLDER/dtks.csv"
printf 'x\n' > "$A/peserta/$OLDER/peserta.csv"
chmod 000 "$A/dtks/$OLDER"
if [ "$(id -u)" != 0 ]; then
	check_rc "an unreadable folder: exit 74" 74 $REKON run retensi
	check "an unreadable folder: the rest is deleted" "no" \
		"$(test -e "$A/peserta/$OLDER" && echo yes || echo no)"
	check "an unreadable folder: the warning names it" "1" \
		"$(grep -c "^rekon: retensi: archive/dtks/$OLDER: Permission denied\$" "$T/last.err")"
	check "an unreadable folder: job_run GAGAL, rows 1, the message names it" \
		"GAGAL|1|1 file deleted (archive 1, rejected 0), older than $EDGE; 1 failure, the first: archive/dtks/$OLDER (Permission denied)" \
		"$(t_psql "SELECT outcome, rows, message FROM job_run WHERE job = 'retensi' ORDER BY id DESC LIMIT 1")"
elif command -v capsh >/dev/null 2>&1; then
	check_rc "an unreadable folder (dry run, no DAC override): exit 74" 74 \
		capsh --drop=cap_dac_override,cap_dac_read_search -- -c "$REKON run retensi --dry-run"
	check "an unreadable folder: the rest is still listed" \
		"  would delete $A/peserta/$OLDER/peserta.csv|  would remove $A/peserta/$OLDER/" \
		"$(grep '^  would ' "$T/last.out" | tr '\n' '|' | sed 's/|$//')"
	check "an unreadable folder: the warning names it" "1" \
		"$(grep -c "^rekon: retensi: archive/dtks/$OLDER: Permission denied\$" "$T/last.err")"
	check "an unreadable folder: the summary names it" \
		"  1 file would be deleted (archive 1, rejected 0), older than $EDGE; dry run: nothing deleted; 1 failure, the first: archive/dtks/$OLDER (Permission denied)" \
		"$(tail -1 "$T/last.out")"
else
	echo "skip an unreadable folder (root without capsh)"
fi
chmod 755 "$A/dtks/$OLDER"
if [ "$(id -u)" = 0 ] && chattr +i "$A/dtks/$OLDER" 2>/dev/null; then
	IMM=$A/dtks/$OLDER
	check_rc "a file that cannot be deleted: exit 74" 74 $REKON run retensi
	check "a file that cannot be deleted: the rest is deleted" "no" \
		"$(test -e "$A/peserta/$OLDER" && echo yes || echo no)"
	check "a file that cannot be deleted: it is still there, and its folder" "yes" \
		"$(test -f "$A/dtks/$OLDER/dtks.csv" && echo yes)"
	check "a file that cannot be deleted: the warning names it" "1" \
		"$(grep -c "^rekon: retensi: archive/dtks/$OLDER/dtks.csv: Operation not permitted\$" "$T/last.err")"
	check "a file that cannot be deleted: job_run GAGAL, rows 1, the message names it" \
		"GAGAL|1|1 file deleted (archive 1, rejected 0), older than $EDGE; 1 failure, the first: archive/dtks/$OLDER/dtks.csv (Operation not permitted)" \
		"$(t_psql "SELECT outcome, rows, message FROM job_run WHERE job = 'retensi' ORDER BY id DESC LIMIT 1")"
	chattr -i "$IMM"; IMM=
else
	echo "skip a file that cannot be deleted (not root, or no chattr +i here)"
fi
rm -rf "${A:?}/dtks/$OLDER" "${A:?}/peserta/$OLDER"

# --- a kind folder that is a symbolic link: not followed, named, exit 74 -------
mkdir -p "$OUT/kematian"
printf 'outside\n' > "$OUT/kematian/lama.csv"
TZ=$ZONE touch -d "$OLDT" "$OUT/kematian/lama.csv"
ln -s "$OUT/kematian" "$R/kematian"
check_rc "rejected/kematian a link: exit 74" 74 $REKON run retensi
check "rejected/kematian a link: the file behind it survives" "outside" "$(cat "$OUT/kematian/lama.csv")"
check "rejected/kematian a link: the summary names it" \
	"  0 files deleted (archive 0, rejected 0), older than $EDGE; 1 failure, the first: rejected/kematian (a symbolic link, not followed)" \
	"$(tail -1 "$T/last.out")"
rm "$R/kematian"

# --- the daemon, on its default schedule (30 3 * * *) -------------------------------
# Its clock starts 10 s before 03:30 today (region time): the job is due
# once, for the current month.  The other schedules are kept far away.
mkdir -p "$A/segmen/$OLD"
printf 'x\n' > "$A/segmen/$OLD/segmen-$OLD.csv"
printf 'x\n' > "$R/segmen/terlambat.csv"; TZ=$ZONE touch -d "$OLDT" "$R/segmen/terlambat.csv"
cat >> "$T/rekon.conf" <<'CONF'

[schedule]
usulan = 0 0 1 1 *
rekonsiliasi = 0 0 1 1 *
CONF
AT=$(TZ=$ZONE date -d "$(TZ=$ZONE date +%F) 03:30:00" +%s)
REKON_NOW=$((AT - 10)) $REKON daemon >"$T/daemon.out" 2>"$T/daemon.log" &
DPID=$!
q_sched="SELECT job, period, trigger, to_char(scheduled_for AT TIME ZONE '$ZONE', 'HH24:MI'),
	outcome, rows, message FROM job_run WHERE job = 'retensi' AND trigger = 'schedule'"
sched_done() { [ -n "$(t_psql "$q_sched AND outcome IS NOT NULL")" ]; }
wait_for 60 sched_done
check "daemon: retensi ran on schedule at 03:30, for the current month, OK, rows 2" \
	"retensi|$CUR|schedule|03:30|OK|2|2 files deleted (archive 1, rejected 1), older than $EDGE" \
	"$(t_psql "$q_sched")"
check "daemon: the files are gone" "no no" \
	"$(test -e "$A/segmen/$OLD" && echo yes || echo no) $(test -e "$R/segmen/terlambat.csv" && echo yes || echo no)"
check "daemon: its log has the folder's line" "1" \
	"$(grep -c "retensi: archive/segmen/$OLD: 1 file deleted (older than 2 months); the empty folder removed" "$T/daemon.log")"
check "daemon: ran once" "1" "$(t_psql "SELECT count(*) FROM job_run WHERE job = 'retensi' AND trigger <> 'manual'")"
kill -TERM "$DPID"
gone() { ! kill -0 "$DPID" 2>/dev/null; }
wait_for 30 gone
wait "$DPID"; rc=$?
DPID=
check "daemon: SIGTERM, exit 0" "0" "$rc"

# --- catch-up: the daemon back at 04:00 tomorrow missed tomorrow's 03:30 -------
REKON_NOW=$((AT + 86400 + 1800)) $REKON daemon >"$T/daemon.out" 2>"$T/daemon2.log" &
DPID=$!
q_catch="SELECT job, trigger, to_char(scheduled_for AT TIME ZONE '$ZONE', 'HH24:MI'),
	outcome FROM job_run WHERE job = 'retensi' AND trigger = 'catch_up'"
catch_done() { [ -n "$(t_psql "$q_catch AND outcome IS NOT NULL")" ]; }
wait_for 60 catch_done
check "daemon: catch-up of the missed 03:30, once, OK" "retensi|catch_up|03:30|OK" "$(t_psql "$q_catch")"
kill -TERM "$DPID"
wait_for 30 gone
wait "$DPID"; rc=$?
DPID=
check "daemon: SIGTERM again, exit 0" "0" "$rc"

if [ "$T_FAIL" != 0 ]; then sed 's/^/  daemon| /' "$T/daemon.log" | tail -20; fi
t_done
