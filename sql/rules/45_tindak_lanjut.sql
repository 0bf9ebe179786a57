-- 45_tindak_lanjut.sql — rules.md §8 "Follow-up (tindak lanjut)", computed
-- by rekonsiliasi for P.
--
-- Glossary
--   R, p', pending
--                rules.md's set R (rekon_r, 10_usulan.sql): p' the latest
--                period before P that forwarded the NIK; pending: no
--                feedback row imported after the sending answers it
--   Bp           P's list, PBPU_PEMDA rows
--   TERLAMBAT_BPJS      a NIK of R still pending whose p' was recorded as
--                sent (usulan --final; a sent period's outcomes are frozen)
--                and is <= P-2, with no AKTIF row in Bp: BPJS has not
--                answered for more than a month
--   BELUM_MASUK_DAFTAR  the NIK's newest feedback row with period <= P-1 is
--                BERHASIL, and no peserta list of a period from that row's
--                period to P has an AKTIF PBPU_PEMDA row for it: registered,
--                never billed as PBPU Pemda
--   lokasi       as §2 places a row (rekon_lokasi, 20_feedback.sql)
--
-- The function replaces the period's rows, so rerunning it is idempotent.

CREATE OR REPLACE FUNCTION rekon_tindak_lanjut(p text) RETURNS void
LANGUAGE plpgsql
SET enable_nestloop = off
AS $$
DECLARE
	v_b     bigint := rekon_b_batch(p);
BEGIN
	IF p IS NULL OR p !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
		RAISE EXCEPTION 'rekon_tindak_lanjut: bad period %', p;
	END IF;
	DELETE FROM tindak_lanjut t WHERE t.period = p;

	CREATE TEMP TABLE rekon_tl (nik text, kode text, diteruskan text,
	                            batch_id bigint, line integer, keterangan text)
	ON COMMIT DROP;

	-- TERLAMBAT_BPJS: a NIK of R still pending, forwarded in a period
	-- recorded as sent, <= P-2, with no AKTIF row in Bp.
	INSERT INTO rekon_tl
	SELECT r.nik, 'TERLAMBAT_BPJS', r.p1, h.batch_id, h.line,
	       'dikirim ke BPJS ' || to_char(f.dikirim_at, 'DD-MM-YYYY') ||
	       ', belum ada jawaban BPJS dan belum ada di daftar peserta'
	FROM rekon_r(p) r
	JOIN usulan_final f ON f.period = r.p1
	-- the forwarded row, for input order: the first per period and NIK
	-- (DISTINCT ON, joined; not a LATERAL ... LIMIT 1 nor a correlated
	-- NOT EXISTS from rekon_r's rows, which Citus refuses; docs/scale.md)
	JOIN (SELECT DISTINCT ON (h.period, h.nik) h.period, h.nik, h.batch_id, h.line
	      FROM usulan_hasil h
	      WHERE h.hasil = 'DITERUSKAN' AND h.period <= rekon_period_add(p, -2)
	      ORDER BY h.period, h.nik, h.urutan) h ON h.period = r.p1 AND h.nik = r.nik
	WHERE r.pending AND r.p1 <= rekon_period_add(p, -2)
	  AND r.nik NOT IN (SELECT b.nik FROM peserta_row b
	                    WHERE b.batch_id = v_b AND b.nik IS NOT NULL
	                      AND b.segmen = 'PBPU_PEMDA' AND b.status = 'AKTIF');

	-- BELUM_MASUK_DAFTAR: BERHASIL in the newest feedback before P, on no
	-- list since as AKTIF PBPU_PEMDA.
	INSERT INTO rekon_tl
	WITH newest AS (
		SELECT DISTINCT ON (fr.nik) fr.nik, fr.hasil, fr.noka, fr.tmt,
		       b.period AS q, fr.batch_id, fr.line
		FROM rekon_jawaban() fr JOIN batch b ON b.id = fr.batch_id	-- 05_retensi.sql
		WHERE b.kind = 'feedback' AND b.outcome = 'OK'
		  AND b.period <= rekon_period_add(p, -1)
		ORDER BY fr.nik, b.period DESC, b.id DESC, fr.line DESC
	),
	fwd AS (
		SELECT DISTINCT ON (h.nik) h.nik, h.period AS p1
		FROM usulan_hasil h
		WHERE h.period < p AND h.hasil = 'DITERUSKAN'
		  AND h.nik IN (SELECT x.nik FROM newest x WHERE x.hasil = 'BERHASIL')
		ORDER BY h.nik, h.period DESC
	),
	-- Those NIKs' AKTIF PBPU_PEMDA rows up to P, and what retention left of
	-- dropped lists (05_retensi.sql), with their periods: sets the test
	-- below reads, not correlated subqueries into the row tables, which
	-- Citus refuses beside a set function (docs/scale.md).
	terdaftar AS MATERIALIZED (
		SELECT r.nik, b.period
		FROM peserta_row r JOIN batch b ON b.id = r.batch_id
		WHERE b.kind = 'peserta' AND b.outcome = 'OK' AND b.period <= p
		  AND r.segmen = 'PBPU_PEMDA' AND r.status = 'AKTIF'
		  AND r.nik IN (SELECT x.nik FROM newest x WHERE x.hasil = 'BERHASIL')
		UNION ALL
		SELECT s.nik, b.period
		FROM peserta_sisa s JOIN batch b ON b.id = s.batch_id
		WHERE b.period <= p
		  AND s.nik IN (SELECT x.nik FROM newest x WHERE x.hasil = 'BERHASIL')
	)
	SELECT x.nik, 'BELUM_MASUK_DAFTAR', w.p1, x.batch_id, x.line,
	       'berhasil didaftarkan (feedback ' || x.q ||
	       coalesce(', NOKA ' || nullif(x.noka, ''), '') ||
	       coalesce(', TMT ' || to_char(x.tmt, 'DD-MM-YYYY'), '') ||
	       '), belum ada di daftar peserta PBPU Pemda'
	FROM newest x LEFT JOIN fwd w ON w.nik = x.nik
	WHERE x.hasil = 'BERHASIL'
	  AND NOT EXISTS (SELECT 1 FROM terdaftar t
	                  WHERE t.nik = x.nik AND t.period >= x.q);

	INSERT INTO tindak_lanjut (period, nik, kode, diteruskan, batch_id, line,
	                           nama, kecamatan, kelurahan, keterangan)
	SELECT p, t.nik, t.kode, t.diteruskan, t.batch_id, t.line, l.nama,
	       l.kecamatan, l.kelurahan, t.keterangan
	FROM rekon_tl t
	JOIN rekon_lokasi(p, ARRAY(SELECT DISTINCT r.nik FROM rekon_tl r)) l ON l.nik = t.nik;

	DROP TABLE rekon_tl;
END
$$;
