#!/bin/sh
# Crash safety: rekon killed with SIGKILL at many moments of an
# import and of the writing of the workbooks, and a disk that fills up
# while a workbook is written.
#
# Each kill lands at a fraction of the time the same work took in one whole
# run (measured first), so the kills spread over the work on any machine;
# what is asserted holds wherever a kill lands: a batch is all its rows or
# absent, no staging table or partition without its batch is left, every
# workbook in the outbox is a whole one, and the next run succeeds and
# clears what the killed writers left.  How many kills landed mid-way is
# printed, never asserted (timing is not a test's pass/fail).
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
t_pg_start
P=2026-10
G=$T/gen
KILLS=${CRASH_KILLS:-12}
$REKON_BIN gen --out "$G" --scale 6000 --seed 11 --period 2026-11 --months 2 >/dev/null 2>&1

now_ms() { date +%s%3N; }
# sleep_ms N: sleep N milliseconds.
sleep_ms() { sleep "$(awk -v n="$1" 'BEGIN { printf "%.3f", n / 1000 }')"; }

# run_killed MS CMD...: start CMD in a session of its own, SIGKILL the whole
# session after MS milliseconds (the command and any child it forked).
# Prints "mid" when the kill landed while it ran, "after" when it had ended.
run_killed() {
	_ms=$1; shift
	setsid "$@" >/dev/null 2>&1 &
	_pid=$!
	sleep_ms "$_ms"
	if kill -0 "$_pid" 2>/dev/null; then
		kill -9 -- "-$_pid" 2>/dev/null
		echo mid
	else
		echo after
	fi
	wait "$_pid" 2>/dev/null
	# No process of the session outlives the kill.
	wait_for 10 sh -c "! pgrep -s $_pid >/dev/null" || echo "session $_pid left processes"
}

# What an import must never leave: one line per violation, none when sound.
import_violations() {
	t_psql "SELECT 'batch ' || b.id || ': ' || b.accepted || ' accepted, '
	                || (SELECT count(*) FROM dtks_row r WHERE r.batch_id = b.id) || ' rows'
	          FROM batch b WHERE b.kind = 'dtks' AND b.outcome = 'OK'
	           AND b.accepted <> (SELECT count(*) FROM dtks_row r WHERE r.batch_id = b.id)
	        UNION ALL
	        SELECT 'batch ' || b.id || ': ' || b.rejected || ' rejected, '
	                || (SELECT count(*) FROM rejected_row j WHERE j.batch_id = b.id) || ' rows'
	          FROM batch b WHERE b.kind = 'dtks'
	           AND b.rejected <> (SELECT count(*) FROM rejected_row j WHERE j.batch_id = b.id)
	        UNION ALL
	        SELECT 'batch ' || id || ': rows_read ' || rows_read || ' <> accepted + rejected + blank'
	          FROM batch WHERE outcome = 'OK' AND rows_read <> accepted + rejected + blank
	        UNION ALL
	        SELECT 'staging table ' || relname FROM pg_class WHERE relname LIKE '%\\_impor'
	        UNION ALL
	        SELECT 'partition without batch: ' || c.relname
	          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
	         WHERE c.relkind = 'r' AND c.relname LIKE '%\\_row\\_b%'
	           AND NOT EXISTS (SELECT 1 FROM batch b WHERE c.relname = b.kind || '_row_b' || b.id)
	        UNION ALL
	        SELECT 'rows without batch: ' || count(*) FROM dtks_row r
	         WHERE NOT EXISTS (SELECT 1 FROM batch b WHERE b.id = r.batch_id) HAVING count(*) > 0"
}

# --- kill -9 during an import, many times ---------------------------------------
DTKS=$G/dtks-$P.csv
t0=$(now_ms)
check_rc "a whole import of the DTKS extract (timed)" 0 $REKON -q import dtks "$DTKS"
IMPORT_MS=$(($(now_ms) - t0))
WANT=$(t_psql "SELECT accepted || '/' || rejected || '/' || blank FROM batch WHERE kind = 'dtks'")
$REKON -q batch drop "$(t_psql "SELECT id FROM batch WHERE kind = 'dtks'")" >/dev/null 2>&1
check "the batch dropped, ready for the kills" "0" "$(t_psql "SELECT count(*) FROM batch WHERE kind = 'dtks'")"
i=0; mid=0; bad=""; leftover=""
while [ "$i" -lt "$KILLS" ]; do
	i=$((i + 1))
	at=$(run_killed $((IMPORT_MS * i / (KILLS + 1))) $REKON -q import dtks "$DTKS")
	case $at in *left*) leftover="$leftover $at" ;; esac
	case $at in mid*) mid=$((mid + 1)) ;; esac
	v=$(import_violations)
	[ -n "$v" ] && bad="$bad kill $i: $v;"
	# A kill after the COMMIT leaves the whole batch: the same counts.
	got=$(t_psql "SELECT accepted || '/' || rejected || '/' || blank FROM batch WHERE kind = 'dtks'")
	[ -n "$got" ] && [ "$got" != "$WANT" ] && bad="$bad kill $i: batch $got, want $WANT;"
	[ -n "$got" ] && $REKON -q batch drop "$(t_psql "SELECT id FROM batch WHERE kind = 'dtks'")" >/dev/null 2>&1
done
echo "     ($KILLS kills over ${IMPORT_MS} ms of import: $mid while it ran)"
check "after each of $KILLS kills: a batch has all its rows or is absent, no staging table, no orphan partition" "" "$bad"
check "no process of a killed import survives it" "" "$leftover"
check_rc "the next import succeeds" 0 $REKON -q import dtks "$DTKS"
check "with the whole file" "1 $WANT" \
	"$(t_psql "SELECT count(*) || ' ' || min(accepted || '/' || rejected || '/' || blank) FROM batch WHERE kind = 'dtks' AND outcome = 'OK'")"
check "and nothing unsound" "" "$(import_violations)"

# --- kill -9 during the workbooks -------------------------------------------------
t_import_gen "$G"/usulan-$P.csv "$G"/feedback-$P.csv "$G"/peserta-$P.csv \
	"$G"/segmen-*-$P.csv "$G"/kematian-$P.csv
OUT=$T/state/outbox/$P
t0=$(now_ms)
check_rc "a whole run all (timed)" 0 $REKON -q run all --period $P
ALL_MS=$(($(now_ms) - t0))
FILES=$(cd "$OUT" && find . -type f ! -name '.*' ! -path '*/.*' | sort)
echo "$FILES" > "$T/files"
check "run all wrote the workbooks, the CSV and the summary" "yes" \
	"$(echo "$FILES" | grep -q 'rekonsiliasi-2026-10.xlsx' && echo "$FILES" | grep -q 'sk-lampiran-2026-10.xlsx' \
	   && echo "$FILES" | grep -q 'usulan-2026-10-bpjs.csv' && echo "$FILES" | grep -q 'kembali/.*\.xlsx' \
	   && echo "$FILES" | grep -q 'rekonsiliasi-2026-10.json' && echo yes)"

# Every file under the outbox's visible names is whole: each workbook a
# zip whose every member passes its CRC, the summary parseable JSON.
outbox_torn() {
	/usr/bin/python3 - "$OUT" <<'PY'
import json, os, sys, zipfile
root = sys.argv[1]
for d, dirs, files in os.walk(root):
    dirs[:] = [x for x in dirs if not x.startswith('.')]
    for f in files:
        if f.startswith('.'):
            continue
        p = os.path.join(d, f)
        try:
            if f.endswith('.xlsx'):
                with zipfile.ZipFile(p) as z:
                    if z.testzip() is not None or 'xl/workbook.xml' not in z.namelist():
                        print('torn', os.path.relpath(p, root))
            elif f.endswith('.json'):
                json.load(open(p))
            elif f.endswith('.csv') and open(p, 'rb').read()[-1:] not in (b'\n', b''):
                print('torn', os.path.relpath(p, root))
        except Exception as e:
            print('torn', os.path.relpath(p, root), type(e).__name__)
PY
}
i=0; mid=0; bad=""; leftover=""
while [ "$i" -lt "$KILLS" ]; do
	i=$((i + 1))
	at=$(run_killed $((ALL_MS * i / (KILLS + 1))) $REKON -q run all --period $P)
	case $at in *left*) leftover="$leftover $at" ;; esac
	case $at in mid*) mid=$((mid + 1)) ;; esac
	v=$(outbox_torn)
	[ -n "$v" ] && bad="$bad kill $i: $v;"
	now=$(cd "$OUT" && find . -type f ! -name '.*' ! -path '*/.*' | sort)
	[ "$now" = "$FILES" ] || bad="$bad kill $i: the files changed: $(echo "$now" | diff - "$T/files" | grep '^[<>]' | tr '\n' ' ');"
done
echo "     ($KILLS kills over ${ALL_MS} ms of run all: $mid while it ran)"
check "after each of $KILLS kills: every workbook, CSV and summary in the outbox is whole, none missing" "" "$bad"
check "no process of a killed run survives it" "" "$leftover"
check_rc "the next run all succeeds" 0 $REKON -q run all --period $P
check "and the temporary files the killed writers left are gone" "" \
	"$(cd "$OUT" && find . -name '.*' ! -name . | sort)"
check "the outbox holds the same files" "$FILES" "$(cd "$OUT" && find . -type f ! -name '.*' ! -path '*/.*' | sort)"
check "all of them whole" "" "$(outbox_torn)"

# A leftover that a writer still holds is not taken by another writer.
touch "$OUT/.rekonsiliasi-$P.xlsx.AAAAAA"
setsid flock "$OUT/.rekonsiliasi-$P.xlsx.AAAAAA" sleep 60 &
HOLDER=$!
wait_for 5 sh -c "! flock -n '$OUT/.rekonsiliasi-$P.xlsx.AAAAAA' true"
touch "$OUT/.rekonsiliasi-$P.xlsx.BBBBBB"
check_rc "rekonsiliasi beside a locked and an unlocked temporary name" 0 $REKON -q rekonsiliasi --period $P
check "the locked one (a writer at work) stays, the unlocked one (a dead writer's) goes" \
	".rekonsiliasi-$P.xlsx.AAAAAA" "$(cd "$OUT" && ls -A | grep '^\.rekonsiliasi')"
kill -- "-$HOLDER" 2>/dev/null; wait "$HOLDER" 2>/dev/null
rm -f "$OUT/.rekonsiliasi-$P.xlsx.AAAAAA"

# --- disk full while a workbook is written -----------------------------------------
# The outbox on a small tmpfs, in a mount namespace of the test's own.
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	SMALL=$T/small
	mkdir -p "$SMALL"
	printf '[paths]\noutbox = %s\n' "$SMALL" >> "$T/rekon.conf"
	cat > "$T/diskfull.sh" <<EOF
set -u
mount -t tmpfs -o size=24m,mode=0750 tmpfs "$SMALL" || exit 90
$REKON -q rekonsiliasi --period $P >/dev/null 2>&1; echo "first=\$?"
(cd "$SMALL/$P" && sha256sum rekonsiliasi-$P.xlsx rekonsiliasi-$P.json) > "$T/before.sum"
# Fill the disk, then free 64 KB: the new workbook starts, and cannot end.
dd if=/dev/zero of="$SMALL/filler" bs=64k >/dev/null 2>&1
truncate -s -64K "$SMALL/filler"
$REKON run rekonsiliasi --period $P >"$T/full.out" 2>"$T/full.err"; echo "full=\$?"
(cd "$SMALL/$P" && sha256sum rekonsiliasi-$P.xlsx rekonsiliasi-$P.json) > "$T/after.sum"
echo "leftover=\$(cd "$SMALL/$P" && ls -A | grep '^\.' | tr '\n' ' ')"
rm -f "$SMALL/filler"
$REKON -q rekonsiliasi --period $P >/dev/null 2>&1; echo "again=\$?"
umount "$SMALL"
EOF
	unshare -m sh "$T/diskfull.sh" > "$T/diskfull.res" 2>&1
	res() { sed -n "s/^$1=//p" "$T/diskfull.res"; }
	check "disk full: the first rekonsiliasi on the small disk succeeds" "0" "$(res first)"
	check "disk full: rekonsiliasi fails with EX_CANTCREAT" "73" "$(res full)"
	check "disk full: the message says why and names the file" "1" \
		"$(grep -c "^rekon: rekonsiliasi $P: .*/rekonsiliasi-$P.xlsx: cannot write workbook: No space left on device" "$T/full.err")"
	check "disk full: the previous workbook and summary stay, byte for byte" \
		"$(cat "$T/before.sum")" "$(cat "$T/after.sum")"
	check "disk full: no temporary file left behind" "" "$(res leftover | tr -d ' ')"
	check "disk full: the failure is recorded for rekon status" "GAGAL|1" \
		"$(t_psql "SELECT outcome || '|' || (message LIKE '%No space left on device%')::int FROM job_run
		           WHERE job = 'rekonsiliasi' ORDER BY id DESC OFFSET 1 LIMIT 1")"
	check "disk full: with room again, the next run succeeds" "0" "$(res again)"
else
	echo "skip disk full: needs root and mount namespaces (unshare -m)"
fi

t_done
