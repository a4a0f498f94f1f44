-- The previous year's publication supplies the base of the tunnel only
-- through an explicit, recorded step: carry_forward(year) writes the
-- operating parts published for year - 1 into
-- exercise_chamber.previous_operating (R312-2 1°: equalisation between
-- chambers; spec §4).  The engine reads only exercise_chamber;
-- explain still shows last year's published figures.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(32);

\i test/fixtures/example.sql
-- 2024: the same chambers, no deductions; 2025: a tunnel of -10 % / +10 %
\i test/fixtures/example_2024.sql

SELECT is((SELECT count(*) FROM cop_alloc.exercise_chamber WHERE year = 2025 AND previous_operating IS NOT NULL), 0::bigint,
          'the 2025 exercise leaves previous_operating NULL');
SELECT results_eq('SELECT operating FROM cop_alloc.allocate(2025)', $$VALUES (343333.33), (171666.67), (70000.00)$$,
                  'without a tunnel base there is no tunnel');
SELECT throws_ok('SELECT * FROM cop_alloc.carry_forward(2025)', 'P0002',
                 'exercise 2024 has no publication to carry forward into exercise 2025',
                 'carry_forward refuses a year whose previous year is not published');
SELECT throws_ok('SELECT * FROM cop_alloc.carry_forward(2031)', 'P0002', 'exercise 2031 does not exist',
                 'and an exercise that does not exist');
SELECT throws_ok('SELECT * FROM cop_alloc.carry_forward(NULL)', '22004', 'the year to carry forward to must not be null',
                 'and a NULL year');
CREATE TEMP TABLE fp AS SELECT cop_alloc.fingerprint(2025) AS before;

CREATE TEMP TABLE runs AS SELECT 2024 AS year, cop_alloc.run(2024) AS id;
SELECT cop_alloc.publish((SELECT id FROM runs), force_reason => 'test');
SELECT results_eq('SELECT chamber_code, operating FROM cop_alloc.published_operating WHERE year = 2024 ORDER BY chamber_code COLLATE "C"',
                  $$VALUES ('NORD'::text, 272106.25), ('OUEST', 217685.00), ('OUTREMER', 95208.75)$$,
                  'published_operating of 2024');
SELECT is(cop_alloc.fingerprint(2025), (SELECT before FROM fp), 'publishing 2024 changes no input of 2025');
SELECT results_eq('SELECT operating FROM cop_alloc.allocate(2025)', $$VALUES (343333.33), (171666.67), (70000.00)$$,
                  'nor its figures: the engine does not read publications');

-- the step: written, reported, recorded
SELECT results_eq('SELECT * FROM cop_alloc.carry_forward(2025)',
                  $$VALUES ('NORD'::text, 272106.25, 272106.25, 'carried'::text), ('OUEST', 217685.00, 217685.00, 'carried'),
                           ('OUTREMER', 95208.75, 95208.75, 'carried')$$,
                  'carry_forward writes the published 2024 operating parts and says so');
SELECT results_eq($$SELECT year, publication_id, run_id, chambers, carried_by, how FROM cop_alloc.carried_forward$$,
                  $$SELECT 2025, p.publication_id, p.run_id, ARRAY['NORD', 'OUEST', 'OUTREMER'], current_user::text COLLATE "default", 'carry_forward'::text
                      FROM cop_alloc.current_publication p WHERE p.year = 2024$$,
                  'and records which publication it used, for which chambers, by whom');
SELECT isnt(cop_alloc.fingerprint(2025), (SELECT before FROM fp), 'the bases are inputs of 2025: the fingerprint covers them');
SELECT results_eq('SELECT action FROM cop_alloc.carry_forward(2025)', $$VALUES ('unchanged'::text), ('unchanged'), ('unchanged')$$,
                  'a second call finds nothing to do');
SELECT is((SELECT count(*) FROM cop_alloc.carried_forward), 1::bigint, 'and records nothing');

SELECT results_eq(
    $$SELECT chamber_code, lower_bound, lower_source, upper_bound, upper_source, binding FROM cop_alloc.allocation_bounds(2025)$$,
    $$VALUES ('NORD'::text, 244895.63, 'tunnel'::text, 299316.88, 'tunnel'::text, 'upper'::text),
             ('OUEST', 195916.50, 'tunnel', 239453.50, 'tunnel', 'none'),
             ('OUTREMER', 85687.88, 'tunnel', 104729.63, 'tunnel', 'lower')$$,
    'the carried 2024 operating parts are the tunnel bases of 2025');
SELECT results_eq('SELECT chamber_code, operating FROM cop_alloc.allocate(2025)',
                  $$VALUES ('NORD'::text, 299316.88), ('OUEST', 199995.24), ('OUTREMER', 85687.88)$$,
                  'and hold the 2025 operating parts');
SELECT results_eq('SELECT * FROM cop_alloc.allocate(2025)',
                  $$SELECT * FROM cop_alloc.simulate(2025, '{"chambers": {"NORD": {"previous_operating": 272106.25},
                      "OUEST": {"previous_operating": 217685.00}, "OUTREMER": {"previous_operating": 95208.75}}}')$$,
                  'exactly as if previous_operating had been given');
SELECT is((SELECT substring(motive from '^[^)]*\)') FROM cop_alloc.explain(2025) WHERE chamber_code = 'NORD'),
          'Part de fonctionnement : 299 316,88 € (60,0 % des assujettis ; 351 000,00 € à la clé, ramenée à la borne haute du tunnel : hausse limitée à 10,0 % par rapport à 2024)',
          'explain names the upper bound of the tunnel');
SELECT is((SELECT substring(motive from '^[^)]*\)') FROM cop_alloc.explain(2025) WHERE chamber_code = 'OUTREMER'),
          'Part de fonctionnement : 85 687,88 € (10,0 % des assujettis ; 58 500,00 € à la clé, relevée à la borne basse du tunnel : baisse limitée à 10,0 % par rapport à 2024)',
          'and the lower one');

-- stored with the run
INSERT INTO runs SELECT 2025, cop_alloc.run(2025);
SELECT results_eq($$SELECT chamber_code, previous_operating FROM cop_alloc.run_line WHERE run_id = (SELECT max(id) FROM runs)$$,
                  $$VALUES ('NORD'::text, 272106.25), ('OUEST', 217685.00), ('OUTREMER', 95208.75)$$,
                  'the run records the tunnel bases it used');
SELECT is((SELECT previous_run_id FROM cop_alloc.run WHERE run_id = (SELECT max(id) FROM runs)), (SELECT min(id) FROM runs),
          'and the publication of 2024 in force, the reference of the evolution');

-- a base set by hand is kept
UPDATE cop_alloc.exercise_chamber SET previous_operating = 300000.00 WHERE year = 2025 AND chamber_code = 'NORD';
SELECT is((SELECT upper_bound FROM cop_alloc.allocation_bounds(2025) WHERE chamber_code = 'NORD'), 330000.00,
          'a previous_operating set by hand is the base');
SELECT is((SELECT action FROM cop_alloc.carry_forward(2025) WHERE chamber_code = 'NORD'), 'kept',
          'carry_forward keeps it and reports it');

-- a superseded publication: the bases change only when carried again
UPDATE cop_alloc.exercise_chamber SET floor_amount = 100000.00 WHERE year = 2024 AND chamber_code = 'OUTREMER';
INSERT INTO runs SELECT 2024, cop_alloc.run(2024, 'floor raised');
SELECT cop_alloc.publish((SELECT max(id) FROM runs), supersede_reason => 'floor raised', force_reason => 'test');
SELECT is((SELECT lower_bound FROM cop_alloc.allocation_bounds(2025) WHERE chamber_code = 'OUTREMER'), 85687.88,
          'superseding 2024 leaves the carried bases as they are');
SELECT is((SELECT previous_total FROM cop_alloc.explain(2025) WHERE chamber_code = 'OUTREMER'), 100000.00,
          'explain shows the publication in force as the evolution''s reference');
UPDATE cop_alloc.exercise_chamber SET previous_operating = NULL WHERE year = 2025;
SELECT results_eq('SELECT chamber_code, previous_operating, action FROM cop_alloc.carry_forward(2025)',
                  $$SELECT chamber_code, operating, 'carried'::text FROM cop_alloc.published_operating WHERE year = 2024$$,
                  'cleared and carried again, they are those of the publication in force');
SELECT is((SELECT lower_bound FROM cop_alloc.allocation_bounds(2025) WHERE chamber_code = 'OUTREMER'), 90000.00,
          'the new bases hold');
SELECT is((SELECT run_id FROM cop_alloc.carried_forward ORDER BY carry_id DESC LIMIT 1), (SELECT max(id) FROM runs WHERE year = 2024),
          'the second step records the superseding publication''s run');
-- who may: the finance party, recorded by name
CREATE ROLE cop_t_cf_finance NOLOGIN;
CREATE ROLE cop_t_cf_nobody NOLOGIN;
SELECT cop_alloc.enrol('cop_t_cf_finance', 'finance');
GRANT USAGE ON SCHEMA cop_alloc TO cop_t_cf_nobody;
SET LOCAL ROLE cop_t_cf_nobody;
SELECT throws_ok('SELECT * FROM cop_alloc.carry_forward(2025)', '42501', NULL, 'a role of no party cannot call carry_forward');
RESET ROLE;
GRANT EXECUTE ON FUNCTION cop_alloc.carry_forward(int) TO cop_t_cf_nobody;
SET LOCAL ROLE cop_t_cf_nobody;
SELECT throws_ok('SELECT * FROM cop_alloc.carry_forward(2025)', '42501', 'role "cop_t_cf_nobody" does not act for party "finance"',
                 'even with EXECUTE: only finance carries forward');
RESET ROLE;
UPDATE cop_alloc.exercise_chamber SET previous_operating = NULL WHERE year = 2025 AND chamber_code = 'OUEST';
SET LOCAL ROLE cop_t_cf_finance;
SELECT results_eq($$SELECT chamber_code FROM cop_alloc.carry_forward(2025) WHERE action = 'carried'$$, $$VALUES ('OUEST'::text)$$,
                  'the finance party carries forward');
RESET ROLE;
SELECT is((SELECT carried_by FROM cop_alloc.carried_forward ORDER BY carry_id DESC LIMIT 1), 'cop_t_cf_finance',
          'and the record names its role');
SELECT throws_ok('UPDATE cop_alloc.carried_forward SET how = how', '23001',
                 'cop_alloc.carried_forward is append-only: update is not allowed', 'the record is append-only');

SELECT * FROM finish();
ROLLBACK;
