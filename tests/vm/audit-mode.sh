# mode: audit lets a denied connect through and reports it as audit-deny; a
# rule's own mode: enforce still denies.
. /tests/lib.sh

cat >/tmp/audit.yaml <<'YAML'
mode: audit
endpoints:
  docker: { unix: /var/run/docker.sock }
  docker-tcp: { tcp: 2375 }
rules:
  - { action: deny, endpoint: docker-tcp, mode: enforce }
  - { action: allow, endpoint: docker, uid: 0 }
YAML
listen unix:/var/run/docker.sock
listen tcp:127.0.0.1:2375
start_sockfence --policy /tmp/audit.yaml || finish
u="--uid $TEST_UID --gid $TEST_UID"
expect ok unix:/var/run/docker.sock $u
pid=$PROBE_PID
wait_for 5 syslog_lines "$pid" || fail "no event for the audited connect"
case $(syslog_lines "$pid") in
*"notice"*"verdict=audit-deny "*"rule=default"*) pass "reported as audit-deny by the default" ;;
*) fail "not reported as audit-deny: $(syslog_lines "$pid")" ;;
esac
expect EPERM tcp:127.0.0.1:2375 $u
finish
