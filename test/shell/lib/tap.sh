# test/shell/lib/tap.sh -- sourced by the shell tests that count their own
# TAP lines: result "description" status [diagnostic] prints "ok n" or
# "not ok n" with the diagnostic as comments; $n counts, $failed fails.
# ok status "description" is result without a diagnostic; q DB SQL runs
# SQL in database DB, unaligned, stopping at the first error; scratch
# "DATABASES" ["ROLES"] makes $tmp, a new temporary directory, and drops
# the databases and roles named, now and when the test exits.
n=0
failed=0
result() { # result "description" status [diagnostic]
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		[ -z "${3:-}" ] || printf '%s\n' "$3" | sed 's/^/# /' | head -20
		failed=$((failed + 1))
	fi
}
ok() { # ok status "description"
	result "$2" "$1"
}
q() { # q database sql
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}
scratch() { # scratch "databases" ["roles"]
	scratch_databases=$1
	scratch_roles=${2:-}
	scratch_clean
	tmp=$(mktemp -d)
	trap scratch_clean EXIT
}
scratch_clean() {
	[ -z "${tmp:-}" ] || rm -rf "$tmp"
	for d in $scratch_databases; do dropdb --if-exists "$d" 2>/dev/null; done
	for r in $scratch_roles; do psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" 2>/dev/null; done
}
