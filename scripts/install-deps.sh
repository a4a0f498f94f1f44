#!/bin/sh
# install-deps.sh -- install what building, testing and the demo need, when
# it is missing: the PostgreSQL 15 server, its headers (PGXS), pgTAP and
# pg_cron (for its recipe's test), clang with libFuzzer, and headless
# Chromium with poppler-utils and a font (the annex's PDF and its test).  As root it runs apt-get; otherwise it names the packages and
# the command to run, and fails.
set -eu

packages="postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap postgresql-15-cron libtap-parser-sourcehandler-pgtap-perl clang libclang-rt-14-dev chromium poppler-utils fonts-dejavu-core"

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
# the compiler PGXS uses
command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"

if [ -z "$missing" ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "cop_alloc needs these Debian packages:$missing" >&2
	echo "Install them as root, then run the command again:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi

echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
