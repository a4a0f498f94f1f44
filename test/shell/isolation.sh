#!/bin/sh
# test/shell/isolation.sh -- the concurrency tests of cop_alloc: each spec of
# test/isolation/specs/ runs under pg_isolation_regress against the cluster
# that PG* points to, in a database of its own (created here, with
# CREATE EXTENSION cop_alloc, dropped afterwards), and its output is
# compared with test/isolation/expected/.  Prints TAP: one line per spec.
set -u
cd "$(dirname "$0")/../.."

regress="$(pg_config --pkglibdir)/pgxs/src/test/isolation/pg_isolation_regress"
specs=$(ls test/isolation/specs/*.spec 2>/dev/null)
n=$(echo "$specs" | grep -c .)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "1..$n"
if [ ! -x "$regress" ]; then
	i=0
	for spec in $specs; do
		i=$((i + 1))
		echo "not ok $i - $(basename "$spec" .spec) # pg_isolation_regress not found at $regress"
	done
	exit 1
fi

i=0
failed=0
for spec in $specs; do
	i=$((i + 1))
	name=$(basename "$spec" .spec)
	db="cop_isolation_$name"
	dropdb --if-exists "$db" >/dev/null 2>&1
	if ! createdb "$db" >"$out/$name.setup" 2>&1 ||
	   ! psql -X -q -v ON_ERROR_STOP=1 -d "$db" \
	        -c "CREATE EXTENSION IF NOT EXISTS cop_alloc" >>"$out/$name.setup" 2>&1; then
		echo "not ok $i - isolation $name (database setup)"
		sed 's/^/# /' "$out/$name.setup" | head -20
		failed=$((failed + 1))
		continue
	fi
	if "$regress" --use-existing --dbname="$db" --inputdir=test/isolation \
	       --outputdir="$out/$name" "$name" >"$out/$name.log" 2>&1; then
		echo "ok $i - isolation $name"
	else
		echo "not ok $i - isolation $name"
		if [ -f "$out/$name/regression.diffs" ]; then
			sed 's/^/# /' "$out/$name/regression.diffs" | head -80
		else
			sed 's/^/# /' "$out/$name.log" | head -40
		fi
		failed=$((failed + 1))
	fi
	dropdb --if-exists "$db" >/dev/null 2>&1
done
[ "$failed" -eq 0 ]
