-- 017_ditolak.sql — a job that refused, as it should, is no failed job
-- (issue 16): a closed period's rerun without --force, `sk --final` while
-- the SK is in its approval chain.
--
-- Glossary
--   DITOLAK   job_run.outcome of a run that refused: `rekon status` and the
--             web front show it, and no failure goes to the webhook
ALTER TABLE job_run DROP CONSTRAINT job_run_outcome_check;
ALTER TABLE job_run ADD CONSTRAINT job_run_outcome_check
	CHECK (outcome IN ('OK', 'GAGAL', 'CRASH', 'DITOLAK'));
