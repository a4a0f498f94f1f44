# test/shell/lib/tap.sh -- sourced by the shell tests that count their own
# TAP lines: result "description" status [diagnostic] prints "ok n" or
# "not ok n" with the diagnostic as comments; $n counts, $failed fails.
# ok status "description" is result without a diagnostic; q DB SQL runs
# SQL in database DB, unaligned, stopping at the first error.
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
