-- ===================================================================
-- Scheduled jobs (pg_cron, cron + psql): publish a year once it is
-- ready, record every outcome in cop_alloc.job_log, tell listeners
-- (NOTIFY cop_alloc), and fail loudly in strict mode so that the
-- scheduler marks the run failed.
-- ===================================================================

-- Append-only (30_append_only.sql).
SELECT cop_alloc.make_append_only('cop_alloc.job_log',
           'The job log keeps the outcome of every job.',
           'Nothing to do: the next job run adds its own row.');

-- -------------------------------------------------------------------
-- publish_when_ready(year, strict)
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.publish_when_ready(year int, strict boolean DEFAULT false) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    y int := $1;
    is_strict boolean := coalesce($2, false);
    cur record;
    st record;
    voted bigint;
    pid bigint;
    rid bigint;
    outcome text;
    msg text;
    gaps text[] := '{}';
    jid bigint;
    who text := cop_alloc.require_party('finance');
BEGIN
    IF y IS NULL THEN
        RAISE EXCEPTION 'the year to publish must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM cop_alloc.lock_year(y);
    SELECT p.* INTO cur FROM cop_alloc.current_publication p WHERE p.year = y;
    IF FOUND THEN
        pid := cur.publication_id;
        rid := cur.run_id;
        IF cop_alloc.current_fingerprint(rid) IS DISTINCT FROM (SELECT r.fingerprint FROM cop_alloc.run r WHERE r.run_id = rid) THEN
            outcome := 'inputs changed';
            msg := format('L''exercice %s est déjà publié (publication %s, run %s), mais ses données ont changé depuis : la répartition publiée ne correspond plus aux données actuelles.',
                          y, pid, rid);
            RAISE WARNING 'exercise % is published by run %, but its inputs have changed since', y, rid
                USING HINT = 'Compare the published run with the current inputs (cop_alloc.published_year); a new publication must supersede it with a reason.';
        ELSE
            outcome := 'already published';
            msg := format('L''exercice %s est déjà publié (publication %s, run %s) : rien à faire.', y, pid, rid);
            RAISE NOTICE 'exercise % is already published by run %', y, rid;
        END IF;
    ELSE
        SELECT s.* INTO st FROM cop_alloc.status(y) s;
        IF NOT st.ready THEN
            outcome := 'not ready';
            gaps := st.missing;
            msg := format('L''exercice %s n''est pas publiable : %s', y, array_to_string(st.missing, ' '));
            IF is_strict THEN
                RAISE EXCEPTION 'exercise % is not ready for publication', y
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = array_to_string(st.missing, ' '),
                          HINT = 'Record the missing steps; the job publishes at its first run once they are recorded.';
            END IF;
            RAISE NOTICE 'exercise % is not ready for publication: %', y, array_to_string(st.missing, ' ');
        ELSE
            -- the run the general assembly voted on, when the vote names one
            SELECT v.run_id INTO voted FROM cop_alloc.deliberation_vote v
             WHERE v.year = y AND v.meeting_on = st.deliberation_on;
            rid := coalesce(voted, cop_alloc.run_if_changed(y, 'publish_when_ready'));
            pid := cop_alloc.publish(rid);
            outcome := 'published';
            msg := format('L''exercice %s est publié (publication %s, run %s).', y, pid, rid);
        END IF;
    END IF;

    INSERT INTO cop_alloc.job_log (job, year, strict, outcome, publication_id, run_id, missing, message, ran_by)
    VALUES ('publish_when_ready', y, is_strict, outcome, pid, rid, gaps, msg, who)
    RETURNING job_id INTO jid;
    PERFORM cop_alloc.notify('job', jsonb_build_object(
        'job', 'publish_when_ready', 'job_id', jid, 'year', y, 'strict', is_strict, 'outcome', outcome,
        'publication_id', pid, 'run_id', rid, 'missing', to_jsonb(gaps)));
    RETURN pid;
END
$$;
COMMENT ON FUNCTION cop_alloc.publish_when_ready(int, boolean) IS
    'For scheduled jobs: publishes exercise year once status(year) is ready (the run voted on, else a run of the current inputs) and returns the publication_id; when already published returns that publication (a warning when its inputs have changed since); when not ready returns NULL with a notice or, when strict, raises (SQLSTATE 55000, the missing steps in the detail) so that cron + psql exits non-zero and pg_cron marks the run failed. Every call that ends records its outcome in job_log (published, already published, inputs changed, not ready) and sends NOTIFY cop_alloc {"event": "job", ...}; a strict call that raises is rolled back with its log row (CALL cop_alloc.publication_job keeps it). Idempotent and serialised by the year''s lock: a job that fires twice publishes once. For the finance party (require_party).';
REVOKE EXECUTE ON FUNCTION cop_alloc.publish_when_ready(int, boolean) FROM PUBLIC;

-- -------------------------------------------------------------------
-- publication_job(year, strict): the same, its log row committed first
-- -------------------------------------------------------------------

-- A procedure with transaction control cannot have a SET clause: every
-- object is schema-qualified instead.
CREATE OR REPLACE PROCEDURE cop_alloc.publication_job(year int, strict boolean DEFAULT true)
LANGUAGE plpgsql
AS $$
DECLARE
    pid bigint;
    gaps text[];
BEGIN
    pid := cop_alloc.publish_when_ready(publication_job.year, false);
    COMMIT;
    IF pid IS NULL AND coalesce(publication_job.strict, true) THEN
        SELECT j.missing INTO gaps FROM cop_alloc.job_log j
         WHERE j.year OPERATOR(pg_catalog.=) publication_job.year
         ORDER BY j.job_id DESC LIMIT 1;
        RAISE EXCEPTION 'exercise % is not ready for publication', publication_job.year
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.array_to_string(gaps, ' '),
                  HINT = 'The outcome is recorded in cop_alloc.job_log.';
    END IF;
END
$$;
COMMENT ON PROCEDURE cop_alloc.publication_job(int, boolean) IS
    'For cron + psql and pg_cron: CALL cop_alloc.publication_job(year) runs publish_when_ready(year), commits its outcome to job_log (and its NOTIFY), then, when strict (the default) and the year is not ready, raises (SQLSTATE 55000, the missing steps in the detail) so that the scheduler marks the run failed. Must be called outside a transaction block.';
