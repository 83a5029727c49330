# A policy that fails validation changes nothing: the old verdicts hold, the
# CLI exits 1 with file:line:col errors, syslog records the refusal.
. /tests/lib.sh

docker_policy /tmp/good.yaml allow \
	"{ action: deny, endpoint: docker, uid: 1000 }"
docker_policy /tmp/bad.yaml allow \
	"{ acton: deny, endpoint: docker }" \
	"{ action: allow, endpoint: dokcer, uid: 1000 }"
listen unix:/var/run/docker.sock
start_sockfence --policy /tmp/good.yaml || finish
u="--uid $TEST_UID --gid $TEST_UID"
expect EPERM unix:/var/run/docker.sock $u

run_cli sockfence reload /tmp/bad.yaml
[ "$CLI_RC" -eq 1 ] || fail "a bad reload exited $CLI_RC, not 1"
case $CLI_OUT in
*"/tmp/bad.yaml:5:"*"error: unknown key 'acton'"*) pass "names the unknown key with its position" ;;
*) fail "no file:line:col error for the unknown key" ;;
esac
case $CLI_OUT in
*"/tmp/bad.yaml:6:"*"error: unknown endpoint 'dokcer'"*) pass "reports the second error in the same run" ;;
*) fail "the second error is missing" ;;
esac
case $CLI_OUT in
*"generation 1 stays in force"*) pass "says generation 1 stays" ;;
*) fail "does not say the old generation stays" ;;
esac
expect EPERM unix:/var/run/docker.sock $u
expect ok unix:/var/run/docker.sock

# The same through SIGHUP with the daemon's own file broken.
cp /tmp/bad.yaml /tmp/good.yaml
kill -HUP "$SF_PID"
wait_for 20 grep -q "refused" "$SF_LOG" || fail "SIGHUP with a bad file was not refused"
expect EPERM unix:/var/run/docker.sock $u
grep -q "sockfence.*policy from /tmp/bad.yaml refused" /var/log/messages ||
	fail "syslog has no record of the refused reload"
finish
