#!/bin/sh
# make demo: a synthetic region's two months imported into the embedded
# PostgreSQL, then the batch table. Everything lives under demo/ in the
# checkout (git-ignored); a second run finds the files already imported.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEMO=${DEMO:-$ROOT/demo}		# (tests run it elsewhere: test_privacy.sh)
REKON_BIN=${REKON_BIN:-$ROOT/build/rekon}
REKON="$REKON_BIN -c $DEMO/rekon.conf"
SCALE=${SCALE:-1000}
mkdir -p "$DEMO"
chmod 755 "$DEMO"

# As root the server runs as 'postgres', which must be able to reach the
# state directory; a checkout under /root is not reachable.
STATE=$DEMO/state
if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 &&
    ! su -s /bin/sh postgres -c "test -x '$DEMO'" 2>/dev/null; then
	STATE=/var/tmp/rekon-demo-state
	echo "demo: postgres cannot reach $DEMO; the database lives in $STATE"
fi

echo "== synthetic region (scale $SCALE, two months)"
"$REKON_BIN" gen --out "$DEMO/data" --scale "$SCALE" --seed 1 --period 2026-11
# gen says which quota makes November's queue stop partway.
KUOTA=$(sed -n 's/^kuota.saran = kuota.2026 = //p' "$DEMO/data/gen-harapan.txt")

cat > "$DEMO/rekon.conf" <<CONF
; written by make demo
[region]
name = Kabupaten Contoh
office = Dinas Kesehatan Kabupaten Contoh
code = 3325
timezone = Asia/Jakarta

[paths]
state_dir = $STATE

[budget]
iuran_per_jiwa = 37800
kuota.2026 = $KUOTA
anggaran.2026 = 2268000000

[rules]
berkas_wajib = kk, ktp
CONF

echo "== embedded PostgreSQL"
$REKON db init

echo "== import"
for P in 2026-10 2026-11; do
	for kind in dtks segmen kematian usulan feedback peserta; do
		for f in "$DEMO/data/$kind"-*"$P".csv; do
			[ -f "$f" ] || continue
			case $f in	# each segmen list under its own label
			*pbi-apbd-prov*) set -- --label PBI_APBD_PROV ;;
			*) set -- ;;
			esac
			$REKON import "$kind" "$f" "$@" || true
		done
	done
done
for f in "$DEMO"/data/rusak/*.csv; do
	[ -f "$f" ] || continue
	kind=$(basename "$f" | sed 's/-.*//')
	$REKON import "$kind" "$f" || true
done

echo "== batches"
$REKON batches

echo "== the month: usulan, rekonsiliasi, sk for each"
for P in 2026-10 2026-11; do
	$REKON run all --period "$P"
done

P=2026-11
echo
echo "== Ringkasan $P"
python3 - "$STATE/outbox/$P/rekonsiliasi-$P.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def rp(v):
    return "-" if v is None else "Rp " + format(v, ",d").replace(",", ".")
def n(v):
    return "-" if v is None else format(v, ",d").replace(",", ".")
def pct(v):
    return "-" if v is None else (("%.1f" % v).replace(".", ",") + " %")
print("  kuota            %s" % n(d["kuota"]))
print("  aktif            %s jiwa" % n(d["aktif"]))
print("  ditetapkan       %s jiwa" % n(d["ditetapkan"]))
print("  terpakai         %s" % pct(d["terpakai_persen"]))
print("  sisa             %s" % n(d["sisa"]))
print("  iuran            %s" % rp(d["iuran"]))
print("  tagihan BPJS     %s" % rp(d["tagihan_bpjs"]))
print("  selisih tagihan  %s" % rp(d["selisih_tagihan"]))
print("  serapan          %s" % pct(d["serapan_persen"]))
print("  flag             " + ", ".join("%s %d" % kv for kv in d["flag"].items() if kv[1]))
print("  dikecualikan     " + ", ".join("%s %d" % kv for kv in d["dikecualikan"].items()))
print("  usulan           " + ", ".join("%s %d" % kv for kv in d["usulan"].items()))
print("  feedback         berhasil %d, gagal %d" % (d["feedback"]["berhasil"], d["feedback"]["gagal"]))
print("  mutasi           masuk %d, keluar %d" % (d["mutasi"]["masuk"], d["mutasi"]["keluar"]))
print("  baris ditolak    %d" % d["ditolak"])
PY

echo
echo "== files written"
find "$STATE/outbox" -type f | sort

$REKON db stop >/dev/null
echo
echo "The database is in $STATE/pg; 'build/rekon -c demo/rekon.conf db start' starts it again."
