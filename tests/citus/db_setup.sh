#!/bin/sh
# tests/citus/db_setup.sh BINARY CONF — rekon's Citus mode on the cluster
# tests/citus/run.sh started: CONF is pointed at the coordinator
# ([database] conninfo = $CITUS_CONNINFO), `rekon db migrate` makes the
# schema there, and sql/citus/distribute.sql distributes it (docs/scale.md,
# "Setting up a cluster"). tests/compare_builds.sh calls it as NEW_DB.
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
: "${CITUS_CONNINFO:?set by tests/citus/run.sh}"
BIN=$1
CONF=$2
printf '\n[database]\nconninfo = %s\n' "$CITUS_CONNINFO" >>"$CONF"
"$BIN" -c "$CONF" db migrate
"$BIN" -c "$CONF" db psql -- -X -q -v ON_ERROR_STOP=1 -v shard_count="${CITUS_SHARDS:-4}" -f "$ROOT/sql/citus/distribute.sql"
# What it made: one co-location group of person tables, the reference tables.
"$BIN" -c "$CONF" db psql -- -X -A -t -c \
    "SELECT citus_table_type || ' ' || colocation_id || ': ' || count(*) FROM citus_tables GROUP BY citus_table_type, colocation_id ORDER BY 1"
