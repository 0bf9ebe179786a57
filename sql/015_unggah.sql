-- 015_unggah.sql — files uploaded through the web front (web.md): who
-- uploaded a batch, and the rejection of a kelurahan user's row for another
-- kelurahan (inputs.md: KELURAHAN_LAIN).
--
-- Glossary
--   pengunggah   the web front's user who uploaded the file (NULL: it came
--                by hand, by `rekon import` or from a [source.NAME])
ALTER TABLE batch ADD COLUMN pengunggah text;

ALTER TABLE rejected_row DROP CONSTRAINT rejected_row_reason_check;
ALTER TABLE rejected_row ADD CONSTRAINT rejected_row_reason_check
	CHECK (reason IN ('NIK_KOSONG', 'ID_KOSONG', 'ID_RUSAK_EXCEL',
	       'HASIL_TIDAK_DIKENAL', 'TGL_TIDAK_VALID', 'KELURAHAN_LAIN',
	       'JUMLAH_KOLOM', 'BYTE_NUL', 'FIELD_TERLALU_PANJANG', 'CSV_RUSAK'));
