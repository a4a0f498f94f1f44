-- explain(year): every figure of the chain and a motive in French for a
-- rise, a fall and no change against the previous year's publication;
-- explain_indicators(year); the French formatting of euros and percents.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(38);

-- formatting
SELECT is(cop_alloc.format_euros(343333.33), '343 333,33 €', 'euros: thousands grouped by a space, decimal comma');
SELECT is(cop_alloc.format_euros(1000000), '1 000 000,00 €', 'two decimals always');
SELECT is(cop_alloc.format_euros(999.5), '999,50 €', 'below a thousand');
SELECT is(cop_alloc.format_euros(0), '0,00 €', 'zero');
SELECT is(cop_alloc.format_euros(-7666.67), '-7 666,67 €', 'negative');
SELECT is(cop_alloc.format_euros(0.005), '0,01 €', 'rounded to the cent');
SELECT is(cop_alloc.format_percent(0.925), '92,5 %', 'percent with one decimal and a comma');
SELECT is(cop_alloc.format_percent(0.966667), '96,7 %', 'rounded');
SELECT is(cop_alloc.format_percent(1), '100,0 %', 'one');

\i test/fixtures/example.sql
-- 2024: the same chambers; targets of 2023 all met, so no deductions
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct, minister_authorized)
VALUES (2024, 1000000.00, 100000.00, 0.65, true);
\set year 2024
\i test/fixtures/authorisation.sql
INSERT INTO cop_alloc.exercise_axis SELECT 2024, axis_no, cop_weight FROM cop_alloc.axis WHERE from_cop;
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis, performance_weight, floor_amount) VALUES
    (2024, 'NORD', 100000, NULL, NULL), (2024, 'OUEST', 80000, NULL, NULL), (2024, 'OUTREMER', 20000, 0, 95208.75);
INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target) VALUES (2023, 'NORD', 'I1', 1), (2023, 'OUEST', 'I1', 1);
INSERT INTO cop_alloc.indicator_result (year, chamber_code, indicator_code, realized) VALUES (2023, 'NORD', 'I1', 1), (2023, 'OUEST', 'I1', 1);

-- nothing published for 2024 yet: the current inputs, no evolution
SELECT results_eq(
    $$SELECT run_id, chamber_code, operating_key, key_share, operating_before, operating, equalisation, binding, bound, bound_source
        FROM cop_alloc.explain(2025)$$,
    $$VALUES (NULL::bigint, 'NORD'::text, 120000.000000, 0.600000, 351000.00, 343333.33, -7666.67, 'none'::text, NULL::numeric, NULL::text),
             (NULL, 'OUEST', 60000.000000, 0.300000, 175500.00, 171666.67, -3833.33, 'none', NULL, NULL),
             (NULL, 'OUTREMER', 20000.000000, 0.100000, 58500.00, 70000.00, 11500.00, 'lower', 70000.00, 'floor')$$,
    'keys, shares, operating part before and after equalisation, the bound that applied');
SELECT results_eq(
    $$SELECT chamber_code, envelope, deduction, performance, total, previous_total, change, change_pct FROM cop_alloc.explain(2025)$$,
    $$VALUES ('NORD'::text, 189000.00, 11339.99, 177660.01, 520993.34, NULL::numeric, NULL::numeric, NULL::numeric),
             ('OUEST', 94500.00, 0.00, 94500.00, 266166.67, NULL, NULL, NULL),
             ('OUTREMER', 31500.00, 6291.25, 25208.75, 95208.75, NULL, NULL, NULL)$$,
    'envelope, deduction, performance, total; no previous year');
SELECT is((SELECT axes -> 0 FROM cop_alloc.explain(2025) WHERE chamber_code = 'NORD'),
          '{"axis_no": 1, "weight": 0.20, "stake": 37800.00, "achievement": 0.925000, "deduction": 2835.00}'::jsonb,
          'each axis''s weight, stake, achievement and deduction');
SELECT is((SELECT jsonb_array_length(axes) FROM cop_alloc.explain(2025) WHERE chamber_code = 'OUEST'), 6, 'all six axes');
SELECT is((SELECT motive FROM cop_alloc.explain(2025) WHERE chamber_code = 'NORD'),
          'Part de fonctionnement : 343 333,33 € (60,0 % des assujettis ; 351 000,00 € à la clé, diminuée de 7 666,67 € par la péréquation). '
          'Part de performance : 177 660,01 €, réduite de 11 339,99 € (axe 1 : 92,5 % d''atteinte ; axe 2 : 90,0 % ; axe 3 : 96,7 % ; axe 4 : 83,3 %). '
          'Total : 520 993,34 € ; aucune répartition publiée pour 2024.',
          'the motive without a previous publication');

-- 2024 published
CREATE TEMP TABLE runs AS SELECT 2024 AS year, cop_alloc.run(2024, '2024') AS id;
SELECT cop_alloc.publish((SELECT id FROM runs), force_reason => 'test');
SELECT results_eq(
    $$SELECT chamber_code, previous_year, previous_run_id, previous_total, change, change_pct FROM cop_alloc.explain(2025)$$,
    $$VALUES ('NORD'::text, 2024, (SELECT id FROM runs), 447106.25, 73887.09, 16.5),
             ('OUEST', 2024, (SELECT id FROM runs), 357685.00, -91518.33, -25.6),
             ('OUTREMER', 2024, (SELECT id FROM runs), 95208.75, 0.00, 0.0)$$,
    'last year''s published total, the change in euros and in percent');
SELECT is((SELECT motive FROM cop_alloc.explain(2025) WHERE chamber_code = 'NORD'),
          'Part de fonctionnement : 343 333,33 € (60,0 % des assujettis ; 351 000,00 € à la clé, diminuée de 7 666,67 € par la péréquation). '
          'Part de performance : 177 660,01 €, réduite de 11 339,99 € (axe 1 : 92,5 % d''atteinte ; axe 2 : 90,0 % ; axe 3 : 96,7 % ; axe 4 : 83,3 %). '
          'Total en hausse de 16,5 % par rapport à 2024 : 520 993,34 € contre 447 106,25 €.',
          'a rise');
SELECT is((SELECT motive FROM cop_alloc.explain(2025) WHERE chamber_code = 'OUEST'),
          'Part de fonctionnement : 171 666,67 € (30,0 % des assujettis ; 175 500,00 € à la clé, diminuée de 3 833,33 € par la péréquation). '
          'Part de performance : 94 500,00 €, sans réduction (objectifs atteints sur tous les axes). '
          'Total en baisse de 25,6 % par rapport à 2024 : 266 166,67 € contre 357 685,00 €.',
          'a fall');
SELECT is((SELECT motive FROM cop_alloc.explain(2025) WHERE chamber_code = 'OUTREMER'),
          'Part de fonctionnement : 70 000,00 € (10,0 % des assujettis ; 58 500,00 € à la clé, relevée au plancher de 70 000,00 €). '
          'Part de performance : 25 208,75 €, réduite de 6 291,25 € (axe 1 : 55,0 % d''atteinte ; axe 3 : 56,1 %). '
          'Total stable par rapport à 2024 : 95 208,75 €.',
          'no change');
SELECT is((SELECT motive FROM cop_alloc.explain(2024) WHERE chamber_code = 'OUTREMER'),
          'Part de fonctionnement : 95 208,75 € (10,0 % des assujettis ; 58 500,00 € à la clé, relevée au plancher de 95 208,75 €). '
          'Part de performance : 0,00 € (aucune enveloppe de performance). '
          'Total : 95 208,75 € ; aucune répartition publiée pour 2023.',
          'the published 2024 explained: no performance envelope');

-- stable only when exactly zero: a cent less in 2024 is a rise
UPDATE cop_alloc.exercise_chamber SET floor_amount = 95208.74 WHERE year = 2024 AND chamber_code = 'OUTREMER';
INSERT INTO runs SELECT 2024, cop_alloc.run(2024, 'floor corrected');
SELECT cop_alloc.publish((SELECT max(id) FROM runs), supersede_reason => 'floor corrected', force_reason => 'test');
SELECT results_eq(
    $$SELECT change, change_pct FROM cop_alloc.explain(2025) WHERE chamber_code = 'OUTREMER'$$,
    $$VALUES (0.01, 0.0)$$, 'a change of one cent');
SELECT is((SELECT substring(motive from 'Total.*') FROM cop_alloc.explain(2025) WHERE chamber_code = 'OUTREMER'),
          'Total en hausse de moins de 0,1 % par rapport à 2024 : 95 208,75 € contre 95 208,74 €.',
          'is not called stable');

-- a published 2025 is explained from its run; an older run on request
INSERT INTO runs SELECT 2025, cop_alloc.run(2025, 'published');
SELECT cop_alloc.publish((SELECT max(id) FROM runs), force_reason => 'test');
UPDATE cop_alloc.exercise SET tax_product = 2000000.00 WHERE year = 2025;
SELECT is((SELECT run_id FROM cop_alloc.explain(2025) LIMIT 1), (SELECT max(id) FROM runs), 'explain shows the published run');
SELECT is((SELECT total FROM cop_alloc.explain(2025) WHERE chamber_code = 'NORD'), 520993.34,
          'with its figures, whatever changed since');
INSERT INTO runs SELECT 2025, cop_alloc.run(2025, 'later');
SELECT is((SELECT total FROM cop_alloc.explain(2025, (SELECT max(id) FROM runs)) WHERE chamber_code = 'NORD'),
          (SELECT total FROM cop_alloc.allocate(2025) WHERE chamber_code = 'NORD'),
          'explain(year, run) shows another run');
SELECT throws_ok($$SELECT * FROM cop_alloc.explain(2024, (SELECT max(id) FROM runs))$$, 'P0002',
                 format('run %s is not a run of exercise 2024', (SELECT max(id) FROM runs)), 'a run of another year');
SELECT is((SELECT previous_total FROM cop_alloc.explain(2025) WHERE chamber_code = 'OUTREMER'), 95208.74,
          'the previous year is the publication in force when the run was made');

-- no decision on the performance part (R312-2, last paragraph)
UPDATE cop_alloc.exercise SET performance_decided = false, tax_product = 1000000.00 WHERE year = 2025;
INSERT INTO runs SELECT 2025, cop_alloc.run(2025, 'no decision');
SELECT is((SELECT substring(motive from 'Part de performance.*\. ') FROM cop_alloc.explain(2025, (SELECT max(id) FROM runs)) WHERE chamber_code = 'NORD'),
          'Part de performance : non répartie, faute de décision de l''assemblée générale sur ses modalités (R312-2). ',
          'the performance part not decided');
SELECT is((SELECT substring(motive from 'Total.*') FROM cop_alloc.explain(2025, (SELECT max(id) FROM runs)) WHERE chamber_code = 'NORD'),
          'Total en baisse de 23,2 % par rapport à 2024 : 343 333,33 € contre 447 106,26 €.', 'and its evolution against the publication in force');

-- a key that is not the taxpayers, a ceiling
UPDATE cop_alloc.exercise SET performance_decided = true WHERE year = 2025;
UPDATE cop_alloc.exercise_chamber SET operating_weight = 2, ceiling_amount = 300000.00 WHERE year = 2025 AND chamber_code = 'NORD';
UPDATE cop_alloc.exercise_chamber SET operating_weight = 1 WHERE year = 2025 AND chamber_code IN ('OUEST', 'OUTREMER');
INSERT INTO runs SELECT 2025, cop_alloc.run(2025, 'weights');
SELECT is((SELECT substring(motive from '^[^)]*\)') FROM cop_alloc.explain(2025, (SELECT max(id) FROM runs)) WHERE chamber_code = 'NORD'),
          'Part de fonctionnement : 292 500,00 € (50,0 % de la clé de fonctionnement, aucune borne de péréquation atteinte)',
          'an operating weight instead of the taxpayers');
UPDATE cop_alloc.exercise_chamber SET ceiling_amount = 250000.00 WHERE year = 2025 AND chamber_code = 'NORD';
INSERT INTO runs SELECT 2025, cop_alloc.run(2025, 'ceiling');
SELECT is((SELECT substring(motive from '^[^)]*\)') FROM cop_alloc.explain(2025, (SELECT max(id) FROM runs)) WHERE chamber_code = 'NORD'),
          'Part de fonctionnement : 250 000,00 € (50,0 % de la clé de fonctionnement ; 292 500,00 € à la clé, ramenée au plafond de 250 000,00 €)',
          'a ceiling');
SELECT is((SELECT substring(motive from '^[^)]*\)') FROM cop_alloc.explain(2025, (SELECT max(id) FROM runs)) WHERE chamber_code = 'OUEST'),
          'Part de fonctionnement : 167 500,00 € (25,0 % de la clé de fonctionnement ; 146 250,00 € à la clé, augmentée de 21 250,00 € par la péréquation)',
          'the others receive what the ceiling holds back');
SELECT throws_ok('SELECT * FROM cop_alloc.explain(2031)', '22023', 'exercise 2031 does not exist', 'explain of an unknown exercise');

-- explain_indicators
SELECT results_eq(
    $$SELECT chamber_code, member_code, target, realized, achievement, consolidated_target, consolidated_realized,
             consolidated_achievement, weight, status
        FROM cop_alloc.explain_indicators(2025) WHERE indicator_code = 'I1'$$,
    $$VALUES ('NORD'::text, 'NORD'::text, 600::numeric, 640::numeric, 1.000000, 800::numeric, 740::numeric, 0.925000, 1::numeric, 'counted'::text),
             ('NORD', 'NORD-ASSOC', 200, 100, 0.500000, 800, 740, 0.925000, 1, 'counted'),
             ('OUEST', 'OUEST', 300, 300, 1.000000, 300, 300, 1.000000, 1, 'counted'),
             ('OUTREMER', 'OUTREMER', 100, 55, 0.550000, 100, 55, 0.550000, 1, 'counted')$$,
    'target, realized, achievement and weight per chamber; the associated chamber under its parent');
SELECT results_eq(
    $$SELECT achievement, consolidated_achievement, status FROM cop_alloc.explain_indicators(2025)
       WHERE chamber_code = 'OUEST' AND indicator_code = 'I3b'$$,
    $$VALUES (NULL::numeric, NULL::numeric, 'not applicable'::text)$$, 'a target of 0 is not applicable');
SELECT is((SELECT consolidated_achievement FROM cop_alloc.explain_indicators(2025) WHERE chamber_code = 'NORD' AND indicator_code = 'I4'),
          0.833333, 'lower is better');
UPDATE cop_alloc.indicator_result SET realized = NULL WHERE chamber_code = 'OUTREMER' AND indicator_code = 'I2';
SELECT results_eq($$SELECT consolidated_realized, status FROM cop_alloc.explain_indicators(2025) WHERE chamber_code = 'OUTREMER' AND indicator_code = 'I2'$$,
                  $$VALUES (NULL::numeric, 'missing'::text)$$, 'a missing result');
UPDATE cop_alloc.exercise SET missing_result = 'zero' WHERE year = 2025;
SELECT results_eq($$SELECT consolidated_achievement, status FROM cop_alloc.explain_indicators(2025) WHERE chamber_code = 'OUTREMER' AND indicator_code = 'I2'$$,
                  $$VALUES (0.000000, 'missing, counted as 0'::text)$$, 'counted as 0 under policy zero');
UPDATE cop_alloc.indicator SET weight = 0 WHERE code = 'I5';
SELECT is((SELECT DISTINCT status FROM cop_alloc.explain_indicators(2025) WHERE indicator_code = 'I5'), 'ignored', 'weight 0 is ignored');

SELECT * FROM finish();
ROLLBACK;
