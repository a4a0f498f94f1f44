-- Parties: enrol / unenrol, who acts for which party (require_party,
-- acts_for), who calls inside a SECURITY DEFINER function, and the
-- privileges an enrolment gives and takes back.
BEGIN;
SET search_path = public;
SELECT plan(47);

\i test/fixtures/example.sql

SELECT has_table('cop_alloc', 'party_member', 'table cop_alloc.party_member exists');
SELECT is_definer('cop_alloc', f, 'cop_alloc.' || f || ' is SECURITY DEFINER')
  FROM unnest(ARRAY['require_party', 'acts_for', 'enrol', 'unenrol', 'grant_party_rights']) f;
SELECT function_returns('cop_alloc', 'require_party', ARRAY['text', 'text'], 'text', 'require_party(party, chamber_code) returns text');
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
             FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
            WHERE p.pronamespace = 'cop_alloc'::regnamespace AND a.grantee = 0
              AND p.proname IN ('enrol', 'unenrol', 'grant_party_rights')),
          NULL, 'PUBLIC cannot enrol, unenrol or grant rights');
SELECT table_privs_are('cop_alloc', 'party_member', 'public', ARRAY[]::text[], 'PUBLIC has no privilege on party_member');

CREATE ROLE cop_t_finance NOLOGIN;        -- a group role, enrolled
CREATE ROLE cop_t_alice NOLOGIN IN ROLE cop_t_finance;
CREATE ROLE cop_t_nord NOLOGIN;
CREATE ROLE cop_t_bob NOLOGIN IN ROLE cop_t_nord;
CREATE ROLE cop_t_nobody NOLOGIN;
CREATE ROLE cop_t_noinherit NOLOGIN NOINHERIT IN ROLE cop_t_finance;

-- only a superuser or the extension's owner enrols
SET LOCAL ROLE cop_t_nobody;
SELECT throws_ok($$SELECT cop_alloc.enrol('cop_t_nobody', 'finance')$$, '42501', NULL,
                 'PUBLIC cannot call enrol');
RESET ROLE;
GRANT USAGE ON SCHEMA cop_alloc TO cop_t_nobody;
GRANT EXECUTE ON FUNCTION cop_alloc.enrol(regrole, text, text) TO cop_t_nobody;
SET LOCAL ROLE cop_t_nobody;
SELECT throws_ok($$SELECT cop_alloc.enrol('cop_t_nobody', 'finance')$$, '42501',
                 'role "cop_t_nobody" cannot enrol roles for cop_alloc',
                 'even with EXECUTE, only a superuser or the owner enrols');
RESET ROLE;
REVOKE EXECUTE ON FUNCTION cop_alloc.enrol(regrole, text, text) FROM cop_t_nobody;
REVOKE USAGE ON SCHEMA cop_alloc FROM cop_t_nobody;

SELECT throws_ok($$SELECT cop_alloc.enrol('cop_t_finance', 'treasury')$$, '22023', 'unknown party "treasury"', 'enrol: an unknown party');
SELECT throws_ok($$SELECT cop_alloc.enrol('cop_t_finance', NULL)$$, '22023', 'unknown party "NULL"', 'enrol: a NULL party');
SELECT throws_ok($$SELECT cop_alloc.enrol(NULL, 'finance')$$, '22023', 'the role to enrol must not be null', 'enrol: a NULL role');
SELECT throws_ok($$SELECT cop_alloc.enrol('cop_t_nord', 'chamber')$$, '22023', 'party "chamber" needs a chamber code', 'enrol: a chamber without its code');
SELECT throws_ok($$SELECT cop_alloc.enrol('cop_t_finance', 'finance', 'NORD')$$, '22023', 'party "finance" acts for no particular chamber', 'enrol: finance with a chamber code');
SELECT throws_ok($$SELECT cop_alloc.enrol('cop_t_nord', 'chamber', 'SUD')$$, '22023', 'chamber "SUD" does not exist', 'enrol: an unknown chamber');
SELECT throws_ok($$SELECT cop_alloc.enrol('cop_t_ghost', 'finance')$$, '42704', NULL, 'enrol: a role that does not exist');

SELECT lives_ok($$SELECT cop_alloc.enrol('cop_t_finance', 'finance'); SELECT cop_alloc.enrol('cop_t_finance', 'finance')$$,
                'enrol finance (twice: no error, one row)');
SELECT lives_ok($$SELECT cop_alloc.enrol('cop_t_nord', 'chamber', 'NORD')$$, 'enrol a chamber role for NORD');
SELECT results_eq($$SELECT role_name, party, chamber_code, enrolled_by = session_user FROM cop_alloc.party_member ORDER BY 1$$,
                  $$VALUES ('cop_t_finance'::text, 'finance'::text, NULL::text, true), ('cop_t_nord', 'chamber', 'NORD', true)$$,
                  'party_member holds each enrolment once, with who enrolled it');

-- the privileges an enrolment gives
SELECT table_privs_are('cop_alloc', 'exercise', 'cop_t_finance', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
                       'finance writes the exercise parameters');
SELECT table_privs_are('cop_alloc', 'indicator_result', 'cop_t_nord', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
                       'a chamber writes results (its own: row-level security)');
SELECT table_privs_are('cop_alloc', 'com_target', 'cop_t_nord', ARRAY['SELECT'], 'a chamber only reads the COM targets');
SELECT table_privs_are('cop_alloc', 'exercise', 'cop_t_nord', ARRAY['SELECT'], 'and the exercise');
SELECT schema_privs_are('cop_alloc', 'cop_t_nord', ARRAY['USAGE'], 'an enrolled role uses the schema');
SELECT schema_privs_are('cop_alloc', 'cop_t_nobody', ARRAY[]::text[], 'a role not enrolled does not');

-- require_party: who acts for whom
SELECT is(cop_alloc.require_party('finance'), session_user::text, 'a superuser acts for finance');
SELECT is(cop_alloc.require_party('chamber', 'OUEST'), session_user::text, 'and for any chamber');

SET LOCAL ROLE cop_t_alice;
SELECT is(cop_alloc.require_party('finance'), 'cop_t_alice',
          'a member of the finance role acts for finance; require_party (SECURITY DEFINER) names the caller, not its owner');
SELECT is(cop_alloc.calling_role(), 'cop_t_alice', 'calling_role() is the role set by SET ROLE');
SELECT throws_ok($$SELECT cop_alloc.require_party('ministry')$$, '42501', 'role "cop_t_alice" does not act for party "ministry"',
                 'finance does not act for the ministry');
SELECT throws_ok($$SELECT cop_alloc.require_party('chamber', 'NORD')$$, '42501', 'role "cop_t_alice" does not act for chamber "NORD"',
                 'nor for a chamber');
SELECT ok(NOT cop_alloc.acts_for('reader'), 'acts_for answers false without raising');
RESET ROLE;

SET LOCAL ROLE cop_t_bob;
SELECT is(cop_alloc.require_party('chamber', 'NORD'), 'cop_t_bob', 'a member of NORD''s role acts for NORD');
SELECT is(cop_alloc.require_party('chamber', 'NORD-ASSOC'), 'cop_t_bob', 'and for NORD-ASSOC, associated to NORD');
SELECT is(cop_alloc.require_party('chamber'), 'cop_t_bob', 'and for "some chamber"');
SELECT throws_ok($$SELECT cop_alloc.require_party('chamber', 'OUEST')$$, '42501', 'role "cop_t_bob" does not act for chamber "OUEST"',
                 'not for another chamber');
SELECT throws_ok($$SELECT cop_alloc.require_party('finance')$$, '42501', 'role "cop_t_bob" does not act for party "finance"',
                 'nor for finance');
SELECT throws_ok($$SELECT cop_alloc.require_party('chamber', 'SUD')$$, '22023', 'chamber "SUD" does not exist', 'an unknown chamber');
SELECT throws_ok($$SELECT cop_alloc.require_party('finance', 'NORD')$$, '22023', 'party "finance" acts for no particular chamber',
                 'a chamber code with another party');
SELECT throws_ok($$SELECT cop_alloc.require_party('boss')$$, '22023', 'unknown party "boss"', 'an unknown party');
RESET ROLE;

SET LOCAL ROLE cop_t_noinherit;
SELECT throws_ok($$SELECT cop_alloc.require_party('finance')$$, '42501', NULL,
                 'a NOINHERIT member acts for finance only after SET ROLE to the enrolled role');
RESET ROLE;

-- unenrol takes the privileges back
SELECT ok(cop_alloc.unenrol('cop_t_finance', 'finance'), 'unenrol finance');
SELECT ok(NOT cop_alloc.unenrol('cop_t_finance', 'finance'), 'unenrol again: false');
SELECT table_privs_are('cop_alloc', 'exercise', 'cop_t_finance', ARRAY[]::text[], 'an unenrolled role loses its privileges');
SET LOCAL ROLE cop_t_alice;
SELECT throws_ok($$SELECT cop_alloc.require_party('finance')$$, '42501', NULL, 'and its members no longer act for finance');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
