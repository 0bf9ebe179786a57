-- 003_persen.sql — percentages wide enough for any quota: a kuota typo
-- (kuota.2026 = 1) must give a month that says 372890000.0 %, which the
-- Kabid sees and fixes, not a reconciliation that fails to store.
ALTER TABLE rekon_ringkasan
	ALTER COLUMN terpakai_persen TYPE numeric(14, 1),
	ALTER COLUMN serapan_persen TYPE numeric(14, 1);
