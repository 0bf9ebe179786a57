#!/bin/sh
# rekon web over HTTP (spec web.md), a real `rekon web` on 127.0.0.1 and a
# throwaway PostgreSQL, driven with curl: users from `rekon user`, login and
# its CSRF cookie, the security headers, the front desk's cek of a family
# (names, cases, actions, the list it was judged on) and its visit log, the
# JSON cek with a token; and misuse, each with its exact answer: a POST
# without its CSRF token, a page of another role, HTML and SQL in names and
# fields (escaped, stored verbatim), a path with "..", a body over the
# limit, five wrong passwords (locked), twenty from one address (locked),
# an expired session, a disabled user's cookie. No access-log or audit line
# holds a whole NIK, No KK or NOKA. Synthetic people only.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
U=http://127.0.0.1:$PORT
cat >> "$T/rekon.conf" <<CONF

[web]
listen = 127.0.0.1:$PORT
trusted_proxy = 127.0.0.1
api_per_minute = 3

[limits]
max_file_mb = 1
CONF
t_pg_start
F=$T/in
mkdir -p "$F"

# --- a family in the lists -------------------------------------------------------
K=3325010101100013
{
	printf 'NO KARTU;NIK;NO KK;NAMA;STATUS;SEGMEN\n'
	printf "0001234567890;3325010101700001;%s;<script>alert(1)</script> O'BRIEN;AKTIF;PBPU PEMDA\n" $K
	printf '0001234567891;3325014101700002;%s;SITI AMINAH;NON AKTIF;PBPU PEMDA\n' $K
} > "$F/peserta-2026-11.csv"
t_imp peserta "$F/peserta-2026-11.csv" 2026-11
printf 'NIK|NO KK|NAMA\n3325010101100003|%s|ANAK KETIGA\n' $K > "$F/dtks.csv"
t_imp dtks "$F/dtks.csv" 2026-11

# --- users --------------------------------------------------------------------------
check_rc "user add: a password too short is refused (65)" 65 \
	sh -c "printf 'pendek\n' | $REKON -q user add pendek --role loket"
printf 'rahasia-loket-1\n' | $REKON -q user add loket1 --role loket >/dev/null 2>&1
printf 'rahasia-admin-1\n' | $REKON -q user add admin1 --role admin >/dev/null 2>&1
printf 'rahasia-kunci-1\n' | $REKON -q user add kunci1 --role loket >/dev/null 2>&1
printf 'rahasia-lepas-1\n' | $REKON -q user add lepas1 --role loket >/dev/null 2>&1
$REKON -q user add rs1 --role api > "$T/api.out" 2>&1
TOKEN2=$($REKON -q user add rs2 --role api 2>/dev/null | tail -1)
TOKEN=$(tail -1 "$T/api.out")
check "an api user's token: 64 hex digits, alone on the last line" "64" \
	"$(printf '%s' "$TOKEN" | tr -cd '0-9a-f' | wc -c | tr -d ' ')"
check "the token is stored only hashed" "0" \
	"$(t_psql "SELECT count(*) FROM pengguna WHERE sandi LIKE '%$TOKEN%'")"
check "passwords are Argon2id strings" "4" \
	"$(t_psql "SELECT count(*) FROM pengguna WHERE sandi LIKE '\$argon2id\$%'")"
check_rc "user add: a name twice is refused" 65 \
	sh -c "printf 'rahasia-loket-1\n' | $REKON -q user add loket1 --role loket"
check_rc "user add kelurahan without --kelurahan is refused" 65 \
	sh -c "printf 'rahasia-kel-0001\n' | $REKON -q user add kel1 --role kelurahan"
printf 'rahasia-kel-0001\n' | $REKON -q user add kel1 --role kelurahan --kelurahan "KEC. KOTA/Kel. Suka/Maju" >/dev/null 2>&1
check "a kelurahan user's place is folded without KEC/KEL" "KOTA|SUKA MAJU" \
	"$(t_psql "SELECT kecamatan, kelurahan FROM pengguna WHERE nama = 'kel1'")"

# --- the server -------------------------------------------------------------------
$REKON web > "$T/web.log" 2>&1 &
T_PIDS=$!
wait_for 10 curl -s -o /dev/null "$U/masuk"
check "rekon web answers" "200" "$(curl -s -o /dev/null -w '%{http_code}' "$U/masuk")"

# login JAR USER PASSWORD [XFF]: the login form, then its POST; prints the
# HTTP code of the POST and keeps the cookies in JAR.
login() {
	curl -s -c "$1" -b "$1" ${4:+-H "X-Forwarded-For: $4"} "$U/masuk" > "$T/form.html"
	_cs=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/form.html")
	curl -s -o "$T/login.html" -w '%{http_code}' -c "$1" -b "$1" ${4:+-H "X-Forwarded-For: $4"} \
		--data-urlencode "csrf=$_cs" --data-urlencode "nama=$2" --data-urlencode "sandi=$3" "$U/masuk"
}
# csrf_of JAR PATH: the CSRF token of the page's forms.
csrf_of() { curl -s -b "$1" "$U$2" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1; }
pesan() { sed -n 's/.*<p class="pesan"[^>]*>\([^<]*\)<.*/\1/p' "$1"; }

curl -s -D "$T/h" -o /dev/null "$U/masuk"
check "every answer's security headers" "Content-Security-Policy: default-src 'self'
X-Frame-Options: DENY
X-Content-Type-Options: nosniff
Referrer-Policy: no-referrer
Cache-Control: no-store" \
	"$(grep -E '^(Content-Security-Policy|X-Frame-Options|X-Content-Type-Options|Referrer-Policy|Cache-Control):' "$T/h" | tr -d '\r')"

L=$T/loket.jar
check "login with a wrong password: 403" "403" "$(login "$L" loket1 salah-sandi-99)"
check "... and the same answer as an unknown user" "Nama pengguna atau kata sandi salah." "$(pesan "$T/login.html")"
check "login: 303 to /" "303" "$(login "$L" loket1 rahasia-loket-1)"
check "the session cookie: HttpOnly, SameSite=Strict (no Secure without TLS)" "yes" \
	"$(grep -q '#HttpOnly_127.0.0.1.*rekon_sesi' "$L" && echo yes)"
curl -s -D "$T/h2" -o /dev/null -b "$L" -c "$L" "$U/masuk"
check "a login POST without the form's cookie token: 403" "403" \
	"$(curl -s -o "$T/x.html" -w '%{http_code}' --data 'csrf=00&nama=loket1&sandi=rahasia-loket-1' "$U/masuk")"

# --- the front desk's cek ---------------------------------------------------------
CS=$(csrf_of "$L" /cek)
check "POST /cek without its CSRF token: 403" "403|Formulir ini sudah tidak berlaku (token formulir tidak cocok). Muat ulang halaman lalu coba lagi." \
	"$(curl -s -o "$T/x.html" -w '%{http_code}' -b "$L" --data-urlencode "kk=$K" "$U/cek")|$(pesan "$T/x.html")"
check "POST /cek with another session's token: 403" "403" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$L" --data-urlencode "kk=$K" --data-urlencode "csrf=$(printf '%064d' 0)" "$U/cek")"
check "cek by No KK: 200" "200" \
	"$(curl -s -o "$T/cek.html" -w '%{http_code}' -b "$L" --data-urlencode "kk=$K" --data-urlencode "csrf=$CS" "$U/cek")"
# The rows as text: NIK|NAMA|KASUS|SEGMEN|TINDAKAN.
rows() { python3 -c '
import html, re, sys
t = open(sys.argv[1]).read()
body = re.search(r"<table id=\"hasil\">.*?<tbody>(.*?)</tbody>", t, re.S)
for tr in re.findall(r"<tr>(.*?)</tr>", body.group(1) if body else "", re.S):
    print("|".join(html.unescape(td) for td in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)))' "$1"; }
check "the family: every member, name, case, action (names from the list, escaped)" \
"3325010101100003|ANAK KETIGA|TIDAK_DITEMUKAN||Buat formulir peserta baru bermaterai dengan fotokopi KK dan KTP; kirim ke BPJS
3325010101700001|<SCRIPT>ALERT(1)</SCRIPT> O'BRIEN|AKTIF_PEMDA|PBPU_PEMDA|Peserta aktif; bila belum punya kartu, minta cetak E-ID ke BPJS
3325014101700002|SITI AMINAH|NON_AKTIF|PBPU_PEMDA|Buat surat pernyataan pengalihan bermaterai; kirim ke BPJS" \
	"$(rows "$T/cek.html")"
check "no markup from data reaches the page" "0|1" \
	"$(grep -c '<SCRIPT>' "$T/cek.html")|$(grep -c '&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt; O&#39;BRIEN' "$T/cek.html")"
check "the list it was judged on" "Dasar: daftar peserta BPJS periode 2026-11 (berkas peserta-2026-11.csv, diimpor $(t_psql "SELECT to_char(coalesce(finished_at, started_at) AT TIME ZONE 'Asia/Jakarta', 'DD-MM-YYYY HH24.MI') FROM batch WHERE kind = 'peserta'"))." \
	"$(sed -n 's/.*<p class="dasar" id="dasar">\([^<]*\)<.*/\1/p' "$T/cek.html")"
check "... and that no population extract is in force" "Kependudukan: belum ada data Dukcapil (BUKAN_PENDUDUK tidak diperiksa)." \
	"$(sed -n 's/.*<p class="dasar" id="kependudukan">\([^<]*\)<.*/\1/p' "$T/cek.html")"
check "NIKs one a line, a wrong one refused with a message" "Tulis No KK, atau 1 sampai 20 NIK (16 angka), satu per baris." \
	"$(curl -s -b "$L" --data-urlencode "nik=3325010101700001
12345" --data-urlencode "csrf=$CS" "$U/cek" > "$T/x.html"; pesan "$T/x.html")"
curl -s -o "$T/cek2.html" -b "$L" --data-urlencode "nik=3325 0101 0170 0001
3325014101700002" --data-urlencode "csrf=$CS" "$U/cek"
check "cek by NIK (typed in groups): both" "3325010101700001|AKTIF_PEMDA
3325014101700002|NON_AKTIF" "$(rows "$T/cek2.html" | cut -d'|' -f1,3)"

# The visit, noted: HTML and SQL in the fields are stored verbatim, shown escaped.
V="<b>Bu Tini</b>' OR 1=1; DROP TABLE kunjungan; --"
check "a visit noted: 303 to the log" "303" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$L" --data-urlencode csrf="$CS" --data-urlencode jenis=KK \
	   --data-urlencode dicari=$K --data-urlencode hasil=AKTIF_PEMDA --data-urlencode "nama=$V" --data-urlencode 'catatan="kartu" & <i>' "$U/kunjungan")"
check "stored verbatim" "$V|\"kartu\" & <i>|KK|$K" \
	"$(t_psql "SELECT nama || '|' || catatan || '|' || jenis || '|' || dicari FROM kunjungan")"
curl -s -b "$L" "$U/kunjungan" > "$T/kunjungan.html"
check "shown escaped in the visit log" "1|0" \
	"$(grep -c '&lt;b&gt;Bu Tini&lt;/b&gt;&#39; OR 1=1; DROP TABLE kunjungan; --' "$T/kunjungan.html")|$(grep -c '<b>Bu Tini' "$T/kunjungan.html")"

# --- what a role may not reach: 404, logged ------------------------------------------
check "loket asks for the users page: 404" "404" "$(curl -s -o /dev/null -w '%{http_code}' -b "$L" "$U/pengguna")"
check "... logged in the audit" "loket1|loket|DITOLAK|/pengguna" \
	"$(t_psql "SELECT pengguna, peran, aksi, objek FROM audit WHERE aksi = 'DITOLAK'")"
check "a path with .. : 404" "404" "$(curl -s -o /dev/null -w '%{http_code}' --path-as-is -b "$L" "$U/unduh/../../etc/passwd")"
check "an unknown page: 404" "404" "$(curl -s -o /dev/null -w '%{http_code}' -b "$L" "$U/tidak-ada")"
check "GET of a POST-only page: 405" "405" "$(curl -s -o /dev/null -w '%{http_code}' -b "$L" "$U/keluar")"
check "not logged in: to the login page" "303 /masuk" \
	"$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$U/cek" | sed "s|$U||")"
head -c 70000 /dev/zero | tr '\0' 'a' > "$T/big"
check "a body over 64 KiB: 413" "413" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$L" --data-urlencode "nik@$T/big" --data-urlencode "csrf=$CS" "$U/cek")"

# --- the JSON cek ----------------------------------------------------------------------
check "API without a token: 401" '401|{"galat": "token tidak sah"}' \
	"$(curl -s -o "$T/a.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{"kk": "'$K'"}' "$U/api/v1/cek")|$(cat "$T/a.json")"
check "API with a wrong token: 401" "401" \
	"$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(printf '%064d' 1)" -H 'Content-Type: application/json' -d '{"kk": "'$K'"}' "$U/api/v1/cek")"
curl -s -o "$T/a.json" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"nik": ["3325014101700002"]}' "$U/api/v1/cek"
check "API cek: the answer" "2026-11|peserta-2026-11.csv|3325014101700002|SITI AMINAH|NON_AKTIF|PBPU_PEMDA|Buat surat pernyataan pengalihan bermaterai; kirim ke BPJS" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); h=d["hasil"][0]; print("|".join([d["dasar"]["periode"], d["dasar"]["file"], h["nik"], h["nama"], h["kasus"], h["segmen"], h["tindakan"]]))' "$T/a.json")"
# A cek's audit row does not wait for the disk (audit_add: synchronous_commit
# off for its own transaction); a durable action's does (the failures
# below). pg_stat_wal's wal_sync counts the WAL flushes, but a backend
# reports its counts late (at most once a second, and while idle up to
# seconds later): wal_syncs ends the web's connections first, and a backend
# reports all it has when it exits (rekon web connects again at its next
# request). The WAL writer flushes asynchronous commits on its own every
# wal_writer_delay: set to 10 s for these requests, so that it adds at
# most one or two whatever they take. A page's cek also refreshes the
# session, a durable commit: thirty ceks flush thirty times, not sixty.
wal_syncs() {
	t_psql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
	        WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
	          AND datname = current_database()" >/dev/null
	_n=100
	while [ $_n -gt 0 ] && [ "$(t_psql "SELECT count(*) FROM pg_stat_activity
	        WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
	          AND datname = current_database()")" != 0 ]; do
		sleep 0.1; _n=$((_n - 1))
	done
	t_psql "SELECT wal_sync FROM pg_stat_wal"
}
t_psql "ALTER SYSTEM SET wal_writer_delay = '10s'" >/dev/null
t_psql "SELECT pg_reload_conf()" >/dev/null
# Another family, so the audit search below still finds K's rows alone.
_w0=$(wal_syncs)
for i in $(seq 1 30); do
	curl -s -o /dev/null -b "$L" --data-urlencode "kk=3325019999990001" --data-urlencode "csrf=$CS" "$U/cek"
done
_w1=$(wal_syncs)
t_psql "ALTER SYSTEM RESET wal_writer_delay" >/dev/null
t_psql "SELECT pg_reload_conf()" >/dev/null
check "thirty ceks: thirty audit rows, fewer than 45 WAL flushes" "30|yes" \
	"$(t_psql "SELECT count(*) FROM audit WHERE aksi = 'CEK' AND objek = 'KK 3325**********01'")|$([ $((_w1 - _w0)) -lt 45 ] && echo yes || echo "no: $((_w1 - _w0))")"
check "API cek: its audit row, written in the cek's own statement" \
	"rs1|api|127.0.0.1|API_CEK|NIK 3325**********02|1" \
	"$(t_psql "SELECT pengguna, peran, alamat, aksi, objek, cardinality(kunci) FROM audit
	           WHERE aksi = 'API_CEK' ORDER BY id DESC LIMIT 1")"
check "API: a NIK in the URL is not how it is asked (GET: 405)" "405" \
	"$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$U/api/v1/cek?nik=3325014101700002")"
check "API: a malformed body: 400" "400" \
	"$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"nik": "3325"}' "$U/api/v1/cek")"
check "the API token is no session for the pages" "303" \
	"$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$U/")"
# The rate limit, api_per_minute = 3 a client in a calendar minute: the
# four requests are sent well inside one minute.
_s=$(date +%S); _s=${_s#0}; [ "$_s" -lt 45 ] || sleep $((61 - _s))
for i in 1 2 3 4; do
	curl -s -D "$T/rl.h$i" -o "$T/rl.$i" -w '%{http_code}\n' -H "Authorization: Bearer $TOKEN2" \
		-H 'Content-Type: application/json' -d '{"kk": "'$K'"}' "$U/api/v1/cek"
done > "$T/rl.codes"
check "API: the 4th request of a client in a minute is 429" "200 200 200 429" "$(paste -sd' ' "$T/rl.codes")"
check "... with Retry-After (seconds to the next minute) and why" "yes|{\"galat\":\"lebih dari 3 permintaan per menit; coba lagi dalam $(sed -n 's/^Retry-After: \([0-9]*\).*/\1/p' "$T/rl.h4") detik\"}" \
	"$(_r=$(sed -n 's/^Retry-After: \([0-9]*\).*/\1/p' "$T/rl.h4"); [ "${_r:-0}" -ge 1 ] && [ "$_r" -le 60 ] && echo yes)|$(cat "$T/rl.4")"
check "... an audit row says so; another client is not limited by it" "1|200" \
	"$(t_psql "SELECT count(*) FROM audit WHERE aksi = 'API_DIBATASI' AND pengguna = 'rs2'")|$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"kk": "'$K'"}' "$U/api/v1/cek")"

# --- lockouts -------------------------------------------------------------------------
KJ=$T/kunci.jar
for i in 1 2 3 4; do login "$KJ" kunci1 salah-sandi-99 >/dev/null; done
check "the 5th wrong password locks the account" "403|Akun ini dikunci 15 menit karena terlalu banyak percobaan masuk yang gagal." \
	"$(login "$KJ" kunci1 salah-sandi-99)|$(pesan "$T/login.html")"
check "the 6th, with the right password: still locked" "403|Akun ini dikunci 15 menit karena terlalu banyak percobaan masuk yang gagal." \
	"$(login "$KJ" kunci1 rahasia-kunci-1)|$(pesan "$T/login.html")"
check "rekon user list shows it" "terkunci" "$($REKON -q user list | awk '$1 == "kunci1" { print $3 }')"
# Twenty failures from one address (X-Forwarded-For from the trusted proxy).
AJ=$T/alamat.jar
i=0
_w0=$(wal_syncs)
while [ $i -lt 20 ]; do login "$AJ" "tidak-ada-$i" salah-sandi-99 10.9.9.9 >/dev/null; i=$((i + 1)); done
check "twenty failed logins: each audit row flushed before the answer" "yes" \
	"$(_w1=$(wal_syncs); [ $((_w1 - _w0)) -ge 20 ] && echo yes || echo "no: $((_w1 - _w0))")"
check "after twenty failures from one address, it is locked" "403|Terlalu banyak percobaan masuk yang gagal dari alamat ini. Coba lagi dalam 15 menit." \
	"$(login "$AJ" loket1 rahasia-loket-1 10.9.9.9)|$(pesan "$T/login.html")"
check "another address still logs in" "303" "$(login "$T/lain.jar" loket1 rahasia-loket-1 10.9.9.10)"

# --- sessions: expired, disabled user, logout -----------------------------------------
check "login lepas1" "303" "$(login "$T/lepas.jar" lepas1 rahasia-lepas-1)"
$REKON -q user disable lepas1 >/dev/null 2>&1
check "a disabled user's cookie: to the login page" "303" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$T/lepas.jar" "$U/cek")"
check "an idle session still works" "200" "$(curl -s -o /dev/null -w '%{http_code}' -b "$L" "$U/cek")"
t_psql "UPDATE sesi SET terakhir = now() - interval '31 minutes' FROM pengguna p WHERE p.id = sesi.pengguna_id AND p.nama = 'loket1'" >/dev/null
check "after 31 idle minutes: to the login page" "303" "$(curl -s -o /dev/null -w '%{http_code}' -b "$L" "$U/cek")"
login "$L" loket1 rahasia-loket-1 >/dev/null
CS=$(csrf_of "$L" /cek)
check "logout: 303 to the login page" "303" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$L" -c "$T/old.jar" --data-urlencode "csrf=$CS" "$U/keluar")"
check "the old cookie is no session after logout" "303" "$(curl -s -o /dev/null -w '%{http_code}' -b "$L" "$U/cek")"

# --- the operator's files: the outbox, its download ------------------------------------
$REKON -q rekonsiliasi --period 2026-11 >/dev/null 2>&1
printf 'rahasia-oper-001\n' | $REKON -q user add oper1 --role operator >/dev/null 2>&1
printf 'rahasia-kadis-01\n' | $REKON -q user add kadis1 --role kadis >/dev/null 2>&1
O=$T/oper.jar
login "$O" oper1 rahasia-oper-001 >/dev/null
curl -s -b "$O" "$U/berkas" > "$T/berkas.html"
check "the operator's file list links the period's workbooks" "yes" \
	"$(grep -q 'href="/unduh?p=2026-11&amp;f=rekonsiliasi-2026-11.xlsx"' "$T/berkas.html" && echo yes)"
curl -s -D "$T/dh" -o "$T/dl.json" -b "$O" "$U/unduh?p=2026-11&f=rekonsiliasi-2026-11.json"
check "a download: the file as written, as an attachment" "same|attachment; filename=\"rekonsiliasi-2026-11.json\"" \
	"$(cmp -s "$T/dl.json" "$T/state/outbox/2026-11/rekonsiliasi-2026-11.json" && echo same)|$(sed -n 's/^Content-Disposition: //p' "$T/dh" | tr -d '\r')"
check "the download is in the audit log" "oper1|UNDUH|2026-11/rekonsiliasi-2026-11.json" \
	"$(t_psql "SELECT pengguna, aksi, objek FROM audit WHERE aksi = 'UNDUH'")"
for q in 'p=2026-11&f=../../rekon.conf' 'p=2026-11&f=kembali/../../../rekon.conf' \
	'p=..&f=rekon.conf' 'p=2026-11&f=.hidden' 'p=2026-11&f=/etc/passwd' \
	'p=2026-11&f=kembali/KOTA/../x.xlsx' 'p=2026-11&f=tidak-ada.xlsx' 'p=2026-11'; do
	check "download ?$q: 404" "404" "$(curl -s -o /dev/null -w '%{http_code}' -b "$O" "$U/unduh?$q")"
done
check "a path with .. in the URL itself: 404" "404" \
	"$(curl -s -o /dev/null -w '%{http_code}' --path-as-is -b "$O" "$U/unduh/../../etc/passwd")"
K2=$T/kadis.jar
login "$K2" kadis1 rahasia-kadis-01 >/dev/null
check "kadis may not download the reconciliation (404)" "404" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$K2" "$U/unduh?p=2026-11&f=rekonsiliasi-2026-11.json")"
check "loket may not download at all (404)" "404" \
	"$(login "$L" loket1 rahasia-loket-1 >/dev/null; curl -s -o /dev/null -w '%{http_code}' -b "$L" "$U/unduh?p=2026-11&f=rekonsiliasi-2026-11.json")"
curl -s -b "$O" "$U/impor" > "$T/impor.html"
check "the import history lists both batches" "2" "$(grep -o '<tr><td>[0-9]*</td><td>' "$T/impor.html" | wc -l | tr -d ' ')"
curl -s -b "$O" "$U/proses" > "$T/proses.html"
check "the job runs list the rekonsiliasi" "1" "$(grep -c '<td>rekonsiliasi</td><td>2026-11</td>' "$T/proses.html")"

# --- the Kabid's month -----------------------------------------------------------------
printf 'rahasia-kabid-01\n' | $REKON -q user add kabid1 --role kabid >/dev/null 2>&1
KB=$T/kabid.jar
login "$KB" kabid1 rahasia-kabid-01 >/dev/null
curl -s -b "$KB" "$U/bulan" > "$T/bulan.html"
J=$T/state/outbox/2026-11/rekonsiliasi-2026-11.json
jv() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("d" + sys.argv[2]))' "$J" "$1"; }
check "the month: the newest reconciled period" "2026-11" \
	"$(sed -n 's/.*<strong id="periode">\([^<]*\)<.*/\1/p' "$T/bulan.html")"
check "the month's figures are the JSON's" "Kuota|-
Aktif|$(jv '["aktif"]') jiwa
Ditetapkan|$(jv '["ditetapkan"]') jiwa
Masuk|$(jv '["mutasi"]["masuk"]') jiwa" \
	"$(python3 -c '
import html, re, sys
t = open(sys.argv[1]).read()
for th, td in re.findall(r"<tr><th>(.*?)</th><td class=\"angka\">(.*?)</td></tr>", t):
    if th in ("Kuota", "Aktif", "Ditetapkan", "Masuk"): print(th + "|" + html.unescape(td))' "$T/bulan.html")"
check "chart 1: a bar per flag of the JSON" "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["flag"]))' "$J")" \
	"$(python3 -c 'import re,sys; t=open(sys.argv[1]).read(); print(re.search(r"<svg id=\"grafik-flag\".*?</svg>", t, re.S).group(0).count("<rect "))' "$T/bulan.html")"
check "chart 2: ditetapkan of the one reconciled month" "1" "$(grep -o 'class="ditetapkan"' "$T/bulan.html" | wc -l | tr -d ' ')"
check "the month of a period without a reconciliation says so" "Belum ada rekonsiliasi untuk periode ini." \
	"$(curl -s -b "$KB" "$U/bulan?p=2025-01" > "$T/x.html"; pesan "$T/x.html")"
check "a malformed period: 404" "404" "$(curl -s -o /dev/null -w '%{http_code}' -b "$KB" "$U/bulan?p=../x")"
check "the loket may not see the month (404)" "404" "$(curl -s -o /dev/null -w '%{http_code}' -b "$L" "$U/bulan")"

# --- a kelurahan's own cases -------------------------------------------------------------
# kel1 is "KOTA/SUKA MAJU"; the file spells it "Kec. Kota" / "Kel. Suka/Maju".
{
	printf 'NIK|NO KK|NAMA|DESIL\n'
	printf '3325015001900011|3325010000000011|SATU SUKAMAJU|1\n'
	printf '3325015001900012|3325010000000012|DUA SUKAMAJU|9\n'
} > "$F/dtks-usl.csv"
t_imp dtks "$F/dtks-usl.csv" 2026-11
{
	printf 'NIK;NO KK;NAMA;JENIS USULAN;TGL USULAN;KELURAHAN;KECAMATAN\n'
	printf '3325015001900011;3325010000000011;SATU SUKAMAJU;BARU;02-11-2026;Kel. Suka/Maju;Kec. Kota\n'
	printf '3325015001900012;3325010000000012;DUA SUKAMAJU;BARU;03-11-2026;Kel. Suka/Maju;Kec. Kota\n'
	printf '3325015001900013;3325010000000013;TIGA SUKAMAJU;BARU;04-11-2026;KELURAHAN SUKA MAJU;KOTA\n'
	printf '3325015001900021;3325010000000021;LAIN JATI;BARU;05-11-2026;JATI;SELATAN\n'
} > "$F/usulan-2026-11.csv"
t_imp usulan "$F/usulan-2026-11.csv" 2026-11
printf '\n[budget]\nkuota.2026-11 = 1\n' >> "$T/rekon.conf"
$REKON -q usulan --period 2026-11 >/dev/null 2>&1
{
	printf 'NIK;NAMA;HASIL;NO KARTU;TMT;KETERANGAN\n'
	printf '3325015001900011;SATU SUKAMAJU;BERHASIL;0009876543210;01-12-2026;\n'
	printf '3325015001900012;DUA SUKAMAJU;GAGAL;;;NIK TIDAK DITEMUKAN\n'
	printf '3325015001900021;LAIN JATI;GAGAL;;;NIK TIDAK DITEMUKAN\n'
} > "$F/feedback-2026-11.csv"
t_imp feedback "$F/feedback-2026-11.csv" 2026-11
$REKON -q rekonsiliasi --period 2026-11 >/dev/null 2>&1
KL=$T/kel.jar
login "$KL" kel1 rahasia-kel-0001 >/dev/null
curl -s -b "$KL" "$U/kelurahan" > "$T/kel.html"
ktable() { python3 -c '
import html, re, sys
t = open(sys.argv[1]).read()
b = re.search(r"<table id=\"" + sys.argv[2] + r"\">.*?<tbody>(.*?)</tbody>", t, re.S).group(1)
for tr in re.findall(r"<tr>(.*?)</tr>", b, re.S):
    print("|".join(html.unescape(x) for x in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)))' "$T/kel.html" "$1"; }
check "the kelurahan's waiting family, with its place in the queue and since when" "3325015001900012|DUA SUKAMAJU|1|November 2026" "$(ktable menunggu)"
check "its returned proposal, with the reason" "3325015001900013|TIGA SUKAMAJU|BUKAN_DTKS" "$(ktable dikembalikan)"
check "its failure at BPJS, with the follow-up" "3325015001900012|DUA SUKAMAJU|NIK_DUKCAPIL|Padankan NIK ke Disdukcapil, lalu usulkan ulang" "$(ktable gagal)"
check "its registration, with the card" "3325015001900011|SATU SUKAMAJU|0009876543210|01-12-2026" "$(ktable berhasil)"
check "nothing of another kelurahan on the page" "0" "$(grep -c '3325015001900021\|LAIN JATI' "$T/kel.html")"
check "another role may not see it (404)" "404" "$(curl -s -o /dev/null -w '%{http_code}' -b "$O" "$U/kelurahan")"
check "a kelurahan user may not cek or download (404, 404)" "404 404" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$KL" "$U/cek") $(curl -s -o /dev/null -w '%{http_code}' -b "$KL" "$U/unduh?p=2026-11&f=rekonsiliasi-2026-11.json")"

# A kelurahan's own kembali/ books: those whose folder and file names fold to
# its place (two spellings of SUKA MAJU here), and no other.
curl -s -b "$KL" "$U/berkas" > "$T/kelberkas.html"
check "the kelurahan's files: its own kembali books only" "kembali/KEC_ KOTA/KEL_ SUKA_MAJU-2026-11.xlsx
kembali/KOTA/KELURAHAN SUKA MAJU-2026-11.xlsx" \
	"$(sed 's/<li>/\n/g' "$T/kelberkas.html" | sed -n 's/.*">\(kembali[^<]*\)<\/a>.*/\1/p' | sort)"
check "it downloads its own book, the same bytes" "200|same" \
	"$(curl -s -o "$T/kb.xlsx" -w '%{http_code}' -b "$KL" "$U/unduh?p=2026-11&f=kembali/KOTA/KELURAHAN%20SUKA%20MAJU-2026-11.xlsx")|$(cmp -s "$T/kb.xlsx" "$T/state/outbox/2026-11/kembali/KOTA/KELURAHAN SUKA MAJU-2026-11.xlsx" && echo same)"
check "another kelurahan's book: 404" "404" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$KL" "$U/unduh?p=2026-11&f=kembali/SELATAN/JATI-2026-11.xlsx")"
check "nor a workbook of the office: 404" "404" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$KL" "$U/unduh?p=2026-11&f=usulan-2026-11.xlsx")"

# --- uploads through the inbox ------------------------------------------------------------
{
	printf 'NIK;NO KK;NAMA;JENIS USULAN;TGL USULAN;KELURAHAN;KECAMATAN\n'
	printf '3325015001900031;3325010000000031;EMPAT SUKAMAJU;BARU;02-12-2026;Suka Maju;Kota\n'
	printf '3325015001900032;3325010000000032;LIMA TANPA TEMPAT;BARU;02-12-2026;;\n'
	printf '3325015001900033;3325010000000033;ENAM JATI;BARU;02-12-2026;JATI;SELATAN\n'
} > "$F/usulan kel1.csv"
UCS=$(csrf_of "$KL" /unggah)
check "an upload without its CSRF token: 403, nothing left in the inbox" "403|0" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$KL" -F periode=2026-12 -F "berkas=@$F/usulan kel1.csv" "$U/unggah")|$(find "$T/state/inbox" -type f | wc -l | tr -d ' ')"
head -c 1100000 /dev/zero | tr '\0' 'x' > "$T/besar.csv"
check "an upload over [limits] max_file_mb: 413, nothing left in the inbox" "413|0" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$KL" -F csrf=$UCS -F periode=2026-12 -F "berkas=@$T/besar.csv" "$U/unggah")|$(find "$T/state/inbox" -type f | wc -l | tr -d ' ')"
check "a kelurahan uploads its proposals: 200" "200" \
	"$(curl -s -o "$T/up.html" -w '%{http_code}' -b "$KL" -F csrf=$UCS -F periode=2026-12 -F "berkas=@$F/usulan kel1.csv" "$U/unggah")"
check "the file and its sidecar wait in inbox/usulan/ (the name made safe)" "usulan_kel1.csv
usulan_kel1.csv.pengunggah" "$(ls "$T/state/inbox/usulan")"
check "the sidecar: who, the place, the period" "pengguna=kel1
kecamatan=KOTA
kelurahan=SUKA MAJU
periode=2026-12" "$(cat "$T/state/inbox/usulan/usulan_kel1.csv.pengunggah")"
check "an operator may not upload it as a kelurahan: a kelurahan may not choose the kind" "usulan" \
	"$(sed -n 's/.*diterima sebagai \([a-z]*\) .*/\1/p' "$T/up.html")"
OCS=$(csrf_of "$O" /unggah)
printf 'NIK,NAMA,TGL MENINGGAL\n3325015001900099,SIAPA,01-12-2026\n' > "$F/kematian-2026-12.csv"
check "an operator uploads a death list: 200" "200" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$O" -F csrf=$OCS -F jenis=kematian -F "berkas=@$F/kematian-2026-12.csv" "$U/unggah")"
$REKON -q run inbox >/dev/null 2>&1
check "the inbox imported both, sidecars gone" "" "$(find "$T/state/inbox" -type f)"
check "the batches carry their uploaders and periods" "usulan|2026-12|kel1|2|1
kematian|2026-12|oper1|1|0" \
	"$(t_psql "SELECT kind, period, pengunggah, accepted, rejected FROM batch WHERE pengunggah IS NOT NULL ORDER BY id")"
check "another kelurahan's row (line 4): KELURAHAN_LAIN; an empty place takes the user's" "4|KELURAHAN_LAIN
3325015001900032|KOTA|SUKA MAJU" \
	"$(t_psql "SELECT r.line, r.reason FROM rejected_row r JOIN batch b ON b.id = r.batch_id WHERE b.pengunggah = 'kel1'";
	   t_psql "SELECT u.nik, u.kecamatan, u.kelurahan FROM usulan_row u JOIN batch b ON b.id = u.batch_id WHERE b.pengunggah = 'kel1' AND u.nik = '3325015001900032'")"
check "the uploads are in the audit log" "kel1|UNGGAH|usulan usulan_kel1.csv ($(wc -c < "$F/usulan kel1.csv" | tr -d ' ') byte)
oper1|UNGGAH|kematian kematian-2026-12.csv ($(wc -c < "$F/kematian-2026-12.csv" | tr -d ' ') byte)" \
	"$(t_psql "SELECT pengguna, aksi, objek FROM audit WHERE aksi = 'UNGGAH' ORDER BY id")"
$REKON -q usulan --period 2026-12 >/dev/null 2>&1
curl -s -b "$KL" "$U/kelurahan?p=2026-12" > "$T/kel.html"
check "after the import and usulan, the kelurahan sees its rows" "3325015001900031|EMPAT SUKAMAJU|BUKAN_DTKS
3325015001900032|LIMA TANPA TEMPAT|BUKAN_DTKS" "$(ktable dikembalikan)"
check "a loket may not upload (404)" "404" "$(curl -s -o /dev/null -w '%{http_code}' -b "$L" "$U/unggah")"

# The rejected rows of a batch, from the import history (the upload's).
UB=$(t_psql "SELECT id FROM batch WHERE pengunggah = 'kel1'")
check "the import history links a batch's rejected rows" "1" \
	"$(curl -s -b "$O" "$U/impor" | grep -c "href=\"/ditolak?b=$UB\"")"
curl -s -b "$O" "$U/ditolak?b=$UB" > "$T/ditolak.html"
check "the rejected row: line, reason, the text as read" "4|KELURAHAN_LAIN|3325015001900033;3325010000000033;ENAM JATI;BARU;02-12-2026;JATI;SELATAN" \
	"$(python3 -c '
import html, re, sys
t = open(sys.argv[1]).read()
b = re.search(r"<table id=\"ditolak\">.*?<tbody>(.*?)</tbody>", t, re.S).group(1)
for tr in re.findall(r"<tr>(.*?)</tr>", b, re.S):
    print("|".join(html.unescape(x) for x in re.findall(r"<td>(.*?)</td>", tr, re.S)))' "$T/ditolak.html")"
check "an unknown batch: 404; not for a kelurahan (404)" "404 404" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$O" "$U/ditolak?b=99999") $(curl -s -o /dev/null -w '%{http_code}' -b "$KL" "$U/ditolak?b=$UB")"

# --- the admin: users and the audit log ------------------------------------------------
A=$T/admin.jar
login "$A" admin1 rahasia-admin-1 >/dev/null
check "admin may not cek (404)" "404" "$(curl -s -o /dev/null -w '%{http_code}' -b "$A" "$U/cek")"
curl -s -b "$A" "$U/pengguna" > "$T/users.html"
check "the users page lists every user" "10" "$(grep -o '<tr><td>' "$T/users.html" | wc -l | tr -d ' ')"
ACS=$(csrf_of "$A" /audit)
curl -s -b "$A" --data-urlencode "cari=$K" --data-urlencode "csrf=$ACS" "$U/audit" > "$T/audit.html"
check "the audit log found by a whole No KK (keyed hash), shown masked" "API_CEK|KK 3325**********13
API_CEK|KK 3325**********13
API_CEK|KK 3325**********13
API_CEK|KK 3325**********13
CEK|KK 3325**********13
KUNJUNGAN|KK 3325**********13" \
	"$(python3 -c '
import html, re, sys
t = open(sys.argv[1]).read()
body = re.search(r"<table id=\"audit\">.*?<tbody>(.*?)</tbody>", t, re.S).group(1)
for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
    td = [html.unescape(x) for x in re.findall(r"<td>(.*?)</td>", tr, re.S)]
    print(td[4] + "|" + td[5])' "$T/audit.html" | sort)"
check "the audit's actions" "API_CEK API_DIBATASI API_DITOLAK CEK CSRF_DITOLAK DITOLAK GAGAL_MASUK KASUS_KELURAHAN KELUAR KUNJUNGAN LIHAT_DITOLAK MASUK UNDUH UNDUH_DITOLAK UNGGAH" \
	"$(t_psql "SELECT string_agg(DISTINCT aksi, ' ' ORDER BY aksi) FROM audit")"
check "no audit row holds a whole NIK, No KK or NOKA (13 digits or more)" "0" \
	"$(t_psql "SELECT count(*) FROM audit WHERE concat_ws(' ', pengguna, alamat, aksi, objek) ~ '[0-9]{13}'")"
# Kept [web] audit_months (default 24): older audit rows and visits go with
# the retensi job.
t_psql "UPDATE audit SET waktu = now() - interval '25 months' WHERE aksi = 'CEK';
	UPDATE kunjungan SET waktu = now() - interval '25 months'" >/dev/null
N=$(t_psql "SELECT count(*) FROM audit WHERE aksi = 'CEK'")
check "retensi: audit rows and visits older than audit_months deleted" \
	"  0 files deleted (archive 0, rejected 0), older than $(t_psql "SELECT to_char(now() AT TIME ZONE 'Asia/Jakarta' - interval '60 months', 'YYYY-MM')"); $N audit rows and 1 visit older than 24 months deleted|0|0" \
	"$($REKON run retensi 2>/dev/null | tail -1)|$(t_psql "SELECT count(*) FROM audit WHERE aksi = 'CEK'")|$(t_psql "SELECT count(*) FROM kunjungan")"
# The API cek's statement is prepared once per connection (db_exec_named):
# after the database restarts, the web's connections are new and have
# none, and the cek prepares it again rather than failing. A client of
# its own, so api_per_minute leaves it room. Each of the web's two
# connections has served the API cek before the restart.
TOKEN3=$($REKON -q user add rs3 --role api 2>/dev/null | tail -1)
api3() {
	curl -s -o "$T/a3.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN3" \
		-H 'Content-Type: application/json' -d '{"nik": ["3325014101700002"]}' "$U/api/v1/cek"
	echo "|$(python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["hasil"][0]; print(h["nik"] + "|" + h["kasus"])' "$T/a3.json" 2>/dev/null)"
}
_a=$(api3); _b=$(api3)
$REKON db stop >/dev/null 2>&1
$REKON db start >/dev/null 2>&1
check "API cek after the database restarted: prepared again, the same answer" \
	"200|3325014101700002|NON_AKTIF 200|3325014101700002|NON_AKTIF|200|3325014101700002|NON_AKTIF" \
	"$_a $_b|$(api3)"
kill "$T_PIDS"; wait "$T_PIDS" 2>/dev/null
check "rekon web stops on SIGTERM (exit 0)" "0" "$?"
T_PIDS=
check "no access-log line holds a whole NIK, No KK or NOKA" "0" "$(grep -cE '[0-9]{13}' "$T/web.log")"
check "the access log has a line a request" "yes" \
	"$([ "$(grep -c 'rekon: web: 127.0.0.1 POST /cek ' "$T/web.log")" -ge 5 ] && echo yes)"
t_done
