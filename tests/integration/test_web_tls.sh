#!/bin/sh
# rekon web serving HTTPS itself (web.md: with tls_cert_file and
# tls_key_file): a self-signed certificate for 127.0.0.1, the login over
# TLS, the session cookie Secure; plain HTTP is not answered on that port;
# one of the two files alone is refused by `rekon web` with a message.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext "subjectAltName = IP:127.0.0.1" -keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1
cp "$T/rekon.conf" "$T/half.conf"
printf '\n[web]\nlisten = 127.0.0.1:%s\ntls_cert_file = %s\n' "$PORT" "$T/cert.pem" >> "$T/half.conf"
printf '\n[web]\nlisten = 127.0.0.1:%s\ntls_cert_file = %s\ntls_key_file = %s\n' "$PORT" "$T/cert.pem" "$T/key.pem" >> "$T/rekon.conf"
t_pg_start
"$REKON_BIN" -c "$T/half.conf" web > "$T/half.out" 2>&1
check "a certificate without its key: refused (78), with a message" \
	"78|rekon: [web] tls_cert_file and tls_key_file go together: set both (HTTPS) or neither" \
	"$?|$(tail -1 "$T/half.out")"
printf 'rahasia-loket-1\n' | $REKON -q user add loket1 --role loket >/dev/null 2>&1
$REKON web > "$T/web.log" 2>&1 &
T_PIDS=$!
U=https://127.0.0.1:$PORT
wait_for 10 curl -s --cacert "$T/cert.pem" -o /dev/null "$U/masuk"
check "HTTPS with the configured certificate: 200" "200" \
	"$(curl -s --cacert "$T/cert.pem" -o /dev/null -w '%{http_code}' "$U/masuk")"
J=$T/jar
curl -s --cacert "$T/cert.pem" -c "$J" -b "$J" "$U/masuk" > "$T/form.html"
CS=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/form.html")
curl -s --cacert "$T/cert.pem" -D "$T/h" -o /dev/null -c "$J" -b "$J" --data-urlencode "csrf=$CS" \
	--data-urlencode nama=loket1 --data-urlencode sandi=rahasia-loket-1 "$U/masuk"
check "the session cookie is Secure under TLS" "1" \
	"$(grep -c '^Set-Cookie: rekon_sesi=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict; Secure' "$T/h")"
check "logged in over TLS" "200" "$(curl -s --cacert "$T/cert.pem" -o /dev/null -w '%{http_code}' -b "$J" "$U/cek")"
check "plain HTTP on the TLS port gets no page" "no page" \
	"$(curl -s -m 5 -o "$T/plain" "http://127.0.0.1:$PORT/masuk" 2>/dev/null; grep -q 'Masuk' "$T/plain" 2>/dev/null && echo page || echo 'no page')"
t_done
