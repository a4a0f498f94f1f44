# test/shell/lib/tap.sh -- sourced by the shell tests that count their own
# TAP lines: result "description" status [diagnostic] prints "ok n" or
# "not ok n" with the diagnostic as comments; $n counts, $failed fails.
n=0
failed=0
result() { # result "description" status [diagnostic]
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		printf '%s\n' "${3:-}" | sed 's/^/# /' | head -20
		failed=$((failed + 1))
	fi
}
