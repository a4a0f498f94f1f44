-- ===================================================================
-- Parties and who calls (README, "Security").  The parties of the
-- distribution: finance (CMA France's finance department: exercise
-- parameters, runs, publication, grants out of the reserve), chamber (a
-- regional chamber: its own COM results and those of the chambers
-- associated to it, L312-1, R323-25), assembly (the general assembly's
-- secretariat: votes, D333-2), ministry (the supervisory authority:
-- percentage decisions, approvals, D333-5), reader (auditors, BI).
--
-- A DBA gives a role a party with cop_alloc.enrol(role, party [, chamber]);
-- the members of that role (usually NOLOGIN group roles granted to the
-- people) then act for it.  The extension creates no role.
--
-- Who calls: inside a SECURITY DEFINER function current_user is the
-- function's owner, so the caller is taken from the session instead: the
-- role set by SET ROLE if any, else the session user (calling_role()).
-- That is the role the statement runs as outside any SECURITY DEFINER
-- function; PostgreSQL also checks EXECUTE on the function against it (or
-- against the owner of a SECURITY DEFINER function of the user's own that
-- calls ours: such a function needs EXECUTE on ours, which only enrolled
-- roles get).  Superusers, and members of the role that owns the
-- extension, act for every party: they can change the tables anyway.
-- ===================================================================

CREATE OR REPLACE FUNCTION cop_alloc.calling_role() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN pg_catalog.current_setting('role') OPERATOR(pg_catalog.=) 'none'
                THEN SESSION_USER::text
                ELSE pg_catalog.current_setting('role') END
$$;
COMMENT ON FUNCTION cop_alloc.calling_role() IS
    'The role that calls, also inside a SECURITY DEFINER function: the role set by SET ROLE, else the session user. This is the name the legal records keep.';

-- acts_for_everyone(role): a superuser, or a member of the extension's owner
CREATE OR REPLACE FUNCTION cop_alloc.acts_for_everyone(role_name text) RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(bool_or(r.rolsuper OR pg_catalog.pg_has_role(r.oid, e.extowner, 'USAGE')), false)
      FROM pg_catalog.pg_roles r, pg_catalog.pg_extension e
     WHERE r.rolname OPERATOR(pg_catalog.=) acts_for_everyone.role_name
       AND e.extname OPERATOR(pg_catalog.=) 'cop_alloc'
$$;
COMMENT ON FUNCTION cop_alloc.acts_for_everyone(text) IS
    'True for a superuser and for a member of the role that owns the extension (who owns every table): they act for every party.';

CREATE OR REPLACE FUNCTION cop_alloc.acts_for(party text, chamber_code text DEFAULT NULL,
                                              role_name text DEFAULT cop_alloc.calling_role())
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.acts_for_everyone(acts_for.role_name)
        OR EXISTS (
            SELECT
              FROM cop_alloc.party_member m
              JOIN pg_catalog.pg_roles r ON r.rolname OPERATOR(pg_catalog.=) m.role_name
             WHERE m.party OPERATOR(pg_catalog.=) acts_for.party
               AND (acts_for.chamber_code IS NULL
                    OR m.chamber_code OPERATOR(pg_catalog.=) acts_for.chamber_code
                    OR m.chamber_code OPERATOR(pg_catalog.=)
                       (SELECT c.parent_code FROM cop_alloc.chamber c
                         WHERE c.code OPERATOR(pg_catalog.=) acts_for.chamber_code))
               AND pg_catalog.pg_has_role(acts_for.role_name, r.oid, 'USAGE'))
$$;
COMMENT ON FUNCTION cop_alloc.acts_for(text, text, text) IS
    'Whether a role (default: the calling role) acts for a party; for party chamber with a chamber code, for that chamber or for the regional chamber it is associated to (NULL: for some chamber). Superusers and members of the extension''s owner act for every party. Never raises.';

-- check_party(party, chamber_code): 22023 unless a known party, a chamber
-- code only with party chamber, and an existing chamber
CREATE OR REPLACE FUNCTION cop_alloc.check_party(party text, chamber_code text) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF party IS NULL OR party NOT IN ('finance', 'chamber', 'assembly', 'ministry', 'reader') THEN
        RAISE EXCEPTION 'unknown party "%"', coalesce(party, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The parties are finance, chamber, assembly, ministry and reader.';
    END IF;
    IF chamber_code IS NOT NULL AND party <> 'chamber' THEN
        RAISE EXCEPTION 'party "%" acts for no particular chamber', party
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('A chamber code ("%s") was given with party "%s".', chamber_code, party),
                  HINT = 'Give a chamber code only with party chamber.';
    END IF;
    IF chamber_code IS NOT NULL
       AND NOT EXISTS (SELECT FROM cop_alloc.chamber c WHERE c.code = check_party.chamber_code) THEN
        RAISE EXCEPTION 'chamber "%" does not exist', chamber_code
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The chambers are the rows of cop_alloc.chamber.';
    END IF;
END
$$;
COMMENT ON FUNCTION cop_alloc.check_party(text, text) IS
    'Raises invalid_parameter_value (22023) for an unknown party, a chamber code given with a party other than chamber, or a chamber that does not exist.';

CREATE OR REPLACE FUNCTION cop_alloc.require_party(party text, chamber_code text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    who text := cop_alloc.calling_role();
BEGIN
    PERFORM cop_alloc.check_party(party, chamber_code);
    IF NOT cop_alloc.acts_for(party, chamber_code, who) THEN
        IF chamber_code IS NOT NULL THEN
            RAISE EXCEPTION 'role "%" does not act for chamber "%"', who, chamber_code
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = 'Only a role enrolled for that chamber, or for the regional chamber it is associated to, may do this.',
                      HINT = format('A DBA enrols a role with SELECT cop_alloc.enrol(''role_name'', ''chamber'', %L) and grants that role to "%s".',
                                    chamber_code, who);
        END IF;
        RAISE EXCEPTION 'role "%" does not act for party "%"', who, party
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Only a role enrolled for party %s may do this.', party),
                  HINT = format('A DBA enrols a role with SELECT cop_alloc.enrol(''role_name'', %L%s) and grants that role to "%s".',
                                party, CASE WHEN party = 'chamber' THEN ', ''chamber_code''' ELSE '' END, who);
    END IF;
    RETURN who;
END
$$;
COMMENT ON FUNCTION cop_alloc.require_party(text, text) IS
    'Raises insufficient_privilege (42501) unless the calling role acts for the party (finance, chamber, assembly, ministry, reader; for chamber with a code: for that chamber or its parent); returns the calling role''s name, for the record. Every function that writes the legal record calls it first.';

-- -------------------------------------------------------------------
-- The rights of each party.  Every party reads the schema (row-level
-- security narrows a chamber to its rows); EXECUTE on a SECURITY DEFINER
-- function goes to the parties its body requires (cop_alloc.require_party
-- called with that party as a literal); table writes are listed here.
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.party_privileges()
RETURNS TABLE (party text, privilege text, object_type text, object_name text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH parties(party) AS (VALUES ('finance'), ('chamber'), ('assembly'), ('ministry'), ('reader'))
    SELECT p.party, 'USAGE', 'SCHEMA', 'cop_alloc' FROM parties p
    UNION ALL
    SELECT p.party, 'SELECT', 'TABLE', c.oid::pg_catalog.regclass::text
      FROM parties p, pg_catalog.pg_class c
     WHERE c.relnamespace OPERATOR(pg_catalog.=) 'cop_alloc'::pg_catalog.regnamespace
       AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'v', 'p']::"char"[])
    UNION ALL
    SELECT DISTINCT m[1], 'EXECUTE', 'FUNCTION', f.oid::pg_catalog.regprocedure::text
      FROM pg_catalog.pg_proc f,
           pg_catalog.regexp_matches(f.prosrc, 'cop_alloc\.require_party\(\s*''([a-z]+)''', 'g') m
     WHERE f.pronamespace OPERATOR(pg_catalog.=) 'cop_alloc'::pg_catalog.regnamespace
       AND f.prosecdef
       AND f.proname OPERATOR(pg_catalog.<>) 'require_party'
    UNION ALL
    SELECT w.party, w.privilege, 'TABLE', w.object_name
      FROM (VALUES ('finance', 'INSERT, UPDATE, DELETE', 'cop_alloc.chamber'),
                   ('finance', 'INSERT, UPDATE, DELETE', 'cop_alloc.exercise'),
                   ('finance', 'INSERT, UPDATE, DELETE', 'cop_alloc.exercise_axis'),
                   ('finance', 'INSERT, UPDATE, DELETE', 'cop_alloc.exercise_chamber'),
                   ('finance', 'INSERT, UPDATE, DELETE', 'cop_alloc.com_target'),
                   ('finance', 'INSERT, UPDATE, DELETE', 'cop_alloc.indicator_result'),
                   ('finance', 'INSERT, UPDATE, DELETE', 'cop_alloc.parameter_source'),
                   ('chamber', 'INSERT, UPDATE, DELETE', 'cop_alloc.indicator_result')) w(party, privilege, object_name)
$$;
COMMENT ON FUNCTION cop_alloc.party_privileges() IS
    'The privileges enrol gives each party: USAGE on the schema and SELECT on its tables and views for all; EXECUTE on every SECURITY DEFINER function whose body calls cop_alloc.require_party for that party; the table writes of finance (exercise parameters and their sources, chambers, targets, results) and of chambers (their results, under row-level security).';

-- grant_party_rights(role, party, grant): GRANT (or REVOKE) a party's privileges
CREATE OR REPLACE FUNCTION cop_alloc.grant_party_rights(role_name text, party text, do_grant boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles r WHERE r.rolname = grant_party_rights.role_name) THEN
        RAISE WARNING 'role "%" does not exist: the rights of party % are not granted to it', role_name, party
            USING HINT = format('Create the role, then run SELECT cop_alloc.grant_party_rights(%L, %L).', role_name, party);
        RETURN;
    END IF;
    FOR p IN SELECT * FROM cop_alloc.party_privileges() x WHERE x.party = grant_party_rights.party LOOP
        EXECUTE format(CASE WHEN do_grant THEN 'GRANT %s ON %s %s TO %I' ELSE 'REVOKE %s ON %s %s FROM %I' END,
                       p.privilege, p.object_type, p.object_name, role_name);
    END LOOP;
END
$$;
COMMENT ON FUNCTION cop_alloc.grant_party_rights(text, text, boolean) IS
    'Grants (or revokes) the privileges of a party (party_privileges()) to a role. Run by enrol and unenrol, on restore of cop_alloc.party_member, and at the end of every update for the roles enrolled.';

CREATE OR REPLACE FUNCTION cop_alloc.require_dba() RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    who text := cop_alloc.calling_role();
BEGIN
    IF NOT cop_alloc.acts_for_everyone(who) THEN
        RAISE EXCEPTION 'role "%" cannot enrol roles for cop_alloc', who
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'Only a superuser or a member of the role that owns the extension enrols roles.',
                  HINT = 'Ask the database administrator.';
    END IF;
    RETURN who;
END
$$;
COMMENT ON FUNCTION cop_alloc.require_dba() IS
    'Raises insufficient_privilege unless the calling role is a superuser or a member of the extension''s owner; returns its name.';

CREATE OR REPLACE FUNCTION cop_alloc.party_member_rights() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM cop_alloc.grant_party_rights(NEW.role_name, NEW.party, true);
        RETURN NEW;
    END IF;
    -- a role keeps what its other enrolments give it
    IF NOT EXISTS (SELECT FROM cop_alloc.party_member m
                    WHERE m.role_name = OLD.role_name AND m.party = OLD.party) THEN
        PERFORM cop_alloc.grant_party_rights(OLD.role_name, OLD.party, false);
        PERFORM cop_alloc.grant_party_rights(m.role_name, m.party, true)
           FROM (SELECT DISTINCT x.role_name, x.party FROM cop_alloc.party_member x
                  WHERE x.role_name = OLD.role_name) m;
    END IF;
    RETURN OLD;
END
$$;
COMMENT ON FUNCTION cop_alloc.party_member_rights() IS
    'Trigger: an enrolled role gets its party''s privileges (also when pg_restore reloads cop_alloc.party_member); an unenrolled one loses those its other enrolments do not give.';

CREATE OR REPLACE TRIGGER party_member_rights AFTER INSERT OR DELETE ON cop_alloc.party_member
    FOR EACH ROW EXECUTE FUNCTION cop_alloc.party_member_rights();

CREATE OR REPLACE FUNCTION cop_alloc.enrol(member regrole, party text, chamber_code text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    who text := cop_alloc.require_dba();
BEGIN
    IF member IS NULL OR member = 0 THEN
        RAISE EXCEPTION 'the role to enrol must not be null'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Name an existing role (not PUBLIC).';
    END IF;
    PERFORM cop_alloc.check_party(party, chamber_code);
    IF party = 'chamber' AND chamber_code IS NULL THEN
        RAISE EXCEPTION 'party "chamber" needs a chamber code'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Enrol a chamber''s role with enrol(role, ''chamber'', chamber_code).';
    END IF;
    INSERT INTO cop_alloc.party_member (role_name, party, chamber_code, enrolled_by)
    VALUES (member::text, party, chamber_code, who)
    ON CONFLICT ON CONSTRAINT party_member_once DO NOTHING;
END
$$;
COMMENT ON FUNCTION cop_alloc.enrol(regrole, text, text) IS
    'Enrols a role for a party (finance, assembly, ministry, reader; chamber with the chamber''s code) and grants it the party''s privileges (party_privileges()); its members then act for the party. For a superuser or a member of the extension''s owner.';

CREATE OR REPLACE FUNCTION cop_alloc.unenrol(member regrole, party text, chamber_code text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    who text := cop_alloc.require_dba();
BEGIN
    DELETE FROM cop_alloc.party_member m
     WHERE m.role_name = member::text AND m.party = unenrol.party
       AND m.chamber_code IS NOT DISTINCT FROM unenrol.chamber_code;
    RETURN FOUND;
END
$$;
COMMENT ON FUNCTION cop_alloc.unenrol(regrole, text, text) IS
    'Withdraws a role''s enrolment for a party (and chamber); it loses the privileges no other enrolment gives it. Returns false when it was not enrolled. For a superuser or a member of the extension''s owner.';

REVOKE EXECUTE ON FUNCTION cop_alloc.grant_party_rights(text, text, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cop_alloc.enrol(regrole, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cop_alloc.unenrol(regrole, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cop_alloc.party_member_rights() FROM PUBLIC;
REVOKE ALL ON cop_alloc.party_member FROM PUBLIC;

-- -------------------------------------------------------------------
-- Row-level security of the per-chamber tables (92_row_security.sql):
-- by current_user, as PostgreSQL's own privileges are.  The policies
-- call these once per statement, as InitPlans ((SELECT f())).
-- -------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cop_alloc.sees_all_chambers(role_name name) RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.acts_for_everyone(sees_all_chambers.role_name::text)
        OR EXISTS (SELECT
                     FROM cop_alloc.party_member m
                     JOIN pg_catalog.pg_roles r ON r.rolname OPERATOR(pg_catalog.=) m.role_name
                    WHERE m.party OPERATOR(pg_catalog.<>) 'chamber'
                      AND pg_catalog.pg_has_role(sees_all_chambers.role_name, r.oid, 'USAGE'))
$$;
COMMENT ON FUNCTION cop_alloc.sees_all_chambers(name) IS
    'Whether a role (the policies pass CURRENT_USER) reads every chamber''s rows: finance, assembly, ministry, reader, a superuser or the extension''s owner (its SECURITY DEFINER functions).';

CREATE OR REPLACE FUNCTION cop_alloc.writes_all_chambers(role_name name) RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT cop_alloc.acts_for_everyone(writes_all_chambers.role_name::text)
        OR cop_alloc.acts_for('finance', NULL, writes_all_chambers.role_name::text)
$$;
COMMENT ON FUNCTION cop_alloc.writes_all_chambers(name) IS
    'Whether a role (the policies pass CURRENT_USER) writes every chamber''s rows: finance, a superuser or the extension''s owner.';

CREATE OR REPLACE FUNCTION cop_alloc.own_chambers(role_name name) RETURNS text[]
LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(pg_catalog.array_agg(DISTINCT c.code), '{}')
      FROM cop_alloc.party_member m
      JOIN pg_catalog.pg_roles r ON r.rolname OPERATOR(pg_catalog.=) m.role_name
      JOIN cop_alloc.chamber c ON c.code OPERATOR(pg_catalog.=) m.chamber_code
                               OR c.parent_code OPERATOR(pg_catalog.=) m.chamber_code
     WHERE m.party OPERATOR(pg_catalog.=) 'chamber'
       AND pg_catalog.pg_has_role(own_chambers.role_name, r.oid, 'USAGE')
$$;
COMMENT ON FUNCTION cop_alloc.own_chambers(name) IS
    'The chambers a role (the policies pass CURRENT_USER) acts for: those it is enrolled for and the chambers associated to them.';
