-- -------------------------------------------------------------------
-- The exercise and the run a reading function is asked about
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.require_exercise(year int) RETURNS cop_alloc.exercise
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e cop_alloc.exercise;
BEGIN
    SELECT x.* INTO e FROM cop_alloc.exercise x WHERE x.year OPERATOR(pg_catalog.=) $1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'exercise % does not exist', $1
            USING ERRCODE = 'no_data_found', HINT = 'Insert it into cop_alloc.exercise.';
    END IF;
    RETURN e;
END
$$;
COMMENT ON FUNCTION cop_alloc.require_exercise(int) IS
    'The row of exercise year in cop_alloc.exercise; raises no_data_found (exercise <year> does not exist) when there is none. For status, check_exercise, annex_html and lock_exercise (run, carry_forward).';

CREATE OR REPLACE FUNCTION cop_alloc.run_of_year(year int, run bigint) RETURNS cop_alloc.run
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r cop_alloc.run;
BEGIN
    SELECT x.* INTO r FROM cop_alloc.run x WHERE x.run_id OPERATOR(pg_catalog.=) $2;
    IF NOT FOUND OR r.year OPERATOR(pg_catalog.<>) $1 THEN
        RAISE EXCEPTION 'run % is not a run of exercise %', $2, $1 USING ERRCODE = 'no_data_found';
    END IF;
    RETURN r;
END
$$;
COMMENT ON FUNCTION cop_alloc.run_of_year(int, bigint) IS
    'The row of run in cop_alloc.run; raises no_data_found (run <run> is not a run of exercise <year>) when it does not exist or is a run of another year. For the functions that take a year and optionally one of its runs: status, explain, sources.';

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
    gov record;
BEGIN
    e := cop_alloc.require_exercise(y);
    IF rid IS NOT NULL THEN
        r := cop_alloc.run_of_year(y, rid);
        pct := (r.parameters ->> 'operating_pct')::numeric;
    ELSE
        pct := e.operating_pct;
    END IF;

    -- 0. Above one half, the minister's express authorisation (R312-2 1°).
    gaps := cop_alloc.authorisation_gaps(y, pct, d);
    IF cardinality(gaps) > 0 THEN
        first_gap := 'authorisation';
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
            gaps := gaps || format('Aucune proposition du pourcentage de fonctionnement de %s pour l''exercice %s n''a été reçue par le ministre ; la dernière proposition, reçue le %s, était de %s (R312-2 1°).',
                                   cop_alloc.format_rate(pct), y, cop_alloc.format_date_fr(other.received_on), cop_alloc.format_rate(other.operating_pct));
        ELSE
            gaps := gaps || format('Aucune proposition du pourcentage de fonctionnement de %s pour l''exercice %s n''a été reçue par le ministre (R312-2 1°).', cop_alloc.format_rate(pct), y);
        END IF;
    ELSE
        percentage := pp.state;
        percentage_from := pp.adopted_from;
        IF pp.state = 'pending' THEN
            gaps := gaps || format('La proposition du pourcentage de fonctionnement de %s reçue le %s attend la décision du ministre : faute d''approbation expresse ou d''opposition, elle est adoptée à l''issue du %s (R312-2 1°).',
                                   cop_alloc.format_rate(pct), cop_alloc.format_date_fr(pp.received_on), cop_alloc.format_date_fr(pp.deadline));
        ELSIF pp.state = 'opposed' THEN
            gaps := gaps || format('Le ministre s''est opposé au pourcentage de fonctionnement de %s le %s (R312-2 1°).', cop_alloc.format_rate(pct), cop_alloc.format_date_fr(pp.notified_on));
        END IF;
    END IF;
    IF first_gap IS NULL AND cardinality(gaps) > 0 THEN
        first_gap := 'percentage';
    END IF;

    -- The general assembly's latest meeting on the distribution (step 4).
    SELECT o.*, v.members_in_office, v.members_present, v.votes_for, v.votes_against, v.run_id AS voted_run
      INTO vv
      FROM cop_alloc.deliberation_votes(y, d) o
      JOIN cop_alloc.deliberation_vote v ON v.vote_id = o.vote_id
     ORDER BY o.meeting_on DESC LIMIT 1;

    -- 2. and 3. Before it decides: the opinions of the conférence des
    -- présidents and of the bureau, and the draft submitted to the
    -- supervisory authority without opposition (decree art. 17-1 II).
    gov := cop_alloc.governance_gaps(y, d, rid,
                                     CASE WHEN vv.outcome IN ('approved', 'deemed approved') THEN vv.meeting_on END);
    gaps := gaps || gov.opinions;
    IF first_gap IS NULL AND cardinality(gaps) > 0 THEN
        first_gap := 'opinions';
    END IF;
    gaps := gaps || gov.review;
    IF first_gap IS NULL AND cardinality(gaps) > 0 THEN
        first_gap := 'review';
    END IF;

    -- 4. The general assembly's deliberation (R312-2, D333-2).
    IF vv.vote_id IS NULL THEN
        deliberation := 'none';
        gaps := gaps || format('L''assemblée générale n''a pas voté la répartition de %s (R312-2, D333-2).', y);
    ELSE
        deliberation := vv.outcome;
        deliberation_on := vv.meeting_on;
        IF vv.outcome = 'no quorum' THEN
            IF d <= vv.second_meeting_by THEN
                gaps := gaps || format('L''assemblée générale du %s n''a pas atteint le quorum (%s membres présents sur %s en exercice, deux tiers requis) ; une seconde réunion tenue au plus tard le %s délibère sans condition de quorum (D333-2).',
                                       cop_alloc.format_date_fr(vv.meeting_on), vv.members_present, vv.members_in_office, cop_alloc.format_date_fr(vv.second_meeting_by));
            ELSE
                gaps := gaps || format('L''assemblée générale du %s n''a pas atteint le quorum (%s membres présents sur %s en exercice, deux tiers requis) et aucune seconde réunion n''a été tenue au plus tard le %s : une nouvelle réunion requiert le quorum (D333-2).',
                                       cop_alloc.format_date_fr(vv.meeting_on), vv.members_present, vv.members_in_office, cop_alloc.format_date_fr(vv.second_meeting_by));
            END IF;
        ELSIF vv.outcome = 'rejected' THEN
            gaps := gaps || format('L''assemblée générale a rejeté la répartition le %s : %s pour, %s contre, soit l''opposition des deux tiers des %s membres présents (D333-2).',
                                   cop_alloc.format_date_fr(vv.meeting_on), vv.votes_for, vv.votes_against, vv.members_present);
        ELSE
            IF percentage_from IS NOT NULL AND vv.meeting_on < percentage_from THEN
                gaps := gaps || format('La délibération du %s précède l''adoption du pourcentage de fonctionnement le %s : elle doit suivre la décision du ministre (R312-2).',
                                       cop_alloc.format_date_fr(vv.meeting_on), cop_alloc.format_date_fr(percentage_from));
            END IF;
            IF rid IS NOT NULL AND vv.voted_run IS NOT NULL AND vv.voted_run <> rid
               AND (SELECT x.fingerprint FROM cop_alloc.run x WHERE x.run_id = vv.voted_run) <> r.fingerprint THEN
                gaps := gaps || format('L''assemblée générale a voté sur le run %s ; le run %s a été calculé sur d''autres données.', vv.voted_run, rid);
            END IF;
        END IF;
    END IF;
    IF first_gap IS NULL AND cardinality(gaps) > 0 THEN
        first_gap := 'deliberation';
    END IF;

    -- 5. The minister's express approval of that deliberation (D333-5 1° b).
    IF vv.outcome IN ('approved', 'deemed approved') THEN
        SELECT m.* INTO ma FROM cop_alloc.minister_approval m
         WHERE m.vote_id = vv.vote_id AND m.decided_on <= d;
        IF NOT FOUND THEN
            minister := 'none';
            gaps := gaps || format('Le ministre n''a pas expressément approuvé la délibération du %s : elle n''est exécutoire qu''une fois approuvée (D333-5 1° b).', cop_alloc.format_date_fr(vv.meeting_on));
        ELSE
            minister := ma.decision;
            minister_on := ma.decided_on;
            IF ma.decision = 'refused' THEN
                gaps := gaps || format('Le ministre a refusé la délibération du %s le %s : %s (D333-5).', cop_alloc.format_date_fr(vv.meeting_on), cop_alloc.format_date_fr(ma.decided_on), ma.note);
            END IF;
        END IF;
    ELSE
        minister := 'none';
        gaps := gaps || 'L''approbation expresse du ministre est requise une fois la répartition approuvée par l''assemblée générale (D333-5 1° b).'::text;
    END IF;
    IF first_gap IS NULL AND cardinality(gaps) > 0 THEN
        first_gap := 'minister';
    END IF;

    -- 4. The inputs: check_exercise's errors (missing results, bounds ...).
    SELECT count(*) INTO input_errors FROM cop_alloc.check_exercise(y) c WHERE c.severity = 'error';
    IF input_errors > 0 THEN
        gaps := gaps || format('check_exercise(%s) relève %s erreur(s) dans les données : ni run ni publication avant leur correction.', y, input_errors);
        first_gap := coalesce(first_gap, 'inputs');
    END IF;

    SELECT max(x.run_id) INTO latest_run FROM cop_alloc.run x WHERE x.year = y AND x.ran_at::date <= d;
    SELECT p.run_id INTO published_run FROM cop_alloc.publication p
     WHERE p.year = y AND p.published_at::date <= d ORDER BY p.publication_id DESC LIMIT 1;
    stage := CASE WHEN published_run IS NOT NULL THEN 'published' ELSE coalesce(first_gap, 'ready') END;
    ready := cardinality(gaps) = 0;
    missing := gaps;
    -- a published year whose inputs no longer give the published fingerprint
    -- (NULL for a role that sees only some chambers' figures: it cannot tell)
    inputs_changed := published_run IS NOT NULL
        AND (SELECT x.fingerprint FROM cop_alloc.run x WHERE x.run_id = published_run)
            IS DISTINCT FROM cop_alloc.current_fingerprint(published_run);
    IF published_run IS NOT NULL AND NOT cop_alloc.sees_all_chambers(CURRENT_USER) THEN
        inputs_changed := NULL;
    END IF;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION cop_alloc.status(int, date, bigint) IS
    'Where exercise year stands as of a date: the operating percentage (R312-2 1°: none, pending, approved, tacitly adopted, opposed), the general assembly''s deliberation (D333-2: none, no quorum, approved, deemed approved, rejected), the minister''s approval (D333-5: none, approved, refused), the latest and the published run, the stage (the first step missing, in the order of the procedure: authorisation, percentage, opinions, review, deliberation, minister, inputs; else ready or published), the sentences saying what is missing, each with its article (above 0.50 the minister''s express authorisation, R312-2 1°; the opinions of the conférence des présidents and of the bureau and the supervisory authority''s fifteen days on the draft, decree art. 17-1 II: see governance_gaps), inputs_changed: true when the year is published and its inputs today no longer give the published run''s fingerprint (see published_year), and input_errors: how many errors check_exercise(year) lists today (counted among what is missing when not 0). With a run_id, checks that run''s percentage and that it has the inputs of the runs voted on, seen and submitted.';
