# tests/citus/cluster.sh — sourced by tests/citus/run.sh (make test-citus)
# and tests/citus/cost.sh: a Citus coordinator and two workers, throwaway
# clusters made by initdb under $W, on loopback ports chosen free,
# shared_preload_libraries = citus, run as 'postgres' when root (PostgreSQL
# refuses root), as the caller otherwise (docs/scale.md, "Setting up a
# cluster", step 1).
#
# The caller sets W (a temp dir, mode 755), PGBIN (PostgreSQL 15's bin dir)
# and its own EXIT trap, which must call stop_nodes. It may set
#   NODE_CONF   more postgresql.conf lines for every node (appended after
#               this file's, so a setting given again wins)
#   COORD_CONF  the same, for the coordinator only
# citus_cluster then starts the three nodes and sets PORT_C, PORT_W1,
# PORT_W2 and CITUS_CONNINFO (exported: tests/citus/db_setup.sh reads it).
# shellcheck shell=sh

if [ "$(id -u)" = 0 ]; then
	RUNAS="runuser -u postgres --"
else
	RUNAS=
fi
NODES=	# the data dirs of the servers started, for stop_nodes

# stop_nodes: every server started, `pg_ctl stop -m fast`, then wait (10 s
# at most) until its postmaster has gone; kill -9 when pg_ctl failed.
stop_nodes() {
	for _d in $NODES; do
		_pid=$(head -n 1 "$_d/postmaster.pid" 2>/dev/null || true)
		$RUNAS "$PGBIN/pg_ctl" -D "$_d" -m fast -w -t 30 stop >/dev/null 2>&1 ||
		    { [ -z "$_pid" ] || kill -9 "$_pid" 2>/dev/null || true; }
		_w=0
		while [ -n "$_pid" ] && kill -0 "$_pid" 2>/dev/null && [ $_w -lt 100 ]; do
			sleep 0.1; _w=$((_w + 1))
		done
	done
	NODES=
}

# node NAME PORT: initdb as the embedded cluster does (UTF8, collation C,
# C.UTF-8), superuser rekon, trust on loopback only; Citus preloaded;
# database rekon with the citus extension.
node() {
	_d=$W/$1
	mkdir -p "$_d"
	[ -z "$RUNAS" ] || chown postgres "$_d"
	chmod 700 "$_d"
	$RUNAS "$PGBIN/initdb" -D "$_d" --encoding=UTF8 --locale=C.UTF-8 --lc-collate=C \
	    --username=rekon --auth-local=trust --auth-host=trust >"$W/$1.initdb.log" 2>&1 ||
	    { cat "$W/$1.initdb.log"; exit 1; }
	cat >>"$_d/postgresql.conf" <<CONF
# tests/citus/cluster.sh
port = $2
listen_addresses = '127.0.0.1'
unix_socket_directories = '$_d'
shared_preload_libraries = 'citus'
max_prepared_transactions = 100
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 64MB
work_mem = 64MB
jit = off
CONF
	[ -z "${NODE_CONF:-}" ] || printf '%s\n' "$NODE_CONF" >>"$_d/postgresql.conf"
	if [ -n "${COORD_CONF:-}" ] && [ "$1" = coordinator ]; then
		printf '%s\n' "$COORD_CONF" >>"$_d/postgresql.conf"
	fi
	NODES="$NODES $_d"
	$RUNAS "$PGBIN/pg_ctl" -D "$_d" -l "$_d/server.log" -w -t 60 start >/dev/null ||
	    { cat "$_d/server.log"; exit 1; }
	"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$2" -U rekon -d postgres \
	    -c "CREATE DATABASE rekon" >/dev/null
	"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$2" -U rekon -d rekon \
	    -c "CREATE EXTENSION citus" >/dev/null
}

# citus_cluster: three free loopback ports (bound by the kernel, released,
# then used), the three nodes, the workers added to the coordinator; prints
# one line naming them.
citus_cluster() {
	# shellcheck disable=SC2046 # three numbers, split on purpose
	set -- $(python3 -c '
import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))
for s in ss: s.close()')
	PORT_C=$1 PORT_W1=$2 PORT_W2=$3
	node coordinator "$PORT_C"
	node worker1 "$PORT_W1"
	node worker2 "$PORT_W2"
	CITUS_CONNINFO="host=127.0.0.1 port=$PORT_C dbname=rekon user=rekon"
	export CITUS_CONNINFO
	"$PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$CITUS_CONNINFO" <<SQL >/dev/null
SELECT citus_set_coordinator_host('127.0.0.1', $PORT_C);
SELECT citus_add_node('127.0.0.1', $PORT_W1);
SELECT citus_add_node('127.0.0.1', $PORT_W2);
SQL
	echo "citus $("$PGBIN/psql" -X -A -t -d "$CITUS_CONNINFO" -c "SELECT extversion FROM pg_extension WHERE extname = 'citus'"):" \
	    "coordinator 127.0.0.1:$PORT_C, workers $("$PGBIN/psql" -X -A -t -d "$CITUS_CONNINFO" \
	    -c "SELECT string_agg(nodename || ':' || nodeport, ', ' ORDER BY nodeport) FROM pg_dist_node WHERE groupid > 0")"
}
