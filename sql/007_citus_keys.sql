-- 007_citus_keys.sql — keys a Citus cluster can keep (operations.md "Scale").
--
-- A province runs this schema on Citus: the person tables are distributed
-- by the participant key and co-located, and Citus enforces a primary or
-- unique key (and a foreign key between two distributed tables) only when
-- it holds the distribution column. So every such key below holds it:
--
--   table          distribution column
--   peserta_row    kunci (new: the NIK when not empty, else 'NOKA:' || noka,
--                  as rekon_kunci() computes it; the importer writes it)
--   dtks_row, usulan_row, feedback_row, segmen_row, kematian_row
--                  nik (never empty in an accepted row: the importer rejects
--                  a row without one as NIK_KOSONG / ID_RUSAK_EXCEL)
--   usulan_hasil, gagal_hasil          nik
--   peserta_hasil, hilang, sk_daftar, sk_final, mutasi   kunci
--   vclaim_answer  nik (006)
--
-- batch_id stays the leading column of the row tables' keys: every query
-- reads one batch. Tables that are not about one person (batch,
-- rejected_row, job_run, fetch_file, periode, feedback_pola, the per-period
-- summaries) are reference or coordinator-local tables: docs/scale.md.

-- peserta_row.kunci, filled for the rows already imported. (The rules are
-- applied after the migrations, so rekon_kunci() is written out here.)
ALTER TABLE peserta_row ADD COLUMN kunci text;
UPDATE peserta_row SET kunci = CASE WHEN coalesce(nik, '') <> '' THEN nik
                                    ELSE 'NOKA:' || noka END;
ALTER TABLE peserta_row ALTER COLUMN kunci SET NOT NULL;

-- The result tables' foreign keys point at the row tables' keys: dropped
-- first, made again over the new keys below.
ALTER TABLE usulan_hasil DROP CONSTRAINT usulan_hasil_batch_id_line_fkey;
ALTER TABLE gagal_hasil DROP CONSTRAINT gagal_hasil_batch_id_line_fkey;
ALTER TABLE peserta_hasil DROP CONSTRAINT peserta_hasil_batch_id_line_fkey;

ALTER TABLE dtks_row DROP CONSTRAINT dtks_row_pkey,
	ADD PRIMARY KEY (batch_id, line, nik);
ALTER TABLE usulan_row DROP CONSTRAINT usulan_row_pkey,
	ADD PRIMARY KEY (batch_id, line, nik);
ALTER TABLE feedback_row DROP CONSTRAINT feedback_row_pkey,
	ADD PRIMARY KEY (batch_id, line, nik);
ALTER TABLE peserta_row DROP CONSTRAINT peserta_row_pkey,
	ADD PRIMARY KEY (batch_id, line, kunci);
ALTER TABLE segmen_row DROP CONSTRAINT segmen_row_pkey,
	ADD PRIMARY KEY (batch_id, line, nik);
ALTER TABLE kematian_row DROP CONSTRAINT kematian_row_pkey,
	ADD PRIMARY KEY (batch_id, line, nik);

-- usulan_hasil.nik is the proposal row's NIK (rekon_usulan copies it).
ALTER TABLE usulan_hasil ALTER COLUMN nik SET NOT NULL,
	DROP CONSTRAINT usulan_hasil_pkey,
	ADD PRIMARY KEY (period, batch_id, line, nik),
	ADD FOREIGN KEY (batch_id, line, nik)
	    REFERENCES usulan_row (batch_id, line, nik) ON DELETE CASCADE;
ALTER TABLE gagal_hasil
	ADD FOREIGN KEY (batch_id, line, nik)
	    REFERENCES feedback_row (batch_id, line, nik) ON DELETE CASCADE;
-- peserta_hasil.kunci is rekon_kunci() of the row, the row's kunci.
ALTER TABLE peserta_hasil DROP CONSTRAINT peserta_hasil_pkey,
	ADD PRIMARY KEY (period, batch_id, line, kunci),
	ADD FOREIGN KEY (batch_id, line, kunci)
	    REFERENCES peserta_row (batch_id, line, kunci) ON DELETE CASCADE;
