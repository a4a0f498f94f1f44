-- ===================================================================
-- Governance: the three-quarters authorisation (R312-2 1°, decree art.
-- 17-1 I 1°), the supervisory authority's review of the draft and the
-- opinions of the conférence des présidents and of the bureau (art. 17-1
-- II, D333-6, D333-8), and the sources of the parameters.  status()
-- lists what is missing here (governance_gaps), run() refuses an
-- operating part above one half without an authorisation covering it
-- (check_authorisation) and stores the sources (run_sources_live).
-- ===================================================================

-- -------------------------------------------------------------------
-- The three-quarters authorisation
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.covering_authorisation(year int, operating_pct numeric, as_of date DEFAULT current_date)
RETURNS TABLE (request_id bigint, decided_on date, reference text, authorized_pct numeric)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT d.request_id, d.decided_on, d.reference, d.authorized_pct
      FROM cop_alloc.authorisation_request r
      JOIN cop_alloc.authorisation_decision d ON d.request_id = r.request_id
     WHERE r.year = covering_authorisation.year
       AND d.decision = 'granted'
       AND d.authorized_pct >= covering_authorisation.operating_pct
       AND d.decided_on <= coalesce(covering_authorisation.as_of, current_date)
     ORDER BY d.decided_on DESC, d.request_id DESC
     LIMIT 1
$$;
COMMENT ON FUNCTION cop_alloc.covering_authorisation(int, numeric, date) IS
    'The minister''s latest express authorisation for exercise year, decided by as_of, whose authorised percentage covers operating_pct (R312-2 1°); no row when there is none.';

CREATE OR REPLACE FUNCTION cop_alloc.authorisation_gaps(year int, operating_pct numeric, as_of date DEFAULT current_date)
RETURNS text[]
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    y int := $1;
    pct numeric := $2;
    d date := coalesce($3, current_date);
    q record;
BEGIN
    IF pct IS NULL OR pct <= 0.5
       OR EXISTS (SELECT FROM cop_alloc.covering_authorisation(y, pct, d)) THEN
        RETURN '{}';
    END IF;
    SELECT r.request_id, r.requested_on, r.operating_pct, x.decision, x.decided_on, x.authorized_pct INTO q
      FROM cop_alloc.authorisation_request r
      LEFT JOIN cop_alloc.authorisation_decision x ON x.request_id = r.request_id AND x.decided_on <= d
     WHERE r.year = y AND r.requested_on <= d
     ORDER BY r.requested_on DESC, r.request_id DESC
     LIMIT 1;
    IF NOT FOUND THEN
        RETURN ARRAY[format('Le pourcentage de fonctionnement de %s de l''exercice %s dépasse la moitié : il requiert une demande motivée du président de CMA France et l''autorisation expresse du ministre (R312-2 1°, décret, art. 17-1 I 1°).',
                            cop_alloc.format_rate(pct), y)];
    ELSIF q.decision IS NULL THEN
        RETURN ARRAY[format('La demande du %s d''un pourcentage de fonctionnement de %s attend l''autorisation expresse du ministre ; son silence n''autorise rien (R312-2 1°).',
                            cop_alloc.format_date_fr(q.requested_on), cop_alloc.format_rate(q.operating_pct))];
    ELSIF q.decision = 'refused' THEN
        RETURN ARRAY[format('Le ministre a refusé le %s la demande du %s d''un pourcentage de fonctionnement de %s (R312-2 1°).',
                            cop_alloc.format_date_fr(q.decided_on), cop_alloc.format_date_fr(q.requested_on), cop_alloc.format_rate(q.operating_pct))];
    END IF;
    RETURN ARRAY[format('Le ministre a autorisé le %s un pourcentage de fonctionnement d''au plus %s ; l''exercice %s applique %s (R312-2 1°).',
                        cop_alloc.format_date_fr(q.decided_on), cop_alloc.format_rate(q.authorized_pct), y, cop_alloc.format_rate(pct))];
END
$$;
COMMENT ON FUNCTION cop_alloc.authorisation_gaps(int, numeric, date) IS
    'What is missing (French sentences, for the legal record), as of a date, for the operating percentage of exercise year to exceed one half: no reasoned request, a request awaiting the minister, a refusal, or an authorisation below the percentage (R312-2 1°). Empty when the percentage is at most 0.50 or covered.';

CREATE OR REPLACE FUNCTION cop_alloc.check_authorisation(year int) RETURNS void
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    pct numeric;
    gaps text[];
BEGIN
    SELECT e.operating_pct INTO pct FROM cop_alloc.exercise e WHERE e.year = check_authorisation.year;
    gaps := cop_alloc.authorisation_gaps(check_authorisation.year, pct, current_date);
    IF cardinality(gaps) > 0 THEN
        RAISE EXCEPTION 'operating percentage % of exercise % exceeds 0.50 without an express authorisation covering it',
                        pct, check_authorisation.year
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = gaps[1],
                  HINT = 'Record the request in cop_alloc.authorisation_request and the minister''s decision in cop_alloc.authorisation_decision; allocate, simulate and explain still compute the exercise for what-if.';
    END IF;
END
$$;
COMMENT ON FUNCTION cop_alloc.check_authorisation(int) IS
    'Raises object_not_in_prerequisite_state when the operating percentage of exercise year exceeds 0.50 and no express authorisation of the minister decided by today covers it. run(year) calls it: such an exercise is computable for what-if, never run for the record.';

-- -------------------------------------------------------------------
-- The supervisory authority's review (decree art. 17-1 II)
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.supervisory_review(year int, as_of date DEFAULT current_date)
RETURNS TABLE (submission_id bigint, run_id bigint, received_on date, state text, cleared_from date,
               deadline date, answered_on date, answer text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    -- The fifteen days run as for the operating percentage (R312-2 1°,
    -- see percentage_outcome): the day of receipt does not count, an
    -- opposition or a statement of no opposition notified by the end of
    -- day received_on + 15 is in time, and without one the authority's
    -- delay has expired from day received_on + 16.  The first of them
    -- notified counts; observations never stop the delay.
    SELECT s.submission_id, s.run_id, s.received_on,
           CASE o.state WHEN 'approved' THEN 'not opposed' WHEN 'tacitly adopted' THEN 'delay expired'
                        ELSE o.state END,
           o.adopted_from, o.deadline, a.notified_on, a.content
      FROM cop_alloc.review_submission s
      LEFT JOIN LATERAL (
          SELECT x.kind, x.notified_on, x.content
            FROM cop_alloc.review_response x
           WHERE x.submission_id = s.submission_id AND x.kind IN ('opposition', 'no_opposition')
             AND x.notified_on <= coalesce(supervisory_review.as_of, current_date)
           ORDER BY x.notified_on, x.response_id
           LIMIT 1) a ON true
     CROSS JOIN LATERAL cop_alloc.percentage_outcome(
           s.received_on, CASE a.kind WHEN 'opposition' THEN 'opposed' WHEN 'no_opposition' THEN 'approved' END,
           a.notified_on, coalesce(supervisory_review.as_of, current_date)) o
     WHERE s.year = supervisory_review.year
       AND s.received_on <= coalesce(supervisory_review.as_of, current_date)
     ORDER BY s.received_on, s.submission_id
$$;
COMMENT ON FUNCTION cop_alloc.supervisory_review(int, date) IS
    'The submissions of the draft distribution of a year to the supervisory authority received by as_of (decree art. 17-1 II), each with its state: pending (within the fifteen days), opposed, not opposed (express statement) or delay expired (from day received_on + 16); cleared_from is the first day the draft may be decided, deadline the last day of the authority''s delay, answer the opposition or statement that counted.';

-- the gaps of the review and of the opinions, for status(); the run to
-- publish (rid, NULL for the year as a whole) and the general assembly's
-- meeting (NULL before it) are checked against them
CREATE OR REPLACE FUNCTION cop_alloc.governance_gaps(year int, as_of date, run_id bigint, meeting_on date,
                                                      OUT opinions text[], OUT review text[])
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    y int := $1;
    d date := coalesce($2, current_date);
    rid bigint := $3;
    m date := $4;
    fp text := (SELECT x.fingerprint FROM cop_alloc.run x WHERE x.run_id = $3);
    b record;
    o record;
    conference_on date;
    s record;
BEGIN
    opinions := '{}';
    review := '{}';
    -- 1. The conférence des présidents presents a draft to the bureau
    -- (D333-8), which presents it to the general assembly (D333-6).
    FOR b IN SELECT * FROM (VALUES (1, 'conference_des_presidents', 'La conférence des présidents', 'D333-8'),
                                   (2, 'bureau', 'Le bureau', 'D333-6')) v (n, body, name, article)
              ORDER BY n
    LOOP
        SELECT x.* INTO o FROM cop_alloc.opinion x
         WHERE x.year = y AND x.body = b.body AND x.given_on <= d
         ORDER BY x.given_on DESC, x.opinion_id DESC LIMIT 1;
        IF NOT FOUND THEN
            opinions := opinions || format('%s n''a pas rendu son avis sur la répartition de %s (décret, art. 17-1 II ; %s).',
                                           b.name, y, b.article);
            CONTINUE;
        END IF;
        IF b.body = 'conference_des_presidents' THEN
            conference_on := o.given_on;
        ELSIF o.given_on < conference_on THEN
            opinions := opinions || format('Le bureau a rendu son avis le %s, avant que la conférence des présidents ne lui présente son projet le %s (D333-6, D333-8).',
                                           cop_alloc.format_date_fr(o.given_on), cop_alloc.format_date_fr(conference_on));
        END IF;
        IF m IS NOT NULL AND o.given_on > m THEN
            opinions := opinions || format('%s a rendu son avis le %s, après la délibération de l''assemblée générale du %s : l''assemblée décide après cet avis (décret, art. 17-1 II).',
                                           b.name, cop_alloc.format_date_fr(o.given_on), cop_alloc.format_date_fr(m));
        END IF;
        IF fp IS NOT NULL AND o.run_id IS NOT NULL
           AND (SELECT x.fingerprint FROM cop_alloc.run x WHERE x.run_id = o.run_id) <> fp THEN
            opinions := opinions || format('%s a rendu son avis sur le run %s ; le run %s a été calculé sur d''autres données.',
                                           b.name, o.run_id, rid);
        END IF;
    END LOOP;

    -- 2. The draft, submitted beforehand to the supervisory authority
    -- (art. 17-1 II): the latest submission is the one that counts.
    SELECT r.* INTO s FROM cop_alloc.supervisory_review(y, d) r
     ORDER BY r.received_on DESC, r.submission_id DESC LIMIT 1;
    IF NOT FOUND THEN
        review := review || format('Le projet de répartition de %s n''a pas été soumis à l''autorité de tutelle, qui peut faire valoir ses observations ou s''y opposer dans le délai de quinze jours (décret, art. 17-1 II).', y);
        RETURN;
    END IF;
    IF s.state = 'pending' THEN
        review := review || format('Le projet (run %s) reçu par l''autorité de tutelle le %s attend la fin de son délai le %s : elle peut jusque-là faire valoir ses observations ou s''y opposer (décret, art. 17-1 II).',
                                   s.run_id, cop_alloc.format_date_fr(s.received_on), cop_alloc.format_date_fr(s.deadline));
    ELSIF s.state = 'opposed' THEN
        review := review || format('L''autorité de tutelle s''est opposée le %s au projet (run %s) reçu le %s : %s Un nouveau projet doit lui être soumis (décret, art. 17-1 II).',
                                   cop_alloc.format_date_fr(s.answered_on), s.run_id, cop_alloc.format_date_fr(s.received_on), s.answer);
    END IF;
    IF m IS NOT NULL AND s.state <> 'opposed' AND m < coalesce(s.cleared_from, s.deadline + 1) THEN
        review := review || format('L''assemblée générale a délibéré le %s, avant la fin de l''examen par l''autorité de tutelle du projet reçu le %s : le projet lui est soumis préalablement (décret, art. 17-1 II).',
                                   cop_alloc.format_date_fr(m), cop_alloc.format_date_fr(s.received_on));
    END IF;
    IF fp IS NOT NULL AND (SELECT x.fingerprint FROM cop_alloc.run x WHERE x.run_id = s.run_id) <> fp THEN
        review := review || format('L''autorité de tutelle a reçu le run %s ; le run %s a été calculé sur d''autres données (décret, art. 17-1 II).',
                                   s.run_id, rid);
    END IF;
END
$$;
COMMENT ON FUNCTION cop_alloc.governance_gaps(int, date, bigint, date) IS
    'For status(): what is missing (French sentences, for the legal record) as of a date in the opinions of the conférence des présidents and of the bureau (none, out of order, given after the general assembly''s meeting, on a run of other inputs) and in the supervisory authority''s review of the latest draft submitted (none, pending, opposed, decided before its end, on a run of other inputs).';

-- -------------------------------------------------------------------
-- Where every parameter comes from
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.run_sources_live(year int)
RETURNS TABLE (parameter text, kind text, reference text, act_on date)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s.parameter, s.kind, s.reference, s.act_on
      FROM cop_alloc.parameter_source s
     WHERE s.year = run_sources_live.year
    UNION ALL
    SELECT 'operating_pct_authorisation', 'ministerial_decision', a.reference, a.decided_on
      FROM cop_alloc.exercise e
     CROSS JOIN LATERAL cop_alloc.covering_authorisation(e.year, e.operating_pct, current_date) a
     WHERE e.year = run_sources_live.year AND e.operating_pct > 0.5
$$;
COMMENT ON FUNCTION cop_alloc.run_sources_live(int) IS
    'The sources run(year) would store now: the rows of parameter_source, and for an operating percentage above one half the minister''s authorisation covering it.';

CREATE OR REPLACE FUNCTION cop_alloc.sources(year int, run bigint DEFAULT NULL)
RETURNS TABLE (run_id bigint, parameter text, kind text, reference text, act_on date, citation text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    y int := $1;
    rid bigint := $2;
BEGIN
    IF y IS NULL THEN
        RAISE EXCEPTION 'the year of the sources must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF rid IS NULL THEN
        SELECT p.run_id INTO rid FROM cop_alloc.current_publication p WHERE p.year = y;
    ELSE
        PERFORM cop_alloc.run_of_year(y, rid);
    END IF;
    RETURN QUERY
    WITH src AS (
        SELECT s.parameter, s.kind, s.reference, s.act_on FROM cop_alloc.run_source s WHERE s.run_id = rid
        UNION ALL
        SELECT l.parameter, l.kind, l.reference, l.act_on FROM cop_alloc.run_sources_live(y) l WHERE rid IS NULL)
    SELECT rid, src.parameter, src.kind, src.reference, src.act_on,
           format('%s : %s « %s » du %s.',
                  CASE src.parameter
                      WHEN 'tax_product' THEN 'Produit de la taxe (R333-12)'
                      WHEN 'quote_part' THEN 'Quote-part de CMA France (L312-2)'
                      WHEN 'quote_part_min' THEN 'Minimum de la quote-part'
                      WHEN 'operating_pct' THEN 'Pourcentage de la part de fonctionnement (R312-2 1°)'
                      WHEN 'operating_pct_authorisation' THEN 'Autorisation expresse de dépasser la moitié (R312-2 1°)'
                      WHEN 'axis_weights' THEN 'Pondération des axes du COP'
                      WHEN 'indicators' THEN 'Indicateurs du COP'
                      WHEN 'targets' THEN 'Cibles des COM'
                      WHEN 'tunnel' THEN 'Tunnel de péréquation'
                      ELSE src.parameter
                  END,
                  CASE src.kind
                      WHEN 'ministerial_notification' THEN 'notification du ministre'
                      WHEN 'ministerial_order' THEN 'arrêté'
                      WHEN 'percentage_proposal' THEN 'proposition au ministre'
                      WHEN 'ministerial_decision' THEN 'décision du ministre'
                      WHEN 'cop' THEN 'contrat d''objectifs et de performance'
                      WHEN 'cop_amendment' THEN 'avenant au contrat d''objectifs et de performance'
                      WHEN 'com' THEN 'conventions d''objectifs et de moyens'
                      WHEN 'com_revision' THEN 'révision des conventions d''objectifs et de moyens'
                      WHEN 'deliberation' THEN 'délibération de l''assemblée générale de CMA France'
                      ELSE 'acte'
                  END,
                  src.reference,
                  cop_alloc.format_date_fr(src.act_on))
      FROM src
     ORDER BY array_position(ARRAY['tax_product', 'quote_part', 'quote_part_min', 'operating_pct',
                                   'operating_pct_authorisation', 'axis_weights', 'indicators', 'targets',
                                   'tunnel'], src.parameter);
END
$$;
COMMENT ON FUNCTION cop_alloc.sources(int, bigint) IS
    'Where each parameter of exercise year comes from, with a French citation for the deliberation: the sources stored with run (default: the published run), or when nothing is published the current ones (run_id NULL).';

-- -------------------------------------------------------------------
-- The records: corrected only until the year is published, dated
-- consistently, run_source append-only like the other run tables
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.governance_check_dates() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    q record;
BEGIN
    IF TG_TABLE_NAME = 'authorisation_decision' THEN
        SELECT r.requested_on, r.operating_pct INTO q FROM cop_alloc.authorisation_request r WHERE r.request_id = NEW.request_id;
        IF NEW.decided_on < q.requested_on THEN
            RAISE EXCEPTION 'decision on authorisation request % dated % before the request of %',
                            NEW.request_id, NEW.decided_on, q.requested_on
                USING ERRCODE = 'check_violation', HINT = 'Check decided_on and the request''s requested_on.';
        END IF;
        IF NEW.authorized_pct > q.operating_pct THEN
            RAISE EXCEPTION 'authorised percentage % exceeds the % asked by request %',
                            NEW.authorized_pct, q.operating_pct, NEW.request_id
                USING ERRCODE = 'check_violation',
                      HINT = 'The minister authorises at most what the president of CMA France asked; record a new request for more.';
        END IF;
    ELSE
        SELECT s.received_on INTO q FROM cop_alloc.review_submission s WHERE s.submission_id = NEW.submission_id;
        IF NEW.notified_on < q.received_on THEN
            RAISE EXCEPTION 'response to submission % notified on % before the draft was received on %',
                            NEW.submission_id, NEW.notified_on, q.received_on
                USING ERRCODE = 'check_violation', HINT = 'Check notified_on and the submission''s received_on.';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION cop_alloc.governance_check_dates() IS
    'Trigger: the minister decides an authorisation request on or after its date and authorises at most the percentage asked; the supervisory authority answers a submission on or after its receipt.';

CREATE OR REPLACE TRIGGER authorisation_decision_check BEFORE INSERT OR UPDATE ON cop_alloc.authorisation_decision
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.governance_check_dates();
CREATE OR REPLACE TRIGGER review_response_check BEFORE INSERT OR UPDATE ON cop_alloc.review_response
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.governance_check_dates();

-- <table>_frozen and <table>_no_truncate on each record, ENABLE ALWAYS so
-- that they fire under session_replication_role = replica too
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['authorisation_request', 'authorisation_decision', 'review_submission',
                             'review_response', 'opinion']
    LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE UPDATE OR DELETE ON cop_alloc.%I FOR EACH ROW EXECUTE FUNCTION cop_alloc.approval_check_change()',
                       t || '_frozen', t);
        EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE TRUNCATE ON cop_alloc.%I FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.approval_check_change()',
                       t || '_no_truncate', t);
        EXECUTE format('ALTER TABLE cop_alloc.%I ENABLE ALWAYS TRIGGER %I', t, t || '_frozen');
        EXECUTE format('ALTER TABLE cop_alloc.%I ENABLE ALWAYS TRIGGER %I', t, t || '_no_truncate');
    END LOOP;
END
$$;

SELECT cop_alloc.make_append_only('cop_alloc.run_source',
           'The sources of a run are those of its parameters when it was made; they are kept for good.',
           'Record the new source in cop_alloc.parameter_source and make a new run.');

-- -------------------------------------------------------------------
-- Recording the governance acts: each party records its own act through
-- a function that checks who calls (README, "Security"); the tables take
-- no direct writes (90_guards.sql).  The triggers above check the dates.
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.request_authorisation(year int, operating_pct numeric, requested_on date,
                                                           motive text, reference text DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.require_party('finance');
    INSERT INTO cop_alloc.authorisation_request (year, operating_pct, requested_on, motive, reference)
    VALUES (request_authorisation.year, request_authorisation.operating_pct, request_authorisation.requested_on,
            request_authorisation.motive, request_authorisation.reference)
    RETURNING request_id
$$;
COMMENT ON FUNCTION cop_alloc.request_authorisation(int, numeric, date, text, text) IS
    'Finance records the reasoned request of the president of CMA France to the minister for an operating percentage above one half, at most three quarters (R312-2 1°); returns the request_id.';

CREATE OR REPLACE FUNCTION cop_alloc.decide_authorisation(request_id bigint, decision text, decided_on date,
                                                          reference text, authorized_pct numeric DEFAULT NULL,
                                                          note text DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.require_party('ministry');
    INSERT INTO cop_alloc.authorisation_decision (request_id, decision, decided_on, reference, authorized_pct, note)
    VALUES (decide_authorisation.request_id, decide_authorisation.decision, decide_authorisation.decided_on,
            decide_authorisation.reference, decide_authorisation.authorized_pct, decide_authorisation.note)
    RETURNING request_id
$$;
COMMENT ON FUNCTION cop_alloc.decide_authorisation(bigint, text, date, text, numeric, text) IS
    'The ministry records the minister''s express decision on an authorisation request: granted up to authorized_pct (at most the percentage asked), or refused; returns the request_id.';

CREATE OR REPLACE FUNCTION cop_alloc.record_opinion(year int, body text, given_on date, content text,
                                                    run_id bigint DEFAULT NULL, reference text DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.require_party('assembly');
    INSERT INTO cop_alloc.opinion (year, body, given_on, content, run_id, reference)
    VALUES (record_opinion.year, record_opinion.body, record_opinion.given_on, record_opinion.content,
            record_opinion.run_id, record_opinion.reference)
    RETURNING opinion_id
$$;
COMMENT ON FUNCTION cop_alloc.record_opinion(int, text, date, text, bigint, text) IS
    'The general assembly''s secretariat records the opinion of the conférence des présidents (body conference_des_presidents, D333-8) or of the bureau (body bureau, D333-6) on the distribution of a year, optionally the run it saw; returns the opinion_id.';

CREATE OR REPLACE FUNCTION cop_alloc.submit_for_review(run_id bigint, received_on date, reference text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    y int;
    sid bigint;
BEGIN
    PERFORM cop_alloc.require_party('finance');
    SELECT r.year INTO y FROM cop_alloc.run r WHERE r.run_id = submit_for_review.run_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'run % does not exist', submit_for_review.run_id
            USING ERRCODE = 'no_data_found', HINT = 'Submit a run made by cop_alloc.run(year, note).';
    END IF;
    INSERT INTO cop_alloc.review_submission (year, run_id, received_on, reference)
    VALUES (y, submit_for_review.run_id, submit_for_review.received_on, submit_for_review.reference)
    RETURNING submission_id INTO sid;
    RETURN sid;
END
$$;
COMMENT ON FUNCTION cop_alloc.submit_for_review(bigint, date, text) IS
    'Finance records the submission of a run, as the draft distribution of its year, to the supervisory authority and the date it was received: the authority''s fifteen days run from it (decree art. 17-1 II); returns the submission_id.';

CREATE OR REPLACE FUNCTION cop_alloc.record_review_response(submission_id bigint, kind text, notified_on date,
                                                            content text, reference text DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.require_party('ministry');
    INSERT INTO cop_alloc.review_response (submission_id, kind, notified_on, content, reference)
    VALUES (record_review_response.submission_id, record_review_response.kind, record_review_response.notified_on,
            record_review_response.content, record_review_response.reference)
    RETURNING response_id
$$;
COMMENT ON FUNCTION cop_alloc.record_review_response(bigint, text, date, text, text) IS
    'The ministry records what the supervisory authority notified on a submission: observations, an opposition or no_opposition, with the date notified and its content (decree art. 17-1 II); returns the response_id.';

REVOKE EXECUTE ON FUNCTION cop_alloc.request_authorisation(int, numeric, date, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cop_alloc.decide_authorisation(bigint, text, date, text, numeric, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cop_alloc.record_opinion(int, text, date, text, bigint, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cop_alloc.submit_for_review(bigint, date, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cop_alloc.record_review_response(bigint, text, date, text, text) FROM PUBLIC;

-- Who made a record: the calling role, also inside the functions above.
ALTER TABLE cop_alloc.authorisation_request ALTER COLUMN recorded_by SET DEFAULT cop_alloc.calling_role();
ALTER TABLE cop_alloc.authorisation_decision ALTER COLUMN recorded_by SET DEFAULT cop_alloc.calling_role();
ALTER TABLE cop_alloc.review_submission ALTER COLUMN recorded_by SET DEFAULT cop_alloc.calling_role();
ALTER TABLE cop_alloc.review_response ALTER COLUMN recorded_by SET DEFAULT cop_alloc.calling_role();
ALTER TABLE cop_alloc.opinion ALTER COLUMN recorded_by SET DEFAULT cop_alloc.calling_role();
