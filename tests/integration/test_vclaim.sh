#!/bin/sh
# rekon cek --online against a stand-in for BPJS's bridging API (VClaim) on
# 127.0.0.1: tests/vclaim/standin.js checks X-cons-id, X-timestamp,
# X-signature, user_key and tglSEP on every request and answers as BPJS
# does (AES-256-CBC over the reference lz-string's
# compressToEncodedURIComponent). Checked: the four cases from BPJS's answer
# with zero badly signed requests, MENINGGAL and NIK_TIDAK_VALID, the
# answers stored, --kk, the rate limit across two processes, and each
# error with its own exit code (docs/vclaim.md): wrong secret (77), HTTP
# error (76), bad payloads (65), timeout, TLS not trusted and the
# stand-in down (69), secret files others can read and no base_url (78).
# Synthetic people only.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
SPIDS=
v_stop() {	# the stand-ins started here, each by its pid
	for p in $SPIDS; do kill "$p" 2>/dev/null; done
	SPIDS=
}
v_cleanup() {
	v_stop
	t_cleanup
}
v_done() {
	v_stop
	t_done
}
trap v_cleanup EXIT INT TERM
unset CURL_CA_BUNDLE SSL_CERT_FILE
if ! command -v node >/dev/null 2>&1 ||
    [ ! -f "$ROOT/tests/vclaim/node_modules/lz-string/package.json" ]; then
	echo "FAIL node and tests/vclaim/node_modules (make deps) are needed"
	T_FAIL=$((T_FAIL + 1))
	v_done
fi
t_pg_start
check_rc "db migrate" 0 $REKON db migrate

A=3325014101900002	# AKTIF, PBPU PEMDA (kode 22)
B=3325010101800003	# status 9, PBPU (mandiri)
C=3325015506850004	# AKTIF, PBI (APBN) (kode 21)
D=3325010101900005	# not known to BPJS
E=3325010101600006	# MENINGGAL (status 2)
X=1025010101900001	# 16 digits, not a valid NIK (province 10), unknown
G=3325010101700007	# faults, one a NIK
H=3325010101700008
J=3325010101700009
K=3325010101700010
L=3325010101700011
N=3325010101700012
O=3325010101700013
Q=3325010101700014
R=3325010101700015
F1=3325010101750021	# a family (No KK $KK): F1 AKTIF PEMDA, F2 unknown
F2=3325010101750022
KK=3325010000000200
NAMA_A='SITI NURʼAINI 🏥'

peserta() {	# NIK NAMA STATUS_KODE STATUS_KET JENIS_KODE JENIS_KET
	printf '{"noKartu":"000%s","nik":"%s","nama":"%s","sex":"P","tglLahir":"1990-01-01",' \
	    "$(echo "$1" | cut -c7-16)" "$1" "$2"
	printf '"statusPeserta":{"kode":"%s","keterangan":"%s"},' "$3" "$4"
	printf '"jenisPeserta":{"kode":"%s","keterangan":"%s"},' "$5" "$6"
	printf '"provUmum":{"kdProvider":"0101G001","nmProvider":"PUSKESMAS UJI"}}'
}
{
	printf '{\n"%s": %s,\n' $A "$(peserta $A "$NAMA_A" 0 AKTIF 22 'PBPU PEMDA')"
	printf '"%s": %s,\n' $B "$(peserta $B 'BUDI SANTOSO' 9 'TIDAK AKTIF KARENA PREMI' 14 PBPU)"
	printf '"%s": %s,\n' $C "$(peserta $C 'CITRA' 0 AKTIF 21 'PBI (APBN)')"
	printf '"%s": %s,\n' $E "$(peserta $E 'EKO' 2 MENINGGAL 22 'PBPU PEMDA')"
	printf '"%s": %s,\n' $F1 "$(peserta $F1 'FAJAR' 0 AKTIF 22 'PBPU PEMDA')"
	printf '"%s": {"__fault": "garbage-base64"},\n' $G
	printf '"%s": {"__fault": "http500"},\n' $H
	printf '"%s": {"__fault": "bad-lz"},\n' $J
	printf '"%s": {"__fault": "bad-key", "nik": "%s"},\n' $K $K
	printf '"%s": {"__fault": "missing-field", "peserta": %s},\n' $L "$(peserta $L 'L' 0 AKTIF 22 '')"
	printf '"%s": {"__fault": "not-json"},\n' $N
	printf '"%s": {"__fault": "other-nik", "peserta": %s},\n' $O "$(peserta $A 'A' 0 AKTIF 22 '')"
	printf '"%s": {"__fault": "refuse"},\n' $R
	printf '"%s": {"__fault": "hang"}\n}\n' $Q
} > "$T/fixture.json"

mkdir -p "$T/secret"
chmod 700 "$T/secret"
printf 'rahasia-uji-123\n' > "$T/secret/secret"
printf 'kunci-pengguna-456\n' > "$T/secret/user_key"
chmod 600 "$T/secret/secret" "$T/secret/user_key"
cp "$T/secret/secret" "$T/standin-secret"	# what BPJS holds

start_standin() {	# NAME [more standin options]
	_name=$1; shift
	node "$ROOT/tests/vclaim/standin.js" --fixture "$T/fixture.json" \
	    --port-file "$T/$_name.port" --cons-id 1001 \
	    --secret-file "$T/standin-secret" --user-key-file "$T/secret/user_key" \
	    --prefix /vclaim-rest "$@" >"$T/$_name.out" 2>"$T/$_name.err" &
	SPIDS="$SPIDS $!"
	LAST_PID=$!
	wait_for 10 test -s "$T/$_name.port" ||
	    { cat "$T/$_name.err"; echo "FAIL stand-in $_name did not start"; T_FAIL=$((T_FAIL + 1)); v_done; }
}
start_standin http
SPID=$LAST_PID
PORT=$(cat "$T/http.port")
stats() {	# requests and badly signed requests so far: "N M"
	python3 -c 'import json, sys, urllib.request
d = json.load(urllib.request.urlopen("http://127.0.0.1:%s/__stats" % sys.argv[1]))
print(d["requests"], d["bad"])' "$PORT"
}
reasons() {
	python3 -c 'import json, sys, urllib.request
print(json.load(urllib.request.urlopen("http://127.0.0.1:%s/__stats" % sys.argv[1]))["reasons"])' "$PORT"
}

conf() {	# NAME, then [bpjs_api] lines
	_c=$T/$1.conf; shift
	cp "$T/rekon.conf" "$_c"
	printf '\n[bpjs_api]\n' >> "$_c"
	for l in "$@"; do printf '%s\n' "$l" >> "$_c"; done
}
conf online "base_url = http://127.0.0.1:$PORT/vclaim-rest/" "cons_id = 1001" \
	"secret_file = $T/secret/secret" "user_key_file = $T/secret/user_key" \
	"timeout_seconds = 2"
# $ON runs rekon with online.conf; every line it logs is also kept in
# all.err, checked at the end for whole NIKs.
cat > "$T/on.sh" <<EOF
#!/bin/sh
"$REKON_BIN" -c "$T/online.conf" "\$@" 2>"$T/on.err"
rc=\$?
cat "$T/on.err" >&2
cat "$T/on.err" >> "$T/all.err"
exit \$rc
EOF
ON="sh $T/on.sh"
: > "$T/all.err"
TODAY=$(TZ=Asia/Jakarta date +%F)
FOOT="(BPJS VClaim, tglSEP $TODAY; answers stored in vclaim_answer)"
HEAD=$(printf '%-16s  %-17s  %-12s  %s' NIK KASUS SEGMEN NAMA)
# row NIK KASUS SEGMEN TINDAKAN [NAMA]: the person's line (80 columns), then
# the action wrapped to 62 columns under the name.
row() {
	printf '%-16s  %-17s  %-12s  %s\n' "$1" "$2" "$3" "${5:-}"
	python3 -c 'import sys, textwrap; print("\n".join(" " * 18 + l for l in textwrap.wrap(sys.argv[1], 62)))' "$4"
}
A_MATI='Tidak perlu didaftarkan; pastikan dikeluarkan dari daftar'
A_AKTIF='Peserta aktif; bila belum punya kartu, minta cetak E-ID ke BPJS'
A_SEGMEN='Sudah dijamin segmen lain'
A_NON='Buat surat pernyataan pengalihan bermaterai; kirim ke BPJS'
A_NIK='Rujuk ke Disdukcapil untuk perbaikan NIK'
A_BARU='Buat formulir peserta baru bermaterai dengan fotokopi KK dan KTP; kirim ke BPJS'

# --- the four cases, every request signed right ---------------------------------
check_rc "cek --online, four NIKs: exit 0" 0 $ON cek --online $A $B $C $D
check "four NIKs: the cases from BPJS's answers" "$HEAD
$(row $A AKTIF_PEMDA PBPU_PEMDA "$A_AKTIF" "$NAMA_A")
$(row $B NON_AKTIF PBPU_MANDIRI "$A_NON" 'BUDI SANTOSO')
$(row $C AKTIF_SEGMEN_LAIN PBI_APBN "$A_SEGMEN" 'CITRA')
$(row $D TIDAK_DITEMUKAN '' "$A_BARU")
$FOOT" "$(cat "$T/last.out")"
check "the stand-in got 4 requests, 0 badly signed" "4 0" "$(stats)"
check "every answer stored with its time, case and segment" \
"$A|200|200|OK|AKTIF_PEMDA|PBPU_PEMDA|t|t|t
$B|200|200|OK|NON_AKTIF|PBPU_MANDIRI|t|t|t
$C|200|200|OK|AKTIF_SEGMEN_LAIN|PBI_APBN|t|t|t
$D|200|201|Peserta tidak ditemukan|TIDAK_DITEMUKAN||t|t|t" \
	"$(t_psql "SELECT nik, http_status, meta_code, meta_message, kasus, coalesce(segmen, ''),
	    error IS NULL, asked_at BETWEEN now() - interval '1 minute' AND now(),
	    tgl_sep = '$TODAY' FROM vclaim_answer ORDER BY id")"
check "the decoded participant kept as jsonb (UTF-8 and a surrogate pair intact)" \
	"$NAMA_A|0|TIDAK AKTIF KARENA PREMI|PBI (APBN)|3" \
	"$(t_psql "SELECT (SELECT peserta->>'nama' FROM vclaim_answer WHERE nik = '$A'),
	    (SELECT peserta#>>'{statusPeserta,kode}' FROM vclaim_answer WHERE nik = '$A'),
	    (SELECT peserta#>>'{statusPeserta,keterangan}' FROM vclaim_answer WHERE nik = '$B'),
	    (SELECT peserta#>>'{jenisPeserta,keterangan}' FROM vclaim_answer WHERE nik = '$C'),
	    (SELECT count(peserta) FROM vclaim_answer)")"
check "no log line holds a whole NIK" "" "$(grep -E '[0-9]{16}' "$T/last.err")"

# --- MENINGGAL; NIK_TIDAK_VALID asked (16 digits) and not asked ---------------------
check_rc "12345 is no NIK: a usage error (64), nothing asked" 64 $ON cek --online $E 12345
check "... saying so (masked, as every id in a log)" "rekon: *****: a NIK is 16 digits" "$(cat "$T/last.err")"
check_rc "MENINGGAL and an invalid NIK: exit 0" 0 $ON cek --online $E $X "$E"
check "MENINGGAL; 201 for an invalid NIK is NIK_TIDAK_VALID" "$HEAD
$(row $E MENINGGAL '' "$A_MATI" 'EKO')
$(row $X NIK_TIDAK_VALID '' "$A_NIK")
$FOOT" "$(cat "$T/last.out")"
check "2 more requests (E once: duplicates asked once), still none bad" "6 0" "$(stats)"

# --- --kk: the family from the imported lists ------------------------------------
printf 'NIK|NO KK|NAMA\n%s|%s|FAJAR\n%s|%s|GITA\n' $F1 $KK $F2 $KK > "$T/dtks.csv"
$REKON import dtks "$T/dtks.csv" --period 2026-11 >"$T/imp.out" 2>&1 ||
	{ cat "$T/imp.out"; echo "FAIL import"; T_FAIL=$((T_FAIL + 1)); }
check_rc "cek --online --kk: exit 0" 0 $ON cek --online --kk $KK
check "--kk: each member asked" "$HEAD
$(row $F1 AKTIF_PEMDA PBPU_PEMDA "$A_AKTIF" 'FAJAR')
$(row $F2 TIDAK_DITEMUKAN '' "$A_BARU")
$FOOT" "$(cat "$T/last.out")"
check "--kk: 2 requests more, none bad" "8 0" "$(stats)"
check_rc "--kk of a family nobody carries: exit 0, nothing asked" 0 \
	$ON cek --online --kk 3325010000000999
check "--kk nobody: said so" "no NIK carries No KK 3325010000000999 in the imported lists" \
	"$(cat "$T/last.out")"
check_rc "offline cek still answers from the lists" 0 $REKON cek $F1
check "offline: F1 only in DTKS, so TIDAK_DITEMUKAN there (and no extract in force)" "Kependudukan: belum ada data Dukcapil (BUKAN_PENDUDUK tidak diperiksa)
$HEAD
$(row $F1 TIDAK_DITEMUKAN '' "$A_BARU" FAJAR)" "$(cat "$T/last.out")"
check "offline cek asks nobody" "8 0" "$(stats)"

# --- bad payloads: 65, the next NIK still asked ------------------------------------
check_rc "garbage base64: exit 65" 65 $ON cek --online $G $A
check "garbage base64: the error says so" \
	"rekon: NIK 3325**********07: bad payload: response is not base64" \
	"$(grep -F 'NIK 3325' "$T/last.err" | sed 's/^[^r]*rekon/rekon/')"
check "garbage base64: the NIK after it still answered" "$HEAD
$(row $A AKTIF_PEMDA PBPU_PEMDA "$A_AKTIF" "$NAMA_A")
$FOOT" "$(cat "$T/last.out")"
for f in "$J:not LZ-string" "$K:does not decrypt" "$L:peserta.statusPeserta is missing" \
    "$N:the answer is not the expected JSON" "$O:the answer is for NIK 3325**********02"; do
	n=${f%%:*}
	check_rc "bad payload ($n): exit 65" 65 $ON cek --online "$n"
	check "bad payload ($n): $(echo "${f#*:}")" 1 "$(grep -cF -- "${f#*:}" "$T/last.err")"
done
check "bad payloads stored with their error, no case" \
"$G|200|response is not base64
$J|200|LZ-string
$K|200|does not decrypt
$L|200|statusPeserta is missing
$N|200|not the expected JSON
$O|200|the answer is for NIK" \
	"$(t_psql "SELECT nik, http_status, CASE WHEN error LIKE '%not base64%' THEN 'response is not base64'
	    WHEN error LIKE '%LZ-string%' THEN 'LZ-string' WHEN error LIKE '%does not decrypt%' THEN 'does not decrypt'
	    WHEN error LIKE '%statusPeserta is missing%' THEN 'statusPeserta is missing'
	    WHEN error LIKE '%not the expected JSON%' THEN 'not the expected JSON'
	    WHEN error LIKE '%the answer is for NIK%' THEN 'the answer is for NIK' ELSE error END
	    FROM vclaim_answer WHERE kasus IS NULL ORDER BY id")"
check "7 requests more, none bad" "15 0" "$(stats)"

# --- HTTP error: 76, and it stops ------------------------------------------------------
check_rc "HTTP 500: exit 76" 76 $ON cek --online $H $A
check "HTTP 500: said, and the rest not asked" "2" \
	"$(grep -cE 'the BPJS bridging API answered with an HTTP error: HTTP 500|stopped: 1 NIK not asked' "$T/last.err")"
check "HTTP 500: one request" "16 0" "$(stats)"

# --- wrong secret: BPJS refuses (77) ---------------------------------------------------
printf 'rahasia-lain\n' > "$T/secret/secret"
check_rc "wrong secret: exit 77" 77 $ON cek --online $A $B
check "wrong secret: BPJS's refusal shown" 1 \
	"$(grep -c 'BPJS refused the request: metaData code 401: Authentication failed: X-signature' "$T/last.err")"
check "wrong secret: one request, badly signed; the next NIK not asked" "17 1" "$(stats)"
check "wrong secret: no table, no footer" "" "$(cat "$T/last.out")"
printf 'rahasia-uji-123\n' > "$T/secret/secret"

check_rc "a refusal (metaData 203): exit 77" 77 $ON cek --online $R
check "a refusal: BPJS's message shown, the NIK in it masked" \
	"rekon: NIK 3325**********15: BPJS refused the request: metaData code 203: Akses untuk NIK 3325**********15 ditolak" \
	"$(grep -F 'NIK 3325' "$T/last.err" | sed 's/^[^r]*rekon/rekon/')"
check "a refusal: one request more, signed right" "18 1" "$(stats)"

# --- secret files others can read, and no configuration: 78, nothing sent ------------
chmod 644 "$T/secret/secret"
check_rc "secret file mode 0644: exit 78" 78 $ON cek --online $A
check "secret file mode 0644: refused, saying why" 1 \
	"$(grep -c "secret_file: secret file $T/secret/secret is readable by others (mode 0644); chmod 600 it" "$T/last.err")"
chmod 600 "$T/secret/secret"
chmod 640 "$T/secret/user_key"
check_rc "user_key file mode 0640: exit 78" 78 $ON cek --online $A
chmod 600 "$T/secret/user_key"
check_rc "no [bpjs_api] base_url: exit 78" 78 $REKON cek --online $A
check "no base_url: said what to set" 1 \
	"$(grep -c 'online needs the BPJS bridging API: set \[bpjs_api\] base_url' "$T/last.err")"
check "configuration errors send nothing" "18 1" "$(stats)"

# --- network: timeout, TLS not trusted --------------------------------------------------
check_rc "no answer within timeout_seconds: exit 69" 69 $ON cek --online $Q
check "timeout: a network error" 1 \
	"$(grep -c "cannot reach the BPJS bridging API at http://127.0.0.1:$PORT/vclaim-rest: Operation timed out after 2[0-9]* milliseconds" "$T/last.err")"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$T/tls.key" -out "$T/tls.crt" \
	>/dev/null 2>&1
start_standin tls --tls-cert "$T/tls.crt" --tls-key "$T/tls.key"
conf tls "base_url = https://127.0.0.1:$(cat "$T/tls.port")/vclaim-rest" "cons_id = 1001" \
	"secret_file = $T/secret/secret" "user_key_file = $T/secret/user_key"
check_rc "https with a certificate nobody trusts: exit 69" 69 \
	$REKON_BIN -c "$T/tls.conf" cek --online $A
check "TLS: verified, the certificate refused" 1 \
	"$(grep -ci 'cannot reach the BPJS bridging API at https://.*certificate' "$T/last.err")"

# --- the rate limit, across processes ----------------------------------------------------
# max_per_minute = 2, one request 57 s ago: of two rekons started together,
# one asks at once, the other must wait until that old request is a minute
# old. Without a limit shared through the database both would ask at once.
t_psql "DELETE FROM vclaim_answer" >/dev/null
t_psql "INSERT INTO vclaim_answer (nik, asked_at, tgl_sep, kasus)
	VALUES ('$D', clock_timestamp() - interval '57 seconds', current_date, 'TIDAK_DITEMUKAN')" >/dev/null
conf rate "base_url = http://127.0.0.1:$PORT/vclaim-rest" "cons_id = 1001" \
	"secret_file = $T/secret/secret" "user_key_file = $T/secret/user_key" \
	"max_per_minute = 2"
$REKON_BIN -c "$T/rate.conf" cek --online $A >"$T/rate1.out" 2>&1 &
P1=$!
$REKON_BIN -c "$T/rate.conf" cek --online $C >"$T/rate2.out" 2>&1 &
P2=$!
wait $P1; R1=$?
wait $P2; R2=$?
check "rate limit: both answered" "0 0 AKTIF_PEMDA AKTIF_SEGMEN_LAIN" \
	"$R1 $R2 $(grep -o AKTIF_PEMDA "$T/rate1.out") $(grep -o AKTIF_SEGMEN_LAIN "$T/rate2.out")"
check "rate limit: the one that waited said so" 1 \
	"$(cat "$T/rate1.out" "$T/rate2.out" | grep -c 'max_per_minute = 2 reached: waiting [0-9.]* s')"
check "rate limit: never more than 2 requests in any minute" "t|t|3" \
	"$(t_psql "SELECT max(asked_at) - min(asked_at) >= interval '60 seconds',
	    (SELECT asked_at FROM vclaim_answer ORDER BY asked_at OFFSET 1 LIMIT 1)
	        - min(asked_at) < interval '60 seconds', count(*) FROM vclaim_answer")"
check "rate limit: 2 more requests (after the timeout's one), none bad" "21 1" "$(stats)"

check "no log line of any run above holds a whole NIK (masked ones do: 3325**********07)" "0 yes" \
	"$(grep -cE '[0-9]{16}' "$T/all.err") $(grep -qF '3325**********07' "$T/all.err" && echo yes)"

# --- the stand-in down ---------------------------------------------------------------------
kill "$SPID"
wait "$SPID" 2>/dev/null
check_rc "stand-in down: exit 69" 69 $ON cek --online $A
check "stand-in down: connection refused, named" 1 \
	"$(grep -c "cannot reach the BPJS bridging API at http://127.0.0.1:$PORT/vclaim-rest: .*[Cc]onnect" "$T/last.err")"
check "stand-in down: the request stored with its error" "$A||t" \
	"$(t_psql "SELECT nik, http_status, error LIKE 'cannot reach the BPJS bridging API%' FROM vclaim_answer ORDER BY id DESC LIMIT 1")"

v_done
