-- 65_kelebihan_bayar.sql — rules.md §9 "Kelebihan bayar" (paid after
-- death), computed by rekonsiliasi for P: what the region can claim back
-- from BPJS for every reconciled month, on the basis of the SK lists.
--
-- Glossary
--   M            death records of batches with period <= P (rekon_m)
--   tgl mati     a NIK's date of death: the tgl_meninggal of its newest M
--                row (greatest batch period, then batch id, then line)
--   bulan SK     a month m <= P for which rekon holds an SK list: m was
--                reconciled (rekon_ringkasan) or closed (periode.closed_at)
--   SK list of m the signed one (sk_final) when m was closed, else the one
--                m's last reconciliation stored (sk_daftar)
--   bulan bayar  for a NIK, the months m with month(tgl mati) < m <= P whose
--                SK list holds the NIK as participant key: paid after death
--                (the month of death itself was rightly paid)
--   iuran(m)     iuran_per_jiwa of month m, from the configuration
--                (iuran_per_jiwa.YYYY-MM, else iuran_per_jiwa): the caller
--                (jobs/rules.c) passes one value per bulan SK
--   nama         the SK list's name in the last bulan bayar, else M's
--   baru         the NIK is on no kelebihan_bayar list stored for a period
--                before P (docs/decisions.md, issue 17)
--
-- The list is cumulative: every NIK with at least one bulan bayar, with
-- all of them. The function replaces P's rows, so a rerun is idempotent;
-- it reads P's SK list, so rekon_peserta(P) runs first (same transaction).

-- rekon_m_terbaru (the newest M row of each NIK) is in 00_sets.sql: §3's
-- MENINGGAL reads it too.

-- The months up to P for which rekon holds an SK list, ascending.
CREATE OR REPLACE FUNCTION rekon_sk_bulan(p text) RETURNS SETOF text
LANGUAGE sql STABLE AS $$
	SELECT r.period FROM rekon_ringkasan r WHERE r.period <= $1
	UNION
	SELECT pe.period FROM periode pe WHERE pe.closed_at IS NOT NULL AND pe.period <= $1
	ORDER BY 1
$$;

-- bulan and iuran: every month of rekon_sk_bulan(p) and its iuran_per_jiwa,
-- in the same order (a month missing is an error, not a month left out).
CREATE OR REPLACE FUNCTION rekon_kelebihan_bayar(p text, bulan text[], iuran bigint[])
RETURNS void
LANGUAGE plpgsql
-- Set against set (as rekon_peserta): the SK lists of every month against
-- the dead, hashed, whatever stale estimates say.
SET enable_nestloop = off
AS $fn$
DECLARE
	kurang text;
BEGIN
	IF p IS NULL OR p !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
		RAISE EXCEPTION 'rekon_kelebihan_bayar: bad period %', coalesce(p, 'NULL');
	END IF;
	IF bulan IS NULL OR iuran IS NULL
	   OR coalesce(array_length(bulan, 1), 0) <> coalesce(array_length(iuran, 1), 0)
	   OR array_position(iuran, NULL) IS NOT NULL
	   OR EXISTS (SELECT 1 FROM unnest(iuran) v WHERE v <= 0) THEN
		RAISE EXCEPTION 'rekon_kelebihan_bayar: bulan and iuran must pair every month with an iuran above 0';
	END IF;
	SELECT string_agg(m, ', ') INTO kurang
	FROM rekon_sk_bulan(p) m WHERE NOT (m = ANY (bulan));
	IF kurang IS NOT NULL THEN
		RAISE EXCEPTION 'rekon_kelebihan_bayar: no iuran_per_jiwa given for %', kurang;
	END IF;

	DELETE FROM kelebihan_bayar k WHERE k.period = p;

	INSERT INTO kelebihan_bayar (period, nik, nama, tgl_meninggal, bulan, iuran,
	                             jumlah_bulan, jumlah, baru, batch_id, line)
	WITH
	-- Only a death before P leaves a month to claim.
	mati AS MATERIALIZED (
		SELECT m.nik, m.nama, m.tgl_meninggal, m.batch_id, m.line,
		       to_char(m.tgl_meninggal, 'YYYY-MM') AS bulan_mati
		FROM rekon_m_terbaru(p) m
		WHERE m.tgl_meninggal < rekon_period_start(p)),
	-- Every bulan SK with its iuran; the closed ones read the signed list.
	b AS MATERIALIZED (
		SELECT x.m, x.v, EXISTS (SELECT 1 FROM periode pe WHERE pe.period = x.m
		                         AND pe.closed_at IS NOT NULL) AS tutup
		FROM unnest(bulan, iuran) AS x(m, v)
		WHERE x.m IN (SELECT rekon_sk_bulan(p))),
	sk AS (
		SELECT f.period, f.kunci, f.nama FROM sk_final f
		WHERE f.period IN (SELECT b.m FROM b WHERE b.tutup)
		UNION ALL
		SELECT d.period, d.kunci, d.nama FROM sk_daftar d
		WHERE d.period IN (SELECT b.m FROM b WHERE NOT b.tutup)),
	bayar AS (
		SELECT x.nik, s.period, s.nama, b.v
		FROM mati x
		JOIN sk s ON s.kunci = x.nik
		JOIN b ON b.m = s.period
		WHERE s.period > x.bulan_mati),
	per_nik AS (
		SELECT y.nik, array_agg(y.period ORDER BY y.period) AS bulan,
		       array_agg(y.v ORDER BY y.period) AS iuran, sum(y.v) AS jumlah,
		       (array_agg(nullif(y.nama, '') ORDER BY y.period DESC))[1] AS nama
		FROM bayar y GROUP BY y.nik)
	SELECT p, x.nik, coalesce(n.nama, nullif(x.nama, '')), x.tgl_meninggal,
	       n.bulan, n.iuran, cardinality(n.bulan), n.jumlah,
	       -- not claimed before (NOT IN an uncorrelated set: Citus refuses
	       -- a correlated subquery over a CTE; nik is NOT NULL)
	       x.nik NOT IN (SELECT q.nik FROM kelebihan_bayar q WHERE q.period < p),
	       x.batch_id, x.line
	FROM per_nik n JOIN mati x ON x.nik = n.nik;
	ANALYZE kelebihan_bayar;
END
$fn$;
