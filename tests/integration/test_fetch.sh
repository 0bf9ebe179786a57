#!/bin/sh
# The fetch job against real servers on 127.0.0.1, started here:
#   https  tests/helpers/fetch_https.py (TLS with a certificate made here; ETag,
#          Last-Modified, 304), each request logged with its status
#   ftp    tests/helpers/fetch_ftp.py (pyftpdlib, user and password), RETRs logged
#   sftp   tests/helpers/fetch_sftp.py (paramiko, password, an ECDSA host key made
#          here; known_hosts written here), file opens logged
#   file:// a local directory
# Checked: conditional GET (304 writes nothing; a changed file comes
# again), TLS really verified, directory listing + pattern, a file seen
# before not fetched again, a new or changed file fetched, the host key
# checked, a secret file others can read refused, the size limit, retries,
# files landing complete (no temporary names), name collisions in the
# inbox, one failing source not stopping the others, the job_run rows, and
# a fetch on the daemon's schedule whose file the daemon then imports.
#
# Hidden settings used here: REKON_TEST_FETCH_DELAY_MS (retry delay),
# REKON_NOW (the daemon's clock).
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
PY=/usr/bin/python3
SPIDS=
DPID=
f_cleanup() {
	[ -n "$DPID" ] && kill -KILL "$DPID" 2>/dev/null
	for p in $SPIDS; do kill "$p" 2>/dev/null; done
	t_cleanup
}
trap f_cleanup EXIT INT TERM
export REKON_TEST_FETCH_DELAY_MS=100
unset CURL_CA_BUNDLE SSL_CERT_FILE

cp "$T/rekon.conf" "$T/base.conf"
IN=$T/state/inbox
mkdir -p "$T/www" "$T/ftp/outbox" "$T/sftp/outbox" "$T/local" "$T/secret"
chmod 700 "$T/secret"

# --- the servers ------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$T/tls.key" -out "$T/tls.crt" \
	>/dev/null 2>&1
$PY "$ROOT/tests/helpers/fetch_https.py" "$T/www" "$T/https.port" "$T/https.log" \
	"$T/tls.crt" "$T/tls.key" 2>"$T/https.err" &
SPIDS="$SPIDS $!"
$PY "$ROOT/tests/helpers/fetch_ftp.py" "$T/ftp" "$T/ftp.port" "$T/ftp.log" dinkes \
	'ftp-s3cret' 2>"$T/ftp.err" &
SPIDS="$SPIDS $!"
$PY "$ROOT/tests/helpers/fetch_sftp.py" "$T/sftp" "$T/sftp.port" "$T/sftp.log" dinkes \
	'sftp-s3cret' "$T/hostkey" 2>"$T/sftp.err" &
SPIDS="$SPIDS $!"
for s in https ftp sftp; do
	wait_for 20 test -s "$T/$s.port" || { echo "FAIL: $s server"; cat "$T/$s.err"; }
done
HP=$(cat "$T/https.port"); FP=$(cat "$T/ftp.port"); SP=$(cat "$T/sftp.port")
: > "$T/https.log"; : > "$T/ftp.log"; : > "$T/sftp.log"
printf 'ftp-s3cret\n' > "$T/secret/ftp"; chmod 600 "$T/secret/ftp"
printf 'sftp-s3cret\n' > "$T/secret/sftp"; chmod 600 "$T/secret/sftp"
printf '[127.0.0.1]:%s %s' "$SP" "$(cat "$T/hostkey.pub")" > "$T/known_hosts"

# conf SOURCE-TEXT...: rekon.conf = the base plus these lines.
conf() {
	cp "$T/base.conf" "$T/rekon.conf"
	printf '%s\n' "$@" >> "$T/rekon.conf"
}
# fetch: `rekon run fetch`, its exit code in $rc, output in $T/out, $T/err.
fetch() { $REKON run fetch >"$T/out" 2>"$T/err"; rc=$?; }
# fetch_ca: the same, trusting the test certificate.
fetch_ca() { CURL_CA_BUNDLE=$T/tls.crt $REKON run fetch >"$T/out" 2>"$T/err"; rc=$?; }
inbox() { (cd "$IN/$1" && ls -A | sort | tr '\n' ' '); }
nlines() { if [ -f "$1" ]; then wc -l < "$1" | tr -d ' '; else echo 0; fi; }

t_pg_start

# --- https: conditional GET -------------------------------------------------
printf 'NO KARTU;NIK;STATUS PESERTA\n0001;3325010101900001;AKTIF\n' > "$T/www/peserta-2026-11.csv"
touch -d '2026-11-01 08:00:00 UTC' "$T/www/peserta-2026-11.csv"
conf '[source.web]' "url = https://127.0.0.1:$HP/peserta-2026-11.csv" 'kind = peserta'
fetch_ca
check "https: first run exits 0" 0 "$rc"
check "https: the server answered 200 to a plain GET" "GET /peserta-2026-11.csv 200 INM=- IMS=-" \
	"$(cat "$T/https.log")"
check "https: the file is in inbox/peserta/, whole" "$(cat "$T/www/peserta-2026-11.csv")" \
	"$(cat "$IN/peserta/peserta-2026-11.csv" 2>&1)"
check "https: the output names it" "  web: peserta-2026-11.csv -> $IN/peserta/peserta-2026-11.csv" \
	"$(grep ' -> ' "$T/out")"
ETAG=$(t_psql "SELECT etag FROM fetch_file WHERE source = 'web'")
check "https: fetch_file keeps ETag, Last-Modified, size, mtime, local name, status" \
	"$(printf '"%s-%s"' "$(stat -c %s "$T/www/peserta-2026-11.csv")" "$($PY -c 'import os,sys; print(os.stat(sys.argv[1]).st_mtime_ns)' "$T/www/peserta-2026-11.csv")")|Sun, 01 Nov 2026 08:00:00 GMT|$(stat -c %s "$T/www/peserta-2026-11.csv")|2026-11-01 08:00:00|peserta-2026-11.csv|OK" \
	"$(t_psql "SELECT etag, last_modified, size, to_char(mtime AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), local_name, status FROM fetch_file WHERE source = 'web'")"
fetch_ca
check "https: second run exits 0" 0 "$rc"
check "https: second run sent If-None-Match and If-Modified-Since and got 304" \
	"GET /peserta-2026-11.csv 304 INM=$ETAG IMS=Sun, 01 Nov 2026 08:00:00 GMT" \
	"$(sed -n 2p "$T/https.log")"
check "https: 304 writes nothing" "peserta-2026-11.csv " "$(inbox peserta)"
check "https: the job says 0 fetched, 1 unchanged" "  0 files fetched, 1 unchanged, from 1 source" \
	"$(tail -1 "$T/out")"
printf 'NO KARTU;NIK;STATUS PESERTA\n0002;3325010101900002;AKTIF\n' > "$T/www/peserta-2026-11.csv"
touch -d '2026-11-02 08:00:00 UTC' "$T/www/peserta-2026-11.csv"
fetch_ca
check "https: a changed file is fetched again (200)" "200" "$(sed -n 3p "$T/https.log" | cut -d' ' -f3)"
check "https: beside the one still waiting, under a numbered name" \
	"peserta-2026-11.1.csv peserta-2026-11.csv " "$(inbox peserta)"
check "https: the new one holds the new content" "$(cat "$T/www/peserta-2026-11.csv")" \
	"$(cat "$IN/peserta/peserta-2026-11.1.csv" 2>&1)"
rm -f "$IN/peserta/"*

# TLS verification is on: without the test CA the certificate is refused.
fetch
check "https: an untrusted certificate fails the fetch (exit 75)" 75 "$rc"
check "https: the message says TLS and why" "yes" \
	"$(grep -q 'source web failed: peserta-2026-11.csv: TLS: SSL certificate problem: self-signed certificate' "$T/err" && echo yes)"
check "https: no request got through" 3 "$(nlines "$T/https.log")"
check "https: nothing in the inbox" "" "$(inbox peserta)"
check "job_run: the failed run recorded, naming the source" \
	"fetch|manual|GAGAL|1 of 1 source failed (0 files fetched): source web: peserta-2026-11.csv: TLS: SSL certificate problem: self-signed certificate" \
	"$(t_psql "SELECT job, trigger, outcome, message FROM job_run WHERE job = 'fetch' ORDER BY id DESC LIMIT 1")"
check "job_run: its period is the current month" "$(TZ=Asia/Jakarta date +%Y-%m)" \
	"$(t_psql "SELECT period FROM job_run WHERE job = 'fetch' ORDER BY id DESC LIMIT 1")"
check "fetch_file: the failure is kept (GAGAL, its message), the ETag too" "GAGAL|TLS: SSL certificate problem: self-signed certificate|t" \
	"$(t_psql "SELECT status, message, etag IS NOT NULL FROM fetch_file WHERE source = 'web'")"
fetch_ca
check "https: after a failure, a plain GET again (200)" "200 INM=- IMS=-" \
	"$(sed -n 4p "$T/https.log" | cut -d' ' -f3-5)"
rm -f "$IN/peserta/"*

# --- ftp: a directory, a pattern, files seen before -------------------------
printf 'NIK;NAMA\n3325010101900003;SATU\n' > "$T/ftp/outbox/usulan-2026-11-a.csv"
printf 'NIK;NAMA\n3325010101900004;DUA\n' > "$T/ftp/outbox/usulan-2026-11-b.csv"
printf 'bukan usulan\n' > "$T/ftp/outbox/catatan.txt"
mkdir "$T/ftp/outbox/usulan-arsip"
conf '[source.ftp]' "url = ftp://127.0.0.1:$FP/outbox/" 'pattern = usulan-*' \
	'kind = usulan' 'user = dinkes' "password_file = $T/secret/ftp"
fetch
check "ftp: exits 0" 0 "$rc"
check "ftp: the two matching files, not the other, not a matching directory" "usulan-2026-11-a.csv usulan-2026-11-b.csv " \
	"$(inbox usulan)"
check "ftp: retrieved once each" "RETR usulan-2026-11-a.csv
RETR usulan-2026-11-b.csv" "$(sort "$T/ftp.log")"
check "ftp: the files are whole" "$(cat "$T/ftp/outbox/usulan-2026-11-b.csv")" \
	"$(cat "$IN/usulan/usulan-2026-11-b.csv")"
check "ftp: the password is never logged" "no" \
	"$(grep -q 'ftp-s3cret' "$T/out" "$T/err" && echo yes || echo no)"
fetch
check "ftp: second run retrieves nothing" 2 "$(nlines "$T/ftp.log")"
check "ftp: second run: 0 fetched, 2 unchanged" "  0 files fetched, 2 unchanged, from 1 source" \
	"$(tail -1 "$T/out")"
rm -f "$IN/usulan/"*
printf 'NIK;NAMA\n3325010101900005;TIGA\n' > "$T/ftp/outbox/usulan-2026-11-c.csv"
fetch
check "ftp: a new file is fetched, alone" "RETR usulan-2026-11-c.csv" "$(sed -n 3,9p "$T/ftp.log")"
check "ftp: it is in the inbox" "usulan-2026-11-c.csv " "$(inbox usulan)"
printf '3325010101900006;EMPAT\n' >> "$T/ftp/outbox/usulan-2026-11-a.csv"
fetch
check "ftp: a file whose size changed is fetched again" "RETR usulan-2026-11-a.csv" \
	"$(sed -n 4,9p "$T/ftp.log")"
check "ftp: its new content, beside the waiting one" "$(cat "$T/ftp/outbox/usulan-2026-11-a.csv")" \
	"$(cat "$IN/usulan/usulan-2026-11-a.csv")"
rm -f "$IN/usulan/"*

# A secret file others can read is refused, and nothing is fetched.
chmod 644 "$T/secret/ftp"
printf 'NIK;NAMA\n3325010101900007;LIMA\n' > "$T/ftp/outbox/usulan-2026-11-d.csv"
fetch
check "ftp: a secret file of mode 0644 fails the source (exit 75)" 75 "$rc"
check "ftp: the message says so plainly" "yes" \
	"$(grep -qF "source ftp failed: secret file $T/secret/ftp is readable by others (mode 0644); chmod 600 it" "$T/err" && echo yes)"
check "ftp: nothing was retrieved" 4 "$(nlines "$T/ftp.log")"
chmod 600 "$T/secret/ftp"
rm -f "$T/ftp/outbox/usulan-2026-11-d.csv"

# --- sftp: the host key checked -------------------------------------------
printf 'NIK;HASIL\n3325010101900008;BERHASIL\n' > "$T/sftp/outbox/feedback-2026-11.csv"
printf 'x\n' > "$T/sftp/outbox/readme.txt"
mkdir "$T/sftp/outbox/feedback-arsip"
conf '[source.sftp]' "url = sftp://127.0.0.1:$SP/outbox/" 'pattern = feedback-*' \
	'kind = feedback' 'user = dinkes' "password_file = $T/secret/sftp" \
	"known_hosts = $T/known_hosts"
fetch
check "sftp: exits 0" 0 "$rc"
[ "$rc" = 0 ] || sed 's/^/     | /' "$T/err" | head -5
check "sftp: the matching file (not the matching directory) is in inbox/feedback/, whole" "$(cat "$T/sftp/outbox/feedback-2026-11.csv")" \
	"$(cat "$IN/feedback/feedback-2026-11.csv" 2>&1)"
check "sftp: only it was read" "READ feedback-2026-11.csv" "$(cat "$T/sftp.log")"
fetch
check "sftp: second run reads nothing" 1 "$(nlines "$T/sftp.log")"
rm -f "$IN/feedback/"*
$PY -c 'import paramiko; k = paramiko.ECDSAKey.generate(bits=256); print(k.get_name(), k.get_base64())' > "$T/other.pub"
printf '[127.0.0.1]:%s %s' "$SP" "$(cat "$T/other.pub")" > "$T/known_hosts"
printf 'NIK;HASIL\n3325010101900009;GAGAL\n' > "$T/sftp/outbox/feedback-2026-12.csv"
fetch
check "sftp: a host key that does not match is refused (exit 75)" 75 "$rc"
check "sftp: the message says the key does not match" "yes" \
	"$(grep -q "host key does not match the one in known_hosts" "$T/err" && echo yes)"
check "sftp: nothing read, nothing in the inbox" "1 " "$(nlines "$T/sftp.log") $(inbox feedback)"
printf '127.0.0.2 %s' "$(cat "$T/hostkey.pub")" > "$T/known_hosts"
fetch
check "sftp: a host not in known_hosts is refused" "yes" \
	"$(grep -q "host key is not in known_hosts" "$T/err" && echo yes)"
conf '[source.sftp]' "url = sftp://127.0.0.1:$SP/outbox/" 'kind = feedback' \
	'user = dinkes' "password_file = $T/secret/sftp"
fetch
check "sftp: without known_hosts the source is refused" "yes" \
	"$(grep -q "an sftp source needs known_hosts" "$T/err" && echo yes)"
printf '[127.0.0.1]:%s %s' "$SP" "$(cat "$T/hostkey.pub")" > "$T/known_hosts"

# --- file://, the size limit, retries, one failure among several ---------------
printf 'NIK;TGL MENINGGAL\n3325010101900010;01-11-2026\n' > "$T/local/kematian-2026-11.csv"
head -c 1100000 /dev/zero | tr '\0' 'x' > "$T/local/kematian-besar-2026-11.csv"
cp "$T/local/kematian-besar-2026-11.csv" "$T/www/besar.csv"
conf '[limits]' 'max_file_mb = 1' \
	'[source.lokal]' "url = file://$T/local/" 'pattern = kematian-*.csv' 'kind = kematian' \
	'[source.besar]' "url = https://127.0.0.1:$HP/besar.csv" 'kind = peserta' \
	'[source.mati]' "url = https://127.0.0.1:1/tidak-ada.csv" 'kind = peserta' \
	'[source.ftp]' "url = ftp://127.0.0.1:$FP/outbox/" 'pattern = usulan-*.csv' \
	'kind = usulan' 'user = dinkes' "password_file = $T/secret/ftp"
printf 'NIK;NAMA\n3325010101900011;ENAM\n' > "$T/ftp/outbox/usulan-2026-12.csv"
fetch_ca
check "several sources, some failing: exit 75" 75 "$rc"
check "file://: the small file is fetched, the large one refused" "kematian-2026-11.csv " \
	"$(inbox kematian)"
check "file://: the refusal names the limit" "yes" \
	"$(grep -q 'kematian-besar-2026-11.csv: 1100000 bytes, larger than \[limits\] max_file_mb (1 MB): refused' "$T/err" && echo yes)"
check "https: a download over the limit is refused, nothing lands" "" "$(inbox peserta)"
check "https: the refusal names the limit" "yes" \
	"$(grep -q 'source besar failed: besar.csv: larger than \[limits\] max_file_mb (1 MB): refused' "$T/err" && echo yes)"
check "a server that is down: tried 3 times" "yes" \
	"$(grep -q 'source mati failed: tidak-ada.csv: .*(after 3 attempts)' "$T/err" && echo yes)"
check "a failing source does not stop the next: ftp still fetched" "usulan-2026-12.csv " \
	"$(inbox usulan)"
check "job_run names every failed source" "3 of 4 sources failed (2 files fetched)|t|t|t" \
	"$(t_psql "SELECT split_part(message, ': ', 1), message LIKE '%source lokal: %',
		message LIKE '%source besar: %', message LIKE '%source mati: %'
		FROM job_run WHERE job = 'fetch' ORDER BY id DESC LIMIT 1")"
check "no temporary names left in the inbox" "" "$(find "$IN" -name '.*' | head -3)"
check "every file in the inbox is whole (no partial besar)" "" \
	"$(find "$IN" -type f -size +1000k | head -3)"
fetch
check "file://: second run fetches nothing new" "kematian-2026-11.csv usulan-2026-12.csv" \
	"$(ls "$IN/kematian" "$IN/usulan" | grep -v '^$' | grep -v ':$' | sort | tr '\n' ' ' | sed 's/ $//')"
# A temporary file an interrupted run left is removed by the next run.
printf 'half' > "$IN/usulan/.fetch-ABCDEF"
fetch
check "a stale temporary file is removed" "no" "$([ -e "$IN/usulan/.fetch-ABCDEF" ] && echo yes || echo no)"
check "a password in the URL is refused" "yes" "$(
	conf '[source.x]' 'url = ftp://dinkes:rahasia@127.0.0.1:1/outbox/' 'kind = usulan'
	$REKON run fetch 2>&1 | grep -q 'the URL holds a password: put it in password_file' && echo yes)"
rm -rf "${IN:?}"/*/*

# --- rekon run inbox: what waits in the inbox imported now ----------------------
$REKON gen --out "$T/gen" --scale 10 --seed 3 --period 2026-11 --months 2 >/dev/null 2>&1
rm -f "$T/local/"*
cp "$T/gen/kematian-2026-11.csv" "$T/local/"
printf 'nama,alamat\nBudi,Jl. Mawar 1\n' > "$T/local/kematian-rusak-2026-11.csv"
conf '[source.lokal]' "url = file://$T/local/" 'pattern = kematian-*.csv' 'kind = kematian'
fetch
check "file://: both fetched" "kematian-2026-11.csv kematian-rusak-2026-11.csv " "$(inbox kematian)"
$REKON run inbox >"$T/out" 2>"$T/err"; rc=$?
check "run inbox: exits 0" 0 "$rc"
check "run inbox: the good file imported and archived" "yes" \
	"$(test -f "$T/state/archive/kematian/2026-11/kematian-2026-11.csv" && echo yes)"
check "run inbox: the bad one rejected beside its .error.txt" "yes" \
	"$(test -f "$T/state/rejected/kematian/kematian-rusak-2026-11.csv.error.txt" && echo yes)"
check "run inbox: the inbox is empty" "" "$(inbox kematian)"
check "run inbox: recorded in job_run" \
	"inbox|manual|OK|1 imported, 0 already imported, 1 refused (moved to $T/state/rejected), 0 left in the inbox" \
	"$(t_psql "SELECT job, trigger, outcome, message FROM job_run WHERE job = 'inbox'")"
check "run inbox: one kematian batch for 2026-11" "1" \
	"$(t_psql "SELECT count(*) FROM batch WHERE kind = 'kematian' AND period = '2026-11' AND outcome = 'OK'")"
rm -f "$T/local/"*

# --- the daemon: fetch on its schedule, the file then imported ----------------
cp "$T/gen/kematian-2026-10.csv" "$T/gen/segmen-pbi-apbd-prov-2026-10.csv" "$T/local/"
conf '[schedule]' 'fetch = */5 * * * *' 'catch_up = no' \
	'[source.lokal]' "url = file://$T/local/" 'pattern = kematian-*.csv' 'kind = kematian' \
	'[source.prov]' "url = file://$T/local/" 'pattern = segmen-*.csv' 'kind = segmen' \
	'segmen = PBPU_PEMDA' 'label = PBI_APBD_PROV'
# The clock says 2026-11-20 11:59:57 WIB: the fetch is due in 3 s.
NOW=1795150797
REKON_NOW=$NOW REKON_QUIET_SECONDS=600 $REKON daemon >"$T/daemon.out" 2>"$T/daemon.log" &
DPID=$!
q_sched="SELECT job, period, trigger, to_char(scheduled_for AT TIME ZONE 'Asia/Jakarta',
	'YYYY-MM-DD HH24:MI'), outcome, message FROM job_run WHERE job = 'fetch' AND trigger = 'schedule'"
sched_done() { [ -n "$(t_psql "$q_sched" | cut -d'|' -f5)" ]; }
wait_for 60 sched_done
check "daemon: the fetch ran on its schedule (12:00), OK" \
	"fetch|2026-11|schedule|2026-11-20 12:00|OK|2 files fetched, 0 unchanged, from 2 sources" \
	"$(t_psql "$q_sched")"
wait_for 60 test -f "$T/state/archive/kematian/2026-10/kematian-2026-10.csv"
check "daemon: the fetched file was imported and archived" "yes" \
	"$(test -f "$T/state/archive/kematian/2026-10/kematian-2026-10.csv" && echo yes)"
check "daemon: one kematian batch for 2026-10" "1" \
	"$(t_psql "SELECT count(*) FROM batch WHERE kind = 'kematian' AND period = '2026-10' AND outcome <> 'DITOLAK'")"
wait_for 60 test -f "$T/state/archive/segmen/2026-10/segmen-pbi-apbd-prov-2026-10.csv"
check "daemon: the segmen list imported with its source's segmen and label" \
	"segmen-pbi-apbd-prov-2026-10.csv|PBPU_PEMDA|PBI_APBD_PROV" \
	"$(t_psql "SELECT file_name, segmen, label FROM batch WHERE kind = 'segmen'")"
$REKON status >"$T/status.out" 2>&1
check "status: fetch's last run (schedule, OK) and its message" "yes" \
	"$(grep -Eq '^fetch +2026-11 .* schedule +OK +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} +2 files fetched' "$T/status.out" && echo yes)"
kill -TERM "$DPID"
wait "$DPID"; rc=$?
DPID=
check "daemon: stops with exit 0" 0 "$rc"

for p in $SPIDS; do kill "$p" 2>/dev/null; done
SPIDS=
if [ "$T_FAIL" != 0 ]; then sed 's/^/  err| /' "$T/err" | tail -20; sed 's/^/  daemon| /' "$T/daemon.log" 2>/dev/null | tail -20; fi
t_done
