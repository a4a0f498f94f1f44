-- demo/data.sql -- the data set of the quick-start demo (make demo).
--
-- ILLUSTRATIVE FIGURES, NOT OFFICIAL ONES.  The chambers and their names
-- are the real ones; taxpayer counts, tax product, COM targets and results
-- are invented, of a plausible order of magnitude, to show how the
-- distribution of article R312-2 behaves.  Nothing here describes what any
-- chamber actually received or achieved.
--
-- The data set is deterministic: results are drawn from an md5 hash of
-- (chamber, indicator, year), never from random(), so the demo prints the
-- same euros on every run.  Plain SQL: load it with any client into a
-- database where CREATE EXTENSION cop_alloc has been run (demo/demo.sql does
-- it inside a transaction that it rolls back).
--
--   exercise 2024 (results year 2023): P = 235 000 000.00, Q = 10 % (at least
--     20 000 000.00), operating share 0.65 with the minister's authorisation
--     (the COP's figure for its first year), COP axis weights, a floor for
--     the five overseas chambers;
--   exercise 2025 (results year 2024): P = 243 000 000.00, operating share
--     0.6125 (on the COP's path to 0.50 in 2027), the same floors, and a
--     tunnel: at most -5 % / +10 % on each chamber's 2024 operating part,
--     read from the published 2024 distribution (approved and published
--     at the end of this script).

SET client_encoding = 'UTF8';

-- The demo adds its own chambers and exercises: refuse to mix them with a
-- database that already holds some.
DO $$
DECLARE
    clash text;
BEGIN
    IF NOT EXISTS (SELECT FROM cop_alloc.indicator
                    WHERE from_cop AND national_target_2023 IS NOT NULL) THEN
        RAISE EXCEPTION 'the COP catalogue of indicators is missing'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'The demo draws its targets from the COP indicators that have a national objective for 2023, and cop_alloc.indicator has none.',
                  HINT = 'Install the current version of the extension (make install) and create it again.';
    END IF;
    SELECT string_agg(x, ', ') INTO clash FROM (
        SELECT format('chamber %s', code) AS x FROM cop_alloc.chamber
         WHERE code IN ('ARA', 'BFC', 'BRE', 'CVL', 'COR', 'GES', 'HDF', 'IDF', 'NOR', 'NAQ',
                        'OCC', 'PDL', 'PAC', 'GUA', 'MTQ', 'GUY', 'REU', 'MAY', 'ALS', 'MOS')
        UNION ALL
        SELECT format('exercise %s', year) FROM cop_alloc.exercise WHERE year IN (2024, 2025)) s;
    IF clash IS NOT NULL THEN
        RAISE EXCEPTION 'the demo data would clash with data already in this database'
            USING ERRCODE = 'unique_violation',
                  DETAIL = format('Already present: %s.', clash),
                  HINT = 'Run the demo in another database (set PGDATABASE), or without PGHOST and PGDATABASE to use a throw-away cluster.';
    END IF;
END
$$;

-- ---------------------------------------------------------------------
-- The 18 regional chambers (CMAR) and the two chambers associated to
-- Grand Est (L311-2, R323-25), with invented taxpayer counts
-- (assujettis) at the start of 2024 and of 2025: about 1.36 million in
-- all, Alsace and Moselle counted apart from the rest of Grand Est.
-- ---------------------------------------------------------------------

INSERT INTO cop_alloc.chamber (code, name, parent_code) VALUES
    ('ARA', 'Auvergne-Rhône-Alpes', NULL),
    ('BFC', 'Bourgogne-Franche-Comté', NULL),
    ('BRE', 'Bretagne', NULL),
    ('CVL', 'Centre-Val de Loire', NULL),
    ('COR', 'Corse', NULL),
    ('GES', 'Grand Est', NULL),
    ('HDF', 'Hauts-de-France', NULL),
    ('IDF', 'Île-de-France', NULL),
    ('NOR', 'Normandie', NULL),
    ('NAQ', 'Nouvelle-Aquitaine', NULL),
    ('OCC', 'Occitanie', NULL),
    ('PDL', 'Pays de la Loire', NULL),
    ('PAC', 'Provence-Alpes-Côte d''Azur', NULL),
    ('GUA', 'Guadeloupe', NULL),
    ('MTQ', 'Martinique', NULL),
    ('GUY', 'Guyane', NULL),
    ('REU', 'La Réunion', NULL),
    ('MAY', 'Mayotte', NULL),
    ('ALS', 'Alsace', 'GES'),
    ('MOS', 'Moselle', 'GES');

CREATE TEMPORARY TABLE demo_chamber (
    code          text PRIMARY KEY,
    assujettis_24 bigint NOT NULL,   -- start of 2024; also the key of the COM targets
    assujettis_25 bigint NOT NULL,   -- start of 2025
    floor_amount  numeric NULL       -- overseas floor of the operating part
);
INSERT INTO demo_chamber VALUES
    ('ARA', 189412, 192608, NULL),
    ('BFC',  61873,  61510, NULL),
    ('BRE',  68245,  69120, NULL),
    ('CVL',  49618,  49102, NULL),
    ('COR',  13906,  16350, NULL),
    ('GES',  60384,  60912, NULL),
    ('HDF',  84927,  85530, NULL),
    ('IDF', 214736, 219840, NULL),
    ('NOR',  57802,  57411, NULL),
    ('NAQ', 124958, 126730, NULL),
    ('OCC', 130471, 133205, NULL),
    ('PDL',  71964,  72880, NULL),
    ('PAC', 118327, 113950, NULL),
    ('GUA',  13815,  13902, 1000000.00),
    ('MTQ',  11947,  11864, 1000000.00),
    ('GUY',   5523,   5710, 1000000.00),
    ('REU',  22184,  22631, 1000000.00),
    ('MAY',   2496,   2618, 1000000.00),
    ('ALS',  36158,  36420, NULL),
    ('MOS',  19263,  19377, NULL);

-- ---------------------------------------------------------------------
-- COM targets for the results years 2023 and 2024, on every COP indicator
-- that has a national objective for 2023: the national objective split in
-- proportion to the chambers' taxpayers (all 20 chambers), in whole units
-- and at least 1.  For 2024 the national objective moves a quarter of the
-- way towards the 2027 one, and a yearly objective grows by at least 5 %.
-- A rate (a percentage, or an objective below 1) is the same for every
-- chamber instead of being split.
-- ---------------------------------------------------------------------

INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target)
SELECT n.year, c.code, n.indicator_code,
       CASE WHEN n.is_rate THEN round(n.national, 6)
            WHEN n.national >= 1 THEN greatest(1, round(n.national * c.assujettis_24 / t.total))
            ELSE round(n.national * c.assujettis_24 / t.total)
       END
  FROM (SELECT y.year, i.code AS indicator_code,
               i.unit ~* '%|taux|rate|pourcentage|percent' OR i.national_target_2023 < 1 AS is_rate,
               CASE WHEN y.year = 2023 THEN i.national_target_2023
                    WHEN i.per_year THEN greatest(i.national_target_2023 * 1.05,
                        i.national_target_2023 + (i.national_target_2027 - i.national_target_2023) / 4)
                    ELSE i.national_target_2023
                         + coalesce((i.national_target_2027 - i.national_target_2023) / 4, 0)
               END AS national
          FROM cop_alloc.indicator i
         CROSS JOIN (VALUES (2023), (2024)) AS y (year)
         WHERE i.from_cop AND i.national_target_2023 IS NOT NULL) n
 CROSS JOIN demo_chamber c
 CROSS JOIN (SELECT sum(assujettis_24) AS total FROM demo_chamber) t;

-- ---------------------------------------------------------------------
-- Results: each realized value is the target times a factor drawn from
-- md5(chamber:indicator:year), between 70 % and 115 % of the target, so
-- that most chambers miss some objectives; Alsace and Moselle draw
-- between 55 % and 90 %, and weigh on Grand Est's consolidated
-- achievement.  Counts are whole units; a rate keeps 6 decimals and never
-- exceeds 1 when its objective is at most 1.
-- ---------------------------------------------------------------------

INSERT INTO cop_alloc.indicator_result (year, chamber_code, indicator_code, realized)
SELECT d.year, d.chamber_code, d.indicator_code,
       CASE WHEN d.target <= 1 AND d.target <> round(d.target)
            THEN least(1, round(d.target * d.factor, 6))
            WHEN d.target <> round(d.target) THEN round(d.target * d.factor, 6)
            ELSE round(d.target * d.factor)
       END
  FROM (SELECT t.year, t.chamber_code, t.indicator_code, t.target,
               CASE WHEN t.chamber_code IN ('ALS', 'MOS') THEN 0.55 + 0.35 * h.u
                    ELSE 0.70 + 0.45 * h.u
               END AS factor
          FROM cop_alloc.com_target t
         CROSS JOIN LATERAL (
               SELECT ('x' || substr(md5(t.chamber_code || ':' || t.indicator_code || ':' || t.year), 1, 8))
                      ::bit(32)::bigint / 4294967296.0 AS u) h
         WHERE t.year IN (2023, 2024)
           AND t.chamber_code IN (SELECT code FROM demo_chamber)) d;

-- ---------------------------------------------------------------------
-- Exercise 2024 (results year 2023): the COP's first year.
-- ---------------------------------------------------------------------

INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, quote_part_min,
                                operating_pct, minister_authorized, note)
VALUES (2024, 235000000.00, 23500000.00, 20000000.00, 0.65, true,
        'Démonstration (chiffres illustratifs) : part de fonctionnement de 65 % autorisée par le ministre, comme le prévoit le COP pour sa première année.');

INSERT INTO cop_alloc.exercise_axis (year, axis_no, weight)
SELECT 2024, axis_no, cop_weight FROM cop_alloc.axis WHERE from_cop;

INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis, floor_amount)
SELECT 2024, d.code, d.assujettis_24, d.floor_amount
  FROM demo_chamber d JOIN cop_alloc.chamber c USING (code)
 WHERE c.parent_code IS NULL;

-- ---------------------------------------------------------------------
-- Exercise 2025 (results year 2024): a lower operating share, and a
-- tunnel around each chamber's 2024 operating part.  Corse grows and
-- Provence-Alpes-Côte d'Azur shrinks faster than the others: the tunnel
-- holds them.
-- ---------------------------------------------------------------------

INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, quote_part_min,
                                operating_pct, minister_authorized,
                                max_decrease_pct, max_increase_pct, note)
VALUES (2025, 243000000.00, 24300000.00, 20000000.00, 0.6125, true, 0.05, 0.10,
        'Démonstration (chiffres illustratifs) : part de fonctionnement de 61,25 % autorisée par le ministre, sur la trajectoire du COP vers 50 % en 2027 ; tunnel de -5 % à +10 %.');

INSERT INTO cop_alloc.exercise_axis (year, axis_no, weight)
SELECT 2025, axis_no, cop_weight FROM cop_alloc.axis WHERE from_cop;

-- ---------------------------------------------------------------------
-- Above one half, the president's reasoned request and the minister's
-- express authorisation (R312-2 1°); without them run(year) is refused.
-- And where each parameter comes from.  References and dates are
-- illustrative: the COP gives national targets for 2023 and 2027 only,
-- the demo's COM targets for 2023 and 2024 are invented.
-- ---------------------------------------------------------------------

SELECT cop_alloc.decide_authorisation(
           cop_alloc.request_authorisation(r.year, r.pct, r.requested_on, r.motive, 'Démo : lettre du président de CMA France'),
           'granted', r.requested_on + 13, format('Démo : décision du ministre (exercice %s)', r.year), r.pct)
  FROM (VALUES (2024, 0.65, date '2023-09-01', 'Premier exercice du COP 2023-2027, qui fixe la part de fonctionnement à 65 % pour 2023.'),
               (2025, 0.6125, date '2024-09-02', 'Trajectoire du COP vers 50 % en 2027 : une baisse progressive de la part de fonctionnement.'))
       AS r (year, pct, requested_on, motive);

INSERT INTO cop_alloc.parameter_source (year, parameter, kind, reference, act_on)
SELECT y.year, s.parameter, s.kind, s.reference || ' (démo)', make_date(y.year - 1, s.month, s.day)
  FROM (VALUES (2024), (2025)) AS y (year)
 CROSS JOIN (VALUES
    ('tax_product', 'ministerial_notification', 'notification du produit de la taxe', 10, 1),
    ('quote_part', 'ministerial_order', 'arrêté fixant la quote-part de CMA France', 10, 1),
    ('quote_part_min', 'ministerial_order', 'arrêté fixant la quote-part de CMA France', 10, 1),
    ('operating_pct', 'percentage_proposal', 'proposition au ministre, adoptée tacitement', 9, 15),
    ('axis_weights', 'cop', 'COP 2023-2027, préambule', 3, 1),
    ('indicators', 'cop', 'COP 2023-2027, tableaux des indicateurs d''activité', 3, 1),
    ('targets', 'com', 'COM régionales, cibles illustratives', 3, 1),
    ('tunnel', 'deliberation', 'délibération de l''assemblée générale sur les modalités', 6, 20)) AS s (parameter, kind, reference, month, day)
 WHERE s.parameter <> 'tunnel' OR y.year = 2025;

INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis, floor_amount)
SELECT 2025, d.code, d.assujettis_25, d.floor_amount
  FROM demo_chamber d JOIN cop_alloc.chamber c USING (code)
 WHERE c.parent_code IS NULL;

-- ---------------------------------------------------------------------
-- The 2024 distribution as the network deliberated it (R312-2, D333-2,
-- D333-5, decree art. 17-1 II): the percentage proposal adopted tacitly
-- fifteen days after the minister received it, the opinions of the
-- conférence des présidents and of the bureau, the draft submitted to the
-- supervisory authority, the general assembly's vote on a recorded run,
-- the minister's express approval, then the publication.  Its operating
-- parts become the bases of the 2025 tunnel by the recorded step
-- cop_alloc.carry_forward(2025), which writes them into
-- exercise_chamber.previous_operating.
-- Dates and votes are illustrative too.
-- ---------------------------------------------------------------------

SELECT cop_alloc.propose_percentage(2024, 0.65, '2023-09-15', 'Demo: 0.65, the COP''s figure for its first year.')
    AS proposal_2024 \gset

DO $$
DECLARE
    rid bigint := cop_alloc.run(2024, 'Demo: the distribution put to the general assembly');
    vid bigint;
BEGIN
    -- decree art. 17-1 II: the opinions, then the draft submitted to the
    -- supervisory authority, whose fifteen days end on 2023-11-08
    PERFORM cop_alloc.record_opinion(2024, 'conference_des_presidents', '2023-10-10', 'Avis favorable au projet de répartition.', rid);
    PERFORM cop_alloc.record_opinion(2024, 'bureau', '2023-10-17', 'Avis favorable ; projet présenté à l''assemblée générale.', rid);
    PERFORM cop_alloc.submit_for_review(rid, '2023-10-24');
    vid := cop_alloc.record_vote(2024, '2023-11-28', 108, 94, 81, 7, 6, rid);
    PERFORM cop_alloc.approve(vid, 'approved', '2023-12-20');
    PERFORM cop_alloc.publish(rid);
    PERFORM cop_alloc.carry_forward(2025);
END
$$;
DROP TABLE demo_chamber;
