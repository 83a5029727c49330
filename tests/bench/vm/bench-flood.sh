# Benchmark: a denied-connect flood. uid 1000 connects to the protected
# docker.sock stand-in in a tight loop for 10 s (the built-in default policy
# denies it). Measures attempts/s, the daemon's and syslogd's CPU time, the
# daemon's memory, the syslog lines written, and collects the event
# counters the daemon logs when it stops (emitted, dropped, and whatever
# else this build counts); checks that every attempt got EPERM.
. /tests/lib.sh
. /tests/libbench.sh

FLOOD_MS=$(bench_param flood_ms 10000)
DRAIN_S=60
echo "BENCH params flood_ms=$FLOOD_MS"

# The guest's busybox syslogd is built without log rotation, so
# /var/log/messages holds every line (init starts a fresh one per scenario).
syslogd_pid=$(pidof syslogd)

listen unix:/var/run/docker.sock
start_sockfence || finish
sleep 2 # let start-up settle: log lines written, nothing pending
sf=$SF_PID
echo "BENCH rss state=idle kb=$(proc_status "$sf" VmRSS) hwm_kb=$(proc_status "$sf" VmHWM)"

lines() { wc -l </var/log/messages; }
cpu0=$(proc_cpu_ticks "$sf")
slcpu0=$(proc_cpu_ticks "$syslogd_pid")
lines0=$(lines)
t0=$(uptime_ms)
sfbench loop --ms "$FLOOD_MS" --uid "$TEST_UID" --gid "$TEST_UID" \
	flood=unix:/var/run/docker.sock >/tmp/flood.out &
flooder=$!
rss_max=0
while kill -0 $flooder 2>/dev/null; do
	sleep 1
	rss=$(proc_status "$sf" VmRSS)
	[ "${rss:-0}" -gt $rss_max ] && rss_max=$rss
done
wait $flooder
t1=$(uptime_ms)
cpu1=$(proc_cpu_ticks "$sf")
slcpu1=$(proc_cpu_ticks "$syslogd_pid")
lines1=$(lines)
echo "BENCH rss state=flood kb=$rss_max"

# What the daemon and syslogd still had to write when the flood stopped.
prev=-1
now=$lines1
waited=0
while [ "$now" != "$prev" ] && [ $waited -lt $DRAIN_S ]; do
	sleep 1
	waited=$((waited + 1))
	prev=$now
	now=$(lines)
done
t2=$(uptime_ms)
cpu2=$(proc_cpu_ticks "$sf")
hwm=$(proc_status "$sf" VmHWM)
stop_enforcement
counters=$(sed -n 's/.*events: \(.*\)/\1/p' "$SF_LOG" | tail -n 1)
deny_lines=$(grep -c 'sockfence.*verdict=deny' /var/log/messages)
out=$(cat /tmp/flood.out)
echo "BENCH flood $out ms=$((t1 - t0)) clk_tck=100 daemon_ticks=$((cpu1 - cpu0)) syslogd_ticks=$((slcpu1 - slcpu0)) lines_during=$((lines1 - lines0)) drain_ms=$((t2 - t1)) daemon_drain_ticks=$((cpu2 - cpu1)) lines_total=$deny_lines hwm_kb=$hwm"
# "10 emitted by the kernel, 0 dropped (...); syslog: 13 lines written"
# -> "emitted=10 dropped=0 lines=13": each item's number and the word after.
echo "BENCH events $(echo "$counters" | tr ',;' '\n\n' |
	sed -n 's/^[^0-9]*\([0-9][0-9]*\) \([a-z-]*\).*/\2=\1/p' | tr '\n' ' ')"
echo "    daemon: events: $counters"

attempts=$(echo "$out" | sed -n 's/.*ops=\([0-9]*\).*/\1/p')
eperm=$(echo "$out" | sed -n 's/.*EPERM=\([0-9]*\).*/\1/p')
[ -n "$attempts" ] && [ "$attempts" -gt 0 ] || fail "the flood made no attempt: $out"
if [ "$attempts" = "$eperm" ]; then
	pass "all $attempts attempts refused with EPERM"
else
	fail "not every attempt got EPERM: $out"
fi
[ -n "$counters" ] || fail "the daemon did not log its event counters"
finish
