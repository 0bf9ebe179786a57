-- 00_sets.sql — the sets of rules.md "The sets", as functions of the period.
--
-- Every file in sql/rules/ is applied (CREATE OR REPLACE) by `rekon db
-- migrate` after the numbered migrations, in file-name order, so the
-- database always holds the rules of the binary that migrated it.
--
-- "Newest" (inputs.md): over successful batches, the greatest period, then
-- the greatest batch id; between rows of one batch, the greater line.

-- The participant key of a row.
CREATE OR REPLACE FUNCTION rekon_kunci(nik text, noka text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN coalesce($1, '') <> '' THEN $1
	            WHEN coalesce($2, '') <> '' THEN 'NOKA:' || $2 END
$$;

-- Statistics for every batch's partition that has rows and none yet
-- (sql/008_batch_partitions.sql). The import does not gather them: the
-- first job that reads the rows does, through this function, unless
-- autovacuum (which analyses a new partition within a minute or so) did
-- first. docs/decisions.md "Statistics of a new batch". Returns how many
-- partitions it analysed.
CREATE OR REPLACE FUNCTION rekon_statistik() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	part regclass;
	n    integer := 0;
BEGIN
	FOR part IN
		SELECT c.oid::regclass FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		WHERE c.relkind = 'r' AND c.reltuples > 0
		  AND i.inhparent IN ('dtks_row'::regclass, 'usulan_row'::regclass,
		      'feedback_row'::regclass, 'peserta_row'::regclass,
		      'segmen_row'::regclass, 'kematian_row'::regclass,
		      'kependudukan_row'::regclass)
		  AND NOT EXISTS (SELECT 1 FROM pg_stats s
		                  WHERE s.schemaname = c.relnamespace::regnamespace::name
		                    AND s.tablename = c.relname)
		ORDER BY c.oid
	LOOP
		EXECUTE format('ANALYZE %s', part);
		n := n + 1;
	END LOOP;
	RETURN n;
END $$;

-- YYYY-MM arithmetic.
CREATE OR REPLACE FUNCTION rekon_period_add(p text, months integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT to_char(to_date($1 || '-01', 'YYYY-MM-DD') + make_interval(months => $2), 'YYYY-MM')
$$;

CREATE OR REPLACE FUNCTION rekon_period_start(p text) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
	SELECT to_date($1 || '-01', 'YYYY-MM-DD')
$$;

-- The batch of a snapshot kind in force at P (a DTKS, a population
-- extract: inputs.md "Which batches count"): the newest of kind k with
-- period <= P, or NULL.
CREATE OR REPLACE FUNCTION rekon_batch_berlaku(k text, p text) RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT id FROM batch WHERE kind = $1 AND outcome = 'OK' AND period <= $2
	ORDER BY period DESC, id DESC LIMIT 1
$$;

-- The dtks batch in force at P.
CREATE OR REPLACE FUNCTION rekon_d_batch(p text) RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT rekon_batch_berlaku('dtks', $1)
$$;

-- D: DTKS rows in force at P (the newest dtks batch with period <= P), one
-- per NIK: the first row of the batch when a NIK repeats.
CREATE OR REPLACE FUNCTION rekon_d(p text) RETURNS SETOF dtks_row
LANGUAGE sql STABLE AS $$
	SELECT DISTINCT ON (d.nik) d.*
	FROM dtks_row d
	WHERE d.batch_id = (SELECT id FROM batch WHERE kind = 'dtks' AND outcome = 'OK'
	                    AND period <= $1 ORDER BY period DESC, id DESC LIMIT 1)
	ORDER BY d.nik, d.line
$$;

-- D's rows of the NIKs asked: rekon_d(p) WHERE nik = ANY (niks), as a set
-- of its own so that both servers look them up by D's index, run once with
-- niks bound: on one server an index scan per NIK inside the DISTINCT ON;
-- on Citus the array goes to the shards with the query. rekon_d(p)
-- filtered by = ANY of a sub-select instead pulls the whole DTKS to the
-- coordinator there and compares every row with every NIK asked (292 s of
-- usulan at a province, docs/scale.md). PL/pgSQL, so that its plan is
-- made once per connection: the cek calls it for every person asked (as
-- LANGUAGE sql it was planned at every call, 0.3 ms a cek; docs/speed.md).
CREATE OR REPLACE FUNCTION rekon_d_nik(p text, niks text[]) RETURNS SETOF dtks_row
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN QUERY
	SELECT DISTINCT ON (d.nik) d.*
	FROM dtks_row d
	WHERE d.batch_id = (SELECT b.id FROM batch b WHERE b.kind = 'dtks' AND b.outcome = 'OK'
	                    AND b.period <= p ORDER BY b.period DESC, b.id DESC LIMIT 1)
	  AND d.nik = ANY (niks)
	ORDER BY d.nik, d.line;
END
$$;

-- The population extract in force at P: the newest kependudukan batch with
-- period <= P, or NULL (then no code or flag that needs N is given).
CREATE OR REPLACE FUNCTION rekon_n_batch(p text) RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT rekon_batch_berlaku('kependudukan', $1)
$$;

-- N: the extract's rows, one per NIK: the first row of the batch when a NIK
-- repeats.
CREATE OR REPLACE FUNCTION rekon_n(p text) RETURNS SETOF kependudukan_row
LANGUAGE sql STABLE AS $$
	SELECT DISTINCT ON (n.nik) n.*
	FROM kependudukan_row n
	WHERE n.batch_id = (SELECT rekon_n_batch($1))
	ORDER BY n.nik, n.line
$$;

-- A NIK's validity, as inputs.md and the importer (jobs/clean.c) define it:
-- 16 digits; a province code from the list; regency and district not 00;
-- DDMMYY (women: day + 40) a real date in 19YY or 20YY; serial not 0000.
CREATE OR REPLACE FUNCTION rekon_nik_valid(nik text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	prov integer;
	dd   integer;
	mm   integer;
	yy   integer;
	dim  integer;
BEGIN
	IF nik IS NULL OR nik !~ '^[0-9]{16}$' THEN
		RETURN false;
	END IF;
	prov := substr(nik, 1, 2)::integer;
	IF NOT (prov BETWEEN 11 AND 19 OR prov = 21 OR prov BETWEEN 31 AND 36
	        OR prov BETWEEN 51 AND 53 OR prov BETWEEN 61 AND 65
	        OR prov BETWEEN 71 AND 76 OR prov IN (81, 82) OR prov BETWEEN 91 AND 97) THEN
		RETURN false;
	END IF;
	IF substr(nik, 3, 2) = '00' OR substr(nik, 5, 2) = '00' THEN
		RETURN false;
	END IF;
	dd := substr(nik, 7, 2)::integer;
	mm := substr(nik, 9, 2)::integer;
	yy := substr(nik, 11, 2)::integer;
	IF dd > 40 THEN
		dd := dd - 40;		-- women
	END IF;
	IF mm NOT BETWEEN 1 AND 12 OR dd < 1 THEN
		RETURN false;
	END IF;
	-- 29 February exists in 19YY or 20YY exactly when YY is a multiple of 4
	-- (2000 was a leap year).
	dim := CASE WHEN mm = 2 THEN CASE WHEN yy % 4 = 0 THEN 29 ELSE 28 END
	            WHEN mm IN (4, 6, 9, 11) THEN 30 ELSE 31 END;
	IF dd > dim THEN
		RETURN false;
	END IF;
	RETURN substr(nik, 13, 4) <> '0000';
END
$$;

-- The birth date a valid NIK encodes (DDMMYY, women's day less 40), its
-- two-digit year read as inputs.md reads two-digit years against period p
-- (up to p's two-digit year 20YY, above it 19YY). NULL for an invalid NIK.
CREATE OR REPLACE FUNCTION rekon_nik_lahir(nik text, p text) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN rekon_nik_valid($1) THEN make_date(
	       CASE WHEN substr($1, 11, 2)::integer <= substr($2, 3, 2)::integer
	            THEN 2000 ELSE 1900 END + substr($1, 11, 2)::integer,
	       substr($1, 9, 2)::integer,
	       substr($1, 7, 2)::integer - CASE WHEN substr($1, 7, 2)::integer > 40
	                                        THEN 40 ELSE 0 END) END
$$;

-- What differs between a row and its reference row (D for DATA_BERBEDA, N
-- for DATA_BEDA_DUKCAPIL; rules.md §3), in Indonesian, joined by '; ' and
-- naming the source ("tgl lahir DTKS 01-02-1980"), or NULL when nothing
-- does: both birth dates present and different, both JK present and
-- different, both name keys present and their trigram similarity below
-- ambang. Equal names are not compared: pg_trgm gives a name with a letter
-- or digit (so with a trigram) exactly 1 against itself. The similarity is
-- compared as a real against ambang cast to real (docs/decisions.md).
CREATE OR REPLACE FUNCTION rekon_beda(tgl date, jk text, kunci text,
    ref_tgl date, ref_jk text, ref_kunci text, ref_nama text,
    ambang numeric, sumber text) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT nullif(concat_ws('; ',
	    CASE WHEN $1 <> $4 THEN 'tgl lahir ' || $9 || ' ' || to_char($4, 'DD-MM-YYYY') END,
	    CASE WHEN $2 <> $5 THEN 'JK ' || $9 || ' ' || $5 END,
	    CASE WHEN CASE WHEN $3 = $6 AND $3 ~ '[A-Za-z0-9]' THEN 1::real
	                   ELSE similarity($3, $6) END < $8::real
	         THEN 'nama ' || $9 || ' ' || coalesce($7, $6) || ' (kemiripan '
	              || replace(to_char(trunc(similarity($3, $6)::numeric, 2), 'FM0.00'), '.', ',')
	              || ')' END), '')
$$;

-- "Born before N" (rules.md The sets): the NIK's birth date is before the
-- first day of the extract's period np. People born later cannot be in it.
CREATE OR REPLACE FUNCTION rekon_lahir_sebelum_n(nik text, np text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(rekon_nik_lahir($1, $2) < rekon_period_start($2), false)
$$;

-- U: the proposals of P. Order them with rekon_u_order below.
CREATE OR REPLACE FUNCTION rekon_u(p text) RETURNS SETOF usulan_row
LANGUAGE sql STABLE AS $$
	SELECT u.* FROM usulan_row u JOIN batch b ON b.id = u.batch_id
	WHERE b.kind = 'usulan' AND b.outcome = 'OK' AND b.period = $1
$$;

-- F: the feedback rows of P, one per NIK: the newest.
CREATE OR REPLACE FUNCTION rekon_f(p text) RETURNS SETOF feedback_row
LANGUAGE sql STABLE AS $$
	SELECT DISTINCT ON (f.nik) f.*
	FROM feedback_row f JOIN batch b ON b.id = f.batch_id
	WHERE b.kind = 'feedback' AND b.outcome = 'OK' AND b.period = $1
	ORDER BY f.nik, b.id DESC, f.line DESC
$$;

-- The peserta batch that is B for P (the newest of period P), or NULL.
CREATE OR REPLACE FUNCTION rekon_b_batch(p text) RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT id FROM batch WHERE kind = 'peserta' AND outcome = 'OK' AND period = $1
	ORDER BY id DESC LIMIT 1
$$;

-- Bprev: the newest peserta batch with period < P, or NULL.
CREATE OR REPLACE FUNCTION rekon_bprev_batch(p text) RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT id FROM batch WHERE kind = 'peserta' AND outcome = 'OK' AND period < $1
	ORDER BY period DESC, id DESC LIMIT 1
$$;

-- B: every row of P's participant list. The batch is a sub-select, so it is
-- looked up once however the rows are read (a function call in a filter is
-- called again for every row a sequential scan reads).
CREATE OR REPLACE FUNCTION rekon_b(p text) RETURNS SETOF peserta_row
LANGUAGE sql STABLE AS $$
	SELECT * FROM peserta_row WHERE batch_id = (SELECT rekon_b_batch($1))
$$;

-- Bp: B's PBPU_PEMDA rows.
CREATE OR REPLACE FUNCTION rekon_bp(p text) RETURNS SETOF peserta_row
LANGUAGE sql STABLE AS $$
	SELECT * FROM peserta_row WHERE batch_id = (SELECT rekon_b_batch($1)) AND segmen = 'PBPU_PEMDA'
$$;

-- The segmen lists in force at P: for each label, its newest batch with
-- period <= P. Their AKTIF rows, with the list's label.
CREATE OR REPLACE FUNCTION rekon_segmen_lists(p text)
RETURNS TABLE (nik text, segmen text, label text)
LANGUAGE sql STABLE AS $$
	SELECT s.nik, s.segmen, b.label
	FROM segmen_row s
	JOIN (SELECT DISTINCT ON (label) id, label FROM batch
	      WHERE kind = 'segmen' AND outcome = 'OK' AND period <= $1
	      ORDER BY label, period DESC, id DESC) b ON b.id = s.batch_id
	WHERE s.status = 'AKTIF'
$$;

-- S: NIKs active in another segment at P: the segmen lists in force, and the
-- AKTIF rows of B whose segmen is not PBPU_PEMDA. sumber says where from:
-- the list's label, or 'BPJS' for B.
CREATE OR REPLACE FUNCTION rekon_s(p text)
RETURNS TABLE (nik text, segmen text, sumber text)
LANGUAGE sql STABLE AS $$
	SELECT nik, segmen, label FROM rekon_segmen_lists($1)
	UNION ALL
	SELECT nik, segmen, 'BPJS' FROM rekon_b($1)
	WHERE status = 'AKTIF' AND segmen <> 'PBPU_PEMDA' AND coalesce(nik, '') <> ''
$$;

-- S1: S as known before P's list came: the segmen lists in force at P and the
-- AKTIF non-PBPU_PEMDA rows of Bprev.
CREATE OR REPLACE FUNCTION rekon_s1(p text)
RETURNS TABLE (nik text, segmen text, sumber text)
LANGUAGE sql STABLE AS $$
	SELECT nik, segmen, label FROM rekon_segmen_lists($1)
	UNION ALL
	SELECT nik, segmen, 'BPJS' FROM peserta_row
	WHERE batch_id = (SELECT rekon_bprev_batch($1))
	  AND status = 'AKTIF' AND segmen <> 'PBPU_PEMDA' AND coalesce(nik, '') <> ''
$$;

-- M: death records of batches with period <= P.
CREATE OR REPLACE FUNCTION rekon_m(p text) RETURNS SETOF kematian_row
LANGUAGE sql STABLE AS $$
	SELECT k.* FROM kematian_row k JOIN batch b ON b.id = k.batch_id
	WHERE b.kind = 'kematian' AND b.outcome = 'OK' AND b.period <= $1
$$;

-- The newest M row of each NIK, with the batch and line it came from.
CREATE OR REPLACE FUNCTION rekon_m_terbaru(p text)
RETURNS TABLE (nik text, nama text, tgl_meninggal date, batch_id bigint,
               line integer)
LANGUAGE sql STABLE AS $$
	SELECT DISTINCT ON (k.nik) k.nik, k.nama, k.tgl_meninggal, k.batch_id, k.line
	FROM kematian_row k JOIN batch b ON b.id = k.batch_id
	WHERE b.kind = 'kematian' AND b.outcome = 'OK' AND b.period <= $1
	ORDER BY k.nik, b.period DESC, b.id DESC, k.line DESC
$$;

-- The decisions on duplicate pairs in force at P (rules.md §10, inputs.md
-- `keputusan`): of every keputusan batch with period <= P, the newest row
-- of each pair (the greatest batch id, then line: import order, whatever
-- the period). A pair is (kunci_a, kunci_b), the lesser key first (the
-- importer orders them); a "pair" of one key with itself names no one twice
-- and is left out.
CREATE OR REPLACE FUNCTION rekon_keputusan(p text)
RETURNS TABLE (kunci_a text, kunci_b text, keputusan text, batch_id bigint,
               line integer)
LANGUAGE sql STABLE AS $$
	SELECT DISTINCT ON (k.kunci_a, k.kunci_b)
	       k.kunci_a, k.kunci_b, k.keputusan, k.batch_id, k.line
	FROM keputusan_row k JOIN batch b ON b.id = k.batch_id
	WHERE b.kind = 'keputusan' AND b.outcome = 'OK' AND b.period <= $1
	  AND k.kunci_a <> k.kunci_b
	ORDER BY k.kunci_a, k.kunci_b, b.id DESC, k.line DESC
$$;

-- K: the SK list of P-1: the final one when P-1 was closed, else the one its
-- last successful reconciliation stored. Empty when there is none.
CREATE OR REPLACE FUNCTION rekon_k(p text) RETURNS SETOF sk_daftar
LANGUAGE sql STABLE AS $$
	SELECT * FROM sk_final WHERE period = rekon_period_add($1, -1)
	UNION ALL
	SELECT * FROM sk_daftar WHERE period = rekon_period_add($1, -1)
	  AND NOT EXISTS (SELECT 1 FROM sk_final WHERE period = rekon_period_add($1, -1))
$$;

-- Whether K exists: P-1 has a final SK list, or was reconciled.
CREATE OR REPLACE FUNCTION rekon_k_exists(p text) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM sk_final WHERE period = rekon_period_add($1, -1))
	    OR EXISTS (SELECT 1 FROM rekon_ringkasan WHERE period = rekon_period_add($1, -1))
$$;

-- The batches that count for P (inputs.md): the peserta batch that is B,
-- every usulan and feedback batch of P, the dtks batch in force, the segmen
-- list in force for each label, every kematian and keputusan batch with
-- period <= P, and the population extract in force.
-- The JSON summary's "batch" and the Ditolak sheet both list these.
CREATE OR REPLACE FUNCTION rekon_batches_for(p text) RETURNS SETOF batch
LANGUAGE sql STABLE AS $$
	SELECT * FROM batch WHERE outcome = 'OK' AND (
	       id = (SELECT rekon_b_batch($1))
	    OR (kind IN ('usulan', 'feedback') AND period = $1)
	    OR id = (SELECT id FROM batch WHERE kind = 'dtks' AND outcome = 'OK'
	             AND period <= $1 ORDER BY period DESC, id DESC LIMIT 1)
	    OR id IN (SELECT DISTINCT ON (label) id FROM batch
	              WHERE kind = 'segmen' AND outcome = 'OK' AND period <= $1
	              ORDER BY label, period DESC, id DESC)
	    OR (kind = 'kematian' AND period <= $1)
	    OR (kind = 'keputusan' AND period <= $1)
	    OR id = (SELECT rekon_n_batch($1)))
	ORDER BY id
$$;

-- The kinds of input with no batch that counts for P (outputs.md §2,
-- masukan_kurang), spelled as `rekon import` spells them, in that order.
CREATE OR REPLACE FUNCTION rekon_masukan_kurang(p text) RETURNS text[]
LANGUAGE sql STABLE AS $$
	SELECT coalesce(array_agg(x.k ORDER BY x.i), '{}')
	FROM unnest(ARRAY['dtks', 'peserta', 'feedback', 'usulan', 'kematian'])
	     WITH ORDINALITY AS x(k, i)
	WHERE NOT EXISTS (SELECT 1 FROM rekon_batches_for($1) b WHERE b.kind = x.k)
$$;
