#!/bin/sh
# test/run.sh -- `make test`: every test of cop_alloc in a throw-away
# PostgreSQL cluster.  Installs what is missing (scripts/install-deps.sh),
# builds and installs the extension, then runs test/suites.sh inside
# pg_virtualenv: the core's unit tests, pg_regress, isolation, pgTAP and
# the shell tests.  Ends with "N passed, M failed".
set -eu
cd "$(dirname "$0")/.."

sh scripts/build-install.sh test

# pg_virtualenv reports the cluster's removal after the suites end: the
# closing "N passed, M failed" line is printed again as the very last one.
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
export COP_TEST_SUMMARY="$summary"
set +e
if [ "$(id -u)" -eq 0 ]; then
	pg_virtualenv -t -v 15 sh test/suites.sh
else
	pg_virtualenv -v 15 sh test/suites.sh
fi
rc=$?
set -e
if [ -s "$summary" ]; then
	cat "$summary"
else
	echo "0 passed, 1 failed"
	[ "$rc" -ne 0 ] || rc=1
fi
exit "$rc"
