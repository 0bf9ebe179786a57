#!/bin/sh
# Issue 22: the retensi job drops, for old and closed periods, the imported
# rows and per-row results that no kept period still needs, and keeps the
# figures. Over gen's three months (with its population extract) placed so
# that, with retention_months = 2, the first two fall out (M1 = now - 4,
# M2 = now - 3; the cutoff is now - 2 = M3), and an older month U that was
# never closed:
#   - exact rows per table before and after: each removed batch's rows and
#     only those; the per-row results of M1 and M2 gone but for the
#     proposals forwarded to BPJS (gen's diteruskan) and M2's queue (gen's
#     menunggu_kuota), which M3 carries;
#   - which batches go: M1's DTKS, feedback and participant list. What
#     stays, and why: U's DTKS (U is not closed), the extract and the segmen
#     lists (in force at M3), every death record (M counts them all), both
#     proposal files (M2's queue carries rows of both), M2's DTKS (in force),
#     M2's list (Bprev of M3) and M2's feedback (§3 reads F of P-1);
#   - a dry run lists exactly that and changes nothing;
#   - every kept figure byte for byte (the JSON of M1 and M2, the stored
#     per-month and per-kecamatan figures, the signed SK lists, the claims);
#   - M3 in the office's order afterwards: every figure gen expects; its
#     Kuota sheet with all three months; §9's claim from the signed lists;
#   - what needs the dropped rows says so: a rerun or a report of M1;
#   - no whole NIK in what the job printed or logged.
. "$(dirname "$0")/../helpers/lib.sh"
SCALE=${SCALE:-10}
t_setup
C=$(TZ=Asia/Jakarta date +%Y-%m)
padd() { date -d "$1-15 $2 months" +%Y-%m; }
M1=$(padd "$C" -4); M2=$(padd "$C" -3); M3=$(padd "$C" -2); U=$(padd "$C" -6)
G=$T/gen
$REKON gen --out "$G" --scale "$SCALE" --period "$M2" --kependudukan >/dev/null 2>&1
H=$G/gen-harapan.txt
want() { sed -n "s/^$1 = //p" "$H"; }
cat "$G/gen-konfig.conf" >> "$T/rekon.conf"
printf '[limits]\nretention_months = 2\n' >> "$T/rekon.conf"
t_pg_start

# U: a DTKS of five rows for a month never reconciled nor closed.
head -6 "$G/dtks-$M1.csv" > "$T/dtks-kecil.csv"
t_imp dtks "$T/dtks-kecil.csv" "$U"
for P in "$M1" "$M2"; do
	check_rc "$P in the office's order, the list sent" 0 t_month_gen "$G" "$P" final
	check_rc "$P: the SK signed" 0 $REKON -q sk --period "$P" --final
done

ROWS="dtks_row usulan_row feedback_row peserta_row segmen_row kematian_row kependudukan_row rejected_row"
RESULTS="peserta_hasil sk_daftar usulan_hasil gagal_hasil hilang mutasi tindak_lanjut usul_nonaktif calon_ganda"
KEPT="sk_final kelebihan_bayar rekon_ringkasan rekon_kecamatan usulan_ruang usulan_final usulan_diteruskan batch periode"
counts() {
	for t in $ROWS $RESULTS $KEPT; do printf '%s %s\n' "$t" "$(t_psql "SELECT count(*) FROM $t")"; done
}
# What is kept, dumped in a fixed order: must not change by a byte.
kept() {
	t_psql "SELECT * FROM rekon_ringkasan ORDER BY period;
	    SELECT * FROM rekon_kecamatan ORDER BY period, kecamatan;
	    SELECT * FROM sk_final ORDER BY period, kunci;
	    SELECT * FROM kelebihan_bayar ORDER BY period, nik;
	    SELECT * FROM usulan_ruang ORDER BY period;
	    SELECT * FROM usulan_final ORDER BY period;
	    SELECT id, kind, period, file_name, sha256, size_bytes, rows_read, accepted, rejected, blank, started_at, finished_at, outcome FROM batch ORDER BY id"
}
json() { $REKON ringkasan --period "$1" --json | jq -S 'del(.dibuat)'; }
bid() { t_psql "SELECT id FROM batch WHERE kind = '$1' AND period = '$2' ORDER BY id DESC LIMIT 1"; }
part() { t_psql "SELECT count(*) FROM $1 WHERE batch_id = $2"; }
rej() { t_psql "SELECT count(*) FROM rejected_row WHERE batch_id = $1"; }
brej() { t_psql "SELECT rejected FROM batch WHERE id = $1"; }

counts > "$T/counts.before"
# gen's REK_KEMUNGKINAN_GANDA person is scored as a pair every month: there
# are §10 pairs for retention to remove (and the check below can fail).
check "before: $M1 and $M2 have scored pairs (calon_ganda)" "yes" \
	"$(t_psql "SELECT CASE WHEN count(*) FILTER (WHERE period = '$M1') > 0 AND count(*) FILTER (WHERE period = '$M2') > 0 THEN 'yes' ELSE count(*)::text END FROM calon_ganda")"
kept > "$T/kept.before"
json "$M1" > "$T/json.$M1.before"
json "$M2" > "$T/json.$M2.before"
check "the JSON of $M1 is gen's before retention (its aktif)" "$(want "$M1.aktif")" "$(jq .aktif "$T/json.$M1.before")"
D1=$(bid dtks "$M1"); F1=$(bid feedback "$M1"); B1=$(bid peserta "$M1")
ND1=$(part dtks_row "$D1"); NF1=$(part feedback_row "$F1"); NB1=$(part peserta_row "$B1")
NR=$(($(rej "$D1") + $(rej "$F1") + $(rej "$B1")))
check "the three batches to go have rows (dtks, feedback, peserta of $M1)" "yes" \
	"$([ "$ND1" -gt 0 ] && [ "$NF1" -gt 0 ] && [ "$NB1" -gt 0 ] && [ "$NR" -gt 0 ] && echo yes)"
R1=$(t_psql "SELECT count(*) FROM usulan_hasil WHERE period = '$M1' AND hasil <> 'DITERUSKAN'")
R2=$(t_psql "SELECT count(*) FROM usulan_hasil WHERE period = '$M2' AND hasil = 'DIKEMBALIKAN'")

# --- the dry run: lists, changes nothing --------------------------------------
check_rc "run retensi --dry-run exits 0" 0 $REKON run retensi --dry-run
sed -n 's/^  would delete the rows of batch [0-9]* (\([a-z]*\) \([0-9-]*\)).*/\1 \2/p' "$T/last.out" > "$T/dry.batches"
check "dry run: exactly M1's dtks, feedback and peserta would go" \
	"$(printf 'dtks %s\nfeedback %s\npeserta %s' "$M1" "$M1" "$M1")" "$(cat "$T/dry.batches")"
check "dry run: the rows it names for M1's participant list" \
	"  would delete the rows of batch $B1 (peserta $M1): $NB1 rows, $(rej "$B1") rejected rows" \
	"$(grep "batch $B1 " "$T/last.out")"
check "dry run: the per-row results of M1 and M2, with their counts" \
	"$(printf '  would delete the per-row results of %s: %s rows (its figures stay)\n  would delete the per-row results of %s: %s rows (its figures stay)' \
	    "$M1" "$(($(want "$M1.bp_baris") + $(want "$M1.ditetapkan") + R1 + $(t_psql "SELECT (SELECT count(*) FROM gagal_hasil WHERE period = '$M1') + (SELECT count(*) FROM hilang WHERE period = '$M1') + (SELECT count(*) FROM mutasi WHERE period = '$M1') + (SELECT count(*) FROM tindak_lanjut WHERE period = '$M1') + (SELECT count(*) FROM usul_nonaktif WHERE period = '$M1') + (SELECT count(*) FROM calon_ganda WHERE period = '$M1')")))" \
	    "$M2" "$(($(want "$M2.bp_baris") + $(want "$M2.ditetapkan") + R2 + $(t_psql "SELECT (SELECT count(*) FROM gagal_hasil WHERE period = '$M2') + (SELECT count(*) FROM hilang WHERE period = '$M2') + (SELECT count(*) FROM mutasi WHERE period = '$M2') + (SELECT count(*) FROM tindak_lanjut WHERE period = '$M2') + (SELECT count(*) FROM usul_nonaktif WHERE period = '$M2') + (SELECT count(*) FROM calon_ganda WHERE period = '$M2')")))")" \
	"$(grep '^  would delete the per-row results' "$T/last.out")"
check "dry run: every table's rows unchanged" "$(cat "$T/counts.before")" "$(counts)"
check "dry run: every kept record unchanged" "$(cat "$T/kept.before")" "$(kept)"
check "dry run: not recorded in job_run" "0" "$(t_psql "SELECT count(*) FROM job_run WHERE job = 'retensi'")"

# --- the run -------------------------------------------------------------------
check_rc "run retensi exits 0" 0 $REKON run retensi
cp "$T/last.out" "$T/run.out"; cp "$T/last.err" "$T/run.err"
counts > "$T/counts.after"
b() { sed -n "s/^$1 //p" "$T/counts.before"; }
check "after: exact rows per table" \
	"$(printf 'dtks_row %s\nusulan_row %s\nfeedback_row %s\npeserta_row %s\nsegmen_row %s\nkematian_row %s\nkependudukan_row %s\nrejected_row %s\npeserta_hasil %s\nsk_daftar %s\nusulan_hasil %s\ngagal_hasil %s\nhilang %s\nmutasi %s\ntindak_lanjut %s\nusul_nonaktif %s\ncalon_ganda %s' \
	    $(($(b dtks_row) - ND1)) "$(b usulan_row)" $(($(b feedback_row) - NF1)) $(($(b peserta_row) - NB1)) \
	    "$(b segmen_row)" "$(b kematian_row)" "$(b kependudukan_row)" $(($(b rejected_row) - NR)) \
	    0 0 $(($(want "$M1.usulan.diteruskan") + $(want "$M2.usulan.diteruskan") + $(want "$M2.usulan.menunggu_kuota"))) \
	    0 0 0 0 0 0)" \
	"$(sed -n 1,17p "$T/counts.after")"
check "after: the kept tables' rows unchanged" "$(sed -n '18,$p' "$T/counts.before")" "$(sed -n '18,$p' "$T/counts.after")"
check "after: every kept record unchanged, byte for byte" "$(cat "$T/kept.before")" "$(kept)"
check "after: the batches marked as removed by retention" "$D1 $F1 $B1" \
	"$(t_psql "SELECT string_agg(id::text, ' ' ORDER BY id) FROM batch WHERE retensi_at IS NOT NULL")"
check "after: their partitions are gone" "" \
	"$(t_psql "SELECT relname FROM pg_class WHERE relname IN ('dtks_row_b$D1', 'feedback_row_b$F1', 'peserta_row_b$B1', 'peserta_hasil_p$(echo "$M1" | tr - _)', 'sk_daftar_p$(echo "$M2" | tr - _)')")"
check "after: the periods marked" "$M1 $M2" \
	"$(t_psql "SELECT string_agg(period, ' ' ORDER BY period) FROM periode WHERE retensi_at IS NOT NULL")"
check "the unclosed old month $U: its DTKS untouched" "5 false" \
	"$(t_psql "SELECT count(*) || ' ' || bool_or(b.retensi_at IS NOT NULL) FROM dtks_row r JOIN batch b ON b.id = r.batch_id WHERE b.period = '$U'")"
check "the JSON of $M1: every figure unchanged" "$(cat "$T/json.$M1.before")" "$(json "$M1")"
check "the JSON of $M2: every figure unchanged" "$(cat "$T/json.$M2.before")" "$(json "$M2")"
check "job_run: what it deleted" \
	"OK|$((ND1 + NF1 + NB1 + NR + $(sed -n 's/^  deleted the per-row results of [0-9-]*: \([0-9]*\) rows.*/\1/p' "$T/run.out" | paste -sd+ | bc)))|0 files deleted (archive 0, rejected 0), older than $M3; the rows of 3 batches ($((ND1 + NF1 + NB1 + NR)) rows) and the per-row results of 2 periods ($(($(b usulan_hasil) - $(sed -n 's/^usulan_hasil //p' "$T/counts.after") + $(b peserta_hasil) + $(b sk_daftar) + $(b gagal_hasil) + $(b hilang) + $(b mutasi) + $(b tindak_lanjut) + $(b usul_nonaktif) + $(b calon_ganda))) rows) deleted: batches $D1 dtks $M1 ($((ND1 + $(brej "$D1")))), $F1 feedback $M1 ($((NF1 + $(brej "$F1")))), $B1 peserta $M1 ($((NB1 + $(brej "$B1"))))" \
	"$(t_psql "SELECT outcome || '|' || rows || '|' || message FROM job_run WHERE job = 'retensi'")"
check "no whole NIK in what the job printed or logged" "" \
	"$(grep -E '[0-9]{16}' "$T/run.out" "$T/run.err")"
check_rc "a second run finds nothing more" 0 $REKON run retensi
check "a second run: nothing more deleted" "  0 files deleted (archive 0, rejected 0), older than $M3" \
	"$(tail -1 "$T/last.out")"

# --- what needs the dropped rows says so ----------------------------------------
check_rc "rekonsiliasi of $M1 again (--force): refused, 65" 65 $REKON run rekonsiliasi --period "$M1" --force
check "... and why" \
	"rekon: the rows of $M1 were removed by retention on $(date +%d-%m-%Y) ('rekon run retensi'): its figures are kept ('rekon ringkasan --period $M1'), but rekonsiliasi cannot run for it again" \
	"$(cat "$T/last.err")"
check "job_run: DITOLAK, not GAGAL" "DITOLAK" \
	"$(t_psql "SELECT outcome FROM job_run WHERE job = 'rekonsiliasi' AND period = '$M1' ORDER BY id DESC LIMIT 1")"
check_rc "usulan of $M1 again: refused, 65" 65 $REKON usulan --period "$M1"
check "... and why" "yes" "$(grep -q "the rows of $M1 were removed by retention" "$T/last.err" && echo yes)"
check_rc "report rekonsiliasi of $M1: refused, 65" 65 $REKON report rekonsiliasi --period "$M1"
check "... and why" \
	"rekon: report rekonsiliasi $M1: the rows of $M1 were removed by retention on $(date +%d-%m-%Y) ('rekon run retensi'): its figures are kept ('rekon ringkasan --period $M1'), its lists cannot be written again" \
	"$(cat "$T/last.err")"
check "... in Indonesian for a clerk" "yes" \
	"$(LANG=id_ID.UTF-8 LC_MESSAGES= $REKON report rekonsiliasi --period "$M1" 2>&1 | grep -q 'dihapus oleh retensi' && echo yes)"
check_rc "cek --period $M1 (a NIK of its list): refused, 65" 65 $REKON cek --period "$M1" "$(t_psql "SELECT nik FROM sk_final WHERE period = '$M1' AND nik ~ '^[0-9]{16}$' ORDER BY kunci LIMIT 1")"
check "... and why" \
	"rekon: cek --period $M1: the lists of $M1 were removed by retention ('rekon run retensi'): a check as of that month can no longer be made" \
	"$(cat "$T/last.err")"
check_rc "cek --period $M2 (its list kept: Bprev of $M3): answers" 0 $REKON cek --period "$M2" "$(t_psql "SELECT nik FROM sk_final WHERE period = '$M2' AND nik ~ '^[0-9]{16}$' ORDER BY kunci LIMIT 1")"
KN=$(t_psql "SELECT nik FROM sk_final WHERE period = '$M1' AND nik ~ '^[0-9]{16}$' ORDER BY kunci LIMIT 1")
check_rc "kasus of a NIK of $M1's list: answers" 0 $REKON kasus --json "$KN"
check "... it says which months' rows retention removed (RETENSI, $M1 and $M2), and no event of $M1 is left but the signed SK" \
	"$M1 RETENSI|$M2 RETENSI|SK" \
	"$("${PYTHON:-/usr/bin/python3}" -c 'import json, sys
j = json.load(open(sys.argv[1]))
ev = j if isinstance(j, list) else j["peristiwa"]
ret = ["%s %s" % (e["periode"], e["peristiwa"]) for e in ev if e["peristiwa"] == "RETENSI"]
rest = sorted(set(e["peristiwa"] for e in ev if e["periode"] == sys.argv[2] and e["peristiwa"] != "RETENSI"))
print("|".join(ret + rest))' "$T/last.out" "$M1")"
check_rc "report sk of $M1: the signed list, kept" 0 $REKON report sk --period "$M1"
check "the signed list's lampiran has gen's ditetapkan rows" "$(want "$M1.ditetapkan")" \
	"$(${PYTHON:-/usr/bin/python3} -c "import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(sum(1 for r in ws.iter_rows() if isinstance(r[0].value, (int, float))))" "$T/state/outbox/$M1/sk-lampiran-$M1.xlsx")"

# --- the next month ---------------------------------------------------------------
check_rc "$M3 in the office's order after retention" 0 t_month_gen "$G" "$M3" final
t_gen_figures "$G" "$M3"
check "$M3: every figure gen expects ($(wc -l < "$T/want.$M3") of them)" "$(cat "$T/want.$M3")" "$(cat "$T/got.$M3")"
check "$M3: §9's claim from the signed lists, as gen's" "$(want "$M3.kelebihan_bayar.rupiah")" \
	"$(jq .kelebihan_bayar.rupiah "$T/state/outbox/$M3/rekonsiliasi-$M3.json")"
check "$M3: the Kuota sheet has the three months, M1's and M2's figures as stored" \
	"$(printf '%s %s\n%s %s\n%s %s' "$M1" "$(want "$M1.aktif")" "$M2" "$(want "$M2.aktif")" "$M3" "$(want "$M3.aktif")")" \
	"$(${PYTHON:-/usr/bin/python3} -c "import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])['Kuota']
rows = [r for r in ws.iter_rows(values_only=True) if isinstance(r[0], (int, float)) and isinstance(r[1], str) and isinstance(r[3], (int, float))]
for r, p in zip(rows, sys.argv[2:]):
    print(p, int(r[3]))" "$T/state/outbox/$M3/rekonsiliasi-$M3.xlsx" "$M1" "$M2" "$M3")"
t_done
