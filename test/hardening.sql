-- Hardening: results years bounded as the exercise's; rows loaded under
-- session_replication_role = replica (foreign keys skipped) get a named
-- error from the engine, not XX000, and so do amounts that loosened checks
-- let through; the year's lock cannot be taken by just any role.
BEGIN;
SET search_path = public;
SELECT plan(13);

\i test/fixtures/example.sql

SELECT throws_ok($$INSERT INTO cop_alloc.com_target VALUES (20245, 'NORD', 'I1', 1)$$, '23514', NULL, 'a target of year 20245 is refused');
SELECT throws_ok($$INSERT INTO cop_alloc.com_target VALUES (-1, 'NORD', 'I1', 1)$$, '23514', NULL, 'and of year -1');
SELECT throws_ok($$INSERT INTO cop_alloc.indicator_result VALUES (20245, 'NORD', 'I1', 1)$$, '23514', NULL, 'a result of year 20245 is refused');
SELECT throws_ok($$INSERT INTO cop_alloc.indicator_result VALUES (1899, 'NORD', 'I1', 1)$$, '23514', NULL, 'and of year 1899');

-- a superuser's load under replica skips the foreign keys
SET LOCAL session_replication_role = replica;
INSERT INTO cop_alloc.com_target VALUES (2024, 'NORD', 'GHOST', 5);
SET LOCAL session_replication_role = origin;
SELECT throws_ok($$SELECT * FROM cop_alloc.allocate(2025)$$, '23503',
                 'indicator "GHOST" of chamber "NORD" in 2024 does not exist',
                 'a target naming an unknown indicator gets a named error, not XX000');
DELETE FROM cop_alloc.com_target WHERE indicator_code = 'GHOST';
SET LOCAL session_replication_role = replica;
INSERT INTO cop_alloc.indicator_result VALUES (2024, 'OUEST', 'GHOST', 5);
SET LOCAL session_replication_role = origin;
SELECT throws_ok($$SELECT * FROM cop_alloc.summary(2025)$$, '23503',
                 'indicator "GHOST" of chamber "OUEST" in 2024 does not exist', 'so does a result');
DELETE FROM cop_alloc.indicator_result WHERE indicator_code = 'GHOST';
SELECT is((SELECT total FROM cop_alloc.allocate(2025) WHERE chamber_code = 'NORD'), 520993.34, 'and the exercise computes again');

-- a recipient's amounts that a loosened check lets through get the
-- loader's error naming the column and the chamber
ALTER TABLE cop_alloc.exercise_chamber DROP CONSTRAINT assujettis_in_range;
UPDATE cop_alloc.exercise_chamber SET assujettis = 1000000000001 WHERE year = 2025 AND chamber_code = 'OUEST';
SELECT throws_ok($$SELECT * FROM cop_alloc.allocate(2025)$$, '22003',
                 'assujettis of chamber "OUEST" in exercise 2025 is out of range',
                 'an assujettis above 10^12 is refused, naming the column and the chamber');
UPDATE cop_alloc.exercise_chamber SET assujettis = 60000 WHERE year = 2025 AND chamber_code = 'OUEST';
ALTER DOMAIN cop_alloc.amount DROP CONSTRAINT amount_at_most_2_decimals;
UPDATE cop_alloc.exercise_chamber SET previous_operating = 1.005 WHERE year = 2025 AND chamber_code = 'NORD';
SELECT throws_ok($$SELECT * FROM cop_alloc.allocate(2025)$$, '22023',
                 'previous_operating of chamber "NORD" in exercise 2025 has more than 2 decimals',
                 'so is a previous_operating with 3 decimals');

-- the year's lock is a row lock on the exercise, not a key anyone can hold
SELECT function_privs_are('cop_alloc', 'lock_year', ARRAY['integer'], 'public', ARRAY[]::text[], 'PUBLIC cannot call lock_year');
CREATE ROLE cop_t_reader NOLOGIN;
SELECT cop_alloc.enrol('cop_t_reader', 'reader');
SET LOCAL ROLE cop_t_reader;
SELECT throws_ok($$SELECT FROM cop_alloc.exercise WHERE year = 2025 FOR NO KEY UPDATE$$, '42501', NULL,
                 'a reader cannot lock the exercise''s row');
RESET ROLE;

-- no lock any role could hold: no advisory lock anywhere, and the intake's
-- chamber locks are not PUBLIC's
SELECT is((SELECT pg_catalog.string_agg(p.proname, ', ') FROM pg_proc p
            WHERE p.pronamespace = 'cop_alloc'::regnamespace AND p.prosrc LIKE '%advisory%'),
          NULL, 'no function of the extension takes an advisory lock');
SELECT ok(NOT has_function_privilege('public', 'cop_alloc.lock_chambers(text[])', 'EXECUTE'),
          'PUBLIC cannot call lock_chambers');

SELECT * FROM finish();
ROLLBACK;
