-- 009_period_partitions.sql — peserta_hasil and sk_daftar: one partition
-- per period (docs/speed.md, docs/decisions.md "One partition per period").
--
-- Glossary
--   partition      <table>_p<YYYY>_<MM>: one period's rows
--   staging table  <table>_baru: where rekon_peserta writes a period's rows,
--                  made in the job's transaction and attached as the
--                  period's partition (the old one, on a rerun, dropped)
--   <table>_lain   the default partition: rows of a period that has no
--                  partition of its own, written some other way than by
--                  rekon_peserta (by hand, a restore by INSERT); empty in
--                  normal use. A period's rows there are replaced when
--                  rekon_peserta next writes that period.
--
-- Why: rekon_peserta writes some 780,000 rows into each of the two for a
-- province's month. Into a table made in the job's own transaction they go
-- without WAL (wal_level = minimal) and with their indexes built after, in
-- one sorted pass each: about 2.5 s and 1.8 s instead of 5.5 s and 4.7 s.
-- Every reader of the two reads one period.

-- Each table: renamed out of the way, made again partitioned with the same
-- columns (in the same order), checks, key and indexes, its rows moved into
-- one partition per period, the old table dropped (CASCADE: rekon_k, whose
-- result type is sk_daftar's row type; the rules make it again).
CREATE FUNCTION rekon_periode_partisi(tabel text, p text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF tabel IS NULL OR tabel NOT IN ('peserta_hasil', 'sk_daftar') THEN
		RAISE EXCEPTION 'not a table partitioned by period: %', tabel;
	END IF;
	IF p IS NULL OR p !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
		RAISE EXCEPTION 'not a period: %', p;
	END IF;
	RETURN tabel || '_p' || replace(p, '-', '_');
END $$;

DO $$
DECLARE
	t   text;
	ix  record;
	p   text;
	pk  text;
BEGIN
	FOREACH t IN ARRAY ARRAY['peserta_hasil', 'sk_daftar'] LOOP
		SELECT pg_get_constraintdef(oid) INTO pk FROM pg_constraint
		 WHERE conrelid = t::regclass AND contype = 'p';
		EXECUTE format('ALTER TABLE %I RENAME TO %I', t, t || '_lama');
		EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t || '_lama', t || '_pkey');
		EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS,'
		    ' CONSTRAINT %I %s) PARTITION BY LIST (period)', t, t || '_lama', t || '_pkey', pk);
		FOR ix IN SELECT c.relname, pg_get_indexdef(i.indexrelid) AS def
		            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		           WHERE i.indrelid = (t || '_lama')::regclass AND NOT i.indisprimary
		           ORDER BY c.relname LOOP
			EXECUTE format('DROP INDEX %I', ix.relname);
			EXECUTE regexp_replace(ix.def, ' ON (\S+\.)?' || t || '_lama ', ' ON \1' || t || ' ');
		END LOOP;
		EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', t || '_lain', t);
		FOR p IN EXECUTE format('SELECT DISTINCT period FROM %I ORDER BY 1', t || '_lama') LOOP
			EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES IN (%L)',
			    rekon_periode_partisi(t, p), t, p);
		END LOOP;
		EXECUTE format('INSERT INTO %I SELECT * FROM %I', t, t || '_lama');
		EXECUTE format('DROP TABLE %I CASCADE', t || '_lama');
	END LOOP;
END $$;

-- rekon_peserta, in the job's transaction:
--   SELECT rekon_periode_mulai('peserta_hasil', p);   the staging table
--   INSERT INTO peserta_hasil_baru ...;
--   SELECT rekon_periode_pasang('peserta_hasil', p);  it becomes P's partition
-- (Two reconciliations of different periods at once queue on the staging
-- table's name; two of one period are serialized by the job's lock.)
CREATE FUNCTION rekon_periode_mulai(tabel text, p text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM rekon_periode_partisi(tabel, p);	-- checks both
	-- The CHECK matches the partition bound, so ATTACH needs no scan.
	EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS,'
	    ' CONSTRAINT %I CHECK (period = %L))', tabel || '_baru', tabel, tabel || '_periode', p);
END $$;

-- The period's old partition (a rerun) is dropped here, late in the job,
-- because dropping a partition locks the whole table against readers until
-- the job commits. Attaching builds the indexes; then the partition's
-- statistics, for the reports that read it next.
CREATE FUNCTION rekon_periode_pasang(tabel text, p text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	part text := rekon_periode_partisi(tabel, p);
BEGIN
	IF to_regclass(part) IS NOT NULL THEN
		EXECUTE format('DROP TABLE %I', part);
	END IF;
	-- (ATTACH checks that the default partition holds no row of P.)
	EXECUTE format('DELETE FROM %I WHERE period = %L', tabel || '_lain', p);
	EXECUTE format('ALTER TABLE %I RENAME TO %I', tabel || '_baru', part);
	EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%L)', tabel, part, p);
	EXECUTE format('ANALYZE %I', part);
END $$;

-- The rule functions dropped with the old tables: make them again.
DELETE FROM schema_rules;
