-- -------------------------------------------------------------------
-- Parties (sql/tables/80_parties.sql): the roles enrolled for each party
-- of the distribution.  0.1.0 had none: every role with table privileges
-- could write every record.
-- -------------------------------------------------------------------

CREATE TABLE cop_alloc.party_member (
    role_name    text NOT NULL,
    party        text NOT NULL
                 CONSTRAINT party_known CHECK (party IN ('finance', 'chamber', 'assembly', 'ministry', 'reader')),
    chamber_code text NULL REFERENCES cop_alloc.chamber (code) ON UPDATE CASCADE,
    enrolled_by  text NOT NULL,
    enrolled_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chamber_party_names_its_chamber CHECK ((party = 'chamber') = (chamber_code IS NOT NULL)),
    CONSTRAINT party_member_once UNIQUE NULLS NOT DISTINCT (role_name, party, chamber_code)
);
COMMENT ON TABLE cop_alloc.party_member IS
    'The database roles enrolled for each party of the distribution: finance (CMA France''s finance department), chamber (a regional chamber, for its code), assembly (the general assembly''s secretariat), ministry (the supervisory authority), reader (auditors, BI). Written only by cop_alloc.enrol and cop_alloc.unenrol.';
COMMENT ON COLUMN cop_alloc.party_member.role_name IS 'The enrolled role (usually a NOLOGIN group role); its members act for the party.';
COMMENT ON COLUMN cop_alloc.party_member.party IS 'finance, chamber, assembly, ministry or reader.';
COMMENT ON COLUMN cop_alloc.party_member.chamber_code IS 'For party chamber, the chamber the role acts for (and, through it, the chambers associated to it); NULL otherwise.';
COMMENT ON COLUMN cop_alloc.party_member.enrolled_by IS 'The role that enrolled it.';
COMMENT ON COLUMN cop_alloc.party_member.enrolled_at IS 'When it was enrolled.';
SELECT pg_catalog.pg_extension_config_dump('cop_alloc.party_member', '');

-- -------------------------------------------------------------------
-- Results years bounded as the exercise's are (0.1.0 took 20245 and -1).
-- -------------------------------------------------------------------
ALTER TABLE cop_alloc.com_target
    ADD CONSTRAINT com_target_year_plausible CHECK (year BETWEEN 1900 AND 2999);
ALTER TABLE cop_alloc.indicator_result
    ADD CONSTRAINT indicator_result_year_plausible CHECK (year BETWEEN 1900 AND 2999);
