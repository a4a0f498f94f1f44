-- The modulation for non-respect (spec section 5 bis; decree art. 17-1 I 2°,
-- L312-2): allocate's last column, the cents on the worked example (round
-- half up), the reserve and conservation, no modulation when the
-- performance part is undecided, the rules refused at insert and in
-- simulate, with their SQLSTATE and message.
BEGIN;
SET search_path = public;
SELECT plan(24);

\i test/fixtures/example.sql

SELECT is(pg_get_function_result('cop_alloc.allocate(int)'::regprocedure),
          'TABLE(chamber_code text, operating numeric, performance_envelope numeric, deduction numeric, performance numeric, total numeric, modulation numeric)',
          'allocate ends with a column modulation');
SELECT results_eq('SELECT chamber_code, modulation FROM cop_alloc.allocate(2025)',
                  $$VALUES ('NORD'::text, 0.00), ('OUEST', 0.00), ('OUTREMER', 0.00)$$,
                  'no rate: no modulation, shown with 2 decimals');

-- NORD: 10 % of its performance part after deductions, 177 660.01 -> 17 766.00
UPDATE cop_alloc.exercise_chamber SET modulation_pct = 0.1,
       modulation_motive = 'Indicateurs du COM non transmis dans les délais'
 WHERE year = 2025 AND chamber_code = 'NORD';
SELECT results_eq('SELECT * FROM cop_alloc.allocate(2025)',
                  $$VALUES ('NORD'::text, 343333.33, 189000.00, 11339.99, 159894.01, 503227.34, 17766.00),
                           ('OUEST', 171666.67, 94500.00, 0.00, 94500.00, 266166.67, 0.00),
                           ('OUTREMER', 70000.00, 31500.00, 6291.25, 25208.75, 95208.75, 0.00)$$,
                  'NORD modulated by 0.1: 17 766.00 withheld from 177 660.01, every other figure unchanged');
SELECT results_eq('SELECT allocated, reserve FROM cop_alloc.summary(2025)',
                  $$VALUES (864602.76, 35397.24)$$,
                  'the modulation goes to the reserve: 17 631.24 + 17 766.00');
SELECT is((SELECT tax_product = quote_part + allocated + reserve FROM cop_alloc.summary(2025)), true,
          'P = Q + allocated + reserve with a modulation');
SELECT is((SELECT sum(deduction) FROM cop_alloc.axis_deductions(2025) WHERE chamber_code = 'NORD'), 11339.99,
          'the axis deductions do not change');

-- round half up: OUTREMER's 25 208.75 x 0.5 = 12 604.375 -> 12 604.38
UPDATE cop_alloc.exercise_chamber SET modulation_pct = 0.5, modulation_motive = 'COM non signé'
 WHERE year = 2025 AND chamber_code = 'OUTREMER';
SELECT results_eq($$SELECT performance, modulation, total FROM cop_alloc.allocate(2025) WHERE chamber_code = 'OUTREMER'$$,
                  $$VALUES (12604.37, 12604.38, 82604.37)$$,
                  'half a cent rounds up: 12 604.375 -> 12 604.38');
-- the whole rate
UPDATE cop_alloc.exercise_chamber SET modulation_pct = 1 WHERE year = 2025 AND chamber_code = 'OUTREMER';
SELECT results_eq($$SELECT performance, modulation, total FROM cop_alloc.allocate(2025) WHERE chamber_code = 'OUTREMER'$$,
                  $$VALUES (0.00, 25208.75, 70000.00)$$, 'rate 1 withholds the whole performance part left');
SELECT results_eq('SELECT allocated, reserve FROM cop_alloc.summary(2025)',
                  $$VALUES (839394.01, 60605.99)$$, 'reserve = deductions + modulations');
-- a rate of 0 needs no motive
UPDATE cop_alloc.exercise_chamber SET modulation_pct = 0, modulation_motive = NULL
 WHERE year = 2025 AND chamber_code = 'OUTREMER';
SELECT is((SELECT modulation FROM cop_alloc.allocate(2025) WHERE chamber_code = 'OUTREMER'), 0.00,
          'rate 0 without a motive: accepted, no modulation');
-- the performance part undecided: nothing to modulate
UPDATE cop_alloc.exercise SET performance_decided = false WHERE year = 2025;
SELECT results_eq('SELECT chamber_code, performance, modulation FROM cop_alloc.allocate(2025)',
                  $$VALUES ('NORD'::text, 0.00, 0.00), ('OUEST', 0.00, 0.00), ('OUTREMER', 0.00, 0.00)$$,
                  'performance part undecided: modulation 0');
SELECT results_eq('SELECT allocated, reserve FROM cop_alloc.summary(2025)',
                  $$VALUES (585000.00, 315000.00)$$, 'undecided: the reserve is Pf, no modulation on top');
UPDATE cop_alloc.exercise SET performance_decided = true WHERE year = 2025;

-- refused at insert
SELECT throws_ok($$UPDATE cop_alloc.exercise_chamber SET modulation_pct = 0.2, modulation_motive = NULL
                    WHERE year = 2025 AND chamber_code = 'OUEST'$$,
                 '23514', 'new row for relation "exercise_chamber" violates check constraint "modulation_needs_motive"',
                 'a positive rate without a motive is refused');
SELECT throws_ok($$UPDATE cop_alloc.exercise_chamber SET modulation_pct = 0.2, modulation_motive = E' \t\n '
                    WHERE year = 2025 AND chamber_code = 'OUEST'$$,
                 '23514', 'new row for relation "exercise_chamber" violates check constraint "modulation_needs_motive"',
                 'a blank motive is no motive');
SELECT throws_ok($$UPDATE cop_alloc.exercise_chamber SET modulation_pct = 1.5, modulation_motive = 'm'
                    WHERE year = 2025 AND chamber_code = 'OUEST'$$,
                 '23514', 'value for domain cop_alloc.ratio violates check constraint "ratio_in_range"',
                 'a rate above 1 is refused');
SELECT throws_ok($$UPDATE cop_alloc.exercise_chamber SET modulation_pct = -0.1, modulation_motive = 'm'
                    WHERE year = 2025 AND chamber_code = 'OUEST'$$,
                 '23514', 'value for domain cop_alloc.ratio violates check constraint "ratio_in_range"',
                 'a negative rate is refused');
SELECT throws_ok($$UPDATE cop_alloc.exercise_chamber SET modulation_pct = 0.1234567, modulation_motive = 'm'
                    WHERE year = 2025 AND chamber_code = 'OUEST'$$,
                 '23514', 'value for domain cop_alloc.ratio violates check constraint "ratio_at_most_6_decimals"',
                 'a rate with 7 decimals is refused, not rounded');

-- simulate: the same rules, the same cents
SELECT results_eq($$SELECT * FROM cop_alloc.simulate(2025, '{"chambers": {"NORD": {"modulation_pct": null}}}')$$,
                  $$SELECT chamber_code, operating, performance_envelope, deduction,
                           performance_envelope - deduction, operating + performance_envelope - deduction, 0.00
                      FROM cop_alloc.allocate(2025)$$,
                  'simulate: a rate removed');
SELECT results_eq($$SELECT performance, modulation FROM cop_alloc.simulate(2025,
                    '{"chambers": {"OUEST": {"modulation_pct": 0.333333, "modulation_motive": "rapport annuel absent"}}}')
                    WHERE chamber_code = 'OUEST'$$,
                  $$VALUES (63000.03, 31499.97)$$, 'simulate: OUEST modulated by 0.333333 of 94 500.00');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{"chambers": {"OUEST": {"modulation_pct": 0.2}}}')$$,
                 '22023', 'modulation of chamber "OUEST" in exercise 2025 has no motive',
                 'simulate: a positive rate without a motive');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{"chambers": {"NORD": {"modulation_motive": "  "}}}')$$,
                 '22023', 'modulation of chamber "NORD" in exercise 2025 has no motive',
                 'simulate: a blank motive for a positive rate');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{"chambers": {"OUEST": {"modulation_pct": 1.5, "modulation_motive": "m"}}}')$$,
                 '22023', 'modulation_pct of chamber "OUEST" in exercise 2025 is outside [0, 1]',
                 'simulate: a rate above 1');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{"chambers": {"OUEST": {"modulation_pct": -0.5}}}')$$,
                 '22023', 'override chambers.OUEST.modulation_pct must not be negative',
                 'simulate: a negative rate');
SELECT throws_ok($$SELECT * FROM cop_alloc.simulate(2025, '{"chambers": {"OUEST": {"modulation_motive": 3}}}')$$,
                 '22023', 'override chambers.OUEST.modulation_motive must be a string or null',
                 'simulate: an ill-typed motive');

SELECT * FROM finish();
ROLLBACK;
