#!/bin/sh
# test/shell/annex.sh -- the annex to the deliberation, rendered by a real
# browser: the demo's 2025 exercise deliberated and published, its
# cop_alloc.annex_html(2025) loaded into headless Chromium, whose DOM
# (--dump-dom) must hold every chamber, the totals and both charts; the
# PDF printed by scripts/html-to-pdf.sh (as make annex does) must have
# A4 pages.  Needs the Debian packages chromium and poppler-utils (skipped
# without them).  Prints TAP; uses the cluster of the PG* variables.
set -u
cd "$(dirname "$0")/../.."
db=cop_annex
. test/shell/lib/tap.sh
scratch $db

if ! command -v chromium >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
	echo "1..1"
	echo "ok 1 # SKIP chromium or pdfinfo is not installed (Debian packages chromium, poppler-utils)"
	exit 0
fi

export PGCLIENTENCODING=UTF8

createdb $db
psql -X -q -v ON_ERROR_STOP=1 -d $db -c "CREATE EXTENSION cop_alloc" -f demo/data.sql -f demo/deliberation.sql >"$tmp/load.out" 2>&1
result "the demo's data, 2025 deliberated and published" $? "$(tail -20 "$tmp/load.out")"

q $db "SELECT cop_alloc.annex_html(2025)" >"$tmp/annexe-2025.html" 2>"$tmp/annex.err"
result "annex_html(2025) gives a document" $? "$(cat "$tmp/annex.err")"
head -c 15 "$tmp/annexe-2025.html" | grep -q '^<!DOCTYPE html>'
result "an HTML5 document" $?
! grep -Eqi '(src|href)=|url\(|@import|<link|<script' "$tmp/annexe-2025.html"
result "self-contained: no external resource, no script" $? "$(grep -Eoi '.{30}((src|href)=|url\(|@import|<link|<script).{30}' "$tmp/annexe-2025.html" | head -5)"
grep -q '@page{size:A4' "$tmp/annexe-2025.html"
result "with print CSS for A4" $?

# the DOM as Chromium built it
profile=$(mktemp -d -p "$tmp")
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
	--disable-sync --no-first-run --user-data-dir="$profile" --dump-dom "file://$tmp/annexe-2025.html" \
	>"$tmp/dom.html" 2>"$tmp/chromium.err"
result "headless Chromium loads it" $? "$(tail -5 "$tmp/chromium.err")"
missing=$(q $db "SELECT c.code || ' ' || c.name FROM cop_alloc.chamber c JOIN cop_alloc.exercise_chamber ec ON ec.chamber_code = c.code AND ec.year = 2025 ORDER BY 1" |
	while IFS= read -r line; do
		code=${line%% *}; name=${line#* }
		grep -qF ">$code – $(printf '%s' "$name" | sed 's/&/\&amp;/g')<" "$tmp/dom.html" || echo "$line"
	done)
[ -z "$missing" ] && [ "$(q $db "SELECT count(*) FROM cop_alloc.exercise_chamber WHERE year = 2025")" = 18 ]
result "the DOM holds the motive of each of the 18 chambers" $? "missing: $missing"
while IFS='|' read -r what v; do
	amount=$(q $db "$v")
	grep -qF "$amount" "$tmp/dom.html"
	result "the DOM holds $what: $amount" $?
done <<'SQL'
the total allocated in 2025|SELECT cop_alloc.format_euros(sum(total)) FROM cop_alloc.published_allocation WHERE year = 2025
the total of 2024|SELECT cop_alloc.format_euros(sum(previous_total)) FROM cop_alloc.published_allocation WHERE year = 2025
the reserve|SELECT cop_alloc.format_euros(reserve) FROM cop_alloc.published_year WHERE year = 2025
the tax product|SELECT cop_alloc.format_euros(tax_product) FROM cop_alloc.published_year WHERE year = 2025
Grand Est's total|SELECT cop_alloc.format_euros(total) FROM cop_alloc.published_allocation WHERE year = 2025 AND chamber_code = 'GES'
SQL
grep -qF 'id="allocated">210 320 599,71 €<' "$tmp/dom.html"
result "the allocated total to the cent, the French way" $? "$(grep -o 'id="allocated">[^<]*' "$tmp/dom.html")"
[ "$(grep -o '<svg' "$tmp/dom.html" | wc -l)" -eq 2 ] &&
	[ "$(grep -o 'class="cur"' "$tmp/dom.html" | wc -l)" -eq 19 ] &&
	[ "$(grep -o 'class="ded"' "$tmp/dom.html" | wc -l)" -eq 6 ]
result "two inline SVG charts: totals 2025 against 2024 (18 bars and the legend), deductions on 6 axes" $?
grep -q 'La Réunion' "$tmp/dom.html" && grep -q "Provence-Alpes-Côte d'Azur" "$tmp/dom.html"
result "names with accents and apostrophes come through" $?

# the PDF, as make annex prints it
sh scripts/html-to-pdf.sh "$tmp/annexe-2025.html" "$tmp/annexe-2025.pdf" 2>"$tmp/pdf.err"
result "scripts/html-to-pdf.sh prints it to PDF" $? "$(tail -5 "$tmp/pdf.err")"
pages=$(pdfinfo "$tmp/annexe-2025.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -ge 3 ]
result "the PDF has pages ($pages)" $?
pdfinfo "$tmp/annexe-2025.pdf" 2>/dev/null | grep -q 'Page size:.*(A4)'
result "A4 pages" $?

# a year not published: a draft; a year that does not exist: an error
q $db "INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2031, 1000.00, 100.00, 0.5)" >/dev/null
out=$(q $db "SELECT cop_alloc.annex_html(2031)" 2>&1)
echo "$out" | grep -q 'ERROR:.*2031'
result "the annex of a year without recipients fails with the engine's error" $? "$out"
out=$(q $db "SELECT cop_alloc.annex_html(1999)" 2>&1)
echo "$out" | grep -q 'exercise 1999 does not exist'
result "an unknown year is an error naming it" $? "$out"
echo "1..$n"
[ "$failed" -eq 0 ]
