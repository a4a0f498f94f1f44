-- COP versions: the signed COP is act 1 and its catalogue is cop_alloc.indicator;
-- an amendment or revision applies from a results year, so the exercise whose
-- results year it is (and later ones) measure the catalogue it sets, earlier
-- ones keep theirs; each to the cent, the expected figures being those the
-- engine gives when cop_alloc.indicator itself holds the amended definitions.
BEGIN;
SET search_path = public;
SELECT plan(41);

\i test/fixtures/example.sql
-- exercise 2026 (results year 2025): the 2025 exercise's parameters, targets and results one year on
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, quote_part_min, operating_pct, minister_authorized)
SELECT 2026, tax_product, quote_part, quote_part_min, operating_pct, minister_authorized FROM cop_alloc.exercise WHERE year = 2025;
\set year 2026
\set pct 0.65
\i test/fixtures/authorisation.sql
INSERT INTO cop_alloc.exercise_axis (year, axis_no, weight) SELECT 2026, axis_no, weight FROM cop_alloc.exercise_axis WHERE year = 2025;
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis, floor_amount)
SELECT 2026, chamber_code, assujettis, floor_amount FROM cop_alloc.exercise_chamber WHERE year = 2025;
INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target)
SELECT 2025, chamber_code, indicator_code, target FROM cop_alloc.com_target WHERE year = 2024;
INSERT INTO cop_alloc.indicator_result (year, chamber_code, indicator_code, realized)
SELECT 2025, chamber_code, indicator_code, realized FROM cop_alloc.indicator_result WHERE year = 2024;

CREATE TEMP TABLE worked AS SELECT * FROM cop_alloc.allocate(2025);
-- the acts below are numbered from 2 whatever ran before (a sequence does not roll back)
SELECT setval(pg_get_serial_sequence('cop_alloc.cop_act', 'act_id'), 1);

-- the signed COP
SELECT results_eq($$SELECT kind, applies_from, act_id FROM cop_alloc.cop_act$$,
                  $$VALUES ('signature'::text, 2023, 1::bigint)$$, 'the signed COP is act 1, from results year 2023');
SELECT results_eq($$SELECT code, axis_no, direction, weight, act_id FROM cop_alloc.catalogue_in_force(2024) ORDER BY code$$,
                  $$SELECT code, axis_no, direction, weight::numeric, 1::bigint FROM cop_alloc.indicator ORDER BY code$$,
                  'with no amendment, the catalogue in force is cop_alloc.indicator, set by act 1');
SELECT results_eq($$SELECT national_target, target_year FROM cop_alloc.catalogue_in_force(2027) WHERE code = 'cop.2.2'$$,
                  $$VALUES (13000::numeric, 2027)$$, 'the COP''s national target of 2027 is in force in 2027');
SELECT results_eq($$SELECT national_target, target_year FROM cop_alloc.catalogue_in_force(2025) WHERE code = 'cop.2.2'$$,
                  $$VALUES (NULL::numeric, NULL::int)$$, 'the COP gives no national target for 2025');
SELECT results_eq('SELECT * FROM cop_alloc.allocate(2026)', 'SELECT * FROM worked',
                  'the same inputs one year on give the same figures');

-- a revision from results year 2025: I3a weighs 1 instead of 2
SELECT is(cop_alloc.record_cop_act('revoyure', 'Revoyure 2025', '2025-03-15', 2025,
                                   'Clause de revoyure : poids de l’indicateur I3a ramené à 1'), 2::bigint,
          'record_cop_act returns the act''s number');
SELECT lives_ok($$SELECT cop_alloc.record_indicator_version(2, 'I3a', 'amended', weight => 1)$$, 'I3a amended');
SELECT results_eq($$SELECT axis_no, direction, weight, act_id FROM cop_alloc.catalogue_in_force(2025) WHERE code = 'I3a'$$,
                  $$VALUES (3, 'higher'::cop_alloc.direction, 1::numeric, 2::bigint)$$,
                  'in 2025 I3a weighs 1 (act 2), its axis and direction kept');
SELECT results_eq($$SELECT weight, act_id FROM cop_alloc.catalogue_in_force(2024) WHERE code = 'I3a'$$,
                  $$VALUES (2::numeric, 1::bigint)$$, 'in 2024 I3a still weighs 2 (act 1)');
SELECT results_eq('SELECT * FROM cop_alloc.allocate(2025)', 'SELECT * FROM worked',
                  'exercise 2025 (results 2024): every figure unchanged');
SELECT results_eq('SELECT * FROM cop_alloc.allocate(2026)',
                  $$VALUES ('NORD'::text, 343333.33, 189000.00, 10946.26, 178053.74, 521387.07, 0.00),
                           ('OUEST', 171666.67, 94500.00, 0.00, 94500.00, 266166.67, 0.00),
                           ('OUTREMER', 70000.00, 31500.00, 6706.87, 24793.13, 94793.13, 0.00)$$,
                  'exercise 2026 (results 2025): NORD''s deduction 11 339.99 -> 10 946.26, OUTREMER''s 6 291.25 -> 6 706.87');
SELECT results_eq($$SELECT value FROM cop_alloc.run_inputs(2026) WHERE kind = 'indicator' AND key = '["I3a"]'$$,
                  $$VALUES ('{"axis_no": 3, "weight": 1, "direction": "higher"}'::jsonb)$$,
                  'the run''s inputs (and so its fingerprint) carry the definition in force');

-- an avenant adding an impact indicator from results year 2025; its 2024 rows are not measured
SELECT is(cop_alloc.record_cop_act('avenant', 'Avenant n° 1', '2023-12-20', 2025,
                                   'Indicateur d’impact de l’axe 2 introduit par avenant'), 3::bigint, 'avenant recorded');
SELECT lives_ok($$SELECT cop_alloc.record_indicator_version(3, 'IMP1', 'added', axis_no => 2, impact => true,
                    national_target => 400, target_year => 2025, label => 'Entreprises ayant adopté une solution numérique')$$,
                'IMP1 added as an impact indicator');
INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target) VALUES
    (2024, 'NORD', 'IMP1', 100), (2025, 'NORD', 'IMP1', 100), (2025, 'OUEST', 'IMP1', 100), (2025, 'OUTREMER', 'IMP1', 10);
INSERT INTO cop_alloc.indicator_result (year, chamber_code, indicator_code, realized) VALUES
    (2024, 'NORD', 'IMP1', 0), (2025, 'NORD', 'IMP1', 50), (2025, 'OUEST', 'IMP1', 100), (2025, 'OUTREMER', 'IMP1', 10);
SELECT results_eq($$SELECT impact, weight, national_target, target_year, act_id FROM cop_alloc.catalogue_in_force(2025) WHERE code = 'IMP1'$$,
                  $$VALUES (true, 1::numeric, 400::numeric, 2025, 3::bigint)$$, 'IMP1 in force in 2025, impact, with its national target');
SELECT is_empty($$SELECT FROM cop_alloc.catalogue_in_force(2024) WHERE code = 'IMP1'$$, 'IMP1 not in force in 2024');
SELECT results_eq('SELECT * FROM cop_alloc.allocate(2025)', 'SELECT * FROM worked',
                  'exercise 2025: IMP1''s 2024 rows are not measured, every figure unchanged');
SELECT results_eq('SELECT * FROM cop_alloc.allocate(2026)',
                  $$VALUES ('NORD'::text, 343333.33, 189000.00, 18506.26, 170493.74, 513827.07, 0.00),
                           ('OUEST', 171666.67, 94500.00, 0.00, 94500.00, 266166.67, 0.00),
                           ('OUTREMER', 70000.00, 31500.00, 6706.87, 24793.13, 94793.13, 0.00)$$,
                  'exercise 2026: NORD''s half-met IMP1 on axis 2 adds 7 560.00 to its deduction');

-- an evaluation withdrawing I1 from results year 2025
SELECT lives_ok($$SELECT cop_alloc.record_indicator_version(
                      cop_alloc.record_cop_act('evaluation', 'Évaluation 2025', '2025-06-30', 2025, 'Indicateur I1 retiré'),
                      'I1', 'withdrawn')$$, 'I1 withdrawn');
SELECT is_empty($$SELECT FROM cop_alloc.catalogue_in_force(2025) WHERE code = 'I1'$$, 'I1 not in force in 2025');
SELECT results_eq('SELECT * FROM cop_alloc.allocate(2026)',
                  $$VALUES ('NORD'::text, 343333.33, 189000.00, 15671.26, 173328.74, 516662.07, 0.00),
                           ('OUEST', 171666.67, 94500.00, 0.00, 94500.00, 266166.67, 0.00),
                           ('OUTREMER', 70000.00, 31500.00, 3871.87, 27628.13, 97628.13, 0.00)$$,
                  'exercise 2026: I1''s 2025 rows no longer measured (NORD and OUTREMER missed it)');
SELECT results_eq('SELECT * FROM cop_alloc.allocate(2025)', 'SELECT * FROM worked', 'exercise 2025 still unchanged');
SELECT ok((SELECT value -> 'com_target' ? 'I1' FROM cop_alloc.input_record(2026) WHERE key = '["NORD"]'),
          'the inputs of exercise 2026 still hold I1''s 2025 targets, not measured');
SELECT is((SELECT fingerprint FROM cop_alloc.run_lines(2026) WHERE line = 'summary'), cop_alloc.fingerprint(2026),
          'and what run() records of them, from the rows the engine reads, is the same');
SELECT results_eq($$SELECT DISTINCT indicator_code, weight FROM cop_alloc.explain_indicators(2026)
                     WHERE indicator_code IN ('I1', 'I3a', 'IMP1') ORDER BY 1$$,
                  $$VALUES ('I3a'::text, 1::numeric), ('IMP1', 1)$$,
                  'explain_indicators gives the catalogue in force for results year 2025: I3a weighs 1, IMP1 counts, I1 is gone');
SELECT results_eq($$SELECT DISTINCT indicator_code, weight FROM cop_alloc.explain_indicators(2025)
                     WHERE indicator_code IN ('I1', 'I3a', 'IMP1') ORDER BY 1$$,
                  $$VALUES ('I1'::text, 1::numeric), ('I3a', 2)$$,
                  'and for results year 2024 the signed catalogue');
DELETE FROM cop_alloc.indicator_result WHERE year = 2025 AND indicator_code = 'I1';
SELECT is_empty($$SELECT FROM cop_alloc.check_exercise(2026) WHERE indicator_code = 'I1'$$,
                'check_exercise asks no result of a withdrawn indicator');

-- errors
SELECT throws_ok($$SELECT cop_alloc.record_cop_act('signature', 'x', '2025-01-01', 2025, 'x')$$,
                 '22023', 'invalid kind of COP act: signature', 'a second signature is refused');
SELECT throws_ok($$SELECT cop_alloc.record_cop_act('avenant', 'x', '2022-01-01', 2022, 'x')$$,
                 '22023', 'COP act applies from results year 2022, before the COP', 'an act before the COP is refused');
SELECT throws_ok($$SELECT cop_alloc.record_cop_act('avenant', 'x', NULL, 2025, 'x')$$,
                 '23514', NULL, 'an amendment needs its date');
SELECT throws_ok($$SELECT cop_alloc.record_indicator_version(1, 'I2', 'amended', weight => 3)$$,
                 '22023', 'COP act 1 does not exist or is the signed COP', 'act 1 is not amended');
SELECT throws_ok($$SELECT cop_alloc.record_indicator_version(2, 'I3a', 'amended', weight => 3)$$,
                 '22023', 'COP act 2 already sets indicator "I3a"', 'an act sets an indicator once');
SELECT throws_ok($$SELECT cop_alloc.record_indicator_version(2, 'I2', 'added', axis_no => 2, label => 'x')$$,
                 '22023', 'indicator "I2" already exists', 'an existing indicator is not added');
SELECT throws_ok($$SELECT cop_alloc.record_indicator_version(2, 'I1', 'amended', weight => 3)$$,
                 '22023', 'indicator "I1" is not in force in results year 2025', 'a withdrawn indicator is not amended');
SELECT throws_ok($$SELECT cop_alloc.record_indicator_version(2, 'I2', 'withdrawn', weight => 0)$$,
                 '22023', 'withdrawn indicator "I2" given a definition', 'a withdrawal carries no definition');

-- the record: finance only, append-only, guarded
CREATE ROLE cop_v_reader NOLOGIN;
SELECT cop_alloc.enrol('cop_v_reader', 'reader');
SET ROLE cop_v_reader;
SELECT throws_ok($$SELECT cop_alloc.record_cop_act('avenant', 'x', '2025-01-01', 2025, 'x')$$,
                 '42501', NULL, 'a reader records no act');
SELECT throws_ok($$INSERT INTO cop_alloc.cop_act (kind, reference, signed_on, applies_from, motive) VALUES ('avenant', 'x', '2025-01-01', 2025, 'x')$$,
                 '42501', NULL, 'nor writes cop_act directly');
RESET ROLE;
CREATE ROLE cop_v_finance NOLOGIN;
SELECT cop_alloc.enrol('cop_v_finance', 'finance');
SET ROLE cop_v_finance;
SELECT is(cop_alloc.record_cop_act('avenant', 'Avenant n° 2', '2025-02-01', 2026, 'Révision des cibles'), 6::bigint,
          'a role enrolled for finance records an act (number 5 went to the undated amendment refused above)');
SELECT lives_ok($$SELECT cop_alloc.record_indicator_version(6, 'I2', 'amended', national_target => 900, target_year => 2026)$$,
                'and what it does to an indicator');
RESET ROLE;
SELECT results_eq($$SELECT a.recorded_by, v.weight::numeric, v.national_target FROM cop_alloc.cop_act a
                      JOIN cop_alloc.cop_indicator_version v USING (act_id) WHERE a.act_id = 6$$,
                  $$VALUES ('cop_v_finance'::text, 1::numeric, 900::numeric)$$,
                  'the act names the finance role that recorded it; the weight in force is kept');
SELECT throws_ok($$UPDATE cop_alloc.cop_indicator_version SET weight = 5$$, '23001', NULL,
                 'a definition of an act is never changed');

SELECT * FROM finish();
ROLLBACK;
