-- -------------------------------------------------------------------
-- Runs: what was computed, from which inputs, by whom and when
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.run (
    run_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year             int NOT NULL,
    results_year     int NOT NULL,
    fingerprint      text NOT NULL CONSTRAINT fingerprint_is_sha256 CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
    parameters       jsonb NOT NULL,
    tax_product      numeric NOT NULL,
    quote_part       numeric NOT NULL,
    distributable    numeric NOT NULL,
    operating_part   numeric NOT NULL,
    performance_part numeric NOT NULL,
    allocated        numeric NOT NULL,
    reserve          numeric NOT NULL,
    previous_run_id  bigint NULL,
    note             text NULL,
    ran_by           text NOT NULL DEFAULT current_user,
    ran_at           timestamptz NOT NULL DEFAULT now(),
    engine_version   text NOT NULL,
    CONSTRAINT run_year_key UNIQUE (run_id, year)
);
COMMENT ON TABLE cop_alloc.run IS
    'One computation of an exercise by cop_alloc.run(year, note): its input fingerprint, parameters and summary; the lines are in run_line (their axis lines in run_line.axes, read in run_axis), the inputs in run_input. Append-only: no row is ever updated or deleted.';
COMMENT ON COLUMN cop_alloc.run.run_id IS 'Run number, in the order the runs were made.';
COMMENT ON COLUMN cop_alloc.run.year IS 'The exercise computed.';
COMMENT ON COLUMN cop_alloc.run.results_year IS 'The results year the achievements were measured on.';
COMMENT ON COLUMN cop_alloc.run.fingerprint IS
    'sha256 (hex) of the run''s inputs as stored in run_input, in the format of its version (inputs_sha256, fingerprint_format: 2 since 0.2.0, 1 for runs made by 0.1.0): identical inputs give the identical fingerprint, whatever the order the rows were inserted in; verify_run(run_id) checks it against the stored rows.';
COMMENT ON COLUMN cop_alloc.run.parameters IS 'The exercise''s parameters used (results_year resolved, axis weights under axis_weights).';
COMMENT ON COLUMN cop_alloc.run.tax_product IS 'P, euros.';
COMMENT ON COLUMN cop_alloc.run.quote_part IS 'Q, euros.';
COMMENT ON COLUMN cop_alloc.run.distributable IS 'D = P - Q, euros.';
COMMENT ON COLUMN cop_alloc.run.operating_part IS 'O, euros.';
COMMENT ON COLUMN cop_alloc.run.performance_part IS 'Pf = D - O, euros.';
COMMENT ON COLUMN cop_alloc.run.allocated IS 'Sum of the chambers'' totals, euros.';
COMMENT ON COLUMN cop_alloc.run.reserve IS 'National-projects reserve: the deductions, plus Pf when the performance part was not decided, euros.';
COMMENT ON COLUMN cop_alloc.run.previous_run_id IS 'The published run of year - 1 when this run was made: the reference of the evolution figures (explain). Runs made by 0.1.0 also took from it the tunnel bases left NULL.';
COMMENT ON COLUMN cop_alloc.run.note IS 'Free text given to run(year, note).';
COMMENT ON COLUMN cop_alloc.run.ran_by IS 'The role that made the run.';
COMMENT ON COLUMN cop_alloc.run.ran_at IS 'When the run was made (transaction start).';
COMMENT ON COLUMN cop_alloc.run.engine_version IS 'Version of the cop_alloc extension that computed it.';

CREATE TABLE cop_alloc.run_line (
    run_id               bigint NOT NULL REFERENCES cop_alloc.run (run_id),
    chamber_code         text NOT NULL,
    operating_key_source text NOT NULL CONSTRAINT operating_key_source_known
                         CHECK (operating_key_source IN ('assujettis', 'operating_weight')),
    operating_key        numeric NOT NULL,
    performance_key      numeric NOT NULL,
    previous_operating   numeric NULL,
    operating_before     numeric NOT NULL,
    lower_bound          numeric NULL,
    lower_source         text NULL,
    upper_bound          numeric NULL,
    upper_source         text NULL,
    binding              text NOT NULL,
    operating            numeric NOT NULL,
    performance_envelope numeric NOT NULL,
    deduction            numeric NOT NULL,
    performance          numeric NOT NULL,
    total                numeric NOT NULL,
    axes                 cop_alloc.axis_line[] NOT NULL,
    PRIMARY KEY (run_id, chamber_code)
);
COMMENT ON TABLE cop_alloc.run_line IS
    'The line of each recipient chamber in a run: keys, equalisation and the amounts of allocate(year), and its axis lines (axes). Append-only.';
COMMENT ON COLUMN cop_alloc.run_line.run_id IS 'The run.';
COMMENT ON COLUMN cop_alloc.run_line.chamber_code IS 'The recipient chamber (its code when the run was made).';
COMMENT ON COLUMN cop_alloc.run_line.operating_key_source IS 'assujettis, or operating_weight when the exercise set one.';
COMMENT ON COLUMN cop_alloc.run_line.operating_key IS 'The operating key used.';
COMMENT ON COLUMN cop_alloc.run_line.performance_key IS 'The performance key used.';
COMMENT ON COLUMN cop_alloc.run_line.previous_operating IS
    'Base of the tunnel: exercise_chamber.previous_operating (see carry_forward). In runs made by 0.1.0, when that was NULL, the operating part published for year - 1.';
COMMENT ON COLUMN cop_alloc.run_line.operating_before IS 'Operating part before equalisation: the plain apportion(O, operating keys), euros.';
COMMENT ON COLUMN cop_alloc.run_line.lower_bound IS 'Lower equalisation bound, euros (allocation_bounds).';
COMMENT ON COLUMN cop_alloc.run_line.lower_source IS 'floor or tunnel: where the lower bound comes from.';
COMMENT ON COLUMN cop_alloc.run_line.upper_bound IS 'Upper equalisation bound, euros.';
COMMENT ON COLUMN cop_alloc.run_line.upper_source IS 'ceiling or tunnel: where the upper bound comes from.';
COMMENT ON COLUMN cop_alloc.run_line.binding IS 'lower, upper or none: the bound that set the operating part.';
COMMENT ON COLUMN cop_alloc.run_line.operating IS 'Operating part after equalisation, euros.';
COMMENT ON COLUMN cop_alloc.run_line.performance_envelope IS 'Performance envelope, euros.';
COMMENT ON COLUMN cop_alloc.run_line.deduction IS 'Sum of the axis deductions, euros.';
COMMENT ON COLUMN cop_alloc.run_line.performance IS 'Performance part after deductions, euros.';
COMMENT ON COLUMN cop_alloc.run_line.total IS 'Operating plus performance part, euros.';
COMMENT ON COLUMN cop_alloc.run_line.axes IS
    'The chamber''s axis lines in axis order (axis_no, weight, stake, achievement, deduction): its rows of axis_deductions(year); read one row per axis in the view run_axis.';

-- User data survives pg_dump / pg_restore (rows and identity counters).
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.run', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.run_line', '');
