-- -------------------------------------------------------------------
-- French formatting of the figures of a deliberation
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.format_euros(amount numeric) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN v < 0 THEN '-' ELSE '' END
           || regexp_replace(trunc(abs(v))::text, '(\d)(?=(\d{3})+$)', '\1 ', 'g')
           || ',' || lpad(((abs(v) - trunc(abs(v))) * 100)::int::text, 2, '0') || ' €'
      FROM (SELECT round(format_euros.amount, 2) AS v) x
$$;
COMMENT ON FUNCTION cop_alloc.format_euros(numeric) IS
    'An amount the French way, rounded to the cent: 343333.33 gives ''343 333,33 €'' (a plain space groups thousands and precedes the euro sign).';

CREATE OR REPLACE FUNCTION cop_alloc.format_percent(ratio numeric) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT replace(round(format_percent.ratio * 100, 1)::text, '.', ',') || ' %'
$$;
COMMENT ON FUNCTION cop_alloc.format_percent(numeric) IS
    'A ratio as a French percentage with one decimal, rounded half away from zero: 0.966667 gives ''96,7 %''.';

CREATE OR REPLACE FUNCTION cop_alloc.format_rate(ratio numeric) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT replace(trim_scale(format_rate.ratio * 100)::text, '.', ',') || ' %'
$$;
COMMENT ON FUNCTION cop_alloc.format_rate(numeric) IS
    'A rate as an exact French percentage, without rounding: 0.6125 gives ''61,25 %'', 0.2 gives ''20 %'' (a legal parameter is shown as decided; format_percent rounds to one decimal).';

CREATE OR REPLACE FUNCTION cop_alloc.format_date_fr(day date) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN extract(day FROM format_date_fr.day) = 1 THEN '1er'
                ELSE extract(day FROM format_date_fr.day)::int::text END
           || ' ' || (ARRAY['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
                            'septembre', 'octobre', 'novembre', 'décembre'])[extract(month FROM format_date_fr.day)::int]
           || ' ' || extract(year FROM format_date_fr.day)::int::text
$$;
COMMENT ON FUNCTION cop_alloc.format_date_fr(date) IS
    'A date the French way: 2024-11-26 gives ''26 novembre 2024'', the first of a month ''1er''.';

-- -------------------------------------------------------------------
-- explain(year): every figure of the chain and the motive (R312-2)
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.explain(year int, run bigint DEFAULT NULL)
RETURNS TABLE (run_id bigint, chamber_code text, operating_key_source text, operating_key numeric,
               key_share numeric, operating_before numeric, operating numeric, equalisation numeric,
               binding text, bound numeric, bound_source text, previous_operating numeric,
               performance_key numeric, envelope numeric, axes jsonb, deduction numeric,
               performance numeric, total numeric, previous_year int, previous_run_id bigint,
               previous_total numeric, change numeric, change_pct numeric, motive text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    y int := $1;
    rid bigint := $2;
    r record;
    lines cop_alloc.run_line[];          -- with their axis lines (run_line.axes)
    params jsonb;
    prev_rid bigint;
BEGIN
    IF y IS NULL THEN
        RAISE EXCEPTION 'the year to explain must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF rid IS NULL THEN
        SELECT p.run_id INTO rid FROM cop_alloc.current_publication p WHERE p.year = y;
    END IF;
    IF rid IS NOT NULL THEN
        -- a stored run: its own figures, and the publication of year - 1
        -- that was in force when it was made
        r := cop_alloc.run_of_year(y, rid);
        lines := ARRAY(SELECT l FROM cop_alloc.run_line l WHERE l.run_id = rid);
        params := r.parameters;
        prev_rid := r.previous_run_id;
    ELSE
        -- nothing published: the current inputs, computed once now
        SELECT coalesce(array_agg(ROW(NULL, e.chamber_code, e.operating_key_source, e.operating_key, e.performance_key,
                                      e.previous_operating, e.operating_before, e.lower_bound, e.lower_source,
                                      e.upper_bound, e.upper_source, e.binding, e.operating, e.performance_envelope,
                                      e.deduction, e.performance, e.total, e.axes)::cop_alloc.run_line), '{}')
          INTO lines
          FROM cop_alloc.engine_lines(y) e
         WHERE e.line = 'chamber';
        params := cop_alloc.run_parameters(y);
        SELECT p.run_id INTO prev_rid FROM cop_alloc.current_publication p WHERE p.year = y - 1;
    END IF;

    RETURN QUERY
    WITH l AS (SELECT * FROM unnest(lines)),
    keys AS (SELECT sum(l.operating_key) AS total_key FROM l),
    ax AS (
        SELECT a.chamber_code,
               jsonb_agg(jsonb_build_object('axis_no', a.axis_no, 'weight', a.weight, 'stake', a.stake,
                                            'achievement', a.achievement, 'deduction', a.deduction)
                         ORDER BY a.axis_no) AS axes_shown,
               string_agg(format('axe %s : %s', a.axis_no, cop_alloc.format_percent(a.achievement))
                          || CASE WHEN a.first THEN ' d''atteinte' ELSE '' END, ' ; ' ORDER BY a.axis_no)
                   FILTER (WHERE a.achievement < 1) AS shortfalls
          FROM (SELECT ln.chamber_code, u.*, u.axis_no = min(u.axis_no) FILTER (WHERE u.achievement < 1)
                                                           OVER (PARTITION BY ln.chamber_code) AS first
                  FROM l ln CROSS JOIN LATERAL unnest(ln.axes) u) a
         GROUP BY a.chamber_code),
    prev AS (SELECT pl.chamber_code, pl.total FROM cop_alloc.run_line pl WHERE pl.run_id = prev_rid),
    f AS (
        SELECT l.*, ax.axes_shown, ax.shortfalls, pv.total AS prev_total,
               CASE WHEN k.total_key > 0 THEN l.operating_key / k.total_key END AS share,
               CASE l.binding WHEN 'lower' THEN l.lower_bound WHEN 'upper' THEN l.upper_bound END AS the_bound,
               CASE l.binding WHEN 'lower' THEN l.lower_source WHEN 'upper' THEN l.upper_source END AS the_source,
               l.total - pv.total AS delta,
               -- spec 5 bis: performance = envelope - deductions - modulation
               l.performance_envelope - l.deduction - l.performance AS modulation,
               ecm.modulation_motive
          FROM l CROSS JOIN keys k
          LEFT JOIN ax ON ax.chamber_code = l.chamber_code
          LEFT JOIN prev pv ON pv.chamber_code = l.chamber_code
          LEFT JOIN cop_alloc.exercise_chamber ecm ON ecm.year = y AND ecm.chamber_code = l.chamber_code)
    SELECT rid, f.chamber_code, f.operating_key_source, f.operating_key,
           round(f.share, 6), f.operating_before, f.operating, f.operating - f.operating_before,
           f.binding, f.the_bound, f.the_source, f.previous_operating,
           f.performance_key, f.performance_envelope, coalesce(f.axes_shown, '[]'), f.deduction,
           f.performance, f.total, y - 1, prev_rid, f.prev_total, f.delta,
           CASE WHEN f.prev_total > 0 THEN round(100 * f.delta / f.prev_total, 1) END,
           -- the operating part: key, share and equalisation
           format('Part de fonctionnement : %s (%s %s', cop_alloc.format_euros(f.operating),
                  coalesce(cop_alloc.format_percent(f.share), '0,0 %'),
                  CASE f.operating_key_source WHEN 'assujettis' THEN 'des assujettis' ELSE 'de la clé de fonctionnement' END)
           || CASE
                  WHEN f.binding = 'lower' AND f.the_source = 'floor' THEN
                      format(' ; %s à la clé, relevée au plancher de %s)', cop_alloc.format_euros(f.operating_before),
                             cop_alloc.format_euros(f.the_bound))
                  WHEN f.binding = 'lower' THEN
                      format(' ; %s à la clé, relevée à la borne basse du tunnel : baisse limitée à %s par rapport à %s)',
                             cop_alloc.format_euros(f.operating_before),
                             cop_alloc.format_percent((params ->> 'max_decrease_pct')::numeric), y - 1)
                  WHEN f.binding = 'upper' AND f.the_source = 'ceiling' THEN
                      format(' ; %s à la clé, ramenée au plafond de %s)', cop_alloc.format_euros(f.operating_before),
                             cop_alloc.format_euros(f.the_bound))
                  WHEN f.binding = 'upper' THEN
                      format(' ; %s à la clé, ramenée à la borne haute du tunnel : hausse limitée à %s par rapport à %s)',
                             cop_alloc.format_euros(f.operating_before),
                             cop_alloc.format_percent((params ->> 'max_increase_pct')::numeric), y - 1)
                  WHEN f.operating < f.operating_before THEN
                      format(' ; %s à la clé, diminuée de %s par la péréquation)', cop_alloc.format_euros(f.operating_before),
                             cop_alloc.format_euros(f.operating_before - f.operating))
                  WHEN f.operating > f.operating_before THEN
                      format(' ; %s à la clé, augmentée de %s par la péréquation)', cop_alloc.format_euros(f.operating_before),
                             cop_alloc.format_euros(f.operating - f.operating_before))
                  WHEN f.lower_source IS NOT NULL OR f.upper_source IS NOT NULL THEN ', aucune borne de péréquation atteinte)'
                  ELSE ', sans borne de péréquation)'
              END || '. '
           -- the performance part: envelope, deduction, axes short of their objectives
           || CASE
                  WHEN NOT (params ->> 'performance_decided')::boolean THEN
                      'Part de performance : non répartie, faute de décision de l''assemblée générale sur ses modalités (R312-2). '
                  WHEN f.performance_envelope = 0 THEN
                      'Part de performance : 0,00 € (aucune enveloppe de performance). '
                  WHEN f.deduction > 0 THEN
                      format('Part de performance : %s, réduite de %s (%s). ', cop_alloc.format_euros(f.performance),
                             cop_alloc.format_euros(f.deduction), f.shortfalls)
                  WHEN f.shortfalls IS NOT NULL THEN
                      format('Part de performance : %s, sans réduction (%s). ', cop_alloc.format_euros(f.performance), f.shortfalls)
                  ELSE
                      format('Part de performance : %s, sans réduction (objectifs atteints sur tous les axes). ',
                             cop_alloc.format_euros(f.performance))
              END
           -- the modulation for non-respect of the COP and the COM (decree art. 17-1 I 2°)
           || CASE
                  WHEN f.modulation > 0 THEN
                      format('Modulation pour non-respect des mesures du COP et de la COM (décret, art. 17-1 I 2°) : %s retenus sur la part de performance%s. ',
                             cop_alloc.format_euros(f.modulation), coalesce(' ; motif : ' || f.modulation_motive, ''))
                  ELSE ''
              END
           -- the total and its evolution
           || CASE
                  WHEN prev_rid IS NULL THEN
                      format('Total : %s ; aucune répartition publiée pour %s.', cop_alloc.format_euros(f.total), y - 1)
                  WHEN f.prev_total IS NULL THEN
                      format('Total : %s ; la chambre ne figurait pas dans la répartition publiée de %s.',
                             cop_alloc.format_euros(f.total), y - 1)
                  WHEN f.delta = 0 THEN
                      format('Total stable par rapport à %s : %s.', y - 1, cop_alloc.format_euros(f.total))
                  WHEN f.prev_total = 0 THEN
                      format('Total : %s, contre %s en %s.', cop_alloc.format_euros(f.total),
                             cop_alloc.format_euros(f.prev_total), y - 1)
                  ELSE
                      format('Total en %s de %s par rapport à %s : %s contre %s.',
                             CASE WHEN f.delta > 0 THEN 'hausse' ELSE 'baisse' END,
                             CASE WHEN round(100 * abs(f.delta) / f.prev_total, 1) = 0 THEN 'moins de 0,1 %'
                                  ELSE cop_alloc.format_percent(abs(f.delta) / f.prev_total) END,
                             y - 1, cop_alloc.format_euros(f.total), cop_alloc.format_euros(f.prev_total))
              END
      FROM f
     ORDER BY f.chamber_code COLLATE "C";
END
$$;
COMMENT ON FUNCTION cop_alloc.explain(int, bigint) IS
    'The figures and motives the deliberation must expose (R312-2): per chamber, its key and share of the keys, the operating part before (plain apportion) and after equalisation, the bound that applied and its source, the performance envelope, each axis''s weight, stake, achievement and deduction (axes), the performance part, the total, last year''s published total and the change in euros and percent (stable only when exactly zero), and a motive in French built from those figures. Explains the given run, else the published run of the year, else the current inputs.';

CREATE OR REPLACE FUNCTION cop_alloc.explain_indicators(year int)
RETURNS TABLE (chamber_code text, member_code text, axis_no int, indicator_code text,
               direction cop_alloc.direction, weight numeric, target numeric, realized numeric,
               achievement numeric, consolidated_target numeric, consolidated_realized numeric,
               consolidated_achievement numeric, status text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH e AS (
        SELECT x.year, coalesce(x.results_year, x.year - 1) AS ry, x.missing_result
          FROM cop_alloc.exercise x WHERE x.year = explain_indicators.year),
    members AS (
        SELECT c.code, coalesce(c.parent_code, c.code) AS recipient
          FROM e
          JOIN cop_alloc.exercise_chamber ec ON ec.year = e.year
          JOIN cop_alloc.chamber c ON coalesce(c.parent_code, c.code) = ec.chamber_code),
    rows AS (
        SELECT m.recipient, t.chamber_code AS member, i.axis_no, t.indicator_code, i.direction,
               i.weight::numeric AS weight, t.target::numeric AS target, r.realized::numeric AS realized,
               ea.axis_no IS NOT NULL AS weighed, e.missing_result,
               (t.target > 0 AND r.realized IS NULL) AS is_missing
          FROM e
          JOIN cop_alloc.com_target t ON t.year = e.ry
          JOIN members m ON m.code = t.chamber_code
          JOIN cop_alloc.catalogue_in_force(e.ry) i ON i.code = t.indicator_code
          LEFT JOIN cop_alloc.indicator_result r
            ON r.year = t.year AND r.chamber_code = t.chamber_code AND r.indicator_code = t.indicator_code
          LEFT JOIN cop_alloc.exercise_axis ea ON ea.year = e.year AND ea.axis_no = i.axis_no),
    cons AS (
        SELECT w.recipient, w.indicator_code,
               sum(w.target) FILTER (WHERE NOT (w.is_missing AND w.missing_result = 'exclude')) AS t,
               CASE WHEN bool_or(w.is_missing AND w.missing_result = 'error') THEN NULL
                    ELSE coalesce(sum(coalesce(w.realized, 0))
                                  FILTER (WHERE NOT (w.is_missing AND w.missing_result = 'exclude')), 0) END AS v
          FROM rows w GROUP BY w.recipient, w.indicator_code)
    SELECT w.recipient, w.member, w.axis_no, w.indicator_code, w.direction, w.weight, w.target, w.realized,
           cop_alloc.achievement(w.realized, w.target, w.direction),
           coalesce(c.t, 0), c.v, cop_alloc.achievement(c.v, c.t, w.direction),
           CASE WHEN NOT w.weighed OR w.weight = 0 THEN 'ignored'
                WHEN coalesce(c.t, 0) = 0 THEN 'not applicable'
                WHEN w.is_missing THEN CASE w.missing_result WHEN 'zero' THEN 'missing, counted as 0'
                                                             WHEN 'exclude' THEN 'missing, excluded'
                                                             ELSE 'missing' END
                ELSE 'counted' END
      FROM rows w JOIN cons c ON c.recipient = w.recipient AND c.indicator_code = w.indicator_code
     ORDER BY w.recipient COLLATE "C", w.axis_no, w.indicator_code COLLATE "C",
              (w.member = w.recipient) DESC, w.member COLLATE "C"
$$;
COMMENT ON FUNCTION cop_alloc.explain_indicators(int) IS
    'Per recipient chamber and indicator of the results year: each member''s target, result and achievement (associated chambers listed under their parent, member_code naming them), the consolidated target, result and achievement that count (under the exercise''s missing-result policy), the weight, and a status: counted, not applicable (consolidated target 0), missing (or missing, counted as 0 / missing, excluded), ignored (weight 0 or axis not in the exercise).';
