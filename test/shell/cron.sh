#!/bin/sh
# test/shell/cron.sh -- the README's pg_cron recipe, run for real: a
# throw-away cluster with pg_cron preloaded, where two jobs fire at the
# same minute and both call cop_alloc.publish_when_ready(2025), as a job
# scheduled twice would.  Exactly one run and one publication must come
# out.  Needs the Debian package postgresql-15-cron (skipped without it);
# takes up to a minute and a half, waiting for the minute to turn.
set -u
cd "$(dirname "$0")/../.."

if [ ! -f "$(pg_config --pkglibdir)/pg_cron.so" ]; then
	echo "1..1"
	echo "ok 1 # SKIP pg_cron is not installed (Debian package postgresql-15-cron)"
	exit 0
fi

# pg_cron must be in shared_preload_libraries: a throw-away cluster of our
# own, reached only through a Unix socket in its temporary directory
bindir=$(pg_config --bindir)
dir=$(mktemp -d)
as_owner() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
	chown postgres "$dir"
	as_owner() { su postgres -s /bin/sh -c "$*"; }
fi
cleanup() {
	as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$dir"
}
trap cleanup EXIT
as_owner "$bindir/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1 &&
as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
	-o "\"-p 5432 -k $dir -c listen_addresses='' -c shared_preload_libraries=pg_cron -c cron.database_name=postgres -c cron.use_background_workers=on -c max_worker_processes=16\"" \
	start >"$dir/pg_ctl.log" 2>&1
if [ $? -ne 0 ]; then
	echo "1..1"
	echo "not ok 1 - a cluster with pg_cron preloaded starts"
	cat "$dir/initdb.log" "$dir/pg_ctl.log" "$dir/server.log" 2>/dev/null | sed 's/^/# /' | tail -20
	exit 1
fi
export PGHOST="$dir" PGPORT=5432 PGUSER=postgres
unset PGDATABASE PGSERVICE

n=0
failed=0
result() { # result "description" status [diagnostic]
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		printf '%s\n' "${3:-}" | sed 's/^/# /' | head -20
		failed=$((failed + 1))
	fi
}
run() { # run "description" database sql
	out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$2" -c "$3" 2>&1)
	result "$1" $? "$out"
}
is() { # is "description" database sql expected
	out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$2" -c "$3" 2>&1)
	[ "$out" = "$4" ]
	result "$1" $? "got: $out
want: $4"
}

echo "1..8"
run "pg_cron is created in the database it runs from" postgres "CREATE EXTENSION pg_cron"
createdb cop_cron
run "cop_alloc and an exercise 2025 in database cop_cron" cop_cron "
	CREATE EXTENSION cop_alloc;
	INSERT INTO cop_alloc.chamber (code, name) VALUES ('NORD', 'Nord'), ('SUD', 'Sud');
	INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct) VALUES (2025, 100000.00, 10000.00, 0.5);
	INSERT INTO cop_alloc.exercise_axis SELECT 2025, axis_no, cop_weight FROM cop_alloc.axis WHERE from_cop;
	INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis) VALUES (2025, 'NORD', 2), (2025, 'SUD', 1);
	INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target) VALUES (2024, 'NORD', 'cop.1.1', 1), (2024, 'SUD', 'cop.1.1', 1);
	INSERT INTO cop_alloc.indicator_result (year, chamber_code, indicator_code, realized) VALUES (2024, 'NORD', 'cop.1.1', 1), (2024, 'SUD', 'cop.1.1', 1);
	SELECT cop_alloc.propose_percentage(2025, 0.5, current_date - 60);
	SELECT cop_alloc.record_vote(2025, current_date - 30, 30, 24, 20, 2);"
is "the job's call publishes nothing while the minister has not approved" cop_cron "
	SET client_min_messages = warning;
	SELECT cop_alloc.publish_when_ready(2025) IS NULL" t
psql -X -q -v ON_ERROR_STOP=1 -d cop_cron -c "
	SELECT cop_alloc.approve(vote_id, 'approved', current_date - 10) FROM cop_alloc.deliberation_vote"
run "two jobs scheduled every minute in database cop_cron" postgres "
	SELECT cron.schedule_in_database('cop_alloc publish 2025 (a)', '* * * * *',
	                                 'SELECT cop_alloc.publish_when_ready(2025)', 'cop_cron');
	SELECT cron.schedule_in_database('cop_alloc publish 2025 (b)', '* * * * *',
	                                 'SELECT cop_alloc.publish_when_ready(2025)', 'cop_cron');"

# wait for both jobs to have run once (at the next minute: at most 90 s)
i=0
while [ "$i" -lt 90 ]; do
	finished=$(psql -X -q -At -d postgres -c "
		SELECT count(DISTINCT jobid) FROM cron.job_run_details WHERE status IN ('succeeded', 'failed')")
	[ "${finished:-0}" -ge 2 ] && break
	sleep 1
	i=$((i + 1))
done
is "both jobs fired" postgres "
	SELECT count(DISTINCT jobid) FROM cron.job_run_details WHERE status IN ('succeeded', 'failed')" 2
is "both succeeded" postgres "SELECT string_agg(DISTINCT status, ',') FROM cron.job_run_details" succeeded
is "one run and one publication of 2025" cop_cron "
	SELECT (SELECT count(*) FROM cop_alloc.run) || ' ' || (SELECT count(*) FROM cop_alloc.publication WHERE year = 2025)" "1 1"
run "the jobs are unscheduled" postgres "SELECT cron.unschedule(jobid) FROM cron.job"
echo "# job runs: $(psql -X -q -At -d postgres -c "
	SELECT string_agg(format('job %s %s at %s', jobid, status, start_time::time(3)), '; ' ORDER BY runid)
	  FROM cron.job_run_details")"
[ "$failed" -eq 0 ]
