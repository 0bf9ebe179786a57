-- 66_usul_nonaktif.sql — rules.md §9 "Usul nonaktif", computed by
-- rekonsiliasi for P: the participants the region asks BPJS to take off
-- its list.
--
-- Glossary
--   Bp           P's list, PBPU_PEMDA rows, as rekon_peserta judged them
--                (peserta_hasil: flags of §3, dikecualikan of §4)
--   usul         [rules] usul_nonaktif: the codes that put an AKTIF row on
--                the list, in priority order (the first one a row carries
--                is its alasan); allowed MENINGGAL, SEGMEN_LAIN, GANDA_NIK,
--                GANDA_ORANG, BUKAN_PENDUDUK
--   carries      MENINGGAL, SEGMEN_LAIN, GANDA_ORANG, BUKAN_PENDUDUK: the
--                row has that flag; GANDA_NIK: §4 excluded the row as
--                GANDA_NIK (its key's other row stays in the SK), not
--                merely flagged GANDA_NIK
--   tgl_meninggal  the newest M row's date of death of the row's NIK
--                (rekon_m_terbaru, 65_kelebihan_bayar.sql), when it has one
--
-- One line per row, in input order (batch, line). The function replaces
-- P's rows; rekon_peserta(P) runs first (same transaction).

CREATE OR REPLACE FUNCTION rekon_usul_nonaktif(p text, usul text[])
RETURNS void
LANGUAGE plpgsql
SET enable_nestloop = off
AS $fn$
DECLARE
	v_b    bigint := rekon_b_batch(p);
	salah  text[];
	-- Where each code stands in usul (NULL: not there).
	i_meninggal    integer := array_position(usul, 'MENINGGAL');
	i_segmen       integer := array_position(usul, 'SEGMEN_LAIN');
	i_ganda_nik    integer := array_position(usul, 'GANDA_NIK');
	i_ganda_orang  integer := array_position(usul, 'GANDA_ORANG');
	i_penduduk     integer := array_position(usul, 'BUKAN_PENDUDUK');
BEGIN
	IF p IS NULL OR p !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
		RAISE EXCEPTION 'rekon_usul_nonaktif: bad period %', coalesce(p, 'NULL');
	END IF;
	IF usul IS NULL THEN
		RAISE EXCEPTION 'rekon_usul_nonaktif: usul_nonaktif is NULL (use an empty array for none)';
	END IF;
	SELECT array_agg(coalesce(c, 'NULL')) INTO salah FROM unnest(usul) c
	WHERE c IS NULL OR c NOT IN ('MENINGGAL', 'SEGMEN_LAIN', 'GANDA_NIK',
	    'GANDA_ORANG', 'BUKAN_PENDUDUK');
	IF salah IS NOT NULL THEN
		RAISE EXCEPTION 'rekon_usul_nonaktif: usul_nonaktif: % not allowed (allowed: MENINGGAL, SEGMEN_LAIN, GANDA_NIK, GANDA_ORANG, BUKAN_PENDUDUK)',
		    array_to_string(salah, ', ');
	END IF;

	DELETE FROM usul_nonaktif u WHERE u.period = p;

	INSERT INTO usul_nonaktif (period, batch_id, line, kunci, noka, nik, nama,
	                           kecamatan, kelurahan, alasan, tgl_meninggal)
	SELECT p, u.batch_id, u.line, u.kunci, r.noka, r.nik, r.nama,
	       u.kecamatan, u.kelurahan, u.alasan, m.tgl_meninggal
	FROM (SELECT h.batch_id, h.line, h.kunci, h.kecamatan, h.kelurahan,
	             usul[least(
	                 CASE WHEN 'MENINGGAL' = ANY (h.flags) THEN i_meninggal END,
	                 CASE WHEN 'SEGMEN_LAIN' = ANY (h.flags) THEN i_segmen END,
	                 CASE WHEN h.dikecualikan = 'GANDA_NIK' THEN i_ganda_nik END,
	                 CASE WHEN 'GANDA_ORANG' = ANY (h.flags) THEN i_ganda_orang END,
	                 CASE WHEN 'BUKAN_PENDUDUK' = ANY (h.flags) THEN i_penduduk END)]
	                 AS alasan
	      FROM peserta_hasil h
	      WHERE h.period = p AND h.aktif) u
	JOIN peserta_row r ON r.batch_id = v_b AND r.batch_id = u.batch_id
	                  AND r.line = u.line AND r.kunci = u.kunci
	-- kunci is the NIK whenever there is one (and 'NOKA:...' is no NIK)
	LEFT JOIN rekon_m_terbaru(p) m ON m.nik = u.kunci
	WHERE u.alasan IS NOT NULL;
	ANALYZE usul_nonaktif;
END
$fn$;
