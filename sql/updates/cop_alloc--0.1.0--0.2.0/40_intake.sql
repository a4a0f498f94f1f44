-- -------------------------------------------------------------------
-- Results intake (R323-24): the tables of sql/tables/80_intake.sql,
-- new in 0.2.0
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.late_report_acceptance (
    acceptance_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year          int NOT NULL CONSTRAINT late_report_year_plausible CHECK (year BETWEEN 1900 AND 2999),
    chamber_code  text NOT NULL REFERENCES cop_alloc.chamber (code) ON UPDATE CASCADE,
    reason        text NOT NULL CONSTRAINT late_report_reason_given CHECK (btrim(reason) <> ''),
    accepted_by   text NOT NULL,
    accepted_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE cop_alloc.late_report_acceptance IS
    'CMA France''s acceptance of a report filed after the deadline of R323-24 (last day of February of year + 1), with its reason; each acceptance lets one report version be filed late. Written by cop_alloc.accept_late_report.';
COMMENT ON COLUMN cop_alloc.late_report_acceptance.acceptance_id IS 'Acceptance number.';
COMMENT ON COLUMN cop_alloc.late_report_acceptance.year IS 'The results year of the report.';
COMMENT ON COLUMN cop_alloc.late_report_acceptance.chamber_code IS 'The chamber whose late report is accepted.';
COMMENT ON COLUMN cop_alloc.late_report_acceptance.reason IS 'Why CMA France accepts the report late.';
COMMENT ON COLUMN cop_alloc.late_report_acceptance.accepted_by IS 'The role, acting for CMA France''s finance department, that accepted it.';
COMMENT ON COLUMN cop_alloc.late_report_acceptance.accepted_at IS 'When it was recorded.';

CREATE TABLE cop_alloc.chamber_report (
    report_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year               int NOT NULL CONSTRAINT report_year_plausible CHECK (year BETWEEN 1900 AND 2999),
    chamber_code       text NOT NULL REFERENCES cop_alloc.chamber (code) ON UPDATE CASCADE,
    version            int NOT NULL CONSTRAINT report_version_positive CHECK (version > 0),
    received_on        date NOT NULL,
    filed_by           text NOT NULL,
    filed_at           timestamptz NOT NULL DEFAULT now(),
    summary            text NULL,
    late_acceptance_id bigint NULL UNIQUE REFERENCES cop_alloc.late_report_acceptance (acceptance_id),
    CONSTRAINT report_version_unique UNIQUE (year, chamber_code, version)
);
COMMENT ON TABLE cop_alloc.chamber_report IS
    'A chamber''s yearly execution report of its COM (R323-24), one row per version: a correction is a new version, earlier ones stay readable; the version in force is the highest. Filing a version writes its realized values into indicator_result (recorded in figure_load). Written by cop_alloc.file_report.';
COMMENT ON COLUMN cop_alloc.chamber_report.report_id IS 'Report number, in the order the versions were filed.';
COMMENT ON COLUMN cop_alloc.chamber_report.year IS 'The results year the report is on.';
COMMENT ON COLUMN cop_alloc.chamber_report.chamber_code IS 'The chamber whose report it is.';
COMMENT ON COLUMN cop_alloc.chamber_report.version IS 'Version, 1 for the first filing, then one more for each correction.';
COMMENT ON COLUMN cop_alloc.chamber_report.received_on IS 'Date CMA France received it; due by the last day of February of year + 1 (R323-24).';
COMMENT ON COLUMN cop_alloc.chamber_report.filed_by IS 'The role that filed it.';
COMMENT ON COLUMN cop_alloc.chamber_report.filed_at IS 'When it was recorded.';
COMMENT ON COLUMN cop_alloc.chamber_report.summary IS 'The reasons for incomplete achievement and any general comment of the chamber.';
COMMENT ON COLUMN cop_alloc.chamber_report.late_acceptance_id IS 'For a version received after the deadline: CMA France''s acceptance, with its reason.';

CREATE TABLE cop_alloc.chamber_report_figure (
    report_id      bigint NOT NULL REFERENCES cop_alloc.chamber_report (report_id),
    chamber_code   text NOT NULL REFERENCES cop_alloc.chamber (code) ON UPDATE CASCADE,
    indicator_code text NOT NULL REFERENCES cop_alloc.indicator (code) ON UPDATE CASCADE,
    target         cop_alloc.quantity NOT NULL,
    realized       cop_alloc.quantity NOT NULL,
    justification  text NULL,
    PRIMARY KEY (report_id, chamber_code, indicator_code)
);
COMMENT ON TABLE cop_alloc.chamber_report_figure IS
    'The state of achievement a report version gives for each indicator with a target: the realized value and the justification of the gap (R323-24, D312-4 cost accounting). A regional chamber''s report may carry the figures of its associated chambers.';
COMMENT ON COLUMN cop_alloc.chamber_report_figure.report_id IS 'The report version.';
COMMENT ON COLUMN cop_alloc.chamber_report_figure.chamber_code IS 'The chamber of the figure: the reporting chamber or one associated to it.';
COMMENT ON COLUMN cop_alloc.chamber_report_figure.indicator_code IS 'The indicator.';
COMMENT ON COLUMN cop_alloc.chamber_report_figure.target IS 'The COM target in com_target when the version was filed.';
COMMENT ON COLUMN cop_alloc.chamber_report_figure.realized IS 'The realized value.';
COMMENT ON COLUMN cop_alloc.chamber_report_figure.justification IS 'Justification of the gap to the target; required when the target is not reached.';

CREATE TABLE cop_alloc.chamber_report_action (
    report_id   bigint NOT NULL REFERENCES cop_alloc.chamber_report (report_id),
    action_no   int NOT NULL CONSTRAINT report_action_no_positive CHECK (action_no > 0),
    title       text NOT NULL CONSTRAINT report_action_titled CHECK (btrim(title) <> ''),
    cost        cop_alloc.amount NOT NULL,
    financing   text NOT NULL CONSTRAINT report_action_financing_given CHECK (btrim(financing) <> ''),
    achievement text NULL,
    PRIMARY KEY (report_id, action_no)
);
COMMENT ON TABLE cop_alloc.chamber_report_action IS 'The actions a report version says the chamber carried out, with their cost and financing (R323-24).';
COMMENT ON COLUMN cop_alloc.chamber_report_action.report_id IS 'The report version.';
COMMENT ON COLUMN cop_alloc.chamber_report_action.action_no IS 'Position of the action in the report, from 1.';
COMMENT ON COLUMN cop_alloc.chamber_report_action.title IS 'What was carried out.';
COMMENT ON COLUMN cop_alloc.chamber_report_action.cost IS 'Its cost, euros.';
COMMENT ON COLUMN cop_alloc.chamber_report_action.financing IS 'How it was financed (TFCMA, region, State, European funds ...).';
COMMENT ON COLUMN cop_alloc.chamber_report_action.achievement IS 'Its state of achievement.';

CREATE TABLE cop_alloc.figure_load (
    load_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text NOT NULL CONSTRAINT figure_load_kind CHECK (kind IN ('target', 'result')),
    year         int NOT NULL,
    chamber_code text NOT NULL REFERENCES cop_alloc.chamber (code) ON UPDATE CASCADE,
    source       text NOT NULL CONSTRAINT figure_load_source CHECK (source IN ('file', 'report')),
    report_id    bigint NULL REFERENCES cop_alloc.chamber_report (report_id),
    loaded_by    text NOT NULL,
    loaded_at    timestamptz NOT NULL DEFAULT now(),
    figures      jsonb NOT NULL,
    replaced     jsonb NOT NULL,
    CONSTRAINT figure_load_report_source CHECK ((source = 'report') = (report_id IS NOT NULL))
);
COMMENT ON TABLE cop_alloc.figure_load IS
    'History of the targets and results of each chamber and results year: one row each time import_targets, import_results or file_report replaced them, with the figures loaded and the ones they replaced. The figures in force are those of com_target and indicator_result.';
COMMENT ON COLUMN cop_alloc.figure_load.load_id IS 'Load number, in the order of the loads.';
COMMENT ON COLUMN cop_alloc.figure_load.kind IS 'target (com_target) or result (indicator_result).';
COMMENT ON COLUMN cop_alloc.figure_load.year IS 'The results year.';
COMMENT ON COLUMN cop_alloc.figure_load.chamber_code IS 'The chamber whose figures were replaced.';
COMMENT ON COLUMN cop_alloc.figure_load.source IS 'file (import_targets, import_results) or report (file_report).';
COMMENT ON COLUMN cop_alloc.figure_load.report_id IS 'The report version the figures come from, for source report.';
COMMENT ON COLUMN cop_alloc.figure_load.loaded_by IS 'The role that loaded them.';
COMMENT ON COLUMN cop_alloc.figure_load.loaded_at IS 'When.';
COMMENT ON COLUMN cop_alloc.figure_load.figures IS 'The figures loaded: {"indicator": {"value": n, "comment": "...", "line": n}}.';
COMMENT ON COLUMN cop_alloc.figure_load.replaced IS 'The figures they replaced, as they were in the table: {"indicator": n} (null for a NULL result); {} on a first load.';

SELECT pg_catalog.pg_extension_config_dump('cop_alloc.late_report_acceptance', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.chamber_report', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.chamber_report_figure', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.chamber_report_action', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.figure_load', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.late_report_acceptance', 'acceptance_id'), '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.chamber_report', 'report_id'), '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.figure_load', 'load_id'), '');
