-- 70_laporan.sql — helpers of the reports (reports/), not rules.
--
-- Glossary
--   nama aman  a kecamatan's or kelurahan's name as a folder or file name
--              (outputs.md §4: kembali/<KECAMATAN>/<KELURAHAN>-P.xlsx)

-- The SQL twin of report_safe_name() (reports/report_common.c): ASCII
-- letters upper-cased; A-Z, 0-9, space and '-' kept; any other character
-- (a multibyte one too) becomes '_'; at most 100 characters; '_' for an
-- empty name (or NULL).  kembali/'s writer reads its lists in this order (COLLATE
-- "C", as strcmp compares), so each kelurahan's rows meet in one pass;
-- tests/unit/test_reports.c checks the two agree.
CREATE OR REPLACE FUNCTION rekon_nama_aman(nama text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN coalesce($1, '') = '' THEN '_' ELSE
	       left(regexp_replace(translate($1, 'abcdefghijklmnopqrstuvwxyz',
	                                         'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
	                           '[^ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -]', '_', 'g'),
	            100) END
$$;
