-- Privileges: nothing is granted to PUBLIC; the engine reads the tables as
-- the calling user (SECURITY INVOKER), so a reader needs SELECT and cannot
-- write; the recipe documented in the README (enrol a reader and a
-- finance role) works.
BEGIN;
SET search_path = public;
SELECT plan(13);

\i test/fixtures/example.sql

SELECT is(array_agg(c.relname::text ORDER BY 1), NULL, 'no table of cop_alloc grants anything to PUBLIC')
  FROM pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
 WHERE c.relnamespace = 'cop_alloc'::regnamespace AND c.relkind = 'r' AND a.grantee = 0;
SELECT is(array_agg(p.oid::regprocedure::text ORDER BY 1), NULL,
          'every SECURITY DEFINER function pins search_path = pg_catalog, pg_temp')
  FROM pg_proc p WHERE p.pronamespace = 'cop_alloc'::regnamespace AND p.prosecdef
   AND p.proconfig IS DISTINCT FROM ARRAY['search_path=pg_catalog, pg_temp'];

CREATE ROLE cop_test_nobody NOLOGIN;
CREATE ROLE cop_test_reader NOLOGIN;
CREATE ROLE cop_test_writer NOLOGIN;
-- the README's recipe
SELECT cop_alloc.enrol('cop_test_reader', 'reader');
SELECT cop_alloc.enrol('cop_test_writer', 'finance');

SELECT table_privs_are('cop_alloc', 'exercise', 'cop_test_reader', ARRAY['SELECT'], 'a reader may only read exercises');
SELECT table_privs_are('cop_alloc', 'indicator_result', 'cop_test_writer', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
                       'a writer loads results');

SET LOCAL ROLE cop_test_nobody;
SELECT throws_ok('SELECT * FROM cop_alloc.allocate(2025)', '42501', NULL, 'without USAGE nothing can be computed');
SELECT throws_ok('SELECT * FROM cop_alloc.exercise', '42501', NULL, 'nor read');
RESET ROLE;

SET LOCAL ROLE cop_test_reader;
SELECT results_eq('SELECT chamber_code, total FROM cop_alloc.allocate(2025)',
                  $$VALUES ('NORD'::text, 520993.34), ('OUEST', 266166.67), ('OUTREMER', 95208.75)$$,
                  'a reader computes the distribution');
SELECT is((SELECT reserve FROM cop_alloc.summary(2025)), 17631.24, 'and the summary');
SELECT throws_ok($$UPDATE cop_alloc.exercise SET quote_part = 0 WHERE year = 2025$$, '42501', NULL, 'a reader cannot change parameters');
SELECT throws_ok($$INSERT INTO cop_alloc.indicator_result VALUES (2024, 'OUEST', 'I1', 1)$$, '42501', NULL, 'nor results');
RESET ROLE;

SET LOCAL ROLE cop_test_writer;
SELECT lives_ok($$UPDATE cop_alloc.indicator_result SET realized = 800 WHERE chamber_code = 'NORD' AND indicator_code = 'I1'$$,
                'a writer loads a result');
SELECT throws_ok($$UPDATE cop_alloc.run SET note = 'x'$$, '42501', NULL, 'but cannot change a run');
SELECT throws_ok($$DELETE FROM cop_alloc.axis$$, '42501', NULL, 'nor the COP''s axes');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
