#!/bin/sh
# demo/explore.sh -- `make explore`: an interactive psql on a throw-away
# PostgreSQL 15 cluster (pg_virtualenv) holding the demo: the extension,
# the illustrative data of demo/data.sql with 2024 published, and 2025
# deliberated and published by demo/deliberation.sql.  Nothing is kept:
# the cluster is removed when psql exits.
set -eu
cd "$(dirname "$0")/.."

[ "${COP_DEMO_SKIP_BUILD:-0}" = 1 ] || sh scripts/build-install.sh explore
export PGCLIENTENCODING=UTF8
t=; [ "$(id -u)" -eq 0 ] && t=-t
exec pg_virtualenv $t -v 15 sh -c '
	psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION cop_alloc" -f demo/data.sql -f demo/deliberation.sql >/dev/null || exit 1
	cat demo/explore.txt
	psql -X'
