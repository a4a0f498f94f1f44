-- Pre-flight: check_exercise(year) lists every problem of an exercise at
-- once (each missing result, recipients without applicable indicator, a
-- results year without targets, keys, bounds, axis weights, reports
-- missing, late or differing); run, run_if_changed and publish refuse an
-- exercise while it lists an error, status counts them, and allocate
-- still computes what-if figures.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(45);

\i test/fixtures/example.sql
\i test/fixtures/parties.sql

-- the error a statement raises: SQLSTATE, message, detail and hint
CREATE FUNCTION pg_temp.error_of(statement text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    st text; m text; d text; h text;
BEGIN
    EXECUTE statement;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN st || ': ' || m || E'\nDETAIL: ' || d || E'\nHINT: ' || h;
END
$$;

SELECT results_eq(
    $$SELECT severity, chamber_code, indicator_code, problem FROM cop_alloc.check_exercise(2025)$$,
    $$VALUES ('warning', 'NORD', NULL::text, 'no execution report of chamber NORD on 2024 has been filed (R323-24: due by 2025-02-28)'),
             ('warning', 'OUEST', NULL, 'no execution report of chamber OUEST on 2024 has been filed (R323-24: due by 2025-02-28)'),
             ('warning', 'OUTREMER', NULL, 'no execution report of chamber OUTREMER on 2024 has been filed (R323-24: due by 2025-02-28)')$$,
    'the worked example has no error; the missing reports are warnings');
SELECT throws_ok($$SELECT * FROM cop_alloc.check_exercise(2031)$$, 'P0002', 'exercise 2031 does not exist', 'an unknown exercise');
SELECT is((SELECT missing FROM cop_alloc.status(2025)) @> ARRAY['x'], false, 'status does not list the warnings');
SELECT ok(NOT EXISTS (SELECT FROM unnest((SELECT missing FROM cop_alloc.status(2025))) m WHERE m LIKE 'check_exercise%'),
          'nor any input error when there is none');
SELECT is((SELECT input_errors FROM cop_alloc.status(2025)), 0::bigint, 'input_errors is 0');
-- ---- reports: late, and figures changed after the report
SELECT isnt(cop_alloc.accept_late_report(2024, 'OUEST', 'Panne informatique'), NULL, 'a late report accepted');
SELECT is_empty($$SELECT * FROM cop_alloc.file_report(2024, 'OUEST',
    E'chamber_code;indicator_code;realized\nOUEST;I1;300\nOUEST;I2;260\nOUEST;I3a;5000\nOUEST;I3b;3\nOUEST;I4;20\nOUEST;I5;20\n',
    '[]', '2025-03-03')$$, 'and filed');
UPDATE cop_alloc.indicator_result SET realized = 299 WHERE year = 2024 AND chamber_code = 'OUEST' AND indicator_code = 'I1';
SELECT results_eq(
    $$SELECT chamber_code, indicator_code, problem FROM cop_alloc.check_exercise(2025) WHERE chamber_code = 'OUEST'$$,
    $$VALUES ('OUEST'::text, NULL::text, format('the report of chamber OUEST on 2024 in force (version 1) was received on 2025-03-03, after the deadline 2025-02-28; accepted by %s: Panne informatique (R323-24)', current_user) COLLATE "default"),
             ('OUEST', 'I1', 'the result of chamber OUEST for indicator I1 is 299, not the 300 of version 1 of OUEST''s report in force')$$,
    'a late report, and a result changed after the report, are warnings');
SELECT is((SELECT count(*) FROM cop_alloc.check_exercise(2025) WHERE severity = 'error'), 0::bigint, 'not errors');

UPDATE cop_alloc.indicator_result SET realized = 300 WHERE year = 2024 AND chamber_code = 'OUEST' AND indicator_code = 'I1';

-- ---- only the members of the recipients, and for a missing result only
-- the indicators the exercise weighs
INSERT INTO cop_alloc.chamber (code, name) VALUES ('AILLEURS', 'Chambre hors de l''exercice');
INSERT INTO cop_alloc.com_target VALUES (2024, 'AILLEURS', 'I1', 10);
INSERT INTO cop_alloc.indicator_result VALUES (2024, 'AILLEURS', 'I2', 5), (2024, 'AILLEURS', 'I3a', NULL);
SELECT is_empty($$SELECT FROM cop_alloc.check_exercise(2025) WHERE chamber_code = 'AILLEURS'$$,
                'a chamber that is no recipient, nor associated to one, is not checked');
UPDATE cop_alloc.exercise_axis SET weight = CASE axis_no WHEN 5 THEN 0 ELSE weight + 0.15 END
 WHERE year = 2025 AND axis_no IN (5, 6);
DELETE FROM cop_alloc.indicator_result WHERE year = 2024 AND chamber_code = 'NORD' AND indicator_code = 'I5';
DELETE FROM cop_alloc.com_target WHERE year = 2024 AND chamber_code = 'OUEST' AND indicator_code = 'I5';
SELECT results_eq(
    $$SELECT severity, chamber_code, indicator_code, problem FROM cop_alloc.check_exercise(2025) WHERE indicator_code = 'I5'$$,
    $$VALUES ('warning'::text, 'OUEST'::text, 'I5'::text, 'result 20 of chamber OUEST for indicator I5 in 2024 has no COM target: it is ignored (com_target)'::text)$$,
    'on an axis of weight 0 a missing result is not asked for; a result without target is still pointed out');
-- row-level security: a reader, who sees every chamber, gets the owner's list
CREATE TEMP TABLE owner_list AS SELECT * FROM cop_alloc.check_exercise(2025);
GRANT SELECT ON owner_list TO cop_t_rdr;
SET LOCAL ROLE cop_t_rdr;
SELECT set_eq('SELECT * FROM cop_alloc.check_exercise(2025)', 'SELECT * FROM owner_list',
              'a reader gets the same list through row-level security');
RESET ROLE;
DELETE FROM cop_alloc.indicator_result WHERE year = 2024 AND chamber_code = 'AILLEURS';
DELETE FROM cop_alloc.com_target WHERE year = 2024 AND chamber_code = 'AILLEURS';
INSERT INTO cop_alloc.indicator_result VALUES (2024, 'NORD', 'I5', 40);
INSERT INTO cop_alloc.com_target VALUES (2024, 'OUEST', 'I5', 20);
UPDATE cop_alloc.exercise_axis a SET weight = x.cop_weight FROM cop_alloc.axis x
 WHERE a.year = 2025 AND x.axis_no = a.axis_no AND a.axis_no IN (5, 6);

CREATE TEMP TABLE good_run AS SELECT cop_alloc.run(2025) AS id;

-- ---- every missing result, not the first one only
DELETE FROM cop_alloc.indicator_result WHERE year = 2024 AND chamber_code IN ('OUEST', 'NORD-ASSOC');
UPDATE cop_alloc.indicator_result SET realized = NULL WHERE year = 2024 AND chamber_code = 'OUTREMER' AND indicator_code = 'I5';
SELECT results_eq(
    $$SELECT chamber_code, indicator_code, problem FROM cop_alloc.check_exercise(2025) WHERE severity = 'error'$$,
    $$VALUES ('NORD-ASSOC'::text, 'I1'::text, 'no result of chamber NORD-ASSOC for indicator I1 in 2024 (target 200); missing_result = error: the exercise cannot be computed (R323-24: the chamber reports its results)'::text),
             ('OUEST', 'I1', 'no result of chamber OUEST for indicator I1 in 2024 (target 300); missing_result = error: the exercise cannot be computed (R323-24: the chamber reports its results)'),
             ('OUEST', 'I2', 'no result of chamber OUEST for indicator I2 in 2024 (target 250); missing_result = error: the exercise cannot be computed (R323-24: the chamber reports its results)'),
             ('OUEST', 'I3a', 'no result of chamber OUEST for indicator I3a in 2024 (target 5000); missing_result = error: the exercise cannot be computed (R323-24: the chamber reports its results)'),
             ('OUEST', 'I4', 'no result of chamber OUEST for indicator I4 in 2024 (target 25); missing_result = error: the exercise cannot be computed (R323-24: the chamber reports its results)'),
             ('OUEST', 'I5', 'no result of chamber OUEST for indicator I5 in 2024 (target 20); missing_result = error: the exercise cannot be computed (R323-24: the chamber reports its results)'),
             ('OUTREMER', 'I5', 'no result of chamber OUTREMER for indicator I5 in 2024 (target 6); missing_result = error: the exercise cannot be computed (R323-24: the chamber reports its results)')$$,
    'each missing result is an error naming chamber, indicator and target (OUEST''s I3b has target 0: not applicable)');
SELECT set_eq($$SELECT * FROM cop_alloc.exercise_problems(2025, errors_only => true) WHERE severity = 'error'$$,
              $$SELECT * FROM cop_alloc.exercise_problems(2025) WHERE severity = 'error'$$,
              'asked for errors only (as run asks), exercise_problems lists the same errors');
SELECT throws_ok($$SELECT cop_alloc.run(2025)$$, '55000', 'exercise 2025 has 7 error(s) in its inputs', 'run refuses the exercise');
SELECT throws_ok($$SELECT cop_alloc.run_if_changed(2025)$$, '55000', 'exercise 2025 has 7 error(s) in its inputs', 'so does run_if_changed');
SELECT ok((SELECT 'check_exercise(2025) relève 7 erreur(s) dans les données : ni run ni publication avant leur correction.' = ANY (missing)
             FROM cop_alloc.status(2025)), 'status counts the errors among what is missing');
SELECT results_eq($$SELECT input_errors, ready FROM cop_alloc.status(2025)$$, $$VALUES (7::bigint, false)$$,
                  'and gives their number in input_errors');
SELECT throws_ok($$SELECT cop_alloc.publish((SELECT id FROM good_run))$$, '55000', 'exercise 2025 is not ready for publication',
                 'publish refuses a run of the exercise while its inputs have errors');
SELECT lives_ok($$SELECT cop_alloc.publish((SELECT id FROM good_run), force_reason => 'publication test')$$,
                'unless forced with a reason');
SELECT ok((SELECT 'check_exercise(2025) relève 7 erreur(s) dans les données : ni run ni publication avant leur correction.' = ANY (p.missing)
             FROM cop_alloc.publication p WHERE p.run_id = (SELECT id FROM good_run)),
          'and the forced publication keeps the count among what was missing');
SELECT results_eq($$SELECT chamber_code, total FROM cop_alloc.simulate(2025, '{"missing_result": "zero"}')$$,
                  $$SELECT chamber_code, total FROM cop_alloc.simulate(2025, '{"missing_result": "zero"}')$$,
                  'what-if on incomplete data still computes');
UPDATE cop_alloc.exercise SET missing_result = 'zero' WHERE year = 2025;
SELECT is((SELECT count(*) FROM cop_alloc.check_exercise(2025) WHERE severity = 'error'), 0::bigint,
          'under policy zero the missing results are no longer errors');
SELECT is((SELECT count(*) FROM cop_alloc.check_exercise(2025) WHERE problem LIKE '%missing_result = zero: it counts as 0'), 7::bigint,
          'but each is still listed as a warning');
SELECT lives_ok($$SELECT cop_alloc.run(2025)$$, 'and run computes');
SELECT is_empty($$SELECT * FROM cop_alloc.exercise_problems(2025, errors_only => true)$$,
                'asked for errors only, exercise_problems does not look for these warnings');
UPDATE cop_alloc.exercise SET missing_result = 'error', performance_decided = false WHERE year = 2025;
SELECT is((SELECT count(*) FROM cop_alloc.check_exercise(2025) WHERE severity = 'error'), 7::bigint,
          'without a decided performance part, missing results are still errors: achievements are measured (R312-2 last paragraph)');
UPDATE cop_alloc.exercise SET performance_decided = true WHERE year = 2025;

-- ---- targets: none in the results year, none for a recipient; a result without target
-- run leaves to the engine whether each recipient has a positive target:
-- NORD measured through NORD-ASSOC's target only
UPDATE cop_alloc.exercise SET missing_result = 'zero' WHERE year = 2025;
CREATE TEMP TABLE nord_targets AS SELECT * FROM cop_alloc.com_target WHERE year = 2024 AND chamber_code = 'NORD';
DELETE FROM cop_alloc.com_target WHERE year = 2024 AND chamber_code = 'NORD';
SELECT is(pg_temp.error_of('SELECT cop_alloc.run(2025)'), 'no error',
          'run: a recipient measured through its associated chamber''s target only');
INSERT INTO cop_alloc.com_target SELECT * FROM nord_targets;
UPDATE cop_alloc.exercise SET missing_result = 'error' WHERE year = 2025;
DELETE FROM cop_alloc.com_target WHERE year = 2024 AND chamber_code = 'OUTREMER';
SELECT results_eq(
    $$SELECT chamber_code, problem FROM cop_alloc.check_exercise(2025) WHERE severity = 'error' AND indicator_code IS NULL$$,
    $$VALUES ('OUTREMER'::text, 'chamber OUTREMER has no applicable indicator in results year 2024 (no positive COM target of it or its associated chambers): its whole envelope would be kept without measure (com_target; COP preamble)'::text)$$,
    'a recipient without any applicable indicator');
SELECT set_eq($$SELECT * FROM cop_alloc.exercise_problems(2025, errors_only => true) WHERE severity = 'error'$$,
              $$SELECT * FROM cop_alloc.exercise_problems(2025) WHERE severity = 'error'$$,
              'errors only: the same errors');
SELECT is(pg_temp.error_of('SELECT cop_alloc.run(2025)'), pg_temp.error_of('SELECT cop_alloc.require_checked(2025)'),
          'run refuses it with every error listed, as require_checked does');
SELECT matches(pg_temp.error_of('SELECT cop_alloc.run(2025)'), 'has 7 error\(s\).*chamber OUTREMER has no applicable indicator',
               'the missing results and the recipient without applicable indicator');
UPDATE cop_alloc.exercise SET missing_result = 'zero' WHERE year = 2025;
SELECT is(pg_temp.error_of('SELECT cop_alloc.require_checked(2025, measured_by_engine => true)'), 'no error',
          'asked by run, require_checked leaves that recipient to the engine');
SELECT throws_ok($$SELECT cop_alloc.require_checked(2025)$$, '55000', 'exercise 2025 has 1 error(s) in its inputs',
                 'otherwise it finds it');
SELECT is(pg_temp.error_of('SELECT cop_alloc.run(2025)'), pg_temp.error_of('SELECT cop_alloc.require_checked(2025)'),
          'and run refuses it with the same error, the engine having found it among the targets it read');
UPDATE cop_alloc.exercise SET performance_decided = false WHERE year = 2025;
SELECT is(pg_temp.error_of('SELECT cop_alloc.run(2025)'), 'no error',
          'the performance part undecided, it is a warning and run computes');
UPDATE cop_alloc.exercise SET performance_decided = true, missing_result = 'error' WHERE year = 2025;
SELECT results_eq(
    $$SELECT count(*)::int FROM cop_alloc.check_exercise(2025)
       WHERE severity = 'warning' AND chamber_code = 'OUTREMER' AND problem LIKE 'result % has no COM target: it is ignored (com_target)'$$,
    $$VALUES (5)$$, 'each of its results left without target is a warning');
DELETE FROM cop_alloc.com_target WHERE year = 2024;
SELECT results_eq(
    $$SELECT severity, problem FROM cop_alloc.check_exercise(2025) WHERE chamber_code IS NULL$$,
    $$VALUES ('error'::text, 'no COM target of any recipient in results year 2024 on an indicator the exercise weighs: every achievement would be 100 % (com_target, exercise.results_year; COP preamble)'::text)$$,
    'a results year with no target at all is an error, no longer a silent 100 %');
SELECT is(pg_temp.error_of('SELECT cop_alloc.run(2025)'), pg_temp.error_of('SELECT cop_alloc.require_checked(2025)'),
          'run refuses it with the same list as require_checked');
SELECT set_eq($$SELECT * FROM cop_alloc.exercise_problems(2025, errors_only => true) WHERE severity = 'error'$$,
              $$SELECT * FROM cop_alloc.exercise_problems(2025) WHERE severity = 'error'$$,
              'errors only: the same error');
UPDATE cop_alloc.exercise SET results_year = 2023 WHERE year = 2025;
SELECT ok(EXISTS (SELECT FROM cop_alloc.check_exercise(2025) WHERE problem LIKE 'no COM target of any recipient in results year 2023%'),
          'it names the results year the exercise reads');

-- ---- the whole exercise: axis weights, recipients, keys, bounds
UPDATE cop_alloc.exercise_axis SET weight = 0.30 WHERE year = 2025 AND axis_no = 6;
UPDATE cop_alloc.exercise_chamber SET floor_amount = 600000.00 WHERE year = 2025 AND chamber_code = 'OUEST';
UPDATE cop_alloc.exercise_chamber SET ceiling_amount = 500000.00 WHERE year = 2025 AND chamber_code = 'NORD';
UPDATE cop_alloc.exercise_chamber SET floor_amount = 10.00, ceiling_amount = 20.00 WHERE year = 2025 AND chamber_code = 'OUTREMER';
SELECT results_eq(
    $$SELECT chamber_code, problem FROM cop_alloc.check_exercise(2025) WHERE severity = 'error' AND problem NOT LIKE 'no COM target%'$$,
    $$VALUES (NULL::text, 'the axis weights of exercise 2025 add up to 1.20, not 1 (exercise_axis.weight, COP preamble)'::text),
             (NULL, 'the lower bounds of exercise 2025 add up to 600010.00, above the operating part 585000.00 (floor_amount, max_decrease_pct; R312-2 1°)')$$,
    'axis weights and floors, all at once');
UPDATE cop_alloc.exercise_chamber SET floor_amount = NULL, ceiling_amount = 1000.00 WHERE year = 2025 AND chamber_code = 'OUEST';
UPDATE cop_alloc.exercise_chamber SET floor_amount = 30.00, ceiling_amount = NULL, previous_operating = 10.00
 WHERE year = 2025 AND chamber_code = 'OUTREMER';
UPDATE cop_alloc.exercise SET max_increase_pct = 0.10 WHERE year = 2025;
SELECT results_eq(
    $$SELECT chamber_code, problem FROM cop_alloc.check_exercise(2025)
       WHERE severity = 'error' AND problem NOT LIKE 'no COM target%' AND problem NOT LIKE 'the axis weights%'$$,
    $$VALUES (NULL::text, 'every recipient of exercise 2025 has an upper bound and they add up to 501011.00, below the operating part 585000.00 (ceiling_amount, max_increase_pct; R312-2 1°)'::text),
             ('OUTREMER', 'the lower bound 30.00 of chamber OUTREMER is above its upper bound 11.00 (floor_amount, ceiling_amount, max_decrease_pct, max_increase_pct; R312-2 1°)')$$,
    'ceilings below the operating part, and a floor above the tunnel''s upper bound');
UPDATE cop_alloc.exercise_chamber SET assujettis = 0 WHERE year = 2025;
SELECT ok(EXISTS (SELECT FROM cop_alloc.check_exercise(2025)
                   WHERE problem = 'every operating key of exercise 2025 is 0 while the operating part is 585000.00 (exercise_chamber.assujettis, operating_weight; R312-2 1°)'),
          'all operating keys zero');
DELETE FROM cop_alloc.exercise_chamber WHERE year = 2025;
DELETE FROM cop_alloc.exercise_axis WHERE year = 2025;
SELECT results_eq(
    $$SELECT problem FROM cop_alloc.check_exercise(2025)$$,
    $$VALUES ('exercise 2025 has no axis: exercise_axis must give the axis weights of the performance part (COP preamble)'::text),
             ('exercise 2025 has no recipient: exercise_chamber has no row for it (R312-2)')$$,
    'no axis, no recipient');

SELECT * FROM finish();
ROLLBACK;
