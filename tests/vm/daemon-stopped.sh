# Scenario 6: enforcement lasts exactly as long as `sockfence run` does
# (pinning beyond the daemon's life is not built yet).
. /tests/lib.sh

listen unix:/var/run/docker.sock
listen tcp:127.0.0.1:2375
start_sockfence || finish
expect EPERM unix:/var/run/docker.sock --uid "$TEST_UID"
stop_sockfence
grep -q 'events: 1 emitted by the kernel, 0 dropped' "$SF_LOG" ||
	fail "the stop summary does not count the one event: $(tail -n 2 "$SF_LOG")"
expect ok unix:/var/run/docker.sock --uid "$TEST_UID"
expect ok tcp:127.0.0.1:2375 --uid "$TEST_UID"
finish
