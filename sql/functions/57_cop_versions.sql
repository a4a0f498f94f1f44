-- ===================================================================
-- Recording the acts of the COP (sql/tables/37_cop_versions.sql): the
-- finance party records an amendment or revision, then the indicators it
-- adds, amends or withdraws.  Both tables are append-only and guarded.
-- ===================================================================

CREATE OR REPLACE FUNCTION cop_alloc.record_cop_act(kind text, reference text, signed_on date,
                                                    applies_from int, motive text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    who text := cop_alloc.require_party('finance');
    id bigint;
BEGIN
    IF kind IS NULL OR kind NOT IN ('avenant', 'revoyure', 'evaluation') THEN
        RAISE EXCEPTION 'invalid kind of COP act: %', coalesce(kind, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The signed COP is act 1; later acts amend or revise it.',
                  HINT = 'Use avenant, revoyure or evaluation.';
    END IF;
    IF applies_from IS NULL OR applies_from < (SELECT a.applies_from FROM cop_alloc.cop_act a WHERE a.act_id = 1) THEN
        RAISE EXCEPTION 'COP act applies from results year %, before the COP', coalesce(applies_from::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The signed COP applies from results year 2023.',
                  HINT = 'Give the first results year the act''s definitions measure.';
    END IF;
    INSERT INTO cop_alloc.cop_act (kind, reference, signed_on, applies_from, motive, recorded_by)
    VALUES (record_cop_act.kind, record_cop_act.reference, record_cop_act.signed_on,
            record_cop_act.applies_from, record_cop_act.motive, who)
    RETURNING act_id INTO id;
    RETURN id;
END
$$;
REVOKE EXECUTE ON FUNCTION cop_alloc.record_cop_act(text, text, date, int, text) FROM PUBLIC;
COMMENT ON FUNCTION cop_alloc.record_cop_act(text, text, date, int, text) IS
    'Finance records an act of the COP (avenant, revoyure or evaluation) signed on a date, whose definitions apply from a results year, with its motive in French; returns its act_id. The indicators it sets are recorded by cop_alloc.record_indicator_version.';

CREATE OR REPLACE FUNCTION cop_alloc.record_indicator_version(
    act_id bigint, code text, change text,
    axis_no int DEFAULT NULL, direction cop_alloc.direction DEFAULT NULL, weight numeric DEFAULT NULL,
    impact boolean DEFAULT NULL, national_target numeric DEFAULT NULL, target_year int DEFAULT NULL,
    label text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    act cop_alloc.cop_act;
    cur record;
BEGIN
    PERFORM cop_alloc.require_party('finance');
    SELECT a.* INTO act FROM cop_alloc.cop_act a WHERE a.act_id = record_indicator_version.act_id;
    IF act.act_id IS NULL OR act.kind = 'signature' THEN
        RAISE EXCEPTION 'COP act % does not exist or is the signed COP', coalesce(act_id::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The signed COP''s catalogue is cop_alloc.indicator as installed.',
                  HINT = 'Record the amendment first with cop_alloc.record_cop_act(...).';
    END IF;
    IF change IS NULL OR change NOT IN ('added', 'amended', 'withdrawn') THEN
        RAISE EXCEPTION 'invalid change of indicator "%": %', code, coalesce(change, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use added, amended or withdrawn.';
    END IF;
    IF EXISTS (SELECT FROM cop_alloc.cop_indicator_version v
                WHERE v.act_id = act.act_id AND v.code = record_indicator_version.code) THEN
        RAISE EXCEPTION 'COP act % already sets indicator "%"', act.act_id, code
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'An act sets each indicator once; record a new act to change it again.';
    END IF;
    IF change = 'added' THEN
        IF EXISTS (SELECT FROM cop_alloc.indicator i WHERE i.code = record_indicator_version.code) THEN
            RAISE EXCEPTION 'indicator "%" already exists', code
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Use change amended to change its definition.';
        END IF;
        IF axis_no IS NULL OR btrim(coalesce(label, '')) = '' THEN
            RAISE EXCEPTION 'indicator "%" added without its axis or label', code
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'An added indicator needs axis_no and label.';
        END IF;
        SELECT NULL::text AS code, NULL::int AS axis_no, NULL::cop_alloc.direction AS direction,
               NULL::numeric AS weight, NULL::boolean AS impact INTO cur;
        INSERT INTO cop_alloc.indicator (code, axis_no, label, direction, weight)
        VALUES (record_indicator_version.code, record_indicator_version.axis_no, record_indicator_version.label,
                coalesce(record_indicator_version.direction, 'higher'), coalesce(record_indicator_version.weight, 1));
    ELSE
        SELECT f.* INTO cur FROM cop_alloc.catalogue_in_force(act.applies_from) f
         WHERE f.code = record_indicator_version.code;
        IF cur.code IS NULL THEN
            RAISE EXCEPTION 'indicator "%" is not in force in results year %', code, act.applies_from
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('COP act %s applies from results year %s.', act.act_id, act.applies_from),
                      HINT = 'See cop_alloc.catalogue_in_force(results_year); add it with change added.';
        END IF;
    END IF;
    IF change = 'withdrawn' AND num_nonnulls(axis_no, direction, weight, impact, national_target, target_year, label) > 0 THEN
        RAISE EXCEPTION 'withdrawn indicator "%" given a definition', code
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Withdraw it with its code alone.';
    END IF;
    INSERT INTO cop_alloc.cop_indicator_version (act_id, code, change, axis_no, direction, weight, impact,
                                                 national_target, target_year)
    SELECT act.act_id, record_indicator_version.code, change, d.axis_no, d.direction, d.weight,
           coalesce(record_indicator_version.impact, cur.impact, false),
           record_indicator_version.national_target, record_indicator_version.target_year
      FROM (SELECT coalesce(record_indicator_version.axis_no, cur.axis_no) AS axis_no,
                   coalesce(record_indicator_version.direction, cur.direction, 'higher') AS direction,
                   coalesce(record_indicator_version.weight, cur.weight, 1) AS weight) d
     WHERE change <> 'withdrawn'
    UNION ALL
    SELECT act.act_id, record_indicator_version.code, change, NULL, NULL, NULL, coalesce(cur.impact, false), NULL, NULL
     WHERE change = 'withdrawn';
END
$$;
REVOKE EXECUTE ON FUNCTION cop_alloc.record_indicator_version(bigint, text, text, int, cop_alloc.direction, numeric,
                                                             boolean, numeric, int, text) FROM PUBLIC;
COMMENT ON FUNCTION cop_alloc.record_indicator_version(bigint, text, text, int, cop_alloc.direction, numeric, boolean, numeric, int, text) IS
    'Finance records what an act of the COP does to an indicator from the act''s results year on: added (a new indicator, an impact one with impact true; needs axis_no and label), amended (what is not given stays as in force for that year) or withdrawn (code alone); with the national target and its year the act sets, if any.';

SELECT cop_alloc.make_append_only(t,
           'Each act of the COP and the definitions it sets are part of the record.',
           'Record a new act with cop_alloc.record_cop_act(...) to change the catalogue again.')
  FROM unnest(ARRAY['cop_alloc.cop_act', 'cop_alloc.cop_indicator_version']::regclass[]) t;
