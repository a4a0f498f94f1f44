#!/bin/sh
# test/run.sh -- `make test`: every test of cop_alloc in a throw-away
# PostgreSQL cluster.  Installs what is missing (scripts/install-deps.sh),
# builds and installs the extension, then runs test/suites.sh inside
# pg_virtualenv: the core's unit tests, pg_regress, isolation, pgTAP and
# the shell tests.  Ends with "N passed, M failed".
set -eu
cd "$(dirname "$0")/.."

sh scripts/install-deps.sh
make -s
if [ "$(id -u)" -eq 0 ]; then
	make -s install >/dev/null
elif ! cmp -s cop_alloc.so "$(pg_config --pkglibdir)/cop_alloc.so" 2>/dev/null; then
	echo "cop_alloc is built but not installed: run 'sudo make install', then 'make test' again." >&2
	exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
	exec pg_virtualenv -t -v 15 sh test/suites.sh
else
	exec pg_virtualenv -v 15 sh test/suites.sh
fi
