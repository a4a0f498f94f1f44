-- -------------------------------------------------------------------
-- status(year, as_of): where the exercise stands, what is missing
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.status(year int, as_of date DEFAULT current_date, run_id bigint DEFAULT NULL)
RETURNS TABLE (stage text, percentage text, percentage_from date,
               deliberation text, deliberation_on date, minister text, minister_on date,
               latest_run bigint, published_run bigint, ready boolean, missing text[],
               inputs_changed boolean, input_errors bigint)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    y int := $1;
    d date := coalesce($2, current_date);
    rid bigint := $3;
    e record;
    r cop_alloc.run;
    pct numeric;
    pp record;
    other record;
    vv record;
    vrow record;
    ma record;
    gaps text[] := '{}';
    first_gap text;
BEGIN
    SELECT x.* INTO e FROM cop_alloc.exercise x WHERE x.year = y;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'exercise % does not exist', y
            USING ERRCODE = 'no_data_found', HINT = 'Insert it into cop_alloc.exercise.';
    END IF;
    IF rid IS NOT NULL THEN
        SELECT x.* INTO r FROM cop_alloc.run x WHERE x.run_id = rid;
        IF NOT FOUND OR r.year <> y THEN
            RAISE EXCEPTION 'run % is not a run of exercise %', rid, y USING ERRCODE = 'no_data_found';
        END IF;
        pct := (r.parameters ->> 'operating_pct')::numeric;
    ELSE
        pct := e.operating_pct;
    END IF;

    -- 1. The operating percentage, proposed to the minister (R312-2 1°):
    -- an adopted proposal of this percentage, else the latest one.
    SELECT p.proposal_id, p.received_on, o.state, o.adopted_from, o.deadline, pd.notified_on INTO pp
      FROM cop_alloc.percentage_proposal p
      LEFT JOIN cop_alloc.percentage_decision pd ON pd.proposal_id = p.proposal_id
     CROSS JOIN LATERAL cop_alloc.percentage_outcome(p.received_on, pd.decision, pd.notified_on, d) o
     WHERE p.year = y AND p.received_on <= d AND p.operating_pct = pct
     ORDER BY o.state IN ('approved', 'tacitly adopted') DESC, p.received_on DESC, p.proposal_id DESC
     LIMIT 1;
    IF NOT FOUND THEN
        percentage := 'none';
        SELECT p.operating_pct, p.received_on INTO other
          FROM cop_alloc.percentage_proposal p
         WHERE p.year = y AND p.received_on <= d
         ORDER BY p.received_on DESC, p.proposal_id DESC LIMIT 1;
        IF FOUND THEN
            gaps := gaps || format('No proposal of the operating percentage %s of exercise %s has been received by the minister; the latest proposal, received on %s, was %s (R312-2 1°).',
                                   pct, y, other.received_on, other.operating_pct);
        ELSE
            gaps := gaps || format('No proposal of the operating percentage %s of exercise %s has been received by the minister (R312-2 1°).', pct, y);
        END IF;
    ELSE
        percentage := pp.state;
        percentage_from := pp.adopted_from;
        IF pp.state = 'pending' THEN
            gaps := gaps || format('The proposal of the operating percentage %s received on %s awaits the minister: failing express approval or opposition it is adopted at the end of %s (R312-2 1°).',
                                   pct, pp.received_on, pp.deadline);
        ELSIF pp.state = 'opposed' THEN
            gaps := gaps || format('The minister opposed the operating percentage %s on %s (R312-2 1°).', pct, pp.notified_on);
        END IF;
    END IF;
    IF cardinality(gaps) > 0 THEN
        first_gap := 'percentage';
    END IF;

    -- 2. The general assembly's deliberation (R312-2, D333-2): its latest meeting.
    SELECT o.*, v.members_in_office, v.members_present, v.votes_for, v.votes_against, v.run_id AS voted_run
      INTO vv
      FROM cop_alloc.deliberation_votes(y, d) o
      JOIN cop_alloc.deliberation_vote v ON v.vote_id = o.vote_id
     ORDER BY o.meeting_on DESC LIMIT 1;
    IF NOT FOUND THEN
        deliberation := 'none';
        gaps := gaps || format('The general assembly has not voted the distribution of %s (R312-2, D333-2).', y);
    ELSE
        deliberation := vv.outcome;
        deliberation_on := vv.meeting_on;
        IF vv.outcome = 'no quorum' THEN
            IF d <= vv.second_meeting_by THEN
                gaps := gaps || format('The general assembly of %s lacked the quorum (%s members present of %s in office, two thirds required); a second meeting held by %s deliberates without quorum (D333-2).',
                                       vv.meeting_on, vv.members_present, vv.members_in_office, vv.second_meeting_by);
            ELSE
                gaps := gaps || format('The general assembly of %s lacked the quorum (%s members present of %s in office, two thirds required) and no second meeting was held by %s: a new meeting needs the quorum (D333-2).',
                                       vv.meeting_on, vv.members_present, vv.members_in_office, vv.second_meeting_by);
            END IF;
        ELSIF vv.outcome = 'rejected' THEN
            gaps := gaps || format('The general assembly rejected the distribution on %s: %s for, %s against, an opposition of two thirds of the %s members present (D333-2).',
                                   vv.meeting_on, vv.votes_for, vv.votes_against, vv.members_present);
        ELSE
            IF percentage_from IS NOT NULL AND vv.meeting_on < percentage_from THEN
                gaps := gaps || format('The deliberation of %s precedes the adoption of the operating percentage on %s: it must follow the minister''s decision (R312-2).',
                                       vv.meeting_on, percentage_from);
            END IF;
            IF rid IS NOT NULL AND vv.voted_run IS NOT NULL AND vv.voted_run <> rid
               AND (SELECT x.fingerprint FROM cop_alloc.run x WHERE x.run_id = vv.voted_run) <> r.fingerprint THEN
                gaps := gaps || format('The general assembly voted on run %s; run %s was computed from other inputs.', vv.voted_run, rid);
            END IF;
        END IF;
    END IF;
    IF first_gap IS NULL AND cardinality(gaps) > 0 THEN
        first_gap := 'deliberation';
    END IF;

    -- 3. The minister's express approval of that deliberation (D333-5 1° b).
    IF vv.outcome IN ('approved', 'deemed approved') THEN
        SELECT m.* INTO ma FROM cop_alloc.minister_approval m
         WHERE m.vote_id = vv.vote_id AND m.decided_on <= d;
        IF NOT FOUND THEN
            minister := 'none';
            gaps := gaps || format('The minister has not expressly approved the deliberation of %s: it is enforceable only once approved (D333-5 1° b).', vv.meeting_on);
        ELSE
            minister := ma.decision;
            minister_on := ma.decided_on;
            IF ma.decision = 'refused' THEN
                gaps := gaps || format('The minister refused the deliberation of %s on %s: %s (D333-5).', vv.meeting_on, ma.decided_on, ma.note);
            END IF;
        END IF;
    ELSE
        minister := 'none';
        gaps := gaps || 'The minister''s express approval is required once the general assembly has approved the distribution (D333-5 1° b).'::text;
    END IF;
    IF first_gap IS NULL AND cardinality(gaps) > 0 THEN
        first_gap := 'minister';
    END IF;

    -- 4. The inputs: check_exercise's errors (missing results, bounds ...).
    SELECT count(*) INTO input_errors FROM cop_alloc.check_exercise(y) c WHERE c.severity = 'error';
    IF input_errors > 0 THEN
        gaps := gaps || format('check_exercise(%s) lists %s error(s) in the inputs: no run or publication until they are corrected.', y, input_errors);
        first_gap := coalesce(first_gap, 'inputs');
    END IF;

    SELECT max(x.run_id) INTO latest_run FROM cop_alloc.run x WHERE x.year = y AND x.ran_at::date <= d;
    SELECT p.run_id INTO published_run FROM cop_alloc.publication p
     WHERE p.year = y AND p.published_at::date <= d ORDER BY p.publication_id DESC LIMIT 1;
    stage := CASE WHEN published_run IS NOT NULL THEN 'published' ELSE coalesce(first_gap, 'ready') END;
    ready := cardinality(gaps) = 0;
    missing := gaps;
    -- a published year whose inputs no longer give the published fingerprint
    inputs_changed := published_run IS NOT NULL
        AND (SELECT x.fingerprint FROM cop_alloc.run x WHERE x.run_id = published_run)
            IS DISTINCT FROM cop_alloc.fingerprint(y);
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION cop_alloc.status(int, date, bigint) IS
    'Where exercise year stands as of a date: the operating percentage (R312-2 1°: none, pending, approved, tacitly adopted, opposed), the general assembly''s deliberation (D333-2: none, no quorum, approved, deemed approved, rejected), the minister''s approval (D333-5: none, approved, refused), the latest and the published run, the stage (percentage, deliberation, minister, inputs, ready, published), the sentences saying what is missing, inputs_changed: true when the year is published and its inputs today no longer give the published run''s fingerprint (see published_year), and input_errors: how many errors check_exercise(year) lists today (counted among what is missing when not 0). With a run_id, checks that run''s percentage and that it has the inputs of the run voted on.';
