# `sockfence reload FILE` and SIGHUP switch verdicts to the new policy, and
# events name the rule and generation that decided.
. /tests/lib.sh

docker_policy /tmp/allow.yaml allow \
	"{ action: allow, endpoint: docker, uid: 1000 }"
docker_policy /tmp/deny.yaml allow \
	"{ action: allow, endpoint: docker, uid: 0 }" \
	"{ action: deny, endpoint: docker, uid: 1000 }"
listen unix:/var/run/docker.sock
start_sockfence --policy /tmp/allow.yaml || finish
u="--uid $TEST_UID --gid $TEST_UID"
expect ok unix:/var/run/docker.sock $u

run_cli sockfence reload /tmp/deny.yaml
[ "$CLI_RC" -eq 0 ] || fail "reload exited $CLI_RC"
case $CLI_OUT in
*"generation 2 active from /tmp/deny.yaml"*"2 rules (was 1)"*) pass "reload reports generation 2" ;;
*) fail "reload output lacks the new generation" ;;
esac
expect EPERM unix:/var/run/docker.sock $u
pid=$PROBE_PID
wait_for 5 syslog_lines "$pid" || fail "no event for pid $pid"
case $(syslog_lines "$pid") in
*"rule=2 gen=2 "*) pass "event names rule 2, generation 2" ;;
*) fail "event does not name rule 2, generation 2: $(syslog_lines "$pid")" ;;
esac

# SIGHUP reloads the daemon's own file (--policy /tmp/allow.yaml).
kill -HUP "$SF_PID"
wait_for 20 grep -q "generation 3 active from /tmp/allow.yaml" "$SF_LOG" ||
	fail "SIGHUP did not activate generation 3"
expect ok unix:/var/run/docker.sock $u
finish
