-- 50_cek.sql — rules.md §7: the membership check of a person or a family
-- (`rekon cek`), from the imported lists.
--
-- Glossary
--   P*        the period judged on: --period P's P, else "the newest period":
--             the greatest period of any successfully
--             imported batch, whatever its kind, so a death record or a
--             segment list that came after the last participant list still
--             counts (NULL when nothing was imported: then only
--             NIK_TIDAK_VALID and TIDAK_DITEMUKAN can come out)
--   B*        the newest peserta batch (greatest period, then id) of a period
--             <= P* when --period is given, else of all;
--             Bp* its PBPU_PEMDA rows
--   S*        NIKs active in another segment: AKTIF rows of the segmen lists
--             in force at P*, and AKTIF rows of B* whose segmen is not
--             PBPU_PEMDA (sumber: the list's label, or 'BPJS' for B*)
--   M*        M of P*: death records with period <= P*
--   N*        N of P*: the population extract in force (none: BUKAN_PENDUDUK
--             is never the case; `rekon cek` says no extract is in force)
--   kasus     the first that holds: MENINGGAL, AKTIF_PEMDA,
--             AKTIF_SEGMEN_LAIN, NON_AKTIF, NIK_TIDAK_VALID, BUKAN_PENDUDUK,
--             TIDAK_DITEMUKAN
--   tindakan  the action shown for the kasus, word for word from rules.md §7
--
-- Output columns: segmen and sumber say where the kasus was found
-- (AKTIF_PEMDA: PBPU_PEMDA/BPJS; AKTIF_SEGMEN_LAIN: the segment and the list's
-- label or BPJS; NON_AKTIF: B*'s row's segment/BPJS; MENINGGAL: -/KEMATIAN;
-- otherwise both NULL); nama and no_kk come from the first of B*, D of P*, U
-- of P* (newest row), F of P*, M* that has them. A NIK on several rows of B*
-- is judged by its AKTIF PBPU_PEMDA row if any, else an AKTIF row, else its
-- first; AKTIF_SEGMEN_LAIN shows one segment: B*'s own row first, then the
-- lists by label.

-- rekon_nik_valid (a NIK's validity) is in 00_sets.sql: the sets use it too.

-- `rekon cek --period P` judges as of P: P* is P, B* the newest peserta batch
-- of a period <= P. The functions below take that period as an optional
-- last argument (NULL: the newest). Their one-argument forms of before are
-- dropped so that a call with one argument is not ambiguous.
DROP FUNCTION IF EXISTS rekon_cek_b_batch();
DROP FUNCTION IF EXISTS rekon_cek(text[]);
DROP FUNCTION IF EXISTS rekon_cek_kk(text);

-- What a cek is judged on, in one query: P* (periode, else the newest
-- period), B*'s batch (the newest peserta batch of a period <= P*: with no
-- periode, of all), D's batch of P* (rekon_d_batch), N*'s batch of P*
-- (rekon_n_batch) and its period, and the batches of U and F of P* (period
-- P*) and of M* (period <= P*), the sets rekon_u, rekon_f and rekon_m read.
-- Read by batch id, a set's partitions are each looked up once; joined to
-- batch, as those functions do, the planner's nested loop looked up every
-- death-record partition again for every batch (docs/speed.md). U's and
-- F's rows are also bounded by their batches' least and greatest id
-- (rekon_cek_inti's ub_lo … fb_hi): PostgreSQL prunes a partition for
-- batch_id BETWEEN two values but not for = ANY (an array value), and a cek
-- would otherwise look up every month kept. (A LATERAL lookup a batch at
-- a time prunes too, but Citus cannot push it down.)
-- A set-returning SQL function, so that rekon_cek_inti reads it inlined
-- into its own cached plan: a scalar SQL function whose body has a FROM
-- (rekon_n_batch, and the two below as they were) is never inlined, and
-- called from plpgsql it is planned again at every call, about a third of
-- a cek's time at a province (docs/speed.md).
CREATE OR REPLACE FUNCTION rekon_cek_dasar(periode text)
RETURNS TABLE (pp text, bb bigint, vd bigint, nb bigint, np text,
               ub bigint[], fb bigint[], mb bigint[])
LANGUAGE sql STABLE AS $$
	SELECT p.pp,
	       max(t.id) FILTER (WHERE t.kind = 'peserta'),
	       max(t.id) FILTER (WHERE t.kind = 'dtks'),
	       max(t.id) FILTER (WHERE t.kind = 'kependudukan'),
	       max(t.period) FILTER (WHERE t.kind = 'kependudukan'),
	       (SELECT coalesce(array_agg(b.id ORDER BY b.id), '{}') FROM batch b
	        WHERE b.kind = 'usulan' AND b.outcome = 'OK' AND b.period = p.pp),
	       (SELECT coalesce(array_agg(b.id ORDER BY b.id), '{}') FROM batch b
	        WHERE b.kind = 'feedback' AND b.outcome = 'OK' AND b.period = p.pp),
	       (SELECT coalesce(array_agg(b.id ORDER BY b.id), '{}') FROM batch b
	        WHERE b.kind = 'kematian' AND b.outcome = 'OK' AND b.period <= p.pp)
	FROM (SELECT coalesce($1, (SELECT max(b.period) FROM batch b WHERE b.outcome = 'OK')) AS pp) p
	LEFT JOIN LATERAL (
		SELECT DISTINCT ON (b.kind) b.kind, b.id, b.period
		FROM batch b
		WHERE b.outcome = 'OK' AND b.period <= p.pp
		  AND b.kind IN ('peserta', 'dtks', 'kependudukan')
		ORDER BY b.kind, b.period DESC, b.id DESC) t ON true
	GROUP BY p.pp
$$;

-- P*: the newest period known.
CREATE OR REPLACE FUNCTION rekon_cek_periode() RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT x.pp FROM rekon_cek_dasar(NULL) x
$$;

-- B*: the newest peserta batch of all (of a period <= p when p is given),
-- or NULL.
CREATE OR REPLACE FUNCTION rekon_cek_b_batch(p text DEFAULT NULL) RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT x.bb FROM rekon_cek_dasar($1) x
$$;

-- rekon_cek and rekon_cek_kk (below) in one body: the NIKs given (niks),
-- or, with kk, every NIK that carries the No KK in D, N*, Bp*, U or F (D,
-- U and F of P*), ordered by NIK; each checked, in the order given.
-- plpgsql with a generic plan: its queries are planned once per connection
-- (a SQL function is planned at every call, ~8 ms over the partitions of
-- every batch; the web front's cek answers many calls a second). One body,
-- so that a family's cek asks what it is judged on once and runs as one
-- call (docs/speed.md).
CREATE OR REPLACE FUNCTION rekon_cek_inti(niks text[], kk text, periode text)
RETURNS TABLE (nik text, kasus text, tindakan text, segmen text, sumber text, nama text, no_kk text)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
DECLARE
	pp text;	-- P*
	bb bigint;	-- B*'s batch
	vd bigint;	-- D's batch of P*
	nb bigint;	-- N*'s batch, or NULL
	np text;	-- its period
	ub bigint[];	-- U's, F's and M*'s batches, in id order
	fb bigint[];
	mb bigint[];
	ub_lo bigint;	-- U's and F's least and greatest batch (partition pruning)
	ub_hi bigint;
	fb_lo bigint;
	fb_hi bigint;
	v_kk text;	-- kk as the importer keeps a No KK (empty: NULL, nobody)
BEGIN
	-- Asked once, in one query (rekon_cek_dasar).
	SELECT x.pp, x.bb, x.vd, x.nb, x.np, x.ub, x.fb, x.mb
	INTO pp, bb, vd, nb, np, ub, fb, mb
	FROM rekon_cek_dasar(periode) x;
	ub_lo := ub[1];
	ub_hi := ub[cardinality(ub)];
	fb_lo := fb[1];
	fb_hi := fb[cardinality(fb)];
	IF kk IS NOT NULL THEN
		-- The family's NIKs. (The argument is named kk: an input named
		-- no_kk would clash with the output column no_kk.) An empty kk
		-- finds nobody.
		v_kk := nullif(regexp_replace(kk, '[[:space:].-]', '', 'g'), '');
		niks := ARRAY(
			WITH
			-- D and F keep one row per NIK: find the NIKs whose rows in
			-- D's batch and in F's batches carry the no_kk (no_kk
			-- indexes), then keep those whose row in the set does.
			calon AS (
				SELECT r.nik FROM dtks_row r
				WHERE r.batch_id = vd AND r.no_kk = v_kk
				UNION
				SELECT r.nik FROM feedback_row r
				WHERE r.batch_id = ANY (fb) AND r.batch_id BETWEEN fb_lo AND fb_hi
				  AND r.no_kk = v_kk
			),
			anggota AS (
				SELECT x.nik FROM (
					SELECT DISTINCT ON (dd.nik) dd.nik, dd.no_kk
					FROM dtks_row dd
					WHERE dd.batch_id = vd AND dd.nik = ANY (ARRAY(SELECT c.nik FROM calon c))
					ORDER BY dd.nik, dd.line) x
				WHERE x.no_kk = v_kk
				UNION
				SELECT r.nik FROM peserta_row r
				WHERE r.batch_id = bb AND r.segmen = 'PBPU_PEMDA' AND r.no_kk = v_kk
				UNION
				SELECT uu.nik FROM usulan_row uu
				WHERE uu.batch_id = ANY (ub) AND uu.batch_id BETWEEN ub_lo AND ub_hi
				  AND uu.no_kk = v_kk
				UNION
				SELECT x.nik FROM (
					SELECT DISTINCT ON (ff.nik) ff.nik, ff.no_kk
					FROM feedback_row ff
					WHERE ff.batch_id = ANY (fb) AND ff.batch_id BETWEEN fb_lo AND fb_hi
					  AND ff.nik = ANY (ARRAY(SELECT c.nik FROM calon c))
					ORDER BY ff.nik, ff.batch_id DESC, ff.line DESC) x
				WHERE x.no_kk = v_kk
				UNION
				-- N*: a NIK whose row in N (the first of the batch) carries it.
				SELECT x.nik FROM (
					SELECT DISTINCT ON (nn.nik) nn.nik, nn.no_kk
					FROM kependudukan_row nn
					WHERE nn.batch_id = nb
					  AND nn.nik IN (SELECT n2.nik FROM kependudukan_row n2
					                 WHERE n2.batch_id = nb AND n2.no_kk = v_kk)
					ORDER BY nn.nik, nn.line) x
				WHERE x.no_kk = v_kk
			)
			SELECT a.nik FROM anggota a
			WHERE coalesce(a.nik, '') <> ''
			ORDER BY a.nik COLLATE "C");
	END IF;
RETURN QUERY
	WITH
	dicek AS (
		SELECT DISTINCT ON (n.nik) n.nik, n.i
		FROM (SELECT regexp_replace(a.x, '[[:space:].-]', '', 'g') AS nik, a.i
		      FROM unnest($1) WITH ORDINALITY AS a(x, i) WHERE a.x IS NOT NULL) n
		ORDER BY n.nik, n.i
	),
	-- Every set below is narrowed with nik = ANY (the NIKs asked about): a
	-- plain condition on the NIK reaches inside the DISTINCT ON of rekon_d,
	-- rekon_f, ... and uses the nik indexes, where a join would sort a whole
	-- DTKS first.
	-- B*'s rows of these NIKs.
	b AS (
		SELECT r.nik, r.segmen, r.status, r.nama, r.no_kk, r.line
		FROM peserta_row r
		WHERE r.batch_id = bb AND r.nik = ANY (ARRAY(SELECT c.nik FROM dicek c))
	),
	-- S*: the segmen lists in force at P*, then B*'s AKTIF rows of another
	-- segment. One row shown per NIK: B* first (BPJS's own word is the
	-- newest), then the lists by label.
	s AS (
		SELECT DISTINCT ON (x.nik) x.nik, x.segmen, x.sumber
		FROM (SELECT l.nik, l.segmen, l.label AS sumber, 1 AS urut
		      FROM rekon_segmen_lists(pp) l
		      WHERE l.nik = ANY (ARRAY(SELECT c.nik FROM dicek c))
		      UNION ALL
		      SELECT b.nik, b.segmen, 'BPJS', 0 FROM b
		      WHERE b.status = 'AKTIF' AND b.segmen <> 'PBPU_PEMDA') x
		ORDER BY x.nik, x.urut, x.sumber COLLATE "C", x.segmen COLLATE "C"
	),
	m AS (
		SELECT DISTINCT ON (k.nik) k.nik, k.nama
		FROM kematian_row k
		WHERE k.batch_id = ANY (mb) AND k.nik = ANY (ARRAY(SELECT c.nik FROM dicek c))
		ORDER BY k.nik, k.batch_id DESC, k.line DESC
	),
	-- D's rows of these NIKs (the first of its batch), through D's index;
	-- on Citus the NIKs go to the shards with the query, as in rekon_d_nik.
	d AS (
		SELECT DISTINCT ON (dd.nik) dd.nik, dd.nama, dd.no_kk
		FROM dtks_row dd
		WHERE dd.batch_id = vd AND dd.nik = ANY (ARRAY(SELECT c.nik FROM dicek c))
		ORDER BY dd.nik, dd.line
	),
	u AS (
		SELECT DISTINCT ON (uu.nik) uu.nik, uu.nama, uu.no_kk
		FROM usulan_row uu
		WHERE uu.batch_id = ANY (ub) AND uu.batch_id BETWEEN ub_lo AND ub_hi
		  AND uu.nik = ANY (ARRAY(SELECT c.nik FROM dicek c))
		ORDER BY uu.nik, uu.batch_id DESC, uu.line DESC
	),
	f AS (
		SELECT DISTINCT ON (ff.nik) ff.nik, ff.nama, ff.no_kk
		FROM feedback_row ff
		WHERE ff.batch_id = ANY (fb) AND ff.batch_id BETWEEN fb_lo AND fb_hi
		  AND ff.nik = ANY (ARRAY(SELECT c.nik FROM dicek c))
		ORDER BY ff.nik, ff.batch_id DESC, ff.line DESC
	),
	-- N*'s rows of these NIKs (the first of the batch).
	n AS (
		SELECT DISTINCT ON (nn.nik) nn.nik, nn.nama, nn.no_kk
		FROM kependudukan_row nn
		WHERE nn.batch_id = nb AND nn.nik = ANY (ARRAY(SELECT c.nik FROM dicek c))
		ORDER BY nn.nik, nn.line
	),
	-- Per NIK: B*'s row that says the most (AKTIF PBPU_PEMDA first).
	b1 AS (
		SELECT DISTINCT ON (b.nik) b.*
		FROM b
		ORDER BY b.nik, b.status = 'AKTIF' DESC, b.segmen = 'PBPU_PEMDA' DESC, b.line
	),
	kasus AS (
		SELECT c.nik, c.i,
		       CASE WHEN m.nik IS NOT NULL THEN 'MENINGGAL'
		            WHEN b1.status = 'AKTIF' AND b1.segmen = 'PBPU_PEMDA' THEN 'AKTIF_PEMDA'
		            WHEN s.nik IS NOT NULL THEN 'AKTIF_SEGMEN_LAIN'
		            WHEN b1.nik IS NOT NULL THEN 'NON_AKTIF'	-- no AKTIF row left
		            WHEN NOT rekon_nik_valid(c.nik) THEN 'NIK_TIDAK_VALID'
		            WHEN nb IS NOT NULL AND n.nik IS NULL
		                 AND rekon_lahir_sebelum_n(c.nik, np) THEN 'BUKAN_PENDUDUK'
		            ELSE 'TIDAK_DITEMUKAN' END AS kasus,
		       m.nik IS NOT NULL AS di_m, b1.segmen AS b_segmen, s.segmen AS s_segmen,
		       s.sumber AS s_sumber,
		       coalesce(nullif(b1.nama, ''), nullif(d.nama, ''), nullif(u.nama, ''),
		                nullif(f.nama, ''), nullif(m.nama, ''), nullif(n.nama, '')) AS nama,
		       coalesce(nullif(b1.no_kk, ''), nullif(d.no_kk, ''), nullif(u.no_kk, ''),
		                nullif(f.no_kk, ''), nullif(n.no_kk, '')) AS no_kk
		FROM dicek c
		LEFT JOIN m ON m.nik = c.nik
		LEFT JOIN b1 ON b1.nik = c.nik
		LEFT JOIN s ON s.nik = c.nik
		LEFT JOIN d ON d.nik = c.nik
		LEFT JOIN u ON u.nik = c.nik
		LEFT JOIN f ON f.nik = c.nik
		LEFT JOIN n ON n.nik = c.nik
	)
	SELECT k.nik, k.kasus,
	       CASE k.kasus
	            WHEN 'MENINGGAL' THEN 'Tidak perlu didaftarkan; pastikan dikeluarkan dari daftar'
	            WHEN 'AKTIF_PEMDA' THEN 'Peserta aktif; bila belum punya kartu, minta cetak E-ID ke BPJS'
	            WHEN 'AKTIF_SEGMEN_LAIN' THEN 'Sudah dijamin segmen lain'
	            WHEN 'NON_AKTIF' THEN 'Buat surat pernyataan pengalihan bermaterai; kirim ke BPJS'
	            WHEN 'NIK_TIDAK_VALID' THEN 'Rujuk ke Disdukcapil untuk perbaikan NIK'
	            WHEN 'BUKAN_PENDUDUK' THEN 'Cek keaktifan NIK ke Disdukcapil (perekaman bila perlu); setelah NIK aktif, buat formulir peserta baru'
	            ELSE 'Buat formulir peserta baru bermaterai dengan fotokopi KK dan KTP; kirim ke BPJS'
	       END,
	       CASE k.kasus WHEN 'AKTIF_PEMDA' THEN 'PBPU_PEMDA'
	                    WHEN 'AKTIF_SEGMEN_LAIN' THEN k.s_segmen
	                    WHEN 'NON_AKTIF' THEN k.b_segmen END,
	       CASE k.kasus WHEN 'MENINGGAL' THEN 'KEMATIAN'
	                    WHEN 'AKTIF_PEMDA' THEN 'BPJS'
	                    WHEN 'AKTIF_SEGMEN_LAIN' THEN k.s_sumber
	                    WHEN 'NON_AKTIF' THEN 'BPJS' END,
	       k.nama, k.no_kk
	FROM kasus k
	ORDER BY k.i;
END
$$;

-- The check of each NIK given, in the order given (each NIK once; NULLs are
-- skipped; spaces, dots and hyphens are dropped as the importer does).
-- A SQL function: inlined into the caller's query, so the call costs
-- nothing beside rekon_cek_inti's.
CREATE OR REPLACE FUNCTION rekon_cek(niks text[], periode text DEFAULT NULL)
RETURNS TABLE (nik text, kasus text, tindakan text, segmen text, sumber text, nama text, no_kk text)
LANGUAGE sql STABLE AS $$
	SELECT * FROM rekon_cek_inti($1, NULL, $2)
$$;

-- Every NIK that carries the no_kk in D, N*, Bp*, U or F (D, U and F of P*),
-- each checked as rekon_cek does, ordered by NIK. (The argument is named
-- kk: an input named no_kk would clash with the output column no_kk.) An
-- empty kk finds nobody.
CREATE OR REPLACE FUNCTION rekon_cek_kk(kk text, periode text DEFAULT NULL)
RETURNS TABLE (nik text, kasus text, tindakan text, segmen text, sumber text, nama text, no_kk text)
LANGUAGE sql STABLE AS $$
	SELECT * FROM rekon_cek_inti(NULL, coalesce($1, ''), $2) c ORDER BY c.nik COLLATE "C"
$$;
