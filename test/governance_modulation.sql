-- Modulation for non-respect (decree art. 17-1 I 2°, spec 5 bis) in the
-- record: explain gives its amount and motive, the reserve ledger credits
-- the modulations on their own line, and the balance still adds up.
BEGIN;
SET search_path = public;
SET client_min_messages = error;
SELECT plan(5);

\i test/fixtures/example.sql
UPDATE cop_alloc.exercise_chamber SET modulation_pct = 0.10, modulation_motive = 'Rapport d''exécution de la COM non transmis.'
 WHERE year = 2025 AND chamber_code = 'OUEST';
SELECT is((SELECT modulation FROM cop_alloc.allocate(2025) WHERE chamber_code = 'OUEST'), 9450.00,
          'OUEST: 10 % of its performance part of 94 500,00 € is withheld');
SELECT cop_alloc.publish(cop_alloc.run(2025), force_reason => 'test') AS publication \gset
SELECT matches((SELECT motive FROM cop_alloc.explain(2025) WHERE chamber_code = 'OUEST'),
               'Modulation pour non-respect des mesures du COP et de la COM \(décret, art\. 17-1 I 2°\) : 9 450,00 € retenus sur la part de performance ; motif : Rapport d''exécution de la COM non transmis\.',
               'explain gives the modulation and its motive');
SELECT doesnt_match((SELECT motive FROM cop_alloc.explain(2025) WHERE chamber_code = 'NORD'), 'Modulation',
                    'a chamber without modulation has no such sentence');
SELECT results_eq($$SELECT entry, credit FROM cop_alloc.reserve_ledger WHERE year = 2025 ORDER BY entry_on, entry$$,
                  $$VALUES ('deductions'::text, 17631.24::numeric(15,2)), ('modulations', 9450.00)$$,
                  'the ledger credits the deductions and, on their own line, the modulations');
SELECT results_eq($$SELECT deductions, modulations, undistributed, reserve FROM cop_alloc.reserve_balance WHERE year = 2025$$,
                  $$SELECT 17631.24, 9450.00, 0.00, (SELECT reserve FROM cop_alloc.summary(2025))$$,
                  'reserve = deductions + modulations, nothing undistributed');

SELECT * FROM finish();
ROLLBACK;
