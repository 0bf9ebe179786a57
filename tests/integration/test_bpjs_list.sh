#!/bin/sh
# A BPJS list tried as a new user would: a ';'-delimited UTF-8-BOM CRLF BPJS
# list with 7,696 data lines, 3 of them unusable (two with no identifier, one
# with too many fields), shows 7,693 accepted and 3 rejected on its line of
# `rekon batches`. Also: the embedded cluster starts on demand, and the
# external-server path (conninfo set) works against the same server.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
F=$T/peserta-2026-11.csv
awk 'BEGIN {
	printf "\357\273\277NO KARTU;NIK;NAMA;TGL LAHIR;JK;STATUS PESERTA;SEGMEN\r\n"
	for (i = 1; i <= 7696; i++) {
		if (i == 100 || i == 5000)		# no identifier
			printf ";;TANPA ID %d;01-01-1980;L;AKTIF;PBPU PEMDA\r\n", i
		else if (i == 7000)			# too many fields
			printf "%013d;33250101019%05d;PESERTA %d;01-01-1980;L;AKTIF;PBPU PEMDA;X\r\n", i, i, i
		else
			printf "%013d;33250101019%05d;PESERTA %d;01-01-1980;%s;AKTIF;PBPU PEMDA\r\n", i, i, i, (i % 2 ? "L" : "P")
	}
}' > "$F"
check "fixture has 7,697 lines" "7697" "$(wc -l < "$F" | tr -d ' ')"

# No `db start` first: import starts the embedded cluster itself.
T_PG=1
check_rc "import the BPJS list" 0 $REKON import peserta "$F"
$REKON batches > "$T/b.out"
check "its line of rekon batches" \
	"    1  peserta   2026-11      7696      7693         3       0  OK       peserta-2026-11.csv" \
	"$(grep 'peserta-2026-11.csv' "$T/b.out")"
check "rejected lines and reasons" "101|ID_KOSONG
5001|ID_KOSONG
7001|JUMLAH_KOLOM" \
	"$(t_psql "SELECT line, reason FROM rejected_row ORDER BY line")"
check "every accepted NIK valid, every NOKA 13 digits" "7693|0" \
	"$(t_psql "SELECT count(*), count(*) FILTER (WHERE flags <> '{}') FROM peserta_row")"

# A 3,000-character "NIK" (under the default 64 KiB field limit) is no
# identifier: that row is rejected, the file's other rows are kept.
awk 'BEGIN {
	printf "NIK;NAMA;TGL MENINGGAL\n3325010101900001;BUDI;01-10-2026\n"
	s = ""; for (i = 0; i < 3000; i++) s = s "9"
	printf "%s;PANJANG;01-10-2026\n", s
}' > "$T/kematian-2026-10.csv"
check_rc "import a file with a huge identifier" 0 $REKON import kematian "$T/kematian-2026-10.csv"
check "huge identifier rejected, the rest kept" "2|1|1|3|FIELD_TERLALU_PANJANG" \
	"$(t_psql "SELECT rows_read, accepted, b.rejected, r.line, r.reason FROM batch b JOIN rejected_row r ON r.batch_id = b.id WHERE kind = 'kematian'")"

# The same server through [database] conninfo: nothing else changes.
sock=$T/state/pg/run
cp "$T/rekon.conf" "$T/ext.conf"
printf '\n[database]\nconninfo = host=%s dbname=rekon user=rekon\n' "$sock" >> "$T/ext.conf"
check_rc "external conninfo: batches" 0 "$REKON_BIN" -c "$T/ext.conf" batches
check "external conninfo sees the batch" "1" "$(grep -c 'peserta-2026-11.csv' "$T/last.out")"
check_rc "external conninfo: db migrate is idempotent" 0 "$REKON_BIN" -c "$T/ext.conf" db migrate
check "migrate says nothing to do" "schema at version $(ls "$ROOT"/sql/[0-9]*.sql | sed -n '$s|.*/0*\([0-9][0-9]*\)_.*|\1|p') (0 migrations applied)" "$(cat "$T/last.out")"
t_done
