#!/bin/sh
# bench/bench.sh -- the measurements of `make bench`, against the server the
# PG* variables point to (bench/run.sh starts a throw-away one).  For each
# size it creates a database cop_bench_<chambers>, generates the exercise
# (bench/generate.sql), times the bare scan, the engine, the plain SQL
# reference and run(year) (bench/measure.sql); then simulate_many over
# 10 000 scenarios and the backend's peak memory; prints the tables and the
# targets.  The databases are dropped at the end.  Exits non-zero only if
# the reference and the engine disagree, or something fails (run(year)
# failing at the largest size is a missed target, not a failure).
set -eu
cd "$(dirname "$0")/.."

YEAR=2025                       # every size is exercise 2025, results year 2024
SIZES="18 1000 10000 100000"    # regional chambers; 40 indicators each
largest=${SIZES##* }
REF_LIMIT_MS=60000              # the reference is skipped where it would take longer
RUN_TIMEOUT=30min               # statement_timeout of the timed runs of run(year), per size
PSQL="psql -X -q -v ON_ERROR_STOP=1"
MAINTENANCE_DB=${PGDATABASE:-postgres}

work=$(mktemp -d)
created=""
cleanup() {
	for db in $created; do
		dropdb --if-exists "$db" >/dev/null 2>&1 || true
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "$*" >&2; }

# ---- where it runs --------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
server=$($PSQL -At -d "$MAINTENANCE_DB" -c "SELECT version()")
settings=$($PSQL -At -d "$MAINTENANCE_DB" -c "SELECT string_agg(name || ' ' || current_setting(name), ', ' ORDER BY name)
	FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'max_parallel_workers_per_gather')")
# a superuser: CREATE EXTENSION cop_alloc needs one (superuser = true in
# cop_alloc.control), and so do the fast load, CHECKPOINT and reading
# /proc for the peak memory; as such it also acts for finance and the
# ministry, which record the minister's authorisation (generate.sql)
if [ "$($PSQL -At -d "$MAINTENANCE_DB" -c "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")" != t ]; then
	say "the benchmark needs a superuser (CREATE EXTENSION cop_alloc does): connect as one (PGUSER)"
	exit 1
fi

for n in $SIZES; do
	if $PSQL -At -d "$MAINTENANCE_DB" -c "SELECT 1 FROM pg_database WHERE datname = 'cop_bench_$n'" | grep -q 1; then
		say "database cop_bench_$n already exists: drop it first (the benchmark creates and drops it)"
		exit 1
	fi
done

# ---- each size: generate, then measure --------------------------------
prev_rows=""
prev_ref=""
for n in $SIZES; do
	db=cop_bench_$n
	createdb "$db"
	created="$created $db"
	$PSQL -d "$db" -c "CREATE EXTENSION cop_alloc" -f bench/generate.sql -f bench/reference.sql >/dev/null

	start=$(date +%s)
	# skip the foreign-key triggers while loading rows that are valid by
	# construction (the load takes a third of the time)
	$PSQL -d "$db" -c "SET session_replication_role = replica" -c "SELECT cop_bench.generate($n, $YEAR)" >/dev/null
	$PSQL -d "$db" -c "VACUUM ANALYZE" >/dev/null
	# write the new pages out now, not while measuring
	$PSQL -d "$db" -c "CHECKPOINT" >/dev/null
	gen_s=$(( $(date +%s) - start ))
	rows=$($PSQL -At -d "$db" -c "SELECT count(*) FROM cop_alloc.com_target WHERE year = $YEAR - 1")

	case $n in
		18|1000) reps=11 ;;
		*) reps=5 ;;
	esac
	# run(year) writes, and takes seconds from 1 000 chambers: fewer runs
	case $n in
		18) run_reps=5 ;;
		1000) run_reps=3 ;;
		10000) run_reps=2 ;;
		*) run_reps=1 ;;
	esac
	# its first runs (each stores every input document, then is rolled back)
	case $n in
		100000) first_reps=1 ;;
		*) first_reps=3 ;;
	esac
	# the reference: 5 runs, then 3; at the largest size one run, and only
	# if the previous size predicts at most REF_LIMIT_MS
	ref=true ref_reps=3 ref_warm_up=true ref_check=full
	[ "$n" = 18 ] && ref_reps=5
	if [ "$n" = 100000 ]; then
		ref_reps=1 ref_warm_up=false ref_check=allocate
		predicted=$(awk -v t="$prev_ref" -v r="$rows" -v p="$prev_rows" 'BEGIN { printf "%d", t * r / p * 1.2 }')
		if [ "$predicted" -gt "$REF_LIMIT_MS" ]; then
			ref=false
			say "size $n: the reference is skipped (predicted ${predicted} ms > ${REF_LIMIT_MS} ms)"
		fi
	fi
	say "size $n: $rows target rows generated in ${gen_s} s; measuring ..."
	line=$($PSQL -At -d "$db" -v year=$YEAR -v reps=$reps -v ref=$ref -v ref_reps=$ref_reps \
		-v ref_warm_up=$ref_warm_up -v ref_check=$ref_check -v run_reps=$run_reps -v first_reps=$first_reps -v run_timeout=$RUN_TIMEOUT \
		-f bench/measure.sql)
	echo "$n|$line|$gen_s" >>"$work/results"
	prev_rows=$rows
	prev_ref=$(echo "$line" | cut -d'|' -f5)
done

# ---- (d) what-if: 10 000 scenarios of the 18-chamber exercise ------------
simulate_ms=$($PSQL -At -d cop_bench_18 <<EOF
SET jit = off;
CREATE TABLE cop_bench.scenarios AS
SELECT ARRAY(
    SELECT ROW('s' || i, jsonb_build_object(
               'operating_pct', 0.6 + (i % 250) * 0.0001,
               'tolerance', (i % 5) * 0.01,
               'chambers', jsonb_build_object('B18-' || lpad((1 + i % 18)::text, 6, '0'),
                                              jsonb_build_object('assujettis', 1000 + i))))::cop_alloc.scenario
      FROM generate_series(1, 10000) i) AS scenarios;
SELECT cop_bench.best_ms('SELECT count(*) FROM cop_bench.scenarios s, cop_alloc.simulate_many($YEAR, s.scenarios)', 5);
EOF
)
simulate_lines=$($PSQL -At -d cop_bench_18 -c "SELECT count(*) FROM cop_bench.scenarios s, cop_alloc.simulate_many($YEAR, s.scenarios)")

# ---- (e) peak memory: allocate at the largest size, allocate and run at 10 000
# The memory of a backend (database cop_bench_<$1>, application_name
# cop_bench_<$3>) running one statement ($2) without parallel workers
# (theirs would not count), sampled every 10 ms by another backend
# (cop_bench.watch_kb): "private_kb whole_kb", the largest RssAnon (what it
# allocated) and its VmHWM (also every page of shared_buffers it touched:
# run reads and writes more of them, and how many depends on
# shared_buffers and on what the cache held, not on the code).
watch_kb() {
	PGAPPNAME=cop_bench_$3 $PSQL -d "cop_bench_$1" -c "SET jit = off" -c "SET max_parallel_workers_per_gather = 0" \
		-c "$2" -c "SELECT pg_sleep(0.1)" >/dev/null &
	watched=$!
	watch=$($PSQL -At -F' ' -d "cop_bench_$1" -c "SELECT rss_anon_kb, vm_hwm_kb FROM cop_bench.watch_kb('cop_bench_$3')")
	wait $watched
	echo "$watch"
}
mem_alloc=$(watch_kb "$largest" "SELECT count(*) FROM cop_alloc.allocate($YEAR)" allocate_largest)
mem_alloc_10k=$(watch_kb 10000 "SELECT count(*) FROM cop_alloc.allocate($YEAR)" allocate_10000)
mem_run_10k=$(watch_kb 10000 "SELECT cop_alloc.run($YEAR)" run_10000)        # one more run (a later run)

# ---- the report ------------------------------------------------------------
echo
echo "cop_alloc benchmark: one exercise of N regional chambers x 40 indicators"
echo "machine:  $(nproc) CPUs, ${cpu:-unknown CPU}, $mem of memory"
echo "server:   $server"
echo "settings: $settings; jit off while measuring"
echo "times:    best of 5 or 11 timed runs after one warm-up run (the reference: of 3 to 5,"
echo "          at 100 000 one run), in ms, measured inside the server with clock_timestamp()"
echo
awk -F'|' -v simulate="$simulate_ms" -v simulate_lines="$simulate_lines" \
	-v mem_alloc="$mem_alloc" -v mem_alloc_10k="$mem_alloc_10k" -v mem_run_10k="$mem_run_10k" -v largest="$largest" '
function fmt(x) { return x == "" ? "-" : sprintf("%.1f", x) }
function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2f", a / b) }
function group(x,   s, r) {
	s = sprintf("%d", x); r = ""
	while (length(s) > 3) { r = " " substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
	return s r
}
{
	n[NR] = $1; rows[NR] = $2; scan_ms[NR] = $3; alloc_ms[NR] = $4; axis_ms[NR] = $5
	ref_ms[NR] = $6; check[NR] = $7; run_ms[NR] = $8; run_failure[NR] = $9; first_ms[NR] = $10; gen[NR] = $11
}
END {
	printf "%8s %10s %9s %11s %6s %10s %12s %7s %14s  %s\n", "chambers", "rows", "scan ms", "allocate ms", "/scan",
	       "axis ms", "reference ms", "/alloc", "growth rows:t", "reference lines"
	for (i = 1; i <= NR; i++) {
		growth = i == 1 ? "-" : sprintf("%.1f:%.1f", rows[i] / rows[i - 1], alloc_ms[i] / alloc_ms[i - 1])
		printf "%8s %10s %9s %11s %6s %10s %12s %7s %14s  %s\n", group(n[i]), group(rows[i]), fmt(scan_ms[i]),
		       fmt(alloc_ms[i]), ratio(alloc_ms[i], scan_ms[i]), fmt(axis_ms[i]), fmt(ref_ms[i]),
		       ratio(ref_ms[i], alloc_ms[i]), growth, check[i]
		if (n[i] == 10000) { at = i }
	}
	print ""
	print "rows: targets of the results year (regional and associated chambers); the scan joins each to its result."
	print "/scan = allocate / scan; /alloc = reference / allocate; growth rows:t = rows and allocate time vs the previous size."
	print ""
	print "run(year), which computes once and stores a run (run, run_line with its axis lines, its inputs, run_source):"
	print "first run = the first of the year, which stores every input document: best of 3 timed calls, each rolled back"
	print "(at 100 000 chambers one); later run = best of 5, 3, 2 and 1 timed runs of the same inputs at 18, 1 000, 10 000"
	print "and 100 000 chambers, after a first run kept (their documents are stored)"
	printf "%8s %10s %11s %13s %10s %13s %10s\n", "chambers", "rows", "allocate ms", "first run ms", "/alloc", "later run ms", "/alloc"
	for (i = 1; i <= NR; i++)
		printf "%8s %10s %11s %13s %10s %13s %10s\n", group(n[i]), group(rows[i]), fmt(alloc_ms[i]),
		       first_ms[i] == "" ? "failed" : fmt(first_ms[i]), ratio(first_ms[i], alloc_ms[i]),
		       run_failure[i] != "" ? "failed" : fmt(run_ms[i]), ratio(run_ms[i], alloc_ms[i])
	for (i = 1; i <= NR; i++)
		if (run_failure[i] != "")
			printf "run at %s chambers failed: %s\n", group(n[i]), run_failure[i]
	print ""
	printf "simulate_many, 10 000 scenarios of the 18-chamber exercise (%s lines): %s ms\n", group(simulate_lines), fmt(simulate)
	print "peak memory of a backend, sampled every 10 ms: private = largest RssAnon (what it allocated),"
	print "whole = VmHWM (also the pages of shared_buffers it touched)"
	split(mem_alloc, a, " "); split(mem_alloc_10k, b, " "); split(mem_run_10k, r, " ")
	printf "  %-32s private %6.0f MB, whole %6.0f MB\n", "allocate at " group(largest) " chambers", a[1] / 1024, a[2] / 1024
	printf "  %-32s private %6.0f MB, whole %6.0f MB\n", "allocate at 10 000 chambers", b[1] / 1024, b[2] / 1024
	printf "  %-32s private %6.0f MB, whole %6.0f MB\n", "run at 10 000 chambers", r[1] / 1024, r[2] / 1024
	print ""
	print "targets"
	v = alloc_ms[at] / scan_ms[at]
	printf "  %-58s %10s  %s\n", "allocate <= 2 x the bare scan at 10 000 chambers", sprintf("%.2f x", v), (v <= 2 ? "PASS" : "MISS")
	if (ref_ms[at] != "") {
		v = ref_ms[at] / alloc_ms[at]
		printf "  %-58s %10s  %s\n", ">= 20 x faster than the reference at 10 000 chambers", sprintf("%.1f x", v), (v >= 20 ? "PASS" : "MISS")
	}
	for (i = 2; i <= NR; i++) {
		if (rows[i] / rows[i - 1] < 9 || rows[i] / rows[i - 1] > 11) continue
		v = alloc_ms[i] / alloc_ms[i - 1]
		printf "  %-58s %10s  %s\n", sprintf("10 x more rows -> <= 12 x time (%s -> %s chambers)", group(n[i - 1]), group(n[i])),
		       sprintf("%.1f x", v), (v <= 12 ? "PASS" : "MISS")
	}
	printf "  %-58s %10s  %s\n", "10 000 scenarios <= 1 s", sprintf("%.0f ms", simulate), (simulate <= 1000 ? "PASS" : "MISS")
	v = first_ms[at] != "" ? first_ms[at] / alloc_ms[at] : ""
	printf "  %-58s %10s  %s\n", "run <= 3 x allocate at 10 000 chambers (first run)", v == "" ? "failed" : sprintf("%.1f x", v),
	       (v != "" && v <= 3 ? "PASS" : "MISS")
	v = run_failure[at] == "" ? run_ms[at] / alloc_ms[at] : ""
	printf "  %-58s %10s  %s\n", "run <= 3 x allocate at 10 000 chambers (later run)", v == "" ? "failed" : sprintf("%.1f x", v),
	       (v != "" && v <= 3 ? "PASS" : "MISS")
	v = r[1] / b[1]
	printf "  %-58s %10s  %s\n", "run peak memory <= 2 x allocate\047s at 10 000 chambers", sprintf("%.2f x", v), (v <= 2 ? "PASS" : "MISS")
	printf "  %-58s %10s  %s\n", sprintf("run completes at %s chambers (first run)", group(largest)),
	       first_ms[NR] != "" ? sprintf("%.1f s", first_ms[NR] / 1000) : "failed", first_ms[NR] != "" ? "PASS" : "MISS"
}' "$work/results"

if grep -q DIFFERENT "$work/results"; then
	echo
	echo "the reference and the engine DISAGREE at some size: see the last column" >&2
	exit 1
fi
# run(year) failing below the largest size is a failure of the benchmark
if awk -F'|' -v largest="$largest" '$1 != largest && $9 != "" { bad = 1 } END { exit !bad }' "$work/results"; then
	echo
	echo "run(year) FAILED below $largest chambers: see above" >&2
	exit 1
fi
