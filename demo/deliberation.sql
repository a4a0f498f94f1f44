-- demo/deliberation.sql -- the 2025 exercise of the demo from proposal to
-- publication: the operating percentage proposed to the minister and
-- adopted tacitly (R312-2 1°), a recorded run, the opinions of the
-- conférence des présidents and of the bureau and the supervisory
-- authority's fifteen days on the draft (decree art. 17-1 II), the
-- general assembly's vote (D333-2) and the minister's approval (D333-5),
-- the publication, where the parameters come from, the
-- motives of each chamber's share and its evolution (R312-2), and the
-- national-projects reserve with two grants (art. 17-1 3°).  The 2024
-- publication made by demo/data.sql, carried forward into 2025, feeds the
-- tunnel; it is also the reference of the evolution.
-- Dates, votes and grants are illustrative.  Included by demo/demo.sql
-- after demo/show.sql.

\set QUIET on
\pset footer off

\echo
\echo '================================================================================'
\echo 'Délibération de l''exercice 2025 : proposition, vote, approbation, publication'
\echo '================================================================================'

SELECT cop_alloc.propose_percentage(2025, 0.6125, '2024-09-16', 'Demo: on the COP''s path to 0.50 in 2027.')
    AS proposal_2025 \gset

\echo
\echo 'Où en est l''exercice 2025 le 1er octobre 2024, puis le 2 octobre 2024 (pourcentage reçu'
\echo 'par le ministre le 16 septembre : adopté tacitement au terme des 15 jours, R312-2 1°) :'
\x on
SELECT d AS "au", s.stage AS "étape", s.percentage AS "pourcentage",
       s.percentage_from AS "adopté le", s.ready AS "publiable",
       array_to_string(s.missing, E'\n') AS "manque"
  FROM (VALUES (date '2024-10-01'), (date '2024-10-02')) v(d)
 CROSS JOIN LATERAL cop_alloc.status(2025, v.d) s;
\x off

SELECT cop_alloc.run(2025, 'Demo: the distribution put to the general assembly') AS run_2025 \gset
\echo
\echo 'Run' :run_2025 'enregistré ; empreinte des données :'
SELECT run_id, fingerprint, ran_by FROM cop_alloc.run WHERE run_id = :run_2025;

\echo
\echo 'Avis de la conférence des présidents (15 octobre) et du bureau (22 octobre), projet reçu par'
\echo 'l''autorité de tutelle le 28 octobre 2024, observations le 5 novembre (décret, art. 17-1 II) :'
SELECT cop_alloc.record_opinion(2025, 'conference_des_presidents', '2024-10-15',
                                'Avis favorable au projet de répartition.', :run_2025) AS opinion_1 \gset
SELECT cop_alloc.record_opinion(2025, 'bureau', '2024-10-22',
                                'Avis favorable ; projet présenté à l''assemblée générale du 26 novembre.', :run_2025) AS opinion_2 \gset
SELECT cop_alloc.submit_for_review(:run_2025, '2024-10-28', 'Démo : transmission du projet de répartition') AS submission_2025 \gset
SELECT cop_alloc.record_review_response(:submission_2025, 'observations', '2024-11-05',
       'La tutelle demande que la délibération expose l''effet du tunnel sur chaque chambre.') AS response_2025 \gset
SELECT d AS "au", r.state AS "examen par la tutelle", r.deadline AS "fin du délai", s.stage AS "étape",
       array_to_string(s.missing, E'\n') AS "manque"
  FROM (VALUES (date '2024-11-12'), (date '2024-11-13')) v(d)
 CROSS JOIN LATERAL cop_alloc.supervisory_review(2025, v.d) r
 CROSS JOIN LATERAL cop_alloc.status(2025, v.d) s;

SELECT cop_alloc.record_vote(2025, '2024-11-26', 108, 91, 77, 9, 5, :run_2025) AS vote_2025 \gset
SELECT cop_alloc.approve(:vote_2025, 'approved', '2024-12-18') AS approval_2025 \gset

\echo
\echo 'Après le vote de l''assemblée générale (26 novembre 2024) et l''approbation du ministre (18 décembre 2024) :'
SELECT s.stage AS "étape", s.deliberation AS "délibération", s.deliberation_on AS "le",
       s.minister AS "ministre", s.minister_on AS "le", s.ready AS "publiable"
  FROM cop_alloc.status(2025, '2024-12-18') s;

SELECT cop_alloc.publish(:run_2025) AS publication_2025 \gset
\echo 'Publication' :publication_2025 ': le run' :run_2025 'est la répartition publiée de 2025.'

\echo
\echo 'D''où viennent les paramètres de la répartition publiée (références de démonstration)'
SELECT citation AS "source" FROM cop_alloc.sources(2025);

\echo
\echo 'Motifs de la part versée à chaque chambre et de son évolution (extrait : COR, GES, PAC)'
\x on
SELECT chamber_code AS code, total, previous_total AS "total 2024", change AS "écart",
       change_pct AS "écart %", motive AS "motif"
  FROM cop_alloc.explain(2025)
 WHERE chamber_code IN ('COR', 'GES', 'PAC')
 ORDER BY chamber_code COLLATE "C";
\x off

\echo
\echo 'Réserve pour projets nationaux 2025 et deux attributions, par date (le crédit des réductions porte'
\echo 'la date légale de la répartition : la délibération de l''assemblée générale du 26 novembre 2024)'
SELECT cop_alloc.grant_from_reserve(2025, 'national_project', 3000000.00,
                                    'Demo: national project decided by the general assembly',
                                    project => 'Plateforme nationale de formalités', granted_on => '2025-02-10') AS grant_1,
       cop_alloc.grant_from_reserve(2025, 'performing_com', 250000.00, 'Demo: COM exceptionally performing on axis 3',
                                    chamber_code => 'PDL', granted_on => '2025-03-05') AS grant_2 \gset
SELECT entry_on AS "date", entry AS "écriture", chamber_code AS "chambre", project AS "projet",
       credit AS "crédit", debit AS "débit", balance AS "solde"
  FROM cop_alloc.reserve_ledger WHERE year = 2025;
