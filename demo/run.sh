#!/bin/sh
# demo/run.sh -- `make demo`: the quick-start demo of cop_alloc.  Installs
# what is missing (scripts/install-deps.sh), builds and, as root, installs
# the extension, then loads the illustrative data of demo/data.sql and
# prints the distributions of 2024 and 2025 (demo/show.sql), then writes
# the annex to the deliberation of 2025 in annex/ (HTML and PDF).
#
# Where it runs:
#   * by default, in a throw-away PostgreSQL 15 cluster (pg_virtualenv),
#     removed when the demo ends, also when it fails;
#   * with PGHOST or PGDATABASE set, in that existing server and database
#     (with the usual PGPORT, PGUSER, PGPASSWORD...).  The whole demo then
#     runs in ONE transaction that ends with ROLLBACK (demo/demo.sql):
#     CREATE EXTENSION IF NOT EXISTS cop_alloc, the data and the queries
#     all happen inside it, so nothing is left behind.  The database must
#     not already hold the demo's chambers or the exercises 2024 and 2025.
#
# COP_DEMO_SKIP_BUILD=1 skips the dependency check, the build and the
# install, for an extension that is already installed.
set -eu
cd "$(dirname "$0")/.."

[ "${COP_DEMO_SKIP_BUILD:-0}" = 1 ] || sh scripts/build-install.sh demo

# names carry accents; psql aligns the tables right only if it knows the encoding
export PGCLIENTENCODING=UTF8

# the annex to the deliberation of 2025, in HTML then PDF (scripts/annex.sh)
dir=${ANNEX_DIR:-annex}
mkdir -p "$dir"
annex="-v annex_file=$dir/annexe-2025.html"

if [ -n "${PGHOST:-}${PGDATABASE:-}" ]; then
	echo "cop_alloc demo in the existing database ${PGDATABASE:-(default)} on ${PGHOST:-(default host)}, in one transaction rolled back at the end"
	psql -X $annex -f demo/demo.sql
elif [ "$(id -u)" -eq 0 ]; then
	pg_virtualenv -t -v 15 psql -X $annex -f demo/demo.sql
else
	pg_virtualenv -v 15 psql -X $annex -f demo/demo.sql
fi
sh scripts/html-to-pdf.sh "$dir/annexe-2025.html" "$dir/annexe-2025.pdf"
echo
echo "Annexe à la délibération de 2025 : $dir/annexe-2025.html et $dir/annexe-2025.pdf"
echo "(make annex YEAR=2024 pour une autre année ; make explore pour explorer la démonstration dans psql)"

