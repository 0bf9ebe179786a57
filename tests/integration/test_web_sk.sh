#!/bin/sh
# The SK approval chain (web.md "The SK approval chain") and the operator's
# requests ("run now", "record as sent": web.md "Process and deployment"),
# over HTTP on a real `rekon web` and a real `rekon daemon` that carries the
# requests out, on a throwaway PostgreSQL. The Kabid and the Sekdis
# initial, each step recording the SHA-256 of the lampiran it saw; a step out
# of turn, a stale page, a refusal without a note are refused with their
# exact answers; a refusal and a changed lampiran (the SK nomor) send the
# chain back to DRAF, and the log says why; `rekon sk --final` on the command
# line refuses once the chain has started; the Kadis approves and the daemon
# closes the period as `sk --final` does, recorded as the Kadis's; an
# approval whose stored list changed meanwhile is refused and the chain goes
# back to DRAF. Synthetic people only.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
U=http://127.0.0.1:$PORT
cat >> "$T/rekon.conf" <<CONF

[web]
listen = 127.0.0.1:$PORT

[schedule]
retensi =
catch_up = no
CONF
t_pg_start
P=2026-11
mkdir -p "$T/in"
{
	printf 'NO KARTU;NIK;NO KK;NAMA;STATUS;SEGMEN;KELURAHAN;KECAMATAN\n'
	printf '0001234567890;3325010101700001;3325010101100013;BUDI SANTOSO;AKTIF;PBPU PEMDA;SUKA MAJU;KOTA\n'
	printf '0001234567891;3325014101700002;3325010101100013;SITI AMINAH;AKTIF;PBPU PEMDA;SUKA MAJU;KOTA\n'
	printf '0001234567892;3325010101700003;3325010101100021;AHMAD DAHLAN;AKTIF;PBPU PEMDA;SUKA DAMAI;KOTA\n'
} > "$T/in/peserta-$P.csv"
t_imp peserta "$T/in/peserta-$P.csv" $P
$REKON -q rekonsiliasi --period $P >/dev/null 2>&1
$REKON -q sk --period $P >/dev/null 2>&1
for u in oper1:operator kabid1:kabid sekdis1:sekdis kadis1:kadis; do
	printf 'rahasia-%s-01\n' "${u%%:*}" | $REKON -q user add "${u%%:*}" --role "${u#*:}" >/dev/null 2>&1
done
check "the SK list of $P" "3" "$(t_psql "SELECT count(*) FROM sk_daftar WHERE period = '$P'")"
check "the lampiran written is remembered with what it prints" "1|64|64" \
	"$(t_psql "SELECT count(*), min(length(sha256)), min(length(isi)) FROM sk_berkas WHERE period = '$P'")"

$REKON web > "$T/web.log" 2>&1 &
T_PIDS=$!
wait_for 10 curl -s -o /dev/null "$U/masuk"

login() {
	curl -s -c "$1" -b "$1" "$U/masuk" > "$T/form.html"
	_cs=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/form.html")
	curl -s -o /dev/null -w '%{http_code}' -c "$1" -b "$1" \
		--data-urlencode "csrf=$_cs" --data-urlencode "nama=$2" --data-urlencode "sandi=rahasia-$2-01" "$U/masuk"
}
field() { sed -n "s/.*name=\"$2\" value=\"\([^\"]*\)\".*/\1/p" "$1" | head -1; }
pesan() { sed -n 's/.*<p class="pesan"[^>]*>\([^<]*\)<.*/\1/p' "$1"; }
status() { sed -n 's/.*<strong id="status">\([^<]*\)<.*/\1/p' "$1"; }
# step JAR ACTION [NOTE] [SHA]: the /sk page, then its form posted; prints
# the HTTP code and keeps the answer in $T/step.html.
step() {
	curl -s -b "$1" "$U/sk?p=$P" > "$T/sk.html"
	_cs=$(field "$T/sk.html" csrf)
	_sha=${4:-$(sed -n 's/.*<code id="sha">\([0-9a-f]*\)<.*/\1/p' "$T/sk.html")}
	curl -s -o "$T/step.html" -w '%{http_code}' -b "$1" --data-urlencode "csrf=$_cs" \
		--data-urlencode "p=$P" --data-urlencode "sha256=$_sha" --data-urlencode "aksi=$2" \
		--data-urlencode "catatan=${3:-}" "$U/sk"
}
chain() { t_psql "SELECT string_agg(langkah || ':' || coalesce(peran, '-') || ':' || coalesce(pengguna, '-'), ' ' ORDER BY id) FROM sk_langkah WHERE period = '$P'"; }
for u in oper1 kabid1 sekdis1 kadis1; do
	check "login $u" 303 "$(login "$T/$u.jar" $u)"
done

# --- the page ------------------------------------------------------------------
curl -s -b "$T/kabid1.jar" "$U/sk?p=$P" > "$T/sk.html"
check "the Kabid's page: DRAF, the file's SHA-256, 3 people, the form" "DRAF|$(sha256sum "$T/state/outbox/$P/sk-lampiran-$P.xlsx" | cut -c1-64)|3|1" \
	"$(status "$T/sk.html")|$(sed -n 's/.*<code id="sha">\([0-9a-f]*\)<.*/\1/p' "$T/sk.html")|$(sed -n 's/.*<span id="jumlah">\([0-9]*\)<.*/\1/p' "$T/sk.html")|$(grep -c 'id="paraf"' "$T/sk.html")"
curl -s -b "$T/sekdis1.jar" "$U/sk?p=$P" > "$T/sk2.html"
check "the Sekdis sees no form before the Kabid's paraf" "0" "$(grep -c 'id="paraf"' "$T/sk2.html")"
check "an operator reads the page, no form" "200|0" \
	"$(curl -s -o "$T/sk3.html" -w '%{http_code}' -b "$T/oper1.jar" "$U/sk?p=$P")|$(grep -c 'id="paraf"' "$T/sk3.html")"
check "an operator cannot post a step (404)" "404" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$T/oper1.jar" --data "p=$P&aksi=paraf" "$U/sk")"

# --- out of turn, without CSRF, a stale page, a refusal without a note ---------
check "the Sekdis out of turn: 409" "409|Bukan giliran Anda: sekarang giliran kabid." \
	"$(curl -s -b "$T/kabid1.jar" "$U/sk?p=$P" > "$T/sk.html"; curl -s -o "$T/step.html" -w '%{http_code}' -b "$T/sekdis1.jar" \
	   --data-urlencode "csrf=$(curl -s -b "$T/sekdis1.jar" "$U/cek" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)" \
	   --data-urlencode "p=$P" --data-urlencode "sha256=$(sed -n 's/.*<code id="sha">\([0-9a-f]*\)<.*/\1/p' "$T/sk.html")" \
	   --data-urlencode "aksi=paraf" "$U/sk")|$(pesan "$T/step.html")"
check "a step without its CSRF token: 403" "403" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$T/kabid1.jar" --data "p=$P&aksi=paraf&sha256=00" "$U/sk")"
check "a step on a page whose file changed since: 409" "409|Lampiran SK berubah sejak halaman ini dibuka: periksa lagi, lalu ulangi." \
	"$(step "$T/kabid1.jar" paraf '' "$(printf '%064d' 0)")|$(pesan "$T/step.html")"
check "a refusal without a note: 409" "409|Tulis alasan penolakan." \
	"$(step "$T/kabid1.jar" tolak '')|$(pesan "$T/step.html")"
check "nothing recorded yet" "" "$(chain)"

# --- paraf, a refusal, a changed lampiran ----------------------------------------
check "the Kabid initials: 303" 303 "$(step "$T/kabid1.jar" paraf)"
curl -s -b "$T/sekdis1.jar" "$U/sk?p=$P" > "$T/sk.html"
check "PARAF_KABID; the Sekdis's turn" "PARAF_KABID|1" "$(status "$T/sk.html")|$(grep -c 'id="paraf"' "$T/sk.html")"
check "the step keeps the SHA-256 of the file the Kabid saw and its isi" "t|t" \
	"$(t_psql "SELECT l.sha256 = '$(sha256sum "$T/state/outbox/$P/sk-lampiran-$P.xlsx" | cut -c1-64)', l.isi = b.isi FROM sk_langkah l JOIN sk_berkas b USING (period, sha256) WHERE l.langkah = 'PARAF'")"
check_rc "rekon sk --final once the chain has started: refused (65)" 65 $REKON sk --period $P --final
check "... saying why" "rekon: sk $P: the SK is in its approval chain on the web (PARAF_KABID); approve it there, or close it here with --final --force" \
	"$(tail -1 "$T/last.err")"
check "... and the period is open" "0" "$(t_psql "SELECT count(*) FROM periode WHERE period = '$P' AND closed_at IS NOT NULL")"
$REKON -q sk --period $P >/dev/null 2>&1
check "the same lampiran written again (a new file, the same isi): the chain goes on" "PARAF:kabid:kabid1|2" \
	"$(chain)|$(t_psql "SELECT count(*) FROM sk_berkas WHERE period = '$P'")"
check "the Sekdis refuses with a note: 303" 303 "$(step "$T/sekdis1.jar" tolak "Nomor SK belum diisi; <b>'; DROP TABLE sk_langkah; --")"
check "... back to DRAF, the note kept verbatim" "DRAF|Nomor SK belum diisi; <b>'; DROP TABLE sk_langkah; --" \
	"$(curl -s -b "$T/kabid1.jar" "$U/sk?p=$P" > "$T/sk.html"; status "$T/sk.html")|$(t_psql "SELECT catatan FROM sk_langkah WHERE langkah = 'TOLAK'")"
check "... shown escaped" "1" "$(grep -c "Nomor SK belum diisi; &lt;b&gt;&#39;; DROP TABLE" "$T/sk.html")"
check "the Kabid initials again" 303 "$(step "$T/kabid1.jar" paraf)"
$REKON -q sk --period $P --nomor 440/123/2026 >/dev/null 2>&1
check "a new SK nomor changes what the lampiran prints: back to DRAF, saying why" "DRAF|Isi Lampiran atau Rekap berubah (sk dijalankan lagi)." \
	"$(t_psql "SELECT langkah || '|' || catatan FROM sk_langkah WHERE period = '$P' ORDER BY id DESC LIMIT 1")"

# --- the whole chain, the daemon closing the period -----------------------------------
check "the Kabid initials" 303 "$(step "$T/kabid1.jar" paraf)"
check "the Sekdis initials" 303 "$(step "$T/sekdis1.jar" paraf "Sudah diperiksa")"
curl -s -b "$T/kadis1.jar" "$U/sk?p=$P" > "$T/sk.html"
check "PARAF_SEKDIS; the Kadis's form approves" "PARAF_SEKDIS|1" \
	"$(status "$T/sk.html")|$(grep -c 'Setujui dan tetapkan SK' "$T/sk.html")"
check "the Kadis approves" 303 "$(step "$T/kadis1.jar" paraf)"
check "DISETUJUI, and a request for the daemon" "DISETUJUI|kadis1|sk|true" \
	"$(curl -s -b "$T/kadis1.jar" "$U/sk?p=$P" > "$T/sk.html"; status "$T/sk.html")|$(t_psql "SELECT pengguna || '|' || pekerjaan || '|' || final FROM permintaan")"
check "a second approval: 409" "409|SK ini sudah disetujui; rekon sedang menutup periodenya." \
	"$(step "$T/kadis1.jar" paraf)|$(pesan "$T/step.html")"
REKON_TEST_QUIET_SECONDS=1 $REKON daemon > "$T/daemon.out" 2> "$T/daemon.log" &
DPID=$!
T_PIDS="$T_PIDS $DPID"
wait_for 30 sh -c "[ \"\$($REKON db psql -- -XAtq -c \"SELECT count(*) FROM periode WHERE period = '$P' AND closed_at IS NOT NULL\")\" = 1 ]"
check "the daemon closed $P, its SK list kept as signed" "1|3|440/123/2026" \
	"$(t_psql "SELECT count(*) FROM periode WHERE period = '$P' AND closed_at IS NOT NULL")|$(t_psql "SELECT count(*) FROM sk_final WHERE period = '$P'")|$(t_psql "SELECT sk_nomor FROM periode WHERE period = '$P'")"
wait_for 10 sh -c "[ -n \"\$($REKON db psql -- -XAtq -c \"SELECT outcome FROM job_run WHERE trigger = 'web'\")\" ]"
check "... as the Kadis's run, linked to the request" "sk|web|kadis1|OK|1" \
	"$(t_psql "SELECT j.job || '|' || j.trigger || '|' || j.pengguna || '|' || j.outcome || '|' || count(*) OVER () FROM job_run j JOIN permintaan q ON q.job_run_id = j.id")"
check "the whole chain, in order" "PARAF:kabid:kabid1 TOLAK:sekdis:sekdis1 PARAF:kabid:kabid1 DRAF:-:- PARAF:kabid:kabid1 PARAF:sekdis:sekdis1 SETUJU:kadis:kadis1 DITUTUP:kadis:kadis1" \
	"$(chain)"
check "the page says DITUTUP, no form" "DITUTUP|0" \
	"$(curl -s -b "$T/kadis1.jar" "$U/sk?p=$P" > "$T/sk.html"; status "$T/sk.html")|$(grep -c 'id="paraf"' "$T/sk.html")"
check "the audit log: each paraf, the refusal, the approval" "PARAF_SK:kabid1:SK $P
TOLAK_SK:sekdis1:SK $P
PARAF_SK:kabid1:SK $P
PARAF_SK:kabid1:SK $P
PARAF_SK:sekdis1:SK $P
SETUJU_SK:kadis1:SK $P" \
	"$(t_psql "SELECT aksi || ':' || pengguna || ':' || objek FROM audit WHERE aksi LIKE '%_SK' ORDER BY id")"

# --- run now, record as sent -------------------------------------------------------------
Q=2026-12
sed 's/;AKTIF;/;AKTIF ;/' "$T/in/peserta-$P.csv" > "$T/in/peserta-$Q.csv"
t_imp peserta "$T/in/peserta-$Q.csv" $Q
printf 'NIK;NO KK;NAMA;JENIS USULAN;KELURAHAN;KECAMATAN\n3325015001900041;3325010000000041;WARGA SUKAMAJU;BARU;SUKA MAJU;KOTA\n' > "$T/in/usulan.csv"
t_imp usulan "$T/in/usulan.csv" $Q
curl -s -b "$T/oper1.jar" "$U/proses" > "$T/proses.html"
check "the operator's page offers the runs" "1|1|1|1" \
	"$(for b in usulan rekonsiliasi sk terkirim; do grep -c "id=\"$b\"" "$T/proses.html"; done | paste -sd'|')"
curl -s -b "$T/kabid1.jar" "$U/proses" > "$T/proses2.html"
check "the Kabid reads the runs, may not start one" "0|404" \
	"$(grep -c 'id="jalankan"' "$T/proses2.html")|$(curl -s -o /dev/null -w '%{http_code}' -b "$T/kabid1.jar" --data "p=$Q&aksi=usulan" "$U/proses")"
CS=$(field "$T/proses.html" csrf)
check "run now without CSRF: 403" "403" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$T/oper1.jar" --data "p=$Q&aksi=usulan" "$U/proses")"
check "run now, a malformed period: 400" "400" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$T/oper1.jar" --data-urlencode "csrf=$CS" --data "p=2026-13&aksi=usulan" "$U/proses")"
check "run usulan now: 303" 303 \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$T/oper1.jar" --data-urlencode "csrf=$CS" --data "p=$Q&aksi=usulan" "$U/proses")"
wait_for 20 sh -c "[ \"\$($REKON db psql -- -XAtq -c \"SELECT count(*) FROM job_run WHERE trigger = 'web' AND job = 'usulan' AND outcome IS NOT NULL\")\" = 1 ]"
check "... the daemon ran it as the operator's" "usulan|$Q|oper1|OK" \
	"$(t_psql "SELECT job || '|' || period || '|' || pengguna || '|' || outcome FROM job_run WHERE trigger = 'web' AND job = 'usulan'")"
check "record the list as sent: 303" 303 \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$T/oper1.jar" --data-urlencode "csrf=$CS" --data "p=$Q&aksi=usulan_final" "$U/proses")"
wait_for 20 sh -c "[ \"\$($REKON db psql -- -XAtq -c \"SELECT count(*) FROM usulan_final WHERE period = '$Q'\")\" = 1 ]"
check "... recorded as sent, by the daemon, as the operator's" "1|oper1|OK" \
	"$(t_psql "SELECT count(*) FROM usulan_final WHERE period = '$Q'")|$(t_psql "SELECT pengguna || '|' || outcome FROM job_run WHERE trigger = 'web' AND job = 'usulan' ORDER BY id DESC LIMIT 1")"
check "the runs page names who asked" "1" \
	"$(curl -s -b "$T/oper1.jar" "$U/proses" | grep -c '<td>usulan</td><td>2026-12</td><td>web</td><td>oper1</td>')"
check "the audit log: the two requests" "JALANKAN:oper1:usulan $Q
JALANKAN:oper1:usulan $Q --final" \
	"$(t_psql "SELECT aksi || ':' || pengguna || ':' || objek FROM audit WHERE aksi = 'JALANKAN' ORDER BY id")"

# --- an approval whose stored list changed meanwhile ---------------------------------------
run_q() { curl -s -o /dev/null -w '%{http_code}' -b "$T/oper1.jar" --data-urlencode "csrf=$CS" --data "p=$Q&aksi=$1" "$U/proses"; }
run_q rekonsiliasi >/dev/null
wait_for 30 sh -c "[ \"\$($REKON db psql -- -XAtq -c \"SELECT count(*) FROM job_run WHERE trigger = 'web' AND job = 'rekonsiliasi' AND outcome = 'OK'\")\" = 1 ]"
run_q sk >/dev/null
wait_for 30 sh -c "[ \"\$($REKON db psql -- -XAtq -c \"SELECT count(*) FROM job_run WHERE trigger = 'web' AND job = 'sk' AND period = '$Q' AND outcome = 'OK'\")\" = 1 ]"
check "the daemon wrote $Q's lampiran on request" "yes|1" \
	"$([ -f "$T/state/outbox/$Q/sk-lampiran-$Q.xlsx" ] && echo yes)|$(t_psql "SELECT count(*) FROM sk_berkas WHERE period = '$Q'")"
# The daemon stops the embedded PostgreSQL it started: started again.
kill "$DPID"; wait "$DPID" 2>/dev/null
t_pg_start
P=$Q
check "$Q: the Kabid initials" 303 "$(step "$T/kabid1.jar" paraf)"
check "$Q: the Sekdis initials" 303 "$(step "$T/sekdis1.jar" paraf)"
check "$Q: the Kadis approves" 303 "$(step "$T/kadis1.jar" paraf)"
# Before the daemon carries it out, the stored list changes: a fourth person.
printf '0001234567893;3325010101700004;3325010101100031;DEWI LESTARI;AKTIF;PBPU PEMDA;SUKA DAMAI;KOTA\n' >> "$T/in/peserta-$Q.csv"
t_imp peserta "$T/in/peserta-$Q.csv" $Q
$REKON -q rekonsiliasi --period $Q >/dev/null 2>&1
check "$Q's stored list has 4 people now" "4" "$(t_psql "SELECT count(*) FROM sk_daftar WHERE period = '$Q'")"
REKON_TEST_QUIET_SECONDS=1 $REKON daemon > "$T/daemon.out" 2> "$T/daemon2.log" &
DPID=$!
T_PIDS="$T_PIDS $DPID"
wait_for 30 sh -c "[ \"\$($REKON db psql -- -XAtq -c \"SELECT count(*) FROM job_run WHERE trigger = 'web' AND job = 'sk' AND period = '$Q' AND outcome IS NOT NULL\")\" = 2 ]"
check "the approval is refused: GAGAL, the period open" "GAGAL|sk $Q: the stored SK list differs from the one approved; the chain is back to DRAF|0" \
	"$(t_psql "SELECT outcome || '|' || message FROM job_run WHERE trigger = 'web' AND job = 'sk' AND period = '$Q' ORDER BY id DESC LIMIT 1")|$(t_psql "SELECT count(*) FROM periode WHERE period = '$Q' AND closed_at IS NOT NULL")"
check "... the chain back to DRAF, saying why" "DRAF|Daftar SK yang tersimpan berbeda dari yang disetujui: periode tidak ditutup." \
	"$(t_psql "SELECT langkah || '|' || catatan FROM sk_langkah WHERE period = '$Q' ORDER BY id DESC LIMIT 1")"
check "... and the page shows DRAF with the Kabid's form" "DRAF|1" \
	"$(curl -s -b "$T/kabid1.jar" "$U/sk?p=$Q" > "$T/sk.html"; status "$T/sk.html")|$(grep -c 'id="paraf"' "$T/sk.html")"
check "the command line closes it with --force, recorded as the operator's" "0|DITUTUP:operator:$(id -un):rekon sk --final --force (baris perintah)" \
	"$($REKON -q sk --period $Q --final --force >/dev/null 2>&1; echo $?)|$(t_psql "SELECT langkah || ':' || peran || ':' || pengguna || ':' || catatan FROM sk_langkah WHERE period = '$Q' ORDER BY id DESC LIMIT 1")"
check "no log line of either process holds a whole NIK, No KK or NOKA" "0" \
	"$(cat "$T/web.log" "$T/daemon.log" "$T/daemon2.log" | grep -cE '[0-9]{13,}')"
if [ "$T_FAIL" != 0 ]; then
	tail -n 20 "$T/web.log" | sed "s/^/  web| /"
	tail -n 30 "$T/daemon.log" "$T/daemon2.log" | sed 's/^/  daemon| /'
	t_psql "SELECT id, job, period, trigger, pengguna, outcome, message FROM job_run ORDER BY id" | sed 's/^/  job_run| /'
fi
t_done
