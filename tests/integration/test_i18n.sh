#!/bin/sh
# The operator's messages in the operator's language (issue 16, lib/i18n.h):
# English in the source; po/id.po a complete Indonesian catalogue of every
# message the sources give (a new English message without its translation
# fails here); the locale chooses, whether or not the machine has generated
# id_ID.UTF-8; what rekon writes (JSON, CSV, workbooks) does not change with
# the language.
. "$(dirname "$0")/../helpers/lib.sh"
command -v xgettext >/dev/null && command -v msgcmp >/dev/null ||
	{ echo "FAIL: needs xgettext and msgcmp (Debian package gettext)"; exit 1; }
t_setup
ST=$T/state
# in_id CMD...: CMD as an Indonesian operator runs it (LANG alone says so);
# in_c CMD...: in the C locale.
in_id() { env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=id_ID.UTF-8 "$@"; }
in_c() { env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=C "$@"; }

# --- the catalogue ---------------------------------------------------------
sh "$ROOT/po/update.sh" --pot "$T/rekon.pot" 2>"$T/xgettext.err"
check "the template is made from the sources (xgettext, no warning)" "" "$(cat "$T/xgettext.err")"
N=$(grep -c '^msgid ' "$T/rekon.pot")
check "the sources give some hundreds of messages ($N)" "yes" "$([ "$N" -ge 300 ] && echo yes)"
msgcmp "$ROOT/po/id.po" "$T/rekon.pot" > "$T/msgcmp.out" 2>&1
check "po/id.po translates every message of the sources (msgcmp)" "0" "$?"
head -5 "$T/msgcmp.out"
check "... none fuzzy, none untranslated, every format as in English" \
	"$((N - 1)) translated messages." \
	"$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$ROOT/po/id.po" 2>&1)"

# --- the language follows the locale ---------------------------------------
NODB_EN="rekon: no database yet in $ST/pg: make one with 'rekon db init' (importing a file or running a job makes it too)"
NODB_ID=$(env -u LC_MESSAGES LC_ALL=C.UTF-8 LANGUAGE=id $REKON batches 2>&1 >/dev/null)
check_rc "no database, LANG=C: 66" 66 in_c $REKON batches
check "... in English" "$NODB_EN" "$(cat "$T/last.err")"
check_rc "no database, LANG=id_ID.UTF-8: the same exit code (66)" 66 in_id $REKON batches
check "... in Indonesian, whether or not the machine has that locale" \
	"rekon: belum ada basis data di $ST/pg: buat dengan 'rekon db init' (mengimpor berkas atau menjalankan tugas juga akan membuatnya)" \
	"$(cat "$T/last.err")"
check "LC_ALL=C.UTF-8 LANGUAGE=id: the same Indonesian" "$(cat "$T/last.err")" "$NODB_ID"
check "LANGUAGE=id under LANG=C stays English (C ignores LANGUAGE)" "$NODB_EN" \
	"$(env -u LC_ALL -u LC_MESSAGES LANG=C LANGUAGE=id $REKON batches 2>&1 >/dev/null)"
check "rekon help in Indonesian: the first line" "pemakaian: rekon [-c FILE] [-v | -q] COMMAND [ARGS]" \
	"$(in_id $REKON help | head -1)"
check "rekon help sk in Indonesian: the summary" "  lampiran SK; --final menutup periode" \
	"$(in_id $REKON help sk | sed -n 2p)"

# An import, as the issue asks: LANG=id_ID.UTF-8 rekon import ... answers
# in Indonesian.
mkdir -p "$T/in"
printf 'NIK|NO KK|NAMA\n3325010101700001|3325010101100013|BUDI\n' > "$T/in/dtks-2026-11.csv"
check_rc "LANG=id_ID.UTF-8 rekon import of a folder: 66" 66 in_id $REKON import dtks "$T/in"
T_PG=1	# (import makes the database first)
check "... the database it made, said in Indonesian" "rekon: basis data rekon dibuat" \
	"$(grep -x 'rekon: basis data rekon dibuat' "$T/last.err")"
check "... and the folder, said in Indonesian" \
	"rekon: $T/in: ini folder, bukan berkas: sebutkan berkas di dalamnya (misalnya $T/in/*.csv)" \
	"$(tail -1 "$T/last.err")"
check_rc "LANG=id_ID.UTF-8 rekon import of a file: 0" 0 in_id $REKON import dtks "$T/in/dtks-2026-11.csv"
check "... its result line in Indonesian" "yes" \
	"$(grep -q '^batch 1: dtks 2026-11 .*dtks-2026-11.csv: 1 baris dibaca, 1 diterima, 0 ditolak, 0 kosong$' "$T/last.out" && echo yes)"
# What rekon writes is the same in any language.
check "batches --json: the same under LANG=id_ID.UTF-8 and LANG=C" \
	"$(in_c $REKON batches --json)" \
	"$(in_id $REKON batches --json)"
t_done
