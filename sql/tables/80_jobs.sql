-- -------------------------------------------------------------------
-- The job log: what each scheduled publication job found and did
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.job_log (
    job_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job            text NOT NULL,
    year           int NOT NULL,
    strict         boolean NOT NULL,
    outcome        text NOT NULL CONSTRAINT job_outcome_known
                   CHECK (outcome IN ('published', 'already published', 'inputs changed', 'not ready')),
    publication_id bigint NULL,
    run_id         bigint NULL,
    missing        text[] NOT NULL DEFAULT '{}',
    message        text NOT NULL,
    ran_by         text NOT NULL DEFAULT current_user,
    ran_at         timestamptz NOT NULL DEFAULT clock_timestamp()
);
COMMENT ON TABLE cop_alloc.job_log IS
    'One row per call of publish_when_ready(year, strict) that ended (a strict call that raises leaves no row: its transaction is rolled back; use CALL cop_alloc.publication_job to keep it): the outcome, the publication, what was missing. Append-only.';
COMMENT ON COLUMN cop_alloc.job_log.job_id IS 'Entry number, in the order the jobs ended.';
COMMENT ON COLUMN cop_alloc.job_log.job IS 'The job: publish_when_ready.';
COMMENT ON COLUMN cop_alloc.job_log.year IS 'The exercise.';
COMMENT ON COLUMN cop_alloc.job_log.strict IS 'Whether the call was strict (raises when not ready).';
COMMENT ON COLUMN cop_alloc.job_log.outcome IS
    'published (this call published the year), already published (nothing to do), inputs changed (already published, but the inputs no longer give the published fingerprint), not ready (steps missing, listed in missing).';
COMMENT ON COLUMN cop_alloc.job_log.publication_id IS 'The publication made or found; NULL when not ready.';
COMMENT ON COLUMN cop_alloc.job_log.run_id IS 'Its run.';
COMMENT ON COLUMN cop_alloc.job_log.missing IS 'When not ready: the steps missing, as status(year).missing gives them.';
COMMENT ON COLUMN cop_alloc.job_log.message IS 'What happened, in French.';
COMMENT ON COLUMN cop_alloc.job_log.ran_by IS 'The role that ran the job.';
COMMENT ON COLUMN cop_alloc.job_log.ran_at IS 'When the job ended.';
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.job_log', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.job_log', 'job_id'), '');
