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
