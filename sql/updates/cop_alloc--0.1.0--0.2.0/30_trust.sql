-- Parties: the table of the roles enrolled for each party is created by
-- 29_parties.sql (a link to sql/tables/80_parties.sql).  0.1.0 had none:
-- every role with table privileges could write every record.

-- -------------------------------------------------------------------
-- Results years bounded as the exercise's are (0.1.0 took 20245 and -1).
-- -------------------------------------------------------------------
ALTER TABLE cop_alloc.com_target
    ADD CONSTRAINT com_target_year_plausible CHECK (year BETWEEN 1900 AND 2999);
ALTER TABLE cop_alloc.indicator_result
    ADD CONSTRAINT indicator_result_year_plausible CHECK (year BETWEEN 1900 AND 2999);
