-- 008_batch_partitions.sql — one partition per batch for the row tables
-- (the province-scale issue; docs/import-speed.md, docs/decisions.md).
--
-- Glossary
--   row table     dtks_row, usulan_row, feedback_row, peserta_row,
--                 segmen_row, kematian_row: the cleaned rows of one kind
--   partition     <row table>_b<batch id>: the rows of one batch. Every
--                 query reads one batch, and a batch is written once.
--   staging table <row table>_impor: where an import's COPY goes, made in
--                 the import's own transaction and attached as the batch's
--                 partition before it commits
--
-- Why: a table made in the loading transaction is written without WAL
-- (the embedded cluster runs wal_level = minimal) and its indexes are built
-- after the load in one sorted pass each, instead of one index entry and
-- its WAL per row. That is the difference between ~15 s and ~4 s for a
-- 0.78M-row list.
--
-- What else changes:
--   * the row tables no longer have a foreign key to batch, and the result
--     tables none to the row tables. A trigger on batch does their work:
--     deleting a batch drops its partitions (instant, where the cascade
--     deleted the rows one by one) and deletes the results that point at
--     its rows. A partition is only ever made in the transaction that
--     inserts its batch, with CHECK (batch_id = its id), so no row can
--     point at a missing batch. (The per-row foreign key checks cost about
--     7 s of a province's rekonsiliasi; docs/speed.md.)
--   * the rule functions whose result type is a row table's row type are
--     dropped with the old tables and made again by the rules (schema_rules
--     is emptied, so `db migrate` applies them after this file).

-- peserta_row's indexes on noka and no_kk: every index is a sorted pass of
-- each import, and these two do not pay for theirs. No rule and no report
-- looks a row of a list up by NOKA (they join whole batches); `rekon cek
-- --kk` looks one up by No KK in one batch, which without the index is one
-- scan of that batch's partition (~0.1 s at 0.78M rows). The NIK index
-- stays: `rekon cek` asks for many NIKs at once.
DROP INDEX peserta_row_noka;
DROP INDEX peserta_row_no_kk;

-- The result tables' foreign keys to the row tables go first.
ALTER TABLE usulan_hasil DROP CONSTRAINT usulan_hasil_batch_id_line_nik_fkey;
ALTER TABLE gagal_hasil DROP CONSTRAINT gagal_hasil_batch_id_line_nik_fkey;
ALTER TABLE peserta_hasil DROP CONSTRAINT peserta_hasil_batch_id_line_kunci_fkey;

-- Each row table: renamed out of the way, made again partitioned with the
-- same columns (in the same order), checks, key and indexes, its rows moved
-- into one partition per batch, the old table dropped.
CREATE FUNCTION rekon_partisi_buat(tabel text, batch bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES IN (%s)',
	    tabel || '_b' || batch, tabel, batch);
END $$;

DO $$
DECLARE
	t   text;
	ix  record;
	b   bigint;
	pk  text;
BEGIN
	FOREACH t IN ARRAY ARRAY['dtks_row', 'usulan_row', 'feedback_row',
	    'peserta_row', 'segmen_row', 'kematian_row'] LOOP
		SELECT pg_get_constraintdef(oid) INTO pk FROM pg_constraint
		 WHERE conrelid = t::regclass AND contype = 'p';
		EXECUTE format('ALTER TABLE %I RENAME TO %I', t, t || '_lama');
		EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t || '_lama', t || '_pkey');
		EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS,'
		    ' CONSTRAINT %I %s) PARTITION BY LIST (batch_id)', t, t || '_lama', t || '_pkey', pk);
		FOR ix IN SELECT c.relname, pg_get_indexdef(i.indexrelid) AS def
		            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		           WHERE i.indrelid = (t || '_lama')::regclass AND NOT i.indisprimary
		           ORDER BY c.relname LOOP
			EXECUTE format('DROP INDEX %I', ix.relname);
			-- "CREATE INDEX x ON public.t_lama USING btree (nik)": the same on t
			EXECUTE regexp_replace(ix.def, ' ON (\S+\.)?' || t || '_lama ', ' ON \1' || t || ' ');
		END LOOP;
		FOR b IN EXECUTE format('SELECT DISTINCT batch_id FROM %I ORDER BY 1', t || '_lama') LOOP
			PERFORM rekon_partisi_buat(t, b);
		END LOOP;
		EXECUTE format('INSERT INTO %I SELECT * FROM %I', t, t || '_lama');
		-- CASCADE: the rule functions returning SETOF the old row type
		EXECUTE format('DROP TABLE %I CASCADE', t || '_lama');
	END LOOP;
END $$;

DROP FUNCTION rekon_partisi_buat(text, bigint);

-- The import, in its transaction, after INSERT INTO batch:
--   SELECT rekon_impor_mulai('peserta_row', id);   the staging table
--   COPY peserta_row_impor (...) FROM STDIN WITH (FREEZE);
--                       (rows written frozen and all-visible: nothing to
--                       set on them later, by the index builds, ANALYZE,
--                       the first job's scans or VACUUM)
--   SELECT rekon_impor_pasang('peserta_row', id);  it becomes the partition
-- (A COPY names its table: the staging table's name is fixed so the COPY
-- statement is too. Two imports of one kind at once queue on that name:
-- the second CREATE TABLE waits until the first commits.)
CREATE FUNCTION rekon_impor_tabel(tabel text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF tabel IS NULL OR tabel NOT IN ('dtks_row', 'usulan_row', 'feedback_row',
	    'peserta_row', 'segmen_row', 'kematian_row') THEN
		RAISE EXCEPTION 'not a row table: %', tabel;
	END IF;
	RETURN tabel;
END $$;

CREATE FUNCTION rekon_impor_mulai(tabel text, batch bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	staging text := rekon_impor_tabel(tabel) || '_impor';
BEGIN
	-- The CHECK matches the partition bound, so ATTACH needs no scan.
	EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS,'
	    ' CONSTRAINT %I CHECK (batch_id = %s))', staging, tabel, tabel || '_batch', batch);
	-- The primary key (batch_id, line, ...) is kept up during the COPY: the
	-- rows come in line order, so every entry goes to the right end of the
	-- index, which costs the server less than a sorted build afterwards
	-- while it waits for the importer's next rows anyway.
	EXECUTE format('ALTER TABLE %I ADD %s', staging,
	    (SELECT pg_get_constraintdef(oid) FROM pg_constraint
	      WHERE conrelid = tabel::regclass AND contype = 'p'));
	-- Hand the new files to the kernel as they are written, so COMMIT's
	-- fsync of them finds little left to do.
	PERFORM set_config('backend_flush_after', '2MB', true);
END $$;

-- Attaching builds the partition's other indexes (one sorted pass each) and
-- attaches its primary key. Its statistics are gathered by the first job
-- that reads it (or by autovacuum): rekon_statistik() in
-- sql/rules/00_sets.sql.
CREATE FUNCTION rekon_impor_pasang(tabel text, batch bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	part text := rekon_impor_tabel(tabel) || '_b' || batch;
BEGIN
	EXECUTE format('ALTER TABLE %I RENAME TO %I', tabel || '_impor', part);
	EXECUTE format('ALTER INDEX %I RENAME TO %I', tabel || '_impor_pkey', part || '_pkey');
	EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%s)',
	    tabel, part, batch);
END $$;

-- Deleting a batch (rekon batch drop, or by hand) drops its partitions and
-- the results that point at its rows.
CREATE FUNCTION rekon_batch_hapus() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	t text;
BEGIN
	DELETE FROM usulan_hasil WHERE batch_id = OLD.id;
	DELETE FROM gagal_hasil WHERE batch_id = OLD.id;
	DELETE FROM peserta_hasil WHERE batch_id = OLD.id;
	FOREACH t IN ARRAY ARRAY['dtks_row', 'usulan_row', 'feedback_row',
	    'peserta_row', 'segmen_row', 'kematian_row'] LOOP
		IF to_regclass(t || '_b' || OLD.id) IS NOT NULL THEN
			EXECUTE format('DROP TABLE %I', t || '_b' || OLD.id);
		END IF;
	END LOOP;
	RETURN OLD;
END $$;

CREATE TRIGGER batch_hapus BEFORE DELETE ON batch
	FOR EACH ROW EXECUTE FUNCTION rekon_batch_hapus();

-- The rule functions went with the old tables: make them again.
DELETE FROM schema_rules;
