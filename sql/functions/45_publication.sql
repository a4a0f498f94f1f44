CREATE OR REPLACE VIEW cop_alloc.current_publication WITH (security_invoker = true) AS
SELECT p.publication_id, p.year, p.run_id, p.published_at, p.published_by,
       p.supersedes, p.supersede_reason, p.forced_reason, p.missing, p.deliberated_on
  FROM cop_alloc.publication p
 WHERE NOT EXISTS (SELECT FROM cop_alloc.publication s WHERE s.supersedes = p.publication_id);
COMMENT ON VIEW cop_alloc.current_publication IS 'The publication in force of each published year (not superseded).';
COMMENT ON COLUMN cop_alloc.current_publication.publication_id IS 'The publication in force.';
COMMENT ON COLUMN cop_alloc.current_publication.year IS 'The published exercise.';
COMMENT ON COLUMN cop_alloc.current_publication.run_id IS 'Its published run.';
COMMENT ON COLUMN cop_alloc.current_publication.published_at IS 'When it was published.';
COMMENT ON COLUMN cop_alloc.current_publication.published_by IS 'The role that published it.';
COMMENT ON COLUMN cop_alloc.current_publication.supersedes IS 'The publication it replaced, if any.';
COMMENT ON COLUMN cop_alloc.current_publication.supersede_reason IS 'Why it replaced it.';
COMMENT ON COLUMN cop_alloc.current_publication.forced_reason IS 'Why it was published although approvals were missing.';
COMMENT ON COLUMN cop_alloc.current_publication.missing IS 'The approvals missing when it was forced.';
COMMENT ON COLUMN cop_alloc.current_publication.deliberated_on IS 'The legal date of the distribution: the general assembly''s approving meeting.';

CREATE OR REPLACE VIEW cop_alloc.published_operating WITH (security_invoker = true) AS
SELECT p.year, l.chamber_code, l.operating
  FROM cop_alloc.current_publication p
  JOIN cop_alloc.run_line l ON l.run_id = p.run_id;
COMMENT ON VIEW cop_alloc.published_operating IS
    'Each chamber''s operating part in the published distribution of each year: what carry_forward(year + 1) writes into exercise_chamber.previous_operating, the base of next year''s tunnel. Grants from the reserve are not in it: nothing flows back through equalisation.';
COMMENT ON COLUMN cop_alloc.published_operating.year IS 'The published exercise.';
COMMENT ON COLUMN cop_alloc.published_operating.chamber_code IS 'The recipient chamber.';
COMMENT ON COLUMN cop_alloc.published_operating.operating IS 'Its operating part, euros.';

CREATE OR REPLACE VIEW cop_alloc.published_distribution WITH (security_invoker = true) AS
SELECT p.year, p.run_id, l.chamber_code, l.operating, l.performance_envelope, l.deduction,
       l.performance, l.total
  FROM cop_alloc.current_publication p
  JOIN cop_alloc.run_line l ON l.run_id = p.run_id;
COMMENT ON VIEW cop_alloc.published_distribution IS 'The lines of the published distribution of each year, as allocate(year) gave them when published.';
COMMENT ON COLUMN cop_alloc.published_distribution.year IS 'The published exercise.';
COMMENT ON COLUMN cop_alloc.published_distribution.run_id IS 'Its published run.';
COMMENT ON COLUMN cop_alloc.published_distribution.chamber_code IS 'The recipient chamber.';
COMMENT ON COLUMN cop_alloc.published_distribution.operating IS 'Operating part, euros.';
COMMENT ON COLUMN cop_alloc.published_distribution.performance_envelope IS 'Performance envelope, euros.';
COMMENT ON COLUMN cop_alloc.published_distribution.deduction IS 'Deductions, euros.';
COMMENT ON COLUMN cop_alloc.published_distribution.performance IS 'Performance part, euros.';
COMMENT ON COLUMN cop_alloc.published_distribution.total IS 'Total, euros.';

-- -------------------------------------------------------------------
-- publish(run_id): the one distribution of its year
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.publish(run_id bigint, supersede_reason text DEFAULT NULL, force_reason text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rid bigint := $1;
    why_supersede text := nullif(btrim($2), '');
    why_force text := nullif(btrim($3), '');
    r record;
    cur record;
    gaps text[];
    granted numeric;
    pid bigint;
    legal_on date;
BEGIN
    PERFORM cop_alloc.require_party('finance');
    SELECT x.* INTO r FROM cop_alloc.run x WHERE x.run_id = rid;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'run % does not exist', rid
            USING ERRCODE = 'no_data_found', HINT = 'Make one with cop_alloc.run(year, note).';
    END IF;
    -- Runs and publications of a year happen one at a time; what follows
    -- reads the tables after the lock is granted (read committed).
    PERFORM cop_alloc.lock_year(r.year);
    SELECT p.* INTO cur FROM cop_alloc.current_publication p WHERE p.year = r.year;
    IF FOUND THEN
        IF cur.run_id = rid THEN
            RAISE EXCEPTION 'run % is already the published distribution of %', rid, r.year
                USING ERRCODE = 'unique_violation',
                      DETAIL = format('Publication %s made it the distribution of %s.', cur.publication_id, r.year);
        END IF;
        IF why_supersede IS NULL THEN
            RAISE EXCEPTION 'exercise % is already published by run %', r.year, cur.run_id
                USING ERRCODE = 'unique_violation',
                      DETAIL = format('Publication %s of %s made run %s its distribution.', cur.publication_id, cur.published_at, cur.run_id),
                      HINT = format('To replace it, call publish(%s, supersede_reason => ''...''); the reason is kept.', rid);
        END IF;
        SELECT coalesce(sum(CASE WHEN g.cancels IS NULL THEN g.amount ELSE -g.amount END), 0) INTO granted
          FROM cop_alloc.reserve_grant g
         WHERE g.year = r.year;
        IF granted > r.reserve THEN
            RAISE EXCEPTION 'run % leaves a reserve of % for exercise %, less than the % already granted from it',
                            rid, cop_alloc.format_euros(r.reserve), r.year, cop_alloc.format_euros(granted)
                USING ERRCODE = 'check_violation',
                      HINT = 'Cancel grants first (cop_alloc.cancel_grant).';
        END IF;
    ELSIF why_supersede IS NOT NULL THEN
        RAISE EXCEPTION 'exercise % has no publication to supersede', r.year
            USING ERRCODE = 'no_data_found', HINT = 'Publish without supersede_reason.';
    END IF;

    -- the legal date: the meeting that approved the distribution
    SELECT s.missing, CASE WHEN s.deliberation IN ('approved', 'deemed approved') THEN s.deliberation_on END
      INTO gaps, legal_on
      FROM cop_alloc.status(r.year, current_date, rid) s;
    IF cardinality(gaps) > 0 THEN
        IF why_force IS NULL THEN
            RAISE EXCEPTION 'exercise % is not ready for publication', r.year
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = array_to_string(gaps, ' '),
                      HINT = 'Record the missing approvals, or pass force_reason => ''...'' to publish anyway; the reason and what was missing are kept.';
        END IF;
        RAISE WARNING 'exercise % published by run % without: %', r.year, rid, array_to_string(gaps, ' ');
    ELSE
        why_force := NULL;
        gaps := '{}';
    END IF;

    BEGIN
        INSERT INTO cop_alloc.publication (year, run_id, supersedes, supersede_reason, forced_reason, missing, deliberated_on)
        VALUES (r.year, rid, cur.publication_id, why_supersede, why_force, gaps, coalesce(legal_on, current_date))
        RETURNING publication_id INTO pid;
    EXCEPTION WHEN unique_violation THEN
        -- only reachable when the caller's snapshot predates a concurrent
        -- publication (repeatable read or serializable)
        RAISE EXCEPTION 'exercise % is already published', r.year
            USING ERRCODE = 'unique_violation',
                  DETAIL = 'Another transaction published it first.';
    END;
    PERFORM cop_alloc.notify('publication', jsonb_build_object(
        'year', r.year, 'publication_id', pid, 'run_id', rid, 'supersedes', cur.publication_id,
        'forced', why_force IS NOT NULL, 'deliberated_on', coalesce(legal_on, current_date)));
    RETURN pid;
END
$$;
COMMENT ON FUNCTION cop_alloc.publish(bigint, text, text) IS
    'Makes a run the published distribution of its year and returns the publication_id; its legal date (deliberated_on) is the meeting of the general assembly that approved it, else today. Refused when the year is already published, unless supersede_reason is given (kept with the new publication); refused when status(year) lists something missing (percentage not adopted, deliberation not approved, no express approval of the minister), unless force_reason is given (kept, with what was missing). Takes the year''s lock (lock_year): of two concurrent publications one wins. Sends NOTIFY cop_alloc {"event": "publication", ...} on commit.';

