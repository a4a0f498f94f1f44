#!/bin/sh
# scripts/annex.sh YEAR -- `make annex YEAR=...`: writes the annex to the
# general assembly's deliberation of YEAR, annex/annexe-YEAR.html
# (cop_alloc.annex_html) and annex/annexe-YEAR.pdf (headless Chromium),
# in ANNEX_DIR (default annex/).
#   * with PGHOST or PGDATABASE set: from that database (the extension
#     installed, the year's exercise in it);
#   * otherwise from the demo's illustrative data (demo/data.sql and the
#     deliberation of demo/deliberation.sql) in a throw-away cluster.
set -eu
cd "$(dirname "$0")/.."
year=${1:?usage: make annex YEAR=2025}
case $year in *[!0-9]*|'') echo "YEAR must be a year, e.g. make annex YEAR=2025" >&2; exit 2 ;; esac
dir=${ANNEX_DIR:-annex}
mkdir -p "$dir"
html="$dir/annexe-$year.html"
pdf="$dir/annexe-$year.pdf"
export PGCLIENTENCODING=UTF8

if [ -n "${PGHOST:-}${PGDATABASE:-}" ]; then
	psql -X -q -At -v ON_ERROR_STOP=1 -c "SELECT cop_alloc.annex_html($year)" >"$html"
else
	[ "${COP_DEMO_SKIP_BUILD:-0}" = 1 ] || sh scripts/build-install.sh annex
	t=; [ "$(id -u)" -eq 0 ] && t=-t
	pg_virtualenv $t -v 15 psql -X -q -v annex_year="$year" -v annex_file="$html" -f demo/demo.sql >/dev/null
fi
sh scripts/html-to-pdf.sh "$html" "$pdf"
echo "annex of $year: $html, $pdf ($(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p') pages)"
