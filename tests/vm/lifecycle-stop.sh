# Enforcement is pinned: after SIGTERM and after kill -9 of the daemon, a
# denied connect is still refused, and `status` says so from the pins.
. /tests/lib.sh

listen unix:/var/run/docker.sock
listen tcp:127.0.0.1:2375
start_sockfence || finish
u="--uid $TEST_UID --gid $TEST_UID"
expect EPERM unix:/var/run/docker.sock $u
ls /sys/fs/bpf/sockfence/links /sys/fs/bpf/sockfence/maps | sed 's/^/    /'
run_cli sockfence status
[ "$CLI_RC" -eq 0 ] || fail "status exited $CLI_RC with the daemon running"
case $CLI_OUT in
*"enforcing:   yes, $KERNEL_LINKS links"*"daemon:      running"*"generation 1"*) pass "status: enforcing, daemon running, generation 1" ;;
*) fail "status does not show enforcement and the running daemon" ;;
esac

stop_sockfence
grep -q "stays pinned" "$SF_LOG" || fail "SIGTERM did not say enforcement stays"
expect EPERM unix:/var/run/docker.sock $u
expect EPERM tcp:127.0.0.1:2375 $u
expect ok unix:/var/run/docker.sock
run_cli sockfence status --json
[ "$CLI_RC" -eq 0 ] || fail "status exited $CLI_RC without the daemon"
case $CLI_OUT in
*'"enforcing":true'*'"daemon_running":false'*'"generation":1'*) pass "status --json: enforcing without a daemon" ;;
*) fail "status --json does not show enforcement without a daemon" ;;
esac
case $CLI_OUT in
*'"rules":[{"rule":1,'*'"default_hits":'*) pass "status --json lists rule hit counters" ;;
*) fail "status --json has no rule hit counters" ;;
esac

start_sockfence || finish
grep -q "adopted pinned enforcement (generation 1 was in force); [1-9][0-9]* events were waiting" \
	"$SF_LOG" || fail "the new daemon did not adopt the pins or count the waiting events"
grep -q "enforcing policy generation 2" "$SF_LOG" || fail "the generation count did not go on"
kill -9 "$SF_PID"
wait "$SF_PID" 2>/dev/null
SF_PID=
expect EPERM unix:/var/run/docker.sock $u
expect ok unix:/var/run/docker.sock
finish
