# systemd readiness (Type=notify): READY=1 is sent only once enforcement is
# attached, so a connect made the instant it arrives is already judged.
. /tests/lib.sh

listen unix:/var/run/docker.sock
sfprobe notify-wait unix:/var/run/docker.sock --socket /tmp/notify.sock \
	--uid "$TEST_UID" --gid "$TEST_UID" >/tmp/notify.out 2>&1 &
waiter=$!
wait_for 5 test -S /tmp/notify.sock || fail "the notify socket did not appear"
NOTIFY_SOCKET=/tmp/notify.sock sockfence run >"$SF_LOG" 2>&1 &
SF_PID=$!
wait $waiter
out=$(cat /tmp/notify.out)
echo "    $out"
case $out in
*"READY=1"*"STATUS=enforcing policy generation 1"*"result=EPERM"*) pass "READY=1 came after attach" ;;
*) fail "readiness came before enforcement, or never: $out" ;;
esac
finish
