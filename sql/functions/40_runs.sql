-- ===================================================================
-- Deliberation support around the engine: recorded runs with an input
-- fingerprint, the one published distribution of each year, the previous
-- year's figures and the motives the deliberation must expose (R312-2),
-- the national-projects reserve (art. 17-1 3° of the decree), and the
-- approvals that make a distribution enforceable (R312-2 1°, D333-2,
-- D333-5).  Plain SQL and PL/pgSQL over the engine's functions.
-- ===================================================================

-- -------------------------------------------------------------------
-- Serialization of the writes of one year
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.lock_year(year int) RETURNS void
LANGUAGE sql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT FROM cop_alloc.exercise e WHERE e.year OPERATOR(pg_catalog.=) lock_year.year FOR NO KEY UPDATE
$$;
COMMENT ON FUNCTION cop_alloc.lock_year(int) IS
    'Locks the exercise''s row (FOR NO KEY UPDATE) until the end of the transaction. run, publish, carry_forward and the reserve grants of the same year take it, so that they happen one after the other; a change of the exercise''s parameters waits for them too. Only a role that may update cop_alloc.exercise (finance, through the functions) can take it: unlike an advisory lock key, no other role can hold it to block them.';
REVOKE EXECUTE ON FUNCTION cop_alloc.lock_year(int) FROM PUBLIC;

CREATE OR REPLACE FUNCTION cop_alloc.lock_exercise(year int, what text) RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF $1 IS NULL THEN
        RAISE EXCEPTION 'the year % must not be null', $2
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM cop_alloc.require_exercise($1);
    PERFORM cop_alloc.lock_year($1);
END
$$;
COMMENT ON FUNCTION cop_alloc.lock_exercise(int, text) IS
    'For the functions that write a step of an exercise (run, carry_forward): refuses a NULL year (the message says "the year <what> must not be null") and an exercise that does not exist, then locks the year (lock_year).';

CREATE OR REPLACE FUNCTION cop_alloc.notify(event text, payload jsonb) RETURNS void
LANGUAGE sql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.pg_notify('cop_alloc',
               (pg_catalog.jsonb_build_object('event', notify.event) OPERATOR(pg_catalog.||) notify.payload)::text)
$$;
COMMENT ON FUNCTION cop_alloc.notify(text, jsonb) IS
    'Sends NOTIFY cop_alloc with the JSON object {"event": event} || payload, delivered when the transaction commits (LISTEN cop_alloc). Events: run, publication, job.';

-- Append-only (30_append_only.sql): runs and publications are never
-- updated, deleted or truncated.
SELECT cop_alloc.make_append_only(t,
           'Runs record what was computed, from which inputs, and what was published; they are kept for good.',
           'Make a new run instead; publish it with a supersede_reason to replace a publication.')
  FROM unnest(ARRAY['cop_alloc.run', 'cop_alloc.run_line', 'cop_alloc.run_input_set']::regclass[]) t;
SELECT cop_alloc.make_append_only('cop_alloc.input_document',
           'The inputs runs read are kept for good, each under the SHA-256 that names it.',
           'Make a new run instead: it stores the inputs that changed as new documents.');
SELECT cop_alloc.make_append_only('cop_alloc.publication',
           'Each publication is the record of a distribution made enforceable.',
           'Publish another run with a supersede_reason to replace it; the reason is kept.');

-- -------------------------------------------------------------------
-- The inputs of a run and their fingerprint
--
-- A run's inputs are a few rows per exercise and ONE row per chamber
-- (kind chamber_inputs): its association, its exercise_chamber row when it
-- is a recipient, and all its COM targets and results of the results year
-- as JSON objects keyed by indicator.  Each row is stored once, as a
-- document named by the SHA-256 of its line (input_document), and each run
-- lists the documents it read (run_input_set); the view run_input gives
-- them per run.  Runs made by 0.1.0 read one row per table row instead
-- (kinds chamber, exercise_chamber, com_target, indicator_result);
-- input_rows() expands a chamber_inputs row into exactly those rows, so
-- that both read alike (run_inputs, run_input_detail).
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.exercise_input(year int) RETURNS jsonb
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT jsonb_build_object('year', e.year,
                              'tax_product', trim_scale(e.tax_product),
                              'quote_part', trim_scale(e.quote_part),
                              'quote_part_min', trim_scale(e.quote_part_min),
                              'operating_pct', trim_scale(e.operating_pct),
                              'minister_authorized', e.minister_authorized,
                              'performance_decided', e.performance_decided,
                              'results_year', coalesce(e.results_year, e.year - 1),
                              'tolerance', trim_scale(e.tolerance),
                              'missing_result', e.missing_result,
                              'max_decrease_pct', trim_scale(e.max_decrease_pct),
                              'max_increase_pct', trim_scale(e.max_increase_pct))
      FROM cop_alloc.exercise e WHERE e.year = exercise_input.year
$$;
COMMENT ON FUNCTION cop_alloc.exercise_input(int) IS
    'The exercise''s parameters as a run records them (input row of kind exercise): numbers without trailing zeros, results_year resolved. NULL when the exercise does not exist.';

CREATE OR REPLACE FUNCTION cop_alloc.input_record(year int)
RETURNS TABLE (kind text, key text, value jsonb)
AS 'MODULE_PATHNAME', 'cop_alloc_input_record'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.input_record(int) IS
    'Every input of an exercise as run(year) records it in run_input: the exercise''s parameters (kind exercise, exercise_input), its axes (exercise_axis), the indicators its members have targets on, as in force in the results year (indicator), and one row per member chamber (chamber_inputs, key ["code"]): {"parent_code", "exercise_chamber" (a recipient''s row, with its modulation where one is set), "com_target" {indicator: target}, "indicator_result" {indicator: realized, or null for a NULL result}} of the results year; a recipient that is no member (its association broken) has its exercise_chamber only. Numbers lose trailing zeros. The targets and results are read by one plain scan of each table. No rows when the exercise does not exist. run_inputs(year) gives the same inputs one row per table row.';

CREATE OR REPLACE FUNCTION cop_alloc.input_rows(row_kind text, row_key text, row_value jsonb)
RETURNS TABLE (kind text, key text, value jsonb)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT row_kind, row_key, row_value WHERE row_kind <> 'chamber_inputs'
    UNION ALL
    SELECT 'chamber', row_key, jsonb_build_object('parent_code', row_value -> 'parent_code')
     WHERE row_kind = 'chamber_inputs' AND row_value ? 'parent_code'
    UNION ALL
    SELECT 'exercise_chamber', row_key, row_value -> 'exercise_chamber'
     WHERE row_kind = 'chamber_inputs' AND row_value ? 'exercise_chamber'
    UNION ALL
    SELECT 'com_target', jsonb_build_array(row_key::jsonb ->> 0, t.key)::text, jsonb_build_object('target', t.value)
      FROM jsonb_each(row_value -> 'com_target') t
     WHERE row_kind = 'chamber_inputs'
    UNION ALL
    SELECT 'indicator_result', jsonb_build_array(row_key::jsonb ->> 0, r.key)::text, jsonb_build_object('realized', r.value)
      FROM jsonb_each(row_value -> 'indicator_result') r
     WHERE row_kind = 'chamber_inputs'
$$;
COMMENT ON FUNCTION cop_alloc.input_rows(text, text, jsonb) IS
    'One input row as one row per table row: a chamber_inputs row becomes its rows chamber (parent_code), exercise_chamber (for a recipient), com_target ({"target"}, key ["chamber", "indicator"]) and indicator_result ({"realized"}); any other row is returned as it is. These are the rows runs made by 0.1.0 stored.';

CREATE OR REPLACE FUNCTION cop_alloc.run_inputs(year int, member_rows boolean DEFAULT true)
RETURNS TABLE (kind text, key text, value jsonb)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT x.kind, x.key, x.value
      FROM cop_alloc.input_record(run_inputs.year) i
     CROSS JOIN LATERAL cop_alloc.input_rows(i.kind, i.key, i.value) x
     WHERE run_inputs.member_rows OR x.kind NOT IN ('com_target', 'indicator_result')
$$;
COMMENT ON FUNCTION cop_alloc.run_inputs(int, boolean) IS
    'Every input the engine uses for an exercise, one row per table row (input_record(year) expanded by input_rows): the exercise''s parameters, its axes and recipients (with their modulation where one is set), the members and their associations, the indicators targeted (their definition in force for the results year), and (unless member_rows is false) the targets and results of the results year for the members. Keys are JSON arrays of codes; numbers lose trailing zeros. These are the rows 0.1.0 stored and hashed (fingerprint(year, 1)).';

CREATE OR REPLACE FUNCTION cop_alloc.inputs_sha256_step(internal, int, text, text, jsonb) RETURNS internal
AS 'MODULE_PATHNAME', 'cop_alloc_inputs_sha256_step'
LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.inputs_sha256_step(internal, int, text, text, jsonb) IS
    'Transition function of the aggregate inputs_sha256.';
CREATE OR REPLACE FUNCTION cop_alloc.inputs_sha256_final(internal) RETURNS text
AS 'MODULE_PATHNAME', 'cop_alloc_inputs_sha256_final'
LANGUAGE C PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.inputs_sha256_final(internal) IS
    'Final function of the aggregate inputs_sha256.';
CREATE OR REPLACE AGGREGATE cop_alloc.inputs_sha256(format int, kind text, key text, value jsonb) (
    SFUNC = cop_alloc.inputs_sha256_step,
    STYPE = internal,
    FINALFUNC = cop_alloc.inputs_sha256_final,
    FINALFUNC_MODIFY = READ_WRITE,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cop_alloc.inputs_sha256(int, text, text, jsonb) IS
    'The fingerprint of input rows, each the line kind TAB key TAB value (jsonb text), the rows sorted by kind then key in byte order: in format 2, the SHA-256 (hex) of the bytes ''cop_alloc inputs v2'' followed by each row''s own SHA-256 (32 bytes: its document''s digest in input_document); in format 1, the SHA-256 (hex) of the text of the line ''cop_alloc inputs v1'' followed by the rows'' lines, lines separated by newlines. Computed incrementally, without building the text. The rows must come in that order (ORDER BY kind COLLATE "C", key COLLATE "C", or straight from input_record(year), which gives them so): a row out of order or a key given twice raises an error. NULL over no rows. Format 1: the rows of run_inputs(year) (what 0.1.0 hashed); format 2: the rows of input_record(year).';

CREATE OR REPLACE FUNCTION cop_alloc.record_fingerprint(year int) RETURNS text
AS 'MODULE_PATHNAME', 'cop_alloc_record_fingerprint'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.record_fingerprint(int) IS
    'The fingerprint of input_record(year) (inputs_sha256, format 2), from the text of its rows, without making them jsonb: what fingerprint(year) gives. NULL when the exercise does not exist.';

CREATE OR REPLACE FUNCTION cop_alloc.fingerprint(year int, format int) RETURNS text
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF format NOT IN (1, 2) THEN
        RAISE EXCEPTION 'unknown input format %', format
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Format 1 is what runs made by 0.1.0 recorded, format 2 what later runs record (fingerprint_format).';
    END IF;
    IF format = 1 THEN
        RETURN (SELECT cop_alloc.inputs_sha256(1, i.kind, i.key, i.value ORDER BY i.kind COLLATE "C", i.key COLLATE "C")
                  FROM cop_alloc.run_inputs(fingerprint.year) i);
    END IF;
    RETURN cop_alloc.record_fingerprint(fingerprint.year);
END
$$;
COMMENT ON FUNCTION cop_alloc.fingerprint(int, int) IS
    'The fingerprint of the current inputs of exercise year in a given format (inputs_sha256): 2, the format of the runs made since 0.2.0, hashes input_record(year) (record_fingerprint); 1, the format of the runs made by 0.1.0, hashes run_inputs(year), one row per table row, and gives the value 0.1.0 recorded for the same inputs. NULL when the exercise does not exist.';

CREATE OR REPLACE FUNCTION cop_alloc.fingerprint(year int) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.fingerprint(fingerprint.year, 2)
$$;
COMMENT ON FUNCTION cop_alloc.fingerprint(int) IS
    'sha256 (hex) of the inputs of exercise year as a run made now records them (fingerprint(year, 2)): identical inputs give the identical fingerprint, whatever the order the rows were inserted in. NULL when the exercise does not exist.';

CREATE OR REPLACE FUNCTION cop_alloc.fingerprint_format(engine_version text) RETURNS int
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN engine_version = '0.1.0' THEN 1 ELSE 2 END
$$;
COMMENT ON FUNCTION cop_alloc.fingerprint_format(text) IS
    'The format of the inputs and fingerprint of a run made by that version of cop_alloc: 1 for 0.1.0 (one run_input row per table row), 2 since (one row per chamber).';

CREATE OR REPLACE FUNCTION cop_alloc.current_fingerprint(run_id bigint) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.fingerprint(r.year, cop_alloc.fingerprint_format(r.engine_version))
      FROM cop_alloc.run r WHERE r.run_id = current_fingerprint.run_id
$$;
COMMENT ON FUNCTION cop_alloc.current_fingerprint(bigint) IS
    'The fingerprint of the current inputs of the run''s year, in the run''s format: equal to the run''s fingerprint while its inputs have not changed. NULL when the run or its exercise does not exist.';

CREATE OR REPLACE FUNCTION cop_alloc.verify_run(run_id bigint) RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (SELECT cop_alloc.inputs_sha256(cop_alloc.fingerprint_format(r.engine_version), i.kind, i.key, i.value
                                           ORDER BY i.kind COLLATE "C", i.key COLLATE "C")
              FROM cop_alloc.run_input i WHERE i.run_id = r.run_id) = r.fingerprint
           -- every document it lists is there, under the SHA-256 of its line
           AND (SELECT pg_catalog.bool_and(d.digest IS NOT NULL
                                           AND sha256(convert_to(d.kind || E'\t' || d.key || E'\t' || d.value, 'UTF8')) = u.digest)
                  FROM cop_alloc.run_input_set s
                 CROSS JOIN LATERAL unnest(s.digests) u(digest)
                  LEFT JOIN cop_alloc.input_document d ON d.digest = u.digest
                 WHERE s.run_id = r.run_id)
      FROM cop_alloc.run r WHERE r.run_id = verify_run.run_id
$$;
COMMENT ON FUNCTION cop_alloc.verify_run(bigint) IS
    'For auditors: true when the inputs stored with the run (run_input) still hash to its recorded fingerprint and each of its input documents to its digest, false when they do not; NULL when the run does not exist or the caller does not see its inputs (input documents are readable only by roles that see every chamber).';

-- The inputs of every run, one row per input row, as the table run_input
-- of 0.1.0 had them: the documents each run lists.  Under the row-level
-- security of input_document and run_input_set (security_invoker).
CREATE OR REPLACE VIEW cop_alloc.run_input WITH (security_invoker = true) AS
SELECT s.run_id, d.kind, d.key, d.value::jsonb AS value
  FROM cop_alloc.run_input_set s
 CROSS JOIN LATERAL unnest(s.digests) u(digest)
  JOIN cop_alloc.input_document d ON d.digest = u.digest;
COMMENT ON VIEW cop_alloc.run_input IS
    'The inputs a run used, in canonical form, one row per input row: input_record(year) for runs made since 0.2.0 (one row per chamber), run_inputs(year) for runs made by 0.1.0 (one row per table row); run_input_detail reads both one row per table row. The run''s fingerprint is the inputs_sha256 of these rows. Each row is stored once, in input_document, whichever runs read it; run_input_set lists a run''s. Readable only by roles that see every chamber.';
COMMENT ON COLUMN cop_alloc.run_input.run_id IS 'The run.';
COMMENT ON COLUMN cop_alloc.run_input.kind IS 'exercise, exercise_axis, indicator or chamber_inputs (one per chamber: its association, exercise_chamber row, COM targets and results); in runs made by 0.1.0 chamber, exercise_chamber, com_target and indicator_result rows instead of chamber_inputs.';
COMMENT ON COLUMN cop_alloc.run_input.key IS 'The row''s key as a JSON array of codes, e.g. ["NORD"], or ["NORD", "I1"] in runs made by 0.1.0.';
COMMENT ON COLUMN cop_alloc.run_input.value IS 'The row''s values used, numbers without trailing zeros.';

CREATE OR REPLACE VIEW cop_alloc.run_input_detail WITH (security_invoker = true) AS
SELECT i.run_id, x.kind, x.key, x.value
  FROM cop_alloc.run_input i
 CROSS JOIN LATERAL cop_alloc.input_rows(i.kind, i.key, i.value) x;
COMMENT ON VIEW cop_alloc.run_input_detail IS
    'The inputs of every run one row per table row, whichever format the run stored them in (input_rows): what diff_runs and published_indicator read. Under run_input''s row-level security.';
COMMENT ON COLUMN cop_alloc.run_input_detail.run_id IS 'The run.';
COMMENT ON COLUMN cop_alloc.run_input_detail.kind IS 'exercise, exercise_axis, exercise_chamber, chamber, indicator, com_target or indicator_result.';
COMMENT ON COLUMN cop_alloc.run_input_detail.key IS 'The row''s key as a JSON array, e.g. ["NORD","I1"].';
COMMENT ON COLUMN cop_alloc.run_input_detail.value IS 'The row''s values used, numbers without trailing zeros.';

CREATE OR REPLACE FUNCTION cop_alloc.run_parameters(year int) RETURNS jsonb
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.exercise_input(run_parameters.year)
           || jsonb_build_object('axis_weights',
                  coalesce((SELECT jsonb_object_agg(a.axis_no::text, trim_scale(a.weight))
                              FROM cop_alloc.exercise_axis a WHERE a.year = run_parameters.year), '{}'))
$$;
COMMENT ON FUNCTION cop_alloc.run_parameters(int) IS
    'The parameters of an exercise as a run stores them: the exercise row (exercise_input: results_year resolved) and axis_weights {"axis_no": weight}.';

-- One computation of an exercise, as run(), explain() and run_lines_live()
-- read it: the summary, the chamber lines and their axis lines.
CREATE OR REPLACE FUNCTION cop_alloc.engine_lines(year int)
RETURNS TABLE (line text, chamber_code text,
               operating_key_source text, operating_key numeric, performance_key numeric,
               previous_operating numeric, operating_before numeric,
               lower_bound numeric, lower_source text, upper_bound numeric, upper_source text, binding text,
               operating numeric, performance_envelope numeric, deduction numeric, performance numeric,
               total numeric, modulation numeric,
               tax_product numeric, quote_part numeric, distributable numeric, operating_part numeric,
               performance_part numeric, allocated numeric, reserve numeric, axes cop_alloc.axis_line[])
AS 'MODULE_PATHNAME', 'cop_alloc_engine_lines'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.engine_lines(int) IS
    'Everything one computation of an exercise gives, from one read of its tables: a line ''summary'' (tax_product to reserve, as summary(year)); a line ''chamber'' per recipient in code order (as allocate(year) and allocation_bounds(year), with operating_key_source, the tunnel base previous_operating and operating_before, the plain apportion(O, operating keys), and axes: its axis lines in axis order as run_line.axes stores them, the rows of axis_deductions(year) with the exercise''s axis weights without trailing zeros). Columns that do not apply to a line are NULL.';

-- What run() stores, from one read of the tables: engine_lines and the
-- record of the inputs that read saw.  It writes input_document: run()
-- alone calls it, as the extension's owner.
CREATE OR REPLACE FUNCTION cop_alloc.run_lines(year int)
RETURNS TABLE (line text, chamber_code text,
               operating_key_source text, operating_key numeric, performance_key numeric,
               previous_operating numeric, operating_before numeric,
               lower_bound numeric, lower_source text, upper_bound numeric, upper_source text, binding text,
               operating numeric, performance_envelope numeric, deduction numeric, performance numeric,
               total numeric, modulation numeric,
               tax_product numeric, quote_part numeric, distributable numeric, operating_part numeric,
               performance_part numeric, allocated numeric, reserve numeric, axes cop_alloc.axis_line[],
               fingerprint text, input_digests bytea[])
AS 'MODULE_PATHNAME', 'cop_alloc_run_lines'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;
REVOKE EXECUTE ON FUNCTION cop_alloc.run_lines(int) FROM PUBLIC;
COMMENT ON FUNCTION cop_alloc.run_lines(int) IS
    'For run(year) only: the lines of engine_lines(year), from the same read of the tables as the record of the inputs it saw (input_record(year)): it stores in input_document each of their documents that neither the latest run of the year read nor an earlier run stored, and gives on the summary line their fingerprint (fingerprint(year)) and input_digests, the digests of all of them in canonical order (what run_input_set keeps).';

-- the chamber lines as run_line rows without a run_id: what run() stores
-- and what explain() shows before a run
CREATE OR REPLACE FUNCTION cop_alloc.run_lines_live(year int) RETURNS SETOF cop_alloc.run_line
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT NULL::bigint, e.chamber_code, e.operating_key_source, e.operating_key, e.performance_key,
           e.previous_operating, e.operating_before, e.lower_bound, e.lower_source, e.upper_bound,
           e.upper_source, e.binding, e.operating, e.performance_envelope, e.deduction, e.performance, e.total, e.axes
      FROM cop_alloc.engine_lines(run_lines_live.year) e
     WHERE e.line = 'chamber'
$$;
COMMENT ON FUNCTION cop_alloc.run_lines_live(int) IS
    'The lines run(year) would store now (run_id NULL), in code order: the chamber lines of engine_lines(year).';

-- The axis lines of runs one row each, as the table run_axis of 0.1.0 had
-- them: they are stored in their chamber line (run_line.axes).  Under
-- run_line's row-level security (security_invoker).
CREATE OR REPLACE VIEW cop_alloc.run_axis WITH (security_invoker = true) AS
SELECT l.run_id, l.chamber_code, a.axis_no, a.weight, a.stake, a.achievement, a.deduction
  FROM cop_alloc.run_line l
 CROSS JOIN LATERAL pg_catalog.unnest(l.axes) a;
COMMENT ON VIEW cop_alloc.run_axis IS
    'The axis lines of every run one row each (axis_deductions(year) when the run was made), read from their chamber lines (run_line.axes): a chamber reads those run_line lets it read.';
COMMENT ON COLUMN cop_alloc.run_axis.run_id IS 'The run.';
COMMENT ON COLUMN cop_alloc.run_axis.chamber_code IS 'The recipient chamber.';
COMMENT ON COLUMN cop_alloc.run_axis.axis_no IS 'The axis.';
COMMENT ON COLUMN cop_alloc.run_axis.weight IS 'The axis weight of the exercise.';
COMMENT ON COLUMN cop_alloc.run_axis.stake IS 'Share of the envelope staked on the axis, euros.';
COMMENT ON COLUMN cop_alloc.run_axis.achievement IS 'Consolidated achievement of the axis, 6 decimals.';
COMMENT ON COLUMN cop_alloc.run_axis.deduction IS 'Deduction on the axis, euros, paid into the national-projects reserve.';

-- -------------------------------------------------------------------
-- run(year, note)
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.run(year int, note text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    y int := $1;
    why text := $2;
    new_id bigint;
BEGIN
    PERFORM cop_alloc.require_party('finance');
    PERFORM cop_alloc.lock_exercise(y, 'of a run');
    -- the problems check_exercise finds in the tables; what else the engine
    -- refuses, it raises itself below.  Whether each recipient has a
    -- positive target to be measured on, the engine checks on the targets it
    -- reads (run_lines), and it has the tables checked in full when one has none
    PERFORM cop_alloc.require_checked(y, measured_by_engine => true);
    -- above one half, only with the minister's express authorisation (R312-2 1°)
    PERFORM cop_alloc.check_authorisation(y);
    -- One statement, hence one snapshot and one read of the tables: the
    -- inputs recorded and hashed, the lines and the summary all come from
    -- the same state of the tables (run_lines).  Each input document is
    -- stored once: run_lines adds those no run stored before.
    WITH e AS MATERIALIZED (SELECT * FROM cop_alloc.run_lines(y)),
    s AS (SELECT * FROM e WHERE e.line = 'summary'),
    lines AS (SELECT * FROM e WHERE e.line = 'chamber'),
    r AS (
        INSERT INTO cop_alloc.run AS nr (year, results_year, fingerprint, parameters, tax_product, quote_part,
                                         distributable, operating_part, performance_part, allocated, reserve,
                                         previous_run_id, note, engine_version)
        SELECT y, (p.parameters ->> 'results_year')::int, s.fingerprint,
               p.parameters, s.tax_product, s.quote_part, s.distributable, s.operating_part,
               s.performance_part, s.allocated, s.reserve,
               (SELECT p.run_id FROM cop_alloc.current_publication p WHERE p.year = y - 1),
               why,
               (SELECT x.extversion FROM pg_catalog.pg_extension x WHERE x.extname = 'cop_alloc')
          FROM s, cop_alloc.run_parameters(y) p (parameters)
        RETURNING nr.run_id),
    i AS (
        INSERT INTO cop_alloc.run_input_set (run_id, digests)
        SELECT r.run_id, s.input_digests FROM r, s),
    l AS (
        INSERT INTO cop_alloc.run_line
        SELECT r.run_id, lines.chamber_code, lines.operating_key_source, lines.operating_key,
               lines.performance_key, lines.previous_operating, lines.operating_before,
               lines.lower_bound, lines.lower_source, lines.upper_bound, lines.upper_source,
               lines.binding, lines.operating, lines.performance_envelope, lines.deduction,
               lines.performance, lines.total, lines.axes
          FROM r, lines),
    src AS (
        INSERT INTO cop_alloc.run_source (run_id, parameter, kind, reference, act_on)
        SELECT r.run_id, x.parameter, x.kind, x.reference, x.act_on
          FROM r, cop_alloc.run_sources_live(y) x)
    SELECT r.run_id INTO new_id FROM r;
    PERFORM cop_alloc.notify('run', jsonb_build_object('year', y, 'run_id', new_id));
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cop_alloc.run(int, text) IS
    'Computes exercise year with the engine and stores the run: fingerprint and parameters (run), every chamber line with its axis lines (run_line; run_axis reads the axis lines one row each), its inputs (input_record(year), one row per chamber: the documents no run read before in input_document, the list of all in run_input_set, read in run_input), parameter source (run_source), who ran it and when. Refused while check_exercise(year) lists an error: the problems it finds in the tables are raised first (require_checked), any other refusal of the engine as the engine raises it. Refuses an operating percentage above 0.50 without the minister''s express authorisation covering it (check_authorisation). Takes the year''s lock (lock_year). Returns the run_id.';

CREATE OR REPLACE FUNCTION cop_alloc.run_if_changed(year int, note text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    y int := $1;
    rid bigint;
BEGIN
    PERFORM cop_alloc.require_party('finance');
    PERFORM cop_alloc.lock_year(y);
    PERFORM cop_alloc.require_checked(y);
    SELECT r.run_id INTO rid
      FROM cop_alloc.run r
     WHERE r.year = y
       AND r.fingerprint = cop_alloc.fingerprint(y)
       AND r.engine_version = (SELECT x.extversion FROM pg_catalog.pg_extension x WHERE x.extname = 'cop_alloc')
     ORDER BY r.run_id DESC
     LIMIT 1;
    IF rid IS NOT NULL THEN
        RAISE NOTICE 'run % of exercise % has the current inputs: no new run', rid, y;
        RETURN rid;
    END IF;
    RETURN cop_alloc.run(y, $2);
END
$$;
COMMENT ON FUNCTION cop_alloc.run_if_changed(int, text) IS
    'For scheduled jobs: the latest run of the year made by this engine version from the current inputs (same fingerprint), or a new run when there is none; refused while check_exercise(year) lists an error. Idempotent.';

-- -------------------------------------------------------------------
-- diff_runs(a, b): which inputs and which amounts changed
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.diff_runs(a bigint, b bigint)
RETURNS TABLE (section text, item text, key text, field text, value_a text, value_b text)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    ra bigint := $1;
    rb bigint := $2;
    missing bigint;
BEGIN
    SELECT x.id INTO missing FROM unnest(ARRAY[ra, rb]) AS x (id)
     WHERE NOT EXISTS (SELECT FROM cop_alloc.run r WHERE r.run_id = x.id) LIMIT 1;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'run % does not exist', missing USING ERRCODE = 'no_data_found';
    END IF;
    RETURN QUERY
    WITH docs AS (
        SELECT 'input'::text AS section, i.kind AS item, i.key, i.run_id, i.value AS doc
          FROM cop_alloc.run_input_detail i WHERE i.run_id IN (ra, rb)
        UNION ALL
        SELECT 'amount', 'summary', '[]', r.run_id,
               jsonb_build_object('tax_product', r.tax_product, 'quote_part', r.quote_part,
                                  'distributable', r.distributable, 'operating_part', r.operating_part,
                                  'performance_part', r.performance_part, 'allocated', r.allocated,
                                  'reserve', r.reserve)
          FROM cop_alloc.run r WHERE r.run_id IN (ra, rb)
        UNION ALL
        SELECT 'amount', 'chamber', jsonb_build_array(l.chamber_code)::text, l.run_id,
               to_jsonb(l) - 'run_id' - 'chamber_code' - 'axes'
          FROM cop_alloc.run_line l WHERE l.run_id IN (ra, rb)
        UNION ALL
        SELECT 'amount', 'axis', jsonb_build_array(x.chamber_code, x.axis_no)::text, x.run_id,
               to_jsonb(x) - 'run_id' - 'chamber_code' - 'axis_no'
          FROM cop_alloc.run_axis x WHERE x.run_id IN (ra, rb)),
    pairs AS (
        SELECT coalesce(da.section, db.section) AS section, coalesce(da.item, db.item) AS item,
               coalesce(da.key, db.key) AS key, da.doc AS doc_a, db.doc AS doc_b
          FROM (SELECT * FROM docs WHERE docs.run_id = ra) da
          FULL JOIN (SELECT * FROM docs WHERE docs.run_id = rb) db
            ON da.section = db.section AND da.item = db.item AND da.key = db.key
         WHERE da.doc IS DISTINCT FROM db.doc),
    diffs AS (
        SELECT p.section, p.item, p.key, NULL::text AS field, p.doc_a::text AS value_a, p.doc_b::text AS value_b
          FROM pairs p WHERE p.doc_a IS NULL OR p.doc_b IS NULL
        UNION ALL
        SELECT p.section, p.item, p.key, f.field, f.value_a, f.value_b
          FROM pairs p
          CROSS JOIN LATERAL (
              SELECT coalesce(fa.key, fb.key) AS field, fa.value #>> '{}' AS value_a, fb.value #>> '{}' AS value_b
                FROM jsonb_each(p.doc_a) fa
                FULL JOIN jsonb_each(p.doc_b) fb ON fa.key = fb.key
               WHERE fa.value IS DISTINCT FROM fb.value) f
         WHERE p.doc_a IS NOT NULL AND p.doc_b IS NOT NULL)
    SELECT d.section, d.item, d.key, d.field, d.value_a, d.value_b
      FROM diffs d
     ORDER BY d.section DESC, d.item COLLATE "C", d.key COLLATE "C", d.field COLLATE "C";
END
$$;
COMMENT ON FUNCTION cop_alloc.diff_runs(bigint, bigint) IS
    'What differs between two runs: section input (item = the input table, key = the row''s key) or amount (item summary, chamber or axis), one row per field that changed, with its value in run a and in run b; a row present in one run only has field NULL and the whole row as JSON. No rows: same inputs and same amounts.';
