-- ===================================================================
-- Versions of the COP: the signed contract, its amendments (avenants:
-- the impact indicators the COP announces within six months of its
-- signature) and its revisions (clause de revoyure, annual evaluation),
-- each a dated act that applies from a results year, and the indicator
-- definitions each act sets.  The catalogue in force for a results year
-- (cop_alloc.catalogue_in_force) is, for each indicator, the definition
-- of the latest act applying to that year, else the row of
-- cop_alloc.indicator (the signed COP, act 1).  New in 0.2.0: every
-- statement of this file is also the update from 0.1.0
-- (sql/updates/cop_alloc--0.1.0--0.2.0/55_cop_versions.sql is a link to it).
-- ===================================================================

CREATE TABLE cop_alloc.cop_act (
    act_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text NOT NULL
                 CONSTRAINT cop_act_kind CHECK (kind IN ('signature', 'avenant', 'revoyure', 'evaluation')),
    reference    text NOT NULL CONSTRAINT cop_act_reference_not_blank CHECK (btrim(reference) <> ''),
    signed_on    date NULL CONSTRAINT cop_act_amendment_dated CHECK (kind = 'signature' OR signed_on IS NOT NULL),
    applies_from int NOT NULL CONSTRAINT cop_act_applies_from_range CHECK (applies_from BETWEEN 1900 AND 2999),
    motive       text NOT NULL CONSTRAINT cop_act_motive_not_blank CHECK (btrim(motive) <> ''),
    recorded_by  text NOT NULL DEFAULT current_user,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cop_act_one_signature ON cop_alloc.cop_act (kind) WHERE kind = 'signature';
COMMENT ON TABLE cop_alloc.cop_act IS
    'Acts of the COP 2023-2027: its signature (act 1, whose catalogue is cop_alloc.indicator as installed), its amendments (avenants) and revisions (clause de revoyure, annual evaluation), each applying from a results year.';
COMMENT ON COLUMN cop_alloc.cop_act.act_id IS 'Act number; 1 is the signed COP.';
COMMENT ON COLUMN cop_alloc.cop_act.kind IS 'signature, avenant (amendment), revoyure (revision under the review clause) or evaluation (modification at an annual evaluation).';
COMMENT ON COLUMN cop_alloc.cop_act.reference IS 'Reference of the act.';
COMMENT ON COLUMN cop_alloc.cop_act.signed_on IS 'Date the act was signed (required but for the signature, whose date the COP text does not print).';
COMMENT ON COLUMN cop_alloc.cop_act.applies_from IS 'First results year whose achievement the act''s definitions measure.';
COMMENT ON COLUMN cop_alloc.cop_act.motive IS 'Motive of the act, in French, as it goes into the record.';
COMMENT ON COLUMN cop_alloc.cop_act.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.cop_act.recorded_at IS 'When it was recorded.';

CREATE TABLE cop_alloc.cop_indicator_version (
    act_id          bigint NOT NULL REFERENCES cop_alloc.cop_act (act_id),
    code            text NOT NULL REFERENCES cop_alloc.indicator (code),
    change          text NOT NULL
                    CONSTRAINT cop_indicator_version_change CHECK (change IN ('added', 'amended', 'withdrawn')),
    axis_no         int NULL REFERENCES cop_alloc.axis (axis_no),
    direction       cop_alloc.direction NULL,
    weight          cop_alloc.quantity NULL,
    impact          boolean NOT NULL DEFAULT false,
    national_target numeric NULL CONSTRAINT cop_indicator_version_target_not_negative CHECK (national_target >= 0),
    target_year     int NULL CONSTRAINT cop_indicator_version_target_year CHECK (target_year BETWEEN 1900 AND 2999),
    PRIMARY KEY (act_id, code),
    CONSTRAINT cop_indicator_version_defined CHECK (
        (change = 'withdrawn' AND axis_no IS NULL AND direction IS NULL AND weight IS NULL AND national_target IS NULL)
        OR (change <> 'withdrawn' AND axis_no IS NOT NULL AND direction IS NOT NULL AND weight IS NOT NULL)),
    CONSTRAINT cop_indicator_version_target_dated CHECK ((national_target IS NULL) = (target_year IS NULL))
);
COMMENT ON TABLE cop_alloc.cop_indicator_version IS
    'The indicator definitions an act of the COP sets: an indicator added (an impact indicator of an avenant, say), amended (axis, direction, weight, national target) or withdrawn, from the act''s results year on.';
COMMENT ON COLUMN cop_alloc.cop_indicator_version.act_id IS 'The act.';
COMMENT ON COLUMN cop_alloc.cop_indicator_version.code IS 'The indicator.';
COMMENT ON COLUMN cop_alloc.cop_indicator_version.change IS 'added (not in force before the act), amended or withdrawn (no longer measured).';
COMMENT ON COLUMN cop_alloc.cop_indicator_version.axis_no IS 'The axis whose stake the indicator conditions (NULL when withdrawn).';
COMMENT ON COLUMN cop_alloc.cop_indicator_version.direction IS 'higher or lower (NULL when withdrawn).';
COMMENT ON COLUMN cop_alloc.cop_indicator_version.weight IS 'Weight within its axis (NULL when withdrawn).';
COMMENT ON COLUMN cop_alloc.cop_indicator_version.impact IS 'True for an impact indicator, false for an activity indicator.';
COMMENT ON COLUMN cop_alloc.cop_indicator_version.national_target IS 'National target the act sets, if any.';
COMMENT ON COLUMN cop_alloc.cop_indicator_version.target_year IS 'The year of that national target.';

-- The signed COP: its catalogue is the one installed in cop_alloc.indicator.
INSERT INTO cop_alloc.cop_act (kind, reference, signed_on, applies_from, motive) VALUES
    ('signature', 'Contrat d’objectifs et de performance 2023-2027 du réseau des CMA', NULL, 2023,
     'Version signée du COP entre l’État et CMA France : indicateurs d’activité des six axes et objectifs nationaux 2023 et 2027.');

SELECT pg_catalog.pg_extension_config_dump('cop_alloc.cop_act', 'WHERE act_id > 1');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.cop_indicator_version', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.cop_act', 'act_id'), '');
