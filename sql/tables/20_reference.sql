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
COMMENT ON COLUMN cop_alloc.axis.from_cop IS 'True for the rows installed from the COP text. pg_dump dumps every row, edited or not; on restore a dumped COP row replaces the one CREATE EXTENSION installed (trigger catalogue_row_restore).';

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
COMMENT ON COLUMN cop_alloc.objective.from_cop IS 'True for the rows installed from the COP text. pg_dump dumps every row, edited or not; on restore a dumped COP row replaces the one CREATE EXTENSION installed (trigger catalogue_row_restore).';

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
COMMENT ON COLUMN cop_alloc.indicator.from_cop IS 'True for the rows installed from the COP text. pg_dump dumps every row, edited or not; on restore a dumped COP row replaces the one CREATE EXTENSION installed (trigger catalogue_row_restore).';
