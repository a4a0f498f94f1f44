-- ===================================================================
-- An exercise: the tax product of year N and its parameters
-- ===================================================================

CREATE TABLE cop_alloc.exercise (
    year                int PRIMARY KEY
                        CONSTRAINT exercise_year_plausible CHECK (year BETWEEN 1900 AND 2999),
    tax_product         cop_alloc.amount NOT NULL,
    quote_part          cop_alloc.amount NOT NULL,
    quote_part_min      cop_alloc.amount NULL,
    operating_pct       cop_alloc.ratio NOT NULL,
    minister_authorized boolean NOT NULL DEFAULT false,
    performance_decided boolean NOT NULL DEFAULT true,
    results_year        int NULL
                        CONSTRAINT results_year_plausible CHECK (results_year BETWEEN 1900 AND 2999),
    tolerance           cop_alloc.ratio NOT NULL DEFAULT 0,
    missing_result      cop_alloc.missing_policy NOT NULL DEFAULT 'error',
    max_decrease_pct    cop_alloc.ratio NULL,
    max_increase_pct    cop_alloc.growth NULL,
    note                text NULL,
    CONSTRAINT quote_part_within_tax_product CHECK (quote_part <= tax_product),
    CONSTRAINT quote_part_not_below_minimum CHECK (quote_part_min IS NULL OR quote_part >= quote_part_min),
    CONSTRAINT operating_pct_within_0_75 CHECK (operating_pct <= 0.75),
    CONSTRAINT operating_pct_above_0_50_needs_authorisation CHECK (operating_pct <= 0.5 OR minister_authorized)
);
COMMENT ON TABLE cop_alloc.exercise IS
    'One yearly distribution of the TFCMA (R312-2): the tax product received by CMA France and the parameters decided for it.';
COMMENT ON COLUMN cop_alloc.exercise.year IS 'The exercise (year N of the tax).';
COMMENT ON COLUMN cop_alloc.exercise.tax_product IS 'P: the TFCMA product received by CMA France, euros.';
COMMENT ON COLUMN cop_alloc.exercise.quote_part IS 'Q: the quote-part CMA France keeps (L312-2), euros.';
COMMENT ON COLUMN cop_alloc.exercise.quote_part_min IS 'The ministerial minimum of the quote-part, when one is set.';
COMMENT ON COLUMN cop_alloc.exercise.operating_pct IS
    'f: share of the distributable amount paid as operating part (R312-2 1°): at most 0.50, or 0.75 with the minister''s express authorisation.';
COMMENT ON COLUMN cop_alloc.exercise.minister_authorized IS 'The minister expressly authorised an operating share above 0.50.';
COMMENT ON COLUMN cop_alloc.exercise.performance_decided IS
    'The general assembly decided the modalities of the performance part; if not, only the operating part is distributed (R312-2, last paragraph).';
COMMENT ON COLUMN cop_alloc.exercise.results_year IS 'Year whose results condition this exercise; NULL means year - 1.';
COMMENT ON COLUMN cop_alloc.exercise.tolerance IS 'An axis achievement within this distance of 1 counts as 1 (default 0).';
COMMENT ON COLUMN cop_alloc.exercise.missing_result IS 'Policy for a target without a result: error (default), zero or exclude.';
COMMENT ON COLUMN cop_alloc.exercise.max_decrease_pct IS 'Equalisation tunnel: largest decrease of a chamber''s operating part from previous_operating.';
COMMENT ON COLUMN cop_alloc.exercise.max_increase_pct IS 'Equalisation tunnel: largest increase of a chamber''s operating part from previous_operating.';
COMMENT ON COLUMN cop_alloc.exercise.note IS 'Free text: the deliberation or decision the parameters come from.';

CREATE TABLE cop_alloc.exercise_axis (
    year    int NOT NULL REFERENCES cop_alloc.exercise (year) ON UPDATE CASCADE ON DELETE CASCADE,
    axis_no int NOT NULL REFERENCES cop_alloc.axis (axis_no),
    weight  cop_alloc.ratio NOT NULL,
    PRIMARY KEY (year, axis_no)
);
COMMENT ON TABLE cop_alloc.exercise_axis IS 'The axes of an exercise and their weights in the performance part; the weights must add up to exactly 1.';
COMMENT ON COLUMN cop_alloc.exercise_axis.year IS 'The exercise.';
COMMENT ON COLUMN cop_alloc.exercise_axis.axis_no IS 'The axis.';
COMMENT ON COLUMN cop_alloc.exercise_axis.weight IS 'Share of each envelope staked on the axis (COP 2023: 0.20, 0.20, 0.25, 0.10, 0.15, 0.10).';

CREATE TABLE cop_alloc.exercise_chamber (
    year               int NOT NULL REFERENCES cop_alloc.exercise (year) ON UPDATE CASCADE ON DELETE CASCADE,
    chamber_code       text NOT NULL REFERENCES cop_alloc.chamber (code) ON UPDATE CASCADE,
    assujettis         bigint NULL
                       CONSTRAINT assujettis_in_range CHECK (assujettis BETWEEN 0 AND 1000000000000),
    operating_weight   cop_alloc.quantity NULL,
    performance_weight cop_alloc.quantity NULL,
    floor_amount       cop_alloc.amount NULL,
    ceiling_amount     cop_alloc.amount NULL,
    previous_operating cop_alloc.amount NULL,
    modulation_pct     cop_alloc.ratio NULL,
    modulation_motive  text NULL,
    PRIMARY KEY (year, chamber_code),
    CONSTRAINT operating_key_required CHECK (assujettis IS NOT NULL OR operating_weight IS NOT NULL),
    CONSTRAINT floor_not_above_ceiling CHECK (floor_amount <= ceiling_amount),
    CONSTRAINT modulation_needs_motive CHECK (
        modulation_pct IS NULL OR modulation_pct OPERATOR(pg_catalog.=) 0::numeric
        OR (modulation_motive IS NOT NULL
            AND pg_catalog.length(pg_catalog.btrim(modulation_motive, E' \t\n\r\f\013')) OPERATOR(pg_catalog.>) 0))
);
COMMENT ON TABLE cop_alloc.exercise_chamber IS
    'The recipients of an exercise: one row per regional chamber, with its keys and equalisation bounds. Associated chambers are refused.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.year IS 'The exercise.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.chamber_code IS 'The recipient chamber.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.assujettis IS 'Number of taxpayers at the start of the exercise: the default operating key.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.operating_weight IS 'Operating key when set, instead of assujettis.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.performance_weight IS 'Performance key when set, instead of the operating key.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.floor_amount IS 'Equalisation: the least operating part the chamber receives, euros.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.ceiling_amount IS 'Equalisation: the most operating part the chamber receives, euros.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.previous_operating IS 'Last year''s operating part, euros: the base of the tunnel.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.modulation_pct IS
    'Modulation for non-respect of the COP and the COM (decree art. 17-1 I 2°, L312-2): the share of the chamber''s performance part, after deductions, that the general assembly withholds for the national-projects reserve; NULL: none.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.modulation_motive IS
    'Why the general assembly modulates the chamber''s performance part; required, not blank, when modulation_pct > 0.';

CREATE TABLE cop_alloc.com_target (
    year           int NOT NULL
                   CONSTRAINT com_target_year_plausible CHECK (year BETWEEN 1900 AND 2999),
    chamber_code   text NOT NULL REFERENCES cop_alloc.chamber (code) ON UPDATE CASCADE,
    indicator_code text NOT NULL REFERENCES cop_alloc.indicator (code) ON UPDATE CASCADE,
    target         cop_alloc.quantity NOT NULL,
    PRIMARY KEY (year, chamber_code, indicator_code)
);
COMMENT ON TABLE cop_alloc.com_target IS
    'Targets of each chamber''s objectives and means agreement (COM) for a results year; associated chambers have their own.';
COMMENT ON COLUMN cop_alloc.com_target.year IS 'The results year (an exercise reads year - 1 by default).';
COMMENT ON COLUMN cop_alloc.com_target.chamber_code IS 'The chamber, regional or associated.';
COMMENT ON COLUMN cop_alloc.com_target.indicator_code IS 'The indicator.';
COMMENT ON COLUMN cop_alloc.com_target.target IS 'The target; 0 makes the indicator not applicable unless a fellow member has one.';

CREATE TABLE cop_alloc.indicator_result (
    year           int NOT NULL
                   CONSTRAINT indicator_result_year_plausible CHECK (year BETWEEN 1900 AND 2999),
    chamber_code   text NOT NULL REFERENCES cop_alloc.chamber (code) ON UPDATE CASCADE,
    indicator_code text NOT NULL REFERENCES cop_alloc.indicator (code) ON UPDATE CASCADE,
    realized       cop_alloc.quantity NULL,
    PRIMARY KEY (year, chamber_code, indicator_code)
);
COMMENT ON TABLE cop_alloc.indicator_result IS 'What each chamber realized on each indicator in a results year.';
COMMENT ON COLUMN cop_alloc.indicator_result.year IS 'The results year.';
COMMENT ON COLUMN cop_alloc.indicator_result.chamber_code IS 'The chamber, regional or associated.';
COMMENT ON COLUMN cop_alloc.indicator_result.indicator_code IS 'The indicator.';
COMMENT ON COLUMN cop_alloc.indicator_result.realized IS 'The realized value; NULL counts as missing (see exercise.missing_result).';

-- User data survives pg_dump / pg_restore, the catalogue rows installed
-- from the COP text included, as edited (trigger catalogue_row_restore).
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.chamber', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.axis', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.objective', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.indicator', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.exercise', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.exercise_axis', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.exercise_chamber', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.com_target', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.indicator_result', '');
