# `sockfence unload` is the only way to remove enforcement: it wants --yes
# (or a terminal), then detaches, removes the pins and logs who did it;
# with or without a running daemon.
. /tests/lib.sh

listen unix:/var/run/docker.sock
u="--uid $TEST_UID --gid $TEST_UID"
start_sockfence || finish
run_cli sockfence unload </dev/null
[ "$CLI_RC" -eq 2 ] || fail "unload without --yes exited $CLI_RC, not 2"
expect EPERM unix:/var/run/docker.sock $u

run_cli sockfence unload --yes
[ "$CLI_RC" -eq 0 ] || fail "unload --yes exited $CLI_RC"
wait "$SF_PID" 2>/dev/null
rc=$?
SF_PID=
[ $rc -eq 0 ] || fail "the daemon exited $rc after unload"
expect ok unix:/var/run/docker.sock $u
[ ! -e /sys/fs/bpf/sockfence ] && pass "pins removed" || fail "/sys/fs/bpf/sockfence remains"
wait_for 5 grep -q "enforcement removed (daemon stopped) by uid 0" /var/log/messages ||
	fail "syslog does not say who removed enforcement"
run_cli sockfence status
[ "$CLI_RC" -eq 3 ] || fail "status exited $CLI_RC when not enforcing, not 3"

# Again with no daemon left: the pins alone hold enforcement.
start_sockfence || finish
kill -9 "$SF_PID"
wait "$SF_PID" 2>/dev/null
SF_PID=
expect EPERM unix:/var/run/docker.sock $u
run_cli sockfence unload --yes
[ "$CLI_RC" -eq 0 ] || fail "unload --yes without a daemon exited $CLI_RC"
expect ok unix:/var/run/docker.sock $u
grep -q "enforcement removed (no daemon was running)" /var/log/messages ||
	fail "syslog does not record the removal without a daemon"
run_cli sockfence unload --yes
case $CLI_OUT in
*"nothing to unload"*) pass "a second unload has nothing to do" ;;
*) fail "a second unload did not say there was nothing to unload" ;;
esac
finish
