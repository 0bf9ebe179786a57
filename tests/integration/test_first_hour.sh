#!/bin/sh
# The first hour's traps (issue 16), each with its exact message and exit
# code: a command that only reads makes no database (no state directory,
# no initdb, no server left running) and says how to make one; a read-only
# command that starts an existing cluster says nothing of it; a month's job
# through `rekon run` without --period refuses, as `rekon usulan` does,
# instead of writing the current month's (empty) lists; a file whose header
# fits another kind better is refused (--force to insist), in the inbox
# too.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
ST=$T/state
MSG="rekon: no database yet in $ST/pg: make one with 'rekon db init' (importing a file or running a job makes it too)"
for c in batches status "cek 3325010101700001" "cek --kk 3325010101100013" "kasus 3325010101700001" \
	"report sk --period 2026-11" "user list" "batch drop 1"; do
	check_rc "no database: rekon $c exits 66" 66 $REKON $c
	check "... saying how to make one" "$MSG" "$(cat "$T/last.err")"
done
check "... and nothing was made: no state directory" "no" "$([ -e "$ST" ] && echo yes || echo no)"
check "... no server runs" "no" "$(pgrep -f "postgres -D $ST" >/dev/null && echo yes || echo no)"

check_rc "rekon help sk: 0" 0 $REKON help sk
check "... the usage, an example, where to read more" "usage: rekon sk --period P [--nomor N] [--tanggal D] [--final] [--force]
  the SK lampiran; --final closes the period
example:
  rekon sk --period 2026-11 --nomor 440/123/2026 --tanggal 30-11-2026
more: man rekon (rekon(8)), man rekon.conf" "$(cat "$T/last.out")"
check "rekon sk --help says the same" "$(cat "$T/last.out")" "$($REKON sk --help)"
check_rc "rekon help of no such command: 64" 64 $REKON help nope
check "every command has its example" "" \
	"$(for c in $($REKON help | sed -n '/^commands:/,$p' | awk 'NR > 1 { print $1 }'); do $REKON help $c | grep -q '^example:' || echo $c; done)"

check_rc "rekon run usulan without --period: a usage error (64)" 64 $REKON run usulan
check "... saying what it needs" "rekon: run usulan needs --period YYYY-MM: the month to work on" "$(cat "$T/last.err")"
check_rc "rekon run all without --period: 64" 64 $REKON run all
check "... and nothing was made" "no" "$([ -e "$ST" ] && echo yes || echo no)"

# A cluster that exists but is stopped: a read-only command starts it, quietly.
$REKON db init >/dev/null 2>&1
T_PG=1
$REKON db stop >/dev/null 2>&1
check_rc "rekon batches on a stopped cluster: 0" 0 $REKON batches
check "... and says nothing of starting PostgreSQL" "" "$(cat "$T/last.err")"
check_rc "rekon status: 0, quietly" 0 $REKON status
check "... nothing on standard error" "" "$(cat "$T/last.err")"
check_rc "rekon run sk without --period on a database: still 64" 64 $REKON run sk
check "... no outbox written" "no" "$([ -e "$ST/outbox" ] && echo yes || echo no)"

# A file of another kind: BPJS's participant list given as DTKS.
mkdir -p "$T/in"
{
	printf 'NO KARTU;NIK;NO KK;NAMA;STATUS;SEGMEN\n'
	printf '0001234567890;3325010101700001;3325010101100013;BUDI SANTOSO;AKTIF;PBPU PEMDA\n'
} > "$T/in/peserta-2026-11.csv"
check_rc "import dtks of a peserta list: refused as a usage error (64)" 64 $REKON import dtks "$T/in/peserta-2026-11.csv"
check "... naming the kind it fits" "rekon: peserta-2026-11.csv: its header fits peserta (6 of its columns) better than dtks (3): import it as peserta (rekon import peserta, or inbox/peserta/), or add --force to import it as dtks all the same" \
	"$(cat "$T/last.err")"
check "... and no batch was made" "0" "$(t_psql "SELECT count(*) FROM batch")"
check_rc "import peserta of it: 0" 0 $REKON import peserta "$T/in/peserta-2026-11.csv"
check_rc "import dtks --force of it: 0 (the office insists)" 0 $REKON -q import dtks "$T/in/peserta-2026-11.csv" --force
check "... a dtks batch" "dtks|peserta" "$(t_psql "SELECT string_agg(kind, '|' ORDER BY kind) FROM batch")"
# No kind named: each file's header tells it, and a header that fits two
# kinds alike is refused.
printf 'NIK|NO KK|NAMA|DESIL\n3325010101700031|3325010101100031|DEDI|2\n' > "$T/in/dtks-baru.csv"
printf 'NIK;NO KARTU;NAMA;STATUS\n3325010101700032;0001234567832;EKA;AKTIF\n' > "$T/in/daftar.csv"
check_rc "rekon import FILE (no kind): 0" 0 $REKON import "$T/in/dtks-baru.csv" --period 2026-10
check "... its header told it: dtks" "rekon: $T/in/dtks-baru.csv: its header is dtks's|dtks" \
	"$(grep "its header" "$T/last.err")|$(t_psql "SELECT kind FROM batch WHERE file_name = 'dtks-baru.csv'")"
check_rc "a header three kinds fit alike: refused (65)" 65 $REKON import "$T/in/daftar.csv"
check "... naming them" "rekon: daftar.csv: its header fits feedback, peserta, segmen alike: name the kind (rekon import KIND FILE)" \
	"$(cat "$T/last.err")"
check_rc "neither a kind nor a file: 64" 64 $REKON import nope.csv
# In the inbox the folder names the kind: a file in the wrong folder is
# moved to rejected/ with the reason beside it.
mkdir -p "$ST/inbox/feedback"
sed 's/BUDI/ANI/' "$T/in/peserta-2026-11.csv" > "$ST/inbox/feedback/peserta-lain-2026-11.csv"
$REKON -q run inbox >/dev/null 2>&1
check "inbox/feedback/ of a peserta list: rejected, saying why in plain Indonesian, then the details" "Berkas ini tidak diimpor: kolom-kolomnya lebih cocok untuk jenis data lain daripada jenis folder ini. Periksa berkasnya, lalu taruh di folder jenis yang benar.

Rincian (untuk operator): peserta-lain-2026-11.csv: its header fits peserta (6 of its columns) better than feedback (5): import it as peserta (rekon import peserta, or inbox/peserta/), or add --force to import it as feedback all the same" \
	"$(cat "$ST/rejected/feedback/peserta-lain-2026-11.csv.error.txt" 2>&1)"
# peserta and segmen lists share their columns: neither refuses the other.
printf 'NIK;NO KARTU;NAMA;SEGMEN;STATUS\n3325010101700009;0001234567899;CICI;PBI APBN;AKTIF\n' > "$T/in/segmen-2026-11.csv"
check_rc "a segmen list imported as segmen: 0" 0 $REKON -q import segmen "$T/in/segmen-2026-11.csv"

# A month reconciled from BPJS's list alone (the first quick tour's trap;
# the DTKS in force is the one forced above): the job says which inputs are missing, on the terminal, in the log, in
# its run's message, the JSON and the Ringkasan sheet.
sed 's/BUDI SANTOSO/BUDI SANTOSA/' "$T/in/peserta-2026-11.csv" > "$T/in/peserta-2026-12.csv"
$REKON -q import peserta "$T/in/peserta-2026-12.csv" >/dev/null 2>&1
$REKON run all --period 2026-12 > "$T/all.out" 2> "$T/all.err"
check "run all with only a peserta list: exit 0, saying what is missing" "0|  note: no feedback, usulan, kematian imported for 2026-12: its figures are incomplete" \
	"$?|$(grep 'note:' "$T/all.out" | tail -1)"
check "... in the log" "rekon: rekonsiliasi 2026-12: no feedback, usulan, kematian imported for 2026-12: its figures are incomplete" \
	"$(grep 'rekonsiliasi 2026-12: no' "$T/all.err")"
check "... as the run's message in rekon status" "OK|no feedback, usulan, kematian imported for 2026-12: its figures are incomplete" \
	"$(t_psql "SELECT outcome || '|' || message FROM job_run WHERE job = 'rekonsiliasi' AND period = '2026-12'")"
check "... in the JSON summary" '["feedback", "usulan", "kematian"]' \
	"$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["masukan_kurang"]))' "$ST/outbox/2026-12/rekonsiliasi-2026-12.json")"
check "... and on the Ringkasan sheet" "1;dtks;ada
2;peserta;ada
3;feedback;BELUM ADA: angka yang memakainya belum lengkap
4;usulan;BELUM ADA: angka yang memakainya belum lengkap
5;kematian;BELUM ADA: angka yang memakainya belum lengkap" \
	"$(${PYTHON:-/usr/bin/python3} "$ROOT/tests/helpers/xlsx_check.py" "$ST/outbox/2026-12/rekonsiliasi-2026-12.xlsx" rows Ringkasan 7)"

# rekon ringkasan: the month's headline figures, and what it lacked.
check_rc "rekon ringkasan --period 2026-12: 0" 0 $REKON ringkasan --period 2026-12
check "... the figures, and the inputs it lacked" "Ringkasan Desember 2026
  kuota (jiwa)                            -
  aktif (jiwa)                            1
  ditetapkan dalam SK                     1
  terpakai                                -
  sisa kuota                              -
  iuran (Rp)                         37.800
  kelebihan bayar (Rp)                    0
  usul nonaktif (jiwa)                    0
  masukan belum ada        feedback, usulan, kematian" \
	"$(grep -v -e tagihan -e selisih -e serapan -e ditolak "$T/last.out")"
check "... --json is the JSON summary" "2026-12|feedback usulan kematian" \
	"$($REKON ringkasan --period 2026-12 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["periode"] + "|" + " ".join(d["masukan_kurang"]))')"
check_rc "rekon ringkasan of a month not reconciled: 66" 66 $REKON ringkasan --period 2026-09
check "... saying what to run" "rekon: 2026-09 has not been reconciled: run 'rekon rekonsiliasi --period 2026-09' first" "$(cat "$T/last.err")"
check "the first reconciled month's Mutasi names no earlier SK" "Mutasi Peserta (belum ada SK bulan sebelumnya untuk dibandingkan) — Desember 2026" \
	"$(${PYTHON:-/usr/bin/python3} -c 'import openpyxl,sys; ws = openpyxl.load_workbook(sys.argv[1])["Mutasi"]; print(ws["A2"].value)' "$ST/outbox/2026-12/rekonsiliasi-2026-12.xlsx")"
check "an empty list sheet says so (Gagal of 2026-12)" "Tidak ada data" \
	"$(${PYTHON:-/usr/bin/python3} -c 'import openpyxl,sys; ws = openpyxl.load_workbook(sys.argv[1])["Gagal"]; print(ws["B7"].value)' "$ST/outbox/2026-12/rekonsiliasi-2026-12.xlsx")"

# A closed period's rerun refuses, as it should: no failed job.
$REKON -q sk --period 2026-12 --final >/dev/null 2>&1
check_rc "rekonsiliasi of a closed period: refused (65)" 65 $REKON -q rekonsiliasi --period 2026-12
check "... recorded DITOLAK, not GAGAL, with the reason" "DITOLAK|2026-12 is closed (its SK was signed with 'rekon sk --final'): rekonsiliasi refuses to run again; add --force to rerun it anyway" \
	"$(t_psql "SELECT outcome || '|' || message FROM job_run WHERE job = 'rekonsiliasi' AND period = '2026-12' ORDER BY id DESC LIMIT 1")"
check "... and rekon status shows it" "DITOLAK" \
	"$($REKON status 2>/dev/null | awk '$1 == "rekonsiliasi" { print $6 }')"
# ... and takes no more files, nor loses one, without --force.
sed 's/BUDI SANTOSO/BUDI SANTOSI/' "$T/in/peserta-2026-11.csv" > "$T/in/peserta-telat.csv"
check_rc "an import into the closed period: refused (65)" 65 $REKON -q import peserta "$T/in/peserta-telat.csv" --period 2026-12
check "... saying where it goes" "rekon: peserta-telat.csv: 2026-12 is closed (its SK was signed): it takes no more files; import it for 2027-01 (--period 2027-01), or add --force to import it into 2026-12 all the same" \
	"$(cat "$T/last.err")"
B12=$(t_psql "SELECT id FROM batch WHERE kind = 'peserta' AND period = '2026-12'")
check_rc "batch drop of the list the closed period was made from: refused (65)" 65 $REKON batch drop "$B12"
check "... saying why" "rekon: batch $B12 counts for 2026-12, which is closed (its SK was signed): dropping it changes what the SK was made from; add --force to drop it anyway" \
	"$(cat "$T/last.err")"
check "... and the batch is kept" "1" "$(t_psql "SELECT count(*) FROM batch WHERE id = $B12")"
check_rc "import --force into the closed period: 0" 0 $REKON -q import peserta "$T/in/peserta-telat.csv" --period 2026-12 --force
check_rc "batch drop --force of it: 0" 0 $REKON -q batch drop "$(t_psql "SELECT max(id) FROM batch WHERE kind = 'peserta' AND period = '2026-12'")" --force

check_rc "a folder given as a file: 66" 66 $REKON -q import dtks "$T/in"
check "... saying so" "rekon: $T/in: a folder, not a file: name the files in it (e.g. $T/in/*.csv)" "$(cat "$T/last.err")"
check "db status names the server's version as 15.x" "yes" \
	"$($REKON db status 2>/dev/null | grep -qE '^database: connected \(PostgreSQL 1[0-9]\.[0-9]+\)$' && echo yes)"

# rekon cek: the person's name, the list it was judged on, 80 columns; a
# typed id that is no NIK is a usage error.
$REKON cek 3325010101700001 3325014101700099 > "$T/cek.out" 2>&1
check "cek: the list it judged on, the name, the action under it" "Dasar: daftar peserta BPJS periode 2026-12
  (peserta-2026-12.csv, diimpor $(t_psql "SELECT to_char(finished_at, 'DD-MM-YYYY') FROM batch WHERE file_name = 'peserta-2026-12.csv'"))
Kependudukan: belum ada data Dukcapil (BUKAN_PENDUDUK tidak diperiksa)
NIK               KASUS              SEGMEN        NAMA
3325010101700001  AKTIF_PEMDA        PBPU_PEMDA    BUDI SANTOSA
                  Peserta aktif; bila belum punya kartu, minta cetak E-ID ke
                  BPJS" "$(head -7 "$T/cek.out")"
check "... every line within 80 columns" "0" "$(awk 'length($0) > 80' "$T/cek.out" | wc -l | tr -d ' ')"
check "cek --period: as of that month, on the newest list up to it" "Dicek per periode 2027-01
Dasar: daftar peserta BPJS periode 2026-12" "$($REKON cek --period 2027-01 3325010101700001 | head -2)"
check "cek --period before any list: says so" "Dasar: belum ada daftar peserta BPJS sampai periode 2026-01
TIDAK_DITEMUKAN" "$($REKON cek --period 2026-01 3325010101700001 | awk 'NR == 1 { print } NR == 4 { print $2 }')"
check_rc "cek --period that is no month: 64" 64 $REKON cek --period 2026-13 3325010101700001
check_rc "cek --period with --online: 64" 64 $REKON cek --period 2026-12 --online 3325010101700001
check "... saying why" "rekon: --period cannot go with --online: BPJS answers as of today" "$(cat "$T/last.err")"
check_rc "cek of something that is no NIK: 64" 64 $REKON cek 33250101017
check_rc "cek --kk of something that is no No KK: 64" 64 $REKON cek --kk KK-123

# --json for the tools an office's own scripts read.
check "status --json: each job's last run" "rekonsiliasi|2026-12|DITOLAK" \
	"$($REKON status --json | python3 -c 'import json,sys; d=json.load(sys.stdin); j=[x for x in d["jobs"] if x["job"] == "rekonsiliasi"][0]; print(j["job"] + "|" + j["periode"] + "|" + j["hasil"])')"
check "batches --json: the batches, with their counts" "$(t_psql "SELECT count(*) FROM batch WHERE period = '2026-12'")|1" \
	"$($REKON batches --json --period 2026-12 | python3 -c 'import json,sys; d=json.load(sys.stdin); print(str(len(d)) + "|" + str(d[0]["diterima"]))')"
check "cek --json: the answer as the JSON cek gives it" "2026-12|3325010101700001|BUDI SANTOSA|AKTIF_PEMDA" \
	"$($REKON cek --json 3325010101700001 | python3 -c 'import json,sys; d=json.load(sys.stdin); h=d["hasil"][0]; print("|".join([d["dasar"]["periode"], h["nik"], h["nama"], h["kasus"]]))')"

# The README's quick tour, run as it stands (its paths under $T, its
# binary this build's; `make` is this build).
sed -n '/^### Quick tour/,/^The workbooks are in/p' "$ROOT/README.md" |
	sed -n '/^```sh$/,/^```$/p' | sed '1d;$d' | grep -v '^make ' |
	sed "s|build/rekon|$REKON_BIN|g; s|/tmp/tour|$T/tour|g" > "$T/tour.sh"
mkdir -p "$T/tour"
sh -e "$T/tour.sh" > "$T/tour.out" 2> "$T/tour.err"
check "the README's quick tour runs to its end (exit 0)" "0" "$?"
check "... every file of the month imported, none refused" "dtks segmen segmen kematian usulan feedback peserta|OK OK OK OK OK OK OK" \
	"$(awk '/^ *[0-9]+  [a-z]+ +2026-10 / { print $2 }' "$T/tour.out" | paste -sd' ')|$(awk '/^ *[0-9]+  [a-z]+ +2026-10 / { print $(NF-1) }' "$T/tour.out" | paste -sd' ')"
check "... and the month's workbooks are written" "nonaktif-2026-10-bpjs.csv rekonsiliasi-2026-10.json rekonsiliasi-2026-10.xlsx sk-lampiran-2026-10.xlsx usulan-2026-10-bpjs.csv usulan-2026-10.xlsx" \
	"$(cd "$T/tour/state/outbox/2026-10" && ls *.* | paste -sd' ')"
check "... and its database is stopped" "no" "$(pgrep -f "postgres -D $T/tour/state" >/dev/null && echo yes || echo no)"
t_done
