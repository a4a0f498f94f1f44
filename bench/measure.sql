-- bench/measure.sql -- the timings of one generated exercise, run by
-- bench/bench.sh in that exercise's database; each figure is the best of
-- some timed runs (cop_bench.best_ms).  Variables: year, reps (timed
-- runs of the engine and the scan), ref_reps (timed runs of the
-- reference), ref_warm_up (true/false), ref (true/false: run the
-- reference at all), ref_check (full: allocate, axis_deductions and
-- summary compared; allocate: allocate only), first_reps (timed first
-- runs of run(year), each rolled back), run_reps (timed later runs),
-- run_timeout (their statement_timeout, e.g. 30min).  Prints one line:
-- rows|scan ms|allocate ms|axis_deductions ms|reference ms|check|run ms|run failure|first run ms
\set ON_ERROR_STOP 1
SET jit = off;
SELECT :year - 1 AS ry \gset

SELECT count(*) AS rows FROM cop_alloc.com_target WHERE year = :ry \gset

-- (a) the bare scan: every target of the results year joined to its result
SELECT cop_bench.best_ms(format(
    'SELECT count(*), sum(t.target), sum(r.realized) FROM cop_alloc.com_target t'
    ' JOIN cop_alloc.indicator_result r USING (year, chamber_code, indicator_code)'
    ' WHERE t.year = %s', :ry), :reps) AS scan_ms \gset

-- (b) the engine
SELECT cop_bench.best_ms(format('SELECT count(*) FROM cop_alloc.allocate(%s)', :year), :reps) AS allocate_ms \gset
SELECT cop_bench.best_ms(format('SELECT count(*) FROM cop_alloc.axis_deductions(%s)', :year), :reps) AS axis_ms \gset

-- (c) the plain SQL / PL/pgSQL reference, and whether it gives the same lines
\if :ref
SELECT cop_bench.best_ms(format('SELECT count(*) FROM cop_ref.allocate(%s)', :year), :ref_reps, :ref_warm_up) AS reference_ms \gset
CREATE FUNCTION pg_temp.lines(fn text, y int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE format('SELECT string_agg(x::text, '' '') FROM ROWS FROM (%s(%s)) WITH ORDINALITY x', fn, y) INTO result;
    RETURN result;
END $$;
SELECT CASE WHEN pg_temp.lines('cop_alloc.allocate', :year) = pg_temp.lines('cop_ref.allocate', :year)
             AND (:'ref_check' = 'allocate' OR
                  (pg_temp.lines('cop_alloc.axis_deductions', :year) = pg_temp.lines('cop_ref.axis_deductions', :year)
                   AND pg_temp.lines('cop_alloc.summary', :year) = pg_temp.lines('cop_ref.summary', :year)))
            THEN 'identical' || CASE WHEN :'ref_check' = 'allocate' THEN ' (allocate lines)' ELSE '' END
            ELSE 'DIFFERENT' END AS ref_check_result \gset
\else
\set reference_ms ''
\set ref_check_result 'not run'
\endif

-- (f) run(year): computes once and stores a run (run, run_line with its axis lines,
-- its inputs: input_document, run_input_set, run_source).  First the first
-- run of the year, which stores every input document: the best of
-- first_reps calls, each rolled back (try_best_first_run_ms); then one
-- more first run, kept, and the best of run_reps later runs of the same
-- inputs, whose documents are stored already.  The reads above warmed the
-- cache.  It comes last, so that the runs it stores are not in the tables
-- the rest reads.  A failure (or the timeout) is reported, not raised:
-- bench.sh says what it means at each size.
SET statement_timeout = :'run_timeout';
SELECT coalesce(t.ms::text, '') AS run_first_ms,
       coalesce(regexp_replace(t.failure, '[|\n]+', ' ', 'g'), '') AS run_failure,
       t.failure IS NULL AS run_ok
  FROM cop_bench.try_best_first_run_ms(:year, :first_reps) t \gset
\if :run_ok
SELECT coalesce(t.ms::text, '') AS run_ms,
       coalesce(regexp_replace(t.failure, '[|\n]+', ' ', 'g'), '') AS run_failure
  FROM cop_bench.try_best_ms(format('SELECT cop_alloc.run(%s)', :year), :run_reps, true) t \gset
\else
\set run_ms ''
\endif
RESET statement_timeout;

\echo :rows|:scan_ms|:allocate_ms|:axis_ms|:reference_ms|:ref_check_result|:run_ms|:run_failure|:run_first_ms
