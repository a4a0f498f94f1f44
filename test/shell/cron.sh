#!/bin/sh
# test/shell/cron.sh -- the README's pg_cron recipe, run for real: a
# throw-away cluster set up as the README says (pg_cron preloaded,
# cron.use_background_workers = on, so that no connection and no password
# is needed), where two jobs fire at the same minute and both call
# cop_alloc.publish_when_ready(2025), as a job scheduled twice would:
# exactly one run and one publication come out; and two strict jobs on
# 2026, not ready, are marked failed by pg_cron, the outcomes in
# cop_alloc.job_log.  Then cron + psql: a strict call exits non-zero, and
# NOTIFY cop_alloc carries each job's outcome.  Needs the Debian package
# postgresql-15-cron (skipped without it); takes up to a minute and a
# half, waiting for the minute to turn.
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

. test/shell/lib/tap.sh
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

echo "1..16"
run "pg_cron is created in the database it runs from" postgres "CREATE EXTENSION pg_cron"
createdb cop_cron
run "cop_alloc and exercises 2025 and 2026 in database cop_cron" cop_cron "
	CREATE EXTENSION cop_alloc;
	INSERT INTO cop_alloc.chamber (code, name) VALUES ('NORD', 'Nord'), ('SUD', 'Sud');
	INSERT INTO cop_alloc.exercise (year, tax_product, quote_part, operating_pct)
	VALUES (2025, 100000.00, 10000.00, 0.5), (2026, 100000.00, 10000.00, 0.5);
	INSERT INTO cop_alloc.exercise_axis SELECT y, axis_no, cop_weight FROM cop_alloc.axis, (VALUES (2025), (2026)) v(y) WHERE from_cop;
	INSERT INTO cop_alloc.exercise_chamber (year, chamber_code, assujettis)
	VALUES (2025, 'NORD', 2), (2025, 'SUD', 1), (2026, 'NORD', 2), (2026, 'SUD', 1);
	INSERT INTO cop_alloc.com_target (year, chamber_code, indicator_code, target)
	SELECT y, c, 'cop.1.1', 1 FROM (VALUES (2024), (2025)) v(y), (VALUES ('NORD'), ('SUD')) w(c);
	INSERT INTO cop_alloc.indicator_result (year, chamber_code, indicator_code, realized)
	SELECT y, c, 'cop.1.1', 1 FROM (VALUES (2024), (2025)) v(y), (VALUES ('NORD'), ('SUD')) w(c);
	SELECT cop_alloc.propose_percentage(2025, 0.5, current_date - 60);
	SELECT cop_alloc.run(2025, 'draft');
	SELECT cop_alloc.record_opinion(2025, 'conference_des_presidents', current_date - 55, 'Avis favorable.', 1);
	SELECT cop_alloc.record_opinion(2025, 'bureau', current_date - 54, 'Avis favorable.', 1);
	SELECT cop_alloc.submit_for_review(1, current_date - 54);
	SELECT cop_alloc.record_vote(2025, current_date - 30, 30, 24, 20, 2);"
is "the job's call publishes nothing while the minister has not approved" cop_cron "
	SET client_min_messages = warning;
	SELECT cop_alloc.publish_when_ready(2025) IS NULL" t
psql -X -q -v ON_ERROR_STOP=1 -d cop_cron -c "
	SELECT cop_alloc.approve(vote_id, 'approved', current_date - 10) FROM cop_alloc.deliberation_vote"
run "four jobs scheduled every minute in database cop_cron" postgres "
	SELECT cron.schedule_in_database('cop_alloc publish 2025 (a)', '* * * * *',
	                                 'SELECT cop_alloc.publish_when_ready(2025)', 'cop_cron');
	SELECT cron.schedule_in_database('cop_alloc publish 2025 (b)', '* * * * *',
	                                 'SELECT cop_alloc.publish_when_ready(2025)', 'cop_cron');
	SELECT cron.schedule_in_database('cop_alloc publish 2026 (strict)', '* * * * *',
	                                 'SELECT cop_alloc.publish_when_ready(2026, strict => true)', 'cop_cron');
	SELECT cron.schedule_in_database('cop_alloc publish 2026 (job)', '* * * * *',
	                                 'CALL cop_alloc.publication_job(2026)', 'cop_cron');"

# wait for the four jobs to have run once (at the next minute: at most 90 s)
i=0
while [ "$i" -lt 90 ]; do
	finished=$(psql -X -q -At -d postgres -c "
		SELECT count(DISTINCT jobid) FROM cron.job_run_details WHERE status IN ('succeeded', 'failed')")
	[ "${finished:-0}" -ge 4 ] && break
	sleep 1
	i=$((i + 1))
done
run "the jobs are unscheduled" postgres "SELECT cron.unschedule(jobid) FROM cron.job"
is "the four jobs fired" postgres "
	SELECT count(DISTINCT jobid) FROM cron.job_run_details WHERE status IN ('succeeded', 'failed')" 4
is "the two jobs on 2025 succeeded, the two strict jobs on 2026 failed" postgres "
	SELECT string_agg(j.jobname || ': ' || d.status, ', ' ORDER BY j.jobname)
	  FROM (SELECT DISTINCT ON (jobid) * FROM cron.job_run_details ORDER BY jobid, runid) d
	  JOIN (VALUES (1::bigint, '2025 (a)'), (2, '2025 (b)'), (3, '2026 (strict)'), (4, '2026 (job)')) j(jobid, jobname)
	    ON j.jobid = d.jobid" "2025 (a): succeeded, 2025 (b): succeeded, 2026 (job): failed, 2026 (strict): failed"
is "pg_cron's message names the failure" postgres "
	SELECT bool_and(return_message LIKE '%exercise 2026 is not ready for publication%')
	  FROM cron.job_run_details WHERE jobid IN (3, 4)" t
is "one run and one publication of 2025" cop_cron "
	SELECT (SELECT count(*) FROM cop_alloc.run WHERE year = 2025) || ' ' || (SELECT count(*) FROM cop_alloc.publication WHERE year = 2025)" "1 1"
is "the job log: 2025 published once, then found published; 2026 not ready, kept by CALL publication_job" cop_cron "
	SELECT string_agg(year || ' ' || outcome || ' ' || strict, ', ' ORDER BY year, outcome)
	  FROM cop_alloc.job_log WHERE ran_at > now() - interval '5 minutes' AND job_id > 1" \
	"2025 already published false, 2025 published false, 2026 not ready false"
echo "# job runs: $(psql -X -q -At -d postgres -c "
	SELECT string_agg(format('job %s %s at %s', jobid, status, start_time::time(3)), '; ' ORDER BY runid)
	  FROM cron.job_run_details")"

# cron + psql
psql -X -q -v ON_ERROR_STOP=1 -d cop_cron -c "SELECT cop_alloc.publish_when_ready(2026, strict => true)" >"$dir/strict.out" 2>&1
result "cron + psql: a strict call on a year not ready exits non-zero" "$([ $? -ne 0 ]; echo $?)" "$(cat "$dir/strict.out")"
grep -q "DETAIL:  Aucune proposition du pourcentage de fonctionnement de 50 % pour l'exercice 2026 n'a été reçue par le ministre" "$dir/strict.out"
result "and its error names what is missing" $? "$(cat "$dir/strict.out")"
psql -X -q -v ON_ERROR_STOP=1 -d cop_cron -c "CALL cop_alloc.publication_job(2026)" >"$dir/call.out" 2>&1
result "CALL publication_job exits non-zero too" "$([ $? -ne 0 ]; echo $?)" "$(cat "$dir/call.out")"
is "and its outcome stays in the job log" cop_cron "
	SELECT outcome FROM cop_alloc.job_log ORDER BY job_id DESC LIMIT 1" "not ready"
psql -X -q -v ON_ERROR_STOP=1 -d cop_cron -c "LISTEN cop_alloc" -c "SELECT cop_alloc.publish_when_ready(2025)" >"$dir/listen.out" 2>&1
grep -q 'Asynchronous notification "cop_alloc" with payload "{"job": "publish_when_ready", .*"year": 2025, .*"event": "job", .*"outcome": "already published"' "$dir/listen.out"
result "a listener gets NOTIFY cop_alloc with the job's outcome as JSON" $? "$(cat "$dir/listen.out")"
psql -X -q -At -v ON_ERROR_STOP=1 -d cop_cron -c "LISTEN cop_alloc" -c "
	SELECT cop_alloc.propose_percentage(2026, 0.5, current_date - 60);
	SELECT cop_alloc.record_opinion(2026, 'conference_des_presidents', current_date - 55, 'Avis favorable.');
	SELECT cop_alloc.record_opinion(2026, 'bureau', current_date - 54, 'Avis favorable.');
	SELECT cop_alloc.submit_for_review(cop_alloc.run(2026, 'draft'), current_date - 54);
	SELECT cop_alloc.approve(cop_alloc.record_vote(2026, current_date - 30, 30, 24, 20, 2), 'approved', current_date - 10);
	SELECT cop_alloc.publish_when_ready(2026, strict => true) IS NOT NULL" >"$dir/publish.out" 2>&1
[ "$(grep -c '"event": "run"\|"event": "publication"\|"event": "job"' "$dir/publish.out")" -eq 3 ]
result "publishing 2026: one notification each for the run, the publication and the job" $? "$(cat "$dir/publish.out")"
[ "$failed" -eq 0 ]
