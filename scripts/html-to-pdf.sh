#!/bin/sh
# scripts/html-to-pdf.sh IN.html OUT.pdf -- prints a self-contained HTML
# document to an A4 PDF with headless Chromium (Debian package chromium,
# installed by scripts/install-deps.sh), in a fresh profile that is
# removed afterwards, with no network access of its own (background
# networking, component updates and sync off).
set -eu
in=${1:?usage: scripts/html-to-pdf.sh IN.html OUT.pdf}
out=${2:?usage: scripts/html-to-pdf.sh IN.html OUT.pdf}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
case $in in /*) url="file://$in" ;; *) url="file://$(pwd)/$in" ;; esac
case $out in /*) ;; *) out="$(pwd)/$out" ;; esac
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
	--no-pdf-header-footer --print-to-pdf="$out" "$url" >"$profile/chromium.log" 2>&1 || {
	cat "$profile/chromium.log" >&2
	exit 1
}
[ -s "$out" ] || { echo "chromium wrote no PDF ($out)" >&2; cat "$profile/chromium.log" >&2; exit 1; }
