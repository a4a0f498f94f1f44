-- ===================================================================
-- The COP catalogue (axis, objective, indicator) through pg_dump and
-- pg_restore.  CREATE EXTENSION installs the catalogue as the COP prints
-- it; a user may then edit a row (a weight, a direction, a label).
-- pg_dump dumps every row of the three tables; on restore, CREATE
-- EXTENSION has already installed the shipped rows, so a dumped COP row
-- (from_cop true) replaces the shipped row of the same key instead of
-- colliding with it.  An edited row thus comes back as edited.
-- ===================================================================

CREATE OR REPLACE FUNCTION cop_alloc.catalogue_row_restore() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    key text := TG_ARGV[0];
    cols text;
    vals text;
    n bigint;
BEGIN
    IF NOT NEW.from_cop THEN
        RETURN NEW;
    END IF;
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum),
           string_agg('r.' || quote_ident(a.attname), ', ' ORDER BY a.attnum)
      INTO cols, vals
      FROM pg_attribute a
     WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped;
    EXECUTE format('UPDATE %I.%I t SET (%s) = (%s) FROM jsonb_populate_record(NULL::%I.%I, $1) r '
                   'WHERE t.%I = r.%I AND t.from_cop',
                   TG_TABLE_SCHEMA, TG_TABLE_NAME, cols, vals, TG_TABLE_SCHEMA, TG_TABLE_NAME, key, key)
        USING to_jsonb(NEW);
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN
        RETURN NULL;  -- the shipped row now holds the dumped values
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION cop_alloc.catalogue_row_restore() IS
    'Trigger: inserting a COP row (from_cop true) whose key the catalogue already holds as a COP row replaces that row, so that pg_restore brings edited catalogue rows back as edited.';

CREATE OR REPLACE TRIGGER axis_restore BEFORE INSERT ON cop_alloc.axis
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.catalogue_row_restore('axis_no');
CREATE OR REPLACE TRIGGER objective_restore BEFORE INSERT ON cop_alloc.objective
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.catalogue_row_restore('objective_no');
CREATE OR REPLACE TRIGGER indicator_restore BEFORE INSERT ON cop_alloc.indicator
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.catalogue_row_restore('code');
