#!/bin/sh
# The job commands: what they refuse and why, the JSON summary's exact shape,
# no quota = no limit, closing a period (sk --final) and --force, K taken from
# the signed list, outputs replaced whole, and `rekon cek` against the case
# gen planted for every person (gen-kasus.txt).
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
G=$T/gen
$REKON gen --out "$G" --scale 10 --seed 3 --period 2026-11 --months 2 >/dev/null 2>&1
cat >> "$T/rekon.conf" <<'CONF'

[rules]
berkas_wajib = kk, ktp
CONF
t_pg_start
t_import_gen "$G"/*-2026-10.csv
OUT=$T/state/outbox

# --- usage and missing input ---------------------------------------------------
check_rc "usulan without --period exits 64" 64 $REKON usulan
check_rc "run of an unknown job exits 64" 64 $REKON run frobnicate --period 2026-10
check_rc "rekonsiliasi with no peserta list for P exits 66" 66 $REKON rekonsiliasi --period 2026-12
check "the message says which file is missing" \
	"rekon: no BPJS participant list (peserta) for 2026-12: import it first, e.g. 'rekon import peserta peserta-2026-12.csv'" \
	"$(cat "$T/last.err")"
check_rc "sk before rekonsiliasi: a missing prerequisite (66)" 66 $REKON sk --period 2026-10
check "sk says to reconcile first" \
	"rekon: 2026-10 has not been reconciled: run 'rekon rekonsiliasi --period 2026-10' first" \
	"$(cat "$T/last.err")"

# --- October without kuota or anggaran: no limit, nulls --------------------------
check_rc "run all 2026-10" 0 $REKON -q run all --period 2026-10
check "run all names each job's files under the job, in job order" \
	"usulan 2026-10:|rekonsiliasi 2026-10:|sk 2026-10:|sk-lampiran-2026-10.xlsx" \
	"$(grep -v '^  ' "$T/last.out" | tr '\n' '|')$(tail -1 "$T/last.out" | sed 's|.*/||')"
check "run all: three runs recorded, each OK" "usulan OK|rekonsiliasi OK|sk OK" \
	"$(t_psql "SELECT string_agg(job || ' ' || outcome, '|' ORDER BY id) FROM (SELECT DISTINCT ON (job) *
	           FROM job_run WHERE period = '2026-10' ORDER BY job, id DESC) j")"
# (That sk runs beside rekonsiliasi's outputs: test_webhook.sh.)
check "no kuota: nobody waits for quota" "0" \
	"$(t_psql "SELECT count(*) FROM usulan_hasil WHERE period = '2026-10' AND hasil = 'MENUNGGU_KUOTA'")"
check "no kuota: the room is unlimited (NULL)" "t|t" \
	"$(t_psql "SELECT kuota IS NULL, ruang IS NULL FROM usulan_ruang WHERE period = '2026-10'")"
J=$OUT/2026-10/rekonsiliasi-2026-10.json
check "JSON top-level keys, in order" \
	"periode dibuat kuota aktif ditetapkan terpakai_persen sisa iuran tagihan_bpjs selisih_tagihan serapan_persen flag dikecualikan feedback usulan tindak_lanjut mutasi calon_ganda kelebihan_bayar usul_nonaktif ditolak masukan_kurang batch" \
	"$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1])).keys()))' "$J")"
check "JSON: null kuota, terpakai, sisa, serapan without kuota and anggaran" "None None None None" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["kuota"], d["terpakai_persen"], d["sisa"], d["serapan_persen"])' "$J")"
check "JSON: every flag key, HILANG last" \
	"GANDA_NIK GANDA_NOKA SEGMEN_LAIN MENINGGAL NIK_TIDAK_VALID BUKAN_DTKS DATA_BERBEDA KEMUNGKINAN_GANDA GANDA_ORANG BUKAN_PENDUDUK DATA_BEDA_DUKCAPIL TIDAK_DITETAPKAN STATUS_TIDAK_AKTIF HILANG" \
	"$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["flag"].keys()))' "$J")"
check "JSON: dikecualikan keys = sk_kecualikan + GANDA_NIK" "SEGMEN_LAIN MENINGGAL GANDA_ORANG GANDA_NIK" \
	"$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["dikecualikan"].keys()))' "$J")"
check "JSON: every feedback category" "NIK_DUKCAPIL DATA_GANDA SEGMEN_LAIN MENINGGAL KUOTA LAINNYA" \
	"$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["feedback"]["kategori"].keys()))' "$J")"
check "JSON: dibuat in WIB" "+07:00" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["dibuat"][-6:])' "$J")"
check "JSON: one batch entry per batch that counts, baris = diterima + ditolak" "ok" \
	"$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ok = all(b["baris"] == b["diterima"] + b["ditolak"] for b in d["batch"])
print("ok" if ok and len(d["batch"]) == int(sys.argv[2]) else "bad")' "$J" \
	"$(t_psql "SELECT count(*) FROM rekon_batches_for('2026-10')")")"
check "JSON: ditolak = the rejected rows of those batches" \
	"$(t_psql "SELECT sum(rejected) FROM rekon_batches_for('2026-10')")" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ditolak"])' "$J")"

# --- closing October ------------------------------------------------------------
check_rc "sk --final closes 2026-10" 0 $REKON sk --period 2026-10 --final --nomor 440/123/2026 --tanggal 30-10-2026
check "closed, with nomor and tanggal" "t|440/123/2026|30-10-2026" \
	"$(t_psql "SELECT closed_at IS NOT NULL, sk_nomor, sk_tanggal FROM periode WHERE period = '2026-10'")"
check "the signed list is kept" "$(t_psql "SELECT count(*) FROM sk_daftar WHERE period = '2026-10'")" \
	"$(t_psql "SELECT count(*) FROM sk_final WHERE period = '2026-10'")"
for job in usulan rekonsiliasi sk; do
	check_rc "$job of a closed period exits 65" 65 $REKON $job --period 2026-10
done
check "the refusal says --force" \
	"rekon: 2026-10 is closed (its SK was signed with 'rekon sk --final'): sk refuses to run again; add --force to rerun it anyway" \
	"$(cat "$T/last.err")"
check_rc "usulan --force reruns a closed period" 0 $REKON -q usulan --period 2026-10 --force

# --- November against the signed October ----------------------------------------
t_import_gen "$G"/*-2026-11.csv
check_rc "run all 2026-11" 0 $REKON -q run all --period 2026-11
mutasi=$(t_psql "SELECT jenis || ' ' || count(*) FROM mutasi WHERE period = '2026-11' GROUP BY jenis ORDER BY jenis")
check "K exists: MASUK and KELUAR found" "yes" "$(echo "$mutasi" | grep -q MASUK && echo "$mutasi" | grep -q KELUAR && echo yes)"
# K is the signed list: a later October rerun (sk_daftar) must not change it.
t_psql "DELETE FROM sk_daftar WHERE period = '2026-10'" >/dev/null
check_rc "rekonsiliasi 2026-11 again" 0 $REKON -q rekonsiliasi --period 2026-11
check "K still the signed October list" "$mutasi" \
	"$(t_psql "SELECT jenis || ' ' || count(*) FROM mutasi WHERE period = '2026-11' GROUP BY jenis ORDER BY jenis")"

# --- outputs replaced whole ---------------------------------------------------------
touch "$OUT/2026-11/kembali/STALE.txt"
check_rc "usulan 2026-11 again" 0 $REKON -q usulan --period 2026-11
check "kembali/ rebuilt: a stale file is gone" "no" "$([ -e "$OUT/2026-11/kembali/STALE.txt" ] && echo yes || echo no)"
check "no temporary files left in the outbox" "" "$(find "$OUT" -name '.*' | head -3)"

# --- rekon cek: every planted person's case --------------------------------------
awk -F';' 'NR > 1 && $4 != "" && $17 != "" { print $4 " " $17 }' "$G/gen-kasus.txt" | sort -u > "$T/cek.want"
$REKON cek $(cut -d' ' -f1 "$T/cek.want") > "$T/cek.out"
awk '/^[0-9]/ { print $1 " " $2 }' "$T/cek.out" | sort -u > "$T/cek.got"
check "rekon cek: the case of each of the $(wc -l < "$T/cek.want") planted people" \
	"$(cat "$T/cek.want")" "$(cat "$T/cek.got")"
KK=$(sed -n 's/^cek.no_kk = //p' "$G/gen-harapan.txt")
check_rc "cek --kk" 0 $REKON cek --kk "$KK"
check "cek --kk: one line per NIK of the family, with its case" \
	"$(awk -F';' -v kk="$KK" '$1 == "CEK_KK" && $5 == kk { print $4 " " $17 }' "$G/gen-kasus.txt" | sort)" \
	"$(awk '/^[0-9]/ { print $1 " " $2 }' "$T/last.out" | sort)"
check_rc "cek with NIKs and --kk exits 64" 64 $REKON cek 3325010101900001 --kk "$KK"

# --- batch work yields to the web (session_yield) ---------------------------------
# A job runs at nice 10, and so does its server process on the embedded
# cluster; a cek (the web's kind of request) keeps the priority it had.
# The run holds its lock 3 s (REKON_TEST_HOLD_LOCK_SECONDS): both are
# looked at while it waits.
REKON_TEST_HOLD_LOCK_SECONDS=3 $REKON -q rekonsiliasi --period 2026-10 --force >/dev/null 2>&1 &
JOB=$!
BACKEND=
for _ in $(seq 1 50); do
	BACKEND=$(t_psql "SELECT pid FROM pg_stat_activity WHERE state = 'idle in transaction'
	                  AND query LIKE '%pg_advisory_xact_lock%' LIMIT 1")
	[ -n "$BACKEND" ] && break
	sleep 0.1
done
check "a job's server process runs at nice 10" "10" \
	"$(awk '{ sub(/.*\) /, ""); print $17 }' "/proc/$BACKEND/stat" 2>/dev/null)"
check "the job's own process runs at nice 10" "10" "$(ps -o ni= -p "$JOB" | tr -d ' ')"
check "another connection's server process keeps nice 0" "0" \
	"$(t_psql "SELECT split_part(regexp_replace(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), '^.*\) ', ''), ' ', 17)")"
wait $JOB
check "the yielding job ends well" "0" "$?"
t_done
