-- 05_retensi.sql — retention of imported rows (operations.md "Retention of
-- personal data"; docs/decisions.md "Retention of imported rows").
--
-- Glossary
--   batas      the first kept period: the current month less
--              retention_months. Periods before it are old.
--   tetap      a kept period: batas and every period on or after it that
--              rekon knows, and every old period that is not closed (no
--              `sk --final`): retention never touches those
--   q          the latest period before batas with stored proposal
--              outcomes: batas's usulan carries its waiting rows (§8)
--   dibutuhkan a batch a kept period still needs: every batch that counts
--              for it (rekon_batches_for: its own lists, the DTKS, segmen
--              lists and population extract in force, every death record
--              and decision), its Bprev, the feedback of the month before
--              it (§3's TIDAK_DITETAPKAN), and every batch a surviving
--              result row points at (q's waiting rows among them)
--
-- The job (jobs/retention.c), each step its own transaction:
--   for each period of rekon_retensi_periode(batas):
--     store its JSON summary (ringkasan_simpan), then
--     rekon_retensi_periode_hapus(p)     its per-row results
--   for each batch of rekon_retensi_batch(batas):
--     rekon_retensi_batch_hapus(id)      its partitions and rejected rows

-- The kept periods (tetap) for a cutoff.
CREATE OR REPLACE FUNCTION rekon_retensi_tetap(batas text) RETURNS SETOF text
LANGUAGE sql STABLE AS $$
	SELECT $1
	UNION
	SELECT x.period FROM (SELECT period FROM periode
	                      UNION SELECT period FROM batch) x
	WHERE x.period >= $1
	   OR NOT EXISTS (SELECT 1 FROM periode pe WHERE pe.period = x.period
	                  AND pe.closed_at IS NOT NULL)
$$;

-- q for a cutoff: the latest period before it with stored proposal outcomes.
CREATE OR REPLACE FUNCTION rekon_retensi_q(batas text) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT max(r.period) FROM usulan_ruang r WHERE r.period < $1
$$;

-- The old, closed periods whose per-row results have not gone yet.
CREATE OR REPLACE FUNCTION rekon_retensi_periode(batas text)
RETURNS TABLE (period text, baris bigint)
LANGUAGE sql STABLE AS $$
	SELECT pe.period,
	       (SELECT count(*) FROM peserta_hasil h WHERE h.period = pe.period)
	     + (SELECT count(*) FROM sk_daftar h WHERE h.period = pe.period)
	     + (SELECT count(*) FROM usulan_hasil h WHERE h.period = pe.period
	        AND h.hasil <> 'DITERUSKAN'
	        AND NOT (pe.period = rekon_retensi_q($1) AND h.hasil = 'MENUNGGU_KUOTA'))
	     + (SELECT count(*) FROM gagal_hasil h WHERE h.period = pe.period)
	     + (SELECT count(*) FROM hilang h WHERE h.period = pe.period)
	     + (SELECT count(*) FROM mutasi h WHERE h.period = pe.period)
	     + (SELECT count(*) FROM tindak_lanjut h WHERE h.period = pe.period)
	     + (SELECT count(*) FROM usul_nonaktif h WHERE h.period = pe.period)
	     + (SELECT count(*) FROM calon_ganda h WHERE h.period = pe.period)
	FROM periode pe
	WHERE pe.period < $1 AND pe.closed_at IS NOT NULL AND pe.retensi_at IS NULL
	ORDER BY pe.period
$$;

-- One old period's per-row results go; what stays: the proposals forwarded
-- to BPJS (DITERUSKAN: R and §8 read them), q's waiting rows (carried into
-- batas), the claims of §9 (kelebihan_bayar, money the region claims
-- back), the signed SK list (sk_final) and every figure. The number of rows
-- deleted.
CREATE OR REPLACE FUNCTION rekon_retensi_periode_hapus(p text, batas text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	n  bigint := 0;
	k  bigint;
	t  text;
	q  text := rekon_retensi_q(batas);
BEGIN
	IF NOT EXISTS (SELECT 1 FROM periode pe WHERE pe.period = p
	               AND pe.closed_at IS NOT NULL AND p < batas) THEN
		RAISE EXCEPTION 'rekon_retensi_periode_hapus: % is not an old closed period', p;
	END IF;
	FOREACH t IN ARRAY ARRAY['peserta_hasil', 'sk_daftar'] LOOP
		EXECUTE format('SELECT count(*) FROM %I WHERE period = $1', t) INTO k USING p;
		n := n + k;
		IF to_regclass(rekon_periode_partisi(t, p)) IS NOT NULL THEN
			EXECUTE format('DROP TABLE %I', rekon_periode_partisi(t, p));
		END IF;
		EXECUTE format('DELETE FROM %I WHERE period = $1', t) USING p;	-- the default partition
	END LOOP;
	DELETE FROM usulan_hasil h WHERE h.period = p AND h.hasil <> 'DITERUSKAN'
	  AND NOT (p = q AND h.hasil = 'MENUNGGU_KUOTA');
	GET DIAGNOSTICS k = ROW_COUNT;
	n := n + k;
	DELETE FROM gagal_hasil h WHERE h.period = p;
	GET DIAGNOSTICS k = ROW_COUNT;
	n := n + k;
	DELETE FROM hilang h WHERE h.period = p;
	GET DIAGNOSTICS k = ROW_COUNT;
	n := n + k;
	DELETE FROM mutasi h WHERE h.period = p;
	GET DIAGNOSTICS k = ROW_COUNT;
	n := n + k;
	DELETE FROM tindak_lanjut h WHERE h.period = p;
	GET DIAGNOSTICS k = ROW_COUNT;
	n := n + k;
	DELETE FROM usul_nonaktif h WHERE h.period = p;
	GET DIAGNOSTICS k = ROW_COUNT;
	n := n + k;
	-- §10's scored pairs name two keys each; the model's figures stay.
	DELETE FROM calon_ganda h WHERE h.period = p;
	GET DIAGNOSTICS k = ROW_COUNT;
	n := n + k;
	UPDATE periode SET retensi_at = now() WHERE period = p;
	RETURN n;
END
$$;

-- The batches whose rows may go for a cutoff, with their row counts:
-- accepted rows (in the kind's table) and rejected rows.
CREATE OR REPLACE FUNCTION rekon_retensi_batch(batas text)
RETURNS TABLE (id bigint, kind text, period text, baris bigint, ditolak bigint)
LANGUAGE sql STABLE AS $$
	WITH
	tetap AS (SELECT t AS period FROM rekon_retensi_tetap($1) t),
	-- periods whose result rows survive whole
	utuh AS (SELECT t.period FROM tetap t
	         UNION SELECT pe.period FROM periode pe WHERE pe.retensi_at IS NULL
	               AND pe.period NOT IN (SELECT x.period FROM rekon_retensi_periode($1) x)),
	dibutuhkan AS (
		SELECT b.id FROM tetap t, rekon_batches_for(t.period) b
		UNION SELECT rekon_bprev_batch(t.period) FROM tetap t
		-- §3's TIDAK_DITETAPKAN reads F of P-1 too
		UNION SELECT b.id FROM tetap t JOIN batch b ON b.kind = 'feedback'
		      AND b.period = rekon_period_add(t.period, -1)
		UNION SELECT h.batch_id FROM usulan_hasil h
		      WHERE h.period IN (SELECT u.period FROM utuh u)
		         OR (h.period = rekon_retensi_q($1) AND h.hasil = 'MENUNGGU_KUOTA')
		UNION SELECT h.batch_id FROM gagal_hasil h WHERE h.period IN (SELECT u.period FROM utuh u)
		UNION SELECT h.batch_id FROM peserta_hasil h WHERE h.period IN (SELECT u.period FROM utuh u)
		UNION SELECT h.batch_id FROM sk_daftar h WHERE h.period IN (SELECT u.period FROM utuh u)
		UNION SELECT h.batch_id FROM tindak_lanjut h WHERE h.period IN (SELECT u.period FROM utuh u)
		UNION SELECT h.batch_id FROM usul_nonaktif h WHERE h.period IN (SELECT u.period FROM utuh u)
	)
	SELECT b.id, b.kind, b.period, b.accepted::bigint, b.rejected::bigint
	FROM batch b
	WHERE b.outcome = 'OK' AND b.retensi_at IS NULL AND b.period < $1
	  AND b.kind NOT IN ('kematian', 'keputusan')
	  AND EXISTS (SELECT 1 FROM periode pe WHERE pe.period = b.period
	              AND pe.closed_at IS NOT NULL)
	  AND b.id NOT IN (SELECT d.id FROM dibutuhkan d WHERE d.id IS NOT NULL)
	ORDER BY b.period, b.id
$$;

-- What a dropped batch (`rekon batch drop`) takes with it: the results that
-- point at its rows, and its partitions. One definition for both callers:
-- batch's trigger (008, 020) calls it on one server; on Citus, where batch
-- can have no trigger (docs/scale.md), `rekon batch drop` calls it itself
-- before it deletes the batch row, and on one server the trigger then finds
-- nothing left to do.
CREATE OR REPLACE FUNCTION rekon_batch_isi_hapus(b bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	t text;
BEGIN
	-- Citus: batch (a reference table) is deleted later in this
	-- transaction, which it refuses after a parallel operation on a
	-- distributed table; one connection per node until the end of the
	-- transaction. One server: a setting nothing reads.
	PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
	DELETE FROM usulan_hasil WHERE batch_id = b;
	DELETE FROM gagal_hasil WHERE batch_id = b;
	DELETE FROM peserta_hasil WHERE batch_id = b;
	FOREACH t IN ARRAY ARRAY['dtks_row', 'usulan_row', 'feedback_row',
	    'peserta_row', 'segmen_row', 'kematian_row', 'kependudukan_row',
	    'keputusan_row'] LOOP
		IF to_regclass(t || '_b' || b) IS NOT NULL THEN
			EXECUTE format('DROP TABLE %I', t || '_b' || b);
		END IF;
	END LOOP;
END $$;

CREATE OR REPLACE FUNCTION rekon_batch_hapus() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM rekon_batch_isi_hapus(OLD.id);
	RETURN OLD;
END $$;

-- One batch's rows go: the residues R and §8 still read, then its
-- partitions and its rejected rows; the batch record stays, marked. The
-- number of rows deleted (accepted and rejected).
CREATE OR REPLACE FUNCTION rekon_retensi_batch_hapus(b bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	n  bigint := 0;
	k  bigint;
	t  text;
	v_kind text;
BEGIN
	SELECT x.kind INTO v_kind FROM batch x
	WHERE x.id = b AND x.outcome = 'OK' AND x.retensi_at IS NULL
	FOR UPDATE;
	IF v_kind IS NULL THEN
		RAISE EXCEPTION 'rekon_retensi_batch_hapus: batch % is not there or was already removed', b;
	END IF;
	IF v_kind IN ('kematian', 'keputusan') THEN
		RAISE EXCEPTION 'rekon_retensi_batch_hapus: batch % is a % batch: kept', b, v_kind;
	END IF;
	IF v_kind = 'feedback' THEN
		INSERT INTO jawaban_sisa (batch_id, line, nik, hasil, noka, tmt)
		SELECT f.batch_id, f.line, f.nik, f.hasil, f.noka, f.tmt
		FROM feedback_row f WHERE f.batch_id = b;
	ELSIF v_kind = 'peserta' THEN
		INSERT INTO peserta_sisa (batch_id, nik)
		SELECT DISTINCT r.batch_id, r.nik FROM peserta_row r
		WHERE r.batch_id = b AND r.segmen = 'PBPU_PEMDA' AND r.status = 'AKTIF'
		  AND r.nik IN (SELECT f.nik FROM feedback_row f WHERE f.hasil = 'BERHASIL'
		                UNION SELECT s.nik FROM jawaban_sisa s WHERE s.hasil = 'BERHASIL');
	END IF;
	FOREACH t IN ARRAY ARRAY['dtks_row', 'usulan_row', 'feedback_row',
	    'peserta_row', 'segmen_row', 'kependudukan_row'] LOOP
		IF to_regclass(t || '_b' || b) IS NOT NULL THEN
			EXECUTE format('SELECT count(*) FROM %I', t || '_b' || b) INTO k;
			n := n + k;
			EXECUTE format('DROP TABLE %I', t || '_b' || b);
		END IF;
	END LOOP;
	DELETE FROM rejected_row WHERE batch_id = b;
	GET DIAGNOSTICS k = ROW_COUNT;
	n := n + k;
	UPDATE batch SET retensi_at = now() WHERE id = b;
	RETURN n;
END
$$;

-- The answers of feedback rows as R and §8 read them: the rows of the
-- batches still there and the residue of those retention dropped.
CREATE OR REPLACE FUNCTION rekon_jawaban()
RETURNS TABLE (batch_id bigint, line integer, nik text, hasil text, noka text, tmt date)
LANGUAGE sql STABLE AS $$
	SELECT f.batch_id, f.line, f.nik, f.hasil, f.noka, f.tmt FROM feedback_row f
	UNION ALL
	SELECT s.batch_id, s.line, s.nik, s.hasil, s.noka, s.tmt FROM jawaban_sisa s
$$;

-- Whether retention dropped a batch `rekon cek --period P` reads (one that
-- counts for P, or the newest participant list of a period <= P): then the
-- cek says so instead of answering from what is left.
CREATE OR REPLACE FUNCTION rekon_retensi_dihapus(p text) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM batch b WHERE b.retensi_at IS NOT NULL
	               AND (b.id IN (SELECT x.id FROM rekon_batches_for($1) x)
	                    OR b.id = rekon_bprev_batch(rekon_period_add($1, 1))))
$$;
