-- 018_kependudukan.sql — Disdukcapil's population extract (inputs.md
-- `kependudukan`, rules.md "The sets": N).
--
-- Glossary
--   extract   a DKB extract of the people registered as living in the
--             region (SIAK column names), in force from its period until
--             the next one, as a DTKS snapshot is
--   N         the extract in force at P, one row per NIK (rekon_n in
--             sql/rules/00_sets.sql)
--
-- Its rows go, like every kind's, into one partition per batch
-- (008_batch_partitions.sql): a kabupaten's extract is a million rows.
-- The distribution column on Citus is nik, as for dtks_row (007).

ALTER TABLE batch DROP CONSTRAINT batch_kind_check,
	ADD CONSTRAINT batch_kind_check CHECK (kind IN ('dtks', 'usulan',
	    'feedback', 'peserta', 'segmen', 'kematian', 'kependudukan'));

CREATE TABLE kependudukan_row (
	batch_id       bigint NOT NULL,
	line           integer NOT NULL,
	nik            text NOT NULL,
	no_kk          text,
	nama           text,
	nama_kunci     text,
	tgl_lahir      date,
	jenis_kelamin  char(1) CHECK (jenis_kelamin IN ('L', 'P')),
	alamat         text,
	rt             text,
	rw             text,
	kecamatan      text,
	kelurahan      text,
	flags          text[] NOT NULL DEFAULT '{}',
	PRIMARY KEY (batch_id, line, nik)
) PARTITION BY LIST (batch_id);
-- The rules join N by NIK; cek --kk finds a family through no_kk.
CREATE INDEX kependudukan_row_nik ON kependudukan_row (nik);
CREATE INDEX kependudukan_row_no_kk ON kependudukan_row (no_kk);

CREATE OR REPLACE FUNCTION rekon_impor_tabel(tabel text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF tabel IS NULL OR tabel NOT IN ('dtks_row', 'usulan_row', 'feedback_row',
	    'peserta_row', 'segmen_row', 'kematian_row', 'kependudukan_row') THEN
		RAISE EXCEPTION 'not a row table: %', tabel;
	END IF;
	RETURN tabel;
END $$;

CREATE OR REPLACE FUNCTION rekon_batch_hapus() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	t text;
BEGIN
	DELETE FROM usulan_hasil WHERE batch_id = OLD.id;
	DELETE FROM gagal_hasil WHERE batch_id = OLD.id;
	DELETE FROM peserta_hasil WHERE batch_id = OLD.id;
	FOREACH t IN ARRAY ARRAY['dtks_row', 'usulan_row', 'feedback_row',
	    'peserta_row', 'segmen_row', 'kematian_row', 'kependudukan_row'] LOOP
		IF to_regclass(t || '_b' || OLD.id) IS NOT NULL THEN
			EXECUTE format('DROP TABLE %I', t || '_b' || OLD.id);
		END IF;
	END LOOP;
	RETURN OLD;
END $$;
