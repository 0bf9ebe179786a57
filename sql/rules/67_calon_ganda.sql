-- 67_calon_ganda.sql — rules.md §10 for a period P: pairs of AKTIF rows of
-- Bp under different participant keys that may be one person, scored the
-- Fellegi–Sunter way, into calon_ganda; the model into ganda_model and
-- ganda_ringkas (sql/021_calon_ganda.sql). docs/ganda.md explains the model
-- for a reader; this file is its definition.
--
-- Glossary
--   rekaman     one per key of Bp with an AKTIF row: the key's first AKTIF
--               row (lowest NOKA, empty last, then line), as §10's losing
--               key reads it; nama is its nama_kunci, rapat the same without
--               spaces (NURHALIZA = NUR HALIZA), kel "kecamatan/kelurahan"
--               of §5 as rekon_peserta places the row (its own, else D's;
--               rekon_tempat_baris), empty when the row has none. Read from
--               Bp and D, not from peserta_hasil, so that the scoring runs
--               beside the rules in a transaction of its own
--               (jobs/rekonsiliasi.c)
--   blok        a blocking rule: candidate pairs are the pairs that share
--               one of these, never all pairs:
--                 1  tgl_lahir, the name's first letter and jk
--                 2  tgl_lahir, kel and jk
--                 3  no_kk and the name's first letter
--                 4  the name's first word, birth month (year and
--                    month) and kel
--                 5  tgl_lahir with day and month swapped, the name's
--                    first letter and jk
--   tingkat     levels of each field (a field empty on either side has none
--               and weighs 0):
--                 nama       3 sama (rapat equal), 2 mirip_80 (similarity of
--                            nama >= 0.8), 1 mirip_60 (>= 0.6), 0 beda
--                 tgl_lahir  3 sama, 2 tertukar (day and month swapped),
--                            1 bulan_sama (same year and month), 0 beda
--                 jk, no_kk, kelurahan   1 sama, 0 beda
--   m           ganda_m (docs/ganda.md: where each value comes from)
--   u           from the rekaman of P: how often two different rekaman
--               agree so. Equality levels are counted exactly (sum over
--               values of c(c-1) over n(n-1)); the two similarity levels
--               of nama from a fixed sample of pairs (every pair when there
--               are at most 700 rekaman, else about 200,000: rekaman in key
--               order, each with rekaman a prime stride away, see below):
--               the same data gives the same sample.
--               A level never seen gets half a count.
--   tf          term frequency: a pair that agrees on nama (sama) or on
--               tgl_lahir (sama) uses, instead of the level's u, the share
--               of rekaman with that value: agreeing on a common name or a
--               common birth date (1 January) is worth less
--   syarat      in one family card, people are born the same day (twins)
--               far more often than two random people: when no_kk agrees,
--               tgl_lahir uses a u measured among all pairs of one no_kk
--               whose names are not equal: syarat 'no_kk sama'. And one
--               family card is one kelurahan: when no_kk agrees, kelurahan
--               weighs 0 (it would count the same evidence twice)
--   W           the pair's weight: the sum over fields of log2(m / u), bits
--   lambda      the probability that two random rekaman are one person,
--               found by EM with m and u fixed: from a start (the pairs
--               agreeing on nama and tgl_lahir at mirip_80 / tertukar or
--               better, over all pairs), lambda = the sum of the candidate
--               pairs' probabilities over all n(n-1)/2 pairs, until it
--               moves less than one part in 10^10 (at most 200 steps). The
--               pairs are summed by W rounded to 0.01 bit, in W's order, so
--               the same data gives the same lambda.
--   peluang     o / (1 + o), o = 2^W · lambda / (1 - lambda)
--   kelas       GANDA_PASTI at or above ganda_pasti, PERLU_DIPERIKSA at or
--               above ganda_periksa; below that a pair is not kept
--   decided     a pair with a decision in force (rekon_keputusan) is not
--               listed: SAMA acts through GANDA_ORANG (30_peserta.sql),
--               BEDA is not asked again
--   kelompok    the keys linked by listed GANDA_PASTI pairs and by SAMA
--               pairs whose two keys are rekaman; numbered 1 up in the
--               order of each group's first pair on the sheet; a listed
--               pair shows its number when both its keys are in the group
--   urut        the sheet's order: GANDA_PASTI first, then peluang, then
--               W, highest first, then kunci_a, kunci_b
--   mengapa     each field's level and weight, in Indonesian, for the
--               reviewer: "nama sama +12,3; tgl lahir sama +5,4; ..."

-- A row of Bp's place as rekon_peserta gives it (30_peserta.sql, §5: the
-- row's kecamatan and kelurahan when it names a kecamatan, else D's when D
-- names one), as "KECAMATAN/KELURAHAN"; NULL when that place has no
-- kelurahan (peserta_hasil's '(TANPA KELURAHAN)'). d_kec, d_kel: D's
-- values, NULL when the NIK is not in D. test_calon_ganda.sh holds it to
-- peserta_hasil.
CREATE OR REPLACE FUNCTION rekon_tempat_baris(kec text, kel text,
    d_kec text, d_kel text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	-- One expression, so that it is inlined into the statement.
	SELECT CASE WHEN nullif($1, '') IS NOT NULL
	             AND upper(nullif($2, '')) <> '(TANPA KELURAHAN)'
	            THEN upper($1) || '/' || upper($2)
	            WHEN nullif($1, '') IS NULL AND nullif($3, '') IS NOT NULL
	             AND upper(nullif($4, '')) <> '(TANPA KELURAHAN)'
	            THEN upper($3) || '/' || upper($4)
	       END
$$;

-- The birth date with day and month swapped, when that is another date.
CREATE OR REPLACE FUNCTION rekon_tgl_tukar(d date) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN extract(day FROM $1) <= 12
	             AND extract(day FROM $1) <> extract(month FROM $1)
	       THEN make_date(extract(year FROM $1)::integer,
	                      extract(day FROM $1)::integer,
	                      extract(month FROM $1)::integer) END
$$;

-- A level's weight shown to a reader: "+12,3", "-4,0".
CREATE OR REPLACE FUNCTION rekon_bobot_teks(w double precision) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT replace(to_char($1, 'FMS990.0'), '.', ',')
$$;

-- The weights of a field's levels in the given order (NULL where the level
-- was not measured), or NULL when none was: from ganda_model of P.
CREATE OR REPLACE FUNCTION rekon_ganda_bobot(p text, f text, syarat text,
    tingkat text[]) RETURNS double precision[]
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN count(g.bobot) > 0
	       THEN array_agg(g.bobot ORDER BY t.l) END
	FROM unnest($4) WITH ORDINALITY AS t(tingkat, l)
	LEFT JOIN ganda_model g ON g.period = $1 AND g.bidang = $2
	     AND g.syarat = $3 AND g.tingkat = t.tingkat
$$;

-- lambda by EM with m and u fixed, over rekon_calon_ganda's candidate
-- pairs (pg_temp.cg_pas), summed by W rounded to 0.01 bit, in W's order:
-- from the pairs agreeing on nama (sama) and tgl_lahir (tertukar or sama),
-- at least one, over all pairs, until it moves less than one part in
-- 10^10, at most 200 steps. Leaves the steps taken in the setting
-- rekon.lam_iter.
CREATE OR REPLACE FUNCTION rekon_ganda_lambda(total double precision)
RETURNS double precision
LANGUAGE plpgsql AS $$
DECLARE
	lam  double precision;
	lam2 double precision;
	iter integer := 0;
BEGIN
	DROP TABLE IF EXISTS pg_temp.cg_w;
	CREATE TEMPORARY TABLE cg_w ON COMMIT DROP AS
	SELECT round(w * 100) / 100 AS w, count(*)::double precision AS c
	FROM cg_pas GROUP BY 1;
	SELECT greatest(count(*), 1) / total INTO lam FROM cg_pas
	WHERE ln = 3 AND lt >= 2;
	LOOP
		iter := iter + 1;
		SELECT sum(c / (1 + power(2::double precision,
		           -least(greatest(w + ln(lam / (1 - lam)) / ln(2::double precision),
		                           -1000), 1000))) ORDER BY w) / total
		INTO lam2 FROM cg_w;
		lam2 := least(greatest(lam2, 1e-300), 0.5);
		EXIT WHEN abs(lam2 - lam) <= 1e-10 * lam OR iter >= 200;
		lam := lam2;
	END LOOP;
	PERFORM set_config('rekon.lam_iter', iter::text, true);
	RETURN lam2;
END $$;

CREATE OR REPLACE FUNCTION rekon_calon_ganda(p text, pasti numeric, periksa numeric)
RETURNS void
LANGUAGE plpgsql
SET enable_nestloop = off
SET work_mem = '128MB'
AS $fn$
DECLARE
	v_b     bigint;
	v_d     bigint;		-- the DTKS batch in force
	mj      text;		-- enable_mergejoin as the caller had it
	n       bigint;		-- rekaman
	total   double precision;	-- every pair: n(n-1)/2
	calon   bigint;
	lam     double precision;
	iter    integer := 0;
	k       integer;
	step    bigint;
	moved   bigint;
	-- each field's weights by level + 1 (wtk: when no_kk agrees)
	wn double precision[]; wt double precision[]; wtk double precision[];
	wj double precision[]; wk double precision[]; wl double precision[];
	mn double precision; mt double precision;	-- m of nama, tgl_lahir sama
	nfn double precision; nft double precision;	-- rekaman with nama, tgl_lahir
BEGIN
	-- Citus: the pairs written here over several connections a node (the
	-- executor opens more when a task is slow) cannot be read again in
	-- this transaction ("placements that were modified over multiple
	-- connections", 2 of 9 runs of make test-citus); one connection per
	-- node until the end of the transaction. One server: a setting
	-- nothing reads. (As rekon_batch_isi_hapus, 05_retensi.sql.)
	PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
	IF p IS NULL OR p !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
		RAISE EXCEPTION 'rekon_calon_ganda: bad period %', coalesce(p, 'NULL');
	END IF;
	IF pasti IS NULL OR periksa IS NULL OR periksa <= 0 OR periksa > pasti
	    OR pasti > 1 THEN
		RAISE EXCEPTION 'rekon_calon_ganda: need 0 < ganda_periksa <= ganda_pasti <= 1 (got %, %)',
		    coalesce(periksa::text, 'NULL'), coalesce(pasti::text, 'NULL');
	END IF;
	v_b := rekon_b_batch(p);
	-- A variable, not the call in the statement: on Citus the call would
	-- run inside each shard's query (docs/scale.md).
	v_d := rekon_d_batch(p);
	DELETE FROM calon_ganda WHERE period = p;
	DELETE FROM ganda_model WHERE period = p;
	DELETE FROM ganda_ringkas WHERE period = p;

	-- rekaman, numbered in key order (i).
	DROP TABLE IF EXISTS pg_temp.cg_rek;
	CREATE TEMPORARY TABLE cg_rek ON COMMIT DROP AS
	WITH
	-- D's place per NIK (the first row of the batch in force, as
	-- rekon_peserta reads it). MATERIALIZED as there: on Citus both sides
	-- of the LEFT JOIN are intermediate results (docs/scale.md).
	d AS MATERIALIZED (
		SELECT DISTINCT ON (dd.nik) dd.nik, nullif(dd.kecamatan, '') AS kecamatan,
		       nullif(dd.kelurahan, '') AS kelurahan
		FROM dtks_row dd
		WHERE dd.batch_id = v_d
		ORDER BY dd.nik, dd.line),
	r AS MATERIALIZED (
		SELECT r.kunci, r.line, r.noka, r.nik, r.nama_kunci, r.tgl_lahir,
		       r.jenis_kelamin, r.no_kk, r.kecamatan, r.kelurahan
		FROM peserta_row r
		WHERE r.batch_id = v_b AND r.segmen = 'PBPU_PEMDA' AND r.status = 'AKTIF')
	SELECT x.*, row_number() OVER (ORDER BY x.kunci)::integer AS i
	FROM (SELECT DISTINCT ON (r.kunci COLLATE "C")
	             r.kunci COLLATE "C" AS kunci, r.line,
	             nullif(r.nama_kunci, '') AS nama,
	             nullif(replace(r.nama_kunci, ' ', ''), '') COLLATE "C" AS rapat,
	             nullif(left(r.nama_kunci, 1), '') COLLATE "C" AS huruf,
	             nullif(split_part(r.nama_kunci, ' ', 1), '') COLLATE "C" AS kata1,
	             r.tgl_lahir AS tgl, rekon_tgl_tukar(r.tgl_lahir) AS tukar,
	             date_trunc('month', r.tgl_lahir) AS bulan,
	             r.jenis_kelamin::text COLLATE "C" AS jk,
	             nullif(r.no_kk, '') COLLATE "C" AS kk,
	             rekon_tempat_baris(r.kecamatan, r.kelurahan, d.kecamatan,
	                                d.kelurahan) COLLATE "C" AS kel
	      FROM r LEFT JOIN d ON d.nik = nullif(r.nik, '')
	      ORDER BY r.kunci COLLATE "C", nullif(r.noka, '') IS NULL,
	               nullif(r.noka, '') COLLATE "C", r.line) x;
	SELECT count(*) INTO n FROM cg_rek;
	total := n::double precision * (n - 1) / 2;
	ANALYZE cg_rek;

	-- Candidate pairs (blok 1-5), a < b in key order, with their levels.
	-- The five self-joins by hash: the planner prefers merge joins, each
	-- sorting the rekaman twice (8.5 s against 4.3 s at a province,
	-- docs/speed.md); only for this statement, the others are faster as
	-- planned.
	mj := current_setting('enable_mergejoin');
	PERFORM set_config('enable_mergejoin', 'off', true);
	DROP TABLE IF EXISTS pg_temp.cg_pas0;
	CREATE TEMPORARY TABLE cg_pas0 ON COMMIT DROP AS
	WITH blok AS (
		SELECT x.i AS a, y.i AS b FROM cg_rek x JOIN cg_rek y
		  ON y.tgl = x.tgl AND y.huruf = x.huruf AND y.jk = x.jk AND y.i > x.i
		UNION
		SELECT x.i, y.i FROM cg_rek x JOIN cg_rek y
		  ON y.tgl = x.tgl AND y.kel = x.kel AND y.jk = x.jk AND y.i > x.i
		UNION
		SELECT x.i, y.i FROM cg_rek x JOIN cg_rek y
		  ON y.kk = x.kk AND y.huruf = x.huruf AND y.i > x.i
		UNION
		SELECT x.i, y.i FROM cg_rek x JOIN cg_rek y
		  ON y.kata1 = x.kata1 AND y.kel = x.kel AND y.bulan = x.bulan AND y.i > x.i
		UNION
		SELECT least(x.i, y.i), greatest(x.i, y.i) FROM cg_rek x JOIN cg_rek y
		  ON y.tgl = x.tukar AND y.huruf = x.huruf AND y.jk = x.jk),
	-- Each pair's name similarity once (it is the costly part): 1 for
	-- names equal without spaces, NULL when a name is missing.
	mirip AS (
		SELECT bl.a, bl.b, x.rapat = y.rapat AS rapat_sama,
		       CASE WHEN x.rapat = y.rapat THEN 1::real
		            ELSE similarity(x.nama, y.nama) END AS sim,
		       CASE WHEN x.tgl IS NULL OR y.tgl IS NULL THEN NULL
		            WHEN x.tgl = y.tgl THEN 3
		            WHEN y.tgl = x.tukar THEN 2
		            WHEN x.bulan = y.bulan THEN 1
		            ELSE 0 END::smallint AS lt,
		       CASE WHEN x.jk IS NULL OR y.jk IS NULL THEN NULL
		            WHEN x.jk = y.jk THEN 1 ELSE 0 END::smallint AS lj,
		       CASE WHEN x.kk IS NULL OR y.kk IS NULL THEN NULL
		            WHEN x.kk = y.kk THEN 1 ELSE 0 END::smallint AS lk,
		       CASE WHEN x.kel IS NULL OR y.kel IS NULL THEN NULL
		            WHEN x.kel = y.kel THEN 1 ELSE 0 END::smallint AS ll,
		       CASE WHEN x.rapat = y.rapat THEN x.rapat END AS rapat,
		       CASE WHEN x.tgl = y.tgl THEN x.tgl END AS tgl
		FROM blok bl
		JOIN cg_rek x ON x.i = bl.a
		JOIN cg_rek y ON y.i = bl.b
		OFFSET 0)
	SELECT m.a, m.b,
	       CASE WHEN m.rapat_sama IS NULL THEN NULL
	            WHEN m.rapat_sama THEN 3
	            WHEN m.sim >= 0.8::real THEN 2
	            WHEN m.sim >= 0.6::real THEN 1
	            ELSE 0 END::smallint AS ln,
	       m.lt, m.lj, m.lk, m.ll, m.rapat, m.tgl
	FROM mirip m;
	PERFORM set_config('enable_mergejoin', mj, true);
	SELECT count(*) INTO calon FROM cg_pas0;

	-- tgl_lahir's levels among the pairs of one no_kk, names not equal.
	DROP TABLE IF EXISTS pg_temp.cg_kk;
	CREATE TEMPORARY TABLE cg_kk ON COMMIT DROP AS
	SELECT CASE WHEN x.tgl = y.tgl THEN 3 WHEN y.tgl = x.tukar THEN 2
	            WHEN x.bulan = y.bulan THEN 1 ELSE 0 END AS lt,
	       count(*)::double precision AS k
	FROM cg_rek x JOIN cg_rek y ON y.kk = x.kk AND y.i > x.i
	WHERE x.tgl IS NOT NULL AND y.tgl IS NOT NULL
	  AND x.rapat IS DISTINCT FROM y.rapat
	GROUP BY 1;

	-- u: exact for the equality levels, over the rekaman with the field.
	DROP TABLE IF EXISTS pg_temp.cg_u;
	CREATE TEMPORARY TABLE cg_u (bidang text, tingkat text, syarat text,
	                             u double precision) ON COMMIT DROP;
	INSERT INTO cg_u
	SELECT f.bidang, 'sama', '',
	       CASE WHEN f.nf > 1 THEN f.sama::double precision / (f.nf * (f.nf - 1)) END
	FROM (SELECT 'nama' AS bidang, sum(c * (c - 1)) AS sama, sum(c) AS nf
	      FROM (SELECT count(*) AS c FROM cg_rek WHERE rapat IS NOT NULL GROUP BY rapat) g
	      UNION ALL
	      SELECT 'tgl_lahir', sum(c * (c - 1)), sum(c)
	      FROM (SELECT count(*) AS c FROM cg_rek WHERE tgl IS NOT NULL GROUP BY tgl) g
	      UNION ALL
	      SELECT 'jk', sum(c * (c - 1)), sum(c)
	      FROM (SELECT count(*) AS c FROM cg_rek WHERE jk IS NOT NULL GROUP BY jk) g
	      UNION ALL
	      SELECT 'no_kk', sum(c * (c - 1)), sum(c)
	      FROM (SELECT count(*) AS c FROM cg_rek WHERE kk IS NOT NULL GROUP BY kk) g
	      UNION ALL
	      SELECT 'kelurahan', sum(c * (c - 1)), sum(c)
	      FROM (SELECT count(*) AS c FROM cg_rek WHERE kel IS NOT NULL GROUP BY kel) g) f;
	-- tgl_lahir: swapped (each unordered pair is met from both sides, as
	-- in c(c-1)), and the same month but another day.
	INSERT INTO cg_u
	SELECT 'tgl_lahir', t.tingkat, '',
	       CASE WHEN t.nf > 1 THEN t.k::double precision / (t.nf * (t.nf - 1)) END
	FROM (SELECT 'tertukar' AS tingkat,
	             (SELECT coalesce(sum(a.c * b.c), 0)
	              FROM (SELECT tgl, rekon_tgl_tukar(tgl) AS tukar, count(*) AS c
	                    FROM cg_rek WHERE tgl IS NOT NULL GROUP BY tgl) a
	              JOIN (SELECT tgl, count(*) AS c FROM cg_rek
	                    WHERE tgl IS NOT NULL GROUP BY tgl) b ON b.tgl = a.tukar) AS k,
	             (SELECT count(*) FROM cg_rek WHERE tgl IS NOT NULL) AS nf
	      UNION ALL
	      SELECT 'bulan_sama',
	             (SELECT coalesce(sum(c * (c - 1)), 0) FROM (SELECT count(*) AS c FROM cg_rek
	               WHERE tgl IS NOT NULL GROUP BY date_trunc('month', tgl)) g)
	             - (SELECT coalesce(sum(c * (c - 1)), 0) FROM (SELECT count(*) AS c FROM cg_rek
	               WHERE tgl IS NOT NULL GROUP BY tgl) g),
	             (SELECT count(*) FROM cg_rek WHERE tgl IS NOT NULL)) t;
	-- nama's similarity levels from the sample: all pairs up to 700
	-- rekaman, else k offsets (k = ceil(200000 / n)) spread over the order.
	DROP TABLE IF EXISTS pg_temp.cg_contoh;
	CREATE TEMPORARY TABLE cg_contoh (ln smallint) ON COMMIT DROP;
	IF n <= 700 THEN
		INSERT INTO cg_contoh
		SELECT CASE WHEN x.rapat = y.rapat THEN 3 ELSE 0 END
		       + CASE WHEN x.rapat = y.rapat THEN 0
		              WHEN similarity(x.nama, y.nama) >= 0.6::real
		              THEN 1 + (similarity(x.nama, y.nama) >= 0.8::real)::integer
		              ELSE 0 END
		FROM cg_rek x JOIN cg_rek y ON y.i > x.i
		WHERE x.rapat IS NOT NULL AND y.rapat IS NOT NULL;
	ELSE
		-- k offsets from ceil(200000 / k) rekaman (those whose i * 7919
		-- mod n falls below that): rekaman i is paired with rekaman
		-- ((i - 1) * 1000003 + o * step) mod n + 1, o = 1..k; the prime
		-- strides scatter neighbours in key order (one family, one
		-- birth date) over the whole list.
		k := ceil(200000.0 / n)::integer;
		step := greatest((n - 1) / (k + 1), 1);
		INSERT INTO cg_contoh
		SELECT CASE WHEN z.sim IS NULL THEN 3 WHEN z.sim >= 0.8::real THEN 2
		            WHEN z.sim >= 0.6::real THEN 1 ELSE 0 END
		FROM (SELECT CASE WHEN x.rapat <> y.rapat THEN similarity(x.nama, y.nama) END AS sim
		      FROM cg_rek x
		      CROSS JOIN generate_series(1, k) o
		      JOIN cg_rek y ON y.i = ((x.i - 1)::bigint * CASE WHEN n % 1000003 = 0
		                                                     THEN 999983 ELSE 1000003 END
		                              + o * step) % n + 1
		      WHERE (x.i::bigint * 7919) % n < ceil(200000.0 / k) AND x.rapat IS NOT NULL
		        AND y.rapat IS NOT NULL AND y.i <> x.i
		      OFFSET 0) z;
	END IF;
	INSERT INTO cg_u
	SELECT 'nama', t.tingkat, '',
	       CASE WHEN t.nf > 0 THEN greatest(t.k, 0.5) / t.nf END
	FROM (SELECT 'mirip_80' AS tingkat, count(*) FILTER (WHERE ln = 2)::double precision AS k,
	             count(*)::double precision AS nf FROM cg_contoh
	      UNION ALL
	      SELECT 'mirip_60', count(*) FILTER (WHERE ln = 1), count(*) FROM cg_contoh) t;
	-- The "beda" levels: what the others leave, never below half a count.
	INSERT INTO cg_u
	SELECT b.bidang, 'beda', '', greatest(1 - sum(u.u), 1e-9)
	FROM (VALUES ('nama'), ('tgl_lahir'), ('jk'), ('no_kk'), ('kelurahan')) b(bidang)
	LEFT JOIN cg_u u ON u.bidang = b.bidang AND u.syarat = ''
	GROUP BY b.bidang;
	-- A level never seen: half a count of the pairs it was measured over.
	UPDATE cg_u SET u = greatest(u, 0.5 / greatest(total, 1))
	WHERE u IS NOT NULL;
	-- syarat 'no_kk sama': among the pairs of one no_kk whose names are
	-- not equal (counted here, not all of them candidates).
	INSERT INTO cg_u
	SELECT 'tgl_lahir', v.tingkat, 'no_kk sama', greatest(coalesce(g.k, 0), 0.5) / t.nf
	FROM (VALUES (3, 'sama'), (2, 'tertukar'), (1, 'bulan_sama'), (0, 'beda')) v(l, tingkat)
	CROSS JOIN LATERAL (SELECT sum(g2.k) AS nf FROM cg_kk g2) t
	LEFT JOIN cg_kk g ON g.lt = v.l
	WHERE t.nf > 0;

	INSERT INTO ganda_model (period, bidang, tingkat, syarat, m, u, bobot)
	SELECT p, u.bidang, u.tingkat, u.syarat, gm.m, u.u, ln(gm.m / u.u) / ln(2::double precision)
	FROM cg_u u JOIN ganda_m gm ON gm.bidang = u.bidang AND gm.tingkat = u.tingkat
	WHERE u.u IS NOT NULL;

	-- W of every candidate pair: each field's weight; tgl_lahir's
	-- conditional weight when no_kk agrees (kelurahan's 0); tf for sama.
	wn := rekon_ganda_bobot(p, 'nama', '', ARRAY['beda', 'mirip_60', 'mirip_80', 'sama']);
	wt := rekon_ganda_bobot(p, 'tgl_lahir', '', ARRAY['beda', 'bulan_sama', 'tertukar', 'sama']);
	wtk := rekon_ganda_bobot(p, 'tgl_lahir', 'no_kk sama', ARRAY['beda', 'bulan_sama', 'tertukar', 'sama']);
	wj := rekon_ganda_bobot(p, 'jk', '', ARRAY['beda', 'sama']);
	wk := rekon_ganda_bobot(p, 'no_kk', '', ARRAY['beda', 'sama']);
	wl := rekon_ganda_bobot(p, 'kelurahan', '', ARRAY['beda', 'sama']);
	SELECT m INTO mn FROM ganda_m WHERE bidang = 'nama' AND tingkat = 'sama';
	SELECT m INTO mt FROM ganda_m WHERE bidang = 'tgl_lahir' AND tingkat = 'sama';
	SELECT count(rapat), count(tgl) INTO nfn, nft FROM cg_rek;
	DROP TABLE IF EXISTS pg_temp.cg_pas;
	CREATE TEMPORARY TABLE cg_pas ON COMMIT DROP AS
	SELECT c.a, c.b, c.ln, c.lt, c.lj, c.lk, c.ll,
	       coalesce(CASE WHEN c.ln = 3 THEN ln(mn * nfn / fn.c) / ln(2::double precision)
	                     ELSE wn[c.ln + 1] END, 0)
	     + coalesce(CASE WHEN c.lk = 1 AND wtk IS NOT NULL THEN wtk[c.lt + 1]
	                     WHEN c.lt = 3 THEN ln(mt * nft / ft.c) / ln(2::double precision)
	                     ELSE wt[c.lt + 1] END, 0)
	     + coalesce(wj[c.lj + 1], 0) + coalesce(wk[c.lk + 1], 0)
	     + CASE WHEN c.lk = 1 THEN 0 ELSE coalesce(wl[c.ll + 1], 0) END AS w
	FROM cg_pas0 c
	LEFT JOIN (SELECT rapat, count(*)::double precision AS c FROM cg_rek
	           WHERE rapat IS NOT NULL GROUP BY rapat HAVING count(*) > 1) fn
	       ON fn.rapat = c.rapat
	LEFT JOIN (SELECT tgl, count(*)::double precision AS c FROM cg_rek
	           WHERE tgl IS NOT NULL GROUP BY tgl HAVING count(*) > 1) ft
	       ON ft.tgl = c.tgl;
	DROP TABLE pg_temp.cg_pas0;

	IF calon > 0 THEN
		lam := rekon_ganda_lambda(total);
		iter := current_setting('rekon.lam_iter')::integer;
	END IF;

	-- The pairs kept, undecided, with their class and the sheet's order.
	INSERT INTO calon_ganda (period, kunci_a, kunci_b, batch_id, line_a, line_b,
	                         kelas, peluang, bobot, kelompok, urut, mengapa)
	SELECT p, z.kunci_a, z.kunci_b, v_b, z.line_a, z.line_b,
	       CASE WHEN z.peluang >= pasti::double precision THEN 'GANDA_PASTI'
	            ELSE 'PERLU_DIPERIKSA' END,
	       z.peluang, z.w, NULL,
	       row_number() OVER (ORDER BY z.peluang >= pasti::double precision DESC,
	                          z.peluang DESC, z.w DESC, z.kunci_a COLLATE "C",
	                          z.kunci_b COLLATE "C"),
	       z.mengapa
	FROM (SELECT x.kunci AS kunci_a, y.kunci AS kunci_b, x.line AS line_a, y.line AS line_b,
	             c.w,
	             1 / (1 + power(2::double precision, -least(greatest(
	                 c.w + ln(lam / (1 - lam)) / ln(2::double precision), -1000), 1000)))
	                 AS peluang,
	             concat_ws('; ',
	                 'nama ' || (ARRAY['beda', 'mirip ≥ 0,6', 'mirip ≥ 0,8', 'sama'])[c.ln + 1],
	                 'tgl lahir ' || (ARRAY['beda', 'bulan sama', 'hari-bulan tertukar', 'sama'])[c.lt + 1],
	                 'JK ' || (ARRAY['beda', 'sama'])[c.lj + 1],
	                 'No KK ' || (ARRAY['beda', 'sama'])[c.lk + 1],
	                 'kelurahan ' || (ARRAY['beda', 'sama'])[c.ll + 1])
	                 || ' (bobot ' || rekon_bobot_teks(c.w) || ')' AS mengapa
	      FROM cg_pas c
	      JOIN cg_rek x ON x.i = c.a
	      JOIN cg_rek y ON y.i = c.b
	      WHERE lam IS NOT NULL) z
	WHERE z.peluang >= periksa::double precision
	  AND NOT EXISTS (SELECT 1 FROM rekon_keputusan(p) kp
	                  WHERE kp.kunci_a = z.kunci_a AND kp.kunci_b = z.kunci_b);

	-- kelompok: components of the GANDA_PASTI pairs and the SAMA pairs of
	-- two rekaman, each key labelled with the least key of its component.
	DROP TABLE IF EXISTS pg_temp.cg_tepi;
	CREATE TEMPORARY TABLE cg_tepi ON COMMIT DROP AS
	SELECT kunci_a AS a, kunci_b AS b FROM calon_ganda
	WHERE period = p AND kelas = 'GANDA_PASTI'
	UNION
	SELECT kp.kunci_a, kp.kunci_b FROM rekon_keputusan(p) kp
	WHERE kp.keputusan = 'SAMA'
	  AND EXISTS (SELECT 1 FROM cg_rek x WHERE x.kunci = kp.kunci_a)
	  AND EXISTS (SELECT 1 FROM cg_rek y WHERE y.kunci = kp.kunci_b);
	DROP TABLE IF EXISTS pg_temp.cg_label;
	CREATE TEMPORARY TABLE cg_label ON COMMIT DROP AS
	SELECT DISTINCT k.kunci, k.kunci AS label
	FROM (SELECT a AS kunci FROM cg_tepi UNION SELECT b FROM cg_tepi) k;
	LOOP
		UPDATE cg_label l SET label = nb.label
		FROM (SELECT e.kunci, min(l2.label COLLATE "C") AS label
		      FROM (SELECT a AS kunci, b AS lain FROM cg_tepi
		            UNION ALL SELECT b, a FROM cg_tepi) e
		      JOIN cg_label l2 ON l2.kunci = e.lain
		      GROUP BY e.kunci) nb
		WHERE nb.kunci = l.kunci AND nb.label COLLATE "C" < l.label COLLATE "C";
		GET DIAGNOSTICS moved = ROW_COUNT;
		EXIT WHEN moved = 0;
	END LOOP;
	UPDATE calon_ganda cg SET kelompok = g.nomor
	FROM (SELECT x.label, row_number() OVER (ORDER BY min(c.urut)) AS nomor
	      FROM calon_ganda c
	      JOIN cg_label x ON x.kunci = c.kunci_a
	      JOIN cg_label y ON y.kunci = c.kunci_b AND y.label = x.label
	      WHERE c.period = p
	      GROUP BY x.label) g,
	     cg_label la, cg_label lb
	WHERE cg.period = p AND la.kunci = cg.kunci_a AND lb.kunci = cg.kunci_b
	  AND la.label = g.label AND lb.label = g.label;

	INSERT INTO ganda_ringkas (period, kunci, pasangan_calon,
	                           lambda, iterasi, ganda_pasti, perlu_diperiksa)
	SELECT p, n, calon, lam, iter,
	       count(*) FILTER (WHERE kelas = 'GANDA_PASTI'),
	       count(*) FILTER (WHERE kelas = 'PERLU_DIPERIKSA')
	FROM calon_ganda WHERE period = p;
END
$fn$;
