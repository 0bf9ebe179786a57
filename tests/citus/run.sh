#!/bin/sh
# tests/citus/run.sh — make test-citus: rekon's schema and rules on a real
# Citus cluster (issue 20; docs/scale.md, docs/testing.md).
#
#   1. Citus built and installed when it is not yet (tests/citus/build.sh).
#   2. A coordinator and two workers (tests/citus/cluster.sh): throwaway
#      clusters made by initdb in a temp dir, on loopback ports,
#      shared_preload_libraries = citus, run as 'postgres' when root
#      (PostgreSQL refuses root), as the caller otherwise; the workers added
#      to the coordinator (docs/scale.md, "Setting up a cluster", step 1).
#   3. tests/compare_builds.sh with gen's three months (--kependudukan
#      --ganda), every month closed (sk --final), cek and kasus: the same
#      binary once on its embedded server ("single") and once on the cluster
#      ("citus", NEW_DB=tests/citus/db_setup.sh: conninfo at the
#      coordinator, `rekon db migrate`, sql/citus/distribute.sql). Every
#      command's output, JSON figure, CSV row and workbook cell must be the
#      same.
#   4. `rekon batch drop` of the newest participant list on the cluster:
#      nothing of it left.
#
# Every server it started is stopped at the end, on failure and on a signal
# too (trap). SCALE (default 10) is gen's --scale; CITUS_SHARDS (default 4)
# the shards per table; KEEP=1 keeps the temp dirs (the servers stopped);
# PLANS=FILE keeps the coordinator's log with Citus's DEBUG1 planning
# messages (tests/citus/plans.py sums them up per rule function;
# docs/scale.md's per-file section is written from it).
# Three nodes on one machine: a test of correctness and of what Citus
# accepts, not of speed (docs/scale.md).
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${REKON_BIN:-$ROOT/build/rekon}
SCALE=${SCALE:-10}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
export LC_MESSAGES=C
unset LANGUAGE

T0=$(date +%s)
sh "$ROOT/tests/citus/build.sh"
T1=$(date +%s)
PGBIN=$("$PG_CONFIG" --bindir)

W=$(mktemp -d /tmp/rekon-citus.XXXXXX)
chmod 755 "$W"
# The three nodes: tests/citus/cluster.sh (stop_nodes, citus_cluster).
# PLANS=FILE: how Citus planned each statement, into the coordinator's
# log: its DEBUG1 messages name every subquery or CTE it plans on its own
# ("generating subplan ...": an intermediate result through the
# coordinator), every INSERT ... SELECT it runs through the coordinator,
# with the rule function and line (CONTEXT). auto_explain was tried: its
# nested plans change what Citus does (statements fail).
NODE_CONF=
COORD_CONF=
[ -z "${PLANS:-}" ] || COORD_CONF="log_min_messages = debug1"
# shellcheck source=tests/citus/cluster.sh
. "$ROOT/tests/citus/cluster.sh"

cleanup() {
	_rc=$?
	trap - EXIT INT TERM
	stop_nodes
	if [ -n "${KEEP:-}" ]; then echo "kept $W"; else rm -rf "$W"; fi
	exit $_rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

citus_cluster
T2=$(date +%s)

# The same months, single server against the cluster.
rc=0
MONTHS=3 GEN_ARGS="--kependudukan --ganda" CLOSE=1 \
    NEW_DB="sh $ROOT/tests/citus/db_setup.sh" OLD_LABEL=single NEW_LABEL=citus \
    sh "$ROOT/tests/compare_builds.sh" "$BIN" "$BIN" "$SCALE" || rc=$?

# `rekon batch drop` on the cluster, where batch has no trigger
# (docs/scale.md): the newest participant list (its month is closed:
# --force), then nothing of it is left.
CONF=$W/rekon.conf
printf '[region]\nname = Kabupaten Uji\ncode = 3325\n[paths]\nstate_dir = %s\n[database]\nconninfo = %s\n' \
    "$W/state" "$CITUS_CONNINFO" >"$CONF"
q() { "$PGBIN/psql" -X -A -t -v ON_ERROR_STOP=1 -d "$CITUS_CONNINFO" -c "$1"; }
B=$(q "SELECT max(id) FROM batch WHERE kind = 'peserta'")
if [ -n "$B" ] && "$BIN" -c "$CONF" batch drop "$B" --force >"$W/drop.out" 2>&1; then
	got=$(q "SELECT (SELECT count(*) FROM batch WHERE id = $B) || ' '
	    || (SELECT count(*) FROM peserta_hasil WHERE batch_id = $B) || ' '
	    || (SELECT count(*) FROM pg_class WHERE relname = 'peserta_row_b$B') || ' '
	    || (SELECT count(*) FROM peserta_row WHERE batch_id = $B)")
	if [ "$got" = "0 0 0 0" ]; then
		echo "ok   batch drop $B on the cluster: the batch, its results, its partition and its rows gone"
	else
		echo "FAIL batch drop $B on the cluster: batch, results, partition, rows left: $got"
		rc=1
	fi
else
	echo "FAIL batch drop ${B:-(no batch)} on the cluster:"; sed 's/^/     | /' "$W/drop.out"
	rc=1
fi
T3=$(date +%s)
if [ -n "${PLANS:-}" ]; then
	cp "$W/coordinator/server.log" "$PLANS"
	echo "plans: $PLANS (summed up by: python3 tests/citus/plans.py $PLANS)"
fi
echo "times: citus build/check $((T1 - T0)) s, cluster $((T2 - T1)) s, compare $((T3 - T2)) s, total $((T3 - T0)) s"
exit $rc
