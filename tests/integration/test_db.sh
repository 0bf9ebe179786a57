#!/bin/sh
# rekon db init/status/stop/start, the embedded cluster's settings, the
# schema version, and an older database refused until migrated.
. "$(dirname "$0")/../helpers/lib.sh"
t_setup
T_PG=1
# The newest migration number, and how many there are (numbers may have a
# gap while a migration reserved by other work has not landed yet).
NEED=$(ls "$ROOT"/sql/[0-9]*.sql | sed -n '$s|.*/0*\([0-9][0-9]*\)_.*|\1|p')
NFILES=$(ls "$ROOT"/sql/[0-9]*.sql | wc -l | tr -d ' ')
check_rc "db status before init exits 69" 69 $REKON db status
check "db status says not created" "embedded PostgreSQL in $T/state/pg/data: not created yet (rekon db init)" \
	"$(head -1 "$T/last.out")"
check_rc "db init" 0 $REKON db init
check "db init applies the schema" "schema at version $NEED ($NFILES migrations applied)" "$(tail -1 "$T/last.out")"
check_rc "db init again" 0 $REKON db init
check "db init again applies nothing" "schema at version $NEED (0 migrations applied)" "$(tail -1 "$T/last.out")"
# Collation C (byte order: the code point order of C.UTF-8, sorted faster),
# character classes from C.UTF-8 (docs/decisions.md).
check "embedded settings" "off||UTF8|C|C.UTF-8|t" \
	"$(t_psql "SELECT current_setting('jit'), current_setting('listen_addresses'), pg_encoding_to_char(encoding), datcollate, datctype, (SELECT count(*) = 1 FROM pg_extension WHERE extname = 'pg_trgm') FROM pg_database WHERE datname = current_database()")"
check "embedded server sized for a province's month" "64MB|256MB|256MB|4GB|minimal|0" \
	"$(t_psql "SELECT current_setting('work_mem'), current_setting('maintenance_work_mem'), current_setting('shared_buffers'), current_setting('max_wal_size'), current_setting('wal_level'), current_setting('max_wal_senders')")"
check "migrations recorded" "1|001_import.sql" "$(t_psql "SELECT version, name FROM schema_migration WHERE version = 1")"
check "every migration recorded once" "$NFILES|$NFILES" "$(t_psql "SELECT count(*), count(DISTINCT version) FROM schema_migration")"
check "rule functions installed" "t" "$(t_psql "SELECT to_regprocedure('rekon_d(text)') IS NOT NULL")"
check_rc "db status running" 0 $REKON db status
check "db status shows the version" "schema: version $NEED (this rekon needs $NEED)" "$(tail -1 "$T/last.out")"
check "state dirs are private" "700 700" \
	"$(stat -c %a "$T/state/pg" "$T/state/pg/run" | tr '\n' ' ' | sed 's/ $//')"

# An external database that is older than the binary is refused, not changed.
sock=$T/state/pg/run
t_psql "CREATE DATABASE old" >/dev/null
cp "$T/rekon.conf" "$T/ext.conf"
printf '\n[database]\nconninfo = host=%s dbname=old user=rekon\n' "$sock" >> "$T/ext.conf"
check_rc "older external schema refused with 78" 78 "$REKON_BIN" -c "$T/ext.conf" batches
check "says to migrate" "rekon: the database has schema version 0, this rekon needs $NEED: run 'rekon db migrate'" \
	"$(cat "$T/last.err")"
check_rc "db migrate on it" 0 "$REKON_BIN" -c "$T/ext.conf" db migrate
check_rc "then it is used" 0 "$REKON_BIN" -c "$T/ext.conf" batches
# A migration that landed after a later one was applied (numbers reserved
# by work merged out of order): the external database is refused until
# migrated, and migrate applies it though its number is below the newest.
"$REKON_BIN" -c "$T/ext.conf" db psql -- -XAtq -c "DROP TABLE usulan_final; DELETE FROM schema_migration WHERE version = 10" >/dev/null
check_rc "a migration missing below the newest: refused with 78" 78 "$REKON_BIN" -c "$T/ext.conf" batches
check "says which and to migrate" "rekon: the database lacks migration 010_usulan_final.sql: run 'rekon db migrate'" \
	"$(cat "$T/last.err")"
check_rc "db migrate applies it" 0 "$REKON_BIN" -c "$T/ext.conf" db migrate
check "... that one only" "schema at version $NEED (1 migration applied)" "$(tail -1 "$T/last.out")"
check "... recorded" "10|010_usulan_final.sql" \
	"$("$REKON_BIN" -c "$T/ext.conf" db psql -- -XAtq -c "SELECT version, name FROM schema_migration WHERE version = 10")"
"$REKON_BIN" -c "$T/ext.conf" db psql -- -XAtq -c "UPDATE schema_rules SET sha256 = repeat('0', 64)" >/dev/null
check_rc "stale rules in an external database refused" 78 "$REKON_BIN" -c "$T/ext.conf" batches
check "says to migrate" "rekon: the rules in the database are not this rekon's: run 'rekon db migrate'" \
	"$(cat "$T/last.err")"
check_rc "migrate puts this rekon's rules in" 0 "$REKON_BIN" -c "$T/ext.conf" db migrate
check_rc "then it is used again" 0 "$REKON_BIN" -c "$T/ext.conf" batches

check_rc "db stop" 0 $REKON db stop
check_rc "db status stopped exits 69" 69 $REKON db status
check_rc "db stop again" 0 $REKON db stop
check "stop again says so" "PostgreSQL is not running" "$(cat "$T/last.out")"
check_rc "db start" 0 $REKON db start
check_rc "db start again" 0 $REKON db start
check "start again says so" "PostgreSQL is already running in $T/state/pg/data" "$(cat "$T/last.out")"
t_done
