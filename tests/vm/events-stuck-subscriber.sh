# A subscriber that stops reading (its output is a pipe nobody drains) while
# a flood of distinct events (a new command name on every attempt, so
# nothing aggregates; from eight users, since one user's events beyond 20 a
# second are only counted, see events-fair.sh) fills its queue: it loses events, counted and reported
# to it; the daemon, syslog and another subscriber go on without delay; and
# syslog never gets more than 100 event lines in a second.
. /tests/lib.sh

listen unix:/var/run/docker.sock
listen tcp:127.0.0.1:2375
# No CPU cap: the point is to fill a subscriber's queue fast.
start_sockfence --summary-interval 1 --events-cpu 100 || finish

ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

(sockfence events --follow --json 2>/tmp/stuck.err |
	(while [ ! -e /tmp/go ]; do sleep 0.2; done; cat >/tmp/stuck.out)) &
stuck=$!
sockfence events --follow >/tmp/live.out 2>/tmp/live.err &
live=$!
wait_for 30 grep -q following /tmp/stuck.err || fail "the stuck subscriber did not start"
wait_for 30 grep -q following /tmp/live.err || fail "the live subscriber did not start"

hammers=
for u in 2001 2002 2003 2004 2005 2006 2007 2008; do
	sfprobe hammer tcp:127.0.0.1:2375 --uid $u --gid $u --vary-comm flood \
		--until /tmp/stop >"/tmp/hammer.$u" &
	hammers="$hammers $!"
done
# The daemon's summary says when a subscriber started losing events.
wait_for 120 grep -q 'summary=events .* subscriber_dropped=[1-9]' "$SF_LOG" ||
	fail "the stuck subscriber never lost an event"
touch /tmp/stop
# shellcheck disable=SC2086 # one pid per word
wait $hammers
echo "    hammers: $(cat /tmp/hammer.* | tr '\n' ' ')"
grep 'summary=events' "$SF_LOG" | sed 's/^/    /'
sleep 1.2 # the flood's lines leave the one-second syslog window

# The stuck subscriber still is (its queue full): a new deny reaches syslog
# and another subscriber at once.
sockfence events --follow >/tmp/fresh.out 2>/tmp/fresh.err &
fresh=$!
wait_for 30 grep -q following /tmp/fresh.err || fail "a new subscriber could not start"
t0=$(ms)
expect EPERM unix:/var/run/docker.sock --uid 1001 --gid 1001 --comm latecomer
pid=$PROBE_PID
wait_for 10 grep -q " pid=$pid " /tmp/fresh.out || fail "the new subscriber did not get pid $pid"
t1=$(ms)
wait_for 10 syslog_lines "$pid" || fail "no syslog line for pid $pid"
t2=$(ms)
echo "    latecomer: new subscriber after $((t1 - t0)) ms, syslog after $((t2 - t0)) ms"
[ $((t1 - t0)) -lt 2000 ] && [ $((t2 - t0)) -lt 2000 ] &&
	pass "neither syslog nor another subscriber waited for the stuck one" ||
	fail "the latecomer was delayed"
wait_for 30 grep -q " pid=$pid " /tmp/live.out ||
	fail "the subscriber that read through the flood did not get pid $pid"
kill -0 "$SF_PID" || fail "the daemon died"

# At most 100 event lines in any second (busybox stamps the second).
per_second_max=$(grep 'sockfence\[.*verdict=' /var/log/messages | awk '{ print $3 }' | uniq -c |
	awk '$1 > m { m = $1 } END { print m + 0 }')
echo "    syslog: at most $per_second_max event lines in one second"
[ "$per_second_max" -le 100 ] && [ "$per_second_max" -gt 0 ] &&
	pass "syslog rate capped ($per_second_max lines in the busiest second)" ||
	fail "syslog got $per_second_max event lines in one second"
grep -q 'summary=events .* syslog_rate_limited=[1-9]' "$SF_LOG" ||
	fail "the summary did not count rate-limited lines"

# The stuck one reads at last: it is told how many it lost, as text on
# stderr and as a gap record in its JSON stream.
touch /tmp/go
wait_for 30 grep -q 'dropped [0-9]* events for this client' /tmp/stuck.err ||
	fail "the stuck subscriber was not told what it lost"
stop_sockfence
wait $stuck
wait $live
wait $fresh
grep -q '^{"version":1,"type":"gap","dropped":[1-9][0-9]*}$' /tmp/stuck.out &&
	pass "the gap is in the stuck subscriber's JSON stream" ||
	fail "no gap record in the stuck subscriber's stream"
told=$(sed -n 's/.*"type":"gap","dropped":\([0-9]*\)}$/\1/p' /tmp/stuck.out |
	awk '{ n += $1 } END { print n + 0 }')
counted=$(sed -n 's/.*subscriber_dropped=\([0-9]*\).*/\1/p' "$SF_LOG" |
	awk '{ n += $1 } END { print n + 0 }')
echo "    stuck subscriber: told of $told dropped events; the daemon counted $counted"
[ "$told" -gt 0 ] || fail "the stuck subscriber was told of no dropped event"
grep -q 'latecomer' /tmp/stuck.out && fail "the stuck subscriber got the latecomer, its queue was not full"
finish
