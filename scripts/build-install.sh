#!/bin/sh
# scripts/build-install.sh TARGET -- what `make demo`, `make test` and
# `make bench` do first: install the missing packages
# (scripts/install-deps.sh), build, and install the extension as root; as
# another user, check that the build is the installed one, or say to run
# `sudo make install` and stop.  TARGET names the make target in that
# message.
set -eu
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/build-install.sh TARGET}

sh scripts/install-deps.sh
make -s
if [ "$(id -u)" -eq 0 ]; then
	make -s install >/dev/null
else
	version=$(sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" cop_alloc.control)
	if ! cmp -s cop_alloc.so "$(pg_config --pkglibdir)/cop_alloc.so" 2>/dev/null ||
	   ! cmp -s "sql/cop_alloc--$version.sql" \
		"$(pg_config --sharedir)/extension/cop_alloc--$version.sql" 2>/dev/null; then
		echo "cop_alloc is built but not installed: run 'sudo make install', then 'make $target' again." >&2
		exit 1
	fi
fi
