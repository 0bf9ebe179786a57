#!/bin/sh
# make test-systemd: rekon's units under a real systemd, booted in a Debian 12
# container (docs/testing.md, "make test-systemd").
#
#   1. A Debian 12 root (debootstrap --variant=minbase, with systemd, dbus and
#      rekon's runtime packages, apt-get run in it through chroot), built once
#      and kept in $REKON_SYSTEMD_CACHE (default /var/cache/rekon-test-systemd)
#      under the hash of what made it: built again when the package list or
#      this recipe changes.
#   2. Each run boots a copy-on-write view of it (overlayfs: the cached root
#      stays as built) with `make install DESTDIR=` of the build under test,
#      under systemd-nspawn -b in the background, its console in a file, and
#      with its own network namespace (only loopback: rekon web's port is the
#      container's own).
#   3. The checks drive it from outside with nsenter into the container's
#      PID 1's namespaces: systemctl, journalctl, systemd-analyze.
#   4. Power off (SIGRTMIN+4 to its PID 1), the overlay taken down, and no
#      process left whose root is the container's.
#
# Needs root (CAP_SYS_ADMIN: mounts, namespaces); the packages debootstrap and
# systemd-container (make test-systemd installs them).  KEEP=1 leaves the
# container running and its directory in place, for a look with
#   nsenter -t PID -m -u -i -n -p -C -r -w /bin/bash
. "$(dirname "$0")/../helpers/lib.sh"
REKON_TEST_PREFIX=rekon-systemd t_setup
export LC_ALL=C.UTF-8

CACHE=${REKON_SYSTEMD_CACHE:-/var/cache/rekon-test-systemd}
MIRROR=${REKON_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
BASE_INCLUDE=systemd,systemd-sysv,dbus
# The recipe's version: raise it when the way the root is built changes.
RECIPE=1

if [ "$(id -u)" != 0 ]; then
	echo "test-systemd: needs root (mounts, namespaces): run it through sudo" >&2
	exit 1
fi
for tool in debootstrap systemd-nspawn nsenter unshare; do
	command -v "$tool" >/dev/null || { echo "test-systemd: $tool is missing" >&2; exit 1; }
done

# --- 1. the cached root ---------------------------------------------------------
# rekon's runtime packages: those holding the shared libraries the binary
# under test loads, and the PostgreSQL server of the embedded cluster; curl
# for the checks of rekon web (inside the container's own network).
runtime_pkgs() {
	for lib in $(ldd "$REKON_BIN" | awk '/=> \// { print $3 }'); do
		dpkg -S "$(realpath "$lib")" 2>/dev/null || dpkg -S "$lib"
	done | cut -d: -f1 | sort -u
	echo postgresql
	# ExecReload=/bin/kill: procps (priority important, on every Debian
	# server but not in a minbase root).
	echo procps
	echo curl
}
PKGS=$(runtime_pkgs | sort -u | tr '\n' ' ')
KEY=$(printf '%s\n' "$RECIPE" "$SUITE" "$MIRROR" "$BASE_INCLUDE" "$PKGS" | sha256sum | cut -c1-16)
BASE=$CACHE/root-$KEY

build_root() {
	tmp=$CACHE/building-$KEY
	rm -rf "$tmp"
	echo "     building the Debian 12 root in $BASE (once: debootstrap and apt-get)"
	debootstrap --variant=minbase --include="$BASE_INCLUDE" "$SUITE" "$tmp" "$MIRROR" \
		>"$CACHE/debootstrap.log" 2>&1 || { tail -20 "$CACHE/debootstrap.log"; return 1; }
	# The packages' own PostgreSQL cluster is not rekon's: none is made.
	mkdir -p "$tmp/etc/postgresql-common/createcluster.d"
	echo 'create_main_cluster = false' >"$tmp/etc/postgresql-common/createcluster.d/rekon-test.conf"
	cp /etc/resolv.conf "$tmp/etc/resolv.conf"
	# apt-get in the root through chroot, with /proc of its own in a
	# mount namespace of its own (nothing stays mounted).
	unshare --mount --propagation private chroot "$tmp" /bin/sh -c '
		mount -t proc proc /proc &&
		apt-get update -qq &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends '"$PKGS"' &&
		apt-get clean' >"$CACHE/apt.log" 2>&1 || { tail -20 "$CACHE/apt.log"; return 1; }
	rm -rf "$tmp/var/lib/apt/lists/"*
	: >"$tmp/etc/machine-id"
	echo "$PKGS" >"$tmp/.rekon-test-packages"
	mv "$tmp" "$BASE"
}

mkdir -p "$CACHE"
# One build at a time (other checkouts share the cache).
exec 9>"$CACHE/lock"
flock 9
t0=$(date +%s)
if [ ! -d "$BASE" ]; then
	build_root || { echo "FAIL building the root"; exit 1; }
	for old in "$CACHE"/root-*; do [ "$old" = "$BASE" ] || rm -rf "$old"; done
	echo "     root built in $(($(date +%s) - t0)) s"
else
	echo "     root cached: $BASE"
fi
flock -u 9

# --- 2. this run's container ----------------------------------------------------
RUN=$T/run
M=$RUN/root
mkdir -p "$RUN/upper" "$RUN/work" "$M"
NSPAWN_PID=
LEADER=
MOUNTED=0
mount -t overlay overlay -o "lowerdir=$BASE,upperdir=$RUN/upper,workdir=$RUN/work" "$M" ||
	{ echo "FAIL: overlay mount of $BASE"; exit 1; }
MOUNTED=1

# Left behind: nothing.  Power off, wait, then kill what is left, unmount.
# The container's processes: those in its PID 1's PID namespace.
LEADER_NS=
container_procs() {
	[ -n "$LEADER_NS" ] || return 0
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$LEADER_NS" ] && echo "${p#/proc/}"
	done
}
poweroff_container() {
	[ -n "$NSPAWN_PID" ] || return 0
	# systemctl poweroff in the container; its systemd ends nspawn.
	if [ -n "$LEADER" ]; then
		nsenter -t "$LEADER" -m -u -i -n -p -C -r -w \
			/usr/bin/systemctl poweroff --no-block >/dev/null 2>&1
	fi
	_n=0
	while kill -0 "$NSPAWN_PID" 2>/dev/null && [ "$_n" -lt 600 ]; do sleep 0.1; _n=$((_n + 1)); done
	if kill -0 "$NSPAWN_PID" 2>/dev/null; then
		echo "     the container did not power off in 60 s: killed"
		# SIGKILL to its PID 1 ends its whole PID namespace.
		[ -n "$LEADER" ] && kill -KILL "$LEADER" 2>/dev/null
		sleep 2
		kill -KILL "$NSPAWN_PID" $(container_procs) 2>/dev/null
	fi
	wait "$NSPAWN_PID" 2>/dev/null
	NSPAWN_RC=$?
	NSPAWN_PID=
}
cleanup() {
	poweroff_container
	if [ "$MOUNTED" = 1 ]; then umount "$M" 2>/dev/null || umount -l "$M"; MOUNTED=0; fi
	t_cleanup
}
trap cleanup EXIT INT TERM

make -s -C "$ROOT" -o "$REKON_BIN" BUILD="$(dirname "$REKON_BIN")" install DESTDIR="$M" \
	>"$T/install.log" 2>&1 || { cat "$T/install.log"; echo "FAIL: make install DESTDIR=$M"; exit 1; }

# The configuration an admin writes (README): the region, defaults otherwise.
mkdir -p "$M/etc/rekon"
cat >"$M/etc/rekon/rekon.conf" <<'CONF'
[region]
name = Kabupaten Uji
office = Dinas Kesehatan Kabupaten Uji
code = 3325
timezone = Asia/Jakarta
CONF
chmod 0644 "$M/etc/rekon/rekon.conf"
cp "$M/etc/rekon/rekon.conf" "$T/rekon.conf.base"
# A synthetic month (rekon gen: only synthetic people) for the inbox.
"$REKON_BIN" gen --out "$T/gen" --scale 10 --seed 19 --period 2026-11 --months 2 >/dev/null 2>&1
mkdir -p "$M/root"
cp "$T/gen/dtks-2026-11.csv" "$T/gen/kematian-2026-11.csv" "$M/root/"

boot_t0=$(date +%s)
systemd-nspawn -D "$M" --register=no --keep-unit -b --private-network \
	--machine="rekon-test-$$" --console=pipe </dev/null >"$T/console.log" 2>&1 &
NSPAWN_PID=$!
T_PIDS=
# Its PID 1: nspawn's child that is PID 1 in a PID namespace of its own.
find_leader() {
	for p in $(grep -lx "PPid:[[:space:]]*$NSPAWN_PID" /proc/[0-9]*/status 2>/dev/null); do
		p=${p#/proc/}; p=${p%/status}
		sed -n 's/^NSpid:[[:space:]]*[0-9]*[[:space:]]*//p' "/proc/$p/status" | grep -qx 1 || continue
		echo "$p"; return 0
	done
	return 1
}
n=0
while [ "$n" -lt 300 ] && kill -0 "$NSPAWN_PID" 2>/dev/null; do
	LEADER=$(find_leader) && LEADER_NS=$(readlink "/proc/$LEADER/ns/pid") && break
	sleep 0.1; n=$((n + 1))
done
if [ -z "$LEADER" ]; then
	echo "FAIL: the container's systemd did not come up"
	tail -30 "$T/console.log"
	T_FAIL=$((T_FAIL + 1)); exit 1
fi

# A command in the container, as root there.
c() {
	nsenter -t "$LEADER" -m -u -i -n -p -C -r -w \
		env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 SYSTEMD_COLORS=0 \
		SYSTEMD_PAGER= TERM=dumb "$@"
}
show() { c systemctl show -p "$2" --value "$1"; }
# Poll CMD every half second for up to SECONDS.
until_ok() {
	_n=$(($1 * 2)); shift
	while [ "$_n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.5; _n=$((_n - 1))
	done
	return 1
}
# The unit's journal since the cursor in $T/cursor (mark sets it).
mark() { c journalctl -q -n 0 --show-cursor | sed -n 's/^-- cursor: //p' >"$T/cursor"; }
journal_since() { c journalctl -q -o cat -u "$1" --after-cursor="$(cat "$T/cursor")"; }
journal_has() { journal_since "$1" | grep -qF -- "$2"; }
# The unit's processes (its cgroup's, as systemd lists them).
unit_pids() {
	cg=$(show "$1" ControlGroup)
	[ -n "$cg" ] || return 0
	c sh -c "cat /sys/fs/cgroup/unified$cg/cgroup.procs /sys/fs/cgroup$cg/cgroup.procs \
		/sys/fs/cgroup/systemd$cg/cgroup.procs 2>/dev/null" | sort -u
}

# Its service manager answers once /run/systemd/private is there.
until_ok 60 c test -S /run/systemd/private
state=$(timeout 180 nsenter -t "$LEADER" -m -u -i -n -p -C -r -w \
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin systemctl is-system-running --wait 2>&1)
echo "     booted in $(($(date +%s) - boot_t0)) s ($state)"
check "container: systemd boots Debian 12 to a running system" "running" "$state"
[ "$state" = running ] || c systemctl --failed --no-legend

# --- systemd-analyze verify, sysusers.d and tmpfiles.d ---------------------------
U=/usr/lib/systemd/system
check "installed rekon.service is systemd/rekon.service" "same" \
	"$(cmp -s "$ROOT/systemd/rekon.service" "$M$U/rekon.service" && echo same)"
check "installed rekon-web.service is systemd/rekon-web.service" "same" \
	"$(cmp -s "$ROOT/systemd/rekon-web.service" "$M$U/rekon-web.service" && echo same)"
for unit in rekon.service rekon-web.service; do
	out=$(c systemd-analyze verify --man=no "$U/$unit" 2>&1); rc=$?
	check "systemd-analyze verify $unit: exit 0, no output" "0:" "$rc:$out"
done
# ... which would see a mistake (the test of the test).
sed 's/^Type=notify$/Type=notfy/' "$M$U/rekon.service" >"$M/root/rekon-bad.service"
check "systemd-analyze verify sees a bad value" "1" \
	"$(c systemd-analyze verify --man=no /root/rekon-bad.service 2>&1 | grep -c 'Failed to parse service type')"

# At boot, the container's own systemd-sysusers.service and
# systemd-tmpfiles-setup.service applied the installed files.
check "systemd-sysusers.service ran at boot" "active:success" \
	"$(show systemd-sysusers.service ActiveState):$(show systemd-sysusers.service Result)"
check "systemd-tmpfiles-setup.service ran at boot" "active:success" \
	"$(show systemd-tmpfiles-setup.service ActiveState):$(show systemd-tmpfiles-setup.service Result)"
pw=$(c getent passwd rekon)
check "sysusers: user rekon, home /var/lib/rekon, no login shell" \
	"rekon:/var/lib/rekon:/usr/sbin/nologin" "$(echo "$pw" | cut -d: -f1,6,7)"
check "sysusers: a system user (uid < 1000)" "yes" \
	"$([ "$(echo "$pw" | cut -d: -f3)" -lt 1000 ] 2>/dev/null && echo yes)"
for d in '750 rekon:rekon /var/lib/rekon' '2770 rekon:rekon /var/lib/rekon/inbox' \
	'2770 rekon:rekon /var/lib/rekon/inbox/dtks' '2770 rekon:rekon /var/lib/rekon/inbox/kematian' \
	'750 rekon:rekon /var/lib/rekon/archive' '750 rekon:rekon /var/lib/rekon/rejected' \
	'750 rekon:rekon /var/lib/rekon/outbox' '755 root:root /etc/rekon' \
	'750 root:rekon /etc/rekon/secret'; do
	path=${d##* }
	check "tmpfiles at boot: $path ${d% *}" "${d% *}" "$(c stat -c '%a %U:%G' "$path" 2>&1)"
done
out=$(c systemd-sysusers 2>&1); rc=$?
check "systemd-sysusers again: exit 0, nothing to say" "0:" "$rc:$out"
out=$(c systemd-tmpfiles --create "/usr/lib/tmpfiles.d/rekon.conf" 2>&1); rc=$?
check "systemd-tmpfiles --create rekon.conf again: exit 0, nothing to say" "0:" "$rc:$out"

# --- security, live -----------------------------------------------------------
for s in rekon.service:2.0 rekon-web.service:2.5; do
	unit=${s%:*}; limit=${s#*:}
	e=$(c systemd-analyze security --no-pager "$unit" 2>&1 |
		sed -n "s/^.*Overall exposure level for $unit: \([0-9.]*\) .*\$/\1/p")
	echo "     live exposure of $unit: ${e:-?}"
	check "systemd-analyze security $unit (live): exposure <= $limit" "yes" \
		"$(awk -v e="${e:-99}" -v l="$limit" 'BEGIN { print (e != "" && e + 0 <= l + 0) ? "yes" : "no" }')"
done

# --- start, as shipped: every hardening option, the embedded PostgreSQL -----------
check "rekon.service has no drop-ins (the unit as shipped)" "" "$(show rekon DropInPaths)"
mark
out=$(c systemctl start rekon 2>&1); rc=$?
check "systemctl start rekon: exit 0 (READY=1 arrived)" "0" "$rc"
[ "$rc" = 0 ] || { echo "$out"; journal_since rekon | tail -20 | sed 's/^/     | /'; }
check "rekon: active running, StatusText=siap" "active running siap" \
	"$(show rekon ActiveState) $(show rekon SubState) $(show rekon StatusText)"
check "journal: ready: watching /var/lib/rekon/inbox" "yes" \
	"$(journal_has rekon 'ready: watching /var/lib/rekon/inbox' && echo yes)"
MAIN=$(show rekon MainPID)
check "the daemon runs as rekon: no capabilities (CapEff, CapBnd), NoNewPrivs, seccomp filter" \
	"rekon 0000000000000000 0000000000000000 1 2" \
	"$(c sh -c "stat -c %U /proc/$MAIN; sed -n 's/^CapEff:\t//p;s/^CapBnd:\t//p;s/^NoNewPrivs:\t//p;s/^Seccomp:\t//p' /proc/$MAIN/status" | tr '\n' ' ' | sed 's/ $//')"
check "PrivateUsers: only root and rekon mapped" "2" "$(c cat "/proc/$MAIN/uid_map" | wc -l)"
check "ProtectSystem=strict: / read-only for the daemon" "ro" \
	"$(c sh -c "awk '\$5 == \"/\" { split(\$6, o, \",\"); print o[1] }' /proc/$MAIN/mountinfo" | tail -1)"
check "the embedded PostgreSQL runs in the unit (postmaster.pid)" "yes" \
	"$(test -f "$M/var/lib/rekon/pg/data/postmaster.pid" && echo yes)"
pgpid=$(head -1 "$M/var/lib/rekon/pg/data/postmaster.pid" 2>/dev/null)
check "the postmaster is one of the unit's processes" "yes" \
	"$(unit_pids rekon | grep -qx "${pgpid:-x}" && echo yes)"

# --- STATUS= and the inbox ------------------------------------------------------
check "systemctl status shows STATUS=" "1" \
	"$(c systemctl status --no-pager rekon | grep -c '^ *Status: "siap"$')"
mark
c cp /root/dtks-2026-11.csv /var/lib/rekon/inbox/dtks/
A=/var/lib/rekon/archive/dtks/2026-11/dtks-2026-11.csv
until_ok 60 test -f "$M$A"
check "inbox: the file is archived by the service" "same" \
	"$(cmp -s "$T/gen/dtks-2026-11.csv" "$M$A" && echo same)"
check "inbox: nothing left in inbox/dtks" "" "$(ls -A "$M/var/lib/rekon/inbox/dtks")"
check "inbox: archived file owned by rekon? group rekon, mode 0640" "640 rekon" \
	"$(c stat -c '%a %G' "$A")"
check "the import is recorded (rekon batches)" "1" \
	"$(c rekon -c /etc/rekon/rekon.conf batches 2>&1 | grep -c 'dtks-2026-11\.csv')"

# --- reload: a broken configuration, then a good one -----------------------------
MAIN=$(show rekon MainPID)
cp "$T/rekon.conf.base" "$M/etc/rekon/rekon.conf"
printf '\n[schedule]\nusulan = 0 99 * * *\n' >>"$M/etc/rekon/rekon.conf"
mark
out=$(c systemctl reload rekon 2>&1); rc=$?
check "reload, broken configuration: systemctl reload exits 0" "0" "$rc"
until_ok 20 journal_has rekon 'keeping the running configuration'
check "reload, broken: still active, same main PID" "active $MAIN" \
	"$(show rekon ActiveState) $(show rekon MainPID)"
check "reload, broken: the journal names the file, line and key" "1" \
	"$(journal_since rekon | grep -cxF '/etc/rekon/rekon.conf:8: [schedule] usulan: "0 99 * * *" is not a cron expression: hour: 99 is out of range 0-23')"
check "reload, broken: the journal says the running one is kept" \
	"rekon: reload: 1 error in /etc/rekon/rekon.conf; keeping the running configuration" \
	"$(journal_since rekon | grep -F 'keeping the running configuration')"
cp "$T/rekon.conf.base" "$M/etc/rekon/rekon.conf"
printf '\n[schedule]\nusulan = * * * * *\n' >>"$M/etc/rekon/rekon.conf"
mark
c systemctl reload rekon
until_ok 20 journal_has rekon 'reload: configuration'
check "reload, good: applied" "rekon: reload: configuration /etc/rekon/rekon.conf loaded" \
	"$(journal_since rekon | grep -F 'reload: configuration')"
# Applied: the new schedule (every minute) starts usulan within a minute.
until_ok 75 journal_has rekon "usulan 2026-12 started (schedule"
check "reload, good: the new schedule runs usulan" "yes" \
	"$(journal_has rekon 'usulan 2026-12 started (schedule' && echo yes)"
check "reload, good: same main PID" "$MAIN" "$(show rekon MainPID)"

# --- the test hooks (a drop-in), the watchdog shortened to 10 s -------------------
mkdir -p "$M/etc/systemd/system/rekon.service.d"
cat >"$M/etc/systemd/system/rekon.service.d/test.conf" <<'UNIT'
[Service]
Environment=REKON_TEST_HANG_ON_USR2=1 REKON_TEST_JOB_SECONDS=10
WatchdogSec=10s
UNIT
c systemctl daemon-reload
c systemctl restart rekon
check "with the test drop-in: active, WatchdogUSec=10s" "active 10s" \
	"$(show rekon ActiveState) $(show rekon WatchdogUSec)"

# --- stop while a job runs --------------------------------------------------------
mark
until_ok 75 journal_has rekon "usulan 2026-12 started (schedule"
check "a scheduled job is running (its child sleeps 10 s first)" "usulan 2026-12" \
	"$(show rekon StatusText)"
c systemctl stop rekon
jl=$(journal_since rekon)
check "stop during a job: the daemon waited for it" "1" \
	"$(echo "$jl" | grep -c '^rekon: stopping: waiting for the running job$')"
check "stop during a job: the job finished (not killed)" "1" \
	"$(echo "$jl" | grep -c '^rekon: usulan 2026-12 done$')"
check "stop during a job: the daemon said stopped" "1" "$(echo "$jl" | grep -c '^rekon: stopped$')"
check "stop: inactive, Result=success" "inactive success" \
	"$(show rekon ActiveState) $(show rekon Result)"
check "stop: the embedded PostgreSQL stopped (no postmaster.pid)" "no" \
	"$(test -f "$M/var/lib/rekon/pg/data/postmaster.pid" && echo yes || echo no)"
check "stop: no process left in the unit's cgroup" "" \
	"$(c sh -c 'cat /sys/fs/cgroup/unified/system.slice/rekon.service/cgroup.procs /sys/fs/cgroup/system.slice/rekon.service/cgroup.procs /sys/fs/cgroup/systemd/system.slice/rekon.service/cgroup.procs 2>/dev/null')"
check "stop: no rekon or postgres process in the container" "" \
	"$(c sh -c 'for p in /proc/[0-9]*; do cat $p/comm 2>/dev/null; done' | grep -E '^(rekon|postgres)')"

# --- watchdog and Restart=on-failure ----------------------------------------------
cp "$T/rekon.conf.base" "$M/etc/rekon/rekon.conf"
c systemctl start rekon
A1=$(show rekon MainPID)
R0=$(show rekon NRestarts)
mark
c systemctl kill -s SIGUSR2 --kill-whom=main rekon
restarted() { [ "$(show rekon NRestarts)" = "$((R0 + 1))" ] && [ "$(show rekon ActiveState)" = active ]; }
until_ok 60 restarted
jl=$(journal_since rekon)
check "watchdog: the hook hung the main loop" "1" \
	"$(echo "$jl" | grep -c 'test hook REKON_TEST_HANG_ON_USR2: the main loop hangs')"
check "watchdog: systemd saw the timeout" "1" \
	"$(echo "$jl" | grep -c '^rekon.service: Watchdog timeout (limit 10s)!$')"
check "watchdog: killed with SIGABRT" "1" \
	"$(echo "$jl" | grep -Ec '^rekon.service: Main process exited, code=(killed|dumped), status=6/ABRT$')"
check "watchdog: restarted (NRestarts +1, active, a new main PID)" "$((R0 + 1)) active new" \
	"$(show rekon NRestarts) $(show rekon ActiveState) $([ "$(show rekon MainPID)" != "$A1" ] && echo new)"
A2=$(show rekon MainPID)
mark
c systemctl kill -s SIGSEGV --kill-whom=main rekon
restarted2() { [ "$(show rekon NRestarts)" = "$((R0 + 2))" ] && [ "$(show rekon ActiveState)" = active ]; }
until_ok 60 restarted2
jl=$(journal_since rekon)
check "crash: the main process died of SIGSEGV" "1" \
	"$(echo "$jl" | grep -Ec '^rekon.service: Main process exited, code=(killed|dumped), status=11/SEGV$')"
check "crash: restarted by Restart=on-failure (NRestarts +2, active, a new main PID)" \
	"$((R0 + 2)) active new" \
	"$(show rekon NRestarts) $(show rekon ActiveState) $([ "$(show rekon MainPID)" != "$A2" ] && echo new)"
check "crash: the restarted daemon is ready" "siap" "$(show rekon StatusText)"

# --- rekon-web.service ------------------------------------------------------------
mark
out=$(c systemctl start rekon-web 2>&1); rc=$?
check "systemctl start rekon-web: exit 0 (READY=1 arrived)" "0" "$rc"
[ "$rc" = 0 ] || { echo "$out"; journal_since rekon-web | tail -20 | sed 's/^/     | /'; }
check "rekon-web: active running" "active running" \
	"$(show rekon-web ActiveState) $(show rekon-web SubState)"
check "rekon-web serves: the login page" "200" \
	"$(c curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/masuk)"
W=$(show rekon-web MainPID)
# As the service itself: in its mount and user namespaces, as the user rekon
# (what rekon web could do, mounts and permissions both).
RUID=$(c id -u rekon); RGID=$(c id -g rekon)
asweb() { c nsenter -t "$W" -m -U -S "$RUID" -G "$RGID" sh -c "$1" 2>&1; }
check "rekon-web may write the inbox" "ok" \
	"$(asweb 'touch /var/lib/rekon/inbox/dtks/.probe && rm /var/lib/rekon/inbox/dtks/.probe && echo ok')"
# Read-only mounts (ProtectSystem=strict, ReadOnlyPaths=/var/lib/rekon), and
# where a mount alone would allow it, the permissions: /etc/rekon is writable
# as a mount (ConfigurationDirectory=) but root's, ProtectHome=yes leaves
# /root and /home empty and inaccessible (docs/decisions.md).
for p in /var/lib/rekon/outbox:EROFS /var/lib/rekon/archive:EROFS /var/lib/rekon/rejected:EROFS \
	/var/lib/rekon:EROFS /var/lib/rekon/pg:EROFS /usr/bin:EROFS /var/tmp/..:EROFS \
	/etc/rekon:EACCES /root:EACCES /home:EACCES; do
	want=${p#*:}; p=${p%:*}
	got=$(asweb "touch $p/.probe" | sed -n 's/^.*: Read-only file system$/EROFS/p;s/^.*: Permission denied$/EACCES/p')
	check "rekon-web may not write $p ($want)" "$want" "$got"
done
check "rekon-web runs as rekon: no capabilities (CapBnd), NoNewPrivs, seccomp filter" \
	"rekon 0000000000000000 1 2" \
	"$(c sh -c "stat -c %U /proc/$W; sed -n 's/^CapBnd:\t//p;s/^NoNewPrivs:\t//p;s/^Seccomp:\t//p' /proc/$W/status" | tr '\n' ' ' | sed 's/ $//')"
c systemctl stop rekon-web
check "rekon-web stop: inactive, Result=success, no process" "inactive success " \
	"$(show rekon-web ActiveState) $(show rekon-web Result) $(unit_pids rekon-web | tr '\n' ' ')"

# --- last stop: nothing of rekon left ---------------------------------------------
c systemctl stop rekon
check "stop: inactive, no postmaster.pid" "inactive no" \
	"$(show rekon ActiveState) $(test -f "$M/var/lib/rekon/pg/data/postmaster.pid" && echo yes || echo no)"

if [ -n "${KEEP:-}" ]; then
	trap - EXIT INT TERM
	echo "kept: container PID 1 = $LEADER (host), nspawn $NSPAWN_PID, root $M"
	echo "$T_PASS passed, $T_FAIL failed"
	exit 0
fi
# --- power off: no process left --------------------------------------------------
off_t0=$(date +%s)
poweroff_container
echo "     powered off in $(($(date +%s) - off_t0)) s"
check "power off: no process left whose root is the container's" "" "$(container_procs)"
check "power off: systemd-nspawn exits 0 (the container powered off)" "0" "$NSPAWN_RC"
cp "$T/console.log" "$(dirname "$REKON_BIN")/test-systemd-console.log"
cleanup
trap - EXIT INT TERM
echo "$T_PASS passed, $T_FAIL failed"
[ "$T_FAIL" = 0 ]
