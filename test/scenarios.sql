-- What-if: simulate applies every override and writes nothing, refuses
-- unknown or ill-typed keys, equals allocate without overrides; the batch
-- form; sensitivity's figures.
BEGIN;
SET search_path = public;
SELECT plan(30);

\i test/fixtures/example.sql

SELECT results_eq('SELECT * FROM cop_alloc.simulate(2025, ''{}'')', 'SELECT * FROM cop_alloc.allocate(2025)',
                  'no override: simulate equals allocate');
SELECT results_eq($$SELECT chamber_code, operating, performance_envelope FROM cop_alloc.simulate(2025,
                    '{"operating_pct": 0.5, "minister_authorized": false}')$$,
                  $$VALUES ('NORD'::text, 253333.33, 270000.00), ('OUEST', 126666.67, 135000.00), ('OUTREMER', 70000.00, 45000.00)$$,
                  'operating_pct 0.50: O = 450 000.00, Pf = 450 000.00');
SELECT is((SELECT sum(total) FROM cop_alloc.simulate(2025, '{"tax_product": 2000000, "quote_part": 200000}')),
          (SELECT 2 * sum(total) FROM cop_alloc.allocate(2025)), 'doubling P and Q doubles every total here');
SELECT is((SELECT total FROM cop_alloc.simulate(2025, '{"performance_decided": false}') WHERE chamber_code = 'NORD'),
          343333.33, 'performance_decided false: operating part only');
SELECT is((SELECT deduction FROM cop_alloc.simulate(2025, '{"tolerance": 0.08}') WHERE chamber_code = 'NORD'),
          3780.00 + 3150.01, 'tolerance 0.08 forgives NORD''s axes 1 and 3');
SELECT is((SELECT deduction FROM cop_alloc.simulate(2025, '{"axis_weights": {"1": 0.3, "6": 0}}') WHERE chamber_code = 'OUTREMER'),
          4252.50 + 3456.25, 'axis weights overridden: OUTREMER''s axis 1 stake grows to 9 450.00');
SELECT is((SELECT operating FROM cop_alloc.simulate(2025, '{"chambers": {"OUTREMER": {"floor_amount": null}}}') WHERE chamber_code = 'OUTREMER'),
          58500.00, 'a floor removed');
SELECT is((SELECT operating FROM cop_alloc.simulate(2025, '{"chambers": {"OUEST": {"assujettis": 120000}}}') WHERE chamber_code = 'OUEST'),
          257500.00, 'a key overridden');
SELECT is((SELECT performance_envelope FROM cop_alloc.simulate(2025, '{"chambers": {"OUEST": {"performance_weight": 0}}}') WHERE chamber_code = 'OUEST'),
          0.00, 'a performance key overridden');
SELECT is((SELECT operating FROM cop_alloc.simulate(2025,
             '{"max_increase_pct": 0.1, "chambers": {"NORD": {"previous_operating": 300000}}}') WHERE chamber_code = 'NORD'),
          330000.00, 'a tunnel: NORD capped at 300 000 x 1.10');
SELECT is((SELECT deduction FROM cop_alloc.simulate(2025, '{"results": {"NORD-ASSOC": {"I1": 200}}}') WHERE chamber_code = 'NORD'),
          11339.99 - 2835.00, 'an associated chamber''s result overridden counts for its parent');
SELECT is((SELECT deduction FROM cop_alloc.simulate(2025, '{"achievements": {"OUTREMER": {"3": 1}}}') WHERE chamber_code = 'OUTREMER'),
          2835.00, 'OUTREMER reaching 100 % on axis 3');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{"results": {"OUEST": {"I1": null}}}')$$, '22023',
                 'missing result for chamber "OUEST", indicator "I1" in 2024', 'a result removed is missing');
SELECT is((SELECT total FROM cop_alloc.simulate(2025, '{"results": {"OUEST": {"I1": null}}, "missing_result": "exclude"}') WHERE chamber_code = 'OUEST'),
          266166.67, 'and excluded under policy exclude');

-- nothing is written
SELECT is((SELECT operating_pct::numeric FROM cop_alloc.exercise WHERE year = 2025), 0.65, 'the exercise is unchanged');
SELECT is((SELECT realized::numeric FROM cop_alloc.indicator_result WHERE chamber_code = 'NORD-ASSOC'), 100::numeric, 'the results are unchanged');

-- refused overrides
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{"opearting_pct": 0.5}')$$, '22023', 'unknown override "opearting_pct"', 'an unknown key');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{"chambers": {"NORD": {"floor": 1}}}')$$, '22023', 'unknown override "chambers.NORD.floor"', 'an unknown chamber key');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{"operating_pct": "0.5"}')$$, '22023', 'override operating_pct must be a number', 'an ill-typed value');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{"operating_pct": 0.6, "minister_authorized": false}')$$, '22023',
                 'operating percentage 0.600000 exceeds the legal limit of 0.50', 'the law''s limits apply to scenarios');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{"chambers": {"NORD-ASSOC": {}}}')$$, '22023',
                 'override chambers names chamber "NORD-ASSOC", not a recipient of exercise 2025', 'an associated chamber has no keys');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{"results": {"OUEST": {"I9": 1}}}')$$, '22023', NULL, 'an unknown indicator');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{"axis_weights": {"7": 0.1}}')$$, '22023',
                 'override axis_weights names axis "7", not an axis of exercise 2025', 'an axis outside the exercise');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{"quote_part": 100000.001}')$$, '22023', 'override quote_part has more than 2 decimals',
                 'an over-precise amount is refused, not rounded');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '[1, 2]')$$, '22023', NULL, 'a JSON array');

-- the batch form
SELECT is((SELECT count(*)::int FROM cop_alloc.simulate_many(2025,
             ARRAY(SELECT ROW(f::text, jsonb_build_object('operating_pct', f))::cop_alloc.scenario
                     FROM generate_series(0.50, 0.65, 0.0125) f))), 13 * 3, 'a sweep 0.50 -> 0.65 by 0.0125: 13 scenarios x 3 chambers');
SELECT results_eq($$SELECT chamber_code, total FROM cop_alloc.simulate_many(2025, ARRAY[ROW('cop', '{"operating_pct": 0.5, "minister_authorized": false}')::cop_alloc.scenario]) $$,
                  $$SELECT chamber_code, total FROM cop_alloc.simulate(2025, '{"operating_pct": 0.5, "minister_authorized": false}')$$,
                  'a batch scenario equals its single simulation');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate_many(2025, ARRAY[ROW('bad', '{"tolerance": 2}')::cop_alloc.scenario])$$,
                 '22003', 'override tolerance is out of range', 'a bad scenario is refused');

-- sensitivity
SELECT results_eq($$SELECT chamber_code, axis_no, stake, lost, gain_per_point, kept FROM cop_alloc.sensitivity(2025) WHERE lost > 0$$,
                  $$VALUES ('NORD'::text, 1, 37800.00, 2835.00, 378.00, 34965.00), ('NORD', 2, 37800.00, 3780.00, 378.00, 34020.00),
                           ('NORD', 3, 47250.00, 1574.98, 472.50, 45675.02), ('NORD', 4, 18900.00, 3150.01, 189.00, 15749.99),
                           ('OUTREMER', 1, 6300.00, 2835.00, 63.00, 3465.00), ('OUTREMER', 3, 7875.00, 3456.25, 78.75, 4418.75)$$,
                  'euros at stake, lost, and regained per point of achievement');
SELECT is((SELECT sum(lost) FROM cop_alloc.sensitivity(2025)), (SELECT sum(deduction) FROM cop_alloc.allocate(2025)),
          'the euros lost are the deductions');

SELECT * FROM finish();
ROLLBACK;
