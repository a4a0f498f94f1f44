#!/bin/sh
# test/suites.sh -- run every suite against the cluster that PG* points to
# (test/run.sh starts a throw-away one) and print one closing line,
# "N passed, M failed", counting every test case of every suite.
set -u
cd "$(dirname "$0")/.."

passed=0
failed=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# count(name, passes, failures)
count() {
	passed=$((passed + $2))
	failed=$((failed + $3))
	printf '%-34s %4d passed, %d failed\n' "$1" "$2" "$3"
}

# TAP output on stdin -> "passes failures" (a short or missing plan fails)
tap_count() {
	awk '
		/^ok /      { ok++ }
		/^not ok /  { nok++ }
		/^1\.\.[0-9]+/ { split($0, a, /\.\./); plan = a[2] + 0 }
		END {
			if (plan == 0 || ok + nok != plan) nok++
			print ok + 0, nok + 0
		}'
}

echo "== core unit tests (address and undefined-behaviour sanitizers)"
if make -s test/core/test_core >"$log/core.build" 2>&1; then
	./test/core/test_core >"$log/core.tap" 2>&1
	grep -E '^not ok|^#' "$log/core.tap" | head -40
	set -- $(tap_count <"$log/core.tap")
	count "core unit tests" "$1" "$2"
else
	cat "$log/core.build"
	count "core unit tests (build)" 0 1
fi

echo "== core under libFuzzer (fixed seed, bounded runs)"
if make -s test/core/fuzz_core >"$log/fuzz.build" 2>&1 &&
	./test/core/fuzz_core -runs=200000 -seed=1 -max_len=2048 \
		-artifact_prefix="$log/" >"$log/fuzz.out" 2>&1; then
	count "core fuzzing (200000 runs)" 1 0
else
	tail -30 "$log/fuzz.build" "$log/fuzz.out"
	count "core fuzzing (200000 runs)" 0 1
fi

echo "== pg_regress"
make -s installcheck >"$log/regress.out" 2>&1
cat "$log/regress.out" | grep -E '^(test|ok|not ok| ) |FAILED|failed|passed' | head -60
ok=$(grep -cE '^ok |^test .* \.\.\. ok|^     [a-z_]+ +\.\.\. ok' "$log/regress.out")
nok=$(grep -cE '^not ok |\.\.\. FAILED' "$log/regress.out")
[ "$ok" -eq 0 ] && [ "$nok" -eq 0 ] && nok=1
[ "$nok" -gt 0 ] && [ -f regression.diffs ] && head -80 regression.diffs
count "pg_regress" "$ok" "$nok"

echo "== pgTAP"
createdb cop_tap
psql -X -q -v ON_ERROR_STOP=1 -d cop_tap \
	-c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION cop_alloc" >/dev/null
pg_prove -d cop_tap test/*.sql >"$log/pgtap.out" 2>&1
grep -vE '^test/.*\.\. ok$' "$log/pgtap.out" | head -60
tests=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\),.*/\1/p' "$log/pgtap.out")
bad=$(awk '/Failed [0-9]+\/[0-9]+ subtests/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\/[0-9]+$/) { split($i, a, "/"); s += a[1] } } END { print s + 0 }' "$log/pgtap.out")
dubious=$(grep -c 'Dubious\|No plan found\|Bad plan' "$log/pgtap.out")
tests=${tests:-0}
bad=$((bad + dubious))
[ "$tests" -eq 0 ] && bad=$((bad + 1))
count "pgTAP" "$((tests - (bad > tests ? tests : bad)))" "$bad"
dropdb cop_tap

for t in test/shell/*.sh; do
	[ -f "$t" ] || continue
	echo "== $t"
	sh "$t" >"$log/shell.tap" 2>&1
	grep -E '^not ok|^#' "$log/shell.tap" | head -20
	set -- $(tap_count <"$log/shell.tap")
	count "$t" "$1" "$2"
done

echo
echo "$passed passed, $failed failed"
[ -n "${COP_TEST_SUMMARY:-}" ] && echo "$passed passed, $failed failed" >"$COP_TEST_SUMMARY"
[ "$failed" -eq 0 ]
