#!/bin/sh
# dump_restore.sh -- user data in the extension's tables survives pg_dump /
# pg_restore (pg_extension_config_dump), and the rows installed from the
# COP are not duplicated.  Prints TAP; uses the cluster of the PG* variables.
set -u
cd "$(dirname "$0")/../.."
src=cop_dump_src
dst=cop_dump_dst
. test/shell/lib/tap.sh
scratch "$src $dst"

createdb $src && createdb $dst
q $src "CREATE EXTENSION cop_alloc" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d $src -f test/fixtures/example.sql >/dev/null
# a parent renamed after its child was inserted: the child's row now comes
# first in the table, as pg_dump will write it
q $src "UPDATE cop_alloc.chamber SET name = name || ' (renamed)' WHERE code = 'NORD'"
q $src "INSERT INTO cop_alloc.indicator (code, axis_no, label) VALUES ('USER1', 2, 'a user indicator')"
# a COP row edited by a user: its new weight changes the figures
q $src "UPDATE cop_alloc.indicator SET weight = 3, label = label || ' (révisé)' WHERE code = 'cop.6.1'"
q $src "UPDATE cop_alloc.axis SET title = 'Transition écologique et énergétique' WHERE axis_no = 1"
q $src "SELECT * FROM cop_alloc.allocate(2025)" >"$tmp/before"
q $src "SELECT count(*) FROM cop_alloc.indicator" >"$tmp/ind_before"

pg_dump -Fc -f "$tmp/dump" $src
ok $? "pg_dump of a database using cop_alloc"
pg_restore -d $dst "$tmp/dump" 2>"$tmp/restore.err"
ok $? "pg_restore into an empty database"
[ -s "$tmp/restore.err" ] && sed 's/^/# /' "$tmp/restore.err"
q $dst "SELECT * FROM cop_alloc.allocate(2025)" >"$tmp/after" 2>&1
cmp -s "$tmp/before" "$tmp/after"
ok $? "the restored database gives the same distribution to the cent"
q $dst "SELECT count(*) FROM cop_alloc.indicator" >"$tmp/ind_after"
cmp -s "$tmp/ind_before" "$tmp/ind_after"
ok $? "indicators: the COP's catalogue once, the user's own rows kept"
test "$(q $dst "SELECT count(*) FROM cop_alloc.axis")" = 6
ok $? "the six COP axes once"
test "$(q $dst "SELECT parent_code FROM cop_alloc.chamber WHERE code = 'NORD-ASSOC'")" = NORD
ok $? "the association of NORD-ASSOC to NORD survives, its parent dumped after it"
test "$(q $dst "SELECT label FROM cop_alloc.indicator WHERE code = 'USER1'")" = "a user indicator"
ok $? "a user's own indicator survives"
test "$(q $dst "SELECT weight || ' ' || (label LIKE '%(révisé)') FROM cop_alloc.indicator WHERE code = 'cop.6.1'")" = "3 true"
ok $? "a COP indicator edited by a user comes back as edited"
test "$(q $dst "SELECT title FROM cop_alloc.axis WHERE axis_no = 1")" = "Transition écologique et énergétique"
ok $? "a COP axis edited by a user comes back as edited"
test "$(q $dst "SELECT count(*) FILTER (WHERE from_cop) || ' ' || count(*) FROM cop_alloc.objective")" = "13 13"
ok $? "the COP objectives once, still marked as the COP's"
echo "1..$n"
