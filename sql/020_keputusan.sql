-- 020_keputusan.sql — a reviewer's decisions on duplicate pairs (inputs.md
-- `keputusan`, rules.md §10): the Calon Ganda sheet filled in and imported
-- back.
--
-- Glossary
--   pair        two participant keys (a NIK, or 'NOKA:' || noka), unordered:
--               stored as kunci_a = the lesser, kunci_b = the greater
--               (byte-wise, COLLATE "C"), so one pair has one spelling
--   keputusan   SAMA (the same person) or BEDA (two people); a row without
--               one is blank and not stored
--   in force    the newest decision on a pair (batch id, then line) among
--               the batches with period <= P (rekon_keputusan in
--               sql/rules/00_sets.sql)
--
-- Its rows go, like every kind's, into one partition per batch
-- (008_batch_partitions.sql). The distribution column on Citus is kunci_a,
-- co-located with peserta_row (docs/scale.md): a decision is about two
-- keys, so one of its two joins to Bp is a repartition join; the table is
-- small (the pairs people looked at), so that costs little.

ALTER TABLE batch DROP CONSTRAINT batch_kind_check,
	ADD CONSTRAINT batch_kind_check CHECK (kind IN ('dtks', 'usulan',
	    'feedback', 'peserta', 'segmen', 'kematian', 'kependudukan',
	    'keputusan'));

ALTER TABLE rejected_row DROP CONSTRAINT rejected_row_reason_check;
ALTER TABLE rejected_row ADD CONSTRAINT rejected_row_reason_check
	CHECK (reason IN ('NIK_KOSONG', 'ID_KOSONG', 'ID_RUSAK_EXCEL',
	       'HASIL_TIDAK_DIKENAL', 'KEPUTUSAN_TIDAK_DIKENAL', 'TGL_TIDAK_VALID',
	       'KELURAHAN_LAIN', 'JUMLAH_KOLOM', 'BYTE_NUL',
	       'FIELD_TERLALU_PANJANG', 'CSV_RUSAK'));

CREATE TABLE keputusan_row (
	batch_id       bigint NOT NULL,
	line           integer NOT NULL,
	kunci_a        text NOT NULL,
	kunci_b        text NOT NULL,
	keputusan      text NOT NULL CHECK (keputusan IN ('SAMA', 'BEDA')),
	keputusan_raw  text,
	flags          text[] NOT NULL DEFAULT '{}',
	CHECK (kunci_a COLLATE "C" <= kunci_b COLLATE "C"),
	PRIMARY KEY (batch_id, line, kunci_a)
) PARTITION BY LIST (batch_id);
-- The rules find a pair's decisions by its two keys.
CREATE INDEX keputusan_row_pasangan ON keputusan_row (kunci_a, kunci_b);

CREATE OR REPLACE FUNCTION rekon_impor_tabel(tabel text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF tabel IS NULL OR tabel NOT IN ('dtks_row', 'usulan_row', 'feedback_row',
	    'peserta_row', 'segmen_row', 'kematian_row', 'kependudukan_row',
	    'keputusan_row') THEN
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
	    'peserta_row', 'segmen_row', 'kematian_row', 'kependudukan_row',
	    'keputusan_row'] LOOP
		IF to_regclass(t || '_b' || OLD.id) IS NOT NULL THEN
			EXECUTE format('DROP TABLE %I', t || '_b' || OLD.id);
		END IF;
	END LOOP;
	RETURN OLD;
END $$;
