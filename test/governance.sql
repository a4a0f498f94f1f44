-- Governance: the three-quarters authorisation (R312-2 1°: run refused
-- without an express authorisation covering the percentage, what-if still
-- computed), the supervisory authority's fifteen days on the draft (decree
-- art. 17-1 II: day 15 and 16, opposition then resubmission), the opinions
-- of the conférence des présidents and of the bureau, publish refused
-- without them, the sources of the parameters stored with a run.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(62);

\i test/fixtures/example.sql

-- ---------------------------------------------------------------------
-- The three-quarters authorisation
-- ---------------------------------------------------------------------
DELETE FROM cop_alloc.authorisation_decision;   -- the fixture's, as the owner: not published yet
DELETE FROM cop_alloc.authorisation_request;
SELECT throws_ok('SELECT cop_alloc.run(2025)', '55000',
                 'operating percentage 0.65 of exercise 2025 exceeds 0.50 without an express authorisation covering it',
                 'no authorisation: run(2025) at 0.65 is refused');
SELECT is((SELECT total FROM cop_alloc.allocate(2025) WHERE chamber_code = 'NORD'), 520993.34,
          'allocate still computes it, for what-if');
SELECT is(cop_alloc.authorisation_gaps(2025, 0.65, '2025-01-10'),
          ARRAY['Le pourcentage de fonctionnement de 65 % de l''exercice 2025 dépasse la moitié : il requiert une demande motivée du président de CMA France et l''autorisation expresse du ministre (R312-2 1°, décret, art. 17-1 I 1°).'],
          'status names the missing request');
SELECT is((SELECT stage FROM cop_alloc.status(2025, '2025-01-10')), 'authorisation', 'the first step missing is the authorisation');
SELECT is(cop_alloc.authorisation_gaps(2025, 0.5, '2025-01-10'), '{}'::text[], 'at 0.50 none is needed');

SELECT throws_ok($$SELECT cop_alloc.request_authorisation(2025, 0.65, '2024-09-02', '  ')$$,
                 '23514', NULL, 'a request without its motive is refused');
SELECT throws_ok($$SELECT cop_alloc.request_authorisation(2025, 0.76, '2024-09-02', 'plus')$$,
                 '23514', NULL, 'a request above three quarters is refused');
SELECT cop_alloc.request_authorisation(2025, 0.65, '2024-09-02', 'Besoins de fonctionnement.') AS req \gset
SELECT is(cop_alloc.authorisation_gaps(2025, 0.65, '2024-10-01'),
          ARRAY['La demande du 2 septembre 2024 d''un pourcentage de fonctionnement de 65 % attend l''autorisation expresse du ministre ; son silence n''autorise rien (R312-2 1°).'],
          'a request without decision authorises nothing, however long it waits');
SELECT throws_ok($$SELECT cop_alloc.decide_authorisation(max(request_id), 'granted', '2024-09-20', 'D-1') FROM cop_alloc.authorisation_request$$,
                 '23514', NULL, 'a grant without its percentage is refused');
SELECT throws_ok($$SELECT cop_alloc.decide_authorisation(max(request_id), 'granted', '2024-09-01', 'D-1', 0.65) FROM cop_alloc.authorisation_request$$,
                 '23514', 'decision on authorisation request ' || (SELECT max(request_id) FROM cop_alloc.authorisation_request)
                          || ' dated 2024-09-01 before the request of 2024-09-02',
                 'a decision dated before the request is refused');
SELECT throws_ok($$SELECT cop_alloc.decide_authorisation(max(request_id), 'granted', '2024-09-20', 'D-1', 0.70) FROM cop_alloc.authorisation_request$$,
                 '23514', 'authorised percentage 0.70 exceeds the 0.65 asked by request '
                          || (SELECT max(request_id) FROM cop_alloc.authorisation_request),
                 'the minister authorises at most what was asked');
SELECT cop_alloc.decide_authorisation(:req, 'granted', '2024-09-20', 'D-1', 0.60) AS decided \gset
SELECT is(cop_alloc.authorisation_gaps(2025, 0.65, '2024-10-01'),
          ARRAY['Le ministre a autorisé le 20 septembre 2024 un pourcentage de fonctionnement d''au plus 60 % ; l''exercice 2025 applique 65 % (R312-2 1°).'],
          'an authorisation of 0.60 does not cover 0.65');
SELECT throws_ok('SELECT cop_alloc.run(2025)', '55000', NULL, 'and run(2025) is still refused');
SELECT is(cop_alloc.authorisation_gaps(2025, 0.60, '2024-10-01'), '{}'::text[], 'it covers 0.60');
SELECT isnt(cardinality(cop_alloc.authorisation_gaps(2025, 0.60, '2024-09-19')), 0, 'before its date it does not cover');
SELECT cop_alloc.decide_authorisation(
           cop_alloc.request_authorisation(2025, 0.65, '2024-10-02', 'Besoins de fonctionnement, demande renouvelée.'),
           'refused', '2024-10-10', 'D-2', note => 'trajectoire du COP') AS decided \gset
SELECT is(cop_alloc.authorisation_gaps(2025, 0.65, '2024-10-11'),
          ARRAY['Le ministre a refusé le 10 octobre 2024 la demande du 2 octobre 2024 d''un pourcentage de fonctionnement de 65 % (R312-2 1°).'],
          'a refusal');
SELECT cop_alloc.decide_authorisation(
           cop_alloc.request_authorisation(2025, 0.70, '2024-10-15', 'Besoins de péréquation.'),
           'granted', '2024-10-20', 'D-3', 0.70) AS decided \gset
SELECT results_eq($$SELECT reference, authorized_pct FROM cop_alloc.covering_authorisation(2025, 0.65, '2024-10-21')$$,
                  $$VALUES ('D-3'::text, 0.70::numeric)$$, 'an authorisation of 0.70 covers 0.65');
SELECT lives_ok($$SELECT cop_alloc.run(2025)$$, 'run(2025) is now allowed');

-- ---------------------------------------------------------------------
-- The sources of the parameters, stored with the run
-- ---------------------------------------------------------------------
SELECT throws_ok($$INSERT INTO cop_alloc.parameter_source (year, parameter, kind, reference, act_on)
                   VALUES (2025, 'tax_product', 'rumour', 'x', '2024-10-01')$$, '23514', NULL, 'an unknown kind of act is refused');
INSERT INTO cop_alloc.parameter_source (year, parameter, kind, reference, act_on) VALUES
    (2025, 'tax_product', 'ministerial_notification', 'lettre DGE 2024-117', '2024-10-01'),
    (2025, 'targets', 'com_revision', 'avenant 1 aux COM', '2024-06-30');
CREATE TEMP TABLE runs AS SELECT 'a'::text AS name, cop_alloc.run(2025, 'with sources') AS id;
SELECT results_eq($$SELECT parameter, kind, reference, act_on FROM cop_alloc.run_source
                     WHERE run_id = (SELECT id FROM runs WHERE name = 'a') ORDER BY parameter$$,
                  $$VALUES ('operating_pct_authorisation'::text, 'ministerial_decision'::text, 'D-3'::text, '2024-10-20'::date),
                           ('targets', 'com_revision', 'avenant 1 aux COM', '2024-06-30'),
                           ('tax_product', 'ministerial_notification', 'lettre DGE 2024-117', '2024-10-01')$$,
                  'the run stores the sources and the authorisation covering its percentage');
SELECT is((SELECT citation FROM cop_alloc.sources(2025, (SELECT id FROM runs WHERE name = 'a')) WHERE parameter = 'tax_product'),
          'Produit de la taxe (R333-12) : notification du ministre « lettre DGE 2024-117 » du 1er octobre 2024.',
          'sources() cites them in French');
UPDATE cop_alloc.parameter_source SET reference = 'lettre DGE 2024-118' WHERE parameter = 'tax_product';
SELECT is((SELECT reference FROM cop_alloc.sources(2025, (SELECT id FROM runs WHERE name = 'a')) WHERE parameter = 'tax_product'),
          'lettre DGE 2024-117', 'a run keeps the sources it was made with');
SELECT is((SELECT reference FROM cop_alloc.sources(2025) WHERE parameter = 'tax_product'),
          'lettre DGE 2024-118', 'without a run or a publication: the current sources');
SELECT throws_ok($$UPDATE cop_alloc.run_source SET reference = 'x'$$, '23001', NULL, 'run_source is append-only');
SELECT throws_ok($$SELECT * FROM cop_alloc.sources(2025, -1)$$, 'P0002', 'run -1 is not a run of exercise 2025', 'sources of an unknown run');

-- ---------------------------------------------------------------------
-- The opinions and the supervisory authority's fifteen days
-- ---------------------------------------------------------------------
SELECT cop_alloc.propose_percentage(2025, 0.65, '2024-10-21') AS proposal \gset
-- adopted tacitly from 2024-11-06
SELECT is((SELECT missing FROM cop_alloc.status(2025, '2024-11-10')),
          ARRAY['La conférence des présidents n''a pas rendu son avis sur la répartition de 2025 (décret, art. 17-1 II ; D333-8).',
                'Le bureau n''a pas rendu son avis sur la répartition de 2025 (décret, art. 17-1 II ; D333-6).',
                'Le projet de répartition de 2025 n''a pas été soumis à l''autorité de tutelle, qui peut faire valoir ses observations ou s''y opposer dans le délai de quinze jours (décret, art. 17-1 II).',
                'L''assemblée générale n''a pas voté la répartition de 2025 (R312-2, D333-2).',
                'L''approbation expresse du ministre est requise une fois la répartition approuvée par l''assemblée générale (D333-5 1° b).'],
          'status lists each missing step with its article');
SELECT is((SELECT stage FROM cop_alloc.status(2025, '2024-11-10')), 'opinions', 'the opinions come first');
SELECT id AS run_a FROM runs WHERE name = 'a' \gset
SELECT cop_alloc.record_opinion(2025, 'bureau', '2024-11-06', 'Avis favorable.', :run_a) AS opinion \gset
SELECT cop_alloc.record_opinion(2025, 'conference_des_presidents', '2024-11-07', 'Avis favorable.', :run_a) AS opinion \gset
SELECT is((SELECT missing[1] FROM cop_alloc.status(2025, '2024-11-10')),
          'Le bureau a rendu son avis le 6 novembre 2024, avant que la conférence des présidents ne lui présente son projet le 7 novembre 2024 (D333-6, D333-8).',
          'the bureau presents the conférence''s draft: it comes second');
UPDATE cop_alloc.opinion SET given_on = '2024-11-08' WHERE body = 'bureau';
SELECT is((SELECT stage FROM cop_alloc.status(2025, '2024-11-10')), 'review', 'opinions given: the review is next');

SELECT cop_alloc.submit_for_review(:run_a, '2024-11-10') AS submission \gset
SELECT throws_ok($$SELECT cop_alloc.record_review_response(max(submission_id), 'observations', '2024-11-09', 'x') FROM cop_alloc.review_submission$$,
                 '23514', NULL, 'a response before the draft was received is refused');
SELECT results_eq($$SELECT state, cleared_from, deadline FROM cop_alloc.supervisory_review(2025, '2024-11-25')$$,
                  $$VALUES ('pending'::text, NULL::date, '2024-11-25'::date)$$, 'day 15: pending, the authority may still oppose');
SELECT is((SELECT missing[1] FROM cop_alloc.status(2025, '2024-11-25')),
          'Le projet (run ' || (SELECT id FROM runs WHERE name = 'a') || ') reçu par l''autorité de tutelle le 10 novembre 2024 attend la fin de son délai le 25 novembre 2024 : elle peut jusque-là faire valoir ses observations ou s''y opposer (décret, art. 17-1 II).',
          'status says until when');
SELECT results_eq($$SELECT state, cleared_from FROM cop_alloc.supervisory_review(2025, '2024-11-26')$$,
                  $$VALUES ('delay expired'::text, '2024-11-26'::date)$$, 'day 16: the delay has expired without opposition');
SELECT cop_alloc.record_review_response(:submission, 'observations', '2024-11-12', 'Exposer l''effet du tunnel.') AS response \gset
SELECT is((SELECT state FROM cop_alloc.supervisory_review(2025, '2024-11-26')), 'delay expired', 'observations do not stop the delay');
SELECT cop_alloc.record_review_response(:submission, 'opposition', '2024-11-26', 'Opposition tardive.') AS response \gset
SELECT is((SELECT state FROM cop_alloc.supervisory_review(2025, '2024-12-01')), 'delay expired', 'an opposition on day 16 is too late');
UPDATE cop_alloc.review_response SET notified_on = '2024-11-25', content = 'La péréquation n''est pas motivée.' WHERE kind = 'opposition';
SELECT is((SELECT state FROM cop_alloc.supervisory_review(2025, '2024-12-01')), 'opposed', 'an opposition on day 15 is in time');

-- a vote, the minister's approval: the opposition still blocks publication
SELECT cop_alloc.approve(cop_alloc.record_vote(2025, '2024-12-02', 30, 24, 20, 2, run_id => :run_a),
                         'approved', '2024-12-10') AS approval \gset
SELECT results_eq($$SELECT stage, missing FROM cop_alloc.status(2025, '2024-12-11', (SELECT id FROM runs WHERE name = 'a'))$$,
                  $$VALUES ('review'::text, ARRAY['L''autorité de tutelle s''est opposée le 25 novembre 2024 au projet (run ' || (SELECT id FROM runs WHERE name = 'a')
                            || ') reçu le 10 novembre 2024 : La péréquation n''est pas motivée. Un nouveau projet doit lui être soumis (décret, art. 17-1 II).'])$$,
                  'an opposition blocks publication');
SELECT throws_ok($$SELECT cop_alloc.publish((SELECT id FROM runs WHERE name = 'a'))$$, '55000',
                 'exercise 2025 is not ready for publication', 'publish is refused');

-- a new submission: its own fifteen days; the vote must follow them
SELECT cop_alloc.submit_for_review(:run_a, '2024-11-28') AS submission \gset
SELECT is((SELECT missing[2] FROM cop_alloc.status(2025, '2024-12-11')),
          'L''assemblée générale a délibéré le 2 décembre 2024, avant la fin de l''examen par l''autorité de tutelle du projet reçu le 28 novembre 2024 : le projet lui est soumis préalablement (décret, art. 17-1 II).',
          'a vote during the new delay is too early');
SELECT cop_alloc.record_review_response(:submission, 'no_opposition', '2024-11-29', 'Pas d''opposition.') AS response \gset
SELECT results_eq($$SELECT state, cleared_from FROM cop_alloc.supervisory_review(2025, '2024-12-11') ORDER BY received_on DESC LIMIT 1$$,
                  $$VALUES ('not opposed'::text, '2024-11-29'::date)$$, 'an express statement of no opposition ends the delay');
SELECT results_eq($$SELECT stage, ready FROM cop_alloc.status(2025, '2024-12-11', (SELECT id FROM runs WHERE name = 'a'))$$,
                  $$VALUES ('ready'::text, true)$$, 'resubmitted, not opposed: ready');

-- the run to publish must be the one seen and submitted
UPDATE cop_alloc.indicator_result SET realized = 200 WHERE chamber_code = 'NORD-ASSOC' AND indicator_code = 'I1';
INSERT INTO runs SELECT 'b', cop_alloc.run(2025, 'other inputs');
SELECT is((SELECT missing FROM cop_alloc.status(2025, '2024-12-11', (SELECT id FROM runs WHERE name = 'b')))[1:3],
          ARRAY[format('La conférence des présidents a rendu son avis sur le run %s ; le run %s a été calculé sur d''autres données.',
                       (SELECT id FROM runs WHERE name = 'a'), (SELECT id FROM runs WHERE name = 'b')),
                format('Le bureau a rendu son avis sur le run %s ; le run %s a été calculé sur d''autres données.',
                       (SELECT id FROM runs WHERE name = 'a'), (SELECT id FROM runs WHERE name = 'b')),
                format('L''autorité de tutelle a reçu le run %s ; le run %s a été calculé sur d''autres données (décret, art. 17-1 II).',
                       (SELECT id FROM runs WHERE name = 'a'), (SELECT id FROM runs WHERE name = 'b'))],
          'a run of other inputs was neither seen nor submitted');
SELECT lives_ok($$SELECT cop_alloc.publish((SELECT id FROM runs WHERE name = 'a'))$$, 'the run seen, submitted, voted and approved is published');

-- after publication the records are kept as they are
SELECT throws_ok($$DELETE FROM cop_alloc.review_response$$, '23001', NULL, 'the authority''s responses are frozen');
SELECT throws_ok($$UPDATE cop_alloc.opinion SET content = 'x'$$, '23001', NULL, 'the opinions too');
SELECT throws_ok($$DELETE FROM cop_alloc.authorisation_decision$$, '23001', NULL, 'and the minister''s authorisations');
SELECT throws_ok($$TRUNCATE cop_alloc.review_submission CASCADE$$, '23001', NULL, 'no truncation either');
SELECT ok((SELECT bool_and(t.tgenabled = 'A') AND count(*) = 12 FROM pg_trigger t
            WHERE t.tgrelid IN ('cop_alloc.authorisation_request'::regclass, 'cop_alloc.authorisation_decision'::regclass,
                                'cop_alloc.review_submission'::regclass, 'cop_alloc.review_response'::regclass,
                                'cop_alloc.opinion'::regclass, 'cop_alloc.run_source'::regclass)
               AND t.tgname ~ '_(frozen|append_only|no_truncate)$'),
          'the records'' triggers fire always, under replication too');

-- ---------------------------------------------------------------------
-- Each party records its own acts, through the functions only
-- ---------------------------------------------------------------------
\i test/fixtures/parties.sql
GRANT ALL ON ALL TABLES IN SCHEMA cop_alloc TO cop_t_all;
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct, minister_authorized)
VALUES (2026, 1000.00, 100.00, 0.70, true);
SELECT is_definer('cop_alloc', f, 'cop_alloc.' || f || ' is SECURITY DEFINER')
  FROM unnest(ARRAY['request_authorisation', 'decide_authorisation', 'record_opinion', 'submit_for_review',
                    'record_review_response']) f;
SET ROLE cop_t_fin;
SELECT cop_alloc.request_authorisation(2026, 0.70, '2025-09-01', 'Besoins de fonctionnement.') AS req26 \gset
SELECT throws_ok($$SELECT cop_alloc.decide_authorisation(max(request_id), 'granted', '2025-09-10', 'D-26', 0.70) FROM cop_alloc.authorisation_request$$, '42501', NULL,
                 'finance cannot decide for the minister');
SELECT throws_ok($$SELECT cop_alloc.record_opinion(2026, 'bureau', '2025-10-01', 'x')$$, '42501', NULL,
                 'nor record an opinion');
SELECT lives_ok($$INSERT INTO cop_alloc.parameter_source (year, parameter, kind, reference, act_on)
                  VALUES (2026, 'tax_product', 'ministerial_notification', 'L-26', '2025-10-01')$$,
                'finance writes the sources of the parameters');
RESET ROLE;
SET ROLE cop_t_min;
SELECT lives_ok($$SELECT cop_alloc.decide_authorisation(max(request_id), 'granted', '2025-09-10', 'D-26', 0.70) FROM cop_alloc.authorisation_request$$,
                'the ministry records the minister''s authorisation');
SELECT throws_ok($$SELECT cop_alloc.submit_for_review(max(run_id), '2025-10-01') FROM cop_alloc.run$$, '42501', NULL,
                 'the ministry does not submit the draft');
RESET ROLE;
SET ROLE cop_t_asm;
SELECT lives_ok($$SELECT cop_alloc.record_opinion(2026, 'bureau', '2025-10-01', 'Avis favorable.')$$,
                'the assembly records an opinion');
RESET ROLE;
SELECT results_eq($$SELECT r.recorded_by, d.recorded_by FROM cop_alloc.authorisation_request r
                     JOIN cop_alloc.authorisation_decision d USING (request_id) WHERE r.year = 2026$$,
                  $$VALUES ('cop_t_fin'::text, 'cop_t_min'::text)$$, 'each record keeps the role that made it');
SET ROLE cop_t_all;
SELECT throws_ok($$INSERT INTO cop_alloc.opinion (year, body, given_on, content) VALUES (2026, 'bureau', '2025-10-02', 'x')$$,
                 '42501', 'cop_alloc.opinion is written only through the functions of cop_alloc',
                 'a role with ALL on the tables cannot write an opinion directly');
SELECT throws_ok($$INSERT INTO cop_alloc.authorisation_request (year, operating_pct, requested_on, motive)
                   VALUES (2026, 0.75, '2025-10-02', 'x')$$,
                 '42501', NULL, 'nor a request for authorisation');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
