-- Random files (fixed seed): whatever the separator, header language and
-- column order, decimal comma or point, digit groups, quotes, comments
-- holding separators, quotes and line ends, BOM and line ends, every
-- value import_results loads is exactly the one written; and one bad
-- value slipped into a random line is reported on that line, nothing else.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(5);

\i test/fixtures/example.sql

-- a value as an office would write it: v has at most 6 decimals
CREATE FUNCTION pg_temp.written(v numeric, sep text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    t text := trim_scale(v)::text;
    int_part text := split_part(t, '.', 1);
    frac text := split_part(t, '.', 2);
    grouped text := int_part;
    comma boolean := random() < 0.5;
BEGIN
    IF length(int_part) > 3 AND random() < 0.5 THEN     -- digit groups: 12 345
        grouped := regexp_replace(reverse(regexp_replace(reverse(int_part), '(\d{3})(?=\d)', '\1 ', 'g')), '^ ', '');
    END IF;
    IF random() < 0.3 AND frac = '' THEN                -- trailing zeros: 40,000
        frac := '000';
    END IF;
    t := grouped || CASE WHEN frac = '' THEN '' WHEN comma THEN ',' || frac ELSE '.' || frac END;
    IF (comma AND frac <> '' AND sep = ',') OR random() < 0.2 THEN
        t := '"' || t || '"';
    END IF;
    RETURN t;
END
$$;

CREATE FUNCTION pg_temp.quoted(c text) RETURNS text LANGUAGE sql AS $$
    SELECT '"' || replace(c, '"', '""') || '"'
$$;

CREATE TEMP TABLE trial (n int, csv text, expected jsonb, bad_line int);
DO $$
DECLARE
    n int;
    sep text;
    eol text;
    english boolean;
    order_ int[];
    header text[];
    lines text[];
    fields text[];
    expected jsonb;
    r record;
    v numeric;
    comment text;
    bad int;
    line_no int;
BEGIN
    PERFORM setseed(0.42);
    FOR n IN 1 .. 60 LOOP
        sep := CASE WHEN random() < 0.5 THEN ';' ELSE ',' END;
        eol := CASE WHEN random() < 0.5 THEN E'\r\n' ELSE E'\n' END;
        english := random() < 0.5;
        -- a random column order
        order_ := ARRAY(SELECT x FROM unnest(ARRAY[1, 2, 3, 4]) x ORDER BY random());
        header := ARRAY(SELECT (CASE WHEN english THEN ARRAY['chamber_code', 'indicator_code', 'realized', 'comment']
                                     ELSE ARRAY['Chambre', 'Indicateur', 'Réalisé', 'Commentaire'] END)[x]
                          FROM unnest(order_) WITH ORDINALITY u (x, o) ORDER BY o);
        lines := ARRAY[array_to_string(header, sep)];
        expected := '{}';
        line_no := 1;
        bad := NULL;
        FOR r IN SELECT t.chamber_code, t.indicator_code FROM cop_alloc.com_target t
                  WHERE t.year = 2024 AND random() < 0.7 ORDER BY random() LOOP
            v := round((random() * 10 ^ (1 + floor(random() * 7)))::numeric, floor(random() * 7)::int);
            comment := CASE floor(random() * 4)
                           WHEN 0 THEN ''
                           WHEN 1 THEN 'écart justifié'
                           WHEN 2 THEN pg_temp.quoted('voir "note" ; ligne' || eol || 'suivante, fin')
                           ELSE pg_temp.quoted('a' || sep || 'b') END;
            fields := ARRAY[r.chamber_code, r.indicator_code, pg_temp.written(v, sep), comment];
            line_no := line_no + 1 + CASE WHEN comment LIKE '%' || E'\n' || '%' THEN 1 ELSE 0 END;
            IF n % 4 = 0 AND bad IS NULL AND random() < 0.3 THEN
                fields[3] := '-' || trim_scale(v)::text;
                bad := line_no - CASE WHEN comment LIKE '%' || E'\n' || '%' THEN 1 ELSE 0 END;
            END IF;
            lines := lines || array_to_string(ARRAY(SELECT fields[x] FROM unnest(order_) WITH ORDINALITY u (x, o) ORDER BY o), sep);
            expected := expected || jsonb_build_object(r.chamber_code || '/' || r.indicator_code, v);
        END LOOP;
        INSERT INTO trial VALUES (n,
            CASE WHEN random() < 0.5 THEN chr(65279) ELSE '' END || array_to_string(lines, eol) || CASE WHEN random() < 0.5 THEN eol ELSE '' END,
            expected, bad);
    END LOOP;
END
$$;

CREATE TEMP TABLE outcome (n int, problems jsonb, loaded jsonb);
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM trial ORDER BY n LOOP
        DELETE FROM cop_alloc.indicator_result WHERE year = 2024;
        INSERT INTO outcome (n, problems)
        SELECT t.n, coalesce(jsonb_agg(jsonb_build_array(p.line, p.field) ORDER BY p.line), '[]')
          FROM cop_alloc.import_results(2024, t.csv) p;
        -- a statement of its own: it sees what the import wrote
        UPDATE outcome o
           SET loaded = (SELECT coalesce(jsonb_object_agg(r.chamber_code || '/' || r.indicator_code, r.realized), '{}')
                           FROM cop_alloc.indicator_result r WHERE r.year = 2024)
         WHERE o.n = t.n;
    END LOOP;
END
$$;

SELECT cmp_ok((SELECT count(*) FROM trial WHERE bad_line IS NULL AND expected <> '{}'), '>=', 30::bigint,
              'at least 30 good random files');
SELECT cmp_ok((SELECT count(*) FROM trial WHERE bad_line IS NOT NULL), '>=', 5::bigint,
              'and at least 5 with a bad line');
SELECT is(array_agg(o.n ORDER BY o.n), NULL, 'every good file loads: no problem reported')
  FROM trial t JOIN outcome o USING (n) WHERE t.bad_line IS NULL AND t.expected <> '{}' AND o.problems <> '[]';
SELECT is(array_agg(o.n ORDER BY o.n), NULL, 'and every value loaded is exactly the one written')
  FROM trial t JOIN outcome o USING (n) WHERE t.bad_line IS NULL AND t.expected <> '{}' AND o.loaded <> t.expected;
SELECT is(array_agg(o.n ORDER BY o.n), NULL, 'a file with one negative value: that line alone is reported, with field realized, and nothing is loaded')
  FROM trial t JOIN outcome o USING (n)
 WHERE t.bad_line IS NOT NULL
   AND (o.problems <> jsonb_build_array(jsonb_build_array(t.bad_line, 'realized')) OR o.loaded <> '{}');

SELECT * FROM finish();
ROLLBACK;
