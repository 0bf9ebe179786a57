-- 004_job_run.sql — one row per run of a job, from the daemon or the command
-- line: what ran, for which month, why (trigger), when, and how it ended.
-- `rekon status` reads it; the daemon's catch-up reads the last scheduled run.
CREATE TABLE job_run (
	id		bigserial PRIMARY KEY,
	job		text NOT NULL,
	period		text NOT NULL,
	trigger		text NOT NULL
			CHECK (trigger IN ('schedule', 'catch_up', 'inbox', 'manual')),
	scheduled_for	timestamptz,	-- the cron time a schedule/catch_up run is for
	started_at	timestamptz NOT NULL DEFAULT now(),
	finished_at	timestamptz,
	outcome		text CHECK (outcome IN ('OK', 'GAGAL', 'CRASH')),
	message		text,
	rows		bigint
);
CREATE INDEX job_run_job_started ON job_run (job, started_at DESC);
