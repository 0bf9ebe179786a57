-- 40_ringkasan.sql — rules.md §5: the quota and money figures of a period P,
-- in total (rekon_ringkasan) and per kecamatan (rekon_kecamatan).
--
-- Glossary
--   aktif            distinct participant keys of AKTIF rows in Bp
--   ditetapkan       rows in the SK list of P (sk_daftar)
--   terpakai_persen  ditetapkan / kuota × 100, one decimal
--   sisa             kuota − ditetapkan (negative: over quota)
--   iuran            ditetapkan × iuran_per_jiwa: what the region pays
--   tagihan_bpjs     aktif × iuran_per_jiwa: what BPJS bills
--   selisih_tagihan  tagihan_bpjs − iuran: what the region should not pay
--   iuran_kumulatif  the iuran of every reconciled month of P's year up to P
--   serapan_persen   iuran_kumulatif / anggaran × 100, one decimal
--   wakil            the row a key counts under (30_peserta.sql): its SK row,
--                    else its first AKTIF row by NOKA (empty last), then line
--
-- Percentages are numeric throughout: round(numeric, 1) rounds half away
-- from zero (12.25 → 12.3), which a float would not promise. The division is
-- done after multiplying by 100, so no intermediate quotient is cut.
-- Without kuota, kuota, terpakai_persen and sisa are NULL; without
-- anggaran, serapan_persen is NULL. A kuota or anggaran of 0 has no
-- percentage (NULL) rather than a division by zero.
--
-- rekon_peserta(P, ...) must have run first (same transaction in
-- jobs/rules.c): the figures are read from peserta_hasil and sk_daftar.

CREATE OR REPLACE FUNCTION rekon_ringkasan(p text, kuota bigint, iuran_per_jiwa bigint, anggaran bigint)
RETURNS void
LANGUAGE plpgsql
-- As rekon_peserta: peserta_hasil was just rebuilt and its estimates are
-- stale; hash joins stay linear whatever they say.
SET enable_nestloop = off
AS $fn$
DECLARE
	-- Copies with names no column has: a parameter named like a column
	-- (kuota, anggaran, ...) would make every query that names it ambiguous.
	v_kuota      bigint := $2;
	v_per_jiwa   bigint := $3;
	v_anggaran   bigint := $4;
	n_bp         bigint;
	n_hasil      bigint;
	v_aktif      bigint;
	v_ditetapkan bigint;
	v_iuran      bigint;
	v_kumulatif  bigint;
	v_terpakai   numeric;
	v_serapan    numeric;
	v_b          bigint := rekon_b_batch(p);	-- Bp's batch
BEGIN
	IF p IS NULL OR p !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
		RAISE EXCEPTION 'rekon_ringkasan: bad period %', coalesce(p, 'NULL');
	END IF;
	IF v_per_jiwa IS NULL THEN
		RAISE EXCEPTION 'rekon_ringkasan: iuran_per_jiwa is NULL';
	END IF;
	-- peserta_hasil must be P's Bp as it is now: one row per row of Bp.
	SELECT count(*) INTO n_bp FROM rekon_bp(p);
	SELECT count(*) INTO n_hasil FROM peserta_hasil h WHERE h.period = p;
	IF n_bp <> n_hasil THEN
		RAISE EXCEPTION 'rekon_ringkasan: % has % rows in Bp but % in peserta_hasil: run rekon_peserta first',
		    p, n_bp, n_hasil;
	END IF;

	SELECT count(*) INTO v_aktif
	FROM (SELECT DISTINCT h.kunci FROM peserta_hasil h WHERE h.period = p AND h.aktif) x;
	SELECT count(*) INTO v_ditetapkan FROM sk_daftar s WHERE s.period = p;
	v_iuran := v_ditetapkan * v_per_jiwa;

	DELETE FROM rekon_kecamatan WHERE period = p;
	DELETE FROM rekon_ringkasan WHERE period = p;

	-- The year's iuran so far: this month's, and the stored iuran of every
	-- other reconciled month of the same year before P (months after P are
	-- not "so far", even when reconciled already).
	SELECT v_iuran + coalesce(sum(r.iuran), 0) INTO v_kumulatif
	FROM rekon_ringkasan r
	WHERE left(r.period, 4) = left(p, 4) AND r.period COLLATE "C" < p;

	v_terpakai := round((v_ditetapkan * 100)::numeric / nullif(v_kuota, 0), 1);
	v_serapan := round((v_kumulatif * 100)::numeric / nullif(v_anggaran, 0), 1);
	-- The columns are numeric(14, 1) (003_persen.sql): past that a setting
	-- is surely wrong, so say which rather than "numeric field overflow".
	IF abs(v_terpakai) >= 1e13 THEN
		RAISE EXCEPTION 'rekon_ringkasan: % ditetapkan of kuota % is % %%: check the kuota setting for %',
		    v_ditetapkan, v_kuota, v_terpakai, p;
	END IF;
	IF abs(v_serapan) >= 1e13 THEN
		RAISE EXCEPTION 'rekon_ringkasan: iuran % of anggaran % is % %%: check the anggaran setting for %',
		    v_kumulatif, v_anggaran, v_serapan, left(p, 4);
	END IF;

	INSERT INTO rekon_ringkasan (period, kuota, aktif, ditetapkan, terpakai_persen, sisa,
	                             iuran_per_jiwa, iuran, tagihan_bpjs, selisih_tagihan,
	                             iuran_kumulatif, anggaran, serapan_persen)
	VALUES (p, v_kuota, v_aktif, v_ditetapkan, v_terpakai, v_kuota - v_ditetapkan,
	        v_per_jiwa, v_iuran, v_aktif * v_per_jiwa, (v_aktif - v_ditetapkan) * v_per_jiwa,
	        v_kumulatif, v_anggaran, v_serapan);

	-- Per kecamatan: every key with an AKTIF row counts once, under its
	-- wakil's kecamatan; it is ditetapkan when its wakil is its SK row.
	-- The wakil of a key with an AKTIF row is one of its AKTIF rows (an SK
	-- row is AKTIF), so only those are read; and a key with one AKTIF row
	-- needs no ordering: only keys with several are sorted as
	-- rekon_peserta_wakil sorts them (NOKA from peserta_row).
	INSERT INTO rekon_kecamatan (period, kecamatan, aktif, ditetapkan, iuran,
	                             tagihan_bpjs, selisih_tagihan)
	WITH
	-- ganjil: a key whose SK row is not AKTIF (rekon_peserta makes none):
	-- its wakil would be that row, so it does not count. OFFSET 0 keeps the
	-- test a sub-plan run for such rows only, not a join of the whole list.
	h AS MATERIALIZED (
		SELECT h.kunci, h.batch_id, h.line, h.aktif, h.ditetapkan, h.kecamatan
		FROM peserta_hasil h WHERE h.period = p AND (h.aktif OR h.ditetapkan)),
	ganjil AS MATERIALIZED (
		SELECT o.kunci FROM h o
		WHERE o.ditetapkan AND NOT o.aktif
		  AND NOT EXISTS (SELECT 1 FROM h t WHERE t.kunci = o.kunci
		                  AND t.ditetapkan AND t.aktif OFFSET 0)),
	a AS MATERIALIZED (
		SELECT h.kunci, h.batch_id, h.line, h.ditetapkan, h.kecamatan
		FROM h WHERE h.aktif AND h.kunci NOT IN (SELECT g.kunci FROM ganjil g)),
	banyak AS MATERIALIZED (
		SELECT a.kunci FROM a GROUP BY a.kunci HAVING count(*) > 1),
	-- The NOKA of those keys' rows: an inner join by the rows' key, not a
	-- correlated subquery per row, which Citus refuses over a CTE
	-- (docs/scale.md). One server: a lookup per row by the primary key.
	nk AS MATERIALIZED (
		SELECT r.batch_id, r.line, r.kunci, r.noka
		FROM (SELECT a.batch_id, a.line, a.kunci FROM a JOIN banyak b ON b.kunci = a.kunci) x
		JOIN peserta_row r ON r.batch_id = x.batch_id AND r.line = x.line
		                  AND r.kunci = x.kunci
		-- B's partition only (every row of a is Bp's): without it the
		-- hash join reads every list ever imported (docs/speed.md).
		WHERE r.batch_id = v_b),
	w1 AS (
		SELECT a.kecamatan, a.ditetapkan FROM a
		WHERE NOT EXISTS (SELECT 1 FROM banyak b WHERE b.kunci = a.kunci)
		UNION ALL
		(SELECT DISTINCT ON (y.kunci) y.kecamatan, y.ditetapkan
		 FROM (SELECT a.*, nk.noka
		       FROM a JOIN banyak b ON b.kunci = a.kunci
		       LEFT JOIN nk ON nk.batch_id = a.batch_id AND nk.line = a.line
		                   AND nk.kunci = a.kunci) y
		 ORDER BY y.kunci, y.ditetapkan DESC,
		          coalesce(y.noka, '') = '', y.noka COLLATE "C", y.line))
	SELECT p, x.kecamatan, x.aktif, x.ditetapkan, x.ditetapkan * v_per_jiwa,
	       x.aktif * v_per_jiwa, (x.aktif - x.ditetapkan) * v_per_jiwa
	FROM (SELECT w1.kecamatan, count(*) AS aktif,
	             count(*) FILTER (WHERE w1.ditetapkan) AS ditetapkan
	      FROM w1
	      GROUP BY w1.kecamatan) x;
	-- Not on Citus: rekon_kecamatan is a reference table there, read above
	-- from the coordinator's own copy, and Citus refuses a parallel command
	-- on it later in the same transaction ("a local execution has accessed
	-- a placement"); tens of rows, the shards' autovacuum keeps it.
	IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
		ANALYZE rekon_kecamatan;
	END IF;
END
$fn$;
