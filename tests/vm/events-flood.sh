# A flood of 100,000 denied connects from one identity. Every one is
# refused; the kernel aggregates identical events, so syslog gets about one
# line per second (bound: flood seconds + 3, and never over 100 in any
# second), the daemon's CPU stays low, and everything adds up: attempts ==
# emitted + aggregated + dropped, and the syslog lines and the JSON records
# account for every attempt that was not dropped (1 + more per event, more
# per repeats record). Then 10 s of distinct attempts (a new command name
# each time, nothing to aggregate): the daemon keeps to its CPU budget (4%
# of one core for events, under 5% in all), syslog to 100 event lines in
# any second, and the counters still add up.
. /tests/lib.sh

N=100000
listen unix:/var/run/docker.sock
start_sockfence --events-json /tmp/events.jsonl --summary-interval 2 || finish

ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
sf_lines() { grep -c 'sockfence\[' /var/log/messages; }

sleep 1 # start-up lines written
lines0=$(sf_lines)
cpu0=$(ticks "$SF_PID")
t0=$(ms)
sfprobe hammer unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID" --count $N \
	>/tmp/hammer.out
t1=$(ms)
cpu1=$(ticks "$SF_PID")
lines1=$(sf_lines)
result=$(cat /tmp/hammer.out)
echo "    hammer: $result in $((t1 - t0)) ms"
[ "$result" = "attempts=$N ok=0 EPERM=$N other=0" ] &&
	pass "all $N attempts refused with EPERM" || fail "enforcement did not hold: $result"

# The tail: the last window's count comes as a repeats record (window 1 s,
# swept every second).
counters() {
	sockfence status --json | tr ',' '\n' | sed -n "s/^\"events_$1\":\([0-9]*\).*/\1/p"
}
json_sum() {
	sed -n 's/.*"type":"\([a-z]*\)".*"more":\([0-9]*\)}$/\1 \2/p' /tmp/events.jsonl |
		awk '{ n += ($1 == "event") ? 1 + $2 : $2 } END { print n + 0 }'
}
settled() { [ "$(json_sum)" -eq $(($(counters emitted) + $(counters aggregated))) ]; }
# (One identity: identical attempts aggregate; its distinct ones are shed
# beyond its share, see events-fair.sh.)
wait_for 15 settled || fail "the JSON records never accounted for every attempt"
emitted=$(counters emitted)
aggregated=$(counters aggregated)
dropped=$(counters dropped)
echo "    kernel: emitted=$emitted aggregated=$aggregated dropped=$dropped"
[ $((emitted + aggregated + dropped)) -eq $N ] &&
	pass "attempts ($N) == emitted + aggregated + dropped" ||
	fail "counters do not add up: $emitted + $aggregated + $dropped != $N"
[ "$aggregated" -gt 0 ] || fail "nothing was aggregated"
run_cli sockfence status
case $CLI_OUT in
*"events:      $emitted emitted, $aggregated aggregated (identical within 1000 ms), $dropped dropped"*)
	pass "status shows the three counters" ;;
*) fail "status does not show emitted/aggregated/dropped" ;;
esac
sum=$(json_sum)
[ "$sum" -eq $((N - dropped)) ] && pass "JSON records account for $sum attempts" ||
	fail "JSON records account for $sum attempts, expected $((N - dropped))"

# The same sum over the syslog lines (no line was rate-limited here).
syslog_sum=$(grep 'sockfence\[.*verdict=' /var/log/messages |
	awk '{ more = 0; repeats = 0
	       for (i = 1; i <= NF; i++) {
		       if ($i ~ /^more=/) more = substr($i, 6)
		       if ($i == "type=repeats") repeats = 1
	       }
	       n += repeats ? more : 1 + more } END { print n + 0 }')
[ "$syslog_sum" -eq $((N - dropped)) ] && pass "syslog lines account for $syslog_sum attempts" ||
	fail "syslog lines account for $syslog_sum attempts, expected $((N - dropped))"

# Line rate and daemon CPU during the flood (USER_HZ = 100).
secs=$(((t1 - t0 + 999) / 1000))
event_lines=$(grep -c 'sockfence\[.*verdict=' /var/log/messages)
per_second_max=$(grep 'sockfence\[.*verdict=' /var/log/messages | awk '{ print $3 }' | uniq -c |
	awk '$1 > m { m = $1 } END { print m + 0 }')
cpu_pct_x10=$(((cpu1 - cpu0) * 1000 * 10 / (t1 - t0)))
echo "    flood: ${secs}s, $((lines1 - lines0)) syslog lines during it, $event_lines event lines" \
	"in all, at most $per_second_max in one second; daemon CPU $((cpu1 - cpu0)) ticks =" \
	"$((cpu_pct_x10 / 10)).$((cpu_pct_x10 % 10))% of one core"
echo "BENCH events-flood attempts=$N ms=$((t1 - t0)) lines_during=$((lines1 - lines0))" \
	"event_lines=$event_lines max_lines_per_s=$per_second_max daemon_ticks=$((cpu1 - cpu0))" \
	"emitted=$emitted aggregated=$aggregated dropped=$dropped"
[ "$event_lines" -le $((secs + 3)) ] && pass "$event_lines event lines for a ${secs}s flood" ||
	fail "$event_lines event lines for a ${secs}s flood (bound: $((secs + 3)))"
[ "$per_second_max" -le 100 ] || fail "$per_second_max event lines in one second"
[ $cpu_pct_x10 -lt 50 ] && pass "daemon CPU under 5% of one core" ||
	fail "daemon CPU $((cpu_pct_x10 / 10)).$((cpu_pct_x10 % 10))% of one core"
grep -q 'sockfence\[.*summary=events interval_s=2 emitted=[0-9]* aggregated=[1-9]' \
	/var/log/messages && pass "a periodic summary reported the aggregation" ||
	fail "no periodic summary with aggregated events"

# Distinct attempts: the daemon's CPU budget and the syslog cap hold.
lines0=$(grep -c 'sockfence\[.*verdict=' /var/log/messages)
cpu0=$(ticks "$SF_PID")
t0=$(ms)
sfprobe hammer unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID" --vary-comm d \
	--until /tmp/stop >/tmp/hammer.out &
hammer=$!
sleep 10
touch /tmp/stop
wait $hammer
t1=$(ms)
cpu1=$(ticks "$SF_PID")
result=$(cat /tmp/hammer.out)
attempts=$(echo "$result" | sed -n 's/^attempts=\([0-9]*\) .*/\1/p')
case $result in
*" ok=0 EPERM=$attempts other=0") pass "all $attempts distinct attempts refused with EPERM" ;;
*) fail "enforcement did not hold: $result" ;;
esac
sleep 3 # the last lines out
lines1=$(grep -c 'sockfence\[.*verdict=' /var/log/messages)
per_second_max=$(grep 'sockfence\[.*verdict=' /var/log/messages | awk '{ print $3 }' | uniq -c |
	awk '$1 > m { m = $1 } END { print m + 0 }')
cpu_pct_x10=$(((cpu1 - cpu0) * 10000 / (t1 - t0)))
e2=$(counters emitted)
a2=$(counters aggregated)
d2=$(counters dropped)
s2=$(counters shed)
echo "    distinct: $result in $((t1 - t0)) ms; kernel: emitted=$((e2 - emitted))" \
	"aggregated=$((a2 - aggregated)) dropped=$((d2 - dropped)) shed=$s2; $((lines1 - lines0)) event lines," \
	"at most $per_second_max in one second; daemon CPU $((cpu1 - cpu0)) ticks =" \
	"$((cpu_pct_x10 / 10)).$((cpu_pct_x10 % 10))% of one core"
echo "BENCH events-distinct attempts=$attempts ms=$((t1 - t0)) event_lines=$((lines1 - lines0))" \
	"max_lines_per_s=$per_second_max daemon_ticks=$((cpu1 - cpu0)) emitted=$((e2 - emitted))" \
	"aggregated=$((a2 - aggregated)) dropped=$((d2 - dropped))"
[ $((e2 + a2 + d2 + s2)) -eq $((N + attempts)) ] && pass "counters still add up ($((N + attempts)) attempts)" ||
	fail "counters: $e2 + $a2 + $d2 + $s2 != $((N + attempts))"
[ "$per_second_max" -le 100 ] && pass "at most 100 event lines in any second ($per_second_max)" ||
	fail "$per_second_max event lines in one second"
[ $cpu_pct_x10 -lt 50 ] && pass "daemon CPU under 5% of one core" ||
	fail "daemon CPU $((cpu_pct_x10 / 10)).$((cpu_pct_x10 % 10))% of one core, not under 5%"

stop_sockfence
grep "events: " "$SF_LOG" | sed 's/^/    /'
grep -q "events: $e2 emitted by the kernel, $a2 aggregated" "$SF_LOG" ||
	fail "the final counters line does not match status"
finish
