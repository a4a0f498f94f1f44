-- Bad rows are refused at insert (spec sections 2 and 6): negative,
-- over-precise, NaN, infinite, huge values; illegal parameters; unknown
-- chambers and indicators; associations one level deep.
BEGIN;
SET search_path = public;
SELECT plan(43);

INSERT INTO cop_alloc.chamber (code, name, parent_code) VALUES
    ('GES', 'Grand Est', NULL), ('ALS', 'Alsace', 'GES'), ('BRE', 'Bretagne', NULL);
INSERT INTO cop_alloc.indicator (code, axis_no) VALUES ('T1', 1);
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2030, 1000, 100, 0.5);

CREATE FUNCTION pg_temp.ex(cols text, vals text) RETURNS text LANGUAGE sql AS
$$ SELECT format('INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct, %s) VALUES (2031, 1000, 100, 0.5, %s)', cols, vals) $$;

-- amounts: exact euros in [0, 10^10]
SELECT throws_ok(pg_temp.ex('quote_part_min', v), '23514', NULL, 'quote_part_min ' || v || ' is refused')
  FROM unnest(ARRAY['-0.01', '0.001', '''NaN''', '''Infinity''', '''-Infinity''', '1e40', '10000000000.01']) v;
SELECT lives_ok(pg_temp.ex('quote_part_min', '10.100'), 'trailing zeros are exact: 10.100 is accepted');
SELECT is((SELECT quote_part_min::numeric FROM cop_alloc.exercise WHERE year = 2031), 10.100, 'and stored unrounded');
DELETE FROM cop_alloc.exercise WHERE year = 2031;
-- rates: 6 decimals in [0, 1]
SELECT throws_ok(pg_temp.ex('tolerance', v), '23514', NULL, 'tolerance ' || v || ' is refused')
  FROM unnest(ARRAY['-0.1', '1.000001', '0.0000001', '''NaN''']) v;
SELECT throws_ok(pg_temp.ex('max_increase_pct', '''Infinity'''), '23514', NULL, 'an infinite tunnel is refused');
-- the law's limits on the exercise
SELECT throws_ok($$INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2032, 100, 100.01, 0.5)$$,
                 '23514', 'new row for relation "exercise" violates check constraint "quote_part_within_tax_product"', 'Q > P');
SELECT throws_ok($$INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, quote_part_min, operating_pct) VALUES (2032, 100, 10, 10.01, 0.5)$$,
                 '23514', 'new row for relation "exercise" violates check constraint "quote_part_not_below_minimum"', 'Q below its minimum');
SELECT throws_ok($$INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2032, 100, 10, 0.500001)$$,
                 '23514', 'new row for relation "exercise" violates check constraint "operating_pct_above_0_50_needs_authorisation"',
                 'f above 0.50 without authorisation');
SELECT lives_ok($$INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct, minister_authorized) VALUES (2032, 100, 10, 0.75, true)$$,
                'f = 0.75 with authorisation');
SELECT throws_ok($$UPDATE cop_alloc.exercise SET operating_pct = 0.750001 WHERE year = 2032$$,
                 '23514', 'new row for relation "exercise" violates check constraint "operating_pct_within_0_75"', 'f above 0.75');
SELECT throws_ok($$UPDATE cop_alloc.exercise SET minister_authorized = false WHERE year = 2032$$,
                 '23514', NULL, 'withdrawing the authorisation under f = 0.75 is refused');
SELECT throws_ok($$INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct, missing_result) VALUES (2033, 1, 0, 0, 'skip')$$,
                 '22P02', NULL, 'an unknown missing-result policy');
-- quantities
SELECT throws_ok(format('INSERT INTO cop_alloc.com_target VALUES (2029, %L, %L, %s)', 'BRE', 'T1', v), '23514', NULL,
                 'target ' || v || ' is refused')
  FROM unnest(ARRAY['-1', '0.0000001', '''NaN''', '1000000000000.000001']) v;
SELECT throws_ok($$INSERT INTO cop_alloc.indicator_result VALUES (2029, 'BRE', 'T1', 'Infinity')$$, '23514', NULL, 'an infinite result');
SELECT lives_ok($$INSERT INTO cop_alloc.indicator_result VALUES (2029, 'BRE', 'T1', NULL)$$, 'a NULL result is a missing result, accepted');
SELECT throws_ok($$INSERT INTO cop_alloc.indicator (code, axis_no, direction) VALUES ('T2', 1, 'up')$$, '22P02', NULL, 'an unknown direction');
SELECT lives_ok($$INSERT INTO cop_alloc.indicator (code, axis_no, direction) VALUES ('T2', 1, 'lower')$$, 'literal ''lower'' is accepted');
SELECT throws_ok($$INSERT INTO cop_alloc.indicator (code, axis_no, weight) VALUES ('T3', 1, -1)$$, '23514', NULL, 'a negative indicator weight');
-- references
SELECT throws_ok($$INSERT INTO cop_alloc.com_target VALUES (2029, 'XXX', 'T1', 1)$$, '23503', NULL, 'an unknown chamber');
SELECT throws_ok($$INSERT INTO cop_alloc.com_target VALUES (2029, 'BRE', 'NOPE', 1)$$, '23503', NULL, 'an unknown indicator');
SELECT throws_ok($$INSERT INTO cop_alloc.exercise_axis VALUES (2030, 7, 0.5)$$, '23503', NULL, 'an unknown axis');
SELECT throws_ok($$INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis) VALUES (2099, 'BRE', 1)$$, '23503', NULL,
                 'a recipient of an unknown exercise');
-- exercise_chamber rows
SELECT throws_ok($$INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis) VALUES (2030, 'ALS', 1)$$, '23514',
                 'chamber "ALS" is associated to "GES" and cannot receive an allocation', 'an associated chamber is no recipient');
SELECT throws_ok($$INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis) VALUES (2030, 'BRE', -1)$$, '23514', NULL, 'negative assujettis');
SELECT throws_ok($$INSERT INTO cop_alloc.exercise_chamber (year, chamber_code) VALUES (2030, 'BRE')$$, '23514', NULL, 'no operating key at all');
SELECT throws_ok($$INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis, floor_amount, ceiling_amount) VALUES (2030, 'BRE', 1, 2, 1)$$,
                 '23514', NULL, 'a floor above the ceiling');
SELECT throws_ok($$INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, operating_weight) VALUES (2030, 'BRE', 0.0000001)$$,
                 '23514', NULL, 'an over-precise operating weight');
-- associations
SELECT throws_ok($$INSERT INTO cop_alloc.chamber VALUES ('SUB', 'Sous', 'ALS')$$, '23514',
                 'chamber "SUB" cannot be associated to "ALS", which is itself associated', 'a parent that is itself associated');
SELECT throws_ok($$UPDATE cop_alloc.chamber SET parent_code = 'BRE' WHERE code = 'GES'$$, '23514', NULL,
                 'a parent cannot become associated while a chamber is associated to it');
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis) VALUES (2030, 'BRE', 1);
SELECT throws_ok($$UPDATE cop_alloc.chamber SET parent_code = 'GES' WHERE code = 'BRE'$$, '23514',
                 'chamber "BRE" cannot be associated: it is a recipient of an exercise', 'a recipient cannot become associated');
SELECT throws_ok($$INSERT INTO cop_alloc.chamber VALUES ('SELF', 'Self', 'SELF')$$, '23514', NULL, 'a chamber is not its own parent');

SELECT * FROM finish();
ROLLBACK;
