#!/bin/sh
# cop_versions_restore.sh -- the acts of the COP survive pg_dump /
# pg_restore: the signed COP (act 1, installed by CREATE EXTENSION) once,
# a later act, the indicator it added (an impact one) and the one it
# withdrew, the act numbers going on, and the catalogue in force the same.
# Prints TAP; uses the cluster of the PG* variables.
set -u
. test/shell/lib/tap.sh
scratch "cop_versions_a cop_versions_b"
createdb cop_versions_a && createdb cop_versions_b
q cop_versions_a "CREATE EXTENSION cop_alloc;
                  SELECT cop_alloc.record_cop_act('avenant', 'Avenant n° 1', '2023-12-20', 2024, 'Indicateurs d’impact');
                  SELECT cop_alloc.record_indicator_version(2, 'cop.imp.1', 'added', axis_no => 1, impact => true,
                                                            label => 'Impact', national_target => 10, target_year => 2024);
                  SELECT cop_alloc.record_indicator_version(2, 'cop.1.1', 'withdrawn');" >/dev/null
result "an avenant adds an impact indicator and withdraws another" $?
state() {
	q "$1" "SELECT string_agg(act_id || ' ' || kind, ', ' ORDER BY act_id) FROM cop_alloc.cop_act;
	        SELECT string_agg(code || ' ' || change || ' ' || impact, ', ' ORDER BY code) FROM cop_alloc.cop_indicator_version;
	        SELECT md5(string_agg(f::text, ',' ORDER BY f.code)) FROM cop_alloc.catalogue_in_force(2024) f;
	        SELECT md5(string_agg(f::text, ',' ORDER BY f.code)) FROM cop_alloc.catalogue_in_force(2023) f;"
}
state cop_versions_a >"$tmp/before"
pg_dump -Fc -f "$tmp/dump" cop_versions_a 2>/dev/null && pg_restore -d cop_versions_b "$tmp/dump" 2>"$tmp/restore.err"
result "pg_dump / pg_restore" $?
[ -s "$tmp/restore.err" ] && sed 's/^/# /' "$tmp/restore.err" | head -10
state cop_versions_b >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after" && grep -q '^1 signature, 2 avenant$' "$tmp/after"
result "the acts, the definitions they set and the catalogue in force are restored, act 1 once" $?
diff "$tmp/before" "$tmp/after" | sed 's/^/# /'
test "$(q cop_versions_b "SELECT cop_alloc.record_cop_act('revoyure', 'Revoyure', '2025-01-10', 2025, 'Révision')")" = 3
result "the next act of the restored database is act 3" $?
echo "1..$n"
