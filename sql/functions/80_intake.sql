-- ===================================================================
-- Results intake (R323-24): the chambers' files of targets and results
-- read with every bad line reported, their execution reports in
-- versions with the deadline of the last day of February, and the
-- pre-flight check that run() and publish() require.  PL/pgSQL: numbers
-- go from text to numeric, never through floating point.
-- ===================================================================

-- -------------------------------------------------------------------
-- CSV: the records of a file and the numbers in it
-- -------------------------------------------------------------------

-- Two writers of the same chamber's figures happen one after the other:
-- each locks the rows of the chambers it writes (FOR NO KEY UPDATE, in
-- code order).  Only a role that may update cop_alloc.chamber can take
-- such a lock, unlike an advisory lock key any role could hold.
CREATE OR REPLACE FUNCTION cop_alloc.lock_chambers(codes text[]) RETURNS void
LANGUAGE sql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT FROM cop_alloc.chamber c
     WHERE c.code OPERATOR(pg_catalog.=) ANY (lock_chambers.codes)
     ORDER BY c.code COLLATE "C"
       FOR NO KEY UPDATE
$$;
COMMENT ON FUNCTION cop_alloc.lock_chambers(text[]) IS
    'Locks the rows of these chambers (FOR NO KEY UPDATE, in code order) until the end of the transaction: the imports and reports that write a chamber''s figures take it, so that they happen one after the other.';
REVOKE EXECUTE ON FUNCTION cop_alloc.lock_chambers(text[]) FROM PUBLIC;

CREATE OR REPLACE FUNCTION cop_alloc.csv_records(csv text)
RETURNS TABLE (line int, fields text[], separator text, problem text)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    physical text[];
    n int;
    i int := 0;
    start_line int;
    rec text;
    sep text;
    ch text[];
    k int;
    c text;
    cur text;
    quoted boolean;
    out_fields text[];
BEGIN
    -- UTF-8 byte order mark, LF or CRLF line ends
    physical := pg_catalog.string_to_array(pg_catalog.regexp_replace(csv, '^' || pg_catalog.chr(65279), ''), E'\n');
    n := coalesce(pg_catalog.array_length(physical, 1), 0);
    WHILE i < n LOOP
        i := i + 1;
        start_line := i;
        rec := pg_catalog.rtrim(physical[i], E'\r');
        -- a quoted field may hold line ends: an odd number of quotes so far
        -- means the record goes on on the next line
        WHILE pg_catalog.length(rec) - pg_catalog.length(pg_catalog.replace(rec, '"', '')) OPERATOR(pg_catalog.%) 2 = 1
              AND i < n LOOP
            i := i + 1;
            rec := rec || E'\n' || pg_catalog.rtrim(physical[i], E'\r');
        END LOOP;
        IF sep IS NULL THEN
            -- the header's first separator outside quotes: ';' or ','
            sep := substring(pg_catalog.regexp_replace(rec, '"[^"]*"', '', 'g') FROM '[;,]');
            sep := coalesce(sep, ',');
        END IF;
        ch := pg_catalog.regexp_split_to_array(rec, '');
        out_fields := '{}';
        cur := '';
        quoted := false;
        k := 1;
        WHILE k <= coalesce(pg_catalog.array_length(ch, 1), 0) LOOP
            c := ch[k];
            IF quoted THEN
                IF c = '"' THEN
                    IF ch[k + 1] = '"' THEN
                        cur := cur || '"';
                        k := k + 1;
                    ELSE
                        quoted := false;
                    END IF;
                ELSE
                    cur := cur || c;
                END IF;
            ELSIF c = '"' THEN
                quoted := true;
            ELSIF c = sep THEN
                out_fields := out_fields || pg_catalog.btrim(cur, E' \t');
                cur := '';
            ELSE
                cur := cur || c;
            END IF;
            k := k + 1;
        END LOOP;
        out_fields := out_fields || pg_catalog.btrim(cur, E' \t');
        line := start_line;
        fields := out_fields;
        separator := sep;
        problem := CASE WHEN quoted THEN 'unterminated quoted field: a quote opened on this line is never closed' END;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION cop_alloc.csv_records(text) IS
    'The records of a CSV text: line (the physical line it starts on, the header is line 1), its fields (quotes removed, "" inside quotes is a quote, surrounding blanks trimmed) and the separator, ; or , whichever comes first in the header outside quotes. Accepts a UTF-8 byte order mark, CRLF line ends and line ends inside quoted fields; problem is set for an unterminated quote.';

CREATE OR REPLACE FUNCTION cop_alloc.parse_figure(txt text, OUT value numeric, OUT problem text)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- blanks, no-break and narrow no-break spaces group thousands
    t text := pg_catalog.translate(txt, ' ' || pg_catalog.chr(160) || pg_catalog.chr(8239), '');
BEGIN
    IF t = '' THEN
        problem := 'empty value';
    ELSIF t ~ '^-[0-9]+([.,][0-9]+)?$' THEN
        problem := pg_catalog.format('negative value "%s"', txt);
    ELSIF t !~ '^[0-9]+([.,][0-9]+)?$' THEN
        problem := pg_catalog.format('"%s" is not a number (digits, then a decimal comma or point)', txt);
    ELSIF pg_catalog.length(substring(t FROM '[.,]([0-9]+)$')) > 6 THEN
        problem := pg_catalog.format('"%s" has more than 6 decimals', txt);
    ELSE
        value := pg_catalog.replace(t, ',', '.')::numeric;
        IF value > 1000000000000 THEN
            problem := pg_catalog.format('"%s" is above 10^12', txt);
            value := NULL;
        END IF;
    END IF;
END
$$;
COMMENT ON FUNCTION cop_alloc.parse_figure(text) IS
    'A target or realized value as written in a file: digits with a decimal comma or point, at most 6 decimals, in [0, 10^12], blanks and no-break spaces between digit groups allowed; value is the exact numeric (no floating point), or problem says what is wrong, naming the text.';

-- -------------------------------------------------------------------
-- Rights: a chamber loads and reports for itself and for the chambers
-- associated to it; CMA France's finance department for every chamber
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.intake_writer(chamber_code text) RETURNS text
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF cop_alloc.acts_for('finance') THEN
        RETURN cop_alloc.calling_role();
    END IF;
    RETURN cop_alloc.require_party('chamber', $1);
END
$$;
COMMENT ON FUNCTION cop_alloc.intake_writer(text) IS
    'Who may load figures or file a report for a chamber: the finance party (CMA France), a role acting for the chamber, or for the regional chamber it is associated to. Returns the calling role''s name for the record; raises insufficient_privilege otherwise.';

CREATE OR REPLACE FUNCTION cop_alloc.intake_may_read(chamber_code text) RETURNS boolean
LANGUAGE sql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    -- the tables' owner: the functions of the extension that write them
    SELECT pg_catalog.pg_has_role((SELECT c.relowner FROM pg_catalog.pg_class c
                                    WHERE c.oid OPERATOR(pg_catalog.=) 'cop_alloc.chamber_report'::pg_catalog.regclass),
                                  'MEMBER')
        OR cop_alloc.acts_for('finance') OR cop_alloc.acts_for('assembly')
        OR cop_alloc.acts_for('ministry') OR cop_alloc.acts_for('reader')
        OR cop_alloc.acts_for('chamber', $1)
$$;
COMMENT ON FUNCTION cop_alloc.intake_may_read(text) IS
    'Row-level security of the intake tables: the finance, assembly, ministry and reader parties read every chamber''s reports and loads; a chamber reads its own and those of the chambers associated to it.';

-- -------------------------------------------------------------------
-- A file of targets or results, read and checked line by line
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.read_figures(kind text, year int, csv text)
RETURNS TABLE (line int, field text, problem text, chamber_code text, indicator_code text,
               value numeric, comment text)
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    k text := $1;
    y int := $2;
    value_col text := CASE $1 WHEN 'target' THEN 'target' ELSE 'realized' END;
    other_col text := CASE $1 WHEN 'target' THEN 'realized' ELSE 'target' END;
    r record;
    header text[];
    cols jsonb := '{}';
    name text;
    canon text;
    ncols int;
    ic int;
    ii int;
    iv int;
    icom int;
    seen_chamber text[] := '{}';
    seen_indicator text[] := '{}';
    seen_line int[] := '{}';
    data_lines int := 0;
    ch text;
    ind text;
    ch_ok boolean;
    ind_ok boolean;
    fig record;
BEGIN
    FOR r IN SELECT * FROM cop_alloc.csv_records(csv) x ORDER BY x.line LOOP
        IF header IS NULL THEN
            header := r.fields;
            ncols := pg_catalog.array_length(header, 1);
            IF ncols = 1 AND header[1] = '' THEN
                line := r.line; field := NULL;
                problem := 'empty file: a header line naming the columns is expected';
                RETURN NEXT;
                RETURN;
            END IF;
            FOR j IN 1 .. ncols LOOP
                name := pg_catalog.lower(header[j]);
                canon := CASE pg_catalog.translate(name, 'éèêàç', 'eeeac')
                    WHEN 'chamber_code' THEN 'chamber_code' WHEN 'chamber' THEN 'chamber_code'
                    WHEN 'chambre' THEN 'chamber_code' WHEN 'code_chambre' THEN 'chamber_code'
                    WHEN 'indicator_code' THEN 'indicator_code' WHEN 'indicator' THEN 'indicator_code'
                    WHEN 'indicateur' THEN 'indicator_code' WHEN 'code_indicateur' THEN 'indicator_code'
                    WHEN 'target' THEN 'target' WHEN 'cible' THEN 'target'
                    WHEN 'realized' THEN 'realized' WHEN 'realised' THEN 'realized' WHEN 'realise' THEN 'realized'
                    WHEN 'comment' THEN 'comment' WHEN 'commentaire' THEN 'comment'
                    WHEN 'justification' THEN 'comment'
                    END;
                line := 1; field := header[j];
                IF canon IS NULL THEN
                    problem := pg_catalog.format('unknown column "%s": expected chamber_code (chambre), indicator_code (indicateur), %s (%s) and optionally comment (commentaire)',
                                                 header[j], value_col, CASE k WHEN 'target' THEN 'cible' ELSE 'réalisé' END);
                    RETURN NEXT;
                ELSIF canon = other_col THEN
                    problem := pg_catalog.format('column "%s" holds %s values: this file belongs to cop_alloc.import_%s',
                                                 header[j], other_col, CASE other_col WHEN 'target' THEN 'targets' ELSE 'results' END);
                    RETURN NEXT;
                ELSIF cols ? canon THEN
                    problem := pg_catalog.format('column "%s" appears twice (columns %s and %s)', header[j], cols ->> canon, j);
                    RETURN NEXT;
                ELSE
                    cols := cols || pg_catalog.jsonb_build_object(canon, j);
                END IF;
            END LOOP;
            FOREACH name IN ARRAY ARRAY['chamber_code', 'indicator_code', value_col] LOOP
                IF NOT cols ? name THEN
                    line := 1; field := name;
                    problem := pg_catalog.format('missing column %s (%s)', name,
                                                 CASE name WHEN 'chamber_code' THEN 'chambre' WHEN 'indicator_code' THEN 'indicateur'
                                                           WHEN 'target' THEN 'cible' ELSE 'réalisé' END);
                    RETURN NEXT;
                END IF;
            END LOOP;
            IF NOT (cols ? 'chamber_code' AND cols ? 'indicator_code' AND cols ? value_col) THEN
                RETURN;     -- the lines cannot be read without their columns
            END IF;
            ic := (cols ->> 'chamber_code')::int;
            ii := (cols ->> 'indicator_code')::int;
            iv := (cols ->> value_col)::int;
            icom := (cols ->> 'comment')::int;
            CONTINUE;
        END IF;

        -- a data line
        line := r.line; chamber_code := NULL; indicator_code := NULL; value := NULL; comment := NULL;
        IF r.problem IS NOT NULL THEN
            field := NULL; problem := r.problem;
            RETURN NEXT;
            data_lines := data_lines + 1;
            CONTINUE;
        END IF;
        IF pg_catalog.array_to_string(r.fields, '') = '' THEN
            CONTINUE;       -- blank line
        END IF;
        data_lines := data_lines + 1;
        IF pg_catalog.array_length(r.fields, 1) > ncols THEN
            field := NULL;
            problem := pg_catalog.format('%s fields where the header has %s (separator "%s"; a decimal comma needs quotes in a comma-separated file)',
                                         pg_catalog.array_length(r.fields, 1), ncols, r.separator);
            RETURN NEXT;
            CONTINUE;
        END IF;
        -- "NORD,I1,12,5,": an unquoted decimal comma would shift the comment
        IF r.separator = ',' AND icom = iv + 1 AND r.fields[iv] ~ '^[0-9]+$' AND r.fields[icom] ~ '^[0-9]+$' THEN
            field := value_col;
            problem := pg_catalog.format('"%s,%s" is ambiguous in a comma-separated file: quote a number with a decimal comma ("%s,%s"), or write it with a point',
                                         r.fields[iv], r.fields[icom], r.fields[iv], r.fields[icom]);
            RETURN NEXT;
            CONTINUE;
        END IF;
        -- fields missing at the end of a line are empty
        ch := coalesce(r.fields[ic], '');
        ind := coalesce(r.fields[ii], '');
        chamber_code := nullif(ch, '');
        indicator_code := nullif(ind, '');
        ch_ok := false;
        ind_ok := false;
        field := 'chamber_code';
        IF ch = '' THEN
            problem := 'missing chamber code';
            RETURN NEXT;
        ELSIF NOT EXISTS (SELECT FROM cop_alloc.chamber c WHERE c.code OPERATOR(pg_catalog.=) ch) THEN
            problem := pg_catalog.format('unknown chamber "%s"', ch);
            RETURN NEXT;
        ELSE
            ch_ok := true;
        END IF;
        field := 'indicator_code';
        IF ind = '' THEN
            problem := 'missing indicator code';
            RETURN NEXT;
        ELSIF NOT EXISTS (SELECT FROM cop_alloc.indicator i WHERE i.code OPERATOR(pg_catalog.=) ind) THEN
            problem := pg_catalog.format('unknown indicator "%s"', ind);
            RETURN NEXT;
        ELSE
            ind_ok := true;
        END IF;
        IF ch_ok AND ind_ok THEN
            -- duplicates are found once every line is read (below)
            seen_chamber := pg_catalog.array_append(seen_chamber, ch);
            seen_indicator := pg_catalog.array_append(seen_indicator, ind);
            seen_line := pg_catalog.array_append(seen_line, r.line);
        END IF;
        IF ch_ok AND ind_ok AND k = 'result'
           AND NOT EXISTS (SELECT FROM cop_alloc.com_target t
                            WHERE t.year OPERATOR(pg_catalog.=) y AND t.chamber_code OPERATOR(pg_catalog.=) ch
                              AND t.indicator_code OPERATOR(pg_catalog.=) ind) THEN
            problem := pg_catalog.format('no target of chamber "%s" for indicator "%s" in %s: a result needs a COM target (load it with cop_alloc.import_targets)', ch, ind, y);
            RETURN NEXT;
            ind_ok := false;
        END IF;
        fig := cop_alloc.parse_figure(coalesce(r.fields[iv], ''));
        IF fig.problem IS NOT NULL THEN
            field := value_col;
            problem := fig.problem || CASE WHEN fig.problem = 'empty value' THEN pg_catalog.format(' of %s', value_col) ELSE '' END;
            RETURN NEXT;
        ELSIF ch_ok AND ind_ok THEN
            field := NULL; problem := NULL;
            value := fig.value;
            comment := nullif(r.fields[icom], '');
            RETURN NEXT;
        END IF;
    END LOOP;
    RETURN QUERY
    SELECT d.line, 'indicator_code'::text,
           pg_catalog.format('chamber "%s" and indicator "%s" already appear on line %s', d.c, d.i, d.first),
           d.c, d.i, NULL::numeric, NULL::text
      FROM (SELECT u.c, u.i, u.line, pg_catalog.min(u.line) OVER (PARTITION BY u.c, u.i) AS first
              FROM unnest(seen_chamber, seen_indicator, seen_line) AS u (c, i, line)) d
     WHERE d.line > d.first;
    IF header IS NULL THEN
        line := 1; field := NULL;
        problem := 'empty file: a header line naming the columns is expected';
        RETURN NEXT;
    ELSIF data_lines = 0 THEN
        line := 1; field := NULL;
        problem := pg_catalog.format('the file has a header line but no %s', CASE k WHEN 'target' THEN 'targets' ELSE 'results' END);
        RETURN NEXT;
    END IF;
END
$$;
COMMENT ON FUNCTION cop_alloc.read_figures(text, int, text) IS
    'Reads a file of targets (kind target) or results (kind result) of a results year: one row per problem (line, field, problem, and the line''s codes as written) and one per good line (problem NULL, with chamber_code, indicator_code, value and comment). Used by import_targets, import_results and file_report.';

-- -------------------------------------------------------------------
-- Replacing a chamber's figures of a year, recorded in figure_load
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.replace_figures(kind text, year int, chamber_code text, figures jsonb,
                                                     source text, report_id bigint, loaded_by text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k text := $1;
    y int := $2;
    code text := $3;
    old jsonb;
BEGIN
    IF k = 'target' THEN
        SELECT coalesce(pg_catalog.jsonb_object_agg(t.indicator_code, t.target), '{}') INTO old
          FROM cop_alloc.com_target t
         WHERE t.year OPERATOR(pg_catalog.=) y AND t.chamber_code OPERATOR(pg_catalog.=) code;
        DELETE FROM cop_alloc.com_target t
         WHERE t.year OPERATOR(pg_catalog.=) y AND t.chamber_code OPERATOR(pg_catalog.=) code;
        INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target)
        SELECT y, code, f.key, (f.value ->> 'value')::numeric FROM pg_catalog.jsonb_each($4) f;
    ELSE
        SELECT coalesce(pg_catalog.jsonb_object_agg(r.indicator_code, r.realized), '{}') INTO old
          FROM cop_alloc.indicator_result r
         WHERE r.year OPERATOR(pg_catalog.=) y AND r.chamber_code OPERATOR(pg_catalog.=) code;
        DELETE FROM cop_alloc.indicator_result r
         WHERE r.year OPERATOR(pg_catalog.=) y AND r.chamber_code OPERATOR(pg_catalog.=) code;
        INSERT INTO cop_alloc.indicator_result (year, chamber_code, indicator_code, realized)
        SELECT y, code, f.key, (f.value ->> 'value')::numeric FROM pg_catalog.jsonb_each($4) f;
    END IF;
    INSERT INTO cop_alloc.figure_load (kind, year, chamber_code, source, report_id, loaded_by, figures, replaced)
    VALUES (k, y, code, $5, $6, $7, $4, old);
END
$$;
COMMENT ON FUNCTION cop_alloc.replace_figures(text, int, text, jsonb, text, bigint, text) IS
    'Replaces every target (kind target) or result (kind result) of a chamber in a results year by the figures given ({"indicator": {"value": n, ...}}) and records the load with what it replaced in figure_load. Internal: called by import_targets, import_results and file_report after their checks.';

CREATE OR REPLACE FUNCTION cop_alloc.intake_check_year(year int, csv text) RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF $1 IS NULL OR $2 IS NULL THEN
        RAISE EXCEPTION 'the results year and the file''s text must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF $1 NOT BETWEEN 1900 AND 2999 THEN
        RAISE EXCEPTION 'results year % is out of range', $1
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Give a year between 1900 and 2999.';
    END IF;
END
$$;
COMMENT ON FUNCTION cop_alloc.intake_check_year(int, text) IS
    'Refuses a NULL year or text and a year outside 1900 .. 2999 (invalid_parameter_value): the import functions are not STRICT, since an empty result means loaded.';

CREATE OR REPLACE FUNCTION cop_alloc.intake_check_chamber(chamber_code text) RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM cop_alloc.chamber c WHERE c.code OPERATOR(pg_catalog.=) $1) THEN
        RAISE EXCEPTION 'unknown chamber "%"', $1 USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
COMMENT ON FUNCTION cop_alloc.intake_check_chamber(text) IS
    'Refuses a chamber code that is not in cop_alloc.chamber (invalid_parameter_value, unknown chamber "<code>"): for accept_late_report and file_report.';

CREATE OR REPLACE FUNCTION cop_alloc.intake_rows(staged jsonb)
RETURNS TABLE (line int, field text, problem text, chamber_code text, indicator_code text,
               value numeric, comment text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT * FROM pg_catalog.jsonb_to_recordset(coalesce($1, '[]'))
               AS x (line int, field text, problem text, chamber_code text, indicator_code text,
                     value numeric, comment text)
$$;
COMMENT ON FUNCTION cop_alloc.intake_rows(jsonb) IS
    'The rows of read_figures kept as a JSON array (numbers stay exact numerics) by import_figures and file_report, which use no temporary table: as SECURITY DEFINER code they must not write a table the caller could have created first.';

CREATE OR REPLACE FUNCTION cop_alloc.import_figures(kind text, year int, csv text)
RETURNS TABLE (line int, field text, problem text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    k text := $1;
    y int := $2;
    c record;
    who text;
    n int := 0;
    staged jsonb;
BEGIN
    PERFORM cop_alloc.intake_check_year(y, $3);
    staged := (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x)), '[]') FROM cop_alloc.read_figures(k, y, $3) x);
    IF EXISTS (SELECT FROM cop_alloc.intake_rows(staged) l WHERE l.problem IS NOT NULL) THEN
        RETURN QUERY SELECT l.line, l.field, l.problem FROM cop_alloc.intake_rows(staged) l
                      WHERE l.problem IS NOT NULL ORDER BY l.line, l.field COLLATE "C" NULLS FIRST;
        RETURN;
    END IF;
    -- the caller's right over every chamber of the file, before anything is written
    FOR c IN SELECT DISTINCT l.chamber_code FROM cop_alloc.intake_rows(staged) l ORDER BY 1 LOOP
        who := cop_alloc.intake_writer(c.chamber_code);
    END LOOP;
    PERFORM cop_alloc.lock_chambers(ARRAY(SELECT DISTINCT l.chamber_code FROM cop_alloc.intake_rows(staged) l));
    FOR c IN SELECT l.chamber_code,
                    pg_catalog.jsonb_object_agg(l.indicator_code,
                        pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('value', l.value, 'comment', l.comment, 'line', l.line))) AS figures,
                    pg_catalog.count(*) AS lines
               FROM cop_alloc.intake_rows(staged) l GROUP BY l.chamber_code ORDER BY l.chamber_code COLLATE "C" LOOP
        PERFORM cop_alloc.replace_figures(k, y, c.chamber_code, c.figures, 'file', NULL,
                                          cop_alloc.intake_writer(c.chamber_code));
        n := n + c.lines;
    END LOOP;
    RAISE NOTICE 'loaded % % of % chamber(s) for %', n, CASE k WHEN 'target' THEN 'targets' ELSE 'results' END,
                 (SELECT pg_catalog.count(DISTINCT l.chamber_code) FROM cop_alloc.intake_rows(staged) l), y;
END
$$;
COMMENT ON FUNCTION cop_alloc.import_figures(text, int, text) IS
    'Common part of import_targets and import_results: reads the file, returns every problem, or when there is none replaces the figures of each chamber of the file (figure_load keeps the previous ones).';

CREATE OR REPLACE FUNCTION cop_alloc.import_targets(year int, csv text)
RETURNS TABLE (line int, field text, problem text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- The COM's targets are agreed between CMA France and the chamber: a
    -- chamber that set its own would set the measure of its achievement.
    -- CMA France's finance department loads them.
    PERFORM cop_alloc.require_party('finance');
    RETURN QUERY SELECT * FROM cop_alloc.import_figures('target', $1, $2);
END
$$;
COMMENT ON FUNCTION cop_alloc.import_targets(int, text) IS
    'Loads the COM targets of a results year from the text of a CSV file (columns chamber_code/chambre, indicator_code/indicateur, target/cible, optional comment/commentaire; ; or , separated; decimal comma or point; UTF-8 with or without BOM; CRLF; quoted fields). Returns one row per problem (line, the header being line 1; field; problem) and loads nothing if there is any; an empty result means every line was loaded. Each chamber of the file has its targets of the year replaced; figure_load keeps the previous ones. The finance party only: the targets are agreed in each chamber''s COM, not set by the chamber.';

CREATE OR REPLACE FUNCTION cop_alloc.import_results(year int, csv text)
RETURNS TABLE (line int, field text, problem text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF cop_alloc.acts_for('finance') THEN
        PERFORM cop_alloc.require_party('finance');
    ELSE
        PERFORM cop_alloc.require_party('chamber');
    END IF;
    RETURN QUERY SELECT * FROM cop_alloc.import_figures('result', $1, $2);
END
$$;
COMMENT ON FUNCTION cop_alloc.import_results(int, text) IS
    'Loads the realized values of a results year from the text of a CSV file (columns chamber_code/chambre, indicator_code/indicateur, realized/réalisé, optional comment/commentaire; the same formats as import_targets). Every result needs a target of the same year. Returns one row per problem and loads nothing if there is any; an empty result means every line was loaded. Each chamber of the file has its results of the year replaced; figure_load keeps the previous ones. A chamber loads its own (and its associated chambers''), the finance party any.';

-- -------------------------------------------------------------------
-- Execution reports (R323-24)
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.report_deadline(year int) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.make_date($1 + 1, 3, 1) - 1
$$;
COMMENT ON FUNCTION cop_alloc.report_deadline(int) IS
    'The last day a chamber''s execution report of its COM on a results year may be received: the last day of February of year + 1 (R323-24).';

CREATE OR REPLACE VIEW cop_alloc.report_in_force WITH (security_invoker = true) AS
SELECT r.report_id, r.year, r.chamber_code, r.version, r.received_on, r.filed_by, r.filed_at,
       r.received_on > cop_alloc.report_deadline(r.year) AS late,
       a.reason AS late_reason, a.accepted_by AS late_accepted_by, r.summary
  FROM cop_alloc.chamber_report r
  LEFT JOIN cop_alloc.late_report_acceptance a ON a.acceptance_id = r.late_acceptance_id
 WHERE NOT EXISTS (SELECT FROM cop_alloc.chamber_report n
                    WHERE n.year = r.year AND n.chamber_code = r.chamber_code AND n.version > r.version);
COMMENT ON VIEW cop_alloc.report_in_force IS 'The version in force (the latest) of each chamber''s report on each results year.';
COMMENT ON COLUMN cop_alloc.report_in_force.report_id IS 'The report version in force.';
COMMENT ON COLUMN cop_alloc.report_in_force.year IS 'The results year.';
COMMENT ON COLUMN cop_alloc.report_in_force.chamber_code IS 'The reporting chamber.';
COMMENT ON COLUMN cop_alloc.report_in_force.version IS 'Its version number.';
COMMENT ON COLUMN cop_alloc.report_in_force.received_on IS 'When CMA France received it.';
COMMENT ON COLUMN cop_alloc.report_in_force.filed_by IS 'Who filed it.';
COMMENT ON COLUMN cop_alloc.report_in_force.filed_at IS 'When it was recorded.';
COMMENT ON COLUMN cop_alloc.report_in_force.late IS 'Received after the last day of February of year + 1 (R323-24).';
COMMENT ON COLUMN cop_alloc.report_in_force.late_reason IS 'For a late version: the reason CMA France accepted it for.';
COMMENT ON COLUMN cop_alloc.report_in_force.late_accepted_by IS 'For a late version: who accepted it.';
COMMENT ON COLUMN cop_alloc.report_in_force.summary IS 'The chamber''s general comment.';

CREATE OR REPLACE FUNCTION cop_alloc.accept_late_report(year int, chamber_code text, reason text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    who text := cop_alloc.require_party('finance');
    id bigint;
BEGIN
    IF $1 IS NULL OR $2 IS NULL THEN
        RAISE EXCEPTION 'the year and the chamber of a late report must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF coalesce(pg_catalog.btrim($3), '') = '' THEN
        RAISE EXCEPTION 'accepting the late report of chamber % for % needs a reason', $2, $1
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Say why CMA France accepts it after the deadline of R323-24; the reason is kept.';
    END IF;
    PERFORM cop_alloc.intake_check_chamber($2);
    INSERT INTO cop_alloc.late_report_acceptance (year, chamber_code, reason, accepted_by)
    VALUES ($1, $2, $3, who) RETURNING acceptance_id INTO id;
    RETURN id;
END
$$;
COMMENT ON FUNCTION cop_alloc.accept_late_report(int, text, text) IS
    'CMA France (finance party) accepts that a chamber files its report on a results year after the deadline (R323-24), for a reason that is kept; one acceptance lets one version be filed late. Returns the acceptance_id.';

CREATE OR REPLACE FUNCTION cop_alloc.file_report(year int, chamber_code text, results text,
                                                 actions jsonb DEFAULT '[]', received_on date DEFAULT current_date,
                                                 summary text DEFAULT NULL)
RETURNS TABLE (line int, field text, problem text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    y int := $1;
    reporter text := $2;
    acts jsonb := coalesce($4, '[]');
    got date := $5;
    who text;
    deadline date;
    acceptance bigint;
    rid bigint;
    ver int;
    a record;
    c record;
    staged jsonb;
BEGIN
    PERFORM cop_alloc.intake_check_year(y, $3);
    IF reporter IS NULL OR got IS NULL THEN
        RAISE EXCEPTION 'the chamber and the date of receipt of a report must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM cop_alloc.intake_check_chamber(reporter);
    -- CMA France's finance department, or the chamber (or its regional chamber)
    IF cop_alloc.acts_for('finance') THEN
        who := cop_alloc.require_party('finance');
    ELSE
        who := cop_alloc.require_party('chamber', reporter);
    END IF;
    IF got > current_date OR got < pg_catalog.make_date(y + 1, 1, 1) THEN
        RAISE EXCEPTION 'a report on % cannot be received on %', y, got
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The execution report on %s is received after the year, by %s (R323-24), and not after today.', y, cop_alloc.report_deadline(y));
    END IF;
    IF pg_catalog.jsonb_typeof(acts) <> 'array' THEN
        RAISE EXCEPTION 'the actions of a report must be a JSON array'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass [{"title": "...", "cost": 12000.00, "financing": "...", "achievement": "..."}, ...].';
    END IF;
    PERFORM cop_alloc.lock_chambers(ARRAY(SELECT x.code FROM cop_alloc.chamber x
                                           WHERE x.code OPERATOR(pg_catalog.=) reporter
                                              OR x.parent_code OPERATOR(pg_catalog.=) reporter));

    -- the realized values: the format of import_results, for this chamber
    -- and its associated chambers, each gap justified in the comment column
    staged := (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x)), '[]') FROM cop_alloc.read_figures('result', y, $3) x);
    staged := staged || coalesce((
    SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('line', l.line, 'field', 'chamber_code', 'problem',
           pg_catalog.format('chamber "%s" is neither "%s" nor associated to it', l.chamber_code, reporter)))
      FROM cop_alloc.intake_rows(staged) l JOIN cop_alloc.chamber x ON x.code = l.chamber_code
     WHERE l.problem IS NULL AND x.code <> reporter AND x.parent_code IS DISTINCT FROM reporter), '[]');
    staged := staged || coalesce((
    SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('line', l.line, 'field', 'comment', 'problem',
           pg_catalog.format('the gap of chamber "%s" on indicator "%s" (realized %s, target %s) needs a justification in the comment column (R323-24)',
                             l.chamber_code, l.indicator_code, pg_catalog.trim_scale(l.value), pg_catalog.trim_scale(t.target))))
      FROM cop_alloc.intake_rows(staged) l
      JOIN cop_alloc.com_target t ON t.year = y AND t.chamber_code = l.chamber_code AND t.indicator_code = l.indicator_code
      JOIN cop_alloc.catalogue_in_force(y) i ON i.code = l.indicator_code
     WHERE l.problem IS NULL AND l.comment IS NULL
       AND CASE i.direction WHEN 'lower' THEN l.value > t.target ELSE l.value < t.target END), '[]');
    -- every positive target of the reporting chamber, and of each
    -- associated chamber the report gives figures of, needs its realized value
    staged := staged || coalesce((
    SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('field', 'realized', 'problem',
           pg_catalog.format('no realized value for indicator "%s" of chamber "%s" (target %s)',
                             t.indicator_code, t.chamber_code, pg_catalog.trim_scale(t.target))))
      FROM cop_alloc.com_target t
      JOIN cop_alloc.chamber x ON x.code = t.chamber_code
     WHERE t.year = y AND t.target > 0     -- a target of 0 is not applicable
       AND (x.code = reporter
            OR x.parent_code = reporter AND x.code IN (SELECT l.chamber_code FROM cop_alloc.intake_rows(staged) l WHERE l.problem IS NULL))
       AND NOT EXISTS (SELECT FROM cop_alloc.intake_rows(staged) l
                        WHERE l.chamber_code = t.chamber_code AND l.indicator_code = t.indicator_code)), '[]');
    -- the actions: title, cost (euros, at most 2 decimals), financing
    FOR a IN SELECT x.value AS act, x.ordinality::int AS no FROM pg_catalog.jsonb_array_elements(acts) WITH ORDINALITY x LOOP
        IF pg_catalog.jsonb_typeof(a.act) <> 'object' THEN
            staged := staged || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('field', pg_catalog.format('actions[%s]', a.no), 'problem', 'an action is a JSON object with title, cost, financing and achievement'));
            CONTINUE;
        END IF;
        IF coalesce(pg_catalog.btrim(a.act ->> 'title'), '') = '' THEN
            staged := staged || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('field', pg_catalog.format('actions[%s].title', a.no), 'problem', 'missing title of the action'));
        END IF;
        IF coalesce(pg_catalog.btrim(a.act ->> 'financing'), '') = '' THEN
            staged := staged || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('field', pg_catalog.format('actions[%s].financing', a.no), 'problem', 'missing financing of the action'));
        END IF;
        IF pg_catalog.jsonb_typeof(a.act -> 'cost') IS DISTINCT FROM 'number'
           OR (a.act ->> 'cost')::numeric < 0 OR (a.act ->> 'cost')::numeric > 10000000000
           OR (a.act ->> 'cost')::numeric <> pg_catalog.round((a.act ->> 'cost')::numeric, 2) THEN
            staged := staged || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('field', pg_catalog.format('actions[%s].cost', a.no), 'problem',
                    pg_catalog.format('cost %s is not an amount in euros (a JSON number in [0, 10^10] with at most 2 decimals)',
                                      coalesce(a.act ->> 'cost', 'missing'))));
        END IF;
        IF a.act - ARRAY['title', 'cost', 'financing', 'achievement'] <> '{}' THEN
            staged := staged || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('field', pg_catalog.format('actions[%s]', a.no), 'problem',
                    pg_catalog.format('unknown key(s) %s: an action has title, cost, financing and achievement',
                                      (SELECT pg_catalog.string_agg(k, ', ') FROM pg_catalog.jsonb_object_keys(a.act - ARRAY['title', 'cost', 'financing', 'achievement']) k))));
        END IF;
    END LOOP;
    IF EXISTS (SELECT FROM cop_alloc.intake_rows(staged) l WHERE l.problem IS NOT NULL) THEN
        RETURN QUERY SELECT l.line, l.field, l.problem FROM cop_alloc.intake_rows(staged) l
                      WHERE l.problem IS NOT NULL
                      ORDER BY l.line NULLS LAST, l.field COLLATE "C" NULLS FIRST, l.problem COLLATE "C";
        RETURN;
    END IF;
    FOR c IN SELECT DISTINCT l.chamber_code FROM cop_alloc.intake_rows(staged) l LOOP
        PERFORM cop_alloc.intake_writer(c.chamber_code);
    END LOOP;

    -- the deadline: the last day of February of year + 1
    deadline := cop_alloc.report_deadline(y);
    IF got > deadline THEN
        SELECT x.acceptance_id INTO acceptance FROM cop_alloc.late_report_acceptance x
         WHERE x.year = y AND x.chamber_code = reporter
           AND NOT EXISTS (SELECT FROM cop_alloc.chamber_report r WHERE r.late_acceptance_id = x.acceptance_id)
         ORDER BY x.acceptance_id LIMIT 1;
        IF acceptance IS NULL THEN
            RAISE EXCEPTION 'the report of chamber % on % received on % is late', reporter, y, got
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('R323-24: the execution report is due by %s.', deadline),
                      HINT = pg_catalog.format('CMA France may accept it with a reason: cop_alloc.accept_late_report(%s, %L, ''...'').', y, reporter);
        END IF;
    END IF;

    SELECT coalesce(pg_catalog.max(r.version), 0) + 1 INTO ver
      FROM cop_alloc.chamber_report r WHERE r.year = y AND r.chamber_code = reporter;
    INSERT INTO cop_alloc.chamber_report (year, chamber_code, version, received_on, filed_by, summary, late_acceptance_id)
    VALUES (y, reporter, ver, got, who, nullif(pg_catalog.btrim($6), ''), acceptance)
    RETURNING report_id INTO rid;
    INSERT INTO cop_alloc.chamber_report_figure (report_id, chamber_code, indicator_code, target, realized, justification)
    SELECT rid, l.chamber_code, l.indicator_code, t.target, l.value, l.comment
      FROM cop_alloc.intake_rows(staged) l
      JOIN cop_alloc.com_target t ON t.year = y AND t.chamber_code = l.chamber_code AND t.indicator_code = l.indicator_code;
    INSERT INTO cop_alloc.chamber_report_action (report_id, action_no, title, cost, financing, achievement)
    SELECT rid, x.ordinality, pg_catalog.btrim(x.value ->> 'title'), (x.value ->> 'cost')::numeric,
           pg_catalog.btrim(x.value ->> 'financing'), x.value ->> 'achievement'
      FROM pg_catalog.jsonb_array_elements(acts) WITH ORDINALITY x;
    -- the version in force's figures become the results the engine reads
    FOR c IN SELECT l.chamber_code,
                    pg_catalog.jsonb_object_agg(l.indicator_code,
                        pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('value', l.value, 'comment', l.comment, 'line', l.line))) AS figures
               FROM cop_alloc.intake_rows(staged) l GROUP BY l.chamber_code ORDER BY l.chamber_code COLLATE "C" LOOP
        PERFORM cop_alloc.replace_figures('result', y, c.chamber_code, c.figures, 'report', rid, who);
    END LOOP;
    RAISE NOTICE 'report of chamber % on % filed as version %', reporter, y, ver;
END
$$;
COMMENT ON FUNCTION cop_alloc.file_report(int, text, text, jsonb, date, text) IS
    'Files a chamber''s execution report of its COM on a results year (R323-24) as a new version: results is a CSV text in the format of import_results giving every indicator with a positive target of the chamber (and of its associated chambers), with the justification of each gap in the comment column; actions a JSON array of {title, cost, financing, achievement}; received_on the date CMA France received it, by the last day of February of year + 1 unless the finance party accepted it late (accept_late_report). Returns one row per problem and files nothing if there is any; an empty result means filed, and the version''s realized values replace the chambers'' results in indicator_result (recorded in figure_load).';

-- -------------------------------------------------------------------
-- Pre-flight: every problem of an exercise at once
-- -------------------------------------------------------------------

-- The targets of a results year without a result and the results without
-- a target.  Both primary keys are read in order and merged: from the
-- indexes alone where VACUUM has marked the pages all-visible, the rows
-- too where not (right after a reload of the figures: several times
-- slower until autovacuum passes).  At 10 000 chambers x 40 indicators a
-- hash join of the two tables, which the planner prefers, costs about
-- 1.6 times the merge of clean tables and spills beyond work_mem: hence
-- enable_hashjoin = off here.
CREATE OR REPLACE FUNCTION cop_alloc.unmatched_figures(results_year int)
RETURNS TABLE (chamber_code text, indicator_code text, target cop_alloc.quantity, realized cop_alloc.quantity)
LANGUAGE sql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    -- a key on one side only, with its target or its result (the keys
    -- joined as they are: row-level security then lets the join use the
    -- primary key, which it would not through an expression)
    SELECT coalesce(t.chamber_code, r.chamber_code), coalesce(t.indicator_code, r.indicator_code),
           ct.target, x.realized
      FROM (SELECT ct.year, ct.chamber_code, ct.indicator_code
              FROM cop_alloc.com_target ct WHERE ct.year = $1) t
      FULL JOIN (SELECT x.year, x.chamber_code, x.indicator_code
                   FROM cop_alloc.indicator_result x WHERE x.year = $1) r
             ON r.year = t.year AND r.chamber_code = t.chamber_code AND r.indicator_code = t.indicator_code
      LEFT JOIN cop_alloc.com_target ct
             ON ct.year = t.year AND ct.chamber_code = t.chamber_code AND ct.indicator_code = t.indicator_code
      LEFT JOIN cop_alloc.indicator_result x
             ON x.year = r.year AND x.chamber_code = r.chamber_code AND x.indicator_code = r.indicator_code
     WHERE t.chamber_code IS NULL OR r.chamber_code IS NULL
    UNION ALL
    -- a target whose result row has no value
    SELECT x.chamber_code, x.indicator_code, ct.target, x.realized
      FROM cop_alloc.indicator_result x
      JOIN cop_alloc.com_target ct
        ON ct.year = x.year AND ct.chamber_code = x.chamber_code AND ct.indicator_code = x.indicator_code
     WHERE x.year = $1 AND x.realized IS NULL
$$;
COMMENT ON FUNCTION cop_alloc.unmatched_figures(int) IS
    'The targets of a results year that have no result (no row in indicator_result, or a NULL realized value), with realized NULL, and the results that have no target in com_target, with target NULL; exercise_problems reads them. Reads the caller''s rows (row-level security applies).';

-- Each statement is planned with the year's values (plan_cache_mode):
-- with the indicators weighed unknown, a generic plan turns the probe of
-- each member's targets into one index descent per indicator.
CREATE OR REPLACE FUNCTION cop_alloc.exercise_problems(year int, errors_only boolean DEFAULT false,
                                                       measured_by_engine boolean DEFAULT false)
RETURNS TABLE (severity text, chamber_code text, indicator_code text, problem text)
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
#variable_conflict use_column
DECLARE
    y int := $1;
    ex cop_alloc.exercise;
    ry int;             -- the results year
    measured text;      -- the severity of what is only measured when the
                        -- performance part is decided: error then, warning otherwise
    weighed text[];     -- the indicators the exercise weighs
    deadline date;      -- of the execution reports on the results year
    all_rows boolean := NOT $2;
    probe boolean := NOT ($2 AND $3);  -- whether to probe each member's targets
BEGIN
    -- the axes, the recipients and their keys, the equalisation bounds
    -- (R312-2, COP preamble); the first two also without the exercise
    RETURN QUERY
    WITH e AS (
        SELECT x.*, pg_catalog.round((x.tax_product - x.quote_part) * x.operating_pct, 2) AS op  -- rhu: the amounts are >= 0
          FROM cop_alloc.exercise x WHERE x.year = y),
    b AS MATERIALIZED (
        SELECT r.chamber_code,
               coalesce(r.operating_weight, r.assujettis) AS operating_key,
               coalesce(r.performance_weight, r.operating_weight, r.assujettis) AS performance_key,
               GREATEST(coalesce(r.floor_amount, 0),
                   CASE WHEN e.max_decrease_pct IS NOT NULL THEN
                        pg_catalog.round(r.previous_operating * (1 - e.max_decrease_pct), 2) END) AS lo,
               LEAST(r.ceiling_amount,
                   CASE WHEN e.max_increase_pct IS NOT NULL THEN
                        pg_catalog.round(r.previous_operating * (1 + e.max_increase_pct), 2) END) AS hi
          FROM e, cop_alloc.exercise_chamber r WHERE r.year = y),
    -- the sums over the recipients, in one pass (NULL when there is none)
    s AS (
        SELECT pg_catalog.sum(b.operating_key) AS operating_keys, pg_catalog.sum(b.performance_key) AS performance_keys,
               pg_catalog.sum(b.lo) AS lo, pg_catalog.sum(b.hi) AS hi,
               pg_catalog.count(b.hi) AS bounded, pg_catalog.count(*) AS recipients
          FROM b)
    SELECT 'error', NULL, NULL,
           CASE WHEN pg_catalog.count(a.*) = 0
                THEN pg_catalog.format('exercise %s has no axis: exercise_axis must give the axis weights of the performance part (COP preamble)', y)
                ELSE pg_catalog.format('the axis weights of exercise %s add up to %s, not 1 (exercise_axis.weight, COP preamble)', y, pg_catalog.sum(a.weight)) END
      FROM cop_alloc.exercise_axis a WHERE a.year = y
    HAVING coalesce(pg_catalog.sum(a.weight), 0) <> 1
    UNION ALL
    SELECT 'error', NULL, NULL, pg_catalog.format('exercise %s has no recipient: exercise_chamber has no row for it (R312-2)', y)
     WHERE NOT EXISTS (SELECT FROM cop_alloc.exercise_chamber r WHERE r.year = y)
    UNION ALL
    SELECT 'error', NULL, NULL,
           pg_catalog.format('every operating key of exercise %s is 0 while the operating part is %s (exercise_chamber.assujettis, operating_weight; R312-2 1°)', y, e.op)
      FROM e, s WHERE s.operating_keys = 0 AND e.op > 0
    UNION ALL
    SELECT 'error', NULL, NULL,
           pg_catalog.format('every performance key of exercise %s is 0 while the performance part is %s (exercise_chamber.performance_weight; R312-2 2°)',
                             y, e.tax_product - e.quote_part - e.op)
      FROM e, s WHERE s.performance_keys = 0 AND e.tax_product - e.quote_part - e.op > 0
    UNION ALL
    SELECT 'error', b.chamber_code, NULL,
           pg_catalog.format('the lower bound %s of chamber %s is above its upper bound %s (floor_amount, ceiling_amount, max_decrease_pct, max_increase_pct; R312-2 1°)', b.lo, b.chamber_code, b.hi)
      FROM b WHERE b.lo > b.hi
    UNION ALL
    SELECT 'error', NULL, NULL,
           pg_catalog.format('the lower bounds of exercise %s add up to %s, above the operating part %s (floor_amount, max_decrease_pct; R312-2 1°)', y, s.lo, e.op)
      FROM e, s WHERE s.lo > e.op
    UNION ALL
    SELECT 'error', NULL, NULL,
           pg_catalog.format('every recipient of exercise %s has an upper bound and they add up to %s, below the operating part %s (ceiling_amount, max_increase_pct; R312-2 1°)', y, s.hi, e.op)
      FROM e, s WHERE s.bounded = s.recipients AND s.hi < e.op;

    SELECT x.* INTO ex FROM cop_alloc.exercise x WHERE x.year = y;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    -- the results year (COP preamble, R323-24), and the indicators in force
    -- in it that the exercise weighs, as values: the planner then knows
    -- how many targets and results the queries below select
    ry := coalesce(ex.results_year, ex.year - 1);
    measured := CASE WHEN ex.performance_decided THEN 'error' ELSE 'warning' END;
    deadline := cop_alloc.report_deadline(ry);
    SELECT pg_catalog.array_agg(i.code) INTO weighed
      FROM cop_alloc.catalogue_in_force(ry) i
      JOIN cop_alloc.exercise_axis a ON a.year = y AND a.axis_no = i.axis_no AND a.weight > 0
     WHERE i.weight > 0;

    -- what the engine measures of each recipient: the targets of it and of
    -- its associated chambers on the indicators the exercise weighs (only
    -- warnings when the performance part is not decided); run leaves it to
    -- the engine, which sees every target as it reads them (measured_by_engine)
    IF all_rows OR (measured = 'error' AND probe) THEN
    RETURN QUERY
    WITH member AS MATERIALIZED (
        -- whether each member has a positive target: one index probe,
        -- which stops at the first row found
        SELECT r.chamber_code AS recipient, c.code AS member,
               coalesce(r.performance_weight, r.operating_weight, r.assujettis) AS performance_key,
               (SELECT true FROM cop_alloc.com_target ct
                 WHERE ct.year = ry AND ct.chamber_code = c.code AND ct.target > 0
                   AND ct.indicator_code = ANY (weighed) LIMIT 1) AS positive
          FROM cop_alloc.exercise_chamber r
          LEFT JOIN cop_alloc.chamber c ON coalesce(c.parent_code, c.code) = r.chamber_code
         WHERE r.year = y),
    f AS MATERIALIZED (
        SELECT m.recipient AS chamber_code, m.performance_key,
               coalesce(pg_catalog.bool_or(m.positive), false) AS has_positive_target,
               -- a target of 0, looked for only where there is no positive one
               coalesce(pg_catalog.bool_or(coalesce(m.positive,
                            (SELECT true FROM cop_alloc.com_target ct
                              WHERE ct.year = ry AND ct.chamber_code = m.member
                                AND ct.indicator_code = ANY (weighed) LIMIT 1))), false) AS has_target
          FROM member m
         GROUP BY m.recipient, m.performance_key)
    SELECT measured, NULL, NULL,
           pg_catalog.format('no COM target of any recipient in results year %s on an indicator the exercise weighs: every achievement would be 100 %% (com_target, exercise.results_year; COP preamble)', ry)
     WHERE EXISTS (SELECT FROM f) AND NOT EXISTS (SELECT FROM f WHERE f.has_target)
    UNION ALL
    SELECT measured, f.chamber_code, NULL,
           pg_catalog.format('chamber %s has no applicable indicator in results year %s (no positive COM target of it or its associated chambers): its whole envelope would be kept without measure (com_target; COP preamble)', f.chamber_code, ry)
      FROM f
     WHERE EXISTS (SELECT FROM f WHERE f.has_target)
       AND f.performance_key > 0   -- an envelope to measure
       AND NOT f.has_positive_target
    UNION ALL
    -- the execution reports (R323-24)
    SELECT 'warning', f.chamber_code, NULL,
           pg_catalog.format('no execution report of chamber %s on %s has been filed (R323-24: due by %s)',
                             f.chamber_code, ry, deadline)
      FROM f
     WHERE all_rows AND f.has_target
       AND NOT EXISTS (SELECT FROM cop_alloc.chamber_report x WHERE x.year = ry AND x.chamber_code = f.chamber_code);
    END IF;

    -- each missing result, each result without target, of the members
    -- (only warnings unless missing_result is error)
    IF NOT (all_rows OR ex.missing_result = 'error') THEN
        RETURN;
    END IF;
    RETURN QUERY
    WITH u AS MATERIALIZED (
        SELECT u.* FROM cop_alloc.unmatched_figures(ry) u),
    member AS (
        SELECT c.code AS member
          FROM cop_alloc.exercise_chamber r
          JOIN cop_alloc.chamber c ON coalesce(c.parent_code, c.code) = r.chamber_code
         WHERE r.year = y)
    -- measured even when the performance part is not decided (R312-2 last paragraph)
    SELECT CASE WHEN ex.missing_result = 'error' THEN 'error' ELSE 'warning' END, u.chamber_code, u.indicator_code,
           pg_catalog.format('no result of chamber %s for indicator %s in %s (target %s); missing_result = %s: %s',
                             u.chamber_code, u.indicator_code, ry, pg_catalog.trim_scale(u.target), ex.missing_result,
                             CASE ex.missing_result WHEN 'error' THEN 'the exercise cannot be computed (R323-24: the chamber reports its results)'
                                                    WHEN 'zero' THEN 'it counts as 0'
                                                    ELSE 'the target is left out' END)
      FROM u JOIN member m ON m.member = u.chamber_code
     WHERE u.target > 0 AND u.realized IS NULL AND u.indicator_code = ANY (weighed)
    UNION ALL
    SELECT 'warning', u.chamber_code, u.indicator_code,
           pg_catalog.format('result %s of chamber %s for indicator %s in %s has no COM target: it is ignored (com_target)',
                             pg_catalog.trim_scale(u.realized), u.chamber_code, u.indicator_code, ry)
      FROM u JOIN member m ON m.member = u.chamber_code
     WHERE u.target IS NULL AND u.realized IS NOT NULL;

    -- the execution reports in force: late, or differing from the results
    -- (R323-24): warnings
    IF NOT all_rows THEN
        RETURN;
    END IF;
    RETURN QUERY
    WITH rif AS (
        SELECT x.* FROM cop_alloc.report_in_force x
          JOIN cop_alloc.exercise_chamber r ON r.year = y AND r.chamber_code = x.chamber_code
         WHERE x.year = ry)
    SELECT 'warning', rif.chamber_code, NULL,
           pg_catalog.format('the report of chamber %s on %s in force (version %s) was received on %s, after the deadline %s; accepted by %s: %s (R323-24)',
                             rif.chamber_code, rif.year, rif.version, rif.received_on, cop_alloc.report_deadline(rif.year),
                             rif.late_accepted_by, rif.late_reason)
      FROM rif WHERE rif.late
    UNION ALL
    SELECT 'warning', f.chamber_code, f.indicator_code,
           pg_catalog.format('the result of chamber %s for indicator %s is %s, not the %s of version %s of %s''s report in force',
                             f.chamber_code, f.indicator_code, coalesce(pg_catalog.trim_scale(x.realized)::text, 'missing'),
                             pg_catalog.trim_scale(f.realized), rif.version, rif.chamber_code)
      FROM rif
      JOIN cop_alloc.chamber_report_figure f ON f.report_id = rif.report_id
      LEFT JOIN cop_alloc.indicator_result x ON x.year = rif.year AND x.chamber_code = f.chamber_code AND x.indicator_code = f.indicator_code
     WHERE x.realized IS DISTINCT FROM f.realized;
END
$$;
COMMENT ON FUNCTION cop_alloc.exercise_problems(int, boolean, boolean) IS
    'The problems check_exercise finds by reading the tables (everything but the engine''s own refusal), unordered. With errors_only, what can only give warnings is not looked for (the results without target, the execution reports; the missing results unless missing_result is error; what is only measured when the performance part is decided, while it is not): every error is still listed, and some warnings may be. With errors_only and measured_by_engine, whether each recipient has a positive target on an indicator the exercise weighs is not looked for either: run leaves it to the engine, which checks it on the targets it reads and has everything listed when one has none. require_checked, so run, asks for errors only.';

CREATE OR REPLACE FUNCTION cop_alloc.check_exercise(year int)
RETURNS TABLE (severity text, chamber_code text, indicator_code text, problem text)
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    y int := $1;
    sev text[];
    cha text[];
    ind text[];
    pro text[];
    msg text;
    det text;
BEGIN
    PERFORM cop_alloc.require_exercise(y);
    -- the tables are read once
    SELECT pg_catalog.array_agg(p.severity), pg_catalog.array_agg(p.chamber_code),
           pg_catalog.array_agg(p.indicator_code), pg_catalog.array_agg(p.problem)
      INTO sev, cha, ind, pro
      FROM cop_alloc.exercise_problems(y) p;
    -- anything else the engine refuses, when nothing above explains it
    IF NOT coalesce('error' OPERATOR(pg_catalog.=) ANY (sev), false) THEN
        BEGIN
            PERFORM FROM cop_alloc.allocate(y);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
        END;
    END IF;
    RETURN QUERY
    SELECT p.severity, p.chamber_code, p.indicator_code, p.problem
      FROM (SELECT * FROM ROWS FROM (pg_catalog.unnest(sev), pg_catalog.unnest(cha), pg_catalog.unnest(ind), pg_catalog.unnest(pro))
                          AS u (severity, chamber_code, indicator_code, problem)
            UNION ALL
            SELECT 'error', NULL, NULL, msg || coalesce(' (' || nullif(det, '') || ')', '') WHERE msg IS NOT NULL) p
     ORDER BY p.severity COLLATE "C", p.chamber_code COLLATE "C" NULLS FIRST,
              p.indicator_code COLLATE "C" NULLS FIRST, p.problem COLLATE "C";
END
$$;
COMMENT ON FUNCTION cop_alloc.check_exercise(int) IS
    'Pre-flight of an exercise: every problem at once, severity error (run, run_if_changed and publish refuse) or warning, with the chamber and indicator at fault and the article or parameter: axis weights, recipients, keys, equalisation bounds, a results year without targets, a recipient without applicable indicator, each missing result, results without target, execution reports missing, late or differing from indicator_result (R323-24), and any other error allocate would raise. allocate itself still computes incomplete exercises (what-if).';

CREATE OR REPLACE FUNCTION cop_alloc.require_checked(year int, measured_by_engine boolean DEFAULT false) RETURNS void
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n int;
    listed text;
BEGIN
    SELECT pg_catalog.count(*),
           pg_catalog.string_agg(x.problem, E'\n' ORDER BY x.ord) FILTER (WHERE x.ord <= 20)
      INTO n, listed
      FROM (SELECT c.problem, pg_catalog.row_number() OVER (ORDER BY c.chamber_code COLLATE "C" NULLS FIRST,
                                                            c.indicator_code COLLATE "C" NULLS FIRST,
                                                            c.problem COLLATE "C") AS ord
              FROM cop_alloc.exercise_problems($1, true, $2) c WHERE c.severity = 'error') x;
    IF n > 0 AND $2 THEN
        -- the list the error gives is every error, what the engine measures included
        PERFORM cop_alloc.require_checked($1);
    END IF;
    IF n > 0 THEN
        RAISE EXCEPTION 'exercise % has % error(s) in its inputs', $1, n
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = listed,
                  HINT = pg_catalog.format('SELECT * FROM cop_alloc.check_exercise(%s) lists them all; allocate(%s) still computes what-if figures.', $1, $1);
    END IF;
END
$$;
COMMENT ON FUNCTION cop_alloc.require_checked(int, boolean) IS
    'Raises object_not_in_prerequisite_state when the tables of exercise year hold an error that check_exercise(year) lists (exercise_problems: everything but the engine''s own refusals, which the engine raises itself when it computes), the first 20 in the detail: run and run_if_changed call it. With measured_by_engine (run), whether each recipient has a positive target to be measured on is left to the engine, which checks it on the targets it reads and, when one has none, calls require_checked(year) in full; any error found still raises the whole list, that one included.';

-- -------------------------------------------------------------------
-- Rights on the intake tables: written only by the functions above;
-- each chamber reads its own rows
-- -------------------------------------------------------------------

SELECT cop_alloc.make_append_only(t,
           'Each report version, late acceptance and load of figures is kept as it was recorded.',
           'File a corrected report as a new version (cop_alloc.file_report), or load the figures again.')
  FROM pg_catalog.unnest(ARRAY['cop_alloc.chamber_report', 'cop_alloc.chamber_report_figure', 'cop_alloc.chamber_report_action',
                               'cop_alloc.late_report_acceptance', 'cop_alloc.figure_load']::pg_catalog.regclass[]) t;

ALTER TABLE cop_alloc.chamber_report ENABLE ROW LEVEL SECURITY;
ALTER TABLE cop_alloc.chamber_report FORCE ROW LEVEL SECURITY;
ALTER TABLE cop_alloc.chamber_report_figure ENABLE ROW LEVEL SECURITY;
ALTER TABLE cop_alloc.chamber_report_figure FORCE ROW LEVEL SECURITY;
ALTER TABLE cop_alloc.chamber_report_action ENABLE ROW LEVEL SECURITY;
ALTER TABLE cop_alloc.chamber_report_action FORCE ROW LEVEL SECURITY;
ALTER TABLE cop_alloc.late_report_acceptance ENABLE ROW LEVEL SECURITY;
ALTER TABLE cop_alloc.late_report_acceptance FORCE ROW LEVEL SECURITY;
ALTER TABLE cop_alloc.figure_load ENABLE ROW LEVEL SECURITY;
ALTER TABLE cop_alloc.figure_load FORCE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS chamber_report_read ON cop_alloc.chamber_report;
CREATE POLICY chamber_report_read ON cop_alloc.chamber_report FOR SELECT
    USING (cop_alloc.intake_may_read(chamber_code));
DROP POLICY IF EXISTS chamber_report_write ON cop_alloc.chamber_report;
CREATE POLICY chamber_report_write ON cop_alloc.chamber_report FOR INSERT WITH CHECK (true);
DROP POLICY IF EXISTS chamber_report_figure_read ON cop_alloc.chamber_report_figure;
CREATE POLICY chamber_report_figure_read ON cop_alloc.chamber_report_figure FOR SELECT
    USING (cop_alloc.intake_may_read(chamber_code));
DROP POLICY IF EXISTS chamber_report_figure_write ON cop_alloc.chamber_report_figure;
CREATE POLICY chamber_report_figure_write ON cop_alloc.chamber_report_figure FOR INSERT WITH CHECK (true);
DROP POLICY IF EXISTS chamber_report_action_read ON cop_alloc.chamber_report_action;
CREATE POLICY chamber_report_action_read ON cop_alloc.chamber_report_action FOR SELECT
    USING (EXISTS (SELECT FROM cop_alloc.chamber_report r WHERE r.report_id = chamber_report_action.report_id));
DROP POLICY IF EXISTS chamber_report_action_write ON cop_alloc.chamber_report_action;
CREATE POLICY chamber_report_action_write ON cop_alloc.chamber_report_action FOR INSERT WITH CHECK (true);
DROP POLICY IF EXISTS late_report_acceptance_read ON cop_alloc.late_report_acceptance;
CREATE POLICY late_report_acceptance_read ON cop_alloc.late_report_acceptance FOR SELECT
    USING (cop_alloc.intake_may_read(chamber_code));
DROP POLICY IF EXISTS late_report_acceptance_write ON cop_alloc.late_report_acceptance;
CREATE POLICY late_report_acceptance_write ON cop_alloc.late_report_acceptance FOR INSERT WITH CHECK (true);
DROP POLICY IF EXISTS figure_load_read ON cop_alloc.figure_load;
CREATE POLICY figure_load_read ON cop_alloc.figure_load FOR SELECT
    USING (cop_alloc.intake_may_read(chamber_code));
DROP POLICY IF EXISTS figure_load_write ON cop_alloc.figure_load;
CREATE POLICY figure_load_write ON cop_alloc.figure_load FOR INSERT WITH CHECK (true);

REVOKE EXECUTE ON FUNCTION cop_alloc.import_targets(int, text), cop_alloc.import_results(int, text),
       cop_alloc.file_report(int, text, text, jsonb, date, text), cop_alloc.accept_late_report(int, text, text),
       cop_alloc.import_figures(text, int, text), cop_alloc.replace_figures(text, int, text, jsonb, text, bigint, text)
       FROM PUBLIC;
