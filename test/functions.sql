-- The building blocks: apportion, bounded apportion, achievement and the
-- axis_achievement aggregate (serial and parallel), with hostile inputs.
BEGIN;
SET search_path = public;
SELECT plan(42);

-- apportion (spec section 3)
SELECT is(cop_alloc.apportion(100, ARRAY[1, 1, 1]), ARRAY[33.34, 33.33, 33.33],
          'a cent left over goes to the lowest index on a tie');
SELECT is(cop_alloc.apportion(0.10, ARRAY[1, 2, 3]), ARRAY[0.02, 0.03, 0.05],
          '10 cents by 1:2:3: remainders 2/3, 2/3, 0: lower index first');
SELECT is(cop_alloc.apportion(0, ARRAY[0, 0]), ARRAY[0.00, 0.00], 'T = 0 gives zeros');
SELECT is(cop_alloc.apportion(0, '{}'::numeric[]), '{}'::numeric[], 'empty weights, T = 0');
SELECT is(cop_alloc.apportion(10000000000, ARRAY[1000000000000, 999999999999.999999, 0.000001]),
          ARRAY[5000000000.00, 5000000000.00, 0.00], 'the largest amounts and weights stay exact');
SELECT is((SELECT sum(x) FROM unnest(cop_alloc.apportion(1234567.89, ARRAY[3, 7, 11, 13, 17, 19, 23])) x),
          1234567.89, 'the parts add up to the total');
SELECT is(array_to_string(cop_alloc.apportion(1, ARRAY[1, 1]), ','), '0.50,0.50', 'amounts carry exactly 2 decimals');
SELECT is(cop_alloc.apportion(100, '[0:1]={1,3}'::numeric[]), ARRAY[25.00, 75.00], 'any lower bound of the array');
SELECT throws_ok($$SELECT cop_alloc.apportion(1, ARRAY[0, 0])$$, '22023', 'all weights are zero in apportion',
                 'all weights zero with something to split');
SELECT throws_ok($$SELECT cop_alloc.apportion(1, ARRAY[1, NULL])$$, '22004', 'weights must not contain NULL',
                 'a NULL weight');
SELECT throws_ok($$SELECT cop_alloc.apportion(1, ARRAY[[1, 2], [3, 4]])$$, '2202E', 'weights must be a one-dimensional array',
                 'a two-dimensional array');
SELECT throws_ok($$SELECT cop_alloc.apportion(1, ARRAY[1, 'NaN']::numeric[])$$, '22023', 'element 2 of weights must be a finite number',
                 'a NaN weight');
SELECT throws_ok($$SELECT cop_alloc.apportion(1, ARRAY['-Infinity']::numeric[])$$, '22023', 'element 1 of weights must be a finite number',
                 'an infinite weight');
SELECT throws_ok($$SELECT cop_alloc.apportion(1, ARRAY[1e40])$$, '22003', 'element 1 of weights is out of range',
                 'a huge weight');
SELECT throws_ok($$SELECT cop_alloc.apportion(1, ARRAY[-1, 2])$$, '22023', 'element 1 of weights must not be negative',
                 'a negative weight');
SELECT throws_ok($$SELECT cop_alloc.apportion(0.001, ARRAY[1])$$, '22023', 'total has more than 2 decimals',
                 'a third decimal on the total is refused, not rounded');
SELECT throws_ok($$SELECT cop_alloc.apportion(10000000000.01, ARRAY[1])$$, '22003', 'total is out of range',
                 'a total above 10^10');
SELECT is(cop_alloc.apportion(NULL, ARRAY[1]), NULL, 'STRICT: NULL total gives NULL');

-- bounded apportion (spec section 4)
SELECT is(cop_alloc.apportion(585000, ARRAY[120000, 60000, 20000], ARRAY[NULL, NULL, 70000]::numeric[], '{}'),
          ARRAY[343333.33, 171666.67, 70000.00], 'the spec''s operating part with OUTREMER''s floor');
SELECT is(cop_alloc.apportion(100, ARRAY[1, 1, 1], '{}', ARRAY[10, NULL, NULL]::numeric[]),
          ARRAY[10.00, 45.00, 45.00], 'a ceiling''s excess goes to the others');
SELECT is(cop_alloc.apportion(100, ARRAY[2, 1], ARRAY[0, 40], ARRAY[50, 60]),
          ARRAY[50.00, 50.00], 'floor and ceiling together');
SELECT is(cop_alloc.apportion(100, ARRAY[1, 1, 1], '{}', '{}'), cop_alloc.apportion(100, ARRAY[1, 1, 1]),
          'without bounds it is plain apportion');
SELECT throws_ok($$SELECT cop_alloc.apportion(100, ARRAY[1, 1], ARRAY[60, 60], '{}')$$, '22023',
                 'lower bounds exceed the total in apportion', 'floors above the total');
SELECT throws_ok($$SELECT cop_alloc.apportion(100, ARRAY[1, 1], '{}', ARRAY[30, 30])$$, '22023',
                 'upper bounds fall short of the total in apportion', 'ceilings below the total');
SELECT throws_ok($$SELECT cop_alloc.apportion(100, ARRAY[1, 1], ARRAY[50, 0], ARRAY[40, NULL])$$, '22023',
                 'lower bound of element 1 exceeds its upper bound in apportion', 'a floor above its ceiling');
SELECT throws_ok($$SELECT cop_alloc.apportion(100, ARRAY[1, 1], ARRAY[1], '{}')$$, '2202E',
                 'lower and upper must have as many elements as weights, or none', 'bounds of the wrong length');

-- achievement (spec section 5)
SELECT is(cop_alloc.achievement(740, 800), 0.925000, '740 of 800');
SELECT is(cop_alloc.achievement(30, 25, 'lower'), 0.833333, 'lower is better: 25/30');
SELECT is(cop_alloc.achievement(2, 3), 0.666667, 'rounded half up to 6 decimals');
SELECT is(cop_alloc.achievement(900, 800), 1.000000, 'capped at 1');
SELECT is(cop_alloc.achievement(3, 0), NULL, 'target 0: not applicable');
SELECT is(scale(cop_alloc.achievement(1, 2)), 6, 'exactly 6 decimals');
SELECT throws_ok($$SELECT cop_alloc.achievement(-1, 10)$$, '22023', 'realized must not be negative', 'negative realized');
SELECT throws_ok($$SELECT cop_alloc.achievement(1, 'Infinity')$$, '22023', 'target must be a finite number', 'infinite target');
SELECT throws_ok($$SELECT cop_alloc.achievement(1, 10, 'sideways')$$, '22P02', NULL, 'unknown direction');

-- the aggregate
CREATE TEMP TABLE ind (chamber text, axis int, realized numeric, target numeric,
                       direction cop_alloc.direction, weight numeric);
INSERT INTO ind VALUES
    ('NORD', 3, 9500, 10000, 'higher', 2), ('NORD', 3, 150, 150, 'higher', 1),
    ('OUEST', 3, 5000, 5000, 'higher', 2), ('OUEST', 3, 3, 0, 'higher', 1),
    ('NORD', 4, 30, 25, 'lower', 1), ('NORD', 5, NULL, NULL, 'higher', 1),
    ('OUEST', 4, 1, 1, 'higher', 0);
SELECT results_eq(
    $$SELECT chamber, axis, cop_alloc.axis_achievement(realized, target, direction, weight)
        FROM ind GROUP BY chamber, axis ORDER BY chamber, axis$$,
    $$VALUES ('NORD', 3, 0.966667), ('NORD', 4, 0.833333), ('NORD', 5, 1.000000),
             ('OUEST', 3, 1.000000), ('OUEST', 4, 1.000000)$$,
    'axis achievement per chamber and axis: weights, lower-is-better, not applicable, weight 0');
SELECT throws_ok($$SELECT cop_alloc.axis_achievement(NULL, 5, 'higher', 1)$$, '22023',
                 'missing result in axis_achievement', 'a NULL result with a target is an error');
SELECT is(cop_alloc.axis_achievement(NULL, 0, 'higher', 1), 1.000000, 'a NULL result with target 0 is not applicable');

-- the same under parallel aggregation: partial states, serialised and combined
CREATE TABLE public.cop_test_big AS
SELECT g % 97 AS chamber, g % 6 + 1 AS axis, (g::bigint * 7919 % 1000)::numeric AS realized,
       (g::bigint * 104729 % 900 + 100)::numeric AS target,
       CASE WHEN g % 5 = 0 THEN 'lower' ELSE 'higher' END::cop_alloc.direction AS direction,
       (g % 3 + 1)::numeric AS weight
  FROM generate_series(1, 200000) g;
ANALYZE public.cop_test_big;
CREATE TEMP TABLE serial_result AS
SELECT chamber, axis, cop_alloc.axis_achievement(realized, target, direction, weight) AS r
  FROM public.cop_test_big GROUP BY chamber, axis;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL enable_hashagg = off;
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE p text;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || q INTO p;
    RETURN p;
END $f$;
SELECT ok(pg_temp.plan_of($$SELECT chamber, axis, cop_alloc.axis_achievement(realized, target, direction, weight)
                             FROM public.cop_test_big GROUP BY chamber, axis$$) LIKE '%"Partial Mode": "Partial"%',
          'the planner uses partial (parallel) aggregation');
SELECT is((SELECT count(*)::int FROM serial_result s
             JOIN (SELECT chamber, axis, cop_alloc.axis_achievement(realized, target, direction, weight) AS r
                     FROM public.cop_test_big GROUP BY chamber, axis) p USING (chamber, axis)
            WHERE s.r = p.r), 97 * 6, 'parallel aggregation gives the serial result for every group');
SELECT is((SELECT count(*)::int FROM serial_result), 97 * 6, 'every group is there');
SELECT ok((SELECT bool_and(r BETWEEN 0 AND 1) FROM serial_result), 'every axis achievement is within [0, 1]');

SELECT * FROM finish();
ROLLBACK;
