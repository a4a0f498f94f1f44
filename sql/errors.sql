-- Every validation of spec section 6, at insert time (constraints) or at
-- compute time, and hostile inputs to the building blocks: each is an
-- ERROR naming the culprit, never a crash or a silent rounding.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cop_alloc;
RESET client_min_messages;
\set VERBOSITY default

INSERT INTO cop_alloc.indicator (code, axis_no, direction) VALUES ('I1', 1, 'higher'), ('I4', 4, 'lower');
INSERT INTO cop_alloc.chamber (code, name, parent_code) VALUES
    ('NORD', 'Nord', NULL), ('SUD', 'Sud', NULL), ('ASSOC', 'Associée', 'NORD');

-- ---- at insert: amounts, rates, quantities, enums, associations ----
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2030, -1, 0, 0.5);
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2030, 1000.001, 0, 0.5);
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2030, 'NaN', 0, 0.5);
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2030, 'Infinity', 0, 0.5);
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2030, 1e40, 0, 0.5);
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2030, 10000000000.01, 0, 0.5);
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2030, 1000, 1000.01, 0.5);
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, quote_part_min, operating_pct) VALUES (2030, 1000, 10, 20, 0.5);
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2030, 1000, 10, 0.51);
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct, minister_authorized) VALUES (2030, 1000, 10, 0.750001, true);
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2030, 1000, 10, -0.1);
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2030, 1000, 10, 0.1234567);
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct, tolerance) VALUES (2030, 1000, 10, 0.5, 1.5);
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct, missing_result) VALUES (2030, 1000, 10, 0.5, 'ignore');
INSERT INTO cop_alloc.indicator (code, axis_no, direction) VALUES ('I9', 1, 'sideways');
INSERT INTO cop_alloc.indicator (code, axis_no, weight) VALUES ('I9', 1, -1);
INSERT INTO cop_alloc.indicator (code, axis_no) VALUES ('I9', 99);
INSERT INTO cop_alloc.chamber (code, name, parent_code) VALUES ('SUB', 'Sous-associée', 'ASSOC');
INSERT INTO cop_alloc.chamber (code, name, parent_code) VALUES ('X', 'Inconnue', 'NOWHERE');
UPDATE cop_alloc.chamber SET parent_code = 'SUD' WHERE code = 'NORD';

-- a valid exercise to break at compute time
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2030, 1000.00, 100.00, 0.5);
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis) VALUES (2030, 'ASSOC', 10);
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis) VALUES (2030, 'NOWHERE', 10);
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis) VALUES (2030, 'NORD', -5);
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code) VALUES (2030, 'NORD');
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis, floor_amount, ceiling_amount) VALUES (2030, 'NORD', 1, 20, 10);
INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target) VALUES (2029, 'NORD', 'NOPE', 1);
INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target) VALUES (2029, 'NORD', 'I1', 0.0000001);
INSERT INTO cop_alloc.indicator_result (year, chamber_code, indicator_code, realized) VALUES (2029, 'NORD', 'I1', -3);

-- ---- at compute time ----
SELECT * FROM cop_alloc.allocate(1999);
SELECT * FROM cop_alloc.allocate(2030);                     -- no recipient
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis) VALUES (2030, 'NORD', 30), (2030, 'SUD', 10);
SELECT * FROM cop_alloc.allocate(2030);                     -- no axis
INSERT INTO cop_alloc.exercise_axis (year, axis_no, weight) VALUES (2030, 1, 0.5), (2030, 4, 0.4);
SELECT * FROM cop_alloc.summary(2030);                      -- weights add up to 0.9
UPDATE cop_alloc.exercise_axis SET weight = 0.6 WHERE year = 2030 AND axis_no = 1;
SELECT * FROM cop_alloc.axis_deductions(2030);              -- 0.6 + 0.4 = 1
INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target) VALUES
    (2029, 'NORD', 'I1', 10), (2029, 'ASSOC', 'I1', 5), (2029, 'SUD', 'I4', 3);
INSERT INTO cop_alloc.indicator_result (year, chamber_code, indicator_code, realized) VALUES
    (2029, 'NORD', 'I1', 8), (2029, 'ASSOC', 'I1', NULL);
SELECT * FROM cop_alloc.allocate(2030);                     -- ASSOC's NULL result comes first by code
UPDATE cop_alloc.indicator_result SET realized = 1 WHERE chamber_code = 'ASSOC';
SELECT * FROM cop_alloc.allocate(2030);                     -- SUD has no result row for I4
UPDATE cop_alloc.exercise SET missing_result = 'zero' WHERE year = 2030;
SELECT * FROM cop_alloc.allocate(2030);
UPDATE cop_alloc.exercise SET missing_result = 'exclude' WHERE year = 2030;
SELECT * FROM cop_alloc.axis_deductions(2030);
UPDATE cop_alloc.exercise_chamber SET floor_amount = 300 WHERE year = 2030;
SELECT * FROM cop_alloc.allocate(2030);                     -- floors 600 > O 450
UPDATE cop_alloc.exercise_chamber SET floor_amount = NULL, ceiling_amount = 200 WHERE year = 2030;
SELECT * FROM cop_alloc.allocate(2030);                     -- ceilings 400 < O 450
UPDATE cop_alloc.exercise_chamber SET ceiling_amount = NULL, floor_amount = 50, previous_operating = 30 WHERE year = 2030;
UPDATE cop_alloc.exercise SET max_increase_pct = 0.5 WHERE year = 2030;
SELECT * FROM cop_alloc.allocate(2030);                     -- floor 50 above tunnel 45
UPDATE cop_alloc.exercise_chamber SET floor_amount = NULL, previous_operating = NULL, assujettis = 0 WHERE year = 2030;
SELECT * FROM cop_alloc.allocate(2030);                     -- every key zero
UPDATE cop_alloc.exercise_chamber SET assujettis = 1, performance_weight = 0 WHERE year = 2030;
SELECT * FROM cop_alloc.allocate(2030);                     -- every performance key zero

-- ---- the building blocks ----
SELECT cop_alloc.apportion(100, ARRAY[]::numeric[]);
SELECT cop_alloc.apportion(0, ARRAY[]::numeric[]);
SELECT cop_alloc.apportion(100, ARRAY[0, 0]);
SELECT cop_alloc.apportion(100, ARRAY[1, NULL]);
SELECT cop_alloc.apportion(100, ARRAY[[1, 2], [3, 4]]);
SELECT cop_alloc.apportion(100, ARRAY[1, -2]);
SELECT cop_alloc.apportion(100, ARRAY[1, 'NaN']::numeric[]);
SELECT cop_alloc.apportion(100, ARRAY[1, 'Infinity']::numeric[]);
SELECT cop_alloc.apportion(100, ARRAY[1, 1e40]);
SELECT cop_alloc.apportion(100, ARRAY[1, 0.0000001]);
SELECT cop_alloc.apportion(100.001, ARRAY[1, 2]);
SELECT cop_alloc.apportion(-100, ARRAY[1, 2]);
SELECT cop_alloc.apportion('NaN', ARRAY[1, 2]);
SELECT cop_alloc.apportion(1e40, ARRAY[1, 2]);
SELECT cop_alloc.apportion(NULL, ARRAY[1, 2]) IS NULL AS strict_null;
SELECT cop_alloc.apportion(100, ARRAY[1, 1], ARRAY[60, 60], '{}');
SELECT cop_alloc.apportion(100, ARRAY[1, 1], '{}', ARRAY[30, 30]);
SELECT cop_alloc.apportion(100, ARRAY[1, 1], ARRAY[50, 0], ARRAY[40, NULL]);
SELECT cop_alloc.apportion(100, ARRAY[1, 1], ARRAY[1], '{}');
SELECT cop_alloc.apportion(100, ARRAY[0, 1], ARRAY[10, 0], ARRAY[NULL, 30]);
SELECT cop_alloc.achievement(-1, 10);
SELECT cop_alloc.achievement(1, 'NaN');
SELECT cop_alloc.achievement(1, 10, 'sideways');
SELECT cop_alloc.achievement(1, 10, NULL) IS NULL AS strict_null;
SELECT cop_alloc.axis_achievement(r, t, 'higher', 1) FROM (VALUES (NULL::numeric, 5::numeric)) v(r, t);
SELECT cop_alloc.axis_achievement(r, t, 'higher', NULL) FROM (VALUES (1::numeric, 5::numeric)) v(r, t);

DROP EXTENSION cop_alloc;
