#!/bin/sh
# test/shell/demo.sh -- the quick-start demo's data and figures, in the
# cluster that PG* points to: loads demo/data.sql into a fresh database and
# checks the distribution it gives, then runs the whole demo (demo/demo.sql)
# in another database and checks that it leaves nothing behind.  Prints TAP.
set -u
cd "$(dirname "$0")/../.." || exit 1

export PGCLIENTENCODING=UTF8
db="cop_demo_$$"
db2="cop_demo_rollback_$$"
out=$(mktemp)
trap 'rm -f "$out"; dropdb --if-exists "$db" 2>/dev/null; dropdb --if-exists "$db2" 2>/dev/null' EXIT

n=0
# ok(condition-status, description)
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
	fi
}
# is(got, expected, description)
is() {
	[ "$1" = "$2" ]
	st=$?
	ok "$st" "$3"
	[ "$st" -eq 0 ] || echo "#   got '$1', expected '$2'"
}
# q(sql...): the unaligned result of the last statement, in $db
q() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@" 2>&1
}

echo "1..26"

createdb "$db" && createdb "$db2"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION cop_alloc" -f demo/data.sql >"$out" 2>&1
st=$?
ok "$st" "demo/data.sql loads into a database with the extension"
[ "$st" -eq 0 ] || sed 's/^/# /' "$out"

ncop=$(q -c "SELECT count(*) FROM cop_alloc.indicator WHERE from_cop AND national_target_2023 IS NOT NULL")
is "$(q -c "SELECT count(*) FROM cop_alloc.com_target WHERE year IN (2023, 2024)")" \
	"$((ncop * 2 * 20))" "a COM target for each of the 20 chambers, each COP indicator and each results year"

for y in 2024 2025; do
	is "$(q -c "SELECT count(*) FROM cop_alloc.allocate($y) a
	             JOIN cop_alloc.chamber c ON c.code = a.chamber_code AND c.parent_code IS NULL")" \
		18 "exercise $y: the 18 regional chambers are the recipients"
	is "$(q -c "SELECT (SELECT sum(total) FROM cop_alloc.allocate($y)) = s.allocated
	              FROM cop_alloc.summary($y) s")" \
		t "exercise $y: the chambers' totals add up to summary.allocated"
	is "$(q -c "SELECT tax_product = quote_part + allocated + reserve AND allocated > 0
	              FROM cop_alloc.summary($y)")" \
		t "exercise $y: P = Q + allocated + reserve"
	is "$(q -c "SELECT count(DISTINCT chamber_code) > 0 FROM cop_alloc.axis_deductions($y)
	             WHERE deduction > 0")" \
		t "exercise $y: at least one chamber loses money on at least one axis"
done

is "$(q -c "SELECT count(*) > 0 FROM cop_alloc.allocation_bounds(2025)
             WHERE (binding = 'lower' AND lower_source = 'tunnel')
                OR (binding = 'upper' AND upper_source = 'tunnel')")" \
	t "exercise 2025: the tunnel sets the operating part of at least one chamber"

is "$(q -c "SELECT count(*) > 0 FROM cop_alloc.allocation_bounds(2024)
             WHERE binding = 'lower' AND lower_source = 'floor'")" \
	t "exercise 2024: the overseas floor holds for at least one chamber"

# Grand Est's achievement is consolidated with Alsace and Moselle: the
# engine's figures equal the aggregate over the three chambers' summed
# targets and results, and differ from Grand Est's own.
consolidated() {
	# $1: the chambers whose rows are summed as Grand Est's
	q -c "WITH lines AS (
	        SELECT i.axis_no, i.code, i.direction, i.weight,
	               sum(t.target) AS target, sum(r.realized) AS realized
	          FROM cop_alloc.com_target t
	          JOIN cop_alloc.indicator i ON i.code = t.indicator_code
	          LEFT JOIN cop_alloc.indicator_result r USING (year, chamber_code, indicator_code)
	         WHERE t.year = 2024 AND t.chamber_code IN ($1)
	         GROUP BY 1, 2, 3, 4),
	      agg AS (
	        SELECT axis_no, cop_alloc.axis_achievement(realized, target, direction, weight) AS a
	          FROM lines GROUP BY axis_no)
	      SELECT count(*) = 6 AND bool_and(d.achievement = coalesce(agg.a, 1.000000))
	        FROM cop_alloc.axis_deductions(2025) d LEFT JOIN agg USING (axis_no)
	       WHERE d.chamber_code = 'GES'"
}
is "$(consolidated "'GES', 'ALS', 'MOS'")" t \
	"Grand Est's achievement per axis is that of Grand Est, Alsace and Moselle together"
is "$(consolidated "'GES'")" f \
	"Alsace and Moselle change Grand Est's achievement"

# Moselle meets every target of 2024: Grand Est's 2025 deduction falls,
# and no other chamber's figures move.
is "$(q -c "BEGIN" \
	-c "CREATE TEMP TABLE before AS SELECT * FROM cop_alloc.allocate(2025)" \
	-c "UPDATE cop_alloc.indicator_result r SET realized = t.target
	      FROM cop_alloc.com_target t
	     WHERE (r.year, r.chamber_code, r.indicator_code) = (t.year, t.chamber_code, t.indicator_code)
	       AND r.year = 2024 AND r.chamber_code = 'MOS'" \
	-c "SELECT string_agg(a.chamber_code, ',' ORDER BY a.chamber_code COLLATE \"C\")
	      FROM cop_alloc.allocate(2025) a JOIN before b USING (chamber_code)
	     WHERE (a.operating, a.performance_envelope, a.deduction, a.performance, a.total)
	           IS DISTINCT FROM (b.operating, b.performance_envelope, b.deduction, b.performance, b.total)" \
	-c "SELECT a.deduction < b.deduction
	      FROM cop_alloc.allocate(2025) a JOIN before b USING (chamber_code)
	     WHERE a.chamber_code = 'GES'" \
	-c "ROLLBACK" | tr '\n' ' ')" \
	"GES t " "Moselle's results change Grand Est's deduction, and only Grand Est's figures"

# 2024 is deliberated and published by demo/data.sql, without forcing;
# carry_forward(2025) makes its operating parts the bases of the 2025 tunnel
is "$(q -c "SELECT count(*) FROM cop_alloc.current_publication
             WHERE year = 2024 AND forced_reason IS NULL")" 1 \
	"the 2024 distribution is published with every approval recorded"
is "$(q -c "SELECT cardinality(f.chambers) FROM cop_alloc.carried_forward f
             JOIN cop_alloc.current_publication p ON p.publication_id = f.publication_id
             WHERE f.year = 2025 AND p.year = 2024")" 18 \
	"the 2024 publication is carried forward into exercise 2025, recorded"
is "$(q -c "SELECT count(*) FROM cop_alloc.allocation_bounds(2025) b
             JOIN cop_alloc.published_operating p ON p.year = 2024 AND p.chamber_code = b.chamber_code
             JOIN cop_alloc.exercise e ON e.year = 2025
             WHERE b.upper_source = 'tunnel'
               AND b.upper_bound = round(p.operating * (1 + e.max_increase_pct), 2)")" 18 \
	"the published 2024 operating parts are the bases of the 2025 tunnel"

is "$(q -c "SELECT count(*) FROM pg_class WHERE relname = 'demo_chamber'")" 0 \
	"demo/data.sql drops its work table"

# the whole demo, as run against an existing server: one transaction, rolled back
psql -X -v ON_ERROR_STOP=1 -d "$db2" -f demo/demo.sql >"$out" 2>&1
st=$?
ok "$st" "demo/demo.sql runs in an existing database"
[ "$st" -eq 0 ] || sed 's/^/# /' "$out" | head -20
is "$(grep -c '^ oui  *| oui  *| oui' "$out")" 2 "the demo's checks print 'oui' for both exercises"
# each chamber's 2025 total, as computed from the data loaded above, is on its line of the demo
found=0
for line in $(q -c "SELECT chamber_code || ':' || total FROM cop_alloc.allocate(2025)"); do
	grep -q "^ ${line%%:*} .*| *${line#*:} |" "$out" && found=$((found + 1))
done
is "$found" 18 "the demo prints the same totals as the data loaded on its own (deterministic data)"
grep -q "^Publication [0-9]* : le run [0-9]* est la répartition publiée de 2025" "$out" &&
	grep -q "^motif *| Part de fonctionnement : 11 763 631,60 € .*relevée à la borne basse du tunnel" "$out"
ok "$?" "the demo deliberates, publishes and explains 2025 (PAC held by the tunnel's lower bound)"
is "$(grep -c '^ 2025-0[23]-[0-9]* | grant ' "$out")" 2 "the demo's reserve ledger shows its two grants"
is "$(psql -X -At -d "$db2" -c "SELECT count(*) FROM pg_extension WHERE extname = 'cop_alloc'")" 0 \
	"the demo leaves nothing behind in an existing database"

psql -X -v ON_ERROR_STOP=1 -d "$db" -f demo/demo.sql >"$out" 2>&1
st=$?
[ "$st" -ne 0 ] && grep -q 'would clash with data already in this database' "$out"
ok "$?" "the demo refuses a database that already holds its chambers and exercises"
