#!/bin/sh
# parties_restore.sh -- enrolments survive pg_dump / pg_restore: the roles
# exist in the cluster (pg_dumpall --globals-only), cop_alloc.party_member
# is dumped, and reloading it grants each role its party's privileges
# again.  Prints TAP; uses the cluster of the PG* variables.
set -u
cd "$(dirname "$0")/../.."
. test/shell/lib/tap.sh
scratch "cop_parties_a cop_parties_b" "cop_restore_fin cop_restore_nord"
psql -X -q -d postgres -c "CREATE ROLE cop_restore_fin NOLOGIN" -c "CREATE ROLE cop_restore_nord NOLOGIN" >/dev/null
createdb cop_parties_a && createdb cop_parties_b
q cop_parties_a "CREATE EXTENSION cop_alloc;
                 INSERT INTO cop_alloc.chamber (code, name) VALUES ('NORD', 'Nord');
                 SELECT cop_alloc.enrol('cop_restore_fin', 'finance');
                 SELECT cop_alloc.enrol('cop_restore_nord', 'chamber', 'NORD');" >/dev/null
ok $? "two roles enrolled"
pg_dump -Fc -f "$tmp/dump" cop_parties_a 2>/dev/null && pg_restore -d cop_parties_b "$tmp/dump" 2>"$tmp/restore.err"
ok $? "pg_dump / pg_restore"
[ -s "$tmp/restore.err" ] && sed 's/^/# /' "$tmp/restore.err" | head -10
test "$(q cop_parties_b "SELECT string_agg(role_name || ':' || party || ':' || coalesce(chamber_code, '-'), ' ' ORDER BY role_name)
                          FROM cop_alloc.party_member")" = "cop_restore_fin:finance:- cop_restore_nord:chamber:NORD"
ok $? "the enrolments are restored"
test "$(q cop_parties_b "SELECT has_function_privilege('cop_restore_fin', 'cop_alloc.run(int, text)', 'EXECUTE')
                           AND has_table_privilege('cop_restore_fin', 'cop_alloc.exercise', 'UPDATE')
                           AND has_table_privilege('cop_restore_nord', 'cop_alloc.indicator_result', 'INSERT')
                           AND NOT has_function_privilege('cop_restore_nord', 'cop_alloc.run(int, text)', 'EXECUTE')")" = t
ok $? "and so are their privileges, no more"
test "$(q cop_parties_b "SET ROLE cop_restore_nord; SELECT cop_alloc.require_party('chamber', 'NORD')")" = cop_restore_nord
ok $? "the chamber's role acts for NORD in the restored database"
echo "1..$n"
