#!/bin/sh
# interrupts.sh -- statement_timeout, pg_cancel_backend and
# pg_terminate_backend stop the engine within a bound on the largest inputs
# it is built for: allocate over 10^5 chambers, the inputs a run records
# of them (hashed by fingerprint), what run() computes and stores of them
# in one read (run_lines: the lines, the record, its documents stored),
# simulate_many over 10^5
# scenarios, apportion over 5 x 10^6 weights (plain and bounded).  Each
# is computed four or five times over, so that even a fast machine takes
# seconds to complete it, well past the 700 ms timeout and the cancel sent
# after 500 ms; interrupted, it must stop well within a second.  The
# bound is on the latency of the interrupt, never on speed.
# Prints TAP; uses the cluster of the PG* variables.
set -u
cd "$(dirname "$0")/../.."
db=cop_interrupts
. test/shell/lib/tap.sh
scratch $db
now_ms() { echo $(($(date +%s%N) / 1000000)); }

createdb $db
psql -X -q -v ON_ERROR_STOP=1 -d $db -c "CREATE EXTENSION cop_alloc" >/dev/null
# exercise 2025: 10^5 regional chambers with a tunnel (bounded water-filling),
# one indicator each; exercise 2026: 18 chambers, for the scenarios
psql -X -q -v ON_ERROR_STOP=1 -d $db >/dev/null <<'SQL'
INSERT INTO cop_alloc.indicator (code, axis_no, label) VALUES ('int.1', 1, 'interrupt test');
INSERT INTO cop_alloc.chamber (code, name)
SELECT 'C' || lpad(i::text, 6, '0'), 'chamber ' || i FROM generate_series(1, 100000) i;
INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct, minister_authorized,
                                max_decrease_pct, max_increase_pct, missing_result)
VALUES (2025, 9000000000.00, 900000000.00, 0.6125, true, 0.05, 0.05, 'zero'),
       (2026, 1000000.00, 100000.00, 0.5, false, NULL, NULL, 'error');
INSERT INTO cop_alloc.exercise_axis SELECT y, axis_no, cop_weight
  FROM cop_alloc.axis, generate_series(2025, 2026) y WHERE from_cop;
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis, previous_operating)
SELECT 2025, 'C' || lpad(i::text, 6, '0'), 1000 + i % 997,
       round(49612.5 * (1000 + i % 997) / 1498 * (0.9 + (i % 13) / 50.0), 2)
  FROM generate_series(1, 100000) i;
INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis)
SELECT 2026, 'C' || lpad(i::text, 6, '0'), 1000 + i FROM generate_series(1, 18) i;
INSERT INTO cop_alloc.com_target
SELECT y - 1, 'C' || lpad(i::text, 6, '0'), 'int.1', 100
  FROM generate_series(2025, 2026) y, generate_series(1, 100000) i WHERE y = 2025 OR i <= 18;
INSERT INTO cop_alloc.indicator_result
SELECT y - 1, 'C' || lpad(i::text, 6, '0'), 'int.1', 50 + i % 60
  FROM generate_series(2025, 2026) y, generate_series(1, 100000) i WHERE y = 2025 OR i <= 18;
ANALYZE;
SQL

cat >"$tmp/queries" <<'SQL'
allocate over 10^5 chambers|SELECT count(*), sum(a.total) FROM generate_series(1, 5) g, LATERAL cop_alloc.allocate(2025 + 0 * g) a
the inputs of a run over 10^5 chambers|SELECT count(cop_alloc.fingerprint(2025 + 0 * g)) FROM generate_series(1, 5) g
what a run computes and records over 10^5 chambers|SELECT count(*) FROM generate_series(1, 4) g, LATERAL cop_alloc.run_lines(2025 + 0 * g) l
simulate_many over 10^5 scenarios|SELECT count(*) FROM generate_series(1, 4) r, LATERAL cop_alloc.simulate_many(2026 + 0 * r, ARRAY(SELECT ROW(g::text, jsonb_build_object('operating_pct', 0.3 + (g % 100) / 1000.0))::cop_alloc.scenario FROM generate_series(1, 100000) g)) s
apportion over 5 x 10^6 weights|SELECT sum(cardinality(cop_alloc.apportion(1000000000 + 0 * r, w.a))) FROM (SELECT array_fill(1.5::numeric, ARRAY[5000000]) AS a) w, generate_series(1, 4) r
bounded apportion over 5 x 10^6 weights|SELECT sum(cardinality(cop_alloc.apportion(1000000000 + 0 * r, w.a, '{}', '{}'))) FROM (SELECT array_fill(1.5::numeric, ARRAY[5000000]) AS a) w, generate_series(1, 4) r
SQL

# run(sql, statement_timeout) -> prints "elapsed_ms first-line-of-output"
run() {
	s=$(now_ms)
	out=$(PGOPTIONS="-c statement_timeout=$2" psql -X -q -At -v VERBOSITY=verbose -d $db -c "$1" 2>&1 | head -1)
	e=$(now_ms)
	echo "$((e - s)) $out"
}

while IFS='|' read -r name sql; do
	# at the start and in the middle of the computation
	for t in 100 700; do
		set -- $(run "$sql" "${t}ms")
		ms=$1
		shift
		echo "# $name, statement_timeout ${t}ms: ${ms} ms: $*"
		case "$*" in *57014*) r=0 ;; *) r=1 ;; esac
		[ "$ms" -lt $((t + 900)) ] || r=1
		ok $r "$name: statement_timeout = ${t}ms raises 57014 within $((t + 900)) ms"
	done

	# pg_cancel_backend, then pg_terminate_backend, from a second session
	for how in cancel terminate; do
		PGAPPNAME="cop_interrupt_$how" psql -X -q -At -v VERBOSITY=verbose -d $db -c "$sql" >"$tmp/out" 2>&1 &
		bg=$!
		sleep 0.5
		s=$(now_ms)
		psql -X -q -At -d $db -c "SELECT pg_${how}_backend(pid) FROM pg_stat_activity WHERE application_name = 'cop_interrupt_$how'" >"$tmp/sig"
		wait $bg
		e=$(now_ms)
		want=57014
		[ $how = terminate ] && want=57P01
		echo "# $name, pg_${how}_backend: $((e - s)) ms: $(head -1 "$tmp/out")"
		r=0
		grep -q "^t$" "$tmp/sig" || r=1
		grep -q "$want" "$tmp/out" || r=1
		[ $((e - s)) -lt 1000 ] || r=1
		ok $r "$name: pg_${how}_backend from another session stops it ($want) within 1000 ms"
	done
done <"$tmp/queries"
echo "1..$n"
