#!/bin/sh
# The systemd unit, sysusers.d and tmpfiles.d files, the man pages and
# `make install`.  Nothing here starts the daemon or needs a running
# systemd: the unit is checked offline (systemd-analyze security/verify),
# the sysusers/tmpfiles files are applied to a scratch root directory.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
UNIT="$ROOT/systemd/rekon.service"

# --- Hardening: the overall exposure, as systemd 252 scores it -------------
systemd-analyze security --offline=true "$UNIT" >"$T/security.out" 2>&1
exposure=$(sed -n 's/^.*Overall exposure level for rekon\.service: \([0-9.]*\) .*$/\1/p' "$T/security.out")
echo "     exposure: ${exposure:-?}"
check "security: an overall exposure is reported" "1" "$(printf '%s' "$exposure" | grep -c '^[0-9][0-9.]*$')"
check "security: overall exposure <= 2.0" "yes" \
	"$(awk -v e="${exposure:-99}" 'BEGIN { print (e + 0 <= 2.0) ? "yes" : "no" }')"

# rekon-web.service (web.md: exposure <= 2.5; it may write only the inbox).
WUNIT="$ROOT/systemd/rekon-web.service"
systemd-analyze security --offline=true "$WUNIT" >"$T/wsecurity.out" 2>&1
wexposure=$(sed -n 's/^.*Overall exposure level for rekon-web\.service: \([0-9.]*\) .*$/\1/p' "$T/wsecurity.out")
echo "     rekon-web exposure: ${wexposure:-?}"
check "rekon-web: overall exposure <= 2.5" "yes" \
	"$(awk -v e="${wexposure:-99}" 'BEGIN { print (e + 0 <= 2.5) ? "yes" : "no" }')"
for line in 'Type=notify' 'ExecStart=/usr/bin/rekon -c /etc/rekon/rekon.conf web' \
	'User=rekon' 'ProtectSystem=strict' 'ReadOnlyPaths=/var/lib/rekon' \
	'ReadWritePaths=/var/lib/rekon/inbox'; do
	check "rekon-web unit: $line" "1" "$(grep -cxF "$line" "$WUNIT")"
done
check "rekon-web unit: no other writable path" "1" "$(grep -c '^ReadWritePaths=' "$WUNIT")"

# --- The unit's key settings, each written exactly once ---------------------
for line in 'Type=notify' 'NotifyAccess=main' 'WatchdogSec=60s' 'Restart=on-failure' \
	'ExecStart=/usr/bin/rekon -c /etc/rekon/rekon.conf daemon' \
	'ExecReload=/bin/kill -HUP $MAINPID' 'KillMode=mixed' \
	'User=rekon' 'Group=rekon' 'UMask=0027' \
	'StateDirectory=rekon' 'StateDirectoryMode=0750' 'ConfigurationDirectory=rekon' \
	'After=network-online.target postgresql.service' \
	'Wants=network-online.target postgresql.service' \
	'ProtectSystem=strict' 'CapabilityBoundingSet=' 'NoNewPrivileges=yes' \
	'MemoryDenyWriteExecute=yes' 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6'; do
	check "unit: $line" "1" "$(grep -cxF "$line" "$UNIT")"
done
# The commands the unit runs exist in this rekon (the daemon is not started).
check_rc "unit: 'rekon daemon' is a command" 0 "$REKON_BIN" daemon --help
check_rc "unit: 'rekon db stop' is a command" 0 "$REKON_BIN" db --help

# --- make install DESTDIR=... ------------------------------------------------
# The binary under test is installed as it is: -o keeps make from rebuilding
# it (other tests are using it).
BUILD_DIR=$(cd "$(dirname "$REKON_BIN")" && pwd)
minstall() {
	make -s -C "$ROOT" -o "$BUILD_DIR/rekon" BUILD="$BUILD_DIR" "$@"
}
R="$T/root"
minstall install DESTDIR="$R" >"$T/install.out" 2>&1
rc=$?
check "make install exits 0" "0" "$rc"
[ "$rc" = 0 ] || sed 's/^/     | /' "$T/install.out" | head -10
for f in 755:/usr/bin/rekon \
	644:/usr/lib/systemd/system/rekon.service \
	644:/usr/lib/sysusers.d/rekon.conf \
	644:/usr/lib/tmpfiles.d/rekon.conf \
	644:/usr/share/man/man8/rekon.8.gz \
	644:/usr/share/man/man5/rekon.conf.5.gz \
	644:/usr/share/doc/rekon/rekon.conf.example \
	644:/usr/share/doc/rekon/README.md \
	644:/usr/share/bash-completion/completions/rekon; do
	mode=${f%%:*}
	path=${f#*:}
	check "install: $path mode $mode" "$mode" "$(stat -c %a "$R$path" 2>&1)"
done
check "install: the binary is the one under test" "same" \
	"$(cmp -s "$REKON_BIN" "$R/usr/bin/rekon" && echo same)"
check "install: the unit as in systemd/" "same" \
	"$(cmp -s "$UNIT" "$R/usr/lib/systemd/system/rekon.service" && echo same)"
check "install: rekon.8.gz is man/rekon.8" "same" \
	"$(gzip -dc "$R/usr/share/man/man8/rekon.8.gz" | cmp -s - "$ROOT/man/rekon.8" && echo same)"
check "install: rekon.conf.5.gz is man/rekon.conf.5" "same" \
	"$(gzip -dc "$R/usr/share/man/man5/rekon.conf.5.gz" | cmp -s - "$ROOT/man/rekon.conf.5" && echo same)"
check "install: rekon-web.service as in systemd/" "same" \
	"$(cmp -s "$WUNIT" "$R/usr/lib/systemd/system/rekon-web.service" && echo same)"
check "install: the Indonesian catalogue, as msgfmt made it" "same" \
	"$(cmp -s "$BUILD_DIR/locale/id/LC_MESSAGES/rekon.mo" "$R/usr/share/locale/id/LC_MESSAGES/rekon.mo" && echo same)"
check "install: nothing else is installed" "11" "$(find "$R" -type f | wc -l)"
# The installed completion, as bash uses it: commands, a command's words.
cat > "$T/comp.sh" <<'SH'
PATH=$1:$PATH
. "$2"
comp() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _rekon; echo "${COMPREPLY[*]}"; }
comp rekon im
comp rekon run ''
comp rekon sk --f
comp rekon db ''
comp rekon help ri
SH
check "bash completion: commands, jobs, options, db's subcommands, help" "import
usulan rekonsiliasi sk all --period --force fetch inbox retensi --dry-run
--final --force
init migrate start stop status psql backup --force restore --yes
ringkasan" "$(bash "$T/comp.sh" "$R/usr/bin" "$R/usr/share/bash-completion/completions/rekon")"
# PREFIX moves the binary, and the unit follows it.
minstall install DESTDIR="$T/root2" PREFIX=/usr/local >/dev/null 2>&1
check "install PREFIX=/usr/local: ExecStart follows" "1" \
	"$(grep -cxF 'ExecStart=/usr/local/bin/rekon -c /etc/rekon/rekon.conf daemon' \
		"$T/root2/usr/local/lib/systemd/system/rekon.service" 2>/dev/null)"
minstall uninstall DESTDIR="$T/root2" PREFIX=/usr/local >/dev/null 2>&1
check "uninstall removes every file" "0" "$(find "$T/root2" -type f | wc -l)"

# --- systemd-analyze verify on the installed unit ---------------------------
# systemd 252 cannot verify inside a bare DESTDIR tree with --root (it wants
# sysinit.target and the rest of a system there), so the installed unit is
# copied with only its /usr/bin/rekon paths pointing into DESTDIR: verify then
# loads every setting, checks that ExecStart/ExecStopPost/ExecReload are
# executables and that Documentation= finds the installed man pages.  It
# reports unknown keys and bad values as warnings with exit 0, so the test
# wants no output at all.
mkdir -p "$T/verify"
sed "s|/usr/bin/rekon|$R/usr/bin/rekon|g" "$R/usr/lib/systemd/system/rekon.service" \
	>"$T/verify/rekon.service"
MANPATH="$R/usr/share/man" systemd-analyze verify "$T/verify/rekon.service" >"$T/verify.out" 2>&1
check "systemd-analyze verify exits 0" "0" "$?"
check "systemd-analyze verify: no warnings" "" "$(cat "$T/verify.out")"
# ... and it would notice a mistake (the test of the test).
sed 's/^Type=notify$/Type=notfy/' "$T/verify/rekon.service" >"$T/verify/rekon-bad.service"
MANPATH="$R/usr/share/man" systemd-analyze verify "$T/verify/rekon-bad.service" >"$T/verify-bad.out" 2>&1
check "systemd-analyze verify sees a bad value" "1" "$(grep -c 'Failed to parse service type' "$T/verify-bad.out")"

# --- Man pages: no groff warnings, and they render ---------------------------
for page in rekon.8 rekon.conf.5; do
	check "man $page: groff -ww -z -man is silent" "" "$(groff -ww -z -man "$ROOT/man/$page" 2>&1)"
	check "man $page: renders a NAME section" "1" \
		"$(groff -man -Tascii -P-cbou "$ROOT/man/$page" 2>/dev/null | grep -cx 'NAME')"
done
check "rekon.8 names every command" "" "$(for c in import batches batch run usulan rekonsiliasi sk \
	report cek status db config gen demo daemon; do
	grep -q "^\\\\fB$c\\\\fR\|^\\.B[IR]* \"*$c[ \"]\|^\\.B $c\$" "$ROOT/man/rekon.8" || echo "$c"; done)"
check "rekon.conf.5 names every key" "" "$(for k in name office code timezone conninfo state_dir inbox \
	outbox iuran_per_jiwa non_dtks berkas_wajib sk_kecualikan ambang_nama usul_nonaktif nomor tanggal jabatan nama \
	pangkat nip fetch usulan rekonsiliasi catch_up url pattern kind user password_file known_hosts \
	segmen label max_file_mb max_field_bytes retention_months max_columns webhook base_url cons_id \
	secret_file user_key_file max_per_minute timeout_seconds; do
	grep -qx "\\.B $k" "$ROOT/man/rekon.conf.5" || echo "$k"; done)"

# --- sysusers.d and tmpfiles.d, applied to the scratch root ------------------
mkdir -p "$R/etc"
systemd-sysusers --root="$R" >"$T/sysusers.out" 2>&1
check "systemd-sysusers --root exits 0" "0" "$?"
pw=$(grep '^rekon:' "$R/etc/passwd")
check "sysusers: user rekon, home /var/lib/rekon, no login shell" \
	"rekon:/var/lib/rekon:/usr/sbin/nologin" "$(echo "$pw" | cut -d: -f1,6,7)"
uid=$(echo "$pw" | cut -d: -f3)
gid=$(grep '^rekon:' "$R/etc/group" | cut -d: -f3)
check "sysusers: a system user (uid < 1000)" "yes" "$([ "${uid:-1000}" -lt 1000 ] && echo yes)"
check "sysusers: group rekon is the user's group" "${gid:-none}" "$(echo "$pw" | cut -d: -f4)"
if [ "$(id -u)" = 0 ]; then
	systemd-tmpfiles --create --root="$R" >"$T/tmpfiles.out" 2>&1
	check "systemd-tmpfiles --create --root exits 0" "0" "$?"
	check "tmpfiles: no warnings" "" "$(cat "$T/tmpfiles.out")"
	for d in 750:rekon:rekon:/var/lib/rekon 2770:rekon:rekon:/var/lib/rekon/inbox \
		2770:rekon:rekon:/var/lib/rekon/inbox/dtks 2770:rekon:rekon:/var/lib/rekon/inbox/usulan \
		2770:rekon:rekon:/var/lib/rekon/inbox/feedback 2770:rekon:rekon:/var/lib/rekon/inbox/peserta \
		2770:rekon:rekon:/var/lib/rekon/inbox/segmen 2770:rekon:rekon:/var/lib/rekon/inbox/kematian \
		750:rekon:rekon:/var/lib/rekon/archive 750:rekon:rekon:/var/lib/rekon/rejected \
		750:rekon:rekon:/var/lib/rekon/outbox 755:root:root:/etc/rekon 750:root:rekon:/etc/rekon/secret; do
		mode=${d%%:*}; rest=${d#*:}
		owner=${rest%%:*}; rest=${rest#*:}
		group=${rest%%:*}; path=${rest#*:}
		[ "$owner" = rekon ] && ouid=$uid || ouid=0
		[ "$group" = rekon ] && ogid=$gid || ogid=0
		check "tmpfiles: $path $mode $owner:$group" "$mode $ouid:$ogid" \
			"$(stat -c '%a %u:%g' "$R$path" 2>&1)"
	done
else
	echo "skip tmpfiles: systemd-tmpfiles --root needs root to set owners"
fi
t_done
