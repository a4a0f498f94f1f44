-- Schema of the SQL contract (spec section 7): tables, columns, types,
-- keys, comments, function properties, dump configuration, DROP EXTENSION.
BEGIN;
SET search_path = public;
SELECT plan(77);

SELECT has_schema('cop_alloc');
SELECT has_table('cop_alloc', t, 'table cop_alloc.' || t || ' exists')
  FROM unnest(ARRAY['chamber', 'axis', 'objective', 'indicator', 'exercise', 'exercise_axis',
                    'exercise_chamber', 'com_target', 'indicator_result']) t;

-- the contract's columns and types
SELECT col_type_is('cop_alloc', 'chamber', 'code', 'text', 'chamber.code is text');
SELECT col_not_null('cop_alloc', 'chamber', 'name', 'chamber.name is NOT NULL');
SELECT col_is_null('cop_alloc', 'chamber', 'parent_code', 'chamber.parent_code is nullable');
SELECT fk_ok('cop_alloc', 'chamber', 'parent_code', 'cop_alloc', 'chamber', 'code');
SELECT col_type_is('cop_alloc', 'axis', 'axis_no', 'integer', 'axis.axis_no is int');
SELECT col_type_is('cop_alloc', 'indicator', 'direction', 'cop_alloc.direction', 'indicator.direction is an enum');
SELECT col_default_is('cop_alloc', 'indicator', 'direction', 'higher'::cop_alloc.direction, 'direction defaults to higher');
SELECT col_default_is('cop_alloc', 'indicator', 'weight', 1, 'indicator weight defaults to 1');
SELECT fk_ok('cop_alloc', 'indicator', 'axis_no', 'cop_alloc', 'axis', 'axis_no');
SELECT col_is_pk('cop_alloc', 'exercise', 'year', 'exercise keyed by year');
SELECT col_type_is('cop_alloc', 'exercise', 'tax_product', 'cop_alloc.amount', 'tax_product is an exact amount');
SELECT col_default_is('cop_alloc', 'exercise', 'minister_authorized', false, 'minister_authorized defaults to false');
SELECT col_default_is('cop_alloc', 'exercise', 'performance_decided', true, 'performance_decided defaults to true');
SELECT col_default_is('cop_alloc', 'exercise', 'missing_result', 'error'::cop_alloc.missing_policy, 'missing_result defaults to error');
SELECT col_default_is('cop_alloc', 'exercise', 'tolerance', 0, 'tolerance defaults to 0');
SELECT col_is_null('cop_alloc', 'exercise', c, 'exercise.' || c || ' is nullable')
  FROM unnest(ARRAY['quote_part_min', 'results_year', 'max_decrease_pct', 'max_increase_pct']) c;
SELECT col_is_pk('cop_alloc', 'exercise_axis', ARRAY['year', 'axis_no'], 'exercise_axis keyed by (year, axis_no)');
SELECT col_is_pk('cop_alloc', 'exercise_chamber', ARRAY['year', 'chamber_code'], 'exercise_chamber keyed by (year, chamber_code)');
SELECT col_type_is('cop_alloc', 'exercise_chamber', 'assujettis', 'bigint', 'assujettis is bigint');
SELECT col_is_null('cop_alloc', 'exercise_chamber', c, 'exercise_chamber.' || c || ' is nullable')
  FROM unnest(ARRAY['operating_weight', 'performance_weight', 'floor_amount', 'ceiling_amount', 'previous_operating']) c;
SELECT col_is_pk('cop_alloc', 'com_target', ARRAY['year', 'chamber_code', 'indicator_code'], 'com_target keyed by (year, chamber, indicator)');
SELECT col_is_pk('cop_alloc', 'indicator_result', ARRAY['year', 'chamber_code', 'indicator_code'], 'indicator_result keyed by (year, chamber, indicator)');
SELECT col_is_null('cop_alloc', 'indicator_result', 'realized', 'realized is nullable (a missing result)');
SELECT fk_ok('cop_alloc', 'com_target', 'indicator_code', 'cop_alloc', 'indicator', 'code');
SELECT fk_ok('cop_alloc', 'exercise_chamber', 'chamber_code', 'cop_alloc', 'chamber', 'code');

-- no column added by the extension blocks an INSERT naming only the contract's columns
SELECT is(array_agg(c.table_name || '.' || c.column_name ORDER BY 1), NULL,
          'every added column is nullable or has a default')
  FROM information_schema.columns c
 WHERE c.table_schema = 'cop_alloc' AND c.is_nullable = 'NO' AND c.column_default IS NULL
   AND (c.table_name, c.column_name) NOT IN (
       ('chamber', 'code'), ('chamber', 'name'), ('axis', 'axis_no'), ('indicator', 'code'),
       ('indicator', 'axis_no'), ('exercise', 'year'), ('exercise', 'tax_product'),
       ('exercise', 'quote_part'), ('exercise', 'operating_pct'), ('exercise_axis', 'year'),
       ('exercise_axis', 'axis_no'), ('exercise_axis', 'weight'), ('exercise_chamber', 'year'),
       ('exercise_chamber', 'chamber_code'), ('com_target', 'year'), ('com_target', 'chamber_code'),
       ('com_target', 'indicator_code'), ('com_target', 'target'), ('indicator_result', 'year'),
       ('indicator_result', 'chamber_code'), ('indicator_result', 'indicator_code'),
       ('objective', 'objective_no'), ('objective', 'axis_no'), ('objective', 'title'))
   AND c.table_name IN ('chamber', 'axis', 'indicator', 'exercise', 'exercise_axis',
                        'exercise_chamber', 'com_target', 'indicator_result', 'objective');

-- the contract's functions and their signatures
SELECT has_function('cop_alloc', 'allocate', ARRAY['integer']);
SELECT has_function('cop_alloc', 'axis_deductions', ARRAY['integer']);
SELECT has_function('cop_alloc', 'summary', ARRAY['integer']);
SELECT has_function('cop_alloc', 'apportion', ARRAY['numeric', 'numeric[]']);
SELECT has_function('cop_alloc', 'apportion', ARRAY['numeric', 'numeric[]', 'numeric[]', 'numeric[]']);
SELECT has_function('cop_alloc', 'achievement', ARRAY['numeric', 'numeric', 'cop_alloc.direction']);
SELECT is(pg_get_function_result('cop_alloc.allocate(int)'::regprocedure),
          'TABLE(chamber_code text, operating numeric, performance_envelope numeric, deduction numeric, performance numeric, total numeric, modulation numeric)',
          'allocate returns the contract''s columns, then modulation (spec 5 bis)');
SELECT is(pg_get_function_result('cop_alloc.axis_deductions(int)'::regprocedure),
          'TABLE(chamber_code text, axis_no integer, stake numeric, achievement numeric, deduction numeric)',
          'axis_deductions returns the contract''s columns');
SELECT is(pg_get_function_result('cop_alloc.summary(int)'::regprocedure),
          'TABLE(tax_product numeric, quote_part numeric, distributable numeric, operating_part numeric, performance_part numeric, allocated numeric, reserve numeric)',
          'summary returns the contract''s columns');
SELECT is(pg_get_function_result('cop_alloc.apportion(numeric, numeric[])'::regprocedure), 'numeric[]',
          'apportion returns numeric[]');

-- volatility, strictness and parallel safety as true
SELECT volatility_is('cop_alloc', f, ARRAY['integer'], 'stable', f || ' is STABLE (it reads tables)')
  FROM unnest(ARRAY['allocate', 'axis_deductions', 'summary', 'allocation_bounds']) f;
SELECT volatility_is('cop_alloc', 'apportion', ARRAY['numeric', 'numeric[]'], 'immutable', 'apportion is IMMUTABLE');
SELECT volatility_is('cop_alloc', 'achievement', ARRAY['numeric', 'numeric', 'cop_alloc.direction'], 'immutable', 'achievement is IMMUTABLE');
SELECT is_strict('cop_alloc', f, ARRAY['integer'], f || ' is STRICT')
  FROM unnest(ARRAY['allocate', 'axis_deductions', 'summary', 'allocation_bounds']) f;
SELECT is_strict('cop_alloc', 'apportion', ARRAY['numeric', 'numeric[]'], 'apportion is STRICT');
SELECT is(array_agg(p.oid::regprocedure::text ORDER BY 1), NULL,
          'every engine function is PARALLEL SAFE')
  FROM pg_proc p
 WHERE p.pronamespace = 'cop_alloc'::regnamespace AND p.proparallel <> 's'
   AND p.proname IN ('allocate', 'axis_deductions', 'summary', 'allocation_bounds', 'apportion',
                     'achievement', 'axis_achievement');
SELECT is((SELECT aggcombinefn::text FROM pg_aggregate
            WHERE aggfnoid = 'cop_alloc.axis_achievement(numeric, numeric, cop_alloc.direction, numeric)'::regprocedure),
          'cop_alloc.axis_achievement_combinefn', 'axis_achievement has a combine function');

-- nothing depends on the caller's search_path
SELECT is(array_agg(p.oid::regprocedure::text ORDER BY 1), NULL,
          'every function that reads tables or runs PL/pgSQL pins its search_path')
  FROM pg_proc p
 WHERE p.pronamespace = 'cop_alloc'::regnamespace
   AND (p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql')
        OR p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'sql')
        OR p.proname IN ('allocate', 'axis_deductions', 'summary', 'allocation_bounds'))
   -- a procedure that commits cannot have a SET clause: publication_job
   -- qualifies every name and operator in its body instead
   AND p.oid <> 'cop_alloc.publication_job(int, boolean)'::regprocedure
   AND NOT EXISTS (SELECT FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%');
SELECT is(array_agg(p.oid::regprocedure::text ORDER BY 1), NULL,
          'no SECURITY DEFINER function without a pinned search_path')
  FROM pg_proc p
 WHERE p.pronamespace = 'cop_alloc'::regnamespace AND p.prosecdef
   AND NOT EXISTS (SELECT FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=pg_catalog%');

-- everything a user sees is documented
SELECT is(array_agg(c.relname::text ORDER BY 1), NULL, 'every table and view has a comment')
  FROM pg_class c
 WHERE c.relnamespace = 'cop_alloc'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p')
   AND obj_description(c.oid, 'pg_class') IS NULL;
SELECT is(array_agg(c.relname || '.' || a.attname ORDER BY 1), NULL, 'every column has a comment')
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'cop_alloc'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p')
   AND col_description(c.oid, a.attnum) IS NULL;
SELECT is(array_agg(p.oid::regprocedure::text ORDER BY 1), NULL, 'every function and aggregate has a comment')
  FROM pg_proc p
 WHERE p.pronamespace = 'cop_alloc'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL;
SELECT is(array_agg(t.typname::text ORDER BY 1), NULL, 'every domain and enum has a comment')
  FROM pg_type t
 WHERE t.typnamespace = 'cop_alloc'::regnamespace AND t.typtype IN ('d', 'e')
   AND obj_description(t.oid, 'pg_type') IS NULL;

-- user data is dumped; the rows installed from the COP are recreated instead
SELECT ok((SELECT array_agg(c::regclass::text) FROM pg_extension e, unnest(e.extconfig) c
            WHERE e.extname = 'cop_alloc')
          @> ARRAY['cop_alloc.chamber', 'cop_alloc.exercise', 'cop_alloc.exercise_axis',
                   'cop_alloc.exercise_chamber', 'cop_alloc.com_target', 'cop_alloc.indicator_result',
                   'cop_alloc.indicator', 'cop_alloc.axis'],
          'every user-data table is registered with pg_extension_config_dump');
SELECT is((SELECT x.cond FROM pg_extension e,
                  unnest(e.extconfig, e.extcondition) AS x(tab, cond)
            WHERE e.extname = 'cop_alloc' AND x.tab = 'cop_alloc.indicator'::regclass),
          '', 'every indicator row is dumped, the COP''s included (an edited one comes back as edited)');

-- the six COP axes are there after CREATE EXTENSION
SELECT results_eq('SELECT axis_no, cop_weight::numeric FROM cop_alloc.axis WHERE from_cop ORDER BY axis_no',
                  $$VALUES (1, 0.20::numeric), (2, 0.20), (3, 0.25), (4, 0.10), (5, 0.15), (6, 0.10)$$,
                  'the six COP 2023-2027 axes with their weights');

-- DROP EXTENSION removes every object; the schema, the extension's
-- namespace (control file: schema = cop_alloc), stays behind, empty
DROP EXTENSION cop_alloc;
SELECT is((SELECT count(*)::int FROM pg_class WHERE relnamespace = 'cop_alloc'::regnamespace)
          + (SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'cop_alloc'::regnamespace),
          0, 'DROP EXTENSION leaves schema cop_alloc empty');
SELECT is((SELECT count(*)::int FROM pg_type WHERE typname IN ('direction', 'missing_policy', 'amount')
             AND typnamespace NOT IN ('pg_catalog'::regnamespace)), 0, 'and its types');

SELECT * FROM finish();
ROLLBACK;
