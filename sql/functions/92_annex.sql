-- ===================================================================
-- The annex to the general assembly's deliberation (R312-2: "the
-- motives justifying the share paid to each chamber and its evolution"):
-- one self-contained HTML document in French, inline CSS and SVG, no
-- external resource, printable on A4.  make annex YEAR=... writes it and
-- a PDF printed by headless Chromium.
-- ===================================================================

CREATE OR REPLACE FUNCTION cop_alloc.html_escape(text text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT replace(replace(replace(replace(replace(html_escape.text,
               '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;
COMMENT ON FUNCTION cop_alloc.html_escape(text) IS
    'Text made safe for HTML content and attribute values: & < > " and '' replaced by their entities.';

CREATE OR REPLACE FUNCTION cop_alloc.annex_html(year int) RETURNS text
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    y int := $1;
    e record;
    st record;
    pub record;
    s record;
    rid bigint;
    ex jsonb;
    ded numeric;
    undist numeric;
    ax jsonb;
    n int;
    maxv numeric;
    maxd numeric;
    params text;
    dist text;
    chart_totals text;
    axes_table text;
    chart_axes text;
    achievements text;
    achievement_head text;
    bounds text;
    motives text;
    reserve text;
    ledger text;
    head text;
    status_line text;
BEGIN
    e := cop_alloc.require_exercise(y);
    SELECT x.* INTO st FROM cop_alloc.status(y) x;
    SELECT p.* INTO pub FROM cop_alloc.current_publication p WHERE p.year = y;

    -- the figures: the published run, else the current inputs computed now
    ex := coalesce((SELECT jsonb_agg(to_jsonb(x)) FROM cop_alloc.explain(y) x), '[]');
    SELECT min(x.run_id) INTO rid FROM jsonb_to_recordset(ex) AS x(run_id bigint, chamber_code text, operating numeric, operating_before numeric, equalisation numeric, binding text, bound_source text, axes jsonb, deduction numeric, performance numeric, total numeric, previous_total numeric, change numeric, change_pct numeric, motive text);
    IF rid IS NOT NULL THEN
        SELECT r.tax_product, r.quote_part, r.distributable, r.operating_part, r.performance_part,
               r.allocated, r.reserve, r.results_year, r.fingerprint, r.parameters
          INTO s FROM cop_alloc.run r WHERE r.run_id = rid;
    ELSE
        SELECT m.*, coalesce(e.results_year, y - 1) AS results_year, cop_alloc.fingerprint(y) AS fingerprint,
               cop_alloc.run_parameters(y) AS parameters
          INTO s FROM cop_alloc.summary(y) m;
    END IF;
    SELECT count(*), max(greatest(x.total, coalesce(x.previous_total, 0))) INTO n, maxv FROM jsonb_to_recordset(ex) AS x(run_id bigint, chamber_code text, operating numeric, operating_before numeric, equalisation numeric, binding text, bound_source text, axes jsonb, deduction numeric, performance numeric, total numeric, previous_total numeric, change numeric, change_pct numeric, motive text);

    status_line := CASE
        WHEN pub.publication_id IS NOT NULL THEN
            format('Répartition publiée (publication %s, run %s) ; date de la délibération : %s.',
                   pub.publication_id, pub.run_id, cop_alloc.format_date_fr(pub.deliberated_on))
        ELSE 'Projet de répartition : l''exercice n''est pas publié ; les chiffres sont calculés sur les données actuelles.'
    END;

    -- 1. the parameters and their sources
    params := format(
        '<tr><td>Produit de la taxe (P)</td><td class="n">%s</td><td>%s</td></tr>'
        '<tr><td>Quote-part de CMA France (Q)</td><td class="n">%s</td><td>Article L312-2%s</td></tr>'
        '<tr><td>Pourcentage de la part de fonctionnement (f)</td><td class="n">%s</td><td>Article R312-2 1° ; %s%s</td></tr>'
        '<tr><td>Part de performance</td><td class="n">%s</td><td>Article R312-2 2° ; décision de l''assemblée générale sur ses modalités</td></tr>'
        '<tr><td>Année des résultats</td><td class="n">%s</td><td>Préambule du COP 2023-2027 (résultats de l''année précédente)</td></tr>'
        '<tr><td>Tolérance d''atteinte</td><td class="n">%s</td><td>Paramètre de l''exercice</td></tr>'
        '<tr><td>Résultat manquant</td><td class="n">%s</td><td>Paramètre de l''exercice</td></tr>'
        '<tr><td>Tunnel de péréquation</td><td class="n">%s</td><td>Délibération de l''assemblée générale (R312-2 1°)</td></tr>',
        cop_alloc.format_euros(s.tax_product),
        cop_alloc.html_escape(coalesce('Note de l''exercice : ' || nullif(btrim(e.note), ''), 'Produit de la TFCMA perçu par CMA France pour l''exercice')),
        cop_alloc.format_euros(s.quote_part),
        CASE WHEN (s.parameters ->> 'quote_part_min') IS NOT NULL
             THEN ' ; minimum ' || cop_alloc.format_euros((s.parameters ->> 'quote_part_min')::numeric) ELSE '' END,
        cop_alloc.format_rate((s.parameters ->> 'operating_pct')::numeric),
        CASE WHEN (s.parameters ->> 'minister_authorized')::boolean
             THEN 'au-delà de 50 %, autorisation expresse du ministre' ELSE 'dans la limite de 50 %' END,
        CASE WHEN st.percentage_from IS NOT NULL
             THEN format(' ; proposition au ministre adoptée le %s', cop_alloc.format_date_fr(st.percentage_from)) ELSE '' END,
        CASE WHEN (s.parameters ->> 'performance_decided')::boolean THEN 'répartie' ELSE 'non répartie' END,
        s.results_year,
        cop_alloc.format_rate((s.parameters ->> 'tolerance')::numeric),
        CASE s.parameters ->> 'missing_result' WHEN 'zero' THEN 'compté 0' WHEN 'exclude' THEN 'objectif écarté'
                                                ELSE 'refus du calcul' END,
        CASE WHEN (s.parameters ->> 'max_decrease_pct') IS NULL AND (s.parameters ->> 'max_increase_pct') IS NULL THEN 'aucun'
             ELSE concat_ws(' / ',
                     'baisse ≤ ' || cop_alloc.format_rate((s.parameters ->> 'max_decrease_pct')::numeric),
                     'hausse ≤ ' || cop_alloc.format_rate((s.parameters ->> 'max_increase_pct')::numeric)) END)
      || coalesce((
        SELECT string_agg(format('<tr><td>Poids de l''axe %s : %s</td><td class="n">%s</td><td>COP 2023-2027%s</td></tr>',
                                 w.key, cop_alloc.html_escape(coalesce(a.title, '')),
                                 cop_alloc.format_rate(w.value::text::numeric),
                                 CASE WHEN a.cop_weight IS NOT NULL AND a.cop_weight <> w.value::text::numeric
                                      THEN ', modifié par l''exercice' ELSE '' END),
                          '' ORDER BY w.key::int)
          FROM jsonb_each(s.parameters -> 'axis_weights') w
          LEFT JOIN cop_alloc.axis a ON a.axis_no = w.key::int), '');

    -- 2. the distribution per chamber, with last year
    dist := (
        SELECT string_agg(format('<tr><td>%s</td><td>%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td>'
                                 '<td class="n">%s</td><td class="n">%s</td><td class="n">%s</td></tr>',
                                 cop_alloc.html_escape(x.chamber_code), cop_alloc.html_escape(coalesce(c.name, '')),
                                 cop_alloc.format_euros(x.operating), cop_alloc.format_euros(x.performance),
                                 cop_alloc.format_euros(x.total),
                                 coalesce(cop_alloc.format_euros(x.previous_total), '–'),
                                 coalesce(cop_alloc.format_euros(x.change), '–'),
                                 coalesce(replace(x.change_pct::text, '.', ',') || ' %', '–')),
                          '' ORDER BY x.chamber_code COLLATE "C")
          FROM jsonb_to_recordset(ex) AS x(run_id bigint, chamber_code text, operating numeric, operating_before numeric, equalisation numeric, binding text, bound_source text, axes jsonb, deduction numeric, performance numeric, total numeric, previous_total numeric, change numeric, change_pct numeric, motive text) LEFT JOIN cop_alloc.chamber c ON c.code = x.chamber_code)
      || (SELECT format('<tr class="total"><td></td><td>Total (%s chambres)</td><td class="n">%s</td><td class="n">%s</td>'
                        '<td class="n">%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td></tr>',
                        count(*), cop_alloc.format_euros(sum(x.operating)), cop_alloc.format_euros(sum(x.performance)),
                        cop_alloc.format_euros(sum(x.total)),
                        coalesce(cop_alloc.format_euros(sum(x.previous_total)), '–'),
                        coalesce(cop_alloc.format_euros(sum(x.total) - sum(x.previous_total)), '–'),
                        coalesce(replace(round(100 * (sum(x.total) - sum(x.previous_total)) / nullif(sum(x.previous_total), 0), 1)::text, '.', ',') || ' %', '–'))
            FROM jsonb_to_recordset(ex) AS x(run_id bigint, chamber_code text, operating numeric, operating_before numeric, equalisation numeric, binding text, bound_source text, axes jsonb, deduction numeric, performance numeric, total numeric, previous_total numeric, change numeric, change_pct numeric, motive text));

    -- chart 1: totals of N against N - 1, one pair of bars per chamber
    chart_totals := format('<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="720" height="%s" viewBox="0 0 720 %s" role="img" aria-label="Totaux %s et %s par chambre">',
                           46 + 24 * n, 46 + 24 * n, y, y - 1)
        || format('<rect x="200" y="6" width="12" height="10" class="prev"/><text x="216" y="15">%s</text>'
                  '<rect x="280" y="6" width="12" height="10" class="cur"/><text x="296" y="15">%s</text>', y - 1, y)
        || coalesce((
            SELECT string_agg(format('<text x="194" y="%s" text-anchor="end">%s</text>'
                                     '<rect x="200" y="%s" width="%s" height="9" class="prev"><title>%s %s : %s</title></rect>'
                                     '<rect x="200" y="%s" width="%s" height="9" class="cur"><title>%s %s : %s</title></rect>'
                                     '<text x="%s" y="%s" class="v">%s</text>',
                                     38 + 24 * (k - 1), cop_alloc.html_escape(coalesce(c.name, x.chamber_code)),
                                     28 + 24 * (k - 1), round(coalesce(x.previous_total, 0) * 400 / nullif(maxv, 0), 1),
                                     cop_alloc.html_escape(x.chamber_code), y - 1, coalesce(cop_alloc.format_euros(x.previous_total), '–'),
                                     38 + 24 * (k - 1), round(x.total * 400 / nullif(maxv, 0), 1),
                                     cop_alloc.html_escape(x.chamber_code), y, cop_alloc.format_euros(x.total),
                                     204 + round(greatest(x.total, coalesce(x.previous_total, 0)) * 400 / nullif(maxv, 0), 1),
                                     46 + 24 * (k - 1), cop_alloc.format_euros(x.total)),
                              '' ORDER BY k)
              FROM (SELECT x.*, row_number() OVER (ORDER BY x.chamber_code COLLATE "C") AS k FROM jsonb_to_recordset(ex) AS x(run_id bigint, chamber_code text, operating numeric, operating_before numeric, equalisation numeric, binding text, bound_source text, axes jsonb, deduction numeric, performance numeric, total numeric, previous_total numeric, change numeric, change_pct numeric, motive text)) x
              LEFT JOIN cop_alloc.chamber c ON c.code = x.chamber_code), '')
        || '</svg>';

    -- 3. the performance part by axis
    ax := coalesce((SELECT jsonb_agg(jsonb_build_object('chamber_code', x.chamber_code) || a)
                      FROM jsonb_to_recordset(ex) AS x(run_id bigint, chamber_code text, operating numeric, operating_before numeric, equalisation numeric, binding text, bound_source text, axes jsonb, deduction numeric, performance numeric, total numeric, previous_total numeric, change numeric, change_pct numeric, motive text), jsonb_array_elements(x.axes) a), '[]');
    SELECT max(d) INTO maxd FROM (SELECT sum(g.deduction) AS d FROM jsonb_to_recordset(ax) AS g(chamber_code text, axis_no int, weight numeric, stake numeric, achievement numeric, deduction numeric) GROUP BY g.axis_no) t;
    axes_table := coalesce((
        SELECT string_agg(format('<tr><td>%s</td><td>%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td></tr>',
                                 g.axis_no, cop_alloc.html_escape(coalesce(a.title, '')), cop_alloc.format_percent(g.weight),
                                 cop_alloc.format_euros(g.stake), cop_alloc.format_euros(g.deduction),
                                 cop_alloc.format_euros(g.stake - g.deduction)),
                          '' ORDER BY g.axis_no)
          FROM (SELECT g.axis_no, max(g.weight) AS weight, sum(g.stake) AS stake, sum(g.deduction) AS deduction
                  FROM jsonb_to_recordset(ax) AS g(chamber_code text, axis_no int, weight numeric, stake numeric, achievement numeric, deduction numeric) GROUP BY g.axis_no) g
          LEFT JOIN cop_alloc.axis a ON a.axis_no = g.axis_no), '')
        || (SELECT format('<tr class="total"><td></td><td>Total</td><td></td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td></tr>',
                          cop_alloc.format_euros(coalesce(sum(g.stake), 0)), cop_alloc.format_euros(coalesce(sum(g.deduction), 0)),
                          cop_alloc.format_euros(coalesce(sum(g.stake) - sum(g.deduction), 0)))
              FROM jsonb_to_recordset(ax) AS g(chamber_code text, axis_no int, weight numeric, stake numeric, achievement numeric, deduction numeric));

    -- chart 2: deductions by axis
    chart_axes := format('<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="720" height="%s" viewBox="0 0 720 %s" role="img" aria-label="Réductions par axe">',
                         20 + 26 * greatest((SELECT count(DISTINCT g.axis_no) FROM jsonb_to_recordset(ax) AS g(chamber_code text, axis_no int, weight numeric, stake numeric, achievement numeric, deduction numeric)), 1),
                         20 + 26 * greatest((SELECT count(DISTINCT g.axis_no) FROM jsonb_to_recordset(ax) AS g(chamber_code text, axis_no int, weight numeric, stake numeric, achievement numeric, deduction numeric)), 1))
        || coalesce((
            SELECT string_agg(format('<text x="324" y="%s" text-anchor="end">%s</text>'
                                     '<rect x="330" y="%s" width="%s" height="14" class="ded"><title>Axe %s : %s</title></rect>'
                                     '<text x="%s" y="%s" class="v">%s</text>',
                                     22 + 26 * (k - 1),
                                     cop_alloc.html_escape('Axe ' || g.axis_no || ' – ' || coalesce(a.title, '')),
                                     10 + 26 * (k - 1), coalesce(round(g.deduction * 270 / nullif(maxd, 0), 1), 0),
                                     g.axis_no, cop_alloc.format_euros(g.deduction),
                                     334 + coalesce(round(g.deduction * 270 / nullif(maxd, 0), 1), 0), 22 + 26 * (k - 1),
                                     cop_alloc.format_euros(g.deduction)),
                              '' ORDER BY k)
              FROM (SELECT g.axis_no, sum(g.deduction) AS deduction, row_number() OVER (ORDER BY g.axis_no) AS k
                      FROM jsonb_to_recordset(ax) AS g(chamber_code text, axis_no int, weight numeric, stake numeric, achievement numeric, deduction numeric) GROUP BY g.axis_no) g
              LEFT JOIN cop_alloc.axis a ON a.axis_no = g.axis_no), '')
        || '</svg>';

    -- 4. the achievements, chamber by axis
    achievement_head := coalesce((SELECT string_agg(format('<th class="n">Axe %s</th>', t.axis_no), '' ORDER BY t.axis_no)
                                    FROM (SELECT DISTINCT g.axis_no FROM jsonb_to_recordset(ax) AS g(chamber_code text, axis_no int, weight numeric, stake numeric, achievement numeric, deduction numeric)) t), '');
    achievements := coalesce((
        SELECT string_agg(format('<tr><td>%s</td><td>%s</td>%s</tr>', cop_alloc.html_escape(t.chamber_code),
                                 cop_alloc.html_escape(coalesce(c.name, '')), t.cells), '' ORDER BY t.chamber_code COLLATE "C")
          FROM (SELECT g.chamber_code,
                       string_agg(format('<td class="n%s">%s</td>', CASE WHEN g.achievement < 1 THEN ' short' ELSE '' END,
                                         cop_alloc.format_percent(g.achievement)), '' ORDER BY g.axis_no) AS cells
                  FROM jsonb_to_recordset(ax) AS g(chamber_code text, axis_no int, weight numeric, stake numeric, achievement numeric, deduction numeric) GROUP BY g.chamber_code) t
          LEFT JOIN cop_alloc.chamber c ON c.code = t.chamber_code), '');

    -- 5. the equalisation bounds applied
    bounds := coalesce((
        SELECT string_agg(format('<tr><td>%s</td><td>%s</td><td class="n">%s</td><td>%s</td><td class="n">%s</td><td class="n">%s</td></tr>',
                                 cop_alloc.html_escape(x.chamber_code), cop_alloc.html_escape(coalesce(c.name, '')),
                                 cop_alloc.format_euros(x.operating_before),
                                 CASE x.bound_source WHEN 'floor' THEN 'plancher' WHEN 'ceiling' THEN 'plafond'
                                      WHEN 'tunnel' THEN CASE x.binding WHEN 'lower' THEN 'tunnel (baisse maximale)' ELSE 'tunnel (hausse maximale)' END
                                      ELSE 'aucune (redistribution)' END,
                                 cop_alloc.format_euros(x.operating), cop_alloc.format_euros(x.equalisation)),
                          '' ORDER BY x.chamber_code COLLATE "C")
          FROM jsonb_to_recordset(ex) AS x(run_id bigint, chamber_code text, operating numeric, operating_before numeric, equalisation numeric, binding text, bound_source text, axes jsonb, deduction numeric, performance numeric, total numeric, previous_total numeric, change numeric, change_pct numeric, motive text) LEFT JOIN cop_alloc.chamber c ON c.code = x.chamber_code
         WHERE x.binding <> 'none' OR x.equalisation <> 0),
        '<tr><td colspan="6">Aucune borne de péréquation n''a modifié la part de fonctionnement à la clé.</td></tr>');

    -- 6. each chamber's motive
    motives := (
        SELECT string_agg(format('<div class="motive"><h3>%s – %s</h3><p>%s</p></div>',
                                 cop_alloc.html_escape(x.chamber_code), cop_alloc.html_escape(coalesce(c.name, '')),
                                 cop_alloc.html_escape(x.motive)),
                          '' ORDER BY x.chamber_code COLLATE "C")
          FROM jsonb_to_recordset(ex) AS x(run_id bigint, chamber_code text, operating numeric, operating_before numeric, equalisation numeric, binding text, bound_source text, axes jsonb, deduction numeric, performance numeric, total numeric, previous_total numeric, change numeric, change_pct numeric, motive text) LEFT JOIN cop_alloc.chamber c ON c.code = x.chamber_code);

    -- 7. the reserve
    -- reserve = deductions + modulations (spec 5 bis) + the performance
    -- part when it was not decided (R312-2, last paragraph)
    ded := coalesce((SELECT sum(x.deduction) FROM jsonb_to_recordset(ex) AS x(run_id bigint, chamber_code text, operating numeric, operating_before numeric, equalisation numeric, binding text, bound_source text, axes jsonb, deduction numeric, performance numeric, total numeric, previous_total numeric, change numeric, change_pct numeric, motive text)), 0);
    undist := CASE WHEN coalesce((s.parameters ->> 'performance_decided')::boolean, true) THEN 0 ELSE s.performance_part END;
    reserve := format('<tr><td>Réductions de la part de performance</td><td class="n">%s</td></tr>'
                      '<tr><td>Modulations pour non-respect du COP et des COM (article 17-1 I 2° du décret)</td><td class="n">%s</td></tr>'
                      '<tr><td>Part de performance non répartie, faute de décision sur ses modalités (R312-2)</td><td class="n">%s</td></tr>'
                      '<tr class="total"><td>Réserve pour projets nationaux</td><td class="n">%s</td></tr>',
                      cop_alloc.format_euros(ded), cop_alloc.format_euros(s.reserve - ded - undist),
                      cop_alloc.format_euros(undist), cop_alloc.format_euros(s.reserve));
    ledger := coalesce((
        SELECT '<table><thead><tr><th>Date</th><th>Écriture</th><th>Chambre</th><th>Projet</th><th class="n">Crédit</th>'
               '<th class="n">Débit</th><th class="n">Solde</th></tr></thead><tbody>'
               || string_agg(format('<tr><td class="d">%s</td><td>%s</td><td>%s</td><td>%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td></tr>',
                                    cop_alloc.format_date_fr(l.entry_on),
                                    CASE l.entry WHEN 'deductions' THEN 'Réductions' WHEN 'undistributed' THEN 'Part non répartie'
                                                 WHEN 'grant' THEN 'Attribution' WHEN 'cancellation' THEN 'Annulation'
                                                 ELSE cop_alloc.html_escape(l.entry) END,
                                    cop_alloc.html_escape(coalesce(l.chamber_code, '')), cop_alloc.html_escape(coalesce(l.project, '')),
                                    cop_alloc.format_euros(l.credit), cop_alloc.format_euros(l.debit), cop_alloc.format_euros(l.balance)),
                             '' ORDER BY l.entry_on, l.grant_id NULLS FIRST)
               || '</tbody></table>'
          FROM cop_alloc.reserve_ledger l WHERE l.year = y
        HAVING count(*) > 0), '');

    head := '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        || format('<title>Répartition de la TFCMA – exercice %s – annexe à la délibération</title>', y)
        || '<style>'
        || '@page{size:A4;margin:14mm 12mm}'
        || 'body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;font-size:9.5pt;color:#1a1a1a;margin:0 auto;max-width:190mm}'
        || 'h1{font-size:15pt;margin:0 0 2mm}h2{font-size:12pt;border-bottom:1px solid #1f4e79;color:#1f4e79;margin:7mm 0 2mm;break-after:avoid}'
        || 'h3{font-size:10pt;margin:2mm 0 1mm}p{margin:1mm 0}.sub{color:#555}'
        || 'table{border-collapse:collapse;width:100%;margin:2mm 0;break-inside:auto}tr{break-inside:avoid}'
        || 'th,td{border-bottom:1px solid #d0d7de;padding:1mm 1.5mm;text-align:left;vertical-align:top}'
        || 'th{background:#eef3f8;font-weight:bold}td.n,th.n{text-align:right;white-space:nowrap}'
        || 'tr.total td{font-weight:bold;border-top:1.5px solid #1f4e79}td.short{color:#9a3412}'
        || '.chart{display:block;margin:2mm 0;max-width:100%;height:auto;break-inside:avoid}'
        || '.chart text{font-family:"DejaVu Sans",Arial,sans-serif;font-size:10px;fill:#1a1a1a}.chart text.v{fill:#444;font-size:9px}'
        || '.chart .cur{fill:#1f4e79}.chart .prev{fill:#a9b9c9}.chart .ded{fill:#c2410c}'
        || 'figure{margin:0;break-inside:avoid}.motive{break-inside:avoid}.motive p{text-align:justify}'
        || '.check{color:#166534}td.d{white-space:nowrap}table.wide{font-size:7.6pt}table.wide td,table.wide th{padding:.8mm .9mm}'
        || '@media print{h2{break-after:avoid}section{break-inside:auto}}'
        || '</style></head><body>';

    RETURN head
        || '<header>'
        || format('<h1>Répartition de la taxe pour frais de chambres de métiers et de l''artisanat – exercice %s</h1>', y)
        || '<p class="sub">Annexe à la délibération de l''assemblée générale de CMA France (article R312-2 du code de l''artisanat, '
        || 'contrat d''objectifs et de performance 2023-2027) : motifs de la part versée à chaque chambre de métiers et de '
        || 'l''artisanat de région et de son évolution par rapport à l''exercice précédent. Montants en euros.</p>'
        || format('<p class="sub" id="status">%s Empreinte des données : <code>%s</code>.</p>', status_line, left(coalesce(s.fingerprint, ''), 16))
        || '</header>'
        || '<section id="parametres"><h2>1. Paramètres de l''exercice et leurs sources</h2>'
        || '<table><thead><tr><th>Paramètre</th><th class="n">Valeur</th><th>Source</th></tr></thead><tbody>' || params || '</tbody></table></section>'
        || '<section id="synthese"><h2>2. Synthèse</h2><table><tbody>'
        || format('<tr><td>Produit de la taxe (P)</td><td class="n">%s</td></tr>', cop_alloc.format_euros(s.tax_product))
        || format('<tr><td>Quote-part de CMA France (Q)</td><td class="n">%s</td></tr>', cop_alloc.format_euros(s.quote_part))
        || format('<tr><td>Montant à répartir (D = P − Q)</td><td class="n">%s</td></tr>', cop_alloc.format_euros(s.distributable))
        || format('<tr><td>Part de fonctionnement (O)</td><td class="n">%s</td></tr>', cop_alloc.format_euros(s.operating_part))
        || format('<tr><td>Part de performance (Pf = D − O)</td><td class="n">%s</td></tr>', cop_alloc.format_euros(s.performance_part))
        || format('<tr class="total"><td>Alloué aux chambres</td><td class="n" id="allocated">%s</td></tr>', cop_alloc.format_euros(s.allocated))
        || format('<tr><td>Réserve pour projets nationaux</td><td class="n">%s</td></tr>', cop_alloc.format_euros(s.reserve))
        || '</tbody></table>'
        || format('<p class="check">Contrôle : P = Q + alloué + réserve (%s = %s + %s + %s) : %s.</p>',
                  cop_alloc.format_euros(s.tax_product), cop_alloc.format_euros(s.quote_part),
                  cop_alloc.format_euros(s.allocated), cop_alloc.format_euros(s.reserve),
                  CASE WHEN s.tax_product = s.quote_part + s.allocated + s.reserve THEN 'vérifié' ELSE 'NON VÉRIFIÉ' END)
        || '</section>'
        || format('<section id="repartition"><h2>3. Répartition par chambre et évolution par rapport à %s</h2>', y - 1)
        || '<table class="wide"><thead><tr><th>Code</th><th>Chambre</th><th class="n">Fonctionnement</th><th class="n">Performance</th>'
        || format('<th class="n">Total %s</th><th class="n">Total %s</th><th class="n">Écart</th><th class="n">Écart %%</th></tr></thead><tbody>', y, y - 1)
        || coalesce(dist, '') || '</tbody></table>'
        || format('<figure id="chart-totals"><h3>Total par chambre, %s et %s</h3>', y, y - 1) || chart_totals || '</figure></section>'
        || '<section id="performance"><h2>4. Part de performance par axe du COP</h2>'
        || '<table><thead><tr><th>Axe</th><th>Intitulé</th><th class="n">Poids</th><th class="n">Enjeux</th><th class="n">Réductions</th><th class="n">Versé</th></tr></thead><tbody>'
        || axes_table || '</tbody></table>'
        || '<figure id="chart-axes"><h3>Réductions par axe (versées à la réserve)</h3>' || chart_axes || '</figure></section>'
        || format('<section id="atteinte"><h2>5. Taux d''atteinte des objectifs (résultats %s, consolidés avec les chambres associées)</h2>', s.results_year)
        || '<table><thead><tr><th>Code</th><th>Chambre</th>' || achievement_head || '</tr></thead><tbody>' || achievements || '</tbody></table></section>'
        || '<section id="perequation"><h2>6. Péréquation : bornes appliquées à la part de fonctionnement</h2>'
        || '<table><thead><tr><th>Code</th><th>Chambre</th><th class="n">À la clé</th><th>Borne</th><th class="n">Après péréquation</th><th class="n">Effet</th></tr></thead><tbody>'
        || bounds || '</tbody></table></section>'
        || '<section id="motifs"><h2>7. Motifs de la part versée à chaque chambre</h2>' || coalesce(motives, '') || '</section>'
        || '<section id="reserve"><h2>8. Réserve pour projets nationaux (article 17-1 du décret)</h2>'
        || '<table><tbody>' || reserve || '</tbody></table>' || ledger || '</section>'
        || '</body></html>';
END
$$;
COMMENT ON FUNCTION cop_alloc.annex_html(int) IS
    'The annex to the general assembly''s deliberation of a year, in French, as one self-contained HTML document (inline CSS and SVG, no external resource, print CSS for A4): the parameters and their sources, the summary with its check, the distribution per chamber with the change on the previous year and a bar chart of the totals of both years, the performance part by axis with a chart of the deductions by axis, the achievements per chamber and axis, the equalisation bounds applied, each chamber''s motive (explain), the national-projects reserve and its ledger. Figures of the published run, else of the current inputs (then marked as a draft).';
