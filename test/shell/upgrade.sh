#!/bin/sh
# upgrade.sh -- the release path: a database made under 0.1.0 (data, runs,
# publications, grants), updated by ALTER EXTENSION cop_alloc UPDATE, keeps
# every row and every figure, and its catalogue of the extension equals a
# fresh install of the current version (test/upgrade/catalogue.sql: every
# table, column, type, default, constraint, index, view, function with its
# settings, trigger, policy, comment and privilege).  pg_dump / pg_restore
# of the updated database gives the same rows and figures again.  Prints
# TAP; uses the cluster of the PG* variables.
set -u
cd "$(dirname "$0")/../.."
old=cop_upg_old
new=cop_upg_fresh
dst=cop_upg_restored
from=0.1.0
to=$(sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" cop_alloc.control)
. test/shell/lib/tap.sh
scratch "$old $new $dst"
f() { psql -X -q -v ON_ERROR_STOP=1 -d "$1" -f "$2"; }
# diff_ok FILE_A FILE_B DESCRIPTION: ok when equal, else the first differences as comments
diff_ok() {
	if diff -u "$1" "$2" >"$tmp/diff"; then ok 0 "$3"; else ok 1 "$3"; head -60 "$tmp/diff" | sed 's/^/# /'; fi
}

# rows DB OUT: count and md5 of every table of 0.1.0, over its 0.1.0 columns.
# exercise_chamber.previous_operating is read as the base 0.1.0's engine
# used (the operating part published for year - 1 where it was NULL and a
# tunnel was set), which the update writes into the column.
implied_base='coalesce(previous_operating, (SELECT po.operating FROM cop_alloc.published_operating po JOIN cop_alloc.exercise e ON e.year = exercise_chamber.year WHERE po.year = e.year - 1 AND po.chamber_code = exercise_chamber.chamber_code AND (e.max_decrease_pct IS NOT NULL OR e.max_increase_pct IS NOT NULL))) AS previous_operating'
rows() {
	while IFS='|' read -r table cols; do
		[ "$table" = exercise_chamber ] && cols=$(echo "$cols" | sed "s/previous_operating/$implied_base/")
		printf '%s ' "$table"
		q "$1" "SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE \"C\"), ''))
		          FROM (SELECT $cols FROM cop_alloc.$table) t"
	done <"$tmp/columns" >"$2"
}

createdb $old && createdb $new && createdb $dst

# ---- a 0.1.0 database with its legal history --------------------------
q $old "CREATE EXTENSION cop_alloc VERSION '$from'" >/dev/null
test "$(q $old "SELECT extversion FROM pg_extension WHERE extname = 'cop_alloc'")" = "$from"
ok $? "CREATE EXTENSION cop_alloc VERSION '$from' installs the frozen $from script"
f $old test/upgrade/data-0.1.0.sql >"$tmp/load.out" 2>&1
ok $? "the $from data loads: exercises 2024 and 2025 run, voted, approved, published, with grants"
[ $? = 0 ] || sed 's/^/# /' "$tmp/load.out" | head -20
# a 0.1.0 database runs on the new library until it is updated: every C
# function its script declares must still be exported, with its info record
q $old "SELECT p.prosrc FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
         WHERE l.lanname = 'c' AND p.pronamespace = 'cop_alloc'::regnamespace ORDER BY 1" >"$tmp/symbols"
nm -D --defined-only "$(pg_config --pkglibdir)/cop_alloc.so" | awk '{ print $NF }' >"$tmp/exported"
missing=""
while read -r sym; do
	grep -qx "$sym" "$tmp/exported" && grep -qx "pg_finfo_$sym" "$tmp/exported" || missing="$missing $sym"
done <"$tmp/symbols"
test -s "$tmp/symbols" && test -z "$missing"
ok $? "the library still exports the $(wc -l <"$tmp/symbols") C functions of $from${missing:+ (missing:$missing)}"
q $old "SELECT c.relname, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
          FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE c.relnamespace = 'cop_alloc'::regnamespace AND c.relkind IN ('r', 'p')
         GROUP BY c.relname ORDER BY c.relname COLLATE \"C\"" >"$tmp/columns"
test "$(wc -l <"$tmp/columns")" -ge 19
ok $? "$from has its $(wc -l <"$tmp/columns") tables"
rows $old "$tmp/rows.before"
f $old test/upgrade/figures.sql >"$tmp/figures.before" 2>&1 &&
	test "$(grep -c '^published|2025|' "$tmp/figures.before")" = 18 && test "$(grep -c '^ledger|2025|' "$tmp/figures.before")" -ge 3
ok $? "$from gives the figures of 2024 and 2025, published lines and ledger included"

# ---- ALTER EXTENSION UPDATE --------------------------------------------
q $old "ALTER EXTENSION cop_alloc UPDATE" >"$tmp/update.out" 2>&1
ok $? "ALTER EXTENSION cop_alloc UPDATE from $from"
[ -s "$tmp/update.out" ] && sed 's/^/# /' "$tmp/update.out" | head -20
test "$(q $old "SELECT extversion || ' ' || extnamespace::regnamespace FROM pg_extension WHERE extname = 'cop_alloc'")" = "$to cop_alloc"
ok $? "the extension is at $to, registered in schema cop_alloc"
test "$(q $old "SELECT string_agg(year || ':' || deliberated_on, ' ' ORDER BY publication_id) FROM cop_alloc.publication")" = "2024:2023-11-28 2025:2024-11-26"
ok $? "the $from publications are dated by the general assembly's meetings (publication.deliberated_on)"
test "$(q $old "SELECT string_agg(r.year || ' ' || d.authorized_pct || ' ' || (d.decided_on <= ALL (SELECT x.ran_at::date FROM cop_alloc.run x WHERE x.year = r.year)), ', ' ORDER BY r.year)
                FROM cop_alloc.authorisation_request r JOIN cop_alloc.authorisation_decision d USING (request_id)")" = "2024 0.65 true, 2025 0.6125 true"
ok $? "$from's minister_authorized becomes an express authorisation of 2024 (0.65) and 2025 (0.6125), dated by their first runs at the latest"
test "$(psql -X -q -At -v ON_ERROR_STOP=1 -d $old -c "BEGIN" -c "SELECT cop_alloc.run(2025) > 0" -c "ROLLBACK")" = t
ok $? "the updated database runs 2025 again: the recorded authorisation covers its 0.6125"
test "$(q $old "SELECT (SELECT count(*) FILTER (WHERE cop_alloc.verify_run(r.run_id)) || '/' || count(*) FROM cop_alloc.run r)
                       || ' ' || (SELECT string_agg(y.year || ':' || y.inputs_changed, ' ' ORDER BY y.year) FROM cop_alloc.published_year y)")" = \
	"$(q $old "SELECT count(*) || '/' || count(*) FROM cop_alloc.run") 2024:false 2025:false"
ok $? "every $from run still matches its stored inputs (fingerprint format 1), and no published year reads as changed"
test "$(psql -X -q -At -v ON_ERROR_STOP=1 -d $old <<'EOF'
BEGIN;
SELECT cop_alloc.run(2025) AS new_run \gset
SELECT count(*) || ' ' || (SELECT count(*) FROM cop_alloc.run_input WHERE run_id = :new_run AND kind = 'chamber_inputs')
  FROM cop_alloc.diff_runs((SELECT max(run_id) FROM cop_alloc.run WHERE year = 2025 AND engine_version = '0.1.0'), :new_run);
ROLLBACK;
EOF
)" = "0 20"
ok $? "a new run of 2025 stores one input row per chamber (18 regional, 2 associated), and diff_runs finds nothing changed since $from's run"
test "$(q $old "SELECT string_agg(a.act_id || ' ' || a.kind || ' ' || a.applies_from, ', ') FROM cop_alloc.cop_act a")
      $(q $old "SELECT (SELECT count(*) FROM cop_alloc.catalogue_in_force(2024) f
                          JOIN cop_alloc.indicator i USING (code, axis_no, direction, weight) WHERE f.act_id = 1)
                       = (SELECT count(*) FROM cop_alloc.indicator)
                   AND EXISTS (SELECT FROM cop_alloc.indicator)")" = "1 signature 2023
      t"
ok $? "the update records the signed COP as act 1: the catalogue in force is the installed one"
rows $old "$tmp/rows.after"
diff_ok "$tmp/rows.before" "$tmp/rows.after" "every row of every $from table is still there, unchanged (the bases of 2025 carried forward)"
test "$(q $old "SELECT f.year || ' ' || cardinality(f.chambers) || ' ' || f.how || ' ' || (p.year = 2024)
                  FROM cop_alloc.carried_forward f JOIN cop_alloc.current_publication p USING (publication_id, run_id)")" = \
	"2025 18 update 0.1.0 to 0.2.0 true" &&
	test "$(q $old "SELECT count(*) FROM cop_alloc.exercise_chamber ec JOIN cop_alloc.published_operating po
	                 ON po.year = 2024 AND po.chamber_code = ec.chamber_code
	                 WHERE ec.year = 2025 AND ec.previous_operating = po.operating")" = 18
ok $? "the update writes the 2024 published operating parts into 2025's previous_operating, recorded as its own step"
f $old test/upgrade/figures.sql >"$tmp/figures.after" 2>&1
diff_ok "$tmp/figures.before" "$tmp/figures.after" "allocate, axis_deductions, summary, published lines and ledger give the same figures"

# ---- the same database as a fresh install -------------------------------
q $new "CREATE EXTENSION cop_alloc" >/dev/null
f $old test/upgrade/catalogue.sql >"$tmp/catalogue.updated" 2>&1
f $new test/upgrade/catalogue.sql >"$tmp/catalogue.fresh" 2>&1 &&
	! grep -q ERROR "$tmp/catalogue.fresh" "$tmp/catalogue.updated" &&
	test "$(wc -l <"$tmp/catalogue.fresh")" -gt 500
ok $? "the catalogue description covers the extension ($(wc -l <"$tmp/catalogue.fresh") lines)"
diff_ok "$tmp/catalogue.fresh" "$tmp/catalogue.updated" "the updated catalogue equals a fresh $to install (- fresh, + updated)"

# ---- pg_dump / pg_restore of the updated database ----------------------
pg_dump -Fc -f "$tmp/dump" $old
ok $? "pg_dump of the updated database"
pg_restore -d $dst "$tmp/dump" 2>"$tmp/restore.err"
ok $? "pg_restore into an empty database"
[ -s "$tmp/restore.err" ] && sed 's/^/# /' "$tmp/restore.err" | head -20
rows $dst "$tmp/rows.restored"
diff_ok "$tmp/rows.before" "$tmp/rows.restored" "the restored database holds the same rows"
f $dst test/upgrade/figures.sql >"$tmp/figures.restored" 2>&1
diff_ok "$tmp/figures.before" "$tmp/figures.restored" "the restored database gives the same figures"
f $dst test/upgrade/catalogue.sql >"$tmp/catalogue.restored" 2>&1
diff_ok "$tmp/catalogue.fresh" "$tmp/catalogue.restored" "the restored catalogue equals a fresh $to install"
echo "1..$n"
