# tests/helpers/lib.sh — sourced by every tests/integration/*.sh script.
#
#   t_setup          make $T (a temp dir others can traverse: the embedded
#                    server may run as 'postgres'), write $T/rekon.conf with
#                    state_dir=$T/state, and export REKON="build/rekon -c $T/rekon.conf"
#   t_pg_start       start the embedded PostgreSQL for this script (stopped by t_done/trap)
#   t_psql SQL       run SQL on the embedded database, unaligned, tuples only
#   check NAME WANT GOT   one assertion: prints "ok"/"FAIL" and counts
#   check_rc NAME WANT CMD...  run CMD, compare its exit code
#   t_imp KIND FILE PERIOD [options]  import one hand-made file for PERIOD;
#                    a failure is counted and its output shown
#   t_import_gen FILE...  import files written by `rekon gen`, each as the
#                    kind its name starts with (the PBI APBD province list
#                    under its label), quietly
#   t_month_gen DIR P [final]  one month of gen's region DIR in the office's
#                    order: P's DTKS, population extract (when gen wrote
#                    one: --kependudukan), segment lists, deaths and proposals;
#                    rekon usulan (and, with "final", usulan --final: the
#                    list sent to BPJS); P's feedback and participant list;
#                    run all (rules.md's R counts an answer only after the
#                    sending)
#   t_gen_not_prefix PLAIN WITH   gen's data files in PLAIN (written without
#                    an option) that are not the start of the same file in
#                    WITH (written with it), one a line: empty when an
#                    option only adds rows
#   t_gen_keys_lost PLAIN WITH    gen-harapan.txt keys PLAIN has and WITH lacks
#   t_gen_figures DIR P   after P's run all: every figure gen computed for P
#                    (DIR/gen-harapan.txt) that rekon reports too, in
#                    rekonsiliasi-P.json or its stored results, as
#                    "key = value" lines: gen's in $T/want.P, rekon's in
#                    $T/got.P (compare them with check)
#   wait_for SECONDS CMD...    poll CMD every 0.1 s until it succeeds (1), or
#                    give up after SECONDS (returns 1)
#   t_done           stop the server, remove $T, print "N passed, N failed", exit
#                    (KEEP=1 in the environment keeps both, for debugging)
#
# A script may append keys to $T/rekon.conf after t_setup.
set -u
# The messages the tests expect are rekon's English ones, whatever the
# shell's language (lib/i18n.h); test_i18n.sh asks for Indonesian itself.
unset LANGUAGE
export LC_MESSAGES=C
case ${LC_ALL:-} in ''|C|C.*|POSIX) ;; *) export LC_ALL=C.UTF-8 ;; esac
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
REKON_BIN=${REKON_BIN:-"$ROOT/build/rekon"}
T_PASS=0
T_FAIL=0
T_PG=0
T_PIDS=

t_cleanup() {
	# Processes a test started in the background (T_PIDS): stopped first.
	for _p in ${T_PIDS:-}; do kill "$_p" 2>/dev/null; wait "$_p" 2>/dev/null; done
	T_PIDS=
	if [ "$T_PG" = 1 ]; then "$REKON_BIN" -c "$T/rekon.conf" db stop >/dev/null 2>&1 || true; fi
	[ -n "${T:-}" ] && [ -d "$T" ] && rm -rf "$T"
}

t_setup() {
	T=$(mktemp -d "/tmp/${REKON_TEST_PREFIX:-rekon-test}.XXXXXX")
	chmod 755 "$T"
	trap t_cleanup EXIT INT TERM
	cat > "$T/rekon.conf" <<CONF
[region]
name = Kabupaten Uji
office = Dinas Kesehatan Kabupaten Uji
code = 3325
timezone = Asia/Jakarta

[paths]
state_dir = $T/state
CONF
	REKON="$REKON_BIN -c $T/rekon.conf"
	export REKON T
}

t_pg_start() {
	T_PG=1
	$REKON db start >"$T/pgstart.log" 2>&1 || { cat "$T/pgstart.log"; echo "FAIL: db start"; T_FAIL=$((T_FAIL + 1)); t_done; }
}

t_psql() {
	$REKON db psql -- -XAtq -c "$1"
}

check() {
	if [ "$2" = "$3" ]; then
		T_PASS=$((T_PASS + 1)); echo "ok   $1"
	else
		T_FAIL=$((T_FAIL + 1)); echo "FAIL $1"; echo "     want: $2"; echo "     got:  $3"
	fi
}

check_rc() {
	_name=$1; _want=$2; shift 2
	"$@" >"$T/last.out" 2>"$T/last.err"; _got=$?
	check "$_name" "$_want" "$_got"
	[ "$_want" = "$_got" ] || sed 's/^/     | /' "$T/last.err" | head -5
}

t_imp() {
	_k=$1; _f=$2; _p=$3; shift 3
	$REKON import "$_k" "$_f" --period "$_p" "$@" >"$T/imp.out" 2>&1 ||
	    { cat "$T/imp.out"; echo "FAIL: import $_f"; T_FAIL=$((T_FAIL + 1)); }
}

t_import_gen() {
	for _f in "$@"; do
		_kind=$(basename "$_f" | sed 's/-.*//')
		case $_f in
		*pbi-apbd-prov*) $REKON -q import "$_kind" "$_f" --label PBI_APBD_PROV ;;
		*) $REKON -q import "$_kind" "$_f" ;;
		esac >/dev/null 2>&1
	done
}

t_month_gen() {
	t_import_gen "$1"/dtks-*"$2".csv
	# The extract (gen writes one, the first month's) before the proposals
	# are judged: rules.md §1 reads it.
	if [ -f "$1/kependudukan-$2.csv" ]; then
		t_import_gen "$1/kependudukan-$2.csv"
	fi
	t_import_gen "$1"/segmen-*"$2".csv "$1"/kematian-*"$2".csv \
	    "$1"/usulan-*"$2".csv
	$REKON -q usulan --period "$2" >/dev/null 2>&1 || return 1
	if [ "${3:-}" = final ]; then
		$REKON -q usulan --period "$2" --final >/dev/null 2>&1 || return 1
	fi
	t_import_gen "$1"/feedback-*"$2".csv "$1"/peserta-*"$2".csv
	$REKON -q run all --period "$2" >/dev/null 2>&1
}

t_gen_not_prefix() {
	for _f in $(cd "$1" && find . -name '*.csv' | LC_ALL=C sort); do
		cmp -s -n "$(wc -c < "$1/$_f")" "$1/$_f" "$2/$_f" || echo "$_f"
	done
}

t_gen_keys_lost() {
	sed -n 's/ = .*//p' "$1/gen-harapan.txt" | LC_ALL=C sort > "$T/keys.lost.1"
	sed -n 's/ = .*//p' "$2/gen-harapan.txt" | LC_ALL=C sort > "$T/keys.lost.2"
	LC_ALL=C comm -23 "$T/keys.lost.1" "$T/keys.lost.2"
}

t_gen_figures() {
	_J=$T/state/outbox/$2/rekonsiliasi-$2.json
	[ -f "$_J" ] || { : > "$T/want.$2"; echo "no $_J" > "$T/got.$2"; return 1; }
	python3 "$ROOT/tests/helpers/json_flat.py" "$_J" > "$T/got.raw.$2" 2>/dev/null
	# Figures the JSON does not carry, from the stored results (gen names
	# BUKAN_PENDUDUK and DATA_BEDA_DUKCAPIL only with its extract).
	t_psql "SELECT '$2.usulan.kode.' || c || ' = ' || count(u.*) FROM unnest(ARRAY['NIK_TIDAK_VALID','USULAN_GANDA','SUDAH_DITERUSKAN','SUDAH_AKTIF','SEGMEN_LAIN','MENINGGAL','BUKAN_PENDUDUK','DATA_BEDA_DUKCAPIL','BUKAN_DTKS','BERKAS_KURANG','KADALUWARSA']) c
	    LEFT JOIN usulan_hasil u ON u.period = '$2' AND (', ' || u.alasan || ',') LIKE '%, ' || c || ',%' GROUP BY c;
	    SELECT '$2.bp_baris = ' || count(*) FROM peserta_hasil WHERE period = '$2';
	    SELECT '$2.mutasi.keluar.' || k || ' = ' || count(m.*) FROM unnest(ARRAY['dikecualikan','status','HILANG']) k
	    LEFT JOIN mutasi m ON m.period = '$2' AND m.jenis = 'KELUAR' AND k = CASE WHEN m.alasan = 'HILANG' THEN 'HILANG'
	        WHEN EXISTS (SELECT 1 FROM peserta_hasil h WHERE h.period = '$2' AND h.kunci = m.kunci AND h.aktif)
	        THEN 'dikecualikan' ELSE 'status' END GROUP BY k;
	    SELECT '$2.usulan.baris = ' || count(*) FROM usulan_hasil WHERE period = '$2'" >> "$T/got.raw.$2"
	# Every key gen names that rekon has too, compared one by one.
	grep "^$2\." "$1/gen-harapan.txt" | sed 's/sisa_dengan_kuota_saran/sisa/' | LC_ALL=C sort > "$T/want.all.$2"
	LC_ALL=C sort "$T/got.raw.$2" > "$T/got.sorted.$2"
	cut -d' ' -f1 "$T/got.sorted.$2" > "$T/keys.$2"
	grep -F -w -f "$T/keys.$2" "$T/want.all.$2" > "$T/want.$2"
	cut -d' ' -f1 "$T/want.$2" > "$T/wkeys.$2"
	grep -F -w -f "$T/wkeys.$2" "$T/got.sorted.$2" > "$T/got.$2"
}

wait_for() {
	_n=$(($1 * 10)); shift
	while [ "$_n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1; _n=$((_n - 1))
	done
	return 1
}

t_done() {
	if [ -n "${KEEP:-}" ]; then	# debugging: keep $T and its server
		trap - EXIT INT TERM
		echo "kept $T (stop with: $REKON db stop)"
		echo "$T_PASS passed, $T_FAIL failed"
		exit 0
	fi
	t_cleanup
	trap - EXIT INT TERM
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" = 0 ]
	exit $?
}
