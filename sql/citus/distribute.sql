-- sql/citus/distribute.sql — rekon's Citus mode (docs/scale.md, "Setting up a
-- cluster", step 3): after `rekon db migrate` on the coordinator, once, before
-- the first import:
--
--   rekon db psql -- -X -q -v ON_ERROR_STOP=1 -f sql/citus/distribute.sql
--
-- Not a migration (sql/*.sql only are; this file is never embedded in the
-- binary and never run by rekon itself): a single server never sees it.
-- The lists are docs/scale.md's "The tables" and
-- tests/integration/test_scale_schema.sh's, which checks that this file
-- names every table of them. make test-citus (tests/citus/run.sh) runs it.
--
-- One psql session (the temp table lives in it), each statement its own
-- transaction (\gexec). Foreign keys are set aside while tables change kind
-- and made again after, so that the order of the calls does not depend on
-- which Citus version converts what by itself.

-- Shards per distributed table (each partition too): psql -v shard_count=N,
-- default 32; 2-4 per worker core is a fair start (docs/scale.md).
\if :{?shard_count}
\else
\set shard_count 32
\endif
SET citus.shard_count = :shard_count;

-- Joins of person tables on something else than their distribution column
-- (No KK, name and birth date, NOKA, the second key of a pair) are
-- repartition joins (docs/scale.md): on for every session of this database.
SELECT format('ALTER DATABASE %I SET citus.enable_repartition_joins = on', current_database()) \gexec

-- Nested distributed execution (citus.allow_nested_distributed_execution)
-- stays off, as Citus ships it: no rule statement calls a set function
-- where Citus would send the call along to the shards any more
-- (docs/scale.md, "What the cluster refused", 3), and make test-citus
-- fails on the first one that does.

-- Every foreign key of the schema, kept, then dropped.
CREATE TEMP TABLE rekon_fk AS
	SELECT conrelid::regclass AS tab, conname, pg_get_constraintdef(oid) AS def
	FROM pg_constraint
	WHERE contype = 'f' AND connamespace = 'public'::regnamespace
	  AND conparentid = 0;
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', tab, conname) FROM rekon_fk \gexec

-- batch's trigger (sql/008, 020: a dropped batch takes its partitions and
-- results with it) cannot come along: Citus refuses to distribute a table
-- with triggers (it would run on every placement of batch, on the workers
-- too). On the cluster, `rekon batch drop` does that work itself before it
-- deletes the batch row (docs/scale.md, "What changes in operations").
DROP TRIGGER IF EXISTS batch_hapus ON batch;

-- Reference tables: a copy on every node.
SELECT create_reference_table('batch');
SELECT create_reference_table('periode');
SELECT create_reference_table('feedback_pola');
SELECT create_reference_table('usulan_ruang');
SELECT create_reference_table('usulan_final');
SELECT create_reference_table('rekon_ringkasan');
SELECT create_reference_table('ringkasan_simpan');
SELECT create_reference_table('rekon_kecamatan');
SELECT create_reference_table('ganda_m');
SELECT create_reference_table('ganda_model');
SELECT create_reference_table('ganda_ringkas');

-- Person tables: one co-location group, anchored on peserta_row.
SELECT create_distributed_table('peserta_row',      'kunci',   colocate_with => 'none');
SELECT create_distributed_table('dtks_row',         'nik',     colocate_with => 'peserta_row');
SELECT create_distributed_table('usulan_row',       'nik',     colocate_with => 'peserta_row');
SELECT create_distributed_table('feedback_row',     'nik',     colocate_with => 'peserta_row');
SELECT create_distributed_table('segmen_row',       'nik',     colocate_with => 'peserta_row');
SELECT create_distributed_table('kematian_row',     'nik',     colocate_with => 'peserta_row');
SELECT create_distributed_table('kependudukan_row', 'nik',     colocate_with => 'peserta_row');
SELECT create_distributed_table('keputusan_row',    'kunci_a', colocate_with => 'peserta_row');
SELECT create_distributed_table('usulan_hasil',     'nik',     colocate_with => 'peserta_row');
SELECT create_distributed_table('gagal_hasil',      'nik',     colocate_with => 'peserta_row');
SELECT create_distributed_table('tindak_lanjut',    'nik',     colocate_with => 'peserta_row');
SELECT create_distributed_table('usulan_diteruskan', 'nik',    colocate_with => 'peserta_row');
SELECT create_distributed_table('peserta_hasil',    'kunci',   colocate_with => 'peserta_row');
SELECT create_distributed_table('hilang',           'kunci',   colocate_with => 'peserta_row');
SELECT create_distributed_table('sk_daftar',        'kunci',   colocate_with => 'peserta_row');
SELECT create_distributed_table('sk_final',         'kunci',   colocate_with => 'peserta_row');
SELECT create_distributed_table('mutasi',           'kunci',   colocate_with => 'peserta_row');
SELECT create_distributed_table('kelebihan_bayar',  'nik',     colocate_with => 'peserta_row');
SELECT create_distributed_table('usul_nonaktif',    'kunci',   colocate_with => 'peserta_row');
SELECT create_distributed_table('calon_ganda',      'kunci_a', colocate_with => 'peserta_row');
SELECT create_distributed_table('jawaban_sisa',     'nik',     colocate_with => 'peserta_row');
SELECT create_distributed_table('peserta_sisa',     'nik',     colocate_with => 'peserta_row');
SELECT create_distributed_table('vclaim_answer',    'nik',     colocate_with => 'peserta_row');

-- The foreign keys again (rejected_row -> batch makes rejected_row a Citus
-- local table; the web front's tables keep theirs among themselves).
SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', tab, conname, def) FROM rekon_fk \gexec

-- The functions. `rekon db migrate` made them before the tables were
-- distributed, so Citus created them on the coordinator only ("has
-- dependency to table ... that is not in Citus' metadata"); the shards'
-- queries call some of them (rekon_kunci, rekon_period_add, ...). Now that
-- their tables are distributed, every rekon function is propagated to the
-- workers and recorded, so that a later `rekon db migrate` (CREATE OR
-- REPLACE FUNCTION) reaches them too. No distribution argument: calls are
-- never delegated to a worker (docs/scale.md: every statement reads all
-- shards). The extensions' functions (pg_trgm) are the extensions'.
SELECT format('SELECT create_distributed_function(%L)', p.oid::regprocedure)
FROM pg_proc p
WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY p.oid \gexec
