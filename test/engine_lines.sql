-- engine_lines(year): one computation gives what allocate, allocation_bounds,
-- axis_deductions (in each chamber line's axes) and summary give, line for
-- line, plus the tunnel base and the plain share; run() and explain() read
-- it once.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(11);

\i test/fixtures/example.sql
UPDATE cop_alloc.exercise SET max_decrease_pct = 0.10, max_increase_pct = 0.10 WHERE year = 2025;
UPDATE cop_alloc.exercise_chamber SET previous_operating = 300000.00 WHERE year = 2025 AND chamber_code = 'NORD';

SELECT results_eq($$SELECT line, count(*) FROM cop_alloc.engine_lines(2025) GROUP BY line ORDER BY line$$,
                  $$VALUES ('chamber'::text, 3::bigint), ('summary', 1)$$,
                  'one summary, one line per recipient');
SELECT results_eq($$SELECT tax_product, quote_part, distributable, operating_part, performance_part, allocated, reserve
                      FROM cop_alloc.engine_lines(2025) WHERE line = 'summary'$$,
                  'SELECT * FROM cop_alloc.summary(2025)', 'the summary is summary''s');
SELECT results_eq($$SELECT chamber_code, operating, performance_envelope, deduction, performance, total, modulation
                      FROM cop_alloc.engine_lines(2025) WHERE line = 'chamber'$$,
                  'SELECT * FROM cop_alloc.allocate(2025)', 'the chamber lines are allocate''s, in its order');
SELECT results_eq($$SELECT chamber_code, operating_key, performance_key, lower_bound, lower_source, upper_bound,
                           upper_source, binding, operating
                      FROM cop_alloc.engine_lines(2025) WHERE line = 'chamber'$$,
                  'SELECT * FROM cop_alloc.allocation_bounds(2025)', 'with allocation_bounds'' keys and bounds');
SELECT results_eq($$SELECT e.chamber_code, a.axis_no, a.stake, a.achievement, a.deduction
                      FROM cop_alloc.engine_lines(2025) e, unnest(e.axes) a WHERE e.line = 'chamber'$$,
                  'SELECT * FROM cop_alloc.axis_deductions(2025)', 'the axis lines are axis_deductions''');
SELECT results_eq($$SELECT e.chamber_code, a.axis_no, a.weight, a.stake, a.achievement, a.deduction
                      FROM cop_alloc.engine_lines(2025) e, unnest(e.axes) a WHERE e.line = 'chamber'$$,
                  $$SELECT d.chamber_code, d.axis_no, trim_scale(ea.weight), d.stake, d.achievement, d.deduction
                      FROM cop_alloc.axis_deductions(2025) d
                      JOIN cop_alloc.exercise_axis ea ON ea.year = 2025 AND ea.axis_no = d.axis_no$$,
                  'each chamber line carries them in axis order, with the axis weights');
SELECT is((SELECT axes FROM cop_alloc.engine_lines(2025) WHERE line = 'summary'), NULL, 'the summary line has none');
SELECT results_eq($$SELECT chamber_code, operating_key_source, previous_operating, operating_before
                      FROM cop_alloc.engine_lines(2025) WHERE line = 'chamber'$$,
                  $$SELECT ec.chamber_code, 'assujettis'::text, ec.previous_operating::numeric, u.share
                      FROM cop_alloc.exercise_chamber ec,
                           unnest(ARRAY['NORD', 'OUEST', 'OUTREMER'],
                                  cop_alloc.apportion((SELECT operating_part FROM cop_alloc.summary(2025)),
                                                      ARRAY[120000, 60000, 20000])) u (code, share)
                     WHERE ec.year = 2025 AND ec.chamber_code = u.code ORDER BY 1$$,
                  'the key source, the tunnel base and the plain share apportion(O, keys)');
SELECT is((SELECT operating_before FROM cop_alloc.engine_lines(2025) WHERE chamber_code = 'NORD' AND line = 'chamber'),
          351000.00, 'NORD''s plain share is 351 000.00 before equalisation');
SELECT throws_ok('SELECT * FROM cop_alloc.engine_lines(2031)', '22023', 'exercise 2031 does not exist',
                 'an exercise that does not exist, as allocate');
SELECT is((SELECT count(*) FROM cop_alloc.engine_lines(NULL)), 0::bigint, 'NULL year: no line (STRICT)');

SELECT * FROM finish();
ROLLBACK;
