-- -------------------------------------------------------------------
-- BI, the annex and jobs.
-- -------------------------------------------------------------------

-- The legal date of a publication, apart from the time it was recorded.
-- A publication made by 0.1.0 takes the latest general-assembly meeting of
-- its year held by the day it was published (the deliberation it
-- published), else that day.  publication is append-only: its guard is
-- set aside for this one statement (ENABLE ALWAYS is restored below and
-- again by sql/functions/40_runs.sql).
ALTER TABLE cop_alloc.publication ADD COLUMN deliberated_on date NOT NULL DEFAULT current_date;
COMMENT ON COLUMN cop_alloc.publication.deliberated_on IS
    'The legal date of the distribution: the meeting of the general assembly that approved it (status(year).deliberation_on), else, when published without an approved deliberation, the day it was published. published_at is when it was recorded. Publications made by 0.1.0 take the date of the latest general-assembly meeting of their year held by the day they were published.';
ALTER TABLE cop_alloc.publication DISABLE TRIGGER publication_append_only;
UPDATE cop_alloc.publication p
   SET deliberated_on = coalesce(
           (SELECT max(v.meeting_on) FROM cop_alloc.deliberation_vote v
             WHERE v.year OPERATOR(pg_catalog.=) p.year
               AND v.meeting_on OPERATOR(pg_catalog.<=) p.published_at::date),
           p.published_at::date);
ALTER TABLE cop_alloc.publication ENABLE ALWAYS TRIGGER publication_append_only;

-- The reserve ledger: dated by the legal date, in date order, with plain
-- column types (its columns change).
DROP VIEW cop_alloc.reserve_ledger;

-- status gains a last column, inputs_changed.
DROP FUNCTION cop_alloc.status(int, date, bigint);

-- publish_when_ready(year) becomes publish_when_ready(year, strict).
DROP FUNCTION cop_alloc.publish_when_ready(int);

-- The job log (new in 0.2.0), as sql/tables/80_jobs.sql creates it.
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
