#!/bin/sh
# bench/run.sh -- `make bench`: the benchmarks of cop_alloc (BENCHMARKS.md).
# Installs what is missing (scripts/install-deps.sh), builds and, as root,
# installs the extension, then runs bench/bench.sh: synthetic exercises of
# 18, 1 000, 10 000 and 100 000 chambers x 40 indicators, the engine timed
# against a bare scan of the same rows and against the plain SQL reference
# of bench/reference.sql, run(year) against the engine, simulate_many over
# 10 000 scenarios, the peak memory of allocate and run; tables and the
# targets, PASS or MISS.
#
# Where it runs:
#   * by default, in a throw-away PostgreSQL 15 cluster (pg_virtualenv,
#     shared_buffers 1GB), removed at the end, also when it fails;
#   * with PGHOST or PGDATABASE set, in that existing server (with the usual
#     PGPORT, PGUSER, PGPASSWORD...): the role must be a superuser (CREATE
#     EXTENSION cop_alloc needs one), the server needs cop_alloc installed;
#     it creates the databases cop_bench_18, cop_bench_1000, cop_bench_10000
#     and cop_bench_100000 (it stops if one already exists) and drops them
#     at the end.
#
# COP_BENCH_SKIP_BUILD=1 skips the dependency check, the build and the
# install, for an extension that is already installed.
set -eu
cd "$(dirname "$0")/.."

[ "${COP_BENCH_SKIP_BUILD:-0}" = 1 ] || sh scripts/build-install.sh bench

if [ -n "${PGHOST:-}${PGDATABASE:-}" ]; then
	echo "cop_alloc benchmark in the existing server ${PGHOST:-(default host)}: databases cop_bench_* created, then dropped"
	exec sh bench/bench.sh
fi

# shared_buffers holds the largest data set (about 0.6 GB of heap), so that
# every size is read from shared memory and the sizes compare
if [ "$(id -u)" -eq 0 ]; then
	exec pg_virtualenv -t -v 15 -o shared_buffers=1GB sh bench/bench.sh
else
	exec pg_virtualenv -v 15 -o shared_buffers=1GB sh bench/bench.sh
fi
