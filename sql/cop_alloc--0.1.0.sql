-- cop_alloc install script, assembled by the Makefile from sql/install/*.sql
-- in file-name order: schema and types, tables, the COP catalogue, the
-- engine's functions.  Everything lives in schema cop_alloc.

\echo Use "CREATE EXTENSION cop_alloc" to load this file. \quit

-- The schema belongs to the extension, so that DROP EXTENSION removes it.
CREATE SCHEMA cop_alloc;
COMMENT ON SCHEMA cop_alloc IS
    'cop_alloc: the R312-2 distribution of the TFCMA among the regional chambers of trades and crafts (COP 2023-2027).';
-- ===================================================================
-- Types: exact decimals (spec section 2) and the enumerated choices
-- ===================================================================

CREATE DOMAIN cop_alloc.amount AS numeric
    CONSTRAINT amount_in_range CHECK (VALUE >= 0 AND VALUE <= 10000000000)
    CONSTRAINT amount_at_most_2_decimals CHECK (VALUE = round(VALUE, 2));
COMMENT ON DOMAIN cop_alloc.amount IS
    'Euros with at most 2 decimals, in [0, 10^10]; NaN, Infinity, negative or over-precise values are refused, never rounded.';

CREATE DOMAIN cop_alloc.ratio AS numeric
    CONSTRAINT ratio_in_range CHECK (VALUE >= 0 AND VALUE <= 1)
    CONSTRAINT ratio_at_most_6_decimals CHECK (VALUE = round(VALUE, 6));
COMMENT ON DOMAIN cop_alloc.ratio IS
    'A rate, percentage or weight in [0, 1] with at most 6 decimals (0.65 for 65 %).';

CREATE DOMAIN cop_alloc.growth AS numeric
    CONSTRAINT growth_in_range CHECK (VALUE >= 0 AND VALUE <= 100)
    CONSTRAINT growth_at_most_6_decimals CHECK (VALUE = round(VALUE, 6));
COMMENT ON DOMAIN cop_alloc.growth IS
    'A rate of increase in [0, 100] with at most 6 decimals (0.10 for +10 %).';

CREATE DOMAIN cop_alloc.quantity AS numeric
    CONSTRAINT quantity_in_range CHECK (VALUE >= 0 AND VALUE <= 1000000000000)
    CONSTRAINT quantity_at_most_6_decimals CHECK (VALUE = round(VALUE, 6));
COMMENT ON DOMAIN cop_alloc.quantity IS
    'A key weight, target, result or indicator weight in [0, 10^12] with at most 6 decimals.';

CREATE TYPE cop_alloc.direction AS ENUM ('higher', 'lower');
COMMENT ON TYPE cop_alloc.direction IS
    'Which way an indicator improves: higher (more is better) or lower (fewer is better).';

CREATE TYPE cop_alloc.missing_policy AS ENUM ('error', 'zero', 'exclude');
COMMENT ON TYPE cop_alloc.missing_policy IS
    'What a missing result means: error (refuse to compute), zero (count 0), exclude (drop that target).';

-- ===================================================================
-- Reference data: chambers, the COP's axes, objectives and indicators
-- ===================================================================

CREATE TABLE cop_alloc.chamber (
    code        text PRIMARY KEY
                CONSTRAINT chamber_code_not_blank CHECK (code <> '' AND code = btrim(code)),
    name        text NOT NULL,
    parent_code text NULL REFERENCES cop_alloc.chamber (code) ON UPDATE CASCADE
                DEFERRABLE INITIALLY DEFERRED,  -- pg_restore may load a child before its parent
    CONSTRAINT chamber_not_its_own_parent CHECK (parent_code IS DISTINCT FROM code)
);
COMMENT ON TABLE cop_alloc.chamber IS
    'Chambers of trades and crafts: the 18 regional chambers (CMAR) and the chambers associated to one of them (Alsace and Moselle through Grand Est, L311-2, R323-25).';
COMMENT ON COLUMN cop_alloc.chamber.code IS 'Short code, ordered by bytes (COLLATE "C") wherever ties are broken.';
COMMENT ON COLUMN cop_alloc.chamber.name IS 'Official name.';
COMMENT ON COLUMN cop_alloc.chamber.parent_code IS
    'For an associated chamber, the regional chamber it is associated to; its results count in its parent''s achievement and it never receives an allocation.';

CREATE TABLE cop_alloc.axis (
    axis_no     int PRIMARY KEY CONSTRAINT axis_no_positive CHECK (axis_no > 0),
    title       text,
    cop_weight  cop_alloc.ratio NULL,
    from_cop    boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE cop_alloc.axis IS 'Strategic axes of the COP; the six axes of the COP 2023-2027 are installed with the extension.';
COMMENT ON COLUMN cop_alloc.axis.axis_no IS 'Axis number, 1 to 6 in the COP 2023-2027.';
COMMENT ON COLUMN cop_alloc.axis.title IS 'Short title of the axis.';
COMMENT ON COLUMN cop_alloc.axis.cop_weight IS
    'Share of the performance part the COP assigns to the axis (2023: 20, 20, 25, 10, 15, 10 %); copy it into exercise_axis.';
COMMENT ON COLUMN cop_alloc.axis.from_cop IS 'True for the rows installed from the COP text; user rows are dumped by pg_dump, these are not.';

CREATE TABLE cop_alloc.objective (
    objective_no int PRIMARY KEY,
    axis_no      int NOT NULL REFERENCES cop_alloc.axis (axis_no),
    title        text NOT NULL,
    from_cop     boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE cop_alloc.objective IS 'Objectives of the COP (13 in the COP 2023-2027), each under one axis.';
COMMENT ON COLUMN cop_alloc.objective.objective_no IS 'Objective number as printed in the COP.';
COMMENT ON COLUMN cop_alloc.objective.axis_no IS 'The axis the objective belongs to.';
COMMENT ON COLUMN cop_alloc.objective.title IS 'Title of the objective.';
COMMENT ON COLUMN cop_alloc.objective.from_cop IS 'True for the rows installed from the COP text; user rows are dumped by pg_dump, these are not.';

CREATE TABLE cop_alloc.indicator (
    code        text PRIMARY KEY
                CONSTRAINT indicator_code_not_blank CHECK (code <> '' AND code = btrim(code)),
    axis_no     int NOT NULL REFERENCES cop_alloc.axis (axis_no),
    label       text,
    direction   cop_alloc.direction NOT NULL DEFAULT 'higher',
    weight      cop_alloc.quantity NOT NULL DEFAULT 1,
    objective_no int NULL REFERENCES cop_alloc.objective (objective_no),
    known_result numeric NULL,
    known_result_text text NULL,
    national_target_2023 numeric NULL,
    national_target_2027 numeric NULL,
    target_text text NULL,
    per_year    boolean NULL,
    unit        text NULL,
    from_cop    boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE cop_alloc.indicator IS
    'Activity indicators on which each chamber''s achievement is measured; the COP 2023-2027 catalogue is installed with the extension (codes cop.<objective>.<n>).';
COMMENT ON COLUMN cop_alloc.indicator.code IS 'Indicator code, ordered by bytes.';
COMMENT ON COLUMN cop_alloc.indicator.axis_no IS 'The COP axis whose stake the indicator conditions.';
COMMENT ON COLUMN cop_alloc.indicator.label IS 'Wording of the indicator.';
COMMENT ON COLUMN cop_alloc.indicator.direction IS 'higher: more is better (default); lower: fewer is better.';
COMMENT ON COLUMN cop_alloc.indicator.weight IS 'Weight of the indicator within its axis (default 1); weight 0 ignores it entirely.';
COMMENT ON COLUMN cop_alloc.indicator.objective_no IS 'The COP objective the indicator measures, when known.';
COMMENT ON COLUMN cop_alloc.indicator.known_result IS 'The "résultat connu" printed in the COP, as a number, when it gives one.';
COMMENT ON COLUMN cop_alloc.indicator.known_result_text IS 'The "résultat connu" as printed, when it is not a plain number.';
COMMENT ON COLUMN cop_alloc.indicator.national_target_2023 IS 'National objective for 2023 printed in the COP, when a number.';
COMMENT ON COLUMN cop_alloc.indicator.national_target_2027 IS 'National objective for 2027 printed in the COP, when a number.';
COMMENT ON COLUMN cop_alloc.indicator.target_text IS 'The objectives as printed, when not plain numbers.';
COMMENT ON COLUMN cop_alloc.indicator.per_year IS 'True when the COP states the objectives per year, false for a stock or a level.';
COMMENT ON COLUMN cop_alloc.indicator.unit IS 'What the figure counts.';
COMMENT ON COLUMN cop_alloc.indicator.from_cop IS 'True for the rows installed from the COP text; user rows are dumped by pg_dump, these are not.';

-- ===================================================================
-- An exercise: the tax product of year N and its parameters
-- ===================================================================

CREATE TABLE cop_alloc.exercise (
    year                int PRIMARY KEY
                        CONSTRAINT exercise_year_plausible CHECK (year BETWEEN 1900 AND 2999),
    tax_product         cop_alloc.amount NOT NULL,
    quote_part          cop_alloc.amount NOT NULL,
    quote_part_min      cop_alloc.amount NULL,
    operating_pct       cop_alloc.ratio NOT NULL,
    minister_authorized boolean NOT NULL DEFAULT false,
    performance_decided boolean NOT NULL DEFAULT true,
    results_year        int NULL
                        CONSTRAINT results_year_plausible CHECK (results_year BETWEEN 1900 AND 2999),
    tolerance           cop_alloc.ratio NOT NULL DEFAULT 0,
    missing_result      cop_alloc.missing_policy NOT NULL DEFAULT 'error',
    max_decrease_pct    cop_alloc.ratio NULL,
    max_increase_pct    cop_alloc.growth NULL,
    note                text NULL,
    CONSTRAINT quote_part_within_tax_product CHECK (quote_part <= tax_product),
    CONSTRAINT quote_part_not_below_minimum CHECK (quote_part_min IS NULL OR quote_part >= quote_part_min),
    CONSTRAINT operating_pct_within_0_75 CHECK (operating_pct <= 0.75),
    CONSTRAINT operating_pct_above_0_50_needs_authorisation CHECK (operating_pct <= 0.5 OR minister_authorized)
);
COMMENT ON TABLE cop_alloc.exercise IS
    'One yearly distribution of the TFCMA (R312-2): the tax product received by CMA France and the parameters decided for it.';
COMMENT ON COLUMN cop_alloc.exercise.year IS 'The exercise (year N of the tax).';
COMMENT ON COLUMN cop_alloc.exercise.tax_product IS 'P: the TFCMA product received by CMA France, euros.';
COMMENT ON COLUMN cop_alloc.exercise.quote_part IS 'Q: the quote-part CMA France keeps (L312-2), euros.';
COMMENT ON COLUMN cop_alloc.exercise.quote_part_min IS 'The ministerial minimum of the quote-part, when one is set.';
COMMENT ON COLUMN cop_alloc.exercise.operating_pct IS
    'f: share of the distributable amount paid as operating part (R312-2 1°): at most 0.50, or 0.75 with the minister''s express authorisation.';
COMMENT ON COLUMN cop_alloc.exercise.minister_authorized IS 'The minister expressly authorised an operating share above 0.50.';
COMMENT ON COLUMN cop_alloc.exercise.performance_decided IS
    'The general assembly decided the modalities of the performance part; if not, only the operating part is distributed (R312-2, last paragraph).';
COMMENT ON COLUMN cop_alloc.exercise.results_year IS 'Year whose results condition this exercise; NULL means year - 1.';
COMMENT ON COLUMN cop_alloc.exercise.tolerance IS 'An axis achievement within this distance of 1 counts as 1 (default 0).';
COMMENT ON COLUMN cop_alloc.exercise.missing_result IS 'Policy for a target without a result: error (default), zero or exclude.';
COMMENT ON COLUMN cop_alloc.exercise.max_decrease_pct IS 'Equalisation tunnel: largest decrease of a chamber''s operating part from previous_operating.';
COMMENT ON COLUMN cop_alloc.exercise.max_increase_pct IS 'Equalisation tunnel: largest increase of a chamber''s operating part from previous_operating.';
COMMENT ON COLUMN cop_alloc.exercise.note IS 'Free text: the deliberation or decision the parameters come from.';

CREATE TABLE cop_alloc.exercise_axis (
    year    int NOT NULL REFERENCES cop_alloc.exercise (year) ON UPDATE CASCADE ON DELETE CASCADE,
    axis_no int NOT NULL REFERENCES cop_alloc.axis (axis_no),
    weight  cop_alloc.ratio NOT NULL,
    PRIMARY KEY (year, axis_no)
);
COMMENT ON TABLE cop_alloc.exercise_axis IS 'The axes of an exercise and their weights in the performance part; the weights must add up to exactly 1.';
COMMENT ON COLUMN cop_alloc.exercise_axis.year IS 'The exercise.';
COMMENT ON COLUMN cop_alloc.exercise_axis.axis_no IS 'The axis.';
COMMENT ON COLUMN cop_alloc.exercise_axis.weight IS 'Share of each envelope staked on the axis (COP 2023: 0.20, 0.20, 0.25, 0.10, 0.15, 0.10).';

CREATE TABLE cop_alloc.exercise_chamber (
    year               int NOT NULL REFERENCES cop_alloc.exercise (year) ON UPDATE CASCADE ON DELETE CASCADE,
    chamber_code       text NOT NULL REFERENCES cop_alloc.chamber (code) ON UPDATE CASCADE,
    assujettis         bigint NULL
                       CONSTRAINT assujettis_in_range CHECK (assujettis BETWEEN 0 AND 1000000000000),
    operating_weight   cop_alloc.quantity NULL,
    performance_weight cop_alloc.quantity NULL,
    floor_amount       cop_alloc.amount NULL,
    ceiling_amount     cop_alloc.amount NULL,
    previous_operating cop_alloc.amount NULL,
    PRIMARY KEY (year, chamber_code),
    CONSTRAINT operating_key_required CHECK (assujettis IS NOT NULL OR operating_weight IS NOT NULL),
    CONSTRAINT floor_not_above_ceiling CHECK (floor_amount <= ceiling_amount)
);
COMMENT ON TABLE cop_alloc.exercise_chamber IS
    'The recipients of an exercise: one row per regional chamber, with its keys and equalisation bounds. Associated chambers are refused.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.year IS 'The exercise.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.chamber_code IS 'The recipient chamber.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.assujettis IS 'Number of taxpayers at the start of the exercise: the default operating key.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.operating_weight IS 'Operating key when set, instead of assujettis.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.performance_weight IS 'Performance key when set, instead of the operating key.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.floor_amount IS 'Equalisation: the least operating part the chamber receives, euros.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.ceiling_amount IS 'Equalisation: the most operating part the chamber receives, euros.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.previous_operating IS 'Last year''s operating part, euros: the base of the tunnel.';

CREATE TABLE cop_alloc.com_target (
    year           int NOT NULL,
    chamber_code   text NOT NULL REFERENCES cop_alloc.chamber (code) ON UPDATE CASCADE,
    indicator_code text NOT NULL REFERENCES cop_alloc.indicator (code) ON UPDATE CASCADE,
    target         cop_alloc.quantity NOT NULL,
    PRIMARY KEY (year, chamber_code, indicator_code)
);
COMMENT ON TABLE cop_alloc.com_target IS
    'Targets of each chamber''s objectives and means agreement (COM) for a results year; associated chambers have their own.';
COMMENT ON COLUMN cop_alloc.com_target.year IS 'The results year (an exercise reads year - 1 by default).';
COMMENT ON COLUMN cop_alloc.com_target.chamber_code IS 'The chamber, regional or associated.';
COMMENT ON COLUMN cop_alloc.com_target.indicator_code IS 'The indicator.';
COMMENT ON COLUMN cop_alloc.com_target.target IS 'The target; 0 makes the indicator not applicable unless a fellow member has one.';

CREATE TABLE cop_alloc.indicator_result (
    year           int NOT NULL,
    chamber_code   text NOT NULL REFERENCES cop_alloc.chamber (code) ON UPDATE CASCADE,
    indicator_code text NOT NULL REFERENCES cop_alloc.indicator (code) ON UPDATE CASCADE,
    realized       cop_alloc.quantity NULL,
    PRIMARY KEY (year, chamber_code, indicator_code)
);
COMMENT ON TABLE cop_alloc.indicator_result IS 'What each chamber realized on each indicator in a results year.';
COMMENT ON COLUMN cop_alloc.indicator_result.year IS 'The results year.';
COMMENT ON COLUMN cop_alloc.indicator_result.chamber_code IS 'The chamber, regional or associated.';
COMMENT ON COLUMN cop_alloc.indicator_result.indicator_code IS 'The indicator.';
COMMENT ON COLUMN cop_alloc.indicator_result.realized IS 'The realized value; NULL counts as missing (see exercise.missing_result).';

-- ===================================================================
-- Association rules that a CHECK cannot express (L311-2, R323-25)
-- ===================================================================

CREATE FUNCTION cop_alloc.chamber_check_association() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    grandparent text;
    child text;
BEGIN
    IF NEW.parent_code IS NOT NULL THEN
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

CREATE TRIGGER chamber_check_association
    BEFORE INSERT OR UPDATE OF parent_code, code ON cop_alloc.chamber
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.chamber_check_association();

CREATE FUNCTION cop_alloc.exercise_chamber_check_recipient() RETURNS trigger
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

CREATE TRIGGER exercise_chamber_check_recipient
    BEFORE INSERT OR UPDATE OF chamber_code ON cop_alloc.exercise_chamber
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.exercise_chamber_check_recipient();

-- User data survives pg_dump / pg_restore; the rows installed from the
-- COP text are recreated by CREATE EXTENSION and are not dumped.
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.chamber', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.axis', 'WHERE NOT from_cop');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.objective', 'WHERE NOT from_cop');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.indicator', 'WHERE NOT from_cop');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.exercise', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.exercise_axis', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.exercise_chamber', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.com_target', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.indicator_result', '');
-- Catalogue of the COP 2023-2027: its 6 axes, 13 objectives and the rows of its "Indicateurs d’activité" tables.
-- Source: Contrat d’objectifs et de performance 2023-2027 of the CMA network, signed by the State and CMA France.
-- Figures are the national objectives and known results as printed in the COP (no regional breakdown).

INSERT INTO cop_alloc.axis (axis_no, title, cop_weight, from_cop) VALUES
    (1, 'Transition écologique', 0.20, true),
    (2, 'Transition numérique', 0.20, true),
    (3, 'Entrepreneuriat et développement économique', 0.25, true),
    (4, 'Valorisation et promotion de l’artisanat', 0.10, true),
    (5, 'Développement et aménagement des territoires', 0.15, true),
    (6, 'Efficience du réseau', 0.10, true);

INSERT INTO cop_alloc.objective (objective_no, axis_no, title, from_cop) VALUES
    (1, 1, 'Mettre en œuvre les opérations nationales de politique publique qui seront le cas échéant décidées par l’Etat sur la transition écologique', true),
    (2, 1, 'Accompagner les entreprises artisanales dans la transition écologique', true),
    (3, 2, 'Intensifier et massifier la sensibilisation des entreprises de l’artisanat au numérique', true),
    (4, 2, 'Apporter un appui aux artisans qui le souhaitent afin de leur permettre de développer leur activité dans la sphère numérique', true),
    (5, 3, 'Assurer une assistance gratuite obligatoire aux déclarants lors de leurs formalités administratives, ainsi qu’une assistance provisoire pendant les six premiers mois de la mise en service du guichet unique', true),
    (6, 3, 'Soutenir l’entrepreneuriat, le développement économique des entreprises artisanales ainsi que la création d’emplois', true),
    (7, 4, 'Assurer la mission de promotion et de valorisation du secteur de l’artisanat et de ses métiers', true),
    (8, 4, 'Impliquer le réseau des CMA dans la politique nationale en faveur des métiers d’art et du patrimoine vivant', true),
    (9, 5, 'Appuyer les territoires', true),
    (10, 6, 'Accompagner les réformes de transformation du réseau et le changement RH', true),
    (11, 6, 'Renforcer les mutualisations, bonnes pratiques entre chambres et assurer le bon fonctionnement des instances', true),
    (12, 6, 'Renforcer la relation institutionnelle avec la tutelle et participer à la conception et mise en œuvre des politiques publiques en relayant les propositions des acteurs économiques', true),
    (13, 6, 'Renforcer la coordination entre CMA France et les autres opérateurs publics', true);

-- Codes cop.<objective>.<n>, n in the order of the rows in the COP. Every indicator: weight 1, from_cop true,
-- direction higher (no row of the COP is a "fewer is better" measure). Percentages: none in these tables.
-- per_year: true where the COP prints "par an", false for a level or a one-off total, NULL when undeterminable.
-- known_result_text / target_text hold a cell as printed when it is not a plain number.
INSERT INTO cop_alloc.indicator (code, axis_no, objective_no, label, direction, weight,
        known_result, known_result_text, national_target_2023, national_target_2027, target_text,
        per_year, unit, from_cop) VALUES
    -- Axe 1, objectif 1: table "Indicateurs d’activité" after 1.3 (rows follow 1.1.a, 1.2 and 1.3 in order).
    -- 1.1 and 1.2: one-off 2023 programme for the industrial SMEs (phases April 2023 - June 2024). The single
    -- "n/a" of the "Résultat connu" column is read as covering both sub-items; 2027 is printed "n/a" (stored in
    -- target_text); per_year false: a programme total, the COP does not say "par an".
    ('cop.1.1', 1, 1,
     'Nombre de PME industrielles du secteur de l’artisanat producteur industriel (10-250 salariés) : Contactées (nombre d’appels aboutis)',
     'higher', 1, NULL, 'n/a', 5000, NULL, 'Objectif 2027 : n/a', false, 'entreprises', true),
    -- printed "2 5001": 2 500 followed by footnote 1 (10 000 eligible firms, about 50 % reached = 5 000, 1 in 2 interested = 2 500)
    ('cop.1.2', 1, 1,
     'Nombre de PME industrielles du secteur de l’artisanat producteur industriel (10-250 salariés) : Accompagnées (appel ayant conduit à une prise de RV pour bénéficier d’un diagnostic)',
     'higher', 1, NULL, 'n/a', 2500, NULL, 'Objectif 2027 : n/a', false, 'entreprises', true),
    ('cop.1.3', 1, 1,
     'Sensibilisation, diagnostic et accompagnement des TPE et PME non industrielles : Nombre de diagnostics',
     'higher', 1, NULL, 'n/a', 5000, 10000, NULL, true, 'diagnostics', true),
    ('cop.1.4', 1, 1,
     'Sensibilisation, diagnostic et accompagnement des TPE et PME non industrielles : Nombre d’entreprises accompagnées',
     'higher', 1, NULL, 'n/a', 5000, 5000, NULL, true, 'entreprises', true),
    -- per_year NULL: printed 60 / 60 / 60 without "par an"; the COP does not say whether it is a yearly flow or a pool of trained agents
    ('cop.1.5', 1, 1,
     'Nombre d’agents des CMA formés',
     'higher', 1, 60, NULL, 60, 60, NULL, NULL, 'agents', true),
    -- Axe 1, objectif 2: table after 2.3.
    -- the 2023 objective (80) is printed below the known result (114): kept as printed
    ('cop.2.1', 1, 2,
     'Opération « TPE & PME gagnantes sur tous les coûts » ayant fait l''objet d''un diagnostic ou démarche équivalente dans le cadre d’un diagnostic plus ciblé (énergie, déchet ou eau) et ayant fait l’objet d’un enregistrement dans la base de données nationale',
     'higher', 1, 114, NULL, 80, 200, NULL, true, 'diagnostics', true),
    ('cop.2.2', 1, 2,
     'Nombre d’entreprises labellisées (Eco-Défis, Répar’acteurs…)',
     'higher', 1, 8233, NULL, 10000, 13000, NULL, true, 'entreprises', true),
    -- closing parenthesis missing in the COP, added; per_year false: territories engaged is a level (no "par an")
    ('cop.2.3', 1, 2,
     'Nombre de territoires engagés (Eco-Défis, écologie industrielle et territoire (EIT))',
     'higher', 1, 212, NULL, 300, 600, NULL, false, 'territoires', true),
    -- Axe 2, objectif 3: table after 3.4 (the fourth row continues on the next page).
    -- per_year false: registrations on RESO are a stock (2, then 30, then 60; no "par an")
    ('cop.3.1', 2, 3,
     'Nombre d’inscriptions des acteurs des CMA ayant des fonctions d’animation ou de coordination de la transformation numérique des TPE-PME sur le site collaboratif « RESO » des partenaires France Num',
     'higher', 1, 2, NULL, 30, 60, NULL, false, 'inscriptions', true),
    -- printed "22 0002": 22 000 followed by footnote 2: the known result consolidates the 4 operators (ADEME,
    -- Bpifrance, CCI and CMA) while the 2023-2027 objectives concern the CMA network only
    ('cop.3.2', 2, 3,
     'Nombre d’entreprises ayant réalisé l’autodiagnostic numérique mis en œuvre par les CMA',
     'higher', 1, 22000, NULL, 5000, 7500, NULL, true, 'entreprises', true),
    ('cop.3.3', 2, 3,
     'Nombre d’entreprises ayant bénéficié d’un accompagnement visant à la mise en œuvre de solutions concrètes',
     'higher', 1, 1383, NULL, 5000, 6000, NULL, true, 'entreprises', true),
    ('cop.3.4', 2, 3,
     'Nombre d’entreprises ayant mis en œuvre les solutions numériques proposées à l’issue des accompagnements',
     'higher', 1, NULL, 'n/a', 3000, 3600, NULL, true, 'entreprises', true),
    -- Axe 2, objectif 4: table after 4.1. Neither row says "par an": per_year NULL (undeterminable).
    ('cop.4.1', 2, 4,
     'Nombre d’actions d’information-sensibilisation réalisées',
     'higher', 1, 10952, NULL, 11000, 11000, NULL, NULL, 'actions', true),
    ('cop.4.2', 2, 4,
     'Nombre d’artisans inscrits sur une plateforme à la suite d’un accompagnement',
     'higher', 1, 6536, NULL, 7000, 7000, NULL, NULL, 'artisans', true),
    -- Axe 3: a single table, printed after 6.7. Objective 5 (assistance to formalities, guichet unique) has no
    -- activity indicator in the COP; every row below matches a section of objective 6 (6.1 creation/reprise,
    -- 6.6 choice of status, 6.3 entrepreneur individuel en difficulté, 6.5 public procurement, 6.7 economic
    -- security), so all are attributed to objective 6 (judgement).
    ('cop.6.1', 3, 6,
     'Nombre de porteurs de projets accompagnés à la création / reprise',
     'higher', 1, 124178, NULL, 130000, 150000, NULL, true, 'porteurs de projets', true),
    ('cop.6.2', 3, 6,
     'Nombre d’entrepreneurs informés dans le choix du statut d’entreprise',
     'higher', 1, 131455, NULL, 135000, 150000, NULL, true, 'entrepreneurs', true),
    -- "dont" sub-item of the row above (a subset of it), kept as its own indicator as printed
    ('cop.6.3', 3, 6,
     'Nombre d’entrepreneurs informés dans le choix du statut d’entreprise, dont entrepreneurs accompagnés dans l’appropriation du nouveau statut de l’entrepreneur individuel (y compris la prévention des difficultés et leur traitement procédural)',
     'higher', 1, NULL, 'n/a', 30000, 70000, NULL, true, 'entrepreneurs', true),
    ('cop.6.4', 3, 6,
     'Nombre d’entrepreneurs individuels en difficulté accompagnés et orientés vers les procédures possibles du traitement de leurs difficultés (procédures du livre VI du code de commerce)',
     'higher', 1, NULL, 'n/a', 500, 3000, NULL, true, 'entrepreneurs', true),
    ('cop.6.5', 3, 6,
     'Nombre d’entreprises artisanales accompagnées dans l’accès aux marchés publics',
     'higher', 1, 1020, NULL, 2000, 3000, NULL, true, 'entreprises', true),
    ('cop.6.6', 3, 6,
     'Nombre d’entreprises sensibilisées à la sécurité économique',
     'higher', 1, NULL, 'n/a', 1000, 2000, NULL, true, 'entreprises', true),
    -- Axe 4, objectif 7: table after 7.6.
    -- known result printed "267 évènements / 16 régions / 85 départements mobilisés": the count of events (267)
    -- is the figure the indicator measures; the whole cell is kept in known_result_text
    ('cop.7.1', 4, 7,
     'Nombre de manifestations organisées dans le cadre de la semaine de l’artisanat',
     'higher', 1, 267, '267 évènements, 16 régions, 85 départements mobilisés', 300, 400, NULL, true, 'manifestations', true),
    -- known result printed "CMA France" (no figure given)
    ('cop.7.2', 4, 7,
     'Nombre d’entreprises accompagnées pour la délivrance d’un titre ou d’un label d’Etat',
     'higher', 1, NULL, 'CMA France', 50, 500, NULL, true, 'entreprises', true),
    ('cop.7.3', 4, 7,
     'Nombre d’actions d’information sur les métiers et parcours de formation',
     'higher', 1, 3273, NULL, 6000, 10000, NULL, true, 'actions', true),
    -- known result printed "CMA France" (no figure given)
    ('cop.7.4', 4, 7,
     'Nombre de personnes conseillées (jeunes, femmes et adultes) sur les métiers et parcours de formation',
     'higher', 1, NULL, 'CMA France', 1000, 10000, NULL, true, 'personnes', true),
    ('cop.7.5', 4, 7,
     'Nombre de périodes d''observation en milieu professionnel organisées par les CMA',
     'higher', 1, 15700, NULL, 16000, 20000, NULL, true, 'périodes d’observation', true),
    -- direction higher: mediations answer contract disputes, but the COP sets rising targets (6 000 then 10 000)
    ('cop.7.6', 4, 7,
     'Nombre de médiations réalisées par les agents des chambres de métiers et de l’artisanat (difficultés dans l’exécution ou la rupture du contrat pour lesquelles le médiateur est intervenu sur demande ou sollicitation d’une des parties au contrat d’apprentissage)',
     'higher', 1, 5084, NULL, 6000, 10000, NULL, true, 'médiations', true),
    -- Axe 4, objectif 8: table after 8.5.
    ('cop.8.1', 4, 8,
     'Nombre d’entreprises conseillées par les référents métiers d’art',
     'higher', 1, NULL, 'n/a', 3600, 9000, NULL, true, 'entreprises', true),
    ('cop.8.2', 4, 8,
     'Nombre d’entreprises accompagnées pour la délivrance du label d’EPV',
     'higher', 1, NULL, 'n/a', 1000, 3000, NULL, true, 'entreprises', true),
    -- Axe 5, objectif 9 (the only objective of the axis): table "Indicateurs d’activité au niveau national".
    -- No row says "par an": per_year NULL (undeterminable).
    ('cop.9.1', 5, 9,
     'Nombre d’actions engagées parmi les territoires éligibles aux programmes de l’Etat',
     'higher', 1, 306, NULL, 400, 500, NULL, NULL, 'actions', true),
    ('cop.9.2', 5, 9,
     'Développement ou valorisation des territoires et de l’artisanat : Nombre d’actions d’accompagnement des collectivités',
     'higher', 1, 1194, NULL, 1300, 1500, NULL, NULL, 'actions', true),
    ('cop.9.3', 5, 9,
     'Développement ou valorisation des territoires et de l’artisanat : Nombre de conventions signées',
     'higher', 1, 661, NULL, 670, 700, NULL, NULL, 'conventions', true),
    -- objectives (1 200) printed below the known result (1 360): kept as printed, direction stays higher
    ('cop.9.4', 5, 9,
     'Artisanat dans les territoires : Nombre d’avis sur les documents d’urbanisme',
     'higher', 1, 1360, NULL, 1200, 1200, NULL, NULL, 'avis', true),
    ('cop.9.5', 5, 9,
     'Artisanat dans les territoires : Nombre d’études économiques et territoriales réalisées',
     'higher', 1, 562, NULL, 600, 700, NULL, NULL, 'études', true),
    -- Axe 6: a single table, printed after 13.3 (Place des entreprises). Objectives 10, 11 and 12 have no
    -- activity indicator in the COP; both rows concern 13.3 and are attributed to objective 13 (judgement).
    ('cop.13.1', 6, 13,
     'Besoins transmis par Place des entreprises : Nombre de besoins d’entreprises transmis par Place des Entreprises',
     'higher', 1, 5950, NULL, 7000, 10000, NULL, true, 'besoins', true),
    -- 2023 printed "3 500" without "par an", 2027 "5 000 par an": read as a yearly objective (per_year true)
    ('cop.13.2', 6, 13,
     'Besoins transmis par Place des entreprises : Nombre de besoins ayant reçu une proposition d’accompagnement par le réseau',
     'higher', 1, 2330, NULL, 3500, 5000, NULL, true, 'besoins', true);
-- The rows above come from the COP text: mark them so that pg_dump skips
-- them (CREATE EXTENSION recreates them) and keeps only the users' rows.
UPDATE cop_alloc.objective SET from_cop = true;
UPDATE cop_alloc.axis SET from_cop = true;
UPDATE cop_alloc.indicator SET from_cop = true;
-- ===================================================================
-- The engine (spec section 7): thin SQL declarations of C functions.
-- Each reads the exercise's tables once, as the calling user, with a
-- fixed search_path, and computes in the pure C core.
-- ===================================================================

CREATE FUNCTION cop_alloc.allocate(year int)
RETURNS TABLE (chamber_code text, operating numeric, performance_envelope numeric,
               deduction numeric, performance numeric, total numeric)
AS 'MODULE_PATHNAME', 'cop_alloc_allocate'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.allocate(int) IS
    'The R312-2 distribution of an exercise: per recipient chamber (code order), its operating part, performance envelope, deduction, performance part and total, in euros with 2 decimals.';

CREATE FUNCTION cop_alloc.axis_deductions(year int)
RETURNS TABLE (chamber_code text, axis_no int, stake numeric,
               achievement numeric, deduction numeric)
AS 'MODULE_PATHNAME', 'cop_alloc_axis_deductions'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.axis_deductions(int) IS
    'Per recipient and per axis of the exercise: the stake, the consolidated achievement (6 decimals) and the deduction that goes to the national-projects reserve.';

CREATE FUNCTION cop_alloc.summary(year int)
RETURNS TABLE (tax_product numeric, quote_part numeric, distributable numeric,
               operating_part numeric, performance_part numeric,
               allocated numeric, reserve numeric)
AS 'MODULE_PATHNAME', 'cop_alloc_summary'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.summary(int) IS
    'The exercise in one row: P, Q, D = P - Q, operating part O, performance part Pf, allocated to chambers and national-projects reserve; P = Q + allocated + reserve to the cent.';

CREATE FUNCTION cop_alloc.allocation_bounds(year int)
RETURNS TABLE (chamber_code text, operating_key numeric, performance_key numeric,
               lower_bound numeric, lower_source text,
               upper_bound numeric, upper_source text,
               binding text, operating numeric)
AS 'MODULE_PATHNAME', 'cop_alloc_allocation_bounds'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.allocation_bounds(int) IS
    'How each operating part was equalised: the keys used, the lower and upper bounds and where they come from (floor, ceiling, tunnel), and which bound, if any, set the amount.';

CREATE FUNCTION cop_alloc.apportion(total numeric, weights numeric[])
RETURNS numeric[]
AS 'MODULE_PATHNAME', 'cop_alloc_apportion'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.apportion(numeric, numeric[]) IS
    'Largest-remainder split of total euros by non-negative weights; the parts add up to total exactly, ties to the lower index.';

CREATE FUNCTION cop_alloc.apportion(total numeric, weights numeric[],
                                    lower numeric[], upper numeric[])
RETURNS numeric[]
AS 'MODULE_PATHNAME', 'cop_alloc_apportion_bounded'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.apportion(numeric, numeric[], numeric[], numeric[]) IS
    'Bounded split: each part is clamp(lambda x weight, lower, upper) with the exact lambda that uses up total, then cents by largest remainder; a NULL bound, or an empty bounds array, means no bound.';

CREATE FUNCTION cop_alloc.achievement(realized numeric, target numeric,
                                      direction cop_alloc.direction DEFAULT 'higher')
RETURNS numeric
AS 'MODULE_PATHNAME', 'cop_alloc_achievement'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.achievement(numeric, numeric, cop_alloc.direction) IS
    'Achievement of one indicator with 6 decimals: min(1, realized/target) for higher, min(1, target/realized) for lower, rounded half up; NULL when the target is 0 (not applicable).';

-- axis_achievement(realized, target, direction, weight): an aggregate over
-- (consolidated) indicator rows, parallel-safe, for GROUP BY chamber, axis.
CREATE FUNCTION cop_alloc.axis_achievement_transfn(internal, numeric, numeric,
                                                   cop_alloc.direction, numeric)
RETURNS internal
AS 'MODULE_PATHNAME', 'cop_alloc_axis_achievement_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.axis_achievement_transfn(internal, numeric, numeric, cop_alloc.direction, numeric) IS
    'Transition function of axis_achievement.';

CREATE FUNCTION cop_alloc.axis_achievement_combinefn(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'cop_alloc_axis_achievement_combinefn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.axis_achievement_combinefn(internal, internal) IS
    'Combine function of axis_achievement (parallel aggregation).';

CREATE FUNCTION cop_alloc.axis_achievement_serialfn(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'cop_alloc_axis_achievement_serialfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.axis_achievement_serialfn(internal) IS
    'Serial function of axis_achievement (parallel aggregation).';

CREATE FUNCTION cop_alloc.axis_achievement_deserialfn(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'cop_alloc_axis_achievement_deserialfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.axis_achievement_deserialfn(bytea, internal) IS
    'Deserial function of axis_achievement (parallel aggregation).';

CREATE FUNCTION cop_alloc.axis_achievement_finalfn(internal)
RETURNS numeric
AS 'MODULE_PATHNAME', 'cop_alloc_axis_achievement_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cop_alloc.axis_achievement_finalfn(internal) IS
    'Final function of axis_achievement.';

CREATE AGGREGATE cop_alloc.axis_achievement(realized numeric, target numeric,
                                            direction cop_alloc.direction, weight numeric) (
    SFUNC = cop_alloc.axis_achievement_transfn,
    STYPE = internal,
    FINALFUNC = cop_alloc.axis_achievement_finalfn,
    COMBINEFUNC = cop_alloc.axis_achievement_combinefn,
    SERIALFUNC = cop_alloc.axis_achievement_serialfn,
    DESERIALFUNC = cop_alloc.axis_achievement_deserialfn,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cop_alloc.axis_achievement(numeric, numeric, cop_alloc.direction, numeric) IS
    'Axis achievement with 6 decimals: rhu(sum weight x achievement / sum weight) over indicator rows whose target is > 0 and weight > 0; 1.000000 when there is none. A NULL realized with a positive target is an error. Tolerance is not applied.';
-- ===================================================================
-- What-if: simulate and sensitivity.  Nothing is written; the exercise
-- is read once and each scenario is computed by the same core.
-- ===================================================================

CREATE TYPE cop_alloc.scenario AS (id text, overrides jsonb);
COMMENT ON TYPE cop_alloc.scenario IS
    'A what-if scenario for simulate_many(year, scenario[]): an id and its overrides (the jsonb of simulate(year, overrides)).';

CREATE FUNCTION cop_alloc.simulate(year int, overrides jsonb)
RETURNS TABLE (chamber_code text, operating numeric, performance_envelope numeric,
               deduction numeric, performance numeric, total numeric)
AS 'MODULE_PATHNAME', 'cop_alloc_simulate'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.simulate(int, jsonb) IS
    'allocate(year) with parameters overridden, writing nothing. Overrides: tax_product, quote_part, quote_part_min, operating_pct, minister_authorized, performance_decided, tolerance, missing_result, max_decrease_pct, max_increase_pct, axis_weights {"axis_no": weight}, chambers {"code": {assujettis, operating_weight, performance_weight, floor_amount, ceiling_amount, previous_operating}}, results {"chamber": {"indicator": realized}}, achievements {"chamber": {"axis_no": achievement}}. An unknown or ill-typed key is an error.';

CREATE FUNCTION cop_alloc.simulate_many(year int, scenarios cop_alloc.scenario[])
RETURNS TABLE (scenario_id text, chamber_code text, operating numeric, performance_envelope numeric,
               deduction numeric, performance numeric, total numeric)
AS 'MODULE_PATHNAME', 'cop_alloc_simulate_batch'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.simulate_many(int, cop_alloc.scenario[]) IS
    'Many scenarios at once: the lines of simulate(year, overrides) for each scenario, tagged with its id, the exercise read once.';

CREATE FUNCTION cop_alloc.sensitivity(year int)
RETURNS TABLE (chamber_code text, axis_no int, stake numeric, achievement numeric,
               lost numeric, gain_per_point numeric, kept numeric)
AS 'MODULE_PATHNAME', 'cop_alloc_sensitivity'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION cop_alloc.sensitivity(int) IS
    'Per chamber and axis: the euros at stake, the euros lost today (the deduction), the euros one more point of achievement (+0.01) would give back, and the euros kept.';
-- ===================================================================
-- Deliberation support around the engine: recorded runs with an input
-- fingerprint, the one published distribution of each year, the previous
-- year's figures and the motives the deliberation must expose (R312-2),
-- the national-projects reserve (art. 17-1 3° of the decree), and the
-- approvals that make a distribution enforceable (R312-2 1°, D333-2,
-- D333-5).  Plain SQL and PL/pgSQL over the engine's functions.
-- ===================================================================

-- -------------------------------------------------------------------
-- Serialization of the writes of one year
-- -------------------------------------------------------------------

CREATE FUNCTION cop_alloc.lock_year(year int) RETURNS void
LANGUAGE sql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('cop_alloc.publish'), lock_year.year)
$$;
COMMENT ON FUNCTION cop_alloc.lock_year(int) IS
    'Takes the transaction-level advisory lock of a year (key: hashtext(''cop_alloc.publish''), year). run, publish and the reserve grants of the same year take it, so that they happen one after the other.';

-- -------------------------------------------------------------------
-- French formatting of the figures of a deliberation
-- -------------------------------------------------------------------

CREATE FUNCTION cop_alloc.format_euros(amount numeric) RETURNS text
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

CREATE FUNCTION cop_alloc.format_percent(ratio numeric) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT replace(round(format_percent.ratio * 100, 1)::text, '.', ',') || ' %'
$$;
COMMENT ON FUNCTION cop_alloc.format_percent(numeric) IS
    'A ratio as a French percentage with one decimal, rounded half away from zero: 0.966667 gives ''96,7 %''.';

-- -------------------------------------------------------------------
-- Runs: what was computed, from which inputs, by whom and when
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.run (
    run_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year             int NOT NULL,
    results_year     int NOT NULL,
    fingerprint      text NOT NULL CONSTRAINT fingerprint_is_sha256 CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
    parameters       jsonb NOT NULL,
    tax_product      numeric NOT NULL,
    quote_part       numeric NOT NULL,
    distributable    numeric NOT NULL,
    operating_part   numeric NOT NULL,
    performance_part numeric NOT NULL,
    allocated        numeric NOT NULL,
    reserve          numeric NOT NULL,
    previous_run_id  bigint NULL,
    note             text NULL,
    ran_by           text NOT NULL DEFAULT current_user,
    ran_at           timestamptz NOT NULL DEFAULT now(),
    engine_version   text NOT NULL,
    CONSTRAINT run_year_key UNIQUE (run_id, year)
);
COMMENT ON TABLE cop_alloc.run IS
    'One computation of an exercise by cop_alloc.run(year, note): its input fingerprint, parameters and summary; the lines are in run_line and run_axis, the inputs in run_input. Append-only: no row is ever updated or deleted.';
COMMENT ON COLUMN cop_alloc.run.run_id IS 'Run number, in the order the runs were made.';
COMMENT ON COLUMN cop_alloc.run.year IS 'The exercise computed.';
COMMENT ON COLUMN cop_alloc.run.results_year IS 'The results year the achievements were measured on.';
COMMENT ON COLUMN cop_alloc.run.fingerprint IS
    'sha256 (hex) of the canonical text of every input row used (see run_input): identical inputs give the identical fingerprint, whatever the order the rows were inserted in.';
COMMENT ON COLUMN cop_alloc.run.parameters IS 'The exercise''s parameters used (results_year resolved, axis weights under axis_weights).';
COMMENT ON COLUMN cop_alloc.run.tax_product IS 'P, euros.';
COMMENT ON COLUMN cop_alloc.run.quote_part IS 'Q, euros.';
COMMENT ON COLUMN cop_alloc.run.distributable IS 'D = P - Q, euros.';
COMMENT ON COLUMN cop_alloc.run.operating_part IS 'O, euros.';
COMMENT ON COLUMN cop_alloc.run.performance_part IS 'Pf = D - O, euros.';
COMMENT ON COLUMN cop_alloc.run.allocated IS 'Sum of the chambers'' totals, euros.';
COMMENT ON COLUMN cop_alloc.run.reserve IS 'National-projects reserve: the deductions, plus Pf when the performance part was not decided, euros.';
COMMENT ON COLUMN cop_alloc.run.previous_run_id IS 'The published run of year - 1 when this run was made: it supplied the tunnel bases left NULL and the evolution figures.';
COMMENT ON COLUMN cop_alloc.run.note IS 'Free text given to run(year, note).';
COMMENT ON COLUMN cop_alloc.run.ran_by IS 'The role that made the run.';
COMMENT ON COLUMN cop_alloc.run.ran_at IS 'When the run was made (transaction start).';
COMMENT ON COLUMN cop_alloc.run.engine_version IS 'Version of the cop_alloc extension that computed it.';

CREATE TABLE cop_alloc.run_line (
    run_id               bigint NOT NULL REFERENCES cop_alloc.run (run_id),
    chamber_code         text NOT NULL,
    operating_key_source text NOT NULL CONSTRAINT operating_key_source_known
                         CHECK (operating_key_source IN ('assujettis', 'operating_weight')),
    operating_key        numeric NOT NULL,
    performance_key      numeric NOT NULL,
    previous_operating   numeric NULL,
    operating_before     numeric NOT NULL,
    lower_bound          numeric NULL,
    lower_source         text NULL,
    upper_bound          numeric NULL,
    upper_source         text NULL,
    binding              text NOT NULL,
    operating            numeric NOT NULL,
    performance_envelope numeric NOT NULL,
    deduction            numeric NOT NULL,
    performance          numeric NOT NULL,
    total                numeric NOT NULL,
    PRIMARY KEY (run_id, chamber_code)
);
COMMENT ON TABLE cop_alloc.run_line IS
    'The line of each recipient chamber in a run: keys, equalisation and the amounts of allocate(year). Append-only.';
COMMENT ON COLUMN cop_alloc.run_line.run_id IS 'The run.';
COMMENT ON COLUMN cop_alloc.run_line.chamber_code IS 'The recipient chamber (its code when the run was made).';
COMMENT ON COLUMN cop_alloc.run_line.operating_key_source IS 'assujettis, or operating_weight when the exercise set one.';
COMMENT ON COLUMN cop_alloc.run_line.operating_key IS 'The operating key used.';
COMMENT ON COLUMN cop_alloc.run_line.performance_key IS 'The performance key used.';
COMMENT ON COLUMN cop_alloc.run_line.previous_operating IS
    'Base of the tunnel: exercise_chamber.previous_operating, or when NULL the operating part published for year - 1.';
COMMENT ON COLUMN cop_alloc.run_line.operating_before IS 'Operating part before equalisation: the plain apportion(O, operating keys), euros.';
COMMENT ON COLUMN cop_alloc.run_line.lower_bound IS 'Lower equalisation bound, euros (allocation_bounds).';
COMMENT ON COLUMN cop_alloc.run_line.lower_source IS 'floor or tunnel: where the lower bound comes from.';
COMMENT ON COLUMN cop_alloc.run_line.upper_bound IS 'Upper equalisation bound, euros.';
COMMENT ON COLUMN cop_alloc.run_line.upper_source IS 'ceiling or tunnel: where the upper bound comes from.';
COMMENT ON COLUMN cop_alloc.run_line.binding IS 'lower, upper or none: the bound that set the operating part.';
COMMENT ON COLUMN cop_alloc.run_line.operating IS 'Operating part after equalisation, euros.';
COMMENT ON COLUMN cop_alloc.run_line.performance_envelope IS 'Performance envelope, euros.';
COMMENT ON COLUMN cop_alloc.run_line.deduction IS 'Sum of the axis deductions, euros.';
COMMENT ON COLUMN cop_alloc.run_line.performance IS 'Performance part after deductions, euros.';
COMMENT ON COLUMN cop_alloc.run_line.total IS 'Operating plus performance part, euros.';

CREATE TABLE cop_alloc.run_axis (
    run_id       bigint NOT NULL,
    chamber_code text NOT NULL,
    axis_no      int NOT NULL,
    weight       numeric NOT NULL,
    stake        numeric NOT NULL,
    achievement  numeric NOT NULL,
    deduction    numeric NOT NULL,
    PRIMARY KEY (run_id, chamber_code, axis_no),
    FOREIGN KEY (run_id, chamber_code) REFERENCES cop_alloc.run_line (run_id, chamber_code)
);
COMMENT ON TABLE cop_alloc.run_axis IS 'The axis lines of a run (axis_deductions(year)). Append-only.';
COMMENT ON COLUMN cop_alloc.run_axis.run_id IS 'The run.';
COMMENT ON COLUMN cop_alloc.run_axis.chamber_code IS 'The recipient chamber.';
COMMENT ON COLUMN cop_alloc.run_axis.axis_no IS 'The axis.';
COMMENT ON COLUMN cop_alloc.run_axis.weight IS 'The axis weight of the exercise.';
COMMENT ON COLUMN cop_alloc.run_axis.stake IS 'Share of the envelope staked on the axis, euros.';
COMMENT ON COLUMN cop_alloc.run_axis.achievement IS 'Consolidated achievement of the axis, 6 decimals.';
COMMENT ON COLUMN cop_alloc.run_axis.deduction IS 'Deduction on the axis, euros, paid into the national-projects reserve.';

CREATE TABLE cop_alloc.run_input (
    run_id bigint NOT NULL REFERENCES cop_alloc.run (run_id),
    kind   text NOT NULL,
    key    text NOT NULL,
    value  jsonb NOT NULL,
    PRIMARY KEY (run_id, kind, key)
);
COMMENT ON TABLE cop_alloc.run_input IS
    'Every input row a run used, in canonical form (see run_inputs(year)); the run''s fingerprint is the sha256 of these rows. Append-only.';
COMMENT ON COLUMN cop_alloc.run_input.run_id IS 'The run.';
COMMENT ON COLUMN cop_alloc.run_input.kind IS 'exercise, exercise_axis, exercise_chamber, chamber, indicator, com_target or indicator_result.';
COMMENT ON COLUMN cop_alloc.run_input.key IS 'The row''s key as a JSON array, e.g. ["NORD","I1"].';
COMMENT ON COLUMN cop_alloc.run_input.value IS 'The row''s values used, numbers without trailing zeros.';

-- -------------------------------------------------------------------
-- Publications: the one distribution of each year
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.publication (
    publication_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year             int NOT NULL,
    run_id           bigint NOT NULL UNIQUE,
    published_at     timestamptz NOT NULL DEFAULT now(),
    published_by     text NOT NULL DEFAULT current_user,
    supersedes       bigint NULL UNIQUE,
    supersede_reason text NULL,
    forced_reason    text NULL,
    missing          text[] NOT NULL DEFAULT '{}',
    CONSTRAINT publication_year_key UNIQUE (year, publication_id),
    CONSTRAINT publication_run_of_its_year FOREIGN KEY (run_id, year) REFERENCES cop_alloc.run (run_id, year),
    CONSTRAINT publication_supersedes_same_year
        FOREIGN KEY (year, supersedes) REFERENCES cop_alloc.publication (year, publication_id),
    CONSTRAINT supersession_has_a_reason
        CHECK ((supersedes IS NULL) = (supersede_reason IS NULL) AND btrim(supersede_reason) <> ''),
    CONSTRAINT forcing_has_a_reason CHECK (btrim(forced_reason) <> '')
);
-- one first publication per year, and each publication superseded at most
-- once (UNIQUE supersedes): the publications of a year form one chain, whose
-- last link is the current publication.
CREATE UNIQUE INDEX publication_one_first_per_year ON cop_alloc.publication (year) WHERE supersedes IS NULL;
COMMENT ON TABLE cop_alloc.publication IS
    'Publications made by publish(run_id): the current one of a year (not superseded) is its distribution. Append-only; a publication is replaced only by a new one that supersedes it, with a reason.';
COMMENT ON COLUMN cop_alloc.publication.publication_id IS 'Publication number.';
COMMENT ON COLUMN cop_alloc.publication.year IS 'The exercise.';
COMMENT ON COLUMN cop_alloc.publication.run_id IS 'The run published; a run is published at most once.';
COMMENT ON COLUMN cop_alloc.publication.published_at IS 'When it was published.';
COMMENT ON COLUMN cop_alloc.publication.published_by IS 'The role that published it.';
COMMENT ON COLUMN cop_alloc.publication.supersedes IS 'The publication of the same year this one replaces.';
COMMENT ON COLUMN cop_alloc.publication.supersede_reason IS 'Why the previous publication was replaced.';
COMMENT ON COLUMN cop_alloc.publication.forced_reason IS 'Why it was published although approvals were missing.';
COMMENT ON COLUMN cop_alloc.publication.missing IS 'The approvals missing when it was forced (status(year).missing).';

CREATE VIEW cop_alloc.current_publication WITH (security_invoker = true) AS
SELECT p.publication_id, p.year, p.run_id, p.published_at, p.published_by,
       p.supersedes, p.supersede_reason, p.forced_reason, p.missing
  FROM cop_alloc.publication p
 WHERE NOT EXISTS (SELECT FROM cop_alloc.publication s WHERE s.supersedes = p.publication_id);
COMMENT ON VIEW cop_alloc.current_publication IS 'The publication in force of each published year (not superseded).';
COMMENT ON COLUMN cop_alloc.current_publication.publication_id IS 'The publication in force.';
COMMENT ON COLUMN cop_alloc.current_publication.year IS 'The published exercise.';
COMMENT ON COLUMN cop_alloc.current_publication.run_id IS 'Its published run.';
COMMENT ON COLUMN cop_alloc.current_publication.published_at IS 'When it was published.';
COMMENT ON COLUMN cop_alloc.current_publication.published_by IS 'The role that published it.';
COMMENT ON COLUMN cop_alloc.current_publication.supersedes IS 'The publication it replaced, if any.';
COMMENT ON COLUMN cop_alloc.current_publication.supersede_reason IS 'Why it replaced it.';
COMMENT ON COLUMN cop_alloc.current_publication.forced_reason IS 'Why it was published although approvals were missing.';
COMMENT ON COLUMN cop_alloc.current_publication.missing IS 'The approvals missing when it was forced.';

CREATE VIEW cop_alloc.published_operating WITH (security_invoker = true) AS
SELECT p.year, l.chamber_code, l.operating
  FROM cop_alloc.current_publication p
  JOIN cop_alloc.run_line l ON l.run_id = p.run_id;
COMMENT ON VIEW cop_alloc.published_operating IS
    'Each chamber''s operating part in the published distribution of each year: the base of next year''s tunnel where exercise_chamber.previous_operating is NULL. Grants from the reserve are not in it: nothing flows back through equalisation.';
COMMENT ON COLUMN cop_alloc.published_operating.year IS 'The published exercise.';
COMMENT ON COLUMN cop_alloc.published_operating.chamber_code IS 'The recipient chamber.';
COMMENT ON COLUMN cop_alloc.published_operating.operating IS 'Its operating part, euros.';

CREATE VIEW cop_alloc.published_distribution WITH (security_invoker = true) AS
SELECT p.year, p.run_id, l.chamber_code, l.operating, l.performance_envelope, l.deduction,
       l.performance, l.total
  FROM cop_alloc.current_publication p
  JOIN cop_alloc.run_line l ON l.run_id = p.run_id;
COMMENT ON VIEW cop_alloc.published_distribution IS 'The lines of the published distribution of each year, as allocate(year) gave them when published.';
COMMENT ON COLUMN cop_alloc.published_distribution.year IS 'The published exercise.';
COMMENT ON COLUMN cop_alloc.published_distribution.run_id IS 'Its published run.';
COMMENT ON COLUMN cop_alloc.published_distribution.chamber_code IS 'The recipient chamber.';
COMMENT ON COLUMN cop_alloc.published_distribution.operating IS 'Operating part, euros.';
COMMENT ON COLUMN cop_alloc.published_distribution.performance_envelope IS 'Performance envelope, euros.';
COMMENT ON COLUMN cop_alloc.published_distribution.deduction IS 'Deductions, euros.';
COMMENT ON COLUMN cop_alloc.published_distribution.performance IS 'Performance part, euros.';
COMMENT ON COLUMN cop_alloc.published_distribution.total IS 'Total, euros.';

-- -------------------------------------------------------------------
-- Append-only: runs and publications are never updated, deleted or
-- truncated.  The triggers fire for every role, the tables' owner
-- included, and ENABLE ALWAYS makes them fire under
-- session_replication_role = replica too.  They are a guard, not a
-- vault: a superuser or the tables' owner can still ALTER TABLE ...
-- DISABLE TRIGGER or DROP EXTENSION; keep a copy of each publication and
-- its fingerprint outside the database if that must be excluded.
-- -------------------------------------------------------------------

CREATE FUNCTION cop_alloc.run_refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rid bigint;
    y int;
    pub bigint;
    verb text := CASE TG_OP WHEN 'UPDATE' THEN 'updated' WHEN 'DELETE' THEN 'deleted' ELSE 'truncated' END;
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        RAISE EXCEPTION 'cop_alloc.% cannot be truncated: runs are append-only', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation',
                  DETAIL = 'Runs record what was computed, from which inputs, and what was published; they are kept for good.',
                  HINT = 'Make a new run instead; publish it with a supersede_reason to replace a publication.';
    END IF;
    rid := OLD.run_id;
    SELECT r.year INTO y FROM cop_alloc.run r WHERE r.run_id = rid;
    SELECT p.publication_id INTO pub FROM cop_alloc.publication p WHERE p.run_id = rid;
    IF pub IS NOT NULL THEN
        RAISE EXCEPTION 'run % of exercise % is published and cannot be %', rid, y, verb
            USING ERRCODE = 'restrict_violation',
                  DETAIL = format('Publication %s made run %s the distribution of %s; published runs never change.', pub, rid, y),
                  HINT = 'Make a new run and publish it with a supersede_reason.';
    END IF;
    RAISE EXCEPTION 'run % of exercise % cannot be %: runs are append-only', rid, y, verb
        USING ERRCODE = 'restrict_violation',
              DETAIL = format('Table cop_alloc.%s keeps every run as it was computed.', TG_TABLE_NAME),
              HINT = 'Make a new run instead.';
END
$$;
COMMENT ON FUNCTION cop_alloc.run_refuse_change() IS
    'Trigger: refuses UPDATE, DELETE and TRUNCATE on the run tables, for every role including their owner.';

CREATE FUNCTION cop_alloc.publication_refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        RAISE EXCEPTION 'cop_alloc.publication cannot be truncated: publications are append-only'
            USING ERRCODE = 'restrict_violation',
                  DETAIL = 'Each publication is the record of a distribution made enforceable.',
                  HINT = 'Publish another run with a supersede_reason to replace a publication.';
    END IF;
    RAISE EXCEPTION 'publication % of exercise % cannot be %: publications are append-only', OLD.publication_id, OLD.year,
                    CASE TG_OP WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END
        USING ERRCODE = 'restrict_violation',
              DETAIL = format('Publication %s made run %s the distribution of %s.', OLD.publication_id, OLD.run_id, OLD.year),
              HINT = 'Publish another run with a supersede_reason to replace it; the reason is kept.';
END
$$;
COMMENT ON FUNCTION cop_alloc.publication_refuse_change() IS
    'Trigger: refuses UPDATE, DELETE and TRUNCATE on cop_alloc.publication, for every role including its owner.';

CREATE TRIGGER run_append_only BEFORE UPDATE OR DELETE ON cop_alloc.run
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.run_refuse_change();
CREATE TRIGGER run_no_truncate BEFORE TRUNCATE ON cop_alloc.run
    FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.run_refuse_change();
CREATE TRIGGER run_line_append_only BEFORE UPDATE OR DELETE ON cop_alloc.run_line
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.run_refuse_change();
CREATE TRIGGER run_line_no_truncate BEFORE TRUNCATE ON cop_alloc.run_line
    FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.run_refuse_change();
CREATE TRIGGER run_axis_append_only BEFORE UPDATE OR DELETE ON cop_alloc.run_axis
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.run_refuse_change();
CREATE TRIGGER run_axis_no_truncate BEFORE TRUNCATE ON cop_alloc.run_axis
    FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.run_refuse_change();
CREATE TRIGGER run_input_append_only BEFORE UPDATE OR DELETE ON cop_alloc.run_input
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.run_refuse_change();
CREATE TRIGGER run_input_no_truncate BEFORE TRUNCATE ON cop_alloc.run_input
    FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.run_refuse_change();
CREATE TRIGGER publication_append_only BEFORE UPDATE OR DELETE ON cop_alloc.publication
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.publication_refuse_change();
CREATE TRIGGER publication_no_truncate BEFORE TRUNCATE ON cop_alloc.publication
    FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.publication_refuse_change();

ALTER TABLE cop_alloc.run ENABLE ALWAYS TRIGGER run_append_only;
ALTER TABLE cop_alloc.run ENABLE ALWAYS TRIGGER run_no_truncate;
ALTER TABLE cop_alloc.run_line ENABLE ALWAYS TRIGGER run_line_append_only;
ALTER TABLE cop_alloc.run_line ENABLE ALWAYS TRIGGER run_line_no_truncate;
ALTER TABLE cop_alloc.run_axis ENABLE ALWAYS TRIGGER run_axis_append_only;
ALTER TABLE cop_alloc.run_axis ENABLE ALWAYS TRIGGER run_axis_no_truncate;
ALTER TABLE cop_alloc.run_input ENABLE ALWAYS TRIGGER run_input_append_only;
ALTER TABLE cop_alloc.run_input ENABLE ALWAYS TRIGGER run_input_no_truncate;
ALTER TABLE cop_alloc.publication ENABLE ALWAYS TRIGGER publication_append_only;
ALTER TABLE cop_alloc.publication ENABLE ALWAYS TRIGGER publication_no_truncate;

REVOKE UPDATE, DELETE, TRUNCATE ON cop_alloc.run, cop_alloc.run_line, cop_alloc.run_axis,
       cop_alloc.run_input, cop_alloc.publication FROM PUBLIC;

-- -------------------------------------------------------------------
-- The inputs of a run and their fingerprint
-- -------------------------------------------------------------------

CREATE FUNCTION cop_alloc.run_inputs(year int)
RETURNS TABLE (kind text, key text, value jsonb)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH e AS (
        SELECT x.*, coalesce(x.results_year, x.year - 1) AS ry
          FROM cop_alloc.exercise x WHERE x.year = run_inputs.year),
    recipients AS (
        SELECT ec.* FROM cop_alloc.exercise_chamber ec WHERE ec.year = run_inputs.year),
    members AS (
        SELECT c.code, c.parent_code
          FROM cop_alloc.chamber c
          JOIN recipients r ON r.chamber_code = coalesce(c.parent_code, c.code)),
    prev AS (
        SELECT po.chamber_code, po.operating
          FROM cop_alloc.published_operating po WHERE po.year = run_inputs.year - 1),
    targets AS (
        SELECT t.* FROM e JOIN cop_alloc.com_target t ON t.year = e.ry
          JOIN members m ON m.code = t.chamber_code),
    results AS (
        SELECT r.* FROM e JOIN cop_alloc.indicator_result r ON r.year = e.ry
          JOIN members m ON m.code = r.chamber_code)
    SELECT 'exercise', jsonb_build_array(e.year)::text,
           jsonb_build_object('year', e.year,
                              'tax_product', trim_scale(e.tax_product),
                              'quote_part', trim_scale(e.quote_part),
                              'quote_part_min', trim_scale(e.quote_part_min),
                              'operating_pct', trim_scale(e.operating_pct),
                              'minister_authorized', e.minister_authorized,
                              'performance_decided', e.performance_decided,
                              'results_year', e.ry,
                              'tolerance', trim_scale(e.tolerance),
                              'missing_result', e.missing_result,
                              'max_decrease_pct', trim_scale(e.max_decrease_pct),
                              'max_increase_pct', trim_scale(e.max_increase_pct))
      FROM e
    UNION ALL
    SELECT 'exercise_axis', jsonb_build_array(a.axis_no)::text,
           jsonb_build_object('weight', trim_scale(a.weight))
      FROM cop_alloc.exercise_axis a WHERE a.year = run_inputs.year
    UNION ALL
    SELECT 'exercise_chamber', jsonb_build_array(r.chamber_code)::text,
           jsonb_build_object('assujettis', r.assujettis,
                              'operating_weight', trim_scale(r.operating_weight),
                              'performance_weight', trim_scale(r.performance_weight),
                              'floor_amount', trim_scale(r.floor_amount),
                              'ceiling_amount', trim_scale(r.ceiling_amount),
                              'previous_operating', trim_scale(coalesce(r.previous_operating, p.operating)))
      FROM recipients r LEFT JOIN prev p ON p.chamber_code = r.chamber_code
    UNION ALL
    SELECT 'chamber', jsonb_build_array(m.code)::text, jsonb_build_object('parent_code', m.parent_code)
      FROM members m
    UNION ALL
    SELECT 'indicator', jsonb_build_array(i.code)::text,
           jsonb_build_object('axis_no', i.axis_no, 'direction', i.direction, 'weight', trim_scale(i.weight))
      FROM cop_alloc.indicator i
     WHERE i.code IN (SELECT t.indicator_code FROM targets t)
    UNION ALL
    SELECT 'com_target', jsonb_build_array(t.chamber_code, t.indicator_code)::text,
           jsonb_build_object('target', trim_scale(t.target))
      FROM targets t
    UNION ALL
    SELECT 'indicator_result', jsonb_build_array(r.chamber_code, r.indicator_code)::text,
           jsonb_build_object('realized', trim_scale(r.realized))
      FROM results r
$$;
COMMENT ON FUNCTION cop_alloc.run_inputs(int) IS
    'Every input row the engine uses for an exercise, in canonical form: the exercise''s parameters, its axes and recipients (previous_operating as the engine uses it: the exercise''s, else the published one of year - 1), the members and their associations, the indicators targeted, and the targets and results of the results year for the members. Keys are JSON arrays of codes; numbers lose trailing zeros.';

CREATE FUNCTION cop_alloc.fingerprint(year int) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT encode(sha256(convert_to(
               'cop_alloc inputs v1' || E'\n'
               || string_agg(i.kind || E'\t' || i.key || E'\t' || i.value::text, E'\n'
                             ORDER BY i.kind COLLATE "C", i.key COLLATE "C"),
               'UTF8')), 'hex')
      FROM cop_alloc.run_inputs(fingerprint.year) i
    HAVING count(*) > 0
$$;
COMMENT ON FUNCTION cop_alloc.fingerprint(int) IS
    'sha256 (hex) of the canonical text of run_inputs(year), each row as kind, key and value, sorted by kind and key COLLATE "C": the same inputs give the same fingerprint whatever the order they were inserted in. NULL when the exercise does not exist.';

CREATE FUNCTION cop_alloc.run_parameters(year int) RETURNS jsonb
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (SELECT i.value FROM cop_alloc.run_inputs(run_parameters.year) i WHERE i.kind = 'exercise')
           || jsonb_build_object('axis_weights',
                  coalesce((SELECT jsonb_object_agg(a.axis_no::text, trim_scale(a.weight))
                              FROM cop_alloc.exercise_axis a WHERE a.year = run_parameters.year), '{}'))
$$;
COMMENT ON FUNCTION cop_alloc.run_parameters(int) IS
    'The parameters of an exercise as a run stores them: the exercise row (results_year resolved) and axis_weights {"axis_no": weight}.';

-- the lines of allocate(year) with their keys and bounds, as run_line rows
-- without a run_id: what run() stores and what explain() shows before a run
CREATE FUNCTION cop_alloc.run_lines_live(year int) RETURNS SETOF cop_alloc.run_line
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH b AS (SELECT * FROM cop_alloc.allocation_bounds(run_lines_live.year)),
    a AS (SELECT * FROM cop_alloc.allocate(run_lines_live.year)),
    s AS (SELECT * FROM cop_alloc.summary(run_lines_live.year)),
    k AS (SELECT array_agg(b.chamber_code ORDER BY b.chamber_code COLLATE "C") AS codes,
                 array_agg(b.operating_key ORDER BY b.chamber_code COLLATE "C") AS keys
            FROM b),
    plain AS (SELECT u.code, u.share
                FROM k, s, unnest(k.codes, cop_alloc.apportion(s.operating_part, k.keys)) AS u (code, share)),
    prev AS (SELECT po.chamber_code, po.operating
               FROM cop_alloc.published_operating po WHERE po.year = run_lines_live.year - 1)
    SELECT NULL::bigint, b.chamber_code,
           CASE WHEN ec.operating_weight IS NULL THEN 'assujettis' ELSE 'operating_weight' END,
           b.operating_key, b.performance_key,
           coalesce(ec.previous_operating, p.operating)::numeric,
           plain.share, b.lower_bound, b.lower_source, b.upper_bound, b.upper_source, b.binding,
           a.operating, a.performance_envelope, a.deduction, a.performance, a.total
      FROM b
      JOIN a ON a.chamber_code = b.chamber_code
      JOIN plain ON plain.code = b.chamber_code
      JOIN cop_alloc.exercise_chamber ec ON ec.year = run_lines_live.year AND ec.chamber_code = b.chamber_code
      LEFT JOIN prev p ON p.chamber_code = b.chamber_code
     ORDER BY b.chamber_code COLLATE "C"
$$;
COMMENT ON FUNCTION cop_alloc.run_lines_live(int) IS
    'The lines run(year) would store now (run_id NULL): allocate, allocation_bounds, the plain share before equalisation and the tunnel base.';

-- -------------------------------------------------------------------
-- run(year, note)
-- -------------------------------------------------------------------

CREATE FUNCTION cop_alloc.run(year int, note text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    y int := $1;
    why text := $2;
    new_id bigint;
BEGIN
    IF y IS NULL THEN
        RAISE EXCEPTION 'the year of a run must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT EXISTS (SELECT FROM cop_alloc.exercise e WHERE e.year = y) THEN
        RAISE EXCEPTION 'exercise % does not exist', y
            USING ERRCODE = 'no_data_found', HINT = 'Insert it into cop_alloc.exercise.';
    END IF;
    PERFORM cop_alloc.lock_year(y);
    -- One statement, hence one snapshot: the inputs hashed, the lines and
    -- the summary all come from the same state of the tables.
    WITH inputs AS MATERIALIZED (SELECT * FROM cop_alloc.run_inputs(y)),
    s AS MATERIALIZED (SELECT * FROM cop_alloc.summary(y)),
    lines AS MATERIALIZED (SELECT * FROM cop_alloc.run_lines_live(y)),
    axes AS MATERIALIZED (
        SELECT d.chamber_code, d.axis_no, ea.weight, d.stake, d.achievement, d.deduction
          FROM cop_alloc.axis_deductions(y) d
          JOIN cop_alloc.exercise_axis ea ON ea.year = y AND ea.axis_no = d.axis_no),
    r AS (
        INSERT INTO cop_alloc.run AS nr (year, results_year, fingerprint, parameters, tax_product, quote_part,
                                         distributable, operating_part, performance_part, allocated, reserve,
                                         previous_run_id, note, engine_version)
        SELECT y, (cop_alloc.run_parameters(y) ->> 'results_year')::int, cop_alloc.fingerprint(y),
               cop_alloc.run_parameters(y), s.tax_product, s.quote_part, s.distributable, s.operating_part,
               s.performance_part, s.allocated, s.reserve,
               (SELECT p.run_id FROM cop_alloc.current_publication p WHERE p.year = y - 1),
               why,
               (SELECT x.extversion FROM pg_catalog.pg_extension x WHERE x.extname = 'cop_alloc')
          FROM s
        RETURNING nr.run_id),
    i AS (
        INSERT INTO cop_alloc.run_input (run_id, kind, key, value)
        SELECT r.run_id, inputs.kind, inputs.key, inputs.value FROM r, inputs),
    l AS (
        INSERT INTO cop_alloc.run_line
        SELECT r.run_id, lines.chamber_code, lines.operating_key_source, lines.operating_key,
               lines.performance_key, lines.previous_operating, lines.operating_before,
               lines.lower_bound, lines.lower_source, lines.upper_bound, lines.upper_source,
               lines.binding, lines.operating, lines.performance_envelope, lines.deduction,
               lines.performance, lines.total
          FROM r, lines),
    a AS (
        INSERT INTO cop_alloc.run_axis (run_id, chamber_code, axis_no, weight, stake, achievement, deduction)
        SELECT r.run_id, axes.chamber_code, axes.axis_no, axes.weight, axes.stake, axes.achievement, axes.deduction
          FROM r, axes)
    SELECT r.run_id INTO new_id FROM r;
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cop_alloc.run(int, text) IS
    'Computes exercise year with the engine and stores the run: fingerprint and parameters (run), every chamber line (run_line), axis line (run_axis) and input row (run_input), who ran it and when. Takes the year''s advisory lock. Returns the run_id.';

CREATE FUNCTION cop_alloc.run_if_changed(year int, note text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    y int := $1;
    rid bigint;
BEGIN
    PERFORM cop_alloc.lock_year(y);
    SELECT r.run_id INTO rid
      FROM cop_alloc.run r
     WHERE r.year = y
       AND r.fingerprint = cop_alloc.fingerprint(y)
       AND r.engine_version = (SELECT x.extversion FROM pg_catalog.pg_extension x WHERE x.extname = 'cop_alloc')
     ORDER BY r.run_id DESC
     LIMIT 1;
    IF rid IS NOT NULL THEN
        RAISE NOTICE 'run % of exercise % has the current inputs: no new run', rid, y;
        RETURN rid;
    END IF;
    RETURN cop_alloc.run(y, $2);
END
$$;
COMMENT ON FUNCTION cop_alloc.run_if_changed(int, text) IS
    'For scheduled jobs: the latest run of the year made by this engine version from the current inputs (same fingerprint), or a new run when there is none. Idempotent.';

-- -------------------------------------------------------------------
-- diff_runs(a, b): which inputs and which amounts changed
-- -------------------------------------------------------------------

CREATE FUNCTION cop_alloc.diff_runs(a bigint, b bigint)
RETURNS TABLE (section text, item text, key text, field text, value_a text, value_b text)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    ra bigint := $1;
    rb bigint := $2;
    missing bigint;
BEGIN
    SELECT x.id INTO missing FROM unnest(ARRAY[ra, rb]) AS x (id)
     WHERE NOT EXISTS (SELECT FROM cop_alloc.run r WHERE r.run_id = x.id) LIMIT 1;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'run % does not exist', missing USING ERRCODE = 'no_data_found';
    END IF;
    RETURN QUERY
    WITH docs AS (
        SELECT 'input'::text AS section, i.kind AS item, i.key, i.run_id, i.value AS doc
          FROM cop_alloc.run_input i WHERE i.run_id IN (ra, rb)
        UNION ALL
        SELECT 'amount', 'summary', '[]', r.run_id,
               jsonb_build_object('tax_product', r.tax_product, 'quote_part', r.quote_part,
                                  'distributable', r.distributable, 'operating_part', r.operating_part,
                                  'performance_part', r.performance_part, 'allocated', r.allocated,
                                  'reserve', r.reserve)
          FROM cop_alloc.run r WHERE r.run_id IN (ra, rb)
        UNION ALL
        SELECT 'amount', 'chamber', jsonb_build_array(l.chamber_code)::text, l.run_id,
               to_jsonb(l) - 'run_id' - 'chamber_code'
          FROM cop_alloc.run_line l WHERE l.run_id IN (ra, rb)
        UNION ALL
        SELECT 'amount', 'axis', jsonb_build_array(x.chamber_code, x.axis_no)::text, x.run_id,
               to_jsonb(x) - 'run_id' - 'chamber_code' - 'axis_no'
          FROM cop_alloc.run_axis x WHERE x.run_id IN (ra, rb)),
    pairs AS (
        SELECT coalesce(da.section, db.section) AS section, coalesce(da.item, db.item) AS item,
               coalesce(da.key, db.key) AS key, da.doc AS doc_a, db.doc AS doc_b
          FROM (SELECT * FROM docs WHERE docs.run_id = ra) da
          FULL JOIN (SELECT * FROM docs WHERE docs.run_id = rb) db
            ON da.section = db.section AND da.item = db.item AND da.key = db.key
         WHERE da.doc IS DISTINCT FROM db.doc),
    diffs AS (
        SELECT p.section, p.item, p.key, NULL::text AS field, p.doc_a::text AS value_a, p.doc_b::text AS value_b
          FROM pairs p WHERE p.doc_a IS NULL OR p.doc_b IS NULL
        UNION ALL
        SELECT p.section, p.item, p.key, f.field, f.value_a, f.value_b
          FROM pairs p
          CROSS JOIN LATERAL (
              SELECT coalesce(fa.key, fb.key) AS field, fa.value #>> '{}' AS value_a, fb.value #>> '{}' AS value_b
                FROM jsonb_each(p.doc_a) fa
                FULL JOIN jsonb_each(p.doc_b) fb ON fa.key = fb.key
               WHERE fa.value IS DISTINCT FROM fb.value) f
         WHERE p.doc_a IS NOT NULL AND p.doc_b IS NOT NULL)
    SELECT d.section, d.item, d.key, d.field, d.value_a, d.value_b
      FROM diffs d
     ORDER BY d.section DESC, d.item COLLATE "C", d.key COLLATE "C", d.field COLLATE "C";
END
$$;
COMMENT ON FUNCTION cop_alloc.diff_runs(bigint, bigint) IS
    'What differs between two runs: section input (item = the input table, key = the row''s key) or amount (item summary, chamber or axis), one row per field that changed, with its value in run a and in run b; a row present in one run only has field NULL and the whole row as JSON. No rows: same inputs and same amounts.';

-- -------------------------------------------------------------------
-- Approvals: the operating percentage (R312-2 1°), the general
-- assembly's vote (D333-2) and the minister's approval (D333-5)
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.percentage_proposal (
    proposal_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year          int NOT NULL REFERENCES cop_alloc.exercise (year),
    operating_pct cop_alloc.ratio NOT NULL,
    received_on   date NOT NULL,
    note          text NULL,
    recorded_by   text NOT NULL DEFAULT current_user,
    recorded_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE cop_alloc.percentage_proposal IS
    'Proposals to the minister of the percentage that sets the operating part (R312-2 1°), with the date the minister received them.';
COMMENT ON COLUMN cop_alloc.percentage_proposal.proposal_id IS 'Proposal number.';
COMMENT ON COLUMN cop_alloc.percentage_proposal.year IS 'The exercise.';
COMMENT ON COLUMN cop_alloc.percentage_proposal.operating_pct IS 'The percentage proposed (0.65 for 65 %).';
COMMENT ON COLUMN cop_alloc.percentage_proposal.received_on IS 'Date the minister received the proposal: the fifteen days run from it.';
COMMENT ON COLUMN cop_alloc.percentage_proposal.note IS 'Reference of the letter, free text.';
COMMENT ON COLUMN cop_alloc.percentage_proposal.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.percentage_proposal.recorded_at IS 'When it was recorded.';

CREATE TABLE cop_alloc.percentage_decision (
    proposal_id bigint PRIMARY KEY REFERENCES cop_alloc.percentage_proposal (proposal_id),
    decision    text NOT NULL CONSTRAINT percentage_decision_known CHECK (decision IN ('approved', 'opposed')),
    notified_on date NOT NULL,
    note        text NULL,
    recorded_by text NOT NULL DEFAULT current_user,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE cop_alloc.percentage_decision IS
    'The minister''s express decision on a percentage proposal: approved or opposed, with the date it was notified to CMA France. Without one, the percentage is adopted at the end of the fifteen days (R312-2 1°).';
COMMENT ON COLUMN cop_alloc.percentage_decision.proposal_id IS 'The proposal decided.';
COMMENT ON COLUMN cop_alloc.percentage_decision.decision IS 'approved (express approval) or opposed.';
COMMENT ON COLUMN cop_alloc.percentage_decision.notified_on IS 'Date the decision was notified to CMA France.';
COMMENT ON COLUMN cop_alloc.percentage_decision.note IS 'Reference of the letter, free text.';
COMMENT ON COLUMN cop_alloc.percentage_decision.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.percentage_decision.recorded_at IS 'When it was recorded.';

CREATE TABLE cop_alloc.deliberation_vote (
    vote_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year              int NOT NULL REFERENCES cop_alloc.exercise (year),
    meeting_on        date NOT NULL,
    members_in_office int NOT NULL CONSTRAINT members_in_office_positive CHECK (members_in_office > 0),
    members_present   int NOT NULL,
    votes_for         int NOT NULL CONSTRAINT votes_for_not_negative CHECK (votes_for >= 0),
    votes_against     int NOT NULL CONSTRAINT votes_against_not_negative CHECK (votes_against >= 0),
    abstentions       int NOT NULL DEFAULT 0 CONSTRAINT abstentions_not_negative CHECK (abstentions >= 0),
    run_id            bigint NULL,
    note              text NULL,
    recorded_by       text NOT NULL DEFAULT current_user,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT one_meeting_a_day UNIQUE (year, meeting_on),
    CONSTRAINT members_present_in_office CHECK (members_present BETWEEN 1 AND members_in_office),
    CONSTRAINT votes_within_members_present CHECK (votes_for + votes_against + abstentions <= members_present),
    CONSTRAINT vote_on_a_run_of_its_year FOREIGN KEY (run_id, year) REFERENCES cop_alloc.run (run_id, year)
);
COMMENT ON TABLE cop_alloc.deliberation_vote IS
    'Each meeting of the general assembly of CMA France that voted (or lacked the quorum to vote) the distribution of a year (R312-2, D333-2). Counts are voices: a member holding several voices (D333-1) counts once per voice.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.vote_id IS 'Vote number.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.year IS 'The exercise whose distribution was voted.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.meeting_on IS 'Date of the meeting.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.members_in_office IS 'Members of the general assembly in office.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.members_present IS 'Members present with a deliberative voice.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.votes_for IS 'Votes for the distribution.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.votes_against IS 'Votes against (opposition).';
COMMENT ON COLUMN cop_alloc.deliberation_vote.abstentions IS 'Abstentions, blank and void ballots: not votes cast.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.run_id IS 'The run whose figures were put to the vote, when recorded; publish then requires a run with the same fingerprint.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.note IS 'Reference of the minutes, free text.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.deliberation_vote.recorded_at IS 'When it was recorded.';

CREATE TABLE cop_alloc.minister_approval (
    vote_id     bigint PRIMARY KEY REFERENCES cop_alloc.deliberation_vote (vote_id),
    decision    text NOT NULL CONSTRAINT minister_decision_known CHECK (decision IN ('approved', 'refused')),
    decided_on  date NOT NULL,
    note        text NULL,
    recorded_by text NOT NULL DEFAULT current_user,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT refusal_is_motivated CHECK (decision = 'approved' OR coalesce(btrim(note), '') <> '')
);
COMMENT ON TABLE cop_alloc.minister_approval IS
    'The minister''s express decision on a deliberation of the distribution: it is enforceable only once expressly approved (D333-5 1° b).';
COMMENT ON COLUMN cop_alloc.minister_approval.vote_id IS 'The deliberation (vote) decided.';
COMMENT ON COLUMN cop_alloc.minister_approval.decision IS 'approved or refused.';
COMMENT ON COLUMN cop_alloc.minister_approval.decided_on IS 'Date of the decision.';
COMMENT ON COLUMN cop_alloc.minister_approval.note IS 'Reference of the decision; the motive of a refusal (required).';
COMMENT ON COLUMN cop_alloc.minister_approval.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.minister_approval.recorded_at IS 'When it was recorded.';

-- The rules, each in one function.

CREATE FUNCTION cop_alloc.vote_outcome(members_in_office int, members_present int,
                                       votes_for int, votes_against int,
                                       quorum_required boolean DEFAULT true)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    -- D333-2: the general assembly deliberates only if the members present
    -- are at least two thirds of the members in office (not required at a
    -- second meeting held within thirty days of one that lacked it).
    -- Decisions are taken by the absolute majority of the votes cast (for
    -- and against; abstentions are not votes cast).  A decision on the
    -- distribution of the tax (L312-2) that does not obtain it is deemed
    -- approved unless two thirds of the members present oppose it.
    SELECT CASE
        WHEN quorum_required AND 3 * members_present < 2 * members_in_office THEN 'no quorum'
        WHEN votes_for > votes_against THEN 'approved'
        WHEN 3 * votes_against >= 2 * members_present THEN 'rejected'
        ELSE 'deemed approved'
    END
$$;
COMMENT ON FUNCTION cop_alloc.vote_outcome(int, int, int, int, boolean) IS
    'D333-2 applied to a vote on the distribution: ''no quorum'' (fewer than two thirds of the members in office present, when the quorum is required), ''approved'' (absolute majority of the votes cast), ''rejected'' (opposition of two thirds of the members present) or ''deemed approved''.';

CREATE FUNCTION cop_alloc.percentage_outcome(received_on date, decision text, notified_on date, as_of date,
                                             OUT state text, OUT adopted_from date, OUT deadline date)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    -- R312-2 1°: the percentage is deemed adopted failing express approval
    -- or opposition notified by the minister at the end of fifteen days
    -- from receipt of the proposal.  The day of receipt does not count: the
    -- delay ends at the end of day received_on + 15 (a decision notified
    -- that day is in time), and the tacit adoption holds from the next day.
    SELECT CASE
               WHEN received_on IS NULL OR as_of IS NULL THEN NULL
               WHEN as_of < received_on THEN 'not received'
               WHEN decision IS NOT NULL AND notified_on <= as_of AND notified_on <= received_on + 15
                   THEN CASE decision WHEN 'approved' THEN 'approved' ELSE 'opposed' END
               WHEN as_of > received_on + 15 THEN 'tacitly adopted'
               ELSE 'pending'
           END,
           CASE
               WHEN received_on IS NULL OR as_of IS NULL OR as_of < received_on THEN NULL
               WHEN decision = 'approved' AND notified_on <= as_of AND notified_on <= received_on + 15 THEN notified_on
               WHEN decision IS NOT NULL AND notified_on <= as_of AND notified_on <= received_on + 15 THEN NULL
               WHEN as_of > received_on + 15 THEN received_on + 16
           END,
           received_on + 15
$$;
COMMENT ON FUNCTION cop_alloc.percentage_outcome(date, text, date, date) IS
    'R312-2 1° applied to a percentage proposal as of a date: ''approved'' or ''opposed'' when the minister''s decision was notified by the end of day received_on + 15, ''tacitly adopted'' from day received_on + 16 otherwise (a later opposition is too late), ''pending'' before; adopted_from is the first day the percentage holds, deadline the last day of the minister''s delay.';

CREATE FUNCTION cop_alloc.deliberation_votes(year int, as_of date DEFAULT NULL)
RETURNS TABLE (vote_id bigint, meeting_on date, quorum_required boolean, outcome text,
               second_meeting_by date)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    y int := $1;
    v record;
    inquorate_on date := NULL;   -- last meeting that lacked the quorum it needed
BEGIN
    -- D333-2: "Si le quorum n'est pas atteint, une seconde réunion [...] est
    -- convoquée, dans les trente jours suivants [...]. Cette assemblée se
    -- tient valablement sans condition de quorum."  A meeting held 1 to 30
    -- days after a meeting that lacked the quorum is that second meeting.
    FOR v IN SELECT d.* FROM cop_alloc.deliberation_vote d
              WHERE d.year = y AND (deliberation_votes.as_of IS NULL OR d.meeting_on <= deliberation_votes.as_of)
              ORDER BY d.meeting_on
    LOOP
        vote_id := v.vote_id;
        meeting_on := v.meeting_on;
        quorum_required := NOT (inquorate_on IS NOT NULL AND v.meeting_on - inquorate_on BETWEEN 1 AND 30);
        outcome := cop_alloc.vote_outcome(v.members_in_office, v.members_present, v.votes_for,
                                          v.votes_against, quorum_required);
        IF outcome = 'no quorum' THEN
            inquorate_on := v.meeting_on;
            second_meeting_by := v.meeting_on + 30;
        ELSE
            inquorate_on := NULL;
            second_meeting_by := NULL;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION cop_alloc.deliberation_votes(int, date) IS
    'The general assembly''s meetings on the distribution of a year (up to as_of), in date order, each with whether the quorum was required, its outcome under D333-2, and after a meeting without quorum the last day of a second meeting that needs none.';

-- Approvals may be corrected until the year is published; after that they
-- are the record of how the publication was made enforceable.
CREATE FUNCTION cop_alloc.approval_check_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    y int;
    pub bigint;
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        IF EXISTS (SELECT FROM cop_alloc.publication) THEN
            RAISE EXCEPTION 'cop_alloc.% cannot be truncated: it holds approvals of published exercises', TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation',
                      DETAIL = 'The approvals of a published exercise record how it was made enforceable.';
        END IF;
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'percentage_decision' THEN
        SELECT p.year INTO y FROM cop_alloc.percentage_proposal p WHERE p.proposal_id = OLD.proposal_id;
    ELSIF TG_TABLE_NAME = 'minister_approval' THEN
        SELECT d.year INTO y FROM cop_alloc.deliberation_vote d WHERE d.vote_id = OLD.vote_id;
    ELSE
        y := OLD.year;
    END IF;
    SELECT p.publication_id INTO pub FROM cop_alloc.publication p WHERE p.year = y ORDER BY p.publication_id LIMIT 1;
    IF pub IS NOT NULL THEN
        RAISE EXCEPTION 'approvals of exercise % cannot be %: the exercise is published', y,
                        CASE TG_OP WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END
            USING ERRCODE = 'restrict_violation',
                  DETAIL = format('Publication %s of %s relied on them (table cop_alloc.%s).', pub, y, TG_TABLE_NAME),
                  HINT = 'Record a new proposal, vote or decision instead; it counts from its date.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION cop_alloc.approval_check_change() IS
    'Trigger: the approvals of an exercise can be corrected or deleted only until it is published.';

CREATE FUNCTION cop_alloc.approval_check_dates() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    received date;
    v record;
BEGIN
    IF TG_TABLE_NAME = 'percentage_decision' THEN
        SELECT p.received_on INTO received FROM cop_alloc.percentage_proposal p WHERE p.proposal_id = NEW.proposal_id;
        IF NEW.notified_on < received THEN
            RAISE EXCEPTION 'decision on proposal % notified on % before the proposal was received on %',
                            NEW.proposal_id, NEW.notified_on, received
                USING ERRCODE = 'check_violation',
                      HINT = 'Check notified_on and the proposal''s received_on.';
        END IF;
    ELSE
        SELECT d.year, d.meeting_on INTO v FROM cop_alloc.deliberation_vote d WHERE d.vote_id = NEW.vote_id;
        IF NEW.decided_on < v.meeting_on THEN
            RAISE EXCEPTION 'the minister''s decision on vote % is dated % before the meeting of %',
                            NEW.vote_id, NEW.decided_on, v.meeting_on
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.decision = 'approved' AND NOT EXISTS (
               SELECT FROM cop_alloc.deliberation_votes(v.year) o
                WHERE o.vote_id = NEW.vote_id AND o.outcome IN ('approved', 'deemed approved')) THEN
            RAISE EXCEPTION 'vote % of exercise % did not approve the distribution: the minister cannot approve it',
                            NEW.vote_id, v.year
                USING ERRCODE = 'check_violation',
                      DETAIL = 'Only a deliberation approved or deemed approved under D333-2 can be approved (D333-5).',
                      HINT = 'See cop_alloc.deliberation_votes(year).';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION cop_alloc.approval_check_dates() IS
    'Trigger: a percentage decision is notified on or after receipt of the proposal; the minister approves only a deliberation approved or deemed approved, on or after its meeting.';

CREATE TRIGGER percentage_decision_check BEFORE INSERT OR UPDATE ON cop_alloc.percentage_decision
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.approval_check_dates();
CREATE TRIGGER minister_approval_check BEFORE INSERT OR UPDATE ON cop_alloc.minister_approval
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.approval_check_dates();

CREATE TRIGGER percentage_proposal_frozen BEFORE UPDATE OR DELETE ON cop_alloc.percentage_proposal
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.approval_check_change();
CREATE TRIGGER percentage_proposal_no_truncate BEFORE TRUNCATE ON cop_alloc.percentage_proposal
    FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.approval_check_change();
CREATE TRIGGER percentage_decision_frozen BEFORE UPDATE OR DELETE ON cop_alloc.percentage_decision
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.approval_check_change();
CREATE TRIGGER percentage_decision_no_truncate BEFORE TRUNCATE ON cop_alloc.percentage_decision
    FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.approval_check_change();
CREATE TRIGGER deliberation_vote_frozen BEFORE UPDATE OR DELETE ON cop_alloc.deliberation_vote
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.approval_check_change();
CREATE TRIGGER deliberation_vote_no_truncate BEFORE TRUNCATE ON cop_alloc.deliberation_vote
    FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.approval_check_change();
CREATE TRIGGER minister_approval_frozen BEFORE UPDATE OR DELETE ON cop_alloc.minister_approval
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.approval_check_change();
CREATE TRIGGER minister_approval_no_truncate BEFORE TRUNCATE ON cop_alloc.minister_approval
    FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.approval_check_change();
ALTER TABLE cop_alloc.percentage_proposal ENABLE ALWAYS TRIGGER percentage_proposal_frozen;
ALTER TABLE cop_alloc.percentage_proposal ENABLE ALWAYS TRIGGER percentage_proposal_no_truncate;
ALTER TABLE cop_alloc.percentage_decision ENABLE ALWAYS TRIGGER percentage_decision_frozen;
ALTER TABLE cop_alloc.percentage_decision ENABLE ALWAYS TRIGGER percentage_decision_no_truncate;
ALTER TABLE cop_alloc.deliberation_vote ENABLE ALWAYS TRIGGER deliberation_vote_frozen;
ALTER TABLE cop_alloc.deliberation_vote ENABLE ALWAYS TRIGGER deliberation_vote_no_truncate;
ALTER TABLE cop_alloc.minister_approval ENABLE ALWAYS TRIGGER minister_approval_frozen;
ALTER TABLE cop_alloc.minister_approval ENABLE ALWAYS TRIGGER minister_approval_no_truncate;

-- -------------------------------------------------------------------
-- status(year, as_of): where the exercise stands, what is missing
-- -------------------------------------------------------------------

CREATE FUNCTION cop_alloc.status(year int, as_of date DEFAULT current_date, run_id bigint DEFAULT NULL)
RETURNS TABLE (stage text, percentage text, percentage_from date,
               deliberation text, deliberation_on date, minister text, minister_on date,
               latest_run bigint, published_run bigint, ready boolean, missing text[])
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    y int := $1;
    d date := coalesce($2, current_date);
    rid bigint := $3;
    e record;
    r cop_alloc.run;
    pct numeric;
    pp record;
    other record;
    vv record;
    vrow record;
    ma record;
    gaps text[] := '{}';
    first_gap text;
BEGIN
    SELECT x.* INTO e FROM cop_alloc.exercise x WHERE x.year = y;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'exercise % does not exist', y
            USING ERRCODE = 'no_data_found', HINT = 'Insert it into cop_alloc.exercise.';
    END IF;
    IF rid IS NOT NULL THEN
        SELECT x.* INTO r FROM cop_alloc.run x WHERE x.run_id = rid;
        IF NOT FOUND OR r.year <> y THEN
            RAISE EXCEPTION 'run % is not a run of exercise %', rid, y USING ERRCODE = 'no_data_found';
        END IF;
        pct := (r.parameters ->> 'operating_pct')::numeric;
    ELSE
        pct := e.operating_pct;
    END IF;

    -- 1. The operating percentage, proposed to the minister (R312-2 1°):
    -- an adopted proposal of this percentage, else the latest one.
    SELECT p.proposal_id, p.received_on, o.state, o.adopted_from, o.deadline, pd.notified_on INTO pp
      FROM cop_alloc.percentage_proposal p
      LEFT JOIN cop_alloc.percentage_decision pd ON pd.proposal_id = p.proposal_id
     CROSS JOIN LATERAL cop_alloc.percentage_outcome(p.received_on, pd.decision, pd.notified_on, d) o
     WHERE p.year = y AND p.received_on <= d AND p.operating_pct = pct
     ORDER BY o.state IN ('approved', 'tacitly adopted') DESC, p.received_on DESC, p.proposal_id DESC
     LIMIT 1;
    IF NOT FOUND THEN
        percentage := 'none';
        SELECT p.operating_pct, p.received_on INTO other
          FROM cop_alloc.percentage_proposal p
         WHERE p.year = y AND p.received_on <= d
         ORDER BY p.received_on DESC, p.proposal_id DESC LIMIT 1;
        IF FOUND THEN
            gaps := gaps || format('No proposal of the operating percentage %s of exercise %s has been received by the minister; the latest proposal, received on %s, was %s (R312-2 1°).',
                                   pct, y, other.received_on, other.operating_pct);
        ELSE
            gaps := gaps || format('No proposal of the operating percentage %s of exercise %s has been received by the minister (R312-2 1°).', pct, y);
        END IF;
    ELSE
        percentage := pp.state;
        percentage_from := pp.adopted_from;
        IF pp.state = 'pending' THEN
            gaps := gaps || format('The proposal of the operating percentage %s received on %s awaits the minister: failing express approval or opposition it is adopted at the end of %s (R312-2 1°).',
                                   pct, pp.received_on, pp.deadline);
        ELSIF pp.state = 'opposed' THEN
            gaps := gaps || format('The minister opposed the operating percentage %s on %s (R312-2 1°).', pct, pp.notified_on);
        END IF;
    END IF;
    IF cardinality(gaps) > 0 THEN
        first_gap := 'percentage';
    END IF;

    -- 2. The general assembly's deliberation (R312-2, D333-2): its latest meeting.
    SELECT o.*, v.members_in_office, v.members_present, v.votes_for, v.votes_against, v.run_id AS voted_run
      INTO vv
      FROM cop_alloc.deliberation_votes(y, d) o
      JOIN cop_alloc.deliberation_vote v ON v.vote_id = o.vote_id
     ORDER BY o.meeting_on DESC LIMIT 1;
    IF NOT FOUND THEN
        deliberation := 'none';
        gaps := gaps || format('The general assembly has not voted the distribution of %s (R312-2, D333-2).', y);
    ELSE
        deliberation := vv.outcome;
        deliberation_on := vv.meeting_on;
        IF vv.outcome = 'no quorum' THEN
            IF d <= vv.second_meeting_by THEN
                gaps := gaps || format('The general assembly of %s lacked the quorum (%s members present of %s in office, two thirds required); a second meeting held by %s deliberates without quorum (D333-2).',
                                       vv.meeting_on, vv.members_present, vv.members_in_office, vv.second_meeting_by);
            ELSE
                gaps := gaps || format('The general assembly of %s lacked the quorum (%s members present of %s in office, two thirds required) and no second meeting was held by %s: a new meeting needs the quorum (D333-2).',
                                       vv.meeting_on, vv.members_present, vv.members_in_office, vv.second_meeting_by);
            END IF;
        ELSIF vv.outcome = 'rejected' THEN
            gaps := gaps || format('The general assembly rejected the distribution on %s: %s for, %s against, an opposition of two thirds of the %s members present (D333-2).',
                                   vv.meeting_on, vv.votes_for, vv.votes_against, vv.members_present);
        ELSE
            IF percentage_from IS NOT NULL AND vv.meeting_on < percentage_from THEN
                gaps := gaps || format('The deliberation of %s precedes the adoption of the operating percentage on %s: it must follow the minister''s decision (R312-2).',
                                       vv.meeting_on, percentage_from);
            END IF;
            IF rid IS NOT NULL AND vv.voted_run IS NOT NULL AND vv.voted_run <> rid
               AND (SELECT x.fingerprint FROM cop_alloc.run x WHERE x.run_id = vv.voted_run) <> r.fingerprint THEN
                gaps := gaps || format('The general assembly voted on run %s; run %s was computed from other inputs.', vv.voted_run, rid);
            END IF;
        END IF;
    END IF;
    IF first_gap IS NULL AND cardinality(gaps) > 0 THEN
        first_gap := 'deliberation';
    END IF;

    -- 3. The minister's express approval of that deliberation (D333-5 1° b).
    IF vv.outcome IN ('approved', 'deemed approved') THEN
        SELECT m.* INTO ma FROM cop_alloc.minister_approval m
         WHERE m.vote_id = vv.vote_id AND m.decided_on <= d;
        IF NOT FOUND THEN
            minister := 'none';
            gaps := gaps || format('The minister has not expressly approved the deliberation of %s: it is enforceable only once approved (D333-5 1° b).', vv.meeting_on);
        ELSE
            minister := ma.decision;
            minister_on := ma.decided_on;
            IF ma.decision = 'refused' THEN
                gaps := gaps || format('The minister refused the deliberation of %s on %s: %s (D333-5).', vv.meeting_on, ma.decided_on, ma.note);
            END IF;
        END IF;
    ELSE
        minister := 'none';
        gaps := gaps || 'The minister''s express approval is required once the general assembly has approved the distribution (D333-5 1° b).'::text;
    END IF;
    IF first_gap IS NULL AND cardinality(gaps) > 0 THEN
        first_gap := 'minister';
    END IF;

    SELECT max(x.run_id) INTO latest_run FROM cop_alloc.run x WHERE x.year = y AND x.ran_at::date <= d;
    SELECT p.run_id INTO published_run FROM cop_alloc.publication p
     WHERE p.year = y AND p.published_at::date <= d ORDER BY p.publication_id DESC LIMIT 1;
    stage := CASE WHEN published_run IS NOT NULL THEN 'published' ELSE coalesce(first_gap, 'ready') END;
    ready := cardinality(gaps) = 0;
    missing := gaps;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION cop_alloc.status(int, date, bigint) IS
    'Where exercise year stands as of a date: the operating percentage (R312-2 1°: none, pending, approved, tacitly adopted, opposed), the general assembly''s deliberation (D333-2: none, no quorum, approved, deemed approved, rejected), the minister''s approval (D333-5: none, approved, refused), the latest and the published run, the stage (percentage, deliberation, minister, ready, published), and the sentences saying what is missing. With a run_id, checks that run''s percentage and that it has the inputs of the run voted on.';

-- -------------------------------------------------------------------
-- publish(run_id): the one distribution of its year
-- -------------------------------------------------------------------

CREATE FUNCTION cop_alloc.publish(run_id bigint, supersede_reason text DEFAULT NULL, force_reason text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rid bigint := $1;
    why_supersede text := nullif(btrim($2), '');
    why_force text := nullif(btrim($3), '');
    r record;
    cur record;
    gaps text[];
    granted numeric;
    pid bigint;
BEGIN
    SELECT x.* INTO r FROM cop_alloc.run x WHERE x.run_id = rid;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'run % does not exist', rid
            USING ERRCODE = 'no_data_found', HINT = 'Make one with cop_alloc.run(year, note).';
    END IF;
    -- Runs and publications of a year happen one at a time; what follows
    -- reads the tables after the lock is granted (read committed).
    PERFORM cop_alloc.lock_year(r.year);
    SELECT p.* INTO cur FROM cop_alloc.current_publication p WHERE p.year = r.year;
    IF FOUND THEN
        IF cur.run_id = rid THEN
            RAISE EXCEPTION 'run % is already the published distribution of %', rid, r.year
                USING ERRCODE = 'unique_violation',
                      DETAIL = format('Publication %s made it the distribution of %s.', cur.publication_id, r.year);
        END IF;
        IF why_supersede IS NULL THEN
            RAISE EXCEPTION 'exercise % is already published by run %', r.year, cur.run_id
                USING ERRCODE = 'unique_violation',
                      DETAIL = format('Publication %s of %s made run %s its distribution.', cur.publication_id, cur.published_at, cur.run_id),
                      HINT = format('To replace it, call publish(%s, supersede_reason => ''...''); the reason is kept.', rid);
        END IF;
        SELECT coalesce(sum(CASE WHEN g.cancels IS NULL THEN g.amount ELSE -g.amount END), 0) INTO granted
          FROM cop_alloc.reserve_grant g
         WHERE g.year = r.year;
        IF granted > r.reserve THEN
            RAISE EXCEPTION 'run % leaves a reserve of % for exercise %, less than the % already granted from it',
                            rid, cop_alloc.format_euros(r.reserve), r.year, cop_alloc.format_euros(granted)
                USING ERRCODE = 'check_violation',
                      HINT = 'Cancel grants first (cop_alloc.cancel_grant).';
        END IF;
    ELSIF why_supersede IS NOT NULL THEN
        RAISE EXCEPTION 'exercise % has no publication to supersede', r.year
            USING ERRCODE = 'no_data_found', HINT = 'Publish without supersede_reason.';
    END IF;

    SELECT s.missing INTO gaps FROM cop_alloc.status(r.year, current_date, rid) s;
    IF cardinality(gaps) > 0 THEN
        IF why_force IS NULL THEN
            RAISE EXCEPTION 'exercise % is not ready for publication', r.year
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = array_to_string(gaps, ' '),
                      HINT = 'Record the missing approvals, or pass force_reason => ''...'' to publish anyway; the reason and what was missing are kept.';
        END IF;
        RAISE WARNING 'exercise % published by run % without: %', r.year, rid, array_to_string(gaps, ' ');
    ELSE
        why_force := NULL;
        gaps := '{}';
    END IF;

    BEGIN
        INSERT INTO cop_alloc.publication (year, run_id, supersedes, supersede_reason, forced_reason, missing)
        VALUES (r.year, rid, cur.publication_id, why_supersede, why_force, gaps)
        RETURNING publication_id INTO pid;
    EXCEPTION WHEN unique_violation THEN
        -- only reachable when the caller's snapshot predates a concurrent
        -- publication (repeatable read or serializable)
        RAISE EXCEPTION 'exercise % is already published', r.year
            USING ERRCODE = 'unique_violation',
                  DETAIL = 'Another transaction published it first.';
    END;
    RETURN pid;
END
$$;
COMMENT ON FUNCTION cop_alloc.publish(bigint, text, text) IS
    'Makes a run the published distribution of its year and returns the publication_id. Refused when the year is already published, unless supersede_reason is given (kept with the new publication); refused when status(year) lists something missing (percentage not adopted, deliberation not approved, no express approval of the minister), unless force_reason is given (kept, with what was missing). Takes the year''s advisory lock: of two concurrent publications one wins.';

CREATE FUNCTION cop_alloc.publish_when_ready(year int) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    y int := $1;
    cur record;
    st record;
    voted bigint;
BEGIN
    PERFORM cop_alloc.lock_year(y);
    SELECT p.* INTO cur FROM cop_alloc.current_publication p WHERE p.year = y;
    IF FOUND THEN
        RAISE NOTICE 'exercise % is already published by run %', y, cur.run_id;
        RETURN cur.publication_id;
    END IF;
    SELECT s.* INTO st FROM cop_alloc.status(y) s;
    IF NOT st.ready THEN
        RAISE NOTICE 'exercise % is not ready for publication: %', y, array_to_string(st.missing, ' ');
        RETURN NULL;
    END IF;
    -- the run the general assembly voted on, when the vote names one
    SELECT v.run_id INTO voted FROM cop_alloc.deliberation_vote v
     WHERE v.year = y AND v.meeting_on = st.deliberation_on;
    RETURN cop_alloc.publish(coalesce(voted, cop_alloc.run_if_changed(y, 'publish_when_ready')));
END
$$;
COMMENT ON FUNCTION cop_alloc.publish_when_ready(int) IS
    'For scheduled jobs: publishes exercise year once status(year) is ready (the run voted on, else a run of the current inputs) and returns the publication_id; when already published returns that publication, when not ready returns NULL with a notice. Idempotent: a job that fires twice publishes once.';

-- -------------------------------------------------------------------
-- explain(year): every figure of the chain and the motive (R312-2)
-- -------------------------------------------------------------------

CREATE FUNCTION cop_alloc.explain(year int, run bigint DEFAULT NULL)
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
    lines cop_alloc.run_line[];
    axis_lines cop_alloc.run_axis[];
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
        SELECT x.* INTO r FROM cop_alloc.run x WHERE x.run_id = rid;
        IF NOT FOUND OR r.year <> y THEN
            RAISE EXCEPTION 'run % is not a run of exercise %', rid, y USING ERRCODE = 'no_data_found';
        END IF;
        lines := ARRAY(SELECT l FROM cop_alloc.run_line l WHERE l.run_id = rid);
        axis_lines := ARRAY(SELECT a FROM cop_alloc.run_axis a WHERE a.run_id = rid);
        params := r.parameters;
        prev_rid := r.previous_run_id;
    ELSE
        -- nothing published: the current inputs, computed now
        lines := ARRAY(SELECT l FROM cop_alloc.run_lines_live(y) l);
        axis_lines := ARRAY(
            SELECT ROW(NULL, d.chamber_code, d.axis_no, ea.weight, d.stake, d.achievement, d.deduction)::cop_alloc.run_axis
              FROM cop_alloc.axis_deductions(y) d
              JOIN cop_alloc.exercise_axis ea ON ea.year = y AND ea.axis_no = d.axis_no);
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
                         ORDER BY a.axis_no) AS axes,
               string_agg(format('axe %s : %s', a.axis_no, cop_alloc.format_percent(a.achievement))
                          || CASE WHEN a.first THEN ' d''atteinte' ELSE '' END, ' ; ' ORDER BY a.axis_no)
                   FILTER (WHERE a.achievement < 1) AS shortfalls
          FROM (SELECT u.*, u.axis_no = min(u.axis_no) FILTER (WHERE u.achievement < 1)
                                          OVER (PARTITION BY u.chamber_code) AS first
                  FROM unnest(axis_lines) u) a
         GROUP BY a.chamber_code),
    prev AS (SELECT pl.chamber_code, pl.total FROM cop_alloc.run_line pl WHERE pl.run_id = prev_rid),
    f AS (
        SELECT l.*, ax.axes, ax.shortfalls, pv.total AS prev_total,
               CASE WHEN k.total_key > 0 THEN l.operating_key / k.total_key END AS share,
               CASE l.binding WHEN 'lower' THEN l.lower_bound WHEN 'upper' THEN l.upper_bound END AS the_bound,
               CASE l.binding WHEN 'lower' THEN l.lower_source WHEN 'upper' THEN l.upper_source END AS the_source,
               l.total - pv.total AS delta
          FROM l CROSS JOIN keys k
          LEFT JOIN ax ON ax.chamber_code = l.chamber_code
          LEFT JOIN prev pv ON pv.chamber_code = l.chamber_code)
    SELECT rid, f.chamber_code, f.operating_key_source, f.operating_key,
           round(f.share, 6), f.operating_before, f.operating, f.operating - f.operating_before,
           f.binding, f.the_bound, f.the_source, f.previous_operating,
           f.performance_key, f.performance_envelope, coalesce(f.axes, '[]'), f.deduction,
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

CREATE FUNCTION cop_alloc.explain_indicators(year int)
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
          JOIN cop_alloc.indicator i ON i.code = t.indicator_code
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

-- -------------------------------------------------------------------
-- The national-projects reserve (art. 17-1 3° of the decree, COP
-- preamble): what was not distributed, and the grants out of it
-- -------------------------------------------------------------------

CREATE TYPE cop_alloc.grant_purpose AS ENUM ('national_project', 'determined_project', 'performing_com');
COMMENT ON TYPE cop_alloc.grant_purpose IS
    'What a grant from the reserve is for (art. 17-1 3°): national_project (financing a national project), determined_project (a chamber, for a determined project), performing_com (a chamber whose COM was particularly well carried out).';

CREATE TABLE cop_alloc.reserve_grant (
    grant_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year           int NOT NULL,
    publication_id bigint NOT NULL,
    purpose        cop_alloc.grant_purpose NOT NULL,
    chamber_code   text NULL REFERENCES cop_alloc.chamber (code),
    project        text NULL,
    amount         cop_alloc.amount NOT NULL CONSTRAINT grant_amount_positive CHECK (amount > 0),
    granted_on     date NOT NULL DEFAULT current_date,
    motive         text NOT NULL CONSTRAINT grant_has_a_motive CHECK (btrim(motive) <> ''),
    cancels        bigint NULL UNIQUE REFERENCES cop_alloc.reserve_grant (grant_id),
    recorded_by    text NOT NULL DEFAULT current_user,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT grant_recipient_matches_purpose CHECK ((purpose = 'national_project') = (chamber_code IS NULL)),
    CONSTRAINT grant_project_named CHECK (purpose = 'performing_com' OR coalesce(btrim(project), '') <> ''),
    CONSTRAINT cancellation_follows_its_grant CHECK (cancels < grant_id),
    CONSTRAINT grant_from_a_publication_of_its_year
        FOREIGN KEY (year, publication_id) REFERENCES cop_alloc.publication (year, publication_id)
);
COMMENT ON TABLE cop_alloc.reserve_grant IS
    'The grants out of the national-projects reserve of a published year (art. 17-1 3°), and their cancellations (rows with cancels set). Grants never exceed what is available, and they are no part of any chamber''s distribution: nothing flows back through equalisation. Append-only.';
COMMENT ON COLUMN cop_alloc.reserve_grant.grant_id IS 'Entry number, in the order the entries were recorded.';
COMMENT ON COLUMN cop_alloc.reserve_grant.year IS 'The exercise whose reserve the grant draws on (a cancellation: filled in from the grant).';
COMMENT ON COLUMN cop_alloc.reserve_grant.publication_id IS 'The publication in force when the entry was recorded (filled in when NULL).';
COMMENT ON COLUMN cop_alloc.reserve_grant.purpose IS 'national_project, determined_project or performing_com.';
COMMENT ON COLUMN cop_alloc.reserve_grant.chamber_code IS 'The regional chamber that receives the grant; NULL for a national project.';
COMMENT ON COLUMN cop_alloc.reserve_grant.project IS 'The project financed (required except for a performing COM).';
COMMENT ON COLUMN cop_alloc.reserve_grant.amount IS 'Euros, more than 0 (a cancellation: the amount given back).';
COMMENT ON COLUMN cop_alloc.reserve_grant.granted_on IS 'Date of the decision to grant, or to cancel.';
COMMENT ON COLUMN cop_alloc.reserve_grant.motive IS 'Why it is granted, or cancelled.';
COMMENT ON COLUMN cop_alloc.reserve_grant.cancels IS 'For a cancellation, the grant it cancels; its amount is available again.';
COMMENT ON COLUMN cop_alloc.reserve_grant.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN cop_alloc.reserve_grant.recorded_at IS 'When it was recorded.';

CREATE VIEW cop_alloc.reserve_balance WITH (security_invoker = true) AS
SELECT p.year, p.run_id,
       coalesce(d.deductions, 0.00) AS deductions,
       r.reserve - coalesce(d.deductions, 0.00) AS undistributed,
       r.reserve,
       coalesce(g.granted, 0.00) AS granted,
       r.reserve - coalesce(g.granted, 0.00) AS available
  FROM cop_alloc.current_publication p
  JOIN cop_alloc.run r ON r.run_id = p.run_id
  LEFT JOIN LATERAL (SELECT sum(l.deduction) AS deductions FROM cop_alloc.run_line l WHERE l.run_id = p.run_id) d ON true
  LEFT JOIN LATERAL (
      SELECT sum(CASE WHEN x.cancels IS NULL THEN x.amount ELSE -x.amount END) AS granted
        FROM cop_alloc.reserve_grant x WHERE x.year = p.year) g ON true;
COMMENT ON VIEW cop_alloc.reserve_balance IS
    'The national-projects reserve of each published year: deductions, undistributed performance part, reserve, granted (net of cancellations) and available.';
COMMENT ON COLUMN cop_alloc.reserve_balance.year IS 'The published exercise.';
COMMENT ON COLUMN cop_alloc.reserve_balance.run_id IS 'Its published run.';
COMMENT ON COLUMN cop_alloc.reserve_balance.deductions IS 'Sum of the deductions of the performance part, euros.';
COMMENT ON COLUMN cop_alloc.reserve_balance.undistributed IS 'Performance part not distributed (no decision of the general assembly on its modalities), euros.';
COMMENT ON COLUMN cop_alloc.reserve_balance.reserve IS 'deductions + undistributed, euros.';
COMMENT ON COLUMN cop_alloc.reserve_balance.granted IS 'Granted out of it, net of cancellations, euros.';
COMMENT ON COLUMN cop_alloc.reserve_balance.available IS 'What can still be granted, euros.';

CREATE VIEW cop_alloc.reserve_ledger WITH (security_invoker = true) AS
WITH entries AS (
    SELECT b.year, p.published_at::date AS entry_on, 1 AS ord, NULL::bigint AS grant_id,
           'deductions'::text AS entry, NULL::cop_alloc.grant_purpose AS purpose, NULL::text AS chamber_code,
           NULL::text AS project, b.deductions AS credit, 0.00 AS debit,
           format('Réductions de la part de performance (run %s)', b.run_id) AS motive
      FROM cop_alloc.reserve_balance b JOIN cop_alloc.current_publication p ON p.year = b.year
    UNION ALL
    SELECT b.year, p.published_at::date, 2, NULL, 'undistributed', NULL, NULL, NULL, b.undistributed, 0.00,
           'Part de performance non répartie, faute de décision de l''assemblée générale sur ses modalités (R312-2)'
      FROM cop_alloc.reserve_balance b JOIN cop_alloc.current_publication p ON p.year = b.year
     WHERE b.undistributed > 0
    UNION ALL
    SELECT g.year, g.granted_on, 3, g.grant_id,
           CASE WHEN g.cancels IS NULL THEN 'grant' ELSE 'cancellation' END,
           g.purpose, g.chamber_code, g.project,
           CASE WHEN g.cancels IS NULL THEN 0.00 ELSE g.amount END,
           CASE WHEN g.cancels IS NULL THEN g.amount ELSE 0.00 END,
           g.motive
      FROM cop_alloc.reserve_grant g)
SELECT e.year, e.entry_on, e.entry, e.grant_id, e.purpose, e.chamber_code, e.project, e.credit, e.debit,
       sum(e.credit - e.debit) OVER (PARTITION BY e.year ORDER BY e.ord, e.grant_id
                                     ROWS UNBOUNDED PRECEDING) AS balance,
       e.motive
  FROM entries e
 ORDER BY e.year, e.ord, e.grant_id;
COMMENT ON VIEW cop_alloc.reserve_ledger IS
    'The specific follow-up of the amounts not distributed (art. 17-1 3°): per year, the credits of its published run (deductions, undistributed performance part), then each grant (debit) and cancellation (credit) in the order recorded, with its date, motive and the running balance.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.year IS 'The exercise whose reserve it is.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.entry_on IS 'Date of the entry: the publication, or the decision to grant or cancel.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.entry IS 'deductions, undistributed, grant or cancellation.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.grant_id IS 'The entry of reserve_grant.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.purpose IS 'The grant''s purpose.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.chamber_code IS 'The chamber that receives the grant.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.project IS 'The project financed.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.credit IS 'Paid into the reserve, euros.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.debit IS 'Taken out of the reserve, euros.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.balance IS 'Running balance of the year''s reserve, euros.';
COMMENT ON COLUMN cop_alloc.reserve_ledger.motive IS 'Motive of the entry.';

CREATE FUNCTION cop_alloc.reserve_grant_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    g record;
    b record;
    parent text;
    reserve numeric;
BEGIN
    -- Under repeatable read the sum below could miss a grant committed by a
    -- concurrent transaction after this one's snapshot; read committed
    -- re-reads after the lock, serializable detects the conflict.
    IF current_setting('transaction_isolation') = 'repeatable read' THEN
        RAISE EXCEPTION 'grants from the reserve cannot be recorded under repeatable read isolation'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Two concurrent grants could both see the same available amount.',
                  HINT = 'Use read committed (the default) or serializable.';
    END IF;

    IF NEW.cancels IS NOT NULL THEN
        -- a cancellation: the grant's amount is available again
        SELECT x.* INTO g FROM cop_alloc.reserve_grant x WHERE x.grant_id = NEW.cancels;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'grant % does not exist', NEW.cancels USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF g.cancels IS NOT NULL THEN
            RAISE EXCEPTION 'entry % is a cancellation and cannot be cancelled', NEW.cancels
                USING ERRCODE = 'check_violation';
        END IF;
        PERFORM cop_alloc.lock_year(g.year);
        NEW.year := g.year;
        NEW.purpose := g.purpose;
        NEW.chamber_code := g.chamber_code;
        NEW.project := g.project;
        NEW.amount := g.amount;
        NEW.publication_id := coalesce(NEW.publication_id, g.publication_id);
        RETURN NEW;
    END IF;

    PERFORM cop_alloc.lock_year(NEW.year);
    IF NEW.chamber_code IS NOT NULL THEN
        SELECT c.parent_code INTO parent FROM cop_alloc.chamber c WHERE c.code = NEW.chamber_code;
        IF parent IS NOT NULL THEN
            RAISE EXCEPTION 'chamber "%" is associated to "%" and cannot receive a grant', NEW.chamber_code, parent
                USING ERRCODE = 'check_violation',
                      HINT = format('Grant it to "%s", the regional chamber it is associated to.', parent);
        END IF;
    END IF;
    SELECT x.* INTO b FROM cop_alloc.reserve_balance x WHERE x.year = NEW.year;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'exercise % has no published distribution: its reserve is not known', NEW.year
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Grants draw on the reserve of a published run; publish the exercise first.';
    END IF;
    NEW.publication_id := coalesce(NEW.publication_id,
                                   (SELECT p.publication_id FROM cop_alloc.current_publication p WHERE p.year = NEW.year));
    -- the reserve of the publication in force, or of the one the entry names
    -- if smaller (a restore replays the entries in grant_id order)
    SELECT least(b.reserve, r.reserve) INTO reserve
      FROM cop_alloc.publication p JOIN cop_alloc.run r ON r.run_id = p.run_id
     WHERE p.publication_id = NEW.publication_id;
    IF NEW.amount > coalesce(reserve, b.reserve) - b.granted THEN
        RAISE EXCEPTION 'a grant of % exceeds the available reserve of exercise %', cop_alloc.format_euros(NEW.amount), NEW.year
            USING ERRCODE = 'check_violation',
                  DETAIL = format('The reserve of %s is %s (deductions %s, undistributed %s); %s are already granted and %s available.',
                                  NEW.year, cop_alloc.format_euros(b.reserve), cop_alloc.format_euros(b.deductions),
                                  cop_alloc.format_euros(b.undistributed), cop_alloc.format_euros(b.granted),
                                  cop_alloc.format_euros(coalesce(reserve, b.reserve) - b.granted)),
                  HINT = 'Grant at most the available amount.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION cop_alloc.reserve_grant_check() IS
    'Trigger: a grant draws on the reserve of a published year, goes to a regional chamber (or to a national project) and never takes more than is available; a cancellation takes its grant''s figures. Entries of a year are serialized by its advisory lock.';

-- An ordinary trigger: it fires for every role, but not under
-- session_replication_role = replica, so that a logical replica or a
-- restore with --disable-triggers takes the ledger as the origin accepted it.
CREATE TRIGGER reserve_grant_check BEFORE INSERT ON cop_alloc.reserve_grant
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.reserve_grant_check();

CREATE FUNCTION cop_alloc.cancel_grant(grant_id bigint, motive text, cancelled_on date DEFAULT current_date)
RETURNS bigint
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO cop_alloc.reserve_grant (year, purpose, amount, cancels, motive, granted_on)
    SELECT g.year, g.purpose, g.amount, g.grant_id, cancel_grant.motive, coalesce(cancel_grant.cancelled_on, current_date)
      FROM cop_alloc.reserve_grant g
     WHERE g.grant_id = cancel_grant.grant_id
    RETURNING reserve_grant.grant_id
$$;
COMMENT ON FUNCTION cop_alloc.cancel_grant(bigint, text, date) IS
    'Records the cancellation of a grant, with its motive and date; its amount is available again. Returns the entry''s grant_id (NULL when there is no such grant).';

CREATE FUNCTION cop_alloc.ledger_refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'cop_alloc.% is append-only: % is not allowed', TG_TABLE_NAME, lower(TG_OP)
        USING ERRCODE = 'restrict_violation',
              DETAIL = 'The reserve ledger keeps every grant and cancellation.',
              HINT = 'Cancel a grant with cop_alloc.cancel_grant(grant_id, motive).';
END
$$;
COMMENT ON FUNCTION cop_alloc.ledger_refuse_change() IS
    'Trigger: refuses UPDATE, DELETE and TRUNCATE on the reserve ledger, for every role including its owner.';

CREATE TRIGGER reserve_grant_append_only BEFORE UPDATE OR DELETE ON cop_alloc.reserve_grant
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.ledger_refuse_change();
CREATE TRIGGER reserve_grant_no_truncate BEFORE TRUNCATE ON cop_alloc.reserve_grant
    FOR EACH STATEMENT EXECUTE FUNCTION cop_alloc.ledger_refuse_change();
ALTER TABLE cop_alloc.reserve_grant ENABLE ALWAYS TRIGGER reserve_grant_append_only;
ALTER TABLE cop_alloc.reserve_grant ENABLE ALWAYS TRIGGER reserve_grant_no_truncate;
REVOKE UPDATE, DELETE, TRUNCATE ON cop_alloc.reserve_grant FROM PUBLIC;

-- User data survives pg_dump / pg_restore (rows and identity counters).
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.run', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.run_line', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.run_axis', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.run_input', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.publication', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.percentage_proposal', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.percentage_decision', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.deliberation_vote', '');
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.minister_approval', '');
-- the ledger in the order it was recorded: a restore replays its checks
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.reserve_grant', 'ORDER BY grant_id');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.run', 'run_id'), '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.publication', 'publication_id'), '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.percentage_proposal', 'proposal_id'), '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.deliberation_vote', 'vote_id'), '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('cop_alloc.reserve_grant', 'grant_id'), '');
