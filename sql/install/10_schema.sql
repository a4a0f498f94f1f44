-- ===================================================================
-- Types: exact decimals (spec section 2) and the enumerated choices
-- ===================================================================

CREATE DOMAIN cop_alloc.amount AS numeric
    CONSTRAINT amount_in_range CHECK (VALUE >= 0 AND VALUE <= 10000000000)
    CONSTRAINT amount_at_most_2_decimals CHECK (VALUE = round(VALUE, 2));
COMMENT ON DOMAIN cop_alloc.amount IS
    'Euros with at most 2 decimals, in [0, 10^10]; NaN, Infinity, negative or over-precise values are refused, never rounded.';

CREATE DOMAIN cop_alloc.ratio AS numeric
    CONSTRAINT ratio_in_range CHECK (VALUE >= 0 AND VALUE <= 1)
    CONSTRAINT ratio_at_most_6_decimals CHECK (VALUE = round(VALUE, 6));
COMMENT ON DOMAIN cop_alloc.ratio IS
    'A rate, percentage or weight in [0, 1] with at most 6 decimals (0.65 for 65 %).';

CREATE DOMAIN cop_alloc.growth AS numeric
    CONSTRAINT growth_in_range CHECK (VALUE >= 0 AND VALUE <= 100)
    CONSTRAINT growth_at_most_6_decimals CHECK (VALUE = round(VALUE, 6));
COMMENT ON DOMAIN cop_alloc.growth IS
    'A rate of increase in [0, 100] with at most 6 decimals (0.10 for +10 %).';

CREATE DOMAIN cop_alloc.quantity AS numeric
    CONSTRAINT quantity_in_range CHECK (VALUE >= 0 AND VALUE <= 1000000000000)
    CONSTRAINT quantity_at_most_6_decimals CHECK (VALUE = round(VALUE, 6));
COMMENT ON DOMAIN cop_alloc.quantity IS
    'A key weight, target, result or indicator weight in [0, 10^12] with at most 6 decimals.';

CREATE TYPE cop_alloc.direction AS ENUM ('higher', 'lower');
COMMENT ON TYPE cop_alloc.direction IS
    'Which way an indicator improves: higher (more is better) or lower (fewer is better).';

CREATE TYPE cop_alloc.missing_policy AS ENUM ('error', 'zero', 'exclude');
COMMENT ON TYPE cop_alloc.missing_policy IS
    'What a missing result means: error (refuse to compute), zero (count 0), exclude (drop that target).';

-- ===================================================================
-- Reference data: chambers, the COP's axes, objectives and indicators
-- ===================================================================

CREATE TABLE cop_alloc.chamber (
    code        text PRIMARY KEY
                CONSTRAINT chamber_code_not_blank CHECK (code <> '' AND code = btrim(code)),
    name        text NOT NULL,
    parent_code text NULL REFERENCES cop_alloc.chamber (code) ON UPDATE CASCADE
                DEFERRABLE INITIALLY DEFERRED,  -- pg_restore may load a child before its parent
    CONSTRAINT chamber_not_its_own_parent CHECK (parent_code IS DISTINCT FROM code)
);
COMMENT ON TABLE cop_alloc.chamber IS
    'Chambers of trades and crafts: the 18 regional chambers (CMAR) and the chambers associated to one of them (Alsace and Moselle through Grand Est, L311-2, R323-25).';
COMMENT ON COLUMN cop_alloc.chamber.code IS 'Short code, ordered by bytes (COLLATE "C") wherever ties are broken.';
COMMENT ON COLUMN cop_alloc.chamber.name IS 'Official name.';
COMMENT ON COLUMN cop_alloc.chamber.parent_code IS
    'For an associated chamber, the regional chamber it is associated to; its results count in its parent''s achievement and it never receives an allocation.';

CREATE TABLE cop_alloc.axis (
    axis_no     int PRIMARY KEY CONSTRAINT axis_no_positive CHECK (axis_no > 0),
    title       text,
    cop_weight  cop_alloc.ratio NULL,
    from_cop    boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE cop_alloc.axis IS 'Strategic axes of the COP; the six axes of the COP 2023-2027 are installed with the extension.';
COMMENT ON COLUMN cop_alloc.axis.axis_no IS 'Axis number, 1 to 6 in the COP 2023-2027.';
COMMENT ON COLUMN cop_alloc.axis.title IS 'Short title of the axis.';
COMMENT ON COLUMN cop_alloc.axis.cop_weight IS
    'Share of the performance part the COP assigns to the axis (2023: 20, 20, 25, 10, 15, 10 %); copy it into exercise_axis.';
COMMENT ON COLUMN cop_alloc.axis.from_cop IS 'True for the rows installed from the COP text; user rows are dumped by pg_dump, these are not.';

CREATE TABLE cop_alloc.objective (
    objective_no int PRIMARY KEY,
    axis_no      int NOT NULL REFERENCES cop_alloc.axis (axis_no),
    title        text NOT NULL,
    from_cop     boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE cop_alloc.objective IS 'Objectives of the COP (13 in the COP 2023-2027), each under one axis.';
COMMENT ON COLUMN cop_alloc.objective.objective_no IS 'Objective number as printed in the COP.';
COMMENT ON COLUMN cop_alloc.objective.axis_no IS 'The axis the objective belongs to.';
COMMENT ON COLUMN cop_alloc.objective.title IS 'Title of the objective.';
COMMENT ON COLUMN cop_alloc.objective.from_cop IS 'True for the rows installed from the COP text; user rows are dumped by pg_dump, these are not.';

CREATE TABLE cop_alloc.indicator (
    code        text PRIMARY KEY
                CONSTRAINT indicator_code_not_blank CHECK (code <> '' AND code = btrim(code)),
    axis_no     int NOT NULL REFERENCES cop_alloc.axis (axis_no),
    label       text,
    direction   cop_alloc.direction NOT NULL DEFAULT 'higher',
    weight      cop_alloc.quantity NOT NULL DEFAULT 1,
    objective_no int NULL REFERENCES cop_alloc.objective (objective_no),
    known_result numeric NULL,
    known_result_text text NULL,
    national_target_2023 numeric NULL,
    national_target_2027 numeric NULL,
    target_text text NULL,
    per_year    boolean NULL,
    unit        text NULL,
    from_cop    boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE cop_alloc.indicator IS
    'Activity indicators on which each chamber''s achievement is measured; the COP 2023-2027 catalogue is installed with the extension (codes cop.<objective>.<n>).';
COMMENT ON COLUMN cop_alloc.indicator.code IS 'Indicator code, ordered by bytes.';
COMMENT ON COLUMN cop_alloc.indicator.axis_no IS 'The COP axis whose stake the indicator conditions.';
COMMENT ON COLUMN cop_alloc.indicator.label IS 'Wording of the indicator.';
COMMENT ON COLUMN cop_alloc.indicator.direction IS 'higher: more is better (default); lower: fewer is better.';
COMMENT ON COLUMN cop_alloc.indicator.weight IS 'Weight of the indicator within its axis (default 1); weight 0 ignores it entirely.';
COMMENT ON COLUMN cop_alloc.indicator.objective_no IS 'The COP objective the indicator measures, when known.';
COMMENT ON COLUMN cop_alloc.indicator.known_result IS 'The "résultat connu" printed in the COP, as a number, when it gives one.';
COMMENT ON COLUMN cop_alloc.indicator.known_result_text IS 'The "résultat connu" as printed, when it is not a plain number.';
COMMENT ON COLUMN cop_alloc.indicator.national_target_2023 IS 'National objective for 2023 printed in the COP, when a number.';
COMMENT ON COLUMN cop_alloc.indicator.national_target_2027 IS 'National objective for 2027 printed in the COP, when a number.';
COMMENT ON COLUMN cop_alloc.indicator.target_text IS 'The objectives as printed, when not plain numbers.';
COMMENT ON COLUMN cop_alloc.indicator.per_year IS 'True when the COP states the objectives per year, false for a stock or a level.';
COMMENT ON COLUMN cop_alloc.indicator.unit IS 'What the figure counts.';
COMMENT ON COLUMN cop_alloc.indicator.from_cop IS 'True for the rows installed from the COP text; user rows are dumped by pg_dump, these are not.';

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
    PRIMARY KEY (year, chamber_code),
    CONSTRAINT operating_key_required CHECK (assujettis IS NOT NULL OR operating_weight IS NOT NULL),
    CONSTRAINT floor_not_above_ceiling CHECK (floor_amount <= ceiling_amount)
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

CREATE TABLE cop_alloc.com_target (
    year           int NOT NULL,
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
    year           int NOT NULL,
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

-- ===================================================================
-- Association rules that a CHECK cannot express (L311-2, R323-25)
-- ===================================================================

CREATE FUNCTION cop_alloc.chamber_check_association() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    grandparent text;
    child text;
BEGIN
    IF NEW.parent_code IS NOT NULL THEN
        SELECT c.parent_code INTO grandparent
          FROM cop_alloc.chamber c WHERE c.code = NEW.parent_code;
        IF grandparent IS NOT NULL THEN
            RAISE EXCEPTION 'chamber "%" cannot be associated to "%", which is itself associated', NEW.code, NEW.parent_code
                USING ERRCODE = 'check_violation',
                      DETAIL = format('Chamber "%s" is associated to "%s"; associations are one level deep.', NEW.parent_code, grandparent),
                      HINT = 'Associate the chamber to the regional chamber directly.';
        END IF;
        SELECT c.code INTO child FROM cop_alloc.chamber c
         WHERE c.parent_code = NEW.code ORDER BY c.code COLLATE "C" LIMIT 1;
        IF child IS NOT NULL THEN
            RAISE EXCEPTION 'chamber "%" cannot be associated to "%" while "%" is associated to it', NEW.code, NEW.parent_code, child
                USING ERRCODE = 'check_violation',
                      DETAIL = 'Associations are one level deep.';
        END IF;
        IF EXISTS (SELECT FROM cop_alloc.exercise_chamber ec WHERE ec.chamber_code = NEW.code) THEN
            RAISE EXCEPTION 'chamber "%" cannot be associated: it is a recipient of an exercise', NEW.code
                USING ERRCODE = 'check_violation',
                      DETAIL = 'An associated chamber never receives an allocation.',
                      HINT = 'Delete its exercise_chamber rows first.';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION cop_alloc.chamber_check_association() IS
    'Trigger: an associated chamber''s parent is a regional chamber, not itself associated, and an associated chamber is no recipient.';

CREATE TRIGGER chamber_check_association
    BEFORE INSERT OR UPDATE OF parent_code, code ON cop_alloc.chamber
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.chamber_check_association();

CREATE FUNCTION cop_alloc.exercise_chamber_check_recipient() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    parent text;
BEGIN
    SELECT c.parent_code INTO parent FROM cop_alloc.chamber c WHERE c.code = NEW.chamber_code;
    IF parent IS NOT NULL THEN
        RAISE EXCEPTION 'chamber "%" is associated to "%" and cannot receive an allocation', NEW.chamber_code, parent
            USING ERRCODE = 'check_violation',
                  DETAIL = format('Exercise %s: associated chambers count in their parent''s achievement (L312-1, R323-25).', NEW.year),
                  HINT = format('Give the exercise_chamber row to "%s" instead.', parent);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION cop_alloc.exercise_chamber_check_recipient() IS
    'Trigger: refuses an exercise_chamber row for an associated chamber.';

CREATE TRIGGER exercise_chamber_check_recipient
    BEFORE INSERT OR UPDATE OF chamber_code ON cop_alloc.exercise_chamber
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.exercise_chamber_check_recipient();

-- User data survives pg_dump / pg_restore; the rows installed from the
-- COP text are recreated by CREATE EXTENSION and are not dumped.
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.chamber', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.axis', 'WHERE NOT from_cop');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.objective', 'WHERE NOT from_cop');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.indicator', 'WHERE NOT from_cop');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.exercise', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.exercise_axis', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.exercise_chamber', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.com_target', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.indicator_result', '');
