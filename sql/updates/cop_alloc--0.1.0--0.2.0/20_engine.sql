-- -------------------------------------------------------------------
-- The engine (spec section 5 bis): the modulation for non-respect of the
-- COP and the COM (decree art. 17-1 I 2°, L312-2).  Two columns at the end
-- of exercise_chamber; allocate, simulate and simulate_many gain a last
-- column modulation, so they are dropped here and re-created by
-- sql/functions (CREATE OR REPLACE cannot change a result type).
-- -------------------------------------------------------------------
ALTER TABLE cop_alloc.exercise_chamber
    ADD COLUMN modulation_pct cop_alloc.ratio NULL,
    ADD COLUMN modulation_motive text NULL,
    ADD CONSTRAINT modulation_needs_motive CHECK (
        modulation_pct IS NULL OR modulation_pct OPERATOR(pg_catalog.=) 0::numeric
        OR (modulation_motive IS NOT NULL
            AND pg_catalog.length(pg_catalog.btrim(modulation_motive, E' \t\n\r\f\013')) OPERATOR(pg_catalog.>) 0));
COMMENT ON COLUMN cop_alloc.exercise_chamber.modulation_pct IS
    'Modulation for non-respect of the COP and the COM (decree art. 17-1 I 2°, L312-2): the share of the chamber''s performance part, after deductions, that the general assembly withholds for the national-projects reserve; NULL: none.';
COMMENT ON COLUMN cop_alloc.exercise_chamber.modulation_motive IS
    'Why the general assembly modulates the chamber''s performance part; required, not blank, when modulation_pct > 0.';

DROP FUNCTION cop_alloc.allocate(int);
DROP FUNCTION cop_alloc.simulate(int, jsonb);
DROP FUNCTION cop_alloc.simulate_many(int, cop_alloc.scenario[]);
