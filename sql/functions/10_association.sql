-- ===================================================================
-- Association rules that a CHECK cannot express (L311-2, R323-25)
-- ===================================================================

CREATE OR REPLACE FUNCTION cop_alloc.chamber_check_association() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    grandparent text;
    child text;
BEGIN
    IF NEW.parent_code IS NOT NULL THEN
        -- Serialise with a concurrent association of the parent itself:
        -- its row stays locked until this transaction ends, so that a
        -- concurrent UPDATE of its parent_code waits, then sees this child
        -- (and this one, had it come second, sees the parent's new parent).
        PERFORM FROM cop_alloc.chamber c WHERE c.code = NEW.parent_code FOR SHARE;
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

CREATE OR REPLACE TRIGGER chamber_check_association
    BEFORE INSERT OR UPDATE OF parent_code, code ON cop_alloc.chamber
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.chamber_check_association();

CREATE OR REPLACE FUNCTION cop_alloc.exercise_chamber_check_recipient() RETURNS trigger
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

CREATE OR REPLACE TRIGGER exercise_chamber_check_recipient
    BEFORE INSERT OR UPDATE OF chamber_code ON cop_alloc.exercise_chamber
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.exercise_chamber_check_recipient();
