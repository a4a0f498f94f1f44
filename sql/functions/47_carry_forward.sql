-- -------------------------------------------------------------------
-- carry_forward(year): last year's published operating parts become the
-- bases of this year's tunnel (spec §4: the tunnel applies where
-- exercise_chamber.previous_operating is set).  The engine reads only
-- exercise_chamber; this explicit step writes it from the publication of
-- year - 1 in force and records which publication it used.
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.carry_forward(year int)
RETURNS TABLE (chamber_code text, previous_operating numeric, published_operating numeric, action text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    y int := $1;
    who text := cop_alloc.require_party('finance');
    pub record;
    written text[];
BEGIN
    PERFORM cop_alloc.lock_exercise(y, 'to carry forward to');
    SELECT p.publication_id, p.run_id INTO pub FROM cop_alloc.current_publication p WHERE p.year = y - 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'exercise % has no publication to carry forward into exercise %', y - 1, y
            USING ERRCODE = 'no_data_found',
                  DETAIL = format('The bases of the %s tunnel are the operating parts of the distribution of %s in force.', y, y - 1),
                  HINT = format('Publish a run of %s first, or set exercise_chamber.previous_operating of %s by hand.', y - 1, y);
    END IF;
    WITH w AS (
        UPDATE cop_alloc.exercise_chamber ec
           SET previous_operating = l.operating
          FROM cop_alloc.run_line l
         WHERE ec.year = y AND ec.previous_operating IS NULL
           AND l.run_id = pub.run_id AND l.chamber_code = ec.chamber_code
        RETURNING ec.chamber_code)
    SELECT array_agg(w.chamber_code ORDER BY w.chamber_code COLLATE "C") INTO written FROM w;
    IF written IS NOT NULL THEN
        INSERT INTO cop_alloc.carried_forward (year, publication_id, run_id, chambers, carried_by)
        VALUES (y, pub.publication_id, pub.run_id, written, who);
    END IF;
    RETURN QUERY
    SELECT ec.chamber_code, ec.previous_operating::numeric, l.operating,
           CASE WHEN ec.chamber_code = ANY (written) THEN 'carried'
                WHEN l.operating IS NULL THEN 'not published'
                WHEN ec.previous_operating = l.operating THEN 'unchanged'
                ELSE 'kept' END
      FROM cop_alloc.exercise_chamber ec
      LEFT JOIN cop_alloc.run_line l ON l.run_id = pub.run_id AND l.chamber_code = ec.chamber_code
     WHERE ec.year = y
     ORDER BY ec.chamber_code COLLATE "C";
END
$$;
COMMENT ON FUNCTION cop_alloc.carry_forward(int) IS
    'Writes the operating parts of the publication of year - 1 in force into exercise_chamber.previous_operating of year where it is NULL, and records the step (publication, chambers) in cop_alloc.carried_forward. Returns every recipient of year with its base after the step, the published part and the action: carried (written now), unchanged (already equal), kept (set to another amount: left as it is; set it to NULL and call again to carry the publication), not published (no line in last year''s distribution). Refused when year - 1 has no publication in force. For the finance party (require_party); takes the year''s lock (lock_year).';
REVOKE EXECUTE ON FUNCTION cop_alloc.carry_forward(int) FROM PUBLIC;

SELECT cop_alloc.make_append_only('cop_alloc.carried_forward',
           'Each carry-forward step records where the bases of a tunnel came from.',
           'To change a base, update exercise_chamber.previous_operating; to carry a newer publication, set it to NULL and call carry_forward(year) again.');
