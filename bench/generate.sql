-- bench/generate.sql -- synthetic exercises for the benchmarks, and the
-- timing helper bench/run.sh uses.  Load with psql -f into a database that
-- has cop_alloc; then
--
--     SELECT cop_bench.generate(10000, 2025);
--
-- makes exercise 2025 with 10 000 regional chambers (codes B10000-000001
-- ...), one chamber in nine with an associated chamber (B10000-000009-A
-- ...), 40 indicators (bench.01 .. bench.40) on the six COP axes, a target
-- and a result for every member and indicator in the results year 2024,
-- some floors, some ceilings and a tunnel of -5 % / +5 % on last year's
-- operating part, and the minister's authorisation of its operating
-- share 0.6125 (request_authorisation, decide_authorisation: the role
-- that calls generate acts for finance and for the ministry, as a
-- superuser does).  The same size and seed always give the same rows.
-- Codes carry the size, so several sizes can live in one database, each
-- in its own year.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = 'cop_bench') THEN
        CREATE SCHEMA cop_bench;
    END IF;
END $$;
COMMENT ON SCHEMA cop_bench IS 'Synthetic exercises and timing helpers for the cop_alloc benchmarks.';

CREATE OR REPLACE FUNCTION cop_bench.generate(n int, year int, seed float8 DEFAULT 0.42)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    ry int := year - 1;
    p numeric := round(least(13055555.55 * n, 9876543210.98), 2);     -- P, within 10^10
    o numeric;                                                         -- O, for the bounds
    prefix text := 'B' || n || '-';
    target_rows bigint;
BEGIN
    PERFORM setseed(seed);

    -- 40 indicators on the six axes; one in seven fewer-is-better, weights 1 to 3
    INSERT INTO cop_alloc.indicator (code, axis_no, label, direction, weight)
    SELECT 'bench.' || lpad(k::text, 2, '0'), 1 + (k - 1) % 6, 'benchmark indicator ' || k,
           CASE WHEN k % 7 = 0 THEN 'lower' ELSE 'higher' END::cop_alloc.direction,
           1 + k % 3
      FROM generate_series(1, 40) k
    ON CONFLICT (code) DO NOTHING;

    -- n regional chambers, and one chamber in nine has an associated chamber
    INSERT INTO cop_alloc.chamber (code, name, parent_code)
    SELECT prefix || lpad(i::text, 6, '0'), 'Benchmark chamber ' || i, NULL
      FROM generate_series(1, n) i;
    INSERT INTO cop_alloc.chamber (code, name, parent_code)
    SELECT prefix || lpad(i::text, 6, '0') || '-A', 'Associated to benchmark chamber ' || i,
           prefix || lpad(i::text, 6, '0')
      FROM generate_series(9, n, 9) i;

    -- the exercise: Q = 10 %, f = 0.6125 with the minister's authorisation
    -- (recorded below), a tunnel of -5 % / +5 %, missing results count 0,
    -- tolerance 0.02
    INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, quote_part_min, operating_pct,
                                    minister_authorized, tolerance, missing_result,
                                    max_decrease_pct, max_increase_pct, note)
    VALUES (year, p, round(p / 10, 2), round(p / 12, 2), 0.6125, true, 0.02, 'zero', 0.05, 0.05,
            'benchmark exercise of ' || n || ' chambers');
    INSERT INTO cop_alloc.exercise_axis (year, axis_no, weight)
    SELECT year, a.axis_no, a.cop_weight FROM cop_alloc.axis a WHERE a.from_cop;
    -- the authorisation as run(year) requires it (check_authorisation): the
    -- president's reasoned request, then the minister's decision granting it
    PERFORM cop_alloc.decide_authorisation(
                cop_alloc.request_authorisation(year, 0.6125, make_date(ry, 9, 2),
                                                'Exercice synthétique des mesures de performance.'),
                'granted', make_date(ry, 9, 20), 'Décision synthétique', 0.6125);
    o := round((p - round(p / 10, 2)) * 100 * 0.6125) / 100;

    -- the recipients; share = what the key alone would give.  One in 31 is
    -- new (no previous_operating) with a floor 30 % above its share, one in
    -- 37 is new with a ceiling 20 % below it, the others have last year's
    -- operating part within 8 % of their share (the tunnel binds some)
    INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis, floor_amount,
                                            ceiling_amount, previous_operating)
    SELECT year, prefix || lpad(i::text, 6, '0'), a,
           CASE WHEN i % 31 = 0 THEN round(share * 1.3, 2) END,
           CASE WHEN i % 31 <> 0 AND i % 37 = 0 THEN round(share * 0.8, 2) END,
           CASE WHEN i % 31 <> 0 AND i % 37 <> 0 THEN round(share * (0.92 + 0.16 * r), 2) END
      FROM (SELECT i, a, r, o * a / sum(a) OVER () AS share
              FROM (SELECT i, 2000 + (random() * 148000)::int AS a, random()::numeric AS r
                      FROM generate_series(1, n) i) k) s;

    -- a target for every member and indicator (2 % of them 0: not applicable)
    INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target)
    SELECT ry, c.code, 'bench.' || lpad(k::text, 2, '0'),
           CASE WHEN random() < 0.02 THEN 0 ELSE 10 + (random() * 9990)::int END
      FROM cop_alloc.chamber c CROSS JOIN generate_series(1, 40) k
     WHERE c.code LIKE prefix || '%';
    GET DIAGNOSTICS target_rows = ROW_COUNT;

    -- results between 70 % and 120 % of the target; 0.5 % have no row and
    -- 0.5 % a NULL result (missing: they count 0 under policy zero)
    INSERT INTO cop_alloc.indicator_result (year, chamber_code, indicator_code, realized)
    SELECT t.year, t.chamber_code, t.indicator_code,
           CASE WHEN x < 0.01 THEN NULL ELSE round(t.target * (0.7 + 0.5 * random())) END
      FROM (SELECT t.*, random() AS x FROM cop_alloc.com_target t
             WHERE t.year = ry AND t.chamber_code LIKE prefix || '%') t
     WHERE x >= 0.005;

    RETURN target_rows;
END
$$;
COMMENT ON FUNCTION cop_bench.generate(int, int, float8) IS
    'Inserts a synthetic exercise (year) of n regional chambers x 40 indicators, deterministic for a seed; returns the number of target rows of its results year (year - 1).';

-- Best (least) wall-clock time, in milliseconds, of running a statement
-- `runs` times after one unmeasured warm-up run; measured inside the
-- server.  On a shared machine interference only ever adds time, so the
-- least of a few runs is the steadiest figure.
CREATE OR REPLACE FUNCTION cop_bench.best_ms(statement text, runs int, warm_up boolean DEFAULT true)
RETURNS numeric
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t0 timestamptz;
    best numeric;
BEGIN
    IF warm_up THEN
        EXECUTE statement;
    END IF;
    FOR i IN 1 .. runs LOOP
        t0 := clock_timestamp();
        EXECUTE statement;
        best := least(best, (extract(epoch FROM clock_timestamp() - t0) * 1000)::numeric);
    END LOOP;
    RETURN round(best, 1);
END
$$;
COMMENT ON FUNCTION cop_bench.best_ms(text, int, boolean) IS
    'Least of `runs` timed runs of a statement, in ms, after one unmeasured warm-up run.';

-- The same for a statement whose failure is a result to report rather
-- than an error (run(year) at the largest size, whose target is that it
-- completes): the time, or the failure (SQLSTATE and message; also a
-- statement_timeout or a cancel).
CREATE OR REPLACE FUNCTION cop_bench.try_best_ms(statement text, runs int, warm_up boolean DEFAULT true,
                                                 OUT ms numeric, OUT failure text)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    ms := cop_bench.best_ms(statement, runs, warm_up);
EXCEPTION WHEN OTHERS OR query_canceled THEN
    failure := SQLSTATE || ': ' || SQLERRM;
END
$$;
COMMENT ON FUNCTION cop_bench.try_best_ms(text, int, boolean) IS
    'best_ms(statement, runs, warm_up), or when the statement fails (query_canceled included) no time and the SQLSTATE and message.';

-- The first run of a year, which stores every input document, timed as
-- the rest are (the least of some timed calls), each call rolled back
-- (a subtransaction ended by an error of our own) so that the next one is
-- a first run too.  The year must have no run.  Its failure is reported
-- as try_best_ms reports it.
CREATE OR REPLACE FUNCTION cop_bench.try_best_first_run_ms(year int, runs int, OUT ms numeric, OUT failure text)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t0 timestamptz;
    elapsed numeric;
BEGIN
    IF EXISTS (SELECT FROM cop_alloc.run r WHERE r.year = try_best_first_run_ms.year) THEN
        RAISE EXCEPTION 'exercise % has a run already: its next run is not a first one', year;
    END IF;
    FOR i IN 1 .. runs LOOP
        BEGIN
            t0 := clock_timestamp();
            PERFORM cop_alloc.run(year);
            elapsed := (extract(epoch FROM clock_timestamp() - t0) * 1000)::numeric;
            RAISE EXCEPTION 'rolled back' USING ERRCODE = 'CB001';
        EXCEPTION WHEN SQLSTATE 'CB001' THEN
            ms := least(ms, elapsed);
        END;
    END LOOP;
    ms := round(ms, 1);
EXCEPTION WHEN OTHERS OR query_canceled THEN
    ms := NULL;
    failure := SQLSTATE || ': ' || SQLERRM;
END
$$;
COMMENT ON FUNCTION cop_bench.try_best_first_run_ms(int, int) IS
    'Least of `runs` timed first runs of exercise year (each rolled back, so that each stores every input document), in ms; or, when a run fails (query_canceled included), no time and the SQLSTATE and message.';

-- The private memory of another backend while it runs a statement: waits
-- for the backend whose application_name is `app`, then reads its
-- /proc/<pid>/status every 10 ms until it exits.  Returns the largest
-- RssAnon seen (its own memory: what palloc and malloc hold; the pages of
-- shared_buffers it touched are RssShmem), the last VmHWM (its whole peak,
-- shared_buffers pages touched included) and the number of samples.  A
-- peak shorter than 10 ms can be missed.  Needs a superuser (or
-- pg_read_server_files), and the server's /proc.
CREATE OR REPLACE FUNCTION cop_bench.watch_kb(app text, OUT rss_anon_kb bigint, OUT vm_hwm_kb bigint,
                                              OUT samples int)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    watched int;
    status text;
BEGIN
    FOR i IN 1 .. 6000 LOOP
        PERFORM pg_stat_clear_snapshot();
        SELECT a.pid INTO watched FROM pg_stat_activity a WHERE a.application_name = app;
        EXIT WHEN watched IS NOT NULL;
        PERFORM pg_sleep(0.01);
    END LOOP;
    IF watched IS NULL THEN
        RAISE EXCEPTION 'no backend with application_name % after 60 s', app;
    END IF;
    samples := 0;
    LOOP
        BEGIN
            status := pg_read_file('/proc/' || watched || '/status');
        EXCEPTION WHEN undefined_file THEN
            EXIT;                       -- it has exited
        END;
        rss_anon_kb := greatest(rss_anon_kb, (regexp_match(status, 'RssAnon:\s+(\d+) kB'))[1]::bigint);
        -- an exiting process's status has no memory lines: keep the last
        vm_hwm_kb := coalesce((regexp_match(status, 'VmHWM:\s+(\d+) kB'))[1]::bigint, vm_hwm_kb);
        samples := samples + 1;
        PERFORM pg_sleep(0.01);
    END LOOP;
END
$$;
COMMENT ON FUNCTION cop_bench.watch_kb(text) IS
    'Samples every 10 ms the memory of the backend named app (application_name) until it exits: largest RssAnon (its private memory), last VmHWM (its whole peak, shared_buffers pages included), in kB, and the number of samples.';
