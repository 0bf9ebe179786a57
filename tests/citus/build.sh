#!/bin/sh
# tests/citus/build.sh — build and install Citus for make test-citus, when it
# is not installed yet (a test-only dependency: never a runtime one, never on
# a site, nothing of it is committed; docs/testing.md, docs/decisions.md).
#
# Source: $CITUS_TARBALL (default ../shared/vendor/citus-13.2.2.tar.gz, the
# release tagged by its authors; ../shared/vendor/README.md). Built in a temp
# dir against Debian 12's PostgreSQL 15 and installed into its lib and
# extension dirs (`make install`, as root; through sudo when not root). The
# Debian packages it needs are installed when missing (apt-get): those the
# vendor README names, and libkrb5-dev (Debian's libpq-be.h includes
# gssapi/gssapi.h; found by the first build here).
#
# One change to the source, the one the vendor README names: Debian's
# PostgreSQL 15 headers declare have_createdb_privilege() themselves, and
# src/include/pg_version_compat.h defines it `static inline` again for
# PostgreSQL < 16, which gcc refuses. The script deletes that definition
# (the function and its body, and nothing else) and fails if it is not there
# exactly once, so that another Citus release is noticed rather than patched
# blindly.
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
TARBALL=${CITUS_TARBALL:-$ROOT/../shared/vendor/citus-13.2.2.tar.gz}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi

# Installed already: the library and the control file in PostgreSQL 15's dirs.
if [ -x "$PG_CONFIG" ] &&
    [ -f "$("$PG_CONFIG" --pkglibdir)/citus.so" ] &&
    [ -f "$("$PG_CONFIG" --sharedir)/extension/citus.control" ]; then
	echo "citus: installed ($("$PG_CONFIG" --pkglibdir)/citus.so)"
	exit 0
fi
[ -f "$TARBALL" ] || { echo "citus: $TARBALL: no such file (../shared/vendor/)" >&2; exit 2; }

missing=
for p in postgresql-server-dev-15 liblz4-dev libzstd-dev libkrb5-dev build-essential; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
	    missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "citus: installing Debian packages:$missing"
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086 # package names, split on purpose
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

B=$(mktemp -d /tmp/rekon-citus-build.XXXXXX)
trap 'rm -rf "$B"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
t0=$(date +%s)
tar -xzf "$TARBALL" -C "$B"
SRC=$(find "$B" -mindepth 1 -maxdepth 1 -type d | head -n 1)
H=$SRC/src/include/pg_version_compat.h
# The definition: "static inline bool" on one line, "have_createdb_privilege(void)"
# on the next, its body up to the first line that is "}".
n=$(grep -c '^have_createdb_privilege(void)' "$H" || true)
[ "$n" = 1 ] || { echo "citus: $H: have_createdb_privilege(void) defined $n times, not once: not the source this script knows" >&2; exit 1; }
awk '
	/^static inline bool$/ { held = $0; next }
	held != "" && /^have_createdb_privilege\(void\)/ { skip = 1; held = ""; next }
	held != "" { print held; held = "" }
	skip && /^}/ { skip = 0; next }
	skip { next }
	{ print }
	END { if (held != "") print held }
' "$H" >"$H.new"
mv "$H.new" "$H"
! grep -q 'have_createdb_privilege(void)' "$H" || { echo "citus: could not remove the definition from $H" >&2; exit 1; }

cd "$SRC"
echo "citus: configure ($SRC)"
PG_CONFIG=$PG_CONFIG ./configure --without-libcurl >"$B/configure.log" 2>&1 ||
    { tail -n 30 "$B/configure.log"; exit 1; }
echo "citus: make -j${CITUS_JOBS:-2}"
make -j"${CITUS_JOBS:-2}" >"$B/make.log" 2>&1 || { tail -n 40 "$B/make.log"; exit 1; }
$SUDO make install >"$B/install.log" 2>&1 || { tail -n 30 "$B/install.log"; exit 1; }
echo "citus: built and installed in $(($(date +%s) - t0)) s ($("$PG_CONFIG" --pkglibdir)/citus.so)"
