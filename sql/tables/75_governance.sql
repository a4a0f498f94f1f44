-- ===================================================================
-- Governance records: the three-quarters authorisation (R312-2 1°,
-- decree art. 17-1 I 1°), the supervisory authority's review of the draft
-- distribution and the opinions of the conférence des présidents and of
-- the bureau (art. 17-1 II, D333-6, D333-8), and where each parameter of
-- an exercise comes from.  New in 0.2.0: every statement of this file is
-- also the update from 0.1.0 (sql/updates/cop_alloc--0.1.0--0.2.0/50_governance.sql
-- is a link to it), so that both paths create the same tables.
-- ===================================================================

-- -------------------------------------------------------------------
-- The three-quarters authorisation: an operating part above one half
-- needs a reasoned request of the president of CMA France and the
-- minister's express authorisation, within three quarters.
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.authorisation_request (
    request_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year          int NOT NULL REFERENCES cop_alloc.exercise (year),
    operating_pct cop_alloc.ratio NOT NULL
                  CONSTRAINT request_above_one_half CHECK (operating_pct > 0.5 AND operating_pct <= 0.75),
    requested_on  date NOT NULL,
    motive        text NOT NULL CONSTRAINT request_is_reasoned CHECK (btrim(motive) <> ''),
    reference     text NULL,
    recorded_by   text NOT NULL DEFAULT current_user,
    recorded_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE cop_alloc.authorisation_request IS
    'Reasoned requests of the president of CMA France to the minister for an operating part above one half, up to three quarters (R312-2 1°, decree art. 17-1 I 1°).';
COMMENT ON COLUMN cop_alloc.authorisation_request.request_id IS 'Request number.';
COMMENT ON COLUMN cop_alloc.authorisation_request.year IS 'The exercise.';
COMMENT ON COLUMN cop_alloc.authorisation_request.operating_pct IS 'The operating percentage asked for, above 0.50 and at most 0.75.';
COMMENT ON COLUMN cop_alloc.authorisation_request.requested_on IS 'Date of the request.';
COMMENT ON COLUMN cop_alloc.authorisation_request.motive IS 'The motive of the request (in French, as sent).';
COMMENT ON COLUMN cop_alloc.authorisation_request.reference IS 'Reference of the letter.';
COMMENT ON COLUMN cop_alloc.authorisation_request.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.authorisation_request.recorded_at IS 'When it was recorded.';

CREATE TABLE cop_alloc.authorisation_decision (
    request_id     bigint PRIMARY KEY REFERENCES cop_alloc.authorisation_request (request_id),
    decision       text NOT NULL CONSTRAINT authorisation_decision_known CHECK (decision IN ('granted', 'refused')),
    decided_on     date NOT NULL,
    reference      text NOT NULL CONSTRAINT authorisation_decision_referenced CHECK (btrim(reference) <> ''),
    authorized_pct cop_alloc.ratio NULL
                   CONSTRAINT authorized_pct_above_one_half CHECK (authorized_pct > 0.5 AND authorized_pct <= 0.75),
    note           text NULL,
    recorded_by    text NOT NULL DEFAULT current_user,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT grant_states_its_percentage CHECK ((decision = 'granted') = (authorized_pct IS NOT NULL))
);
COMMENT ON TABLE cop_alloc.authorisation_decision IS
    'The minister''s express decision on a request for an operating part above one half: granted up to authorized_pct, or refused. There is no tacit authorisation.';
COMMENT ON COLUMN cop_alloc.authorisation_decision.request_id IS 'The request decided.';
COMMENT ON COLUMN cop_alloc.authorisation_decision.decision IS 'granted or refused.';
COMMENT ON COLUMN cop_alloc.authorisation_decision.decided_on IS 'Date of the decision; it authorises from that day.';
COMMENT ON COLUMN cop_alloc.authorisation_decision.reference IS 'Reference of the decision (letter, arrêté).';
COMMENT ON COLUMN cop_alloc.authorisation_decision.authorized_pct IS 'The largest operating percentage authorised (granted only); it covers any percentage up to it.';
COMMENT ON COLUMN cop_alloc.authorisation_decision.note IS 'Free text: the motive of a refusal, the conditions of a grant.';
COMMENT ON COLUMN cop_alloc.authorisation_decision.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.authorisation_decision.recorded_at IS 'When it was recorded.';

-- 0.1.0 knew only exercise.minister_authorized.  An exercise above one
-- half that 0.1.0 marked authorised gets one request and one grant of its
-- percentage, dated the first act recorded for the exercise (proposal of
-- the percentage, run or vote), and said to be recorded by this update.
-- A fresh install has no exercise yet: nothing is inserted.
WITH migrated AS (
    SELECT e.year, e.operating_pct,
           coalesce(least((SELECT min(p.received_on) FROM cop_alloc.percentage_proposal p WHERE p.year = e.year),
                          (SELECT min(r.ran_at)::date FROM cop_alloc.run r WHERE r.year = e.year),
                          (SELECT min(v.meeting_on) FROM cop_alloc.deliberation_vote v WHERE v.year = e.year)),
                    current_date) AS act_on
      FROM cop_alloc.exercise e
     WHERE e.operating_pct > 0.5 AND e.minister_authorized),
requests AS (
    INSERT INTO cop_alloc.authorisation_request (year, operating_pct, requested_on, motive, reference)
    SELECT m.year, m.operating_pct, m.act_on,
           'Reprise de la version 0.1.0 : exercise.minister_authorized était vrai ; la demande motivée n''y était pas enregistrée.',
           'mise à jour 0.1.0 vers 0.2.0'
      FROM migrated m
    RETURNING request_id, year, operating_pct, requested_on)
INSERT INTO cop_alloc.authorisation_decision (request_id, decision, decided_on, reference, authorized_pct, note)
SELECT r.request_id, 'granted', r.requested_on, 'mise à jour 0.1.0 vers 0.2.0', r.operating_pct,
       'Autorisation enregistrée par la mise à jour depuis la version 0.1.0, qui ne connaissait que exercise.minister_authorized ; date : premier acte enregistré pour l''exercice.'
  FROM requests r;

-- -------------------------------------------------------------------
-- The supervisory authority's review of the draft distribution
-- (art. 17-1 II): submitted beforehand, observations or opposition
-- within fifteen days.
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.review_submission (
    submission_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year          int NOT NULL,
    run_id        bigint NOT NULL,
    received_on   date NOT NULL,
    reference     text NULL,
    recorded_by   text NOT NULL DEFAULT current_user,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT submission_of_a_run_of_its_year FOREIGN KEY (run_id, year) REFERENCES cop_alloc.run (run_id, year)
);
COMMENT ON TABLE cop_alloc.review_submission IS
    'Submissions of the draft distribution (a run) to the supervisory authority, which may make observations or oppose within fifteen days of receipt (decree art. 17-1 II). A new submission starts a new delay.';
COMMENT ON COLUMN cop_alloc.review_submission.submission_id IS 'Submission number.';
COMMENT ON COLUMN cop_alloc.review_submission.year IS 'The exercise.';
COMMENT ON COLUMN cop_alloc.review_submission.run_id IS 'The run submitted: its figures are the draft.';
COMMENT ON COLUMN cop_alloc.review_submission.received_on IS 'Date the authority received it: the fifteen days run from it.';
COMMENT ON COLUMN cop_alloc.review_submission.reference IS 'Reference of the letter.';
COMMENT ON COLUMN cop_alloc.review_submission.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.review_submission.recorded_at IS 'When it was recorded.';

CREATE TABLE cop_alloc.review_response (
    response_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id bigint NOT NULL REFERENCES cop_alloc.review_submission (submission_id),
    kind          text NOT NULL CONSTRAINT review_response_kind_known
                  CHECK (kind IN ('observations', 'opposition', 'no_opposition')),
    notified_on   date NOT NULL,
    content       text NOT NULL CONSTRAINT review_response_has_content CHECK (btrim(content) <> ''),
    reference     text NULL,
    recorded_by   text NOT NULL DEFAULT current_user,
    recorded_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE cop_alloc.review_response IS
    'What the supervisory authority notified on a submission: observations, an opposition, or that it does not oppose. An opposition or a statement of no opposition counts when notified by the end of day received_on + 15; observations are recorded whenever they come.';
COMMENT ON COLUMN cop_alloc.review_response.response_id IS 'Response number.';
COMMENT ON COLUMN cop_alloc.review_response.submission_id IS 'The submission answered.';
COMMENT ON COLUMN cop_alloc.review_response.kind IS 'observations, opposition or no_opposition.';
COMMENT ON COLUMN cop_alloc.review_response.notified_on IS 'Date it was notified to CMA France.';
COMMENT ON COLUMN cop_alloc.review_response.content IS 'The observations or the motives of the opposition (in French, as notified).';
COMMENT ON COLUMN cop_alloc.review_response.reference IS 'Reference of the letter.';
COMMENT ON COLUMN cop_alloc.review_response.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.review_response.recorded_at IS 'When it was recorded.';

-- -------------------------------------------------------------------
-- The opinions taken before the general assembly decides (art. 17-1 II):
-- the conférence des présidents presents a draft distribution to the
-- bureau (D333-8), which presents it to the general assembly (D333-6).
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.opinion (
    opinion_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year        int NOT NULL REFERENCES cop_alloc.exercise (year),
    body        text NOT NULL CONSTRAINT opinion_body_known CHECK (body IN ('conference_des_presidents', 'bureau')),
    given_on    date NOT NULL,
    content     text NOT NULL CONSTRAINT opinion_has_content CHECK (btrim(content) <> ''),
    run_id      bigint NULL,
    reference   text NULL,
    recorded_by text NOT NULL DEFAULT current_user,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT opinion_on_a_run_of_its_year FOREIGN KEY (run_id, year) REFERENCES cop_alloc.run (run_id, year)
);
COMMENT ON TABLE cop_alloc.opinion IS
    'Opinions of the conférence des présidents (D333-8) and of the bureau (D333-6) on the distribution of a year, which the general assembly decides after (decree art. 17-1 II).';
COMMENT ON COLUMN cop_alloc.opinion.opinion_id IS 'Opinion number.';
COMMENT ON COLUMN cop_alloc.opinion.year IS 'The exercise.';
COMMENT ON COLUMN cop_alloc.opinion.body IS 'conference_des_presidents or bureau.';
COMMENT ON COLUMN cop_alloc.opinion.given_on IS 'Date of the meeting that gave it.';
COMMENT ON COLUMN cop_alloc.opinion.content IS 'The opinion (in French, as in the minutes).';
COMMENT ON COLUMN cop_alloc.opinion.run_id IS 'The run whose figures the body saw, when recorded; status then checks the run to publish has the same inputs.';
COMMENT ON COLUMN cop_alloc.opinion.reference IS 'Reference of the minutes.';
COMMENT ON COLUMN cop_alloc.opinion.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.opinion.recorded_at IS 'When it was recorded.';

-- -------------------------------------------------------------------
-- Where every parameter comes from
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.parameter_source (
    year      int NOT NULL REFERENCES cop_alloc.exercise (year) ON UPDATE CASCADE ON DELETE CASCADE,
    parameter text NOT NULL CONSTRAINT parameter_known
              CHECK (parameter IN ('tax_product', 'quote_part', 'quote_part_min', 'operating_pct',
                                   'axis_weights', 'indicators', 'targets', 'tunnel')),
    kind      text NOT NULL CONSTRAINT source_kind_known
              CHECK (kind IN ('ministerial_notification', 'ministerial_order', 'percentage_proposal',
                              'ministerial_decision', 'cop', 'cop_amendment', 'com', 'com_revision',
                              'deliberation', 'other')),
    reference text NOT NULL CONSTRAINT source_referenced CHECK (btrim(reference) <> ''),
    act_on    date NOT NULL,
    note      text NULL,
    PRIMARY KEY (year, parameter)
);
COMMENT ON TABLE cop_alloc.parameter_source IS
    'The act each parameter of an exercise comes from: the tax product (the minister''s notification, R333-12), the quote-part and its minimum (the arrêté), the operating percentage (proposal and decision, R312-2 1°), the axis weights and indicators (the COP or an amendment), the targets (the COM and its revisions), the tunnel (the deliberation). A run copies them (run_source); sources(year) cites them.';
COMMENT ON COLUMN cop_alloc.parameter_source.year IS 'The exercise.';
COMMENT ON COLUMN cop_alloc.parameter_source.parameter IS
    'tax_product, quote_part, quote_part_min, operating_pct, axis_weights, indicators, targets or tunnel (max_decrease_pct and max_increase_pct).';
COMMENT ON COLUMN cop_alloc.parameter_source.kind IS
    'ministerial_notification, ministerial_order (arrêté), percentage_proposal, ministerial_decision, cop, cop_amendment (avenant), com, com_revision, deliberation or other.';
COMMENT ON COLUMN cop_alloc.parameter_source.reference IS 'Reference of the act (number, title, letter).';
COMMENT ON COLUMN cop_alloc.parameter_source.act_on IS 'Date of the act.';
COMMENT ON COLUMN cop_alloc.parameter_source.note IS 'Free text.';

CREATE TABLE cop_alloc.run_source (
    run_id    bigint NOT NULL REFERENCES cop_alloc.run (run_id),
    parameter text NOT NULL,
    kind      text NOT NULL,
    reference text NOT NULL,
    act_on    date NOT NULL,
    PRIMARY KEY (run_id, parameter)
);
COMMENT ON TABLE cop_alloc.run_source IS
    'The sources of the parameters as they stood when a run was made (parameter_source, and for an operating percentage above one half the minister''s authorisation under parameter operating_pct_authorisation). Append-only.';
COMMENT ON COLUMN cop_alloc.run_source.run_id IS 'The run.';
COMMENT ON COLUMN cop_alloc.run_source.parameter IS 'The parameter (see parameter_source), or operating_pct_authorisation.';
COMMENT ON COLUMN cop_alloc.run_source.kind IS 'The kind of act.';
COMMENT ON COLUMN cop_alloc.run_source.reference IS 'Reference of the act.';
COMMENT ON COLUMN cop_alloc.run_source.act_on IS 'Date of the act.';

SELECT pg_catalog.pg_extension_config_dump('cop_alloc.authorisation_request', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.authorisation_decision', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.review_submission', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.review_response', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.opinion', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.parameter_source', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.run_source', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.authorisation_request', 'request_id'), '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.review_submission', 'submission_id'), '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.review_response', 'response_id'), '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.opinion', 'opinion_id'), '');
